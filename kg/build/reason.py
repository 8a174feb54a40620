"""owlrl's OWL-RL closure, computed in one pass over instance data: the engine's reasoner.

owlrl (kg.reference.reason) applies every OWL-RL rule to every triple, cycle after cycle, until nothing new
comes: 68 s at 93 K triples, and worse than linear. But over a fixed ontology, what the rules can do
to instance data is known in advance. So:

1. The ontology's own closure is computed once, by owlrl itself (`kg.reference.reason.infer` on the ontology
   alone). It gives every class's superclasses (rdfs:subClassOf is closed there, owl:Thing included
   for declared classes), every property's superproperties (equivalences included), inverses, and
   domains and ranges already propagated along both hierarchies (rules scm-*).
2. Instance triples are then closed in a single semi-naive pass, each new triple processed once,
   by the rules owlrl applies to them: cax-sco/cax-eqc (types), prp-spo1/prp-eqp (superproperties),
   prp-inv (inverses), prp-dom/prp-rng (typing), prp-spo2 (property chains, joined through indexes),
   and the datatype rules dt-type2 and owlrl's subsumptions and disjointness of the datatypes in use.
3. Inconsistencies are the ones owlrl reports (cax-dw disjoint classes, cls-nothing2, dt-not-type ill-
   typed literals), with owlrl's words, raised as the same InconsistencyError.

What this does not do, it refuses rather than gets wrong: an ontology with constructs beyond these
(restrictions, unions, keys, cardinalities, transitive or symmetric properties ...) raises Unsupported;
data that needs equality reasoning (owl:sameAs, or two values of a functional property, which owlrl
turns into owl:sameAs and copies every triple across) raises NeedsEquality; so does data that states
schema (subclass, domain, new classes). `infer` then falls back to owlrl for the whole closure, and says so.
Tests prove the result equal to owlrl's on the seed data, on generated corpora, on the shape fixtures
and on generated instance data, schema and equality (tests/test_reason_sweeps.py).

Terms are N-Triples strings (`<iri>`, `_:id`, `"lexical"^^<datatype>`), as pyoxigraph writes them:
compact, hashable and ready to write.
"""

from __future__ import annotations

import os
from collections import defaultdict
from itertools import repeat
from operator import itemgetter
from dataclasses import dataclass, field, fields

from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
from owlrl.DatatypeHandling import AltXSDToPYTHON
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.core.errors import KGError
from kg.validation.inconsistency import InconsistencyError, refused_for
from kg.sources.cache import Cache
from kg.core.children import die_with, fork, may_fork
from kg.core.terms import graph_of, parse_term, rdflib_term, term_string
from kg.core.triples import by_predicate
from kg.sparql.output import short
from kg.reference.reason import infer as owlrl_infer

TYPE = f"<{RDF.type}>"
SUBCLASS, SUBPROPERTY = f"<{RDFS.subClassOf}>", f"<{RDFS.subPropertyOf}>"
DOMAIN, RANGE = f"<{RDFS.domain}>", f"<{RDFS.range}>"
EQUIVALENT_PROPERTY, INVERSE, CHAIN = f"<{OWL.equivalentProperty}>", f"<{OWL.inverseOf}>", f"<{OWL.propertyChainAxiom}>"
DISJOINT, SAME_AS, NOTHING = f"<{OWL.disjointWith}>", f"<{OWL.sameAs}>", f"<{OWL.Nothing}>"
FUNCTIONAL, OWL_CLASS, DATATYPE = f"<{OWL.FunctionalProperty}>", f"<{OWL.Class}>", f"<{RDFS.Datatype}>"
FIRST, REST, NIL = f"<{RDF.first}>", f"<{RDF.rest}>", f"<{RDF.nil}>"
PROPERTY_TYPES = {f"<{OWL.ObjectProperty}>", f"<{OWL.DatatypeProperty}>", f"<{RDF.Property}>"}

# OWL-RL constructs whose rules this materialiser does not implement: an ontology using them is refused.
UNSUPPORTED_PREDICATES = {f"<{OWL[name]}>" for name in (
    "onProperty", "someValuesFrom", "allValuesFrom", "hasValue", "intersectionOf", "unionOf", "complementOf",
    "oneOf", "hasKey", "maxCardinality", "maxQualifiedCardinality", "propertyDisjointWith", "members",
    "distinctMembers", "sourceIndividual", "sameAs", "differentFrom")}
