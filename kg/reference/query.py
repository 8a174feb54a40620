"""The reference answer to a query: rdflib's SPARQL over the reference graph, parameters as initBindings.

The same checks as the engine (kg.sparql.safety) and the same Answer (kg.sparql.answer), so the tests can
compare the two answer for answer.
"""

from __future__ import annotations

import math
import os
import sys
from decimal import localcontext
from functools import lru_cache

import rdflib.plugins.sparql
import rdflib.plugins.sparql.parser
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.plugins.sparql.aggregates import Aggregator, Maximum, Minimum, Sum
from rdflib.namespace import RDF, XSD
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath

from kg.core.bounds import NUMERIC
from kg.core.datatypes import answered_literals
from kg.core.errors import KGError
from kg.core.regex import xpath
from kg.core.namespaces import PREFIXES
from kg.reference.numbers import (EXACT, FLOATING, as_double, computed, decimal_of_double, held, in_common_type,
                                  read_as, value_of)
from kg.sparql.answer import Answer
from kg.sparql.parsing import algebra_nodes
from kg.sparql.safety import REACHING_OUT, InvalidQuery, RefusedQuery, check, syntax_hint

# Defence in depth behind kg.sparql.safety: rdflib must never fetch graphs named in a query.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def _negative(literal: Literal) -> Literal:
    """A negative number as the query writes it ("-1e400"), read later as every literal of a query is
    (_literals_as_oxigraph_reads): rdflib's parser negated the number's value, which kg's reading gives no double
    past the largest, and `SELECT (-1e400 AS ?x)` failed on the reference where the engine answers -INF."""
    return Literal(f"-{literal}", datatype=literal.datatype)


rdflib.plugins.sparql.parser.neg = _negative  # (the parser's actions for -1, -1.5 and -1e0 call it by name)


def _grouped_by(ctx, part):
    """GROUP BY as SPARQL 1.1 (18.5.1) says: no solutions make no group (rdflib's evalAggregateJoin then gave one
    group of nothing, a row of unbound values, hidden in an answer's rows, which left out every row binding nothing,
    but not where a subquery's row joined others); without GROUP BY, one group of every solution, or of none. Each
    group's sums and averages as Oxigraph computes them (_Aggregator). Any other part: rdflib's own."""
    if part.name != "AggregateJoin":
        raise NotImplementedError
    from rdflib.plugins.sparql.evaluate import evalPart
    from rdflib.plugins.sparql.evalutils import _eval
    from rdflib.plugins.sparql.sparql import FrozenBindings

    def groups():
        found: dict = {} if part.p.expr is not None else {(): _Aggregator(aggregations=part.A)}
        for solution in evalPart(ctx, part.p):
            key = tuple(_eval(expression, solution, False) for expression in part.p.expr or ())
            if key not in found:
                found[key] = _Aggregator(aggregations=part.A)
            found[key].update(solution)
        for aggregator in found.values():
            yield FrozenBindings(ctx, aggregator.get_bindings())

    return groups()


class _Sum(Sum):
    """SUM as Oxigraph adds (kg.reference.numbers.computed): in the values' promoted type, a float in single
    precision, 0 of no value; with an unbound or non-numeric value, or past what its type holds, no value (rdflib
    skipped an unbound value, stopped the query on a string, and added integers past 64 bits)."""

    def __init__(self, aggregation):
        super().__init__(aggregation)
        self.value, self.datatype, self.counter, self.failed = 0, XSD.integer, 0, False

    def update(self, row, aggregator) -> None:
        from rdflib.plugins.sparql.datatypes import type_promotion
        from rdflib.plugins.sparql.evalutils import _eval
        from rdflib.plugins.sparql.sparql import SPARQLError

        try:
            term = _eval(self.expr, row)
            value = value_of(term)
            self.value, self.datatype = computed("+", self.value, value, type_promotion(self.datatype, term.datatype))
        except (SPARQLError, TypeError):  # (an unbound value too: NotBoundError)
            self.failed = True
            return
        self.counter += 1
        if self.distinct:
            self.seen.add(term)

    def get_value(self) -> Literal:
        return Literal(self.value, datatype=self.datatype)

    def set_value(self, bindings) -> None:
        """The aggregate's value, or none (unbound) where it fails."""
        from rdflib.plugins.sparql.sparql import SPARQLError

        try:
            if not self.failed:
                bindings[self.var] = self.get_value()
        except SPARQLError:
            pass


