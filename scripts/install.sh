#!/usr/bin/env bash
# Installs feedd from source as a systemd service (the Debian package, scripts/package.sh, is
# the usual way; this is for hacking on feedd or for other distributions):
#   binary      -> $PREFIX/bin/feedd (PREFIX=/usr/local), the self-contained release build
#   man page, bash/zsh/fish completions -> $PREFIX/share/...
#   demo feeds  -> $PREFIX/share/feedd/demo/
#   unit        -> /etc/systemd/system/feedd.service
#   config      -> /etc/feedd/feedd.toml (kept if present), /etc/feedd/feeds.d/
#   logrotate   -> /etc/logrotate.d/feedd (the ingest log: renamed, then systemctl reload)
# then enables and starts it unless --no-start. Archive in /var/lib/feedd, ingest log in /var/log/feedd.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
start=yes
[ "${1:-}" = "--no-start" ] && start=no
scripts/install-deps.sh
binary=$(scripts/build-release.sh)
install -D -m 0755 "$binary" "$prefix/bin/feedd"
scripts/install-docs.sh "$prefix/bin/feedd" "$prefix"
install -d -m 0755 "$prefix/share/feedd/demo"
install -m 0644 config/demo/* "$prefix/share/feedd/demo/"
sed "s|/usr/local/bin/feedd|$prefix/bin/feedd|g" systemd/feedd.service >/etc/systemd/system/feedd.service
install -d -m 0755 /etc/feedd /etc/feedd/feeds.d
install -m 0644 config/feeds.d/README /etc/feedd/feeds.d/README
install -D -m 0644 packaging/feedd.logrotate /etc/logrotate.d/feedd
if [ ! -e /etc/feedd/feedd.toml ]; then
  scripts/system-config.sh "$prefix/share/feedd/demo" >/etc/feedd/feedd.toml
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
echo "follow it with: feedd tail -f   (or journalctl -u feedd -f); see man feedd"
