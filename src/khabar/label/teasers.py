"""Teasers: a headline-like block followed by a cut-off excerpt is another article's
teaser; so are link-only headlines under a related heading. And the related items they
make."""

from __future__ import annotations

from collections import Counter

from khabar.label.features import TEASER_MAX_WORDS, Features, headline_like
from khabar.lang import lexicon
from khabar.model import Block, Label, RelatedItem


def find_teasers(blocks: list[Block], feats: list[Features]) -> None:
    """Mark headline + cut-off excerpt pairs, and link headlines in related lists."""
    n = len(blocks)
    sizes: Counter[int] = Counter(eid for b in blocks for eid in b.path[-3:])
    for i in range(n - 1):
        f, g = feats[i], feats[i + 1]
        if g.ellipsis and g.pattern is None and 3 <= g.words <= TEASER_MAX_WORDS and headline_like(blocks[i], f):
            f.teaser, g.teaser = Label.TEASER_TITLE, Label.TEASER_EXCERPT
    # A byline word alone on its line ("كتب") names the author on the next line.
    for i in range(n - 1):
        if feats[i].pattern is Label.BYLINE or feats[i].norm.strip(" :-") in lexicon.BYLINE_WORDS:
            nxt = feats[i + 1]
            if feats[i].words <= 1 and nxt.pattern is None and 1 <= nxt.words <= 5 and not nxt.ends_sentence:
                feats[i].pattern = nxt.pattern = Label.BYLINE
    # An excerpt without its headline but next to other teasers is one too.
    for i in range(n):
        f = feats[i]
        if f.teaser is None and f.ellipsis and 3 <= f.words <= TEASER_MAX_WORDS:
            near = [feats[j].teaser for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < n]
            if any(t is not None for t in near):
                f.teaser = Label.TEASER_EXCERPT
    # Under a related heading, link headlines are teasers until prose starts again.
    i = 0
    while i < n:
        if feats[i].pattern is Label.RELATED_HEADING:
            j = i + 1
            while j < n and j <= i + 40:
                b, g = blocks[j], feats[j]
                if g.teaser is not None or g.pattern is not None:
                    j += 1
                    continue
                if b.link_density > 0.6 and g.words >= 3:
                    g.teaser = Label.TEASER_TITLE
                    j += 1
                    # its excerpt, when one follows in the same item: prose that is not a link
                    if j < n and _is_excerpt_of(b, blocks[j], feats[j], sizes):
                        feats[j].teaser = Label.TEASER_EXCERPT
                        j += 1
                    continue
                if not b.link_chars and j == i + 1 and 3 <= g.words <= 30 and b.tag != "line":
                    j += 1  # a teaser headline that is not a link itself
                    continue
                break
            i = j
        else:
            i += 1


def _same_item(a: Block, b: Block, sizes: Counter[int]) -> bool:
    """Two HTML blocks in one small list item or card (an element holding at most four
    blocks): a teaser's headline and its excerpt, not a headline and the next paragraph."""
    if len(a.path) < 2:
        return False
    parent = a.path[-2]
    return parent in b.path and sizes[parent] <= 4


def _is_excerpt_of(title: Block, b: Block, f: Features, sizes: Counter[int]) -> bool:
    """Prose that is not a link, in the same small item as a teaser headline."""
    if f.pattern is not None or b.link_density >= 0.3 or not 3 <= f.words <= TEASER_MAX_WORDS:
        return False
    return _same_item(title, b, sizes)


def related_items(blocks: list[Block], feats: list[Features]) -> list[RelatedItem]:
    """Other articles the page points to: teaser pairs, links under a related heading, and
    headline links in related or most-read boxes (not every link on the page)."""
    items: list[RelatedItem] = []
    seen: set[str] = set()
    for i, (b, f) in enumerate(zip(blocks, feats)):
        if b.label is not Label.TEASER_TITLE or b.text in seen:
            continue
        if f.teaser is None and f.hint_label is not Label.TEASER_TITLE:
            continue
        if b.tag != "line" and not b.href:
            continue
        seen.add(b.text)
        excerpt = None
        if i + 1 < len(blocks) and blocks[i + 1].label is Label.TEASER_EXCERPT:
            excerpt = blocks[i + 1].text
        items.append(RelatedItem(title=b.text, excerpt=excerpt, url=b.href))
    return items
