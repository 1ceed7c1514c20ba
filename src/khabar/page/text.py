"""Crawl text (WET, mC4, FineWeb style: one block a line) to Blocks."""

from __future__ import annotations

from khabar.limits import MAX_TEXT_BLOCKS
from khabar.model import Block

MAX_BLOCKS = MAX_TEXT_BLOCKS


def text_to_blocks(text: str) -> list[Block]:
    """One Block per non-empty line, whitespace collapsed, in order."""
    blocks: list[Block] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            blocks.append(Block(text=line, index=len(blocks)))
            if len(blocks) >= MAX_BLOCKS:
                break
    return blocks
