"""A block in the light of its neighbours' first scores: the second stage's input.

The first scorer sees each block with its neighbours' and containers' *features*; whether
those neighbours are content it cannot know. A product's description is a short paragraph
among buttons, a listing's item a link among links: what decides is whether the block sits
with blocks that are themselves content. So the first scores are passed round once: each
block gets the scores of the blocks before and after it, of the blocks its parent,
grandparent and great-grandparent elements hold, of the blocks with the same class/id hints,
where the page's likely content lies in its tree (region_rows), the page's type
probabilities and what the block's tokens say (tokens.py), and a second
forest scores it again with these beside its own row (as auto-context and stacked sequence
labellers do, in one cheap step instead of a sequence model). Trained on out-of-fold first
scores, so it learns from scores like those it meets at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import NamedTuple

import numpy as np

from khabar.label.pagetype import PAGE_TYPES
from khabar.label.tokens import TOKEN_NAMES
from khabar.label.vector import BLOCK_NAMES, ids_of, shifted
from khabar.model import Block

GROUP_KINDS = ("parent", "grand", "great", "hints")
_SHIFTS = (-3, -2, -1, 1, 2, 3)
WINDOW = 5  # blocks each side for the windowed means

CONTEXT_NAMES: tuple[str, ...] = (
    "q", *(f"q_{'prev' if s < 0 else 'next'}{abs(s)}" for s in _SHIFTS),
    "q_window_mean", "q_window_max", "q_before_max", "q_after_max",
    *(f"ctx_{g}_{name}" for g in GROUP_KINDS for name in ("q_mean", "q_max", "q_min", "blocks")),
    "gap_before", "gap_after",
)  # fmt: skip

# Where the page's content lies in its tree. A product's description and a listing's items
# sit in the element that holds most of the page's likely content, a related-products
# carousel or a mega-menu in another branch, however sure the first scorer is of each block
# alone. So for the elements 1, 2, 4 and 8 levels above a block: the share of the page's
# content mass (first score x weight) under it and its mean score; and how far up the
# block meets the headline's branch, and the mass under that meeting point.
REGION_LEVELS = (1, 2, 4, 8)
REGION_NAMES: tuple[str, ...] = (
    *(f"region_share_{k}" for k in REGION_LEVELS), *(f"region_mean_{k}" for k in REGION_LEVELS),
    "title_up", "title_meet_share",
)  # fmt: skip

# the second stage's whole row: the block's own row, its context, the page's type
# probabilities, and what its hint and text tokens say (tokens.py)
SECOND_NAMES: tuple[str, ...] = (
    *BLOCK_NAMES, *CONTEXT_NAMES, *REGION_NAMES, *(f"type_{t}" for t in PAGE_TYPES), *TOKEN_NAMES,
)  # fmt: skip


class Paths(NamedTuple):
    """Every block's enclosing elements (Block.path, outermost first, its own element last),
    flattened: `lengths[i]` ids of `flat` belong to block i. Compact enough to keep for the
    800,000 blocks of the training pages."""

    lengths: np.ndarray  # intp, per block
    flat: np.ndarray  # intp, element ids (>= 0), block after block


def block_paths(blocks: Sequence[Block]) -> Paths:
    """The blocks' paths as Paths (crawl text: every block's path is empty)."""
    lengths = np.fromiter((len(b.path) for b in blocks), dtype=np.intp, count=len(blocks))
    flat = np.fromiter(chain.from_iterable(b.path for b in blocks), dtype=np.intp, count=int(lengths.sum()))
    return Paths(lengths, flat)


def second_rows(
    rows: np.ndarray,
    probs: np.ndarray,
    words: np.ndarray,
    groups: np.ndarray,
    paths: Paths,
    title: int | None,
    type_probs: np.ndarray,
    tokens: np.ndarray,
) -> np.ndarray:
    """The context scorer's input, columns as SECOND_NAMES (rows: vector.block_rows; probs:
    the first scores; words: each block's words; groups: block_groups; paths: block_paths;
    title: the headline's block; type_probs: in PAGE_TYPES' order; tokens:
    tokens.TokenTable.columns)."""
    n = rows.shape[0]
    types = np.broadcast_to(np.asarray(type_probs, dtype=np.float32), (n, len(PAGE_TYPES)))
    return np.hstack(
        [
            rows.astype(np.float32),
            context_rows(probs, words, groups),
            region_rows(probs, words, paths, title),
            types,
            tokens,
        ]
    )


def block_groups(blocks: Sequence[Block]) -> np.ndarray:
    """Per block, ids of the groups it shares with other blocks (columns as GROUP_KINDS): its
    parent, grandparent and great-grandparent elements and its hint string. A block without
    such an element (crawl text) is a group of its own."""
    n = len(blocks)
    out = np.empty((n, len(GROUP_KINDS)), dtype=np.intp)
    for k in (1, 2, 3):  # a block's path ends with its own element; element ids are >= 0
        ids = np.fromiter((b.path[-1 - k] if len(b.path) > k else -1 - i for i, b in enumerate(blocks)), np.int64, n)
        out[:, k - 1] = np.unique(ids, return_inverse=True)[1].reshape(n)
    out[:, 3] = ids_of(b.hints or i for i, b in enumerate(blocks))
    return out


def _group_stats(ids: np.ndarray, q: np.ndarray, w: np.ndarray) -> list[np.ndarray]:
    """The other blocks of each block's group: their word-weighted mean score, max, min and
    how many they are (-1 where the block is alone)."""
    size = np.bincount(ids)
    others = size[ids] - 1
    wsum = np.bincount(ids, weights=w)[ids] - w
    qsum = np.bincount(ids, weights=w * q)[ids] - w * q
    mean = np.where(others > 0, qsum / np.where(wsum > 0, wsum, 1.0), -1.0)
    # max and min over the others: sort by (group, score) and read each group's two ends
    order = np.lexsort((q, ids))
    first = np.searchsorted(ids[order], np.arange(size.size))
    last = first + size - 1
    lo, hi = q[order][first][ids], q[order][last][ids]
    lo2 = q[order][np.minimum(first + 1, last)][ids]
    hi2 = q[order][np.maximum(last - 1, first)][ids]
    qmax = np.where(q >= hi, hi2, hi)  # the block itself may be the group's top
    qmin = np.where(q <= lo, lo2, lo)
    alone = others <= 0
    return [mean, np.where(alone, -1.0, qmax), np.where(alone, -1.0, qmin), np.log1p(others)]


def context_rows(q: np.ndarray, words: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """CONTEXT_NAMES for every block: q the first scores, words each block's words, groups
    block_groups' ids."""
    n = q.shape[0]
    q = q.astype(np.float64)
    w = np.sqrt(1.0 + words.astype(np.float64))
    cols: list[np.ndarray] = [q, *(shifted(q, s) for s in _SHIFTS)]
    # windowed mean and max over WINDOW blocks each side (cumulative sums; max by shifts)
    pad = np.concatenate([[0.0], np.cumsum(w * q)])
    padw = np.concatenate([[0.0], np.cumsum(w)])
    idx = np.arange(n)
    lo, hi = np.maximum(0, idx - WINDOW), np.minimum(n, idx + WINDOW + 1)
    cols.append((pad[hi] - pad[lo]) / np.maximum(padw[hi] - padw[lo], 1e-9))
    stacked = np.stack([shifted(q, s) for s in range(-WINDOW, WINDOW + 1) if s])
    cols.append(stacked.max(axis=0) if n else np.zeros(0))
    cols += [_after_max(q[::-1])[::-1], _after_max(q)]
    for k in range(groups.shape[1]):
        cols += _group_stats(groups[:, k], q, w)
    content = q >= 0.5
    cols += [_gap(content, forward=False), _gap(content, forward=True)]
    return np.column_stack(cols).astype(np.float32).reshape(n, len(CONTEXT_NAMES))


