"""Recompute every derived figure from its inputs and rate what was stated (`kg check`).

For each oo:DerivedFigure, its oo:derivation names a method, the input figure(s) and the baseline
figure(s). We recompute the value in Decimal arithmetic and rate the stated value against it:

- consistent: the computed value lies in the range the stated wording allows (kg.analysis.figures: precision
  from the digits written, "more than" / "almost" / "around" / vague words as ranges);
- inconsistent: it lies outside that range;
- not checkable: an input has no number (vague words), is missing, or the method cannot be applied
  (a zero denominator, several inputs for a two-figure method), or approximate inputs give a range
  that falls partly inside and partly outside the stated one.

Inputs are taken at their stated values, the claimant's own numbers; an input that is itself
approximate ("around 350", "more than 41,000") is carried as a range (interval arithmetic).

Rank (oo:Rank) is checked among the figures the derivation names only. Reports rarely give every
year ("second-highest on record" with totals for 2022-2025 only), and years not given can only push
a figure down the ranking, never up. So: a stated rank better than the computed one is inconsistent
(the report's own figures refute it); equal is consistent "as far as the figures given go"; worse is
not checkable (years the report does not give might account for it). Where the derivation says its
baseline is partial (an oo:reason), equal is graded not checkable: the claim covers more than was checked.

The verdicts are published as schema.org ClaimReviews (`reviews`), the vocabulary fact-checkers use:
a schema:ClaimReview of a schema:Claim about the figure (schema:about) whose schema:appearance is its
report and the statements mentioning it (creative works, as schema.org expects), with a schema:Rating (alternateName "consistent" / "inconsistent" / "not checkable";
ratingValue 2 / 1 on a scale worstRating 1 to bestRating 2, none for "not checkable") and the
arithmetic as schema:reviewBody; oo:computedValue, oo:gap, oo:lowerLimit, oo:upperLimit keep the
numbers machine-readable. They go to a graph of their own (dist/checks.ttl), never into data/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

from rdflib import BNode, Graph, Literal, URIRef

from kg.analysis.figures import (EXACT, NUMBER, bracketed, OPERAND, FigureReader, Interval, Precision, StatedFigure,
                                 comparator_words, fmt, joined, label_of, local, named, rounding,
                                 value_of)
from kg.core.triples import literal_maker
from kg.core.namespaces import OI, OO, PROV, RDF, RDFS, SCHEMA, XSD, bind_prefixes

CONSISTENT, INCONSISTENT, NOT_CHECKABLE = "consistent", "inconsistent", "not checkable"
# The grades published (docs/checking.md, "The verdict scale"): what a fact-checker tells a reader.
ACCURATE, ROUNDED, SLIGHTLY_INACCURATE, INACCURATE = ("accurate", "accurate when rounded", "slightly inaccurate",
                                                      "inaccurate")
GRADES = (ACCURATE, ROUNDED, SLIGHTLY_INACCURATE, INACCURATE, NOT_CHECKABLE)
RATING_VALUES = {ACCURATE: 4, ROUNDED: 3, SLIGHTLY_INACCURATE: 2, INACCURATE: 1}  # "not checkable": no value
# What each grade means, as a check's page says beside its verdict (docs/checking.md's scale, in a reader's words)
GRADE_MEANINGS = {
    ACCURATE: "the value the figures it rests on give is one the stated wording allows",
    ROUNDED: "the value the figures it rests on give is outside what the wording allows, but the stated number is "
             "that value rounded to a round unit (ten, hundred, thousand...), no more than 5 per cent from it, "
             "though stated as exact",
    SLIGHTLY_INACCURATE: "the value the figures it rests on give is outside what the wording allows, and the stated "
                         "number, given as exact, is no more than one unit of its last digit from it",
    INACCURATE: "the value the figures it rests on give is outside what the wording allows and further from it "
                "than rounding or a last digit explains, or the report's own figures refute the stated rank",
    NOT_CHECKABLE: "the figures it rests on cannot settle it: one is missing or has no number, the working is "
                   "incomplete, the wording gives no range, or the claim covers figures the report does not give",
}
BEST, WORST = 4, 1
HUNDRED = Decimal(100)
RATED = (*OPERAND, OO.derivation)  # what the check reads of the figure it rates
METHODS = {
    OO.Difference: "difference (input − baseline)",
    OO.PercentageChange: "percentage change ((input − baseline) / baseline × 100)",
    OO.Share: "share (input / baseline × 100)",
    OO.Ratio: "ratio (input / baseline)",
    OO.Rank: "rank (position of the input among the figures, largest first)",
}
CHECKER = OI["kg-check"]  # the software agent that writes the reviews


@dataclass
class Verdict:
    """The check of one derived figure."""

    figure: StatedFigure
    rating: str
    reason: str
    method: URIRef | None = None
    derived_by: str = ""
    inputs: list = field(default_factory=list)  # (role, StatedFigure)
    arithmetic: str = ""
    computed: Interval | None = None
    accepted: Interval | None = None
    gap: Decimal | None = None
    notes: list = field(default_factory=list)
    inferred: str = ""  # the reason of an oo:InferredValue marking the derivation as the curators' reading
    partial: bool = False  # a rank among fewer figures than the claim covers (the derivation's oo:reason says so)

    @property
    def places(self) -> int:
        """Decimals to show: four, or one more than the stated figure writes ("0.33333" needs six, lest its
        range read "0.3333 to 0.3333")."""
        return max(4, self.figure.precision.places + 1)

    @property
    def computed_text(self) -> str:
        return self.computed.text(self.places) if self.computed is not None else ""

    @property
    def grade(self) -> str:
        """The published grade: accurate, accurate when rounded, slightly inaccurate, inaccurate or not
        checkable (how each is decided: docs/checking.md)."""
        return self._grading()[0]

    @property
    def explanation(self) -> str:
        """The grade's reason in one plain sentence, for a reader who will not follow the arithmetic."""
        return self._grading()[1]

    def _grading(self) -> tuple[str, str]:
        grade, words = self._graded()
        if self.inferred and grade != NOT_CHECKABLE:
            who = self.derived_by or "the speaker"
            words += (f" The inputs are {self.inputs_whose()} figures"
                      + ("" if who.startswith("the report") else f", not {who}'s")
                      + ": that the figure rests on them is the curators' reading.")
        return grade, words

    def inputs_whose(self) -> str:
        """Whose figures the inputs are, as the report gives them: "the report's own", "Shabana Mahmood's"."""
        voices = {name for _, source in self.inputs for name in ([n for _, n in source.speakers] or ["the report"])}
        return " and ".join(["the report's own"] * ("the report" in voices)
                            + [f"{name}'s" for name in sorted(voices - {"the report"})]) or "the report's own"

    def _graded(self) -> tuple[str, str]:
        f = self.figure
        if self.rating == NOT_CHECKABLE:
            return NOT_CHECKABLE, f"It cannot be checked: {self.reason}."
        computed = self.computed_words()
        if self.method == OO.Rank:
            if self.rating == CONSISTENT and self.partial:
                return NOT_CHECKABLE, (f"Among the figures the report gives, it is position {self.computed_text}, as "
                                       f"\"{f.stated}\" says, but the claim covers figures the report does not give, "
                                       "so it cannot be checked in full.")
            if self.rating == CONSISTENT:
                return ACCURATE, (f"Among the figures the report gives, it is position {self.computed_text}, as "
                                  f"\"{f.stated}\" says (years the report does not give are not checked).")
            return INACCURATE, (f"The report's own figures put it at position {self.computed_text}, "
                                f"not what \"{f.stated}\" says.")
        if self.rating == CONSISTENT:
            allowed = "" if self.accepted is None or self.accepted.is_point else f" (it allows {self.accepted_text})"
            return ACCURATE, f"The figures it rests on give {computed}, which is what \"{f.stated}\" says{allowed}."
        rounded = self.coarser_rounding()
        if rounded is not None:
            return ROUNDED, (f"The figures it rests on give {computed}; {fmt(f.value)} is that rounded "
                             f"{rounded.words()}, but it was stated as an exact number.")
        if (f.comparator == OO.Exactly and f.value is not None and self.computed is not None
                and self.computed.is_point and abs(f.value - self.computed.low) <= f.precision.unit):
            correct = f.precision.round(self.computed.low)
            cut = " (it was cut off, not rounded)" if f.precision.truncate(self.computed.low) == f.value else ""
            return SLIGHTLY_INACCURATE, (f"The figures it rests on give {computed}, which is {fmt(correct)} "
                                         f"{f.precision.words()}, not {fmt(f.value)}{cut}.")
        allowed = f" ({self.accepted_text})" if self.accepted is not None else ""
        return INACCURATE, f"The figures it rests on give {computed}, outside what \"{f.stated}\" allows{allowed}."

    def coarser_rounding(self) -> Precision | None:
        """The coarser precision (tens, hundreds, ...) at which the computed value rounds to the stated
        one (kg.analysis.figures.rounding, the rule `kg discrepancies` classes a rounding by): 70 is 69 to
        the nearest ten. None when there is none, or the computed value is a range or within the stated one."""
        f, computed = self.figure, self.computed
        if computed is None or not computed.is_point:
            return None
        found = rounding(f, computed.low)
        return found if found is not None and found != f.precision else None

    def computed_words(self) -> str:
        """The computed value for a reader: "69", "1.656 per cent"."""
        if self.computed is None:
            return ""
        percent = self.figure.unit == OO.Percent and self.method != OO.Rank
        return self.computed_text + (" per cent" if percent else "")

    @property
    def accepted_text(self) -> str:
        return self.accepted.text(self.places) if self.accepted is not None else ""

    def review_body(self) -> str:
        """The arithmetic and the reasoning, as a fact-checker writes it up."""
        f = self.figure
        lines = [f"Claim: \"{f.stated}\" ({named(f.node)}, {f.voice}), evidence {f.evidence_text()}."]
        if self.method is not None:
            lines.append(f"Method: {METHODS.get(self.method, local(self.method))}"
                         + (f", derived by {self.derived_by}." if self.derived_by else "."))
        if self.arithmetic:
            lines.append(f"Arithmetic: {self.arithmetic}")
        if self.accepted is not None:
            lines.append(f"Stated: {self.accepted_words()}.")
        if self.gap is not None:
            lines.append(f"Gap (stated − computed): {fmt(self.gap, sign=True)}.")
        lines.append(f"Verdict: {self.grade}: {self.explanation}")
        lines.append(f"Test: {self.rating}: {self.reason}")
        lines.extend(f"Note: {note}" for note in self.notes)
        for role, source in self.inputs:
            lines.append(f"{role.capitalize()}: {operand(source)} ({named(source.node)}, "
                         f"{source.voice}), evidence {source.evidence_text()}.")
        return "\n".join(lines)

    def accepted_words(self) -> str:
        f, accepted = self.figure, self.accepted
        if self.method == OO.Rank:
            return f"position {accepted.text()} (\"{f.stated}\"), largest first, among the figures the derivation names"
        if f.comparator == OO.Exactly:
            how = f"read {f.precision.words()}" if f.precision.from_digits else f"\"{f.stated}\" {_no_digits_for(f)}, read as a whole number"
            return f"{fmt(f.value, self.places)} ({how}): the wording allows {self.accepted_text}"
        comparator = label_of_comparator(f.comparator)  # ("so 69.5 to 70.5 is consistent", under a verdict of "inconsistent")
        return f"\"{f.stated}\" ({comparator}): the wording allows {self.accepted_text}"

    def as_dict(self) -> dict:
        return {
            "figure": str(self.figure.node), "label": self.figure.label, "statedAs": self.figure.stated,
            "stated": fmt(self.figure.number, 10).replace(",", "") if self.figure.number is not None else None,
            "comparator": local(self.figure.comparator), "report": str(self.figure.report),
            "speakers": [name for _, name in self.figure.speakers],
            "speakersInferred": [name for iri, name in self.figure.speakers if iri in self.figure.inferred_speakers],
            # the figure's properties the curators inferred: "value" or "bound" (the number in "stated"),
            # "comparator", "unit", "derivation", ... (StatedFigure.inferred_names)
            "inferred": self.figure.inferred_names,
            "method": local(self.method) if self.method is not None else None, "derivedBy": self.derived_by,
            "arithmetic": self.arithmetic, "computed": self.computed_text, "accepted": self.accepted_text,
            "gap": fmt(self.gap, 10, sign=True).replace(",", "") if self.gap is not None else None,
            "rating": self.rating, "reason": self.reason, "grade": self.grade, "explanation": self.explanation,
            "notes": self.notes, "inferredDerivation": self.inferred,
            "inputs": [dict(role=role, **source.as_dict()) for role, source in self.inputs],
            "evidence": [span.as_dict() for span in self.figure.evidence],
            "reviewBody": self.review_body(),
        }


