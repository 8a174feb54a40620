"""The stated rules compare a number by its value (probe rules-8, findings 1-2): a label or gist that writes a number
otherwise than its evidence ('16969' for '16,969', '6 months' for 'six months', '£50m' for '£50 million', '1.6%'
for '1.6 per cent') says no more than the source; one that gives a piece of the evidence's number ('41' of
'41,472') or another number says more. The rules split neither number into words."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from kg.core.namespaces import OA, OI, OO, RDF, RDFS
from kg.validation.stated import label_words_unstated, summary_words_unstated

EVIDENCE = ("Dozens more were admitted. Thousands protest. A total of 41,472 migrants arrived in the UK in 2025, 1.6 per cent more; the government is sued for "
            "£50 million; the deal was signed six months ago and 70 were admitted.")


def _node(label: str | None = None, gist: str | None = None, evidence: str = EVIDENCE) -> Graph:
    graph = Graph()
    node, report, span = OI["r009-fig"], OI["r009"], OI["r009-span"]
    graph.add((report, RDFS.label, Literal("Report 009: a report of the probe", lang="en")))
    graph.add((node, RDF.type, OO.Figure))
    graph.add((node, OO.inReport, report))
    graph.add((node, OO.evidence, span))
    graph.add((span, OA.exact, Literal(evidence)))
    if label:
        graph.add((node, RDFS.label, Literal(label, lang="en")))
    if gist:
        graph.add((node, OO.gist, Literal(gist)))
    return graph


@pytest.mark.parametrize("label", [
    "41472 migrants arrived in the UK in 2025 (report 009, report)",
    "Deal signed 6 months ago (report 009)",
    "Seventy admitted (report 009)",
    "Government sued for £50m (report 009)",
    "1.6% more migrants (report 009)",
])
def test_a_label_that_writes_its_evidences_number_otherwise_is_stated(label):
    assert [str(p) for p in label_words_unstated(_node(label=label))] == []


@pytest.mark.parametrize("label, unsaid", [
    ("41 migrants arrived in the UK in 2025 (report 009, report)", "'41'"),  # a piece of 41,472
    ("1.7 per cent more migrants (report 009)", "'1.7'"),
    ("9 admitted (report 009)", "'9'"),  # the report's name, 'Report 009', writes no 9 of the node's
    ("70 admitted since August 2024 (report 009)", "'august', '2024'"),
    ("41,472 deported, 2 more (report 009)", "'deported', '2'"),  # in the label's order: not the 2 of 41,472
    ("A dozen more were admitted (report 009)", "'a dozen'"),  # 12: the evidence's 'dozens' is no number
    ("A thousand arrived in the UK in 2025 (report 009)", "'a thousand'"),
])
def test_a_label_that_gives_a_number_its_evidence_does_not_write_says_more(label, unsaid):
    problems = [str(p) for p in label_words_unstated(_node(label=label))]
    assert len(problems) == 1 and f"its label says [{unsaid}]" in problems[0], problems


def test_a_gist_is_read_by_its_numbers_values_too():
    assert summary_words_unstated(_node(gist="The deal was signed 6 months ago; 70 were admitted.")) == []
    problems = [str(p) for p in summary_words_unstated(_node(gist="A total of 41 migrants arrived, a ratio of 1.2."))]
    assert len(problems) == 1 and "says ['41', 'ratio', '1.2']" in problems[0], problems
