"""Query results as the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and RDF syntaxes, for a server:
written by Oxigraph's own writers, straight from the store, with no term made in Python on the way.

A server returns at most so many rows: a SELECT answer is written up to a byte cap, then its rows
are counted in what was written (`count_rows`), unless it is too short to hold more or has too few row
marks (`rows_at_most`).
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox

from kg.core.namespaces import PREFIXES

SELECT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
# N-Quads and TriG: a query's triples, all in the default graph, as a client of a dataset's formats asks for them
GRAPH_MEDIA = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
               "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml", "nq": "application/n-quads",
               "trig": "application/trig"}
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD,
               "rdfxml": ox.RdfFormat.RDF_XML, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"


SELECT_WRITERS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"')  # possessive: a mark a character took 1 GB for an 8 MB string
_XML_BYTES = bytes(c for c in range(256) if c >= 0x20 or c in b"\t\n\r")  # all but the C0 controls XML 1.0 refuses
# XML 1.0's NameStartChar and the rest of NameChar, but ':': an RDF/XML property element is a QName.
_NAME_START = ("A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f"
               "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_NAME_TAIL = re.compile(f"(?:.*[^{_NAME_START}\\-.0-9\xb7\u0300-\u036f\u203f\u2040])?(.*)\\Z", re.S)
_NAME_START_CHAR = re.compile(f"[{_NAME_START}]")
# The fewest bytes a row takes in each format (a row with nothing bound: `{}` and its comma; `<result></result>`;
# a line end): an answer of at most max_rows times as many bytes cannot pass the row cap, and is not counted.
MIN_ROW_BYTES = {"json": 2, "xml": len(b"<result></result>"), "csv": 1, "tsv": 1}


class TooLarge(Exception):
    """An answer past a cap: more rows than `max_rows` (`rows` true), or more bytes than `max_bytes`."""

    def __init__(self, rows: bool):
        super().__init__("rows" if rows else "bytes")
        self.rows = rows


class Unwritable(Exception):
    """An answer a format cannot carry (the reason, for the client): sent, it would not be what its media
    type promises."""


class _Full(Exception):
    pass


class _CappedBuffer:
    """What Oxigraph's writer writes, kept up to `limit` bytes: a runaway answer stops there."""

    def __init__(self, limit: int):
        self.parts, self.size, self.limit = [], 0, limit

    def write(self, chunk) -> int:
        self.parts.append(bytes(chunk))
        self.size += len(chunk)
        if self.size > self.limit:
            raise _Full
        return len(chunk)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


def count_rows(body: bytes, fmt: str) -> int:
    """The rows (solutions) in the start of a SELECT answer written by Oxigraph in `fmt`, read from its
    structure: in JSON, the objects of the bindings array once every string is blanked out (a row
    starts at `[{` or `},{`, which nothing else in the structure has); in XML, `<result>` (text is
    escaped); in TSV, the lines after the header (terms are escaped N-Triples); in CSV, the line ends
    outside quotes after the header.

    >>> count_rows(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"},{"}},{}]}}', "json")
    2
    >>> count_rows(b'x\\r\\n"a\\r\\nb"\\r\\n', "csv")
    1
    """
    if fmt == "json":
        structure = JSON_STRING.sub(b'""', body)
        return structure.count(b"[{") + structure.count(b"},{")
    if fmt == "xml":
        return body.count(b"<result>")
    if fmt == "tsv":
        return max(body.count(b"\n") - 1, 0)
    if fmt == "csv":
        return max(sum(piece.count(b"\n") for piece in body.split(b'"')[::2]) - 1, 0)
    raise ValueError(f"unknown results format {fmt!r}")


def rows_at_most(body: bytes, fmt: str) -> int:
    """As many rows as `body` holds, or more: `count_rows` without reading the literals (a literal can
    only add a row mark or a line end, never hide one), a byte count that is cheap to take first.

    >>> rows_at_most(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"},{"}},{}]}}', "json")
    3
    """
    if fmt == "json":
        return body.count(b"[{") + body.count(b"},{")
    if fmt == "csv":
        return max(body.count(b"\n") - 1, 0)
    return count_rows(body, fmt)  # XML and TSV: as cheap exactly


def _more_rows_than(body: bytes, fmt: str, max_rows: int) -> bool:
    """Whether `body` holds more than `max_rows` rows, counted only if the cheap bounds cannot tell."""
    if len(body) <= max_rows * MIN_ROW_BYTES[fmt] or rows_at_most(body, fmt) <= max_rows:
        return False
    return count_rows(body, fmt) > max_rows