def unopened(exact: str) -> str:
    """A sentence without the opening quotation mark of a quote that it does not close (the first sentence of
    a quote that runs on), which a claim shown on its own would carry unbalanced; an apostrophe (’ before a
    letter: "We’ve") closes nothing.

    >>> unopened("‘The government scheme has resulted in a net inflow of 70 immigrants.")
    'The government scheme has resulted in a net inflow of 70 immigrants.'
    >>> unopened("‘We’ve had 350 people come in,’ she told LBC.")
    '‘We’ve had 350 people come in,’ she told LBC.'
    """
    closing = {"‘": "’", "“": "”", '"': '"', "'": "'"}.get(exact[:1])
    if closing and not re.search(re.escape(closing) + r"(?![^\W\d_])", exact[1:]):
        return exact[1:]
    return exact


def label_of_comparator(comparator) -> str:
    """The comparator and the tolerance it is given (kg.analysis.figures)."""
    extra = {OO.Around: ", within 10 % or one stated unit", OO.Almost: ", within 10 % or one stated unit below"}
    return comparator_words(comparator) + extra.get(comparator, "")


# ------------------------------------------------------------------ arithmetic


def _difference(a: Interval, b: Interval) -> Interval:
    """a − b over intervals, an end open where an end it comes from is: "more than 41,000" less 281 is
    above 40,719, never "at least" (which would take 40,719 itself as consistent)."""
    return Interval(a.low - b.high, a.high - b.low, a.low_open or b.high_open, a.high_open or b.low_open)


