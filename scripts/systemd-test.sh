#!/usr/bin/env bash
# feedd as a user installs and runs it: boots a minimal Debian bookworm under a real systemd
# (systemd-nspawn --boot, no Swift toolchain inside), installs dist/feedd_*.deb with apt, and
# checks the package, the unit and the daemon against a feed farm on the host's loopback (the
# container shares the host's network):
#   installed and active after READY, libraries all from Debian, systemd-analyze security <= 1.5,
#   the demo feeds archived, the operator's commands working; SIGTERM in the middle of a poll stops it within TimeoutStopSec with
#   nothing lost; archive == the farm's truth; a drop-in feed picked up on `systemctl reload`;
#   the packaged logrotate rule rotating the ingest log, the daemon writing on in a new file;
#   journal free of sandbox noise; a broken config leaves it failed (78) with no restart; a
#   stopped daemon (kill -STOP) killed by the watchdog and restarted; remove keeps the archive,
#   purge deletes it.
#
#   scripts/systemd-test.sh [--deb FILE]   test this package instead of building one (package.sh)
#   scripts/systemd-test.sh --check        say whether this machine can run the test (exit 1 if not)
#
# The bookworm root is bootstrapped once (debootstrap, ~3 min) into $FEEDD_TEST_CACHE
# (default /var/cache/feedd-test) and booted with --volatile=overlay, so it is never changed.
# Needs root, and Debian's debootstrap, systemd-container and nginx-light (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

# ---------------------------------------------------------------------------------------------
# What this machine must allow.
cannot_run() {
  [ "$(id -u)" = 0 ] || { echo "needs root (debootstrap, systemd-nspawn)"; return 0; }
  command -v apt-get >/dev/null || { echo "needs a Debian host (apt-get) for debootstrap and systemd-nspawn"; return 0; }
  unshare --pid --mount --uts --ipc --fork true 2>/dev/null || { echo "cannot create namespaces here (unshare failed)"; return 0; }
  [ -d /sys/fs/cgroup ] || { echo "no cgroup file system at /sys/fs/cgroup"; return 0; }
  return 1
}

# The feed farm: the repository's own generator and nginx script (scripts/farm/), in one place.
farm_generate() { python3 "$repo/scripts/farm/make_farm.py" --out "$1" --feeds "$2" --port "$3" >/dev/null; }
farm_serve() { "$repo/scripts/farm/serve.sh" "$@" >/dev/null; }   # start FARM PORT | stop FARM

if [ "${1:-}" = "--check" ]; then
  if reason=$(cannot_run); then echo "$reason"; exit 1; fi
  exit 0
fi
deb=""
[ "${1:-}" = "--deb" ] && deb=$(realpath "$2")
if reason=$(cannot_run); then echo "systemd-test: cannot run: $reason" >&2; exit 1; fi

started_at=$(date +%s)
passed=0 failed=0 last=""
# check WHAT COMMAND...: counts and prints the result; $last says "ok" or "failed" for diagnostics.
check() {
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)) last=ok; echo "ok   $what"
  else failed=$((failed + 1)) last=failed; echo "FAIL $what"; fi
}
elapsed() { echo "$(($(date +%s) - started_at)) s"; }
# How many lines of stdin match: grep -q would stop reading early, and under pipefail the
# writer's SIGPIPE would turn a match into a failure.
count() { grep -c -- "$1" || true; }
# Polls a condition five times a second until it holds or the deadline (seconds) passes.
wait_for() { local deadline=$(($(date +%s) + $1)); shift; until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.2; done; }

need() { command -v "$1" >/dev/null || { apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }; }
need debootstrap debootstrap
need systemd-nspawn systemd-container
need nginx nginx-light

