# SPDX-License-Identifier: MIT
# Sourced by scripts/demo.sh and scripts/test.sh: installs missing Debian packages when root.

# xact_install_deps PACKAGE...: installs the packages dpkg does not report as installed.
xact_install_deps() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "xact: not a Debian-based system; make sure these are installed: $*" >&2
    return 0
  fi
  local missing=() pkg
  for pkg in "$@"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != "installed" ]; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "xact: missing Debian packages: ${missing[*]}" >&2
    echo "xact: run this script as root, or: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  echo "xact: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
}

# Packages every build of xact needs (Debian 12 names).
XACT_DEBIAN_PACKAGES=(cmake make g++ pkg-config libeigen3-dev libxsimd-dev catch2)
# MPFR: the accuracy tool (tools/) and the accuracy tests (tests/accuracy/).
XACT_DEBIAN_PACKAGES+=(libmpfr-dev)

# The sanitizer and fuzz presets: clang 14 and its sanitizer/libFuzzer runtimes.
XACT_CLANG_PACKAGES=(clang clang-14 libclang-rt-14-dev)

xact_jobs() {
  nproc 2>/dev/null || echo 2
}
