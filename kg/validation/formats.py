"""Validation reports in the formats CI systems read: GitHub Actions workflow commands, JUnit XML, SARIF 2.1.0.

- GitHub Actions turns `::error file=F,line=L,col=C,title=T::message` lines of a step's log into
  annotations on those lines of the pull request (escaped as the Actions toolkit escapes them).
- JUnit XML is read by GitLab, Jenkins, Azure Pipelines and most CI systems: one test case per shape or
  check (the rules that pass are passing test cases), one failure per violation; warnings go to the
  test case's system-out, so they show without failing the build.
- SARIF 2.1.0 feeds code-scanning dashboards (GitHub code scanning, Azure DevOps, VS Code's SARIF viewer):
  rules with their shape IRIs and help text, results with physical locations (columns in Unicode code
  points, as `columnKind` says) and fingerprints that survive lines moving.

Every format carries the same findings (kg.validation.findings) with the same locations (kg.validation.locate).
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph
from rdflib.namespace import RDFS

from kg.core.errors import printable
from kg.validation.inconsistency import CONSISTENCY_RULE, CONSISTENCY_SUMMARY
from kg.validation.findings import (DATATYPE_RULE, DATATYPE_SUMMARY, EMPTY_FILE_RULE, EMPTY_FILE_SUMMARY, SYNTAX_RULE,
                                    Namer, ResultClue, ValidationReport)
from kg.validation.undefined import REFERENCE_RULE, REFERENCE_SUMMARY, VOCABULARY_RULE, VOCABULARY_SUMMARY
from kg.core.namespaces import SH

FORMATS = ("text", "json", "turtle", "github", "junit", "sarif")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
LEVELS = {"Error": "error", "Violation": "error", "Warning": "warning", "Info": "note"}
COMMANDS = {"Error": "error", "Violation": "error", "Warning": "warning", "Info": "notice"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL = "kg validate"
NODE_CONSTRAINTS = (SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.minLength, SH.minInclusive, SH["in"],
                    SH["and"], SH["or"], SH.xone, SH["not"], SH.sparql)


@dataclass(frozen=True)
class Rule:
    """A shape, a property shape or a check, as CI reports list it."""

    id: str  # the name findings give as their rule
    kind: str  # "shape", "check" or "syntax"
    name: str
    summary: str
    help: str
    shape: str = ""  # the node shape's IRI (a property shape has none of its own)
    source: str = ""  # the file that defines it, relative to the project
    severity: str = "Violation"


def rule_catalogue(shapes: Graph | None, checks=(), shapes_file: str = "ontology/shapes.ttl") -> dict:
    """Every rule that validation runs, by the name its findings carry: the node shapes with constraints
    of their own (SPARQL rules included), each property shape, each check, and Turtle syntax."""
    shapes = shapes if shapes is not None else Graph()
    names = Namer(_ShapesOnly(shapes))
    rules: dict = {}
    targeted = {s for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
                for s in shapes.subjects(p, None)}
    for shape in sorted(targeted, key=str):
        label = str(shapes.value(shape, RDFS.label) or names(shape))
        comment = str(shapes.value(shape, RDFS.comment) or "")
        severity = _severity(names, shapes.value(shape, SH.severity))
        if any((shape, p, None) in shapes for p in NODE_CONSTRAINTS):
            messages = [str(m) for m in shapes.objects(shape, SH.message)]
            messages += [str(m) for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message)]
            rules.setdefault(names(shape), Rule(names(shape), "shape", label, comment or label,
                                                "\n".join(messages) or comment, str(shape), shapes_file, severity))
        for prop in shapes.objects(shape, SH.property):
            rule = names.shape(prop)
            message = "\n".join(str(m) for m in shapes.objects(prop, SH.message))
            title = str(shapes.value(prop, SH.name) or rule)
            rules.setdefault(rule, Rule(rule, "shape", f"{label}: {title}", message or title, message or comment,
                                        str(shape), shapes_file,
                                        _severity(names, shapes.value(prop, SH.severity)) if
                                        shapes.value(prop, SH.severity) is not None else severity))
    for check in checks:
        source = f"queries/checks/{Path(check.path).name}" if getattr(check, "path", None) else ""
        rules[check.name] = Rule(check.name, "check", check.name, check.summary, check.description or check.summary,
                                 "", source)
    rules[SYNTAX_RULE] = Rule(SYNTAX_RULE, "syntax", "Turtle syntax", "Every source file is valid Turtle 1.1.",
                              "Each data, ontology and shapes file must parse as Turtle 1.1 (W3C "
                              "Recommendation); nothing is validated until every file does.")
    rules[EMPTY_FILE_RULE] = Rule(EMPTY_FILE_RULE, "check", "Empty data file", EMPTY_FILE_SUMMARY, EMPTY_FILE_SUMMARY)
    # the rules in Python that every validation runs: listed like the others, or a SARIF log described each by
    # the message of its first finding, and JUnit gave it a test case only when it failed
    for name, title, summary, source in (
            (DATATYPE_RULE, "Literal datatypes", DATATYPE_SUMMARY, "kg/validation/findings.py"),
            (REFERENCE_RULE, "Things described", REFERENCE_SUMMARY, "kg/validation/undefined.py"),
            (VOCABULARY_RULE, "Terms of a vocabulary", VOCABULARY_SUMMARY, "kg/validation/undefined.py")):
        rules[name] = Rule(name, "check", title, summary, summary, "", source)
    rules[CONSISTENCY_RULE] = Rule(CONSISTENCY_RULE, "check", "OWL consistency", CONSISTENCY_SUMMARY,
                                   CONSISTENCY_SUMMARY + " The build's reasoner refuses such a thing as inconsistent: "
                                   "give it the one class it is, or the property that says what is meant.",
                                   "", "ontology/oioo.ttl")
    from kg.validation.stated import RULES as STATED  # (the rules in Python that compare a node with its evidence)

    for name, (_audit, summary, fix) in STATED.items():
        rules[name] = Rule(name, "check", name, summary, f"{summary} {fix}", "", "kg/validation/stated.py")
    return rules


@dataclass
class _ShapesOnly:
    shapes: Graph
    data: Graph = None
    files_of: dict = None

    def __post_init__(self):
        self.data, self.files_of = Graph(), {}


def _severity(names: Namer, term) -> str:
    return names(term).removeprefix("sh:") if term is not None else "Violation"


def _tool_version() -> str:
    try:
        return version("oioo-kg")
    except PackageNotFoundError:
        return "0"


def _in_repository(name: str, prefix: str) -> str:
    """A project-relative file name as the repository names it (the project may sit in a subdirectory)."""
    return name if Path(name).is_absolute() else f"{prefix}{name}"


def _sentences(finding) -> str:
    """The result as sentences (SARIF asks messages to end with a period)."""
    parts = [finding.message.rstrip() + ("" if finding.message.rstrip().endswith((".", "!", "?")) else ".")]
    for label, text in (("Focus node", finding.focus), ("Path", finding.path), ("Value", finding.value)):
        if text:
            parts.append(f"{label}: {text}.")
    return " ".join(parts)


def _identifier(rule: Rule) -> str:
    """A rule's name as SARIF wants it, an identifier: FigureShape.indicator, ComparatorWithoutBound;
    a sequence path's steps joined (ClaimReviewShape.reviewRatingAlternateName), an inverse step said so
    (OfficialShape.inverseHolder)."""
    if rule.kind == "shape":
        shape, _, rest = rule.id.partition(" (")
        words = rest.rstrip(")").replace('"', "").replace(",", " ").split()
        steps = [("inverse:" if step.startswith("^") else "") + step.split(":")[-1]
                 for word in words[:1] for step in word.split("/")]
        path = "".join(name[:1].upper() + name[1:] for step in steps for name in step.split(":"))
        qualifier = "".join(w[:1].upper() + w[1:] for w in words[1:] if w.isalnum())
        return shape.split(":")[-1] + (f".{path[:1].lower()}{path[1:]}{qualifier}" if path else "")
    return "".join(w[:1].upper() + w[1:] for w in rule.id.replace("_", "-").split("-") if w)


def _details(finding) -> str:
    parts = [finding.message]
    for label, text in (("focus", finding.focus), ("path", finding.path), ("value", finding.value)):
        if text:
            parts.append(f"{label}: {text}")
    return "\n".join(parts)


# ------------------------------------------------------------------ GitHub Actions workflow commands

def _escape_data(text: str) -> str:
    """A command's text as the Actions toolkit escapes it (%, CR, LF), once every other control character, and
    what prints nothing, reorders the text or breaks a line (NEL, U+2028), is shown escaped as the text format
    shows it (printable): an ESC in a file name reached the log raw, and a U+2028 split the command's line."""
    shown = printable(text, keep="\r\n", unseen=True)
    return shown.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(report: ValidationReport, prefix: str = "") -> str:
    """One workflow command per finding (properties in the order the Actions toolkit writes them),
    then the summary as a plain log line."""
    lines = []
    for finding in report.findings:
        properties = {"title": finding.rule if finding.severity != "Error" else "Turtle syntax"}
        at = finding.location
        if at is not None:  # a range only within one line (GitHub drops columns of multi-line ranges)
            one_line = at.end_line == at.line and at.end_column
            properties["file"] = _in_repository(at.file, prefix)
            properties["line"] = at.line
            if one_line:
                properties["endLine"] = at.end_line
            if at.column:
                properties["col"] = at.column
            if one_line:
                properties["endColumn"] = at.end_column
        elif finding.files:
            properties["file"] = _in_repository(finding.files[0], prefix)
        joined = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
        lines.append(f"::{COMMANDS.get(finding.severity, 'error')} {joined}::{_escape_data(_details(finding))}")
    lines.append(report.summary())
    return "\n".join(lines)


