#!/usr/bin/env python3
"""Dates: khabar's reading of each page's visible dateline against the page's own metadata.

    python bench/dates.py [--shared ../shared]

For the 44 pages of ar-news-html: the dateline is the block khabar labels `date` nearest
before the body (what a reader sees under the headline); its date is read with
`khabar.lang.calendar.find_dates`. Where the page's metadata also gives a publication day
(JSON-LD, article:published_time, <time>), the two are compared at day precision.
Prints how many pages have a dateline, how many of those khabar reads as a full date, and
how many agree with the metadata day (a page may legitimately show its update day).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import khabar  # noqa: E402
from khabar.lang.calendar import find_dates, iso_from_meta  # noqa: E402
from khabar.model import Label  # noqa: E402
from khabar.page.html import html_to_blocks  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    a = ap.parse_args()
    pages = sorted((a.shared / "corpus/ar-news-html").glob("*.html"))
    with_line = read = compared = agree = 0
    rows = []
    for page in pages:
        html = page.read_bytes().decode("utf-8", "replace")
        art = khabar.extract(html, enrich=False)
        body = [b.index for b in art.blocks if b.label is Label.BODY]
        first = body[0] if body else len(art.blocks)
        lines = [b for b in art.blocks[:first] if b.label is Label.DATE]
        meta = html_to_blocks(html).meta
        meta_day = (iso_from_meta(meta.published) or "")[:10] or None
        if not lines:
            continue
        with_line += 1
        found = [d.value for d in find_dates(lines[-1].text) if isinstance(d.value, str) and len(d.value) == 10]
        if found:
            read += 1
        if found and meta_day:
            compared += 1
            agree += found[0] == meta_day
            if found[0] != meta_day:
                rows.append(f"  {page.name[:40]}: dateline «{lines[-1].text[:50]}» -> {found[0]}, metadata {meta_day}")
    print(f"pages {len(pages)}; with a dateline {with_line}; read as a full date {read}; "
          f"with a metadata day too {compared}; same day {agree}")  # fmt: skip
    print("\n".join(rows))


if __name__ == "__main__":
    main()
