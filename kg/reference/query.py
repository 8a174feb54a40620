"""The reference answer to a query: rdflib's SPARQL over the reference graph, parameters as initBindings.

The same checks as the engine (kg.sparql.safety) and the same Answer (kg.sparql.answer), so the tests can
compare the two answer for answer.
"""

from __future__ import annotations

import sys
from functools import lru_cache

import rdflib.plugins.sparql
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef

from kg.core.datatypes import answered_literals
from kg.core.errors import KGError
from kg.core.namespaces import PREFIXES
from kg.sparql.answer import Answer
from kg.sparql.parsing import algebra_nodes
from kg.sparql.safety import REACHING_OUT, InvalidQuery, RefusedQuery, check, syntax_hint

# Defence in depth behind kg.sparql.safety: rdflib must never fetch graphs named in a query.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def _grouped_by(ctx, part):
    """GROUP BY as SPARQL 1.1 (18.5.1) says: no solutions make no group. rdflib's evalAggregateJoin then
    gave one group of nothing, a row of unbound values (hidden in an answer's rows, which left out every
    row binding nothing, but not where a subquery's row joined others). Any other part: rdflib's own."""
    if part.name != "AggregateJoin" or part.p.expr is None:
        raise NotImplementedError
    from rdflib.plugins.sparql.aggregates import Aggregator
    from rdflib.plugins.sparql.evaluate import evalPart
    from rdflib.plugins.sparql.evalutils import _eval
    from rdflib.plugins.sparql.sparql import FrozenBindings

    def groups():
        found: dict = {}
        for solution in evalPart(ctx, part.p):
            key = tuple(_eval(expression, solution, False) for expression in part.p.expr)
            if key not in found:
                found[key] = Aggregator(aggregations=part.A)
            found[key].update(solution)
        for aggregator in found.values():
            yield FrozenBindings(ctx, aggregator.get_bindings())

    return groups()


rdflib.plugins.sparql.CUSTOM_EVALS["kg-grouped-by"] = _grouped_by


def _ordered_by(ctx, part):
    """ORDER BY as Oxigraph orders: a key whose expression fails on a solution (STR of an unbound variable,
    LANG of an IRI) is no value there, ordered first as an unbound one is (SPARQL 1.1, 15.1). rdflib's
    evalOrderBy gave such a key no place in its order and stopped the query ("'<' not supported between
    instances of 'NoneType' and 'tuple'"). Any other part: rdflib's own."""
    if part.name != "OrderBy":
        raise NotImplementedError
    from rdflib.plugins.sparql.evaluate import evalPart
    from rdflib.plugins.sparql.evalutils import _val
    from rdflib.plugins.sparql.parserutils import value

    def key(solution, expression):
        term = value(solution, expression, variables=True)
        return _val(term) if isinstance(term, (BNode, URIRef, Literal)) else (0,)

    solutions = evalPart(ctx, part.p)
    for condition in reversed(part.expr):
        solutions = sorted(solutions, key=lambda solution: key(solution, condition.expr),
                           reverse=condition.order == "DESC")
    return solutions


rdflib.plugins.sparql.CUSTOM_EVALS["kg-ordered-by"] = _ordered_by


@lru_cache(maxsize=256)
def prepared(text: str):
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    check(text)
    try:  # rdflib's prepareQuery, in its two steps: the parse says whether the query is SELECT *
        parsed = parseQuery(text)
        _lower_case_language_tags(parsed)
        query = translateQuery(parsed, None, dict(PREFIXES))
        _evaluated_as_specified(query.algebra)
        _literals_as_oxigraph_reads(query.algebra)
    except Exception as error:
        raise InvalidQuery(f"not valid SPARQL: {syntax_hint(text, PREFIXES) or ' '.join(str(error).split())[:300]}") from None
    if any(node.name == "Slice" and max(dict.get(node, "start") or 0, dict.get(node, "length") or 0) > sys.maxsize
           for node in algebra_nodes(query.algebra)):  # (rdflib's islice said "Stop argument for islice() must be ...")
        raise InvalidQuery(f"not valid SPARQL: LIMIT and OFFSET are at most {sys.maxsize:,} here")
    query.selects_all = parsed[1].name == "SelectQuery" and "projection" not in parsed[1]
    reaching = _reaching_out(query.algebra)
    if reaching:  # decided again on the parse rdflib runs: its engine would call a SERVICE itself
        raise RefusedQuery(REACHING_OUT[reaching])
    return query


