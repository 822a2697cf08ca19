#!/usr/bin/env bash
# Article extraction speed, side by side in one run, on the 90 scrapinghub-dev pages (16.7 MB):
#   feedd extract (CPU time of extraction, as `feedd extract --stats` measures it),
#   lxml parsing the same pages into a tree (libxml2's own cost, the floor; lxml bundles a newer
#   libxml2 than Debian's, whose xmllint --html tree parse is shown too, as process CPU),
#   trafilatura extracting them (the Python reference);
# each the best of 3 runs, with the ratios; then the cost of one 4 MiB page (time, peak RSS).
#   scripts/bench-extract.sh [FEEDD_BINARY]     (bench.sh calls it after building)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
feedd=${1:-}
if [ -z "$feedd" ]; then
  swift build -c release --product feedd 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
  feedd=$root/.build/release/feedd
fi
shared=${FEEDD_SHARED:-}
[ -n "$shared" ] || for c in "$root/../shared"; do [ -d "$c/articles" ] && { shared=$(cd "$c" && pwd); break; }; done
pages=$shared/articles/scrapinghub-dev/html
[ -d "$pages" ] || { echo "shared/articles not found; set FEEDD_SHARED" >&2; exit 1; }
python3 -c "import trafilatura, lxml" 2>/dev/null || pip install -q trafilatura lxml_html_clean >/dev/null 2>&1 || true

work=$(mktemp -d /tmp/feedd-bench-extract.XXXXXX)
trap 'rm -rf "$work"' EXIT
for f in "$pages"/*.html.gz; do gzip -dc "$f" >"$work/$(basename "$f" .gz)"; done
files=("$work"/*.html)
bytes=$(cat "${files[@]}" | wc -c)

best() { sort -n | head -1; }
feedd_cpu=$(for _ in 1 2 3; do "$feedd" extract --stats "${files[@]}" | sed 's/.*extract_cpu_seconds //'; done | best)
python_cpu() {  # the best of 3 runs of $1 over the pages, CPU seconds, pages read beforehand
  python3 - "$1" "${files[@]}" <<'PY'
import sys, time
kind, files = sys.argv[1], sys.argv[2:]
pages = [open(f, "rb").read() for f in files]
if kind == "lxml":
    import lxml.html
    run = lxml.html.document_fromstring
else:
    import trafilatura
    run = lambda page: trafilatura.extract(page)
best = None
for _ in range(3):
    start = time.process_time()
    for page in pages:
        run(page)
    spent = time.process_time() - start
    best = spent if best is None else min(best, spent)
print(f"{best:.3f}")
PY
}
lxml_cpu=$(python_cpu lxml 2>/dev/null || echo "")
traf_cpu=$(python_cpu trafilatura 2>/dev/null || echo "")
xmllint_cpu=$(for _ in 1 2 3; do /usr/bin/time -f "%U %S" -o "$work/xt" xmllint --html --noout "${files[@]}" >/dev/null 2>&1 || true
  read -r u s <"$work/xt"; printf '%.3f\n' "$(echo "$u + $s" | bc)"; done | best)
lxml_version=$(python3 -c 'import lxml.etree as e; print(".".join(map(str, e.LIBXML_VERSION)))' 2>/dev/null || echo "?")

echo "== article extraction, ${#files[@]} scrapinghub-dev pages ($((bytes / 1000)) kB), CPU seconds, best of 3"
printf '%-26s %8s  %s\n' system cpu_s ratio
printf '%-26s %8s  %s\n' "feedd extract" "$feedd_cpu" "1.00x"
[ -n "$lxml_cpu" ] && printf '%-26s %8s  feedd is %sx lxml'"'"'s cost\n' "lxml tree (libxml2 $lxml_version)" "$lxml_cpu" \
  "$(echo "scale=2; $feedd_cpu / $lxml_cpu" | bc)"
printf '%-26s %8s  (whole process, the libxml2 feedd links)\n' "xmllint --html tree" "$xmllint_cpu"
[ -n "$traf_cpu" ] && printf '%-26s %8s  %sx slower than feedd\n' "trafilatura $(python3 -c 'import trafilatura; print(trafilatura.__version__)')" \
  "$traf_cpu" "$(echo "scale=1; $traf_cpu / $feedd_cpu" | bc)"

echo
echo "== one 4 MiB page: wall, CPU, peak RSS of the whole feedd process (the first row is a tiny page: the process alone)"
python3 - "$work" <<'PY'
import sys
d = sys.argv[1]
M = 4 << 20
open(f"{d}/tiny.page", "w").write("<html><body><p>tiny</p></body></html>")
open(f"{d}/paragraph.page", "w").write("<html><body><article><p>" + "word, " * (M // 6) + "</p></article></body></html>")
open(f"{d}/links.page", "w").write("<html><body><p>" + "".join(f'<a href="/l{i}">link {i}</a> ' for i in range(M // 40)) + "</p></body></html>")
open(f"{d}/nesting.page", "w").write("<html><body>" + "<div>" * (M // 5 - 10) + "</body></html>")
open(f"{d}/elements.page", "w").write("<html><body>" + "<p>a" * (M // 4 - 10) + "</body></html>")
PY
printf '%-30s %8s %8s %8s\n' page wall_s cpu_s rss_MB
for p in tiny paragraph links nesting elements; do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$feedd" extract --stats "$work/$p.page" >/dev/null 2>&1 || true
  read -r wall user sys rss <"$work/time"
  printf '%-30s %8s %8.2f %8s\n' "$p ($(($(wc -c <"$work/$p.page") / 1024)) KiB)" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
done
