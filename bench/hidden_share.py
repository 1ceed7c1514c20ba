#!/usr/bin/env python3
"""How much of the text inside elements a page hides is main content: the measurement
behind khabar.page.html's hidden-element rules.

    python bench/hidden_share.py [--shared ../shared] [--set wcxb-dev]

For each pattern, over every page of the set: the pages it matches, the word trigrams
inside its outermost matches (leaving out those khabar keeps because they hold most of the
page's text), the share of those trigrams the gold main content holds, and the share of all
gold trigrams found only inside the matches (what dropping them loses: text hidden on a
desktop is often a copy of text shown elsewhere, which the share counts but the loss does
not), overall and per page type. A pattern whose text is almost never main content found
nowhere else can be dropped; khabar keeps the others' blocks, marked hidden, for the scorer.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from khabar.page.html import (
    DESKTOP_HIDING_CLASSES,
    HIDDEN_KEEP_MIN_TEXT,
    HIDDEN_KEEP_SHARE,
    HIDING_CLASSES,
    HIDING_SELECTOR,
    hidden_by_class,
)

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"\w+")
_RESPONSIVE = re.compile(r"(?:^|\s)(?:d-(?:sm|md|lg|xl)-\S+|(?:sm|md|lg|xl):\S+)")

Candidate = tuple[str, Callable[[str], bool]]  # a selector, and a test of the class words
CANDIDATES: dict[str, Candidate] = {
    **{f"class {name}": (f'[class~="{name}"]', hidden_by_class) for name in sorted(HIDING_CLASSES)},
    "desktop-hiding names": (
        ", ".join(f'[class~="{name}"]' for name in sorted(DESKTOP_HIDING_CLASSES)),
        hidden_by_class,
    ),
    "Tailwind bare hidden": ('[class~="hidden"]', lambda c: hidden_by_class(c) and not _RESPONSIVE.search(c)),
    "responsive utilities": (HIDING_SELECTOR, lambda c: hidden_by_class(c) and bool(_RESPONSIVE.search(c))),
    "all of khabar's classes": (HIDING_SELECTOR, hidden_by_class),
    # the attribute selectors khabar used before the classes, for comparison
    "[hidden]": ("[hidden]", lambda c: True),
    # menus that open on a hover or a click (khabar drops them)...
    "submenus": (
        '[class~="sub-menu"], [class~="submenu"], [class~="mega-menu"], [class~="dropdown-content"]',
        lambda c: True,
    ),
    "closed dropdown-menu": ('[class~="dropdown-menu"]:not(.show)', lambda c: True),
    "closed modal": ('[class~="modal"]:not(.show)', lambda c: True),
    "dropdown in closed details": (
        'details:not([open]) > [class*="menu"], details:not([open]) > [class*="dropdown"], '
        'details:not([open]) > [class*="popover"]',
        lambda c: True,
    ),
    # ...and what a click opens, which khabar reads and marks (FAQ answers, product tabs)
    "closed details": ("details:not([open]) > :not(summary)", lambda c: True),
    "closed collapse": ('[class~="collapse"]:not(.show):not(.in)', lambda c: True),
    "inactive tab-pane": ('[class~="tab-pane"]:not(.active)', lambda c: True),
    "aria-hidden": ('[aria-hidden="true"]', lambda c: True),
    "display:none": ('[style*="display:none" i], [style*="display: none" i]', lambda c: True),
}


def trigrams(text: str) -> list[tuple[str, ...]]:
    w = WORD.findall(text.lower())
    return [tuple(w[i : i + 3]) for i in range(len(w) - 2)]


def matches(tree: LexborHTMLParser, candidate: Candidate, total: int) -> list[LexborNode]:
    """The outermost matches, leaving out those khabar reads unmarked (they hold the page)."""
    selector, test = candidate
    chosen: set[int] = set()
    out = []
    for node in tree.css(selector):
        if not test(node.attributes.get("class") or ""):
            continue
        chosen.add(node.mem_id)
        parent = node.parent
        while parent is not None and parent.mem_id not in chosen:
            parent = parent.parent
        if parent is not None:
            continue  # inside an earlier match
        size = len(node.text(deep=True, strip=True))
        if size >= HIDDEN_KEEP_MIN_TEXT and size >= HIDDEN_KEEP_SHARE * total:
            continue  # khabar keeps it: it holds the page's text
        out.append(node)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--set", default="wcxb-dev")
    a = ap.parse_args()
    # per pattern: pages, trigrams inside, of them in gold, gold trigrams found only there
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    gold_total = 0
    # per pattern and page type: gold trigrams found only inside (the loss is not spread
    # evenly: a product's description tab, a service page's accordion)
    lost_by_type: dict[tuple[str, str], int] = defaultdict(int)
    gold_by_type: dict[str, int] = defaultdict(int)
    with gzip.open(a.shared / "bench" / "data" / f"{a.set}.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if not row.get("html"):
                continue
            gold = set(trigrams(row.get("gold_body") or ""))
            gold_total += len(gold)
            page_type = row.get("page_type") or "?"
            gold_by_type[page_type] += len(gold)
            tree = LexborHTMLParser(row["html"])
            tree.strip_tags(["script", "style", "noscript", "template"])
            body = tree.body or tree.root
            total = len(body.text(deep=True, strip=True)) if body is not None else 0
            page = Counter(trigrams(body.text(deep=True, separator=" ") if body is not None else ""))
            for name, candidate in CANDIDATES.items():
                found = matches(tree, candidate, total)
                if not found:
                    continue
                inside = Counter(g for node in found for g in trigrams(node.text(deep=True, separator=" ")))
                shown = page - inside  # the page's trigrams outside the matches
                s = stats[name]
                s[0] += 1
                s[1] += inside.total()
                s[2] += sum(n for g, n in inside.items() if g in gold)
                lost = sum(1 for g in inside if g in gold and not shown[g])
                s[3] += lost
                lost_by_type[(name, page_type)] += lost
    print(f"{'pattern':26} {'pages':>6} {'trigrams':>9} {'in gold':>8} {'gold lost':>9}")
    for name, (pages, grams, in_gold, lost) in stats.items():
        share = in_gold / grams if grams else 0.0
        print(f"{name:26} {pages:6d} {grams:9d} {share:8.1%} {lost / max(gold_total, 1):9.2%}")
    types = sorted(gold_by_type, key=lambda t: -gold_by_type[t])
    print(f"\ngold lost, by page type\n{'pattern':26} " + " ".join(f"{t[:9]:>9}" for t in types))
    for name in stats:
        cells = " ".join(f"{lost_by_type[(name, t)] / max(gold_by_type[t], 1):9.2%}" for t in types)
        print(f"{name:26} {cells}")


if __name__ == "__main__":
    main()
