"""The fact-checker's desk (kg.web.desk through kg.web.pages.Site): what a journalist reads on each
page, the CSV of every table, and the ClaimReview markup read back by an independent extractor."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.core.namespaces import OA, OI, OO, SCHEMA
from kg.web.desk import BROWSE
from kg.web.pages import Site, tables_in
from conftest import project_of

PHILP_70 = OI["r000-fig-net-inflow-70-philp"]
CHECK_70 = OI["check-r000-fig-net-inflow-70-philp"]
OVERVIEW = {"triples": 1, "endpoint": None, "dumps": [], "api": False, "base_url": "https://w3id.org/oioo/",
            "manifest": "dumps/manifest.json"}


@pytest.fixture(scope="module")
def site(project, store):
    return Site(project, store, static=True, endpoint=None)


def text_of(html: str) -> str:
    """The page's words, without tags, on one line (the "inferred" of a mark, in its tooltip's span, as a word)."""
    html = re.sub(r'<span class="inferred" title="[^"]*">inferred</span>', "inferred", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", html, flags=re.S))).split())


def test_a_figure_page_gives_the_verdict_both_sides_and_a_citation(site):
    page = text_of(site.page(PHILP_70))
    assert "Verdict accurate when rounded The figures it rests on give 69; 70 is that rounded to the nearest ten" in page
    # pages audit 13: the disagreement under "accurate when rounded" is a rounding, not a contradiction
    assert "Where reports disagree Rounding : Net inflow" in page and "70 is 69 rounded to the nearest ten" in page
    assert "Contradiction" not in page
    assert "69 (“69 MORE”) — Kemi Badenoch" in page  # the other side, with who said it
    model = site.page_model("id/r000-fig-net-inflow-70-philp")[1]
    citation = model["citation"]
    # the quote names neither him nor his post: the report does, a paragraph before (both marked)
    assert citation.startswith("Chris Philp (inferred; Shadow Home Secretary, inferred), 2026 (inferred)")
    assert "“The government scheme has resulted in a net inflow of 70 immigrants.”" in citation
    assert "Check: accurate when rounded." in citation and f"Permalink: {PHILP_70}" in citation
    assert "Report 000" in citation and "SHA-256 7a858c33" in citation


def test_a_statements_page_gives_a_citation_with_who_the_words_the_reports_words_and_the_source(site):
    """A quote's page, what a journalist cites most, had nothing to copy and showed no permalink (a
    figure's and a disagreement's pages had both). It now has "Cite this quote": who, in what role and
    when, the words, the report's exact words with their place, the report with its date and SHA-256,
    and the permalink; reported speech is cited in the report's words, its gist never in quotation marks."""
    quote = OI["r000-st-philp-1"]
    page = text_of(site.page(quote))
    assert "Cite this quote Chris Philp (Shadow Home Secretary), 2026 (inferred): “lamentable admission of failure”" in page
    citation = site.page_model("id/r000-st-philp-1")[1]["citation"].splitlines()
    assert citation[:2] == [
        "Chris Philp (Shadow Home Secretary), 2026 (inferred): “lamentable admission of failure”",
        "The report's words: “while Shadow Home Secretary Chris Philp branded it a ‘lamentable admission of "
        "failure’.” (characters 1098–1185)"], citation
    assert citation[2].startswith("Source: Report 000: 'one in, one out' brought in 25 per cent more migrants than "
                                  "it removed (no headline) (2026, inferred); text SHA-256 7a858c33"), citation
    assert citation[-2].startswith("Inferred: the curators' reading") and citation[-1] == f"Permalink: {quote}"
    reported = site.page_model("id/r000-st-mahmood-1")[1]["citation"]
    gist = str(site.graph.value(OI["r000-st-mahmood-1"], OO.gist))
    assert reported.startswith("Shabana Mahmood (Home Secretary), LBC (inferred), 2026 (inferred), in the report's "
                               "words: “Home Secretary Shabana Mahmood confirmed 281"), reported
    assert gist not in reported and reported.count("confirmed 281") == 1  # the report's words once
    assert reported.splitlines()[1] == "In the report's text: characters 154–268."
    assert "Cite this statement" in text_of(site.page(OI["r000-st-mahmood-1"]))


def test_a_check_page_gives_a_citation_with_the_verdict_the_claim_and_both_permalinks(site):
    """A check's page, what a reader of a claim page cites, had its permalink but nothing to copy: the
    verdict, who said what and where had to be pieced together. It now has "Cite this check": the
    verdict and why, the claim as the figure's page cites it, the figure's permalink and its own."""
    page = text_of(site.page(CHECK_70))
    assert "Cite this check Check: accurate when rounded. The figures it rests on give 69;" in page
    citation = site.page_model("id/check-r000-fig-net-inflow-70-philp")[1]["citation"].splitlines()
    figure = site.page_model("id/r000-fig-net-inflow-70-philp")[1]["citation"].splitlines()
    assert citation[0].startswith("Check: accurate when rounded. The figures it rests on give 69; 70 is that rounded")
    assert citation[1:4] == figure[:3] and citation[1].startswith("Chris Philp (inferred; Shadow Home Secretary")
    assert citation[4] == f"The figure: {PHILP_70}" and citation[-1] == f"Permalink: {CHECK_70}", citation
    assert citation[-2].startswith("Inferred: the curators' reading")


def test_a_citations_source_names_the_report_as_the_site_does(site):
    """A figure of report 004 was cited "Source: UK Has Returned 281 Migrants ...", the others "Source:
    Report 001: ...": a journalist could not match the citation with the disagreements' "report 004"."""
    for figure, name in (("r004-fig-admitted-350-mahmood", "Report 004: UK Has Returned 281 Migrants"),
                         ("r001-fig-net-inflow-69-report", "Report 001: Mahmood reveals")):
        source = next(line for line in site.page_model(f"id/{figure}")[1]["citation"].splitlines()
                      if line.startswith("Source: "))
        assert source.startswith(f"Source: {name}"), source


def test_values_are_shown_with_their_qualifier(site):
    model = site.page_model("id/ind-net-inflow")[1]
    written = {row[1].text: row[2].text for row in model["values"].rows}
    assert written["more than 0"].startswith("more migrants have entered")
    shown = [row[1].text for row in model["values"].rows]
    assert "more than 0" in shown and "70" in shown and "69" in shown
    assert "0" not in shown  # "more migrants came in than were removed" is never a bare 0


def test_a_check_page_is_prose_with_the_arithmetic_and_its_evidence(site):
    page = text_of(site.page(CHECK_70))
    assert "Verdict: accurate when rounded" in page
    assert "350 − 281 = 69" in page and "What “net inflow of 70” allows 69.5 to 70.5" in page
    assert "‘We’ve had 350 people come in to the country from France" in page  # the input's own words
    assert "(characters 661–787)" in page  # offsets, for the curious
    assert "Publication date: not given" in page


def test_a_check_page_without_a_publication_date_says_so_in_a_readers_words_never_the_configuration(site):
    """The page said "No publication date is configured for these checks (site.yaml, reviews_published)": the
    curators' file and key, on a page for readers. It now says the date is not given and none is invented; the
    curators' way to set it is in docs/publishing.md."""
    page = text_of(site.page(CHECK_70))
    assert "Publication date: not given" in page and "none is invented" in page
    assert "site.yaml" not in page and "reviews_published" not in page and "configured" not in page


def claim_review(html: str) -> dict:
    extruct = pytest.importorskip("extruct")
    found = extruct.extract(html, base_url=str(CHECK_70), syntaxes=["json-ld"], uniform=True)["json-ld"]
    reviews = [item for item in found if item.get("@type") == "ClaimReview"]
    assert len(reviews) == 1, found
    return reviews[0]


def test_the_claim_review_markup_has_what_aggregators_require(site):
    review = claim_review(site.page(CHECK_70))
    assert review["@context"].rstrip("/") in ("https://schema.org", "http://schema.org")
    assert review["url"] == str(CHECK_70)
    # the claim without the opening mark of a quote its sentence does not close (it carried a stray ‘)
    assert review["claimReviewed"].startswith("The government scheme has resulted in a net inflow of 70")
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "accurate when rounded"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (3, 4, 1)
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    # The quote's sentence does not name his post (the curators inferred it): no jobTitle is claimed.
    assert claim["author"] == {"@type": "Person", "name": "Chris Philp", "url": str(OI["chris-philp"]),  # named a paragraph before
                               "description": "Who made the claim is the curators' reading, where the report's own "
                               "words at that point do not state it: they read it from elsewhere in the report, from "
                               "the public record or by a stated rule."}
    assert claim["appearance"][0]["@type"] == "NewsArticle" and claim["appearance"][0]["url"] == str(OI["r000"])
    assert claim["firstAppearance"] == claim["appearance"][0]
    assert "datePublished" not in claim  # the statement's year is inferred: not given as the claim's date
    assert "datePublished" not in review  # none configured: none invented


def test_a_configured_publication_date_is_in_the_markup(project, store):
    configured = Site(project, store, static=True, endpoint=None)
    configured.config = {**configured.config, "reviews_published": "2026-03-01",
                         "reviewer": {"name": "Example Fact Check", "url": "https://example.org/"}}
    html = configured.page(CHECK_70)
    review = claim_review(html)
    assert review["datePublished"] == "2026-03-01"
    assert review["author"] == {"@type": "Organization", "name": "Example Fact Check", "url": "https://example.org/"}
    assert "Published 2026-03-01" in text_of(html)


def test_a_checks_citation_names_who_checked_it_and_when_it_was_published(project, store):
    """"Cite this check" gave the verdict, the claim and the permalink, but not who checked it nor the date
    the page shows ("Published 2026-03-01"): a citation without its author and date. It now names the
    reviewer and the publication date, or says none is given (never a date invented)."""
    configured = Site(project, store, static=True, endpoint=None)
    configured.config = {**configured.config, "reviews_published": "2026-03-01",
                         "reviewer": {"name": "Example Fact Check", "url": "https://example.org/"}}
    citation = configured.page_model("id/" + str(CHECK_70).rsplit("/", 1)[1])[1]["citation"]
    assert "Checked by Example Fact Check, published 2026-03-01." in citation.splitlines()
    undated = Site(project, store, static=True, endpoint=None)
    undated.config = {**undated.config, "reviews_published": ""}
    lines = undated.page_model("id/" + str(CHECK_70).rsplit("/", 1)[1])[1]["citation"].splitlines()
    assert f"Checked by {undated.config['reviewer']['name']}; publication date not given." in lines
    assert lines[-1] == f"Permalink: {CHECK_70}"


def test_a_reviewer_configured_without_a_url_is_named_unlinked_on_a_check_page(project, store):
    """Found by a hostile sweep: a site.yaml reviewer with a name alone broke every check page (jinja's
    UndefinedError: kg publish an internal error, kg serve a 500)."""
    configured = Site(project, store, static=True, endpoint=None)
    configured.config = {**configured.config, "reviewer": {"name": "Example Fact Check", "url": ""}}
    html = configured.page(CHECK_70)
    assert "Checked by Example Fact Check," in text_of(html)
    assert claim_review(html)["author"] == {"@type": "Organization", "name": "Example Fact Check"}


def test_every_check_page_has_complete_markup(site):
    for review in [r for r in site.resources if str(r).rsplit("/", 1)[1].startswith("check-")]:
        markup = claim_review(site.page(review))
        for key in ("claimReviewed", "url", "author", "reviewRating", "itemReviewed"):
            assert markup.get(key), (review, key)
        for key in ("alternateName", "bestRating", "worstRating"):
            assert key in markup["reviewRating"], (review, key)
        assert ("ratingValue" in markup["reviewRating"]) == (markup["reviewRating"]["alternateName"] != "not checkable")
        assert markup["itemReviewed"]["author"] and markup["itemReviewed"]["appearance"]


def _claimed_by(site, statement) -> dict:
    """The ClaimReview markup of the check of Philp's 70 as it would be were its claim made in `statement`
    (the data has no check of a claim by an unnamed speaker), read back from a page's script element."""
    from jinja2.utils import htmlsafe_json_dumps
    _, model = site.page_model("id/check-r000-fig-net-inflow-70-philp")
    figure = {**model["figure"], "statements": [site.desk.statement("../", statement, variants=False)]}
    markup = site.desk.claim_review(CHECK_70, {**model, "figure": figure}, site.config)
    html = f'<html><head><script type="application/ld+json">{htmlsafe_json_dumps(markup)}</script></head></html>'
    return claim_review(html)


def test_every_kind_of_speaker_is_a_typed_claim_author_named_in_the_reports_words(site, seeds_dir):
    """Regression: a claim's author that the report does not name got no @type (oo:UnnamedGroup "officials",
    oo:UnnamedAgent: the markup said "schema.org has no class for officials"), where Google's and schema.org's
    ClaimReview expect a Person or an Organization. Every speaker in the data, of every kind, is now one:
    a named person a Person by name; a person the report does not name (oo:anonymous) a Person in the
    report's words ("a government source"), said to be unnamed, with no jobTitle; an unnamed group or
    speaker never a Person (that would claim one named individual) but an Organization with the ontology's
    class as additionalType and a description; an organisation an Organization. Each markup parses back
    from the page, and each author's name is the report's wording, or says it is the curators' words."""
    g = site.desk.graph
    texts = {report: (seeds_dir / str(g.value(report, OO.sourceFileName))).read_text(encoding="utf-8")
             for report in set(g.subjects(RDF.type, OO.Report))}
    plain = lambda text: text.replace("\u2019", "'").replace("\u2018", "'").lower()  # noqa: E731
    kinds = set()
    for speaker in sorted(set(g.objects(None, OO.speaker)), key=str):
        statements = sorted(g.subjects(OO.speaker, speaker), key=str)
        author = _claimed_by(site, statements[0])["itemReviewed"]["author"]
        assert author["@type"] in ("Person", "Organization") and author["name"], (speaker, author)
        assert author["url"] == str(speaker)
        anonymous = (speaker, OO.anonymous, Literal(True)) in g
        unnamed = next((c for c in (OO.UnnamedGroup, OO.UnnamedAgent) if (speaker, RDF.type, c) in g), None)
        if unnamed is not None:
            kind = str(unnamed).rpartition("#")[2]
            assert author["@type"] == "Organization" and author["additionalType"] == str(unnamed), author
        elif (speaker, RDF.type, OO.Person) in g:
            kind = "anonymous person" if anonymous else "named person"
            assert author["@type"] == "Person", author
        else:
            kind = "organisation"
            assert author["@type"] == "Organization" and not anonymous, author
        kinds.add(kind)
        assert "(report" not in author["name"] and "(inferred)" not in author["name"], author
        if anonymous:
            assert "jobTitle" not in author and re.search("does not name|without naming", author["description"]), author
            reports = {g.value(st, OO.inReport) for st in statements}
            in_text = any(plain(author["name"]) in plain(texts[r]) for r in reports)
            assert in_text or author["description"].endswith("this name is the curators' description."), author
        else:
            assert author["name"] == site.label(speaker), author
    assert kinds == {"named person", "anonymous person", "UnnamedGroup", "UnnamedAgent", "organisation"}


def test_every_check_pages_claim_authors_are_typed(site):
    for review in [r for r in site.resources if str(r).rsplit("/", 1)[1].startswith("check-")]:
        authors = claim_review(site.page(review))["itemReviewed"]["author"]
        for author in authors if isinstance(authors, list) else [authors]:
            assert author["@type"] in ("Person", "Organization") and author["name"], (review, author)


def test_a_claim_in_a_reports_own_voice_is_credited_in_the_markup_as_its_page_credits_it(site):
    """A check of a claim the report makes in its own voice (its page's byline: "The report itself — in Report
    000: ...") named the claim's author in its markup "the publisher of Report 000: 'one in, one out' brought
    in 25 per cent more migrants than it removed (no headline)": the curators' summary of the report, with its
    note, as an organisation's name the page nowhere shows. It is now "the publisher of Report 000", the
    report the byline names, said to be the report's own voice and to have no publisher the report names."""
    voiced = 0
    for review in [r for r in site.resources if str(r).rsplit("/", 1)[1].startswith("check-")]:
        html = site.page(review)
        if "The report itself" not in text_of(html):
            continue
        voiced += 1
        author = claim_review(html)["itemReviewed"]["author"]
        report = site.page_model("id/" + str(review).rsplit("/", 1)[1])[1]["figure"]["figure"].report
        short = site.label(report).split(":")[0]
        assert author["@type"] == "Organization" and author["name"] == f"the publisher of {short}", (review, author)
        assert short in text_of(html) and "no headline" not in author["name"]
        assert "own voice" in author["description"] and "names no publisher" in author["description"], author
    assert voiced >= 5


def test_a_check_page_says_what_its_verdicts_words_mean_beside_the_verdict(site):
    """A check page named its verdict ("accurate when rounded") and the scale's order, never what the words
    mean: a reader citing "slightly inaccurate" could not say when a figure is that and not inaccurate. Its
    verdict now says, in the published scale's terms (docs/checking.md), what its grade means."""
    from kg.analysis.check import GRADE_MEANINGS, GRADES
    assert set(GRADE_MEANINGS) == set(GRADES) and len(set(GRADE_MEANINGS.values())) == len(GRADES)
    grades = set()
    for review in [r for r in site.resources if str(r).rsplit("/", 1)[1].startswith("check-")]:
        html = site.page(review)
        verdict = text_of(re.search(r'<section class="verdict.*?</section>', html, re.S).group(0))
        grade = claim_review(html)["reviewRating"]["alternateName"]
        grades.add(grade)
        assert f"“{grade}” means {GRADE_MEANINGS[grade]}" in verdict, (review, verdict)
    assert len(grades) >= 4


def test_a_claims_author_the_curators_read_is_marked_inferred_on_its_page_with_why(site):
    """The page of the claim a check reviews (schema:Claim, its author copied from its statements' speakers)
    said "author Chris Philp", unmarked, where the report's words at that point name no one and the
    curators read him from a paragraph before (his statement's page, the figure's and the check's mark it).
    It now marks him "(inferred)" and lists the curators' reason; a claim whose words name him is unmarked."""
    inferred = text_of(site.page(OI["claim-r000-fig-net-inflow-70-philp"]))
    assert "author Chris Philp (inferred)" in inferred
    marker = site.graph.value(OI["r000-st-philp-3"], OO.inferredValue)
    reasons = [str(site.graph.value(m, OO.reason)) for m in site.graph.objects(OI["r000-st-philp-3"], OO.inferredValue)
               if site.graph.value(m, OO.inferredProperty) == OO.speaker]
    assert marker is not None and reasons and all(" ".join(r.split()) in inferred for r in reasons)
    stated = text_of(site.page(OI["claim-r002-fig-net-inflow-70-philp"]))
    assert "author Chris Philp" in stated and "Chris Philp (inferred)" not in stated


def test_a_check_of_a_percentage_gives_its_computed_value_range_and_gap_with_their_units(site):
    """The check of "25 per cent higher" said "Computed 24.5552", "allows 24.5 to 25.5" and "Stated minus
    computed +0.4448": bare numbers, where its working says "24.5552 %" and a gap between two percentages
    is in percentage points. Each now carries its unit; a count's check stays as it was."""
    page = text_of(site.page(OI["check-r000-fig-admitted-vs-returned-pct-25-report"]))
    assert "Computed 24.5552%" in page and "allows 24.5% to 25.5%" in page
    assert "Stated minus computed +0.4448 percentage points" in page
    counted = text_of(site.page(CHECK_70))
    assert "Computed 69 " in counted and "allows 69.5 to 70.5 " in counted and "Stated minus computed +1 " in counted


