"""The marks of the curators' reading on the pages of entities: an organisation's country, a post's
organisation, who held a post, an event's agreement, a figure's indicator... Every fact the data marks with
an oo:inferredValue marker is shown "(inferred)" wherever an entity's page shows it (the page of its node,
and the page of its value where that lists the node), with the marker's reason in the page's "What the
curators inferred" list; a fact with no marker is shown bare. The cases are every marked fact of the graph."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.core.namespaces import OI, OO, SCHEMA
from kg.web.pages import Site
from conftest import project_of
from test_desk import folded_inferences, text_of

MARK = "(inferred)"
# The entity pages (Desk.PAGES' templates, and the generic page of a post, a holding, a country ...), and the
# figure's page for its indicator (statements' and figures' own marks: tests/test_desk.py).
ENTITY_PAGES = {"organisation.html", "person.html", "agreement.html", "event.html", "indicator.html",
                "resource.html"}
# The values of its own node a page shows (the generic page shows all: "What the data says")
SHOWS = {"organisation.html": {OO.country}, "person.html": set(), "agreement.html": {OO.party},
         "event.html": {OO.ofAgreement, OO.participant}, "indicator.html": set(), "figure.html": {OO.indicator}}
SHOWN_BY_ENTITY_PAGES = ENTITY_PAGES | {"figure.html"}
# The nodes a page lists by their value of a property: an organisation's posts, events and the statements
# about it ... (the generic page lists all: "Referred to by")
LISTED = {"organisation.html": {OO.inOrganisation, OO.participant, OO.about, SCHEMA.about},
          "person.html": {OO.participant}, "agreement.html": {OO.ofAgreement, SCHEMA.about},
          "event.html": {OO.periodStartEvent, OO.asOfEvent, SCHEMA.about}, "indicator.html": {OO.indicator},
          "figure.html": set()}
# The figures an indicator's or an event's page lists by a fact of theirs: (its table, the column that says it)
FIGURE_COLUMNS = {"indicator.html": ("values", "Indicator"), "event.html": ("figures", "Period")}
ANCHOR = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)


@pytest.fixture(scope="module")
def site(project, store):
    return Site(project, store, static=True, endpoint=None)


def template(site, node) -> str:
    types = set(site.graph.objects(node, RDF.type))
    return next((t for cls, t, _ in site.desk.PAGES if cls in types), "resource.html")


def marked_facts(graph) -> list:
    """(node, property, value, marker) of every fact a marker gives: its value, or each value of the
    property where it gives none."""
    found = []
    for node, marker in graph.subject_objects(OO.inferredValue):
        prop, value = graph.value(marker, OO.inferredProperty), graph.value(marker, RDF.value)
        found += [(node, prop, o, marker) for o in graph.objects(node, prop) if value is None or o == value]
    return sorted(found, key=str)


def body(html: str) -> str:
    """The reader's part of a page: above the raw-data fold, without the list of what the curators inferred."""
    main = html.split('<main id="main">', 1)[1].split('<details class="all-data">', 1)[0]
    return re.sub(r'<details class="inferences">.*?</details>', "", main, flags=re.S)


def shown(site, page, term) -> list:
    """The words of each link to `term`'s page in the reader's part of `page`'s page."""
    href = site.link("../", term).href
    return [text_of(words) for link, words in ANCHOR.findall(body(site.page(page))) if link == href]


def reason(graph, marker) -> str:
    return " ".join(str(graph.value(marker, OO.reason)).split())[:60]


def cases(site) -> dict:
    """The marked facts by where an entity page shows them: (the page, the term whose links show the fact,
    the fact, its marker), on the page of the fact's node and on that of its value."""
    g, out = site.graph, {}
    for node, prop, value, marker in marked_facts(g):
        if not isinstance(value, URIRef) or not site.exists(value) or not site.exists(node):
            continue
        for page, term in ((node, value), (value, node)):
            kind = template(site, page)
            if prop not in (LISTED if page == value else SHOWS).get(kind, {prop}):
                continue  # the page does not show the fact (a person's party, a party's members)
            if kind in SHOWN_BY_ENTITY_PAGES:
                out.setdefault(kind, []).append((page, term, (node, prop, value), marker))
    return out


