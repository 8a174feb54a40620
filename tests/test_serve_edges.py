"""`kg serve` at its edges: what an error repeats of a long request (a bounded part, cut where the reader
sees it), ?format= on every route that serves RDF or results (as /sparql reads it), and bodies larger than
the server takes (a 413 the client reads, never a reset connection)."""

from __future__ import annotations

import http.client
import re
import socket
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.web.serve import ROUTES

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



def unfollowed(url: str, accept: str = "*/*") -> tuple[int, str | None, bytes]:
    """(status, Location, body) of a GET of `url`, a redirect not followed (urllib follows them)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={"Accept": accept})
        response = connection.getresponse()
        return response.status, response.getheader("location"), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["dumps", "dumps/"])
def test_dumps_without_a_file_name_redirect_to_the_dataset_pages_list_of_them_keeping_format(server, path):
    """GET /dumps and /dumps/ (no file name) were "nothing at /dumps": a person who trimmed a dump's URL to see the
    others met a 404. They now redirect to /dataset#dumps, whose table lists each dump, the query string kept, so that
    format= is honoured as /dataset honours it."""
    status, location, _ = unfollowed(server + path, BROWSER)
    assert status == 302 and urljoin(server + path, location) == server + "dataset#dumps", location
    status, headers, body = fetch(server + path, BROWSER)
    assert status == 200 and headers["content-type"].startswith("text/html") and b'id="dumps"' in body
    assert b'href="dumps/oioo-full.nt"' in body, body[:300]
    status, location, _ = unfollowed(server + path + "?format=ttl")
    assert status == 302 and urljoin(server + path, location) == server + "dataset?format=ttl#dumps", location
    status, headers, body = fetch(server + path + "?format=ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle") and b"dcat:distribution" in body
    status, headers, body = fetch(server + path + "?format=xyz")
    assert status == 406 and body.startswith(b"not acceptable: no format 'xyz' here"), body


@pytest.mark.parametrize("path, target", [
    ("browse/people/", "browse/people"), ("id/chris-philp/", "id/chris-philp"), ("queries/", "queries"),
    ("sparql/?query=ASK%7B%7D", "sparql?query=ASK%7B%7D"), ("ontology/0.1.0/", "ontology/0.1.0"),
    ("id/zo%C3%AB-martin/", "id/zo%C3%AB-martin"), ("index/reports.csv/", "index/reports.csv"),
])
def test_a_trailing_slash_on_a_path_the_server_answers_redirects_to_it(server, path, target):
    """/browse/people/ and /id/chris-philp/ were "nothing at ..." (404): the catch-all route (/ontology.ttl and the
    like) took every path, so Starlette's own redirect of a trailing slash never ran. A path that another route
    answers without its one trailing slash is now a 301 to it (relative, its query string kept)."""
    status, location, _ = unfollowed(server + path)
    assert status == 301 and urljoin(server + path, location) == server + target, (status, location)


@pytest.mark.parametrize("path", ["id/Yvette-Cooper", "id/YVETTE-COOPER", "id/Yvette%20Cooper", "id/Yvette_Cooper.ttl"])
def test_a_wrong_case_permalink_suggests_the_resource_with_404(server, path):
    """/id/Yvette-Cooper, a permalink typed with capitals (or spaces, or underscores), answered a bare 404 "no
    resource": the reader could not tell the page was at /id/yvette-cooper. The 404 stays a 404 (a guess is never
    a redirect) and names it: linked under its label on the page, after "did you mean" in the text."""
    status, location, body = unfollowed(server + path, BROWSER)
    page = body.decode("utf-8")
    assert status == 404 and location is None, (status, location)
    assert "Did you mean" in page and '<a href="../id/yvette-cooper">Yvette Cooper</a>' in page, page[-3000:]
    status, _, body = fetch(server + path, "*/*")  # (a description's client is a program: told what is not there)
    said = "in this dataset" + ("\n" if path.endswith(".ttl") else "; did you mean /id/yvette-cooper (Yvette Cooper)?\n")
    assert status == 404 and body.decode("utf-8").endswith(said), body


@pytest.mark.parametrize("path, meant", [
    ("id/yvete-cooper", "yvette-cooper"), ("id/chris-phlip", "chris-philp"), ("id/shabana-mahmod", "shabana-mahmood"),
    ("id/r000-fig-net-inflow-70-phlip", "r000-fig-net-inflow-70-philp"),
])
def test_a_permalink_one_letter_off_suggests_the_resources_it_is_near_with_404(server, path, meant):
    """A permalink with a letter dropped, added or changed answered a bare 404; the 404 page now lists the
    resources whose names are closest, the one meant first."""
    status, location, body = unfollowed(server + path, BROWSER)
    links = re.findall(r'<li><a href="\.\./id/([^"]+)">', body.decode("utf-8"))
    assert status == 404 and location is None and links[:1] == [meant], (status, links)


def test_a_permalink_like_no_resource_suggests_none(server):
    status, _, body = fetch(server + "id/qqqqzzzz-xxxx", BROWSER)
    assert status == 404 and b"Did you mean" not in body
    status, _, body = fetch(server + "id/qqqqzzzz-xxxx", "*/*")
    assert status == 404 and b"did you mean" not in body


@pytest.mark.parametrize("path, target, status", [
    ("browse/", "browse", 301), ("id", "browse", 301), ("id/", "browse", 301), ("id?format=html", "browse?format=html", 301),
])
def test_the_bare_folders_browse_and_id_lead_to_the_index_of_the_lists(server, path, target, status):
    """/browse, /browse/, /id and /id/ were "nothing at ..." (404): a reader who cut a shared link back to its folder
    met a dead end. /browse is the index of the lists (each kind of thing, with how many, linked to its list);
    /browse/ is redirected there as every path of the table with a trailing slash is, and /id and /id/ (the
    folder of every permalink, which has no page of its own) in one step, never through /id."""
    got, location, _ = unfollowed(server + path)
    assert got == status and urljoin(server + path, location) == server + target, (got, location)
    answered, headers, body = fetch(server + path, BROWSER)
    page = body.decode("utf-8")
    assert answered == 200 and headers["content-type"].startswith("text/html"), (answered, page[:300])
    assert "<h1>Browse everything</h1>" in page
    for kind, heading in (("people", "People"), ("reports", "Reports"), ("figures", "Figures")):
        count = re.search(rf'<a href="browse/{kind}">{heading}</a> <span class="n">(\d+)</span>', page)
        assert count and int(count[1]) > 0, (kind, page[:2000])
        assert fetch(server + f"browse/{kind}")[0] == 200


@pytest.mark.parametrize("path", ["a/b/c/", "browse/people//", "static/", "pagefind/", "xyz/"])
def test_a_trailing_slash_on_a_path_nothing_answers_is_still_a_404(server, path):
    status, location, body = unfollowed(server + path)
    assert status == 404 and location is None and body.startswith(b"nothing at /"), (status, location, body)


@pytest.mark.parametrize("path", ["id/chris-philp%2F", "queries/who-said-what%2F", "browse/people%2f"])
def test_an_encoded_slash_at_the_end_of_a_path_is_no_trailing_slash_and_a_404(server, path):
    """/id/chris-philp%2F was redirected to ../chris-philp as if it ended with a slash; a browser resolves that against
    the path as sent, whose last segment is chris-philp%2F, and landed on /chris-philp, a 404."""
    status, location, body = unfollowed(server + path)
    assert status == 404 and location is None and body.startswith(b"nothing at /"), (status, location, body)


@pytest.mark.parametrize("path", ["static/style.css/", "static/style.css%2F"])
def test_a_file_asked_with_a_trailing_slash_is_a_404_as_any_path_outside_the_table(server, path):
    """/static/style.css/ answered the stylesheet: docs/publishing.md says a path outside the routes' table with a
    trailing slash is a 404."""
    status, location, body = unfollowed(server + path)
    assert status == 404 and location is None and body.startswith(b"nothing at /"), (status, location, body)
    assert fetch(server + "static/style.css")[0] == 200

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
    ("dumps/oioo-full.nt", "json, turtle, ttl, n3, nt, ntriples, n-triples, json-ld, jsonld"),
    ("dumps/oioo-full.ttl.gz", "json, turtle, ttl, n3, nt, ntriples, n-triples, json-ld, jsonld"),
    ("id/chris-philp/figures.csv", "csv (or its media type)"), ("index/reports.csv", "csv (or its media type)"),
    ("queries/figures-by-person/results.csv?person=oi:chris-philp", "csv (or its media type)"),
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


# ------------------------------------------------------------------ dumps and tables of pages

@pytest.mark.parametrize("path, value, media", [
    ("dumps/oioo-full.nt", "nt", "application/n-triples"), ("dumps/oioo-full.nt", "ntriples", "application/n-triples"),
    ("dumps/oioo-full.nt", "application/n-triples", "application/n-triples"),
    ("dumps/oioo-full.ttl", "turtle", "text/turtle"), ("dumps/oioo-full.jsonld", "json", "application/ld+json"),
    ("dumps/oioo-full.nt.gz", "nt", "application/gzip"), ("dumps/manifest.json", "json", "application/json"),
])
def test_a_dump_honours_a_format_parameter_naming_its_own_format(server, path, value, media):
    status, headers, body = fetch(server + f"{path}?{urlencode({'format': value})}")
    assert status == 200 and headers["content-type"].startswith(media), (status, body[:200])
    assert body == fetch(server + path)[2]


@pytest.mark.parametrize("path, value, said", [
    ("dumps/oioo-full.nt", "turtle", "(/dumps/oioo-full.ttl is the same graph in turtle)"),
    ("dumps/oioo-full.nt", "json", "(/dumps/oioo-full.jsonld is the same graph in json-ld)"),
    ("dumps/oioo-full.ttl.gz", "nt", "(/dumps/oioo-full.nt.gz is the same graph in nt)"),
    ("dumps/checks.ttl", "nt", "(no dump of checks comes in nt: see /dataset)"),
    ("dumps/manifest.json", "ttl", "(no dump of manifest.json comes in turtle: see /dataset)"),
])
def test_a_dump_asked_for_in_another_format_is_a_400_naming_the_dump_that_has_it(server, path, value, said):
    """/dumps/oioo-full.nt?format=turtle answered N-Triples silently (format= was not read)."""
    status, headers, body = fetch(server + f"{path}?format={value}", "*/*")
    assert status == 400 and headers["content-type"].startswith("text/plain"), (status, body[:200])
    assert b"give one of them " + said.encode() in body and body.count(b"\n") == 1, body


@pytest.mark.parametrize("path", ["dumps/oioo-full.nt", "dumps/oioo-full.nt.gz", "dumps/manifest.json", "static/style.css"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_file_the_client_already_holds_is_a_304_with_no_body(server, path, method):
    """A dump sent its ETag and Last-Modified, yet If-None-Match or If-Modified-Since naming them got the whole file
    again (200, 1.9 MB at the seed): /static answered 304, /dumps did not (RFC 9110 13.1.1, 13.1.3)."""
    status, headers, body = fetch(server + path, method=method)
    assert status == 200 and headers.get("etag") and headers.get("last-modified"), (status, headers)
    tag, modified = headers["etag"], headers["last-modified"]
    for asked in ({"If-None-Match": tag}, {"If-None-Match": f'"other", W/{tag}'}, {"If-None-Match": "*"},
                  {"If-Modified-Since": modified}):
        status, answered, body = fetch(server + path, method=method, headers=asked)
        assert (status, body) == (304, b""), (asked, status, body[:100])
        assert answered.get("etag") == tag, answered
    for asked in ({"If-None-Match": '"other"'}, {"If-None-Match": '"other"', "If-Modified-Since": modified},
                  {"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"}, {"If-Modified-Since": "not a date"}):
        status, _, body = fetch(server + path, method=method, headers=asked)
        assert status == 200 and (method == "HEAD" or body), (asked, status)


@pytest.mark.parametrize("path", ["dumps/oioo-full.nt", "static/style.css"])
@pytest.mark.parametrize("asked", ["items=0-5", "bytes=5-1", "bytes=abc", "bytes=", "bytes=0-1,9-2"])
def test_a_range_the_server_cannot_read_is_ignored_and_the_whole_file_answered(server, path, asked):
    """Range: items=0-5 (which a server MUST ignore, RFC 9110 14.2), bytes=5-1 or bytes=abc were a 400 in Starlette's
    words ("Only support bytes range", "Range header: start must be less than end"), no line of the server's."""
    whole = fetch(server + path)
    status, headers, body = fetch(server + path, headers={"Range": asked})
    assert status == 200 and body == whole[2] and "content-range" not in headers, (status, body[:200])


