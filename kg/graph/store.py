"""The built graph as queries see it: the release in dist/, held in an Oxigraph store.

Everything goes into the store's default graph: the asserted and inferred triples (dist/oioo-full.nt)
and the analysis (dist/checks.ttl, dist/discrepancies.ttl). Commands open the store kept on disk in
dist/oxigraph/ (made from the release the first time it is needed, and made again when the release
changes); a server may hold it in memory instead. When dist/ does not hold a release of the current
sources, the sources are loaded and reasoned in memory, so an answer never comes from stale data.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.dist import MANIFEST, locked, read_manifest, release_folder, remove_abandoned, verified
from kg.errors import KGError
from kg.graph.project import Project, source_digests
from kg.graph.terms import ox_term, parse_term, rdflib_term

STORE_DIR = "oxigraph"
RELEASE_GRAPH = "oioo-full.nt"
ANALYSIS_FILES = ("checks.ttl", "discrepancies.ttl")
STAMP = "release.json"  # in the store's folder: the SHA-256 of the release files it was made from
SNAPSHOT_PREFIX = ".serving-"  # + the process's id: a snapshot of the release in dist/ (`snapshot`)
PRIVATE_PREFIX = "kg-serving-"  # + the process's id: one in the system's temporary folder, when dist/ cannot take it
UNWRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC)


def current_manifest(project: Project) -> dict | None:
    """The manifest of the current release (kg.dist) when it is a release of the current sources, else
    None; its "folder" is where the release's files are (held here, so that a build switching dist/ to
    another release meanwhile cannot mix two)."""
    folder = release_folder(project.dist_dir)
    manifest = read_manifest(folder)
    if manifest is None or RELEASE_GRAPH not in manifest["files"] or manifest.get("sources") != source_digests(project):
        return None
    return {**manifest, "folder": folder}


def current_release(project: Project, progress=lambda message: None) -> dict:
    """The manifest of a release of the current sources, building (and validating) it first if dist/
    holds none: what is served, published or pushed is always the current, validated build."""
    manifest = current_manifest(project)
    if manifest is None:
        from kg.graph.build import build

        progress(f"{project.dist_dir} is missing or stale: building it first")
        build(project, progress=progress)
        manifest = current_manifest(project)
    if manifest is None:
        raise KGError(f"{project.dist_dir} could not be built")
    return manifest


def unwritable(error: OSError) -> bool:
    """Whether `error` is a folder refusing what kg writes into it: another user's (kg build writes its
    release for others to read, not to change), a read-only mount, a full disk."""
    return error.errno in UNWRITABLE


def release_key(manifest: dict) -> str:
    """What identifies the release a store is made from: the SHA-256 of the files it loads."""
    used = (RELEASE_GRAPH, *ANALYSIS_FILES)
    return json.dumps({name: (manifest["files"].get(name) or {}).get("sha256") for name in used}, sort_keys=True)


def fill(store: ox.Store, manifest: dict) -> None:
    """Load the release `manifest` describes into `store`, once its files match the manifest's SHA-256
    (kg.dist.verified: BrokenRelease otherwise)."""
    names = [RELEASE_GRAPH, *(name for name in ANALYSIS_FILES if name in manifest["files"])]
    folder = verified(manifest["folder"], manifest, names)
    # lenient: files the build wrote from parsed terms, checked against the manifest (parsed 15 % faster).
    # Parsed, then added, not bulk_load: a store's loaders give blank nodes new random labels, and pages,
    # descriptions and query answers then changed from one load of the same release to the next (two
    # `kg publish` of a release differed); parsed, they keep the release's labels, which say what the
    # node is (kg.serialize), as fast at a million triples (28 s either way). The analysis files' blank
    # nodes, written [ ... ], are given new labels, so that none can meet one of the release's.
    store.bulk_extend(ox.parse(path=str(folder / RELEASE_GRAPH), format=ox.RdfFormat.N_TRIPLES, lenient=True))
    for name in names[1:]:
        store.bulk_extend(ox.parse(path=str(folder / name), format=ox.RdfFormat.TURTLE, lenient=True,
                                   rename_blank_nodes=True))


def open_store(project: Project, in_memory: bool = False, progress=lambda message: None) -> ox.Store:
    """The store to query: from the current release (on disk, read-only, or `in_memory`), else made from
    the sources in memory. A release whose dist/ cannot take its store (another user's, readable as
    kg writes it, a read-only mount, a full disk) is read into memory: `kg query` on it failed, naming
    a folder of dist/ the user had never heard of."""
    manifest = current_manifest(project)
    if manifest is None:
        progress(f"{project.dist_dir} holds no release of the current sources: reasoning in memory")
        return store_from_sources(project)
    if not in_memory:
        try:
            return ox.Store.read_only(str(store_folder(project, manifest, progress)))
        except OSError as error:
            if not unwritable(error):
                raise
            progress(f"{project.dist_dir}: {error.strerror}: reading the release into memory")
    store = ox.Store()
    fill(store, manifest)
    return store


def snapshot(project: Project, manifest: dict, with_store: bool = True, progress=lambda message: None) -> Path:
    """A private copy of the release (and of its store, `with_store`) in a new folder of dist/: hard
    links (a copy where the file system has none), so it costs nothing and a rebuild meanwhile changes
    nothing that is served or published. A dist/ that cannot take it (another user's release, a read-only
    mount, a full disk) is read, and the copy made in the system's temporary folder (TMPDIR), the store
    with it when dist/ has none of this release; that is said. The caller removes it when done."""
    dist = project.dist_dir
    release = verified(manifest["folder"], manifest)
    try:
        store = store_folder(project, manifest, progress) if with_store else None
        remove_abandoned(dist, SNAPSHOT_PREFIX)
        folder = Path(tempfile.mkdtemp(prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-", dir=dist))
    except OSError as error:
        if not unwritable(error):
            raise
        refused = error
        folder = _private_folder(dist, refused)
        store = dist / STORE_DIR if with_store and _made(dist / STORE_DIR, manifest) else None
        progress(f"{dist} cannot be written ({refused.strerror}): working from a private copy in {folder}, "
                 f"removed on exit")
    else:
        refused = None
    try:
        for name in [*manifest["files"], MANIFEST]:
            link_or_copy(release / name, folder / name)
        if store is not None:
            (folder / STORE_DIR).mkdir()
            for part in store.iterdir():
                if part.is_file():
                    link_or_copy(part, folder / STORE_DIR / part.name)
        elif with_store:
            progress(f"loading the release into {folder / STORE_DIR}")
            make_store(folder / STORE_DIR, manifest)
    except BaseException as error:
        shutil.rmtree(folder, ignore_errors=True)
        if refused is not None and isinstance(error, OSError) and unwritable(error):
            raise KGError(_no_room(dist, refused, folder.parent, error)) from None
        raise
    return folder


def _private_folder(dist: Path, refused: OSError) -> Path:
    """A new folder of the system's temporary folder, this user's only, for what `dist` refused (those
    of processes killed before they removed theirs are removed first)."""
    temporary = Path(tempfile.gettempdir())
    remove_abandoned(temporary, PRIVATE_PREFIX)
    try:
        return Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-"))
    except OSError as error:
        if not unwritable(error):
            raise
        raise KGError(_no_room(dist, refused, temporary, error)) from None


def _no_room(dist: Path, refused: OSError, temporary: Path, error: OSError) -> str:
    return (f"{dist} cannot be written ({refused.strerror}), nor can {temporary} ({error.strerror}), where kg "
            f"would keep its own copy of the release: set TMPDIR to a folder you can write with room for it, "
            f"or build the project where you can write (kg build)")


def link_or_copy(source, target) -> None:
    """`target`, a hard link to `source`, or a copy where there can be none (another file system, another
    user's file)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def store_folder(project: Project, manifest: dict, progress=lambda message: None) -> Path:
    """dist/oxigraph/, the release loaded into an on-disk store, made again when the release changed
    (in a new folder, then swapped in, so that readers never open half a store)."""
    dist = project.dist_dir
    directory = dist / STORE_DIR
    if _made(directory, manifest):
        return directory
    with locked(dist):  # (several commands at once: one makes it, the others wait and open it)
        if _made(directory, manifest):
            return directory
        staging = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}-", dir=dist))
        progress(f"loading the release into {directory}")
        try:
            make_store(staging / "store", manifest)
            old = dist / f".{STORE_DIR}-old"
            shutil.rmtree(old, ignore_errors=True)
            if directory.exists():
                directory.rename(old)
            (staging / "store").rename(directory)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return directory


