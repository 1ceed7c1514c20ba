#!/usr/bin/env python3
"""Train khabar's block scorer and page-type model from the gold sets, and ship them.

    python scripts/train_labeller.py [--shared ../shared] [--cv] [--no-write]

1. **Training data.** Every page of wcxb-dev (HTML, and its blocks as crawl-text lines),
   ar-sites-dev, ar-news-dev (HTML and crawl text) and ar-fineweb2-dev (crawl text) is read
   by khabar's own front ends and rules; each block gets its feature row
   (`khabar.label.vector`) and its gold coverage (`khabar.label.align`): the share of its
   words that the annotator's main content holds. Each page gets its page-type row and type.
   Written to bench/out/labeller/blocks.npz (bench/out is not committed).
2. **Cross-validation by site** (`--cv`): five folds grouped by site or domain, never by
   page (pages of one site share a template). Prints, per set and front end, the word F1
   of the main content the held-out models pick beside each stage alone and the rules
   alone, and page-type accuracy. These are the figures to quote for anything trained on.
3. **The shipped models**: LightGBM trained on every page with fixed seeds (the context
   scorer on the first scorer's out-of-fold scores), exported as plain arrays to
   src/khabar/data/labeller.npz (khabar scores with numpy; no ML library at run time).

aeb-en is never read here: it stays an independent check. Licences: WCXB (dev split,
github Murrough-Foley/web-content-extraction-benchmark) is CC-BY-4.0, attributed in the
model file and the README; the Arabic sets are this project's own annotations.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from khabar.extract import read_page  # noqa: E402
from khabar.label.align import CONTENT_SHARE, align  # noqa: E402
from khabar.label.context import SECOND_NAMES, block_groups, block_paths, second_rows  # noqa: E402
from khabar.label.pagetype import PAGE_NAMES, PAGE_TYPES, base_row, content_shape  # noqa: E402
from khabar.label.scorer import MODEL_FILE, Forest, export_lightgbm, save_models  # noqa: E402
from khabar.label.tokens import MIN_SITES, TokenTable, hint_tokens, log_odds, text_tokens  # noqa: E402
from khabar.label.vector import BLOCK_NAMES, block_rows  # noqa: E402
from khabar.lang.packs import pack_for  # noqa: E402

SEED = 20261206
SETS = [  # (name, modes)
    ("wcxb-dev", ("html", "lines")),
    ("ar-sites-dev", ("html", "text")),
    ("ar-news-dev", ("html", "text")),
    ("ar-fineweb2-dev", ("text",)),
]
COMMON_PARAMS = {
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "verbose": -1,
}
BLOCK_PARAMS = {
    **COMMON_PARAMS,
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "max_depth": 7,
    "min_data_in_leaf": 40,
}
# 150 trees of depth 7: every tree level is a numpy step over all of a page's blocks at
# run time, so the forest's size is extraction time (300 trees of depth 8 cost 2.5 ms a page)
BLOCK_ROUNDS = 150
# Small trees (8 leaves, depth 4; 15 and 5 before): cross-validated over six assignments of
# sites to folds, page types right on WCXB 0.844 -> 0.854, ar-sites-dev 0.807 -> 0.818 (HTML)
# and 0.746 -> 0.752 (crawl text), is_article right on ar-sites-dev crawl text 0.861 -> 0.886:
# a page is one row, 3,400 rows in all, and deeper trees learned the training sites' pages
PAGE_PARAMS = {
    **COMMON_PARAMS,
    "objective": "multiclass",
    "num_class": len(PAGE_TYPES),
    "learning_rate": 0.05,
    "num_leaves": 8,
    "max_depth": 4,
    "min_data_in_leaf": 10,
}
PAGE_ROUNDS = 200
THRESHOLD = 0.5
# The Arabic sets are small beside WCXB's 1,497 pages: each of their blocks weighs more, so
# that Arabic templates and crawl text are not drowned (measured by cross-validation).
SET_WEIGHT = {"wcxb-dev": 1.0, "ar-sites-dev": 5.0, "ar-news-dev": 10.0, "ar-fineweb2-dev": 10.0}


def gold_type(name: str, row: dict) -> str:
    t = row.get("page_type") or ("article" if str(row.get("is_article")) == "True" else "other")
    if t in ("listing", "collection"):
        path = urlsplit(row.get("url") or "").path.strip("/")
        return "home" if not path else "section"
    return t if t in PAGE_TYPES else "other"


def group_of(row: dict) -> str:
    site = row.get("site") or urlsplit(row.get("url") or "").hostname or row["id"]
    return site.removeprefix("www.")


def read_page_rows(job: tuple[str, dict, str]) -> dict | None:
    """One page in one front end: its block rows, gold coverage and page row."""
    name, row, mode = job
    if mode == "lines":  # the HTML's own blocks, one a line: the page as a crawl keeps it
        html_page = read_page(row["html"], url=row.get("url"), kind="html")
        content, kind = "\n".join(b.text for b in html_page.blocks), "text"
    else:
        content, kind = row.get(mode) or "", mode
    if not content.strip():
        return None
    page = read_page(content, url=row.get("url"), kind=kind)
    if page.found is None:
        return None
    dom = page.kind == "html"
    x = block_rows(page.blocks, page.found, dom=dom, arabic_script=pack_for(page.lang).arabic_script)
    cover = np.asarray(align([b.text for b in page.blocks], row.get("gold_body") or ""), dtype=np.float32)
    words = np.asarray([f.words for f in page.found.feats], dtype=np.float32)
    return {
        "x": x,
        "cover": cover,
        "words": words,
        "texts": [b.text for b in page.blocks],
        "groups": block_groups(page.blocks),
        "paths": block_paths(page.blocks),
        "hints": [b.hints for b in page.blocks],
        "page": base_row(row.get("url"), page.meta, page.blocks, page.found, x, dom=dom),
        # pages often come without their address (a file on disk, a pasted page, a corpus
        # without URLs): the page-type model learns from both
        "page_no_url": base_row(None, page.meta, page.blocks, page.found, x, dom=dom),
        "type": PAGE_TYPES.index(gold_type(name, row)),
        "set": name,
        "mode": mode,
        "group": group_of(row),
        "id": row["id"],
        "url": row.get("url") or None,  # for the home-address rule, as khabar.label.score applies it
        "og_type": page.meta.og_type,
        "ld_types": page.meta.ld_types,
        "gold": row.get("gold_body") or "",
    }


def build(shared: Path) -> list[dict]:
    jobs = []
    for name, modes in SETS:
        path = shared / "bench" / "data" / f"{name}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        for row in rows:
            if name == "ar-sites-dev" and not (row.get("gold_body") or "").strip() and row["page_type"] != "other":
                continue  # no main content was annotated: nothing to align
            for mode in modes:
                src = row.get("html") if mode in ("html", "lines") else row.get(mode)
                if src:
                    jobs.append((name, row, mode))
    with ProcessPoolExecutor(2) as pool:
        pages = [p for p in pool.map(read_page_rows, jobs, chunksize=8) if p is not None]
    print(f"{len(pages)} page readings, {sum(len(p['cover']) for p in pages)} blocks", file=sys.stderr)
    return pages


def stack(pages: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.concatenate([p["x"] for p in pages])
    y = np.concatenate([p["cover"] >= CONTENT_SHARE for p in pages]).astype(np.float32)
    # word F1 is the measure: long blocks matter more, but a menu of one-word items still counts
    w = np.concatenate([np.sqrt(1.0 + p["words"]) * SET_WEIGHT[p["set"]] for p in pages])
    return x, y, w


def train_blocks(pages: list[dict], rounds: int = BLOCK_ROUNDS):  # -> lightgbm.Booster
    import lightgbm as lgb

    x, y, w = stack(pages)
    return lgb.train(BLOCK_PARAMS, lgb.Dataset(x, y, weight=w, feature_name=list(BLOCK_NAMES)), rounds)


Shares = dict[str, dict[str, float]]  # site -> token -> share of its words that are content


def site_token_shares(pages: list[dict]) -> tuple[Shares, float]:
    """For every site, each hint and text token's share of main content there (words
    weighted as the scorer weighs them), and the share over all blocks (the prior)."""
    totals: dict[str, dict[str, list[float]]] = defaultdict(dict)
    content = weight = 0.0
    for p in pages:
        counts = totals[p["group"]]
        for h, t, y, w in zip(p["hints"], p["texts"], p["cover"] >= CONTENT_SHARE, np.sqrt(1.0 + p["words"])):
            c = float(w) if y else 0.0
            content, weight = content + c, weight + float(w)
            for tok in hint_tokens(h) + text_tokens(t):
                a = counts.get(tok)
                if a is None:
                    counts[tok] = [c, float(w)]
                else:
                    a[0] += c
                    a[1] += float(w)
    return {site: {tok: a[0] / a[1] for tok, a in c.items()} for site, c in totals.items()}, content / weight


class LeaveSiteOut(Mapping):
    """A token table as it would be without one site: a page's tokens must not vouch for
    themselves in the rows the scorer learns from."""

    def __init__(self, table: dict[str, float], own: dict[str, float | None]) -> None:
        self.table, self.own = table, own

    def __getitem__(self, k: str) -> float:
        v = self.own[k] if k in self.own else self.table[k]
        if v is None:
            raise KeyError(k)
        return v

    def __contains__(self, k: object) -> bool:
        return self.own[k] is not None if k in self.own else k in self.table  # type: ignore[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)


def token_tables(shares: Shares, sites: set[str], prior: float) -> tuple[dict[str, float], dict[str, LeaveSiteOut]]:
    """The token table of these sites (tokens seen on MIN_SITES of them), and for each site
    the same table without it."""
    summed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for site in sites:
        for tok, v in shares[site].items():
            summed[tok] += v
            seen[tok] += 1
    table = {tok: log_odds(summed[tok], n, prior) for tok, n in seen.items() if n >= MIN_SITES}
    without = {}
    for site in sites:
        own: dict[str, float | None] = {}
        for tok, v in shares[site].items():
            n = seen[tok] - 1
            own[tok] = log_odds(summed[tok] - v, n, prior) if n >= MIN_SITES else None
        without[site] = LeaveSiteOut(table, own)
    return table, without


def rule_title(p: dict) -> int | None:
    """The block the rules took for the page's headline (its row's rule_title column)."""
    titles = np.flatnonzero(p["x"][:, BLOCK_NAMES.index("rule_title")])
    return int(titles[0]) if titles.size else None


def second_matrix(p: dict, first: np.ndarray, table: Mapping[str, float]) -> np.ndarray:
    """A page's rows for the context scorer, from first-stage scores and a token table that
    did not see it."""
    tokens = TokenTable(table).columns(p["hints"], p["texts"])
    return second_rows(p["x"], first, p["words"], p["groups"], p["paths"], rule_title(p), p["oof_types"], tokens)


def train_context(pages: list[dict], without: dict[str, LeaveSiteOut], key: str = "oof"):  # -> lightgbm.Booster
    """The second stage, on the first stage's out-of-fold scores (p[key]) and token tables
    without the page's site: it learns from scores like those it meets at run time, not
    from a model's scores of its own training pages, which are too sure."""
    import lightgbm as lgb

    x = np.concatenate([second_matrix(p, p[key], without[p["group"]]) for p in pages])
    _, y, w = stack(pages)
    return lgb.train(BLOCK_PARAMS, lgb.Dataset(x, y, weight=w, feature_name=list(SECOND_NAMES)), BLOCK_ROUNDS)


