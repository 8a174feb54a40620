"""`kg serve`: a read-only SPARQL endpoint, the saved queries as an API, and linked-data pages.

    /                    home: dataset summary, saved queries (forms), SPARQL editor
    /sparql              SPARQL 1.1 Protocol (GET, POST form, POST application/sparql-query);
                         without a query: the service description (HTML: the editor)
    /queries[/NAME]      saved queries, e.g. /queries/figures-by-person?person=oi:chris-philp
                         (.json .xml .csv .tsv .html, or by Accept); /openapi.json describes them
    /id/NAME[.ext]       every resource, by content negotiation (HTML, Turtle, JSON-LD, N-Triples)
    /browse/KIND[-N]     every person, report, figure... a page of a hundred at a time (/browse: the lists, with
                         how many each holds; /id, a redirect to it)
    /said/NAME-N         page N of what a person said, or of what was said in an organisation's name (their own page shows the first)
    /ontology[.ext]      the ontology (HTML documentation by pyLODE, or its Turtle)
    /ontology/VERSION[.ext]  the same, at its version IRI (owl:versionIRI, e.g. /ontology/0.1.0)
    /dataset[.ext]       VoID and DCAT (also /.well-known/void); /dumps/FILE the dumps, gzipped too (/dumps: a
                         redirect to /dataset#dumps, which lists them)

Everything is answered from the release's Oxigraph store, in worker processes (kg.web.workers) with a
deadline and a row cap: queries, and the pages (kg.web.pages), which run the saved queries and are
cached. Updates, SERVICE, LOAD and FROM are refused before anything runs (kg.sparql.safety). The
server serves a private snapshot of dist/ (hard links; when dist/ cannot be written, the release read in
place and a store of it, with its search index, kept in ~/.cache/kg for the next start:
kg.query.store.snapshot), so a rebuild while serving changes nothing. It listens as soon as the store and
the workers are ready; the search index is made in the background once a page or the search is first
asked for (kg.web.search_index).
"""

from __future__ import annotations

import asyncio
import calendar
import codecs
import contextvars
import gzip
import hashlib
import inspect
import ipaddress
import json
import logging
import mimetypes
import os
import pickle
import re
import shutil
import sys
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from email.utils import formatdate, parsedate
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Match, Mount, Route
from starlette.staticfiles import NotModifiedResponse, StaticFiles

from kg.core.dist import MANIFEST
from kg.core.errors import REPORT_BUGS, KGError, describe_exception, echoed, printable
from kg.sources.cache import Cache as ProjectCache  # (kg.web.pages.Cache: pages kept in memory)
from kg.query.store import STORE_DIR, current_release, kept_store, snapshot
from kg.sparql.results import GRAPH_MEDIA, SELECT_MEDIA
from kg.sparql.saved import load_queries
from kg.core.serialize import serialize, write_atomically
from kg.web.dataset import describe, dumps_in, facts_from_json, facts_to_json, ontology_html, service_description, summary
from kg.web.pages import (DATASET_PATH, LOCAL_NAME, ONTOLOGY_PATH, RDF_FORMATS, STATIC, Cache, Templates, iri_of,
                          csv_file_name, made_by, release_charts, split_extension)
from kg.web.connections import LOST, ConnectionLimits
from kg.web.pool import QueryPool
from kg.web.search import FOLDER
from kg.web.search_index import ServedIndex
from kg.web.workers import SELECT_FORMATS, Reply

log = logging.getLogger("kg.web.serve")

HTML = "text/html"
MAX_BODY = 1 << 20  # bytes of a POSTed query
FORM_CHARSETS = ("utf-8", "ascii", "iso8859-1", "cp1252")  # (Python's names) a POSTed form may be in: _form_pairs
MAX_MESSAGE = 2000  # characters of an error message (what it repeats of the request is cut shorter: kg.core.errors.echoed)
MAX_DEPTH = 8  # levels of a path an error page's links climb back from (the site's deepest pages have 3)
RDF_MEDIA = {media: extension for extension, (media, _, _) in RDF_FORMATS.items()}
# Accept media type -> result format name (kg.web.workers); 'rows' renders an HTML table.
RESULT_MEDIA = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/x-turtle": "turtle", "text/n3": "turtle",  # (Turtle is N3)
    "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "json-ld", "application/rdf+xml": "rdfxml", "application/n-quads": "nq",
    "text/x-nquads": "nq", "application/trig": "trig", "application/x-trig": "trig", "text/html": "rows",
}
# The media type each result format is sent as: the others RESULT_MEDIA names it by (application/json, text/plain,
# application/x-turtle...) choose it only when the Accept header names them, never through a range (application/*).
SENT_AS = {name: media.split(";")[0] for name, media in {**SELECT_MEDIA, **GRAPH_MEDIA}.items()} | {"rows": "text/html"}
# The `format` (or `output`) parameter some clients send: name -> result formats, SELECT/ASK first.
FORMAT_NAMES = {"json": ["json", "json-ld"], "xml": ["xml", "rdfxml"], "csv": ["csv"], "tsv": ["tsv"],
                "turtle": ["turtle"], "ttl": ["turtle"], "n3": ["turtle"], "nt": ["nt"], "ntriples": ["nt"],
                "n-triples": ["nt"], "json-ld": ["json-ld"], "jsonld": ["json-ld"], "rdf+xml": ["rdfxml"],
                "rdfxml": ["rdfxml"], "rdf": ["rdfxml"], "nq": ["nq"], "nquads": ["nq"], "n-quads": ["nq"],
                "trig": ["trig"], "html": ["rows"], "svg": ["svg"]}
FORMAT_PARAMETERS = ("format", "output")
FORMAT_MEDIA = RESULT_MEDIA | {"image/svg+xml": "svg"}  # a media type format= may give instead of a name
# The media types that name a kind of text, not one result format: JSON is SPARQL JSON for a SELECT or ASK and JSON-LD
# for a CONSTRUCT or DESCRIBE, XML SPARQL XML or RDF/XML, as format=json and format=xml name them (FORMAT_NAMES);
# plain text CSV or N-Triples (text/plain is N-Triples' old media type; a SELECT or ASK asked so was a 406, where
# Oxigraph answers CSV).
GENERIC_MEDIA = {"application/json": FORMAT_NAMES["json"], "application/xml": FORMAT_NAMES["xml"],
                 "text/xml": FORMAT_NAMES["xml"], "text/plain": ["csv", "nt"]}
# The result formats a route answers in, where format= may name them (asked_format): /sparql's answers, a page,
# JSON, a chart, a table of a page; a dump's, by its extension.
QUERY_FORMATS = ("json", "xml", "csv", "tsv", "turtle", "nt", "json-ld", "rdfxml", "nq", "trig", "rows")
PAGE, JSON, SVG, TABLE = ("rows",), ("json",), ("svg",), ("csv",)
DUMP_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "json": "json"}
SAVED_EXTENSIONS = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "rows"}
# A description's result format name (FORMAT_NAMES) -> its extension (RDF_FORMATS), 'rows' its HTML page.
DESCRIPTION_EXTENSIONS = {name: extension for extension, (_, name, _) in RDF_FORMATS.items()} | {"rows": "html"}


# The functions whose value a query's every run makes anew (SPARQL 1.1, 17.4): a query calling one is never answered
# from the server's cache of replies (the same release gives the same answer to any other query). A word that only
# looks like one (in a string, a comment) costs a cached answer, nothing else. Between the name and its "(" the
# grammar allows spaces and comments (SPARQL 1.1, 19.4: `NOW #c` and a line break was cached as a constant).
VARYING = re.compile(r"(?<![\w:?$])(?:NOW|RAND|UUID|STRUUID|BNODE)(?:\s|#[^\n\r]*+)*+\(", re.IGNORECASE)


def unstored(query: str) -> dict:
    """The headers of a saved query's answer: `Cache-Control: no-store` if the query calls a function whose value
    each run makes anew (VARYING), which no validator holds for (Validated leaves such an answer without one)."""
    return {"Cache-Control": "no-store"} if VARYING.search(query) else {}


# ------------------------------------------------------------------ content negotiation

WEIGHT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # a q-value's number (out of 0-1: brought within)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, in the header's order; a weight that is no number is left out, as an
    unreadable parameter is (it made the type unacceptable, and the 406 then listed that very type as offered).

    >>> parse_accept("text/html;q=0.5, text/turtle, text/csv;q=abc, text/plain;q=")
    [('text/html', 0.5), ('text/turtle', 1.0), ('text/csv', 1.0), ('text/plain', 1.0)]

    A number as RFC 9110 writes a weight (digits and a point): Python's float() also read "nan" (which then
    made the type unacceptable), "inf" and "1_0".

    >>> parse_accept("text/csv;q=nan, text/html;q=NaN, text/turtle;q=inf, text/tab-separated-values;q=1_0")
    [('text/csv', 1.0), ('text/html', 1.0), ('text/turtle', 1.0), ('text/tab-separated-values', 1.0)]
    """
    ranges = []
    for part in (header or "").split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q" and WEIGHT.fullmatch(value.strip()):
                q = min(1.0, max(0.0, float(value)))
        ranges.append((media.lower(), q))
    return ranges


def quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value the most specific matching range gives `media` (0 if none matches)."""
    kind = media.split("/")[0]
    best, specificity = 0.0, -1
    for pattern, q in ranges:
        level = 2 if pattern == media else 1 if pattern == f"{kind}/*" else 0 if pattern == "*/*" else -1
        if level > specificity:
            best, specificity = q, level
    return best if specificity >= 0 else 0.0


