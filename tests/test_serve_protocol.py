"""`kg serve` against the SPARQL 1.1 Protocol as Oxigraph's own server (`oxigraph serve-read-only`) answers it: each
test is a request of the matrix both were sent (bench/protocol_matrix.py sends it again) where kg serve answered
worse: a 406 for a format a client asks for and Oxigraph sends, and the like."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.web.dataset import SD
from serving import fetch
from test_serve_edges import server  # noqa: F401 (a fixture: kg serve on the built release, two workers, for this module)

PHILP = "https://w3id.org/oioo/id/chris-philp"
DESCRIBE = f"DESCRIBE <{PHILP}>"
CONSTRUCT = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def get(server, query, accept, **params):
    return fetch(server + "sparql?" + urlencode({"query": query, **params}), accept)


@pytest.mark.parametrize("accept, media, syntax", [
    ("application/n-quads", "application/n-quads", ox.RdfFormat.N_QUADS),
    ("text/x-nquads", "application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/n-quads, */*;q=0.1", "application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", "application/trig", ox.RdfFormat.TRIG),
    ("application/x-trig", "application/trig", ox.RdfFormat.TRIG)])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_construct_and_describe_answer_in_n_quads_and_trig_when_asked(server, query, accept, media, syntax):
    """A CONSTRUCT or DESCRIBE asked for as N-Quads or TriG (a client of a store of named graphs asks so) was a 406
    "results come as ... Turtle, N-Triples, JSON-LD or RDF/XML"; Oxigraph answers both. The triples, all in the
    default graph, come in the format asked for, the service description naming it."""
    status, headers, body = get(server, query, accept)
    assert status == 200 and headers["content-type"].split(";")[0] == media, (status, body[:300])
    quads = list(ox.parse(body, format=syntax))
    assert quads and all(quad.graph_name == ox.DefaultGraph() for quad in quads)
    if query == DESCRIBE:
        assert ox.NamedNode(PHILP) in {quad.subject for quad in quads}
    status, headers, _ = get(server, query, "*/*", format=media)
    assert status == 200 and headers["content-type"].split(";")[0] == media


def test_the_service_description_names_every_format_a_construct_comes_in(server):
    status, _, body = fetch(server + "sparql", "text/turtle")
    formats = set(Graph().parse(data=body, format="turtle").objects(URIRef(server + "sparql"), SD.resultFormat))
    assert {URIRef(f"http://www.w3.org/ns/formats/{name}") for name in ("N-Quads", "TriG", "RDF_XML")} <= formats


@pytest.mark.parametrize("query, rows", [("ASK { ?s ?p ?o }", [["true"]]),
                                         (f"SELECT ?s WHERE {{ BIND(<{PHILP}> AS ?s) }}", [["s"], [PHILP]])])
def test_select_and_ask_asked_as_text_plain_answer_in_csv(server, query, rows):
    """Accept: text/plain (curl users, scripts that want to read the answer) got a 406 for an ASK or a SELECT: it named
    only N-Triples. Plain text is now CSV for them, as Oxigraph answers; a CONSTRUCT's is still N-Triples."""
    status, headers, body = get(server, query, "text/plain")
    assert status == 200 and headers["content-type"].startswith("text/csv"), (status, body)
    assert [line.split(",") for line in body.decode().splitlines()][:len(rows)] == rows
    status, headers, body = get(server, DESCRIBE, "text/plain")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert (URIRef(PHILP), RDF.type, None) in Graph().parse(data=body, format="nt")


def test_ask_answers_true_in_every_result_format_a_client_asks_for(server):
    """The class of the fault above: every media type kg serve takes for a SELECT answers an ASK too."""
    for accept in ("application/sparql-results+json", "application/json", "application/sparql-results+xml",
                   "application/xml", "text/csv", "text/tab-separated-values", "text/plain", "*/*", "text/*"):
        status, _, body = fetch(server + "sparql?query=" + quote("ASK {}"), accept)
        assert status == 200 and b"true" in body, (accept, status, body)


def half_closed(server, requests: bytes) -> bytes:
    """What the server writes to a client that sends `requests` and shuts its sending side (FIN), read to the end."""
    import socket
    from urllib.parse import urlsplit

    sock = socket.create_connection(("127.0.0.1", urlsplit(server).port), timeout=30)
    try:
        sock.sendall(requests)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer
    finally:
        sock.close()