# ------------------------------------------------------------------ JUnit XML

def junit(report: ValidationReport, rules: dict, prefix: str = "", seconds: float = 0.0) -> str:
    """JUnit XML: a suite for the shapes, one for the checks, one for Turtle syntax."""
    by_rule: dict = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    elapsed = f"{seconds:.3f}"
    suites = ElementTree.Element("testsuites", name=TOOL, time=elapsed)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    skipped = (f"not validated: {len(report.errors)} file(s) cannot be parsed, so no file was validated"
               if report.errors else "")
    for kind, title in (("syntax", "Turtle syntax"), ("shape", "SHACL shapes"), ("check", "SPARQL checks (queries/checks)")):
        suite = ElementTree.SubElement(suites, "testsuite", name=title, timestamp=stamp,
                                       hostname=socket.gethostname(), time=elapsed if kind == "shape" else "0.000")
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        listed = [rule for rule in rules.values() if rule.kind == kind]
        listed += [Rule(name, kind, name, "", "") for name in by_rule
                   if name not in rules and _kind_of(by_rule[name][0]) == kind]
        for rule in listed:
            if kind == "syntax":
                _syntax_cases(suite, by_rule.get(rule.id, []), counts, prefix)
                continue
            case = ElementTree.SubElement(suite, "testcase", classname=_classname(rule), name=rule.id)
            counts["tests"] += 1
            found = by_rule.get(rule.id, [])
            if skipped:
                ElementTree.SubElement(case, "skipped", message=skipped)
                counts["skipped"] += 1
                continue
            for finding in (f for f in found if f.severity == "Violation"):
                _failure(case, finding, prefix)
                counts["failures"] += 1
            notes = [f for f in found if f.severity != "Violation"]
            if notes:
                ElementTree.SubElement(case, "system-out").text = "\n\n".join(
                    f"{f.severity}: {_where(f, prefix)}: {_details(f)}" for f in notes)
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
    for attribute in ("tests", "failures"):
        suites.set(attribute, str(sum(int(s.get(attribute)) for s in suites)))
    suites.set("errors", "0")
    ElementTree.indent(suites)
    text = ElementTree.tostring(suites, encoding="unicode")
    # XML 1.0 holds no control character, even escaped: a literal with \v in a message is written \u000B
    text = NOT_XML.sub(lambda found: f"\\u{ord(found.group()):04X}", text)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def _kind_of(finding) -> str:
    """For a rule the catalogue does not list: what made the finding."""
    if finding.severity == "Error":
        return "syntax"
    return "shape" if isinstance(finding.clue, ResultClue) else "check"


