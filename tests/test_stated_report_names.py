"""label-stated lets a label name its report, not say the report's description (probe rules-8, finding 5): a
report labelled 'Report 002 - Dozens more migrants have arrived ...' (a dash where the convention has a colon)
made every word of that description a word every label of the report could say ('Mahmood: the deal is deporting
dozens more migrants' passed on evidence that says only 'the figure was already growing')."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from kg.core.namespaces import OA, OI, OO, RDF, RDFS
from kg.validation.stated import label_words_unstated


def _statement(report_label: str, label: str) -> Graph:
    graph = Graph()
    node, report, span = OI["r009-st"], OI["r009"], OI["r009-span"]
    graph.add((report, RDFS.label, Literal(report_label, lang="en")))
    graph.add((node, RDF.type, OO.DirectQuote))
    graph.add((node, OO.inReport, report))
    graph.add((node, OO.evidence, span))
    graph.add((span, OA.exact, Literal("Mahmood said the figure was already growing")))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    return graph


@pytest.mark.parametrize("report_label", [
    "Report 009: Dozens more migrants arrived than were deported under the deal",
    "Report 009 - Dozens more migrants arrived than were deported under the deal",
    "Report 009 Dozens more migrants arrived than were deported under the deal",
])
def test_a_label_names_its_report_but_says_none_of_its_description(report_label):
    assert label_words_unstated(_statement(report_label, "Mahmood: the figure is already growing (report 009)")) == []
    problems = [str(p) for p in label_words_unstated(_statement(report_label, "Mahmood: dozens more deported (report 009)"))]
    assert len(problems) == 1 and "its label says ['dozens', 'deported']" in problems[0], problems
