"""What the desk's fixed words say of a generated corpus, where the seed data cannot show them false: each page's
phrases say no more than the data (kg generate's reports, built as kg build does)."""

from __future__ import annotations

import re

import pytest

from kg.namespaces import OI, OO
from kg.sources.project import Project


@pytest.fixture(scope="module")
def crowded_site(project, tmp_path_factory):
    """Eleven generated reports: each indicator's chart has a value from more reports than it tells apart by
    colour (kg.analysis.timeline.MOST_COLOURED)."""
    from kg.graph import build as engine_build
    from kg.query.store import open_store
    from kg.sources.generate import generate
    from kg.web.pages import Site

    out = tmp_path_factory.mktemp("crowded") / "corpus"
    generate(project, out, reports=11, seed=3)
    corpus = Project(out)
    engine_build.build(corpus)
    return Site(corpus, open_store(corpus, in_memory=True), static=True, endpoint=None)


def test_a_chart_of_more_reports_than_it_has_colours_is_not_said_to_have_one_colour_per_report(crowded_site):
    """The home page's thumbnails said "Chart of the 22 values reported for net inflow, by date, one colour per
    report" of charts of eleven reports, which a chart draws in one colour (past MOST_COLOURED a colour would
    stand for two). The words now say a colour per report only where the chart gives one."""
    from kg.analysis.timeline import MOST_COLOURED

    html = crowded_site.home({"triples": 1, "endpoint": None, "dumps": [], "api": False,
                              "base_url": "https://w3id.org/oioo/", "manifest": "dumps/manifest.json"})
    alts = re.findall(r'<img src="[^"]*chart.svg" alt="([^"]*)"', html)
    assert alts and all("colour" not in alt for alt in alts), alts
    reports = {crowded_site.desk.figure(n).report for n in crowded_site.graph.subjects(OO.indicator, OI["ind-net-inflow"])
               if crowded_site.desk.figure(n).report is not None}
    assert len(reports) > MOST_COLOURED
