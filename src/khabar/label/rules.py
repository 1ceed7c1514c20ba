"""The rules of the labelling core: what a block is, by what it says and where it stands.

They run first, the same way for HTML and text; the learned scorer (`scorer.py`) reads
their verdicts as features and decides the rest. The rules, in the order they run:

1. **Features.** Words, function-word density (prose is full of في، من، the, of; menus and
   headlines are not), sentence-final punctuation, a trailing ellipsis, link density and
   class/id hints (HTML only; crawl text has neutral defaults).
2. **Patterns.** Short blocks that say what they are: "ذات صلة", "تابعونا على", "spot_img",
   "جميع الحقوق محفوظة", bylines, datelines (lexicon.py).
3. **Teasers.** A headline-like block followed by a cut-off excerpt ending in "..." is
   another article's teaser; so are link-only headlines under a related heading.
4. **Quality.** Each remaining block is good prose, near-good, short, or bad (link-heavy).
5. **Where the article is.** Each block gets a weight: its length if good prose, negative
   if boilerplate. With a DOM, the element whose subtree has the largest total weight is
   the article's container. In the container (or the whole flat page) the run of blocks
   with the largest total weight is the body region (maximum subarray), so teaser lists
   and footers around the article fall away while an insert inside it is cut out alone.
6. **Body, title, the rest.** In the region, prose and intertitles are body; the title is
   the headline right before the region (or the metadata headline's block); everything
   else keeps the most specific label the steps above found for it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.lang import lexicon
from khabar.lang.calendar import date_in_text
from khabar.lang.gazetteer import PLACES
from khabar.lang.normalize import normalize
from khabar.model import HINT_SEP, Block, Label, RelatedItem
from khabar.sites import fingerprint

# Classes of block quality.
GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"

# class/id words that mark boilerplate containers and article containers. Hints are split
# into tokens at spaces, "-" and "_", and also matched with those removed ("most-read").
NEGATIVE_HINTS = frozenset(
    [
        "nav",
        "navbar",
        "menu",
        "footer",
        "sidebar",
        "aside",
        "widget",
        "related",
        "relatedposts",
        "comment",
        "comments",
        "commentlist",
        "share",
        "sharing",
        "social",
        "breadcrumb",
        "breadcrumbs",
        "tag",
        "tags",
        "tagcloud",
        "ad",
        "ads",
        "advert",
        "advertisement",
        "banner",
        "promo",
        "sponsor",
        "sponsored",
        "newsletter",
        "subscribe",
        "popular",
        "mostread",
        "trending",
        "morenews",
        "latest",
        "recommended",
        "outbrain",
        "taboola",
        "cookie",
        "modal",
        "popup",
        "pagination",
        "pager",
        "authorbox",
        "bio",
        "masthead",
        "topbar",
        "toolbar",
        "ticker",
        "breaking",
        "marquee",
        "login",
        "signup",
        "listpost",
        "postlist",
        "postslist",
        "newslist",
        "articlelist",
        "listing",
        "teaser",
        "teasers",
        "morearticles",
        "moreposts",
        "similar",
        "youmaylike",
        "readmore",
        "readalso",
    ]
)
POSITIVE_HINTS = (
    "articlebody", "articlecontent", "articletext", "entrycontent", "postcontent", "postbody",
    "storybody", "storycontent", "newstext", "newsbody", "newscontent", "newsdetails", "contenttext",
    "bodytext", "maintext", "tdpostcontent", "fieldnamebody", "detailsbody", "textcontent",
)  # fmt: skip
HINT_LABELS: tuple[tuple[frozenset[str], Label], ...] = (
    (frozenset(["footer", "copyright", "colophon"]), Label.FOOTER),
    (frozenset(["nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "pagination", "pager"]), Label.NAV),
    (frozenset(["share", "sharing", "social"]), Label.SHARE),
    (frozenset(["comment", "comments", "commentlist", "disqus"]), Label.COMMENT),
    (frozenset(["tag", "tags", "tagcloud", "keywords"]), Label.TAG),
    (frozenset(["ad", "ads", "advert", "advertisement", "banner", "sponsor", "outbrain", "taboola"]), Label.AD),
    (frozenset(["related", "morenews", "mostread", "popular", "recommended", "latest"]), Label.TEASER_TITLE),
    (frozenset(["caption", "figcaption", "wpcaptiontext", "credit"]), Label.CAPTION),
)
_HINT_SPLIT = re.compile(r"[\s_-]+")
_STATE_CLASS = re.compile(
    r"^(?:has|no|with|without|is|show|hide)[-_]|[-_](?:enabled|disabled|open|closed|allowed|on|off|active)$"
)
TAXONOMY_PREFIXES = ("tag-", "tag_", "category-", "cat-", "post-", "type-", "status-", "format-", "term-", "topic-")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PATTERN_MAX_WORDS = 14
TEASER_MAX_WORDS = 60
ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ps", "ku", "ckb", "und"})
SITE_BOILERPLATE_MAX_WORDS = 30
MIN_ARTICLE_WORDS = 30  # below this a page has no article to give (benchmarks flag 50+)


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


@dataclass(slots=True)
class Labelled:
    """What the labeller decided for one page."""

    title_index: int | None = None
    body: list[int] = field(default_factory=list)
    related: list[RelatedItem] = field(default_factory=list)
    section: str | None = None
    byline: str | None = None
    dateline: str | None = None
    list_like: bool = False
    # what the scorer reads: each block's rule features, the body region [start, end) and
    # the container element the rules chose (DOM only)
    feats: list[Features] = field(default_factory=list)
    region: tuple[int, int] = (0, 0)
    container: int | None = None
    # what the page-type model and the scorer decided (assemble.py)
    page_type: str = "article"
    type_scores: dict[str, float] = field(default_factory=dict)
    # blocks of a widget the page lets readers skip, from its skip link to its end marker
    widget: set[int] = field(default_factory=set)


# A skip link names a widget inside the article («تخطى قصص مقترحة وواصل القراءة», "Skip
# Recommended stories and continue reading"); a short line naming it again with "end"
# («قصص مقترحة نهاية», "End of Recommended stories") closes it. What lies between is the
# widget, not the article: screen-reader markers and promotions.
_SKIP_LINK = re.compile(
    r"^(?:تخطى|تخطي|تجاوز|skip)\s+(.{2,60}?)\s+(?:وواصل|وتابع|واستمر في|and continue)\s+(?:القراءه|reading)$", re.I
)
WIDGET_SPAN = 40  # blocks a skippable widget may hold, skip link to end marker


def _skippable_widgets(blocks: list[Block]) -> set[int]:
    out: set[int] = set()
    for i, b in enumerate(blocks):
        if len(b.text) > 120 or not (m := _SKIP_LINK.match(normalize(b.text).strip())):
            continue
        name = m.group(1).strip()
        ends = {f"{name} نهايه", f"نهايه {name}", f"end of {name}", f"{name} end"}
        for j in range(i + 1, min(len(blocks), i + WIDGET_SPAN)):
            if len(blocks[j].text) <= 80 and normalize(blocks[j].text).strip(" .:-") in ends:
                out.update(range(i, j + 1))
                break
    return out


def _stop_density(norm: str, lang: str) -> tuple[int, float]:
    toks = norm.split()
    if not toks:
        return 0, 0.0
    if lang == "en":
        hits = sum(1 for t in toks if t.strip(".,;:!?\"'()") in lexicon.STOPWORDS_EN)
    elif lang not in ARABIC_SCRIPT_LANGS:
        return len(toks), 0.0  # no function-word list for this language: no evidence
    else:
        stops = lexicon.STOPWORDS_AR
        hits = 0
        for t in toks:
            t = t.strip(".,;:!?\"'()«»،؛؟")
            if t in stops or (len(t) > 2 and t[0] in "وفبل" and t[1:] in stops):
                hits += 1
    return len(toks), hits / len(toks)


# The text-only features of short blocks (menus, footers, widget titles, share bars), kept
# across pages: they come back on every page of a site, and a corpus run reads thousands.
# Keyed by (text, language); the older half dropped when full, so memory stays bounded.
_SHORT_FEATURES: dict[tuple[str, str], Features] = {}
_SHORT_FEATURES_MAX = 8192  # full within a few thousand pages, so a long run's memory is flat
SHORT_CHARS = 200


def _text_features(text: str, lang: str) -> Features:
    norm = normalize(text[:2000])
    n, stop = _stop_density(norm, lang)
    if len(text) > 2000:
        n = text.count(" ") + 1
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


def features(block: Block, lang: str, cache: dict[str, Features] | None = None) -> Features:
    """The features of one block. The text-only part is computed once per text: short
    texts across pages, longer ones within a page through `cache` (a story repeated in a
    widget). The result is the block's own copy, free to be changed by the labeller."""
    text = block.text
    if len(text) <= SHORT_CHARS:
        known = _SHORT_FEATURES.get((text, lang))
        if known is None:
            if len(_SHORT_FEATURES) >= _SHORT_FEATURES_MAX:  # keep the newer half
                for key in list(_SHORT_FEATURES)[: _SHORT_FEATURES_MAX // 2]:
                    del _SHORT_FEATURES[key]
            known = _SHORT_FEATURES[text, lang] = _text_features(text, lang)
    else:
        known = cache.get(text) if cache is not None else None
        if known is None:
            known = _text_features(text, lang)
            if cache is not None:
                cache[text] = known
    f = Features(known.words, known.stop, known.ends_sentence, known.ellipsis, known.norm, known.pattern)
    if block.hints:
        f.positive_hint, f.negative_hint, f.hint_label = _hints(block.hints)
    if block.tag in ("figcaption", "caption") or "figcaption" in block.hints:
        f.hint_label = Label.CAPTION
        f.figure_caption = True  # a caption is never body, whatever it holds
    return f


@lru_cache(maxsize=4096)
def _hints(hints: str) -> tuple[bool, bool, Label | None]:
    """(positive, negative, label) for a block's hint string: its elements' class/id
    hints, outermost first, joined by HINT_SEP. Each element is read once (cached), and
    a label comes from the first of HINT_LABELS that any of them names."""
    positive = negative = False
    labels = 0
    for own in hints.split(HINT_SEP):
        p, n, mask = _element_hints(own)
        positive, negative, labels = positive or p, negative or n, labels | mask
    label = next((HINT_LABELS[k][1] for k in range(len(HINT_LABELS)) if labels >> k & 1), None)
    return positive, negative and not positive, label


@lru_cache(maxsize=16384)
def _element_hints(own: str) -> tuple[bool, bool, int]:
    """(positive, negative, bitmask of HINT_LABELS) for one element's tag, class and id."""
    joined = own.replace("-", "").replace("_", "")
    positive = any(k in joined for k in POSITIVE_HINTS) or "itemprop articlebody" in own
    # CMS taxonomy classes name the article's tags and category ("tag-economy",
    # "category-sport" on a WordPress post): they say nothing about the block's role.
    # A class that states a page's setting ("comments-enabled", "has-sidebar", "no-ads") names
    # no part of the page: it is dropped like a taxonomy class.
    names = [n for n in own.split() if not n.startswith(TAXONOMY_PREFIXES) and not _STATE_CLASS.search(n)]
    tokens = set(_HINT_SPLIT.split(" ".join(names)))
    tokens.update(n.replace("-", "").replace("_", "") for n in names)
    negative = not tokens.isdisjoint(NEGATIVE_HINTS)
    mask = sum(1 << k for k, (words, _) in enumerate(HINT_LABELS) if not tokens.isdisjoint(words))
    return positive, negative, mask


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


_NUMERIC_DATE = re.compile(r"\d{1,4} ?[/.\-] ?\d{1,2} ?[/.\-] ?\d{1,4}|\d{1,2}:\d{2}")
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
    if not (_NUMERIC_DATE.search(norm) or _DATE_WORD.search(norm)):
        return False
    rest = _DATE_WORDS_RE.sub("", norm)
    return len(rest) <= max(4, len(norm) * 0.2)


def _headline_like(block: Block, f: Features) -> bool:
    """A headline: 2-30 words, no sentence-final full stop, not a known pattern."""
    if f.pattern is not None or f.site_boilerplate or not 2 <= f.words <= 30:
        return False
    text = block.text.rstrip()
    if f.ellipsis or _CREDIT_END.search(f.norm):
        return False  # "... قرب طهران (رويترز)": a photo caption with its credit
    return not text.endswith((".", "،", ",", ":", "؛"))


_CREDIT_END = re.compile(
    r"\((?:رويترز|ا ?ف ?ب|afp|ap|epa|getty|getty images|فرانس برس|الاناضول|ارشيفيه|ارشيف|وكالات|صوره[^()]{0,30})\)\s*$"
)


def _quality(block: Block, f: Features, lang: str) -> str:
    ld = block.link_density
    if f.pattern is not None or f.teaser is not None or f.site_boilerplate:
        return BAD
    if ld > 0.6 or (ld > 0.4 and f.words < 12) or (ld > 0.3 and f.words < 6):
        return BAD  # links, not prose (an encyclopedic paragraph can link half its words)
    low = 0.22 if lang == "en" else 0.08 if lang in ARABIC_SCRIPT_LANGS else 0.0
    if f.words >= 10 and len(set(f.norm.split())) < 0.3 * min(f.words, 300):
        f.filler = True
        return BAD  # the same few words again and again: filler, not prose
    if block.tag == "line" and f.ellipsis and f.words < 25:
        return SHORT  # a cut-off line: a ticker item or a teaser, not a paragraph's end
    if block.tag == "line" and not f.ends_sentence and f.words < 30:
        # Crawl text has no tags to tell a headline from a paragraph: an unpunctuated
        # line of a few words is a headline (of this article or, more often, of another),
        # unless it is as full of function words as running prose (headlines are terse).
        if f.words >= 12 and low and f.stop >= 2.5 * low:
            return NEAR
        if f.words >= 15 and low and f.stop >= 1.5 * low and ("،" in block.text or ", " in block.text):
            return NEAR  # a paragraph whose end was cut off (FineWeb, WET): clauses, function words
        return SHORT
    if f.words >= 10 and f.stop >= low and ld < 0.45:
        return GOOD
    if f.words >= 20 and ld < 0.45:
        return NEAR if f.stop < low / 2 else GOOD
    if f.words >= 5 and (f.stop >= low or f.ends_sentence):
        return NEAR
    return SHORT


def _weight(block: Block, f: Features) -> float:
    size = len(block.text)
    if f.quality == GOOD:
        w = float(size)
    elif f.quality == NEAR:
        w = size * (0.5 if f.ends_sentence else 0.2)
    elif f.quality == SHORT:
        w = -15.0
    else:
        w = -max(40.0, size * 0.8)
    if w > 0 and f.negative_hint:
        w = w * 0.1 if f.quality == GOOD else -w * 0.5
    elif w > 0 and f.positive_hint:
        w *= 1.5
    return w


def _find_teasers(blocks: list[Block], feats: list[Features]) -> None:
    """Mark headline + cut-off excerpt pairs, and link headlines in related lists."""
    n = len(blocks)
    sizes: Counter[int] = Counter(eid for b in blocks for eid in b.path[-3:])
    for i in range(n - 1):
        f, g = feats[i], feats[i + 1]
        if g.ellipsis and g.pattern is None and 3 <= g.words <= TEASER_MAX_WORDS and _headline_like(blocks[i], f):
            f.teaser, g.teaser = Label.TEASER_TITLE, Label.TEASER_EXCERPT
    # A byline word alone on its line ("كتب") names the author on the next line.
    for i in range(n - 1):
        if feats[i].pattern is Label.BYLINE or feats[i].norm.strip(" :-") in lexicon.BYLINE_WORDS:
            nxt = feats[i + 1]
            if feats[i].words <= 1 and nxt.pattern is None and 1 <= nxt.words <= 5 and not nxt.ends_sentence:
                feats[i].pattern = nxt.pattern = Label.BYLINE
    # An excerpt without its headline but next to other teasers is one too.
    for i in range(n):
        f = feats[i]
        if f.teaser is None and f.ellipsis and 3 <= f.words <= TEASER_MAX_WORDS:
            near = [feats[j].teaser for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < n]
            if any(t is not None for t in near):
                f.teaser = Label.TEASER_EXCERPT
    # Under a related heading, link headlines are teasers until prose starts again.
    i = 0
    while i < n:
        if feats[i].pattern is Label.RELATED_HEADING:
            j = i + 1
            while j < n and j <= i + 40:
                b, g = blocks[j], feats[j]
                if g.teaser is not None or g.pattern is not None:
                    j += 1
                    continue
                if b.link_density > 0.6 and g.words >= 3:
                    g.teaser = Label.TEASER_TITLE
                    j += 1
                    # its excerpt, when one follows in the same item: prose that is not a link
                    if j < n and _is_excerpt_of(b, blocks[j], feats[j], sizes):
                        feats[j].teaser = Label.TEASER_EXCERPT
                        j += 1
                    continue
                if not b.link_chars and j == i + 1 and 3 <= g.words <= 30 and b.tag != "line":
                    j += 1  # a teaser headline that is not a link itself
                    continue
                break
            i = j
        else:
            i += 1


def _same_item(a: Block, b: Block, sizes: Counter[int]) -> bool:
    """Two HTML blocks in one small list item or card (an element holding at most four
    blocks): a teaser's headline and its excerpt, not a headline and the next paragraph."""
    if len(a.path) < 2:
        return False
    parent = a.path[-2]
    return parent in b.path and sizes[parent] <= 4


def _is_excerpt_of(title: Block, b: Block, f: Features, sizes: Counter[int]) -> bool:
    """Prose that is not a link, in the same small item as a teaser headline."""
    if f.pattern is not None or b.link_density >= 0.3 or not 3 <= f.words <= TEASER_MAX_WORDS:
        return False
    return _same_item(title, b, sizes)


def _choose_container(blocks: list[Block], weights: list[float]) -> int | None:
    """The element whose subtree weighs most (ties go to the deepest)."""
    totals: dict[int, float] = {}
    depth: dict[int, int] = {}
    for b, w in zip(blocks, weights):
        for d, eid in enumerate(b.path):
            totals[eid] = totals.get(eid, 0.0) + w
            depth[eid] = d
    if not totals:
        return None
    return max(totals, key=lambda e: (round(totals[e], 3), depth[e]))


_PARAGRAPH_WORDS = 20  # a line this long and of good prose is a paragraph, not a headline
# a sentence's own end, before any closing quote or bracket (a headline may end in «...»)
_PROSE_END = re.compile(r"[.!?؟۔]\s*[\"'»”)\]]*\s*$")


def _max_run(weights: list[float], allowed: list[bool]) -> tuple[int, int]:
    """Maximum-weight run of consecutive allowed blocks (Kadane). Returns [start, end)."""
    best, best_span = 0.0, (0, 0)
    cur, start = 0.0, 0
    for i, (w, ok) in enumerate(zip(weights, allowed)):
        if not ok:
            cur, start = 0.0, i + 1
            continue
        if cur <= 0:
            cur, start = 0.0, i
        cur += w
        if cur > best:
            best, best_span = cur, (start, i + 1)
    return best_span


def _is_intertitle(i: int, blocks: list[Block], feats: list[Features], end: int) -> bool:
    b, f = blocks[i], feats[i]
    if f.pattern is not None or f.teaser is not None or f.words < 2 or b.link_density > 0.5:
        return False
    if f.hint_label is Label.CAPTION:
        return False
    nxt = feats[i + 1] if i + 1 < end else None
    if b.tag in HEADINGS or b.tag in ("li", "dt", "dd", "blockquote", "strong", "b"):
        return True
    if b.text.rstrip().endswith((":", ".", "؟", "?", "!", "؛")) and f.words >= 3:
        return True
    if "|" in b.text:
        return False  # "headline | صور": another article's headline
    return nxt is not None and nxt.quality == GOOD and f.words <= (15 if b.tag != "line" else 10)


_WORD = re.compile(r"\w+")


def _cover(block: str, meta: str) -> float:
    """How much of a metadata title a block's text is (both normalised): 1.0 when equal."""
    if block == meta:
        return 1.0
    if meta.startswith(block) or meta.endswith(block):
        return len(block) / len(meta)
    if block.startswith(meta):
        return len(meta) / len(block)
    return 0.0


_LIST_MARK = re.compile(r"^\s*([-–•*·▪]|\d{1,2}\s*[-.)]|[a-zأ-ي]\))")


def _inner_line(i: int, blocks: list[Block], feats: list[Features]) -> bool:
    """An unpunctuated line between two paragraphs (a sentence missing its full stop), or a
    list item, rather than one of a run of other articles' headlines."""
    b, f = blocks[i], feats[i]
    if f.pattern is not None or f.teaser is not None or "|" in b.text or b.link_density > 0.3:
        return False
    if f.words >= 2 and _LIST_MARK.match(b.text) is not None:
        return True
    prose = (GOOD, NEAR)
    return f.words >= 6 and 0 < i < len(blocks) - 1 and feats[i - 1].quality in prose and feats[i + 1].quality in prose


def _norm_title(text: str) -> str:
    return " ".join(_WORD.findall(normalize(text)))


def label(
    blocks: list[Block],
    *,
    lang: str,
    title_hints: list[str] | None = None,
    dom: bool = False,
    boilerplate: Collection[int] | None = None,
) -> Labelled:
    """Label every block in place and say where the title and body are.

    `boilerplate`: fingerprints of blocks that recur across the page's site (sites.py);
    such blocks are never body or title."""
    out = Labelled()
    if not blocks:
        return out
    cache: dict[str, Features] = {}
    feats = [features(b, lang, cache) for b in blocks]
    if boilerplate:
        for b, f in zip(blocks, feats):
            # long prose that recurs is shared content (a story in a widget on every page,
            # perhaps this page's own), not template: only short blocks are forced out
            if f.words <= SITE_BOILERPLATE_MAX_WORDS and fingerprint(b.text) in boilerplate:
                f.site_boilerplate = True
    _find_teasers(blocks, feats)
    for b, f in zip(blocks, feats):
        f.quality = _quality(b, f, lang)
    weights = [_weight(b, f) for b, f in zip(blocks, feats)]

    # Where the article is: a container (DOM), then a run of blocks.
    allowed = [True] * len(blocks)
    if dom:
        out.container = container = _choose_container(blocks, weights)
        if container is not None:
            allowed = [container in b.path for b in blocks]
            # Inside the chosen container, an insert (a related box, a share bar) between
            # paragraphs costs little: the container already says where the article is.
            weights = [max(w, -25.0) if ok else w for w, ok in zip(weights, allowed)]
    # After a comments heading, what follows is damped: all of it once the article's prose
    # has been seen; only short lines when the comment link stands above the article (a
    # comment count or "add a comment" button under the headline).
    comments = ""  # "", "above" or "after"
    prose_seen = False
    for i, f in enumerate(feats):
        if f.pattern is Label.COMMENT and f.words <= 6:
            comments = "after" if prose_seen else comments or "above"
        elif weights[i] > 0 and (comments == "after" or (comments == "above" and f.words < 40)):
            weights[i] *= 0.2
        if f.quality == GOOD and f.words >= 40:
            prose_seen = True
    start, end = _max_run(weights, allowed)
    out.feats, out.region = feats, (start, end)

    # Body: prose and intertitles in the region.
    body: list[int] = []
    out.widget = _skippable_widgets(blocks)
    for i in range(start, end):
        b, f = blocks[i], feats[i]
        if i in out.widget:
            continue
        caption = f.figure_caption or (f.hint_label is Label.CAPTION and not (f.quality == GOOD and b.tag == "p"))
        if f.negative_hint and f.hint_label in (Label.TEASER_TITLE, Label.COMMENT):
            continue  # prose in a related-articles box or the comments
        if f.quality in (GOOD, NEAR) and not caption and not (f.negative_hint and f.quality == NEAR):
            body.append(i)
            continue
        if f.quality == SHORT and (_is_intertitle(i, blocks, feats, end) or _inner_line(i, blocks, feats)):
            body.append(i)
    # Trailing intertitle-like lines with no prose after them are not body.
    while body and feats[body[-1]].quality == SHORT:
        body.pop()

    # Crawl text: a headline that a dateline or byline follows opens the article, even if
    # the region reached back over it.
    title: int | None = None
    if not dom:
        # (lines of the region that are not body count too: a ticker line may open it)
        for i in range(start, min(end, (body[5] + 1) if len(body) > 5 else end)):
            f = feats[i]
            if _PROSE_END.search(blocks[i].text):
                if i in body and f.quality == GOOD:
                    break  # real prose: the article has begun
                continue
            nxt = [feats[j].pattern for j in (i + 1, i + 2) if j < len(blocks)]
            if _own_headline(blocks[i], f) and (Label.DATE in nxt or Label.BYLINE in nxt):
                body, title = [j for j in body if j > i], i
                break
    # Title: the metadata headline's block, else the headline right before the body,
    # else a headline that opens the region (crawl text often starts with it).
    first = body[0] if body else start
    if title is None:
        title = _find_title(blocks, feats, body, first, title_hints or [], dom)
    if title is not None and title in body:
        # in crawl text the article starts under its headline: lines above it are not body
        body = [i for i in body if i > title] if not dom else [i for i in body if i != title]
    # a related list between the headline and the region: the article starts at its first
    # real paragraph, not with the list's last headlines
    related_between = (
        not dom
        and title is not None
        and bool(body)
        and title < body[0]
        and any(feats[j].pattern is Label.RELATED_HEADING for j in range(title + 1, body[0]))
    )
    if related_between:
        k = next((n for n, i in enumerate(body) if feats[i].quality == GOOD and feats[i].words >= _PARAGRAPH_WORDS), 0)
        body = body[k:]
    out.title_index = title
    out.body = body
    for i in body:
        blocks[i].label = Label.BODY
        blocks[i].reason = "prose in the article region" if feats[i].quality != SHORT else "intertitle in the region"
    first = body[0] if body else start
    if title is not None:
        blocks[title].label = Label.TITLE
        blocks[title].reason = "headline before the body"

    # Everything else: the most specific thing we know.
    body_set = set(body)
    last = body[-1] if body else end
    for i, (b, f) in enumerate(zip(blocks, feats)):
        if i in body_set or i == out.title_index:
            continue
        b.label, b.reason = other_label(i, b, f, first, last, len(blocks), out.title_index)
        if i in out.widget:
            b.label, b.reason = (
                Label.NAV if len(b.text) <= 80 else Label.OTHER,
                "inside a widget the page lets readers skip",
            )
        if b.label is Label.SECTION and out.section is None and (out.title_index is None or i < out.title_index):
            out.section = b.text
        elif b.label is Label.BYLINE and out.byline is None:
            out.byline = b.text
        elif b.label is Label.DATE and out.dateline is None:
            out.dateline = b.text
    out.related = _related(blocks, feats)
    out.list_like = _list_like(blocks, feats, body)
    return out


def _find_title(
    blocks: list[Block], feats: list[Features], body: list[int], first: int, hints: list[str], dom: bool
) -> int | None:
    wanted = [_norm_title(h) for h in hints if h]
    wanted = [w for w in wanted if w]
    if wanted:
        # The visible headline that the metadata names. Metadata titles often carry the
        # site's name too ("headline - Site"), so a block may cover part of one; the block
        # covering most of a metadata title wins, then h1 over other headings, then nearness.
        best: tuple[bool, int, float, int] | None = None
        best_i: int | None = None
        longest = max(len(w) for w in wanted) + 8
        for i, b in enumerate(blocks):
            if feats[i].words > 40 or feats[i].words == 0 or len(b.text) > longest or len(b.text) < 8:
                continue
            t = " ".join(_WORD.findall(feats[i].norm))
            if len(t) < 6:
                continue
            cover = max(_cover(t, w) for w in wanted)
            if cover < 0.5:
                continue
            rank = 2 if b.tag == "h1" else 1 if b.tag in HEADINGS else 0
            score = (cover >= 0.9, rank, cover, -abs(first - i))
            if best is None or score > best:
                best, best_i = score, i
        if best_i is not None:
            return best_i
    # The headline right before the body, over datelines, bylines, captions and the like.
    # Each candidate scores for being echoed elsewhere on the page (a breadcrumb or the
    # page title that ends with it), for a dateline or byline under it, for standing next
    # to the body, and for length.
    skippable = {Label.DATE, Label.BYLINE, Label.SECTION, Label.PLACEHOLDER, Label.SHARE, Label.SOCIAL, Label.CAPTION}
    candidates: list[tuple[float, int]] = []
    adjacent = True
    # The region may open with the headline, or with a line and then the headline (crawl
    # text): the blocks before the first real sentence of prose are candidates too.
    openers: list[int] = []
    if len(body) > 1 and body[0] == first:
        for i in body[:3]:
            if feats[i].quality == GOOD and feats[i].ends_sentence:
                break
            openers.append(i)
    lead = _content_words(" ".join(feats[i].norm for i in body[:4] if i not in openers))
    window = openers[::-1] + list(range(first - 1, max(-1, first - 25), -1))
    stopped_at: int | None = None
    for i in window:
        b, f = blocks[i], feats[i]
        if f.teaser is not None or f.pattern is Label.RELATED_HEADING:
            stopped_at = i if f.pattern is Label.RELATED_HEADING else None
            break
        if f.pattern in skippable or f.hint_label is Label.CAPTION:
            continue
        if f.quality == SHORT and f.words <= 3 and b.tag not in HEADINGS:
            continue
        headline = _headline_like(b, f) and f.words >= 3 and b.link_density < 0.5
        if i in openers:
            headline = headline and f.quality != GOOD and f.words <= 20 and (not dom or b.tag in HEADINGS)
        if headline:
            if dom and b.tag not in HEADINGS and i != first - 1:
                continue
            dated = any(_dates_the_line_above(feats[j]) for j in (i + 1, i + 2) if j < len(blocks))
            shared = _shared_with_lead(f, lead)
            points = 3.0 * _echoed(i, feats) + 2.0 * dated + 1.0 * adjacent + min(f.words, 15) / 15 + 4.0 * shared
            candidates.append((points, i))
            if dom:
                break
            adjacent = False
            continue
        if i not in openers:
            adjacent = False
        if f.quality == GOOD and i not in openers:
            break
    if not dom and stopped_at is not None:
        # "headline / dateline / ذات صلة list / body": a related list between the headline
        # and the body; a dated headline right above the list beats any undated line below it
        above = _dated_headline_above(blocks, feats, stopped_at)
        dated_below = any(
            _dates_the_line_above(feats[j]) for _, i in candidates for j in (i + 1, i + 2) if j < len(blocks)
        )
        if above is not None and not dated_below:
            return above
    if candidates:
        # a date or byline line belongs to the headline above it: a line right under that
        # date is a caption or a standfirst ("headline / date / photo caption / body")
        at = {i for _, i in candidates}
        dated_above = {Label.DATE, Label.BYLINE}
        candidates = [
            (points - 1.5 if any(
                feats[i - d].pattern in dated_above and any(k in at for k in range(i - d - 2, i - d)) for d in (1, 2)
                if i - d - 1 >= 0
            ) else points, i)
            for points, i in candidates
        ]  # fmt: skip
        return max(candidates)[1]
    if dom:
        for i in range(0, first):
            if blocks[i].tag == "h1" and _headline_like(blocks[i], feats[i]):
                return i
    return None


def _own_headline(block: Block, f: Features) -> bool:
    """A line that can head an article on its own: headline-like, three words or more,
    not a section name."""
    return _headline_like(block, f) and f.words >= 3 and not _is_section(block, f)


def _dates_the_line_above(f: Features) -> bool:
    """A dateline or byline, or a short line with a numeric date in it ("الاقتصادية
    06/10/41 يوان يانج ونيان ليو"): what stands under a headline."""
    if f.pattern in (Label.DATE, Label.BYLINE):
        return True
    return f.pattern is None and f.words <= 16 and not f.ends_sentence and bool(_NUMERIC_DATE.search(f.norm))


def _dated_headline_above(blocks: list[Block], feats: list[Features], at: int) -> int | None:
    """A headline with its dateline or byline right above line `at` (dates skipped)."""
    i = at - 1
    while i >= 0 and feats[i].pattern in (Label.DATE, Label.BYLINE):
        i -= 1
    if i < 0 or i == at - 1:
        return None  # no dateline between it and the list
    return i if _own_headline(blocks[i], feats[i]) else None


def _content_words(norm: str) -> set[str]:
    """Words that carry content: no function words, no clitic-only differences."""
    out = set()
    for w in norm.split():
        w = w.strip(".,;:!?\"'()«»،؛؟“”")
        if len(w) > 2 and w not in lexicon.STOPWORDS_AR and w not in lexicon.STOPWORDS_EN:
            out.add(w.removeprefix("و").removeprefix("ال") if len(w) > 4 else w)
    return out


def _shared_with_lead(f: Features, lead: set[str]) -> float:
    """Share of a headline's content words that the article's first paragraphs use: a
    headline is about what the lead says; a site tagline or a byline is not."""
    words = _content_words(f.norm)
    return len(words & lead) / len(words) if words and lead else 0.0


def _echoed(i: int, feats: list[Features]) -> bool:
    """A longer short line elsewhere on the page holds this one: a breadcrumb
    "Home / News / headline" or a page title "headline - Site". (A line merely repeated
    whole is no evidence: site taglines repeat in header and footer.)"""
    text = feats[i].norm.strip()
    if len(text) < 12:
        return False
    for j, g in enumerate(feats):
        if j == i or g.words > 40 or len(g.norm) <= len(text) + 2:
            continue
        at = g.norm.find(text)
        if at < 0:
            continue
        # the rest of the line is set off by a separator: "Home / News / headline",
        # "headline - Site"; a headline merely holding this line's words is no echo
        before, after = g.norm[:at].rstrip(), g.norm[at + len(text) :].lstrip()
        if (not before or before[-1] in _ECHO_SEP) and (not after or after[0] in _ECHO_SEP):
            return True
    return False


_ECHO_SEP = "/|-–—»›>:\\"


def _is_section(b: Block, f: Features) -> bool:
    if not 1 <= f.words <= 4 or f.ends_sentence or (b.link_density > 0.9 and f.words > 3):
        return False
    toks = [t for t in f.norm.split() if t not in ("و", "&", "-", "|", "/")]
    return bool(toks) and any(t.removeprefix("ال") in lexicon.SECTION_WORDS or t in lexicon.SECTION_WORDS for t in toks)


def other_label(
    i: int, b: Block, f: Features, first: int, last: int, total: int, title: int | None
) -> tuple[Label, str]:
    if f.pattern is not None:
        return f.pattern, "matches a known phrase"
    if f.site_boilerplate and f.teaser is None:
        label = f.hint_label or (Label.NAV if b.link_density > 0.5 else Label.OTHER)
        return label, "recurs across this site's pages"
    if f.teaser is not None:
        return f.teaser, "headline with a cut-off excerpt" if f.teaser is Label.TEASER_TITLE else "cut-off excerpt"
    before = i < first and (title is None or i < title)
    if before and _is_section(b, f):
        return Label.SECTION, "short category name before the title"
    if f.hint_label is not None:
        return f.hint_label, "its container's class or id"
    if b.link_density > 0.5:
        if f.words >= 5:
            return Label.TEASER_TITLE, "a link headline outside the article"
        return Label.NAV, "a link outside the article"
    if f.quality in (GOOD, NEAR):
        return Label.OTHER, "prose outside the article region"
    if i > last and i >= total * 0.7:
        return Label.FOOTER, "short line at the end of the page"
    return Label.OTHER, "short line outside the article"


def _related(blocks: list[Block], feats: list[Features]) -> list[RelatedItem]:
    """Other articles the page points to: teaser pairs, links under a related heading, and
    headline links in related or most-read boxes (not every link on the page)."""
    items: list[RelatedItem] = []
    seen: set[str] = set()
    for i, (b, f) in enumerate(zip(blocks, feats)):
        if b.label is not Label.TEASER_TITLE or b.text in seen:
            continue
        if f.teaser is None and f.hint_label is not Label.TEASER_TITLE:
            continue
        if b.tag != "line" and not b.href:
            continue
        seen.add(b.text)
        excerpt = None
        if i + 1 < len(blocks) and blocks[i + 1].label is Label.TEASER_EXCERPT:
            excerpt = blocks[i + 1].text
        items.append(RelatedItem(title=b.text, excerpt=excerpt, url=b.href))
    return items


def _list_like(blocks: list[Block], feats: list[Features], body: list[int]) -> bool:
    """A home or section page: its 'body' is a row of short excerpts, each under a headline."""
    prose = [i for i in body if feats[i].quality == GOOD]
    if len(prose) < 3:
        return False
    shortish = sum(1 for i in prose if feats[i].words <= 45)
    headed = 0
    for i in prose:
        j = i - 1
        while j >= 0 and feats[j].pattern is Label.DATE:
            j -= 1
        if j >= 0 and (blocks[j].link_density > 0.6 or feats[j].teaser is not None) and feats[j].words >= 3:
            headed += 1
    return shortish >= 0.8 * len(prose) and headed >= 0.7 * len(prose)
