"""OWL-RL closure with owlrl, keeping inferred triples apart from asserted ones."""

from __future__ import annotations

import re
from contextlib import contextmanager

import owlrl
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg.bounds import literal_positions
from kg.errors import KGError
from kg.graph.project import relative_name
from kg.namespaces import bind_prefixes

OWLRL_ERRORS = owlrl.Namespaces.ERRNS


ILL_TYPED = re.compile(r"Lexical value of the literal '(?P<value>.*)' does not match its datatype \((?P<datatype>.*)\)")


class InconsistencyError(KGError):
    """The reasoner found the asserted graph inconsistent with the ontology; `messages` in owlrl's words."""

    exit_code = 1

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("OWL-RL found the graph inconsistent:\n  " + "\n  ".join(messages))

    def located(self, files: list, root) -> "InconsistencyError":
        """The same, each ill-typed literal ("abc"^^xsd:integer) with the file, line and column of every
        place it is written in `files` (the data files; names relative to `root`)."""
        messages = []
        for message in self.messages:
            found = ILL_TYPED.fullmatch(message)
            places = [(path, line, column) for path in files
                      for line, column in literal_positions(path, found["value"])] if found else []
            if not places:
                messages.append(message)
            for path, line, column in places:
                datatype = found["datatype"].replace("http://www.w3.org/2001/XMLSchema#", "xsd:")
                messages.append(f"{relative_name(path, root)}:{line}:{column}: \"{found['value']}\" is not a valid "
                                f"{datatype} (the lexical value does not match its datatype)")
        return InconsistencyError(messages)


@contextmanager
def located_in(project):
    """An InconsistencyError raised inside, its ill-typed literals located in the project's data files."""
    try:
        yield
    except InconsistencyError as error:
        raise error.located(project.data_files, project.root) from None


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