def test_a_person_page_lists_each_statement_once_with_verdicts(site):
    html = site.page(OI["chris-philp"])
    said = re.findall(r'<div class="statement">', html)
    model = site.page_model("id/chris-philp")[1]
    assert len(said) == model["statement_count"] >= 10
    assert sum(len(x) for by in model["occasions"].values() for x in by.values()) == model["statement_count"]
    page = text_of(html)
    assert "Shadow Home Secretary" in page and "Posts over time" in page
    assert "accurate when rounded net inflow: 70" in page  # what the 70 counts ("accurate when rounded 70" did not say)
    assert page.count("Rounding 70 : Net inflow") == 1 and "Contradiction 70" not in page  # each disagreement once


def test_the_checked_figures_of_a_person_or_a_report_say_what_each_counts_and_an_indicators_do_not_repeat_it(site):
    """A person's page read "accurate when rounded 70 (Chris Philp (inferred), Report 000)": nothing said what the 70
    counts, where the home page and the checks list say "net inflow: 70" (a hostile tester found it)."""
    for name in ("chris-philp", "shabana-mahmood", "r000"):
        cells = [cell.text for cell, _review in site.page_model(f"id/{name}")[1]["checked"]]
        assert cells and all(": " in text for text in cells), (name, cells)
    indicator = site.page_model("id/ind-net-inflow")[1]["checked"]
    assert indicator and not any(": " in cell.text for cell, _review in indicator)


DEVELOPERS_WORDS = re.compile(r"docs/|\.md\b|\.py\b|\bkg (?:build|check|discrepancies|query|validate|serve|publish)\b")


def test_the_curators_notes_a_page_shows_name_no_file_or_command_of_the_repository(project):
    """The notes and reasons the report pages show a reader said "(docs/modelling.md, 'Speakers')" and "kg
    discrepancies calls it a contradiction": a journalist has no repository and no command line (a hostile tester
    found it). (The ontology's own definitions, on the vocabulary's pages, are for the data's users.)"""
    from rdflib import Graph

    shown = (RDFS.comment, OO.reason, SKOS.definition, OO.gist, OO.says, RDFS.label)
    for path in project.data_files:
        data = Graph().parse(path)
        found = [(s, text) for p in shown for s, text in data.subject_objects(p) if DEVELOPERS_WORDS.search(str(text))]
        assert found == [], path.name


def test_every_table_has_a_csv_with_names_and_iris(site):
    data = site.table_csv("id/r000", "figures").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0][:6] == ["Value", "Value (IRI)", "Value (number)", "Value (qualifier)", "Value (unit)", "As written"]
    philp = next(r for r in rows if r[1] == str(PHILP_70))
    assert philp[0] == "70" and "Chris Philp (inferred)" in philp  # his quote names no one and "accurate when rounded" in philp
    home = list(csv.reader(io.StringIO(site.table_csv("", "checks").decode("utf-8-sig"))))
    assert home[0][0] == "Verdict" and len(home) == 1 + 12
    assert {"accurate", "accurate when rounded", "slightly inaccurate"} <= {r[0] for r in home[1:]}


def test_a_browse_page_links_the_csv_of_its_table(site):
    """A journalist on "All 17 disagreements" finds "Download CSV" under the table, as on every other page
    (the CSV was published beside it, but no page linked it), and it holds every row shown."""
    for kind in ("disagreements", "figures", "checks"):
        html = site.browse_page(kind)
        assert f'href="../browse/{kind}/{kind}.csv" download' in html, kind
        rows = list(csv.reader(io.StringIO(site.table_csv(f"browse/{kind}", kind).decode("utf-8-sig"))))
        assert len(rows) - 1 == len(site.page_model(f"browse/{kind}")[1]["table"].rows) > 0


def test_the_home_page_names_checks_disagreements_and_reports_not_too_many_to_list(site):
    page = text_of(site.home(OVERVIEW))
    assert "Too many to list" not in page
    assert "The checks" in page and "slightly inaccurate returned share of arrivals (%): 1.6%" in page
    assert "Where reports disagree" in page and "Contradiction 'One in, one out' deal agreed" in page
    checks = site.desk.count(SCHEMA.ClaimReview)
    assert checks > 12 and f"All {checks} checks" in page and "UK Has Returned 281 Migrants to France" in page


def test_a_home_table_that_shows_the_first_of_its_members_says_of_how_many(site):
    """The home page's checks said "12 rows" above "All 13 checks": a reader could take the 12 for all there
    are. A table that shows the first of a list now says "The first 12 of 13"."""
    page = text_of(site.home(OVERVIEW))
    checks = site.desk.count(SCHEMA.ClaimReview)
    checks_part = page.split("The checks")[1].split("Where reports disagree")[0]
    assert f"The first 12 of {checks}" in checks_part and "12 rows" not in checks_part
    disagreements = page.split("Where reports disagree")[1].split("What the numbers measure")[0]
    assert f"The first 12 of {site.desk.count(OO.Discrepancy)}" in disagreements


def test_a_checks_claim_names_what_the_figure_counts(site):
    """The checks' Claim column read "1.6%", "70", "position 1": a reader of the home page or browse/checks
    could not tell what was claimed without opening each. It names the indicator, as a statement's figures
    do ("net inflow: 70")."""
    claims = [row[1].text for row in site.page_model("browse/checks")[1]["table"].rows]
    assert "net inflow: 70" in claims and "returned share of arrivals (%): 1.6%" in claims
    assert all(": " in claim for claim in claims), claims


def test_the_home_page_shows_a_different_account_among_the_disagreements(site):
    """The home page lists the first 12 disagreements, contradictions first; the kinds its order did not
    name (different account, qualifier differs) came after every rounding and update, so how reports tell
    what Mahmood said differently never reached it. Every kind of the ontology now has its place."""
    kinds = {str(k).rpartition("#")[2] for k in site.graph.subjects(RDF.type, OO.DiscrepancyKind)}
    from kg.web.desk import KIND_ORDER
    assert kinds <= set(KIND_ORDER), kinds - set(KIND_ORDER)
    page = text_of(site.home(OVERVIEW)).split("Where reports disagree")[1].split("What the numbers measure")[0]
    assert "Different account" in page and "Shabana Mahmood" in page


def test_browse_pages_cover_every_member(site, monkeypatch):
    import kg.web.desk as desk

    monkeypatch.setattr(desk, "PER_PAGE", 20)
    monkeypatch.setattr(site, "cache", {})
    pages = [name for name in site.desk.browse_pages() if name.startswith("figures")]
    figures = site.desk.count(OO.Figure)
    assert pages[0] == "figures" and pages[1] == "figures-2" and len(pages) == -(-figures // 20)
    shown = [row[0].iri for name in pages for row in site.page_model(f"browse/{name}")[1]["table"].rows]
    assert len(shown) == len(set(shown)) == figures


def test_an_indicator_page_has_its_chart_inline(site):
    html = site.page(OI["ind-returned-to-france"])
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-label="Chart of 9 of the 13 values reported for returned to France '
                     r'\(those with a number and a date\)', html)  # four are words only
    assert 'width="' not in html[html.index("<svg"):html.index(">", html.index("<svg"))]  # scales with the page


def test_a_persons_page_shows_how_reports_quoted_them_differently(site):
    model = site.page_model("id/shabana-mahmood")[1]
    classes = {v["fidelity"] for _, v in model["quoted"]}
    assert "paraphrase as quote" in classes and "altered" in classes
    page = text_of(site.page(OI["shabana-mahmood"]))
    assert "Quoted differently by different reports" in page
    assert "Officials couldn't find enough people to bring into Britain" in page


def test_how_another_report_quotes_the_same_words_is_said_from_this_quotations_side(site):
    """Under report 000's "very normal discrepancies" the page said "trimmed in Report 002: very normal
    discrepancies in these numbers (trimmed: nothing here, “in these numbers” there)": report 002 trimmed
    nothing, it has the longer quotation. Each side now reads the right way round, in plain verbs."""
    from rdflib import Literal

    def variant_line(report, words):
        node = next(n for n in site.graph.subjects(OO.quote, Literal(words))
                    if site.graph.value(n, OO.inReport) == OI[report])
        html = site.page(node)
        return text_of(html.split('<p class="variant">')[1].split("</p>")[0])

    shorter = variant_line("r000", "very normal discrepancies")
    assert shorter.startswith("trimmed Report 002 quotes more of it: very normal discrepancies in these numbers")
    assert "(adds “in these numbers”)" in shorter and "nothing here" not in shorter
    longer = variant_line("r002", "very normal discrepancies in these numbers")
    assert "Report 000 quotes less of it" in longer and "(leaves out “in these numbers”)" in longer
    page = text_of(site.page(OI["shabana-mahmood"]))
    assert "has “speeded” for “sped”" in page  # altered words: what the other report has, for what
    assert "(no headline): very normal" not in page  # a report named short in these lines, its title a tooltip


def test_a_quote_comparison_page_sets_the_two_quotes_side_by_side(site):
    comparison = next(iter(site.graph.subjects(OO.quoteA, OI["r000-st-mahmood-13"])))
    model = site.page_model(f"id/{str(comparison).rsplit('/', 1)[1]}")[1]
    assert len(model["quotes"]) == 2 and model["fidelity"] in ("altered", "paraphrase as quote")
    assert model["differences"].rows and model["differences"].id == "differences"
    assert "Quoted differently · " in text_of(site.page(comparison))


def test_a_comparison_page_names_its_verdict_once_and_then_says_what_it_means(site):
    """A comparison page read "Identical: the same words, credited to …" then "Identical: The same words
    (…)": the verdict twice. The lead now says what the verdict means, under the heading that names it."""
    comparison = next(iter(site.graph.subjects(OO.quoteA, OI["r000-st-philp-1"])))
    top = text_of(site.page(comparison)).split("Quoted alike · ")[1].split("Where the words differ")[0]
    assert top.count("Identical") == 1, top
    assert "The same words (differences of case" in top


def test_a_comparison_page_lists_every_difference_its_explanation_mentions(site):
    """Regression: "Where the words differ: None." above an explanation naming a variant ("ECHR" /
    "[European Convention on Human Rights]"), and "Quoted differently" above an identical pair."""
    for quote_a, shown in (("r000-st-philp-8", ["variant", "ECHR", "[European Convention on Human Rights]"]),
                           ("r000-st-philp-3", ["quoted separately", "And worse than that, they have only removed"])):
        comparison = next(iter(site.graph.subjects(OO.quoteA, OI[quote_a])))
        assert site.graph.value(comparison, OO.fidelity) == OO.Identical
        page = text_of(site.page(comparison))
        differences = page.split("Where the words differ")[1]
        assert not differences.strip().startswith("None.")
        assert all(words in differences.split("In report 000")[0] for words in shown), differences
        assert "Quoted alike · " in page and "Quoted differently" not in page


def test_a_different_account_shows_each_report_s_words(site):
    found = [d for d in site.graph.subjects(OO.kind, OO.DifferentAccount)]
    assert found
    model = site.page_model(f"id/{str(found[0]).rsplit('/', 1)[1]}")[1]
    sides = [side for _, group in model["groups"] for side in group]
    assert len(sides) >= 2 and all(side["evidence"] and side["voice"] for side in sides)


def test_a_different_account_of_what_someone_said_is_on_their_page_and_the_reports_pages(site):
    """"Do the other reports quote Mahmood the same way?": the disagreement that says report 002's account
    of her remarks is not the others' was on neither her page nor report 002's (only figures' and dates'
    disagreements were), nor on Downing Street's for its spokesman's remarks."""
    for speaker, reports in (("shabana-mahmood", ("r000", "r002")), ("downing-street", ())):
        account = next(d for d in site.graph.subjects(OO.kind, OO.DifferentAccount)
                       if site.graph.value(d, OO.concerns) == OI[speaker])
        name = str(account).rsplit("/", 1)[1]
        page = reader_text(site.page(OI[speaker]))
        assert "Different account Report 0" in page and name in site.page(OI[speaker]), speaker
        for report in reports:
            assert name in site.page(OI[report]).split('<details class="all-data">')[0], report
    mahmood = site.page_model("id/shabana-mahmood")[1]
    assert len(mahmood["disagreements"]) == 6  # her figures' five, and the account of her remarks


def test_a_persons_page_says_what_others_said_about_them_and_the_events_they_took_part_in(site):
    """Yvette Cooper's page read "0 statements in the reports", her two posts and "No statements": nothing
    of what report 003's sources say she did (spearheaded the larger plans, chose a deal with France first),
    though an organisation's page lists what is said about it and its events."""
    page = reader_text(site.page(OI["yvette-cooper"]))
    assert "0 statements in the reports, 1 about them by others." in page
    assert "What others said about them" in page and "“proof of concept”" in page
    assert "Events they took part in Plans to enact the returns scheme on a larger scale" in page
    mahmood = site.page_model("id/shabana-mahmood")[1]["said_about"]
    assert mahmood.rows and all("Shabana Mahmood" not in row[0].text for row in mahmood.rows)  # not her own words


def reader_text(html: str) -> str:
    """What a reader sees before "All the data about this item" (the raw data, for the curious)."""
    return text_of(html).split("All the data about this item")[0]


RAW_RDF = re.compile(r"\b(rdf|rdfs|owl|prov|oa|oo|oi|schema|skos|org|dcterms|xsd):[A-Za-z_]|<https?:")
# An identifier where a reader meets it without reading the text: a tooltip, a screen reader's label, an
# image's text. There an IRI has no angle brackets, and a literal's language ("@en") is as foreign.
RAW_IN_ATTRIBUTE = re.compile(RAW_RDF.pattern + r"|https?://|^@[a-z]{2}\b")
ATTRIBUTES = re.compile(r'\s(title|aria-label|alt|placeholder)="([^"]*)"')


def raw_in_attributes(html: str) -> list:
    """The attributes of the reader's part of a page (before the raw-data fold, whose tooltips give the
    prefixed names for the curious) that show an RDF identifier: [(attribute, value)]."""
    reader = html.split('<details class="all-data">')[0]
    return [(name, unescape(value)) for name, value in ATTRIBUTES.findall(reader)
            if RAW_IN_ATTRIBUTE.search(unescape(value))]


@pytest.mark.parametrize("name", ["event-returns-agreement-agreed", "r000-date-agreed", "uk-france-returns-agreement",
                                  "home-office"])
def test_events_their_dates_agreements_and_organisations_read_as_prose_not_raw_rdf(site, name):
    """These had the generic page: rdf:type, oa:start and prov:wasAssociatedWith for a journalist (found
    by a hostile read). Each now has a page of its own; the raw data stays behind "All the data"."""
    html = site.page(OI[name])
    assert site.page_model(f"id/{name}")[0] != "resource.html"
    seen = reader_text(html)
    assert not RAW_RDF.search(seen), RAW_RDF.search(seen).group(0)
    assert "All the data about this item" in text_of(html)


def test_an_event_page_gives_each_reports_date_in_its_words_and_the_disagreement(site):
    model = site.page_model("id/event-returns-agreement-agreed")[1]
    dates = {(row[0].text.split(":")[0], row[1].text, row[2].text) for row in model["dates"].rows}
    assert ("Report 000", "July 2025 (inferred)", "last July") in dates  # resolved by the curators: marked
    assert any(d[1] == "July 2025" and d[2] == "in July 2025" for d in dates)  # stated: not marked
    assert any(d[1] == "August 2025 (inferred)" and d[2] == "in August" for d in dates)
    assert [d["kind"] for d in model["disagreements"]] == ["Contradiction"]
    page = reader_text(site.page(OI["event-returns-agreement-agreed"]))
    assert "PM Sir Keir Starmer and president Emmanuel Macron agreed the deal last July" in page  # the report's words
    assert "With Emmanuel Macron , Keir Starmer" in page


def test_an_event_date_page_quotes_its_report_and_the_reports_that_disagree(site):
    page = reader_text(site.page(OI["r000-date-agreed"]))
    assert "July 2025 (inferred) (the report’s words: “last July”)" in page
    assert "PM Sir Keir Starmer and president Emmanuel Macron agreed the deal last July" in page
    assert "This arrangement was agreed in July 2025 by Prime Minister Keir Starmer" in page  # another report's side


def test_an_agreement_page_lists_its_events_with_the_dates_each_report_gives(site):
    model = site.page_model("id/uk-france-returns-agreement")[1]
    events = {row[0].text: row[1].text for row in model["events"].rows}
    # no report names the agreement of these events: the curators read it (oo:ofAgreement markers)
    agreed = events["'One in, one out' deal agreed by Starmer and Macron (inferred)"]
    assert "July 2025 (Report 004)" in agreed and "August 2025 (inferred) (Report 002)" in agreed
    assert events["The beginning of the 'one in, one out' agreement (inferred)"] == "no report dates it"
    assert {p.text for p in model["parties"]} == {"France", "United Kingdom"}
    assert len(model["reports"]) == 5


def test_an_organisation_page_says_what_was_said_in_its_name(site):
    model = site.page_model("id/downing-street")[1]
    words = [row[2].text for row in model["statements"].rows]
    assert "“We've always been clear that the numbers will fluctuate,”" in words
    assert {row[0].text for row in model["statements"].rows} == {
        "the Prime Minister's official spokesman", "the Prime Minister's official spokesman (inferred)",
        "Downing Street (Prime Minister's Office)"}  # (inferred): a quote that names no one
    # no report says the spokesman's post is Downing Street's: the public record does (an oo:inOrganisation marker)
    assert [row[0].text for row in model["posts"].rows] == ["Prime Minister's official spokesman (inferred)"]


def test_an_organisation_page_lists_what_the_organisation_itself_said(site):
    """"The government said ..." (oo:speaker oi:uk-government, in reports 001 and 004) was on no page of
    the government's: its page listed only what holders of its posts said. Every statement whose speaker
    is the organisation is there too, from every report that gives one."""
    g = site.graph
    for organisation in sorted(set(g.objects(None, OO.speaker)) & set(g.subjects(RDF.type, OO.Organisation)), key=str):
        name = organisation.rsplit('/', 1)[-1]
        model = site.page_model(f"id/{name}")[1]
        models = [model] + [site.page_model(f"said/{name}-{n}")[1] for n in range(2, model["pager"]["pages"] + 1)]
        listed = {row[2].href.rsplit("/", 1)[-1].removesuffix(".html") for m in models for row in m["statements"].rows}
        said = {s.rsplit("/", 1)[-1] for s in g.subjects(OO.speaker, organisation)}
        assert said and said <= listed, (organisation, said - listed)


def test_a_statements_figures_say_what_they_count(site):
    """A statement's figures were their values alone: Downing Street's page read "less than 0" for the
    spokesman's "the numbers were higher in terms of us sending people", and Mahmood's said "relatively
    small, relatively small" for two indicators. Each now reads after what it counts, on every page that
    lists statements (the organisation's table, the person's pages, the statement's own)."""
    g = site.graph
    model = site.page_model("id/downing-street")[1]
    cells = [cell.text for row in model["statements"].rows for cell in (row[4].parts or [row[4]])]
    assert "net inflow: less than 0" in cells, cells
    for node in sorted(set(g.subjects(OO.mentionsFigure, None)), key=str)[:40]:
        statement = site.page_model(f"id/{node.rsplit('/', 1)[-1]}")[1]
        for cell, figure in zip(statement["said"]["figures"], sorted(g.objects(node, OO.mentionsFigure), key=str)):
            indicator = g.value(figure, OO.indicator)
            # "(inferred)" after what it counts where the curators read it (tests/test_desk_entity_markers.py)
            mark = " (inferred)" * site.desk.given((figure, OO.indicator, indicator))
            assert indicator is None or cell.text.startswith(f"{site.label(indicator)}{mark}: "), (node, cell.text)


