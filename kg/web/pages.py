"""Linked-data pages shared by `kg serve` and `kg publish`: where each IRI is served and what it shows.

One mapping, here and nowhere else, between the dataset's IRIs and the paths that serve them (the
base IRI https://w3id.org/oioo/ is the site's root):

    https://w3id.org/oioo/id/NAME           /id/NAME     (static site: id/NAME.html, id/NAME.ttl, ...)
    https://w3id.org/oioo/ontology#Term     /ontology#Term  (static site: ontology.html#Term)
    https://w3id.org/oioo/dataset           /dataset     (VoID and DCAT; also /.well-known/void)

Pages are rendered with Jinja2 (autoescaped) from kg/web/templates. The sections that make a page useful
to a journalist (a person's roles and statements, a figure's provenance, a report's figures) are the
saved queries of queries/*.rq, run with the page's resource as parameter, so the page, `kg query` and
the /queries API all show the same rows.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
from collections import OrderedDict
from dataclasses import replace
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.analysis.figures import fmt
from kg.core.datatypes import dates_in_words
from kg.core.errors import KGError, ParseError, echoed, not_utf8, printable, yaml_error, yaml_key_line
from kg.core.serialize import make_folders, relabel, serialize, stable_blank_node_labels, write_atomically
from kg.core.namespaces import BASE, OI, OO, bind_prefixes
from kg.query.names import PARAMETER_CLASSES, Names, local_name
from kg.sparql.output import heading, short
from kg.sources.cache import Cache as ProjectCache, package_digest  # (Cache, below: pages kept in memory)
from kg.query.store import GraphView, release_key
from kg.core.terms import TripleTerm, in_english
from kg.core.wording import filing_order
from kg.sparql.run import answer
from kg.sparql.saved import load_queries
from kg.web.desk import INFERRED, INFERRED_HOW, INFERRED_MEANS, Cell, Desk, Table, bracketed, marked

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
YASGUI = STATIC / "yasgui"  # fetched from npm by scripts/fetch-yasgui (not committed)

# extension -> (media type, rdflib format, name)
RDF_FORMATS = {
    "ttl": ("text/turtle", "turtle", "Turtle"),
    "jsonld": ("application/ld+json", "json-ld", "JSON-LD"),
    "nt": ("application/n-triples", "nt", "N-Triples"),
}
DATASET = URIRef(BASE + "dataset")
ONTOLOGY_PATH, DATASET_PATH = "ontology", "dataset"
# A name a page is served under (id/NAME): letters (any script), digits, "_", "-" and "." inside, never
# "..": oi:claire-hédon and oi:r005-fig-share-1.6pct each get a page, a path cannot climb out of id/.
LOCAL_NAME = re.compile(r"(?!.*\.\.)[^\W_](?:[\w.-]*[\w-])?")
# What a link's last segment may end with and still be a file, not a page (static sites add .html to a page).
FILE_EXTENSIONS = {*RDF_FORMATS, "html", "csv", "tsv", "json", "svg", "png", "xml", "txt", "gz", "css", "js"}
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")

MAX_NUMBER_CHARACTERS = 40  # digits a table's cell formats (thousands separated); longer, it shows the text
SHOWN_ROWS = 500  # rows of an answer a page shows: the first; its CSV and the API give up to the row cap
SUGGESTED = 300  # a form's parameter lists its kind's names when there are no more than this
ANSWERED = 300  # answers a static site writes of one saved query (one a suggested value): past it, a note says so
# What a reader calls the values of a parameter (singular, plural): "For each person", "kind of disagreement".
PARAMETER_WORDS = {"person": ("person", "people"), "speaker": ("speaker", "speakers"), "report": ("report", "reports"),
                   "indicator": ("indicator", "indicators"), "figure": ("figure", "figures"),
                   "about": ("subject", "subjects"), "kind": ("kind of disagreement", "kinds of disagreement"),
                   "verdict": ("verdict", "verdicts"), "value": ("value", "values")}
# In the curators' own text (notes, a saved query's description): a resource or a term named by prefixed
# name ("the public record (oi:public-record)", "the schema:ClaimReview"), shown under its name; and
# `code` between backticks ("`kg check`"). A prefixed name ends in a letter or digit ("(oi:r002-st-rwanda-1)." ends at 1).
NAMED_IN_TEXT = re.compile(r"`([^`\n]+)`|\b([a-z][a-z0-9]*):([^\W_](?:[\w.-]*[^\W_])?)")
# What the reader's part of a generic page does not repeat: the kind (the kicker), the name (the
# heading) and the description (the lead).
SHOWN_APART = {RDF.type, RDFS.label, SKOS.prefLabel, RDFS.comment}

# Sections of a page, by the resource's type: (class, heading, saved query, its parameter, columns shown).
# Sections of the generic page (organisations and other speakers; people, reports, indicators,
# figures, checks and discrepancies have the desk's pages): (class, heading, saved query, parameter, columns).
SECTIONS = [
    (OO.Agent, "Everything they said", "statements-by-person", "person",
     ["report", "statement", "role", "words", "venue", "date", "dateAsWritten"]),
    (OO.Agent, "Figures they stated", "figures-by-person", "person", ["figure", "statedAs", "comparator", "value", "indicator", "report", "role"]),
]
RESOURCES = """SELECT DISTINCT ?resource WHERE {
  { ?resource ?p ?o } UNION { ?s ?p ?resource }
  FILTER(isIRI(?resource) && STRSTARTS(STR(?resource), STR(oi:)))
}"""  # put in order by Site.resources: Oxigraph's ORDER BY reads each IRI's text for each comparison

SITE_KEYS = {"reviewer": "a mapping with a name and a url", "reviews_published": "a date YYYY-MM-DD"}
DEFAULT_REVIEWER = {"name": "One in, one out knowledge graph", "url": BASE}


def site_config(project) -> dict:
    """site.yaml in the project: who publishes the checks and when (docs/publishing.md). Nothing is
    invented: without a configured date, the checks carry none and the pages say so.

    reviewer: {name: ..., url: ...}   the organisation that publishes the checks (ClaimReview author)
    reviews_published: YYYY-MM-DD     the date the checks were published

    Read as text (YAML's BaseLoader), every value checked, every refusal at its line: a file not in UTF-8
    and a date that does not exist (2025-13-45, which YAML reads as one) were internal errors, a
    reviewer without a url broke every check page, and a misspelt key or a reviewer that is no mapping
    was the default in silence.
    """
    import datetime

    import yaml

    from kg.query.remote import checked_url

    path = project.root / "site.yaml"
    if not path.exists() and not path.is_symlink():
        return {"reviewer": dict(DEFAULT_REVIEWER), "reviews_published": ""}
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise not_utf8(path, error.object[error.start], error.start) from None
    except OSError as error:
        raise KGError(f"{path}: cannot read it: {error.strerror or error}") from None
    lines = [(number, 0, line) for number, line in enumerate(text.split("\n"), 1)]
    try:
        loaded = yaml.load(text, Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as error:
        raise yaml_error(error, path, lines) from None
    if not isinstance(loaded, dict):
        raise ParseError(path, 1, None, f"expected a mapping ({', '.join(SITE_KEYS)})")

    def refused(key: str, why: str) -> ParseError:
        return ParseError(path, yaml_key_line(lines, key), None, f"{key}: {why}")

    for key in loaded:
        if key not in SITE_KEYS:
            raise refused(key, f"not a setting kg reads (it reads {', '.join(SITE_KEYS)})")
    reviewer = loaded.get("reviewer") or dict(DEFAULT_REVIEWER)
    if (not isinstance(reviewer, dict) or set(reviewer) - {"name", "url"}
            or not all(isinstance(value, str) for value in reviewer.values()) or not reviewer.get("name", "").strip()):
        raise refused("reviewer", f"must be {SITE_KEYS['reviewer']} (text), got {reviewer!r}")
    url = reviewer.get("url", "").strip()
    if url:
        try:
            checked_url(url)
        except KGError as error:
            raise refused("reviewer", f"url: {error}") from None
    published = loaded.get("reviews_published") or ""
    if published:
        try:
            if not isinstance(published, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):
                raise ValueError(published)
            datetime.date.fromisoformat(published)
        except ValueError:
            raise refused("reviews_published", f"must be {SITE_KEYS['reviews_published']} that exists, got {published!r}") from None
    return {"reviewer": {"name": reviewer["name"].strip(), "url": url}, "reviews_published": published}


def path_of(iri) -> str | None:
    """The site path that serves `iri`, or None for an IRI outside the dataset's base.

    >>> path_of(URIRef("https://w3id.org/oioo/id/r000")), path_of(URIRef("https://w3id.org/oioo/ontology#Report"))
    ('id/r000', 'ontology')
    >>> path_of(URIRef("https://schema.org/Claim")) is None
    True
    """
    text = str(iri)
    if not isinstance(iri, URIRef) or not text.startswith(BASE):
        return None
    return text[len(BASE):].partition("#")[0]


def linkable(iri) -> bool:
    """Whether a page may write `iri` as a link: http(s) only. A query can return any IRI (javascript:,
    data:, file:), and a page writes it as text, never as a link.

    >>> linkable(URIRef("https://schema.org/Claim")), linkable(URIRef("javascript:alert(1)")), linkable(URIRef(" JavaScript:x"))
    (True, False, False)
    """
    return re.match(r"https?://", str(iri), re.IGNORECASE) is not None


def iri_of(path: str) -> URIRef | None:
    """The resource IRI a site path names (the inverse of path_of for resources), or None.

    >>> iri_of("/id/shabana-mahmood")
    rdflib.term.URIRef('https://w3id.org/oioo/id/shabana-mahmood')
    >>> iri_of("/id/../etc/passwd") is None
    True
    """
    kind, _, name = path.strip("/").partition("/")
    if kind == "id" and LOCAL_NAME.fullmatch(name):
        return OI[name]
    return None


def split_extension(name: str) -> tuple[str, str | None]:
    """'r000.ttl' -> ('r000', 'ttl'); 'r000' -> ('r000', None)."""
    stem, dot, extension = name.rpartition(".")
    if dot and (extension in RDF_FORMATS or extension == "html"):
        return stem, extension
    return name, None


def thousands(count):
    """A count as people read it, its thousands grouped ("15,914 triples"); anything else as it is.

    >>> thousands(15914), thousands(7), thousands("made when first downloaded")
    ('15,914', '7', 'made when first downloaded')
    """
    return f"{count:,}" if isinstance(count, int) and not isinstance(count, bool) else count


class TooManyRows(KGError):
    """An answer past the row cap, refused before its rows are made (HTTP 422, as the API's)."""

    status = 422


class NoTable(KGError):
    """A table a page does not have (HTTP 404, whatever parameters came with it)."""

    status = 404


KEY_CHARACTERS = 256  # a cache's key longer than this is kept as its digest


def bounded_key(key):
    """`key`, or where its strings hold more than KEY_CHARACTERS characters, ("sha256", its digest): the same
    key each time, of a size no client chooses."""
    def size(part) -> int:
        if isinstance(part, (str, bytes)):
            return len(part)
        return sum(map(size, part)) if isinstance(part, (tuple, frozenset)) else 8

    if size(key) <= KEY_CHARACTERS:
        return key
    return "sha256", hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).digest()


class Cache(OrderedDict):
    """A dict of at most `size` entries (and, with `weigh`, at most `limit` in total weight, none above
    a sixteenth of it), the least recently used dropped first: what a long-running server keeps. A key
    longer than KEY_CHARACTERS is kept as its digest (bounded_key): keys come from clients (a query's
    text, a path), and 4,096 of 400 KB each held 3 GB whatever the limit on the values.

    >>> cache = Cache(size=2)
    >>> cache["a"], cache["b"] = 1, 2
    >>> cache["a"]
    1
    >>> cache["c"] = 3
    >>> sorted(cache)
    ['a', 'c']
    >>> sized = Cache(limit=160, weigh=len)
    >>> sized["x"], sized["y"] = b"0" * 9, b"0" * 11
    >>> sorted(sized), sized.weight
    (['x'], 9)
    >>> long = ("sparql", "ASK {} # " + "x" * 100_000)
    >>> cache[long] = 4
    >>> cache[long], long in cache, max(len(repr(key)) for key in cache) < 300
    (4, True, True)
    """

    def __init__(self, size: int = 1024, limit: int = 0, weigh=None):
        super().__init__()
        self.size, self.limit, self.weigh, self.weight = size, limit, weigh, 0

    def __getitem__(self, key):
        key = bounded_key(key)
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def __contains__(self, key) -> bool:
        return super().__contains__(bounded_key(key))

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __setitem__(self, key, value) -> None:
        key = bounded_key(key)
        if key in self:
            self.pop(key)
        if self.weigh is not None:
            weight = self.weigh(value)
            if self.limit and weight > self.limit // 16:
                return  # too big to keep
            self.weight += weight
        super().__setitem__(key, value)
        while len(self) > self.size or (self.limit and self.weight > self.limit):
            self.pop(next(iter(self)))

    def pop(self, key, *default):
        if key not in self:
            if default:
                return default[0]
            raise KeyError(key)
        value = super().pop(key)
        if self.weigh is not None:
            self.weight -= self.weigh(value)
        return value


def _shown(value):
    """What a template prints for a value: nothing for None (a value not known yet), never "None"."""
    return "" if value is None else value


class Templates:
    """The site's pages as templates: links, layout and the pages that need no data (errors, the
    ontology's documentation). `static=False`: for a server (pages at /id/NAME); `static=True`: for a
    static site (pages at id/NAME.html, no query API)."""

    def __init__(self, project, *, static: bool = False, endpoint: str | None = "sparql", limits: dict | None = None,
                 base_url: str = BASE):
        self.project, self.static = project, static
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"  # where the site is (--base-url)
        self.endpoint = endpoint  # where the SPARQL editor sends queries (None: no editor)
        self.limits = limits or {}
        self.names = bind_prefixes(Graph()).namespace_manager
        self.prefixed_names = Cache(100_000)  # IRI -> its prefixed name (short), worked out once
        self.labels: dict = {}
        self.config = site_config(project)
        self.env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               finalize=_shown)
        self.env.filters["bracketed"] = bracketed
        self.env.filters["marked"] = marked
        self.env.filters["thousands"] = thousands
        self.env.globals.update(inferred_means=INFERRED_MEANS, inferred_how=INFERRED_HOW)

    def exists(self, iri: URIRef) -> bool:
        """Whether the dataset describes `iri` (templates alone know of nothing)."""
        return False

    def prefixed(self, term) -> str:
        """kg.sparql.output.short in the site's prefixes, an IRI's worked out once (rdflib's qname is a
        sixth of the time of a page's links)."""
        if not isinstance(term, URIRef):
            return short(term, self.names)
        found = self.prefixed_names.get(term)
        if found is None:
            found = self.prefixed_names[term] = short(term, self.names)
        return found

    def label(self, term) -> str:
        """A term's label (English first), else its prefixed name."""
        if isinstance(term, URIRef):
            return self.label_of(term) or self.prefixed(term)
        return self.prefixed(term)

    def term_name(self, iri: URIRef) -> str:
        """A class's or a property's name for a reader: its label, else its local name spelt out
        (prov:wasDerivedFrom: "was derived from"; schema:ImageObject: "image object"), never a prefixed name."""
        found = self.label_of(iri)
        if found:
            return found
        local = re.split(r"[#/]", str(iri).rstrip("#/"))[-1]
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower() or str(iri)

    def linked(self, root: str, text) -> Markup:
        """The curators' text for a reader who knows no RDF: each resource or term it names by prefixed
        name under its name, a link where it has a page (oi: a resource of the dataset, oo: a term of the
        ontology; a term of another vocabulary, schema:ClaimReview, by its label or spelt out: "claim
        review"); `code` as code; an ISO date in words, as the rest of the desk writes it ("ends 2025-10-12"
        is "ends 12 October 2025": the curators' notes kept theirs). An unknown name stays as written."""
        text, out, last = self.sic(text), [], 0
        prefixes = dict(self.names.namespaces())
        for match in NAMED_IN_TEXT.finditer(text):
            code, prefix, name = match.groups()
            if code is not None:
                shown = Markup("<code>{}</code>").format(code)
            elif prefix in ("oi", "oo"):
                iri = (OI if prefix == "oi" else OO)[name]
                if self.exists(iri) if prefix == "oi" else self.label_of(iri):  # a term the ontology names
                    cell = self.link(root, iri)
                    shown = Markup('<a href="{}" class="local">{}</a>').format(cell.href, cell.text)
                else:
                    shown = escape(match.group())  # (as written, its digits too: "oi:r003-date-2025-07" is a name)
            elif prefix in prefixes:
                shown = escape(self.term_name(URIRef(prefixes[prefix] + name)))
            else:
                shown = escape(match.group())
            out += [escape(dates_in_words(text[last:match.start()])), shown]
            last = match.end()
        return Markup("").join([*out, escape(dates_in_words(text[last:]))])

    def label_of(self, iri: URIRef) -> str | None:
        return None

    def sic(self, text) -> str:
        """A report's words as a page shows them (Site: each word the report misspells marked [sic])."""
        return "" if text is None else str(text)

    def url(self, root: str, path: str, extension: str | None = None, params: dict | None = None) -> str:
        """A link from a page `root` levels below the site root to `path` ('id/r000', 'ontology#Report')."""
        path, hash_, fragment = path.partition("#")
        if extension:
            path = f"{path}.{extension}"
        elif (self.static and not path.startswith(("static/", "dumps/"))
              and path.rpartition("/")[2].rpartition(".")[2] not in FILE_EXTENSIONS):
            path = f"{path}.html" if path else "index.html"
        href = root + path + (f"?{urlencode(params)}" if params else "")
        return (href or "./") + (hash_ + fragment)

    def link(self, root: str, term) -> Cell:
        """A term as a table cell: local IRIs link to their page, others to themselves. Its developer's name
        (prefixed name, a literal's datatype or language) is kept apart from the reader's tooltip: only the
        raw-data fold shows it."""
        if term is None:
            return Cell("", kind="empty")
        if isinstance(term, BNode):
            return Cell("(blank node)", kind="bnode")
        if isinstance(term, TripleTerm):  # an answer's RDF 1.2 triple term: its three terms by name
            return Cell(self.prefixed(term), kind="triple")
        if isinstance(term, Literal):
            name = self.prefixed(term.datatype) if term.datatype else (f"@{term.language}" if term.language else "")
            return Cell(printable(str(term), keep="\n\t"), name=name)  # NUL, BEL, ESC shown, never sent raw
        path = path_of(term)
        if path is not None and (path == ONTOLOGY_PATH or term == DATASET or path in self.ontology_versions()
                                 or self.exists(term)):
            fragment = str(term).partition("#")[2]
            target = path + (f"#{fragment}" if fragment else "")
            return Cell(self.label(term), self.url(root, target), "local", iri=str(term), name=self.prefixed(term))
        return Cell(self.label(term), str(term) if linkable(term) else None, "iri", iri=str(term), name=self.prefixed(term))

    @staticmethod
    def _with_alternates(html: str, alternates: list) -> str:
        """pyLODE's page with the ontology's files named: in its head as every page of ours names them, and in its
        metadata as downloads. It named none of ontology.ttl, .jsonld or .nt, which only a guess found."""
        from html import escape

        head = "".join(f'<link rel="alternate" type="{a["type"]}" href="{escape(a["href"])}">\n' for a in alternates)
        listed = " · ".join(f'<a href="{escape(a["href"])}" type="{a["type"]}">{a["name"]}</a>' for a in alternates)
        html = html.replace("</head>", head + "</head>", 1)
        return re.sub(r'(<div class="section" id="metadata">.*?<dl>)', lambda m: m.group(1) + (
            f"\n<div><dt><strong>Download</strong></dt><dd>{listed}</dd></div>"), html, count=1, flags=re.S)

    def alternates(self, root: str, path: str) -> list:
        return [{"type": media, "name": name, "href": self.url(root, path, extension)}
                for extension, (media, _, name) in RDF_FORMATS.items()]

    # ------------------------------------------------------------ RDF

    def rdf(self, graph: Graph, extension: str) -> bytes:
        return serialize(graph, RDF_FORMATS[extension][1])

    def ontology_versions(self) -> frozenset:
        """The site paths of the ontology's version IRIs (owl:versionIRI: 'ontology/0.1.0'), which resolve as
        the ontology's IRI does: read from the ontology file once."""
        if getattr(self, "_ontology_versions", None) is None:
            graph = self.ontology_graph()
            self._ontology_versions = frozenset(
                path for version in graph.objects(None, OWL.versionIRI)
                if (path := path_of(version)) and path.startswith(f"{ONTOLOGY_PATH}/") and "#" not in str(version))
        return self._ontology_versions

    def ontology_graph(self) -> Graph:
        """The ontology document (what https://w3id.org/oioo/ontology and its terms dereference to), its
        blank nodes (property chains, restrictions) labelled by what they say: the same bytes each time."""
        from kg.sources.load import read_graph

        graph = read_graph(self.project.ontology_file, into=bind_prefixes(Graph()))
        return relabel(graph, stable_blank_node_labels(graph))

    # ------------------------------------------------------------ saved queries as tables

    def render(self, template: str, path: str, root: str | None = None, **context) -> str:
        """`root`: the page's way back to the site's root, if not relative to `path` (a page served at
        any depth: the static site's 404.html)."""
        root = "../" * path.count("/") if root is None else root
        base = {"root": root, "url": lambda p, ext=None, params=None: self.url(root, p, ext, params),
                "linked": lambda text: self.linked(root, text),
                "static": self.static, "sparql": self.endpoint is not None and not self.static,
                "title": "", "alternates": [], "answers": {}, "answer": None, "canonical": self.canonical(path)}
        return self.env.get_template(template).render(**{**base, **context})

    def canonical(self, path: str, params: dict | None = None) -> str:
        """The absolute address of the page at `path` ('id/NAME', '' the home page), its permalink for a link shared
        (rel=canonical, og:url): under the site's base URL (--base-url, as VoID's and DCAT's links are), the path it
        is served at: kg serve's (id/NAME, queries/NAME?person=...), the static site's file (id/NAME.html: a static
        host serves no other), the home page the base URL itself."""
        if path in ("", "index"):
            return self.base_url
        return self.base_url + self.url("", path, params=params)

    def editor(self, root: str) -> dict | None:
        """The SPARQL editor: YASGUI when scripts/fetch-yasgui has fetched it, else a plain form."""
        if self.endpoint is None:
            return None
        endpoint = self.endpoint if re.match(r"https?://", self.endpoint) else root + self.endpoint
        yasgui = (YASGUI / "yasgui.min.js").is_file() and (YASGUI / "yasgui.min.css").is_file()
        # oi: declared, so that its answers show oi:r000-fig-... (YASGUI writes a name by the query's prefixes): full
        # IRIs, cut short to "<https://w3id.org/oioo/id/r00…" in every row, could not be told apart
        example = (f"PREFIX oo: <{OO}>\nPREFIX oi: <{OI}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n"
                   "SELECT ?figure ?statedAs ?report WHERE {\n  ?figure a oo:Figure ; oo:statedAs ?statedAs ; "
                   "oo:inReport ?report .\n}\nORDER BY ?report\nLIMIT 20")
        return {"endpoint": endpoint, "yasgui": yasgui, "example": example}

    def dataset_page(self, description: dict) -> str:
        return self.render("dataset.html", DATASET_PATH, title="Dataset and downloads", dataset=description,
                           alternates=self.alternates("", DATASET_PATH))

    def ontology_page(self, generated: str = "", path: str = ONTOLOGY_PATH) -> str:
        """The ontology's documentation: pyLODE's page when it was generated (its links are absolute), else a
        plain list of terms, its links relative to `path` (the ontology's, or a version's: 'ontology/0.1.0')."""
        root = "../" * path.count("/")
        if generated:
            return self._with_alternates(generated, self.alternates(root, path))
        ontology = self.ontology_graph()
        kinds = [("Classes", (OWL.Class, RDFS.Class)), ("Object properties", (OWL.ObjectProperty,)),
                 ("Datatype properties", (OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property))]
        seen, groups = set(), []
        for title, classes in kinds + [("Individuals and concepts", None)]:
            members = ({s for c in classes for s in ontology.subjects(RDF.type, c)} if classes
                       else {s for s in ontology.subjects() if str(s).startswith(str(OO))})
            members = sorted((m for m in members if str(m).startswith(str(OO)) and m not in seen), key=str)
            seen.update(members)
            terms = []
            for term in members:
                links = [(name, [self.link(root, o) for o in sorted(ontology.objects(term, p), key=str)])
                         for name, p in (("subclass of", RDFS.subClassOf), ("subproperty of", RDFS.subPropertyOf),
                                         ("domain", RDFS.domain), ("range", RDFS.range), ("type", RDF.type))]
                comment = ontology.value(term, RDFS.comment) or ontology.value(term, SKOS.definition) or ""
                terms.append({"anchor": str(term).partition("#")[2], "curie": self.prefixed(term),
                              "label": self.label(term), "comment": str(comment),
                              "links": [(n, v) for n, v in links if v]})
            if terms:
                groups.append({"heading": title, "terms": terms})
        title = next((str(t) for t in ontology.objects(None, DCTERMS.title)), "Ontology")
        description = next((str(t) for t in ontology.objects(None, DCTERMS.description)), "")
        return self.render("ontology.html", path, title=title, heading=title, description=description,
                           groups=groups, alternates=self.alternates(root, path))

    def error_page(self, status: int, message: str, path: str = "", root: str | None = None, near: list = (),
                   suggest: bool = False) -> str:
        """An error as a page: what happened in words ("Page not found", not a bare "404"), the message,
        and where to go on. `near`: the resources a mistyped /id/NAME likely meant ([{path, label}]: Site.near),
        each linked under its label. `suggest`: the static site's 404.html, which a host serves for any missing
        path: the desk's script finds them in the browser (the lower-case page, the search index)."""
        heading = ERROR_HEADINGS.get(status) or _phrase(status)
        return self.render("error.html", path, root=root, title=f"{heading} ({status})", heading=heading,
                           status=status, message=message, near=near, suggest=suggest, canonical="")  # (no permalink)



