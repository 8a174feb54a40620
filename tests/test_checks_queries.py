"""The SPARQL checks in queries/checks/ that `kg validate` runs: each returns no rows on the real data
and at least one row, naming the offending figure first, on a small graph that breaks its rule."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from kg.reference.query import answer as reference_answer
from kg.sparql.run import answer as engine_answer
from kg.core.namespaces import OI, OO
from kg.sparql.saved import load_queries

PREFIXES = """
@prefix oo: <https://w3id.org/oioo/ontology#> .
@prefix oi: <https://w3id.org/oioo/id/> .
"""
OK_FIGURE = "oo:unit oo:People ; oo:indicator oi:ind-x ; oo:comparator oo:Exactly ; oo:statedAs \"1\" ; oo:value 1"

# check name -> (a graph that breaks the rule, the second column of the one row it gives for oi:bad)
VIOLATIONS = {
    "derived-figure-without-inputs-or-method": [
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} .", "no oo:derivation"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:input oi:in ; oo:baseline oi:base ."
         f" oi:in {OK_FIGURE} . oi:base {OK_FIGURE} .", "no oo:method"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:method oo:Share ; oo:baseline oi:base ."
         f" oi:base {OK_FIGURE} .", "no oo:input"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:method oo:Share ; oo:input oi:in ."
         f" oi:in {OK_FIGURE} .", "no oo:baseline"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:method oo:Share ; oo:input oi:in ;"
         f" oo:baseline oi:ghost . oi:in {OK_FIGURE} .", "input or baseline not described as a figure: https://w3id.org/oioo/id/ghost"),
        (f"oi:bad a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:method oo:Share ; oo:input oi:in ;"
         f" oo:baseline [ oo:value 5 ] . oi:in {OK_FIGURE} .", "input or baseline not described as a figure: a blank node"),
    ],
    "comparator-without-bound": [
        ("oi:bad a oo:Figure ; oo:comparator oo:MoreThan ; oo:value 41000 .", str(OO.MoreThan)),
        ("oi:bad a oo:Figure ; oo:comparator oo:Almost ; oo:value 50 .", str(OO.Almost)),
        # "at most a week", "up to 50 a week": a ceiling is a bound too (the shapes' rule (a) names all six)
        ("oi:bad a oo:Figure ; oo:comparator oo:AtMost ; oo:value 1 .", str(OO.AtMost)),
        ("oi:bad a oo:Figure ; oo:comparator oo:UpTo ; oo:value 50 .", str(OO.UpTo)),
    ],
    "share-outside-0-100-percent": [
        ("oi:bad a oo:DerivedFigure ; oo:unit oo:Percent ; oo:value 165.6 ; oo:derivation oi:d ."
         " oi:d oo:method oo:Share .", "165.6"),
        ("oi:share a oo:DerivedFigure ; oo:indicator oi:ind-share ; oo:value 1.6 ; oo:derivation oi:d ."
         " oi:d oo:method oo:Share . oi:bad a oo:Figure ; oo:indicator oi:ind-share ; oo:value -2 .", "-2"),
    ],
    "figure-without-unit-or-indicator": [
        ("oi:bad a oo:Figure ; oo:value 12 ; oo:indicator oi:ind-x .", "no oo:unit"),
        ("oi:bad a oo:DerivedFigure ; oo:value 12 ; oo:unit oo:People .", "no oo:indicator"),
    ],
}

# check name -> graphs on its rule's edge that keep it (no rows)
KEPT = {
    "derived-figure-without-inputs-or-method": [
        f"oi:ok a oo:DerivedFigure ; {OK_FIGURE} ; oo:derivation oi:d . oi:d oo:method oo:Share ; oo:input oi:in ;"
        f" oo:baseline oi:base . oi:in {OK_FIGURE} . oi:base {OK_FIGURE} ."],
    "comparator-without-bound": [
        "oi:ok a oo:Figure ; oo:comparator oo:MoreThan ; oo:value 41000 ; oo:bound 41000 .",
        "oi:ok a oo:Figure ; oo:comparator oo:Exactly ; oo:value 281 .",
        "oi:ok a oo:Figure ; oo:comparator oo:Around ; oo:value 350 ."],
    "share-outside-0-100-percent": [
        "oi:ok a oo:DerivedFigure ; oo:unit oo:Percent ; oo:value 100 ; oo:derivation oi:d . oi:d oo:method oo:Share .",
        "oi:ok a oo:DerivedFigure ; oo:unit oo:Percent ; oo:value 0 ; oo:derivation oi:d . oi:d oo:method oo:Share .",
        "oi:ok a oo:Figure ; oo:unit oo:Percent ; oo:value 165.6 .",  # a percentage that is no share: a rise
    ],
    "figure-without-unit-or-indicator": [f"oi:ok a oo:Figure ; {OK_FIGURE} .", f"oi:ok a oo:DerivedFigure ; {OK_FIGURE} ."],
}


@pytest.fixture(scope="module")
def checks(project):
    return load_queries(project.checks_dir)


def test_the_four_rules_are_checks_with_a_summary(checks):
    assert set(VIOLATIONS) == set(KEPT) == set(checks)  # a new check needs its cases here
    for name in VIOLATIONS:
        assert checks[name].summary and checks[name].description


@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_check_returns_no_rows_on_the_real_data(checks, sources, name):
    rows = reference_answer(sources.asserted(), checks[name].text).rows
    assert rows == [], f"{name}: {rows}"


def with_ontology(sources, text: str) -> Graph:
    graph = Graph()
    for triple in sources.ontology:  # the checks follow rdfs:subClassOf, as in validation
        graph.add(triple)
    return graph.parse(data=PREFIXES + text, format="turtle")


@pytest.mark.parametrize("name, case", [(n, i) for n, cases in sorted(VIOLATIONS.items()) for i in range(len(cases))])
def test_check_reports_a_graph_that_breaks_its_rule(checks, sources, name, case):
    text, detail = VIOLATIONS[name][case]
    rows = reference_answer(with_ontology(sources, text), checks[name].text).rows
    assert [(row[0], str(row[1])) for row in rows] == [(OI.bad, detail)], f"{name} on: {text}"  # the focus node first


@pytest.mark.parametrize("name, case", [(n, i) for n, cases in sorted(VIOLATIONS.items()) for i in range(len(cases))])
def test_check_reports_a_graph_that_breaks_its_rule_alike_on_the_engine(checks, sources, name, case):
    """The row Oxigraph gives is the reference's, word for word: a blank node's label, which each parse makes
    anew (rdflib's STR() gives it, SPARQL's is an error that left the reason unbound), is named by its kind."""
    text, detail = VIOLATIONS[name][case]
    store = ox.Store()
    store.load(with_ontology(sources, text).serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    rows = engine_answer(store, checks[name].text).rows
    assert [(row[0], str(row[1])) for row in rows] == [(OI.bad, detail)], f"{name} on: {text}"


@pytest.mark.parametrize("name, case", [(n, i) for n, cases in sorted(VIOLATIONS.items()) for i in range(len(cases))])
def test_every_check_row_names_the_property_at_fault(checks, sources, name, case):
    """Regression (build probe 4): a check's finding named no path, where a violation names the focus node,
    path, rule, file and line. Each row gives it in a column `path`, as a SHACL-SPARQL constraint does."""
    text, _detail = VIOLATIONS[name][case]
    answered = reference_answer(with_ontology(sources, text), checks[name].text)
    paths = [dict(zip(answered.variables, row)).get("path") for row in answered.rows]
    assert paths and all(isinstance(p, URIRef) and str(p).startswith(str(OO)) for p in paths), (name, paths)


@pytest.mark.parametrize("name, case", [(n, i) for n, cases in sorted(KEPT.items()) for i in range(len(cases))])
def test_check_passes_a_graph_on_the_edge_of_its_rule(checks, sources, name, case):
    text = KEPT[name][case]
    assert reference_answer(with_ontology(sources, text), checks[name].text).rows == [], f"{name} on: {text}"


def test_comparator_without_bound_finds_every_comparator_the_figure_bound_shape_calls_a_bound(checks, sources):
    """The check named four of the six comparators that bound a value: a figure "at most a week" or "up to 50"
    with no oo:bound passed it. Over one unbounded figure of each comparator in oo:Comparators, it finds
    exactly the figures that the shapes' rule (a) (oos:FigureBoundShape) finds."""
    from rdflib import SKOS
    from rdflib.namespace import SH

    figures = "\n".join(f"<{OI}figure-{comparator.fragment}> a oo:Figure ; oo:comparator <{comparator}> ; oo:value 1 ."
                         for comparator in sources.ontology.subjects(SKOS.inScheme, OO.Comparators))
    graph = with_ontology(sources, figures)
    shape = next(sources.shapes.objects(URIRef("https://w3id.org/oioo/shapes#FigureBoundShape"), SH.sparql))
    select = str(next(sources.shapes.objects(shape, SH.select)))
    by_shape = {row[0] for row in reference_answer(graph, "PREFIX oo: <%s>\n%s" % (OO, select)).rows}
    by_check = {row[0] for row in reference_answer(graph, checks["comparator-without-bound"].text).rows}
    assert len(by_shape) == 6 and by_check == by_shape, sorted(by_shape - by_check)


