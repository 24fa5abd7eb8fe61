#!/usr/bin/env bash
# PAW's one entry point on a Debian 12 machine (run as root, or with sudo available):
#   packaging/setup.sh start [paw options]   install what is missing, build, start PAW
#                                            (the window when a display exists, else `paw serve`)
#   packaging/setup.sh test                  install what is missing, build, run every test (CTest)
#   packaging/setup.sh build                 install what is missing and build
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and run: compiler, Qt 6.4 modules, http-parser (request stream guard), OpenSSL, SQL drivers,
# SQLite's C API (bulk import writes), simdjson (import parsing), RapidJSON (generated resources), libarchive (FHIR package .tgz files
# for the validator), jemalloc (the paw executable's allocator).
BUILD_PACKAGES=(g++ cmake ninja-build pkg-config qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite libqt6sql6-psql libssl-dev
  libhttp-parser-dev libbenchmark-dev libsqlite3-dev libsimdjson-dev rapidjson-dev libarchive-dev libjemalloc-dev libargon2-dev libkainjow-mustache-dev)
# Tests: curl as a real HTTP client in the server tests; Chromium for the browser end-to-end test
# (tests/e2e, driven by playwright-core from npm).
TEST_PACKAGES=(curl chromium)

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

install_packages() {
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing: $missing"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

# Node.js and the browser test's npm packages (pinned by tests/e2e/package-lock.json). Debian's
# nodejs and npm unless a Node.js with npm is already there.
install_e2e() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    install_packages nodejs npm
  fi
  if [ ! -f tests/e2e/node_modules/.package-lock.json ] ||
     [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
  fi
}

build() {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${PAW_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
  cmake --build build -j"$(nproc)"
}

case "${1:-}" in
  start)
    shift
    install_packages "${BUILD_PACKAGES[@]}"
    build
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec build/app/paw "$@"
    else
      exec build/app/paw serve "$@"
    fi
    ;;
  test)
    install_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    install_e2e
    build
    cd build
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j2 --timeout 900
    ;;
  build)
    install_packages "${BUILD_PACKAGES[@]}"
    build
    ;;
  *)
    echo "usage: $0 start|test|build" >&2
    exit 2
    ;;
esac
