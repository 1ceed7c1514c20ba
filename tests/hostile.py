"""Hostile inputs and faults, generated (never committed as blobs) from the real pages in
../shared: each case is a file or folder with the number of records it really holds,
counted here independently of khabar's readers.

    python -m tests.hostile OUTDIR      # write every case, print name and record count
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import NEWS_HTML, need


@dataclass
class Case:
    name: str
    paths: list[Path]  # what `khabar run` is given
    records: int  # what the input really holds
    note: str = ""


def pages(n: int) -> list[tuple[str, bytes]]:
    """n real pages (cycling over ar-news-html), each with a URL of its own."""
    files = sorted(need(NEWS_HTML).glob("*.html"))
    return [
        (f"https://example.org/{i}/{files[i % len(files)].stem}", files[i % len(files)].read_bytes()) for i in range(n)
    ]


def warc_members(n: int) -> list[bytes]:
    """n WARC response records, each its own gzip member, written by warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = []
    for url, body in pages(n):
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
        out.append(buf.getvalue())
    return out


def plain_warc(n: int) -> list[bytes]:
    """n WARC response records, uncompressed, as separate byte strings."""
    return [gzip.decompress(m) for m in warc_members(n)]


def jsonl_lines(n: int) -> list[str]:
    return [json.dumps({"id": f"r{i}", "url": url, "html": body.decode("utf-8", "replace")}, ensure_ascii=False)
            for i, (url, body) in enumerate(pages(n))]  # fmt: skip


def case_two_copies(d: Path) -> Case:
    folder = d / "copies"
    folder.mkdir()
    ((_, body),) = pages(1)
    (folder / "a.html").write_bytes(body)
    (folder / "b.html").write_bytes(body)
    return Case("two copies of one page, --format jsonl", [folder], 2)


def case_bad_name(d: Path) -> Case:
    folder = d / "badname"
    folder.mkdir()
    ((_, body),) = pages(1)
    (folder / "ok.html").write_bytes(body)
    with open(os.path.join(os.fsencode(folder), b"\xff.txt"), "wb") as f:
        f.write("سطر من نص عربي.\n".encode())
    return Case("a file name that is not UTF-8", [folder], 2)


