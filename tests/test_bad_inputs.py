"""Hostile inputs (shared/corpus/bad-inputs): a clear error or an honest result, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

import khabar
from khabar import ConfigError, InputError


def _same_as_example(a: khabar.Article, example_text: str) -> None:
    ref = khabar.extract(example_text)
    assert a.title == ref.title
    assert a.paragraphs == ref.paragraphs


@pytest.mark.parametrize("name", ["empty.html", "whitespace.txt"])
def test_empty_gives_empty_article(bad_inputs: Path, name: str) -> None:
    a = khabar.extract((bad_inputs / name).read_bytes())
    assert not a.is_article and a.paragraphs == [] and a.title is None
    assert "empty input" in a.warnings


def test_binary_is_refused_with_its_name(bad_inputs: Path) -> None:
    with pytest.raises(InputError, match=r"image\.png: this is a PNG image"):
        khabar.extract((bad_inputs / "image.png").read_bytes(), source="image.png")


@pytest.mark.parametrize(
    "name",
    ["nul-bytes.txt", "cp1256-undeclared.txt", "utf16-bom.txt", "mojibake-cp1256.txt", "mojibake-latin1.txt",
     "bidi-controls.txt"],
)  # fmt: skip
def test_broken_text_gives_the_same_article(bad_inputs: Path, example_text: str, name: str) -> None:
    a = khabar.extract((bad_inputs / name).read_bytes())
    _same_as_example(a, example_text)
    assert not any("\x00" in p or "\u202b" in p for p in a.paragraphs)
    if name.startswith("mojibake"):
        assert any("mojibake" in w for w in a.warnings)


@pytest.mark.parametrize("name", ["cp1256-declared.html", "invalid-utf8.html"])
def test_broken_html_gives_the_same_article(bad_inputs: Path, news_page, name: str) -> None:
    ref = khabar.extract(news_page("youm7.com_htmldate-1691196862.html"))
    a = khabar.extract((bad_inputs / name).read_bytes())
    assert a.title == ref.title
    assert len(a.paragraphs) == len(ref.paragraphs)
    if name == "invalid-utf8.html":
        assert any("invalid UTF-8" in w for w in a.warnings)


@pytest.mark.parametrize(
    "name", ["deep-nesting-100k.html", "unclosed-tables-50k.html", "scripts-only.html", "million-lines.txt"]
)
def test_pathological_pages_invent_nothing(bad_inputs: Path, name: str) -> None:
    a = khabar.extract((bad_inputs / name).read_bytes())
    assert not a.is_article and a.paragraphs == []


def test_one_huge_line_is_one_block(bad_inputs: Path) -> None:
    a = khabar.extract((bad_inputs / "one-line-10mb.txt").read_bytes())
    assert len(a.blocks) == 1 and not a.is_article


def test_home_page_is_not_an_article(bad_inputs: Path) -> None:
    a = khabar.extract((bad_inputs / "home-page-like.html").read_bytes())
    assert not a.is_article and a.page_type in ("home", "section")
    assert len(a.removed) + len(a.paragraphs) > 100


def test_huge_page_gives_the_same_article(bad_inputs: Path, news_page) -> None:
    ref = khabar.extract(news_page("youm7.com_htmldate-1691196862.html"))
    a = khabar.extract((bad_inputs / "huge-20mb.html").read_bytes())
    assert a.title == ref.title and a.paragraphs == ref.paragraphs


def test_wrong_types_and_kinds_are_refused() -> None:
    with pytest.raises(InputError, match="expected str or bytes"):
        khabar.extract(12)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="kind must be one of"):
        khabar.extract("x", kind="pdf")  # type: ignore[arg-type]


def test_a_page_its_scripts_fill_in_says_so(bad_inputs: Path) -> None:
    """An app shell (a Discourse topic as a crawler without JavaScript gets it: a title, a
    description, an empty <section id="main">) has nothing to extract: the result says why,
    instead of looking like a page judged to hold no content."""
    shell = (
        "<!DOCTYPE html><html><head><title>Best first telescope? - Forum</title>"
        '<meta name="description" content="I am new to astronomy and would love some advice."></head>'
        '<body><section id="d-splash"><div class="dots"></div></section>'
        '<div class="hidden" id="data-preloaded"></div><section id="main"></section></body></html>'
    )
    a = khabar.extract(shell)
    assert a.paragraphs == [] and any("scripts fill in" in w for w in a.warnings)
    assert any("scripts fill in" in w for w in khabar.extract((bad_inputs / "scripts-only.html").read_bytes()).warnings)
    page = "<html><body><article><p>One real paragraph of text, long enough to read.</p></article></body></html>"
    assert not any("scripts fill in" in w for w in khabar.extract(page).warnings)