class _Average(_Sum):
    """AVG as Oxigraph computes it: the sum (_Sum) divided by the count, so that integers' average is a decimal cut
    after its 18th digit after the point (rdflib kept 28 digits, and made a float's average a double); 0 of no
    value."""

    def get_value(self) -> Literal:
        from rdflib.plugins.sparql.datatypes import type_promotion

        if not self.counter:
            return Literal(0)
        value, datatype = computed("/", self.value, self.counter, type_promotion(self.datatype, XSD.integer))
        return Literal(value, datatype=datatype)


class _Minimum(Minimum):
    """MIN in the order of ORDER BY (_in_order)."""

    def compare(self, first, second):
        return min(first, second, key=_in_order)


class _Maximum(Maximum):
    """MAX in the order of ORDER BY (_in_order): NaN is the greatest number."""

    def compare(self, first, second):
        return max(first, second, key=_in_order)


class _Aggregator(Aggregator):
    accumulator_classes = {**Aggregator.accumulator_classes, "Aggregate_Sum": _Sum, "Aggregate_Avg": _Average,
                           "Aggregate_Min": _Minimum, "Aggregate_Max": _Maximum}


rdflib.plugins.sparql.CUSTOM_EVALS["kg-grouped-by"] = _grouped_by


def _ordered_by(ctx, part):
    """ORDER BY as Oxigraph orders: a key whose expression fails on a solution (STR of an unbound variable,
    LANG of an IRI) is no value there, ordered first as an unbound one is (SPARQL 1.1, 15.1). rdflib's
    evalOrderBy gave such a key no place in its order and stopped the query ("'<' not supported between
    instances of 'NoneType' and 'tuple'"). Any other part: rdflib's own."""
    if part.name != "OrderBy":
        raise NotImplementedError
    from rdflib.plugins.sparql.evaluate import evalPart
    from rdflib.plugins.sparql.parserutils import value

    def key(solution, expression):
        term = value(solution, expression, variables=True)
        return _in_order(term) if isinstance(term, (BNode, URIRef, Literal)) else (0,)

    solutions = evalPart(ctx, part.p)
    for condition in reversed(part.expr):
        solutions = sorted(solutions, key=lambda solution: key(solution, condition.expr),
                           reverse=condition.order == "DESC")
    return solutions


rdflib.plugins.sparql.CUSTOM_EVALS["kg-ordered-by"] = _ordered_by


def _in_order(term):
    """A term's place in ORDER BY, MIN and MAX as Oxigraph orders them: rdflib's (_val: unbound, blank nodes, IRIs,
    literals), but numbers by their values with NaN after every other, where rdflib compared a decimal with NaN
    and stopped the query (decimal.InvalidOperation)."""
    from rdflib.plugins.sparql.evalutils import _val

    return (3, _OrderedLiteral(term)) if isinstance(term, Literal) else _val(term)


class _OrderedLiteral:
    """A literal as _in_order orders it: two numbers by their values in their promoted type (1e20 and
    99999999999999999999.5 are one double, in the order they came), NaN last."""

    def __init__(self, literal: Literal):
        self.literal = literal

    def __lt__(self, other: "_OrderedLiteral") -> bool:
        from rdflib.plugins.sparql.sparql import SPARQLError

        try:
            a, b = in_common_type(self.literal, other.literal)
        except (SPARQLError, TypeError):  # (not two numbers: rdflib's order)
            return self.literal < other.literal
        if _is_nan(a) or _is_nan(b):
            return _is_nan(b) and not _is_nan(a)
        return a < b


def _is_nan(number) -> bool:
    return isinstance(number, float) and math.isnan(number)


