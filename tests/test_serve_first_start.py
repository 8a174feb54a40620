"""The first `kg serve` of a release: it listens once the store and the query workers are ready, and
makes the search index (Pagefind over a record of every entity: 1.5 minutes at a million triples) in
the background. It made the index before it listened: the pages and queries, which do not need it,
waited for it. Until the index is ready, /search/status says so and the search box shows it.

Pagefind is held back here by a stand-in for its binary (PAGEFIND_BINARY_PATH, which Pagefind's own
launcher reads) that waits for a file to appear, then runs the real one: the index is "being made" for
as long as a test needs."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from kg.sources.project import Project
from serving import (CHROMEDRIVER, CHROMIUM, answer_of, built_project, chromium, ending_with_the_tests, fetch, free_port,
                     pagefind_stand_in, running, search_ready)

BEING_MADE = re.compile(r"The search index is being made \(about \d+ seconds\); the pages and queries work now\.")


@pytest.fixture
def release(tmp_path_factory, tmp_path) -> Project:
    """A copy of the built project whose release has no search index yet (its first `kg serve`)."""
    root = tmp_path / "project"
    shutil.copytree(built_project(tmp_path_factory).root, root, symlinks=True,
                    ignore=shutil.ignore_patterns("search", ".serving-*"))
    return Project(root)


@pytest.fixture
def held_pagefind(tmp_path, monkeypatch) -> Path:
    """Pagefind's binary held back until the returned file exists."""
    gate = tmp_path / "go"
    pagefind_stand_in(tmp_path, monkeypatch, f'while [ ! -e "{gate}" ]; do sleep 0.1; done')
    return gate


def serve(release: Project, log: Path, timeout: float = 60.0):
    port = free_port()
    command = [sys.executable, "-m", "kg", "--project", str(release.root), "serve", "--port", str(port)]
    return running(command, f"http://127.0.0.1:{port}/health", log, timeout=timeout), f"http://127.0.0.1:{port}/"


def status_of(base: str) -> dict:
    status, headers, body = fetch(base + "search/status")
    assert status == 200 and headers["cache-control"] == "no-store"
    return json.loads(body)


def test_kg_serve_answers_pages_and_queries_while_its_search_index_is_being_made(release, held_pagefind, tmp_path,
                                                                                   monkeypatch):
    server, base = serve(release, tmp_path / "serve.log")
    with server:
        status = status_of(base)
        assert status["ready"] is False and BEING_MADE.fullmatch(status["message"]), status
        assert fetch(base + "id/chris-philp", "text/html")[0] == 200
        answer = fetch(base + "sparql?query=ASK%20%7B%20oi%3Ar000%20a%20oo%3AReport%20%7D", "application/sparql-results+json")
        assert answer[0] == 200 and json.loads(answer[2])["boolean"] is True
        refused = fetch(base + "pagefind/pagefind.js")
        assert refused[0] == 503 and BEING_MADE.search(refused[2].decode()) and int(refused[1]["retry-after"]) > 0
        held_pagefind.touch()
        search_ready(base)
        assert fetch(base + "pagefind/pagefind.js")[0] == 200
    said = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "making the search index in the background" in said and "the search index is ready" in said, said
    # the next server of the same release links the index kept in dist/search/: Pagefind is not run again
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    server, base = serve(release, tmp_path / "again.log")
    with server:
        search_ready(base, timeout=30)
        assert fetch(base + "pagefind/pagefind.js")[0] == 200
    assert "making the search index" not in (tmp_path / "again.log").read_text(encoding="utf-8")


