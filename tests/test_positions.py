"""Source positions from the parse (kg.sources.positions): every statement and description where it is written,
whatever the layout; every kind of validation result located at the right line and column, by both engines."""

from __future__ import annotations

import re
import shutil

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from kg.core.bounds import _tokens
from kg.sources.positions import Location
from kg.validation.findings import Clue
from kg.sources.positions import parse_positions
from kg.validation.locate import offending_statement
from kg.sources.project import Project
from kg.core.terms import term_string
from kg.engines import validate
from conftest import project_of
from test_parse_parity import PREFIXES as PARITY_PREFIXES, documents as parity_documents, outcomes
from test_parse_parity import written as blank_nodes_unnamed

EX = Namespace("http://example.org/")

DOCUMENT = '''@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Thing ;
    ex:name "Alpha" ;
    ex:long """line one
line two""" ;
    ex:after 1 ;
    ex:list ( ex:x "y" 3 ) ;
    ex:nested [ ex:inner [ ex:deep 2 ] ; ex:side "s" ] , ex:second .
<http://example.org/b> ex:p ex:a ; ex:typed "5"^^xsd:integer .
[ ex:anon 1 ] .
'''


def line_column(found, triple):
    return found.line_column(found.span_of(triple)[0])


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_statements_and_descriptions_are_where_they_are_written(tmp_path, newline):
    path = tmp_path / "doc.ttl"
    path.write_bytes(DOCUMENT.replace("\n", newline).encode("utf-8"))
    found = parse_positions(path, "doc.ttl")
    g = found.graph
    a = EX.a
    assert line_column(found, (a, RDF.type, EX.Thing)) == (3, 6)  # the predicate `a`
    assert line_column(found, (a, EX.name, Literal("Alpha"))) == (4, 5)
    assert line_column(found, (a, EX.long, Literal("line one" + newline + "line two"))) == (5, 5)
    assert line_column(found, (a, EX.after, Literal(1))) == (7, 5)  # after a literal over two lines
    head = g.value(a, EX.list)
    assert line_column(found, (a, EX.list, head)) == (8, 5)
    assert found.line_column(found.described[head][0]) == (8, 13)  # the collection's "("
    cells = [head, g.value(head, RDF.rest), g.value(g.value(head, RDF.rest), RDF.rest)]
    assert [line_column(found, (c, RDF.first, g.value(c, RDF.first))) for c in cells] == [(8, 15), (8, 20), (8, 24)]
    outer = next(o for o in g.objects(a, EX.nested) if isinstance(o, BNode))
    inner = g.value(outer, EX.inner)
    assert line_column(found, (a, EX.nested, outer)) == (9, 5)
    assert line_column(found, (a, EX.nested, EX.second)) == (9, 58)  # a second object starts at the object
    assert line_column(found, (outer, EX.inner, inner)) == (9, 17)
    assert line_column(found, (inner, EX.deep, Literal(2))) == (9, 28)
    assert line_column(found, (outer, EX.side, Literal("s"))) == (9, 42)
    assert found.line_column(found.described[outer][0]) == (9, 15)  # the "["
    assert found.line_column(found.described[a][0]) == (3, 1)
    assert found.line_column(found.described[EX.b][0]) == (10, 1)
    assert line_column(found, (EX.b, EX.typed, Literal("5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))) == (10, 36)
    anonymous = next(s for s in g.subjects(EX.anon, None))
    assert found.line_column(found.described[anonymous][0]) == (11, 1)
    assert line_column(found, (anonymous, EX.anon, Literal(1))) == (11, 3)


def test_a_bare_number_is_a_statement_of_its_own_in_the_form_written(tmp_path):
    """rdflib's parser reads 01 and +1 as 1, 1.50 as 1.5: the statements below were one statement, at the
    first one's place, and a finding about 01 (kg refuses it: SPARQL answers it as "1") pointed at the 1."""
    path = tmp_path / "doc.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:n 1 ;\n    ex:n 01 , +1, 1.50, 1.5E2 .\n", encoding="utf-8")
    found = parse_positions(path, "doc.ttl")
    for written, datatype, where in (("1", XSD.integer, (2, 6)), ("01", XSD.integer, (3, 5)), ("+1", XSD.integer, (3, 15)),
                                     ("1.50", XSD.decimal, (3, 19)), ("1.5E2", XSD.double, (3, 25))):
        assert line_column(found, (EX.a, EX.n, Literal(written, datatype=datatype))) == where, written
    clue = Clue(EX.a, ((EX.n, False),), (Literal("01", datatype=XSD.integer),), "datatype")
    assert found.line_column(offending_statement(found, EX.a, clue)[0]) == (3, 5)  # (not the 1, an equal value)


# ------------------------------------------------------------------ generated documents (Hypothesis)

SPACE = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\n    ", " # a comment\n", "\r\n\t"])
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé’ 0123456789", min_size=0, max_size=12)


class Writer:
    """Writes a Turtle document and remembers, for each predicate (each used once), where each of its
    statements starts: at the predicate for the first object, at the object for the others."""

    def __init__(self, draw):
        self.draw, self.text, self.expected, self.count = draw, "", {}, 0

    def put(self, text: str) -> int:
        start = len(self.text)
        self.text += text
        return start

    def space(self) -> None:
        self.put(self.draw(SPACE))

    def fresh(self, stem: str) -> str:
        self.count += 1
        return f"{stem}{self.count}"

    def term(self, depth: int) -> str | None:
        """Writes one object; returns None (a nested property list writes itself)."""
        kind = self.draw(st.sampled_from(["prefixed", "iri", "short", "long", "typed", "lang", "number", "bnode"]
                                         if depth < 2 else ["prefixed", "short", "long", "number"]))
        name = self.fresh("o")
        if kind == "bnode":
            self.put("[")
            self.space()
            self.properties(depth + 1)
            self.space()
            self.put("]")
            return None
        text = {"prefixed": f"ex:{name}", "iri": f"<http://example.org/{name}>",
                "short": f'"{self.draw(WORD)}{name}"', "long": f'"""{self.draw(WORD)}\n{self.draw(WORD)}{name}"""',
                "typed": f'"{name}"^^ex:type', "lang": f'"{name}"@en-GB', "number": str(self.count)}[kind]
        self.put(text)
        return text

    def properties(self, depth: int) -> None:
        for index in range(self.draw(st.integers(1, 3))):
            if index:
                self.space()
                self.put(";")
                self.space()
            predicate = self.fresh("p")
            starts = [self.put(f"ex:{predicate}")]
            for number in range(self.draw(st.integers(1, 3))):
                self.space()
                if number:
                    self.put(",")
                    self.space()
                at = len(self.text)
                self.term(depth)
                if number:
                    starts.append(at)
            self.expected[predicate] = starts

    def document(self) -> str:
        self.put("@prefix ex: <http://example.org/> .")
        for _ in range(self.draw(st.integers(1, 3))):
            self.space()
            self.put(f"ex:{self.fresh('s')}" if self.draw(st.booleans()) else f"<http://example.org/{self.fresh('s')}>")
            self.space()
            self.properties(0)
            self.space()
            self.put(".")
        self.space()
        return self.text


@st.composite
def documents(draw):
    writer = Writer(draw)
    return writer.document(), writer.expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_generated_documents_every_statement_where_written(tmp_path, document):
    text, expected = document
    path = tmp_path / "generated.ttl"
    path.write_bytes(text.encode("utf-8"))
    found = parse_positions(path, "generated.ttl")
    assert found is not None, text
    recorded: dict = {}
    for (_, p, _), spans in found.statements.items():
        if str(p).startswith(str(EX)):
            recorded.setdefault(str(p)[len(str(EX)):], []).extend(start for start, _ in spans)
    assert {p: sorted(starts) for p, starts in recorded.items()} == {p: sorted(s) for p, s in expected.items()}, text


# ------------------------------------------------------------------ every kind of result, located

BREAKS = [  # (what, file, old text, new text, the rule, where the result must point: text that starts there)
    ("missing indicator", "report-001.ttl", "    oo:indicator oi:ind-admitted-from-france ;\n", "",
     "oos:FigureShape (oo:indicator)", "oi:r001-fig-admitted-350-report a oo:Figure"),
    ("wrong datatype", "report-001.ttl", "    oo:value 281 ;", '    oo:value "281" ;',
     "oos:FigureShape (oo:value)", 'oo:value "281"'),
    ("comparator without its bound", "report-001.ttl", "    oo:bound 41000 ;\n", "",
     "oos:FigureBoundShape", "oo:comparator oo:MoreThan"),
    ("the same, by the check", "report-001.ttl", "    oo:bound 41000 ;\n", "",
     "comparator-without-bound", "oo:comparator oo:MoreThan"),
    ("quote outside its evidence", "report-003.ttl", 'oo:quote "scale up"', 'oo:quote "NOT scale up"',
     "oos:QuoteInEvidenceShape", 'oo:quote "NOT scale up"'),
    ("evidence span without its words (a blank node)", "report-002.ttl", "oa:exact ", "rdfs:comment ",
     "oos:EvidenceSpanShape (oa:exact, \"exact\")", "oo:evidence ["),
    ("the second of two spans without its words", "report-001.ttl", "oa:start 334 ; oa:end 471 ] .",
     "oa:start 334 ; oa:end 471 ] ,\n        [ a oo:EvidenceSpan ; oa:hasSource oi:r001 ; oa:start 1 ; oa:end 2 ] .",
     "oos:EvidenceSpanShape (oa:exact, \"exact\")", "[ a oo:EvidenceSpan ; oa:hasSource oi:r001 ; oa:start 1"),
    # (a value a SPARQL rule works out, oa:end - oa:start, is written nowhere: its path's statement, which was
    # the whole span, from "oo:evidence [" or its "[")
    ("wrong offsets in the second of two spans: that span's oa:end, not the first's", "report-000.ttl",
     "oa:start 1573 ; oa:end 1756 ] .", "oa:start 1573 ; oa:end 1750 ] .", "oos:EvidenceOffsetsShape",
     "oa:end 1750 ]"),
    ("too many values: the one too many", "report-001.ttl", "    oo:unit oo:People ;\n",
     "    oo:unit oo:People ;\n    oo:unit oo:Count ;\n", "oos:FigureShape (oo:unit)", "oo:unit oo:Count"),
    ("a property a report must not have", "report-001.ttl", '    oo:sourceFileName "001',
     '    schema:datePublished "2026"^^xsd:gYear ;\n    oo:sourceFileName "001',
     "oos:ReportShape (schema:datePublished)", "schema:datePublished"),
]


@pytest.fixture(scope="module", params=["reference", "fast"])
def broken(request, tmp_path_factory, project):
    """A copy of the project with every breakage of BREAKS, validated by each engine: (texts, report)."""
    root = tmp_path_factory.mktemp(f"broken-{request.param}")
    for part in ("ontology", "data", "queries"):
        shutil.copytree(project.root / part, root / part)
    applied = set()
    for what, name, old, new, *_ in BREAKS:
        if (name, old, new) in applied:
            continue  # one breakage that two rules find
        applied.add((name, old, new))
        path = root / "data" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, what
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    texts = {path.name: path.read_text(encoding="utf-8") for path in (root / "data").glob("*.ttl")}
    return texts, validate(Project(root), request.param).report


@pytest.mark.parametrize("what, name, old, new, rule, starts", BREAKS, ids=[b[0] for b in BREAKS])
def test_every_kind_of_result_points_at_its_statement(broken, what, name, old, new, rule, starts):
    texts, report = broken
    assert all(f.location is not None for f in report.findings)
    found = [f for f in report.findings if f.rule == rule and f.location.file == f"data/{name}"
             and texts[name].split("\n")[f.location.line - 1][f.location.column - 1:].startswith(starts)]
    assert found, (what, [(f.rule, str(f.location)) for f in report.findings if f.rule == rule])


def test_every_result_names_its_focus_path_rule_file_and_line(broken):
    """Regression (build probe 4): findings of SPARQL rules and checks printed no path; each line a curator
    reads names the focus node, the path (or that the rule is about the node itself), the rule, file and line."""
    _texts, report = broken
    for finding in report.findings:
        text = str(finding)
        assert finding.focus and "  at:      data/" in text and "  rule:    " in text, text
        assert "  path:    " in text, text


def test_blank_node_focus_is_its_holding_statement_in_both_engines(tmp_path, project):
    broken = project_of(tmp_path, project, ("shared.ttl", "report-004.ttl"))
    path = broken.root / "data" / "report-004.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("oa:start ", "rdfs:comment ", 1), encoding="utf-8")
    reference = validate(broken, "reference").report.findings
    assert reference == validate(broken, "fast").report.findings  # locations included
    spans = [f for f in reference if "[blank node]" in f.focus]
    assert spans and all(f.location is not None for f in spans)


def test_unparsable_files_are_all_located_and_nothing_is_validated(tmp_path, project):
    for part in ("ontology", "data", "queries"):
        shutil.copytree(project.root / part, tmp_path / part)
    (tmp_path / "data" / "a-bad.ttl").write_text("@prefix oi: <https://w3id.org/oioo/id/> .\noi:a oi:b oi:c\noi:d oi:e oi:f .\n")
    (tmp_path / "data" / "z-bad.ttl").write_text('@prefix oi: <https://w3id.org/oioo/id/> .\r\noi:a oi:b "open .\r\n')
    for engine in ("reference", "fast"):
        report = validate(Project(tmp_path), engine).report
        assert report.exit_code == 2 and not report.violations
        assert [(f.files[0], f.location.line, f.location.column) for f in report.errors] == [
            ("data/a-bad.ttl", 3, 1), ("data/z-bad.ttl", 2, 11)]


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_value_too_many_added_by_another_file_is_pointed_at_there(tmp_path, project, engine):
    """A second oo:value for a figure of report-001.ttl, added by data/zz.ttl, was pointed at in
    report-001.ttl (the right value, a line a pull request did not touch): the last statement read is the
    one too many."""
    broken = project_of(tmp_path, project, ("shared.ttl", "report-001.ttl"))
    (broken.root / "data" / "zz.ttl").write_text(
        "@prefix oi: <https://w3id.org/oioo/id/> .\n@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n"
        "oi:r001-fig-returned-281-report oo:value 282 .\n", encoding="utf-8")
    found = [f for f in validate(broken, engine).report.findings if f.rule == "oos:FigureShape (oo:value)"]
    assert found and all((f.location.file, f.location.line) == ("data/zz.ttl", 3) for f in found), \
        [str(f.location) for f in found]


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_finding_about_a_literal_typed_xsd_string_is_pointed_at_its_own_statement(tmp_path, project, engine):
    """"x"^^xsd:string is the plain literal "x" (RDF 1.1): the engine's result names "x", the file's parse
    keeps the datatype written, and the two were not matched: the finding was pointed at the figure's
    description in report-001.ttl, not at the value in data/zz.ttl."""
    broken = project_of(tmp_path, project, ("shared.ttl", "report-001.ttl"))
    (broken.root / "data" / "zz.ttl").write_text(
        "@prefix oi: <https://w3id.org/oioo/id/> .\n@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'oi:r001-fig-returned-281-report oo:value "909"^^xsd:string .\n', encoding="utf-8")
    found = [f for f in validate(broken, engine).report.findings if "909" in f.value]
    assert [(f.rule, str(f.location), f.location.snippet) for f in found] == [
        ("oos:FigureShape (oo:value)", "data/zz.ttl:4:33", 'oo:value "909"^^xsd:string')]


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_check_finding_about_a_literal_typed_xsd_string_is_pointed_at_its_own_statement(tmp_path, project, engine):
    """With no path, the finder looked the value up as the very term: the engine's "909" did not match
    the file's "909"^^xsd:string, and the check's finding was pointed at the figure's description in
    report-001.ttl, not at the statement in data/zz.ttl that names the value."""
    broken = project_of(tmp_path, project, ("shared.ttl", "report-001.ttl"))
    (broken.root / "data" / "zz.ttl").write_text(
        "@prefix oi: <https://w3id.org/oioo/id/> .\n@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'oi:r001-fig-returned-281-report sk:note "909"^^xsd:string .\n', encoding="utf-8")
    (broken.root / "queries" / "checks" / "no-909.rq").write_text(
        "#+ summary: A note is never 909\nPREFIX oo: <https://w3id.org/oioo/ontology#>\n"
        'SELECT ?figure ?note WHERE { ?figure skos:note ?note FILTER(str(?note) = "909") } ORDER BY ?figure\n',
        encoding="utf-8")
    found = [f for f in validate(broken, engine).report.findings if f.rule == "no-909"]
    assert [(f.value, str(f.location), f.location.snippet) for f in found] == [
        ('"909"', "data/zz.ttl:4:33", 'sk:note "909"^^xsd:string')]


@pytest.mark.parametrize("written, named", [('"909"^^xsd:string', Literal("909")),
                                            ('"909"', Literal("909", datatype=XSD.string)),
                                            ('"909"@EN', Literal("909", lang="en")),
                                            ('"909"@en', Literal("909", lang="EN"))],
                         ids=["typed-in-file", "plain-in-file", "tag-upper-in-file", "tag-upper-in-result"])
def test_with_no_path_a_value_is_found_however_its_string_type_or_tag_case_is_written(tmp_path, written, named):
    """The no-path lookup matches a value as RDF 1.1 reads it: "x" and "x"^^xsd:string are one term, and a
    language tag is case-insensitive (the loaders lower it; the file's parse keeps it as written)."""
    path = tmp_path / "a.ttl"
    path.write_text(f"@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                    f"ex:a ex:other 1 ;\n    ex:note {written} .\n", encoding="utf-8")
    found = parse_positions(path, "a.ttl")
    span = offending_statement(found, EX.a, Clue(EX.a, (), (named,)))
    assert span is not None and found.location(span).snippet == f"ex:note {written}"


# ------------------------------------------------------------------ Turtle rdflib's own parser refuses as written

GAPS = ['"{v}" ^^ xsd:string', '"{v}"\n^^xsd:string', '"{v}" # a comment\n @en', '"{v}" ^^ # c\n xsd:string',
        "'''{v}\nmore''' ^^\n\n xsd:string"]


def _where_written(text: str, offset: int) -> tuple[int, int]:
    """Line and column of an offset, lines ending in CR LF, LF or CR alone (as the engines' parser counts)."""
    lines = re.split(r"\r\n|\r|\n", text[:offset])
    return len(lines), len(lines[-1]) + 1


GAPPED = [(gap, newline) for gap in GAPS for newline in ("\n", "\r")]


@pytest.fixture(scope="module", params=["reference", "fast"])
def gapped(request, tmp_path_factory, project):
    """A copy of the project with a data file for each gap and line end (data/gap-N.ttl), each giving a figure
    a value of the wrong datatype with the gap in it, after a node whose literals have the same gap:
    {N: the file's text}, and the findings of each engine."""
    broken = project_of(tmp_path_factory.mktemp(f"gapped-{request.param}"), project, ("shared.ttl", "report-001.ttl"))
    texts = {}
    for number, (gap, newline) in enumerate(GAPPED):
        texts[number] = ("@prefix oi: <https://w3id.org/oioo/id/> .\n@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n"
                         "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                         f"<urn:kg-test:note> <urn:kg-test:says> {gap.format(v='a')} , {gap.format(v='b')} .\n"
                         f"oi:r001-fig-returned-281-report oo:value {gap.format(v=f'9{number}9')} .\n").replace("\n", newline)
        (broken.root / "data" / f"gap-{number}.ttl").write_bytes(texts[number].encode("utf-8"))
    return texts, validate(broken, request.param).report.findings


@pytest.mark.parametrize("number", range(len(GAPPED)), ids=[f"{g!r}-{'LF' if n == chr(10) else 'CR'}" for g, n in GAPPED])
def test_a_finding_after_a_gap_inside_a_literal_names_its_file_line_and_column(gapped, number):
    """White space or a comment between a string and its ^^ or language tag (or after ^^), and lines that
    end in CR alone, are Turtle both loaders read, but rdflib's own parser refused them: the location finder
    (which parses a file with findings again) could not read the file, and its findings were pointed at
    another file of the node (report-001.ttl) or at none."""
    texts, findings = gapped
    text = texts[number]
    assert all(f.location is not None for f in findings), [(f.rule, f.files) for f in findings if f.location is None]
    wrong = [f.location for f in findings if f"9{number}9" in f.value]
    start = text.index("oo:value")
    end = text.index(" .", start)
    assert wrong == [Location(f"data/gap-{number}.ttl", *_where_written(text, start), *_where_written(text, end))], wrong
    assert wrong[0].snippet == text[start:end]


# ------------------------------------------------------------------ every document the loaders read (Hypothesis)

def _top_level(text: str) -> list:
    """(start, end, is a directive) of each directive and statement of a Turtle text, from its tokens
    (kg.core.bounds: not rdflib's parser): a statement ends at a `.` outside brackets, PREFIX and BASE at their IRI."""
    parts, start, depth, left, directive = [], None, 0, None, False
    for kind, token, offset in _tokens(text):
        if start is None:
            start, depth, directive = offset, int(kind == "open"), kind == "directive"
            left = (2 if token.lower() == "prefix" else 1) if directive and not token.startswith("@") else None
            continue
        if left is not None:
            left -= 1
            if not left:
                parts.append((start, offset + len(token), True))
                start = None
            continue
        depth += {"open": 1, "close": -1}.get(kind, 0)
        if token == "." and depth == 0:
            parts.append((start, offset + len(token), directive))
            start = None
    return parts


def _read_by_oxigraph(text: str, base: str) -> list:
    """The triples of a Turtle text as Oxigraph reads them (N-Triples strings); none if it refuses the text."""
    try:
        return [(str(q.subject), str(q.predicate), str(q.object))
                for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base)]
    except SyntaxError:
        return []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=parity_documents())
@example(data=(PARITY_PREFIXES + 'oi:a oo:p "x" # c\r @en , "y" ^^\r xsd:string ;\r oo:q 01 .\roi:b oo:p "z" .\r').encode())
@example(data=(PARITY_PREFIXES + "oi:a oo:p '''a\nb''' ^^ # c\n\n oi:t , +1 . oi:a oo:q [ oo:p 1.50 ] .\n").encode())
@example(data=(PARITY_PREFIXES + "oi:a oo:p oi:a . () <https://example.org/x> <https://example.org/x> . \n").encode())
def test_every_document_both_loaders_read_the_location_finder_reads_alike_and_places(tmp_path, data):
    """For every document both loaders accept (the parse-parity sweep's documents): the location finder reads
    it, with the loaders' triples; each IRI's description starts where Oxigraph, reading the document one
    top-level statement at a time, first finds it a subject; and each statement's span, read by Oxigraph
    after its subject (and predicate, for an object after a comma), is that statement."""
    path = tmp_path / "g.ttl"
    ours, reference = outcomes(path, data)
    if not isinstance(ours, list) or ours != reference:
        return  # refused (tests/test_parse_parity.py: by both, at the same place)
    found = parse_positions(path, "g.ttl")
    assert found is not None, data
    assert blank_nodes_unnamed([tuple(map(term_string, t)) for t in found.graph]) == ours, data
    text, base = found.text, path.resolve().as_uri()
    parts = _top_level(text)  # each with the directives before it
    parts = [("\n".join(text[s:e] for s, e, d in parts[:at] if d), *part) for at, part in enumerate(parts)]
    first: dict = {}
    for prologue, start, end, directive in parts:
        named = {s for s, _, _ in _read_by_oxigraph(f"{prologue}\n{text[start:end]}", base) if s.startswith("<")}
        if not directive and (text[start] not in "[(_" or named):  # "() oo:p oi:b": rdf:nil, a named subject
            assert len(named) == 1, (text[start:end], named)
            first.setdefault(named.pop(), _where_written(text, start))
    described = {term_string(node): found.line_column(span[0]) for node, span in found.described.items() if isinstance(node, URIRef)}
    assert described == first, text
    for (s, p, o), spans in found.statements.items():
        if not isinstance(s, URIRef) or isinstance(o, BNode):
            continue
        triple = (term_string(s), term_string(p), term_string(o))
        for start, end in spans:
            prologue = next(before for before, begin, stop, _ in parts if begin <= start < stop)
            read = [_read_by_oxigraph(f"{prologue}\n{triple[0]} {head}{text[start:end]} .", base) for head in ("", f"{triple[1]} ")]
            assert [triple] in read, (text[start:end], triple, read)