UNSUPPORTED_TYPES = {f"<{OWL[name]}>" for name in (
    "InverseFunctionalProperty", "IrreflexiveProperty", "SymmetricProperty", "AsymmetricProperty",
    "TransitiveProperty", "AllDisjointProperties", "AllDisjointClasses", "AllDifferent", "Restriction")}
# Schema statements in the data would change the ontology's closure: refused (owlrl then runs).
SCHEMA_PREDICATES = {SUBCLASS, SUBPROPERTY, DOMAIN, RANGE, EQUIVALENT_PROPERTY, INVERSE, CHAIN, DISJOINT,
                     f"<{OWL.equivalentClass}>"} | UNSUPPORTED_PREDICATES
SCHEMA_TYPES = {OWL_CLASS, f"<{RDFS.Class}>", FUNCTIONAL} | PROPERTY_TYPES | UNSUPPORTED_TYPES


class Unsupported(KGError):
    """The ontology or the data needs OWL-RL rules this materialiser does not implement."""


class NeedsEquality(Unsupported):
    """The data makes owlrl reason with owl:sameAs (explicitly, or from a functional property with two values)."""


def plain(text: str) -> str:
    """A term as owlrl prints it in its messages (str of the rdflib term)."""
    return str(rdflib_term(parse_term(text)))


def named(text: str) -> str:
    """A term as a curator reads it in the engine's own messages: oo:Figure, never <https://w3id.org/...#Figure>.

    >>> named("<https://w3id.org/oioo/ontology#Figure>"), named('"41"')
    ('oo:Figure', '"41"')
    """
    term = rdflib_term(parse_term(text))
    return short(term) if isinstance(term, URIRef) else term.n3()


# ------------------------------------------------------------------ the ontology's closure, once

@dataclass
class Schema:
    """The ontology, its owlrl closure, and the rule tables that closure gives for instance data."""

    asserted: set
    inferred: set
    triples: set = field(default_factory=set)  # both
    superclasses: dict = field(default_factory=dict)  # class -> strict superclasses
    superproperties: dict = field(default_factory=dict)  # property -> strict superproperties
    inverses: dict = field(default_factory=dict)
    domains: dict = field(default_factory=dict)
    ranges: dict = field(default_factory=dict)
    chains: list = field(default_factory=list)  # (property, (p1, p2))
    functional: set = field(default_factory=set)
    disjoint: list = field(default_factory=list)  # (c1, c2) pairs
    classes: set = field(default_factory=set)  # declared owl:Class


def schema_of(ontology: set) -> Schema:
    """Refuse what we do not implement, then close the ontology with owlrl and read the rule tables."""
    for s, p, o in ontology:
        if p in UNSUPPORTED_PREDICATES or (p == TYPE and o in UNSUPPORTED_TYPES):
            raise Unsupported(f"the ontology uses {o if p == TYPE else p}: the engine's reasoner does not implement it")
    inferred = {tuple(term_string(t) for t in triple) for triple in owlrl_infer(graph_of(ontology))}
    schema = Schema(set(ontology), inferred - set(ontology), set(ontology) | inferred)
    groups = defaultdict(lambda: defaultdict(set))
    lists = {}
    for s, p, o in schema.triples:
        if p in (SUBCLASS, SUBPROPERTY, INVERSE, DOMAIN, RANGE) and s != o:
            groups[p][s].add(o)
        elif p == TYPE and o == FUNCTIONAL:
            schema.functional.add(s)
        elif p == TYPE and o == OWL_CLASS:
            schema.classes.add(s)
        elif p == DISJOINT:
            schema.disjoint.append((s, o))
        elif p in (FIRST, REST):
            lists.setdefault(s, {})[p] = o
        if p == INVERSE:
            groups[INVERSE][o].add(s)
    freeze = lambda table: {key: tuple(sorted(values)) for key, values in table.items()}  # noqa: E731
    schema.superclasses, schema.superproperties = freeze(groups[SUBCLASS]), freeze(groups[SUBPROPERTY])
    schema.inverses, schema.domains, schema.ranges = freeze(groups[INVERSE]), freeze(groups[DOMAIN]), freeze(groups[RANGE])
    for s, p, o in sorted(schema.triples):
        if p == CHAIN:
            chain, node = [], o
            while node != NIL and node in lists:
                chain.append(lists[node].get(FIRST))
                node = lists[node].get(REST)
            if len(chain) != 2 or node != NIL:
                raise Unsupported(f"property chain of {s} with {len(chain)} links: only two-link chains are implemented")
            schema.chains.append((s, tuple(chain)))
    return schema


# ------------------------------------------------------------------ datatypes (owlrl's one-time rules)

