"""A command that cannot write what it was asked to (a full disk, a read-only folder, a file where a folder must be)
leaves the user's files as they were and says so in one line: which file, why, and what is left. Reports named a
hidden temporary file (.check.txt.k3x9) or no file at all ("No space left on device"); kg generate left half a
corpus that the next run refused as not empty; kg publish named neither the site nor what became of it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kg.sources import generate as corpus
from kg.web import publish
from kg.web.publish import MARKER
from serving import built_project, read_only


def listing(folder: Path) -> dict:
    """Every name under `folder` (its hidden ones too) with its bytes: what a failed command must not change."""
    return {str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def article(tmp_path_factory, project) -> Path:
    """A news report the project does not have: one of a synthetic corpus's texts."""
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    corpus.generate(project, out, reports=1)
    return next((out / "texts").iterdir())


@pytest.mark.parametrize("args", [["check", "-o", "{file}"], ["discrepancies", "--format", "turtle", "-o", "{file}"],
                                  ["validate", "-o", "{file}"], ["validate", "--report", "junit={file}"],
                                  ["extract", "{article}", "-o", "{file}"]])
def test_a_report_that_cannot_be_written_leaves_the_file_there_as_it_was_and_says_so(kg, tmp_path_factory, tmp_path,
                                                                                   article, args):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "report.txt").write_text("mine\n", encoding="utf-8")
    args = [arg.format(file=reports / "report.txt", article=article) for arg in args]
    with read_only(reports):
        result = kg(*args, project=built_project(tmp_path_factory))
    assert result.exit_code == 2, result.output
    assert f"kg: cannot write {reports / 'report.txt'}: Operation not permitted; the file there is as it was" \
        in result.output.splitlines()
    assert listing(reports) == {"report.txt": b"mine\n"}


def test_a_draft_that_cannot_be_added_leaves_data_as_it_was_and_says_so(kg, project_copy, article):
    data = project_copy.root / "data"
    before = listing(data)
    with read_only(data):
        result = kg("add", str(article), "--date", "2025-09-01", project=project_copy)
    assert result.exit_code == 2, result.output
    said = result.output.splitlines()[-1]
    assert said.startswith(f"kg: cannot write {data}/report-") and said.endswith(": Operation not permitted; nothing was written")
    assert listing(data) == before


def full_disk_at_report(number: int, write_report):
    """kg.sources.generate's write_report, whose report `number` finds the disk full: the corpus is half written."""
    def writing(index, *args):
        if index == number:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write_report(index, *args)
    return writing


@pytest.mark.parametrize("made", [False, True], ids=["new folder", "empty folder"])
def test_a_corpus_that_cannot_be_written_whole_leaves_nothing_and_the_next_run_writes_it(kg, project, tmp_path,
                                                                                         monkeypatch, made):
    out = tmp_path / "corpus"
    if made:
        out.mkdir()
    monkeypatch.setattr(corpus, "write_report", full_disk_at_report(2, corpus.write_report))
    result = kg("generate", "-n", "4", "-o", str(out), project=project)
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"kg: cannot write the corpus to {out}: No space left on device; "
                                          "nothing was left there"]
    assert listing(tmp_path) == ({"corpus": None} if made else {})
    monkeypatch.undo()
    again = kg("generate", "-n", "4", "-o", str(out), project=project)
    assert again.exit_code == 0, again.output
    assert len(list((out / "data").iterdir())) == 5


def test_a_site_that_cannot_be_written_whole_leaves_the_site_there_as_it_was_and_says_so(kg, tmp_path_factory,
                                                                                         tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / MARKER).write_text("{}\n", encoding="utf-8")  # (a site an earlier kg publish wrote: it may replace it)
    (site / "index.html").write_text("the site as it was\n", encoding="utf-8")
    before = listing(tmp_path)
    written = []

    def full_disk(staging, relative, data):
        if len(written) == 20:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(relative)

    monkeypatch.setattr(publish, "_write", full_disk)
    result = kg("publish", "-q", "-o", str(site), project=built_project(tmp_path_factory))
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"kg: cannot write the site to {site}: No space left on device; "
                                          "the site there is as it was"]
    assert listing(tmp_path) == before  # (and no folder of the site it was writing beside it)


@pytest.mark.parametrize("args", [["publish", "-q", "-o", "{file}/site"], ["generate", "-n", "1", "-o", "{file}/corpus"],
                                  ["timeline", "net inflow", "-o", "{file}/charts"]])
def test_a_file_where_an_output_folder_must_be_is_named_as_not_a_folder(kg, tmp_path_factory, tmp_path, args):
    """publish said "FILE: File exists", generate "FILE/corpus/ontology: Not a directory", timeline
    "FILE/charts: Not a directory": none named the file that is in the way as what it is."""
    mine = tmp_path / "mine.txt"
    mine.write_text("mine\n", encoding="utf-8")
    result = kg(*[arg.format(file=mine) for arg in args], project=built_project(tmp_path_factory))
    assert result.exit_code == 2
    assert f"{mine}: Not a directory" in result.output.splitlines()[-1]
    assert listing(tmp_path) == {"mine.txt": b"mine\n"}
