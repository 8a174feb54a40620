"""The fast engine: the same build, validation and answers, for archives of a million triples.

`kg build --engine fast` (or KG_ENGINE=fast) does what kg.reference.build does, with other tools:

| step      | reference (kg.reference.build)              | fast (this module)                                      |
|-----------|-----------------------------------|---------------------------------------------------------|
| parse     | rdflib, 16 K triples/s            | pyoxigraph (Rust), terms kept as N-Triples strings      |
| reason    | owlrl over everything, in cycles  | owlrl over the ontology once, then kg.graph.reason's     |
|           |                                   | one pass over the instance data                         |
| validate  | pySHACL, node by node             | kg.graph.shacl: each constraint one SPARQL query over all |
|           |                                   | focus nodes, in Oxigraph                                |
| queries   | rdflib SPARQL                     | Oxigraph SPARQL                                         |
| release   | rdflib serialisers                | the same sorted N-Triples bytes; Turtle, JSON-LD and    |
|           |                                   | the analysis written by Oxigraph (the same triples,     |
|           |                                   | other layout), in child processes meanwhile             |

What must not differ does not: the tests (tests/test_fast.py) prove the same inferred triples, the
same validation findings, the same query answers and byte-identical N-Triples releases on the seed data
and on generated corpora. Where the fast reasoner cannot follow owlrl (owl:sameAs, schema in the data,
see kg.graph.reason) the build falls back to owlrl for the closure and says so.

Queries with `--engine fast` run in an Oxigraph store kept in dist/oxigraph/, built from the release
(dist/oioo-full.nt) the first time it is needed and rebuilt whenever the release changes; with stale
or missing releases the sources are loaded and reasoned in memory, as the reference does.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.reference import build as reference
from kg.errors import KGError, ParseError
from kg.reference.load import _relative, parse_turtle
from kg.graph.reason import Unsupported, check, materialise, schema_of
from kg.graph.terms import graph_of, parse_term, rdflib_term, term_string
from kg.namespaces import PREFIXES
from kg.graph.project import Project
from kg.graph.findings import Namer, ValidationReport, check_finding, shacl_findings
from kg.graph.positions import located, syntax_error
from kg.graph.shacl import CompiledShapes

ENGINES = ("reference", "fast")
DATA, ONTOLOGY, INFERRED, ANALYSIS = (ox.NamedNode(f"urn:oioo:graph:{name}") for name in ("data", "ontology", "inferred", "analysis"))
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
STORE_DIR = "oxigraph"


def engine(name: str | None = None) -> str:
    """The engine to use: the one named, else $KG_ENGINE, else the reference."""
    chosen = name or os.environ.get("KG_ENGINE") or "reference"
    if chosen not in ENGINES:
        raise KGError(f"unknown engine {chosen!r}: choose {' or '.join(ENGINES)}")
    return chosen


# ------------------------------------------------------------------------------ parse

_normal: dict = {}


def _normalised(literal: str, term) -> str:
    """A typed literal's lexical form as rdflib's parser leaves it ("01"^^xsd:integer becomes "1"),
    so that the fast path's triples are rdflib's, byte for byte."""
    found = _normal.get(literal)
    if found is None:
        found = term_string(rdflib_term(term)) if not getattr(rdflib_term(term), "ill_typed", False) else literal
        _normal[literal] = found
    return found


_terms: dict = {}


def read_triples(path: Path) -> list:
    """The triples of one Turtle file as N-Triples strings; malformed input raises the reference's ParseError.

    Equal terms share one string object (a million triples name a few hundred thousand terms)."""
    path = Path(path)
    triples = []
    same = _terms.setdefault
    try:
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                               rename_blank_nodes=True):
            o = str(triple.object)
            if o[-1] == ">" and o[0] == '"':
                o = _normalised(o, triple.object)
            s, p = str(triple.subject), str(triple.predicate)
            triples.append((same(s, s), same(p, p), same(o, o)))
    except (SyntaxError, ValueError, OSError) as error:
        parse_turtle(path)  # the reference's message: file, line, column
        raise syntax_error(path) or ParseError(path, 0, None, f"cannot parse Turtle: {error}") from None
    return triples


@dataclass
class FastSources:
    """Ontology and data as sets of N-Triples string triples; shapes as rdflib (they are small)."""

    ontology: set
    data: set
    shapes: Graph
    files: list = field(default_factory=list)  # data file names, relative to the project
    subject_files: dict = field(default_factory=dict)  # subject -> file index, or tuple of indices

    def files_of_subject(self, subject: str) -> tuple:
        found = self.subject_files.get(subject)
        if found is None:
            return ()
        return tuple(sorted(self.files[i] for i in (found if isinstance(found, tuple) else (found,))))


def load_sources(project: Project) -> FastSources:
    _terms.clear()
    files = project.data_files
    if not files:
        raise KGError(f"no data files in {project.root / 'data'}")
    ontology = set(read_triples(project.ontology_file))
    shapes = parse_turtle(project.shapes_file) if project.shapes_file.exists() else Graph()
    sources = FastSources(ontology, set(), shapes)
    where = sources.subject_files
    for index, path in enumerate(files):
        part = read_triples(path)
        sources.data.update(part)
        sources.files.append(_relative(path, project.root))
        for subject in {s for s, _, _ in part}:
            seen = where.get(subject)
            where[subject] = index if seen is None else (*(seen if isinstance(seen, tuple) else (seen,)), index)
    return sources


# ------------------------------------------------------------------------------ reason

def infer(sources: FastSources, progress=lambda message: None) -> set:
    """The triples OWL-RL adds, as kg.reference.reason.infer computes them (InconsistencyError alike)."""
    try:
        schema = schema_of(sources.ontology)
        inferred, errors = materialise(schema, sources.data)
    except Unsupported as why:  # NeedsEquality included
        progress(f"the fast reasoner cannot follow owlrl here ({why}); reasoning with owlrl")
        from kg.reference.reason import infer as owlrl_infer

        return {tuple(term_string(t) for t in triple) for triple in owlrl_infer(graph_of(sources.ontology | sources.data))}
    check(errors)
    return inferred


# ------------------------------------------------------------------------------ the store

def nquads(triples, graph: ox.NamedNode) -> bytes:
    name = str(graph)
    return "".join(f"{s} {p} {o} {name} .\n" for s, p, o in triples).encode("utf-8")


def load_into(store: ox.Store, triples, graph: ox.NamedNode) -> None:
    """Add string triples to a graph of the store, keeping blank node labels (a parse per call would rename them)."""
    store.extend(ox.parse(nquads(triples, graph), format=ox.RdfFormat.N_QUADS))


class StoreView:
    """The little of rdflib's Graph API that kg.reference.validate's namer uses, over the store's data graph."""

    def __init__(self, store: ox.Store, graphs: list):
        self.store, self.graphs = store, graphs

    def _quads(self, s, p, o):
        for graph in self.graphs:
            yield from self.store.quads_for_pattern(s, p, o, graph)

    def subjects(self, predicate=None, obj=None):
        for quad in self._quads(None, None if predicate is None else _ox(predicate), _ox(obj)):
            yield rdflib_term(quad.subject)

    def predicates(self, subject=None, obj=None):
        for quad in self._quads(_ox(subject), None, _ox(obj)):
            yield rdflib_term(quad.predicate)


