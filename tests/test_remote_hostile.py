"""`kg query --endpoint` and `kg push` against a hostile or broken endpoint: a loopback HTTP server of the
test's own answers kg's requests badly (wrong shapes, sizes, slowness, redirects, errors), and kg says
what is wrong in one line, exit 2, within its deadline, never reading more than it may, never printing
a password or a terminal escape, never going where it was not sent."""

from __future__ import annotations

import base64
import datetime
import email.message
import email.utils
import gzip
import http.server
import json
import threading
import time
import urllib.error
import zlib
from urllib.parse import parse_qs

import pytest

import kg.query.remote as remote
from kg.core.errors import KGError
from kg.query.remote import http_request

GOOD = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "hi"}}]}}
JSON = "application/sparql-results+json"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status: int, body: bytes, media: str = JSON, headers: dict | None = None) -> None:
        self.send_response(status)
        if media:
            self.send_header("Content-Type", media)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        try:
            self.server.behaviour(self)
        except OSError:  # kg hung up, as it should have
            self.close_connection = True

    do_PUT = do_GET = do_POST


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.stopping = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.stopping.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def endpoint(server):
    """(URL, set(behaviour)): the server's query URL and a way to say how it answers; its requests are in
    server.requests."""
    server.requests = []

    def answering(behaviour):
        server.behaviour = behaviour

    answering(lambda h: h.answer(200, json.dumps(GOOD).encode()))
    return f"http://127.0.0.1:{server.server_address[1]}/query", answering


