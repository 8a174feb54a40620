"""kg discrepancies: the disagreements between the five reports, each surfaced once with both sides'
evidence; contradictions told apart from updates, different baselines, wording, rounding and different
milestones (on the real data and on synthetic cases); the links in a graph of their own; the command."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from itertools import combinations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.analysis.discrepancies import detect, links
from kg.analysis.figures import local
from kg.namespaces import OI, OO
from conftest import violations_with


@pytest.fixture(scope="module")
def found(sources):
    return detect(sources.asserted())


def find(found, kind, concerns):
    matches = [d for d in found if d.kind == kind and local(d.concerns) == concerns]
    assert len(matches) == 1, f"expected one {kind} on {concerns}, found {[d.summary for d in matches]}"
    return matches[0]


def sides(discrepancy):
    return {heading: {local(s.node) for s in members} for heading, members in discrepancy.groups}


# ------------------------------------------------------------------ the five reports


def test_explanations_name_the_reports_as_readers_see_them_not_by_identifier(found):
    """Regression: explanations said "(r000, r004)"; the reports' labels are "Report 000: ...", so readers
    know them as report 000."""
    agreed = find(found, "contradiction", "event-returns-agreement-agreed")
    assert "2025-07 (report 000, report 004) vs 2025-08 (report 002)" in agreed.explanation
    account = find(found, "different-account", "claire-hedon")
    assert "report 001 reports" in account.explanation and "report 001's account" in account.label()
    for d in found:
        assert not re.search(r"\br\d{3}\b", d.explanation + d.label()), d.explanation


def test_net_inflow_69_against_70_is_a_contradiction(found):
    d = find(found, "contradiction", "ind-net-inflow")
    assert sides(d) == {
        "69": {"r000-fig-net-inflow-69-badenoch", "r001-fig-net-inflow-69-report"},
        "70": {"r000-fig-net-inflow-70-philp", "r002-fig-net-inflow-70-philp"},
    }


def test_agreed_in_july_against_august_is_a_contradiction(found):
    d = find(found, "contradiction", "event-returns-agreement-agreed")
    assert sides(d) == {"2025-07": {"r000-date-agreed", "r004-date-agreed"}, "2025-08": {"r002-date-agreed"}}
    assert "r002-date-agreed-last-summer" not in {local(s.node) for s in d.sides}  # 2025 contains both


def test_in_force_in_august_against_operations_in_september_is_a_different_event_not_a_contradiction(found):
    d = find(found, "different-event", "event-returns-agreement-in-force")
    assert [{local(s.node) for s in members} for _, members in d.groups] == [
        {"r004-date-in-force"}, {"r001-date-operations-began"}]
    assert "not a contradiction" in d.explanation
    assert not [x for x in found if x.kind == "contradiction" and "in-force" in local(x.concerns)]


@pytest.mark.parametrize("indicator, earlier, later", [
    ("ind-returned-to-france", {"r003-fig-returned-42-report"},
     {"r000-fig-returned-281-mahmood", "r000-fig-returned-281-philp", "r001-fig-returned-281-report",
      "r002-fig-returned-281-mahmood", "r002-fig-returned-281-philp", "r002-fig-returned-281-report",
      "r004-fig-returned-281-mahmood", "r004-fig-returned-281-report"}),
    ("ind-admitted-from-france", {"r003-fig-admitted-23-report"},
     {"r000-fig-admitted-350-mahmood", "r000-fig-admitted-350-report", "r001-fig-admitted-350-report",
      "r002-fig-admitted-350-mahmood", "r004-fig-admitted-350-mahmood"}),
])
def test_a_running_count_reported_later_is_an_update_not_a_contradiction(found, indicator, earlier, later):
    d = find(found, "update", indicator)
    (first, a), (second, b) = d.groups
    assert {local(s.node) for s in a} == earlier and {local(s.node) for s in b} == later
    assert not [x for x in found if x.kind == "contradiction" and local(x.concerns) == indicator]


def test_since_announced_in_july_against_since_signed_is_a_different_baseline(found):
    d = find(found, "different-baseline", "ind-small-boat-arrivals")
    assert {local(s.node) for s in d.sides} == {"r000-fig-arrivals-since-announced-21000-report",
                                                "r002-fig-arrivals-since-signing-16969-report"}
    assert "not a contradiction" in d.explanation


def test_the_same_count_said_to_run_from_different_events_is_a_different_baseline(found):
    returned = find(found, "different-baseline", "ind-returned-to-france")
    assert {"r002-fig-returned-281-mahmood", "r001-fig-returned-281-report"} <= {local(s.node) for s in returned.sides}
    # no start stated is no baseline at all: figures without one are not set against the others (no default)
    assert "r002-fig-returned-281-report" not in {local(s.node) for s in returned.sides}
    admitted = find(found, "different-baseline", "ind-admitted-from-france")
    assert {"r002-fig-admitted-350-mahmood", "r001-fig-admitted-350-report"} <= {local(s.node) for s in admitted.sides}


def test_second_highest_against_highest_since_2022_is_wording_that_differs(found):
    d = find(found, "wording-differs", "ind-small-boat-arrivals-annual-rank")
    groups = list(sides(d).values())
    assert {"r000-fig-arrivals-annual-rank-2-report", "r001-fig-annual-rank-2-report",
            "r002-fig-arrivals-2025-rank-2-report"} in groups
    assert any(any(name.startswith("r004-") for name in group) for group in groups)
    assert "both can be true" in d.explanation


def test_41000_against_41472_is_rounding_not_a_contradiction(found):
    d = find(found, "rounding", "ind-small-boat-arrivals")
    assert sides(d) == {
        "41,000": {"r000-fig-arrivals-2025-41000-philp", "r002-fig-arrivals-2025-41000-philp"},
        "41,472": {"r002-fig-arrivals-2025-41472-report", "r004-fig-small-boat-arrivals-41472-report"},
    }
    assert not [x for x in found if x.kind == "contradiction" and local(x.concerns) == "ind-small-boat-arrivals"]


def test_the_kinds_found_on_the_real_data(found):
    assert Counter(d.kind for d in found) >= Counter({
        "contradiction": 2, "update": 2, "different-baseline": 3, "wording-differs": 1, "rounding": 1,
        "different-event": 1})
    contradictions = {local(d.concerns) for d in found if d.kind == "contradiction"}
    assert contradictions == {"ind-net-inflow", "event-returns-agreement-agreed"}


def test_each_disagreement_is_surfaced_once(found):
    """No two discrepancies set the same two figures or dates against each other."""
    pairs = Counter()
    for d in found:
        for (_, one), (_, other) in combinations(d.groups, 2):
            for a in one:
                for b in other:
                    pairs[tuple(sorted((str(a.node), str(b.node))))] += 1
    assert [pair for pair, n in pairs.items() if n > 1] == []
    assert len({d.iri for d in found}) == len(found)


def test_every_side_has_its_report_and_evidence(found):
    for d in found:
        assert len(d.groups) >= 2 and len(d.sides) >= 2
        assert len({s.report for s in d.sides}) >= 1
        for side in d.sides:
            assert side.report is not None and side.evidence, (d.summary, side.node)


# ------------------------------------------------------------------ synthetic cases

PREFIXES = """
@prefix oo: <https://w3id.org/oioo/ontology#> .
@prefix oi: <https://w3id.org/oioo/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
oi:r1 oo:inferredValue [ oo:inferredProperty schema:datePublished ; rdf:value "2025"^^xsd:gYear ] .
oi:r2 oo:inferredValue [ oo:inferredProperty schema:datePublished ; rdf:value "2026"^^xsd:gYear ] .
oi:r3 oo:inferredValue [ oo:inferredProperty schema:datePublished ; rdf:value "2026"^^xsd:gYear ] .
oi:r4 oo:inferredValue [ oo:inferredProperty schema:datePublished ; rdf:value "2025"^^xsd:gYear ] .
oi:ind-count oo:cumulative true ; rdfs:label "count" .
oi:ind-level oo:cumulative false ; rdfs:label "level" .
oi:ind-rank oo:cumulative false ; rdfs:label "rank" .
oi:event-a oo:eventType oo:AgreementInForce ; oo:ofAgreement oi:deal ; rdfs:label "in force" .
oi:event-b oo:eventType oo:OperationsBegan ; oo:ofAgreement oi:deal ; rdfs:label "operations began" .
"""


def fig(name, report, stated, value, indicator="ind-count", unit="oo:People", comparator="oo:Exactly",
        since=None, year=None):
    text = (f"oi:{name} oo:indicator oi:{indicator} ; oo:unit {unit} ; oo:comparator {comparator} ; "
            f"oo:statedAs \"{stated}\" ; oo:inReport oi:{report} ; oo:value {value}")
    if comparator != "oo:Exactly":
        text += f" ; oo:bound {value}"
    if since:
        text += f" ; oo:periodStartEvent oi:{since}"
    if year:
        text += f" ; oo:referenceYear \"{year}\"^^xsd:gYear"
    return text + " .\n"


def date(name, report, event, when):
    return f"oi:{name} a oo:EventDate ; oo:event oi:{event} ; oo:date \"{when}\" ; oo:inReport oi:{report} .\n"


def kinds(*parts):
    found = detect(Graph().parse(data=PREFIXES + "".join(parts), format="turtle"))
    return sorted((d.kind, tuple(sorted(local(s.node) for s in d.sides))) for d in found)


def test_a_cumulative_count_that_falls_later_is_a_contradiction():
    assert kinds(fig("a", "r1", "281", 281, since="event-a"), fig("b", "r2", "42", 42, since="event-a")) == [
        ("contradiction", ("a", "b"))]


def test_a_cumulative_count_that_grows_later_is_an_update():
    assert kinds(fig("a", "r1", "42", 42, since="event-a"), fig("b", "r2", "281", 281, since="event-a")) == [
        ("update", ("a", "b"))]


def test_a_running_count_reported_on_two_dates_by_several_reports_is_one_update_in_date_order():
    """Two values a year and two the next were four pairwise updates (at 1 M: 24,813 updates, 36 for a
    count twelve reports give); a fact-checker wants the count's steps, once."""
    found = detect(Graph().parse(data=PREFIXES + "".join((
        fig("a", "r1", "42", 42, since="event-a"), fig("b", "r4", "50", 50, since="event-a"),
        fig("c", "r2", "281", 281, since="event-a"), fig("d", "r3", "300", 300, since="event-a"))), format="turtle"))
    assert sorted((d.kind, tuple(sorted(local(s.node) for s in d.sides))) for d in found) == [
        ("contradiction", ("a", "b")), ("contradiction", ("c", "d")), ("update", ("a", "b", "c", "d"))]
    update = next(d for d in found if d.kind == "update")
    assert [heading for heading, _ in update.groups] == ["42", "50", "281", "300"]
    assert ("42 (as of 2025; r1) and 50 (as of 2025; r4) then 281 (as of 2026; r2) and 300 (as of 2026; r3). "
            "A later figure updates an earlier one; not a contradiction (values of the same date that differ are "
            "one of their own).") in update.explanation


