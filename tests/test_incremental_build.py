"""`kg build` after a change reads the unchanged files from its cache (.kg-cache/) and writes what a full
build writes, byte for byte."""

from __future__ import annotations

import pytest

from kg.sources.generate import generate
from kg.build.pipeline import build
from kg.sources.cache import DIRECTORY
from kg.sources.project import Project
from conftest import copy_of


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, project) -> Project:
    out = tmp_path_factory.mktemp("incremental-corpus")
    generate(project, out, reports=12, seed=3)
    return Project(out)


def released(project: Project) -> dict:
    return {p.name: p.read_bytes() for p in sorted(project.dist_dir.iterdir()) if p.is_file()}


def change_one_report(project: Project) -> None:
    """Report 004's description changed (its label after the colon). Not its name, the label up to the colon
    ('Report 004 (synthetic)'): the desk, the analysis and its figures' labels ('... (report 004, synthetic)') name
    it so, and a label that names a report by words its name no longer has fails kg build (label-stated)."""
    path = project.root / "data" / "report-004.ttl"
    text = path.read_text(encoding="utf-8")
    described = text.index('rdfs:label "Report 004 (synthetic): ') + len('rdfs:label "Report 004 (synthetic): ')
    path.write_text(text[:described] + "Updated: " + text[described:], encoding="utf-8")


def test_a_rebuild_after_one_report_changed_is_a_full_build(corpus, tmp_path):
    cached = copy_of(corpus, tmp_path / "cached")
    messages: list = []
    build(cached, messages.append)
    first = released(cached)
    change_one_report(cached)
    messages.clear()
    build(cached, messages.append)
    files = len(cached.data_files)
    assert any(f"{files - 1} of them unchanged since an earlier build" in m for m in messages), messages

    fresh = copy_of(cached, tmp_path / "fresh")
    build(fresh, cache=False)
    assert not (fresh.root / DIRECTORY).exists()
    again = released(cached)
    assert again == released(fresh)
    assert again["oioo-base.nt"] != first["oioo-base.nt"] and again["manifest.json"] != first["manifest.json"]


def test_the_cache_keeps_only_what_the_last_build_used(corpus, tmp_path):
    cached = copy_of(corpus, tmp_path / "cached")
    build(cached, write=False)
    entries = {p.name for p in (cached.root / DIRECTORY / "parse").iterdir()}
    assert len(entries) == len(cached.source_files)
    change_one_report(cached)
    (cached.root / "data" / "report-005.ttl").unlink()
    build(cached, write=False)
    now = {p.name for p in (cached.root / DIRECTORY / "parse").iterdir()}
    assert len(now) == len(cached.source_files) and len(now - entries) == 1


def test_a_damaged_cache_entry_is_parsed_again(corpus, tmp_path):
    cached = copy_of(corpus, tmp_path / "cached")
    build(cached, write=False)
    for entry in (cached.root / DIRECTORY / "parse").iterdir():
        entry.write_bytes(b"not marshal")
    messages: list = []
    result = build(cached, messages.append, write=False)
    assert "unchanged since" not in messages[0]
    assert len(result.sources.data) == len(build(cached, write=False, cache=False).sources.data)


def test_a_first_build_works_out_the_ontologys_closure_in_a_child_and_the_next_reads_it(bare_project, tmp_path,
                                                                                        monkeypatch):
    """owlrl's closure of the ontology (1.3 s) runs beside rdflib's parse of the SPARQL rules (1.7 s) on a
    first build; the release is the same as a build that works everything out in one process."""
    import os

    import kg.build.reason

    worked_out = tmp_path / "closures"
    original = kg.build.reason.schema_of

    def recorded(ontology):
        with open(worked_out, "a", encoding="utf-8") as out:  # (forked children share the patch)
            out.write(f"{os.getpid()}\n")
        return original(ontology)

    monkeypatch.setattr(kg.build.reason, "schema_of", recorded)
    monkeypatch.delenv("KG_FAST_BACKGROUND", raising=False)  # children allowed, whatever runs the tests
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))  # a new user's (the session's has the closure)
    build(bare_project)
    assert [int(pid) for pid in worked_out.read_text().split()] != [os.getpid()]
    assert len(worked_out.read_text().split()) == 1  # in the child only: this process read it from the cache
    first = released(bare_project)

    build(bare_project)
    assert len(worked_out.read_text().split()) == 1  # the next build read it
    assert released(bare_project) == first

    alone = copy_of(bare_project, tmp_path / "alone")
    monkeypatch.setenv("KG_FAST_BACKGROUND", "0")  # no child: worked out here
    build(alone, cache=False)
    assert worked_out.read_text().split()[-1] == str(os.getpid())
    assert released(alone) == first


