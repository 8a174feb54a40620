"""The build's cache, in .kg-cache/ beside the sources: what a build works out from a file, kept for the next.

`kg build` reads every source file and hashes it (the manifest records the digests anyway). What it
works out from a file whose bytes, name and tools are those of an earlier build is read back from here
(`marshal`, a few milliseconds a file) instead of worked out again:

    parse    a data file's triples: a build after one report of an archive changed parses one file
    schema   the ontology's OWL-RL closure and rule tables (owlrl: a third of a second)
    queries  what a SPARQL constraint or check reads (rdflib's parser: a tenth of a second a query)
    checks   the variables of each check (queries/checks/*.rq), and `saved` those of each saved query
             (kg.sparql.saved): `kg queries` parsed its 15 every time (1.5 s), each build its checks

An entry holds exactly what the work gives (tests build with and without the cache and compare the files
byte for byte); entries no build used are removed at the end of each build, and those a `kg validate`
of every data file did not use at its end. Delete the directory at any time: the next build works
everything out again. `kg validate` keeps what the SPARQL rules read here too
(sections queries, checks and reach) and each data file's nodes and links (links: what a change can
reach, kg.validation.changes), and `kg queries`, `kg query`, `kg serve` and `kg publish` the
variables of the saved queries. The directory holds a .gitignore of its own, as .pytest_cache does, so
that a repository of reports that only validates sees nothing new to commit.

What depends on no project's data (SHARED: the ontology's closure, what each SPARQL rule, check and saved
query reads) is kept for this user too, in user_cache()/parsed/: a fresh clone, or a copy of a project,
whose model another project of theirs already used, reads them from there rather than work them out again
(rdflib's parser and owlrl took most of a fresh clone's first `kg validate`). An entry no run has read for
KEPT_FOR is removed there; the project's own entries are kept as before.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import owlrl
import pyoxigraph as ox
import rdflib


DIRECTORY = ".kg-cache"
# What is worked out from the ontology (its blank nodes named alike at every parse: kg.sources.load
# labelled_in_order) and from SPARQL texts alone, the same for every project that has them.
SHARED = frozenset({"schema", "queries", "checks", "saved", "reach"})
DAY = 86400  # seconds: the user's cache is swept, and an entry's time brought up to date, once a day at most
KEPT_FOR = 30 * DAY  # seconds an entry of the user's cache (SHARED) is kept that no run has read
CACHE_MODE = 0o700  # this user's cache (user_cache): a release kept there may not be for everyone's eyes
FORMAT = "5"  # what the entries hold, and how kg reads a query; a new value leaves every older entry unused
TOOLS = f"{FORMAT}\0{ox.__version__}\0{rdflib.__version__}\0{owlrl.__version__}"


PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # kg/: its code, templates and model


def user_cache() -> Path:
    """This user's folder for what kg keeps from one run to the next: $XDG_CACHE_HOME/kg, else ~/.cache/kg."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "kg"


def package_digest() -> str:
    """The SHA-256 of kg itself (every file of the package but compiled ones, by name and bytes): what a
    release made by another kg, or by this one changed, is told apart by (kg.build.pipeline.up_to_date)."""
    digest, paths = hashlib.sha256(), []
    for folder, folders, files in os.walk(PACKAGE):
        folders[:] = [f for f in folders if f != "__pycache__"]
        paths += [os.path.join(folder, name) for name in files if not name.endswith((".pyc", ".pyo"))]
    for path in sorted(paths):
        with open(path, "rb") as read:
            digest.update(f"{os.path.relpath(path, PACKAGE)}\0".encode() + read.read() + b"\0")
    return digest.hexdigest()


@functools.cache
def _kg_digest() -> str:
    return package_digest()


