"""Numbers as SPARQL 1.1 (XPath's op:numeric-*, fn:abs, fn:ceiling, fn:floor, fn:round, casts) and Oxigraph
compute them, for the reference's evaluation of a query (kg.reference.query): an xsd:integer in 64 bits, an
xsd:decimal as its value times 10^18 in 128 bits (±1.7e20, 18 digits after the point), a double or a float as IEEE
754 computes it (INF, NaN, -0; a float in single precision). What Oxigraph's cannot hold is an error. rdflib made
every product a decimal, lost a double's -0 and a float's single precision, divided a double by 0 as an error
(INF), and computed integers and decimals past what Oxigraph holds.
"""

from __future__ import annotations

import math
import operator
import re
import struct
from decimal import Context, Decimal, DivisionByZero, InvalidOperation

from rdflib import Literal
from rdflib.namespace import XSD

FLOATING = (XSD.double, XSD.float)
_INTEGER_RANGE = range(-2 ** 63, 2 ** 63)
_DECIMAL_RANGE = range(-2 ** 127, 2 ** 127)
EXACT = Context(prec=100, traps=[DivisionByZero, InvalidOperation])


def value_of(term):
    """The value of a numeric literal (of a float, in single precision); a type error for any other term."""
    from rdflib.plugins.sparql.operators import numeric
    from rdflib.plugins.sparql.sparql import SPARQLError

    value = numeric(term)
    if isinstance(value, Literal):  # (a form no number has: "x"^^xsd:integer)
        raise SPARQLError(f"{term.n3()} is no number")
    if term.datatype not in FLOATING and not readable(value):  # (as Oxigraph reads the literal: no number)
        error = SPARQLError(f"{term.n3()} is past what Oxigraph holds as a number")
        error.not_held = True  # (an error of the comparison itself, not one that rdflib's comparison may answer)
        raise error
    return single(value) if term.datatype == XSD.float else value


def readable(value) -> bool:
    """Whether Oxigraph reads an integer's or a decimal's literal of this value as a number: an integer (of any
    integer type) within 64 bits, a decimal with at most 18 digits after the point, within ±1.7e20; another is
    held as written and is no number to SPARQL there (kg validate refuses it: kg.core.datatypes.answered_otherwise)."""
    if isinstance(value, int):
        return value in _INTEGER_RANGE
    return value.as_tuple().exponent >= -18 and abs(_scaled(value)) < 2 ** 127


def single(value) -> float:
    """`value` rounded to an xsd:float, a single-precision number (INF past the largest)."""
    try:
        return struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def held(value, datatype):
    """`value` as a number of `datatype` holds it, or an error where Oxigraph's cannot: an integer past 64 bits, a
    decimal past ±1.7e20 (Oxigraph's is its value times 10^18, in 128 bits), cut after its 18th digit after the
    point."""
    from rdflib.plugins.sparql.sparql import SPARQLError

    if datatype in FLOATING:
        return single(value) if datatype == XSD.float else float(value)
    if datatype == XSD.integer:
        if value not in _INTEGER_RANGE:
            raise SPARQLError(f"{value} is past what an xsd:integer holds (64 bits)")
        return value
    return _decimal(_scaled(value))


def _scaled(value) -> int:
    """A decimal (or an integer) as Oxigraph keeps it: its value times 10^18, cut to a whole number."""
    return int(Decimal(value).scaleb(18, context=EXACT))


def _decimal(scaled: int) -> Decimal:
    """The decimal Oxigraph keeps as `scaled` (its value times 10^18); an error past what 128 bits hold."""
    from rdflib.plugins.sparql.sparql import SPARQLError

    if scaled not in _DECIMAL_RANGE:
        raise SPARQLError("past what an xsd:decimal holds (±1.7e20)")
    return Decimal(scaled).scaleb(-18, context=EXACT)


def _without_trailing_zeros(scaled: int) -> tuple[int, int]:
    """(`scaled` without its trailing zeros, how many there were); 0 has none."""
    shift = 0
    while scaled and scaled % 10 == 0:
        scaled, shift = scaled // 10, shift + 1
    return scaled, shift


def _decimal_computed(op: str, left, right) -> Decimal:
    """left op right as Oxigraph computes decimals, on their values times 10^18: a product with more than 18
    digits after the point is an error (0.000000000000000001 * 0.5), a quotient is cut after its 18th (1 / 3 is
    0.333333333333333333: the dividend widened to as many digits as 128 bits hold, the divisor without its
    trailing zeros, so that 0 / 99999999999999999999.5 is an error there, and here)."""
    from rdflib.plugins.sparql.sparql import SPARQLError

    a, b = _scaled(left), _scaled(right)
    if op in "+-":
        return _decimal(a + b if op == "+" else a - b)
    if op == "/" and b == 0:
        raise SPARQLError("divide by 0")
    if op == "*":
        product, rest = divmod(a * b, 10 ** 18)
        if rest:
            raise SPARQLError(f"{left} * {right} has more digits after the point than an xsd:decimal holds")
        return _decimal(product)
    a_shift = 0
    while a and a * 10 in _DECIMAL_RANGE:
        a, a_shift = a * 10, a_shift + 1
    b, b_shift = _without_trailing_zeros(b)
    shift = a_shift + b_shift - 18
    if shift < 0 or 10 ** shift not in _DECIMAL_RANGE:
        raise SPARQLError(f"{left} / {right} has more digits after the point than an xsd:decimal holds")
    return _decimal(_cut(_cut(a, b), 10 ** shift))