def test_a_reports_search_result_names_who_speaks_in_it_not_its_text_files_name(site):
    """A report's search result showed its text file's name ("004_b211270729e835c9.txt") as its excerpt:
    nothing a journalist reads. It now lists who speaks in the report, so a name finds the reports too."""
    from kg.web.search import records

    found = {r["url"]: r for r in records(site) if r["kind"] == "Report"}
    assert len(found) == 5 and not any(".txt" in r["content"] for r in found.values())
    speakers = {site.label(who) for st in site.graph.subjects(OO.inReport, OI.r004)
                for who in site.graph.objects(st, OO.speaker)}
    assert speakers and found["id/r004.html"]["content"].split(" · ") == sorted(speakers)


def test_an_agreement_is_found_by_search_under_any_of_its_names(site):
    """Agreements have a page of their own now; the search index holds them with their other names."""
    from kg.web.search import records

    found = [r for r in records(site) if r["kind"] == "Agreement"]
    deal = next(r for r in found if r["url"] == "id/uk-france-returns-agreement.html")
    assert deal["title"] == "UK–France 'one in, one out' returns agreement"
    assert "the returns deal" in deal["content"] and "one in, one out" in deal["content"]
    assert len(found) == 7


def test_an_indicator_is_found_by_search_under_any_of_its_names(site):
    """An indicator's search record held its long name and definition only, not its other names
    (skos:altLabel): 'Channel crossings', the reports' own words for small-boat arrivals, found no indicator."""
    from kg.web.search import LISTED, records

    found = {r["url"]: r for r in records(site) if r["kind"] == "Indicator"}
    for indicator in site.graph.subjects(RDF.type, OO.Indicator):
        record = found[f"id/{indicator.split('/')[-1]}.html"]
        names = {str(name) for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.definition)
                 for name in site.graph.objects(indicator, prop)}
        assert set(record["content"].split(LISTED)) - {""} == names, indicator
    assert "Channel crossings" in found["id/ind-small-boat-arrivals.html"]["content"].split(LISTED)


def test_every_figures_search_record_opens_with_its_value_and_fits_in_one_excerpt(site):
    """"less than 0 — net inflow" was found with the excerpt "0 — net inflow": Pagefind starts an excerpt
    some words before the match in a record longer than the excerpt. Every figure's record (title and
    words, as Pagefind reads them) now opens with the value words the figure's page shows, qualifier and
    unit included, and is no longer than an excerpt: it is shown whole (the browser test searches each)."""
    from kg.analysis.figures import COMPARATOR_WORDS
    from kg.web.search import EXCERPT_WORDS, records

    figures = {r["url"]: r for r in records(site) if r["kind"] == "Figure"}
    assert len(figures) == len(site.desk.members("figures"))
    qualified, long = 0, []
    for url, record in figures.items():
        f = site.desk.figure(OI[url.removeprefix("id/").removesuffix(".html")])
        assert record["title"].startswith(site.desk.words(f) + " — "), (record["title"], site.desk.words(f))
        qualified += record["title"].startswith(tuple(w + " " for w in COMPARATOR_WORDS.values() if w))
        if len(f"{record['title']} {record['content']}".split()) > EXCERPT_WORDS:
            long.append(url)
    assert qualified >= 10 and not long, long
    assert {"less than 0 — net inflow", "more than 0 — net inflow"} <= {r["title"] for r in figures.values()}
    assert any(r["title"].startswith("at most 1 week") for r in figures.values())  # the unit's name too


def test_a_word_a_report_misspells_is_marked_sic_wherever_the_pages_show_the_reports_words(site):
    """/id/chris-philp showed "Shadiow Home Secretary", report 000's words as written, without [sic]. The
    curators name the misspelling on the report (oo:sic "Shadiow"); every page, saved query and search
    record marks it wherever it shows the report's words, and the data (the raw-data fold) keeps them."""
    from kg.web.search import records

    misspelt = sorted(str(w) for w in site.graph.objects(None, OO.sic))
    assert misspelt == ["Shadiow"]
    pages = {str(iri): site.page(iri) for iri in site.resources}
    pages |= {f"queries/{name}": site.query_page(name, {}) for name in site.queries}
    pages |= {record["url"]: " ".join(record.values()) for record in records(site)}
    marked, unmarked = set(), {}
    for name, html in pages.items():
        shown = unescape(html.split('<details class="all-data">')[0])
        for found in re.finditer("|".join(misspelt), shown):
            if shown.startswith(" [sic]", found.end()):
                marked.add(name)
            else:
                unmarked[name] = shown[max(0, found.start() - 60):found.end() + 30]
    assert not unmarked, unmarked
    assert {str(OI["chris-philp"]), str(OI["r000"]), "queries/statements"} <= marked, marked
    assert "Shadiow [sic] Home Secretary" in text_of(site.page(OI["chris-philp"]))
    fold = site.page(OI["r000-st-philp-9"]).split('<details class="all-data">')[1]
    assert "Shadiow Home Secretary" in fold and "[sic]" not in fold  # the data as written


def test_no_page_of_the_dataset_shows_a_reader_raw_rdf_in_its_text_or_its_tooltips(site):
    """Found by a hostile read: 192 of the 556 pages (posts, post holdings, countries, derivations,
    inferred values, quote groups, checks' ratings and claims, images, sources) had the generic page:
    rdf:type owl:Thing org:Post, org:postIn, schema:sameAs <http://www.wikidata.org/entity/Q142>, and
    the curators' comments named resources as oi:public-record. Every page now reads as prose; the raw
    data stays behind "All the data about this item". A second review found the same names in the hover
    tooltip of every link (title="oi:r004", title="xsd:integer", title="@en"): a tooltip, a screen
    reader's label and an image's text are read too."""
    raw, attributes = {}, {}
    for iri in site.resources:
        html = site.page(iri)
        assert "All the data about this item" in text_of(html), iri
        if found := RAW_RDF.search(reader_text(html)):
            raw[str(iri)] = found.group(0)
        if found := raw_in_attributes(html):
            attributes[str(iri)] = found[:3]
    assert not raw, raw
    assert not attributes, attributes


def test_the_pages_that_are_not_a_resources_show_no_identifier_in_a_tooltip(site):
    """The home page, the browse lists, a person's later statements, the saved queries' pages and search: the same
    tooltips (a saved query's table gave title="oo:DirectQuote" and title="xsd:integer")."""
    pages = {"home": site.home(OVERVIEW), "search": site.search_page(), "queries": site.queries_page()}
    pages |= {f"browse/{kind}": site.browse_page(kind) for kind in BROWSE}
    pages["said/shabana-mahmood-2"] = site.said_page("shabana-mahmood-2")
    pages |= {f"queries/{name}": site.query_page(name, {}) for name in site.queries}
    leaks = {path: found[:3] for path, html in pages.items() if (found := raw_in_attributes(html))}
    assert not leaks, leaks


def test_a_saved_querys_description_reads_as_words_with_its_terms_by_name_and_its_commands_as_code(site):
    """The saved queries' pages showed the .rq descriptions raw: "Filter by kind (oo:Contradiction, ...)",
    "The schema:ClaimReview that `kg check` wrote", backticks and all."""
    for name in site.queries:
        lead = re.search(r'<p class="lead">(.*?)</p>', site.query_page(name, {}), re.S)
        if lead:
            assert not RAW_RDF.search(text_of(lead.group(1))) and "`" not in lead.group(1), (name, lead.group(1))
    html = site.query_page("discrepancies", {})
    assert '<a href="../ontology.html#DifferentBaseline" class="local">different baseline</a>' in html
    assert "<code>kg discrepancies</code>" in html
    assert "The claim review that <code>kg check</code>" in site.query_page("check-verdicts", {})


def test_a_bad_parameter_on_a_page_suggests_the_names_a_reader_types(site):
    page = text_of(site.query_page("discrepancies", {"kind": "nonsense"}))
    assert "no discrepancy kind is called 'nonsense'. Nearest names: different baseline" in page
    assert not RAW_RDF.search(page.split("The query (SPARQL)")[0])


def test_the_raw_data_fold_keeps_the_prefixed_names_for_the_curious(site):
    fold = site.page(PHILP_70).split('<details class="all-data">')[1]
    assert 'title="oo:inReport"' in fold and 'title="oi:r000"' in fold and 'title="xsd:' in fold


def test_the_generic_page_names_each_fact_once_as_the_ontology_does(site):
    """A post holding: "holder", not also the org:member the closure adds; a span of a report's text as
    a quotation with its offsets; a country's Wikidata item as its address."""
    model = site.page_model("id/holding-badenoch-conservative-leader")[1]
    names = [fact["name"] for fact in model["about"]]
    assert "holder" in names and "post" in names and "member" not in names and "role" not in names
    evidence = next(f["evidence"] for f in model["about"] if f["name"] == "evidence")
    assert evidence[0]["exact"].startswith("Tory leader Kemi Badenoch said") and evidence[0]["start"] == 1023
    france = reader_text(site.page(OI["france"]))
    assert "same as www.wikidata.org/entity/Q142" in france and "country France" in france


def test_the_curators_text_links_what_it_names_under_its_name(site):
    html = site.page(OI["membership-chris-philp"])
    assert re.search(r'<a href="../id/public-record.html" class="local">The public record</a>', html)
    event = site.page(OI["event-returns-agreement-beginning"])
    assert re.search(r'<a href="../ontology.html#asOfEvent" class="local"[^>]*>as of event</a>', event)


def test_a_checks_rating_is_named_for_the_claim_it_rates(site):
    rating = OI["rating-r002-fig-arrivals-change-2025-vs-2023-41pct-report"]
    assert site.label(rating) == 'Rating of the report\'s "41 per cent higher" (report 002): accurate'


def test_a_resource_without_a_label_is_named_by_what_it_belongs_to(project):
    store = ox.Store()
    rating, check = ox.NamedNode(str(OI["rating-x"])), ox.NamedNode(str(OI["check-x"]))
    store.add(ox.Quad(check, ox.NamedNode(str(RDFS.label)), ox.Literal("Check of x", language="en")))
    store.add(ox.Quad(check, ox.NamedNode(str(SCHEMA.reviewRating)), rating))
    store.add(ox.Quad(rating, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SCHEMA.Rating))))
    assert Site(project, store, static=True, endpoint=None).label(OI["rating-x"]) == "rating of Check of x"


def test_the_curators_text_is_escaped_around_its_links_and_unknown_names_stay_text(site):
    out = str(site.linked("../", '<script>x</script> oi:public-record, oi:no-such-thing & oo:noSuchTerm.'))
    assert out.startswith("&lt;script&gt;x&lt;/script&gt; <a href=\"../id/public-record.html\"")
    assert out.endswith(", oi:no-such-thing &amp; oo:noSuchTerm.")


def test_a_chart_is_drawn_once_per_release_whichever_site_asks(tmp_path, project, store, monkeypatch):
    """A chart took a quarter to half a second to draw, and every worker of kg serve, every server started
    again and kg publish drew it again: now the first draws it into the release's chart folder and the
    others read it from there; another release's folder gets its own."""
    import stat

    from kg.analysis import timeline

    drawn = []
    draw = timeline.chart
    monkeypatch.setattr(timeline, "chart", lambda figures, title, **how: drawn.append(title) or draw(figures, title, **how))
    indicator = OI["ind-returned-to-france"]
    release = tmp_path / "charts" / "release-a"
    first = Site(project, store, static=True, endpoint=None, charts=release).chart(indicator)
    again = Site(project, store, static=True, endpoint=None, charts=release).chart(indicator)  # another process's
    assert again == first and first.startswith(b"<?xml") and len(drawn) == 1
    [kept] = release.iterdir()
    assert kept.suffix == ".svg" and stat.S_IMODE(kept.stat().st_mode) == 0o644
    other = Site(project, store, static=True, endpoint=None, charts=tmp_path / "charts" / "release-b").chart(indicator)
    assert other == first and len(drawn) == 2
    assert Site(project, store, static=True, endpoint=None).chart(indicator) == first and len(drawn) == 3  # no folder


def test_the_chart_folder_is_the_releases_and_a_new_release_removes_the_old_ones(tmp_path):
    from kg.sources.project import Project
    from kg.web.pages import release_charts

    project = Project(tmp_path)
    manifest = lambda digest: {"files": {"oioo-full.nt": {"sha256": digest}}}  # noqa: E731
    old = release_charts(project, manifest("a" * 64))
    old.mkdir(parents=True)
    (old / "x.svg").write_bytes(b"<svg/>")
    assert release_charts(project, manifest("a" * 64)) == old and (old / "x.svg").is_file()  # the same release
    new = release_charts(project, manifest("b" * 64))
    assert new != old and new.parent == old.parent == project.dist_dir / "charts" and not old.exists()


def test_charts_drawn_by_an_earlier_kg_are_drawn_again_whatever_part_of_kg_changed(tmp_path, monkeypatch):
    """The chart folder's name came from kg.analysis.timeline's code alone, and kg serve's kept statistics
    and search index from the release alone: a new kg whose words, numbers or queries changed elsewhere
    (kg.analysis.figures.fmt, the pages) kept serving what the earlier kg made for the same release. Any
    change to kg now names another folder and another stamp (kg.web.pages.made_by)."""
    from kg.sources.project import Project
    from kg.web import pages

    project = Project(tmp_path)
    manifest = {"files": {"oioo-full.nt": {"sha256": "a" * 64}}}
    drawn, stamp = pages.release_charts(project, manifest), pages.made_by(manifest)
    monkeypatch.setattr(pages, "package_digest", lambda: "another kg")
    assert pages.release_charts(project, manifest) != drawn and pages.made_by(manifest) != stamp


def _said_statements(model: dict) -> list:
    return [s["link"].iri for by_occasion in model["occasions"].values() for said in by_occasion.values() for s in said]


@pytest.mark.parametrize("per_page", [5, 30])
def test_an_organisations_statements_are_paged_each_once_in_reading_order(project, store, monkeypatch, per_page):
    """An organisation's page listed every statement made in its name, unpaged (the Home Office: 38 in
    the seed; a government quoted for years, thousands), where a person's are paged. Its page shows the
    first, said/NAME-N the others, each statement once, in reading order, the organisation's own
    statements and its post holders' alike."""
    from kg.core.errors import KGError
    from kg.web import desk

    monkeypatch.setattr(desk, "STATEMENTS_PER_PAGE", per_page)
    paged = Site(project, store, static=True, endpoint=None)
    office, g = OI["home-office"], paged.graph
    everything = {str(s) for s in g.subjects(OO.speaker, office)}
    everything |= {str(s) for post in g.subjects(OO.inOrganisation, office) for s in g.subjects(OO.speakerPost, post)}
    pages = -(-len(everything) // per_page)
    assert pages > 1
    models = [paged.page_model("id/home-office")[1]]
    models += [paged.page_model(f"said/home-office-{n}")[1] for n in range(2, pages + 1)]
    assert f"home-office-{pages}" in paged.desk.said_pages() and f"home-office-{pages + 1}" not in paged.desk.said_pages()
    listed = [[row[2].iri for row in model["statements"].rows] for model in models]
    in_order = [str(s) for s in paged.desk.statements_of(office)]
    assert set(in_order) == everything
    assert listed == [in_order[start:start + per_page] for start in range(0, len(in_order), per_page)]
    for number, model in enumerate(models, 1):
        pager = model["pager"]
        assert (pager["page"], pager["pages"]) == (number, pages) and model["statement_count"] == len(everything)
        assert bool(pager["previous"]) == (number > 1) and bool(pager["next"]) == (number < pages)
    assert models[1]["pager"]["previous"].endswith("id/home-office.html")
    page = text_of(paged.said_page("home-office-2"))
    assert "What was said in the name of Home Office" in page and f"{len(everything)} statements in all" in page
    with pytest.raises(KGError, match="pages of statements"):
        paged.page_model(f"said/home-office-{pages + 1}")


@pytest.mark.parametrize("per_page", [1, 7, 30])
def test_a_persons_statements_are_paged_each_once_in_reading_order(project, store, monkeypatch, per_page):
    """A person quoted in thousands of reports had one page holding all of it (1.6 MB, 2.8 s at a million
    triples): their own page shows the first statements, said/NAME-N the others, each statement once."""
    from kg.web import desk

    monkeypatch.setattr(desk, "STATEMENTS_PER_PAGE", per_page)
    paged = Site(project, store, static=True, endpoint=None)
    mahmood = OI["shabana-mahmood"]
    everything = {str(s) for s in paged.graph.subjects(OO.speaker, mahmood)}
    pages = -(-len(everything) // per_page)
    models = [paged.page_model("id/shabana-mahmood")[1]]
    models += [paged.page_model(f"said/shabana-mahmood-{n}")[1] for n in range(2, pages + 1)]
    assert paged.desk.said_pages().count(f"shabana-mahmood-{pages}") == (pages > 1)
    seen = [iri for model in models for iri in _said_statements(model)]
    assert len(seen) == len(everything) and set(seen) == everything  # each once, none left out
    in_order = [str(s) for s in paged.desk.statements_of(mahmood)]  # by report, then place in it
    assert [set(_said_statements(model)) for model in models] == [
        set(in_order[start:start + per_page]) for start in range(0, len(in_order), per_page)]
    for number, model in enumerate(models, 1):
        pager = model["pager"]
        assert (pager["page"], pager["pages"], pager["last"] - pager["first"] + 1) == (
            number, pages, len(_said_statements(model)))
        assert bool(pager["previous"]) == (number > 1) and bool(pager["next"]) == (number < pages)
        if number < pages:
            assert pager["next"].endswith(f"said/shabana-mahmood-{number + 1}.html")
        said_here = [s for by_occasion in model["occasions"].values() for said in by_occasion.values() for s in said]
        assert {row[0].iri for row in model["figures"].rows} == {f.iri for s in said_here for f in s["figures"]}
        assert {v["link"].iri for _, v in model["quoted"]} == {v["link"].iri for s in said_here for v in s["variants"]}
    if pages > 1:
        assert models[1]["pager"]["previous"].endswith("id/shabana-mahmood.html")
        assert "What Shabana Mahmood said" in text_of(paged.said_page("shabana-mahmood-2"))


def test_the_verdicts_on_a_person_cover_all_they_said_on_every_page_size(project, store, monkeypatch):
    """The person's page keeps the verdicts and disagreements of every figure they stated, not only of
    the statements it shows."""
    from kg.web import desk

    monkeypatch.setattr(desk, "STATEMENTS_PER_PAGE", 1000)
    whole = Site(project, store, static=True, endpoint=None).page_model("id/shabana-mahmood")[1]
    monkeypatch.setattr(desk, "STATEMENTS_PER_PAGE", 1)
    first = Site(project, store, static=True, endpoint=None).page_model("id/shabana-mahmood")[1]
    assert whole["checked"] or whole["disagreements"]
    for key in ("checked", "disagreements"):
        assert [(f.iri, r["link" if key == "disagreements" else "review"].iri) for f, r in first[key]] == \
               [(f.iri, r["link" if key == "disagreements" else "review"].iri) for f, r in whole[key]]
    assert first["figure_count"] == whole["figure_count"] > len(first["figures"].rows)


@pytest.mark.parametrize("name", ["shabana-mahmood-1", "shabana-mahmood-0", "shabana-mahmood-99", "shabana-mahmood",
                                  "shabana-mahmood-x", "r000-2", "nobody-2", "-2", "shabana-mahmood-02"])
def test_a_page_of_statements_that_does_not_exist_says_so(site, name):
    from kg.core.errors import KGError

    with pytest.raises(KGError, match=f"no page said/{re.escape(name)}"):
        site.page_model(f"said/{name}")


PAGE_NAMES = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[a-z0-9.-]{0,30}-[0-9]{0,5}", fullmatch=True),
    st.tuples(st.sampled_from(["shabana-mahmood", "chris-philp", "r000", *BROWSE, ""]),
              st.sampled_from(["-", "-0", "-1", "-2", "-3", "-02", "-2.html", "--2", "-२", "-1e3", "-99999999999999999999"]))
    .map("".join),
)


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["said", "browse"]), name=PAGE_NAMES)
@example(kind="said", name="\n")  # found by this sweep: the line break was repeated in the refusal
@example(kind="browse", name="people-\x002\r")
def test_any_name_of_a_paged_listing_is_a_page_or_no_page(site, kind, name):
    """said/NAME-N and browse/KIND-N give a page or one refusal that says so (kg serve: a 404), whatever
    the name: never a traceback, never a second address for the same page."""
    from kg.core.errors import KGError

    try:
        html = site.said_page(name) if kind == "said" else site.browse_page(name)
    except KGError as error:
        assert str(error).startswith(f"no page {kind}/") and "\n" not in str(error)
        return
    assert html.startswith("<!doctype html>")
    assert re.fullmatch(r"[a-z0-9-]+-[1-9]\d*", name) and not name.endswith("-1") or (kind, name) in (
        ("browse", k) for k in BROWSE), name


