"""The labelling core: every block of a page gets one Label and a reason.

`extract` runs `rules.label`, then `score`. A block goes through these modules, in order:

1. `rules.py`: features a person can read (words, function words, punctuation, links,
   class/id hints), known phrases, teaser pairs, site-level recurrence, and a first answer
   (the body region a maximum-weight run finds);
2. `vector.py`: the block, its neighbours, containers and page as numbers, the rules'
   verdicts among them; `pagetype.py`: the page as numbers (address, metadata, shape);
3. `scorer.py`: gradient-boosted trees trained on annotated pages (`scripts/train_labeller.py`)
   give each block its probability of being main content, and the page its type; then
   `context.py` passes the first scores round (neighbours, containers, the page's type),
   `tokens.py` adds what the block's class/id words and opening words say, and a second
   forest scores each block again: its score is the one that counts;
4. `assemble.py`: the main content from the scores, with the rules that are sharper than any
   model kept; `structure.py`: each kept block's place in the text (heading, list item...).

`align.py` (gold text to blocks) serves only the training script.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from khabar.label import rules
from khabar.label.features import Features
from khabar.label.rules import MIN_ARTICLE_WORDS, Labelled
from khabar.lang.packs import LanguagePack
from khabar.model import Block
from khabar.page.meta import PageMeta

# A page is an article from this probability, even when another type scores higher: losing
# an article costs a news user more than keeping a borderline page. Cross-validated by site
# on two trainings: ar-news-dev crawl text 0.875 -> 0.917 both times, WCXB +0.003 and -0.003.
ARTICLE_MIN = 0.4

__all__ = ["ARTICLE_MIN", "MIN_ARTICLE_WORDS", "Features", "Labelled", "is_home_address", "page_type", "rules", "score"]


# A site's root for one language: "/ar/", "/fa", "/ar-eg/", "/jo-ar", "/arabic". Every address
# of this form in the gold sets (ten pages of eight sites) is a home page.
_LANGUAGE_ROOT = re.compile(r"[a-z]{2}(?:[-_][a-z]{2})?|arabic|persian|farsi|urdu|pashto|kurdish|english|french")
_INDEX_FILE = re.compile(r"(?:^|/)index\.(?:html?|php)$")
# a host name: dotted labels of letters, digits and hyphens (an underscore or a "%" says a file
# name: "https___www.msn.com_ar-eg_news_..." is no site's root)
_HOST = re.compile(r"(?:[^\W_](?:[^\W_]|-)*\.)+[^\W_](?:[^\W_]|-)*(?::\d+)?")


def is_home_address(url: str | None) -> bool:
    """A site's root address ("https://site/", "https://site/index.html"), or its root for one
    language ("https://site/ar/")."""
    if not url:
        return False
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
    except ValueError:
        return False
    if _HOST.fullmatch(parts.netloc) is None or parts.query:
        return False
    path = _INDEX_FILE.sub("", parts.path.strip("/").lower()).strip("/")
    return not path or _LANGUAGE_ROOT.fullmatch(path) is not None


def page_type(scores: Mapping[str, float], url: str | None = None, meta: PageMeta | None = None) -> str:
    """The page's type from the type model's probabilities: article from ARTICLE_MIN, else
    the likeliest. A site's root address (or its root for one language) is its home page,
    where the model says article (a featured story's text is not the page's article) unless
    both its og:type and its JSON-LD say article, or section (what a listing at the root is,
    by the types' definition: no section page of the gold sets has a root address)."""
    chosen = "article" if scores["article"] >= ARTICLE_MIN else max(scores, key=lambda t: scores[t])
    home_if_root = chosen == "section" or (chosen == "article" and not (meta and meta.both_say_article))
    if home_if_root and is_home_address(url):
        return "home"
    return chosen


def score(
    blocks: list[Block], found: Labelled, *, pack: LanguagePack, dom: bool, url: str | None, meta: PageMeta | None
) -> None:
    """The learned steps, after the rules: the page's type, then its main content."""
    if not blocks:
        return
    # numpy and the models load on the first page, not at `import khabar`
    import numpy as np

    from khabar.label.assemble import choose_content
    from khabar.label.context import block_groups, block_paths, second_rows
    from khabar.label.pagetype import PAGE_TYPES, page_row
    from khabar.label.scorer import block_scores, context_scores, models, page_type_scores
    from khabar.label.vector import block_rows

    rows = block_rows(blocks, found, dom=dom, arabic_script=pack.arabic_script)
    first = block_scores(rows)
    scores = page_type_scores(page_row(url, meta or PageMeta(), blocks, found, rows, first, dom=dom))
    found.type_scores = scores
    found.page_type = page_type(scores, url, meta)
    words = np.fromiter((f.words for f in found.feats), dtype=np.float64, count=len(blocks))
    types = np.array([scores[t] for t in PAGE_TYPES])
    tokens = models().tokens.columns([b.hints for b in blocks], [b.text for b in blocks])
    context = second_rows(
        rows, first, words, block_groups(blocks), block_paths(blocks), found.title_index, types, tokens
    )
    probs = context_scores(context)
    choose_content(blocks, found, rows, probs)
