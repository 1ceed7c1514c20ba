#!/usr/bin/env python3
"""Extraction checks that need no gold, for when ../shared/bench/data is absent.

    python bench/agreement.py [--shared ../shared]

1. HTML: khabar against trafilatura (favor_precision, the best reference on ar-news-dev)
   on the 44 pages of ar-news-html: 4-shingle P/R of khabar's body against trafilatura's.
2. Crawl text: the same pages flattened to one block a line (resiliparse's plain-text
   rendering, no main-content detection); khabar's crawl-text body and title against its
   own HTML result for the page.
3. FineWeb-2: the share of each document's words khabar keeps, by the reader's rating.
None of these is accuracy; each shows where two views of a page disagree.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import khabar  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    a = ap.parse_args()
    sys.path.insert(0, str(a.shared / "bench"))
    import trafilatura
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree
    from score import precision, recall, tp_fp_fn

    pages = sorted((a.shared / "corpus/ar-news-html").glob("*.html"))
    same = near = 0
    text_p, text_r, titles = [], [], []
    for page in pages:
        html = page.read_bytes().decode("utf-8", errors="replace")
        ours = khabar.extract(html)
        ref = trafilatura.extract(html, favor_precision=True) or ""
        t = tp_fp_fn(ref, ours.text)
        p, r = precision(*t), recall(*t)
        same += p == r == 1.0
        near += p >= 0.9 and r >= 0.9
        if ours.is_article:
            flat = extract_plain_text(HTMLTree.parse(html), main_content=False, links=False, list_bullets=False)
            as_text = khabar.extract(flat, kind="text")
            t = tp_fp_fn(ours.text, as_text.text)
            text_p.append(precision(*t))
            text_r.append(recall(*t))
            titles.append(as_text.title == ours.title)
    print(f"HTML vs trafilatura-precision, {len(pages)} pages: identical bodies {same}, P and R >= 0.9 on {near}")
    print(f"crawl text vs HTML, {len(text_p)} article pages: P {statistics.mean(text_p):.3f} "
          f"R {statistics.mean(text_r):.3f}, same title {statistics.mean(titles):.0%}")  # fmt: skip
    kept: dict[str, list[float]] = {}
    with open(a.shared / "corpus/ar-fineweb2/docs.jsonl", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            art = khabar.extract(doc["text"], kind="text")
            words = len((art.title or "").split()) + len(art.text.split())
            kept.setdefault(doc["rating"], []).append(words / max(1, len(doc["text"].split())))
    print(
        "FineWeb-2 words kept: " + ", ".join(f"{k} {statistics.mean(v):.1%} ({len(v)} docs)" for k, v in kept.items())
    )


if __name__ == "__main__":
    main()
