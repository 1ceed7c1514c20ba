"""The calendar, once: Gregorian month names in every system Arabic pages use
(Egyptian/Gulf يناير…, Levantine/Iraqi كانون الثاني…, Maghrebi جانفي…, English), Hijri
months, weekdays and relative days; and dates read from metadata and text to ISO 8601.
Names are matched in `normalize`'s folding (no tashkeel or tatweel, alef and hamza forms
folded), so «مـــارس» and «يَنايِر» read as the months they are."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from khabar.lang.normalize import fold_with_offsets
from khabar.model import DateMention

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "يناير جانفي january jan",
        "فبراير فيفري february feb شباط",
        "مارس march mar اذار",
        "ابريل افريل april apr نيسان",
        "مايو ماي may ايار",
        "يونيو جوان june jun حزيران",
        "يوليو يوليوز جويليه july jul تموز",
        "اغسطس اوت غشت august aug اب",
        "سبتمبر شتنبر september sep sept ايلول",
        "اكتوبر october oct",
        "نوفمبر نونبر november nov",
        "ديسمبر دجنبر december dec",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _num
# Two-word Levantine months.
MONTHS_2 = {
    "كانون الثاني": 1, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
}  # fmt: skip

ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
NUMERIC = re.compile(
    r"(?<!\d)(\d{1,2}) ?[/.\-] ?(\d{1,2}) ?[/.\-] ?(\d{4})(?!\d)|(?<!\d)(\d{4}) ?[/.\-] ?(\d{1,2}) ?[/.\-] ?(\d{1,2})(?!\d)"
)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat() if 1900 <= y <= 2100 else None
    except ValueError:
        return None


def iso_from_meta(value: str | None) -> str | None:
    """A metadata timestamp (ISO, or a dateline-like string) as ISO 8601."""
    if not value:
        return None
    value = value.strip()
    m = ISO.match(value)
    if m:
        day = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day is None:
            return None
        if m.group(4):
            out = f"{day}T{m.group(4)}:{m.group(5)}:{m.group(6) or '00'}"
            tz = m.group(7)
            if tz:
                out += "Z" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
            return out
        return day
    return date_in_text(value)


def date_in_text(text: str) -> str | None:
    """The first full date a dateline states (day, month, year; Gregorian in any month-name
    system, Hijri converted, or numeric), as YYYY-MM-DD."""
    for found in _scan(text, None, _FULL_DATES):
        value = found.value
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            return value
    return None


# ---- date mentions in running text -------------------------------------------------

HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الأول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4, "ربيع الآخر": 4,
    "جمادى الاولى": 5, "جمادى الأولى": 5, "جمادي الاولي": 5, "جمادى الاخرة": 6, "جمادى الآخرة": 6,
    "جمادى الثانية": 6, "جمادي الاخره": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}  # fmt: skip
WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4,
            "السبت": 5, "الاحد": 6, "الأحد": 6}  # fmt: skip
ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"أمس": -1, "امس": -1, "البارحة": -1, "اليوم": 0, "غدا": 1, "غدًا": 1}


def _f(s: str) -> str:
    return fold_with_offsets(s)[0]


def calendar_words() -> frozenset[str]:
    """Every word of every month name (all systems, Hijri too), weekday and relative day,
    folded: what makes a short line a dateline for the labeller."""
    names = [*MONTHS, *MONTHS_2, *HIJRI_MONTHS, *WEEKDAYS, *ENGLISH_WEEKDAYS, *RELATIVE_DAYS]
    return frozenset(_f(w) for name in names for w in name.split())


_GREG = {_f(k): v for k, v in {**MONTHS, **MONTHS_2}.items()}
# Month names that are also common words ("اب" father, "مارس" practised, "ماي") only count
# with a day or a year, or paired with their other name ("إبريل/ نيسان").
_AMBIGUOUS = {
    _f(w)
    for w in (
        "اب",
        "آب",
        "مارس",
        "ماي",
        "may",
        "mar",
        "jan",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "feb",
        "apr",
    )
}
_HIJ = {_f(k): v for k, v in HIJRI_MONTHS.items()}
_WEEK = {_f(k): v for k, v in WEEKDAYS.items()}
_RELATIVE = {_f(k): v for k, v in RELATIVE_DAYS.items()}
_R = "|".join(sorted((re.escape(m) for m in _RELATIVE), key=len, reverse=True))
_M = "|".join(sorted((re.escape(m) for m in _GREG), key=len, reverse=True))
_H = "|".join(sorted((re.escape(m) for m in _HIJ), key=len, reverse=True))
_W = "|".join(sorted((re.escape(m) for m in _WEEK), key=len, reverse=True))
_SEP = r"\s*[/\\-]\s*"
_MONTH = rf"(?P<m1>{_M})(?:{_SEP}(?P<m2>{_M}))?"
_PATTERNS = [
    ("hijri", re.compile(rf"(?<![^\W_وبلف])(?P<d>\d{{1,2}})\s+(?:من\s+)?(?P<h>{_H})\s+(?:سنة\s+|عام\s+)?(?P<y>1[34]\d\d)\s*(?:هـ|ه|للهجرة|هجرية)?(?!\w)")),
    ("dmy", re.compile(rf"(?<![^\W_وبلف])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:من\s+)?(?:of\s+)?{_MONTH}\s*(?:من\s+)?(?:سنة\s+|عام\s+)?,?\s*(?P<y>(?:19|20)\d\d)(?!\d)")),
    ("my", re.compile(rf"(?<![^\W_وبلف])(?:شهر\s+)?{_MONTH}\s*(?:من\s+)?(?:سنة\s+|عام\s+)?(?P<y>(?:19|20)\d\d)(?!\d)")),
    ("mdy", re.compile(rf"(?<![^\W_وبلف]){_MONTH}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*[،,]?\s+(?P<y>(?:19|20)\d\d)(?!\d)")),
    ("dm", re.compile(rf"(?<![^\W_وبلف])(?P<d>\d{{1,2}})\s+(?:من\s+)?{_MONTH}(?!\w)")),
    ("m", re.compile(rf"(?<![^\W_وبلف]){_MONTH}(?!\w)")),
    ("numeric", NUMERIC),
    ("weekday", re.compile(rf"(?<![^\W_وبلف])(?:يوم\s+)?(?P<w>{_W})(?!\w)")),
    ("relative", re.compile(rf"(?<![^\W_وبلف])(?:(?P<word>{_R})|منذ\s+(?P<n>\d+|ساعتين|يومين|اسبوعين|شهرين|عامين|سنتين|ساعه|يوم|اسبوع|شهر|سنه|عام)\s*(?:(?P<unit>ساعات|ساعه|ساعتين|ايام|يوم|يومين|اسابيع|اسبوع|اشهر|شهر|شهور|سنوات|سنه|عام|اعوام)ا?)?)(?!\w)")),
]  # fmt: skip


# the kinds that can state a full date, for datelines (labelling reads many short lines)
_FULL_DATES = [(kind, pattern) for kind, pattern in _PATTERNS if kind in ("hijri", "dmy", "mdy", "numeric")]


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """The tabular (arithmetic) Islamic calendar; official calendars may differ by a day."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and 1 <= year <= 1600):
        return None
    jd = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    return date.fromordinal(jd - 1721425)