def _classname(rule: Rule) -> str:
    return rule.id.split(" (")[0] if rule.kind == "shape" else "queries.checks"


def _where(finding, prefix: str) -> str:
    at = finding.location
    if at is None:
        return _in_repository(finding.files[0], prefix) if finding.files else "?"
    return f"{_in_repository(at.file, prefix)}:{at.line}" + (f":{at.column}" if at.column else "")


def _failure(case, finding, prefix: str) -> None:
    failure = ElementTree.SubElement(case, "failure", type=finding.severity,
                                     message=f"{_where(finding, prefix)}: {finding.focus + ': ' if finding.focus else ''}{finding.message}")
    failure.text = f"{_where(finding, prefix)}\n{_details(finding)}"


def _syntax_cases(suite, errors: list, counts: dict, prefix: str) -> None:
    """One test case per file that cannot be parsed; one passing case when every file parses."""
    if not errors:
        ElementTree.SubElement(suite, "testcase", classname="turtle", name="every source file parses")
        counts["tests"] += 1
        return
    for finding in errors:
        name = _in_repository(finding.files[0], prefix) if finding.files else "?"
        case = ElementTree.SubElement(suite, "testcase", classname="turtle", name=name)
        _failure(case, finding, prefix)
        counts["tests"] += 1
        counts["failures"] += 1


