"""What kg writes (a release and its store, a site, charts, reports, drafts, a corpus, a search index) is readable
by a web server running as another user: 0644 files and 0755 folders whatever the umask (under 077 they were 0600
in 0700 folders), while every write stays atomic (a temporary file renamed into place)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kg.core.dist import release_folder
from kg.core.serialize import write_atomically
from serving import built_project, fetch, kg_server, published_site


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def modes(root: Path) -> dict:
    """Path -> permission bits, for every file and folder under `root` (and `root` itself)."""
    found = {root: stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[path] = stat.S_IMODE(path.lstat().st_mode)
    return found


def wrong(found: dict) -> list:
    return [(str(p), oct(m)) for p, m in found.items() if m != (0o755 if p.is_dir() else 0o644)]


def test_an_atomic_write_gives_an_ordinary_file_mode(tmp_path, usual_umask):
    target = tmp_path / "out.ttl"
    write_atomically(target, b"data")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]  # no temporary file left behind


@pytest.fixture
def private_umask():
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def test_an_atomic_write_is_0644_under_umask_077(tmp_path, private_umask):
    """A report written with -o is for others to read too, as the release is: the umask does not decide it."""
    write_atomically(tmp_path / "report.ttl", b"data")
    assert stat.S_IMODE((tmp_path / "report.ttl").stat().st_mode) == 0o644


def test_kg_build_writes_files_a_web_server_can_read(tmp_path_factory, usual_umask):
    project = built_project(tmp_path_factory)
    released = modes(release_folder(project.dist_dir))  # the release's folder and files: dist/'s names link to them
    assert len(released) > 10 and wrong(released) == []


def test_kg_publish_under_umask_077_writes_a_site_a_web_server_can_read(tmp_path_factory):
    out = published_site(tmp_path_factory)  # published under umask 077
    found = modes(out)
    assert len(found) > 100 and wrong(found) == []


def test_kg_timeline_writes_charts_a_web_server_can_read(tmp_path, tmp_path_factory, usual_umask, kg):
    project = built_project(tmp_path_factory)
    result = kg("timeline", "net inflow", "-o", str(tmp_path / "charts"), project=project)
    assert result.exit_code == 0, result.output
    found = modes(tmp_path / "charts")
    assert len(found) == 3 and wrong(found) == []


def test_a_build_under_the_usual_umask_makes_readable_what_a_build_under_077_made(kg, project_copy):
    """Found by a hostile read: dist/ and dist/releases/, made under umask 077, stayed 0700, and the same
    release built again was reused as it was (0700, files 0600): no later build made it readable."""
    previous = os.umask(0o077)
    try:
        assert kg("build", "-q", project=project_copy).exit_code == 0
    finally:
        os.umask(0o022)
    try:
        assert kg("build", "-q", project=project_copy).exit_code == 0
    finally:
        os.umask(previous)
    dist = project_copy.dist_dir
    found = {**modes(release_folder(dist)), dist: stat.S_IMODE(dist.stat().st_mode),
             dist / "releases": stat.S_IMODE((dist / "releases").stat().st_mode)}
    assert len(found) > 10 and wrong(found) == []


def test_every_command_under_umask_077_writes_only_what_a_web_server_can_read(kg, project_copy, tmp_path,
                                                                              private_umask):
    """Every writer once, under umask 077: a corpus (kg generate), drafts (kg extract -o, kg add into data/), the
    release and its store (kg build, kg query), the site and the charts it draws into dist/charts/ (kg publish),
    charts (kg timeline), reports (-o, --report) and kg serve's search index in dist/search/. dist/charts/,
    dist/oxigraph/, dist/search/ and the generated corpus were 0700 folders of 0600 files."""
    out = tmp_path / "out"
    result = kg("generate", "-n", "2", "-o", str(out / "corpus"), project=project_copy)
    assert result.exit_code == 0, result.output
    article = sorted((out / "corpus" / "texts").iterdir())[0]
    curated = set(project_copy.data_files)
    runs = [("extract", str(article), "--date", "2025-09-01", "-o", str(out / "drafts" / "draft.ttl")),
            ("add", str(article), "--date", "2025-09-01"),
            ("build", "-q"),
            ("query", "agreements"),
            ("publish", "-q", "--drafts", "-o", str(out / "site")),  # (the draft kg add wrote, published as one)
            ("timeline", "net inflow"),
            ("timeline", "net inflow", "-o", str(out / "charts")),
            ("check", "-o", str(out / "reports" / "check.txt")),
            ("discrepancies", "--format", "turtle", "-o", str(out / "reports" / "discrepancies.ttl")),
            ("validate", "-o", str(out / "reports" / "validation.txt"), "--report", f"junit={out}/junit/kg.xml",
             "--report", f"sarif={out}/sarif/kg.sarif")]
    for args in runs:
        result = kg(*args, project=project_copy)
        assert result.exit_code == 0, (args, result.output)
    with kg_server(project_copy, tmp_path / "serve.log") as base:  # (its search index, made once it listens)
        assert fetch(base + "id/ind-net-inflow/chart.svg")[0] == 200
    dist = project_copy.dist_dir
    assert {"charts", "oxigraph", "search", "timelines", "releases"} <= {p.name for p in dist.iterdir()}
    found = {}
    for root in (dist, out, Path(os.path.realpath(out / "site"))):
        found.update({path: mode for path, mode in modes(root).items()
                      if not path.is_symlink() and not path.name.startswith(".serving-")})
    added = set(project_copy.data_files) - curated
    assert len(added) == 1
    found.update({path: stat.S_IMODE(path.stat().st_mode) for path in added})
    assert len(found) > 3000 and wrong(found) == []
