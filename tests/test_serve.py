"""`kg serve` end to end, as a real process on a loopback port: the SPARQL 1.1 Protocol through
SPARQLWrapper (a client we did not write), content negotiation, refusals, deadlines and row caps,
the saved-query API and its OpenAPI description, linked data, VoID/DCAT and the dumps."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import socket
import urllib.parse
import json
import threading
import time
from urllib.parse import quote, urlencode, urlsplit

import pytest

from kg.core.namespaces import OI
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, XSD
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.web.dataset import SD, VOID
from kg.sparql.saved import load_queries
from kg.reference.query import answer as reference_answer
from serving import answered_apart, built_project, fetch, kg_server

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

TIMEOUT, MAX_ROWS = 2, 1000
PHILP = "https://w3id.org/oioo/id/chris-philp"
FIGURE = "https://w3id.org/oioo/id/r000-fig-returned-281-mahmood"
REPORTS = "SELECT ?report WHERE { ?report a oo:Report } ORDER BY ?report"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BACKTRACK = ('SELECT ?x WHERE { BIND(CONCAT("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "!") AS ?x) '
             'FILTER(REGEX(?x, "^(a+)+$")) }')
CLOSURE = "SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:nil)* ?b . ?b (!rdf:nil)* ?c }"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_project(tmp_path_factory)


@pytest.fixture(scope="module")
def server(project, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with kg_server(project, log, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "2") as url:
        yield url


def client(server, query, fmt=JSON, method=None):
    wrapper = SPARQLWrapper(server + "sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    if method == "post":
        wrapper.setMethod(POST)
    elif method == "direct":
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY)
    return wrapper


def ask(server, query, accept="application/sparql-results+json", **form):
    data = urlencode({"query": query, **form}).encode()
    return fetch(server + "sparql", accept, data, headers={"Content-Type": "application/x-www-form-urlencoded"})


# ------------------------------------------------------------------ SPARQL protocol, by SPARQLWrapper

@pytest.mark.parametrize("method", [None, "post", "direct"])
def test_select_as_sparql_json_with_get_post_and_direct_post(server, method):
    result = client(server, REPORTS, JSON, method).queryAndConvert()
    reports = [b["report"]["value"] for b in result["results"]["bindings"]]
    assert reports == [f"https://w3id.org/oioo/id/r00{i}" for i in range(5)]


def test_select_as_sparql_xml(server):
    document = client(server, REPORTS, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert len(uris) == 5 and uris[0].endswith("/id/r000")


@pytest.mark.parametrize("fmt, delimiter", [(CSV, ","), (TSV, "\t")])
def test_select_as_csv_and_tsv(server, fmt, delimiter):
    body = client(server, REPORTS, fmt).queryAndConvert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
    assert rows[0] in (["report"], ["?report"])
    assert len(rows) == 6
    assert rows[1][0] in ("https://w3id.org/oioo/id/r000", "<https://w3id.org/oioo/id/r000>")


def test_ask_as_json_and_xml(server):
    assert client(server, "ASK { oi:r000 a oo:Report }", JSON).queryAndConvert()["boolean"] is True
    document = client(server, "ASK { oi:r000 a oo:Figure }", XML).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize("fmt, media", [(TURTLE, "turtle"), (JSONLD, "json-ld")])
def test_construct_and_describe_as_turtle_and_json_ld(server, fmt, media):
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a oo:Report ; rdfs:label ?l }"
    result = client(server, construct, fmt).query()
    graph = Graph().parse(data=result.response.read().decode("utf-8"), format=media)
    assert len(set(graph.subjects(RDFS.label))) == 5
    described = client(server, f"DESCRIBE <{PHILP}>", fmt).query()
    graph = Graph().parse(data=described.response.read().decode("utf-8"), format=media)
    assert (URIRef(PHILP), RDFS.label, Literal("Chris Philp", lang="en")) in graph


def test_construct_as_n_triples(server):
    status, headers, body = ask(server, f"DESCRIBE <{PHILP}>", "application/n-triples")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert (URIRef(PHILP), RDF.type, None) in Graph().parse(data=body.decode(), format="nt")


def test_malformed_query_is_a_400_that_sparqlwrapper_reports(server):
    with pytest.raises(QueryBadFormed):
        client(server, "SELECT ?x WHERE { ?x ").query()


def test_no_acceptable_format_is_406(server):
    status, _, body = ask(server, REPORTS, "image/png")
    assert status == 406 and b"SPARQL JSON" in body



@pytest.mark.parametrize("generic, select_media, graph_media", [
    ("application/json", "application/sparql-results+json", "application/ld+json"),
    ("application/xml", "application/sparql-results+xml", "application/rdf+xml")])
@pytest.mark.parametrize("how", ["accept", "format"])
def test_accept_or_format_application_json_or_xml_answers_a_construct_as_it_answers_a_select(
        server, generic, select_media, graph_media, how):
    """Accept: application/json (fetch(), requests and most programs send it) answered a SELECT in SPARQL JSON and a
    CONSTRUCT or DESCRIBE with a 406, though format=json gave the CONSTRUCT's JSON-LD; application/xml likewise. A
    generic JSON or XML media type now names both result formats of its kind, as format=json and format=xml do."""
    for query, media in ((REPORTS, select_media), (f"DESCRIBE <{PHILP}>", graph_media)):
        status, headers, body = ask(server, query, generic) if how == "accept" else \
            ask(server, query, "*/*", format=generic)
        assert status == 200 and headers["content-type"].split(";")[0] == media, (query, status, body[:200])
    status, headers, _ = ask(server, f"DESCRIBE <{PHILP}>", "*/*")  # (*/* alone: Turtle, as before)
    assert headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize("call", ["NOW()", "RAND()", "STRUUID()", "uuid ()", "BNODE()", "NOW #c\n()",
                                  "RAND# x (\n\t# y\r\n ()"])
def test_a_query_calling_a_function_whose_value_changes_is_run_again_not_answered_from_the_cache(server, call):
    """SELECT (NOW() AS ?t) {} answered the time of its first run for as long as the server ran, and RAND(),
    UUID(), STRUUID() and BNODE() the same value each time: the server keeps its replies, as the release cannot
    change, and these functions give a new value at each run (SPARQL 1.1, 17.4). They are now run each time,
    a comment between the name and its "(" too (a hostile read found `NOW #c` and a line break cached)."""
    query = f"SELECT ({call} AS ?x) {{}}"
    answers = set()
    for _ in range(3):
        status, _, body = ask(server, query, "text/csv")
        assert status == 200, body
        answers.add(body)
        time.sleep(0.01)
    assert len(answers) == 3, answers
    assert ask(server, REPORTS, "text/csv")[2] == ask(server, REPORTS, "text/csv")[2]


TRIPLE_TERM = "<<( <urn:a> oi:chris-philp <urn:c> )>>"


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { BIND(TRIPLE(<urn:a>, oi:chris-philp, <urn:c>) AS ?x) }",
    f"CONSTRUCT {{ <urn:a> <urn:b> {TRIPLE_TERM} }} WHERE {{}}"])
def test_a_triple_term_in_a_page_of_rows_is_shown_as_rdf_1_2_writes_it(server, query):
    status, _, body = ask(server, query, "text/html")
    assert status == 200, body[-500:]
    # (a cell names its column, data-label, for a phone's card of the row)
    assert re.search(r'<td data-label="[^"]*">&lt;&lt;\( &lt;urn:a&gt; oi:chris-philp &lt;urn:c&gt; \)&gt;&gt;</td>',
                     body.decode())


@pytest.mark.parametrize("accept", ["text/html", "application/sparql-results+json"])
def test_a_control_character_in_an_answer_is_shown_on_a_page_as_an_escape_never_sent_raw(server, accept):
    """A literal an ad-hoc query made ("a\\u0007b\\u0000c\\u001bd") was written raw into the page of rows: a
    browser shows NUL, BEL and ESC as nothing (the reader saw "abcd") or as boxes. The page now shows them as
    escapes (\\x07), as kg's messages do; line breaks and tabs stay; the JSON answer for programs is unchanged."""
    query = 'SELECT ?x WHERE { BIND("a\\u0007b\\u0000c\\u001bd\\ne\\tf" AS ?x) }'
    status, _, body = ask(server, query, accept)
    assert status == 200, body[-500:]
    if accept == "text/html":
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", body), body[-800:]
        assert re.search(r'<td data-label="x">a\\x07b\\x00c\\x1bd\ne\tf</td>', body.decode()), body[-800:]
    else:
        assert json.loads(body)["results"]["bindings"][0]["x"]["value"] == "a\x07b\x00c\x1bd\ne\tf"


