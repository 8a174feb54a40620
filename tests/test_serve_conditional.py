"""`kg serve`'s conditional requests (RFC 9110, 13): a page, a description or a table is the release's, the same for as
long as the server runs, yet none sent a validator, so a client could only ask for it whole again; a failed If-Match
or If-Unmodified-Since on a file was answered 200; a gzipped dump's validators were new at each start (a hostile
read found all three)."""

from __future__ import annotations

import gzip
from urllib.parse import urlencode

import pytest

from serving import built_project, fetch, kg_server
from test_serve_edges import server  # noqa: F401 (a fixture: kg serve on the built release, two workers, for this module)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PAGES = [  # (path, Accept): every kind of answer the release makes, by content negotiation where there is one
    ("", BROWSER), ("browse/people", BROWSER), ("id/chris-philp", BROWSER), ("id/chris-philp", "text/turtle"),
    ("id/chris-philp", "application/ld+json"), ("id/chris-philp", "application/n-triples"), ("id/r000/figures.csv", None),
    ("queries", BROWSER), ("queries/figures-by-person?person=oi:chris-philp", "text/csv"), ("dataset", "text/turtle"),
    ("ontology.ttl", None), ("openapi.json", None),
]
EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT"


@pytest.mark.parametrize("path, accept", PAGES)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_page_answers_304_to_its_own_etag(server, path, accept, method):
    """Its ETag and Last-Modified, and Cache-Control: no-cache (a cache asks again each time: the server may be
    restarted on another release); If-None-Match naming its ETag (in a list, weakly compared), `*`, or If-Modified-Since
    its time, is a 304 with no body and the headers a 304 keeps; another tag, or an earlier time, the whole answer."""
    status, headers, body = fetch(server + path, accept, method=method)
    assert status == 200 and headers.get("etag", "").startswith('"'), (path, status, headers)
    assert headers.get("last-modified") and headers.get("cache-control") == "no-cache", headers
    tag, modified = headers["etag"], headers["last-modified"]
    for asked in ({"If-None-Match": tag}, {"If-None-Match": f'"other", W/{tag}'}, {"If-None-Match": "*"},
                  {"If-Modified-Since": modified}):
        status, answered, body = fetch(server + path, accept, method=method, headers=asked)
        assert (status, body) == (304, b""), (path, asked, status, body[:100])
        assert {k: answered.get(k) for k in ("etag", "vary", "cache-control")} == {
            k: headers.get(k) for k in ("etag", "vary", "cache-control")}, answered
    for asked in ({"If-None-Match": '"other"'}, {"If-None-Match": '"other"', "If-Modified-Since": modified},
                  {"If-Modified-Since": EPOCH}):
        status, answered, body = fetch(server + path, accept, method=method, headers=asked)
        assert status == 200 and answered.get("etag") == tag and (method == "HEAD" or body), (path, asked, status)


def test_each_representation_of_a_page_has_its_own_etag(server):
    """A strong ETag names one representation: HTML, Turtle, its gzip; another's is not a 304 for this one."""
    url = server + "id/chris-philp"
    tags = {accept: fetch(url, accept)[1]["etag"] for accept in (BROWSER, "text/turtle", "application/n-triples")}
    assert len(set(tags.values())) == 3, tags
    status, _, _ = fetch(url, "text/turtle", headers={"If-None-Match": tags[BROWSER]})
    assert status == 200
    status, packed, body = fetch(url, BROWSER, headers={"Accept-Encoding": "gzip"})
    assert packed.get("content-encoding") == "gzip" and b"Chris Philp" in gzip.decompress(body)
    assert packed["etag"] not in tags.values(), packed
    for accept_encoding, holds, answered in (("gzip", packed["etag"], 304), ("gzip", tags[BROWSER], 200),
                                             ("identity", packed["etag"], 200)):
        status, _, _ = fetch(url, BROWSER, headers={"Accept-Encoding": accept_encoding, "If-None-Match": holds})
        assert status == answered, (accept_encoding, holds, status)


def test_a_pages_etag_is_the_same_on_every_request(server):
    """Made of the release and what is asked, not of the time: asked again, the same."""
    for path, accept in PAGES[:4]:
        assert fetch(server + path, accept)[1]["etag"] == fetch(server + path, accept)[1]["etag"], path


