"""Regression: the nothing-silent rules once made validation of a million triples take 24 GB and be killed.

Each OPTIONAL of PeriodStated, OccasionStated, VenueStated and QuoteMarks joined two patterns that share
no variable inside it (the figure's evidence spans, and every mention of every event), relying on the
outer pattern to connect them: Oxigraph evaluated the OPTIONAL on its own, a cross product of all spans
with all mentions. An OPTIONAL (or a MINUS, or a group of a check) whose patterns fall apart into
unconnected parts is that fault; none may have one.

A UNION written after patterns at a rule's top level is the same kind of fault: Oxigraph evaluates the
UNION on its own, over all the data, and joins the rows after (oos:DerivationByAgentShape, `$this
oo:derivation ?d . { ?d oo:derivedBy ?value } UNION { ?voiced oo:mentionsFigure $this ; ... }`, took 7 s
of a 12 s `kg validate` at a million triples; with the pattern carried into each branch, 0.2 s).

The reference (pySHACL on rdflib) runs a rule once per focus node, and rdflib plans each group's patterns
before it knows that $this, or anything the rows bring into an OPTIONAL, is bound: it began `OPTIONAL {
$this oo:describedIn ?value ; oo:inferredValue ?marker . ?marker oo:inferredProperty oo:describedIn ... }` by
reading every marker of the data, for each row of each focus node (oos:DescribedAcrossReportsShape: 3.2 s of a
6.7 s reference validation of the seed; 1 s with the patterns from $this in a group of their own, which rdflib
reads first). Each OPTIONAL of a rule begins, in rdflib's plan, with a pattern that uses a variable bound
before it.

A pattern joined only to ask that something exists (`$this oo:evidence ?any .`, ?any named nowhere else) makes a
row for each match: oos:DateStatedShape joined its 34 K dated rows with their spans, 1.8 s of a 1 M validation,
0.5 s written `FILTER EXISTS { $this oo:evidence ?any }`. No rule's top level joins such a pattern."""

from __future__ import annotations

import pytest
from rdflib import Graph, Variable
from rdflib.plugins.sparql import prepareQuery

from kg.sparql.saved import check_queries
from kg.sparql.parsing import algebra_nodes
from kg.core.namespaces import PREFIX_IRIS, SH


def parts(triples) -> int:
    """How many unconnected parts the triple patterns make (patterns joined by a shared variable)."""
    parent: dict = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for triple in triples:
        variables = [t for t in triple if isinstance(t, Variable)]
        for other in variables[1:]:
            parent[root(other)] = root(variables[0])
    return len({root(t) for triple in triples for t in triple if isinstance(t, Variable)})


def cross_products(text: str, prefixes: dict) -> list:
    """The OPTIONAL and MINUS groups of a query whose patterns fall apart."""
    found = []
    for node in algebra_nodes(prepareQuery(text, initNs=prefixes).algebra):
        if node.name in ("LeftJoin", "Minus"):
            inner = [t for n in algebra_nodes(node.p2) if n.name == "BGP" for t in n.triples]
            if parts(inner) > 1:
                found.append(inner)
    return found


TOP_LEVEL = {"SelectQuery", "Project", "Distinct", "Reduced", "OrderBy", "Filter", "Extend", "ToMultiSet", "Join",
             "Slice", "Group", "AggregateJoin"}


def late_unions(text: str, prefixes: dict) -> list:
    """The UNIONs joined after other patterns at the query's top level (not inside an OPTIONAL or EXISTS,
    which Oxigraph evaluates with the rows before them bound)."""
    found, todo = [], [prepareQuery(text, initNs=prefixes).algebra]
    while todo:
        node = todo.pop()
        if node.name == "Join" and node.p2.name == "Union":
            found.append(node.p2)
        if node.name == "LeftJoin":
            todo.append(node.p1)
        elif node.name in TOP_LEVEL:
            todo.extend(node[key] for key in ("p", "p1", "p2") if getattr(node.get(key), "name", None))
    return found