def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Something went wrong"


ERROR_HEADINGS = {400: "That cannot be answered as asked", 403: "Refused", 404: "Page not found",
                  422: "Too large an answer", 429: "Too many requests at once",
                  500: "Something went wrong", 503: "Too busy or too slow to answer"}
CHARTS = "charts"  # dist/charts/RELEASE/: the charts drawn for a release (Site.chart)


def made_by(manifest: dict) -> str:
    """What decides what kg keeps beside a release for the pages (the charts, the dataset's statistics, the
    search index): the release's files and kg itself (kg.sources.cache.package_digest), so that a new kg,
    whose words or queries may differ, makes them again rather than serving an earlier kg's."""
    return json.dumps({"release": release_key(manifest), "kg": package_digest()}, sort_keys=True)


def release_charts(project, manifest: dict) -> Path:
    """The folder that keeps the charts of the release `manifest` describes: dist/charts/ and a name made
    from the release's files and what draws them (made_by, and matplotlib's version: a chart's words and
    numbers come from kg.analysis.figures and the pages too, so kg.analysis.timeline's code alone left
    charts drawn by an earlier kg in place). Those of other releases are removed (a server still answering
    from one draws its charts again, into its own folder)."""
    import matplotlib

    name = hashlib.sha256(made_by(manifest).encode() + matplotlib.__version__.encode()).hexdigest()[:16]
    folder = project.dist_dir / CHARTS
    try:
        for old in folder.iterdir() if folder.is_dir() else ():
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # a dist/ that cannot be changed: only fuller
    return folder / name


