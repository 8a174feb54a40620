"""The server's SELECT answers are Oxigraph's own writers' bytes, and the row cap still holds exactly:
rows are counted in what the writer wrote (kg.sparql.results.count_rows), whatever the literals hold."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sparql import results

FORMATS = sorted(results.SELECT_WRITERS)
# Text that looks like the formats' own structure: quotes, escapes, brackets, separators, line ends, tags.
TRICKY = st.lists(st.sampled_from(list('"\\{}[],:\t\r\n <>/result&;x\'é') + ["},{", "[{", "<result>", '\\"', "\r\n"]),
                  max_size=12).map("".join)
CELL = st.one_of(st.none(), TRICKY.map(ox.Literal), st.tuples(TRICKY, st.sampled_from(["en", "fr-be"])).map(
    lambda t: ox.Literal(t[0], language=t[1])), st.integers().map(ox.Literal), TRICKY.map(
    lambda t: ox.Literal(t, datatype=ox.NamedNode("http://example.org/dt"))))


def solutions(rows: list) -> ox.QuerySolutions:
    """A SELECT over `rows` (pairs of terms or None), answered by Oxigraph in the order given."""
    store = ox.Store()
    for i, (a, b) in enumerate(rows):
        row = ox.NamedNode(f"http://example.org/row/{i:05d}")
        store.add(ox.Quad(row, ox.NamedNode("http://example.org/i"), ox.Literal(i)))
        for name, term in (("a", a), ("b", b)):
            if term is not None:
                store.add(ox.Quad(row, ox.NamedNode(f"http://example.org/{name}"), term))
    return store.query("SELECT ?a ?b WHERE { ?row <http://example.org/i> ?i "
                       "OPTIONAL { ?row <http://example.org/a> ?a } OPTIONAL { ?row <http://example.org/b> ?b } } ORDER BY ?i")


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(CELL, CELL), max_size=12), fmt=st.sampled_from(FORMATS))
def test_rows_are_counted_exactly_in_every_format_whatever_the_literals_hold(rows, fmt):
    written = solutions(rows).serialize(format=results.SELECT_WRITERS[fmt])
    assert results.count_rows(written, fmt) == len(rows)
    assert len(rows) * results.MIN_ROW_BYTES[fmt] <= len(written)  # what lets select() skip counting short answers
    assert results.rows_at_most(written, fmt) >= len(rows)  # ... and answers with few row marks
    assert results.select(solutions(rows), fmt, max_rows=len(rows), max_bytes=1 << 20) == written
    if rows:
        with pytest.raises(results.TooLarge) as refused:
            results.select(solutions(rows), fmt, max_rows=len(rows) - 1, max_bytes=1 << 20)
        assert refused.value.rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_runaway_answer_stops_at_the_byte_cap_and_says_which_cap_it_passed(fmt):
    many = [(ox.Literal("x" * 50), None)] * 3000
    with pytest.raises(results.TooLarge) as refused:
        results.select(solutions(many), fmt, max_rows=10, max_bytes=20_000)  # 10 rows are written long before 20 kB
    assert refused.value.rows
    with pytest.raises(results.TooLarge) as refused:
        results.select(solutions(many), fmt, max_rows=100_000, max_bytes=20_000)
    assert not refused.value.rows


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 120), st.booleans(), st.sampled_from([0, 0, 10, 200])), min_size=1, max_size=14),
       st.integers(20, 260))
def test_a_fitted_table_fits_when_it_can_and_cuts_in_order(columns, total):
    """kg.sparql.output.fit: never wider than a column's text, never below MIN_COLUMN (or the text) nor its
    `least`, within the terminal whenever the columns at their narrowest fit; a text column is cut below
    READABLE, or a short word at all, only once every identifier has been cut to SHORT_COLUMN."""
    from kg.sparql.output import MIN_COLUMN, READABLE, SHORT_COLUMN, fit

    widths, fixed, least = [w for w, _, _ in columns], [f for _, f, _ in columns], [min(w, low) for w, _, low in columns]
    fitted = fit(widths, total, fixed, least)
    room = total - 2 * (len(widths) - 1)
    assert all(max(min(w, MIN_COLUMN), low) <= f <= w for w, f, low in zip(widths, fitted, least))
    if sum(max(min(w, MIN_COLUMN), low) for w, low in zip(widths, least)) <= room:
        assert sum(fitted) <= room
    if any(not fx and f < min(w, READABLE) for w, f, fx in zip(widths, fitted, fixed)):
        assert all(f <= SHORT_COLUMN or f == w for w, f, fx in zip(widths, fitted, fixed) if fx)


# (characters whose place in XML names expat, which judges here, reads as XML 1.0's fifth edition does)
IRI_TAIL = st.lists(st.sampled_from(list("aZ_1-.·é:/\u4e00") + ["%20"]), max_size=6).map("".join)


@settings(max_examples=150, deadline=None)
@given(tail=IRI_TAIL)
def test_a_property_rdfxml_is_said_to_write_is_exactly_one_oxigraph_writes_as_xml(tail):
    import xml.etree.ElementTree as ElementTree

    iri = f"urn:x/{tail}"
    written = ox.serialize([ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode(iri), ox.Literal("o"))],
                           format=ox.RdfFormat.RDF_XML)
    try:
        ElementTree.fromstring(written)
        xml = True
    except ElementTree.ParseError:
        xml = False
    assert results.rdfxml_writable(iri) == xml, written


def test_a_graph_rdfxml_or_json_ld_cannot_carry_is_unwritable_and_turtle_writes_it():
    term = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:1"), ox.Literal("\x01"))
    triples = [ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), term)]
    for fmt, reason in (("json-ld", "triple term"), ("rdfxml", "<urn:1>")):
        with pytest.raises(results.Unwritable, match=reason):
            results.graph(triples, fmt)
    assert b"<<( <urn:s> <urn:1>" in results.graph(triples, "turtle")


# ------------------------------------------------------------------ what a cut table still says

STATEMENT = "https://w3id.org/oioo/id/r000-st-philp-1"
# The marks that say a value is the curators' reading or gist, as kg's commands write them into a cell.
MARKS = [" (inferred)", " (inferred for 281, report 002)", ", inferred)", " (\u201clast July\u201d, year inferred)",
         " (reported speech, in the curators\u2019 words)", "; reported speech"]


def shown_rows(shown: str) -> list[str]:
    """The lines of a table()'s rows (not its heading, rule or count); [] where it is shown as records."""
    return [] if shown.startswith("-[ row") else shown.splitlines()[2:-1]


