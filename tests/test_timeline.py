"""kg timeline: every value reported for an indicator, by date, with report and speaker; the chart."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal

from kg.core.errors import KGError
from kg.analysis.figures import local
from kg.core.namespaces import OI
from kg.analysis.timeline import chart, resolve_indicator, rows, timeline


def test_returns_to_france_grow_from_42_to_281(sources):
    rows = timeline(sources.asserted(), OI["ind-returned-to-france"])
    valued = [(f.date, f.number, local(f.report)) for f in rows if f.number is not None]
    assert valued[0] == ("2025", 42, "r003")
    assert {number for date, number, _ in valued[1:]} == {281} and {date for date, _, _ in valued[1:]} == {"2026"}
    assert [date for date, _, _ in valued] == sorted(date for date, _, _ in valued)
    assert {local(f.report) for f in rows} == {"r000", "r001", "r002", "r003", "r004"}


def test_rows_name_report_and_speaker_and_put_words_only_figures_last_in_their_date(sources):
    rows = timeline(sources.asserted(), OI["ind-returned-to-france"])
    voices = {(local(f.report), f.voice) for f in rows if f.number is not None}
    assert {("r000", "Chris Philp (inferred)"), ("r002", "Chris Philp"), ("r004", "Shabana Mahmood"),
            ("r003", "the report")} <= voices
    numbers = [f.number for f in rows if f.date == "2026"]
    assert numbers == sorted(numbers, key=lambda n: (n is None, n or 0))
    assert all(f.date_inferred for f in rows)  # the reports are undated: years inferred by the curators


@pytest.mark.parametrize("text", ["oi:ind-returned-to-france", "ind-returned-to-france", "returned-to-france",
                                  "Returned to France", "https://w3id.org/oioo/id/ind-returned-to-france"])
def test_an_indicator_by_iri_name_or_label(sources, text):
    assert resolve_indicator(sources.asserted(), text) == OI["ind-returned-to-france"]


def test_an_unknown_indicator_lists_the_indicators(sources):
    with pytest.raises(KGError, match="no indicator 'returns'") as caught:
        resolve_indicator(sources.asserted(), "returns")
    assert "ind-returned-to-france" in str(caught.value) and "ind-net-inflow" in str(caught.value)
    # each name two spaces at least from its label, however long, every label in one column (a name of 42
    # characters ran into its label: "ind-governments-seeking-similar-agreements governments ...", a hostile read)
    rows = [re.match(r"  (\S+)(\s+)", row) for row in str(caught.value).splitlines()[1:]]
    assert rows and all(len(row.group(2)) >= 2 for row in rows) and len({row.end() for row in rows}) == 1


def test_the_chart_is_png_and_svg_deterministic_and_says_dates_are_inferred(sources):
    figures = timeline(sources.asserted(), OI["ind-returned-to-france"])
    first, second = chart(figures, "returned to France"), chart(figures, "returned to France")
    assert first["png"].startswith(b"\x89PNG") and b"<svg" in first["svg"]
    assert first == second
    svg = first["svg"].decode("utf-8")
    assert "inferred" in svg and "Report 003" in svg and "Shabana Mahmood" in svg
    assert "<dc:date>" not in svg


def test_kg_timeline_writes_the_chart_and_prints_the_table(kg, project_copy, tmp_path):
    out = tmp_path / "charts"
    result = kg("timeline", "returned-to-france", "-o", str(out), project=project_copy)
    assert result.exit_code == 0, result.output
    assert (out / "timeline-ind-returned-to-france.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (out / "timeline-ind-returned-to-france.svg").read_bytes()
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("date "))
    assert lines[header + 2].startswith("2025 (inferred)  42 ")
    default = kg("timeline", "oi:ind-admitted-from-france", project=project_copy)
    assert default.exit_code == 0
    assert (project_copy.root / "dist" / "timelines" / "timeline-ind-admitted-from-france.svg").is_file()


def test_kg_timeline_with_a_bad_indicator_exits_2_with_the_list(kg, project_copy):
    result = kg("timeline", "no-such-thing", project=project_copy)
    assert result.exit_code == 2
    assert "no indicator 'no-such-thing'" in result.output and "ind-small-boat-arrivals" in result.output
    assert "Traceback" not in result.output
    assert not (project_copy.root / "dist" / "timelines").exists()


def test_kg_timeline_of_a_name_two_indicators_share_exits_2_naming_both_and_charts_neither(kg, project_copy):
    """A second namespace's indicator of the same local name: `kg timeline net-inflow` charted the first of the
    two in the order of a set (another at each hash seed). It now names both and asks for one by its IRI;
    each still charts by its prefixed name or IRI."""
    shared = project_copy.root / "data" / "shared.ttl"
    shared.write_text(shared.read_text() + '\n<http://example.org/ind-net-inflow> a oo:Indicator ; rdfs:label "net inflow elsewhere"@en .\n')
    result = kg("timeline", "net-inflow", project=project_copy)
    assert result.exit_code == 2, result.output
    assert "'net-inflow' names 2 indicators: give one by its IRI or prefixed name" in result.output
    assert "<http://example.org/ind-net-inflow>" in result.output and "oi:ind-net-inflow " in result.output
    assert "Traceback" not in result.output
    assert not (project_copy.root / "dist" / "timelines").exists()
    assert kg("timeline", "oi:ind-net-inflow", project=project_copy).exit_code == 0


def chart_texts(sources, indicator: str) -> list:
    """The words of an indicator's chart (matplotlib writes each text of an SVG beside it as a comment)."""
    import re

    svg = chart(timeline(sources.asserted(), OI[indicator]), "t", kinds=("svg",))["svg"].decode("utf-8")
    return re.findall(r"<!-- (.*?) -->", svg)