def test_every_fact_the_curators_inferred_is_marked_where_an_entity_page_shows_it_and_explained(site):
    """The Home Office's page said "Organisation · United Kingdom", a post's "country United Kingdom", the
    LBC's "Presenter of LBC Breakfast: Nick Ferrari", an event's "Event · operations began · UK–France ...
    agreement", where no report says so (the markers were only in the raw-data fold). Each link that shows
    a marked fact is now marked, on every kind of entity page, and the page's list of what the curators
    inferred gives the marker's reason."""
    g, found = site.graph, cases(site)
    assert set(found) == SHOWN_BY_ENTITY_PAGES, sorted(found)  # every kind of entity page has a case
    checked = 0
    for kind, facts in sorted(found.items()):
        for page, term, fact, marker in facts:
            texts = shown(site, page, term)
            if (term, RDF.type, OO.Figure) in g and kind in FIGURE_COLUMNS:  # a column of its row says it
                table, column = FIGURE_COLUMNS[kind]
                rows = site.page_model(f"id/{str(page).rsplit('/', 1)[1]}")[1][table]
                row = next(r for r in rows.rows if any(c.iri == str(term) for c in r))
                texts = [row[rows.columns.index(column)].text]
            if not texts:  # a fact the page does not show (a person's party, an agreement's status)
                continue
            assert all(t.endswith(MARK) for t in texts), (kind, page, fact, texts)
            assert reason(g, marker) in folded_inferences(site.page(page)), (kind, page, fact, marker)
            checked += 1
    assert checked >= 60, checked


@pytest.mark.parametrize("kind, page, term, words", [
    # its country, an organisation's kicker; a post's, in the facts of its generic page
    ("organisation.html", "home-office", "united-kingdom", "Organisation · United Kingdom (inferred)"),
    ("resource.html", "post-uk-home-secretary", "home-office", "in organisation Home Office (inferred)"),
    ("person.html", "nick-ferrari", None, "Presenter of LBC Breakfast (inferred)"),
    ("agreement.html", "uk-france-returns-agreement", None, "'One in, one out' scheme began operations (inferred)"),
    ("event.html", "event-returns-operations-began", None,
     "Event · operations began · UK–France 'one in, one out' returns agreement (inferred)"),
])
def test_a_marked_fact_reads_as_the_curators_in_the_pages_words(site, kind, page, term, words):
    assert template(site, OI[page]) == kind
    assert words in text_of(body(site.page(OI[page]))), (page, words)


def test_a_fact_with_no_marker_is_shown_bare_on_every_kind_of_entity_page(site):
    """The same properties where no marker gives the value: the UK–France agreement's parties, the Home Office
    spokesperson's post's organisation, an event whose agreement its report names, a figure whose indicator
    its words give, Macron's post: their links carry no mark."""
    g = site.graph
    marked = {(s, p, o) for s, p, o, _ in marked_facts(g)}
    properties = {p for _, p, _ in marked}
    kinds = {}
    for prop in sorted(properties, key=str):
        for node, value in sorted(g.subject_objects(prop), key=str):
            if (node, prop, value) in marked or not isinstance(value, URIRef) or not site.exists(value) \
                    or not site.exists(node):
                continue
            kind = template(site, node)
            if kind not in SHOWN_BY_ENTITY_PAGES or prop not in SHOWS.get(kind, {prop}):
                continue
            if any((node, p, value) in marked for p in properties):  # the same link marked for another fact
                continue
            texts = shown(site, node, value)
            if texts:
                assert not any(t.endswith(MARK) for t in texts), (kind, node, prop, value, texts)
                kinds.setdefault(kind, 0)
                kinds[kind] += 1
    assert {"agreement.html", "event.html", "figure.html", "resource.html"} <= set(kinds), kinds


def test_a_post_held_by_the_curators_reading_is_marked_in_the_holders_table_of_posts(site):
    """Nick Ferrari's page listed "Presenter of LBC Breakfast" among his posts, and LBC's "Nick Ferrari" as its
    holder, where the reports only say "LBC's Nick Ferrari at Breakfast" (a marker of the holding for oo:post).
    Every holding: its post in the holder's table of posts, and its holder in the organisation's, marked where
    a marker gives the holding's post or holder, bare where none does; the reason on both pages."""
    seen = holdings_marked(site)
    assert seen[True] >= 1 and seen[False] >= 5, seen


