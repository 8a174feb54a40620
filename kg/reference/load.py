"""Parse the project's Turtle sources into graphs, remembering which file each subject came from."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.core.bounds import REFUSED_IN_DATA, check_turtle, equality_refused, without_bom
from kg.core.errors import KGError, ParseError
from kg.core.namespaces import bind_prefixes
from kg.sources.positions import syntax_error
from kg.sources.project import Project
from kg.core.rdflib_turtle import as_rdflib_reads_it


def parse_turtle(path: Path, into: Graph | None = None, data_file: bool = False) -> Graph:
    """Parse one Turtle file, once its values are within bounds (kg.core.bounds; `data_file`: curated data);
    malformed input raises ParseError naming file, line and column.

    Whether the file is Turtle at all is decided by Oxigraph's parser, as the engine's loader decides it:
    rdflib's is lenient, and read what the engine refuses (`BASE oi:a`, a literal as a subject, an IRI
    whose escape makes a space or a `>`, a language tag of nine letters, `true` as a predicate), so the
    two engines built different releases from one file (tests/test_parse_parity.py)."""
    graph = into if into is not None else bind_prefixes(Graph())
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KGError(f"{path}: no such file") from None
    check_turtle(path, data, data_file)  # which refuses bytes that are not UTF-8, with line and column
    text = without_bom(data).decode("utf-8")
    refused = syntax_error(path, text)  # Oxigraph's parser decides what is Turtle, for both engines (below)
    if refused is not None:
        raise refused
    text = as_rdflib_reads_it(text)
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as error:
        line, column = _position(error._str, error._i)
        raise syntax_error(path, text) or ParseError(path, line, column, f"bad Turtle syntax: {error._why}") from None
    except Exception as error:  # rdflib raises plain exceptions for bad prefixes, IRIs, literals
        raise syntax_error(path, text) or ParseError(path, 0, None, f"cannot parse Turtle: {error}") from None
    if _UPPER_CASE_TAG.search(text):
        _lower_case_language_tags(graph)
    if "string" in text:  # (the datatype's name, however its prefix is written)
        _strings_as_simple_literals(graph)
    for iri in sorted(REFUSED_IN_DATA) if data_file else ():  # as kg.sources.load: what check_turtle could not see
        if (None, URIRef(iri), None) in graph or (None, None, URIRef(iri)) in graph:  # (an earlier file of
            # `into` that said it was refused)
            raise ParseError(path, 0, None, equality_refused(iri, hidden=True))
    return graph


_UPPER_CASE_TAG = re.compile(r"@[A-Za-z0-9-]*[A-Z]")  # or a directive in capitals, which Turtle refuses


def _lower_case_language_tags(graph: Graph) -> None:
    """Language tags in lower case, as Oxigraph reads them (they are case-insensitive; rdflib keeps them
    as written): else the engines' releases differ for "colour"@en-GB."""
    for s, p, o in [t for t in graph if isinstance(t[2], Literal) and t[2].language and not t[2].language.islower()]:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(o), lang=o.language.lower())))


def _strings_as_simple_literals(graph: Graph) -> None:
    """"x"^^xsd:string as the simple literal "x" it is (RDF 1.1: one term), as Oxigraph reads it: rdflib kept two
    terms, so the reference released both (a triple twice in its N-Triples), inferred xsd:string's
    disjointness axioms the engine did not, and found a second value of a functional property."""
    for s, p, o in [t for t in graph if isinstance(t[2], Literal) and t[2].datatype == XSD.string]:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(o))))


def _position(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


@dataclass
class Sources:
    """The project's sources as graphs: the ontology, the shapes and the merged data."""

    ontology: Graph
    shapes: Graph
    data: Graph
    files_of: dict = field(default_factory=dict)  # subject -> sorted file names that describe it
    empty: list = field(default_factory=list)  # data files that hold no triple (kg.validation.findings.empty_file_findings)

    def asserted(self) -> Graph:
        """Ontology and data together: the base release, before reasoning."""
        base = bind_prefixes(Graph())
        for graph in (self.ontology, self.data):
            for triple in graph:
                base.add(triple)
        return base


def load_sources(project: Project, data_files: list[Path] | None = None, on_file=None) -> Sources:
    """Parse ontology, shapes and every data file; `on_file(path)` reports progress."""
    files = project.data_files if data_files is None else data_files
    if not files:
        raise KGError(f"no data files in {project.root / 'data'}")
    ontology = parse_turtle(project.ontology_file)
    shapes = parse_turtle(project.required_shapes())
    data = bind_prefixes(Graph())
    files_of: dict = defaultdict(set)
    empty = []
    for path in files:
        if on_file:
            on_file(path)
        part = parse_turtle(path, data_file=True)
        if not len(part):
            empty.append(project.relative(path))
        for triple in part:
            data.add(triple)
        for subject in set(part.subjects()):
            files_of[subject].add(project.relative(path))
    return Sources(ontology, shapes, data, {s: sorted(f) for s, f in files_of.items()}, empty)

