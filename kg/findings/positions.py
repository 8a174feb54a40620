"""Where each statement of a Turtle file is written, from the parse itself: the line and column of every
validation result.

rdflib's Turtle parser (notation3.SinkParser) reads a file by character offsets but keeps none of them.
`_Recorder` is that parser with a few of its productions wrapped: as it makes each statement it notes
where the statement was written (from its predicate, or from its object after a comma, to the end of
the object) and where each subject's description starts (its first appearance as a subject, the `[`
of a blank node property list, the `(` of a collection). Offsets are taken from the parse, so they
stay right for prefixed names, nested blank nodes, collections, multi-line literals and CRLF files.

The parser reads the file as the reference's loader gives it to rdflib (kg.rdflib_turtle: a gap inside a
literal moved after it, a bare number as the typed literal it is, a CR alone as LF), so that it reads
every file the loaders read; each offset is then mapped back to the text as written (`_AsWritten`).

Only the files that have findings are parsed again (`locate`): validating an archive of thousands of
files costs no second parse of the files that conform.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.namespace import RDF, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax, RDFSink, SinkParser

from kg.bounds import LINE_BREAK, without_bom
from kg.errors import ParseError
from kg.findings.report import BlankRef, Location, ValidationReport, order
from kg.rdflib_turtle import rdflib_tokens

COUNTED = {"maxCount", "qualifiedMaxCount"}  # too many values: the statement that is one too many


class _Sink(RDFSink):
    """rdflib's sink, telling the parser about each statement it adds (with terms as the graph holds them)."""

    def __init__(self, graph: Graph):
        super().__init__(graph)
        self.parser: _Recorder | None = None
        self.listing = False

    def makeStatement(self, quadruple, why=None):  # noqa: N802 (rdflib's name)
        super().makeStatement(quadruple, why)
        if not self.listing:
            formula, p, s, o = quadruple
            self.parser.statement_made((self.normalise(formula, s), self.normalise(formula, p),
                                        self.normalise(formula, o)))

    def newList(self, items, formula):  # noqa: N802
        self.listing = True
        try:
            head = super().newList(items, formula)
        finally:
            self.listing = False
        self.parser.list_made(head)
        return head


class _Recorder(SinkParser):
    """SinkParser that records the offsets of statements and descriptions (see the module's docstring)."""

    def __init__(self, sink: _Sink, base: str):
        super().__init__(sink, baseURI=base, turtle=True)
        sink.parser = self
        self.graph = sink.graph
        self.frames: list = []  # innermost construct being read: ["objects", spans], ["items", spans, start], ["bracket"]
        self.verb_at = -1  # where the latest predicate starts
        self.pending: list = []  # (start, end) of each statement the current property list is about to make
        self.statements: dict = defaultdict(list)  # (s, p, o) -> [(start, end), ...] in document order
        self.described: dict = {}  # subject -> (start, end) of where its description starts
        self.bracket_at = None

    # ------------------------------------------------------------ productions, wrapped

    def verb(self, argstr, i, res):
        j = super().verb(argstr, i, res)
        if j > 0:
            self.verb_at = self.skipSpace(argstr, i)
        return j

    def objectList(self, argstr, i, res):  # noqa: N802
        verb_at = self.verb_at
        self.frames.append(["objects", []])
        try:
            j = super().objectList(argstr, i, res)
        finally:
            spans = self.frames.pop()[1]
        if j >= 0:  # the first statement starts at its predicate, the others at their object
            self.pending = [(verb_at if k == 0 else start, end) for k, (start, end) in enumerate(spans)]
        return j

    def object(self, argstr, i, res):
        start = self.skipSpace(argstr, i)
        j = super().object(argstr, i, res)
        if j >= 0 and start >= 0:
            if not self.frames:  # the subject of a statement
                self.described.setdefault(self._term(res[-1]), (start, j))
            elif self.frames[-1][0] == "objects":
                self.frames[-1][1].append((start, j))
        return j

    def item(self, argstr, i, res):
        start = self.skipSpace(argstr, i)
        j = super().item(argstr, i, res)
        if j >= 0 and self.frames and self.frames[-1][0] == "items":
            self.frames[-1][1].append((start, j))
        return j

    def node(self, argstr, i, res, subjectAlready=None):  # noqa: N803
        j = self.skipSpace(argstr, i)
        opening = argstr[j] if j >= 0 else ""
        if opening not in ("[", "("):
            return super().node(argstr, i, res, subjectAlready)
        self.frames.append(["bracket"] if opening == "[" else ["items", [], j])
        if opening == "[":
            self.bracket_at = j
        try:
            return super().node(argstr, i, res, subjectAlready)
        finally:
            self.frames.pop()

    def blankNode(self, uri=None):  # noqa: N802
        node = super().blankNode(uri)
        if self.bracket_at is not None:
            self.described.setdefault(node, (self.bracket_at, self.bracket_at + 1))
            self.bracket_at = None
        return node

    # ------------------------------------------------------------ statements, from the sink

    def statement_made(self, triple) -> None:
        if self.pending:
            self.statements[triple].append(self.pending.pop(0))

    def list_made(self, head) -> None:
        """A collection's cells: each starts at its item; the head's description at the `(`."""
        frame = self.frames[-1]
        spans, cell = frame[1], head
        for index, span in enumerate(spans):
            if cell == RDF.nil or cell is None:
                break
            self.described.setdefault(cell, (frame[2], frame[2] + 1) if index == 0 else span)
            item, rest = self.graph.value(cell, RDF.first), self.graph.value(cell, RDF.rest)
            self.statements[(cell, RDF.first, item)].append(span)
            self.statements[(cell, RDF.rest, rest)].append(span)
            cell = rest

    def _term(self, raw):
        return self._store.normalise(None, raw)