def make_store(directory: Path, manifest: dict) -> None:
    """The release `manifest` describes, loaded into a new store at `directory`, stamped with its release.
    The store is compacted: a bulk load leaves RocksDB's files as they were written, and a saved query
    with a parameter then took twice as long on it (5 s more to make it at a million triples)."""
    store = ox.Store(str(directory))
    fill(store, manifest)
    store.optimize()
    store.flush()
    del store
    (directory / STAMP).write_text(release_key(manifest), encoding="utf-8")


def _made(directory: Path, manifest: dict) -> bool:
    """Whether `directory` holds a whole store of the release `manifest` describes."""
    marker = directory / STAMP
    try:
        return marker.is_file() and marker.read_text(encoding="utf-8") == release_key(manifest)
    except OSError:
        return False


def store_from_sources(project: Project) -> ox.Store:
    """Data, ontology, their OWL-RL closure and the analysis, in a memory store (nothing is written)."""
    from kg.analysis.files import analysis
    from kg.graph.cache import Cache
    from kg.graph.load import load_sources
    from kg.graph.reason import infer, located_in
    from kg.graph.triples import StringTriples, TripleIndex

    cache = Cache(project)  # files and the ontology's closure unchanged since the last build: read back
    sources = load_sources(project, cache)
    with located_in(project):
        inferred = infer(sources.ontology, sources.data, cache=cache)
    store = ox.Store()
    store.extend(_quads(sources.data | sources.ontology | inferred))
    for part in analysis(TripleIndex(sources.ontology | sources.data), StringTriples).values():
        store.extend(_quads(part))
    return store