def find_dates(text: str, ref: date | None = None) -> list[DateMention]:
    """Date expressions in `text`, each with its value in ISO 8601 at the
    precision the text gives ("2022-02", "2022-02-24", "--04" for a month without a year),
    relative ones (أمس، منذ 3 ساعات، الخميس) resolved against `ref` when it is known."""
    return _scan(text, ref, _PATTERNS)


def _scan(text: str, ref: date | None, patterns: list[tuple[str, re.Pattern[str]]]) -> list[DateMention]:
    """Matches of `patterns`, tried in order; a span taken by an earlier one is not read again."""
    folded, offsets = fold_with_offsets(text)  # English month names lower-cased too ("November 9, 2020")
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in patterns:
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _value(kind, m, ref)
            if value is _SKIP:
                continue
            taken.append((m.start(), m.end()))
            start, end = (m.start(), m.end()) if offsets is None else (offsets[m.start()], offsets[m.end()])
            out.append(DateMention(text=text[start:end].strip(), start=start, end=end, value=value))  # type: ignore[arg-type]
    return sorted(out, key=lambda d: d.start)


_SKIP = object()
# dual forms of the units (folded): «منذ يومين» is two days ago
_DUALS = {"ساعتين": "ساعه", "يومين": "يوم", "اسبوعين": "اسبوع", "شهرين": "شهر", "عامين": "عام", "سنتين": "سنه"}


def _value(kind: str, m: re.Match[str], ref: date | None) -> object:
    g = m.groupdict()
    if kind == "hijri":
        d = hijri_to_gregorian(int(g["y"]), _HIJ[g["h"]], int(g["d"]))
        return d.isoformat() if d else _SKIP
    if kind in ("dmy", "mdy", "my", "dm", "m"):
        month = _GREG.get(g["m1"])
        if g.get("m2") and _GREG.get(g["m2"]) != month:
            return _SKIP  # two different months: not a paired name
        if kind == "m" and not g.get("m2"):
            return _SKIP  # a lone month word: too often an ordinary word
        if kind in ("dm", "m") and g["m1"] in _AMBIGUOUS and not g.get("m2"):
            return _SKIP
        if month is None:
            return _SKIP
        if kind in ("dmy", "mdy"):
            return _valid(int(g["y"]), month, int(g["d"])) or _SKIP
        if kind == "my":
            return f"{int(g['y']):04d}-{month:02d}"
        if kind == "dm":
            return f"--{month:02d}-{int(g['d']):02d}" if 1 <= int(g["d"]) <= 31 else _SKIP
        return f"--{month:02d}"
    if kind == "numeric":
        if m.group(3):
            return _valid(int(m.group(3)), int(m.group(2)), int(m.group(1))) or _SKIP
        return _valid(int(m.group(4)), int(m.group(5)), int(m.group(6))) or _SKIP
    if kind == "weekday":
        if ref is None:
            return None
        back = (ref.weekday() - _WEEK[g["w"]]) % 7
        return (ref - timedelta(days=back)).isoformat()
    if kind == "relative":
        if ref is None:
            return None
        word = g.get("word")
        if word:
            shift = _RELATIVE.get(word, 0)
            return (ref + timedelta(days=shift)).isoformat()
        n = int(g["n"]) if g["n"] and g["n"].isdigit() else 1
        unit = g.get("unit") or g["n"]
        if unit in _DUALS:  # «منذ يومين»: two days
            n, unit = (2 if n == 1 else n), _DUALS[unit]
        if unit.startswith(("ساع",)):
            return ref.isoformat()
        days = {"يوم": 1, "ايام": 1, "اسبوع": 7, "اسابيع": 7}.get(unit)
        if days:
            return (ref - timedelta(days=n * days)).isoformat()
        if unit.startswith(("شهر", "اشهر", "شهور")):
            y, mo = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            return f"{y:04d}-{mo + 1:02d}"
        return f"{ref.year - n:04d}"
    return _SKIP
