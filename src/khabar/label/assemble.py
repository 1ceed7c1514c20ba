"""From scores to labels: the page's type, then its main content, every block with a reason.

The scorer gives each block a probability of being main content; this module turns those
into the page's body, keeping the rules that are sharper than any model:

- a block that recurs across the site's pages, filler (the same few words again and again)
  and a short text repeated many times on the page are never main content;
- on an article, a known phrase (a share prompt, a copyright line), a figure caption,
  another article's teaser (a headline with a cut-off excerpt) and the headline said again
  are never body; on a home or section page the teasers *are* the content;
- on an article in an Arabic-script language, the body the rules found (a maximum-weight
  run of prose in the article's container) is kept when it is substantial, and the scorer
  only adds what it is sure of and removes what it is sure is not content. The rules were
  written for these pages; cross-validated by site, this beats the scorer alone on Arabic
  articles (word F1 0.989 vs 0.975 on ar-news-dev HTML, 0.890 vs 0.841 as crawl text) and
  leaves other languages to the scorer, which is better there (an early run with the same
  policy applied to WCXB articles: 0.923 vs the scorer's 0.936);
- an article the scorer is sure of none of is given the rules' body, not nothing (a story of
  one paragraph in a bare element scores low everywhere: the rules still find it);
- a kept block that says again what one kept block above it said (the body rendered twice for
  two screen sizes, a forum reply quoting the post above, a product's variants repeating its
  description) is a repeat, not more content; on documentation, where the same command or
  code is shown again on purpose, repeats stay.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from khabar.label.pagetype import hidden_blocks
from khabar.label.rules import MIN_ARTICLE_WORDS, Labelled, other_label
from khabar.label.vector import BLOCK_NAMES
from khabar.model import Block, Label

# Thresholds on the scorer's probability, named in one place.
CONTENT = 0.5  # a block of an article is main content from here; on other pages, lower:
# listings and the like lose recall, not precision, at 0.5 (cross-validated by site, word F1
# at 0.5 -> at these: WCXB sections 0.644 -> 0.667, home 0.658 -> 0.676, services 0.816 ->
# 0.825, documentation 0.913 -> 0.926, products and forums unchanged; ar-sites-dev sections
# 0.738 -> 0.798, home pages 0.777 -> 0.787)
CONTENT_BY_TYPE = {"home": 0.35, "section": 0.35}
CONTENT_OTHER_TYPES = 0.4
# where the rules' body holds, a block of it leaves only below RULES_DROP (0.1 with the
# first scorer alone; the context scorer is sharper: cross-validated, 0.2 lifts ar-news-dev
# HTML 0.989 -> 0.992 on three sites' pages and lowers none)...
RULES_DROP = 0.2
RULES_ADD = 0.9  # ...and a block outside it joins only from this


_PATTERN, _BOILERPLATE, _CAPTION, _TEASER, _RULE_BODY, _WORDS, _ARABIC, _REPEATS = (
    BLOCK_NAMES.index(n)
    for n in ("pattern", "site_boilerplate", "figure_caption", "teaser", "rule_body", "words", "arabic_script",
              "repeats")
)  # fmt: skip
TITLE_REPEAT_MIN_WORDS = 3  # from this many words, a block all in the headline repeats it
REPEATED_MIN = 10  # a short text (at most REPEATED_MAX_WORDS) this often on one page is a
REPEATED_MAX_WORDS = 5  # button or a filler line, never content (cross-validated: no F1 lost)
# a kept block of REPEAT_MIN_WORDS words or more, REPEAT_SHARE of whose word triples stand in
# one kept block above it, repeats that block (cross-validated by site, word F1: WCXB 0.863 ->
# 0.866, forums 0.812 -> 0.837, as lines 0.826 -> 0.830; ar-sites-dev crawl text 0.756 ->
# 0.769; ar-news-dev crawl text 0.900 -> 0.908; documentation pages keep theirs: 0.920 -> 0.916)
REPEAT_MIN_WORDS = 8
REPEAT_SHARE = 0.8
REPEATS_ARE_CONTENT = frozenset({"documentation"})
_WORD = re.compile(r"\w+")


def title_repeats(norms: list[str], title: int | None) -> np.ndarray:
    """Blocks that repeat the headline (norms: the blocks' normalized texts, Features.norm):
    all their words, TITLE_REPEAT_MIN_WORDS or more, stand in it in order. A translated
    page's English headline over its body, a headline as a link above the text."""
    out = np.zeros(len(norms), dtype=bool)
    if title is None:
        return out
    head = f" {norms[title]} "
    for i, words in enumerate(norms):
        if i != title and len(words) < len(head) and words.count(" ") + 1 >= TITLE_REPEAT_MIN_WORDS:
            out[i] = f" {words} " in head
    return out


def repeated_blocks(norms: list[str], chosen: list[int]) -> dict[int, int]:
    """Of the chosen blocks (in page order), each that repeats one chosen before it: block ->
    the block it repeats. A repeat's own words are not counted again, so a third copy is
    matched to the first."""
    owner: dict[tuple[str, str, str], int] = {}
    out: dict[int, int] = {}
    for i in chosen:
        words = _WORD.findall(norms[i])
        triples = set(zip(words, words[1:], words[2:]))
        if len(words) >= REPEAT_MIN_WORDS:
            hits = [owner[t] for t in triples if t in owner]
            if len(hits) >= REPEAT_SHARE * len(triples):
                j, n = Counter(hits).most_common(1)[0]
                if n >= REPEAT_SHARE * len(triples):
                    out[i] = j
                    continue
        for t in triples:
            owner.setdefault(t, i)
    return out


def select(
    rows: np.ndarray,
    probs: np.ndarray,
    *,
    page_type: str,
    title: int | None,
    never: np.ndarray | None = None,
    repeats: np.ndarray | None = None,
    norms: list[str] | None = None,
) -> list[int]:
    """The main content's blocks, from the blocks' rows (vector.py) and scores. The training
    script's cross-validation calls this too, so its figures are the shipped policy's.
    `never`: blocks the rules call filler (the same few words again and again); `repeats`:
    title_repeats; `norms`: the blocks' normalized texts (Features.norm), to find the blocks
    that repeat one kept above them."""
    return _select(rows, probs, page_type=page_type, title=title, never=never, repeats=repeats, norms=norms)[0]


def _select(
    rows: np.ndarray,
    probs: np.ndarray,
    *,
    page_type: str,
    title: int | None,
    never: np.ndarray | None,
    repeats: np.ndarray | None,
    norms: list[str] | None,
) -> tuple[list[int], bool, dict[int, int]]:
    """select's blocks, whether they are the rules' body taken whole (see below), and the
    blocks left out as repeats (repeated_blocks)."""
    # the rules that decide whatever the scores say: a block that recurs across the site is
    # never content; on an article, neither is a known phrase, a caption, another
    # article's teaser or the headline (on other pages they may be the content: a listing's
    # teasers, a product's caption; cross-validated, applying them there costs word F1)
    article = page_type == "article"
    sharp = rows[:, _BOILERPLATE] > 0
    sharp |= (rows[:, _REPEATS] >= np.log1p(REPEATED_MIN - 1)) & (rows[:, _WORDS] <= np.log1p(REPEATED_MAX_WORDS))
    if never is not None:
        sharp |= never
    if article:
        sharp |= (rows[:, _PATTERN] + rows[:, _CAPTION] + rows[:, _TEASER]) > 0
        if title is not None:
            sharp[title] = True
    rule_body = rows[:, _RULE_BODY] > 0
    rule_words = float(np.expm1(rows[rule_body, _WORDS]).sum())
    if article and repeats is not None:
        # the headline again is not the article's body (it is the title): in the Arabic gold
        # sets none of the 22 such blocks is main content; WCXB's annotators keep the headline
        # in theirs, yet cross-validated its word F1 is the same either way (0.862)
        sharp |= repeats
    if article and rows.shape[0] and rows[0, _ARABIC] > 0 and rule_words >= MIN_ARTICLE_WORDS:
        keep = np.where(rule_body, probs >= RULES_DROP, probs >= RULES_ADD)
    else:
        keep = probs >= (CONTENT if article else CONTENT_BY_TYPE.get(page_type, CONTENT_OTHER_TYPES))
    # (no fallback to the likeliest blocks when none is sure: cross-validated it costs word
    # F1, and on pages with no content, filler and hostile inputs, it keeps junk)
    chosen = keep & ~sharp
    if article and not chosen.any():
        # an article the scorer is sure of nothing in (a one-paragraph story in a bare <div>):
        # the body the rules found, if they found one, rather than nothing
        chosen = rule_body & ~sharp
        fallback = bool(chosen.any())
    else:
        fallback = False
    kept = [int(i) for i in np.flatnonzero(chosen)]
    if norms is None or page_type in REPEATS_ARE_CONTENT:
        return kept, fallback, {}
    again = repeated_blocks(norms, kept)
    return [i for i in kept if i not in again], fallback, again


def choose_content(blocks: list[Block], found: Labelled, rows: np.ndarray, probs: np.ndarray) -> None:
    """Set found.body from the scores and label every block: a block the scorer adds says so
    (and what the rules had called it); a block of the rules' body that the scorer drops
    gets the most specific label the rules know for it, and the scorer's reason."""
    rule_body = set(found.body)
    filler = np.fromiter((f.filler for f in found.feats), dtype=bool, count=len(blocks))
    if found.widget:
        filler[sorted(found.widget)] = True
    norms = [f.norm for f in found.feats]
    repeats = title_repeats(norms, found.title_index)
    keep, fallback, again = _select(
        rows, probs, page_type=found.page_type, title=found.title_index, never=filler, repeats=repeats, norms=norms
    )
    first = keep[0] if keep else 0
    last = keep[-1] if keep else len(blocks)
    for i in sorted(rule_body.difference(keep)):
        b = blocks[i]
        b.label = other_label(i, b, found.feats[i], first, last, len(blocks), found.title_index)[0]
        b.reason = f"the scorer: not main content (p={probs[i]:.2f})"
    for i, j in again.items():
        b = blocks[i]
        if b.label in (Label.BODY, Label.TITLE):
            b.label = Label.OTHER
        b.reason = f"repeats block {j}, kept above (p={probs[i]:.2f})"
    for i in keep:
        b = blocks[i]
        if fallback:
            b.reason = f"the rules' article body, kept whole: the scorer was sure of none of it (p={probs[i]:.2f})"
        elif i not in rule_body:
            was = f"; the rules said {b.label.value}" if b.label not in (Label.OTHER, Label.BODY) else ""
            b.label, b.reason = Label.BODY, f"the scorer: main content (p={probs[i]:.2f}){was}"
    kept = set(keep)
    for i in np.flatnonzero(hidden_blocks(rows)).tolist():
        if i not in kept:
            b = blocks[i]
            b.reason = f"{b.reason}; hidden on the page" if b.reason else "hidden on the page"
    found.body = keep