def test_a_static_query_page_shows_its_first_rows_and_its_csv_has_them_all(site, monkeypatch):
    from kg.web import pages

    monkeypatch.setattr(pages, "SHOWN_ROWS", 10)
    everything = len(site.run_saved("statements", {})[1])
    html = site.query_page("statements", {})
    assert everything > 10 and html.count("<tr>") == 11
    assert f"The first 10 of {everything} rows (the CSV has them all)" in text_of(html)
    assert "more answers than a page shows" in text_of(html)
    rows = list(csv.reader(io.StringIO(site.table_csv("queries/statements", "results").decode("utf-8-sig"))))
    assert len(rows) - 1 == everything


def test_a_download_past_the_row_cap_is_refused_without_running_its_query_again(project, store, monkeypatch):
    from kg.sparql.run import answer
    from kg.web import pages

    capped = Site(project, store, static=False, limits={"max_rows": 5})
    ran = []
    monkeypatch.setattr(pages, "answer", lambda *args, **kwargs: ran.append(args[1]) or answer(*args, **kwargs))
    for _ in range(2):
        with pytest.raises(pages.TooManyRows, match="more than 5 rows"):
            capped.table_csv("queries/statements", "results")
    assert len(ran) == 1


def test_the_sites_resources_are_every_iri_under_id_in_iri_order(site):
    """Put in order in Python: Oxigraph's ORDER BY read each IRI's text for each comparison (36 s of a
    million-triple `kg publish`, 9 s without it)."""
    from kg.web.pages import path_of

    mentioned = {t for triple in site.graph.triples((None, None, None)) for t in (triple[0], triple[2])
                 if isinstance(t, URIRef) and (path_of(t) or "").startswith("id/")}
    assert site.resources == sorted(mentioned, key=str) and len(mentioned) > 300


def test_a_query_form_offers_names_not_iris_and_its_markup_is_well_formed(project, store):
    """A journalist's form: the default shown by its name, suggestions by the names the pages use
    (not an alias: "Paris" for the French Government), no prefixed name, attributes apart."""
    served = Site(project, store)
    page = served.query_page("figures-by-person", {})
    field = re.search(r'<input type="text" name="person"[^>]*>', page).group(0)
    assert 'value="Shabana Mahmood"' in field and 'list="options-person"' in field
    assert re.search(r'="[^"]*"[a-zA-Z]', page) is None  # list="..."title=... ran together
    options = re.findall(r"<option value=\"([^\"]*)\">([^<]*)</option>", served.queries_page())
    offered = {unescape(value) for value, _ in options}
    assert {"French Government", "Conservative Party", "Downing Street (Prime Minister's Office)"} <= offered
    assert not {"Paris", "the Tories", "No 10"} & offered
    assert all(text == "" for _, text in options)  # no "oi:..." beside a name
    given = served.query_page("figures-by-person", {"person": "oi:chris-philp"})
    assert 'value="oi:chris-philp"' in given  # what a reader typed stays as typed


def test_a_value_reads_as_words_in_every_unit_of_the_ontology(site):
    """ "1 boat", "2 boats", "1 week", "6 weeks", "1 for each person": never "1 boats" or "1 people per person"."""
    from decimal import Decimal

    from kg.analysis.figures import StatedFigure
    from kg.web.desk import PLAIN_UNITS, value_words

    units = set(site.graph.subjects(RDF.type, OO.Unit)) - PLAIN_UNITS
    assert {OO.Boat, OO.Week, OO.PerPerson} <= units
    for unit in units:
        label = site.label(unit)
        one, two = (value_words(StatedFigure(OI.x, unit=unit, comparator=OO.Exactly, value=Decimal(n)), label)
                    for n in (1, 2))
        assert one.startswith("1 ") and two.startswith("2 ")
        if " " not in label:
            assert not one.endswith("s") and two.endswith("s"), (one, two)
    ratio = StatedFigure(OI.x, unit=OO.PerPerson, comparator=OO.Exactly, value=Decimal(1))
    assert value_words(ratio, site.label(OO.PerPerson)) == "1 for each person"


def test_what_the_curators_inferred_is_in_one_order_whatever_the_markers_blank_nodes_are_called(project, store, site):
    """kg serve and kg publish listed the inferences of oi:france as "(country, party)" and "(party, country)", their
    reasons and "Inferred for" lists in other orders: the markers are blank nodes, sorted by their labels, which
    each reading of the release makes anew (a hostile tester found it on 8 of 649 pages)."""
    fresh: dict = {}

    def relabelled(term):
        return fresh.setdefault(term.value, ox.BlankNode()) if isinstance(term, ox.BlankNode) else term

    other_store = ox.Store()
    other_store.extend(ox.Quad(relabelled(q.subject), q.predicate, relabelled(q.object), q.graph_name) for q in store)
    other = Site(project, other_store, static=True, endpoint=None)
    for name in ("france", "united-kingdom", "x-platform", "post-uk-prime-minister", "post-uk-home-secretary"):
        mine, theirs = site.page(OI[name]), other.page(OI[name])
        assert "What the curators inferred" in mine, name
        assert folded_inferences(theirs) == folded_inferences(mine), name


def test_browse_lists_are_in_a_reading_order_whatever_order_the_store_holds_them(project, store, site):
    """People by name, checks least accurate first, disagreements contradictions first, reports by number:
    the same pages from any store of the release (kg serve's on disk, kg publish's in memory), where the
    store's own order, paged by LIMIT and OFFSET, differed from one to the other."""
    from kg.web.desk import GRADE_ORDER, KIND_ORDER

    reversed_store = ox.Store()
    reversed_store.extend(reversed(list(store)))
    other = Site(project, reversed_store, static=True, endpoint=None)
    for kind in ("checks", "disagreements"):  # the home page's first few, read a group at a time
        for count in (1, 5, 12):
            assert other.desk.first_members(kind, count) == site.desk.members(kind)[:count], (kind, count)
        assert ("members", kind) not in other.cache
        assert other.desk.first_members(kind, 10_000) == site.desk.members(kind)  # more than there are
    for kind in BROWSE:
        assert site.desk.members(kind) == other.desk.members(kind), kind
        assert set(site.desk.members(kind)) == set(site.graph.subjects(RDF.type, BROWSE[kind][0]))
    # people by name, as indexes file names: a leading article aside ("a government source" under G, not A)
    names = [site.label(p) for p in site.desk.members("people")]
    assert any(re.match(r"(?i)(a|an|the) ", name) for name in names), names
    assert names == sorted(names, key=lambda name: re.sub(r"(?i)^(a|an|the) ", "", name).casefold()), names
    grades = [GRADE_ORDER[str(site.graph.value(site.graph.value(r, SCHEMA.reviewRating), SCHEMA.alternateName))]
              for r in site.desk.members("checks")]
    assert grades == sorted(grades) and grades[0] < grades[-1]
    kinds = [KIND_ORDER.get(str(site.graph.value(d, OO.kind)).rpartition("#")[2], 9) for d in site.desk.members("disagreements")]
    assert kinds == sorted(kinds)
    assert [str(r) for r in site.desk.members("reports")] == [str(OI[f"r00{n}"]) for n in range(5)]
    assert site.home(OVERVIEW) == other.home(OVERVIEW)


def test_a_quotes_page_says_how_other_reports_quoted_the_same_words(site):
    """A fact-checker landing on one report's version of a quote learns that another report quotes the
    same remark in other words (its page showed the comparisons only in the RDF fold)."""
    page = text_of(site.page(OI["r001-st-mahmood-5"]))
    assert "How other reports quoted these words" in page
    section = page.split("How other reports quoted these words", 1)[1]
    assert "paraphrase as quote Report 000 quotes it" in section
    assert "couldn’t find enough people to bring in" in section or "couldn't find enough people to bring in" in section
    for statement in site.graph.subjects(RDF.type, OO.DirectQuote):
        compared = any(site.graph.subjects(OO.quoteA, statement)) or any(site.graph.subjects(OO.quoteB, statement))
        assert ("How other reports quoted these words" in site.page(statement)) == compared, statement


def test_who_said_a_figure_and_the_words_said_link_to_their_pages(site):
    """In every table of figures and checks, "Said by" links to each speaker's page ("the report" for
    its own voice); in a table of statements the words link to the statement's page."""
    for path in ("", "browse/figures", "browse/checks", "id/r004", "id/ind-net-inflow"):
        model = site.page_model(path)[1]
        for table in tables_in(model):
            if "Said by" in table.columns and table.id != "statements":
                column = table.columns.index("Said by")
                for row in table.rows:
                    cell = row[column]
                    assert cell.text == "the report" or cell.href and all(p.href for p in cell.parts), (path, cell)
    statements = next(t for t in tables_in(site.page_model("id/r004")[1]) if t.id == "statements")
    words = statements.columns.index("Words")
    assert statements.rows and all(row[words].href and "/id/r004-st-" in "/" + row[words].href for row in statements.rows)


def test_a_saved_querys_table_heads_each_column_once(project, store):
    """The discrepancies page had two columns headed "kind" (the kind's name, and the parameter's
    column, whose link shows the same name); kg query heads the parameter's column "kind (IRI)"."""
    from kg.sparql.output import headings

    served = Site(project, store)
    for name in served.queries:
        table = served.saved_table("../", name, {})
        assert len(table.columns) == len(set(table.columns)), (name, table.columns)
        variables = served.run_saved(name, {})[0]
        assert len(set(headings(variables))) == len(variables), (name, headings(variables))
    assert "kind" in served.saved_table("../", "discrepancies", {}).columns


def test_a_saved_querys_table_shows_a_figure_by_its_value_each_speaker_once_and_numbers_readably(project, store):
    """who-said-what showed the speaker twice (a "speaker name" column and the speaker's link), the
    qualifier and the number apart ("at most" | "1", no unit) and numbers raw ("41000"): the page shows
    the figure's value in words linked to it and the speaker once; its CSV too, each with the IRI, the
    number, qualifier and unit beside it (the API's answer keeps every column)."""
    served = Site(project, store)
    html = served.query_page("who-said-what", {"indicator": "oi:ind-small-boat-arrivals"})
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    headings = re.findall(r"<th[^>]*>([^<]*)</th>", head)
    assert "speaker name" not in headings and "comparator" not in headings and "value" not in headings
    assert headings[0] == "speaker" and "figure" in headings
    body = text_of(re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1))
    assert "41,000" in body and "41000" not in body
    rows = list(csv.DictReader(io.StringIO(served.table_csv("queries/who-said-what", "results",
                                                             {"indicator": "oi:ind-small-boat-arrivals"}).decode("utf-8-sig"))))
    assert {"speaker", "speaker (IRI)", "figure", "figure (IRI)", "figure (number)", "figure (qualifier)"} <= set(rows[0])
    assert "speaker name" not in rows[0] and any(row["figure (number)"] == "41000" for row in rows)
    variables = served.run_saved("who-said-what", {"indicator": "oi:ind-small-boat-arrivals"})[0]
    assert {"speakerName", "comparator", "value"} <= set(variables)  # the API's answer
    offsets = list(csv.DictReader(io.StringIO(served.table_csv("queries/quote-fidelity", "results", {}).decode("utf-8-sig"))))
    starts = [row[column] for row in offsets for column in row if column.startswith("start")]
    assert starts and all(value.isdigit() for value in starts), starts  # the CSV's numbers raw: "2278", not "2,278"
    assert any(len(value) > 3 for value in starts)


def test_a_page_leads_with_a_comment_only_when_it_has_one(site):
    """The agreement has a comment for what each report says of it; its page led with one of the 14,
    whichever the store gave first (a different one on kg serve and the static site). Now none leads,
    and every one is on the page."""
    agreement = OI["uk-france-returns-agreement"]
    comments = [str(c) for c in site.graph.objects(agreement, RDFS.comment)]
    assert len(comments) > 1
    assert site.page_model("id/uk-france-returns-agreement")[1]["comment"] == ""
    page = text_of(site.page(agreement))
    assert all(" ".join(c.split())[:60] in page for c in comments)
    single = next(s for s in sorted(site.graph.subjects(RDFS.comment, None), key=str)
                  if len(list(site.graph.objects(s, RDFS.comment))) == 1 and str(s).startswith(str(OI))
                  and site.page_model(f"id/{str(s)[len(str(OI)):]}")[0] == "resource.html")
    assert site.page_model(f"id/{str(single)[len(str(OI)):]}")[1]["comment"]


@pytest.mark.parametrize("path, says", [
    ("said/shabana-mahmood", "what Shabana Mahmood said begins on their own page, id/shabana-mahmood"),
    ("said/shabana-mahmood-1", "begins on their own page, id/shabana-mahmood"),
    ("said/shabana-mahmood-3", "Shabana Mahmood has 2 pages of statements: id/shabana-mahmood, then said/shabana-mahmood-2"),
    ("said/chris-philp-2", "Chris Philp has 1 page of statements: id/chris-philp"),
    ("browse/people-1", "its first page is browse/people"),
    ("browse/speeches", "the lists are browse/reports, browse/people"),
])
def test_a_page_that_is_not_there_says_where_the_reader_should_go(site, path, says):
    """"no such person" for said/shabana-mahmood (she is: her first page is id/shabana-mahmood), "Chris
    Philp has 1 page(s)" for said/chris-philp-1, a bare 404 for browse/people-1."""
    from kg.core.errors import KGError

    with pytest.raises(KGError) as refused:
        site.page_model(path)
    assert says in str(refused.value)



@pytest.mark.parametrize("path, says", [
    ("said/shabana-mahmood-0", "Shabana Mahmood has 2 pages of statements: id/shabana-mahmood, then said/shabana-mahmood-2"),
    ("said/shabana-mahmood-00", "Shabana Mahmood has 2 pages of statements: id/shabana-mahmood, then said/shabana-mahmood-2"),
    ("said/shabana-mahmood-02", "Shabana Mahmood has 2 pages of statements: id/shabana-mahmood, then said/shabana-mahmood-2"),
    ("browse/people-0", "people has 1 page: browse/people"),
    ("browse/people-00", "people has 1 page: browse/people"),
    ("browse/people-007", "people has 1 page: browse/people"),
    ("browse/people-2", "people has 1 page: browse/people"),
])
def test_a_page_number_that_is_no_page_says_which_pages_there_are(site, path, says):
    """said/shabana-mahmood-0 said "no such person or organisation" (she is one: the page number 0 was read as part
    of her name), and browse/people-0, -00 and -007 said nothing but "no page": each now names the pages there are."""
    from kg.core.errors import KGError

    with pytest.raises(KGError) as refused:
        site.page_model(path)
    assert str(refused.value).endswith(says), str(refused.value)


def test_every_claim_reviewed_has_balanced_quotation_marks(site):
    """A fact-check aggregator shows claimReviewed alone: a quote's first sentence carried its opening ‘
    without the closing one, which is in a later sentence."""
    for review in site.graph.subjects(RDF.type, SCHEMA.ClaimReview):
        claim = str(site.graph.value(review, SCHEMA.claimReviewed))
        opened = claim[:1] in "‘“\""
        assert not opened or re.search({"‘": "’(?![^\\W\\d_])", "“": "”", '"': '"'}[claim[0]], claim[1:]), claim


def test_a_verdict_in_a_list_says_whose_figure_and_in_which_report(site):
    """Chris Philp's page listed "accurate when rounded 70" twice, the same words for his 70 in report 000
    and his 70 in report 002."""
    page = text_of(site.page(OI["chris-philp"])).replace(" )", ")")  # (text_of puts a space for each tag)
    assert "70 (Chris Philp (inferred), Report 000) :" in page and "70 (Chris Philp, Report 002) :" in page
    indicator = text_of(site.page(OI["ind-net-inflow"])).replace(" )", ")")
    assert "69 (Kemi Badenoch, Report 000)" in indicator and "(the report, Report 001)" in indicator


def test_a_csv_of_figures_gives_each_value_as_a_number_with_its_qualifier_and_unit(site):
    """A data journalist's spreadsheet computes with numbers: "more than 41,000" in one text column could
    not be summed or sorted."""
    table = site.page_model("browse/figures")[1]["table"]
    rows = list(csv.DictReader(io.StringIO(site.desk.csv(table).decode("utf-8-sig"))))
    assert {"Value", "Value (IRI)", "Value (number)", "Value (qualifier)", "Value (unit)"} <= set(rows[0])
    by_words = {row["Value"]: row for row in rows}
    more = by_words["more than 41,000"]
    assert (more["Value (number)"], more["Value (qualifier)"], more["Value (unit)"]) == ("41000", "more than", "people")
    assert all(row["Value (number)"] == "" or float(row["Value (number)"].replace(",", "")) is not None for row in rows)
    assert any(row["Value (qualifier)"] == "exactly" and row["Value (number)"] == "281" for row in rows)


def test_every_report_in_a_table_is_named_by_its_number_as_the_explanations_name_it(site):
    """Explanations say "report 004"; the reports table named report 004 by its headline alone."""
    table = site.page_model("browse/reports")[1]["table"]
    names = [row[0].text for row in table.rows]
    assert [n.split(":")[0] for n in names] == [f"Report 00{i}" for i in range(5)]
    assert table.rows[4][1].text.startswith("UK Has Returned 281 Migrants")  # its headline, beside


def test_events_and_agreements_have_browse_lists_like_every_other_kind(site):
    """/browse/events and /browse/agreements were 404s: an agreement was reached only through other pages."""
    for kind, cls in (("events", OO.Event), ("agreements", OO.Agreement)):
        model = site.page_model(f"browse/{kind}")[1]
        assert model["total"] == len(set(site.graph.subjects(RDF.type, cls))) > 0
        assert model["table"].columns[-1] == "Statements about it"
    events = site.page_model("browse/events")[1]["table"]
    agreed = next(row for row in events.rows if row[0].iri == str(OI["event-returns-agreement-agreed"]))
    assert int(agreed[events.columns.index("Dates reported")].text) >= 3  # three reports date it
    assert "Agreements" in text_of(site.home(OVERVIEW)) and "Events" in text_of(site.home(OVERVIEW))


