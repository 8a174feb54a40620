"""`kg extract` and `kg add`: drafts of reports written for these tests (tests/fixtures/extract/), in the
habits of different outlets, against their expected output; bad input; `kg add`; `--evaluate` on the seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import BNode, Graph
from rdflib.namespace import PROV, RDF

from kg.extract import draft as extract
from kg.extract.evaluate import evaluate, normalise_quote
from kg.reference.load import parse_turtle
from kg.namespaces import OA, OO
from kg.reference.validate import shacl

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
CASES = sorted(p.stem for p in FIXTURES.glob("*.yaml"))


@pytest.fixture(scope="module")
def gazetteer(project):
    return extract.gazetteer_for(project)


@pytest.fixture(scope="module")
def drafts(gazetteer):
    out = {}
    for name in CASES:
        path = FIXTURES / f"{name}.txt"
        out[name] = extract.draft(extract.read_article(path), path.name, gazetteer, extract.sha256_of(path))
    return out


def _local(iri) -> str:
    return str(iri).split("/")[-1]


@pytest.mark.parametrize("name", CASES)
def test_quotes_and_speakers_are_the_expected_ones(name, drafts):
    expected = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    result = drafts[name]
    found = {(_local(s.speaker.iri), result.text[s.quote[0]:s.quote[1]]) for s in result.quotes}
    assert found == {tuple(q) for q in expected["quotes"]}


@pytest.mark.parametrize("name", CASES)
def test_figures_are_the_expected_ones(name, drafts):
    expected = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    found = {(None if f.mention.value is None else float(f.mention.value), f.mention.unit, f.mention.comparator)
             for f in drafts[name].figures}
    assert found == {(None if v is None else float(v), unit, comparator) for v, unit, comparator in expected["figures"]}


@pytest.mark.parametrize("name", CASES)
def test_new_people_and_organisations_become_nodes(name, drafts):
    expected = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    new = {_local(iri) for iri in drafts[name].new_entities}
    assert set(expected.get("new", [])) <= new
    reported = {_local(s.speaker.iri) for s in drafts[name].statements if s.quote is None}
    assert set(expected.get("reported", [])) <= reported


def test_figure_in_a_quote_is_in_the_speakers_voice_and_mentioned_by_the_quote(drafts):
    result = drafts["mail_style"]
    figure = next(f for f in result.figures if f.mention.value == 40000)
    assert _local(figure.voice.iri) == "kemi-badenoch"
    quote = next(s for s in result.quotes if "40,000" in result.text[s.quote[0]:s.quote[1]])
    assert figure.iri in quote.figures
    said = next(f for f in result.figures if f.mention.value == 150)
    assert _local(said.voice.iri) == "home-office"  # "..., the Home Office said": a reported statement's voice
    own = next(f for f in result.figures if f.mention.value == 4)
    assert own.voice is None  # "new figures reveal": the report's own voice


def test_known_people_posts_and_agreements_link_to_existing_iris(drafts):
    graph = extract.to_graph(drafts["telegraph_style"])
    statement = next(s for s in drafts["telegraph_style"].quotes if _local(s.speaker.iri) == "shabana-mahmood")
    assert _local(statement.speaker.iri) == "shabana-mahmood"
    report = drafts["guardian_style"].report
    about = {_local(o) for o in extract.to_graph(drafts["guardian_style"]).objects(report, None)}
    assert "uk-france-returns-agreement" in about and "home-office" in about
    assert graph.value(drafts["telegraph_style"].report, OO.sha256) is not None


def test_every_drafted_node_is_marked_unreviewed_and_spans_match_the_text(drafts):
    for name, result in drafts.items():
        graph = extract.to_graph(result)
        for node in set(graph.subjects()):
            if isinstance(node, BNode) or (node, RDF.type, OO.Extraction) in graph:
                continue
            assert (node, OO.reviewStatus, OO.Unreviewed) in graph, (name, node)
            assert graph.value(node, PROV.wasGeneratedBy) is not None
        for span in graph.subjects(RDF.type, OO.EvidenceSpan):
            start, end = int(graph.value(span, OA.start)), int(graph.value(span, OA.end))
            assert result.text[start:end] == str(graph.value(span, OA.exact))
            assert "\n" not in str(graph.value(span, OA.exact))
        for fact, quote in graph.subject_objects(OO.quote):
            assert any(str(quote) in str(graph.value(e, OA.exact)) for e in graph.objects(fact, OO.evidence))


def test_drafts_validate_against_the_shapes(project, drafts):
    data = Graph()
    for result in drafts.values():
        for triple in extract.to_graph(result):
            data.add(triple)
    parse_turtle(project.root / "data" / "shared.ttl", into=data)
    conforms, _, text = shacl(data, parse_turtle(project.shapes_file), parse_turtle(project.ontology_file))
    assert conforms, text


def test_output_is_deterministic(drafts, gazetteer):
    path = FIXTURES / "guardian_style.txt"
    again = extract.draft(extract.read_article(path), path.name, gazetteer, extract.sha256_of(path))
    assert extract.serialize(again) == extract.serialize(drafts["guardian_style"])


def test_output_is_the_same_under_other_hash_seeds(tmp_path):
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "kg", "extract", str(FIXTURES / "times_style.txt")],
                              capture_output=True, env=env, check=True, cwd=Path(__file__).resolve().parents[1])
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_quotes_in_single_marks_with_apostrophes():
    from kg.extract.text import quotations

    text = "She said: 'We must protect migrants' rights, and we will.' Then 'It's done,' he said."
    assert [q.inner(text) for q in quotations(text)] == ["We must protect migrants' rights, and we will.", "It's done,"]
    doubled = "The Home Secretary acknowledged ‘‘practical issues’’ with it."
    assert [q.inner(doubled) for q in quotations(doubled)] == ["practical issues"]


def test_quote_normalisation_for_scoring():
    assert normalise_quote("‘We’ve had 350,’") == normalise_quote("We've had 350")


# ------------------------------------------------------------------------------------ the CLI

def test_extract_prints_turtle_and_a_summary(kg, project, tmp_path):
    result = kg("extract", str(FIXTURES / "bbc_style.txt"), project=project)
    assert result.exit_code == 0, result.output
    assert "oo:DirectQuote" in result.stdout and "oo:Unreviewed" in result.stdout
    assert "direct quotes:" in result.stderr
    out = tmp_path / "draft.ttl"
    assert kg("extract", str(FIXTURES / "bbc_style.txt"), "-o", str(out), project=project).exit_code == 0
    assert (OO.reviewStatus, None) and len(Graph().parse(out, format="turtle")) > 20


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"  \n\n", "empty"),
    ("Caf\u00e9 said \u201cno\u201d".encode("latin-1", "replace"), "not UTF-8"),
    (b"<html><body><p>Mahmood said 281.</p></body></html>", "HTML"),
    ((FIXTURES / "no_facts.txt").read_bytes(), "no quotes"),
])
def test_bad_input_gets_a_one_line_message_and_exit_code_2(kg, project, tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    for command in ("extract", "add"):
        result = kg(command, str(path), project=project)
        assert result.exit_code == 2, result.output
        assert message in result.stderr and "Traceback" not in result.output
        assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_and_missing_argument(kg, project, tmp_path):
    assert kg("extract", str(tmp_path / "nope.txt"), project=project).exit_code == 2
    assert kg("extract", project=project).exit_code == 2


def test_add_writes_a_new_data_file_once_and_the_project_still_validates(kg, project_copy, tmp_path):
    article = tmp_path / "007_guardian.txt"
    shutil.copy(FIXTURES / "guardian_style.txt", article)
    result = kg("add", str(article), project=project_copy)
    assert result.exit_code == 0, result.output
    target = project_copy.root / "data" / "report-007.ttl"
    assert target.is_file() and "wrote data/report-007.ttl" in result.stdout
    assert "direct quotes:" in result.stdout
    before = target.read_bytes()
    again = kg("add", str(article), project=project_copy)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert target.read_bytes() == before
    validated = kg("validate", project=project_copy)
    assert validated.exit_code == 0, validated.output


def test_evaluate_on_a_directory_without_curated_reports(kg, project, tmp_path):
    shutil.copy(FIXTURES / "bbc_style.txt", tmp_path / "bbc_style.txt")
    result = kg("extract", "--evaluate", str(tmp_path), project=project)
    assert result.exit_code == 0 and "no curated report" in result.stdout
    assert kg("extract", "--evaluate", str(tmp_path / "none"), project=project).exit_code == 2


def test_evaluation_on_the_seeds_meets_the_targets(project, seeds_dir):
    scores, _ = evaluate(project, seeds_dir)
    figures, _, quotes = scores
    assert figures.recall >= 0.95 and figures.precision >= 0.9
    assert quotes.recall >= 0.9 and quotes.precision >= 0.9
