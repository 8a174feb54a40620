"""Never more than the source says, checked over every fact of a class: each audit returns what it finds said
beyond the evidence, the seed data gives nothing, and a fault planted in a copy is named. The evidence's words
are checked against the report texts first (tests/test_evidence_spans.py); these tests skip without them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Literal

from kg.extract.figures import ORDINALS, SET_PHRASES
from kg.extract.text import DIGIT_NUMBER, SCALES, WORD_NUMBER, digit_value, word_value
from kg.graph.spans import check_spans
from kg.namespaces import OA, OI, OO

DATED = (OO.date, OO.referenceYear, OO.periodStart, OO.asOf, OO.startDate, OO.endDate)
_DIGITS = re.compile(rf"({DIGIT_NUMBER})(?:[ -]?({'|'.join(SCALES)})\b)?", re.IGNORECASE)
_NUMBER_WORD = re.compile(rf"\b({WORD_NUMBER}|{'|'.join(ORDINALS)})\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def data(sources, seeds_dir):
    """The seed data, once its evidence is known to be the report texts' words at their offsets."""
    assert check_spans(sources.data, seeds_dir) == []
    return sources.asserted()


def _evidence(graph, node) -> str:
    return "\n".join(str(graph.value(span, OA.exact)) for span in graph.objects(node, OO.evidence))


def _marked(graph, node, prop) -> bool:
    return any(graph.value(m, OO.inferredProperty) == prop for m in graph.objects(node, OO.inferredValue))


def _is_year(digits: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", digits) is not None


def numbers_written(words: str) -> tuple[list[Decimal], list[Decimal]]:
    """The numbers words write in digits (scaled: '£50 million' is 50000000; years apart) and in words
    ('three', 'six months', 'a second time', 'second-highest')."""
    digits = [digit_value(m.group(1)) * SCALES.get((m.group(2) or "").lower(), 1)
              for m in _DIGITS.finditer(words) if not _is_year(m.group(1))]
    spelled = []
    for m in _NUMBER_WORD.finditer(SET_PHRASES.sub(" ", words)):  # 'one in, one out' is a name
        value = ORDINALS.get(m.group(1).lower(), word_value(m.group(1)))
        if value is not None:
            spelled.append(Decimal(value))
    return digits, spelled


def figure_values_unwritten(graph) -> list[str]:
    """Figures whose value (or bound) is not a number their words write: where the words give a number in digits
    that number is the value; where they give one only in words, that one (a figure's sign is its comparison's:
    '9 per cent below' is -9). A value read from words with no number is for the curators' markers, not here."""
    problems = []
    for figure in sorted(set(graph.subjects(OO.statedAs, None))):
        stated, value = str(graph.value(figure, OO.statedAs)), graph.value(figure, OO.value)
        if value is None or _marked(graph, figure, OO.value):
            continue
        digits, spelled = numbers_written(stated)
        written = digits or spelled
        given = {abs(Decimal(str(v))) for v in (value, graph.value(figure, OO.bound)) if v is not None}
        if written and not given & set(written):
            problems.append(f"{figure}: value {value} but its words '{stated}' write {[str(n) for n in written]}")
    return problems


def dates_unstated(graph) -> list[str]:
    """Dates whose year the node's own evidence does not write, with no mark of how they were obtained: oo:dateInferred
    true, an oo:inferredValue for the property, or (a post holding's dates) oo:basis, the public record."""
    problems = []
    for prop in DATED:
        for node, date in sorted(graph.subject_objects(prop)):
            if str(date)[:4] in _evidence(graph, node):
                continue
            if (node, OO.dateInferred, Literal(True)) in graph or _marked(graph, node, prop) \
                    or graph.value(node, OO.basis) is not None:
                continue
            problems.append(f"{node}: {prop.n3(graph.namespace_manager)} {date} is not in its evidence, nor marked")
    return problems


def summary_numbers_unstated(graph) -> list[str]:
    """Numbers in what a statement's gist or a report's claim says that its evidence does not write."""
    problems = []
    for prop in (OO.gist, OO.says):
        for node, summary in sorted(graph.subject_objects(prop)):
            evidence = _evidence(graph, node).replace(",", "")
            for digits in re.findall(DIGIT_NUMBER, str(summary)):
                if digit_value(digits).normalize() != 0 and re.sub(r"[,\s]", "", digits) not in evidence:
                    problems.append(f"{node}: its {prop.n3(graph.namespace_manager)} gives {digits}, its evidence does not")
    return problems


def test_every_number_a_figure_writes_is_its_value(data):
    assert figure_values_unwritten(data) == []


def test_a_figure_whose_value_is_not_the_number_it_writes_is_named(data, sources):
    changed = sources.asserted()
    figure = OI["r002-fig-arrivals-2024-36816-report"]  # '36,816'
    changed.set((figure, OO.value, Literal(36861)))
    assert figure_values_unwritten(changed) == [
        f"{figure}: value 36861 but its words '36,816' write ['36816']"]


def test_numbers_are_read_as_written_scaled_and_in_words():
    assert numbers_written("£50 million") == ([Decimal(50_000_000)], [])
    assert numbers_written("the highest annual total since 2022") == ([], [])
    assert numbers_written("a second time") == ([], [Decimal(2)])
    assert numbers_written("six months") == ([], [Decimal(6)])
    assert numbers_written("9 per cent below") == ([Decimal(9)], [])
    assert numbers_written("under the flagship 'one in, one out' scheme") == ([], [])


def test_every_date_is_written_in_its_evidence_or_marked(data):
    assert dates_unstated(data) == []


def test_a_date_read_from_elsewhere_and_left_unmarked_is_named(data, sources):
    changed = sources.asserted()
    dated = OI["r001-date-operations-began"]  # 'in September of last year'
    changed.remove((dated, OO.dateInferred, None))
    assert dates_unstated(changed) == [f"{dated}: oo:date 2025-09 is not in its evidence, nor marked"]


def test_every_number_in_a_gist_or_claim_is_in_its_evidence(data):
    assert summary_numbers_unstated(data) == []


def test_the_standfirsts_claim_cites_the_whole_standfirst_it_sums_up(data):
    """Report 004's standfirst, 'Home Office confirms removals under pilot returns agreement as arrivals via small
    boats remain high', was cited to 'agreement' while the claim says 'as small-boat arrivals remain high' too."""
    claim = OI["r004-claim-standfirst"]
    assert "remain high" in str(data.value(claim, OO.says))
    assert _evidence(data, claim) == ("Home Office confirms removals under pilot returns agreement as arrivals via "
                                      "small boats remain high")
    (span,) = data.objects(claim, OO.evidence)
    assert (int(data.value(span, OA.start)), int(data.value(span, OA.end))) == (101, 200)
    assert data.value(span, OO.textPart) == OO.Standfirst


def test_mahmoods_gist_keeps_her_concern_and_does_not_make_it_doubt(data):
    """'because the French authorities and us were concerned about whether we could physically handle implementing
    the pilot': the gist said they 'doubted they could handle it', more than a concern about whether they could."""
    gist = str(data.value(OI["r000-st-mahmood-11"], OO.gist))
    assert "doubt" not in gist and "concerned about whether" in gist, gist


def test_each_audit_reads_every_fact_of_its_class(data):
    """The audits above pass because the data is right, not because they read nothing."""
    assert len(set(data.subjects(OO.statedAs, None))) >= 60
    assert sum(1 for prop in DATED for _ in data.subject_objects(prop)) >= 100
    assert sum(1 for prop in (OO.gist, OO.says) for _ in data.subject_objects(prop)) >= 50
