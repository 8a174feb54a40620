"""Run a query on Oxigraph: checked (kg.sparql.safety), parameters bound by pyoxigraph's substitutions.

The text that was checked is the text that runs, unchanged; parameter values travel as RDF terms
beside it. Answers come back as an `Answer` (kg.sparql.answer: rdflib terms, for tables and pages) or,
for a server, as the bytes of a standard results format (kg.sparql.results).
"""

from __future__ import annotations

import itertools
import re

import pyoxigraph as ox

from kg.core.errors import KGError, one_line
from kg.core.terms import ox_term, rdflib_term
from kg.core.namespaces import PREFIX_IRIS
from kg.sparql.answer import Answer
from kg.sparql.safety import InvalidQuery, check, syntax_hint

LOCAL_GRAPH, NO_NAMED_GRAPHS = ox.DefaultGraph(), []  # every query's dataset: the store's default graph, all of it


class StoreDamaged(KGError):
    """The store said a file of its own is damaged (RocksDB's "Corruption: ..."), found as a query read it."""


def _store_error(error: Exception) -> KGError | None:
    """A store's own damage, which no query or parameter causes: it was "the query cannot be run with these
    parameters" (a RuntimeError as the query started) or "the query failed" (as its answer was read)."""
    if str(error).startswith("Corruption"):
        return StoreDamaged(f"the store is damaged: {one_line(error)}")
    return None


_CHARACTER_CLASS = re.compile(r"\[(?:[^\]']|'[^']*')*\]")  # ['A' ..= 'Z' | ...] or [_]: characters, not words
_EXPECTED_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|[^,"]*[^,"\s]')  # what a parser expected: "}", a keyword or words


def parser_said(error: str) -> str:
    r"""Oxigraph's syntax error without its lists of Unicode ranges, which ran to 300 characters of
    '\u{00C0}'..='\u{00D6}' for an unclosed { and crowded out the words a reader can act on.

    >>> parser_said("error at 1:26: expected one of \",\", \"}\", ['0' ..= '9' | '\\u{00B7}'], LATERAL, [_]")
    'at line 1, column 26: expected one of ",", "}", LATERAL'
    >>> parser_said("error at 1:58: expected one of The query limit should be a non negative integer, ['0'..='9']")
    'at line 1, column 58: The query limit should be a non negative integer'
    >>> parser_said("error at 1:29: expected [_]"), parser_said("Unknown prefix x")
    ('at line 1, column 29', 'Unknown prefix x')
    """
    said = " ".join(error.split())
    where = re.match(r"error at (\d+):(\d+): (.*)", said)
    if where is None:
        return said[:300]
    listed = _CHARACTER_CLASS.sub("", where[3].removeprefix("expected one of ").removeprefix("expected "))
    expected = [item.strip() for item in _EXPECTED_ITEM.findall(listed)]
    if len(expected) == 1 and " " in expected[0] and not expected[0].startswith('"'):  # a sentence, not a token
        return f"at line {where[1]}, column {where[2]}: {expected[0]}"[:300]
    shown = (f": expected one of {', '.join(expected)}" if len(expected) > 1 else f": expected {expected[0]}" if expected
             else "") if where[3].startswith("expected") else f": {where[3]}"
    return f"at line {where[1]}, column {where[2]}{shown}"[:300]


def execute(store: ox.Store, text: str, bindings: dict | None = None):
    """Check the query, then run it on the store's default graph (whatever FROM or FROM NAMED its parse
    holds), with `bindings` (Variable or name -> rdflib term) as substitutions: pyoxigraph's
    QuerySolutions, QueryBoolean or QueryTriples. Errors become KGErrors."""
    check(text)
    substitutions = {ox.Variable(str(name)): ox_term(term) for name, term in (bindings or {}).items()}
    try:  # the dataset given here replaces any dataset clause Oxigraph's parse holds (kg.sparql.safety)
        return store.query(text, prefixes=PREFIX_IRIS, substitutions=substitutions or None,
                           default_graph=LOCAL_GRAPH, named_graphs=NO_NAMED_GRAPHS)
    except SyntaxError as error:
        raise InvalidQuery(f"not valid SPARQL: {syntax_hint(text, PREFIX_IRIS) or parser_said(str(error))}") from None
    except RuntimeError as error:  # e.g. a substituted variable that is not projected
        raise _store_error(error) or InvalidQuery(f"the query cannot be run with these parameters: {one_line(error)}") from None
    except OSError as error:
        raise KGError(f"the store could not be read: {one_line(error)}") from None


def answer(store: ox.Store, text: str, bindings: dict | None = None, limit: int | None = None,
           offset: int = 0) -> Answer:
    """The query's answer in rdflib terms; `limit`: read at most that many rows (or triples) plus one,
    so that a caller can tell there were more; `offset`: rows passed over first, unread (a page of rows
    is cut here, never by LIMIT or OFFSET written into the query's text)."""
    result = execute(store, text, bindings)
    try:
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = []
            for solution in itertools.islice(result, offset, None):
                rows.append([None if solution[i] is None else rdflib_term(solution[i]) for i in range(len(variables))])
                if limit is not None and len(rows) > limit:
                    break
            return Answer("SELECT", variables, rows)
        triples = []
        for triple in result:
            triples.append(tuple(rdflib_term(t) for t in (triple.subject, triple.predicate, triple.object)))
            if limit is not None and len(triples) > limit:
                break
        return Answer(check(text), triples=triples)
    except (SyntaxError, RuntimeError, OSError) as error:  # evaluation errors surface while reading
        raise _store_error(error) or KGError(f"the query failed: {one_line(error)}") from None
