"""Dates as XSD writes them, and nothing else: rdflib reads "2025-10-14T25:99"^^xsd:date as 14 October
2025 (and writes it back so), and takes any text as an xsd:gYear or xsd:gYearMonth ("26", "２０２５"). Both
engines judge a literal's form by rdflib's reading of it (Literal.ill_typed: the reference through
pySHACL, the engine in kg.sources.load and kg.validation.shacl), so the stricter readings registered here make
such a date ill-typed for both: kg validate reports it, where before it passed and was silently rewritten.

Numbers likewise: rdflib reads a number with Python's int(), float() and Decimal(), which take what XSD
does not ("1e3"^^xsd:decimal, "1_000", "١٢٣", "Infinity") and write it back as XSD would ("1000"). The
engine keeps a decimal's text as written ("1e3"), so the engines built different releases from one file
(the reference "1000", the engine refused it); both now judge a number by its form in XSD (NUMBERS).
Imported by kg.core.namespaces, which every stage imports before it makes a literal."""

from __future__ import annotations

import logging
import re
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
import rdflib
import rdflib.term
from owlrl.DatatypeHandling import AltXSDToPYTHON
from rdflib.namespace import RDF, XSD
from rdflib.term import URIRef, _check_well_formed_types
from rdflib.term import XSDToPython, _toPythonMapping, bind
from rdflib.xsd_datetime import parse_xsd_date

from kg.core.bounds import MAX_DIGITS, NUMERIC

ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
# Years 0001-9999 only: Python's dates (rdflib's reading of xsd:date and xsd:dateTime) and owlrl's end
# there, so year 0, years before it and years of five digits were ill-typed as an xsd:date or xsd:dateTime
# and well-typed as an xsd:gYear or xsd:gYearMonth; the four datatypes now agree (OUT_OF_RANGE says why).
YEAR = r"(?!0000)[0-9]{4}"
DATED = {XSD.date, XSD.dateTime, XSD.dateTimeStamp, XSD.gYear, XSD.gYearMonth}
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
# XSD 1.1's lexical mapping rounds a number to the nearest float or double, to INF from halfway past the largest
# (2**128 - 2**103 for a float): "3.4028235e38"^^xsd:float is the largest float, which kg called INF before.
_INF_FROM = {XSD.double: Decimal(2 ** 1024 - 2 ** 970), XSD.float: Decimal(2 ** 128 - 2 ** 103)}


def _number(form: re.Pattern, read):
    def number(lexical: str):
        if not form.fullmatch(lexical):
            raise ValueError(f"{lexical!r} is not a number as XSD writes one")
        return read(lexical)
    return number


_MIDNIGHT = re.compile(r"(?:.*T)?24:00:00(?:\.0+)?(?:Z|[+-].*)?")


def not_a_figure(lexical: str, datatype) -> str:
    """Why kg refuses a literal that XSD reads (else ""), said as it is: the form is valid. INF, -INF and NaN,
    and a number beyond what an xsd:double or xsd:float holds (1e400, whose value is INF), are no figure a
    report states (and rdflib wrote them back as inf and nan, which XSD does not read); 24:00:00, an
    xsd:dateTime's or xsd:time's midnight at the end of the day, is no time Python's can hold."""
    if spaced := written_with_spaces(lexical, datatype):
        return spaced
    if str(datatype) in (str(XSD.dateTime), str(XSD.dateTimeStamp), str(XSD.time)) and _MIDNIGHT.fullmatch(lexical):
        return (f"is a valid xsd:{str(datatype).split('#')[1]}, but 24:00:00 (XSD's midnight at the end of the day) is "
                "an hour kg does not read: write 00:00:00 of the next day")
    name = {str(XSD.double): "xsd:double", str(XSD.float): "xsd:float"}.get(str(datatype))
    if name is None:
        return ""
    if _SPECIAL.fullmatch(lexical):
        return (f"is a valid {name}, but {lexical.strip()} is not a number a report can state (kg refuses INF, -INF "
                "and NaN)")
    if _DOUBLE.fullmatch(lexical) and Decimal(lexical.strip(" \t\n\r")).copy_abs() >= _INF_FROM[URIRef(datatype)]:
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


# ------------------------------------------------------------------ the other datatypes' forms

