"""The reference answer to a query: rdflib's SPARQL over the reference graph, parameters as initBindings.

The same checks as the engine (kg.query.safety) and the same Answer (kg.query.run), so the tests can
compare the two answer for answer.
"""

from __future__ import annotations

from functools import lru_cache

import rdflib.plugins.sparql
from rdflib import ConjunctiveGraph, Graph

from kg.errors import KGError
from kg.namespaces import PREFIXES
from kg.query.run import Answer
from kg.query.safety import REACHING_OUT, InvalidQuery, RefusedQuery, check

# Defence in depth behind kg.query.safety: rdflib must never fetch graphs named in a query.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


@lru_cache(maxsize=256)
def prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    check(text)
    try:
        query = prepareQuery(text, initNs=dict(PREFIXES))
    except Exception as error:
        raise InvalidQuery(f"not valid SPARQL: {' '.join(str(error).split())[:300]}") from None
    reaching = _reaching_out(query.algebra)
    if reaching:  # decided again on the parse rdflib runs: its engine would call a SERVICE itself
        raise RefusedQuery(REACHING_OUT[reaching])
    return query


def _reaching_out(node) -> str | None:
    """SERVICE or FROM, if the parsed query holds a SERVICE pattern or a dataset clause."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return "SERVICE"
        if node.name == "DatasetClause":
            return "FROM"
        return next(filter(None, map(_reaching_out, node.values())), None)
    if isinstance(node, (list, tuple)):
        return next(filter(None, map(_reaching_out, node)), None)
    return None


class _LocalGraphOnly(ConjunctiveGraph):
    """`graph` as the default graph of a dataset with no named graphs: the dataset kg.query.run gives
    Oxigraph (LOCAL_GRAPH, NO_NAMED_GRAPHS), so that GRAPH ?g { ... } and GRAPH <iri> { ... } match
    nothing here too. On the graph itself rdflib refused every GRAPH pattern ("You performed a query
    operation requiring a dataset"). A view: nothing is copied, nothing is added to the graph's store."""

    def __init__(self, graph: Graph):
        super().__init__(store=graph.store, identifier=graph.identifier)
        self.default_union = False  # the default graph is `graph`, not every graph its store may hold
        self.namespace_manager = graph.namespace_manager

    def contexts(self, triple=None):  # the named graphs (GRAPH ?g): none
        return iter(())

    def get_context(self, identifier, quoted: bool = False, base: str | None = None) -> Graph:
        return Graph()  # a graph the dataset does not name (GRAPH <iri>): empty


def answer(graph: Graph, text: str, bindings: dict | None = None) -> Answer:
    """rdflib's answer, as an Answer of rdflib terms: `graph` is the default graph, and no graph is named
    (a dataset the caller built, a ConjunctiveGraph or Dataset, is queried as it is)."""
    query = prepared(text)
    try:
        dataset = graph if isinstance(graph, ConjunctiveGraph) else _LocalGraphOnly(graph)
        result = dataset.query(query, initBindings=bindings or {})
        if result.type == "ASK":
            return Answer("ASK", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars]
            return Answer("SELECT", variables, [list(row) for row in result])
        return Answer(result.type, triples=list(result.graph))
    except KGError:
        raise
    except Exception as error:  # rdflib raises plain exceptions while evaluating (types, functions)
        raise KGError(f"the query failed: {' '.join(str(error).split())[:300] or type(error).__name__}") from None
