"""`kg serve` at its edges: what an error repeats of a long request (a bounded part, cut where the reader
sees it), ?format= on every route that serves RDF or results (as /sparql reads it), and bodies larger than
the server takes (a 413 the client reads, never a reset connection)."""

from __future__ import annotations

import re
import socket
from urllib.parse import urlencode

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from serving import built_project, fetch, kg_server

LONG = "a" * 20000
PHILP = "https://w3id.org/oioo/id/chris-philp"
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
    f"sparql?query=ASK%7B%7D&format={LONG}", f"id/chris-philp?format={LONG}", f"queries/{LONG}/results.csv",
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


# ------------------------------------------------------------------ ?format= wherever RDF or results are served

@pytest.mark.parametrize("name, media, extension", [
    ("ttl", "text/turtle", "ttl"), ("turtle", "text/turtle", "ttl"), ("text/turtle", "text/turtle", "ttl"),
    ("nt", "application/n-triples", "nt"), ("ntriples", "application/n-triples", "nt"),
    ("jsonld", "application/ld+json", "jsonld"), ("json", "application/ld+json", "jsonld"), ("JSON-LD", "application/ld+json", "jsonld"),
])
def test_a_resource_honours_the_format_parameter_over_accept_as_sparql_does(server, name, media, extension):
    """/id/NAME?format=ttl answered the HTML page (the parameter was not read), while /sparql honours it."""
    status, headers, body = fetch(server + f"id/chris-philp?{urlencode({'format': name})}", BROWSER)
    assert status == 200 and headers["content-type"].startswith(media), (headers, body[:200])
    assert headers["content-location"] == f"/id/chris-philp.{extension}" and "Accept" in headers["vary"]
    graph = Graph().parse(data=body.decode("utf-8"), format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[extension])
    assert (URIRef(PHILP), RDF.type, None) in graph
    assert fetch(server + f"id/chris-philp.{extension}")[2] == body  # what its Content-Location answers


