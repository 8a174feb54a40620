"""The curators' words hold no more than the report's: a figure's oo:statedAs stands in its own evidence
(oos:AsWrittenShape), its oo:value is the number that wording gives (oos:ValueInWordingShape), and the numbers
of a statement's gist or a report's claim are its evidence's (oos:SummaryNumbersShape); a date's year is its
evidence's, or marked as obtained otherwise (oos:DateStatedShape).

None was checked: a figure worded "79 MORE" whose evidence says "69 MORE", a figure valued 79 where its
wording says 69, a gist giving 380 where its evidence says 350, and an event date of 2016 whose evidence says "in 2018" all
validated clean. Each case is a node of
its own in one data file, validated by the engine and by the reference (pySHACL): the same findings, and
exactly the nodes expected."""

from __future__ import annotations

import re
import shutil

import pytest

from kg.validation.validate import validate_project
from kg.reference.load import load_sources
from kg.reference.validate import validate
from kg.sources.project import Project
from kg.sparql.saved import check_queries

HEAD = """@prefix oo: <https://w3id.org/oioo/ontology#> .
@prefix oi: <https://w3id.org/oioo/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

oi:r900 a oo:Report ; rdfs:label "Report 900: a test report"@en ; oo:sourceFileName "900_0123456789abcdef.txt" ;
    oo:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ; oo:characterCount 5000 .
oi:indicators a skos:ConceptScheme ; rdfs:label "indicators"@en .
oi:ind-test a oo:Indicator ; skos:inScheme oi:indicators ; skos:topConceptOf oi:indicators ; rdfs:label "test count"@en ;
    skos:prefLabel "test count"@en ; skos:definition "A count."@en ; oo:cumulative true .
"""

# name: (oo:value, oo:statedAs, the evidence's words, unit, more triples)
GIVEN_BY_THE_WORDING = {
    "digits": (281, "281", "Officials said 281 have been removed.", "oo:People", ""),
    "thousands-separator": (41000, "more than 41,000", "There were more than 41,000 arrivals.", "oo:People", ""),
    "millions-separators": (1234567, "1,234,567", "In all 1,234,567 were counted.", "oo:People", ""),
    "scaled-million": (50000000, "£50 million", "The scheme cost £50 million.", "oo:PoundSterling", ""),
    "scaled-bn": (4600000000, "£4.6bn", "It cost £4.6bn in all.", "oo:PoundSterling", ""),
    "scaled-k": (41000, "41k", "Some 41k crossed.", "oo:People", ""),
    "scaled-mn": (35000000, "about £35mn", "It cost about £35mn.", "oo:PoundSterling", ""),
    "scaled-hundred": (500, "5 hundred", "Some 5 hundred crossed.", "oo:People", ""),
    "signed-fall": (-9, "9 per cent below", "Arrivals were 9 per cent below the peak.", "oo:Percent", ""),
    "decimal": (1.6, "1.6 per cent", "Only 1.6 per cent were returned.", "oo:Percent", ""),
    "hyphenated": (18, "18-page", "An 18-page report was published.", "oo:Page", ""),
    "case-of-the-evidence": (69, "69 MORE", "It resulted in 69 more people.", "oo:People", ""),
    "months-is-no-million": (6, "6 months", "After 6 months of the deal.", "oo:Month", ""),
    "typed-apostrophe": (41000, "Britain's 41,000", "Britain\u2019s 41,000 were counted.", "oo:People", ""),
    "typed-space": (50000000, "£50 million", "The scheme cost £50\u00a0million.", "oo:PoundSterling", ""),
}
LEFT_ASIDE = {  # what the wording's one number cannot be compared with: no finding either
    "rank-with-a-year": (1, "surpassed only by the peak numbers observed in 2022",
                         "The total was surpassed only by the peak numbers observed in 2022.", "oo:RankPosition", ""),
    "year-only": (41000, "the 2025 total", "It took the 2025 total past the mark.", "oo:People", ""),
    "two-numbers": (20, "1 in 5", "About 1 in 5 were returned.", "oo:Percent", ""),
    "no-digits": (6, "six months", "After six months of the deal.", "oo:Month", ""),
    "draft": (79, "69 MORE", "It resulted in 69 MORE people.", "oo:People", " oo:reviewStatus oo:Unreviewed ;"),
    "value-marked-as-read": (79, "69 MORE", "It resulted in 69 MORE people.", "oo:People",
                             ' oo:inferredValue [ a oo:InferredValue ; oo:inferredProperty oo:value ; rdf:value 79 ;'
                             ' oo:reason "79: the corrected count the report gives further down." ;'
                             ' oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r900 ;'
                             ' oa:exact "It resulted in 69 MORE people." ; oa:start 300 ; oa:end 330 ] ] ;'),
}
NOT_THE_WORDINGS_NUMBER = {
    "other-digits": (79, "69 MORE", "It resulted in 69 MORE people.", "oo:People", ""),
    "unscaled-million": (50, "£50 million", "The scheme cost £50 million.", "oo:PoundSterling", ""),
    "unscaled-m": (50, "£50m", "The scheme cost £50m.", "oo:PoundSterling", ""),
    "unscaled-mn": (35, "£35mn", "It cost £35mn.", "oo:PoundSterling", ""),
    "separator-dropped-wrong": (4100, "41,000", "There were 41,000 arrivals.", "oo:People", ""),
    "decimal-misread": (16, "1.6 per cent", "Only 1.6 per cent were returned.", "oo:Percent", ""),
}
NOT_IN_THE_EVIDENCE = {  # the wording is not the evidence's words: a violation, whatever the value
    "another-number": (79, "79 MORE", "It resulted in 69 MORE people.", "oo:People", ""),
    "words-apart": (41000, "more than 41,000", "More people than before: 41,000 in all.", "oo:People", ""),
}