@pytest.mark.parametrize("path", ["dumps/oioo-full.nt", "static/style.css"])
@pytest.mark.parametrize("asked", ["bytes=99999999-", "bytes=-0", "bytes=" + "9" * 400 + "-"])
def test_a_range_past_the_end_of_a_file_is_a_416_that_says_how_long_the_file_is(server, path, asked):
    """A range past the end of a dump was a 416 with an empty body: it now says what was asked (a bounded part of
    it), how long the file is and what to do, and keeps the Content-Range RFC 9110 asks of a 416."""
    size = len(fetch(server + path)[2])
    status, headers, body = fetch(server + path, headers={"Range": asked})
    assert status == 416 and headers["content-range"] == f"bytes */{size}", (status, headers)
    text = readable(body)
    assert text.startswith("the range asked for (Range: bytes=") and f"which is {size} bytes long" in text, text
    assert f"ask for bytes from 0 to {size - 1}, or leave Range out" in text and "9" * 101 not in text, text
    status, _, body = fetch(server + path, headers={"Range": "bytes=2-5"})
    assert status == 206 and body == fetch(server + path)[2][2:6]


@pytest.mark.parametrize("path", ["id/chris-philp/figures.csv", "index/reports.csv",
                                  "queries/figures-by-person/results.csv?person=oi:chris-philp"])
