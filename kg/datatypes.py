"""Dates as XSD writes them, and nothing else: rdflib reads "2025-10-14T25:99"^^xsd:date as 14 October
2025 (and writes it back so), and takes any text as an xsd:gYear or xsd:gYearMonth ("26", "２０２５"). Both
engines judge a literal's form by rdflib's reading of it (Literal.ill_typed: the reference through
pySHACL, the engine in kg.graph.load and kg.graph.shacl), so the stricter readings registered here make
such a date ill-typed for both: kg validate reports it, where before it passed and was silently rewritten.

Numbers likewise: rdflib reads a number with Python's int(), float() and Decimal(), which take what XSD
does not ("1e3"^^xsd:decimal, "1_000", "١٢٣", "Infinity") and write it back as XSD would ("1000"). The
engine keeps a decimal's text as written ("1e3"), so the engines built different releases from one file
(the reference "1000", the engine refused it); both now judge a number by its form in XSD (NUMBERS).
Imported by kg.namespaces, which every stage imports before it makes a literal."""

from __future__ import annotations

import logging
import re
from datetime import date

from owlrl.DatatypeHandling import AltXSDToPYTHON
from rdflib.namespace import XSD
from rdflib.term import URIRef
from rdflib.term import XSDToPython, _toPythonMapping, bind
from rdflib.xsd_datetime import parse_xsd_date

ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
# Years 0001-9999 only: Python's dates (rdflib's reading of xsd:date and xsd:dateTime) and owlrl's end
# there, so year 0, years before it and years of five digits were ill-typed as an xsd:date or xsd:dateTime
# and well-typed as an xsd:gYear or xsd:gYearMonth; the four datatypes now agree (OUT_OF_RANGE says why).
YEAR = r"(?!0000)[0-9]{4}"
DATED = {XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth}
OUT_OF_RANGE = "its year is outside 0001-9999, the years kg reads: not year 0, a year before it, nor one of five digits"
_XSD_YEAR = re.compile(r"\s*(-?[0-9]+)(?=-|\s*$|Z|[+-][0-9]{2}:)")
FORMS = {
    XSD.date: re.compile(rf"{YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]){ZONE}"),
    XSD.gYearMonth: re.compile(rf"{YEAR}-(?:0[1-9]|1[0-2]){ZONE}"),
    XSD.gYear: re.compile(rf"{YEAR}{ZONE}"),
}


class Written(str):
    """A gYear's or gYearMonth's value: its lexical form, once checked (rdflib has no type for them)."""


class ZonedDate(date):
    """An xsd:date written with a time zone ("2025-01-01Z", "2025-01-01+05:00"): Python's date has none, and
    rdflib writes a date's value back as its isoformat(), so the zone was dropped (and two dates a zone apart
    became one triple). Its isoformat() is the form as written."""

    lexical: str

    def isoformat(self) -> str:
        return self.lexical

    def __reduce__(self):  # (date's own keeps the day, not the zone: a copy or a pickle would lose it)
        return _date, (self.lexical,)


def _date(lexical: str):
    if not FORMS[XSD.date].fullmatch(lexical):
        raise ValueError(f"{lexical!r} is not an xsd:date")
    value = parse_xsd_date(lexical)  # (a year of four digits: Python's dates end at 9999)
    if len(lexical) == 10:  # no zone
        return value
    zoned = ZonedDate(value.year, value.month, value.day)
    zoned.lexical = lexical
    return zoned


def _checked(datatype):
    def read(lexical: str) -> Written:
        if not FORMS[datatype].fullmatch(lexical):
            raise ValueError(f"{lexical!r} is not an {datatype}")
        return Written(lexical)
    return read


_log = logging.getLogger("rdflib.term")
_level, _log.level = _log.level, logging.ERROR  # (rdflib warns that xsd:date was bound before: by itself)
try:
    bind(XSD.date, type(parse_xsd_date("2025-01-01")), constructor=_date, datatype_specific=True)
    for _datatype in (XSD.gYearMonth, XSD.gYear):
        bind(_datatype, Written, constructor=_checked(_datatype), datatype_specific=True)
finally:
    _log.level = _level

