"""Where each statement of a Turtle file is written, from the parse itself: what places every validation
result in its file (kg.validation.locate), and the line and column of every syntax error.

rdflib's Turtle parser (notation3.SinkParser) reads a file by character offsets but keeps none of them.
`_Recorder` is that parser with a few of its productions wrapped: as it makes each statement it notes
where the statement was written (from its predicate, or from its object after a comma, to the end of
the object) and where each subject's description starts (its first appearance as a subject, the `[`
of a blank node property list, the `(` of a collection). Offsets are taken from the parse, so they
stay right for prefixed names, nested blank nodes, collections, multi-line literals and CRLF files.

The parser reads the file as the reference's loader gives it to rdflib (kg.core.rdflib_turtle: a gap inside a
literal moved after it, a bare number as the typed literal it is, a CR alone as LF), so that it reads
every file the loaders read; each offset is then mapped back to the text as written (`_AsWritten`).

Only the files that have findings are parsed again (`locate`): validating an archive of thousands of
files costs no second parse of the files that conform.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.namespace import RDF
from rdflib.plugins.parsers.notation3 import BadSyntax, RDFSink, SinkParser

from kg.core.bounds import LINE_BREAK, without_bom
from kg.core.errors import ParseError
from kg.core.rdflib_turtle import rdflib_tokens


@dataclass(frozen=True, order=True)
class Location:
    """Where a result points: a file (relative to the project), 1-based line and column (in code points),
    and where the statement ends (the column after its last character)."""

    file: str
    line: int
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    snippet: str = field(default="", compare=False)  # the text from start to end, as written

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column,
                "endLine": self.end_line, "endColumn": self.end_column}


@dataclass(frozen=True)
class BlankRef:
    """A blank node named by how it hangs from an IRI: the IRI, then the predicates down to it. Blank
    node labels differ from parse to parse; this does not."""

    root: object  # the IRI the chain starts from (None: a blank node no IRI points to)
    links: tuple = ()
    states: frozenset = frozenset()  # its own statements, (predicate, value) with no blank node: which it is
    # of several blank nodes the chain reaches (a figure's second evidence span, not its first)


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
    """A Turtle text as rdflib's parser is given it (`read`: kg.core.rdflib_turtle), and offsets into `read`
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
        found = parse_error(path, error)
        if found.reason.endswith(": Unexpected end"):  # the end of the file, said so here: Oxigraph 0.5 said
            # column 5 of a last line over some 8 M characters long (10 M)
            line, column = data.count(b"\n") + 1, len(data.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
            found = ParseError(path, line, column, found.reason, line, column)
        told = what_to_do(found, data.decode("utf-8", "replace"))
        return ParseError(path, found.line, found.column, f"{found.reason}: {told}", found.end_line,
                          found.end_column) if told else found
    except (OSError, ValueError):
        return None
    return None


def what_to_do(error: ParseError, text: str) -> str:
    """What a curator who is no Turtle expert mends for the commonest typos, which the parser's words do not say
    ("A dot is expected at the end of statements" for a ";" left out), told from the text; "" for another error."""
    lines = re.split(r"\r\n|\r|\n", text)
    here = lines[error.line - 1] if 0 < error.line <= len(lines) else ""
    at = here[error.column - 1:] if error.column else ""
    if at[:1] in ('"', "'") and at[:3] not in ('"""', "'''") and at[0] not in at[1:]:
        return (f"a quotation mark opened on line {error.line} is not closed there (words over several lines go "
                'between three: """...""")')
    undeclared = re.search(r"The prefix (\S*): has not been declared", error.reason)
    if undeclared:
        near = difflib.get_close_matches(undeclared.group(1), re.findall(r"(?im)^[ \t]*@?prefix[ \t]+([\w.-]*):", text), 1)
        return (f"did you mean {near[0]}:, which the file declares?" if near else
                f"declare it at the top of the file, as the others are (@prefix {undeclared.group(1)}: <IRI> .)")
    if "A dot is expected" in error.reason:
        return 'end the statement before this with "." (or with ";" where more properties of the same subject follow)'
    written = [(number, code) for number, line in enumerate(lines[:error.line - 1], 1) for code in [_code(line)] if code]
    if written and written[-1][1].endswith(";") and here[:1].strip():  # (the error's line starts a subject)
        return (f'line {written[-1][0]} ends with ";", which goes on with the same subject: end it with "." where '
                "that subject's description ends")
    return ""


def _code(line: str) -> str:
    """A line of Turtle without its comment (a "#" after white space, outside an IRI or a string, roughly)."""
    return "" if line.lstrip().startswith("#") else re.sub(r"\s#[^\"'<>]*$", "", line).strip()


def parse_error(path: Path, error: SyntaxError) -> ParseError:
    """Oxigraph's SyntaxError as the ParseError users see: file, line, column, where the faulty text ends."""
    reason = re.sub(r"^Parser error (at|between) [^:]*: ", "", error.msg or str(error))
    return ParseError(path, error.lineno or 0, error.offset, f"bad Turtle syntax: {reason}",
                      error.end_lineno, error.end_offset)