RL_DATATYPES = {f"<{d}>": d for d in OWL_RL_Datatypes}
SUBSUMPTIONS = {f"<{d}>": tuple(f"<{n}>" for n in news) for d, news in OWL_Datatype_Subsumptions.items()}
DATATYPE_DISJOINTNESS = [(f"<{a}>", f"<{b}>") for a, _, b in OWLRL_Datatypes_Disjointness]


def literal_datatype(term: str) -> str | None:
    """`<datatype>` of a typed literal string, or None (plain, language-tagged, not a literal)."""
    if term[0] != '"' or not term.endswith(">"):
        return None
    return term[term.rindex("^^") + 2:]


# ------------------------------------------------------------------ the closure of instance data

def materialise(schema: Schema, data) -> tuple[set, list[str]]:
    """What OWL-RL (as owlrl computes it) adds to ontology + `data`: (inferred triples, error messages).

    `data` is a collection of string triples. The inferred triples exclude the asserted ones and, as
    kg.reference.reason does, reflexive owl:sameAs and triples about literals.

    Most triples are closed by a plan made once per predicate (kg.build.reason.Plans): what a triple of
    that predicate entails, with no rule of another triple involved. The others (types of classes
    that can meet in a disjointness, property chains, functional properties, schema) go through the
    rules one triple at a time.
    """
    data = data if isinstance(data, (set, frozenset)) else set(data)
    grouped = by_predicate(data)
    if SAME_AS in grouped:
        raise NeedsEquality("the data states owl:sameAs: owlrl's equality rules are needed")
    ontology = schema.triples
    work: list = []
    loop_derived: set = set()  # what the rules one triple at a time add

    def add(triple):
        if triple not in data and triple not in ontology and triple not in loop_derived:
            loop_derived.add(triple)
            work.append(triple)

    # one-time rules on datatypes: dt-type1/2, owlrl's subsumptions, disjointness of the datatypes in use
    used, explicit = set(), defaultdict(set)
    errors: list[str] = []
    objects = set(map(itemgetter(2), data))  # the distinct objects first, in C: a million triples name fewer
    objects.update(map(itemgetter(2), schema.triples))
    literals = {o for o in objects if o[0] == '"'}
    for lit in sorted(literals):
        datatype = literal_datatype(lit)
        if datatype not in RL_DATATYPES:
            continue
        used.add(datatype)
        add((lit, TYPE, datatype))
        value = rdflib_term(parse_term(lit))
        try:
            AltXSDToPYTHON.get(RL_DATATYPES[datatype], lambda v: v)(str(value))
        except ValueError:
            errors.append(f"Lexical value of the literal '{value}' does not match its datatype ({value.datatype})")
        for new in SUBSUMPTIONS.get(datatype, ()):
            add((lit, TYPE, new))
            add((new, TYPE, DATATYPE))
            used.add(new)
    for s, p, o in [*grouped.get(TYPE, ()), *(t for t in schema.triples if t[1] == TYPE), *work]:
        if o in RL_DATATYPES:
            used.add(o)
            if s[0] != '"':
                explicit[s].add(o)
    for dt in RL_DATATYPES:
        add((dt, TYPE, DATATYPE))
    for s, datatypes in explicit.items():
        for dt in datatypes:
            add((dt, TYPE, DATATYPE))
            for new in SUBSUMPTIONS.get(dt, ()):
                add((s, TYPE, new))
                add((new, TYPE, DATATYPE))
                used.add(new)
    disjoint = list(schema.disjoint)
    for a, b in DATATYPE_DISJOINTNESS:
        if a in used and b in used:
            add((a, DISJOINT, b))
            disjoint.append((a, b))
    watched = {c for pair in disjoint for c in pair} | {NOTHING}

    # the triples a plan closes, predicate by predicate (the loops run in C: zip, repeat, set.update)
    plans = Plans(schema, watched)
    members = defaultdict(set)
    closed: set = set()
    typed: dict = defaultdict(list)  # class -> the subjects typed with it, where a plan closes the type
    for p, triples in grouped.items():
        if p == TYPE:
            for triple in triples:
                if plans.types(triple[2]) is None:
                    work.append(triple)
                else:
                    typed[triple[2]].append(triple[0])
            continue
        plan = plans.predicate(p)
        if plan is None:
            work.extend(triples)
            continue
        forward, backward, subject_types, object_types = plan
        subjects, objects = [t[0] for t in triples], [t[2] for t in triples]
        for q in forward:
            closed.update(zip(subjects, repeat(q), objects))
        if backward:  # (object q subject): none about a literal
            inverted = [(o, s) for s, o in zip(subjects, objects) if o[0] != '"']
            for q in backward:
                closed.update((o, q, s) for o, s in inverted)
        for c in subject_types:
            typed[c].extend(subjects)
        for c in object_types:
            typed[c].extend(objects)
    for cls, nodes in typed.items():
        above, watched_above = plans.types(cls)
        distinct = set(nodes)
        for c in watched_above:
            members[c] |= distinct
        distinct = [node for node in distinct if node[0] != '"']  # nothing is said about a literal
        for c in (cls, *above):
            closed.update(zip(distinct, repeat(TYPE), repeat(c)))

    # the rest: semi-naive, every triple through the instance rules once
    superclasses, superproperties = schema.superclasses, schema.superproperties
    inverses, domains, ranges = schema.inverses, schema.domains, schema.ranges
    chained = plans.chained
    forward, backward = defaultdict(lambda: defaultdict(set)), defaultdict(lambda: defaultdict(set))
    for s, p, o in (*(t for link in chained for t in grouped.get(link, ())), *(t for t in ontology if t[1] in chained)):
        forward[p][s].add(o)
        backward[p][o].add(s)
    empty = ()
    work.extend(t for t in schema.triples if t[1] == TYPE)
    while work:
        s, p, o = triple = work.pop()
        if p == TYPE:
            if o in watched:
                members[o].add(s)
            for c in superclasses.get(o, empty):
                add((s, TYPE, c))
            if o in PROPERTY_TYPES:
                add((s, SUBPROPERTY, s))
                add((s, EQUIVALENT_PROPERTY, s))
            elif o in SCHEMA_TYPES and triple not in schema.triples and s[0] != '"':
                raise Unsupported(f"the data makes {named(s)} a {named(o)}: schema in the data needs owlrl")
            continue
        if p in SCHEMA_PREDICATES and triple in data:  # (about one term and itself too: oi:a rdfs:domain oi:a)
            raise Unsupported(f"the data states {named(p)} ({named(s)} {named(p)} {named(o)}): schema in the data needs owlrl")
        if p == SAME_AS:
            raise NeedsEquality("owl:sameAs follows from the data: owlrl's equality rules are needed")
        for q in superproperties.get(p, empty):
            add((s, q, o))
        for q in inverses.get(p, empty):
            add((o, q, s))
        for c in domains.get(p, empty):
            add((s, TYPE, c))
        for c in ranges.get(p, empty):
            add((o, TYPE, c))
        for index, position in chained.get(p, empty):
            forward[p][s].add(o)
            backward[p][o].add(s)
            target, (first, second) = schema.chains[index]
            if position == 0:
                for end in list(forward[second].get(o, empty)):
                    add((s, target, end))
            else:
                for start in list(backward[first].get(s, empty)):
                    add((start, target, o))

    values: dict = {}
    functional = schema.functional
    for group in (*(grouped.get(q, ()) for q in functional), (t for t in closed if t[1] in functional),
                  (t for t in loop_derived if t[1] in functional)):
        for s, p, o in group:
            if values.setdefault((p, s), o) != o:
                raise NeedsEquality(f"{named(s)} has two values of the functional property {named(p)}: owlrl's equality rules are needed")
    for c1, c2 in disjoint:
        for x in sorted(members.get(c1, set()) & members.get(c2, set())):
            errors.append(f"Disjoint classes {plain(c1)} and {plain(c2)} have a common individual {plain(x)}")
    for c in sorted(members.get(NOTHING, ())):
        errors.append(f"{plain(c)} is defined of type 'Nothing'")
    closed.update(t for t in loop_derived if t[0][0] != '"' and not (t[1] == SAME_AS and t[0] == t[2]))
    closed |= schema.inferred
    closed -= schema.asserted
    closed -= data
    return closed, sorted(set(errors))


