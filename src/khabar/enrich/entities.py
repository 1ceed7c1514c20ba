"""People, organisations and places: a shipped gazetteer plus the patterns Arabic news
uses to introduce them (titles such as الرئيس، وزير الخارجية; a name followed by a role
such as «الدبلوماسي الأمريكي»; organisation heads such as وزارة، مجلس، شبكة)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from khabar.lang.calendar import RELATIVE_DAYS, WEEKDAYS
from khabar.lang.gazetteer import (
    FIXED_ORGS,
    GIVEN_NAMES,
    ONE_WORD_TITLES,
    ORG_HEADS,
    PEOPLE,
    PLACE_HEADS,
    PLACES,
    QUOTED_ORG_HEADS,
    ROLES,
    SPEECH_VERBS,
    TITLES,
)
from khabar.lang.normalize import fold
from khabar.model import Entity

_GIVEN = {fold(n) for n in GIVEN_NAMES}
_PLACES = {fold(p) for p in PLACES}
_PEOPLE = {fold(p) for p in PEOPLE}
# titles, roles and the head words of organisations and places: lang/data/ar/*.txt
_STOP = {
    fold(w)
    for w in [
        "في",
        "من",
        "على",
        "إلى",
        "عن",
        "مع",
        "أن",
        "إن",
        "التي",
        "الذي",
        "الذين",
        "قد",
        "لم",
        "لن",
        "لا",
        "ما",
        "كان",
        "كانت",
        "هو",
        "هي",
        "و",
        "أو",
        "ثم",
        "بعد",
        "قبل",
        "خلال",
        "حول",
        "حيث",
        "بسبب",
        "ضد",
        "عبر",
        "رحمه",
        "حفظه",
        "يرحمه",
        "فيما",
        "بينما",
        "بين",
        "عند",
        "حتى",
        "منذ",
        "لدى",
        "اليوم",
    ]
}


def _title_forms(titles: Sequence[str]) -> list[str]:
    """Each title folded, also after the preposition ل ("للرئيس", "لوزير") or the
    conjunction و ("والدكتور")."""
    forms = set()
    for t in map(fold, titles):
        forms.update({t, "و" + t})
        forms.add("لل" + t[2:] if t.startswith("ال") else "ل" + t)
    return sorted(forms, key=len, reverse=True)


_TITLE_RE = re.compile(rf"(?<![\w])(?:{'|'.join(map(re.escape, _title_forms(TITLES)))})(?![\w])")
_TITLE_WORDS = {w for t in _title_forms(TITLES) for w in t.split()} | {
    w[2:] for t in map(fold, TITLES) for w in t.split() if w.startswith("ال")
}
_ONE_WORD = set(_title_forms(ONE_WORD_TITLES))
# adjectives that follow a name without being part of it: nisbas of the gazetteer's places
# ("السعودي", "الأمريكي") and a few others; any other ال-word right after "X بن Y" is a
# family name ("عادل بن أحمد الجبير")
_NISBAS = {
    fold("ال" + stem + end)
    for place in PLACES
    for stem in {place.removeprefix("ال").rstrip("اة"), place.removeprefix("ال")}
    for end in ("ي", "ية")
} | {fold(w) for w in ["السابق", "الحالي", "الجديد", "الراحل", "الأمريكي", "الأميركي", "الإماراتي", "البريطاني",
                       "الأوروبي", "العربي", "الخليجي", "الإسرائيلي", "الفلسطيني", "الإيراني", "الروسي", "الصيني"]}  # fmt: skip
_LINKS = {"بن", "بنت", "ابن", "آل", "ال", "أبو", "ابو", "عبد", "أبي", "ابي", "ولد", "دي", "دا", "فون", "فان"}
_TOKEN = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+|[^\s\u0621-\u064a\u0671-\u06d3]")
_ROLE_RE = re.compile(
    rf"(?<![\w])(?P<name>[^\sال«»،,.][\u0621-\u064a]+\s+[^\sال«»،,.][\u0621-\u064a]+)\s+(?:{'|'.join(map(re.escape, map(fold, ROLES)))})(?![\w])"
)


def _with_clitics(words: Sequence[str]) -> str:
    """An alternation of the words, each also after a clitic: و، ب، ل، ف ("بلجنة"), with
    the article's alef dropped after ل ("للاتحاد")."""
    forms = set()
    for w in map(fold, words):
        forms.update({w, *(c + w for c in "وبف")})
        forms.add("لل" + w[2:] if w.startswith("ال") else "ل" + w)
        if w.startswith("ال"):
            forms.update({"وال" + w[2:], "بال" + w[2:]})
    return "|".join(sorted(map(re.escape, forms), key=len, reverse=True))