def holdings_marked(site) -> dict:
    """Checks every holding of `site`'s graph as the test above says; how many were marked and how many not."""
    g, desk = site.graph, site.desk
    seen = {True: 0, False: 0}
    for holding in sorted(g.subjects(RDF.type, OO.PostHolding), key=str):
        holder, post = g.value(holding, OO.holder), g.value(holding, OO.post)
        if holder is None or post is None or not site.exists(holder):
            continue
        inferred = desk.given((holding, OO.post, post)) or desk.given((holding, OO.holder, holder))
        reasons = [reason(g, m) for m in g.objects(holding, OO.inferredValue)]
        name = str(site.label(post))
        start = str(g.value(holding, OO.startDate) or "not stated")
        posts = site.page_model(f"id/{str(holder).rsplit('/', 1)[1]}")[1]["roles"]
        assert [r[0].text for r in posts.rows if r[0].text.removesuffix(" " + MARK) == name and (r[1].data.get("ISO") or r[1].text) == start] \
            == [name + f" {MARK}" * inferred], (holding, posts.rows)  # its own row: the post held from its start
        again = sum(g.value(h, OO.holder) == holder for h in g.subjects(OO.post, post)) > 1
        for organisation in g.objects(post, OO.inOrganisation):
            held = site.page_model(f"id/{str(organisation).rsplit('/', 1)[1]}")[1]["posts"]
            cell = next(r[1] for r in held.rows if r[0].iri == str(post))
            words = site.label(holder) + f" ({desk.tenure(holding)})" * again + f" {MARK}" * inferred
            assert words in {c.text for c in cell.parts or [cell] if c.iri == str(holder)}, (holding, cell)
            assert words in text_of(body(site.page(organisation))), (holding, organisation)
            assert all(r in folded_inferences(site.page(organisation)) for r in reasons), (holding, organisation)
        assert all(r in folded_inferences(site.page(holder)) for r in reasons), holding
        seen[inferred] += 1
    return seen


def test_kg_publish_and_kg_serve_show_the_same_marks_with_their_reasons(site, project, store, tmp_path_factory):
    """The static site (`kg publish`) and the server's pages (kg serve's workers: Site with its SPARQL endpoint)
    come from the same models: one page of each kind of entity with a marked fact, as each writes it, shows
    the fact marked and the marker's reason."""
    from serving import published_site

    out = published_site(tmp_path_factory)
    served = Site(project, store, endpoint="sparql")
    g = site.graph
    for kind, facts in sorted(cases(site).items()):
        page, term, fact, marker = facts[0]
        name = str(page).rsplit("/", 1)[1]
        words = shown(site, page, term) or [MARK]  # (an indicator's and an event's figures: the column, below)
        for html in ((out / "id" / f"{name}.html").read_text(encoding="utf-8"), served.page(page)):
            assert any(w in text_of(body(html)) for w in words) and MARK in text_of(body(html)), (kind, name)
            assert reason(g, marker) in folded_inferences(html), (kind, name)


# ------------------------------------------------------------ a post held twice, a publisher read (report 006)

TWICE = Path(__file__).parent / "fixtures" / "desk" / "report-006.ttl"


@pytest.fixture(scope="module")
def twice(tmp_path_factory, project):
    """The shared entities with report 006 (tests/fixtures/desk), built (so valid): Alex Twice held one post
    twice, the first time on the public record, the second by the curators' reading; the report's publisher
    is the curators' reading too. (project, Site, the reference engine's graph of the same release)"""
    from kg import engines
    from kg.query.store import open_store
    from kg.reference.build import full_graph

    built = project_of(tmp_path_factory.mktemp("desk-twice"), project, ("shared.ttl",))
    shutil.copy(TWICE, built.root / "data" / TWICE.name)
    engines.build(built)
    return built, Site(built, open_store(built, in_memory=True), static=True, endpoint=None), full_graph(built)


def test_a_post_held_twice_is_marked_only_for_the_time_the_curators_read(twice):
    """A person who held one post twice had both rows of their posts marked "(inferred)" where a marker gave
    only one holding: the page marked a row if any holding of its post was marked, and officials-roles had no
    column to tell the two apart. Each row is now its holding's (officials-roles: columns holding and
    inferred, the same on both engines): the time on the public record bare, the time read marked, on the
    person's page and the organisation's (each time by its period), with the reason in both pages' lists."""
    from kg.reference import query as reference_query
    from kg.sparql.run import answer
    from kg.sparql.saved import load_queries

    built, site, graph = twice
    alex, office = OI["alex-twice"], OI["home-office"]
    marker = OI["r006-inferred-alex-second-time"]
    words = text_of(body(site.page(alex)))  # the table of their posts, as rendered: post, from, to
    assert "Minister for Immigration (test) 11 May 2010 4 September 2012" in words, words
    assert f"Minister for Immigration (test) {MARK} 15 July 2014 14 July 2016" in words, words
    assert words.count(MARK) == 1, words
    assert shown(site, office, alex) == ["Alex Twice (11 May 2010 to 4 September 2012)",
                                         f"Alex Twice (15 July 2014 to 14 July 2016) {MARK}"]
    rows = site.page_model("id/alex-twice")[1]["roles"].rows
    assert [(r[0].text, r[1].text, r[2].text) for r in rows] == [
        ("Minister for Immigration (test)", "11 May 2010", "4 September 2012"),
        (f"Minister for Immigration (test) {MARK}", "15 July 2014", "14 July 2016")]
    for page in (alex, office):
        assert reason(site.graph, marker) in folded_inferences(site.page(page)), page
    saved = load_queries(built.queries_dir)["officials-roles"]
    bindings = saved.bindings({"person": f"<{alex}>"})
    for found in (answer(site.store, saved.text, bindings), reference_query.answer(graph, saved.text, bindings)):
        got = [(str(r["start"]), str(r["holding"]).rsplit("/", 1)[1], str(r.get("inferred") or ""))
               for r in found.records()]
        assert got == [("2010-05-11", "holding-alex-twice-first", ""),
                       ("2014-07-15", "holding-alex-twice-second", "post")], got
    assert holdings_marked(site)[True] >= 2  # every holding of the data, checked as the seed's are