class Plans:
    """What one triple entails, per predicate, when no rule of another triple can join in: the
    (super-, inverse) properties it is also stated with and the classes (with their superclasses) its
    subject and object get; for a class, its superclasses and those of them watched for disjointness
    (their members are counted). None where another triple's rule can join in (property chains,
    schema, owl:sameAs): those triples go through the rules one at a time. Functional properties are
    checked over all the triples afterwards."""

    def __init__(self, schema: Schema, watched: set):
        self.schema, self.watched = schema, watched
        self.chained: dict = defaultdict(list)  # link property -> [(chain index, position)]
        for index, (_, links) in enumerate(schema.chains):
            for position, link in enumerate(links):
                self.chained[link].append((index, position))
        self.special_properties = SCHEMA_PREDICATES | {SAME_AS, TYPE} | set(self.chained)
        self.special_classes = SCHEMA_TYPES
        self._types: dict = {}
        self._predicates: dict = {}

    def types(self, cls: str):
        """(the classes `x a cls` entails for x, those of them watched for disjointness), or None."""
        if cls not in self._types:
            above = (cls, *self.schema.superclasses.get(cls, ()))
            self._types[cls] = None if self.special_classes.intersection(above) else (
                tuple(c for c in above if c != cls), tuple(c for c in above if c in self.watched))
        return self._types[cls]

    def predicate(self, p: str):
        if p not in self._predicates:
            self._predicates[p] = self._plan(p)
        return self._predicates[p]

    def _plan(self, p: str):
        schema = self.schema
        seen, todo = {(p, True)}, [(p, True)]
        while todo:  # (property, True: same direction / False: inverted)
            q, same = todo.pop()
            for r in (*((r, same) for r in schema.superproperties.get(q, ())), *((r, not same) for r in schema.inverses.get(q, ()))):
                if r not in seen:
                    seen.add(r)
                    todo.append(r)
        if self.special_properties.intersection(q for q, _ in seen):
            return None
        subject_types, object_types = set(), set()
        for q, same in seen:
            (subject_types if same else object_types).update(schema.domains.get(q, ()))
            (object_types if same else subject_types).update(schema.ranges.get(q, ()))
        closed = []
        for classes in (subject_types, object_types):
            above = classes | {c for cls in classes for c in schema.superclasses.get(cls, ())}
            if above & self.special_classes:
                return None
            closed.append(tuple(above))
        forward = tuple(q for q, same in seen if same and q != p)
        backward = tuple(q for q, same in seen if not same)
        return forward, backward, closed[0], closed[1]


