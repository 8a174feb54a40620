"""Every saved query, run on the real data, returns the rows the five reports call for.

Expected rows are read off the articles: who said which figure, in which report, with which words.
"""

import ast
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from kg.analysis.figures import read_figure
from kg.core.namespaces import OI, OO, SCHEMA
from kg.sparql.run import answer
from kg.sparql.saved import load_queries

TESTS = Path(__file__).parent


def short(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        for namespace, prefix in ((OI, ""), (OO, "oo:")):
            if str(term).startswith(str(namespace)):
                return prefix + str(term)[len(str(namespace)):]
        return str(term)
    return str(term)  # a literal's lexical form: "281", "1.6", "2025-07"


@pytest.fixture(scope="module")
def run(project, store):
    """Run a saved query on the engine (Oxigraph, the release of the real data): rows of the named columns."""
    queries = load_queries(project.queries_dir)

    def run_query(name, columns, **params):
        saved = queries[name]
        found = answer(store, saved.text, saved.bindings(params))
        return [tuple(short(record.get(c)) for c in columns) for record in found.records()]

    return run_query


def test_every_saved_query_has_a_test(project):
    tested = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py"))
    untested = [name for name in load_queries(project.queries_dir) if f'"{name}"' not in tested]
    assert untested == []


def runs_in_this_file() -> list:
    """(query, the parameters given) of every `run("name", columns, param=...)` below."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    return [(call.args[0].value, {k.arg for k in call.keywords})
            for call in ast.walk(tree) if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "run" and call.args and isinstance(call.args[0], ast.Constant)]


def test_every_parameter_of_every_saved_query_is_tested_bound_and_unbound(project):
    """Each saved query is run here with each of its parameters given and left out (its default, or
    nothing: all rows), and the rows asserted: a query whose parameter is ignored, or which answers
    nothing without it, fails one of the two."""
    runs = runs_in_this_file()
    missing = []
    for name, saved in sorted(load_queries(project.queries_dir).items()):
        given = [params for query, params in runs if query == name]
        if not given:
            missing.append(f"{name}: never run")
        for parameter in saved.parameters:
            if not any(parameter.name in params for params in given):
                missing.append(f"{name}: never run with {parameter.name}")
            if not any(parameter.name not in params for params in given):
                missing.append(f"{name}: never run without {parameter.name}")
    assert missing == []


def test_who_said_what_about_the_net_inflow(run):
    rows = run("who-said-what", ["speakerName", "statedAs", "value", "report"], indicator="oi:ind-net-inflow")
    assert set(rows) >= {
        ("Chris Philp", "net inflow of 70", "70", "r000"),
        ("Kemi Badenoch", "69 MORE", "69", "r000"),
        ("Chris Philp", "70", "70", "r002"),
    }
    assert {(speaker, report) for speaker, _, _, report in rows} == {
        ("Chris Philp", "r000"), ("Kemi Badenoch", "r000"), ("Shabana Mahmood", "r001"),
        ("the Prime Minister's official spokesman", "r001"), ("Chris Philp", "r002"),
        ("the Prime Minister's official spokesman", "r002"),
    }


def test_who_said_what_filters_by_person_and_figure(run):
    by_person = run("figures-by-person", ["_person_iri", "figure"], person="oi:kemi-badenoch")
    assert by_person == [("kemi-badenoch", "r000-fig-net-inflow-69-badenoch")]
    by_figure = run("figure-provenance", ["speaker", "statement"], figure="oi:r004-fig-admitted-350-mahmood")
    assert {speaker for speaker, _ in by_figure} == {"shabana-mahmood"}


def test_figures_in_report_004_in_text_order(run):
    rows = run("figures-in-report", ["statedAs", "value", "comparator"], report="oi:r004")
    assert rows == [
        ("281", "281", "oo:Exactly"),  # the headline's, in the report's voice
        ("remain high", None, "oo:Vague"),
        ("281", "281", "oo:Exactly"),  # Mahmood's ("the Home Secretary, Shabana Mahmood, has said")
        ("around 350", "350", "oo:Around"),
        ("relatively small", None, "oo:Vague"),
        ("relatively small", None, "oo:Vague"),
        ("the same number", "1", "oo:Exactly"),
        # the rank and the total cite one clause ('small boat crossings, which reached 41,472 in 2025, the highest
        # annual total since 2022.'): at one offset, the figures come in the order of their IRIs
        ("the highest annual total since 2022", "2", "oo:AtLeast"),
        ("41,472", "41472", "oo:Exactly"),
        ("the first formal mechanism", "1", "oo:Exactly"),
    ]


def test_figures_in_report_give_offsets_of_their_evidence(run, seeds_dir):
    text = (seeds_dir / "004_b211270729e835c9.txt").read_text(encoding="utf-8")
    for start, end, evidence in run("figures-in-report", ["start", "end", "evidence"], report="oi:r004"):
        assert text[int(start):int(end)] == evidence


def test_statements_by_the_childrens_minister(run):
    rows = run("statements-by-person", ["report", "kind", "roleAsWritten", "postName", "words", "venue"],
               person="oi:josh-macalister")
    assert rows == [  # the role as the report wrote it, next to the post it resolves to
        ("r003", "oo:DirectQuote", "Children’s minister", "Children's minister", "again and again", "times-radio"),
        ("r003", "oo:DirectQuote", "Children’s minister", "Children's minister", "waste", "times-radio"),
    ]


def test_statements_by_the_home_secretary_in_four_reports(run):
    rows = run("statements-by-person", ["report", "words"])  # default: oi:shabana-mahmood
    # 003 has her words only as relayed by a Home Office spokesperson ("The Home Secretary has said she will ...")
    assert {report for report, _ in rows} == {"r000", "r001", "r002", "r003", "r004"}
    assert ("r003", "She will do whatever it takes to restore order to the border.") in rows
    assert ("r000", "We’ve had 350 people come in to the country from France and 281 have been removed,") in rows


def test_history_of_people_returned_to_france(run):
    rows = run("figure-history", ["reportDate", "report", "value"])  # default: returned to France
    assert rows[0] == ("2025", "r003", "42")
    exact = [row for row in rows if row[2] is not None]
    # r004 twice: the headline's 281 (the report's voice) and Mahmood's
    assert exact[1:] == [("2026", r, "281") for r in ("r000", "r000", "r001", "r002", "r002", "r002", "r004", "r004")]
    assert {row[1] for row in rows if row[2] is None} == {"r000", "r001", "r002", "r004"}  # "relatively small numbers"


def test_reports_stating_281_returned(run):
    rows = run("reports-stating-figure", ["comparator", "period", "reportCount", "reports", "figureCount"],
               indicator="oi:ind-returned-to-france", value="281")
    assert rows == [  # no start stated: the count under the agreement to date (no default start event)
        ("oo:Exactly", "", "3", "r000 r002 r004", "6"),
        ("oo:Exactly", "event-returns-agreement-agreed", "1", "r002", "1"),  # inferred from the 350's clause, and marked
        ("oo:Exactly", "event-returns-operations-began", "1", "r001", "1"),  # "which commenced operations in September"
    ]


@pytest.mark.parametrize("value, expected", [
    ("0", [("oo:LessThan", "ind-net-inflow", "r001 r002"),  # the spokesman: at first more sent than received
           ("oo:MoreThan", "ind-net-inflow", "r001"),  # Mahmood: more entered than were deported
           ("oo:Around", "ind-removal-chance", "r000 r002")]),  # "virtually zero"
    ("41000", [("oo:Exactly", "ind-small-boat-arrivals", "r000 r002"),
               ("oo:MoreThan", "ind-small-boat-arrivals", "r001")]),  # "more than 41,000"
])
def test_reports_stating_a_value_are_told_apart_by_what_their_words_say_of_it(run, value, expected):
    """value=0 listed reports 001 and 002 as stating a net inflow of 0, where one says more entered than were
    deported and the other that at first more were sent than received; "more than 41,000" was counted with the
    41,000s (found by a hostile read). A value is never shown without its qualifier."""
    assert run("reports-stating-figure", ["comparator", "__indicator_iri", "reports"], value=value) == expected


def test_disagreements_are_the_discrepancies_kg_discrepancies_finds(run, graph):
    """One defined in terms of the other: the query reads the oo:Discrepancy links the detector writes."""
    from kg.analysis.discrepancies import detect
    found = detect(graph)
    rows = run("disagreements", ["discrepancy", "kind", "subject", "sides"])
    assert {row[0] for row in rows} == {short(d.iri) for d in found}
    assert {(row[1], row[2]) for row in rows} >= {
        ("rounding", "ind-net-inflow"), ("contradiction", "event-returns-agreement-agreed"),
        ("update", "ind-returned-to-france"), ("rounding", "ind-small-boat-arrivals"),
        ("qualifier differs", "ind-admitted-from-france"), ("different account", "downing-street"),
        ("different baseline", "ind-returned-share-of-arrivals")}


def test_disagreements_keep_the_qualifiers(run):
    labels = [label for label, kind in run("disagreements", ["disagreement", "kind"]) if kind == "qualifier differs"]
    assert labels and all("around 350" in label for label in labels)
    updates = [label for label, subject in run("disagreements", ["disagreement", "subject"])
               if subject == "ind-admitted-from-france" and "updated in later reports" in label]
    assert updates == ["Admitted from France updated in later reports: 23, later 350/around 350"]


def test_quote_fidelity_of_mahmoods_words(run):
    rows = set(run("quote-fidelity", ["fidelity", "reportA", "reportB", "difference", "wordsA", "wordsB"],
                   person="oi:shabana-mahmood"))
    assert ("altered", "r000", "r001", "altered", "we", "Officials") in rows
    assert ("extended", "r000", "r001", "extended", "",
            "to vulnerable individuals who might otherwise risk dangerous Channel crossings with people smugglers") in rows
    assert ("paraphrase as quote", "r000", "r002", "paraphrase as quote", "The numbers will grow", "already growing") in rows
    assert ("altered", "r000", "r002", "altered", "on", "in") in rows

def places(store, project) -> list:
    """quote-fidelity's rows, unbound, as (quote A, its start, its end, quote B, ...), and each quote's
    evidence spans in the data."""
    saved = load_queries(project.queries_dir)["quote-fidelity"]
    spans: dict = {}
    for row in store.query("SELECT ?q ?s ?e WHERE { ?q a oo:DirectQuote ; oo:evidence ?x . ?x oa:start ?s ; oa:end ?e }",
                           prefixes={"oo": str(OO), "oa": "http://www.w3.org/ns/oa#"}):
        spans.setdefault(row["q"].value, []).append((int(row["s"].value), int(row["e"].value)))
    return [(spans[str(record[f"statement{side}"])], (int(record[f"start{side}"]), int(record[f"end{side}"])))
            for record in answer(store, saved.text, saved.bindings({})).records() for side in "AB"]


def test_quote_fidelity_places_each_quote_at_its_evidence(project, store):
    """The offsets a comparison row gives (oo:startA ..., written by the analysis) are those of the quote's
    evidence span in the data, for every row."""
    found = places(store, project)
    assert found
    assert [place for spans, place in found if [place] != spans] == []


def test_quote_fidelity_places_a_quote_with_several_spans_at_its_first(tmp_path, project):
    """A quote with two evidence spans: its rows give the first (the query took it from the spans with MIN
    subqueries; the analysis now writes it on the comparison). No seed quote has two spans, so one is
    given a second, earlier one."""
    from conftest import project_of
    from kg.build.pipeline import build
    from kg.query.store import open_store

    copy = project_of(tmp_path, project, ("shared.ttl", "report-000.ttl", "report-001.ttl"))
    data = copy.root / "data" / "report-001.ttl"
    quote = ("You've got to compete with organised immigration crime to get your messages out to vulnerable "
             "individuals who might otherwise risk dangerous Channel crossings with people smugglers.")
    exact = f"‘{quote}’"
    data.write_text(data.read_text(encoding="utf-8") + f"""
oi:r001-st-mahmood-7 oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r001 ; oa:exact "{exact}" ;
    oa:start 5 ; oa:end {5 + len(exact)} ] .
