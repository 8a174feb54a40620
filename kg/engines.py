"""The two engines, by name: `oxigraph` (kg.graph, the default) and `reference` (kg.reference).

The reference (rdflib, owlrl, pySHACL) proves the engine in the tests and stays runnable with
`--engine reference` or KG_ENGINE=reference. `fast`, the engine's earlier name, is accepted for it.
"""

from __future__ import annotations

import os

from kg.errors import KGError
from kg.sources.project import Project

ENGINES = ("oxigraph", "reference")
ALIASES = {"fast": "oxigraph"}


def choose(name: str | None = None, default: str = "oxigraph") -> str:
    """The engine to use: the one named, else $KG_ENGINE, else `default`."""
    chosen = name or os.environ.get("KG_ENGINE") or default
    chosen = ALIASES.get(chosen, chosen)
    if chosen not in ENGINES:
        raise KGError(f"unknown engine {chosen!r}: choose {' or '.join(ENGINES)}")
    return chosen


def build(project: Project, engine: str | None = None, progress=lambda message: None, write: bool = True,
          cache: bool = True):
    """`kg build`: parse, reason, validate and write dist/ with the chosen engine (the engine reads files
    unchanged since an earlier build from its cache, unless `cache` is false)."""
    if choose(engine) == "reference":
        from kg.reference.build import build as reference_build

        return reference_build(project, progress, write)
    from kg.graph.build import build as engine_build

    return engine_build(project, progress, write, cache)


def validate(project: Project, engine: str | None = None):
    """`kg validate`: the project's findings (a kg.findings.ValidationReport) with the chosen engine."""
    if choose(engine) == "reference":
        from kg.sparql.saved import check_queries
        from kg.reference.load import load_sources
        from kg.reference.validate import validate as reference_validate

        return reference_validate(load_sources(project), check_queries(project))
    from kg.graph.validate import validate_project

    return validate_project(project)
