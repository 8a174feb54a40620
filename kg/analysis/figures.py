"""Figures as the checks read them: numbers in Decimal, the precision their wording implies, and the
range of true values a stated figure allows.

`kg check`, `kg discrepancies` and `kg timeline` read figures through this module, so that all three
apply the same rules (docs/checking.md explains them with examples):

- Numbers are `decimal.Decimal`, read from the literal's lexical form (never through float).
- Precision comes from `oo:statedAs`: the number of decimals written ("25 per cent" is to the whole
  number, +-0.5; "1.6 per cent" to one decimal, +-0.05); a round thousand written out ("41,000") is to
  the nearest thousand (+-500); a scale word counts ("£50 million" is to the nearest million). A round
  ten or hundred ("70") is read as exact: counts often end in zero, and nothing marks it as rounded.
  Wording with no digits ("virtually zero", "second-highest") is read to the whole number.
- The comparator gives the range: exactly: value +- half a unit of the last stated digit (closed: a
  value exactly half-way may be rounded either way); more than: above the bound; at least: the bound
  or above; less than: below the bound; almost: within 10 % (or one stated unit) below the bound, up
  to the bound; around: within 10 % of the value, and never tighter than one stated unit (so
  "virtually zero" per cent allows up to 1 per cent); vague words: the ranges in VAGUE_RANGES, or no
  range at all ("relatively small numbers").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from rdflib import BNode, Graph, URIRef

from kg.core.bounds import MAX_DIGITS, MAX_EXPONENT
from kg.core.namespaces import OA, OO, RDF, RDFS, SCHEMA, SKOS
from kg.core.terms import in_english, term_string

INFINITY = Decimal("Infinity")
NO_PERIOD = "no period stated"  # StatedFigure.period of a figure with none
# The mark after a value the curators inferred, not read in the evidence (docs/modelling.md "Nothing silent"):
# the analysis text, kg timeline, the search records and the desk's pages all write this one.
INFERRED = " (inferred)"
# Rounding a number to a stated unit needs as many digits as lie between them: up to the widest number
# kg.core.bounds lets into the data rounded to its smallest unit (1e400 to units of 1e-400), more than the
# 28 of Python's default context, which raises on them.
EXACT = Context(prec=2 * (MAX_DIGITS + MAX_EXPONENT) + 20)
AROUND = Decimal("0.10")  # "around", "almost": within 10 % (and at least one stated unit)
ROUNDING_SLACK = Decimal("0.05")  # a round number stated as exact, at most 5 % from a value, may be its rounding

# Vague words that still bound a number, as a careful reader takes them (inclusive ranges).
# "dozens" is at least two dozen and fewer than a hundred ("hundreds" would be said); "several" is more
# than a couple and fewer than ten. Words not listed ("relatively small numbers", "high") give no range.
VAGUE_RANGES = {
    "dozens": (Decimal(24), Decimal(99)),
    "several": (Decimal(3), Decimal(9)),
    "hundreds": (Decimal(200), Decimal(999)),
    "thousands": (Decimal(2000), Decimal(999999)),
}

NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?!\d)")
SCALES = {"thousand": 3, "million": 6, "billion": 9}


def bracketed(text: str) -> str:
    """A value for inside brackets: "Home Secretary (inferred)" as "Home Secretary, inferred", "2025 (inferred
    for 41,000, report 000)" as "2025, inferred for 41,000, report 000"."""
    return re.sub(r" \((inferred\b[^()]*)\)$", r", \1", text)


def decimal_of(literal) -> Decimal | None:
    """A literal's number as Decimal, from its lexical form (281, 1.6, -9); None if it is not one, nor for
    "NaN" and "INF" (an xsd:double's): no report states them, and no range can be worked out from them."""
    if literal is None:
        return None
    try:
        number = Decimal(str(literal))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def value_of(graph: Graph, node, predicate):
    """graph.value(node, predicate), alike whatever order the graph holds its triples in: where the data gives
    several values (kg validate reports it), the least as N-Triples writes them. rdflib's Graph gives "the
    first" in the order it was filled, the engine's index in the order of a set (another at each
    PYTHONHASHSEED): the analysis read one figure two ways."""
    if node is None:
        return None
    found = list(graph.objects(node, predicate))
    if len(found) > 1:
        return min(found, key=term_string)
    return found[0] if found else None


