"""Decoding: BOMs, declared and detected charsets, mojibake repair, binary refusal."""

from __future__ import annotations

import pytest

from khabar.errors import InputError
from khabar.page.decode import declared_charset, sniff_binary, to_text

ARABIC = "قال متحدث باسم وزارة الخارجية الأمريكية إن إدارة الرئيس لم تصرّح بإجراء اجتماعات سرية."
FOUR_PARAGRAPHS = (  # four different paragraphs: the same one four times is a repeat, not a body
    ARABIC,
    "وأضاف المتحدث في مؤتمر صحفي عقده مساء أمس أن الوزارة تتابع التطورات في المنطقة عن كثب.",
    "وكانت صحف محلية قد نشرت تقارير عن لقاءات جرت بعيدا عن الأضواء خلال الشهر الماضي.",
    "ولم يصدر أي تعليق رسمي من الجانب الآخر حتى ساعة إعداد هذا التقرير.",
)


def test_cp1256_declared_and_undeclared() -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    raw = page.encode("cp1256")
    assert declared_charset(raw) == "cp1256"
    assert ARABIC in to_text(raw)[0]
    assert to_text((ARABIC * 5).encode("cp1256"))[0] == ARABIC * 5


def test_wrong_declaration_falls_back() -> None:
    raw = f'<meta charset="iso-8859-1"><p>{ARABIC}</p>'.encode()
    text, warnings = to_text(raw)
    assert ARABIC in text  # latin-1 never fails, but UTF-8 wins when it decodes
    raw = f'<meta charset="utf-8"><p>{ARABIC * 10}</p>'.encode("cp1256")
    text, warnings = to_text(raw)
    assert ARABIC in text and any("does not fit" in w for w in warnings)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32", "utf-16-le"])
def test_unicode_forms(codec: str) -> None:
    text, warnings = to_text((ARABIC + "\n") * 10)  # str passes through
    assert text == (ARABIC + "\n") * 10 and warnings == []
    assert to_text(((ARABIC + "\n") * 10).encode(codec))[0].strip() == ((ARABIC + "\n") * 10).strip()


def test_mojibake_repair() -> None:
    for codec in ("cp1256", "latin-1"):
        broken = (ARABIC * 3).encode("utf-8").decode(codec)
        text, warnings = to_text(broken)
        assert text == ARABIC * 3 and warnings


def test_binary_and_controls() -> None:
    assert sniff_binary(b"%PDF-1.7 ...") == "a PDF document"
    assert sniff_binary(bytes(range(256)) * 10) == "binary data"
    with pytest.raises(InputError, match="gzip"):
        to_text(b"\x1f\x8b\x08\x00rest", source="x.gz")
    assert to_text("a\x00b\u202bc\r\nd")[0] == "abc\nd"


def test_bidi_marks_are_dropped_whether_raw_or_written_as_entities() -> None:
    """Blogger pages write "&rlm;" between share links; CMSs put raw U+200F in titles.
    Neither reaches the article, its metadata or its removed blocks."""
    import khabar

    body = "".join(f"<p>{s} &rlm;{i}&#8207;</p>" for i, s in enumerate(FOUR_PARAGRAPHS))
    page = (
        f'<html><head><title>\u200fعنوان الخبر&lrm;</title><meta property="og:title" content="&#8207;عنوان الخبر">'
        f"</head><body><article><h1>&rlm;عنوان الخبر</h1>{body}</article>"
        f"<div class='share'>&rlm;المشاركة في Twitter&rlm;المشاركة في Facebook</div></body></html>"
    )
    for content in (page, page.encode("utf-8")):
        a = khabar.extract(content)
        out = " ".join([a.title or "", *a.paragraphs, *(r.text for r in a.removed)])
        assert a.title == "عنوان الخبر" and len(a.paragraphs) == 4
        assert not any(ch in out for ch in "\u200e\u200f"), out
    assert khabar.extract("\u200f\x00 \n").warnings[-1] == "empty input"
