"""Answers from Oxigraph: saved and ad-hoc queries over the release's store.

(Moved here unchanged from kg/graph/build.py; being replaced by the query work of issue 10.)
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import shutil

import pyoxigraph as ox
from rdflib import Graph, Variable

from kg.analysis.files import ANALYSIS_FILES, analysis
from kg.errors import KGError
from kg.graph.build import Build
from kg.graph.load import ANALYSIS, DATA, INFERRED, ONTOLOGY, load_into, load_sources
from kg.graph.project import Project, source_digests
from kg.graph.reason import infer
from kg.graph.terms import parse_term, rdflib_term, term_string
from kg.graph.triples import TripleIndex
from kg.namespaces import PREFIX_IRIS
from kg.query.saved import load_queries, refuse_remote

STORE_DIR = "oxigraph"


# ------------------------------------------------------------------------------ answers

def lexical_forms(literals) -> dict:
    """Oxigraph stores numbers, dates and booleans by value and answers with its canonical form
    ("69.0"^^xsd:decimal comes back as "69"); rdflib answers with the form the data wrote. For each
    typed literal whose canonical form differs: canonical N-Triples string -> the data's (when only one
    literal of the data has that canonical form)."""
    typed = sorted({lit for lit in literals if lit[0] == '"' and lit[-1] == ">"})
    if not typed:
        return {}
    probe = ox.Store()
    probe.extend(ox.parse("".join(f"<urn:oioo:lexical:{i}> <urn:oioo:p> {lit} .\n" for i, lit in enumerate(typed))
                          .encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    canonical: dict = {}
    for quad in probe:
        original = typed[int(quad.subject.value.rsplit(":", 1)[1])]
        canonical.setdefault(str(quad.object), set()).add(original)
    return {form: next(iter(originals)) for form, originals in canonical.items()
            if len(originals) == 1 and form not in originals}


_converted: dict = {}


def _original(term, forms: dict):
    """The rdflib term for an Oxigraph answer, in the data's lexical form (converted once per term)."""
    key = str(term)
    text = forms.get(key) if forms else None
    if text is not None:
        return rdflib_term(parse_term(text))
    found = _converted.get(key)
    if found is None:
        if len(_converted) > 500_000:
            _converted.clear()
        found = _converted[key] = rdflib_term(term)
    return found


class Answer:
    """An Oxigraph query result with the face of rdflib's, for kg.query.output.render."""

    def __init__(self, result, forms: dict | None = None):
        forms = forms or {}
        if isinstance(result, (bool, ox.QueryBoolean)):
            self.type, self.askAnswer, self.vars, self.rows = "ASK", bool(result), [], []
        elif isinstance(result, ox.QuerySolutions):
            self.type = "SELECT"
            shown = [i for i, v in enumerate(result.variables) if not v.value.startswith(BNODE_VARIABLE)]
            self.vars = [Variable(result.variables[i].value) for i in shown]
            self.rows = [tuple(None if s[i] is None else _original(s[i], forms) for i in shown) for s in result]
        else:
            self.type, self.vars, self.rows = "CONSTRUCT", [], []
            self.graph = Graph()
            for triple in result:
                self.graph.add((rdflib_term(triple.subject), rdflib_term(triple.predicate), _original(triple.object, forms)))

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


BNODE_VARIABLE = "bnode_oioo_"  # variables standing for the query's blank nodes; never shown


def _skip(text: str, i: int) -> int:
    """The index after a string literal, IRI or comment starting at i (or i when there is none)."""
    char = text[i]
    if char in "\"'":
        quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else char
        j = i + len(quote)
        while True:
            j = text.index(quote, j)
            if text[j - 1] != "\\" or len(quote) == 3:
                return j + len(quote)
            j += 1
    if char == "<" and re.match(r"<[^\s<>\"{}|^`]*>", text[i:]):
        return text.index(">", i) + 1
    if char == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    return i


_GROUP_KEYWORD = re.compile(r"(OPTIONAL|MINUS|FILTER|BIND|VALUES|GRAPH|SERVICE|UNION)\b", re.IGNORECASE)


