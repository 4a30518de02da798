# Installs the Debian 12 packages chibo needs, when missing. Sourced by scripts/demo and scripts/test.
# shellcheck shell=bash
chibo_packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.74-dev libboost-date-time1.74-dev libboost-graph1.74-dev libboost-locale1.74-dev
  libspdlog-dev libfmt-dev libtomlplusplus-dev libicu-dev libsqlite3-dev libpq-dev libssl-dev libxxhash-dev xxhash valgrind postgresql python3 python3-pip
  catch2 nlohmann-json3-dev libbenchmark-dev chromium python3-websocket
)

chibo_install_deps() {
  local missing=()
  for p in "${chibo_packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# Node.js and the locked npm packages of the DuckDB baseline (benchmarks/duckdb), when missing.
chibo_install_baseline() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    chibo_install_deps nodejs npm
  fi
  local dir=benchmarks/duckdb
  if [ ! -d "$dir/node_modules/@duckdb/node-api" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    echo "installing the DuckDB baseline's npm packages (package-lock.json)"
    # The registry is a network service: without it the agreement test reports itself skipped
    # rather than failing every other test with it.
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) ||
      echo "warning: npm ci failed; the DuckDB baseline test will be skipped" >&2
  fi
}
