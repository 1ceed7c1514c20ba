"""A block as the scorer sees it: one row of numbers from the block, its neighbours, its
containers and the page, after the rules have run (their verdicts are features too).

The same function builds the rows the model was trained on (`scripts/train_labeller.py`)
and the rows it scores at run time, so training and use cannot drift apart. Adding a
feature means retraining: the shipped model checks the names it was trained with.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable
from functools import lru_cache
from itertools import chain

import numpy as np

from khabar.label.features import GOOD, HEADINGS, NEAR, SHORT
from khabar.label.rules import Labelled
from khabar.model import Block, Label

_QUALITY = {"bad": 0.0, SHORT: 1.0, NEAR: 2.0, GOOD: 3.0}
_LABEL_CODE = {label: float(k) for k, label in enumerate(Label)}
# class/id words worth a feature each (matched as substrings of the enclosing elements' hints)
HINT_WORDS = (
    "content", "article", "post", "entry", "main", "body", "text", "story", "comment", "footer", "header",
    "nav", "menu", "sidebar", "widget", "related", "share", "social", "breadcrumb", "meta", "author",
    "date", "title", "caption", "product", "price", "review", "descr", "forum", "message", "thread",
    "reply", "item", "card", "list", "doc", "markdown", "prose", "answer", "question", "summary", "rich",
    "hidden", "modal", "cookie", "banner", "promo", "sign", "search", "tag", "categor", "faq", "table",
)  # fmt: skip
_TAGS = ("p", "div", "li", "td", "th", "dd", "dt", "blockquote", "pre", "span", "section", "article", "line")
_TAG_INDEX = {t: float(k) for k, t in enumerate(_TAGS)}
_SENT_END = re.compile(r"[.!?؟۔](?:\s|$)|[。！？]")  # Chinese and Japanese put no space after
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[,،;؛:、，；：]")
# a price: a currency sign before a number, or a currency after one. Written to open with one
# character class (a sign or a digit), then what follows each: the regex engine skips to
# such characters instead of trying both branches at every position (0.24 -> 0.15 ms a page).
PRICE = re.compile(r"[$€£¥₹\d](?:(?<=[$€£¥₹])\s?\d|(?<=\d)\s?(?:USD|EUR|SAR|AED|EGP|ريال|درهم|جنيه|دينار))", re.I)

BLOCK_NAMES: tuple[str, ...] = (
    "words", "chars", "link_density", "stop", "ends_sentence", "ellipsis", "pattern", "pattern_code",
    "teaser", "negative_hint", "positive_hint", "hint_label_code", "quality", "figure_caption",
    "site_boilerplate", "rule_body", "rule_title", "rule_label", "in_region", "in_container", "depth",
    "position", "from_end", "heading", *(f"tag_{t}" for t in _TAGS), "has_href", "sentences", "digits",
    "commas", "price", "repeats", "same_hints", "same_hints_words", "parent_blocks", "parent_words",
    "parent_links", "grand_blocks", "grand_words", "grand_links", "grand_share", "parent_body_share",
    *(f"{side}_{name}" for side in ("prev", "next", "prev2", "next2")
      for name in ("words", "link_density", "quality", "rule_body", "heading")),
    "page_blocks", "page_words", "page_links", "page_rule_body", "dom", "arabic_script",
    *(f"hint_{w}" for w in HINT_WORDS), "hidden",
)  # fmt: skip


@lru_cache(maxsize=4096)
def _hint_bits(hints: str) -> tuple[float, ...]:
    """Which of HINT_WORDS the three nearest enclosing elements name."""
    near = " ".join(hints.rsplit(" > ", 3)[-3:]).replace("-", "").replace("_", "")
    return tuple(1.0 if w in near else 0.0 for w in HINT_WORDS)


_NO_HINTS = tuple(0.0 for _ in HINT_WORDS)


def _log(n: float) -> float:
    return math.log1p(n)


TEXT_CACHE_CHARS = 200  # texts up to this long are cached: menus and footers, not paragraphs


def _text_numbers(text: str) -> tuple[int, float, int, bool]:
    """Sentence ends, share of digits, clause punctuation, a price. Short texts are cached
    (a corpus repeats its menus and footers on every page); paragraphs, which do not
    repeat, are not, so a long run's cache holds a few MB, not a copy of its last pages."""
    return _short_text_numbers(text) if len(text) <= TEXT_CACHE_CHARS else _count_text(text)