@pytest.mark.parametrize("name, note", [
    ("r001-fig-net-inflow-negative-at-start-pm-spokesman", "admitted minus returned was below 0"),
    ("r001-fig-returned-281-report", "'only' is the report's emphasis, not a bound"),
    ("r000-fig-admitted-small-mahmood", "i.e. the 350 who came in and the 281 removed"),
    ("r001-st-mahmood-8", "First sentence of a two-sentence quote"),  # a statement's
    ("r000-date-rwanda-scrapped", "Starmer took office as Prime Minister"),  # an event date's
])
def test_the_curators_notes_are_in_the_readers_part_of_the_page_as_theirs(site, name, note):
    """A figure's rdfs:comment (what the curators read into the report's words) was only in the folded raw
    data, as rdfs:comment with oi:... names in it. Now each note is above the fold, labelled as the
    curators', with the resources it names as links under their names."""
    iri = OI[name]
    notes = sorted(str(c) for c in site.graph.objects(iri, RDFS.comment))
    assert notes and all(note in n for n in notes[:1])
    html = site.page(iri).split('<details class="all-data">')[0]
    reader = reader_text(html)
    for n in notes:
        shown = text_of(str(site.linked("../", n)))
        assert f"Curators’ note: {shown}" in reader, (n, reader)
    assert not RAW_RDF.search(reader), RAW_RDF.search(reader)


def test_a_curators_note_names_a_figure_as_a_link_under_its_name(site):
    html = site.page(OI["r000-fig-admitted-small-mahmood"]).split('<details class="all-data">')[0]
    assert re.search(r'Curators’ note:</strong> .*<a href="../id/r000-fig-admitted-350-mahmood.html" class="local">'
                     r'[^<>]*350[^<>]*</a>', html)


def test_how_a_derived_figure_was_worked_out_gives_the_curators_notes_on_it(site):
    figure = OI["r001-fig-net-inflow-positive-mahmood"]
    derivation = site.graph.value(figure, OO.derivation)
    assert (derivation, RDFS.comment, None) in site.graph
    reader = reader_text(site.page(figure)).split("How it was worked out")[1]
    for n in site.graph.objects(derivation, RDFS.comment):
        assert f"Curators’ note: {text_of(str(site.linked('../', n)))}" in reader


# Columns whose empty cell a reader would have to guess at: what each says instead, on every page it is on.
WORDED_COLUMNS = {"Period": "no period stated", "Verdict": "not checked", "From": "not stated",
                  "To": "still in post, or not stated", "On what basis": "not stated", "Role": "not stated",
                  "Where, when": "not stated", "Date": "no date given", "Disagreements": "none", "Figures": "none",
                  "As written": "not stated"}


def test_no_table_leaves_a_reader_a_blank_cell_to_guess_at(site):
    """The figures' tables (a report's, an indicator's, browse/figures) had a blank Period where the figure's
    page says "no period stated", a blank Verdict for a figure nobody checked; a person's posts a blank
    To; a quote comparison a blank where one report has no words. Each now says so, in the same words on
    every page (and in its CSV). So did a figure with no disagreement, a statement with no figure and a
    report's date of an event not in its words: "none", "none", "not stated"."""
    paths = [f"id/{str(i)[len(str(OI)):]}" for i in site.resources] + [f"browse/{k}" for k in BROWSE]
    blank, said = {}, {}
    for path in paths:
        template, context = site.page_model(path)
        for table in tables_in(context):
            for row in table.rows:
                for column, cell in zip(table.columns, row):
                    worded = WORDED_COLUMNS.get(column, "nothing" if column.endswith(" has") else None)
                    if worded is not None and not cell.text.strip():
                        blank.setdefault((template, table.id, column), path)
                    if worded is not None and cell.text == worded:
                        said[column] = path
    assert blank == {}, blank
    assert {"Period", "Verdict", "To", "Role", "Where, when", "Disagreements", "Figures", "As written"} <= set(said), said
    period = site.page_model("id/r000-fig-admitted-350-mahmood")[1]["period"]
    rows = site.page_model("browse/figures")[1]["table"].rows
    assert period == "no period stated" and any(
        row[0].iri == str(OI["r000-fig-admitted-350-mahmood"]) and row[3].text == period for row in rows)


def test_a_figure_names_each_speaker_once_with_what_its_statements_say_combined(site):
    """Mahmood's 281 (report 000) is in a quote and in the reported speech around it: its header read
    "Shabana Mahmood (Home Secretary); Shabana Mahmood (Home Secretary, inferred)" and its citation named
    her twice, "LBC (inferred)" beside "LBC", the report's date as "(2026 (inferred))". Each speaker is now
    named once on every figure's page and citation, a role, venue or date stated by one statement not
    marked inferred for it, and no brackets nested."""
    model = site.page_model("id/r000-fig-returned-281-mahmood")[1]
    first = model["citation"].splitlines()[0]
    assert first.startswith("Shabana Mahmood (Home Secretary), LBC, ") and first.count("Mahmood") == 1, first
    assert "(inferred))" not in model["citation"] and "inferred)," not in model["citation"].split("\n")[2]
    twice = {}
    for figure in sorted(site.graph.subjects(RDF.type, OO.Figure), key=str):
        html = site.page(figure)
        byline = text_of(re.search(r'<p class="byline">(.*?)</p>', html, re.S).group(1))
        citation = site.page_model(f"id/{str(figure)[len(str(OI)):]}")[1]["citation"]
        for speaker in {s for st in site.graph.objects(figure, OO.statedIn) for s in site.graph.objects(st, OO.speaker)} | {
                s for st in site.graph.subjects(OO.mentionsFigure, figure) for s in site.graph.objects(st, OO.speaker)}:
            name = site.label(speaker)
            who = citation.splitlines()[0].split(": \u201c")[0].split(", in the report's words")[0]
            if byline.count(name) != 1 or who.count(name) != 1:
                twice[str(figure)] = (byline, who)
        if "(inferred))" in citation:
            twice[str(figure)] = citation
    assert twice == {}, twice


def test_a_pages_csv_opens_in_excel_as_utf8_and_a_pipelines_csv_does_not_start_with_a_bom(site, kg, project):
    """Excel reads a CSV with no byte-order mark as the local code page: "Labour’s" showed as "Labourâ€™s".
    The CSVs downloaded beside a page (for people) now start with UTF-8's BOM, which Excel reads as
    UTF-8; the API's and `kg query --format csv`'s (for programs) are unchanged."""
    import codecs

    for path, table in (("id/r000", "figures"), ("", "checks"), ("queries/statements", "results")):
        data = site.table_csv(path, table)
        assert data.startswith(codecs.BOM_UTF8) and not data[3:].startswith(codecs.BOM_UTF8), path
    assert "’" in site.table_csv("id/r000", "statements").decode("utf-8-sig")
    result = kg("query", "statements", "--format", "csv", project=project)
    assert result.exit_code == 0 and result.output.startswith("__report_iri,"), result.output[:80]


def test_a_quote_comparisons_heading_credits_each_report_with_its_own_speaker(site):
    """Report 002 gives Philp's words to the Conservative Party, yet the comparison's heading read
    "Identical: Chris Philp, quoted by 2 reports" (the first side's speaker for both). Where the sides'
    speakers differ, the heading names each with its report; where they agree, the speaker once."""
    model = site.page_model("id/quote-comparison-r000-st-philp-1-3c6a98fe")[1]
    heading = text_of(re.search(r"<h1>(.*?)</h1>", site.page(OI["quote-comparison-r000-st-philp-1-3c6a98fe"]), re.S).group(1))
    speakers = [{c.text for c in q["speaker"]} for q in model["quotes"]]
    assert speakers[0] != speakers[1], speakers
    assert "Chris Philp in Report 000" in heading and "Conservative Party in Report 002" in heading, heading
    same = next(c for c in sorted(site.graph.subjects(RDF.type, OO.QuoteComparison), key=str)
                if len({frozenset(site.graph.objects(site.graph.value(c, p), OO.speaker))
                        for p in (OO.quoteA, OO.quoteB)}) == 1)
    heading = text_of(re.search(r"<h1>(.*?)</h1>", site.page(same), re.S).group(1))
    assert heading.endswith("quoted by 2 reports") and " in Report " not in heading, heading


def test_another_reports_quotation_credited_to_someone_else_names_whom_it_credits(site):
    """Report 002 gives Philp's "lamentable admission of failure" to the Conservative Party, but his
    statement's page and his own page read "identical Report 002 quotes it: “lamentable admission of
    failure”", as if report 002 quoted him. Where the other report credits someone else, the line says
    whom, each way round; where it credits the same speaker, it names no one again."""
    def variant_lines(html):
        return [text_of(line.split("</p>")[0]) for line in html.split('<p class="variant">')[1:]]

    philp = OI["r000-st-philp-1"]
    party = next(site.graph.value(c, OO.quoteB) for c in site.graph.subjects(OO.quoteA, philp))
    assert site.graph.value(party, OO.speaker) == OI["conservative-party"]
    assert variant_lines(site.page(philp)) == [
        "identical Report 002 quotes it, credited to Conservative Party : lamentable admission of failure"]
    lines = variant_lines(site.page(party))  # report 000 quotes him three times, once in other words
    assert "identical Report 000 quotes it, credited to Chris Philp : lamentable admission of failure" in lines
    assert len(lines) == 3 and all(", credited to Chris Philp : " in line for line in lines), lines
    person = site.page(OI["chris-philp"])
    assert "Report 002 quotes it, credited to Conservative Party" in text_of(person)
    quoted = text_of(person.split('id="quoted-heading"')[1].split("</section>")[0])
    assert "Report 002 , credited to Conservative Party : lamentable admission of failure" in quoted, quoted
    same = variant_lines(site.page(OI["r000-st-philp-3"]))
    assert same and all("credited to" not in line for line in same), same


def test_a_quote_comparisons_heading_marks_the_speaker_inferred_only_where_no_report_names_them(site):
    """"Altered: Shabana Mahmood (inferred), quoted by 2 reports": report 000's quotation names no one, but
    report 002's names her; the heading took the first side's speaker, marker and all."""
    comparison = OI["quote-comparison-r000-st-mahmood-9-aab231b2"]
    sides = [site.page_model(f"id/{str(comparison).rsplit('/', 1)[1]}")[1]["credited"]][0]
    assert {c.text.endswith("(inferred)") for speaker, _ in sides for c in speaker} == {True, False}, sides
    heading = text_of(re.search(r"<h1>(.*?)</h1>", site.page(comparison), re.S).group(1))
    assert heading == "Altered: Shabana Mahmood , quoted by 2 reports", heading


def test_a_statement_whose_words_name_no_one_shows_its_speaker_as_inferred(site):
    """‘The numbers will grow.’ (report 000) names no one: the report names Mahmood at its top. Her name
    stood in the byline as if the sentence said it; the curators' reading is now marked (its marker is
    required by oos:SpeakerStatedShape), while a statement that names her is not."""
    def byline(statement):
        html = site.page(OI[statement])
        return text_of(re.search(r'<p class="byline">(.*?)</p>', html, re.S).group(1))

    assert byline("r000-st-mahmood-12").startswith("Shabana Mahmood (inferred)")
    assert byline("r000-st-mahmood-1").startswith("Shabana Mahmood") and "Mahmood (inferred)" not in byline("r000-st-mahmood-1")
    # In schema.org markup the author is a name, not a name with our marker
    review = claim_review(site.page(CHECK_70))
    assert review["itemReviewed"]["author"]["name"] == "Chris Philp"


def test_a_page_says_what_the_curators_inferred_how_and_on_which_words(site):
    """"(inferred)" alone asked a reader to take the curators' reading on trust: a statement's page now
    lists each inferred value with how it was obtained, the curators' reason and the report's words it
    rests on, speaker first; a statement that states everything has no such list."""
    html = site.page(OI["r000-st-mahmood-12"])
    folded = re.search(r'<details class="inferences">(.*?)</details>', html, re.S)
    assert folded, "no list of what the curators inferred"
    words = text_of(folded.group(1))
    assert words.startswith("What the curators inferred (speaker, speaker's post, venue, occasion, date, report's date)"), words
    assert "Speaker: Shabana Mahmood (elsewhere in the same report)." in words
    assert "Home Secretary Shabana Mahmood confirmed 281 small boat migrants" in words  # the span it rests on
    assert words.index("Speaker:") < words.index("Speaker's post:") < words.index("Venue:")
    stated = [s for s in site.graph.subjects(RDF.type, OO.Statement)
              if not {OO.inferredValue, OO.dateInferred} & set(site.graph.predicates(s))]
    # one that states everything lists only its report's date, which its citation's source marks (all five inferred)
    assert stated and all(re.findall(r'<details class="inferences"><summary>(.*?)</summary>', site.page(s)) ==
                          ["What the curators inferred (report&#39;s date): how, and the words it rests on"] for s in stated)


def test_no_two_pages_of_the_dataset_share_a_title(site):
    """Two markers (reports 000 and 002) had the same label, so their pages had the same title: a reader
    with both open, or a search result list, could not tell them apart."""
    titles: dict = {}
    for node in {s for s in site.graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(OI))}:
        titles.setdefault(site.label(node), []).append(str(node))
    assert not {t: n for t, n in titles.items() if len(n) > 1}


def test_a_figures_speaker_in_a_table_is_marked_when_no_statement_of_theirs_names_them(site):
    """The checks' table gave "Chris Philp" for report 000's 70, whose only statement (‘The government
    scheme has resulted in a net inflow of 70 immigrants.’) names no one, while the figure's page said
    "Chris Philp (inferred)"; a figure in a statement that names its speaker stays unmarked."""
    said_by = {row[1].text: row[2].text for row in site.page_model("browse/checks")[1]["table"].rows
               if "Report 000" in row[3].text}
    assert said_by["net inflow: 70"] == "Chris Philp (inferred)", said_by
    assert said_by["net inflow: 69"] == "Kemi Badenoch", said_by



def test_a_disagreement_page_gives_a_citation_naming_each_report_who_and_its_exact_words(site):
    """A journalist on a disagreement's page had nothing to copy: which report said what, and in which
    words, was only in the sides beside each other. The page now has a citation, as a figure's page
    does: the explanation, then each side by its report, who (marked where the curators inferred them),
    what it says and the report's exact words with their place; each report once with its text's SHA-256."""
    iri = OI["discrepancy-rounding-ind-net-inflow-a6340e13"]
    citation = site.page_model("id/discrepancy-rounding-ind-net-inflow-a6340e13")[1]["citation"]
    lines = citation.splitlines()
    assert lines[0].startswith("Disagreement (rounding): Net inflow, no period stated / since 'One in, one out' scheme began operations (inferred): Report 000 (Kemi Badenoch)")
    assert ("Report 000, Kemi Badenoch, says 69 (“69 MORE”): “the ‘one-in-one’ out deal with France results in 69 "
            "MORE illegal immigrants coming to the UK.” (characters 3171–3264)") in lines
    assert any(line.startswith("Report 000, Chris Philp (inferred), says 70") for line in lines), lines
    assert any(line.startswith("Report 001, the report itself, says 69") for line in lines), lines
    sources = [line for line in lines if line.startswith("Source: Report ")]
    assert [s[len("Source: "):len("Source: Report 000")] for s in sources] == ["Report 000", "Report 001", "Report 002"]
    assert all("text SHA-256 " in s for s in sources) and lines[-1] == f"Permalink: {iri}"
    page = text_of(site.page(iri))
    assert "Cite this disagreement" in page and "Copy the citation" in page
    # a different account's sides are statements: the report's words, not their gist again
    account = site.page_model("id/discrepancy-different-account-downing-street-a095e8ed")[1]["citation"]
    assert ("Report 004, Downing Street (Prime Minister's Office): “Downing Street said the numbers would fluctuate "
            "as the scheme continues") in account


def test_the_ontology_page_is_titled_by_the_ontology_not_by_its_last_concept_scheme(project):
    """The ontology's page (linked from every page's footer) had "date bases" in the browser's tab and the
    heading "... reports ontologycomparatorsderivation methods...date bases": pyLODE ran the concept
    schemes' titles on after the ontology's."""
    from kg.web.dataset import ontology_html

    html, generator = ontology_html(project)
    if not generator:
        pytest.skip("pyLODE is not installed")
    title = "One in, one out: figures, statements and reports ontology"
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1) == title
    assert re.search(r"<h1>(.*?)</h1>", html, re.S).group(1) == title


def test_the_ontology_pages_metadata_is_the_ontologys_alone_not_its_concept_schemes(project):
    """pyLODE takes each skos:ConceptScheme for the ontology too: the page's metadata gave the ontology's IRI as
    https://w3id.org/oioo/ontology#DateBases (the last scheme's), its title as eleven titles and its
    description as eleven, and oo:DateBases landed on that IRI. The metadata is now the ontology's own, and
    each scheme has an entry of its own under its label."""
    from kg.core.namespaces import ONTOLOGY_IRI
    from kg.web.dataset import ontology_html

    html, generator = ontology_html(project)
    if not generator:
        pytest.skip("pyLODE is not installed")
    metadata = re.search(r'<div class="section" id="metadata">(.*?)<div class="section"', html, re.S).group(1)
    assert re.findall(r"<code>([^<]*)</code>", metadata)[0] == ONTOLOGY_IRI
    assert "DateBases" not in metadata and "date bases" not in metadata and "Kinds of event." not in metadata
    assert re.search(r'<div class="property entity" id="DateBases"><h3>date bases <code>oo:DateBases</code>', html)


def test_the_ontology_page_is_laid_out_for_a_phone_after_pyLODEs_own_styles(project):
    """pyLODE's page had no viewport tag (a phone drew it 980 px wide and shrank it) and a desktop's layout
    only. Its head now says it is laid out for the device's width and carries our rules for narrow screens
    after pyLODE's own stylesheet, so that they win (the browser test reads it at 375 and 320 px)."""
    from kg.web.dataset import ontology_html

    html, generator = ontology_html(project)
    if not generator:
        pytest.skip("pyLODE is not installed")
    head = html[:html.index("</head>")]
    assert re.search(r'<meta name="viewport" content="width=device-width, initial-scale=1">', head)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", head, re.S)
    assert len(styles) >= 2 and "#toc" in styles[0] and "@media (max-width: 48rem)" in styles[-1]
    assert "#toc { position: static;" in styles[-1] and "overflow-wrap: anywhere" in styles[-1]


def test_unnamed_groups_are_listed_and_labelled_as_what_they_are_not_as_people(site):
    """Report 004's "officials" and report 003's "ministers" and "sources" were oo:Persons, listed under People
    and headed "Person": they are oo:UnnamedGroups, listed under "Unnamed speakers" with whoever said words no
    speaker is given for, and their own pages say "Unnamed group" (what they said, and no posts)."""
    people = site.desk.members("people")
    unnamed = site.desk.members("unnamed")
    groups = {OI["unnamed-officials-004"], OI["unnamed-ministers-003"], OI["unnamed-sources"]}
    assert groups <= set(unnamed) and not groups & set(people)
    assert OI["unnamed-critic-000"] in unnamed and OI["government-source"] in people  # "a government source": one
    assert "Unnamed speakers" in text_of(site.page_model("browse/unnamed")[1]["heading"])
    html = site.page(OI["unnamed-officials-004"])
    assert re.findall(r'<p class="kicker">([^<]*)</p>', html) == ["Unnamed group"]
    assert "Posts over time" not in text_of(html) and "1 statement in the reports" in text_of(html)
    assert re.findall(r'<p class="kicker">([^<]*)</p>', site.page(OI["unnamed-critic-000"])) == ["Unnamed speaker"]
    assert re.findall(r'<p class="kicker">([^<]*)</p>', site.page(OI["chris-philp"])) == ["Person"]


