#!/usr/bin/env bash
# Builds feedd and runs one poll of the bundled config (offline demo feeds read via file://),
# then shows the ingest log and where the archive is.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
feedd=$(scripts/build-release.sh)
state=${FEEDD_DEMO_STATE:-$PWD/.demo-state}
"$feedd" check-config config/feedd.toml
"$feedd" poll-once --config config/feedd.toml --state-dir "$state"
echo "--- feedd tail -n 12 (the ingest log)"
"$feedd" tail -n 12 --config config/feedd.toml --state-dir "$state"
echo "--- archive: $(cat "$state"/archive/*.jsonl | wc -l) items in $state/archive/"
