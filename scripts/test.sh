#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 with the Swift toolchain: installs what the tests
# need, builds with no warning allowed in feedd's own code, then runs every test (unit, the real
# binary end to end against HTTP servers on 127.0.0.1, conformance, fuzzing for a bounded time).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test

# The core tests use the repository's own material (a conformance sample, scripts/farm/). The
# larger shared corpora (feedparser's conformance cases, captured real-world feeds) sit beside
# the repository in CI, or wherever FEEDD_SHARED says; without them, the tests that need them
# are reported as skipped, with the reason.
export FEEDD_SHARED=${FEEDD_SHARED:-$PWD/../shared}
if [ -d "$FEEDD_SHARED/conformance" ]; then
  FEEDD_SHARED=$(cd "$FEEDD_SHARED" && pwd)
  echo "shared test material: $FEEDD_SHARED"
else
  echo "no shared test material at $FEEDD_SHARED: the tests that need it are skipped (set FEEDD_SHARED to run them)"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build --build-tests 2>&1 | tee "$log" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
if ! grep -q "Build complete" "$log"; then echo "build failed" >&2; exit 1; fi
if grep -E "^$PWD/(Sources|Tests)/.*warning:" "$log"; then
  echo "warnings in feedd's own code (see above)" >&2
  exit 1
fi
swift test --skip-build "$@" 2>&1 | tee "$log"
# Say at the end, where it is seen, which tests did not run and why.
if grep -E "skipped: " "$log" >/dev/null; then
  echo "skipped:"
  grep -E "skipped: " "$log" | sed -E 's/^[^A-Za-z]*/  /'
fi

# A bounded fuzzing run of the parser and the URL functions (Fuzz/README.md), unless the run
# was narrowed to some tests or FEEDD_FUZZ_SECONDS=0.
fuzz_seconds=${FEEDD_FUZZ_SECONDS:-60}
if [ "$#" -eq 0 ] && [ "$fuzz_seconds" -gt 0 ]; then
  scripts/fuzz.sh "$fuzz_seconds"
fi

# The Debian package under a real systemd (scripts/systemd-test.sh, a container; ~1-2 min, plus
# ~3 min the first time to bootstrap Debian and ~5 min for the release build), unless the run
# was narrowed. It runs when this machine allows it and says why when it does not;
# FEEDD_SYSTEMD_TEST=required (as .ci/run sets) makes a machine that cannot a failure, =0 skips it.
systemd_test=${FEEDD_SYSTEMD_TEST:-auto}
if [ "$#" -eq 0 ] && [ "$systemd_test" != 0 ]; then
  if [ "$systemd_test" = required ] || reason=$(scripts/systemd-test.sh --check); then
    scripts/systemd-test.sh
  else
    echo "systemd test SKIPPED: $reason (FEEDD_SYSTEMD_TEST=required to insist)"
  fi
elif [ "$systemd_test" = 0 ]; then
  echo "systemd test skipped: FEEDD_SYSTEMD_TEST=0"
fi
