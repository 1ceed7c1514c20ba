"""Shards: the records of each input cut, in reading order, into named pieces of work;
a shard is the unit a worker extracts, writes atomically and a resumed run skips."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from khabar.readers import Slice, Source, read_source
from khabar.readers.record import Record

MAX_SHARD_BYTES = 16 * 1024 * 1024  # a shard also ends when its records hold this much


def shard_key(source: Source) -> str:
    """A stable, readable prefix for one source's shards."""
    base = re.sub(r"[^\w.-]+", "_", Path(source.path).name)[:40] or "input"
    digest = hashlib.sha1(os.path.abspath(source.path).encode()).hexdigest()[:8]
    return f"{base}-{digest}"


def shards(sources: list[Source], shard_size: int) -> Iterator[tuple[str, list[Record]]]:
    """(name, records) for every shard, in order; names are stable across runs."""
    for source in sources:
        key = shard_key(source)
        batch: list[Record] = []
        size = 0
        k = 0
        for record in read_source(source):
            batch.append(record)
            size += record.size
            if len(batch) >= shard_size or size >= MAX_SHARD_BYTES:
                yield f"{key}-{k:06d}", batch
                batch, size, k = [], 0, k + 1
        if batch:
            yield f"{key}-{k:06d}", batch


def plan_work(
    sources: list[Source], shard_size: int, plan: dict[int, list[tuple[str, Slice]]]
) -> Iterator[tuple[str, list[Record] | Slice]]:
    """Every shard: first the slices the survey planned for workers to read, largest first
    (so the last to finish are small ones and no worker waits long for another at the
    end; the output is the same in any order), then the records of the other sources, read
    here, in order."""
    yield from sorted((item for si in plan for item in plan[si]), key=lambda item: -item[1].size)
    for si, source in enumerate(sources):
        if si not in plan:
            yield from shards([source], shard_size)
