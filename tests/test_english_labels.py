"""A label tagged en-GB (or EN, en-US) is English wherever a label is chosen for a reader.

Oxigraph keeps language tags in lower case ("en-GB" is "en-gb"), and the desk, the names a parameter
takes and the analysis's labels looked for the tag "en" exactly: a resource labelled in British English
and in French was shown by its French label, or by the shortest of all its labels.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.analysis.figures import label_of
from kg.query.store import GraphView
from kg.core.namespaces import OI, OO
from kg.query.names import Names
from kg.web.pages import Site


def _store(node: str, labels: list) -> ox.Store:
    store = ox.Store()
    subject = ox.NamedNode(str(OI[node]))
    store.add(ox.Quad(subject, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OO.Organisation))))
    for predicate, text, language in labels:
        store.add(ox.Quad(subject, ox.NamedNode(str(predicate)), ox.Literal(text, language=language)))
    return store


def test_the_desk_names_a_resource_by_its_british_english_label_not_its_french_one(project):
    store = _store("kent-police", [(SKOS.prefLabel, "Police du Kent", "fr"), (RDFS.label, "Kent Police", "en-GB")])
    assert Site(project, store, static=True, endpoint=None).label(OI["kent-police"]) == "Kent Police"


def test_a_parameters_names_show_a_resource_by_its_english_label_whatever_the_tags_case():
    store = _store("kent-police", [(RDFS.label, "Polizei", "de"), (RDFS.label, "Kent County Police", "EN-gb")])
    [(iri, label, keys)] = Names(GraphView(store)).candidates((URIRef(str(OO.Organisation)),))
    assert (iri, label) == (OI["kent-police"], "Kent County Police")
    assert "polizei" in keys  # every label still names it


def test_the_analysis_labels_a_node_in_english_first_with_a_regional_tag():
    graph = Graph()
    graph.add((OI["kent-police"], RDFS.label, Literal("Alpha", lang="de")))
    graph.add((OI["kent-police"], RDFS.label, Literal("Zeta Police", lang="en-GB")))
    assert label_of(graph, OI["kent-police"]) == "Zeta Police"
