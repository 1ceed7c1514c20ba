#!/usr/bin/env python3
"""Site-level boilerplate learning: what it changes, on real sites with several pages.

    python bench/sites.py [--shared ../shared]

Input: SHARED/corpus/ar-sites (255 pages of 70 sites), as HTML and as crawl text (the
same pages flattened to one block a line). For each form, the pages are extracted without
and with the site profile that the first pass of `khabar run` learns from the same pages,
and the script prints how many pages and body words change, and the lines the profile
removed from bodies most often (to read whether they are boilerplate). Where a gold set
with titles and bodies is present (SHARED/bench/data/ar-news-dev), it also scores both.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import khabar  # noqa: E402
from khabar.page import page_blocks  # noqa: E402
from khabar.page.urls import site_of  # noqa: E402
from khabar.sites import SiteCounts  # noqa: E402


def crawl_text(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template", "svg", "head"])
    body = tree.body
    return body.text(separator="\n") if body is not None else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    a = ap.parse_args()
    with gzip.open(a.shared / "corpus/ar-sites/pages.jsonl.gz", "rt") as f:
        pages = [json.loads(line) for line in f]
    print("| form | pages | sites learned | pages changed | body words before | after | removed lines (top) |")
    print("|---|---|---|---|---|---|---|")
    for form in ("html", "text"):
        docs = [(p["url"] or None, p["html"] if form == "html" else crawl_text(p["html"]), p["site"]) for p in pages]
        counts = SiteCounts()
        for url, content, site in docs:
            blocks, meta, _, _ = page_blocks(content, kind=form)
            key = site_of(url) or site_of(meta.canonical) or site
            counts.add(key, (b.text for b in blocks))
        profile = counts.boilerplate()
        changed, before, after = 0, 0, 0
        removed: Counter[str] = Counter()
        for n, (url, content, site) in enumerate(docs):
            key_url = url or f"https://{site}/page-{n}"  # not the site's root: that is its home page
            plain = khabar.extract(content, url=key_url, kind=form)
            learned = khabar.extract(content, url=key_url, kind=form, boilerplate=profile)
            before += len(plain.text.split())
            after += len(learned.text.split())
            if plain.paragraphs != learned.paragraphs:
                changed += 1
                kept = set(learned.paragraphs)
                removed.update(p[:60] for p in plain.paragraphs if p not in kept)
        top = "; ".join(f"«{t}» ×{n}" for t, n in removed.most_common(4))
        print(f"| {form} | {len(docs)} | {len(profile)} | {changed} | {before:,} | {after:,} | {top} |")


if __name__ == "__main__":
    main()
