"""Shared fixtures: the real project, its seed texts (outside the project), and throwaway copies."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.reference.load import load_sources
from kg.sources.project import Project, find_project
from kg.build import reason
from kg.core.terms import graph_of, term_string

ROOT = Path(__file__).resolve().parents[1]
DURATIONS = ROOT / "tests" / "durations.json"  # seconds each test file took (setup included), by file


_took: defaultdict = defaultdict(float)  # seconds by test file, as reports come in


def pytest_addoption(parser):
    parser.addoption("--record-durations", action="store_true",
                     help=f"write the seconds each test file took to {DURATIONS.relative_to(ROOT)}")


def pytest_collection_modifyitems(config, items):
    """The longest test files first (tests/durations.json): pytest-xdist hands a file to whichever of its
    two workers is free (`--dist loadfile --no-loadscope-reorder`), so both end together, not one waiting
    for the other's last long file (measured: 570 s against 503 s before; 536 s each, computed). A file not
    in the list (a new one) goes last, in the order collected; the order within a file is kept."""
    weights = _durations()
    items.sort(key=lambda item: -weights.get(item.nodeid.split("::", 1)[0], 0.0))


def _durations() -> dict:
    """tests/durations.json, or nothing if it is missing or damaged (it only orders the files)."""
    try:
        weights = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: seconds for name, seconds in weights.items() if isinstance(seconds, (int, float))} \
        if isinstance(weights, dict) else {}


def pytest_runtest_logreport(report):
    _took[report.nodeid.split("::", 1)[0]] += report.duration


def pytest_sessionfinish(session):
    """`--record-durations`, in the process that sees every file's reports (not an xdist worker): the files
    that ran are timed again, the others keep their time, and files that are gone are dropped."""
    if session.config.getoption("--record-durations") and not hasattr(session.config, "workerinput") and _took:
        weights = _durations() | {name: round(seconds, 1) for name, seconds in _took.items()}
        weights = {name: seconds for name, seconds in sorted(weights.items()) if (ROOT / name).exists()}
        DURATIONS.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")



@pytest.fixture(scope="session", autouse=True)
def user_cache_of_the_session(tmp_path_factory):
    """kg's cache of this user (kg.sources.cache.user_cache) is the test session's, shared by pytest-xdist's
    workers and the kg commands they run: a user's stores and the rules' parses are neither read nor left
    behind, and each fresh copy of the project reads the rules another copy already parsed, as the user's
    next clone would (a test may set XDG_CACHE_HOME of its own)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(base / "user-cache"))
        yield


@pytest.fixture(scope="session", autouse=True)
def ontology_closed_once(tmp_path_factory):
    """The engine's reasoner closes the ontology with owlrl (kg.build.reason.schema_of) in every fresh copy
    of the project, the same 0.5 s each time: worked out once per session (tests/once.py closure_once)."""
    from once import closure_once

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reason, "owlrl_infer", closure_once(tmp_path_factory, reason.owlrl_infer))
        yield


@pytest.fixture(autouse=True)
def terminal_width(monkeypatch):
    """Tables are fitted to the terminal: every test sees the same width (120, the width kg assumes without
    a terminal) whatever runs it (a terminal, CI, a pytest-xdist worker); a test may set its own."""
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture(scope="session")
def project() -> Project:
    return find_project(ROOT)


@pytest.fixture(scope="session")
def seeds_dir(project) -> Path:
    """The five article texts; they stay outside the project, so tests that need them skip without them."""
    if not project.seeds_dir.is_dir():
        pytest.skip(f"seed texts not found at {project.seeds_dir} (set KG_SEEDS or check out ../shared/seeds)")
    return project.seeds_dir


@pytest.fixture(scope="session")
def sources(project):
    return load_sources(project)


@pytest.fixture(scope="session")
def inferred(sources):
    """What OWL-RL infers from the seed data, worked out as kg does (kg.build.reason), blank nodes kept: owlrl's
    closure, which tests/test_engine_equals_reference.py compares with owlrl's own (12-17 s: there only)."""
    strings = lambda graph: {tuple(term_string(t) for t in triple) for triple in graph}  # noqa: E731
    return graph_of(reason.infer(strings(sources.ontology), strings(sources.data)))


@pytest.fixture(scope="session")
def graph(sources, inferred):
    """Asserted plus inferred triples, as `kg query` sees them."""
    full = sources.asserted()
    for triple in inferred:
        full.add(triple)
    return full


@pytest.fixture(scope="session")
def store(tmp_path_factory):
    """The real data built by the engine into a copy of the project, its release held in memory (the
    session's one build: tests/serving.py's built_project)."""
    from kg.query.store import open_store
    from serving import built_project

    return open_store(built_project(tmp_path_factory), in_memory=True)


@pytest.fixture
def project_copy(tmp_path, project) -> Project:
    """A writable copy of the project's sources, for tests that break or build things."""
    return copy_of(project, tmp_path)


def copy_of(project: Project, target: Path) -> Project:
    """A writable copy of `project`'s sources (ontology, data, queries: those it has) at `target`."""
    for name in ("ontology", "data", "queries"):
        if (project.root / name).exists():
            shutil.copytree(project.root / name, target / name)
    return Project(target)


def project_of(target: Path, project: Project, data: tuple) -> Project:
    """A writable project at `target`: the seed project's model and queries, and the data files named."""
    for name in ("ontology", "queries"):
        shutil.copytree(project.root / name, target / name)
    (target / "data").mkdir()
    for name in data:
        shutil.copyfile(project.root / "data" / name, target / "data" / name)
    return Project(target)


def violations_with(project: Project, graph, target: Path, data: tuple | None = None) -> list:
    """The engine's violations of the project's data files (`data`: those named; else all) with `graph`
    (derived or drafted triples) as one more data file, in a copy at `target`: what those triples break.
    (The engine gives pySHACL's findings, tests/test_engine_equals_reference.py; pySHACL took 9-13 s a
    validation here.)"""
    from kg.validation.validate import validate_project

    copy = project_of(target, project, data or tuple(path.name for path in project.data_files))
    graph.serialize(copy.root / "data" / "derived.ttl", format="kg-turtle")  # (as kg writes Turtle: kg.core.serialize)
    return validate_project(copy).violations


@pytest.fixture
def small_project(tmp_path, project) -> Project:
    """One report (report-000) and the shared entities: for tests that break a report, which the reference
    engine (owlrl, pySHACL) builds in a third of the seed project's time."""
    return project_of(tmp_path, project, ("shared.ttl", "report-000.ttl"))


@pytest.fixture
def bare_project(tmp_path, project) -> Project:
    """The shared entities and no report: for tests that add a file of their own (the reference engine
    builds it in half the time of small_project)."""
    return project_of(tmp_path, project, ("shared.ttl",))


@pytest.fixture
def kg():
    """Run the `kg` CLI in-process: kg("validate", project=...) -> click Result."""
    runner = CliRunner()

    def invoke(*args, project: Project | None = None, input: str | None = None):
        prefix = ["--project", str(project.root)] if project else []
        return runner.invoke(main, [*prefix, *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="module")
def listener():
    """A loopback port that records every connection made to it (and answers nothing)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    seen = []
    stopping = threading.Event()

    def accept():
        while not stopping.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            seen.append(1)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", seen
    stopping.set()
    thread.join(timeout=2)
    server.close()
