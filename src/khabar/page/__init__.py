"""A page in, blocks out: decode the bytes, tell HTML from crawl text, and split the page
into an ordered list of Blocks with the metadata its markup declares."""

from __future__ import annotations

import re
from typing import Literal

from khabar.errors import ConfigError, InputError
from khabar.model import Block
from khabar.page.decode import clean_controls, is_blank, to_text
from khabar.page.html import PageMeta, html_to_blocks
from khabar.page.text import text_to_blocks

Kind = Literal["auto", "html", "text"]
KINDS = ("auto", "html", "text")

__all__ = ["KINDS", "Kind", "PageMeta", "html_to_blocks", "page_blocks", "sniff_kind", "text_to_blocks"]

_HTML_START = re.compile(
    r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|article|section|table|!--)", re.I | re.S
)
_TAG = re.compile(r"</?(html|body|div|p|span|a|br|table|td|li|ul|h[1-6]|article|section|script|meta)\b", re.I)


def sniff_kind(text: str) -> Literal["html", "text"]:
    """HTML when the text starts like a page or is dense with tags; else crawl text."""
    head = text[:4096]
    if _HTML_START.match(head):
        return "html"
    tags = len(_TAG.findall(head))
    return "html" if tags >= 5 and tags * 40 > len(head.split("\n")) else "text"


_WARC_HEAD = re.compile(r"\s*WARC/\d")


def page_blocks(
    content: str | bytes, *, kind: Kind = "auto", charset: str | None = None, source: str | None = None
) -> tuple[list[Block], PageMeta, str, list[str]]:
    """Decode a page and split it into blocks: (blocks, metadata, "html" or "text", warnings)."""
    if kind not in KINDS:
        raise ConfigError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    text, warnings = to_text(content, source=source, charset=charset, controls=False)
    if is_blank(text):
        return [], PageMeta(), "text", [*warnings, "empty input"]
    if _WARC_HEAD.match(text):
        raise InputError("a WARC file (or a WARC record), not a page: read it with `khabar run`", source=source)
    chosen = sniff_kind(clean_controls(text[:4096])) if kind == "auto" else kind
    if chosen == "html":
        page = html_to_blocks(text)
        if page.truncated:
            warnings.append(f"page has more than {len(page.blocks)} blocks; the rest was not read")
        elif not page.blocks:
            # an app shell (Discourse, a single-page app) whose scripts fetch the text: the
            # crawl holds no content to extract, which is not the same as a page judged empty
            warnings.append("no text in the HTML: a page its scripts fill in, or an empty one")
        return page.blocks, page.meta, "html", warnings
    return text_to_blocks(clean_controls(text)), PageMeta(), "text", warnings