def test_every_value_or_unit_the_curators_inferred_is_marked_wherever_the_pages_show_the_figure(site):
    """Report 001's "balanced exchanges" read as 1, report 004's "the highest since 2022" as position 2 and
    Philp's "virtually zero" as 0 per cent were shown as "1", "at least position 2" and "around 0%" on the
    figure's page, in every table of figures and in the search records, while the fold below said the
    value was the curators'. Every figure with a marker for oo:value or oo:unit is marked in each; the
    unit in "What it measures" too; a figure with no such marker is not."""
    from kg.web.search import records

    g = site.graph
    read = {s: {g.value(m, OO.inferredProperty) for m in g.objects(s, OO.inferredValue)}
            for s in g.subjects(OO.indicator, None)}
    inferred = {s for s, props in read.items() if props & {OO.value, OO.unit}}
    assert len(inferred) >= 7  # 2 values, 5 units in the data
    titles = {r["url"].removesuffix(".html").rsplit("/", 1)[1]: r["title"] for r in records(site) if r["kind"] == "Figure"}
    for node in read:
        name = str(node).rsplit("/", 1)[1]
        model = site.page_model(f"id/{name}")[1]
        cell = site.desk.figure_cell("", node)
        marked = node in inferred
        assert model["words"].endswith("(inferred)") == marked, (name, model["words"])
        assert cell.text.endswith("(inferred)") == marked, (name, cell.text)
        assert model["unit"].endswith("(inferred)") == (OO.unit in read[node]), (name, model["unit"])
        assert titles[name].split(" — ")[0].endswith("(inferred)") == marked, (name, titles[name])


def test_every_participant_or_party_the_curators_inferred_is_marked_on_its_page(site):
    """An event's page said "With Shabana Mahmood" and the ECHR's "Between France and United Kingdom", where
    no report says so (markers oo:participant, oo:party). Each value a marker gives is marked, the
    others of the same node are not."""
    g = site.graph
    pairs = {(OO.participant, "participants"), (OO.party, "parties")}
    seen = 0
    for prop, key in pairs:
        for node in set(g.subjects(prop, None)):
            read = {g.value(m, RDF.value) for m in g.objects(node, OO.inferredValue)
                    if g.value(m, OO.inferredProperty) == prop}
            cells = {URIRef(c.iri): c.text for c in site.page_model(f"id/{str(node).rsplit('/', 1)[1]}")[1][key]}
            assert set(cells) == set(g.objects(node, prop)), (node, cells)
            for value, text in cells.items():
                assert text.endswith("(inferred)") == (value in read), (node, value, text)
                seen += value in read
    assert seen >= 3  # Mahmood at the update; France and the UK in the ECHR


def test_every_search_record_marks_the_speakers_and_values_the_curators_inferred(site):
    """Search gave "Chris Philp: The government scheme has resulted in a net inflow of 70 ..." and the 70's
    record "Chris Philp, Report 000" with no mark, and "1 — exchange ratio" for report 001's "balanced
    exchanges", where the pages say "(inferred)"; and a figure's indicator the curators read into the report
    ("relatively small — returned to France") bare. Every statement whose speaker a marker gives, and every
    figure whose value or unit one gives or whose speakers none of their statements names, is marked in
    its record; the others are not."""
    from kg.web.search import records

    g = site.graph
    def props(node):
        return {g.value(m, OO.inferredProperty) for m in g.objects(node, OO.inferredValue)}
    found = {r["url"].removesuffix(".html").rsplit("/", 1)[1]: r for r in records(site)}
    checked = 0
    for node in {s for s in g.subjects(OO.speaker, None) if (s, RDF.type, OO.Statement) in g}:
        record = found[str(node).rsplit("/", 1)[1]]
        speaker = str(g.value(g.value(node, OO.speaker), RDFS.label))
        assert (f"{speaker} (inferred)" in record["title"]) == (OO.speaker in props(node)), record
        checked += OO.speaker in props(node)
    for node in set(g.subjects(OO.indicator, None)):
        record, f = found.get(str(node).rsplit("/", 1)[1]), site.desk.figure(node)
        if record is None:
            continue
        assert record["title"].split(" — ")[0].endswith("(inferred)") == f.value_inferred, record
        assert record["title"].endswith("(inferred)") == (OO.indicator in props(node)), record  # as its page marks it
        checked += OO.indicator in props(node)
        assert ("(inferred)" in record["detail"]) == bool(f.inferred_speakers), (record, f.inferred_speakers)
        checked += f.value_inferred + bool(f.inferred_speakers)
    assert checked >= 50


# A mark with its meaning: the tooltip every "(inferred)" of a page carries
MARK_WITH_MEANING = re.compile(r'<span class="inferred" title="the curators&#39; reading, where the report&#39;s own '
                               r'words at that point do not state it[^"]*">inferred</span>')


def test_every_inferred_mark_on_a_page_says_what_it_means(site):
    """A journalist read "Chris Philp (inferred) (Shadow Home Secretary, inferred) ... 2026 (inferred)" with
    nothing on the page saying what "inferred" meant: each mark now has its meaning as a tooltip, and the
    page's foot a legend that says where the curators' reasons are."""
    for name in ("r000-fig-net-inflow-70-philp", "check-r000-fig-net-inflow-70-philp", "r000-st-philp-1", "r000",
                 "chris-philp", "discrepancy-rounding-ind-net-inflow-a6340e13"):
        html, _, foot = site.page(OI[name]).rpartition("<footer>")  # the page's own (evidence has one each)
        main = re.sub(r"<script.*?</script>", "", html.split('<details class="all-data">')[0], flags=re.S)
        main = re.sub(r"<pre[^>]*>.*?</pre>", "", main, flags=re.S)  # the citation: plain text, explained below
        words = re.sub(r"<[^>]+>", "", MARK_WITH_MEANING.sub("MARK", main))  # (a tooltip may hold a mark)
        bare = re.findall(r".{0,60}[(;,] ?inferred\b", words)
        assert bare == [], (name, bare)
        assert MARK_WITH_MEANING.search(foot) and "What the curators inferred" in text_of(foot), name  # the legend
    assert len(MARK_WITH_MEANING.findall(site.page(PHILP_70).rpartition("<footer>")[0])) >= 6


def test_a_citation_with_an_inferred_mark_says_what_it_means(site):
    """A citation is pasted away from its page: "Chris Philp (inferred; ...)" alone left a reader guessing."""
    for path in ("id/r000-fig-net-inflow-70-philp", "id/discrepancy-rounding-ind-net-inflow-a6340e13"):
        lines = site.page_model(path)[1]["citation"].splitlines()
        assert lines[-2].startswith("Inferred: the curators' reading, where the report's own words"), lines
        assert lines[-1].startswith("Permalink: ")


def folded_inferences(html: str) -> str:
    """The words of a page's "What the curators inferred" fold ("" where it has none)."""
    folded = re.search(r'<details class="inferences">(.*?)</details>', html, re.S)
    return text_of(folded.group(1)) if folded else ""


def test_a_figure_page_says_why_of_every_value_it_marks_inferred_and_whose_it_is(site):
    """On Philp's 70 the byline reads "Chris Philp (inferred) (Shadow Home Secretary, inferred) — in Report
    000, 2026 (inferred)", but the fold listed only the derivation: why his name, his post and the dates are
    the curators' reading was on the statement's and the report's pages. The fold now gives each mark the
    page shows, with its reason and the statement or report it is inferred for; each marker once."""
    words = folded_inferences(site.page(PHILP_70))
    statement, report = site.label(OI["r000-st-philp-3"]), site.label(OI["r000"])
    for marker in ("r000-inferred-philp-speaker", "r000-inferred-philp-post", "r000-inferred-philp-net-inflow-inputs"):
        reason = " ".join(str(site.graph.value(OI[marker], OO.reason)).split())
        assert reason[:80] in words and words.count(reason[:80]) == 1, (marker, words)
    report_reason = next(str(site.graph.value(m, OO.reason)) for m in site.graph.objects(OI["r000"], OO.inferredValue))
    assert report_reason[:60] in words, words
    for shown in ("Speaker: Chris Philp", "Speaker's post: Shadow Home Secretary", "Date: 2026",
                  f"Inferred for {statement}", f"Inferred for {report}"):
        assert shown in words, (shown, words)
    assert words.index("Derivation:") < words.index("Speaker:") < words.index("Speaker's post:") < words.index("Date:")
    # the 350 it was worked out from: "Shabana Mahmood (inferred)" in that side, with its reason
    mahmood = " ".join(str(site.graph.value(OI["r000-inferred-mahmood-speaker"], OO.reason)).split())
    assert "Speaker: Shabana Mahmood" in words and mahmood[:80] in words, words


def test_every_statement_and_report_mark_on_a_figure_page_has_its_reason_in_the_fold(site):
    """Every figure: each reason of its statements' markers and of its report's date is in its page's fold."""
    g = site.graph
    for figure in sorted(g.subjects(RDF.type, OO.Figure), key=str):
        if not site.exists(figure):
            continue
        nodes = [*g.subjects(OO.mentionsFigure, figure), g.value(figure, OO.inReport), figure]
        reasons = {" ".join(str(g.value(m, OO.reason)).split())[:60] for n in nodes if n is not None
                   for m in g.objects(n, OO.inferredValue) if g.value(m, OO.reason) is not None}
        words = folded_inferences(site.page(figure))
        assert all(r in words for r in reasons), (figure, [r for r in reasons if r not in words])


def test_a_quotes_search_record_says_who_and_where_in_its_title_and_its_words_once(site):
    """A quote's record had the speaker and the words in its title and both again in its text: Pagefind's
    excerpt, which begins with the title, read "Chris Philp: lamentable admission of failure. lamentable
    admission of failure (Chris Philp, ...)". The title now says who said it and in which report, the text
    is the words alone; none of them is in the other."""
    from kg.web.search import records

    said = [r for r in records(site) if r["kind"] in ("Quote", "Statement")]
    assert len(said) == len(set(site.graph.subjects(RDF.type, OO.Statement)))
    g = site.graph
    for record in said:
        node = OI[record["url"].removeprefix("id/").removesuffix(".html")]
        quote = g.value(node, OO.quote)
        words = (f"\u201c{site.sic(quote)}\u201d" if quote is not None
                 else f"{site.sic(g.value(node, OO.gist))} (reported speech, in the curators\u2019 words)")
        report = site.desk.report_short(g.value(node, OO.inReport))
        assert record["content"] == words and record["title"].endswith(f", in {report}"), record
    philp = next(r for r in said if r["content"] == "\u201cThis is a lamentable admission of failure by the Home Secretary.\u201d")
    assert philp["title"] == "Chris Philp, Shadow Home Secretary, in Report 000", philp


def test_each_chart_on_the_home_page_says_its_lowest_and_highest_value_in_words(site):
    """The home page's charts are thumbnails whose labels no one can read, at 1280 px or on a phone.
    Each card now says in words the lowest and highest value reported, who stated each and where, and
    links the chart full size, its alt text saying what it shows."""
    html = site.home(OVERVIEW)
    cards = re.findall(r'<div class="card">(.*?)</div>', html, re.S)
    charted = [c for c in cards if "<img" in c]
    assert charted and all('class="range"' in c and "full size" in c for c in charted)
    words = text_of(next(c for c in charted if ">net inflow<" in c))
    assert re.search(r"Lowest: less than 0 \(.+, Report 00\d ?\); highest: 70 \(Chris Philp( inferred)?, Report 00\d ?\)\.",
                     words.replace("(inferred)", "inferred")), words
    assert re.search(r'alt="Chart of \d+ of the \d+ values reported for net inflow \(those with a number and a date\), '
                     r'by date, one colour per report', html)


def test_a_rank_card_names_its_ends_by_place_and_a_bound_is_an_end_only_where_no_value_can_pass_it(site):
    """The rank card read "Lowest: position 1 ...; highest: at least position 2": position 1 is the highest
    place, not the lowest, and of the three figures at 2 the one shown was chosen by its IRI. A rank's ends
    are now named by place; a bound is called the lowest or highest only where every value it allows is
    ("at least position 2" against positions 1 and 2), else it is "lowest bound stated"."""
    from decimal import Decimal

    from kg.web.desk import range_ends

    words = text_of(next(c for c in re.findall(r'<div class="card">(.*?)</div>', site.home(OVERVIEW), re.S)
                         if ">annual arrivals rank<" in c))
    assert re.search(r"Highest placed: position 1 \(the report, Report 001 ?\); lowest placed: at least position 2 "
                     r"\(inferred\) \(the report, Report 004 ?\)\.", words), words
    assert "Lowest" not in words and "highest:" not in words

    def figure(name, comparator, number):
        return URIRef(name), name, comparator, Decimal(number)

    def ends(*figures, rank=False):
        from kg.analysis.figures import StatedFigure
        found = [(StatedFigure(node, comparator=comparator, value=number, stated=str(number)), name)
                 for node, name, comparator, number in figures]
        return [(words, key) for words, _, key in range_ends(found, rank)]

    # "at least 5" may be more than 7: the smallest number, not the lowest value
    assert ends(figure("a", OO.AtLeast, 5), figure("b", OO.Exactly, 7), figure("c", OO.Exactly, 10)) == \
        [("Lowest bound stated", "a"), ("highest", "c")]
    # "almost 20" may be less than 19; two "less than 0" say the same and neither passes the other
    assert ends(figure("a", OO.LessThan, 0), figure("b", OO.LessThan, 0), figure("c", OO.Almost, 20),
                figure("d", OO.Exactly, 19)) == [("Lowest", "a"), ("highest bound stated", "c")]
    # of an exact 2 and "at least 2", the bound reaches further: it is the lowest placed whatever it is
    assert ends(figure("z", OO.Exactly, 2), figure("a", OO.AtLeast, 2), figure("m", OO.Exactly, 1), rank=True) == \
        [("Highest placed", "m"), ("lowest placed", "a")]
    assert ends(figure("a", OO.Exactly, 3), figure("b", OO.AtLeast, 3)) == [("", "a")]


def test_every_date_an_event_page_marks_inferred_has_its_reason_in_the_fold(site):
    """An event's page marked a report's date for it "(inferred)" in its table of dates, but its fold said
    nothing of why (only the figure's and statement's pages gave the reasons)."""
    g = site.graph
    checked = 0
    for event in sorted(g.subjects(RDF.type, OO.Event), key=str):
        if not site.exists(event):
            continue
        html = site.page(event)
        dates = [d for d in g.subjects(OO.event, event) if OO.date in site.desk.inferred(d)]
        if not dates:
            continue
        assert "(inferred)" in text_of(html), event
        words = folded_inferences(html)
        for date in dates:
            assert f"Inferred for {site.label(date)}" in words or site.label(date) in words, (event, date, words)
            reasons = {" ".join(str(g.value(m, OO.reason)).split())[:60] for m in [*g.objects(date, OO.inferredValue), date]
                       if g.value(m, OO.reason) is not None}  # a marker's, or the date's own (Cooper's tenure)
            assert all(r in words for r in reasons), (event, date, reasons, words)
        checked += 1
    assert checked, "no event in the data has a date the curators inferred"


def test_an_event_page_says_why_a_date_it_lists_is_the_curators_reading_of_the_event(site):
    """Report 001 dates 'recent concerns raised by ... Claire Hédon', and only its next sentence gives them as from
    her report: the page of her report listed that date with the reason for its year, and said nothing of why the
    date is her report's (its marker for oo:event). Every event page now gives the reason of each date it lists
    whose event is marked."""
    g = site.graph
    checked = 0
    for dated, event in sorted(g.subject_objects(OO.event), key=str):
        markers = [m for m in g.objects(dated, OO.inferredValue) if g.value(m, OO.inferredProperty) == OO.event]
        if not markers or not site.exists(event):
            continue
        words = folded_inferences(site.page(event))
        assert all(" ".join(str(g.value(m, OO.reason)).split())[:60] in words for m in markers), (event, dated, words)
        checked += 1
    assert checked, "no event date in the data has an event the curators read"


def test_the_ontology_page_is_made_from_an_ontology_file_rdflib_refuses_as_written(tmp_path, project):
    """pyLODE parsed the ontology file with rdflib's own parser, which refuses Turtle both loaders read (a
    comment between a string and its language tag), and then called exit(): a SystemExit, which the fallback
    to kg's own page (`except Exception`) let through. The ontology is read as the reference's loader reads it."""
    from kg.web.dataset import ontology_html

    copy = project_of(tmp_path, project, ("shared.ttl",))
    title = "One in, one out: figures, statements and reports ontology"
    text = copy.ontology_file.read_text(encoding="utf-8")
    assert f'"{title}"@en' in text
    copy.ontology_file.write_text(text.replace(f'"{title}"@en', f'"{title}" # the title\n    @en'), encoding="utf-8")
    html, generator = ontology_html(copy)
    if not generator:
        pytest.skip("pyLODE is not installed")
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1) == title


def test_a_reports_inferred_date_says_whose_reading_it_is_and_never_that_the_text_gives_no_date(site):
    """The byline of a report's page said "inferred: the text gives no date" of every inferred date: also of one
    the curator gave (kg add --date: "Given by the curator ...; not read from the text") and of one read as the
    latest date the text states, which the text does give. The byline now says the date is the curators'
    reading and points to their reason, which follows it on the page, whatever the reason is."""
    for report in ("r000", "r001", "r002", "r003", "r004"):
        html = site.page(OI[report])
        byline = text_of(re.search(r'<p class="byline">(.*?)</p>', html, re.S).group(1))
        assert "(inferred: the curators' reading, said just below)" in byline and "gives no date" not in byline, byline
        after = html.split('<p class="byline">', 1)[1]
        assert re.search(r'</p>\s*(<p class="hint">.*?</p>\s*)?<details class="inferences"><summary>What the curators '
                         r'inferred \(report&#39;s date[^<]*</summary>\s*<div class="note curators-inference"><p><strong>Report&#39;s '
                         r'date:</strong>', after, re.S), f"{report}: the reason does not follow the byline"


def test_an_inferred_dates_reason_quotes_the_period_words_it_is_read_from_and_never_says_the_date_is_the_reports_year_when_it_is_not(site):
    """The curators' reason for a date read from relative words (oo:dateInferred) said "Its own words give no date:
    the year of report 000" of a figure counted "since the deal was first announced in July", whose period starts in
    2025-07: its words (oo:periodAsWritten) give the month, and 2025-07 is not report 000's year (2026). A date
    read from a period's words now quotes them; "the year of report N" is said only of a date that is that year."""
    from kg.analysis.figures import report_date

    g, checked = site.graph, 0
    for node in sorted(set(g.subjects(OO.dateInferred, Literal(True)))):
        for _, _, _, item in site.desk._inferred_values("", node):
            if item["property"] not in ("date", "period"):
                continue
            year = report_date(g, g.value(node, OO.inReport))[0]
            if item["reason"].startswith("Its own words give no date: the year of"):
                assert item["value"].text == year, (node, item["value"].text, year, item["reason"])
            written = g.value(node, OO.periodAsWritten)
            if written is not None and g.value(node, OO.periodStart) is not None:
                assert f"\u201c{written}\u201d" in item["reason"], (node, item["reason"])
            checked += 1
    assert checked > 10
    page = text_of(site.page(OI["r000-fig-arrivals-since-announced-21000-report"]))
    assert ("Period: July 2025 to … (curators' convention). “since the deal was first announced in July”, read against "
            "the year of report 000") in page, page


def test_a_date_with_a_reason_of_its_own_is_not_said_to_come_by_the_curators_convention(site):
    """Every date the curators inferred was said to be "(curators' convention)", also the dates of Yvette Cooper's
    plans, whose own reason says their bounds are her tenure on the public record. A date whose node gives its
    own reason now names no basis: the reason says how; the convention is named only for a date the rule made."""
    for page in (OI["r003-date-cooper-plans"], OI["event-cooper-expansion-plans"]):
        words = text_of(site.page(page))
        assert "Date: 5 July 2024 to 5 September 2025. The report dates the plans only as" in words, words
        assert "5 July 2024 to 5 September 2025 (curators' convention)" not in words
    assert "Date: July 2025 (curators' convention). “last July”, read against" in text_of(site.page(OI["r000-date-agreed"]))


