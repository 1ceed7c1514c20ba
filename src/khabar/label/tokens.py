"""What the words of a block's class/id hints and of its opening say, learned across sites.

HINT_WORDS (vector.py) names some fifty class words by hand; templates use thousands
("entry-content", "woocommerce-tabs", "upsell", "comment-body", "swiper-slide"...), and a
block's first words ("posted by", "add to cart", "اقرأ أيضا") say much too. The training
script counts, for every token, in how many sites it occurs and what share of its blocks'
words is main content there, and ships a table of log-odds for tokens seen on at least
MIN_SITES sites (a site's own class names teach nothing about other sites). A block's
columns are the mean, lowest and highest log-odds of its known hint tokens, and the mean of
its known opening words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import chain

import numpy as np

from khabar.model import HINT_SEP

HINT_LEVELS = 3  # the nearest enclosing elements whose class/id words count
TEXT_WORDS = 12  # the opening words of a block that count...
OPENING_CHARS = TEXT_WORDS * 12  # ...read from this many characters at most
MIN_SITES = 3  # a token counts once it is seen on this many training sites
PRIOR_WEIGHT = 2.0  # sites' worth of the overall content share a token's estimate starts from

TOKEN_NAMES: tuple[str, ...] = (
    "tok_hint_mean", "tok_hint_min", "tok_hint_max", "tok_hint_known", "tok_text_mean", "tok_text_known",
)  # fmt: skip

_PIECES = re.compile(r"[^a-z]+")
_WORD = re.compile(r"\w+")


def hint_tokens(hints: str) -> tuple[str, ...]:
    """The class/id words of the nearest HINT_LEVELS elements: each whole name ("c:entry-content")
    and its alphabetic pieces of three letters or more ("p:entry", "p:content"); tag names are
    left out (the row has them)."""
    return tuple(sorted(set().union(*map(_level_tokens, _levels(hints)))))


def _levels(hints: str) -> list[str]:
    """The hints of the nearest HINT_LEVELS elements."""
    return hints.rsplit(HINT_SEP, HINT_LEVELS)[-HINT_LEVELS:]


@lru_cache(maxsize=8192)
def _level_tokens(level: str) -> frozenset[str]:
    """One element's tokens (its hint: tag, then class, id, itemprop and role words)."""
    out: set[str] = set()
    for name in level.split()[1:]:
        out.add(f"c:{name}")
        out.update(f"p:{piece}" for piece in _PIECES.split(name) if len(piece) >= 3)
    return frozenset(out)


def text_tokens(text: str) -> tuple[str, ...]:
    """A block's opening words, lowercased, numbers left out."""
    return _text_tokens(text[:OPENING_CHARS])


def _text_tokens(opening: str) -> tuple[str, ...]:
    return tuple(f"w:{w}" for w in _WORD.findall(opening.lower())[:TEXT_WORDS] if not w.isdigit())


def log_odds(content: float, sites: float, prior: float) -> float:
    """A token's log-odds of main content beside the overall odds: `content` is the sum over
    the sites it occurs on of the share of its words that are main content there."""
    p = (content + PRIOR_WEIGHT * prior) / (sites + PRIOR_WEIGHT)
    return math.log(p / (1.0 - p)) - math.log(prior / (1.0 - prior))


_NONE = (0.0, 0.0, 0.0, 0.0)


class TokenTable:
    """Tokens' log-odds, and the columns they have given each hint string and opening: a
    site's menus, footers and templates repeat on every page, so most blocks are answered
    from these (each bounded at CACHE entries, then started afresh)."""

    CACHE = 20_000

    def __init__(self, logodds: Mapping[str, float]) -> None:
        self.logodds = logodds
        self._hints: dict[str, tuple[float, float, float, float]] = {}
        self._levels: dict[str, dict[str, float]] = {}
        self._texts: dict[str, tuple[float, float]] = {}

    def hint_columns(self, hints: str) -> tuple[float, float, float, float]:
        cols = self._hints.get(hints)
        if cols is None:
            known: dict[str, float] = {}
            for level in _levels(hints):
                known.update(self._level_known(level))
            values = list(known.values())
            # fsum: the same answer whatever order the tokens came in
            cols = (math.fsum(values) / len(values), min(values), max(values), len(values)) if values else _NONE
            if len(self._hints) >= self.CACHE:
                self._hints.clear()
            self._hints[hints] = cols
        return cols

    def _level_known(self, level: str) -> dict[str, float]:
        known = self._levels.get(level)
        if known is None:
            get = self.logodds.get
            known = {tok: v for tok in _level_tokens(level) if (v := get(tok)) is not None}
            if len(self._levels) >= self.CACHE:
                self._levels.clear()
            self._levels[level] = known
        return known

    def text_columns(self, text: str) -> tuple[float, float]:
        opening = text[:OPENING_CHARS]
        cols = self._texts.get(opening)
        if cols is None:
            words = _text_tokens(opening)
            said = [v for v in map(self.logodds.get, words) if v is not None]
            cols = (sum(said) / len(said) if said else 0.0, len(said) / len(words) if words else 0.0)
            if len(self._texts) >= self.CACHE:
                self._texts.clear()
            self._texts[opening] = cols
        return cols

    def columns(self, hints: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """TOKEN_NAMES for each block (hints and texts: the blocks')."""
        cells = chain.from_iterable((*self.hint_columns(h), *self.text_columns(t)) for h, t in zip(hints, texts))
        n = len(hints)
        return np.fromiter(cells, dtype=np.float32, count=n * len(TOKEN_NAMES)).reshape(n, len(TOKEN_NAMES))
