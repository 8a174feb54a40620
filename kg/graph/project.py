"""Where the project's sources are: ontology, shapes, data, queries and the seed texts.

The `kg` command works on a project directory, found like git finds its repository: the current
directory or the nearest parent holding `ontology/oioo.ttl`, else the checkout this package came from.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

MARKER = Path("ontology") / "oioo.ttl"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def ontology_file(self) -> Path:
        return self.root / MARKER

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def data_files(self) -> list[Path]:
        return sorted((self.root / "data").glob("*.ttl"))

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.root / "queries" / "checks"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    def source_digests(self) -> dict:
        """SHA-256 of every source file (ontology, shapes, data), by path relative to the project:
        what a release records, so that a reader can tell whether it is current."""
        files = [self.ontology_file, self.shapes_file, *self.data_files]
        return {str(f.relative_to(self.root)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}

    @property
    def seeds_dir(self) -> Path:
        """The article texts, kept outside the project: $KG_SEEDS or ../shared/seeds."""
        return Path(os.environ.get("KG_SEEDS", self.root.parent / "shared" / "seeds"))


def find_project(start: Path | None = None) -> Project:
    here = Path(start or Path.cwd()).resolve()
    for candidate in (here, *here.parents, Path(__file__).resolve().parents[2]):
        if (candidate / MARKER).is_file():
            return Project(candidate)
    raise KGError(f"no project found: neither {here} nor its parents hold {MARKER}")
