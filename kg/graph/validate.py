"""Validation on the engine: the SHACL shapes (kg.graph.shacl) and the no-row checks (queries/checks/*.rq)
over ontology + data in an Oxigraph store, reported as the findings kg.graph.findings defines.

The findings are pySHACL's (kg.reference.validate): the same focus nodes, paths, values, rules,
messages and files, in the same order; tests compare them on every shape fixture and on broken corpora.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.namespace import RDFS

from kg.graph.findings import Namer, ValidationReport, check_finding, shacl_findings
from kg.graph.load import DATA, ONTOLOGY, Sources, load_into, load_sources
from kg.graph.project import Project, check_queries
from kg.graph.shacl import CompiledShapes
from kg.graph.terms import parse_term, rdflib_term, term_string
from kg.namespaces import PREFIX_IRIS


class StoreView:
    """The little of rdflib's Graph API that the findings' namer uses, over the store's data graph."""

    def __init__(self, store: ox.Store, graphs: list):
        self.store, self.graphs = store, graphs

    def _quads(self, s, p, o):
        for graph in self.graphs:
            yield from self.store.quads_for_pattern(s, p, o, graph)

    def subjects(self, predicate=None, obj=None):
        for quad in self._quads(None, None if predicate is None else _ox(predicate), _ox(obj)):
            yield rdflib_term(quad.subject)

    def predicates(self, subject=None, obj=None):
        for quad in self._quads(_ox(subject), None, _ox(obj)):
            yield rdflib_term(quad.predicate)


def _ox(term):
    return None if term is None else parse_term(term_string(term))


class _FilesOf:
    """sources.files_of for the namer: subject -> the data files that describe it."""

    def __init__(self, sources: Sources):
        self.sources = sources

    def get(self, term, default=()):
        if term is None or isinstance(term, BNode):
            return default
        return self.sources.files_of_subject(term_string(term)) or default


@dataclass
class _NamerSources:
    data: StoreView
    shapes: Graph
    files_of: _FilesOf


def subclasses(store: ox.Store, graphs: list) -> dict:
    """class -> every class under it by rdfs:subClassOf*, in the data graph (as pySHACL follows it)."""
    below: dict = {}
    for solution in store.query(f"SELECT ?a ?b WHERE {{ ?a <{RDFS.subClassOf}> ?b }}", default_graph=graphs):
        below.setdefault(rdflib_term(solution["b"]), set()).add(rdflib_term(solution["a"]))
    closed = {}
    for top in below:
        seen, todo = {top}, [top]
        while todo:
            for child in below.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        closed[top] = seen
    return closed


def ill_typed(triples) -> set:
    """The typed literals rdflib calls ill-typed ("abc"^^xsd:integer): they match no sh:datatype."""
    bad = set()
    for literal in {o for _, _, o in triples if o[0] == '"' and o[-1] == ">"}:
        if getattr(rdflib_term(parse_term(literal)), "ill_typed", False):
            bad.add(literal)
    return bad


def validate(sources: Sources, store: ox.Store, checks=()) -> ValidationReport:
    """The shapes over ontology + data, then the checks: the findings, in kg.reference.validate's order."""
    graphs = [DATA, ONTOLOGY]
    shapes = CompiledShapes(sources.shapes, subclasses(store, graphs))
    _conforms, results = shapes.run(store, graphs, ill_typed(sources.data))
    names = Namer(_NamerSources(StoreView(store, graphs), sources.shapes, _FilesOf(sources)))
    findings = shacl_findings(results, names)
    for saved in checks:
        solutions = store.query(saved.text, default_graph=graphs, prefixes=PREFIX_IRIS)
        for solution in solutions:
            row = [None if solution[i] is None else rdflib_term(solution[i]) for i in range(len(solutions.variables))]
            findings.append(check_finding(saved, row, names))
    findings.sort(key=lambda f: (f.message, f.value))  # ties of kg.reference.validate's order: by message, value
    findings.sort(key=lambda f: (f.severity != "Violation", f.files, f.focus, f.rule, f.path))
    return ValidationReport(findings, results)


def validation_store(sources: Sources) -> ox.Store:
    """An in-memory store holding the data and the ontology, each in its named graph."""
    store = ox.Store()
    load_into(store, sources.data, DATA)
    load_into(store, sources.ontology, ONTOLOGY)
    return store


def validate_project(project: Project) -> ValidationReport:
    """`kg validate`: the project's sources parsed and validated, on the engine."""
    sources = load_sources(project)
    return validate(sources, validation_store(sources), check_queries(project))
