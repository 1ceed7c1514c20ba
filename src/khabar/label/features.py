"""What the rules read of one block: words, function-word density (from the language's
pack), sentence ends, ellipses, the known patterns (lexicon.py), datelines and reporter
lines, its quality class and its weight for the body region."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from khabar.label.hints import class_hints
from khabar.lang import lexicon
from khabar.lang.calendar import date_in_text
from khabar.lang.gazetteer import PLACES
from khabar.lang.normalize import normalize
from khabar.lang.packs import LanguagePack
from khabar.model import HINT_SEP, Block, Label

# Classes of block quality.
GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PATTERN_MAX_WORDS = 14
TEASER_MAX_WORDS = 60
SITE_BOILERPLATE_MAX_WORDS = 30

# ---- the thresholds of the quality classes and the weights (jusText's idea, khabar's
# numbers): words are words_of's (whitespace tokens), densities are shares of a block's words
LINKS_MAX = 0.6  # link density above which a block is links, not prose
LINKS_MAX_SHORT = ((0.4, 12), (0.3, 6))  # (density, words): shorter blocks may hold fewer links
FILLER_MIN_WORDS = 10  # a block this long with few distinct words is filler
FILLER_DISTINCT = 0.3  # ... fewer distinct words than this share (of at most FILLER_SPAN words)
FILLER_SPAN = 300
CUT_LINE_MAX_WORDS = 25  # a crawl-text line this short ending in "..." is a teaser or ticker item
HEADLINE_MIN_WORDS = 2
HEADLINE_MAX_WORDS = 30  # an unpunctuated line up to this long reads as a headline
PROSE_LINE_MIN_WORDS = 12  # ... unless it is this long and this much fuller of function
PROSE_LINE_STOP = 2.5  # words than the language's prose bar
CUT_PARAGRAPH_MIN_WORDS = 15  # ... or a paragraph cut off: clauses, commas, function words
CUT_PARAGRAPH_STOP = 1.5
GOOD_MIN_WORDS = 10  # prose: this many words at the language's function-word density
LONG_MIN_WORDS = 20  # long enough to be prose with fewer function words
NEAR_MIN_WORDS = 5
PROSE_LINKS_MAX = 0.45  # prose links less than this share of its words
NEAR_WEIGHT_ENDED, NEAR_WEIGHT = 0.5, 0.2  # a near-good block weighs this share of its length
SHORT_WEIGHT = -15.0  # a short block costs this much
BAD_WEIGHT_MIN, BAD_WEIGHT = 40.0, 0.8  # a bad block costs this share of its length, at least the minimum
NEGATIVE_HINT_GOOD, NEGATIVE_HINT_NEAR = 0.1, 0.5  # in a boilerplate-named element: prose keeps a tenth
POSITIVE_HINT = 1.5  # in an article-named element


@dataclass(slots=True)
class Features:
    words: int
    stop: float  # share of function words
    ends_sentence: bool
    ellipsis: bool
    norm: str
    pattern: Label | None = None
    hint_label: Label | None = None
    negative_hint: bool = False
    positive_hint: bool = False
    quality: str = SHORT
    teaser: Label | None = None
    figure_caption: bool = False
    site_boilerplate: bool = False  # recurs across the site's pages (sites.py)
    filler: bool = False  # the same few words again and again


def words_of(text: str, pack: LanguagePack) -> list[str]:
    """A text's words: its whitespace tokens, and in a language written without spaces
    (pack.chars_per_word) its runs of that script cut every chars_per_word characters."""
    toks = text.split()
    k = pack.chars_per_word
    if not k or text.isascii():
        return toks
    return [t[i : i + k] for t in toks for i in range(0, len(t), k)]


_TOKEN = re.compile(r"\S+")


def word_count(text: str, pack: LanguagePack) -> int:
    """A long block's words (its text past NORM_CHARS): spaces + 1, or in a language written
    without spaces len(words_of(text, pack)), counted without building the pieces (a block
    of crawl text can be megabytes long)."""
    k = pack.chars_per_word
    if not k:
        return text.count(" ") + 1
    if text.isascii():
        return sum(1 for _ in _TOKEN.finditer(text))
    return sum((m.end() - m.start() + k - 1) // k for m in _TOKEN.finditer(text))


def stop_density(norm: str, pack: LanguagePack) -> tuple[int, float]:
    """Words, and the share of them that are the language's function words (a word with a
    clitic letter before it counts: «وفي» is «في»)."""
    toks = words_of(norm, pack)
    if not toks:
        return 0, 0.0
    if not pack.stopwords:
        return len(toks), 0.0  # no function-word list for this language: no evidence
    stops, clitics, punctuation = pack.stopwords, pack.clitics, pack.punctuation
    hits = 0
    for t in toks:
        t = t.strip(punctuation)
        if t in stops or (clitics and len(t) > 2 and t[0] in clitics and t[1:] in stops):
            hits += 1
    return len(toks), hits / len(toks) * pack.stop_scale


# The text-only features of short blocks (menus, footers, widget titles, share bars), kept
# across pages: they come back on every page of a site, and a corpus run reads thousands.
# Keyed by (text, language); the older half dropped when full, so memory stays bounded.
_SHORT_FEATURES: dict[tuple[str, str], Features] = {}
SHORT_FEATURES_MAX = 8192  # full within a few thousand pages, so a long run's memory is flat
SHORT_CHARS = 200


NORM_CHARS = 2000  # a block's first characters, normalized, are what its text features read


def block_norm(text: str) -> str:
    """A block's text as the features read it (Features.norm)."""
    return normalize(text[:NORM_CHARS])


