#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for benchmarks and trying feedd on a shared store.
#   scripts/pg-server.sh start DIR [PORT]   # initdb into DIR/data (once), start on 127.0.0.1:PORT, print the URI
#   scripts/pg-server.sh stop DIR
# Needs Debian's postgresql package (scripts/install-deps.sh --test installs it). As root, the
# server runs as the postgres user: PostgreSQL refuses to run as root. Trust authentication on
# loopback only, database "feedd", user "feedd".
set -euo pipefail
cmd=$1 dir=$2 port=${3:-15432}
bin=${FEEDD_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case $cmd in
start)
  if [ ! -d "$dir/data" ]; then
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U feedd --auth=trust -E UTF8 --locale=C >/dev/null
  fi
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
  "${as_owner[@]}" "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U feedd -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'feedd'" | grep -q 1 \
    || "${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U feedd feedd
  echo "postgresql://feedd@127.0.0.1:$port/feedd" ;;
stop)
  [ -f "$dir/data/postmaster.pid" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; exit 0 ;;
*) echo "usage: pg-server.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