@pytest.mark.parametrize("value", ["csv", "text/csv"])
def test_a_table_of_a_page_takes_format_csv_as_the_csv_it_is(server, path, value):
    """A saved query's results.csv refused format=csv as a parameter the query lacks (400), and the other tables
    ignored format= whatever it said."""
    status, headers, body = fetch(server + path + ("&" if "?" in path else "?") + urlencode({"format": value}))
    assert status == 200 and headers["content-type"].startswith("text/csv"), (status, body[:300])
    assert body == fetch(server + path)[2] and body.count(b"\n") > 1


def test_a_table_of_a_page_that_is_not_there_is_a_404_whatever_format_asks(server):
    status, _, body = fetch(server + "id/chris-philp/nothing.csv?format=tsv", "*/*")
    assert status == 404 and b"no table 'nothing'" in body, body


# ------------------------------------------------------------------ every route, from the routing table

# A request of each GET route of kg.web.serve.ROUTES (a route added there has none: the sweep says so)
EXAMPLES = {
    "/": ["/"], "/index.html": ["/index.html"],
    "/sparql": ["/sparql", "/sparql?query=ASK%7B%7D", "/sparql?query=" + quote("CONSTRUCT WHERE { ?s a ?o } LIMIT 1")],
    "/queries": ["/queries"], "/queries/{name}": ["/queries/figures-by-person?person=oi:chris-philp"],
    "/openapi.json": ["/openapi.json"], "/id/{name}": ["/id/chris-philp"],
    "/id/{name}/chart.svg": ["/id/ind-net-inflow/chart.svg"],
    "/{kind:str}/{name}/{table}.csv": ["/id/chris-philp/figures.csv",
                                       "/queries/figures-by-person/results.csv?person=oi:chris-philp"],
    "/index/{table}.csv": ["/index/reports.csv"], "/browse/{name}": ["/browse/people"],
    "/said/{name}": ["/said/shabana-mahmood-2"], "/search": ["/search"], "/search.html": ["/search.html"],
    "/search/status": ["/search/status"], "/pagefind": ["/pagefind/pagefind.js"], "/ontology": ["/ontology"],
    "/ontology/{version}": ["/ontology/0.1.0"], "/dataset": ["/dataset"], "/.well-known/void": ["/.well-known/void"],
    "/dumps": ["/dumps"], "/dumps/": ["/dumps/"], "/id": ["/id"], "/id/": ["/id/"], "/browse": ["/browse"],
    "/dumps/{name}": ["/dumps/oioo-full.nt", "/dumps/oioo-full.ttl", "/dumps/oioo-full.jsonld.gz", "/dumps/manifest.json"],
    "/health": ["/health"], "/static": ["/static/style.css"],
    "/{name:path}": ["/ontology.ttl", "/ontology.nt", "/dataset.jsonld", "/dataset.html"],
}
GET_ROUTES = [route for route in ROUTES if "GET" in route.methods]
# the media types a format name (or a file's extension) is answered in
MEDIA = {"json": ("application/json", "application/sparql-results+json", "application/ld+json"),
         "xml": ("application/sparql-results+xml", "application/rdf+xml"), "csv": ("text/csv",),
         "tsv": ("text/tab-separated-values",), "turtle": ("text/turtle",), "ttl": ("text/turtle",),
         "n3": ("text/turtle",), "nt": ("application/n-triples",), "ntriples": ("application/n-triples",),
         "n-triples": ("application/n-triples",), "json-ld": ("application/ld+json",),
         "jsonld": ("application/ld+json",), "rdf+xml": ("application/rdf+xml",), "rdfxml": ("application/rdf+xml",),
         "rdf": ("application/rdf+xml",), "nq": ("application/n-quads",), "nquads": ("application/n-quads",),
         "n-quads": ("application/n-quads",), "trig": ("application/trig",), "html": ("text/html",),
         "svg": ("image/svg+xml",), "css": ("text/css",), "js": ("text/javascript",)}


