"""Every evidence span occurs exactly at its offsets in its report's source text."""

from rdflib import Literal

from kg.graph.spans import check_spans, locate, read_source, sha256_of
from kg.namespaces import OA, OO


def test_every_evidence_span_matches_its_source_text(sources, seeds_dir):
    problems = check_spans(sources.data, seeds_dir)
    assert problems == []


def test_every_report_names_a_source_file_with_its_sha256(sources, seeds_dir):
    reports = set(sources.data.subjects(OO.sourceFileName, None))
    assert {(seeds_dir / str(sources.data.value(r, OO.sourceFileName))).name for r in reports} == {
        p.name for p in seeds_dir.glob("*.txt")
    }
    for report in reports:
        path = seeds_dir / str(sources.data.value(report, OO.sourceFileName))
        assert str(sources.data.value(report, OO.sha256)) == sha256_of(path), report
        assert int(sources.data.value(report, OO.characterCount)) == len(read_source(path)), report


def test_span_check_reports_a_digest_that_is_not_the_files(sources, seeds_dir):
    changed = sources.asserted()
    report = sorted(changed.subjects(OO.sourceFileName, None))[0]
    changed.set((report, OO.sha256, Literal("0" * 64)))
    problems = check_spans(changed, seeds_dir)
    assert len(problems) == 1 and f"the graph says {'0' * 64}" in problems[0], problems


def test_span_check_reports_a_shifted_offset(sources, seeds_dir):
    shifted = sources.asserted()
    span = next(iter(sorted(shifted.objects(None, OO.evidence))))
    start = shifted.value(span, OA.start)
    shifted.set((span, OA.start, type(start)(int(start) + 1)))
    problems = check_spans(shifted, seeds_dir)
    assert len(problems) == 1 and "but the evidence says" in problems[0]


def test_the_project_holds_no_copy_of_an_article_text(project, seeds_dir):
    texts = [p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")]
    for path in project.root.rglob("*"):
        if path.is_file() and ".git" not in path.parts and path.suffix in {".txt", ".ttl", ".md", ".py"}:
            content = path.read_text(encoding="utf-8", errors="ignore")
            for text in texts:
                paragraphs = [p for p in text.split("\n") if len(p) > 400]
                assert not any(p in content for p in paragraphs), f"{path} holds an article paragraph"


def test_locate_finds_the_nth_occurrence():
    assert locate("281 and 281", "281", 2) == (8, 11)
