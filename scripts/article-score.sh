#!/usr/bin/env bash
# Article extraction quality, one command: builds feedd (release), runs `feedd extract` over the
# shared development pages and prints the shared scorers' results:
#   1. main-text precision/recall/F1 on scrapinghub-dev (score.py, ranked among the peers);
#   2. title/byline/published accuracy on readability-meta-dev (score_meta.py);
#   3. the article farm (../shared/bench/gen_articles.py, seed 1): every page's title, byline and
#      date exact and body F1 >= 0.95 (scripts/article-farm-check.py).
#   scripts/article-score.sh [--per-page] [--verbose] [--no-farm]   (outputs kept with --keep DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
per_page="" verbose="" keep="" farm=yes
while [ $# -gt 0 ]; do
  case $1 in
    --per-page) per_page=--per-page; shift ;;
    --verbose) verbose=--verbose; shift ;;
    --keep) keep=$2; shift 2 ;;
    --no-farm) farm=""; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
shared=${FEEDD_SHARED:-}
[ -n "$shared" ] || for c in "$root/../shared"; do [ -d "$c/articles" ] && { shared=$(cd "$c" && pwd); break; }; done
articles=$shared/articles
[ -d "$articles/scrapinghub-dev" ] || { echo "shared/articles not found; set FEEDD_SHARED" >&2; exit 1; }

swift build -c release --product feedd 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] ' | grep -v '^Building\|^Build complete' || true
feedd=$root/.build/release/feedd
work=${keep:-$(mktemp -d /tmp/feedd-article-score.XXXXXX)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT

python3 - "$feedd" "$articles" "$work" <<'PY'
import gzip, json, os, subprocess, sys
feedd, articles, work = sys.argv[1:]

def extract(data, url=None):
    cmd = [feedd, "extract", "-"] if url is None else [feedd, "extract", "--url", url, "-"]
    run = subprocess.run(cmd, input=data, capture_output=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr.decode(errors="replace"))
        return None
    return json.loads(run.stdout)

truth = json.load(open(f"{articles}/scrapinghub-dev/ground-truth.json"))
bodies = {}
for pid, item in sorted(truth.items()):
    with gzip.open(f"{articles}/scrapinghub-dev/html/{pid}.html.gz") as f:
        result = extract(f.read(), item["url"])
    bodies[pid] = {"articleBody": result["text"] if result else ""}
json.dump(bodies, open(f"{work}/scrapinghub-pred.json", "w"), ensure_ascii=False, indent=1)

meta = {}
base = f"{articles}/readability-meta-dev"
for name in sorted(os.listdir(base)):
    source = f"{base}/{name}/source.html"
    if not os.path.exists(source):
        continue
    result = extract(open(source, "rb").read(), "http://fakehost/test/page.html")
    meta[name] = {k: (result or {}).get(k) for k in ("title", "byline", "published")}
json.dump(meta, open(f"{work}/meta-pred.json", "w"), ensure_ascii=False, indent=1)
PY

echo "== main text, scrapinghub-dev ($(ls "$articles/scrapinghub-dev/html" | wc -l) pages)"
python3 "$articles/score.py" "$articles/scrapinghub-dev/ground-truth.json" "$work/scrapinghub-pred.json" \
  --peers "$articles/scrapinghub-dev/peers.json" $per_page
echo
echo "== metadata, readability-meta-dev"
python3 "$articles/score_meta.py" "$articles/readability-meta-dev" "$work/meta-pred.json" $verbose

if [ -n "$farm" ] && [ -f "$shared/bench/gen_articles.py" ]; then
  echo
  echo "== article farm (gen_articles.py, seed 1)"
  python3 "$shared/bench/gen_articles.py" --out "$work/farm" >/dev/null
  python3 scripts/article-farm-check.py "$feedd" "$work/farm" $verbose
fi
