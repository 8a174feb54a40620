"""`kg serve` and `kg publish` on a release whose dist/ the user cannot write: another user's (kg build
writes it 0644 in 0755 folders, for readers), a read-only mount, a CI artefact. Both made a folder of
their own in dist/ and stopped there ("Permission denied"); they now read the release in place, through a
folder of their own in the system's temporary folder, removed when they end (kg serve's store kept in the
user's cache for the next start), and say so in one line.

The tests run as root, which a folder's modes do not stop, so dist/ is made immutable (chattr +i),
which stops root as it stops anyone: every write into it fails (EPERM), as on a read-only mount."""

from __future__ import annotations

import json
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.sources.project import Project
from serving import built_project, fetch, free_port, pagefind_stand_in, read_only, running, search_ready


def listing(folder: Path) -> dict:
    """Every name under `folder` with what it is (a link's target, a file's size and time): what changed in it."""
    found = {}
    for path in sorted(folder.rglob("*")):
        status = path.lstat()
        found[str(path.relative_to(folder))] = os.readlink(path) if path.is_symlink() else (status.st_size, status.st_mtime_ns)
    return found


@pytest.fixture
def release(tmp_path_factory, tmp_path) -> Project:
    """A copy of the built project (its own: dist/ is made read-only), dist/ as kg build left it (no store)."""
    root = tmp_path / "project"
    shutil.copytree(built_project(tmp_path_factory).root, root, symlinks=True,
                    ignore=shutil.ignore_patterns("oxigraph", "search", "charts", ".serving-*"))
    return Project(root)


@pytest.fixture
def private(tmp_path, monkeypatch) -> Path:
    """The temporary folder kg is given (TMPDIR), to see what it leaves there; and a cache folder
    (XDG_CACHE_HOME) of the test's own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("tempfile.tempdir", None)  # (tempfile reads TMPDIR again)
    return folder


@contextmanager
def answering(release: Project, log: Path):
    """`kg serve` of `release` on a free port, once it answers a query from the release; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "kg", "--project", str(release.root), "serve", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/health", log):
        base = f"http://127.0.0.1:{port}/"
        status, _, body = fetch(base + "sparql?query=ASK%20%7B%20oi%3Ar000%20a%20oo%3AReport%20%7D",
                                "application/sparql-results+json")
        assert status == 200 and json.loads(body)["boolean"] is True
        yield base


def test_kg_publish_of_a_release_it_cannot_write_into_publishes_the_whole_site_from_a_private_copy(
        kg, release, private, tmp_path):
    out = tmp_path / "site"
    before = listing(release.dist_dir)
    with read_only(release.dist_dir):
        result = kg("publish", "--out", str(out), project=release)
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "cannot be written" in line]
    assert len(said) == 1 and str(release.dist_dir) in said[0] and "in place" in said[0], result.output
    assert (out / ".kg-publish.json").is_file() and (out / "pagefind" / "pagefind.js").is_file()
    assert (out / "dumps" / "oioo-full.nt.gz").is_file() and (out / "id" / "chris-philp.html").is_file()
    assert listing(release.dist_dir) == before
    assert list(private.iterdir()) == []  # the private copy is removed


@pytest.mark.parametrize("store", ["no store yet", "its store made"])
def test_kg_serve_of_a_release_it_cannot_write_into_serves_it_from_a_private_copy_removed_on_exit(
        kg, release, private, tmp_path, store):
    """Pages, queries, the dumps and the search box, from a private copy of the release (and of its store,
    or a store made there when dist/ has none), none of which is left when the server stops."""
    if store == "its store made":
        assert kg("sparql", "ASK { ?s ?p ?o }", project=release).exit_code == 0  # (makes dist/oxigraph/)
    before = listing(release.dist_dir)
    log = tmp_path / "serve.log"
    with read_only(release.dist_dir):
        with answering(release, log) as base:
            assert fetch(base + "id/chris-philp", "text/html")[0] == 200
            assert fetch(base + "dumps/oioo-full.nt.gz")[0] == 200
            search_ready(base)
            assert fetch(base + "pagefind/pagefind.js")[0] == 200
            assert [p.name.startswith("kg-serving-") for p in private.iterdir()] == [True]
        assert listing(release.dist_dir) == before
    said = log.read_text(encoding="utf-8")
    lines = [line for line in said.splitlines() if "cannot be written" in line]
    assert len(lines) == 1 and str(release.dist_dir) in lines[0] and "private copy" in lines[0], said
    assert "Traceback" not in said
    assert list(private.iterdir()) == []