""", encoding="utf-8")
    build(copy)
    found = places(open_store(copy, in_memory=True), copy)
    several = [(spans, place) for spans, place in found if len(spans) > 1]
    assert several, "the quote given two spans is in no comparison"
    assert all(place == min(spans) == (5, 5 + len(exact)) for spans, place in several), several


def test_agreements_with_parties_and_milestones(run):
    rows = run("agreements", ["agreement", "parties", "milestone", "date", "dateAsWritten", "report"])
    returns = [row[2:] for row in rows if row[0] == "uk-france-returns-agreement"]
    assert returns == [
        ("agreement agreed", "2025", "last summer", "r002"),
        ("agreement signed", "2025", "six months ago", "r002"),
        ("agreement agreed", "2025-07", "last July", "r000"),
        ("agreement agreed", "2025-07", "in July 2025", "r004"),
        ("agreement announced", "2025-07", "in July", "r000"),
        ("agreement agreed", "2025-08", "in August", "r002"),
        ("agreement enters into force", "2025-08", "in August that year", "r004"),
        ("operations began", "2025-09", "in September of last year", "r001"),
    ]
    parties = {row[0]: row[1] for row in rows}
    assert parties["uk-france-returns-agreement"] == "France, United Kingdom"
    assert parties["uk-rwanda-partnership"] == "Rwanda, United Kingdom"
    assert parties["proposed-uk-germany-returns-deal"] == "Germany, United Kingdom"
    assert len(parties) == 7


def test_officials_roles_over_time_for_yvette_cooper(run):
    rows = run("officials-roles", ["post", "start", "end", "reports"], person="oi:yvette-cooper")
    assert rows == [
        ("post-uk-home-secretary", "2024-07-05", "2025-09-05", "Report 003"),
        ("post-uk-foreign-secretary", "2025-09-05", None, "Report 003"),
    ]


def test_officials_roles_give_each_holding_its_own_row_and_its_own_marks(run):
    """A row is a holding's (column holding), and column inferred names what of that holding the curators read:
    Nick Ferrari's post (the public record says he presents LBC Breakfast; the reports do not), none of Yvette
    Cooper's two posts. (A post held twice, one time read: tests/test_desk_entity_markers.py.)"""
    assert run("officials-roles", ["holding", "inferred"], person="oi:nick-ferrari") == [
        ("holding-ferrari-lbc-breakfast", "post")]
    assert run("officials-roles", ["holding", "inferred"], person="oi:yvette-cooper") == [
        ("holding-cooper-home-secretary", ""), ("holding-cooper-foreign-secretary", "")]


def test_officials_roles_name_the_reports_as_readers_see_them_not_by_their_identifiers(run):
    """The person page's "Reports" column read "r000 r002", the reports' local names."""
    assert run("officials-roles", ["reports"], person="oi:chris-philp") == [("Report 000, Report 002",)]


