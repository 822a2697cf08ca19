#!/usr/bin/env python3
"""Writes the seed corpora for the two fuzzers; scripts/fuzz.sh runs it before each session.

    make_seeds.py [--shared DIR] --repo DIR --out DIR [--max-len N]

OUT/parser: every conformance case (HTTP cases with their URL, Content-Type and
Content-Location) of the shared suite, or of the repository's sample when DIR has none, every
real-world feed of DIR if any, and a small farm of the repository's generator, each behind the line the
parser fuzzer reads first (Content-Type TAB URL TAB Content-Location TAB limits); the
non-HTTP ones get variants in turn (charsets that agree or clash with the document,
absolute, relative and odd URLs, tight limits). OUT/url: the string literals of the URL test tables, alone,
against the RFC 3986 base and paired with each other (reference NUL base).
Nothing is committed: the seeds are made fresh from that material each time.
"""
import argparse, glob, json, os, re, subprocess, tempfile

# Content-Type, URL, Content-Location, limits (depth,entries,fieldBytes; empty: the daemon's).
CONTEXTS = [
    ("", "", "", ""),
    ("application/rss+xml", "https://example.com/feed", "", ""),
    ("text/xml; charset=windows-1252", "http://example.org/a/b/feed.xml", "", "6,2,40"),
    ("application/xml; charset=\"utf-16\"", "https://example.com/blog/", "/elsewhere/feed", ""),
    ("text/html; charset=shift_jis", "feed.xml", "", ""),
    ("application/atom+xml;charset=iso-8859-1", "http://[::1]:8080/feed?x=1#f", "http://other.example/", "3,,"),
    ("text/plain; charset=koi8-r", "file:///tmp/feed.xml", "", ""),
    ("application/json", "https://example.com/feed.json", "", ",1,"),
    ("text/xml; charset=bogus-charset", "mailto:someone@example.com", "../up", ""),
]
RFC_BASE = "http://a/b/c/d;p?q"


def header(content_type, url, location, limits=""):
    return "\t".join((content_type, url, location, limits)).rstrip("\t").encode() + b"\n"


def write(directory, name, data, max_len):
    with open(os.path.join(directory, name), "wb") as out:
        out.write(data[:max_len])


def parser_seeds(shared, repo, out, max_len):
    count = 0
    suite = os.path.join(shared, "conformance") if shared else ""
    if not os.path.isfile(os.path.join(suite, "cases.json")):
        suite = os.path.join(repo, "Tests", "FeedParsingTests", "Fixtures", "conformance")
    cases = json.load(open(os.path.join(suite, "cases.json")))
    for index, case in enumerate(cases):
        headers = case.get("http_headers") or {}
        if "url" in case:
            line = header(headers.get("content-type", ""), case["url"], headers.get("content-location", ""))
        else:
            line = header(*CONTEXTS[index % len(CONTEXTS)])
        body = open(os.path.join(suite, case["file"]), "rb").read()
        write(out, f"conformance-{index:04d}", line + body, max_len)
        count += 1
    feeds = sorted(glob.glob(os.path.join(shared, "realworld", "feeds", "*"))) if shared else []
    with tempfile.TemporaryDirectory() as farm:
        subprocess.run(["python3", os.path.join(repo, "scripts", "farm", "make_farm.py"), "--out", farm,
                        "--feeds", "30", "--items", "6"], check=True, stdout=subprocess.DEVNULL)
        feeds += sorted(glob.glob(os.path.join(farm, "feeds", "*.*")))
        for index, path in enumerate(feeds):
            line = header(*CONTEXTS[index % len(CONTEXTS)])
            write(out, f"feed-{index:04d}-{os.path.basename(path)}", line + open(path, "rb").read(), max_len)
            count += 1
    return count


def swift_literals(paths):
    """The string literals of Swift sources, with their escapes (\\t, \\u{..}, …) applied."""
    literals = []
    for path in paths:
        for raw in re.findall(r'"((?:[^"\\\n]|\\.)*)"', open(path, encoding="utf-8").read()):
            if "\\(" in raw:
                continue  # interpolation: not a literal value
            text = re.sub(r"\\u\{([0-9A-Fa-f]+)\}", lambda m: chr(int(m.group(1), 16)), raw)
            text = text.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\0", "\0")
            literals.append(text.replace('\\"', '"').replace("\\\\", "\\"))
    return sorted(set(literals))


def url_seeds(repo, out):
    tables = glob.glob(os.path.join(repo, "Tests", "FeedURLTests", "*.swift"))
    tables += glob.glob(os.path.join(repo, "Tests", "FeedParsingTests", "LinkTests.swift"))
    # URL-like literals only: test names and messages are prose.
    literals = [text.encode() for text in swift_literals(tables) if re.search(r"[:/%?#.]", text) and len(text.split()) <= 3]
    seeds = set(literals)
    seeds.update(text + b"\0" + RFC_BASE.encode() for text in literals)
    seeds.update(a + b"\0" + b for a, b in zip(literals, literals[1:]))
    for index, seed in enumerate(sorted(seeds)):
        write(out, f"url-{index:04d}", seed, 1 << 20)
    return len(seeds)


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--shared", default="")
    arguments.add_argument("--repo", required=True)
    arguments.add_argument("--out", required=True)
    arguments.add_argument("--max-len", type=int, default=65536)
    options = arguments.parse_args()
    for name in ("parser", "url"):
        os.makedirs(os.path.join(options.out, name), exist_ok=True)
    parsers = parser_seeds(options.shared, options.repo, os.path.join(options.out, "parser"), options.max_len)
    urls = url_seeds(options.repo, os.path.join(options.out, "url"))
    print(f"seeds: {parsers} documents, {urls} URLs")


if __name__ == "__main__":
    main()