@pytest.mark.parametrize("path", ["sparql?" + urlencode({"query": "ASK {}"}), "health", "search/status"])
def test_what_is_made_for_each_request_has_no_validator(server, path):
    """A SPARQL answer depends on the query (the SPARQL Protocol, Fuseki and Oxigraph send none), /health and
    /search/status on the moment: no ETag, and a condition on them is not a 304."""
    status, headers, _ = fetch(server + path, "*/*")
    assert status == 200 and "etag" not in headers and "last-modified" not in headers, headers
    status, _, _ = fetch(server + path, "*/*", headers={"If-None-Match": "*"})
    assert status == 200


@pytest.mark.parametrize("path", ["static/style.css", "dumps/oioo-full.nt", "dumps/oioo-full.nt.gz",
                                  "dumps/manifest.json", "id/chris-philp", "browse/people"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_failed_if_match_is_412_on_static_files(server, path, method):
    """RFC 9110 13.1.1 and 13.1.4: If-Match naming none of its tags (or a weak one: compared strongly), or
    If-Unmodified-Since before its time, is a 412 in the server's words; If-Match naming it, or `*`, the answer (and
    If-Unmodified-Since then ignored); a failed If-Match goes before a matching If-None-Match (13.2.2)."""
    status, headers, _ = fetch(server + path, method=method)
    tag = headers["etag"]
    for asked in ({"If-Match": '"nope"'}, {"If-Match": f"W/{tag}"}, {"If-Unmodified-Since": EPOCH},
                  {"If-Match": '"nope"', "If-None-Match": tag}):
        status, answered, body = fetch(server + path, method=method, headers=asked)
        assert status == 412, (path, asked, status)
        assert method == "HEAD" or b"If-Match or If-Unmodified-Since" in body, body[:200]
    for asked in ({"If-Match": tag}, {"If-Match": f'"nope", {tag}'}, {"If-Match": "*"},
                  {"If-Match": tag, "If-Unmodified-Since": EPOCH}, {"If-Unmodified-Since": headers["last-modified"]}):
        status, _, _ = fetch(server + path, method=method, headers=asked)
        assert status == 200, (path, asked, status)


def test_a_412_is_a_page_to_a_browser(server):
    status, headers, body = fetch(server + "static/style.css", BROWSER, headers={"If-Match": '"nope"'})
    assert status == 412 and headers["content-type"].startswith("text/html") and b"If-Match" in body


def test_a_failed_if_match_on_a_range_is_412_not_206(server):
    status, headers, _ = fetch(server + "dumps/oioo-full.nt", headers={"Range": "bytes=0-9", "If-Match": '"nope"'})
    assert status == 412, (status, headers)
    tag = fetch(server + "dumps/oioo-full.nt", method="HEAD")[1]["etag"]
    status, _, body = fetch(server + "dumps/oioo-full.nt", headers={"Range": "bytes=0-9", "If-Match": tag})
    assert status == 206 and len(body) == 10


def test_a_dumps_etag_survives_a_restart(tmp_path_factory):
    """A gzipped dump is made again in each start's snapshot, and its ETag and Last-Modified were of the copy's
    time: new at each start, the bytes the same, so a client could neither revalidate nor resume (If-Range) it.
    They are of its bytes and of the release now, the same after a restart, and If-Range resumes."""
    project = built_project(tmp_path_factory)
    asked = [("dumps/oioo-full.nt.gz", {}), ("dumps/oioo-full.nt", {"Accept-Encoding": "gzip"}),
             ("dumps/oioo-full.nt", {})]
    said = []
    for start in range(2):
        with kg_server(project, tmp_path_factory.mktemp("restart") / "serve.log") as url:
            said.append([{k: fetch(url + path, headers=headers)[1].get(k) for k in ("etag", "last-modified")}
                         for path, headers in asked])
            if start:
                held = said[0][0]
                status, _, _ = fetch(url + "dumps/oioo-full.nt.gz", headers={"If-None-Match": held["etag"]})
                assert status == 304
                status, _, body = fetch(url + "dumps/oioo-full.nt.gz", headers={"Range": "bytes=10-19",
                                                                                "If-Range": held["etag"]})
                assert status == 206 and len(body) == 10
    assert all(v for answer in said[0] for v in answer.values()), said[0]
    assert said[0] == said[1], said
    assert said[0][0]["etag"] == said[0][1]["etag"] != said[0][2]["etag"]  # (the .gz's bytes, either way asked)