def figure(name: str, case: tuple) -> str:
    value, stated, exact, unit, more = case
    return f"""oi:r900-fig-{name} a oo:Figure ; rdfs:label "figure {name}"@en ;
    oo:value {value} ; oo:unit {unit} ; oo:indicator oi:ind-test ; oo:comparator oo:Exactly ;
    oo:statedAs "{stated}" ;{more} oo:inReport oi:r900 ;
    oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r900 ; oa:exact "{exact}" ; oa:start 300 ; oa:end {300 + len(exact)} ] .
"""


EVIDENCE = "The minister said 350 people had come in and 281 had been removed, 1.6 per cent of the 41,000 arrivals."
# name: (property, the summary, more triples); the evidence is EVIDENCE
SUMMARIES_AS_THE_EVIDENCE = {
    "every-number-its-evidences": ("oo:gist", "350 came in, 281 were removed: 1.6 per cent of 41,000.", ""),
    "separator-as-written-or-not": ("oo:gist", "Of 41000 arrivals, 281 were removed.", ""),
    "zero-aside": ("oo:gist", "None of the 0 ...: 281 removed.", ""),
    "no-digits": ("oo:gist", "Few were removed.", ""),
    "read-from-the-markers-evidence": (
        "oo:gist", "281 removed, 12 of them in May.",
        ' oo:inferredValue [ a oo:InferredValue ; oo:inferredProperty oo:gist ; rdf:value "281 removed, 12 of them in May." ;'
        ' oo:reason "The 12 are in the next paragraph." ; oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r900 ;'
        ' oa:exact "Twelve, or 12, were removed in May." ; oa:start 900 ; oa:end 935 ] ] ;'),
    "draft": ("oo:gist", "380 came in.", " oo:reviewStatus oo:Unreviewed ;"),
    "claim-as-the-evidence": ("oo:says", "281 were removed.", ""),
    "number-ending-a-sentence": ("oo:gist", "They removed 281.", ""),
}
SUMMARIES_BEYOND_THE_EVIDENCE = {
    "first-number": ("oo:gist", "380 came in and 281 were removed.", ""),
    "fourth-number": ("oo:gist", "350 came in, 281 were removed, 1.6 per cent of 42,000.", ""),
    "sixth-number": ("oo:gist", "350 in, 281 out, 1.6 per cent of 41,000; 350 less 7.", ""),
    "part-of-a-number": ("oo:gist", "35 came in.", ""),
    "a-year": ("oo:gist", "In 2025, 281 were removed.", ""),
    "claim": ("oo:says", "The report says 282 were removed.", ""),
}


def summary(name: str, case: tuple) -> str:
    prop, words, more = case
    kind = "oo:ReportedStatement ; oo:speaker oi:test-speaker" if prop == "oo:gist" else "oo:ReportClaim"
    return f"""oi:r900-st-{name} a {kind} ; rdfs:label "summary {name}"@en ;
    {prop} "{words}" ;{more} oo:inReport oi:r900 ;
    oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r900 ; oa:exact "{EVIDENCE}" ; oa:start 100 ; oa:end {100 + len(EVIDENCE)} ] .
"""


# name: (property, date, the evidence's words, more triples); each an oo:EventDate of oi:event-test
DATES_AS_THE_EVIDENCE = {
    "year-written": ("oo:date", '"2018"^^xsd:gYear', "The crisis began in 2018.", ""),
    "month-and-year": ("oo:date", '"2025-07"^^xsd:gYearMonth', "It was agreed in July 2025.", ""),
    "read-from-the-reports-date": ("oo:date", '"2025"^^xsd:gYear', "It was agreed last year.", " oo:dateInferred true ;"),
    "marked": ("oo:date", '"2024"^^xsd:gYear', "It was one of his first acts.",
               ' oo:inferredValue [ a oo:InferredValue ; oo:inferredProperty oo:date ; rdf:value "2024"^^xsd:gYear ;'
               ' oo:reason "He took office in July 2024 (public record)." ] ;'),
    "draft": ("oo:date", '"2016"^^xsd:gYear', "The crisis began in 2018.", " oo:reviewStatus oo:Unreviewed ;"),
}
DATES_BEYOND_THE_EVIDENCE = {
    "another-year": ("oo:date", '"2016"^^xsd:gYear', "The crisis began in 2018.", ""),
    "said-to-be-read-as-written": ("oo:date", '"2016"^^xsd:gYear', "The crisis began in 2018.", " oo:dateInferred false ;"),
    "year-from-elsewhere": ("oo:date", '"2025-07"^^xsd:gYearMonth', "It was agreed in July.", ""),
}


