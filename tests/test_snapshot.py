"""What `extract` returns, every field and every block, for every real page we hold: the
44 pages of ar-news-html, the 255 of ar-sites, the FineWeb-2 documents, the example and
samples/, each as HTML and as crawl text (the page's visible text, one line per block, as
a crawl's WET keeps it). A move that should change nothing must leave it identical; a change
that should change something is read page by page, then kept on purpose:

    KHABAR_SNAPSHOT=update pytest tests/test_snapshot.py   (rewrites tests/snapshots/)

The snapshot holds each result's JSON, so a failure says which pages and which fields moved.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

import khabar
from tests.conftest import REPO, SHARED, need

SNAPSHOT = REPO / "tests" / "snapshots" / "extract.jsonl.gz"
pytestmark = pytest.mark.slow


def crawl_text(html: str) -> str:
    """The page's visible text, a line per block: what a crawl's WET file keeps."""
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template", "svg", "head"])
    body = tree.body
    return body.text(separator="\n") if body is not None else ""


def pages() -> Iterator[tuple[str, str | None, str, str]]:
    """(key, url, content, kind) for every page, in a fixed order."""
    for p in sorted(need(SHARED / "corpus" / "ar-news-html").glob("*.html")):
        html = p.read_text(encoding="utf-8", errors="replace")
        yield f"ar-news-html/{p.name}", None, html, "html"
        yield f"ar-news-html/{p.name}#text", None, crawl_text(html), "text"
    with gzip.open(need(SHARED / "corpus" / "ar-sites" / "pages.jsonl.gz"), "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            d = json.loads(line)
            url = d.get("url") or None
            yield f"ar-sites/{n}", url, d["html"], "html"
            yield f"ar-sites/{n}#text", url, crawl_text(d["html"]), "text"
    with open(need(SHARED / "corpus" / "ar-fineweb2" / "docs.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f):
            d = json.loads(line)
            yield f"ar-fineweb2/{n}", d.get("url") or None, d["text"], "text"
    yield "examples/alkhaleej-state-dept.txt", None, need(SHARED / "examples" / "alkhaleej-state-dept.txt").read_text(encoding="utf-8"), "text"  # fmt: skip
    for p in sorted((REPO / "samples" / "pages").glob("*")):
        yield f"samples/{p.name}", None, p.read_text(encoding="utf-8", errors="replace"), "auto"


def short(text: str) -> str:
    """A long text as its start and a digest: enough to see what moved, a tenth the size."""
    if len(text) <= 60:
        return text
    return f"{text[:30]}… #{hashlib.sha1(text.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def compact(d: dict[str, Any]) -> dict[str, Any]:
    """The result with its long texts shortened (the paragraphs stay whole) and its blocks
    as rows (index, tag, label, reason, text); a removed block as (index, label, reason),
    its text being its block's."""
    d = json.loads(json.dumps(d))
    d["text"] = short(d["text"] or "")
    d["blocks"] = [[b["index"], b["tag"], b["label"], b["reason"], short(b["text"])] for b in d["blocks"]]
    d["removed"] = [[r["index"], r["label"], r["reason"]] for r in d["removed"]]
    return d


def results() -> dict[str, dict[str, Any]]:
    return {
        key: compact(khabar.extract(content, url=url, kind=kind).to_dict(with_blocks=True))  # type: ignore[arg-type]
        for key, url, content, kind in pages()
    }


def test_extract_matches_the_snapshot() -> None:
    now = results()
    if os.environ.get("KHABAR_SNAPSHOT") == "update":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        with gzip.open(SNAPSHOT, "wt", encoding="utf-8", compresslevel=9) as f:
            for key, d in now.items():
                f.write(json.dumps({"key": key, "result": d}, ensure_ascii=False, sort_keys=True) + "\n")
        pytest.skip(f"snapshot rewritten: {len(now)} results")
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as f:
        then = {d["key"]: d["result"] for d in map(json.loads, f)}
    assert sorted(now) == sorted(then), "the pages differ from the snapshot's"
    moved = []
    for key in then:
        old, new = then[key], now[key]
        fields = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
        if fields:
            moved.append(f"{key}: {', '.join(fields)}")
    assert not moved, f"{len(moved)} of {len(then)} results changed:\n" + "\n".join(moved[:40])