def _text_features(text: str, pack: LanguagePack) -> Features:
    norm = block_norm(text)
    n, stop = stop_density(norm, pack)
    if len(text) > NORM_CHARS:
        n = word_count(text, pack)
    known = Features(
        words=n,
        stop=stop,
        ends_sentence=bool(lexicon.SENTENCE_END.search(text[-8:])),
        ellipsis=bool(lexicon.ELLIPSIS.search(text[-12:])),
        norm=norm,
    )
    if n <= PATTERN_MAX_WORDS and len(text) <= SHORT_CHARS:
        known.pattern = _match_pattern(norm, n)
    return known


def short_features_cached() -> int:
    """How many short texts' features are kept across pages (at most SHORT_FEATURES_MAX)."""
    return len(_SHORT_FEATURES)


def features(block: Block, pack: LanguagePack, cache: dict[str, Features] | None = None) -> Features:
    """The features of one block. The text-only part is computed once per text: short
    texts across pages, longer ones within a page through `cache` (a story repeated in a
    widget). The result is the block's own copy, free to be changed by the labeller."""
    text = block.text
    if len(text) <= SHORT_CHARS:
        known = _SHORT_FEATURES.get((text, pack.code))
        if known is None:
            if len(_SHORT_FEATURES) >= SHORT_FEATURES_MAX:  # keep the newer half
                for key in list(_SHORT_FEATURES)[: SHORT_FEATURES_MAX // 2]:
                    del _SHORT_FEATURES[key]
            known = _SHORT_FEATURES[text, pack.code] = _text_features(text, pack)
    else:
        known = cache.get(text) if cache is not None else None
        if known is None:
            known = _text_features(text, pack)
            if cache is not None:
                cache[text] = known
    f = Features(known.words, known.stop, known.ends_sentence, known.ellipsis, known.norm, known.pattern)
    if block.hints:
        f.positive_hint, f.negative_hint, f.hint_label = class_hints(block.hints)
    if block.tag in ("figcaption", "caption") or ("figcaption" in block.hints and _IN_FIGCAPTION.search(block.hints)):
        f.hint_label = Label.CAPTION
        f.figure_caption = True  # a caption is never body, whatever it holds
    return f


# an enclosing <figcaption> element (each level of the hints starts with its tag), not the
# word inside a class: Tailwind's "[&_figcaption]:mt-xs" styles the captions of an article
# body (in wcxb-dev, 43 of 49 blocks under such classes are main content)
_IN_FIGCAPTION = re.compile(rf"(?:^|{re.escape(HINT_SEP)})figcaption(?:\s|$)")

# a button's own words, however long: "انقر للمشاركة على فيسبوك (فتح في نافذة جديدة)"
_BUTTON = re.compile(r"^(?:انقر|اضغط)\s|\(فتح في نافذه جديده\)$|\(opens in new window\)$")


def _match_pattern(norm: str, n: int) -> Label | None:
    m = lexicon.ANY_PATTERN.match(norm)
    if m is not None:
        for label, pattern in lexicon.PATTERNS:
            if not pattern.match(norm):
                continue
            if label is Label.BYLINE and n > 8:
                continue
            if label in (Label.SHARE, Label.AD) and n > 6 and not _BUTTON.search(norm):
                continue
            if label is Label.NAV and n <= 12 and _HAS_DIGIT.search(norm) and _is_dateline(norm):
                return Label.DATE  # "تم نشره 24 نيسان / أبريل 2020": the slash pairs month names
            return label
    if n <= 12 and _HAS_DIGIT.search(norm) and (_is_dateline(norm) or (n <= 9 and date_in_text(norm))):
        return Label.DATE
    if n <= 16 and _HAS_DIGIT.search(norm) and _PUBLISHED.search(norm) and date_in_text(norm):
        return Label.DATE
    if n <= 8 and _is_reporter_line(norm):
        return Label.BYLINE
    return None


_HAS_DIGIT = re.compile(r"\d")
_DATE_WORDS_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, lexicon.DATE_WORDS), key=len, reverse=True)) + r")\b|[\d\W_]+"
)


