"""SHACL validation (pySHACL) of the merged graph, plus SPARQL checks that must return no rows."""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import pyshacl
from rdflib import BNode, Graph
from rdflib.namespace import RDF

from kg.reference.load import Sources
from kg.namespaces import SH, bind_prefixes


def shacl(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph, str]:
    """Validate `data` against `shapes`, with the ontology mixed in for class hierarchy.

    One merged graph, never a Dataset: pySHACL validates named graphs separately, which would break
    links across report files. No inference here; the reasoner runs apart (kg.reference.reason).
    """
    with _queries_parsed_once():
        return pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            advanced=True,
            allow_warnings=True,
        )


@contextmanager
def _queries_parsed_once():
    """Parse each SPARQL constraint once, not once per focus node.

    pySHACL runs a SPARQL-based constraint as query text for every focus node, and rdflib parses
    the text each time: most of validation's time. A translated query is reusable (it is what
    rdflib's prepareQuery returns), so within validation we cache text -> translated query.
    """
    from rdflib.plugins.sparql import processor

    parse, translate = processor.parseQuery, processor.translateQuery

    @lru_cache(maxsize=1024)
    def translated(text, base, namespaces):
        return translate(parse(text), base, dict(namespaces) if namespaces is not None else None)

    processor.parseQuery = lambda text: text
    processor.translateQuery = lambda text, base=None, initNs=None: translated(
        text, base, tuple(sorted(initNs.items())) if initNs else None)
    try:
        yield
    finally:
        processor.parseQuery, processor.translateQuery = parse, translate


@dataclass(frozen=True)
class Finding:
    """One validation result, in the terms a curator needs to find and fix it."""

    severity: str  # Violation, Warning, Info
    focus: str
    path: str
    message: str
    rule: str  # the SHACL source shape or the check's name
    value: str = ""
    files: tuple = ()

    def __str__(self) -> str:
        where = ", ".join(self.files) or "?"
        lines = [f"{self.severity}: {self.focus}  [{where}]", f"  rule:    {self.rule}"]
        if self.path:
            lines.append(f"  path:    {self.path}")
        if self.value:
            lines.append(f"  value:   {self.value}")
        lines.append(f"  message: {self.message}")
        return "\n".join(lines)


@dataclass
class ValidationReport:
    findings: list = field(default_factory=list)
    results_graph: Graph = field(default_factory=Graph)

    @property
    def violations(self) -> list:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        counts = {s: sum(f.severity == s for f in self.findings) for s in ("Violation", "Warning", "Info")}
        head = "Conforms" if self.conforms else "Does not conform"
        summary = f"{head}: {counts['Violation']} violation(s), {counts['Warning']} warning(s)"
        return "\n\n".join([str(f) for f in self.findings] + [summary])

    def json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "results": [asdict(f) for f in self.findings]},
            indent=2, ensure_ascii=False,
        )

    def turtle(self) -> str:
        return bind_prefixes(self.results_graph).serialize(format="turtle")


def validate(sources: Sources, checks=()) -> ValidationReport:
    """SHACL over ontology + data, then each check query (a violation per row it returns)."""
    conforms, results, _ = shacl(sources.data, sources.shapes, sources.ontology)
    names = _Namer(sources)
    findings = [_finding(results, r, names) for r in results.subjects(RDF.type, SH.ValidationResult)]
    for check in checks:
        for row in check.run(sources.asserted()):
            focus = row[0] if len(row) else None
            findings.append(Finding(
                "Violation", names(focus), "", check.summary or check.name, check.name,
                " ".join(names(v) for v in row[1:] if v is not None), names.files(focus),
            ))
    findings.sort(key=lambda f: (f.severity != "Violation", f.files, f.focus, f.rule, f.path))
    return ValidationReport(findings, results)


def _finding(results: Graph, result, names: "_Namer") -> Finding:
    value = lambda p: results.value(result, p)  # noqa: E731
    focus = value(SH.focusNode)
    shape = value(SH.sourceShape)
    rule = names(shape) if not isinstance(shape, BNode) else names.shape(shape)
    return Finding(
        severity=names(value(SH.resultSeverity)).removeprefix("sh:"),
        focus=names(focus),
        path=names.path(results, value(SH.resultPath)),
        message=str(value(SH.resultMessage) or ""),
        rule=rule,
        value=names(value(SH.value)),
        files=names.files(focus),
    )


class _Namer:
    """Compact names for terms (prefixed names; a blank node by the node that points to it)."""

    def __init__(self, sources: Sources):
        self.graph = bind_prefixes(Graph())
        self.sources = sources
        self.data = sources.data

    def __call__(self, term) -> str:
        if term is None:
            return ""
        if isinstance(term, BNode):
            owner = self._owner(term)
            if owner is not None:
                link = next(self.data.predicates(owner, term), None)
                return f"{self(owner)} / {self(link)} [blank node]"
            return "[blank node]"
        try:
            return term.n3(self.graph.namespace_manager)
        except Exception:
            return str(term)

    def shape(self, shape) -> str:
        """A property shape or SPARQL constraint is a blank node: name it by its node shape."""
        shapes = self.sources.shapes
        for link in (SH.property, SH.sparql):
            for parent in shapes.subjects(link, shape):
                return self(parent) + (f" ({shapes.value(shape, SH.path).n3(self.graph.namespace_manager)})"
                                       if link == SH.property and not isinstance(shapes.value(shape, SH.path), BNode) else "")
        return self(shape)

    def path(self, results: Graph, path) -> str:
        """A SHACL property path in SPARQL syntax (^inverse, sequences as a/b)."""
        if path is None or not isinstance(path, BNode):
            return self(path)
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + self.path(results, inverse)
        from rdflib.collection import Collection

        try:
            return "/".join(self.path(results, step) for step in Collection(results, path))
        except Exception:
            return "[path]"

    def _owner(self, node):
        return next(self.data.subjects(None, node), None)

    def files(self, term) -> tuple:
        if term is None:
            return ()
        if isinstance(term, BNode):
            owner = self._owner(term)
            term = owner if owner is not None else term
        return tuple(self.sources.files_of.get(term, ()))
