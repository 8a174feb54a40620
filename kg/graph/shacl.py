"""SHACL validation compiled to SPARQL and run by Oxigraph: the fast path's validator.

pySHACL (kg.reference.validate) walks every focus node of every shape in Python, and runs each SPARQL-based
constraint once per focus node: 6 s at 93 K triples. Here each constraint of each shape becomes one
SPARQL query over all focus nodes at once, returning only the violations, and Oxigraph (Rust) runs it.
The SPARQL-based constraints (sh:sparql) are run once, globally, with `$this` joined to the shape's
targets instead of pre-bound node by node.

The results are written as pySHACL writes them (sh:ValidationResult nodes with focus node, path,
value, source shape, severity, message, constraint component), so kg.reference.validate turns them into the
same findings, names and texts. Tests prove the findings equal to pySHACL's on the seed data, on every
shape fixture (valid and invalid) and on generated corpora, intact and broken.

Only the SHACL the project's shapes use is compiled: targets (class, subjects of, objects of, node),
paths (a property or its inverse), class, datatype, nodeKind, pattern, minLength, minInclusive,
in, hasValue, minCount, maxCount, lessThan, lessThanOrEquals, and, or, xone, not, and SPARQL SELECT
constraints. Anything else raises Unsupported, so a new kind of shape cannot pass unchecked: add it
here, with a test, or validate with pySHACL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from kg.errors import KGError
from kg.graph.terms import rdflib_term, term_string
from kg.namespaces import SH

COMPONENT = {name: SH[f"{name[0].upper()}{name[1:]}ConstraintComponent"] for name in (
    "class", "datatype", "nodeKind", "pattern", "minLength", "minInclusive", "in", "hasValue", "minCount",
    "maxCount", "lessThan", "lessThanOrEquals", "and", "or", "xone", "not", "qualifiedMinCount", "qualifiedMaxCount")}
COMPONENT["sparql"] = SH.SPARQLConstraintComponent
VALUE_COMPONENTS = ("class", "datatype", "nodeKind", "pattern", "minLength", "minInclusive", "in",
                    "and", "or", "xone", "not")
KNOWN = {SH[name] for name in COMPONENT if name != "sparql"} | {SH.qualifiedValueShape,
    SH.path, SH.property, SH.sparql, SH.message, SH.severity, SH.name, SH.description, SH.flags, SH.order,
    SH.group, SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.declare, SH.prefixes,
    SH.select, SH.prefix, SH.namespace, SH.deactivated, RDF.type, RDFS.label, RDFS.comment}
FOCUS = "urn:oioo:graph:focus"  # focus nodes of each target, computed once per validation
WELL_TYPED = "__WELL_TYPED_{v}__"  # filled in at run time: not one of the ill-typed literals
NODE_KINDS = {SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
              SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
              SH.IRIOrLiteral: "!isBlank({v})"}


class Unsupported(KGError):
    """The shapes use SHACL that this validator does not compile."""


def sparql_term(term) -> str:
    return term_string(term)


@dataclass
class Check:
    """One compiled constraint: a query returning ?this (and ?value, and other variables) per violation."""

    shape: object  # the shape node that reports (a node shape IRI or a property shape blank node)
    component: URIRef
    query: str
    severity: URIRef
    messages: list
    path: object = None  # the property shape's sh:path node
    source_constraint: object = None  # the sh:sparql node
    value_is_focus: bool = False  # node-shape constraints: the value is the focus node
    template: bool = False  # substitute {?var} in the message (SPARQL constraints)
    rows: list = field(default_factory=list)


class CompiledShapes:
    """The shapes graph compiled to SPARQL queries; `run(store, graphs)` validates like pySHACL."""

    def __init__(self, shapes: Graph, subclasses: dict | None = None):
        """`subclasses`: class -> every class under it (itself included), from the data graph's
        rdfs:subClassOf; sh:class and sh:targetClass use it (pySHACL follows rdfs:subClassOf*)."""
        self.shapes = shapes
        self.subclasses = subclasses or {}
        self.checks: list[Check] = []
        self.targets: dict = {}  # target pattern -> the predicate its focus nodes get in the FOCUS graph
        self._names = count()
        for shape in sorted({s for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
                             for s in shapes.subjects(p, None)}, key=str):
            if (shape, SH.deactivated, Literal(True)) in shapes:
                continue
            self._node_shape(shape)
        for node in shapes.subjects(SH.target, None):
            raise Unsupported(f"custom target on {node}: not compiled")

    # ---------------------------------------------------------------- compiling

    def _var(self) -> str:
        return f"?v{next(self._names)}"

    def _targets(self, shape) -> str:
        g = self.shapes
        parts = [f"{{ ?this a ?class VALUES ?class {{ {self._under(c)} }} }}" for c in g.objects(shape, SH.targetClass)]
        parts += [f"{{ ?t {sparql_term(p)} ?this }}" for p in g.objects(shape, SH.targetObjectsOf)]
        parts += [f"{{ ?this {sparql_term(p)} ?t }}" for p in g.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{{ VALUES ?this {{ {sparql_term(n)} }} }}" for n in g.objects(shape, SH.targetNode)]
        pattern = " UNION ".join(parts)
        key = self.targets.setdefault(pattern, f"urn:oioo:focus:{len(self.targets)}")
        return f"{{ GRAPH <{FOCUS}> {{ ?this <{key}> ?focus_ }} }}"

    def _under(self, cls) -> str:
        return " ".join(sparql_term(c) for c in sorted(self.subclasses.get(cls, {cls}) | {cls}, key=str))

    def _path(self, path) -> str:
        """A SHACL path as a SPARQL property path: a property, its inverse, or a sequence of those."""
        g = self.shapes
        if isinstance(path, URIRef):
            return sparql_term(path)
        inverse = g.value(path, SH.inversePath)
        if inverse is not None and len(list(g.predicate_objects(path))) == 1:
            return f"^({self._path(inverse)})"
        if g.value(path, RDF.first) is not None:
            return "/".join(f"({self._path(step)})" for step in Collection(g, path))
        raise Unsupported(f"path {path}: only properties, inverses and sequences are compiled")

    def _known(self, shape) -> None:
        unknown = {p for p in self.shapes.predicates(shape, None) if p not in KNOWN and str(p).startswith(str(SH))}
        if unknown:
            raise Unsupported(f"shape {shape} uses {', '.join(sorted(map(str, unknown)))}: not compiled")

    def _node_shape(self, shape) -> None:
        g = self.shapes
        self._known(shape)
        if g.value(shape, SH.path) is not None:
            raise Unsupported(f"property shape {shape} with targets: not compiled")
        targets, severity, message = self._targets(shape), g.value(shape, SH.severity) or SH.Violation, list(g.objects(shape, SH.message))
        for name in VALUE_COMPONENTS:
            for parameter in g.objects(shape, SH[name]):
                if name == "class":
                    violation = f"MINUS {{ ?this a ?class VALUES ?class {{ {self._under(parameter)} }} }}"
                else:
                    violation = f"FILTER(!({self._value_test(name, parameter, '?this')}))"
                query = f"SELECT ?this WHERE {{ {targets} {violation} }}"
                self.checks.append(Check(shape, COMPONENT[name], query, severity, message, value_is_focus=True))
        for name in ("minCount", "maxCount", "hasValue", "lessThan", "lessThanOrEquals"):
            if (shape, SH[name], None) in g:
                raise Unsupported(f"sh:{name} on node shape {shape}: not compiled")
        for constraint in g.objects(shape, SH.sparql):
            self._sparql(shape, constraint, targets, severity)
        for prop in g.objects(shape, SH.property):
            if (prop, SH.deactivated, Literal(True)) not in g:
                self._property_shape(prop, targets)

    def _property_shape(self, shape, targets: str) -> None:
        g = self.shapes
        self._known(shape)
        path_node = g.value(shape, SH.path)
        path = self._path(path_node)
        severity, message = g.value(shape, SH.severity) or SH.Violation, list(g.objects(shape, SH.message))
        add = lambda name, query: self.checks.append(  # noqa: E731
            Check(shape, COMPONENT[name], query, severity, message, path=path_node))
        for name in VALUE_COMPONENTS:
            for parameter in g.objects(shape, SH[name]):
                if name == "class":  # MINUS: Oxigraph runs FILTER NOT EXISTS row by row, far slower
                    violation = f"MINUS {{ ?value a ?class VALUES ?class {{ {self._under(parameter)} }} }}"
                else:
                    violation = f"FILTER(!({self._value_test(name, parameter, '?value')}))"
                add(name, f"SELECT ?this ?value WHERE {{ {targets} ?this {path} ?value {violation} }}")
        for number in g.objects(shape, SH.minCount):
            if int(number) == 1:
                add("minCount", f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?value }} FILTER(!BOUND(?value)) }}")
            elif int(number) > 1:
                add("minCount", f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?value }} }} "
                                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(number)})")
        for number in g.objects(shape, SH.maxCount):
            if int(number) == 1:  # a second, different value: no grouping needed
                add("maxCount", f"SELECT DISTINCT ?this WHERE {{ {targets} ?this {path} ?value . ?this {path} ?other "
                                f"FILTER(!sameTerm(?value, ?other)) }}")
            else:
                add("maxCount", f"SELECT ?this WHERE {{ {targets} ?this {path} ?value }} "
                                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(number)})")
        for qualified in g.objects(shape, SH.qualifiedValueShape):
            if (shape, SH.qualifiedValueShapesDisjoint, None) in g:
                raise Unsupported("sh:qualifiedValueShapesDisjoint: not compiled")
            test = self._conforms(qualified, "?value")
            for name, operator in (("qualifiedMinCount", "<"), ("qualifiedMaxCount", ">")):
                for number in g.objects(shape, SH[name]):
                    add(name, f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?value FILTER({test}) }} }} "
                              f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {operator} {int(number)})")
        for value in g.objects(shape, SH.hasValue):
            add("hasValue", f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?value FILTER(sameTerm(?value, {sparql_term(value)})) }} "
                            f"FILTER(!BOUND(?value)) }}")
        for name, operator in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in g.objects(shape, SH[name]):
                add(name, f"SELECT ?this ?value WHERE {{ {targets} ?this {path} ?value . ?this {sparql_term(other)} ?other "
                          f"FILTER(!COALESCE(?value {operator} ?other && isLiteral(?value) = isLiteral(?other), false)) }}")
        if g.value(shape, SH.sparql) is not None:
            raise Unsupported(f"sh:sparql on property shape {shape}: not compiled")

    def _value_test(self, name: str, parameter, v: str) -> str:
        """A SPARQL expression true when the value node `v` satisfies one value constraint."""
        g = self.shapes
        if name == "class":
            return f"EXISTS {{ {v} a ?c{v[1:]} VALUES ?c{v[1:]} {{ {self._under(parameter)} }} }}"
        if name == "datatype":
            if parameter == RDF.langString:
                return f"(isLiteral({v}) && LANG({v}) != \"\")"
            if parameter == RDFS.Literal:
                return f"isLiteral({v})"
            return f"(isLiteral({v}) && DATATYPE({v}) = {sparql_term(parameter)}{WELL_TYPED.format(v=v)})"
        if name == "nodeKind":
            return NODE_KINDS[parameter].format(v=v)
        if name == "pattern":
            flags = ""
            for shape in g.subjects(SH.pattern, parameter):
                flags = str(g.value(shape, SH.flags) or "")
            return f"(!isBlank({v}) && REGEX(STR({v}), {sparql_term(Literal(str(parameter)))}, {sparql_term(Literal(flags))}))"
        if name == "minLength":
            return f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(parameter)})"
        if name == "minInclusive":
            return f"COALESCE({v} >= {sparql_term(parameter)}, false)"
        if name == "in":
            items = list(Collection(g, parameter))
            return "(" + (" || ".join(f"sameTerm({v}, {sparql_term(i)})" for i in items) or "false") + ")"
        if name in ("and", "or", "xone"):
            tests = [self._conforms(member, v) for member in Collection(g, parameter)]
            if name == "xone":
                return "(" + " + ".join(f"IF({t}, 1, 0)" for t in tests) + " = 1)"
            return "(" + f" {'&&' if name == 'and' else '||'} ".join(tests) + ")"
        if name == "not":
            return f"!({self._conforms(parameter, v)})"
        raise Unsupported(f"sh:{name}: not compiled")

    def _conforms(self, shape, v: str) -> str:
        """A SPARQL expression true when node `v` conforms to a nested shape (an sh:or member ...)."""
        g = self.shapes
        self._known(shape)
        tests = []
        path_node = g.value(shape, SH.path)
        if path_node is None:
            for name in VALUE_COMPONENTS:
                tests += [self._value_test(name, p, v) for p in g.objects(shape, SH[name])]
        else:
            path, x = self._path(path_node), self._var()
            for name in VALUE_COMPONENTS:
                for parameter in g.objects(shape, SH[name]):
                    tests.append(f"NOT EXISTS {{ {v} {path} {x} FILTER(!({self._value_test(name, parameter, x)})) }}")
            for number in g.objects(shape, SH.minCount):
                if int(number) > 1:
                    raise Unsupported(f"sh:minCount {number} in a nested shape: not compiled")
                if int(number) == 1:
                    tests.append(f"EXISTS {{ {v} {path} {x} }}")
            for name in ("maxCount", "hasValue", "lessThan", "lessThanOrEquals"):
                if (shape, SH[name], None) in g:
                    raise Unsupported(f"sh:{name} in a nested shape: not compiled")
        for name in ("minCount", "maxCount", "hasValue", "sparql", "property"):
            if path_node is None and (shape, SH[name], None) in g:
                raise Unsupported(f"sh:{name} in a nested node shape: not compiled")
        return "(" + (" && ".join(tests) or "true") + ")"

    def _sparql(self, shape, constraint, targets: str, severity) -> None:
        g = self.shapes
        select = str(g.value(constraint, SH.select))
        prefixes = "".join(
            f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>\n"
            for source in g.objects(constraint, SH.prefixes) for d in g.objects(source, SH.declare))
        body = re.sub(r"\$this\b", "?this", select)
        simple = re.fullmatch(r"\s*SELECT\s+((?:DISTINCT\s+)?[?$\w\s]+?)\s+WHERE\s*\{(.*)\}\s*", body, flags=re.S | re.I)
        if simple:  # the targets joined inside the constraint's own pattern: Oxigraph plans it as one join
            query = f"{prefixes}SELECT {simple.group(1)} WHERE {{ {targets} {without_not_exists(simple.group(2))} }}"
        else:
            query = f"{prefixes}SELECT * WHERE {{ {targets} {{ {body} }} }}"
        own = list(g.objects(constraint, SH.message))
        messages = own + [m for m in g.objects(shape, SH.message) if m not in own]  # as pySHACL: both
        self.checks.append(Check(shape, COMPONENT["sparql"], query, severity, messages,
                                 source_constraint=constraint, value_is_focus=True, template=True))

    # ---------------------------------------------------------------- running

    def run(self, store, graphs: list, ill_typed=()) -> tuple[bool, Graph]:
        """Run every check on `store` with `graphs` as the data graph: (conforms, pySHACL-style results).

        `ill_typed`: N-Triples strings of the data's ill-typed literals ("abc"^^xsd:integer), which
        match no sh:datatype (SPARQL cannot tell them from well-typed ones).
        """
        def well_typed(match) -> str:
            return "".join(f" && !sameTerm({match.group(1)}, {t})" for t in sorted(ill_typed))

        def run_one(check: Check):
            query = re.sub(r"__WELL_TYPED_(\?\w+)__", well_typed, check.query)
            return check, list(_solutions(store, query, graphs))

        using = " ".join(f"USING {sparql_term(rdflib_term(g))}" for g in graphs)
        for pattern, key in self.targets.items():
            store.update(f"INSERT {{ GRAPH <{FOCUS}> {{ ?this <{key}> true }} }} {using} WHERE {{ {pattern} }}")
        results = Graph()
        conforms = True
        try:
            answers = [run_one(check) for check in self.checks]
        finally:
            store.remove_graph(ox.NamedNode(FOCUS))
        report = BNode()
        for check, rows in answers:
            seen = set()
            for row in rows:
                key = tuple(sorted((name, str(term)) for name, term in row.items()))
                if key not in seen:  # pySHACL reports a solution once per focus node
                    seen.add(key)
                    results.add((report, SH.result, self._result(results, check, row)))
                    conforms = conforms and check.severity != SH.Violation
        results.add((report, RDF.type, SH.ValidationReport))
        results.add((report, SH.conforms, Literal(conforms)))
        return conforms, results

    def _result(self, results: Graph, check: Check, bound: dict) -> BNode:
        node = BNode()
        focus = rdflib_term(bound["this"])
        value = bound.get("value")
        value = rdflib_term(value) if value is not None else (focus if check.value_is_focus else None)
        add = results.add
        add((node, RDF.type, SH.ValidationResult))
        add((node, SH.sourceConstraintComponent, check.component))
        add((node, SH.sourceShape, check.shape))
        add((node, SH.resultSeverity, check.severity))
        add((node, SH.focusNode, focus))
        if value is not None:
            add((node, SH.value, value))
        if check.path is not None:
            add((node, SH.resultPath, check.path))
            todo = [check.path]
            while todo:  # the path's structure (inverse, sequence), as pySHACL copies it
                for triple in self.shapes.triples((todo.pop(), None, None)):
                    add(triple)
                    if isinstance(triple[2], BNode):
                        todo.append(triple[2])
        if check.source_constraint is not None:
            add((node, SH.sourceConstraint, check.source_constraint))
        named = {}
        if check.template:  # pySHACL's substitution of {?var} / {$var}
            named = {name: str(rdflib_term(term)) for name, term in bound.items() if name not in ("this", "value")}
            named["this"] = str(focus)
            if value is not None:
                named["value"] = str(value)
        for message in check.messages:
            if check.template and isinstance(message, Literal):
                text = str(message.value)
                for name, term in named.items():
                    text = re.sub("{{[?$]{}}}".format(name), term, text)
                message = Literal(text)
            add((node, SH.resultMessage, message))
        return node


def _blocks(text: str):
    """(start, end) of each `FILTER NOT EXISTS { ... }` at the top level of a group's text."""
    depth, found = 0, []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "\"'":  # skip string literals
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else char
            i = text.index(quote, i + len(quote)) + len(quote)
            continue
        if char == "<" and re.match(r"<[^\s<>]*>", text[i:]):  # skip IRIs
            i = text.index(">", i) + 1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            match = re.match(r"FILTER\s+NOT\s+EXISTS\s*\{", text[i:], flags=re.I)
            if match:
                start, j, level = i, i + match.end(), 1
                while level:
                    level += {"{": 1, "}": -1}.get(text[j], 0)
                    j += 1
                found.append((start, j))
                i = j
                continue
        i += 1
    return found


