"""Folders (or single files) of saved pages: .html/.htm/.xhtml are HTML, .txt is crawl text."""

from __future__ import annotations

from collections.abc import Iterator

from khabar.errors import ErrorKind
from khabar.limits import MAX_FILE
from khabar.readers.record import Record

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".txt", ".text")


def read_files(source: str, files: list[str], first: int = 0) -> Iterator[Record]:
    """The pages of a folder (numbered from `first`: a part of the folder's file list)."""
    for position, path in enumerate(files, first):
        kind = "text" if path.lower().endswith((".txt", ".text")) else "html"
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_FILE + 1)
        except OSError as e:
            yield Record(id=path, source=source, position=position, offset=position, status="error",
                         error=f"{path}: {e.strerror or e}", error_kind=ErrorKind.UNREADABLE)  # fmt: skip
            continue
        if len(data) > MAX_FILE:
            yield Record(id=path, source=source, position=position, offset=position, status="error",
                         error=f"{path}: larger than {MAX_FILE // 2**20} MB", error_kind=ErrorKind.TOO_LARGE)  # fmt: skip
            continue
        yield Record(id=path, source=source, position=position, content=data, kind=kind, offset=position)
