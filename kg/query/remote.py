"""The build on a real SPARQL server: `kg push URL` and `kg query NAME --endpoint URL`.

`kg push` sends the graph that queries see (dist/oioo-full.nt: asserted and inferred triples, plus the
checks and discrepancies when built) to a SPARQL 1.1 Graph Store Protocol endpoint: PUT replaces the
default graph (or `--graph IRI`), `--append` POSTs instead. Oxigraph's store is http://HOST:7878/store.

`kg query NAME --endpoint URL` runs a saved query on any SPARQL 1.1 endpoint. A remote endpoint takes
no initBindings, so the parameters go after the query as a VALUES block (SPARQL 1.1's standard way),
written from the RDF terms (rdflib's `term.n3()`: IRIs checked by kg.sparql.saved, literals quoted and
escaped), never from the user's raw text. A name ("Chris Philp") is resolved on the endpoint itself, as
kg.query.names resolves it on the local graph.
"""

from __future__ import annotations

import http.client
import io
import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from rdflib import Graph, Literal, URIRef, Variable  # noqa: F401 (Variable: the doctests)
from rdflib.query import Result

import pyoxigraph as ox

from kg.graph.store import current_release, open_store
from kg.errors import KGError, echoed
from kg.sparql.saved import is_iri
from kg.namespaces import PREFIXES
from kg.query.names import MEMBERS, Names
from kg.sparql.run import Answer

USER_AGENT = "oioo-kg (kg push / kg query --endpoint)"


def shown(text: str, url: str) -> str:
    """`text` (a message about `url`) without the user name and password `url` may carry
    (http://user:pass@host/): they were echoed in messages, and the parser's own errors quote them.

    >>> shown("cannot reach http://ann:s3cret@example.org/: nonnumeric port: 's3cret@example.org'", "http://ann:s3cret@example.org/")
    "cannot reach http://***@example.org/: nonnumeric port: '***@example.org'"
    """
    userinfo = re.match(r"[^/?#]*//([^/?#]*)@", url)
    for secret in (userinfo.group(1), userinfo.group(1).rpartition(":")[2]) if userinfo else ():
        text = text.replace(f"{secret}@", "***@")
    return text


def checked_url(url: str, given: str = "") -> str:
    """`url` if it is an http(s) URL with a host, written in ASCII as an IRI may be, else a KGError that says
    why (before anything is built or sent), after `given` (the option that gave it) if any. A space, a
    `<` or a letter beyond ASCII made a request fail with Python's words ("ordinal not in range(128)"),
    and a base URL the site's Turtle could not write, an internal error.

    >>> checked_url("http://[::1")
    Traceback (most recent call last):
    kg.errors.KGError: not a valid URL: 'http://[::1' (Invalid IPv6 URL)
    >>> checked_url("https://example.org/café", "--base-url")
    Traceback (most recent call last):
    kg.errors.KGError: --base-url: not a valid URL: 'https://example.org/café' (write a space, a control, <>"{}|\\^` and any letter beyond ASCII percent-encoded)
    """
    where = f"{given}: " if given else ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as error:
        raise KGError(shown(f"{where}not a valid URL: {url!r} ({error})", url)) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KGError(shown(f"{where}not an http(s) URL: {url!r}", url))
    if not url.isascii() or not is_iri(url):
        raise KGError(shown(f"{where}not a valid URL: {url!r} (write a space, a control, <>\"{{}}|\\^` and any "
                            "letter beyond ASCII percent-encoded)", url))
    return url


def http_request(method: str, url: str, data: bytes | None = None, headers: dict | None = None,
         timeout: float = 60.0) -> tuple[int, dict, bytes]:
    """One HTTP request; a refused connection or an HTTP error becomes a KGError with a short message."""
    checked_url(url)
    request = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        body = error.read()[:500].decode("utf-8", "replace").strip()
        raise KGError(shown(f"{method} {url}: HTTP {error.code} {error.reason}" + (f": {body}" if body else ""), url)) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        reason = getattr(error, "reason", None) or error or type(error).__name__
        raise KGError(shown(f"cannot reach {url}: {reason}", url)) from None


