"""Parsing in two processes (kg.sources.load.read_files): past a few MB of Turtle a child parses the second
half of the files. The result must be what one process parses, and an error the one it reports."""

import os

import pyoxigraph as ox
import pytest

import kg.sources.load as load
from kg.core.errors import ParseError


@pytest.fixture
def forks(monkeypatch):
    """Parse in two processes whatever the size; count the forks."""
    count = []
    fork = os.fork
    monkeypatch.setattr(load, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(os, "fork", lambda: (count.append(1), fork())[1])
    return count


def canonical(triples) -> set:
    """String triples with their blank nodes named by Oxigraph's canonicalisation: equal for isomorphic
    graphs (rdflib.compare.isomorphic took 15 s for the seed data, this 0.1 s)."""
    dataset = ox.Dataset(ox.parse("".join(f"{s} {p} {o} .\n" for s, p, o in triples), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def _one_process(project, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setenv("KG_FAST_BACKGROUND", "0")
        return load.load_sources(project)


def test_two_processes_parse_what_one_parses(project, monkeypatch, forks):
    two = load.load_sources(project)
    assert forks, "the parse did not fork"
    one = _one_process(project, monkeypatch)
    assert two.files == one.files and two.digests == one.digests
    assert canonical(two.data) == canonical(one.data)
    assert canonical(two.ontology) == canonical(one.ontology)
    assert {k: v for k, v in two.subject_files.items() if k[0] != "_"} == \
        {k: v for k, v in one.subject_files.items() if k[0] != "_"}


def test_blank_nodes_of_the_two_halves_stay_apart(project_copy, forks):
    """Two files that both label a node _:b: two nodes, whichever process parses each."""
    data = project_copy.root / "data"
    for name in ("zz-a.ttl", "zz-b.ttl"):
        (data / name).write_text('_:b <https://w3id.org/oioo/ontology#quote> "x" .\n', encoding="utf-8")
    sources = load.load_sources(project_copy)
    assert forks
    quoting = {s for s, p, _ in sources.data if p == "<https://w3id.org/oioo/ontology#quote>" and s[0] == "_"}
    assert len(quoting) == 2


@pytest.mark.parametrize("broken", ["report-001.ttl", "shared.ttl", "both"])
def test_a_malformed_file_is_reported_as_one_process_reports_it(project_copy, monkeypatch, forks, broken):
    """The first malformed file in file order, with its line and column, whichever half it is in."""
    names = ["report-001.ttl", "shared.ttl"] if broken == "both" else [broken]
    for name in names:
        path = project_copy.root / "data" / name
        path.write_text(path.read_text(encoding="utf-8") + '\nex:a ex:b "open .\n', encoding="utf-8")
    with pytest.raises(ParseError) as two:
        load.load_sources(project_copy)
    assert forks
    with pytest.raises(ParseError) as one:
        _one_process(project_copy, monkeypatch)
    assert str(two.value) == str(one.value)
    assert names[0] in str(two.value)


def test_a_child_that_dies_leaves_its_half_to_this_process(project, monkeypatch, forks):
    """Killed or out of memory, the child hands back nothing: this process parses that half itself."""
    parent, read_triples = os.getpid(), load.read_triples

    def dying_in_the_child(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)
        return read_triples(*args, **kwargs)

    monkeypatch.setattr(load, "read_triples", dying_in_the_child)
    two = load.load_sources(project)
    assert forks
    one = _one_process(project, monkeypatch)
    assert canonical(two.data) == canonical(one.data)