def test_officials_roles_cover_every_speaker_with_a_post(run, graph):
    people = {row[0] for row in run("officials-roles", ["__person_iri"])}
    speakers_with_posts = {short(s) for s in graph.objects(None, OO.speaker)
                           if any(graph.subjects(OO.holder, s))}
    assert speakers_with_posts <= people
    assert {"shabana-mahmood", "chris-philp", "kemi-badenoch", "keir-starmer", "claire-hedon"} <= people


def test_provenance_of_mahmoods_281_in_report_000(run):
    rows = run("figure-provenance", ["value", "statement", "speaker", "role", "venue", "report", "sourceFile", "start", "end"])
    assert rows == [
        ("281", "r000-st-mahmood-1", "shabana-mahmood", "post-uk-home-secretary", "lbc", "r000",
         "000_b0a3b2e5c79dc92b.txt", "154", "268"),
        ("281", "r000-st-mahmood-4", "shabana-mahmood", "post-uk-home-secretary", "lbc", "r000",
         "000_b0a3b2e5c79dc92b.txt", "661", "787"),
    ]


def test_provenance_of_a_derived_share(run):
    rows = run("figure-provenance", ["value", "statedAs", "method", "input", "baseline", "sha256"],
               figure="oi:r002-fig-returned-share-1-6pct-report")
    assert rows == [("1.6", "1.6 per cent", "oo:Share", "r002-fig-returned-281-report",
                     "r002-fig-arrivals-since-signing-16969-report",
                     "d882ffd38e5ee2ec4de58acb354e690269664cfcbf1384755cfc5f6d18b60d3b")]


def test_statements_about_the_iranian_returnee(run):
    rows = run("statements-about", ["report", "statement", "speaker"], about="oi:iranian-returnee")
    assert rows == [
        ("r003", "r003-st-macalister-1", "josh-macalister"),
        ("r003", "r003-st-starmer-5", "keir-starmer"),
        ("r003", "r003-st-starmer-6", "keir-starmer"),
        ("r003", "r003-st-starmer-7", "keir-starmer"),
    ]
    assert run("statements-about", ["report", "statement", "speaker"]) == rows  # the default: the same person


def test_statements_in_every_report_are_in_text_order(run):
    rows = run("statements", ["__report_iri", "start"])
    assert {report for report, _ in rows} == {"r000", "r001", "r002", "r003", "r004"}
    for report in {r for r, _ in rows}:
        starts = [int(s) for r, s in rows if r == report]
        assert starts == sorted(starts)


# ------------------------------------------------------------------ each parameter given and left out


def test_check_verdicts_without_a_verdict_lists_every_derived_figure_with_its_verdict(run):
    rows = run("check-verdicts", ["__verdict_string", "figure"])
    assert rows == [("accurate", f) for f in (
        "r000-fig-admitted-vs-returned-pct-25-report", "r000-fig-net-inflow-69-badenoch", "r001-fig-net-inflow-69-report",
        "r001-fig-net-inflow-positive-mahmood", "r002-fig-arrivals-change-2025-vs-2022-minus9pct-report",
        "r002-fig-arrivals-change-2025-vs-2023-41pct-report", "r002-fig-arrivals-change-2025-vs-2024-13pct-report",
        "r002-fig-net-inflow-dozens-report")] + [
        ("accurate when rounded", "r000-fig-net-inflow-70-philp"), ("accurate when rounded", "r002-fig-net-inflow-70-philp"),
        # ranks among fewer years than "all-time" and "on record" cover (kg/analysis/check.py, 8e54f7b)
        ("not checkable", "r002-fig-arrivals-2022-rank-1-report"), ("not checkable", "r002-fig-arrivals-2025-rank-2-report"),
        ("slightly inaccurate", "r002-fig-returned-share-1-6pct-report")]


def test_check_verdicts_for_one_verdict_gives_its_figures_and_arithmetic_only(run):
    rows = run("check-verdicts", ["__verdict_string", "figure", "arithmetic", "computed"], verdict="slightly inaccurate")
    assert rows == [("slightly inaccurate", "r002-fig-returned-share-1-6pct-report", "281 / 16,969 × 100 = 1.656 %",
                     "1.655961")]


def test_discrepancies_without_a_kind_give_every_discrepancy_one_row_a_side(run):
    rows = run("discrepancies", ["kind", "concerns", "side"])
    sides: dict = {}
    for kind, concerns, side in rows:
        sides.setdefault((kind, concerns), set()).add(side)
    assert {key: len(found) for key, found in sides.items()} == {
        ("contradiction", "event-returns-agreement-agreed"): 3,
        ("different account", "downing-street"): 3,
        ("different account", "shabana-mahmood"): 2,
        ("different baseline", "ind-admitted-from-france"): 2, ("different baseline", "ind-net-inflow"): 2,
        ("different baseline", "ind-returned-share-of-arrivals"): 5, ("different baseline", "ind-returned-to-france"): 2,
        ("different baseline", "ind-small-boat-arrivals"): 2,
        ("different event", "event-returns-agreement-in-force"): 2,
        ("qualifier differs", "ind-admitted-from-france"): 5,
        ("rounding", "ind-net-inflow"): 4, ("rounding", "ind-small-boat-arrivals"): 4,
        ("update", "ind-admitted-from-france"): 6, ("update", "ind-returned-to-france"): 9,
        ("update", "ind-returnees-re-entered"): 2,
        ("wording differs", "ind-small-boat-arrivals-annual-rank"): 4,
    }
    assert len(rows) == sum(len(found) for found in sides.values())  # one row a side, none twice


def test_discrepancies_of_one_kind_are_those_updates_with_what_each_side_says(run):
    rows = run("discrepancies", ["concerns", "side", "report", "says"], kind="oo:Update")
    assert rows == [
        ("ind-admitted-from-france", "r000-fig-admitted-350-mahmood", "r000", "350"),
        ("ind-admitted-from-france", "r000-fig-admitted-350-report", "r000", "350"),
        ("ind-admitted-from-france", "r001-fig-admitted-350-report", "r001", "350"),
        ("ind-admitted-from-france", "r002-fig-admitted-350-mahmood", "r002", "350"),
        ("ind-admitted-from-france", "r003-fig-admitted-23-report", "r003", "23"),
        ("ind-admitted-from-france", "r004-fig-admitted-350-mahmood", "r004", "around 350"),
        *[("ind-returned-to-france", f"{r}-fig-returned-{n}-{who}", r, n) for r, n, who in (
            ("r000", "281", "mahmood"), ("r000", "281", "philp"), ("r001", "281", "report"), ("r002", "281", "mahmood"),
            ("r002", "281", "philp"), ("r002", "281", "report"), ("r003", "42", "report"), ("r004", "281", "mahmood"),
            ("r004", "281", "report"))],
        ("ind-returnees-re-entered", "r000-fig-returnees-re-entered-several-report", "r000", "Several"),
        ("ind-returnees-re-entered", "r003-fig-returnees-re-entered-1-report", "r003", "a man"),
    ]