def with_parameter(path: str, name: str, value: str) -> str:
    return path + ("&" if "?" in path else "?") + urlencode({name: value})


def readable(body: bytes) -> str:
    """The one line of a text error, or the failure: never a traceback, never an empty body."""
    text = body.decode("utf-8")
    assert text.endswith("\n") and text.count("\n") == 1 and 20 < len(text) < 2500 and "Traceback" not in text, text[:500]
    return text


def test_every_get_route_of_the_routing_table_has_an_example_to_ask():
    assert set(EXAMPLES) == {route.path for route in GET_ROUTES}, set(EXAMPLES) ^ {route.path for route in GET_ROUTES}


@pytest.mark.parametrize("route", GET_ROUTES, ids=[route.path for route in GET_ROUTES])
def test_every_get_route_honours_format_or_refuses_it_with_a_readable_400_or_406(server, route):
    """/dumps/FILE and the pages, charts, JSON and files answered whatever format= said as if it were not there,
    and results.csv refused format=csv: each route now answers a format= naming what it serves in that format,
    refuses one it lacks (406, listing the names it takes), and one its path's suffix contradicts (400)."""
    honoured, named = set(), set()
    for example in EXAMPLES[route.path]:
        status, headers, body = fetch(server + with_parameter(example, "format", "xyz").lstrip("/"), "*/*")
        assert status == 406 and headers["content-type"].startswith("text/plain"), (example, status, body[:300])
        message = readable(body)
        assert message.startswith("not acceptable: no format 'xyz' here; format= takes "), message
        takes = re.search(r"format= takes (.+?) \(or (?:its media type, (\S+)\)|its media type|their media types)", message)
        names = takes[1].split(", ") + ([takes[2]] if takes[2] else [])
        named.update(names)
        for name in names:
            status, headers, body = fetch(server + with_parameter(example, "format", name).lstrip("/"), "*/*")
            if status == 200:
                media = headers["content-type"].split(";")[0]
                assert media in MEDIA.get(name, (name,)) or example.endswith(".gz"), (example, name, media)
                honoured.add(name)
            else:  # the path's suffix says another (400), or the query's type comes in another (/sparql, 406)
                assert status in (400, 406), (example, name, status, body[:300])
                assert b"give one of them" in body or b"result comes as" in body, (example, name, readable(body))
                readable(body)
    assert honoured == named, (route.path, "named but never answered in:", named - honoured)