def test_an_update_holds_no_value_that_a_cumulative_count_falls_from():
    assert kinds(fig("a", "r1", "281", 281, since="event-a"), fig("b", "r1", "42", 42, since="event-a"),
                 fig("c", "r2", "300", 300, since="event-a"), fig("d", "r3", "100", 100, since="event-a")) == [
        ("contradiction", ("a", "b")), ("contradiction", ("a", "d")), ("contradiction", ("c", "d")),
        ("update", ("a", "c")), ("update", ("b", "c", "d"))]  # 281 (2025) and 100 (2026) in no update together


def test_different_values_at_the_same_date_are_a_contradiction_and_equal_ones_nothing():
    assert kinds(fig("a", "r2", "69", 69, "ind-level", since="event-a"),
                 fig("b", "r3", "70", 70, "ind-level", since="event-a"),
                 fig("c", "r3", "69", 69, "ind-level", since="event-a")) == [("contradiction", ("a", "b", "c"))]


def test_a_round_thousand_against_an_exact_count_is_rounding_and_a_bound_met_is_nothing():
    assert kinds(fig("a", "r2", "41,000", 41000, "ind-level", year="2025"),
                 fig("b", "r3", "41,472", 41472, "ind-level", year="2025"),
                 fig("c", "r3", "more than 41,000", 41000, "ind-level", comparator="oo:MoreThan", year="2025")) == [
        ("rounding", ("a", "b"))]


