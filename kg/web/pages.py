"""Linked-data pages shared by `kg serve` and `kg publish`: where each IRI is served and what it shows.

One mapping, here and nowhere else, between the dataset's IRIs and the paths that serve them (the
base IRI https://w3id.org/oioo/ is the site's root):

    https://w3id.org/oioo/id/NAME           /id/NAME     (static site: id/NAME.html, id/NAME.ttl, ...)
    https://w3id.org/oioo/ontology#Term     /ontology#Term  (static site: ontology.html#Term)
    https://w3id.org/oioo/dataset           /dataset     (VoID and DCAT; also /.well-known/void)

Pages are rendered with Jinja2 (autoescaped) from kg/templates. The sections that make a page useful
to a journalist (a person's roles and statements, a figure's provenance, a report's figures) are the
saved queries of queries/*.rq, run with the page's resource as parameter, so the page, `kg query` and
the /queries API all show the same rows.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.errors import KGError
from kg.namespaces import BASE, OI, OO, SCHEMA, bind_prefixes
from kg.query.output import short
from kg.graph.store import GraphView
from kg.query.run import answer
from kg.query.saved import load_queries

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
LOCAL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")

# Suggestions for a saved query's IRI parameter, by parameter name.
PARAMETER_CLASSES = {"person": (OO.Person,), "report": (OO.Report,), "indicator": (OO.Indicator,),
                     "figure": (OO.Figure,), "about": (OO.Agreement, OO.Event, OO.Person, OO.Organisation)}

# Sections of a page, by the resource's type: (class, heading, saved query, its parameter, columns shown).
SECTIONS = [
    (OO.Person, "Roles over time", "officials-roles", "person", ["post", "start", "end", "basis", "reports"]),
    (OO.Agent, "Everything they said", "statements-by-person", "person",
     ["report", "statement", "role", "words", "venue", "date", "dateAsWritten"]),
    (OO.Agent, "Figures they stated", "figures-by-person", "person", ["figure", "statedAs", "value", "indicator", "report", "role"]),
    (OO.Report, "Figures in this report", "figures-in-report", "report",
     ["figure", "statedAs", "value", "unit", "indicator", "comparator", "period", "speaker", "evidence"]),
    (OO.Report, "Statements in this report", "statements", "report", ["statement", "speaker", "role", "words", "venue"]),
    (OO.Indicator, "Every report's figure for this indicator", "figure-history", "indicator",
     ["figure", "reportDate", "report", "value", "statedAs", "comparator", "period", "speaker"]),
]
RESOURCES = """SELECT DISTINCT ?resource WHERE {
  { ?resource ?p ?o } UNION { ?s ?p ?resource }
  FILTER(isIRI(?resource) && STRSTARTS(STR(?resource), STR(oi:)))
} ORDER BY ?resource"""
FIGURE_FACTS = ["value", "statedAs", "unit", "comparator", "bound", "indicator", "period", "report", "sourceFile", "sha256"]
FIGURE_VOICES = ["statement", "speaker", "role", "venue", "date", "evidence", "start", "end"]
FIGURE_DERIVATION = ["method", "input", "baseline"]


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


class Cache(OrderedDict):
    """A dict of at most `size` entries (and, with `weigh`, at most `limit` in total weight, none above
    a sixteenth of it), the least recently used dropped first: what a long-running server keeps.

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
    """

    def __init__(self, size: int = 1024, limit: int = 0, weigh=None):
        super().__init__()
        self.size, self.limit, self.weigh, self.weight = size, limit, weigh, 0

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __setitem__(self, key, value) -> None:
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


@dataclass
class Cell:
    text: str
    href: str | None = None
    kind: str = "literal"  # iri, local, literal, bnode, empty
    title: str = ""


@dataclass
class Table:
    columns: list
    rows: list  # lists of Cell
    query: str = ""
    href: str | None = None  # the same rows from the API
    formats: dict = field(default_factory=dict)  # label -> href


class Templates:
    """The site's pages as templates: links, layout and the pages that need no data (errors, the
    ontology's documentation). `static=False`: for a server (pages at /id/NAME); `static=True`: for a
    static site (pages at id/NAME.html, no query API)."""

    def __init__(self, project, *, static: bool = False, endpoint: str | None = "sparql", limits: dict | None = None):
        self.project, self.static = project, static
        self.endpoint = endpoint  # where the SPARQL editor sends queries (None: no editor)
        self.limits = limits or {}
        self.names = bind_prefixes(Graph()).namespace_manager
        self.labels: dict = {}
        self.env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def exists(self, iri: URIRef) -> bool:
        """Whether the dataset describes `iri` (templates alone know of nothing)."""
        return False

    def label(self, term) -> str:
        """A term's label (English first), else its prefixed name."""
        if isinstance(term, URIRef):
            return self.label_of(term) or short(term, self.names)
        return short(term, self.names)

    def label_of(self, iri: URIRef) -> str | None:
        return None

    def url(self, root: str, path: str, extension: str | None = None, params: dict | None = None) -> str:
        """A link from a page `root` levels below the site root to `path` ('id/r000', 'ontology#Report')."""
        path, hash_, fragment = path.partition("#")
        if extension:
            path = f"{path}.{extension}"
        elif self.static and not path.startswith(("static/", "dumps/")) and "." not in path.rpartition("/")[2]:
            path = f"{path}.html" if path else "index.html"
        href = root + path + (f"?{urlencode(params)}" if params else "")
        return (href or "./") + (hash_ + fragment)

    def link(self, root: str, term) -> Cell:
        """A term as a table cell: local IRIs link to their page, others to themselves."""
        if term is None:
            return Cell("", kind="empty")
        if isinstance(term, BNode):
            return Cell("(blank node)", kind="bnode")
        if isinstance(term, Literal):
            title = short(term.datatype, self.names) if term.datatype else (f"@{term.language}" if term.language else "")
            return Cell(str(term), title=title)
        path = path_of(term)
        if path is not None and (path == ONTOLOGY_PATH or term == DATASET or self.exists(term)):
            fragment = str(term).partition("#")[2]
            target = path + (f"#{fragment}" if fragment else "")
            return Cell(self.label(term), self.url(root, target), "local", short(term, self.names))
        return Cell(self.label(term), str(term) if linkable(term) else None, "iri", str(term))

    def alternates(self, root: str, path: str) -> list:
        return [{"type": media, "name": name, "href": self.url(root, path, extension)}
                for extension, (media, _, name) in RDF_FORMATS.items()]

    # ------------------------------------------------------------ RDF

    def rdf(self, graph: Graph, extension: str) -> bytes:
        from kg.reference.build import serialize  # (deterministic bytes; imported when first needed)

        return serialize(graph, RDF_FORMATS[extension][1])

    def ontology_graph(self) -> Graph:
        """The ontology document (what https://w3id.org/oioo/ontology and its terms dereference to)."""
        from kg.reference.load import parse_turtle

        return parse_turtle(self.project.ontology_file)

    # ------------------------------------------------------------ saved queries as tables

    def render(self, template: str, path: str, **context) -> str:
        root = "../" * path.count("/")
        base = {"root": root, "url": lambda p, ext=None, params=None: self.url(root, p, ext, params),
                "static": self.static, "sparql": self.endpoint is not None and not self.static,
                "title": "", "alternates": []}
        return self.env.get_template(template).render(**{**base, **context})

    def editor(self, root: str) -> dict | None:
        """The SPARQL editor: YASGUI when scripts/fetch-yasgui has fetched it, else a plain form."""
        if self.endpoint is None:
            return None
        endpoint = self.endpoint if re.match(r"https?://", self.endpoint) else root + self.endpoint
        yasgui = (YASGUI / "yasgui.min.js").is_file() and (YASGUI / "yasgui.min.css").is_file()
        example = ("PREFIX oo: <https://w3id.org/oioo/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n"
                   "SELECT ?figure ?statedAs ?report WHERE {\n  ?figure a oo:Figure ; oo:statedAs ?statedAs ; "
                   "oo:inReport ?report .\n}\nORDER BY ?report\nLIMIT 20")
        return {"endpoint": endpoint, "yasgui": yasgui, "example": example}

    def dataset_page(self, description: dict) -> str:
        return self.render("dataset.html", DATASET_PATH, title="Dataset and downloads", dataset=description,
                           alternates=self.alternates("", DATASET_PATH))

    def ontology_page(self, generated: str = "") -> str:
        """The ontology's documentation: pyLODE's page when it was generated, else a plain list of terms."""
        if generated:
            return generated
        from rdflib.namespace import OWL

        ontology = self.ontology_graph()
        root = ""
        kinds = [("Classes", (OWL.Class, RDFS.Class)), ("Object properties", (OWL.ObjectProperty,)),
                 ("Datatype properties", (OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property))]
        seen, groups = set(), []
        for heading, classes in kinds + [("Individuals and concepts", None)]:
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
                terms.append({"anchor": str(term).partition("#")[2], "curie": short(term, self.names),
                              "label": self.label(term), "comment": str(comment),
                              "links": [(n, v) for n, v in links if v]})
            if terms:
                groups.append({"heading": heading, "terms": terms})
        title = next((str(t) for t in ontology.objects(None, DCTERMS.title)), "Ontology")
        description = next((str(t) for t in ontology.objects(None, DCTERMS.description)), "")
        return self.render("ontology.html", ONTOLOGY_PATH, title=title, heading=title, description=description,
                           groups=groups, alternates=self.alternates(root, ONTOLOGY_PATH))

    def error_page(self, status: int, message: str, path: str = "") -> str:
        return self.render("error.html", path, title=f"{status}", status=status, message=message)