def _ox(term):
    return None if term is None else parse_term(term_string(term))


class _FilesOf:
    """sources.files_of for the namer: subject -> the data files that describe it."""

    def __init__(self, sources: FastSources):
        self.sources = sources

    def get(self, term, default=()):
        if term is None or isinstance(term, BNode):
            return default
        return self.sources.files_of_subject(term_string(term)) or default


@dataclass
class _NamerSources:
    data: StoreView
    shapes: Graph
    files_of: _FilesOf


# ------------------------------------------------------------------------------ validate

def subclasses(store: ox.Store, graphs: list) -> dict:
    """class -> every class under it by rdfs:subClassOf*, in the data graph (as pySHACL follows it)."""
    below: dict = {}
    for solution in store.query(f"SELECT ?a ?b WHERE {{ ?a <{RDFS.subClassOf}> ?b }}", default_graph=graphs):
        below.setdefault(rdflib_term(solution["b"]), set()).add(rdflib_term(solution["a"]))
    closed = {}
    for top in below:
        seen, todo = {top}, [top]
        while todo:
            for child in below.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        closed[top] = seen
    return closed


def compiled_shapes(shapes: Graph, hierarchy: dict | None = None) -> CompiledShapes:
    return CompiledShapes(shapes, hierarchy)


def ill_typed(triples) -> set:
    """The typed literals rdflib calls ill-typed ("abc"^^xsd:integer): they match no sh:datatype."""
    bad = set()
    for literal in {o for _, _, o in triples if o[0] == '"' and o[-1] == ">"}:
        if getattr(rdflib_term(parse_term(literal)), "ill_typed", False):
            bad.add(literal)
    return bad