def test_every_point_names_its_report_as_the_pages_do_and_who_said_it(sources):
    """The legend read "r000 / r001 / r002", the labels "69 MORE · r000 · Kemi Badenoch", and the
    spokesman's "less than" triangles only the first words of what he said, cut before his name."""
    texts = chart_texts(sources, "ind-net-inflow")
    assert {"Report 000", "Report 001", "Report 002"} <= set(texts)
    assert not [t for t in texts if "r00" in t]
    points = [t for t in texts if " · Report 00" in t]
    assert len(points) == 7 and "69 MORE · Report 000 · Kemi Badenoch" in points
    assert sum(t.endswith("· the Prime Minister's official spokesman (inferred)") for t in points) == 2
    assert "net inflow of 69 · Report 001 · the report" in points


def test_a_figure_of_a_moment_has_a_column_of_its_own_not_the_count_to_dates(sources):
    """The spokesman's "at the beginning of the agreement" (oo:asOfEvent) was plotted in the 2026 column
    with the counts to date."""
    texts = chart_texts(sources, "ind-net-inflow")
    assert texts[0] == "a moment: The beginning of the" and texts.index("2026") > 0
    moment = [f for f in timeline(sources.asserted(), OI["ind-net-inflow"]) if f.as_of_event is not None]
    assert len(moment) == 2 and all("spokesman" in f.voice for f in moment)


