"""Language evidence for Arabic-script pages: Arabic, Persian and Urdu sites in ar-sites."""

from __future__ import annotations

import gzip
import json

import pytest

import khabar
from khabar.lang.identify import guess_lang
from tests.conftest import SHARED, need


@pytest.fixture(scope="module")
def pages() -> list[dict]:
    with gzip.open(need(SHARED / "corpus" / "ar-sites" / "pages.jsonl.gz"), "rt") as f:
        return [json.loads(line) for line in f]


@pytest.mark.parametrize(
    ("site", "lang"),
    [("per.euronews.com", "fa"), ("tishineh.com", "fa"), ("urdupoint.com", "ur"), ("arabic.euronews.com", "ar"),
     ("vetogate.com", "ar")],
)  # fmt: skip
def test_site_language(pages: list[dict], site: str, lang: str) -> None:
    mine = [p for p in pages if p["site"].removeprefix("www.") == site]
    assert mine, site
    # pages of a site where Latin script dominates (a menu of languages) may be "en";
    # the others must all be the site's language
    langs = [khabar.extract(p["html"]).lang for p in mine]
    arabic_script = [x for x in langs if x != "en"]
    assert arabic_script and arabic_script.count(lang) >= 0.8 * len(arabic_script), langs


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Общий анализ крови развернутый: что показывает и как подготовиться к сдаче", "ru"),
     ("Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs", "fr"),
     ("The government announced new measures on Tuesday to support farmers across the country", "en"),
     ("Hükümet salı günü çiftçileri desteklemek için yeni önlemler açıkladı", "tr")],
)  # fmt: skip
def test_other_scripts_and_languages(text: str, lang: str) -> None:
    assert guess_lang(text) == lang


def test_short_and_empty() -> None:
    assert guess_lang("") is None
    assert guess_lang("12345 !!") is None
    assert guess_lang("The quick brown fox") == "en"
    assert guess_lang("قال المتحدث إن الحكومة ستواصل دعمها") == "ar"
