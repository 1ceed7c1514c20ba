"""class and id words: which name a boilerplate container, which an article's, and which say
what a block is (HINT_LABELS). Read once per distinct attribute string (cached)."""

from __future__ import annotations

from functools import lru_cache

from khabar.model import HINT_SEP, Label

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
# (string tests, not regular expressions: this runs for every distinct element of a crawl)
_POSITIVE_ENDS = ("body", "content", "text", "details")  # every POSITIVE_HINTS word holds one
_STATE_PREFIXES = tuple(f"{w}{s}" for w in ("has", "no", "with", "without", "is", "show", "hide") for s in "-_")
_STATE_SUFFIXES = tuple(
    f"{s}{w}" for w in ("enabled", "disabled", "open", "closed", "allowed", "on", "off", "active") for s in "-_"
)
TAXONOMY_PREFIXES = ("tag-", "tag_", "category-", "cat-", "post-", "type-", "status-", "format-", "term-", "topic-")

# each hint word: (whether it is in NEGATIVE_HINTS, its bits of HINT_LABELS)
_TOKEN_SAYS: dict[str, tuple[bool, int]] = {
    word: (word in NEGATIVE_HINTS, sum(1 << k for k, (words, _) in enumerate(HINT_LABELS) if word in words))
    for word in NEGATIVE_HINTS.union(*(words for words, _ in HINT_LABELS))
}


@lru_cache(maxsize=4096)
def class_hints(hints: str) -> tuple[bool, bool, Label | None]:
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
    positive = any(end in joined for end in _POSITIVE_ENDS) and any(k in joined for k in POSITIVE_HINTS)
    positive = positive or "itemprop articlebody" in own
    # CMS taxonomy classes name the article's tags and category ("tag-economy",
    # "category-sport" on a WordPress post): they say nothing about the block's role.
    # A class that states a page's setting ("comments-enabled", "has-sidebar", "no-ads") names
    # no part of the page: it is dropped like a taxonomy class.
    negative, mask = False, 0
    for name in own.split():
        if name.startswith(TAXONOMY_PREFIXES) or name.startswith(_STATE_PREFIXES) or name.endswith(_STATE_SUFFIXES):
            continue
        for token in (*name.replace("_", "-").split("-"), name.replace("-", "").replace("_", "")):
            said = _TOKEN_SAYS.get(token)
            if said is not None:
                negative, mask = negative or said[0], mask | said[1]
    return positive, negative, mask
