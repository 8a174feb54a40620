"""What a query may do here: read the local graph, nothing else.

A query is refused, before anything runs, when it would reach out or write: SERVICE (Oxigraph would
call the endpoint with its own HTTP client), FROM / FROM NAMED, LOAD and every other update.
pyoxigraph runs a text and shows nobody its parse, and two readers of SPARQL part a text differently
(Oxigraph matches a keyword wherever its grammar allows one, with no word boundary: `trueSERVICE<...>`
is the literal true and a SERVICE call, `SERVICESILENT<...>` a silent one, `ASKFROM<g>` an ASK with a
dataset clause). So no one reader's tokens decide alone:

- SERVICE: a bare word or a prefix that holds the keyword, however glued to what is around it, is
  refused. Where the letters s-e-r-v-i-c-e appear otherwise (in any case, after the codepoint escapes
  `\\uXXXX` that the grammar applies before anything else), in a string, an IRI, a comment, a variable or
  a name (`schema:GovernmentService`), SPARQL's grammar decides, as rdflib's parser reads the very text
  that runs: a parse that holds a SERVICE call is refused, and so is a text that parser cannot read. A
  text in which the letters appear nowhere cannot be parsed as a SERVICE call by any parser;
- FROM and FROM NAMED: every query runs on the dataset kg.sparql.run.execute gives Oxigraph (the
  store's default graph, no named graphs), which replaces whatever dataset clause the parse holds:
  one that a reader here missed reads nothing else. Those written where they can be seen (a bare word
  or a prefix holding FROM) are refused, so that a query is never answered from another graph than
  its text names without a word;
- updates: execute() runs only `Store.query`, whose parser reads no update (LOAD, INSERT ...: a syntax
  error). Bare words holding an update keyword are refused with a message that says so;
- codepoint escapes: this check and rdflib read them as SPARQL 1.1 does, before anything else; Oxigraph
  0.5 reads them as SPARQL 1.2 does, inside strings and IRIs only. An escape of a character that ends a
  string or an IRI, or escapes the next (" ' > and the backslash), parts the text differently for the two
  (`"a\\u005C" SERVICE <...> { } BIND("` is one string here, a call there): it is refused (parting_escape).

Sizes are bounded before anything reads the text (length, nesting), so a hostile query costs little
to refuse.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.core.errors import KGError

MAX_QUERY_CHARACTERS = 100_000
MAX_NESTING = 64  # brackets and braces, one inside another
# Operators and patterns one after another, and the items of one list: each nests the query's tree one
# level deeper, and Oxigraph walks it by recursion (2,000 BINDs run, 5,000 overflow its stack and kill
# the process; 9,000 objects after commas, or a collection `( ... )` of 4,500 items, do too: measured).
MAX_CHAINED = 1_000
CHAINING = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "EXISTS", "VALUES", "SERVICE", "IN"}
_OPERATORS = set("!+-*/|&=<>^,;")
_ITEMS = {"long1", "long2", "string1", "string2", "iri", "variable", "number", "name", "word", "open"}  # terms


class RefusedQuery(KGError):
    """A query that would reach out (SERVICE, LOAD, FROM) or write: refused before it runs (HTTP 403)."""


class InvalidQuery(KGError):
    """Not a SPARQL 1.1 query this service can read (HTTP 400)."""


class LongQuery(InvalidQuery):
    """A query longer than this service reads: HTTP 413, as a POSTed body over the server's bound is (RFC 9110, 15.5.14:
    content larger than the server will process); a query that long cannot come in a URL, which is a 414 first."""

    status = 413


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# A character of a prefixed name's local part (SPARQL 1.1's PN_LOCAL, whose dots may not end it): a
# name ends where Oxigraph ends it, so that `oo:x.?a?b?c.SERVICE <...>` is the name oo:x, two dots,
# three variables and the keyword SERVICE, as Oxigraph reads it, not one long name hiding the keyword.
_LOCAL = r"(?:[\w\-\u00B7\u0300-\u036F\u203F-\u2040:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])"
# The grammar's terminals that can hold a keyword-looking word without being one, then words.
_TOKEN = re.compile(r'''
    (?P<long1>'{3}(?:(?:'|'')?(?:[^'\\]|\\.))*'{3})
  | (?P<long2>"{3}(?:(?:"|"")?(?:[^"\\]|\\.))*"{3})
  | (?P<string1>'(?:[^'\\\n\r]|\\.)*')
  | (?P<string2>"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<variable>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[^\s{}()\[\];,.<>"'?$#=!&|+*/^-]*:(?:%(local)s(?:(?:%(local)s|\.)*%(local)s)?)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
''' % {"local": _LOCAL}, re.VERBOSE | re.DOTALL)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
REACHING_OUT = {"SERVICE": "SERVICE is refused: queries run on the local graph only",
                "FROM": "FROM and FROM NAMED are refused: queries run on the local graph only"}
WRITING = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
UPDATE_MESSAGE = "SPARQL updates (including LOAD) are refused: the graph is read-only"
REFUSED = {**REACHING_OUT, **{word: UPDATE_MESSAGE for word in sorted(WRITING)}}
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def unescaped(text: str) -> str:
    r"""The text after the grammar's codepoint escapes (\u0053 is S), as a SPARQL parser reads it.

    >>> unescaped(r"\u0053ERVICE")
    'SERVICE'
    """
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if int(m.group(1) or m.group(2), 16) < 0x110000
                          else m.group(0), text)


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|.)", re.DOTALL)  # (\\ is a backslash: no escape after it)


def _where(text: str, offset: int) -> str:
    """"at line L, column C" of `offset` in `text` (both counted from 1)."""
    return f"at line {text.count(chr(10), 0, offset) + 1}, column {offset - text.rfind(chr(10), 0, offset)}"


def no_character(text: str) -> str:
    r"""Where the first codepoint escape of `text` that names no character is, and why, said plainly; or "".
    A UTF-16 surrogate (D800 to DFFF) is half of a character, and Unicode ends at U+10FFFF: Oxigraph said
    "expected ENCODE_FOR_URI", or "\u escape sequence should be followed by hexadecimal digits" (which it
    was), and rdflib read "?" for it.

    >>> no_character(r'ASK { ?s ?p "\uD83D" }')
    'at line 1, column 14: \\uD83D is not a character: a \\u escape of a UTF-16 surrogate (D800 to DFFF) names half of one; write the character itself, or \\U and 8 hex digits for one beyond U+FFFF (\\U0001F600)'
    >>> no_character(r'ASK { ?s ?p "\\uD83D\u00e9" }')
    ''
    """
    for match in _ESCAPE.finditer(text):
        digits = match.group(1) or match.group(2)
        code = int(digits, 16) if digits else 0
        if not (0xD800 <= code <= 0xDFFF or code > 0x10FFFF):
            continue
        where = _where(text, match.start())
        if code > 0x10FFFF:
            return f"{where}: {match.group()} is not a character: Unicode ends at U+10FFFF"
        low = re.match(r"\\u([Dd][C-Fc-f][0-9A-Fa-f]{2})", text[match.end():])
        if code < 0xDC00 and low:
            joined = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
            return (f"{where}: {match.group()}{low.group()} is not a character: a UTF-16 surrogate pair, which SPARQL "
                    f"does not join; write \\U{joined:08X} (or the character itself)")
        return (f"{where}: {match.group()} is not a character: a \\u escape of a UTF-16 surrogate (D800 to DFFF) "
                f"names half of one; write the character itself, or \\U and 8 hex digits for one beyond U+FFFF "
                f"(\\U0001F600)")
    return ""


# Every codepoint escape either reader may see: SPARQL 1.1's \uXXXX and \UXXXXXXXX, and rdflib's (either letter's
# case, four hex digits or eight), wherever the text holds one (rdflib expands `\\u0022` too)
_ANY_CODEPOINT = re.compile(r"\\[uU]([0-9A-Fa-f]{4})([0-9A-Fa-f]{4})?")
# Characters that end a string or an IRI, or escape what follows: a codepoint escape of one parts the text apart
# differently for the two readers
_PARTING = {0x22: "a quotation mark", 0x27: "an apostrophe", 0x5C: "a backslash", 0x3E: "a '>'"}


def parting_escape(text: str) -> str:
    r"""Where `text` holds a codepoint escape of a character that ends a string or an IRI (" ' > or a backslash),
    and why it is refused, said plainly; or "". SPARQL 1.1 applies codepoint escapes before anything else, as
    rdflib's parser does (the reference engine, and the check here): `"a\u005C" ... "` is one string, the
    escape making the quotation mark after it a character of the string. SPARQL 1.2 reads them only inside
    strings and IRIs, as Oxigraph 0.5 does: the same text is the string `a\` and what follows it is the
    query, a SERVICE call the check read as words of a string included. No check can read both ways at once.

    >>> print(parting_escape(r'ASK { ?s ?p "a\u005C" }')[:66])
    at line 1, column 15: \u005C is a backslash written as a codepoint
    >>> parting_escape(r'ASK { ?s ?p "caf\u00E9" }')
    ''
    """
    for match in _ANY_CODEPOINT.finditer(text):
        codes = [int(match.group(1), 16)] + ([int(match.group(1) + match.group(2), 16)] if match.group(2) else [])
        parting = next((code for code in codes if code in _PARTING), None)
        if parting is None:
            continue
        written = match.group() if parting == codes[-1] and len(codes) > 1 else match.group()[:6]
        return (f"{_where(text, match.start())}: {written} is {_PARTING[parting]} written as a codepoint escape, "
                f"which SPARQL 1.1 and 1.2 parsers read differently (one before reading strings and IRIs, one inside "
                f"them): write it as a string escape (\\\" \\' \\\\) or, outside a string, as itself")
    return ""


def keywords(text: str) -> list[str]:
    """The bare words of a query, upper-cased, outside strings, IRIs, comments, variables and prefixed
    names; raises InvalidQuery when brackets nest deeper than MAX_NESTING, or more than MAX_CHAINED
    operators and patterns follow one another.

    >>> keywords('SELECT * WHERE { ?s <urn:SERVICE> "SERVICE" . # SERVICE\\n }')
    ['SELECT', 'WHERE']

    The words of a prefix count too, marked with a colon: a parser that meets `FROM:x` where a clause
    may stand reads the keyword FROM and the name `:x` (Oxigraph does).

    >>> keywords('SELECT * FROM:x WHERE { ?s ?p ?o }')
    ['SELECT', 'FROM:', 'WHERE']
    >>> keywords('SELECT * WHERE { ?s ?p oo:x.?a?b?c.FROM <urn:x> {} }')
    ['SELECT', 'WHERE', 'OO:', 'FROM']
    """
    words, depth, chained = [], 0, 0
    items = [None]  # the tokens in each open bracket, innermost last, counted in ( ... ) (a collection)
    for match in _TOKEN.finditer(unescaped(text)):
        kind = match.lastgroup
        if items[-1] is not None and (kind in _ITEMS or kind == "other" and match.group().isalnum()):
            items[-1] += 1
            if items[-1] > MAX_CHAINED:
                raise InvalidQuery(f"the query lists more than {MAX_CHAINED:,} items in one ( ... ): "
                                   f"write it as several queries")
        if kind == "word":
            words.append(match.group().upper())
            chained += words[-1] in CHAINING
        elif kind == "name":  # FROM:x is also the keyword FROM before the name :x, as Oxigraph reads it
            words.extend(f"{word.upper()}:" for word in _WORD.findall(match.group().partition(":")[0]))
        elif kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise InvalidQuery(f"the query nests brackets more than {MAX_NESTING} deep")
            items.append(0 if match.group() == "(" else None)
        elif kind == "close":
            depth -= 1
            if len(items) > 1:
                items.pop()
        elif kind == "other":
            chained += match.group() in _OPERATORS
    if chained > MAX_CHAINED:
        raise InvalidQuery(f"the query chains more than {MAX_CHAINED:,} operators, list items and patterns "
                           f"(! + - * / | & = < > ^ , ;, "
                           f"{', '.join(sorted(CHAINING))}): write it as several queries")
    return words


def check(text: str) -> str:
    """Refuse (RefusedQuery) what reaches out or writes, and (InvalidQuery) what is not a query this
    service reads; return the query form: SELECT, ASK, CONSTRUCT or DESCRIBE."""
    if len(text) > MAX_QUERY_CHARACTERS:
        raise LongQuery(f"the query is longer than {MAX_QUERY_CHARACTERS:,} characters")
    return _checked(text)


@lru_cache(maxsize=512)
def _checked(text: str) -> str:
    unnamed = no_character(text) or parting_escape(text)  # (before any engine reads it: Oxigraph's words for
    if unnamed:  # the first mean nothing to a user; the second part the text otherwise than this check reads it)
        raise InvalidQuery(f"not valid SPARQL: {unnamed}")
    words = keywords(text)
    for word in words:
        bare = word.rstrip(":")
        refused = next((keyword for keyword in REFUSED if keyword in bare), None)
        if refused is None:
            continue
        if word == refused:
            raise RefusedQuery(REFUSED[refused])
        how = (f"a prefix named '{bare.lower()}:'" if word.endswith(":") else f"'{bare}'") + f" reads as {refused}"
        raise RefusedQuery(f"{REFUSED[refused]} ({how} where a clause may stand: write the words apart, or give "
                           f"the prefix another name)")
    if "service" in unescaped(text).casefold():  # in a string, an IRI, a comment or a name: the parse decides
        _refuse_a_service_in_the_parse(text)
    form = next((w for w in words if w in FORMS), None)
    if form is None and all(m.lastgroup == "comment" or m.group().isspace() for m in _TOKEN.finditer(unescaped(text))):
        raise InvalidQuery("the query is empty (nothing but spaces or comments): write a SELECT, ASK, CONSTRUCT or "
                           "DESCRIBE query")
    if form is None:
        raise InvalidQuery("not a SPARQL query: it has no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def _refuse_a_service_in_the_parse(text: str) -> None:
    """Refuse a text whose parse holds a SERVICE call, and one that cannot be parsed here: its tokens
    showed no SERVICE keyword, but the letters are in it (`schema:GovernmentService`, "Service" in a
    string), so SPARQL's grammar, as rdflib's parser reads the very text that runs, decides."""
    from kg.core.namespaces import PREFIX_IRIS
    from kg.sparql.parsing import algebra_nodes, prepare_query

    try:
        algebra = prepare_query(text, initNs=PREFIX_IRIS).algebra
    except Exception as error:  # pyparsing's ParseException, rdflib's errors of translation, a RecursionError
        where = f" (line {error.lineno}, column {error.col})" if hasattr(error, "lineno") else ""
        raise RefusedQuery(f"{REACHING_OUT['SERVICE']}: this query holds the word 'service' and could not be read "
                           f"here{where} to make sure it calls none") from None
    if any(node.name == "ServiceGraphPattern" for node in algebra_nodes(algebra)):
        raise RefusedQuery(REACHING_OUT["SERVICE"])


_SPACED_IRI = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\s]*[ \t][^<>\"{}|^`\\\n]*>")