# Dates with times, times, durations, binaries and the remaining g-types, as XSD writes them: rdflib read
# "2025-01-01" and "20250101T000000" as an xsd:dateTime (Python's fromisoformat), "10:00" as an xsd:time,
# "P1.5Y" as an xsd:duration, "zz==" as an xsd:base64Binary (XSD wants its padding bits zero: "zw=="),
# and took any text as an xsd:gMonth, xsd:gDay or xsd:gMonthDay. Each such form is now ill-typed, for
# both engines, in kg validate and kg build (owlrl's table below: its own took "TRUE"^^xsd:boolean).
_MONTH, _DAY = r"(?:0[1-9]|1[0-2])", r"(?:0[1-9]|[12][0-9]|3[01])"
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"  # (not 24:00:00: see why_ill_typed)
_B64, _B16, _B04 = r"[A-Za-z0-9+/] ?", r"[AEIMQUYcgkosw048] ?", r"[AQgw] ?"
# XML 1.0 (fifth edition)'s NameStartChar without ':', and what NameChar adds to it
_NAME_START = ("A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D"
               "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_NAME_MORE = "\\-.0-9\u00B7\u0300-\u036F\u203F\u2040"
_TIME_PART = r"T(?=[0-9.])(?:[0-9]+H)?(?:[0-9]+M)?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)S)?"
OTHER_FORMS = {
    XSD.dateTime: re.compile(rf"{YEAR}-{_MONTH}-{_DAY}T{_CLOCK}{ZONE}"),
    XSD.dateTimeStamp: re.compile(rf"{YEAR}-{_MONTH}-{_DAY}T{_CLOCK}{ZONE[:-1]}"),  # (its zone is not optional)
    XSD.time: re.compile(rf"{_CLOCK}{ZONE}"),
    XSD.duration: re.compile(rf"-?P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?(?:{_TIME_PART})?(?<!T)"),
    XSD.dayTimeDuration: re.compile(rf"-?P(?=[0-9T])(?:[0-9]+D)?(?:{_TIME_PART})?(?<!T)"),
    XSD.yearMonthDuration: re.compile(r"-?P(?=[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?"),
    XSD.base64Binary: re.compile(rf"(?:(?:{_B64}){{4}})*(?:(?:{_B64}){{3}}[A-Za-z0-9+/]|(?:{_B64}){{2}}{_B16}=|{_B64}{_B04}= ?=)|"),
    XSD.hexBinary: re.compile(r"(?:[0-9a-fA-F]{2})*"),
    XSD.gMonth: re.compile(rf"--{_MONTH}{ZONE}"),
    XSD.gDay: re.compile(rf"---{_DAY}{ZONE}"),
    XSD.gMonthDay: re.compile(rf"--{_MONTH}-{_DAY}{ZONE}"),
    # (no tab, line feed or carriage return; a token also no space at either end, nor two together: XSD's
    # lexical spaces, which owlrl judged by and rdflib made of any text by collapsing its spaces, silently)
    XSD.normalizedString: re.compile(r"[^\t\n\r]*"),
    XSD.token: re.compile(r"(?:[^ \t\n\r]+(?: [^ \t\n\r]+)*)?"),
    # owlrl judged these in kg build (its table below), kg validate not at all: a "Conforms" then a refused
    # build. XSD's forms: a language tag (BCP 47's shape), XML's Name, NCName (a Name without ':') and
    # Nmtoken; an anyURI is any text in XSD 1.1 (owlrl's refused "?q" and ":x", valid relative references).
    XSD.language: re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*"),
    XSD.Name: re.compile(rf"[{_NAME_START}:][{_NAME_START}:{_NAME_MORE}]*"),
    XSD.NCName: re.compile(rf"[{_NAME_START}][{_NAME_START}{_NAME_MORE}]*"),
    XSD.NMTOKEN: re.compile(rf"[{_NAME_START}:{_NAME_MORE}]+"),
    XSD.anyURI: re.compile(r".*", re.S),
}
_MICROSECONDS = re.compile(r"(\.[0-9]{6})[0-9]+")  # (Python's times hold six digits of a second)
_CLOCKS, _DURATION = (XSDToPython[XSD.dateTime], XSDToPython[XSD.time]), XSDToPython[XSD.duration]  # rdflib's readers


def _month_day(lexical: str) -> Written:
    if int(lexical[5:7]) > [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][int(lexical[2:4]) - 1]:  # (29 February: a leap year's)
        raise ValueError(f"{lexical!r} is not a day of that month")
    return Written(lexical)


def _formed(form: re.Pattern, read):
    def reading(lexical: str):
        if not form.fullmatch(lexical):
            raise ValueError(f"{lexical!r} is not written as XSD writes its datatype")
        if read in _CLOCKS:  # (_STAMPED among them)
            return read(_MICROSECONDS.sub(r"\1", lexical))
        if read is _DURATION:  # (rdflib's wants a digit either side of a second's point: ".5S", "1.S")
            return read(re.sub(r"\.(?=S)", "", re.sub(r"(?<![0-9])\.", "0.", lexical)))
        return read(lexical)
    return reading


_STAMPED = _CLOCKS[0]  # (an xsd:dateTimeStamp reads as the xsd:dateTime it is)
_AS_TEXT = (XSD.token, XSD.normalizedString, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN, XSD.anyURI)
for _datatype, _form in OTHER_FORMS.items():
    _toPythonMapping[_datatype] = XSDToPython[_datatype] = _formed(_form, XSDToPython.get(_datatype) or (
        _STAMPED if _datatype == XSD.dateTimeStamp else _month_day if _datatype == XSD.gMonthDay
        else str if _datatype in _AS_TEXT else Written))

# A form with spaces around it (or tabs, line feeds, runs of spaces inside): XSD's whiteSpace facet
# ("collapse", every datatype here but xsd:string and xsd:normalizedString) is what an XML validator does to
# the text before it reads it, and no lexical form has them: "2025-01-01T00:00:00 " is no xsd:dateTime's.
# RDF reads a literal's form as written, and so does Oxigraph (" 7 "^^xsd:integer is no number to it, so
# FILTER(?n > 5) answered otherwise than the reference, which read 7); kg read such numbers, and refused
# such dates, durations and base64 saying they were not valid at all. Each is refused now, saying what to
# write (written_with_spaces), in kg validate and kg build, on both engines.
COLLAPSED = {*FORMS, *NUMBERS, *(set(OTHER_FORMS) - {XSD.normalizedString}), XSD.boolean}


def _collapse(lexical: str) -> str:
    return re.sub(r"[ \t\n\r]+", " ", lexical).strip(" ")


def _unspaced(read):
    def reading(lexical: str):
        if lexical != _collapse(lexical):
            raise ValueError(f"{lexical!r} has spaces no XSD form has")
        return read(lexical)
    return reading


for _datatype in COLLAPSED:
    _toPythonMapping[_datatype] = XSDToPython[_datatype] = _unspaced(_toPythonMapping[_datatype])


def written_with_spaces(lexical: str, datatype) -> str:
    """What to say of a form that is one of the datatype's once its spaces are collapsed, as an XML validator
    would (else ""): kg reads the form as written, as RDF and Oxigraph do."""
    datatype = URIRef(str(datatype))
    if datatype not in COLLAPSED or lexical == (collapsed := _collapse(lexical)):
        return ""
    if rdflib.Literal(collapsed, datatype=datatype).ill_typed or not_a_figure(collapsed, datatype):
        return ""  # (the form is wrong without its spaces too: that is what is said)
    where = "around it" if lexical.strip(" \t\n\r") == collapsed else "inside it (a tab, a line break or a run)"
    return (f"has spaces {where} that no xsd:{datatype.split('#')[1]} is written with (XSD collapses them when it "
            f"validates XML; RDF and Oxigraph read the form as written, so it is no value to them): write \"{collapsed}\"")


def _judged(datatype):
    """owlrl's reading of a datatype, as rdflib's (with the readings above) judges a literal of it: its form,
    its value, and rdflib's checks of the value (an xsd:byte's range; a boolean is true, false, 1 or 0)."""
    read, check = _toPythonMapping[datatype], _check_well_formed_types.get(datatype)

    def judge(lexical: str):
        try:
            value = read(lexical)
        except Exception:  # (rdflib's own readers raise more than ValueError: it catches them all)
            value = None
        if value is None or (check is not None and not check(lexical, value)):
            raise ValueError(f"{lexical!r} is not an {datatype}")
        return value
    return judge


# owlrl's rule dt-not-type (both engines' reasoners) reads each literal with its own table, which took forms
# XSD does not ("TRUE"^^xsd:boolean, "20250101T000000"^^xsd:dateTime is refused but "1_000"^^xsd:integer is
# not) and refused some it does ("0.0"^^xsd:double, ""^^xsd:base64Binary): in this process it now judges
# every datatype kg reads as kg validate does (owlrl's files are untouched).
# rdf:XMLLiteral too: owlrl's reading wants an XML document (one root element), where RDF 1.1's lexical space is
# any well-balanced XML content ("plain words", "&lt;"), as rdflib reads it: kg build refused as inconsistent
# what kg validate passed (a hostile read found it).
JUDGED = {*FORMS, *NUMBERS, *OTHER_FORMS, XSD.boolean, RDF.XMLLiteral}  # every datatype owlrl's table judges (tests/test_datatypes.py)
AltXSDToPYTHON.update({datatype: _judged(datatype) for datatype in JUDGED if datatype in AltXSDToPYTHON})

# A literal keeps the form it was written in, in both engines and in the release: rdflib wrote a well-typed
# literal back in its own canonical form ("1"^^xsd:boolean as "true", "007"^^xsd:integer as "7",
# "2025-01-01T10:00:00.50" with six digits, "PT36H" as "P1DT12H"), and the engine followed it; Oxigraph keeps
# what was written. pySHACL sets rdflib.NORMALIZE_LITERALS back to True after each validation
# (kg.reference.validate sets it back, keep_forms), and rdflib collapses an xsd:token's or an
# xsd:normalizedString's spaces whatever the setting, which it no longer does here.
def keep_forms() -> None:
    rdflib.NORMALIZE_LITERALS = False


keep_forms()
rdflib.term._normalise_XSD_STRING = rdflib.term._strip_and_collapse_whitespace = lambda lexical: lexical


def why_ill_typed(lexical: str, datatype) -> str:
    """Why an ill-typed literal is refused, where the reason is kg's rather than its form's: a date whose
    year XSD writes but kg does not read ("0000"^^xsd:gYear, "-0044-03-15"^^xsd:date); else ""."""
    if str(datatype) not in {str(d) for d in DATED}:
        return ""
    found = _XSD_YEAR.match(lexical)
    if found is None or re.fullmatch(r"-?(?:[1-9][0-9]{4,}|[0-9]{4})", found[1]) is None:
        return ""  # not a year as XSD writes one: the form is what is wrong
    # (a year of more than 4 digits is out of range unread: int() of 5,000 stopped kg build with an internal error)
    return OUT_OF_RANGE if len(found[1].lstrip("-")) > 4 or not 1 <= int(found[1]) <= 9999 else ""


# ------------------------------------------------------------------ the form SPARQL answers with

# Oxigraph's store keeps a literal of the XSD datatypes it computes with as a value, and answers a query with
# that value's own form: "01"^^xsd:integer as "1", "1.50"^^xsd:decimal as "1.5", "1"^^xsd:boolean as "true",
# "PT36H"^^xsd:duration as "P1DT12H", "...+00:00"^^xsd:dateTime as "...Z", and "7"^^xsd:nonNegativeInteger
# (every integer type but xsd:integer) as "7"^^xsd:integer, an xsd:dateTimeStamp as an xsd:dateTime. rdflib
# answers the form written, and the release keeps it: so kg query and kg serve answered in other words than
# dist/*.nt and the reference engine. kg refuses such a literal (kg validate and kg build, both engines):
# which forms the store changes is asked of the store itself, not written out here, so the rule follows the
# Oxigraph that answers (tests/test_datatypes.py keeps the list of what it changed when measured).
_AS = "<urn:kg:answered-as>"


def answered_otherwise(literals) -> dict[str, str]:
    """{literal: the literal Oxigraph's store answers with in its place}, for each of `literals` (typed
    literals' N-Triples strings, as pyoxigraph writes them) that the store answers in another form or
    datatype; the others are answered as written. One in-memory store, loaded and dumped in one go each
    (0.03 s for the 8,856 distinct typed literals of a million-triple corpus, 0.25 s for 100,000)."""
    literals = list(dict.fromkeys(literals))
    if not literals:
        return {}
    store = ox.Store()
    store.load("".join(f"<urn:kg:{n}> {_AS} {literal} .\n" for n, literal in enumerate(literals)).encode("utf-8"),
               format=ox.RdfFormat.N_TRIPLES)
    found = {}
    for line in store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8").splitlines():
        subject, _, answered = line.split(" ", 2)
        written, answered = literals[int(subject[8:-1])], answered[:-2]  # (N-Triples' " ." at the end)
        if answered != written:
            found[written] = answered
    # A number of a numeric datatype that the store holds as written but not as a number (an integer past 64
    # bits, a decimal with more than 18 digits after the point): every comparison of it is an error there, so a
    # SPARQL rule that compares it found nothing (oa:end 10^20 "within" a report of 5,446 characters) and an
    # ORDER BY put it anywhere. Answered in its own place, it is said so (written_as_answered).
    for row in store.query(f"SELECT ?s WHERE {{ ?s {_AS} ?o FILTER(!isNumeric(?o)) }}"):
        written = literals[int(row[0].value[7:])]  # (urn:kg:N)
        if written.rpartition("^^<")[2][:-1] in NUMERIC:
            found[written] = written
    return found


def answered_literals(literals) -> dict:
    """answered_otherwise for rdflib literals (the reference's): {literal: the rdflib literal answered in its
    place}, each written to N-Triples and read back by pyoxigraph."""
    written = {str(ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype)))): o for o in literals}
    found = {}
    for text, answered in answered_otherwise(written).items():
        (triple,) = ox.parse(f"<urn:kg:s> <urn:kg:p> {answered} .".encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        found[written[text]] = rdflib.Literal(triple.object.value, datatype=triple.object.datatype.value)
    return found


def written_as_answered(written: rdflib.Literal, answered: rdflib.Literal) -> str:
    """What kg says of a literal whose form (or datatype) SPARQL answers otherwise: what to write; or, for a
    double or float that Oxigraph writes out with more digits than kg reads (kg.core.bounds: 1e40 is answered
    "10000000000000000000000000000000000000000", 4.9E-324 with 324 digits), that no form of it will do."""
    datatype = str(answered.datatype)
    if answered == written:  # (answered_otherwise: held, but as no number)
        return ("is past the numbers Oxigraph, kg's engine, computes with (an integer within ±9223372036854775807, a "
                "decimal with at most 18 digits after the point, within ±1.7e20): every comparison of it is an error "
                "there, so the rules that compare it would find nothing; write it within those bounds, or as an "
                "xsd:double if it need not be exact")
    if datatype in NUMERIC and (digits := sum(c.isdigit() for c in answered)) > MAX_DIGITS:
        return (f'is written "{answered[:24]}…" in SPARQL answers, a number of {digits} digits, and kg reads at most '
                f"{MAX_DIGITS}: no form of it is answered as written (kg keeps each value in the one form every engine "
                "answers with)")
    shown = (f'"{answered}"' if answered.datatype == written.datatype else
             f'"{answered}"^^' + (f"xsd:{datatype[len(str(XSD)):]}" if datatype.startswith(str(XSD)) else f"<{datatype}>"))
    return f"is written {shown} in SPARQL answers: write {shown} (kg keeps each value in the one form every engine answers with)"


# ---- dates as a reader writes them (the desk's pages, kg check's and kg discrepancies' text)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def date_words(date: str) -> str:
    """An ISO date as a reader writes it: 2025-07 is "July 2025", 2025-07-10 "10 July 2025" (else as it is)."""
    found = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date)
    if not found or (found.group(2) and not 1 <= int(found.group(2)) <= 12):
        return date
    year, month, day = found.groups()
    if not month:
        return year
    return (f"{int(day)} " if day else "") + f"{MONTHS[int(month) - 1]} {year}"


def dates_in_words(text: str) -> str:
    """Every ISO date in a heading as a reader writes it: "came into force: 2025-08" is "came into force:
    August 2025"; but a date given to a command's option, which a reader may type again: "(--date 2026-03-05)",
    kg add's reason for a report's date, stays so (it read "--date 5 March 2026", which kg add refuses)."""
    return re.sub(r"(--[\w-]+[ =])?\b\d{4}-\d{2}(?:-\d{2})?\b",
                  lambda m: m.group() if m.group(1) else date_words(m.group()), text)
