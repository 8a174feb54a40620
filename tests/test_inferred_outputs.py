"""Every value the curators inferred is marked, machine-readably, in the JSON of kg timeline, kg check and
kg discrepancies (docs/publishing.md "The inferred column"; docs/modelling.md "Nothing silent").

The marks expected are worked out here from the data's markers alone (oo:inferredValue with
oo:inferredProperty, oo:dateInferred true), for every object each output gives, and compared with what
the output says: a value shown unmarked fails, and so does a mark on a value the report states.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Literal
from rdflib.namespace import RDF

from kg.analysis import check, discrepancies, timeline
from kg.analysis.figures import indicators, label_of, local
from kg.core.namespaces import OO, SCHEMA


@pytest.fixture(scope="module")
def graph(sources):
    return sources.asserted()


def props(graph, node) -> set:
    """The properties the node's markers name."""
    return {graph.value(marker, OO.inferredProperty) for marker in graph.objects(node, OO.inferredValue)}


def date_read(graph, node) -> bool:
    return (node, OO.dateInferred, Literal(True)) in graph


def report_date_read(graph, report) -> bool:
    return graph.value(report, SCHEMA.datePublished) is None and SCHEMA.datePublished in props(graph, report)


def speakers_read(graph, figure) -> list[str]:
    """The names of the figure's speakers whom no statement of it by them names (every one marks its speaker)."""
    by_speaker: dict = {}
    for statement in graph.subjects(OO.mentionsFigure, figure):
        for speaker in graph.objects(statement, OO.speaker):
            by_speaker.setdefault(speaker, []).append(OO.speaker in props(graph, statement))
    return sorted(label_of(graph, s) for s, marks in by_speaker.items() if all(marks))


def figure_marks(graph, figure) -> dict:
    """What a figure's JSON (kg timeline; an input of kg check) must mark."""
    as_of = graph.value(figure, OO.asOf)
    year_read = as_of is None and graph.value(figure, OO.referenceYear) is not None and date_read(graph, figure)
    return {"inferred": sorted(local(p) for p in props(graph, figure) | ({OO.referenceYear} if year_read else set())),
            "speakersInferred": speakers_read(graph, figure),
            "reportDateInferred": report_date_read(graph, graph.value(figure, OO.inReport)),
            "asOfInferred": as_of is not None and date_read(graph, figure)}


def side_marks(graph, node) -> list[str]:
    """Which of a discrepancy side's said, voice and date are the curators' reading."""
    read = props(graph, node)
    if (node, RDF.type, OO.EventDate) in graph:
        return ["said", "date"] if date_read(graph, node) else []
    if graph.value(node, OO.indicator) is None:  # a statement (an account of what a voice said)
        return ["voice"] * (OO.speaker in read) + ["date"] * (graph.value(node, OO.date) is not None
                                                               and date_read(graph, node))
    value = graph.value(node, OO.value)
    number = OO.value if value is not None else OO.bound if graph.value(node, OO.bound) is not None else None
    said = (number is not None and bool({number, OO.unit} & read)) or OO.comparator in read
    as_of = graph.value(node, OO.asOf)
    dated = date_read(graph, node) if as_of is not None else report_date_read(graph, graph.value(node, OO.inReport))
    return ["said"] * said + ["voice"] * bool(speakers_read(graph, node)) + ["date"] * dated


def test_every_value_the_curators_inferred_is_marked_in_kg_timelines_json(graph):
    marked = set()
    for indicator, _ in indicators(graph):
        for entry in json.loads(timeline.render(timeline.timeline(graph, indicator), "json")):
            figure = next(f for f in graph.subjects(OO.statedAs, None) if str(f) == entry["figure"])
            expected = figure_marks(graph, figure)
            assert {key: entry[key] for key in expected} == expected, entry["figure"]
            assert entry["dateInferred"] == (expected["asOfInferred"] if entry["asOf"] else expected["reportDateInferred"])
            if any(expected.values()):
                marked.add(figure)
    with_markers = {n for n, _ in graph.subject_objects(OO.inferredValue) if graph.value(n, OO.indicator) is not None}
    assert with_markers <= marked  # every figure a marker names, shown and marked
    assert any(figure_marks(graph, f)["speakersInferred"] for f in marked)


def test_every_value_the_curators_inferred_is_marked_in_kg_checks_json(graph):
    verdicts = json.loads(check.render(check.check_all(graph), "json"))
    figures = {str(f): f for f in graph.subjects(OO.statedAs, None)}
    marked = []
    for verdict in verdicts:
        expected = figure_marks(graph, figures[verdict["figure"]])
        assert verdict["inferred"] == expected["inferred"], verdict["figure"]
        assert verdict["speakersInferred"] == expected["speakersInferred"], verdict["figure"]
        for source in verdict["inputs"]:
            wanted = figure_marks(graph, figures[source["figure"]])
            assert {key: source[key] for key in wanted} == wanted, (verdict["figure"], source["figure"])
            marked += [source["figure"]] * any(wanted.values())
        marked += [verdict["figure"]] * any(expected.values())
    assert marked  # the derivations the curators read, their speakers and inputs


def test_every_value_the_curators_inferred_is_marked_in_kg_discrepancies_json(graph):
    found = json.loads(discrepancies.render(discrepancies.detect(graph), "json"))
    nodes = {str(n): n for n in set(graph.subjects()) if not isinstance(n, Literal)}
    kinds_marked = set()
    for d in found["discrepancies"]:
        for group in d["groups"]:
            for side in group["sides"]:
                expected = side_marks(graph, nodes[side["node"]])
                assert side["inferred"] == expected, (d["discrepancy"], side["node"])
                assert ("inferred" in side["voice"]) == ("voice" in expected), side
                kinds_marked |= set(expected)
    assert kinds_marked == {"said", "voice", "date"}  # the data has each
    quotes_marked = 0
    for comparison in found["quotes"]:
        for quote in (comparison["a"], comparison["b"]):
            read = OO.speaker in props(graph, nodes[quote["statement"]])
            assert quote["speakerInferred"] == read, (comparison["comparison"], quote["statement"])
            quotes_marked += read
    assert quotes_marked