@lru_cache(maxsize=8192)
def _short_text_numbers(text: str) -> tuple[int, float, int, bool]:
    return _count_text(text)


def _count_text(text: str) -> tuple[int, float, int, bool]:
    return (
        len(_SENT_END.findall(text[:3000])),
        len(_DIGIT.findall(text[:500])) / max(1, min(len(text), 500)),
        len(_PUNCT.findall(text[:3000])),
        PRICE.search(text[:300]) is not None,
    )


def ids_of(keys: Iterable[Hashable]) -> np.ndarray:
    """Small int ids, equal for equal keys, in order of first appearance."""
    seen: dict[Hashable, int] = {}
    return np.fromiter((seen.setdefault(k, len(seen)) for k in keys), dtype=np.intp)


def shifted(col: np.ndarray, by: int) -> np.ndarray:
    """col moved by `by` places (a block's neighbour at i+by), -1 beyond the page."""
    out = np.full_like(col, -1.0)
    if by > 0:
        out[:-by] = col[by:]
    elif by < 0:
        out[-by:] = col[:by]
    return out


def block_rows(blocks: list[Block], found: Labelled, *, dom: bool, arabic_script: bool) -> np.ndarray:
    """The scorer's input: one row per block, columns as BLOCK_NAMES. Per-block values that
    need the text are read in one pass; the rest is numpy over the page's columns."""
    n = len(blocks)
    feats = found.feats
    start, end = found.region
    f64 = np.float64
    words = np.fromiter((f.words for f in feats), f64, n)
    chars = np.fromiter((len(b.text) for b in blocks), f64, n)
    links = np.fromiter((b.link_chars for b in blocks), f64, n)
    link_density = np.divide(links, chars, out=np.zeros(n), where=chars > 0)
    in_body = np.zeros(n)
    in_body[found.body] = 1.0
    quality = np.fromiter((_QUALITY.get(f.quality, 1.0) for f in feats), f64, n)
    heading = np.fromiter((float(b.tag[1]) if b.tag in HEADINGS else 0.0 for b in blocks), f64, n)
    log_words = np.log1p(words)

    # groups: the same text, the same hint string; an element's blocks are those it
    # holds as their parent or grandparent
    text_ids = ids_of(b.text for b in blocks)
    hint_ids = ids_of(b.hints for b in blocks)
    # the page's size, links and positions count each distinct text once: a block repeated
    # thousands of times (an ad, a placeholder) must not make the page look like another
    first = np.zeros(n, dtype=bool)
    first[np.unique(text_ids, return_index=True)[1]] = True
    distinct = float(first.sum())
    total_words = words[first].sum() or 1.0
    total_chars = chars[first].sum() or 1.0

    def per_group(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.bincount(ids, weights=values)[ids]
        return out

    ones = np.ones(n)
    has_parent = np.fromiter((1.0 if b.path else 0.0 for b in blocks), f64, n)
    owners = [i for i, b in enumerate(blocks) if b.path]
    pair_el = [b.path[-1] for b in blocks if b.path] + [b.path[-2] for b in blocks if len(b.path) > 1]
    pair_block = owners + [i for i, b in enumerate(blocks) if len(b.path) > 1]
    parent_of = np.zeros(n, dtype=np.intp)
    grand_of = np.zeros(n, dtype=np.intp)
    stats: list[np.ndarray]
    if pair_el:
        uniq, inv = np.unique(np.asarray(pair_el), return_inverse=True)
        at = np.asarray(pair_block, dtype=np.intp)
        stats = [np.bincount(inv, weights=v[at], minlength=uniq.size) for v in (ones, words, links, chars, in_body)]
        parent_of[owners] = inv[: len(owners)]
        grand_of[owners] = np.searchsorted(uniq, [b.path[-2] if len(b.path) > 1 else b.path[-1] for b in
                                                  (blocks[i] for i in owners)])  # fmt: skip
    else:
        stats = [np.zeros(1) for _ in range(5)]
    el = []
    for of in (parent_of, grand_of):
        cnt, wsum, lsum, csum = (st[of] for st in stats[:4])
        el.append((np.log1p(cnt), np.log1p(wsum), lsum / np.where(csum > 0, csum, 1.0), cnt, wsum))
    parent_body = stats[4][parent_of] / np.where(el[0][3] > 0, el[0][3], 1.0)
    grand_share = el[1][4] / total_words

    # what needs each block's own text or features
    container = found.container
    code = _LABEL_CODE
    own = np.fromiter(
        chain.from_iterable(
            (
                f.stop,
                f.ends_sentence,
                f.ellipsis,
                f.pattern is not None,
                code[f.pattern] if f.pattern is not None else -1.0,
                f.teaser is not None,
                f.negative_hint,
                f.positive_hint,
                code[f.hint_label] if f.hint_label is not None else -1.0,
                f.figure_caption,
                f.site_boilerplate,
                code[b.label],
                container is not None and container in b.path,
                len(b.path),
                _TAG_INDEX.get(b.tag, -1),
                b.href is not None and b.href != "",
                *_text_numbers(b.text),
            )
            for b, f in zip(blocks, feats)
        ),
        dtype=f64,
        count=n * 20,
    ).reshape(n, 20)
    tag_hot = np.zeros((n, len(_TAGS)))
    tags = own[:, 14].astype(np.intp)
    tag_hot[np.flatnonzero(tags >= 0), tags[tags >= 0]] = 1.0
    price = own[:, 19]
    title = np.zeros(n)
    if found.title_index is not None:
        title[found.title_index] = 1.0
    index = np.arange(n, dtype=f64)
    place = np.cumsum(first, dtype=f64) - 1.0  # the block's place among the distinct texts
    region = ((index >= start) & (index < end)).astype(f64)
    arabic = 1.0 if arabic_script else 0.0
    page = np.array([np.log1p(distinct), np.log1p(total_words), links[first].sum() / total_chars,
                     (words * in_body)[first].sum() / total_words, 1.0 if dom else 0.0, arabic])  # fmt: skip
    # one row of hint bits per distinct hint string, then one per block (blocks share strings)
    first_hint = np.unique(hint_ids, return_index=True)[1]
    bits = np.array([_hint_bits(blocks[i].hints) if blocks[i].hints else _NO_HINTS for i in first_hint], dtype=f64)
    hints = bits.reshape(first_hint.size, len(HINT_WORDS))[hint_ids]
    neighbours = []
    for by in (-1, 1, -2, 2):
        neighbours += [shifted(c, by) for c in (log_words, link_density, quality, in_body, heading)]
    columns = [
        log_words, np.log1p(chars), link_density, own[:, 0], own[:, 1], own[:, 2], own[:, 3], own[:, 4],
        own[:, 5], own[:, 6], own[:, 7], own[:, 8], quality, own[:, 9], own[:, 10], in_body, title, own[:, 11],
        region, own[:, 12], own[:, 13], place / max(distinct, 1.0), np.log1p(distinct - place), heading,
    ]  # fmt: skip
    rest = [
        own[:, 15], own[:, 16], own[:, 17], own[:, 18] / np.maximum(1.0, words), price,
        np.log1p(per_group(text_ids, ones) - 1), np.log1p(per_group(hint_ids, ones)),
        np.log1p(per_group(hint_ids, words)),
        el[0][0] * has_parent, el[0][1] * has_parent, el[0][2] * has_parent,
        el[1][0] * has_parent, el[1][1] * has_parent, el[1][2] * has_parent,
        np.where(has_parent > 0, grand_share, 1.0), np.where(has_parent > 0, parent_body, in_body),
        *neighbours,
    ]  # fmt: skip
    hidden = np.fromiter((b.hidden_chars for b in blocks), f64, n)
    hidden = np.divide(hidden, chars, out=np.zeros(n), where=chars > 0)
    out = np.column_stack([*columns, tag_hot, *rest, np.broadcast_to(page, (n, page.size)), hints, hidden])
    return out.astype(np.float32)
