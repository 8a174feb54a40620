"""The analysis as release files: what `kg build` derives from the curated data and writes beside it.

dist/checks.ttl holds the ClaimReviews of the derived figures (kg.analysis.check), dist/discrepancies.ttl
the links between reports that disagree (kg.analysis.discrepancies). Both engines write them.
"""

from __future__ import annotations

from rdflib import Graph

from kg.analysis.check import check_all, reviews
from kg.analysis.discrepancies import detect, links
from kg.analysis.figures import FigureReader

ANALYSIS_FILES = ("checks.ttl", "discrepancies.ttl")  # derived analysis, apart from the curated data


def analysis(asserted: Graph, sink=None) -> dict[str, Graph]:
    """What the checks derive from the curated data, one graph per file. `asserted`: an rdflib Graph,
    or anything with the read side of its API (kg.core.triples.TripleIndex); `sink`: what to make
    each graph with, if not an rdflib Graph (anything with its add())."""
    read = FigureReader(asserted)  # the checks and the discrepancies read the same figures
    return {"checks.ttl": reviews(check_all(asserted, read), sink and sink()),
            "discrepancies.ttl": links(detect(asserted, read), sink and sink())}