# ---------------------------------------------------------------------------------------------
# The bookworm root, bootstrapped once. Its name changes with what it holds, so a change here
# bootstraps a new one. libcurl4 and libxml2 are there so that apt installs the package offline.
cache=${FEEDD_TEST_CACHE:-/var/cache/feedd-test}
include=systemd,systemd-sysv,dbus,libcurl4,libxml2,publicsuffix,logrotate
rootfs=$cache/bookworm-$(echo "v1 $include" | sha256sum | cut -c1-12)
mirror=${FEEDD_TEST_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9   # one bootstrap at a time
if [ ! -x "$rootfs/lib/systemd/systemd" ]; then
  echo "bootstrapping Debian bookworm into $rootfs (once; from $mirror)"
  rm -rf "$rootfs.tmp"
  for attempt in 1 2; do
    if timeout 1200 debootstrap --variant=minbase --include="$include" bookworm "$rootfs.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1; then
      break
    fi
    echo "debootstrap attempt $attempt failed (last lines of $cache/debootstrap.log):"; tail -5 "$cache/debootstrap.log"
    rm -rf "$rootfs.tmp"
    [ "$attempt" = 2 ] && exit 1
  done
  # No login prompt on the console; the test talks to the container through nsenter.
  ln -sf /dev/null "$rootfs.tmp/etc/systemd/system/console-getty.service"
  ln -sf /dev/null "$rootfs.tmp/etc/systemd/system/getty@.service"
  echo feedd-test >"$rootfs.tmp/etc/hostname"
  mv "$rootfs.tmp" "$rootfs"
fi
flock -u 9

# ---------------------------------------------------------------------------------------------
# The package, the farm and the container.
if [ -z "$deb" ]; then
  echo "building the package (scripts/package.sh)"
  deb=$(scripts/package.sh | tail -1)
fi
work=$(mktemp -d /tmp/feedd-systemd-test.XXXXXX)
chmod 755 "$work"   # nginx's workers (nobody) read the farm in it
mkdir "$work/deb" && cp "$deb" "$work/deb/"
nspawn_pid="" farm_started=""
cleanup() {
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -TERM "$nspawn_pid" 2>/dev/null || true   # the container's systemd powers off
    for _ in $(seq 30); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$nspawn_pid" 2>/dev/null || true
  fi
  [ -n "$farm_started" ] && farm_serve stop "$work/farm"
  if [ -n "${FEEDD_KEEP_TEST_DIRS:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'echo "systemd-test: stopped at line $LINENO ($BASH_COMMAND); $passed passed, $failed failed so far"' ERR

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
feeds=200 dropin_feeds=5   # enough that a SIGTERM right after the first item lands mid-poll
farm_generate "$work/farm" "$feeds" "$port"
farm_serve start "$work/farm" "$port"
farm_started=yes
farm_prefix="http://127.0.0.1:$port/"

echo "booting the container ($(elapsed))"
machine=feedd-test-$$
SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 setsid systemd-nspawn --boot --volatile=overlay --register=no --keep-unit \
  --directory="$rootfs" --machine="$machine" --bind-ro="$work/deb:/mnt/feedd" --console=passive \
  >"$work/console.log" 2>&1 &
nspawn_pid=$!
container_init() {  # the host pid of the container's PID 1 (systemd)
  local child
  for child in $(pgrep -P "$nspawn_pid" 2>/dev/null); do
    grep -qE '^NSpid:\s+[0-9]+\s+1$' "/proc/$child/status" 2>/dev/null && { echo "$child"; return 0; }
  done
  return 1
}
wait_for 30 container_init >/dev/null || { echo "the container did not start:"; cat "$work/console.log"; exit 1; }
init=$(container_init)
root=/proc/$init/root
# A command inside the container, with a clean environment and a time limit.
ct() { timeout 120 nsenter -t "$init" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
# Until systemd runs in there, nsenter may find nothing to enter or a systemd still starting.
booted() { state=$(ct systemctl is-system-running --wait 2>/dev/null || true); [ "$state" = running ] || [ "$state" = degraded ]; }
state=""
wait_for 90 booted || { echo "the container did not boot (state \"$state\"):"; tail -20 "$work/console.log"; exit 1; }
echo "container $machine booted: $state ($(elapsed))"
[ "$state" = running ] || ct systemctl --failed --no-pager || true

unit_show() { ct systemctl show feedd -p "$1" --value; }
journal() { ct journalctl -u feedd --no-pager -o cat; }
ingest_log() { cat "$root/var/log/private/feedd/ingest.log" 2>/dev/null || true; }
archive_lines() { cat "$root"/var/lib/private/feedd/archive/*.jsonl 2>/dev/null || true; }
# The archive's items from the farm against its truth: "ok" when equal and without duplicates.
farm_archive_vs_truth() {
  archive_lines | python3 -c '
import json, sys
prefix, truth = sys.argv[1], set(open(sys.argv[2]).read().split())
urls = [r["canonical_url"] for r in map(json.loads, sys.stdin) if r["feed_url"].startswith(prefix)]
missing, extra, dup = len(truth - set(urls)), len(set(urls) - truth), len(urls) - len(set(urls))
print("ok" if not (missing or extra or dup) else f"missing {missing}, extra {extra}, duplicates {dup}")
' "$farm_prefix" "$work/farm/truth.txt"
}
archive_matches_truth() { [ "$(farm_archive_vs_truth)" = ok ]; }
# Every item the ingest log reported is in the archive, every line is whole JSON, none twice.
nothing_lost() {
  python3 - "$root/var/log/private/feedd/ingest.log" <(archive_lines) <<'PY'
import json, re, sys
reported = {m.group(1) for line in open(sys.argv[1]) for m in [re.search(r" ingested .*? url=(\S+)", line)] if m}
urls = [json.loads(line)["canonical_url"] for line in open(sys.argv[2])]
lost = reported - set(urls)
sys.exit(1 if lost or len(urls) != len(set(urls)) or not reported else 0)
PY
}

# The configuration pointing at the farm: the one place to add [http] or [poll] settings.
write_farm_config() {  # first-feed last-feed
  {
    echo 'state_dir = "/var/lib/feedd"'
    echo 'ingest_log = "/var/log/feedd/ingest.log"'
    printf '\n[poll]\ninterval = "1m"\nmin_interval = "30s"\n'
    printf '\n[http]\n'
    # Feed URLs naming 127.0.0.1 may reach it (the policy exempts a configured literal address).
    sed -n "$1,$2p" "$work/farm/urls.txt" | while read -r url; do printf '\n[[feed]]\nurl = "%s"\n' "$url"; done
  }
}
write_dropin() { sed -n "$1,$2p" "$work/farm/urls.txt" | while read -r url; do printf '[[feed]]\nurl = "%s"\n\n' "$url"; done; }

# ---------------------------------------------------------------------------------------------
echo "== install"
check "no Swift toolchain in the container" test ! -e "$root/opt/swift"
apt_get() { ct env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@" >"$work/apt.log" 2>&1; }
check "apt installs the package offline" apt_get install "/mnt/feedd/$(basename "$deb")"
[ "$last" = ok ] || { tail -20 "$work/apt.log"; exit 1; }
libraries_from_debian() { ct ldd /usr/bin/feedd >"$work/ldd" && ! grep -qE 'not found|/opt/' "$work/ldd"; }
check "every library of /usr/bin/feedd comes from the container's Debian" libraries_from_debian
check "the man page and completions are installed" test -s "$root/usr/share/man/man1/feedd.1.gz" \
  -a -s "$root/usr/share/bash-completion/completions/feedd" -a -s "$root/usr/share/zsh/vendor-completions/_feedd" \
  -a -s "$root/usr/share/fish/vendor_completions.d/feedd.fish"
check "enabled and active after READY (postinst started it)" \
  test "$(ct systemctl is-enabled feedd)/$(unit_show ActiveState)/$(unit_show SubState)" = enabled/active/running
check "READY carried a status line" test -n "$(unit_show StatusText)"
demo_archived() { [ "$(archive_lines | count '"feed_url":"file:///usr/share/feedd/demo/')" -gt 0 ]; }
check "the packaged config's demo feeds are archived (offline)" wait_for 60 demo_archived
security=$(ct systemd-analyze security feedd --no-pager | sed -n 's/.*Overall exposure level for feedd.service: \([0-9.]*\).*/\1/p')
check "systemd-analyze security is $security (at most 1.5)" python3 -c "import sys; sys.exit(0 if float('${security:-99}') <= 1.5 else 1)"
ct systemctl status feedd --no-pager --lines=5 >"$work/status-demo.txt" || true
operator_tools() {  # what an operator types, as root, with the packaged defaults
  [ -n "$(ct feedd tail -n 3)" ] && ct feedd status >"$work/feedd-status.txt" && ct feedd check-config /etc/feedd/feedd.toml >/dev/null
}
check "feedd tail, status and check-config work with the packaged config" operator_tools

echo "== the farm: $feeds feeds at $farm_prefix ($(elapsed))"
ct systemctl stop feedd   # else its config watcher starts on the new file before the restart
ingested_before=$(ingest_log | count ' ingested ')
write_farm_config 1 $((feeds - dropin_feeds)) >"$root/etc/feedd/feedd.toml"
ct systemctl start feedd
first_ingested() { [ "$(ingest_log | count ' ingested ')" -gt "$ingested_before" ]; }
wait_for 60 first_ingested || true
stop_started=$(date +%s.%N)
ct systemctl stop feedd
stop_seconds=$(python3 -c "import time; print(round(time.time() - $stop_started, 1))")
timeout_stop=$(unit_show TimeoutStopUSec)
truth_items=$(wc -l <"$work/farm/truth.txt")
archived_at_stop=$(archive_lines | count "\"feed_url\":\"$farm_prefix")
check "SIGTERM during the farm's first poll ($archived_at_stop of $truth_items items archived): stopped in $stop_seconds s (TimeoutStopSec $timeout_stop), exit 0" \
  test "$(unit_show Result)/$(unit_show ExecMainStatus)" = success/0
check "SIGTERM: every item the ingest log reported is in the archive, whole lines, no duplicates" nothing_lost
logged_stop() { [ "$(ingest_log | tail -3 | count ' daemon .*stopped')" -gt 0 ]; }
check "the daemon logged its stop" logged_stop

ct systemctl start feedd
polled_main() { [ "$(ingest_log | count " polled .*url=$farm_prefix")" -ge $((feeds - dropin_feeds)) ]; }
wait_for 120 polled_main || true
echo "     restarted, every feed polled ($(elapsed))"
write_dropin $((feeds - dropin_feeds + 1)) "$feeds" >"$root/etc/feedd/feeds.d/farm-extra.toml"
ct systemctl reload feedd
journal_says() { [ "$(journal | count "$1")" -gt 0 ]; }
# The config watcher may see the new file before the SIGHUP arrives: either reload adds the feeds.
check "systemctl reload logged" wait_for 30 journal_says "reloaded (SIGHUP): $feeds feeds"
check "the drop-in's $dropin_feeds feeds picked up" journal_says "reloaded (.*): $feeds feeds, $dropin_feeds added"
check "archive == the farm's truth ($(wc -l <"$work/farm/truth.txt") items), drop-in feeds included" wait_for 120 archive_matches_truth
[ "$last" = ok ] || echo "     $(farm_archive_vs_truth)"
no_failure() { [ "$(ingest_log | count ' failed ')" = 0 ]; }
check "the ingest log reports no failure" no_failure

# The packaged logrotate rule: the log is renamed, the postrotate reload makes feedd reopen it,
# and the reload's own line lands in a new file the daemon created; the old one keeps its lines.
lines_before=$(ingest_log | wc -l)
rotated=$root/var/log/private/feedd/ingest.log.1
reopened() { [ -s "$rotated" ] && [ "$(ingest_log | count ' config .*reloaded (SIGHUP)')" -gt 0 ]; }
check "logrotate -f /etc/logrotate.d/feedd ran" ct logrotate -f /etc/logrotate.d/feedd
check "after logrotate the daemon writes to a new ingest log (the reload's line is there)" wait_for 30 reopened
check "the rotated log kept its $lines_before lines" test "$(wc -l <"$rotated" 2>/dev/null || echo 0)" -ge "$lines_before"
counted() { [ "$(unit_show StatusText | count ' feeds, ')" -gt 0 ]; }
wait_for 15 counted || true   # the status line with counts comes every 10 s
ct systemctl status feedd --no-pager --lines=8 >"$work/status-farm.txt" || true

echo "== sandbox noise ($(elapsed))"
noise=$(journal | grep -iE 'errno=|not permitted|permission denied|seccomp|thread priority' || true)
check "the journal has no sandbox noise" test -z "$noise"
[ "$last" = ok ] || echo "$noise" | head -5

echo "== watchdog ($(elapsed))"
# The shipped WatchdogSec= is 2 min; a runtime drop-in shortens it so the test does not wait that long.
mkdir -p "$root/run/systemd/system/feedd.service.d"
printf '[Service]\nWatchdogSec=10s\n' >"$root/run/systemd/system/feedd.service.d/test-watchdog.conf"
ct systemctl daemon-reload
ct systemctl restart feedd
stopped_pid=$(unit_show MainPID)
restarts_before=$(unit_show NRestarts)
ct sh -c "kill -STOP $stopped_pid"
restarted() { local pid; pid=$(unit_show MainPID); [ "$pid" != "$stopped_pid" ] && [ "$pid" != 0 ] && [ "$(unit_show ActiveState)" = active ]; }
check "kill -STOP: the watchdog killed it and systemd restarted it" wait_for 60 restarted
check "the journal says why" journal_says 'Watchdog timeout'
check "one restart" test "$(unit_show NRestarts)" = $((restarts_before + 1))
rm "$root/run/systemd/system/feedd.service.d/test-watchdog.conf"
ct systemctl daemon-reload

echo "== a broken config ($(elapsed))"
cp "$root/etc/feedd/feedd.toml" "$work/good.toml"
printf '\n[[feed]]\nurl = "ftp://example.invalid/feed"\n' >>"$root/etc/feedd/feedd.toml"
bad_line=$(grep -n 'ftp://' "$root/etc/feedd/feedd.toml" | cut -d: -f1)
ct systemctl restart feedd 2>/dev/null || true
sleep 15   # three times RestartSec: long enough for a restart loop to show
check "it stays failed, exit status 78, no restart" \
  test "$(unit_show ActiveState)/$(unit_show ExecMainStatus)/$(unit_show NRestarts)" = failed/78/0
check "the journal names the file and line" journal_says "/etc/feedd/feedd.toml:$bad_line: "
cp "$work/good.toml" "$root/etc/feedd/feedd.toml"
ct systemctl reset-failed feedd
ct systemctl start feedd
check "with the config mended it starts again" test "$(unit_show ActiveState)" = active

echo "== stop, remove, purge ($(elapsed))"
stop_started=$(date +%s.%N)
ct systemctl stop feedd
check "clean stop in $(python3 -c "import time; print(round(time.time() - $stop_started, 1))") s, exit 0" \
  test "$(unit_show Result)/$(unit_show ExecMainStatus)" = success/0
check "archive == truth after all of it" archive_matches_truth
journal >"$work/journal.txt" 2>&1 || true   # for a look afterwards (FEEDD_KEEP_TEST_DIRS=1)
ingest_log >"$work/ingest.log"
ct systemctl start feedd
archived_before=$(archive_lines | wc -l)
removed_keeping_data() {
  apt_get remove feedd && [ ! -e "$root/usr/bin/feedd" ] && [ "$(unit_show ActiveState)" = inactive ] \
    && [ "$(archive_lines | wc -l)" = "$archived_before" ] && [ -s "$root/var/log/private/feedd/ingest.log" ] \
    && [ -e "$root/etc/feedd/feedd.toml" ]
}
check "apt remove: stopped, binary gone; archive ($archived_before items), ingest log and config kept" removed_keeping_data
purged() {
  apt_get purge feedd && [ ! -e "$root/var/lib/private/feedd" ] && [ ! -e "$root/var/lib/feedd" ] \
    && [ ! -e "$root/var/log/private/feedd" ] && [ ! -e "$root/var/log/feedd" ] && [ ! -e "$root/etc/feedd/feedd.toml" ]
}
check "apt purge: archive, ingest log and conffiles gone" purged

echo
echo "systemctl status feedd, after install (demo feeds):"
sed 's/^/    /' "$work/status-demo.txt"
echo "systemctl status feedd, polling the farm:"
sed 's/^/    /' "$work/status-farm.txt"
if [ "$failed" -gt 0 ]; then
  echo "the unit's journal, last lines:"; tail -30 "$work/journal.txt" | sed 's/^/    /'
fi
echo "took $(elapsed)"
echo "systemd-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
