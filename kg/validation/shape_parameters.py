"""The shapes' parameters read alike by both engines, or refused before either reads them.

pySHACL (the reference) and kg.validation.shacl (the engine) each read a shapes graph their own way: a count that
is no whole number, a sh:pattern that is no regular expression, flags or languages only one of them reads, a list
of alternative paths of one, a shape that refers to itself, were read by one engine and refused by the other, or
stopped kg validate with an internal error. Both engines' validations call check_parameters first
(kg.validation.validate, kg.reference.validate), so a project's shapes are refused in the same words on both.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import XSD

from kg.core.errors import KGError
from kg.core.namespaces import PREFIXES, SH
from kg.core.regex import xpath
from kg.core.terms import term_string


COUNTS = ("minCount", "maxCount", "minLength", "maxLength", "qualifiedMinCount", "qualifiedMaxCount")
FLAGS = "im"  # the sh:flags both engines read alike (kg.core.regex)


def check_parameters(g: Graph) -> None:
    """Refuse, before either engine reads the shapes, a parameter neither can read as SHACL says, or that they
    read differently: a count that is no whole number from 0, a sh:pattern that is no regular expression
    ("([" stopped kg validate on both engines with an internal error), sh:flags beyond i and m, a sh:languageIn
    that is no list of strings (5 or ( 1 ) were read by the engine and refused by pySHACL)."""
    for node, value in g.subject_objects(SH.pattern):
        try:
            if not isinstance(value, Literal) or value.datatype not in (None, XSD.string):
                raise ValueError("it is no string")
            xpath(str(value))  # (as both engines read it)
        except (re.error, ValueError, RecursionError, OverflowError) as error:
            _refuse(g, node, "pattern", value, f"a regular expression ({' '.join(str(error).split())[:120]})")
    for node, value in g.subject_objects(SH.flags):
        if not isinstance(value, Literal) or not set(str(value)) <= set(FLAGS):
            _refuse(g, node, "flags", value, f"letters of {FLAGS!r}, the flags both engines read")
    for node, value in g.subject_objects(SH.languageIn):
        try:
            tags = list(Collection(g, value))
        except Exception:  # noqa: BLE001 (rdflib's list reader on what is no list)
            tags = None
        if isinstance(value, Literal) or tags is None or \
                not all(isinstance(t, Literal) and t.datatype in (None, XSD.string) for t in tags):
            shown = value if isinstance(value, Literal) or not tags else f"( {' '.join(map(term_string, tags))} )"
            _refuse(g, node, "languageIn", shown, "a list of language tags, each a string (sh:languageIn ( \"en\" ))")
    for name in COUNTS:
        for node, value in g.subject_objects(SH[name]):
            whole(g, node, name, value)
    for node, value in g.subject_objects(SH.alternativePath):  # ("x" or ( oo:a ): read as no path by the engine)
        try:
            paths = [] if isinstance(value, Literal) else list(Collection(g, value))
        except Exception:  # noqa: BLE001 (rdflib's list reader on what is no list)
            paths = []
        if len(paths) < 2:
            owner = next(g.subjects(SH.path, node), node)
            _refuse(g, owner, "alternativePath", value if isinstance(value, Literal) else
                    f"( {' '.join(map(term_string, paths))} )", "a list of two paths or more")
    _refuse_a_cycle(g)


def _refuse_a_cycle(g: Graph) -> None:
    """Refuse a shape that refers to itself, through sh:node, sh:not, sh:and, sh:or, sh:xone, sh:property or
    sh:qualifiedValueShape (SHACL leaves the validation of recursive shapes undefined): the engine stopped on
    `oos:ReportShape sh:node oos:ReportShape` with "the input nests too deeply to read", and pySHACL passed it."""
    def parts(shape):
        for predicate in (SH.node, SH["not"], SH.property, SH.qualifiedValueShape):
            yield from ((predicate, part) for part in g.objects(shape, predicate))
        for predicate in (SH["and"], SH["or"], SH.xone):
            for members in g.objects(shape, predicate):
                try:
                    yield from ((predicate, part) for part in Collection(g, members))
                except Exception:  # noqa: BLE001 (no list: the shapes' reader says so)
                    continue

    done: set = set()
    for start in sorted(set(g.subjects()), key=lambda t: (not isinstance(t, URIRef), str(t))):
        if start in done:
            continue
        trail, stack = [start], [iter(list(parts(start)))]
        on_trail = {start}
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                finished = trail.pop()
                done.add(finished)
                on_trail.discard(finished)
                continue
            _, part = step
            if part in on_trail:  # (named from its first named shape: blank nodes are each engine's own)
                loop = [_prefixed(t) for t in trail[trail.index(part):] if isinstance(t, URIRef)] or ["a shape"]
                first = loop.index(min(loop))
                loop = loop[first:] + loop[:first]
                raise KGError(f"the shapes refer to themselves: {' -> '.join([*loop, loop[0]])} (through sh:node, "
                              f"sh:not, sh:and, sh:or, sh:xone, sh:property or sh:qualifiedValueShape); SHACL leaves "
                              f"a recursive shape's validation undefined, and kg reads none: say it without the loop")
            if part not in done:
                trail.append(part)
                on_trail.add(part)
                stack.append(iter(list(parts(part))))


def _refuse(g: Graph, node, name: str, value, wanted: str) -> None:
    """Raise the refusal of sh:`name` `value` of shape `node`, naming the shape as both engines' shapes graphs do."""
    shown = value if isinstance(value, str) and not isinstance(value, (Literal, URIRef)) else term_string(value)
    raise KGError(f"the shapes give sh:{name} {shown[:80]} in {shape_named(g, node)[:200]}: SHACL's sh:{name} is {wanted}")


def shape_named(g: Graph, node) -> str:
    """A shape as a curator finds it in the shapes file: its name, or the named shape whose sh:property it is
    and its sh:path (a blank node's label, "f032665c...", is in no file)."""
    owner, path = next(g.subjects(SH.property, node), node), g.value(node, SH.path)
    if isinstance(path, URIRef):
        return f"{_prefixed(owner) if isinstance(owner, URIRef) else 'a shape'} (sh:path {_prefixed(path)})"
    if isinstance(owner, URIRef) and (path is not None or owner == node):
        return _prefixed(owner)
    return f"a shape with no sh:path in sh:property of {_prefixed(owner)}" if isinstance(owner, URIRef) else "a shape"


def _prefixed(iri: URIRef) -> str:
    """`iri` as a prefixed name of kg's prefixes (the engines' shapes graphs bind different ones), else <iri>."""
    prefix, namespace = max(((p, str(n)) for p, n in PREFIXES.items() if str(iri).startswith(str(n))),
                            key=lambda found: len(found[1]), default=(None, ""))
    return f"{prefix}:{str(iri)[len(namespace):]}" if prefix else term_string(iri)


def whole(g: Graph, node, name: str, value) -> int:
    """A count or length a shape gives (sh:minCount, sh:maxLength ...): SHACL's is an xsd:integer literal from 0,
    as pySHACL, the reference, requires. "abc", 1.5 or an IRI stopped kg validate with an internal error (int()
    of it), and -1 or "1" were read here as the reference refused them."""
    if isinstance(value, Literal) and value.datatype == XSD.integer and re.fullmatch(r"\+?[0-9]{1,40}", str(value)):
        return int(str(value))
    _refuse(g, node, name, value, f"a whole number from 0, an xsd:integer (sh:{name} 1)")
