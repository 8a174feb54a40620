"""`kg serve` at its edges: what an error repeats of a long request (a bounded part, cut where the reader
sees it), ?format= on every route that serves RDF or results (as /sparql reads it), and bodies larger than
the server takes (a 413 the client reads, never a reset connection)."""

from __future__ import annotations

import re

import pytest

from serving import built_project, fetch, kg_server

LONG = "a" * 20000
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = built_project(tmp_path_factory)
    log = tmp_path_factory.mktemp("serve-edges") / "serve.log"
    with kg_server(project, log, "--workers", "2") as url:
        yield url


def echoes_a_bounded_part(body: bytes) -> str | None:
    """How long the body says what it repeats was, if it repeats at most 200 characters of it, cut ("…")."""
    text = body.decode("utf-8")
    cut = re.search(r"a{100,200}…(?:'|&#39;)? \(the first 200 of (\d+) characters\)", text)
    return cut[1] if cut and "a" * 201 not in text else None


def test_a_404_for_a_long_path_echoes_a_bounded_part_of_it(server):
    """GET /aaaa... (20,000 a's) answered a 20 KB body repeating the whole path."""
    status, headers, body = fetch(server + LONG)
    assert status == 404 and headers["content-type"].startswith("text/plain")
    assert body.startswith(b"nothing at /aaa") and echoes_a_bounded_part(body) == str(len(LONG) + 1), body[:300]
    assert len(body) < 300


@pytest.mark.parametrize("path", [
    f"id/{LONG}", f"id/{LONG}.ttl", f"browse/{LONG}", f"said/{LONG}", f"queries/{LONG}", f"queries/{LONG}.csv",
    f"dumps/{LONG}", f"ontology/{LONG}", f"id/{LONG}/chart.svg", f"id/{LONG}/table.csv", f"index/{LONG}.csv",
    f"id/chris-philp/{LONG}.csv", f"static/{LONG}", f"pagefind/{LONG}", f"queries/figures-by-person?{LONG}=x",
    f"sparql?query=ASK%7B%7D&format={LONG}", f"queries/{LONG}/results.csv",
])
@pytest.mark.parametrize("accept", ["*/*", BROWSER])
def test_every_route_repeats_a_bounded_part_of_a_long_name_in_its_error(server, path, accept):
    """Each route's error repeated the name, parameter or value it was given whole (no saved query 'aaa...',
    no dump, no version, no table, no result format): text and the HTML error page alike."""
    status, headers, body = fetch(server + path, accept)
    assert status in (400, 404, 406), (status, body[:300])
    assert headers["content-type"].startswith("text/html" if accept == BROWSER else "text/plain")
    assert len(body) < (40000 if accept == BROWSER else 1000), (path, body[:500])  # (a saved query's page: 24 KB)
    assert echoes_a_bounded_part(body) or "a" * 100 not in body.decode("utf-8"), body[:500]


def test_a_parameter_name_that_is_not_utf_8_is_named_in_a_bounded_part(server):
    status, _, body = fetch(server + f"queries/figures-by-person?{LONG}%FF=1")
    assert status == 400 and b"not UTF-8" in body and len(body) < 1000, body[:300]


def test_a_long_charset_of_a_posted_query_is_repeated_cut(server):
    status, _, body = fetch(server + "sparql", data=b"ASK {}",
                            headers={"Content-Type": "application/sparql-query; charset=" + "x" * 300})
    assert status == 415 and b"x" * 40 + "…".encode() in body and b"x" * 41 not in body, body


def test_an_error_page_for_a_deep_path_leads_home_without_a_level_per_segment(server):
    """The HTML 404 of /a/a/a/... (2,000 levels) wrote "../" 2,000 times in each of its links: 100 KB for 4 KB
    asked; deeper than any page of the site, its links start from the server's own path."""
    status, headers, body = fetch(server + "a/" * 2000, BROWSER)
    page = body.decode("utf-8")
    assert status == 404 and "<h1>Page not found</h1>" in page and len(body) < 8000, len(body)
    assert 'href="/search"' in page and "../" not in page
    _, _, shallow = fetch(server + "browse/xyz/more", BROWSER)
    assert 'href="../../search"' in shallow.decode("utf-8")  # a page at a path the site could have keeps relative links


@pytest.mark.parametrize("path", ["xyz", "xyz.html", "a/b/c", "favicon.ico", "browse/xyz"])
def test_an_unknown_path_is_the_sites_404_page_in_a_browser_and_one_line_for_curl(server, path):
    status, headers, body = fetch(server + path, BROWSER)
    assert status == 404 and headers["content-type"].startswith("text/html") and b"<h1>Page not found</h1>" in body
    assert "Accept" in headers.get("vary", "")
    status, headers, body = fetch(server + path, "*/*")
    assert status == 404 and headers["content-type"].startswith("text/plain") and body.count(b"\n") == 1, body
    assert path.encode() in body
