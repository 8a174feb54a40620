"""Saved SPARQL queries: one `.rq` per question with a grlc-style `#+` YAML header.

Parameters follow grlc's naming: `?_name` is required, `?__name` optional; a suffix gives the type
(`?_person_iri`, `?_year_integer`, `?_since_date`). Values are bound as RDF terms through rdflib's
`initBindings`; the query text is never edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import rdflib.plugins.sparql
import yaml
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery

from kg.errors import KGError
from kg.namespaces import PREFIXES

# Defence in depth behind refuse_remote(): rdflib must never fetch graphs named in a query.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class RefusedQuery(KGError):
    """A query that would reach out (SERVICE, LOAD, FROM) or write: refused before it runs."""


HEADER_KEYS = {"summary", "description", "tags", "defaults", "enumerate", "params", "method",
               "pagination", "endpoint", "transform", "endpoint_in_url"}
PARAMETER = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*?)(?:_(iri|integer|decimal|date|gyear|string))?\b")
TYPES = {"iri", "integer", "decimal", "date", "gyear", "string"}


@dataclass(frozen=True)
class Parameter:
    name: str
    variable: str  # the SPARQL variable it binds, without '?'
    type: str  # iri, integer, decimal, date, gyear, string
    required: bool
    default: str | None = None
    description: str = ""

    def term(self, raw: str):
        """Turn a user's text into the RDF term to bind, or raise a KGError saying what is wrong."""
        raw = raw.strip()
        if self.type == "iri":
            return expand_iri(raw, self.name)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", raw):
                raise KGError(f"parameter {self.name!r} must be an integer, got {raw!r}")
            return Literal(int(raw))
        if self.type == "decimal":
            try:
                return Literal(Decimal(raw), datatype=XSD.decimal)
            except InvalidOperation:
                raise KGError(f"parameter {self.name!r} must be a number, got {raw!r}") from None
        if self.type == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                raise KGError(f"parameter {self.name!r} must be a date YYYY-MM-DD, got {raw!r}")
            return Literal(raw, datatype=XSD.date)
        if self.type == "gyear":
            if not re.fullmatch(r"\d{4}", raw):
                raise KGError(f"parameter {self.name!r} must be a year YYYY, got {raw!r}")
            return Literal(raw, datatype=XSD.gYear)
        return Literal(raw)


def expand_iri(raw: str, name: str = "iri") -> URIRef:
    """`oi:shabana-mahmood`, `<https://...>` or `https://...` to an IRI; anything else is an error."""
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    prefix, colon, local = raw.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//") and re.fullmatch(r"[^\s<>\"{}|\\^`]*", local):
        return URIRef(str(PREFIXES[prefix]) + local)
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", raw) or re.fullmatch(r"urn:[^\s<>\"]+", raw):
        return URIRef(raw)
    known = ", ".join(f"{p}:" for p in PREFIXES)
    raise KGError(f"parameter {name!r} must be an IRI (<https://...> or a prefixed name with {known}), got {raw!r}")


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: list = field(default_factory=list)
    parameters: list = field(default_factory=list)

    def bindings(self, given: dict[str, str]) -> dict:
        """initBindings for the given parameter values plus defaults; unknown or missing ones are errors."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(known))
        if unknown:
            listing = ", ".join(sorted(known)) or "none"
            raise KGError(f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))} (parameters: {listing})")
        bound = {}
        for parameter in self.parameters:
            raw = given.get(parameter.name, parameter.default)
            if raw is None:
                if parameter.required:
                    raise KGError(f"query {self.name!r} needs parameter {parameter.name!r} ({parameter.type}): "
                                  f"--param {parameter.name}=VALUE")
                continue
            bound[Variable(parameter.variable)] = parameter.term(str(raw))
        return bound

    def run(self, graph: Graph, given: dict[str, str] | None = None):
        return run_query(graph, self.text, self.bindings(given or {}))


def parse_header(text: str, path: Path) -> dict:
    """The `#+` YAML header at the top of a query file; a malformed header is an error."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[2:].removeprefix(" ") if line[2:3] == " " else line[2:])
        elif line.strip() and not lines:
            break
        elif lines:
            break
    if not lines:
        raise KGError(f"{path}: no '#+' YAML header (grlc style) with at least a summary")
    try:
        header = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as error:
        raise KGError(f"{path}: malformed '#+' header: {error}") from None
    if not isinstance(header, dict):
        raise KGError(f"{path}: the '#+' header must be a YAML mapping")
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise KGError(f"{path}: unknown header key(s) {sorted(unknown)}; allowed: {sorted(HEADER_KEYS)}")
    if not isinstance(header.get("summary"), str) or not header["summary"].strip():
        raise KGError(f"{path}: the header needs a 'summary'")
    return header