def test_kg_validate_runs_the_checks_and_names_the_rule(kg, project_copy):
    (project_copy.root / "data" / "zz-derived.ttl").write_text(PREFIXES + """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
oi:orphan-derived a oo:DerivedFigure ; rdfs:label "x" ; oo:unit oo:People ; oo:indicator oi:ind-net-inflow ;
    oo:comparator oo:Exactly ; oo:statedAs "70" ; oo:value 70 ; oo:inReport oi:r000 .
""", encoding="utf-8")
    result = kg("validate", project=project_copy)
    assert result.exit_code == 1
    assert "Violation: oi:orphan-derived  [data/zz-derived.ttl]" in result.output
    assert "rule:    derived-figure-without-inputs-or-method" in result.output
    assert 'value:   "no oo:derivation"' in result.output
    assert "path:    oo:derivation" in result.output


@pytest.mark.parametrize("command, checks", [("validate", "missing"), ("validate", "empty"), ("build", "missing")])
def test_a_project_with_no_checks_says_none_ran_and_where_they_are_looked_for(kg, project_copy, command, checks):
    """A project with no queries/checks/ (or none of its .rq files) validated and built without a word that no
    SPARQL check ran: "Does not conform: 1 violation(s)" where the checks would have found two. Each says so
    on stderr, naming the folder the checks are looked for in and where kg's own are; with a check there, not."""
    import shutil

    folder = project_copy.root / "queries" / "checks"
    kept = project_copy.root / "kept-checks"
    shutil.move(folder, kept)
    if checks == "empty":
        folder.mkdir()
    result = kg(command, project=project_copy)
    assert result.exit_code == 0, result.output
    (note,) = [line for line in result.stderr.splitlines() if "SPARQL check" in line]
    assert note.startswith("kg: no SPARQL checks were run: queries/checks/ ") and "kg/model/checks" in note, note
    assert ("does not exist" if checks == "missing" else "holds no .rq file") in note, note
    folder.mkdir(exist_ok=True)
    shutil.copy(kept / "comparator-without-bound.rq", folder)
    assert "SPARQL check" not in kg(command, project=project_copy).stderr


