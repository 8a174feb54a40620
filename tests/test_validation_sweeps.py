"""The engine's validation (kg.validation.validate) against pySHACL's (kg.reference.validate) on generated breakage:
the seed's shared entities and one report, its triples mutated 1-4 times (a triple deleted, a value
doubled, an object replaced by another class's IRI, a blank node or a literal, a literal's datatype, form or
language tag changed, an evidence span's offsets swapped, a figure pointed at a missing indicator, an
unknown property, an IRI nothing describes), validated by both engines as `kg validate` runs them: the same
findings (focus, path, value, rule, severity, message, file, line and column), in the same order. Where
rdflib's SPARQL, under pySHACL, reads the data otherwise than SPARQL and SHACL do (read_otherwise), the
example is left out and a test below pins what the engine reports instead.

pySHACL takes 1.5-2.5 s a validation of this project: the sweep is bounded (max_examples), the project
made once for the module and its report rewritten for each example."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from kg.sources.load import read_triples
from kg.core.namespaces import SH
from kg.core.terms import rdflib_literal
from kg.reference import load
from kg.sources.project import Project
from kg.engines import validate
from sweep_scale import examples
from test_shape_fixtures_on_both_engines import _ontology_parsed_once

REPORT = "report-000.ttl"
OO, OI, OA = "https://w3id.org/oioo/ontology#", "https://w3id.org/oioo/id/", "http://www.w3.org/ns/oa#"
XSD, RDF = "http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TYPE = f"<{RDF}type>"


class Seed:
    """The project the sweep validates, and what the mutations draw from: the report's triples (N-Triples
    strings), the shared entities' triples, the typed IRIs of both, the report's blank nodes, and the
    properties it gives literals alone."""

    def __init__(self, project: Project):
        self.project = project
        self.report = project.root / "data" / REPORT
        self.triples = tuple(_relabelled(read_triples(self.report)))
        self.shared = tuple(sorted(read_triples(project.root / "data" / "shared.ttl")))  # (no blank node)
        self.typed = sorted({s for s, p, _ in (*self.triples, *self.shared) if p == TYPE and s[0] == "<"})
        self.blank = sorted({t for triple in self.triples for t in (triple[0], triple[2]) if t[0] == "_"})
        self.literal_only = {t[1] for t in self.triples} - {p for _, p, o in self.triples if o[0] != '"'}

    def write(self, triples) -> None:
        self.report.write_text("".join(" ".join(t) + " .\n" for t in triples), encoding="utf-8")


def _relabelled(triples):
    """The triples with their blank nodes labelled in order of appearance (_:b1, _:b2 ...): the parser's
    labels are new at each parse, and the mutations must pick the same nodes from one run to the next."""
    labels: dict = {}
    label = lambda term: labels.setdefault(term, f"_:b{len(labels) + 1}") if term[0] == "_" else term  # noqa: E731
    return [(label(s), p, label(o)) for s, p, o in triples]


@pytest.fixture(scope="module")
def seed(tmp_path_factory, project):
    """shared.ttl and the report, with the model and queries; the reference's ontology and shapes parsed once."""
    target = tmp_path_factory.mktemp("sweep")
    for name in ("ontology", "queries"):
        shutil.copytree(project.root / name, target / name)
    (target / "data").mkdir()
    for name in ("shared.ttl", REPORT):
        shutil.copyfile(project.root / "data" / name, target / "data" / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "parse_turtle", _ontology_parsed_once(load.parse_turtle))
        yield Seed(Project(target))


# ------------------------------------------------------------------ mutations
# Each takes the triples, the seed and `pick` (a sequence -> one of its items, drawn by Hypothesis) and
# returns the triples mutated; where nothing fits, the triples unchanged.

def _literal(lexical: str, tail: str = "") -> str:
    escaped = lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"{tail}'


def _quoted(literal: str) -> str:
    """A literal's quoted lexical part, as written ('"12"' of '"12"^^<...integer>')."""
    return literal[:literal.rindex('"') + 1]


def _replaced(triples: list, index: int, triple: tuple) -> list:
    return [*triples[:index], triple, *triples[index + 1:]]


def _which(triples: list, pick, test=lambda triple: True):
    found = [i for i, triple in enumerate(triples) if test(triple)]
    return pick(found) if found else None


