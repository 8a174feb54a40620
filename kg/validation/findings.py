"""Validation results in the terms a curator needs: what is wrong, on which node, by which rule, in which file,
at which line and column.

Both validators (kg.validation.shacl, the engine; kg.reference.validate, pySHACL) report SHACL results as
sh:ValidationResult nodes; this module turns them, and the rows of the no-row checks in
queries/checks/, into the same Findings, so that the two can be compared and every output format is
written once. Each Finding keeps a Clue (the terms it is about) from which kg.validation.locate finds
where the offending statement is written; kg.validation.formats writes the CI formats.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD

from kg.core.datatypes import not_a_figure, why_ill_typed, written_as_answered
from kg.core.errors import printable
from kg.sources.project import relative_name
from kg.core.serialize import relabel, stable_blank_node_labels
from kg.core.namespaces import SH, bind_prefixes
from kg.sources.positions import BlankRef, Location

EARL = Namespace("http://www.w3.org/ns/earl#")  # W3C Evaluation and Report Language: earl:pointer
PTR = Namespace("http://www.w3.org/2009/pointers#")  # W3C Pointer Methods in RDF: line and character pointers
MISSING = {"minCount", "qualifiedMinCount", "hasValue"}  # components whose result is about an absent value
SYNTAX_RULE = "turtle-syntax"
EMPTY_FILE_RULE = "empty-file"
EMPTY_FILE_SUMMARY = ("Every data file describes something: a file that holds no triple (empty, or only prefixes "
                      "and comments) is an accident until its curator deletes it.")


@dataclass(frozen=True)
class Clue:
    """The terms a result is about, for finding where it is written (kg.validation.locate)."""

    focus: object  # a term, or a BlankRef
    path: tuple = ()  # ((predicate, inverse?), ...): the result's path, step by step
    values: tuple = ()  # the values the result names (terms or BlankRefs)
    component: str = ""  # the SHACL parameter of the result's constraint component ("minCount"), "" for a check

    @property
    def missing(self) -> bool:
        return self.component in MISSING


@dataclass(frozen=True)
class Finding:
    """One validation result, in the terms a curator needs to find and fix it."""

    severity: str  # Violation, Warning, Info; Error for a file that cannot be parsed
    focus: str
    path: str
    message: str
    rule: str  # the SHACL source shape or the check's name
    value: str = ""
    files: tuple = ()
    location: Location | None = None
    clue: Clue | None = field(default=None, compare=False, repr=False)
    constraint: str = ""  # the SHACL Core parameter the result comes from ("sh:datatype"); "" for SPARQL and checks

    def __post_init__(self):
        """A message and a value one line each, in every format: a quote written over two lines put its line
        break into the message, which split the text format's finding and cut SARIF readers' summaries."""
        object.__setattr__(self, "message", printable(self.message, unseen=True))
        object.__setattr__(self, "value", printable(self.value, unseen=True))

    def __str__(self) -> str:
        """The text format's finding; a file name's line break, terminal escape or direction override shown
        escaped (a data file named with a line break split its finding over two lines; one named with U+202E
        showed its name, and what followed it on the line, backwards)."""
        if self.severity == "Error":
            return printable(f"{self.location or (self.files[0] if self.files else '?')}: {self.message}", unseen=True)
        where = printable(", ".join(self.files) or "?", unseen=True)
        lines = [f"{self.severity}: {self.focus}  [{where}]"]
        if self.location:
            lines.append(f"  at:      {printable(str(self.location), unseen=True)}")
        lines.append(f"  rule:    {self.rule}" + (f", {self.constraint}" if self.constraint else ""))
        if self.path:
            lines.append(f"  path:    {self.path}")
        elif self.constraint:  # a SHACL Core constraint of a node shape: its value is the focus node
            lines.append("  path:    none: the rule is about the node itself")
        if self.value:
            lines.append(f"  value:   {self.value}")
        lines.append(f"  message: {self.message}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"severity": self.severity, "focus": self.focus, "path": self.path, "message": self.message,
                "rule": self.rule, **({"constraint": self.constraint} if self.constraint else {}),
                "value": self.value, "files": list(self.files),
                "location": self.location.as_dict() if self.location else None}


def syntax_finding(error, root: Path | None = None) -> Finding:
    """A file that cannot be parsed (a kg.core.errors.ParseError), as a finding every format can show."""
    name = relative_name(error.path, root) if root is not None else str(error.path)
    location = Location(name, error.line, error.column, error.end_line, error.end_column) if error.line else None
    return Finding("Error", "", "", error.reason, SYNTAX_RULE, "", (name,), location)


def empty_file_findings(names) -> list:
    """A violation for each data file that parsed but holds no triple (`names`, relative to the project): an
    editor that truncated a report's file, or a file started and never filled, would otherwise build without a
    word and release the graph without that report. Its focus is the file: no node is there to name."""
    return [Finding("Violation", f"the file {name}", "", f"{name} holds no triple (it is empty, or only prefixes and comments): "
                    f"restore its content (git checkout -- {name}) or delete the file if no report belongs there",
                    EMPTY_FILE_RULE, "", (name,), Location(name, 1, 1)) for name in sorted(names)]


def order(findings: list) -> list:
    """Errors first, then violations, warnings and notes, each by file, line and column."""
    rank = {"Error": 0, "Violation": 1, "Warning": 2, "Info": 3}

    def key(f: Finding):
        at = f.location
        where = (at.file, at.line, at.column or 0) if at else (f.files[0] if f.files else "", 0, 0)
        return rank.get(f.severity, 4), where, f.files, f.focus, f.rule, f.path, f.message, f.value

    return sorted(findings, key=key)


@dataclass
class ValidationReport:
    findings: list = field(default_factory=list)
    results_graph: Graph = field(default_factory=Graph)

    @property
    def violations(self) -> list:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def errors(self) -> list:
        """Files that could not be parsed: nothing was validated."""
        return [f for f in self.findings if f.severity == "Error"]

    @property
    def conforms(self) -> bool:
        return not self.violations and not self.errors

    @property
    def exit_code(self) -> int:
        """0 conforms, 1 violations, 2 errors (pySHACL's codes)."""
        return 2 if self.errors else 1 if self.violations else 0

    def summary(self) -> str:
        if self.errors:
            return (f"Not validated: {len(self.errors)} file(s) cannot be parsed, so no file was validated (the rules "
                    f"read every file together): mend {'it' if len(self.errors) == 1 else 'them'} and validate again")
        counts = {s: sum(f.severity == s for f in self.findings) for s in ("Violation", "Warning", "Info")}
        head = "Conforms" if self.conforms else "Does not conform"
        return f"{head}: {counts['Violation']} violation(s), {counts['Warning']} warning(s)"

    def text(self) -> str:
        return "\n\n".join([str(f) for f in self.findings] + [self.summary()])

    def json(self) -> str:
        return json.dumps({"conforms": self.conforms, "results": [f.as_dict() for f in self.findings]},
                          indent=2, ensure_ascii=False)

    def turtle(self, root: Path | None = None) -> str:
        """A standard sh:ValidationReport with every finding (the checks' rows and unparsable files too),
        each result with an earl:pointer to where it is written (W3C Pointer Methods in RDF: line and
        character pointers into the file, relative to `root`)."""
        graph = bind_prefixes(Graph())
        for s, p, o in self.results_graph:
            graph.add((s, p, plain_string(o)))
        graph.bind("earl", EARL)
        graph.bind("ptr", PTR)
        base = (Path(root).resolve().as_uri() + "/") if root is not None else None
        report = next(graph.subjects(RDF.type, SH.ValidationReport), None) or BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.set((report, SH.conforms, Literal(self.conforms)))
        for f in self.findings:
            result = getattr(f.clue, "result", None)
            if result is None or (result, RDF.type, SH.ValidationResult) not in graph:
                result = _result_node(graph, f, base)
            graph.add((report, SH.result, result))
            if f.location is not None:
                graph.add((result, EARL.pointer, _pointer(graph, f.location, base)))
        graph = relabel(graph, stable_blank_node_labels(graph))  # the same findings, the same bytes
        text = graph.serialize(format="kg-turtle", base=base)  # (kg.core.serialize: each literal as written)
        # file IRIs below the project relative to @base, as a person reads them (rdflib keeps them absolute)
        return text.replace(f"<{base}", "<").replace("@base <>", f"@base <{base}>") if base else text


def _result_node(graph: Graph, finding: Finding, base: str | None):
    """A check's row, or a file that cannot be parsed, as an sh:ValidationResult."""
    result = BNode()
    graph.add((result, RDF.type, SH.ValidationResult))
    graph.add((result, SH.resultSeverity, SH[finding.severity if finding.severity != "Error" else "Violation"]))
    graph.add((result, SH.resultMessage, Literal(finding.message)))
    focus = finding.clue.focus if finding.clue is not None else None
    if finding.severity == "Error":
        focus = URIRef((base or "") + quote(finding.files[0])) if finding.files else None
    else:
        graph.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        graph.add((result, SH.sourceConstraint, Literal(finding.rule)))
        for value in finding.clue.values if finding.clue is not None else ():
            if not isinstance(value, BlankRef):
                graph.add((result, SH.value, plain_string(value)))
        if finding.clue is not None and finding.clue.path:  # (the text, JSON and SARIF name it: so does this)
            graph.add((result, SH.resultPath, _path_node(graph, finding.clue.path)))
    if focus is not None and not isinstance(focus, BlankRef):
        graph.add((result, SH.focusNode, focus))
    return result


def _path_node(graph: Graph, steps: tuple):
    """A Clue's path ((predicate, inverse?), ...) as a SHACL path: an IRI, [ sh:inversePath p ], or a list."""
    nodes = []
    for predicate, inverse in steps:
        node = predicate
        if inverse:
            node = BNode()
            graph.add((node, SH.inversePath, predicate))
        nodes.append(node)
    if len(nodes) == 1:
        return nodes[0]
    head = BNode()
    Collection(graph, head, nodes)
    return head


def _pointer(graph: Graph, location: Location, base: str | None):
    document = URIRef((base or "") + quote(location.file))  # a name with a space is still an IRI
    pointer = BNode()
    graph.add((pointer, RDF.type, PTR.StartEndPointer))
    for link, line, column in ((PTR.startPointer, location.line, location.column),
                               (PTR.endPointer, location.end_line, location.end_column)):
        if line is None:
            continue
        end = BNode()
        graph.add((pointer, link, end))
        graph.add((end, RDF.type, PTR.LineCharPointer))
        graph.add((end, PTR.reference, document))
        graph.add((end, PTR.lineNumber, Literal(line, datatype=XSD.positiveInteger)))
        if column:
            graph.add((end, PTR.charNumber, Literal(column, datatype=XSD.positiveInteger)))
    return pointer


def plain_string(term):
    """"x"^^xsd:string as "x": one term (RDF 1.1), which pySHACL's results write as read and Oxigraph's always
    as "x"; both engines' reports name it "x", as the release writes it (the location's snippet shows
    the statement as written)."""
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term


def shacl_finding(results: Graph, result, names: "Namer") -> Finding:
    value = lambda p: results.value(result, p)  # noqa: E731
    focus = value(SH.focusNode)
    shape = value(SH.sourceShape)
    rule = names(shape) if not isinstance(shape, BNode) else names.shape(shape)
    component = value(SH.sourceConstraintComponent)
    found = value(SH.value)
    clue = ResultClue(names.ref(focus), _steps(results, value(SH.resultPath)),
                      () if found is None else (names.ref(found),), _parameter(component), result)
    return Finding(
        severity=names(value(SH.resultSeverity)).removeprefix("sh:"),
        focus=names(focus),
        path=names.path(results, value(SH.resultPath)),
        message=names.text(str(value(SH.resultMessage) or "")) or _no_message(names(found), _parameter(component)),
        rule=rule,
        value=names(found),
        files=names.files(focus),
        clue=clue,
        # which of a shape's constraints: three sharing one sh:message were three findings alike, word for word
        constraint=f"sh:{_parameter(component)}" if component is not None and component != SH.SPARQLConstraintComponent else "",
    )


@dataclass(frozen=True)
class ResultClue(Clue):
    """A Clue that remembers the sh:ValidationResult it came from (to point the Turtle report's result)."""

    result: object = None


def _no_message(value: str, parameter: str) -> str:
    """What a result of a constraint with no sh:message says (pySHACL writes its own; Oxigraph's SHACL none)."""
    return (f"{value or 'the focus node'} does not satisfy sh:{parameter or 'a constraint'} (the shape gives no "
            f"sh:message: add one to tell curators what to fix)")


def _parameter(component) -> str:
    """sh:MinCountConstraintComponent -> "minCount": the SHACL parameter a result comes from."""
    if component is None:
        return ""
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return name[:1].lower() + name[1:]


def _steps(results: Graph, path) -> tuple:
    """A SHACL path as ((predicate, inverse?), ...); () for what is not a property, its inverse or a sequence."""
    if path is None:
        return ()
    if isinstance(path, URIRef):
        return ((path, False),)
    inverse = results.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return ((inverse, True),)
    try:
        steps = [_steps(results, step) for step in Collection(results, path)]
    except Exception:  # noqa: BLE001 - not a list: a path this locator does not follow
        return ()
    return tuple(s for step in steps for s in step) if all(steps) else ()


_BLANK_LABEL = re.compile(r"\b[0-9A-Za-z]{16,}\b")  # what may be a blank node's label (rdflib's, Oxigraph's)
_IRI_IN_TEXT = re.compile(r"https?://[^\s<>\"'{}|^`]*[^\s<>\"'{}|^`.,;:!?)'’]")


class Namer:
    """Compact names for terms (prefixed names; a blank node by the node that points to it)."""

    def __init__(self, sources):
        """`sources`: anything with `data` (subjects(), predicates()), `shapes` and `files_of` (subject -> file names)."""
        self.graph = bind_prefixes(Graph())
        self.sources = sources
        self.data = sources.data

    def __call__(self, term, seen: frozenset = frozenset()) -> str:
        if term is None:
            return ""
        if isinstance(term, BNode):
            owner = self._owner(term, seen)  # (blank nodes may point in a cycle)
            if owner is not None:
                return f"{self(owner, seen | {term})} / {self(self._link(owner, term))} [blank node]"
            return "[blank node]"
        try:
            return plain_string(term).n3(self.graph.namespace_manager)
        except Exception:
            return str(term)

    def text(self, message: str) -> str:
        """A message with the IRIs it names as prefixed names (a SPARQL constraint's {?property} {?value}
        are written out in full: "https://w3id.org/oioo/ontology#periodStartEvent ..."), and the blank nodes
        it names as findings name them (it has their labels, which each parse makes anew)."""
        def compact(match):
            iri = match.group(0)
            name = self(URIRef(iri))
            return iri if name.startswith("<") else name

        def blank(match):
            node = BNode(match.group(0))
            held = any(True for _ in self.data.subjects(None, node)) or any(True for _ in self.data.predicate_objects(node))
            return self(node) if held else match.group(0)
        return _IRI_IN_TEXT.sub(compact, _BLANK_LABEL.sub(blank, message))

    def shape(self, shape) -> str:
        """A property shape or SPARQL constraint is a blank node: name it by its node shape (a property shape
        with its path, in SPARQL syntax: an inverse or sequence path too, or it was named as its node shape, and
        its results and the node shape's own read as one rule's; where the node shape has two property shapes on
        one path, with its sh:name)."""
        shapes = self.sources.shapes
        for link in (SH.property, SH.sparql):
            for parent in shapes.subjects(link, shape):
                path = shapes.value(shape, SH.path)
                if link != SH.property or path is None:
                    return self(parent)
                shared = sum(1 for other in shapes.objects(parent, SH.property)
                             if self.path(shapes, shapes.value(other, SH.path)) == self.path(shapes, path))
                named = shapes.value(shape, SH.name)
                return (self(parent) + f" ({self.path(shapes, path)}"
                        + (f", \"{named}\"" if shared > 1 and named else "") + ")")
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

    def _owner(self, node, seen: frozenset = frozenset()):
        """The node that points to `node` (None: none does, but itself or those `seen`); of several, the
        one whose name comes first (an IRI before a blank node). The first the data gives is no order of
        the data's: rdflib's graph (the reference's) gives them in the order it read them, the engine's
        index in a set's, another with each PYTHONHASHSEED."""
        owners = set(self.data.subjects(None, node)) - seen - {node}
        if len(owners) > 1:
            return min(owners, key=lambda owner: (isinstance(owner, BNode), self(owner, seen | {node})))
        return next(iter(owners), None)

    def _link(self, owner, node):
        """The predicate by which `owner` points to `node`; of several, the first by IRI."""
        return min(self.data.predicates(owner, node), key=str)

    def ref(self, term):
        """A term as positions can find it again in a new parse: a blank node as its chain from an IRI."""
        if not isinstance(term, BNode):
            return term
        states = frozenset((p, o) for p, o in self.data.predicate_objects(term) if not isinstance(o, BNode))
        links, node, seen = [], term, {term}
        while isinstance(node, BNode):
            owner = self._owner(node, frozenset(seen))
            if owner is None:
                return BlankRef(None, tuple(reversed(links)), states)
            links.append(self._link(owner, node))
            seen.add(owner)
            node = owner
        return BlankRef(node, tuple(reversed(links)), states)

    def files(self, term, seen: frozenset = frozenset()) -> tuple:
        """The files that describe a term; for a blank node, or a node described nowhere, the files of
        the node that points to it; for a blank node nothing points to (or only blank nodes in a cycle
        with it), the file that holds its triples."""
        if term is None:
            return ()
        found = () if isinstance(term, BNode) else tuple(self.sources.files_of.get(term, ()))
        if not found:
            owner = self._owner(term, seen)
            if owner is not None:
                return (self.files(owner, seen | {term}) if isinstance(owner, BNode)
                        else tuple(self.sources.files_of.get(owner, ())))
            if isinstance(term, BNode):
                return tuple(self.sources.files_of.get(term, ()))
        return found


def shacl_findings(results: Graph, names: Namer) -> list:
    return [shacl_finding(results, result, names) for result in results.subjects(RDF.type, SH.ValidationResult)]


DATATYPE_RULE = "datatype"
DATATYPE_SUMMARY = ("Every literal is of its datatype, and written as SPARQL answers it: a literal the build's "
                    "reasoner refuses, or one the store would answer otherwise than it is written, is refused "
                    "wherever it stands, shape or no shape.")


def literal_findings(triples, names: Namer, answered: dict | None = None) -> list[Finding]:
    """A violation for each (subject, predicate, literal) whose literal kg refuses wherever it stands, shape
    or no shape, so that kg validate (a pre-commit check) reports what the build refuses: a literal not of its
    datatype (rdflib's Literal.ill_typed, the reading both engines judge by: the build's reasoner refuses it),
    or one in `answered` (literal -> the literal Oxigraph's store answers in its place: kg.core.datatypes.
    answered_otherwise), whose form SPARQL answers otherwise than it is written and released."""
    answered = answered or {}
    return [Finding("Violation", names(s), names(p), _refusal(o, names, answered.get(o)),
                    DATATYPE_RULE, names(o), names.files(s),
                    clue=Clue(names.ref(s), ((p, False),), (names.ref(o),), DATATYPE_RULE))
            for s, p, o in sorted(triples)]


def _refusal(o, names: Namer, answered) -> str:
    if answered is not None:
        return f"{names(o)} {written_as_answered(o, answered)}; the build refuses it"
    if refusal := not_a_figure(str(o), o.datatype):
        return f"{names(o)} {refusal}; the build refuses it"
    return (f"{names(o)} is not a valid {names(o.datatype)}: "
            + (f"{why}; the build refuses it" if (why := why_ill_typed(str(o), o.datatype)) else
               "the build refuses it (write the value as its datatype requires, or give it the datatype it has)"))


def check_finding(check, variables: list, row: list, names: Namer) -> Finding:
    """A row of a no-row check (queries/checks/*.rq): its first column is the focus node and a column named
    `path` the property at fault, as a SHACL-SPARQL constraint gives its result path; the others are the value."""
    focus = row[0] if len(row) else None
    path = next((v for name, v in zip(variables, row) if name == "path" and isinstance(v, URIRef)), None)
    rest = [v for name, v in zip(variables[1:], row[1:]) if name != "path" and v is not None]
    return Finding("Violation", names(focus), "" if path is None else names(path), check.summary or check.name,
                   check.name, " ".join(names(v) for v in rest), names.files(focus),
                   clue=Clue(names.ref(focus), () if path is None else ((path, False),),
                             tuple(names.ref(v) for v in rest)))

