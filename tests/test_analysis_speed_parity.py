"""What the analysis reads and writes once, to save time at a million triples, answers as reading and writing
each time did: the literals and nodes the release sink keeps (tests/test_engine_equals_reference.py and
tests/test_analysis_sweeps.py run the whole analysis both ways)."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from kg.namespaces import OI, OO, RDFS, XSD
from kg.rdf.terms import term_string
from kg.rdf.triples import StringTriples


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