@lru_cache(maxsize=256)
def prepared(text: str):
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    check(text)
    try:  # rdflib's prepareQuery, in its two steps: the parse says whether the query is SELECT *
        parsed = parseQuery(text)
        _lower_case_language_tags(parsed)
        query = translateQuery(parsed, None, dict(PREFIXES))
        evaluated_as_specified(query.algebra)
        _literals_as_oxigraph_reads(query.algebra)
        _paths_as_sets(query.algebra)
        _empty_values_read_as_no_row(query.algebra)
    except RDFLIB_FAULTS as error:  # (DESCRIBE * is SPARQL: "not valid SPARQL: 'NoneType' object is not iterable")
        raise _rdflibs_fault(error, "read") from None
    except Exception as error:
        raise InvalidQuery(f"not valid SPARQL: {syntax_hint(text, PREFIXES) or ' '.join(str(error).split())[:300]}") from None
    if any(node.name == "Slice" and max(dict.get(node, "start") or 0, dict.get(node, "length") or 0) > sys.maxsize
           for node in algebra_nodes(query.algebra)):  # (rdflib's islice said "Stop argument for islice() must be ...")
        raise InvalidQuery(f"not valid SPARQL: LIMIT and OFFSET are at most {sys.maxsize:,} here")
    query.selects_all = parsed[1].name == "SelectQuery" and "projection" not in parsed[1]
    if query.selects_all:
        _columns_of_trailing_values(query.algebra, dict.get(parsed[1], "valuesClause"))
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
    """STR() as SPARQL 1.1 (17.4.2.5) and Oxigraph read it: of a literal or an IRI, a number's in the form Oxigraph
    writes it (rdflib wrote Python's: -0.0e0 * 1 "-0.0", 1e20 + 0 "1e+20", 1e300 * 1e300 "inf", where Oxigraph
    writes "-0", "100000000000000000000" and "INF"); of a blank node a type error, as of an unbound variable.
    rdflib's Builtin_STR gave a blank node's label, which each parse makes anew: `SELECT (STR(?span) AS ?s)
    { oi:r000 oo:evidence ?span }` answered with a label on the reference and nothing on the engine."""
    return _string_of(expression.arg)


def _string_of(argument) -> Literal:
    """STR() of `argument` (_str_of), and its cast to xsd:string (_cast)."""
    from rdflib.plugins.sparql.sparql import SPARQLError

    if isinstance(argument, SPARQLError):
        raise argument
    if isinstance(argument, BNode):
        raise SPARQLError("STR() of a blank node")
    if isinstance(argument, Literal) and str(argument.datatype) in NUMERIC:
        argument = answered_literals({argument}).get(argument, argument)
    return Literal(str(argument))


# ---- arithmetic, numeric functions and casts evaluated on numbers as Oxigraph holds them (kg.reference.numbers)

def _arithmetic(expression, ctx) -> Literal:
    """`+`, `-`, `*` and `/` as SPARQL 1.1 and Oxigraph compute them (computed), in the operands' promoted type:
    integer times integer an integer, integers divided a decimal, a double with any operand a double. A date's
    or a duration's sum is rdflib's."""
    from rdflib.plugins.sparql.datatypes import type_promotion
    from rdflib.plugins.sparql.operators import AdditiveExpression
    from rdflib.plugins.sparql.sparql import SPARQLError

    if expression.other is None:  # (the grammar's production with nothing to do)
        return expression.expr
    if expression.name == "AdditiveExpression" and str(getattr(expression.expr, "datatype", None)) not in NUMERIC:
        return AdditiveExpression(expression, ctx)
    try:
        result, datatype = value_of(expression.expr), type_promotion(expression.expr.datatype, expression.expr.datatype)
        for op, term in zip(expression.op, expression.other):
            value, datatype = value_of(term), type_promotion(datatype, term.datatype)
            result, datatype = computed(op, result, value, datatype)
    except TypeError as error:  # (operands of types that do not combine: rdflib's own words)
        raise SPARQLError(str(error)) from None
    return Literal(result, datatype=datatype)


