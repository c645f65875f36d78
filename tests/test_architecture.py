"""The shape of the code: the rooms' size limits, and no import cycles.

import-linter (run by CI, configured in pyproject.toml) holds the direction of the
arrows between the rooms; this holds what it does not: sizes, and cycles anywhere,
counting imports inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

from .conftest import REPO

SOURCE = REPO / "src" / "learnpath"
MAX_MODULE_LINES = 450
MAX_CLASS_LINES = 150
MAX_FUNCTION_LINES = 60
MODULES = sorted(SOURCE.rglob("*.py"))


@pytest.mark.parametrize("file", MODULES, ids=lambda f: str(f.relative_to(SOURCE)))
def test_modules_classes_and_functions_stay_small(file: Path):
    text = file.read_text(encoding="utf-8")
    too_long = []
    if len(text.splitlines()) > MAX_MODULE_LINES:
        too_long.append(f"the module has {len(text.splitlines())} lines")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit:
                too_long.append(f"{node.name} has {length} lines (at most {limit})")
    assert not too_long, f"{file.relative_to(SOURCE)}: " + "; ".join(too_long)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_cycles_counting_imports_inside_functions():
    graph = grimp.build_graph("learnpath")
    edges = {
        module: {m for m in graph.find_modules_directly_imported_by(module) if m in graph.modules}
        for module in graph.modules
    }
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