def test_every_value_and_period_the_curators_inferred_is_marked_in_the_timeline_table_and_its_json(sources):
    """kg timeline gave report 001's exchange ratio as "1" ("balanced exchanges": the curators' 1) and its net
    inflow's period as "since operations began" (the curators' start) with no mark, while the pages said
    "(inferred)". Every figure whose value, unit or period a marker (oo:inferredValue) gives: its row marks
    it, and its JSON lists the inferred property; a figure with none is unmarked."""
    import json

    from kg.analysis.figures import figures as read_figures
    from kg.analysis.timeline import render, rows
    from kg.core.namespaces import OO

    graph = sources.asserted()
    marked = {OO.value, OO.unit, OO.referenceYear, OO.periodStartEvent}
    inferred = {s for s, m in graph.subject_objects(OO.inferredValue) if graph.value(m, OO.inferredProperty) in marked}
    assert len(inferred) >= 12  # the data's 2 values, 5 units, 3 reference years and 4 start events
    figures = read_figures(graph)
    assert {f.node for f in figures} >= inferred
    by_node = {f.node: f for f in figures}
    for f, row in zip(figures, rows(figures)):
        value, period = str(row[1]), str(row[4])
        value_read = bool({OO.value, OO.unit} & f.inferred) and f.number is not None
        period_read = f.period_stated and f.period_inferred
        assert value.endswith("(inferred)") == value_read, (f.node, value)
        assert period.endswith("(inferred)") == period_read, (f.node, period)
    for node in inferred:
        listed = json.loads(render([by_node[node]], "json"))[0]["inferred"]
        props = {local(graph.value(m, OO.inferredProperty)) for m in graph.objects(node, OO.inferredValue)}
        assert set(listed) == props, (node, listed)


def test_a_point_whose_value_unit_or_qualifier_the_curators_inferred_is_ringed_and_says_so(sources):
    """The chart marked inferred dates but plotted report 001's "balanced exchanges" as 1, and Philp's
    "virtually zero" as 0 per cent, like any stated number. Each plotted point a marker (oo:inferredValue of
    its value, unit or comparator) gives has "○ value inferred" (or unit, qualifier) in its label, and the
    chart's note says what ○ means; no other point has it."""
    from kg.analysis.figures import figures as read_figures, indicators
    from kg.core.namespaces import OO

    graph = sources.asserted()
    read_points = 0
    for indicator, _ in indicators(graph):
        texts = chart_texts(sources, local(indicator))
        plotted = [f for f in read_figures(graph, indicator) if f.number is not None and f.date]
        for f in plotted:
            number = OO.value if f.value is not None else OO.bound
            words = [w for p, w in ((number, "value"), (OO.unit, "unit"), (OO.comparator, "qualifier")) if p in f.inferred]
            label = next(t for t in texts if t.startswith(f.stated[:19]) and f"{f.report_name[1:]} · " in t)
            assert (f" · ○ {' and '.join(words)} inferred · " in label) == bool(words), (f.node, label)
            assert ("○" in label) == bool(words), (f.node, label)
            read_points += bool(words)
        note = any(t.startswith("Values marked ○ (ringed) are the curators' reading") for t in texts)
        assert note == any("○" in t for t in texts if " · Report " in t), indicator
    assert read_points >= 4  # the exchange ratio's 1, the rank's 2, Philp's two 0 per cent


def chart_points(svg: bytes) -> dict:
    """Each plotted point's label -> (its y in the SVG, pixels down from the top; its marker's shape "up",
    "down" or "other"), and the y axis's label (key "ylabel"): read from the chart's SVG, where matplotlib
    writes each text beside it as a comment and each point as a <use> of a marker path."""
    import re
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    link = "{http://www.w3.org/1999/xlink}href"
    shapes = {}
    for path in root.iter("{http://www.w3.org/2000/svg}path"):
        corners = [float(y) for y in re.findall(r"L? ?[-\d.]+ ([-\d.]+)", path.get("d", ""))]
        if path.get("id") and len(corners) == 3:  # a triangle: its apex above (up) or below (down) its base
            shapes[path.get("id")] = "up" if corners[0] < corners[1] else "down"
    words = lambda group: " ".join(c.text.strip() for c in group.iter() if c.tag is ET.Comment)  # noqa: E731
    axis = root.find(".//svg:g[@id='matplotlib.axis_2']", ns)
    found = {"ylabel": words(next(g for g in axis if g.get("id", "").startswith("text_")))}
    point = None
    for group in root.find(".//svg:g[@id='axes_1']", ns):
        marker = next((u for u in group.iter("{http://www.w3.org/2000/svg}use")
                       if u.get("x") and u.get("style", "").startswith("fill: #")), None)
        if group.get("id", "").startswith("line2d_") and marker is not None:
            point = (float(marker.get("y")), shapes.get(marker.get(link).lstrip("#"), "other"))
        elif group.get("id", "").startswith("text_") and " · Report " in words(group):
            found[words(group)] = point
    return found


