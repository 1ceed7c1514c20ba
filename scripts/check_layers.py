#!/usr/bin/env python3
"""Check that khabar's modules import only downward and never in a circle.

    python scripts/check_layers.py [SRC]    (exit 1 and a list of offences, else 0)

Every import of a khabar module counts, at the top of a file or inside a function (a lazy
import is still a dependency). Each module belongs to one layer; a module may import its
own layer and the ones below it, and the modules of one layer may not import each other in
a circle. The layers, lowest first, as the data flows:
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

# (layer, module prefixes), lowest first; the longest matching prefix decides
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("data model", ("khabar.model", "khabar.errors", "khabar.limits", "khabar.version")),
    ("lang", ("khabar.lang",)),
    ("page", ("khabar.page",)),
    ("label", ("khabar.label", "khabar.sites")),
    ("extract", ("khabar.extract",)),
    ("enrich", ("khabar.enrich",)),
    ("batch", ("khabar.readers", "khabar.batch")),
    ("archive", ("khabar.archive",)),
    ("serve, cli and the public api", ("khabar.serve", "khabar.cli", "khabar.fetch", "khabar")),
]
PACKAGE = "khabar"  # khabar/__init__.py: the public API; its prefix names only itself
__doc__ = (__doc__ or "") + "".join(f"\n    {i}. {name}: {', '.join(p)}" for i, (name, p) in enumerate(LAYERS))


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or (p != PACKAGE and module.startswith(p + "."))) and len(p) > best:
                best, rank = len(p), i
    if rank < 0:
        raise SystemExit(f"check_layers: {module} belongs to no layer; add it to LAYERS")
    return rank


def imports(path: Path, module: str, is_package: bool, known: set[str]) -> Iterator[tuple[str, int]]:
    """(imported khabar module, line) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "khabar" or alias.name.startswith("khabar."):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[: len(up) - (node.level - 1)]
                base = ".".join([*up, base]) if base else ".".join(up)
            if base != "khabar" and not base.startswith("khabar."):
                continue
            for alias in node.names:  # `from khabar.x import y`: y may be a module itself
                sub = f"{base}.{alias.name}"
                yield (sub if sub in known else base), node.lineno


def main(src: Path) -> int:
    files = sorted(src.joinpath("khabar").rglob("*.py"))
    names = {module_name(f, src): f for f in files}
    known = set(names)
    edges: dict[str, set[str]] = {m: set() for m in names}
    offences: list[str] = []
    for module, path in names.items():
        for target, line in imports(path, module, path.name == "__init__.py", known):
            if target == module:
                continue
            if target not in known:
                target = target.rpartition(".")[0] if target.rpartition(".")[0] in known else target
            edges[module].add(target)
            if layer_of(target) > layer_of(module):
                offences.append(
                    f"{path.relative_to(src)}:{line}: {module} ({LAYERS[layer_of(module)][0]}) imports "
                    f"{target} ({LAYERS[layer_of(target)][0]}), a higher layer"
                )
    for cycle in cycles(edges):
        offences.append("import cycle: " + " -> ".join([*cycle, cycle[0]]))
    for o in offences:
        print(o)
    print(f"{len(names)} modules, {sum(map(len, edges.values()))} imports, {len(offences)} offences")
    return 1 if offences else 0


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            nxt = next((n for n in it if n in edges), None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    n = stack.pop()
                    on.discard(n)
                    comp.append(n)
                    if n == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "src"))
