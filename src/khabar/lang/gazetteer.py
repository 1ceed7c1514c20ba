"""Names khabar knows by heart, as data files (`lang/data/ar/*.txt`, one name a line, in
the spelling pages use): countries, capitals and the cities and regions Arabic news
datelines from; heads of state and others the news names daily; common given names.
The labeller reads the places (a reporter's dateline «X - القاهرة»), enrichment all three."""

from __future__ import annotations

from importlib import resources


def _names(file: str) -> tuple[str, ...]:
    text = (resources.files("khabar.lang") / "data" / "ar" / file).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


PLACES = _names("places.txt")
PEOPLE = _names("people.txt")
GIVEN_NAMES = _names("given_names.txt")  # a family name in ال may follow one ("عبدالله البرقان")