def validate(sources: FastSources, store: ox.Store, checks=()) -> ValidationReport:
    """kg.reference.validate.validate's report, computed in Oxigraph: SHACL over ontology + data, then the checks."""
    graphs = [DATA, ONTOLOGY]
    shapes = compiled_shapes(sources.shapes, subclasses(store, graphs))
    _conforms, results = shapes.run(store, graphs, ill_typed(sources.data))
    names = Namer(_NamerSources(StoreView(store, graphs), sources.shapes, _FilesOf(sources)))
    findings = shacl_findings(results, names)
    for saved in checks:
        solutions = store.query(saved.text, default_graph=graphs, prefixes=_prefixes())
        for solution in solutions:
            row = [None if solution[i] is None else rdflib_term(solution[i]) for i in range(len(solutions.variables))]
            findings.append(check_finding(saved, row, names))
    findings.sort(key=lambda f: (f.message, f.value))  # ties of kg.reference.validate's order: by message, value
    findings.sort(key=lambda f: (f.severity != "Violation", f.files, f.focus, f.rule, f.path))
    return ValidationReport(findings, results)


def _prefixes() -> dict:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


# ------------------------------------------------------------------------------ build

@dataclass
class FastBuild:
    sources: FastSources
    base: set
    inferred: set
    report: ValidationReport
    written: list
    store: ox.Store = None


