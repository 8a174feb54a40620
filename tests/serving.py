"""Helpers for the tests of `kg serve`, `kg publish` and `kg push`: a built copy of the project, free
loopback ports, and servers started as real processes, bounded in time and always stopped."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg import engines
from kg.core.children import die_with
from kg.sources.project import Project
from kg.core.terms import term_string

ROOT = Path(__file__).resolve().parents[1]
_BUILT: dict = {}


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder `name`, made by `make(folder)` once per test session: pytest-xdist's workers share it (the
    parent of their temporary folders is the session's), the first to ask makes it and the others wait for
    it. Only read afterwards (what a test may change, it copies). Alone (no xdist), the process's own."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder, done = base / name, base / f"{name}.done"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # (released when the file is closed, by a worker that fails too)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # (what a worker that failed left)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def _build(folder: Path) -> None:
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    engines.build(Project(folder))


def built_project(tmp_path_factory) -> Project:
    """A copy of the project with dist/ built, of this process's own (servers read dist/, and some write into
    it), made once per process: a copy of one build made once per test session (made_once), so each xdist
    worker has the same release, built once (2 s, and 3 s more of its child processes)."""
    if "project" not in _BUILT:
        _BUILT["project"] = built_copy(tmp_path_factory, tmp_path_factory.mktemp("built-project") / "project")
    return _BUILT["project"]


def built_copy(tmp_path_factory, target: Path) -> Project:
    """A writable copy at `target` of the session's one build of the project (made_once): for a test that
    changes a built project's dist/ but is not about the build (engines.build took 1-2 s a test)."""
    shutil.copytree(made_once(tmp_path_factory, "built-release", _build), target, symlinks=True)
    return Project(target)


def published_site(tmp_path_factory) -> Path:
    """The built project published by `kg publish` under umask 077 (its files are 0644 whatever the umask),
    once per test session (made_once: for every xdist worker, as they all have the same release): the tests
    of the static site only read it, and publishing takes 12 s of CPU."""
    if "site" not in _BUILT:
        _BUILT["site"] = made_once(tmp_path_factory, "published", lambda folder: _publish(tmp_path_factory, folder)) / "site"
    return _BUILT["site"]


def _publish(tmp_path_factory, folder: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    project = built_project(tmp_path_factory)
    previous = os.umask(0o077)
    try:
        result = CliRunner().invoke(main, ["--project", str(project.root), "publish", "--out", str(folder / "site"),
                                           "-q"], catch_exceptions=False)
    finally:
        os.umask(previous)
    assert result.exit_code == 0 and "published" in result.output, result.output


def answered_apart(turtle: bytes) -> list[str]:
    """The triples of a description (Turtle) with a literal object that Oxigraph's store and rdflib answer in
    other words (N-Triples), from either: what a user who loads the file into one or the other sees differ."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o)) }"
    store = ox.Store()
    store.load(turtle, format=ox.RdfFormat.TURTLE)
    oxigraph = {f"{row['s']} {row['p']} {row['o']}" for row in store.query(query)}
    rdflib = {" ".join(term_string(term) for term in row) for row in Graph().parse(data=turtle, format="turtle").query(query)}
    return sorted(oxigraph ^ rdflib)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, accept: str | None = None, data: bytes | None = None, method: str | None = None,
          headers: dict | None = None, timeout: float = 30.0) -> tuple[int, dict, bytes]:
    """(status, headers with lower-case names, body); HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if accept is not None:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@contextmanager
def read_only(folder: Path):
    """`folder` and all it holds immutable (chattr +i) within: nothing in it can be made, changed or removed, even
    by root (the tests run as root, which a folder's modes do not stop), as on a read-only mount."""
    import pytest

    paths = [str(path) for path in [folder, *folder.rglob("*")] if not path.is_symlink()]  # (a link has no flags)
    done = subprocess.run(["chattr", "+i", *paths], capture_output=True, text=True)
    try:
        if done.returncode != 0:
            pytest.skip(f"this file system cannot make a folder read-only for root (chattr +i: {done.stderr.strip()})")
        yield folder
    finally:
        subprocess.run(["chattr", "-i", *paths], capture_output=True)


def ending_with_the_tests() -> dict:
    """Popen's arguments for a server the tests start: a process group of its own, which `_stop` ends, and
    SIGTERM when the test process ends, killed included (PR_SET_PDEATHSIG): a test run stopped by SIGKILL
    (a CI job's timeout, a killed xdist worker) left its servers running, their ports and memory held."""
    return {"start_new_session": True, "preexec_fn": partial(die_with, os.getpid(), signal.SIGTERM)}


@contextmanager
def running(command: list[str], ready_url: str, log: Path, timeout: float = 120.0, cwd: Path | None = None):
    """Start `command` in a process group of its own, wait until `ready_url` answers 200, and stop the
    group (SIGTERM, then SIGKILL) afterwards, whatever happens (the test process killed included)."""
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   cwd=cwd, **ending_with_the_tests())
    try:
        answer_of(process, ready_url, log, timeout)
        yield process
    finally:
        _stop(process)


def answer_of(process: subprocess.Popen, url: str, log: Path, timeout: float = 120.0) -> tuple[int, dict, bytes]:
    """The first 200 answer to `url` from the server `process` (its output in `log`), asked until it comes;
    an error saying what never answered, and the server's last words, when it exits or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{Path(log).read_text()[-3000:]}")
        try:
            answer = fetch(url, timeout=2)
            if answer[0] == 200:
                return answer
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{process.args[0]} did not answer {url} within {timeout:g} s:\n"
                               f"{Path(log).read_text()[-3000:]}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # workers left in the group, if any
    except (ProcessLookupError, PermissionError):
        pass
    if process.poll() is None:
        process.wait(timeout=5)


@contextmanager
def kg_server(project: Project, log: Path, *options: str):
    """`kg serve` on a free loopback port, once its search index is ready; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "kg", "--project", str(project.root), "serve", "--port", str(port), *options]
    with running(command, f"http://127.0.0.1:{port}/health", log):
        search_ready(f"http://127.0.0.1:{port}/")  # (made once it listens: the tests search)
        yield f"http://127.0.0.1:{port}/"


CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
CHROMEDRIVER = shutil.which("chromedriver") or next((p for p in ("/usr/bin/chromedriver",) if Path(p).exists()), None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                  "--window-size=1280,1600"]


@contextmanager
def chromium(logs: dict):
    """Headless Chromium driven by Selenium (`logs`: its goog:loggingPrefs), always quit afterwards."""
    import pytest

    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", logs)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, popen_kw=ending_with_the_tests()), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def search_ready(base: str, timeout: float = 120.0) -> None:
    """Wait until `kg serve` at `base` has its search index (it makes it after it starts listening)."""
    import json

    deadline = time.monotonic() + timeout
    while True:
        status, _, body = fetch(base + "search/status", "application/json")
        if status == 200 and json.loads(body)["ready"]:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the search index was not ready within {timeout:g} s: {status} {body[:300]!r}")
        time.sleep(0.2)


def pagefind_stand_in(folder: Path, monkeypatch, first: str) -> None:
    """Pagefind's binary behind a stand-in in `folder` (PAGEFIND_BINARY_PATH, which Pagefind's own launcher
    reads) that runs the shell line `first`, then the real one."""
    from pagefind.service import get_executable

    stand_in = folder / "pagefind"
    stand_in.write_text(f'#!/bin/sh\n{first}\nexec "{get_executable()}" "$@"\n')
    stand_in.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stand_in))