def without_not_exists(group: str) -> str:
    """Rewrite each `FILTER NOT EXISTS { P }` of a group as `OPTIONAL { P BIND(true AS ?w) } FILTER(!BOUND(?w))`.

    Oxigraph evaluates FILTER NOT EXISTS row by row, a hundred times slower than a left join. The two
    agree here: a row survives exactly when P has no solution compatible with it, and P's FILTERs (at
    P's top level) become the OPTIONAL's join condition, which sees the row's variables as EXISTS does.
    The rewrite is only made when P's own variables are used nowhere else in the query (the left join
    leaves them unbound in the rows that survive) and P has no subquery, GRAPH, SERVICE, MINUS, UNION or
    VALUES; otherwise the text is left as it is. The shape tests compare every result with pySHACL's.
    """
    blocks = _blocks(group)
    if not blocks:
        return group
    outside = group
    for start, end in reversed(blocks):
        outside = outside[:start] + outside[end:]
    outer = set(re.findall(r"[?$](\w+)", outside))
    bodies = [group[start:end][group[start:end].index("{") + 1:-1] for start, end in blocks]
    own = [set(re.findall(r"[?$](\w+)", body)) - outer for body in bodies]
    for index, body in enumerate(bodies):
        clash = any(own[index] & own[other] for other in range(len(bodies)) if other != index)
        if clash or re.search(r"\b(SELECT|GRAPH|SERVICE|MINUS|UNION|VALUES)\b", body, flags=re.I):
            return group
    moved = "".join(f" OPTIONAL {{{body} BIND(true AS ?absent{index}_) }} FILTER(!BOUND(?absent{index}_)) "
                    for index, body in enumerate(bodies))
    return outside + moved


def _solutions(store, query: str, graphs: list):
    """Each solution as a dict of the bound variables."""
    solutions = store.query(query, default_graph=graphs)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: term for name in names if (term := solution[name]) is not None}