def test_the_statistics_and_search_index_kept_for_a_release_are_stamped_with_the_kg_that_made_them(server, project):
    """kg serve kept the dataset's statistics (facts.json) and its search index (release.json) stamped with the
    release alone, so a new kg that counts or words them otherwise served an earlier kg's for the same
    release. Both are stamped with kg.web.pages.made_by: the release and kg itself."""
    from kg.query.store import current_release
    from kg.web.pages import made_by

    stamp = made_by(current_release(project))
    facts = json.loads((project.dist_dir / "oxigraph" / "facts.json").read_text(encoding="utf-8"))
    assert facts["release"] == stamp
    assert (project.dist_dir / "search" / "release.json").read_text(encoding="utf-8") == stamp


def test_a_page_of_results_with_no_row_says_nothing_matched_not_none(server):
    """A query or a saved question that matched nothing showed "Results" over a bare "None.", which a reader
    could take for a value. The SPARQL page now says no answer matched the query, and a saved question's page
    that no answer matched the values given."""
    status, _, body = ask(server, "SELECT ?s WHERE { ?s a oo:NoSuchClass }", "text/html")
    assert status == 200 and b"No answer: nothing in the graph matches the query." in body, body[-800:]
    status, _, body = fetch(server + "queries/figures-by-person?person=oi:yvette-cooper", "text/html")
    page = body.decode()
    assert status == 200 and "No answer: nothing in the graph matches this question with the values given." in page
    assert ">None.<" not in page


def test_json_ld_cannot_carry_a_triple_term_so_it_is_a_406_naming_the_formats_that_can(server):
    query = f"CONSTRUCT {{ <urn:a> <urn:b> {TRIPLE_TERM} }} WHERE {{}}"
    status, _, body = ask(server, query, "application/ld+json")
    assert status == 406 and b"JSON-LD cannot carry" in body and b"Turtle or N-Triples" in body, body
    status, headers, body = ask(server, query, "application/ld+json, application/n-triples;q=0.5")
    assert status == 200 and headers["content-type"] == "application/n-triples"  # the next format the client takes
    assert body.strip().endswith(b"<<( <urn:a> <https://w3id.org/oioo/id/chris-philp> <urn:c> )>> .")


@pytest.mark.parametrize("query, accept", [
    ('SELECT ?x WHERE { BIND("a\\u0001b" AS ?x) }', "application/sparql-results+xml"),
    ('CONSTRUCT { <urn:a> <urn:b> "a\\u0001b" } WHERE {}', "application/rdf+xml"),
    ('CONSTRUCT { <urn:a> <urn:b> "\\uFFFF" } WHERE {}', "application/rdf+xml"),
    ('CONSTRUCT { <urn:a> <urn:1> "x" } WHERE {}', "application/rdf+xml"),
    ("CONSTRUCT { <urn:a> <urn:b> <<( <urn:a> <urn:2> <urn:c> )>> } WHERE {}", "application/rdf+xml")])
def test_an_answer_xml_cannot_carry_is_a_406_never_a_document_that_is_not_xml(server, query, accept):
    status, _, body = ask(server, query, accept)
    assert status == 406 and body.startswith(b"not acceptable: ") and b"ask for it as" in body, body
    status, headers, body = ask(server, query, f"{accept}, text/csv;q=0.2, text/turtle;q=0.1")
    assert status == 200 and headers["content-type"].split(";")[0] in ("text/csv", "text/turtle"), body


@pytest.mark.parametrize("query, accept", [
    ('SELECT ?x WHERE { BIND("a\\u007f\\u00e9\\t" AS ?x) }', "application/sparql-results+xml"),
    ('CONSTRUCT { <urn:a> <urn:x/1a> "a\\u007f\\u00e9\\t" } WHERE {}', "application/rdf+xml")])
def test_what_xml_can_carry_is_answered_as_xml(server, query, accept):
    import xml.etree.ElementTree as ElementTree

    status, headers, body = ask(server, query, accept)
    assert status == 200 and headers["content-type"].startswith(accept), body
    assert "a\x7fé\t" in ElementTree.tostring(ElementTree.fromstring(body), encoding="unicode")