def long_requests(route) -> list[str]:
    """Requests of `route` repeating a long text: each of its path's parameters, a format= and every value of its
    examples' query strings (450 characters: a name a query's parameter looks up, under the 500 it takes)."""
    path = route.path + ("/{file}" if route.mount else "")
    requests = [re.sub(r"\{[^}]+\}", LONG, path)] if "{" in path else []
    for example in EXAMPLES[route.path]:
        requests.append(with_parameter(example, "format", LONG))
        if "?" in example:
            stem, _, query = example.partition("?")
            requests.append(stem + "?" + "&".join(f"{pair.split('=')[0]}={'a' * 450}" for pair in query.split("&")))
    return requests


@pytest.mark.parametrize("route", GET_ROUTES, ids=[route.path for route in GET_ROUTES])
@pytest.mark.parametrize("accept", ["*/*", BROWSER])
def test_no_error_of_any_get_route_repeats_more_than_the_bound_of_what_it_was_sent(server, route, accept):
    """Every error answer (text or its HTML page) repeats at most 200 characters of a long path, parameter or value
    it was sent, cut and saying how long it was (a page's form keeps the value typed, to be corrected)."""
    for request in long_requests(route):
        status, headers, body = fetch(server + request.lstrip("/"), accept)
        assert status >= 400, (request[:100], status)
        text = body.decode("utf-8")
        if accept == BROWSER and headers["content-type"].startswith("text/html"):
            # the form as it was filled in, and the query editor's (YASGUI's, where fetched) query, to be corrected
            text = re.sub(r'value="[^"]*"|data-query="[^"]*"|<textarea[^>]*>[^<]*</textarea>', "", text)
        else:
            readable(body)
        assert "a" * 201 not in text, (request[:100], status, text[:600])


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
    assert status == 200 and body == b"true\r\n", body[:200]