class Site(Templates):
    """Renders the pages and RDF descriptions of the graph in an Oxigraph store (kg.graph.store)."""

    def __init__(self, project, store, *, static: bool = False, endpoint: str | None = "sparql",
                 limits: dict | None = None, queries: dict | None = None):
        super().__init__(project, static=static, endpoint=endpoint, limits=limits)
        self.store, self.graph = store, GraphView(store)
        self.queries = queries if queries is not None else load_queries(project.queries_dir)
        self.lock = threading.RLock()  # guards the caches
        self.cache = Cache(512)  # pages and saved-query answers
        self.known = Cache(100_000)  # IRI -> whether the dataset describes it
        self.labels = Cache(100_000)  # IRI -> its label, or None

    def exists(self, iri: URIRef) -> bool:
        """Whether the dataset says anything about `iri` (as subject or object), under id/."""
        found = self.known.get(iri)
        if found is None:
            found = (isinstance(iri, URIRef) and (path_of(iri) or "").startswith("id/")
                     and ((iri, None, None) in self.graph or (None, None, iri) in self.graph))
            self.known[iri] = found
        return found

    def label_of(self, iri: URIRef) -> str | None:
        """rdfs:label in English, else skos:prefLabel in English, else any label; looked up once."""
        if iri not in self.labels:
            found = [label for predicate in (SKOS.prefLabel, RDFS.label) for label in self.graph.objects(iri, predicate)]
            english = [label for label in found if isinstance(label, Literal) and label.language == "en"]
            self.labels[iri] = str((english or found)[-1 if english else 0]) if found else None
        return self.labels[iri]

    @property
    def resources(self) -> list:
        """Every IRI under id/ that the dataset mentions, in IRI order (the pages of a static site)."""
        if "resources" not in self.cache:
            found = answer(self.store, RESOURCES, {})
            self.cache["resources"] = [row[0] for row in found.rows]
        return self.cache["resources"]

    def describe(self, iri: URIRef) -> Graph:
        """What the dataset says about `iri`: its triples with their blank nodes (evidence spans,
        inferred values), and the triples that point to it."""
        out = bind_prefixes(Graph())
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

    def run_saved(self, name: str, given: dict) -> tuple[list, list]:
        """Rows of a saved query, cached: (variable names, rows of terms)."""
        key = ("saved", name, tuple(sorted(given.items())))
        with self.lock:
            if key not in self.cache:
                saved = self.queries[name]
                found = answer(self.store, saved.text, saved.bindings(given))
                self.cache[key] = (found.variables, found.rows)
            return self.cache[key]

    def table(self, root: str, variables: list, rows: list, columns: list | None = None) -> Table:
        shown = [c for c in (columns or variables) if c in variables]
        index = [variables.index(c) for c in shown]
        return Table(shown, [[self.link(root, row[i]) for i in index] for row in rows])

    def saved_table(self, root: str, name: str, given: dict, columns: list | None = None) -> Table:
        variables, rows = self.run_saved(name, given)
        table = self.table(root, variables, rows, columns)
        table.query = name
        if not self.static:
            table.href = self.url(root, f"queries/{name}", params=given)
            table.formats = {label: self.url(root, f"queries/{name}", ext, given)
                             for label, ext in (("CSV", "csv"), ("JSON", "json"), ("TSV", "tsv"))}
        return table

    # ------------------------------------------------------------ pages

    def page(self, iri: URIRef) -> str:
        key = ("page", iri)
        if key in self.cache:
            return self.cache[key]
        path = path_of(iri)
        root = "../" * path.count("/")
        with self.lock:
            types = set(self.graph.objects(iri, RDF.type))
            context = {
                "iri": str(iri), "label": self.label(iri), "curie": short(iri, self.names),
                "types": [self.link(root, t) for t in sorted(self._most_specific(types), key=str)],
                "comment": next((str(c) for c in self.graph.objects(iri, RDFS.comment)), ""),
                "properties": self._values(root, iri),
                "incoming": self._incoming(root, iri),
                "sections": self._sections(root, iri, types),
                "figure": self._figure(root, iri) if OO.Figure in types else None,
                "alternates": self.alternates(root, path),
            }
        html = self.render("resource.html", path, title=context["label"], **context)
        self.cache[key] = html
        return html

    def _values(self, root: str, node, depth: int = 0, keep=lambda triple: True) -> list:
        out = []
        for p in sorted(set(self.graph.predicates(node)), key=lambda p: (p != RDF.type, p != RDFS.label, short(p, self.names))):
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
                for p, subjects in sorted(groups.items(), key=lambda item: short(item[0], self.names))]

    def _sections(self, root: str, iri: URIRef, types: set) -> list:
        sections = []
        for cls, heading, name, parameter, columns in SECTIONS:
            if cls in types and name in self.queries:
                table = self.saved_table(root, name, {parameter: short(iri, self.names)}, columns)
                sections.append({"heading": heading, "table": table})
        return sections

    def _figure(self, root: str, iri: URIRef) -> dict:
        """A figure's provenance (the figure-provenance query), check verdicts and discrepancies."""
        out = {"facts": [], "voices": None, "derivation": None, "reviews": [], "discrepancies": [], "disagreements": None}
        if "figure-provenance" in self.queries:
            variables, rows = self.run_saved("figure-provenance", {"figure": short(iri, self.names)})
            if rows:
                first = dict(zip(variables, rows[0]))
                out["facts"] = [(name, self.link(root, first.get(name))) for name in FIGURE_FACTS
                                if first.get(name) is not None]
                out["voices"] = self.table(root, variables, _distinct(variables, rows, FIGURE_VOICES), FIGURE_VOICES)
                derivation = _distinct(variables, rows, FIGURE_DERIVATION)
                if any(any(t is not None for t in row) for row in derivation):
                    out["derivation"] = self.table(root, variables, derivation, FIGURE_DERIVATION)
        for claim in self.graph.subjects(SCHEMA.appearance, iri):
            for review in self.graph.subjects(SCHEMA.itemReviewed, claim):
                rating = self.graph.value(review, SCHEMA.reviewRating)
                out["reviews"].append({
                    "review": self.link(root, review),
                    "rating": str(self.graph.value(rating, SCHEMA.alternateName) or "") if rating else "",
                    "explanation": str(self.graph.value(rating, SCHEMA.ratingExplanation) or "") if rating else "",
                    "body": str(self.graph.value(review, SCHEMA.reviewBody) or "")})
        for discrepancy in sorted(self.graph.subjects(OO.side, iri), key=str):
            out["discrepancies"].append({
                "node": self.link(root, discrepancy),
                "kind": self.link(root, self.graph.value(discrepancy, OO.kind)),
                "comment": str(self.graph.value(discrepancy, RDFS.comment) or ""),
                "others": [self.link(root, s) for s in sorted(self.graph.objects(discrepancy, OO.side), key=str) if s != iri]})
        if "disagreements" in self.queries:
            variables, rows = self.run_saved("disagreements", {})
            mine = [row for row in rows if iri in (dict(zip(variables, row)).get("a"), dict(zip(variables, row)).get("b"))]
            if mine:
                out["disagreements"] = self.table(root, variables, mine,
                                                  ["reading", "valueA", "reportA", "a", "valueB", "reportB", "b"])
        return out

    def suggestions(self) -> dict:
        """Datalists for the query forms: parameter name -> [(prefixed name, label)]."""
        with self.lock:
            out = {}
            for name, classes in PARAMETER_CLASSES.items():
                members = {s for cls in classes for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
                out[name] = sorted(((short(m, self.names), self.label(m)) for m in members), key=lambda x: x[1].lower())
            return out

    def summary(self) -> list:
        """(label, count, members) for the kinds of resource a reader starts from."""
        kinds = [(OO.Report, "Reports"), (OO.Person, "People"), (OO.Indicator, "Indicators"), (OO.Figure, "Figures"),
                 (OO.Statement, "Statements"), (OO.EventDate, "Event dates"), (OO.Discrepancy, "Discrepancies"),
                 (SCHEMA.ClaimReview, "Checks of derived figures")]
        with self.lock:
            out = []
            for cls, heading in kinds:
                members = sorted({s for s in self.graph.subjects(RDF.type, cls) if self.exists(s)},
                                 key=lambda m: self.label(m).lower())
                out.append({"heading": heading, "count": len(members), "cls": self.link("", cls),
                            "members": [self.link("", m) for m in members] if len(members) <= 40 else []})
            return out

    def home(self, description: dict) -> str:
        return self.render("home.html", "", title="Who said what about which figure", summary=self.summary(),
                           queries=list(self.queries.values()), suggestions=self.suggestions(),
                           editor=self.editor(""), dataset=description)

    def queries_page(self) -> str:
        return self.render("queries.html", "queries", title="Saved queries", queries=list(self.queries.values()),
                           suggestions=self.suggestions())

    def query_page(self, name: str, given: dict, table: Table | None = None, error: str = "") -> str:
        if name not in self.queries:
            raise KGError(f"no saved query {name!r}")
        path = f"queries/{name}"
        root = "../"
        if table is None and not error:
            try:
                table = self.saved_table(root, name, given)
            except KGError as failure:
                error = str(failure)
        return self.render("query.html", path, title=self.queries[name].summary, query=self.queries[name],
                           values=given, table=table, error=error, suggestions=self.suggestions())

    def sparql_page(self, query: str = "", table: Table | None = None, error: str = "") -> str:
        return self.render("sparql.html", "sparql", title="SPARQL", editor=self.editor(""), query=query,
                           table=table, error=error, limits=self.limits)

def _distinct(variables: list, rows: list, columns: list) -> list:
    """Rows of `rows` cut down to `columns` (kept in variable order), without repeats."""
    index = [variables.index(c) if c in variables else None for c in columns]
    seen, out = set(), []
    for row in rows:
        cut = tuple(row[i] if i is not None else None for i in index)
        if cut not in seen:
            seen.add(cut)
            full = [None] * len(variables)
            for i, value in zip(index, cut):
                if i is not None:
                    full[i] = value
            out.append(full)
    return out

