"""The transcripts in the docs are real: every ```console block of README.md and docs/*.md that shows
commands (lines `$ ...`) is run, command by command, in a copy of the project, and what each command
prints is compared with the lines the doc shows under it.

How a block runs:
- in a copy of the project (data/, ontology/, queries/, site.yaml) built once with `kg build` and copied
  afresh for each block, so every block starts from what the quick start leaves (a built release) and
  no block sees another's edits; the commands of one block share their copy, in order;
- each command through bash (so the docs' pipes, redirections and `# comments` work), with this
  checkout's `kg` first on PATH, the working directory the copy, COLUMNS=200 (the width the README says
  its tables were fitted to), standard error merged into standard output in the order written;
- `$ cat FILE`: the doc shows a file the reader writes (a broken one, to show a message): its documented
  lines are written to FILE first, so cat prints them back and the commands after it read them.

Blocks with no `$ ` line (the quick start's one-liners) are instructions, not transcripts: not run.
Blocks that cannot run here are in SKIPPED below, each with its reason.

The comparison, after `normalise` on both sides (and trailing spaces dropped):
- a progress timing `[  0.23s]` is `[ N.NNs]`, "in 1.2 s" is "in N s";
- the absolute path of a project (the copy's, or the one the doc was made in) is `<project>`;
- a release's id (`dist/releases/566d76149e4075c7`) is `<release>`;
- a doc line `...` (indented or not) stands for any number of lines, none included.

A failure names the doc, the line of the command, and shows a diff of the documented lines against what
the command printed (normalised): check it is not a fault of kg's, then paste the output into the doc.
Re-run one doc with `-k docs/checking.md`, one block with `-k README.md:212` (the line of its fence).
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))  # the report texts (README)
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SOURCES = ("data", "ontology", "queries", "site.yaml")

# Blocks that are not run, by their doc and first command (exactly as written), with the reason. A block
# whose first command changes must be entered again (test_every_skipped_or_prepared_block_is_in_the_docs).
SKIPPED = {
    ("docs/publishing.md", "kg serve"):
        "a server, running until Ctrl-C (tests/test_serve.py starts it)",
    ("docs/publishing.md", "curl -s -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?report ?headline WHERE "
                           "{ ?report a oo:Report ; rdfs:label ?headline } ORDER BY ?report' http://127.0.0.1:8000/sparql"):
        "requests to a running kg serve, which tests/test_serve*.py send; '(HTTP n)' lines are notes, not curl's",
    ("docs/publishing.md", "curl -s --data-urlencode 'query=SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> "
                           "{ ?s ?p ?o } }' http://127.0.0.1:8000/sparql"):
        "requests to a running kg serve, one waiting out its 10 s deadline; tests/test_serve*.py send them",
    ("docs/publishing.md", "kg publish --out /tmp/oioo-site"):
        "takes 10 to 25 s, a third of this file's budget or more (tests/test_publish.py publishes the project)",
    ("docs/publishing.md", "pip install oxigraph                      # in the test extra; a single binary"):
        "installs a package and starts an Oxigraph server (tests/test_remote.py pushes to one)",
    ("docs/security.md", "curl -s --data-urlencode 'query=SELECT * WHERE { SERVICE <http://example.org/sparql> "
                         "{ ?s ?p ?o } }' http://127.0.0.1:8000/sparql"):
        "requests to a running kg serve, which tests/test_serve*.py send; '(HTTP n)' lines are notes, not curl's",
    ("docs/security.md", "curl -s 'http://127.0.0.1:8000/queries/reports-stating-figure.csv?value=1e999999999'"):
        "requests to a running kg serve, which tests/test_serve*.py send; '(HTTP n)' lines are notes, not curl's",
    ("docs/validation.md", "kg validate --changed origin/main          # the data files changed since origin/main: "
                           "committed, staged, unstaged, untracked"):
        "needs a git clone with origin/main, and the generated archive of 3,000 reports",
    ("docs/validation.md", "kg generate --reports 3000 --seed 1 -o archive && cd archive && git init -q && git add -A "
                           "&& git commit -qm archive"):
        "a benchmark on a generated archive of 3,000 reports: its first line's `cd archive` does not carry to the "
        "next (each line runs in a shell of its own), and it would add half a minute to the suite "
        "(tests/test_changed.py checks --changed)",
    ("docs/validation.md", "pre-commit run --all-files"):
        "pre-commit installs kg's hook environment from the package index (tests/test_precommit.py runs it)",
}


# Blocks that show the state another block of the same doc makes (a copy of the data with mistakes): the
# commands of the block under that heading run first, and are compared too.
AFTER = {
    ("docs/validation.md", 'kg validate            # a copy of the data with four mistakes (see "The four mistakes" '
                           'below)'): "## The four mistakes",
    ("docs/validation.md", "kg validate --format github --report junit=reports/kg-validate.xml "
                           "--report sarif=reports/kg-validate.sarif"): "## The four mistakes",
}


@dataclass
class Command:
    line: int  # where the command starts in its doc, from 1
    text: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    doc: str  # relative to ROOT
    line: int
    heading: str  # the heading the block is under
    commands: list[Command]

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"


def blocks_of(path: Path) -> list[Block]:
    """The ```console blocks of a doc that show at least one `$ ` command, each with the heading it is under."""
    lines = path.read_text(encoding="utf-8").splitlines()
    doc = path.relative_to(ROOT).as_posix()
    found, index, heading = [], 0, ""
    while index < len(lines):
        fence = lines[index].strip()
        indent = len(lines[index]) - len(lines[index].lstrip(" "))  # a block in a list item is indented
        if lines[index].startswith("#"):
            heading = fence
        index += 1
        if not fence.startswith("```"):
            continue
        start, commands = index, []
        while index < len(lines) and lines[index].strip() != "```":  # the block, whatever its language
            line = lines[index][indent:] if lines[index][:indent].strip() == "" else lines[index]
            if fence == "```console" and line.startswith("$ "):
                text, first = line[2:], index
                while not _complete(text) and index + 1 < len(lines):  # a quoted argument over lines
                    index += 1
                    text += "\n" + lines[index]
                commands.append(Command(first + 1, text))
            elif commands:
                commands[-1].expected.append(line)
            index += 1
        index += 1
        if commands:
            found.append(Block(doc, start, heading, commands))
    return found