class FilePositions:
    """One Turtle file parsed again, with where each statement and each description is written."""

    def __init__(self, name: str, text: str, graph: Graph, statements: dict, described: dict):
        self.name, self.text, self.graph = name, text, graph
        self.statements, self.described = statements, described
        self.line_starts = [0] + [line_break.end() for line_break in LINE_BREAK.finditer(text)]

    def location(self, span: tuple[int, int]) -> Location:
        start, end = span
        line, column = self.line_column(start)
        end_line, end_column = self.line_column(max(end, start + 1))
        return Location(self.name, line, column, end_line, end_column, self.text[start:end])

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a character offset; a line ends at CR LF, LF or CR
        alone, as the engines' parser counts lines in its errors."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def span_of(self, triple) -> tuple[int, int] | None:
        spans = self.statements.get(triple)
        return spans[0] if spans else None

    def nodes(self, ref) -> list:
        """The nodes of this file that `ref` (a term, or a BlankRef) can stand for."""
        if not isinstance(ref, BlankRef):
            return [ref]
        if ref.root is None:
            blank = [n for n in set(self.graph.subjects()) if isinstance(n, BNode)]
            current = [n for n in blank if next(self.graph.subjects(None, n), None) is None]
            if not current:  # blank nodes in a cycle: each is pointed to; ranked by what they state
                current = blank
        else:
            current = [ref.root]
        for link in ref.links:
            current = [o for n in current for o in self.graph.objects(n, link) if isinstance(o, BNode)]
        return sorted(current, key=lambda n: (-self._shared(n, ref.states), self._start(n)))

    def _shared(self, node, states: frozenset) -> int:
        """How many of a blank node's statements (`states`, as the validation read them) this node makes."""
        return sum(1 for p, o in self.graph.predicate_objects(node) if (p, o) in states)

    def _start(self, node) -> int:
        span = self.described.get(node)
        return span[0] if span else len(self.text)