def _cut(a: int, b: int) -> int:
    """a / b cut towards 0 (Python's // rounds towards minus infinity)."""
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


def as_double(value) -> float:
    """A number as a double: a decimal as Oxigraph converts one (its value times 10^18, as a double, divided by
    10^18, both first without the trailing zeros they share), an integer or a float as it is."""
    if not isinstance(value, Decimal):
        return float(value)
    scaled, divisor = _scaled(value), 10 ** 18
    while scaled and divisor > 1 and scaled % 10 == 0:
        scaled, divisor = scaled // 10, divisor // 10
    return float(scaled) / float(divisor)


def computed(op: str, left, right, datatype):
    """left op right, numbers of the promoted `datatype` (integers divided are decimals): IEEE 754's for doubles
    and floats (a float's operands and result in single precision), so 1e308 * 10 is INF, 1e0 / 0 INF, 0e0 / 0
    NaN and -0.0e0 * 1 -0; a decimal's as Oxigraph computes it (_decimal_computed)."""
    if datatype in FLOATING:
        left, right = held(as_double(left), datatype), held(as_double(right), datatype)
        if op == "/" and right == 0:  # (±INF as the signs of both say; NaN / 0 is that NaN, 0 / 0 the processor's
            # NaN, as inf - inf is: Oxigraph orders a NaN by its bits, the sign among them)
            value = left if math.isnan(left) else (math.inf - math.inf) if left == 0 else \
                math.copysign(math.inf, left) * math.copysign(1, right)
        else:
            value = _OPERATIONS[op](left, right)
        return held(value, datatype), datatype
    if op == "/" or datatype != XSD.integer:
        return _decimal_computed(op, left, right), XSD.decimal
    return held(_OPERATIONS[op](left, right), datatype), datatype


_OPERATIONS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def decimal_of_double(value: float) -> Decimal:
    """A double (or a float) cast to xsd:decimal as Oxigraph casts it: its value times 10^18, cut to a whole
    number; INF, NaN and what 128 bits cannot hold an error."""
    from rdflib.plugins.sparql.sparql import SPARQLError

    if math.isinf(value * 1e18) or math.isnan(value):
        raise SPARQLError(f"{value} is no xsd:decimal")
    return _decimal(int(value * 1e18))


_DIGITS = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_READ_AS = {XSD.double: re.compile(rf"{_DIGITS}(?:[eE][+-]?[0-9]+)?|[+-]?(?i:inf|infinity|nan)"),
            XSD.decimal: re.compile(_DIGITS), XSD.integer: re.compile(r"[+-]?[0-9]+")}
_READ_AS[XSD.float] = _READ_AS[XSD.double]


def read_as(lexical: str, target):
    """A string cast to a number (or a boolean) as Oxigraph reads one: no space, underscore or other digits than
    ASCII's, a double's INF and NaN in any case (inf, Infinity, nan), a decimal with at most 18 digits after the
    point, a boolean true, false, 1 or 0; its value, or an error. (rdflib read it with Python's float(), int() and
    Decimal(): xsd:double(" 1") was 1, xsd:integer("1_0") 10, xsd:decimal("INF") "INF"^^xsd:decimal.)"""
    from rdflib.plugins.sparql.sparql import SPARQLError

    if target == XSD.boolean:
        if lexical not in ("true", "false", "1", "0"):
            raise SPARQLError(f"{lexical!r} is no xsd:boolean")
        return lexical in ("true", "1")
    if not _READ_AS[target].fullmatch(lexical):
        raise SPARQLError(f"{lexical!r} is no xsd:{target.split('#')[1]}")
    if target in FLOATING:
        return held(float(lexical), target)
    if target == XSD.integer:
        return held(int(lexical), target)
    value = Decimal(lexical)
    if _scaled(value) != value.scaleb(18, context=EXACT):  # (more than 18 digits after the point)
        raise SPARQLError(f"{lexical!r} has more digits after the point than an xsd:decimal holds")
    return held(value, target)


def in_common_type(left: Literal, right: Literal) -> tuple:
    """The values of two numbers in their promoted type, to compare them (a decimal with a double as a double:
    0.1 = 0.1e0); an error for what is no number, a TypeError for types that do not combine."""
    from rdflib.plugins.sparql.datatypes import type_promotion

    datatype = type_promotion(type_promotion(left.datatype, left.datatype), right.datatype)
    return tuple(held(as_double(value), datatype) if datatype in FLOATING else
                 Decimal(value) if datatype == XSD.decimal else value for value in (value_of(left), value_of(right)))