def case_surrogate(d: Path) -> Case:
    path = d / "surrogate.jsonl"
    lines = jsonl_lines(3)
    lines.insert(1, '{"id": "bad", "text": "نص \\ud83d بعده"}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Case("a JSONL line with a lone surrogate", [path], 4)


def case_deep_json(d: Path) -> Case:
    path = d / "deep.jsonl"
    lines = jsonl_lines(2)
    lines.insert(1, "[" * 100_000 + "]" * 100_000)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Case("a JSONL line nested 100,000 deep", [path], 3)


def case_zst_corrupt(d: Path) -> Case:
    import zstandard

    good = zstandard.ZstdCompressor().compress(("\n".join(jsonl_lines(10)) + "\n").encode())
    path = d / "corrupt.jsonl.zst"
    path.write_bytes(good[:200] + bytes(b ^ 0x5A for b in good[200:400]) + good[400:])
    notzst = d / "notzstd.jsonl.zst"
    notzst.write_bytes(b"this is not zstd at all\n" * 50)
    return Case("a .jsonl.zst that is corrupt, and one that is not zstd", [path, notzst], 10 + 1)


def case_zst_cut(d: Path) -> Case:
    import zstandard

    text = ("\n".join(jsonl_lines(100)) + "\n").encode()
    frame = zstandard.ZstdCompressor(level=3).compress(text)
    path = d / "cut.jsonl.zst"
    path.write_bytes(frame[: len(frame) // 2])
    return Case("a .jsonl.zst cut in half", [path], 100)


def case_warc_corrupt_member(d: Path) -> Case:
    members = warc_members(40)
    bad = bytearray(members[9])
    for i in range(40, min(len(bad) - 8, 400)):
        bad[i] ^= 0xFF
    path = d / "member.warc.gz"
    path.write_bytes(b"".join(members[:9]) + bytes(bad) + b"".join(members[10:]))
    return Case("a WARC whose 10th of 40 gzip members is corrupt", [path], 40)


def _with_length(record: bytes, value: str) -> bytes:
    head, _, rest = record.partition(b"\r\n\r\n")
    lines = [ln if not ln.lower().startswith(b"content-length:") else b"Content-Length: " + value.encode()
             for ln in head.split(b"\r\n")]  # fmt: skip
    return b"\r\n".join(lines) + b"\r\n\r\n" + rest


def case_warc_lengths(d: Path) -> list[Case]:
    out = []
    for label, value in (("too big", lambda n: str(n + 5000)), ("too small", lambda n: str(max(1, n - 5000))),
                         ("negative", lambda n: "-5"), ("not a number", lambda n: "lots")):  # fmt: skip
        recs = plain_warc(10)
        head = recs[4].partition(b"\r\n\r\n")[0]
        n = int(next(ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length:")).split(b":")[1])
        recs[4] = _with_length(recs[4], value(n))
        path = d / f"length-{label.replace(' ', '-')}.warc"
        path.write_bytes(b"".join(recs))
        out.append(Case(f"a WARC whose 5th record's Content-Length is {label}", [path], 10))
    return out


def case_deep_html(d: Path) -> Case:
    folder = d / "deephtml"
    folder.mkdir()
    (folder / "spaces.html").write_text(
        "<html><body>" + "<div>\n  <!-- c -->\n" * 60_000 + "نص" + "</div>" * 60_000, encoding="utf-8"
    )
    (folder / "unclosed.html").write_text("<html><body>" + "<span> <i>\n" * 50_000 + "نص", encoding="utf-8")
    return Case("HTML nested deeply with whitespace and comments between the tags", [folder], 2)


def case_attributes(d: Path) -> Case:
    folder = d / "attrs"
    folder.mkdir()
    attrs = " ".join(f"a{i}=x" for i in range(500_000))
    (folder / "attrs.html").write_text(
        f"<html><body><div {attrs}><p>نص المقال هنا.</p></div></body></html>", encoding="utf-8"
    )
    return Case("500,000 attributes (8 MB)", [folder], 1)


def case_deep_jsonld(d: Path) -> Case:
    folder = d / "jsonld"
    folder.mkdir()
    ((_, body),) = pages(1)
    deep = '<script type="application/ld+json">' + '{"a":' * 200_000 + "1" + "}" * 200_000 + "</script>"
    (folder / "deep.html").write_bytes(body.replace(b"</head>", deep.encode() + b"</head>", 1))
    return Case("JSON-LD nested 200,000 deep", [folder], 1)


def case_symlink_loop(d: Path) -> Case:
    folder = d / "loops"
    (folder / "a").mkdir(parents=True)
    ((_, body),) = pages(1)
    (folder / "a" / "page.html").write_bytes(body)
    os.symlink("..", folder / "a" / "up")
    os.symlink(".", folder / "self")
    return Case("a glob over symlink loops", [Path(str(folder) + "/**")], 1)


def case_gzip_bomb(d: Path) -> Case:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    bomb = gzip.compress(b"<p>" + b"A" * (256 * 1024 * 1024) + b"</p>", compresslevel=9)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record("https://example.org/bomb", "response", payload=io.BytesIO(bomb), http_headers=http)
    )
    path = d / "bomb.warc.gz"
    path.write_bytes(b"".join(warc_members(3)) + buf.getvalue())
    return Case(f"a gzip bomb in a WARC record ({len(bomb) // 1024} kB, 256 MB unpacked)", [path], 4)


BUILDERS: list[Callable[[Path], Case | list[Case]]] = [
    case_two_copies, case_bad_name, case_surrogate, case_deep_json, case_zst_corrupt, case_zst_cut,
    case_warc_corrupt_member, case_warc_lengths, case_deep_html, case_attributes, case_deep_jsonld,
    case_symlink_loop, case_gzip_bomb,
]  # fmt: skip


def build(root: Path) -> list[Case]:
    cases: list[Case] = []
    for make in BUILDERS:
        d = root / make.__name__.removeprefix("case_")
        d.mkdir(parents=True, exist_ok=True)
        got = make(d)
        cases.extend(got if isinstance(got, list) else [got])
    return cases


if __name__ == "__main__":
    for c in build(Path(sys.argv[1])):
        print(f"{c.records:>4}  {c.name}  {' '.join(map(str, c.paths))}")
