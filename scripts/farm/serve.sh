#!/usr/bin/env bash
# Serves a farm made by make_farm.py with nginx on loopback: static files, so ETag and
# Last-Modified come for free, and gzip on the wire.
#   scripts/farm/serve.sh start FARM [PORT] [HOSTS]   listen on 127.0.0.1..127.0.0.HOSTS:PORT
#   scripts/farm/serve.sh stop FARM                   stop the nginx started for FARM
# nginx's configuration, pid, logs and temporary files live in FARM/.nginx/, so several farms
# (and other people's nginx) run side by side; stop touches only the pid it wrote.
# FARM_ACCESS_LOG=FILE logs every request there.
set -euo pipefail
usage() { echo "usage: serve.sh start FARM [PORT] [HOSTS] | stop FARM" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
farm=$(cd "$2" && pwd)
port=${3:-18080}
hosts=${4:-1}
state=$farm/.nginx

case $action in
start)
  command -v nginx >/dev/null || { echo "serve.sh: nginx is not installed (scripts/install-deps.sh --test)" >&2; exit 1; }
  mkdir -p "$state/temp"
  listen=""
  for h in $(seq 1 "$hosts"); do listen+="    listen 127.0.0.$h:$port;"$'\n'; done
  cat >"$state/nginx.conf" <<EOF
daemon on;
worker_processes 1;
pid $state/nginx.pid;
error_log $state/error.log warn;
events { worker_connections 2048; }
http {
  access_log ${FARM_ACCESS_LOG:-off};
  default_type application/octet-stream;
  types { application/xml xml; application/feed+json json; text/plain txt; }
  sendfile on;
  keepalive_requests 100000;
  gzip on;
  gzip_types application/xml application/feed+json;
  gzip_min_length 512;
  client_body_temp_path $state/temp;
  proxy_temp_path $state/temp;
  fastcgi_temp_path $state/temp;
  uwsgi_temp_path $state/temp;
  scgi_temp_path $state/temp;
  server {
$listen    root $farm;
  }
}
EOF
  nginx -q -c "$state/nginx.conf" -p "$state" -e "$state/error.log"
  # Ready once it answers: poll with a deadline rather than sleep a guessed time.
  for _ in $(seq 1 200); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/urls.txt" 2>/dev/null && exit 0
    sleep 0.05
  done
  echo "serve.sh: nginx did not answer on 127.0.0.1:$port (see $state/error.log)" >&2
  exit 1 ;;
stop)
  if [ -f "$state/nginx.pid" ]; then
    pid=$(cat "$state/nginx.pid")
    kill "$pid" 2>/dev/null || true
    # nginx removes its pid file on the way out; wait for that, briefly.
    for _ in $(seq 1 100); do [ -f "$state/nginx.pid" ] || break; sleep 0.05; done
  fi
  exit 0 ;;
*) usage ;;
esac
