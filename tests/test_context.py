"""The context scorer's input: numpy's columns against a plain loop over each block."""

from __future__ import annotations

import math

import numpy as np
import pytest

from khabar.extract import read_page
from khabar.label.context import (
    CONTEXT_NAMES,
    GROUP_KINDS,
    REGION_LEVELS,
    REGION_NAMES,
    WINDOW,
    block_groups,
    block_paths,
    context_rows,
    region_rows,
)
from khabar.model import Block


def plain(q: list[float], words: list[float], groups: list[list[int]]) -> dict[str, list[float]]:
    """CONTEXT_NAMES block by block, the obvious way."""
    n = len(q)
    w = [math.sqrt(1 + x) for x in words]
    at = {i: q[i] for i in range(n)}
    out: dict[str, list[float]] = {name: [] for name in CONTEXT_NAMES}
    for i in range(n):
        row: dict[str, float] = {"q": q[i]}
        for s in (-3, -2, -1, 1, 2, 3):
            row[f"q_{'prev' if s < 0 else 'next'}{abs(s)}"] = at.get(i + s, -1.0)
        win = range(max(0, i - WINDOW), min(n, i + WINDOW + 1))
        row["q_window_mean"] = sum(w[j] * q[j] for j in win) / sum(w[j] for j in win)
        row["q_window_max"] = max(at.get(j, -1.0) for j in range(i - WINDOW, i + WINDOW + 1) if j != i)
        row["q_before_max"] = max([-1.0, *q[:i]])
        row["q_after_max"] = max([-1.0, *q[i + 1 :]])
        for k, g in enumerate(GROUP_KINDS):
            others = [j for j in range(n) if j != i and groups[j][k] == groups[i][k]]
            ws = sum(w[j] for j in others)
            row[f"ctx_{g}_q_mean"] = sum(w[j] * q[j] for j in others) / ws if others else -1.0
            row[f"ctx_{g}_q_max"] = max(q[j] for j in others) if others else -1.0
            row[f"ctx_{g}_q_min"] = min(q[j] for j in others) if others else -1.0
            row[f"ctx_{g}_blocks"] = math.log1p(len(others))
        prev = [i - j for j in range(i) if q[j] >= 0.5]
        nxt = [j - i for j in range(i + 1, n) if q[j] >= 0.5]
        row["gap_before"] = math.log1p(min(prev) if prev else n)
        row["gap_after"] = math.log1p(min(nxt) if nxt else n)
        for name in CONTEXT_NAMES:
            out[name].append(row[name])
    return out


@pytest.mark.parametrize("seed", range(20))
def test_context_rows_match_a_plain_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    q = rng.choice([0.0, 0.1, 0.5, 0.7, 0.95, 1.0], size=n) if seed % 2 else rng.random(n)
    words = rng.integers(0, 200, size=n).astype(float)
    groups = rng.integers(0, max(1, n // 3), size=(n, len(GROUP_KINDS)))
    got = context_rows(q, words, groups)
    want = plain(q.tolist(), words.tolist(), groups.tolist())
    assert got.shape == (n, len(CONTEXT_NAMES))
    for k, name in enumerate(CONTEXT_NAMES):
        np.testing.assert_allclose(got[:, k], want[name], rtol=1e-5, atol=1e-6, err_msg=name)


def test_groups_follow_the_page_structure() -> None:
    html = (
        "<html><body><div id=a><p>one one one</p><p>two two two</p></div>"
        "<div id=b><ul class=menu><li>x</li><li>y</li></ul></div></body></html>"
    )
    blocks = read_page(html, kind="html").blocks
    texts = [b.text for b in blocks]
    groups = block_groups(blocks)
    one, two, x, y = (texts.index(t) for t in ("one one one", "two two two", "x", "y"))
    parent = GROUP_KINDS.index("parent")
    assert groups[one, parent] == groups[two, parent] != groups[x, parent]
    assert groups[x, parent] == groups[y, parent]
    # crawl text has no elements: each line is alone in its group
    lines = [Block(text=t, index=i) for i, t in enumerate(["a", "b", "c"])]
    assert len(set(block_groups(lines)[:, parent].tolist())) == 3


def test_empty_page() -> None:
    assert context_rows(np.zeros(0), np.zeros(0), np.zeros((0, len(GROUP_KINDS)), dtype=np.intp)).shape == (
        0,
        len(CONTEXT_NAMES),
    )


def plain_regions(
    q: list[float], words: list[float], paths: list[tuple[int, ...]], title: int | None
) -> list[list[float]]:
    """REGION_NAMES block by block: each element's blocks found by looking for it in every path."""
    w = [math.sqrt(1 + x) for x in words]
    total = sum(a * b for a, b in zip(q, w))
    under = {e: [j for j, p in enumerate(paths) if e in p] for p in paths for e in p}
    out = []
    for path in paths:
        row = []
        for k in REGION_LEVELS:
            row.append(sum(q[j] * w[j] for j in under[path[-1 - k]]) / total if len(path) > k else -1.0)
        for k in REGION_LEVELS:
            if len(path) > k:
                js = under[path[-1 - k]]
                row.append(sum(q[j] * w[j] for j in js) / sum(w[j] for j in js))
            else:
                row.append(-1.0)
        shared = [e for e in path if title is not None and e in paths[title]]
        if shared:
            row += [math.log1p(len(path) - len(shared)), sum(q[j] * w[j] for j in under[shared[-1]]) / total]
        else:
            row += [-1.0, -1.0]
        out.append(row)
    return out


def random_tree_paths(rng: np.random.Generator, n: int) -> list[tuple[int, ...]]:
    """Paths of n blocks in a random tree: each block's element hangs under an earlier one."""
    parents = {0: ()}
    paths = []
    for _ in range(n):
        anchor = int(rng.integers(0, len(parents)))
        element = len(parents)
        parents[element] = (*parents[anchor], anchor)
        paths.append((*parents[element], element))
    return paths


@pytest.mark.parametrize("seed", range(20))
def test_region_rows_match_a_plain_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    q = rng.random(n)
    words = rng.integers(0, 200, size=n).astype(float)
    paths = random_tree_paths(rng, n)
    blocks = [Block(text="x", index=i, path=p) for i, p in enumerate(paths)]
    title = None if seed % 5 == 0 else int(rng.integers(0, n))
    got = region_rows(q, words, block_paths(blocks), title)
    want = np.array(plain_regions(q.tolist(), words.tolist(), paths, title))
    assert got.shape == (n, len(REGION_NAMES))
    for k, name in enumerate(REGION_NAMES):
        np.testing.assert_allclose(got[:, k], want[:, k], rtol=1e-5, atol=1e-6, err_msg=name)


def test_regions_of_crawl_text_are_unknown() -> None:
    lines = [Block(text=t, index=i) for i, t in enumerate(["a", "b", "c"])]
    got = region_rows(np.array([0.9, 0.1, 0.5]), np.array([10.0, 2.0, 5.0]), block_paths(lines), 0)
    assert (got == -1).all()