def test_a_rank_chart_puts_position_1_at_the_top_and_names_its_axis_in_words(sources):
    """The annual arrivals rank drew position 1 ("all-time high") below position 2 ("second-highest"), as if
    a bigger number ranked higher, on an axis labelled "rankposition" (the unit's IRI run together). Now
    position 1 is above position 2 and the axis is the unit's label."""
    from kg.analysis.figures import label_of
    from kg.core.namespaces import OO

    graph = sources.asserted()
    points = chart_points(chart(timeline(graph, OI["ind-small-boat-arrivals-annual-rank"]), "t", kinds=("svg",))["svg"])
    first = points["all-time high · Report 002 · the report"][0]  # (at 2022 and 2025: the years they are of)
    second = points["second-highest · Report 002 · the report"][0]
    assert first < second  # SVG y grows downwards: position 1 is drawn higher up
    assert points["ylabel"] == label_of(graph, OO.RankPosition) == "rank position"


@pytest.mark.parametrize("indicator", ["ind-small-boat-arrivals-annual-rank", "ind-removal-chance",
                                       "ind-rwanda-claim-amount", "ind-returned-to-france"])
def test_every_charts_axis_is_its_units_label_never_its_iri(sources, indicator):
    """"per cent" was "percent", "pounds sterling" "poundsterling": the y axis names each unit the chart
    plots by its label."""
    from kg.analysis.figures import label_of

    graph = sources.asserted()
    figures = timeline(graph, OI[indicator])
    units = {f.unit for f in figures if f.number is not None and f.date}
    ylabel = chart_points(chart(figures, "t", kinds=("svg",))["svg"])["ylabel"]
    assert ylabel == ", ".join(sorted(label_of(graph, unit) for unit in units))


def test_a_charts_y_ticks_are_numbers_as_a_reader_writes_them_never_an_exponent(sources):
    """The £50 million claim's chart read "0, 2, 4, 6, 8" under a "1e7" above the axis: matplotlib's scale
    note, which a journalist reads as nothing. Each tick is now the number itself, thousands grouped."""
    import xml.etree.ElementTree as ET

    svg = chart(timeline(sources.asserted(), OI["ind-rwanda-claim-amount"]), "t", kinds=("svg",))["svg"]
    root = ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    axis = root.find(".//{http://www.w3.org/2000/svg}g[@id='matplotlib.axis_2']")
    ticks = [c.text.strip() for g in axis if g.get("id", "").startswith("ytick_") for c in g.iter() if c.tag is ET.Comment]
    assert "20,000,000" in ticks
    assert not any("e" in tick for tick in ticks)
    assert b"1e7" not in svg


def test_a_bound_on_a_rank_chart_points_down_the_ranking_where_its_value_lies(sources):
    """Report 004's "at least" position 2 had the upward triangle of "more than", pointing at position 1 once
    the axis put 1 at the top; its value lies at 2 or further down. A bound on a rank chart points the
    other way, and the chart's note says so; on any other chart "at least" still points up."""
    graph = sources.asserted()
    svg = chart(timeline(graph, OI["ind-small-boat-arrivals-annual-rank"]), "t", kinds=("svg",))["svg"]
    bound = next(point[1] for label, point in chart_points(svg).items() if "Report 004" in label)
    assert bound == "down"
    assert "triangle down: 'more than' / 'at least'; up: 'less than'" in svg.decode("utf-8")
    other = chart(timeline(graph, OI["ind-net-inflow"]), "t", kinds=("svg",))["svg"]
    assert {point[1] for label, point in chart_points(other).items() if label != "ylabel"} >= {"down"}  # "less than"
    assert "triangle up: 'more than' / 'at least'; down: 'less than'" in other.decode("utf-8")


