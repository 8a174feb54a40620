"""Find where reports or speakers disagree, and say what kind of difference it is (`kg discrepancies`).

Each result is an oo:Discrepancy linking the figures or event dates involved (oo:side, two or more,
grouped by what they say), with its oo:kind and an explanation; each side's report, speaker and
evidence span are the evidence. The detector reads only the curated data; its links go to a graph of
their own (dist/discrepancies.ttl).

Figures are compared within one indicator and unit, for the same period: the same reference year
(and, for a change, the same baseline year), or a count since the same event, or, with no period
stated, other figures with no period stated. Each figure stands for the range of true values its
wording allows (kg.analysis.figures: "41,000" is 40,500 to 41,500; "more than 41,000" is above 41,000; 69
and 70 do not overlap). Then, between two groups of figures that state different values:

- rounding: a figure stated as exact is the other's exact value rounded (kg.analysis.figures.rounding,
  the rule `kg check` grades "accurate" and "accurate when rounded" by): to the precision its wording
  states ("41,000" against 41,472), or, a round number, to a coarser one at most 5 % away ("70" against
  69, to the nearest ten): not a contradiction, listed so the reader sees why;
- the ranges overlap otherwise (a bound that the other value meets): no discrepancy;
- wording differs: ranks of the same year among different sets of years ("second-highest on record"
  against "the highest since 2022"): both can be true;
- update: a running count (a count since an event, or an oo:cumulative indicator) reported at
  different dates (as-of date, else the report's date), the later one not lower (42 returned, later
  281); if a cumulative count falls, that is a contradiction;
- contradiction: otherwise (a net inflow of 69 and of 71; "more than 70" and 69).

Counts since different events are compared apart (different baseline): at the same date, figures of
one indicator counted from different events ("more than 21,000 since it was announced in July",
"16,969 since the deal was signed") look alike but measure different periods; the same number said to
run from different events (350 "since the deal was agreed in August", 350 since "operations began in
September") is flagged too, across reports.

Event dates: two reports giving the same event dates that cannot both be true (July against August;
a year contains its months) are a contradiction. Different milestones that a reader takes for the same
moment ("came into force in August" against "commenced operations in September": the start of the
scheme; or announced / agreed / signed: the making of the deal), dated differently by different
reports, are a different-event link: both can be true (a deal can come into force before its first
removals), so it is not a contradiction of one event, but worth a look. A milestone whose date is
already in a contradiction is not linked again.

Qualifier differs: the same number, for the same period, stated as exact by some and with a qualifier
("around 350") by others. Different account: a report's words for what someone said (only the words
credited to them: _clause) that say more than the other reports' direct quotes of the same remarks.
docs/checking.md has a rule, with an example from the seed data, for every kind.

Each disagreement is one discrepancy: figures saying the same thing are grouped on one side.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from rdflib import Graph, Literal, URIRef

from kg.analysis import quotes as quote_fidelity
from kg.analysis.figures import (INFERRED, OPERAND, FigureReader, Interval, Precision, StatedFigure, bracketed,
                                 comparator_words, fmt, inferred_properties, label_of, local, named, report_name, rounding, spans,
                                 value_of)
from kg.analysis.figures import figures as read_figures
from kg.analysis.figures import joined as _and
from kg.core.datatypes import date_words, dates_in_words
from kg.core.triples import literal_maker
from kg.core.namespaces import OA, OI, OO, PROV, RDF, RDFS, SCHEMA, bind_prefixes

KINDS = {
    "contradiction": OO.Contradiction,
    "update": OO.Update,
    "different-baseline": OO.DifferentBaseline,
    "wording-differs": OO.WordingDiffers,
    "rounding": OO.Rounding,
    "different-event": OO.DifferentEvent,
    "qualifier-differs": OO.QualifierDiffers,
    "different-account": OO.DifferentAccount,
}
# Each kind's label: its title (the subject in it) and the word that joins what the sides say; a
# different account's label is its own sentence.
TITLES = {
    "contradiction": ("reports contradict each other on {subject}", " or "),
    "update": ("{subject} updated in later reports", ", later "),
    "different-baseline": ("{subject} measured against different baselines", " and "),
    "wording-differs": ("{subject} over different sets of years", " and "),
    "rounding": ("{subject} given exact and rounded", " and "),
    "different-event": ("different milestones of {subject}", " and "),
    "qualifier-differs": ("{subject} with and without a qualifier", " and "),
    "different-account": (None, ""),
}
DETECTOR = OI["kg-discrepancies"]


def kind_words(kind: str) -> str:
    """A kind of discrepancy or quote fidelity as people read it, the label its class has in the ontology
    ("different baseline"); the key ("different-baseline") stays in JSON, where programs read it."""
    return kind.replace("-", " ")

# Milestones a reader takes for the same moment: the making of the deal; the start of the scheme.
CONFUSABLE = (
    frozenset({OO.AgreementAnnounced, OO.AgreementAgreed, OO.AgreementSigned}),
    frozenset({OO.AgreementInForce, OO.OperationsBegan}),
)


@dataclass(frozen=True)
class Side:
    """A figure or an event date on one side of a discrepancy, with its evidence."""

    node: URIRef
    report: URIRef | None
    report_name: str  # "report 000" (kg.analysis.figures.report_name)
    said: str  # what it says: the figure's wording and value, or the date
    voice: str
    date: str  # the figure's as-of (or report) date; the event date itself
    evidence: tuple
    inferred: tuple = ()  # which of said, voice and date are (in part) the curators' reading, not the report's words

    def as_dict(self) -> dict:
        return {"node": str(self.node), "report": str(self.report) if self.report else None, "said": self.said,
                "voice": self.voice, "date": self.date, "evidence": [s.as_dict() for s in self.evidence],
                "inferred": list(self.inferred)}


@dataclass
class Discrepancy:
    """One disagreement: its kind (a key of KINDS), what it concerns, the sides grouped by what they say."""

    kind: str
    concerns: URIRef
    subject: str  # the indicator's or event's label
    groups: list  # [(heading, [Side, ...]), ...]
    explanation: str
    sides_words: str = ""  # what the sides say, in words, for the label (else the headings joined: TITLES)

    @property
    def sides(self) -> list[Side]:
        seen, out = set(), []
        for _, members in self.groups:
            for side in members:
                if side.node not in seen:
                    seen.add(side.node)
                    out.append(side)
        return out

    @cached_property
    def iri(self) -> URIRef:
        """Made once: the discrepancies are ordered by it, then written. Named by its kind, what it concerns and
        its first side (the least side IRI), not by all its sides: a report added later, whose sides sort after,
        leaves the name a citation of its page uses as it was (detect() names two that would share a name by
        more of their sides)."""
        return self.named_by(1)

    def named_by(self, count: int) -> URIRef:
        """The IRI named by the first `count` sides."""
        first = " ".join(sorted(str(s.node) for s in self.sides)[:count])
        return OI[f"discrepancy-{self.kind}-{local(self.concerns)}-{hashlib.sha256(first.encode()).hexdigest()[:8]}"]

    @property
    def summary(self) -> str:
        """What each side says and where, for the table's "sides" column, as the labels and explanations say it:
        "69 — report 000 (Kemi Badenoch) and report 001; 70 — report 000 (Chris Philp) and report 002 (Chris
        Philp)"; an update's later steps after "later"; dates as a reader writes them ("July 2025")."""
        joiner = "; later " if self.kind == "update" else "; "
        return joiner.join(
            f"{dates_in_words(heading)} — "
            + _reports_with_voices((s.report_name, [] if s.voice == "the report" else [s.voice]) for s in members)[0]
            for heading, members in self.groups)

    def label(self) -> str:
        """A title a journalist can give the page, in plain English (TITLES): "Reports contradict each other on
        'One in, one out' deal agreed by Starmer and Macron: July 2025 or August 2025"."""
        title, joiner = TITLES[self.kind]
        said = self.sides_words or joiner.join(h for h, _ in self.groups)
        if title is None:
            return said
        return _capital(title.format(subject=self.subject)) + ": " + said

    def as_dict(self) -> dict:
        return {"discrepancy": str(self.iri), "kind": self.kind, "concerns": str(self.concerns),
                "subject": self.subject, "explanation": self.explanation,
                "groups": [{"heading": h, "sides": [s.as_dict() for s in members]} for h, members in self.groups]}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _say(count: int, singular: str = "says", plural: str = "say") -> str:
    return singular if count == 1 else plural


