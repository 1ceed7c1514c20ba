"""One page in, one Article out: decode, split into blocks, label, assemble."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from khabar.label import Labelled, rules, score
from khabar.label.structure import structure
from khabar.lang.calendar import date_in_text, iso_from_meta
from khabar.lang.identify import guess_lang
from khabar.lang.lexicon import BYLINE_LEADS
from khabar.lang.normalize import normalize
from khabar.lang.packs import pack_for
from khabar.model import Article, Block, Label, RemovedBlock
from khabar.page import Kind, PageMeta, page_blocks
from khabar.page.urls import clean_site, site_of

_TITLE_SEP = re.compile(r"\s+[|\-–—:»«]\s+|\s+::\s+")
# a byline's lead word (and the labels of English markup: "Author, X", "Role, BBC News"),
# longest first so that «كتبت:» loses all of «كتبت»
_LEADS = sorted((*BYLINE_LEADS, "author", "authors", "role"), key=len, reverse=True)
_BYLINE_PREFIX = re.compile(rf"^\W*({'|'.join(map(re.escape, _LEADS))})(?!\w)\s*[:：\-–ـ,،]?\s*", re.I)


def extract_page(
    content: str | bytes,
    *,
    url: str | None = None,
    kind: Kind = "auto",
    charset: str | None = None,
    source: str | None = None,
    boilerplate: Mapping[str, Collection[int]] | None = None,
    site: str | None = None,
) -> Article:
    """The article of one page, not enriched (this layer is below enrichment): the
    arguments and errors are those of `khabar.extract`, which calls it."""
    site = clean_site(site)
    page = read_page(content, url=url, kind=kind, charset=charset, source=source, boilerplate=boilerplate, site=site)
    if page.found is None:
        return Article(url=url, site=site or site_of(url), warnings=page.warnings)
    url = url or page.meta.canonical
    score(page.blocks, page.found, pack=pack_for(page.lang), dom=page.kind == "html", url=url, meta=page.meta)
    article = _assemble(page.blocks, page.found, page.meta, url=url, lang=page.lang, warnings=page.warnings)
    if site:
        article.site = site
    return article


@dataclass(slots=True)
class Page:
    """A page read and through the rules: what the scorer and assembly start from."""

    blocks: list[Block]
    meta: PageMeta
    kind: Literal["html", "text"]
    warnings: list[str]
    lang: str = "und"
    found: Labelled | None = None  # None when the page has no blocks


def read_page(
    content: str | bytes,
    *,
    url: str | None = None,
    kind: Kind = "auto",
    charset: str | None = None,
    source: str | None = None,
    boilerplate: Mapping[str, Collection[int]] | None = None,
    site: str | None = None,
) -> Page:
    """Decode, split into blocks, find the language and run the rules (see `extract`); the
    learned steps come after (`khabar.label.score`): their training data starts here too."""
    blocks, meta, chosen, warnings = page_blocks(content, kind=kind, charset=charset, source=source)
    page = Page(blocks, meta, "html" if chosen == "html" else "text", warnings)
    if not blocks:
        return page
    sample = " ".join(b.text for b in blocks[:400])
    page.lang = _lang(meta.lang, sample)
    site = site or site_of(url) or site_of(meta.canonical)
    known = boilerplate.get(site) if boilerplate and site else None
    page.found = rules.label(
        blocks, pack=pack_for(page.lang), title_hints=meta.title_candidates, dom=chosen == "html", boilerplate=known
    )
    return page


def _lang(declared: str | None, sample: str) -> str:
    """The text's own evidence first (script, letters, words); the page's declaration only
    when the text is too short to tell (templates often declare the wrong language)."""
    guessed = guess_lang(sample)
    code = declared.split("-")[0].split("_")[0].lower()[:3] if declared else ""
    code = code if code.isalpha() else ""
    if len(sample) < 40:
        return code or guessed or "und"
    return guessed or code or "und"


def _assemble(
    blocks: list[Block], found: Labelled, meta: PageMeta, *, url: str | None, lang: str, warnings: list[str]
) -> Article:
    # main content for every page type; only an article's is its body (`is_article`)
    paragraphs = [blocks[i].text for i in found.body]
    if found.page_type == "article" and not paragraphs:
        found.page_type = "other"  # nothing kept: no article to give (is_article == page_type is article)
    is_article = found.page_type == "article"
    title = blocks[found.title_index].text if found.title_index is not None else _meta_title(meta)
    published = iso_from_meta(meta.published) or next(
        (iso for v in meta.time_values if (iso := iso_from_meta(v))), None
    )
    if published is None and found.dateline:
        published = date_in_text(found.dateline)
    authors = list(meta.authors)
    if not authors and found.byline:
        name = _BYLINE_PREFIX.sub("", found.byline).strip(" :-–")
        if name:
            authors = [name]
    removed = [
        RemovedBlock(text=b.text, label=b.label, reason=b.reason, index=b.index)
        for b in blocks
        if b.label not in (Label.BODY, Label.TITLE)
    ]
    return Article(
        url=url,
        site=site_of(url),
        lang=lang,
        title=title if (is_article or title) else None,
        paragraphs=paragraphs,
        section=meta.section or found.section,
        published=published,
        authors=authors,
        related=found.related,
        removed=removed,
        is_article=is_article,
        page_type=found.page_type,
        structure=[structure(blocks[i]).value for i in found.body],
        warnings=warnings,
        title_index=found.title_index if title is not None and found.title_index is not None else None,
        paragraph_index=list(found.body),
        blocks=blocks,
    )


def _meta_title(meta: PageMeta) -> str | None:
    """The metadata headline, with the site name cut off a <title>."""
    if meta.headline:
        return meta.headline
    title = meta.og_title or meta.title
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]
    if len(parts) > 1:
        site = normalize(meta.site_name or "")
        parts = [p for p in parts if normalize(p) != site] or parts
        return max(parts, key=len)
    return title
