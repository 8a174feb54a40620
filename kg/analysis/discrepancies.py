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

- rounding: the ranges overlap and both are stated as exact ("41,000" against 41,472): not a
  contradiction, listed so the reader sees why;
- the ranges overlap otherwise (a bound that the other value meets): no discrepancy;
- wording differs: ranks of the same year among different sets of years ("second-highest on record"
  against "the highest since 2022"): both can be true;
- update: a running count (a count since an event, or an oo:cumulative indicator) reported at
  different dates (as-of date, else the report's date), the later one not lower (42 returned, later
  281); if a cumulative count falls, that is a contradiction;
- contradiction: otherwise (a net inflow of 69 and of 70).

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

Each disagreement is one discrepancy: figures saying the same thing are grouped on one side.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from itertools import combinations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.analysis.figures import Interval, StatedFigure, comparator_words, fmt, label_of, local, spans
from kg.analysis.figures import figures as read_figures
from kg.namespaces import OI, OO, SCHEMA, bind_prefixes

KINDS = {
    "contradiction": OO.Contradiction,
    "update": OO.Update,
    "different-baseline": OO.DifferentBaseline,
    "wording-differs": OO.WordingDiffers,
    "rounding": OO.Rounding,
    "different-event": OO.DifferentEvent,
}
DETECTOR = OI["kg-discrepancies"]
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
    said: str  # what it says: the figure's wording and value, or the date
    voice: str
    date: str  # the figure's as-of (or report) date; the event date itself
    evidence: tuple

    def as_dict(self) -> dict:
        return {"node": str(self.node), "report": str(self.report) if self.report else None, "said": self.said,
                "voice": self.voice, "date": self.date, "evidence": [s.as_dict() for s in self.evidence]}


@dataclass
class Discrepancy:
    """One disagreement: its kind (a key of KINDS), what it concerns, the sides grouped by what they say."""

    kind: str
    concerns: URIRef
    subject: str  # the indicator's or event's label
    groups: list  # [(heading, [Side, ...]), ...]
    explanation: str

    @property
    def sides(self) -> list[Side]:
        seen, out = set(), []
        for _, members in self.groups:
            for side in members:
                if side.node not in seen:
                    seen.add(side.node)
                    out.append(side)
        return out

    @property
    def iri(self) -> URIRef:
        digest = hashlib.sha256(" ".join(sorted(str(s.node) for s in self.sides)).encode()).hexdigest()[:8]
        return OI[f"discrepancy-{self.kind}-{local(self.concerns)}-{digest}"]

    @property
    def summary(self) -> str:
        return " vs ".join(f"{heading} [{', '.join(_who(s) for s in members)}]" for heading, members in self.groups)

    def label(self) -> str:
        return f"{self.kind.replace('-', ' ').capitalize()}: {self.subject}: " + " vs ".join(h for h, _ in self.groups)

    def as_dict(self) -> dict:
        return {"discrepancy": str(self.iri), "kind": self.kind, "concerns": str(self.concerns),
                "subject": self.subject, "explanation": self.explanation,
                "groups": [{"heading": h, "sides": [s.as_dict() for s in members]} for h, members in self.groups]}


def _who(side: Side) -> str:
    return f"{local(side.report)} {side.voice}" if side.voice != "the report" else local(side.report)


# ------------------------------------------------------------------ figures


def _figure_side(f: StatedFigure) -> Side:
    return Side(f.node, f.report, f"\"{f.stated}\"" + (f" = {fmt(f.number)}" if f.number is not None
                                                        and fmt(f.number) != f.stated else ""),
                f.voice, f.date, f.evidence)


EARLY = re.compile(r"\b(at the (beginning|start|outset)|initially|at first|in the early)\b", re.I)


