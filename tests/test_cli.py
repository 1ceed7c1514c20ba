"""The `khabar` command, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, need

KHABAR = [sys.executable, "-m", "khabar.cli"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    p = subprocess.run([*KHABAR, *args], input=stdin, capture_output=True, timeout=120)
    return subprocess.CompletedProcess(p.args, p.returncode, p.stdout.decode(), p.stderr.decode())


def test_extract_json_one_input() -> None:
    p = run("extract", str(need(EXAMPLE)), "--format", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["title"].startswith("«الخارجية الأمريكية»")
    assert len(d["paragraphs"]) == 8


def test_extract_stdin_with_url() -> None:
    p = run("extract", "-", "--url", "https://www.alkhaleej.ae/2024/a", stdin=need(EXAMPLE).read_bytes())
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["site"] == "alkhaleej.ae"


def test_several_inputs_jsonl_with_a_bad_one(bad_inputs: Path) -> None:
    p = run("extract", str(EXAMPLE), str(bad_inputs / "image.png"), str(bad_inputs / "nope.html"), "--format", "jsonl")
    assert p.returncode == 1
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["source"] for r in rows] == [str(EXAMPLE), str(bad_inputs / "image.png"), str(bad_inputs / "nope.html")]
    assert len(rows[0]["paragraphs"]) == 8
    assert "PNG image" in rows[1]["error"]
    assert "image.png" in p.stderr and "nope.html" in p.stderr


def test_text_and_markdown_formats() -> None:
    p = run("extract", str(need(EXAMPLE)), "--format", "markdown")
    assert p.returncode == 0
    assert p.stdout.startswith("# «الخارجية الأمريكية»")
    assert "`teaser-title`" not in p.stdout and "## Blocks" not in p.stdout  # the article, not what was dropped
    p = run("extract", str(need(EXAMPLE)), "--format", "markdown", "--blocks")
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("- `")]
    assert p.stdout.count("- `teaser-title` removed") == 5 and lines[0].startswith("- `related-heading` removed")
    assert sum("- `body` kept" in ln for ln in lines) == 8
    p = run("extract", str(EXAMPLE), "--format", "text", "--input", "text")
    assert p.stdout.count("\n") >= 9


def test_labels_command() -> None:
    p = run("labels")
    assert p.returncode == 0 and "teaser-excerpt" in p.stdout and "page types: article, home, section" in p.stdout
    p = run("labels", "--model")
    assert p.returncode == 0 and "CC-BY-4.0" in p.stdout and "scripts/train_labeller.py" in p.stdout


def test_usage_errors() -> None:
    assert run("extract").returncode == 2
    assert run("extract", "a", "b", "--url", "http://x").returncode == 2
    assert run("extract", str(EXAMPLE), "--input", "pdf").returncode == 2


def test_every_argument_is_checked(tmp_path: Path) -> None:
    p = run("run", "/nope.warc.gz", "-o", str(tmp_path / "o"))
    assert p.returncode == 2 and "/nope.warc.gz" in p.stderr
    p = run("run", str(tmp_path / "*.jsonl"), "-o", str(tmp_path / "o"))  # a glob matching nothing
    assert p.returncode == 2 and "no such file" in p.stderr
    p = run("run", str(need(EXAMPLE)), "-o", str(tmp_path / "o"), "--lang", "arabic")
    assert p.returncode == 2 and "arabic" in p.stderr and "ISO 639" in p.stderr
    p = run("run", str(need(EXAMPLE)), "-o", str(tmp_path / "o"), "--types", "poem")
    assert p.returncode == 2 and "poem" in p.stderr
    db = tmp_path / "a.db"
    db.write_bytes(b"")
    p = run("search", "كورونا", "--db", str(db), "--from", "2020-13")
    assert p.returncode != 0 and "not a date" in p.stderr
    p = run("search", "كورونا", "--db", str(db), "--sort", "random")
    assert p.returncode == 2
    assert not (tmp_path / "o").exists()  # nothing was started


def test_search_json_offset_and_sites_from_records(tmp_path: Path) -> None:
    """JSONL rows keep the site they give; a relative URL names no site; search pages by offset."""
    text = need(EXAMPLE).read_text(encoding="utf-8")
    rows = [
        {"id": "a", "url": "fa/node/41.html", "text": text},
        {"id": "b", "url": "https://www.alkhaleej.ae/x", "site": "Alkhaleej.ae", "text": text},
        {"id": "c", "site": "example.org", "text": text.replace("لافروف", "لافروف ونظيره")},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    p = run("run", str(src), "-o", str(tmp_path / "out"), "--format", "jsonl", "--no-dedup", "--no-progress")
    assert p.returncode == 0, p.stderr
    out = [json.loads(ln) for f in sorted((tmp_path / "out").glob("*.jsonl")) for ln in f.read_text().splitlines()]
    assert {r["id"]: r["site"] for r in out} == {"a": None, "b": "alkhaleej.ae", "c": "example.org"}
    assert run("index", str(tmp_path / "out"), "--db", str(tmp_path / "a.db")).returncode == 0
    whole = json.loads(run("search", "لافروف", "--db", str(tmp_path / "a.db"), "--format", "json").stdout)
    assert whole["stories"] == 3 and len(whole["hits"]) == 3
    page = run("search", "لافروف", "--db", str(tmp_path / "a.db"), "--format", "jsonl", "--limit", "1", "--offset", "1")
    lines = page.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["id"] == whole["hits"][1]["id"]
