"""The shapes graph, read once: node and property shapes, their targets, paths and constraints.

Everything the validation compares with the data is turned into N-Triples strings here, the engine's
form of a term; what the results report (shapes, paths, severities, messages) stays rdflib, as pySHACL
reports it. A shape that uses SHACL this engine does not evaluate raises Unsupported, naming it, so
that nothing passes unchecked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.core.errors import KGError
from kg.core.terms import term_string
from kg.core.namespaces import SH
from kg.validation.shape_parameters import shape_named, whole


class Unsupported(KGError):
    """The shapes use SHACL that the engine does not evaluate."""


TARGETS = {SH.targetClass: "class", SH.targetNode: "node", SH.targetSubjectsOf: "subjectsOf",
           SH.targetObjectsOf: "objectsOf"}
# Parameters of the SHACL Core components this engine evaluates (kg.validation.shacl.core), and of shapes.
COMPONENT_PARAMETERS = {SH[name] for name in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive", "maxExclusive",
    "maxInclusive", "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "equals", "disjoint",
    "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node", "property", "qualifiedValueShape",
    "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "closed", "ignoredProperties",
    "hasValue", "in", "sparql")}
DESCRIPTIVE = {SH[name] for name in ("path", "message", "severity", "name", "description", "order", "group",
                                     "defaultValue", "deactivated", "declare", "prefixes", "target")} | set(TARGETS)


# ------------------------------------------------------------------ paths

@dataclass(frozen=True)
class Path:
    """A SHACL property path: a predicate (`predicate`), or `kind` (inverse, sequence, alternative,
    zeroOrMore, oneOrMore, zeroOrOne) over `parts`."""

    kind: str
    predicate: str = ""
    parts: tuple = ()

    def value_map(self, graph, nodes) -> dict:
        """node -> its value nodes, for each of `nodes` (a predicate's values read from one map of the index)."""
        if self.kind == "predicate" or (self.kind == "inverse" and self.parts[0].kind == "predicate"):
            index = graph.index
            found = index.out(self.predicate) if self.kind == "predicate" else index.into(self.parts[0].predicate)
            return {node: found.get(node, ()) for node in nodes}  # a triple once: each value once
        return {node: self.values(graph, node) for node in nodes}

    def values(self, graph, node: str) -> set:
        """The value nodes of `node` by this path in `graph` (kg.validation.shacl.core.DataGraph)."""
        if self.kind == "predicate":
            return set(graph.objects(node, self.predicate))
        if self.kind == "inverse":
            inner = self.parts[0]
            if inner.kind == "predicate":
                return set(graph.subjects(inner.predicate, node))
            return {start for start in graph.all_nodes() if node in inner.values(graph, start)}
        if self.kind == "sequence":
            reached = {node}
            for part in self.parts:
                reached = {value for start in reached for value in part.values(graph, start)}
            return reached
        if self.kind == "alternative":
            return {value for part in self.parts for value in part.values(graph, node)}
        inner = self.parts[0]
        if self.kind == "zeroOrOne":
            return {node} | inner.values(graph, node)
        reached, todo = set(), [node]
        while todo:
            for value in inner.values(graph, todo.pop()):
                if value not in reached:
                    reached.add(value)
                    todo.append(value)
        return reached | {node} if self.kind == "zeroOrMore" else reached


def read_path(shapes: Graph, node) -> Path:
    if isinstance(node, URIRef):
        return Path("predicate", term_string(node))
    if shapes.value(node, RDF.first) is not None:
        return Path("sequence", parts=tuple(read_path(shapes, step) for step in Collection(shapes, node)))
    for name in ("inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
        inner = shapes.value(node, SH[name])
        if inner is not None:
            return Path(name.removesuffix("Path"), parts=(read_path(shapes, inner),))
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return Path("alternative", parts=tuple(read_path(shapes, step) for step in Collection(shapes, alternatives)))
    raise Unsupported(f"property path {node}: not a SHACL path")


# ------------------------------------------------------------------ shapes

@dataclass
class Constraint:
    """One constraint of a shape: a SHACL Core component with its parameter (kg.validation.shacl.core evaluates it)."""

    component: str  # the parameter's local name: "class", "minCount", "qualifiedMinCount" ...
    parameter: object  # as the component needs it: a term string, a number, a Shape, a list ...


@dataclass
class SparqlConstraint:
    """An sh:sparql constraint: its SELECT, run unchanged (kg.validation.shacl.sparql)."""

    node: object  # the sh:sparql node (sh:sourceConstraint of its results)
    select: str
    prefixes: dict
    messages: list
    shape: object  # the shape it belongs to
    facts: tuple | None = None  # what the engine reads from its parse (kg.validation.shacl.sparql.query_facts)

    @property
    def name(self) -> str:
        """What a message about it calls it."""
        return f"the sh:sparql of {self.shape}"


@dataclass(eq=False)
class Shape:
    node: object  # the shape's node in the shapes graph (sh:sourceShape)
    severity: URIRef
    messages: list
    path: Path | None = None  # property shapes
    path_node: object = None
    targets: list = field(default_factory=list)  # (kind, term string)
    constraints: list = field(default_factory=list)
    properties: list = field(default_factory=list)
    sparql: list = field(default_factory=list)
    deactivated: bool = False


class Shapes:
    """Every shape of the shapes graph, read once; `targeted` are those with targets (validation starts there)."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.read: dict = {}
        targeted = {s for p in TARGETS for s in graph.subjects(p, None)}
        targeted |= {s for s in graph.subjects(RDF.type, SH.NodeShape)
                     if (s, RDF.type, RDFS.Class) in graph or (s, RDF.type, OWL.Class) in graph}
        for node in graph.subjects(SH.target, None):
            raise Unsupported(f"sh:target (a SPARQL-based target) on {node}: not evaluated by the engine")
        self.targeted = [self.shape(node) for node in sorted(targeted, key=str)]
        for shape in self.targeted:
            if shape.path is not None and shape.targets:
                raise Unsupported(f"property shape {shape.node} with targets: not evaluated by the engine")

    def shape(self, node) -> Shape:
        """The shape at `node`, read once (shapes may nest and refer to each other)."""
        found = self.read.get(node)
        if found is None:
            found = self.read[node] = self._read(node)
        return found

    def _read(self, node) -> Shape:
        g = self.graph
        unknown = {p for p in g.predicates(node, None)
                   if str(p).startswith(str(SH)) and p not in COMPONENT_PARAMETERS | DESCRIPTIVE}
        if unknown:
            raise Unsupported(f"shape {node} uses {', '.join(sorted(map(str, unknown)))}: not evaluated by the engine")
        path_node = g.value(node, SH.path)
        shape = Shape(node, g.value(node, SH.severity) or SH.Violation, list(g.objects(node, SH.message)),
                      read_path(g, path_node) if path_node is not None else None, path_node,
                      deactivated=(node, SH.deactivated, Literal(True)) in g)
        self.read[node] = shape  # before its parts: a nested shape may refer back to it
        for predicate, kind in TARGETS.items():
            shape.targets += [(kind, term_string(t)) for t in g.objects(node, predicate)]
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            shape.targets.append(("class", term_string(node)))
        shape.constraints = self._constraints(node, shape)
        shape.properties = [self.shape(p) for p in g.objects(node, SH.property)]
        if shape.path is not None and shape.properties:
            raise Unsupported(f"sh:property on property shape {node}: not evaluated by the engine")
        for constraint in g.objects(node, SH.sparql):
            if (constraint, SH.deactivated, Literal(True)) not in g:  # SHACL 5.1: a deactivated constraint is ignored
                shape.sparql.append(self._sparql(shape, constraint))
        return shape

    def _constraints(self, node, shape: Shape) -> list:
        g = self.graph
        found = []
        add = lambda component, parameter: found.append(Constraint(component, parameter))  # noqa: E731
        for value in g.objects(node, SH["class"]):
            add("class", term_string(value))
        for value in g.objects(node, SH.datatype):
            add("datatype", term_string(value))
        for value in g.objects(node, SH.nodeKind):
            add("nodeKind", value)
        for name in ("minCount", "maxCount", "minLength", "maxLength", "qualifiedMinCount", "qualifiedMaxCount"):
            for value in g.objects(node, SH[name]):
                if name not in ("minLength", "maxLength") and shape.path is None:
                    raise Unsupported(f"sh:{name} on {shape_named(g, node)}: a property shape's constraint, and a shape "
                                      "without sh:path is a node shape")
                if name.startswith("qualified"):
                    continue  # read with sh:qualifiedValueShape
                add(name, whole(g, node, name, value))
        for name in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"):
            for value in g.objects(node, SH[name]):
                add(name, value)
        flags = str(g.value(node, SH.flags) or "")
        for value in g.objects(node, SH.pattern):
            add("pattern", (str(value), flags))
        for value in g.objects(node, SH.languageIn):
            add("languageIn", {str(item).lower() for item in Collection(g, value)})
        if (node, SH.uniqueLang, Literal(True)) in g:
            add("uniqueLang", True)
        for name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            for value in g.objects(node, SH[name]):
                if shape.path is None and name in ("lessThan", "lessThanOrEquals"):
                    raise Unsupported(f"sh:{name} on {shape_named(g, node)}: a property shape's constraint, and a shape "
                                      "without sh:path is a node shape")
                add(name, term_string(value))
        for value in g.objects(node, SH["not"]):
            add("not", self.shape(value))
        for name in ("and", "or", "xone"):
            for value in g.objects(node, SH[name]):
                add(name, [self.shape(member) for member in Collection(g, value)])
        for value in g.objects(node, SH.node):
            add("node", self.shape(value))
        for value in g.objects(node, SH.qualifiedValueShape):
            disjoint = (node, SH.qualifiedValueShapesDisjoint, Literal(True)) in g
            siblings = self._siblings(node) if disjoint else []
            for name in ("qualifiedMinCount", "qualifiedMaxCount"):
                for number in g.objects(node, SH[name]):
                    add(name, (self.shape(value), whole(g, node, name, number), siblings))
        if (node, SH.closed, Literal(True)) in g:
            ignored = {term_string(p) for value in g.objects(node, SH.ignoredProperties) for p in Collection(g, value)}
            add("closed", ignored)
        for value in g.objects(node, SH.hasValue):
            add("hasValue", term_string(value))
        for value in g.objects(node, SH["in"]):
            add("in", {term_string(item) for item in Collection(g, value)})
        return found

    def _siblings(self, node) -> list:
        """sh:qualifiedValueShapesDisjoint: the qualified value shapes of the other property shapes of the
        same parent shapes (a value that conforms to one of those does not count)."""
        g = self.graph
        return [self.shape(other_shape) for parent in g.subjects(SH.property, node)
                for sibling in g.objects(parent, SH.property) if sibling != node
                for other_shape in g.objects(sibling, SH.qualifiedValueShape)]

    def _sparql(self, shape: Shape, constraint) -> SparqlConstraint:
        g = self.graph
        if shape.path is not None:
            raise Unsupported(f"sh:sparql on property shape {shape.node}: not evaluated by the engine ($PATH)")
        select = g.value(constraint, SH.select)
        if select is None:
            raise Unsupported(f"sh:sparql {constraint} of {shape.node} has no sh:select")
        prefixes = {str(g.value(d, SH.prefix)): str(g.value(d, SH.namespace))
                    for source in g.objects(constraint, SH.prefixes) for d in g.objects(source, SH.declare)}
        own = list(g.objects(constraint, SH.message))
        messages = own + [m for m in shape.messages if m not in own]  # as pySHACL: both
        return SparqlConstraint(constraint, str(select), prefixes, messages, shape.node)