def test_a_year_read_from_last_year_against_the_reports_inferred_date_is_marked_inferred_with_its_reason(site):
    """Philp's "41,000 arrived last year" (report 000) showed "Period 2025", unmarked, in its page, its citation and
    every table of figures, while the same page gave report 000's date, from which "last year" is read, as "2026
    (inferred)": the year is the curators' reading (oo:dateInferred on a figure of an oo:referenceYear and no as-of
    date), and the reason was nowhere. It is now marked, and "What the curators inferred" says how."""
    g, checked = site.graph, 0
    for node in sorted(set(g.subjects(OO.referenceYear, None))):
        if str(g.value(node, OO.dateInferred)).lower() != "true" or g.value(node, OO.asOf) is not None:
            continue
        page = text_of(site.page(node))
        year = str(g.value(node, OO.referenceYear))
        so_far = "so far in " * (str(g.value(node, OO.partialPeriod)).lower() == "true")  # a year-to-date count
        assert f"Period {so_far}{year} (inferred)" in page, (node, page)
        written = g.value(node, OO.periodAsWritten)
        if OO.referenceYear not in site.desk.inferred(node):  # a marker's reason, where one gives it, says how
            assert f"Period: {year} (curators' convention). " + (f"“{written}”, read against" if written else "") in page, page
        checked += 1
    assert checked >= 3
    philp = site.page_model("id/r000-fig-arrivals-2025-41000-philp")[1]["citation"]
    assert "Figure: 41,000 (as written: “41,000”), small-boat arrivals, 2025 (inferred)." in philp, philp
    so_far = site.page_model("id/r002-fig-arrivals-2026-933-report")[1]["citation"]  # "so far this year": not 2026's
    assert "Figure: 933 (as written: “933”), small-boat arrivals, so far in 2026 (inferred)." in so_far, so_far


def test_a_date_the_curators_bounded_by_a_span_is_shown_where_the_reports_dates_are_not_no_date_given(site):
    """Report 003 dates Yvette Cooper's plans only "when she was in the Home Office"; the curators bounded them by
    her tenure (oo:startDate 2024-07-05, oo:endDate 2025-09-05, inferred). The event's table of dates, report 003's
    "Dates of events" and the date's own byline said "no date given" / "No date", while "What the curators
    inferred" on the same pages gave the span; and the event's page said each report gives its date "in its own
    words". The span is now shown, marked (inferred), and the hint says the marked dates are the curators' reading."""
    event = text_of(site.page(OI["event-cooper-expansion-plans"]))
    gist = site.desk.report_gist(OI["r003"])  # (under the report's number: its summary, as the curators')
    assert f"Report 003 {gist} 5 July 2024 to 5 September 2025 (inferred) when she was in the Home Office" in event, event
    assert "in its own words" not in event and "no date given" not in event
    byline = text_of(re.search(r'<p class="byline">(.*?)</p>', site.page(OI["r003-date-cooper-plans"]), re.S).group(1))
    assert byline.startswith("5 July 2024 to 5 September 2025 (inferred) (the report’s words: “when she was in the Home Office”)"), byline
    report = text_of(site.page(OI["r003"]))
    assert "in the Home Office 5 July 2024 to 5 September 2025 (inferred) when she was in the Home Office" in report, report


def test_an_indicators_chart_is_not_said_to_show_every_value_where_some_have_no_number(site):
    """Three of the nine values of "admitted from France" are words only ("relatively small numbers"), which a
    chart cannot plot (kg.analysis.timeline lists them, unplotted): its page's caption said "Every value reported,
    by date" and the chart's label "Chart of every value reported for admitted from France, by date; the table
    below lists the same values". Both now say how many of the values reported it shows."""
    html = site.page(OI["ind-admitted-from-france"])
    caption = text_of(re.search(r"<figcaption>(.*?)</figcaption>", html, re.S).group(1))
    label = re.search(r'<svg[^>]* aria-label="([^"]*)"', html).group(1)
    for words in (caption, label):
        assert "6 of the 9 values reported for admitted from France (those with a number and a date)" in words, words
        assert "very value reported for" not in words
    assert label.endswith("the table below lists every value reported."), label
    every = site.page(OI["ind-exchange-ratio"])  # all three plotted
    assert "Every value reported for exchange ratio, by date, one colour per report." in text_of(every)


def test_the_home_page_does_not_say_the_reports_name_people_they_leave_unnamed_or_bodies_only_the_public_record_gives(site):
    """The home page said "the reports name 17 people and 21 organisations": four of the people are ones the reports
    do not name (oo:anonymous: "a government source", "a Home Office spokesperson"), and four organisations are
    in no report, only in the public record the curators read posts against (the Department for Education, of the
    children's minister's post). It now says the people are named or unnamed, in the reports or the public record."""
    g = site.graph
    people = set(g.subjects(RDF.type, OO.Person))
    assert {p for p in people if str(g.value(p, OO.anonymous)).lower() == "true"}  # the data the old words were false of
    lead = text_of(re.search(r'<p class="lead">(.*?)</p>', site.home(OVERVIEW), re.S).group(1))
    assert "the reports name" not in lead, lead
    unnamed = set(g.subjects(RDF.type, OO.UnnamedAgent)) - people
    assert unnamed  # ("17 people, named or unnamed" left out the 4 unnamed speakers /browse/unnamed lists: a hostile read)
    assert (f"{len(people)} people, named or unnamed, {len(unnamed)} other unnamed speakers (groups, or words the report "
            f"credits to no one), and {len(set(g.subjects(RDF.type, OO.Organisation)))} organisations "
            "are in the reports or in the public record the curators read them with.") in lead, lead
    assert re.search(r'href="browse/unnamed(\.html)?"', re.search(r'<p class="lead">(.*?)</p>', site.home(OVERVIEW), re.S).group(1))


def test_a_citation_that_says_its_permalinks_page_says_how_is_on_a_page_that_does(site):
    """A citation carrying an "(inferred)" mark ends "The permalink's page says how": the checks' and the
    disagreements' pages, and the statements whose only mark is their report's date ("Source: Report 002 ... (2026,
    inferred)": Yolande Makolo's), had no list of what the curators inferred, so their permalink's page said nothing of
    how. Each now lists the curators' reasons for what its citation marks, the report's date among them."""
    checked = 0
    for iri in site.resources:
        path = f"id/{str(iri)[len(str(OI)):]}"
        citation = site.page_model(path)[1].get("citation") or ""
        if "The permalink's page says how." not in citation:
            continue
        page = text_of(site.page(iri)).split("All the data about this item")[0]
        assert "What the curators inferred" in page, (iri, citation)
        if re.search(r"^Source: .*, inferred\)", citation, re.M):
            assert "Report's date: " in page, (iri, citation)
        checked += 1
    assert checked > 30


def test_a_home_card_does_not_count_fewer_values_than_its_indicator_reports(site):
    """The home page's card for "admitted from France" said "6 values" of an indicator whose page lists 9 under
    "Every value reported" (three are words only: "relatively small numbers"): the card counts the values with a
    number (its range and its chart are of those). It now says "6 numbers"."""
    html = site.home(OVERVIEW)
    card = next(c for c in re.findall(r'<div class="card">(.*?)</div>', html, re.S) if ">admitted from France<" in c)
    numbers = [n for n in site.graph.subjects(OO.indicator, OI["ind-admitted-from-france"])
               if site.desk.figure(n).number is not None]
    assert len(numbers) == 6 and len(set(site.graph.subjects(OO.indicator, OI["ind-admitted-from-france"]))) == 9
    assert '<span class="n">6 numbers</span>' in card, card


def test_a_statements_heading_in_the_curators_summary_says_it_is_theirs(site):
    """A reported statement's page is headed by its gist, "a short curator's summary of what was said" (oo:gist):
    "The Home Secretary revealed that more migrants have entered ..." (report 001) was shown as its heading with
    nothing saying whose words they are, as a report's sentence would be. A heading in the curators' words now says
    so; one in the report's (a quote) does not."""
    def hint(node):
        html = site.page(OI[node])
        return text_of(html.split("</h1>", 1)[1].split('<p class="byline">', 1)[0])

    for summarised in ("r001-st-mahmood-1", "r000-st-mahmood-1"):
        assert site.graph.value(OI[summarised], OO.quote) is None
        assert hint(summarised) == "In the curators’ words: a summary of what the report says was said. The report’s exact words are below."
    for quoted in ("r000-st-philp-1", "r001-st-mahmood-2"):  # quotes: the report's words
        assert site.graph.value(OI[quoted], OO.quote) is not None and hint(quoted) == ""


def test_reported_speech_in_the_curators_summary_says_so_where_a_figure_or_a_person_lists_it(site):
    """A figure's and a person's pages list a reported statement by its gist, the curators' summary, marked only
    "(reported speech)": Mahmood's "The Home Secretary revealed that more migrants have entered ..." on the page of
    the figure it states read as the report's own sentence. The mark now says whose words they are."""
    gist = str(site.graph.value(OI["r001-st-mahmood-1"], OO.gist))
    for page in (OI["r001-fig-net-inflow-positive-mahmood"], OI["shabana-mahmood"]):
        words = text_of(site.page(page))
        assert f"{gist} (reported speech, in the curators’ words)" in words, (page, words)


def test_an_event_dates_page_gives_the_reasons_for_the_other_reports_dates_it_shows_marked(site):
    """Report 004's date of the deal's agreement ("in July 2025") is stated, but its page shows the reports that
    disagree: report 000's "2025-07 (inferred from “last July”)" and report 002's "2025-08 (inferred from “in
    August”)", marked, with no list of why (the page had none). It now lists the curators' reasons for the dates
    its sides show marked, each with the date it is for."""
    page = text_of(site.page(OI["r004-date-agreed"]))
    assert "July 2025 (inferred from “last July”)" in page
    assert ("Date: July 2025 (curators' convention). “last July”, read against the year of report 000, which the curators "
            "inferred (see “Report's date”). Inferred for Agreed by Starmer and Macron last July (report 000, photo caption)") in page, page
    assert "Date: August 2025 (curators' convention). “in August”, read against the year of report 002" in page


def test_a_quote_comparisons_page_gives_the_reasons_for_what_its_quotations_show_marked(site):
    """A comparison of two quotations showed each one's speaker, role, venue and date as the statements' pages do,
    "Shabana Mahmood (inferred), Home Secretary (inferred) · LBC (inferred) · 2026 (inferred)", but had no list of
    what the curators inferred: 32 of the 35 comparisons marked something and said nowhere why. Each now lists the
    curators' reasons for its quotations' marked values."""
    g, checked = site.graph, 0
    for comparison in sorted(set(g.subjects(RDF.type, OO.QuoteComparison))):
        page = text_of(site.page(comparison)).split("All the data about this item")[0]
        if "(inferred)" not in page:
            continue
        assert "What the curators inferred" in page, comparison
        for quote in (g.value(comparison, OO.quoteA), g.value(comparison, OO.quoteB)):
            if OO.speaker in site.desk.inferred(quote):
                assert f"Inferred for {site.label(quote)}" in page and "Speaker: " in page, (comparison, quote)
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize("page", ["browse/figures", "browse/checks", ""])
def test_a_verdict_column_sorts_by_the_scale_least_accurate_first_never_alphabetically(site, page):
    """Sorting the Verdict column put "not checked" between "accurate" and "slightly inaccurate": the scale's order
    was given to each cell as the raw data's tooltip, not as its sort key (found by a hostile read)."""
    template, context = site.page_model(page)
    html = site.home(OVERVIEW) if page == "" else site.render(template, page, **context)
    cells = re.findall(r'<td data-label="Verdict"(?: data-sort="([^"]*)")?>(.*?)</td>', html, re.S)
    assert cells and all(sort != "" for sort, _ in cells), cells[:3]
    grades = [text_of(inner).split(";")[0].strip() for _, inner in sorted(cells, key=lambda c: float(c[0]))]
    scale = ["inaccurate", "slightly inaccurate", "accurate when rounded", "accurate", "not checkable", "not checked"]
    assert grades == sorted(grades, key=scale.index), grades



def test_a_quote_comparisons_label_says_what_it_means_where_it_is_read(site):
    """"identical" sat beside a listed variant ("ECHR" for "[European Convention on Human Rights]") on a person's
    page, and read as a contradiction: what the label allows was said on the comparison's own page only (found by
    a hostile read). Every label on the page carries its definition."""
    g = site.graph
    html = site.page(OI["chris-philp"])
    badges = re.findall(r'<a class="fidelity fidelity-(\w+)" href="[^"]*"(?: title="([^"]*)")?>', html)
    assert any(kind == "identical" for kind, _ in badges), badges
    for kind, title in badges:
        fidelity = next(f for f in g.subjects(RDF.type, OO.QuoteFidelity) if str(f).rpartition("#")[2].lower() == kind)
        assert unescape(title) == str(g.value(fidelity, SKOS.definition)), (kind, title)


TRACED_KINDS = (OO.Figure, OO.Statement, OO.EventDate)
EVIDENCE = "Evidence (the report's exact words)"


def _linked(row) -> list:
    return [URIRef(part.iri) for cell in row for part in cell.parts or [cell] if part.iri]


def test_every_csv_row_of_a_figure_statement_date_or_disagreement_gives_the_reports_exact_words_and_report(site):
    """A fact-checker's spreadsheet traces each figure to its source: the figures' CSV had the figure's own
    words ("As written") and no sentence or report to find them in. Every table of every list and of the
    pages of reports, people, events and indicators: a row that links a figure, a statement or a report's
    date gives the exact words of that one (oa:exact, as the report has it) and the report they are in
    (oa:hasSource); a row of a disagreement, those of its sides; else an event's row, those that tell of the
    event."""
    from kg.web.publish import _lists

    g = site.graph
    exact = lambda n: {str(g.value(e, OA.exact)): str(g.value(e, OA.hasSource)) for e in g.objects(n, OO.evidence)}  # noqa: E731
    pages = ["", *_lists(site)] + [f"id/{str(n).rsplit('/', 1)[1]}" for kind in (OO.Report, OO.Person, OO.Event, OO.Indicator)
                                   for n in sorted(g.subjects(RDF.type, kind), key=str)]
    seen = 0
    for path in pages:
        for table in tables_in(site.page_model(path)[1]):
            rows = list(csv.DictReader(io.StringIO(site.table_csv(path, table.id).decode("utf-8-sig"))))
            for row, written in zip(table.rows, rows):
                nodes = _linked(row)
                traced = [n for n in nodes if any((n, RDF.type, k) in g for k in TRACED_KINDS)]
                sides = [s for n in nodes if (n, RDF.type, OO.Discrepancy) in g for s in g.objects(n, OO.side)]
                if not traced and not sides:  # an event's row: the words that tell of it
                    traced = [n for n in nodes if (n, RDF.type, OO.Event) in g]
                if not traced and not sides or not any(True for n in traced or sides for _ in g.objects(n, OO.evidence)):
                    continue
                seen += 1
                assert written.get(EVIDENCE), (path, table.id, nodes)
                allowed = {}
                for n in traced or sides:
                    allowed.update(exact(n))
                pieces = [p for side in written[EVIDENCE].split(" | ") for p in side.split(" \u2026 ")]
                assert set(pieces) <= set(allowed), (path, table.id, pieces)
                # the n-th passage's report and characters are the n-th of their columns (probe 3: a report named
                # once for two passages, a passage of report 002 beside report 001)
                reports = [r for side in written["Evidence (report IRI)"].split(" | ") for r in side.split("; ")]
                spans = [c for side in written["Evidence (characters)"].split(" | ") for c in side.split("; ")]
                assert reports == [allowed[p] for p in pieces], (path, table.id, pieces, reports)
                assert [int(end) - int(start) for start, end in (c.split("\u2013") for c in spans)] == [
                    len(p) for p in pieces], (path, table.id, spans)
                if len(traced) == 1:  # the row's one figure (statement, date, event): all its words, no other's
                    assert set(pieces) == set(exact(traced[0])), (path, table.id)
    assert seen > 200


def test_not_checkable_sorts_apart_from_the_scale_never_between_two_of_its_grades(site):
    """Sorted by verdict, the checks and the figures read "slightly inaccurate; accurate when rounded; not
    checkable; accurate": "not checkable", which has no place on the scale, ranked as more accurate than
    "accurate when rounded". It now comes after the scale's grades, in the lists' order and in a column's
    sort alike (and "not checked" after it)."""
    scale = ["inaccurate", "slightly inaccurate", "accurate when rounded", "accurate"]
    g = site.graph
    grades = [str(g.value(g.value(r, SCHEMA.reviewRating), SCHEMA.alternateName)) for r in site.desk.members("checks")]
    assert "not checkable" in grades and grades.index("not checkable") > max(i for i, x in enumerate(grades) if x in scale)
    for path, column in (("browse/checks", "Verdict"), ("browse/figures", "Verdict")):
        table = site.page_model(path)[1]["table"]
        cells = sorted((row[table.columns.index(column)] for row in table.rows), key=lambda c: c.sort)
        shown = [c.text for c in cells]
        checkable = [i for i, text in enumerate(shown) if text in scale]
        assert all(i > max(checkable) for i, text in enumerate(shown) if text == "not checkable"), (path, shown)
        assert all(i > shown.index("not checkable") for i, text in enumerate(shown) if text == "not checked"), path


def test_an_event_dates_page_opens_with_its_own_inferences_and_gives_the_other_reports_after_them(site):
    """The page of report 004's "in July 2025", which no one inferred, opened with "What the curators inferred":
    report 000's "last July" and report 002's "in August", read against their reports' years, before its own
    words, as if they were its. A date's page now gives its own inferences before its words, and those of the
    other reports' dates after the disagreement that shows them; a date the curators inferred still opens
    with its own."""
    for name, own in (("r004-date-agreed", False), ("r000-date-agreed", True)):
        page = text_of(site.page(URIRef(str(OI) + name)))
        words, _, after = page.partition("(characters ")  # its own words' offsets end the top of the page
        assert ("What the curators inferred" in words) == own, (name, words)
        assert "Inferred for" not in words and "Inferred for" in after, name


def test_a_disagreements_csv_gives_the_passages_of_its_sides_once_each(site):
    """The disagreements' CSV gave the "returned share of arrivals" row five passages, two of them twice over
    ("they have only removed 281 illegal immigrants when 41,000 arrived last year", report 000 and report 002):
    its 281 and its 41,000 are two sides from one sentence, and no column says which figure a side is, so a
    spreadsheet read the same quote as two sides. Sides with the same passages are given once, every column
    alike."""
    rows = list(csv.DictReader(io.StringIO(site.table_csv("browse/disagreements", "disagreements").decode("utf-8-sig"))))
    merged = 0
    for row in rows:
        sides = list(zip(*(row[c].split(" | ") for c in (EVIDENCE, "Evidence (report IRI)", "Evidence (characters)"))))
        assert len(sides) == len(set(sides)), (row["Disagreement"], sides)
        if "1.6 per cent" in row["Disagreement"] and "281 against 41" in row["Disagreement"]:
            merged += 1
            assert len(sides) == 3, sides  # report 000's sentence, report 002's, and the 1.6 per cent
    assert merged == 1 and len(rows) > 10


ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


