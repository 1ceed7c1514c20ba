"""The calendar, held once (khabar/lang/calendar.py) and read in the folding every layer
shares: diacritics, tatweel and Persian letter shapes do not hide a date, and a span found
in folded text is the span of the original."""

from __future__ import annotations

from datetime import date

import khabar
from khabar.lang.calendar import (
    ENGLISH_WEEKDAYS,
    HIJRI_MONTHS,
    MONTHS,
    WEEKDAYS,
    date_in_text,
    find_dates,
    hijri_to_gregorian,
    iso_from_meta,
)
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


def test_metadata_timestamps() -> None:
    assert iso_from_meta("2020-03-08") == "2020-03-08"
    assert iso_from_meta("2020-03-08T14:05:09Z") == "2020-03-08T14:05:09Z"
    assert iso_from_meta("2020-03-08 14:05") == "2020-03-08T14:05:00"
    assert iso_from_meta("2020-03-08T14:05:09.123+0300") == "2020-03-08T14:05:09+03:00"
    assert iso_from_meta("2020-03-08T14:05:09-05:00") == "2020-03-08T14:05:09-05:00"
    assert iso_from_meta("  الأحد 8 مارس 2020  ") == "2020-03-08"  # a dateline-like value
    assert iso_from_meta("2020-02-30") is None and iso_from_meta("1850-01-01") is None
    assert iso_from_meta("") is None and iso_from_meta(None) is None and iso_from_meta("soon") is None


def test_hijri_conversion_and_its_bounds() -> None:
    assert hijri_to_gregorian(1445, 9, 1) == date(2024, 3, 11)
    assert hijri_to_gregorian(1, 1, 1) == date(622, 7, 19)  # the calendar's first day (tabular)
    assert hijri_to_gregorian(1600, 12, 30) is not None
    for bad in ((1445, 0, 1), (1445, 13, 1), (1445, 1, 0), (1445, 1, 31), (0, 1, 1), (1601, 1, 1)):
        assert hijri_to_gregorian(*bad) is None


def test_relative_expressions_against_the_article_date() -> None:
    ref = date(2024, 3, 28)  # a Thursday
    got = {d.text: d.value for d in find_dates(
        "اليوم وغدا ومنذ يومين ومنذ أسبوعين ومنذ 3 أشهر ومنذ شهر ومنذ 5 سنوات ومنذ ساعتين والبارحة والجمعة", ref)}  # fmt: skip
    assert got["اليوم"] == "2024-03-28" and got["غدا"] == "2024-03-29" and got["البارحة"] == "2024-03-27"
    assert got["منذ يومين"] == "2024-03-26" and got["منذ 3 أشهر"] == "2023-12" and got["منذ شهر"] == "2024-02"
    assert got["منذ 5 سنوات"] == "2019" and got["منذ ساعتين"] == "2024-03-28" and got["منذ أسبوعين"] == "2024-03-14"
    assert got["الجمعة"] == "2024-03-22"  # the last Friday before a Thursday
    assert all(d.value is None for d in find_dates("أمس والخميس"))  # no article date: no value


def test_month_forms() -> None:
    got = {d.text: d.value for d in find_dates("في مايو 2021 وفي 5 يونيو وفي November 9, 2020 وفي 9/11/2020")}
    assert got == {"مايو 2021": "2021-05", "5 يونيو": "--06-05", "November 9, 2020": "2020-11-09",
                   "9/11/2020": "2020-11-09"}  # fmt: skip
    assert find_dates("شهر مايو") == [] and find_dates("في 31 نوفمبر 2020")[0].value == "2020-11"
    assert find_dates("نيسان/مارس 2020") == []  # two different months are not one paired name
