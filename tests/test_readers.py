"""Readers on real samples and hostile files: every record becomes a Record, and a record
that cannot be read becomes an error Record naming the file and the record."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from khabar.readers import expand, open_source
from tests.conftest import SHARED, need

WARC = SHARED / "corpus" / "warc-samples"


def statuses(path: Path | str) -> tuple[list, Counter]:
    records = list(open_source(str(path)))
    return records, Counter(r.status for r in records)


def test_common_crawl_warc_triple() -> None:
    records, count = statuses(need(WARC / "whirlwind.warc.gz"))
    assert count == {"skipped": 3, "ok": 1}  # warcinfo, request, metadata; one response
    page = next(r for r in records if r.status == "ok")
    assert page.kind == "html" and page.url == "https://an.wikipedia.org/wiki/Escopete"
    assert page.charset == "utf-8" and page.id.startswith("<urn:uuid:")
    records, count = statuses(WARC / "whirlwind.warc.wet.gz")
    assert count == {"skipped": 1, "ok": 1}
    assert next(r for r in records if r.status == "ok").kind == "text"


def test_truncated_wet_reads_up_to_the_cut() -> None:
    path = need(WARC / "CC-MAIN-20170720121902-20170720141902-00000.warc.wet.gz.truncated")
    records, count = statuses(path)
    assert count["ok"] == 43 and count["error"] == 1
    assert records[-1].status == "error" and records[-1].error_kind == "truncated"
    assert str(path) in records[-1].error and "cut short" in records[-1].error


def test_corrupt_record_in_the_middle(bad_inputs: Path) -> None:
    records, count = statuses(bad_inputs / "corrupt-record.warc")
    assert len(records) == 5  # the four real records and the corrupt one between them
    assert count["error"] == 1 and count["ok"] == 1
    broken = next(r for r in records if r.status == "error")
    assert broken.position == 1 and "corrupt-record.warc" in broken.error


def test_not_a_warc(bad_inputs: Path) -> None:
    records, _ = statuses(bad_inputs / "not-a-warc.warc.gz")
    assert len(records) == 1 and records[0].status == "error" and "not-a-warc.warc.gz" in records[0].error


def test_jsonl_bad_lines_and_missing_content(bad_inputs: Path) -> None:
    records, count = statuses(bad_inputs / "not-json.jsonl")
    assert count == {"ok": 2, "error": 2}
    assert [r.error_kind for r in records if r.status == "error"] == ["bad-json", "no-content"]
    assert ":2:" in records[1].error or records[1].id.endswith(":2")


def test_truncated_gzip_jsonl(bad_inputs: Path) -> None:
    records, count = statuses(bad_inputs / "truncated.jsonl.gz")
    assert records[-1].status == "error" and records[-1].error_kind == "truncated"
    assert "truncated.jsonl.gz" in records[-1].error
    assert count["ok"] == len(records) - 1


def test_jsonl_zstd_and_fields(tmp_path: Path) -> None:
    import zstandard

    rows = [{"id": "a", "url": "https://x.com/1", "html": "<p>x</p>"}, {"text": "line"}, {"content": "c"}]
    raw = "\n".join(json.dumps(r) for r in rows).encode()
    (tmp_path / "d.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(raw))
    records, _ = statuses(tmp_path / "d.jsonl.zst")
    assert [(r.id, r.kind) for r in records] == [("a", "html"), (f"{tmp_path}/d.jsonl.zst:2", "text"),
                                                  (f"{tmp_path}/d.jsonl.zst:3", "auto")]  # fmt: skip


def test_parquet_with_and_without_content(tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": ["p1", "p2"], "html": ["<p>a</p>", "<p>b</p>"]}), tmp_path / "ok.parquet")
    pq.write_table(pa.table({"id": ["q1", "q2", "q3"], "body": ["a", "b", "c"]}), tmp_path / "bad.parquet")
    records, count = statuses(tmp_path / "ok.parquet")
    assert [r.id for r in records] == ["p1", "p2"] and count == {"ok": 2}
    records, count = statuses(tmp_path / "bad.parquet")
    assert [r.id for r in records] == ["q1", "q2", "q3"] and count == {"error": 3}
    assert "bad.parquet" in records[0].error and "column" in records[0].error


def test_folder_and_glob(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "b.txt").write_text("line")
    (tmp_path / "notes.md").write_text("not a page")
    records = list(open_source(str(tmp_path)))
    assert [(Path(r.id).name, r.kind) for r in records] == [("a.html", "html"), ("b.txt", "text")]
    assert [s.path for s in expand([str(tmp_path / "*.txt")])] == [str(tmp_path / "b.txt")]


def test_unreadable_and_missing(tmp_path: Path) -> None:
    records, _ = statuses(tmp_path / "missing.warc.gz")
    assert records[0].status == "error" and "missing.warc.gz" in records[0].error


def test_warc_http_details(tmp_path: Path) -> None:
    """Redirects and images are skipped with a reason; gzip bodies are decoded."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "t.warc.gz"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        for status, ctype, body, enc in [
            ("301 Moved", "text/html", b"", None),
            ("200 OK", "image/png", b"\x89PNG", None),
            ("200 OK", "text/html; charset=windows-1256", gzip.compress("<p>مرحبا</p>".encode("cp1256")), "gzip"),
        ]:
            headers = [("Content-Type", ctype)] + ([("Content-Encoding", enc)] if enc else [])
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record("https://x.com/", "response", payload=io.BytesIO(body), http_headers=http)
            )
    records, _ = statuses(path)
    assert [r.error_kind for r in records[:2]] == ["http-status", "not-html"]
    assert records[2].status == "ok" and records[2].charset == "windows-1256"
    assert records[2].content == "<p>مرحبا</p>".encode("cp1256")


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    """Overlapping inputs (the same path again, a glob that matches it, a folder holding a
    page also named on its own) must not give two sets of shards with the same names."""
    warc = need(WARC / "whirlwind.warc.gz")
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a.html", "b.html"):
        (pages / name).write_text("<html><body><p>نص</p></body></html>", encoding="utf-8")
    sources = expand([str(warc), str(warc), str(WARC / "whirlwind.warc.*"), str(pages / "a.html"), str(pages)])
    assert [(s.path, s.files) for s in sources] == [
        (str(warc), None),
        (str(WARC / "whirlwind.warc.wat.gz"), None),
        (str(WARC / "whirlwind.warc.wet.gz"), None),
        (str(pages / "a.html"), None),
        (str(pages), [str(pages / "b.html")]),
    ]


