"""The package's layout: a one-way pipeline of packages, no import circles, and the engine (kg.build) and the
reference (kg.reference) apart.

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


def imported() -> dict[str, list[tuple[int, str]]]:
    """module -> (line, kg module) for each import it makes (`from kg.build import pipeline` names kg.build.pipeline)."""
    known = modules()
    found = {}
    for name, path in known.items():
        lines = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    lines.append((node.lineno, child if child in known else node.module))
            elif isinstance(node, ast.Import):
                lines += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "kg"]
        found[name] = sorted({(line, target) for line, target in lines if target in known and target != name})
    return found


def imports() -> dict[str, set[str]]:
    """module -> the kg modules it imports."""
    return {name: {target for _, target in found} for name, found in imported().items()}


def package(module: str) -> str:
    """The package a module belongs to (kg.validation.shacl.core: kg.validation); a module of kg/ itself (kg.engines)
    is a node of its own."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and (ROOT / "kg" / parts[1]).is_dir() else module


def package_imports() -> dict[str, set[str]]:
    """package -> the other packages its modules import."""
    edges: dict[str, set[str]] = {}
    for name, targets in imports().items():
        edges.setdefault(package(name), set()).update(package(target) for target in targets)
    return {name: targets - {name} for name, targets in edges.items()}


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


# The pipeline, in the order data flows: each package imports only packages of the layers above it here.
LAYERS = [
    ("kg.core",),  # the foundation every stage imports: errors, limits, literal types, prefixes, terms, files
    ("kg.sources",),  # the sources: where they are, parsed (and where each triple was written), cached; synthetic
    ("kg.sparql",),  # the query language every later stage speaks: parsed, refused, saved queries, run, shown
    ("kg.validation",),  # SHACL and the checks on Oxigraph, findings and their formats, what a change reaches, spans
    ("kg.analysis",),  # what the build derives from the curated data: derived figures rated, discrepancies, timeline
    ("kg.reference",),  # the reference pipeline (rdflib, owlrl, pySHACL) that the tests prove the engine against
    ("kg.build",),  # the build: reason, release, and the pipeline of stages (uses the reference's owlrl closure)
    ("kg.query",),  # questions to a built release: its store, names as parameters, remote endpoints
    ("kg.engines",),  # which engine builds, validates and answers
    ("kg.extract", "kg.web"),  # drafting reports from their texts; serving and publishing
    ("kg.cli",),
    ("kg",),
    ("kg.__main__",),
]


def test_packages_import_one_way():
    """Issue 10: the folders read as a pipeline, so no package imports another that imports it back."""
    assert circles(package_imports()) == []


def test_each_package_imports_only_the_layers_before_it():
    """A package's place in LAYERS says what it may use; an import of its own layer or a later one is
    named by module and line."""
    layer = {name: index for index, names in enumerate(LAYERS) for name in names}
    assert sorted({package(name) for name in modules()} - set(layer)) == [], "packages in no layer of LAYERS"
    backwards = [f"{name}:{line} imports {target} ({package(target)} is not before {package(name)})"
                 for name, found in sorted(imported().items()) for line, target in found
                 if package(target) != package(name) and layer[package(target)] >= layer[package(name)]]
    assert not backwards, "imports against the pipeline:\n" + "\n".join(backwards)


def test_the_engine_uses_the_reference_only_for_owlrl():
    """kg.build runs on pyoxigraph; of kg.reference it uses only the owlrl closure (kg.build.reason)."""
    for name, targets in imports().items():
        if name.startswith("kg.build"):
            used = {t for t in targets if t.startswith("kg.reference")}
            assert used <= ({"kg.reference.reason"} if name == "kg.build.reason" else set()), (name, used)


ENGINE = ("kg.sources.load", "kg.validation.validate", "kg.validation.shacl", "kg.build")  # the engine's own modules


def test_the_reference_does_not_use_the_engine():
    """kg.reference shares with the engine only what lies below both (the foundation, the sources' places,
    findings and SPARQL text), never the engine's loader, validation or build."""
    for name, targets in imports().items():
        if name.startswith("kg.reference"):
            assert {t for t in targets if t.startswith(ENGINE)} == set(), name


def test_only_the_engines_choice_reaches_the_reference():
    """One engine on every user path: the reference (rdflib, owlrl, pySHACL) is reached only where a user
    chose it (kg.engines, `--engine reference`) and for owlrl's closure of the ontology (kg.build.reason).
    kg.web read the ontology for its pages, and kg.extract.evaluate the curated data, with the reference's
    loader, so the desk and the extractor's scores knew both engines' loaders."""
    allowed = {"kg.engines", "kg.build.reason"}
    reaching = sorted(f"{name}:{line} imports {target}" for name, found in imported().items() for line, target in found
                      if target.startswith("kg.reference") and package(name) != "kg.reference" and name not in allowed)
    assert reaching == [], "\n".join(reaching)


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


def test_no_module_of_kg_is_ignored_by_git():
    """.gitignore's `build/` (setuptools' output) matched kg/build/, the build stage: a module added there
    would have been left out of every commit."""
    import shutil
    import subprocess

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        import pytest

        pytest.skip("not a git checkout")
    names = [str(path.relative_to(ROOT)) for path in modules().values()]
    names += [f"kg/{folder.name}/a_new_module.py" for folder in (ROOT / "kg").iterdir()
              if folder.is_dir() and folder.name != "__pycache__"]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == []


def test_pytest_collects_every_folder_of_kg():
    """pytest skips folders named `build` unless told otherwise, so kg/build/'s doctests ran nowhere."""
    import fnmatch
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "kg" in settings["testpaths"]
    skipped = settings.get("norecursedirs", ["*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"])
    folders = {path.name for path in (ROOT / "kg").rglob("*") if path.is_dir() and path.name != "__pycache__"}
    assert sorted(name for name in folders if any(fnmatch.fnmatch(name, pattern) for pattern in skipped)) == []
