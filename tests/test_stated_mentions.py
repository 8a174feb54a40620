"""label-stated reads who states a figure both ways the ontology lets the data say it (probe rules-8, finding 4): a
figure labelled with its speaker's name ('69 more ... (report 000, Badenoch)') is stated whether the statement
says oo:mentionsFigure the figure or the figure says oo:mentionedIn the statement (its owl:inverseOf); the rule read
only the first, and refused the second with 'its label says ['badenoch'], its evidence does not'."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from kg.core.namespaces import OA, OI, OO, RDF, RDFS
from kg.validation.stated import label_words_unstated


def _figure_stated_by_badenoch(link) -> Graph:
    graph = Graph()
    figure, statement, report, span = OI["r009-fig"], OI["r009-st"], OI["r009"], OI["r009-span"]
    graph.add((report, RDFS.label, Literal("Report 009: a probe", lang="en")))
    graph.add((OI["kemi-badenoch"], RDFS.label, Literal("Kemi Badenoch", lang="en")))
    graph.add((statement, OO.speaker, OI["kemi-badenoch"]))
    graph.add((figure, RDF.type, OO.Figure))
    graph.add((figure, OO.inReport, report))
    graph.add((figure, OO.evidence, span))
    graph.add((span, OA.exact, Literal("the deal results in 69 MORE illegal immigrants coming to the UK")))
    graph.add((figure, RDFS.label, Literal("69 more illegal immigrants coming to the UK (report 009, Badenoch)", lang="en")))
    graph.add(link(figure, statement))
    return graph


@pytest.mark.parametrize("link", [lambda figure, statement: (statement, OO.mentionsFigure, figure),
                                  lambda figure, statement: (figure, OO.mentionedIn, statement)],
                         ids=["mentionsFigure", "mentionedIn"])
def test_a_figures_label_may_name_the_speaker_of_the_statement_that_mentions_it_either_way(link):
    assert [str(p) for p in label_words_unstated(_figure_stated_by_badenoch(link))] == []