def syntax_hint(text: str, known) -> str:
    """What a query the parser refused most likely lacks, said plainly, or "": a prefix neither declared in the
    query nor among the `known` ones (Oxigraph said "expected ENCODE_FOR_URI" for `foo:bar`), or a relative IRI
    with no BASE (the same words).

    >>> syntax_hint("SELECT ?x WHERE { BIND(foo:bar AS ?x) }", {"oo"})
    "the prefix 'foo:' is not declared: add PREFIX foo: <...> before the query, or use one kg knows (oo:)"
    >>> syntax_hint("PREFIX foo: <urn:f#> SELECT ?x WHERE { BIND(foo:bar AS ?x) }", {"oo"})
    ''
    >>> syntax_hint("SELECT ?x WHERE { BIND(<relative> AS ?x) }", {"oo"})
    '<relative> is a relative IRI and the query has no BASE: write the IRI in full (<https://...>)'
    >>> syntax_hint("SELECT * WHERE { <http://exa mple.org/a> ?p ?o }", {"oo"})
    '<http://exa mple.org/a> is not an IRI: an IRI holds no space (write it %20)'
    >>> syntax_hint("SELECT * WHERE { _:a ?p ?o } LIMT 5", {"oo"})
    ''
    """
    spaced = _SPACED_IRI.search(unescaped(text))  # (read as the name 'http:' then words: not the fault)
    if spaced:
        return f"{spaced.group()} is not an IRI: an IRI holds no space (write it %20)"
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(unescaped(text))]
    meaningful = [(k, v) for k, v in tokens if not (k == "other" and v.isspace())]  # (spaces, as "other")
    declared = {v.partition(":")[0] for (k0, v0), (k, v) in zip(meaningful, meaningful[1:])
                if k0 == "word" and v0.upper() == "PREFIX" and k == "name"}
    based = any(k == "word" and v.upper() == "BASE" for k, v in meaningful)
    for kind, value in meaningful:
        prefix = value.partition(":")[0]
        if kind == "name" and prefix not in declared and prefix not in known and prefix != "_":  # (_:b: a blank node)
            return (f"the prefix '{prefix}:' is not declared: add PREFIX {prefix}: <...> before the query"
                    + (f", or use one kg knows ({', '.join(f'{p}:' for p in sorted(known))})" if known else ""))
        if kind == "iri" and not based and not re.match(r"<[A-Za-z][A-Za-z0-9+.\-]*:", value):
            return f"{value} is a relative IRI and the query has no BASE: write the IRI in full (<https://...>)"
    return ""


