# scripts/bench.sh --large, sourced by bench.sh (it needs its $feedd, $baseline, $shared, $work,
# $hosts and its measure, archived, matches_truth and write_config). Measures feedd at scale:
# 10,000 and 100,000 small feeds (gen_farm.py --items 5) over $hosts loopback hosts, each farm
# polled cold then warm with its list as feeds_file, after timing check-config on the same list
# as TOML and as feeds_file. With --baseline, the baseline build does the same with the TOML
# config (a baseline may predate feeds_file), in the same run, on the same farm.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

large_farm() {  # N -> the farm's directory (generated, or reused from $FEEDD_BENCH_FARMS), its port in DIR/.port
  local n=$1 dir
  if [ -n "${FEEDD_BENCH_FARMS:-}" ]; then
    mkdir -p "$FEEDD_BENCH_FARMS"; chmod 755 "$FEEDD_BENCH_FARMS"
    dir=$(cd "$FEEDD_BENCH_FARMS" && pwd)/farm-$n-items5-hosts$hosts
  else
    dir=$work/farm-large-$n
  fi
  if ! [ -f "$dir/stats.json" ] || ! [ -f "$dir/.port" ] || [ "$(wc -l <"$dir/urls.txt")" != "$n" ]; then
    rm -rf "$dir"
    local p; p=$(free_port)
    echo "-- generating the $n-feed farm in $dir (port $p)" >&2
    python3 "$shared/bench/gen_farm.py" --out "$dir" --feeds "$n" --items 5 --hosts "$hosts" --port "$p" >/dev/null
    echo "$p" >"$dir/.port"
  fi
  # Under $work/farm-* bench.sh's exit trap stops its nginx, wherever the farm lives.
  [ -e "$work/farm-large-$n" ] || ln -s "$dir" "$work/farm-large-$n"
  echo "$dir"
}

results_for() {  # LABEL -> "wall cpu rss" from $work/results
  grep -E "^$1 " "$work/results" | tail -1 | cut -d' ' -f2-
}

# The share of a warm poll's CPU spent in the schedule: one more warm poll under perf, counting
# the samples with a Schedule frame on their stack. (valgrind 3.19, Debian 12's, stops with an
# internal error on any Swift program with an async main, so callgrind cannot count it here.)
schedule_share() {  # WHO BINARY CONFIG -> appends "WHO share" to $work/shares
  perf record -q -g -o "$work/perf.data" "$2" poll-once --config "$3" >/dev/null 2>&1 || return 0
  perf script -i "$work/perf.data" -F comm,tid,ip,sym 2>/dev/null | python3 -c '
import sys
samples = scheduling = 0
inside = False
for line in sys.stdin:
    if not line.strip():
        continue
    if not line[0].isspace():
        samples += 1
        inside = False
    elif not inside and "8ScheduleV" in line:
        inside = True
        scheduling += 1
print(f"{100 * scheduling / max(samples, 1):.1f} % of {samples} samples")' | sed "s/^/$1 /" >>"$work/shares"
  rm -f "$work/perf.data"
}

echo "== feedd at scale: 10,000 and 100,000 feeds of 5 items over $hosts loopback hosts"
for n in 10000 100000; do
  farm=$(large_farm "$n")
  "$shared/bench/serve.sh" start "$farm" "$(cat "$farm/.port")" "$hosts"
  write_config "$work/large-$n-toml" "$farm" toml
  write_config "$work/large-$n" "$farm" list
  measure "load-toml-$n" "$feedd" check-config "$work/large-$n-toml/feedd.toml"
  measure "load-list-$n" "$feedd" check-config "$work/large-$n/feedd.toml"
  measure "cold-$n" "$feedd" poll-once --config "$work/large-$n/feedd.toml"
  echo "$(archived "$work/large-$n") $(matches_truth "$work/large-$n" "$farm")" >"$work/large-$n.archive"
  if [ -n "$baseline" ]; then
    measure "base-load-toml-$n" "$baseline" check-config "$work/large-$n-toml/feedd.toml"
    measure "base-cold-$n" "$baseline" poll-once --config "$work/large-$n-toml/feedd.toml"
    echo "$(archived "$work/large-$n-toml") $(matches_truth "$work/large-$n-toml" "$farm")" >"$work/large-$n-base.archive"
  fi
done
# Warm polls of both sizes taken in turn, three of each, the medians kept: a run of a second
# or two is at the mercy of other builds, and sizes measured minutes apart meet different ones.
for run in 1 2 3; do
  for n in 10000 100000; do measure "warm$run-$n" "$feedd" poll-once --config "$work/large-$n/feedd.toml"; done
done
for n in 10000 100000; do
  grep -E "^warm[123]-$n " "$work/results" | sort -k2 -n | sed -n 2p | sed "s/^warm[123]-/warm-/" >>"$work/results"
  [ -z "$baseline" ] || measure "base-warm-$n" "$baseline" poll-once --config "$work/large-$n-toml/feedd.toml"
done
if command -v perf >/dev/null; then
  schedule_share feedd "$feedd" "$work/large-100000/feedd.toml"
  [ -z "$baseline" ] || schedule_share baseline "$baseline" "$work/large-100000-toml/feedd.toml"
fi
for n in 10000 100000; do "$shared/bench/serve.sh" stop "$work/farm-large-$n"; done

printf '%-30s %8s %8s %8s %8s  %s\n' phase feeds wall_s cpu_s rss_MB note
for who in "" base-; do
  [ -z "$who" ] || [ -n "$baseline" ] || continue
  for n in 10000 100000; do
    name=${who:+"baseline "}
    if [ -z "$who" ]; then
      printf '%-30s %8s %8s %8s %8s\n' "${name}check-config, TOML" "$n" $(results_for "load-toml-$n")
      printf '%-30s %8s %8s %8s %8s\n' "${name}check-config, list" "$n" $(results_for "load-list-$n")
    else
      printf '%-30s %8s %8s %8s %8s\n' "${name}check-config, TOML" "$n" $(results_for "base-load-toml-$n")
    fi
    read -r items truth rest <"$work/large-$n${who:+-base}.archive"
    printf '%-30s %8s %8s %8s %8s  %s items, exactly truth: %s\n' "${name}cold poll" "$n" $(results_for "${who}cold-$n") "$items" "$truth${rest:+ $rest}"
    printf '%-30s %8s %8s %8s %8s  all 304%s\n' "${name}warm poll" "$n" $(results_for "${who}warm-$n") "$([ -z "$who" ] && echo ", median of 3")"
  done
  read -r w10 c10 _ <<<"$(results_for "${who}warm-10000")"
  read -r w100 c100 _ <<<"$(results_for "${who}warm-100000")"
  echo "${who:+baseline }warm poll, 100,000 / 10,000 feeds: $(echo "scale=1; $w100 / $w10" | bc)x the wall time," \
    "$(echo "scale=1; $c100 / $c10" | bc)x the CPU time for 10x the feeds"
done
[ -f "$work/shares" ] && while read -r who share; do
  echo "$who: the schedule's share of a warm poll of 100,000 feeds (perf samples with a Schedule frame): $share"
done <"$work/shares"

# The archive half: a ten-million-item archive (reindex, start, a cold poll into it and into an
# empty one, the seen-index against a Set).
echo
scripts/bench-archive.sh "$feedd"
