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


def test_owlrl_keeps_each_inconsistency_once_in_the_order_found_without_scanning_them_all_each_time():
    """owlrl checked each new message against every one so far (a list): a class the data makes disjoint with
    itself for 20,000 things took 13.3 s, and a generated example of tests/test_reason_sweeps.py ran for minutes
    (py-spy: in Core.add_error). kg.reference.reason keeps a set beside the list: 7.5 s for the 20,000, the same
    messages in the same order (the time measured by hand, not here)."""
    data = Graph().parse(data="@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <http://example.org/> .\n"
                              "ex:C owl:disjointWith ex:C .\n" + "".join(f"ex:x{i} a ex:C .\n" for i in (3, 1, 2, 1)),
                         format="turtle")
    with pytest.raises(InconsistencyError) as raised:
        infer(data)
    assert raised.value.messages == [f"Disjoint classes http://example.org/C and http://example.org/C have a common "
                                     f"individual http://example.org/x{i}" for i in (1, 2, 3)]


def _stock_owlrl(monkeypatch):
    """kg.reference.reason as it would run owlrl untouched: rdflib's default store and namespaces."""
    import owlrl
    import rdflib

    import kg.reference.reason as reference

    monkeypatch.setattr(owlrl.OWLRL, "OWL", rdflib.OWL)
    monkeypatch.setattr(owlrl.OWLRL, "RDF", rdflib.RDF)
    monkeypatch.setattr(owlrl.OWLRL, "RDFS", rdflib.RDFS)
    monkeypatch.setattr(reference, "Graph", lambda store="default": Graph())


@pytest.mark.parametrize("extra", ["", "oi:r004-st-mahmood-2 a oo:DirectQuote .\n"],
                         ids=["consistent", "inconsistent"])
def test_owlrls_closure_and_messages_are_the_same_with_the_references_lookups_as_without(project, monkeypatch, extra):
    """kg.reference.reason looks owlrl's namespace terms up once and gives it a store that keeps no contexts (5.7 s of
    CPU to 2.4 s for the seed data's closure, measured by hand): owlrl's closure, and its messages, must not change."""
    from kg.core.namespaces import bind_prefixes

    graph = bind_prefixes(Graph())
    graph.parse(project.root / "ontology" / "oioo.ttl", format="turtle")
    graph.parse(project.root / "data" / "report-004.ttl", format="turtle")
    graph.parse(data=_prefixed(graph) + extra, format="turtle")

    def outcome():
        try:
            return set(infer(graph)), []
        except InconsistencyError as error:
            return None, error.messages

    ours = outcome()
    with monkeypatch.context() as stock:
        _stock_owlrl(stock)
        theirs = outcome()
    assert ours == theirs and bool(ours[1]) == bool(extra) and (ours[0] or ours[1])


def _prefixed(graph) -> str:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in graph.namespaces() if prefix)
