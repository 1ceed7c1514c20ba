"""What the HTTP API answers, as Pydantic models, so that `/openapi.json` (and `/docs`)
documents every field. The data model's own dataclasses (quotes, dates, sources, entities,
topics, related items, removed blocks) are used as they are: one definition of each."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from khabar.archive import AlsoItem, Hit
from khabar.model import DateMention, Entity, Label, Quote, RelatedItem, RemovedBlock, Source, Topic


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    archive: bool = Field(description="whether the server was started with an archive (--db)")


class BlockOut(BaseModel):
    index: int = Field(description="the block's position on the page")
    text: str
    tag: str = Field(description="its HTML element (or 'line' in crawl text)")
    label: Label
    reason: str = Field(description="why it got its label")


class ArticleOut(BaseModel):
    """One page, extracted: its article (or main content) and every block with its label."""

    url: str | None
    site: str | None
    lang: str | None = Field(description="ISO 639 code, from the text's own evidence")
    title: str | None
    text: str = Field(description="the paragraphs, joined by newlines")
    paragraphs: list[str]
    section: str | None
    published: str | None = Field(description="ISO 8601, as precise as the page says")
    authors: list[str]
    related: list[RelatedItem] = Field(description="teasers of other articles: headline, excerpt, link")
    removed: list[RemovedBlock] = Field(description="every block not kept, with its label and why")
    title_index: int | None
    paragraph_index: list[int] = Field(description="each paragraph's block index")
    is_article: bool
    page_type: str = Field(description="article, home, section, forum, product, documentation, service or other")
    structure: list[str] = Field(description="per paragraph: paragraph, heading, list-item, ...")
    warnings: list[str]
    dates: list[DateMention]
    quotes: list[Quote]
    sources: list[Source]
    entities: list[Entity]
    topic: Topic | None
    blocks: list[BlockOut] = Field(default_factory=list, description="every block of the page, in order")


class SearchPage(BaseModel):
    total: int = Field(description="matching stories (near-duplicates counted once)")
    stories: int
    articles: int = Field(description="matching articles")
    page: int
    size: int
    hits: list[Hit]


class FacetCount(BaseModel):
    value: str
    count: int


class QuoteRow(BaseModel):
    speaker: str
    verb: str
    text: str
    id: str = Field(description="the article's id")
    title: str | None
    url: str | None
    site: str | None
    published: str | None


class QuotesPage(BaseModel):
    total: int
    page: int
    size: int
    quotes: list[QuoteRow]


class StoredArticle(BaseModel):
    """An article as the archive holds it: the row `khabar run` wrote for it (the columns of
    its Parquet output), and the other outlets that ran the same story."""

    model_config = ConfigDict(extra="allow")

    id: str
    source: str | None = Field(description="the input it was read from")
    url: str | None
    site: str | None
    status: str = Field(description="ok, error or skipped")
    kind: str | None = Field(description="html or text")
    lang: str | None
    title: str | None
    text: str | None
    paragraphs: list[str] | None
    section: str | None
    published: str | None
    authors: list[str] | None
    related: list[RelatedItem] | None
    removed: list[RemovedBlock] | None
    is_article: bool | None
    page_type: str | None
    dates: list[DateMention] | None
    quotes: list[Quote] | None
    sources: list[Source] | None
    entities: list[Entity] | None
    topic: str | None
    topic_score: float | None
    words: int | None
    boilerplate_ratio: float | None = Field(description="share of the page's text that was removed")
    dup_cluster: str | None = Field(description="id of the story's representative, when it has near-duplicates")
    is_duplicate: bool | None
    also: list[AlsoItem] = Field(description="the same story in other articles")