def _period_key(graph: Graph, f: StatedFigure, cumulative: bool, counted_from: set) -> tuple:
    """Figures with the same key cover the same period and can be compared value for value.

    A count "at the beginning" of a period is a period of its own (the early phase), not the count to
    date. A running count whose period is not stated counts from the event the indicator's other
    figures count from, when they all count from one.
    """
    if f.reference_year:
        derivation = graph.value(f.node, OO.derivation)  # a change against 2024 is not one against 2023
        compared = derivation is not None and graph.value(derivation, OO.method) != OO.Rank
        baselines = tuple(sorted(str(graph.value(b, OO.referenceYear) or "")
                                 for b in graph.objects(derivation, OO.baseline))) if compared else ()
        return ("year", f.reference_year, baselines)
    if EARLY.search(f.period_as_written):
        return ("early", str(f.start_event or ""), f.period_as_written)
    if f.start_event is not None:
        return ("since", str(f.start_event))
    if cumulative and len(counted_from) == 1:
        return ("since", str(next(iter(counted_from))))
    if f.period_as_written and not cumulative:
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
    exact: Interval | None  # the hull of the members stated as exact, if any

    @property
    def dates(self) -> set:
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
        if f.comparator in (OO.Exactly, OO.Around) and f.value is not None:
            key, heading = ("value", f.value), fmt(f.value)
        elif f.number is not None:
            key, heading = (str(f.comparator), f.number), f"{comparator_words(f.comparator)} {fmt(f.number)}"
        else:
            key, heading = ("words", f.interval()), f"\"{f.stated}\""
        buckets.setdefault(key, (heading, []))[1].append(f)
    groups = []
    for heading, fs in buckets.values():
        exact = [f.interval() for f in fs if f.comparator == OO.Exactly]
        groups.append(_Group(heading, sorted(fs, key=lambda f: str(f.node)), _hull([f.interval() for f in fs]),
                             _hull(exact) if exact else None))
    return sorted(groups, key=lambda g: (g.hull.low, g.hull.high, g.heading))


def _earlier(a: set, b: set) -> bool:
    """Every date in a is before every date in b (a date and a date it contains are not ordered)."""
    return all(x < y and not y.startswith(x) for x in a for y in b if x and y) and all(a) and all(b)


