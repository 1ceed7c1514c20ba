"""The learned models, loaded from the package and run with numpy alone.

`khabar/data/labeller.npz` holds three forests of gradient-boosted trees that
`scripts/train_labeller.py` trains (LightGBM) and exports: the block scorer (main content or
not), the page-type model (one score per type), and the context scorer, which scores each
block again knowing the first scores around it and the page's type (`context.py`), with
the token table beside them (`tokens.py`). Inference needs no ML library: every block of a
page walks all trees at once, one numpy step per tree level, so a forest costs about a
millisecond on a page of 250 blocks.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from khabar.label.context import SECOND_NAMES
from khabar.label.pagetype import PAGE_NAMES, PAGE_TYPES
from khabar.label.tokens import TokenTable
from khabar.label.vector import BLOCK_NAMES

MODEL_FILE = "labeller.npz"
FORESTS = ("block", "page", "context")
_ARRAYS = ("feature", "threshold", "left", "right", "value", "roots", "tree_class")


@dataclass(frozen=True, slots=True)
class Forest:
    """Trees flattened into arrays; a leaf is a node whose children are itself, so every
    row can take `depth` steps whatever the depth of the leaf it reaches."""

    feature: np.ndarray  # intp, per node: the column it tests
    threshold: np.ndarray  # float64, per node: go left when x <= threshold
    children: np.ndarray  # intp, per node: [left, right] flattened (node 2k, 2k+1)
    value: np.ndarray  # float64, per node (leaves only matter)
    roots: np.ndarray  # intp, per tree
    tree_class: np.ndarray  # intp, per tree: which output it adds to
    classes: int
    depth: int

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Forest:
        left = np.asarray(d["left"], dtype=np.intp)
        right = np.asarray(d["right"], dtype=np.intp)
        return cls(
            feature=np.asarray(d["feature"], dtype=np.intp),
            threshold=np.asarray(d["threshold"], dtype=np.float64),
            children=np.column_stack([left, right]).ravel(),
            value=np.asarray(d["value"], dtype=np.float64),
            roots=np.asarray(d["roots"], dtype=np.intp),
            tree_class=np.asarray(d["tree_class"], dtype=np.intp),
            classes=int(d["classes"]),
            depth=int(d["depth"]),
        )

    def raw(self, x: np.ndarray) -> np.ndarray:
        """Summed leaf values, shape (rows, classes): all rows walk all trees together, one
        level a step (four gathers and a comparison per step, into buffers allocated once;
        `take` with mode="clip" skips the bounds checks fancy indexing makes: every index
        is a node's, so in range)."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        n, width = x.shape
        flat = x.ravel()
        offsets = (np.arange(n, dtype=np.intp) * width)[:, None]
        idx = np.broadcast_to(self.roots, (n, self.roots.size)).copy()
        at = np.empty_like(idx)
        value = np.empty(idx.shape)
        limit = np.empty(idx.shape)
        right = np.empty(idx.shape, dtype=bool)
        for _ in range(self.depth):
            np.take(self.feature, idx, out=at, mode="clip")
            at += offsets
            np.take(flat, at, out=value, mode="clip")
            np.take(self.threshold, idx, out=limit, mode="clip")
            np.greater(value, limit, out=right)
            idx <<= 1
            idx += right
            np.take(self.children, idx, out=idx, mode="clip")
        leaves = self.value[idx]
        if self.classes == 1:
            total: np.ndarray = leaves.sum(axis=1, keepdims=True)
            return total
        out = np.zeros((n, self.classes))
        for c in range(self.classes):
            out[:, c] = leaves[:, self.tree_class == c].sum(axis=1)
        return out


@dataclass(frozen=True, slots=True)
class Models:
    block: Forest
    page: Forest
    context: Forest
    tokens: TokenTable  # hint and text tokens' log-odds of main content (tokens.py)
    threshold: float  # a block's probability from which it is main content
    trained_on: str  # what the file says about its data (shown by `khabar labels --model`)


@lru_cache(maxsize=1)
def models() -> Models:
    """The shipped models (read once per process: numpy arrays, a few milliseconds)."""
    raw = files("khabar").joinpath("data").joinpath(MODEL_FILE).read_bytes()
    with np.load(io.BytesIO(raw), allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        forests = {
            name: Forest.from_dict({**{k: z[f"{name}_{k}"] for k in _ARRAYS}, **meta["forests"][name]})
            for name in FORESTS
        }
        keys = z["token_keys"].tobytes().decode("utf-8").split("\n")
        tokens = TokenTable(dict(zip(keys, z["token_values"].astype(float).tolist())))
    names = (tuple(meta["block_names"]), tuple(meta["page_names"]), tuple(meta["context_names"]))
    if names != (BLOCK_NAMES, PAGE_NAMES, SECOND_NAMES):
        raise RuntimeError(f"{MODEL_FILE} was trained on other features: run scripts/train_labeller.py")
    if tuple(meta["page_types"]) != PAGE_TYPES:
        raise RuntimeError(f"{MODEL_FILE} was trained on other page types: run scripts/train_labeller.py")
    return Models(
        forests["block"], forests["page"], forests["context"], tokens, float(meta["threshold"]), meta["trained_on"]
    )


def save_models(
    path: str | Path, meta: dict[str, Any], forests: dict[str, dict[str, Any]], tokens: dict[str, float]
) -> None:
    """Write what models() reads (the training script calls this): the trees' arrays, the
    token table, and the names, types and provenance as JSON beside them."""
    keys = sorted(tokens)
    if any("\n" in k for k in keys):
        raise ValueError("a token holds a line break")
    arrays: dict[str, np.ndarray] = {
        # the keys as one UTF-8 text, a key a line: as fixed-width unicode they took 6 MB to
        # unpack on every process's first page, for 0.4 MB of tokens
        "token_keys": np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8),
        "token_values": np.asarray([tokens[k] for k in keys], dtype=np.float32),
    }
    scalars: dict[str, dict[str, int]] = {}
    for name, d in forests.items():
        for k in _ARRAYS:
            dtype = np.float64 if k in ("threshold", "value") else np.int32
            arrays[f"{name}_{k}"] = np.asarray(d[k], dtype=dtype)
        scalars[name] = {"classes": int(d["classes"]), "depth": int(d["depth"])}
    arrays["meta"] = np.asarray(json.dumps({**meta, "forests": scalars}))
    # an .npz written entry by entry with a fixed date, so that the same trees give the same
    # bytes (np.savez stamps each entry with the current time)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buf = io.BytesIO()
            np.lib.format.write_array(buf, array, allow_pickle=False)
            zf.writestr(info, buf.getvalue())


def _probabilities(forest: Forest, rows: np.ndarray) -> np.ndarray:
    if rows.shape[0] == 0:
        return np.zeros(0)
    probs: np.ndarray = 1.0 / (1.0 + np.exp(-forest.raw(rows)[:, 0]))
    return probs


def block_scores(rows: np.ndarray) -> np.ndarray:
    """Each block's probability of being the page's main content (rows: vector.block_rows)."""
    return _probabilities(models().block, rows)


def context_scores(rows: np.ndarray) -> np.ndarray:
    """Each block's probability of being main content, scored again (rows: context.second_rows)."""
    return _probabilities(models().context, rows)


def page_type_scores(row: np.ndarray) -> dict[str, float]:
    """Each page type's probability for one page."""
    z = models().page.raw(row.reshape(1, -1))[0]
    e = np.exp(z - z.max())
    p = e / e.sum()
    return {t: float(v) for t, v in zip(PAGE_TYPES, p)}


def export_lightgbm(dump: dict[str, Any], classes: int) -> dict[str, Any]:
    """A LightGBM `dump_model()` as the arrays Forest reads (used by the training script)."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    tree_class: list[int] = []
    depth = 0
    for k, tree in enumerate(dump["tree_info"]):
        stack: list[tuple[dict[str, Any], int, int]] = []
        roots.append(len(feature))
        tree_class.append(k % classes)

        def add() -> int:
            feature.append(0)
            threshold.append(float("inf"))
            left.append(len(left))
            right.append(len(right))
            value.append(0.0)
            return len(feature) - 1

        stack.append((tree["tree_structure"], add(), 0))
        while stack:
            node, at, d = stack.pop()
            depth = max(depth, d)
            if "leaf_value" in node:
                value[at] = float(node["leaf_value"])
                continue
            if node.get("decision_type", "<=") != "<=":
                raise ValueError("only numerical splits are exported")
            feature[at] = int(node["split_feature"])
            threshold[at] = float(node["threshold"])
            lo, hi = add(), add()
            left[at], right[at] = lo, hi
            stack.append((node["left_child"], lo, d + 1))
            stack.append((node["right_child"], hi, d + 1))
    return {
        "feature": feature,
        "threshold": threshold,
        "left": left,
        "right": right,
        "value": value,
        "roots": roots,
        "tree_class": tree_class,
        "classes": classes,
        "depth": depth,
    }