def _occurrences(node, counts: dict) -> None:
    """Count each variable where the query names it: once in each triple pattern, expression and projection."""
    if isinstance(node, Variable):
        counts[node] = counts.get(node, 0) + 1
    elif isinstance(node, dict):  # (a CompValue; its "_vars" and the like repeat what it holds)
        for key, value in node.items():
            if not key.startswith("_"):
                _occurrences(value, counts)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            _occurrences(value, counts)


def existence_joins(text: str, prefixes: dict) -> list:
    """The triple patterns at the query's top level (not in an OPTIONAL, MINUS or EXISTS) with a variable that no
    other pattern, expression or projection names, whose other variables other patterns there bind: joined only
    to say that a match exists. (A pattern that alone binds $this is how the rule finds its focus nodes.)"""
    algebra = prepareQuery(text, initNs=prefixes).algebra
    counts: dict = {}
    _occurrences(algebra, counts)
    top, todo = [], [algebra]
    while todo:
        node = todo.pop()
        if node.name == "BGP":
            top += node.triples
        if node.name == "LeftJoin":
            todo.append(node.p1)
        elif node.name in TOP_LEVEL | {"Union"}:
            todo.extend(node[key] for key in ("p", "p1", "p2") if getattr(node.get(key), "name", None))

    def bound_elsewhere(term, triple) -> bool:
        return any(term in other for other in top if other is not triple)

    return [triple for triple in top
            if any(isinstance(term, Variable) and counts[term] == 1 for term in triple)
            and all(bound_elsewhere(term, triple) for term in triple if isinstance(term, Variable) and counts[term] > 1)]


def bound_before(node) -> set:
    """The variables the rows an OPTIONAL is evaluated for may bind: $this, and those of the patterns before it."""
    return {Variable("this")} | {term for n in algebra_nodes(node) if n.name == "BGP"
                                 for triple in n.triples for term in triple if isinstance(term, Variable)}


def optionals_begun_unbound(text: str, prefixes: dict) -> list:
    """The first triple pattern, as rdflib evaluates it, of each OPTIONAL that begins with a pattern using
    no variable bound before it (rdflib reads every triple that pattern matches, once a row)."""
    found = []
    for node in algebra_nodes(prepareQuery(text, initNs=prefixes).algebra):
        if node.name == "LeftJoin":
            first = next((n.triples[0] for n in algebra_nodes(node.p2) if n.name == "BGP" and n.triples), None)
            if first is not None and not bound_before(node.p1) & {t for t in first if isinstance(t, Variable)}:
                found.append(first)
    return found


def rules(project):
    shapes = Graph().parse(project.shapes_file)
    prefixes = {str(p): str(ns) for p, ns in shapes.namespaces()}
    for constraint in shapes.subjects(SH.select, None):
        shape = shapes.value(predicate=SH.sparql, object=constraint)
        yield str(shape).rsplit("#", 1)[-1], str(shapes.value(constraint, SH.select)), prefixes
    for saved in check_queries(project):
        yield f"checks/{saved.name}", saved.text, dict(PREFIX_IRIS)


def test_no_rule_joins_unconnected_patterns_in_an_optional(project):
    faults = {name: found for name, text, prefixes in rules(project) if (found := cross_products(text, prefixes))}
    assert not faults, faults


def test_no_rule_joins_a_union_after_other_patterns_at_its_top_level(project):
    faults = [name for name, text, prefixes in rules(project) if late_unions(text, prefixes)]
    assert not faults, faults


def test_no_rule_joins_a_pattern_only_to_ask_that_a_match_exists(project):
    faults = {name: found for name, text, prefixes in rules(project) if (found := existence_joins(text, prefixes))}
    assert not faults, faults


