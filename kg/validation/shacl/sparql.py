"""SPARQL-based constraints (sh:sparql): each SELECT run unchanged in Oxigraph.

SHACL pre-binds `$this` to each focus node in turn, which makes a constraint one query per focus node.
But `$this` and `?this` are one SPARQL variable: where the query's own pattern binds ?this (a triple
pattern every solution matches: not under OPTIONAL, MINUS, UNION on one side only or a subquery; under
grouping only as a key of every group; no LIMIT or OFFSET, which would count the rows of all focus nodes
together), the query run once over the whole data returns, for each focus node, exactly the solutions
the pre-bound query returns for it. The engine then runs it once and keeps the rows whose ?this is a
focus node of the shape. Otherwise it runs the query once per focus node, with ?this bound as an RDF
term by pyoxigraph's substitutions (SEP-0007 pre-binding). The text of the query is never changed.
"""

from __future__ import annotations

import os
import tempfile
import threading
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue

from kg.core.background import Background
from kg.core.errors import KGError
from kg.sources.cache import Cache, remembered
from kg.validation.shacl.shapes import SparqlConstraint, Unsupported
from kg.core.terms import parse_term, term_string
from kg.sparql.parsing import algebra_nodes, prepare_query, triple_patterns

THIS = Variable("this")
_FACTS: dict = {}  # query text and prefixes -> query_facts, for this process (a server or a test session validates often)
PASS_THROUGH = {"SelectQuery", "Project", "Distinct", "Reduced", "OrderBy", "Filter", "Extend", "ToMultiSet",
                "Graph"}


def algebra(text: str, prefixes: dict, name):
    """The query's algebra (rdflib's parser: it is read, never rewritten)."""
    try:
        return prepare_query(text, initNs=prefixes).algebra
    except Exception as error:  # rdflib's parser raises plain exceptions
        raise Unsupported(f"{name}: not valid SPARQL ({error})") from None


def query_facts(text: str, prefixes: dict, name, cache: Cache | None = None) -> tuple:
    """What the engine needs to know of a query, read from its parse (kept in the cache: rdflib's parser
    takes a tenth of a second a query): (whether every solution binds ?this by a triple pattern of its
    own, the triples it can match as predicate -> objects (None: any object), or None if any triple,
    whether it projects ?this)."""
    known = (text, *sorted(f"{k} {v}" for k, v in prefixes.items()))
    return remembered(_FACTS, known, cache, "queries", lambda: _facts(text, prefixes, name), 3)


def _facts(text: str, prefixes: dict, name) -> tuple:
    parsed = algebra(text, prefixes, name)
    if {"shapesGraph", "currentShape"} & {str(v) for v in _variables(parsed)}:
        raise Unsupported(f"{name}: $shapesGraph and $currentShape are not bound by the engine")
    read = triples_read(parsed)
    return (_bound_by_pattern(parsed) and not _regrouped(parsed),
            None if read is None else {term_string(p): None if objects is None else frozenset(map(term_string, objects))
                                       for p, objects in read.items()},
            THIS in (parsed.get("PV") or ()))


def constraint_facts(constraint: SparqlConstraint, cache: Cache | None = None) -> tuple:
    """query_facts of the constraint's SELECT (worked out once)."""
    if constraint.facts is None or cache is not None:  # (through the cache, so that it keeps the entry)
        facts = query_facts(constraint.select, constraint.prefixes, constraint.name, cache)
        if not facts[2]:  # the rows of one run would not say whose they are, and Oxigraph cannot bind it
            raise Unsupported(f"{constraint.name}: its SELECT does not project $this, and the engine binds $this as Oxigraph "
                              "does (SEP-0007 substitutions), in the projection only: write SELECT $this ...")
        constraint.facts = facts
    return constraint.facts


def binds_this(constraint: SparqlConstraint) -> bool:
    """Whether every solution of the constraint's pattern binds ?this by a triple pattern of its own
    (then one run over all the data answers for every focus node at once)."""
    return constraint_facts(constraint)[0]


def triples_read(algebra_) -> dict | None:
    """predicate -> the objects its triple patterns name (None: any object), for every triple pattern of
    the query: only those triples can match it. None when a pattern's predicate is a variable or a
    negated set (then any triple can)."""
    found: dict = {}
    for _s, predicate, obj in triple_patterns(algebra_):
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
    if node.name == "Extend" and node.var == THIS:  # grouped: ?this projected as a sample of the key
        return _samples_this(node.p, node.expr) and _bound_by_pattern(node.p)
    if node.name == "AggregateJoin":
        return _bound_by_pattern(node.p)
    if node.name == "Group":
        return _keyed_by_this(node) and _bound_by_pattern(node.p)
    if node.name in PASS_THROUGH:
        return _bound_by_pattern(node.p)
    return False


def _keyed_by_this(group: CompValue) -> bool:
    """?this is a key of the grouping (GROUP BY $this ...): then each group is one focus node's."""
    return THIS in (group.expr or [])


def _samples_this(node, variable) -> bool:
    """`variable` is what the grouping below `node` gives for ?this (rdflib's SAMPLE of a key)."""
    return any(found.name == "Aggregate_Sample" and found.vars == THIS and found.res == variable
               for found in algebra_nodes(node))


def _regrouped(algebra) -> bool:
    """A subquery, or a grouping (aggregates) that ?this is not a key of: then a solution is not one
    focus node's."""
    nodes = list(algebra_nodes(algebra))
    return (sum(node.name == "Project" for node in nodes) > 1
            or any(node.name == "Group" and not _keyed_by_this(node) for node in nodes))


def _variables(node):
    if isinstance(node, Variable):
        yield node
    elif isinstance(node, CompValue):
        for value in node.values():
            yield from _variables(value)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            yield from _variables(value)