def _relate(a: _Group, b: _Group, unit, running: bool, cumulative: bool) -> tuple[str, _Group, _Group] | None:
    """The kind of difference between two groups of one period, ordered (earlier, later) for updates.

    Ranks worded over different sets of years differ in wording, whatever their values. A running count
    stated differently at different dates is an update (a contradiction if a cumulative count falls).
    At one date: ranges that overlap are a rounding when both are exact values, else no discrepancy;
    ranges that do not overlap are a contradiction.
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
    if a.hull.overlaps(b.hull):
        if a.exact is not None and b.exact is not None and a.exact.overlaps(b.exact):
            return "rounding", a, b
        return None
    return "contradiction", a, b


def _merge(links: list) -> list[tuple[str, list[_Group]]]:
    """Pairwise links become one discrepancy per set of groups that are all linked by the same kind
    (69 vs 70 vs 71 is one contradiction; 69 vs 70 and "less than 0" vs "more than 0" are two)."""
    kinds = {frozenset((id(a), id(b))): kind for kind, a, b in links}
    merged: list = []
    for kind, a, b in links:
        for entry_kind, groups in merged:
            present = {id(g) for g in groups}
            new = [g for g in (a, b) if id(g) not in present]
            if entry_kind != kind or len(new) == 2:
                continue
            if not new:
                break
            if all(kinds.get(frozenset((id(new[0]), id(g)))) == kind for g in groups):
                groups.append(new[0])
                break
        else:
            merged.append((kind, [a, b]))
    return merged


def _explain(kind: str, subject: str, groups: list[_Group], period: str) -> str:
    sides = " vs ".join(f"{g.heading} ({', '.join(sorted({local(m.report) for m in g.members}))})" for g in groups)
    if kind == "rounding":
        return (f"{subject}, {period}: {sides}. The values differ only by the rounding their wording implies "
                f"({groups[0].heading} and {groups[-1].heading} agree to the precision stated): not a contradiction.")
    if kind == "wording-differs":
        scopes = " vs ".join("/".join(sorted({_scope(m) or 'scope not stated' for m in g.members})) for g in groups)
        return (f"{subject}, {period}: {sides}. The figures rank the year among different sets of years "
                f"({scopes}), so both can be true: \"the highest since\" a year leaves that year and earlier ones "
                f"out, so the same total can be second on record when that year's was higher.")
    if kind == "update":
        dated = " then ".join(f"{g.heading} (as of {'/'.join(sorted(g.dates))}; "
                              f"{', '.join(sorted({local(m.report) for m in g.members}))})" for g in groups)
        return (f"{subject}, {period}: a running count reported at different dates: {dated}. "
                "A later figure updates an earlier one; not a contradiction.")
    return (f"{subject}, {period}: {sides}. The same quantity for the same period is stated with values "
            "that cannot both be true.")


def figure_discrepancies(graph: Graph) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    all_figures = [f for f in read_figures(graph) if f.interval() is not None]
    by_indicator: dict = {}
    for f in all_figures:
        by_indicator.setdefault((f.indicator, f.unit), []).append(f)
    for (indicator, unit), members in sorted(by_indicator.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        cumulative = str(graph.value(indicator, OO.cumulative)).lower() == "true"
        subject = label_of(graph, indicator)
        counted_from = {f.start_event for f in members if f.start_event is not None and not f.reference_year}
        periods: dict = {}
        for f in members:
            periods.setdefault(_period_key(graph, f, cumulative, counted_from), []).append(f)
        for key, period_members in sorted(periods.items(), key=lambda kv: kv[0]):
            groups = _value_groups(period_members)
            running = key[0] in ("since", "unstated") or cumulative
            links = [link for a, b in combinations(groups, 2)
                     if (link := _relate(a, b, unit, running, cumulative)) is not None]
            for kind, merged in _merge(links):
                if kind == "update":
                    merged.sort(key=lambda g: (min(g.dates), g.hull.low))
                if kind == "wording-differs":
                    for g in merged:
                        g.heading = " / ".join(dict.fromkeys(f"\"{m.stated}\"" for m in g.members)) + f" ({g.heading})"
                found.append(Discrepancy(
                    kind, indicator, subject,
                    [(g.heading, [_figure_side(m) for m in g.members]) for g in merged],
                    _explain(kind, subject, merged, period_members[0].period)))
        found.extend(_baseline_discrepancies(indicator, subject, members))
    return found


def _baseline_discrepancies(indicator, subject: str, members: list[StatedFigure]) -> list[Discrepancy]:
    """Counts since different events, at the same date: they look alike but measure different periods."""
    found = []
    since: dict = {}
    for f in members:
        if f.start_event is not None and not f.reference_year:
            since.setdefault(f.date, []).append(f)
    for date, fs in sorted(since.items()):
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
            return [(f"{_values(fs)} since {fs[0].start_event_label or local(e)}", [_figure_side(f) for f in fs])
                    for e, fs in sorted(out.items(), key=lambda kv: str(kv[0]))]
        for cluster in clusters:
            if len(events(cluster)) > 1 and len({f.report for f in cluster}) > 1:
                groups = by_event(cluster)
                found.append(Discrepancy("different-baseline", indicator, subject, groups, (
                    f"{subject}, as of {date}: the same count is said to run from different events: "
                    + "; ".join(f"{h} ({', '.join(sorted({local(s.report) for s in m}))})" for h, m in groups)
                    + ". The reports disagree on what it counts from, not on the number.")))
        for a, b in combinations(clusters, 2):
            if events(a).isdisjoint(events(b)):
                groups = by_event(a) + by_event(b)
                found.append(Discrepancy("different-baseline", indicator, subject, groups, (
                    f"{subject}, as of {date}: "
                    + " vs ".join(f"{h} ({', '.join(sorted({local(s.report) for s in m}))})" for h, m in groups)
                    + ". The figures look alike but count from different events, so they measure different "
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
    evidence: tuple

    def side(self) -> Side:
        said = self.date + (f" (\"{self.written}\"" + (", year inferred" if self.inferred else "") + ")"
                            if self.written else "")
        return Side(self.node, self.report, said, "the report", self.date, self.evidence)


def _compatible(a: str, b: str) -> bool:
    """Dates that can both be true: equal, or one contains the other (2025 contains 2025-08)."""
    return a.startswith(b) or b.startswith(a)


def _dated(graph: Graph) -> list[_Dated]:
    out = []
    for node in sorted(set(graph.subjects(RDF.type, OO.EventDate)), key=str):
        event, date = graph.value(node, OO.event), graph.value(node, OO.date)
        if event is None or date is None:
            continue
        out.append(_Dated(node, event, str(date), str(graph.value(node, OO.dateAsWritten) or ""),
                          str(graph.value(node, OO.dateInferred)).lower() == "true",
                          graph.value(node, OO.inReport), spans(graph, node)))
    return out


def _date_groups(items: list[_Dated]) -> list[tuple[str, list[Side]]]:
    out: dict = {}
    for d in items:
        out.setdefault(d.date, []).append(d)
    return [(date, [d.side() for d in ds]) for date, ds in sorted(out.items())]


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
            found.append(Discrepancy("contradiction", event, subject, groups, (
                f"{subject}: the reports give dates that cannot both be true: "
                + " vs ".join(f"{h} ({', '.join(sorted({local(s.report) for s in m}))})" for h, m in groups) + ".")))
    kinds = {d.event: graph.value(d.event, OO.eventType) for d in dated}
    agreements = {d.event: graph.value(d.event, OO.ofAgreement) for d in dated}
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
        groups = [(f"{label_of(graph, e1)}: {'/'.join(sorted({d.date for d in first}))}", [d.side() for d in first]),
                  (f"{label_of(graph, e2)}: {'/'.join(sorted({d.date for d in second}))}", [d.side() for d in second])]
        subject = label_of(graph, agreements[e1])
        found.append(Discrepancy("different-event", e1, subject, groups, (
            f"{subject}: {groups[0][0]} ({', '.join(sorted({local(d.report) for d in first}))}) vs {groups[1][0]} "
            f"({', '.join(sorted({local(d.report) for d in second}))}). Different milestones, dated differently by "
            "different reports: both can be true, but a reader may take them for the same moment; worth a look, "
            "not a contradiction of one event.")))
    return found


# ------------------------------------------------------------------ all, as data, as text


def detect(graph: Graph) -> list[Discrepancy]:
    """Every discrepancy in the graph, ordered by kind, subject and IRI."""
    found = figure_discrepancies(graph) + date_discrepancies(graph)
    order = list(KINDS)
    return sorted(found, key=lambda d: (order.index(d.kind), str(d.concerns), str(d.iri)))


def links(discrepancies: list[Discrepancy], graph: Graph | None = None) -> Graph:
    """The discrepancies as oo:Discrepancy nodes, in a graph of their own (or added to `graph`)."""
    graph = bind_prefixes(Graph()) if graph is None else graph
    graph.add((DETECTOR, RDF.type, SCHEMA.SoftwareApplication))
    graph.add((DETECTOR, RDF.type, PROV.SoftwareAgent))
    graph.add((DETECTOR, RDFS.label, Literal("kg discrepancies (oioo-kg): finds where reports disagree", lang="en")))
    for d in discrepancies:
        node = d.iri
        graph.add((node, RDF.type, OO.Discrepancy))
        graph.add((node, RDFS.label, Literal(d.label(), lang="en")))
        graph.add((node, OO.kind, KINDS[d.kind]))
        graph.add((node, OO.concerns, d.concerns))
        graph.add((node, RDFS.comment, Literal(d.explanation, lang="en")))
        graph.add((node, PROV.wasAttributedTo, DETECTOR))
        for side in d.sides:
            graph.add((node, OO.side, side.node))
    return graph


def render(discrepancies: list[Discrepancy], fmt_name: str = "table") -> str:
    """As a table with each side's evidence, as JSON, or as Turtle (oo:Discrepancy links)."""
    from kg.serialize import serialize
    from kg.query.output import table

    if fmt_name == "json":
        return json.dumps([d.as_dict() for d in discrepancies], indent=2, ensure_ascii=False) + "\n"
    if fmt_name == "turtle":
        return serialize(links(discrepancies), "turtle").decode("utf-8")
    rows = [[Literal(d.kind), d.concerns, Literal(d.summary)] for d in discrepancies]
    out = [table(["kind", "concerns", "sides"], rows, max_width=120), ""]
    for d in discrepancies:
        out.append(f"{local(d.iri)}: {d.kind}")
        out.append(f"  {d.explanation}")
        for heading, members in d.groups:
            out.append(f"  [{heading}]")
            for side in members:
                evidence = side.evidence[0].text(100) if side.evidence else "(no evidence span)"
                out.append(f"    {local(side.node)} ({side.voice}): {evidence}")
        out.append("")
    counts = {kind: sum(d.kind == kind for d in discrepancies) for kind in KINDS}
    out.append(", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no discrepancies")
    return "\n".join(out) + "\n"