NUMERIC_DATE = re.compile(r"\d{1,4} ?[/.\-] ?\d{1,2} ?[/.\-] ?\d{1,4}|\d{1,2}:\d{2}")
# "نشر في اليوم 24 يوم 01 - 03 - 2020", "Posted on May 30, 2020 by X": a dateline with a name
_PUBLISHED = re.compile(r"\b(?:نشر|نشرت|تم النشر|تاريخ النشر|بتاريخ|اخر تحديث|تحديث|published|updated|posted)\b")
_DATE_WORD = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, lexicon.DATE_WORDS), key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(normalize(p) for p in PLACES)


def _is_reporter_line(norm: str) -> bool:
    """ "حسام أبو العلا - القاهرة": a reporter's name and the city the story is filed from."""
    name, sep, city = norm.rpartition(" - ")
    if not sep:
        name, sep, city = norm.rpartition(" – ")
    return bool(sep) and 2 <= len(name.split()) <= 4 and city.strip(" .") in _places()


def _is_dateline(norm: str) -> bool:
    """A line made of digits, separators and date or time words, and little else, with a
    date word or a numeric date or time in it ("2" or "36°C" alone is no dateline)."""
    if not (NUMERIC_DATE.search(norm) or _DATE_WORD.search(norm)):
        return False
    rest = _DATE_WORDS_RE.sub("", norm)
    return len(rest) <= max(4, len(norm) * 0.2)


def headline_like(block: Block, f: Features) -> bool:
    """A headline: 2-30 words, no sentence-final full stop, not a known pattern."""
    if f.pattern is not None or f.site_boilerplate or not HEADLINE_MIN_WORDS <= f.words <= HEADLINE_MAX_WORDS:
        return False
    text = block.text.rstrip()
    if f.ellipsis or _CREDIT_END.search(f.norm):
        return False  # "... قرب طهران (رويترز)": a photo caption with its credit
    return not text.endswith((".", "،", ",", ":", "؛"))


_CREDIT_END = re.compile(
    r"\((?:رويترز|ا ?ف ?ب|afp|ap|epa|getty|getty images|فرانس برس|الاناضول|ارشيفيه|ارشيف|وكالات|صوره[^()]{0,30})\)\s*$"
)


def quality_class(block: Block, f: Features, pack: LanguagePack) -> str:
    """GOOD prose, NEAR-good, SHORT, or BAD (links, filler, a known pattern): jusText's
    classes, with the language's own function-word density (`pack`) as the bar."""
    ld = block.link_density
    if f.pattern is not None or f.teaser is not None or f.site_boilerplate:
        return BAD
    if ld > LINKS_MAX or any(ld > share and f.words < words for share, words in LINKS_MAX_SHORT):
        return BAD  # links, not prose (an encyclopedic paragraph can link half its words)
    low = pack.prose_stop_density
    if f.words >= FILLER_MIN_WORDS and len(set(words_of(f.norm, pack))) < FILLER_DISTINCT * min(f.words, FILLER_SPAN):
        f.filler = True
        return BAD  # the same few words again and again: filler, not prose
    if block.tag == "line" and f.ellipsis and f.words < CUT_LINE_MAX_WORDS:
        return SHORT  # a cut-off line: a ticker item or a teaser, not a paragraph's end
    if block.tag == "line" and not f.ends_sentence and f.words < HEADLINE_MAX_WORDS:
        # Crawl text has no tags to tell a headline from a paragraph: an unpunctuated
        # line of a few words is a headline (of this article or, more often, of another),
        # unless it is as full of function words as running prose (headlines are terse).
        if f.words >= PROSE_LINE_MIN_WORDS and low and f.stop >= PROSE_LINE_STOP * low:
            return NEAR
        if (
            f.words >= CUT_PARAGRAPH_MIN_WORDS
            and low
            and f.stop >= CUT_PARAGRAPH_STOP * low
            and ("،" in block.text or ", " in block.text)
        ):
            return NEAR  # a paragraph whose end was cut off (FineWeb, WET): clauses, function words
        return SHORT
    if f.words >= GOOD_MIN_WORDS and f.stop >= low and ld < PROSE_LINKS_MAX:
        return GOOD
    if f.words >= LONG_MIN_WORDS and ld < PROSE_LINKS_MAX:
        return NEAR if f.stop < low / 2 else GOOD
    if f.words >= NEAR_MIN_WORDS and (f.stop >= low or f.ends_sentence):
        return NEAR
    return SHORT


def block_weight(block: Block, f: Features) -> float:
    """What a block adds to the body region it would join: its length if it is prose, a
    fixed or proportional cost if it is not; class/id hints scale it."""
    size = len(block.text)
    if f.quality == GOOD:
        w = float(size)
    elif f.quality == NEAR:
        w = size * (NEAR_WEIGHT_ENDED if f.ends_sentence else NEAR_WEIGHT)
    elif f.quality == SHORT:
        w = SHORT_WEIGHT
    else:
        w = -max(BAD_WEIGHT_MIN, size * BAD_WEIGHT)
    if w > 0 and f.negative_hint:
        w = w * NEGATIVE_HINT_GOOD if f.quality == GOOD else -w * NEGATIVE_HINT_NEAR
    elif w > 0 and f.positive_hint:
        w *= POSITIVE_HINT
    return w