def test_a_part_that_no_longer_holds_its_records_is_an_error(tmp_path: Path) -> None:
    """Workers read their parts themselves; a file that changed or vanished under the run
    gives an error row for each record the first read planned, never fewer rows."""
    import shutil

    from khabar.readers import Slice, read_slice

    warc = str(need(WARC / "whirlwind.warc.gz"))
    assert len(read_slice(Slice(warc, 0, 0, 4))) == 4
    changed = read_slice(Slice(warc, 0, 0, 5))
    assert (
        len(changed) == 5 and {r.error_kind for r in changed} == {"changed"} and "4 records where" in changed[0].error
    )
    gone = tmp_path / "gone.warc.gz"
    shutil.copy(warc, gone)
    part = Slice(str(gone), 0, 0, 4)
    gone.unlink()
    rows = read_slice(part)
    assert len(rows) == 4 and all(r.status == "error" and "deleted during the run" in (r.error or "") for r in rows)


def test_parquet_corrupt_row_group_and_huge_cell(tmp_path: Path) -> None:
    """A row group that cannot be read costs its own rows, as error rows, not the rest of the
    file; a cell larger than a page may be is an error row; `bytes` counts UTF-8 bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from khabar.readers.parquet import MAX_CELL, read_parquet

    text = "نص عربي " * 50
    table = pa.table({"id": [f"r{i}" for i in range(300)], "text": [f"{text} {i}" for i in range(300)]})
    path = tmp_path / "groups.parquet"
    pq.write_table(table, path, row_group_size=100, compression="none")
    chunk = pq.ParquetFile(path).metadata.row_group(1).column(1)
    data = bytearray(path.read_bytes())
    first = chunk.dictionary_page_offset or chunk.data_page_offset  # the chunk's first page, inside group 1
    for k in range(first + 8, first + 2000):
        data[k] ^= 0xA5
    path.write_bytes(bytes(data))
    records = list(read_parquet(str(path)))
    assert len(records) == 300
    assert [r.status for r in records[:100]] == ["ok"] * 100 and [r.status for r in records[200:]] == ["ok"] * 100
    assert {r.error_kind for r in records[100:200]} == {"corrupt"} and "row group 1" in (records[150].error or "")
    assert records[0].size == len(records[0].content.encode("utf-8"))  # type: ignore[union-attr]
    big = tmp_path / "big.parquet"
    pq.write_table(pa.table({"text": ["x", "y" * (MAX_CELL + 1), "z"]}), big)
    got = list(read_parquet(str(big)))
    assert [r.status for r in got] == ["ok", "error", "ok"] and got[1].error_kind == "too-large"


def test_records_counted_apart_from_the_readers(tmp_path: Path) -> None:
    """The count behind `records_in` does not parse records: a WARC's record headers
    (a corrupt gzip member counted as the one error row it becomes), JSONL lines, Parquet
    rows from the footer, a folder's page files; a file that breaks off says so."""
    from khabar.readers import expand, read_source
    from khabar.readers.count import count_records
    from tests.hostile import case_warc_corrupt_member, case_zst_cut

    member = case_warc_corrupt_member(tmp_path)
    (src,) = expand([str(member.paths[0])])
    got = count_records(src)
    assert got.records == member.records == len(list(read_source(src))) and not got.complete
    cut = case_zst_cut(tmp_path)
    (src,) = expand([str(cut.paths[0])])
    got = count_records(src)
    assert not got.complete and got.records <= len(list(read_source(src))) <= cut.records + 1
    warc = need(WARC / "whirlwind.warc.gz")
    assert count_records(expand([str(warc)])[0]).records == 4


