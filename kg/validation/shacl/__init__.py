"""SHACL validation on the engine, laid out as the spec (and pySHACL) is:

    shapes  the shapes graph read once: node and property shapes, targets, paths, constraints
    core    the SHACL Core components, over the engine's index of string triples
    sparql  the SPARQL-based constraints, run unchanged in Oxigraph

and here, the results as pySHACL writes them (an sh:ValidationReport graph), which kg.validation turns
into findings. Tests compare them with pySHACL's component by component, on every shape fixture and on
generated corpora, intact and broken.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF

from kg.core.background import Background
from kg.validation.shacl.core import DataGraph, violations
from kg.validation.shacl.shapes import Shape, Shapes, Unsupported
from kg.validation.shacl.sparql import QueryStore, constraint_facts, query_facts, solutions
from kg.core.namespaces import SH
from kg.core.terms import parse_term

__all__ = ["DataGraph", "QueryStore", "Shapes", "Unsupported", "constraint_facts", "query_facts", "validate"]


def as_written(graph: DataGraph, focus: str, path: str | None, value: str) -> str:
    """`value`, a literal the store answered for (focus, path), as the data writes it: the store holds numbers and
    dates in their canonical form ("+2.5" is 2.5, "-0" is 0, "1e400" is INF), pySHACL names them as written, and
    a finding located "INF" at its focus node, the words "1e400" being nowhere in the file.

    >>> from kg.core.triples import TripleIndex
    >>> decimal = "<http://www.w3.org/2001/XMLSchema#decimal>"
    >>> graph = DataGraph(TripleIndex({("<urn:f>", "<urn:p>", f'"+2.50"^^{decimal}')}))
    >>> as_written(graph, "<urn:f>", "<urn:p>", f'"2.5"^^{decimal}') == f'"+2.50"^^{decimal}'
    True
    """
    if not value.startswith('"') or not path or not path.startswith("<"):
        return value
    written = graph.objects(focus, path)
    if value in written:
        return value
    return next((o for o in written if o.startswith('"') and canonical(o) == value), value)


def canonical(literal: str) -> str:
    """A literal's N-Triples string as Oxigraph's store holds it (its canonical form, for a number or a date)."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:kg:s"), ox.NamedNode("urn:kg:p"), parse_term(literal)))
    return str(next(iter(store)).object)


def component(name: str):
    """The IRI of a constraint component, from its parameter's local name (minCount -> sh:MinCountConstraintComponent)."""
    return SH[f"{name[0].upper()}{name[1:]}ConstraintComponent"]


class Results:
    """Validation results as pySHACL writes them: sh:ValidationResult nodes in an sh:ValidationReport."""

    def __init__(self, shapes: Shapes, graph: DataGraph):
        self.shapes, self.data = shapes, graph
        self.graph = Graph()
        self.report = BNode()
        self.conforms = True

    def add(self, shape: Shape, component_iri, focus: str, value: str | None, path=None, source_constraint=None,
            messages=None, bindings: dict | None = None, parent=None) -> BNode:
        """One result, in the report or (`parent`) as an sh:detail of another result."""
        graph, node, term = self.graph, BNode(), self.data.term
        add = graph.add
        add((self.report, SH.result, node) if parent is None else (parent, SH.detail, node))
        add((node, RDF.type, SH.ValidationResult))
        add((node, SH.sourceConstraintComponent, component_iri))
        add((node, SH.sourceShape, shape.node))
        self._described(shape.node)  # (a property shape is a blank node: `sh:sourceShape [ ]` told a reader nothing)
        add((node, SH.resultSeverity, shape.severity))
        add((node, SH.focusNode, term(focus)))
        if value is not None:
            add((node, SH.value, term(value)))
        if path is not None:
            add((node, SH.resultPath, path))
            self._described(path)  # (its structure: inverse, sequence)
        if source_constraint is not None:
            add((node, SH.sourceConstraint, source_constraint))
            self._described(source_constraint)  # (a blank node the report named and did not describe, where
            # pySHACL's describes it: found by a hostile read of `kg validate --format turtle`)
        for message in shape.messages if messages is None else messages:
            if bindings is not None and isinstance(message, Literal):  # pySHACL's {?var} / {$var}
                text = str(message.value)
                for name, bound in bindings.items():  # the value as it is: a backslash in it is no escape
                    text = re.sub("{{[?$]{}}}".format(re.escape(name)), lambda _, value=str(term(bound)): value, text)
                message = Literal(text)
            add((node, SH.resultMessage, message))
        if parent is None:
            self.conforms = self.conforms and shape.severity != SH.Violation
        return node

    def _described(self, node) -> None:
        """The shapes graph's description of a blank node the report names, blank nodes within it too, as pySHACL
        copies it."""
        todo = [node]
        while todo:
            for triple in self.shapes.graph.triples((todo.pop(), None, None)):
                if triple not in self.graph:
                    self.graph.add(triple)
                    if isinstance(triple[2], BNode):
                        todo.append(triple[2])

    def add_core(self, graph: DataGraph, found: tuple, parent=None) -> None:
        """A result of a SHACL Core constraint; for sh:node, the value's own results as its details (as pySHACL)."""
        shape, constraint, focus, value, path = found
        node = self.add(shape, component(constraint.component), focus, value, path, parent=parent)
        if constraint.component == "node":
            for detail in violations(graph, constraint.parameter, (value,)):
                self.add_core(graph, detail, parent=node)

    def finish(self) -> tuple[bool, Graph]:
        self.graph.add((self.report, RDF.type, SH.ValidationReport))
        self.graph.add((self.report, SH.conforms, Literal(self.conforms)))
        return self.conforms, self.graph


