"""Render an Answer for people (a table that fits the terminal) and for machines (CSV, TSV, SPARQL JSON,
RDF syntaxes). Tables shorten what does not fit; `--format csv|tsv|json` always gives every value in full."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap

from rdflib import BNode, Graph, Literal, URIRef

from kg.core.errors import KGError, printable
from kg.core.terms import TripleTerm
from kg.core.namespaces import bind_prefixes
from kg.core.serialize import relabel, serialize, stable_blank_node_labels

SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "ttl": "turtle", "nt": "nt",
                 "ntriples": "nt", "json-ld": "json-ld", "jsonld": "json-ld"}
MIN_COLUMN = 6  # characters a shortened column keeps
SHORT_COLUMN = 16  # a column no wider than this is cut only when nothing else can give way
READABLE = 20  # characters a text column keeps before identifiers are cut
LEGIBLE = 12  # a table whose columns must be cut narrower than this is shown as records
LEGIBLE_TEXT = 16  # ... and whose text (names, words) must be cut narrower than this
# The columns that say what a row's values are, never cut: `inferred`, what of the row the curators read (cut,
# "speaker, speakerP…" hid speakerPost, value and gist), and `kind` (`saidAs` in discrepancies), a statement's
# words a quote or a gist.
WHOLE = re.compile(r"inferred|kind|saidAs", re.IGNORECASE)
# A mark in a cell that what it says is the curators' reading, or their gist, not the report's words:
# "(inferred)", "(inferred for 281, report 002)", "(Chris Philp, inferred)", "(“last July”, year inferred)",
# "(reported speech, in the curators’ words)", "reported speech — report 004". A cut cell keeps it (clip).
MARK = re.compile(r" ?\((?:inferred|reported speech)\b[^()]*\)|(?:[,;] |\byear )?\b(?:inferred|reported speech)\b\)?",
                  re.IGNORECASE)


def _names():
    return bind_prefixes(Graph()).namespace_manager


def short(term, names=None) -> str:
    """A term as a person reads it: prefixed name for IRIs, bare text for literals."""
    if term is None:
        return ""
    if isinstance(term, (URIRef, TripleTerm)):
        return term.n3(names or _names())
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def heading(variable: str) -> str:
    """A column's heading for people: a parameter's name without grlc's marks, words apart.

    >>> heading("__person_iri"), heading("speakerName"), heading("valueA"), heading("sha256")
    ('person', 'speaker name', 'value A', 'sha256')
    """
    bare = re.sub(r"_(iri|integer|decimal|date|gyear|string)$", "", variable.lstrip("_")) if variable.startswith("_") else variable
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])|[^A-Za-z0-9]+", bare)
    return " ".join(w if w.isupper() else w.lower() for w in words if w.strip("_ ")) or variable


def headings(variables: list) -> list[str]:
    """The columns' headings, each once: a parameter's column beside the column it names ("kind", the
    discrepancy kind's label, and ?__kind_iri) is headed "kind (IRI)".

    >>> headings(["kind", "__kind_iri", "__person_iri"])
    ['kind', 'kind (IRI)', 'person']
    """
    plain = [heading(v) for v in variables]
    return [f"{h} (IRI)" if v.startswith("_") and plain.count(h) > 1 else h for v, h in zip(variables, plain)]


def fit(widths: list[int], total: int, fixed: list[bool] | None = None, least: list[int] | None = None) -> list[int]:
    """Column widths that fit `total` characters (two spaces between columns), the widest columns giving
    way first: the text columns, down to READABLE characters; then the `fixed` ones (identifiers, which
    mean little cut, and short words), down to SHORT_COLUMN; then the text columns, down to MIN_COLUMN;
    then every column. A name cut to nine characters ("Chris Ph…") was no easier to read than an
    identifier cut. No column is cut below its `least` (its whole width: never cut).

    >>> fit([10, 50, 5], 40)
    [10, 21, 5]
    >>> fit([30, 50, 5], 60, [True, False, False])
    [30, 21, 5]
    >>> fit([40, 50, 30], 60, [True, False, False])
    [16, 20, 20]
    >>> fit([40, 50, 30], 60, [True, False, False], [0, 0, 30])
    [16, 10, 30]
    """
    room = total - 2 * (len(widths) - 1)
    fixed = fixed or [False] * len(widths)
    least = least or [0] * len(widths)
    fitted = list(widths)
    stages = (([not f for f in fixed], READABLE), (fixed, SHORT_COLUMN), ([not f for f in fixed], MIN_COLUMN),
              ([True] * len(widths), MIN_COLUMN))
    for shrinking, floor in stages:
        limits = [max(min(w, floor), low) if s else w for w, s, low in zip(fitted, shrinking, least)]
        cap = max(fitted, default=0)
        while cap > MIN_COLUMN and sum(max(min(w, cap), low) for w, low in zip(fitted, limits)) > room:
            cap -= 1
        fitted = [max(min(w, cap), low) for w, low in zip(fitted, limits)]
        if sum(fitted) <= room:
            break
    return fitted


def kept_mark(mark: re.Match) -> str:
    """A MARK as a cut cell keeps it: whole, or a long bracket cut after its word ("(inferred for 281, report
    002)" is " (inferred…)"): the word is what warns, the whole value is in --format csv."""
    text = mark.group()
    word = re.search(r"inferred|reported speech", text, re.IGNORECASE).group()
    return text if len(text) <= len(word) + 4 or not text.lstrip().startswith("(") else f" ({word}…)"


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, ending in '…'; a MARK the cut would lose is kept after the '…' (the
    first such), so that a cut cell never says more than the whole one: "Chris Philp (inferred)" is "Chris
    Ph… (inferred)", never "Chris Philp (inf…" nor "Chris Philp" as if the report named him. (A column is
    never narrower than its marks kept and a character: table.)

    >>> clip("Chris Philp (inferred)", 20), clip("report 000 (Chris Philp, inferred) and report 002", 25)
    ('Chris Ph… (inferred)', 'report 000 (C…, inferred)')
    >>> clip("since the deal (inferred for 281, report 002)", 24), clip("the Prime Minister's official spokesman", 20)
    ('since the d… (inferred…)', "the Prime Minister'…")
    """
    if len(text) <= width:
        return text
    marks = list(MARK.finditer(text))
    for mark in marks:
        tail = kept_mark(mark)
        end = width - 1 - len(tail)
        if mark.end() > end:  # lost to the cut: kept after the '…', and no mark left cut in two before it
            end = min([mark.start(), end] + [m.start() for m in marks if m.start() < end < m.end()])
            return text[: max(0, end)].rstrip() + "…" + tail
    return text[: width - 1] + "…"


def table(variables: list[str], rows: list[list], width: int | None = None) -> str:
    """Aligned columns for a terminal `width` characters wide (default: the terminal's, else 120); cells
    that do not fit end in '…', text before identifiers, each keeping its MARK (clip); a WHOLE column is
    never cut. Where a text column would keep fewer than LEGIBLE_TEXT characters (at 200 columns who-said-what's
    thirteen showed "Kemi Badeno…" saying "The governm…"), an identifier fewer than LEGIBLE (twelve columns in 80
    left each five: "Chris…  Shado…  net i…"), or the marks and WHOLE columns leave no room, one record per
    row, each value whole, as psql's expanded display does."""
    if not variables:  # (SELECT * {}: a heading, a rule and a line per row, all empty, before the count)
        return f"({len(rows)} row{'s' if len(rows) != 1 else ''}, no columns: the query selects no variable)"
    names = _names()
    width = width or shutil.get_terminal_size((120, 24)).columns
    titles = headings(variables)
    # a line break as a space; any other control escaped (\x1b): a value is shown, never sent to the terminal
    cells = [[printable(short(v, names).replace("\n", " ")) for v in row] for row in rows]
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(titles)]
    kept = [natural[i] <= SHORT_COLUMN or bool(rows) and all(row[i] is None or isinstance(row[i], URIRef) for row in rows)
            for i in range(len(variables))]  # identifiers and short words mean nothing cut
    # a column cut no narrower than its longest mark and a character before it, a WHOLE one not at all
    marks = [max([len(kept_mark(m)) + 2 for r in cells for m in MARK.finditer(r[i])], default=0) for i in range(len(variables))]
    least = [n if WHOLE.fullmatch(v.lstrip("_")) else min(n, m) for v, n, m in zip(variables, natural, marks)]
    widths = fit(natural, width, kept, least)
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    readable = [min(n, LEGIBLE if k else LEGIBLE_TEXT) for n, k in zip(natural, kept)]
    if sum(widths) + 2 * (len(widths) - 1) > width or any(w < r for w, r in zip(widths, readable)):
        return "\n".join(records(titles, cells, width) + [count])
    line = lambda values: "  ".join(clip(v, w).ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    return "\n".join([line(titles), line(["-" * w for w in widths])] + [line(r) for r in cells] + [count])


def records(titles: list[str], cells: list[list[str]], width: int) -> list[str]:
    r"""Each row as a record: a rule naming it, then one line per column, its heading then its value, long
    values wrapped under themselves.

    >>> print("\n".join(records(["name", "words"], [["Chris Philp", "a net inflow of 70 immigrants"]], 30)))
    -[ row 1 of 1 ]---------------
    name   Chris Philp
    words  a net inflow of 70
           immigrants
    """
    label = max(map(len, titles), default=0)
    room = max(width - label - 2, 20)
    lines = []
    for number, row in enumerate(cells, 1):
        lines.append(f"-[ row {number} of {len(cells)} ]".ljust(width, "-"))
        for title, value in zip(titles, row):
            wrapped = textwrap.wrap(value, room, break_on_hyphens=False) or [""]
            lines.append(f"{title.ljust(label)}  {wrapped[0]}".rstrip())
            lines.extend(" " * (label + 2) + more for more in wrapped[1:])
    return lines


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
        if isinstance(term, TripleTerm):  # as SPARQL 1.2's JSON results (and Oxigraph) write one
            return {"type": "triple", "value": dict(zip(("subject", "predicate", "object"), map(encode, term.triple)))}
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out

    bindings = [{v: encode(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False)


def render(answer, fmt: str = "table", width: int | None = None) -> str:
    """Render an Answer (kg.sparql.answer) in `fmt`; a format that does not fit the query's form is a KGError."""
    if answer.form == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer.boolean})
        if fmt in ("table", "csv", "tsv"):
            return "true" if answer.boolean else "false"
        raise KGError(f"an ASK query answers true or false: use --format table, csv, tsv or json, not {fmt}")
    if answer.form in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS:
            raise KGError(f"a {answer.form} query answers with triples: use --format "
                          f"{', '.join(sorted(set(GRAPH_FORMATS.values())))}, not {fmt}")  # (not ttl, jsonld: kg's --format refuses them)
        if GRAPH_FORMATS[fmt] == "json-ld" and any(isinstance(t[2], TripleTerm) for t in answer.triples):
            raise KGError("JSON-LD cannot carry a triple term (RDF 1.2), which this answer holds: "
                          "use --format turtle or nt")
        if not answer.triples and GRAPH_FORMATS[fmt] in ("turtle", "nt"):  # a comment: still Turtle and N-Triples
            return "# no triples: the query matched nothing\n"
        graph = bind_prefixes(Graph())
        for triple in answer.triples:
            graph.add(triple)
        graph = relabel(graph, stable_blank_node_labels(graph))  # the same answer, the same bytes
        if GRAPH_FORMATS[fmt] in ("nt", "json-ld"):  # sorted: rdflib writes them in hash order
            return serialize(graph, GRAPH_FORMATS[fmt]).decode("utf-8")
        return graph.serialize(format=GRAPH_FORMATS[fmt])
    variables, rows = answer.variables, answer.rows
    if fmt == "table":
        return table(variables, rows, width)
    if fmt == "json":
        return sparql_json(variables, rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([["" if t is None else str(t) for t in row] for row in rows])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join(_tsv_value(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    raise KGError(f"a SELECT query answers with rows: use --format {', '.join(SELECT_FORMATS)}, not {fmt}")
