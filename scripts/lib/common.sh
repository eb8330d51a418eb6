# Shared by scripts/demo and scripts/test. Sourced, not run.
# shellcheck shell=bash

OPSDESK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian 12 packages the build, the tests and the demo need, installed without recommendations:
# whatever is needed is named here (libqt6opengl6-dev, say, holds Qt6OpenGLConfig.cmake, which
# Qt6Charts needs, and is only a recommendation of qt6-charts-dev). scripts/fresh-check proves the
# list in a bare Debian 12 root. Only real package names: a virtual one (postgresql-contrib-15 is
# provided by postgresql-15, which carries pg_trgm) never shows as installed and would make every
# run call apt-get — which may upgrade a running PostgreSQL.
OPSDESK_PACKAGES=(
  g++ cmake ninja-build ccache pkg-config git openssl ca-certificates
  libboost1.81-dev libboost-json1.81-dev libpqxx-dev libssl-dev
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n libgl-dev libqrencode-dev
  postgresql-15 postgresql-client-15
  fonts-noto-cjk curl
  nginx  # tests/server/tst_feed_nginx.cpp runs its own unprivileged instance; no service needed
  libvips-dev  # product images: checked, decoded and thumbnailed by libvips (server/catalog)
  libxml2-dev  # camt bank statements (ISO 20022 XML) streamed by libxml2's reader (server/finance)
  # tests/csv: the CSV reader's fuzz target is built by clang with libFuzzer (its runtime is in
  # libclang-rt-14-dev), and ctest runs it briefly; nodejs for npm, below
  clang-14 libclang-rt-14-dev nodejs
)
# tests/csv: npm fetches the csv-spectrum test data (pinned in tests/csv/package-lock.json) at
# test time. Debian's nodejs has npm in a package of its own; a Node.js installed from elsewhere
# brings its own npm and conflicts with Debian's, so npm is asked for only when there is none.
command -v npm >/dev/null 2>&1 || OPSDESK_PACKAGES+=(npm)

# What the benchmarks (bench/*) need besides: the load generator (wrk), the Node.js peers
# (Debian's nodejs 18, and npm unless the Node.js installed brings its own; the peers' packages
# come from the npm registry through `npm ci`), jq and python3 for their reports, procps and
# util-linux (setsid) for their processes. Their --profile options add linux-perf.
OPSDESK_BENCH_PACKAGES=(wrk jq nodejs procps python3 util-linux)

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs "$@" and says how long it took (under its first word), keeping its exit code.
timed() {
  local started=$SECONDS rc=0
  "$@" || rc=$?
  local took=$((SECONDS - started))
  log "$1: $((took / 60))m$((took % 60))s"
  return "$rc"
}

# A loopback TCP port nothing listens on (a fresh choice; the caller binds it soon after).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(shuf -i 20000-60999 -n 1)
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  die "no free loopback port found"
}

# Installs whatever of "$@" is missing; says nothing when all are present.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing ${missing[*]}"
  # 75 (EX_TEMPFAIL): the archive cannot be reached, which .ci/run tells apart from a failure.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null ||
    { printf 'error: apt-get update failed: the Debian archive cannot be reached\n' >&2; exit 75; }
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || die "apt-get install failed for: ${missing[*]}"
}

# Configures (first time) and builds the given preset: everything, or only the targets named
# after it (the demo needs three programs, not the test suites).
build_preset() {
  local preset=$1
  shift
  cd "$OPSDESK_ROOT" || die "no project root"
  if [ ! -f "build/$preset/build.ninja" ]; then
    log "configuring ($preset)"
    cmake --preset "$preset" >/dev/null || die "cmake configure failed"
  fi
  log "building ($preset)"
  local targets=()
  [ $# -gt 0 ] && targets=(--target "$@")
  cmake --build --preset "$preset" "${targets[@]}" -- -j"$(nproc)" || die "build failed"
}