def delete(triples, seed, pick):
    i = _which(triples, pick)
    return triples if i is None else [*triples[:i], *triples[i + 1:]]


def double_value(triples, seed, pick):
    """A second value of a property: another subject's value of the same property."""
    i = _which(triples, pick, lambda t: t[1] != TYPE)
    if i is None:
        return triples
    s, p, o = triples[i]
    others = sorted({t[2] for t in (*seed.triples, *triples) if t[1] == p and t[2] != o})
    return triples if not others else [*triples, (s, p, pick(others))]


def object_of_another_class(triples, seed, pick):
    i = _which(triples, pick)
    return triples if i is None else _replaced(triples, i, (*triples[i][:2], pick(seed.typed)))


def object_a_blank_node(triples, seed, pick):
    i = _which(triples, pick)
    return triples if i is None else _replaced(triples, i, (*triples[i][:2], pick(["_:sweep", *seed.blank[:5]])))


LITERALS = [_literal("abc"), _literal(""), _literal("12", f"^^<{XSD}integer>"), _literal("x", "@en"),
            _literal("2025-07-10", f"^^<{XSD}date>"), _literal("true", f"^^<{XSD}boolean>")]


def object_a_literal(triples, seed, pick):
    i = _which(triples, pick)
    return triples if i is None else _replaced(triples, i, (*triples[i][:2], pick(LITERALS)))


DATATYPES = ["integer", "decimal", "double", "string", "boolean", "date", "gYear", "gYearMonth",
             "nonNegativeInteger", "positiveInteger", "dateTime", "anyURI"]


def literal_datatype(triples, seed, pick):
    i = _which(triples, pick, lambda t: t[2][0] == '"')
    if i is None:
        return triples
    s, p, o = triples[i]
    return _replaced(triples, i, (s, p, f"{_quoted(o)}^^<{XSD}{pick(DATATYPES)}>"))


FORMS = ["01", "1.0", "-0", "abc", "", " 1", "1e3", "+5", "0.50", "2025-13-01", "2025", "TRUE", "-1"]


def literal_form(triples, seed, pick):
    i = _which(triples, pick, lambda t: t[2][0] == '"')
    if i is None:
        return triples
    s, p, o = triples[i]
    return _replaced(triples, i, (s, p, _literal(pick(FORMS), o[o.rindex('"') + 1:])))


def language_tag(triples, seed, pick):
    i = _which(triples, pick, lambda t: t[2][0] == '"' and t[2][-1] != ">")
    if i is None:
        return triples
    s, p, o = triples[i]
    tag = o[o.rindex('"') + 1:]
    return _replaced(triples, i, (s, p, _quoted(o) + pick([tag.upper(), "@en-GB", "@EN-GB", "", "@fr", "@en"])))


def swap_offsets(triples, seed, pick):
    """An evidence span whose oa:start is its oa:end and the other way round."""
    starts = {s: i for i, (s, p, _) in enumerate(triples) if p == f"<{OA}start>"}
    ends = {s: i for i, (s, p, _) in enumerate(triples) if p == f"<{OA}end>"}
    spans = sorted(starts.keys() & ends.keys())
    if not spans:
        return triples
    span = pick(spans)
    i, j = starts[span], ends[span]
    triples = _replaced(triples, i, (*triples[i][:2], triples[j][2]))
    return _replaced(triples, j, (*triples[j][:2], triples[i][2]))


def missing_indicator(triples, seed, pick):
    i = _which(triples, pick, lambda t: t[1] == f"<{OO}indicator>")
    return triples if i is None else _replaced(triples, i, (*triples[i][:2], f"<{OI}ind-no-such-indicator>"))


def unknown_property(triples, seed, pick):
    i = _which(triples, pick)
    if i is None:
        return triples
    s, _, o = triples[i]
    return [*triples, (s, pick([f"<{OO}noSuchProperty>", "<https://example.org/colour>"]), o)]


def undescribed_iri(triples, seed, pick):
    """A triple about an IRI nothing describes, or one pointing to it."""
    i = _which(triples, pick)
    if i is None:
        return triples
    s, p, o = triples[i]
    nobody = f"<{OI}nobody-describes-this>"
    return [*triples, pick([(nobody, p, o), (s, p, nobody)])]


