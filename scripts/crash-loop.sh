#!/usr/bin/env bash
# Crash-safety drill a person can run: a feed farm (scripts/farm/) that publishes new items
# before every round, `feedd run` killed with SIGKILL KILLS times (default 100), each time at a
# random moment after it has archived something new in that round, then one final poll. The
# archive must hold every unique canonical URL of the farm exactly once, every line must be JSON,
# and every kill must have come after the daemon archived new items (else the kill proved nothing).
#   scripts/crash-loop.sh [KILLS] [FEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-100} feeds=${2:-200}
scripts/install-deps.sh --test
feedd=$(scripts/build-release.sh)
work=$(mktemp -d /tmp/feedd-crash.XXXXXX)
chmod 755 "$work"  # nginx workers (nobody) read the farm in it
trap 'scripts/farm/serve.sh stop "$work/farm" || true; rm -rf "$work"' EXIT
# A port nothing listens on: ask the kernel for one.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
farm() {  # generation
  python3 scripts/farm/make_farm.py --out "$work/farm" --feeds "$feeds" --port "$port" --keep-all \
    --changed 0.3 --gen "$1" >/dev/null
}
farm 0
scripts/farm/serve.sh start "$work/farm" "$port"
{ echo "state_dir = \"$work/state\""; printf '[poll]\ninterval = "1s"\nmin_interval = "1s"\njitter = 0\nadaptive = false\n'
  while read -r u; do printf '\n[[feed]]\nurl = "%s"\n' "$u"; done <"$work/farm/urls.txt"; } >"$work/feedd.toml"
archived() { { cat "$work"/state/archive/*.jsonl 2>/dev/null || true; } | wc -l; }  # 0 before the first segment
idle_kills=0
for i in $(seq 1 "$kills"); do
  [ "$i" -gt 1 ] && farm "$((i - 1))"  # new items for this round
  before=$(archived)
  "$feedd" run --config "$work/feedd.toml" 2>>"$work/stderr" &
  pid=$!
  # Wait (up to 60 s) until this run has archived something, then kill it at a random moment.
  for _ in $(seq 1 1200); do [ "$(archived)" -gt "$before" ] && break; sleep 0.05; done
  [ "$(archived)" -gt "$before" ] || { idle_kills=$((idle_kills + 1)); echo "round $i: nothing archived within 60 s" >&2; }
  sleep "0.$(printf '%03d' $((RANDOM % 500)))"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
done
"$feedd" poll-once --config "$work/feedd.toml" >/dev/null || true
python3 - "$work/state" "$work/farm" "$kills" "$idle_kills" <<'PY'
import glob, json, sys
lines = [l for f in sorted(glob.glob(sys.argv[1] + "/archive/*.jsonl")) for l in open(f)]
bad = 0; urls = []
for l in lines:
    try: urls.append(json.loads(l)["canonical_url"])
    except Exception: bad += 1
truth = set(open(sys.argv[2] + "/truth.txt").read().split())
dup = len(urls) - len(set(urls)); missing = len(truth - set(urls)); extra = len(set(urls) - truth)
idle = int(sys.argv[4])
print(f"kills {sys.argv[3]} ({idle} before anything was archived), items {len(urls)}, truth {len(truth)}, "
      f"duplicates {dup}, missing {missing}, extra {extra}, unparseable lines {bad}")
sys.exit(0 if not (dup or missing or extra or bad or idle) else 1)
PY
echo "torn lines repaired: $(grep -c 'torn' "$work/state/ingest.log" || true)"
