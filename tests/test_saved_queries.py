"""Every saved query, run on the real data, returns the rows the five reports call for.

Expected rows are read off the articles: who said which figure, in which report, with which words.
"""

from pathlib import Path

import pytest
from rdflib import URIRef

from kg.namespaces import OI, OO
from kg.query.run import answer
from kg.query.saved import load_queries

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
        ("41,472", "41472", "oo:Exactly"),
        ("the highest annual total since 2022", "2", "oo:AtLeast"),
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
    assert ("r003", "She will do whatever it takes to restore order to the UK's border.") in rows
    assert ("r000", "We’ve had 350 people come in to the country from France and 281 have been removed,") in rows


def test_history_of_people_returned_to_france(run):
    rows = run("figure-history", ["reportDate", "report", "value"])  # default: returned to France
    assert rows[0] == ("2025", "r003", "42")
    exact = [row for row in rows if row[2] is not None]
    # r004 twice: the headline's 281 (the report's voice) and Mahmood's
    assert exact[1:] == [("2026", r, "281") for r in ("r000", "r000", "r001", "r002", "r002", "r002", "r004", "r004")]
    assert {row[1] for row in rows if row[2] is None} == {"r000", "r001", "r002", "r004"}  # "relatively small numbers"


def test_reports_stating_281_returned(run):
    rows = run("reports-stating-figure", ["period", "reportCount", "reports", "figureCount"],
               indicator="oi:ind-returned-to-france", value="281")
    assert rows == [  # no start stated: the count under the agreement to date (no default start event)
        ("", "3", "r000 r002 r004", "6"),
        ("event-returns-agreement-agreed", "1", "r002", "1"),  # inferred from the 350's clause, and marked
        ("event-returns-operations-began", "1", "r001", "1"),  # "which commenced operations in September"
    ]


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
               if subject == "ind-admitted-from-france" and label.startswith("Update")]
    assert updates == ["Update: admitted from France: 23 vs 350/around 350"]


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
    from kg.graph.build import build
    from kg.graph.store import open_store

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


def test_statements_in_every_report_are_in_text_order(run):
    rows = run("statements", ["__report_iri", "start"])
    assert {report for report, _ in rows} == {"r000", "r001", "r002", "r003", "r004"}
    for report in {r for r, _ in rows}:
        starts = [int(s) for r, s in rows if r == report]
        assert starts == sorted(starts)