def _ratio(a: Interval, b: Interval) -> Interval | None:
    """a / b over intervals, each end open where the ends it comes from leave it out; None when b may be zero."""
    if b.low <= 0 <= b.high:
        return None
    with localcontext() as context:
        context.traps[InvalidOperation] = context.traps[DivisionByZero] = False
        corners = [(x / y, x_open or y_open) for x, x_open in ((a.low, a.low_open), (a.high, a.high_open))
                   for y, y_open in ((b.low, b.low_open), (b.high, b.high_open))]
    corners = [c for c in corners if not c[0].is_nan()]
    if len(corners) < 4:
        return Interval(-Decimal("Infinity"), Decimal("Infinity"))
    low, high = min(c[0] for c in corners), max(c[0] for c in corners)
    # an end is reached (closed) if any corner at it is: 41,000 / 2 is reached from [41,000, ...] / 2 however else
    return Interval(low, high, all(o for c, o in corners if c == low), all(o for c, o in corners if c == high))


def _map(interval: Interval, function) -> Interval:
    """An increasing function of an interval, its ends as open as they were."""
    return Interval(function(interval.low), function(interval.high), interval.low_open, interval.high_open)


def _operand(source: StatedFigure) -> Interval | None:
    """An input as a number (its stated value) or, when approximate, the range its wording allows."""
    if source.comparator == OO.Exactly and source.value is not None:
        return Interval.point(source.value)
    return source.interval()


