"""The package's layout: no import circles, and the engine (kg.graph) and the reference (kg.reference) apart.

Imports are read from the source (module level and inside functions alike), so that a circle hidden
in a function body counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules() -> dict[str, Path]:
    found = {}
    for path in (ROOT / "kg").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imports() -> dict[str, set[str]]:
    """module -> the kg modules it imports (`from kg.graph import build` names kg.graph.build)."""
    known = modules()
    edges: dict[str, set[str]] = {}
    for name, path in known.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    found.add(child if child in known else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "kg")
        edges[name] = {target for target in found if target in known and target != name}
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_circles_are_found():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles():
    assert circles(imports()) == []


def test_the_engine_uses_the_reference_only_for_owlrl():
    """kg.graph runs on pyoxigraph; of kg.reference it uses only the owlrl closure (kg.graph.reason)."""
    for name, targets in imports().items():
        if name.startswith("kg.graph"):
            used = {t for t in targets if t.startswith("kg.reference")}
            assert used <= ({"kg.reference.reason"} if name == "kg.graph.reason" else set()), (name, used)


def test_the_reference_does_not_use_the_engine():
    """kg.reference shares only where the sources are, what a finding is and where it was written."""
    for name, targets in imports().items():
        if name.startswith("kg.reference"):
            used = {t for t in targets if t.startswith("kg.graph")}
            assert used <= {"kg.graph.project", "kg.graph.findings", "kg.graph.positions"}, (name, used)


def test_no_module_imports_another_modules_private_names():
    """kg.web.pool and kg.web.search_index imported kg.web.workers' _Handle, _send, _receive and _messages:
    a module's underscored names are its own, free to change, so a name another module needs is public
    (the wire to a worker is kg.web.wire)."""
    private = []
    for name, path in sorted(modules().items()):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
                private += [f"{name}: from {node.module} import {alias.name}" for alias in node.names
                            if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert private == []