def another_predicate(triples, seed, pick):
    i = _which(triples, pick)
    if i is None:
        return triples
    s, _, o = triples[i]
    return _replaced(triples, i, (s, pick(sorted({t[1] for t in seed.triples})), o))


def another_type(triples, seed, pick):
    i = _which(triples, pick, lambda t: t[1] == TYPE)
    if i is None:
        return triples
    classes = sorted({t[2] for t in seed.triples if t[1] == TYPE})
    return [*triples, (triples[i][0], TYPE, pick(classes))]


def shared_restated(triples, seed, pick):
    """A shared entity's statement said again in the report, of it or of another typed node, with its value,
    another entity's value of the property, another typed IRI, a literal or the value in another form: the
    shapes of people, posts and their holdings, organisations and indicators, on two files."""
    s, p, o = pick(seed.shared)
    others = sorted({t[2] for t in seed.shared if t[1] == p} - {o})
    if o[0] == '"':
        others += [f"{_quoted(o)}^^<{XSD}{pick(DATATYPES)}>", _literal(pick(FORMS), o[o.rindex('"') + 1:])]
    value = pick([o, *others, pick(seed.typed), pick(LITERALS)])
    return [*triples, (pick([s, pick(seed.typed)]), p, value)]


MUTATIONS = [delete, double_value, object_of_another_class, object_a_blank_node, object_a_literal, literal_datatype,
             literal_form, language_tag, swap_offsets, missing_indicator, unknown_property, undescribed_iri,
             another_predicate, another_type, shared_restated]


def mutated(seed: Seed, mutations, pick) -> list:
    triples = list(seed.triples)
    for mutation in mutations:
        triples = mutation(triples, seed, pick)
    return triples


def difference(seed: Seed, triples) -> str:
    """The mutation, as the triples removed and added."""
    before, after = set(seed.triples), set(triples)
    return "\n".join([*(f"- {' '.join(t)}" for t in sorted(before - after)),
                      *(f"+ {' '.join(t)}" for t in sorted(after - before))])


COMPARED = {f"<{OA}start>", f"<{OA}end>", f"<{OO}characterCount>"}  # compared as numbers by the rules (4.5.3, FILTER)
DATES_COMPARED = {f"<{OO}startDate>", f"<{OO}endDate>"}  # a post holding's, by sh:lessThanOrEquals


def read_otherwise(seed: Seed, triples) -> str:
    """Why pySHACL (rdflib's SPARQL) reads the mutated data otherwise than SPARQL and SHACL do, if it does
    ("" if not): the engine reads it as they do (tests below pin what it reports), so the findings differ
    there by design.

    - a blank node where a rule reads text (a property the seed gives literals alone): rdflib's STR() of a
      blank node is its label, where SPARQL's is an error (a check that writes an input or a baseline out
      as text names a blank node by its kind: tests/test_checks_queries.py);
    - an offset or a character count that is not a well-typed xsd:integer: rdflib compares and subtracts
      values of different types (true < 3, "" > 5446), or stops on an ill-typed number, where SPARQL's
      operators raise a type error; and pySHACL stops on a blank node in sh:lessThan (SHACL: a result);
    - a number where a post holding's dates are compared (sh:lessThanOrEquals): rdflib compares a date and a
      number by their datatypes' IRIs (date < integer), where SPARQL's <= cannot compare them, so SHACL
      makes the pair a result."""
    for s, p, o in set(triples) - set(seed.triples):
        if o[0] == "_" and p in seed.literal_only | COMPARED:
            return f"a blank node as the value of {p}"
        if p in COMPARED and (not o.endswith(f"^^<{XSD}integer>") or rdflib_literal(o).ill_typed):
            return f"{o} as the value of {p}"
        if p in DATES_COMPARED and o[0] == '"' and type(rdflib_literal(o).value) in (int, float, Decimal):
            return f"a number, {o}, as the value of {p}"
    return ""


def both(project: Project):
    """(reference, engine) outcomes of `kg validate`."""
    return validate(project, "reference"), validate(project, "oxigraph")


# ------------------------------------------------------------------ the sweep

