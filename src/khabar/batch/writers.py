"""Shard files, written atomically: a shard is either complete on disk or absent, so a run
killed at any moment can resume without losing or repeating a row."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from khabar.batch.rows import SCHEMA

FORMATS = ("parquet", "jsonl")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_rows(rows: list[dict[str, Any]], path: Path, fmt: str) -> None:
    """Write rows to `path` (Parquet with zstd, or JSON Lines) atomically."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if fmt == "parquet":
        table = pa.Table.from_pylist(rows, schema=SCHEMA)
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
    else:
        with open(tmp, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, path)


def read_rows(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".parquet":
        return list(pq.read_table(path).to_pylist())
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