@pytest.mark.parametrize("command, engine, query, form", [
    ("validate", "oxigraph", "ASK { ?s ?p ?o }", "an ASK"),
    ("validate", "reference", "ASK { ?s ?p ?o }", "an ASK"),
    ("build", "oxigraph", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "a CONSTRUCT"),
    ("validate", "reference", "DESCRIBE ?s WHERE { ?s ?p ?o }", "a DESCRIBE"),
])
def test_a_check_that_is_no_select_is_refused_alike_on_both_engines_naming_its_file(kg, project_copy, command, engine,
                                                                                   query, form):
    """An ASK, CONSTRUCT or DESCRIBE in queries/checks/ was an internal error on the engine (exit 70:
    'QueryBoolean' object has no attribute 'variables') and passed in silence on the reference (an ASK that
    is true "conforms"): a hostile read found it. A check is a SELECT whose rows are what it finds wrong."""
    (project_copy.root / "queries" / "checks" / "zz.rq").write_text(f"#+ summary: not a SELECT\n{query}\n",
                                                                    encoding="utf-8")
    result = kg(command, "--engine", engine, project=project_copy)
    assert result.exit_code == 2, result.output
    assert "zz.rq: a check is a SELECT" in result.stderr and f"not {form}" in result.stderr, result.stderr
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not project_copy.dist_dir.exists()