def without_blank_nodes(text: str) -> str:
    """`?s p [ q ?o ]` as `?s p ?bnode_oioo_1 . ?bnode_oioo_1 q ?o`: the same pattern (a blank node in a
    query is a variable that is not returned), which Oxigraph evaluates far faster inside EXISTS
    (seconds against milliseconds, measured: it joins an EXISTS pattern in the order written, and
    starts a property list with its blank node). The blank node's statements follow the statement
    that held it, in the same basic graph pattern."""
    counter = itertools.count(1)

    def brackets(text: str, i: int) -> int:
        depth, j = 1, i + 1
        while depth:
            k = _skip(text, j)
            if k != j:
                j = k
                continue
            depth += {"[": 1, "]": -1}.get(text[j], 0)
            j += 1
        return j

    def node(text: str, i: int, hoisted: list) -> tuple[str, int]:
        """The blank node `[ ... ]` at i: its variable, and the index after it; its statements to `hoisted`."""
        j = brackets(text, i)
        inner_hoisted: list = []
        inner = terms(text[i + 1:j - 1], inner_hoisted).strip()
        variable = f"?{BNODE_VARIABLE}{next(counter)}"
        if inner:
            hoisted.append(f"{variable} {inner}")
        hoisted.extend(inner_hoisted)
        return f" {variable} ", j

    def terms(text: str, hoisted: list) -> str:
        """A property list's content: blank nodes replaced, their statements to `hoisted`."""
        out, i = [], 0
        while i < len(text):
            j = _skip(text, i)
            if j != i:
                out.append(text[i:j])
                i = j
            elif text[i] == "[":
                variable, i = node(text, i, hoisted)
                out.append(variable)
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    out, pending, i = [], [[]], 0

    def flush(dot: bool) -> None:
        if pending[-1]:
            out.append((" . " if dot else " ") + " . ".join(pending[-1]) + " . ")
            pending[-1].clear()

    while i < len(text):
        j = _skip(text, i)
        if j != i:
            out.append(text[i:j])
            i = j
            continue
        char = text[i]
        keyword = _GROUP_KEYWORD.match(text, i) if char.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_:?$")) else None
        if keyword:
            flush(True)
            out.append(keyword.group(0))
            i = keyword.end()
        elif char == "{":
            flush(True)
            out.append(char)
            pending.append([])
            i += 1
        elif char == "}":
            flush(True)
            if len(pending) > 1:
                pending.pop()
            out.append(char)
            i += 1
        elif char == ".":
            out.append(char)
            flush(False)
            i += 1
        elif char == "[":
            variable, i = node(text, i, pending[-1])
            out.append(variable)
        else:
            out.append(char)
            i += 1
    return "".join(out)


def as_rdflib_answers(text: str, bindings: dict | None = None) -> str:
    """The query text Oxigraph must run to answer as rdflib does. Two differences, both measured:

    - rdflib binds parameters before evaluation (initBindings): `FILTER(!BOUND(?__person_iri) || ...)`
      sees the value. Oxigraph's substitutions bind only in the output (and only projected variables).
      So each bound parameter is written into the text as its N-Triples term (an IRI checked by
      kg.query.saved.expand_iri, or an escaped literal), and BOUND() of it becomes true.
    - GROUP_CONCAT of literals sharing a language tag keeps the tag in Oxigraph (SPARQL 1.2), not in
      rdflib (SPARQL 1.1, a simple literal): wrapped in STR().
    """
    for variable, term in (bindings or {}).items():
        name, value = re.escape(str(variable)), term_string(term)
        # `(!BOUND(?p) || x` is `(x`: false || x is x, and x is then what Oxigraph can plan on
        text = re.sub(rf"\(\s*!\s*BOUND\s*\(\s*[?$]{name}\s*\)\s*\|\|", "(", text, flags=re.IGNORECASE)
        text = re.sub(rf"BOUND\s*\(\s*[?$]{name}\s*\)", "true", text, flags=re.IGNORECASE)
        text = re.sub(rf"[?$]{name}(?![A-Za-z0-9_])", lambda _: value, text)
    out, position = [], 0
    for match in re.finditer(r"GROUP_CONCAT\s*\(", text, flags=re.IGNORECASE):
        if match.start() < position:
            continue
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        out.append(text[position:match.start()] + "STR(" + text[match.start():end + 1] + ")")
        position = end + 1
    return without_blank_nodes("".join(out) + text[position:])


_FORMS: dict = {}  # id(store) -> lexical forms of the data it was loaded from


@functools.lru_cache(maxsize=256)
def _refused(text: str) -> None:
    """kg.query.saved.refuse_remote, once per query text (rdflib's parser takes tens of milliseconds)."""
    refuse_remote(text)


