"""Turtle text as rdflib's parser reads it, token by token, and where each token is written.

rdflib's Turtle parser refuses or misreads some Turtle that Oxigraph's (and the Turtle grammar) reads.
A relative IRI is resolved as RFC 3986 resolves it (`resolved`, rdflib's parser's own join replaced), and a
prefixed name ending in an escaped dot is given as its IRI (`_written_in_full`), which rdflib refused.
Every reader of the project's Turtle that goes through rdflib's parser reads the rewrite instead: the
reference's loader (kg.reference.load) and the location finder (kg.sources.positions), which maps offsets
in the rewrite back to the text as written (each token's start and end in `rdflib_tokens`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from urllib.parse import urljoin

from rdflib.namespace import XSD
from rdflib.plugins.parsers import notation3

from kg.core.bounds import TURTLE_TOKEN

_LONE_CR = re.compile(r"\r(?!\n)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_ESCAPE = re.compile(r"\\(.)")  # a local name's escaped character (PN_LOCAL_ESC)


def resolved(base: str, reference: str) -> str:
    """An IRI reference resolved against `base` as RFC 3986 (5.2, strict) resolves it, and Oxigraph's parser:
    rdflib's parser joined them its own way, and `<people/../x1>` under `@base <https://w3id.org/oioo/id/>`
    was .../people/../x1 on the reference and oi:x1 on the engine, `<?y>` another IRI again (a hostile read
    found it). Python's urljoin is RFC 3986's but for a reference with a scheme, which is taken as it is.

    >>> resolved("http://a/b/c/d;p?q", "../../../g"), resolved("http://a/b/c/d;p?q", "?y"), resolved("http://a/b/", "http:g")
    ('http://a/g', 'http://a/b/c/d;p?y', 'http:g')
    """
    return reference if _SCHEME.match(reference) else urljoin(base, reference)


notation3.join = resolved  # (the name rdflib's Turtle parser resolves every relative IRI by)


def as_rdflib_reads_it(text: str) -> str:
    r"""The Turtle text rewritten, token by token, where rdflib's parser reads it otherwise than Turtle
    (and Oxigraph) do:
    - it ends a line at LF only, and refused a file whose lines end in CR alone: between tokens, each CR
      alone becomes LF (in a long string it is the literal's own, and stays);
    - it reads a bare number as a Python number, and writes it back in Python's form: +1, 01 and -0 as
      1, 1 and 0, .5 as 0.5, 1e3 as 1000.0, where the engine keeps the form written. A bare number becomes
      the typed literal Turtle says it is ("+1"^^xsd:integer), whose form rdflib keeps;
    - it refused white space or a comment between a string and its `^^` or language tag, or between `^^`
      and the datatype (Turtle allows them between any two tokens): they move after the datatype or tag,
      so that lines are counted as before.

    >>> as_rdflib_reads_it('<a> <b> +1, 2.50, 1e3 .')
    '<a> <b> "+1"^^<http://www.w3.org/2001/XMLSchema#integer>, "2.50"^^<http://www.w3.org/2001/XMLSchema#decimal>, "1e3"^^<http://www.w3.org/2001/XMLSchema#double> .'
    >>> as_rdflib_reads_it('<a> <b> "x" # c\n ^^ <d>, "y" @en, "z" .')
    '<a> <b> "x"^^<d> # c\n  , "y"@en , "z" .'
    """
    return "".join(token for token, _, _ in rdflib_tokens(text))


def rdflib_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Each token of `as_rdflib_reads_it(text)`, in order, with the start and end in `text` of the token
    it is written for (a gap moved out of a literal keeps its own place in `text`).

    >>> list(rdflib_tokens('"x" @en 01'))
    [('"x"', 0, 3), ('@en', 4, 7), (' ', 3, 4), (' ', 7, 8), ('"01"^^<http://www.w3.org/2001/XMLSchema#integer>', 8, 10)]
    """
    matches = list(TURTLE_TOKEN.finditer(text))
    moved = []  # the gaps inside a literal, written after it
    namespaces, declaring = {}, []  # prefix -> its IRI, as the text declares them; the directive being read
    for match, in_literal in zip(matches, _gaps_in_literals([match.lastgroup for match in matches])):
        kind, token = match.lastgroup, match.group()
        if kind == "space":
            token = _LONE_CR.sub("\n", token)
        elif kind == "number":
            datatype = XSD.double if "e" in token.lower() else XSD.decimal if "." in token else XSD.integer
            token = f'"{token}"^^<{datatype}>'
        if kind not in ("space", "comment"):
            declaring = _declared(declaring, kind, token, namespaces)
        if kind == "pname" and token.endswith("\\.") and _SCHEME.match(namespaces.get(token.partition(":")[0], "")):
            token = _written_in_full(token, namespaces)
        if in_literal:
            moved.append((token, match.start(), match.end()))
            continue
        yield token, match.start(), match.end()
        if moved and kind not in ("string", "long", "datatype"):
            yield from moved
            moved = []
    yield from moved


def _declared(declaring: list, kind: str, token: str, namespaces: dict) -> list:
    """The directive being read after this token (a prefix's: its words so far), each prefix it declares kept in
    `namespaces` with its IRI as written."""
    if kind == "directive" and token.lower().lstrip("@") == "prefix":
        return [token]
    if declaring and len(declaring) == 1 and kind == "pname":
        return [*declaring, token]
    if declaring and len(declaring) == 2 and kind == "iri":
        namespaces[declaring[1][:-1]] = token[1:-1]
    return []


def _written_in_full(name: str, namespaces: dict) -> str:
    r"""A prefixed name whose local part ends in an escaped dot (`oi:x2\.`, Turtle's PN_LOCAL_ESC), written as
    its IRI: rdflib's parser refused it ("expected directive or statement") where Oxigraph reads
    https://w3id.org/oioo/id/x2. (a hostile read found it).

    >>> _written_in_full(r"oi:x2\.", {"oi": "https://w3id.org/oioo/id/"})
    '<https://w3id.org/oioo/id/x2.>'
    """
    prefix, _, local = name.partition(":")
    return "<" + namespaces[prefix] + _ESCAPE.sub(r"\1", local) + ">"


def _gaps_in_literals(kinds: list) -> list:
    """For each token: whether it is a gap (white space, a comment) between a string and its `^^` or
    language tag, or between `^^` and the datatype."""
    gap = [kind in ("space", "comment") for kind in kinds]
    before, last = [None] * len(kinds), None  # the kind of the last token that is no gap, before each
    for at, kind in enumerate(kinds):
        before[at] = last
        if not gap[at]:
            last = kind
    inside, after = [False] * len(kinds), None
    for at in range(len(kinds) - 1, -1, -1):
        if not gap[at]:
            after = kinds[at]
        else:
            inside[at] = (before[at] == "datatype"
                          or before[at] in ("string", "long") and after in ("datatype", "langtag"))
    return inside