def _unit_words(source: StatedFigure) -> str:
    return source.unit_label or local(source.unit) or "no unit"


def _shown(source: StatedFigure, operand: Interval) -> str:
    return fmt(operand.low) if operand.is_point else f"{source.stated} ({operand.text()})"


def recompute(method, inputs: list, baselines: list) -> tuple[Interval | None, str, str]:
    """(computed range, arithmetic as written, problem); a problem means not checkable."""
    if method not in METHODS:
        return None, "", f"unknown method {local(method) or '(none)'}"
    if not inputs:
        return None, "", "the derivation names no input figure"
    if not baselines:
        return None, "", "the derivation names no baseline figure"
    for source in inputs + baselines:
        if _operand(source) is None:
            words = source.stated or source.label or named(source.node)
            return None, "", f"the figure {named(source.node)} (\"{words}\") has no number to compute with"
    units = {source.unit for source in inputs + baselines if source.unit is not None}
    if len(units) > 1:
        shown = joined([f"{source.stated or fmt(source.number)} ({_unit_words(source)})" for source in inputs + baselines])
        return None, "", (f"its figures are in different units, {shown}: "
                          f"a {METHODS[method].split(' (')[0]} of them means nothing")
    if method == OO.Rank:
        return _rank(inputs, baselines)
    if len(inputs) != 1 or len(baselines) != 1:
        return None, "", (f"{local(method)} takes one input and one baseline; the derivation names "
                          f"{len(inputs)} and {len(baselines)}")
    a, b = _operand(inputs[0]), _operand(baselines[0])
    x, y = _shown(inputs[0], a), _shown(baselines[0], b)
    if method == OO.Difference:
        result = _difference(a, b)
        return result, f"{x} − {y} = {result.text()}", ""
    ratio = _ratio(a, b)
    if ratio is None:
        return None, "", f"the baseline {named(baselines[0].node)} is zero (or may be): division by zero"
    if method == OO.PercentageChange and b.low < 0:
        return None, "", (f"the baseline {y} is below zero (or may be): a percentage change from a negative "
                          "base has no agreed sign (from -10 to -5 is a rise, yet (-5 − -10) / -10 is -50 %)")
    if method == OO.Ratio:
        return ratio, f"{x} / {y} = {ratio.text()}", ""
    if method == OO.Share:
        result = _map(ratio, lambda r: r * HUNDRED)
        return result, f"{x} / {y} × 100 = {result.text()} %", ""
    result = _map(ratio, lambda r: (r - 1) * HUNDRED)
    return result, f"({x} − {y}) / {y} × 100 = {result.text()} %", ""


def _rank(inputs: list, baselines: list) -> tuple[Interval | None, str, str]:
    if len(inputs) != 1:
        return None, "", f"rank takes one input; the derivation names {len(inputs)}"
    target = _operand(inputs[0])
    others = [(source, _operand(source)) for source in baselines]
    surely = sum(1 for _, other in others if other.low > target.high)
    maybe = sum(1 for _, other in others if other.high > target.low)
    result = Interval(Decimal(1 + surely), Decimal(1 + maybe))
    ranked = [(inputs[0], target)] + others

    def name(source, operand):
        period = bracketed(source.period_words()) if source.reference_year else ""
        if source.number is None:  # its words and the range they allow, one pair of brackets
            return f"{source.stated} ({operand.text()}{'; ' + period if period else ''})"
        return fmt(source.number) + (f" ({period})" if period else "")

    # largest first: a figure stated in words alone ("thousands", no number) by the least its words allow
    ordered = sorted(ranked, key=lambda pair: (-(pair[0].number if pair[0].number is not None else pair[1].low),
                                               in_order(pair[0])))
    listing = ", ".join(("*" if s is inputs[0] else "") + name(s, operand) for s, operand in ordered)
    return result, f"{listing}, largest first: the input (*) is at position {result.text()}", ""