def _signed(expression, ctx) -> Literal:
    """-x and +x in x's type (rdflib's unary minus made -"2"^^xsd:float a double)."""
    from rdflib.plugins.sparql.datatypes import type_promotion

    value, datatype = value_of(expression.expr), type_promotion(expression.expr.datatype, expression.expr.datatype)
    with localcontext(EXACT):  # (a decimal's every digit)
        signed = -value if expression.name == "UnaryMinus" else value
    return Literal(held(signed, datatype), datatype=datatype)


def _rounded(expression, ctx) -> Literal:
    """ABS, CEIL, FLOOR and ROUND in the argument's type, as XPath's fn:abs, fn:ceiling, fn:floor and fn:round
    (half towards positive infinity): a double's -0, INF and NaN kept (ROUND(-0.4e0) is -0; rdflib answered 0,
    and stopped on INF)."""
    from rdflib.plugins.sparql.datatypes import type_promotion

    argument = expression.arg
    value, datatype = value_of(argument), type_promotion(argument.datatype, argument.datatype)
    if expression.name == "Builtin_ABS":
        with localcontext(EXACT):  # (a decimal's every digit)
            return Literal(held(abs(value), datatype), datatype=datatype)
    if datatype in FLOATING and (math.isinf(value) or math.isnan(value)):
        return Literal(value, datatype=datatype)
    floor = math.floor(value)
    with localcontext(EXACT):  # (a decimal's fraction, exactly)
        half_or_more = 2 * (value - floor) >= 1
    whole = {"Builtin_CEIL": math.ceil(value), "Builtin_FLOOR": floor,
             "Builtin_ROUND": floor + 1 if half_or_more else floor}[expression.name]
    if datatype in FLOATING:
        return Literal(held(math.copysign(whole, value), datatype), datatype=datatype)  # (-0.4 rounds to -0)
    return Literal(held(whole, datatype), datatype=datatype)


def _compared(expression, ctx) -> Literal:
    """=, !=, <, >, <= and >= of a number as Oxigraph compares it: with another number by their values in the
    promoted type (a float's in single precision: "1.1"^^xsd:float + 0 = "1.1"^^xsd:float; 0.1 = 0.1e0, which rdflib
    found false), NaN equal to nothing and unordered (an error) but for itself, which Oxigraph orders as equal; with a
    term of another type, unequal and unordered (rdflib ordered 1 < "1" true). Anything else: rdflib's."""
    from rdflib.plugins.sparql.operators import RelationalExpression
    from rdflib.plugins.sparql.sparql import SPARQLError

    left, op = expression.expr, expression.op
    if op in ("IN", "NOT IN"):  # (each item's error kept: it may not matter)
        items = expression.get("other", variables=True, errors=True)  # (an unbound variable: itself)
        return _member(left, op, [] if items is None or items == RDF.nil else items, ctx)
    right = expression.other
    numeric = [isinstance(t, Literal) and str(t.datatype) in NUMERIC for t in (left, right)]
    if right is None or op not in ("=", "!=", "<", ">", "<=", ">=") or not any(numeric) or \
            isinstance(left, SPARQLError) or isinstance(right, SPARQLError):
        return RelationalExpression(expression, ctx)
    if not all(numeric):
        if op in ("=", "!="):
            return Literal(op == "!=")
        raise SPARQLError(f"{left.n3()} and {right.n3()} are not ordered")
    try:
        a, b = in_common_type(left, right)
    except (SPARQLError, TypeError) as error:
        if getattr(error, "not_held", False):
            raise
        return RelationalExpression(expression, ctx)
    if op in ("=", "!="):  # (by value: NaN is not equal to itself)
        return Literal((a == b) == (op == "="))
    if a == b or left == right and math.copysign(1, a) == math.copysign(1, b):  # (one term: NaN <= NaN, not -NaN)
        order = 0
    elif a < b or a > b:
        order = -1 if a < b else 1
    else:
        raise SPARQLError(f"{left.n3()} and {right.n3()} are not ordered")
    return Literal({"=": order == 0, "!=": order != 0, "<": order < 0, ">": order > 0, "<=": order <= 0,
                    ">=": order >= 0}[op])


