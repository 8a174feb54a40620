"""Reference computations that the tests repeat on the same inputs, worked out once per test session and
shared by pytest-xdist's workers (tests/serving.py made_once), keyed by the SHA-256 of every input that
decides the result. Measured over the whole suite (every call's input hashed, 3,545 tests): owlrl's closure
of the seed ontology ran 105 times in the test processes (0.5 s each, 53 s), for the engine's reasoner
(kg.build.reason.schema_of) of every fresh copy of the project."""

from __future__ import annotations

import hashlib
import json

from kg.core.terms import graph_of, term_string
from kg.core.serialize import relabel, stable_blank_node_labels
from serving import made_once


def strings(graph) -> list:
    """The graph's triples as N-Triples term strings (blank node labels kept), sorted."""
    return sorted(tuple(term_string(term) for term in triple) for triple in graph)


def closure_once(tmp_path_factory, infer):
    """`infer` (kg.reference.reason.infer, owlrl's closure: a function of the graph's triples, whatever its
    blank nodes are called) worked out once per session for each graph, by whichever process asks first;
    the others read its triples (a new graph each time: a caller may change it). Each parse of a file names
    its blank nodes anew, so the key is the graph with them labelled by what they say (as a release labels
    them), and the closure read back has the caller's labels. A graph whose blank nodes cannot all be told
    apart so, and whatever `infer` raises, are worked out every time."""
    def once(graph):
        labels = stable_blank_node_labels(graph)
        if len(set(labels.values())) < len(labels):
            return infer(graph)
        key = hashlib.sha256(json.dumps(strings(relabel(graph, labels))).encode()).hexdigest()

        def work(folder):  # (the caller's graph: what owlrl raises names the caller's blank nodes)
            (folder / "closure.json").write_text(json.dumps(strings(relabel(infer(graph), labels))), encoding="utf-8")

        folder = made_once(tmp_path_factory, f"owlrl-closure-{key}", work)
        closure = graph_of(tuple(triple) for triple in json.loads((folder / "closure.json").read_text(encoding="utf-8")))
        return relabel(closure, {label: node for node, label in labels.items()})  # (the caller's labels back)
    return once