def _lower_case_language_tags(node) -> None:
    """The language tags of the literals a parsed query writes, in lower case, as Oxigraph reads them and as
    the reference's loader reads the data's (kg.reference.load): rdflib kept "x"@EN-GB as written, and the
    engines answered `SELECT ("x"@EN-GB AS ?v)` and LANG("x"@EN) differently (RDF 1.1: a tag's value is
    in lower case)."""
    for part in _parts(node):
        if part.name == "literal" and isinstance(dict.get(part, "lang"), str):  # (CompValue.get("lang") is "lang")
            part["lang"] = part["lang"].lower()


def _parts(node):
    """Every part (CompValue) of a parsed or translated query, each before those inside it."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _parts(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for part in node:
            yield from _parts(part)


def _str_of(expression, ctx) -> Literal:
    """STR() as SPARQL 1.1 (17.4.2.5) and Oxigraph read it: of a literal or an IRI; of a blank node a type
    error, as of an unbound variable. rdflib's Builtin_STR gave a blank node's label, which each parse makes
    anew: `SELECT (STR(?span) AS ?s) { oi:r000 oo:evidence ?span }` answered with a label on the reference
    and nothing on the engine."""
    from rdflib.plugins.sparql.sparql import SPARQLError

    argument = expression.arg
    if isinstance(argument, SPARQLError):
        raise argument
    if isinstance(argument, BNode):
        raise SPARQLError("STR() of a blank node")
    return Literal(str(argument))


def _multiplied(expression, ctx) -> Literal:
    """`*` and `/` as SPARQL 1.1 (op:numeric-multiply, op:numeric-divide) and Oxigraph compute them, in the
    operands' promoted type: integer times integer an integer, integers divided a decimal. rdflib made every
    product a decimal (`SELECT (7 * 1 AS ?y)`: "7"^^xsd:decimal on the reference, xsd:integer on the engine)."""
    from decimal import Decimal, InvalidOperation

    from rdflib.namespace import XSD
    from rdflib.plugins.sparql.operators import numeric, type_promotion
    from rdflib.plugins.sparql.sparql import SPARQLError

    if expression.other is None:  # (the grammar's production with nothing to do)
        return expression.expr
    try:
        result, datatype = numeric(expression.expr), expression.expr.datatype
        for op, term in zip(expression.op, expression.other):
            value, datatype = numeric(term), type_promotion(datatype, term.datatype)
            if isinstance(value, float) or isinstance(result, float):
                result, value = float(result), float(value)
            if op == "*":
                result *= value
            elif datatype == XSD.integer:
                result, datatype = Decimal(result) / Decimal(value), XSD.decimal
            else:
                result /= value
    except (InvalidOperation, ZeroDivisionError):
        raise SPARQLError("divide by 0") from None
    except TypeError as error:  # (operands of types that do not combine: rdflib's own words)
        raise SPARQLError(str(error)) from None
    return Literal(result, datatype=datatype)


_EVALUATED_AS_SPECIFIED = {"Builtin_STR": _str_of, "MultiplicativeExpression": _multiplied}


def _evaluated_as_specified(node) -> None:
    """Every STR(), `*` and `/` of a translated query evaluated as specified (_EVALUATED_AS_SPECIFIED), not by
    rdflib's Builtin_STR and MultiplicativeExpression."""
    from types import MethodType

    from rdflib.plugins.sparql.parserutils import Expr

    for part in _parts(node):
        if isinstance(part, Expr) and part.name in _EVALUATED_AS_SPECIFIED:
            part._evalfn = MethodType(_EVALUATED_AS_SPECIFIED[part.name], part)


def _literals_as_oxigraph_reads(algebra) -> None:
    """Each typed literal a query writes, in the form Oxigraph reads it in (kg.core.datatypes.answered_literals:
    `1.50` is 1.5, `007` 7, `1.0E2` 100): rdflib kept the text as written, so `SELECT (1.50 AS ?x)`,
    STR(1.50) and `VALUES ?v { 1.50 }` joined with the data's 1.5 answered otherwise on the two engines. A
    CONSTRUCT template's literals are terms to write, which Oxigraph writes as the query does: left as written."""
    def each_literal(change) -> None:
        for key in [key for key in algebra if key != "template"]:  # (a template's: below)
            algebra[key] = _each_leaf(algebra[key], change)

    typed = set()
    each_literal(lambda leaf: typed.add(leaf) if leaf.datatype else None)
    read = answered_literals(typed)
    if read:
        each_literal(lambda leaf: read.get(leaf, leaf))


