"""`kg publish --out DIR`: the pages, dumps and documentation of `kg serve` as a static site.

Any static host can serve DIR: every resource has id/NAME.html (and .ttl, .jsonld, .nt), the
ontology is ontology.html (pyLODE) and ontology.ttl (also at its version IRI, ontology/0.1.0.html, .ttl ...),
the dataset's VoID and DCAT are dataset.ttl (also .well-known/void) and dataset.html, the dumps are under
dumps/ (gzipped too). Links are relative, so the site works from any path. The site is written to a folder of its own beside DIR, .DIR.publish-PID-...,
and DIR is a symbolic link to it, replaced in one rename: a reader finds the old site or the new one, whole,
at every instant (a DIR that is a folder, written before sites were links, is exchanged with the link in one
step on Linux). An existing DIR is replaced only if an earlier `kg publish` made it; the folders of runs
that were killed are removed by the next.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.core.background import interruptibly
from kg.core.dist import exchange, remove_abandoned, replace_link
from kg.core.errors import KGError
from kg.core.children import quiet_worker, terminated_as_interrupted
from kg.query.store import current_release, fill, snapshot, unwritable
from kg.core.namespaces import BASE
from kg.core.serialize import make_folders, make_readable
from kg.sources.project import resolved
from kg.web.dataset import describe, dumps_in, facts, ontology_html, summary
from kg.web.pages import (DATASET_PATH, ONTOLOGY_PATH, RDF_FORMATS, STATIC, YASGUI, Site, iri_of, path_of,
                          release_charts, tables_in)
from kg.web.search import FOLDER, write_index
from kg.web.workers import cpu_count

MARKER = ".kg-publish.json"
CHUNK = 200  # resources a process renders and writes at a time
LISTS = 4  # browse pages, pages of what people said or saved queries' pages a process renders at a time
REMEMBERED = 20_000  # nodes (and links, figures, sides) each process keeps once read (Site's `remember`)
PROGRESS_SECONDS = 30  # how often kg publish says how far the pages are
BESIDE = ("kg publish writes the site to a folder beside DIR and replaces DIR with a link to it: give a DIR in a folder "
          "kg can write, and point the web server at it")


def publish(project, out: Path, base_url: str = BASE, endpoint: str | None = None,
            progress=lambda message: None) -> dict:
    """Write the static site to `out`; returns counts of what was written."""
    started = time.perf_counter()
    step = lambda message: progress(f"[{time.perf_counter() - started:6.2f}s] {message}")  # noqa: E731
    out = Path(os.path.abspath(out))
    out = resolved(out.parent) / out.name  # (not `out` resolved: it is a link to the site)
    _check_target(out)
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    with terminated_as_interrupted():  # (what is being written is removed on the way out)
        manifest = current_release(project, progress)  # (its build stamps its own lines with its time)
        release = snapshot(project, manifest, with_store=False, progress=step)  # what is published cannot change under it, and its gzips are its own
        had_site = out.exists()
        try:
            return _publish(project, release, manifest, out, base_url, endpoint, step)
        except OSError as error:  # (a full disk, a folder that cannot be written: named, and what is left said)
            written = error.filename is None or Path(os.path.abspath(error.filename)).is_relative_to(out.parent)
            if not (unwritable(error) and written):
                raise
            raise KGError(f"cannot write the site to {out}: {error.strerror}; "
                          f"{'the site there is as it was' if had_site else 'nothing was written'}") from None
        finally:
            shutil.rmtree(release, ignore_errors=True)


def _publish(project, release: Path, manifest: dict, out: Path, base_url: str, endpoint: str | None, step) -> dict:
    store = ox.Store()
    fill(store, {**manifest, "folder": release})  # (the snapshot: hard links to the release)
    site = Site(project, store, static=True, endpoint=endpoint, charts=release_charts(project, manifest),
                remember=REMEMBERED, base_url=base_url)  # (the snapshot does not change)
    dumps = dumps_in(release, manifest)
    for dump in dumps.values():
        dump.ready()  # the gzipped copies, with their sizes and SHA-256 for the description
    found = interruptibly(lambda: facts(store))  # (counts over the whole store: seconds each in Oxigraph at 1 M)
    description = describe(found, dumps, base_url, endpoint, api=False)
    overview = summary(found, dumps, base_url, endpoint, api=False)
    make_folders(out.parent)
    remove_abandoned(out.parent, _staging_prefix(out), keep=Path(os.path.realpath(out)) if out.is_symlink() else None)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(out)}{os.getpid()}-", dir=out.parent))
    except OSError as error:  # (it named the folder it could not make, .foo.publish-PID-..., not why)
        raise KGError(f"cannot write the site to {out}: {out.parent} cannot be written "
                      f"({error.strerror or error}); {BESIDE}") from None
    _FOLDERS.clear()  # (those of an earlier site)
    counts = {"pages": 0, "files": 0}

    def write(relative: str, data) -> None:
        _write(staging, relative, data)
        counts["files"] += 1
        counts["pages"] += relative.endswith(".html")

    try:
        lists = _lists(site)
        answers = sum(path.count("/") == 3 for path in lists)  # queries/NAME/PARAMETER/VALUE
        step(f"pages for {len(site.resources)} resources, browse pages, pages of what people said, saved queries "
             f"and {answers} of their answers")
        for files, pages in _write_pages(site, staging, step, lists):
            counts["files"] += files
            counts["pages"] += pages
        step("home, search, dataset, ontology")
        write("index.html", site.home(overview))
        for relative, data in _tables("index", site.page_model("")[1], site):
            write(relative, data)
        # The index of the lists, also where a static host looks for a bare folder's page: browse/ and id/ (the
        # server answers /browse with it, and redirects /id to it)
        write("browse.html", site.browse_index_page())
        write("browse/index.html", site.browse_index_page("browse/index"))
        if not site.exists(iri_of("id/index")):  # (a resource named index has its page there)
            write("id/index.html", site.browse_index_page("id/index"))
        write("queries.html", site.queries_page())
        write("search.html", site.search_page())
        step("search index (Pagefind)")
        records = write_index(site, staging / FOLDER)
        counts["files"] += sum(len(files) for _, _, files in os.walk(staging / FOLDER))
        step(f"search index: {records} records")
        write(f"{DATASET_PATH}.html", site.dataset_page(overview))
        for extension in RDF_FORMATS:
            write(f"{DATASET_PATH}.{extension}", site.rdf(description, extension))
        write(".well-known/void", site.rdf(description, "ttl"))
        html, generator = ontology_html(project)
        write(f"{ONTOLOGY_PATH}.html", site.ontology_page(html))
        ontology = site.ontology_graph()
        for extension in RDF_FORMATS:
            write(f"{ONTOLOGY_PATH}.{extension}", site.rdf(ontology, extension))
        for version in sorted(site.ontology_versions()):  # its owl:versionIRI resolves too: ontology/0.1.0
            write(f"{version}.html", site.ontology_page(html, version))
            for extension in RDF_FORMATS:
                write(f"{version}.{extension}", site.rdf(ontology, extension))
        step(f"dumps ({len(dumps)} files)")
        for name, dump in dumps.items():
            write(f"dumps/{name}", dump.ready())
        for asset in ("style.css", "editor.js", "desk.js"):
            write(f"static/{asset}", (STATIC / asset).read_bytes())
        if endpoint and (YASGUI / "yasgui.min.js").is_file():
            for asset in sorted(YASGUI.iterdir()):
                if asset.is_file():
                    write(f"static/yasgui/{asset.name}", asset.read_bytes())
        # A host serves 404.html for a missing path at any depth: its links start from the site's own path
        # (--base-url's), not from where the page happens to be shown.
        write("404.html", site.error_page(404, "Nothing here. Resource pages are at id/NAME.html.",
                                          root=urlsplit(base_url).path or "/", suggest=True))
        # GitHub Pages runs Jekyll on a site without this file, and Jekyll leaves out every path starting with a dot:
        # .well-known/void, where crawlers look for the VoID, was not published there
        write(".nojekyll", "")
        write(MARKER, json.dumps({"generator": "kg publish", "base_url": base_url, "endpoint": endpoint,
                                  "ontology_docs": generator or "kg (pyLODE unavailable)",
                                  "files": counts["files"] + 1}, indent=2) + "\n")
        make_readable(staging)  # the site is for a web server, whatever the umask
        _switch(staging, out)
    except BaseException as error:
        if Path(os.path.realpath(out)) != staging:  # (not the site already)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if not isinstance(error, KeyboardInterrupt):
            raise
        # Interrupted once the new site is the one at `out`, while the old was removed: it is published, and
        # says so (it said "interrupted", exit 130); what is left of the old site, the next kg publish removes.
    step(f"wrote {counts['pages']} pages, {counts['files']} files to {out}")
    return counts


_SITE: list = []  # the Site, for forked page writers


def _tables(path: str, context: dict, site: Site) -> list:
    """The CSV download of each table of a page: (relative path, bytes)."""
    return [(f"{path}/{table.id}.csv", site.desk.csv(table)) for table in tables_in(context)]


_FOLDERS: set = set()  # the folders of the site this process made (or found): each made once, not for each file


def _write(staging: Path, relative: str, data) -> None:
    """`data`, text or bytes, or the file at a Path, copied by the system (a dump: 318 MB at a million
    triples, which read whole added as much to kg publish's memory)."""
    path = os.path.join(staging, relative)
    folder = os.path.dirname(path)
    if folder not in _FOLDERS:
        os.makedirs(folder, exist_ok=True)
        _FOLDERS.add(folder)
    if isinstance(data, Path):
        shutil.copyfile(data, path)
        return
    with open(path, "wb") as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)


