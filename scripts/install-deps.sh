#!/usr/bin/env bash
# Installs what feedd needs from Debian's packages: the libcurl, libxml2 and libpq headers to
# build, the Public Suffix List (which sites a canonical URL may speak for), and with --test what
# the test suite uses (nginx, python3, gzip, util-linux, and a PostgreSQL server the shared-store
# tests start themselves), plus, if it can, prometheus (the server and promtool): the metrics
# tests that need it say they were skipped when it could not be installed.
# Skips apt entirely when everything is already there, unless CI=true (CI always refreshes).
set -euo pipefail
packages=(libcurl4-openssl-dev libxml2-dev libpq-dev pkg-config publicsuffix)
optional=()
if [ "${1:-}" = "--test" ]; then
  packages+=(nginx-light curl python3 gzip util-linux libxml2-utils procps time bc postgresql)
  optional+=(prometheus)
fi
missing=()
for p in "${packages[@]}" "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ "${CI:-}" != "true" ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
for p in "${optional[@]}"; do
  if ! $sudo apt-get install -y -qq --no-install-recommends "$p" >/dev/null; then
    echo "install-deps: could not install $p; the tests that need it will be skipped" >&2
  fi
done
