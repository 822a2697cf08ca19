#!/usr/bin/env python3
"""Extraction check on the article farm (../shared/bench/gen_articles.py): runs `feedd extract` on
every page an item links to and compares with the farm's truth for the item's canonical URL:
title, byline and published exactly, the body by the 4-shingle F1 of ../shared/articles/score.py
(and exactly, for information). No HTTP: the page is read from the farm's directory.

    article-farm-check.py FEEDD FARM_DIR [--verbose]
"""
import collections, json, re, subprocess, sys, urllib.parse as up

feedd, farm = sys.argv[1], sys.argv[2]
verbose = "--verbose" in sys.argv
truth = {}
for line in open(f"{farm}/truth.jsonl"):
    t = json.loads(line)
    truth[t["canonical_url"]] = t
pages = {}
for line in open(f"{farm}/items.jsonl"):
    item = json.loads(line)
    path = up.urlsplit(item["final_url"]).path
    pages.setdefault(f"{farm}{path}", truth[item["canonical_url"]])
files = sorted(pages)
out = subprocess.run([feedd, "extract", *files], capture_output=True, text=True)
results = [json.loads(line) for line in out.stdout.splitlines()]
if out.returncode != 0 or len(results) != len(files):
    sys.exit(f"feedd extract failed ({out.returncode}): {out.stderr[:2000]}")


def shingles(text):
    tokens = re.findall(r"\w+", text)
    if len(tokens) < 4:
        return collections.Counter([tuple(tokens)] if tokens else [])
    return collections.Counter(tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3))


fields = collections.Counter()
f1s = []
for file, result in zip(files, results):
    expected = pages[file]
    for key in ("title", "byline", "published"):
        if result[key] == expected[key]:
            fields[key] += 1
        elif verbose:
            print(f"{key} differs: {file}\n  got      {result[key]!r}\n  expected {expected[key]!r}")
    got, want = shingles(result["text"]), shingles(expected["body"])
    tp = sum((got & want).values())
    p = tp / max(1, sum(got.values()))
    r = tp / max(1, sum(want.values()))
    f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    if result["text"] == expected["body"]:
        fields["body_exact"] += 1
    elif verbose and f1s[-1] < 1:
        print(f"body F1 {f1s[-1]:.3f}: {file}")
n = len(files)
f1 = sum(f1s) / n
print(f"pages {n}  title {fields['title']}/{n}  byline {fields['byline']}/{n}  published {fields['published']}/{n}  "
      f"body F1 {f1:.4f} (min {min(f1s):.3f}), exact {fields['body_exact']}/{n}")
ok = f1 >= 0.95 and all(fields[k] == n for k in ("title", "byline", "published"))
print("farm check:", "PASS" if ok else "FAIL", "(body F1 >= 0.95, exact titles, bylines and dates)")
sys.exit(0 if ok else 1)
