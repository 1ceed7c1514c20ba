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

import numpy as np

from khabar.model import HINT_SEP

HINT_LEVELS = 3  # the nearest enclosing elements whose class/id words count
TEXT_WORDS = 12  # the opening words of a block that count
MIN_SITES = 3  # a token counts once it is seen on this many training sites
PRIOR_WEIGHT = 2.0  # sites' worth of the overall content share a token's estimate starts from

TOKEN_NAMES: tuple[str, ...] = (
    "tok_hint_mean", "tok_hint_min", "tok_hint_max", "tok_hint_known", "tok_text_mean", "tok_text_known",
)  # fmt: skip

_PIECES = re.compile(r"[^a-z]+")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def hint_tokens(hints: str) -> tuple[str, ...]:
    """The class/id words of the nearest HINT_LEVELS elements: each whole name ("c:entry-content")
    and its alphabetic pieces of three letters or more ("p:entry", "p:content"); tag names are
    left out (the row has them)."""
    out: set[str] = set()
    for level in hints.rsplit(HINT_SEP, HINT_LEVELS)[-HINT_LEVELS:]:
        for name in level.split()[1:]:
            out.add(f"c:{name}")
            out.update(f"p:{piece}" for piece in _PIECES.split(name) if len(piece) >= 3)
    return tuple(sorted(out))


def text_tokens(text: str) -> tuple[str, ...]:
    """A block's opening words, lowercased, numbers left out."""
    return _text_tokens(text[: TEXT_WORDS * 12])  # the opening is cached: menus repeat on every page


@lru_cache(maxsize=8192)
def _text_tokens(opening: str) -> tuple[str, ...]:
    return tuple(f"w:{w}" for w in _WORD.findall(opening.lower())[:TEXT_WORDS] if not w.isdigit())


def log_odds(content: float, sites: float, prior: float) -> float:
    """A token's log-odds of main content beside the overall odds: `content` is the sum over
    the sites it occurs on of the share of its words that are main content there."""
    p = (content + PRIOR_WEIGHT * prior) / (sites + PRIOR_WEIGHT)
    return math.log(p / (1.0 - p)) - math.log(prior / (1.0 - prior))


def token_columns(hints: Sequence[str], texts: Sequence[str], table: Mapping[str, float]) -> np.ndarray:
    """TOKEN_NAMES for each block (hints and texts: the blocks'; table: token -> log-odds)."""
    n = len(texts)
    out = np.zeros((n, len(TOKEN_NAMES)), dtype=np.float32)
    by_hints: dict[str, tuple[float, float, float, float]] = {}
    for i, (h, t) in enumerate(zip(hints, texts)):
        cols = by_hints.get(h)
        if cols is None:
            known = [table[k] for k in hint_tokens(h) if k in table]
            cols = (sum(known) / len(known), min(known), max(known), len(known)) if known else (0.0, 0.0, 0.0, 0.0)
            by_hints[h] = cols
        words = text_tokens(t)
        said = [table[k] for k in words if k in table]
        out[i] = (*cols, sum(said) / len(said) if said else 0.0, len(said) / len(words) if words else 0.0)
    return out
