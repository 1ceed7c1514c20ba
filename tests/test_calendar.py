"""The calendar, held once (khabar/lang/calendar.py) and read in the folding every layer
shares: diacritics, tatweel and Persian letter shapes do not hide a date, and a span found
in folded text is the span of the original."""

from __future__ import annotations

from datetime import date

import khabar
from khabar.lang.calendar import ENGLISH_WEEKDAYS, HIJRI_MONTHS, MONTHS, WEEKDAYS, date_in_text, find_dates
from khabar.lang.lexicon import DATE_WORDS
from khabar.lang.normalize import normalize


def test_diacritics_and_tatweel_do_not_hide_a_date() -> None:
    found = find_dates("وصل في 15 يَنايِر 2020 إلى المدينة")
    assert [(d.text, d.value) for d in found] == [("15 يَنايِر 2020", "2020-01-15")]
    assert date_in_text("الأحد 1 مـــارس 2020") == "2020-03-01"
    shadda = find_dates("في كانون الأوّل/ديسمبر الماضي")
    assert [(d.text, d.value) for d in shadda] == [("كانون الأوّل/ديسمبر", "--12")]


def test_spans_are_spans_of_the_original_text() -> None:
    text = "نُشِر يوم الخميس، ٣ مـارس ٢٠٢١ منذ 20 عامًا"
    for d in find_dates(text, ref=date(2021, 3, 4)):
        assert text[d.start : d.end].strip() == d.text  # type: ignore[call-overload]
    values = [d.value for d in find_dates(text, ref=date(2021, 3, 4))]
    assert values == ["2021-03-04", "2021-03-03", "2001"]


def test_persian_letter_shapes_read_as_arabic() -> None:
    assert [d.value for d in find_dates("3 یولیو / تموز 2013")] == ["2013-07-03"]


def test_a_tatweel_dateline_gives_the_article_its_date() -> None:
    body = "\n".join(
        ["أخبار محلية", "وزير الصحة يفتتح مستشفى جديدا في العاصمة", "الأحد 1 مـــارس 2020"]
        + [
            f"وقال الوزير في كلمته خلال الافتتاح إن المستشفى الجديد يضم {n} سريرا ويخدم سكان المنطقة كلها."
            for n in range(100, 108)
        ]
    )
    a = khabar.extract(body, kind="text")
    assert a.published == "2020-03-01"


def test_every_calendar_name_is_a_date_word_for_the_labeller() -> None:
    names = [*MONTHS, *HIJRI_MONTHS, *WEEKDAYS, *ENGLISH_WEEKDAYS]
    assert all(normalize(w) in DATE_WORDS for name in names for w in name.split())
