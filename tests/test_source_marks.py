"""Never more than the source says, in every output a reader or a program reads beyond the desk's pages: a value
the evidence does not state (a year read from "last year" against the report's inferred date, a speaker or a name
the curators supplied, the curators' gist of reported speech) carries its mark wherever it is shown."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

from kg.analysis.discrepancies import detect
from kg.analysis.figures import FigureReader
from kg.analysis.timeline import render, rows, timeline
from kg.core.namespaces import OI, OO
from kg.web.desk import INFERRED_MEANS
from kg.web.pages import Site

PHILP_41000 = OI["r000-fig-arrivals-2025-41000-philp"]  # "when 41,000 arrived last year": 2025, read
CHECK_70 = OI["check-r000-fig-net-inflow-70-philp"]  # of Philp's "net inflow of 70", a quote that names no one


def test_a_year_read_from_last_year_is_a_period_the_curators_inferred(sources):
    """oo:dateInferred on a figure with a reference year and no as-of date marks the year as read from relative
    words ("last year") against the report's date: the shared reading of a figure marks its period inferred."""
    f = FigureReader(sources.asserted())[PHILP_41000]
    assert f.period == "2025" and f.period_inferred
    assert f.period_words() == "2025 (inferred)" and "referenceYear" in f.inferred_names


def test_kg_timeline_marks_a_year_read_from_last_year_in_its_table_and_json(sources):
    figures = timeline(sources.asserted(), OI["ind-small-boat-arrivals"])
    read = next(f for f in figures if f.node == PHILP_41000)
    period = rows([read])[0][4]
    assert str(period) == "2025 (inferred)"
    entry = next(e for e in json.loads(render(figures, "json")) if e["figure"] == str(PHILP_41000))
    assert "referenceYear" in entry["inferred"]
    stated = next(f for f in figures if str(f.node).endswith("r002-fig-arrivals-2025-41472-report"))  # "in 2025"
    assert str(rows([stated])[0][4]) == "2025"


def test_a_disagreements_text_marks_a_year_read_from_last_year(sources):
    """Regression: "Small-boat arrivals, 2025: Report 000 (Chris Philp, inferred) and report 002 (Chris Philp) say
    41,000" (and "281 against 41,000 (2025)"), where both 41,000s are of "last year" read as 2025."""
    texts = [d.explanation for d in detect(sources.asserted())]
    rounding = next(t for t in texts if t.startswith("Small-boat arrivals, 2025"))
    assert rounding.startswith("Small-boat arrivals, 2025 (inferred for "), rounding
    share = next(t for t in texts if t.startswith("Returned share of arrivals"))
    assert "against 41,000 (2025)" not in share and "against 41,000 (2025, inferred)" in share, share


def test_a_disagreements_title_marks_a_date_every_report_of_it_gives_in_relative_words(sources):
    """Regression: "Reports contradict each other on ... deal agreed ...: July 2025 or August 2025", where the only
    report of August ("in August", report 002) gives no year: the title now marks it as the explanation did; July,
    which report 004 writes in full ("in July 2025"), stays unmarked."""
    found = detect(sources.asserted())
    contradiction = next(d for d in found if d.kind == "contradiction")
    assert contradiction.label().endswith(": July 2025 or August 2025 (inferred)"), contradiction.label()
    milestones = next(d for d in found if d.kind == "different-event")
    assert milestones.label().endswith("began operations in September 2025 (inferred)"), milestones.label()

@pytest.fixture(scope="module")
def site(project, store):
    return Site(project, store, static=True, endpoint=None)


def _claim_author(site, statement) -> dict:
    """The ClaimReview markup's itemReviewed.author of the check of Philp's 70 as it would be were its claim made in
    `statement` (the data has no check of a claim by most speakers)."""
    _, model = site.page_model("id/check-r000-fig-net-inflow-70-philp")
    figure = {**model["figure"], "statements": [site.desk.statement("../", statement, variants=False)]}
    return site.desk.claim_review(CHECK_70, {**model, "figure": figure}, site.config)["itemReviewed"]["author"]


def test_a_claim_author_the_data_gives_no_words_of_the_report_for_is_not_said_to_be_named_in_them(site):
    """Regression: the markup said an unnamed person was "named here in the report's words" where the data has no
    skos:altLabel for them (the Prime Minister's official spokesman: their name is the curators' label). It now
    says so only where the data holds the report's words, and says whose the name is where it does not."""
    g = site.desk.graph
    spokesman = OI["pm-official-spokesman"]
    assert (spokesman, OO.anonymous, Literal(True)) in g and g.value(spokesman, SKOS.altLabel) is None
    author = _claim_author(site, sorted(g.subjects(OO.speaker, spokesman), key=str)[0])
    assert "report's words" not in author["description"].replace("none of the report's words", ""), author
    assert "this name is the curators' description" in author["description"], author
    source = OI["government-source"]  # skos:altLabel "a government source"
    author = _claim_author(site, sorted(g.subjects(OO.speaker, source), key=str)[0])
    assert author["name"] == "a government source" and "Named here in the report's words." in author["description"]


