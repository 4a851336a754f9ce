# Shared by scripts/run and scripts/test: install what a fresh Debian/Ubuntu machine lacks.

# ensure_apt PACKAGE...: installs the Debian packages that are not installed yet,
# as root or through sudo; otherwise says exactly what to run and stops.
ensure_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing missing system packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo="sudo"
        else
            echo "error: these packages are needed: ${missing[*]}" >&2
            echo "Run: sudo apt-get install -y ${missing[*]}   and then run this command again." >&2
            exit 1
        fi
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# ensure_rust: a Rust toolchain new enough for the workspace (rust-version in Cargo.toml),
# with rustfmt and clippy; installed or updated through rustup when missing.
ensure_rust() {
    [ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
    if ! command -v cargo >/dev/null; then
        echo "Installing Rust with rustup (stable toolchain)…"
        ensure_apt curl ca-certificates
        if ! curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy; then
            echo "error: could not install Rust. Install it from https://rustup.rs and run this command again." >&2
            exit 1
        fi
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    local need have
    need=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
    have=$(rustc --version | cut -d' ' -f2)
    if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" != "$need" ]; then
        if command -v rustup >/dev/null; then
            rustup update stable
        else
            echo "error: Rust $have is older than the $need this project needs. Update it (rustup update stable) and run this command again." >&2
            exit 1
        fi
    fi
    for component in rustfmt clippy; do
        if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
            command -v rustup >/dev/null && rustup component add "$component"
        fi
    done
}

# What building and running need: gcc for the bundled SQLite, and the default fonts.
SYSTEM_PACKAGES=(gcc libc6-dev pkg-config fonts-liberation2 fonts-dejavu-core)
# What the desktop app (Tauri 2 on WebKitGTK) needs to build and run.
DESKTOP_PACKAGES=(build-essential file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev)
# What the tests use: pdftotext, pdfinfo, pdftoppm (poppler) and qpdf to check PDFs;
# WebKitWebDriver and a virtual X server to drive the desktop app end to end;
# glibc's locale sources, for the British locale the end-to-end tests run the app in;
# Python's GTK bindings, for scripts/drag-file.py (a file dragged onto the app).
TEST_PACKAGES=(poppler-utils qpdf webkit2gtk-driver xvfb xauth dbus-daemon locales python3-gi gir1.2-gtk-3.0)

# The Node.js the UI build needs (Vite 7: 20.19 or newer).
NODE_MIN=20.19.0

# ensure_node: checks Node.js and npm; Debian 12's own nodejs (18) is too old.
ensure_node() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        echo "error: Node.js $NODE_MIN or newer (with npm) is needed to build the app's window." >&2
        echo "Install Node.js 20 or 22 (https://nodejs.org or your package manager) and run this command again." >&2
        exit 1
    fi
    local have
    have=$(node --version | tr -d v)
    if [ "$(printf '%s\n%s\n' "$NODE_MIN" "$have" | sort -V | head -n 1)" != "$NODE_MIN" ]; then
        echo "error: Node.js $have is older than the $NODE_MIN the UI build needs. Install Node.js 20.19+ or 22 and run this command again." >&2
        exit 1
    fi
}

# build_ui: installs the UI's npm packages (exactly as locked) when they changed,
# and builds ui/dist, which the desktop binary embeds. Skipped when ui/dist is
# newer than every UI source: a rebuilt dist makes cargo rebuild and relink the
# desktop binary (about a minute in release), so an unchanged UI starts at once.
build_ui() {
    ensure_node
    if [ -f ui/dist/index.html ] && [ -d ui/node_modules ] && [ -z "$(find ui/src ui/index.html ui/package.json \
        ui/package-lock.json ui/svelte.config.js ui/tsconfig.json ui/vite.config.ts \
        -newer ui/dist/index.html -print -quit)" ]; then
        return 0
    fi
    if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
        echo "Installing the UI's npm packages…"
        # Not `npm ci`: npm 11 leaves other platforms' optional packages (rollup's
        # native builds) out of the lock file and then refuses it as out of sync.
        # `install --no-save` still takes the locked versions and writes nothing.
        npm install --prefix ui --no-save --no-audit --no-fund --loglevel=error
    fi
    npm --prefix ui run --silent build -- --logLevel warn
}

# ensure_tauri_driver: the WebDriver bridge the end-to-end tests use, built once
# into target/tools (kept between runs, like the rest of target/).
TAURI_DRIVER_VERSION=2.1.0
ensure_tauri_driver() {
    local bin=target/tools/bin/tauri-driver
    if [ -x "$bin" ] && "$bin" --help >/dev/null 2>&1; then
        return 0
    fi
    echo "Installing tauri-driver $TAURI_DRIVER_VERSION (once)…"
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --root target/tools --quiet
}
