"""The static site of `kg publish` answers each saved query's question for every value a reader could pick
(the values the live desk's form suggests), where `kg serve` has the form: links by name to pages written
beside the query's own, whose rows are what `kg query NAME --param p=VALUE` answers. A reader of the
published site is never told to run a command (a curator's hint is folded away in a <details>)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from kg import engines
from kg.core.namespaces import BASE
from kg.sparql.saved import load_queries
from serving import CHROMEDRIVER as DRIVER
from serving import CHROMIUM, built_project, published_site
from test_desk_browser import AXE, run_axe, screenshot
from test_desk_browser import browser, static  # noqa: F401 (fixtures: Chromium, the site served)
from test_serve_browser import wait_for


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return published_site(tmp_path_factory).resolve()  # (a link to the site's folder)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_project(tmp_path_factory)


class Page(HTMLParser):
    """A page's answer links (in a saved query's block: <p class="answers"> or <details class="answers">), the
    text outside any <details>, and the rows of its results table: each row's cell texts and the links in it."""

    def __init__(self):
        super().__init__()
        self.answers, self.outside, self.rows = [], [], []
        self.details = self.in_answers = self.in_results = 0
        self.href, self.label = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details":
            self.details += 1
        if "answers" in (attrs.get("class") or "").split() and tag in ("p", "details"):
            self.in_answers = tag
        if tag == "a" and self.in_answers:
            self.href, self.label = attrs.get("href"), []
        if tag == "table" and attrs.get("id") == "results-table":
            self.in_results = True
        if tag == "tbody" and self.in_results:
            self.in_results = "body"
        if self.in_results == "body" and tag == "tr":
            self.rows.append({"cells": [], "links": []})
        if self.in_results == "body" and tag == "td":
            self.rows[-1]["cells"].append("")
        if self.in_results == "body" and tag == "a" and self.rows:
            self.rows[-1]["links"].append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "details":
            self.details -= 1
        if tag == self.in_answers:
            self.in_answers = 0
        if tag == "a" and self.href is not None:
            self.answers.append((self.href, "".join(self.label).strip()))
            self.href = None
        if tag == "table":
            self.in_results = False

    def handle_data(self, data):
        if not self.details:
            self.outside.append(data)
        if self.href is not None:
            self.label.append(data)
        if self.in_results == "body" and self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1] += data


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target(site: Path, page: Path, href: str) -> Path:
    return Path(*PurePosixPath(str(page.parent / unquote(urlsplit(href).path))).parts).resolve()


def answer_pages(site: Path) -> dict:
    """Each answer page the site links to from its saved queries' pages: path -> (query, parameter, label)."""
    found = {}
    for query in sorted((site / "queries").glob("*.html")):
        for href, label in read(query).answers:
            path = target(site, query, href)
            name, parameter = path.relative_to(site / "queries").parts[:2]
            found[path] = (name, parameter, label)
    return found


def test_every_answer_a_static_query_block_links_to_is_a_page_of_the_site(site):
    """The home page, the saved queries' page and each query's page list its answers for each value: every
    link is to a file written, and the same answers are listed wherever the query's block is."""
    lists = {}
    for page in [site / "index.html", site / "queries.html", *sorted((site / "queries").rglob("*.html"))]:
        answers = read(page).answers
        for href, label in answers:
            assert target(site, page, href).is_file(), (page.relative_to(site), href)
            assert label and "<" not in label and "oi:" not in label, (page.relative_to(site), href, label)
        lists[page] = {target(site, page, href) for href, _ in answers}
    home = lists[site / "index.html"]
    assert len(home) > 100 and home == lists[site / "queries.html"]
    named = {target(site, site / "index.html", href): label for href, label in read(site / "index.html").answers}
    people = [label for path, label in named.items() if "/figures-by-person/person/" in str(path)]
    assert "Chris Philp" in people and "Shabana Mahmood" in people
    # by name, as a reader looks for one, and as indexes file names: "a government source" under G, not A
    assert any(re.match(r"(?i)(a|an|the) ", label) for label in people), people
    assert people == sorted(people, key=lambda label: re.sub(r"(?i)^(a|an|the) ", "", label).casefold()), people


def test_each_answer_page_has_the_rows_kg_query_answers_for_its_value(site, built, kg):
    """Every answer page's rows, in order, are the rows of `kg query NAME --param p=VALUE` (the engine's answer,
    through the same binding of names to RDF terms): as many, each with the resources it links to."""
    queries = load_queries(built.queries_dir)
    pages = answer_pages(site)
    assert len(pages) > 100
    checked = 0
    for path, (name, parameter, label) in sorted(pages.items()):
        value = f"oi:{path.stem}" if parameter != "kind" else f"oo:{path.stem}"
        found = engines.answer(built, queries[name].text, {parameter: value}, None, queries[name])
        page = read(path)
        assert len(page.rows) == min(len(found.rows), 500), (path.relative_to(site), len(page.rows), len(found.rows))
        for row, terms in zip(page.rows, found.rows):
            linked = {target(site, path, href).relative_to(site).with_suffix("").as_posix()
                      for href in row["links"] if "/id/" in f"/{href}" or href.startswith("../../../id/")}
            resources = {"id/" + str(t)[len(BASE) + 3:] for t in terms
                         if t is not None and str(t).startswith(BASE + "id/") and (site / f"id/{str(t)[len(BASE) + 3:]}.html").is_file()}
            assert linked == resources, (path.relative_to(site), row["cells"])
        checked += 1
    assert checked == len(pages)
    # and the command itself, for one value: the same rows
    result = kg("query", "figures-by-person", "--param", "person=Chris Philp", "--format", "json", project=built)
    rows = json.loads(result.output)["results"]["bindings"]
    page = read(site / "queries/figures-by-person/person/chris-philp.html")
    assert rows and len(page.rows) == len(rows)
    assert [r["figure"]["value"].rsplit("/", 1)[1] for r in rows] == [
        next(Path(h).stem for h in row["links"] if "-fig-" in h) for row in page.rows]


