"""The title: the headline right before the body region (or the metadata headline's
block), told apart from section labels, taglines, bylines and echoes of the headline."""

from __future__ import annotations

import re

from khabar.label.features import GOOD, HEADINGS, NUMERIC_DATE, SHORT, Features, headline_like
from khabar.lang import lexicon
from khabar.lang.normalize import normalize
from khabar.lang.packs import all_stopwords
from khabar.model import Block, Label

_WORD = re.compile(r"\w+")
# lines above the body searched for the headline: in crawl text far enough to pass a related
# list that stands between a dated headline and its body ("ذات صلة" and some 30 titles)
HTML_TITLE_REACH = 25
TEXT_TITLE_REACH = 60


def _cover(block: str, meta: str) -> float:
    """How much of a metadata title a block's text is (both normalised): 1.0 when equal."""
    if block == meta:
        return 1.0
    if meta.startswith(block) or meta.endswith(block):
        return len(block) / len(meta)
    if block.startswith(meta):
        return len(meta) / len(block)
    return 0.0


def _norm_title(text: str) -> str:
    return " ".join(_WORD.findall(normalize(text)))


def find_title(
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
    window = openers[::-1] + list(
        range(first - 1, max(-1, first - (HTML_TITLE_REACH if dom else TEXT_TITLE_REACH)), -1)
    )
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
        headline = headline_like(b, f) and f.words >= 3 and b.link_density < 0.5
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
            if blocks[i].tag == "h1" and headline_like(blocks[i], feats[i]):
                return i
        return None
    # crawl text whose region opened with stray prose (an image notice, a caption) before a
    # list of other headlines: the article's own headline is the one dated right above its
    # first paragraph ("headline / dateline / body"), inside the region
    for i in body[1:]:
        if feats[i].quality == GOOD and feats[i - 1].pattern in (Label.DATE, Label.BYLINE):
            return _dated_headline_above(blocks, feats, i)
    return None


def own_headline(block: Block, f: Features) -> bool:
    """A line that can head an article on its own: headline-like, three words or more,
    not a section name."""
    return headline_like(block, f) and f.words >= 3 and not is_section(block, f)


def _dates_the_line_above(f: Features) -> bool:
    """A dateline or byline, or a short line with a numeric date in it ("الاقتصادية
    06/10/41 يوان يانج ونيان ليو"): what stands under a headline."""
    if f.pattern in (Label.DATE, Label.BYLINE):
        return True
    return f.pattern is None and f.words <= 16 and not f.ends_sentence and bool(NUMERIC_DATE.search(f.norm))


def _dated_headline_above(blocks: list[Block], feats: list[Features], at: int) -> int | None:
    """A headline with its dateline or byline right above line `at` (dates skipped)."""
    i = at - 1
    while i >= 0 and feats[i].pattern in (Label.DATE, Label.BYLINE):
        i -= 1
    if i < 0 or i == at - 1:
        return None  # no dateline between it and the list
    return i if own_headline(blocks[i], feats[i]) else None


_NO_CONTENT = all_stopwords()


def _content_words(norm: str) -> set[str]:
    """Words that carry content: no function words, no clitic-only differences."""
    out = set()
    for w in norm.split():
        w = w.strip(".,;:!?\"'()«»،؛؟“”")
        if len(w) > 2 and w not in _NO_CONTENT:
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


def is_section(b: Block, f: Features) -> bool:
    if not 1 <= f.words <= 4 or f.ends_sentence or (b.link_density > 0.9 and f.words > 3):
        return False
    toks = [t for t in f.norm.split() if t not in ("و", "&", "-", "|", "/")]
    return bool(toks) and any(t.removeprefix("ال") in lexicon.SECTION_WORDS or t in lexicon.SECTION_WORDS for t in toks)
