#!/usr/bin/env bash
# What `[metrics] listen` costs the daemon. Runs `feedd run` (release build) over a feed farm on
# nginx until every feed was polled once, three ways: metrics off; metrics on, scraped every
# half second meanwhile; and, with --baseline BINARY, another feedd (one built without the
# metrics module) as the reference for "off". Prints the first pass's wall and CPU time, peak
# RSS (VmHWM), RSS at the end (anonymous memory, file pages, and of those the binary's own), the
# number of scrapes and their mean/longest time in ms.
#   scripts/bench-metrics.sh [--feeds 10000] [--hosts 4] [--baseline /path/to/feedd] [--binary /path/to/feedd]
# --binary measures that feedd instead of building this tree's release build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
feeds=10000 hosts=4 baseline="" binary=""
while [ $# -gt 0 ]; do
  case $1 in
    --feeds) feeds=$2; shift 2 ;;
    --hosts) hosts=$2; shift 2 ;;
    --baseline) baseline=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --binary) binary=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
shared=${FEEDD_SHARED:-}
[ -n "$shared" ] || for c in "$root/../shared"; do [ -d "$c/bench" ] && { shared=$(cd "$c" && pwd); break; }; done
[ -d "$shared/bench" ] || { echo "shared/bench not found; set FEEDD_SHARED" >&2; exit 1; }

scripts/install-deps.sh --test
feedd=$binary
if [ -z "$feedd" ]; then
  swift build -c release --product feedd 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
  feedd=$root/.build/release/feedd
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d /tmp/feedd-bench-metrics.XXXXXX)
chmod 755 "$work"  # nginx workers (nobody) read the farm in it
farm=$work/farm
trap '"$shared/bench/serve.sh" stop "$farm" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(free_port)
python3 "$shared/bench/gen_farm.py" --out "$farm" --feeds "$feeds" --hosts "$hosts" --port "$port" >/dev/null
"$shared/bench/serve.sh" start "$farm" "$port" "$hosts"
ticks=$(getconf CLK_TCK)

run() {  # label binary metrics(on|off)
  local label=$1 binary=$2 metrics=$3 state=$work/state-$1 mport=""
  mkdir -p "$state"
  [ "$metrics" = on ] && mport=$(free_port)
  { echo "state_dir = \"$state\""
    [ "$metrics" = on ] && printf '[metrics]\nlisten = "127.0.0.1:%s"\n' "$mport"
    # One pass: nothing falls due again, failures included, while the pass is measured.
    printf '[poll]\ninterval = "1d"\nmin_interval = "1d"\nretry_delay = "1d"\nmax_retry_delay = "1d"\n'
    while read -r u; do printf '\n[[feed]]\nurl = "%s"\n' "$u"; done <"$farm/urls.txt"; } >"$state/feedd.toml"
  local started; started=$(date +%s.%N)
  "$binary" run --config "$state/feedd.toml" 2>"$work/$label.err" &
  local pid=$! scrapes=0 done=0
  while kill -0 "$pid" 2>/dev/null; do
    done=$(grep -cE ' (polled|failed|gone) ' "$state/ingest.log" 2>/dev/null || true)
    [ "${done:-0}" -ge "$feeds" ] && break
    if [ "$metrics" = on ] && curl -s -o /dev/null --max-time 5 -w '%{time_total}\n' "http://127.0.0.1:$mport/metrics" >>"$work/$label.times"; then
      scrapes=$((scrapes + 1))
    fi
    sleep 0.5
  done
  local finished; finished=$(date +%s.%N)
  [ "$metrics" = on ] && curl -s --max-time 5 "http://127.0.0.1:$mport/metrics" >"$work/$label.scrape" && scrapes=$((scrapes + 1))
  local hwm rss cpu own anon file
  # The binary's own resident pages (code, metadata, relocated data): what linking more code costs.
  own=$(awk -v bin="$(readlink -f "$binary")" '/^[0-9a-f]+-[0-9a-f]+ / {mine = ($6 == bin)} /^Rss:/ && mine {kb += $2} END {printf "%.1f", kb / 1024}' "/proc/$pid/smaps")
  hwm=$(awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
  rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  anon=$(awk '/^RssAnon/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")
  file=$(awk '/^RssFile/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")
  cpu=$(awk -v t="$ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$pid/stat")
  kill -TERM "$pid"; wait "$pid" || true
  local scrape_ms="-"
  [ -s "$work/$label.times" ] && scrape_ms=$(awk '{t += $1; if ($1 > m) m = $1} END {printf "%.1f/%.1f", 1000 * t / NR, 1000 * m}' "$work/$label.times")
  printf '%-14s %7.2f %7s %8s %8s %8s %8s %8s %8s %11s  %s lines\n' "$label" "$(echo "$finished - $started" | bc)" "$cpu" "$hwm" "$rss" \
    "$anon" "$file" "$own" "$scrapes" "$scrape_ms" "$(cat "$state"/archive/*.jsonl | wc -l)"
}

echo "== feedd run, first pass over the $feeds-feed farm ($hosts loopback hosts)"
printf '%-14s %7s %7s %8s %8s %8s %8s %8s %8s %11s  %s\n' run wall_s cpu_s peak_MB end_MB anon_MB file_MB bin_MB scrapes scrape_ms archive
[ -n "$baseline" ] && run baseline "$baseline" off
run metrics-off "$feedd" off
run metrics-on "$feedd" on
[ -f "$work/metrics-on.scrape" ] && grep -E '^(feedd_items_archived_total|feedd_archive_items|process_resident_memory_bytes) ' "$work/metrics-on.scrape"
ls -l "$feedd" | awk '{print "release binary: " $5 " bytes"}'
[ -n "$baseline" ] && ls -l "$baseline" | awk '{print "baseline binary: " $5 " bytes"}'
exit 0
