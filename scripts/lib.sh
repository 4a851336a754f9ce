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

# ensure_rust: the Rust toolchain (cargo, rustfmt, clippy) must be there already.
ensure_rust() {
    if ! command -v cargo >/dev/null; then
        echo "error: Rust is not installed. Install it from https://rustup.rs (rustup, stable toolchain) and run this command again." >&2
        exit 1
    fi
}

# The system packages the build and the tests need (bundled SQLite is compiled with gcc).
SYSTEM_PACKAGES=(gcc libc6-dev pkg-config)
