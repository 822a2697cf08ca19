#!/usr/bin/env bash
# Fuzzes the feed parser and the URL canonicalizer with libFuzzer (issues #3 and #4).
#
#   scripts/fuzz.sh [SECONDS] [parser|url ...]
#
# Builds the harnesses of Fuzz/ (release, -sanitize=fuzzer,address), makes seed corpora from
# the shared material ($FEEDD_SHARED, else shared/ beside the repository; without it, the
# repository's conformance sample), a farm of scripts/farm/make_farm.py and the URL test
# tables, then runs each fuzzer for SECONDS (default 60) one after the other. What a run learns
# stays in Fuzz/corpus/ for the next run. Exits non-zero when a fuzzer finds a crash, a broken
# property, a timeout (-timeout=10 s an input), a leak or an out-of-memory (-rss_limit_mb=2048):
# the input is then in Fuzz/findings/<fuzzer>/ with what to do next (Fuzz/README.md).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz="$repo/Fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(parser url)
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -eq 0 ]]; then
    echo "fuzz.sh: SECONDS must be a positive whole number, not '$seconds'" >&2
    exit 2
fi

shared="${FEEDD_SHARED:-$repo/../shared}"
if [[ ! -f "$shared/conformance/cases.json" ]]; then
    echo "fuzz.sh: no shared material at $shared: seeding from the repository's conformance sample and farm only" \
        "(set FEEDD_SHARED to the directory holding conformance/ and realworld/ for the full seeds)" >&2
    shared=""
fi

# The sanitizers instrument feedd's Swift code (libxml2 runs uninstrumented). SwiftPM's link
# line defines `main` with --defsym beside the libFuzzer runtime's own; gold chokes on that,
# lld lets the harness's `main` win.
build_flags=(-c release --package-path "$fuzz"
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld)
echo "fuzz.sh: building the harnesses" >&2
mkdir -p "$fuzz/.build"
if ! swift build "${build_flags[@]}" > "$fuzz/.build/fuzz-build.log" 2>&1; then
    grep -vE '^\[[0-9]+/[0-9]+\] ' "$fuzz/.build/fuzz-build.log" >&2
    echo "fuzz.sh: building the harnesses failed" >&2
    exit 1
fi
bin="$(swift build "${build_flags[@]}" --show-bin-path)"

# A trap (a broken property) goes straight to libFuzzer, which saves the input; Swift's own
# backtracer would first spend up to a minute symbolicating.
export SWIFT_BACKTRACE=enable=no

seeds="$fuzz/.build/seeds"
rm -rf "$seeds"
python3 "$fuzz/make_seeds.py" --shared "$shared" --repo "$repo" --out "$seeds" >&2

status=0
for target in "${targets[@]}"; do
    case "$target" in
        parser) binary=fuzz-feed-parser max_len=65536 dict=feed.dict ;;
        url) binary=fuzz-url max_len=4096 dict=url.dict ;;
        *) echo "fuzz.sh: unknown fuzzer '$target' (parser or url)" >&2; exit 2 ;;
    esac
    corpus="$fuzz/corpus/$target"
    findings="$fuzz/findings/$target"
    mkdir -p "$corpus" "$findings"
    echo "fuzz.sh: $binary for ${seconds}s (corpus $corpus)" >&2
    log="$findings/last-run.log"
    # New inputs go to the first directory; the seeds are read only.
    if "$bin/$binary" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=10 \
        -dict="$fuzz/dictionaries/$dict" -artifact_prefix="$findings/" -print_final_stats=1 \
        "$corpus" "$seeds/$target" > "$log" 2>&1; then
        grep -E '(DONE|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb))' "$log" >&2 || true
        continue
    fi
    status=1
    tail -n 60 "$log" >&2
    cat >&2 <<EOF

fuzz.sh: $binary found a problem; the input is in $findings/ (log: $log):
$(ls -1 "$findings" | grep -E '^(crash|timeout|oom|leak|slow-unit)-' | sed 's/^/    /')
  Replay it:    SWIFT_BACKTRACE=enable=no $bin/$binary $findings/<file>
  Shrink it:    $bin/$binary -minimize_crash=1 -max_total_time=60 $findings/<file>
  Then fix the cause and keep the input as a regression test: copy it (or its minimized form)
  to Tests/$( [[ $target == parser ]] && echo FeedParsingTests || echo FeedURLTests )/Fixtures/fuzz/<what-it-is>
  (Fuzz/README.md explains the format and the test that replays it).
EOF
done
exit "$status"
