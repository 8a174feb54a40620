"""Every saved query gives the same answer on every engine, each parameter bound and unbound.

The engines bind parameters differently: Oxigraph substitutes projected variables (pyoxigraph
`substitutions`), rdflib binds before evaluating (`initBindings`), a remote endpoint gets a VALUES
clause (tests/test_remote.py). The saved queries are written so that all of them agree
(kg/sparql/saved.py says how); this proves it on the seed data and on a generated corpus, on the same
release, row for row and in the same order.
"""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.sources.generate import generate
from kg.build import pipeline as engine_build
from kg.sources.project import Project
from kg.query.store import open_store
from kg.sparql.run import answer
from kg.sparql.saved import load_queries
from kg.reference import query as reference_query
from kg.reference.build import full_graph

NOWHERE = "oi:no-such-thing"
# What a parameter names, to find values for it in the data (a query's own column gives the rest).
CANDIDATES = {
    "person": "SELECT DISTINCT ?x WHERE { ?s oo:speaker ?x } ORDER BY ?x LIMIT 3",
    "report": "SELECT DISTINCT ?x WHERE { ?x a oo:Report } ORDER BY ?x LIMIT 3",
    "figure": "SELECT DISTINCT ?x WHERE { ?x a oo:DerivedFigure } ORDER BY ?x LIMIT 2",
    "indicator": "SELECT DISTINCT ?x WHERE { ?f oo:indicator ?x } ORDER BY ?x LIMIT 3",
    "about": "SELECT DISTINCT ?x WHERE { ?s oo:about ?x } ORDER BY ?x LIMIT 3",
    "kind": "SELECT DISTINCT ?x WHERE { ?d oo:kind ?x } ORDER BY ?x LIMIT 3",
    "verdict": "SELECT DISTINCT ?x WHERE { ?r schema:alternateName ?x } ORDER BY ?x LIMIT 3",
    "value": "SELECT DISTINCT ?x WHERE { ?f oo:value ?x } ORDER BY ?x LIMIT 3",
}


