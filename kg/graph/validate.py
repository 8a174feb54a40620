"""Validation on the engine: the SHACL shapes (kg.graph.shacl) and the no-row checks (queries/checks/*.rq)
over ontology + data, reported as the findings kg.graph.findings defines.

SHACL Core is evaluated over the index of string triples, the SPARQL-based constraints and the checks
in an Oxigraph store holding the same triples (blank node labels kept, so both name a node alike).
The findings are pySHACL's (kg.reference.validate): the same focus nodes, paths, values, rules,
messages and files, in the same order; tests compare them on every shape fixture and on broken corpora.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph

from kg.graph import shacl
from kg.graph.findings import Namer, ValidationReport, check_finding, shacl_findings
from kg.graph.load import DATA, ONTOLOGY, Sources, load_into, load_sources
from kg.graph.project import Project, check_queries
from kg.graph.terms import rdflib_term, term_string
from kg.graph.triples import TripleIndex
from kg.namespaces import PREFIX_IRIS


class _DataView:
    """The little of rdflib's Graph API that the findings' namer uses (who points to a blank node)."""

    def __init__(self, graph: shacl.DataGraph):
        self.graph = graph

    def subjects(self, predicate=None, obj=None):
        for subject, _ in self.graph.index.owners(term_string(obj)):
            yield self.graph.term(subject)

    def predicates(self, subject=None, obj=None):
        for owner, predicate in self.graph.index.owners(term_string(obj)):
            if owner == term_string(subject):
                yield self.graph.term(predicate)


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
    data: _DataView
    shapes: Graph
    files_of: _FilesOf


def validate(sources: Sources, index: TripleIndex, store: ox.Store, checks=()) -> ValidationReport:
    """The shapes over ontology + data (`index` and `store` hold them both), then the checks: the
    findings, in kg.reference.validate's order."""
    graphs = [DATA, ONTOLOGY]
    graph = shacl.DataGraph(index)
    _conforms, results = shacl.validate(shacl.Shapes(sources.shapes), graph, store, graphs)
    names = Namer(_NamerSources(_DataView(graph), sources.shapes, _FilesOf(sources)))
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
    index = TripleIndex(sources.ontology | sources.data)
    return validate(sources, index, validation_store(sources), check_queries(project))
