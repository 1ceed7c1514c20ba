"""Parquet files with an `html`, `text` or `content` column (and optional `id`, `url`),
read in batches so that memory stays bounded whatever the file's size."""

from __future__ import annotations

from collections.abc import Iterator

from khabar.errors import ErrorKind
from khabar.limits import MAX_CELL
from khabar.readers.jsonl import CONTENT_FIELDS, record_from_row
from khabar.readers.record import Record

BATCH = 256


def read_parquet(path: str) -> Iterator[Record]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises several types for a file that is not Parquet
        yield Record(id=f"{path}#0", source=path, position=0, status="error",
                     error=f"{path}: not a readable Parquet file ({e})", error_kind=ErrorKind.UNREADABLE)  # fmt: skip
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
                             status="error", error=f"{path}: no {fields} column", error_kind=ErrorKind.NO_CONTENT)  # fmt: skip
                position += 1
        return
    import pyarrow.compute as pc

    # Row group by row group: one that cannot be read costs its own rows (each an error
    # row, counted from the file's metadata), not the rest of the file.
    for group in range(pf.metadata.num_row_groups):
        rows_in_group = pf.metadata.row_group(group).num_rows
        start = position
        try:
            for batch in pf.iter_batches(batch_size=BATCH, columns=wanted, row_groups=[group]):
                sizes = [pc.binary_length(batch.column(c)).to_pylist() for c in content]
                for i, row in enumerate(batch.to_pylist()):
                    if max((s[i] or 0) for s in sizes) > MAX_CELL:
                        yield Record(id=str(row.get("id") or f"{path}:{position}"), source=path, position=position,
                                     status="error", error=f"{path}:{position}: a page larger than "
                                     f"{MAX_CELL // 2**20} MB", error_kind=ErrorKind.TOO_LARGE)  # fmt: skip
                    else:
                        yield record_from_row(row, source=path, position=position, default_id=f"{path}:{position}")
                    position += 1
        except Exception as e:  # pyarrow raises several types for a corrupt page or column chunk
            for k in range(position, start + rows_in_group):
                yield Record(id=f"{path}:{k}", source=path, position=k, status="error",
                             error=f"{path}: row group {group} unreadable ({e}); row {k} lost", error_kind=ErrorKind.CORRUPT)  # fmt: skip
            position = start + rows_in_group
