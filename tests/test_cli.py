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
    assert "`teaser-title`" in p.stdout
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