def event_date(name: str, case: tuple) -> str:
    prop, date, exact, more = case
    return f"""oi:r900-date-{name} a oo:EventDate ; rdfs:label "date {name}"@en ; oo:event oi:event-test ;
    {prop} {date} ;{more} oo:inReport oi:r900 ;
    oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r900 ; oa:exact "{exact}" ; oa:start 700 ; oa:end {700 + len(exact)} ] .
"""


@pytest.fixture(scope="module")
def findings(tmp_path_factory, project):
    """(engine findings, reference findings) of one data file holding every case."""
    root = tmp_path_factory.mktemp("wording")
    shutil.copytree(project.root / "ontology", root / "ontology")
    (root / "data").mkdir()
    cases = {**GIVEN_BY_THE_WORDING, **LEFT_ASIDE, **NOT_THE_WORDINGS_NUMBER, **NOT_IN_THE_EVIDENCE}
    stated = {**SUMMARIES_AS_THE_EVIDENCE, **SUMMARIES_BEYOND_THE_EVIDENCE}
    (root / "data" / "figures.ttl").write_text(
        HEAD + 'oi:test-speaker a oo:Person ; rdfs:label "Test Speaker"@en .\n'
        + 'oi:event-test a oo:Event ; rdfs:label "Test deal agreed"@en ; oo:eventType oo:AgreementSigned .\n'
        + "".join(figure(n, c) for n, c in cases.items()) + "".join(summary(n, c) for n, c in stated.items())
        + "".join(event_date(n, c) for n, c in {**DATES_AS_THE_EVIDENCE, **DATES_BEYOND_THE_EVIDENCE}.items()),
        encoding="utf-8")
    target = Project(root)
    return validate_project(target).findings, validate(load_sources(target), check_queries(target)).findings


def flagged(found, rule: str, severity: str) -> set:
    return {re.split("-(?:fig|st|date)-", f.focus, maxsplit=1)[1] for f in found
            if f.rule.endswith(rule) and f.severity == severity}


def test_the_engine_and_the_reference_find_the_same_for_every_wording(findings):
    engine, reference = findings
    assert sorted(engine, key=repr) == sorted(reference, key=repr)


def test_a_figures_wording_that_its_evidence_does_not_hold_is_a_violation(findings):
    engine, _ = findings
    assert flagged(engine, "AsWrittenShape", "Violation") == set(NOT_IN_THE_EVIDENCE)


def test_a_value_that_is_not_the_number_its_wording_gives_is_a_warning(findings):
    engine, _ = findings
    assert flagged(engine, "ValueInWordingShape", "Warning") == set(NOT_THE_WORDINGS_NUMBER)


def test_the_warning_names_the_value_and_the_wording(findings):
    engine, _ = findings
    [found] = [f for f in engine if f.focus.endswith("-fig-other-digits") and f.rule.endswith("ValueInWordingShape")]
    assert "79" in found.message and '"69 MORE"' in found.message


def test_a_number_a_gist_or_claim_gives_that_its_evidence_does_not_write_is_a_violation(findings):
    engine, _ = findings
    assert flagged(engine, "SummaryNumbersShape", "Violation") == set(SUMMARIES_BEYOND_THE_EVIDENCE)


def test_the_violation_names_the_number_and_points_at_the_summary(findings):
    engine, _ = findings
    [found] = [f for f in engine if f.focus.endswith("-st-first-number") and f.rule.endswith("SummaryNumbersShape")]
    assert "oo:gist gives 380" in found.message and found.value == '"380 came in and 281 were removed."'


def test_a_date_whose_year_its_evidence_does_not_write_and_nothing_marks_is_a_violation(findings):
    engine, _ = findings
    assert flagged(engine, "DateStatedShape", "Violation") == set(DATES_BEYOND_THE_EVIDENCE)


def test_a_generated_corpus_marks_every_year_its_evidence_does_not_write(tmp_path, project):
    """kg generate wrote "That is 30 per cent higher than the year before" with a reference year and no mark:
    every generated report broke oos:DateStatedShape."""
    from kg.sources.generate import generate

    generate(project, tmp_path / "corpus", reports=3, seed=2)
    found = validate_project(Project(tmp_path / "corpus")).findings
    assert not [f for f in found if f.rule.endswith("DateStatedShape")]
