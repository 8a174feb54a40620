"""`kg build` writes the analysis (verdicts, discrepancy links) to files of its own in dist/, and the
graph that saved queries see includes it, fresh, without mixing it into the curated releases."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.reference.build import ANALYSIS_FILES, full_graph
from kg.core.namespaces import OI, OO, SCHEMA

PHILP = OI["check-r000-fig-net-inflow-70-philp"]


def test_build_writes_checks_and_discrepancies_apart_from_the_releases(kg, project_copy):
    result = kg("build", project=project_copy)
    assert result.exit_code == 0, result.output
    assert "check derived figures" in result.output
    dist = project_copy.root / "dist"
    files = json.loads((dist / "manifest.json").read_text())["files"]
    for name in ANALYSIS_FILES:
        assert (dist / name).is_file() and files[name]["sha256"]
    checks = Graph().parse(dist / "checks.ttl")
    assert (PHILP, RDF.type, SCHEMA.ClaimReview) in checks
    assert set(Graph().parse(dist / "discrepancies.ttl").subjects(RDF.type, OO.Discrepancy))
    full = Graph().parse(dist / "oioo-full.nt", format="nt")
    assert (PHILP, None, None) not in full, "verdicts stay out of the curated releases"

    graph = full_graph(project_copy)
    assert (PHILP, RDF.type, SCHEMA.ClaimReview) in graph
    assert set(graph.subjects(RDF.type, OO.Discrepancy))
    assert (OI["r000-fig-net-inflow-70-philp"], RDF.type, OO.Figure) in graph  # inferred triples too

    # a changed analysis file is not trusted: the graph recomputes it
    with open(dist / "checks.ttl", "a", encoding="utf-8") as out:
        out.write(f'\n<{PHILP}> <{RDFS.comment}> "tampered" .\n')
    assert (PHILP, RDFS.comment, Literal("tampered")) not in full_graph(project_copy)
    assert (PHILP, RDF.type, SCHEMA.ClaimReview) in full_graph(project_copy)


def test_without_a_build_queries_still_see_the_analysis(small_project):
    """(report-000 has a check and a discrepancy of its own: the reference reasons over it in half the seed's time)"""
    graph = full_graph(small_project)
    assert (PHILP, RDF.type, SCHEMA.ClaimReview) in graph
    assert set(graph.subjects(RDF.type, OO.Discrepancy))
    assert (PHILP, RDF.type, SCHEMA.ClaimReview) not in full_graph(small_project, with_analysis=False)


def test_the_analysis_sink_notes_the_triples_that_hold_a_blank_node():
    """kg.build.release labels blank nodes from StringTriples.holding: it must be every such triple."""
    from rdflib import BNode, URIRef

    from kg.build.release import blank_node_labels
    from kg.core.triples import StringTriples

    sink, node, other = StringTriples(), BNode("n1"), BNode("n2")
    sink.add((PHILP, RDFS.label, Literal("verdict")))
    sink.add((PHILP, OO.side, node))
    sink.add((node, RDFS.label, Literal("a side", lang="en")))
    sink.add((node, OO.side, other))
    sink.add((OI.r000, OO.side, URIRef(OI.r001)))
    assert sink.holding == {t for t in sink if t[0][0] == "_" or t[2][0] == "_"}
    assert len(sink.holding) == 3
    assert blank_node_labels(sink, sink.holding) == blank_node_labels(sink)


def test_kg_check_discrepancies_and_timeline_read_the_data_as_kg_build_does_not_as_an_rdflib_graph(
        kg, small_project, monkeypatch):
    """They made an rdflib Graph of the data and ran the analysis over it: at a million triples kg check
    took 235 s and kg discrepancies 426 s, where kg build's analysis takes 20 s. They now read the index
    the build reads (kg.sources.load.asserted_index), and say the same as the reference's graph would."""
    from kg.analysis import check, discrepancies, timeline
    from kg.reference.load import Sources, load_sources

    graph = load_sources(small_project).asserted()
    expected = {"check": check.render(check.check_all(graph), "json"),
                "discrepancies": discrepancies.render(discrepancies.detect(graph), "json"),
                "timeline": timeline.render(timeline.timeline(graph, OI["ind-net-inflow"]), "json")}

    def refused(self):
        raise AssertionError("an rdflib Graph of the whole data was made")

    monkeypatch.setattr(Sources, "asserted", refused)
    for command in ("check", "discrepancies"):
        result = kg(command, "--format", "json", "-o", str(small_project.root / f"{command}.json"),
                    project=small_project)
        assert result.exit_code == 0, result.output
        assert (small_project.root / f"{command}.json").read_text(encoding="utf-8") == expected[command]
    result = kg("timeline", "net-inflow", "--format", "json", "-o", str(small_project.root / "charts"),
                project=small_project)
    assert result.exit_code == 0, result.output
    assert expected["timeline"].strip() in result.output and '"value"' in expected["timeline"]


def test_with_a_release_kg_check_and_kg_discrepancies_make_no_graph_of_links_they_do_not_write(
        kg, small_project, monkeypatch):
    """The links were made (a minute at a million triples) and then left unwritten, the release's being there."""
    from kg import engines
    from kg.analysis import check, discrepancies

    engines.build(small_project, None)

    def refused(*args, **kwargs):
        raise AssertionError("made, never written")

    monkeypatch.setattr(check, "reviews", refused)
    monkeypatch.setattr(discrepancies, "links", refused)
    for command in ("check", "discrepancies"):
        result = kg(command, project=small_project)
        assert result.exit_code == 0 and "is the release's, as kg build wrote it: left as it is" in result.output


@pytest.mark.parametrize("command", ["check", "discrepancies"])
def test_the_note_on_the_releases_file_suggests_writing_elsewhere_only_to_who_did_not(kg, small_project, tmp_path,
                                                                                    command):
    """`kg check --format turtle -o FILE` wrote FILE, then said dist/checks.ttl was left as it is, '--format
    turtle -o FILE writes them elsewhere': advice to do what had just been done. The note keeps the advice
    for the other formats and drops it for that one."""
    from kg import engines

    engines.build(small_project, None)
    advice = "--format turtle -o FILE writes them elsewhere"
    plain = kg(command, project=small_project)
    assert plain.exit_code == 0 and advice in plain.output, plain.output
    out = tmp_path / "out.ttl"
    written = kg(command, "--format", "turtle", "-o", str(out), project=small_project)
    assert written.exit_code == 0 and out.stat().st_size > 0, written.output
    assert "left as it is" in written.output and advice not in written.output, written.output
