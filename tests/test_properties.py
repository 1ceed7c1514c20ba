"""Property-based checks (hypothesis) over the readers and `extract`, and the atheris fuzz
target run for a bounded time: whatever the input, a result or a clear error, and every
record accounted for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import khabar
from khabar.errors import InputError
from khabar.readers import expand, read_source
from tests.conftest import NEWS_HTML, REPO, need

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ARABIC = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF) | st.sampled_from(" .،\n<>/\"'=-"))
MARKUP = st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<a href='x'>", "</a>", "<!--", "-->", "<script>",
                                   "</script>", "<h1>", "</h1>", "<br>", "\n", "&amp;", "&#1575;", "<title>", "</title>"])
                  | ARABIC, max_size=60).map("".join)  # fmt: skip


@PROPS
@given(page=st.one_of(st.binary(max_size=4000), MARKUP, ARABIC), kind=st.sampled_from(["auto", "html", "text"]))
def test_extract_gives_an_article_or_says_why(page: bytes | str, kind: str) -> None:
    try:
        article = khabar.extract(page, kind=kind)  # type: ignore[arg-type]
    except InputError as e:
        assert str(e)
        return
    d = article.to_dict(with_blocks=True)
    json.dumps(d, ensure_ascii=False)
    assert article.page_type in khabar.model.PAGE_TYPES
    assert all(p and p in article.text for p in article.paragraphs)


@PROPS
@given(
    lines=st.lists(
        st.one_of(st.text(max_size=80), st.binary(max_size=80).map(lambda b: b.decode("latin-1"))), max_size=30
    )
)
def test_jsonl_every_line_is_a_record(tmp_path: Path, lines: list[str]) -> None:
    """One record (a page or an error row) per non-blank line, whatever the line holds."""
    path = tmp_path / "x.jsonl"
    clean = [ln.replace("\n", " ").replace("\r", " ") for ln in lines]
    path.write_bytes("\n".join(clean).encode("utf-8", "surrogatepass"))
    records = [r for s in expand([str(path)]) for r in read_source(s)]
    raw = path.read_bytes().split(b"\n")
    assert len(records) == sum(1 for ln in raw if ln.strip()) or (records and records[-1].error_kind in ("truncated",))


def _warc(n: int) -> bytes:
    from tests.hostile import warc_members

    return b"".join(warc_members(n))


WARC = _warc(8) if NEWS_HTML.exists() else b""


@pytest.mark.skipif(not WARC and not os.environ.get("CI"), reason="shared/ is not here (set KHABAR_SHARED)")
@PROPS
@given(data=st.data())
def test_a_damaged_warc_never_crashes_the_reader(tmp_path: Path, data: st.DataObject) -> None:
    """Flipped bytes or a cut anywhere: the reader ends, every row has an id, and a record
    either reads or is an error row."""
    blob = bytearray(WARC)
    for _ in range(data.draw(st.integers(0, 5))):
        at = data.draw(st.integers(0, len(blob) - 1))
        blob[at] ^= data.draw(st.integers(1, 255))
    cut = data.draw(st.integers(len(blob) // 2, len(blob)))
    path = tmp_path / "d.warc.gz"
    path.write_bytes(bytes(blob[:cut]))
    records = [r for s in expand([str(path)]) for r in read_source(s)]
    assert records and all(r.id and (r.status in ("ok", "skipped") or r.error) for r in records)
    assert len(records) <= 2 * 8 + 2


def test_atheris_fuzz_target_for_a_bounded_time(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for p in sorted(need(NEWS_HTML).glob("*.html"))[:3]:
        (seeds / p.name).write_bytes(p.read_bytes()[:20_000])
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    p = subprocess.run([sys.executable, str(REPO / "fuzz" / "fuzz_extract.py"), "-max_total_time=20", "-rss_limit_mb=2048",
                        "-max_len=20000", str(seeds)], capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    assert p.returncode == 0, p.stderr[-2000:]
    assert "Done" in p.stderr or "DONE" in p.stderr
