#!/usr/bin/env python3
"""feedd's own feed farm: N static feeds for the end-to-end tests, the crash loop and benchmarks.

    make_farm.py --out DIR [--feeds 200] [--items 30] [--seed 1] [--gen 0] [--changed 0.05]
                 [--keep-all] [--hosts 1] [--port 18080]

Formats, by feed number: RSS 2.0 (half the feeds), Atom 1.0, RSS 1.0 (RDF) and JSON Feed 1.1.
Encodings: UTF-8, and among the RSS feeds windows-1251, ISO-8859-1 and KOI8-R, among the Atom
feeds UTF-16 with a byte-order mark; each feed's text uses letters of its encoding.

Generations. The farm of generation G is the farm after G updates; in each update a fraction
--changed of the feeds publish 1 to 4 new items, and a feed shows only its --items newest (the
oldest drop out), unless --keep-all, when it shows everything it ever published. A file is
rewritten only when its bytes change, so nginx's ETag and Last-Modified stay valid for the rest.

Writes:
  DIR/feeds/fNNNNN.xml|json   the feeds
  DIR/urls.txt                one feed URL a line; feed i is on host 127.0.0.(1 + i % HOSTS)
  DIR/truth.txt               every canonical URL a correct ingestor has archived after polling
                              generations 0..G (each at least once), sorted, one a line
  DIR/stats.json              counts and sizes

Dedup traps. Every item's link is a dirty spelling of its article's canonical URL, chosen by
`dirty_link`: tracking parameters (utm_*, fbclid, gclid, mc_cid), an upper-case scheme or host,
the default port, a fragment, parameters out of order, a percent-escaped unreserved character,
dot segments, an empty query parameter, a relative link under xml:base (Atom). Besides: an article
published by two feeds, an item repeated within one feed, RSS items whose only URL is a permalink
guid, and RSS items whose <link> is a FeedBurner redirect with the real URL in
<feedburner:origLink>.

The canonical form this truth assumes (the README's "Canonical URL" rules): scheme and host lower
case, no default port, no fragment, dot segments removed, escaped unreserved characters decoded,
tracking and empty parameters dropped, the rest sorted by name. Articles are all https and no two
differ only by scheme or a trailing slash.
"""
import argparse
import hashlib
import json
import os
import random
from datetime import datetime, timedelta, timezone

TOPICS = ("harbour tram orchard glacier library ferry quarry lantern meadow canal bakery "
          "observatory vineyard lighthouse workshop parliament stadium archive reservoir "
          "bridge market theatre cathedral factory airport").split()
# Words in each encoding's script, so a decoding mistake shows in the archive.
LOCAL_WORDS = {
    "windows-1251": "город мост рынок театр гавань библиотека завод".split(),
    "koi8-r": "погода выборы школа поезд река новости музей".split(),
    "iso-8859-1": "café façade élève crème über niño garçon".split(),
    "utf-16": "東京 München Zürich Ελλάδα مرحبا".split(),
    "utf-8": "São Paulo Kraków Ærø Smørrebrød naïve".split(),
}
TRACKERS = ("utm_source=feed&utm_medium=rss", "fbclid=IwZXh0bgNhZW0", "gclid=Cj0KCQ", "mc_cid=3f2a&mc_eid=9b1c")
SITES = [f"site{k:02d}.example" for k in range(1, 33)]
EPOCH = datetime(2026, 3, 2, 6, 30, 0, tzinfo=timezone.utc)


def chance(*key):
    """A random generator fixed by `key`: the same farm on every machine and every run."""
    return random.Random(hashlib.blake2b(repr(key).encode(), digest_size=16).digest())


def feed_format(i):
    return ("rss", "atom", "rss", "rdf", "rss", "atom", "rss", "json", "rss", "atom")[i % 10]


def feed_encoding(i):
    kind = feed_format(i)
    if kind == "rss":
        return {1: "windows-1251", 3: "iso-8859-1", 5: "koi8-r"}.get(i % 7, "utf-8")
    if kind == "atom" and i % 4 == 1:
        return "utf-16"
    return "utf-8"