def solutions(store: QueryStore, constraint: SparqlConstraint, focus_nodes: set) -> list:
    """The constraint's solutions for the focus nodes, each a dict of variable name -> N-Triples string."""
    found = []
    if binds_this(constraint):
        for row in store.select(constraint.select, constraint.prefixes, name=constraint.name):
            if row.get("this") in focus_nodes:
                found.append(row)
        return found
    for focus in sorted(focus_nodes):
        for row in store.select(constraint.select, constraint.prefixes, this=focus, name=constraint.name):
            row["this"] = focus
            found.append(row)
    return found


DATA, LABEL, LABELS = (ox.NamedNode("urn:oioo:graph:data"), ox.NamedNode("urn:oioo:label"),
                      ox.NamedNode("urn:oioo:graph:labels"))


class QueryStore:
    """An in-memory Oxigraph store (graph DATA) of the triples of an index that some queries (their
    algebras) can match: all of them if one query can match any triple, else those of the predicates
    (and, for rdf:type ..., the classes) the queries name. (At a million triples the project's store holds all
    1.37 M quads: one check's predicate is a variable; the rest name predicates of 1.32 M of them, measured.)

    It loads in a thread of its own (Store.bulk_load releases Python's lock, measured) while the build
    goes on; `loaded()` waits for it. bulk_load gives blank nodes labels of its own: each is also stated
    with its index label in a graph apart (LABELS, which no query reads), and the answers are turned
    back into the index's labels."""

    def __init__(self, index, reads: list):
        """`reads`: what each query can match (the second of its query_facts)."""
        self._store = ox.Store()
        self._ready = False
        self._ours: dict = {}  # the store's blank node label -> the index's
        self._theirs: dict = {}
        self._waiting = threading.Lock()  # (threads that query at once: kg.validation.validate's)
        self._loading = Background(self._load, _nquads(_needed(index, reads)))

    def _load(self, nquads: Path) -> None:
        try:
            # lenient: terms the sources' parse or the reasoner made, not to be checked again (15 % faster)
            self._store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
        finally:
            nquads.unlink(missing_ok=True)

    def loaded(self) -> ox.Store:
        """The store, once its thread has loaded it (a build waits for it before it forks: a fork while
        another thread runs can inherit a lock that thread holds)."""
        with self._waiting:
            if not self._ready:
                self._loading.result()  # (what went wrong loading, raised here)
                for quad in self._store.quads_for_pattern(None, LABEL, None, LABELS):
                    self._ours[quad.subject.value] = f"_:{quad.object.value}"
                self._theirs = {label: ox.BlankNode(node) for node, label in self._ours.items()}
                self._ready = True
        return self._store

    def string(self, term) -> str:
        """The index's N-Triples string of a term of the store."""
        return self._ours[term.value] if isinstance(term, ox.BlankNode) else str(term)

    def rows(self, text: str, prefixes: dict, this: str | None = None, name: str = "a query") -> tuple[list, list]:
        """(variable names, rows) of a SELECT over graph DATA, a row a list of the index's strings (None
        where unbound); `this`: ?this bound to that node (pyoxigraph's substitutions). A query Oxigraph
        cannot read or run (rdflib's parser, which chose how to run it, is laxer) is a KGError naming it."""
        store = self.loaded()
        bound = None if this is None else {ox.Variable("this"): self._theirs.get(this) or parse_term(this)}
        try:
            result = store.query(text, prefixes=prefixes, default_graph=[DATA], named_graphs=[],  # not LABELS
                                 substitutions=bound)
            names, string = [v.value for v in result.variables], self.string
            return names, [[None if (term := solution[i]) is None else string(term) for i in range(len(names))]
                           for solution in result]
        except (SyntaxError, RuntimeError) as error:
            raise KGError(f"{name}: Oxigraph cannot run it: {' '.join(str(error).split())[:300]}") from None

    def select(self, text: str, prefixes: dict, this: str | None = None, name: str = "a query"):
        """The solutions of a SELECT, each a dict of bound variable name -> the index's string."""
        names, rows = self.rows(text, prefixes, this, name)
        for row in rows:
            yield {name: value for name, value in zip(names, row) if value is not None}


def _needed(index, reads: list):
    """The triples of `index` the queries (what each can match) can match."""
    needed: dict | None = {}
    for read in reads:
        if read is None:
            needed = None
            break
        for predicate, objects in read.items():
            before = needed.get(predicate, set())
            needed[predicate] = None if before is None or objects is None else before | objects
    if needed is None:
        return (t for group in index.by_predicate.values() for t in group)
    return (t for predicate, objects in needed.items() for t in index.by_predicate.get(predicate, ())
            if objects is None or t[2] in objects)


def _nquads(triples) -> Path:
    """A temporary file of N-Quads: the triples in graph DATA, and each blank node's label in graph LABELS
    (written a chunk at a time: the text of a million quads takes hundreds of MB). Small chunks, read
    twice while they are still in the processor's cache: at a million triples, 0.8 s where chunks of
    100,000 took 1.9 s (measured)."""
    handle, name = tempfile.mkstemp(prefix="kg-validation-", suffix=".nq")
    ending, blank = f" {DATA} .\n", set()
    with os.fdopen(handle, "wb") as out:
        for chunk in _chunks(triples, 1_000):
            out.write((ending.join(map(" ".join, chunk)) + ending).encode("utf-8"))
            blank.update(t for s, _, o in chunk for t in (s, o) if t[0] == "_")
        out.write("".join(f'{b} {LABEL} "{b[2:]}" {LABELS} .\n' for b in blank).encode("utf-8"))
    return Path(name)


def _chunks(items, size: int):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk
