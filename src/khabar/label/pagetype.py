"""A page as the page-type model sees it: its address, what its metadata says, its shape.

A news article, a home page, a section (lists, tags, archives, search results, category and
product grids), a forum thread, a product, documentation, a service page or other: the
address says much ("/tag/", "/product/", "/t/123", a dated slug), the metadata some (og:type,
JSON-LD types), and the page's shape the rest (how much prose, how many link headlines,
lists, prices, code). Trained with the block scorer by `scripts/train_labeller.py`.
"""

from __future__ import annotations

import math
import re
from urllib.parse import unquote, urlsplit

import numpy as np

from khabar.label.features import GOOD
from khabar.label.rules import Labelled
from khabar.label.vector import BLOCK_NAMES, PRICE
from khabar.lang.normalize import normalize
from khabar.model import PAGE_TYPES, Block, Label
from khabar.page.meta import PageMeta

__all__ = ["PAGE_NAMES", "PAGE_TYPES", "base_row", "content_shape", "hidden_blocks", "page_row"]

_URL_WORDS: dict[str, re.Pattern[str]] = {
    # (in the query: a search term, a category or tag, a page past the first; not "?p=123", a
    # WordPress post, nor "?s=" holding a share token: every such address in the gold sets
    # but one is an article's)
    "url_list": re.compile(r"/(?:tags?|category|categories|cat|section|topics?|archives?|search|list|latest|page/\d|"
                           r"author|authors|index|news/?$|blog/?$)(?:/|$|\?|\.)|"
                           r"[?&](?:q|s|search|query|keywords?)=(?![0-9a-f]{16,}(?:[&;#]|$))[^&;#]|"
                           r"[?&](?:cat|category|tag)=[^&;#]|[?&](?:page|pg|paged)=(?:[2-9]|\d\d)", re.I),
    "url_product": re.compile(r"/(?:products?|shop|store|item|p|dp|sku|buy|collections?)(?:/|$)|product", re.I),
    "url_forum": re.compile(r"/(?:forums?|threads?|t|topic|showthread|viewtopic|community|discussions?|questions?|"
                            r"board|r)/|forum|thread|viewtopic", re.I),
    "url_docs": re.compile(r"/(?:docs?|documentation|guides?|manual|reference|api|wiki|help|kb|learn|tutorials?|"
                           r"developers?|sdk)(?:/|$)|readthedocs|\.io/", re.I),
    "url_service": re.compile(r"/(?:services?|pricing|contact|about|solutions|features|plans|enterprise|"
                              r"company|careers|support|booking|book)(?:/|-|$)", re.I),
    "url_article": re.compile(r"/(?:news|article|articles|story|stories|blog|posts?|\d{4}/\d{1,2})/|\d{5,}|"
                              r"/[^/]*-[^/]*-[^/]*-[^/]*(?:\.html?)?/?$", re.I),
}  # fmt: skip
_DATE_PATH = re.compile(r"/(?:19|20)\d\d[/-]\d{1,2}(?:[/-]\d{1,2})?/")
_LD_GROUPS: dict[str, frozenset[str]] = {
    "ld_article": frozenset({"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                             "opinionnewsarticle", "liveblogposting", "scholarlyarticle", "report"}),
    "ld_product": frozenset({"product", "offer", "aggregateoffer", "productgroup", "aggregaterating", "review"}),
    "ld_forum": frozenset({"discussionforumposting", "qapage", "question", "answer", "comment", "socialmediaposting"}),
    "ld_list": frozenset({"itemlist", "collectionpage", "searchresultspage", "profilepage", "listitem"}),
    "ld_docs": frozenset({"techarticle", "apireference", "howto", "faqpage", "course", "softwaresourcecode"}),
    "ld_service": frozenset({"service", "organization", "localbusiness", "corporation", "professionalservice",
                             "softwareapplication", "webapplication", "event", "contactpage", "aboutpage"}),
    "ld_site": frozenset({"website", "webpage", "breadcrumblist", "sitenavigationelement", "wpheader", "wpfooter"}),
}  # fmt: skip
# Phrases counted in the page's lowercased text (plain substring counts: a regex with these
# alternations costs a millisecond a page).
_TEXT_WORDS: dict[str, tuple[str, ...]] = {
    "txt_cart": ("add to cart", "add to bag", "add to basket", "buy now", "in stock", "out of stock", "wishlist",
                 "sku", "أضف إلى السلة", "اضف الى السلة", "أضف للسلة", "اشتري الآن", "اشتر الآن", "متوفر", "السعر"),
    "txt_forum": ("reply", "replies", "posted by", "joined", "member", "posts:", "quote", "thread", "upvote",
                  "views", "رد ", "ردود", "عضو", "مشاركات", "المنتدى"),
    "txt_docs": ("parameter", "returns", "example", "install", "usage", "syntax", "function", "class ", "method",
                 "api", "version", "configur"),
    "txt_more": ("read more", "more news", "view all", "see all", "load more", "next page", "older posts",
                 "اقرأ المزيد", "المزيد", "عرض الكل", "التالي", "الصفحة التالية"),
    "txt_service": ("contact us", "get started", "request a quote", "request a demo", "our services", "free trial",
                    "call us", "book a", "book now", "pricing", "sign up", "schedule", "اتصل بنا", "خدماتنا"),
}  # fmt: skip

# columns of the block rows (vector.py) the page's shape is read from
_W, _LD, _TEASER, _RULE_BODY, _HEADING, _LI, _SAME = (
    BLOCK_NAMES.index(n) for n in ("words", "link_density", "teaser", "rule_body", "heading", "tag_li", "same_hints")
)
_QUALITY, _PATTERN_CODE, _HINT_LABEL_CODE, _PAGE_LINKS, _TD, _TH, _PRE = (
    BLOCK_NAMES.index(n)
    for n in ("quality", "pattern_code", "hint_label_code", "page_links", "tag_td", "tag_th", "tag_pre")
)
_DATE, _COMMENT = (float(list(Label).index(label)) for label in (Label.DATE, Label.COMMENT))
_HIDDEN = BLOCK_NAMES.index("hidden")
HIDDEN_MAX = 0.5  # a block with more of its text hidden counts as hidden (page shape, removal reasons)


def hidden_blocks(x: np.ndarray) -> np.ndarray:
    """The blocks (rows of vector.block_rows) most of whose text the page hides until a click."""
    hidden: np.ndarray = x[:, _HIDDEN] > HIDDEN_MAX
    return hidden


def _shown(x: np.ndarray) -> np.ndarray:
    """The blocks a reader sees without a click: the page's shape is read from them (a
    collapsed mobile menu or a closed tab would make an article look like a listing)."""
    shown = ~hidden_blocks(x)
    return shown if shown.any() else np.ones(len(x), dtype=bool)


PAGE_NAMES: tuple[str, ...] = (
    "path_depth", "path_len", "slash_end", "query", "path_digits", "date_path", "slug_hyphens", "is_root",
    "html_suffix", *_URL_WORDS, "og_article", "og_product", "og_website", "og_other", *_LD_GROUPS,
    "says_article", "has_published", "has_authors", "blocks", "words", "link_share", "h1", "h2", "h3",
    "li", "td", "pre", "good", "good_words", "max_words", "prose_run_words", "prose_run_blocks",
    "rule_body_words", "rule_body_share", "teasers", "list_like", "link_headlines", "prices", "dates",
    "comments", "repeated_groups", "dom", "title_found", *_TEXT_WORDS, "has_url", "title_words", "title_h1",
    "title_in_meta", "prose_under_title", "content_share", "content_words", "content_blocks",
    "content_mean_words", "content_links", "content_teasers", "content_in_rule_body", "content_run",
    "content_same_hints", "content_headings", "content_items",
)  # fmt: skip


def _log(n: float) -> float:
    return math.log1p(n)


def page_row(
    url: str | None,
    meta: PageMeta,
    blocks: list[Block],
    found: Labelled,
    x: np.ndarray,
    probs: np.ndarray,
    *,
    dom: bool,
) -> np.ndarray:
    """The page-type model's input for one page, columns as PAGE_NAMES. `x` and `probs`:
    the blocks' rows and main-content probabilities (the block scorer runs first): what the
    content is made of (long prose, link headlines, list items) tells an article from a
    listing."""
    return np.concatenate([base_row(url, meta, blocks, found, x, dom=dom), content_shape(x, probs)])


def base_row(
    url: str | None, meta: PageMeta, blocks: list[Block], found: Labelled, x: np.ndarray, *, dom: bool
) -> np.ndarray:
    """The columns of PAGE_NAMES that do not depend on the block scores."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        parts = urlsplit("")
    path = _path(parts.path)
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    addr = f"{path}?{parts.query}" if parts.query else path
    row: list[float] = [
        float(len(segments)),
        _log(len(path)),
        1.0 if path.endswith("/") else 0.0,
        1.0 if parts.query else 0.0,
        float(sum(c.isdigit() for c in path)),
        1.0 if _DATE_PATH.search(path) else 0.0,
        float(last.count("-")),
        1.0 if url and not segments and not parts.query else 0.0,
        1.0 if last.endswith((".html", ".htm", ".php", ".aspx")) else 0.0,
        *(1.0 if p.search(addr) else 0.0 for p in _URL_WORDS.values()),
    ]
    og = (meta.og_type or "").lower()
    row += [float(og == "article"), float("product" in og), float(og == "website"), float(bool(og) and og not in (
        "article", "website") and "product" not in og)]  # fmt: skip
    types = {t.lower() for t in meta.ld_types}
    row += [1.0 if types & group else 0.0 for group in _LD_GROUPS.values()]
    says = meta.says_article
    row += [1.0 if says else -1.0 if says is False else 0.0, float(bool(meta.published)), float(bool(meta.authors))]

    # the page's shape, from the shown blocks' rows (vector.py): one numpy pass, no loop per block
    headline = _headline(meta, blocks, found)
    shown = _shown(x)
    if not shown.all():
        x = x[shown]
        blocks = [b for b, s in zip(blocks, shown) if s]
    words = np.expm1(x[:, _W].astype(np.float64))
    total = float(words.sum()) or 1.0
    heading, quality = x[:, _HEADING], x[:, _QUALITY]
    good = quality == 3.0
    body_words = float(words[x[:, _RULE_BODY] > 0].sum())
    label_code = x[:, _PATTERN_CODE]
    groups: dict[str, int] = {}
    for b in blocks:
        groups[b.hints] = groups.get(b.hints, 0) + 1
    sample = " ".join(b.text for b in blocks[:600])[:60_000]
    low = sample.lower()
    row += [
        _log(len(blocks)),
        _log(total),
        float(x[0, _PAGE_LINKS]) if len(blocks) else 0.0,
        float((heading == 1).sum()),
        _log(float((heading == 2).sum())),
        _log(float((heading == 3).sum())),
        _log(float(x[:, _LI].sum())),
        _log(float(x[:, _TD].sum() + x[:, _TH].sum())),
        _log(float(x[:, _PRE].sum())),
        _log(float(good.sum())),
        _log(float(words[good].sum())),
        _log(float(words.max(initial=0.0))),
        *(_prose_run(words, good) if not dom else (0.0, 0.0)),
        _log(body_words),
        body_words / total,
        _log(float(x[:, _TEASER].sum())),
        float(found.list_like),
        _log(float(((x[:, _LD] > 0.6) & (words >= 3.5)).sum())),
        _log(len(PRICE.findall(sample))),
        _log(float((label_code == _DATE).sum())),
        _log(float(((label_code == _COMMENT) | (x[:, _HINT_LABEL_CODE] == _COMMENT)).sum())),
        _log(sum(1 for k, v in groups.items() if k and v >= 5)),
        1.0 if dom else 0.0,
        1.0 if found.title_index is not None else 0.0,
        *(_log(sum(low.count(w) for w in phrases)) for phrases in _TEXT_WORDS.values()),
        1.0 if url else 0.0,
    ]
    row += headline
    return np.asarray(row, dtype=np.float32)


def _prose_run(words: np.ndarray, good: np.ndarray) -> tuple[float, float]:
    """The longest run of consecutive prose blocks, its words and its blocks (logs). An
    article's body is paragraphs one after another (in Arabic crawl text 150-200 words at the
    median); a listing's excerpts stand one by one between headlines (20-50). Read on crawl
    text only: in HTML the page's elements say it better (cross-validated, with it HTML pages'
    types fell)."""
    runs = _runs(good)
    if not runs:
        return 0.0, 0.0
    return _log(max(float(words[r].sum()) for r in runs)), _log(max(len(r) for r in runs))


def _runs(mask: np.ndarray) -> list[np.ndarray]:
    """The indices of mask's runs of consecutive True values (none when it holds none)."""
    idx = np.flatnonzero(mask)
    return np.split(idx, np.flatnonzero(np.diff(idx) != 1) + 1) if idx.size else []


