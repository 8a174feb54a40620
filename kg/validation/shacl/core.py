"""The SHACL Core constraint components, evaluated over the engine's index of N-Triples string triples.

pySHACL (kg.reference.validate) evaluates them over rdflib, node by node; the earlier engine ran each as a
SPARQL query joining the focus nodes with their values in Oxigraph (282 queries, 27 s on a million
triples, measured). Here a shape's focus nodes and their value nodes come from the index once, each
component is a test of those, and a test of a value alone is made once per distinct value. The
semantics are pySHACL's, component by component (the spec's sections, in its order): tests compare
the results with pySHACL's for every component and on every shape fixture.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from itertools import chain
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.validation.shacl.shapes import Constraint, Shape, Unsupported
from kg.core.regex import xpath
from kg.core.terms import lexical_form, parse_term, rdflib_term
from kg.core.namespaces import SH

TYPE, SUBCLASS = f"<{RDF.type}>", f"<{RDFS.subClassOf}>"
XSD_STRING, LANG_STRING = f"<{XSD.string}>", f"<{RDF.langString}>"
RDFS_LITERAL, RDFS_DATATYPE = f"<{RDFS.Literal}>", f"<{RDFS.Datatype}>"
VALUE_TYPES = {XSD.integer: int, XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: datetime.date,
               XSD.time: datetime.time, XSD.dateTime: datetime.datetime}  # pySHACL's "actual datatype"
NODE_KINDS = {SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<",
              SH.BlankNodeOrLiteral: '_"', SH.IRIOrLiteral: '<"'}


class DataGraph:
    """The data graph of a validation (data and ontology) over a kg.core.triples.TripleIndex: values by
    predicate, SHACL instances (rdf:type, then rdfs:subClassOf*), and terms as rdflib sees them."""

    def __init__(self, index):
        self.index = index
        self._instances: dict = {}
        self._below: dict = {}
        self._terms: dict = {}
        self.conformance: dict = {}  # (shape, node) -> conforms, for nested shapes
        self.comparable: dict = {}  # term -> what sh:lessThan compares

    def objects(self, subject: str, predicate: str):
        return self.index.out(predicate).get(subject, ())

    def subjects(self, predicate: str, obj: str):
        return self.index.into(predicate).get(obj, ())

    def all_nodes(self) -> set:
        return {t for triples in self.index.by_predicate.values() for s, _, o in triples for t in (s, o) if t[0] != '"'}

    def _closure(self, start: str, step, made: dict) -> set:
        found = made.get(start)
        if found is None:
            found, todo = {start}, [start]
            while todo:
                for other in step(todo.pop()):
                    if other not in found:
                        found.add(other)
                        todo.append(other)
            made[start] = found
        return found

    def subclasses(self, cls: str) -> set:
        """The class and every class below it by rdfs:subClassOf*."""
        return self._closure(cls, lambda c: self.subjects(SUBCLASS, c), self._below)

    def instances(self, cls: str) -> frozenset:
        """The SHACL instances of the class (rdf:type, then rdfs:subClassOf*), found once for each class: the
        focus nodes of sh:targetClass, and what sh:class looks a value up in (value by value, up its types'
        superclasses, sh:class took 0.5 s at a million triples; SHACL Core 0.6 s less so: measured)."""
        found = self._instances.get(cls)
        if found is None:
            found = self._instances[cls] = frozenset(
                node for sub in self.subclasses(cls) for node in self.subjects(TYPE, sub))
        return found

    def term(self, text: str):
        """The rdflib term of an N-Triples string (converted once)."""
        found = self._terms.get(text)
        if found is None:
            found = self._terms[text] = rdflib_term(parse_term(text))
        return found

    def focus_nodes(self, shape: Shape) -> set:
        found = set()
        for kind, term in shape.targets:
            if kind == "class":
                found |= self.instances(term)
            elif kind == "node":
                found.add(term)
            elif kind == "subjectsOf":
                found.update(self.index.out(term))
            else:
                found.update(self.index.into(term))
        return found


# ------------------------------------------------------------------ evaluating a shape

def violations(graph: DataGraph, shape: Shape, focus_nodes) -> Iterator[tuple]:
    """(shape, constraint, focus node, value node or None, result path node) for each result of the
    shape's own constraints and its property shapes' (not the SPARQL ones: kg.validation.shacl.sparql)."""
    if shape.deactivated:
        return
    if shape.path is None:
        values = {f: (f,) for f in focus_nodes}
    else:
        values = shape.path.value_map(graph, focus_nodes)
    distinct = None
    for constraint in shape.constraints:
        if constraint.component in VALUE_TESTS and distinct is None:
            distinct = set(chain.from_iterable(values.values()))
        for focus, value, path in evaluate(graph, shape, constraint, values, distinct):
            yield shape, constraint, focus, value, path
    for prop in shape.properties:
        yield from violations(graph, prop, focus_nodes)


def conforms(graph: DataGraph, shape: Shape, node: str) -> bool:
    """Whether `node` conforms to `shape` (for sh:node, sh:not, sh:and, sh:or, sh:xone, qualified shapes):
    no result at all, whatever its severity, as pySHACL decides."""
    key = (id(shape), node)
    found = graph.conformance.get(key)
    if found is None:
        if shape.sparql:
            raise Unsupported(f"sh:sparql in the nested shape {shape.node}: not evaluated by the engine")
        found = graph.conformance[key] = next(violations(graph, shape, (node,)), None) is None
    return found


def evaluate(graph: DataGraph, shape: Shape, constraint: Constraint, values: dict, distinct=None) -> Iterator[tuple]:
    """(focus node, value node or None, result path) for each result of one constraint; `values`: focus
    node -> its value nodes (the focus node itself for a node shape); `distinct`: all those value nodes
    (a test of one value is made once per distinct value)."""
    name, parameter, path = constraint.component, constraint.parameter, shape.path_node
    per_value = VALUE_TESTS.get(name)
    if per_value is not None:
        if distinct is None:
            distinct = set(chain.from_iterable(values.values()))
        failing = {value for value in distinct if not per_value(graph, parameter, value)}
        if failing:
            for focus, nodes in values.items():
                for value in nodes:
                    if value in failing:
                        yield focus, value, path
        return
    if name in ("minCount", "maxCount"):
        for focus, nodes in values.items():
            if (len(nodes) < parameter) if name == "minCount" else (len(nodes) > parameter):
                yield focus, None, path
    elif name == "uniqueLang":
        for focus, nodes in values.items():
            languages = [language(graph, v).lower() for v in nodes if language(graph, v)]
            for _ in {lang for lang in languages if languages.count(lang) > 1}:
                yield focus, None, path
    elif name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
        for focus, nodes in values.items():
            others = set(graph.objects(focus, parameter))
            for value in PAIRS[name](graph, set(nodes), others):
                yield focus, value, path
    elif name in ("qualifiedMinCount", "qualifiedMaxCount"):
        qualified, number, siblings = parameter
        for focus, nodes in values.items():
            count = sum(1 for v in nodes if conforms(graph, qualified, v)
                        and not any(conforms(graph, sibling, v) for sibling in siblings))
            if (count < number) if name == "qualifiedMinCount" else (count > number):
                yield focus, None, path
    elif name == "closed":
        allowed = {prop.path.predicate for prop in shape.properties if prop.path.kind == "predicate"} | parameter
        for focus, nodes in values.items():
            for value in nodes:
                for predicate, triples in graph.index.by_predicate.items():
                    if predicate not in allowed:
                        for other in graph.objects(value, predicate):
                            yield focus, other, graph.term(predicate)
    elif name == "hasValue":
        for focus, nodes in values.items():
            if parameter not in nodes:
                yield focus, None, path
    else:
        raise Unsupported(f"sh:{name}: not evaluated by the engine")


# ------------------------------------------------------------------ value tests (pySHACL's, value by value)

def lexical(graph: DataGraph, value: str) -> str:
    """SPARQL's STR(): an IRI's text, a literal's lexical form."""
    if value[0] == "<":
        return value[1:-1]
    return lexical_form(value) if value[0] == '"' else value[2:]


