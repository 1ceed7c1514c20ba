"""Page metadata: JSON-LD (NewsArticle and kin), OpenGraph, meta tags, <time>, <title>.

Read before the walk strips <script>, because JSON-LD lives in script tags.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from khabar.limits import MAX_JSONLD_CHARS
from khabar.page.decode import clean_controls

ARTICLE_TYPES = frozenset(
    {
        "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "scholarlyarticle",
        "techarticle", "report", "liveblogposting", "posting", "socialmediaposting",
    }
)  # fmt: skip
LIST_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "website", "profilepage"})


@dataclass(slots=True)
class PageMeta:
    """What a page says about itself, before any text is read."""

    title: str | None = None  # <title>
    og_title: str | None = None
    headline: str | None = None  # JSON-LD headline
    site_name: str | None = None
    canonical: str | None = None
    lang: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    description: str | None = None
    og_type: str | None = None
    ld_types: list[str] = field(default_factory=list)
    time_values: list[str] = field(default_factory=list)  # <time datetime> in document order

    @property
    def title_candidates(self) -> list[str]:
        return [t for t in (self.headline, self.og_title, self.title) if t]

    @property
    def both_say_article(self) -> bool:
        """og:type and JSON-LD both say article: either alone is unreliable on a home page
        (JSON-LD may describe the featured story; og:type is "article" on every page of some
        sites)."""
        return (self.og_type or "").lower() == "article" and bool({t.lower() for t in self.ld_types} & ARTICLE_TYPES)

    @property
    def says_article(self) -> bool | None:
        """True/False when the page's own metadata says what kind of page it is."""
        types = {t.lower() for t in self.ld_types}
        if types & ARTICLE_TYPES or (self.og_type or "").lower() == "article":
            return True
        if types & LIST_TYPES and not types & ARTICLE_TYPES and self.og_type not in (None, "article"):
            return False
        return None


def _clean(value: Any) -> str | None:
    """Whitespace collapsed, entities left escaped twice by the site ("&amp;quot;" read as
    "&quot;") resolved and control characters dropped: metadata strings become readable text."""
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = html.unescape(value)
    value = " ".join(clean_controls(value).split())
    return value or None


def _names(value: Any) -> list[str]:
    """Author names from JSON-LD's many shapes: str, {name}, list of either."""
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(_names(v))
        return out
    if isinstance(value, dict):
        value = value.get("name")
    name = _clean(value)
    return [name] if name else []


def _ld_objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 6:
        return []
    if isinstance(data, list):
        return [o for item in data for o in _ld_objects(item, depth + 1)]
    if isinstance(data, dict):
        out = [data]
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                out.extend(_ld_objects(data[key], depth + 1))
        return out
    return []


_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _load_json(raw: str) -> Any:
    """A JSON-LD script's object, or None: for invalid JSON, an over-large script, or one
    nested deeper than Python's parser goes (200,000 levels is a hostile page, not metadata)."""
    if len(raw) > MAX_JSONLD_CHARS:
        return None
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    try:
        return json.loads(raw, strict=False)
    except RecursionError:
        return None
    except ValueError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", raw), strict=False)
        except (ValueError, RecursionError):
            return None


def read_meta(tree: LexborHTMLParser) -> PageMeta:
    meta = PageMeta()
    node = tree.css_first("title")
    if node is not None:
        meta.title = _clean(node.text())
    html = tree.css_first("html")
    if html is not None:
        meta.lang = _clean(html.attributes.get("lang"))
    props: dict[str, str] = {}
    for m in tree.css("meta"):
        attrs = m.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = _clean(attrs.get("content"))
        if key and content:
            props.setdefault(key.lower().strip(), content)
    meta.og_title = props.get("og:title") or props.get("twitter:title")
    meta.site_name = props.get("og:site_name") or props.get("application-name")
    meta.description = props.get("og:description") or props.get("description")
    meta.og_type = props.get("og:type")
    meta.section = props.get("article:section") or props.get("section")
    for key in (
        "article:published_time", "datepublished", "publishdate", "pubdate", "publish-date",
        "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
        "og:published_time", "article:published", "published_time", "created",
    ):  # fmt: skip
        if key in props:
            meta.published = props[key]
            break
    meta.modified = props.get("article:modified_time") or props.get("datemodified")
    author = props.get("author") or props.get("article:author") or props.get("dc.creator")
    if author and not author.startswith("http"):
        meta.authors = [author]
    link = tree.css_first('link[rel="canonical"]')
    if link is not None:
        meta.canonical = _clean(link.attributes.get("href"))
    meta.canonical = meta.canonical or props.get("og:url")

    for script in tree.css('script[type="application/ld+json"]'):
        for obj in _ld_objects(_load_json(script.text(deep=True))):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            names = [t for t in types if isinstance(t, str)]
            meta.ld_types.extend(names)
            if not {t.lower() for t in names} & ARTICLE_TYPES:
                continue
            meta.headline = meta.headline or _clean(obj.get("headline")) or _clean(obj.get("name"))
            meta.published = _clean(obj.get("datePublished")) or meta.published
            meta.modified = meta.modified or _clean(obj.get("dateModified"))
            ld_authors = _names(obj.get("author"))
            if ld_authors:
                meta.authors = ld_authors
            section = obj.get("articleSection")
            if isinstance(section, list):
                section = next((s for s in section if isinstance(s, str)), None)
            meta.section = _clean(section) or meta.section
            publisher = obj.get("publisher")
            if isinstance(publisher, dict):
                meta.site_name = meta.site_name or _clean(publisher.get("name"))
    for t in tree.css("time"):
        value = _clean(t.attributes.get("datetime")) or _clean(t.text())
        if value:
            meta.time_values.append(value)
        if len(meta.time_values) >= 5:
            break
    return meta