OPERAND = (OO.value, OO.bound, OO.comparator, OO.statedAs, OO.unit)  # what the arithmetic reads of a figure


def several_values(graph: Graph, read: list) -> str:
    """Why a figure gives no one number where a node the analysis reads gives several values of a property
    that takes one (`read`: [(node, properties)]): "r000-fig-x gives two oo:value, 0 and 350, where one is
    meant". value_of reads the least, but which one the report means is not in the data; "" where each
    gives one."""
    for node, properties in read:
        for prop in properties:
            values = sorted(graph.objects(node, prop), key=term_string)
            if len(values) > 1:
                shown = joined(local(v) if isinstance(v, URIRef) else str(v) for v in values)
                count = "two" if len(values) == 2 else str(len(values))
                return (f"{named(node)} gives {count} oo:{local(prop)}, {shown}, where one is meant "
                        "(kg validate reports it)")
    return ""


@lru_cache(maxsize=65536, typed=True)
def fmt(number: Decimal | None, places: int = 4, sign: bool = False) -> str:
    """A number for people: thousands separated, at most `places` decimals, no trailing zeros. Made once for
    each value (equal numbers are written alike: 1.0 and 1.00 both "1"): the analysis writes the same few
    thousand numbers in 400 K places at a million triples (measured).

    >>> fmt(Decimal("24.555160142"))
    '24.5552'
    >>> fmt(Decimal("41472")), fmt(Decimal("1") / 3, 2), fmt(Decimal(1), sign=True)
    ('41,472', '0.33', '+1')

    A number smaller than the last of those places keeps its first four digits, never shown as 0:

    >>> fmt(Decimal("0.0000123456")), fmt(Decimal("-1e-12"))
    ('0.00001235', '-0.000000000001')
    """
    if number is None:
        return ""
    if number.is_infinite():
        return ("-" if number < 0 else "") + "infinity"
    if number and places >= 0 and number.adjusted() < -places:
        places = 3 - number.adjusted()
    rounded = (number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=EXACT) if places >= 0
               else number)
    text = f"{rounded.normalize(EXACT):,f}"
    if text in ("-0", "+0"):
        text = "0"
    return ("+" if sign and rounded > 0 else "") + text


@dataclass(frozen=True)
class Precision:
    """How precisely a number is written: rounded to `places` decimals (negative: to tens, thousands)."""

    places: int
    from_digits: bool = True  # False when the wording has no digits ("virtually zero")

    @property
    def half(self) -> Decimal:
        """Half a unit of the last stated digit: 0.5 for "25", 0.05 for "1.6", 500 for "41,000"."""
        return Decimal(5).scaleb(-self.places - 1)

    @property
    def unit(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    def words(self) -> str:
        if self.places > 0:
            return f"to {self.places} decimal place{'s' if self.places > 1 else ''}"
        if self.places == 0:
            return "to the nearest whole number"
        names = {-1: "ten", -2: "hundred", -3: "thousand", -6: "million", -9: "billion"}
        return f"to the nearest {names.get(self.places, f'{10 ** -self.places:,}')}"

    def round(self, number: Decimal) -> Decimal:
        return number.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP, context=EXACT)

    def truncate(self, number: Decimal) -> Decimal:
        return number.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_DOWN, context=EXACT)