def language(graph: DataGraph, value: str) -> str:
    if value[0] != '"' or value[-1] == '"' or value[-1] == ">":
        return ""
    return value[value.rindex('"') + 2:]


def _class(graph: DataGraph, cls: str, value: str) -> bool:
    return value in graph.instances(cls)  # (never a literal: a literal is the subject of no rdf:type)


def _datatype(graph: DataGraph, datatype: str, value: str) -> bool:
    if value[0] != '"':
        return False
    if datatype == RDFS_LITERAL:
        return True
    if value[-1] == '"':  # a plain literal: xsd:string
        return datatype == XSD_STRING
    if value[-1] != ">":  # a language-tagged literal
        return datatype == LANG_STRING
    if datatype == RDFS_DATATYPE:
        return True
    if not value.endswith(f"^^{datatype}"):
        return False
    term = graph.term(value)
    if getattr(term, "ill_typed", None) is True:
        return False
    expected = VALUE_TYPES.get(term.datatype)
    return expected is None or isinstance(term.value, expected)


def _node_kind(graph: DataGraph, kind, value: str) -> bool:
    return value[0] in NODE_KINDS[kind]


def _compare(graph: DataGraph, bound: Literal, value: str) -> int | None:
    """pySHACL's comparison of a value node with a range bound: None where they cannot be compared."""
    if value[0] != '"':
        return None
    literal = graph.term(value)
    if isinstance(bound.value, str) != isinstance(literal.value, str):
        return None
    try:
        if literal.eq(bound):
            return 0
        if literal.value.__class__ in (datetime.datetime, datetime.time):
            return 0 if literal.value == bound.value else (1 if literal.value > bound.value else -1)
        return 1 if literal > bound else -1
    except (TypeError, NotImplementedError):
        return None