# Numbers as XSD writes them (leading and trailing spaces allowed: XSD collapses them); ASCII digits only.
_SPACE = r"[ \t\n\r]*"
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_INTEGER = re.compile(rf"{_SPACE}[+-]?[0-9]+{_SPACE}")
# (INF, -INF and NaN are read apart, below: valid XSD, but no figure a report states)
_DOUBLE = re.compile(rf"{_SPACE}{_DECIMAL}(?:[eE][+-]?[0-9]+)?{_SPACE}")
_SPECIAL = re.compile(rf"{_SPACE}(?:[+-]?INF|NaN){_SPACE}")
NUMBERS = {XSD.decimal: re.compile(rf"{_SPACE}{_DECIMAL}{_SPACE}"), XSD.double: _DOUBLE, XSD.float: _DOUBLE} | {
    XSD[name]: _INTEGER for name in ("integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short",
                                     "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
                                     "unsignedByte", "positiveInteger")}
_LARGEST = {XSD.double: 1.7976931348623157e308, XSD.float: 3.4028234663852886e38}  # what each holds, at most


def _number(form: re.Pattern, read):
    def number(lexical: str):
        if not form.fullmatch(lexical):
            raise ValueError(f"{lexical!r} is not a number as XSD writes one")
        return read(lexical)
    return number


def not_a_figure(lexical: str, datatype) -> str:
    """Why kg refuses an xsd:double or xsd:float that XSD reads (else ""): INF, -INF and NaN, and a number
    beyond what the datatype holds (1e400, whose value is INF), are no figure a report states, and rdflib
    wrote them back as inf and nan, which XSD does not read. Said as it is: the form is valid."""
    name = {str(XSD.double): "xsd:double", str(XSD.float): "xsd:float"}.get(str(datatype))
    if name is None:
        return ""
    if _SPECIAL.fullmatch(lexical):
        return (f"is a valid {name}, but {lexical.strip()} is not a number a report can state (kg refuses INF, -INF "
                "and NaN)")
    if _DOUBLE.fullmatch(lexical) and abs(float(lexical)) > _LARGEST[URIRef(datatype)]:
        return (f"is a valid {name}, but beyond what one holds (±{_LARGEST[URIRef(datatype)]:.1e}): its value is INF, "
                "not the number written")
    return ""


def _floating(datatype):
    """An xsd:double's or xsd:float's reading: XSD's form, a finite value the datatype holds. (owlrl's own
    refused any whose magnitude is not strictly between 1e-330 and 1e310, or 1e-50 and 1e40 for a float: 0.0
    among them, so "0.0"^^xsd:double failed kg build on both engines; it reads with this one now, below.)"""
    def read(lexical: str) -> float:
        if not _DOUBLE.fullmatch(lexical) or not_a_figure(lexical, datatype):
            raise ValueError(f"{lexical!r} is not an {datatype} kg reads")
        return float(lexical)
    return read


for _datatype, _form in NUMBERS.items():  # rdflib's own reading, once the form is XSD's
    _toPythonMapping[_datatype] = _floating(_datatype) if _form is _DOUBLE else _number(_form, XSDToPython[_datatype])
# owlrl, after each closure, puts back rdflib's own readings from this table (DatatypeHandling.
# use_RDFLib_lexical_conversions): the strict ones go there too, or one reasoning run would undo them.
XSDToPython.update({datatype: _toPythonMapping[datatype] for datatype in (*FORMS, *NUMBERS)})
# owlrl's test of a literal's form (rule dt-not-type, both engines' reasoners: kg.graph.reason reads the same
# table) is its own table's: a double or float is read there as rdflib reads it here (in this process; owlrl's
# files are untouched).
AltXSDToPYTHON.update({datatype: _toPythonMapping[datatype] for datatype in (XSD.double, XSD.float)})


def why_ill_typed(lexical: str, datatype) -> str:
    """Why an ill-typed literal is refused, where the reason is kg's rather than its form's: a date whose
    year XSD writes but kg does not read ("0000"^^xsd:gYear, "-0044-03-15"^^xsd:date); else ""."""
    if str(datatype) not in {str(d) for d in DATED}:
        return ""
    found = _XSD_YEAR.match(lexical)
    if found is None or re.fullmatch(r"-?(?:[1-9][0-9]{4,}|[0-9]{4})", found[1]) is None:
        return ""  # not a year as XSD writes one: the form is what is wrong
    return OUT_OF_RANGE if not 1 <= int(found[1]) <= 9999 else ""