def test_an_answer_page_says_whose_answer_it_is(site):
    page = (site / "queries/figures-by-person/person/chris-philp.html").read_text(encoding="utf-8")
    assert "<h2>Results for Chris Philp</h2>" in page
    assert '<strong aria-current="page">Chris Philp</strong>' in page
    assert 'href="results.csv"' in page or 'chris-philp/results.csv"' in page
    assert (site / "queries/figures-by-person/person/chris-philp/results.csv").is_file()


def test_a_query_page_names_what_its_own_answer_is_for(site):
    """The static query page headed its rows "Results (with the default parameters)": a developer's words,
    and no name. It names the value, as its answers for other values do."""
    heading = lambda page: re.search(r"<h2>Results[^<]*</h2>", (site / page).read_text(encoding="utf-8")).group()  # noqa: E731
    assert heading("queries/figures-by-person.html") == "<h2>Results for Shabana Mahmood</h2>"
    assert heading("queries/reports-stating-figure.html") == "<h2>Results for the value 281</h2>"
    assert heading("queries/who-said-what.html") == "<h2>Results for every indicator</h2>"
    assert heading("queries/agreements.html") == "<h2>Results</h2>"


@pytest.mark.parametrize("page", ["index.html", "queries.html", "queries/figures-by-person.html",
                                  "queries/check-verdicts.html", "queries/reports-stating-figure.html",
                                  "queries/figures-by-person/person/chris-philp.html"])
def test_the_static_pages_tell_a_reader_no_command_outside_a_fold_for_curators(site, page):
    """The static site's query blocks said "Run it with other parameters: kg query NAME --param p=…, or on a
    server started with kg serve": a command, to a journalist reading a web page."""
    outside = " ".join(read(site / page).outside)
    assert "kg query" not in outside and "kg serve" not in outside and "--param" not in outside


def test_a_question_with_no_list_of_values_says_what_the_site_answers_it_for(site):
    """A verdict (free text) or a number has no list to answer for each: the page says, in plain words, what
    the published site shows and where another value can be asked."""
    verdicts = " ".join(" ".join(read(site / "queries/check-verdicts.html").outside).split())
    assert "Answered here for every verdict at once. On the live desk, a form takes any verdict." in verdicts
    figure = " ".join(" ".join(read(site / "queries/reports-stating-figure.html").outside).split())
    assert "Answered here for the value 281. On the live desk, a form takes any value." in figure
    assert re.search(r"Its answer for each indicator: \S", figure)


@pytest.mark.skipif(CHROMIUM is None or DRIVER is None, reason="headless Chromium not installed")
def test_a_reader_of_the_published_site_follows_a_name_to_that_persons_answer(browser, static):
    """In headless Chromium, on the static site served by a plain web server: the home page's saved query
    "figures-by-person" lists the people it answers for; following "Chris Philp" shows his figures (his
    net inflow of 70), not the default's (Shabana Mahmood's), on a page with no serious accessibility
    violation (axe-core)."""
    from selenium.webdriver.common.by import By

    browser.get(static + "index.html")
    block = browser.find_element(By.ID, "q-figures-by-person")
    assert "kg query" not in block.text  # (the curators' hint is folded: not shown)
    block.find_element(By.LINK_TEXT, "Chris Philp").click()
    wait_for(lambda: browser.current_url.endswith("queries/figures-by-person/person/chris-philp.html"))
    assert browser.find_element(By.CSS_SELECTOR, "#results h2").text == "Results for Chris Philp"
    rows = browser.find_elements(By.CSS_SELECTOR, "#results-table tbody tr")
    people = {row.find_element(By.CSS_SELECTOR, "td[data-label=person]").text for row in rows}
    assert rows and all(name.startswith("Chris Philp") for name in people), people
    assert "net inflow of 70" in browser.find_element(By.ID, "results-table").text
    screenshot(browser, "static-answer-figures-by-chris-philp")
    if AXE.is_file():  # (scripts/fetch-axe) the answer page as accessible as the desk's others
        assert [v["id"] for v in run_axe(browser) if v.get("impact") in ("serious", "critical")] == []


def test_a_query_with_more_values_than_a_site_answers_says_so_and_writes_none_of_them(built, monkeypatch):
    """An archive with hundreds of figures would have had a page for each under figure-provenance: past
    ANSWERED answers a query, its parameter is answered for its default only, in plain words, and no page of
    it is listed (nor written: kg publish writes the pages listed)."""
    from kg.query.store import open_store
    from kg.web import pages
    from kg.web.publish import _lists

    monkeypatch.setattr(pages, "ANSWERED", 30)
    site = pages.Site(built, open_store(built, in_memory=True), static=True, endpoint=None)
    (figures,) = site.static_answers()["figure-provenance"]
    assert figures["many"] and figures["links"] == []
    assert not any(path.startswith("queries/figure-provenance/") for path in _lists(site))
    people = site.static_answers()["figures-by-person"][0]["links"]
    assert 0 < len(people) <= 30 and all(f"queries/figures-by-person/person/" in link["path"] for link in people)
    block = " ".join(site.query_page("figure-provenance", {}).split())
    default = site.label(site.resolver.resolve(site.queries["figure-provenance"].parameters[0].default, "figure"))
    assert (f"Answered here for the figure {default}: there are too many figures to answer for each here. On the "
            "live desk, a form takes any figure.") in block