# ------------------------------------------------------------------ rating


def check_figure(graph: Graph, node, read: FigureReader | None = None) -> Verdict:
    """Recompute one derived figure and rate its stated value (`read`: the run's FigureReader, if any)."""
    read = FigureReader(graph) if read is None else read
    figure = read[node]
    derivation = value_of(graph, node, OO.derivation)
    if derivation is None:
        return Verdict(figure, NOT_CHECKABLE, "the figure has no oo:derivation (no method or inputs recorded)")
    method = value_of(graph, derivation, OO.method)
    by = value_of(graph, derivation, OO.derivedBy)
    inputs = sorted((read[n] for n in graph.objects(derivation, OO.input)), key=in_order)
    baselines = sorted((read[n] for n in graph.objects(derivation, OO.baseline)), key=in_order)
    missing = [s for s in inputs + baselines if s.indicator is None and s.value is None and s.bound is None]
    circle = _circle(graph, node)
    derived_by = "" if by is None else (f"the report ({local(by)})" if read.is_a(by, OO.Report)
                                        else label_of(graph, by))
    verdict = Verdict(figure, NOT_CHECKABLE, "", method, derived_by,
                      [("input", s) for s in inputs] + [("baseline", s) for s in baselines])
    verdict.inferred = inferred_derivation(graph, node)
    if method == OO.Rank and value_of(graph, derivation, OO.reason) is not None:  # a partial baseline, said so
        verdict.partial = True
        verdict.notes.append(str(value_of(graph, derivation, OO.reason)))
    if verdict.inferred:
        verdict.notes.append(f"the derivation is the curators' reading of the report, marked as inferred: {verdict.inferred}")
    if missing:
        verdict.reason = _not_a_figure(graph, missing[0].node)
        return verdict
    several = read.several_values([(node, RATED), (derivation, (OO.method,))]
                                  + [(s.node, OPERAND) for s in inputs + baselines])
    if several:
        verdict.reason = several
        return verdict
    if circle:
        steps = ", which is derived from ".join(local(n) for n in circle[1:])
        verdict.reason = (f"it rests on itself: {local(circle[0])} is derived from {steps}, so no figure but "
                          "itself could confirm it")
        return verdict
    try:
        return _computed_and_rated(verdict, method, inputs, baselines)
    except InvalidOperation:  # infinity less infinity, or more digits than kg.analysis.figures.EXACT holds
        return Verdict(figure, NOT_CHECKABLE, "its numbers are too far apart in size to compute exactly", method,
                       derived_by, verdict.inputs)


def in_order(source: StatedFigure) -> tuple:
    """The order of a derivation's inputs (or baselines): by IRI (a literal by its text), then those written as
    blank nodes, by what they state (not by label: another at each parse)."""
    if isinstance(source.node, BNode):
        return 1, source.stated, fmt(source.number), source.label, source.evidence_text()
    return 0, str(source.node)


def _not_a_figure(graph: Graph, node) -> str:
    """Why an input with no indicator, value or bound gives no number: what it is instead."""
    if isinstance(node, BNode):
        return "an input is a blank node with no indicator, value or bound: name the oo:Figure that states it"
    if not isinstance(node, URIRef):
        return f"the input \"{node}\" is a value written where a figure belongs: name the oo:Figure that states it"
    kinds = sorted(local(t) for t in graph.objects(node, RDF.type))
    if not kinds and (node, None, None) not in graph:
        return f"the input {local(node)} is not in the graph"
    return (f"the input {local(node)} is not a figure" + (f" (its type: {', '.join(kinds)})" if kinds else "")
            + ": it has no indicator, value or bound to compute with")


def _circle(graph: Graph, node) -> list:
    """The chain by which `node`'s derivation rests on `node` itself ([node, input, ..., node]), or []: a
    figure derived from itself, or from figures derived from it, is confirmed by nothing but itself.
    Walked with a queue (never recursion), each figure once, so a long or cyclic chain costs its length;
    through figures named by IRIs only (a blank node's label, which the chain would name, is the parse's)."""
    parents: dict = {node: None}
    queue = [node]
    while queue:
        current = queue.pop(0)
        derivation = value_of(graph, current, OO.derivation)
        if derivation is None:
            continue
        sources = {*graph.objects(derivation, OO.input), *graph.objects(derivation, OO.baseline)}
        for source in sorted((s for s in sources if not isinstance(s, BNode)), key=str):
            if source == node:
                chain = [current]
                while parents[chain[-1]] is not None:
                    chain.append(parents[chain[-1]])
                return [*reversed(chain), node]
            if source not in parents:
                parents[source] = current
                queue.append(source)
    return []


