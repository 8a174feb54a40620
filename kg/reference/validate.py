"""SHACL validation (pySHACL) of the merged graph, plus SPARQL checks that must return no rows."""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from itertools import chain

import re

import pyshacl
from pyshacl.constraints.core import string_based_constraints
from pyshacl.constraints.core.property_pair_constraints import LessThanConstraintComponent, LessThanOrEqualsConstraintComponent
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.core.datatypes import answered_literals, keep_forms
from kg.core.errors import KGError, one_line
from kg.core.regex import xpath
from kg.core.namespaces import OI
from kg.validation.findings import (Namer, empty_file_findings, ValidationReport, check_finding, literal_findings,
                                shacl_findings)
from kg.validation.stated import stated_findings
from kg.validation.undefined import undefined_findings, undescribed, unknown_terms, vocabulary
from kg.sparql.safety import check_shapes
from kg.validation.shape_parameters import check_parameters
from kg.reference.load import Sources
from kg.reference.query import answer, evaluated_as_specified
from kg.reference.reason import inconsistencies
from kg.validation.inconsistency import inconsistency_findings


def shacl(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph, str]:
    """Validate `data` against `shapes`, with the ontology mixed in for class hierarchy.

    One merged graph, never a Dataset: pySHACL validates named graphs separately, which would break
    links across report files. No inference here; the reasoner runs apart (kg.reference.reason).
    """
    try:
        with _queries_parsed_once():
            conforms, results, text = pyshacl.validate(
                data,
                shacl_graph=shapes,
                ont_graph=ontology,
                inference="none",
                advanced=True,
                allow_warnings=True,
            )
    except (ReportableRuntimeError, TypeError, ValueError, ArithmeticError, RecursionError) as error:  # (ill-typed values)
        raise KGError(f"the reference (pySHACL) stopped on this data ({type(error).__name__}: {one_line(error, 120)}), "
                      "as it does on some ill-typed values or a blank node where a number is compared: `kg validate` "
                      "on Oxigraph, the default engine, says what is wrong and where") from None
    finally:
        keep_forms()  # (pySHACL set rdflib back to rewriting a literal's form: kg.core.datatypes)
    if not isinstance(results, Graph):  # pySHACL could not run a shape (its ValidationFailure, not a report)
        raise KGError(f"the shapes cannot be validated: {' '.join(text.split())}")
    return conforms, results, text


class _PatternsAsOxigraph:
    """pySHACL's sh:pattern compiled by kg.core.regex, as the engine's (kg.validation.shacl.core): Python's `re`
    let "...\\n" match "^[0-9a-f]{64}$" (its module's `re`, which it reads for nothing else)."""
    I, M = re.I, re.M

    @staticmethod
    def compile(pattern, flags=0):
        return xpath(pattern, ("i" if flags & re.I else "") + ("m" if flags & re.M else ""))


string_based_constraints.re = _PatternsAsOxigraph


def _ill_typed_compares_with_nothing(compare):
    """pySHACL's sh:lessThan(OrEquals) ordered an ill-typed literal as rdflib does ("1e3"^^xsd:integer < 3 is
    true there); SPARQL's < cannot compare it, and SHACL (4.5.3) makes values that cannot be compared a result,
    as the engine does (kg.validation.shacl.core._less). Each other pair is pySHACL's own."""
    def compared(self, value_nodes, compare_values, datagraph, focus):
        if not any(_ill_typed(node) for node in chain(value_nodes, compare_values)) or not compare_values:
            return compare(self, value_nodes, compare_values, datagraph, focus)
        non_conformant, reports = False, []
        for value in value_nodes:
            for other in compare_values:
                if _ill_typed(value) or _ill_typed(other):
                    found, results = True, [self.make_v_result(datagraph, focus, value_node=value)]
                else:
                    found, results = compare(self, {value}, {other}, datagraph, focus)
                non_conformant, reports = non_conformant or found, reports + results
        return non_conformant, reports
    return compared


def _ill_typed(node) -> bool:
    return isinstance(node, Literal) and bool(getattr(node, "ill_typed", False))


LessThanConstraintComponent._compare_lt = _ill_typed_compares_with_nothing(LessThanConstraintComponent._compare_lt)
LessThanOrEqualsConstraintComponent._compare_ltoe = _ill_typed_compares_with_nothing(
    LessThanOrEqualsConstraintComponent._compare_ltoe)


@lru_cache(maxsize=1024)
def _translated(text, base, namespaces):
    from rdflib.plugins.sparql import parser, algebra

    translated = algebra.translateQuery(parser.parseQuery(text), base, dict(namespaces) if namespaces is not None else None)
    evaluated_as_specified(translated.algebra)
    return translated