def build(project: Project, progress=lambda message: None, write: bool = True) -> FastBuild:
    """kg.reference.build.build with the fast engine. Python's cycle collector is paused meanwhile: it walks the
    millions of triples again and again and, in the forked children, touches every page they share
    with this process (the build of a million triples: 66 s with it, 54 s without, measured). The
    build makes few cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(project, progress, write)
    finally:
        if enabled:
            gc.enable()


def _build(project: Project, progress, write: bool) -> FastBuild:
    started = time.perf_counter()
    step = lambda message: progress(f"[{time.perf_counter() - started:6.2f}s] {message}")  # noqa: E731
    sources = load_sources(project)
    step(f"parsed {len(sources.files)} data files (pyoxigraph): {len(sources.data)} data triples, "
         f"{len(sources.ontology)} ontology triples")
    base = sources.ontology | sources.data
    release = Release(project) if write else None
    try:
        if release is not None:
            release.start("analysis", lambda directory: analysis_files(base, directory))
            step("writing the analysis (kg check, kg discrepancies) in a child process")
        step("reason (OWL-RL: owlrl on the ontology, then kg.graph.reason on the data)")
        inferred = infer(sources, step)
        step(f"inferred {len(inferred)} triples")
        if release is not None:
            release.start("graphs", lambda directory: graph_files(base, inferred, directory))
            step("writing the graphs (N-Triples, Turtle, JSON-LD) in a child process")
        store = ox.Store()
        load_into(store, sources.data, DATA)
        load_into(store, sources.ontology, ONTOLOGY)
        step("validate (SHACL compiled to SPARQL, and checks, in Oxigraph)")
        report = validate(sources, store, reference.checks(project))
        if not report.conforms:
            raise reference.ValidationFailed(located(report, project.root))
        step(f"valid: {len(report.findings)} warning(s)")
        written = release.commit() if release is not None else []
    finally:
        if release is not None:
            release.abandon()
    for path in written:
        step(f"wrote {path.relative_to(project.root)}")
    return FastBuild(sources, base, inferred, report, written, store)


# ------------------------------------------------------------------------------ release

def _n3(text: str) -> str:
    """rdflib's n3() of the term with this N-Triples string: the same, but for escapes (rdflib writes
    a literal with a line break in triple quotes)."""
    return text if "\\" not in text else rdflib_term(parse_term(text)).n3()


def blank_node_labels(triples) -> dict:
    """build.stable_blank_node_labels, over string triples: `_:old` -> `_:new`."""
    described, pointing = {}, {}
    for s, p, o in triples:
        if s[0] == "_":
            described.setdefault(s, []).append(f"{p} {'_' if o[0] == '_' else _n3(o)}")
        if o[0] == "_":
            pointing.setdefault(o, []).append(f"{'_' if s[0] == '_' else s} {p}")
    descriptions = {node: (described.get(node, []), pointing.get(node, [])) for node in described.keys() | pointing.keys()}
    return {node: f"_:{label}" for node, label in reference.labels_by_description(descriptions).items()}


def _lines(triples, labels: dict) -> list:
    """Sorted N-Triples lines (distinct triples give distinct lines: the labels are one-to-one)."""
    get = labels.get
    return sorted([f"{get(s, s)} {p} {get(o, o)} ." for s, p, o in triples])


def _encode(lines) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


RELEASE_FORMATS = {"nt": None, "ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}


def _entry(data: bytes, triples: int) -> dict:
    return {"triples": triples, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def graph_files(base: set, inferred: set, directory: Path) -> dict:
    """Write the base, inferred and full graphs kg.reference.build writes to dist/ into `directory`; return
    their manifest entries. N-Triples byte for byte as kg.reference.build.serialize writes them (the same sorted
    lines, the same stable blank node labels); Turtle and JSON-LD by Oxigraph from those lines (the
    same triples, laid out by Oxigraph)."""
    labels = blank_node_labels(itertools.chain(base, inferred))
    base_lines, inferred_lines = _lines(base, labels), _lines(inferred, labels)
    full_lines = base_lines + inferred_lines
    full_lines.sort()  # two sorted runs: timsort merges them in one pass
    entries = {}
    for name, lines, size in (("oioo-base", base_lines, len(base)), ("oioo-inferred", inferred_lines, len(inferred)),
                              ("oioo-full", full_lines, len(base) + len(inferred))):
        nt = _encode(lines)
        for extension, fmt in RELEASE_FORMATS.items():
            data = nt if fmt is None else ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=fmt,
                                                          prefixes=_prefixes())
            (directory / f"{name}.{extension}").write_bytes(data)
            entries[f"{name}.{extension}"] = _entry(data, size)
    return entries


def analysis_files(base: set, directory: Path) -> dict:
    """Write the analysis files of kg.reference.build (kg check, kg discrepancies) into `directory`: the same
    triples and blank node labels as kg.reference.build.write_graph, laid out by Oxigraph."""
    entries = {}
    for name, graph in sorted(reference.analysis(TripleIndex(base), StringTriples).items()):
        entries[name] = _entry(turtle_file(directory / name, graph), len(graph))
    return entries


class RdflibTerms(dict):
    """N-Triples string -> rdflib term, each converted once."""

    def __missing__(self, text: str):
        if text[0] == "<" and "\\" not in text:
            found = URIRef(text[1:-1])
        elif text[0] == "_":
            found = BNode(text[2:])
        else:
            found = rdflib_term(parse_term(text))
        self[text] = found
        return found


class TripleIndex:
    """The read side of rdflib's Graph that kg.analysis.check and kg.analysis.discrepancies use (value, objects, subjects,
    `in`) over string triples: an rdflib Graph of a million triples takes longer to build (31 s,
    measured) than the analysis takes to run over this index. Answers rdflib terms, in the order
    the triples were given, as rdflib's memory store does."""

    def __init__(self, triples):
        self.out: dict = {}  # subject -> predicate -> [object]
        self.into: dict = {}  # predicate -> object -> [subject]
        for s, p, o in triples:
            self.out.setdefault(s, {}).setdefault(p, []).append(o)
            self.into.setdefault(p, {}).setdefault(o, []).append(s)
        self.term, self.keys = RdflibTerms(), {}

    def _key(self, term) -> str | None:
        if term is None:
            return None
        found = self.keys.get(term)
        if found is None:
            found = self.keys[term] = term_string(term)
        return found

    def objects(self, subject=None, predicate=None):
        s, p, term = self._key(subject), self._key(predicate), self.term
        if s is not None:
            yield from (term[o] for o in self.out.get(s, {}).get(p, ()))
        else:
            for o, subjects in self.into.get(p, {}).items():
                yield from (term[o] for _ in subjects)

    def subjects(self, predicate=None, object=None):  # noqa: A002 (rdflib's name)
        p, o, term = self._key(predicate), self._key(object), self.term
        if o is not None:
            yield from (term[s] for s in self.into.get(p, {}).get(o, ()))
        else:
            for subjects in self.into.get(p, {}).values():
                yield from (term[s] for s in subjects)

    def value(self, subject=None, predicate=RDF.value, object=None, default=None):  # noqa: A002
        """rdflib's Graph.value with any=True."""
        if subject is None:
            return next(self.subjects(predicate, object), default)
        found = self.out.get(self._key(subject))
        found = found and found.get(self._key(predicate))
        return self.term[found[0]] if found else default

    def __contains__(self, triple) -> bool:
        s, p, o = (self._key(t) for t in triple)
        return o in self.out.get(s, {}).get(p, ())


