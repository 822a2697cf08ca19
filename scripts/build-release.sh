#!/usr/bin/env bash
# The release build of feedd, as shipped and as measured: the Swift runtime and Foundation are
# linked into the binary (--static-swift-stdlib), so it needs only Debian's own libraries
# (libcurl4, libxml2, libpq5, libstdc++6, libc6) and no $ORIGIN rpath. Every script that wants a
# release binary builds it here, so .build/release never flips between two link modes.
# Prints the binary's path on stdout; the compiler's output goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
# -z relro -z now: the whole GOT read-only after start (Debian's "bindnow" hardening).
flags=(-c release --static-swift-stdlib --disable-local-rpath -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build "${flags[@]}" --product feedd >"$log" 2>&1 || true
grep -vE '^\[[0-9]+/[0-9]+\] ' "$log" >&2 || true
grep -q 'Build of product .feedd. complete\|Build complete' "$log" || { echo "release build failed" >&2; exit 1; }
echo "$(swift build "${flags[@]}" --show-bin-path)/feedd"
