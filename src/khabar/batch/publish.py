"""The last pass: near-duplicates found over all shards, then every shard written to
OUTDIR with its marks; and the run's numbers for _stats.json."""

from __future__ import annotations

import json

import numpy as np

from khabar.batch.chunks import Summary, publish_shard
from khabar.batch.dedup import BAND_GROUP, BANDS, bucket_pairs, clusters_from_pairs, slices_for
from khabar.batch.executor import Executor
from khabar.batch.state import RunState
from khabar.model import RunStats, RunTiming


def publish(state: RunState, names: list[str], fmt: str, dedup: bool, runner: Executor) -> dict[str, int]:
    """Find near-duplicates over all shards (bucket tasks in parallel, see dedup.py), then
    write each shard to OUTDIR with its marks (in parallel). What this process holds is a
    few integers a duplicate and one id a cluster: each shard's marks are made as its
    task is sent."""
    found = {"clusters": 0, "duplicates": 0, "signed": 0}
    files = {name: state.signatures(name) for name in names if dedup and state.signatures(name).exists()}
    order = {name: k for k, name in enumerate(files)}
    paths = [str(p) for p in files.values()]
    first = np.zeros(1, dtype=np.int64)  # file k's articles are numbered first[k] .. first[k + 1] - 1
    members = reps = np.zeros(0, dtype=np.int64)
    cluster_ids: dict[int, str] = {}
    if files:
        counts = []
        for path in paths:
            with np.load(path) as data:
                counts.append(len(data["rows"]))
        first = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        total = int(first[-1])
        parts = slices_for(total)
        groups = [(lo, min(BANDS, lo + BAND_GROUP)) for lo in range(0, BANDS, BAND_GROUP)]
        found_pairs: list[np.ndarray] = []
        runner.map(
            bucket_pairs,
            ((paths, first[:-1].tolist(), g, part, parts) for g in groups for part in range(parts)),
            found_pairs.append,
        )
        pairs = np.unique(np.concatenate(found_pairs), axis=0) if found_pairs else np.zeros((0, 2), dtype=np.int64)
        del found_pairs
        members, reps = clusters_from_pairs(pairs)
        del pairs
        cluster_ids = _ids_of(np.unique(reps), paths, first)
        found = {"clusters": len(cluster_ids), "duplicates": int((members != reps).sum()), "signed": total}

    def marks(name: str) -> dict[int, tuple[str, bool]]:
        """One shard's rows in a cluster: row -> (the cluster's id, a duplicate?)."""
        k = order.get(name)
        if k is None:
            return {}
        lo, hi = np.searchsorted(members, first[k : k + 2])
        if lo == hi:
            return {}
        with np.load(paths[k]) as data:
            rows = data["rows"]
        return {int(rows[m - first[k]]): (cluster_ids[r], m != r)
                for m, r in zip(members[lo:hi].tolist(), reps[lo:hi].tolist())}  # fmt: skip

    todo = ((str(state.root), str(state.outdir), name, fmt, marks(name)) for name in names
            if not state.published(name, fmt).exists())  # fmt: skip
    runner.map(publish_shard, todo, lambda _: None)
    for name in names:  # every shard is published: the working copies can go
        state.part(name, fmt).unlink(missing_ok=True)
    return found


def _ids_of(articles: np.ndarray, paths: list[str], first: np.ndarray) -> dict[int, str]:
    """The ids of these article numbers (sorted), read shard file by shard file."""
    shard_of = np.searchsorted(first, articles, side="right") - 1
    ids: dict[int, str] = {}
    for k in np.unique(shard_of).tolist():
        mine = articles[shard_of == k]
        with np.load(paths[k]) as data:
            found = data["ids"][mine - first[k]]
        ids.update(zip(mine.tolist(), found.tolist()))
    return ids


def run_stats(state: RunState, names: list[str], processed: list[Summary], dup: dict[str, int], seconds: float,
           workers: int, engine: str) -> RunStats:  # fmt: skip
    total = Summary(name="all")
    for name in names:
        s = Summary.from_json(json.loads(state.summary(name).read_text()))
        for k in ("records", "bytes", "articles"):
            setattr(total, k, getattr(total, k) + getattr(s, k))
        total.boilerplate += s.boilerplate
        for k in ("status", "errors", "skipped", "filtered", "langs", "sites"):
            getattr(total, k).update(getattr(s, k))
    this_run = sum(s.records for s in processed)
    this_bytes = sum(s.bytes for s in processed)
    ok = total.status.get("ok", 0)
    learning = state.learning_json
    return RunStats(
        records_in=total.records,
        rows_out=total.records,
        status=dict(total.status),
        errors=dict(total.errors),
        skipped=dict(total.skipped),
        articles=total.articles,
        kept=ok - sum(v for k, v in total.filtered.items() if k not in ("error", "skipped")),
        filtered=dict(total.filtered),
        languages=dict(total.langs.most_common()),
        sites=dict(total.sites.most_common(50)),
        site_count=len(total.sites),
        boilerplate_ratio=round(total.boilerplate / ok, 4) if ok else None,
        site_learning=json.loads(learning.read_text()) if learning.exists() else None,
        duplicates=dup,
        shards=len(names),
        this_run=RunTiming(
            records=this_run,
            seconds=round(seconds, 2),
            records_per_s=round(this_run / seconds, 1) if seconds else None,
            mb_per_s=round(this_bytes / 2**20 / seconds, 2) if seconds else None,
            workers=workers,
            engine=engine,
        ),
    )
