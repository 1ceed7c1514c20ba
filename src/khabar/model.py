"""khabar's data model: the one place that says what a block and an article are.

Every other module passes these objects along; nothing else defines a record shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

HINT_SEP = " > "  # between the elements of a Block's hint string, outermost first


class Label(str, Enum):
    """What a block of a page is. A closed set: every block gets exactly one."""

    TITLE = "title"  # the article's headline
    BODY = "body"  # the article's own running text (lead, paragraphs, intertitles, lists)
    RELATED_HEADING = "related-heading"  # "ذات صلة", "اقرأ أيضا", "Related"
    TEASER_TITLE = "teaser-title"  # headline of another article
    TEASER_EXCERPT = "teaser-excerpt"  # cut-off excerpt of another article ("...")
    SECTION = "section"  # section or category label ("اخبار متفرقة")
    BYLINE = "byline"  # author line ("بقلم", "كتب", "By")
    DATE = "date"  # a dateline or timestamp standing alone
    CAPTION = "caption"  # image or video caption, credit
    PLACEHOLDER = "placeholder"  # image/video/ad placeholders ("spot_img", "Loading...")
    SOCIAL = "social"  # follow prompts ("تابعونا على")
    SHARE = "share"  # share prompts and buttons
    NAV = "nav"  # menus, breadcrumbs, link lists, pagination
    FOOTER = "footer"  # copyright, contact, legal lines after the article
    AD = "ad"  # advertisements, sponsored content
    COMMENT = "comment"  # comment prompts and reader comments
    TAG = "tag"  # tag and keyword lists
    OTHER = "other"  # anything else that is not the article


LABEL_DESCRIPTIONS: dict[Label, str] = {
    Label.TITLE: "the article's headline",
    Label.BODY: "the article's own running text: lead, paragraphs, intertitles, lists, quotes",
    Label.RELATED_HEADING: "heading of a related-articles insert (ذات صلة، اقرأ أيضا، Related)",
    Label.TEASER_TITLE: "headline of another article, in a teaser list",
    Label.TEASER_EXCERPT: "cut-off excerpt of another article, ending in ... or …",
    Label.SECTION: "section or category label",
    Label.BYLINE: "author line",
    Label.DATE: "a dateline or timestamp on its own",
    Label.CAPTION: "image or video caption or credit",
    Label.PLACEHOLDER: "image, video or ad placeholder text (spot_img, Loading...)",
    Label.SOCIAL: "follow-us prompts and social links",
    Label.SHARE: "share prompts and buttons",
    Label.NAV: "menus, breadcrumbs, link lists, pagination",
    Label.FOOTER: "copyright, contact and legal lines",
    Label.AD: "advertising and sponsored content",
    Label.COMMENT: "comment prompts and reader comments",
    Label.TAG: "tag and keyword lists",
    Label.OTHER: "anything else that is not the article",
}


class Structure(str, Enum):
    """What a kept paragraph is in the text's structure (markdown renders it)."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list-item"
    TABLE_CELL = "table-cell"
    QUOTE = "quote"
    CODE = "code"


PAGE_TYPES = ("article", "home", "section", "forum", "product", "documentation", "service", "other")


@dataclass(slots=True)
class Block:
    """One block of a page: a line of crawl text, or a block-level element of HTML.

    The front ends fill the text and the features they can see; the labeller sets
    `label` and `reason`. DOM features stay at neutral defaults for crawl text.
    """

    text: str
    index: int
    tag: str = "line"  # p, h1..h6, li, td, div, ... or "line" for crawl text
    link_chars: int = 0  # characters of the text inside links
    hidden_chars: int = 0  # characters of the text inside elements the page hides until a click
    hints: str = ""  # tag, class and id of the enclosing elements, outermost first, " > " between
    path: tuple[int, ...] = ()  # ids of the enclosing elements, outermost first
    href: str | None = None  # the link target when the block is (mostly) one link
    label: Label = Label.OTHER
    reason: str = ""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(slots=True)
class RelatedItem:
    """Another article the page points to (a teaser or a "read also" link)."""

    title: str
    excerpt: str | None = None
    url: str | None = None


@dataclass(slots=True)
class RemovedBlock:
    """A block khabar did not keep, with its label and why."""

    text: str
    label: Label
    reason: str = ""
    index: int = -1  # its position among the page's blocks


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date the text states: «15 رمضان 1445 هـ», «أمس», "November 9, 2020"."""

    text: str  # as written
    start: int  # offsets in the article's text
    end: int
    # ISO 8601 at the precision the text gives ("2024-03-25", "2022-02", "--04" for a month
    # without a year); None for a relative one («أمس») when the article has no date
    value: str | None


@dataclass(frozen=True, slots=True)
class Quote:
    """What someone said, and who: «قال الوزير إن ...», «"..." قال الوزير»."""

    speaker: str
    verb: str  # the verb of saying: قال، أكد، أعلن ...
    text: str
    direct: bool  # in quotation marks, not reported


@dataclass(frozen=True, slots=True)
class Source:
    """An outlet or agency the article cites: «وكالة رويترز», «إن.بي.سي نيوز»."""

    name: str  # its usual name ("Reuters")
    kind: str  # "agency" or "outlet"
    text: str  # as written


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place the article names."""

    text: str
    type: str  # "person", "org" or "place"


@dataclass(frozen=True, slots=True)
class Topic:
    """The article's topic (the shipped model's label) and its probability."""

    label: str
    score: float