def _quads(triples):
    """pyoxigraph quads in the default graph, from N-Triples string triples (blank node labels kept)."""
    made: dict = {}

    def term(text: str):
        found = made.get(text)
        if found is None:
            found = made[text] = parse_term(text)
        return found

    return [ox.Quad(term(s), term(p), term(o)) for s, p, o in triples]


class GraphView:
    """The read side of an rdflib Graph (objects, subjects, value, predicate_objects, subject_predicates,
    `in`) over an Oxigraph store, in rdflib terms: what pages and the analysis read."""

    def __init__(self, store: ox.Store):
        self.store = store

    def _quads(self, s=None, p=None, o=None):
        return self.store.quads_for_pattern(_ox(s), _ox(p), _ox(o), ox.DefaultGraph())

    def triples(self, pattern):
        s, p, o = pattern
        for quad in self._quads(s, p, o):
            yield rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)

    def objects(self, subject=None, predicate=None):
        for quad in self._quads(subject, predicate):
            yield rdflib_term(quad.object)

    def subjects(self, predicate=None, object=None):  # noqa: A002 (rdflib's name)
        for quad in self._quads(None, predicate, object):
            yield rdflib_term(quad.subject)

    def predicates(self, subject=None, object=None):  # noqa: A002
        for quad in self._quads(subject, None, object):
            yield rdflib_term(quad.predicate)

    def predicate_objects(self, subject):
        for quad in self._quads(subject):
            yield rdflib_term(quad.predicate), rdflib_term(quad.object)

    def subject_predicates(self, object):  # noqa: A002
        for quad in self._quads(None, None, object):
            yield rdflib_term(quad.subject), rdflib_term(quad.predicate)

    def subject_objects(self, predicate):
        for quad in self._quads(None, predicate):
            yield rdflib_term(quad.subject), rdflib_term(quad.object)

    def value(self, subject=None, predicate=None, object=None, default=None):  # noqa: A002
        """rdflib's Graph.value with any=True."""
        for quad in self._quads(subject, predicate, object):
            return rdflib_term(quad.object if object is None else quad.subject)
        return default

    def __contains__(self, triple) -> bool:
        return next(iter(self._quads(*triple)), None) is not None

    def __len__(self) -> int:
        return len(self.store)


def _ox(term):
    return None if term is None else ox_term(term)
