"""JSON Lines (plain, .gz, .zst): one page a line in an `html`, `text` or `content` field,
with optional `id` and `url` (the shape of mC4, CulturaX, FineWeb and most scrapers)."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from khabar.errors import ErrorKind
from khabar.limits import MAX_LINE
from khabar.page.urls import clean_site
from khabar.readers.record import Record

CONTENT_FIELDS = (("html", "html"), ("text", "text"), ("content", "auto"), ("raw_content", "text"))


def _open(path: str) -> IO[bytes]:
    if path.endswith((".gz", ".gz.truncated")):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if path.endswith((".zst", ".zstd")):
        return io.BufferedReader(_Zstd(path))
    return open(path, "rb")


class _Zstd(io.RawIOBase):
    """A .zst file as a stream of its decompressed bytes, frame after frame, that raises
    EOFError when the file ends inside a frame: zstandard's own stream reader ends quietly
    there, and a file cut at a block boundary would lose its tail without a word."""

    CHUNK = 1 << 20

    def __init__(self, path: str) -> None:
        import zstandard

        self._zstd = zstandard
        self._raw = open(path, "rb")  # noqa: SIM115 (closed in close())
        self._dobj = zstandard.ZstdDecompressor().decompressobj()
        self._buf = b""
        self._started = False  # a frame has begun and not ended

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            chunk = self._raw.read(self.CHUNK)
            if not chunk:
                if self._started:
                    raise EOFError("the file ends inside a zstd frame (cut short)")
                return 0
            while chunk:
                try:
                    self._buf += self._dobj.decompress(chunk)
                except self._zstd.ZstdError as e:
                    raise ValueError(f"not a readable zstd stream: {e}") from e
                self._started = not self._dobj.eof
                if self._dobj.eof:  # the next frame, if any, starts in the unused data
                    chunk = self._dobj.unused_data
                    self._dobj = self._zstd.ZstdDecompressor().decompressobj()
                else:
                    chunk = b""
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def record_from_row(row: dict[str, Any], *, source: str, position: int, default_id: str) -> Record:
    """A Record from one JSON object or Parquet row (shared by both readers)."""
    rid = row.get("id")
    rid = str(rid) if rid not in (None, "") else default_id
    url = row.get("url") if isinstance(row.get("url"), str) else None
    site = clean_site(row["site"]) if isinstance(row.get("site"), str) else None
    for name, kind in CONTENT_FIELDS:
        value = row.get(name)
        if isinstance(value, (str, bytes)):
            return Record(id=rid, source=source, position=position, content=value, kind=kind, url=url, site=site)
    fields = ", ".join(n for n, _ in CONTENT_FIELDS[:3])
    return Record(id=rid, source=source, position=position, url=url, status="error",
                  error=f"{default_id}: no {fields} field", error_kind=ErrorKind.NO_CONTENT)  # fmt: skip


def read_jsonl(path: str) -> Iterator[Record]:
    position = 0
    try:
        f = _open(path)
    except OSError as e:
        yield Record(id=f"{path}#0", source=path, position=0, status="error",
                     error=f"{path}: {e.strerror or e}", error_kind=ErrorKind.UNREADABLE)  # fmt: skip
        return
    with f:
        line_no = 0
        while True:
            try:
                line = f.readline(MAX_LINE + 1)
            except (EOFError, OSError, ValueError, zlib.error) as e:
                # a truncated or corrupt .gz or .zst: everything before is read; say where it broke
                kind = ErrorKind.CORRUPT if isinstance(e, zlib.error) else ErrorKind.TRUNCATED
                yield Record(id=f"{path}#{line_no + 1}", source=path, position=position, status="error",
                             error=f"{path}: unreadable after line {line_no}: {e}", error_kind=kind)  # fmt: skip
                return
            if not line:
                return
            line_no += 1
            if not line.strip():
                continue
            default_id = f"{path}:{line_no}"
            if len(line) > MAX_LINE:
                f.readline()  # skip the rest of the over-long line
                yield Record(id=default_id, source=path, position=position, status="error",
                             error=f"{default_id}: line longer than {MAX_LINE // 2**20} MB", error_kind=ErrorKind.TOO_LARGE)  # fmt: skip
                position += 1
                continue
            try:
                row = json.loads(line)
            except RecursionError:
                yield Record(id=default_id, source=path, position=position, status="error",
                             error=f"{default_id}: JSON nested too deeply", error_kind=ErrorKind.BAD_JSON)  # fmt: skip
                position += 1
                continue
            except ValueError as e:
                yield Record(id=default_id, source=path, position=position, status="error",
                             error=f"{default_id}: not JSON ({e})", error_kind=ErrorKind.BAD_JSON)  # fmt: skip
                position += 1
                continue
            if not isinstance(row, dict):
                yield Record(id=default_id, source=path, position=position, status="error",
                             error=f"{default_id}: not a JSON object", error_kind=ErrorKind.BAD_JSON)  # fmt: skip
            else:
                yield record_from_row(row, source=path, position=position, default_id=default_id)
            position += 1
