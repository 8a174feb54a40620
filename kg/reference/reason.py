"""OWL-RL closure with owlrl, keeping inferred triples apart from asserted ones."""

from __future__ import annotations

import owlrl
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF

from kg.core.errors import KGError, one_line
from kg.validation.inconsistency import InconsistencyError, refused_for
from kg.core.namespaces import bind_prefixes

OWLRL_ERRORS = owlrl.Namespaces.ERRNS


def _add_error(closure, message: str) -> None:
    """owlrl's Core.add_error, each message once in the order found, without its scan of every message so far for
    each one: data that puts thousands of things in two disjoint classes (a class stated disjoint with owl:Thing)
    gives owlrl thousands of messages in every cycle, and that scan made its closure take minutes, not seconds."""
    seen = closure.__dict__.get("_messages_seen")
    if seen is None:
        seen = closure._messages_seen = set(closure.error_messages)
    if message not in seen:
        seen.add(message)
        closure.error_messages.append(message)


owlrl.Closure.Core.add_error = _add_error


class _Looked:
    """An rdflib namespace whose terms are each looked up once. owlrl's rules read OWL.sameAs, RDF.type and the
    rest for every triple in every cycle, and rdflib's DefinedNamespace checks each name anew: 3 M lookups,
    a fifth of owlrl's CPU on the seed data. The terms are the namespace's own (the same URIRefs)."""

    def __init__(self, namespace):
        self.__dict__["_namespace"] = namespace

    def __getattr__(self, name: str):
        term = self.__dict__[name] = getattr(self._namespace, name)
        return term

    def __getitem__(self, name: str):
        return self._namespace[name]

    def __contains__(self, term) -> bool:
        return term in self._namespace


owlrl.OWLRL.OWL, owlrl.OWLRL.RDF, owlrl.OWLRL.RDFS = map(_Looked, (owlrl.OWLRL.OWL, owlrl.OWLRL.RDF, owlrl.OWLRL.RDFS))


def infer(asserted: Graph) -> Graph:
    """The triples OWL-RL entails from `asserted` and nothing else.

    owlrl does not raise on inconsistency: it adds err:ErrorMessage nodes, which we turn into
    an InconsistencyError so that a build cannot succeed on inconsistent data.
    """
    unreadable = _unreadable(asserted)
    if unreadable:
        raise KGError(f"OWL-RL cannot reason over this data: {unreadable[0]} (owl:maxCardinality and "
                      "owl:maxQualifiedCardinality take a number, such as 1)" + _more(len(unreadable) - 1))
    full = Graph(store="SimpleMemory")  # (one graph: the default store's bookkeeping of contexts was a third of owlrl's time)
    for triple in asserted:
        full.add(triple)
    try:
        owlrl.DeductiveClosure(
            owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
        ).expand(full)
    except (AttributeError, TypeError, ValueError, ArithmeticError, RecursionError) as error:
        raise KGError(f"owlrl, the OWL-RL reasoner, stopped on this data ({type(error).__name__}: "
                      f"{one_line(error, 120)}): it states OWL that owlrl cannot read") from None
    messages = sorted(str(m) for e in full.subjects(RDF.type, OWLRL_ERRORS.ErrorMessage)
                      for m in full.objects(e, OWLRL_ERRORS.error))
    if messages:
        raise InconsistencyError(messages)
    merged = sorted({tuple(sorted((s, o))) for s, o in full.subject_objects(OWL.sameAs) if s != o},
                    key=lambda pair: (isinstance(pair[0], Literal), pair))  # things first, then their values
    if merged:
        raise EqualityInferred(merged, [pair for pair in merged if (pair[0], OWL.sameAs, pair[1]) in asserted
                                        or (pair[1], OWL.sameAs, pair[0]) in asserted])
    inferred = bind_prefixes(Graph())
    for triple in full:
        if triple not in asserted and not _trivial(triple):
            inferred.add(triple)
    return inferred


def inconsistencies(asserted: Graph) -> list[str]:
    """What `infer` would refuse `asserted` as inconsistent for, in owlrl's words (refused_for)."""
    return refused_for(lambda: infer(asserted))


class EqualityInferred(KGError):
    """The closure makes two things one (owl:sameAs): stated in the ontology, or from a rule (a functional or
    inverse functional property, a key, a cardinality) and two of its values. The data states no equality
    (kg.core.bounds refuses it and those rules in data files), so it comes from the ontology. Refused, as
    stated equality in the data is, rather than released with all that is said of either merged."""

    exit_code = 1

    def __init__(self, pairs: list, stated: list = ()):
        names = bind_prefixes(Graph()).namespace_manager

        def shown(pairs: list) -> str:
            return "; ".join(f"{a.n3(names)} and {b.n3(names)}" for a, b in pairs[:10]) + _more(max(0, len(pairs) - 10))

        stated = [pair for pair in pairs if pair in stated]
        worked_out = [pair for pair in pairs if pair not in stated]
        things = [pair for pair in worked_out if not isinstance(pair[0], Literal)] or worked_out
        values = len(worked_out) - len(things)
        said = []
        if stated:
            said.append("the ontology states that two things are one (owl:sameAs), and the reasoner would merge all "
                        f"that is said of either: {shown(stated)}. Use one IRI for one thing (schema:sameAs links "
                        "an identifier elsewhere)")
        if things:
            said.append(
                "the reasoner would make two things one (owl:sameAs), merging all that is said of either: "
                + shown(things) + (f" (and {values} pair{'s' * (values != 1)} of their values)" if values else "")
                + ". An ontology rule makes them one where they share a value of a functional or inverse functional "
                  "property, or a key: give such a property one value for each thing (kg validate names the facts)")
        super().__init__("; and ".join(said))


MAX_CARDINALITIES = (OWL.maxCardinality, OWL.maxQualifiedCardinality)  # owlrl reads each one's value as a number


def _unreadable(graph: Graph) -> list[str]:
    """The triples owlrl stops on, as a curator writes them: a maximum cardinality that is no literal."""
    names = bind_prefixes(Graph()).namespace_manager

    def name(term) -> str:  # a restriction is a blank node, whose label each parse makes anew
        if not isinstance(term, BNode):
            return term.n3(names)
        restricted = graph.value(term, OWL.onProperty)
        return f"[ owl:onProperty {restricted.n3(names)} ]" if restricted is not None else "[ ]"
    return sorted(f"{name(s)} {p.n3(names)} {name(o)}" for p in MAX_CARDINALITIES
                  for s, o in graph.subject_objects(p) if not isinstance(o, Literal))


def _more(count: int) -> str:
    return f", and {count} more like it" if count else ""


def _trivial(triple) -> bool:
    """Drop reflexive owl:sameAs and literal self-typing that say nothing to a reader."""
    s, p, o = triple
    return (p == owlrl.OWL.sameAs and s == o) or isinstance(s, Literal)