@settings(max_examples=examples(6), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_data_gets_pyshacls_findings_in_its_order(seed, data):
    """The report mutated 1-4 times: kg validate on the engine says what it says on the reference, word for
    word, finding for finding, located alike (a failure notes the triples removed and added)."""
    mutations = data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4), label="mutations")
    triples = mutated(seed, mutations, lambda items: data.draw(st.sampled_from(items)))
    note(difference(seed, triples))
    assume(not read_otherwise(seed, triples))
    seed.write(triples)
    expected, found = both(seed.project)
    assert found.report.findings == expected.report.findings
    assert found.render("text") == expected.render("text")


# ------------------------------------------------------------------ what the sweep found

PREFIXES = ("@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix oi: <https://w3id.org/oioo/id/> .\n"
            "@prefix oa: <http://www.w3.org/ns/oa#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")


def validated_alike(project: Project, turtle: str):
    """`kg validate` of the shared entities and `turtle` (data/zz.ttl) by both engines: the same text; the
    engine's outcome."""
    (project.root / "data" / "zz.ttl").write_text(PREFIXES + turtle, encoding="utf-8")
    expected, found = both(project)
    assert found.render("text") == expected.render("text")
    assert found.report.findings == expected.report.findings
    return found


@pytest.mark.parametrize("value", ['"x"', "oi:nobody-describes-this"])
def test_a_focus_node_described_nowhere_is_in_the_file_that_points_to_it(bare_project, value):
    """Found by the sweep: a literal, or an IRI nothing describes, made a focus node (here as the object of
    oo:inferredValue) was reported by the engine in no file ("[?]"), with no line, where the reference
    gives the file of the node that points to it, and the line there."""
    found = validated_alike(bare_project, f"oi:uk-france-returns-agreement oo:inferredValue {value} .\n")
    located = [f for f in found.report.findings if f.focus == value]
    assert located and all(f.files == ("data/shared.ttl", "data/zz.ttl") for f in located)
    assert all(str(f.location).startswith("data/zz.ttl:3:") for f in located)


@pytest.mark.parametrize("pointers, name", [
    ("oi:zz-z oo:evidence _:span . oi:zz-a oo:evidence _:span .", "oi:zz-a / oo:evidence [blank node]"),
    ("oi:zz-a oo:mentionsFigure _:span ; oo:evidence _:span .", "oi:zz-a / oo:evidence [blank node]"),
])
def test_a_blank_node_two_statements_point_to_is_named_by_the_first_of_them_by_name(bare_project, pointers, name):
    """Found by the sweep: a blank node two statements point to was named by "the first" that points to it,
    which was the order the reference's rdflib graph had them in (the order of the file) and the order of
    the engine's index, which is a set's (another with each PYTHONHASHSEED). Both now name it by the least
    of its names: here the same whichever statement is written first."""
    found = validated_alike(bare_project, f"{pointers}\n_:span a oo:EvidenceSpan .\n")
    about = [f for f in found.report.findings if "[blank node]" in f.focus]
    assert about and {f.focus for f in about} == {name}


def test_a_blank_node_a_rules_message_names_is_named_as_findings_name_it(bare_project):
    """Found by the sweep: a SPARQL rule's message that names a blank node ({?value}: an evidence span's
    oa:hasSource written as a blank node) named it by its label, which each parse makes anew (rdflib's
    "n47f5...b16", Oxigraph's 32 hexadecimal digits): the engines' messages differed, and a curator could
    not find the node. Both now name it as a finding's focus or value is named."""
    found = validated_alike(bare_project, "oi:zz-fact oo:inReport oi:uk-france-returns-agreement ;\n"
                                          "    oo:evidence [ oa:hasSource [ a oo:Report ] ] .\n")
    message, = {f.message for f in found.report.findings if f.rule == "oos:EvidenceSourceShape"}
    assert message == ("This evidence span's source oi:zz-fact / oo:evidence [blank node] / oa:hasSource [blank node] "
                       "is not the report oi:uk-france-returns-agreement of oi:zz-fact, which cites it.")


