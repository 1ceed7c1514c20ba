"""Enrichment of an extracted Arabic article: dates, quotes and speakers, cited sources,
entities, topic. Everything it knows ships in the package; nothing is downloaded."""

from __future__ import annotations

from datetime import date

from khabar.dates import find_dates
from khabar.enrich.entities import entities
from khabar.enrich.quotes import quotes
from khabar.enrich.sources import sources
from khabar.enrich.topic import topic
from khabar.model import Article

__all__ = ["enrich"]


def _ref_date(article: Article) -> date | None:
    if article.published and len(article.published) >= 10 and article.published[4] == "-":
        try:
            return date.fromisoformat(article.published[:10])
        except ValueError:
            return None
    return None


def enrich(article: Article) -> Article:
    """Fill the article's dates, quotes, sources, entities and topic (in place; returned)."""
    if not article.paragraphs:
        return article
    text = article.text
    article.dates = find_dates(text, _ref_date(article))
    article.quotes = quotes(article.paragraphs)
    article.sources = sources(text)
    article.entities = entities(text)
    article.topic = topic(f"{article.title or ''}\n{text}") if article.lang in ("ar", "und", None) else None
    return article
