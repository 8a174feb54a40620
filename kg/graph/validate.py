"""Validation on the engine: the SHACL shapes (kg.graph.shacl) and the no-row checks (queries/checks/*.rq)
over ontology + data, reported as the findings kg.graph.findings defines.

SHACL Core is evaluated over the index of string triples, the SPARQL-based constraints and the checks
in an Oxigraph store loaded from the same triples (blank node labels kept, so both name a node alike).
The findings are pySHACL's (kg.reference.validate): the same focus nodes, paths, values, rules,
messages and files, in the same order; tests compare them on every shape fixture and on broken corpora.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph

from kg.graph import shacl
from kg.graph.findings import Namer, ValidationReport, check_finding, shacl_findings
from kg.graph.load import DATA, Sources, load_sources
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


def validate(sources: Sources, index: TripleIndex, checks=()) -> ValidationReport:
    """The shapes over ontology + data (`index` holds them both), then the checks: the findings, in
    kg.reference.validate's order. The SPARQL constraints and the checks run in an Oxigraph store of
    the triples they can read."""
    graph = shacl.DataGraph(index)
    shapes = shacl.Shapes(sources.shapes)
    queries = [shacl.algebra(c.select, c.prefixes, f"sh:sparql {c.node}") for s in shapes.read.values() for c in s.sparql]
    queries += [shacl.algebra(saved.text, PREFIX_IRIS, f"queries/checks/{saved.name}.rq") for saved in checks]
    store = shacl.query_store(index, queries)
    _conforms, results = shacl.validate(shapes, graph, store, [DATA])
    names = Namer(_NamerSources(_DataView(graph), sources.shapes, _FilesOf(sources)))
    findings = shacl_findings(results, names)
    for saved in checks:
        solutions = store.query(saved.text, default_graph=[DATA], prefixes=PREFIX_IRIS)
        for solution in solutions:
            row = [None if solution[i] is None else rdflib_term(solution[i]) for i in range(len(solutions.variables))]
            findings.append(check_finding(saved, row, names))
    findings.sort(key=lambda f: (f.message, f.value))  # ties of kg.reference.validate's order: by message, value
    findings.sort(key=lambda f: (f.severity != "Violation", f.files, f.focus, f.rule, f.path))
    return ValidationReport(findings, results)


def validate_project(project: Project) -> ValidationReport:
    """`kg validate`: the project's sources parsed and validated, on the engine."""
    sources = load_sources(project)
    return validate(sources, TripleIndex(sources.ontology | sources.data), check_queries(project))
