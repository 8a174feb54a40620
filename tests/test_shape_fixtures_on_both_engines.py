"""Every shape fixture (tests/fixtures/shapes/*/valid.ttl and invalid.ttl) validated by the engine and
by the reference (pySHACL): the same findings. Apart from tests/test_engine_equals_reference.py, which it
belongs with, because it is the suite's longest test (two validations of each of two hundred files): in a
module of its own, the test runner gives it a process of its own (`--dist loadfile`)."""

from __future__ import annotations

import shutil

from kg.sources.project import Project
from kg.sparql.saved import check_queries
from kg.validation.validate import validate_project
from kg.reference import load
from kg.reference.load import load_sources
from kg.reference.validate import validate
from test_engine_equals_reference import fixture_files


def test_every_shape_fixture_gets_pyshacls_findings(tmp_path, project, monkeypatch):
    """Valid and invalid fixtures of every shape: the same findings (focus, path, value, rule, message, file)."""
    monkeypatch.setattr(load, "parse_turtle", _ontology_parsed_once(load.parse_turtle))
    target = Project(tmp_path)
    shutil.copytree(project.root / "ontology", tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    differences = []
    for path in fixture_files(project):
        for old in (tmp_path / "data").glob("*.ttl"):
            old.unlink()
        shutil.copyfile(path, tmp_path / "data" / "fixture.ttl")
        expected = validate(load_sources(target), check_queries(target)).findings
        found = validate_project(target).findings
        if sorted(found, key=repr) != sorted(expected, key=repr):  # ties of the sort are in no set order
            differences.append((str(path.relative_to(project.root)), expected, found))
    assert not differences, differences[0]


def _ontology_parsed_once(parse):
    """The reference's Turtle parser, with the ontology and shapes (the same for every fixture) parsed once
    and the same graphs handed out each time: rdflib's parser took a third of this test's time on them,
    and copying them for each fixture as much again. pySHACL adds two triples to the shapes graph it is
    given, in its first validation (owl:Class a subclass of rdfs:Class, owl:DatatypeProperty of
    rdf:Property), as it does to a fresh copy; nothing else changes them: a size that changed after the
    first use fails the test."""
    parsed: dict = {}

    def parse_turtle(path, into=None, data_file=False):
        if data_file or into is not None:
            return parse(path, into, data_file)
        if path not in parsed:
            parsed[path] = (parse(path), [])
        graph, sizes = parsed[path]
        sizes.append(len(graph))
        assert len(set(sizes[1:])) <= 1, f"{path} changed by a validation: {sizes[0]}, then {sorted(set(sizes[1:]))}"
        return graph

    return parse_turtle
