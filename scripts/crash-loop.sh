#!/usr/bin/env bash
# Crash-safety drill a person can run: a feed farm that keeps publishing, `feedd run` killed with
# SIGKILL at random moments KILLS times (default 100), then one final poll; the archive must hold
# every unique canonical URL of the farm exactly once, and every line must be JSON.
#   scripts/crash-loop.sh [KILLS] [FEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-100} feeds=${2:-200} port=18095
shared=${FEEDD_SHARED:-}
[ -n "$shared" ] || for c in "$PWD/../shared" /work/shared; do [ -d "$c/bench" ] && { shared=$(cd "$c" && pwd); break; }; done
scripts/install-deps.sh --test
feedd=$(scripts/build-release.sh)
work=$(mktemp -d /tmp/feedd-crash.XXXXXX)
chmod 755 "$work"  # nginx workers (nobody) read the farm in it
trap '"$shared/bench/serve.sh" stop "$work/farm" || true; rm -rf "$work"' EXIT
gen=0
python3 "$shared/bench/gen_farm.py" --out "$work/farm" --feeds "$feeds" --port $port --keep-all >/dev/null
"$shared/bench/serve.sh" start "$work/farm" $port
{ echo "state_dir = \"$work/state\""; printf '[poll]\ninterval = "1s"\nmin_interval = "1s"\njitter = 0\nadaptive = false\n'
  while read -r u; do printf '\n[[feed]]\nurl = "%s"\n' "$u"; done <"$work/farm/urls.txt"; } >"$work/feedd.toml"
for i in $(seq 1 "$kills"); do
  if [ $((i % 5)) -eq 0 ]; then
    gen=$((gen + 1)); python3 "$shared/bench/gen_farm.py" --out "$work/farm" --feeds "$feeds" --port $port --keep-all --gen $gen >/dev/null
  fi
  "$feedd" run --config "$work/feedd.toml" 2>>"$work/stderr" &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
done
"$feedd" poll-once --config "$work/feedd.toml" >/dev/null || true
python3 - "$work/state" "$work/farm" "$kills" <<'PY'
import glob, json, sys
lines = [l for f in sorted(glob.glob(sys.argv[1] + "/archive/*.jsonl")) for l in open(f)]
bad = 0; urls = []
for l in lines:
    try: urls.append(json.loads(l)["canonical_url"])
    except Exception: bad += 1
truth = set(open(sys.argv[2] + "/truth.txt").read().split())
dup = len(urls) - len(set(urls)); missing = len(truth - set(urls)); extra = len(set(urls) - truth)
print(f"kills {sys.argv[3]}, items {len(urls)}, truth {len(truth)}, duplicates {dup}, missing {missing}, extra {extra}, unparseable lines {bad}")
sys.exit(0 if not (dup or missing or extra or bad) else 1)
PY
echo "torn lines repaired: $(grep -c 'torn' "$work/state/ingest.log" || true)"