def select(solutions: ox.QuerySolutions, fmt: str, max_rows: int, max_bytes: int) -> bytes:
    """The solutions as Oxigraph's own writer writes them in `fmt` (SPARQL 1.1 JSON, XML, CSV or TSV),
    refused with TooLarge past `max_rows` rows or `max_bytes` bytes (the writer stops at the byte cap,
    so a runaway answer costs at most that much)."""
    buffer = _CappedBuffer(max_bytes)
    try:
        solutions.serialize(buffer, SELECT_WRITERS[fmt])
    except _Full:
        raise TooLarge(rows=_more_rows_than(buffer.value(), fmt, max_rows)) from None
    body = buffer.value()
    if _more_rows_than(body, fmt, max_rows):
        raise TooLarge(rows=True)
    if fmt == "xml" and not_xml(body):
        raise Unwritable(NOT_XML_REASON)
    return body


def boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    end = "\r\n" if fmt == "csv" else "\n"  # a CSV's lines end in CRLF (RFC 4180), as a SELECT's CSV rows do; TSV's in LF
    return f"{'true' if value else 'false'}{end}".encode()


def graph(triples: list, fmt: str) -> bytes:
    """`triples`: pyoxigraph Triples, written in an RDF syntax with the project's prefixes; Unwritable if
    the syntax cannot carry them, where Oxigraph would refuse (JSON-LD, a triple term) or write a document
    that is not XML (RDF/XML, a control character or a property without an XML name)."""
    if fmt == "rdfxml":
        return _rdfxml(triples)
    if fmt in ("nt", "nq"):
        return ox.serialize(triples, format=RDF_FORMATS[fmt])
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    try:
        return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes)
    except OSError:  # looked into only then: "JSON-LD does not support RDF 1.2 yet"
        if fmt == "json-ld" and any(isinstance(t.object, ox.Triple) for t in triples):
            raise Unwritable("the answer holds an RDF 1.2 triple term, which JSON-LD cannot carry") from None
        raise


NOT_XML_REASON = "the answer holds a character XML 1.0 cannot carry (a control character)"


def not_xml(body: bytes) -> bool:
    """Whether UTF-8 `body` holds a character XML 1.0 cannot carry (kg.validation.formats.NOT_XML; Oxigraph
    writes no surrogate), which its XML writers write as it is. Every other byte deleted, what is left says:
    a millisecond a megabyte, where a regular expression took twenty (measured).

    >>> not_xml("é\\t\\n".encode()), not_xml(b"a\\x01"), not_xml("\\ufffe".encode())
    (False, True, True)
    """
    if body.translate(None, _XML_BYTES):
        return True
    return b"\xef\xbf" in body and (b"\xef\xbf\xbe" in body or b"\xef\xbf\xbf" in body)  # U+FFFE, U+FFFF


def _rdfxml(triples: list) -> bytes:
    body = ox.serialize(triples, format=ox.RdfFormat.RDF_XML)
    properties = {t.predicate.value for t in triples}
    if b'rdf:parseType="Triple"' in body:  # triple terms, whose properties are elements too
        properties = _predicates(triples)
    unnamed = next((p for p in sorted(properties) if not rdfxml_writable(p)), None)
    if unnamed is not None:
        raise Unwritable(f"RDF/XML cannot write the property <{unnamed}>: no XML name ends it")
    if not_xml(body):
        raise Unwritable(NOT_XML_REASON)
    return body


def rdfxml_writable(iri: str) -> bool:
    """Whether RDF/XML can write `iri` as a property element: Oxigraph splits it before the first
    NameStartChar of its last run of XML name characters (no ':'), and with none there writes the
    element `<oxprefix:>`, which is not XML.

    >>> rdfxml_writable("https://w3id.org/oioo/ontology#said"), rdfxml_writable("urn:1"), rdfxml_writable("urn:x/1a")
    (True, False, True)
    """
    return _NAME_START_CHAR.search(_NAME_TAIL.match(iri).group(1)) is not None


def _predicates(triples: list) -> set:
    """The properties of `triples`, and of the triple terms they hold."""
    found, nested = set(), []
    for triple in triples:
        found.add(triple.predicate.value)
        if isinstance(triple.object, ox.Triple):
            nested.append(triple.object)
    return found | (_predicates(nested) if nested else set())
