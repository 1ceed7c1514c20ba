"""Parquet files with an `html`, `text` or `content` column (and optional `id`, `url`),
read in batches so that memory stays bounded whatever the file's size."""

from __future__ import annotations

from collections.abc import Iterator

from khabar.model import Record
from khabar.readers.jsonl import CONTENT_FIELDS, record_from_row

BATCH = 256


def read_parquet(path: str) -> Iterator[Record]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises several types for a file that is not Parquet
        yield Record(id=f"{path}#0", source=path, position=0, status="error",
                     error=f"{path}: not a readable Parquet file ({e})", error_kind="unreadable")  # fmt: skip
        return
    names = set(pf.schema_arrow.names)
    content = [n for n, _ in CONTENT_FIELDS if n in names]
    wanted = [c for c in ("id", "url", "site", *content) if c in names]
    position = 0
    if not content:
        # every row is still accounted for, each as an error naming the file
        fields = ", ".join(n for n, _ in CONTENT_FIELDS[:3])
        for batch in pf.iter_batches(batch_size=BATCH, columns=[c for c in ("id", "url") if c in names] or None):
            ids = batch.column("id").to_pylist() if "id" in names else [None] * batch.num_rows
            for rid in ids:
                yield Record(id=str(rid) if rid is not None else f"{path}:{position}", source=path, position=position,
                             status="error", error=f"{path}: no {fields} column", error_kind="no-content")  # fmt: skip
                position += 1
        return
    try:
        for batch in pf.iter_batches(batch_size=BATCH, columns=wanted):
            for row in batch.to_pylist():
                yield record_from_row(row, source=path, position=position, default_id=f"{path}:{position}")
                position += 1
    except Exception as e:
        yield Record(id=f"{path}:{position}", source=path, position=position, status="error",
                     error=f"{path}: unreadable after row {position}: {e}", error_kind="truncated")  # fmt: skip