@contextmanager
def _queries_parsed_once():
    """Parse each SPARQL constraint once, not once per focus node, nor once per validation.

    pySHACL runs a SPARQL-based constraint as query text for every focus node, and rdflib parses
    the text each time: most of validation's time. A translated query is reusable (it is what
    rdflib's prepareQuery returns), so while we validate, text -> translated query is cached (for the
    process: the shapes are the same from one validation to the next, and a third of the time of
    validating the shapes' 140 fixtures one by one went to parsing them again).
    """
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
    from rdflib.plugins.sparql import processor

    parse, translate = processor.parseQuery, processor.translateQuery
    check = SPARQLQueryHelper.check_invalid_sparql
    processor.parseQuery = lambda text: text
    processor.translateQuery = lambda text, base=None, initNs=None: _translated(
        text, base, tuple(sorted(initNs.items())) if initNs else None)
    SPARQLQueryHelper.check_invalid_sparql = _checked_once(check)
    try:
        yield
    finally:
        processor.parseQuery, processor.translateQuery = parse, translate
        SPARQLQueryHelper.check_invalid_sparql = check


_CHECKED: set = set()


def _checked_once(check):
    """pySHACL also checks a constraint's text (no MINUS, VALUES or SERVICE; pre-bound variables selected)
    with regular expressions for every focus node: a tenth of validation's time, for an answer that depends
    on the text alone. A text that passed is not checked again; one that fails raises every time."""
    def checked(helper, sparql_text, valuenode=None, extravars=None):
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key not in _CHECKED:
            check(helper, sparql_text, valuenode=valuenode, extravars=extravars)
            _CHECKED.add(key)
        return True
    return checked


def _refused_literals(data) -> tuple[list, dict]:
    """The triples whose typed literal kg refuses: ill-typed, or answered by SPARQL in another form than it is
    written in (kg.core.datatypes.answered_literals, which asks Oxigraph's store: that rule is the store's form),
    with {literal: the literal answered in its place} for the latter."""
    typed = {o for o in data.objects() if isinstance(o, Literal) and o.datatype is not None
             and o.datatype != XSD.string and not o.ill_typed}
    answered = answered_literals(typed)
    return [(s, p, o) for s, p, o in data if getattr(o, "ill_typed", False) or o in answered], answered


def _undefined(sources: Sources) -> tuple[list, dict]:
    """The data's triples that use a name nothing defines (kg.validation.undefined), and {name: what is wrong with it}."""
    data, iri = sources.data, lambda term: str(term) if isinstance(term, URIRef) else None
    unknown = unknown_terms(vocabulary(sources.ontology, data.subject_objects(RDF.type), iri),
                            {str(p) for p in data.predicates(unique=True)},
                            {str(o) for o in data.objects(None, RDF.type, unique=True) if isinstance(o, URIRef)},
                            {str(o) for o in data.objects(unique=True) if isinstance(o, URIRef)})
    described = set(data.subjects(unique=True)) | set(sources.ontology.subjects(unique=True))
    unknown.update(undescribed([str(o) for o in data.objects(unique=True) if isinstance(o, URIRef)
                                and str(o).startswith(str(OI)) and o not in described], map(str, described)))
    return [(s, p, o) for s, p, o in data if str(p) in unknown or str(o) in unknown], unknown


def validate(sources: Sources, checks=(), consistency: bool = False) -> ValidationReport:
    """SHACL over ontology + data, then each check query (a violation per row it returns); with `consistency`
    (kg validate), each thing owlrl finds inconsistent too (the build has refused them before it validates)."""
    check_parameters(sources.shapes)
    check_shapes(sources.shapes)
    conforms, results, _ = shacl(sources.data, sources.shapes, sources.ontology)
    names = Namer(sources)
    refused, answered = _refused_literals(sources.data)
    findings = shacl_findings(results, names) + literal_findings(refused, names, answered)
    findings += undefined_findings(*_undefined(sources), names)
    # the ontology's and the data's triples, read once into the rules' index: not through sources.asserted(), a third
    # rdflib graph of both (0.13 s of a validation of the seed, more than the rules themselves)
    findings += stated_findings(chain(sources.ontology, sources.data), names)
    findings += empty_file_findings(sources.empty)
    asserted = sources.asserted() if checks or consistency else None
    if consistency:
        findings += inconsistency_findings(inconsistencies(asserted), names)  # (once: each check only reads it)
    for check in checks:
        answered = answer(asserted, check.text)
        findings.extend(check_finding(check, answered.variables, row, names) for row in answered.rows)
    findings.sort(key=lambda f: (f.severity != "Violation", f.files, f.focus, f.rule, f.path))
    return ValidationReport(findings, results)