def stated_precision(stated: str, number: Decimal | None) -> Precision:
    """The precision of `number` as written in `stated`.

    >>> stated_precision("25 per cent higher", Decimal(25)).half
    Decimal('0.5')
    >>> stated_precision("1.6 per cent", Decimal("1.6")).half
    Decimal('0.05')
    >>> stated_precision("more than 41,000", Decimal(41000)).words()
    'to the nearest thousand'
    >>> stated_precision("£50 million", Decimal(50000000)).words()
    'to the nearest million'
    >>> stated_precision("9 per cent below", Decimal(-9)).places, stated_precision("virtually zero", Decimal(0)).from_digits
    (0, False)
    """
    target = abs(number) if number is not None else None
    for match in NUMBER.finditer(stated or ""):
        whole, decimals = match.group(1), match.group(2) or ""
        written = Decimal(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
        scale = re.match(r"\s*(thousand|million|billion)\b", stated[match.end():], re.I)
        exponent = SCALES[scale.group(1).lower()] if scale else 0
        if target is not None and written.scaleb(exponent) != target:
            continue
        places = len(decimals) - exponent
        if not exponent and not decimals and "," in whole and written % 1000 == 0:
            places = -3  # a round thousand written out: "41,000"
        return Precision(places)
    return Precision(0, from_digits=False)


@dataclass(frozen=True)
class Interval:
    """A range of numbers; infinite ends are Decimal('Infinity'); ends may be open."""

    low: Decimal
    high: Decimal
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def point(cls, number: Decimal) -> "Interval":
        return cls(number, number)

    @property
    def is_point(self) -> bool:
        return self.low == self.high and not (self.low_open or self.high_open)

    @property
    def bounded(self) -> bool:
        return not (self.low.is_infinite() or self.high.is_infinite())

    def contains(self, number: Decimal) -> bool:
        above = number > self.low if self.low_open else number >= self.low
        below = number < self.high if self.high_open else number <= self.high
        return above and below

    def covers(self, other: "Interval") -> bool:
        """Every number of `other` is in this interval."""
        low_ok = other.low > self.low or (other.low == self.low and (not self.low_open or other.low_open))
        high_ok = other.high < self.high or (other.high == self.high and (not self.high_open or other.high_open))
        return low_ok and high_ok

    def overlaps(self, other: "Interval") -> bool:
        """They share more than a single end point (69 +- 0.5 and 70 +- 0.5 do not overlap)."""
        return max(self.low, other.low) < min(self.high, other.high)

    def meets(self, other: "Interval") -> bool:
        """They share at least one number."""
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low < high:
            return True
        if low > high:
            return False
        return self.contains(low) and other.contains(low)

    def text(self, places: int = 4) -> str:
        if self.is_point:
            return fmt(self.low, places)
        if self.high.is_infinite():
            return f"{'above' if self.low_open else 'at least'} {fmt(self.low, places)}"
        if self.low.is_infinite():
            return f"{'below' if self.high_open else 'at most'} {fmt(self.high, places)}"
        return f"{fmt(self.low, places)} to {fmt(self.high, places)}"


@dataclass(frozen=True)
class Span:
    """An evidence span: the report's exact words and their offsets."""

    exact: str
    start: int
    end: int
    report: URIRef | None
    offsets: tuple = field(default=(), compare=False, repr=False)  # oa:start and oa:end as the data writes them

    def text(self, limit: int = 0) -> str:
        words = self.exact if not limit or len(self.exact) <= limit else self.exact[: limit - 1] + "…"
        return f"{local(self.report)} [{self.start}:{self.end}] \"{words}\""

    def as_dict(self) -> dict:
        return {"report": str(self.report) if self.report else None, "start": self.start, "end": self.end,
                "exact": self.exact}


COMPARATOR_WORDS = {OO.Exactly: "exactly", OO.MoreThan: "more than", OO.AtLeast: "at least",
                    OO.LessThan: "less than", OO.Almost: "almost", OO.UpTo: "up to", OO.AtMost: "at most",
                    OO.Around: "around", OO.Average: "on average", OO.Vague: "vague words"}


def joined(parts) -> str:
    """Words joined as a sentence lists them: "a", "a and b", "a, b and c"."""
    parts = list(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def comparator_words(comparator) -> str:
    """A comparator as words: oo:MoreThan is "more than"."""
    return COMPARATOR_WORDS.get(comparator, local(comparator))


def local(term) -> str:
    """The local name of an oi: IRI ("r000", "ind-net-inflow")."""
    if term is None:
        return ""
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def named(node) -> str:
    """A node as the analysis names it to people: its local name; a blank node as "[blank node]", never by its
    label, which each parse (rdflib's, Oxigraph's) makes anew."""
    return "[blank node]" if isinstance(node, BNode) else local(node)


@dataclass
class StatedFigure:
    """One oo:Figure node with what the checks need, read from the graph."""

    node: URIRef
    label: str = ""
    indicator: URIRef | None = None
    unit: URIRef | None = None
    unit_label: str = ""  # the unit in words ("per cent"), for a chart's axis: never its IRI run together
    comparator: URIRef | None = None
    value: Decimal | None = None
    bound: Decimal | None = None
    stated: str = ""
    qualifier: str = ""
    report: URIRef | None = None
    report_name: str = ""  # "report 000" (report_name)
    report_date: str = ""
    report_date_inferred: bool = False
    as_of: str = ""
    as_of_inferred: bool = False
    reference_year: str = ""
    start_event: URIRef | None = None
    start_event_label: str = ""
    as_of_event: URIRef | None = None  # a figure of a moment ("at the beginning of the agreement"), not a count to date
    as_of_event_label: str = ""
    period_as_written: str = ""
    partial: bool = False  # a year-to-date count (oo:partialPeriod: "so far this year"), not the year's total
    derived: bool = False
    # the properties whose value the curators inferred (oo:inferredValue), oo:referenceYear among them where
    # oo:dateInferred says the year was read from relative words ("last year") against the report's date
    inferred: frozenset = frozenset()
    speakers: tuple = ()  # ((IRI, label), ...) of the statements that mention the figure
    inferred_speakers: frozenset = frozenset()  # those of them no statement's own words name (oo:inferredValue)
    statements: tuple = ()
    evidence: tuple = field(default_factory=tuple)  # Span, by start offset

    @property
    def number(self) -> Decimal | None:
        return self.value if self.value is not None else self.bound

    @cached_property
    def precision(self) -> Precision:
        """Worked out once: the discrepancies ask for it about each figure many times."""
        return stated_precision(self.stated, self.number)

    def speaker_names(self, mark: str) -> list[str]:
        """The speakers' names, each the curators inferred followed by `mark` (" (inferred)"): no statement
        by them names them ("she said", a quote continuing a paragraph), so the name is the curators' reading."""
        return [name + (mark if iri in self.inferred_speakers else "") for iri, name in self.speakers]

    @property
    def voice(self) -> str:
        """Who states it: the speakers' names, marked where inferred, or the report's own voice."""
        return "; ".join(self.speaker_names(INFERRED)) or "the report"

    @property
    def period_stated(self) -> bool:
        return self.period != NO_PERIOD

    @property
    def period(self) -> str:
        """The period in words: the reference year ("so far in 2026" for a year-to-date count: the 933 of "so far
        this year" was shown as 2026's, beside 2025's 41,472), "since <event>", or the report's words."""
        if self.reference_year:
            return f"so far in {self.reference_year}" if self.partial else self.reference_year
        if self.start_event is not None:
            return f"since {self.start_event_label or local(self.start_event)}"
        return self.period_as_written or NO_PERIOD

    @property
    def period_inferred(self) -> bool:
        """The period is the curators' reading (of the same report, or a convention), not the figure's words."""
        by = OO.referenceYear if self.reference_year else OO.periodStartEvent if self.start_event is not None else None
        return by in self.inferred

    def period_words(self, mark: str = INFERRED) -> str:
        """The period in words followed by `mark` where the curators inferred it (period_inferred): "since
        operations began (inferred)" where the figure's own words name no start."""
        return self.period + mark * (self.period_stated and self.period_inferred)

    @property
    def value_inferred(self) -> bool:
        """The number shown (the value, else the bound) or its unit ("virtually zero" read as 0 per cent) is
        the curators' reading, not the figure's words: "balanced exchanges" read as 1, "the highest since
        2022" as at least position 2."""
        number = OO.value if self.value is not None else OO.bound
        return bool({number, OO.unit} & self.inferred)

    @property
    def comparator_inferred(self) -> bool:
        """The qualifier ("more than", exactly) is the curators' reading, not the figure's words."""
        return OO.comparator in self.inferred

    def comparator_marked(self, mark: str = INFERRED) -> str:
        """The comparator in words, followed by `mark` where comparator_inferred."""
        return comparator_words(self.comparator) + mark * self.comparator_inferred

    def value_marked(self, words: str, mark: str = INFERRED) -> str:
        """A figure's value in words (a number, "0%"), followed by `mark` where value_inferred."""
        return words + mark * (bool(words) and self.value_inferred)

    @property
    def date(self) -> str:
        """As-of date if the report gives one, else the report's date (both may be inferred)."""
        return self.as_of or self.report_date

    @property
    def date_inferred(self) -> bool:
        return self.as_of_inferred if self.as_of else self.report_date_inferred

    def interval(self) -> Interval | None:
        """The true values the wording allows (see the module docstring); None for words with no range."""
        return self._interval

    @cached_property
    def _interval(self) -> Interval | None:
        comparator, number, precision = self.comparator, self.number, self.precision
        if comparator == OO.Vague or number is None:
            words = f"{self.qualifier} {self.stated}".lower()
            for word, (low, high) in VAGUE_RANGES.items():
                if re.search(rf"\b{word}\b", words):
                    return Interval(low, high)
            return None
        slack = max(abs(number) * AROUND, precision.unit)
        if comparator == OO.MoreThan:
            return Interval(number, INFINITY, low_open=True)
        if comparator == OO.AtLeast:
            return Interval(number, INFINITY)
        if comparator == OO.LessThan:
            return Interval(-INFINITY, number, high_open=True)
        if comparator in (OO.UpTo, OO.AtMost):
            return Interval(-INFINITY, number)
        if comparator == OO.Almost:
            return Interval(number - slack, number)
        if comparator == OO.Around:
            return Interval(number - slack, number + slack)
        return Interval(number - precision.half, number + precision.half)

    @property
    def inferred_names(self) -> list[str]:
        """The local names of the properties whose value the curators inferred (oo:inferredValue), for JSON:
        "value", "bound", "unit", "comparator" (the keys of as_dict of those names), "referenceYear",
        "periodStartEvent", "derivation"."""
        return sorted(local(p) for p in self.inferred if p is not None)

    def evidence_text(self, limit: int = 0) -> str:
        return self.evidence[0].text(limit) if self.evidence else "(no evidence span)"

    def as_dict(self) -> dict:
        return {
            "figure": str(self.node), "label": self.label, "statedAs": self.stated,
            "value": fmt(self.value, 10).replace(",", "") if self.value is not None else None,
            "bound": fmt(self.bound, 10).replace(",", "") if self.bound is not None else None,
            "comparator": local(self.comparator), "unit": local(self.unit), "indicator": str(self.indicator),
            "report": str(self.report), "reportDate": self.report_date, "asOf": self.as_of,
            "reportDateInferred": self.report_date_inferred, "asOfInferred": self.as_of_inferred,
            "speakers": [name for _, name in self.speakers],
            "speakersInferred": [name for iri, name in self.speakers if iri in self.inferred_speakers],
            "inferred": self.inferred_names,
            "evidence": [span.as_dict() for span in self.evidence],
        }


def rounding(stated: StatedFigure, value: Decimal) -> Precision | None:
    """The precision at which `value`, rounded, gives the figure `stated` as an exact number; None if none does.

    The one rule for "a stated figure is a rounding of a value": `kg check` grades by it (the stated figure
    against the value computed from its inputs) and `kg discrepancies` classes by it (two exact figures of one
    quantity), so the two never read one pair of values differently.

    - The precision the wording states, when the value lies in the range it allows: "41,000" is 41,472 to
      the nearest thousand (accurate; a rounding, not a contradiction).
    - A coarser one, when the stated value is a round number at most ROUNDING_SLACK from the value and the
      value rounds to it there: 70 is 69 to the nearest ten, although "70" reads as exact (accurate when
      rounded; a rounding, not a contradiction). 100 is 69 to the nearest hundred, but 45 % away: None.
    - None for a figure stated with a qualifier ("around 70", "more than 69": their ranges decide), and for two
      values neither of which is the other rounded (69 and 71; 70 and 80).

    >>> exact = lambda words, number: StatedFigure(URIRef("x"), comparator=OO.Exactly, value=Decimal(number),
    ...                                            stated=words)
    >>> rounding(exact("41,000", 41000), Decimal(41472)).words(), rounding(exact("70", 70), Decimal(69)).words()
    ('to the nearest thousand', 'to the nearest ten')
    >>> rounding(exact("69", 69), Decimal(70)), rounding(exact("71", 71), Decimal(69)), rounding(exact("100", 100), Decimal(69))
    (None, None, None)
    """
    if stated.comparator != OO.Exactly or stated.value is None:
        return None
    number, own = stated.value, stated.precision
    if stated.interval().contains(value):
        return own
    if not number or not value or abs(number - value) > abs(value) * ROUNDING_SLACK:
        return None
    places = own.places - 1
    while Decimal(1).scaleb(-places) <= abs(number):
        coarser = Precision(places)
        if EXACT.remainder(number, coarser.unit) == 0 and coarser.round(value) == number:
            return coarser
        places -= 1
    return None


def report_date(graph: Graph, report) -> tuple[str, bool]:
    """A report's date: schema:datePublished, else the curators' inferred value (flagged inferred); of several
    markers inferring it, the least date, as value_of picks one (not the marker a graph gives first)."""
    if report is None:
        return "", False
    published = value_of(graph, report, SCHEMA.datePublished)
    if published is not None:
        return str(published), False
    markers = [m for m in graph.objects(report, OO.inferredValue)
               if value_of(graph, m, OO.inferredProperty) == SCHEMA.datePublished]
    if not markers:
        return "", False
    dates = [value_of(graph, marker, RDF.value) for marker in markers]
    return str(min(dates, key=lambda date: "" if date is None else term_string(date)) or ""), True


def label_of(graph: Graph, node) -> str:
    """rdfs:label (else skos:prefLabel, else the local name); English first, the same one every time."""
    for prop in (RDFS.label, SKOS.prefLabel):
        values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", None) is not None
                                                                    and not in_english(v.language), str(v)))
        if values:
            return str(values[0])
    return local(node)


