"""What the build's reasoner refuses as inconsistent, kg validate reports first: a thing of owl:Nothing, or of
two classes the ontology says are disjoint (by its stated types or by those its properties' domains and ranges
give it), is a located finding on both engines, and the build's refusal names where the thing is described.
Before, `kg validate` said "Conforms" of such data and `kg build` then refused it in owlrl's words, with full
IRIs and no file (a hostile read of the two engines found it)."""

from __future__ import annotations

import json

import pytest

from kg import engines
from kg.validation.inconsistency import CONSISTENCY_RULE
from kg.validation.locate import located

INCONSISTENT = """@prefix oi: <https://w3id.org/oioo/id/> .
@prefix oo: <https://w3id.org/oioo/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

oi:nobody a owl:Nothing .

oi:someone-unnamed a oo:UnnamedAgent ;
    oo:nationality oi:france .
"""


@pytest.fixture
def inconsistent_project(bare_project):
    (bare_project.root / "data" / "extra.ttl").write_text(INCONSISTENT, encoding="utf-8")
    return bare_project


def consistency_findings(project, engine: str) -> list[dict]:
    report = located(engines.findings(project, engine), project.root)
    return [f.as_dict() for f in report.findings if f.rule == CONSISTENCY_RULE]


def test_kg_validate_reports_each_thing_the_reasoner_finds_inconsistent_alike_on_both_engines(inconsistent_project):
    found = consistency_findings(inconsistent_project, "oxigraph")
    assert found == consistency_findings(inconsistent_project, "reference")
    by_focus = {f["focus"]: f for f in found}
    assert sorted(by_focus) == ["oi:nobody", "oi:someone-unnamed"]
    nobody = by_focus["oi:nobody"]
    assert (nobody["severity"], nobody["path"], nobody["value"]) == ("Violation", "rdf:type", "owl:Nothing")
    assert (nobody["location"]["file"], nobody["location"]["line"]) == ("data/extra.ttl", 5)
    unnamed = by_focus["oi:someone-unnamed"]  # a person by oo:nationality's domain: the type is inferred
    assert set(unnamed["value"].split()) == {"oo:UnnamedAgent", "oo:Person"}
    assert "owl:disjointWith" in unnamed["message"] and "oo:UnnamedAgent and oo:Person" in unnamed["message"]
    assert (unnamed["location"]["file"], unnamed["location"]["line"]) == ("data/extra.ttl", 7)


def test_a_thing_of_owl_nothing_is_one_finding_not_one_for_each_disjoint_pair(inconsistent_project):
    """owl:Nothing is below every class: owlrl also finds oi:nobody in each of the ontology's disjoint pairs."""
    found = consistency_findings(inconsistent_project, "oxigraph")
    assert [f["value"] for f in found if f["focus"] == "oi:nobody"] == ["owl:Nothing"]


def test_kg_validate_fails_where_kg_build_would_refuse_and_the_build_names_the_place(kg, inconsistent_project):
    validated = kg("validate", "--format", "json", project=inconsistent_project)
    assert validated.exit_code == 1, validated.output
    rules = {(f["focus"], f["rule"]) for f in json.loads(validated.output)["results"]}
    assert {("oi:nobody", CONSISTENCY_RULE), ("oi:someone-unnamed", CONSISTENCY_RULE)} <= rules
    hooked = kg("validate", str(inconsistent_project.root / "data" / "extra.ttl"), project=inconsistent_project)
    assert hooked.exit_code == 1 and hooked.output.count(f"rule:    {CONSISTENCY_RULE}") == 2, hooked.output  # pre-commit's
    built = kg("build", "--no-cache", project=inconsistent_project)
    assert built.exit_code == 1
    assert "data/extra.ttl:5:1: oi:nobody is an owl:Nothing" in built.output
    assert "data/extra.ttl:7:1: oi:someone-unnamed is a member of two classes" in built.output
    assert "https://w3id.org/oioo" not in built.output  # prefixed names, as every other message


def test_a_consistent_project_has_no_consistency_finding(small_project):
    assert consistency_findings(small_project, "oxigraph") == []


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_equality_the_ontology_states_is_said_as_stated_not_as_a_rules_work(kg, bare_project, engine):
    """owl:sameAs written in the project's ontology: the build said that a functional property's two values made
    the two things one and that kg validate names the facts, which it does not: there are none."""
    with (bare_project.root / "ontology" / "oioo.ttl").open("a", encoding="utf-8") as ontology:
        ontology.write("\n<https://w3id.org/oioo/id/shabana-mahmood> owl:sameAs <https://example.org/sm> .\n")
    built = kg("build", "--no-cache", "--engine", engine, project=bare_project)
    assert built.exit_code == 1
    assert ("the ontology states that two things are one (owl:sameAs), and the reasoner would merge all that is "
            "said of either: <https://example.org/sm> and oi:shabana-mahmood. Use one IRI") in built.output
    assert "kg validate names the facts" not in built.output and "more like it" not in built.output