def as_turtle_reads_it(term):
    """A literal as it reads back from rdflib's Turtle: numbers and booleans are written in short form,
    which changes some lexical forms ("0"^^xsd:decimal is written, and read back, as 0.0)."""
    if isinstance(term, Literal) and term.datatype is not None:
        short = term._literal_n3(use_plain=True)
        if not short.startswith('"'):
            return Literal(short, datatype=term.datatype)
    return term


class StringTriples(set):
    """What kg.reference.build.write_graph would write, kept as N-Triples string triples: the sink of the analysis
    here (an rdflib Graph of 600 K triples takes seconds to fill, then to read back)."""

    def __init__(self):
        super().__init__()
        self.strings: dict = {}

    def add(self, triple) -> None:
        strings = self.strings
        found = []
        for position, term in enumerate(triple):
            text = strings.get(term)
            if text is None:
                text = strings[term] = term_string(as_turtle_reads_it(term) if position == 2 else term)
            found.append(text)
        super().add(tuple(found))


def turtle_file(path: Path, triples: set) -> bytes:
    """kg.reference.build.write_graph's triples and blank node labels, laid out by Oxigraph (rdflib's Turtle
    writer takes 20 s on the analysis of a million triples)."""
    nt = _encode(_lines(triples, blank_node_labels(triples)))
    data = ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    reference.write_atomically(path, data)
    return data


class Release:
    """The release, prepared in child processes while this one reasons and validates, and moved into
    dist/ only if the build succeeds: nothing is written to dist/ for invalid data. The analysis
    (kg check, kg discrepancies) starts as soon as the sources are read, the graphs once the closure
    is known: with reasoning and validation here, the jobs keep both cores busy.

    The children are plain os.fork()s, taken only when this process runs no other Python thread (a
    fork can inherit a lock another thread holds) and $KG_FAST_BACKGROUND is not 0; otherwise each
    job runs here, at commit(), as kg.reference.build does."""

    def __init__(self, project: Project):
        self.project, self.jobs, self.pids = project, {}, {}
        project.dist_dir.mkdir(parents=True, exist_ok=True)
        self.directory = Path(tempfile.mkdtemp(prefix=".release-", dir=project.dist_dir))
        self.background = (hasattr(os, "fork") and os.environ.get("KG_FAST_BACKGROUND", "1") != "0")

    def start(self, job: str, write) -> None:
        """Run `write(directory)` (which returns manifest entries) in a child process, or at commit()."""
        self.jobs[job] = write
        if not (self.background and threading.active_count() == 1):
            return
        pid = os.fork()
        if pid == 0:  # the child: prepare, then leave without running the parent's exit handlers
            code = 1
            try:
                self._prepare(job)
                code = 0
            finally:
                os._exit(code)
        self.pids[job] = pid

    def _summary(self, job: str) -> Path:
        return self.directory / f"summary-{job}.json"

    def _prepare(self, job: str) -> None:
        self._summary(job).write_text(json.dumps(self.jobs[job](self.directory)), encoding="utf-8")

    def commit(self) -> list:
        """Wait for the files (or make them), move them into dist/ (each atomically), write the manifest."""
        try:
            entries = {}
            for job in self.jobs:
                pid = self.pids.pop(job, None)
                if pid is None:
                    self._prepare(job)
                else:
                    _, status = os.waitpid(pid, 0)
                    if status != 0 or not self._summary(job).is_file():
                        raise KGError(f"preparing the release ({job}) failed in a child process (status {status})")
                entries.update(json.loads(self._summary(job).read_text(encoding="utf-8")))
            dist, written = self.project.dist_dir, []
            for name in entries:
                os.replace(self.directory / name, dist / name)
                written.append(dist / name)
            manifest = {"sources": reference.source_digests(self.project), "files": entries}
            path = dist / "manifest.json"
            reference.write_atomically(path, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
            return [*written, path]
        finally:
            self.abandon()

    def abandon(self) -> None:
        for pid in self.pids.values():
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.pids.clear()
        shutil.rmtree(self.directory, ignore_errors=True)


def validate_project(project: Project) -> ValidationReport:
    """`kg validate --engine fast`: kg.reference.validate's report for the project's sources, computed in Oxigraph."""
    sources = load_sources(project)
    store = ox.Store()
    load_into(store, sources.data, DATA)
    load_into(store, sources.ontology, ONTOLOGY)
    return validate(sources, store, reference.checks(project))