# ------------------------------------------------------------------ SARIF 2.1.0

def sarif(report: ValidationReport, rules: dict, prefix: str = "", root: Path | None = None) -> str:
    """A SARIF 2.1.0 log with one run: the tool's rules and one result per finding."""
    listed = list(rules.values()) + [Rule(f.rule, _kind_of(f), f.rule, f.rule, f.message)
                                     for f in report.findings if f.rule not in rules]
    listed = list({rule.id: rule for rule in listed}.values())
    index = {rule.id: i for i, rule in enumerate(listed)}
    run = {
        "tool": {"driver": {
            "name": TOOL,
            "fullName": "kg validate: SHACL shapes and SPARQL checks of the oioo knowledge graph",
            "version": _tool_version(),
            "informationUri": "https://w3id.org/oioo/",
            "rules": [_sarif_rule(rule) for rule in listed],
        }},
        "invocations": [{"executionSuccessful": not report.errors, "exitCode": report.exit_code}],
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(f, index, prefix) for f in report.findings],
    }
    if root is not None:
        repository = Path(root).resolve()
        for _ in Path(prefix).parts:
            repository = repository.parent
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": repository.as_uri() + "/"}}
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"


def _sarif_rule(rule: Rule) -> dict:
    entry = {
        "id": rule.id,
        "name": _identifier(rule),
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.help or rule.summary or rule.name},
        "help": {"text": _help(rule), "markdown": _help(rule, markdown=True)},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "error")},
        "properties": {"tags": [{"shape": "shacl", "check": "sparql-check", "syntax": "syntax"}[rule.kind]]},
    }
    if rule.shape and not rule.shape.startswith("_:"):
        entry["helpUri"] = rule.shape
        entry["properties"]["shape"] = rule.shape
    if rule.source:
        entry["properties"]["source"] = rule.source
    return entry


def _help(rule: Rule, markdown: bool = False) -> str:
    text = rule.help or rule.summary
    where = f"Defined in {rule.source}" + (f" as {rule.shape}" if rule.shape else "") + "." if rule.source else ""
    if markdown:
        where = f"Defined in `{rule.source}`" + (f" as <{rule.shape}>" if rule.shape else "") + "." if rule.source else ""
    return "\n\n".join(part for part in (text, where) if part)


def _sarif_result(finding, index: dict, prefix: str) -> dict:
    result = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS.get(finding.severity, "error"),
        "message": {"text": _sentences(finding)},
        "partialFingerprints": {"kgFinding/v1": hashlib.sha256(
            "\0".join((finding.rule, finding.focus, finding.path, finding.value, finding.message)).encode()).hexdigest()},
    }
    name = finding.location.file if finding.location else (finding.files[0] if finding.files else None)
    if name is not None:
        physical = {"artifactLocation": {"uri": quote(_in_repository(name, prefix))}}  # a URI reference
        if not Path(name).is_absolute():
            physical["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
        at = finding.location
        if at is not None:
            region = {"startLine": at.line}
            if at.column:
                region["startColumn"] = at.column
            if at.end_line:
                region["endLine"] = at.end_line
            if at.end_column:
                region["endColumn"] = at.end_column
            if at.snippet:
                region["snippet"] = {"text": at.snippet}
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    properties = {key: text for key, text in (("focusNode", finding.focus), ("resultPath", finding.path),
                                                 ("value", finding.value), ("severity", finding.severity)) if text}
    result["properties"] = properties
    return result


def render(report: ValidationReport, fmt: str, rules: dict | None = None, root: Path | None = None,
           prefix: str = "", seconds: float = 0.0) -> str:
    """The report in one of FORMATS."""
    if fmt == "text":
        return report.text()
    if fmt == "json":
        return report.json()
    if fmt == "turtle":
        return report.turtle(root)
    if fmt == "github":
        return github(report, prefix)
    if fmt == "junit":
        return junit(report, rules or {}, prefix, seconds)
    if fmt == "sarif":
        return sarif(report, rules or {}, prefix, root)
    raise ValueError(f"unknown format {fmt!r}")

