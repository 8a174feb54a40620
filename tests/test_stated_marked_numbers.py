"""A number read from another sentence is stated where a marker cites that sentence (probe rules-8, finding 6):
once the word rules read numbers by value (tests/test_stated_numbers.py) they read them from the node's evidence
alone, and refused a gist or label whose number an oo:inferredValue vouches for, as the shapes' message tells the
curator to mark it ('a number read from another sentence goes in an oo:inferredValue for oo:gist, with that
sentence as its evidence'); its words were, and its numbers are, the marker's."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal

from kg.core.namespaces import OA, OI, OO, RDF, RDFS
from kg.validation.stated import label_words_unstated, summary_words_unstated


def _marked(prop, value: str, marker_evidence: str, gist: bool = True) -> Graph:
    graph = Graph()
    node, report, span, marker, other = OI["r009-st"], OI["r009"], BNode(), BNode(), BNode()
    graph.add((report, RDFS.label, Literal("Report 009: a probe", lang="en")))
    graph.add((node, RDF.type, OO.ReportedStatement))
    graph.add((node, OO.inReport, report))
    graph.add((node, OO.evidence, span))
    graph.add((span, OA.exact, Literal("They are relatively small numbers")))
    graph.add((node, RDFS.label, Literal("The 350 admitted are relatively small numbers (report 009)", lang="en")))
    if gist:
        graph.add((node, OO.gist, Literal("The 350 admitted are relatively small numbers.")))
    graph.add((node, OO.inferredValue, marker))
    graph.add((marker, OO.inferredProperty, prop))
    graph.add((marker, RDF.value, Literal(value)))
    graph.add((marker, OO.evidence, other))
    graph.add((other, OA.exact, Literal(marker_evidence)))
    return graph


def test_a_number_a_marker_cites_is_stated_in_a_gist_and_a_label():
    graph = _marked(OO.gist, "the 350 admitted", "the UK had admitted a total of 350 migrants")
    assert summary_words_unstated(graph) == [] and label_words_unstated(graph) == []
    alone = _marked(OO.value, "350 admitted", "the UK had admitted a total of 350 migrants", gist=False)  # the label's own
    assert label_words_unstated(alone) == []
    unwritten = _marked(OO.value, "350 admitted", "the UK had admitted a total of 281 migrants", gist=False)
    assert ["says ['350']" in str(p) for p in label_words_unstated(unwritten)] == [True]


def test_a_number_the_markers_sentence_does_not_write_is_not():
    graph = _marked(OO.gist, "the 350 admitted", "the UK had admitted a total of 281 migrants")
    assert ["says ['350']" in str(p) for p in summary_words_unstated(graph)] == [True]
