"""Enrichment of an extracted Arabic article: dates, quotes and speakers, cited sources,
entities, topic. Everything it knows ships in the package; nothing is downloaded."""

from __future__ import annotations

from datetime import date

from khabar.dates import find_dates
from khabar.enrich.entities import entities
from khabar.enrich.quotes import quotes
from khabar.enrich.sources import sources
from khabar.enrich.topic import topic
from khabar.model import Article, Enrichment

__all__ = ["compute", "enrich"]


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
    """Enrich an article now (in place; returned), whatever its `enrich` flag says."""
    article._enrichment = compute(article) if article.paragraphs else Enrichment()
    return article
