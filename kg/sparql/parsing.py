"""rdflib's SPARQL parser, run where what it leaves behind cannot hold on to its caller.

pyparsing, under rdflib's parser, raises and catches exceptions as it backtracks, and leaves exception ↔
traceback ↔ frame cycles; their frames chain up through every frame that was on the stack. Until the
cycle collector runs, those frames keep whatever their locals hold: while a build runs with the
collector paused (kg.build.pipeline), its index and its validation store (350 MB at a million triples),
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


def algebra_nodes(algebra, left_out: dict | None = None):
    """Every node of a prepared query's algebra, depth first, in FILTER (NOT) EXISTS and subqueries too;
    `left_out`: a node's name -> the keys whose parts are not read (kg.sparql.saved.SOME_ANSWERS, say).

    rdflib keeps an EXISTS block's algebra in the node's `graph` attribute, and under its key `graph` the
    block as parsed, whose own FILTERs its translation took away: the attribute is what runs, so it is
    what is read (through the key, a FILTER EXISTS inside a NOT EXISTS was not seen)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(algebra, CompValue):
        yield algebra
        translated = vars(algebra).get("graph")
        skipped = (left_out or {}).get(algebra.name, ())
        for key, value in algebra.items():
            if key not in skipped:
                yield from algebra_nodes(translated if key == "graph" and translated is not None else value, left_out)
    elif isinstance(algebra, (list, tuple)):
        for value in algebra:
            yield from algebra_nodes(value, left_out)


def triple_patterns(algebra, left_out: dict | None = None):
    """Every triple pattern (subject, predicate or path, object) of a prepared query's algebra, in FILTER
    (NOT) EXISTS and subqueries too, but in the parts `left_out` names (algebra_nodes)."""
    for node in algebra_nodes(algebra, left_out):
        if node.name == "BGP":
            yield from node.triples