def test_a_claim_author_the_claims_own_words_do_not_name_carries_the_mark_in_the_markup(site):
    """Regression: the ClaimReview of Philp's "net inflow of 70" gave him as its author with nothing to say that the
    quote's words name no one (the report names him a paragraph before: the page shows "Chris Philp (inferred)")."""
    review = site.desk.claim_review(CHECK_70, site.page_model("id/check-r000-fig-net-inflow-70-philp")[1], site.config)
    author = review["itemReviewed"]["author"]
    assert author["name"] == "Chris Philp" and "jobTitle" not in author
    assert author["description"] == f"Who made the claim is {INFERRED_MEANS}.", author


GIST_281 = OI["r000-st-mahmood-1"]  # reported speech: its words are the curators' gist


def test_a_statements_tables_words_mark_the_curators_gist_as_theirs(site):
    """Regression: a statements table's "Words" (a report's page, and its CSV) showed the curators' gist of
    reported speech as plainly as a speaker's words; its own page says "In the curators' words". The cell, and so
    the CSV, now says what the words are, as the page's statement block does."""
    table = site.page_model("id/r000")[1]["statements"]
    words = [row[table.columns.index("Words")].text for row in table.rows]
    gist = str(site.desk.graph.value(GIST_281, OO.gist))
    assert f"{gist} (reported speech, in the curators\u2019 words)" in words, words
    assert all(w.startswith("\u201c") or w.endswith("words)") or w.endswith("(reported speech)") for w in words), words
    assert "in the curators\u2019 words)" in site.desk.csv(table).decode("utf-8-sig")


def test_a_search_record_of_reported_speech_says_its_words_are_the_curators_gist(site):
    """Regression: the search index's record of a reported statement held its gist as bare words, where the
    statement's page says they are the curators' summary."""
    from kg.web.search import records
    found = {r["url"].removesuffix(".html").rsplit("/", 1)[-1]: r for r in records(site)}
    gist = str(site.desk.graph.value(GIST_281, OO.gist))
    assert found["r000-st-mahmood-1"]["content"] == f"{gist} (reported speech, in the curators\u2019 words)"


def test_a_search_records_role_is_marked_where_the_statements_own_words_do_not_name_it(site):
    """Regression: the search record of Philp's "net inflow of 70" was titled "Chris Philp (inferred), Shadow Home
    Secretary": the quote names neither him nor his post (the report does, a paragraph before), and the page marks
    both. The record now marks the role as the page does (Desk.statement, one rule: role_marked)."""
    from kg.web.search import records
    found = {r["url"].removesuffix(".html").rsplit("/", 1)[-1]: r for r in records(site)}
    assert found["r000-st-philp-3"]["title"] == "Chris Philp (inferred), Shadow Home Secretary (inferred), in Report 000"
    assert site.desk.statement("../", OI["r000-st-philp-3"], variants=False)["role"] == "Shadow Home Secretary (inferred)"


def test_a_search_record_of_a_person_marks_a_post_the_curators_read_from_the_public_record(site):
    """Regression: Nick Ferrari's search record listed "Presenter of LBC Breakfast" as plainly as a post a report
    names; no report says he presents it (the holding's post is marked oo:PublicRecord), and his page marks it."""
    from kg.web.search import records
    ferrari = next(r for r in records(site) if r["url"].endswith("/nick-ferrari.html"))
    assert "Presenter of LBC Breakfast (inferred)" in ferrari["content"].split(" \u00b7 "), ferrari
    mahmood = next(r for r in records(site) if r["url"].endswith("/shabana-mahmood.html"))
    assert "Home Secretary" in mahmood["content"].split(" \u00b7 "), mahmood  # a holding no marker reads


