"""`kg publish --out DIR`: a static site whose internal links all resolve, with the dumps, VoID and
DCAT, and the ontology's documentation; and a directory it did not make is never replaced."""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from kg.web.dataset import VOID
from kg.web.pages import RDF_FORMATS
from conftest import project_of
from serving import answered_apart, built_project, published_site

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.repeated, self.headings = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)
            if name == "id" and value:
                if value in self.ids:
                    self.repeated.append(value)
                self.ids.add(value)
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))


def parse(path: Path) -> Links:
    """The page's links, ids and headings (not to be changed: shared). Four tests read every page of the
    site: each page is parsed once, again only if it was written since."""
    status = path.stat()
    return _parsed(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=None)
def _parsed(path: Path, mtime_ns: int, size: int) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


SITE_PATH = "/oioo/"  # the path of kg publish's default --base-url, https://w3id.org/oioo/


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_project(tmp_path_factory)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return published_site(tmp_path_factory)


def test_the_docs_transcript_of_kg_publish_gives_the_pages_and_files_it_writes(site):
    """docs/publishing.md's `kg publish` transcript is not run (tests/test_docs_output.py, SKIPPED: it takes
    10 to 25 s); it said 633 pages (2843 files) when kg published 668 (2983). This site is the same
    project published: its page and file counts are the transcript's."""
    import json

    doc = (Path(__file__).resolve().parents[1] / "docs" / "publishing.md").read_text(encoding="utf-8")
    pages, files = len(list(site.rglob("*.html"))), json.loads((site / ".kg-publish.json").read_text())["files"]
    assert f"published {pages} pages ({files} files) to /tmp/oioo-site" in doc
    assert f"wrote {pages} pages, {files} files to /tmp/oioo-site" in doc


def test_the_site_tells_github_pages_not_to_leave_out_its_well_known_void(site):
    """GitHub Pages runs Jekyll over a site that has no .nojekyll, and Jekyll publishes no path starting with a dot:
    .well-known/void, where crawlers look for the VoID, was left out there."""
    assert (site / ".nojekyll").is_file() and (site / ".well-known" / "void").is_file()


def test_the_count_of_files_published_is_every_file_of_the_site_its_search_index_too(site):
    """"published 683 pages (3045 files)" and .kg-publish.json's "files" left out the files of pagefind/, which kg
    publish writes too: the site held 3368 (found by a hostile read)."""
    on_disk = sum(len(files) for _, _, files in os.walk(site, followlinks=True))
    assert json.loads((site / ".kg-publish.json").read_text())["files"] == on_disk


def test_publish_to_a_mount_point_says_why_it_cannot_and_what_to_do(built, tmp_path, kg):
    """A mount point (a container's volume at the web root) cannot be replaced by the link kg publish makes: it said
    "kg: /www/.www.publish-27028-2_yvlcwg-old: Device or resource busy", a hidden path and a bare errno."""
    out, volume = tmp_path / "www", tmp_path / "volume"
    out.mkdir()
    volume.mkdir()
    if subprocess.run(["mount", "--bind", str(volume), str(out)], capture_output=True).returncode != 0:
        pytest.skip("mount --bind is not allowed here")
    try:
        result = kg("publish", "-q", "-o", str(out), project=built)
    finally:
        subprocess.run(["umount", str(out)], check=True)
    assert result.exit_code == 2 and f"cannot write the site to {out}: it is a mount point; " in result.output
    assert "give a DIR in a folder kg can write, and point the web server at it" in result.output, result.output
    assert ".publish-" not in result.output and list(volume.iterdir()) == []