def parse_positions(path: Path, name: str, data: bytes | None = None) -> FilePositions | None:
    """Parse one Turtle file (`data`: its bytes, if not on disk) with positions; None when it cannot be read
    or parsed (not ours to report here)."""
    try:
        text = (Path(path).read_bytes() if data is None else data).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    text = text.removeprefix("\ufeff")
    written = _AsWritten(text)
    graph = Graph()
    sink = _Sink(graph)
    parser = _Recorder(sink, Path(path).resolve().as_uri())
    try:
        parser.loadBuf(written.read)
    except (BadSyntax, Exception):  # noqa: BLE001 - rdflib raises plain exceptions too; the validators report them
        return None
    statements = {triple: [written.span(span) for span in spans] for triple, spans in parser.statements.items()}
    described = {node: written.span(span) for node, span in parser.described.items()}
    return FilePositions(name, text, graph, statements, described)


class _AsWritten:
    """A Turtle text as rdflib's parser is given it (`read`: kg.rdflib_turtle), and offsets into `read`
    mapped back to the text as written."""

    def __init__(self, text: str):
        self.read_at, self.written_at, self.lengths = [], [], []  # of each token: where in `read`, in the text
        read = []
        for token, start, end in rdflib_tokens(text):
            self.read_at.append(self.read_at[-1] + len(read[-1]) if read else 0)
            self.written_at.append(start)
            self.lengths.append(end - start)
            read.append(token)
        self.read = "".join(read)
        self.same = self.read == text  # (most files: nothing to map)

    def span(self, span: tuple[int, int]) -> tuple[int, int]:
        """A (start, end) span of `read` as the span of the text as written: from where the token that
        starts it is written to where the token that ends it ends (a literal with a gap moved out of it
        spans the gap again)."""
        if self.same:
            return span
        start, end = span
        return self._written(start, start), self._written(end, max(start, end - 1))

    def _written(self, offset: int, inside: int) -> int:
        """`offset`, as an offset of the token of `read` that holds `inside`."""
        index = bisect.bisect_right(self.read_at, inside) - 1
        return self.written_at[index] + min(offset - self.read_at[index], self.lengths[index])


def syntax_error(path: Path, text: str | None = None) -> ParseError | None:
    """The first syntax error of a Turtle file where Oxigraph's parser (W3C-conformant, stricter than
    rdflib's: it refuses IRIs with spaces) finds it: line, column and where the faulty text ends;
    None when the file parses."""
    try:
        data = without_bom(Path(path).read_bytes()) if text is None else text.removeprefix("\ufeff").encode("utf-8")
        for _ in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri()):
            pass
    except SyntaxError as error:
        return parse_error(path, error)
    except (OSError, ValueError):
        return None
    return None


def parse_error(path: Path, error: SyntaxError) -> ParseError:
    """Oxigraph's SyntaxError as the ParseError users see: file, line, column, where the faulty text ends."""
    reason = re.sub(r"^Parser error (at|between) [^:]*: ", "", error.msg or str(error))
    return ParseError(path, error.lineno or 0, error.offset, f"bad Turtle syntax: {reason}",
                      error.end_lineno, error.end_offset)


# ------------------------------------------------------------------ findings located

def locate(findings: list, root: Path, unwritten: dict | None = None) -> list:
    """The findings with their locations: file, line and column of the offending statement, or of
    where the focus node's description starts when the result is about something missing.

    Each file with findings is parsed once more (with positions); files without findings are not.
    `unwritten`: path -> bytes of files not on disk yet (a draft).
    """
    parsed: dict = {}

    def positions(name: str) -> FilePositions | None:
        if name not in parsed:
            path = Path(name) if Path(name).is_absolute() else Path(root) / name
            parsed[name] = parse_positions(path, name, (unwritten or {}).get(path))
        return parsed[name]

    return [replace(f, location=where(f, positions)) if f.clue is not None and f.location is None else f
            for f in findings]


def located(report: ValidationReport, root: Path, unwritten: dict | None = None) -> ValidationReport:
    """The report with every finding located, in file, line and column order."""
    return ValidationReport(order(locate(report.findings, root, unwritten)), report.results_graph)


def where(finding, positions) -> Location | None:
    clue = finding.clue
    files = [found for name in _files_first_typed(finding, clue, positions) if (found := positions(name)) is not None]
    if not clue.missing and clue.component in COUNTED:  # one value too many: the last statement read,
        files = [found for name in reversed(finding.files) if (found := positions(name)) is not None]  # last file first
    if not clue.missing:
        for found in files:
            for node in found.nodes(clue.focus):
                span = offending_statement(found, node, clue)
                if span is not None:
                    return found.location(span)
    for found in files:
        node = _best_missing(found, found.nodes(clue.focus), clue)
        span = description(found, node) if node is not None else None
        if span is not None:
            return found.location(span)
    return None


