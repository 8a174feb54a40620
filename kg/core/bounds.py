"""What a Turtle file may hold, checked before a parser reads it: no value a parser or a reasoner would
choke on, and nothing that would silently change what the data says.

- a number has at most MAX_DIGITS digits and an exponent of at most MAX_EXPONENT, written as a number
  or as a typed literal ("1e999999999"^^xsd:decimal is a billion digits once written out as one);
- a literal holds at most MAX_LITERAL_CHARACTERS characters;
- brackets and parentheses nest at most MAX_NESTING deep (rdflib's parser recurses on each);
- an IRI is absolute, or the file says what it is relative to (@base): else `<a>` would be read
  against the curator's own folder, and that path published;
- a data file does not say that two things are one (owl:sameAs, owl:equivalentClass,
  owl:equivalentProperty), nor state a rule from which the reasoner works it out (a functional or inverse
  functional property, a key, a cardinality: EQUALITY_RULES): the reasoner would merge everything said of
  them (three people become one, and every statement of each is said by all three). Link an outside
  identifier with schema:sameAs.

Each is refused with the file, line and column (kg.core.errors.ParseError). A file is searched for anything
that could be out of bounds first (at C speed); only a file where something could be is read token by
token, so checking an archive costs little. The same reader locates a literal the reasoner finds
ill-typed (`literal_positions`).
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.core.errors import ParseError

MAX_DIGITS = 40
MAX_EXPONENT = 400  # (a double ends at 1.8e308)
MAX_LITERAL_CHARACTERS = 1 << 20
MAX_NESTING = 64
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
# Equality stated, and the rules from which OWL-RL works it out (prp-fp, prp-ifp, prp-key, cls-maxc2,
# cls-maxqc3/4: two things with one value of such a property, or one key, are made the same thing).
EQUALITY = {f"{OWL}sameAs", f"{OWL}equivalentClass", f"{OWL}equivalentProperty"}
EQUALITY_RULES = {f"{OWL}{name}" for name in ("FunctionalProperty", "InverseFunctionalProperty", "hasKey", "cardinality",
                                              "maxCardinality", "qualifiedCardinality", "maxQualifiedCardinality")}
REFUSED_IN_DATA = EQUALITY | EQUALITY_RULES
REFUSED_TERMS = {f"<{iri}>" for iri in REFUSED_IN_DATA}  # as kg.sources.load keeps the terms it parsed
# the words that send a file to the token-by-token reading: each refused name, "cardinality" without its first
# letter (owl:cardinality, owl:maxCardinality: either case of the c)
_REFUSED_WORDS = {iri.removeprefix(OWL).encode() for iri in REFUSED_IN_DATA - {f"{OWL}cardinality"}} | {b"ardinality"}


def equality_refused(iri: str, hidden: bool = False) -> str:
    """Why `iri` (one of REFUSED_IN_DATA) is refused in curated data; `hidden`: found in the parsed triples, the
    text having written it so that the check of the text could not see it."""
    name = iri.replace(OWL, "owl:")
    if iri in EQUALITY:
        why = (f"{name} in curated data: the reasoner would make two things one, merging all that is said of either; "
               "use one IRI for one thing (and schema:sameAs to link an identifier elsewhere)")
    else:
        why = (f"{name} in curated data: a rule from which the reasoner makes two things one (owl:sameAs) where they "
               "share a value, merging all that is said of either; the ontology holds the rules "
               "(ontology/oioo.ttl), the data files the facts")
    return why + (" (the text writes it with an escape, a relative IRI or a prefix that splits the name)" if hidden else "")
NUMERIC = {f"{XSD}{name}" for name in ("decimal", "double", "float", "integer", "int", "long", "short", "byte",
                                       "nonNegativeInteger", "positiveInteger", "negativeInteger",
                                       "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
                                       "unsignedByte", "precisionDecimal")}
BOM = b"\xef\xbb\xbf"

# To tell, at C speed, whether anything could be out of bounds: each byte as its class (digits 0, e and
# E e, signs +, the point ., other letters a, anything else a space).
_CLASSES = bytes((48 if chr(b).isdigit() and b < 128 else 101 if b in b"eE" else 43 if b in b"+-"
                  else 46 if b == 46 else 97 if chr(b).isalpha() or b >= 128 or b == 95 else 32) for b in range(256))
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]()")))
_SCHEMELESS = re.compile(rb"<(?![A-Za-z][A-Za-z0-9+.\-]*:)|<[^<>\"\n]*[\x00-\x20{}|^`\\][^<>\"\n]*>")


_NOT_RDF12_MARKS = bytes(sorted(set(range(256)) - set(b"<>|~")))


def _may_be_rdf12(data: bytes) -> bool:
    """Whether `data` may hold RDF 1.2 syntax: << >> {| |} ~ or VERSION (a false alarm, such as a "|" in a
    literal, costs a reading token by token). Two passes over the bytes, not a regular expression: at a
    million triples this is read on every build."""
    marks = data.translate(None, _NOT_RDF12_MARKS)  # an IRI's <...> leaves "<>", never "<<"
    return b"<<" in marks or b">>" in marks or b"|" in marks or b"~" in marks or b"version" in data.lower()


def _suspect(data: bytes) -> bool:
    """Whether anything in `data` could be out of bounds (a false alarm costs a token-by-token reading)."""
    if len(data) > MAX_LITERAL_CHARACTERS or _SCHEMELESS.search(data) is not None or _may_be_rdf12(data):
        return True
    if b"\\u" in data or b"\\U" in data:  # an escape may write a digit or an exponent's e (\u0065) unseen here
        return True
    if any(word in data for word in _REFUSED_WORDS):
        return True
    depth = 0
    for bracket in data.translate(None, _NOT_BRACKETS):
        depth += 1 if bracket in (40, 91) else -1
        if depth > MAX_NESTING:
            return True
    classes = data.translate(_CLASSES)
    if b"0" * (MAX_DIGITS + 1) in classes:
        return True
    for exponent in (b"e000", b"e+000"):  # a number with an exponent of three digits or more
        at = classes.find(exponent)
        while at != -1:
            start = at
            while start > 0 and classes[start - 1] in b"0.":
                start -= 1
            if start < at and _may_start_a_number(data, classes, start, at):
                return True
            at = classes.find(exponent, at + 1)
    return False


def _may_start_a_number(data: bytes, classes: bytes, start: int, at: int) -> bool:
    """Whether the digits and points data[start:at], before an exponent, may begin a number: first in the
    file, after a space, sign or bracket, after another number's exponent (Turtle reads "1e0.5e999" as 1e0
    then .5e999), or after a language tag ("x"@en1e999 is "x"@en then 1e999, "x"@en-gb.5e999 "x"@en-gb then
    .5e999; a false alarm where the tag takes it all, "x"@en-gb1e999, costs a reading token by token)."""
    if start == 0 or classes[start - 1] in b" +":
        return True
    if classes[start - 1] == 101 and 46 in data[start:at]:  # an e or E, and a point: a second number
        return True
    word = start
    while word > 0 and (data[word - 1:word].isalnum() or data[word - 1] in b".-"):  # (bytes: ASCII only)
        word -= 1
    return word > 0 and data[word - 1] == 64 and data[word:word + 1].isalpha()  # "@" and a letter: a tag


# Runs of plain characters are taken whole and never given back (possessive: ++, *+): a token's repeats kept
# a backtracking mark per character, so one 50 MB literal took 12 GB and 31 s to refuse.
TURTLE_TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<long>"""(?:(?:""|")?+(?:[^"\\]++|\\.))*+"""|\'\'\'(?:(?:\'\'|\')?+(?:[^'\\]++|\\.))*+\'\'\')
  | (?P<string>"(?:[^"\\\n\r]++|\\.)*+"|'(?:[^'\\\n\r]++|\\.)*+')
  | (?P<rdf12><<\(?|\)?>>|\{\||\|\}|~|@version\b|(?i:VERSION)(?=\s*["']))
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]++|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>)
  | (?P<badiri><[^<>"\n]*>)
  | (?P<directive>@prefix\b|@base\b|(?i:PREFIX|BASE)(?=[\s<]))
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:[0-9]*\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?[0-9]+\.(?=[eE]))
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w:%\-]++|\\.|\.++(?=[\w:%\-]))*+)
  | (?P<open>[\[(])
  | (?P<close>[\])])
  | (?P<datatype>\^\^)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
_NUMBER = re.compile(r"\s*[+-]?(?P<mantissa>[0-9]*\.?[0-9]*)(?:[eE](?P<exponent>[+-]?[0-9]+))?\s*")


def _tokens(text: str):
    """(kind, text, offset) of each token, whitespace and comments left out."""
    for match in TURTLE_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("space", "comment"):
            yield kind, match.group(), match.start()


def _where(text: str, offset: int) -> tuple[int, int]:
    r"""1-based line and column of `offset`, lines ending in CR LF, LF or CR alone (as the Turtle parser counts).

    >>> _where("a\rb\r\nc\nd", 7), _where("a\rb\r\nc\nd", 2)
    ((4, 1), (2, 1))
    """
    breaks = list(LINE_BREAK.finditer(text, 0, offset))
    return len(breaks) + 1, offset - (breaks[-1].end() if breaks else 0) + 1


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def without_bom(data: bytes) -> bytes:
    """The bytes after a UTF-8 byte-order mark, which some editors write first (the Turtle grammar has none)."""
    return data[len(BOM):] if data.startswith(BOM) else data


def check_turtle(path: Path, data: bytes, data_file: bool = True) -> None:
    """Raise ParseError (file, line, column) for the first thing in the Turtle `data` (a UTF-8 BOM
    removed) that is out of bounds; `data_file`: a curated data file (no equality axioms)."""
    if not data.isascii():
        check_utf8(path, without_bom(data))
    if not _suspect(data):
        return
    text = data.decode("utf-8", "replace")
    prefixes: dict[str, str] = {}
    based, depth = False, 0
    directive: list = []  # while a directive is read: its name, then the prefix it declares
    last: list = []  # the two tokens before, for a typed literal's datatype

    def refuse(offset: int, why: str) -> ParseError:
        line, column = _where(text, offset)
        return ParseError(path, line, column, why)

    for kind, token, offset in _tokens(text):
        if kind == "directive":
            directive = [token.lstrip("@").lower()]
        elif kind in ("string", "long"):
            if len(_content(kind, token)) > MAX_LITERAL_CHARACTERS:
                raise refuse(offset, f"a literal of more than {MAX_LITERAL_CHARACTERS:,} characters; "
                                     "a source's words belong in its text, not in the data")
        elif kind == "number":
            _check_number(token, lambda why: refuse(offset, why))
        elif kind == "rdf12":
            raise refuse(offset, f"{token!r} is RDF 1.2 (a triple term, reifier, annotation or VERSION): kg reads "
                                 "RDF 1.1 Turtle, as its reference engine does; describe a statement as a node "
                                 "of its own, as the data's oo:Statement does")
        elif kind == "badiri":
            raise refuse(offset, f"{token[:80]} is not an IRI: an IRI has no spaces, control characters, or "
                                 "{ } | ^ ` \\ (percent-encode them: %20 for a space)")
        elif kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise refuse(offset, f"brackets nested more than {MAX_NESTING} deep")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "pname" and directive == ["prefix"]:
            directive.append(token.rstrip(":"))
        elif kind in ("iri", "pname"):
            iri = _ESCAPE.sub(_unescaped, token[1:-1]) if kind == "iri" else _expand(token, prefixes)  # (as parsed)
            if kind == "iri" and not based and not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
                raise refuse(offset, f"the relative IRI {token} and no @base before it: write the full IRI or a "
                                     "prefixed name (relative to nothing, it is read against this file's own folder)")
            if directive[:1] == ["base"]:
                based, directive = True, []
            elif directive[:1] == ["prefix"] and len(directive) == 2:
                prefixes[directive[1]], directive = iri, []
            elif data_file and iri in REFUSED_IN_DATA:
                raise refuse(offset, equality_refused(iri))
            elif len(last) == 2 and last[1][0] == "datatype" and last[0][0] in ("string", "long") and iri in NUMERIC:
                _check_number(_content(last[0][0], last[0][1]), lambda why: refuse(last[0][2], why))
        last = (last + [(kind, token, offset)])[-2:]


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _content(kind: str, token: str) -> str:
    r"""A string token's lexical form, its escapes read as the parser reads them: a bound or a literal located
    by its form sees what is stored ("1\u0065999999999"^^xsd:double is 1e999999999, a billion-digit exponent,
    and "12\n"^^xsd:integer is found where it is written). An escape that names no character stays as written.

    >>> _content("string", r'"1\u0065999\t\"\\u0031\U00110000"')
    '1e999\t"\\u0031\\U00110000'
    """
    quote = 3 if kind == "long" else 1
    text = token[quote:-quote]
    return _ESCAPE.sub(_unescaped, text) if "\\" in text else text


def _unescaped(match: re.Match) -> str:
    if match.group(3) is not None:
        return _ECHARS.get(match.group(3), match.group())
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code < 0x110000 else match.group()


def _check_number(lexical: str, refuse) -> None:
    match = _NUMBER.fullmatch(lexical)
    if match is None:
        return  # not a number: the parser or the reasoner says so, located (literal_positions)
    digits = sum(c.isdigit() for c in match["mantissa"])
    if digits > MAX_DIGITS:
        raise refuse(f"a number of {digits} digits; at most {MAX_DIGITS} are read")
    if match["exponent"] is not None and abs(int(match["exponent"][:8])) > MAX_EXPONENT:
        raise refuse(f"the number {lexical.strip()[:40]} has an exponent beyond ±{MAX_EXPONENT}: it is no "
                     "quantity any report states")


def _expand(pname: str, prefixes: dict) -> str:
    prefix, _, local = pname.partition(":")
    return prefixes.get(prefix, f"{prefix}:") + local


def check_utf8(path: Path, data: bytes) -> None:
    """Raise ParseError at the first byte of `data` that is not UTF-8, wherever it is: Oxigraph's parser
    skips a comment's bytes unread, rdflib's decodes the whole file first, and the engines must agree."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start].decode("utf-8")
        line, column = _where(before, len(before))
        raise ParseError(path, line, column, f"not UTF-8 text (the byte 0x{data[error.start]:02x}): a Turtle file "
                                             "is UTF-8") from None


def literal_positions(path: Path, lexical: str, double: bool = False) -> list[tuple[int, int, str]]:
    """(line, column, as written) of each typed literal "lexical"^^... or number `lexical` in the Turtle file at `path`; with
    `double`, of each number written as an xsd:double (with an exponent: 1e24, "1e24"^^xsd:double) whose
    value is the double `lexical` as rdflib prints it (1e+24, -inf for -1e400, 0.0 for 1e-400)."""
    try:
        text = without_bom(Path(path).read_bytes()).decode("utf-8", "replace")
    except OSError:
        return []
    value = as_float(lexical) if double else None
    double = value is not None
    found, last = [], None
    for kind, token, offset in _tokens(text):
        if kind == "datatype" and last is not None and last[0] in ("string", "long"):
            content = _content(*last[:2])
            if content == lexical or (double and "e" in content.lower() and as_float(content) == value):
                found.append((*_where(text, last[2]), last[1]))
        elif kind == "number" and (token == lexical or double and "e" in token.lower() and as_float(token) == value):
            found.append((*_where(text, offset), token))
        last = (kind, token, offset)
    return found


def as_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
