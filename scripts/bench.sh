#!/usr/bin/env bash
# feedd's benchmark, one command: builds in release mode, then on feed farms served by nginx on
# loopback measures
#   1. feedd side by side with sfeed and newsboat (cold and warm poll), same farm, same run,
#      through ../shared/bench/compare.sh, with the ratios;
#   2. feedd's cold, warm and update poll (after gen_farm.py --gen 1) on the 1000- and
#      10,000-feed farms: wall, CPU, peak RSS, and the archive checked against truth.txt;
#   3. parsing alone, against xmllint and feedparser; article extraction against lxml and
#      trafilatura (scripts/bench-extract.sh);
#   4. a cold poll on the local archive and on PostgreSQL (one node, a server started here),
#      alternated three times on the same farm, with the ratio of the medians.
#   scripts/bench.sh [--feeds 1000] [--big 10000] [--hosts 4] [--peers "sfeed newsboat"] [--no-peers]
#                    [--binary PATH] [--baseline BINARY] [--no-postgres] [--only-postgres]
# --binary measures that feedd instead of building one (scripts/build-release.sh); --baseline
# runs another feedd build (say main's) beside it on the same farms, in the same run: on a
# machine shared with other builds, only figures taken together compare.
#
#   scripts/bench.sh --large [--binary PATH] [--baseline BINARY]
# instead measures the scale the daemon is built for: 10,000- and 100,000-feed farms of small
# feeds (gen_farm.py --items 5) over 4 loopback hosts, side by side: config load (check-config:
# a [[feed]] per feed in TOML, and the same list as feeds_file), cold and warm poll-once (wall,
# CPU, peak RSS; the cold archive checked against truth.txt). Generating the 100,000-feed farm
# takes minutes: with FEEDD_BENCH_FARMS=DIR farms are kept there and reused. Then the archive at
# years of history (scripts/bench-archive.sh): ten million items, reindex, start, a cold poll.
#
# --no-postgres leaves out part 4; --only-postgres runs part 4 alone.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
feeds=1000 big=10000 hosts=4 peers="sfeed newsboat" port=18090 binary="" large=0 baseline="" postgres=yes only_postgres=no
while [ $# -gt 0 ]; do
  case $1 in
    --feeds) feeds=$2; shift 2 ;;
    --big) big=$2; shift 2 ;;
    --hosts) hosts=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --no-peers) peers=""; shift ;;
    --no-postgres) postgres=no; shift ;;
    --only-postgres) only_postgres=yes; peers=""; shift ;;
    --binary) binary=$(realpath "$2"); shift 2 ;;
    --large) large=1; shift ;;
    --baseline) baseline=$(realpath "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$large" = 1 ] && peers=""
# The benchmark runs on the shared reference farm (gen_farm.py, compare.sh), so its figures
# compare with the published ones: ../shared beside the repository, or FEEDD_SHARED.
shared=${FEEDD_SHARED:-$root/../shared}
[ -d "$shared/bench" ] || { echo "bench.sh: no shared bench material at $shared/bench; set FEEDD_SHARED to the shared/ directory" >&2; exit 1; }
shared=$(cd "$shared" && pwd)

scripts/install-deps.sh --test
need() { command -v "$1" >/dev/null || { apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }; }
for p in $peers; do need "$([ "$p" = sfeed ] && echo sfeed_update || echo "$p")" "$p"; done
need sqlite3 sqlite3
if [ -n "$binary" ]; then
  feedd=$binary
else
  feedd=$(scripts/build-release.sh)
fi
work=$(mktemp -d /tmp/feedd-bench.XXXXXX)
chmod 755 "$work"  # nginx workers (nobody) read the farms in it
trap 'for f in "$work"/farm-* "$work"/pgfarm; do [ -d "$f" ] && "$shared/bench/serve.sh" stop "$f"; done
      [ -d "$work/pg" ] && scripts/pg-server.sh stop "$work/pg"; rm -rf "$work"' EXIT

