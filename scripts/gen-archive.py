#!/usr/bin/env python3
"""Writes a large synthetic feedd archive, for start-time and memory measurements.

    gen-archive.py --state DIR --items N [--segments 12] [--text-bytes 400] [--minimal]

Creates DIR/archive/2026-MM.jsonl segments holding N schema-1 records with distinct canonical
URLs (https://host-K.example/YYYY/item-N), spread evenly over the segments. Each record carries
about --text-bytes of text, so an item costs roughly what a real teaser-only one does. Existing
segments in DIR are replaced; the seen-index is left to feedd (it rebuilds it at the next start,
or run `feedd reindex`). --minimal writes only the keys a record needs (about 130 bytes a line),
for tests that care about the number of items, not their size.
"""
import argparse, os

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--segments", type=int, default=12)
    ap.add_argument("--text-bytes", type=int, default=400)
    ap.add_argument("--minimal", action="store_true")
    args = ap.parse_args()
    archive = os.path.join(args.state, "archive")
    os.makedirs(archive, exist_ok=True)
    for name in os.listdir(archive):
        if name.endswith(".jsonl"):
            os.remove(os.path.join(archive, name))
    text = ("lorem ipsum dolor sit amet " * (args.text_bytes // 27 + 1))[: args.text_bytes]
    per = -(-args.items // args.segments)
    number = 0
    for segment in range(args.segments):
        month = segment % 12 + 1
        year = 2026 - (args.segments - 1 - segment) // 12
        path = os.path.join(archive, f"{year}-{month:02d}.jsonl")
        with open(path, "w", encoding="utf-8", buffering=1 << 22) as out:
            lines = []
            for _ in range(min(per, args.items - number)):
                host = number % 997
                if args.minimal:
                    lines.append(
                        f'{{"v":1,"canonical_url":"https://host-{host}.example/{year}/item-{number}",'
                        f'"feed_url":"https://host-{host}.example/feed.xml","fetched_at":"{year}-{month:02d}-01T00:00:00Z"}}\n')
                else:
                    lines.append(
                        f'{{"v":1,"canonical_url":"https://host-{host}.example/{year}/item-{number}",'
                        f'"url":"https://host-{host}.example/{year}/item-{number}?utm_source=rss",'
                        f'"feed_url":"https://host-{host}.example/feed.xml","feed_title":"Host {host}",'
                        f'"guid":"item-{number}","title":"Item {number}","author":null,'
                        f'"published":"{year}-{month:02d}-01T00:00:00Z","updated":null,'
                        f'"fetched_at":"{year}-{month:02d}-01T00:00:00Z","summary":null,"content":null,'
                        f'"content_text":"{text}","categories":[],"enclosures":[]}}\n')
                number += 1
                if len(lines) >= 10000:
                    out.write("".join(lines))
                    lines = []
            out.write("".join(lines))
    print(f"{number} items in {args.segments} segments under {archive}")

if __name__ == "__main__":
    main()