def _each_leaf(node, change):
    """Call `change` on every literal of a translated query (in its expressions, patterns, VALUES rows, and
    FILTER (NOT) EXISTS blocks, which rdflib keeps in a part's `graph` attribute); a literal it answers replaces
    it (a literal whose value is zero is false: only None keeps it)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        for key, value in node.items():
            node[key] = _each_leaf(value, change)
        if vars(node).get("graph") is not None:
            vars(node)["graph"] = _each_leaf(vars(node)["graph"], change)
    elif isinstance(node, dict):
        for key, value in node.items():
            node[key] = _each_leaf(value, change)
    elif isinstance(node, list):
        node[:] = [_each_leaf(value, change) for value in node]
    elif isinstance(node, tuple):
        return tuple(_each_leaf(value, change) for value in node)
    elif isinstance(node, Literal):
        changed = change(node)
        return node if changed is None else changed
    return node


def answered_as_oxigraph_writes(answer: Answer) -> Answer:
    """A SELECT's `answer` with each typed literal in the form Oxigraph answers it in: rdflib writes what it
    computes as Python writes it (1.50 + 0 is "1.50", Oxigraph's "1.5") and a literal of the data as the data
    writes it. (A CONSTRUCT's triples may hold its template's literals, which Oxigraph writes as written.)"""
    read = answered_literals({term for row in answer.rows for term in row if isinstance(term, Literal) and term.datatype})
    if read:
        answer.rows = [[read.get(term, term) for term in row] for row in answer.rows]
    return answer


def _reaching_out(node) -> str | None:
    """SERVICE or FROM, if the parsed query holds a SERVICE pattern or a dataset clause."""
    reaching = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM"}
    return next((reaching[part.name] for part in _parts(node) if part.name in reaching), None)


class _LocalGraphOnly(ConjunctiveGraph):
    """`graph` as the default graph of a dataset with no named graphs: the dataset kg.sparql.run gives
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


def _pattern_of(select):
    """The pattern a SELECT projects: below its slice, DISTINCT and projection."""
    node = select.p
    while node.name in ("Slice", "Distinct", "Reduced"):
        node = node.p
    return node.p if node.name == "Project" else node


_SAME_SCOPE = ("Filter", "OrderBy", "Distinct", "Reduced", "Slice", "ToMultiSet", "Group")


def _in_scope(node) -> set | None:
    """The names of the variables in scope in a pattern (SPARQL 1.1, 18.2.1), the columns of a SELECT *:
    rdflib's also held those of a FILTER (NOT) EXISTS and of the right of a MINUS, always unbound, as
    columns Oxigraph does not give. None for a part this does not know (rdflib's columns are kept)."""
    from rdflib import Variable

    name = getattr(node, "name", None)
    if name == "BGP":
        return {str(term) for triple in node.triples for term in triple if isinstance(term, Variable)}
    if name in ("Join", "LeftJoin", "Union", "Minus"):
        sides = [_in_scope(node.p1)] + ([_in_scope(node.p2)] if name != "Minus" else [])
        return None if None in sides else set().union(*sides)
    if name in _SAME_SCOPE:
        return _in_scope(node.p)
    if name == "Extend":
        inner = _in_scope(node.p)
        return None if inner is None else inner | {str(node.var)}
    if name == "Graph":
        inner = _in_scope(node.p)
        return None if inner is None else inner | ({str(node.term)} if isinstance(node.term, Variable) else set())
    if name == "values":
        return {str(variable) for row in node.res for variable in row}
    if name == "Project":  # a subquery
        return {str(variable) for variable in node.PV}
    return None


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
            # Every solution: iterating the result left out each that binds nothing, a row of unbound values
            # (`SELECT ?x { ?s a oo:Report OPTIONAL { ?s oo:none ?x } }` answers one for each report).
            variables = [str(v) for v in result.vars]
            rows = [[solution.get(v) for v in result.vars] for solution in result.bindings]
            if query.selects_all:  # SELECT *: by name, as Oxigraph orders them (rdflib: a set's order, new each run)
                shown = _in_scope(_pattern_of(query.algebra))
                order = sorted((i for i, name in enumerate(variables) if shown is None or name in shown),
                               key=variables.__getitem__)
                variables, rows = [variables[i] for i in order], [[row[i] for i in order] for row in rows]
            return answered_as_oxigraph_writes(Answer("SELECT", variables, rows))
        return Answer(result.type, triples=list(result.graph))
    except KGError:
        raise
    except Exception as error:  # rdflib raises plain exceptions while evaluating (types, functions)
        raise KGError(f"the query failed: {' '.join(str(error).split())[:300] or type(error).__name__}") from None