def load_query(path: Path) -> SavedQuery:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    header = parse_header(text, path)
    try:
        parseQuery(text)
    except Exception as error:
        raise KGError(f"{path}: not valid SPARQL: {error}") from None
    defaults = {}
    for item in header.get("defaults") or []:
        if not isinstance(item, dict) or len(item) != 1:
            raise KGError(f"{path}: 'defaults' must be a list of single 'name: value' mappings")
        defaults.update({str(k): (None if v is None else str(v)) for k, v in item.items()})
    descriptions = header.get("params") or {}
    if not isinstance(descriptions, dict):
        raise KGError(f"{path}: 'params' must map parameter names to descriptions")
    parameters, seen = [], set()
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for underscores, name, kind in PARAMETER.findall(body):
        variable = underscores + name + (f"_{kind}" if kind else "")
        if variable in seen:
            continue
        seen.add(variable)
        parameters.append(Parameter(name, variable, kind or "string", underscores == "_",
                                    defaults.get(name), str(descriptions.get(name, ""))))
    names = {p.name for p in parameters}
    for extra in (set(defaults) | set(descriptions)) - names:
        raise KGError(f"{path}: header names parameter {extra!r}, but the query has no ?_{extra} variable")
    return SavedQuery(path.stem, path, text, header["summary"].strip(), str(header.get("description", "")).strip(),
                      list(header.get("tags") or []), parameters)


def load_queries(directory: Path) -> dict[str, SavedQuery]:
    return {p.stem: load_query(p) for p in sorted(Path(directory).glob("*.rq"))}


def find_query(directory: Path, name: str) -> SavedQuery:
    queries = load_queries(directory)
    if name not in queries:
        listing = "\n".join(f"  {q.name:32} {q.summary}" for q in queries.values())
        raise KGError(f"no saved query {name!r}. Saved queries:\n{listing}")
    return queries[name]


# ------------------------------------------------------------------ safety

def refuse_remote(query_text: str) -> None:
    """Refuse SERVICE, LOAD and FROM / FROM NAMED before anything runs: nothing reaches out."""
    try:
        parsed = parseQuery(query_text)
    except Exception as error:
        if re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", query_text, re.I):
            raise RefusedQuery("SPARQL updates (including LOAD) are refused: the graph is read-only") from None
        raise KGError(f"not valid SPARQL: {error}") from None
    query = parsed[1]
    if "datasetClause" in query:
        raise RefusedQuery("FROM and FROM NAMED are refused: queries run on the local graph only")
    if _has_service(query):
        raise RefusedQuery("SERVICE is refused: queries run on the local graph only")


def _has_service(node) -> bool:
    name = getattr(node, "name", None)
    if name == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_has_service(v) for v in node.values())
    if isinstance(node, (str, bytes)) or not hasattr(node, "__iter__"):
        return False
    return any(_has_service(v) for v in node)


def run_query(graph: Graph, text: str, bindings: dict | None = None):
    """Run a read-only query with parameters bound as RDF terms."""
    refuse_remote(text)
    try:
        prepared = prepareQuery(text, initNs={k: v for k, v in PREFIXES.items()})
    except Exception as error:
        raise KGError(f"not valid SPARQL: {error}") from None
    return graph.query(prepared, initBindings=bindings or {})