def report_parts(g, report) -> list:
    """What a report's page lists of it: its figures, its statements and its dates of events."""
    return sorted((n for n in g.subjects(OO.inReport, report)
                   if {OO.Figure, OO.DirectQuote, OO.ReportedStatement, OO.EventDate} & set(g.objects(n, RDF.type))),
                  key=str)


def test_a_reports_page_lists_what_the_curators_inferred_of_it_and_of_what_it_lists(site):
    """A report's page marked its figures' values and indicators, its speakers, roles, venues and dates
    "(inferred)" but had no "What the curators inferred": the reasons were on each figure's and statement's
    page alone. Every marker of every report, and of each figure, statement and date of an event the report's
    page lists, is now in that page's list with its reason and, for another's, whose it is; a date the curators
    resolved (oo:dateInferred) too."""
    g, checked = site.graph, 0
    for report in sorted(g.subjects(RDF.type, OO.Report), key=str):
        words = folded_inferences(site.page(report))
        for node in [report, *report_parts(g, report)]:
            markers = list(g.objects(node, OO.inferredValue))
            for marker in markers:
                assert reason(g, marker) in words, (report, node, marker)
                checked += 1
            if markers or str(g.value(node, OO.dateInferred)).lower() == "true" and (node, OO.date, None) in g:
                assert node == report or site.label(node) in words.partition("Inferred for ")[2], (report, node)
    assert checked >= 100, checked


def test_every_mark_on_a_reports_page_has_its_reason_in_its_list(site):
    """Each "(inferred)" in a report's page (above the raw-data fold) comes with the list that says why."""
    for report in sorted(site.graph.subjects(RDF.type, OO.Report), key=str):
        html = site.page(report)
        if MARK in text_of(body(html)):
            assert folded_inferences(html), report


def test_a_reports_page_gives_the_reason_for_its_inferred_date_once_in_its_list(site):
    """A report's page said why the curators read its date twice: in a line under its byline ("Why 2026: ...")
    and again in "What the curators inferred". The byline marks the date; the list alone gives the reason."""
    g, checked = site.graph, 0
    for report in sorted(g.subjects(RDF.type, OO.Report), key=str):
        html = site.page(report)
        for marker in g.objects(report, OO.inferredValue):
            if g.value(marker, OO.inferredProperty) == SCHEMA.datePublished:
                said = reason(g, marker)
                assert said in folded_inferences(html) and said not in text_of(body(html)), (report, said)
                checked += 1
    assert checked >= 1, "no report of the seed data has an inferred date"


def test_a_publisher_the_curators_read_is_marked_on_the_reports_page_with_its_reason(twice, tmp_path, project):
    """Nothing marked a report's publisher: one the curators read (a marker for schema:publisher, the reports
    naming none: oos:ReportShape) is shown "The Times (inferred)" in the report's byline, and its reason in the
    page's list; a publisher with no marker (data that gives schema:publisher) is shown bare beside it."""
    from kg.query.store import open_store

    built, site, _ = twice
    report, marker = OI["r006"], OI["r006-inferred-publisher"]
    assert shown(site, report, OI["the-times"]) == [f"The Times {MARK}"]
    words = folded_inferences(site.page(report))
    assert "Publisher: The Times" in words and reason(site.graph, marker) in words, words
    # the same report where the data also gives a publisher itself: unbuilt (the shapes forbid it), read from
    # the sources
    given = project_of(tmp_path, project, ("shared.ttl",))
    shutil.copy(TWICE, given.root / "data" / TWICE.name)
    (given.root / "data" / "publisher.ttl").write_text(
        "<https://w3id.org/oioo/id/r006> <https://schema.org/publisher> <https://w3id.org/oioo/id/bbc> .\n",
        encoding="utf-8")
    stated = Site(given, open_store(given, in_memory=True), static=True, endpoint=None)
    assert shown(stated, report, OI["bbc"]) == ["BBC"] and shown(stated, report, OI["the-times"]) == [f"The Times {MARK}"]