@pytest.mark.parametrize("start, end, value", [
    ("[]", "3", "oi:zz-fact / oo:evidence [blank node] / oa:start [blank node]"),
    ("0", "[]", '"0"^^xsd:integer'),
])
def test_a_blank_node_that_sh_less_than_compares_is_a_violation_not_a_refusal(bare_project, start, end, value):
    """Found by the sweep: an evidence span's oa:start or oa:end written as a blank node made the engine refuse
    to validate at all ("sh:lessThan cannot compare a blank node (pySHACL refuses it too)": no file, no
    line), and pySHACL stop with an error (kg validate --engine reference: "the reference stopped"). SHACL 4.5.3
    says otherwise: a value that cannot be compared with the other's (by SPARQL's <, which compares no blank
    node) is a result. The engine now reports it, where it is written; the reference still stops."""
    (bare_project.root / "data" / "zz.ttl").write_text(PREFIXES + (
        "oi:zz-fact oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:uk-france-returns-agreement ;\n"
        f'    oa:exact "abc" ; oa:start {start} ; oa:end {end} ] .\n'), encoding="utf-8")
    found = validate(bare_project, "oxigraph").report.findings
    compared = [f for f in found if f.path == "oa:start" and f.rule == "oos:EvidenceSpanShape (oa:start)"]
    assert value in {f.value for f in compared}
    assert all(str(f.location).startswith("data/zz.ttl:4:") for f in compared)


SPAN = ("oi:zz-fact oo:inReport oi:r000 ; oo:evidence [ a oo:EvidenceSpan ; oa:hasSource oi:r000 ;\n"
        "    oa:exact {exact} ; oa:start {start} ; oa:end {end} ] .\n")


@pytest.mark.parametrize("exact, start, end, rule", [
    ("[]", "0", "3", "oos:EvidenceOffsetsShape"),  # rdflib: STR(_:b) is its label, 35 characters or more, not 3
    ('"abc"', "0", '""', "oos:EvidenceOffsetsShape"),  # rdflib: "" > 5446 (the report's oo:characterCount)
    ('"abc"', "true", "3", None),  # rdflib: true < 3, so pySHACL's sh:lessThan gives no result
])
def test_where_rdflib_reads_the_rules_otherwise_the_engine_reads_them_as_sparql_does(small_project, exact, start, end, rule):
    """What the sweep leaves out (read_otherwise): SPARQL's STR() of a blank node and its comparisons of
    values of different types are errors, so the rule's FILTER drops the row, and SHACL's sh:lessThan makes
    values it cannot compare a result; rdflib, under pySHACL, gives the label, compares across types (by
    datatype IRI: true < 3), and the reference reports otherwise. The engine reports as the specifications
    do: no offsets finding from a blank node's label or an empty string, a sh:lessThan result for true."""
    (small_project.root / "data" / "zz.ttl").write_text(
        PREFIXES + SPAN.format(exact=exact, start=start, end=end), encoding="utf-8")
    report = validate(small_project, "oxigraph").report
    assert report.findings, "each value breaks a rule of its own (a datatype, sh:lessThan)"
    if rule is not None:
        assert not [f for f in report.findings if f.rule == rule]
    else:
        results = report.results_graph
        assert {str(results.value(r, SH.value)) for r in results.subjects(SH.sourceConstraintComponent,
                                                                            SH.LessThanConstraintComponent)} == {"true"}


@pytest.mark.parametrize("end", ['"12"^^xsd:integer', '"1.5"^^xsd:double'])
def test_a_date_compared_with_a_number_is_a_result_as_sparql_reads_it(bare_project, end):
    """What the sweep leaves out (read_otherwise), on a shared post holding: a number as its oo:endDate, which
    sh:lessThanOrEquals compares with its oo:startDate (an xsd:date). SPARQL's <= cannot compare a date with a
    number, so SHACL 4.5.4 makes the pair a result; rdflib, under pySHACL, compares them by their datatypes'
    IRIs (date < integer) and the reference reports none. The engine reports the start date, as SHACL does."""
    (bare_project.root / "data" / "zz.ttl").write_text(
        PREFIXES + f"oi:holding-cooper-home-secretary oo:endDate {end} .\n", encoding="utf-8")
    results = validate(bare_project, "oxigraph").report.results_graph
    assert {str(results.value(r, SH.value)) for r in results.subjects(SH.sourceConstraintComponent,
                                                                        SH.LessThanOrEqualsConstraintComponent)} == {"2024-07-05"}
