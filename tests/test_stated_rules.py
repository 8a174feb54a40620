"""The 'never more than the source says' rules that SHACL cannot say (kg.validation.stated) are `kg validate` and
`kg build` rules, on both engines alike: a fault of each kind planted in a copy of the seed is a violation with
its rule, focus node, path, file and line; a machine draft is exempt; the seed data conforms (probe 5, finding 1:
a curator who removed a draft's markers unreviewed got `kg validate` conforming and `kg build` building figures
whose evidence does not name their indicator)."""

from __future__ import annotations

import pytest

from kg.reference.load import load_sources
from kg.reference.validate import validate as reference_validate
from kg.sparql.saved import check_queries
from kg.validation.changes import reach_of_rules
from kg.sources.load import read_graph
from kg.validation.stated import ACROSS_REPORTS, READ_BACKWARD, READ_DEPTH, RULES
from kg.validation.validate import validate_project

# (file, old text, new text): one fault for each rule kg validate runs
FAULTS = {
    "indicator-named": ("report-000.ttl",  # 'They are relatively small numbers', the marker citing who 'they' are taken out
                        "    oo:indicator oi:ind-admitted-from-france ;\n    oo:inferredValue oi:r000-inferred-small-numbers-admitted ;\n",
                        "    oo:indicator oi:ind-admitted-from-france ;\n"),
    "label-stated": ("report-002.ttl", '"Starmer\'s spokesman: the discrepancy would fluctuate (report 002)"@en',
                     '"Starmer\'s spokesman: the discrepancy will fluctuate (report 002)"@en'),
    "summary-words-stated": ("report-002.ttl",
                             'oo:gist "The discrepancy between the numbers coming in and going out of the UK would fluctuate." ;',
                             'oo:gist "The discrepancy between the numbers coming in and going out of the UK under the deal '
                             'would fluctuate." ;'),
    "entity-fact-sourced": ("shared.ttl", 'oi:event-badenoch-x-post a oo:Interview ; rdfs:label "Kemi Badenoch on X"@en ;',
                            'oi:event-badenoch-x-post a oo:Interview ; rdfs:label "Kemi Badenoch on X"@en ; '
                            'oo:participant oi:chris-philp ;'),
    "entity-label-stated": ("shared.ttl", 'rdfs:label "Labour entered power"@en', 'rdfs:label "Labour entered government"@en'),
}
EXPECTED = {  # rule -> (focus, path, value, file)
    "indicator-named": ("oi:r000-fig-admitted-small-mahmood", "oo:indicator", "oi:ind-admitted-from-france",
                        "data/report-000.ttl"),
    "label-stated": ("oi:r002-st-spokesman-1", "rdfs:label",
                     '"Starmer\'s spokesman: the discrepancy will fluctuate (report 002)"@en', "data/report-002.ttl"),
    "summary-words-stated": ("oi:r002-st-spokesman-1", "oo:gist", None, "data/report-002.ttl"),
    "entity-fact-sourced": ("oi:event-badenoch-x-post", "oo:participant", "oi:chris-philp", "data/shared.ttl"),
    "entity-label-stated": ("oi:event-labour-took-office", "rdfs:label", '"Labour entered government"@en', "data/shared.ttl"),
}


def _plant(project, rules):
    rules = [rule for rule in rules if rule in RULES]
    for rule in rules:
        name, old, new = FAULTS[rule]
        path = project.root / "data" / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (rule, old)
        path.write_text(text.replace(old, new), encoding="utf-8")


def _stated(findings) -> list:
    return sorted((f for f in findings if f.rule in RULES), key=lambda f: (f.rule, f.focus, f.value))


def test_the_seed_data_breaks_none_of_the_stated_rules(seed_report):
    assert _stated(seed_report.findings) == []


@pytest.fixture(scope="module")
def seed_report(project):
    return validate_project(project)


def test_each_stated_rule_is_a_violation_kg_validate_names_on_both_engines(tmp_path, project):
    from conftest import copy_of

    copy = copy_of(project, tmp_path)
    _plant(copy, FAULTS)
    found = _stated(validate_project(copy).findings)
    assert {f.rule for f in found} == set(RULES) == set(FAULTS) - set(ACROSS_REPORTS), [str(f) for f in found]
    for f in found:
        focus, path, value, file = EXPECTED[f.rule]
        assert (f.severity, f.focus, f.path) == ("Violation", focus, path), str(f)
        assert value is None or f.value == value, str(f)
        assert file in f.files, str(f)
    assert len(found) == len(RULES), [str(f) for f in found]
    expected = _stated(reference_validate(load_sources(copy), check_queries(copy)).findings)
    assert [(f.rule, f.focus, f.path, f.value, f.message, f.files) for f in found] == \
        [(f.rule, f.focus, f.path, f.value, f.message, f.files) for f in expected]