class Site(Templates):
    """Renders the pages and RDF descriptions of the graph in an Oxigraph store (kg.query.store)."""

    def __init__(self, project, store, *, static: bool = False, endpoint: str | None = "sparql",
                 limits: dict | None = None, queries: dict | None = None, charts: Path | None = None,
                 remember: int = 0, base_url: str = BASE):
        """`charts`: the folder that keeps the release's charts (release_charts), for every process that
        draws them; None: each is drawn once by this Site. `remember`: the nodes the graph view keeps
        (GraphView), for a store that does not change under it."""
        super().__init__(project, static=static, endpoint=endpoint, limits=limits, base_url=base_url)
        self.store, self.graph, self.charts = store, GraphView(store, remember), charts
        self.queries = queries if queries is not None else load_queries(project.queries_dir, ProjectCache(project))
        self.lock = threading.RLock()  # guards the caches
        self.cache = Cache(512)  # pages and saved-query answers
        self.parts = Cache(remember or 512)  # what many pages show, made once: links, figures, sides of disagreements
        # the prefixes of descriptions (describe), shared where the site remembers: rdflib then works out each
        # prefixed name once (a third of Turtle's time) rather than once a description
        self.description_names = bind_prefixes(Graph()).namespace_manager if remember else None
        self.known = Cache(100_000)  # IRI -> whether the dataset describes it
        self.labels = Cache(100_000)  # IRI -> its label, or None
        self.resolver = Names(self.graph)  # what forms and the API accept for a parameter (kg.query.names)
        self.desk = Desk(self)
        self.overview: dict = {}  # the dataset's summary (kg.web.dataset.summary), given with the home page
        self.misspelt = None  # the words the reports misspell (oo:sic), as a pattern; False: none
        self._answers, self.answer_at = None, {}  # a static site's answers of its saved queries (static_answers)
        self._slugs = None  # the names a mistyped permalink is compared with (_names_by_slug)

    def exists(self, iri: URIRef) -> bool:
        """Whether the dataset says anything about `iri` (as subject or object), under id/."""
        found = self.known.get(iri)
        if found is None:
            found = (isinstance(iri, URIRef) and iri_of(path_of(iri) or "") == iri
                     and ((iri, None, None) in self.graph or (None, None, iri) in self.graph))
            self.known[iri] = found
        return found

    def link(self, root: str, term) -> Cell:
        """Templates.link, an IRI's made once for each `root`; a copy each time: a page's cell may be
        given other words."""
        if not isinstance(term, URIRef):
            return super().link(root, term)
        key = ("link", root, term)
        found = self.parts.get(key)
        if found is None:
            found = self.parts[key] = super().link(root, term)
        return replace(found)

    def label_of(self, iri: URIRef) -> str | None:
        """rdfs:label in English, else skos:prefLabel in English, else any label; for a resource of the
        dataset without one (a check's rating, a quote difference), what it is of what: "rating of Check
        of ..."; looked up once."""
        if iri not in self.labels:
            found = [label for predicate in (SKOS.prefLabel, RDFS.label) for label in self.graph.objects(iri, predicate)]
            english = [label for label in found if isinstance(label, Literal) and in_english(label.language)]
            self.labels[iri] = str((english or found)[-1 if english else 0]) if found else None
            if not found and path_of(iri) is not None and iri_of(path_of(iri)) == iri:
                self.labels[iri] = self._described_by_owner(iri)
        return self.labels[iri]

    def sic(self, text) -> str:
        """A report's words as a page shows them: each word a report evidently misspells (oo:sic, as the
        report writes it) followed by [sic], as an editor marks it ("Shadiow [sic] Home Secretary"). The
        graph, its dumps and the raw-data fold keep the words as written."""
        if self.misspelt is None:
            words = sorted({str(w) for w in self.graph.objects(None, OO.sic)}, key=len, reverse=True)
            self.misspelt = words and re.compile(r"(?<!\w)(?:%s)(?!\w)(?! \[sic\])" % "|".join(map(re.escape, words)))
        text = "" if text is None else str(text)
        return self.misspelt.sub(lambda m: m.group(0) + " [sic]", text) if self.misspelt else text

    def _described_by_owner(self, iri: URIRef) -> str | None:
        kinds = sorted(self._most_specific(set(self.graph.objects(iri, RDF.type))), key=str)
        owners = sorted(s for s, _ in self.graph.subject_predicates(iri) if isinstance(s, URIRef) and s != iri)
        owner = next((self.label_of(o) for o in owners if self.label_of(o)), None)
        if not kinds or owner is None:
            return None
        return f"{self.term_name(kinds[0])} of {owner}"

    @property
    def resources(self) -> list:
        """Every IRI under id/ that the dataset mentions, in IRI order (the pages of a static site)."""
        if "resources" not in self.cache:
            found = answer(self.store, RESOURCES, {})  # 236,742 at a million triples: 9 s, 36 s with ORDER BY
            self.cache["resources"] = sorted((row[0] for row in found.rows if iri_of(path_of(row[0])) == row[0]), key=str)
        return self.cache["resources"]

    def near(self, name: str) -> list:
        """The resources a mistyped permalink /id/NAME likely meant, best first, at most NEAR: [(IRI, label)].
        The same name in other letter case, or spelt with spaces or underscores (/id/Yvette-Cooper,
        /id/Yvette Cooper: oi:yvette-cooper), or a name whose label it is; else the names and labels
        closest to it (difflib, a ratio of NEAR_RATIO or more: a letter dropped, added or changed). Never a
        guess sent on (a redirect): the 404 page lists them, for the reader to choose."""
        import bisect
        import difflib

        asked = _slug(name)
        if not asked or len(asked) > NEAR_LONGEST:
            return []
        names, in_order, backwards = self._names_by_slug()
        found = list(names.get(asked, ()))
        if not found:
            # compared with the names around it in alphabetical order, and around it read backwards (a letter off
            # near its start), NEAR_COMPARED on each side: every name, 250,000 at a million triples, took 5 to 7 s
            # a 404; these, a tenth of a second
            at, back = bisect.bisect_left(in_order, asked), bisect.bisect_left(backwards, asked[::-1])
            compared = {*in_order[max(0, at - NEAR_COMPARED):at + NEAR_COMPARED],
                        *(reverse[::-1] for reverse in backwards[max(0, back - NEAR_COMPARED):back + NEAR_COMPARED])}
            for close in difflib.get_close_matches(asked, compared, n=NEAR, cutoff=NEAR_RATIO):
                found += [iri for iri in names[close] if iri not in found]
        return [(iri, self.label(iri)) for iri in found[:NEAR]]

    def _names_by_slug(self) -> tuple[dict, list, list]:
        """_slug of each resource's local name, then of each label of the kinds a reader names (people,
        organisations, reports, indicators, agreements, events) -> [IRI]; those slugs in order, and each
        read backwards, in order: made once."""
        if self._slugs is None:
            from kg.web.desk import BROWSE

            slugs: dict = {}
            for iri in self.resources:
                slugs.setdefault(_slug(str(iri)[len(str(OI)):]), []).append(iri)
            named = tuple(BROWSE[kind][0] for kind in ("people", "unnamed", "organisations", "indicators", "reports",
                                                       "agreements", "events"))
            for iri, label, _ in self.resolver.candidates(named):
                if label and iri not in slugs.setdefault(_slug(label), []):
                    slugs[_slug(label)].append(iri)
            self._slugs = slugs, sorted(slugs), sorted(slug[::-1] for slug in slugs)
        return self._slugs

    def describe(self, iri: URIRef) -> Graph:
        """What the dataset says about `iri`: its triples with their blank nodes (evidence spans,
        inferred values), and the triples that point to it."""
        out = bind_prefixes(Graph()) if self.description_names is None else Graph(namespace_manager=self.description_names)
        with self.lock:
            todo, seen = [iri], set()
            while todo:
                node = todo.pop()
                if node in seen:
                    continue
                seen.add(node)
                for p, o in self.graph.predicate_objects(node):
                    out.add((node, p, o))
                    if isinstance(o, BNode):
                        todo.append(o)
            for s, p in self.graph.subject_predicates(iri):
                if isinstance(s, URIRef):
                    out.add((s, p, iri))
        return out

    def rdf(self, graph: Graph, extension: str) -> bytes:
        """Templates.rdf; where writing a description in the shared prefixes bound one more (rdflib names a
        namespace it lacks ns1, ns2 ...), the next descriptions get them anew: each is written as if alone."""
        shared = self.description_names
        if shared is None or graph.namespace_manager is not shared:
            return super().rdf(graph, extension)
        bound = len(list(shared.namespaces()))
        data = super().rdf(graph, extension)
        if len(list(shared.namespaces())) != bound:
            self.description_names = bind_prefixes(Graph()).namespace_manager
        return data

    def run_saved(self, name: str, given: dict) -> tuple[list, list]:
        """Rows of a saved query, cached: (variable names, rows of terms). Where the site has a row cap (kg
        serve's), an answer past it is refused as every answer of the API is, before its rows are made."""
        key = ("saved", name, tuple(sorted(given.items())))
        with self.lock:
            if key not in self.cache:
                saved = self.queries[name]
                cap = self.limits.get("max_rows")
                found = answer(self.store, saved.text, self.resolver.bind(saved, given), cap)
                # past the cap: the refusal is kept, so that asking again does not run the query again
                self.cache[key] = (found.variables, found.rows) if cap is None or len(found.rows) <= cap else (
                    f"the answer has more than {cap} rows, the most a download may hold here: give a value to "
                    "narrow the question, or download the whole graph (dumps/)")
            if isinstance(self.cache[key], str):
                raise TooManyRows(self.cache[key])
            return self.cache[key]

    def table(self, root: str, variables: list, rows: list, columns: list | None = None) -> Table:
        """Rows of terms as a table for people: human headings ("value A", not valueA), a figure as its
        value in words ("more than 41,000") linked to its page, numbers with their thousands separated; a
        column another shows (a name beside its resource's link, a figure's number and qualifier beside
        the figure) is left off the page and its CSV, where the column that shows it takes its place
        with the name's IRI, the figure's number, qualifier and unit beside it (Table.view); the API's
        answer, for programs, keeps every column."""
        shown = [c for c in (columns or variables) if c in variables]
        named = {heading(c) for c in shown if not c.startswith("_")}
        shown = [c for c in shown if not (c.startswith("_") and heading(c) in named)]  # its link shows the same name
        index = [variables.index(c) for c in shown]
        terms = [[row[i] for i in index] for row in rows]
        return Table([heading(c) for c in shown], [[self.cell(root, t) for t in row] for row in terms],
                     view=self._view(terms))

    def cell(self, root: str, term) -> Cell:
        """An answer's term as a cell (Site.table): a figure by its value in words, a number with its
        thousands separated (sorted by its value), anything else as Site.link gives it."""
        if isinstance(term, URIRef) and (term, RDF.type, OO.Figure) in self.graph:
            return self.desk.figure_cell(root, term)
        if isinstance(term, URIRef) and (term, RDF.type, OO.Report) in self.graph:  # "Report 000", as every table names it
            return self.desk.report_column_cell(root, term)
        if isinstance(term, Literal) and term.datatype in (XSD.date, XSD.gYearMonth):  # "4 November 2024", as pages write it
            return self.desk.date_cell(str(term), dates_in_words(str(term)))
        cell = self.link(root, term)
        number = _number(term)
        if number is not None:
            cell.text, cell.sort, cell.kind = fmt(number, places=-1), format(number, "f"), "number"
        return cell

    def _view(self, terms: list) -> list | None:
        """The columns a page shows (Table.view): each but those another column shows in every row, where
        it has a value (a speaker's name beside the speaker's link; a figure's number, comparator or unit
        beside the figure), the column that shows them in the first one's place."""
        width = len(terms[0]) if terms else 0
        stands = [[self._stands_for(row[d]) for d in range(width)] for row in terms]
        order, shown_by = list(range(width)), {}
        for c in range(width):
            for d in range(width):
                if d != c and d not in shown_by and any(row[c] is not None for row in terms) and all(
                        row[c] is None or _key(row[c]) in stands[r][d] for r, row in enumerate(terms)):
                    shown_by[c] = d
                    break
        for c, d in sorted(shown_by.items()):
            if c < order.index(d):  # the link takes the place of the first column it shows
                order.remove(d)
                order[order.index(c)] = d
        view = [i for i in order if i not in shown_by]
        return None if view == list(range(width)) else view

    def _stands_for(self, term) -> set:
        """What a cell of `term` shows (Site._view): a resource's IRI and name; a figure's value,
        comparator and unit too."""
        if not isinstance(term, URIRef):
            return set()
        found = {str(term), self.label(term)}
        if (term, RDF.type, OO.Figure) in self.graph:
            f = self.desk.figure(term)
            found |= {f.number} | {str(t) for t in (f.comparator, f.unit) if t is not None}
        return found

    def saved_table(self, root: str, name: str, given: dict, columns: list | None = None) -> Table:
        variables, rows = self.run_saved(name, given)
        table = self.saved_rows(root, variables, rows, columns)
        table.query = name
        if not self.static:  # (its raw answer, for programs, is the API's: queries/NAME.csv, .json, .tsv)
            table.href = self.url(root, f"queries/{name}", params={k: self.named(k, v, name) for k, v in given.items()})
        return table

    def saved_rows(self, root: str, variables: list, rows: list, columns: list | None = None) -> Table:
        """A saved query's rows as its page shows them, on kg serve and in kg publish alike: a report's words as the
        pages show them, and each value its row's `inferred` column names marked (_mark_inferred)."""
        table = self.table(root, variables, rows, columns)
        for row in table.rows:
            for cell in row:
                if cell.kind == "literal":
                    cell.text = self.sic(cell.text)
        _mark_inferred(table, variables, rows)
        return table

    def named(self, parameter: str, value: str, query: str) -> str:
        """A parameter's value as the form of saved query `query` shows it to a reader: an IRI by its name
        ("Chris Philp", not <https://...>), when that name gives back the same IRI; else as it is."""
        if not (value.startswith("<") and value.endswith(">")):
            return value
        iri = URIRef(value[1:-1])
        name = self.label_of(iri)
        try:
            return name if name and self.resolver.resolve(
                name, parameter, linked=self.queries[query].links.get(parameter, frozenset())) == iri else value
        except KGError:
            return value

    # ------------------------------------------------------------ pages

    def page(self, iri: URIRef) -> str:
        """A resource's page: the desk's page for its kind (kg.web.desk), else its properties."""
        path = path_of(iri)
        key = ("page", iri)
        if key not in self.cache:
            template, context = self.page_model(path)
            self.cache[key] = self.render(template, path, **context)
        return self.cache[key]

    def _lead(self, iri) -> str:
        """The curators' comment under a page's title when there is one; with several (the agreement
        has one for what each report says of it) none is picked: all are listed with the other facts."""
        comments = list(self.graph.objects(iri, RDFS.comment))
        return str(comments[0]) if len(comments) == 1 else ""

    def page_model(self, path: str) -> tuple[str, dict]:
        """(template, context) of the page at `path` ('id/NAME', '', 'browse/KIND-N', 'queries/NAME'):
        the page's HTML and its tables' CSV come from the same model."""
        key = ("model", path)
        with self.lock:
            if key not in self.cache:
                self.cache[key] = self._model(path)
            return self.cache[key]

    def _model(self, path: str) -> tuple[str, dict]:
        root = "../" * path.count("/")
        if path in ("", "index"):
            return "home.html", self.desk.home(self.overview)
        kind, _, name = path.partition("/")
        try:
            if kind == "browse":
                # its table's CSV linked under it, as on every other page (publish wrote it, unlinked)
                return "browse.html", self._with_csv(root, path, self.desk.browse(root, name))
            if kind == "said":  # said/NAME-N: page N of what the person at id/NAME said (or was said in its name)
                person, _, number = name.rpartition("-")
                if not number.isascii() or not number.isdigit() or not self.desk.said_page_of(iri_of(f"id/{person}")):
                    person, number = name, "1"  # said/NAME: the first page, which is id/NAME
                elif not re.fullmatch(r"[1-9]\d*", number):
                    number = "0"  # one address a page (-2, not -02): no page, said naming those there are
                return "said.html", self._with_csv(root, path, self.desk.said_page(
                    root, iri_of(f"id/{person}"), int(number)))
        except KGError as error:  # in one line, whatever the name asked (a %0A in a URL is a line break)
            raise KGError(f"no page {printable(echoed(path))}" + (f": {error}" if str(error) else "")) from None
        if kind == "queries":  # queries/NAME, or a static site's answer for one value, queries/NAME/PARAMETER/VALUE
            name, given = self._answered(path) or (name, {})
            return "query.html", self._with_csv(root, path, self._query_model(name, given, root=root))
        iri = iri_of(path)
        if iri is None or not self.exists(iri):
            raise KGError(f"no page {echoed(path)}")
        types = set(self.graph.objects(iri, RDF.type))
        context = {
            "iri": str(iri), "label": self.label(iri), "curie": self.prefixed(iri), "page_path": path,
            "types": [self._kind(root, t) for t in sorted(self._most_specific(types), key=str)],
            "comment": self._lead(iri), "notes": self.desk.notes(iri), "inferences": self.desk.inferences(root, iri),
            "draft": self.desk.unreviewed(iri),
            "properties": self._values(root, iri),
            "incoming": self._incoming(root, iri),
            "alternates": self.alternates(root, path),
            "title": self.label(iri), "sections": [],
        }
        for cls, template, build in self.desk.PAGES:
            if cls in types:
                context.update(getattr(self.desk, build)(root, iri))
                if template == "check.html":
                    context["claim_review"] = self.desk.claim_review(iri, context, self.config)
                return template, self._with_csv(root, path, context)
        context["sections"] = self._sections(root, iri, types)
        context["about"] = self._facts(root, iri, shown_apart=SHOWN_APART, lead=context["comment"])
        context["referred"], shown = self._referred(root, iri)
        context["inferences"] = self.desk.inferences(root, iri, self.desk.facts_shown(root, shown, iri)
                                                     + self.desk.authors_read(root, iri))
        return "resource.html", self._with_csv(root, path, context)

    def _kind(self, root: str, cls: URIRef) -> Cell:
        cell = self.link(root, cls)
        cell.text = self.term_name(cls)
        return cell

    def _reader_cell(self, root: str, term) -> Cell:
        """A value for a reader: a resource under its label, a term of a vocabulary under its name, any
        other IRI as its address (www.wikidata.org/entity/Q142), never a prefixed name or <...>."""
        cell = self.link(root, term)
        if isinstance(term, URIRef) and self.label_of(term) is None:
            known = self.prefixed(term)
            cell.text = self.term_name(term) if not known.startswith("<") else re.sub(r"^[a-z]+://", "", str(term))
        return cell

    def _specific_predicates(self, predicates: set) -> list:
        """The properties a reader needs: not also each super-property the closure adds (holder, not
        also org:member)."""
        return [p for p in predicates
                if not any(q != p and (q, RDFS.subPropertyOf, p) in self.graph for q in predicates)]

    def _facts(self, root: str, node, depth: int = 0, shown_apart: set = frozenset(), lead: str = "") -> list:
        """What a reader is told about `node`: each property under its name, its values under theirs
        (text with the resources it names linked; not the `lead` again), spans of a report's text as
        quotations, other blank nodes as facts of their own."""
        out = []
        predicates = self._specific_predicates(set(self.graph.predicates(node)) - shown_apart)
        for p in sorted(predicates, key=self.term_name):
            values, spans = [], []
            for o in sorted(self.graph.objects(node, p), key=lambda o: (isinstance(o, BNode), self.label(o))):
                inferred = INFERRED * self.desk.given((node, p, o))  # "country: United Kingdom (inferred)"
                if isinstance(o, Literal):
                    if not lead or str(o) != lead:  # a date as people write it: "4 November 2024", not 2024-11-04
                        words = dates_in_words(str(o)) if o.datatype in (XSD.date, XSD.gYearMonth) else o
                        values.append({"cell": None, "nested": None, "prose": self.linked(root, words) + marked(inferred)})
                elif not isinstance(o, BNode):
                    cell = self._reader_cell(root, o)
                    cell.text += inferred
                    values.append({"cell": cell, "nested": None, "prose": None})
                elif (span := self.desk.span(o)) is not None:
                    spans.append(span)
                elif depth < 3:
                    values.append({"cell": None, "nested": self._facts(root, o, depth + 1), "prose": None})
            if values or spans:
                out.append({"name": self.term_name(p), "shown": values, "evidence": spans})
        return out

    def _referred(self, root: str, iri: URIRef) -> tuple[list, list]:
        """What points to `iri`, for a reader: by the most specific property, under its name, each marked
        where the curators inferred that it does (Desk.fact_cell: "country: Home Office (inferred)"); and the
        facts (s, p, iri) shown, for the page's list of what the curators inferred."""
        groups: dict = {}
        for s, p in self.graph.subject_predicates(iri):
            if isinstance(s, URIRef):
                groups.setdefault(s, set()).add(p)
        by_name: dict = {}
        for s, predicates in groups.items():
            for p in self._specific_predicates(predicates):
                by_name.setdefault(self.term_name(p), {}).setdefault(s, []).append((s, p, iri))
        return ([{"predicate": Cell(name), "subjects": [
                    self.desk.speaker(root, s, any(map(self.desk.given, subjects[s]))) for s in sorted(subjects, key=self.label)]}
                 for name, subjects in sorted(by_name.items())],
                [fact for subjects in by_name.values() for facts in subjects.values() for fact in facts])

    def _with_csv(self, root: str, path: str, context: dict) -> dict:
        """Give every table of the page an id and the link to its CSV (PAGE/ID.csv)."""
        for number, table in enumerate(tables_in(context)):
            table.id = table.id or f"table-{number + 1}"
            table.csv = self.url(root, f"{path or 'index'}/{table.id}.csv")
            table.download = csv_file_name(path, table.id)
        return context

    def table_csv(self, path: str, table_id: str, given: dict | None = None) -> bytes:
        """The CSV download of one table of a page (of a saved query's page, for the parameters `given`)."""
        if path.startswith("queries/"):  # its rows (a page shows the first SHOWN_ROWS), or why not
            name, given = self._answered(path) or (path.partition("/")[2], given)
            if name not in self.queries:
                raise KGError(f"no saved query {echoed(name, quoted=True)}")
            if table_id != "results":  # its one table: said before its parameters are read
                raise NoTable(f"no table {echoed(table_id, quoted=True)} on {echoed(path)}: its rows are {path}/results.csv")
            context = {"table": self.saved_table("../" * path.count("/"), name, given or {})}
            context["table"].id = "results"
        else:
            _, context = self.page_model(path)
        for table in tables_in(context):
            if table.id == table_id:
                return self.desk.csv(table)
        raise NoTable(f"no table {echoed(table_id, quoted=True)} on {echoed(path) if path else 'the home page'}")

    def chart(self, iri: URIRef) -> bytes:
        """An indicator's timeline chart as SVG (kg.analysis.timeline), the one `kg timeline` writes: drawn
        once per release (a quarter to half a second each), then read from the release's chart folder by
        every worker, server and `kg publish` of that release."""
        key = ("chart", iri)
        if key not in self.cache:
            kept = self.charts / f"{hashlib.sha256(str(iri).encode()).hexdigest()[:32]}.svg" if self.charts else None
            try:
                chart = kept.read_bytes() if kept is not None else None
            except OSError:  # not drawn yet for this release
                chart = None
            if chart is None:
                chart = self._draw_chart(iri)
                if kept is not None:
                    try:
                        make_folders(kept.parent)
                        write_atomically(kept, chart)
                    except OSError:
                        pass  # a dist/ that cannot be written: drawn again by the next process
            self.cache[key] = chart
        return self.cache[key]

    def _draw_chart(self, iri: URIRef) -> bytes:
        from kg.analysis import timeline

        figures = timeline.timeline(self.graph, iri)
        title = timeline.chart_title(self.label(iri))
        running = str(self.graph.value(iri, OO.cumulative) or "").lower() == "true"
        return timeline.chart(figures, title, running=running, kinds=("svg",))["svg"]

    def _values(self, root: str, node, depth: int = 0, keep=lambda triple: True) -> list:
        out = []
        for p in sorted(set(self.graph.predicates(node)), key=lambda p: (p != RDF.type, p != RDFS.label, self.prefixed(p))):
            values = []
            for o in sorted(self.graph.objects(node, p), key=lambda o: (isinstance(o, BNode), str(o))):
                if not keep((node, p, o)):
                    continue
                if isinstance(o, BNode) and depth < 3:
                    values.append({"cell": None, "nested": self._values(root, o, depth + 1)})
                else:
                    values.append({"cell": self.link(root, o), "nested": None})
            if values:
                out.append({"predicate": self.link(root, p), "objects": values})
        return out

    def _most_specific(self, types: set) -> set:
        """The types a reader needs: those no other of the node's types is a subclass of (Figure,
        not also schema:Observation, prov:Entity ... that the closure adds)."""
        return {t for t in types if not any(other != t and (other, RDFS.subClassOf, t) in self.graph for other in types)}

    def _incoming(self, root: str, iri: URIRef) -> list:
        groups: dict = {}
        for s, p in self.graph.subject_predicates(iri):
            if isinstance(s, URIRef):
                groups.setdefault(p, set()).add(s)
        return [{"predicate": self.link(root, p), "subjects": [self.link(root, s) for s in sorted(subjects, key=str)]}
                for p, subjects in sorted(groups.items(), key=lambda item: self.prefixed(item[0]))]

    def _sections(self, root: str, iri: URIRef, types: set) -> list:
        sections = []
        for cls, title, name, parameter, columns in SECTIONS:
            if cls in types and name in self.queries:
                table = self.saved_table(root, name, {parameter: f"<{iri}>"}, columns)
                table.id = name
                sections.append({"heading": title, "table": table})
        return sections

    def suggestions(self) -> dict:
        """Datalists for the query forms: parameter name -> [(name, prefixed name)], for the kinds few
        enough to list (a form accepts any name or IRI; kg.query.names resolves it)."""
        return {name: [(label, self.prefixed(iri)) for iri, label in members]
                for name, members in self._suggested().items()}

    def _suggested(self) -> dict:
        """The values suggestions() lists: parameter name -> [(IRI, name)]."""
        out = {}
        for name, classes in PARAMETER_CLASSES.items():
            if sum(self.desk.count(cls) for cls in classes) > SUGGESTED:
                continue
            members = self.resolver.candidates(classes)
            if len(members) <= SUGGESTED:
                out[name] = [(iri, label) for iri, label, _ in members]
        return out

    def static_answers(self) -> dict:
        """What a static site answers of each saved query with parameters, where kg serve has its form: for
        each parameter, in order, its answer for each value the form suggests (one parameter at a time, the
        others at their defaults), at queries/NAME/PARAMETER/LOCAL-NAME, sorted by name; a value the query
        does not take (an unnamed speaker for officials-roles' person) is left out, as the form refuses it.
        No more than ANSWERED answers a query: a parameter past them, or with no list (a number, a verdict, a
        kind too numerous to list), is answered for its default only, and its note says so.
        Query name -> [{parameter, noun, nouns, links: [{label, path, given}], many, default, named}]; made once."""
        if self._answers is None:
            suggested, self._answers, self.answer_at = self._suggested(), {}, {}
            for saved in self.queries.values():
                answered, entries = 0, []
                for parameter in saved.parameters:
                    noun, nouns = PARAMETER_WORDS.get(parameter.name, (parameter.name, parameter.name))
                    links, taken = [], set()
                    for iri, label in suggested.get(parameter.name, []) if parameter.type == "iri" else []:
                        given = {parameter.name: f"<{iri}>"}
                        try:
                            self.resolver.bind(saved, given)
                        except KGError:
                            continue
                        local = re.sub(r"[^\w.-]|^\.+", "-", local_name(iri)) or "value"
                        name, n = local, 1
                        while name.casefold() in taken:  # one file a value, on a file system that folds case too
                            n += 1
                            name = f"{local}-{n}"
                        taken.add(name.casefold())
                        links.append({"label": label or self.label(iri), "path": f"queries/{saved.name}/{parameter.name}/{name}",
                                      "given": given})
                    many = answered + len(links) > ANSWERED  # (its answers left to the live desk)
                    links = [] if many else links
                    answered += len(links)
                    links.sort(key=lambda link: (filing_order(link["label"]), link["path"]))
                    for link in links:
                        self.answer_at[link["path"]] = (saved.name, link["given"], link["label"])
                    default = self._shown_default(parameter)
                    entries.append({"parameter": parameter, "noun": noun, "nouns": nouns, "links": links, "many": many,
                                    "default": default,  # and as the default page's heading names it:
                                    "named": default if parameter.type == "iri" or not default else f"the {noun} {default}"})
                if entries:
                    self._answers[saved.name] = entries
        return self._answers

    def _shown_default(self, parameter) -> str:
        """A parameter's default as a reader reads it: a resource by its name, else as written ("" for none)."""
        if not parameter.default:
            return ""
        if parameter.type == "iri":
            try:
                return self.label(self.resolver.resolve(parameter.default, parameter.name))
            except KGError:
                return parameter.default
        return parameter.default

    def _answered(self, path: str) -> tuple[str, dict] | None:
        """(saved query, parameters) of a static site's answer at `path` (queries/NAME/PARAMETER/VALUE), else None."""
        if path.count("/") != 3:
            return None
        self.static_answers()
        name, given, _ = self.answer_at.get(path, (None, None, None))
        return (name, given) if name else None

    def answer_page(self, path: str) -> tuple[str, dict]:
        """A static site's answer of a saved query for one value (static_answers: queries/NAME/PARAMETER/VALUE):
        (its page, its model: the page's table is its CSV's)."""
        if self._answered(path) is None:
            raise KGError(f"no page {echoed(path)}")
        name, given, label = self.answer_at[path]
        model = self.page_model(path)[1]
        answer = {"parameter": next(iter(given)), "label": label, "path": path}
        return self.query_page(name, given, model["table"], model["error"], path=path, answer=answer), model

    def home(self, description: dict) -> str:
        self.overview = description
        template, context = self.page_model("")
        return self.render(template, "", title="Who said what about which figure", dataset=description,
                           queries=list(self.queries.values()), suggestions=self.suggestions(),
                           answers=self.static_answers() if self.static else {}, **context)

    def browse_index_page(self, path: str = "browse") -> str:
        """The index of the lists: each kind of thing with how many (Desk.browse_kinds), at /browse (and
        where a bare folder is asked for: /id leads to it; the static site writes it as browse.html,
        browse/index.html and id/index.html, which a static host serves for browse/ and id/)."""
        root = "../" * path.count("/")
        return self.render("browse-index.html", path, root=root, title="Browse everything", heading="Browse everything",
                           browse=self.desk.browse_kinds(root), canonical=self.canonical("browse"))

    def browse_page(self, name: str) -> str:
        template, context = self.page_model(f"browse/{name}")
        return self.render(template, f"browse/{name}", **context)

    def said_page(self, name: str) -> str:
        """Page N of what a person said, or was said in an organisation's name (said/NAME-N), after their own page."""
        template, context = self.page_model(f"said/{name}")
        return self.render(template, f"said/{name}", **context)

    def search_page(self) -> str:
        return self.render("search.html", "search", title="Search", names=self.search_names())

    def search_names(self) -> list:
        """The names the search page offers for a misspelt word ("Mahmod": did you mean Shabana Mahmood?):
        [{name, url, kind}] of people, organisations and indicators, each kind listed while there are no
        more than SUGGESTED of it (the search index matches words exactly or by their start only)."""
        out = []
        for cls, kind in ((OO.Person, "person"), (OO.UnnamedAgent, "unnamed speaker"), (OO.Organisation, "organisation"),
                          (OO.Indicator, "indicator")):
            if self.desk.count(cls) > SUGGESTED:
                continue
            out += [{"name": label, "url": self.url("", path_of(iri)), "kind": kind}
                    for iri, label, _ in self.resolver.candidates((cls,)) if label]
        return out

    def queries_page(self) -> str:
        return self.render("queries.html", "queries", title="Saved queries", queries=list(self.queries.values()),
                           suggestions=self.suggestions(), answers=self.static_answers() if self.static else {})

    def query_page(self, name: str, given: dict, table: Table | None = None, error: str = "", path: str = "",
                   answer: dict | None = None) -> str:
        """A saved query's page: its form and its rows (for the parameters given; the static site: the
        defaults, or at `path` its `answer` for one value, answer_page), with the CSV of those rows (names
        beside IRIs) at queries/NAME/results.csv?... (the static site's: PATH/results.csv)."""
        path = path or f"queries/{name}"
        root = "../" * path.count("/")
        context = self._query_model(name, given, table, error, root)
        if answer is not None:
            context["title"] = f"{context['title']}: {answer['label']}"
        if context["table"] is not None:
            context["table"].csv = self.url(root, f"{path}/results.csv", params=None if self.static else given or None)
            context["table"].download = csv_file_name(path, "results")
        # its permalink with the values asked, as its form names them (a static answer: its file); none for a question
        # refused (a 400: no page to share, and what was sent, 20,000 characters of it, is not repeated)
        shared = None if self.static else {k: self.named(k, v, name) for k, v in given.items()} or None
        canonical = "" if context["error"] else self.canonical(path, shared)
        return self.render("query.html", path, suggestions=self.suggestions(), limits=self.limits,
                           answers=self.static_answers() if self.static else {}, answer=answer, canonical=canonical,
                           **context)

    def _query_model(self, name: str, given: dict, table: Table | None = None, error: str = "", root: str = "../") -> dict:
        """A saved query's page model (its page, and its table's CSV at queries/NAME/results.csv); `root`: the
        page's way back to the site's root."""
        if name not in self.queries:
            raise KGError(f"no saved query {echoed(name, quoted=True)}")
        if table is None and not error:
            try:
                table = self.saved_table(root, name, given)
            except KGError as failure:
                error = failure.readable()
        if table is not None:
            table.id, table.shown = "results", SHOWN_ROWS
        return {"title": self.queries[name].summary, "query": self.queries[name], "values": given, "table": table,
                "error": error}

    def sparql_page(self, query: str = "", table: Table | None = None, error: str = "") -> str:
        return self.render("sparql.html", "sparql", title="SPARQL", editor=self.editor(""), query=query,
                           table=table, error=error, limits=self.limits)