@pytest.mark.parametrize("version", ["1.1", "1.0"])
def test_a_client_that_half_closes_after_its_request_is_answered(server, version):
    """A request sent whole and followed by a half-close (shutdown(SHUT_WR): `printf ... | nc -N`, HTTP/1.0 tools)
    got no answer at all: the server took the FIN for a client gone. Oxigraph answers it; kg serve now does, an
    HTTP/1.1 one after an interim 100 Continue (how it tells a half-closed client from a closed socket), then closes."""
    request = (f"GET /sparql?query={quote('ASK {}')} HTTP/{version}\r\nHost: x\r\n"
               "Accept: application/sparql-results+json\r\n\r\n").encode()
    answer = half_closed(server, request)
    if version == "1.1":  # (none if the answer was written before the FIN came)
        answer = answer.removeprefix(b"HTTP/1.1 100 Continue\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n"), answer[:300]  # (an HTTP/1.0 client is sent no 1xx)
    assert answer.endswith(b'"boolean": true}') and answer.count(b"HTTP/1.1 200") == 1, answer[-300:]


def test_every_pipelined_request_of_a_half_closed_connection_is_answered_in_order(server):
    requests = b"".join(f"GET /sparql?query={quote(query)} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode()
                        for query in ("ASK {}", "SELECT (1 AS ?one) {}", "ASK { FILTER(false) }"))
    answer = half_closed(server, requests)
    finals = [part for part in answer.split(b"HTTP/1.1 ")[1:] if not part.startswith(b"100 ")]
    assert [part[:6] for part in finals] == [b"200 OK"] * 3, answer[:600]
    assert finals[0].endswith(b"\r\n\r\ntrue\r\n") and finals[1].endswith(b"one\r\n1\r\n") and finals[2].endswith(b"\r\n\r\nfalse\r\n")


def test_an_answer_sent_again_is_gzipped_once():
    """A cached answer (the server hands out the same bytes each time) was gzipped again for each client that takes
    gzip: 25 ms a request for 2.5 MB of SPARQL XML, found by asking one large SELECT four times. It is gzipped at its
    second sending and kept (GzipMemo); what is sent once is not kept; another answer is gzipped for itself."""
    import asyncio
    import gzip

    from kg.web import serve

    answers = [b"".join(b'<uri>https://example.org/id/%d</uri>\n' % i for i in range(n)) for n in (3000, 4000)]
    calls = []
    packer = serve.Compressed(None)
    real = serve.gzipped

    def counted(body):
        calls.append(body)
        return real(body)

    def sent(body) -> bytes:
        async def app(scope, receive, send):
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"content-type", b"application/sparql-results+xml"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        messages = []

        async def send(message):
            messages.append(message)

        packer.app = app
        asyncio.run(packer({"type": "http", "headers": [(b"accept-encoding", b"gzip")]}, None, send))
        return gzip.decompress(messages[1]["body"])

    serve.gzipped, saved = counted, serve.gzipped
    try:
        assert all(sent(answers[0]) == answers[0] for _ in range(4)) and sent(answers[1]) == answers[1]
    finally:
        serve.gzipped = saved
    assert len(calls) == 3, len(calls)  # the first answer's first and second sendings, the other's one
    assert list(packer.memo.kept) == [answers[0]] and answers[1] not in packer.memo.kept


