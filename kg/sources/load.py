"""Parse the project's Turtle sources with pyoxigraph, into N-Triples string triples.

Terms are kept as the N-Triples strings pyoxigraph writes (`<iri>`, `_:id`, `"lexical"^^<datatype>`):
compact, hashable, ready to write and cheap to compare. Each data file's subjects are remembered, so that
a validation finding can name the file to fix. Malformed input raises ParseError with file, line and column.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.core.bounds import REFUSED_TERMS, check_turtle, equality_refused, without_bom
from kg.core.errors import KGError, ParseError
from kg.sources.positions import syntax_error
from kg.sources.cache import Cache
from kg.core.children import die_with, fork, may_fork, stop
from kg.sources.project import Project
from kg.core.terms import graph_of
from kg.core.triples import TripleIndex


_POSITION = re.compile(r"^Parser error (?:at|between) [^:]*: ")


def read_triples(path: Path, terms: dict | None = None, data: bytes | None = None, data_file: bool = False,
                 prefixes: dict | None = None) -> list:
    """The triples of one Turtle file (`data`: its bytes, already read) as N-Triples string triples, once
    its values are within bounds (kg.core.bounds; `data_file`: curated data). `terms`: a dict shared across
    files in which equal terms share one string object (a million triples name a few hundred thousand terms).
    `prefixes`: a dict that receives the prefixes the file declares."""
    path = Path(path)
    same = (terms if terms is not None else {}).setdefault
    triples = []
    try:
        data = path.read_bytes() if data is None else data
    except FileNotFoundError:
        raise KGError(f"{path}: no such file") from None
    check_turtle(path, data, data_file)
    try:
        parser = ox.parse(without_bom(data), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                          rename_blank_nodes=True)
        for triple in parser:
            s, p, o = str(triple.subject), str(triple.predicate), str(triple.object)  # (a literal as written)
            if data_file and (p in REFUSED_TERMS or o in REFUSED_TERMS):  # written so that check_turtle did not
                # see it (an escape, a relative IRI, a prefix that ends inside the name): the parsed terms tell
                raise ParseError(path, 0, None, equality_refused((p if p in REFUSED_TERMS else o)[1:-1], hidden=True))
            triples.append((same(s, s), same(p, p), same(o, o)))
        if prefixes is not None:
            prefixes.update(parser.prefixes)
    except SyntaxError as error:
        reason = f"bad Turtle syntax: {_POSITION.sub('', error.msg)}"
        raise syntax_error(path) or ParseError(path, error.lineno or 0, error.offset, reason) from None
    except (ValueError, OSError) as error:
        raise ParseError(path, 0, None, f"cannot parse Turtle: {error}") from None
    return triples


@dataclass
class Sources:
    """Ontology and data as sets of N-Triples string triples; shapes as rdflib (they are small)."""

    ontology: set
    data: set
    shapes: Graph
    files: list = field(default_factory=list)  # data file names, relative to the project
    subject_files: dict = field(default_factory=dict)  # subject -> file index, or tuple of indices
    digests: dict = field(default_factory=dict)  # source file name -> SHA-256 of its bytes (the manifest's)
    reused: int = 0  # data files read from the cache (kg.sources.cache), not parsed
    parts: dict | None = None  # data file name -> its triples in file order, when asked for (load_sources)
    empty: list = field(default_factory=list)  # data files that hold no triple (kg.validation.findings.empty_file_findings)

    def files_of_subject(self, subject: str) -> tuple:
        found = self.subject_files.get(subject)
        if found is None:
            return ()
        return tuple(sorted(self.files[i] for i in (found if isinstance(found, tuple) else (found,))))

    def add_data(self, name: str, part: list) -> None:
        """One data file's triples, its subjects remembered as its (and its triples as the file's, if kept)."""
        index, where = len(self.files), self.subject_files
        if not part:
            self.empty.append(name)
        self.data.update(part)
        self.files.append(name)
        if self.parts is not None:
            self.parts[name] = part
        for subject in {s for s, _, _ in part}:
            seen = where.get(subject)
            where[subject] = index if seen is None else (*(seen if isinstance(seen, tuple) else (seen,)), index)

    def with_data(self, names, more: dict) -> "Sources":
        """These sources with only the data files `names` of `parts`, and `more` (name -> triples) besides:
        what a validation of some files reads, without reading them again."""
        chosen = Sources(self.ontology, set(), self.shapes)
        for name in names:
            chosen.add_data(name, self.parts[name])
        for name, part in more.items():
            chosen.add_data(name, part)
        return chosen


def read_graph(path: Path, into: Graph | None = None) -> Graph:
    """One Turtle file as an rdflib Graph (`into`, if given), the prefixes it declares bound as rdflib's
    parser binds them (pyLODE names the ontology's terms by them): the shapes, for the rules' reach and
    catalogue; the ontology, for its pages. Malformed input raises ParseError naming file, line and column."""
    declared: dict = {}
    triples = read_triples(path, prefixes=declared)
    graph = into if into is not None else Graph()
    for prefix, namespace in declared.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph_of(triples, graph)


_SHAPES: dict = {}  # SHA-256 of a shapes file -> its rdflib graph, for this process


def _shapes_graph(digest: str, triples) -> Graph:
    """The shapes as an rdflib graph, made once a process for the same file (0.15 s each time: a server
    or a test session validates again and again with the same shapes). Nothing changes the graph."""
    found = _SHAPES.get(digest)
    if found is None:
        if len(_SHAPES) >= 4:
            del _SHAPES[next(iter(_SHAPES))]
        found = _SHAPES[digest] = graph_of(triples)
    return found


def load_sources(project: Project, cache: Cache | None = None, unwritten: dict | None = None,
                 parts: bool = False, digests: dict | None = None) -> Sources:
    """Parse the ontology, the shapes and every data file (a data file `cache` holds is read from it).
    `unwritten`: path -> bytes of data files the project lists but are not on disk yet (a draft).
    `parts`: keep each data file's triples apart too (Sources.parts), and take a project with no data file.
    `digests`: source_digests the caller already took (kg build's key): a file the cache holds is then not
    read again; one to parse is, and its digest is of the bytes parsed."""
    if not project.data_files and not parts:
        raise KGError(f"no data files in {project.root / 'data'}")
    terms: dict = {}
    sources = Sources(set(), set(), Graph(), parts={} if parts else None)
    same = terms.setdefault
    files, todo = [], []  # (path, name, cache key, cached triples or None); to parse: (path, bytes, data file?)
    unwritten = unwritten or {}
    paths = project.source_files  # those on disk; then those not written yet
    for path in paths + [path for path in project.data_files if path in unwritten and path not in paths]:
        name = project.relative(path)
        data = unwritten.get(path)
        digest = (digests or {}).get(name) if data is None else None
        if digest is None:
            data = path.read_bytes() if data is None else data
            digest = hashlib.sha256(data).hexdigest()
        key = cache and cache.key(name, digest)  # relative IRIs resolve against the file's name
        cached = cache.get("parse", key) if cache is not None else None
        if not isinstance(cached, list):
            cached = None
            if data is None:  # (changed since `digests` were taken: the digest of what is parsed)
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                key = cache and cache.key(name, digest)
            todo.append((path, data, path not in (project.ontology_file, project.shapes_file)))
        sources.digests[name] = digest
        files.append((path, name, key, cached))
    parsed = iter(read_files(todo, terms))
    for path, name, key, cached in files:
        if cached is not None:
            part = [(same(s, s), same(p, p), same(o, o)) for s, p, o in cached]
        else:
            part = next(parsed)
            if cache is not None:
                cache.put("parse", key, part)
        if path == project.ontology_file:
            sources.ontology.update(labelled_in_order(part))  # (the parse's order, kept by the cache's entry too)
        elif path == project.shapes_file:
            sources.shapes = _shapes_graph(sources.digests[name], part)
        else:
            sources.reused += cached is not None
            sources.add_data(name, part)
    return sources


def labelled_in_order(triples: list) -> list:
    """`triples` with their blank nodes named by the order each first appears in (_:ontology1, ...), not
    anew at each parse as the parser names them: the ontology's, so that what is worked out from it alone
    (its closure, kg.build.reason.cached_schema) is keyed alike for every parse of the same bytes, and found
    in the user's cache from a fresh clone (kg.sources.cache.SHARED). The data's blank nodes keep the
    parser's names, which no label written in a file can take."""
    names: dict = {}

    def named(term: str) -> str:
        return names.setdefault(term, f"_:ontology{len(names) + 1}") if term.startswith("_:") else term
    return [(named(s), p, named(o)) for s, p, o in triples]


def asserted_index(project: Project, cache: Cache | None = None) -> TripleIndex:
    """The ontology and data as kg build's analysis reads them (kg check, kg discrepancies, kg timeline):
    an rdflib Graph of a million triples takes 31 s to make, and the analysis over it took 7 minutes
    where over this index it takes 20 s."""
    sources = load_sources(project, cache)
    return TripleIndex(sources.ontology | sources.data)


PARALLEL_BYTES = 4 << 20  # below this much Turtle, one process parses it sooner than two start


def read_files(files: list, terms: dict) -> list:
    """read_triples of each (path, bytes, data file?), in order. Past PARALLEL_BYTES, where a fork is
    allowed (kg.core.children), a child process parses the second half meanwhile and hands its triples
    back as one marshal (a million triples: 6.3 s to parse in one process, 4 s in two, measured). A
    malformed file raises what read_triples raises, the first in file order, as parsed in one process."""
    total = sum(len(data) for _, data, _ in files)
    if total < PARALLEL_BYTES or not may_fork():
        return [read_triples(path, terms, data, data_file) for path, data, data_file in files]
    half, size = 0, 0
    while size < total // 2:
        size += len(files[half][1])
        half += 1
    reading, writing = os.pipe()
    parent = os.getpid()
    pid = fork()
    if pid == 0:  # the child: its half's triples, up to its first malformed file if any
        code = 1
        try:
            die_with(parent)
            os.close(reading)
            found = []
            for path, data, data_file in files[half:]:
                try:
                    part = read_triples(path, None, data, data_file)
                except KGError:
                    break
                found.append([(_apart(s), p, _apart(o)) for s, p, o in part])
            with os.fdopen(writing, "wb") as out:
                marshal.dump(found, out)
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    try:
        first = [read_triples(path, terms, data, data_file) for path, data, data_file in files[:half]]
        with os.fdopen(reading, "rb") as pipe:
            handed = pipe.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:
        stop(pid)
        raise
    try:
        handed = marshal.loads(handed) if status == 0 else []
    except (EOFError, ValueError, TypeError):  # cut short: as if the child had failed
        handed = []
    same = terms.setdefault
    second = [[(same(s, s), same(p, p), same(o, o)) for s, p, o in part] for part in handed]
    # the rest, here: the malformed file (which raises its error), or all of them if the child failed
    rest = [read_triples(path, terms, data, data_file) for path, data, data_file in files[half + len(second):]]
    return first + second + rest


def _apart(term: str) -> str:
    """A blank node of the child's half, labelled apart from the parent's (their labels are random, but a
    forked random generator may repeat the parent's)."""
    return f"_:k{term[2:]}" if term[0] == "_" else term
