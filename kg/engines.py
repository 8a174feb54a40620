"""The two engines, by name: `oxigraph` (kg.build, the default) and `reference` (kg.reference).

The reference (rdflib, owlrl, pySHACL) proves the engine in the tests and stays runnable with
`--engine reference` or KG_ENGINE=reference. `fast`, the engine's earlier name, is accepted for it.
build, validate and answer run the chosen one: kg.cli chooses no engine itself.
"""

from __future__ import annotations

import os

from kg.core.errors import KGError
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
    from kg.build.pipeline import build as engine_build

    return engine_build(project, progress, write, cache)


def validate(project: Project, engine: str | None = None, since: str | None = None, files=()):
    """`kg validate` with the chosen engine (a kg.validation.run.Outcome); with `since` (a git revision) or
    `files` (changed files), only what the changes can affect."""
    from kg.validation.run import validate as validate_sources

    chosen = choose(engine)
    return validate_sources(project, lambda part: findings(part, chosen), since, files)


def findings(project: Project, engine: str | None = None):
    """The project's findings (a kg.validation.findings.ValidationReport) with the chosen engine."""
    if choose(engine) == "reference":
        from kg.sparql.saved import check_queries
        from kg.reference.load import load_sources
        from kg.reference.validate import validate as reference_validate

        return reference_validate(load_sources(project), check_queries(project), consistency=True)
    from kg.build.reason import inconsistencies
    from kg.validation.validate import validate_project

    return validate_project(project, reasoner=inconsistencies)


def answer(project: Project, text: str, given: dict, engine: str | None = None, saved=None,
           progress=lambda message: None, run=lambda work: work()):
    """`kg query` and `kg sparql`: the query's answer (a kg.sparql.answer.Answer) from the chosen engine:
    Oxigraph, on the store of the current release (made first where there is none: `progress` says so),
    or the reference, on the full graph (kg.reference.build.full_graph). A saved query's `given`
    parameters may name resources by name or label (kg.query.names); an ad-hoc query (`saved` None) has
    none. `run` runs the Oxigraph query, given as a function of no arguments, and returns what it returns
    (kg.cli runs it where Ctrl-C can stop it). A store found damaged as the query reads it raises
    kg.sparql.run.StoreDamaged."""
    from kg.query.names import Names
    from kg.sparql.safety import check

    check(text)  # what is refused, refused before a graph is loaded or reasoned (each engine checks again what it runs)
    if choose(engine) == "reference":
        from kg.reference.build import full_graph
        from kg.reference.query import answer as reference_answer

        graph = full_graph(project)
        return reference_answer(graph, text, Names(graph).bind(saved, given, progress) if saved else {})
    from kg.query.store import GraphView, open_store
    from kg.sparql.run import answer as engine_answer

    store = open_store(project, progress=progress)
    bindings = Names(GraphView(store)).bind(saved, given, progress) if saved else {}
    return run(lambda: engine_answer(store, text, bindings))
