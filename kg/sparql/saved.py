"""Saved SPARQL queries: one `.rq` per question with a grlc-style `#+` YAML header.

Parameters follow grlc's naming: `?_name` is required, `?__name` optional; a suffix gives the type
(`?_person_iri`, `?_year_integer`, `?_since_date`). They are bound as RDF terms by standard parameter
binding, never written into the query text: pyoxigraph's `substitutions` (kg.sparql.run), rdflib's
`initBindings` (kg.reference.query), or a VALUES clause for a remote endpoint (kg.query.remote).

Those three agree only on queries written for it, so a saved query must (and `load_query` checks):

- project every parameter variable in its top-level SELECT (pyoxigraph binds only projected ones);
- use it as a term of a triple pattern that every answer matches (or of a subquery that projects it and
  has no LIMIT or OFFSET), never in BOUND() or a FILTER alone, nor only inside an OPTIONAL, a MINUS or
  an EXISTS: one engine binds before evaluating, another (a VALUES block) joins the value with the answers.

An optional parameter left unset then matches anything; set, the engine looks it up instead of
scanning. tests/test_saved_queries_engines.py proves every saved query equal on every engine, each
parameter bound and unbound.

And, for speed (Oxigraph plans a query before it knows which parameters are set, and starts from the
first of equally selective patterns; measured at a million triples in bench/README.md):

- a query has one entry point: its parameter's triple pattern comes first, and every required pattern
  follows it in the same group, before any OPTIONAL, BIND or subquery (a group after a BIND is
  evaluated on its own, over all the data). A question with another entry point is another query
  (who-said-what starts from an indicator, figures-by-person from a person);
- an OPTIONAL holds one triple pattern (nest a second OPTIONAL inside it for a value further on; a
  FILTER may narrow it): Oxigraph then looks it up for each row; two patterns side by side, or a
  property path, make it read that part of the whole graph first (who-said-what: 220 ms against 9);
- a subquery repeats the parameter's pattern and projects it, so that it is evaluated for that value.
- no class pattern (`?x a oo:PostHolding`) in the parameter's group: the planner takes it as more
  selective than the parameter's pattern and starts from the whole class; check the class per row with
  FILTER EXISTS (officials-roles: 24 ms a person against 1.5);
- an EXISTS or NOT EXISTS is one triple pattern, a look-up: over two patterns it is hash-joined against
  the whole data for each row (quote-fidelity: 40 s a person); a first span comes from a MIN subquery
  that carries the parameter. tests/test_query_files.py holds every saved query to these two.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePath

import pyoxigraph as ox
import yaml
from rdflib import Literal, URIRef, Variable
from rdflib.namespace import XSD

from kg.core.datatypes import YEAR
from kg.core.errors import UNSEEN, KGError, ParseError, echoed, not_utf8, yaml_error, yaml_key_line
from kg.sources.cache import remembered
from kg.sources.project import SHIPPED_MODEL, Project
from kg.core.namespaces import PREFIXES
from kg.sparql.safety import check

HEADER_KEYS = {"summary", "description", "tags", "defaults", "enumerate", "params", "method",
               "pagination", "endpoint", "transform", "endpoint_in_url"}
PARAMETER = re.compile(r"(__?)([A-Za-z][A-Za-z0-9]*?)(?:_(iri|integer|decimal|date|gyear|string))?")
RDFLIB_INTERNAL = re.compile(r"__agg_\d+__")  # names rdflib's algebra gives aggregates
MAX_VALUE_CHARACTERS = 500  # a parameter's text: names and IRIs are shorter, numbers far shorter
MAX_DIGITS = 30
# "01"^^xsd:integer, '2025'^^<...#gYear>: a value written as Turtle or N-Triples writes a literal
RDF_LITERAL = re.compile(r"""(["'])(.*)\1\^\^(?:[A-Za-z][\w.-]*:[\w.-]*|<[^<>]*>)""", re.DOTALL)
NUMBER = re.compile(r"[+-]?[0-9]{1,%d}(?:\.[0-9]{1,%d})?" % (MAX_DIGITS, MAX_DIGITS))  # ASCII digits, as XSD writes them
THOUSANDS = re.compile(r"([+-]?[0-9]{1,3}(?:,[0-9]{3})+)(\.[0-9]+)?")  # "41,000", as the reports write it


@dataclass(frozen=True)
class Parameter:
    name: str
    variable: str  # the SPARQL variable it binds, without '?'
    type: str  # iri, integer, decimal, date, gyear, string
    required: bool
    default: str | None = None
    description: str = ""

    def term(self, raw: str):
        """Turn a user's text into the RDF term to bind, or raise a KGError saying what is wrong.

        Every value is bounded before it is read: a number has at most 30 digits and no exponent
        (1e999999999 would be a billion digits once written out), a date must exist.

        >>> Parameter("value", "__value_decimal", "decimal", False).term("281")
        rdflib.term.Literal('281', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
        >>> Parameter("value", "__value_decimal", "decimal", False).term("1e999999999")
        Traceback (most recent call last):
        kg.core.errors.KGError: parameter 'value' must be a number written with digits (at most 30 before and 30 after the point), got '1e999999999'
        """
        raw = bounded(self.name, raw)
        if self.type == "iri":
            return expand_iri(raw, self.name)
        if self.type != "string" and (literal := RDF_LITERAL.fullmatch(raw)):
            value = self.term(literal[2])  # (else the form inside is refused, saying why)
            raise KGError(f"parameter {self.name!r} takes the value alone, not an RDF literal: write {self.name}={value}")
        if self.type in ("integer", "decimal"):
            return number_term(raw, self.name, whole=self.type == "integer")
        if self.type == "date":
            try:
                if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
                    raise ValueError(raw)
                return Literal(datetime.date.fromisoformat(raw).isoformat(), datatype=XSD.date)
            except ValueError:
                raise KGError(f"parameter {self.name!r} must be a date YYYY-MM-DD that exists, got {echoed(raw, quoted=True)}") from None
        if self.type == "gyear":
            if not re.fullmatch(YEAR, raw):  # (year 0000 is no year kg reads, in the data or here)
                raise KGError(f"parameter {self.name!r} must be a year YYYY from 0001 to 9999, got {echoed(raw, quoted=True)}")
            return Literal(raw, datatype=XSD.gYear)
        return Literal(raw)


def number_term(raw: str, name: str, whole: bool = False) -> Literal:
    """A number as the data writes it: xsd:integer when whole ("281"), else xsd:decimal in its
    canonical form ("1.60" is 1.6), so that it is the same RDF term as the figure's oo:value. Commas between
    groups of three digits are thousands separators ("41,000" is 41000); no other comma is ("1,6" is refused)."""
    if grouped := THOUSANDS.fullmatch(raw):
        raw = grouped[1].replace(",", "") + (grouped[2] or "")
    if not NUMBER.fullmatch(raw) or (whole and "." in raw):
        kind = "a whole number" if whole else "a number"
        raise KGError(f"parameter {name!r} must be {kind} written with digits (at most {MAX_DIGITS} before "
                      f"and {MAX_DIGITS} after the point), got {echoed(raw, quoted=True)}")
    number = Decimal(raw)
    if number == number.to_integral_value():
        return Literal(str(int(number)), datatype=XSD.integer)
    text = format(number.normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def bounded(name: str, raw: str) -> str:
    """A parameter's text, stripped, if it is short enough to read (a name or IRI looked up included)."""
    raw = raw.strip()
    if len(raw) > MAX_VALUE_CHARACTERS:
        raise KGError(f"parameter {name!r} is longer than {MAX_VALUE_CHARACTERS} characters")
    return raw


def expand_iri(raw: str, name: str = "iri") -> URIRef:
    """`oi:shabana-mahmood`, `<https://...>` or `https://...` to an IRI; anything else is an error."""
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    prefix, colon, local = raw.partition(":")
    iri = None
    if colon and prefix in PREFIXES and not local.startswith("//"):
        iri = str(PREFIXES[prefix]) + local
    elif re.fullmatch(r"https?://.+|urn:.+", raw, re.DOTALL):
        iri = raw
    if iri is not None and is_iri(iri):
        return URIRef(iri)
    known = ", ".join(f"{p}:" for p in PREFIXES)
    raise KGError(f"parameter {name!r} must be an IRI (<https://...> or a prefixed name with {known}), got {echoed(raw, quoted=True)}")


def is_iri(text: str) -> bool:
    """Whether the engine takes `text` as an IRI (RFC 3987: no spaces, controls or `<>"{}|\\^``, and
    `http://[` is none)."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: list = field(default_factory=list)
    parameters: list = field(default_factory=list)
    variables: list = field(default_factory=list)  # the projected variables, in order
    form: str = "SELECT"
    links: dict = field(default_factory=dict)  # a parameter's name -> the predicates it is matched as the object of

    def defaulted(self, given: dict[str, str]) -> list[Parameter]:
        """The parameters an answer took at their default, as none was given: a value the user never typed."""
        return [p for p in self.parameters if p.name not in given and p.default is not None]

    def bindings(self, given: dict[str, str]) -> dict:
        """Variable -> RDF term for the given parameter values plus defaults; unknown or missing ones are errors."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(known))
        if unknown:
            listing = ", ".join(sorted(known)) or "none"
            raise KGError(f"query {self.name!r} has no parameter {echoed(', '.join(map(repr, unknown)))} (parameters: {listing})")
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


def _header_lines(text: str) -> list[tuple[int, int, str]]:
    """The `#+` lines at the top of a query file (blank lines may come first): for each, its line in the
    file, how many characters come before its YAML ('#+' and one space), and the YAML."""
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#+"):
            before = 3 if line[2:3] == " " else 2
            lines.append((number, before, line[before:]))
        elif line.strip() or lines:
            break
    return lines


def parse_header(text: str, path: Path) -> dict:
    """The `#+` YAML header at the top of a query file; a malformed one is an error at its line and column
    in the file. Every value is read as the text written (YAML's BaseLoader): `summary: 2025-13-45` was an
    internal error (a date that does not exist), `tags: 5` one too, `tags: abc` three tags 'a', 'b', 'c'."""
    lines = _header_lines(text)
    if not lines:
        raise KGError(f"{path}: no '#+' YAML header (grlc style) with at least a summary")
    try:
        header = yaml.load("\n".join(yaml_line for _, _, yaml_line in lines), Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        raise yaml_error(error, path, lines, "malformed '#+' header: ") from None
    if not isinstance(header, dict):
        raise ParseError(path, lines[0][0], None, "the '#+' header must be a YAML mapping")
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise ParseError(path, yaml_key_line(lines, sorted(unknown)[0]), None,
                         f"unknown header key(s) {sorted(unknown)}; allowed: {sorted(HEADER_KEYS)}")
    for key, wanted, kind in (("summary", str, "one line of text"), ("description", str, "text"),
                              ("tags", list, "a list of words"), ("defaults", list, "a list of single 'name: value' mappings"),
                              ("params", dict, "a mapping of parameter names to descriptions")):
        value = header.get(key, "")
        items = value if isinstance(value, list) else value.values() if isinstance(value, dict) else ()
        if (value != "" and not isinstance(value, wanted)) or (key in ("tags", "params") and not all(isinstance(v, str) for v in items)):
            raise ParseError(path, yaml_key_line(lines, key), None, f"'{key}' must be {kind}")
    if not header.get("summary", "").strip():
        raise ParseError(path, lines[0][0], None, "the header needs a 'summary'")
    for key, allowed in (("summary", ""), ("description", "\n\t"), *((f"params: {name}", "") for name in
                                                                        header.get("params") or {})):
        text = header.get(key, "") if ":" not in key else header["params"][key.split(": ", 1)[1]]
        unseen = next((c for c in text if UNSEEN.fullmatch(c) and c not in allowed), None)
        if unseen is not None:  # (kg queries printed a summary's "\e[2J" to the terminal, its "\n" as a second line)
            raise ParseError(path, yaml_key_line(lines, key.split(": ", 1)[0]), None,
                             f"'{key}' holds {echoed(unseen, quoted=True)}, which prints nothing or moves the text: "
                             f"write it as {'one line of ' if not allowed else ''}text a reader sees")
    return header


def load_query(path: Path, cache=None, section: str = "saved") -> SavedQuery:
    """The saved query in `path`; what rdflib's parser says of its variables kept in `cache` (a
    kg.sources.cache.Cache, under `section`) from one run of kg to the next."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")  # (a byte-order mark hid the header)
    except UnicodeDecodeError as error:
        raise not_utf8(path, error.object[error.start], error.start) from None
    header = parse_header(text, path)
    try:
        form = check(text)
    except KGError as error:
        raise KGError(f"{path}: {error}") from None
    try:
        projected, used, links, misplaced = remembered(_VARIABLES, (text,), cache, section, lambda: _variables(text), 4)
        projected = list(projected)
    except Exception as error:  # rdflib's parser raises its own exceptions
        raise KGError(f"{path}: not valid SPARQL: {' '.join(str(error).split())[:300]}") from None
    lines = _header_lines(text)
    defaults = {}
    for item in header.get("defaults") or []:
        if not isinstance(item, dict) or len(item) != 1 or not all(isinstance(v, str) for v in item.values()):
            raise ParseError(path, yaml_key_line(lines, "defaults"), None,
                             "'defaults' must be a list of single 'name: value' mappings")
        defaults.update(item)
    descriptions = header.get("params") or {}
    parameters = []
    def first_use(variable: str) -> int:  # parameters in the order the text uses them (SELECT * has no order)
        found = re.search(rf"[?$]{re.escape(variable)}\b", text)
        return found.start() if found else len(text)

    for variable in sorted({v for v in projected if v.startswith("_")} | used, key=first_use):
        match = PARAMETER.fullmatch(variable)
        if match is None:
            raise KGError(f"{path}: ?{variable} starts with '_' but is not a grlc parameter name (?_name_type)")
        if variable not in projected:
            raise KGError(f"{path}: parameter ?{variable} must be in the SELECT projection, so that every engine "
                          f"binds it the same way (see kg/sparql/saved.py)")
        for misused, why in misplaced:
            if misused == variable:
                raise KGError(f"{path}: parameter ?{variable} {why}, where the engines bind it differently: use it as a "
                              f"term of a triple pattern of the query (see kg/sparql/saved.py)")
        underscores, name, kind = match.groups()
        parameters.append(Parameter(name, variable, kind or "string", underscores == "_",
                                    defaults.get(name), str(descriptions.get(name, ""))))
    names = {p.name for p in parameters}
    for extra in (set(defaults) | set(descriptions)) - names:
        raise KGError(f"{path}: header names parameter {extra!r}, but the query has no ?_{extra} variable")
    for parameter in parameters:  # a default the query cannot take, said of the file (not of the user's call)
        try:
            parameter.term(parameter.default) if parameter.default is not None else None
        except KGError as error:
            raise ParseError(path, yaml_key_line(lines, "defaults"), None, f"the default of {parameter.name!r}: {error}") from None
    linked = {p.name: frozenset(URIRef(predicate) for variable, predicate in links if variable == p.variable)
              for p in parameters}
    return SavedQuery(path.stem, path, text, header["summary"].strip(), header.get("description", "").strip(),
                      list(header.get("tags") or []), parameters, projected, form, linked)


_VARIABLES: dict = {}  # query text -> _variables(text), for the process (kg.sources.cache.remembered)


def _variables(text: str) -> tuple[tuple[str, ...], frozenset[str], tuple, tuple]:
    """The projected variables of a query, in order, the names of every `?_` variable it uses anywhere,
    (variable, predicate) for each triple pattern with a `?_` variable as its object and an IRI as its
    predicate, and (variable, why) for each `?_` variable placed where the engines bind it differently
    (misplaced_parameters) (kept for the process and in the project's cache: rdflib's parser takes a tenth of a second
    a query, and a server, a build or a test session loads the same queries again and again)."""
    from kg.sparql.parsing import prepare_query, triple_patterns

    algebra = prepare_query(text, initNs=dict(PREFIXES)).algebra
    used: set[str] = set()
    todo = [algebra]
    while todo:
        node = todo.pop()
        if isinstance(node, Variable):
            if str(node).startswith("_") and not RDFLIB_INTERNAL.fullmatch(str(node)):
                used.add(str(node))
        elif isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, (list, tuple, set)):
            todo.extend(node)
    # (what an answer need not match, in an OPTIONAL, a MINUS or a NOT EXISTS, names no value the query answers for)
    links = sorted({(str(o), str(p)) for _, p, o in triple_patterns(algebra, SOME_ANSWERS)
                    if isinstance(o, Variable) and str(o) in used and isinstance(p, URIRef)})
    return (tuple(str(v) for v in algebra.get("PV") or []), frozenset(used), tuple(links),
            misplaced_parameters(algebra, used))


# The parts of an algebra node (rdflib's names) whose patterns an answer need not match: the right side of an
# OPTIONAL (and its FILTER), of a MINUS, and a NOT EXISTS block. A value matched only there is no value the query
# answers for (a parameter's links, _variables).
SOME_ANSWERS = {"LeftJoin": ("p2", "expr"), "Minus": ("p2",), "Builtin_NOTEXISTS": ("graph",)}
# Those, and every expression (an EXISTS block in it): a parameter only there binds differently (misplaced_parameters).
NOT_EVERY_ANSWERS = {**SOME_ANSWERS, "Filter": ("expr",), "Extend": ("expr",), "OrderBy": ("expr",),
                     "Builtin_EXISTS": ("graph",)}


def misplaced_parameters(algebra, parameters) -> tuple:
    """(variable, why) for each parameter the engines would bind differently: pyoxigraph substitutes it in the
    query's own scope, rdflib's initBindings and a VALUES block hold it for every part, so only a parameter that
    is a term of a triple pattern of that scope means the same on each. Found by a hostile read: FILTER(BOUND())
    alone gave 0 rows on one engine and rows on the other; a subquery not projecting it, 97 rows against 14; a
    BIND to it, 14 against 97. A FILTER beside a triple pattern of it is as good as the pattern.

    >>> from kg.sparql.parsing import prepare_query
    >>> def misplaced(text):
    ...     return misplaced_parameters(prepare_query(text, initNs=dict(PREFIXES)).algebra, {"__p_iri"})
    >>> misplaced("SELECT ?__p_iri ?s WHERE { ?s oo:speaker ?__p_iri FILTER(BOUND(?__p_iri)) }")
    ()
    >>> misplaced("SELECT ?__p_iri ?s WHERE { ?s rdfs:label ?l FILTER(BOUND(?__p_iri)) }")
    (('__p_iri', 'is used in no triple pattern, only in FILTER, BIND or SELECT expressions'),)
    >>> misplaced("SELECT ?__p_iri ?s WHERE { { SELECT ?s WHERE { ?s oo:speaker ?__p_iri } } }")[0][1]
    'is used inside a subquery that does not project it'
    >>> misplaced("SELECT ?__p_iri ?s WHERE { ?s oo:speaker ?p BIND(?p AS ?__p_iri) }")[0][1]
    'is given a value by BIND, VALUES or an aggregate (AS ?__p_iri)'
    >>> misplaced("SELECT ?__p_iri ?s WHERE { { SELECT ?__p_iri ?s WHERE { ?s oo:speaker ?__p_iri } } }")
    ()
    >>> misplaced("SELECT ?__p_iri (COUNT(?s) AS ?n) WHERE { ?s oo:speaker ?__p_iri } GROUP BY ?__p_iri")
    ()
    >>> misplaced("SELECT (SAMPLE(?p) AS ?__p_iri) WHERE { ?s oo:speaker ?p } GROUP BY ?s")[0][1]
    'is given a value by BIND, VALUES or an aggregate (AS ?__p_iri)'
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    from kg.sparql.parsing import algebra_nodes, triple_patterns

    parameters = {Variable(p) for p in parameters}
    anchored, optional, found = set(), set(), {}  # in a pattern every answer matches; in one some answers match
    grouped = {aggregate.res for node in algebra_nodes(algebra) if node.name == "AggregateJoin"
               for aggregate in node.A if aggregate.name == "Aggregate_Sample" and aggregate.vars in parameters}

    def walk(node, hidden: frozenset, required: bool = True, subquery: bool = False) -> None:
        if isinstance(node, Variable):
            if node in hidden:
                found.setdefault(str(node), "is used inside a subquery that does not project it")
        elif isinstance(node, CompValue):
            if node.name == "Project":
                hidden = hidden | (parameters - set(node.get("PV") or []))
            if node.name == "BGP":
                terms = {term for triple in node.triples for term in triple if term in parameters and term not in hidden}
                (anchored if required else optional).update(terms)
            subquery = subquery or node.name == "ToMultiSet"
            if node.name == "Slice" and subquery:  # (a VALUES block is joined with the rows the LIMIT kept)
                for variable in {t for triple in triple_patterns(node.p) for t in triple} & (parameters - hidden):
                    found.setdefault(str(variable), "is used inside a subquery with LIMIT or OFFSET, which picks its "
                                                    "rows before a VALUES block is joined with them")
            if node.name == "Extend" and node.get("var") in parameters and node.get("expr") not in grouped:  # (GROUP BY it)
                found.setdefault(str(node.var), f"is given a value by BIND, VALUES or an aggregate (AS ?{node.var})")
            if node.name in ("values", "ToMultiSet") and isinstance(node.get("res"), list):
                for row in node.res:
                    for variable in set(row) & parameters:
                        found.setdefault(str(variable), "is given its values by a VALUES block")
            translated = vars(node).get("graph")  # an EXISTS block as it runs (kg.sparql.parsing.algebra_nodes)
            for key, value in node.items():
                if key != "_vars":
                    walk(translated if key == "graph" and translated is not None else value, hidden,
                         required and key not in NOT_EVERY_ANSWERS.get(node.name, ()), subquery)
        elif isinstance(node, (list, tuple, set)):
            for value in node:
                walk(value, hidden, required, subquery)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value, hidden, required, subquery)

    walk(algebra, frozenset())
    for variable in sorted(parameters - anchored, key=str):
        found.setdefault(str(variable), "is used only inside OPTIONAL, MINUS or (NOT) EXISTS, where a value bound in "
                                        "the query and one joined with its answers (VALUES) differ" if variable in optional
                         else "is used in no triple pattern, only in FILTER, BIND or SELECT expressions")
    return tuple(sorted(found.items()))


def load_queries(directory: Path, cache=None, section: str = "saved") -> dict[str, SavedQuery]:
    """Every saved query in `directory` (`cache`, `section`: as load_query's). A `directory` that is a file
    is refused: it was read as a folder of no queries (kg queries listed none and exited 0)."""
    if Path(directory).exists() and not Path(directory).is_dir():
        raise KGError(f"{directory}: not a directory (the saved queries are queries/*.rq)")
    return {p.stem: load_query(p, cache, section) for p in sorted(Path(directory).glob("*.rq"))}


def check_queries(project: Project, cache=None) -> list:
    """The SPARQL checks that must return no rows (queries/checks/*.rq), as SavedQuery
    (`cache`: a kg.sources.cache.Cache keeping what the parser says of them, in a section of their own). A
    queries/ or checks/ that is a file is refused: it was read as no checks, and kg build and kg validate
    passed without running any."""
    checks = project.checks_dir
    for folder in (checks.parent, checks):
        if folder.exists() and not folder.is_dir():
            raise KGError(f"{folder}: not a directory, so the checks (queries/checks/*.rq) cannot be run")
    found = list(load_queries(checks, cache, "checks").values()) if checks.is_dir() else []
    for query in found:  # (an ASK was an internal error on the engine and passed in silence on the reference)
        if query.form != "SELECT":
            raise KGError(f"{query.path}: a check is a SELECT whose rows are what it finds wrong (none when the data "
                          f"is right), not {'an' if query.form == 'ASK' else 'a'} {query.form}")
    return found


def no_checks_note(project: Project) -> str | None:
    """What kg validate and kg build say when the project has no check to run (None when it has): a project
    without queries/checks/ validated and built with no word that its checks had not run."""
    checks = project.checks_dir
    if any(checks.glob("*.rq")):
        return None
    where = project.relative(checks)
    return (f"no SPARQL checks were run: {where}/ {'holds no .rq file' if checks.is_dir() else 'does not exist'} "
            f"(the checks that must return no rows are read from {where}/*.rq; kg's own are in "
            f"{SHIPPED_MODEL / 'checks'}: copy them there)")


def find_query(directory: Path, name: str, cache=None) -> SavedQuery:
    """The saved query `name`: its file alone is read (rdflib's parser takes about 0.1 s a query), all of
    them only to list them when there is none of that name."""
    path = Path(directory) / f"{name}.rq"
    try:
        if Path(name).name == name and path.is_file():
            return load_query(path, cache)
    except OSError:  # a name too long for a file (ENAMETOOLONG): it names no saved query
        pass
    queries = load_queries(directory, cache)
    if name not in queries:
        listing = "\n".join(f"  {q.name:32} {q.summary}" for q in queries.values())
        shown = echoed(name, quoted=True)
        given = PurePath(name)  # (kg query queries/statements.rq, or statements.rq)
        meant = given.stem if given.suffix == ".rq" and given.parent.name in ("", Path(directory).name) else None
        if meant in queries:
            raise KGError(f"no saved query {shown}: a saved query is named without its folder and .rq: "
                          f"kg query {meant}")
        raise KGError(f"no saved query {shown}. Saved queries:\n{listing}" if listing else
                      f"no saved query {shown}: {directory} holds no .rq file")
    return queries[name]