def _stated_by(graph: Graph, members) -> tuple[str, int]:
    """The reports that state figures, each with the speakers it gives them to, and how many reports:
    ("report 000 (Kemi Badenoch) and report 001", 2); "the report itself" where a report states one of
    them in its own voice beside a speaker."""
    return _reports_with_voices((f.report_name, f.speaker_names(", inferred")) for f in members)


def _reports_with_voices(entries) -> tuple[str, int]:
    """(report name, its voices, [] for the report's own) pairs as _stated_by words them, and how many reports."""
    by_report: dict = {}
    for name, said_by in entries:
        voices = by_report.setdefault(name, [])
        voices.extend(v for v in (said_by or ["the report itself"]) if v not in voices)
    parts = [name if voices == ["the report itself"] else
             f"{name} ({'; '.join(voices) if any(',' in v for v in voices) else _and(voices)})"
             for name, voices in sorted(by_report.items())]
    return _and(parts), len(parts)


def _value_words(f: StatedFigure) -> str:
    """A figure's value with its qualifier: "69", "around 350", "more than 21,000", or its words quoted."""
    if f.comparator in (OO.Exactly, OO.Around) and f.value is not None:
        return ("around " if f.comparator == OO.Around else "") + fmt(f.value)
    if f.number is not None:
        return f"{comparator_words(f.comparator)} {fmt(f.number)}"
    return f"\u201c{f.stated}\u201d"


def _says_values(graph: Graph, members, dated: bool = False) -> str:
    """What the reports say, value by value, the figures' own words after a value they word otherwise:
    'report 000 (Kemi Badenoch) and report 001 say 69 ("69 MORE", "net inflow of 69")' (`dated`: with the
    date the figures are of in words, "as of 2026", "as of 5 March 2026", as the pages write dates, marked
    "(inferred)" where the report's date is the curators')."""
    by_value: dict = {}
    for f in members:
        by_value.setdefault(_value_words(f), []).append(f)
    clauses = []
    for value, fs in by_value.items():
        who, n = _stated_by(graph, fs)
        words = [w for w in dict.fromkeys(f"\u201c{f.stated}\u201d" for f in fs) if w[1:-1] and w[1:-1].lower() != value.strip("\u201c\u201d").lower()]
        clause = f"{who} {_say(n)} {value}" + (f" ({', '.join(words)})" if words else "")
        if dated:
            dates = sorted({f.date for f in fs})
            clause += f" as of {'/'.join(map(date_words, dates))}" + (INFERRED if all(f.date_inferred for f in fs) else "")
        clauses.append(clause)
    return _and(clauses)


def _period(members) -> str:
    """The period of figures of one period, in words, marked where the curators inferred it for them:
    "since the deal was agreed (inferred)", or "(inferred for 281, report 002)" when only some. Figures of
    one period key worded differently ("under the agreement", "no period stated") give each wording, apart:
    the first figure's alone headed sides whose words said another."""
    worded = list(dict.fromkeys(f.period for f in members))
    if len(worded) > 1:
        return " / ".join(_period([f for f in members if f.period == period]) for period in worded)
    period = worded[0]
    inferred = [f for f in members if f.period_inferred and f.period == period]
    if not inferred:
        return period
    if len(inferred) == sum(f.period == period for f in members):
        return period + INFERRED
    return f"{period} (inferred for " + "; ".join(sorted({f"{f.stated}, {f.report_name}" for f in inferred})) + ")"


# ------------------------------------------------------------------ figures


def _figure_side(f: StatedFigure) -> Side:
    read = (("said", (f.value_inferred and f.number is not None) or f.comparator_inferred),
            ("voice", bool(f.inferred_speakers)), ("date", f.date_inferred))
    return Side(f.node, f.report, f.report_name, f"\"{f.stated}\"" + (f" = {fmt(f.number)}" if f.number is not None
                                                        and fmt(f.number) != f.stated else ""),
                "; ".join(f.speaker_names(", inferred")) or "the report", f.date, f.evidence,
                tuple(key for key, marked in read if marked))


def _period_key(graph: Graph, f: StatedFigure) -> tuple:
    """Figures with the same key cover the same period and can be compared value for value.

    A figure of a moment (oo:asOfEvent: "at the beginning of the agreement") is compared only with
    figures of that moment; a year-to-date count (oo:partialPeriod) only with other year-to-date counts
    of that year. A count under an agreement (the indicator's oo:countsFrom) is one period whether the
    report names no start or names one of the agreement's milestones ("since operations began"): the
    reports describe the same running count, and the different starting points they give are a
    different-baseline finding of their own.
    """
    if f.as_of_event is not None:
        return ("as of", str(f.as_of_event))
    if f.reference_year:
        derivation = value_of(graph, f.node, OO.derivation)  # a change against 2024 is not one against 2023
        compared = derivation is not None and value_of(graph, derivation, OO.method) != OO.Rank
        baselines = tuple(sorted(str(value_of(graph, b, OO.referenceYear) or "")
                                 for b in graph.objects(derivation, OO.baseline))) if compared else ()
        partial = str(value_of(graph, f.node, OO.partialPeriod)).lower() == "true"
        return ("year to date" if partial else "year", f.reference_year, baselines)
    agreement = value_of(graph, f.indicator, OO.countsFrom)
    if agreement is not None and (f.start_event is None or value_of(graph, f.start_event, OO.ofAgreement) == agreement):
        return ("under", str(agreement))
    if f.start_event is not None:
        return ("since", str(f.start_event))
    if f.period_as_written:
        return ("as written", f.period_as_written)
    return ("unstated",)


def _scope(f: StatedFigure) -> str:
    """What a rank ranks among: "since 2022", "on record" ("" if the words do not say)."""
    for text in (f"{f.stated} {f.period_as_written}", " ".join(s.exact for s in f.evidence)):
        text = text.lower()
        since = re.search(r"\bsince\b[^.;]*?\b((?:19|20)\d{2})\b", text)
        if since:
            return f"since {since.group(1)}"
        if re.search(r"on record|all-time|all time|ever", text):
            return "on record"
    return ""


