"""The built graph as queries see it: the release in dist/, held in an Oxigraph store.

Everything goes into the store's default graph: the asserted and inferred triples (dist/oioo-full.nt)
and the analysis (dist/checks.ttl, dist/discrepancies.ttl). Commands open the store kept on disk in
dist/oxigraph/ (made from the release the first time it is needed, and made again when the release
changes); a server may hold it in memory instead. When dist/ does not hold a release of the current
sources, the sources are loaded and reasoned in memory, so an answer never comes from stale data.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.core.background import interruptibly
from kg.core.dist import MANIFEST, locked, read_manifest, release_folder, remove_abandoned, verified
from kg.core.errors import KGError, one_line
from kg.sources.cache import CACHE_MODE, user_cache
from kg.sources.project import Project, relative_name, source_digests
from kg.core.terms import ox_term, parse_term, rdflib_term
from kg.core.serialize import make_readable, write_atomically

STORE_DIR = "oxigraph"
RELEASE_GRAPH = "oioo-full.nt"
ANALYSIS_FILES = ("checks.ttl", "discrepancies.ttl")
STAGING_PREFIX = f".{STORE_DIR}-"  # + the process's id: a store being made, swapped in when whole (_made_store)
STAMP = "release.json"  # in the store's folder: the SHA-256 of the release files it was made from
SNAPSHOT_PREFIX = ".serving-"  # + the process's id: a snapshot of the release in dist/ (`snapshot`)
PRIVATE_PREFIX = "kg-serving-"  # + the process's id: one in the system's temporary folder, when dist/ cannot take it
UNWRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC)


class NoRoom(KGError):
    """Neither dist/ nor the folder kg would use instead (this user's cache) can take what kg keeps."""


class Unreadable(KGError):
    """The store of the release cannot be read, nor made again where it is: the release is read into memory."""


def current_manifest(project: Project) -> dict | None:
    """The manifest of the current release (kg.core.dist) when it is a release of the current sources, else
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
        from kg.build.pipeline import build

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
    (kg.core.dist.verified: BrokenRelease otherwise)."""
    names = [RELEASE_GRAPH, *(name for name in ANALYSIS_FILES if name in manifest["files"])]
    folder = verified(manifest["folder"], manifest, names)
    # lenient: files the build wrote from parsed terms, checked against the manifest (parsed 15 % faster).
    # Parsed, then added, not bulk_load: a store's loaders give blank nodes new random labels, and pages,
    # descriptions and query answers then changed from one load of the same release to the next (two
    # `kg publish` of a release differed); parsed, they keep the release's labels, which say what the
    # node is (kg.core.serialize), as fast at a million triples (28 s either way). The analysis files' blank
    # nodes, written [ ... ], are given new labels, so that none can meet one of the release's.
    added_interruptibly(store, ox.parse(path=str(folder / RELEASE_GRAPH), format=ox.RdfFormat.N_TRIPLES, lenient=True))
    for name in names[1:]:
        added_interruptibly(store, ox.parse(path=str(folder / name), format=ox.RdfFormat.TURTLE, lenient=True,
                                        rename_blank_nodes=True))


def added_interruptibly(store: ox.Store, triples) -> None:
    """store.bulk_extend(triples), each triple handed over by Python code: Python hears Ctrl-C only there,
    and one call over a release's file took 5 s at a million triples (kg publish went on that long after it)."""
    store.bulk_extend(_one_by_one(triples))


def _one_by_one(triples):
    for triple in triples:  # (not `yield from`: Python hears no signal there)
        yield triple


def open_store(project: Project, in_memory: bool = False, progress=lambda message: None) -> ox.Store:
    """The store to query: from the current release (on disk, read-only, or `in_memory`), else made from
    the sources in memory. A release whose dist/ cannot take its store (another user's, readable as
    kg writes it, a read-only mount, a full disk) is read from this user's store of it, as kg serve
    reads it (cached_store): each `kg query` read the whole release into memory (20-33 s and 1.4 GB at
    a million triples). Only where that cannot be made either is the release read into memory."""
    manifest = current_manifest(project)
    if manifest is None:
        progress(f"{relative_name(project.dist_dir, project.root)}/ holds no build of the current sources: answering from "
                 "the sources, reasoned in memory (slower; `kg build` saves that work)")
        return store_from_sources(project)
    if not in_memory:
        try:
            return _read_only(project, manifest, progress)
        except (NoRoom, Unreadable) as error:
            progress(f"{error}: reading the release into memory")
    store = ox.Store()
    fill(store, manifest)
    return store


def _read_only(project: Project, manifest: dict, progress) -> ox.Store:
    """The store of the release, opened read-only. A store that cannot be opened (a file of it truncated,
    damaged or removed: RocksDB's "Corruption" a RuntimeError, a missing file an OSError) is made again
    from the release, which is checked against its manifest: the store is only what kg made of it. Every
    query was an internal error (exit 70), or an IO error that named no remedy, and kg build, finding
    the release whole, left the store as it was."""
    folder = release_store(project, manifest, progress)
    try:
        return ox.Store.read_only(str(folder))
    except (OSError, RuntimeError) as error:
        damage = one_line(error)
    progress(f"the store {relative_name(folder, project.root)}/ cannot be read ({damage}): making it again from the release")
    try:
        (folder / STAMP).unlink(missing_ok=True)  # (no longer a store of the release: _made_store makes it)
        return ox.Store.read_only(str(release_store(project, manifest, progress)))
    except (OSError, RuntimeError) as error:
        raise Unreadable(f"the store {folder} cannot be read ({damage}), nor made again "
                         f"({one_line(error)})") from None


def forget_store(project: Project) -> None:
    """After a query found the store of the current release damaged (kg.sparql.run.StoreDamaged: a file
    RocksDB reads only when a query needs it): it no longer counts as made, so the next open_store makes
    it again from the release, in dist/ or in this user's cache, wherever it was read from."""
    manifest = current_manifest(project)
    if manifest is None:
        return
    for folder in (project.dist_dir / STORE_DIR, user_cache() / "stores" / store_key(manifest) / STORE_DIR):
        try:
            (folder / STAMP).unlink(missing_ok=True)
        except OSError:  # (another user's dist/: the store there is theirs to mend)
            pass


def release_store(project: Project, manifest: dict, progress=lambda message: None) -> Path:
    """The folder of the store of the release `manifest` describes: dist/oxigraph/ (store_folder), or,
    where dist/ cannot take it, this user's copy (cached_store), the one kg serve reads."""
    try:
        return store_folder(project, manifest, progress)
    except OSError as error:
        if not unwritable(error):
            raise
        return cached_store(project.dist_dir, manifest, error, progress)


def snapshot(project: Project, manifest: dict, with_store: bool = True, progress=lambda message: None) -> Path:
    """A private copy of the release (and of its store, `with_store`) in a new folder of dist/: hard
    links (a copy where the file system has none), so it costs nothing and a rebuild meanwhile changes
    nothing that is served or published. A dist/ that cannot take it (another user's release, a read-only
    mount, a full disk) is read in place: the folder, in the system's temporary folder (TMPDIR), links to
    the release's files (a build leaves a release's folder as it is, and removes it two builds later),
    and to this user's store of the release (cached_store), made once and reused by the next start; that
    is said. The caller removes the folder when done."""
    dist = project.dist_dir
    release = verified(manifest["folder"], manifest)
    try:
        store = store_folder(project, manifest, progress) if with_store else None
        remove_abandoned(dist, SNAPSHOT_PREFIX)
        folder = Path(tempfile.mkdtemp(prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-", dir=dist))
    except OSError as error:
        if not unwritable(error):
            raise
        return _read_in_place(project, manifest, release, with_store, error, progress)
    try:
        for name in [*manifest["files"], MANIFEST]:
            link_or_copy(release / name, folder / name)
        if store is not None:
            (folder / STORE_DIR).mkdir()
            for part in store.iterdir():
                if part.is_file():
                    link_or_copy(part, folder / STORE_DIR / part.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _read_in_place(project: Project, manifest: dict, release: Path, with_store: bool, refused: OSError,
                   progress) -> Path:
    """snapshot's folder where dist/ refused it: links to the release's files and to this user's store."""
    dist = project.dist_dir
    folder = _private_folder(dist, refused)
    try:
        for name in [*manifest["files"], MANIFEST]:
            (folder / name).symlink_to(release / name)
        if with_store:
            store = cached_store(dist, manifest, refused, progress)
            (folder / STORE_DIR).symlink_to(store, target_is_directory=True)
            progress(f"{dist} cannot be written ({refused.strerror}): reading the release in place, and its store "
                     f"from a private copy in {store}, kept there for the next start of this release")
        else:
            progress(f"{dist} cannot be written ({refused.strerror}): reading the release in place, through a "
                     f"private folder for what is made of it, {folder}, removed on exit")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def kept_store(project: Project, folder: Path) -> Path:
    """The folder of the store that outlives `folder` (a snapshot): this user's copy (cached_store) the
    snapshot links to where dist/ refused one, else dist/oxigraph/. What is made of the release once
    (kg serve's statistics, and its search index beside the folder) is kept with it."""
    store = folder / STORE_DIR
    return Path(os.path.realpath(store)) if store.is_symlink() else project.dist_dir / STORE_DIR


def cached_store(dist: Path, manifest: dict, refused: OSError, progress=lambda message: None) -> Path:
    """This user's store of the release `manifest` describes, for a dist/ that cannot take one: in
    user_cache()/stores/KEY (theirs alone, 0700; KEY from the release's SHA-256s, store_key), made once
    (a copy of dist/'s store where it has one of this release, else loaded from the release) and found
    there by the next start, its statistics (kg.web.dataset) and search index (kg.web.search_index) with
    it. Each store records the dist/ folders read through it (READERS); the stores no such dist/ still has
    as its current release (built over, or the project removed), and what was kept with them, are
    removed, but those a running process holds (in_use): two projects served by one user keep theirs.
    One start at a time makes and records its store and removes the others (a lock on stores/)."""
    cache = user_cache()
    try:
        stores = cache / "stores"
        stores.mkdir(mode=CACHE_MODE, parents=True, exist_ok=True)
        cache.chmod(CACHE_MODE)
        home = stores / store_key(manifest)
        with locked(stores):  # (another start's removal of the stores no one reads, run between this one's
            # making its folder and recording it as read, removed it: FileNotFoundError)
            home.mkdir(mode=CACHE_MODE, exist_ok=True)
            _add_reader(home, dist)
            in_use(home, hold=True)  # (held only after this lock, it was lost if dist/ was rebuilt meanwhile)
            for other in stores.iterdir():
                if other != home and not other.name.startswith(".") and not _read_now(other) \
                        and not in_use(other, hold=False):
                    shutil.rmtree(other, ignore_errors=True)
        made = dist / STORE_DIR
        return _made_store(home, manifest, progress, made if _made(made, manifest) else None)
    except OSError as error:
        if not unwritable(error):
            raise
        raise NoRoom(_no_room(dist, refused, cache, error, "XDG_CACHE_HOME")) from None


READERS = "readers"  # in a cached store's folder: a file for each dist/ read through it, holding its path


def store_key(manifest: dict) -> str:
    """The name of the cached store of the release `manifest` describes (its files' SHA-256s, release_key)."""
    return hashlib.sha256(release_key(manifest).encode("utf-8")).hexdigest()[:16]


def _add_reader(home: Path, dist: Path) -> None:
    """Record in the cached store `home` that `dist` is read through it."""
    path = os.path.abspath(dist)
    readers = home / READERS
    readers.mkdir(mode=CACHE_MODE, exist_ok=True)
    record = readers / hashlib.sha256(os.fsencode(path)).hexdigest()[:16]
    if not record.is_file():
        write_atomically(record, os.fsencode(path))


def _read_now(home: Path) -> bool:
    """Whether a dist/ recorded in the cached store `home` (READERS) still has its release as the current one."""
    for record in (home / READERS).glob("[!.]*"):
        try:
            manifest = read_manifest(release_folder(Path(os.fsdecode(record.read_bytes()))))
        except OSError:
            continue
        if manifest is not None and store_key(manifest) == home.name:
            return True
    return False


_HELD: list = []  # the descriptors of the cached stores this process uses (in_use), open until it ends


def in_use(home: Path, hold: bool) -> bool:
    """`hold`: mark the cached store `home` as used by this process until it ends; else whether another
    process uses it. The mark is a shared flock on its READERS folder, not on `home`, which _made_store
    locks on its own descriptor (flock's locks of one process on two descriptors exclude each other)."""
    try:
        import fcntl
    except ImportError:  # (not a POSIX system: every store counts as used)
        return True
    try:
        descriptor = os.open(home / READERS, os.O_RDONLY)
    except FileNotFoundError:  # (no dist/ was ever recorded as reading it: a start stopped before it did)
        return False
    if hold:
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        _HELD.append(descriptor)
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)


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


def _no_room(dist: Path, refused: OSError, temporary: Path, error: OSError, variable: str = "TMPDIR") -> str:
    return (f"{dist} cannot be written ({refused.strerror}), nor can {temporary} ({error.strerror}), where kg "
            f"would keep its own copy of the release: set {variable} to a folder you can write with room for it, "
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
    (in a new folder, then swapped in, so that readers never open half a store). It is read as the release
    is, by every user of the project: its files are 0644 in 0755 folders whatever the umask."""
    return _made_store(project.dist_dir, manifest, progress, readable=True)


def _made_store(home: Path, manifest: dict, progress, copy_of: Path | None = None, readable: bool = False) -> Path:
    """home/oxigraph/, a store of the release `manifest` describes: made if it is not (a copy of the store
    `copy_of`, else loaded from the release), in a new folder swapped in, one process at a time; `readable`:
    for every user (make_readable), not only as the umask leaves it."""
    directory = home / STORE_DIR
    if _made(directory, manifest):
        return directory
    with locked(home):  # (several commands at once: one makes it, the others wait and open it)
        if _made(directory, manifest):
            return directory
        # (named for this process: one killed while it made its store, by SIGKILL, the OOM killer or a
        # reboot, left .oxigraph-XXXX behind, never removed, a store's size each time)
        remove_abandoned(home, STAGING_PREFIX)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=home))
        try:
            if copy_of is not None:
                progress(f"copying the release's store into {directory}")
                shutil.copytree(copy_of, staging / "store", copy_function=link_or_copy)
            else:
                progress(f"loading the release into {directory}")
                make_store(staging / "store", manifest)
            if readable:
                make_readable(staging / "store")
            old = home / f".{STORE_DIR}-old"
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
    with a parameter then took twice as long on it (5 s more to make it at a million triples). Compacted
    in a thread: one call into Oxigraph of 3 s at a million triples, Ctrl-C unheard until it ended."""
    store = ox.Store(str(directory))
    fill(store, manifest)
    interruptibly(store.optimize)
    store.flush()
    del store
    _give_back_freed_memory()
    (directory / STAMP).write_text(release_key(manifest), encoding="utf-8")


def _give_back_freed_memory() -> None:
    """Return to the system the heap the load freed (glibc's malloc_trim; elsewhere nothing). glibc keeps
    it otherwise: after loading a million triples kg serve held 330 MB it no longer used, and the query
    workers it forks next shared it, 440 MB for the server instead of 130 MB (measured, PSS)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


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
    from kg.sources.cache import Cache
    from kg.sources.load import load_sources
    from kg.validation.inconsistency import located_in
    from kg.build.reason import infer
    from kg.core.triples import StringTriples, TripleIndex

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
    `in`) over an Oxigraph store, in rdflib terms: what pages and the analysis read.

    `remember`: for a store that does not change while the view reads it (kg publish's snapshot), how many
    nodes to keep what they say and what points to them, each read in one look-up the first time: a page
    asks of the same few nodes hundreds of times (publish asked 217,000 times for 800 pages, of 4,741
    subjects and 1,637 objects). The answers come in the store's order (a node's look-up, filtered: the same order, checked
    over whole stores). 0: every question is asked of the store."""

    def __init__(self, store: ox.Store, remember: int = 0):
        self.store, self.remember = store, remember
        self._said = lru_cache(remember)(self._read_said) if remember else None
        self._pointing = lru_cache(remember)(self._read_pointing) if remember else None
        self._terms: dict = {}  # pyoxigraph term -> rdflib term, for the nodes remembered (a URIRef checks its IRI when made)

    def _quads(self, s=None, p=None, o=None):
        return self.store.quads_for_pattern(_ox(s), _ox(p), _ox(o), ox.DefaultGraph())

    def _term(self, term):
        found = self._terms.get(term)
        if found is None:
            if len(self._terms) >= 8 * self.remember:
                self._terms.clear()
            found = self._terms[term] = rdflib_term(term)
        return found

    def _read_said(self, subject) -> dict:
        said: dict = {}
        for quad in self._quads(subject):
            said.setdefault(self._term(quad.predicate), []).append(self._term(quad.object))
        return said

    def _read_pointing(self, object) -> list:  # noqa: A002
        return [(self._term(quad.subject), self._term(quad.predicate)) for quad in self._quads(None, None, object)]

    def _about(self, subject, object=None) -> dict | None:  # noqa: A002
        """{predicate: [object, ...]} that `subject` says, if remembered (a node's, and no literal asked
        of it: a literal's equality is rdflib's, not the store's)."""
        if self._said is None or not isinstance(subject, (URIRef, BNode)) or isinstance(object, Literal):
            return None
        return self._said(subject)

    def _to(self, object) -> list | None:  # noqa: A002
        """[(subject, predicate), ...] pointing to `object`, if remembered (a node's)."""
        if self._pointing is None or not isinstance(object, (URIRef, BNode)):
            return None
        return self._pointing(object)

    def triples(self, pattern):
        s, p, o = pattern
        for quad in self._quads(s, p, o):
            yield rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)

    def objects(self, subject=None, predicate=None):  # (an iterator, not a generator: a page asks 700 times)
        said = self._about(subject)
        if said is not None:
            return iter(said.get(predicate, ())) if predicate is not None else (o for os in said.values() for o in os)
        return (rdflib_term(quad.object) for quad in self._quads(subject, predicate))

    def subjects(self, predicate=None, object=None):  # noqa: A002 (rdflib's name)
        pointing = self._to(object)
        if pointing is not None:
            return (s for s, p in pointing if predicate is None or p == predicate)
        return (rdflib_term(quad.subject) for quad in self._quads(None, predicate, object))

    def predicates(self, subject=None, object=None):  # noqa: A002
        said = self._about(subject, object)
        if said is not None:
            yield from (p for p, os in said.items() for o in os if object is None or o == object)
            return
        for quad in self._quads(subject, None, object):
            yield rdflib_term(quad.predicate)

    def predicate_objects(self, subject):
        said = self._about(subject)
        if said is not None:
            yield from ((p, o) for p, os in said.items() for o in os)
            return
        for quad in self._quads(subject):
            yield rdflib_term(quad.predicate), rdflib_term(quad.object)

    def subject_predicates(self, object):  # noqa: A002
        pointing = self._to(object)
        if pointing is not None:
            yield from pointing
            return
        for quad in self._quads(None, None, object):
            yield rdflib_term(quad.subject), rdflib_term(quad.predicate)

    def subject_objects(self, predicate):
        for quad in self._quads(None, predicate):
            yield rdflib_term(quad.subject), rdflib_term(quad.object)

    def value(self, subject=None, predicate=None, object=None, default=None):  # noqa: A002
        """rdflib's Graph.value with any=True."""
        said = self._about(subject) if object is None and predicate is not None else None
        if said is not None:
            found = said.get(predicate)
            return found[0] if found else default
        if subject is not None and object is None:
            return next(self.objects(subject, predicate), default)
        if subject is None and object is not None:
            return next(self.subjects(predicate, object), default)
        for quad in self._quads(subject, predicate, object):
            return rdflib_term(quad.object if object is None else quad.subject)
        return default

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        said = self._about(s, o) if o is None or p is None else None  # (one look-up of a whole triple: not worth a node)
        if said is not None:
            return any(o is None or o == found for found in (said.get(p, ()) if p is not None else
                                                             (x for os in said.values() for x in os)))
        pointing = self._to(o) if s is None else None
        if pointing is not None:
            return any(p is None or p == found for _, found in pointing)
        return next(iter(self._quads(*triple)), None) is not None

    def __len__(self) -> int:
        return len(self.store)


def _ox(term):
    return None if term is None else ox_term(term)