# Where a shapes graph holds SPARQL that a validator runs: constraints (sh:select, sh:ask), SHACL-AF
# targets and rules (sh:select, sh:construct, sh:update), each under the shape that holds it.
SHAPE_QUERIES = ("select", "ask", "construct", "update")
SHAPE_HOLDERS = ("sparql", "target", "rule")


# What SHACL forbids in a SPARQL-based constraint, whose variables are pre-bound (SHACL 5.2.1), and how
# to say it instead. pySHACL refuses them by regular expressions that miss a MINUS after an IRI with a "#".
PRE_BOUND_FORBIDS = {"MINUS": "FILTER NOT EXISTS { ... }", "VALUES": "FILTER (?x IN (...))"}


def check_shapes(shapes) -> None:
    """Refuse (RefusedQuery, InvalidQuery) a shapes graph (rdflib) whose SPARQL would reach out or write,
    naming the shape that holds it: validation reads the local graph only, on either engine (Oxigraph
    would call a SERVICE with its own HTTP client; pySHACL's rdflib would read a FROM). A constraint
    (sh:sparql) with what SHACL forbids where $this is pre-bound is refused too, alike on both engines; and
    GRAPH, which can match nothing in the one graph validation reads (the engine ran it over its own
    working graphs and found every report; pySHACL's rdflib failed: an internal error)."""
    from kg.core.namespaces import SH

    for holder, text in sorted((h, str(t)) for key in SHAPE_QUERIES for h, t in shapes.subject_objects(SH[key])):
        owner = next((shape for key in SHAPE_HOLDERS for shape in shapes.subjects(SH[key], holder)), holder)
        try:
            check(text)
            words = keywords(text)
            if "GRAPH" in words:
                raise InvalidQuery("GRAPH matches nothing here: validation reads one graph, with no named graphs; "
                                   "write the pattern without GRAPH { ... }")
            forbidden = [word for word in PRE_BOUND_FORBIDS if word in words]
            if forbidden and (None, SH.sparql, holder) in shapes:
                raise InvalidQuery(f"SHACL forbids {' and '.join(forbidden)} in a SPARQL-based constraint, where $this "
                                   "is pre-bound: write " + "; ".join(f"{PRE_BOUND_FORBIDS[w]} for {w}" for w in forbidden))
        except KGError as error:
            raise type(error)(f"the SPARQL of {owner} in the shapes: {error}") from None