def test_a_second_kg_serve_of_a_release_it_cannot_write_into_reads_it_in_place_and_reuses_its_store_and_statistics(
        release, private, tmp_path):
    """Each start on a dist/ it could not write copied the release into the temporary folder (1.2 GB at a
    million triples where a hard link is refused: another user's files, fs.protected_hardlinks), made or
    copied its store there, and counted the dataset's statistics again (9-23 s). The release is now read
    in place, and its store and statistics are kept in this user's cache (0700), found by the release's
    SHA-256s: the second start makes, copies and counts nothing, and says where the copy is."""
    import stat

    cache = tmp_path / "cache" / "kg"
    said = []
    with read_only(release.dist_dir):
        for start in ("first", "second"):
            log = tmp_path / f"serve-{start}.log"
            with answering(release, log) as base:
                assert fetch(base + "dumps/oioo-full.nt", "application/n-triples")[0] == 200
                folder, = private.iterdir()
                manifest = json.loads((release.dist_dir / "manifest.json").read_text(encoding="utf-8"))
                assert all((folder / name).is_symlink() for name in [*manifest["files"], "manifest.json"])
                assert Path(os.path.realpath(folder / "oxigraph")).parent.parent == cache / "stores"
            said.append(log.read_text(encoding="utf-8"))
    first, second = said
    assert "loading the release into" in first and "counting what the dataset holds" in first, first
    assert "loading the release" not in second and "copying" not in second and "counting" not in second, second
    line, = [line for line in second.splitlines() if "cannot be written" in line]
    assert str(release.dist_dir) in line and f"private copy in {cache / 'stores'}" in line and "next start" in line
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and "Traceback" not in first + second
    assert list(private.iterdir()) == []


def test_kg_serve_says_in_one_line_what_to_do_when_neither_dist_nor_the_temporary_folder_can_be_written(
        kg, release, private, monkeypatch):
    """Python's temporary folder is the first of TMPDIR, /tmp, /var/tmp ... that can be written: here none can."""
    monkeypatch.setattr("tempfile.tempdir", str(private))
    with read_only(release.dist_dir), read_only(private):
        result = kg("serve", "--port", str(free_port()), project=release)
    assert result.exit_code != 0 and "Traceback" not in result.output
    last = result.output.strip().splitlines()[-1]
    assert str(release.dist_dir) in last and str(private) in last and "TMPDIR" in last, result.output


@pytest.fixture
def counted_pagefind(tmp_path, monkeypatch) -> Path:
    """Pagefind's binary behind a stand-in that adds a line to the returned file at each run: how many
    times the search index was made."""
    runs = tmp_path / "pagefind-runs"
    pagefind_stand_in(tmp_path, monkeypatch, f'echo run >> "{runs}"')
    return runs


def test_kg_serve_of_a_release_it_cannot_write_into_keeps_its_search_index_for_the_next_start_of_that_release(
        kg, release, private, counted_pagefind, tmp_path):
    """The search index (Pagefind over every entity: a minute and a half at a million triples) was made
    again at every start when dist/ could not be written, for that server alone. It is kept beside this
    user's store of the release (~/.cache/kg/stores/KEY/search): the second start runs no Pagefind and
    serves it; a new release makes its own, and the old one goes with the old store."""
    stores = tmp_path / "cache" / "kg" / "stores"

    def start(name: str) -> str:
        log = tmp_path / f"serve-{name}.log"
        with answering(release, log) as base:
            search_ready(base)
            assert fetch(base + "pagefind/pagefind.js")[0] == 200
        return log.read_text(encoding="utf-8")

    def pagefind_runs() -> int:
        return len(counted_pagefind.read_text().splitlines()) if counted_pagefind.exists() else 0

    with read_only(release.dist_dir):
        first = start("first")
        kept, = stores.iterdir()
        assert (kept / "search" / "pagefind" / "pagefind.js").is_file() and pagefind_runs() == 1, first
        second = start("second")
    assert "making the search index" in first and "making the search index" not in second, second
    assert pagefind_runs() == 1

    report = release.root / "data" / "report-000.ttl"
    report.write_text(report.read_text(encoding="utf-8").replace("Report 000: ", "Report 000 (revised): "),
                      encoding="utf-8")
    assert kg("build", project=release).exit_code == 0
    with read_only(release.dist_dir):
        changed = start("changed release")
    assert "making the search index" in changed and pagefind_runs() == 2, changed
    new, = stores.iterdir()
    assert new != kept and (new / "search" / "pagefind" / "pagefind.js").is_file()
    assert "Traceback" not in first + second + changed and list(private.iterdir()) == []