def test_format_html_gives_a_resources_page_whatever_accept_says(server):
    status, headers, body = fetch(server + "id/chris-philp?format=html", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/html") and b"Chris Philp" in body


@pytest.mark.parametrize("path, names", [
    ("id/chris-philp", "json, turtle, ttl, n3, nt, ntriples, n-triples, json-ld, jsonld, html"),
    ("id/chris-philp.ttl", "json, turtle, ttl, n3, nt, ntriples, n-triples, json-ld, jsonld, html"),
    ("queries/figures-by-person", "json, xml, csv, tsv, html"),
    ("queries", "json, html"),
    ("ontology", "json, turtle, ttl"), ("ontology/0.1.0", "json, turtle, ttl"), ("dataset", "json, turtle, ttl"),
    (".well-known/void", "json, turtle, ttl"), ("sparql", "json, turtle, ttl"),
    ("sparql?query=ASK%7B%7D", "json, xml, csv, tsv, turtle, ttl, n3, nt, ntriples, n-triples, json-ld, jsonld, rdf+xml"),
])
@pytest.mark.parametrize("value", ["xyz", "rdfxml"])
def test_a_format_no_route_gives_is_a_406_that_lists_the_names_it_takes(server, path, names, value):
    """As /sparql answers ?format=xyz: 406, naming the value and the format names the route takes."""
    if value == "rdfxml" and path.startswith("sparql?"):
        return  # (a query's answer comes as RDF/XML)
    url = server + path + ("&" if "?" in path else "?") + f"format={value}"
    status, headers, body = fetch(url, "*/*")
    assert status == 406 and headers["content-type"].startswith("text/plain"), (status, body[:200])
    assert f"no format '{value}' here; format= takes {names}".encode() in body, body


@pytest.mark.parametrize("name, media", [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                         ("json", "application/sparql-results+json"),
                                         ("xml", "application/sparql-results+xml"), ("html", "text/html"),
                                         ("text/csv", "text/csv")])
def test_a_saved_query_honours_the_format_parameter_and_takes_it_for_no_parameter_of_its_own(server, name, media):
    """/queries/NAME?format=csv was refused as a parameter the query does not have."""
    status, headers, body = fetch(server + f"queries/figures-by-person?person=oi:chris-philp&{urlencode({'format': name})}",
                                  "application/sparql-results+json" if name == "html" else "text/html")
    assert status == 200 and headers["content-type"].startswith(media), (status, body[:300])
    assert b"chris-philp" in body or b"Chris Philp" in body or b"net inflow" in body


@pytest.mark.parametrize("path, media", [("ontology?format=ttl", "text/turtle"), ("ontology/0.1.0?format=nt", "application/n-triples"),
                                         ("dataset?format=nt", "application/n-triples"), ("dataset?format=html", "text/html"),
                                         (".well-known/void?format=jsonld", "application/ld+json"),
                                         ("sparql?format=ttl", "text/turtle"), ("sparql?format=html", "text/html"),
                                         ("queries?format=json", "application/json"), ("queries?format=html", "text/html")])
def test_every_description_honours_the_format_parameter_over_accept(server, path, media):
    accept = "application/ld+json" if media == "text/html" else BROWSER
    status, headers, _ = fetch(server + path, accept)
    assert status == 200 and headers["content-type"].startswith(media) and "Accept" in headers["vary"], (path, headers)


@pytest.mark.parametrize("path", ["id/chris-philp.ttl?format=nt", "ontology.ttl?format=jsonld", "dataset.nt?format=html",
                                  "queries/figures-by-person.csv?format=json"])
def test_a_suffix_and_a_format_parameter_that_disagree_are_a_400_not_one_of_them_silently(server, path):
    status, _, body = fetch(server + path)
    assert status == 400 and b"give one of them" in body, body
    agreeing = path.replace("?format=nt", "?format=ttl").replace("?format=jsonld", "?format=ttl") \
        .replace("?format=html", "?format=nt").replace("?format=json", "?format=csv")
    assert fetch(server + agreeing)[0] == 200


# ------------------------------------------------------------------ bodies larger than the server reads

MAX_BODY = 1 << 20


def post_whole_body_then_read(url: str, size: int, chunked: bool) -> tuple[bytes, OSError | None]:
    """POST `size` bytes to /sparql as a client that sends its whole body before reading (urllib, requests):
    (what it read, the error sending or reading met, if any)."""
    host, port = url.split("//")[1].rstrip("/").split(":")
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    piece, error, answer = b"#" * 65536, None, b""
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            sock.sendall(f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
                         f"{framing}\r\n\r\n".encode())
            for start in range(0, size, len(piece)):
                part = piece[:min(len(piece), size - start)]
                sock.sendall(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
            while chunk := sock.recv(65536):
                answer += chunk
        except OSError as met:
            error = met
    return answer, error


@pytest.mark.parametrize("size", [MAX_BODY + 1, 3 << 20, 20 << 20])
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_the_limit_is_a_413_the_client_reads_never_a_reset(server, size, chunked):
    """A POST of 3 MB was answered 413, and the connection closed with the body unread: the system reset it
    (RST), and a client that sends its whole body before reading met "connection reset" (sending, or reading
    the 413 it had been sent). The server now shuts its side and reads the rest before closing."""
    for attempt in range(4):
        answer, error = post_whole_body_then_read(server, size, chunked)
        assert error is None, (attempt, error, answer[:100])
        assert answer.startswith(b"HTTP/1.1 413 ") and answer.endswith(b"the request body is larger than 1048576 bytes\n"), \
            answer[:300]
    status, _, body = fetch(server + "sparql", data=b"#" * size, headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"larger than 1048576 bytes" in body
    assert fetch(server + "health")[0] == 200


def test_a_body_just_under_the_limit_is_still_read_and_answered(server):
    form = b"query=ASK%7B%7D&padding="
    form += b"x" * (MAX_BODY - len(form))  # (a query is at most 100,000 characters: the rest of the form pads it)
    status, _, body = fetch(server + "sparql", "text/csv", data=form,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and body == b"true\n", body[:200]
