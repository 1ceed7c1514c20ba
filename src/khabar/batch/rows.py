"""Output rows: one per input record, whatever became of it. The schema is documented in
the README; `SCHEMA` is the Parquet form of it."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from khabar.errors import ErrorKind
from khabar.model import Article
from khabar.page.urls import site_of
from khabar.readers.record import Record

RELATED = pa.struct([("title", pa.string()), ("excerpt", pa.string()), ("url", pa.string())])
REMOVED = pa.struct([("text", pa.string()), ("label", pa.string()), ("reason", pa.string()), ("index", pa.int64())])
DATE = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("value", pa.string())])
QUOTE = pa.struct([("speaker", pa.string()), ("verb", pa.string()), ("text", pa.string()), ("direct", pa.bool_())])
SOURCE = pa.struct([("name", pa.string()), ("kind", pa.string()), ("text", pa.string())])
ENTITY = pa.struct([("text", pa.string()), ("type", pa.string())])
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("position", pa.int64()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("status", pa.string()),  # ok | error | skipped
        ("error", pa.string()),
        ("error_kind", pa.string()),
        ("kind", pa.string()),  # html | text
        ("bytes", pa.int64()),
        ("lang", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("paragraphs", pa.list_(pa.string())),
        ("section", pa.string()),
        ("published", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("related", pa.list_(RELATED)),
        ("removed", pa.list_(REMOVED)),
        ("is_article", pa.bool_()),
        ("page_type", pa.string()),  # article, home, section, forum, product, documentation, service, other
        ("structure", pa.list_(pa.string())),  # per paragraph: paragraph, heading, list-item, ...
        ("warnings", pa.list_(pa.string())),
        ("title_index", pa.int64()),
        ("paragraph_index", pa.list_(pa.int64())),
        ("dates", pa.list_(DATE)),
        ("quotes", pa.list_(QUOTE)),
        ("sources", pa.list_(SOURCE)),
        ("entities", pa.list_(ENTITY)),
        ("topic", pa.string()),
        ("topic_score", pa.float64()),
        ("words", pa.int64()),
        ("boilerplate_ratio", pa.float64()),  # share of the page's text that was removed
        ("kept", pa.bool_()),  # passed the filters
        ("filtered_by", pa.string()),  # the first filter that rejected it
        ("dup_cluster", pa.string()),  # id of the cluster's representative, when in one
        ("is_duplicate", pa.bool_()),  # in a cluster and not its representative
    ]
)
COLUMNS = [f.name for f in SCHEMA]


def clean_str(text: str) -> str:
    """Text that can be written as UTF-8: a file name's undecodable bytes (kept by the OS
    as lone surrogates) become «\\xff», any other lone surrogate (a JSON «\\ud83d») U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def clean(value: Any) -> Any:
    """A row (or any value in it) with every string made writable, numpy scalars made Python."""
    if isinstance(value, str):
        return clean_str(value)
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (bytes, bytearray)):
        return value.item()  # a numpy bool or number
    return value


def empty_row(record: Record) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        id=clean_str(record.id),
        source=clean_str(record.source),
        position=record.position,
        url=clean_str(record.url) if record.url else None,
        site=record.site or site_of(record.url),
        status=record.status,
        error=record.error,
        error_kind=record.error_kind.value if record.error_kind else None,
        bytes=record.size,
        paragraphs=[],
        authors=[],
        related=[],
        removed=[],
        warnings=[],
        paragraph_index=[],
        structure=[],
        dates=[],
        quotes=[],
        sources=[],
        entities=[],
        is_article=False,
        kept=False,
        is_duplicate=False,
    )
    return row


def article_row(record: Record, article: Article, kind: str) -> dict[str, Any]:
    row = empty_row(record)
    d = article.to_dict()
    kept_chars = sum(len(p) for p in article.paragraphs) + len(article.title or "")
    total = kept_chars + sum(len(r.text) for r in article.removed)
    row.update({k: d[k] for k in ("lang", "title", "text", "paragraphs", "section", "published", "authors",
                                  "related", "removed", "is_article", "page_type", "structure", "warnings", "dates", "quotes", "sources",
                                  "entities", "title_index", "paragraph_index")})  # fmt: skip
    if article.topic:
        row.update(topic=article.topic.label, topic_score=article.topic.score)
    row.update(
        url=article.url or record.url,
        site=record.site or article.site or site_of(record.url),
        kind=kind,
        words=len(article.text.split()),
        boilerplate_ratio=round(1 - kept_chars / total, 4) if total else None,
    )
    return row


def error_row(record: Record, message: str, kind: ErrorKind) -> dict[str, Any]:
    row = empty_row(record)
    row.update(status="error", error=message, error_kind=kind.value)
    return row