def _release_folder(project: Project):
    return (project.dist_dir / "current").resolve()


def test_a_build_with_nothing_changed_does_nothing_and_says_the_release_is_up_to_date(corpus, tmp_path, kg):
    """`kg build` again with nothing changed worked everything out again (40 s at a million triples) to write
    the same bytes; as make, it now checks that the current release was made from these inputs by this kg and
    is whole, and stops there, saying so with the counts of the build that made it."""
    cached = copy_of(corpus, tmp_path / "cached")
    made = build(cached)
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in _release_folder(cached).iterdir()}
    result = kg("build", project=cached)
    assert result.exit_code == 0 and "up to date" in result.output, result.output
    assert f"{len(made.base)} asserted + {len(made.inferred)} inferred triples" in result.output
    assert "parsed" not in result.output and "reason" not in result.output, result.output
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in _release_folder(cached).iterdir()} == before
    assert "up to date" not in kg("build", "--no-cache", project=cached).output


@pytest.mark.parametrize("change", ["data", "shapes", "ontology", "check", "kg"])
def test_any_input_of_the_release_changed_makes_a_real_build(corpus, tmp_path, monkeypatch, change):
    """What decides a release's bytes is in the key a build is skipped by: each data file, the ontology, the
    shapes, the checks (queries/checks/*.rq) and kg's own code; a change to any one builds."""
    cached = copy_of(corpus, tmp_path / "cached")
    build(cached)
    root = cached.root
    if change == "data":
        change_one_report(cached)
    elif change in ("shapes", "ontology"):
        path = root / "ontology" / ("shapes.ttl" if change == "shapes" else "oioo.ttl")
        path.write_bytes(path.read_bytes() + b"\n# a curator's note\n")
    elif change == "check":
        check = sorted((root / "queries" / "checks").glob("*.rq"))[0]
        check.write_bytes(check.read_bytes() + b"\n# a curator's note\n")
    else:
        import kg.build.pipeline as build_module

        monkeypatch.setattr(build_module, "package_digest", lambda: "another kg")
    messages: list = []
    result = build(cached, messages.append)
    assert result.done_before is None and any("parsed" in m for m in messages), messages
    assert build(cached).done_before is not None  # and once built, nothing more to do


def test_a_release_altered_since_it_was_built_is_built_again_not_called_up_to_date(corpus, tmp_path):
    """The skip trusts no file: one changed in place (the same size) makes the build write the release again,
    whole."""
    cached = copy_of(corpus, tmp_path / "cached")
    build(cached)
    first = released(cached)
    target = _release_folder(cached) / "oioo-base.nt"
    data = target.read_bytes()
    target.chmod(0o644)
    middle = data.index(b'"', len(data) // 2) + 1  # the first character of a literal
    target.write_bytes(data[:middle] + (b"Y" if data[middle:middle + 1] != b"Y" else b"Z") + data[middle + 1:])
    assert build(cached).done_before is None
    assert released(cached) == first


def test_a_file_changed_after_its_digest_was_taken_is_recorded_by_the_bytes_parsed(corpus, tmp_path):
    """kg build takes the sources' digests once (for its key) and gives them to load_sources, which then does
    not read again a file its cache holds; a file it must parse is read and its digest taken from those bytes,
    so that a file changed in between is never cached, nor recorded in the manifest, under the old digest."""
    from kg.sources.load import load_sources
    from kg.sources.cache import Cache
    from kg.sources.project import source_digests

    cached = copy_of(corpus, tmp_path / "cached")
    digests = source_digests(cached)
    change_one_report(cached)
    sources = load_sources(cached, Cache(cached), digests=digests)
    assert sources.digests == source_digests(cached) != digests