@pytest.mark.parametrize("command", [("query", "figures-by-person", "--format", "csv"),
                                     ("sparql", "SELECT ?s WHERE { ?s a oo:Report } ORDER BY ?s", "--format", "csv")])
def test_kg_query_of_a_release_it_cannot_write_into_reads_this_users_store_of_it_made_once(
        kg, release, private, tmp_path, monkeypatch, command):
    """Each `kg query` or `kg sparql` of a release whose dist/ it could not write read the whole release
    into memory (20-33 s and 1.4 GB at a million triples, at every run). They now read the store kg serve
    keeps of it in this user's cache (made by the first, 28 s at a million; 0.5-0.7 s after), with the
    same answers as from a dist/ that can be written."""
    from kg.query.store import fill

    loads = []
    monkeypatch.setattr("kg.query.store.fill", lambda store, manifest: (loads.append(manifest), fill(store, manifest)))
    with read_only(release.dist_dir):
        answers = [kg(*command, project=release) for _ in range(2)]
    assert [result.exit_code for result in answers] == [0, 0], answers[0].output
    assert len(loads) == 1
    key, = (tmp_path / "cache" / "kg" / "stores").iterdir()
    assert (key / "oxigraph").is_dir()
    writable = kg(*command, project=release)
    assert answers[0].output == answers[1].output == writable.output and writable.output.count("\n") > 5


def test_kg_query_reads_the_release_into_memory_when_neither_dist_nor_the_users_cache_can_be_written(
        kg, release, private, tmp_path):
    (tmp_path / "cache").mkdir()
    with read_only(release.dist_dir), read_only(tmp_path / "cache"):
        result = kg("query", "figures-by-person", "--format", "csv", project=release)
    assert result.exit_code == 0 and result.output == kg("query", "figures-by-person", "--format", "csv",
                                                         project=release).output



def tiny_release(dist: Path, words: str) -> dict:
    """A release of one triple committed to `dist` as kg build commits one; its manifest as kg reads it."""
    from kg.core.dist import commit, new_folder, read_manifest, release_folder, sha256_of
    from kg.query.store import RELEASE_GRAPH

    folder = new_folder(dist)
    (folder / RELEASE_GRAPH).write_text(f'<urn:kg:release> <urn:kg:says> "{words}" .\n', encoding="utf-8")
    commit(dist, folder, {"files": {RELEASE_GRAPH: {"sha256": sha256_of(folder / RELEASE_GRAPH)}}})
    return {**read_manifest(release_folder(dist)), "folder": release_folder(dist)}


def test_the_users_cache_keeps_the_store_of_each_project_it_serves_and_drops_those_no_project_serves_now(
        tmp_path, monkeypatch):
    """Two projects (or two checkouts) whose dist/ one user cannot write, started in turn: each start
    removed the other's store from this user's cache, so each made its own again (28 s at a million
    triples). A store is now kept while a dist/ read through it still has its release as the current one;
    the store of a release built over, or of a project removed, goes at the next start of any."""
    import errno

    from kg.query import store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_HELD", [])  # (this test's starts hold their stores: let go as each ends)
    loads = []
    monkeypatch.setattr(store, "fill", lambda into, manifest, fill=store.fill: (loads.append(manifest["folder"]),
                                                                               fill(into, manifest)))
    refused = PermissionError(errno.EPERM, "Operation not permitted")

    def start(dist: Path, manifest: dict) -> Path:
        """One command's start on `dist`, which it cannot write, and its end."""
        folder = store.cached_store(dist, manifest, refused)
        while store._HELD:
            os.close(store._HELD.pop())
        return folder.parent

    one, two = tmp_path / "one" / "dist", tmp_path / "two" / "dist"
    first, second = tiny_release(one, "one"), tiny_release(two, "two")
    kept = {start(one, first), start(two, second)}
    assert {start(one, first), start(two, second)} == kept and len(kept) == 2
    assert loads == [first["folder"], second["folder"]]  # each made once
    assert set((tmp_path / "cache" / "kg" / "stores").iterdir()) == kept

    rebuilt = tiny_release(one, "one, rebuilt")  # (the release before stays in dist/ until the next build)
    assert first["folder"].is_dir()
    kept = {start(one, rebuilt), start(two, second)}
    assert set((tmp_path / "cache" / "kg" / "stores").iterdir()) == kept and len(loads) == 3
    shutil.rmtree(tmp_path / "two")
    only, = {start(one, rebuilt)}
    assert set((tmp_path / "cache" / "kg" / "stores").iterdir()) == {only} and len(loads) == 3