def test_history_of_the_net_inflow_given_as_the_indicator(run):
    rows = run("figure-history", ["report", "value", "comparator", "speaker", "figure"], indicator="oi:ind-net-inflow")
    assert rows == [  # the reports of 2026 by value: "higher ... sending" is less than 0, "more ... entered" more
        ("r001", "0", "oo:LessThan", "pm-official-spokesman", "r001-fig-net-inflow-negative-at-start-pm-spokesman"),
        ("r001", "0", "oo:MoreThan", "shabana-mahmood", "r001-fig-net-inflow-positive-mahmood"),
        ("r002", "0", "oo:LessThan", "pm-official-spokesman", "r002-fig-net-inflow-early-spokesman"),
        ("r000", "69", "oo:Exactly", "kemi-badenoch", "r000-fig-net-inflow-69-badenoch"),
        ("r001", "69", "oo:Exactly", None, "r001-fig-net-inflow-69-report"),
        ("r000", "70", "oo:Exactly", "chris-philp", "r000-fig-net-inflow-70-philp"),
        ("r002", "70", "oo:Exactly", "chris-philp", "r002-fig-net-inflow-70-philp"),
        ("r002", None, "oo:Vague", None, "r002-fig-net-inflow-dozens-report"),  # "Dozens more"
    ]


def test_figures_by_person_without_a_person_are_the_home_secretarys(run):
    rows = run("figures-by-person", ["_person_iri", "report", "statement", "figure"])
    assert {row[0] for row in rows} == {"shabana-mahmood"}
    assert [row[1:] for row in rows] == [
        ("r000", "r000-st-mahmood-1", "r000-fig-returned-281-mahmood"),
        ("r000", "r000-st-mahmood-2", "r000-fig-awaiting-admission-more-mahmood"),
        ("r000", "r000-st-mahmood-4", "r000-fig-admitted-350-mahmood"),
        ("r000", "r000-st-mahmood-4", "r000-fig-returned-281-mahmood"),
        ("r000", "r000-st-mahmood-6", "r000-fig-admitted-small-mahmood"),
        ("r000", "r000-st-mahmood-6", "r000-fig-returned-small-mahmood"),
        ("r000", "r000-st-mahmood-15", "r000-fig-awaiting-admission-more-mahmood"),
        ("r001", "r001-st-mahmood-1", "r001-fig-net-inflow-positive-mahmood"),
        ("r001", "r001-st-mahmood-2", "r001-fig-admitted-small-mahmood"),
        ("r001", "r001-st-mahmood-2", "r001-fig-returned-small-mahmood"),
        ("r002", "r002-st-mahmood-1", "r002-fig-admitted-350-mahmood"),
        ("r002", "r002-st-mahmood-1", "r002-fig-returned-281-mahmood"),
        ("r002", "r002-st-mahmood-3", "r002-fig-returned-small-numbers-mahmood"),
        ("r004", "r004-st-mahmood-2", "r004-fig-returned-281-mahmood"),
        ("r004", "r004-st-mahmood-3", "r004-fig-admitted-350-mahmood"),
        ("r004", "r004-st-mahmood-3", "r004-fig-returned-281-mahmood"),
        ("r004", "r004-st-mahmood-4", "r004-fig-admitted-small-mahmood"),
        ("r004", "r004-st-mahmood-4", "r004-fig-returned-small-mahmood"),
    ]


def first_start(graph, statement: URIRef) -> int:
    from kg.core.namespaces import OA

    return min(int(start) for span in graph.objects(statement, OO.evidence) for start in graph.objects(span, OA.start))


@pytest.mark.parametrize("name, parameter, group", [("who-said-what", "indicator", ("report", "speaker")),
                                                    ("figures-by-person", "person", ("report",))])
def test_a_speakers_statements_in_a_report_come_in_the_order_the_report_gives_them(run, graph, name, parameter, group):
    """who-said-what and figures-by-person ordered a speaker's statements by their IRIs: Mahmood's r000-st-mahmood-15
    (at character 2988 of report 000) came before r000-st-mahmood-2 (at 362). Within a report (and speaker),
    statements come as the report gives them, by where their first evidence span starts; every value and unset."""
    values = [None] + sorted({str(v) for v in graph.objects(None, OO.indicator if parameter == "indicator" else OO.speaker)})
    for value in values:
        rows = run(name, [*group, "statement"], **({parameter: f"<{value}>"} if value else {}))
        starts = [(row[:-1], first_start(graph, OI[row[-1]])) for row in rows]
        for (before, at), (after, later) in zip(starts, starts[1:]):
            assert before != after or at <= later, (value, rows)


def test_figures_in_report_without_a_report_are_report_000s_in_text_order(run):
    rows = run("figures-in-report", ["_report_iri", "figure", "start"])
    assert {row[0] for row in rows} == {"r000"}
    assert [row[1:] for row in rows] == [(f"r000-fig-{name}", start) for name, start in (
        ("admitted-vs-returned-pct-25-report", "0"), ("returned-281-mahmood", "154"), ("admitted-350-report", "269"),
        ("awaiting-admission-more-mahmood", "362"), ("admitted-350-mahmood", "661"), ("admitted-small-mahmood", "843"),
        ("returned-small-mahmood", "843"), ("arrivals-change-soaring-report", "1357"),
        ("arrivals-annual-rank-2-report", "1461"), ("arrivals-since-announced-21000-report", "2337"),
        ("returnees-re-entered-several-report", "2593"), ("net-inflow-69-badenoch", "3171"),
        ("net-inflow-70-philp", "3489"), ("arrivals-2025-41000-philp", "3635"), ("returned-281-philp", "3635"),
        ("removal-chance-zero-philp", "3734"), ("removal-deadline-1-week-philp", "4025"),
        ("crossers-thousands-report", "4432"), ("hedon-report-pages-18-report", "4828"))]


def test_officials_roles_without_a_person_give_every_holding(run):
    rows = run("officials-roles", ["__person_iri", "post", "start", "end"])
    assert rows == [
        ("bruno-retailleau", "post-french-interior-minister", "2024-09-21", "2025-10-12"),
        ("chris-philp", "post-shadow-home-secretary", "2024-11-04", None),
        ("claire-hedon", "post-defender-of-rights", "2020-07-22", None),
        ("emmanuel-macron", "post-president-of-france", "2017-05-14", None),
        ("josh-macalister", "post-uk-childrens-minister", None, None),
        ("keir-starmer", "post-uk-prime-minister", "2024-07-05", None),
        ("kemi-badenoch", "post-conservative-leader", "2024-11-02", None),
        ("kemi-badenoch", "post-leader-of-the-opposition", "2024-11-02", None),
        ("nick-ferrari", "post-lbc-breakfast-presenter", None, None),
        ("shabana-mahmood", "post-uk-home-secretary", "2025-09-05", None),
        ("yolande-makolo", "post-rwanda-government-spokesperson", None, None),
        ("yvette-cooper", "post-uk-home-secretary", "2024-07-05", "2025-09-05"),
        ("yvette-cooper", "post-uk-foreign-secretary", "2025-09-05", None),
        ("home-office-spokesperson", "post-home-office-spokesperson", None, None),  # unnamed: after the named
        ("pm-official-spokesman", "post-pm-official-spokesman", None, None),
    ]


