"""Publication dates: metadata timestamps and visible datelines to ISO 8601.

Arabic pages name months in several systems (Egyptian/Gulf يناير…, Levantine/Iraqi كانون
الثاني…, Maghrebi جانفي…); all are folded by `normalize` and mapped here.
"""

from __future__ import annotations

import re
from datetime import date

from khabar.arabic import normalize

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
    r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)|(?<!\d)(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?!\d)"
)
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in [*MONTHS_2, *MONTHS]), key=len, reverse=True))
NAMED = re.compile(rf"(?<!\w)(\d{{1,2}})\s*(?:من\s+)?({_MONTH_ALT})(?:\s*/\s*\S+(?:\s+\S+)?)?\s*,?\s*(\d{{4}})(?!\d)")
NAMED_EN = re.compile(rf"(?<!\w)({_MONTH_ALT})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)")


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
    """The first full date a dateline states (day, month, year), as YYYY-MM-DD."""
    norm = normalize(text)
    m = NAMED.search(norm)
    if m:
        month = MONTHS_2.get(m.group(2)) or MONTHS.get(m.group(2))
        if month:
            found = _valid(int(m.group(3)), month, int(m.group(1)))
            if found:
                return found
    m = NAMED_EN.search(norm)
    if m:
        month = MONTHS.get(m.group(1))
        if month:
            found = _valid(int(m.group(3)), month, int(m.group(2)))
            if found:
                return found
    m = NUMERIC.search(norm)
    if m:
        if m.group(3):
            return _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return _valid(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    return None