def run_query(store: ox.Store, text: str, bindings: dict | None = None, union: bool = True) -> Answer:
    """kg.query.saved.run_query in Oxigraph: read-only, parameters bound as RDF terms."""
    _refused(text)
    try:
        result = store.query(as_rdflib_answers(text, bindings), prefixes=PREFIX_IRIS, use_default_graph_as_union=union)
    except SyntaxError as error:
        raise KGError(f"not valid SPARQL: {error}") from None
    return Answer(result, _FORMS.get(id(store)))


def release_store(project: Project, in_memory: bool = False) -> ox.Store:
    """The store queries run in: dist/oxigraph/ when dist/ holds a current release (built from it once;
    `in_memory`: the release loaded into memory instead, as a long-running server would hold it, which
    answers several times faster), else the sources loaded and reasoned in memory."""
    dist = project.dist_dir
    manifest_path, release = dist / "manifest.json", dist / "oioo-full.nt"
    recorded = {}
    if manifest_path.is_file() and release.is_file():
        try:
            recorded = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            recorded = {}
    if recorded.get("sources") == source_digests(project):
        stamp = json.dumps({name: entry.get("sha256") for name, entry in sorted(recorded.get("files", {}).items())})
        directory, marker = dist / STORE_DIR, dist / STORE_DIR / "release.json"
        forms_file = dist / STORE_DIR / "lexical-forms.json"
        if not in_memory and marker.is_file() and marker.read_text(encoding="utf-8") == stamp and forms_file.is_file():
            store = ox.Store.read_only(str(directory))
            _FORMS[id(store)] = json.loads(forms_file.read_text(encoding="utf-8"))
            return store
        if not in_memory:
            shutil.rmtree(directory, ignore_errors=True)
        store = ox.Store() if in_memory else ox.Store(str(directory))
        store.bulk_load(path=str(release), format=ox.RdfFormat.N_TRIPLES, to_graph=DATA)
        literals = {str(t.object) for t in ox.parse(path=str(release), format=ox.RdfFormat.N_TRIPLES)
                    if isinstance(t.object, ox.Literal)}
        for name in ANALYSIS_FILES:
            if (dist / name).is_file() and name in recorded.get("files", {}):
                store.bulk_load(path=str(dist / name), format=ox.RdfFormat.TURTLE, to_graph=ANALYSIS)
                literals |= {str(t.object) for t in ox.parse(path=str(dist / name), format=ox.RdfFormat.TURTLE)
                             if isinstance(t.object, ox.Literal)}
        forms = _FORMS[id(store)] = lexical_forms(literals)
        if not in_memory:
            store.flush()
            forms_file.write_text(json.dumps(forms), encoding="utf-8")
            marker.write_text(stamp, encoding="utf-8")
        return store
    sources = load_sources(project)
    inferred = infer(sources.ontology, sources.data)
    store = ox.Store()
    for triples, graph in ((sources.data, DATA), (sources.ontology, ONTOLOGY), (inferred, INFERRED)):
        load_into(store, triples, graph)
    literals = {o for triples in (sources.data, sources.ontology, inferred) for _, _, o in triples if o[0] == '"'}
    for part in analysis(TripleIndex(sources.ontology | sources.data)).values():
        triples = {tuple(term_string(t) for t in triple) for triple in part}
        load_into(store, triples, ANALYSIS)
        literals |= {o for _, _, o in triples if o[0] == '"'}
    _FORMS[id(store)] = lexical_forms(literals)
    return store


def saved_queries(project: Project) -> dict:
    return load_queries(project.queries_dir)


def answer(project: Project, text: str, bindings: dict | None = None) -> Answer:
    """`kg query` / `kg sparql` with the fast engine: the answer from the release's Oxigraph store."""
    return run_query(release_store(project), text, bindings)


def query_store(result: Build) -> ox.Store:
    """The build's own store made ready for queries: the inferred triples and the analysis files added
    (what a server started right after the build would hold in memory)."""
    load_into(result.store, result.inferred, INFERRED)
    literals = {o for triples in (result.base, result.inferred) for _, _, o in triples if o[0] == '"'}
    for path in result.written:
        if path.name in ANALYSIS_FILES:
            result.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ANALYSIS)
            literals |= {str(t.object) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                         if isinstance(t.object, ox.Literal)}
    _FORMS[id(result.store)] = lexical_forms(literals)
    return result.store
