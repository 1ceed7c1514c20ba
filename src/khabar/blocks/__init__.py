"""Front ends: turn a page (HTML or crawl text) into an ordered list of Blocks."""

from khabar.blocks.html import PageMeta, html_to_blocks
from khabar.blocks.text import text_to_blocks

__all__ = ["PageMeta", "html_to_blocks", "text_to_blocks"]