def test_a_bound_not_met_is_a_contradiction():
    assert kinds(fig("a", "r2", "41,472", 41472, "ind-level", year="2025"),
                 fig("c", "r3", "more than 45,000", 45000, "ind-level", comparator="oo:MoreThan", year="2025")) == [
        ("contradiction", ("a", "c"))]


def test_different_years_are_not_compared():
    assert kinds(fig("a", "r2", "41,472", 41472, "ind-level", year="2025"),
                 fig("b", "r2", "36,816", 36816, "ind-level", year="2024")) == []


def test_counts_from_different_events_are_a_different_baseline():
    assert kinds(fig("a", "r2", "more than 21,000", 21000, "ind-level", comparator="oo:MoreThan", since="event-a"),
                 fig("b", "r3", "16,969", 16969, "ind-level", since="event-b")) == [("different-baseline", ("a", "b"))]


def test_ranks_over_different_sets_of_years_differ_in_wording():
    assert kinds(fig("a", "r2", "second-highest on record", 2, "ind-rank", "oo:RankPosition", year="2025"),
                 fig("b", "r3", "the highest since 2022", 1, "ind-rank", "oo:RankPosition", year="2025")) == [
        ("wording-differs", ("a", "b"))]
    assert kinds(fig("a", "r2", "second-highest on record", 2, "ind-rank", "oo:RankPosition", year="2025"),
                 fig("b", "r3", "the highest on record", 1, "ind-rank", "oo:RankPosition", year="2025")) == [
        ("contradiction", ("a", "b"))]


