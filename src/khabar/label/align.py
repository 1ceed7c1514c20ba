"""Gold text to blocks: which blocks of a page an annotator's main content holds.

Used only to make training data (`scripts/train_labeller.py`). Gold is running text and
blocks are the page's own segmentation, so neither maps one to one: a gold paragraph may
span two blocks, a block may hold two gold paragraphs. A block is therefore scored by how
many of its words stand in a word trigram that the gold text also has; a block too short
for trigrams counts only when it is a whole gold line (an intertitle, a list item), since
"Home" or "More" inside a gold sentence says nothing about a menu's "Home".
"""

from __future__ import annotations

import re

from khabar.lang.normalize import normalize

_TOKEN = re.compile(r"\w+")
CONTENT_SHARE = 0.5  # a block is main content when at least this share of its words is in gold


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text.lower()))


class Gold:
    """One page's gold main content, indexed for alignment."""

    def __init__(self, body: str) -> None:
        toks = tokens(body)
        self.trigrams = {tuple(toks[k : k + 3]) for k in range(len(toks) - 2)}
        self.lines = {tuple(tokens(line)) for line in body.split("\n")}

    def coverage(self, text: str) -> float:
        """Share of the block's words that the gold text holds in the same order."""
        toks = tokens(text)
        if not toks:
            return 0.0
        if len(toks) < 3:
            return 1.0 if tuple(toks) in self.lines else 0.0
        covered = [False] * len(toks)
        for k in range(len(toks) - 2):
            if tuple(toks[k : k + 3]) in self.trigrams:
                covered[k] = covered[k + 1] = covered[k + 2] = True
        return sum(covered) / len(toks)


def align(texts: list[str], body: str) -> list[float]:
    """Each block's coverage by the gold body (0..1), in block order."""
    gold = Gold(body)
    return [gold.coverage(t) for t in texts]
