"""rdflib's SPARQL parser, run where what it leaves behind cannot hold on to its caller.

pyparsing, under rdflib's parser, raises and catches exceptions as it backtracks, and leaves exception ↔
traceback ↔ frame cycles; their frames chain up through every frame that was on the stack. Until the
cycle collector runs, those frames keep whatever their locals hold: while a build runs with the
collector paused (kg.graph.build), its index and its validation store (350 MB at a million triples),
and for good once the build freezes what is left (gc.freeze). Parsed in a thread of its own, the chain
ends at that thread: what is left until the collector runs is the parser's frames and the query text.
"""

from __future__ import annotations

import threading


def apart(parse, *args, **kwargs):
    """`parse(*args, **kwargs)` in a thread of its own; its answer, or its exception raised here."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["answer"] = parse(*args, **kwargs)
        except BaseException as error:  # handed to the caller, whatever it is (RecursionError, ParseException)
            outcome["error"] = error

    thread = threading.Thread(target=run, name="sparql-parser")
    try:
        thread.start()
    except RuntimeError:  # no thread to be had (a worker near its memory limit): parse here
        run()
    else:
        thread.join()
    error = outcome.pop("error", None)
    if error is not None:
        try:
            raise error
        finally:
            del error  # no cycle through this frame either
    return outcome["answer"]


def prepare_query(text: str, **kwargs):
    """rdflib's prepareQuery, apart."""
    from rdflib.plugins.sparql import prepareQuery

    return apart(prepareQuery, text, **kwargs)


def parse_query(text: str):
    """rdflib's parseQuery (the parse tree, not the algebra), apart."""
    from rdflib.plugins.sparql.parser import parseQuery

    return apart(parseQuery, text)


def triple_patterns(algebra):
    """Every triple pattern (subject, predicate or path, object) of a prepared query's algebra, in FILTER
    (NOT) EXISTS and subqueries too. rdflib leaves an EXISTS block as it was parsed (TriplesBlock), each
    item a subject with all its predicates and objects (`?a p ?b ; q ?c` is one list of six terms), where
    elsewhere it has triples (BGP)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(algebra, CompValue):
        if algebra.name == "BGP":
            yield from algebra.triples
        elif algebra.name == "TriplesBlock":
            for terms in algebra.triples:
                yield from (tuple(terms[i:i + 3]) for i in range(0, len(terms) - 2, 3))
        for value in algebra.values():
            yield from triple_patterns(value)
    elif isinstance(algebra, (list, tuple)):
        for value in algebra:
            yield from triple_patterns(value)
