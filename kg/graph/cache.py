"""The build's cache, in .kg-cache/ beside the sources: what each file parsed to, keyed by its bytes.

`kg build` reads every source file and hashes it (the manifest records the digests anyway); a file whose
bytes, name and parser are those of an earlier build is not parsed again but read back from here
(`marshal`, a few milliseconds a file). So a build after one report of an archive changed parses one
file. What a cached entry holds is exactly what parsing gives (tests build with and without the cache
and compare the files byte for byte); entries no build used are removed at the end of each build.
Delete the directory at any time: the next build parses everything again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.graph.project import Project

DIRECTORY = ".kg-cache"
FORMAT = "1"  # what an entry holds; a new value leaves every older entry unused


class ParseCache:
    """File -> its N-Triples string triples, for the files of one build."""

    def __init__(self, project: Project):
        self.directory = project.root / DIRECTORY / "parse"
        self.used: set = set()
        self.hits = self.misses = 0

    @staticmethod
    def key(name: str, digest: str) -> str:
        """The entry of a file: its name (relative IRIs resolve against it), its bytes, the parser."""
        return hashlib.sha256(f"{FORMAT}\0{ox.__version__}\0{name}\0{digest}".encode()).hexdigest()

    def get(self, key: str) -> list | None:
        self.used.add(key)
        try:
            stored_key, found = marshal.loads((self.directory / key).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            stored_key, found = None, None
        if stored_key != key or not isinstance(found, list):  # damaged, or not ours: parse again
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, key: str, triples: list) -> None:
        """Keep an entry (written beside, then renamed: a build stopped midway leaves no half entry)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".entry-")
            with os.fdopen(handle, "wb") as out:
                marshal.dump((key, triples), out)
            os.replace(temporary, self.directory / key)
        except OSError:
            pass  # a cache that cannot be written is only slower

    def prune(self) -> None:
        """Remove the entries this build did not use (earlier versions of files, files removed)."""
        if not self.directory.is_dir():
            return
        for entry in self.directory.iterdir():
            if entry.name not in self.used:
                entry.unlink(missing_ok=True)