class Article:
    """The n-th article feed i published (oldest first), with the canonical URL truth holds."""

    def __init__(self, seed, i, n):
        # Some articles are also published by the feed before: one story, two feeds.
        origin = i - 1 if i % 2 == 1 and n % 17 == 5 else i
        r = chance(seed, "article", origin, n)
        self.site = SITES[r.randrange(len(SITES))]
        words = [r.choice(TOPICS) for _ in range(r.randint(2, 4))]
        when = EPOCH + timedelta(hours=5 * n + origin % 5, minutes=(7 * origin) % 60)
        self.path = f"/{when:%Y/%m}/{'-'.join(words)}-{origin}x{n}"
        # A third of the articles have a query of their own (already in canonical order).
        self.params = [f"page={1 + n % 3}", f"story={origin}x{n}"] if n % 3 == 0 else []
        self.canonical = f"https://{self.site}{self.path}" + ("?" + "&".join(self.params) if self.params else "")
        self.title = " ".join(words).capitalize() + f" ({origin}/{n})"
        self.author = r.choice(("Ada Quill", "Brook Marr", "Cy Ortega", "Dana Lind", "Eli Novak"))
        self.paragraphs = [" ".join(r.choice(TOPICS) for _ in range(r.randint(25, 60))).capitalize() + "."
                           for _ in range(r.randint(2, 5))]
        self.time = when
        self.number = n
        self.origin = origin


def dirty_link(article, i):
    """How feed i spells the article's link: one trap, chosen by feed and article number."""
    host, path, params, fragment = article.site, article.path, list(article.params), ""
    scheme = "https"
    trap = (3 * i + article.number) % 12
    if trap == 0:
        params.append(TRACKERS[article.number % len(TRACKERS)])
    elif trap == 1:
        host = host.upper()
    elif trap == 2:
        host += ":443"
    elif trap == 3:
        fragment = "#discussion"
    elif trap == 4:
        params.reverse()
        params.insert(0, "utm_campaign=spring")
    elif trap == 5:
        path = path.replace("-", "%2d", 1)  # '-' is unreserved; the escape is lower case too
    elif trap == 6:
        cut = path.rfind("/")
        path = path[:cut] + "/./extra/.." + path[cut:]
    elif trap == 7:
        scheme = "HTTPS"
    elif trap == 8:
        params = [""] + params + [""]  # "?&page=1&story=..&": empty parameters
    elif trap == 9:
        params.append("gclid=" + str(article.number))
        params.reverse()
    query = "?" + "&".join(params) if params else ""
    return f"{scheme}://{host}{path}{query}{fragment}"


def local(text, i, n):
    """The text with a few words in the feed's script."""
    words = LOCAL_WORDS[feed_encoding(i)]
    return f"{text} {words[n % len(words)]} {words[(n + 3) % len(words)]}"


