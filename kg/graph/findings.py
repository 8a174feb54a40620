"""Validation results in the terms a curator needs: what is wrong, on which node, by which rule, in which file.

Both validators (kg.graph.shacl, the engine; kg.reference.validate, pySHACL) report SHACL results as
sh:ValidationResult nodes; this module turns them, and the rows of the no-row checks in
queries/checks/, into the same Findings, so that the two can be compared and every output format is
written once.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import RDF

from kg.namespaces import SH, bind_prefixes


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


def shacl_finding(results: Graph, result, names: "Namer") -> Finding:
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


class Namer:
    """Compact names for terms (prefixed names; a blank node by the node that points to it)."""

    def __init__(self, sources):
        """`sources`: anything with `data` (subjects(), predicates()), `shapes` and `files_of` (subject -> file names)."""
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


def shacl_findings(results: Graph, names: Namer) -> list:
    return [shacl_finding(results, result, names) for result in results.subjects(RDF.type, SH.ValidationResult)]


def check_finding(check, row: list, names: Namer) -> Finding:
    """A row of a no-row check (queries/checks/*.rq): its first column is the focus node."""
    focus = row[0] if len(row) else None
    return Finding("Violation", names(focus), "", check.summary or check.name, check.name,
                   " ".join(names(v) for v in row[1:] if v is not None), names.files(focus))