def negotiate(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (ties go to the server's order); None if none is acceptable.

    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    >>> negotiate("application/ld+json", ["text/html", "text/turtle"]) is None
    True
    """
    if not header or not header.strip():
        return offered[0]
    ranges = parse_accept(header)
    scored = [(quality(media, ranges), -i, media) for i, media in enumerate(offered)]
    q, _, media = max(scored)
    return media if q > 0 else None


def names_html(header: str | None) -> bool:
    """Whether an Accept header asks for HTML by name, before plain text (a browser's does): `*/*` alone, or no
    header (curl, a SPARQL client), is not a person reading pages.

    >>> [names_html(h) for h in ("text/html,application/xhtml+xml,*/*;q=0.8", "*/*", None, "text/plain, text/html;q=0.5")]
    [True, False, False, False]
    """
    return negotiate(header, ["text/plain", HTML]) == HTML and "text/html" in (header or "")


def result_formats(header: str | None) -> list[str]:
    """Result format names in the client's order of preference (kg.web.workers picks the first that fits the
    query's type), from the Accept header (a `format` parameter goes first: asked_format).

    >>> result_formats("application/sparql-results+json,*/*;q=0.9")[:3]
    ['json', 'xml', 'csv']
    >>> result_formats("text/html,application/xhtml+xml,*/*;q=0.8")[0]
    'rows'
    >>> result_formats("application/json")  # (a CONSTRUCT's JSON is JSON-LD: GENERIC_MEDIA)
    ['json', 'json-ld']

    A format is weighed by the media type it is sent as (SENT_AS), another name of it only where the header names
    that: "application/sparql-results+json;q=0, */*" took SPARQL JSON, refused, by application/json through */*,
    and "application/*" took Turtle (text/turtle) by application/x-turtle.

    >>> result_formats("application/sparql-results+json;q=0, */*")[:2], result_formats("application/*")
    (['xml', 'csv'], ['json', 'xml', 'nt', 'json-ld', 'rdfxml', 'nq', 'trig'])
    """
    if not header or not header.strip():
        return ["json", "turtle"]
    ranges = parse_accept(header)
    offered = [m for m in RESULT_MEDIA if m != HTML] + [HTML]  # */* never means an HTML table
    named = {media for media, _ in ranges}
    scored = sorted(((quality(m, ranges) if m == SENT_AS[RESULT_MEDIA[m]] or m in named else 0.0, -i, m)
                     for i, m in enumerate(offered)), reverse=True)
    names = []
    for q, _, media in scored:
        kinds = GENERIC_MEDIA[media] if media in GENERIC_MEDIA and media in named else [RESULT_MEDIA[media]]
        names += [name for name in kinds if q > 0 and name not in names]
    return names


def asked_format(pairs: list[tuple[str, str]], offered=None) -> list[str] | None:
    """The result formats a `format` (or `output`) parameter asks for, among those a route `offered` (all, for
    /sparql): from the first value that names one (FORMAT_NAMES, or a media type: SPARQLWrapper sends both,
    format=tsv&format=text/tab-separated-values); None if none is given. It goes before the Accept header, on
    every route that serves results or RDF; a value naming none of the route's is refused (406), listing those.

    >>> asked_format([("query", "ASK {}"), ("format", "TTL")]), asked_format([("format", "json")], ["json-ld", "rows"])
    (['turtle'], ['json-ld'])
    >>> asked_format([("format", "csv")], ["turtle", "rows"])
    Traceback (most recent call last):
    kg.core.errors.KGError: not acceptable: no format 'csv' here; format= takes turtle, ttl, n3, html (or their media types)
    """
    named = _named_formats(pairs)
    if not named:
        return None
    for value in named:
        value = format_named(value)
        formats = FORMAT_NAMES.get(value) or GENERIC_MEDIA.get(value) or ([FORMAT_MEDIA[value]] if value in FORMAT_MEDIA else [])
        formats = [f for f in formats if offered is None or f in offered]
        if formats:
            return formats
    takes = [name for name, formats in FORMAT_NAMES.items() if offered is None or set(formats) & set(offered)]
    raise _status(406, f"not acceptable: no format {echoed(named[0], quoted=True)} here; format= takes "
                       f"{', '.join(takes)} (or {'its media type' if len(takes) == 1 else 'their media types'})")


def format_named(value: str) -> str:
    """The format name or media type a `format` value gives, as FORMAT_NAMES and FORMAT_MEDIA spell them: a media
    type's parameters left out, and a space read as the "+" it was in a URL written by hand (no name or media type
    holds a space: format=application/sparql-results+json was a 406 for 'application/sparql-results json').

    >>> format_named(" Application/SPARQL-Results JSON"), format_named("text/csv; charset=utf-8"), format_named("rdf xml")
    ('application/sparql-results+json', 'text/csv', 'rdf+xml')
    """
    return value.split(";")[0].strip().replace(" ", "+").lower()


def _named_formats(pairs: list[tuple[str, str]]) -> list[str]:
    """The values of the `format` (or `output`) parameters given."""
    return [value for name, value in pairs if name in FORMAT_PARAMETERS and value.strip()]


def file_format(pairs: list[tuple[str, str]], path: str) -> None:
    """A file (of /static, /pagefind) comes in its one format: format= may name it, by its extension or its media
    type (format=css, format=text/css); anything else is refused (406) as asked_format refuses, naming those.

    >>> file_format([("format", "css")], "/static/style.css"), file_format([], "/static/style.css")
    (None, None)
    >>> file_format([("format", "json")], "/static/style.css")
    Traceback (most recent call last):
    kg.core.errors.KGError: not acceptable: no format 'json' here; format= takes css (or its media type, text/css)
    """
    named = _named_formats(pairs)
    extension = PurePosixPath(path).suffix.lstrip(".").lower()
    media = mimetypes.guess_type(path)[0] or ""
    if not named or any(format_named(value) in {extension, media} - {""} for value in named):
        return
    takes = f"format= takes {extension}" + (f" (or its media type, {media})" if media else "") if extension else \
        "this file comes only as it is: leave format= out"
    raise _status(406, f"not acceptable: no format {echoed(named[0], quoted=True)} here; {takes}")


# ------------------------------------------------------------------ the server

@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    timeout: float = 10.0
    max_rows: int = 10000
    memory_mb: int = 2048
    base_url: str = ""
    cache_mb: int = 16
    client_limit: int = 32  # requests one client may have answered or waiting at once (kg.web.pool)
    read_timeout: float = 10.0  # seconds for a request's head, and for its body (kg.web.connections)
    max_connections: int = 1000
    limits: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.base_url:
            host = f"[{self.host}]" if ":" in self.host else self.host
            self.base_url = f"http://{host}:{self.port}/"
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        self.limits = {"timeout": self.timeout, "max_rows": self.max_rows}


class Server:
    """The application state: the release (a private snapshot of dist/), the query workers that hold
    its Oxigraph store, the dataset's description, and replies cached by what they answer."""

    CACHE_ENTRIES = 4096

    def __init__(self, project, settings: Settings, progress=lambda message: None):
        self.project, self.settings = project, settings
        manifest = current_release(project, progress)
        self.snapshot = snapshot(project, manifest, progress=progress)
        self.pool = self.search_index = None
        try:
            self.templates = Templates(project, endpoint="sparql", limits=settings.limits, base_url=settings.base_url)
            self.queries = load_queries(project.queries_dir, ProjectCache(project))
            self.dumps = dumps_in(self.snapshot, manifest)
            self.endpoint_url = settings.base_url + "sparql"
            self.pool = QueryPool(project.root, self.snapshot / STORE_DIR, self.queries, size=settings.workers,
                                  timeout=settings.timeout, memory_limit=settings.memory_mb << 20,
                                  limits=settings.limits, client_limit=settings.client_limit,
                                  charts=release_charts(project, manifest), base_url=settings.base_url)
            if not self.pool.wait_ready(120):
                raise KGError(f"the query workers did not start: {self.pool.failure or 'no answer within 120 s'}")
            progress(f"started {settings.workers} query worker(s): deadline {settings.timeout:g} s, "
                     f"at most {settings.max_rows} rows")
            self.facts = self._facts(manifest, progress)
            self.search_index = ServedIndex(kept_store(project, self.snapshot).parent / "search",
                                            self.snapshot / FOLDER, made_by(manifest), self.facts["triples"],
                                            self.pool.zygote, progress=progress)
            progress(f"serving {self.facts['triples']} triples from {self.snapshot}")
            self.description = describe(self.facts, self.dumps, settings.base_url, self.endpoint_url, api=True)
            # what the server's answers are made of, for their validators (Validated): the release, kg, and the
            # settings the pages show; and the release's time (its manifest's, which a snapshot keeps)
            self.identity = json.dumps([made_by(manifest), settings.base_url, settings.limits], sort_keys=True)
            self.modified = formatdate((self.snapshot / MANIFEST).stat().st_mtime, usegmt=True)
            self.service = service_description(self.endpoint_url, self.facts, settings.limits)
        except BaseException:
            self.close()
            raise
        self.ontology = None  # (html, generator), made on first request
        self.cache = Cache(self.CACHE_ENTRIES if settings.cache_mb else 0, settings.cache_mb << 20, _weight)

    def _facts(self, manifest: dict, progress) -> dict:
        """The dataset's statistics (kg.web.dataset.facts): counted by a worker once per release (seconds
        at a million triples), then read from facts.json beside the store (dist/oxigraph/, or this user's
        copy of it where dist/ cannot be written: kept_store)."""
        path = kept_store(self.project, self.snapshot) / "facts.json"
        release = made_by(manifest)
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("release") == release:
                return facts_from_json(cached["facts"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        progress("counting what the dataset holds (once per release)")
        reply = self.pool.call({"op": "facts"}, timeout=600)
        if reply.status != 200:
            raise KGError(f"could not read the store: {reply.body.decode('utf-8', 'replace').strip()}")
        found = pickle.loads(reply.body)
        try:
            write_atomically(path, json.dumps({"release": release, "facts": facts_to_json(found)}).encode())
        except OSError:
            pass  # a read-only dist/: counted again next time
        return found

    def close(self) -> None:
        if self.search_index is not None:
            self.search_index.close()
        if self.pool is not None:
            self.pool.close()
        shutil.rmtree(self.snapshot, ignore_errors=True)

    def dataset_summary(self) -> dict:
        return summary(self.facts, self.dumps, self.settings.base_url, self.endpoint_url, api=True)

    # ------------------------------------------------------------ responses

    def _html(self, html: str, status: int = 200) -> Response:
        return Response(html, status, media_type="text/html; charset=utf-8", headers={"Vary": VARY})

    def error(self, request: Request, status: int, message: str, headers: dict | None = None,
              near: list = ()) -> Response:
        """An error in the form the client reads: a page in a browser, else a line of text. `near`: the resources
        a mistyped /id/NAME likely meant ([{path, label}], Site.near), linked on the page, named in the text."""
        message = printable(bounded_message(message), keep="\n\t")  # a path from the URL, in it, may hold NUL or ESC
        headers = {"Vary": VARY, **(headers or {})}
        if names_html(request.headers.get("accept")):
            path = request.url.path.lstrip("/")
            # the page's links lead back to the root ("../" once per level): from a path of 20,000 levels, the
            # server's own path (--base-url), not 20,000 "../" in each of its links
            root = urlsplit(self.settings.base_url).path if path.count("/") > MAX_DEPTH else None
            page = self.templates.error_page(status, message, path, root=root, near=near)
            return Response(page, status, media_type="text/html; charset=utf-8", headers=headers)
        if near:
            message = message.rstrip() + "; did you mean " + " or ".join(
                f"/{n['path']} ({printable(n['label'])})" for n in near) + "?"
        return Response(message.rstrip() + "\n", status, media_type="text/plain; charset=utf-8", headers=headers)

    async def no_resource(self, request: Request, name: str, said: str | None = None, page: bool = True) -> Response:
        """The 404 of /id/NAME[.ext] for a resource the dataset does not have, naming `said` (the path asked for;
        a description's, /id/NAME without its extension), with the resources a mistyped name likely meant (the
        name in other letter case, a near miss of a name or label: Site.near), never a redirect to a guess: on
        the page a browser gets, and in the text answering a request for the page (`page`), not for a
        description in an RDF format, whose client is a program."""
        near = []
        if page or names_html(request.headers.get("accept")):
            reply = await self.ask({"op": "near", "args": {"name": name}}, ("near", name))
            near = json.loads(reply.body) if reply.status == 200 else []
        return self.error(request, 404, f"no resource {echoed(said or request.url.path)} in this dataset", near=near)

    def reply(self, request: Request, reply: Reply, headers: dict | None = None) -> Response:
        """A worker's reply as a response; errors in the form the client reads (a page in a browser)."""
        headers = {**(headers or {}), **reply.headers}
        if reply.media_type.startswith("text/html"):
            self.search_index.want()  # a person reading pages: their search box will want it
        elif reply.status >= 400:
            return self.error(request, reply.status, reply.body.decode("utf-8", "replace"), headers)
        return Response(reply.body, reply.status, media_type=reply.media_type, headers={"Vary": VARY, **headers})

    async def ask(self, request: dict, cache_key=None) -> Reply:
        """A worker's answer to `request` (op and args). The release a server serves cannot change
        (kg.query.store.snapshot), so neither can an answer: replies are kept (those with a `cache_key`),
        within the server's cache size, and an identical request is answered again without a worker."""
        if cache_key is not None and cache_key in self.cache:
            return self.cache[cache_key]
        reply = await answered_unless_lost(self.pool.run(request, CLIENT.get(), cache_key))
        if cache_key is not None and reply.status < 500 and reply.status != 429:
            self.cache[cache_key] = reply
        return reply

    def described_as(self, request: Request, extension: str | None, html: bool = True) -> str | None:
        """The extension (RDF_FORMATS, or html) a description is asked for in: its path's, else its `format`
        parameter's (asked_format), else None (Accept decides). A format parameter naming none of the
        description's is a 406 (KGError); one naming another than the path's extension, a 400."""
        offered = [name for name in DESCRIPTION_EXTENSIONS if html or name != "rows"]
        asked = asked_format(_form_pairs(request.scope.get("query_string", b"")), offered)
        if asked is None:
            return extension
        wanted = DESCRIPTION_EXTENSIONS[asked[0]]
        if extension is not None and extension != wanted:
            raise _status(400, f"the path asks for .{extension} and the format parameter for .{wanted}: give "
                               "one of them")
        return wanted

    def graph_response(self, request: Request, graph, extension: str | None, html=None, location: str = "") -> Response:
        """A description in the format the client asked for (extension, else a format parameter, else Accept).
        `graph` is a Graph or a function making one; `html` a function giving the page's Response."""
        try:
            extension = self.described_as(request, extension, html is not None)
        except KGError as error:
            return self.error(request, error.status, str(error))
        if extension is None:
            offered = ([HTML] if html else []) + [m for m in RDF_MEDIA] + ["application/json"]
            media = negotiate(request.headers.get("accept"), offered)
            if media is None:
                return self.error(request, 406, "not acceptable: this resource comes as text/html, text/turtle, "
                                                "application/ld+json or application/n-triples")
            extension = "html" if media == HTML else RDF_MEDIA.get(media, "jsonld")
        if extension == "html":
            if html is None:
                return self.error(request, 404, "no HTML page for this resource")
            return html()
        media_type, rdflib_format, _ = RDF_FORMATS[extension]
        headers = {"Vary": VARY}
        if location:
            headers["Content-Location"] = quote(f"{location}.{extension}")  # a header is ASCII: oi:zoë-martin
        key = ("rdf", location, extension)
        body = self.cache.get(key) if location else None
        if body is None:
            body = serialize(graph() if callable(graph) else graph, rdflib_format)
            if location:
                self.cache[key] = body
        charset = "; charset=utf-8" if media_type.startswith("text/") else ""
        return Response(body, 200, media_type=media_type + charset, headers=headers)

    # ------------------------------------------------------------ routes

    async def home(self, request: Request) -> Response:
        reply = await self.ask({"op": "page", "args": {"kind": "home", "overview": self.dataset_summary()}}, "home")
        return self.reply(request, reply)

    async def browse_index(self, request: Request) -> Response:
        """/browse: the index of the lists, each kind of thing with how many (/browse/ is redirected here, as every
        path of the table asked with a trailing slash is)."""
        return self.reply(request, await self.ask({"op": "page", "args": {"kind": "browse_index"}}, "browse_index"))

    def id_index(self, request: Request) -> Response:
        """/id and /id/, the folder of every resource's permalink, which has no page of its own: a redirect (301)
        to /browse, the index of the lists that lead to them; relative (browse, ../browse), as /dumps' is."""
        return _redirect(request, "browse" if request.url.path.endswith("/id") else "../browse", "", 301)

    async def browse(self, request: Request) -> Response:
        name = request.path_params["name"].removesuffix(".html")
        reply = await self.ask({"op": "page", "args": {"kind": "browse", "name": name}}, ("browse", name))
        return self.reply(request, reply)

    async def said(self, request: Request) -> Response:
        name = request.path_params["name"].removesuffix(".html")
        reply = await self.ask({"op": "page", "args": {"kind": "said", "name": name}}, ("said", name))
        return self.reply(request, reply)

    async def search(self, request: Request) -> Response:
        return self.reply(request, await self.ask({"op": "page", "args": {"kind": "search"}}, "search"))

    async def pagefind(self, scope, receive, send) -> None:
        """/pagefind/: the search index's files once it is made (kg.web.search_index); 503 until then."""
        self.search_index.want()
        if not self.search_index.ready.is_set():
            status = self.search_index.status()
            response = self.error(Request(scope, receive), 503, status["message"],
                                  {"Retry-After": str(status.get("seconds", 60))})
        else:
            response = self.pagefind_files
        await response(scope, receive, send)

    async def search_status(self, request: Request) -> Response:
        """Whether the search index is ready, for the search box: made from the first time it is wanted."""
        self.search_index.want()
        return JSONResponse(self.search_index.status(), headers={"Cache-Control": "no-store"})

    async def chart(self, request: Request) -> Response:
        iri = iri_of(f"id/{request.path_params['name']}")
        if iri is None:
            return self.error(request, 404, f"nothing at {echoed(request.url.path)}")
        reply = await self.ask({"op": "chart", "args": {"iri": str(iri)}}, ("chart", str(iri)))
        return self.reply(request, reply)

    async def table_csv(self, request: Request) -> Response:
        """A table of a page as CSV: /id/NAME/TABLE.csv, /browse/NAME/TABLE.csv, /index/TABLE.csv."""
        kind = request.path_params.get("kind", "index")
        name, table = request.path_params.get("name", ""), request.path_params["table"]
        if kind not in ("id", "browse", "said", "queries", "index") or not all(LOCAL_NAME.fullmatch(x) for x in (table, *filter(None, [name]))):
            return self.error(request, 404, f"nothing at {echoed(request.url.path)}")
        path = f"{kind}/{name}" if name else ""
        query = self.queries.get(name) if kind == "queries" else None
        own = {p.name for p in query.parameters} if query is not None else set()  # (a query's own `format` is its own)
        refusal = None
        try:
            pairs = _form_pairs(request.scope.get("query_string", b""))
        except KGError as error:
            return self.error(request, error.status, str(error))
        try:
            asked_format([(k, v) for k, v in pairs if k not in own], TABLE)  # a table comes as CSV: format=csv, or a 406
        except KGError as error:
            refusal = error
        given = {}
        if query is not None:  # as /queries/NAME answers: not the last value of a repeated name, nor the default's rows
            try:
                given = _given(query, [(k, v) for k, v in pairs if k in own or k not in FORMAT_PARAMETERS])
            except KGError as error:
                refusal = refusal or error
        reply = await self.ask({"op": "csv", "args": {"path": path, "table": table, "given": given}},
                               ("csv", path, table, tuple(sorted(given.items()))))
        if refusal is not None and reply.status != 404:  # (what is not there is said first, as /id/ says it)
            return self.error(request, refusal.status, str(refusal))
        return self.reply(request, reply, {"Content-Disposition": attachment(csv_file_name(path, table)),
            **(unstored(query.text) if query is not None else {})} if reply.status == 200 else {})

    async def resource(self, request: Request) -> Response:
        name, extension = split_extension(request.path_params["name"])
        iri = iri_of(f"id/{name}")
        if iri is None:
            return await self.no_resource(request, name)
        try:
            extension = self.described_as(request, extension)
        except KGError as error:
            known = await self.ask({"op": "exists", "args": {"iri": str(iri)}}, ("exists", str(iri)))
            if known.status == 404:  # (as for an Accept it cannot meet: what does not exist is said first)
                return await self.no_resource(request, name, page=False)
            return self.error(request, error.status, str(error))
        if extension is None:
            offered = [HTML] + list(RDF_MEDIA) + ["application/json"]
            media = negotiate(request.headers.get("accept"), offered)
            if media is None:
                known = await self.ask({"op": "exists", "args": {"iri": str(iri)}}, ("exists", str(iri)))
                if known.status == 404:
                    return await self.no_resource(request, name)
                return self.error(request, 406, "not acceptable: this resource comes as text/html, text/turtle, "
                                                "application/ld+json or application/n-triples")
            extension = "html" if media == HTML else RDF_MEDIA.get(media, "jsonld")
        if extension == "html":
            reply = await self.ask({"op": "page", "args": {"kind": "resource", "iri": str(iri), "path": request.url.path}},
                                   ("page", str(iri)))
            return await self.no_resource(request, name) if reply.status == 404 else self.reply(request, reply)
        reply = await self.ask({"op": "describe", "args": {"iri": str(iri), "extension": extension}},
                               ("describe", str(iri), extension))
        if reply.status == 404:  # (named without its extension, as the page's 404 names it: /id/NAME)
            return await self.no_resource(request, name, f"/id/{name}", page=False)
        return self.reply(request, reply, {"Content-Location": quote(f"/id/{name}.{extension}")} if reply.status == 200 else {})

    def ontology_route(self, request: Request) -> Response:
        _, extension = split_extension(request.path_params.get("name", ONTOLOGY_PATH))
        return self._ontology(request, ONTOLOGY_PATH, extension)

    def ontology_version_route(self, request: Request) -> Response:
        """/ontology/0.1.0[.ext]: a version IRI of the ontology (owl:versionIRI), answered as the ontology's
        own IRI is (HTML for a browser, Turtle, JSON-LD or N-Triples by extension or Accept)."""
        version, extension = split_extension(request.path_params["version"])
        path = f"{ONTOLOGY_PATH}/{version}"
        if path not in self.templates.ontology_versions():
            known = ", ".join(f"/{p}" for p in sorted(self.templates.ontology_versions())) or "none"
            return self.error(request, 404, f"no version {echoed(version, quoted=True)} of the ontology (its versions: {known}; "
                                            "the current one: /ontology)")
        return self._ontology(request, path, extension)

    def _ontology(self, request: Request, path: str, extension: str | None) -> Response:
        """The ontology at `path` ('ontology', or a version's 'ontology/0.1.0'), in the format asked for."""
        def html():
            if self.ontology is None:
                self.ontology = ontology_html(self.project)
            return self._html(self.templates.ontology_page(self.ontology[0], path))

        return self.graph_response(request, self.templates.ontology_graph, extension, html, f"/{path}")

    async def dataset_route(self, request: Request) -> Response:
        _, extension = split_extension(request.path_params.get("name", DATASET_PATH))
        try:
            extension = self.described_as(request, extension)
        except KGError as error:
            return self.error(request, error.status, str(error))
        accept = request.headers.get("accept")
        # /.well-known/void is where a crawler looks for the VoID (VoID 7.2), and the static site writes Turtle there:
        # the page only to a client that names HTML (a browser), as /sparql's description (curl and rdflib got the page)
        page = extension is None and negotiate(accept, [HTML, *RDF_MEDIA]) == HTML and (
            request.url.path != "/.well-known/void" or names_html(accept))
        if extension == "html" or page:
            return self._html(self.templates.dataset_page(self.dataset_summary()))
        return self.graph_response(request, self.description, extension, None, "/dataset")

    async def dump(self, request: Request) -> Response:
        dump = self.dumps.get(request.path_params["name"])
        if dump is None:
            return self.error(request, 404, f"no dump {echoed(request.path_params['name'], quoted=True)}; see /dataset")
        try:
            self._dump_format(request, dump)
        except KGError as error:
            return self.error(request, error.status, str(error))
        packed = None if dump.gzipped else self.dumps.get(dump.name + ".gz")
        coded = packed is not None and accepts_gzip(request.headers.get("accept-encoding"))
        sent = packed if coded else dump  # (a client that takes gzip: the .gz's bytes)
        path = await run_in_threadpool(sent.ready)
        media = "application/gzip" if dump.gzipped else dump.media_type + ("; charset=utf-8" if dump.media_type.startswith("text/") else "")
        # its validators of its bytes and the release, not of its copy's time: a .gz is made again at each start
        headers = {"ETag": f'"{sent.sha256}"', "Last-Modified": self.modified,
                   **({"Vary": "Accept-Encoding", **({"Content-Encoding": "gzip"} if coded else {})} if packed else {})}
        response = FileResponse(path, media_type=media, filename=None, headers=headers,
                                stat_result=await run_in_threadpool(os.stat, path))
        # judged before its bytes are read (a dump the client holds came whole each time)
        return judged(request, response.headers, self.error) or response

    def dumps_index(self, request: Request) -> Response:
        """/dumps and /dumps/: a redirect to where the dumps are listed, /dataset#dumps (its table of them, each
        linked), its query string kept, so format= is honoured as /dataset honours it (format=ttl: the VoID and
        DCAT, each dump a dcat:distribution). The reference is relative (dataset, ../dataset): it holds behind a
        proxy that serves the site under a path of its own."""
        return _redirect(request, "dataset" if request.url.path.endswith("/dumps") else "../dataset", "#dumps", 302)

    def _dump_format(self, request: Request, dump) -> None:
        """A dump is a file in one format, its extension's: format= may name it (format=nt for oioo-full.nt, and
        for oioo-full.nt.gz, N-Triples gzipped), never another silently. A format no dump comes in is a 406 listing
        those they do; another dump's format, a 400 naming the dump of the same graph in it, if there is one."""
        own = DUMP_FORMATS[dump.extension]
        asked = asked_format(_form_pairs(request.scope.get("query_string", b"")), sorted(set(DUMP_FORMATS.values())))
        if asked is None or own in asked:
            return
        siblings = {DUMP_FORMATS[d.extension]: d for d in self.dumps.values()
                    if d.subset and d.subset == dump.subset and d.gzipped == dump.gzipped}
        wanted = next((f for f in asked if f in siblings), asked[0])
        other = siblings.get(wanted)
        raise _status(400, f"the path asks for .{dump.extension} and the format parameter for {wanted}: give one of "
                           f"them" + (f" (/dumps/{other.name} is the same graph in {wanted})" if other else
                                      f" (no dump of {dump.subset or dump.name} comes in {wanted}: see /dataset)"))

    def health(self, request: Request) -> Response:
        healthy = self.pool is not None and self.pool.healthy()
        return JSONResponse({"status": "ok" if healthy else "unavailable"}, 200 if healthy else 503)

    async def sparql(self, request: Request) -> Response:
        try:
            params, text = await self._protocol(request)
        except KGError as error:
            status = getattr(error, "status", 400)
            return self.error(request, status, str(error),
                              {"Connection": "close"} if status == 413 else getattr(error, "headers", None))
        if text is None:
            return await self._service(request)
        try:
            formats = asked_format(params, QUERY_FORMATS) or result_formats(request.headers.get("accept"))
        except KGError as error:
            return self.error(request, error.status, str(error))
        if not formats:
            return self.error(request, 406, "not acceptable: results come as SPARQL JSON or XML, CSV, TSV (SELECT, "
                                            "ASK), Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads or TriG (CONSTRUCT, "
                                            "DESCRIBE)")
        reply = await self.ask({"op": "sparql", "args": {"text": text, "formats": formats,
                                                         "max_rows": self.settings.max_rows}},
                               None if VARYING.search(text) else ("sparql", text, tuple(formats)))
        return self.reply(request, reply, {"Cache-Control": "no-store"})
    async def _protocol(self, request: Request) -> tuple[list, str | None]:
        """The parameters (name, value) of a SPARQL 1.1 Protocol request, and its query (None for a service
        description request)."""
        pairs = _form_pairs(request.scope.get("query_string", b""))
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            raw = await _read_body(request)
            charset = _charset(request.headers)
            if content_type == "application/x-www-form-urlencoded":
                posted = _form_pairs(raw, charset=charset)
            elif content_type == "application/sparql-query":
                posted = [("query", _utf8(raw, charset))]
            elif content_type == "application/sparql-update":
                raise _status(403, "SPARQL updates are refused: this endpoint is read-only")
            else:
                raise _status(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                   "or as application/sparql-query")
            if any(name == "query" for name, _ in pairs) and any(name == "query" for name, _ in posted):
                raise _status(400, "the query is given twice, in the URL and in the body: give it once")
            pairs += posted
        names = [name for name, _ in pairs]
        if "update" in names:
            raise _status(403, "SPARQL updates are refused: this endpoint is read-only")
        # (one left empty names no graph: Virtuoso's form sends default-graph-uri= with every query, a 403 here)
        if any(name in ("default-graph-uri", "named-graph-uri") and value.strip() for name, value in pairs):
            raise _status(403, "default-graph-uri and named-graph-uri are refused: queries run on this dataset only")
        if names.count("query") > 1:
            raise _status(400, "give one query parameter, not several")
        text = dict(pairs).get("query")
        if text is not None:  # a byte-order mark (Windows editors begin a .rq file with one) is no query's, as kg sparql FILE
            text = text.removeprefix("\ufeff")  # reads it: `curl --data-binary @q.rq` was "expected VERSION" at column 8
        if text is not None and not text.strip():
            raise _status(400, "the query is empty")
        return pairs, text

    async def _service(self, request: Request) -> Response:
        """GET /sparql without a query: the service description, in RDF (SPARQL 1.1 Service Description, 2: Turtle
        to a client that names no HTML: `*/*`, or no Accept; it was the editor's HTML page), the editor in a browser.
        A client that accepts only query results (application/sparql-results+json) forgot its query: a 400 saying
        so, as Fuseki's "No query", not a 406 about the description's formats; so does a POST without one (it was
        answered the editor, 200, as if it were a GET), as Oxigraph refuses it."""
        async def editor():
            return self.reply(request, await self.ask({"op": "page", "args": {"kind": "sparql"}}, "sparql"))

        if request.method == "POST":
            return self.error(request, 400, "no query: POST one as query=... (application/x-www-form-urlencoded) or "
                                            "as the body (application/sparql-query); a GET without one answers the "
                                            "service description")

        try:
            extension = self.described_as(request, None)
        except KGError as error:
            return self.error(request, error.status, str(error))
        accept = request.headers.get("accept")
        if extension is None and negotiate(accept, [HTML, *RDF_MEDIA, "application/json"]) is None and result_formats(accept):
            return self.error(request, 400, "no query: give one as ?query=... (GET) or POST it; without one, /sparql "
                                            "answers its service description (text/turtle, ...)")
        if extension == "html" or (extension is None and names_html(accept) and negotiate(accept, [HTML, *RDF_MEDIA]) == HTML):
            return await editor()
        return self.graph_response(request, self.service, extension, None)

    async def queries_index(self, request: Request) -> Response:
        try:
            asked = asked_format(_form_pairs(request.scope.get("query_string", b"")), ["json", "rows"])
        except KGError as error:
            return self.error(request, error.status, str(error))
        media = negotiate(request.headers.get("accept"), [HTML, "application/json"]) if asked is None else \
            "application/json" if asked == ["json"] else HTML
        if media == "application/json":
            return JSONResponse([_describe_query(q, self.settings.base_url) for q in self.queries.values()],
                                headers={"Vary": VARY})
        return self.reply(request, await self.ask({"op": "page", "args": {"kind": "queries"}}, "queries"))

    async def saved(self, request: Request) -> Response:
        name, extension = _saved_name(request.path_params["name"])
        if name not in self.queries:
            return self.error(request, 404, f"no saved query {echoed(name, quoted=True)}; see /queries")
        own = {p.name for p in self.queries[name].parameters}  # (a query's own `format` parameter is its own)
        try:
            pairs = _form_pairs(request.scope.get("query_string", b""))
            asked = asked_format([(k, v) for k, v in pairs if k not in own], [*SELECT_FORMATS, "rows"])
        except KGError as error:
            return self.error(request, error.status, str(error))
        pairs = [(k, v) for k, v in pairs if k in own or k not in FORMAT_PARAMETERS]
        if extension and asked is not None and SAVED_EXTENSIONS[extension] not in asked:
            return self.error(request, 400, f"the path asks for .{extension} and the format parameter for another "
                                            "format: give one of them")
        try:
            given = _given(self.queries[name], pairs)
        except KGError as error:
            return self.error(request, error.status, str(error))
        if extension:
            formats = [SAVED_EXTENSIONS[extension]]
        elif asked is not None:
            formats = asked
        else:
            formats = [f for f in result_formats(request.headers.get("accept")) if f in SELECT_FORMATS or f == "rows"]
            if not formats:
                return self.error(request, 406, "saved query results come as text/html, SPARQL JSON or XML, CSV or TSV")
        reply = await self.ask({"op": "saved", "args": {"name": name, "given": given, "formats": formats,
                                                        "max_rows": self.settings.max_rows}},
                               ("saved", name, tuple(sorted(given.items())), tuple(formats)))
        return self.reply(request, reply, unstored(self.queries[name].text))

    def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi(self.queries, self.settings))

    def app(self) -> Starlette:
        self.pagefind_files = Files(directory=str(self.search_index.served), check_dir=False, follow_symlink=False,
                                    refuse=self.error)
        self.static_files = Files(directory=str(STATIC), follow_symlink=False, refuse=self.error)
        routes = []
        for served in ROUTES:
            endpoint = getattr(self, served.endpoint)
            middleware = [] if served.formats is OWN else [Middleware(FormatChecked, formats=served.formats, refuse=self.error)]
            if served.validated:
                middleware.insert(0, Middleware(Validated, identity=self.identity, modified=self.modified))
            if served.mount:
                routes.append(Mount(served.path, endpoint, name=served.path.strip("/"), middleware=middleware))
            else:
                routes.append(Route(served.path, endpoint, methods=list(served.methods), middleware=middleware))
        self.routes = routes
        return Guard(Starlette(routes=routes, middleware=[
            Middleware(SecurityHeaders),
            Middleware(Conditional, refuse=self.error),
            Middleware(Compressed, memo_bytes=self.settings.cache_mb << 20),
            Middleware(Utf8Path, refuse=self.error),
            Middleware(ByteRanges, refuse=self.error),
            Middleware(Cors, methods_at=self.methods_at),
            Middleware(Framing, refuse=self.error),
            Middleware(Options, methods_at=self.methods_at, not_found=self._not_found),
        ], exception_handlers={404: self._not_found, 405: self._not_allowed, Exception: self._crash}))

    async def _root_files(self, request: Request) -> Response:
        """/ontology.ttl, /dataset.jsonld and the like."""
        name = request.path_params["name"]
        if (served := self._root_file(name)) is not None:
            answer = served(request)
            return await answer if inspect.isawaitable(answer) else answer
        if name.startswith("static/"):
            return self.error(request, 404, f"no file {echoed(request.url.path)}")
        last = name[:-1].rpartition("/")[2]  # /browse/people/: its page, at /browse/people (one slash, a name)
        if _slash_ended(request) and last not in ("", ".", "..") and self._routed(request.url.path[:-1]):
            return _redirect(request, "../" + last, "", 301)
        return self.error(request, 404, f"nothing at {echoed(request.url.path)}")

    def _root_file(self, name: str):
        """The route that serves `name` (a path without its first /) at the root: /ontology.ttl, /dataset.jsonld."""
        stem, extension = split_extension(name)
        return {ONTOLOGY_PATH: self.ontology_route, DATASET_PATH: self.dataset_route}.get(stem) if extension else None

    def _route_at(self, path: str):
        """The route that answers a GET of `path` (None: no route, as for `*`)."""
        scope = {"type": "http", "path": path, "method": "GET"}
        return next((route for route in self.routes if route.matches(scope)[0] != Match.NONE), None)

    def _nothing_at(self, path: str) -> bool:
        """Whether nothing is at `path`, whatever the method: only the catch-all route takes it, and it serves no file
        there. (Starlette answered POST /sparq, a typo of /sparql, with a 405 "only GET, HEAD": the catch-all takes GET.)"""
        return self._route_at(path) is self.routes[-1] and self._root_file(path.lstrip("/")) is None

    def methods_at(self, path: str) -> list[str] | None:
        """The methods answered at `path`, sorted, for an Allow header: its route's (HEAD with GET; a folder of files
        GET and HEAD) and OPTIONS; for `*` (OPTIONS *, RFC 9110 9.3.7), the server's; None where nothing is."""
        if path == "*":
            methods = {method for route in self.routes if isinstance(route, Route) for method in route.methods}
        elif self._nothing_at(path) or (route := self._route_at(path)) is None:
            return None
        else:
            methods = route.methods if isinstance(route, Route) else {"GET", "HEAD"}
        return sorted({*methods, "OPTIONS"})

    def _routed(self, path: str) -> bool:
        """Whether a route of ROUTES other than the catch-all (and the folders of files) answers `path`: /browse/people
        for /browse/people/, which the catch-all took, so that Starlette's own redirect of a trailing slash never ran."""
        scope = {"type": "http", "path": path, "method": "GET"}
        return any(not route.path.startswith("/{name:path}") and isinstance(route, Route)
                   and route.matches(scope)[0] == Match.FULL for route in self.routes)

    async def _not_found(self, request: Request, exc) -> Response:
        path = request.url.path
        hint = f"; the address is {echoed(path[:-1])}, without the last /" if _slash_ended(request) and \
            self._routed(path[:-1]) else ""  # (POST /sparql/: a GET is redirected there)
        return self.error(request, 404, f"nothing at {echoed(path)}{hint}")

    async def _not_allowed(self, request: Request, exc) -> Response:
        """405 with the Allow header RFC 9110 requires: the methods of the route (methods_at), always in one order."""
        allowed = self.methods_at(request.url.path)
        if allowed is None:
            return await self._not_found(request, exc)
        allowed = ", ".join(allowed)
        return self.error(request, 405, f"{request.method} is not allowed here (only {allowed}); the server is "
                                        "read-only", {"Allow": allowed})

    async def _crash(self, request: Request, exc) -> Response:
        """What the client is told of a fault of ours (Guard logs it, in one line)."""
        return self.error(request, 500, f"internal error ({type(exc).__name__}) while answering {echoed(request.url.path)}; "
                                        f"the server logged it: {REPORT_BUGS}")


OWN, FILES = "reads format= itself", "each file its own format"


@dataclass(frozen=True)
class Served:
    """A path the server answers, the Server method (or ASGI app, for a `mount`) that answers it, and what format=
    may name there: `formats`, the result formats (FORMAT_NAMES) of a route that answers in one way (a page, JSON,
    a chart), which FormatChecked holds it to; FILES, a folder of files, each in its own (file_format); OWN, a
    route that reads format= itself (asked_format: descriptions, results, tables, dumps). Every route honours
    format= or refuses it (406, or 400 where it disagrees with the path's suffix): tests/test_serve_edges.py
    asks each of these."""

    path: str
    endpoint: str
    formats: tuple | str
    methods: tuple = ("GET",)
    mount: bool = False
    validated: bool = True  # its answers are the release's, the same while the server runs (Validated); files have their own


ROUTES = (
    Served("/", "home", PAGE),
    Served("/index.html", "home", PAGE),
    Served("/sparql", "sparql", OWN, ("GET", "POST"), validated=False),  # (a query's answer: no validator, as Oxigraph's)
    Served("/queries", "queries_index", OWN),
    Served("/queries/{name}", "saved", OWN),
    Served("/openapi.json", "openapi", JSON),
    Served("/id", "id_index", OWN),  # (a redirect to /browse, the index of the lists)
    Served("/id/", "id_index", OWN),
    Served("/id/{name}", "resource", OWN),
    Served("/id/{name}/chart.svg", "chart", SVG),
    Served("/{kind:str}/{name}/{table}.csv", "table_csv", OWN),
    Served("/index/{table}.csv", "table_csv", OWN),
    Served("/browse", "browse_index", PAGE),
    Served("/browse/{name}", "browse", PAGE),
    Served("/said/{name}", "said", PAGE),
    Served("/search", "search", PAGE),
    Served("/search.html", "search", PAGE),
    Served("/search/status", "search_status", JSON, validated=False),
    Served("/pagefind", "pagefind", FILES, mount=True),
    Served("/ontology", "ontology_route", OWN),
    Served("/ontology/{version}", "ontology_version_route", OWN),
    Served("/dataset", "dataset_route", OWN),
    Served("/.well-known/void", "dataset_route", OWN),
    Served("/dumps", "dumps_index", OWN),  # (a redirect to /dataset#dumps, its query string kept)
    Served("/dumps/", "dumps_index", OWN),
    Served("/dumps/{name}", "dump", OWN),
    Served("/health", "health", JSON, validated=False),
    Served("/static", "static_files", FILES, mount=True),
    Served("/{name:path}", "_root_files", OWN),  # /ontology.ttl, /dataset.jsonld; else a 404
)


class FormatChecked:
    """format= on a route that answers in one way (Served.formats) or on a file (FILES): naming that way, it is
    answered; naming another, refused as asked_format refuses (406, listing what it takes), unless there is
    nothing there: the 404 is said first, as /id/ says it before a format it lacks."""

    def __init__(self, app, formats, refuse):
        self.app, self.formats, self.refuse = app, formats, refuse  # refuse: Server.error (request, status, message)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        try:
            pairs = _form_pairs(scope.get("query_string", b""))
            if self.formats is FILES:
                file_format(pairs, scope.get("path", ""))
            else:
                asked_format(pairs, self.formats)
        except KGError as error:
            refusal = error
        else:
            return await self.app(scope, receive, send)
        if refusal.status == 406:
            answer = []

            async def kept(message):
                answer.append(message)

            await self.app(scope, receive, kept)
            if answer and answer[0].get("status") == 404:
                for message in answer:
                    await send(message)
                return
        response = self.refuse(Request(scope, receive), refusal.status, str(refusal))
        await response(scope, receive, send)


def bounded_message(message: str, limit: int = MAX_MESSAGE) -> str:
    """An error message no longer than about `limit` characters: its middle cut, saying so, keeping its start (what
    is wrong) and its end (what to do). Each message repeats only a bounded part of the request (kg.core.errors.echoed);
    this holds for any that would not.

    >>> bounded_message("no page " + "a" * 5000 + "; see /browse", 100)
    'no page aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa … (4941 characters cut) … aaaaaaa; see /browse'
    """
    if len(message) <= limit:
        return message
    head, tail = limit * 3 // 5, limit // 5
    return f"{message[:head]} … ({len(message) - head - tail} characters cut) … {message[-tail:]}"


def _given(query, pairs: list) -> dict:
    """The values `pairs` (name, value) give the saved `query`'s parameters, a blank one not given; refused (400)
    when a name comes twice, or a required parameter comes blank: a form's box emptied is not its default's
    answer, as if nobody had asked for someone (the CSV of a query's table answered the default's rows)."""
    if len({k for k, _ in pairs}) != len(pairs):
        raise _status(400, "give each parameter once")
    given = {k: v for k, v in pairs if v.strip() != ""}
    cleared = [p for p in query.parameters if p.required and p.name not in given and any(k == p.name for k, _ in pairs)]
    if cleared:
        raise _status(400, f"give a value for {cleared[0].name}: {cleared[0].description or cleared[0].type}")
    return given


def _weight(value) -> int:
    return len(value.body) if isinstance(value, Reply) else len(value) if isinstance(value, (bytes, str)) else 1024


def _status(status: int, message: str) -> KGError:
    error = KGError(message)
    error.status = status
    return error


def _charset(headers) -> str:
    """The charset a POSTed body's Content-Type declares (utf-8 if none, or if its value is empty: `charset=` was a 415
    "the request body is in : ..."), once its Content-Encoding is none: a coded body is refused (415) rather than read
    as if it were plain.

    >>> _charset({"content-type": "application/sparql-query; charset="}), _charset({"content-type": "a/b;charset=Latin1"})
    ('utf-8', 'latin1')
    """
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        refusal = _status(415, f"the request body is {echoed(encoding, 40)}-encoded: send it without a Content-Encoding")
        refusal.headers = {"Accept-Encoding": "identity"}  # the codings read (RFC 9110, 15.5.16)
        raise refusal
    declared = (value.strip().strip('"').lower() for name, _, value in
                (p.partition("=") for p in headers.get("content-type", "").split(";")[1:]) if name.strip().lower() == "charset")
    return next((charset for charset in declared if charset), "utf-8")


def _utf8(body: bytes, charset: str) -> str:
    """A POSTed query (application/sparql-query) as text: UTF-8 (US-ASCII is part of it), as its media type is;
    another charset is refused (415) rather than read as UTF-8 and answered as if it were."""
    if charset not in ("utf-8", "utf8", "us-ascii"):
        raise _status(415, f"the request body is in {echoed(charset, 40)}: send it as UTF-8 (charset=utf-8)")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _status(400, f"the request body is not UTF-8 (byte {body[error.start]:#04x} at offset {error.start})") from None


MAX_FIELDS = 1000  # parameters of a query string or a form (Starlette's own bound on a form)


def _form_pairs(encoded: bytes, keep_blank_values: bool = True, charset: str = "utf-8") -> list[tuple[str, str]]:
    """The name=value pairs of a query string or a form (application/x-www-form-urlencoded), each name and
    value UTF-8 once its percent-escapes are decoded, else refused (400) naming the parameter and the byte:
    parse_qsl read `%FF` as U+FFFD, and the server answered another query than the one it was sent. A form
    POSTed with another `charset` (Apache HttpClient's UrlEncodedFormEntity declares ISO-8859-1) is read in
    it: it was a 415, and Oxigraph reads its `%EB` (ë) as U+FFFD; another charset (FORM_CHARSETS) is a 415.

    >>> _form_pairs(b"query=zo%EB&x", charset="ISO-8859-1")
    [('query', 'zoë'), ('x', '')]
    >>> _form_pairs(b"a=&" * 1001)
    Traceback (most recent call last):
    kg.core.errors.KGError: the request holds more than 1,000 parameters
    """
    pairs = []
    try:
        known = codecs.lookup(charset).name in FORM_CHARSETS
    except LookupError:
        known = False
    if not known:
        raise _status(415, f"the request body is in {echoed(charset, 40)}: send it as UTF-8 (charset=utf-8)")
    try:  # (counted before anything is read: a body of 1 MiB of "a=&" held the server 0.43 s, every client waiting)
        read = parse_qsl(encoded.decode("latin-1"), keep_blank_values=keep_blank_values, encoding="latin-1",
                         max_num_fields=MAX_FIELDS)
    except ValueError:
        raise _status(400, f"the request holds more than {MAX_FIELDS:,} parameters") from None
    for name, value in read:
        name_bytes = name.encode("latin-1")
        shown = name_bytes.decode(charset, "replace")
        pairs.append((_utf8_part(name_bytes, "a parameter's name", charset),
                      _utf8_part(value.encode("latin-1"), f"parameter {echoed(shown, quoted=True)}", charset)))
    return pairs


def _utf8_part(data: bytes, what: str, charset: str = "utf-8") -> str:
    """`data` (percent-escapes decoded) as text in `charset`, else refused (400) naming `what` and the byte."""
    try:
        return data.decode(charset)
    except UnicodeDecodeError as error:
        named = "UTF-8" if charset in ("utf-8", "utf8") else charset
        raise _status(400, f"the percent-escapes of {what} are not {named} (byte {data[error.start]:#04x}, the "
                           f"{_ordinal(error.start + 1)} byte once decoded): send text as {named}") from None


def _ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st ..."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


async def _read_body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY:
        raise _status(413, f"the request body is larger than {MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _status(413, f"the request body is larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


# ------------------------------------------------------------------ who is asking, and faults in one line

CLIENT: contextvars.ContextVar = contextvars.ContextVar("client", default="")
CONNECTION_LOST: contextvars.ContextVar = contextvars.ContextVar("connection_lost", default=None)  # (asyncio.Event)


async def answered_unless_lost(answer):
    """The awaitable `answer`, unless the request's connection is lost first: then it is cancelled (a query
    waiting for a worker leaves the queue; one running is stopped as one nobody waits for, kg.web.pool) and
    ClientDisconnect raised. A client that sent a slow query and went away held a worker to the deadline."""
    lost = CONNECTION_LOST.get()
    if lost is None:
        return await answer
    answering, losing = asyncio.ensure_future(answer), asyncio.ensure_future(lost.wait())
    try:
        await asyncio.wait((answering, losing), return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (answering, losing):
            if not task.done():
                task.cancel()
    if not answering.done() or answering.cancelled():
        raise ClientDisconnect()
    return answering.result()


def attachment(filename: str) -> str:
    """A Content-Disposition for a download: an ASCII name for every client, and the name itself
    (oi:zoë-martin's tables) as RFC 6266's filename*, since a header holds no other characters."""
    plain = "".join(c if c.isascii() and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


def client_of(scope) -> str:
    """Who is asking, for the query pool's per-client limits and fair share: the address (as uvicorn
    reads it: a reverse proxy on this machine gives the X-Forwarded-For address; an IPv6 address's
    /64, which one host usually holds) and the User-Agent. People behind one NAT or proxy address with
    their own browsers and tools are several clients; a program is one however many connections it
    opens, and one that writes a new User-Agent for each request is one too (kg.web.pool counts an
    address's new User-Agents past a few as one client). Loopback is not special: a benchmark's 20 connections are one client, which, alone, gets
    every worker (the limits bound only what one client may have at once: 32 by default).

    >>> client_of({"client": ("2001:db8:1:2:3:4:5:6", 5000), "headers": [(b"user-agent", b"curl/8")]})
    '2001:db8:1:2::/64 curl/8'
    """
    host = (scope.get("client") or ("", 0))[0] or ""
    try:
        address = ipaddress.ip_address(host)
        if address.version == 6 and address.ipv4_mapped is None:
            host = str(ipaddress.ip_network(f"{address}/64", strict=False))
    except ValueError:
        pass
    agent = next((v for k, v in scope.get("headers") or [] if k == b"user-agent"), b"")
    return f"{host} {agent[:200].decode('latin-1')}"


class Guard:
    """The outermost layer: sets who is asking (CLIENT) for the request, and turns whatever escapes
    the application into one log line (a client that went away, nothing at all), never a traceback;
    a 500 that says so if nothing was answered yet."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        token = CLIENT.set(client_of(scope))
        lost = CONNECTION_LOST.set((scope.get("extensions") or {}).get(LOST))
        started = False

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except (ClientDisconnect, ConnectionError):
            pass
        except Exception as error:  # noqa: BLE001 (the last place an error can be turned into a message)
            log.error("error answering %s %s: %s", scope.get("method"), scope.get("path"), describe_exception(error))
            if not started:
                body = f"internal error ({type(error).__name__}); the server logged it: {REPORT_BUGS}\n".encode()
                await send({"type": "http.response.start", "status": 500, "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close")]})
                await send({"type": "http.response.body", "body": body})
        finally:
            CLIENT.reset(token)
            CONNECTION_LOST.reset(lost)


def _redirect(request: Request, target: str, fragment: str, status: int) -> Response:
    """A redirect to `target`, a reference relative to the request's path (it holds behind a proxy that serves the
    site under a path of its own), with the request's query string, and `fragment` after it."""
    query = request.scope.get("query_string", b"").decode("latin-1")
    return RedirectResponse(quote(target, safe="/.") + (f"?{query}" if query else "") + fragment, status,
                            headers={"Vary": VARY})


def _slash_ended(request: Request) -> bool:
    """Whether the path as sent ends with a slash: /id/chris-philp%2F is decoded to one, but its last segment is
    `chris-philp%2F`, and the redirect to ../chris-philp that a trailing slash gets landed on /chris-philp (404)."""
    return (request.scope.get("raw_path") or request.url.path.encode()).endswith(b"/")


class Files(StaticFiles):
    """A folder's files (/static, /pagefind), each at its one path: `style.css/` is nothing (404), as any path the
    routes do not answer with a trailing slash is (docs/publishing.md); StaticFiles dropped the slash. Their
    preconditions are judged as every answer's are (judged: StaticFiles answered a failed If-Match 200)."""

    def __init__(self, *, refuse, **options):
        super().__init__(**options)
        self.refuse = refuse  # Server.error (request, status, message)

    def file_response(self, full_path, stat_result, scope, status_code: int = 200) -> Response:
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result)
        return (judged(Request(scope), response.headers, self.refuse) if status_code == 200 else None) or response

    async def get_response(self, path: str, scope) -> Response:
        if scope["path"].endswith("/"):
            raise HTTPException(404)
        return await super().get_response(path, scope)


def _saved_name(name: str) -> tuple[str, str | None]:
    stem, dot, extension = name.rpartition(".")
    if dot and extension in SAVED_EXTENSIONS:
        return stem, extension
    return name, None


class Utf8Path:
    """A path whose percent-escapes are not UTF-8 once decoded (/id/caf%FF) is refused (400, saying so, as
    a query string's are: _utf8_part) before any route reads it: the server decoded it with U+FFFD in place
    of the byte and answered 404 for a path it was not sent."""

    def __init__(self, app, refuse):
        self.app, self.refuse = app, refuse  # refuse: Server.error (request, status, message)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8")
            try:
                _utf8_part(unquote_to_bytes(raw.partition(b"?")[0]), "the path")
            except KGError as error:
                response = self.refuse(Request(scope, receive), error.status, str(error))
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


class Framing:
    """A request whose body the server would misread, or whose Host RFC 9112 has a server refuse, is refused before
    any route reads it (refusal, hosted)."""

    def __init__(self, app, refuse):
        self.app, self.refuse = app, refuse  # refuse: Server.error (request, status, message, headers)

    async def __call__(self, scope, receive, send):
        refused = None
        if scope["type"] == "http":
            headers = scope.get("headers") or []
            version = scope.get("http_version", "1.1")
            refused = spoken(version) or hosted(headers, version) or refusal(headers)
        if refused is None:
            return await self.app(scope, receive, send)
        response = self.refuse(Request(scope, receive), *refused)
        await response(scope, receive, send)


def spoken(version: str) -> tuple[int, str, None] | None:
    """(505, message, None) for a request in an HTTP version the server does not speak (RFC 9110, 15.6.6): HTTP/2.0
    written as HTTP/1.1's text, or HTTP/0.9 with headers, were answered as HTTP/1.1 (Oxigraph refuses them); else None.

    >>> spoken("1.1"), spoken("1.0"), spoken("2.0")[0], spoken("0.9")[1][:42]
    (None, None, 505, 'the request is in HTTP/0.9: this server sp')
    """
    if version in ("1.0", "1.1"):
        return None
    return 505, f"the request is in HTTP/{version}: this server speaks HTTP/1.1 (and HTTP/1.0)", None


HOST = re.compile(rb"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]*)(?::[0-9]*)?")  # RFC 3986's host [":" port]


def hosted(headers: list[tuple[bytes, bytes]], version: str) -> tuple[int, str, None] | None:
    """(400, message, None) for a request RFC 9112 (3.2) says a server MUST refuse so: an HTTP/1.1 one without a Host
    header, any with more than one, or with one that is no host[:port]; else None. They were answered, where
    Oxigraph refuses them: the request names no one server, or two.

    >>> hosted([(b"host", b"example.org:8000")], "1.1"), hosted([], "1.0"), hosted([(b"host", b"")], "1.1")
    (None, None, None)
    >>> [hosted(h, "1.1")[1][:40] for h in ([], [(b"host", b"a"), (b"host", b"b")], [(b"host", b"a b")])]
    ['the request has no Host header: an HTTP/', 'the request has 2 Host headers: send one', "the request's Host header is no host[:po"]
    """
    hosts = [value for name, value in headers if name == b"host"]
    if not hosts and version == "1.1":
        return 400, "the request has no Host header: an HTTP/1.1 request names the server it is for (Host: NAME[:PORT])", None
    if len(hosts) > 1:
        return 400, f"the request has {len(hosts)} Host headers: send one", None
    if hosts and not HOST.fullmatch(hosts[0].strip()):
        return 400, (f"the request's Host header is no host[:port] "
                     f"({echoed(hosts[0].decode('latin-1'), 60, quoted=True)}): send the server's name and port"), None
    return None


def refusal(headers: list[tuple[bytes, bytes]]) -> tuple[int, str, dict | None] | None:
    """(status, message, headers) for a request whose body would be misread, else None: a transfer coding the server
    does not implement is a 501 (RFC 9112, 6.1), where `gzip, chunked` was read as if plain; Content-Type headers that
    disagree are a 400, where the first was read (two Content-Lengths already are: the HTTP parser refuses them).

    >>> refusal([(b"transfer-encoding", b"Chunked")]) is None, refusal([(b"transfer-encoding", b"gzip, chunked")])[0]
    (True, 501)
    >>> refusal([(b"content-type", b"application/sparql-query"), (b"content-type", b"text/plain")])[:2]
    (400, 'the request has Content-Type headers that disagree (application/sparql-query, text/plain): send one')
    """
    codings = [coding.strip().lower() for name, value in headers if name == b"transfer-encoding"
               for coding in value.decode("latin-1").split(",")]
    unknown = [coding for coding in codings if coding not in ("", "chunked")]
    if unknown:
        return 501, (f"the request body's transfer coding {echoed(unknown[0], 40, quoted=True)} is not one this server "
                     "reads: send the body chunked, or with a Content-Length"), {"Connection": "close"}
    types = list(dict.fromkeys(re.sub(r"\s", "", value.decode("latin-1")).lower() for name, value in headers
                               if name == b"content-type"))
    if len(types) > 1:
        return 400, f"the request has Content-Type headers that disagree ({echoed(', '.join(types))}): send one", None
    return None


RANGE_SPEC = r"\s*(?:(\d+)-(\d*)|-\d+)\s*"  # first-last (last may be left out), or -suffix (RFC 9110, 14.1.1)


class ByteRanges:
    """A Range header on a file (a dump, /static, /pagefind) answered as RFC 9110 (14.2) says, and a refusal as the
    server's own: Starlette's FileResponse answered "Range: items=0-5", which a server MUST ignore, and an invalid
    range (bytes=5-1, bytes=abc) with a 400 in none of the server's words ("Only support bytes range"), and one
    past the end of the file with a 416 and no word at all. A Range the server cannot read is now ignored (the
    whole file, 200), and a 416 says what was asked, how long the file is and what to do."""

    def __init__(self, app, refuse):
        self.app, self.refuse = app, refuse  # refuse: Server.error (request, status, message, headers)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not any(k == b"range" for k, _ in scope.get("headers") or []):
            return await self.app(scope, receive, send)
        asked = next(v for k, v in scope["headers"] if k == b"range").decode("latin-1")
        if not readable_range(asked):
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"range"]}
            return await self.app(scope, receive, send)
        refused = None

        async def watched(message):
            nonlocal refused
            if message["type"] == "http.response.start" and message["status"] == 416:
                refused = dict(message.get("headers") or []).get(b"content-range", b"").decode("latin-1")
            elif refused is None:
                await send(message)

        await self.app(scope, receive, watched)
        if refused is not None:
            size = refused.rpartition("/")[2]
            response = self.refuse(Request(scope, receive), 416, f"the range asked for (Range: {echoed(asked, 100)}) "
                                   f"holds no byte of the file, which is {size} bytes long: ask for bytes from 0 to "
                                   f"{int(size) - 1 if size.isdigit() else 'its last'}, or leave Range out for the whole file",
                                   {"Content-Range": refused})
            await response(scope, receive, send)


def readable_range(header: str) -> bool:
    """Whether a Range header is one the server reads: bytes, each range first-last with last not before first, or
    -suffix; any other is ignored (the whole file answered), as RFC 9110 (14.2) has a server do.

    >>> [readable_range(h) for h in ("bytes=0-99", "Bytes=-10, 5-", "bytes=5-1", "items=0-5", "bytes=abc", "bytes=")]
    [True, True, False, False, False, False]
    """
    unit, _, ranges = header.partition("=")
    if unit.strip().lower() != "bytes" or not re.fullmatch(f"{RANGE_SPEC}(?:,{RANGE_SPEC})*", ranges):
        return False
    return all(not last or int(first) <= int(last) for first, last in
               (m.groups() for m in re.finditer(RANGE_SPEC, ranges)) if first)


ENTITY_TAG = re.compile(r'(?:W/)?"[^"]*"')  # an entity-tag of a list (RFC 9110, 8.8.3): what is no tag is passed over
PRECONDITION_FAILED = ("the resource is not as the request's If-Match or If-Unmodified-Since requires: ask again "
                       "without it for the current one")


def precondition(method: str, asked: Headers, tag: str | None, modified: str | None) -> int | None:
    """304 or 412 for a request whose preconditions the answer's validators (`tag` its ETag, `modified` its
    Last-Modified) fail, else None (the answer stands), evaluated in RFC 9110's order (13.2.2): If-Match (strong
    comparison), else If-Unmodified-Since; then If-None-Match (weak comparison: 304 to a GET or HEAD), else, for
    a GET or HEAD, If-Modified-Since. A date that is no HTTP-date is ignored, as the RFC has it.

    >>> [precondition("GET", Headers({"if-none-match": h}), '"a"', None) for h in ('*', 'W/"a"', '"b", "a"', '"b"')]
    [304, 304, 304, None]
    >>> [precondition("GET", Headers({"if-match": h}), '"a"', None) for h in ('*', '"a"', 'W/"a"', '"b"')]
    [None, None, 412, 412]
    >>> since = "Sat, 01 Jan 2000 00:00:00 GMT"
    >>> [precondition("HEAD", Headers(h), '"a"', since) for h in ({"if-modified-since": since},
    ...  {"if-unmodified-since": "Fri, 31 Dec 1999 00:00:00 GMT"}, {"if-none-match": '"b"', "if-modified-since": since})]
    [304, 412, None]
    """
    changed, unmodified, since = (_date(value) for value in (modified, asked.get("if-unmodified-since"),
                                                              asked.get("if-modified-since")))
    if "if-match" in asked:
        if not _tagged(asked["if-match"], tag, weak=False):
            return 412
    elif None not in (changed, unmodified) and changed > unmodified:
        return 412
    if "if-none-match" in asked:
        if _tagged(asked["if-none-match"], tag, weak=True):
            return 304 if method in ("GET", "HEAD") else 412
    elif method in ("GET", "HEAD") and None not in (changed, since) and changed <= since:
        return 304
    return None


def _tagged(header: str, tag: str | None, weak: bool) -> bool:
    """Whether an If-Match or If-None-Match `header` names the entity-tag `tag`: `*` any there is; strong comparison
    takes no weak tag (W/) on either side, weak comparison ignores W/ (RFC 9110, 8.8.3.2)."""
    if header.strip() == "*":
        return tag is not None
    if tag is None or (not weak and tag.startswith("W/")):
        return False
    listed = ENTITY_TAG.findall(header)
    return tag.removeprefix("W/") in ({t.removeprefix("W/") for t in listed} if weak else set(listed))


def _date(value: str | None) -> int | None:
    """An HTTP-date as seconds since 1970 (None for none, or for what is no date)."""
    parsed = parsedate(value) if value else None
    return calendar.timegm(parsed) if parsed else None


def judged(request: Request, validators: Headers, refuse) -> Response | None:
    """The answer to a request whose preconditions an answer with `validators` (its headers) fails: 304 with the
    headers a 304 keeps (ETag, Vary, Cache-Control, Content-Location: RFC 9110, 15.4.5), or 412 in the server's
    words (`refuse`: Server.error); None where the answer stands."""
    status = precondition(request.method, request.headers, validators.get("etag"), validators.get("last-modified"))
    if status == 304:
        return NotModifiedResponse(validators)
    return refuse(request, 412, PRECONDITION_FAILED) if status == 412 else None


class Conditional:
    """Conditional requests (RFC 9110, 13) on every answer that has validators, as it is sent (gzipped or not:
    Compressed gives a gzipped answer an ETag of its own): a page's (Validated), a file's (whose preconditions Files
    and Server.dump judge already, before its bytes are read). Only a 200 is judged: a server ignores preconditions
    where the answer would be no 2xx (RFC 9110, 13.2.1), and a 206 was asked by a Range judged before it."""

    def __init__(self, app, refuse):
        self.app, self.refuse = app, refuse  # refuse: Server.error (request, status, message)

    async def __call__(self, scope, receive, send):
        conditions = (b"if-match", b"if-none-match", b"if-modified-since", b"if-unmodified-since")
        if scope["type"] != "http" or not any(k in conditions for k, _ in scope.get("headers") or ()):
            return await self.app(scope, receive, send)
        answered = False

        async def wrapped(message):
            nonlocal answered
            if message["type"] == "http.response.start" and message["status"] == 200:
                answer = judged(Request(scope, receive), Headers(raw=message["headers"]), self.refuse)
                if answer is not None:
                    answered = True
                    return await answer(scope, receive, send)
            if not answered:
                await send(message)

        await self.app(scope, receive, wrapped)


class Validated:
    """The validators of an answer that is the release's, the same for as long as the server runs (a page, a
    description, a table, a chart: Served.validated): a strong ETag made of what the server answers from (the
    release and kg, and the settings pages show: Server.identity) and what was asked (path, query string, the
    media type answered), so it is not the page's bytes that are hashed, and it holds across restarts; the
    release's time as Last-Modified; `Cache-Control: no-cache`: a cache keeps the answer but asks again each
    time (a 304, answered from the server's cache), since the server may be restarted on a new release at the
    same address at any moment, which a max-age would hide. An answer that says Cache-Control (no-store: made
    for this request) or has an ETag of its own is left as it is."""

    def __init__(self, app, identity: str, modified: str):
        self.app, self.identity, self.modified = app, identity, modified

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def tagged(message):
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = list(message.get("headers") or [])
                names = {k.lower(): v for k, v in headers}
                if b"etag" not in names and b"cache-control" not in names:
                    asked = b"\0".join([self.identity.encode(), scope["path"].encode(), scope.get("query_string", b""),
                                        names.get(b"content-type", b"")])
                    tag = f'"{hashlib.sha256(asked).hexdigest()[:32]}"'
                    headers += [(b"etag", tag.encode()), (b"last-modified", self.modified.encode()),
                                (b"cache-control", b"no-cache")]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, tagged)


class Cors:
    """CORS for any origin (the data are public), a preflight naming the methods of the route asked (methods_at), not
    every method of the server: /queries/NAME's said GET, POST, and the POST it let through was a 405."""

    def __init__(self, app, methods_at):
        self.app, self.methods_at, self.by_methods = app, methods_at, {}

    def cors(self, methods: tuple) -> CORSMiddleware:
        if methods not in self.by_methods:
            self.by_methods[methods] = CORSMiddleware(self.app, allow_origins=["*"], allow_methods=methods,
                                                      allow_headers=["*"])
        return self.by_methods[methods]

    async def __call__(self, scope, receive, send):
        preflight = scope["type"] == "http" and scope["method"] == "OPTIONS"
        answered = self.methods_at(scope["path"]) if preflight else []
        if answered is None:  # nothing there: the 404 a plain OPTIONS gets, not Starlette's 400 "Disallowed CORS method"
            await self.app(scope, receive, send)
            return
        await self.cors(tuple(m for m in answered if m != "OPTIONS"))(scope, receive, send)


class Options:
    """A plain OPTIONS (not a CORS preflight: Cors answers those) answered as RFC 9110 (9.3.7) has it: 204 with the
    Allow header, the route's methods (methods_at), the server's for `OPTIONS *`; where nothing is, the 404 any method
    gets. It was a 405 on every route, though the 501 for an unknown method names OPTIONS among those answered."""

    def __init__(self, app, methods_at, not_found):
        self.app, self.methods_at, self.not_found = app, methods_at, not_found  # not_found: Server._not_found

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            return await self.app(scope, receive, send)
        methods = self.methods_at(scope["path"])
        if methods is None:
            response = await self.not_found(Request(scope, receive), None)
        else:
            response = Response(status_code=204, headers={"Allow": ", ".join(methods)})
        await response(scope, receive, send)


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header takes gzip (by name, or `*`, with a weight above 0).

    >>> [accepts_gzip(h) for h in ("gzip, deflate, br", "br;q=1, *;q=0.1", "gzip;q=0, *", "identity", None)]
    [True, True, False, False, False]
    """
    codings = parse_accept(header)
    named = [q for coding, q in codings if coding in ("gzip", "x-gzip")]
    return (named[0] if named else next((q for coding, q in codings if coding == "*"), 0.0)) > 0


VARY = "Accept, Accept-Encoding"  # what an answer made here depends on (Compressed gzips those of 1 KiB or more)
COMPRESSIBLE = (b"text/", b"application/json", b"application/sparql-results", b"application/ld+json",
                b"application/n-triples", b"application/rdf+xml", b"application/xml", b"image/svg+xml")
MIN_COMPRESSED = 1024  # bytes: below, gzip gains less than its own header and a round of work
COMPRESSED_IN_THREAD = 64 * 1024  # bytes: above, gzip takes a millisecond or more, so it runs off the event loop


def gzipped(body: bytes) -> bytes:
    """The same bytes for the same body (no time in the header), so a cached answer compresses alike."""
    return gzip.compress(body, compresslevel=5, mtime=0)


def gzip_tag(tag: bytes) -> bytes:
    """The ETag of an answer's gzip (the same bytes for the same body: gzipped), another than the answer's own, as
    a strong validator of other bytes must be (RFC 9110, 8.8.3), strong or weak as it is.

    >>> gzip_tag(b'"abc"'), gzip_tag(b'W/"abc"')
    (b'"abc-gzip"', b'W/"abc-gzip"')
    """
    return tag[:-1] + b'-gzip"' if tag.endswith(b'"') else tag


class GzipMemo:
    """The gzip of answers sent more than once, kept within `limit` bytes (theirs and their bodies', least recently
    sent first out): a cached answer (Server.ask) was gzipped anew for each client, 25 ms a request for 2.5 MB of
    SPARQL XML. A body is kept from its second sending on (its hash remembered at its first: what is sent once,
    an answer made for one request, costs no memory), and looked up as itself: the server's cache hands out the
    same bytes object each time, whose hash Python keeps, so finding it is as cheap as its identity."""

    SEEN = 4096  # hashes of bodies sent once, remembered

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.seen: OrderedDict = OrderedDict()
        self.kept: OrderedDict = OrderedDict()

    def get(self, body: bytes) -> bytes | None:
        packed = self.kept.get(body)
        if packed is not None:
            self.kept.move_to_end(body)
        return packed

    def keep(self, body: bytes, packed: bytes) -> None:
        key, cost = hash(body), len(body) + len(packed)
        if key not in self.seen or cost > self.limit:
            self.seen[key] = None
            if len(self.seen) > self.SEEN:
                self.seen.popitem(last=False)
            return
        del self.seen[key]
        self.kept[body] = packed
        self.size += cost
        while self.size > self.limit:
            out, out_packed = self.kept.popitem(last=False)
            self.size -= len(out) + len(out_packed)


class Compressed:
    """gzip for an answer the server holds whole (a query's result, a page, a description, a chart) of
    MIN_COMPRESSED bytes or more in a text format, for a client whose Accept-Encoding takes it:
    Content-Encoding: gzip, the Content-Length of what is sent, HEAD alike. Every answer in such a
    format says Vary: Accept-Encoding (VARY, given where answers are made: a request that asks for no
    coding, wrk's or curl's without --compressed, passes through here at once, its answer as before).
    A file (/static, /pagefind, /dumps: FileResponse, which says Accept-Ranges) passes as it is, whole
    or in parts: its ranges and its ETag are of its own bytes, and a HEAD of it holds no body to gzip (one
    of 1-64 KiB, sent in one part, came gzipped to a GET without its ETag, and as it is to a HEAD); a
    dump has its .gz copy sent instead (Server.dump). What is sent again is gzipped once (GzipMemo, within
    `memo_bytes`)."""

    def __init__(self, app, memo_bytes: int = 16 << 20):
        self.app, self.memo = app, GzipMemo(memo_bytes) if memo_bytes else None

    async def __call__(self, scope, receive, send):
        asked = next((v for k, v in scope.get("headers") or () if k == b"accept-encoding"), None)
        if asked is None or scope["type"] != "http" or not accepts_gzip(asked.decode("latin-1")):
            return await self.app(scope, receive, send)
        held = None

        async def wrapped(message):
            nonlocal held
            if message["type"] == "http.response.start":
                names = {k.lower(): v for k, v in message.get("headers") or []}
                if (message["status"] in (204, 206, 304) or b"content-encoding" in names
                        or b"accept-ranges" in names  # a file
                        or not names.get(b"content-type", b"").startswith(COMPRESSIBLE)):
                    await send(message)
                else:
                    held = message  # until its body shows whether it comes whole
                return
            if held is not None:
                start, held = held, None
                body = message.get("body", b"")
                headers = start["headers"]
                length = next((v for k, v in headers if k.lower() == b"content-length"), b"")
                if not message.get("more_body") and len(body) >= MIN_COMPRESSED and length == str(len(body)).encode():
                    packed = self.memo.get(body) if self.memo is not None else None
                    if packed is None:
                        packed = (await run_in_threadpool(gzipped, body) if len(body) >= COMPRESSED_IN_THREAD
                                  else gzipped(body))
                        if self.memo is not None:
                            self.memo.keep(body, packed)
                    body = packed
                    headers = [(k, gzip_tag(v) if k.lower() == b"etag" else v) for k, v in headers
                               if k.lower() != b"content-length"]
                    headers = _varied(headers + [(b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode())],
                                      b"Accept-Encoding")
                    start, message = {**start, "headers": headers}, {**message, "body": body}
                await send(start)
            await send(message)

        return await self.app(scope, receive, wrapped)


class SecurityHeaders:
    """nosniff everywhere; on HTML, a Content-Security-Policy that lets pages load only this server's
    own scripts and styles (nothing from a CDN) and connect only to this server ('wasm-unsafe-eval':
    the search box runs Pagefind's WebAssembly, served from here too)."""

    POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html") and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.POLICY.encode()))
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, wrapped)


def _varied(headers: list, name: bytes) -> list:
    """`headers` whose Vary names `name` too.

    >>> _varied([(b"vary", b"Accept")], b"Accept-Encoding"), _varied([], b"Origin")
    ([(b'vary', b'Accept, Accept-Encoding')], [(b'vary', b'Origin')])
    """
    vary = b", ".join(v for k, v in headers if k.lower() == b"vary")
    if name.lower() in vary.lower():
        return headers
    return [(k, v) for k, v in headers if k.lower() != b"vary"] + [(b"vary", vary + b", " + name if vary else name)]


def _describe_query(query, base_url: str) -> dict:
    return {"name": query.name, "summary": query.summary, "description": query.description,
            "url": f"{base_url}queries/{query.name}",
            "parameters": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                            "description": p.description} for p in query.parameters]}


def openapi(queries: dict, settings: Settings) -> dict:
    """An OpenAPI 3.1 description of the saved-query API and the SPARQL endpoint."""
    results = {media: {"schema": {"type": "string" if not media.endswith("json") else "object"}}
               for media in ["application/sparql-results+json", "application/sparql-results+xml",
                             "text/csv", "text/tab-separated-values", "text/html"]}
    errors = {"content": {"text/plain": {"schema": {"type": "string"}}}}
    paths = {}
    for query in queries.values():
        parameters = [{"name": p.name, "in": "query", "required": p.required and p.default is None,
                       "description": p.description or f"a value of type {p.type}",
                       "schema": {"type": "string", **({"default": p.default} if p.default else {})},
                       **({"example": p.default} if p.default else {})}
                      for p in query.parameters]
        paths[f"/queries/{query.name}"] = {"get": {
            "operationId": re.sub(r"\W", "_", query.name), "summary": query.summary,
            "description": query.description or query.summary, "tags": ["saved queries"],
            "parameters": parameters,
            "responses": {"200": {"description": "the rows (format by a .json .xml .csv .tsv .html suffix, a format parameter, or Accept)",
                                  "content": results},
                          "400": {"description": "a parameter is missing or malformed", **errors},
                          "422": {"description": "more rows than the server returns", **errors},
                          "503": {"description": "past the deadline, or the workers are busy", **errors}}}}
    query_parameter = {"name": "query", "in": "query", "required": True, "schema": {"type": "string"},
                       "description": "a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)"}
    sparql_responses = {"200": {"description": "the result, by a format parameter or Accept", "content": {
        **results, **{media: {"schema": {"type": "string"}} for media in
                      ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
                       "application/n-quads", "application/trig"]}}},
        "400": {"description": "not valid SPARQL", **errors},
        "403": {"description": "refused: an update, SERVICE, LOAD, FROM or FROM NAMED", **errors},
        "422": {"description": "more rows than the server returns", **errors},
        "503": {"description": "past the deadline, or the workers are busy", **errors}}
    paths["/sparql"] = {
        "get": {"operationId": "sparql_get", "summary": "SPARQL 1.1 Protocol query (GET)", "tags": ["SPARQL"],
                "parameters": [query_parameter], "responses": sparql_responses},
        "post": {"operationId": "sparql_post", "summary": "SPARQL 1.1 Protocol query (POST)", "tags": ["SPARQL"],
                 "requestBody": {"required": True, "content": {
                     "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                         "query": {"type": "string"}}, "required": ["query"]}},
                     "application/sparql-query": {"schema": {"type": "string"}}}},
                 "responses": sparql_responses}}
    return {"openapi": "3.1.0",
            "info": {"title": "One in, one out: saved queries", "version": "0.1.0",
                     "description": "The saved SPARQL queries of the knowledge graph as a read-only web API. "
                                    "IRI parameters take prefixed names (oi:chris-philp) or <https://...>; "
                                    "values are bound as RDF terms, never pasted into the query.",
                     "license": {"name": "CC BY 4.0 (data); MIT (code)",
                                 "url": "https://creativecommons.org/licenses/by/4.0/"}},
            "servers": [{"url": settings.base_url.rstrip("/")}],
            "paths": paths}


