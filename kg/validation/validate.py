"""Validation on the engine: the SHACL shapes (kg.validation.shacl) and the no-row checks (queries/checks/*.rq)
over ontology + data, reported as the findings kg.validation defines.

SHACL Core is evaluated over the index of string triples, the SPARQL-based constraints and the checks
in an Oxigraph store loaded from the same triples (blank node labels kept, so both name a node alike).
The findings are pySHACL's (kg.reference.validate): the same focus nodes, paths, values, rules,
messages and files, in the same order; tests compare them on every shape fixture and on broken corpora.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from operator import itemgetter

from rdflib import Graph

from kg.validation import shacl
from kg.sources.cache import Cache
from kg.core.background import Background
from kg.core.collector import collector_paused
from kg.core.datatypes import answered_otherwise
from kg.validation.inconsistency import inconsistency_findings
from kg.validation.findings import (Namer, empty_file_findings, ValidationReport, check_finding, literal_findings,
                                shacl_findings)
from kg.validation.stated import stated_findings
from kg.validation.undefined import TERM_CLASSES, undefined_findings, undescribed, unknown_terms, vocabulary
from kg.sources.load import Sources, load_sources
from kg.sources.project import Project
from kg.sparql.saved import check_queries
from kg.core.terms import parse_term, rdflib_literal, rdflib_term, term_string
from kg.core.triples import TripleIndex
from kg.core.namespaces import OI, OO, PREFIX_IRIS, RDF
from kg.sparql.safety import check_shapes
from kg.validation.shape_parameters import check_parameters


class _DataView:
    """The little of rdflib's Graph API that the findings' namer uses (who points to a blank node, or to a
    node no data file describes: a literal or an IRI that is a focus node), over the data's triples alone,
    as the reference's namer reads its data graph."""

    def __init__(self, graph: shacl.DataGraph, data: set):
        self.graph, self.data = graph, data

    def _owners(self, node: str) -> list:
        """(subject, predicate) of the data's triples whose object is `node` (for a node that is no blank
        node, a look-up in every predicate's map: only for the few findings about such a node)."""
        index = self.graph.index
        if node[0] == "_":
            return index.owners(node)
        return [(s, p) for p in index.by_predicate for s in index.into(p).get(node, ()) if (s, p, node) in self.data]

    def subjects(self, predicate=None, obj=None):
        for subject, _ in self._owners(term_string(obj)):
            yield self.graph.term(subject)

    def predicates(self, subject=None, obj=None):
        for owner, predicate in self._owners(term_string(obj)):
            if owner == term_string(subject):
                yield self.graph.term(predicate)

    def predicate_objects(self, subject):
        for predicate, obj in self.graph.index.blank_statements(term_string(subject)):
            yield self.graph.term(predicate), self.graph.term(obj)


class _FilesOf:
    """sources.files_of for the namer: subject (an IRI, or a blank node: labels are kept) -> the data
    files that describe it."""

    def __init__(self, sources: Sources):
        self.sources = sources

    def get(self, term, default=()):
        if term is None:
            return default
        return self.sources.files_of_subject(term_string(term)) or default


@dataclass
class _NamerSources:
    data: _DataView
    shapes: Graph
    files_of: _FilesOf


_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # shapes graph -> shacl.Shapes


def compiled(shapes: Graph) -> shacl.Shapes:
    """The shapes read (shacl.Shapes), once for each shapes graph (kg.sources.load makes one a process for
    the same file): reading them took 0.12 s each time."""
    found = _COMPILED.get(shapes)
    if found is None:
        found = _COMPILED[shapes] = shacl.Shapes(shapes)
    return found


class Validation:
    """The validation of one build, prepared as soon as the sources are read: the shapes compiled, the
    SPARQL constraints and the checks parsed, and their store loading (in a thread) while the build
    reasons; `report()` then validates."""

    def __init__(self, sources: Sources, index: TripleIndex, checks=(), cache: Cache | None = None):
        """`cache`: where what the queries read may be kept from an earlier build (kg.sources.cache)."""
        check_parameters(sources.shapes)  # (what a parameter says, as both engines read it)
        check_shapes(sources.shapes)
        self.sources, self.checks = sources, list(checks)
        self.graph = shacl.DataGraph(index)
        self.shapes = compiled(sources.shapes)
        reads = [shacl.constraint_facts(c, cache)[1] for shape in self.shapes.read.values() for c in shape.sparql]
        reads += [shacl.query_facts(saved.text, PREFIX_IRIS, f"queries/checks/{saved.name}.rq", cache)[1]
                  for saved in self.checks]
        self.store = shacl.QueryStore(index, reads)

    def report(self, literals: bool = False, inconsistent=None) -> ValidationReport:
        """The shapes over ontology + data, then the checks: the findings, in kg.reference.validate's order.
        `literals`: each ill-typed literal too, as the reference's validation reports them (kg validate, and
        kg build: its reasoner refuses an ill-typed literal of OWL 2 RL's datatypes before it validates, but
        not an xsd:gYear or xsd:gYearMonth, nor one rdflib reads more strictly than owlrl: "TRUE"^^xsd:boolean,
        which the engine's build released and the reference's refused), and each literal SPARQL answers in
        another form than it is written in ("01"^^xsd:integer, answered "1"). `inconsistent`: a function of no
        arguments giving the reasoner's messages (kg.build.reason.inconsistencies), each thing they find
        inconsistent then a finding (kg validate; the build has refused them before it validates)."""
        graph, sources = self.graph, self.sources
        checked = Background(self._check_rows)  # in Oxigraph, while the shapes and the rest run
        names = Namer(_NamerSources(_DataView(graph, sources.data), sources.shapes, _FilesOf(sources)))
        findings = []

        def beside_the_rules() -> None:  # what needs no SHACL result, while Oxigraph answers the SPARQL rules
            if literals:
                refused, answered = _refused_literals(sources.data)
                findings.extend(literal_findings(refused, names, answered))
            findings.extend(undefined_findings(*_undefined(sources, graph.index), names))
            findings.extend(stated_findings(graph.index, names))
            findings.extend(empty_file_findings(sources.empty))
            if inconsistent is not None:
                findings.extend(inconsistency_findings(inconsistent(), names))

        _conforms, results = shacl.validate(self.shapes, graph, self.store, meanwhile=beside_the_rules)
        findings = shacl_findings(results, names) + findings
        for saved, (variables, rows) in zip(self.checks, checked.result()):
            for row in rows:
                findings.append(check_finding(saved, variables, [None if value is None else graph.term(value)
                                                                 for value in row], names))
        findings.sort(key=lambda f: (f.message, f.value))  # ties of kg.reference.validate's order: by message, value
        findings.sort(key=lambda f: (f.severity != "Violation", f.files, f.focus, f.rule, f.path))
        return ValidationReport(findings, results)


    def _check_rows(self) -> list:
        """(variable names, rows) of each check of queries/checks/, in order."""
        return [self.store.rows(saved.text, PREFIX_IRIS, name=f"queries/checks/{saved.name}.rq") for saved in self.checks]


