"""The release files the engine writes (kg.graph.release): every graph in every syntax holds its triples,
whatever is empty."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from kg.graph.release import graph_files

BASE = {("<https://w3id.org/oioo/id/a>", "<http://www.w3.org/2000/01/rdf-schema#label>", '"a"@en'),
        ("_:b1", "<https://w3id.org/oioo/ontology#p>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("<https://w3id.org/oioo/id/a>", "<https://w3id.org/oioo/ontology#q>", "_:b1")}
INFERRED = {("<https://w3id.org/oioo/id/a>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
             "<https://w3id.org/oioo/ontology#Thing>"),
            ("_:b1", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/oioo/ontology#Node>")}


@pytest.mark.parametrize("base, inferred", [(BASE, INFERRED), (BASE, set()), (set(), INFERRED), (set(), set())],
                         ids=["both", "nothing inferred", "nothing asserted", "empty"])
def test_every_graph_in_every_syntax_holds_its_triples(base, inferred, tmp_path):
    entries = graph_files(base, inferred, tmp_path)
    for name, size in (("oioo-base", len(base)), ("oioo-inferred", len(inferred)), ("oioo-full", len(base | inferred))):
        read = {fmt: Graph().parse(tmp_path / f"{name}.{extension}", format=fmt)
                for extension, fmt in (("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld"))}
        assert {len(graph) for graph in read.values()} == {size}, name
        assert entries[f"{name}.jsonld"]["triples"] == size
        json.loads((tmp_path / f"{name}.jsonld").read_text())
