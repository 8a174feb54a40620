"""OWL-RL reasoning: inferred triples kept apart; inconsistency fails."""

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.core.namespaces import OI, OO, PROV, SCHEMA
from kg.validation.inconsistency import InconsistencyError
from kg.reference.reason import infer


def test_inferred_triples_are_only_the_new_ones(sources, inferred):
    asserted = sources.asserted()
    assert len(inferred) > 0
    assert not any(triple in asserted for triple in inferred)


def test_alignment_makes_reports_news_articles_and_speakers_prov_agents(inferred):
    assert (OI.r000, RDF.type, SCHEMA.NewsArticle) in inferred
    assert (OI["shabana-mahmood"], RDF.type, PROV.Agent) in inferred


def test_mentioned_in_is_inferred_from_mentions_figure(sources, inferred):
    asserted = sources.asserted()
    statement, figure = next(iter(asserted.subject_objects(OO.mentionsFigure)))
    assert (figure, OO.mentionedIn, statement) in inferred


def test_a_statement_both_direct_and_reported_is_inconsistent(sources):
    bad = Graph()
    for triple in sources.ontology:
        bad.add(triple)
    bad.add((OI.s, RDF.type, OO.DirectQuote))
    bad.add((OI.s, RDF.type, OO.ReportedStatement))
    with pytest.raises(InconsistencyError, match="inconsistent"):
        infer(bad)