def drawn(monkeypatch, figures: list, title: str = "t"):
    """The matplotlib Figure chart() saves (caught at savefig) and its renderer, to measure where text lies."""
    from matplotlib.figure import Figure

    caught, save = [], Figure.savefig
    monkeypatch.setattr(Figure, "savefig", lambda self, *a, **k: (caught.append(self), save(self, *a, **k))[1])
    chart(figures, title, kinds=("png",))
    caught[0].draw_without_rendering()  # laid out at the figure's own resolution
    return caught[0], caught[0].canvas.get_renderer()


def stated(number: str, words: str, date: str = "2025", voice: str = "", unit_label: str = "people"):
    from decimal import Decimal

    from rdflib import URIRef
    from kg.analysis.figures import StatedFigure
    from kg.core.namespaces import OO

    speakers = ((URIRef("https://example.org/p"), voice),) if voice else ()
    return StatedFigure(URIRef(f"https://example.org/f{number}-{date}"), value=Decimal(number), comparator=OO.Exactly,
                        unit=OO.People, unit_label=unit_label, stated=words, report=URIRef("https://example.org/r900"),
                        report_name="report 900", report_date=date, speakers=speakers)


def outside(figure, renderer) -> list:
    """The drawn texts (not ticks beyond the axis's limits) that end outside the figure."""
    from matplotlib.text import Text

    axes = figure.axes[0]
    low, high = sorted(axes.get_ylim())
    hidden = {id(t) for tick in axes.yaxis.get_major_ticks() if not low <= tick.get_loc() <= high
              for t in (tick.label1, tick.label2)}
    out = []
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip() and id(text) not in hidden:
            box = text.get_window_extent(renderer)
            if box.x0 < 0 or box.y0 < 0 or box.x1 > figure.bbox.width or box.y1 > figure.bbox.height:
                out.append(text.get_text())
    return out


@pytest.mark.parametrize("indicator", ["ind-rwanda-claim-amount", "ind-small-boat-arrivals"])
def test_a_charts_y_ticks_and_axis_name_lie_inside_the_figure(sources, monkeypatch, indicator):
    """The £50 million claim's ticks ("100,000,000") and its axis name ("pounds sterling"), and the arrivals'
    "people" beside "160,000", ran off the chart's left edge."""
    figure, renderer = drawn(monkeypatch, timeline(sources.asserted(), OI[indicator]))
    assert outside(figure, renderer) == []


def test_a_value_of_a_thousand_million_million_keeps_its_ticks_inside_the_figure(monkeypatch):
    figure, renderer = drawn(monkeypatch, [stated("1000000000000000", "1,000,000,000,000,000"),
                                           stated("2000000000000000", "2 quadrillion", "2026")])
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert "1,000,000,000,000,000" in ticks and not any("e" in t for t in ticks)
    assert outside(figure, renderer) == []


def test_a_title_or_label_with_a_newline_or_300_characters_is_one_line_inside_the_figure(monkeypatch):
    """A 300-character speaker's name or indicator label, with a newline, drew the title over the plot in
    five lines and a point's label off the top of the figure."""
    long = ("A $5m_cost^2 at 50% of 💸 — عدد المهاجرين מספר המהגרים line\nbreak " * 6)[:300]
    figure, renderer = drawn(monkeypatch, [stated("10", long, voice=long), stated("20", "20", "2026", voice="Jo\nBloggs")],
                             title=long)
    axes = figure.axes[0]
    labels = [t for t in axes.texts if " · Report 900 · " in t.get_text()]
    assert len(labels) == 2 and "20 · Report 900 · Jo Bloggs" in [t.get_text() for t in labels]
    assert all("\n" not in t.get_text() for t in labels + [figure._suptitle])
    assert figure._suptitle.get_text().startswith("A $5m_cost^2") and figure._suptitle.get_text().endswith("…")
    assert figure._suptitle.get_window_extent(renderer).y0 > axes.get_window_extent(renderer).y1
    # (a point's label taller than the plot still runs off its top: not yet fixed, see the branch's report)
    assert [t for t in outside(figure, renderer) if " · Report 900 · " not in t] == []


