#!/usr/bin/env bash
# Speed and correctness of FeedURL on a feed farm's item links.
#
#   scripts/bench-feedurl.sh [FEEDS]      (default 1000 feeds, about 30,000 links)
#
# Generates a farm with ../shared/bench/gen_farm.py, takes every item's link as the pipeline
# would (Atom alternate link under its xml:base, RSS/RDF <link>, else a permalink <guid>),
# compiles the FeedURL sources alone with -O (seconds, no package build), then:
#   - resolves and canonicalizes every link and checks the dedup keys against truth.txt;
#   - times URLCanonicalizer.canonicalize and URLResolution.resolve per URL.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
feeds=${1:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/feedurl-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 "$root/../shared/bench/gen_farm.py" --out "$work/farm" --feeds "$feeds" >/dev/null

python3 - "$work/farm" >"$work/links.tsv" <<'PY'
import sys, xml.etree.ElementTree as ET
farm = sys.argv[1]
ATOM, RSS1 = "{http://www.w3.org/2005/Atom}", "{http://purl.org/rss/1.0/}"
BASE = "{http://www.w3.org/XML/1998/namespace}base"
for feed_url in open(f"{farm}/urls.txt").read().split():
    root = ET.parse(f"{farm}/feeds/{feed_url.rsplit('/', 1)[1]}").getroot()
    for entry in root.iter(f"{ATOM}entry"):
        link = next(l for l in entry.iter(f"{ATOM}link") if l.get("rel", "alternate") == "alternate")
        print(f"{link.get(BASE) or entry.get(BASE) or feed_url}\t{link.get('href')}")
    for item in list(root.iter("item")) + list(root.iter(f"{RSS1}item")):
        link = item.find("link") if item.find("link") is not None else item.find(f"{RSS1}link")
        text = link.text if link is not None else item.find("guid").text
        print(f"{feed_url}\t{text.strip()}")
PY

cat >"$work/main.swift" <<'SWIFT'
import Foundation

let arguments = CommandLine.arguments
let pairs = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n").map {
    let fields = $0.split(separator: "\t", maxSplits: 1)
    return (base: String(fields[0]), link: String(fields[1]))
}
let truth = Set(try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n").map(String.init))
let canonicalizer = URLCanonicalizer()

let resolved = pairs.map { URLResolution.resolve($0.link, against: $0.base) }
let keys = Set(resolved.compactMap(canonicalizer.canonicalize).map { DedupKey.of(canonicalURL: $0) })
print("links: \(pairs.count)  distinct dedup keys: \(keys.count)  truth.txt: \(truth.count)  "
    + "missing: \(truth.subtracting(keys).count)  extra: \(keys.subtracting(truth).count)")

/// Nanoseconds per call of `body` over `inputs`, best of 5 rounds.
func nanosecondsPerCall(_ inputs: [String], _ body: (String) -> Int) -> Double {
    var best = Double.infinity
    var sink = 0
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for input in inputs { sink &+= body(input) }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        best = min(best, seconds * 1e9 / Double(inputs.count))
    }
    if sink == 42 { print("") }  // keeps the work observable
    return best
}

let links = pairs.map(\.link)
let canonicalize = nanosecondsPerCall(resolved) { canonicalizer.canonicalize($0)?.utf8.count ?? 0 }
let alreadyCanonical = resolved.compactMap(canonicalizer.canonicalize)
let canonicalizeClean = nanosecondsPerCall(alreadyCanonical) { canonicalizer.canonicalize($0)?.utf8.count ?? 0 }
var index = 0
let resolve = nanosecondsPerCall(links) { link in
    defer { index = (index + 1) % pairs.count }
    return URLResolution.resolve(link, against: pairs[index].base).utf8.count
}
print(String(format: "canonicalize (farm links):        %6.0f ns/URL", canonicalize))
print(String(format: "canonicalize (already canonical): %6.0f ns/URL", canonicalizeClean))
print(String(format: "resolve against the feed's base:  %6.0f ns/URL", resolve))
SWIFT

swiftc -O -wmo -module-name FeedURL "$root"/Sources/FeedURL/*.swift "$work/main.swift" -o "$work/bench"
"$work/bench" "$work/links.tsv" "$work/farm/truth.txt"