def region_rows(q: np.ndarray, words: np.ndarray, paths: Paths, title: int | None) -> np.ndarray:
    """REGION_NAMES for every block (-1 where a block has no such element: crawl text, the
    top of the tree, no headline)."""
    n = q.shape[0]
    out = np.full((n, len(REGION_NAMES)), -1.0)
    lengths, flat = paths
    if not n or not flat.size:
        return out.astype(np.float32)
    w = np.sqrt(1.0 + words.astype(np.float64))
    mass_w = q.astype(np.float64) * w
    owner = np.repeat(np.arange(n), lengths)
    size = int(flat.max()) + 1
    mass = np.bincount(flat, weights=mass_w[owner], minlength=size)  # under each element
    weight = np.bincount(flat, weights=w[owner], minlength=size)
    total = max(float(mass_w.sum()), 1e-9)
    ends = np.cumsum(lengths)  # one past each block's own element
    levels = len(REGION_LEVELS)
    for c, k in enumerate(REGION_LEVELS):
        has = lengths > k
        at = flat[np.where(has, ends - 1 - k, 0)]
        out[:, c] = np.where(has, mass[at] / total, -1.0)
        out[:, levels + c] = np.where(has, mass[at] / np.maximum(weight[at], 1e-9), -1.0)
    if title is not None and lengths[title] > 0:
        head = flat[ends[title] - lengths[title] : ends[title]]
        # ids are elements: the ones a block shares with the headline are a run from the top
        shared = np.bincount(owner, weights=np.isin(flat, head), minlength=n).astype(np.intp)
        meets = shared > 0
        out[:, 2 * levels] = np.where(meets, np.log1p(lengths - shared), -1.0)
        meet = flat[np.where(meets, ends - lengths + shared - 1, 0)]
        out[:, 2 * levels + 1] = np.where(meets, mass[meet] / total, -1.0)
    return out.astype(np.float32)


def _after_max(q: np.ndarray) -> np.ndarray:
    """The highest score after each block (-1 at the end)."""
    if not q.size:
        return q
    rev = np.maximum.accumulate(q[::-1])[::-1]
    return np.concatenate([rev[1:], [-1.0]])


def _gap(mask: np.ndarray, *, forward: bool) -> np.ndarray:
    """log1p of the distance in blocks to the nearest content block before (or after) each
    block; log1p(n) where there is none."""
    n = mask.size
    idx = np.arange(n, dtype=np.float64)
    if forward:
        at = np.where(mask, idx, np.inf)
        nxt = np.minimum.accumulate(at[::-1])[::-1]
        nxt = np.concatenate([nxt[1:], [np.inf]])
        dist = nxt - idx
    else:
        at = np.where(mask, idx, -np.inf)
        prv = np.maximum.accumulate(at)
        prv = np.concatenate([[-np.inf], prv[:-1]])
        dist = idx - prv
    return np.log1p(np.where(np.isfinite(dist), dist, n))