def test_a_character_the_font_lacks_is_drawn_without_a_warning_reaching_the_user(recwarn):
    """An emoji in a figure's words made kg timeline print matplotlib's "UserWarning: Glyph 128184 ...
    missing from font(s)" with a line of kg's source."""
    import warnings

    warnings.simplefilter("always")
    chart([stated("10", "10 boats 🚤💸")], "t 🚤", kinds=("svg", "png"))
    assert [str(w.message) for w in recwarn] == []


def crowd(points: int, reports: int) -> list:
    """`points` figures of one indicator over two dates, from `reports` reports in turn."""
    from dataclasses import replace

    from rdflib import URIRef

    return [replace(stated(str(n), f"a net inflow of {n}", "2025" if n % 2 else "2026", voice="Daniel Costa"),
                    node=URIRef(f"https://example.org/crowd-{n}"), report=URIRef(f"https://example.org/r{n % reports}"),
                    report_name=f"report {n % reports:03d}") for n in range(points)]


def test_a_chart_of_more_points_than_it_can_label_or_reports_than_it_can_colour_says_so_and_stays_legible():
    """An indicator of a 3,700-report archive had 50 points from 25 reports: 50 labels overlapped into a
    block no one could read, and ten colours stood for 25 reports, so a legend's blue was Report 115 and
    Report 1845 alike. Past MOST_LABELLED points no point is labelled, past MOST_COLOURED reports all are
    one colour with no legend of reports; a note says why and that the table lists every point."""
    from kg.analysis.timeline import MOST_COLOURED, MOST_LABELLED

    crowded = chart_texts_of(crowd(MOST_LABELLED + 1, MOST_COLOURED + 1))
    assert not [t for t in crowded if " · Report " in t or t.startswith("Report ")], crowded
    note = next(t for t in crowded if "too many to label" in t)
    assert note.startswith(f"{MOST_LABELLED + 1} points: too many to label each. {MOST_COLOURED + 1} reports: more "
                           "than colours can tell apart") and note.endswith("The table lists every point, with its "
                                                                            "words, report and speaker.")
    few = chart_texts_of(crowd(MOST_LABELLED, MOST_COLOURED))
    assert len([t for t in few if " · Report " in t]) == MOST_LABELLED
    assert len([t for t in few if t.startswith("Report ")]) == MOST_COLOURED
    assert not [t for t in few if "too many" in t or "more than colours" in t]


def chart_texts_of(figures: list) -> list:
    import re

    svg = chart(figures, "t", kinds=("svg",))["svg"].decode("utf-8")
    return re.findall(r"<!-- (.*?) -->", svg, flags=re.S)


def test_kg_timeline_takes_its_own_default_folder_given_with_o_and_refuses_the_rest_of_dist(kg, project_copy):
    """`-o dist/timelines`, the folder the help names as the default, was refused as "in dist/, the release,
    which only kg build writes", though kg timeline writes there when -o is left out."""
    default = project_copy.root / "dist" / "timelines"
    named = kg("timeline", "net inflow", "-o", str(default), project=project_copy)
    assert named.exit_code == 0, named.output
    assert (default / "timeline-ind-net-inflow.svg").is_file()
    elsewhere = kg("timeline", "net inflow", "-o", str(project_copy.root / "dist" / "charts-of-mine"), project=project_copy)
    assert elsewhere.exit_code == 2 and "in dist/, the release" in elsewhere.output