@pytest.mark.parametrize("query, accept, sent", [
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "application/*", "application/n-triples"),
    ("DESCRIBE <https://w3id.org/oioo/id/chris-philp>", "text/turtle;q=0, */*", "application/n-triples")])
def test_a_result_comes_in_a_media_type_the_accept_header_takes_never_one_it_refused(server, query, accept, sent):
    """Found by a hostile read against the SPARQL 1.1 Protocol: "application/sparql-results+json;q=0, */*" (JSON
    refused) was answered in SPARQL JSON, taken by its other name application/json through */*; "application/*"
    for a CONSTRUCT was answered in Turtle (text/turtle), taken by application/x-turtle, and "text/turtle;q=0,
    */*" in Turtle too. A format's other names count only where the header names them."""
    status, headers, body = fetch(server + "sparql?" + urlencode({"query": query}), accept)
    assert status == 200 and headers["content-type"].split(";")[0] == sent, (headers, body[:200])


@pytest.mark.parametrize("header", ["text/csv;q=abc", "text/csv;q=", "text/csv; q=1.0.0", "text/csv;q=2",
                                    "text/csv;q=nan", "text/csv;q=NaN", "text/csv;q=-inf", "text/csv;q=1_0"])
def test_an_accept_weight_that_is_no_number_leaves_its_type_acceptable(header):
    """Accept: text/csv;q=abc was a 406 whose message listed CSV among the formats offered: the unreadable weight
    had made the type unacceptable (found by a hostile read). It is left out, as an unreadable parameter is;
    so are the words Python's float() reads as numbers, "nan" (a 406 again: found by the next hostile read)."""
    from kg.web.serve import negotiate, result_formats

    assert negotiate(header, ["application/sparql-results+json", "text/csv"]) == "text/csv"
    assert result_formats(header)[:1] == ["csv"], result_formats(header)


@pytest.mark.parametrize("path, filename", [("browse/people/people.csv", "people.csv"),
                                            ("id/chris-philp/posts.csv", "chris-philp-posts.csv")])
def test_a_tables_csv_downloads_under_a_name_that_says_it_once(server, path, filename):
    """/browse/people/people.csv downloaded as people-people.csv (found by a hostile read of the desk)."""
    status, headers, _ = fetch(server + path)
    assert status == 200 and f'filename="{filename}"' in headers.get("content-disposition", ""), headers