def page_matrix(pages: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Page rows with the content shape from out-of-fold block scores (as at run time, the
    scores come from a model that never saw the page), plus the address-less copies, and
    each row's set weight."""
    xs, ys, ws = [], [], []
    for p in pages:
        shape = content_shape(p["x"], p["oof"])
        for base in (p["page"], p["page_no_url"]):
            if base is not None:
                xs.append(np.concatenate([base, shape]))
                ys.append(p["type"])
                ws.append(SET_WEIGHT[p["set"]])
    return np.stack(xs), np.asarray(ys), np.asarray(ws)


def train_pages(pages: list[dict], rounds: int = PAGE_ROUNDS):  # -> lightgbm.Booster
    import lightgbm as lgb

    x, y, set_weight = page_matrix(pages)
    # each type weighs the same in total: 793 WCXB articles must not drown 5 Arabic products;
    # and the Arabic sets weigh as in the block scorer (cross-validated, three assignments of
    # sites to folds, mean: ar-sites-dev HTML typed right 0.815 -> 0.829, as crawl text
    # 0.700 -> 0.720; its is_article wrong 10.7 -> 9.3 pages of 101 as HTML, 15.7 -> 16.7 as
    # crawl text; ar-news-dev HTML word F1 0.966 -> 0.990 with the first; WCXB within 0.005)
    counts = np.bincount(y, minlength=len(PAGE_TYPES)).astype(np.float64)
    w = (len(y) / (len(PAGE_TYPES) * np.maximum(counts, 1)))[y] ** 0.5 * set_weight
    return lgb.train(PAGE_PARAMS, lgb.Dataset(x, y, weight=w, feature_name=list(PAGE_NAMES)), rounds)


OOF_KEYS = ("oof", "oof_types", "oof_types_no_url", "oof2")


def folds_by_site(pages: list[dict], folds: int = 5, seed: int = SEED) -> dict[str, int]:
    """Each site (or domain) to a fold; `seed` picks which sites share a fold."""
    groups = sorted({p["group"] for p in pages})
    order = np.random.default_rng(seed).permutation(len(groups))
    return {groups[k]: n % folds for n, k in enumerate(order)}


def out_of_fold(pages: list[dict], shares: Shares, prior: float, folds: int = 5, seed: int = SEED) -> None:
    """Each page's first-stage block scores (p["oof"]), page-type probabilities
    (p["oof_types"], and p["oof_types_no_url"] without its address) and context scores
    (p["oof2"]) from models trained on the other sites' folds. The context scorer is
    nested: within the other folds, its first-stage inputs come from a further split by
    site, so no score it learns from or is tested on saw its page."""
    fold_of = folds_by_site(pages, folds, seed)
    for k in range(folds):
        booster = train_blocks([p for p in pages if fold_of[p["group"]] != k])
        for p in pages:
            if fold_of[p["group"]] == k:
                p["oof"] = booster.predict(p["x"])
        print(f"block scores, fold {k + 1}/{folds}", file=sys.stderr)
    for k in range(folds):
        model = train_pages([p for p in pages if fold_of[p["group"]] != k])
        for p in pages:
            if fold_of[p["group"]] == k:
                shape = content_shape(p["x"], p["oof"])
                x = np.stack([np.concatenate([p["page"], shape]), np.concatenate([p["page_no_url"], shape])])
                p["oof_types"], p["oof_types_no_url"] = model.predict(x).astype(np.float32)
    for k in range(folds):
        train = [p for p in pages if fold_of[p["group"]] != k]
        table, without = token_tables(shares, {p["group"] for p in train}, prior)
        inner = folds_by_site(train, folds - 1, seed + 1 + k)
        for j in range(folds - 1):
            booster = train_blocks([p for p in train if inner[p["group"]] != j])
            for p in train:
                if inner[p["group"]] == j:
                    p["inner"] = booster.predict(p["x"])
        booster = train_context(train, without, "inner")
        for p in pages:
            if fold_of[p["group"]] == k:
                p["oof2"] = booster.predict(second_matrix(p, p["oof"], table))
        print(f"context scores, fold {k + 1}/{folds}", file=sys.stderr)
    for p in pages:
        p.pop("inner", None)


def word_f1(pred: str, gold: str) -> float:
    """WCXB's word-level F1 (bench/score_types.py's)."""
    p, g = re.findall(r"\w+", pred.lower()), re.findall(r"\w+", gold.lower())
    if not g:
        return 1.0 if not p else 0.0
    if not p:
        return 0.0
    o = sum((Counter(p) & Counter(g)).values())
    if not o:
        return 0.0
    pr, rc = o / len(p), o / len(g)
    return 2 * pr * rc / (pr + rc)


def page_type(probs: np.ndarray, p: dict | None = None) -> str:
    """As khabar.label.score decides it; with the page p, its address and metadata too (a
    site's root is its home page)."""
    from khabar.label import page_type as decide
    from khabar.page.meta import PageMeta

    scores = dict(zip(PAGE_TYPES, map(float, probs)))
    if p is None:
        return decide(scores)
    return decide(scores, p.get("url"), PageMeta(og_type=p.get("og_type"), ld_types=p.get("ld_types") or []))


Figures = dict[str, tuple[int, tuple[float, ...]]]  # row -> (pages, values)


def cross_validate(pages: list[dict]) -> Figures:
    """Word F1 of the held-out main content (as shipped; the context scorer without rules;
    the first scorer without rules; the rules alone) and page-type accuracy, per set, front
    end and page type, from the out-of-fold scores out_of_fold left on the pages."""
    from khabar.label.assemble import CONTENT, select, title_repeats
    from khabar.label.features import block_norm

    scores: dict[tuple[str, str], list[tuple[float, ...]]] = defaultdict(list)
    types: dict[str, list[bool]] = defaultdict(list)
    lists = {"home", "section"}
    rule_col = BLOCK_NAMES.index("rule_body")
    for p in pages:
        gtype = PAGE_TYPES[p["type"]]
        pred = page_type(p["oof_types"], p)
        title = rule_title(p)
        norms = [block_norm(t) for t in p["texts"]]
        chosen = select(
            p["x"], p["oof2"], page_type=pred, title=title, repeats=title_repeats(norms, title), norms=norms
        )
        shipped = "\n".join(p["texts"][i] for i in chosen)
        second = "\n".join(t for t, q in zip(p["texts"], p["oof2"]) if q >= CONTENT)  # no rules
        first = "\n".join(t for t, q in zip(p["texts"], p["oof"]) if q >= CONTENT)
        rules = "\n".join(t for t, r in zip(p["texts"], p["x"][:, rule_col]) if r)
        f1 = tuple(word_f1(text, p["gold"]) for text in (shipped, second, first, rules))
        scores[(p["set"], p["mode"])].append(f1)
        scores[(f"{p['set']}:{gtype}", p["mode"])].append(f1)
        for key, typed in ((f"{p['set']} {p['mode']}", pred),
                           (f"{p['set']} {p['mode']} (no URL)", page_type(p["oof_types_no_url"]))):  # fmt: skip
            types[f"page type accuracy {key:28}"].append(typed == gtype or {typed, gtype} <= lists)
            types[f"is_article accuracy {key:27}"].append((typed == "article") == (gtype == "article"))
    out: Figures = {}
    for (name, mode), rows in sorted(scores.items()):
        out[f"{name:40} {mode:6}"] = (len(rows), tuple(float(v) for v in np.mean(rows, axis=0)))
    for key, ok in sorted(types.items()):
        out[key] = (len(ok), (float(np.mean(ok)),))
    return out


def print_figures(runs: list[Figures]) -> None:
    """The cross-validated figures; with several fold assignments, their mean and (after
    ±) their standard deviation: how far a figure moves when other sites share a fold."""
    head = " ".join(f"{h:>{14 if len(runs) > 1 else 7}}" for h in ("khabar", "context", "first", "rules"))
    print(f"{'set':40} {'mode':6} {'pages':>5} {head}   (word F1)")
    for key, (n, _) in runs[0].items():
        values = np.array([run[key][1] for run in runs])
        mean, sd = values.mean(axis=0), values.std(axis=0)
        cells = " ".join(f"{m:7.3f}" + (f" ±{d:.3f}" if len(runs) > 1 else "") for m, d in zip(mean, sd))
        print(f"{key} {n:5d} {cells}")


def write_model(pages: list[dict], shares: Shares, prior: float, out: Path) -> None:
    block = train_blocks(pages)
    page = train_pages(pages)
    table, without = token_tables(shares, set(shares), prior)
    context = train_context(pages, without)  # on the first stage's out-of-fold scores
    sets = sorted({p["set"] for p in pages})
    meta = {
        "block_names": list(BLOCK_NAMES),
        "page_names": list(PAGE_NAMES),
        "context_names": list(SECOND_NAMES),
        "page_types": list(PAGE_TYPES),
        "threshold": THRESHOLD,
        "trained_on": (
            f"{len(pages)} page readings of {', '.join(sets)} by scripts/train_labeller.py (seed {SEED}); "
            "WCXB dev split: Murrough-Foley/web-content-extraction-benchmark, CC-BY-4.0"
        ),
    }
    forests = {
        "block": export_lightgbm(block.dump_model(), 1),
        "page": export_lightgbm(page.dump_model(), len(PAGE_TYPES)),
        "context": export_lightgbm(context.dump_model(), 1),
    }
    # the exported arrays must score exactly as LightGBM does
    x = np.concatenate([p["x"] for p in pages[:200]])
    ours = Forest.from_dict(forests["block"]).raw(x)[:, 0]
    assert np.allclose(1 / (1 + np.exp(-ours)), block.predict(x), atol=1e-6), "block export differs"
    x2 = np.concatenate([second_matrix(p, p["oof"], table) for p in pages[:200]])
    ours = Forest.from_dict(forests["context"]).raw(x2)[:, 0]
    assert np.allclose(1 / (1 + np.exp(-ours)), context.predict(x2), atol=1e-6), "context export differs"
    xp = page_matrix(pages[:200])[0]
    zp = Forest.from_dict(forests["page"]).raw(xp)
    ep = np.exp(zp - zp.max(axis=1, keepdims=True))
    assert np.allclose(ep / ep.sum(axis=1, keepdims=True), page.predict(xp), atol=1e-6), "page export differs"
    save_models(out, meta, forests, table)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    write_snapshot(out)


SNAPSHOT = ROOT / "tests" / "data" / "labeller_snapshot.json"
SNAPSHOT_PAGES = ("samples/pages/alkhaleej-state-dept.txt", "samples/pages/youm7.com_htmldate-1691196862.html")


def snapshot_of(page_path: Path) -> dict:
    """What the shipped models say of one bundled page: every block's score, the page's types."""
    from khabar.extract import read_page
    from khabar.label import score

    page = read_page(page_path.read_bytes())
    assert page.found is not None
    rows = block_rows(page.blocks, page.found, dom=page.kind == "html", arabic_script=pack_for(page.lang).arabic_script)
    from khabar.label.scorer import block_scores

    probs = block_scores(rows)
    score(page.blocks, page.found, pack=pack_for(page.lang), dom=page.kind == "html", url=None, meta=page.meta)
    return {
        "block_scores": [round(float(p), 6) for p in probs],
        "body": page.found.body,
        "page_type": page.found.page_type,
        "type_scores": {k: round(v, 6) for k, v in page.found.type_scores.items()},
    }


def write_snapshot(model: Path) -> None:
    """tests/data/labeller_snapshot.json: the test that fails when predictions change
    without the model being rebuilt reads this."""
    import hashlib

    from khabar.label.scorer import models

    models.cache_clear()
    snap = {
        "model_sha256": hashlib.sha256(model.read_bytes()).hexdigest(),
        "pages": {name: snapshot_of(ROOT / name) for name in SNAPSHOT_PAGES},
    }
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(json.dumps(snap, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, default=ROOT / "bench" / "out" / "labeller" / "pages.pkl")
    ap.add_argument("--rebuild", action="store_true", help="read the pages again even if the cache exists")
    ap.add_argument("--reuse-folds", action="store_true", help="reuse the last run's out-of-fold scores")
    ap.add_argument("--cv", action="store_true", help="print cross-validated figures (folds by site)")
    ap.add_argument(
        "--cv-repeats",
        type=int,
        default=1,
        metavar="N",
        help="with --cv: N assignments of sites to folds, mean and spread of each figure",
    )
    ap.add_argument("--no-write", action="store_true", help="do not write the package's model file")
    a = ap.parse_args()
    import pickle

    names = (BLOCK_NAMES, PAGE_NAMES, SECOND_NAMES)
    cached = pickle.loads(a.cache.read_bytes()) if a.cache.exists() and not a.rebuild else None
    if isinstance(cached, dict) and cached.get("names") == names:
        pages = cached["pages"]
    else:  # no cache, or one built with other features: read the pages again
        pages = build(a.shared)
        a.cache.parent.mkdir(parents=True, exist_ok=True)
        a.cache.write_bytes(pickle.dumps({"names": names, "pages": pages}))
    # (the prior, the share of content over all blocks, ~0.47, is the one number the token
    # tables of every fold share)
    shares, prior = site_token_shares(pages)
    folds = a.cache.with_name("folds.pkl")
    if a.reuse_folds and folds.exists() and folds.stat().st_mtime >= a.cache.stat().st_mtime:
        for p, saved in zip(pages, pickle.loads(folds.read_bytes())):
            p.update(zip(OOF_KEYS, saved))
    else:
        out_of_fold(pages, shares, prior)
        folds.write_bytes(pickle.dumps([tuple(p[k] for k in OOF_KEYS) for p in pages]))
    if a.cv:
        runs = [cross_validate(pages)]
        for r in range(1, a.cv_repeats):  # other sites sharing folds; the first assignment's scores stay
            saved = [tuple(p[k] for k in OOF_KEYS) for p in pages]
            out_of_fold(pages, shares, prior, seed=SEED + r)
            runs.append(cross_validate(pages))
            for p, values in zip(pages, saved):
                p.update(zip(OOF_KEYS, values))
        print_figures(runs)
    if not a.no_write:
        write_model(pages, shares, prior, ROOT / "src" / "khabar" / "data" / MODEL_FILE)


if __name__ == "__main__":
    main()