def _unclitic(surface: str, heads: set[str]) -> str:
    """ "للاتحاد السعودي" -> "الاتحاد السعودي", "بلجنة ..." -> "لجنة ...": the name as named."""
    first, _, rest = surface.partition(" ")
    f = fold(first)
    for cut, add in (("لل", "ال"), ("وال", "ال"), ("بال", "ال"), ("و", ""), ("ب", ""), ("ل", ""), ("ف", "")):
        if f.startswith(cut) and fold(add + first[len(cut) :]) in heads:
            return f"{add}{first[len(cut) :]} {rest}".strip()
    return surface


_ORG_RE = re.compile(rf"(?<![\w])(?P<org>(?:{_with_clitics(ORG_HEADS)})(?:\s+ال[\u0621-\u064a]+){{1,3}})")
_PLACE_RE = re.compile(
    rf"(?<![\w])(?:{_with_clitics(PLACE_HEADS)})\s+(?P<place>[\u0621-\u064a]{{3,}})(?:\s+و(?P<also>ال[\u0621-\u064a]{{2,}}))?"
)
_QUOTED_ORG_RE = re.compile(
    rf"(?<![\w])(?:{'|'.join(map(re.escape, map(fold, QUOTED_ORG_HEADS)))})\s*[«\"“]\s*(?P<org>[^»\"”\n]{{2,30}}?)\s*[»\"”]"
)


_HEADS = {fold(h) for h in ORG_HEADS}
# heads that take any object too ("استخدمت الشرطة الهراوات"): an organisation only with a
# nisba after them ("الشرطة الإيرانية", "الحكومة السورية")
_LOOSE_HEADS = {fold(h) for h in ["الشرطة", "شرطة", "الحكومة", "البرلمان", "الجيش", "جيش", "المجلس", "الهيئة"]}
_TIME_WORDS = {fold(w) for w in [*RELATIVE_DAYS, *WEEKDAYS, "مساء", "صباح", "الماضي", "المقبل", "الحالي"]}


def _speech_verbs() -> frozenset[str]:
    return frozenset(fold(v) for v in SPEECH_VERBS)


_SPEECH = _speech_verbs()
_LONE_TITLES = {fold(t) for t in TITLES if " " not in t}
# ال-words that never continue a name as its family name
_NOT_FAMILY = _NISBAS | _STOP | _TITLE_WORDS | _HEADS | _PLACES
_KIND = {
    **{n: "place" for n in _PLACES},
    **{fold(o): "org" for o in FIXED_ORGS},
    **{n: "person" for n in _PEOPLE},
}
_WORD_AT = re.compile(r"\w+")


# the gazetteer by first word, longest names first ("جو بايدن" before "بايدن"): a text is
# read word by word, not tried against every name at every position
_BY_FIRST: dict[str, list[str]] = {}
for _name in sorted(_KIND, key=len, reverse=True):
    _BY_FIRST.setdefault(_name.split()[0], []).append(_name)


