"""The page khabar was started from, end to end: exactly the structure the issue asks for."""

from __future__ import annotations

import khabar
from khabar import Label


def test_example_page_structure(example_text: str) -> None:
    a = khabar.extract(example_text)
    lines = [line for line in example_text.split("\n") if line.strip()]
    assert len(lines) == 24
    assert a.title == "«الخارجية الأمريكية» تنفي إجراء واشنطن محادثات سرية مع الروس"
    assert a.paragraphs == lines[13:21]  # the eight paragraphs, nothing else
    assert a.text == "\n".join(lines[13:21])
    assert a.is_article
    assert a.lang == "ar"
    assert a.section == "اخبار متفرقة"
    # five teasers: title + the cut-off excerpt
    assert [(r.title, r.excerpt) for r in a.related] == [(lines[i], lines[i + 1]) for i in range(2, 12, 2)]
    # every other line is removed, with its label
    removed = {r.text: r.label for r in a.removed}
    assert len(a.removed) == 24 - 1 - 8
    assert removed["ذات صلة"] == Label.RELATED_HEADING.value
    assert removed["اخبار متفرقة"] == Label.SECTION.value
    assert removed["spot_img"] == removed["spot_imgspot_img"] == Label.PLACEHOLDER.value
    assert removed["تابعونا على"] == Label.SOCIAL.value
    for i in range(2, 12, 2):
        assert removed[lines[i]] == Label.TEASER_TITLE.value
        assert removed[lines[i + 1]] == Label.TEASER_EXCERPT.value


def test_example_as_bytes_and_forced_kind(example_text: str) -> None:
    a = khabar.extract(example_text.encode("utf-8"), kind="text", url="https://www.alkhaleej.ae/x")
    assert a.site == "alkhaleej.ae"
    assert len(a.paragraphs) == 8


def test_to_dict_is_json_ready(example_text: str) -> None:
    import json

    d = khabar.extract(example_text).to_dict(with_blocks=True)
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert set(d) >= {"url", "site", "lang", "title", "text", "paragraphs", "section", "published", "authors"}
    assert {b["label"] for b in d["blocks"]} >= {"title", "body", "teaser-title", "placeholder"}
