"""`kg generate`: synthetic corpora shaped like data/, valid against the shapes, the same for the same seed."""

from __future__ import annotations

import hashlib
import re

import pytest

from kg.sources.generate import MAX_REPORTS, generate
from kg.reference.load import load_sources
from kg.sources.project import Project
from kg.validation.spans import check_spans
from kg.reference.validate import validate


def digest(directory) -> dict:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, project) -> Project:
    out = tmp_path_factory.mktemp("corpus")
    generate(project, out, reports=14, seed=3)
    return Project(out)


def test_same_seed_same_bytes(tmp_path, project):
    generate(project, tmp_path / "a", reports=6, seed=11)
    generate(project, tmp_path / "b", reports=6, seed=11)
    generate(project, tmp_path / "c", reports=6, seed=12)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")


def test_generated_corpus_is_a_project_with_the_curated_shape(corpus, project):
    assert (corpus.root / "ontology" / "oioo.ttl").read_bytes() == project.ontology_file.read_bytes()
    assert sorted(p.name for p in corpus.queries_dir.glob("*.rq")) == sorted(p.name for p in project.queries_dir.glob("*.rq"))
    assert len(corpus.data_files) == 15  # shared.ttl and one file per report
    sources = load_sources(corpus)
    text = sources.data.serialize(format="nt")
    for kind in ("Report", "Figure", "DerivedFigure", "Derivation", "DirectQuote", "ReportedStatement", "EventDate",
                 "EvidenceSpan", "PostHolding", "Official", "Agreement", "Indicator", "Interview"):
        assert f"<https://w3id.org/oioo/ontology#{kind}>" in text, kind
    for comparator in ("Exactly", "Around", "Vague"):
        assert f"<https://w3id.org/oioo/ontology#{comparator}>" in text
    # the saved queries' defaults name curated IRIs that report 0 keeps
    assert "<https://w3id.org/oioo/id/r000-fig-returned-281-mahmood>" in text


def test_generated_corpus_is_valid(corpus):
    report = validate(load_sources(corpus))
    assert report.conforms, report.text()
    assert not report.findings, report.text()


def test_generated_spans_match_their_texts(corpus):
    problems = check_spans(load_sources(corpus).data, corpus.root / "texts")
    assert not problems, problems


def test_cli_generate(kg, tmp_path, project):
    result = kg("generate", "--reports", "3", "--seed", "5", "-o", str(tmp_path / "out"), project=project)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "data" / "report-002.ttl").is_file()
    again = kg("generate", "--reports", "3", "-o", str(tmp_path / "out"), project=project)
    assert again.exit_code == 2 and "not empty" in again.output


def test_generate_replaces_nothing_a_curator_put_in_the_directory(kg, tmp_path, project):
    """Into a directory with no data yet, it deleted queries/ (a curator's own query with it) and wrote
    over ontology/ without a word (found by a hostile read)."""
    mine = tmp_path / "out" / "queries" / "mine.rq"
    mine.parent.mkdir(parents=True)
    mine.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = kg("generate", "--reports", "2", "-o", str(tmp_path / "out"), project=project)
    assert result.exit_code == 2 and "out is not empty" in result.output
    assert mine.read_text(encoding="utf-8") == "SELECT * WHERE { ?s ?p ?o }\n"
    assert not (tmp_path / "out" / "data").exists()


@pytest.mark.parametrize("where", ["data", "data/archive", "a directory of mine"])
def test_generate_writes_no_project_into_curated_data_or_a_directory_that_holds_anything(kg, project_copy, where):
    """`kg generate -o data` wrote a whole project (ontology/, queries/, data/, texts/) inside curated data/;
    into a directory holding other files it mixed its own in."""
    mine = project_copy.root / "a directory of mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(project_copy.root.rglob("*"))
    result = kg("generate", "--reports", "2", "-o", str(project_copy.root / where), project=project_copy)
    assert result.exit_code == 2 and ("not writing there" in result.stderr or "is not empty" in result.stderr)
    assert sorted(project_copy.root.rglob("*")) == before


def test_a_number_of_reports_past_the_bound_is_refused_before_anything_is_written(kg, tmp_path, project):
    """`kg generate -n 1000000000` (a typo for a thousand) wrote until the disk was full: the count is bounded
    (MAX_REPORTS), refused in one line naming the bound, and nothing is made."""
    result = kg("generate", "-n", str(MAX_REPORTS + 1), "-o", str(tmp_path / "out"), project=project)
    assert result.exit_code == 2 and f"{MAX_REPORTS}" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_kg_generate_of_one_report_says_one_report_not_one_reports(kg, tmp_path, project):
    """`kg generate -n 1` said "wrote 1 reports (1 stories, ...)" (found by the docs walk)."""
    result = kg("generate", "--reports", "1", "-o", str(tmp_path / "one"), project=project)
    assert result.exit_code == 0, result.output
    assert re.search(r"^wrote 1 report \(1 story, \d+ countr(y|ies)\) to ", result.output, re.M), result.output
    many = kg("generate", "--reports", "2", "-o", str(tmp_path / "two"), project=project)
    assert re.search(r"^wrote 2 reports \(\d+ stor(y|ies), \d+ countr(y|ies)\) to ", many.output, re.M), many.output