def test_a_large_answer_comes_gzipped_to_a_client_that_accepts_it_and_plain_to_one_that_does_not(server):
    """Found by a hostile probe: a 121 KB JSON result came uncompressed to a client that sent Accept-Encoding:
    gzip. A page or an answer of 1 KiB or more is gzipped for it (HEAD alike); a client that asks for no coding,
    or refuses gzip (q=0), gets it plain, as before; both say Vary: Accept-Encoding."""
    import gzip

    url = server + "sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 2000"})
    json = "application/sparql-results+json"
    status, plain_headers, plain = fetch(url, json)
    assert status == 200 and "content-encoding" not in plain_headers and len(plain) > 50_000
    status, headers, packed = fetch(url, json, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers.get("content-encoding") == "gzip", headers
    assert int(headers["content-length"]) == len(packed) < len(plain) // 4
    assert gzip.decompress(packed) == plain
    assert headers["content-type"] == plain_headers["content-type"]
    for said in (headers, plain_headers):
        assert "accept-encoding" in said.get("vary", "").lower() and "accept" in said["vary"].lower(), said
    status, head, body = fetch(url, json, method="HEAD", headers={"Accept-Encoding": "gzip"})
    assert (status, body, head.get("content-encoding"), head.get("content-length")) == (200, b"", "gzip", headers["content-length"])
    for refusing in ("gzip;q=0", "identity", "br"):
        status, said, body = fetch(url, json, headers={"Accept-Encoding": refusing})
        assert "content-encoding" not in said and body == plain, refusing
    status, said, body = fetch(server + "id/chris-philp", "text/html", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and said.get("content-encoding") == "gzip" and b"Chris Philp" in gzip.decompress(body)
    status, said, body = fetch(server + "sparql?" + urlencode({"query": "ASK {}"}), json, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and "content-encoding" not in said and b"true" in body  # (too small to gain from it)


@pytest.mark.parametrize("path", ["static/style.css", "static/desk.js", "dumps/manifest.json"])
def test_a_file_comes_as_it_is_to_a_client_that_accepts_gzip_get_and_head_alike(server, path):
    """Found by a hostile read: a file of 1 KiB to 64 KiB (style.css, desk.js, a dump's manifest: FileResponse sends
    it in one part) came gzipped to a GET with Accept-Encoding: gzip, without its ETag, yet as it is to a HEAD (its
    own length, its ETag, no Content-Encoding), and as it is to a GET without gzip, there not saying Vary:
    Accept-Encoding; its Accept-Ranges and Last-Modified stayed on the gzip, while a Range is answered from the
    file's own bytes. A file comes as it is (docs/publishing.md), its ETag a client may revalidate with (304)."""
    url = server + path
    status, plain_headers, plain = fetch(url)
    assert status == 200 and plain_headers.get("etag")
    status, headers, body = fetch(url, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and body == plain and "content-encoding" not in headers, headers
    assert headers.get("etag") == plain_headers["etag"] and headers["content-length"] == str(len(plain))
    status, head, body = fetch(url, method="HEAD", headers={"Accept-Encoding": "gzip"})
    assert (status, body) == (200, b"")
    assert {k: head.get(k) for k in ("content-length", "content-encoding", "etag")} == {
        k: headers.get(k) for k in ("content-length", "content-encoding", "etag")}
    status, _, _ = fetch(url, headers={"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})
    assert status == 304


@pytest.mark.parametrize("size, off_the_loop", [(2_000, False), (3 * 2**20, True)])
def test_a_large_answer_is_gzipped_off_the_event_loop(monkeypatch, size, off_the_loop):
    """gzip of a large answer (a few MB of results: tens of milliseconds) ran on the event loop, where every other
    client's request waited for it; it runs in a worker thread now, a small one still on the loop."""
    import asyncio
    import gzip
    import threading

    from kg.web import serve

    threads = []
    real = serve.gzipped
    monkeypatch.setattr(serve, "gzipped", lambda body: threads.append(threading.get_ident()) or real(body))
    body = b"".join(b'{"s": "https://example.org/id/%d"}\n' % i for i in range(size // 30 + 1))[:size]

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    sent = []

    async def send(message):
        sent.append(message)

    async def exchange():
        scope = {"type": "http", "headers": [(b"accept-encoding", b"gzip")]}
        await serve.Compressed(app)(scope, None, send)
        return threading.get_ident()

    loop_thread = asyncio.run(exchange())
    assert gzip.decompress(sent[1]["body"]) == body and dict(sent[0]["headers"])[b"content-encoding"] == b"gzip"
    assert len(threads) == 1 and (threads[0] != loop_thread) == off_the_loop


def test_a_dump_comes_as_its_gzipped_copy_to_a_client_that_accepts_gzip(server):
    """Found by a hostile probe: /dumps/oioo-full.nt (1.9 MB) came uncompressed with Accept-Encoding: gzip, though
    its .gz is served beside it. The .gz's bytes come, as N-Triples with Content-Encoding: gzip (HEAD alike)."""
    import gzip

    status, plain_headers, plain = fetch(server + "dumps/oioo-full.nt")
    assert status == 200 and "content-encoding" not in plain_headers
    status, headers, packed = fetch(server + "dumps/oioo-full.nt", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip", headers
    assert headers["content-type"] == plain_headers["content-type"] and "accept-encoding" in headers.get("vary", "").lower()
    assert gzip.decompress(packed) == plain and int(headers["content-length"]) == len(packed)
    assert packed == fetch(server + "dumps/oioo-full.nt.gz")[2]
    assert headers.get("etag") != plain_headers.get("etag")
    status, head, body = fetch(server + "dumps/oioo-full.nt", method="HEAD", headers={"Accept-Encoding": "gzip"})
    assert (status, body, head.get("content-encoding"), head.get("content-length")) == (200, b"", "gzip", headers["content-length"])
    assert "accept-encoding" in plain_headers.get("vary", "").lower()
