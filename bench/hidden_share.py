#!/usr/bin/env python3
"""How much of the text inside elements a page hides is main content: the measurement
behind khabar.page.html's hidden-element selectors.

    python bench/hidden_share.py [--shared ../shared] [--set wcxb-dev]

For each candidate selector, over every page of the set: the pages it matches, the word
trigrams inside its outermost matches, and the share of those trigrams that the gold main
content holds. A selector whose text is almost never main content can be dropped with the
hidden elements; a high share means the pattern also hides content a reader sees.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from khabar.page.html import HIDDEN_CLASSES, HIDDEN_KEEP_MIN_TEXT, HIDDEN_KEEP_SHARE, SHOWN_AGAIN

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"\w+")
KEEP_MIN_TEXT, KEEP_SHARE = HIDDEN_KEEP_MIN_TEXT, HIDDEN_KEEP_SHARE

CANDIDATES = {
    # the hiding classes khabar drops (CSS frameworks', screen-reader utilities) and the
    # selectors it used before them
    **{f"class {name}": f'[class~="{name}"]' for name in HIDDEN_CLASSES},
    "[hidden]": "[hidden]",
    "aria-hidden": '[aria-hidden="true"]',
    "display:none": '[style*="display:none" i], [style*="display: none" i]',
}
RESPONSIVE_SHOW = SHOWN_AGAIN  # a responsive utility that shows the element again


def trigrams(text: str) -> list[tuple[str, ...]]:
    w = WORD.findall(text.lower())
    return [tuple(w[i : i + 3]) for i in range(len(w) - 2)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--set", default="wcxb-dev")
    a = ap.parse_args()
    stats: dict[str, list[int]] = defaultdict(
        lambda: [0, 0, 0, 0, 0]
    )  # pages, trigrams, in gold, responsive, gold only there
    gold_total = 0
    with gzip.open(a.shared / "bench" / "data" / f"{a.set}.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if not row.get("html"):
                continue
            gold = set(trigrams(row.get("gold_body") or ""))
            gold_total += len(gold)
            tree = LexborHTMLParser(row["html"])
            for s in ("script", "style", "noscript", "template"):
                for n in tree.css(s):
                    n.decompose()
            body = tree.body or tree.root
            total = len(body.text(deep=True, strip=True)) if body is not None else 0
            for name, selector in CANDIDATES.items():
                seen = False
                matched: set[int] = set()
                outers = []
                for node in tree.css(selector):
                    if RESPONSIVE_SHOW.search(node.attributes.get("class") or ""):
                        stats[name][3] += 1
                        continue
                    matched.add(node.mem_id)
                    parent, outer = node.parent, True
                    while parent is not None:
                        if parent.mem_id in matched:
                            outer = False
                            break
                        parent = parent.parent
                    if not outer:
                        continue
                    text = node.text(deep=True, separator=" ")
                    if len(text.strip()) >= KEEP_MIN_TEXT and len(text.strip()) >= KEEP_SHARE * total:
                        continue  # khabar keeps such an element: it holds the page's text
                    grams = trigrams(text)
                    outers.append(node)
                    stats[name][1] += len(grams)
                    stats[name][2] += sum(g in gold for g in grams)
                    seen = True
                stats[name][0] += seen
                if seen:
                    inside = {g for n in outers for g in trigrams(n.text(deep=True, separator=" "))} & gold
                    html = tree.html or ""
                    rest = LexborHTMLParser(html)
                    for n in rest.css(selector):
                        if not RESPONSIVE_SHOW.search(n.attributes.get("class") or ""):
                            n.decompose()
                    rb = rest.body or rest.root
                    stats[name][4] += len(inside - set(trigrams(rb.text(deep=True, separator=" ") if rb else "")))
    print(f"{'selector':24} {'pages':>6} {'trigrams':>9} {'main content':>12} {'responsive':>10} {'gold lost':>9}")
    for name, (pages, grams, kept, skipped, lost) in stats.items():
        share = kept / grams if grams else 0.0
        print(f"{name:24} {pages:6d} {grams:9d} {share:12.1%} {skipped:10d} {lost / gold_total:9.2%}")


if __name__ == "__main__":
    main()