def _gazetteer(f: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of gazetteer names in folded text, each word perhaps after one
    clitic letter (و، ب، ل، ف), never inside a longer word."""
    out: list[tuple[int, int, str]] = []
    taken = 0
    for m in _WORD_AT.finditer(f):
        if m.start() < taken:
            continue
        w = m.group()
        for start, first in ((m.start(), w), (m.start() + 1, w[1:] if w[0] in "وبلف" and len(w) > 3 else "")):
            names = _BY_FIRST.get(first)
            if not names:
                continue
            name = next(
                (n for n in names if f.startswith(n, start) and not f[start + len(n) : start + len(n) + 1].isalnum()),
                None,
            )
            if name:
                out.append((start, start + len(name), name))
                taken = start + len(name)
                break
    return out


def _conjunction(rest: str) -> bool:
    """Whether و + `rest` reads as "and ..." (a name, an article, a verb, a function word
    or a title follows) rather than a name that starts with و ("وايت", "ويليام")."""
    return rest not in _LINKS and (
        rest in _GIVEN or rest.startswith("ال") or rest in _SPEECH or rest in _STOP or rest in _TITLE_WORDS
    )


def _name_after_title(f: str, end: int, one_word: bool) -> tuple[int, int] | None:
    """The span of the name after a title that ends at `end`, skipping what qualifies the
    title ("وزير الدفاع الباكستاني", "مساعد وزير الدفاع لشؤون الأمن الدولي", "السمو الملكي")."""
    line_end = f.find("\n", end)
    stop_at = min(len(f), end + 160, line_end if line_end >= 0 else len(f))
    tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(f, end, stop_at)]
    i = 0
    while i < len(tokens):  # qualifiers: ال-words, "ل/ب + word" with ال-words after it, other titles
        w = tokens[i][0]
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if (w.startswith("ال") and w not in _LINKS) or w in _TITLE_WORDS:
            i += 1
        elif w in "،," and i > 0 and nxt and not nxt.startswith("ال") and nxt not in _STOP:
            i += 1  # "الرئيس الأميركي، دونالد ترمب": the name apposed after a comma
        elif w[:1] in "لب" and len(w) > 3 and nxt.startswith("ال"):
            i += 1
        else:
            break
    words: list[tuple[str, int]] = []
    while i < len(tokens) and len(words) < 7:
        w, at = tokens[i]
        if not ("\u0621" <= w[0] <= "\u06d3") or w in _TITLE_WORDS or w in _HEADS:
            break
        if w in _STOP and not (w in _GIVEN and not words):
            break  # ("على" and the name "علي" fold alike: a name may start with it)
        if w.startswith(("لل", "بال", "وال", "فال", "كال")) or w.endswith(("ته", "تها")):
            break  # a preposition or conjunction with the article, a possessive: not a name
        if w in _SPEECH:
            break  # "دونالد ترامب قال": the verb after the name
        if not words and w[:1] in "وبل" and w not in _GIVEN:
            break  # "وصاحب السمو", "بمنع": a conjunction or preposition, not a name
        if w.startswith("ال") and not (words and words[-1][0] in _LINKS):
            known = any(x == "بن" for x, _ in words) or (words and words[0][0] in _GIVEN)
            if known and w not in _NOT_FAMILY:
                words.append((w, at))  # a family name: "عادل بن أحمد الجبير", "عبدالله البرقان"
            break
        if w.startswith("و") and words and len(w) > 3 and _conjunction(w[1:]):
            break  # "محمد وعلي", "X والمدير": and ...; "دانا وايت" is one name
        words.append((w, at))
        i += 1
    while words and words[-1][0] in _LINKS:
        words.pop()
    while words and words[-1][0].endswith("ه") and words[-1][0] not in _GIVEN and not words[-1][0].startswith("ال"):
        words.pop()  # "لقى حتفه", "كارلوس ادواردو لموقعة": a pronoun or noun ending, not a name
    plain = [w for w, _ in words if w not in _LINKS]
    if not plain or (len(plain) == 1 and not one_word) or len(plain) > 4:
        return None
    return words[0][1], words[-1][1] + len(words[-1][0])


def _clean_name(name: str) -> str | None:
    words = name.split()
    if words and words[0] in _HEADS:
        return None  # "المتحدث باسم وزارة ...": an organisation, not a name
    while words and (words[-1] in _STOP or words[-1].startswith("ال") or (len(words) > 2 and words[-1][0] == "و")):
        words.pop()  # a name does not end in "في", an adjective ("الأمريكي") or "و..." (and ...)
    while words and words[0] in _STOP:
        words.pop(0)
    if not words or any(w in _STOP for w in words) or len(words) > 3:
        return None
    return " ".join(words) if len(" ".join(words)) >= 5 else None


def entities(text: str) -> list[Entity]:
    """[{text, type}] with type person, org or place, in order of first mention."""
    f = fold(text)
    found: dict[tuple[str, str], tuple[int, str]] = {}
    org_spans: list[tuple[int, int]] = []
    inside: set[tuple[str, str]] = set()  # places and people named only inside an organisation's name

    def add(start: int, end: int, kind: str, heads: set[str] | None = None) -> None:
        surface = text[start:end].strip(" .،,")
        if heads:
            surface = _unclitic(surface, heads)
        key = (fold(surface), kind)
        if kind == "org":
            org_spans.append((start, end))
        if surface and key not in found:
            found[key] = (start, surface)

    for m in _TITLE_RE.finditer(f):
        span = _name_after_title(f, m.end(), m.group() in _ONE_WORD)
        if span and len(f[span[0] : span[1]]) >= 3:
            add(span[0], span[1], "person")
    for m in _ROLE_RE.finditer(f):
        name = _clean_name(m.group("name"))
        # before a profession, two words that look like a name: no clitic or pronoun ending
        # ("بمنع دخول الفنان", "حيث خاطبه الفنان" are not names)
        if name and all(w[0] not in "وبلف" and w[-1] != "ه" for w in name.split()):
            s = f.find(name, m.start("name"))
            add(s, s + len(name), "person")
    gazetteer = _gazetteer(f)
    for m in _ORG_RE.finditer(f):
        words = m.group("org").split()
        # not a day ("مجلس الأمن الدولي الخميس"), a title ("الهيئة الدكتور") or a stop word
        while len(words) > 1 and (words[-1] in _STOP or words[-1] in _TIME_WORDS or words[-1] in _LONE_TITLES):
            words.pop()
        head = _unclitic(words[0], _HEADS)
        if fold(head) in _LOOSE_HEADS and not all(w.endswith(("ي", "يه", "يين")) for w in words[1:]):
            continue
        if len(words) > 1:
            add(m.start(), m.start() + len(" ".join(words)), "org", _HEADS)
    for m in _QUOTED_ORG_RE.finditer(f):
        if 1 <= len(m.group("org").split()) <= 4:
            add(m.start("org"), m.end("org"), "org")
    for m in _PLACE_RE.finditer(f):
        for g in ("place", "also"):
            if m.group(g) and m.group(g) not in _STOP and m.group(g) not in _HEADS:
                add(m.start(g), m.end(g), "place")
    mentioned: set[tuple[str, str]] = set()
    for start, end, name in gazetteer:  # "السعودية" in "لجنة الاحتراف السعودية" is part of a name
        kind = _KIND[name]
        within = kind != "org" and any(a <= start and end <= b for a, b in org_spans)
        (inside if within else mentioned).add((name, kind))
        add(start, end, kind)
    # a bare surname inside a full name already found is the same person
    people = [k[0] for k in found if k[1] == "person"]
    return [
        Entity(text=surface, type=key[1])
        for key, (_, surface) in sorted(found.items(), key=lambda kv: kv[1][0])
        if not (key[1] == "person" and any(key[0] != p and key[0] in p.split() for p in people))
        and not (key in inside and key not in mentioned)
    ]
