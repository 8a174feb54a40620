"""Every shape fixture (tests/fixtures/shapes/*/valid.ttl and invalid.ttl) validated by the engine and
by the reference (pySHACL): the same findings. Apart from tests/test_engine_equals_reference.py, which it
belongs with, because it is the suite's longest test (two validations of each of two hundred files): in a
module of its own, the test runner gives it a process of its own (`--dist loadfile`)."""

from __future__ import annotations

import shutil

from rdflib import Graph

from kg.graph.project import Project, check_queries
from kg.graph.validate import validate_project
from kg.namespaces import bind_prefixes
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
    """The reference's Turtle parser, with the ontology and shapes (the same for every fixture) parsed
    once and handed out as fresh copies: rdflib's parser took a third of this test's time on them."""
    parsed: dict = {}

    def parse_turtle(path, into=None, data_file=False):
        if data_file or into is not None:
            return parse(path, into, data_file)
        if path not in parsed:
            parsed[path] = parse(path)
        copy = bind_prefixes(Graph())
        for triple in parsed[path]:
            copy.add(triple)
        return copy

    return parse_turtle
