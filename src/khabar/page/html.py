"""HTML to Blocks, with the DOM features the labeller uses, plus the page's metadata.

Parsing is lexbor's (through selectolax): a C HTML5 parser that builds a full page in about
1.5 ms and survives any nesting. The walk below is iterative, so 100,000 nested divs cost
time, not the Python stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from khabar.limits import MANY_TAGS, MAX_DEPTH, MAX_HTML_BLOCKS, MAX_TAG_CHARS
from khabar.model import HINT_SEP, Block
from khabar.page.decode import clean_controls
from khabar.page.meta import PageMeta, read_meta

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
# Elements hidden until a script shows them: accordions, tabs, "read more" halves, carousel
# slides, FAQ answers, but also mobile menus and copies of text shown elsewhere. Their
# blocks are kept and marked (Block.hidden_chars): the scorer learns when such text is
# main content (a product's description tab is; a collapsed menu is not). In wcxb-dev,
# 20-38% of the word trigrams inside them are main content; dropping them (as khabar did
# until session 15) put 6% of the gold words of products and collections out of reach of
# any scorer (the blocks' recall bound 0.917 and 0.913; 0.981 and 0.973 with them).
REVEALABLE_SELECTOR = ", ".join(
    [
        "[hidden]",
        '[aria-hidden="true"]',
        '[style*="display:none" i]',
        '[style*="display: none" i]',
        '[style*="visibility:hidden" i]',
        '[style*="visibility: hidden" i]',
    ]
)
# Elements dropped whole: overlays and menus, never the page's own text.
HIDDEN_SELECTOR = ", ".join(
    [
        # dialogs and tooltips: closed until a script opens them, an overlay when open
        # (cookie and newsletter prompts, policies, size guides, carts, hover hints). In
        # wcxb-dev, 2.2% and 1.3% of the word trigrams inside them are main content.
        "dialog",
        '[aria-modal="true"]',
        '[role="dialog"]',
        '[role="alertdialog"]',
        '[role="tooltip"]',
        # menus that open on a hover or a click: submenus, the frameworks' closed dropdowns
        # and modals, a dropdown in a closed <details> (GitHub's). Navigation or an overlay
        # when open; in wcxb-dev 1.0-1.9% of the word trigrams inside them are main content,
        # and none of the main content is found only there (bench/hidden_share.py)
        '[class~="sub-menu"]',
        '[class~="submenu"]',
        '[class~="mega-menu"]',
        '[class~="dropdown-content"]',
        '[class~="dropdown-menu"]:not(.show)',
        '[class~="modal"]:not(.show)',
        'details:not([open]) > [class*="menu"]',
        'details:not([open]) > [class*="dropdown"]',
        'details:not([open]) > [class*="popover"]',
    ]
)
# Elements a site's CSS hides, read from their class words as a desktop browser (about
# 1280 px wide, as annotators and most readers see a page) would apply the common frameworks'
# utilities, and marked like the elements above (screen-reader text is dropped). Measured by
# bench/hidden_share.py on wcxb-dev: on 980 pages, 80k word trigrams, 22% of them main
# content but mostly copies of text shown elsewhere (mobile and desktop versions of one
# block); 0.30% of all main-content trigrams are found only inside them (tab panels and
# accordions a click opens, on a few pages).
# - hiding classes (Bootstrap, Foundation, Bulma, screen-reader utilities):
HIDING_CLASSES = frozenset(
    {"hide", "is-hidden", "u-hidden", "invisible", "sr-only", "visually-hidden", "screen-reader-text"}
)
# - of those, the ones for screen readers: never shown (their text is dropped, not marked)
SCREEN_READER_CLASSES = frozenset({"sr-only", "visually-hidden", "screen-reader-text"})
# - the same for phones and tablets only, by name (Bootstrap 3, Elementor, common themes):
DESKTOP_HIDING_CLASSES = frozenset(
    {"hidden-lg", "visible-xs", "visible-sm", "elementor-hidden-desktop", "hide-desktop", "hidden-desktop",
     "hide-on-desktop", "mobile-only", "hide-for-large"}
)  # fmt: skip
# - responsive display utilities, Bootstrap's d-{breakpoint}-{display} and Tailwind's
#   {breakpoint}:{display}: the widest breakpoint up to a desktop's decides ("hidden md:block"
#   is shown, "d-flex d-lg-none" hidden)
_BREAKPOINTS = {"": 0, "sm": 1, "md": 2, "lg": 3, "xl": 4}
_DISPLAY_VALUES = "none|hidden|block|inline|inline-block|flex|inline-flex|grid|inline-grid|table|contents|flow-root"
# (a bare "block" or "table" is a common class name of its own: only Tailwind's bare
# "hidden" counts without a prefix)
_DISPLAY = re.compile(rf"d-(?:(sm|md|lg|xl)-)?({_DISPLAY_VALUES})|(?:(sm|md|lg|xl):({_DISPLAY_VALUES}))|(hidden)")
HIDING_SELECTOR = ", ".join(
    f'[class*="{part}"]' for part in ("hid", "none", "invisible", "sr-only", "screen-reader", "visible-", "mobile-only")
)


def hidden_by_class(classes: str) -> bool:
    """Whether these class words hide an element on a desktop screen."""
    display: str | None = None
    widest = -1
    tokens = classes.split()
    for token in tokens:
        m = _DISPLAY.fullmatch(token)
        if m is not None:
            rank = _BREAKPOINTS[m.group(1) or m.group(3) or ""]
            if rank >= widest:
                widest, display = rank, m.group(2) or m.group(4) or m.group(5)
    if display is not None:
        return display in ("none", "hidden")
    return any(t in HIDING_CLASSES or t in DESKTOP_HIDING_CLASSES for t in tokens)


NOSCRIPT_MIN_TEXT = 200  # characters of text from which a <noscript> fallback is read
HIDDEN_KEEP_MIN_TEXT = 500  # a hidden element with this much text may be the content...
HIDDEN_KEEP_SHARE = 0.5  # ...when it holds at least this share of the page's text
MAX_PATH = 64  # nearest ancestors kept per block; deeper ones do not choose a container
MAX_HINT_LEVELS = 12
MAX_BLOCKS = MAX_HTML_BLOCKS

# Hostile pages nest 100,000 levels deep (with text, spaces or comments between the tags),
# or put half a million attributes on one tag; lexbor's tree builder is quadratic on both,
# so such markup is cut down before parsing.
_LONG_TAG = re.compile(rf"<[a-zA-Z][^<>]{{{MAX_TAG_CHARS}}}")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
# elements whose end tag may be left out: they do not deepen the tree when unclosed
OPTIONAL_END = frozenset(
    ["p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "thead", "tbody", "tfoot",
     "colgroup", "caption", "html", "head", "body"]
)  # fmt: skip

__all__ = ["HtmlPage", "PageMeta", "html_to_blocks"]


@dataclass(slots=True)
class HtmlPage:
    blocks: list[Block]
    meta: PageMeta
    truncated: bool = False


_LEAVE_BLOCK, _LEAVE_LINK, _LEAVE_HIDDEN = 1, 2, 3


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


def _holds_long_tag(html: str) -> bool:
    """Whether a start tag runs past MAX_TAG_CHARS. Such a tag covers some [i, i + half)
    without ">" (i a multiple of half): only around those few windows is the tag looked
    for (searching the whole page scans every tag: 0.6 ms a page)."""
    half = MAX_TAG_CHARS // 2
    for i in range(0, len(html), half):
        if html.find(">", i, i + half) < 0 and _LONG_TAG.search(
            html, max(0, i - MAX_TAG_CHARS - 2), i + half + MAX_TAG_CHARS + 2
        ):
            return True
    return False


def limit_depth(html: str) -> str:
    """Drop opening tags nested deeper than MAX_DEPTH (and their closing tags), whatever
    lies between them, and the attributes of a start tag longer than MAX_TAG_CHARS."""
    if html.count("<") < MANY_TAGS and not _holds_long_tag(html):
        return html  # lexbor's quadratic cases need thousands of tags or one huge one
    out: list[str] = []
    depth = 0
    dropped: dict[str, int] = {}
    last = 0
    for m in _TAG.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        if m.end() - m.start() > MAX_TAG_CHARS:
            out.append(html[last : m.start()])
            out.append(f"<{closing}{name}>")
            last = m.end()
        if name in VOID or name in OPTIONAL_END:
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


_SCREEN_READER_SELECTOR = ", ".join(f'[class~="{name}"]' for name in sorted(SCREEN_READER_CLASSES))


def _hidden_elements(tree: LexborHTMLParser, root: LexborNode) -> set[int]:
    """Drop the hidden elements that are never the page's text (dialogs, menus, screen-reader
    text) and return the `mem_id`s of those a script reveals (kept; their blocks are marked).
    Neither applies to what is the page's own content: React/Next.js stream server-rendered
    parts into `<div hidden id="S:0">`, and a hidden element holding most of the page's text
    is its content."""
    total: int | None = None

    def most_of_page(node: LexborNode) -> bool:
        nonlocal total
        size = len(node.text(deep=True, strip=True))
        if size < HIDDEN_KEEP_MIN_TEXT:
            return False
        if total is None:
            total = len(root.text(deep=True, strip=True))
        return size >= HIDDEN_KEEP_SHARE * total

    for node in tree.css(f"{HIDDEN_SELECTOR}, {_SCREEN_READER_SELECTOR}"):
        if not most_of_page(node):
            node.decompose()
    revealed = tree.css(REVEALABLE_SELECTOR)
    revealed += [n for n in tree.css(HIDING_SELECTOR) if hidden_by_class(n.attributes.get("class") or "")]
    return {
        node.mem_id
        for node in revealed
        if node.tag not in ("html", "body") and not (node.id or "").startswith("S:") and not most_of_page(node)
    }


def html_to_blocks(html: str) -> HtmlPage:
    """Parse a page and return its text blocks in document order, with DOM features."""
    tree = LexborHTMLParser(limit_depth(html))
    meta = read_meta(tree)
    root = tree.body or tree.root
    blocks: list[Block] = []
    if root is None:
        return HtmlPage(blocks, meta)
    # A <noscript> that holds a real text (a page rendered by script, with its article in
    # the fallback) is read as part of the page; the usual tracking pixel or "enable
    # JavaScript" line is dropped with the scripts.
    for fallback in tree.css("noscript"):
        if len(fallback.text(deep=True, strip=True)) >= NOSCRIPT_MIN_TEXT:
            fallback.unwrap()
    tree.strip_tags(DROP_TAGS)
    marked = _hidden_elements(tree, root)

    # Walk state: the enclosing block elements (ids, own hints, tags), the text gathered
    # since the last block boundary, and what of it sits inside links.
    ids: list[int] = []
    hints: list[str] = []
    tags: list[str] = []
    buf: list[str] = []
    link_chars = 0
    hidden_chars = 0
    href: str | None = None
    in_link = 0
    in_hidden = 0
    in_heading = ""
    next_id = 0
    truncated = False

    def flush() -> None:
        nonlocal buf, link_chars, hidden_chars, href
        text = " ".join(clean_controls("".join(buf)).split())
        if text:
            blocks.append(
                Block(
                    text=text,
                    index=len(blocks),
                    tag=in_heading or (tags[-1] if tags else "body"),
                    link_chars=min(link_chars, len(text)),
                    hidden_chars=min(hidden_chars, len(text)),
                    hints=HINT_SEP.join(hints[-MAX_HINT_LEVELS:]),
                    path=tuple(ids[-MAX_PATH:]),
                    href=href,
                )
            )
        buf = []
        link_chars = 0
        hidden_chars = 0
        href = None

    # A stack of nodes to enter, and of ints that mark where to leave an element that
    # changed the walk state: _LEAVE_BLOCK, _LEAVE_LINK or _LEAVE_HIDDEN.
    stack: list[LexborNode | int] = [root]
    while stack:
        node = stack.pop()
        if node.__class__ is int:
            if node == _LEAVE_BLOCK:
                if buf:
                    flush()
                ids.pop()
                hints.pop()
                if tags.pop() == in_heading:
                    in_heading = ""
            elif node == _LEAVE_LINK:
                in_link -= 1
            else:
                in_hidden -= 1
            continue
        tag = node.tag  # type: ignore[union-attr]
        if tag == "-text":
            text = node.text_content  # type: ignore[union-attr]
            if text and (buf or not text.isspace()):
                buf.append(text)
                if in_link:
                    link_chars += len(text.strip())
                if in_hidden:
                    hidden_chars += len(text.strip())
            continue
        if tag is None or tag[0] in "-!_" or tag == "img":
            continue
        if tag in BLOCK_TAGS:
            if buf:
                flush()
            if len(blocks) >= MAX_BLOCKS:
                truncated = True
                break
            if tag == "br" or tag == "hr":
                continue
            next_id += 1
            ids.append(next_id)
            hints.append(_own_hints(node, tag))  # type: ignore[arg-type]
            tags.append(tag)
            if not in_heading and tag[0] == "h" and tag[1:].isdigit():
                in_heading = tag
            stack.append(_LEAVE_BLOCK)
        elif tag == "a":
            in_link += 1
            if href is None:
                href = node.attributes.get("href")  # type: ignore[union-attr]
            stack.append(_LEAVE_LINK)
        if marked and node.mem_id in marked:  # type: ignore[union-attr]
            in_hidden += 1
            stack.append(_LEAVE_HIDDEN)
        children = list(node.iter(include_text=True))  # type: ignore[union-attr]
        children.reverse()
        stack.extend(children)
    if buf:
        flush()
    return HtmlPage(blocks, meta, truncated)
