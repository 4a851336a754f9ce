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
# What the tests use to check the PDFs: pdftotext, pdfinfo, pdftoppm (poppler) and qpdf.
TEST_PACKAGES=(poppler-utils qpdf)