def report_name(graph: Graph, report) -> str:
    """A report named as readers see it, for a sentence: its label up to the colon, "report 000" for
    "Report 000: ..." (the label itself if it has no such part)."""
    if report is None:
        return ""
    short = label_of(graph, report).split(":")[0].strip() or local(report)
    return "r" + short[1:] if short.startswith("Report ") else short


def spans(graph: Graph, node) -> tuple:
    found = []
    for span in graph.objects(node, OO.evidence):
        exact, start_literal, end_literal = (value_of(graph, span, p) for p in (OA.exact, OA.start, OA.end))
        start, end = _offset(start_literal), _offset(end_literal)
        if exact is None or start is None or end is None:
            continue  # kg validate names what is wrong with such a span
        found.append(Span(str(exact), start, end, value_of(graph, span, OA.hasSource), (start_literal, end_literal)))
    return tuple(sorted(found, key=lambda s: (str(s.report), s.start, s.end, s.exact)))


def _offset(literal) -> int | None:
    """A span's character offset, None unless written as a whole number ("746.0" is invalid data, which
    the shapes report: it must not stop every command that reads figures)."""
    text = str(literal) if literal is not None else ""
    # (and not longer than any offset: int() of more than 4,300 digits stopped kg timeline with an internal error)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def inferred_properties(graph: Graph, node) -> frozenset:
    """The properties whose value on `node` the curators inferred: those its markers name (oo:inferredValue
    with oo:inferredProperty, docs/modelling.md "Nothing silent")."""
    return frozenset(value_of(graph, marker, OO.inferredProperty) for marker in graph.objects(node, OO.inferredValue))