def _member(left, op: str, items, ctx) -> Literal:
    """IN and NOT IN as SPARQL defines them (17.4.1.9): `=` with each item, as _compared gives it (1 IN (1.0) is true;
    rdflib compared terms, and found it false), true at the first that is equal, else an error if one was, else
    false (NOT IN: the opposite)."""
    from types import SimpleNamespace

    from rdflib import Variable
    from rdflib.plugins.sparql.sparql import SPARQLError

    if isinstance(left, SPARQLError) and items:
        raise left
    failed = None
    for item in items:
        try:
            if isinstance(item, SPARQLError):
                raise item
            if isinstance(item, Variable):
                raise SPARQLError(f"?{item} is not bound")
            if _compared(SimpleNamespace(expr=left, op="=", other=item), ctx).toPython() is True:
                return Literal(op == "IN")
        except SPARQLError as error:
            failed = error
    if failed is not None:
        raise failed
    return Literal(op == "NOT IN")


_CASTS = (XSD.string, XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean)


def _cast(expression, ctx) -> Literal:
    """xsd:string() of an IRI or a literal as STR() is (a simple literal, a number in Oxigraph's form), and a
    number (or a boolean) cast to a number or a boolean as Oxigraph casts it: a double to a decimal by its value
    times 10^18, cut, to an integer by that decimal, cut (INF, NaN and what the type cannot hold an error; rdflib
    made xsd:decimal(1e0 / 0) "INF"^^xsd:decimal, and read -0.0e0 as no integer); a string as Oxigraph reads it
    (numbers.read_as). Any other cast is rdflib's."""
    from rdflib.plugins.sparql.operators import default_cast

    arguments = list(expression.expr or ())
    argument = arguments[0] if len(arguments) == 1 else None
    if expression.iri == XSD.string and isinstance(argument, (URIRef, Literal)):
        return _string_of(argument)
    if isinstance(argument, Literal) and argument.datatype == XSD.boolean and expression.iri != XSD.boolean:
        value = {"true": 1, "1": 1, "false": 0, "0": 0}.get(str(argument))  # (a boolean is 1 or 0 as a number)
        argument = argument if value is None else Literal(value)
    if isinstance(argument, Literal) and argument.datatype in (None, XSD.string) and not argument.language:
        return Literal(read_as(str(argument), expression.iri), datatype=expression.iri)
    if not isinstance(argument, Literal) or str(argument.datatype) not in NUMERIC:
        return default_cast(expression, ctx)
    value, target = value_of(argument), expression.iri
    if target == XSD.boolean:
        return Literal(bool(value) and not (isinstance(value, float) and math.isnan(value)))
    if target in FLOATING:
        return Literal(held(as_double(value), target), datatype=target)
    if isinstance(value, float):
        value = decimal_of_double(value)
    if target == XSD.integer:
        return Literal(held(int(value), XSD.integer), datatype=XSD.integer)
    return Literal(held(value, XSD.decimal), datatype=XSD.decimal)


def _regex(expression, ctx) -> Literal:
    """REGEX as Oxigraph reads XPath's regular expressions (kg.core.regex): rdflib's `re.search` found "b$" in
    "ab\\n", so a quote ending in a line break inside its quotation marks passed oos:QuoteMarksShape on the
    reference alone, and read no `x` or `q` flag."""
    from rdflib.plugins.sparql.operators import string

    flags = expression.flags
    return Literal(xpath(str(string(expression.pattern)), "" if flags is None else str(flags)).search(
        str(string(expression.text))) is not None)


_EVALUATED_AS_SPECIFIED = {"Builtin_REGEX": _regex, "Builtin_STR": _str_of, "MultiplicativeExpression": _arithmetic,
                           "AdditiveExpression": _arithmetic, "UnaryMinus": _signed, "UnaryPlus": _signed,
                           "Builtin_ABS": _rounded, "Builtin_CEIL": _rounded, "Builtin_FLOOR": _rounded,
                           "Builtin_ROUND": _rounded, "RelationalExpression": _compared}