def _path(raw: str) -> str:
    """The address's path as its words: percent-decoded (an Arabic slug as a crawl records
    it, "%D8%A7%D9%84...", is not fifty digits and a path five times its length) and without
    path parameters (";jsessionid=...", a stray ";"), which name no part of the site."""
    return unquote(raw.split(";", 1)[0]) or "/"


def _headline(meta: PageMeta, blocks: list[Block], found: Labelled) -> list[float]:
    """An article has a headline of several words, named by its metadata, with prose under
    it; a section's heading is its name, and what follows it is a list."""
    i = found.title_index
    if i is None:
        return [0.0, 0.0, 0.0, 0.0]
    title = normalize(blocks[i].text)
    named = any(title and title in normalize(t) for t in meta.title_candidates)
    under = sum(f.words for f in found.feats[i + 1 : i + 30] if f.quality == GOOD)
    return [_log(found.feats[i].words), 1.0 if blocks[i].tag == "h1" else 0.0, 1.0 if named else 0.0, _log(under)]


def content_shape(x: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """What the shown blocks the scorer calls content are made of, from their rows (vector.py)."""
    shown = _shown(x)
    if not shown.all():
        x, probs = x[shown], probs[shown]
    content = probs >= 0.5
    n = int(content.sum())
    if not n:
        return np.zeros(11, dtype=np.float32)
    c = x[content]
    words = np.expm1(x[:, _W])
    cwords = float(np.expm1(c[:, _W]).sum())
    runs = _runs(content)
    return np.asarray(
        [
            cwords / max(1.0, float(words.sum())),
            _log(cwords),
            _log(n),
            cwords / n,
            float((c[:, _LD] > 0.5).mean()),
            float(c[:, _TEASER].mean()),
            float((np.expm1(c[:, _W]) * c[:, _RULE_BODY]).sum()) / max(1.0, cwords),
            _log(max(len(r) for r in runs)),
            float(c[:, _SAME].mean()),
            float((c[:, _HEADING] > 0).mean()),
            float(c[:, _LI].mean()),
        ],
        dtype=np.float32,
    )
