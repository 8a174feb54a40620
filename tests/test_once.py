"""tests/once.py: what the tests work out once per session is what they would have worked out each time."""

from __future__ import annotations

import pytest
from rdflib import BNode

from kg.validation.inconsistency import InconsistencyError
from kg.sources.load import load_sources
from kg.core.terms import graph_of
from kg.reference.reason import infer
from once import closure_once, strings

OO = "https://w3id.org/oioo/ontology#"
A_BLANK_FIGURE = ("_:figure", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
                  "<https://w3id.org/oioo/ontology#DerivedFigure>")


@pytest.mark.parametrize("data", [(), (A_BLANK_FIGURE,)], ids=["the ontology", "a blank node figure"])
def test_a_closure_is_worked_out_once_and_read_back_as_owlrls_with_the_callers_blank_nodes(tmp_path_factory,
                                                                                           project, data):
    """The same triples with other blank node labels (two parses of a data file; of the ontology too, before
    its blank nodes were named in order): the second graph's closure is read, not worked out again, and it
    is owlrl's closure of that graph, its blank nodes and all (a blank node's inferred types under its own
    label)."""
    triples = load_sources(project).ontology | set(data)
    renamed = {tuple("_:other" + term[2:] if term.startswith("_:") else term for term in triple) for triple in triples}
    parses = [graph_of(triples), graph_of(renamed)]
    assert strings(parses[0]) != strings(parses[1])  # (the same triples, other blank node labels)
    worked_out = []

    def counted(graph):
        worked_out.append(graph)
        return infer(graph)

    once = closure_once(tmp_path_factory, counted)
    for graph in parses:
        closure = strings(once(graph))
        assert closure == strings(infer(graph))
        assert bool(data) == any(isinstance(term, BNode) for triple in graph_of(closure) for term in triple)
    assert len(worked_out) <= 1  # (none: another test of the session worked it out first)


def test_what_owlrl_finds_inconsistent_names_the_callers_blank_nodes_each_time(tmp_path_factory, project):
    """owlrl names an inconsistent individual by its label: a blank node both a reported statement and a
    direct quote (disjoint classes) was named by the label the session's key gives it (b2ffa8078b0dac865),
    not the caller's (b2), and tests/test_reason_sweeps.py, which compares the engine's message with
    owlrl's, failed."""
    both = [("_:b2", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{OO}{kind}>")
            for kind in ("ReportedStatement", "DirectQuote")]
    graph = graph_of(load_sources(project).ontology | set(both))
    with pytest.raises(InconsistencyError) as expected:
        infer(graph)
    once = closure_once(tmp_path_factory, infer)
    for _ in range(2):
        with pytest.raises(InconsistencyError) as found:
            once(graph)
        assert found.value.messages == expected.value.messages
        assert found.value.messages[0].endswith(" have a common individual b2")
