"""SPARQL-based constraints (sh:sparql): each SELECT run unchanged in Oxigraph.

SHACL pre-binds `$this` to each focus node in turn, which makes a constraint one query per focus node.
But `$this` and `?this` are one SPARQL variable: where the query's own pattern binds ?this (a triple
pattern every solution matches: not under OPTIONAL, MINUS, UNION on one side only, a subquery or
grouping), the query run once over the whole data returns, for each focus node, exactly the solutions
the pre-bound query returns for it. The engine then runs it once and keeps the rows whose ?this is a
focus node of the shape. Otherwise it runs the query once per focus node, with ?this bound as an RDF
term by pyoxigraph's substitutions (SEP-0007 pre-binding). The text of the query is never changed.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.graph.load import DATA, load_into
from kg.graph.shacl.shapes import SparqlConstraint, Unsupported
from kg.graph.terms import parse_term, term_string

THIS = Variable("this")
PASS_THROUGH = {"SelectQuery", "Project", "Distinct", "Reduced", "Slice", "OrderBy", "Filter", "Extend", "ToMultiSet",
                "Graph"}


def algebra(text: str, prefixes: dict, name):
    """The query's algebra (rdflib's parser: it is read, never rewritten)."""
    try:
        return prepareQuery(text, initNs=prefixes).algebra
    except Exception as error:  # rdflib's parser raises plain exceptions
        raise Unsupported(f"{name}: not valid SPARQL ({error})") from None


def binds_this(constraint: SparqlConstraint) -> bool:
    """Whether every solution of the constraint's pattern binds ?this by a triple pattern of its own
    (then one run over all the data answers for every focus node at once)."""
    algebra_ = algebra(constraint.select, constraint.prefixes, f"sh:sparql {constraint.node}")
    variables = set(_variables(algebra_))
    if {"shapesGraph", "currentShape"} & {str(v) for v in variables}:
        raise Unsupported(f"sh:sparql {constraint.node}: $shapesGraph and $currentShape are not bound by the engine")
    return _bound_by_pattern(algebra_) and not _regrouped(algebra_)


def triples_read(algebra_) -> dict | None:
    """predicate -> the objects its triple patterns name (None: any object), for every triple pattern of
    the query: only those triples can match it. None when a pattern's predicate is a variable or a
    negated set (then any triple can)."""
    found: dict = {}
    for node in _nodes(algebra_):
        if node.name not in ("BGP", "TriplesBlock"):
            continue
        for _s, predicate, obj in node.triples:
            if isinstance(predicate, URIRef):
                objects = found.setdefault(predicate, set())
                if objects is not None:
                    found[predicate] = objects | {obj} if isinstance(obj, URIRef) else None
                continue
            predicates = _path_predicates(predicate)
            if predicates is None:
                return None
            found.update((p, None) for p in predicates)
    return found


def _path_predicates(path) -> set | None:
    if isinstance(path, URIRef):
        return {path}
    if isinstance(path, (SequencePath, AlternativePath)):
        parts = [_path_predicates(p) for p in path.args]
        return None if None in parts else set().union(*parts)
    if isinstance(path, InvPath):
        return _path_predicates(path.arg)
    if isinstance(path, MulPath):
        return _path_predicates(path.path)
    return None  # a variable, or a negated property set (NegatedPath): any predicate


def _bound_by_pattern(node) -> bool:
    if not isinstance(node, CompValue):
        return False
    if node.name == "BGP":
        return any(THIS in triple for triple in node.triples)
    if node.name == "Join":
        return _bound_by_pattern(node.p1) or _bound_by_pattern(node.p2)
    if node.name in ("LeftJoin", "Minus"):
        return _bound_by_pattern(node.p1)
    if node.name == "Union":
        return _bound_by_pattern(node.p1) and _bound_by_pattern(node.p2)
    if node.name == "Extend" and node.var == THIS:
        return False
    if node.name in PASS_THROUGH:
        return _bound_by_pattern(node.p)
    return False


def _regrouped(algebra) -> bool:
    """Grouping, aggregates or a subquery: then a solution is not one focus node's."""
    names = [node.name for node in _nodes(algebra)]
    return names.count("Project") > 1 or "Group" in names or "AggregateJoin" in names


def _nodes(node):
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _nodes(value)


def _variables(node):
    if isinstance(node, Variable):
        yield node
    elif isinstance(node, CompValue):
        for value in node.values():
            yield from _variables(value)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            yield from _variables(value)


def solutions(store: ox.Store, constraint: SparqlConstraint, focus_nodes: set, graphs: list) -> list:
    """The constraint's solutions for the focus nodes, each a dict of variable name -> N-Triples string."""
    found = []
    if binds_this(constraint):
        result = store.query(constraint.select, prefixes=constraint.prefixes, default_graph=graphs)
        names = [v.value for v in result.variables]
        for solution in result:
            row = {name: str(term) for name in names if (term := solution[name]) is not None}
            if row.get("this") in focus_nodes:
                found.append(row)
        return found
    for focus in sorted(focus_nodes):
        result = store.query(constraint.select, prefixes=constraint.prefixes, default_graph=graphs,
                             substitutions={ox.Variable("this"): parse_term(focus)})
        names = [v.value for v in result.variables]
        for solution in result:
            row = {name: str(term) for name in names if (term := solution[name]) is not None}
            row["this"] = focus
            found.append(row)
    return found


def query_store(index, algebras: list) -> ox.Store:
    """An in-memory store (graph DATA) holding the triples of `index` that the queries (their algebras)
    can match: all of them if one query can match any triple, else those of the predicates (and, for
    rdf:type ..., the classes) the queries name. A million triples take seconds to load; the
    project's SPARQL constraints and checks read a third of them."""
    needed: dict | None = {}
    for query in algebras:
        read = triples_read(query)
        if read is None:
            needed = None
            break
        for predicate, objects in read.items():
            before = needed.get(predicate, set())
            needed[predicate] = None if before is None or objects is None else before | objects
    if needed is None:
        triples = (t for group in index.by_predicate.values() for t in group)
    else:
        wanted = {term_string(p): None if objects is None else {term_string(o) for o in objects}
                  for p, objects in needed.items()}
        triples = (t for predicate, objects in wanted.items() for t in index.by_predicate.get(predicate, ())
                   if objects is None or t[2] in objects)
    store = ox.Store()
    load_into(store, triples, DATA)
    return store
