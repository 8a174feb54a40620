"""OWL-RL closure with owlrl, keeping inferred triples apart from asserted ones."""

from __future__ import annotations

import owlrl
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg.findings.inconsistency import InconsistencyError
from kg.namespaces import bind_prefixes

OWLRL_ERRORS = owlrl.Namespaces.ERRNS


def infer(asserted: Graph) -> Graph:
    """The triples OWL-RL entails from `asserted` and nothing else.

    owlrl does not raise on inconsistency: it adds err:ErrorMessage nodes, which we turn into
    an InconsistencyError so that a build cannot succeed on inconsistent data.
    """
    full = Graph()
    for triple in asserted:
        full.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(full)
    messages = sorted(str(m) for e in full.subjects(RDF.type, OWLRL_ERRORS.ErrorMessage)
                      for m in full.objects(e, OWLRL_ERRORS.error))
    if messages:
        raise InconsistencyError(messages)
    inferred = bind_prefixes(Graph())
    for triple in full:
        if triple not in asserted and not _trivial(triple):
            inferred.add(triple)
    return inferred


def _trivial(triple) -> bool:
    """Drop reflexive owl:sameAs and literal self-typing that say nothing to a reader."""
    s, p, o = triple
    return (p == owlrl.OWL.sameAs and s == o) or isinstance(s, Literal)