def store_url(url: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL for the default graph (?default) or a named one (?graph=IRI).

    >>> store_url("http://127.0.0.1:7878/store")
    'http://127.0.0.1:7878/store?default'
    >>> store_url("http://127.0.0.1:7878/store", "https://w3id.org/oioo/")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Foioo%2F'
    """
    query = urlsplit(url).query
    if re.search(r"(^|&)(default|graph)(=|&|$)", query):
        return url
    target = urlencode({"graph": graph}) if graph else "default"
    return url + ("&" if query else "?") + target


def push(project, url: str, graph: str | None = None, append: bool = False, timeout: float = 300.0,
         progress=lambda message: None) -> dict:
    """Load the build into a Graph Store Protocol endpoint; returns what was sent."""
    checked_url(url)
    if graph is not None and not is_iri(graph):  # (a graph name is an IRI, as an IRI parameter is)
        raise KGError(f"--graph must be an absolute IRI (https://..., urn:...), got {echoed(graph, quoted=True)}")
    current_release(project, progress)
    data = open_store(project, in_memory=True).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    triples = data.count(b"\n")
    target = store_url(url, graph)
    status, _, _ = http_request("POST" if append else "PUT", target, data,
                        {"Content-Type": "application/n-triples"}, timeout)
    return {"url": shown(target, url), "triples": triples, "bytes": len(data), "status": status,
            "method": "POST" if append else "PUT"}


# ------------------------------------------------------------------ parameters as a VALUES block

def values_block(bindings: dict) -> str:
    """`VALUES (?a ?b) { (<iri> "text") }` for bound parameters, from RDF terms only.

    >>> values_block({Variable("_person_iri"): URIRef("https://w3id.org/oioo/id/chris-philp")})
    'VALUES (?_person_iri) { (<https://w3id.org/oioo/id/chris-philp>) }'
    >>> values_block({Variable("__about_string"): Literal('say "hi" } #')})
    'VALUES (?__about_string) { ("say \\\\"hi\\\\" } #") }'
    """
    if not bindings:
        return ""
    names, terms = [], []
    for variable, term in sorted(bindings.items(), key=lambda item: str(item[0])):
        if not isinstance(term, (URIRef, Literal)):
            raise KGError(f"cannot bind {variable} to {term!r}: only IRIs and literals")
        if isinstance(term, URIRef) and not re.fullmatch(r"[^\s<>\"{}|\\^`]+", str(term)):
            raise KGError(f"not a valid IRI for {variable}: {str(term)!r}")
        names.append(f"?{variable}")
        terms.append(term.n3())
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def bind_values(text: str, bindings: dict) -> str:
    """The query followed by a VALUES clause holding its parameters.

    >>> print(bind_values("SELECT ?x ?_v_iri WHERE { ?x ?p ?_v_iri }", {Variable("_v_iri"): URIRef("urn:x")}))
    SELECT ?x ?_v_iri WHERE { ?x ?p ?_v_iri }
    VALUES (?_v_iri) { (<urn:x>) }
    """
    block = values_block(bindings)
    return f"{text.rstrip()}\n{block}" if block else text


def with_prefixes(text: str) -> str:
    """The project's prefixes declared for a server that does not predeclare them (rdflib's initNs)."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):", text)}
    missing = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p.lower() not in declared)
    return missing + text


def remote_query(endpoint: str, text: str, timeout: float = 120.0) -> Answer:
    """Run a query on a SPARQL 1.1 endpoint (POST, form-encoded) and read its result as an Answer."""
    accept = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
    status, headers, body = http_request("POST", endpoint, urlencode({"query": text}).encode("utf-8"),
                                 {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, timeout)
    media = next((v for k, v in headers.items() if k.lower() == "content-type"), "").split(";")[0].strip().lower()
    if media in ("application/sparql-results+json", "application/json"):
        try:
            result = Result.parse(io.BytesIO(body), format="json")
        except (ValueError, KeyError, json.JSONDecodeError) as error:
            raise KGError(shown(f"{endpoint} sent results that are not SPARQL JSON: {error}", endpoint)) from None
        if result.type == "ASK":
            return Answer("ASK", boolean=bool(result.askAnswer))
        return Answer("SELECT", [str(v) for v in result.vars], [list(row) for row in result])
    formats = {"application/n-triples": "nt", "text/turtle": "turtle", "text/plain": "nt"}
    if media in formats:
        try:
            graph = Graph().parse(data=body.decode("utf-8"), format=formats[media])
        except Exception as error:  # rdflib's parsers raise plain exceptions
            raise KGError(shown(f"{endpoint} sent RDF that does not parse: {' '.join(str(error).split())[:200]}", endpoint)) from None
        return Answer("CONSTRUCT", triples=list(graph))
    raise KGError(shown(f"{endpoint} answered with {media or 'no content type'}, not SPARQL results", endpoint))


class Endpoint:
    """A SPARQL endpoint read as kg.query.names.Names reads a graph, so that a parameter may be a name
    ("Chris Philp") there too: whether a resource is described (ASK), and the members of a class with
    their labels. Each question is a query of the project's own, its values bound by VALUES."""

    def __init__(self, url: str):
        self.url = url

    def __contains__(self, triple) -> bool:
        bound = {Variable(name): term for name, term in zip("spo", triple) if term is not None}
        found = remote_query(self.url, with_prefixes(bind_values("ASK { ?s ?p ?o }", bound)))
        return bool(found.boolean)

    def members(self, cls) -> list:
        """(member, label, class, alternative) rows, as kg.query.names.MEMBERS gives them."""
        return remote_query(self.url, with_prefixes(bind_values(MEMBERS, {Variable("class"): cls}))).rows


def run_saved_remote(saved, given: dict, endpoint: str) -> Answer:
    """A saved query on a remote endpoint, names resolved there, its parameters bound by a VALUES clause."""
    return remote_query(endpoint, with_prefixes(bind_values(saved.text, Names(Endpoint(endpoint)).bind(saved, given))))
