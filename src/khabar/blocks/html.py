"""HTML to Blocks, with the DOM features the labeller uses, plus the page's metadata.

Parsing is lexbor's (through selectolax): a C HTML5 parser that builds a full page in about
1.5 ms and survives any nesting. The walk below is iterative, so 100,000 nested divs cost
time, not the Python stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from khabar.blocks.meta import PageMeta, read_meta
from khabar.model import Block

# Subtrees that never hold visible article text.
DROP_TAGS = [
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "option", "button", "textarea", "input", "map", "audio", "video",
    "source", "track", "picture", "head", "link", "meta",
]  # fmt: skip

# Elements that start a new block of text.
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "form",
        "fieldset",
        "legend",
        "details",
        "summary",
        "center",
        "hr",
        "br",
        "body",
        "html",
        "menu",
        "dialog",
        "hgroup",
    ]
)
HIDDEN_SELECTOR = ", ".join(
    [
        "[hidden]",
        '[aria-hidden="true"]',
        '[style*="display:none" i]',
        '[style*="display: none" i]',
        '[style*="visibility:hidden" i]',
        '[style*="visibility: hidden" i]',
    ]
)
MAX_PATH = 64  # nearest ancestors kept per block; deeper ones do not choose a container
MAX_HINT_LEVELS = 12
MAX_BLOCKS = 50_000
MAX_DEPTH = 256  # browsers stop nesting near here too (Blink: 512)

# A long run of opening tags with nothing between them is how hostile pages nest 100,000
# levels deep; lexbor's tree builder is quadratic on that, so such runs are flattened first.
_DEEP_RUN = re.compile(r"(?:<[a-zA-Z][^<>]*>){64}")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)

__all__ = ["HtmlPage", "PageMeta", "html_to_blocks"]


@dataclass(slots=True)
class HtmlPage:
    blocks: list[Block]
    meta: PageMeta
    truncated: bool = False
    containers: dict[int, str] = field(default_factory=dict)  # element id -> its hint string


def _own_hints(node: LexborNode, tag: str) -> str:
    if tag in ("body", "html"):
        return tag  # their classes describe the page (skin, template), not a block
    attrs = node.attributes
    parts = [tag]
    for key in ("class", "id", "itemprop", "role"):
        value = attrs.get(key)
        if value:
            parts.append(value.lower())
    return " ".join(parts)


def limit_depth(html: str) -> str:
    """Drop opening tags nested deeper than MAX_DEPTH (and their closing tags)."""
    if html.count("<") < 10_000 or _DEEP_RUN.search(html) is None:
        return html  # lexbor's quadratic case needs thousands of nested tags
    out: list[str] = []
    depth = 0
    dropped: dict[str, int] = {}
    last = 0
    for m in _TAG.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        if name in VOID:
            continue
        drop = False
        if not closing:
            if depth >= MAX_DEPTH:
                dropped[name] = dropped.get(name, 0) + 1
                drop = True
            else:
                depth += 1
        elif dropped.get(name):
            dropped[name] -= 1
            drop = True
        else:
            depth = max(0, depth - 1)
        if drop:
            out.append(html[last : m.start()])
            last = m.end()
    out.append(html[last:])
    return "".join(out)


def html_to_blocks(html: str) -> HtmlPage:
    """Parse a page and return its text blocks in document order, with DOM features."""
    tree = LexborHTMLParser(limit_depth(html))
    meta = read_meta(tree)
    root = tree.body or tree.root
    blocks: list[Block] = []
    containers: dict[int, str] = {}
    if root is None:
        return HtmlPage(blocks, meta)
    tree.strip_tags(DROP_TAGS)
    for hidden in tree.css(HIDDEN_SELECTOR):
        hidden.decompose()

    # Walk state. chain: the block-level ancestors, as (element id, own hints).
    chain: list[tuple[int, str]] = []
    buf: list[str] = []
    link_chars = 0
    href: str | None = None
    in_link = 0
    in_heading = ""
    next_id = 0
    truncated = False

    def flush() -> None:
        nonlocal buf, link_chars, href
        if buf:
            text = " ".join("".join(buf).split())
            if text:
                near = chain[-MAX_PATH:]
                hints = " ".join(h for _, h in near[-MAX_HINT_LEVELS:])
                tag = in_heading or (near[-1][1].split(" ", 1)[0] if near else "body")
                blocks.append(
                    Block(
                        text=text,
                        index=len(blocks),
                        tag=tag,
                        link_chars=min(link_chars, len(text)),
                        hints=hints,
                        path=tuple(i for i, _ in near),
                        href=href,
                    )
                )
        buf = []
        link_chars = 0
        href = None

    # Stack of (node, entering). Exit events, pushed only for elements that change the
    # walk state (blocks and links), restore it.
    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                buf.append(text)
                if in_link:
                    link_chars += len(text.strip())
            continue
        if tag is None or tag[0] in "-!_":
            continue
        is_block = tag in BLOCK_TAGS
        if not entering:
            if is_block:
                if buf:
                    flush()
                chain.pop()
                if tag == in_heading:
                    in_heading = ""
            else:  # a link
                in_link -= 1
            continue
        if is_block:
            if buf:
                flush()
            if len(blocks) >= MAX_BLOCKS:
                truncated = True
                break
            if tag in ("br", "hr"):
                continue
            next_id += 1
            hints = _own_hints(node, tag)
            chain.append((next_id, hints))
            containers[next_id] = hints
            if tag[0] == "h" and tag[1:].isdigit() and not in_heading:
                in_heading = tag
            stack.append((node, False))
        elif tag == "a":
            in_link += 1
            if href is None:
                href = node.attributes.get("href")
            stack.append((node, False))
        elif tag == "img":
            continue
        children = list(node.iter(include_text=True))
        children.reverse()
        stack.extend((child, True) for child in children)
    flush()
    return HtmlPage(blocks, meta, truncated, containers)
