#!/usr/bin/env bash
# Scores `feedd parse` against the shared feedparser conformance suite (issue #3).
#
#   scripts/conformance.sh [--verbose] [check.py options...]
#
# Builds feedd in release mode, then runs check.py with --http and --min 98 through a
# wrapper that turns check.py's FEED_URL / FEED_HTTP_HEADERS into feedd's --url,
# --content-type and --content-location options. shared/ is found at $FEEDD_SHARED,
# else beside the repository.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${FEEDD_SHARED:-$repo/../shared}"
if [[ ! -f "$shared/conformance/check.py" ]]; then
    echo "conformance.sh: no conformance suite at $shared/conformance (set FEEDD_SHARED)" >&2
    exit 2
fi

if [[ -z "${FEEDD_BINARY:-}" ]]; then
    FEEDD_BINARY="$("$repo/scripts/build-release.sh")"
fi
export FEEDD_BINARY

wrapper="$(mktemp "${TMPDIR:-/tmp}/feedd-conformance-XXXXXX")"
trap 'rm -f "$wrapper"' EXIT
cat > "$wrapper" <<'WRAPPER'
#!/usr/bin/env bash
# check.py runs this with the feed file last; HTTP cases set FEED_URL and FEED_HTTP_HEADERS.
set -euo pipefail
args=()
if [[ -n "${FEED_URL:-}" ]]; then args+=(--url "$FEED_URL"); fi
if [[ -n "${FEED_HTTP_HEADERS:-}" ]]; then
    while IFS=$'\t' read -r name value; do
        case "$name" in
            content-type) args+=(--content-type "$value") ;;
            content-location) args+=(--content-location "$value") ;;
        esac
    done < <(python3 -c 'import json, os
for k, v in json.loads(os.environ["FEED_HTTP_HEADERS"]).items(): print(f"{k.lower()}\t{v}")')
fi
exec "$FEEDD_BINARY" parse "${args[@]}" "$@"
WRAPPER
chmod +x "$wrapper"

exec python3 "$shared/conformance/check.py" --http --min 98 "$@" -- "$wrapper"