def test_a_server_asked_only_queries_never_makes_the_search_index_and_a_page_starts_it(release, tmp_path, monkeypatch):
    """kg serve made the search index at the first start of each release, whoever asked: at a million triples
    a core for a minute and a half and 340 MB, taken from the first clients' queries, though an endpoint
    that programs query never uses it. It is now made once a page or the search is first asked for."""
    import time

    runs = tmp_path / "pagefind-runs"
    pagefind_stand_in(tmp_path, monkeypatch, f'echo run >> "{runs}"')
    server, base = serve(release, tmp_path / "serve.log")
    with server:
        for path, accept in [("sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "application/sparql-results+json"),
                             ("queries/who-said-what.json", "application/json"), ("id/chris-philp.ttl", "text/turtle"),
                             ("queries/statements-by-person.csv?person=Chris%20Philp", "text/csv"), ("health", None)]:
            assert fetch(base + path, accept)[0] == 200, path
        time.sleep(1.5)  # (the index of the seed data took 0.3 s to make)
        said = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert not runs.exists() and "making the search index" not in said, said
        assert "the search index is made when first wanted" in said, said
        assert fetch(base, "text/html")[0] == 200  # a person opens the home page: their search box will want it
        search_ready(base, timeout=60)
        assert fetch(base + "pagefind/pagefind.js")[0] == 200
    assert runs.read_text().splitlines() == ["run"]
    assert "making the search index in the background" in (tmp_path / "serve.log").read_text(encoding="utf-8")


def test_a_search_index_that_cannot_be_made_is_said_and_the_server_goes_on(release, tmp_path, monkeypatch):
    failing = tmp_path / "pagefind"
    failing.write_text('#!/bin/sh\necho "Error: no room for the index" >&2\nexit 1\n')
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    server, base = serve(release, tmp_path / "serve.log")
    with server:
        assert fetch(base + "id/chris-philp", "text/html")[0] == 200
        for _ in range(300):
            status = status_of(base)
            if "could not" in status["message"]:
                break
            __import__("time").sleep(0.1)
        assert status["ready"] is False and "no room for the index" in status["message"], status
        assert status["message"].endswith("the pages and queries work."), status
        assert fetch(base + "sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "application/sparql-results+json")[0] == 200
    said = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert len([line for line in said.splitlines() if "the search index could not be" in line]) == 1, said
    assert "Traceback" not in said


@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason="headless Chromium not installed")
def test_the_search_box_and_page_say_the_index_is_being_made_and_search_once_it_is(release, held_pagefind, tmp_path):
    from selenium.webdriver.common.by import By

    from test_serve_browser import wait_for

    server, base = serve(release, tmp_path / "serve.log")
    with server, chromium({"browser": "ALL"}) as browser:
        browser.get(base)
        browser.find_element(By.ID, "search-box").send_keys("Philp")
        panel = browser.find_element(By.ID, "search-suggestions")
        wait_for(lambda: panel.is_displayed() and BEING_MADE.search(panel.text), timeout=30, why=lambda: panel.text)
        browser.get(base + "search?q=Philp")
        results = browser.find_element(By.ID, "search-results")
        wait_for(lambda: BEING_MADE.search(results.text), timeout=30, why=lambda: results.text)
        held_pagefind.touch()
        wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"),
                 timeout=90, why=lambda: results.text)  # (the page asks again by itself)
        assert "Chris Philp" in results.text


def test_kg_serve_on_port_0_says_and_describes_the_port_it_was_given(release, tmp_path):
    """`kg serve --port 0` (any free port) said "serving on http://127.0.0.1:0/", and its VoID, DCAT and
    OpenAPI named port 0: nobody could find it. It names the port the system gave, everywhere."""
    import subprocess
    import time

    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "kg", "--project", str(release.root), "serve", "--port", "0"]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **ending_with_the_tests())
    try:
        deadline = time.monotonic() + 120
        while not (said := re.search(r"serving on http://127\.0\.0\.1:(\d+)/ ", log.read_text())):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        port = int(said.group(1))
        assert port != 0
        _, _, body = answer_of(process, f"http://127.0.0.1:{port}/openapi.json", log)
        assert json.loads(body)["servers"] == [{"url": f"http://127.0.0.1:{port}"}]
    finally:
        process.terminate()
        process.wait(timeout=60)