def _sparql_solutions(store: QueryStore, targeted: list) -> list:
    """(shape, constraint, its solutions for the shape's focus nodes) of each SPARQL-based constraint, two
    at a time: Oxigraph answers each without Python's lock, so once the Python around them is done both
    cores answer (at a million triples the rules are validation's longest path)."""
    asked = [(shape, constraint, focus_nodes) for shape, focus_nodes in targeted for constraint in shape.sparql]
    answers: list = [None] * len(asked)
    turns = iter(range(len(asked)))  # shared: each rule is taken by one of the two threads (next() holds the lock)

    def answer_in_turn() -> None:
        for turn in turns:
            try:
                answers[turn] = solutions(store, asked[turn][1], asked[turn][2])
            except Exception as error:  # (raised below: the first rule in order that fails, whichever thread ran it)
                answers[turn] = error

    other = Background(answer_in_turn)  # a daemon thread, as this one is: a command that stops does not wait
    answer_in_turn()                    # for the rules (Python waits at exit for a thread pool's threads)
    other.result()
    for answer in answers:
        if isinstance(answer, Exception):
            raise answer
    return [(shape, constraint, rows) for (shape, constraint, _), rows in zip(asked, answers)]


def validate(shapes: Shapes, graph: DataGraph, store: QueryStore, meanwhile=None) -> tuple[bool, Graph]:
    """(conforms, results graph) of the data in `graph` (and, for the SPARQL-based constraints, in `store`,
    which holds the same triples) against the shapes. The SPARQL-based constraints run in Oxigraph in a
    thread (once the store has loaded) while the SHACL Core components run here, in Python; their results
    are added after the Core components', in the order of the shapes, as one after the other added them.
    `meanwhile()`: the caller's own work, run here after the Core components, while Oxigraph may still be
    answering (at a million triples the rules outlast the Core components by seconds, one core idle)."""
    results = Results(shapes, graph)
    targeted = [(shape, graph.focus_nodes(shape)) for shape in shapes.targeted if not shape.deactivated]
    answered = Background(_sparql_solutions, store, targeted)
    for shape, focus_nodes in targeted:
        for found in violations(graph, shape, focus_nodes):
            results.add_core(graph, found)
    if meanwhile is not None:
        meanwhile()
    for shape, constraint, rows in answered.result():
        seen = set()
        for row in rows:
            key = tuple(sorted(row.items()))
            if key in seen:  # pySHACL reports a solution once per focus node
                continue
            seen.add(key)
            bindings = {name: term for name, term in row.items() if name not in ("this", "value")}
            bindings["this"] = row["this"]
            path = row.get("path")  # SHACL 5.3.2: ?path, when an IRI, is the result's path
            value = as_written(graph, row["this"], path, row.get("value", row["this"]))
            bindings["value"] = value
            results.add(shape, SH.SPARQLConstraintComponent, row["this"], value,
                        graph.term(path) if path and path.startswith("<") else None, constraint.node,
                        constraint.messages, bindings)
    return results.finish()