# The config every farm run polls with, written here only. Farms span 127.0.0.1..127.0.0.$hosts,
# and each feed URL names its literal address, which the address policy lets a configured URL
# reach; should a farm ever need [http] allow_networks, it belongs in http_section, and nowhere else.
http_section() { printf '[http]\n'; }
write_config() {  # STATE FARM toml|list: $STATE/feedd.toml, a [[feed]] per feed or feeds_file = feeds.txt
  local state=$1 farm=$2 format=$3
  mkdir -p "$state"
  {
    echo "state_dir = \"$state\""
    if [ "$format" = list ]; then cp "$farm/urls.txt" "$state/feeds.txt"; echo 'feeds_file = "feeds.txt"'; fi
    http_section
    if [ "$format" = toml ]; then awk '{printf "\n[[feed]]\nurl = \"%s\"\n", $0}' "$farm/urls.txt"; fi
  } >"$state/feedd.toml"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

local_vs_postgres() {  # feeds: cold polls alternated between the local archive and PostgreSQL
  local n=$1 farm=$work/pgfarm fport pgport uri
  fport=$(free_port); pgport=$(free_port)
  python3 "$shared/bench/gen_farm.py" --out "$farm" --feeds "$n" --port "$fport" >/dev/null
  "$shared/bench/serve.sh" start "$farm" "$fport"
  uri=$(scripts/pg-server.sh start "$work/pg" "$pgport")
  local admin=(psql -X -q -h 127.0.0.1 -p "$pgport" -U feedd -d postgres)
  [ "$(id -u)" -eq 0 ] && admin=(runuser -u postgres -- "${admin[@]}")
  echo "== cold poll of the $n-feed farm, one node: local archive vs PostgreSQL ($uri, default settings)"
  printf '%-10s %8s %8s %8s  %s\n' store wall_s cpu_s rss_MB archive
  : >"$work/pg-results"
  for run in 1 2 3; do
    local state=$work/pg-local-$run
    write_config "$state" "$farm" toml
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$feedd" poll-once --config "$state/feedd.toml" >/dev/null 2>&1 || true
    read -r wall user sys rss <"$work/time"
    printf '%-10s %8s %8.2f %8s  %s items, exactly truth: %s\n' "local" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" \
      "$(archived "$state")" "$(matches_truth "$state" "$farm")"
    echo "local $wall" >>"$work/pg-results"
    "${admin[@]}" -c "DROP DATABASE IF EXISTS feedd" -c "CREATE DATABASE feedd"
    state=$work/pg-shared-$run
    write_config "$state" "$farm" toml
    printf '\n[archive]\nstore = "%s"\n' "$uri" >>"$state/feedd.toml"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$feedd" poll-once --config "$state/feedd.toml" >/dev/null 2>&1 || true
    read -r wall user sys rss <"$work/time"
    "$feedd" export --config "$state/feedd.toml" >"$state/export.jsonl"
    local check
    check=$(python3 - "$state/export.jsonl" "$farm/truth.txt" <<'PY'
import json, sys
urls = [json.loads(l)["canonical_url"] for l in open(sys.argv[1])]
truth = open(sys.argv[2]).read().split()
print(f"{len(urls)} items, exactly truth: " + ("yes" if len(urls) == len(set(urls)) and set(urls) == set(truth) else "NO"))
PY
)
    printf '%-10s %8s %8.2f %8s  %s\n' "postgresql" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$check"
    echo "postgresql $wall" >>"$work/pg-results"
  done
  python3 - "$work/pg-results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    store, wall = line.split()
    runs.setdefault(store, []).append(float(wall))
local, shared = statistics.median(runs["local"]), statistics.median(runs["postgresql"])
print(f"median cold poll: local {local:.2f} s, PostgreSQL {shared:.2f} s: {shared / local:.2f}x")
PY
  scripts/pg-server.sh stop "$work/pg"
  "$shared/bench/serve.sh" stop "$farm"
  echo
}

measure() {  # label command... ; appends "label wall cpu rssMB" to $work/results
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/$label.out" 2>&1 || true
  read -r wall user sys rss <"$work/time"
  printf '%s %s %.2f %s\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" >>"$work/results"
}
archived() { cat "$1"/archive/*.jsonl 2>/dev/null | wc -l; }
matches_truth() {  # state farm -> "yes" when the archive's canonical URLs are exactly truth.txt, once each
  python3 - "$1" "$2" <<'PY'
import glob, json, sys
urls = [json.loads(l)["canonical_url"] for f in sorted(glob.glob(sys.argv[1] + "/archive/*.jsonl")) for l in open(f)]
truth = open(sys.argv[2] + "/truth.txt").read().split()
dup = len(urls) - len(set(urls))
missing = len(set(truth) - set(urls)); extra = len(set(urls) - set(truth))
print("yes" if not dup and not missing and not extra else f"NO (dup {dup}, missing {missing}, extra {extra})")
PY
}

if [ "$only_postgres" = yes ]; then
  local_vs_postgres "$feeds"
  exit 0
fi

if [ "$large" = 1 ]; then
  source scripts/bench-large.sh
  exit 0
fi

if [ -n "$peers" ]; then
  echo "== side by side: feedd and $peers on the $feeds-feed farm (compare.sh)"
  FARM=$work/compare-farm "$shared/bench/compare.sh" --feeds "$feeds" --tools "feedd $peers" --port $((port - 1)) \
    --feedd "$feedd poll-once --config \$STATE/feedd.toml >/dev/null"
  if [ -n "$baseline" ]; then
    echo "-- the baseline ($baseline), right after, on the same farm"
    FARM=$work/compare-farm "$shared/bench/compare.sh" --feeds "$feeds" --tools feedd --port $((port - 1)) \
      --feedd "$baseline poll-once --config \$STATE/feedd.toml >/dev/null"
  fi
  echo
fi

run_farm() {  # feeds hosts
  local n=$1 h=$2 farm=$work/farm-$1 state=$work/state-$1 p=$((port + ${#1}))
  python3 "$shared/bench/gen_farm.py" --out "$farm" --feeds "$n" --hosts "$h" --port "$p" >/dev/null
  "$shared/bench/serve.sh" start "$farm" "$p" "$h"
  write_config "$state" "$farm" toml
  local bytes; bytes=$(python3 -c "import json;print(json.load(open('$farm/stats.json'))['bytes']//1000000)")
  echo "== feedd on the $n-feed farm ($bytes MB, $h loopback hosts, $(wc -l <"$farm/truth.txt") unique canonical URLs)"
  measure "cold-$n" "$feedd" poll-once --config "$state/feedd.toml"
  local cold_items; cold_items=$(archived "$state"); local cold_truth; cold_truth=$(matches_truth "$state" "$farm")
  measure "warm-$n" "$feedd" poll-once --config "$state/feedd.toml"
  local warm_items; warm_items=$(archived "$state")
  if [ -n "$baseline" ]; then
    write_config "$state-baseline" "$farm" toml
    measure "basecold-$n" "$baseline" poll-once --config "$state-baseline/feedd.toml"
    measure "basewarm-$n" "$baseline" poll-once --config "$state-baseline/feedd.toml"
  fi
  python3 "$shared/bench/gen_farm.py" --out "$farm" --feeds "$n" --hosts "$h" --port "$p" --gen 1 >/dev/null
  measure "update-$n" "$feedd" poll-once --config "$state/feedd.toml"
  local update_items; update_items=$(archived "$state"); local update_truth; update_truth=$(matches_truth "$state" "$farm")
  printf '%-8s %8s %8s %8s  %s\n' phase wall_s cpu_s rss_MB archive
  while read -r label wall cpu rss; do
    case $label in
      cold-$n) printf '%-8s %8s %8s %8s  %s items, exactly truth: %s\n' cold "$wall" "$cpu" "$rss" "$cold_items" "$cold_truth" ;;
      warm-$n) printf '%-8s %8s %8s %8s  %s items (%s new)\n' warm "$wall" "$cpu" "$rss" "$warm_items" "$((warm_items - cold_items))" ;;
      update-$n) printf '%-8s %8s %8s %8s  %s items (%s new), exactly truth: %s\n' update "$wall" "$cpu" "$rss" "$update_items" "$((update_items - warm_items))" "$update_truth" ;;
      basecold-$n) printf '%-8s %8s %8s %8s  the baseline, same farm\n' "base cold" "$wall" "$cpu" "$rss" ;;
      basewarm-$n) printf '%-8s %8s %8s %8s  the baseline\n' "base warm" "$wall" "$cpu" "$rss" ;;
    esac
  done < <(grep -E "^(cold|warm|update|basecold|basewarm)-$n " "$work/results")
  "$shared/bench/serve.sh" stop "$farm"
  echo
}

run_farm "$feeds" 1
[ "$big" -gt 0 ] && run_farm "$big" "$hosts"
[ "$postgres" = yes ] && local_vs_postgres "$feeds"

echo "== parse only, the $feeds-feed farm's files: feedd vs xmllint --stream (the libxml2 floor) and Python feedparser"
files=("$work/farm-$feeds"/feeds/*.xml)
timed() {  # label command... -> "label seconds_wall seconds_cpu"
  local label=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$work/t-$label" "$@" >/dev/null 2>&1 || true
  read -r w u s <"$work/t-$label"; printf '%s %s %.2f\n' "$label" "$w" "$(echo "$u + $s" | bc)"
}
python3 -c "import feedparser" 2>/dev/null || pip install -q feedparser==6.0.11 >/dev/null 2>&1 || true
{
  timed xmllint xmllint --stream --noout "${files[@]}"
  timed feedd "$feedd" parse --stats "${files[@]}"
  timed feedd+text "$feedd" parse --stats --plain-text "${files[@]}"
  if python3 -c "import feedparser" 2>/dev/null; then
    timed feedparser python3 -c 'import sys, feedparser; [feedparser.parse(open(f, "rb").read()) for f in sys.argv[1:]]' "${files[@]}"
  fi
} >"$work/parse"
read -r _ xw xc < <(grep '^xmllint ' "$work/parse")
printf '%-12s %8s %8s %10s\n' parser wall_s cpu_s vs_xmllint
while read -r label w c; do
  printf '%-12s %8s %8s %9sx\n' "$label" "$w" "$c" "$(echo "scale=2; $w / $xw" | bc)"
done <"$work/parse"

echo
scripts/bench-extract.sh "$feedd"