def test_quote_fidelity_without_a_person_compares_every_quotation_of_one_utterance(run):
    pairs = sorted(set(run("quote-fidelity", ["statementA", "statementB", "fidelity"])))
    philp = [(f"r000-st-philp-{a}", f"r002-st-{b}", "trimmed" if a == 2 else "identical") for a, b in (
        (1, "conservatives-1"), (2, "conservatives-1"), (3, "philp-1"), (4, "philp-1"), (5, "philp-2"),
        (6, "philp-2b"), (7, "philp-2b"), (8, "philp-2c"), (9, "conservatives-1"))]
    assert pairs == sorted(philp + [
        ("r000-st-mahmood-10", "r001-st-mahmood-9", "altered"), ("r000-st-mahmood-12", "r002-st-mahmood-7", "paraphrase as quote"),
        ("r000-st-mahmood-13", "r001-st-mahmood-5", "paraphrase as quote"), ("r000-st-mahmood-13", "r001-st-mahmood-6", "altered"),
        ("r000-st-mahmood-14", "r001-st-mahmood-7", "extended"), ("r000-st-mahmood-14", "r002-st-mahmood-6", "trimmed"),
        ("r000-st-mahmood-3", "r002-st-mahmood-2", "trimmed"), ("r000-st-mahmood-5", "r002-st-mahmood-2", "altered"),
        ("r000-st-mahmood-6", "r001-st-mahmood-2", "extended"), ("r000-st-mahmood-6", "r002-st-mahmood-3", "trimmed"),
        ("r000-st-mahmood-6", "r004-st-mahmood-4", "trimmed"), ("r000-st-mahmood-8", "r002-st-mahmood-8", "altered"),
        ("r000-st-mahmood-9", "r001-st-mahmood-8", "altered"), ("r000-st-mahmood-9", "r002-st-mahmood-4", "altered"),
        ("r000-st-mahmood-9", "r004-st-mahmood-6", "trimmed"), ("r001-st-mahmood-2", "r002-st-mahmood-3", "trimmed"),
        ("r001-st-mahmood-2", "r004-st-mahmood-4", "trimmed"), ("r001-st-mahmood-7", "r002-st-mahmood-6", "extended"),
        ("r001-st-mahmood-8", "r002-st-mahmood-4", "identical"), ("r001-st-mahmood-8", "r004-st-mahmood-6", "trimmed"),
        ("r001-st-pm-spokesman-3", "r002-st-spokesman-5", "identical"),
        ("r001-st-pm-spokesman-4", "r002-st-spokesman-3", "altered"),
        ("r001-st-pm-spokesman-5", "r002-st-spokesman-2", "identical"),
        ("r001-st-pm-spokesman-6", "r002-st-spokesman-4", "identical"),
        ("r002-st-mahmood-3", "r004-st-mahmood-4", "trimmed"), ("r002-st-mahmood-4", "r004-st-mahmood-6", "trimmed")])


def test_quote_fidelity_of_philps_words_is_each_difference_of_his_quotations(run):
    rows = run("quote-fidelity", ["statementA", "statementB", "difference", "wordsA", "wordsB"], person="oi:chris-philp")
    assert rows == [
        ("r000-st-philp-1", "r002-st-conservatives-1", None, None, None),
        ("r000-st-philp-2", "r002-st-conservatives-1", "quoted separately", "the Home Secretary", ""),
        ("r000-st-philp-2", "r002-st-conservatives-1", "trimmed", "This is a", ""),
        ("r000-st-philp-2", "r002-st-conservatives-1", "trimmed", "by", ""),
        ("r000-st-philp-3", "r002-st-philp-1", "quoted separately", "",
         "And worse than that, they have only removed 281 illegal immigrants when 41,000 arrived last year"),
        ("r000-st-philp-4", "r002-st-philp-1", "quoted separately", "",
         "The government scheme has resulted in a net inflow of 70 immigrants"),
        ("r000-st-philp-5", "r002-st-philp-2", None, None, None),
        ("r000-st-philp-6", "r002-st-philp-2b", "quoted separately", "",
         "She has no control of illegal immigrants crossing the channel whatsoever"),
        ("r000-st-philp-7", "r002-st-philp-2b", "quoted separately", "",
         "It’s no surprise that illegal immigrants continue to flood across the Channel on this home secretary’s watch"),
        ("r000-st-philp-8", "r002-st-philp-2c", "variant", "ECHR", "[European Convention on Human Rights]"),
        ("r000-st-philp-9", "r002-st-conservatives-1", None, None, None),
    ]


def test_quote_fidelity_for_a_speaker_lists_every_pair_they_are_quoted_in_on_either_side(run, store):
    """Which quote of a pair is the first is an artefact of how pairs are ordered, so a speaker is matched on
    either side: the Conservative Party, whose quotes in report 002 are their pairs' second, had no row. Each
    pair is listed once, one row per difference (one for none), even where both quotes are the speaker's
    (Mahmood's)."""
    comparisons = answer(store, """SELECT ?comparison ?speakerA ?speakerB (COUNT(?d) AS ?differences) WHERE {
        ?comparison oo:quoteA ?a ; oo:quoteB ?b . ?a oo:speaker ?speakerA . ?b oo:speaker ?speakerB
        OPTIONAL { ?comparison oo:difference ?d } } GROUP BY ?comparison ?speakerA ?speakerB""").records()
    for person in ("conservative-party", "chris-philp", "shabana-mahmood"):
        listed = Counter(comparison for (comparison,) in run("quote-fidelity", ["comparison"], person=f"oi:{person}"))
        quoted = {short(c["comparison"]): max(1, int(c["differences"])) for c in comparisons
                  if person in (short(c["speakerA"]), short(c["speakerB"]))}
        assert quoted and listed == quoted, person


def test_quote_fidelity_of_the_conservative_partys_words_is_philps_quoted_as_the_partys(run):
    """Report 002 gives the party "lamentable admission of failure", which report 000 quotes three times
    from Chris Philp: the party's quote is each pair's second, and the two are one voice by a membership
    the curators read."""
    rows = run("quote-fidelity", ["statementA", "statementB", "difference", "wordsA", "wordsB", "inferred"],
               person="oi:conservative-party")
    assert rows == [
        ("r000-st-philp-1", "r002-st-conservatives-1", None, None, None, "memberOf"),
        ("r000-st-philp-2", "r002-st-conservatives-1", "quoted separately", "the Home Secretary", "", "memberOf"),
        ("r000-st-philp-2", "r002-st-conservatives-1", "trimmed", "This is a", "", "memberOf"),
        ("r000-st-philp-2", "r002-st-conservatives-1", "trimmed", "by", "", "memberOf"),
        ("r000-st-philp-9", "r002-st-conservatives-1", None, None, None, "memberOf"),
    ]


def test_reports_stating_the_default_value_of_any_indicator(run):
    """No indicator: 281 under every indicator that has it (only people returned to France do)."""
    rows = run("reports-stating-figure", ["__indicator_iri", "period", "reportCount", "reports", "figureCount"])
    assert rows == [
        ("ind-returned-to-france", "", "3", "r000 r002 r004", "6"),
        ("ind-returned-to-france", "event-returns-agreement-agreed", "1", "r002", "1"),
        ("ind-returned-to-france", "event-returns-operations-began", "1", "r001", "1"),
    ]


@pytest.mark.parametrize("value", ["350", "350.0", "+350", " 350 "])
def test_reports_stating_350_admitted_however_the_value_is_written(run, value):
    rows = run("reports-stating-figure", ["__indicator_iri", "period", "reportCount", "reports", "figureCount"],
               value=value)
    assert rows == [  # r004's "around 350" apart; r000 twice (its own voice and Mahmood's)
        ("ind-admitted-from-france", "", "1", "r004", "1"),
        ("ind-admitted-from-france", "", "1", "r000", "2"),
        ("ind-admitted-from-france", "event-returns-agreement-agreed", "1", "r002", "1"),
        ("ind-admitted-from-france", "event-returns-operations-began", "1", "r001", "1"),
    ]