def test_a_stated_rules_violation_fails_kg_validate_with_its_line_and_stops_kg_build(tmp_path, project, kg):
    from conftest import copy_of

    copy = copy_of(project, tmp_path)
    _plant(copy, ["indicator-named"])
    result = kg("validate", project=copy)
    assert result.exit_code == 1, result.output
    assert "rule:    indicator-named" in result.output
    assert "at:      data/report-000.ttl:" in result.output
    assert "its evidence does not name its indicator oi:ind-admitted-from-france" in result.output
    built = kg("build", project=copy)
    assert built.exit_code != 0 and "indicator-named" in built.output, built.output
    assert not (copy.root / "dist" / "kg.ttl").exists() or "indicator-named" in built.output


def test_a_stated_rule_names_a_blank_node_alike_on_both_engines(tmp_path, project):
    """Found by the validation sweep: a figure's indicator made a blank node was named by its label, the engine's
    own (`_:c734edff...` on Oxigraph, another on rdflib), so the engines' messages differed; it is "[blank node]"."""
    from conftest import copy_of

    copy = copy_of(project, tmp_path)
    path = copy.root / "data" / "report-000.ttl"
    text = path.read_text(encoding="utf-8")
    assert text.count("oo:indicator oi:ind-removal-chance ;") == 1
    path.write_text(text.replace("oo:indicator oi:ind-removal-chance ;", "oo:indicator _:sweep ;"), encoding="utf-8")
    found = [f for f in _stated(validate_project(copy).findings) if f.rule == "indicator-named"]
    expected = [f for f in _stated(reference_validate(load_sources(copy), check_queries(copy)).findings)
                if f.rule == "indicator-named"]
    assert [f.message for f in found] == [f.message for f in expected] != [], [str(f) for f in found + expected]
    assert all("its indicator [blank node]," in f.message for f in found), [f.message for f in found]


@pytest.mark.parametrize("put", ["<https://w3id.org/oioo/id/afp>", "_:sweep", '"x"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                 '""', '"1e999"^^<http://www.w3.org/2001/XMLSchema#double>'])
@pytest.mark.parametrize("which", [0, -1])
def test_every_audit_reads_any_term_where_it_expects_words_without_failing(sources, put, which):
    """Found by the validation sweep: an IRI as a report claim's rdfs:label stopped kg validate on both engines with
    ValueError (the label rule read it as a literal). Every audit (kg validate's rules, the shapes' and the tests'
    own) reads the seed data with the first (or last) object of each property made an IRI, a blank node, an
    ill-typed, empty or unbounded literal: none fails, and what they find is what SHACL leaves them (an IRI or
    blank node where words belong is refused by the shapes, sh:nodeKind and sh:datatype, not read as words)."""
    from kg.core.terms import term_string
    from kg.core.triples import TripleIndex
    from kg.validation.stated import SHAPES_RUN, triples_of

    triples = sorted({(term_string(s), term_string(p), term_string(o)) for s, p, o in sources.asserted()})
    chosen = {}
    for index, (_, predicate, _) in enumerate(triples):
        if which == 0:
            chosen.setdefault(predicate, index)
        else:
            chosen[predicate] = index
    mutated = set(triples) - {triples[i] for i in chosen.values()} | {(triples[i][0], triples[i][1], put)
                                                                      for i in chosen.values()}
    graph = triples_of(TripleIndex(mutated))
    for rule, (audit, _, _) in {**RULES, **SHAPES_RUN, **ACROSS_REPORTS}.items():
        for problem in audit(graph):
            assert problem.rule in ("", rule) and problem.says, (rule, str(problem))


def test_a_machine_draft_is_exempt_until_it_is_reviewed(tmp_path, project):
    """kg add's drafts (oo:reviewStatus oo:Unreviewed) are the extractor's guesses: the rule is the review's."""
    from conftest import copy_of

    copy = copy_of(project, tmp_path)
    _plant(copy, ["indicator-named"])
    path = copy.root / "data" / "report-000.ttl"
    text = path.read_text(encoding="utf-8")
    figure = "oi:r000-fig-admitted-small-mahmood a oo:Figure ;\n"
    assert text.count(figure) == 1
    path.write_text(text.replace(figure, figure + "    oo:reviewStatus oo:Unreviewed ;\n"), encoding="utf-8")
    assert [f for f in _stated(validate_project(copy).findings) if f.rule == "indicator-named"] == []


def test_what_a_change_can_affect_covers_what_the_stated_rules_read(project):
    """kg validate --changed loads what the rules can read from an affected node: the shapes already read the
    figures' statements (oo:mentionsFigure) and the events' dates (oo:event) backwards, and farther than these rules
    read; were a shape to stop, the Python rules would lose findings under --changed."""
    reach = reach_of_rules(read_graph(project.shapes_file), check_queries(project))
    assert set(READ_BACKWARD) <= reach.backward and READ_DEPTH <= reach.depth