def test_a_quote_comparisons_text_marks_a_speaker_the_quotes_own_words_do_not_name(sources):
    """Regression: dist/discrepancies.ttl said "In report 000, Shabana Mahmood is quoted: \"You have got to compete
    ...\"" and titled it "Extended: Shabana Mahmood, report 000 and report 001", where report 000's quote names no
    one (the report names her paragraphs before: marked oo:SameReport) and report 001's does; the comparison's page
    shows that text under statement blocks that mark her "(inferred)" in report 000 alone."""
    from kg.analysis.quotes import add_links, compare_all
    graph = sources.asserted()
    comparisons = compare_all(graph)
    c = next(c for c in comparisons if (c.a.node, c.b.node) == (OI["r000-st-mahmood-14"], OI["r001-st-mahmood-7"]))
    assert c.a.speaker_inferred and not c.b.speaker_inferred
    assert c.explanation().startswith("In report 000, Shabana Mahmood (inferred) is quoted: "), c.explanation()
    assert "; in report 001, Shabana Mahmood: " in c.explanation(), c.explanation()
    written = add_links(comparisons, Graph(), OI["kg-discrepancies"])
    label = str(written.value(c.iri, RDFS.label))
    assert "Shabana Mahmood (inferred in report 000), report 000 and report 001" in label, label
    group = str(written.value(c.group.iri, RDFS.label))
    assert group.startswith("Shabana Mahmood (inferred in report 000 and report 002): "), group
    both = next(c for c in comparisons if (c.a.node, c.b.node) == (OI["r000-st-mahmood-10"], OI["r001-st-mahmood-9"]))
    assert str(written.value(both.iri, RDFS.label)).startswith("Altered: Shabana Mahmood (inferred), report 000 and")


def test_a_different_accounts_text_marks_a_quoted_speaker_the_quotes_own_words_do_not_name(sources):
    """Regression: "Report 000 quotes Shabana Mahmood directly on what appear to be the same remarks" (and the title
    "... differs from how report 000 quotes Shabana Mahmood"), where the quote it means names no one ("she told
    LBC's Nick Ferrari": the curators read her from elsewhere in the report); the side below it was marked."""
    account = next(d for d in detect(sources.asserted())
                   if d.kind == "different-account" and str(d.concerns).endswith("/shabana-mahmood"))
    assert [s.voice for _, sides in account.groups[1:] for s in sides] == ["Shabana Mahmood, inferred"]
    assert "Report 000 quotes Shabana Mahmood (inferred) directly" in account.explanation, account.explanation
    assert account.label().endswith("differs from how report 000 quotes Shabana Mahmood (inferred)"), account.label()


def test_kg_timelines_chart_labels_a_year_read_from_last_year_as_inferred(sources, monkeypatch):
    """Regression: the chart labelled Philp's point "41,000 (2025)", the year read from "last year"; the table beside
    it marks the period. (The labels are drawn as paths: read here as they are placed. The point stands in its
    year's column, so its label says only that the year is inferred.)"""
    from matplotlib.axes import Axes
    from kg.analysis.timeline import chart
    placed = []
    annotate = Axes.annotate
    monkeypatch.setattr(Axes, "annotate", lambda self, text, *a, **k: placed.append(text) or annotate(self, text, *a, **k))
    chart(timeline(sources.asserted(), OI["ind-small-boat-arrivals"]), "small-boat arrivals", kinds=("svg",))
    philp = [text for text in placed if text.startswith("41,000 (") and "Chris Philp" in text]
    assert philp and all(text.startswith("41,000 (year inferred)") for text in philp), placed
    assert any(text.startswith("41,472 (2025) ") or text.startswith("41,472 ·") for text in placed), placed


def test_kg_checks_rank_listing_marks_a_year_read_from_relative_words(sources):
    """Regression: a rank's arithmetic lists each total with its year, "36,816 (2024)", whether a report stated the
    year or the curators read it from "last year". A fixture of the seed data in which report 002's 2024 total is
    read so (oo:dateInferred on it) now lists "36,816 (2024, inferred)"; the years the report states stay bare."""
    from kg.analysis.check import check_figure
    graph = sources.asserted()
    fixture = Graph()
    for triple in graph:
        fixture.add(triple)
    fixture.add((OI["r002-fig-arrivals-2024-36816-report"], OO.dateInferred, Literal(True)))
    arithmetic = check_figure(fixture, OI["r002-fig-arrivals-2025-rank-2-report"]).arithmetic
    assert "36,816 (2024, inferred)" in arithmetic and "*41,472 (2025)," in arithmetic, arithmetic


def test_the_search_index_queries_mark_the_curators_reading_in_the_desks_own_words():
    """The index's queries write the mark of an inferred name as a constant in their text (they were built by
    formatting it in, which reads as query text edited); they must still write exactly what the desk writes."""
    from kg.analysis.figures import INFERRED
    from kg.web.search import FIGURES, RECORDS, STATEMENTS

    assert all(f'"{INFERRED}"' in text for text in (RECORDS["Person"], FIGURES, STATEMENTS))
    assert not any("%s" in text for text in (*RECORDS.values(), FIGURES, STATEMENTS))