def _render_lists(paths: list):
    """Each browse page, page of what a person said (said/NAME-N), saved query's page ('queries/NAME', its
    default answer) and answer of a saved query for one value ('queries/NAME/PARAMETER/VALUE',
    Site.static_answers), with its tables' CSV: (relative path, bytes)."""
    site = _SITE[0]
    for path in paths:
        kind, _, name = path.partition("/")
        if kind == "queries" and "/" in name:
            html, model = site.answer_page(path)
            yield f"{path}.html", html.encode("utf-8")
            yield from _tables(path, model, site)
            continue
        model = site.page_model(path)[1]
        if kind == "queries":  # (its rows made into a table once, for the page and its CSV)
            html = site.query_page(name, {}, model["table"], model["error"])
        else:
            html = site.browse_page(name) if kind == "browse" else site.said_page(name)
        yield f"{path}.html", html.encode("utf-8")
        yield from _tables(path, model, site)


def _render_resources(iris: list):
    """Each resource's page, its tables' CSV, its chart (an indicator's) and its description in every RDF
    syntax: (relative path, bytes), one resource at a time."""
    site = _SITE[0]
    for iri in iris:
        path = path_of(iri)
        yield f"{path}.html", site.page(iri).encode("utf-8")
        model = site.page_model(path)[1]
        yield from _tables(path, model, site)
        if model.get("chart"):
            yield f"{path}/chart.svg", site.chart(iri)
        described = site.describe(iri)
        yield from ((f"{path}.{extension}", site.rdf(described, extension)) for extension in RDF_FORMATS)


