"""The SPARQL checks in queries/checks/ that `kg validate` runs: each returns no rows on the real data
and at least one row, naming the offending figure first, on a small graph that breaks its rule."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.reference.query import answer as reference_answer
from kg.namespaces import OI
from kg.query.saved import load_queries

PREFIXES = """
@prefix oo: <https://w3id.org/oioo/ontology#> .
@prefix oi: <https://w3id.org/oioo/id/> .
"""
OK_FIGURE = "oo:unit oo:People ; oo:indicator oi:ind-x ; oo:comparator oo:Exactly ; oo:statedAs \"1\" ; oo:value 1"

# check name -> (a graph that breaks the rule, the figure it reports)
VIOLATIONS = {
    "derived-figure-without-inputs-or-method": [
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} .", "no oo:derivation"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:input oi:in ; oo:baseline oi:base ."
         f" oi:in {OK_FIGURE} . oi:base {OK_FIGURE} .", "no oo:method"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:method oo:Share ; oo:baseline oi:base ."
         f" oi:base {OK_FIGURE} .", "no oo:input"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:method oo:Share ; oo:input oi:in ."
         f" oi:in {OK_FIGURE} .", "no oo:baseline"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:method oo:Share ; oo:input oi:in ;"
         f" oo:baseline oi:ghost . oi:in {OK_FIGURE} .", "not described as a figure"),
    ],
    "comparator-without-bound": [
        ("oi:bad a oo:Figure ; oo:comparator oo:MoreThan ; oo:value 41000 .", "MoreThan"),
        ("oi:bad a oo:Figure ; oo:comparator oo:Almost ; oo:value 50 .", "Almost"),
    ],
    "share-outside-0-100-percent": [
        ("oi:bad a oo:DerivedFigure ; oo:unit oo:Percent ; oo:value 165.6 ; oo:derivation oi:d ."
         " oi:d oo:method oo:Share .", "165.6"),
        ("oi:share a oo:DerivedFigure ; oo:indicator oi:ind-share ; oo:value 1.6 ; oo:derivation oi:d ."
         " oi:d oo:method oo:Share . oi:bad a oo:Figure ; oo:indicator oi:ind-share ; oo:value -2 .", "-2"),
    ],
    "figure-without-unit-or-indicator": [
        ("oi:bad a oo:Figure ; oo:value 12 ; oo:indicator oi:ind-x .", "no oo:unit"),
        ("oi:bad a oo:DerivedFigure ; oo:value 12 ; oo:unit oo:People .", "no oo:indicator"),
    ],
}


@pytest.fixture(scope="module")
def checks(project):
    return load_queries(project.checks_dir)


def test_the_four_rules_are_checks_with_a_summary(checks):
    assert set(VIOLATIONS) <= set(checks)
    for name in VIOLATIONS:
        assert checks[name].summary and checks[name].description


@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_check_returns_no_rows_on_the_real_data(checks, sources, name):
    rows = reference_answer(sources.asserted(), checks[name].text).rows
    assert rows == [], f"{name}: {rows}"


@pytest.mark.parametrize("name, case", [(n, i) for n, cases in sorted(VIOLATIONS.items()) for i in range(len(cases))])
def test_check_reports_a_graph_that_breaks_its_rule(checks, sources, name, case):
    text, detail = VIOLATIONS[name][case]
    graph = Graph()
    for triple in sources.ontology:  # the checks follow rdfs:subClassOf, as in validation
        graph.add(triple)
    graph.parse(data=PREFIXES + text, format="turtle")
    rows = reference_answer(graph, checks[name].text).rows
    assert rows, f"{name} found nothing in: {text}"
    assert rows[0][0] == OI.bad  # the first column is the focus node
    assert any(detail in " ".join(str(v) for v in row) for row in rows)


def test_kg_validate_runs_the_checks_and_names_the_rule(kg, project_copy):
    (project_copy.root / "data" / "zz-derived.ttl").write_text(PREFIXES + """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
oi:orphan-derived a oo:DerivedFigure ; rdfs:label "x" ; oo:unit oo:People ; oo:indicator oi:ind-net-inflow ;
    oo:comparator oo:Exactly ; oo:statedAs "70" ; oo:value 70 ; oo:inReport oi:r000 .
""", encoding="utf-8")
    result = kg("validate", project=project_copy)
    assert result.exit_code == 1
    assert "Violation: oi:orphan-derived  [data/zz-derived.ttl]" in result.output
    assert "rule:    derived-figure-without-inputs-or-method" in result.output
    assert 'value:   "no oo:derivation"' in result.output
