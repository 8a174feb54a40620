"""Render query results for people (an aligned table) and for machines (CSV, TSV, SPARQL JSON)."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Graph, Literal, URIRef

from kg.namespaces import bind_prefixes

SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "ttl": "turtle", "nt": "nt",
                 "ntriples": "nt", "json-ld": "json-ld", "jsonld": "json-ld"}


def _names():
    return bind_prefixes(Graph()).namespace_manager


def short(term, names=None) -> str:
    """A term as a person reads it: prefixed name for IRIs, bare text for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return term.n3(names or _names())
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def table(variables: list[str], rows: list[list], max_width: int = 60) -> str:
    """Aligned columns for a terminal; cells longer than `max_width` end in '…' (CSV/JSON keep all)."""
    names = _names()
    clip = lambda text: text if len(text) <= max_width else text[: max_width - 1] + "…"  # noqa: E731
    cells = [[clip(short(v, names).replace("\n", " ")) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(variables)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(variables), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _csv_value(term) -> str:
    return "" if term is None else str(term)


def _tsv_value(term) -> str:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.n3().replace("\t", "\\t").replace("\n", "\\n")
    return term.n3()


def sparql_json(variables: list[str], rows: list[list]) -> str:
    def encode(term):
        if isinstance(term, URIRef):
            return {"type": "uri", "value": str(term)}
        if isinstance(term, BNode):
            return {"type": "bnode", "value": str(term)}
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out

    bindings = [{v: encode(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      indent=2, ensure_ascii=False)


def render(result, fmt: str = "table") -> str:
    """Render an rdflib query result in `fmt`."""
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
        return "true" if result.askAnswer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = bind_prefixes(Graph())
        for triple in result.graph:
            graph.add(triple)
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"graph results come as {', '.join(sorted(GRAPH_FORMATS))}, not {fmt!r}")
        return graph.serialize(format=GRAPH_FORMATS[fmt])
    variables = [str(v) for v in result.vars]
    rows = [list(row) for row in result]
    if fmt == "table":
        return table(variables, rows)
    if fmt == "json":
        return sparql_json(variables, rows)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(variables)
            writer.writerows([[_csv_value(t) for t in row] for row in rows])
        else:
            buffer.write("\t".join(f"?{v}" for v in variables) + "\n")
            for row in rows:
                buffer.write("\t".join(_tsv_value(t) for t in row) + "\n")
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(SELECT_FORMATS)}")