def key(term):
    """A term as it is written: a number too. (Numbers were compared by value: Oxigraph answered the
    "69.0" that rdflib's Turtle wrote into dist/checks.ttl as 69. kg writes "69" there now, and refuses a
    form the store answers otherwise in the data: tests/test_datatypes.py.) A plain literal is an xsd:string."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return ("text", str(term), None)
    if isinstance(term, Literal):
        return ("literal", str(term), term.language, term.datatype)
    return (type(term).__name__, str(term))


def rows(result) -> list:
    return [tuple(None if t is None else key(t) for t in row) for row in result.rows]


@pytest.fixture(scope="module", params=["seed", "corpus"])
def released(request, tmp_path_factory, project):
    """A project built once by the engine: (project, Oxigraph store, reference graph) over the same release."""
    target = tmp_path_factory.mktemp(f"engines-{request.param}")
    if request.param == "seed":
        for name in ("ontology", "data", "queries"):
            shutil.copytree(project.root / name, target / name)
    else:
        generate(project, target, reports=6, seed=11)
        shutil.rmtree(target / "queries")
        shutil.copytree(project.root / "queries", target / "queries")
    copy = Project(target)
    engine_build.build(copy)
    return copy, open_store(copy, in_memory=True), full_graph(copy)


def cases(project, store):
    """(query, given parameters): defaults, each parameter bound to values from the data, and to an
    IRI that is in no data; optional parameters also left unbound."""
    for name, saved in sorted(load_queries(project.queries_dir).items()):
        yield name, {}
        for parameter in saved.parameters:
            found = answer(store, CANDIDATES[parameter.name]) if parameter.name in CANDIDATES else None
            values = [str(row[0]) for row in found.rows] if found else []
            if parameter.type == "iri":
                values = [f"<{v}>" for v in values] + [NOWHERE]
            assert values, f"no value to try for {name}'s parameter {parameter.name}"
            for value in values:
                yield name, {parameter.name: value}


def test_every_saved_query_answers_the_same_on_every_engine(released):
    project, store, graph = released
    queries = load_queries(project.queries_dir)
    checked, nonempty = 0, 0
    for name, given in cases(project, store):
        saved = queries[name]
        bindings = saved.bindings(given)
        expected = reference_query.answer(graph, saved.text, bindings)
        found = answer(store, saved.text, bindings)
        assert found.variables == expected.variables, name
        assert rows(found) == rows(expected), (name, given)
        checked += 1
        nonempty += bool(found.rows)
    assert checked >= 40 and nonempty >= 25


def test_every_optional_parameter_unbound_means_all(released):
    """Left unset, an optional parameter matches anything: each value of its column, bound, gives the
    rows with that value (so the unbound answer is the union of the bound ones)."""
    project, store, _ = released
    for saved in load_queries(project.queries_dir).values():
        optional = [p for p in saved.parameters if not p.required and p.type == "iri"]
        for parameter in optional:
            everything = answer(store, saved.text, saved.bindings({}))
            column = everything.variables.index(parameter.variable)
            values = sorted({row[column] for row in everything.rows if row[column] is not None}, key=str)[:3]
            for value in values:
                bound = answer(store, saved.text, saved.bindings({parameter.name: f"<{value}>"}))
                assert bound.rows and all(row[column] == value for row in bound.rows), (saved.name, value)
                assert len(bound.rows) == sum(row[column] == value for row in everything.rows), (saved.name, value)


def test_adhoc_queries_answer_the_same(released):
    _, store, graph = released
    for text in ("SELECT ?kind (COUNT(?x) AS ?n) WHERE { ?x a ?kind } GROUP BY ?kind ORDER BY ?kind",
                 "ASK { ?s oo:mentionedIn ?o }",
                 "SELECT ?s ?label WHERE { ?s a oo:Official ; rdfs:label ?label } ORDER BY ?label",
                 "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a oo:Report ; rdfs:label ?l }"):
        expected, found = reference_query.answer(graph, text), answer(store, text)
        assert found.form == expected.form
        assert found.boolean == expected.boolean
        assert rows(found) == rows(expected)
        assert {tuple(map(key, t)) for t in found.triples} == {tuple(map(key, t)) for t in expected.triples}


def test_a_parameter_iri_in_no_data_answers_nothing_on_either_engine(released):
    project, store, graph = released
    saved = load_queries(project.queries_dir)["figures-by-person"]
    bindings = saved.bindings({"person": NOWHERE})
    assert bindings and list(bindings.values())[0] == URIRef("https://w3id.org/oioo/id/no-such-thing")
    assert answer(store, saved.text, bindings).rows == reference_query.answer(graph, saved.text, bindings).rows == []


def test_quote_fidelity_lists_reports_in_the_order_of_their_iris_inside_the_datas_namespace_or_out(released):
    """quote-fidelity sorts each report by keys held in the row (where its IRI stands against the data's
    namespace, then its name in it), not by its IRI: Oxigraph read both IRIs from the store at every comparison
    of its sort. The keys keep the IRIs' order: with two reports moved out of the namespace, one to an IRI
    before it and one after, both engines list the rows by speaker, then report A's IRI and start, then report
    B's IRI and start."""
    import pyoxigraph as ox

    project, _, graph = released
    moved = {}  # one IRI that sorts before the data's namespace, one after it
    for report, host in zip(sorted({s for s in graph.subjects(None, None) if str(s).rsplit("/", 1)[-1] in ("r000", "r001")}),
                            ("example.org", "zz.example.org")):
        moved[report] = URIRef(f"https://{host}/{str(report).rsplit('/', 1)[-1]}")
    assert len(moved) == 2
    elsewhere = Graph()
    for triple in graph:
        elsewhere.add(tuple(moved.get(term, term) for term in triple))
    store = ox.Store()
    store.load(elsewhere.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    saved = load_queries(project.queries_dir)["quote-fidelity"]
    found = answer(store, saved.text, saved.bindings({}))
    assert rows(found) == rows(reference_query.answer(elsewhere, saved.text, saved.bindings({})))
    column = {name: found.variables.index(name) for name in ("speakerName", "reportA", "startA", "reportB", "startB")}
    order = [(str(row[column["speakerName"]]), str(row[column["reportA"]]), int(row[column["startA"]]),
              str(row[column["reportB"]]), int(row[column["startB"]])) for row in found.rows]
    assert {r for _, a, _, b, _ in order for r in (a, b)} >= {str(m) for m in moved.values()}
    assert order == sorted(order)
