"""The ontology documents itself and is aligned with the vocabularies generic clients know."""

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.namespaces import OO, ONTOLOGY_IRI, ORG, PROV, SCHEMA

ONTOLOGY = URIRef(ONTOLOGY_IRI)


def terms(ontology, kind):
    return sorted(s for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(OO)))


def test_ontology_header_has_title_description_version_and_licence(sources):
    ontology = sources.ontology
    for predicate in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license):
        assert ontology.value(ONTOLOGY, predicate) is not None, predicate


def test_every_class_and_property_has_a_label_and_a_definition(sources):
    ontology = sources.ontology
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    undocumented = [t for kind in kinds for t in terms(ontology, kind)
                    if ontology.value(t, RDFS.label) is None or ontology.value(t, SKOS.definition) is None]
    assert undocumented == []
    assert len(terms(ontology, OWL.Class)) >= 25


def test_core_classes_are_aligned_with_standard_vocabularies(sources):
    ontology = sources.ontology
    expected = {
        OO.Report: SCHEMA.NewsArticle, OO.Figure: SCHEMA.Observation, OO.DirectQuote: SCHEMA.Quotation,
        OO.Person: PROV.Person, OO.Organisation: ORG.Organization, OO.Post: ORG.Post,
        OO.PostHolding: ORG.Membership, OO.Agreement: SCHEMA.Legislation, OO.Indicator: SKOS.Concept,
        OO.Derivation: PROV.Activity, OO.Country: SCHEMA.Country, OO.Event: SCHEMA.Event,
    }
    for ours, theirs in expected.items():
        assert (ours, RDFS.subClassOf, theirs) in ontology, (ours, theirs)


def test_every_class_used_in_the_data_is_defined(sources):
    used = {o for o in sources.data.objects(None, RDF.type) if str(o).startswith(str(OO))}
    defined = set(sources.ontology.subjects(RDF.type, OWL.Class))
    assert used - defined == set()


def test_every_ontology_term_used_in_the_data_exists(sources):
    ontology = sources.ontology
    used = {t for triple in sources.data for t in triple if isinstance(t, URIRef) and str(t).startswith(str(OO))}
    assert sorted(t for t in used if (t, None, None) not in ontology) == []