def test_every_internal_link_resolves(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 400
    anchors = {}
    broken = []
    for page in pages:
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "data:")):
                continue
            if parts.path.startswith("/"):  # the 404 page's links: from the site's own path (--base-url's)
                assert parts.path.startswith(SITE_PATH), (page.relative_to(site), link)
                target = site / unquote(parts.path[len(SITE_PATH):])
            else:
                target = page if not parts.path else (page.parent / unquote(parts.path))
            target = Path(*PurePosixPath(str(target)).parts).resolve()
            if not target.is_relative_to(site.resolve()):
                broken.append((page.relative_to(site), link, "outside the site"))
            elif target.is_dir():
                broken.append((page.relative_to(site), link, "a directory"))
            elif not target.is_file():
                broken.append((page.relative_to(site), link, "missing"))
            elif parts.fragment and target.suffix == ".html":
                if target not in anchors:
                    anchors[target] = parse(target).ids
                if parts.fragment not in anchors[target]:
                    broken.append((page.relative_to(site), link, "no such anchor"))
    assert broken == []


def test_no_page_gives_two_elements_one_id(site):
    """The home page gave its sections and their tables the same ids ("checks", "disagreements",
    "reports"), and pyLODE's ontology page a term it lists twice: an anchor had two targets."""
    repeated = {page.relative_to(site).as_posix(): found.repeated[:5] for page in sorted(site.rglob("*.html"))
                if (found := parse(page)).repeated}
    assert repeated == {}


def test_no_page_skips_a_heading_level(site):
    """A saved query's page (and the list of them) went from its h1 to an h3 for each query's form."""
    skipped = {}
    for page in sorted(site.rglob("*.html")):
        levels = [0] + parse(page).headings
        if jumps := [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]:
            skipped[page.relative_to(site).as_posix()] = jumps[0]
    assert skipped == {}


def test_a_reader_can_reach_people_figures_and_reports_from_the_home_page(site):
    seen, todo = set(), [site.resolve() / "index.html"]  # (site: a link to the folder)
    while todo:
        page = todo.pop()
        if page in seen or page.suffix != ".html" or not page.is_file():
            continue
        seen.add(page)
        for link in parse(page).links:
            parts = urlsplit(link)
            if not parts.scheme and parts.path.endswith(".html"):
                todo.append((page.parent / unquote(parts.path)).resolve())
    names = {p.relative_to(site.resolve()).as_posix() for p in seen}
    for expected in ("id/shabana-mahmood.html", "id/r000.html", "id/r000-fig-returned-281-mahmood.html",
                     "id/ind-net-inflow.html", "dataset.html", "ontology.html", "queries/who-said-what.html",
                     "said/shabana-mahmood-2.html"):
        assert expected in names


def test_the_bare_folders_browse_and_id_have_an_index_page_a_static_host_serves(site):
    """browse/ and id/ had no index.html: a static host answered a reader who cut a shared link back to its folder
    with its own 404. Each now holds the index of the lists (each kind of thing, with how many, linked to its
    list), as browse.html does, its links resolving from where it is; files 0644 as every other."""
    import stat

    for page, prefix in (("browse.html", "browse/"), ("browse/index.html", "../browse/"), ("id/index.html", "../browse/")):
        path = site / page
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, page
        html = path.read_text(encoding="utf-8")
        assert "<h1>Browse everything</h1>" in html, page
        for kind in ("people", "reports", "figures", "checks"):
            assert f'<a href="{prefix}{kind}.html">' in html, (page, kind)
            assert (path.parent / f"{prefix}{kind}.html").is_file()


def test_each_csv_of_the_static_site_is_saved_under_a_name_of_its_own_as_kg_serve_names_it(site):
    """A static host sends no Content-Disposition, and the links said only `download`: every person's posts were
    saved as posts.csv, every query's answer as results.csv. Each link names its file as kg serve's header does."""
    saved = {}
    for page in site.rglob("*.html"):
        for link, name in re.findall(r'<a href="([^"]+\.csv)" download="([^"]*)"', page.read_text(encoding="utf-8")):
            saved.setdefault(name, set()).add((page.parent / link).resolve())
    assert saved and not [name for name, files in saved.items() if len(files) > 1 or not name.endswith(".csv")]
    assert {"chris-philp-posts.csv", "people.csv", "checks.csv", "who-said-what-results.csv"} <= set(saved)


