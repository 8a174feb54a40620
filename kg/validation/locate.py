"""Where each finding is written: the file, line and column of the offending statement, or of where the
focus node's description starts when the result is about something missing, found from the parse of each
file that has findings (kg.sources.positions)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD

from kg.sources.positions import BlankRef, FilePositions, Location, parse_positions
from kg.validation.findings import ValidationReport, order

COUNTED = {"maxCount", "qualifiedMaxCount"}  # too many values: the statement that is one too many

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
        for statement_of in (offending_statement, worked_out_statement):  # (the value written, in any file, first)
            for found in files:
                for node in found.nodes(clue.focus):
                    span = statement_of(found, node, clue)
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


def worked_out_statement(found: FilePositions, node, clue) -> tuple[int, int] | None:
    """For a literal on no statement of the result's path, one a SPARQL rule or check worked out (oa:end -
    oa:start, a number in a gist, a rating's value): the path's first statement, not the focus node's
    description (a whole evidence span, from "oo:evidence [")."""
    if not clue.path or not any(isinstance(value, Literal) for value in clue.values):
        return None
    spans = [span for triple, _ in _path_statements(found.graph, node, clue.path)
             if (span := found.span_of(triple)) is not None]
    return min(spans, default=None)


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