@dataclass
class _Group:
    """Figures of one period saying the same thing (same value, or same bound)."""

    heading: str
    members: list
    hull: Interval
    exact: list  # the members stated as exact, one for each precision written (the rounding rule reads no more)

    @cached_property
    def dates(self) -> set:
        """Worked out once: relating and merging groups asks for it pair by pair (645 K times in the analysis
        of a million triples, measured)."""
        return {m.date for m in self.members}

    @property
    def reports(self) -> set:
        return {m.report for m in self.members}


def _hull(intervals: list[Interval]) -> Interval:
    low = min(intervals, key=lambda i: (i.low, i.low_open))
    high = max(intervals, key=lambda i: (i.high, not i.high_open))
    return Interval(low.low, high.high, low.low_open, high.high_open)


def _value_groups(members: list[StatedFigure]) -> list[_Group]:
    buckets: dict = {}
    for f in members:
        if f.comparator in (OO.Exactly, OO.Around) and f.value is not None:  # the qualifier stays in the heading
            key, heading = ("value", f.value), ("around " if f.comparator == OO.Around else "") + fmt(f.value)
        elif f.number is not None:
            key, heading = (str(f.comparator), f.number), f"{comparator_words(f.comparator)} {fmt(f.number)}"
        else:
            key, heading = ("words", f.interval()), f"\"{f.stated}\""
        buckets.setdefault(key, ([], []))
        buckets[key][0].append(heading)
        buckets[key][1].append(f)
    groups = []
    for headings, fs in buckets.values():
        heading = "/".join(sorted(set(headings), key=lambda h: (h.startswith("around"), h)))
        members = sorted(fs, key=lambda f: str(f.node))
        exact = {f.precision: f for f in reversed(members) if f.comparator == OO.Exactly and f.value is not None}
        groups.append(_Group(heading, members, _hull([f.interval() for f in fs]), list(exact.values())))
    return sorted(groups, key=lambda g: (g.hull.low, g.hull.high, g.heading))


def _earlier(a: set, b: set) -> bool:
    """Every date in a is before every date in b (a date and a date it contains are not ordered)."""
    return all(x < y and not y.startswith(x) for x in a for y in b if x and y) and all(a) and all(b)


def _relate(a: _Group, b: _Group, unit, running: bool, cumulative: bool) -> tuple[str, _Group, _Group] | None:
    """The kind of difference between two groups of one period, ordered (earlier, later) for updates.

    Ranks worded over different sets of years differ in wording, whatever their values. A running count
    stated differently at different dates is an update (a contradiction if a cumulative count falls).
    At one date: an exact figure of one that is a rounding of an exact figure of the other (_rounding) is a
    rounding; else ranges that overlap are no discrepancy, and ranges that do not are a contradiction,
    unless a running count's dates are not one but one inside the other ("2026", "2026-03-03"): in no
    order, a count can have both values.
    """
    if unit == OO.RankPosition:
        scopes_a, scopes_b = {_scope(f) for f in a.members}, {_scope(f) for f in b.members}
        if scopes_a.isdisjoint(scopes_b):
            return "wording-differs", a, b
    if running:
        for earlier, later in ((a, b), (b, a)):
            if _earlier(earlier.dates, later.dates):
                if cumulative and later.hull.high <= earlier.hull.low:
                    return "contradiction", earlier, later
                return "update", earlier, later
    if _rounding(a, b) is not None:
        return "rounding", a, b
    if a.hull.overlaps(b.hull):
        return None
    if running and a.dates.isdisjoint(b.dates) and all(a.dates) and all(b.dates):
        return None  # "2026" and "2026-03-03": no order, no date in common, and a count can have both values
    return "contradiction", a, b


def _rounding(a: _Group, b: _Group) -> tuple[StatedFigure, StatedFigure, Precision] | None:
    """(rounded, exact, precision): an exact figure of one group that is an exact figure of the other rounded
    (kg.analysis.figures.rounding, the rule `kg check` grades "accurate" and "accurate when rounded" by):
    "41,000" and 41,472 (to the nearest thousand), "70" and 69 (to the nearest ten). None for figures with a
    qualifier and for exact values neither of which is the other rounded (69 and 71)."""
    for one, other in ((a, b), (b, a)):
        for rounded in one.exact:
            for exact in other.exact:
                precision = rounding(rounded, exact.value)
                if precision is not None:
                    return rounded, exact, precision
    return None


def _unordered(a: _Group, b: _Group) -> bool:
    """Neither group's dates all come before the other's: for an update, the same step of the count."""
    return not _earlier(a.dates, b.dates) and not _earlier(b.dates, a.dates)


def _merge(links: list) -> list[tuple[str, list[_Group]]]:
    """Pairwise links become one discrepancy per set of groups that are all linked by the same kind
    (69, 71 and 73 are one contradiction; 69 against 71, and "less than 0" against "more than 0", are two).

    A link joins the first set, in the order made, of its kind that holds one of its groups and is
    linked to the other by that kind throughout; a link whose groups are both in such a set is dropped.
    An update's groups of one date need no link between them: a running count reported by six reports
    a year and six the next is one update, its steps in date order, not 36 (values of one date that
    differ are a contradiction of their own)."""
    kinds = {frozenset((id(a), id(b))): kind for kind, a, b in links}

    def joins(kind, new, g) -> bool:
        return kinds.get(frozenset((id(new), id(g)))) == kind or (kind == "update" and _unordered(new, g))
    merged: list = []
    holding: dict = {}  # id of a group -> the positions in `merged` of the sets that hold it
    for kind, a, b in links:
        for position in sorted(set(holding.get(id(a), ())) | set(holding.get(id(b), ()))):
            entry_kind, groups, present = merged[position]
            if entry_kind != kind:
                continue
            new = [g for g in (a, b) if id(g) not in present]
            if not new:
                break
            if all(joins(kind, new[0], g) for g in groups):
                groups.append(new[0])
                present.add(id(new[0]))
                holding.setdefault(id(new[0]), []).append(position)
                break
        else:
            for g in (a, b):
                holding.setdefault(id(g), []).append(len(merged))
            merged.append((kind, [a, b], {id(a), id(b)}))
    return [(kind, groups) for kind, groups, _ in merged]