@pytest.mark.parametrize("where, expected", [
    # oos:DateStatedShape as it was: a row for each of a dated node's spans
    ("{ $this <urn:d> ?value } UNION { $this <urn:y> ?value } $this <urn:e> ?any", 1),
    ("{ $this <urn:d> ?value } UNION { $this <urn:y> ?value } FILTER EXISTS { $this <urn:e> ?any }", 0),
    ("$this <urn:e> ?span . ?span <urn:x> ?value", 0),  # ?span joins two patterns
    ("$this <urn:e> ?span OPTIONAL { ?span <urn:x> ?other }", 0),  # named in the OPTIONAL
    ("$this <urn:e> ?span . FILTER (?span != $this)", 0),  # named by an expression
    ("$this <urn:e> ?value", 0),  # projected
    ("$this <urn:d> ?value OPTIONAL { $this <urn:e> ?any }", 0),  # an OPTIONAL's own
    ("$this <urn:i> ?property OPTIONAL { $this <urn:b> ?basis } FILTER (!BOUND(?basis))", 0),  # it binds $this
])
def test_a_pattern_joined_only_for_its_existence_is_found(where, expected):
    assert len(existence_joins(f"SELECT $this ?value WHERE {{ {where} }}", {})) == expected


def test_each_optional_of_a_rule_begins_where_the_rows_bind_it_in_the_references_plan(project):
    faults = {name: found for name, text, prefixes in rules(project) if (found := optionals_begun_unbound(text, prefixes))}
    assert not faults, faults


@pytest.mark.parametrize("inner, expected", [
    # oos:DescribedAcrossReportsShape as first written: rdflib began with `?marker oo:inferredProperty ...`
    ("$this <urn:d> ?value ; <urn:i> ?marker . ?marker <urn:p> <urn:d> ; <urn:v> ?value", 1),
    ("{ $this <urn:d> ?value ; <urn:i> ?marker } ?marker <urn:p> <urn:d> ; <urn:v> ?value", 0),
    ("?value <urn:d> ?marker", 0),  # ?value: bound by the rows
    ("?value <urn:d> ?marker . ?marker <urn:p> <urn:d>", 1),  # rdflib begins with the pattern of more constants
])
def test_an_optional_begun_unbound_is_found(inner, expected):
    text = f"SELECT $this WHERE {{ $this <urn:r> ?value OPTIONAL {{ {inner} }} }}"
    assert len(optionals_begun_unbound(text, {})) == expected


@pytest.mark.parametrize("where, expected", [
    ("$this <urn:p> ?d . { ?d <urn:q> ?value } UNION { ?v <urn:r> $this }", 1),  # the fault
    ("{ $this <urn:p> ?d . ?d <urn:q> ?value } UNION { $this <urn:p> ?d . ?v <urn:r> $this }", 0),
    ("{ $this <urn:p> ?value } UNION { $this <urn:q> ?value } $this <urn:r> ?any", 0),  # the UNION first
    ("$this <urn:p> ?d OPTIONAL { ?d <urn:s> ?x { ?x <urn:q> ?v } UNION { ?x <urn:r> ?v } }", 0),  # bound by the rows
    # oos:DescribedAcrossReportsShape as first written: a node's reports twice, each a UNION, joined (70 s of a 73 s
    # kg validate at 128,000 generated triples); property paths from the few nodes of its types: 0.1 s
    ("{ $this <urn:e>/<urn:s> ?value } UNION { ?f <urn:o> $this ; <urn:r> ?value } "
     "{ $this <urn:e>/<urn:s> ?other } UNION { ?g <urn:o> $this ; <urn:r> ?other }", 1),
])
def test_a_late_union_is_found(where, expected):
    assert len(late_unions(f"SELECT $this WHERE {{ {where} }}", {})) == expected


@pytest.mark.parametrize("inner, expected", [
    ("$this <urn:p> ?span . ?value <urn:q> ?mention", 1),  # the fault: two parts joined only outside
    ("$this <urn:p> ?span ; <urn:r> ?value . ?value <urn:q> ?mention", 0),  # connected inside
])
def test_a_cross_product_is_found(inner, expected):
    text = f"SELECT $this WHERE {{ $this <urn:r> ?value OPTIONAL {{ {inner} }} }}"
    assert len(cross_products(text, {})) == expected
