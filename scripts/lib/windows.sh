# Sourced by scripts/dist and scripts/test-windows: the Windows cross-build toolchain
# (rustup's x86_64-pc-windows-gnu target and Debian's mingw-w64), and Wine to run the
# result. Each installs what is missing and says so on stderr.

WINDOWS_TARGET=x86_64-pc-windows-gnu
# The linker and C compiler of the target (rusqlite's bundled SQLite and mimalloc are C);
# these are the defaults of rustc and the cc crate, spelt out.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar

# Runs apt-get install quietly, as root or through sudo.
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The Rust target and the mingw-w64 cross compiler.
ensure_windows_toolchain() {
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WINDOWS_TARGET"; then
    echo "$0: adding the Rust target $WINDOWS_TARGET" >&2
    rustup target add "$WINDOWS_TARGET" >&2
  fi
  if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    echo "$0: installing mingw-w64 (the Windows cross compiler)" >&2
    apt_install mingw-w64
  fi
}

# Wine (64-bit only; Debian's wine64 puts its loader in /usr/lib/wine). Sets WINE; fails
# quietly (status 1) when Wine cannot be installed.
ensure_wine() {
  WINE=""
  local candidate
  for candidate in wine64 /usr/lib/wine/wine64 wine; do
    if command -v "$candidate" >/dev/null 2>&1; then
      WINE=$(command -v "$candidate")
      return 0
    fi
  done
  echo "$0: installing wine64" >&2
  apt_install wine64 >&2 || return 1
  for candidate in wine64 /usr/lib/wine/wine64 wine; do
    if command -v "$candidate" >/dev/null 2>&1; then
      WINE=$(command -v "$candidate")
      return 0
    fi
  done
  return 1
}