def test_a_charts_title_does_not_say_every_value_where_it_lists_some_unplotted(kg, project, store, project_copy, tmp_path):
    """Returned to France has values in words only ("relatively small numbers"), listed under the plot, not
    plotted, yet kg timeline's chart and the desk's were both titled "returned to France: every value reported,
    by date" (found by the desk's reading). Both now say "the values reported", from one function."""
    from kg.web.pages import Site

    out = tmp_path / "charts"
    assert kg("timeline", "returned-to-france", "-o", str(out), project=project_copy).exit_code == 0
    desk = Site(project, store, static=True, endpoint=None).chart(OI["ind-returned-to-france"])
    for svg in ((out / "timeline-ind-returned-to-france.svg").read_text(encoding="utf-8"), desk.decode("utf-8")):
        assert "Not plotted (words only)" in svg and "every value reported" not in svg
        assert "returned to France: the values reported, by date" in svg


def test_a_year_to_date_count_is_no_years_total_in_the_table_the_chart_or_the_running_line(sources, monkeypatch):
    """Report 002's "933 ... so far this year" was plotted as 2026's value beside 2025's 41,472 (a 98 % fall to a
    reader) and its period shown as "2026 (inferred)": it is "so far in 2026", in a column of its own, said in the
    chart's notes, and the line of the highest value at each date does not reach it (a hostile tester found it)."""
    figures = timeline(sources.asserted(), OI["ind-small-boat-arrivals"])
    partial = [f for f in figures if f.partial]
    assert {f.stated for f in partial} >= {"933"} and all(f.period.startswith("so far in ") for f in partial)
    assert all(Literal(f.period_words()) in row for f, row in zip(figures, rows(figures)))
    figure, _ = drawn(monkeypatch, figures)
    axes = figure.axes[0]
    ticks = {round(x): t.get_text() for x, t in zip(axes.get_xticks(), axes.get_xticklabels())}
    so_far = {x for x, t in ticks.items() if "(so far)" in t}
    assert so_far and "holds counts of that year to the report's date" in " ".join(t.get_text() for t in figure.texts)
    running = [line for line in axes.get_lines() if line.get_linestyle() == "--"]
    assert running and not so_far & {round(x) for line in running for x in line.get_xdata()}


def test_a_figure_of_a_stated_year_is_plotted_at_that_year_not_at_its_reports_date(sources, monkeypatch):
    """Report 002 (of 2026, inferred) gives the annual totals of 2022, 2023 and 2024; the chart plotted them in
    the 2026 column, labelled "(2022)", and a reader takes a point's x as its date. A figure whose year the data
    states (oo:referenceYear) is now plotted at that year, a figure without one at its date (as-of, else its
    report's); a column every point of which the curators dated is "(inferred)", one some are "(some inferred)",
    and a point whose year they read ("last year") says "year inferred"."""
    figures = timeline(sources.asserted(), OI["ind-small-boat-arrivals"])
    stated_years = {f.reference_year for f in figures if f.reference_year and not f.period_inferred}
    assert {"2022", "2023", "2024"} <= stated_years and {f.date for f in figures} == {"2025", "2026"}
    figure, _ = drawn(monkeypatch, figures)
    axes = figure.axes[0]
    ticks = {round(x): t.get_text() for x, t in zip(axes.get_xticks(), axes.get_xticklabels())}
    assert [t.split("\n")[0] for _, t in sorted(ticks.items())] == ["2022", "2023", "2024", "2025", "2025", "2026", "2026"], ticks
    column = {a.get_text(): ticks[round(a.xy[0])] for a in axes.texts if " · Report " in a.get_text()}
    for f in figures:
        if f.number is None:
            continue
        at = next(c for words, c in column.items() if words.startswith(f"{f.stated} ") or words.startswith(f"{f.stated}\u2026"))
        assert at.split("\n")[0] == (f.reference_year or f.date), (f.stated, f.reference_year, f.date, at)
        assert ("(so far)" in at) is f.partial, (f.stated, at)  # a year-to-date count: not in its year's column
    assert ticks[max(ticks)] == "2026\n(so far)\n(inferred)" and ticks[3] == "2025\n(some inferred)" and ticks[0] == "2022", ticks
    assert not any("(2022)" in words for words in column) and any("(year inferred)" in words for words in column)