def test_the_ontology_page_names_its_turtle_json_ld_and_n_triples(site):
    """pyLODE's page, the ontology's and its version's, named none of ontology.ttl, .jsonld or .nt (in its head, as
    every other page names its own, or in its text): a researcher found the Turtle only by guessing its name."""
    for page, stem in (("ontology.html", "ontology"), ("ontology/0.1.0.html", "../ontology/0.1.0")):
        html = (site / page).read_text(encoding="utf-8")
        for extension, (media, _, _) in RDF_FORMATS.items():
            assert f'<link rel="alternate" type="{media}" href="{stem}.{extension}">' in html, (page, extension)
            assert f'<a href="{stem}.{extension}" type="{media}">' in html, (page, extension)
            assert (site / page).parent.joinpath(f"{stem}.{extension}").resolve().is_file()


def test_pages_dumps_and_descriptions(site):
    figure = (site / "id" / "r000-fig-returned-281-mahmood.html").read_text()
    assert "Home Secretary Shabana Mahmood confirmed 281 small boat migrants" in figure
    assert 'href="shabana-mahmood.html"' in figure or 'href="../id/shabana-mahmood.html"' in figure
    described = Graph().parse(site / "id" / "chris-philp.ttl", format="turtle")
    assert (URIRef("https://w3id.org/oioo/id/chris-philp"), RDF.type, None) in described
    Graph().parse(site / "id" / "chris-philp.jsonld", format="json-ld")
    Graph().parse(site / "id" / "chris-philp.nt", format="nt")
    for name in ("oioo-full.ttl", "oioo-full.nt", "oioo-full.jsonld", "oioo-base.nt"):
        assert gzip.decompress((site / "dumps" / f"{name}.gz").read_bytes()) == (site / "dumps" / name).read_bytes()
    void = Graph().parse(site / ".well-known" / "void", format="turtle")
    dataset = URIRef("https://w3id.org/oioo/dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void and (dataset, RDF.type, DCAT.Dataset) in void
    full = URIRef("https://w3id.org/oioo/dataset#oioo-full")
    triples = int(void.value(full, VOID.triples))
    assert (site / "dumps" / "oioo-full.nt").read_bytes().count(b"\n") == triples
    for distribution in void.subjects(RDF.type, DCAT.Distribution):
        url = str(void.value(distribution, DCAT.downloadURL))
        assert url.startswith("https://w3id.org/oioo/dumps/")
        local = site / "dumps" / url.rsplit("/", 1)[1]
        assert local.stat().st_size == int(void.value(distribution, DCAT.byteSize))
    ontology = (site / "ontology.html").read_text()
    assert 'id="Figure"' in ontology
    assert (site / "ontology.ttl").is_file() and (site / "dataset.html").is_file()


def test_the_published_dataset_description_reads_alike_in_oxigraph_and_rdflib(site):
    """The published VoID and DCAT (dataset.ttl, .well-known/void) gave each dump's dcat:byteSize as an
    xsd:nonNegativeInteger, which Oxigraph answers as an xsd:integer and rdflib as written: every literal of
    it is now answered as the file writes it, by both."""
    for path in ("dataset.ttl", ".well-known/void"):
        assert answered_apart((site / path).read_bytes()) == [], path


def test_the_static_site_answers_the_ontologys_version_iri_as_it_does_the_ontology(site):
    """owl:versionIRI <https://w3id.org/oioo/ontology/0.1.0> had no file: a link to it (ontology/0.1.0.html
    from a static page) went nowhere. Its page and its RDF are the ontology's own, but that its page names its own files."""
    for extension in ("html", "ttl", "jsonld", "nt"):
        expected = (site / f"ontology.{extension}").read_bytes()
        if extension == "html":
            expected = expected.replace(b'href="ontology.', b'href="../ontology/0.1.0.')
        assert (site / "ontology" / f"0.1.0.{extension}").read_bytes() == expected


def test_publish_never_replaces_a_directory_it_did_not_make(tmp_path, tmp_path_factory, kg):
    project = built_project(tmp_path_factory)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = kg("publish", "--out", str(precious), "-q", project=project)
    assert result.exit_code == 2 and "was not made by kg publish" in result.output
    assert (precious / "notes.txt").read_text() == "keep me"


def test_the_404_page_links_from_the_sites_own_path_so_it_works_at_any_depth(site, project, tmp_path):
    """A host serves 404.html for a missing path at any depth (/id/missing/deeper): its links were
    relative to the site's root and broke there (found by a hostile read). They now start from the
    path of --base-url, where the site is served (the site at the root: the shared entities alone)."""
    from click.testing import CliRunner

    from kg import engines
    from kg.cli import main

    links = [link for link in parse(site / "404.html").links if not urlsplit(link).scheme and link != "#main"]
    assert links and all(link.startswith(SITE_PATH) for link in links), links
    bare = project_of(tmp_path / "bare", project, ("shared.ttl",))
    engines.build(bare)
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["--project", str(bare.root), "publish", "--out", str(out), "-q",
                                       "--base-url", "https://example.org/"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    links = [link for link in parse(out / "404.html").links if not urlsplit(link).scheme and link != "#main"]
    assert links and all(link.startswith("/") and not link.startswith(("/oioo/", "//")) for link in links), links
    assert "/index.html" in links


def test_a_release_published_twice_gives_the_same_files(site, tmp_path_factory, kg):
    """Two `kg publish` of the same release differed in 649 of 2,645 files: the store's loader gave blank
    nodes new random labels (descriptions, and the order of a page's evidence, changed with them), pyLODE's
    JSON-LD came in another order, and so did the names of a search record. Pagefind's own index files
    (pagefind/) still differ from run to run on the same records: that is Pagefind's, left alone."""
    out = tmp_path_factory.mktemp("again") / "site"
    result = kg("publish", "--out", str(out), "-q", project=built_project(tmp_path_factory))
    assert result.exit_code == 0, result.output

    def files(root):
        return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*")
                if path.is_file() and path.relative_to(root).parts[0] != "pagefind"}

    first, again = files(site), files(out)
    assert sorted(first) == sorted(again)
    assert [name for name in sorted(first) if first[name] != again[name]] == []


def test_each_process_writes_the_pages_it_renders_a_chunk_at_a_time_and_says_how_far_it_is(project, store, tmp_path,
                                                                                         monkeypatch):
    """At a million triples each forked process rendered an eighth of the 236,742 resources and held
    them all (1.5 GB each) before the first file was written, saying nothing for an hour. Each chunk of
    CHUNK resources is now written by the process that renders it, the same bytes, with progress."""
    from kg.web import publish
    from kg.web.pages import Site

    monkeypatch.setattr(publish, "CHUNK", 5)
    monkeypatch.setattr(publish, "PROGRESS_SECONDS", -1)
    site = Site(project, store, static=True, endpoint=None)
    chosen = site.resources[:23]
    site.cache["resources"] = chosen
    said = []
    written = list(publish._write_pages(site, tmp_path, said.append, []))
    assert len(written) == 5 and sum(pages for _, pages in written) == 23
    expected = dict(publish._render_resources(chosen))
    on_disk = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert on_disk == expected and sum(files for files, _ in written) == len(expected)
    done = [int(m.split()[1]) for m in said]  # after each chunk but the last, in the order they end
    assert len(done) == 4 and all(m.endswith(" of 23 resources") for m in said)
    assert sorted(b - a for a, b in zip([0, *done], [*done, 23])) == [3, 5, 5, 5, 5]  # each chunk once


@pytest.fixture(scope="module")
def small_built(tmp_path_factory, project):
    """Report 000 and the shared entities, built: published in a few seconds."""
    from kg import engines

    small = project_of(tmp_path_factory.mktemp("small"), project, ("shared.ttl", "report-000.ttl"))
    engines.build(small)
    return small


def leftovers(out: Path) -> list:
    """What kg publish left beside `out` but the site `out` links to."""
    return sorted(p.name for p in out.parent.iterdir() if p != out and p.resolve() != out.resolve())


@pytest.mark.parametrize("signal_name", ["SIGTERM to kg", "SIGINT to its process group"])
def test_an_interrupted_publish_says_so_in_one_line_and_leaves_nothing_behind(small_built, tmp_path, signal_name):
    """Interrupted while its workers wrote pages, kg publish printed the workers' tracebacks (BrokenPipeError,
    KeyboardInterrupt) and left its staging folder (14-21 MB) beside the site, never removed."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "site"
    command = [sys.executable, "-m", "kg", "--project", str(small_built.root), "publish", "-o", str(out), "-q"]
    # A command started in the background of a script inherits Ctrl-C ignored, and keeps it so, as it should:
    # the run under test gets it at its default, as from a terminal, whatever started the test session.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not any(tmp_path.glob(".site.*/id/*.html")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # until the pages are being written
    assert process.poll() is None, process.communicate()
    if signal_name.startswith("SIGTERM"):
        process.send_signal(signal.SIGTERM)
    else:
        os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and stderr == "kg: interrupted\n", stderr
    assert list(tmp_path.iterdir()) == []


def test_the_dumps_are_the_releases_files_copied_not_read_whole_into_memory(small_built, tmp_path, kg, monkeypatch):
    """kg publish read each dump whole to write its copy (the full graph's N-Triples: 318 MB at a million
    triples, added to its peak of memory); the system copies them now, byte for byte."""
    read, reading = [], Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or reading(path))
    out = tmp_path / "site"
    assert kg("publish", "-o", str(out), "-q", project=small_built).exit_code == 0
    monkeypatch.undo()
    release = small_built.dist_dir / "current"
    dumps = sorted(json.loads((release / "manifest.json").read_text())["files"])
    assert dumps and not set(dumps) & set(read), sorted(set(dumps) & set(read))
    for name in dumps:
        assert (out / "dumps" / name).read_bytes() == (release / name).read_bytes(), name


def test_a_publish_removes_what_killed_runs_left_and_switches_sites_in_one_step(small_built, tmp_path, kg,
                                                                               monkeypatch):
    """A killed kg publish's folders stayed for ever; and the site was renamed away before the new one was
    renamed in, so an interrupt between them left no site at all. The site at --out is a link now, replaced
    in one rename: interrupted right at the switch, the old site is there, whole."""
    import os

    out = tmp_path / "site"
    assert kg("publish", "-o", str(out), "-q", project=small_built).exit_code == 0
    first = (out / ".kg-publish.json").read_bytes()  # (the base URL it was published for)
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)  # a process id no process has
    killed = tmp_path / f".site.publish-{dead}-abcd1234"
    (killed / "id").mkdir(parents=True)
    real_replace = os.replace

    def interrupted_onto_the_site(source, target):
        if Path(target) == out:
            raise KeyboardInterrupt
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted_onto_the_site)
    monkeypatch.setattr(Path, "rename", interrupted_onto_the_site)
    result = kg("publish", "-o", str(out), "-q", "--base-url", "https://example.org/", project=small_built)
    monkeypatch.undo()
    assert result.exit_code == 130
    assert (out / ".kg-publish.json").read_bytes() == first and (out / "index.html").is_file()
    assert not killed.exists()
    assert kg("publish", "-o", str(out), "-q", "--base-url", "https://example.org/", project=small_built).exit_code == 0
    assert (out / ".kg-publish.json").read_bytes() != first and leftovers(out) == []
    # Interrupted once the new site is in place, while the old is removed, it is published and says so: it
    # said "kg: interrupted" (exit 130) of a site already live (a hostile read found it).
    old, real_rmtree = out.resolve(), shutil.rmtree
    monkeypatch.setattr(shutil, "rmtree", lambda path, *a, **k: _raise(KeyboardInterrupt) if Path(path) == old
                        else real_rmtree(path, *a, **k))
    result = kg("publish", "-o", str(out), "-q", project=small_built)
    monkeypatch.undo()
    assert result.exit_code == 0 and "interrupted" not in result.output, result.output
    assert out.resolve() != old and (out / "index.html").is_file() and leftovers(out) == [old.name]


def _raise(error):
    raise error


def a_site_published_as_a_folder(out: Path) -> None:
    """A site as kg publish wrote it before sites were links: a folder at --out itself."""
    out.mkdir()
    (out / ".kg-publish.json").write_text('{"generator": "kg publish"}\n', encoding="utf-8")
    (out / "index.html").write_text("<p>the site before</p>\n", encoding="utf-8")


def watched(monkeypatch, out: Path) -> list:
    """After every rename, link, exchange or removal a publish makes: whether the site at `out` had its
    index.html (a list of booleans, one each)."""
    import os
    import shutil

    from kg.web import publish

    seen = []

    def watching(module, name):
        real = getattr(module, name)

        def step(*args, **kwargs):
            try:
                return real(*args, **kwargs)
            finally:
                seen.append((out / "index.html").is_file())
        monkeypatch.setattr(module, name, step)

    for module, name in ((os, "symlink"), (os, "replace"), (Path, "rename"), (shutil, "rmtree"),
                         (publish, "exchange")):
        watching(module, name)
    return seen


def test_a_site_that_is_a_folder_is_exchanged_with_the_link_in_one_step_and_never_missing(small_built, tmp_path, kg,
                                                                                          monkeypatch):
    """A site published before sites were links (a folder at --out) was renamed away, and only then was the
    link to the new site made: between the two there was no site. On Linux the two are exchanged in one
    step (renameat2, RENAME_EXCHANGE), and the old site removed: a reader polling a page never misses it."""
    import os
    import stat
    import threading

    from kg.core import dist

    out = tmp_path / "site"
    a_site_published_as_a_folder(out)
    exchanged = []
    real_exchange = dist.exchange
    monkeypatch.setattr("kg.web.publish.exchange", lambda *names: exchanged.append(real_exchange(*names)) or exchanged[-1])
    seen = watched(monkeypatch, out)
    misses, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                (out / "index.html").read_bytes()
            except OSError as error:
                misses.append(error)

    polling = threading.Thread(target=reader)
    polling.start()
    try:
        result = kg("publish", "-o", str(out), "-q", project=small_built)
    finally:
        stop.set()
        polling.join()
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert exchanged == [True] and all(seen) and misses == []
    assert out.is_symlink() and "the site before" not in (out / "index.html").read_text(encoding="utf-8")
    assert leftovers(out) == []
    site = Path(os.path.realpath(out))
    modes = {stat.S_IMODE(path.lstat().st_mode) for path in [site, *site.rglob("*")] if not path.is_symlink()}
    assert modes == {0o644, 0o755}, modes


def test_where_names_cannot_be_exchanged_a_site_that_is_a_folder_is_moved_aside_then_linked(small_built, tmp_path, kg,
                                                                                            monkeypatch):
    """The fallback (not Linux, or a file system without RENAME_EXCHANGE): the old site is renamed away, the
    link made, the old site removed; and a link a killed run made for its exchange is removed by the next."""
    import os

    out = tmp_path / "site"
    a_site_published_as_a_folder(out)
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)  # a process id no process has
    left = tmp_path / f".site.publish-{dead}-abcd1234-old"
    os.symlink(f".site.publish-{dead}-abcd1234", left)  # killed between making its link and the exchange
    monkeypatch.setattr("kg.web.publish.exchange", lambda *names: False)
    seen = watched(monkeypatch, out)
    result = kg("publish", "-o", str(out), "-q", project=small_built)
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    gaps = sum(1 for was, now in zip([True, *seen], seen) if was and not now)
    assert gaps == 1 and seen[-1]  # the one moment the fallback has no site, from the rename to the link
    assert out.is_symlink() and (out / "index.html").is_file() and leftovers(out) == []
    assert not left.is_symlink()


def test_json_ld_read_from_rdflib_unwritten_is_the_document_it_wrote_even_with_a_lone_surrogate():
    """kg.core.serialize takes rdflib's JSON-LD document as made (not written by Python's encoder and read back,
    a third of the time of a resource's .jsonld); rdflib writes a lone surrogate as "?", which the document
    as made cannot be encoded with: it is written as rdflib wrote it. Every literal keeps its datatype (b53c730:
    rdflib's native numbers lost values and read back as other terms)."""
    from rdflib import Literal

    from kg.core.serialize import serialize

    graph = Graph()
    graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x\ud800y")))
    graph.add((URIRef("urn:a"), URIRef("urn:q"), Literal("1.5e0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#double"))))
    document = json.loads(serialize(graph, "json-ld"))
    assert document["urn:p"] == "x?y" and document["urn:q"] == {"@type": "xsd:double", "@value": "1.5e0"}, document


def test_each_description_is_written_as_alone_though_descriptions_share_their_prefixes(project):
    """kg publish's descriptions share one namespace manager (rdflib works out a prefixed name once, not once a
    description). Writing one whose property has no prefix binds one (ns1): the next description, whose own
    unprefixed namespace would be ns1 alone, must not be given ns2."""
    import pyoxigraph as ox

    from kg.core.namespaces import OI
    from kg.web.pages import Site

    store = ox.Store()
    for name, prop in (("a", "http://example.org/x#p"), ("b", "http://example.org/y#q")):
        store.add(ox.Quad(ox.NamedNode(OI[name]), ox.NamedNode(prop), ox.Literal(name)))
    shared, alone = Site(project, store, static=True, remember=100), Site(project, store, static=True)
    for name in ("a", "b"):
        written = shared.rdf(shared.describe(OI[name]), "ttl")
        assert written == alone.rdf(alone.describe(OI[name]), "ttl") and b"ns1:" in written


def test_kg_publish_that_builds_first_stamps_each_line_of_the_build_once(project_copy, tmp_path, monkeypatch):
    """With no dist/, kg publish builds first, and each of the build's lines came stamped twice, "[  0.22s] [  0.05s]
    parsed 7 data files ..." (found by the docs walk): publish stamped what the build had stamped. kg serve and
    kg push did not."""
    import re

    import kg.web.publish as publish_module

    class Built(Exception):
        pass

    def stop(*args, **kwargs):
        raise Built

    monkeypatch.setattr(publish_module, "snapshot", stop)  # what publish does after the build: not needed here
    said = []
    with pytest.raises(Built):
        publish_module.publish(project_copy, tmp_path / "site", progress=said.append)
    assert any("parsed" in line for line in said), said
    twice = [line for line in said if re.match(r"\[\s*[\d.]+s\] \[\s*[\d.]+s\]", line)]
    assert twice == [], twice


def test_the_ontologys_documentation_says_its_language(project):
    """pyLODE writes <html> with no lang: a screen reader read the page in its own language (axe-core:
    html-has-lang, serious; found by a hostile read of the desk)."""
    import re

    from kg.web.dataset import ontology_html

    html, generator = ontology_html(project)
    if not generator:
        pytest.skip("pyLODE is not installed: the ontology page is kg's own")
    assert re.search(r"<html[^>]*\blang=\"en\"", html), html[:300]


def test_publish_says_when_the_checks_go_out_with_no_publication_date(tmp_path, capsys):
    """Regression (a hostile read): with site.yaml's reviews_published empty, kg publish wrote every check page
    with no datePublished and said nothing; the pages say so, but a publisher reads the command's words."""
    from types import SimpleNamespace

    from kg.cli import _note_undated_reviews

    (tmp_path / "site.yaml").write_text("reviews_published:\n", encoding="utf-8")
    _note_undated_reviews(SimpleNamespace(root=tmp_path))
    assert "no publication date" in capsys.readouterr().err
    (tmp_path / "site.yaml").write_text("reviews_published: 2026-03-01\n", encoding="utf-8")
    _note_undated_reviews(SimpleNamespace(root=tmp_path))
    assert capsys.readouterr().err == ""
