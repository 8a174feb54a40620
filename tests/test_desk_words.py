"""What the desk's fixed words say of a generated corpus, where the seed data cannot show them false: each page's
phrases say no more than the data (kg generate's reports, built as kg build does)."""

from __future__ import annotations

import re

import pytest

from kg.core.namespaces import OI, OO
from kg.sources.project import Project
from test_desk import OVERVIEW, text_of


def generated_site(project, where, reports: int):
    """The desk of `reports` generated reports (kg generate -s 3), built at `where` as kg build does."""
    from kg.build import pipeline as engine_build
    from kg.query.store import open_store
    from kg.sources.generate import generate
    from kg.web.pages import Site

    generate(project, where / "corpus", reports=reports, seed=3)
    corpus = Project(where / "corpus")
    engine_build.build(corpus)
    return Site(corpus, open_store(corpus, in_memory=True), static=True, endpoint=None)


@pytest.fixture(scope="module")
def crowded_site(project, tmp_path_factory):
    """Eleven generated reports: each indicator's chart has a value from more reports than it tells apart by
    colour (kg.analysis.timeline.MOST_COLOURED)."""
    return generated_site(project, tmp_path_factory.mktemp("crowded"), 11)


def test_a_chart_of_more_reports_than_it_has_colours_is_not_said_to_have_one_colour_per_report(crowded_site):
    """The home page's thumbnails said "Chart of the 22 values reported for net inflow, by date, one colour per
    report" of charts of eleven reports, which a chart draws in one colour (past MOST_COLOURED a colour would
    stand for two). The words now say a colour per report only where the chart gives one."""
    from kg.analysis.timeline import MOST_COLOURED

    html = crowded_site.home(OVERVIEW)
    alts = re.findall(r'<img src="[^"]*chart.svg" alt="([^"]*)"', html)
    assert alts and all("colour" not in alt for alt in alts), alts
    reports = {crowded_site.desk.figure(n).report for n in crowded_site.graph.subjects(OO.indicator, OI["ind-net-inflow"])
               if crowded_site.desk.figure(n).report is not None}
    assert len(reports) > MOST_COLOURED


@pytest.fixture(scope="module")
def one_report_site(project, tmp_path_factory):
    """One generated report: its disagreements are between its own speakers."""
    return generated_site(project, tmp_path_factory.mktemp("one"), 1)


def test_the_home_page_of_one_report_says_one_report_is_and_its_disagreements_are_not_between_reports(one_report_site):
    """Of a corpus of one report (kg generate -n 1), the home page said "1 news report are broken down into 9
    figures" and "where reports give different numbers for the same thing, the difference is explained (2
    disagreements)": both disagreements are between speakers of the one report. It now says "1 news report is"
    and "where reports or speakers give different numbers", as its section on them does."""
    html = one_report_site.home(OVERVIEW)
    lead = text_of(re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1))
    assert "1 news report is broken down into" in lead, lead
    assert "where reports or speakers give different numbers for the same thing" in lead and "(2 disagreements)" in lead, lead
