"""What a journalist reads when the data holds what curators may well write (found by a hostile read of
the desk): names with a dot or a letter beyond ASCII, reported speech, values the curators inferred,
wording with dollar signs, and words a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import engines
from kg.cli import main
from kg.sources.project import Project
from kg.query.store import open_store
from rdflib import RDF, Graph

from kg.core.namespaces import OI, OO, SCHEMA
from kg.web.desk import Cell, Table, spreadsheet_safe
from kg.web.pages import Site
from conftest import project_of

FIXTURE = Path(__file__).parent / "fixtures" / "desk" / "report-005.ttl"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, project) -> Project:
    """The shared entities with report 005 alone (a site of its own: publishing the seed's pages too
    took 20 s), built: oi:zoë-martin, oi:r005-fig-share-1.6pct-zoe, a gist that starts with
    "=HYPERLINK(", quotes that start with "-" and "@", a cost stated as "$5m, up from $4m". Hostile words
    the report writes, each in the evidence of what says them (kg build runs the stated rules: a label or a
    gist says no more than its evidence)."""
    built = project_of(tmp_path_factory.mktemp("desk-hostile"), project, ("shared.ttl",))
    shutil.copy(FIXTURE, built.root / "data" / FIXTURE.name)
    engines.build(built)
    return built


@pytest.fixture(scope="module")
def hostile_site(hostile) -> Site:
    return Site(hostile, open_store(hostile, in_memory=True), static=True, endpoint=None)


@pytest.fixture(scope="module")
def seed_site(project, store) -> Site:
    return Site(project, store, static=True, endpoint=None)


def test_a_name_with_a_dot_or_a_letter_beyond_ascii_gets_a_page_that_links_resolve_to(hostile, tmp_path):
    """`kg publish` stopped at "no page id/r005-fig-share-1.6pct-zoe", then at id/zoë-martin, and kg serve
    linked to both and answered 404."""
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["--project", str(hostile.root), "publish", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("zoë-martin", "r005-fig-share-1.6pct-zoe"):
        assert (out / "id" / f"{name}.html").is_file(), name
    report = (out / "id" / "r005.html").read_text(encoding="utf-8")
    assert 'href="../id/zoë-martin.html"' in report and 'href="../id/r005-fig-share-1.6pct-zoe.html"' in report


def test_the_citation_puts_in_quotation_marks_only_words_said_or_written(hostile_site, seed_site):
    """It quoted the gist of reported speech (the curators' summary) as the speaker's words."""
    citation = hostile_site.page_model("id/r005-fig-share-1.6pct-zoe")[1]["citation"]
    assert "HYPERLINK" not in citation
    assert "in the report's words: “Zoë Martin <script>alert(1)</script>, <b>campaigner</b>, said the share was" in citation
    mahmood = seed_site.page_model("id/r004-fig-returned-281-mahmood")[1]["citation"]
    gist = str(seed_site.graph.value(OI["r004-st-mahmood-1"], OI.gist) or "")
    assert "in the report's words: “" in mahmood and (not gist or gist not in mahmood)


def test_values_the_curators_inferred_are_marked_where_a_reader_sees_them(seed_site):
    """The role, venue and date of a statement and a figure's period, inferred by the curators
    (oo:InferredValue, oo:dateInferred), were shown as if the report stated them."""
    said = seed_site.desk.statement("../", OI["r000-st-mahmood-2"])
    assert said["role"] == "Home Secretary (inferred)"
    assert said["venue"].endswith("(inferred)") and said["date"] == "2026 (inferred)"
    rank = seed_site.page_model("id/r001-fig-annual-rank-2-report")[1]
    assert rank["period"].endswith("(inferred)")
    # (not her 281: the quote around it states her post and the venue; test_desk's speaker_once test)
    citation = seed_site.page_model("id/r000-fig-admitted-small-mahmood")[1]["citation"]
    assert "LBC (inferred)" in citation and "Home Secretary, inferred)" in citation
    assert said["speaker"][0].text == "Shabana Mahmood (inferred)"  # 'She confirmed ...' names no one
    assert citation.startswith("Shabana Mahmood (inferred; Home Secretary, inferred)")


def test_a_csv_cell_a_spreadsheet_would_run_is_written_as_text(hostile_site):
    rows = list(csv.reader(io.StringIO(hostile_site.table_csv("id/r005", "statements").decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not re.fullmatch(r"-[0-9.,]+", c))]
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
    assert [spreadsheet_safe(t) for t in ("-9", "+1.5 %", "-5 per cent", "- 5 people")] == [
        "-9", "+1.5 %", "-5 per cent", "'- 5 people"]


def test_no_column_of_a_csv_a_spreadsheet_would_run_not_only_the_shown_words(hostile_site):
    """Only the words a page shows and the evidence were written as text: a value's unit, qualifier or number
    column, a date's ISO column and a heading went out as they were, so a unit labelled "=1+1" ran as a formula."""
    value = Cell(text="=1+1 people", kind="number", sort="-1+2", data={"unit": "=1+1", "qualifier": "@x", "ISO": "+44"})
    table = Table(columns=["-Value"], rows=[[value]])
    rows = list(csv.reader(io.StringIO(hostile_site.desk.csv(table).decode("utf-8-sig"))))
    assert rows == [["'-Value", "'-Value (unit)", "'-Value (qualifier)", "'-Value (ISO)"], ["'-1+2", "'=1+1", "'@x", "+44"]]


def test_a_chart_of_wording_with_dollar_signs_is_drawn_not_parsed_as_tex(kg, hostile):
    """Matplotlib read "$5m, up from $4m" as TeX between dollar signs (drawn "5m,upfrom4m"); with an odd
    number of them, `kg timeline` crashed (exit 70)."""
    path = hostile.root / "data" / FIXTURE.name
    path.write_text(path.read_text(encoding="utf-8").replace("$5m, up from $4m", "$50m, or 10% of $500m"),
                    encoding="utf-8")
    try:
        result = kg("timeline", "ind-test-cost", "-o", str(hostile.root / "charts"), project=hostile)
        assert result.exit_code == 0, result.output
        assert "$50m, or 10% of" in result.output
    finally:
        shutil.copy(FIXTURE, path)


def test_the_home_page_says_who_stated_the_figures_without_running_words_together(seed_site):
    page = seed_site.home({"triples": 1, "endpoint": None, "dumps": [], "api": False,
                           "base_url": "https://w3id.org/oioo/", "manifest": "dumps/manifest.json"})
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "organisationswho" not in text and "figures, each with who stated it" in text


def test_the_indicators_list_counts_figures_not_statements(seed_site):
    table = seed_site.desk.browse("../", "indicators")["table"]
    assert table.columns == ["Name", "Figures"]
    assert all(int(row[1].text) > 0 for row in table.rows)


def test_a_unit_named_in_the_singular_is_plural_after_any_number_but_one(seed_site):
    """The figure page's heading read "6 month “six months”" (found by a hostile read)."""
    model = seed_site.page_model("id/r002-fig-time-since-signing-6-report")[1]
    assert model["words"].startswith("6 months"), model["words"]


def test_a_report_is_titled_by_its_own_headline_never_by_the_curators_description(seed_site):
    """The curators' label ("Report 000: ... (no headline)") was shown, its note cut, as the report's title,
    and given to fact-check aggregators as the article's headline (found by a hostile read)."""
    assert seed_site.desk.report_title(OI["r004"]).startswith("UK Has Returned 281 Migrants")
    assert seed_site.desk.report_title(OI["r000"]).endswith("(no headline)")
    # every report without a headline says so, in one way ("(untitled)" and a bare description were shown too)
    for report in seed_site.graph.subjects(RDF.type, OO.Report):
        if (report, SCHEMA.headline, None) not in seed_site.graph:
            assert seed_site.desk.report_title(report).endswith("(no headline)"), report
    page = seed_site.page(OI["check-r000-fig-net-inflow-70-philp"])
    assert '"@type": "NewsArticle"' in page and '"headline"' not in page


def test_an_event_date_the_curators_resolved_from_relative_words_is_marked(seed_site):
    """"last July" resolved to 2025-07 was shown as a date the report states (found by a hostile read)."""
    side = seed_site.desk.side("../", OI["r000-date-agreed"])
    assert side["says"] == "July 2025 (inferred from “last July”)", side["says"]
    events = seed_site.page_model("id/r000")[1]["events"]
    assert "July 2025 (inferred)" in {row[1].text for row in events.rows}


def test_a_machine_drafts_pages_and_table_cells_say_it_is_not_reviewed(tmp_path_factory, project):
    """Regression (CLI probe 3, 2): nothing in kg/web read oo:reviewStatus; a draft's figures showed as any
    other, "draft" only in labels the README tells the curator to change, so after a partial review a wrong
    figure (Alex Norris's 'more than 5,000 removed ... under other returns arrangements', drafted as returns
    to France) read as a reviewed one. Each unreviewed node's page says so first; a table marks its figure."""
    built = project_of(tmp_path_factory.mktemp("desk-draft"), project, ("shared.ttl",))
    added = CliRunner().invoke(main, ["--project", str(built.root), "add", str(Path(__file__).parent / "fixtures" /
                                      "extract" / "pa_wire.txt"), "--date", "2026-02-10"])
    assert added.exit_code == 0, added.output
    draft = next((built.root / "data").glob("report-*.ttl"))
    graph = Graph().parse(draft, format="turtle")  # the report node reviewed, as README step 2 begins: its figures not
    graph.remove((OI["r-f9eec2e93381"], OO.reviewStatus, OO.Unreviewed))
    draft.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    engines.build(built)
    site = Site(built, open_store(built, in_memory=True), static=True, endpoint=None)
    figures = sorted(site.graph.subjects(RDF.type, OO.Figure), key=str)
    unreviewed = [f for f in figures if (f, OO.reviewStatus, OO.Unreviewed) in site.graph]
    assert unreviewed and len(unreviewed) == len(figures)
    for figure in unreviewed:
        assert "Draft, not reviewed." in site.page(figure)
        assert site.desk.figure_cell("", figure).text.endswith("(draft, not reviewed)")
    report = OI["r-f9eec2e93381"]
    assert (report, OO.reviewStatus, OO.Unreviewed) not in site.graph and "Draft, not reviewed." not in site.page(report)


def test_a_post_holding_no_reports_words_state_says_what_it_rests_on_in_its_evidence_column(hostile_site):
    """Without the seed reports, every post holding rests on the public record alone (shared.ttl; the reports'
    words naming a person in a post are in their own files): a posts CSV's evidence column says so in words,
    and, where no source is recorded at all, that too; never a blank a reader must guess at."""
    said = {}
    for name in ("chris-philp", "josh-macalister"):
        rows = list(csv.DictReader(io.StringIO(hostile_site.table_csv(f"id/{name}", "posts").decode("utf-8-sig"))))
        assert rows and all(r["Evidence (report)"] == r["Evidence (report IRI)"] == r["Evidence (characters)"] == ""
                            for r in rows), rows
        said[name] = rows[0]["Evidence (the report's exact words)"]
    assert said == {"chris-philp": "No report's words state this; it rests on the public record",
                    "josh-macalister": "No report's words state this, and no other source is recorded"}