def said(result) -> str:
    """The one line kg said, checked to be one: exit 2, no traceback, no internal error."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def query(kg, project, url, *more):
    return kg("query", "agreements", "--format", "csv", "--endpoint", url, *more, project=project)


# ------------------------------------------------------------------ answers that are not what they say

@pytest.mark.parametrize("body, says", [
    ({"head": {}}, "must contain a 'boolean' or a 'results' key"),
    ({}, "must contain a 'boolean' or a 'results' key"),
    ([], "must be an object"),
    ({"head": {"vars": "xy"}, "results": {"bindings": []}}, "vars must be an array"),
    ({"head": {"vars": ["x\u001b[2J"]}, "results": {"bindings": []}}, "Invalid variable name 'x\\x1b[2J'"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": {"x": 1}}}, "bindings must be an array"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [1]}}, "Expecting a new solution object"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "weird", "value": "a"}}]}}, "Unexpected term type: 'weird'"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}, "must have a 'value' key"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": {"a": 1}}}]}}, "Unsupported value key"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1", "datatype": "not an iri"}}]}},
     "Invalid datatype"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "a b"}}]}}, "Invalid uri value"),
    ({"head": {"vars": ["x"]}, "results": {"bindings": [{"y": {"type": "uri", "value": "urn:b"}}]}}, "variable y has not been defined"),
    ({"head": {}, "boolean": "false"}, "Unexpected boolean value"),
])
def test_json_of_the_wrong_shape_is_said_to_be_no_sparql_results_not_an_internal_error(kg, project, endpoint, body, says):
    """{"head": {}}, bindings that are no list, a value of an unknown type were internal errors (rdflib's
    reader); "vars": "xy" was read as two variables, a value {"a": 1} as the text "{'a': 1}", a datatype
    "not an iri" kept, and "boolean": "false" read as true."""
    url, answering = endpoint
    answering(lambda h: h.answer(200, json.dumps(body).encode()))
    line = said(query(kg, project, url))
    assert "sent results that are not SPARQL JSON" in line and says in line, line


@pytest.mark.parametrize("body, says", [
    (b"<html><body>Please log in</body></html>", "it begins '<html><body>Please log in</body></html>'"),
    (json.dumps(GOOD).encode()[:30], "Unexpected end of file"),
    (b'{"a":' * 100_000, "Max stack size"),
    (b"", "it begins empty"),
])
def test_an_answer_that_is_no_json_says_how_it_begins(kg, project, endpoint, body, says):
    url, answering = endpoint
    answering(lambda h: h.answer(200, body))
    line = said(query(kg, project, url))
    assert "not SPARQL JSON" in line and says in line, line


def test_an_endpoint_that_answers_kgs_name_queries_in_another_shape_is_said_not_an_internal_error(kg, project, endpoint):
    """`-p person="Chris Philp"` on an endpoint whose answer lacked the columns kg asked for was an internal
    error (unpacking the rows), and an IRI parameter checked with ASK took a SELECT answer for false."""
    url, answering = endpoint
    by_name = said(kg("query", "figures-by-person", "-p", "person=Chris Philp", "--endpoint", url, project=project))
    assert "answered the query kg sends to read a name (a SELECT of member, label, class, alternative) with the columns x" in by_name
    by_iri = said(kg("query", "figures-by-person", "-p", "person=oi:chris-philp", "--endpoint", url, project=project))
    assert "(an ASK query) with a SELECT answer" in by_iri


def test_names_are_read_from_an_endpoint_that_sends_the_columns_in_another_order(kg, project, endpoint, server):
    """The columns of kg's name query were read by position: an endpoint that sent them in another order
    (JSON results name each value) gave a label for a member."""
    url, answering = endpoint
    philp = {"member": {"type": "uri", "value": "https://w3id.org/oioo/id/chris-philp"},
             "label": {"type": "literal", "value": "Chris Philp"},
             "class": {"type": "uri", "value": "https://w3id.org/oioo/ontology#Person"}}

    def behaviour(h):
        if b"member" in h.server.requests[-1][3]:
            h.answer(200, json.dumps({"head": {"vars": ["alternative", "class", "label", "member"]},
                                      "results": {"bindings": [philp]}}).encode())
        else:  # the saved query itself
            h.answer(200, json.dumps({"head": {"vars": ["person"]}, "results": {"bindings": []}}).encode())

    answering(behaviour)
    result = kg("query", "figures-by-person", "-p", "person=Chris Philp", "--endpoint", url, project=project)
    assert result.exit_code == 0, result.output
    sent = parse_qs(server.requests[-1][3].decode())["query"][0]
    assert "VALUES (?_person_iri) { (<https://w3id.org/oioo/id/chris-philp>) }" in sent, sent


def test_a_value_with_terminal_escapes_is_shown_escaped_in_a_table(kg, project, endpoint):
    """An endpoint's value "a\\x1b[31mred" wrote the escape to the terminal as `kg query`'s table."""
    url, answering = endpoint
    value = {"type": "literal", "value": "a\u001b[31mred\u0007\r\nb"}
    answering(lambda h: h.answer(200, json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": value}]}}).encode()))
    result = kg("query", "agreements", "--endpoint", url, project=project)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\r" not in result.output
    assert "a\\x1b[31mred\\x07\\r b" in result.output


# ------------------------------------------------------------------ sizes and time

def drip(h, headers_first: bool = True):
    """A byte every 0.05 s, forever (until kg hangs up): in the body, or in the headers, never ending them."""
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    if headers_first:
        h.wfile.write(f"Content-Type: {JSON}\r\n\r\n".encode())
    else:
        h.wfile.write(b"X-Slow: ")
    while not h.server.stopping.is_set():
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(0.05)


@pytest.mark.parametrize("behaviour", [drip, lambda h: drip(h, headers_first=False),
                                       lambda h: h.server.stopping.wait(30)],
                         ids=["drips its answer", "drips its headers", "never answers"])
def test_an_endpoint_that_drips_bytes_forever_is_given_up_within_the_deadline(kg, project, endpoint, monkeypatch, behaviour):
    """A server that sent a byte every few seconds kept kg waiting forever (urllib's timeout is per read);
    one that never answered, for 120 s a read. The whole exchange now has a deadline (DEADLINE, 120 s)."""
    url, answering = endpoint
    monkeypatch.setattr(remote, "DEADLINE", 0.5)
    answering(behaviour)
    started = time.monotonic()
    line = said(query(kg, project, url.replace("http://", "http://ann:s3cret@")))
    assert time.monotonic() - started < 1.5
    assert "gave no complete answer within 0.5 seconds, and kg gave up waiting" in line and "s3cret" not in line, line


def stream(h, size: int, length: bool = False):
    """`size` bytes of a JSON answer, sent as fast as kg reads them; its Content-Length given if `length`."""
    h.send_response(200)
    h.send_header("Content-Type", JSON)
    if length:
        h.send_header("Content-Length", str(size))
    h.end_headers()
    h.server.sent = 0
    h.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
    row = b'{"x": {"type": "literal", "value": "' + b"a" * 1000 + b'"}},'
    while h.server.sent < size:
        h.wfile.write(row)
        h.server.sent += len(row)
    h.close_connection = True


@pytest.mark.parametrize("length", [False, True], ids=["sent until the connection closes", "of a stated length"])
def test_an_answer_larger_than_kg_reads_is_refused_without_being_read_whole(kg, project, endpoint, monkeypatch, server, length):
    """An answer of 400 MB was read whole into memory (1.4 GB), then parsed. kg reads at most MAX_ANSWER
    bytes (256 MB) and stops there; an answer whose Content-Length is larger is refused before it is read."""
    url, answering = endpoint
    monkeypatch.setattr(remote, "MAX_ANSWER", 2**20)
    answering(lambda h: stream(h, 200 * 2**20, length))
    line = said(query(kg, project, url))
    assert "sent an answer of more than 1 MB, more than kg reads" in line, line
    time.sleep(0.1)
    assert server.sent < 20 * 2**20  # it stopped reading (what is left is the sockets' buffers)


def test_a_connection_closed_mid_answer_says_so(kg, project, endpoint):
    url, answering = endpoint
    body = json.dumps(GOOD).encode()

    def cut(h):
        h.send_response(200)
        h.send_header("Content-Type", JSON)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[:20])
        h.close_connection = True

    answering(cut)
    line = said(query(kg, project, url))
    assert f"closed the connection before its answer was complete (20 of {len(body)} bytes): try again" in line, line


@pytest.mark.parametrize("coding, encode", [("gzip", gzip.compress), ("deflate", zlib.compress),
                                            ("deflate", lambda b: zlib.compress(b, wbits=-15))])
def test_a_compressed_answer_kg_did_not_ask_for_is_read(kg, project, endpoint, coding, encode):
    """A gzip or deflate answer (which kg did not ask for) was taken for JSON that is not UTF-8."""
    url, answering = endpoint
    answering(lambda h: h.answer(200, encode(json.dumps(GOOD).encode()), headers={"Content-Encoding": coding}))
    result = query(kg, project, url)
    assert result.exit_code == 0 and result.output.splitlines() == ["x", "hi"], result.output


def test_a_compressed_answer_that_inflates_past_the_limit_is_refused(kg, project, endpoint, monkeypatch):
    url, answering = endpoint
    monkeypatch.setattr(remote, "MAX_ANSWER", 2**20)
    bomb = gzip.compress(b" " * 50 * 2**20)  # 50 kB that inflate to 50 MB
    answering(lambda h: h.answer(200, bomb, headers={"Content-Encoding": "gzip"}))
    assert "sent an answer of more than 1 MB" in said(query(kg, project, url))
    answering(lambda h: h.answer(200, b"...", headers={"Content-Encoding": "br"}))
    assert "sent its answer encoded as 'br', which kg did not ask for and cannot read" in said(query(kg, project, url))


# ------------------------------------------------------------------ HTTP

@pytest.mark.parametrize("location", ["ftp://127.0.0.1:1/x", "file:///etc/passwd", "http://127.0.0.2:1/query",
                                      "/query", "http://bob:hunter2@127.0.0.1:1/query"])
def test_a_redirect_is_said_and_never_followed(kg, project, endpoint, server, location):
    """kg followed a redirect anywhere urllib goes: to ftp:// (a connection there), to another host with the
    data (a POST turned GET), round a loop 10 times (a message over four lines)."""
    url, answering = endpoint
    answering(lambda h: h.answer(302, b"moved", "text/plain", {"Location": location}))
    line = said(query(kg, project, url.replace("http://", "http://ann:s3cret@")))
    assert "HTTP 302 Found: the endpoint redirects to" in line and "kg follows no redirect" in line, line
    assert "s3cret" not in line and "hunter2" not in line, line
    assert len(server.requests) == 1


def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_printed(kg, project, endpoint, server):
    """`--endpoint http://ann:s3cret@host/` never reached its server: urllib took "ann:s3cret@host" for the
    host's name ("Name or service not known"). The credentials are now sent as HTTP Basic, the URL without them."""
    url, answering = endpoint
    token = "Basic " + base64.b64encode(b"ann:s3cr@t").decode()

    def guarded(h):
        if h.headers.get("Authorization") == token:
            h.answer(200, json.dumps(GOOD).encode())
        else:
            h.answer(401, b"<html><h1>401</h1>\n<p>Unauthorized\x1b[2J</p></html>", "text/html",
                     {"WWW-Authenticate": 'Basic realm="newsroom"'})

    answering(guarded)
    result = query(kg, project, url.replace("http://", "http://ann:s3cr%40t@"))
    assert result.exit_code == 0 and result.output.splitlines() == ["x", "hi"], result.output
    assert "@" not in server.requests[-1][2]["Host"]
    line = said(query(kg, project, url))
    assert "HTTP 401 Unauthorized: the endpoint asks for a user name and password (realm 'newsroom'); give them in the URL" in line
    assert "\x1b" not in line and "401 Unauthorized\\x1b[2J" in line, line
    line = said(query(kg, project, url.replace("http://", "http://ann:wrong@")))
    assert "the ones in the URL were refused" in line and "wrong" not in line, line


def test_an_error_page_is_quoted_on_one_line_and_bounded(kg, project, endpoint):
    """A 500 with a 50 MB page was read whole to quote its first 500 bytes, over several lines."""
    url, answering = endpoint
    answering(lambda h: h.answer(500, b"<html>\n<body>\nboom\n" + b"x" * 5 * 2**20, "text/html"))
    line = said(query(kg, project, url))
    assert line.startswith(f"kg: POST {url}: HTTP 500 Internal Server Error: boom xxx") and len(line) < 400, line


def test_429_says_how_long_the_endpoint_asks_kg_to_wait(kg, project, endpoint):
    url, answering = endpoint
    answering(lambda h: h.answer(429, b"slow down", "text/plain", {"Retry-After": "120"}))
    line = said(query(kg, project, url))
    assert "HTTP 429 Too Many Requests: the endpoint asks kg to wait 120 seconds before asking again: slow down" in line, line



def test_an_endpoint_that_asks_kg_to_wait_a_moment_is_asked_again_after_the_wait(kg, project, endpoint, server):
    """A 429 (or 503) with a short Retry-After was the end of `kg query --endpoint` and `kg push`: the user had
    to run the command again. kg waits as asked and asks again, as HTTP clients do (urllib3's Retry)."""
    url, answering = endpoint
    answering(lambda h: h.answer(429, b"slow down", "text/plain", {"Retry-After": "1"}) if len(server.requests) == 1
              else h.answer(200, json.dumps(GOOD).encode()))
    started = time.monotonic()
    result = query(kg, project, url)
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 2 and time.monotonic() - started >= 1


def test_an_endpoint_that_keeps_asking_kg_to_wait_is_asked_three_times_then_named(kg, project, endpoint, server):
    url, answering = endpoint
    answering(lambda h: h.answer(503, b"busy", "text/plain", {"Retry-After": "0"}))
    line = said(query(kg, project, url))
    assert "HTTP 503 Service Unavailable" in line and len(server.requests) == 3, (line, len(server.requests))


def test_a_long_wait_an_endpoint_asks_for_is_left_to_the_user(endpoint, server):
    """Retry-After beyond MAX_RETRY_WAIT, or past the deadline, or a date in the past as no wait at all."""
    from kg.query.remote import MAX_RETRY_WAIT, asked_to_wait

    url, answering = endpoint
    answering(lambda h: h.answer(429, b"", "text/plain", {"Retry-After": str(int(MAX_RETRY_WAIT) + 1)}))
    with pytest.raises(KGError, match=f"wait {int(MAX_RETRY_WAIT) + 1} seconds"):
        http_request("POST", url, b"query=ASK{}")
    assert len(server.requests) == 1
    later = email.utils.format_datetime(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=5),
                                        usegmt=True)
    for given, left, wait in [("5", 60, 5.0), ("5", 4, None), ("soon", 60, None), ("", 60, None),
                              ("Wed, 21 Oct 2015 07:28:00 GMT", 60, 0.0)]:
        error = urllib.error.HTTPError(url, 429, "Too Many Requests", email.message.Message(), None)
        if given:
            error.headers["Retry-After"] = given
        assert asked_to_wait(error, left) == wait, given
    dated = urllib.error.HTTPError(url, 429, "", email.message.Message(), None)
    dated.headers["Retry-After"] = later
    assert 3 < asked_to_wait(dated, 60) <= 5