@pytest.mark.parametrize("width", [100, 120, 160, 200])
@pytest.mark.parametrize("column", ["inferred", "kind"])
def test_a_tables_inferred_and_kind_columns_are_never_cut(width, column):
    """At 200 columns who-said-what showed `inferred` as "speaker, speakerP…": the row said the curators read
    the speaker, and hid that they read the post, the value or the gist too; and `kind` as "oo:ReportedStat…".
    Those columns are never cut: where they cannot be whole, the table is shown as records, every value whole."""
    from rdflib import Literal, URIRef

    from kg.core.namespaces import OO
    from kg.sparql.output import table

    value, shown_as = {"inferred": (Literal("speaker, speakerPost, value, gist"), "speaker, speakerPost, value, gist"),
                       "kind": (OO.ReportedStatement, "oo:ReportedStatement")}[column]
    rows = [[Literal("The government scheme has resulted in a net inflow of 70 immigrants. " * 3), Literal("Chris Philp"),
             *[URIRef(STATEMENT)] * 4, value]] * 3
    shown = table(["words", "speakerName", "statement", "figure", "speaker", "report", column], rows, width)
    lines = shown_rows(shown) or [" ".join(shown.split())]
    assert "…" in shown or not shown_rows(shown)
    assert all(shown_as in line for line in lines), shown


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.text("abcdefghij ;,()", min_size=1, max_size=60), min_size=1, max_size=4),
       marks=st.lists(st.sampled_from(MARKS), min_size=4, max_size=4), width=st.integers(40, 220))
def test_a_cut_cell_keeps_the_mark_that_says_its_value_is_the_curators(names, marks, width):
    """`kg timeline` showed "Chris Philp (inf…" and `kg discrepancies` "report 000 (Shabana Mahmood, inferr…": a
    cut that falls in or before a mark left the value as if the report stated it. A cut cell keeps the mark
    (the first the cut would lose, after the '…'), in every table that fits."""
    from rdflib import Literal, URIRef

    from kg.sparql.output import table

    speakers = [name + mark for name, mark in zip(names, marks)]
    rows = [[Literal("net inflow of 70 " * 4), Literal(speaker), URIRef(STATEMENT)] for speaker in speakers]
    lines = shown_rows(table(["statedAs", "speaker", "figure"], rows, width))
    for line, speaker, mark in zip(lines, speakers, marks):
        assert len(line) <= width
        word = "reported speech" if "reported speech" in mark else "inferred"
        assert word in line, (line, speaker)


def test_a_table_of_no_columns_says_so_in_one_line():
    """`kg sparql 'SELECT * {}'` printed three empty lines, then "(1 row)"."""
    from kg.sparql.output import table

    assert table([], [[]]) == "(1 row, no columns: the query selects no variable)"
    assert table([], []) == "(0 rows, no columns: the query selects no variable)"
