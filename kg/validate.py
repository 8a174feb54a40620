"""SHACL validation (pySHACL) of the merged graph, plus SPARQL checks that must return no rows."""

from __future__ import annotations

import pyshacl
from rdflib import Graph


def shacl(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph, str]:
    """Validate `data` against `shapes`, with the ontology mixed in for class hierarchy.

    One merged graph, never a Dataset: pySHACL validates named graphs separately, which would break
    links across report files. No inference here; the reasoner runs apart (kg.reason).
    """
    return pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
