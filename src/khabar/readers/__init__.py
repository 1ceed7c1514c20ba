"""Readers: turn inputs (WARC/ARC, WET, JSONL, Parquet, folders of pages) into Records.

`open_source(path)` picks the reader from the name (and, failing that, the first bytes);
`expand(inputs)` turns paths, folders and globs into sources. Every reader accounts for
every record it meets: a record it cannot read becomes an error Record naming the file and
the record, and the reader goes on with the next one when it can.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from khabar.errors import ErrorKind
from khabar.readers.files import PAGE_SUFFIXES, read_files
from khabar.readers.jsonl import read_jsonl
from khabar.readers.parquet import read_parquet
from khabar.readers.record import Record
from khabar.readers.warc import read_warc

__all__ = ["Slice", "Source", "can_slice", "check_slice", "expand", "open_source", "read_slice", "read_source"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz", ".wet", ".wet.gz", ".warc.wet", ".warc.wet.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".json.gz", ".jsonl.zstd")


class Source:
    """One input as the runner sees it: a file, or a folder of page files."""

    def __init__(self, path: str, files: list[str] | None = None) -> None:
        self.path = path
        self.files = files  # for a folder: its page files, sorted

    def __repr__(self) -> str:
        return f"Source({self.path!r})"

    def __iter__(self) -> Iterator[Record]:
        return read_source(self)


def kind_of(path: str) -> str:
    name = path.lower()
    if name.endswith(".truncated"):
        name = name[: -len(".truncated")]
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(PAGE_SUFFIXES):
        return "page"
    return _sniff(path)


def _sniff(path: str) -> str:
    """The format of a file whose name does not say, from its first bytes."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError:
        return "unknown"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith((b"WARC/", b"\x1f\x8b")):
        return "warc" if head.startswith(b"WARC/") or _gz_starts_with_warc(path) else "jsonl"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    return "page"


def _gz_starts_with_warc(path: str) -> bool:
    import gzip
    import zlib

    try:
        with gzip.open(path, "rb") as f:
            return f.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):
        return False


def match(pattern: str) -> list[str]:
    """The paths a glob matches, sorted. `**` does not follow symbolic links to folders
    (glob.glob does, and a link to a parent folder makes it run forever)."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    parts = Path(pattern).parts
    cut = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = Path(*parts[:cut]) if cut else Path(".")
    return sorted(str(p) for p in root.glob(str(Path(*parts[cut:]))))


def expand(inputs: list[str], ignored: list[tuple[str, str]] | None = None) -> list[Source]:
    """Paths, folders and globs to sources, in a stable order. A missing path is still a
    source (its reader reports it), so nothing the user named is dropped silently; a file
    named twice (the same path again, overlapping globs, a file inside a folder also named)
    is read once, where it first comes."""
    sources: list[Source] = []
    seen: set[str] = set()

    def new(path: str) -> bool:
        real = os.path.realpath(path)
        if real in seen:
            return False
        seen.add(real)
        return True

    for item in inputs:
        matches = match(item) if glob.has_magic(item) else [item]
        if not matches and new(item):
            sources.append(Source(item))
        for path in matches:
            if os.path.isdir(path):
                files = sorted(str(p) for p in Path(path).rglob("*") if p.is_file())
                pages = [p for p in files if p.lower().endswith(PAGE_SUFFIXES) and new(p)]
                others = [p for p in files if p.lower().endswith((*WARC_SUFFIXES, *JSONL_SUFFIXES, ".parquet"))]
                if ignored is not None:  # what a folder holds that is not read, and why
                    known = (*PAGE_SUFFIXES, *WARC_SUFFIXES, *JSONL_SUFFIXES, ".parquet")
                    ignored.extend((p, "unknown suffix") for p in files if not p.lower().endswith(known))
                    ignored.extend((str(p), "dangling link") for p in sorted(Path(path).rglob("*"))
                                   if p.is_symlink() and not p.exists())  # fmt: skip
                if pages:
                    sources.append(Source(path, pages))
                sources.extend(Source(p) for p in others if new(p))
            elif new(path):
                sources.append(Source(path))
    return sources


def read_source(source: Source) -> Iterator[Record]:
    """The records of one source, each with an id, in order."""
    if source.files is not None:
        yield from read_files(source.path, source.files)
        return
    path = source.path
    if not os.path.exists(path):
        yield _file_error(path, "no such file")
        return
    kind = kind_of(path)
    if kind == "warc":
        yield from read_warc(path)
    elif kind == "jsonl":
        yield from read_jsonl(path)
    elif kind == "parquet":
        yield from read_parquet(path)
    elif kind == "page":
        yield from read_files(path, [path])
    else:
        yield _file_error(path, "cannot read this file")


@dataclass(frozen=True)
class Slice:
    """`count` records of a source from the one at `offset` (numbered `position`): a part of
    an input a worker reads by itself, so its records need not pass through the engine.
    For a folder, `files` are the part's own page files; `size`, its bytes, when known."""

    path: str
    offset: int
    position: int
    count: int
    files: tuple[str, ...] | None = None
    size: int = 0


def can_slice(source: Source) -> bool:
    """Whether records can be read from the middle of this source: folders, and WARC files
    (not ARC), when the records' offsets lead back to them (see `check_slice`)."""
    return source.files is not None or (
        os.path.isfile(source.path)
        and kind_of(source.path) == "warc"
        and not source.path.lower().removesuffix(".gz").endswith(".arc")
    )


def read_slice(part: Slice) -> list[Record]:
    """The part's records; if its file was deleted or changed since the first read found
    them, one error row for each record that read planned, so none is lost unsaid."""
    try:
        if part.files is not None:
            records = list(read_files(part.path, list(part.files), first=part.position))
        else:
            records = list(islice(read_warc(part.path, start=part.offset, position=part.position), part.count))
        problem = (
            None if len(records) == part.count else f"{len(records)} records where the first read found {part.count}"
        )
    except OSError as e:
        problem = e.strerror or str(e)
    if problem is None:
        return records
    why = f"{part.path}: changed or deleted during the run ({problem}, from byte {part.offset})"
    return [Record(id=f"{part.path}#{part.position + i}", source=part.path, position=part.position + i,
                   offset=part.offset, status="error", error=why, error_kind=ErrorKind.CHANGED)
            for i in range(part.count)]  # fmt: skip


def check_slice(part: Slice, first: Record) -> bool:
    """Whether reading from `part.offset` finds the record the whole read found there (a
    WARC gzipped as one stream, not record by record, cannot be entered mid-way)."""
    try:
        found = read_slice(Slice(part.path, part.offset, part.position, 1, part.files[:1] if part.files else None))
    except Exception:
        return False
    return bool(found) and (found[0].id, found[0].status, found[0].url) == (first.id, first.status, first.url)


def _file_error(path: str, message: str) -> Record:
    """The one row a file that cannot be opened at all contributes."""
    return Record(
        id=f"{path}#0",
        source=path,
        position=0,
        status="error",
        error=f"{path}: {message}",
        error_kind=ErrorKind.UNREADABLE,
    )


def open_source(path: str) -> Iterator[Record]:
    """The records of one input path (file or folder)."""
    for source in expand([path]):
        yield from read_source(source)