def inferred_derivation(graph: Graph, node) -> str:
    """The reason of the marker (oo:inferredValue with oo:inferredProperty oo:derivation) that says the
    figure's derivation is the curators' reading, not the speaker's ("Philp gives 70 and no inputs ..."),
    or "" when the derivation is as stated. A marked derivation is still checked; the verdict says so."""
    for marker in sorted(graph.objects(node, OO.inferredValue), key=str):
        if value_of(graph, marker, OO.inferredProperty) == OO.derivation:
            return str(value_of(graph, marker, OO.reason) or "marked as inferred, with no reason given")
    return ""


def _computed_and_rated(verdict: Verdict, method, inputs: list, baselines: list) -> Verdict:
    figure = verdict.figure
    computed, arithmetic, problem = recompute(method, inputs, baselines)
    verdict.arithmetic, verdict.computed = arithmetic, computed
    if problem:
        verdict.reason = problem
        return verdict
    accepted = figure.interval()
    verdict.accepted = accepted
    if accepted is None:
        verdict.reason = (f"the wording \"{figure.stated}\" gives no number or range to check against "
                          f"(computed: {verdict.computed_text})")
        return verdict
    if method == OO.Rank:
        _rate_rank(verdict)
    else:
        _rate(verdict)
    _notes(verdict, method, inputs, baselines)
    return verdict


def _rate(verdict: Verdict) -> None:
    f, computed, accepted = verdict.figure, verdict.computed, verdict.accepted
    if computed.is_point and f.value is not None and f.comparator in (OO.Exactly, OO.Around):
        verdict.gap = f.value - computed.low
    # a range bounded on one side reads "is above 0", "is not below 0" ("is within above 0", "outside above 0")
    bounded = verdict.accepted_text.startswith(("above ", "below ", "at least ", "at most "))
    if accepted.covers(computed):
        verdict.rating = CONSISTENT
        verdict.reason = (f"the computed {verdict.computed_text} is {'' if bounded else 'within '}"
                          f"{verdict.accepted_text}")
    elif not accepted.meets(computed):
        verdict.rating = INCONSISTENT
        verdict.reason = (f"the computed {verdict.computed_text} is {'not ' if bounded else 'outside '}"
                          f"{verdict.accepted_text}")
    else:
        verdict.rating = NOT_CHECKABLE
        verdict.reason = (f"the approximate inputs give {verdict.computed_text}, partly inside and partly outside "
                          f"{verdict.accepted_text}")
        return
    if f.comparator == OO.Exactly and computed.is_point and f.value is not None:
        precision = f.precision
        rounded = precision.round(computed.low)
        if abs(computed.low - f.value) == precision.half:
            verdict.notes.append(f"{fmt(computed.low)} is exactly half-way at the stated precision: rounding half "
                                 f"up gives {fmt(rounded)}, half down or half to even may give the other neighbour; "
                                 "either is accepted")
        elif rounded != f.value and rounded != computed.low:
            note = f"correctly rounded {precision.words()}, {fmt(computed.low)} is {fmt(rounded)}, not {fmt(f.value)}"
            if precision.truncate(computed.low) == f.value:
                note += f" ({fmt(f.value)} is the value truncated, not rounded)"
            verdict.notes.append(note)
        if (verdict.rating == INCONSISTENT and rounded != f.value and precision.places == 0 and EXACT.remainder(f.value, 10) == 0 and f.value
                and Precision(-1).round(computed.low) == f.value):
            verdict.notes.append(f"{fmt(f.value)} is {fmt(computed.low)} rounded to the nearest ten; a round ten "
                                 "is read as exact unless the wording says \"about\" or \"around\"")
    if not f.precision.from_digits and f.comparator in (OO.Exactly, OO.Around):
        verdict.notes.append(f"\"{f.stated}\" {_no_digits_for(f)}: it is read as {fmt(f.value)}, to the whole number"
                             + (", and \"around\" allows one unit either side" if f.comparator == OO.Around else ""))


def _no_digits_for(f: StatedFigure) -> str:
    """Why a figure's wording gives its value no precision: it has no digits ("virtually zero"), or none of
    its numbers is the value (oo:value 70 worded "69 MORE": nothing in kg validate compares the two)."""
    return f"gives no number that is {fmt(f.value)}" if NUMBER.search(f.stated) else "has no digits"