def _explain(graph: Graph, kind: str, subject: str, groups: list[_Group], period: str,
             counted: bool = True) -> str:
    """What each report says, side by side ("Report 000 (Kemi Badenoch) and report 001 say 69; ..."), then
    what kind of difference that is and whether both can be true. `counted`: the figures are a running count
    (a count since an event, or of an oo:cumulative indicator); else an update is of figures that state no
    period, each read as of its date, never called a running count."""
    lead = f"{_capital(subject)}, {period}: "
    # what each side says, for the explanations that list it (an update's sides are dated, ranks' are their words)
    sides = "" if kind in ("update", "wording-differs") else "; ".join(_says_values(graph, g.members) for g in groups)
    if kind == "rounding":
        readings = []
        for a, b in combinations(groups, 2):
            found = _rounding(a, b)
            if found is not None:
                rounded, exact, precision = found
                readings.append(f"{fmt(rounded.value)} is {fmt(exact.value)} rounded {precision.words()}"
                                + (", as its wording implies" if precision == rounded.precision
                                   else ", though it was stated as an exact number"))
        return (f"{lead}{_capital(sides)}. {_capital('; '.join(readings))}, so the values differ only by "
                "rounding: not a contradiction.")
    if kind == "wording-differs":
        worded = "; ".join(f"{who} {_say(n)} " + " / ".join(dict.fromkeys(f"\u201c{m.stated}\u201d" for m in g.members))
                           for g in groups for who, n in [_stated_by(graph, g.members)])
        scopes = " against ".join("/".join(sorted({_scope(m) or 'scope not stated' for m in g.members}))
                                  for g in groups)
        return (f"{lead}{_capital(worded)}. They rank the year among different sets of years ({scopes}), so "
                "both can be true: \"the highest since\" a year leaves that year and earlier ones out, so the same "
                "total can be second on record when that year's was higher.")
    if kind == "update":
        dated = ""
        for before, g in zip([None, *groups], groups):
            if before is not None:
                dated += "; and " if _unordered(before, g) else "; then "
            dated += _says_values(graph, g.members, dated=True)
        same_date = any(_unordered(a, b) for a, b in combinations(groups, 2))
        what = ("This is a running count reported at different dates" if counted else
                "No period is stated, so each figure is read as of its date")
        return (f"{lead}{_capital(dated)}. {what}: a later figure updates an earlier one, not a contradiction"
                + (" (values of the same date that differ are one of their own)." if same_date else "."))
    return (f"{lead}{_capital(sides)}. " + ("These cannot both" if len(groups) == 2 else "No two of these can")
            + " be true of the same quantity over the same period: a contradiction.")


def skipped(graph: Graph, read: FigureReader | None = None) -> list[tuple[StatedFigure, str]]:
    """The figures `kg discrepancies` does not compare, each with the reason (so none is skipped silently):
    a draft's unclassified indicator, several values where one is meant (which one the report means is not
    in the data: no contradiction can rest on it), words with no range, or a running count with no date to
    order it by."""
    out = []
    read = FigureReader(graph) if read is None else read
    unclassified = set(graph.subjects(RDF.type, OO.UnclassifiedIndicator))
    for f in read_figures(graph, read=read):
        several = read.several_values([(f.node, (*OPERAND, OO.indicator, OO.inReport))])
        if f.indicator in unclassified:
            out.append((f, "its indicator is unclassified (a machine draft's placeholder): assign a real indicator"))
        elif several:
            out.append((f, several))
        elif f.interval() is None:
            out.append((f, f"the words \"{f.stated}\" give no range of values"))
        elif not f.date and _running(graph, f):
            out.append((f, "a running count with no date (no as-of date and no report date) cannot be ordered: "
                           "give the report a date in its file (docs/extraction.md, \"Report identity and date\")"))
    return out


def _running(graph: Graph, f: StatedFigure) -> bool:
    return f.start_event is not None or str(value_of(graph, f.indicator, OO.cumulative)).lower() == "true"


def skipped_note(skipped_figures: list[tuple[StatedFigure, str]]) -> str:
    """The skipped figures in words, one a line ("" if none)."""
    if not skipped_figures:
        return ""
    lines = [f"not compared: {len(skipped_figures)} figure{'s' if len(skipped_figures) > 1 else ''}"]
    lines += [f"  {named(f.node)} ({local(f.report)}): {reason}" for f, reason in skipped_figures]
    return "\n".join(lines)


