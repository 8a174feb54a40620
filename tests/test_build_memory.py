"""What a build holds once it is done: nothing of its graph but what it returns."""

from __future__ import annotations

import shutil
import weakref

import pytest

from kg.build import pipeline as engine_build
from kg.core import triples
from kg.sources.project import Project


def test_the_build_lets_go_of_its_index_and_validation_when_it_returns(project, tmp_path, monkeypatch):
    """The build pauses the cycle collector, and rdflib's SPARQL parser (pyparsing) leaves exception ↔
    traceback ↔ frame cycles whose frames chain up to whatever called it. Parsing the checks in the
    build's own frame, or the shapes' queries in Validation.__init__, kept the build's index, its
    validation store and everything else those frames held for good (gc.freeze at the end of the build
    makes what is left permanent): about 350 MB at a million triples, while the build waited for its
    release files, and in every process that builds in-process."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(project.root / name, tmp_path / name)
    made = []
    original = triples.TripleIndex.__init__

    def recorded(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(triples.TripleIndex, "__init__", recorded)
    result = engine_build.build(Project(tmp_path), cache=False)
    assert result.report.conforms and made
    assert [ref for ref in made if ref() is not None] == []


def test_a_query_is_parsed_here_when_no_thread_can_be_started(monkeypatch):
    """A server's worker near its address-space limit may be refused a thread; the parse must not fail."""
    import threading

    from kg.sparql import parsing

    def refused(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    assert parsing.prepare_query("SELECT * WHERE { ?s ?p ?o }").algebra.name == "SelectQuery"
    with pytest.raises(Exception) as raised:  # rdflib's own ParseException, as a caller gets it from a thread
        parsing.prepare_query("SELECT * WHERE {")
    assert type(raised.value).__name__ == "ParseException"