def operand(source: StatedFigure) -> str:
    """An input or baseline as a verdict names it: its words, and what of it the curators read rather than its
    words state ("41,472 (indicator inferred)"): a verdict resting on it rests on that reading too."""
    read = [word for prop, word in ((OO.indicator, "indicator"), (OO.comparator, "qualifier")) if prop in source.inferred]
    read = (["value"] if source.value_inferred else []) + read
    return (source.stated or fmt(source.number)) + (f" ({' and '.join(read)} inferred)" if read else "")


def _rate_rank(verdict: Verdict) -> None:
    f, computed = verdict.figure, verdict.computed
    stated = f.value
    if stated is None:
        verdict.reason = "the figure states no rank"
        return
    verdict.accepted = Interval.point(stated)
    verdict.gap = stated - computed.low if computed.is_point else None
    given = "as far as the figures the report gives go; years it does not give are not checked"
    if stated < computed.low:
        verdict.rating = INCONSISTENT
        verdict.reason = (f"stated position {fmt(stated)}, but the report's own figures put it at "
                          f"{computed.text()} or lower")
    elif stated <= computed.high:
        verdict.rating = CONSISTENT
        verdict.reason = f"position {fmt(stated)} among the figures given, {given}"
    else:
        verdict.rating = NOT_CHECKABLE
        verdict.reason = (f"the figures given put it at position {computed.text()}; position {fmt(stated)} "
                          "would need figures the report does not give")


def _notes(verdict: Verdict, method, inputs: list, baselines: list) -> None:
    """Caveats a careful checker adds: percentages of percentages, different periods (only when both
    figures state theirs: a figure with none may well be of the same period), signs."""
    f = verdict.figure
    if method in (OO.Difference, OO.PercentageChange, OO.Share, OO.Ratio) and len(inputs) == len(baselines) == 1:
        a, b = inputs[0], baselines[0]
        if a.unit == OO.Percent and b.unit == OO.Percent and a.value is not None and b.value is not None:
            points = a.value - b.value
            if method == OO.PercentageChange:
                verdict.notes.append(
                    f"input and baseline are percentages: the change is relative ({verdict.computed_text} per cent); "
                    f"the difference is {fmt(points, sign=True)} percentage points"
                    + (" — the stated value matches the points, not the percentage change"
                       if verdict.rating == INCONSISTENT and verdict.accepted is not None
                       and verdict.accepted.contains(points) else ""))
            elif method == OO.Difference:
                verdict.notes.append("input and baseline are percentages: the difference is in percentage points")
            else:
                verdict.notes.append("a share of a percentage: the result is a percentage of a percentage")
        if method != OO.PercentageChange and a.period_stated and b.period_stated and a.period != b.period:
            verdict.notes.append(f"the figures it rests on cover different periods: {_shown(a, _operand(a))} "
                                 f"({bracketed(a.period_words())}) and {_shown(b, _operand(b))} ({bracketed(b.period_words())})")
    if (verdict.computed is not None and verdict.computed.is_point and f.value
            and verdict.computed.low and (f.value > 0) != (verdict.computed.low > 0)):
        verdict.notes.append("the stated and computed values have opposite signs (a rise stated as a fall, or the reverse)")


def derived_figures(graph: Graph) -> list:
    return sorted({n for n in graph.subjects(RDF.type, OO.DerivedFigure) if isinstance(n, URIRef)}, key=str)


def check_all(graph: Graph, read: FigureReader | None = None) -> list[Verdict]:
    """A verdict for every oo:DerivedFigure in the graph, in IRI order (`read`: the run's FigureReader, if any)."""
    read = FigureReader(graph) if read is None else read
    return [check_figure(graph, node, read) for node in derived_figures(graph)]


# ------------------------------------------------------------------ ClaimReview graph


def claimed_by(f: StatedFigure) -> str:
    """Who said what, where, for a label: 'Chris Philp's "net inflow of 70" (report 002)', or 'the
    report's ...' in the report's own voice; a speaker the report's words do not name is marked so
    ('(report 000; speaker inferred)'), as the pages mark him."""
    who = " and ".join(name for _, name in f.speakers) or "the report"
    said = f"\"{f.stated}\"" if f.stated else fmt(f.number)  # quotation marks around the report's words only
    inferred = [name for iri, name in f.speakers if iri in f.inferred_speakers]
    marked = ("" if not inferred else "; speaker inferred" if len(f.speakers) == 1 else
              "; speakers inferred" if len(inferred) == len(f.speakers) else f"; {' and '.join(inferred)} inferred")
    return f"{who}'s {said} ({f.report_name}{marked})"


def _decimal(number: Decimal, literal=Literal) -> Literal:
    return literal(fmt(number, 6).replace(",", ""), datatype=XSD.decimal)