def test_a_broken_gzip_member_is_one_error_row_and_counted_once(tmp_path: Path) -> None:
    """However a member breaks (right after its header, deep inside, in a member bigger
    than the counter's window, compressed or stored), the reader gives exactly one error
    row for it and the others' records; the count agrees. FastWARC reads ahead, so the
    failure surfaces while the record before it is returned: that record is not the error."""
    import random

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from khabar.readers import read_source
    from khabar.readers.count import count_records
    from tests.hostile import warc_members

    good = warc_members(4)
    words = random.Random(7).choices(["kalima", "khabar", "word", "news", "text"], k=400_000)
    big = io.BytesIO()
    writer = WARCWriter(big, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    body = ("<html><body><p>" + " ".join(words) + "</p></body></html>").encode()
    writer.write_record(writer.create_warc_record("https://example.org/big", "response", payload=io.BytesIO(body), http_headers=http))  # fmt: skip
    kinds = []
    for level in (0, 6):
        raw = gzip.decompress(good[1])
        kinds += [(bytearray(gzip.compress(raw, compresslevel=level)), start) for start in (20, 120, 300)]
    kinds.append((bytearray(big.getvalue()), len(big.getvalue()) - 3000))  # inflates past 1 MB, then breaks
    for n, (bad, start) in enumerate(kinds):
        for i in range(start, min(len(bad) - 8, start + 300)):
            bad[i] ^= 0xFF
        path = tmp_path / f"broken{n}.warc.gz"
        path.write_bytes(good[0] + bytes(bad) + b"".join(good[1:]))
        (src,) = expand([str(path)])
        rows = list(read_source(src))
        assert [r.status for r in rows] == ["ok", "error", "ok", "ok", "ok"], (n, [r.error for r in rows])
        assert rows[1].offset == len(good[0]) and count_records(src).records == 5, n