def test_push_follows_no_redirect_and_sends_its_data_once(endpoint, server):
    """kg push's PUT, redirected, is not sent again elsewhere (urllib refused 307 with a bare status)."""
    url, answering = endpoint
    answering(lambda h: h.answer(307, b"", "text/plain", {"Location": "http://127.0.0.2:1/store"}))
    with pytest.raises(KGError, match=r"HTTP 307 Temporary Redirect: the endpoint redirects to http://127.0.0.2:1/store"):
        http_request("PUT", url.replace("/query", "/store?default"), b"<urn:a> <urn:b> <urn:c> .\n",
                     {"Content-Type": "application/n-triples"})
    assert [r[0] for r in server.requests] == ["PUT"]


def test_an_https_url_to_a_plain_http_server_says_so(kg, project, endpoint):
    url, _ = endpoint
    line = said(query(kg, project, url.replace("http://", "https://")))
    assert "the server does not speak TLS there (is the URL http://, not https://?)" in line, line


# ------------------------------------------------------------------ an answer of another query's form

@pytest.mark.parametrize("media, body", [
    ("text/turtle", b"<urn:a> <urn:p> <urn:b> ."),
    ("application/n-triples", b"<urn:a> <urn:p> \"x\" .\n"),
])
def test_an_endpoint_that_answers_a_saved_select_with_triples_is_named_not_shown(kg, project, endpoint, media, body):
    """kg query agreements (a SELECT) printed the Turtle an endpoint sent instead of rows, as if the query had
    asked for a graph."""
    url, answering = endpoint
    answering(lambda h: h.answer(200, body, media))
    line = said(query(kg, project, url))
    assert line == f"kg: {url} answered agreements, a SELECT query, with RDF triples: check that the URL is a SPARQL endpoint's"


def test_rdf_an_endpoint_sends_is_read_whatever_its_nesting(endpoint):
    """rdflib's Turtle parser recursed: 50,000 nested blank nodes were "maximum recursion depth exceeded"."""
    url, answering = endpoint
    deep = b"<urn:a> <urn:p> " + b"[ <urn:p> " * 50_000 + b"<urn:x>" + b" ]" * 50_000 + b" ."
    answering(lambda h: h.answer(200, deep, "text/turtle"))
    found = remote.remote_query(url, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert found.form == "CONSTRUCT" and len(found.triples) == 50_001
    answering(lambda h: h.answer(200, b"<urn:a> <urn:p> .", "text/turtle"))
    with pytest.raises(KGError, match=r"sent RDF that does not parse: .*"):
        remote.remote_query(url, "CONSTRUCT WHERE { ?s ?p ?o }")