def _complete(text: str) -> bool:
    try:
        shlex.split(text, comments=True)
    except ValueError:  # no closing quotation
        return False
    return not text.endswith("\\")


BLOCKS = [block for doc in DOCS for block in blocks_of(doc)]

_TIMING = re.compile(r"\[ *\d+(\.\d+)?s\]")
_IN_SECONDS = re.compile(r"\bin \d+(\.\d+)? ?s\b")
_PROJECT_PATH = re.compile(r"(?<![\w.])(/[\w.+-]+)+(?=/(dist|data|ontology|queries)\b)")
_RELEASE = re.compile(r"\breleases/[0-9a-f]{16}\b")


def normalise(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = _TIMING.sub("[ N.NNs]", line)
        line = _IN_SECONDS.sub("in N s", line)
        line = _PROJECT_PATH.sub("<project>", line)
        line = _RELEASE.sub("releases/<release>", line)
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """`actual` is `expected` with each `...` line standing for any number of lines."""
    segments, current = [], []
    for line in expected:
        if line.strip() == "...":
            segments.append(current)
            current = []
        else:
            current.append(line)
    segments.append(current)
    if len(segments) == 1:
        return expected == actual
    first, *middle, last = segments
    if actual[:len(first)] != first or len(actual) < len(first) + len(last):
        return False
    if last and actual[len(actual) - len(last):] != last:
        return False
    position, end = len(first), len(actual) - len(last)
    for segment in middle:  # each at its leftmost place: if any placing fits, that one does
        for start in range(position, end - len(segment) + 1):
            if actual[start:start + len(segment)] == segment:
                position = start + len(segment)
                break
        else:
            return False
    return True


@dataclass
class Built:
    root: Path  # the built copy
    env: dict  # what each command runs with


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_copy(tmp_path_factory.mktemp("docs-built"))


def build_copy(folder: Path) -> Built:
    """The project's sources copied into `folder`, built once and queried once (which loads the release
    into dist/oxigraph/), and the environment the commands run in: this checkout's kg first on PATH."""
    root = folder / "oioo-kg"
    root.mkdir()
    for name in SOURCES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    (bin_dir / "kg").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kg "$@"\n', encoding="utf-8")
    (bin_dir / "kg").chmod(0o755)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KG_", "PYTEST"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(ROOT), COLUMNS="200",
               PYTHONUNBUFFERED="1", LC_ALL="C.UTF-8")
    if SEEDS.is_dir():  # where the README says the report texts are, beside the clone
        env["KG_SEEDS"] = str(SEEDS)
    for setup in ("kg build -q", "kg query agreements"):
        done = subprocess.run(setup, shell=True, cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{setup}: {done.stdout}{done.stderr}"
    shutil.rmtree(root / ".kg-cache")  # so a `kg build` in a doc shows a first build's progress
    return Built(root, env)


def prepared(block: Block) -> Block:
    """The block, after the commands of the block AFTER says it shows the state of."""
    heading = AFTER.get((block.doc, block.commands[0].text))
    if not heading:
        return block
    first, = (other for other in BLOCKS if other.doc == block.doc and other.heading == heading)
    return Block(block.doc, block.line, block.heading, first.commands + block.commands)


def run_block(block: Block, built: Built, target: Path) -> list[str]:
    """Run the block's commands in a copy of the built project at `target`: the commands whose output is
    not the documented one, each with its diff."""
    shutil.copytree(built.root, target, symlinks=True)
    failures = []
    for command in block.commands:
        for fixture in re.findall(r"tests/fixtures/[\w./-]+", command.text):  # a text that ships with the tests
            (target / fixture).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / fixture, target / fixture)
        cat = re.fullmatch(r"cat (\S+)(\s+#.*)?", command.text)
        if cat:  # the doc shows a file the reader writes
            file = target / cat.group(1)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text("".join(line + "\n" for line in command.expected), encoding="utf-8")
        done = subprocess.run(["bash", "-c", command.text], cwd=target, env=built.env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=120)
        actual, expected = normalise(done.stdout.splitlines()), normalise(command.expected)
        if not matches(expected, actual):
            diff = difflib.unified_diff(expected, actual, f"{block.doc}:{command.line} (documented)",
                                        f"printed (exit {done.returncode})", lineterm="", n=2)
            failures.append(f"{block.doc}:{command.line}: $ {command.text}\n" + "\n".join(diff))
    return failures


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.id)
def test_console_block_shows_what_the_commands_print(block, request, tmp_path):
    reason = SKIPPED.get((block.doc, block.commands[0].text))
    if reason:
        pytest.skip(f"{block.id}: {reason}")
    if any(command.text.startswith("kg add ") for command in block.commands) and not SEEDS.is_dir():
        pytest.skip(f"{block.id}: kg add compares a text with the report texts, not found at {SEEDS} "
                    "(../shared/seeds or $KG_SEEDS): without them it says so, which the doc does not show")
    failures = run_block(prepared(block), request.getfixturevalue("built"), tmp_path / "oioo-kg")
    if failures:
        pytest.fail(f"{len(failures)} command(s) of the block at {block.id} print something else than the doc "
                    f"shows (both normalised as tests/test_docs_output.py says; a doc line '...' stands for any "
                    f"lines). If kg is right, put what they print into the doc:\n\n" + "\n\n".join(failures),
                    pytrace=False)