def figure_discrepancies(graph: Graph, read: FigureReader, left_out: set) -> list[Discrepancy]:
    """`left_out`: the figures `skipped` names."""
    found: list[Discrepancy] = []
    all_figures = [f for f in read_figures(graph, read=read) if f.interval() is not None and f.node not in left_out]
    by_indicator: dict = {}
    for f in all_figures:
        by_indicator.setdefault((f.indicator, f.unit), []).append(f)
    for (indicator, unit), members in sorted(by_indicator.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        cumulative = str(value_of(graph, indicator, OO.cumulative)).lower() == "true"
        subject = label_of(graph, indicator)
        periods: dict = {}
        for f in members:
            periods.setdefault(_period_key(graph, f), []).append(f)
        for key, period_members in sorted(periods.items(), key=lambda kv: kv[0]):
            groups = _value_groups(period_members)
            found.extend(_qualifier_discrepancies(graph, indicator, subject, groups))
            running = key[0] in ("since", "under", "unstated", "year to date") or cumulative
            links = [link for a, b in combinations(groups, 2)
                     if (link := _relate(a, b, unit, running, cumulative)) is not None]
            for kind, merged in _merge(links):
                if kind == "update":
                    merged.sort(key=lambda g: (min(g.dates), g.hull.low))
                if kind == "wording-differs":
                    for g in merged:
                        g.heading = " / ".join(dict.fromkeys(f"\"{m.stated}\"" for m in g.members)) + f" ({g.heading})"
                steps = "".join(("" if before is None else " and " if _unordered(before, g) else ", later ")
                                + g.heading for before, g in zip([None, *merged], merged))
                found.append(Discrepancy(
                    kind, indicator, subject,
                    [(g.heading, [_figure_side(m) for m in g.members]) for g in merged],
                    # (the period of these sides: a figure of the period that is no side was named in it)
                    _explain(graph, kind, subject, merged, _period([m for g in merged for m in g.members]),
                             cumulative or key[0] != "unstated"),
                    steps if kind == "update" else ""))
        found.extend(_baseline_discrepancies(graph, indicator, subject, members))
    found.extend(_share_baseline_discrepancies(graph, all_figures))
    return found


def _qualifier_discrepancies(graph: Graph, indicator, subject: str, groups: list) -> list[Discrepancy]:
    """The same number stated exactly by some and with a qualifier ("around") by others; headed by the period of
    its own sides."""
    found = []
    for group in groups:
        by_comparator: dict = {}
        for m in group.members:
            by_comparator.setdefault(m.comparator, []).append(m)
        if len(by_comparator) < 2:
            continue
        parts = [(f"\"{_values(ms)}\" ({comparator_words(c)})", [_figure_side(m) for m in ms])
                 for c, ms in sorted(by_comparator.items(), key=lambda kv: kv[0] != OO.Exactly)]
        said = "; ".join(f"{who} {_say(n)} " + " / ".join(f"\u201c{w}\u201d" for w in dict.fromkeys(m.stated for m in ms))
                         for _, ms in sorted(by_comparator.items(), key=lambda kv: kv[0] != OO.Exactly)
                         for who, n in [_stated_by(graph, ms)])
        found.append(Discrepancy("qualifier-differs", indicator, subject, parts, (
            f"{_capital(subject)}, {_period(group.members)}: {_capital(said)}. The same number, stated as exact on one side and "
            "with a qualifier on the other: they claim different precision, so a reader quoting one should "
            "keep its qualifier."), " and ".join(f"\"{_values(ms)}\"" for c, ms in sorted(
                by_comparator.items(), key=lambda kv: kv[0] != OO.Exactly))))
    return found


def _share_baseline_discrepancies(graph: Graph, all_figures: list[StatedFigure]) -> list[Discrepancy]:
    """A share (input / baseline) that a report computes, against a statement that sets the same input
    against a whole of another period ("only removed 281 ... when 41,000 arrived last year", against
    "281 ... 1.6 per cent of the 16,969 who have arrived since the deal was signed")."""
    by_node = {f.node: f for f in all_figures}
    mentions = [[by_node[n] for n in graph.objects(statement, OO.mentionsFigure) if n in by_node]
                for statement in sorted(set(graph.subjects(RDF.type, OO.DirectQuote)) | set(
                    graph.subjects(RDF.type, OO.ReportedStatement)), key=str)]
    found = []
    for share in all_figures:
        derivation = value_of(graph, share.node, OO.derivation)
        if derivation is None or value_of(graph, derivation, OO.method) != OO.Share:
            continue
        inputs = [by_node[n] for n in graph.objects(derivation, OO.input) if n in by_node]
        wholes = [by_node[n] for n in graph.objects(derivation, OO.baseline) if n in by_node]
        if len(inputs) != 1 or len(wholes) != 1:
            continue
        part, whole = inputs[0], wholes[0]
        implied: dict = {}
        for mentioned in mentions:
            parts = [f for f in mentioned if f.indicator == part.indicator and f.number == part.number]
            others = [f for f in mentioned if f.indicator == whole.indicator and f.period != whole.period
                      and f.number]
            for p in parts:
                for w in others:
                    implied.setdefault((w.number, w.period), []).extend([p, w])
        for (number, _), members in sorted(implied.items(), key=lambda kv: str(kv[0])):
            members = list({m.node: m for m in members}.values())
            # the wholes' period, marked where the curators read it ("41,000 arrived last year": 2025, inferred)
            period = bracketed(_period([m for m in members if m.indicator == whole.indicator and m.number == number]))
            ratio = part.number / number * 100
            heading = f"{fmt(part.number)} against {fmt(number)} ({period}): {fmt(ratio, 2)} %"
            groups = [(f"\"{share.stated}\" of {fmt(whole.number)} ({whole.period_words()})", [_figure_side(share)]),
                      (heading, [_figure_side(m) for m in members])]
            subject = label_of(graph, share.indicator)
            (gives, one), (sets, n) = _stated_by(graph, [share]), _stated_by(graph, members)
            found.append(Discrepancy("different-baseline", share.indicator, subject, groups, (
                f"{_capital(subject)}: {_capital(gives)} {_say(one, 'gives', 'give')} \u201c{share.stated}\u201d "
                f"({fmt(part.number)} of {fmt(whole.number)}, {whole.period_words()}); {sets} {_say(n, 'sets', 'set')} "
                f"{fmt(part.number)} against {fmt(number)} ({period}) instead, which would make it {fmt(ratio, 2)} %. "
                "The same part of two different wholes: not a contradiction, but the share depends on the total "
                "it is set against.")))
    return found


def _baseline_discrepancies(graph: Graph, indicator, subject: str, members: list[StatedFigure]) -> list[Discrepancy]:
    """Counts since different events, at the same date: they look alike but measure different periods."""
    found = []
    since: dict = {}
    for f in members:
        if f.start_event is not None and not f.reference_year:
            since.setdefault(f.date, []).append(f)
    for date, fs in sorted(since.items()):
        date = date + (INFERRED if all(f.date_inferred for f in fs) else "")
        clusters: list[list[StatedFigure]] = []
        for group in _value_groups(fs):
            touching = [c for c in clusters if _hull([m.interval() for m in c]).overlaps(group.hull)]
            merged = [m for c in touching for m in c] + group.members
            clusters = [c for c in clusters if not any(c is t for t in touching)] + [merged]
        def events(cluster):
            return {f.start_event for f in cluster}
        def by_event(cluster):
            out: dict = {}
            for f in sorted(cluster, key=lambda f: str(f.node)):
                out.setdefault(f.start_event, []).append(f)
            return [(f"{_values(fs)} {_period(fs)}", fs) for e, fs in sorted(out.items(), key=lambda kv: str(kv[0]))]

        def says(groups):  # 'report 002 (Shabana Mahmood) says "350" since ...; report 001 says ...'
            return _capital("; ".join(f"{who} {_say(n)} " + " / ".join(f"\u201c{w}\u201d" for w in dict.fromkeys(
                f.stated for f in fs)) + f" {_period(fs)}" for _, fs in groups for who, n in [_stated_by(graph, fs)]))

        def sided(groups):
            return [(heading, [_figure_side(f) for f in fs]) for heading, fs in groups]
        for cluster in clusters:
            if len(events(cluster)) > 1 and len({f.report for f in cluster}) > 1:
                groups = by_event(cluster)
                read = any(f.period_inferred for f in cluster)
                found.append(Discrepancy("different-baseline", indicator, subject, sided(groups), (
                    f"{_capital(subject)}, as of {date}: {says(groups)}. The same count is "
                    + ("read as running" if read else "said to run") + " from different events: the reports "
                    "disagree on what it counts from, not on the number"
                    + (" (a start marked inferred is not in the figure's own words: the curators read it from "
                       "the same report)." if read else "."))))
        for a, b in combinations(clusters, 2):
            if events(a).isdisjoint(events(b)):
                groups = by_event(a) + by_event(b)
                found.append(Discrepancy("different-baseline", indicator, subject, sided(groups), (
                    f"{_capital(subject)}, as of {date}: {says(groups)}. The figures look alike but count from "
                    "different events, so they measure different "
                    "periods: not a contradiction.")))
    return found


def _values(fs: list[StatedFigure]) -> str:
    return "/".join(dict.fromkeys(f.stated for f in fs))


# ------------------------------------------------------------------ event dates


@dataclass(frozen=True)
class _Dated:
    node: URIRef
    event: URIRef
    date: str
    written: str
    inferred: bool
    report: URIRef | None
    report_name: str
    evidence: tuple

    def side(self) -> Side:
        # the date as people write it ("July 2025"): a page's side heading and the citation a journalist copies
        # read "2025-07"
        said = date_words(self.date) + (f" (\"{self.written}\"" + (", year inferred" if self.inferred else "") + ")"
                                         if self.written else "")
        return Side(self.node, self.report, self.report_name, said, "the report", self.date, self.evidence,
                    ("said", "date") if self.inferred else ())


def _compatible(a: str, b: str) -> bool:
    """Dates that can both be true: equal, or one contains the other (2025 contains 2025-08)."""
    return a.startswith(b) or b.startswith(a)


def _dated(graph: Graph) -> list[_Dated]:
    out = []
    for node in sorted(set(graph.subjects(RDF.type, OO.EventDate)), key=str):
        event, date, report = value_of(graph, node, OO.event), value_of(graph, node, OO.date), value_of(graph, node, OO.inReport)
        if event is None or date is None:
            continue
        out.append(_Dated(node, event, str(date), str(value_of(graph, node, OO.dateAsWritten) or ""),
                          str(value_of(graph, node, OO.dateInferred)).lower() == "true",
                          report, report_name(graph, report), spans(graph, node)))
    return out


def _dated_by(items: list[_Dated]) -> str:
    """Event dates as the reports write them, report by report: 'report 000 (\u201clast July\u201d, year
    inferred) and report 004 (\u201cin July 2025\u201d)'."""
    by_report: dict = {}
    for d in items:
        by_report.setdefault(d.report_name, []).append(
            f"\u201c{d.written}\u201d" + (", year inferred" if d.inferred else "") if d.written else "")
    return _and(f"{name} ({'; '.join(w for w in words if w)})" if any(words) else name
                for name, words in sorted(by_report.items()))


def _date_marked(date: str, items: list[_Dated], words=date_words) -> str:
    """A date (as `words` writes it), marked INFERRED where every report that gives it wrote relative words
    ("last July", "in August") that the curators read against the report's date."""
    return words(date) + INFERRED * all(d.inferred for d in items if d.date == date)


def _date_groups(items: list[_Dated]) -> list[tuple[str, list[Side]]]:
    out: dict = {}
    for d in items:
        out.setdefault(d.date, []).append(d)
    return [(_date_marked(date, ds, str), [d.side() for d in ds]) for date, ds in sorted(out.items())]


def date_discrepancies(graph: Graph) -> list[Discrepancy]:
    found, contradicted = [], set()
    dated = _dated(graph)
    by_event: dict = {}
    for d in dated:
        by_event.setdefault(d.event, []).append(d)
    for event, items in sorted(by_event.items(), key=lambda kv: str(kv[0])):
        clashing = [d for d in items if any(not _compatible(d.date, o.date) for o in items)]
        if clashing:
            contradicted.update(d.node for d in clashing)
            subject = label_of(graph, event)
            groups = _date_groups(clashing)
            by_date: dict = {}
            for d in clashing:
                by_date.setdefault(d.date, []).append(d)
            said = "; ".join(f"{_dated_by(ds)} {_say(len({d.report_name for d in ds}), 'dates', 'date')} it to "
                             f"{date_words(date)}" for date, ds in sorted(by_date.items()))
            found.append(Discrepancy("contradiction", event, subject, groups, (
                f"{subject}: {_capital(said)}. One event cannot have "
                + ("both dates" if len(by_date) == 2 else "all these dates") + ": a contradiction."),
                " or ".join(_date_marked(date, clashing) for date in sorted(by_date))))
    kinds = {d.event: value_of(graph, d.event, OO.eventType) for d in dated}
    agreements = {d.event: value_of(graph, d.event, OO.ofAgreement) for d in dated}
    for e1, e2 in combinations(sorted(by_event, key=str), 2):
        if agreements[e1] is None or agreements[e1] != agreements[e2] or kinds[e1] == kinds[e2]:
            continue
        if not any({kinds[e1], kinds[e2]} <= group for group in CONFUSABLE):
            continue
        pairs = [(a, b) for a in by_event[e1] for b in by_event[e2]
                 if a.report != b.report and not _compatible(a.date, b.date)
                 and a.node not in contradicted and b.node not in contradicted]
        if not pairs:
            continue
        first = sorted({a for a, _ in pairs}, key=lambda d: d.date)
        second = sorted({b for _, b in pairs}, key=lambda d: d.date)
        if min(b.date for b in second) < min(a.date for a in first):
            (e1, first), (e2, second) = (e2, second), (e1, first)
        groups = [(f"{label_of(graph, e)}: " + "/".join(_date_marked(date, ds, str) for date in sorted({d.date for d in ds})),
                   [d.side() for d in ds]) for e, ds in ((e1, first), (e2, second))]
        subject = label_of(graph, agreements[e1])
        said = "; ".join(
            f"{_dated_by(ds)} {_say(len({d.report_name for d in ds}), 'dates', 'date')} {label_of(graph, e)} to "
            + " / ".join(date_words(date) for date in sorted({d.date for d in ds}))
            for e, ds in ((e1, first), (e2, second)))
        found.append(Discrepancy("different-event", e1, subject, groups, (
            f"{subject}: {_capital(said)}. These are different milestones, dated differently by different "
            "reports: both can be true, but a reader may take them for the same moment; worth a look, not a "
            "contradiction of one event."), " and ".join(
                f"{label_of(graph, e)} in " + " or ".join(_date_marked(date, ds) for date in sorted({d.date for d in ds}))
                for e, ds in ((e1, first), (e2, second)))))
    return found


# ------------------------------------------------------------------ accounts of what a voice said


def _statement_side(graph: Graph, node) -> Side:
    quote, gist = value_of(graph, node, OO.quote), value_of(graph, node, OO.gist)
    speaker, report, date = value_of(graph, node, OO.speaker), value_of(graph, node, OO.inReport), value_of(graph, node, OO.date)
    speaker_read = speaker is not None and OO.speaker in inferred_properties(graph, node)
    date_read = date is not None and str(value_of(graph, node, OO.dateInferred)).lower() == "true"
    return Side(node, report, report_name(graph, report), f"\"{quote}\"" if quote is not None else str(gist or ""),
                (label_of(graph, speaker) + ", inferred" * speaker_read) if speaker is not None else "",
                str(date or ""), spans(graph, node),
                ("voice",) * speaker_read + ("date",) * date_read)


# Verbs by which a report credits words to a speaker: the reported clause follows them ("revealed that
# ...", "warned against ..."), or, at the end of a sentence, comes before the speaker's name ("..., the Home
# Secretary, Shabana Mahmood, has said"). Not after a form of "be": "the figure was announced on Tuesday" is
# the report's own sentence.
REPORTING = quote_fidelity.SAID | frozenset("""
acknowledging argued arguing claimed claiming confirmed confirming emphasised emphasized
indicated indicating insisted insisting maintained revealed revealing stressed stressing warned warning wrote
writes write""".split())
# English function words beyond quote_fidelity.FUNCTION_WORDS and MEANING_MARKERS (which the quote
# comparison keeps to its short list): conjunctions, prepositions, determiners, quantifiers, pronouns and
# auxiliaries, as the usual English stop-word lists have them. A different account lists only the words a
# journalist can check against the quotes; "while" or "since" in one report's clause says nothing about
# what the speaker said.
STOP_WORDS = frozenset("""
after against all along although among another any around because before behind below between both
during each either else even every few fewer further how however less many more most much neither nor
now off once only other others own per same several since some such though through throughout thus too
toward towards under unless until upon via what whatever when whenever where whereas wherever whether which
while who whom whose why within without yet regarding concerning including following according itself himself herself themselves ourselves myself yourself
having doing whom one ones""".split())


def _content(ws) -> list[str]:
    """The stems of the content words (quote_fidelity.content, without STOP_WORDS)."""
    return quote_fidelity.content([w for w in ws if w.norm not in STOP_WORDS])


def _quoted(text: str) -> list[tuple[int, int]]:
    """Where the words inside quotation marks (\u201c\u201d, "", \u2018\u2019) are in a caption's text."""
    return [(m.start(), m.end()) for m in re.finditer(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"|\u2018[^\u2019]*\u2019", text)]


def _clause(graph: Graph, node) -> list[tuple]:
    """What a reported statement credits to its speaker, span by span: (span, words), in the report's
    words, without the report's own framing of it (docs/modelling.md: the report's voice).

    - A caption, headline or standfirst (oo:textPart) is the report's voice: only its words inside
      quotation marks are the speaker's.
    - Otherwise the clause follows the first verb of reporting (REPORTING: "revealed that the UK had
      accepted ..."); where that verb ends the sentence ("..., the Home Secretary, Shabana Mahmood, has
      said."), the clause is what comes before the speaker's name.
    - With no verb of reporting, the clause is what follows the speaker's name ("concerns raised by ...
      Claire Hédon regarding law enforcement practices"): what comes before it is the report's sentence.
      A span that neither names the speaker nor has a verb of reporting is the report's own.
    The speaker's name, role and the verbs of reporting are never part of it."""
    speaker = value_of(graph, node, OO.speaker)
    names = {w.norm for label in (label_of(graph, speaker), str(value_of(graph, node, OO.roleAsWritten) or ""))
             for w in quote_fidelity.words(label)} - quote_fidelity.FUNCTION_WORDS
    parts = {(str(value_of(graph, e, OA.exact)), value_of(graph, e, OA.start)) for e in graph.objects(node, OO.evidence)
             if value_of(graph, e, OO.textPart) is not None}  # the report's voice (spans() does not say which)

    def credited(ws):
        return [w for w in ws if w.norm not in names and w.norm not in REPORTING]
    out = []
    for span in spans(graph, node):
        ws = quote_fidelity.words(span.exact)
        if (span.exact, span.offsets[0] if span.offsets else None) in parts:
            inside = _quoted(span.exact)
            out.append((span, credited([w for w in ws if any(a <= w.start and w.end <= b for a, b in inside)])))
            continue
        verb = next((i for i, w in enumerate(ws) if w.norm in REPORTING
                     and not (i and ws[i - 1].norm in ("was", "were", "been", "being", "is", "are", "be"))), None)
        named = next((i for i, w in enumerate(ws) if w.norm in names), None)
        if verb is not None and _content(credited(ws[verb + 1:])):
            out.append((span, credited(ws[verb + 1:])))
        elif verb is not None:  # the attribution ends the sentence: the clause is before the name
            end = verb
            while end > 0 and (ws[end - 1].norm in names or ws[end - 1].norm in quote_fidelity.FUNCTION_WORDS):
                end -= 1
            out.append((span, credited(ws[:end])))
        elif named is not None:
            after = named
            while after < len(ws) and ws[after].norm in names:
                after += 1
            out.append((span, credited(ws[after:])))
        else:
            out.append((span, []))
    return out


def _said(graph: Graph, node, quoted: bool) -> list:
    """What a statement says, in the report's words: the quote (`quoted`: it is an oo:DirectQuote), or
    the reported clause (_clause)."""
    quote = value_of(graph, node, OO.quote)
    if quote is not None and quoted:
        return quote_fidelity.words(str(quote))
    return [w for _, ws in _clause(graph, node) for w in ws]


def _new_words(graph: Graph, node, new: set) -> list[str]:
    """The words of a reported statement's clause (_clause) whose stems are in `new`, as the report writes
    them and in its order, neighbours kept together: "prime minister agreed", "President Macron"."""
    out: list = []
    for span, ws in _clause(graph, node):
        run: list = []
        for w in [*ws, None]:
            fits = w is not None and w.norm not in STOP_WORDS and bool(set(_content([w])) & new)
            if fits and (not run or not span.exact[run[-1].end:w.start].strip()):
                run.append(w)
                continue
            if run:
                out.append(span.exact[run[0].start:run[-1].end])
            run = [w] if fits else []
    return list(dict.fromkeys(out)) or sorted(new)


def account_discrepancies(graph: Graph) -> list[Discrepancy]:
    """Reported speech in one report that says more than the other reports have the same voice say.

    Only what the speaker is reported to say is compared: a direct quote's words, a reported statement's
    clause (_clause: not the report's framing of it, nor a caption's words outside quotation marks), each
    without function words (STOP_WORDS), so no difference rests on "while" or "since".
    A reported statement is set against the direct quotes of the same voice (quote_fidelity.voice) in
    other reports that share two content words with its reported clause, one of them rare in the reports
    (the same remarks), unless its own report quotes those remarks too; when most of
    its content words (three or more) are in none of those reports' statements of that voice, nor in that
    voice's quotes in its own report, the reports give different accounts: one of them says what the
    quoted words do not."""
    direct = {n for n in graph.subjects(RDF.type, OO.DirectQuote) if isinstance(n, URIRef)}
    reported = {n for n in graph.subjects(RDF.type, OO.ReportedStatement) if isinstance(n, URIRef)}
    statements = sorted(direct | reported, key=str)
    voices = {n: quote_fidelity.voice(graph, n) for n in statements}
    reports = {n: value_of(graph, n, OO.inReport) for n in statements}
    names = {report: report_name(graph, report) for report in set(reports.values())}
    numbers = {report: i for i, report in enumerate(dict.fromkeys(reports.values()))}
    home = {n: numbers[report] for n, report in reports.items()}  # compared as ints: rdflib compares terms in Python
    said = {n: set(_content(_said(graph, n, n in direct))) for n in statements}
    frequency: dict = {}
    for words in said.values():
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    rare = {word for word, n in frequency.items() if n <= max(6, len(statements) // 20)}

    def same_remarks(a, b) -> bool:  # two content words in common, one of them rare in the reports
        common = said[a] & said[b]
        return len(common) >= 2 and bool(common & rare)

    by_voice: dict = {}
    for n in statements:
        for member in voices[n]:
            by_voice.setdefault(member, []).append(n)
    of_voice: dict = {}  # a voice -> the statements of any of its members, in IRI order (many share a voice)
    found = []
    for node in statements:
        if node not in reported or not said[node]:
            continue
        voice = voices[node]
        if voice not in of_voice:
            of_voice[voice] = sorted({o for member in voice for o in by_voice[member]}, key=str)
        same_voice = [o for o in of_voice[voice] if o is not node]  # the nodes of `statements`, one object each
        at_home = [o for o in same_voice if home[o] == home[node] and o in direct]
        if any(same_remarks(o, node) for o in at_home):
            continue  # the report quotes the remarks it reports: its account rests on its own quote
        elsewhere = [o for o in same_voice if home[o] != home[node]]
        matched = [o for o in elsewhere if o in direct and same_remarks(o, node)]
        if not matched:
            continue
        support = set().union(*(said[o] for o in elsewhere), *(said[o] for o in at_home))
        new = said[node] - support
        if len(new) < 3 or len(new) < len(said[node]) / 2:
            continue
        speaker = value_of(graph, node, OO.speaker)
        subject = label_of(graph, speaker)
        groups = [("reported speech", [_statement_side(graph, node)]),
                  ("direct quotes", [_statement_side(graph, o) for o in matched])]
        evidence = spans(graph, node)
        quoting = _and(sorted({names[reports[o]] for o in matched}))
        quoted = sorted({label_of(graph, value_of(graph, o, OO.speaker)) for o in matched if value_of(graph, o, OO.speaker)})
        voice_names = " or ".join(dict.fromkeys([subject, *quoted]))
        # whom the quotes credit, marked where their own words name no one (the sides below say so too)
        quoted = sorted(quote_fidelity.speakers_marked(
            (label_of(graph, value_of(graph, o, OO.speaker)), names[reports[o]],
             OO.speaker in inferred_properties(graph, o)) for o in matched if value_of(graph, o, OO.speaker)))
        elsewhere_names = _and(sorted({names[reports[o]] for o in elsewhere})).replace(" and ", " or ")
        found.append(Discrepancy("different-account", speaker, subject, groups, (
            f"{subject}: {_capital(names[reports[node]])} gives the remarks of {subject} in its own words"
            + (f": \u201c{evidence[0].exact}\u201d" if evidence else ".") + f" {_capital(quoting)} "
            + _say(len({reports[o] for o in matched}), "quotes", "quote") + f" {_and(quoted) or subject} directly "
            f"on what appear to be the same remarks, but none of the statements of {voice_names} in {elsewhere_names}"
            + (f", nor their direct quotes in {names[reports[node]]}," if at_home else "") + " has the words "
            + _and(f"\u201c{w}\u201d" for w in _new_words(graph, node, new)).replace(" and ", " or ")
            + f". The reports give different accounts: check {names[reports[node]]}'s against the quoted words "
            "before repeating it."), f"{_capital(names[reports[node]])}'s account of {subject} differs from how "
            + f"{quoting} " + _say(len({reports[o] for o in matched}), "quotes", "quote") + " "
            + (_and(quoted) or subject)))
    return found


# ------------------------------------------------------------------ all, as data, as text


class Discrepancies(list):
    """The discrepancies found (a list, by kind), with the quote comparisons of the same run."""

    def __init__(self, found=(), quotes=(), skipped=()):
        super().__init__(found)
        self.quotes = list(quotes)
        self.skipped = list(skipped)  # the figures not compared, each with the reason (skipped_note)


def _name_apart(found: list[Discrepancy]) -> None:
    """Discrepancies of one kind and subject that share their first side (one figure in two disagreements) are
    named by as many of their sides as tell them apart."""
    by_name: dict = {}
    for d in found:
        by_name.setdefault(d.iri, []).append(d)
    for same in (group for group in by_name.values() if len(group) > 1):
        most = max(len(d.sides) for d in same)
        count = next((n for n in range(2, most + 1) if len({d.named_by(n) for d in same}) == len(same)), most)
        for d in same:
            d.iri = d.named_by(count)


def detect(graph: Graph, read: FigureReader | None = None) -> Discrepancies:
    """Every discrepancy in the graph, ordered by kind, subject and IRI; with the quote comparisons and
    the figures not compared (`read`: the run's FigureReader, if any)."""
    read = FigureReader(graph) if read is None else read
    left_out = skipped(graph, read)
    found = (figure_discrepancies(graph, read, {f.node for f, _ in left_out}) + date_discrepancies(graph)
             + account_discrepancies(graph))
    _name_apart(found)
    order = list(KINDS)
    return Discrepancies(sorted(found, key=lambda d: (order.index(d.kind), str(d.concerns), str(d.iri))),
                         quote_fidelity.compare_all(graph), left_out)


def links(discrepancies: list[Discrepancy], graph: Graph | None = None) -> Graph:
    """The discrepancies as oo:Discrepancy nodes, and the quote comparisons found with them as
    oo:QuoteComparison nodes, in a graph of their own (or added to `graph`)."""
    graph = bind_prefixes(Graph()) if graph is None else graph
    literal = literal_maker(graph)
    graph.add((DETECTOR, RDF.type, SCHEMA.SoftwareApplication))
    graph.add((DETECTOR, RDF.type, PROV.SoftwareAgent))
    graph.add((DETECTOR, RDFS.label, literal("kg discrepancies (oioo-kg): finds where reports disagree", lang="en")))
    for d in discrepancies:
        node = d.iri
        graph.add((node, RDF.type, OO.Discrepancy))
        graph.add((node, RDFS.label, literal(d.label(), lang="en")))
        graph.add((node, OO.kind, KINDS[d.kind]))
        graph.add((node, OO.concerns, d.concerns))
        graph.add((node, RDFS.comment, literal(d.explanation, lang="en")))
        graph.add((node, PROV.wasAttributedTo, DETECTOR))
        for side in d.sides:
            graph.add((node, OO.side, side.node))
    quote_fidelity.add_links(getattr(discrepancies, "quotes", []), graph, DETECTOR)
    return graph


def render(discrepancies: list[Discrepancy], fmt_name: str = "table") -> str:
    """As a table with each side's evidence, as JSON, or as Turtle (oo:Discrepancy links)."""
    from kg.core.serialize import serialize
    from kg.sparql.output import table

    comparisons = getattr(discrepancies, "quotes", [])
    if fmt_name == "json":
        return json.dumps({"discrepancies": [d.as_dict() for d in discrepancies],
                           "quotes": [c.as_dict() for c in comparisons]}, indent=2, ensure_ascii=False) + "\n"
    if fmt_name == "turtle":
        return serialize(links(discrepancies), "turtle").decode("utf-8")
    rows = [[Literal(kind_words(d.kind)), d.concerns, Literal(d.summary)] for d in discrepancies]
    out = [table(["kind", "concerns", "sides"], rows), ""]
    for d in discrepancies:
        out.append(f"{local(d.iri)}: {kind_words(d.kind)}")
        out.append(f"  {d.explanation}")
        for heading, members in d.groups:
            out.append(f"  [{dates_in_words(heading)}]")
            for side in members:
                evidence = side.evidence[0].text(100) if side.evidence else "(no evidence span)"
                out.append(f"    {local(side.node)} ({side.voice}): {evidence}")
        out.append("")
    counts = {kind: sum(d.kind == kind for d in discrepancies) for kind in KINDS}
    out.append(", ".join(f"{n} {kind_words(kind)}" for kind, n in counts.items() if n) or "no discrepancies")
    if comparisons:
        out.extend(["", "Quote fidelity: quotations of the same utterance in different reports", ""])
        rows = [[Literal(kind_words(c.fidelity)), c.a.node, c.b.node,
                 Literal("; ".join(f"\"{d.words_a}\" / \"{d.words_b}\"" for d in c.differences
                                   if d.counted))] for c in comparisons]
        out.append(table(["fidelity", "quoteA", "quoteB", "differing words (A / B)"], rows))
        out.append("")
        for c in comparisons:
            out.append(f"{local(c.a.node)} / {local(c.b.node)}: {kind_words(c.fidelity)}")
            for q in (c.a, c.b):
                out.append(f"  {local(q.report)} {q.speaker_name}{' (inferred)' * q.speaker_inferred}: \"{q.text}\"")
            for d in c.differences:
                out.append(f"  {kind_words(d.fidelity)}: \"{d.words_a}\" / \"{d.words_b}\" ({d.note})")
            out.extend(f"  note: {note}" for note in c.notes)
            out.append("")
        tally = {name: sum(c.fidelity == name for c in comparisons) for name in quote_fidelity.CLASSES}
        out.append(", ".join(f"{n} {kind_words(name)}" for name, n in tally.items() if n))
    return "\n".join(out) + "\n"