def _range(test):
    def check(graph: DataGraph, bound, value: str) -> bool:
        found = _compare(graph, bound, value)
        return found is not None and test(found)
    return check


def _length(test):
    def check(graph: DataGraph, number: int, value: str) -> bool:
        return value[0] != "_" and test(len(lexical(graph, value)), number)
    return check



def _pattern(graph: DataGraph, parameter: tuple, value: str) -> bool:
    if value[0] == "_":
        return False
    pattern, flags = parameter
    return xpath(pattern, flags.lower()).search(lexical(graph, value)) is not None  # (as SPARQL's REGEX reads it)


def _language_in(graph: DataGraph, languages: set, value: str) -> bool:
    tag = language(graph, value).lower()
    return bool(tag) and ("*" in languages or tag in languages or tag.split("-")[0] in languages)


VALUE_TESTS = {
    "class": _class,
    "datatype": _datatype,
    "nodeKind": _node_kind,
    "minExclusive": _range(lambda c: c > 0),
    "minInclusive": _range(lambda c: c >= 0),
    "maxExclusive": _range(lambda c: c < 0),
    "maxInclusive": _range(lambda c: c <= 0),
    "minLength": lambda graph, number, value: number == 0 or _length(lambda n, m: n >= m)(graph, number, value),
    "maxLength": _length(lambda n, m: n <= m),
    "pattern": _pattern,
    "languageIn": _language_in,
    "not": lambda graph, shape, value: not conforms(graph, shape, value),
    "and": lambda graph, shapes, value: all(conforms(graph, s, value) for s in shapes),
    "or": lambda graph, shapes, value: any(conforms(graph, s, value) for s in shapes),
    "xone": lambda graph, shapes, value: sum(conforms(graph, s, value) for s in shapes) == 1,
    "node": lambda graph, shape, value: conforms(graph, shape, value),
    "in": lambda graph, members, value: value in members,
}


# ------------------------------------------------------------------ property pairs

def _less(graph: DataGraph, nodes: set, others: set, or_equal: bool) -> list:
    """pySHACL's sh:lessThan(OrEquals): IRIs and strings compare as text, other literals as rdflib
    compares them (numbers by value: compared here directly, which is what rdflib does with them). A blank
    node compares with nothing, so it is a result (SHACL 4.5.3: values that cannot be compared are), where
    pySHACL stops with an error."""
    found = []
    for value in nodes:
        left, left_kind = _comparable(graph, value)
        for other in others:
            right, right_kind = _comparable(graph, other)
            try:
                ok = left_kind == right_kind != BLANK and (left <= right if or_equal else left < right)
            except TypeError:
                ok = False
            if not ok:
                found.append(value)
    return found


BLANK = "blank node"  # the kind of what compares with nothing


def _comparable(graph: DataGraph, text: str) -> tuple:
    """(what to compare, its kind): text for IRIs and strings, a number for numbers, a blank node's label
    (kind BLANK), else the rdflib literal."""
    found = graph.comparable.get(text)
    if found is None:
        term = graph.term(text)
        if text[0] == "_":
            found = (text, BLANK)
        elif isinstance(term, URIRef):
            found = (str(term), "text")
        elif isinstance(term.value, str):
            found = (term.value, "text")
        elif isinstance(term.value, (int, float, Decimal)) and not isinstance(term.value, bool):
            found = (term.value, "number")
        else:
            found = (term, "literal")
        graph.comparable[text] = found
    return found


PAIRS = {
    "equals": lambda graph, nodes, others: [*(nodes - others), *(others - nodes)],
    "disjoint": lambda graph, nodes, others: sorted(nodes & others),
    "lessThan": lambda graph, nodes, others: _less(graph, nodes, others, False),
    "lessThanOrEquals": lambda graph, nodes, others: _less(graph, nodes, others, True),
}
