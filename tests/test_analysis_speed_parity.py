"""What the analysis reads and writes once, to save time at a million triples, answers as reading and writing
each time did: the nodes with several values, a node's class, the figures' numbers in words, the literals and
nodes the release sink keeps (tests/test_engine_equals_reference.py and tests/test_analysis_sweeps.py run the
whole analysis both ways)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.analysis.figures import OPERAND, FigureReader, fmt, several_values
from kg.core.namespaces import OI, OO, RDF, RDFS, XSD
from kg.core.terms import term_string
from kg.core.triples import StringTriples, TripleIndex

ONE, TWO, DERIVED = OI["fig-one"], OI["fig-two"], OI["fig-derived"]


def _graphs():
    graph = Graph()
    for node, values in ((ONE, ("3",)), (TWO, ("0", "350")), (DERIVED, ("7",))):
        graph.add((node, OO.indicator, OI["ind"]))
        graph.add((node, RDF.type, OO.Figure))
        for value in values:
            graph.add((node, OO.value, Literal(value, datatype=XSD.decimal)))
    graph.add((DERIVED, RDF.type, OO.DerivedFigure))
    graph.add((TWO, OO.comparator, OO.Exactly))
    graph.add((TWO, OO.comparator, OO.MoreThan))
    return graph, TripleIndex({tuple(map(term_string, triple)) for triple in graph})


@pytest.mark.parametrize("engine", [0, 1], ids=["rdflib", "index"])
def test_several_values_found_once_name_what_each_read_names(engine):
    graph = _graphs()[engine]
    read = FigureReader(graph)
    for asked in ([(ONE, OPERAND)], [(TWO, OPERAND)], [(ONE, OPERAND), (TWO, (OO.comparator, OO.value))],
                  [(Literal("3"), OPERAND)], [(BNode("x"), OPERAND)]):
        assert read.several_values(asked) == several_values(graph, asked)
    assert "two oo:value, 0 and 350" in read.several_values([(TWO, OPERAND)])


@pytest.mark.parametrize("engine", [0, 1], ids=["rdflib", "index"])
def test_a_class_found_once_holds_the_nodes_typed_so(engine):
    graph = _graphs()[engine]
    read = FigureReader(graph)
    for node in (ONE, TWO, DERIVED, OI["elsewhere"], Literal(str(DERIVED)), BNode(str(DERIVED))):
        assert read.is_a(node, OO.DerivedFigure) == ((node, RDF.type, OO.DerivedFigure) in graph)
    assert read[DERIVED].derived and not read[ONE].derived


def test_every_figure_is_read_once_in_iri_order():
    graph = _graphs()[1]
    read = FigureReader(graph)
    first = read.every()
    assert [f.node for f in first] == sorted([ONE, TWO, DERIVED], key=str)
    assert read.every() is first and all(read[f.node] is f for f in first)


@pytest.mark.parametrize("number", ["0", "-0", "1", "1.0", "1.00", "1E+3", "1000", "41472", "-9.5", "0.0000123456",
                                    "-1e-12", "1234567.891011", "Infinity", "-Infinity"])
def test_a_number_written_once_is_written_as_each_time(number):
    """fmt keeps what it wrote for a number: equal numbers, however written (1.0, 1.00), must read alike."""
    for places in (-1, 0, 2, 4, 6, 10):
        for sign in (False, True):
            assert fmt(Decimal(number), places, sign) == fmt.__wrapped__(Decimal(number), places, sign)


def test_literals_made_once_keep_each_lexical_form_and_type():
    sink = StringTriples()
    for value, datatype in (("1.0", XSD.decimal), ("1.00", XSD.decimal), (1, None), (True, None), (4, None),
                            ("1.0", XSD.decimal), (1, None)):
        assert sink.literal(value, datatype=datatype) == term_string(Literal(value, datatype=datatype))
    assert sink.literal("1.0", datatype=XSD.decimal) != sink.literal("1.00", datatype=XSD.decimal)
    assert sink.literal(1) != sink.literal(True)


def test_the_sink_names_each_subject_by_its_own_kind_and_text():
    """The sink makes a subject's string once for the triples that follow with that same subject: a blank node
    and an IRI of the same text, one after the other, stay two nodes."""
    sink = StringTriples()
    for subject in (BNode("n1"), URIRef("n1"), URIRef("n1"), BNode("n1")):
        sink.add((subject, RDFS.label, Literal("x")))
        sink.add((subject, OO.side, OI["a"]))
    assert {s for s, _, _ in sink} == {"_:n1", "<n1>"}
    assert len(sink) == 4 and {t[0] for t in sink.holding} == {"_:n1"}
    assert {p for _, p, _ in sink} == {f"<{RDFS.label}>", f"<{OO.side}>"}
