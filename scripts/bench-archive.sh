#!/usr/bin/env bash
# The archive half of `scripts/bench.sh --large`: a generated archive of ITEMS items (default ten
# million, scripts/gen-archive.py --minimal, about 1.4 GB), then with the release binary:
#   - feedd reindex: time and peak RSS of a full rebuild of the seen-index;
#   - feedd run: time to READY=1 (a notify socket of our own), resident memory then, bytes read;
#   - a cold poll of FEEDS feeds (scripts/farm, nginx) into that archive and into an empty one, one
#     after the other: what ten million archived keys cost the dedup lookups of a cold poll;
#   - the seen-index alone: lookups against Set<SeenKey> (SeenIndexBenchmarks, 10M keys).
#   scripts/bench-archive.sh [FEEDD_BINARY] [--items N] [--feeds N]
set -euo pipefail
cd "$(dirname "$0")/.."

feedd="" items=10000000 feeds=1000 port=18190
while [ $# -gt 0 ]; do
  case $1 in
    --items) items=$2; shift 2 ;;
    --feeds) feeds=$2; shift 2 ;;
    *) feedd=$1; shift ;;
  esac
done
[ -n "$feedd" ] || feedd=$(scripts/build-release.sh)
work=$(mktemp -d /tmp/feedd-bench-archive.XXXXXX)
chmod 755 "$work"
trap 'scripts/farm/serve.sh stop "$work/farm" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== a $items-item archive (scripts/gen-archive.py --minimal)"
python3 scripts/gen-archive.py --state "$work/big" --items "$items" --minimal >/dev/null
size=$(du -sm "$work/big/archive" | cut -f1)
printf 'state_dir = "%s"\n[[feed]]\nurl = "http://127.0.0.1:9/none.xml"\n' "$work/big" >"$work/big.toml"
/usr/bin/time -f "%e %M" -o "$work/time" "$feedd" reindex --config "$work/big.toml" >/dev/null 2>&1
read -r wall rss <"$work/time"
echo "reindex: ${wall} s, peak RSS $((rss / 1024)) MB, archive ${size} MB"

ready() {  # config -> "seconds rss_MB hwm_MB read_MB" once READY=1 arrives
  python3 - "$feedd" "$1" <<'PY'
import os, socket, subprocess, sys, time
sock_path = os.path.join(os.path.dirname(sys.argv[2]), "notify.sock")
if os.path.exists(sock_path): os.unlink(sock_path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sock_path); s.settimeout(600)
start = time.monotonic()
p = subprocess.Popen([sys.argv[1], "run", "--config", sys.argv[2]], env=dict(os.environ, NOTIFY_SOCKET=sock_path),
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while b"READY=1" not in s.recv(4096): pass
elapsed = time.monotonic() - start
status = dict(l.split(":", 1) for l in open(f"/proc/{p.pid}/status").read().splitlines() if ":" in l)
io = dict(l.split(": ") for l in open(f"/proc/{p.pid}/io").read().splitlines())
kb = lambda k: int(status[k].split()[0])
print(f"{elapsed:.3f} {kb('VmRSS') // 1024} {kb('VmHWM') // 1024} {int(io['rchar']) // 1048576}")
p.terminate(); p.wait()
PY
}
read -r seconds rss hwm bytes < <(ready "$work/big.toml")
echo "start: READY=1 after ${seconds} s; resident ${rss} MB (peak ${hwm} MB); ${bytes} MB read of ${size} MB"

echo
echo "== a cold poll of $feeds feeds into the $items-item archive and into an empty one"
python3 scripts/farm/make_farm.py --out "$work/farm" --feeds "$feeds" --port "$port" >/dev/null
scripts/farm/serve.sh start "$work/farm" "$port" >/dev/null
for label in empty big; do
  state=$work/poll-$label
  mkdir -p "$state"
  [ "$label" = big ] && cp -r "$work/big/archive" "$work/big/index" "$state/"
  { echo "state_dir = \"$state\""
    while read -r u; do printf '\n[[feed]]\nurl = "%s"\n' "$u"; done <"$work/farm/urls.txt"; } >"$state/feedd.toml"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time-$label" "$feedd" poll-once --config "$state/feedd.toml" >/dev/null 2>&1 || true
done
read -r ew eu es em <"$work/time-empty"
read -r bw bu bs bm <"$work/time-big"
printf '%-22s %8s %8s %8s\n' archive wall_s cpu_s rss_MB
printf '%-22s %8s %8.2f %8s\n' "empty" "$ew" "$(echo "$eu + $es" | bc)" "$((em / 1024))"
printf '%-22s %8s %8.2f %8s\n' "$items items" "$bw" "$(echo "$bu + $bs" | bc)" "$((bm / 1024))"
echo "cold poll CPU with the big archive / with an empty one: $(echo "scale=2; ($bu + $bs) / ($eu + $es)" | bc)x"

echo
echo "== the seen-index alone: 10M keys, lookups against an in-memory Set (release build)"
FEEDD_BENCH=1 FEEDD_BENCH_KEYS=10000000 swift test -c release -Xswiftc -enable-testing --filter SeenIndexBenchmarks 2>&1 \
  | grep -E '^bench' || echo "(SeenIndexBenchmarks did not run)"