def test_every_skipped_or_prepared_block_is_in_the_docs():
    """SKIPPED and AFTER name a block by its first command: one that no longer matches would do nothing."""
    firsts = {(block.doc, block.commands[0].text) for block in BLOCKS}
    assert sorted((set(SKIPPED) | set(AFTER)) - firsts) == []
    headings = {(block.doc, block.heading) for block in BLOCKS}
    assert sorted({(doc, heading) for (doc, _), heading in AFTER.items()} - headings) == []


def test_a_block_in_a_list_item_is_run_too():
    """README.md's "Adding a report" shows `kg add` in a block indented under its step: it was never run,
    and went on saying 6 figures after the extractor drafted 5."""
    added = [block for block in BLOCKS if block.commands[0].text.startswith("kg add tests/fixtures/extract/")]
    assert [block.doc for block in added] == ["README.md"]
    assert added[0].commands[0].expected[0].startswith("report oi:r-")  # the indent is not part of the output


def test_dots_stand_for_any_lines_and_nothing_else():
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "d"], ["a", "d"])
    assert matches(["a", "  ...", "c", "...", "e"], ["a", "b", "c", "d", "c", "e"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"])
    assert not matches(["a", "b"], ["a", "b", "c"])
    assert not matches(["a", "...", "a"], ["a"])
    assert normalise(["[  0.07s] wrote /tmp/x/oioo-kg/core/dist/releases/566d76149e4075c7/a.nt in 1.2 s  "]) == \
        ["[ N.NNs] wrote <project>/dist/releases/<release>/a.nt in N s"]