@pytest.mark.parametrize("accept", [None, "*/*", "application/*", "text/turtle, */*;q=0.1"])
def test_the_endpoint_without_a_query_answers_its_service_description_in_rdf_unless_html_is_named(server, accept):
    """GET /sparql without a query, from curl (*/*) or a client that sends no Accept, was the editor's HTML page; the
    service description MUST be in an RDF serialization (SPARQL 1.1 Service Description, 2). It is now Turtle (or
    the RDF the client names), the editor only for an Accept that names HTML, as a browser's does."""
    status, headers, body = fetch(server + "sparql", accept)
    media = headers["content-type"].split(";")[0]
    assert status == 200 and media in ("text/turtle", "application/n-triples", "application/ld+json"), (status, media)
    graph = Graph().parse(data=body, format={"text/turtle": "turtle", "application/n-triples": "nt"}.get(media, "json-ld"))
    assert (URIRef(server + "sparql"), RDF.type, SD.Service) in graph
    status, headers, body = fetch(server + "sparql", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["content-type"].startswith("text/html") and b"<form" in body


@pytest.mark.parametrize("body, content_type", [(b"", "application/x-www-form-urlencoded"),
                                                (b"format=json", "application/x-www-form-urlencoded"),
                                                (b"", "application/x-www-form-urlencoded; charset=UTF-8")])
@pytest.mark.parametrize("accept", ["*/*", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_a_post_without_a_query_is_a_400_saying_so(server, body, content_type, accept):
    """POST /sparql with a form that holds no query= was answered the editor's page, 200, as if it were a GET: a client
    whose form lost its query was told nothing was wrong. Oxigraph refuses it (400); kg serve now does too."""
    status, headers, answer = fetch(server + "sparql", accept, body, headers={"Content-Type": content_type})
    assert status == 400 and b"no query: POST one as query=" in answer, (status, answer[:300])


@pytest.mark.parametrize("charset", ["ISO-8859-1", "latin1", "windows-1252"])
def test_a_form_posted_in_iso_8859_1_is_read_in_its_charset(server, charset):
    """A form declaring charset=ISO-8859-1 (Apache HttpClient's UrlEncodedFormEntity does by default) was a 415,
    though a form's bytes are its percent-escapes and the charset says how to read them; Oxigraph reads %EB as U+FFFD
    and answers another query. kg serve reads it as declared: zoë."""
    body = b"query=" + quote('SELECT ("zoë" AS ?x) {}', encoding="latin-1").encode()
    status, _, answer = fetch(server + "sparql", "text/csv", body,
                              headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}"})
    assert status == 200 and answer.decode("utf-8").splitlines() == ["x", "zoë"], (status, answer)


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded; charset=x-unknown",
                                          "application/x-www-form-urlencoded; charset=utf-16",
                                          "application/sparql-query; charset=ISO-8859-1"])
def test_a_body_in_a_charset_the_server_does_not_read_is_a_415(server, content_type):
    body = b"query=ASK%7B%7D" if "form" in content_type else b"ASK {}"
    status, _, answer = fetch(server + "sparql", "*/*", body, headers={"Content-Type": content_type})
    assert status == 415 and b"send it as UTF-8" in answer, (status, answer)


@pytest.mark.parametrize("content_type, body", [("application/x-www-form-urlencoded", b"query=ASK%7B%7D"),
                                                ("application/sparql-query", b"ASK {}")])
def test_a_query_in_both_the_url_and_the_body_is_a_400_saying_where(server, content_type, body):
    status, _, answer = fetch(server + "sparql?query=" + quote("SELECT * {}"), "*/*", body,
                              headers={"Content-Type": content_type})
    assert status == 400 and b"given twice, in the URL and in the body" in answer, (status, answer)


def raw_answer(server, request: bytes) -> bytes:
    """The server's whole answer to the bytes `request` (which ask it to close the connection)."""
    import socket
    from urllib.parse import urlsplit

    with socket.create_connection(("127.0.0.1", urlsplit(server).port), timeout=30) as sock:
        sock.sendall(request)
        return b"".join(iter(lambda: sock.recv(65536), b""))


@pytest.mark.parametrize("hosts", ["", "Host: a\r\nHost: b\r\n", "Host: a b\r\n", "Host: a/b\r\n", "Host: [::1\r\n"])
def test_a_request_without_one_valid_host_is_a_400(server, hosts):
    """RFC 9112 (3.2): a server MUST answer 400 to an HTTP/1.1 request without a Host header, and to any with two,
    or one that is no host[:port]. kg serve answered each (Oxigraph refuses them); HTTP/1.0 needs none."""
    answer = raw_answer(server, f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n{hosts}Connection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400 ") and b"Host header" in answer, answer[-300:]
    for fine in ("Host: x\r\n", "Host: 127.0.0.1:8000\r\n", "Host: [::1]:80\r\n", "Host: \r\n"):
        answer = raw_answer(server, f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n{fine}Connection: close\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 200 "), (fine, answer[-300:])
    assert raw_answer(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("body, content_type", [("\ufeffASK { ?s ?p ?o }".encode(), "application/sparql-query"),
                                                (b"query=%EF%BB%BFASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
                                                 "application/x-www-form-urlencoded")])
def test_a_query_file_that_begins_with_a_byte_order_mark_is_answered_as_kg_sparql_reads_it(server, body, content_type):
    """A .rq file a Windows editor saved begins with a byte-order mark, which `kg sparql FILE` drops; POSTed as it is
    (curl --data-binary @q.rq, or --data-urlencode query@q.rq) it was a 400 "expected VERSION" at column 8 (Oxigraph
    refuses it alike; Jena's grammar reads a leading one). It is no part of the query: the query is answered."""
    status, _, answer = fetch(server + "sparql", "application/sparql-results+json", body,
                              headers={"Content-Type": content_type})
    assert (status, json.loads(answer).get("boolean")) == (200, True), (status, answer)
    status, _, answer = fetch(server + "sparql?query=%EF%BB%BF%20%20", "*/*")
    assert status == 400 and b"the query is empty" in answer, (status, answer)


@pytest.mark.parametrize("query, accept, media, syntax", [
    ("ASK { ?s ?p ?o }", "text/xml", "application/sparql-results+xml", None),
    (f"SELECT ?s WHERE {{ BIND(<{PHILP}> AS ?s) }}", "text/xml", "application/sparql-results+xml", None),
    (CONSTRUCT, "text/xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    (DESCRIBE, "text/n3", "text/turtle", ox.RdfFormat.TURTLE),
    (CONSTRUCT, "text/n3, application/n-triples;q=0.5", "text/turtle", ox.RdfFormat.TURTLE)])
def test_text_xml_and_text_n3_are_answered_as_their_aliases_are(server, query, accept, media, syntax):
    """text/xml is application/xml's twin (RFC 7303), which asked SPARQL XML or RDF/XML; an N3 reader reads Turtle,
    as format=n3 gives it. Asked by those media types (Oxigraph answers both, Jena's clients send text/n3), kg serve
    was a 406 "not acceptable"; the answer is the document asked for, sent as its own media type."""
    status, headers, body = get(server, query, accept)
    assert status == 200 and headers["content-type"].split(";")[0] == media, (status, body[:300])
    if syntax is None:
        ET.fromstring(body)
    else:
        assert list(ox.parse(body, format=syntax))


@pytest.mark.parametrize("content_type, body", [
    ("application/sparql-query", ("ASK {} #" + "x" * 150_000).encode()),
    ("application/x-www-form-urlencoded", ("query=" + quote("ASK {} #" + "x" * 150_000)).encode())])
def test_a_query_longer_than_the_server_reads_is_a_413_as_a_body_too_large_is(server, content_type, body):
    """A POSTed query of 150,000 characters (a 150 KB body, under the 1 MiB a body may be) was a 400, as if it were
    no SPARQL, where a body over 1 MiB is a 413: both are content larger than the server processes (RFC 9110,
    15.5.14), and a client that shortens a query on a 413 was told the query was wrong."""
    status, _, answer = fetch(server + "sparql", "*/*", body, headers={"Content-Type": content_type})
    assert status == 413 and b"longer than 100,000 characters" in answer, (status, answer[:300])


@pytest.mark.parametrize("content_type, body", [
    ("application/sparql-query; charset=", 'ASK { FILTER("zoë" != "") }'.encode()),
    ("application/sparql-query;charset", 'ASK { FILTER("zoë" != "") }'.encode()),
    ('application/x-www-form-urlencoded; charset=""', b"query=" + quote('ASK { FILTER("zoë" != "") }').encode())])
def test_a_content_type_whose_charset_is_empty_is_read_as_utf_8(server, content_type, body):
    """A charset parameter without a value declares none: the body is UTF-8, as without one (Oxigraph reads it so).
    It was a 415 whose message named no charset: "the request body is in : send it as UTF-8"."""
    status, _, answer = fetch(server + "sparql", "application/sparql-results+json", body,
                              headers={"Content-Type": content_type})
    assert (status, json.loads(answer).get("boolean")) == (200, True), (status, answer)


def test_a_dataset_parameter_left_empty_names_no_graph_and_the_query_runs(server):
    """A query URL copied from a Virtuoso endpoint holds `default-graph-uri=&query=...` (its form sends the box
    empty): a 403 "default-graph-uri and named-graph-uri are refused", though it names no graph. An empty one is
    no dataset; one with a value is still refused."""
    for empty in ("default-graph-uri", "named-graph-uri"):
        status, _, answer = get(server, "ASK { ?s ?p ?o }", "application/sparql-results+json", **{empty: ""})
        assert (status, json.loads(answer).get("boolean")) == (200, True), (status, answer)
        status, _, answer = get(server, "ASK { ?s ?p ?o }", "*/*", **{empty: "urn:x:g"})
        assert status == 403 and b"are refused" in answer, (status, answer)


@pytest.mark.parametrize("accept, ends", [("text/csv", b"\r\n"), ("text/tab-separated-values", b"\n")])
def test_an_ask_in_csv_ends_its_line_as_a_select_in_csv_does(server, accept, ends):
    """A CSV's lines end in CRLF (RFC 4180; SPARQL 1.1 CSV writes a SELECT's rows so, here too): an ASK's `true`
    ended in a bare LF, as TSV's lines do."""
    for query, word in (("ASK { ?s ?p ?o }", b"true"), ("ASK { <urn:x:none> ?p ?o }", b"false")):
        status, _, body = get(server, query, accept)
        assert (status, body) == (200, word + ends)


@pytest.mark.parametrize("query, written, media", [
    ("ASK {}", "application/sparql-results+json", "application/sparql-results+json"),
    ("ASK {}", "text/csv;charset=utf-8", "text/csv"),
    (CONSTRUCT, "rdf+xml", "application/rdf+xml"),
    (CONSTRUCT, "application/n-triples; charset=utf-8", "application/n-triples")])
def test_a_format_written_by_hand_in_a_url_is_read_as_meant(server, query, written, media):
    """format= as a person types it into a URL: its "+" unescaped, which a query string reads as a space, or a media
    type with its charset. Each was a 406 "no format 'application/sparql-results json' here"; no format's name or
    media type holds a space or needs a parameter, so the format meant is answered."""
    status, headers, body = fetch(server + "sparql?query=" + quote(query) + "&format=" + written.replace(" ", "%20"))
    assert status == 200 and headers["content-type"].split(";")[0] == media, (status, body[:300])
