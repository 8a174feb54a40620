"""Where the project's sources are: ontology, shapes, data, queries and the seed texts.

The `kg` command works on a project directory, found like git finds its repository: the current
directory or the nearest parent holding `ontology/oioo.ttl`; else a directory of reports in this model
(a `data/` of Turtle files and no ontology of its own: another repository, running `kg validate` from
pre-commit), validated against the model kg ships; else the checkout this package came from.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from kg.core.errors import KGError

MARKER = Path("ontology") / "oioo.ttl"
SHIPPED_MODEL = Path(__file__).resolve().parents[1] / "model"  # ontology/ and checks/, packaged with kg


@dataclass(frozen=True)
class Project:
    root: Path
    model: Path | None = None  # the ontology, shapes and checks, when not the project's own (SHIPPED_MODEL)
    elsewhere: bool = field(default=False, compare=False, kw_only=True)  # not the current directory's: the checkout kg runs from
    whole: ClassVar[bool] = True  # every data file, not a part (kg.validation.changes.Selection)

    @property
    def ontology_file(self) -> Path:
        return (self.model or self.root) / MARKER

    @property
    def shapes_file(self) -> Path:
        return (self.model or self.root) / "ontology" / "shapes.ttl"

    @property
    def data_files(self) -> list[Path]:
        """data/*.ttl; each a regular file that can be read, else a KGError now (a FIFO by that name would
        make every reader wait for ever, a directory fail halfway)."""
        files = sorted((self.root / "data").glob("*.ttl"))
        self._refuse_unread_turtle()
        for path in [self.root, *files]:  # a name in another encoding: a byte Python keeps as a surrogate
            try:
                str(path).encode("utf-8")
            except UnicodeEncodeError:
                shown, what = os.fsencode(path).decode("utf-8", "backslashreplace"), "file" if path in files else "folder"
                raise KGError(f"{shown}: the {what}'s name is not UTF-8: rename it (the stores and caches name "
                              f"files in UTF-8)") from None
        for path in files:  # (named from the project's folder, as a finding names its file)
            try:
                mode = path.stat().st_mode
            except OSError as error:  # a link to nothing, a loop of links
                raise KGError(f"{self.relative(path)}: {error.strerror}") from None
            if not stat.S_ISREG(mode):
                kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "not a regular file"
                raise KGError(f"{self.relative(path)}: {kind}, not a Turtle file: data/*.ttl must be files (rename or "
                              f"remove it)")
            if not os.access(path, os.R_OK):
                raise KGError(f"{self.relative(path)}: cannot be read (permission denied)")
        return files

    def _refuse_unread_turtle(self) -> None:
        """Turtle in data/ that data/*.ttl does not name, refused (KGError): a report saved as report-010.TTL, or
        filed in a folder of data/ (data/2025/report-010.ttl), was left out of the build without a word."""
        folder = self.root / "data"
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            if path.suffix != ".ttl" and path.suffix.lower() == ".ttl":
                raise KGError(f"{self.relative(path)}: kg reads data/*.ttl, written in lower case: rename it "
                              f"{path.stem}.ttl, or it is left out of the build")
            if path.is_dir() and not path.name.startswith(".") and any(path.rglob("*.[tT][tT][lL]")):
                raise KGError(f"{self.relative(path)}/ holds Turtle, and kg reads data/*.ttl only: move its files "
                              f"into data/, or they are left out of the build")

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.model / "checks" if self.model else self.root / "queries" / "checks"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    @property
    def seeds_dir(self) -> Path:
        """The article texts, kept outside the project: $KG_SEEDS or ../shared/seeds."""
        return Path(os.environ.get("KG_SEEDS", self.root.parent / "shared" / "seeds"))

    @property
    def source_files(self) -> list[Path]:
        """What a release is built from: ontology, shapes and data (the manifest records their digests)."""
        return [f for f in (self.ontology_file, self.required_shapes(), *self.data_files) if f.exists()]

    def required_shapes(self) -> Path:
        """The shapes file, refused (KGError) when missing: validation had nothing to check without it, and
        said "Conforms"."""
        if not self.shapes_file.exists():
            name = self.relative(self.shapes_file)
            raise KGError(f"{name} is missing: without the shapes nothing would be validated (restore it, for "
                          f"example with git checkout -- {name})")
        return self.shapes_file

    def kept_from_outputs(self, path: Path) -> str | None:
        """Why no command may write its output (a report, a draft, a chart, a site) at `path`, None if one may:
        the sources kg build reads (data/, ontology/, queries/, the model kg ships), site.yaml, and what only
        a build writes (dist/, the release; .kg-cache/). A report written over data/report-001.ttl, or into
        dist/ beside the release's manifest, would lose curated work or break the release in silence."""
        target, root = resolved(path), self.root.resolve()
        places = [(root / name, f"in the project's {name}/, which kg build reads") for name in ("data", "ontology", "queries")]
        places += [(root / "site.yaml", "the site's settings, which kg publish reads"),
                   (root / "dist", "in dist/, the release, which only kg build writes"),
                   (root / ".kg-cache", "in .kg-cache/, the build's cache")]
        if self.model:
            places.append((self.model.resolve(), "in the model kg ships, which kg build reads"))
        why = next((why for place, why in places if target.is_relative_to(place)), None)
        if why is None and target.is_file() and target.is_relative_to(root) and _kept_by_git(root, target):
            # (kg check -o README.md wrote the verdicts over the README, exit 0; -o kg/cli.py would have over code)
            why = "a file the project's git repository keeps (its code, docs or settings)"
        return why

    def relative(self, path: Path) -> str:
        """A file's name as the user sees it: relative to the project when inside it."""
        return relative_name(path, self.root)


UNREVIEWED = (b"https://w3id.org/oioo/ontology#reviewStatus", b"https://w3id.org/oioo/ontology#Unreviewed")


def draft_files(project: Project) -> list[str]:
    """The data files holding a machine draft no curator has reviewed yet (a node with oo:reviewStatus
    oo:Unreviewed, as `kg add` writes it): their facts go into the release like any other, so a command that
    publishes them says so. A file is parsed only where its text names oo:Unreviewed or holds an escape
    (`\\u0055nreviewed` is the same name); one that cannot be parsed is left to the build, which names its line."""
    import pyoxigraph as ox

    found = []
    for path in project.data_files:
        try:
            text = path.read_bytes()
            if b"Unreviewed" not in text and b"\\u" not in text and b"\\U" not in text:
                continue
            triples = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
            if any((t.predicate.value.encode(), getattr(t.object, "value", "").encode()) == UNREVIEWED for t in triples):
                found.append(project.relative(path))
        except (OSError, SyntaxError, ValueError):
            continue
    return found


def _kept_by_git(root: Path, path: Path) -> bool:
    """Whether git keeps `path` in the repository at `root` (False where there is no git, or no repository)."""
    import subprocess

    try:
        done = subprocess.run(["git", "-C", str(root), "ls-files", "--error-unmatch", "--", str(path)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def source_digests(project: Project) -> dict:
    """Source file name -> SHA-256 of its bytes: what the manifest records, and what tells a release current."""
    return {project.relative(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in project.source_files}


def find_project(start: Path | None = None, explicit: bool = False) -> Project:
    """The project at `start` (default: the current directory) or its nearest parent. An `explicit`
    start (`kg --project DIR`) must itself be a project, or a directory of reports: never another one."""
    here = resolved(start or Path.cwd())
    if explicit:
        if not here.is_dir():
            raise KGError(f"--project {start}: {'not a directory' if here.exists() else 'no such directory'}")
        if (here / MARKER).is_file():
            return Project(here)
        if any((here / "data").glob("*.ttl")) and (SHIPPED_MODEL / MARKER).is_file():
            return Project(here, SHIPPED_MODEL)
        raise KGError(f"--project {start}: not a project (it holds neither {MARKER} nor data/*.ttl)")
    for candidate in (here, *here.parents):
        if (candidate / MARKER).is_file():
            return Project(candidate)
    if any((here / "data").glob("*.ttl")) and (SHIPPED_MODEL / MARKER).is_file():
        return Project(here, SHIPPED_MODEL)
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / MARKER).is_file():
        return Project(checkout, elsewhere=True)
    raise KGError(f"no project found: neither {here} nor its parents hold {MARKER}, and {here} has no data/*.ttl")


def resolved(path) -> Path:
    """`path` absolute, its links followed. A link that leads back to itself (a -> a, or a -> b -> a) is the
    user's to mend, and said so: Python 3.11's Path.resolve raises RuntimeError for it, which reached the
    user as an internal error of kg's (kg --project LOOP, kg check -o LOOP, kg publish -o LOOP/site)."""
    try:
        return Path(path).resolve()
    except RuntimeError:
        raise KGError(f"{path}: a loop of symbolic links (it leads back to itself)") from None


def relative_name(path: Path, root: Path) -> str:
    """A file's name relative to the project's root, as findings and reports name it (else its path)."""
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        try:
            return str(Path(path).resolve().relative_to(Path(root).resolve()))
        except ValueError:
            return str(path)