def _empty_values_read_as_no_row(node) -> None:
    """A VALUES block of no row (`VALUES ?v { }`) as the table of no solution it is, as Oxigraph reads it: rdflib's
    algebra made it an empty list, on which its evaluation stopped ("the query failed: 'list' object has no
    attribute 'name'")."""
    from rdflib.plugins.sparql.parserutils import CompValue

    for part in _parts(node):
        if part.name == "ToMultiSet" and dict.get(part, "p") == []:
            part["p"] = CompValue("values", res=[])


def _columns_of_trailing_values(select, clause) -> None:
    """A SELECT *'s columns include the variables of a VALUES after its WHERE (SPARQL 1.1, 18.2.4.3: joined before
    the projection), as Oxigraph's do: rdflib projected the WHERE's alone (`SELECT * { ?s a oo:Report } VALUES ?v
    { 1 }` answered ?s, without ?v)."""
    if clause is None:
        return
    projections = [select] + [node for node in (_projection_of(select),) if node.name == "Project"]
    for variable in clause["var"]:
        for projection in projections:
            if variable not in projection["PV"]:
                projection["PV"].append(variable)


def evaluated_as_specified(node) -> None:
    """Every STR(), REGEX, arithmetic operator, comparison, numeric function and cast of a number (or to a string)
    of a translated query evaluated as specified and as Oxigraph evaluates it (_EVALUATED_AS_SPECIFIED, _cast), not
    by rdflib's own: the reference's queries, and pySHACL's SPARQL constraints (kg.reference.validate)."""
    from types import MethodType

    from rdflib.plugins.sparql.parserutils import Expr

    for part in _parts(node):
        if isinstance(part, Expr) and part.name in _EVALUATED_AS_SPECIFIED:
            part._evalfn = MethodType(_EVALUATED_AS_SPECIFIED[part.name], part)
        elif isinstance(part, Expr) and part.name == "Function" and part.iri in _CASTS:
            part._evalfn = MethodType(_cast, part)


def _literals_as_oxigraph_reads(algebra) -> None:
    """Each typed literal a query writes, in the form Oxigraph reads it in (kg.core.datatypes.answered_literals:
    `1.50` is 1.5, `007` 7, `1.0E2` 100) and with its value (_valued): rdflib kept the text as written, so
    `SELECT (1.50 AS ?x)`, STR(1.50) and `VALUES ?v { 1.50 }` joined with the data's 1.5 answered otherwise on
    the two engines. A CONSTRUCT template's literals are terms to write, which Oxigraph writes as the query does:
    left as written."""
    def each_literal(change) -> None:
        for key in [key for key in algebra if key != "template"]:  # (a template's: below)
            algebra[key] = _each_leaf(algebra[key], change)

    typed = set()
    each_literal(lambda leaf: typed.add(leaf) if leaf.datatype else None)
    read = answered_literals(typed)
    each_literal(lambda leaf: _valued(read.get(leaf, leaf)) if leaf.datatype else None)


def _valued(literal: Literal) -> Literal:
    """A typed literal of a query with its value, which rdflib's evaluation reads: its parser gave none to one
    written with its datatype ("2"^^xsd:integer * 3 was "222"), and kg's reading none to INF, -INF and NaN,
    which are no figure a report states (kg.core.datatypes.not_a_figure) but are numbers a query computes with
    (`literal` is in Oxigraph's form: 1e400 is INF)."""
    if literal.datatype in FLOATING and str(literal) in ("INF", "-INF", "NaN"):
        return Literal(float(literal), datatype=literal.datatype)
    return Literal(str(literal), datatype=literal.datatype)