def _uvicorn():
    import contextlib

    import uvicorn

    class Uvicorn(uvicorn.Server):
        """uvicorn's server, but a signal that stops it is not raised again once it has stopped: kg serve
        has its workers to stop and its snapshot of dist/ to remove first."""

        @contextlib.contextmanager
        def capture_signals(self):
            with super().capture_signals():
                try:
                    yield
                finally:
                    self._captured_signals.clear()

    return Uvicorn


def serve(project, settings: Settings, progress=lambda message: print(message, file=sys.stderr)) -> None:
    """Start the server and block until interrupted (Ctrl-C or SIGTERM)."""
    import socket

    import uvicorn

    from kg.web.connections import protocol_class

    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:  # say so now, not after loading the graph
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((settings.host, settings.port))
        except OSError as error:
            raise KGError(f"cannot listen on {settings.host}:{settings.port}: {error.strerror} (try --port)") from None
        if settings.port == 0:  # any free port: the one the system gave, in every URL the server says
            explicit = settings.base_url != Settings(host=settings.host, port=0).base_url
            settings = replace(settings, port=probe.getsockname()[1],
                               base_url=settings.base_url if explicit else "")
    server = Server(project, settings, progress)
    try:
        if settings.host not in ("127.0.0.1", "localhost", "::1"):
            progress(f"note: listening on {settings.host}, not only on this machine's loopback")
        progress(f"serving on {settings.base_url} (SPARQL: {server.endpoint_url}); Ctrl-C stops")
        connections = ConnectionLimits(read_timeout=settings.read_timeout, write_timeout=settings.read_timeout,
                                       max_connections=settings.max_connections).fitted()
        config = uvicorn.Config(server.app(), host=settings.host, port=settings.port, log_level="warning",
                                access_log=False, timeout_keep_alive=int(connections.idle_timeout),
                                limit_concurrency=None, server_header=False, http=protocol_class(connections),
                                ws="none")  # (an Upgrade: websocket is answered as plain HTTP, as Oxigraph answers it)
        runner = _uvicorn()(config)
        runner.run()
        if not runner.started:
            raise KGError(f"could not listen on {settings.host}:{settings.port} (in use? try --port)")
    finally:
        server.close()

