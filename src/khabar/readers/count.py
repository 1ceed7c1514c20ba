"""How many records an input holds, counted without the readers that parse it.

`khabar run` promises a row per input record. The readers' own count cannot check that
promise (a reader that stops early also counts less), so `_stats.json`'s `records_in`
comes from here: WARC record headers found in the decompressed stream (a gzip member that
will not decompress is skipped to the next member), non-blank lines of JSONL (as far as the
compression lets one read), Parquet rows from the file's footer, page files of a folder.
Where a file breaks, the count says so (`complete` False): what lies beyond is unknowable.
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass

from khabar.readers import Source, kind_of
from khabar.readers.warc import next_member

CHUNK = 1 << 20
_WARC_HEAD = re.compile(rb"(?:^|\r\n\r\n)WARC/(?:1\.[01]|0\.1[78])\r\n")


@dataclass
class Count:
    records: int
    complete: bool = True  # False: the file breaks, and this many were seen before the break


def count_records(source: Source) -> Count:
    if source.files is not None:
        return Count(len(source.files))
    path = source.path
    if not os.path.isfile(path):
        return Count(1)  # one error row says it is missing or unreadable
    kind = kind_of(path)
    try:
        if kind == "parquet":
            return _parquet(path)
        if kind == "jsonl":
            return _jsonl(path)
        if kind == "warc" and not path.lower().removesuffix(".gz").endswith(".arc"):
            return _warc(path)
    except OSError:
        return Count(1, complete=False)
    return Count(1)


def _parquet(path: str) -> Count:
    import pyarrow.parquet as pq

    try:
        return Count(pq.ParquetFile(path).metadata.num_rows)
    except Exception:  # not Parquet, or its footer is gone: one error row
        return Count(1, complete=False)


def _jsonl(path: str) -> Count:
    """Non-blank lines; a line without its newline at the end of the file counts too."""
    from khabar.readers.jsonl import _open

    n, complete, tail = 0, True, b""
    with _open(path) as f:
        read = getattr(f, "read1", f.read)  # what is there: a cut stream loses only its last piece
        while True:
            try:
                chunk = read(CHUNK)
            except (EOFError, OSError, ValueError, zlib.error):
                complete = False
                break
            if not chunk:
                break
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            n += sum(1 for ln in lines if ln.strip())
    return Count(n + (1 if tail.strip() else 0), complete)


def _warc(path: str) -> Count:
    with open(path, "rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
    found = _warc_gz(path) if gz else _warc_plain(path)
    # a file with no record in it is one error row ("no WARC records in this file")
    return found if found.records else Count(1, found.complete)


def _warc_plain(path: str) -> Count:
    n, carry = 0, b""
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            data = carry + chunk
            n += len(_WARC_HEAD.findall(data))
            carry = data[-16:]
            n -= len(_WARC_HEAD.findall(carry))  # counted again with the next chunk
    return Count(n + len(_WARC_HEAD.findall(carry)))


def _warc_gz(path: str) -> Count:
    """Record headers in the decompressed stream, member after member (mapped, never read
    whole); a member that will not decompress counts as the records whose headers came out
    of it before it broke, at least one (the reader makes it one error row), and the count
    goes on at the next member start."""
    import mmap

    n, complete = 0, True
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        size, at = len(m), 0
        while at < size:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            carry, pos, seen = b"", at, 0
            try:
                while not d.eof and pos < size:
                    pending = m[pos : pos + CHUNK]
                    pos += len(pending)
                    while pending and not d.eof:
                        data = carry + d.decompress(pending, CHUNK)
                        seen += len(_WARC_HEAD.findall(data)) - len(_WARC_HEAD.findall(carry))
                        carry = data[-16:]
                        pending = d.unconsumed_tail
            except zlib.error:
                complete = False
                n += max(seen, 1)  # a header read before the break is that same record
                nxt = next_member(m, at + 1)  # where the reader goes on
                if nxt is None:
                    break
                at = nxt
                continue
            n += seen
            if not d.eof:  # the file ends inside a member
                complete = False
                break
            at = pos - len(d.unused_data)
    return Count(n, complete)


__all__ = ["Count", "count_records"]