def check(errors: list[str]) -> None:
    """Raise what kg.reference.reason raises for the same inconsistencies."""
    if errors:
        raise InconsistencyError(errors)


def infer(ontology: set, data: set, progress=lambda message: None, cache: Cache | None = None) -> set:
    """The triples OWL-RL adds to ontology + data, as owlrl computes them (InconsistencyError alike):
    this module's one pass where it can follow owlrl, else owlrl itself over everything. `cache`: where
    the ontology's closure may be kept from an earlier build (kg.sources.cache)."""
    try:
        inferred, errors = materialise(cached_schema(ontology, cache), data)
    except Unsupported as why:  # NeedsEquality included
        progress(f"the engine's reasoner cannot follow owlrl here ({why}); reasoning with owlrl")
        return {tuple(term_string(t) for t in triple) for triple in owlrl_infer(graph_of(ontology | data))}
    check(errors)
    return inferred


def inconsistencies(ontology: set, data: set, cache: Cache | None = None) -> list[str]:
    """What `infer` would refuse ontology + `data` as inconsistent for, in owlrl's words (refused_for)."""
    return refused_for(lambda: infer(ontology, data, cache=cache))


def cached_schema(ontology: set, cache: Cache | None) -> Schema:
    """schema_of(ontology), read from the cache when an earlier build worked it out from the same triples."""
    if cache is None:
        return schema_of(ontology)
    key = _schema_key(ontology, cache)
    kept = cache.get("schema", key)
    if isinstance(kept, tuple) and len(kept) == len(fields(Schema)):
        return Schema(*kept)
    schema = schema_of(ontology)
    cache.put("schema", key, tuple(getattr(schema, f.name) for f in fields(Schema)))
    return schema


def _schema_key(ontology: set, cache: Cache) -> str:
    return cache.key("schema", *sorted(map(" ".join, ontology)))


def schema_in_child(ontology: set, cache: Cache | None) -> int | None:
    """On a first build (no closure of this ontology in `cache`), work it out into the cache in a child
    process, while this one prepares the validation: owlrl's closure of the ontology and rdflib's parse
    of the SPARQL rules take 1.3 s and 1.7 s of a first build of the seed data, one after the other if
    not apart. Returns the child's pid (None: nothing to do, or no fork allowed); `cached_schema` then
    reads what it wrote once `children.reap` has waited for it, or works it out if it could not."""
    if cache is None or not may_fork():
        return None
    if cache.get("schema", _schema_key(ontology, cache)) is not None:
        return None
    parent = os.getpid()
    pid = fork()
    if pid == 0:
        code = 1
        try:
            die_with(parent)
            cached_schema(ontology, cache)
            code = 0
        finally:
            os._exit(code)
    return pid