def test_service_description_at_the_endpoint(server):
    status, headers, body = fetch(server + "sparql", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    service = URIRef(server + "sparql")
    assert (service, RDF.type, SD.Service) in graph and (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    # every prefix a query may use undeclared is named (sh: and oos: were left out: a hostile read found it)
    from kg.core.namespaces import PREFIX_IRIS

    said = " ".join(str(o) for o in graph.objects(service, DCTERMS.description))
    named = re.search(r"The prefixes (.*) are predeclared", said).group(1)
    assert named.split(", ") == [f"{prefix}:" for prefix in PREFIX_IRIS], said
    status, headers, body = fetch(server + "sparql", "text/html")
    assert status == 200 and b"<form" in body and headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"])
def test_a_query_request_without_its_query_is_told_the_query_is_missing(server, accept):
    """GET /sparql with an Accept of query results and no query= was a 406 listing the description's formats: a SPARQL
    client that forgot its query was told about formats (Fuseki: 400 "No query"). A browser still gets the editor."""
    status, _, body = fetch(server + "sparql", accept)
    assert status == 400 and body.startswith(b"no query: give one as ?query="), (status, body)
    status, headers, _ = fetch(server + "sparql", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["content-type"].startswith("text/html")


def test_predeclared_prefixes_and_cors(server):
    status, headers, body = fetch(server + "sparql?" + urlencode({"query": REPORTS}), "application/sparql-results+json",
                                  headers={"Origin": "https://example.org"})
    assert status == 200 and headers.get("access-control-allow-origin") == "*"


# ------------------------------------------------------------------ refusals, deadlines, caps

@pytest.mark.parametrize("query, words", [
    ("INSERT DATA { oi:x oi:y oi:z }", "updates"),
    ("DELETE WHERE { ?s ?p ?o }", "updates"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
])
def test_updates_and_remote_access_are_refused_before_running(server, query, words):
    status, headers, body = ask(server, query)
    assert status == 403, body
    assert words.encode() in body and b"Traceback" not in body and len(body) < 300


def test_update_operations_and_protocol_dataset_are_refused(server):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, body = fetch(server + "sparql", data=b"update=DROP+ALL", headers=form)
    assert status == 403 and b"read-only" in body
    status, _, body = fetch(server + "sparql", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = ask(server, REPORTS, **{"default-graph-uri": "http://example.org/g"})
    assert status == 403
    status, _, _ = fetch(server + "sparql", data=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = fetch(server + "id/r000", method="DELETE")
    assert status == 405


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", "sparql", "GET, HEAD, OPTIONS, POST"), ("POST", "id/chris-philp", "GET, HEAD, OPTIONS"),
    ("POST", "queries/who-said-what", "GET, HEAD, OPTIONS"), ("DELETE", "static/style.css", "GET, HEAD, OPTIONS")])
def test_every_405_names_the_methods_allowed_in_its_allow_header(server, method, path, allowed):
    status, headers, body = fetch(server + path, method=method, data=b"" if method != "DELETE" else None)
    assert status == 405 and headers.get("allow") == allowed and allowed.encode() in body, (headers, body)


@pytest.mark.parametrize("method, path, says", [
    ("POST", "sparq", "nothing at /sparq\n"), ("POST", "nothing", "nothing at /nothing\n"),
    ("DELETE", "a/b/c", "nothing at /a/b/c\n"), ("OPTIONS", "nothing", "nothing at /nothing\n"),
    ("POST", "sparql/", "nothing at /sparql/; the address is /sparql, without the last /\n")])
def test_a_method_on_a_path_where_nothing_is_is_a_404_not_a_405(server, method, path, says):
    """POST /sparq (a SPARQL client's endpoint mistyped) was a 405 "only GET, HEAD": the route that takes every path
    (for /ontology.ttl and the like) takes GET, so any other method on any path was "not allowed", as if something
    were there. Where nothing is, whatever the method, it is now a 404; /ontology.ttl and the rest keep their 405."""
    status, headers, body = fetch(server + path, method=method)
    assert status == 404 and "allow" not in headers and body.decode("utf-8") == says, (status, body)
    for there in ("ontology.ttl", "dataset.jsonld", "static/style.css"):
        status, headers, _ = fetch(server + there, method=method)
        answered = 204 if method == "OPTIONS" else 405  # (an OPTIONS where something is: its methods)
        assert status == answered and headers.get("allow") == "GET, HEAD, OPTIONS", (there, status)


@pytest.mark.parametrize("path, allowed", [
    ("sparql", "GET, HEAD, OPTIONS, POST"), ("queries/who-said-what", "GET, HEAD, OPTIONS"),
    ("static/style.css", "GET, HEAD, OPTIONS"), ("ontology.ttl", "GET, HEAD, OPTIONS")])
def test_a_plain_options_is_answered_with_the_routes_methods_in_allow(server, path, allowed):
    """OPTIONS /sparql (no CORS preflight) was a 405, though the 501 for an unknown method says the server answers
    OPTIONS: RFC 9110 (9.3.7) and Fuseki answer it with the methods in Allow."""
    status, headers, body = fetch(server + path, method="OPTIONS")
    assert status == 204 and headers.get("allow") == allowed and body == b"", (status, headers, body)


def test_options_star_is_answered_for_the_server_as_a_whole(server):
    """`OPTIONS * HTTP/1.1` was "404 nothing at /*", a path the client never sent."""
    with socket.create_connection((urlsplit(server).hostname, urlsplit(server).port), timeout=10) as sock:
        sock.sendall(b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    assert answer.startswith(b"HTTP/1.1 204 ") and b"\r\nallow: GET, HEAD, OPTIONS, POST\r\n" in answer, answer


@pytest.mark.parametrize("path, allowed", [("sparql", "GET, HEAD, POST"), ("queries/who-said-what", "GET, HEAD")])
def test_a_cors_preflight_names_only_the_methods_the_route_takes(server, path, allowed):
    """The preflight of /queries/NAME said "GET, POST", and the POST it let through was a 405."""
    preflight = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    status, headers, _ = fetch(server + path, method="OPTIONS", headers=preflight)
    assert status == 200 and headers.get("access-control-allow-methods") == allowed, headers
    status, _, _ = fetch(server + path, method="OPTIONS", headers={**preflight, "Access-Control-Request-Method": "PUT"})
    assert status == 400


def test_a_cors_preflight_where_nothing_is_gets_the_404_a_plain_options_gets(server):
    """A preflight to a path where nothing is was Starlette's 400 "Disallowed CORS method", with an empty list of
    methods (a hostile read found it): a plain OPTIONS there, and the docs, say 404."""
    preflight = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    plain = fetch(server + "nope", method="OPTIONS")
    status, _, body = fetch(server + "nope", method="OPTIONS", headers=preflight)
    assert plain[0] == status == 404 and b"CORS" not in body, (plain[0], status, body[:200])


def test_a_format_parameter_naming_no_format_is_a_406_that_lists_them(server):
    status, _, body = fetch(server + "sparql?" + urlencode({"query": "ASK {}", "format": "foo"}))
    assert status == 406 and b"'foo'" in body and b"json, xml, csv" in body, body
    assert fetch(server + "sparql?" + urlencode({"query": "ASK {}", "format": "CSV"}))[2] == b"true\r\n"
    both = urlencode([("query", "ASK {}"), ("format", "tsv"), ("format", "text/tab-separated-values")])  # SPARQLWrapper's
    status, headers, body = fetch(server + "sparql?" + both)
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values") and body == b"true\n"


@pytest.mark.parametrize("headers, status, said", [
    ({"Content-Encoding": "gzip"}, 415, b"gzip-encoded"),
    ({"Content-Type": "application/sparql-query; charset=UTF-16"}, 415, b"send it as UTF-8"),
    ({"Content-Type": "application/sparql-query; charset=latin-1"}, 415, b"send it as UTF-8")])
def test_a_posted_body_is_read_as_utf_8_unencoded_or_refused_with_415(server, headers, status, said):
    import gzip

    query = 'ASK { FILTER("é" = "é") }'
    encoded = {"gzip": gzip.compress(query.encode())}.get(headers.get("Content-Encoding"), query.encode("latin-1"))
    got, answer_headers, body = fetch(server + "sparql", "application/sparql-results+json", encoded,
                                      headers={"Content-Type": "application/sparql-query", **headers})
    assert got == status and said in body, body
    if "Content-Encoding" in headers:
        assert answer_headers["accept-encoding"] == "identity"


def test_a_posted_body_that_is_not_utf_8_is_a_400_never_read_with_replacement_characters(server):
    for data, content_type, said in ((b'SELECT ("\xe9" AS ?x) {}', "application/sparql-query", b"not UTF-8 (byte 0xe9"),
                                     (b"query=SELECT+(%22%E9%22+AS+?x)+{}", "application/x-www-form-urlencoded",
                                      b"the percent-escapes of parameter 'query' are not UTF-8 (byte 0xe9")):
        status, _, body = fetch(server + "sparql", "text/csv", data, headers={"Content-Type": content_type})
        assert status == 400 and said in body, body
    status, _, body = fetch(server + "sparql", "text/csv", 'SELECT ("é" AS ?x) {}'.encode(),
                            headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert status == 200 and body.decode() == "x\r\né\r\n"


@pytest.mark.parametrize("path, parameter", [
    ("sparql?query=SELECT%20*%20WHERE%7B%3Fs%20%3Fp%20%22%FF%22%7D", "query"),
    ("sparql?query=SELECT%20(%22caf%E9%22%20AS%20%3Fx)%20%7B%7D", "query"),  # Latin-1, not UTF-8
    ("sparql?query=ASK%7B%7D&format=js%FFon", "format"),
    ("sparql?qu%FFery=ASK%7B%7D", None),
    ("queries/figures-by-person?person=Chris%20Phil%FF", "person"),
    ("queries/figures-by-person.csv?person=%C3", "person"),  # a UTF-8 sequence cut short
    ("queries/statements?report=oi:r000&x=%FF", "x"),
    ("queries/figures-by-person/figures-by-person.csv?person=%FF", "person"),  # a table of the page, as CSV
])
@pytest.mark.parametrize("accept", ["text/csv", "text/html"])
def test_a_query_string_that_is_not_utf_8_is_a_400_never_read_with_replacement_characters(server, path, parameter,
                                                                                          accept):
    """`/sparql?query=SELECT * WHERE{?s ?p "%FF"}` ran as SELECT * WHERE{?s ?p "\ufffd"} (parse_qsl's
    default), another query than was sent; so did a saved query's parameters (a name looked up as "Chris
    Phil\ufffd"). The POSTed form was refused already; the query string now is too, naming what."""
    from html import unescape

    status, headers, body = fetch(server + path, accept)
    what = f"parameter '{parameter}'" if parameter else "a parameter's name"
    assert status == 400 and f"the percent-escapes of {what} are not UTF-8 (byte 0x" in unescape(body.decode()), body
    assert headers["content-type"].startswith("text/html" if accept == "text/html" else "text/plain")  # as every 400


@pytest.mark.parametrize("path, byte, position", [
    ("id/caf%FF", "0xff", "8th"),
    ("id/caf%E9", "0xe9", "8th"),  # Latin-1 é, not UTF-8
    ("browse/%C3", "0xc3", "9th"),  # a UTF-8 sequence cut short
    ("ontology/0.1.%FF", "0xff", "15th"),
    ("static/%FF.css", "0xff", "9th"),
])
@pytest.mark.parametrize("accept", ["text/turtle", "text/html"])
def test_a_path_that_is_not_utf_8_is_a_400_that_says_so_not_a_404_with_a_replacement_character(server, path, byte,
                                                                                              position, accept):
    """/id/caf%FF was decoded with U+FFFD for the byte and answered "404 no resource /id/caf\ufffd": a path
    the client did not send. It is refused as a query string's escapes are, with the same words."""
    from html import unescape

    status, headers, body = fetch(server + path, accept)
    text = unescape(body.decode())
    assert status == 400, (status, text)
    assert (f"the percent-escapes of the path are not UTF-8 (byte {byte}, the {position} byte once decoded): "
            "send text as UTF-8") in text
    assert "\ufffd" not in text
    assert headers["content-type"].startswith("text/html" if accept == "text/html" else "text/plain")
    status, _, _ = fetch(server + "id/" + quote("café"), accept)  # UTF-8 escapes: read as sent, and not there
    assert status == 404


def test_a_query_string_in_utf_8_is_read_as_sent(server):
    status, _, body = fetch(server + "sparql?query=" + quote('SELECT ("café ☕" AS ?x) {}'), "text/csv")
    assert status == 200 and body.decode("utf-8") == "x\r\ncafé ☕\r\n"
    status, _, body = fetch(server + "queries/figures-by-person.csv?person=" + quote("Chris Philp"), "text/csv")
    assert status == 200 and PHILP.encode() in body


def test_a_backtracking_regex_costs_nothing(server):
    """Oxigraph's regular expressions run in linear time: the classic catastrophic pattern answers at once."""
    started = time.monotonic()
    status, _, body = ask(server, BACKTRACK)
    assert status == 200 and json.loads(body)["results"]["bindings"] == [] and time.monotonic() - started < 1


@pytest.mark.parametrize("query", [SLOW, CLOSURE], ids=["cross-product", "path-closure"])
def test_a_query_past_the_deadline_is_stopped_and_the_server_keeps_serving(server, query):
    answers = {}

    def hostile():
        answers["hostile"] = ask(server, query)

    started = time.monotonic()
    thread = threading.Thread(target=hostile)
    thread.start()
    time.sleep(0.3)
    page_started = time.monotonic()
    status, _, _ = fetch(server, "text/html", timeout=10)  # pages do not wait for the query
    page_time = time.monotonic() - page_started
    thread.join(timeout=30)
    elapsed = time.monotonic() - started
    status_hostile, _, body = answers["hostile"]
    assert status == 200 and page_time < 1.5
    assert status_hostile == 503 and b"deadline" in body, body
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    assert json.loads(fetch(server + "health")[2]) == {"status": "ok"}  # healthy, and says nothing more
    # the stopped worker was replaced: two queries at once are answered, one after the other they still are
    both = [None, None]

    def count(i):
        both[i] = ask(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]

    threads = [threading.Thread(target=count, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert both == [200, 200]
    assert client(server, REPORTS).queryAndConvert()["results"]["bindings"]


def test_a_result_past_the_row_cap_is_refused(server):
    status, _, body = ask(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and f"more than {MAX_ROWS} rows".encode() in body
    status, _, body = ask(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 10
    status, _, body = ask(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 422 and b"triples" in body


def test_a_page_of_rows_shows_the_first_and_says_there_are_more(server):
    """A page that met the row cap was a bare 422 telling a journalist to "add a LIMIT" (a saved query with
    no value given, at a million triples): a page shows the first SHOWN_ROWS rows and says there are
    more; the API and the downloads keep the cap."""
    from kg.web.pages import SHOWN_ROWS

    everything = urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    status, _, body = fetch(server + "sparql?" + everything, "text/html")
    assert status == 200 and body.count(b"<tr>") == 1 + SHOWN_ROWS, body.count(b"<tr>")
    assert f"The first {SHOWN_ROWS} rows: the answer has more".encode() in body and b"Add <code>LIMIT</code>" in body
    status, _, body = fetch(server + "sparql?" + everything, "application/sparql-results+json")
    assert status == 422 and f"more than {MAX_ROWS} rows".encode() in body


def test_a_saved_querys_page_shows_its_first_rows_and_its_csv_keeps_the_row_cap(project, monkeypatch):
    """In process, with a page of 10 rows: `statements` has more, and no parameter to narrow it."""
    from kg.query.store import current_release, store_folder
    from kg.sparql.run import answer
    from kg.web import pages
    from kg.web.workers import Worker

    monkeypatch.setattr(pages, "SHOWN_ROWS", 10)
    queries = load_queries(project.queries_dir)
    store = str(store_folder(project, current_release(project)))
    for cap, status in ((5, 422), (20, 422), (MAX_ROWS, 200)):  # a page never shows more than the row cap
        worker = Worker(str(project.root), store, {"timeout": 10, "max_rows": cap}, queries)
        page = worker.handle({"op": "saved", "args": {"name": "statements", "given": {}, "formats": ["rows"],
                                                      "max_rows": cap}})
        shown = min(10, cap)
        assert page.status == 200 and page.body.count(b"<tr>") == 1 + shown
        assert f"The first {shown} rows: the answer has more".encode() in page.body
        assert b"more answers than a page shows" in page.body
        narrowed = worker.handle({"op": "saved", "args": {"name": "who-said-what", "given": {"indicator": "oi:ind-net-inflow"},
                                                          "formats": ["rows"], "max_rows": cap}})
        assert narrowed.status == 200 and (b"more answers than a page shows" in narrowed.body) == (cap == 5)
        download = worker.handle({"op": "csv", "args": {"path": "queries/statements", "table": "results", "given": {}}})
        assert download.status == status, download.body[:200]
        if status == 422:
            assert f"more than {cap} rows".encode() in download.body and b"dumps" in download.body
        else:
            assert len(list(csv.reader(io.StringIO(download.body.decode("utf-8-sig"))))) - 1 == len(
                answer(worker.store, queries["statements"].text).rows) > 20


def test_the_pages_of_a_repository_of_reports_alone_read_the_model_kg_ships(project, tmp_path):
    """A repository keeping only data/*.ttl builds against the model kg ships, and kg serve started there
    answered every page with a 400, "<repository>/ontology/oioo.ttl: no such file": its workers made the
    project again from its folder alone, without the model. In process, as a worker answers."""
    import shutil

    from kg import engines
    from kg.query.store import current_release, store_folder
    from kg.sources.project import find_project
    from kg.web.workers import Worker

    shutil.copytree(project.root / "data", tmp_path / "data")
    reports = find_project(tmp_path, explicit=True)
    assert reports.model is not None
    engines.build(reports)
    worker = Worker(str(reports.root), str(store_folder(reports, current_release(reports))), {}, {})
    page = worker.handle({"op": "page", "args": {"kind": "resource", "iri": str(OI["r001"]), "path": "/id/r001"}})
    assert page.status == 200, page.body[:300]
    assert b"Report 001" in page.body


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                                    "text/tab-separated-values"])
def test_the_row_cap_is_exact_in_every_results_format(server, accept):
    """Answers are written by Oxigraph's own writers and their rows counted in the bytes written."""
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT %d"
    status, _, body = ask(server, query % MAX_ROWS, accept)
    assert status == 200, body[:300]
    status, _, body = ask(server, query % (MAX_ROWS + 1), accept)
    assert status == 422 and f"more than {MAX_ROWS} rows".encode() in body


def test_errors_are_short_and_never_tracebacks(server):
    for path in ("id/no-such-thing", "queries/no-such-query", "dumps/secret.txt", "static/../../etc/passwd",
                 "id/%2e%2e%2fetc%2fpasswd", "nothing/at/all"):
        status, headers, body = fetch(server + path, "text/plain")
        assert status == 404, path
        assert b"Traceback" not in body and len(body) < 300
    status, headers, body = fetch(server + "id/no-such-thing", "text/html")
    assert status == 404 and headers["content-type"].startswith("text/html") and b"Traceback" not in body


# ------------------------------------------------------------------ saved queries as an API

def test_saved_query_in_every_format_matches_the_embedded_engine(server, project):
    saved = load_queries(project.queries_dir)["figures-by-person"]
    from kg.reference.build import full_graph

    result = reference_answer(full_graph(project), saved.text, saved.bindings({"person": "oi:chris-philp"}))
    column = result.variables.index("figure")
    expected = sorted(str(row[column]) for row in result.rows)
    url = server + "queries/figures-by-person?person=oi:chris-philp"
    status, headers, body = fetch(url, "application/sparql-results+json")
    assert status == 200 and headers["content-type"] == "application/sparql-results+json"
    assert sorted(b["figure"]["value"] for b in json.loads(body)["results"]["bindings"]) == expected
    for suffix, media in (("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                          ("xml", "application/sparql-results+xml"), ("json", "application/sparql-results+json"),
                          ("html", "text/html")):
        status, headers, body = fetch(server + f"queries/figures-by-person.{suffix}?person=oi:chris-philp")
        assert status == 200 and headers["content-type"].startswith(media), suffix
        assert expected[0].rsplit("/", 1)[1].encode() in body
    for media in ("text/csv", "text/tab-separated-values", "application/sparql-results+xml", "text/html"):
        status, headers, _ = fetch(url, media)
        assert status == 200 and headers["content-type"].startswith(media)


def test_a_value_repeated_in_an_error_is_shown_as_typed_with_unseen_characters_escaped(server):
    """Regression (serve probe 6): indicator="><b>'x was echoed as '"><b>\\'x' (repr's backslash, which the
    user never typed), and /id/ followed by U+202E (right-to-left override) was repeated raw in the 404,
    reordering the text around it."""
    status, _, body = fetch(server + "queries/who-said-what.csv?indicator=%22%3E%3Cb%3E%27x", "text/csv")
    assert status == 400 and "no indicator is called '\"><b>'x'" in body.decode(), body
    status, _, body = fetch(server + "id/chris%E2%80%AEphilp", "text/plain")
    assert status == 404 and "\u202e" not in body.decode() and "chris\\u202ephilp" in body.decode(), body


def test_saved_query_parameter_errors_are_400_with_a_message(server):
    status, _, body = fetch(server + "queries/figure-provenance?figure=not-an-iri", "text/csv")
    assert status == 400 and b"no figure is called 'not-an-iri'" in body
    status, _, body = fetch(server + "queries/statements?colour=red", "text/csv")
    assert status == 400 and b"no parameter 'colour'" in body
    status, _, body = fetch(server + "queries/no-such-query", "text/csv")
    assert status == 404
    status, headers, body = fetch(server + "queries/figure-provenance?figure=not-an-iri", "text/html")
    assert status == 400 and b"no figure is called" in body and headers["content-type"].startswith("text/html")


def test_a_required_parameter_cleared_in_a_form_asks_for_a_value_not_the_default(server):
    """Emptying the form's box answered with the default's rows (Shabana Mahmood's figures), as if the
    reader had asked for her; an optional parameter left empty still means none."""
    status, _, body = fetch(server + "queries/figures-by-person?person=", "text/html")
    assert status == 400 and b"give a value for person" in body
    status, _, body = fetch(server + "queries/figures-by-person?person=%20", "text/csv")
    assert status == 400 and b"give a value for person" in body
    assert fetch(server + "queries/statements?report=", "text/csv")[0] == 200
    assert fetch(server + "queries/figures-by-person", "text/csv")[0] == 200  # not given: the default
    # the download of the page's table too (it answered the default's rows: a hostile read found it), and a
    # name given twice is refused there as the page refuses it
    for asked in ("person=", "person=%20", "person=&person=philp"):
        status, _, body = fetch(server + f"queries/figures-by-person/results.csv?{asked}")
        assert status == 400 and (b"give a value for person" in body or b"give each parameter once" in body), \
            (asked, status, body[:200])
    assert fetch(server + "queries/statements/results.csv?report=")[0] == 200


def test_every_page_table_has_a_csv_with_names(server):
    status, headers, body = fetch(server + "queries/figures-by-person/results.csv?" + urlencode({"person": "philp"}))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert status == 200 and headers["content-type"].startswith("text/csv")
    inferred = "speaker" in rows[1][rows[0].index("inferred")].split(", ")  # (then the name is marked so)
    assert rows[0][:2] == ["person", "person (IRI)"]
    assert rows[1][:2] == ["Chris Philp" + " (inferred)" * inferred, str(OI["chris-philp"])]
    _, _, page = fetch(server + "queries/figures-by-person?person=philp", "text/html")
    assert b'href="../queries/figures-by-person/results.csv?person=philp"' in page
    status, _, body = fetch(server + "id/r000/figures.csv")
    assert status == 200 and b"Chris Philp" in body and b"Value (IRI)" in body
    status, _, _ = fetch(server + "id/r000/no-such-table.csv")
    assert status == 404


@pytest.mark.parametrize("path", ["id/chris-philp", "id/r000", "queries/officials-roles?person=Chris%20Philp"])
def test_every_csv_a_page_links_has_the_pages_headings_and_no_hidden_column(server, path):
    """/id/chris-philp linked its posts' saved query as CSV too (queries/officials-roles.csv?person=...):
    the API's raw answer, headed __person_iri,name,post,postName, with IRIs where the page shows names. A
    page now links its tables' own CSV only (the page's headings, each name's IRI beside it); the raw
    answer stays the API's (queries/NAME.csv, described by OpenAPI) and /sparql's."""
    from html import unescape

    _, _, page = fetch(server + path, "text/html")
    html = page.decode("utf-8")
    links = [unescape(link) for link in re.findall(r'href="([^"]*\.csv[^"]*)"', html)]
    tables = re.findall(r'<table[^>]*>.*?<thead><tr>(.*?)</tr></thead>', html, re.S)
    assert len(links) == len(tables) >= 1, links
    for head, link in zip(tables, links):
        columns = [unescape(c) for c in re.findall(r'<th scope="col">(.*?)</th>', head)]
        status, _, body = fetch(urllib.parse.urljoin(server + path, link))
        header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert status == 200 and not any(h.startswith("__") for h in header), (link, header)
        assert [h for h in header if not h.endswith(")")] == columns, (link, header)  # "(IRI)", "(number)" beside


def test_a_persons_later_statements_are_served_at_said_pages(server):
    status, _, page = fetch(server + "said/shabana-mahmood-2", "text/html")
    assert status == 200 and b"What Shabana Mahmood said" in page and b'href="../id/shabana-mahmood" rel="prev"' in page
    status, headers, body = fetch(server + "said/shabana-mahmood-2/figures.csv")
    assert status == 200 and headers["content-type"].startswith("text/csv") and b"Value (IRI)" in body
    for missing in ("said/shabana-mahmood-99", "said/shabana-mahmood-1", "said/r000-2", "said/shabana-mahmood-99/figures.csv"):
        status, _, body = fetch(server + missing)
        assert status == 404 and b"no page said/" in body and b"Traceback" not in body, (missing, body[:200])


@pytest.mark.parametrize("query", ["", "?person=philp"])
def test_the_csv_of_a_saved_query_that_does_not_exist_is_a_404_not_a_500(server, query):
    """Found by a hostile read: /queries/NAME/results.csv of an unknown NAME was a 500 (KeyError)."""
    status, _, body = fetch(server + f"queries/nosuch/results.csv{query}")
    assert status == 404 and b"no saved query 'nosuch'" in body, (status, body[:200])


@pytest.mark.parametrize("path", ["queries/who-said-what/rows.csv", "id/chris-philp/nope.csv", "index/nope.csv"])
@pytest.mark.parametrize("query", ["", "?indicator=oi:ind-net-inflow", "?indicator=bogus"])
def test_a_table_a_page_does_not_have_is_a_404_whatever_parameters_come_with_it(server, path, query):
    status, _, body = fetch(server + path + query)
    assert status == 404 and b"no table '" in body, (status, body[:200])


def test_saved_query_parameters_take_names(server):
    status, _, by_name = fetch(server + "queries/figures-by-person.csv?" + urlencode({"person": "Chris Philp"}))
    status_iri, _, by_iri = fetch(server + "queries/figures-by-person.csv?person=oi:chris-philp")
    assert status == status_iri == 200 and by_name == by_iri and by_name.count(b"\n") > 5
    status, _, body = fetch(server + "queries/figures-by-person.csv?person=philp")
    assert status == 200 and body == by_iri
    status, _, body = fetch(server + "queries/figures-by-person.csv?" + urlencode({"person": "Chris Phlip"}))
    assert status == 400 and b"Nearest names: Chris Philp (oi:chris-philp)" in body
    status, _, body = fetch(server + "queries/figures-by-person.csv?person=unnamed")
    assert status == 400 and b"names 4 unnamed speakers" in body and b"oi:unnamed-sources" in body


def test_a_bad_parameter_in_a_form_is_answered_with_the_names_a_reader_types(server):
    """The page said "Nearest names: different baseline (oo:DifferentBaseline)"; the API keeps the prefixed name."""
    status, _, page = fetch(server + "queries/discrepancies?kind=nonsense", "text/html")
    assert status == 400 and b"Nearest names: different baseline" in page and b"(oo:" not in page.split(b"<details")[0]
    status, _, body = fetch(server + "queries/discrepancies.csv?kind=nonsense")
    assert status == 400 and b"different baseline (oo:DifferentBaseline)" in body


def test_a_hostile_parameter_is_refused_not_pasted(server):
    hostile = 'oi:x> } UNION { ?s ?p ?o } #'
    status, _, body = fetch(server + "queries/statements-by-person?" + urlencode({"person": hostile}), "text/csv")
    assert status == 400 and b"must be an IRI" in body
    status, _, body = fetch(server + "queries/statements-by-person?" + urlencode({"person": "oi:nobody"}), "text/csv")
    assert status == 400 and b"no person oi:nobody in this dataset" in body  # never an empty result
    status, _, body = fetch(server + "queries/statements-by-person?" + urlencode({"person": 'x" } #'}), "text/csv")
    assert status == 400 and b"no person is called" in body


def test_openapi_describes_every_saved_query(server, project):
    from openapi_spec_validator import validate

    status, headers, body = fetch(server + "openapi.json")
    spec = json.loads(body)
    validate(spec)
    assert {f"/queries/{name}" for name in load_queries(project.queries_dir)} <= set(spec["paths"])
    parameters = {p["name"] for p in spec["paths"]["/queries/reports-stating-figure"]["get"]["parameters"]}
    assert parameters == {"value", "indicator"}
    status, _, body = fetch(server + "queries", "application/json")
    assert {q["name"] for q in json.loads(body)} == set(load_queries(project.queries_dir))


# ------------------------------------------------------------------ linked data

@pytest.mark.parametrize("accept, media, syntax", [
    ("text/html", "text/html", None),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", None),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/json", "application/ld+json", "json-ld"),
    ("text/html;q=0.2, text/turtle;q=0.9", "text/turtle", "turtle"),
    ("*/*", "text/html", None),
])
def test_every_iri_dereferences_by_content_negotiation(server, accept, media, syntax):
    status, headers, body = fetch(server + "id/chris-philp", accept)
    assert status == 200
    assert headers["content-type"].split(";")[0] == media
    assert "Accept" in headers["vary"]
    if syntax:
        graph = Graph().parse(data=body.decode("utf-8"), format=syntax)
        assert (URIRef(PHILP), RDFS.label, Literal("Chris Philp", lang="en")) in graph
    else:
        assert b"<h1>Chris Philp</h1>" in body


def test_conneg_refusal_extensions_and_unknown_resources(server):
    assert fetch(server + "id/chris-philp", "image/png")[0] == 406
    for extension, media in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"),
                             ("html", "text/html")):
        status, headers, _ = fetch(server + f"id/chris-philp.{extension}", "text/html")
        assert status == 200 and headers["content-type"].startswith(media)
    assert fetch(server + "id/no-such-person", "text/turtle")[0] == 404


def test_each_resource_of_the_graph_dereferences(server, project):
    from kg.reference.build import full_graph
    from kg.web.pages import path_of

    graph = full_graph(project)
    resources = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and (path_of(s) or "").startswith("id/")})
    assert len(resources) > 300
    for iri in resources[::15]:  # a sample keeps the test fast; publish writes every page
        status, headers, body = fetch(server + path_of(iri), "text/turtle")
        assert status == 200, iri
        assert (iri, None, None) in Graph().parse(data=body.decode(), format="turtle")


def test_ontology_terms_dereference_to_the_ontology(server):
    status, headers, body = fetch(server + "ontology", "text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    assert (URIRef("https://w3id.org/oioo/ontology#Figure"), RDF.type, None) in graph
    status, headers, body = fetch(server + "ontology", "text/html")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'id="Figure"' in body and b'id="PostHolding"' in body  # the hash IRIs land on their terms


@pytest.mark.parametrize("accept, media", [("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
                                           ("application/n-triples", "application/n-triples"), ("text/html", "text/html")])
def test_the_ontologys_version_iri_resolves_as_the_ontology_iri_does(server, project, accept, media):
    """owl:versionIRI <https://w3id.org/oioo/ontology/0.1.0> was "404 nothing at /ontology/0.1.0": the
    ontology's own IRI was served, its version's not. Both now answer alike, by Accept or by extension."""
    from rdflib.namespace import OWL

    ontology = Graph().parse(project.ontology_file)
    versions = [str(v) for v in ontology.objects(None, OWL.versionIRI)]
    assert versions and all(v.startswith("https://w3id.org/oioo/ontology/") for v in versions)
    for version in versions:
        path = version.removeprefix("https://w3id.org/oioo/")
        status, headers, body = fetch(server + path, accept)
        assert status == 200 and headers["content-type"].startswith(media), (path, status)
        same, _, expected = fetch(server + "ontology", accept)
        if media == "text/html":  # (each page names its own files: ontology.ttl, ../ontology/0.1.0.ttl)
            expected = expected.replace(b'href="ontology.', f'href="../{path}.'.encode())
        assert same == 200 and body == expected, path
        if media != "text/html":
            assert headers["content-location"].startswith(f"/{path}.")
            extension = headers["content-location"].rpartition(".")[2]
            status, headers, by_extension = fetch(server + f"{path}.{extension}")
            assert status == 200 and headers["content-type"].startswith(media) and by_extension == body
    status, _, body = fetch(server + "ontology/9.9.9", "text/plain")
    assert status == 404 and b"no version '9.9.9' of the ontology (its versions: /ontology/0.1.0;" in body


def test_the_dataset_lists_as_examples_only_the_resources_the_data_describes():
    """Each example is asked for with the IRI bound as an RDF term (it was written into the query text)."""
    import pyoxigraph as ox

    from kg.web.dataset import facts

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/oioo/id/shabana-mahmood"), ox.NamedNode("urn:p"), ox.Literal("x")))
    assert [str(e) for e in facts(store)["examples"]] == ["https://w3id.org/oioo/id/shabana-mahmood"]


@pytest.mark.parametrize("count, words", [(1, "1 news report on"), (2, "2 news reports on"), (6, "6 news reports on")])
def test_the_dataset_description_counts_the_reports_the_data_holds(count, words):
    """VoID/DCAT's dcterms:description said "five news reports" of any data: a sixth added by `kg add`, a
    generated corpus of 30."""
    import pyoxigraph as ox

    from kg.web.dataset import DATASET, describe, facts

    store = ox.Store()
    for n in range(count):
        store.add(ox.Quad(ox.NamedNode(f"https://w3id.org/oioo/id/r{n:03}"),
                          ox.NamedNode(str(RDF.type)), ox.NamedNode("https://w3id.org/oioo/ontology#Report")))
    said = str(describe(facts(store), {}, "http://127.0.0.1:8000/").value(DATASET, DCTERMS.description))
    assert words in said and "five" not in said

def test_void_dcat_and_dumps(server):
    for path in ("dataset", ".well-known/void"):
        status, headers, body = fetch(server + path, "text/turtle")
        assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    dataset = URIRef("https://w3id.org/oioo/dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph and (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef(server + "sparql")) in graph
    assert {str(e) for e in graph.objects(dataset, VOID.exampleResource)} == {
        "https://w3id.org/oioo/id/r000", "https://w3id.org/oioo/id/r000-fig-returned-281-mahmood",
        "https://w3id.org/oioo/id/shabana-mahmood"}
    services = set(graph.subjects(RDF.type, DCAT.DataService))
    assert any((s, DCAT.endpointURL, URIRef(server + "sparql")) in graph for s in services)
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    downloads = {str(graph.value(d, DCAT.downloadURL)): graph.value(d, DCAT.byteSize)
                 for d in graph.subjects(RDF.type, DCAT.Distribution)}
    assert all(size is not None for url, size in downloads.items() if not url.endswith(".gz"))
    names = {url.rsplit("/", 1)[1] for url in downloads}
    assert {"oioo-full.ttl", "oioo-full.nt", "oioo-full.jsonld", "oioo-full.nt.gz", "oioo-full.ttl.gz"} <= names
    full = URIRef("https://w3id.org/oioo/dataset#oioo-full")
    triples = int(graph.value(full, VOID.triples))
    url = next(u for u in downloads if u.endswith("oioo-full.nt.gz"))
    status, headers, body = fetch(url)  # a gzipped copy is made on the first request
    assert status == 200 and headers["content-type"] == "application/gzip"
    assert gzip.decompress(body) == fetch(url.removesuffix(".gz"))[2]
    assert gzip.decompress(body).count(b"\n") == triples
    plain = next(u for u in downloads if u.endswith("oioo-full.nt"))
    assert len(fetch(plain)[2]) == int(downloads[plain])
    status, _, body = fetch(server + "dataset", "text/html")
    assert status == 200 and b"oioo-full.ttl.gz" in body


def test_the_well_known_void_is_the_description_in_turtle_to_a_client_that_names_no_html(server):
    """A crawler looking for the VoID at /.well-known/void (VoID 7.2) with curl's */* or no Accept got the dataset's
    HTML page, where the static site has the Turtle: it gets the Turtle, a browser the page; /dataset is unchanged."""
    for accept in (None, "*/*"):
        status, headers, body = fetch(server + ".well-known/void", accept)
        assert status == 200 and headers["content-type"].startswith("text/turtle"), accept
        assert (URIRef("https://w3id.org/oioo/dataset"), RDF.type, VOID.Dataset) in Graph().parse(data=body.decode(), format="turtle")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert fetch(server + ".well-known/void", browser)[1]["content-type"].startswith("text/html")
    assert fetch(server + "dataset", "*/*")[1]["content-type"].startswith("text/html")


def test_the_dataset_description_reads_alike_in_oxigraph_and_rdflib(server):
    """dcat:byteSize was an xsd:nonNegativeInteger, which Oxigraph's store answers as an xsd:integer and rdflib
    as written: one who loaded /dataset into the one read other sizes than in the other, and than the file.
    A size is an xsd:integer (DCAT: "given as an integer"), and every literal of the description is answered
    as written by both."""
    for path in ("dataset", ".well-known/void"):
        body = fetch(server + path, "text/turtle")[2]
        assert answered_apart(body) == [], path
    sizes = list(Graph().parse(data=body.decode(), format="turtle").objects(None, DCAT.byteSize))
    assert sizes and {size.datatype for size in sizes} == {XSD.integer}


def test_a_dump_not_made_yet_says_so_on_the_downloads_page_never_none(server):
    """kg serve makes a dump's gzipped copy when it is first asked for: until then its size and hash
    are not known, and the page says when they will be (it printed "None" for both)."""
    row = lambda page: re.search(r'<tr><td><a href="[^"]*dumps/oioo-base.jsonld.gz">.*?</tr>', page, re.S).group(0)  # noqa: E731
    before = fetch(server + "dataset", "text/html")[2].decode()
    assert "None" not in before
    assert "made when first downloaded" in row(before)
    body = fetch(server + "dumps/oioo-base.jsonld.gz")[2]
    after = row(fetch(server + "dataset", "text/html")[2].decode())
    assert hashlib.sha256(body).hexdigest() in after and f">{len(body):,}<" in after
    assert "made when first downloaded" not in after


def test_a_chart_served_is_kept_in_the_releases_chart_folder(server, project):
    """Drawn by one worker, kept for the others, for a server started again and for kg publish."""
    status, headers, body = fetch(server + "id/ind-returned-to-france/chart.svg")
    assert status == 200 and headers["content-type"].startswith("image/svg+xml") and body.startswith(b"<?xml")
    kept = [path.read_bytes() for path in (project.dist_dir / "charts").glob("*/*.svg")]
    assert body in kept


def test_html_pages_for_a_journalist(server):
    _, _, person = fetch(server + "id/shabana-mahmood", "text/html")
    assert b"Posts over time" in person and b"What they said" in person and b"Home Secretary" in person
    _, _, figure = fetch(server + "id/r000-fig-returned-281-mahmood", "text/html")
    text = figure.decode()
    assert "The report's exact words" in text and "000_" in text and "characters 154–268" in text
    assert "Home Secretary Shabana Mahmood confirmed 281 small boat migrants" in text
    assert 'href="../id/shabana-mahmood"' in text and 'href="../id/r000"' in text
    _, _, derived = fetch(server + "id/" + quote("r000-fig-net-inflow-70-philp"), "text/html")
    assert b"Verdict" in derived and b"Where reports disagree" in derived
    _, _, report = fetch(server + "id/r000", "text/html")
    assert b"Figures in this report" in report and b"Who said what" in report
    _, headers, home = fetch(server, "text/html")
    assert b"Saved queries" in home and b'action="queries/who-said-what"' in home
    assert "script-src 'self'" in headers["content-security-policy"]


def test_the_links_of_a_saved_query_table_resolve_from_its_page(server):
    """The table on /queries/NAME linked to id/... as if the page were at the site's root: every link
    pointed to /queries/id/..., a 404."""
    status, _, body = fetch(server + "queries/who-said-what?indicator=oi:ind-net-inflow", "text/html")
    assert status == 200
    links = set(re.findall(r'href="([^"]*id/chris-philp)"', body.decode()))
    assert links == {"../id/chris-philp"}
    assert fetch(urllib.parse.urljoin(server + "queries/who-said-what", "../id/chris-philp"), "text/html")[0] == 200


def test_a_saved_querys_page_marks_each_value_its_inferred_column_names_as_the_published_page_does(server, project):
    """/queries/who-said-what showed "Chris Philp | Shadow Home Secretary" with "speaker, speakerPost" in a last
    column, where the desk's pages read "Chris Philp (inferred), Shadow Home Secretary (inferred)" (found by a
    hostile read); and kg serve made the table apart from kg publish, which did not mark them either."""
    import json as json_module

    from kg.query.store import open_store
    from kg.web.pages import Site

    path = "queries/who-said-what?indicator=oi:ind-net-inflow"
    answer = json_module.loads(fetch(server + path, "application/sparql-results+json")[2])
    marks = [b["inferred"]["value"].split(", ") for b in answer["results"]["bindings"]]
    status, _, body = fetch(server + path, "text/html")
    cells = re.findall(r'<td data-label="(speaker|role)">(.*?)</td>', body.decode(), re.S)
    speakers = [inner for label, inner in cells if label == "speaker"]
    roles = [inner for label, inner in cells if label == "role"]
    assert status == 200 and len(speakers) == len(roles) == len(marks) and any("speaker" in m for m in marks)
    for mark, speaker, role in zip(marks, speakers, roles):
        assert ('class="inferred"' in speaker) == ("speaker" in mark), (mark, speaker)
        assert ('class="inferred"' in role) == ("speakerPost" in mark), (mark, role)
    published = Site(project, open_store(project), static=True, endpoint=None).saved_table(
        "../", "who-said-what", {"indicator": "<https://w3id.org/oioo/id/ind-net-inflow>"})
    first = published.columns.index("speaker")
    assert [row[first].text.endswith(" (inferred)") for row in published.rows] == ["speaker" in m for m in marks]


@pytest.mark.parametrize("name, given, column, mark", [
    ("who-said-what", {"indicator": "<https://w3id.org/oioo/id/ind-small-boat-arrivals>"}, "indicator", "indicator"),
    ("check-verdicts", {}, "arithmetic", "derivation")])
def test_a_saved_querys_page_marks_an_indicator_or_arithmetic_the_curators_read(project, name, given, column, mark):
    """The inferred column names indicator (Philp's "41,000 arrived" read as small-boat arrivals) and derivation
    (his 70 checked against 350 - 281, inputs he never gave): the page marks those cells "(inferred)" as it does a
    speaker, and no other."""
    from kg.query.store import open_store
    from kg.web.pages import Site

    site = Site(project, open_store(project), static=True, endpoint=None)
    table = site.saved_table("../", name, given)
    at, marks = table.columns.index(column), table.columns.index("inferred")
    shown = [(row[at].text.endswith(" (inferred)"), mark in row[marks].text.split(", ")) for row in table.rows]
    assert (True, True) in shown and all(cell == marked for cell, marked in shown), shown


@pytest.mark.parametrize("path, says", [
    ("id/chris-philp/chart.svg", "no chart for /id/chris-philp: Chris Philp is not an indicator, and only an indicator "
                                 "has one (see /browse/indicators)\n"),
    ("id/nobody/chart.svg", "no resource /id/nobody in this dataset\n")])
def test_a_chart_of_what_is_not_an_indicator_says_so_in_words_never_an_iri(server, path, says):
    """/id/chris-philp/chart.svg said "no indicator https://w3id.org/oioo/id/chris-philp in this dataset": the IRI a
    reader never typed, and "no" of a person who is there. It now says what is there and where the charts are."""
    status, _, body = fetch(server + path, "*/*")
    assert status == 404 and body.decode("utf-8") == says, body


@pytest.mark.parametrize("path, says", [
    ("id/chris-philp.ttl.ttl", "no resource /id/chris-philp.ttl in this dataset\n"),
    ("id/nobody.nt", "no resource /id/nobody in this dataset\n"),
    ("id/nobody?format=jsonld", "no resource /id/nobody in this dataset\n")])
def test_a_description_of_nothing_names_the_path_asked_for_never_the_iri(server, path, says):
    """/id/chris-philp.ttl.ttl said "no resource https://w3id.org/oioo/id/chris-philp.ttl in this dataset" where
    /id/nobody says "no resource /id/nobody": a description's 404 named the IRI, a page's the path."""
    status, _, body = fetch(server + path, "*/*")
    assert status == 404 and body.decode("utf-8") == says, body


def test_a_repeated_parameter_is_refused_by_every_route_that_takes_one(server):
    for path in ("queries/statements.csv", "queries/statements/results.csv"):
        status, _, body = fetch(server + path + "?report=oi:r000&report=oi:r001")
        assert status == 400 and b"give each parameter once" in body, path


def test_a_resource_offers_only_the_formats_it_has(server):
    status, _, body = fetch(server + "id/chris-philp", "application/rdf+xml")
    assert status == 406 and b"rdf+xml" not in body and b"text/turtle" in body


def test_an_error_page_says_what_happened_in_words_and_where_to_go(server):
    """A reader who mistypes a name got a page headed "404" and a link home."""
    status, headers, body = fetch(server + "id/chris-philpp", "text/html")
    page = body.decode()
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in page and "HTTP 404" in page and "<title>Page not found (404)" in page
    assert 'href="../search"' in page or 'href="search"' in page or 'href="/search"' in page, page
    status, _, body = fetch(server + "nothing-here", "text/html")
    assert status == 404 and b"<h1>Page not found</h1>" in body and b"nothing at /nothing-here" in body


@pytest.mark.parametrize("person", ["chris-philp", "kemi-badenoch", "pm-official-spokesman"])
def test_a_pages_link_to_its_saved_query_fills_the_form_with_a_name_that_gives_the_same_rows(server, person):
    """A person's page linked its saved query with the person's IRI, so the form a journalist opened showed
    <https://w3id.org/oioo/id/...> in its box. The link now gives the name, when the name finds that person
    alone, and the form answers with the rows the page showed."""
    from html import unescape

    _, _, page = fetch(server + f"id/{person}", "text/html")
    (link,) = [unescape(href) for href in re.findall(r'saved query <a href="([^"]*)"', page.decode("utf-8"))]
    given = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["person"][0]
    assert not given.startswith("<") and ":" not in given, link
    _, _, form = fetch(urllib.parse.urljoin(server + f"id/{person}", link), "text/html")
    assert [unescape(v) for v in re.findall(r'name="person" value="([^"]*)"', form.decode("utf-8"))] == [given]
    named, iri = (fetch(server + f"queries/officials-roles.csv?person={urllib.parse.quote(value)}")[2]
                  for value in (given, f"<https://w3id.org/oioo/id/{person}>"))
    assert named == iri and len(named.splitlines()) > 1


def test_a_query_forms_boxes_explain_themselves_without_an_identifier(server, project):
    """A form's box had its parameter's description from the query's header as its tooltip, developers' text
    ("a person's IRI, e.g. oi:yvette-cooper"). A box for a resource now says how to fill it in, in words."""
    from html import unescape

    names = sorted(load_queries(project.queries_dir))
    titles = []
    for name in names:
        _, _, page = fetch(server + f"queries/{name}", "text/html")
        titles += [unescape(t) for t in re.findall(r'<input type="text"[^>]*?title="([^"]*)"', page.decode("utf-8"))]
    assert titles and not [t for t in titles if re.search(r"\b(oi|oo|xsd):|https?://", t)], titles
    assert "person: type a name and choose it from the list, or paste its permalink" in titles
    placeholders = [unescape(t) for name in names for t in re.findall(
        r'placeholder="([^"]*)"', fetch(server + f"queries/{name}", "text/html")[2].decode("utf-8"))]
    assert placeholders and not [p for p in placeholders if "IRI" in p], placeholders  # ("a name or IRI": a hostile read)


def test_the_entity_count_tests_each_subject_once_and_counts_what_the_per_triple_test_counted():
    """VoID's entities: the dataset's own IRIs as subjects, each once. Counted by testing each subject
    once (2.6 s at a million triples) rather than each triple (10 s): the count must not change,
    whatever the subject (another namespace, a blank node, a subject of many triples)."""
    import pyoxigraph as ox

    from kg.sparql.run import answer
    from kg.web.dataset import STATISTICS

    store = ox.Store()
    label = ox.NamedNode(str(RDFS.label))
    for subject in (ox.NamedNode(f"{OI}a"), ox.NamedNode(f"{OI}b"), ox.NamedNode("http://example.org/c"), ox.BlankNode("d")):
        for n in range(3):
            store.add(ox.Quad(subject, label, ox.Literal(f"x{n}")))
    store.add(ox.Quad(ox.NamedNode("http://example.org/e"), label, ox.NamedNode(f"{OI}f")))  # an object only
    per_triple = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(oi:))) }"
    assert int(answer(store, STATISTICS["entities"]).rows[0][0]) == int(answer(store, per_triple).rows[0][0]) == 2