def xml_text(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def html_body(article):
    paragraphs = "".join(f"<p>{p}</p>" for p in article.paragraphs)
    return paragraphs + '<p>More at <a href="/topics/">our topics page</a> &amp; elsewhere.</p>'


def shown_items(seed, i, generation, items, changed, keep_all):
    """The article numbers feed i shows in `generation`, newest first, and its total published."""
    total = published(seed, i, generation, items, changed)
    first = 0 if keep_all else max(0, total - items)
    numbers = list(range(total - 1, first - 1, -1))
    if i % 11 == 3 and len(numbers) > 2:
        numbers.insert(2, numbers[1])  # the same item twice in one document
    return numbers, total


def published(seed, i, generation, items, changed):
    count = items
    for g in range(1, generation + 1):
        r = chance(seed, "update", i, g)
        if r.random() < changed:
            count += r.randint(1, 4)
    return count


def rss(seed, i, numbers, self_url):
    out = [f'<?xml version="1.0" encoding="{feed_encoding(i)}"?>\n'
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
           'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">\n<channel>\n'
           f"<title>{xml_text(local(f'Farm feed {i}', i, i))}</title>\n<link>https://{SITES[i % len(SITES)]}/</link>\n"
           f'<atom:link rel="self" href="{self_url}"/>\n<description>Feed {i} of the test farm</description>\n']
    for n in numbers:
        a = Article(seed, i, n)
        link = dirty_link(a, i)
        out.append(f"<item>\n<title>{xml_text(local(a.title, i, n))}</title>\n")
        if n % 13 == 6:
            out.append(f"<guid>{xml_text(link)}</guid>\n")  # a permalink guid is the only URL
        elif n % 19 == 9:
            out.append(f"<link>https://feeds.example/~r/farm{i}/~3/{n}/</link>\n"
                       f"<feedburner:origLink>{xml_text(link)}</feedburner:origLink>\n"
                       f'<guid isPermaLink="false">farm-{i}-{n}</guid>\n')
        else:
            out.append(f'<link>{xml_text(link)}</link>\n<guid isPermaLink="false">farm-{i}-{n}</guid>\n')
        zone = ("+0000", "GMT", "-0500", "+0200")[n % 4]
        offset = {"+0000": 0, "GMT": 0, "-0500": -5, "+0200": 2}[zone]
        local_time = a.time + timedelta(hours=offset)
        out.append(f"<pubDate>{local_time:%a, %d %b %Y %H:%M:%S} {zone}</pubDate>\n"
                   f"<dc:creator>{xml_text(a.author)}</dc:creator>\n<category>{a.title.split()[0]}</category>\n"
                   f"<description>{xml_text(a.paragraphs[0][:180])}</description>\n"
                   f"<content:encoded><![CDATA[{local(html_body(a), i, n)}]]></content:encoded>\n</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def atom(seed, i, numbers, self_url, total):
    out = ['<?xml version="1.0" encoding="utf-16"?>\n' if feed_encoding(i) == "utf-16"
           else '<?xml version="1.0" encoding="utf-8"?>\n',
           '<feed xmlns="http://www.w3.org/2005/Atom">\n'
           f"<title>{xml_text(local(f'Farm feed {i}', i, i))}</title>\n<id>tag:farm.example,2026:{i}</id>\n"
           f'<link rel="self" href="{self_url}"/>\n<link href="https://{SITES[i % len(SITES)]}/"/>\n'
           f"<updated>{EPOCH + timedelta(hours=5 * total):%Y-%m-%dT%H:%M:%SZ}</updated>\n"]
    for n in numbers:
        a = Article(seed, i, n)
        link = dirty_link(a, i)
        out.append(f'<entry>\n<title type="text">{xml_text(local(a.title, i, n))}</title>\n'
                   f"<id>tag:farm.example,2026:{i}:{n}</id>\n")
        prefix = f"https://{a.site}/"
        if n % 5 == 2 and link.startswith(prefix):
            # Relative to the entry's xml:base.
            out.append(f'<link rel="alternate" type="text/html" xml:base="{prefix}" href="{xml_text(link[len(prefix):])}"/>\n')
        else:
            out.append(f'<link rel="alternate" type="text/html" href="{xml_text(link)}"/>\n')
        out.append(f'<link rel="replies" href="https://{a.site}/comments/{n}"/>\n')
        hours = (0, 9, -3)[n % 3]
        stamp = (a.time + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S") + (
            "Z" if hours == 0 else f"{'+' if hours > 0 else '-'}{abs(hours):02d}:00")
        out.append(f"<published>{stamp}</published>\n<updated>{stamp}</updated>\n"
                   f"<author><name>{xml_text(a.author)}</name></author>\n"
                   f"<summary>{xml_text(a.paragraphs[0][:180])}</summary>\n"
                   f'<content type="html" xml:base="{prefix}">{xml_text(local(html_body(a), i, n))}</content>\n'
                   "</entry>\n")
    out.append("</feed>\n")
    return "".join(out)


def rdf(seed, i, numbers, self_url):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
           f'<channel rdf:about="{self_url}">\n<title>{xml_text(local(f"Farm feed {i}", i, i))}</title>\n'
           f"<link>https://{SITES[i % len(SITES)]}/</link>\n<description>RDF feed {i}</description>\n</channel>\n"]
    for n in numbers:
        a = Article(seed, i, n)
        link = xml_text(dirty_link(a, i))
        out.append(f'<item rdf:about="{link}">\n<title>{xml_text(local(a.title, i, n))}</title>\n<link>{link}</link>\n'
                   f"<description>{xml_text(a.paragraphs[0])}</description>\n"
                   f"<dc:date>{a.time:%Y-%m-%dT%H:%M:%SZ}</dc:date>\n<dc:creator>{xml_text(a.author)}</dc:creator>\n</item>\n")
    out.append("</rdf:RDF>\n")
    return "".join(out)


def json_feed(seed, i, numbers, self_url):
    items = []
    for n in numbers:
        a = Article(seed, i, n)
        items.append({"id": f"farm-{i}-{n}", "url": dirty_link(a, i), "title": local(a.title, i, n),
                      "content_html": html_body(a).replace('href="/', f'href="https://{a.site}/'),
                      "summary": a.paragraphs[0][:180], "date_published": f"{a.time:%Y-%m-%dT%H:%M:%SZ}",
                      "authors": [{"name": a.author}], "tags": [a.title.split()[0]]})
    document = {"version": "https://jsonfeed.org/version/1.1", "title": local(f"Farm feed {i}", i, i),
                "home_page_url": f"https://{SITES[i % len(SITES)]}/", "feed_url": self_url, "items": items}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def render(seed, i, numbers, total, url):
    kind = feed_format(i)
    if kind == "rss":
        text = rss(seed, i, numbers, url)
    elif kind == "atom":
        text = atom(seed, i, numbers, url, total)
    elif kind == "rdf":
        text = rdf(seed, i, numbers, url)
    else:
        return json_feed(seed, i, numbers, url).encode("utf-8")
    encoding = feed_encoding(i)
    # Python's "utf-16" codec writes the byte-order mark the parser sniffs.
    return text.encode(encoding, errors="xmlcharrefreplace")


def feed_url(i, options):
    extension = "json" if feed_format(i) == "json" else "xml"
    return f"http://127.0.0.{1 + i % options.hosts}:{options.port}/feeds/f{i:05d}.{extension}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=30, help="items a feed shows")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gen", type=int, default=0, help="generation: updates applied")
    parser.add_argument("--changed", type=float, default=0.05, help="fraction of feeds publishing in an update")
    parser.add_argument("--keep-all", action="store_true", help="feeds show every item they published")
    parser.add_argument("--hosts", type=int, default=1, help="spread feeds over 127.0.0.1..127.0.0.K")
    parser.add_argument("--port", type=int, default=18080)
    options = parser.parse_args()
    if not 1 <= options.hosts <= 254:
        parser.error("--hosts must be 1 to 254")

    os.makedirs(os.path.join(options.out, "feeds"), exist_ok=True)
    truth, size, rewritten, served = set(), 0, 0, 0
    for i in range(options.feeds):
        # Every item some generation 0..G showed is in the truth.
        ever_shown = set()
        for g in range(options.gen + 1):
            numbers, total = shown_items(options.seed, i, g, options.items, options.changed, options.keep_all)
            ever_shown.update(numbers)
        truth.update(Article(options.seed, i, n).canonical for n in ever_shown)
        url = feed_url(i, options)
        data = render(options.seed, i, numbers, total, url)
        size += len(data)
        served += len(numbers)
        path = os.path.join(options.out, "feeds", os.path.basename(url))
        try:
            with open(path, "rb") as existing:
                unchanged = existing.read() == data
        except FileNotFoundError:
            unchanged = False
        if not unchanged:
            with open(path + ".new", "wb") as out:
                out.write(data)
            os.replace(path + ".new", path)
            rewritten += 1
    with open(os.path.join(options.out, "urls.txt"), "w") as out:
        out.writelines(feed_url(i, options) + "\n" for i in range(options.feeds))
    with open(os.path.join(options.out, "truth.txt"), "w") as out:
        out.writelines(url + "\n" for url in sorted(truth))
    stats = {"feeds": options.feeds, "gen": options.gen, "seed": options.seed, "bytes": size,
             "items_served": served, "rewritten": rewritten, "unique_canonical_urls": len(truth)}
    with open(os.path.join(options.out, "stats.json"), "w") as out:
        json.dump(stats, out, indent=1)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