def test_event_dates_a_month_apart_contradict_but_a_year_contains_its_months():
    assert kinds(date("d1", "r2", "event-a", "2025-07"), date("d2", "r3", "event-a", "2025-08"),
                 date("d3", "r3", "event-a", "2025")) == [("contradiction", ("d1", "d2"))]
    assert kinds(date("d1", "r2", "event-a", "2025-07"), date("d3", "r3", "event-a", "2025")) == []


def test_in_force_and_operations_began_in_different_months_are_a_different_event():
    assert kinds(date("d1", "r2", "event-a", "2025-08"), date("d2", "r3", "event-b", "2025-09")) == [
        ("different-event", ("d1", "d2"))]
    assert kinds(date("d1", "r2", "event-a", "2025-08"), date("d2", "r2", "event-b", "2025-09")) == []  # one report


# ------------------------------------------------------------------ as data


def test_links_are_discrepancy_nodes_apart_from_the_curated_data(sources, found):
    graph = links(found)
    nodes = set(graph.subjects(RDF.type, OO.Discrepancy))
    assert len(nodes) == len(found)
    assert not set(sources.data.subjects()) & set(graph.subjects())
    agreed = next(d for d in found if local(d.concerns) == "event-returns-agreement-agreed")
    assert set(graph.objects(agreed.iri, OO.side)) == {OI["r000-date-agreed"], OI["r002-date-agreed"],
                                                       OI["r004-date-agreed"]}
    assert graph.value(agreed.iri, OO.kind) == OO.Contradiction


def test_the_links_conform_to_the_shapes(project, found, tmp_path):
    violations = violations_with(project, links(found), tmp_path)
    assert not violations, "\n".join(map(str, violations))


# ------------------------------------------------------------------ the command and the saved query


def test_kg_discrepancies_lists_them_with_evidence_and_writes_dist_only(kg, project_copy):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in project_copy.data_files}
    result = kg("discrepancies", project=project_copy)
    assert result.exit_code == 0, result.output
    assert "contradiction       oi:ind-net-inflow" in result.output
    assert "r001-date-operations-began (the report): r001 [" in result.output
    graph = Graph().parse(project_copy.root / "dist" / "discrepancies.ttl")
    assert len(set(graph.subjects(RDF.type, OO.Discrepancy))) >= 10
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in project_copy.data_files}
    json_result = kg("discrepancies", "--format", "json", project=project_copy)
    assert '"kind": "update"' in json_result.output and '"evidence": [' in json_result.output


def test_saved_query_discrepancies_lists_both_sides_with_evidence(kg, project_copy):
    result = kg("query", "discrepancies", "-p", "kind=oo:Contradiction", "--format", "csv", project=project_copy)
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[1:]
    net = [r for r in rows if "ind-net-inflow" in r]
    assert len(net) == 4 and any("Chris Philp" in r and "net inflow of 70" in r for r in net)
    assert all(",r0" in r or "/id/r0" in r for r in rows)  # each side names its report
    dates = [r for r in rows if "event-returns-agreement-agreed" in r]
    assert len(dates) == 3 and any("in August" in r for r in dates)


# ------------------------------------------------------------------ kinds added for issue 13


def test_350_against_around_350_is_a_qualifier_that_differs(found):
    d = find(found, "qualifier-differs", "ind-admitted-from-france")
    assert [h for h, _ in d.groups] == ['"350" (exactly)', '"around 350" (around)']
    assert {local(s.node) for s in d.groups[1][1]} == {"r004-fig-admitted-350-mahmood"}


def test_philps_281_of_41000_against_1_6_per_cent_of_16969_is_a_different_baseline(found):
    d = find(found, "different-baseline", "ind-returned-share-of-arrivals")
    assert {local(s.node) for s in d.sides} == {
        "r002-fig-returned-share-1-6pct-report", "r000-fig-returned-281-philp", "r000-fig-arrivals-2025-41000-philp",
        "r002-fig-returned-281-philp", "r002-fig-arrivals-2025-41000-philp"}
    assert "0.69 %" in d.explanation


def test_downing_streets_account_differs_from_the_spokesmans_quotes(found):
    d = find(found, "different-account", "downing-street")
    assert {local(s.node) for s in d.groups[0][1]} == {"r004-st-downing-street-1"}
    assert {local(s.report) for s in d.groups[1][1]} == {"r001", "r002"}
    assert "establish" in d.explanation and "capac" in d.explanation


def test_the_spokesmans_beginning_of_the_agreement_is_a_moment_not_the_count_to_date(found):
    """Regression (issue 13): 'at the beginning of the agreement' (fewer in than out) and the later net
    inflow of 69/70 shared an indicator with no as-of; a moment is compared only with its own moment."""
    net = [d for d in found if local(d.concerns) == "ind-net-inflow"]
    early = {"r001-fig-net-inflow-negative-at-start-pm-spokesman", "r002-fig-net-inflow-early-spokesman"}
    assert not [d for d in net if early & {local(s.node) for s in d.sides}]