# The columns a saved query's `inferred` column speaks for, by the property it names (the queries' headers say
# which they name): each such cell is marked "(inferred)" on the page and in its CSV, as the desk's own tables
# mark them. (A figure's value is marked by its figure's cell.)
INFERRED_COLUMNS = {"speaker": ("speaker", "speakerName", "_person_iri", "__person_iri"),
                    "speakerA": ("speakerName",), "speakerB": ("speakerNameB",),
                    "speakerPost": ("role", "post", "postName"), "holder": ("name", "__person_iri"),
                    "post": ("post", "postName"), "gist": ("words",), "venue": ("venue",), "date": ("date",),
                    "datePublished": ("reportDate",), "party": ("parties",), "unit": ("unit",), "period": ("period",),
                    "indicator": ("indicator", "__indicator_iri", "_indicator_iri"), "derivation": ("arithmetic",)}


def _mark_inferred(table: Table, variables: list, rows: list) -> None:
    """Put "(inferred)" after each cell of a saved query's table that its row's `inferred` column names: who-said-what
    showed "Chris Philp | Shadow Home Secretary" with "speaker, speakerPost" in a last column, where the desk's
    own pages read "Chris Philp (inferred), Shadow Home Secretary (inferred)"; a row copied from it made an
    attribution the report's words do not."""
    if "inferred" not in variables:
        return
    at = variables.index("inferred")
    columns = {prop: [table.columns.index(heading(c)) for c in names if heading(c) in table.columns]
               for prop, names in INFERRED_COLUMNS.items()}
    for raw, row in zip(rows, table.rows):
        for prop in str(raw[at] or "").split(", "):
            for index in columns.get(prop, ()):
                cell = row[index]
                if cell.text and not cell.text.endswith(INFERRED):
                    cell.text += INFERRED