def test_dates_on_the_desks_pages_read_as_people_write_them_and_their_csvs_keep_iso(site):
    """A person's "Posts over time" read "2024-11-04", a disagreement's sides "2025-07", a post holding's page
    "start date 2024-11-02", a saved query's table "2024-11-04": every page a reader reaches (home, lists, what
    people said, every resource, every saved query's table) now
    says "4 November 2024", "July 2025" before its raw-data fold, the curators' own notes too (the next test).
    A table's date column sorts by, and its CSV keeps beside it, the ISO date."""
    from kg.web.publish import _lists

    g = site.graph
    pages = [("", site.home(OVERVIEW))]
    pages += [(p, site.browse_page(p.partition("/")[2])) for p in _lists(site) if p.startswith("browse/")]
    pages += [(p, site.said_page(p.partition("/")[2])) for p in _lists(site) if p.startswith("said/")]
    pages += [(str(iri), site.page(iri)) for iri in site.resources]
    # each saved query's page and, given each person, officials-roles's (the posts' dates, 2024-11-04 there too)
    pages += [(f"queries/{name}", site.query_page(name, {})) for name in site.queries]
    pages += [(f"queries/officials-roles?person={p}", site.query_page("officials-roles", {"person": f"<{p}>"}))
              for p in sorted(g.subjects(RDF.type, OO.Person), key=str)]
    found = []
    for path, html in pages:
        found += [(path, m.group()) for m in ISO_DATE.finditer(reader_text(html))]
    assert len(pages) > 300 and found == []
    # Posts over time: each holding's dates in words, sorted and in the CSV by the graph's ISO dates
    checked, holdings = 0, 0
    for person in sorted(g.subjects(RDF.type, OO.Person), key=str):
        path = f"id/{str(person).rsplit('/', 1)[1]}"
        roles = site.page_model(path)[1]["roles"]
        rows = list(csv.DictReader(io.StringIO(site.table_csv(path, "posts").decode("utf-8-sig")))) if roles.rows else []
        starts = {str(d) for h in g.subjects(OO.holder, person) for d in g.objects(h, OO.startDate)}
        holdings += len(starts)
        for row, written in zip(roles.rows, rows):
            if row[1].data.get("ISO"):  # (an undated row's ISO column is there, empty)
                assert not ISO_DATE.search(row[1].text) and row[1].sort == written["From (ISO)"] in starts, (path, row[1])
                checked += 1
    assert checked >= holdings > 5
    # a statement's "Where, when" in words; its CSV gives its date as the data has it
    said = site.page_model("id/r000")[1]["statements"]
    rows = list(csv.DictReader(io.StringIO(site.table_csv("id/r000", "statements").decode("utf-8-sig"))))
    words = said.columns.index("Words")
    assert [r["Where, when (ISO date)"] for r in rows] == [
        str(g.value(URIRef(row[words].iri), OO.date) or "") for row in said.rows] and any(r["Where, when (ISO date)"] for r in rows)


def test_the_curators_notes_on_the_desk_write_their_dates_in_words(site):
    """The curators' notes and reasons kept their ISO dates on the desk's pages: "...the public record (Bruno
    Retailleau as French Minister of the Interior ends 2025-10-12)" on the page of the event and of its date,
    where the rest of the desk writes "12 October 2025". Every note (rdfs:comment, oo:reason) is now shown with
    its dates in words; a name the text gives (oi:..., digits and all) and its `code` stay as written."""
    g = site.graph
    notes = {str(n) for p in (RDFS.comment, OO.reason) for n in g.objects(None, p)}
    dated = [n for n in notes if ISO_DATE.search(NAMED_IN_NOTE.sub(" ", n))]
    assert dated, "no note with an ISO date: the test reads nothing"
    for note in dated:
        shown = text_of(str(site.linked("", note)))
        assert not ISO_DATE.search(shown), (note, shown)
    assert "Interior ends 12 October 2025)" in text_of(site.page(URIRef(str(OI) + "event-retailleau-replaced")))
    kept = text_of(str(site.linked("", "see oi:no-such-2025-07 and `2025-08-06`, agreed 2025-07")))
    assert kept.startswith("see oi:no-such-2025-07 and 2025-08-06") and kept.endswith("agreed July 2025"), kept


def test_a_date_given_to_a_command_option_in_a_note_stays_as_typed(site):
    """kg add's reason for a report's date, "Given by the curator (--date 2026-03-05); not read from the text.",
    read "(--date 5 March 2026)" on the desk's report page (found by adding a sixth report as README says), an
    option kg add refuses; the note's other dates are still in words."""
    shown = text_of(str(site.linked("", "Given by the curator (--date 2026-03-05), as --since=2025-07; agreed 2025-07")))
    assert shown == "Given by the curator (--date 2026-03-05), as --since=2025-07; agreed July 2025", shown


NAMED_IN_NOTE = re.compile(r"`[^`]*`|\b[a-z][a-z0-9]*:[\w.-]+")  # what a note names, or quotes as code


def _earliest_dates(site) -> tuple:
    """The events' list: its table, the index of its "Earliest date reported" column, and its CSV's rows."""
    table = site.page_model("browse/events")[1]["table"]
    rows = list(csv.DictReader(io.StringIO(site.table_csv("browse/events", "events").decode("utf-8-sig"))))
    return table, table.columns.index("Earliest date reported"), rows


def test_the_events_list_gives_the_earliest_date_a_report_gives_each_event_sortable_by_it(site):
    """/browse/events had a count of "Dates reported" and no date: events could not be put in order. Each
    row now gives the earliest date the reports give it, in words, its ISO form the sort key and in the
    CSV; a year that holds a month another report gives ("2025" beside "July 2025") is not the earlier."""
    g, (table, column, rows) = site.graph, _earliest_dates(site)
    dated = 0
    for row, written in zip(table.rows, rows):
        given = {str(g.value(n, OO.date) or g.value(n, OO.startDate) or "") for n in g.subjects(OO.event, URIRef(row[0].iri))} - {""}
        shown, iso = row[column], written["Earliest date reported (ISO)"]
        if not given:
            assert iso == "" and shown.text == "no report dates it" and not shown.sort
            continue
        if "the curators' reading" in shown.text:  # no date a report gives (the next test)
            continue
        dated += 1
        assert iso in given and shown.sort.startswith(iso) and not ISO_DATE.search(shown.text), (row[0].text, shown)
        assert all(not d < iso or iso.startswith(d) for d in given), (row[0].text, iso, given)  # none earlier
    assert dated >= 4


def test_the_events_list_never_shows_a_date_the_curators_inferred_as_a_date_a_report_gives(site):
    """The events' "Earliest date reported" read "5 July 2024 to 5 September 2025 (inferred)" for Yvette Cooper's
    plans, which report 003 dates only "when she was in the Home Office" (the days are her tenure, from the public
    record), and its ISO column gave 2024-07-05 as a date reported. A date the curators inferred is now shown as
    theirs, beside the report's words ("the curators' reading: ..."), never as one reported, and its ISO column is
    empty; a date a report's words give is shown, with its ISO form, before any inferred; a span keeps both ends."""
    g, (table, column, rows) = site.graph, _earliest_dates(site)
    inferred = 0
    for row, written in zip(table.rows, rows):
        dates = list(g.subjects(OO.event, URIRef(row[0].iri)))
        given = [n for n in dates if g.value(n, OO.date) or g.value(n, OO.startDate) or g.value(n, OO.endDate)]
        read = [n for n in given if (n, OO.dateInferred, Literal(True)) not in g]
        shown, iso = row[column], written["Earliest date reported (ISO)"]
        if read:
            assert "(inferred)" not in shown.text and "curators" not in shown.text and iso, (row[0].text, shown.text)
        elif given:
            inferred += 1
            assert "the curators' reading: " in shown.text and "(inferred)" not in shown.text, shown.text
            assert iso == "" and shown.sort, (row[0].text, iso)
    assert inferred > 5
    cooper = next(r for r in table.rows if "Yvette Cooper" in r[0].text)[column]
    assert cooper.text == ("\u201cwhen she was in the Home Office\u201d (the curators' reading: "
                           "5 July 2024 to 5 September 2025)"), cooper.text
    spans = list(csv.DictReader(io.StringIO(site.table_csv("id/r003", "event-dates").decode("utf-8-sig"))))
    assert "2024-07-05/2025-09-05" in {r["Date (ISO)"] for r in spans}, spans  # (its start alone, before)


def test_a_report_in_a_table_is_named_by_its_number_its_headline_or_the_curators_summary_said_as_theirs_beside(site):
    """Each cell of a report's column held "Report 000: 'one in, one out' brought in 25 per cent more migrants
    than it removed (no headline)", the curators' description reading as a headline. In every table of every
    list and of the pages of reports, people, events and indicators, a report is now "Report 000", its
    tooltip its headline or "No headline. The curators' summary: ..."; the reports' list says so in a column;
    a citation, read away from the page, still names the report in full."""
    from kg.web.publish import _lists

    g = site.graph
    reports = set(g.subjects(RDF.type, OO.Report))

    def about(report) -> str:
        headline = g.value(report, SCHEMA.headline)
        summary = site.label(report).partition(":")[2].removesuffix("(no headline)").strip()
        return str(headline) if headline is not None else f"No headline. The curators' summary: {summary}"

    pages = ["", *_lists(site)] + [f"id/{str(n).rsplit('/', 1)[1]}" for kind in (OO.Report, OO.Person, OO.Event, OO.Indicator)
                                   for n in sorted(g.subjects(RDF.type, kind), key=str)]
    seen = 0
    for path in pages:
        for table in tables_in(site.page_model(path)[1]):
            for cell in (part for row in table.rows for c in row for part in c.parts or [c]):
                if cell.iri and URIRef(cell.iri) in reports:
                    report = URIRef(cell.iri)
                    assert (cell.text, cell.title) == (site.label(report).split(":")[0], about(report)), (path, cell)
                    seen += 1
    assert seen > 200
    listed = site.page_model("browse/reports")[1]["table"]
    assert [row[1].text for row in listed.rows] == [about(URIRef(row[0].iri)) for row in listed.rows]
    assert any(g.value(URIRef(row[0].iri), SCHEMA.headline) is None for row in listed.rows)  # one has none
    model = site.page_model("id/r000-fig-net-inflow-70-philp")[1]
    assert site.label(OI["r000"]) in model["citation"]


def test_a_persons_posts_csv_gives_each_holdings_report_words_and_an_iso_column_for_to(site):
    """A person's posts CSV (id/chris-philp/posts.csv) said "Reports: Report 000, Report 002" and "On what
    basis: The public record" but none of the words, where every other list's CSV ends with the report's words
    and characters behind each row; and its "From" had an ISO column, its "To" none. Each row now gives the
    words of every report that names the person in that post (the holding's oo:evidence, as the report has
    them), each with its report and characters, report by report; "To (ISO)" is there, empty for a post still
    held."""
    g = site.graph
    checked = 0
    for person in sorted(g.subjects(RDF.type, OO.Person), key=str):
        path = f"id/{str(person).rsplit('/', 1)[1]}"
        roles = site.page_model(path)[1]["roles"]
        if roles is None or not roles.rows:
            continue
        rows = list(csv.DictReader(io.StringIO(site.table_csv(path, "posts").decode("utf-8-sig"))))
        header = list(rows[0])
        assert header[header.index("From (ISO)") - 1] == "From" and header[header.index("To (ISO)") - 1] == "To", header
        assert header[-4:] == [EVIDENCE, "Evidence (report)", "Evidence (report IRI)", "Evidence (characters)"], header
        holdings = {h for h in g.subjects(OO.holder, person) if (h, RDF.type, OO.PostHolding) in g}
        for row in rows:
            ends = {str(d) for h in holdings for d in g.objects(h, OO.endDate)}
            assert row["To (ISO)"] in ends or (row["To (ISO)"] == "" and row["To"] == "still in post, or not stated"), row
            spans = {(str(g.value(e, OA.exact)), str(g.value(e, OA.hasSource)), f"{g.value(e, OA.start)}\u2013{g.value(e, OA.end)}")
                     for h in holdings for e in g.objects(h, OO.evidence)}
            pieces = list(zip(row[EVIDENCE].split(" \u2026 "), row["Evidence (report IRI)"].split("; "),
                              row["Evidence (characters)"].split("; ")))
            assert pieces and set(pieces) <= spans, (path, row)
            assert [r for _, r, _ in pieces] == sorted(r for _, r, _ in pieces), row  # report by report
            checked += 1
    philp = list(csv.DictReader(io.StringIO(site.table_csv("id/chris-philp", "posts").decode("utf-8-sig"))))
    assert philp[0]["To (ISO)"] == "" and "Chris Philp, the shadow home secretary" in philp[0][EVIDENCE]
    assert philp[0]["Evidence (characters)"].endswith("3051\u20133089")
    assert checked >= 10


def test_a_persons_posts_link_each_report_with_its_headline_or_the_curators_summary_under_it(site):
    """A person's "Posts over time" gave its reports as the saved query's words, "Report 000, Report 002": no
    link to either report and nothing of what each is, where every other table's Report column links its report
    and shows its headline, or the curators' summary, under it. Each report whose words name the person in the
    post (the holding's oo:evidence) is now a link to its page with that under it, one report under the other;
    the CSV still names them in words ("Report 000; Report 002"), their IRIs beside, as other columns of links."""
    g = site.graph
    checked = 0
    for person in sorted(g.subjects(RDF.type, OO.Person), key=str):
        roles = site.page_model(f"id/{str(person).rsplit('/', 1)[1]}")[1]["roles"]
        for row, holding in zip(roles.rows, roles.sources):
            cell = row[roles.columns.index("Reports")]
            reports = sorted({str(g.value(e, OA.hasSource)) for e in g.objects(holding, OO.evidence)})
            assert [p.iri for p in cell.parts or [cell]] == reports, (person, cell)
            assert all(p.href and p.note == site.desk.report_gist(URIRef(p.iri)) for p in cell.parts or [cell]), cell
            checked += len(reports) > 1
    assert checked >= 4
    html = site.page(OI["chris-philp"])
    shown = re.search(r'<td data-label="Reports">(.*?)</td>', html, re.S).group(1)
    assert [text_of(item) for item in re.findall(r"<li>(.*?)</li>", shown, re.S)] == [
        "Report 000 No headline; curators\u2019 summary: \u201c'one in, one out' brought in 25\u2026\u201d",
        "Report 002 No headline; curators\u2019 summary: \u201cDozens more migrants have arrived in the\u2026\u201d"], shown
    assert re.findall(r'<a href="([^"]+)"', shown) == ["../id/r000.html", "../id/r002.html"], shown
    rows = list(csv.DictReader(io.StringIO(site.table_csv("id/chris-philp", "posts").decode("utf-8-sig"))))
    assert rows[0]["Reports"] == "Report 000; Report 002", rows[0]
    assert rows[0]["Reports (IRI)"] == f"{OI['r000']}; {OI['r002']}", rows[0]


def test_the_agreements_csv_gives_the_words_that_tell_of_each_and_the_other_lists_say_why_they_have_none(site):
    """Of the lists with no evidence columns, the agreements' rows are what the reports tell of (each agreement
    has oo:evidence, as each event has): its CSV now gives those words, report and characters, as the events'
    does. The rows of the others are not something a report states (a report, a person, an organisation, an
    indicator): each page says so, and where the words are instead."""
    g = site.graph
    rows = list(csv.DictReader(io.StringIO(site.table_csv("browse/agreements", "agreements").decode("utf-8-sig"))))
    assert len(rows) == sum(1 for _ in g.subjects(RDF.type, OO.Agreement)) > 5
    for row in rows:
        node = URIRef(row["Name (IRI)"])
        exact = {str(g.value(e, OA.exact)): str(g.value(e, OA.hasSource)) for e in g.objects(node, OO.evidence)}
        pieces = row[EVIDENCE].split(" \u2026 ")
        assert set(pieces) == set(exact), row["Name"]
        assert row["Evidence (report IRI)"].split("; ") == [exact[p] for p in pieces], row["Name"]
    for kind in ("reports", "people", "unnamed", "organisations", "indicators"):
        header = site.table_csv(f"browse/{kind}", kind).decode("utf-8-sig").splitlines()[0]
        page = text_of(site.browse_page(kind))
        assert EVIDENCE not in header and "so this list\u2019s CSV has no evidence columns" in page, kind
    for kind in ("agreements", "events", "figures", "checks", "disagreements"):
        page = text_of(site.browse_page(kind))
        assert "no evidence columns" not in page, kind


def test_a_column_of_figures_groups_its_sort_by_unit_so_per_cent_never_sorts_among_people(site):
    """The checks' Claim column sorted 1.6 % and position 1 among 69 people: one number line for all. Each figure's
    cell carries its unit as the sort's group (data-sort-group: the page's sort puts a group together, then
    sorts by value), in the checks' Claim column and the figures' Value column alike."""
    g = site.graph
    for path, column in (("browse/checks", "Claim"), ("browse/figures", "Value")):
        table = site.page_model(path)[1]["table"]
        cells = [row[table.columns.index(column)] for row in table.rows]
        units = {c.group for c in cells}
        assert {"per cent", "people"} <= units, (path, units)
        for c in cells:
            unit = g.value(URIRef(c.iri), OO.unit)
            assert c.group == (site.label(unit) if unit is not None else ""), (path, c)
        html = site.browse_page(path.rpartition("/")[2])
        assert 'data-sort-group="per cent"' in html and 'data-sort-group="people"' in html, path


def test_a_tables_report_column_shows_what_the_reports_number_leaves_out_not_only_as_a_tooltip(site):
    """/browse/checks and /browse/figures named each report "Report 002", its headline, or "No headline. The curators'
    summary: ...", only in a tooltip, which a keyboard or a phone never shows. Each table's Report column now shows
    under the number its headline in quotation marks, or that it has none and the curators' summary, said to be
    theirs, each cut to a few words ("…") so that the column stays narrow; the tooltip keeps the whole."""
    from kg.web.desk import GIST_WORDS

    g = site.graph
    seen = 0
    for path in ("browse/checks", "browse/figures", "id/event-returns-agreement-agreed", "id/ind-returned-to-france",
                 "id/chris-philp", "id/home-office"):  # (what a person said, and what was said in an organisation's name)
        for table in tables_in(site.page_model(path)[1]):
            if "Report" not in table.columns:
                continue
            for row in table.rows:
                cell = row[table.columns.index("Report")]
                if not cell.iri:
                    continue
                report, seen = URIRef(cell.iri), seen + 1
                headline = g.value(report, SCHEMA.headline)
                words = cell.note.removeprefix("No headline; curators\u2019 summary: ").strip("\u201c\u201d").removesuffix("\u2026")
                whole = str(headline) if headline is not None else site.desk.report_summary(report)
                assert whole.startswith(words) and len(words.split()) <= GIST_WORDS + 1, (path, cell)
                assert cell.note.startswith("No headline; curators\u2019 summary: \u201c") == (headline is None), (path, cell)
                assert cell.title == site.desk.report_about(report), (path, cell)
    assert seen > 100
    html = site.browse_page("checks")
    assert re.search(r'>Report 002</a><span class="cell-note">No headline; curators\u2019 summary: \u201cDozens more', html)
    rows = list(csv.DictReader(io.StringIO(site.table_csv("browse/checks", "checks").decode("utf-8-sig"))))
    assert {r["Report"] for r in rows} <= {f"Report 00{n}" for n in range(5)}  # the CSV names it as before


def test_a_count_a_page_shows_has_its_thousands_grouped_as_people_read_it(site):
    """The dataset page read "15914 triples", and at a million triples the lists "33579 in all"."""
    many = {**OVERVIEW, "triples": 1_280_695}
    assert "1,280,695 triples" in text_of(site.home(many)) and "1,280,695 triples" in text_of(site.dataset_page(many))
    assert "1280695" not in site.home(many) + site.dataset_page(many)
    figures = site.desk.count(OO.Figure)
    assert f"{figures:,} in all" in text_of(site.browse_page("figures"))
