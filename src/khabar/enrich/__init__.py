"""Enrichment of an extracted Arabic article: dates, quotes and speakers, cited sources,
entities, topic. Everything it knows ships in the package; nothing is downloaded."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from khabar.enrich.entities import entities
from khabar.enrich.quotes import quotes
from khabar.enrich.sources import sources
from khabar.enrich.topic import topic
from khabar.extract import extract_page
from khabar.lang.calendar import find_dates
from khabar.model import Article, Enrichment
from khabar.page import Kind

__all__ = ["compute", "enrich", "extract"]


def extract(
    content: str | bytes,
    *,
    url: str | None = None,
    kind: Kind = "auto",
    charset: str | None = None,
    source: str | None = None,
    boilerplate: Mapping[str, Collection[int]] | None = None,
    enrich: bool = True,
    site: str | None = None,
) -> Article:
    """Extract the article from one page (HTML or crawl text).

    `content` may be bytes (decoded with BOM, `charset`, the page's declaration or
    detection) or str. `kind` forces the front end; "auto" sniffs it. `source` names the
    input in error messages. `boilerplate` maps sites to fingerprints
    (`khabar.sites.fingerprint`) of blocks known to recur across their pages, as
    `khabar.run` learns them; the page's site is `site` when given, else from `url` or
    its canonical link. Dates, quotes, sources, entities and topic are computed when
    first read; `enrich=False` leaves them empty, for raw speed.
    Raises InputError for input that is not a page at all.
    """
    article = extract_page(
        content, url=url, kind=kind, charset=charset, source=source, boilerplate=boilerplate, site=site
    )
    article.enricher = compute if enrich else None
    return article


def _ref_date(article: Article) -> date | None:
    if article.published and len(article.published) >= 10 and article.published[4] == "-":
        try:
            return date.fromisoformat(article.published[:10])
        except ValueError:
            return None
    return None


def compute(article: Article) -> Enrichment:
    """Dates, quotes, sources, entities and topic of an extracted article."""
    text = article.text
    return Enrichment(
        dates=find_dates(text, _ref_date(article)),
        quotes=quotes(article.paragraphs),
        sources=sources(text),
        entities=entities(text),
        topic=topic(f"{article.title or ''}\n{text}") if article.lang in ("ar", "und", None) else None,
    )


def enrich(article: Article) -> Article:
    """Enrich an article now (in place; returned), whether or not it was extracted with enrichment."""
    article._enrichment = compute(article) if article.paragraphs else Enrichment()
    return article
