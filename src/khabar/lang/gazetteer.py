"""Names and word lists khabar knows by heart, as data files in `lang/data/` (one entry a
line, in the spelling pages use; `#` starts a comment): countries, capitals and the places
Arabic news datelines from; people the news names daily; given names; titles, roles and the
head words of organisations and places; verbs of saying; outlets and agencies with their
spellings; section names. The labeller reads the places and section names, enrichment the
rest. Editing a list is editing its file."""

from __future__ import annotations

from importlib import resources


def _lines(*path: str) -> list[str]:
    """The entries of a data file: its lines, stripped, without blanks and `#` comments."""
    text = resources.files("khabar.lang").joinpath("data", *path).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def word_list(name: str, lang: str | None = "ar") -> tuple[str, ...]:
    """The entries of `data/LANG/NAME.txt` (or `data/NAME.txt` for lang None), in order."""
    return tuple(_lines(lang, f"{name}.txt") if lang else _lines(f"{name}.txt"))


def outlets() -> list[tuple[str, str, list[str]]]:
    """(name, "agency" or "outlet", its spellings) for each outlet and agency we know."""
    rows = [line.split("\t") for line in _lines("ar", "outlets.tsv")]
    return [(name, kind, spellings.split("|")) for name, kind, spellings in rows]


PLACES = word_list("places")
PEOPLE = word_list("people")
GIVEN_NAMES = word_list("given_names")  # a family name in ال may follow one ("عبدالله البرقان")
TITLES = word_list("titles")
ONE_WORD_TITLES = word_list("one_word_titles")
ROLES = word_list("roles")
ORG_HEADS = word_list("org_heads")
QUOTED_ORG_HEADS = word_list("quoted_org_heads")
PLACE_HEADS = word_list("place_heads")
FIXED_ORGS = word_list("fixed_orgs")
SPEECH_VERBS = word_list("speech_verbs")
SPEECH_PARTICIPLES = word_list("speech_participles")
SECTION_WORDS = word_list("section_words", lang=None)  # Arabic and English
