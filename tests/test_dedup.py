"""Near-duplicates spread over processes give the clusters the one-process clustering
gives: bucket tasks over band groups and key slices, verified pairs, representatives."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from khabar.batch.dedup import BAND_GROUP, BANDS, band_keys, bucket_pairs, cluster, clusters_from_pairs, signature
from tests.conftest import SHARED, need


def _articles(n: int) -> list[str]:
    """Real wire copy: the first SaudiNewsNet day, where outlets reprint each other."""
    z = sorted(need(SHARED / "corpus" / "ar-clean" / "saudinewsnet").glob("*.zip"))[0]
    with zipfile.ZipFile(z) as zf:
        docs = json.loads(zf.read(zf.namelist()[0]))
    return [d.get("content") or "" for d in docs][:n]


def test_distributed_clusters_equal_the_one_process_clusters(tmp_path: Path) -> None:
    sigs = [s for s in (signature(t) for t in _articles(1200)) if s is not None]
    matrix = np.stack(sigs)
    expected = cluster(matrix, np.arange(len(matrix))[::-1].astype(float)).cluster
    assert int(np.sum(expected >= 0)) >= 20  # the sample has duplicates to find
    # as the workers write them: shards of 100 signatures, each with its band keys
    paths, first = [], []
    for k, lo in enumerate(range(0, len(matrix), 100)):
        part = matrix[lo : lo + 100]
        path = tmp_path / f"s{k:03d}.npz"
        np.savez(path, rows=np.arange(len(part)), ids=np.array([f"a{lo + i}" for i in range(len(part))]), sigs=part,
                 bands=band_keys(part))  # fmt: skip
        paths.append(str(path))
        first.append(lo)
    pairs = np.unique(np.concatenate([bucket_pairs(paths, first, (g, min(BANDS, g + BAND_GROUP)), p, 3)
                                      for g in range(0, BANDS, BAND_GROUP) for p in range(3)]), axis=0)  # fmt: skip
    members, reps = clusters_from_pairs(pairs)
    got = np.full(len(matrix), -1)
    got[members] = reps
    assert got.tolist() == expected.tolist()


def test_a_bucket_task_holds_few_signature_files_at_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Verification reads shard pair by shard pair: with room for only two files at once,
    the pairs are the same."""
    import khabar.batch.dedup as dedup

    sigs = np.stack([s for s in (signature(t) for t in _articles(600)) if s is not None])
    paths, first = [], []
    for k, lo in enumerate(range(0, len(sigs), 50)):
        part = sigs[lo : lo + 50]
        path = tmp_path / f"s{k:03d}.npz"
        np.savez(
            path, rows=np.arange(len(part)), ids=np.arange(len(part)).astype(str), sigs=part, bands=band_keys(part)
        )
        paths.append(str(path))
        first.append(lo)
    wide = bucket_pairs(paths, first, (0, BANDS), 0, 1)
    monkeypatch.setattr(dedup, "SHARDS_HELD", 2)
    assert len(wide) > 0 and bucket_pairs(paths, first, (0, BANDS), 0, 1).tolist() == wide.tolist()


def test_clusters_from_pairs_is_union_find_with_the_earliest_as_representative() -> None:
    """The array version against a plain union-find, on random graphs and on a long chain
    whose earliest member is at its far end (the worst case for label propagation)."""

    def reference(pairs: np.ndarray) -> dict[int, int]:
        parent: dict[int, int] = {}

        def find(i: int) -> int:
            parent.setdefault(i, i)
            while parent[i] != i:
                i = parent[i]
            return i

        for i, j in pairs.tolist():
            ri, rj = find(i), find(j)
            parent[max(ri, rj)] = min(ri, rj)
        return {i: find(i) for i in parent}

    rng = np.random.default_rng(7)
    chain = np.arange(5000)[::-1]
    graphs = [np.stack([chain[1:], chain[:-1]], axis=1)]
    graphs += [np.sort(rng.integers(0, n, (n // 2, 2)), axis=1) for n in (10, 100, 3000)]
    for pairs in graphs:
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        members, reps = clusters_from_pairs(pairs)
        assert dict(zip(members.tolist(), reps.tolist())) == reference(pairs)
    assert all(len(a) == 0 for a in clusters_from_pairs(np.zeros((0, 2), dtype=np.int64)))
