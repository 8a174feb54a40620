"""A term no vocabulary has is named where it is written, by both engines (kg.validation.undefined): SHACL
only judges what its shapes target, so before, a misspelt property (oo:speakr), class (oo:Persn), value of
the ontology's (oo:Exactlyy) or schema.org term (schema:nme) was released without a word."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kg.validation.undefined import Vocabulary
from kg.core.namespaces import OI, OO

PREFIXES = """@prefix oo: <https://w3id.org/oioo/ontology#> .
@prefix oi: <https://w3id.org/oioo/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix schema: <https://schema.org/> .
"""
ENGINES = ["oxigraph", "reference"]
MISSPELT = """oi:chris-philp a oo:Persn ;
    oo:speakr oi:shabana-mahmood ;
    schema:nme "Chris" ;
    oo:comparator oo:Exactlyy ;
    oi:knows oi:keir-starmer ;
    <http://schema.org/name> "Chris" ;
    <urn:example:likes> "tea" .
"""


def findings_of(kg, project, engine: str, body: str, rule: str = "vocabulary") -> tuple[int, list]:
    (project.root / "data" / "zz-terms.ttl").write_text(PREFIXES + body)
    result = kg("validate", "--engine", engine, "--format", "json", project=project)
    return result.exit_code, [f for f in json.loads(result.output)["results"] if f["rule"] == rule]


@pytest.mark.parametrize("engine", ENGINES)
def test_each_misspelt_term_is_named_with_its_file_line_and_the_term_meant(kg, bare_project, engine):
    code, found = findings_of(kg, bare_project, engine, MISSPELT)
    assert code == 1
    by_line = {(f["location"]["line"], f["severity"]): f for f in found}
    expected = {  # line in the file (the prefixes take 4): severity, the term's words, the term meant
        (5, "Violation"): ("oo:Persn, used as a class", "did you mean oo:Person?"),
        (6, "Violation"): ("oo:speakr, used as a property", "did you mean oo:speaker?"),
        (7, "Violation"): ("schema:nme, used as a property: not a term of https://schema.org/", "did you mean schema:name?"),
        (8, "Violation"): ("oo:Exactlyy, used as a value", "did you mean oo:Exactly?"),
        (9, "Violation"): ("oi:knows, used as a property", "use a term the ontology declares"),
        (10, "Warning"): ("<http://schema.org/name>, used as a property", "did you mean schema:name?"),
        (11, "Warning"): ("<urn:example:likes>, used as a property", "declare the term in the ontology"),
    }
    assert set(by_line) == set(expected), found
    for key, words in expected.items():
        assert all(word in by_line[key]["message"] for word in words), by_line[key]
        assert by_line[key]["location"]["file"] == "data/zz-terms.ttl"
        assert by_line[key]["focus"] == "oi:chris-philp"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_thing_no_data_file_describes_is_named_with_the_thing_meant(kg, bare_project, engine):
    """oo:about, schema:about and oo:relayedBy have no shape that checks their value's class: a misspelt
    thing there ("oi:uk-france-retuns-agreement") was released as a link to nothing."""
    code, found = findings_of(kg, bare_project, engine, "oi:chris-philp schema:about oi:uk-france-retuns-agreement ;\n"
                                                        "    schema:about oi:uk-france-returns-agreement .\n", rule="reference")
    assert code == 1
    [finding] = found
    assert finding["location"] == {"file": "data/zz-terms.ttl", "line": 5, "column": 16, "endLine": 5, "endColumn": 58}
    assert finding["message"] == ("oi:uk-france-retuns-agreement, used as a value: no data file describes it (a misspelt "
                                  "name, or a thing not added yet): did you mean oi:uk-france-returns-agreement?")


def test_both_engines_name_the_same_findings(kg, bare_project):
    found = {engine: findings_of(kg, bare_project, engine, MISSPELT)[1] for engine in ENGINES}
    assert found["oxigraph"] == found["reference"] and found["oxigraph"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_term_the_data_declares_itself_is_a_term(kg, bare_project, engine):
    code, found = findings_of(kg, bare_project, engine, "oo:mentor a owl:ObjectProperty .\n"
                                                        "oi:chris-philp oo:mentor oi:keir-starmer ; oo:mentors oi:keir-starmer .\n")
    assert [f["path"] for f in found] == ["oo:mentors"], found


@pytest.mark.parametrize("engine", ENGINES)
def test_a_term_newer_than_its_vocabularys_list_is_a_term_once_the_ontology_names_it(kg, bare_project, engine):
    body = "oi:chris-philp schema:fancyNewProperty \"x\" .\n"
    code, found = findings_of(kg, bare_project, engine, body)
    assert [f["severity"] for f in found] == ["Violation"] and "name it in the ontology" in found[0]["message"]
    with (bare_project.root / "ontology" / "oioo.ttl").open("a", encoding="utf-8") as ontology:
        ontology.write("\n<https://w3id.org/oioo/ontology#Statement> <http://www.w3.org/2000/01/rdf-schema#seeAlso> "
                       "<https://schema.org/fancyNewProperty> .\n")
    assert findings_of(kg, bare_project, engine, body)[1] == []


def test_the_build_refuses_a_misspelt_property_and_keeps_the_release(kg, bare_project):
    assert kg("build", "-q", project=bare_project).exit_code == 0
    before = (bare_project.root / "dist" / "manifest.json").read_bytes()
    (bare_project.root / "data" / "zz-terms.ttl").write_text(PREFIXES + "oi:chris-philp oo:speakr oi:keir-starmer .\n")
    result = kg("build", "-q", project=bare_project)
    assert result.exit_code != 0 and "oo:speakr" in result.output and "Traceback" not in result.output
    assert (bare_project.root / "dist" / "manifest.json").read_bytes() == before


def test_the_seed_data_uses_no_unknown_term(sources):
    from kg.reference.validate import _undefined

    assert _undefined(sources) == ([], {})


DECLARED = sorted(f"{OO}{name}" for name in ("speaker", "Person", "Exactly", "comparator", "Statement"))
local_names = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(name=local_names, as_value=st.booleans())
def test_a_term_of_the_ontology_namespace_is_known_exactly_when_the_ontology_declares_it(name, as_value):
    judged = Vocabulary(set(DECLARED), set(DECLARED)).judge(f"{OO}{name}", as_value)
    assert (judged is None) == (f"{OO}{name}" in DECLARED)
    assert judged is None or judged.severity == "Violation"


@settings(max_examples=200, deadline=None)
@given(name=local_names)
def test_an_instance_name_is_a_value_never_a_property_or_class(name):
    vocabulary_of = Vocabulary(set(DECLARED), set(DECLARED))
    assert vocabulary_of.judge(f"{OI}{name}", as_value=True) is None
    assert vocabulary_of.judge(f"{OI}{name}").severity == "Violation"