def _files_first_typed(finding, clue, positions) -> list:
    """The focus node's files, the one that gives its type (where its description proper starts) first."""
    names = list(finding.files)
    if len(names) < 2 or isinstance(clue.focus, BlankRef):
        return names

    def typed(name: str) -> bool:
        found = positions(name)
        return found is not None and (clue.focus, RDF.type, None) in found.graph

    return sorted(names, key=lambda name: not typed(name))


def offending_statement(found: FilePositions, node, clue) -> tuple[int, int] | None:
    """The span of the statement the result is about: the value on the result's path, or (no path)
    any statement linking the focus node and a value (the same value: "x"^^xsd:string is "x", a language
    tag in any case); for too many values, the last of them."""
    graph = found.graph
    if clue.path:
        statements = _path_statements(graph, node, clue.path)
        if clue.values:
            for value in clue.values:  # (the very term first: "01" and "1" are the same value, written apart)
                for triple, far in sorted(statements, key=lambda statement: statement[1] != value):
                    if _same(far, value):
                        span = found.span_of(triple)
                        if span is not None:
                            return span
        elif clue.component in COUNTED and statements:
            spans = [s for s in (found.span_of(t) for t, _ in statements) if s is not None]
            return max(spans) if spans else None
        return None
    linked = [(t, t[2]) for t in graph.triples((node, None, None))] + [(t, t[0]) for t in graph.triples((None, None, node))]
    for value in clue.values:
        if value == clue.focus or isinstance(value, BlankRef):
            continue
        spans = [(far != value, span) for triple, far in linked  # the very term first, as on a path
                 if _same(far, value) and (span := found.span_of(triple)) is not None]
        if spans:
            return min(spans)[1]  # the first statement, in the order written, that links them
    return None


def _path_statements(graph: Graph, node, path: tuple) -> list:
    """The statements of the path's last step reached from `node`: [(triple, the node at the far end)]."""
    frontier, statements = [node], []
    for predicate, inverse in path:
        statements = []
        for here in frontier:
            if inverse:
                statements += [((s, predicate, here), s) for s in graph.subjects(predicate, here)]
            else:
                statements += [((here, predicate, o), o) for o in graph.objects(here, predicate)]
        frontier = [far for _, far in statements]
    return statements


def _same(term, value) -> bool:
    if isinstance(value, BlankRef):
        return isinstance(term, BNode)
    return term == value or (hasattr(term, "eq") and type(term) is type(value) and _equal_literals(term, value))


def _equal_literals(a, b) -> bool:
    try:
        return _datatype(a) == _datatype(b) and a.language == b.language and a.eq(b)
    except (TypeError, AttributeError):
        return False


def _datatype(literal):
    """A literal's datatype, xsd:string for a plain one: "x"^^xsd:string is "x" (RDF 1.1), as the engine
    names it in its results, while the file's parse keeps the datatype written."""
    return literal.datatype or (None if literal.language else XSD.string)


def _best_missing(found: FilePositions, candidates: list, clue):
    """Among candidate blank nodes, the one the result is about: the one lacking the path's first step."""
    if not candidates:
        return None
    if clue.missing and clue.path and len(candidates) > 1:
        predicate, inverse = clue.path[0]
        for node in candidates:
            pattern = (None, predicate, node) if inverse else (node, predicate, None)
            if pattern not in found.graph:
                return node
    return candidates[0]


def description(found: FilePositions, node) -> tuple[int, int] | None:
    """Where a node's description starts; a blank node (or a node described nowhere) is found through
    the statement that holds it."""
    if isinstance(node, BNode) or node not in found.described:
        for s, p in found.graph.subject_predicates(node):
            span = found.span_of((s, p, node))
            if span is not None:
                return span
    return found.described.get(node)