def test_reports_stating_a_decimal_share_written_with_a_trailing_zero(run):
    assert run("reports-stating-figure", ["__indicator_iri", "reports"], value="1.60") == [
        ("ind-returned-share-of-arrivals", "r002")]


def test_statements_about_the_rwanda_partnership_given_as_what_they_are_about(run):
    rows = run("statements-about", ["_about_iri", "report", "statement", "kind", "speaker"], about="oi:uk-rwanda-partnership")
    assert rows == [
        ("uk-rwanda-partnership", "r002", "r002-st-philp-3", "oo:ReportedStatement", "chris-philp"),
        ("uk-rwanda-partnership", "r002", "r002-st-rwanda-1", "oo:ReportedStatement", "rwandan-government"),
        ("uk-rwanda-partnership", "r002", "r002-st-rwanda-2", "oo:DirectQuote", "rwandan-government"),
        ("uk-rwanda-partnership", "r002", "r002-st-rwanda-3", "oo:DirectQuote", "rwandan-government"),
        ("uk-rwanda-partnership", "r002", "r002-st-makolo-1", "oo:DirectQuote", "yolande-makolo"),
    ]


def test_statements_in_report_003_given_as_the_report(run):
    rows = run("statements", ["__report_iri", "statement", "kind", "speaker"], report="oi:r003")
    assert {row[0] for row in rows} == {"r003"}
    assert [row[1:] for row in rows] == [
        ("r003-st-ministers-1", "oo:DirectQuote", "unnamed-ministers-003"),
        ("r003-st-sources-3", "oo:DirectQuote", "unnamed-sources"),
        ("r003-st-macalister-1", "oo:DirectQuote", "josh-macalister"),
        ("r003-st-macalister-2", "oo:DirectQuote", "josh-macalister"),
        ("r003-st-times-1", "oo:DirectQuote", "the-times"),
        ("r003-st-government-source-1", "oo:DirectQuote", "government-source"),
        ("r003-st-labour-1", "oo:DirectQuote", "labour-party"),
        ("r003-st-home-office-spokesperson-1", "oo:DirectQuote", "home-office-spokesperson"),
        ("r003-st-mahmood-1", "oo:ReportedStatement", "shabana-mahmood"),  # relayed by the spokesperson
        ("r003-st-starmer-2", "oo:ReportedStatement", "keir-starmer"),
        *[(f"r003-st-starmer-{n}", "oo:DirectQuote", "keir-starmer") for n in range(3, 8)],
    ]


def test_statements_without_a_report_are_every_reports(run):
    rows = run("statements", ["__report_iri", "statement"])
    counts: dict = {}
    for report, _ in rows:
        counts[report] = counts.get(report, 0) + 1
    assert counts == {"r000": 32, "r001": 20, "r002": 23, "r003": 15, "r004": 7}
    assert len({statement for _, statement in rows}) == len(rows) == 97


def test_who_said_what_without_an_indicator_gives_every_attributed_figure(run):
    rows = run("who-said-what", ["speaker", "report", "figure", "__indicator_iri"])
    by_speaker: dict = {}
    for speaker, report, figure, indicator in rows:
        assert figure.startswith(f"{report}-fig-"), figure
        by_speaker.setdefault(speaker, set()).add(indicator)
    assert len(rows) == 35
    assert by_speaker == {
        "chris-philp": {"ind-net-inflow", "ind-small-boat-arrivals", "ind-returned-to-france", "ind-removal-chance",
                        "ind-proposed-removal-deadline", "ind-small-boat-arrivals-change-pct"},
        "kemi-badenoch": {"ind-net-inflow"},
        "shabana-mahmood": {"ind-returned-to-france", "ind-admitted-from-france", "ind-awaiting-admission-from-france",
                            "ind-net-inflow"},
        "uk-government": {"ind-small-boat-arrivals"},
        "pm-official-spokesman": {"ind-net-inflow"},
        "keir-starmer": {"ind-governments-seeking-similar-agreements", "ind-return-interval"},
    }
    net_inflow = run("who-said-what", ["speaker", "report", "figure"], indicator="oi:ind-net-inflow")
    assert net_inflow == [row[:3] for row in rows if row[3] == "ind-net-inflow"]  # the same rows, in the same order


# The values a saved query shows that the curators may have read rather than the report stated, in the
# order of its `inferred` column: (the column holding the node, the property marked on it, the word).
# A row lists a word when the row's node carries an oo:InferredValue for that property (or, for "date",
# oo:dateInferred true): docs/modelling.md "Nothing silent".
SHOWN_MARKS = {
    "who-said-what": [("statement", OO.speaker, "speaker"), ("statement", OO.speakerPost, "speakerPost"),
                      ("figure", OO.value, "value"), ("figure", OO.indicator, "indicator"), ("statement", "gist", "gist")],
    "statements": [("statement", OO.speaker, "speaker"), ("statement", OO.speakerPost, "speakerPost"),
                   ("statement", OO.venue, "venue"), ("statement", "gist", "gist")],
    "statements-about": [("statement", OO.speaker, "speaker"), ("statement", OO.speakerPost, "speakerPost"),
                         ("statement", OO.venue, "venue"), ("statement", "gist", "gist")],
    "statements-by-person": [("statement", OO.speaker, "speaker"), ("statement", OO.speakerPost, "speakerPost"),
                             ("statement", OO.venue, "venue"), ("statement", OO.dateInferred, "date"), ("statement", "gist", "gist")],
    "figures-by-person": [("statement", OO.speaker, "speaker"), ("statement", OO.speakerPost, "speakerPost"),
                          ("figure", OO.value, "value"), ("figure", OO.indicator, "indicator"), ("statement", "gist", "gist")],
    "figure-provenance": [("_figure_iri", OO.value, "value"), ("_figure_iri", OO.unit, "unit"),
                          ("_figure_iri", OO.indicator, "indicator"), ("_figure_iri", "period", "period"), ("statement", OO.speaker, "speaker"),
                          ("statement", OO.speakerPost, "speakerPost"), ("statement", OO.venue, "venue"),
                          ("statement", OO.dateInferred, "date")],
    "figures-in-report": [("figure", OO.value, "value"), ("figure", OO.unit, "unit"), ("figure", OO.indicator, "indicator"),
                          ("figure", "period", "period"),
                          (None, lambda graph, row: figure_speaker_read(graph, row["figure"], row.get("speaker")),
                           "speaker")],
    "figure-history": [("report", "datePublished", "datePublished"), ("figure", OO.value, "value"),
                       ("figure", OO.indicator, "indicator"), ("figure", "period", "period"),
                       (None, lambda graph, row: figure_speaker_read(graph, row["figure"], row.get("speaker")),
                        "speaker")],
    "check-verdicts": [("figure", OO.derivation, "derivation"),
                       (None, lambda graph, row: figure_speaker_read(graph, row["figure"], row.get("speaker")),
                        "speaker")],
    "discrepancies": [("side", "date said", "date"),
                      (None, lambda graph, row: side_speaker_read(graph, row["side"], row.get("speaker")), "speaker"),
                      ("side", "gist", "gist")],
    "quote-fidelity": [("statementA", OO.speaker, "speakerA"), ("statementB", OO.speaker, "speakerB"),
                       (None, lambda graph, row: one_voice_by_a_membership_read(graph, row), "memberOf")],
    "agreements": [("agreement", OO.party, "party"), ("agreement", "status", "agreementStatus"),
                   (None, lambda graph, row: milestone_date_read(graph, row), "date")],
    "officials-roles": [("holding", OO.holder, "holder"), ("holding", OO.post, "post")],
    "reports-stating-figure": [(None, lambda graph, row: any(marked(graph, f, OO.value) for f in row_figures(graph, row)),
                                "value"),
                               (None, lambda graph, row: any(marked(graph, f, OO.indicator) for f in row_figures(graph, row)),
                                "indicator"),
                               (None, lambda graph, row: any(marked(graph, f, "period from") for f in row_figures(graph, row)),
                                "period")],
}
# Saved queries that show a value the curators may have read, without the column yet.
NOT_YET_MARKED = set()
# Words of a query's column no row of the seed data has: the values the curators read are of figures in
# the report's own voice (1 for "balanced exchanges", 2 for "the highest since 2022"), which these list
# only with a speaker.
NEVER_SHOWN_MARKED = {("who-said-what", "value"), ("figures-by-person", "value"),
                      ("officials-roles", "holder"),  # (the seed's holders are all the public record's or a report's)
                      # (the seed's gists that read a word elsewhere are direct quotes', whose rows show the quote:
                      # test_a_gist_that_borrows_a_word_is_named_in_the_inferred_column adds one)
                      *((name, "gist") for name in ("who-said-what", "figures-by-person", "statements",
                                                    "statements-about", "statements-by-person", "discrepancies"))}