def _number(term) -> Decimal | None:
    """A literal's number (xsd:integer, xsd:decimal and their kin), None for anything else, and for a
    number too long to be one a person reads ("1e999999999"^^xsd:decimal: written out, a billion digits)."""
    if not isinstance(term, Literal) or len(term) > MAX_NUMBER_CHARACTERS:
        return None
    value = term.value
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool):
        return None
    number = Decimal(value)
    return number if number.is_finite() and abs(number.adjusted()) <= MAX_NUMBER_CHARACTERS else None



NEAR = 5  # resources a 404 for /id/NAME suggests, at most
NEAR_RATIO = 0.8  # how alike (difflib's ratio) a name must be to one asked for to be suggested
NEAR_LONGEST = 200  # characters of a name compared (a longer one resembles none: not compared)
NEAR_COMPARED = 1000  # names compared with one asked for, on each side of it in two orders (Site.near)


def _slug(text: str) -> str:
    """A name or label as a permalink's name is compared: folded to lower case without accents, each run of
    what is not a letter or digit one "-" ("Yvette Cooper", "Yvette_Cooper", "yvette-cooper": yvette-cooper).

    >>> _slug("Claire Hédon"), _slug("  Report 000: 'one in' "), _slug("r005-fig-share-1.6pct")
    ('claire-hedon', 'report-000-one-in', 'r005-fig-share-1-6pct')
    """
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", "-", folded).strip("-")


def _key(term):
    """A term as Site._stands_for names it: a number by its value (41000 is 41000.0), else its text."""
    number = _number(term)
    return str(term) if number is None else number


def csv_file_name(path: str, table: str) -> str:
    """The name a table's CSV is saved under, from kg serve (its Content-Disposition) and the static site (its link's
    `download`) alike: the page's name and the table's, people.csv for a list's one table ("home" for the home page's;
    a static answer's page, queries/NAME/PARAMETER/VALUE, by all three). The static site's were all saved as the
    file's own name, posts.csv or results.csv, whoever's they were."""
    named = path.partition("/")[2].replace("/", "-") or "home"
    return f"{named}.csv" if named == table or named.startswith(f"{table}-") else f"{named}-{table}.csv"


def tables_in(context) -> list:
    """Every Table of a page model, in the order the page shows them."""
    if isinstance(context, Table):
        return [context]
    values = context.values() if isinstance(context, dict) else context if isinstance(context, (list, tuple)) else ()
    return [t for value in values if isinstance(value, (Table, dict, list, tuple)) for t in tables_in(value)]  # (not
    # called for each cell and string: a figure's page model holds 500 of them)
