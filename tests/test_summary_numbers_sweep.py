"""oos:SummaryNumbersShape on generated gists: each number a gist writes in digits (its first six, zero aside) is
one its evidence writes, however either writes it (thousands separators or none, a currency sign, a unit or a
scale after it, "No." or "p." before it, a sentence's full stop after it). The rule reads numbers out of text
with regular expressions in SPARQL; the oracle here knows each number because it wrote it. Both engines
validate each drawn batch, with the same findings.

A dot is a decimal point between two digits only: "No.10" writes 10, as "No 10" does (the rule read ".10" and
called a gist saying "No 10" beyond its evidence's "No.10")."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from kg.validation.validate import validate_project
from kg.reference.load import load_sources
from kg.reference.validate import validate
from kg.sources.project import Project
from kg.sparql.saved import check_queries
from sweep_scale import examples
from test_wording_shapes import HEAD

WORDS = ("the", "minister", "said", "were", "removed", "and", "of", "in", "all", "arrivals", "crossed")
BEFORE = ("", "£", "$", "No.", "No ", "p.", "(")
AFTER = ("", "%", "m", "bn", "k", "-page", ")", " per cent")


@dataclass(frozen=True)
class Number:
    canonical: str  # its digits as the rule compares them: no thousands separators
    written: str


@st.composite
def numbers(draw, canonical: str | None = None) -> Number:
    """A number written in one of the ways a report writes one: `canonical` (digits) if given."""
    if canonical is None:
        whole = draw(st.one_of(st.integers(0, 999), st.integers(1000, 9_999_999)))
        fraction = draw(st.one_of(st.just(""), st.integers(1, 99).map(str)))
        canonical = f"{whole}.{fraction}" if fraction else str(whole)
    whole, _, fraction = canonical.partition(".")
    digits = f"{int(whole):,}" if draw(st.booleans()) else whole
    digits += f".{fraction}" if fraction else ""
    return Number(canonical, draw(st.sampled_from(BEFORE)) + digits + draw(st.sampled_from(AFTER)))


def text(draw, items: list[Number]) -> str:
    """The numbers in order, words between them, a full stop at the end."""
    parts = []
    for item in items:
        parts += draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)) + [item.written]
        if draw(st.booleans()):
            parts[-1] += ","
    return " ".join(parts) + "."


@st.composite
def summaries(draw) -> tuple[str, str, bool]:
    """(gist, evidence, whether the rule must find the gist beyond its evidence)."""
    gist = draw(st.lists(numbers(), min_size=1, max_size=8))
    kept = [g for g in gist if draw(st.booleans())]  # the gist's numbers the evidence writes too, its own way
    evidence = [draw(numbers(g.canonical)) for g in kept] + draw(st.lists(numbers(), max_size=3))
    evidence = draw(st.permutations(evidence))
    written = {e.canonical for e in evidence}
    beyond = any(float(g.canonical) != 0 and g.canonical not in written for g in gist[:6])
    return text(draw, gist), text(draw, evidence), beyond


def statement(index: int, gist: str, evidence: str) -> str:
    return f"""oi:r900-st-{index} a oo:ReportedStatement ; oo:speaker oi:test-speaker ; rdfs:label "summary {index}"@en ;
    oo:gist "{gist}" ; oo:inReport oi:r900 ;
    oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r900 ; oa:exact "{evidence}" ; oa:start {1000 * index} ;
                  oa:end {1000 * index + len(evidence)} ] .
"""


@pytest.fixture(scope="module")
def room(tmp_path_factory, project) -> Project:
    root = tmp_path_factory.mktemp("summaries")
    shutil.copytree(project.root / "ontology", root / "ontology")
    (root / "data").mkdir()
    return Project(root)


def beyond_found(findings) -> set:
    return {f.focus.rsplit("-st-", 1)[1] for f in findings if f.rule.endswith("SummaryNumbersShape")}


@settings(max_examples=examples(6), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
@given(batch=st.lists(summaries(), min_size=1, max_size=12))
def test_a_gist_is_found_beyond_its_evidence_exactly_when_one_of_its_numbers_is_not_the_evidences(room, batch):
    (room.root / "data" / "summaries.ttl").write_text(
        HEAD + 'oi:test-speaker a oo:Person ; rdfs:label "Test Speaker"@en .\n'
        + "".join(statement(i, gist, evidence) for i, (gist, evidence, _) in enumerate(batch)), encoding="utf-8")
    for i, (gist, evidence, beyond) in enumerate(batch):
        note(f"{i}: {gist!r} / {evidence!r}: {'beyond' if beyond else 'as the evidence'}")
    engine = validate_project(room).findings
    assert beyond_found(engine) == {str(i) for i, (_, _, beyond) in enumerate(batch) if beyond}
    reference = validate(load_sources(room), check_queries(room)).findings
    assert sorted(engine, key=repr) == sorted(reference, key=repr)


@pytest.mark.parametrize("gist, evidence", [("No 10 said 281 were removed.", "No.10 said 281 were removed."),
                                            ("No.10 said 281 were removed.", "No 10 said 281 were removed."),
                                            ("See p.12: 281 removed.", "On page 12, 281 were removed.")])
def test_a_dot_that_is_not_between_two_digits_is_no_decimal_point(room, gist, evidence):
    (room.root / "data" / "summaries.ttl").write_text(
        HEAD + 'oi:test-speaker a oo:Person ; rdfs:label "Test Speaker"@en .\n' + statement(0, gist, evidence),
        encoding="utf-8")
    assert not beyond_found(validate_project(room).findings)