def _each_leaf(node, change, kind: type = Literal):
    """Call `change` on every literal (or leaf of another `kind`) of a translated query (in its expressions,
    patterns, VALUES rows, and FILTER (NOT) EXISTS blocks, which rdflib keeps in a part's `graph` attribute); a
    leaf it answers replaces it (a literal whose value is zero is false: only None keeps it)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        for key, value in node.items():
            node[key] = _each_leaf(value, change, kind)
        if vars(node).get("graph") is not None:
            vars(node)["graph"] = _each_leaf(vars(node)["graph"], change, kind)
    elif isinstance(node, dict):
        for key, value in node.items():
            node[key] = _each_leaf(value, change, kind)
    elif isinstance(node, list):
        node[:] = [_each_leaf(value, change, kind) for value in node]
    elif isinstance(node, tuple):
        return tuple(_each_leaf(value, change, kind) for value in node)
    elif isinstance(node, kind):
        changed = change(node)
        return node if changed is None else changed
    return node


class _DistinctMulPath(MulPath):
    """p*, p+ and p? as SPARQL defines them (18.4: their pairs a set): rdflib's gave the zero step's (x, x) again
    where a triple x p x also led there (`oo:Report rdfs:subClassOf? ?o`: Report twice; `?s rdf:type/rdfs:subClassOf*
    ?o` counted 12,829 rows against Oxigraph's 10,292)."""

    def eval(self, graph, subj=None, obj=None, first=True):
        given = set()
        for pair in super().eval(graph, subj, obj, first):
            if pair not in given:
                given.add(pair)
                yield pair


def _distinct_path(path):
    """`path` with each p*, p+ and p? in it a _DistinctMulPath."""
    if isinstance(path, MulPath):
        return _DistinctMulPath(_distinct_path(path.path), path.mod)
    if isinstance(path, (SequencePath, AlternativePath)):
        return type(path)(*map(_distinct_path, path.args))
    if isinstance(path, InvPath):
        return InvPath(_distinct_path(path.arg))
    return path


def _paths_as_sets(algebra) -> None:
    """Each property path of a query evaluated as SPARQL defines it (_DistinctMulPath)."""
    for key in list(algebra):
        algebra[key] = _each_leaf(algebra[key], _distinct_path, Path)


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


def _projection_of(select):
    """The projection of a SELECT: below its slice, DISTINCT and REDUCED."""
    node = select.p
    while node.name in ("Slice", "Distinct", "Reduced"):
        node = node.p
    return node


def _pattern_of(select):
    """The pattern a SELECT projects: below its slice, DISTINCT and projection."""
    node = _projection_of(select)
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
    if name == "values":  # (one of no row names no variable here: rdflib's columns are kept)
        return {str(variable) for row in node.res for variable in row} if node.res else None
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
    except RDFLIB_FAULTS as error:  # ("the query failed: '<rdflib...SPARQLResult object at 0x7f...>' object has no
        raise _rdflibs_fault(error, "answer") from None  # attribute 'bindings'": rdflib's words)
    except Exception as error:  # rdflib raises plain exceptions while evaluating (types, functions)
        raise KGError(f"the query failed: {' '.join(str(error).split())[:300] or type(error).__name__}") from None


# What rdflib raises where its own code fails on a query (YEAR of a date it cannot read, DESCRIBE *), not where the
# query is at fault: said as rdflib's fault, never in its words (an object's repr and address)
RDFLIB_FAULTS = (AttributeError, TypeError, KeyError, IndexError, NameError, AssertionError)


def _rdflibs_fault(error: BaseException, doing: str) -> KGError:
    """A fault of rdflib's on a query (`doing`: "read", "answer"), said plainly; `error` itself where it arose in
    kg's own code (its innermost frame), which is then an internal error, said as such.

    >>> try:
    ...     {}.pop("year")
    ... except KeyError as error:
    ...     print(_rdflibs_fault(error, "answer"))
    Traceback (most recent call last):
    KeyError: 'year'
    """
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    if not (frames and f"{os.sep}rdflib{os.sep}" in frames[-1].filename):
        raise error
    return KGError(f"the reference engine (rdflib) cannot {doing} this query: a fault of rdflib's "
                   f"({type(error).__name__}), not of the query: the default engine, Oxigraph, may answer it")
