"""`kg serve` against the SPARQL 1.1 Protocol as Oxigraph's own server (`oxigraph serve-read-only`) answers it: each
test is a request of the matrix both were sent (docs/security.md says how to send it again) where kg serve answered
worse: a 406 for a format a client asks for and Oxigraph sends, and the like."""

from __future__ import annotations

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
