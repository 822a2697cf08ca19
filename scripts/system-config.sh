#!/usr/bin/env bash
# Prints the /etc/feedd/feedd.toml of a system install (scripts/package.sh, scripts/install.sh):
# the example config/feedd.toml with state and log named explicitly in systemd's directories
# (StateDirectory=, LogsDirectory=), so the service and the command-line tools agree on where
# things are, and its demo feeds read from DEMO_DIR (absolute file:// URLs), so the installed
# service starts and archives something with no network.
#   scripts/system-config.sh DEMO_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
demo=${1:?usage: system-config.sh DEMO_DIR}
sed -e 's|^# state_dir = .*|state_dir = "/var/lib/feedd"|' \
    -e 's|^# ingest_log = .*|ingest_log = "/var/log/feedd/ingest.log"|' \
    -e "s|^url = \"demo/|url = \"file://$demo/|" \
    config/feedd.toml