def _write_chunk(job: tuple) -> tuple[int, int, int]:
    """Write the files of a job of _write_pages into the staging folder: (files, pages, resources) written."""
    staging, kind, names = job
    files = pages = 0
    for relative, data in (_render_resources if kind == "resources" else _render_lists)(names):
        _write(staging, relative, data)
        files, pages = files + 1, pages + relative.endswith(".html")
    return files, pages, len(names) if kind == "resources" else 0


def _lists(site: Site) -> list:
    """The paths of the saved queries' pages (first: one takes seconds at scale) and of their answers for each
    value (Site.static_answers), the browse pages and the pages of what people said."""
    answers = [link["path"] for entries in site.static_answers().values() for entry in entries for link in entry["links"]]
    return ([f"queries/{name}" for name in site.queries] + answers + [f"browse/{name}" for name in site.desk.browse_pages()]
            + [f"said/{name}" for name in site.desk.said_pages()])


def _write_pages(site: Site, staging: Path, step, lists: list):
    """Write the pages `lists` names (_render_lists), LISTS at a time, then the resources' files, CHUNK
    resources at a time, by one forked process per core when this process may fork safely (it runs no
    other threads), else here; yields (files, pages) of each job. Each process writes what it renders:
    nothing is held or sent between processes (a process rendered an eighth of all resources before: at a
    million triples, 30,000 resources and 1.5 GB in each before its first file was written)."""
    _SITE[:] = [site]
    iris = list(site.resources)
    jobs = ([(str(staging), "lists", lists[i:i + LISTS]) for i in range(0, len(lists), LISTS)]
            + [(str(staging), "resources", iris[i:i + CHUNK]) for i in range(0, len(iris), CHUNK)])
    processes = min(cpu_count(), 4)
    if processes < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from _counted(map(_write_chunk, jobs), len(iris), step)
        return
    with multiprocessing.get_context("fork").Pool(processes, quiet_worker, (os.getpid(),)) as pool:
        yield from _counted(pool.imap_unordered(_write_chunk, jobs), len(iris), step)


