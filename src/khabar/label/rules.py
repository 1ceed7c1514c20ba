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
from collections.abc import Collection
from dataclasses import dataclass, field

from khabar.label.features import (
    GOOD,
    HEADINGS,
    NEAR,
    SHORT,
    SITE_BOILERPLATE_MAX_WORDS,
    Features,
    block_weight,
    features,
    quality_class,
)
from khabar.label.teasers import find_teasers, related_items
from khabar.label.title import find_title, is_section, own_headline
from khabar.lang.normalize import normalize
from khabar.lang.packs import LanguagePack
from khabar.model import Block, Label, RelatedItem
from khabar.sites import fingerprint

MIN_ARTICLE_WORDS = 30  # below this a page has no article to give (benchmarks flag 50+)


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
_PROSE_END = re.compile(r"[.!?؟۔。！？]\s*[\"'»”)\]」』]*\s*$")


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


def label(
    blocks: list[Block],
    *,
    pack: LanguagePack,
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
    feats = [features(b, pack, cache) for b in blocks]
    if boilerplate:
        for b, f in zip(blocks, feats):
            # long prose that recurs is shared content (a story in a widget on every page,
            # perhaps this page's own), not template: only short blocks are forced out
            if f.words <= SITE_BOILERPLATE_MAX_WORDS and fingerprint(b.text) in boilerplate:
                f.site_boilerplate = True
    find_teasers(blocks, feats)
    for b, f in zip(blocks, feats):
        f.quality = quality_class(b, f, pack)
    weights = [block_weight(b, f) for b, f in zip(blocks, feats)]

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
            if own_headline(blocks[i], f) and (Label.DATE in nxt or Label.BYLINE in nxt):
                body, title = [j for j in body if j > i], i
                break
    # Title: the metadata headline's block, else the headline right before the body,
    # else a headline that opens the region (crawl text often starts with it).
    first = body[0] if body else start
    if title is None:
        title = find_title(blocks, feats, body, first, title_hints or [], dom)
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
    out.related = related_items(blocks, feats)
    out.list_like = _list_like(blocks, feats, body)
    return out


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
    if before and is_section(b, f):
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