def reviews(verdicts: list[Verdict], graph: Graph | None = None) -> Graph:
    """The verdicts as schema:ClaimReview nodes, in a graph of their own (or added to `graph`)."""
    graph = bind_prefixes(Graph()) if graph is None else graph
    literal = literal_maker(graph)
    graph.add((CHECKER, RDF.type, SCHEMA.SoftwareApplication))
    graph.add((CHECKER, RDF.type, PROV.SoftwareAgent))
    graph.add((CHECKER, RDFS.label, literal("kg check (oioo-kg): recomputes derived figures", lang="en")))
    for verdict in verdicts:
        f, name = verdict.figure, local(verdict.figure.node)
        grade, explanation, claimed = verdict.grade, verdict.explanation, claimed_by(f)
        review, claim, rating = OI[f"check-{name}"], OI[f"claim-{name}"], OI[f"rating-{name}"]
        add = graph.add
        add((review, RDF.type, SCHEMA.ClaimReview))
        add((review, RDFS.label, literal(f"Check of {claimed}: {grade}", lang="en")))
        add((review, SCHEMA.claimReviewed, literal(unopened(f.evidence[0].exact) if f.evidence else f.stated)))
        add((review, SCHEMA.itemReviewed, claim))
        add((review, SCHEMA.reviewRating, rating))
        add((review, SCHEMA.reviewBody, literal(verdict.review_body())))
        add((review, PROV.wasAttributedTo, CHECKER))  # software: no schema:author, a Person or Organization
        for _, source in verdict.inputs:
            add((review, SCHEMA.isBasedOn, source.node))
        if verdict.computed is not None and verdict.computed.is_point:
            add((review, OO.computedValue, _decimal(verdict.computed.low, literal)))
        if verdict.gap is not None:
            add((review, OO.gap, _decimal(verdict.gap, literal)))
        if verdict.accepted is not None:
            if not verdict.accepted.low.is_infinite():
                add((review, OO.lowerLimit, _decimal(verdict.accepted.low, literal)))
            if not verdict.accepted.high.is_infinite():
                add((review, OO.upperLimit, _decimal(verdict.accepted.high, literal)))
        add((claim, RDF.type, SCHEMA.Claim))
        add((claim, RDFS.label, literal(f"Claim: {claimed}", lang="en")))
        add((claim, SCHEMA.about, f.node))
        for work in ([f.report] if f.report is not None else []) + list(f.statements):
            add((claim, SCHEMA.appearance, work))
        for speaker, _ in f.speakers:  # a claim in the report's own voice has none: the reports name no author
            add((claim, SCHEMA.author, speaker))
        add((claim, SCHEMA.text, literal(f.stated)))
        add((rating, RDF.type, SCHEMA.Rating))
        add((rating, RDFS.label, literal(f"Rating of {claimed}: {grade}", lang="en")))
        add((rating, SCHEMA.alternateName, literal(grade)))
        add((rating, SCHEMA.ratingExplanation, literal(explanation)))
        add((rating, SCHEMA.bestRating, literal(BEST)))
        add((rating, SCHEMA.worstRating, literal(WORST)))
        if grade in RATING_VALUES:
            add((rating, SCHEMA.ratingValue, literal(RATING_VALUES[grade])))
    return graph


# ------------------------------------------------------------------ output


def render(verdicts: list[Verdict], fmt_name: str = "table") -> str:
    """The verdicts as a table with each figure's evidence, as JSON, or as Turtle (ClaimReviews)."""
    from kg.core.serialize import serialize
    from kg.sparql.output import table

    if fmt_name == "json":
        return json.dumps([v.as_dict() for v in verdicts], indent=2, ensure_ascii=False) + "\n"
    if fmt_name == "turtle":
        return serialize(reviews(verdicts), "turtle").decode("utf-8")
    rows = [[Literal(v.grade), v.figure.node, Literal(v.figure.stated), Literal(v.arithmetic or v.reason),
             Literal(v.accepted_text), Literal(fmt(v.gap, sign=True) if v.gap is not None else "")]
            for v in verdicts]
    out = [table(["verdict", "figure", "stated", "arithmetic", "accepted", "gap"], rows), ""]
    for v in verdicts:
        out.append(f"{local(v.figure.node)}: {v.grade}")
        out.append(f"  why         {v.explanation}")
        if v.arithmetic:
            out.append(f"  arithmetic  {v.arithmetic}")
        if v.accepted is not None:
            out.append(f"  stated      {v.accepted_words()}")
        out.append(f"  test        {v.rating}: {v.reason}")
        out.extend(f"  note        {note}" for note in v.notes)
        out.append(f"  claim       {v.figure.voice}: {v.figure.evidence_text(100)}")
        for role, source in v.inputs:
            out.append(f"  {role:11} {operand(source)} = {named(source.node)} "
                       f"({source.voice}): {source.evidence_text(100)}")
        out.append("")
    counts = {grade: sum(v.grade == grade for v in verdicts) for grade in GRADES}
    out.append(", ".join(f"{n} {grade}" for grade, n in counts.items()))
    return "\n".join(out) + "\n"
