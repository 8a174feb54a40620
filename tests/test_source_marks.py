"""Never more than the source says, in every output a reader or a program reads beyond the desk's pages: a value
the evidence does not state (a year read from "last year" against the report's inferred date, a speaker or a name
the curators supplied, the curators' gist of reported speech) carries its mark wherever it is shown."""

from __future__ import annotations

import json


from kg.analysis.discrepancies import detect
from kg.analysis.figures import FigureReader
from kg.analysis.timeline import render, rows, timeline
from kg.namespaces import OI

PHILP_41000 = OI["r000-fig-arrivals-2025-41000-philp"]  # "when 41,000 arrived last year": 2025, read


def test_a_year_read_from_last_year_is_a_period_the_curators_inferred(sources):
    """oo:dateInferred on a figure with a reference year and no as-of date marks the year as read from relative
    words ("last year") against the report's date: the shared reading of a figure marks its period inferred."""
    f = FigureReader(sources.asserted())[PHILP_41000]
    assert f.period == "2025" and f.period_inferred
    assert f.period_words() == "2025 (inferred)" and "referenceYear" in f.inferred_names


def test_kg_timeline_marks_a_year_read_from_last_year_in_its_table_and_json(sources):
    figures = timeline(sources.asserted(), OI["ind-small-boat-arrivals"])
    read = next(f for f in figures if f.node == PHILP_41000)
    period = rows([read])[0][4]
    assert str(period) == "2025 (inferred)"
    entry = next(e for e in json.loads(render(figures, "json")) if e["figure"] == str(PHILP_41000))
    assert "referenceYear" in entry["inferred"]
    stated = next(f for f in figures if str(f.node).endswith("r002-fig-arrivals-2025-41472-report"))  # "in 2025"
    assert str(rows([stated])[0][4]) == "2025"


def test_a_disagreements_text_marks_a_year_read_from_last_year(sources):
    """Regression: "Small-boat arrivals, 2025: Report 000 (Chris Philp, inferred) and report 002 (Chris Philp) say
    41,000" (and "281 against 41,000 (2025)"), where both 41,000s are of "last year" read as 2025."""
    texts = [d.explanation for d in detect(sources.asserted())]
    rounding = next(t for t in texts if t.startswith("Small-boat arrivals, 2025"))
    assert rounding.startswith("Small-boat arrivals, 2025 (inferred for "), rounding
    share = next(t for t in texts if t.startswith("Returned share of arrivals"))
    assert "against 41,000 (2025)" not in share and "against 41,000 (2025, inferred)" in share, share


def test_a_disagreements_title_marks_a_date_every_report_of_it_gives_in_relative_words(sources):
    """Regression: "Reports contradict each other on ... deal agreed ...: July 2025 or August 2025", where the only
    report of August ("in August", report 002) gives no year: the title now marks it as the explanation did; July,
    which report 004 writes in full ("in July 2025"), stays unmarked."""
    found = detect(sources.asserted())
    contradiction = next(d for d in found if d.kind == "contradiction")
    assert contradiction.label().endswith(": July 2025 or August 2025 (inferred)"), contradiction.label()
    milestones = next(d for d in found if d.kind == "different-event")
    assert milestones.label().endswith("began operations in September 2025 (inferred)"), milestones.label()