def read_figure(graph: Graph, node) -> StatedFigure:
    """Everything the checks need about one figure node."""
    return FigureReader(graph)[node]


class FigureReader(dict):
    """node -> StatedFigure, each read once: one run of the analysis reads a figure several times (the
    discrepancies read every figure twice, the checks each derived figure and its inputs: 100 K reads of
    34 K figures at a million triples, measured), and many figures share a report, speaker or start event
    (read once too). Made for one run over one graph, never kept."""

    def __init__(self, graph: Graph):
        super().__init__()
        self.graph = graph
        self._read: dict = {}  # (function, node) -> what _once read
        self._twice: dict = {}  # property -> the nodes that give it more than once (several_values)
        self._typed: dict = {}  # class -> its instances (is_a)
        self._every: list | None = None  # every figure, in IRI order (every)

    def __missing__(self, node) -> StatedFigure:
        graph = self.graph
        value = lambda p: value_of(graph, node, p)  # noqa: E731
        report = value(OO.inReport)
        date, inferred = self._once(report_date, report)
        statements = sorted(set(graph.subjects(OO.mentionsFigure, node)))
        by_speaker: dict = {}
        for st in statements:
            for s in graph.objects(st, OO.speaker):
                by_speaker.setdefault(s, []).append(st)
        speakers = sorted(((s, self._once(label_of, s)) for s in by_speaker), key=lambda pair: pair[1])
        inferred_speakers = frozenset(s for s, said in by_speaker.items()
                                      if all(OO.speaker in inferred_properties(graph, st) for st in said))
        as_of, start_event, moment = value(OO.asOf), value(OO.periodStartEvent), value(OO.asOfEvent)
        unit = value(OO.unit)
        date_read = str(value(OO.dateInferred)).lower() == "true"  # of the as-of date, else of the reference year
        reference_year = value(OO.referenceYear)
        year_read = frozenset({OO.referenceYear}) if date_read and as_of is None and reference_year is not None else frozenset()
        found = self[node] = StatedFigure(
            node=node, label=label_of(graph, node), indicator=value(OO.indicator), unit=unit,
            unit_label=self._once(label_of, unit) if unit is not None else "",
            comparator=value(OO.comparator), value=decimal_of(value(OO.value)), bound=decimal_of(value(OO.bound)),
            stated=str(value(OO.statedAs) or ""), qualifier=str(value(OO.qualifierAsWritten) or ""),
            report=report, report_name=self._once(report_name, report), report_date=date, report_date_inferred=inferred,
            as_of=str(as_of) if as_of is not None else "", as_of_inferred=as_of is not None and date_read,
            reference_year=str(reference_year or ""), start_event=start_event,
            start_event_label=self._once(label_of, start_event) if start_event else "",
            as_of_event=moment, as_of_event_label=self._once(label_of, moment) if moment else "",
            period_as_written=str(value(OO.periodAsWritten) or ""),
            partial=str(value(OO.partialPeriod)).lower() == "true",
            inferred=inferred_properties(graph, node) | year_read,
            derived=self.is_a(node, OO.DerivedFigure),
            speakers=tuple(speakers), inferred_speakers=inferred_speakers, statements=tuple(statements), evidence=spans(graph, node),
        )
        return found

    def every(self) -> list:
        """Every figure, in IRI order (figures), found and sorted once: the discrepancies go through them twice."""
        if self._every is None:
            nodes = sorted(set(self.graph.subjects(OO.indicator)), key=str)
            self._every = [self[node] for node in nodes if isinstance(node, URIRef)]
        return self._every

    def is_a(self, node, kind) -> bool:
        """(node, RDF.type, kind) in the graph, from the instances of `kind` found once (else the index maps
        every typed node to its types: 164 K of them at a million triples, to answer for 45 K figures)."""
        found = self._typed.get(kind)
        if found is None:
            found = self._typed[kind] = set(self.graph.subjects(RDF.type, kind))
        return node in found

    def several_values(self, read: list) -> str:
        """several_values of the graph, asked only about the properties a node gives more than once: the
        checks and the discrepancies ask about every figure (460 K reads at a million triples, measured),
        and nearly every node gives one value of each."""
        return several_values(self.graph, [(node, [p for p in properties if node in self._given_twice(p)])
                                           for node, properties in read])

    def _given_twice(self, predicate) -> set:
        """The nodes with more than one value of `predicate`, found in one pass over its triples."""
        found = self._twice.get(predicate)
        if found is None:
            found = self._twice[predicate] = {node for node, n in Counter(self.graph.subjects(predicate)).items() if n > 1}
        return found

    def _once(self, read, node):
        """`read(graph, node)` (a label, a report's name or date), read once for all its figures."""
        key = (read, node)
        if key not in self._read:
            self._read[key] = read(self.graph, node)
        return self._read[key]


def figures(graph: Graph, indicator=None, read: FigureReader | None = None) -> list[StatedFigure]:
    """Every figure (a node with an oo:indicator), optionally of one indicator, in IRI order; `read`: the
    run's FigureReader, if it has one."""
    read = FigureReader(graph) if read is None else read
    if indicator is None:
        return list(read.every())
    nodes = sorted(set(graph.subjects(OO.indicator, indicator)), key=str)
    return [read[node] for node in nodes if isinstance(node, URIRef)]


def indicators(graph: Graph) -> list[tuple[URIRef, str]]:
    """(IRI, label) of every oo:Indicator, by local name, then IRI (indicators of two namespaces may share a
    local name: in the order of a set, kg timeline would chart another one at each PYTHONHASHSEED)."""
    found = set(graph.subjects(RDF.type, OO.Indicator)) | set(graph.objects(None, OO.indicator))
    return sorted(((i, label_of(graph, i)) for i in found if isinstance(i, URIRef)),
                  key=lambda pair: (local(pair[0]), str(pair[0])))