def _undefined(sources: Sources, index: TripleIndex) -> tuple[list, dict]:
    """The data's triples (rdflib terms) that use a name nothing defines (kg.validation.undefined), and {name:
    what is wrong with it}; the properties read from the index's keys, the classes from its rdf:type
    triples (class -> instances, which SHACL's targets made already), the ontology's terms and the data's
    things among the distinct objects (0.3 s at a million triples)."""
    instances, objects = index.into(_TYPE), set(map(itemgetter(2), sources.data))
    types = [(s, term) for term in instances if term[1:-1] in TERM_CLASSES for s in instances[term]]
    unknown = unknown_terms(vocabulary(sources.ontology, types, _iri), [p[1:-1] for p in index.by_predicate],
                            [c[1:-1] for c in instances if c[0] == "<"],
                            [o[1:-1] for o in objects if o.startswith(_OO)])
    ontology_subjects = set(map(itemgetter(0), sources.ontology))
    unknown.update(undescribed([o[1:-1] for o in objects if o.startswith(_OI) and o not in sources.subject_files
                                and o not in ontology_subjects], (s[1:-1] for s in sources.subject_files if s[0] == "<")))
    if not unknown:
        return [], unknown
    used = {f"<{term}>" for term in unknown}
    return [tuple(rdflib_term(parse_term(term)) for term in triple) for triple in sources.data
            if triple[1] in used or triple[2] in used], unknown


_TYPE, _OO, _OI = term_string(RDF.type), f"<{OO}", f"<{OI}"


def _iri(term: str) -> str | None:
    return term[1:-1] if term[0] == "<" else None


def _refused_literals(triples) -> tuple[list, dict]:
    """The triples (rdflib terms) whose typed literal kg refuses, and {literal: the literal SPARQL answers in
    its place} for those that are well-typed but answered in another form (kg.core.datatypes.answered_otherwise);
    each distinct literal read once (the distinct objects found first, by set(map(...)), which loops in C: at
    a million triples, 0.45 s where a comprehension over the triples took 1 s, measured)."""
    typed = {o for o in set(map(itemgetter(2), triples)) if o[0] == '"' and o[-1] == ">"}
    terms = {o: rdflib_literal(o) for o in typed}
    bad = {o for o, term in terms.items() if getattr(term, "ill_typed", False)}
    answered = answered_otherwise(typed - bad)
    bad |= answered.keys()
    triples = [(rdflib_term(parse_term(s)), rdflib_term(parse_term(p)), terms[o]) for s, p, o in triples if o in bad] if bad else []
    return triples, {terms[o]: rdflib_literal(form) for o, form in answered.items()}


def validate_project(project: Project, unwritten: dict | None = None, reasoner=None) -> ValidationReport:
    """`kg validate`: the project's sources parsed and validated, on the engine; what the SPARQL rules
    read kept in the build's cache (rdflib's parser took 1.7 s of a 2.2 s validation of the seed data).
    `unwritten`: path -> bytes of data files not on disk yet (kg add's draft, validated before it is written).
    Files unchanged since the last build are read from the cache, as the build reads them, and the entries
    of the sections it read that it did not use are removed (older versions of files, rules and checks).
    Python's cycle collector is paused meanwhile, as in a build (kg.core.collector). `reasoner`: as
    validate_sources'."""
    cache = Cache(project)
    with collector_paused():
        report = validate_sources(load_sources(project, cache, unwritten), project, cache, reasoner)
    if project.whole and unwritten is None:  # (not a part of the data; not kg add's draft, which is no file yet)
        cache.prune()  # as kg build does: a .kg-cache/ a CI keeps from run to run holds what the last one used
    return report


def validate_sources(sources: Sources, project: Project, cache: Cache | None = None, reasoner=None) -> ValidationReport:
    """Sources already read (kg add's project and draft) validated as kg validate validates the project's:
    the shapes, then the project's checks; ill-typed literals too. `reasoner`: (ontology, data, cache) -> the
    messages of what the build's reasoner refuses as inconsistent (kg.build.reason.inconsistencies, given by
    kg.engines: validation comes before the build's stages), each then a finding."""
    inconsistent = None if reasoner is None else (lambda: reasoner(sources.ontology, sources.data, cache))
    return Validation(sources, TripleIndex(sources.ontology | sources.data), check_queries(project, cache),
                      cache).report(literals=True, inconsistent=inconsistent)