def marked(graph, node, prop) -> bool:
    """Whether the graph says the curators, not the report, gave `node`'s `prop`."""
    if prop == "period":  # the period column shows a reference year, else a start event, only where the report gives no words
        return graph.value(node, OO.periodAsWritten) is None and marked(graph, node, "period from")
    if prop == "datePublished":  # a report's date, shown from the curators' reading when the report states none
        return graph.value(node, SCHEMA.datePublished) is None and marked(graph, node, SCHEMA.datePublished)
    if prop == "date said":  # a side that is an event's date (a figure says its words, a statement its quote or gist)
        return all(graph.value(node, p) is None for p in (OO.statedAs, OO.quote, OO.gist)) and \
            marked(graph, node, OO.dateInferred)
    if prop == "gist":  # the words shown are the curators' gist (no quote), a word of it read from another sentence
        return graph.value(node, OO.quote) is None and marked(graph, node, OO.gist)
    if prop == "status":
        return graph.value(node, OO.agreementStatus) is not None and marked(graph, node, OO.agreementStatus)
    if prop == "period from":  # the period reports-stating-figure shows: the reference year, else the event it runs from
        shown = OO.referenceYear if graph.value(node, OO.referenceYear) is not None else OO.periodStartEvent
        return graph.value(node, shown) is not None and marked(graph, node, shown)
    if prop == OO.dateInferred:
        return (node, OO.dateInferred, Literal(True)) in graph
    if prop == OO.referenceYear and marked(graph, node, OO.dateInferred) and graph.value(node, OO.asOf) is None:
        return True  # a year read from relative words ("last year") against the report's date (kg.analysis.figures)
    return any((reading, OO.inferredProperty, prop) in graph for reading in graph.objects(node, OO.inferredValue))


def figure_speaker_read(graph, figure, shown) -> bool:
    """Whether the speaker a row shows for `figure` (their IRI, or their name) is the curators' reading: no
    statement of the figure by them names them (kg.analysis.figures: StatedFigure.inferred_speakers, what
    kg check, kg discrepancies and the pages mark). Not "any statement of the figure's": report 000's 281
    is Mahmood's by a sentence that names her, and by a quote that does not."""
    if shown is None:
        return False
    stated = read_figure(graph, figure)
    return any(shown == iri if isinstance(shown, URIRef) else str(shown) == name
               for iri, name in stated.speakers if iri in stated.inferred_speakers)


def one_voice_by_a_membership_read(graph, row) -> bool:
    """Whether a quote-fidelity row pairs two speakers' quotes as one voice's by a party membership that the
    curators read (Chris Philp's words given to the Conservative Party by another report)."""
    a, b = (graph.value(row[name], OO.speaker) for name in ("statementA", "statementB"))
    return a != b and any((member, OO.inferredValue, reading) in graph and (reading, RDF.value, party) in graph
                          for member, party in ((a, b), (b, a))
                          for reading in graph.subjects(OO.inferredProperty, OO.memberOf))


def side_speaker_read(graph, side, shown) -> bool:
    """Whether the speaker a discrepancies row shows for `side` is the curators' reading: a figure's as
    figure_speaker_read; a statement's (different accounts of the same remarks) where its own words do not
    name them."""
    if graph.value(side, OO.speaker) is None:
        return figure_speaker_read(graph, side, shown)
    return shown is not None and marked(graph, side, OO.speaker)


def row_figures(graph, row) -> list:
    """The figures a row of reports-stating-figure counts: its value, comparator, indicator and period."""
    def period(figure):
        year, since = graph.value(figure, OO.referenceYear), graph.value(figure, OO.periodStartEvent)
        return str(year) if year is not None else str(since).partition("/id/")[2] if since is not None else ""
    return [f for f in graph.subjects(OO.value, row["_value_decimal"])
            if graph.value(f, OO.indicator) == row["__indicator_iri"] and period(f) == str(row["period"])
            and graph.value(f, OO.comparator) == row["comparator"]]


def milestone_date_read(graph, row) -> bool:
    """Whether the curators read the date of the row's milestone of agreements (an oo:EventDate)."""
    if row.get("date") is None:
        return False
    return any(marked(graph, dating, OO.dateInferred)
               for dating in graph.subjects(OO.date, row["date"])
               if graph.value(dating, OO.inReport) == row["report"]
               and graph.value(graph.value(dating, OO.event), OO.ofAgreement) == row["agreement"])


def every_value(graph, saved) -> list:
    """Every figure, speaker, report, indicator, subject or value in the data, for a query whose parameter
    names one (its default is only one)."""
    found = []
    for parameter in saved.parameters:
        prop = {"figure": OO.statedAs, "person": OO.speaker, "report": OO.inReport, "indicator": OO.indicator,
                "about": OO.about, "value": OO.value}.get(parameter.name)
        if prop is None:
            continue
        nodes = graph.subjects(prop, None) if parameter.name == "figure" else graph.objects(None, prop)
        found += [{parameter.name: str(node) if isinstance(node, Literal) else f"<{node}>"}
                  for node in sorted(set(nodes), key=str)]
    return found


@pytest.mark.parametrize("name, column, parameter", [("figure-history", "figure", "indicator"),
                                                     ("figures-in-report", "figure", "report"),
                                                     ("figure-provenance", "_figure_iri", "figure")])
def test_a_figure_counted_from_an_event_shows_that_period_where_its_words_give_none(run, graph, name, column, parameter):
    """figure-history, figures-in-report and figure-provenance showed a period only from the figure's words or its
    year: report 002's 281 removed "since the deal was agreed" (oo:periodStartEvent, read by the curators from the
    350 of its sentence) and report 001's net inflow of 69 since operations began had an empty period, beside
    others' "under the deal": the different baseline that kg discrepancies finds between them was not to be seen.
    The period is the figure's words, else its year, else "since" the event it is counted from (as the pages say)."""
    counted = {figure: f"since {graph.value(event, RDFS.label)}" for figure, event in graph.subject_objects(OO.periodStartEvent)
               if graph.value(figure, OO.periodAsWritten) is None and graph.value(figure, OO.referenceYear) is None}
    assert "r002-fig-returned-281-mahmood" in {short(f) for f in counted}
    key = {"indicator": OO.indicator, "report": OO.inReport, "figure": None}[parameter]
    for figure, period in counted.items():
        value = figure if key is None else graph.value(figure, key)
        rows = run(name, [column, "period"], **{parameter: f"<{value}>"})
        assert {row[1] for row in rows if row[0] == short(figure)} == {period}, (name, figure, rows)


