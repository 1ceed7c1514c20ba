"""Site-level boilerplate learning: blocks that recur across many pages of one site.

A menu, a footer, a widget title or "تابعونا على" is the same on every page of a site,
while an article's own sentences are not. A first pass counts, per site, on how many
pages each block's fingerprint occurs; in the second pass the labeller treats the blocks
that recur on a large share of the site's pages as boilerplate, whatever it thought of
them on one page alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import xxhash

_DIGITS = re.compile(r"\d+")
MIN_PAGES = 4  # below this many pages of a site, nothing is learned for it
SHARE = 0.3  # a block on at least this share of the site's pages is boilerplate
MIN_COUNT = 3  # ... and on at least this many pages
MAX_PAGES = 2000  # pages per site counted in the first pass (enough to learn a template)
MAX_FINGERPRINTS = 200_000  # per site, so a huge site cannot exhaust memory


def fingerprint(text: str) -> int:
    """A 64-bit hash of a block's text with digits folded ("منذ 3 ساعات" = "منذ 5 ساعات").
    A template repeats its blocks byte for byte, so no further normalisation is needed
    (and none is paid for on every block of every page of the first pass)."""
    return xxhash.xxh64_intdigest(_DIGITS.sub("0", text).encode("utf-8"))


# One page as the first pass saw it: (site, key, fingerprints). The key is the page's
# longest block: the same article captured twice has the same key.
PagePrints = tuple[str, int, tuple[int, ...]]


def page_prints(site: str, texts: Iterable[str]) -> PagePrints | None:
    """What the first pass keeps of one page (None for a page without text)."""
    prints = {fingerprint(t): len(t) for t in texts}
    if not prints:
        return None
    return site, max(prints, key=lambda fp: prints[fp]), tuple(prints)


@dataclass
class SiteCounts:
    """Per site: how many pages were seen, and on how many of them each fingerprint occurs."""

    pages: Counter[str] = field(default_factory=Counter)
    blocks: dict[str, Counter[int]] = field(default_factory=dict)
    seen: dict[str, set[int]] = field(default_factory=dict)  # each site's pages, by key

    def add(self, site: str, texts: Iterable[str]) -> None:
        """Count one page's blocks."""
        page = page_prints(site, texts)
        if page is not None:
            self.add_page(page)

    def add_page(self, page: PagePrints) -> None:
        """Count one page. A page whose key was seen before on the site (the same article
        captured twice, or syndicated) adds nothing: its repeats are the article's, not the
        template's. Workers send pages, not counts, so this holds across a parallel run."""
        site, key, prints = page
        if self.pages[site] >= MAX_PAGES:
            return
        seen = self.seen.setdefault(site, set())
        if key in seen:
            return
        seen.add(key)
        self.pages[site] += 1
        counts = self.blocks.setdefault(site, Counter())
        for fp in prints:
            if fp in counts or len(counts) < MAX_FINGERPRINTS:
                counts[fp] += 1

    def boilerplate(self) -> dict[str, frozenset[int]]:
        """Each site's recurring fingerprints (sites with too few pages learn nothing)."""
        out: dict[str, frozenset[int]] = {}
        for site, n in self.pages.items():
            if n < MIN_PAGES:
                continue
            need = max(MIN_COUNT, SHARE * n)
            common = frozenset(fp for fp, c in self.blocks.get(site, Counter()).items() if c >= need)
            if common:
                out[site] = common
        return out
