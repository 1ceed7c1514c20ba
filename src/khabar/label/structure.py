"""What a kept block is in the text's structure: a heading, a list item, a table cell, a
quote, code or a paragraph. JSON carries it per paragraph; markdown renders it."""

from __future__ import annotations

from khabar.label.features import HEADINGS
from khabar.model import Block, Structure

BULLETS = ("- ", "* ", "• ", "· ")


def structure(block: Block) -> Structure:
    """From the element that holds the block (HTML), or a bullet opening the line (text)."""
    tag = block.tag
    if tag in HEADINGS:
        return Structure.HEADING
    if tag in ("li", "dd", "dt"):
        return Structure.LIST_ITEM
    if tag in ("td", "th"):
        return Structure.TABLE_CELL
    if tag == "blockquote" or any(h.startswith("blockquote") for h in block.hints.rsplit(" > ", 2)[-2:]):
        return Structure.QUOTE
    if tag == "pre":
        return Structure.CODE
    if tag == "line" and block.text.startswith(BULLETS):
        return Structure.LIST_ITEM
    return Structure.PARAGRAPH
