"""khabar for Ray Data users: extraction as a `map_batches` step of your own pipeline.

    import ray
    from khabar.batch.ray_data import ExtractBatch

    ds = ray.data.read_parquet("s3://bucket/pages/")          # columns: html (or text), id, url
    out = ds.map_batches(ExtractBatch, concurrency=8, batch_size=64)
    out.write_parquet("s3://bucket/articles/")

Each output row has the columns of `khabar run` (see the README); rows are never dropped,
a page that cannot be read becomes an error row. `khabar run --engine ray` is the
whole pipeline (site learning, resumable shards, dedup) on a cluster; this is the step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from khabar.batch.chunks import extract_record
from khabar.batch.filters import Filters
from khabar.batch.rows import COLUMNS
from khabar.readers.jsonl import CONTENT_FIELDS, record_from_row


def _plain(value: Any) -> Any:
    return value.tolist() if hasattr(value, "tolist") else value


class ExtractBatch:
    """A callable class for `Dataset.map_batches`: a batch of pages in, article rows out."""

    def __init__(
        self,
        filters: Filters | None = None,
        boilerplate: Mapping[str, frozenset[int]] | None = None,
        enrich: bool = True,
    ) -> None:
        self.filters = filters or Filters(articles_only=False)
        self.boilerplate = dict(boilerplate or {})
        self.enrich = enrich

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[Any]]:
        columns = {k: _plain(v) for k, v in batch.items()}
        n = len(next(iter(columns.values()))) if columns else 0
        out: dict[str, list[Any]] = {c: [] for c in COLUMNS}
        for i in range(n):
            row_in = {k: v[i] for k, v in columns.items()}
            record = record_from_row(row_in, source="ray-data", position=i, default_id=_content_id(row_in))
            row = extract_record(record, self.boilerplate, self.enrich)
            self.filters.apply(row)
            for c in COLUMNS:
                out[c].append(row[c])
        return out


def _content_id(row: dict[str, Any]) -> str:
    """An id for a row that has none: a digest of its content, the same in every batch and
    every run (a batch's position would repeat from one batch to the next)."""
    import xxhash

    content = next((row[n] for n, _ in CONTENT_FIELDS if isinstance(row.get(n), (str, bytes))), "")
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    return f"ray-data:{xxhash.xxh3_64_hexdigest(data)}"