def kg_version() -> str:
    """kg's version as installed (pyproject.toml's), 0.1.0 when it runs from a checkout that was not."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("oioo-kg")
    except PackageNotFoundError:
        return "0.1.0"


def made_by(engine: str) -> dict:
    """What wrote a release, for its manifest: kg's version and the SHA-256 of its code (the version alone stays
    the same from change to change), the engine, and the libraries that reason and lay its files out. The
    manifest named the sources only: an archivist citing a release could not say which kg made its bytes."""
    return {"kg": kg_version(), "kg_sha256": _kg_digest(), "engine": engine,
            "libraries": {"owlrl": owlrl.__version__, "pyoxigraph": ox.__version__, "rdflib": rdflib.__version__}}


class Cache:
    """Entries by section and key; marshal-able values (lists, tuples, dicts, sets, strings, numbers)."""

    def __init__(self, project):
        """`project`: a kg.sources.project.Project (not imported: this module imports nothing of kg)."""
        self.root = project.root / DIRECTORY
        self.shared = user_cache() / "parsed"
        self.used: dict = defaultdict(set)
        self.hits: Counter = Counter()

    @staticmethod
    def key(*parts: str) -> str:
        """An entry's key: the parts that decide what it holds, and the tools that worked it out, kg itself
        among them (a .kg-cache/ kept from one CI run to the next gave a kg that refuses more the parse of
        an older kg: "1\u0065999999999"^^xsd:double, refused since, was read back as accepted)."""
        return hashlib.sha256("\0".join((TOOLS, _kg_digest(), *parts)).encode()).hexdigest()

    def get(self, section: str, key: str):
        """The value kept under `key`, or None (never kept, or damaged: worked out again): the project's
        entry, else (a SHARED section) the user's, then kept in the project as if worked out here."""
        self.used[section].add(key)
        found = _read(self.root / section / key, key)
        if found is _MISSING and section in SHARED:
            found = _read(self.shared / section / key, key, mark_used=True)
            if found is not _MISSING:
                _write(self.root, section, key, found)
        if found is _MISSING:
            return None
        self.hits[section] += 1
        return found

    def put(self, section: str, key: str, value) -> None:
        """Keep a value in the project (and, a SHARED section, for the user: over an entry found damaged)."""
        _write(self.root, section, key, value)
        if section in SHARED:
            _write(self.shared, section, key, value, private=True)

    def note(self, section: str, key: str, value) -> None:
        """What this process already worked out (kept in memory): the entry is used, and kept if it is not."""
        self.used[section].add(key)
        if not (self.root / section / key).is_file():
            self.put(section, key, value)

    def prune(self) -> None:
        """Remove the entries of the sections this build used that it did not use (earlier versions of
        files, files removed)."""
        for section, used in self.used.items():
            directory = self.root / section
            try:
                for entry in directory.iterdir() if directory.is_dir() else ():
                    if entry.name not in used:
                        entry.unlink(missing_ok=True)
            except OSError:
                pass  # a cache that cannot be changed (read-only, another user's) is only bigger
        _prune_shared(self.shared)


_MISSING = object()


def _read(path: Path, key: str, mark_used: bool = False):
    """The value of the entry at `path`, or _MISSING (none, damaged, or another key's). `mark_used` (the
    user's cache): the entry's time is brought up to now, once a day at most, for _prune_shared."""
    try:
        stored_key, value = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return _MISSING
    if stored_key != key:
        return _MISSING
    if mark_used:
        try:
            if path.stat().st_mtime < time.time() - DAY:
                os.utime(path)
        except OSError:
            pass
    return value


def _write(root: Path, section: str, key: str, value, private: bool = False) -> None:
    """Keep a value under root/section/key (written beside, then renamed: a build stopped midway leaves
    no half entry). A project's .kg-cache/ holds a .gitignore; a `private` one (the user's) is theirs alone."""
    directory = root / section
    mode = CACHE_MODE if private else 0o777  # (less the umask)
    try:
        if not root.is_dir():
            root.parent.mkdir(mode=mode, parents=True, exist_ok=True)
            root.mkdir(mode=mode, exist_ok=True)
            if not private:
                (root / ".gitignore").write_text("# made by kg: nothing here belongs in git\n*\n", encoding="utf-8")
        directory.mkdir(mode=mode, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".entry-")
        with os.fdopen(handle, "wb") as out:
            marshal.dump((key, value), out)
        os.replace(temporary, directory / key)
    except (OSError, ValueError):
        pass  # a cache that cannot be written is only slower


def _prune_shared(shared: Path) -> None:
    """Once a day at most, remove the entries of the user's cache no run has read for KEPT_FOR (those of
    an earlier kg, or of a model no project uses any more)."""
    stamp = shared / ".pruned"
    now = time.time()
    try:
        if not shared.is_dir() or (stamp.exists() and stamp.stat().st_mtime > now - DAY):
            return
        stamp.touch()
        for section in SHARED:
            directory = shared / section
            for entry in directory.iterdir() if directory.is_dir() else ():
                if entry.stat().st_mtime < now - KEPT_FOR:
                    entry.unlink(missing_ok=True)
    except OSError:
        pass  # (another run's prune removed it meanwhile; a cache that cannot be changed is only bigger)


def remembered(memo: dict, known: tuple, cache: Cache | None, section: str, work, size: int):
    """What `work()` gives for `known` (a tuple of `size` items): from this process's `memo`, else from
    `cache`, else worked out and kept in both. What the memo knew is still noted in the cache, so that the
    entry is written and the next prune keeps it."""
    key = cache.key(section, *known) if cache is not None else None
    found = memo.get(known)
    if found is not None:
        if cache is not None:
            cache.note(section, key, found)
        return found
    kept = cache.get(section, key) if cache is not None else None
    if isinstance(kept, tuple) and len(kept) == size:
        memo[known] = kept
        return kept
    found = memo[known] = work()
    if cache is not None:
        cache.put(section, key, found)
    return found