def _counted(written, total: int, step):
    """(files, pages) of each chunk written; how many resources are done, every PROGRESS_SECONDS."""
    done, said = 0, time.monotonic()
    for files, pages, resources in written:
        done += resources
        if done < total and time.monotonic() - said > PROGRESS_SECONDS:
            step(f"pages: {done:,} of {total:,} resources")
            said = time.monotonic()
        yield files, pages


def _check_target(out: Path) -> None:
    """Refuse to replace a directory that `kg publish` did not make (it might hold anything), or a mount point (it
    cannot be replaced: the link's exchange with it failed, naming a hidden folder and a bare errno)."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise KGError(f"{out} exists and was not made by kg publish; give an empty or new directory")
    if _mount_point(out):
        raise KGError(f"cannot write the site to {out}: it is a mount point; {BESIDE}")


def _mount_point(path: Path) -> bool:
    """Whether `path` is a mount point: os.path.ismount misses a folder bind-mounted from the same file system (a
    container's volume), which /proc/self/mountinfo lists (its 5th field, with octal escapes: \\040 a space)."""
    if os.path.ismount(path):
        return True
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return False
    points = {re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
              for fields in map(str.split, lines) if len(fields) > 4}
    return str(path) in points


def _staging_prefix(out: Path) -> str:
    """The name a site's folder beside `out` starts with (then the writing process's id)."""
    return f".{out.name}.publish-"


def _switch(staging: Path, out: Path) -> None:
    """Make the finished site in `staging` the one at `out`: a link to it, replaced in one rename (a site
    renamed away, then the new one renamed in, left no site at `out` between); then remove the site before
    if it was one of these folders.

    A site an earlier kg publish wrote at `out` itself, a folder (before sites were links), is exchanged
    with the link in one step where the system can (Linux: renameat2, RENAME_EXCHANGE), then removed.
    Elsewhere it is moved aside first, and for that moment, once, there is no site at `out`."""
    before = Path(os.path.realpath(out)) if out.is_symlink() else None
    if out.is_dir() and not out.is_symlink():
        before = staging.with_name(f"{staging.name}-old")  # (if killed before it is removed, the next kg publish does)
        os.symlink(staging.name, before)  # the new site's link, made beside the old site
        try:
            exchanged = exchange(before, out)  # then `out` is the link, `before` the old site
        except BaseException:
            if before.is_symlink():
                before.unlink()
            raise
        if exchanged:
            shutil.rmtree(before, ignore_errors=True)
            return
        before.unlink()
        out.rename(before)
    replace_link(out, staging.name)
    if before is not None and before.parent == out.parent and before.name.startswith(_staging_prefix(out)):
        shutil.rmtree(before, ignore_errors=True)
