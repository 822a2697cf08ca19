#!/usr/bin/env bash
# Installs feedd as a systemd service:
#   binary  -> $PREFIX/bin/feedd (PREFIX=/usr/local)
#   unit    -> /etc/systemd/system/feedd.service
#   config  -> /etc/feedd/feedd.toml (kept if present), /etc/feedd/feeds.d/, /etc/feedd/demo/
# then enables and starts it unless --no-start. Archive in /var/lib/feedd, ingest log in /var/log/feedd.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
start=yes
[ "${1:-}" = "--no-start" ] && start=no
scripts/install-deps.sh
swift build -c release --product feedd 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
install -D -m 0755 .build/release/feedd "$prefix/bin/feedd"
sed "s|/usr/local/bin/feedd|$prefix/bin/feedd|g" systemd/feedd.service >/etc/systemd/system/feedd.service
install -d -m 0755 /etc/feedd /etc/feedd/feeds.d /etc/feedd/demo
install -m 0644 config/demo/* /etc/feedd/demo/
install -m 0644 config/feeds.d/README /etc/feedd/feeds.d/README
if [ ! -e /etc/feedd/feedd.toml ]; then
  # The service and the command-line tools must agree on where things are: name them explicitly.
  sed -e 's|^# state_dir = .*|state_dir = "/var/lib/feedd"|' \
      -e 's|^# ingest_log = .*|ingest_log = "/var/log/feedd/ingest.log"|' \
      config/feedd.toml >/etc/feedd/feedd.toml
  chmod 0644 /etc/feedd/feedd.toml
fi
"$prefix/bin/feedd" check-config /etc/feedd/feedd.toml
if [ "$start" = yes ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable --now feedd.service
  systemctl --no-pager status feedd.service || true
else
  echo "installed; start it with: systemctl daemon-reload && systemctl enable --now feedd"
fi
echo "follow it with: feedd tail -f --config /etc/feedd/feedd.toml   (or journalctl -u feedd -f)"