def test_a_start_whose_new_store_another_start_would_remove_before_it_is_recorded_as_read_keeps_it(
        tmp_path, monkeypatch):
    """Two starts at once on dist/ folders one user cannot write: one made its store's folder in this
    user's cache; the other, removing the stores no dist/ reads, removed it before the first recorded
    that its dist/ reads it, and the first failed (FileNotFoundError, a traceback). Starts now make and
    record a store, and remove those no one reads, one at a time."""
    import errno
    import threading

    from kg.query import store
    from test_release_switch import asking_for_locks, ended, waited_until

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_HELD", [])
    refused = PermissionError(errno.EPERM, "Operation not permitted")
    one, two = tmp_path / "one" / "dist", tmp_path / "two" / "dist"
    first, second = tiny_release(one, "one"), tiny_release(two, "two")
    failed, made = [], []

    def other_start():
        try:
            made.append(store.cached_store(two, second, refused))
        except BaseException as error:
            failed.append(error)

    other, asked, add_reader = threading.Thread(target=other_start), asking_for_locks(monkeypatch), store._add_reader

    def recording(home, dist):
        if dist == one and other.ident is None:  # (this start has made its folder: the other starts now)
            other.start()
            waited_until(lambda: not other.is_alive() or other in asked,
                         "the other start neither ended nor asked for a lock")
        add_reader(home, dist)

    monkeypatch.setattr(store, "_add_reader", recording)
    try:
        folder = store.cached_store(one, first, refused)
        ended(other, "the other start")
    finally:
        while store._HELD:
            os.close(store._HELD.pop())
    assert failed == [] and folder.is_dir() and made[0].is_dir() and folder.parent != made[0].parent, (failed, made)
    assert set((tmp_path / "cache" / "kg" / "stores").iterdir()) == {folder.parent, made[0].parent}


def test_a_start_keeps_its_store_when_its_dist_is_rebuilt_and_another_start_cleans_up_before_it_opens_it(
        tmp_path, monkeypatch):
    """A start recorded its store as read, let go of the cache's lock, and only then marked the store as in
    use. If its dist/ was rebuilt in between (so no dist/ reads that store now) and another start removed
    the stores no one reads, the first lost its store while making it (FileNotFoundError, a traceback). A
    start now marks its store as in use before it lets go of the cache's lock."""
    import errno

    from kg.query import store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_HELD", [])
    refused = PermissionError(errno.EPERM, "Operation not permitted")
    one, two = tmp_path / "one" / "dist", tmp_path / "two" / "dist"
    first, second = tiny_release(one, "one"), tiny_release(two, "two")
    made_store, others = store._made_store, []

    def rebuilt_and_cleaned_up_meanwhile(home, manifest, progress, copy_of=None):
        if manifest is first and not others:  # (between the cache's lock and this start's own store)
            tiny_release(one, "one, rebuilt")
            others.append(store.cached_store(two, second, refused))
        return made_store(home, manifest, progress, copy_of)

    monkeypatch.setattr(store, "_made_store", rebuilt_and_cleaned_up_meanwhile)
    try:
        folder = store.cached_store(one, first, refused)
        assert folder.is_dir() and store._made(folder, first)
        assert set((tmp_path / "cache" / "kg" / "stores").iterdir()) == {folder.parent, others[0].parent}
    finally:
        while store._HELD:
            os.close(store._HELD.pop())
