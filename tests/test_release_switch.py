"""Releases all or nothing (issue 11): a build killed at any point, before, while or after it writes,
leaves dist/ with the old release or the new one, whole, and every later answer comes from the old
sources or the new ones, never a mix; a killed build's children stop writing, and the next build
removes what they left; readers refuse a release whose files do not match its manifest."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg import engines
from kg.core.dist import PARTIAL, read_manifest, release_folder, verified
from kg.sources.project import Project, source_digests
from serving import free_port

QUERY = "SELECT ?label WHERE { oi:r000 rdfs:label ?label }"
OLD_LABEL = "Report 000: 'one in, one out'"
NEW_LABEL = "Report 000 (revised): 'one in, one out'"


@pytest.fixture
def versions(small_project):
    """report-000 and the shared entities, built from the old sources; (project, old text, new text) of
    the report that changes."""
    report = small_project.root / "data" / "report-000.ttl"
    old = report.read_text(encoding="utf-8")
    assert old.count(OLD_LABEL) == 1
    engines.build(small_project, None)
    return small_project, old, old.replace(OLD_LABEL, NEW_LABEL)


def label_answered(kg, project: Project) -> str:
    result = kg("sparql", "--format", "csv", QUERY, project=project)
    assert result.exit_code == 0, result.output
    return next(csv.reader(io.StringIO(result.output.splitlines()[1])))[0]


def group_running(pgid: int) -> list:
    """The processes of a process group that still run (zombies, which only wait to be reaped, aside)."""
    running = []
    for entry in Path("/proc").iterdir():
        try:
            state, _, group = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(group) == pgid and state != "Z":
            running.append(int(entry.name))
    return running


def group_gone(pgid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while group_running(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def partial_size(dist: Path) -> int:
    return sum(f.stat().st_size for folder in dist.glob(f"{PARTIAL}*") for f in folder.rglob("*") if f.is_file())


def kill_build(project: Project, when) -> None:
    """Start `kg build` and SIGKILL it (its own process, not its children) once `when(seconds, dist)` says so."""
    command = [sys.executable, "-m", "kg", "--project", str(project.root), "build", "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.monotonic()
    while process.poll() is None and not when(time.monotonic() - started, project.dist_dir):
        time.sleep(0.002)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert group_gone(process.pid, within=0.25), "the build's children outlived it"
    size = partial_size(project.dist_dir)
    time.sleep(0.3)
    assert partial_size(project.dist_dir) == size, "a killed build's children went on writing"


def at(seconds: float):
    return lambda elapsed, dist: elapsed >= seconds


def partial_holds(count: int):
    """Once the build's folder holds `count` files: while it writes the release (a folder the build has just
    switched in, between the glob and the count, is not a partial one any more)."""
    def holds(elapsed, dist) -> bool:
        for folder in dist.glob(f"{PARTIAL}*"):
            try:
                if sum(1 for _ in folder.iterdir()) >= count:
                    return True
            except FileNotFoundError:
                continue
        return False

    return holds


def test_a_build_killed_anywhere_leaves_the_old_release_or_the_new_whole_and_answers_from_one(kg, versions):
    project, old, new = versions
    report = project.root / "data" / "report-000.ttl"
    texts = {OLD_LABEL: old, NEW_LABEL: new}
    digests = {}
    for label, text in texts.items():
        report.write_text(text, encoding="utf-8")
        digests[label] = source_digests(project)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "kg", "--project", str(project.root), "build", "-q"], check=True)
    took = time.monotonic() - started  # (the new release is current now: the first kill goes back to the old)
    points = [at(took * fraction) for fraction in (0.1, 0.3, 0.5, 0.7, 0.9, 1.2)]  # before, while, after
    points += [partial_holds(n) for n in (1, 4, 8, 12)]  # while the release is written
    for number, when in enumerate(points):
        current = read_manifest(release_folder(project.dist_dir))["sources"]
        target = OLD_LABEL if current == digests[NEW_LABEL] else NEW_LABEL
        report.write_text(texts[target], encoding="utf-8")
        kill_build(project, when)
        folder = release_folder(project.dist_dir)
        manifest = read_manifest(folder)
        verified(folder, manifest)  # whole: every file as its manifest says
        assert manifest["sources"] in digests.values(), number
        for name in (*manifest["files"], "manifest.json"):  # what people read in dist/ is the same release
            assert Path(os.path.realpath(project.dist_dir / name)).parent == folder, (number, name)
        for label, text in texts.items():  # answers from the sources on disk, or from their release: never a mix
            report.write_text(text, encoding="utf-8")
            assert label_answered(kg, project).startswith(label), (number, label)
    report.write_text(new, encoding="utf-8")
    engines.build(project, None)
    assert not list(project.dist_dir.glob(f"{PARTIAL}*")), "the next build removes what killed builds left"
    assert len(list((project.dist_dir / "releases").iterdir())) <= 2  # the current release and the one before


def test_readers_refuse_a_release_whose_files_do_not_match_its_manifest(kg, project_copy, tmp_path):
    engines.build(project_copy, None)
    full = release_folder(project_copy.dist_dir) / "oioo-full.nt"
    full.write_bytes(full.read_bytes() + b"<urn:x> <urn:y> <urn:z> .\n")
    shutil.rmtree(project_copy.dist_dir / "oxigraph", ignore_errors=True)  # (a store made before is not read again)
    for args in (["sparql", QUERY], ["sparql", "--engine", "reference", QUERY],
                 ["push", f"http://127.0.0.1:{free_port()}/store"]):  # refused before anything is sent
        result = kg(*args, project=project_copy)
        assert result.exit_code == 2, (args, result.output)
        assert "oioo-full.nt does not match the SHA-256 its manifest records" in result.output, result.output
        assert "run `kg build`" in result.output
    command = [sys.executable, "-m", "kg", "--project", str(project_copy.root), "serve", "--port", str(free_port())]
    served = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert served.returncode == 2 and "does not match the SHA-256" in served.stderr.strip().splitlines()[-1]
    engines.build(project_copy, None)  # the same sources: the damaged release is written again
    assert label_answered(kg, project_copy).startswith(OLD_LABEL)
    assert kg("sparql", "ASK { <urn:x> ?p ?o }", project=project_copy).output.split()[-1] == "false"


def test_the_folder_of_a_build_that_was_killed_is_removed_by_the_next(project_copy):
    engines.build(project_copy, None)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = project_copy.dist_dir / f"{PARTIAL}{dead.stdout.strip()}-abandoned"
    left.mkdir()
    (left / "oioo-full.nt").write_bytes(b"<urn:half> <urn:written> ")
    engines.build(project_copy, None)
    assert not left.exists()


def test_kg_check_and_kg_discrepancies_leave_the_release_whole(kg, project_copy):
    """They wrote their Turtle over dist/checks.ttl and dist/discrepancies.ttl, replacing the release's
    links with files of their own layout: dist/ then showed files its manifest does not describe."""
    engines.build(project_copy, None)
    folder = release_folder(project_copy.dist_dir)
    for command, name in (("check", "checks.ttl"), ("discrepancies", "discrepancies.ttl")):
        result = kg(command, project=project_copy)
        assert result.exit_code == 0 and "is the release's, as kg build wrote it: left as it is" in result.output
        link = project_copy.dist_dir / name
        assert link.is_symlink() and link.resolve() == (folder / name).resolve()
    verified(folder, read_manifest(folder))
    shutil.rmtree(project_copy.dist_dir)
    assert "wrote" in kg("check", project=project_copy).output  # no release: written as before
    assert not (project_copy.dist_dir / "checks.ttl").is_symlink()


def test_a_build_stopped_with_sigterm_says_interrupted_and_leaves_no_folder_behind(versions):
    """SIGTERM (a CI job's timeout) ended kg build at once, without a word and with status -15, its
    release folder left in dist/ until the next build: now it is Ctrl-C's exit, with what it wrote removed."""
    project, old, new = versions
    (project.root / "data" / "report-000.ttl").write_text(new, encoding="utf-8")
    before = release_folder(project.dist_dir)
    command = [sys.executable, "-m", "kg", "--project", str(project.root), "build", "-q", "--no-cache"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    while process.poll() is None and not partial_holds(1)(0, project.dist_dir):
        time.sleep(0.002)
    assert process.poll() is None, "the build ended before it wrote its release"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err.strip() == "kg: interrupted", (process.returncode, err)
    assert group_gone(process.pid, within=1)
    assert not list(project.dist_dir.glob(f"{PARTIAL}*")), "the stopped build left its folder"
    assert release_folder(project.dist_dir) == before
    verified(before, read_manifest(before))


def _release_folder_holding(dist: Path, text: str) -> tuple[Path, dict]:
    """A release being written by a build (kg.core.dist.new_folder): one file, and its manifest."""
    import hashlib

    from kg.core.dist import new_folder

    folder, data = new_folder(dist), text.encode()
    (folder / "oioo-full.nt").write_bytes(data)
    return folder, {"sources": {}, "files": {"oioo-full.nt": {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}}


def asking_for_locks(monkeypatch) -> set:
    """The threads that have asked for a lock they wait for (fcntl.flock without LOCK_NB, as
    kg.core.dist.locked asks): from then on each goes no further while another holds that lock."""
    import fcntl

    asked, flock = set(), fcntl.flock

    def asking(descriptor, operation):
        if not operation & fcntl.LOCK_NB:
            asked.add(threading.current_thread())
        return flock(descriptor, operation)

    monkeypatch.setattr(fcntl, "flock", asking)
    return asked


def waited_until(condition, what_never_happened: str, within: float = 60.0) -> None:
    """Wait until `condition()` holds, however slow the machine; fail saying what never happened."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"{what_never_happened} within {within} s"
        time.sleep(0.01)


def ended(thread: threading.Thread, what: str, within: float = 60.0) -> None:
    thread.join(timeout=within)
    assert not thread.is_alive(), f"{what} had not ended after {within} s"


def test_two_builds_switching_at_once_leave_a_current_release_that_is_there_and_whole(project_copy, monkeypatch):
    """Two builds of one project at once: the second, switching while the first was between moving its
    release into releases/ and pointing `current` at it, removed that release as an old one, and `current`
    pointed at nothing. Builds now switch one after the other (kg.core.dist.locked)."""
    from kg.core import dist

    engines.build(project_copy, None)
    first = _release_folder_holding(project_copy.dist_dir, "<urn:a> <urn:b> <urn:first> .\n")
    second = _release_folder_holding(project_copy.dist_dir, "<urn:a> <urn:b> <urn:second> .\n")
    other = threading.Thread(target=dist.commit, args=(project_copy.dist_dir, *second))
    asked = asking_for_locks(monkeypatch)
    switch = dist.replace_link

    def switching(path, target):
        if path.name == dist.CURRENT and not other.is_alive() and other.ident is None:
            other.start()  # the other build switches now, while this one is about to
            # (until it has gone as far as it can while this one holds the lock)
            waited_until(lambda: not other.is_alive() or other in asked,
                         "the other build neither ended nor asked for the lock")
        switch(path, target)

    monkeypatch.setattr(dist, "replace_link", switching)
    dist.commit(project_copy.dist_dir, *first)
    ended(other, "the other build")
    folder = release_folder(project_copy.dist_dir)
    assert folder.is_dir(), "current points at a release another build removed"
    verified(folder, read_manifest(folder))


def test_commands_that_need_the_releases_store_at_once_make_it_once(project_copy, monkeypatch):
    """Parallel CI jobs querying a fresh release: each made dist/oxigraph/ and swapped it in under the
    others, which read "Corruption: Sst file size mismatch" (exit 70). One makes it; the others wait."""
    import pyoxigraph as ox

    from kg.query import store

    engines.build(project_copy, None)
    manifest, fills = store.current_manifest(project_copy), []
    asked, fill = asking_for_locks(monkeypatch), store.fill

    def slow_fill(into, described):
        fills.append(threading.current_thread())
        if len(fills) == 1:  # (until every other command has found no store, and waits or makes its own)
            waited_until(lambda: all(not command.is_alive() or command in asked or command in fills
                                     for command in commands),
                         "a command neither ended, nor asked for the store's lock, nor made the store")
        fill(into, described)

    monkeypatch.setattr(store, "fill", slow_fill)
    answers = []

    def query():
        folder = store.store_folder(project_copy, manifest)
        answers.append(len(ox.Store.read_only(str(folder))))

    commands = [threading.Thread(target=query) for _ in range(4)]
    for command in commands:
        command.start()
    for command in commands:
        ended(command, "a command")
    assert len(fills) == 1 and len(set(answers)) == 1 and len(answers) == 4, (fills, answers)


def test_a_build_of_the_release_already_there_swaps_it_in_without_reading_the_one_written_before(
        small_project, monkeypatch):
    """`kg build --no-cache` of unchanged sources makes the release already in dist/releases/: the build read
    every file of that one back (1.2 GB, 2.5 s at a million triples) to know whether to keep it. It now
    swaps its own in, in one step (kg.core.dist.exchange): nothing of the old is read, a damaged old one is
    replaced all the same, and the release stays whole."""
    from kg.core import dist

    engines.build(small_project, None)
    folder = release_folder(small_project.dist_dir)
    damaged = folder / "oioo-base.nt"
    damaged.write_bytes(damaged.read_bytes() + b"<urn:a> <urn:b> <urn:c> .\n")
    hashed, hash_of = [], dist.sha256_of
    monkeypatch.setattr(dist, "sha256_of", lambda path: hashed.append(Path(path)) or hash_of(path))
    engines.build(small_project, None, cache=False)
    assert release_folder(small_project.dist_dir) == folder, "the same sources made another release"
    assert not [path for path in hashed if folder in path.parents], "the build read the old release's files"
    verified(folder, read_manifest(folder))
    assert [path.name for path in small_project.dist_dir.iterdir() if path.name.startswith(PARTIAL)] == []


def test_a_failure_while_the_labels_are_worked_out_beside_validation_fails_the_build_and_keeps_the_release(
        small_project, monkeypatch):
    """The graphs' blank node labels are worked out in a thread while validation runs (kg.build.pipeline.
    Background): what goes wrong there is the build's error, raised where the build waits for them, and the
    release before it stays current and whole, with no folder of the failed build left behind."""
    from kg.build import pipeline
    from kg.core.errors import KGError

    engines.build(small_project, None)
    before = release_folder(small_project.dist_dir)

    def fail(*args):
        raise KGError("no labels today")

    monkeypatch.setattr(pipeline, "graph_labels", fail)
    with pytest.raises(KGError, match="no labels today"):
        engines.build(small_project, None, cache=False)
    assert release_folder(small_project.dist_dir) == before
    verified(before, read_manifest(before))
    assert not list(small_project.dist_dir.glob(f"{PARTIAL}*"))


def test_a_check_oxigraph_cannot_run_fails_validation_by_name_though_it_runs_beside_the_shapes(small_project):
    """The checks of queries/checks/ run in a thread while the shapes are validated (kg.validation.validate):
    a check Oxigraph refuses still stops `kg build` with the message naming it, and no release is made."""
    from kg.core.errors import KGError

    (small_project.root / "queries" / "checks").mkdir(parents=True, exist_ok=True)
    (small_project.root / "queries" / "checks" / "broken-check.rq").write_text(
        "#+ summary: a check\nSELECT ?s WHERE { ?s <urn:p> ?o . FILTER (<urn:no-function>(?o)) }\n", encoding="utf-8")
    with pytest.raises(KGError, match="checks/broken-check.rq: Oxigraph cannot run it"):
        engines.build(small_project, None)
    assert not (small_project.dist_dir / "manifest.json").exists()


def test_the_builds_threads_have_ended_whenever_it_forks_the_releases_children(small_project, monkeypatch):
    """The build runs threads beside Oxigraph (the validation store's load, validation's SPARQL rules and checks,
    the graphs' labels) and forks the release's jobs (kg.build.release), which it does only when no other thread
    runs (kg.core.children.may_fork): a thread still alive would make every job run in the build's own process,
    one after the other, unnoticed. Each job is forked, with the main thread alone."""
    import threading

    from kg.build import release
    from kg.core import children

    asked = []

    def spying():
        asked.append(([thread.name for thread in threading.enumerate()], children.may_fork()))
        return asked[-1][1]

    monkeypatch.setattr(release, "may_fork", spying)
    engines.build(small_project, None, cache=False)
    assert len(asked) == 3, asked  # the analysis, the base graph, the inferred graph
    assert all(forked and names == ["MainThread"] for names, forked in asked), asked
