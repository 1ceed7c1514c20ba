"""What a reader yields: one input record, a page or the reason there is none."""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.errors import ErrorKind


@dataclass(slots=True)
class Record:
    """One input record, as a reader yields it: a page to extract, or why there is none.

    Every record a reader meets becomes exactly one output row, so `status` is set here
    for records that never reach the extractor: "skipped" (a WARC request, an image) or
    "error" (a corrupt record, a JSONL line that is not JSON).
    """

    id: str
    source: str  # the input file (or folder) it came from
    position: int  # its ordinal within that source, from 0
    content: bytes | str | None = None
    kind: str = "auto"  # html | text | auto
    url: str | None = None
    charset: str | None = None  # from the HTTP header, when the record had one
    site: str | None = None  # given with the record (a JSONL or Parquet `site` field)
    status: str = "ok"  # ok | skipped | error
    error: str | None = None
    error_kind: ErrorKind | None = None
    offset: int | None = None  # where a reader can start again at this record (WARC: its byte)
    _size: int | None = field(default=None, repr=False, compare=False)

    @property
    def size(self) -> int:
        """The record's content in bytes (UTF-8 for text that came as a string), counted once."""
        if self._size is None:
            content = self.content
            if content is None:
                self._size = 0
            elif isinstance(content, bytes):
                self._size = len(content)
            else:
                self._size = len(content.encode("utf-8", "surrogatepass"))
        return self._size