def test_a_figure_whose_spans_lie_outside_its_statements_evidence_keeps_its_provenance(project, graph):
    """figure-provenance kept a statement's row only with a span of the figure inside the statement's evidence:
    a figure whose statement's evidence lies elsewhere (no shape asks that it overlap) had no row at all, not even
    its value. Such a statement is shown with each of the figure's spans."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph
    from kg.core.namespaces import OA

    figure, statement = OI["r003-fig-return-interval-1-week-starmer"], OI["r003-st-starmer-4"]
    assert (statement, OO.mentionsFigure, figure) in graph
    moved = Graph()
    for triple in graph:
        moved.add(triple)
    moved.remove((statement, OO.evidence, None))
    elsewhere = BNode()  # the statement's words at the report's end, far from the figure's
    for p, o in ((OA.start, Literal(9000)), (OA.end, Literal(9010)), (OA.exact, Literal("elsewhere"))):
        moved.add((elsewhere, p, o))
    moved.add((statement, OO.evidence, elsewhere))
    store = ox.Store()
    store.load(moved.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    saved = load_queries(project.queries_dir)["figure-provenance"]
    rows = answer(store, saved.text, saved.bindings({"figure": "oi:r003-fig-return-interval-1-week-starmer"})).records()
    spans = {str(start) for span in graph.objects(figure, OO.evidence) for start in graph.objects(span, OA.start)}
    assert rows and {(r.get("statement"), str(r["value"]), str(r["start"])) for r in rows} == {
        (statement, "1", start) for start in spans}, rows


def test_every_inferred_column_lists_exactly_the_marked_values_the_row_shows(project, store, graph):
    queries = load_queries(project.queries_dir)
    with_column = {name for name, saved in queries.items() if "inferred" in saved.variables}
    assert with_column == set(SHOWN_MARKS)
    assert not with_column & NOT_YET_MARKED
    unmarked = {(name, word) for name, shown in SHOWN_MARKS.items() for _, _, word in shown}
    seen = set()
    for name, shown in SHOWN_MARKS.items():
        saved = queries[name]
        records = [record for given in [{}] + every_value(graph, saved)
                   for record in answer(store, saved.text, saved.bindings(given)).records()]
        for record in records:
            expected = [word for column, prop, word in shown
                        if (prop(graph, record) if callable(prop)
                            else record.get(column) is not None and marked(graph, record[column], prop))]
            assert str(record.get("inferred") or "") == ", ".join(expected), (name, record)
            seen |= {(name, word) for word in expected}
    unmarked -= seen
    assert {name for name, _ in seen} == set(SHOWN_MARKS)  # every query shows a marked value
    assert unmarked == NEVER_SHOWN_MARKED  # and each of its words, where the data has such a row


def test_a_gist_that_borrows_a_word_is_named_in_the_inferred_column(project, graph):
    """A reported statement's words are the curators' gist; where the gist reads a word from another sentence
    (oo:inferredValue, oo:inferredProperty oo:gist: "they" read as the figures named before) the rows showing
    it said nothing. The seed's gists that do are all direct quotes' (their rows show the quote), so one is
    added here to a reported statement that mentions figures, and every query showing it names "gist"."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph
    from rdflib.namespace import RDF

    statement, reading, marked = OI["r001-st-mahmood-1"], BNode(), Graph()
    for triple in graph:
        marked.add(triple)
    marked.add((statement, OO.inferredValue, reading))
    marked.add((reading, RDF.type, OO.InferredValue))
    marked.add((reading, OO.inferredProperty, OO.gist))
    store = ox.Store()
    store.bulk_load(marked.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    queries = load_queries(project.queries_dir)
    for name, given in [("statements", {"report": f"<{OI['r001']}>"}),
                        ("statements-about", {"about": f"<{OI['uk-france-returns-agreement']}>"}),
                        ("statements-by-person", {"person": f"<{OI['shabana-mahmood']}>"}),
                        ("figures-by-person", {"person": f"<{OI['shabana-mahmood']}>"}), ("who-said-what", {})]:
        saved = queries[name]
        rows = [record for record in answer(store, saved.text, saved.bindings(given)).records()
                if record.get("statement") == statement]
        assert rows and all(str(row["inferred"]).split(", ")[-1] == "gist" for row in rows), (name, rows)


# ------------------------------------------------------------------ a statement's words, and what they are


def words_kind(graph, statement):
    """What a statement's words are, read off the graph: oo:DirectQuote (the report's exact words, oo:quote)
    or oo:ReportedStatement (the curators' gist, oo:gist, of words the report did not put in quotation marks)."""
    kinds = {OO.DirectQuote, OO.ReportedStatement} & set(graph.objects(statement, RDF.type))
    return kinds.pop() if len(kinds) == 1 else None


# The columns of a saved query that show a statement's words: (the words, the node they are of, what they are).
# discrepancies shows a side's: a figure's wording, an event's date, or (different accounts) a statement's words.
WORDS_COLUMNS = [("words", "statement", "kind"), ("says", "side", "saidAs")]


def test_every_row_that_shows_a_statements_words_says_whether_they_are_a_quote_or_a_gist(project, store, graph):
    """who-said-what and figures-by-person showed COALESCE(quote, gist) as `words` with nothing saying which:
    a fact-checker copying the row cited the curators' gist as the speaker's words; discrepancies showed a
    statement side (different accounts of the same remarks) as saying "2026", its date, with no words and no
    speaker. Every saved query that shows a statement's words has a column saying what they are (`kind`, as
    statements.rq has; `saidAs` in discrepancies, whose `kind` is the discrepancy's), named in its
    description, and on each row it is the statement's class and the words are its quote (a direct quote)
    or its gist; empty where the row's node is no statement."""
    queries = load_queries(project.queries_dir)
    showing = {(name, *columns) for name, saved in queries.items() for columns in WORDS_COLUMNS
               if columns[0] in saved.variables}
    assert {name for name, *_ in showing} >= {"who-said-what", "figures-by-person", "statements", "statements-about",
                                              "statements-by-person", "discrepancies"}
    seen = set()
    for name, words, node, what in sorted(showing):
        saved = queries[name]
        assert what in saved.variables, name
        assert re.search(rf"Column {what}\b.*oo:DirectQuote.*oo:ReportedStatement", " ".join(saved.description.split())), name
        for given in [{}] + every_value(graph, saved):
            for record in answer(store, saved.text, saved.bindings(given)).records():
                kind = words_kind(graph, record[node])
                if kind is None:
                    assert record.get(what) is None, (name, record)
                    continue
                said = graph.value(record[node], OO.quote if kind == OO.DirectQuote else OO.gist)
                assert (record.get(what), record.get(words)) == (kind, said), (name, record)
                if name == "discrepancies":  # who said it: the statement's own speaker
                    names = {str(name) for name in graph.objects(graph.value(record[node], OO.speaker), RDFS.label)}
                    assert str(record.get("speaker")) in names, record
                seen.add((name, kind))
    assert seen == {(name, kind) for name, *_ in showing for kind in (OO.DirectQuote, OO.ReportedStatement)}
