"""Query results as the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and RDF syntaxes, written
straight from pyoxigraph's terms, for a server: no conversion to rdflib terms on the way.

Rows are read up to a cap first (a server returns at most so many), so the writers take lists.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.graph.terms import XSD_STRING
from kg.namespaces import PREFIXES

SELECT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_MEDIA = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
               "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml"}
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD,
               "rdfxml": ox.RdfFormat.RDF_XML}
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def select(variables: list[str], rows: list, fmt: str) -> bytes:
    """`rows`: lists of pyoxigraph terms (None where unbound), in the variables' order."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>', f'<sparql xmlns="{SPARQL_RESULTS}">', "<head>"]
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out += ["</head>", "<results>"]
        for row in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                            for v, t in zip(variables, row) if t is not None) + "</result>")
        out += ["</results>", "</sparql>"]
        return ("\n".join(out) + "\n").encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([[_csv_value(t) for t in row] for row in rows])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":  # terms in N-Triples syntax, as SPARQL 1.1 TSV asks
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t).replace("\t", "\\t") for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return b"true\n" if value else b"false\n"


def graph(triples: list, fmt: str) -> bytes:
    """`triples`: pyoxigraph Triples, written in an RDF syntax with the project's prefixes."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if fmt in ("nt", "rdfxml"):
        return ox.serialize(triples, format=RDF_FORMATS[fmt])
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes)