@dataclass(slots=True)
class Enrichment:
    """What khabar.enrich adds to an Arabic article."""

    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    topic: Topic | None = None


@dataclass(slots=True)
class Article:
    """What khabar makes of one page."""

    url: str | None = None
    site: str | None = None
    lang: str | None = None
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    section: str | None = None
    published: str | None = None  # ISO 8601 (date or date-time), as precise as the page says
    authors: list[str] = field(default_factory=list)
    related: list[RelatedItem] = field(default_factory=list)
    removed: list[RemovedBlock] = field(default_factory=list)
    is_article: bool = False  # page_type == "article"
    # article, home, section (lists, tags, archives, search results, category and product
    # grids), forum, product, documentation, service or other (PAGE_TYPES)
    page_type: str = "other"
    # per paragraph: paragraph, heading, list-item, table-cell, quote or code
    structure: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what was repaired or cut on the way
    # where the title and each paragraph stood among the page's blocks (with `removed`'s
    # indexes, the page's block order, for an inspector)
    title_index: int | None = None
    paragraph_index: list[int] = field(default_factory=list)
    # enrichment is computed on first use of one of its fields (khabar.enrich), so that
    # callers who only read the text pay nothing for it; `enrich=False` turns it off
    enricher: Callable[[Article], Enrichment] | None = field(default=None, repr=False, compare=False)
    _enrichment: Enrichment | None = field(default=None, repr=False)
    blocks: list[Block] = field(default_factory=list, repr=False)  # every block, labelled

    @property
    def enrichment(self) -> Enrichment:
        """Dates, quotes, sources, entities and topic (computed once, when first asked for)."""
        if self._enrichment is None:
            if self.enricher is not None and self.is_article and self.paragraphs:
                self._enrichment = self.enricher(self)
            else:
                self._enrichment = Enrichment()
        return self._enrichment

    @property
    def dates(self) -> list[DateMention]:
        return self.enrichment.dates

    @property
    def quotes(self) -> list[Quote]:
        return self.enrichment.quotes

    @property
    def sources(self) -> list[Source]:
        return self.enrichment.sources

    @property
    def entities(self) -> list[Entity]:
        return self.enrichment.entities

    @property
    def topic(self) -> Topic | None:
        return self.enrichment.topic

    @property
    def text(self) -> str:
        """The body: paragraphs joined by newlines."""
        return "\n".join(self.paragraphs)

    def to_dict(self, *, with_blocks: bool = False) -> dict[str, Any]:
        """A JSON-ready dict with the documented field order."""
        out: dict[str, Any] = {
            "url": self.url,
            "site": self.site,
            "lang": self.lang,
            "title": self.title,
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "section": self.section,
            "published": self.published,
            "authors": list(self.authors),
            "related": [{"title": r.title, "excerpt": r.excerpt, "url": r.url} for r in self.related],
            "removed": [
                {"text": r.text, "label": r.label.value, "reason": r.reason, "index": r.index} for r in self.removed
            ],
            "title_index": self.title_index,
            "paragraph_index": list(self.paragraph_index),
            "is_article": self.is_article,
            "page_type": self.page_type,
            "structure": list(self.structure),
            "warnings": list(self.warnings),
            "dates": [asdict(d) for d in self.dates],
            "quotes": [asdict(q) for q in self.quotes],
            "sources": [asdict(s) for s in self.sources],
            "entities": [asdict(e) for e in self.entities],
            "topic": asdict(self.topic) if self.topic else None,
        }
        if with_blocks:
            out["blocks"] = [
                {"index": b.index, "text": b.text, "tag": b.tag, "label": b.label.value, "reason": b.reason}
                for b in self.blocks
            ]
        return out


# ---- a batch run's numbers: `khabar.run` returns them, OUTDIR/_stats.json holds them ----


@dataclass
class RunTiming:
    """This invocation (a resumed run counts only what it did itself)."""

    records: int
    seconds: float
    records_per_s: float | None
    mb_per_s: float | None
    workers: int
    engine: str


@dataclass
class FilesNotRead:
    """Files a folder or glob held that were not inputs (unknown suffix, dangling link,
    empty): counted by why, the first few named."""

    count: int = 0
    why: dict[str, int] = field(default_factory=dict)
    first: list[dict[str, str]] = field(default_factory=list)  # {"path": ..., "why": ...}


@dataclass
class RunStats:
    """What a run read and wrote. `records_in` is the inputs' own count (apart from the
    readers); `accounted` says every one became a row (an error row if need be)."""

    records_in: int
    rows_out: int
    status: dict[str, int]  # "ok", "error", "skipped" -> rows
    errors: dict[str, int]  # ErrorKind value -> rows
    skipped: dict[str, int]
    articles: int
    kept: int
    filtered: dict[str, int]
    languages: dict[str, int]
    sites: dict[str, int]  # the 50 largest
    site_count: int
    boilerplate_ratio: float | None
    site_learning: dict[str, int] | None  # records_read, sites, records_in
    duplicates: dict[str, int]  # clusters, duplicates, signed
    shards: int
    this_run: RunTiming
    input_complete: bool = True  # False: an input breaks off; records_in is what precedes the break
    accounted: bool = True
    files_not_read: FilesNotRead = field(default_factory=FilesNotRead)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, as _stats.json holds it."""
        return asdict(self)
