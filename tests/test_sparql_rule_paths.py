"""A violation names its path (SHACL 5.3.2: a SPARQL-based constraint's ?path is the result's sh:resultPath). The
SPARQL rules of ontology/shapes.ttl bound none: `kg validate` printed "path:" for every SHACL Core finding and
for no SPARQL one, so a curator read "oo:gist gives 380" with no path, JUnit and SARIF carried none. Every
rule whose ?value is the object of a property of $this now binds that property as ?path."""

from __future__ import annotations

from rdflib import URIRef, Variable

from kg.validation import shacl
from kg.sources.load import read_graph
from kg.sparql.parsing import prepare_query, triple_patterns

THIS, VALUE, PATH = Variable("this"), Variable("value"), Variable("path")


def rules(project):
    """(shape name, parsed SELECT) of every SPARQL-based constraint of the project's shapes."""
    for shape in shacl.Shapes(read_graph(project.shapes_file)).targeted:
        for constraint in shape.sparql:
            yield constraint.name, prepare_query(constraint.select, initNs=constraint.prefixes)


def test_every_sparql_rule_whose_value_a_property_of_the_focus_node_gives_binds_that_path(project):
    missing = []
    for name, query in rules(project):
        gives_value = any(s == THIS and o == VALUE and isinstance(p, (URIRef, Variable))
                          for s, p, o in triple_patterns(query.algebra))
        if gives_value and PATH not in query.algebra["PV"]:
            missing.append(name)
    assert not missing


def test_a_sparql_rules_finding_names_its_path(project_copy):
    """The seed's own warnings (oos:SpeakerPostUndatedShape) say their path, as kg validate prints them."""
    from kg.validation.validate import validate_project

    found = [f for f in validate_project(project_copy).findings if f.rule.endswith("SpeakerPostUndatedShape")]
    assert found and {f.path for f in found} == {"oo:speakerPost"}
