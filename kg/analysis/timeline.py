"""How the figures for one indicator change over time (`kg timeline INDICATOR`): a table and a chart.

Every figure reported for the indicator, ordered by its date: the figure's oo:asOf where the report
gives one, else the report's date (schema:datePublished, or the curators' inferred value: for these
undated reports, a year), then by value. Each row names its report and speaker.

The chart (PNG and SVG, matplotlib's Agg backend, no display needed) puts the dates on x in order, one
slot per date, and the values on y. A figure's x is the period it is about where the data states one (its
oo:referenceYear: report 002's "45,774 in 2022", stated in a report of 2026, is plotted at 2022; a reader
takes the x as the figure's date, and it stood at the report's), else its date as above; the points of one date are spread across its slot in value order,
each labelled with its report and speaker (the report's own voice: "the report"). A figure of a
moment (oo:asOfEvent: "at the beginning of the agreement") has a column of its own, named for the
moment, before the dates: it is no count to the report's date, and the running line leaves it out. A dashed line joins the highest value stated as exact or
approximate at each date, so a running count that grows shows as a rising line. Bounds ("more than")
are triangles, approximate values hollow circles; figures with words only ("relatively small numbers")
are listed in the table but not plotted. The chart says when dates are inferred, and rings (○) a point
whose value, unit or qualifier the curators inferred, its label saying which. Output is
deterministic: a fixed SVG hash salt and no dates or software versions in the files' metadata.
"""

from __future__ import annotations

import io
import json
import textwrap
import warnings
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.core.errors import KGError, echoed
from kg.analysis.figures import INFERRED, StatedFigure, fmt, indicators, label_of, local, named, value_of
from kg.analysis.figures import figures as read_figures
from kg.core.namespaces import OO
from kg.sparql.output import short
from kg.sparql.saved import expand_iri

MARKERS = {OO.Exactly: "o", OO.Around: "o", OO.Average: "o", OO.MoreThan: "^", OO.AtLeast: "^", OO.LessThan: "v",
           OO.Almost: "v", OO.UpTo: "v", OO.AtMost: "v"}
LABEL_LENGTH = 72  # characters of a point's label: its words, report and speaker
VOICE_LENGTH = 60  # characters of the speaker's name in a point's label
TITLE_LENGTH = 120  # characters of a chart's title: one line across the figure
NOTE_LENGTH = 80  # characters of words quoted in the chart's notes
MOST_LABELLED = 24  # points a chart labels; past that their labels overlap into a block no one reads
MOST_COLOURED = 10  # reports a chart tells apart by colour (matplotlib's ten); past that colours repeat
READ = "○"  # the ring round a point whose value, unit or qualifier is the curators' reading


def resolve_indicator(graph: Graph, text: str) -> URIRef:
    """An indicator from its IRI, prefixed name, local name ("ind-net-inflow", "net-inflow") or label. A name
    or label that several indicators share (two namespaces may each have an ind-x) is refused, naming them:
    which one a chart shows must not depend on an order nobody chose."""
    known = indicators(graph)
    wanted = text.strip()
    try:
        iri = expand_iri(wanted, "indicator")
    except KGError:
        iri = None
    if iri is not None and any(iri == k for k, _ in known):
        return iri
    named = [iri for iri, label in known
             if wanted.lower() in (local(iri).lower(), local(iri).lower().removeprefix("ind-"), label.lower())]
    if len(named) == 1:
        return named[0]
    if named:  # (columns as wide as the longest name: at 40, a longer one ran into its label)
        width = max(len(short(i)) for i in named)
        listing = "\n".join(f"  {short(i):{width}}  {label_of(graph, i)}" for i in named)
        raise KGError(f"{echoed(text, quoted=True)} names {len(named)} indicators: give one by its IRI or prefixed "
                      f"name:\n{listing}")
    width = max((len(local(i)) for i, _ in known), default=0)
    listing = "\n".join(f"  {local(i):{width}}  {label}" for i, label in known)
    raise KGError(f"no indicator {echoed(text, quoted=True)}. Indicators:\n{listing}")


def timeline(graph: Graph, indicator: URIRef) -> list[StatedFigure]:
    """The indicator's figures by date (as-of, else the report's), then value, report and IRI."""
    def key(f: StatedFigure):
        number = f.number if f.number is not None else Decimal("Infinity")
        return (f.date or "9999", number, local(f.report), str(f.node))
    return sorted(read_figures(graph, indicator), key=key)


HEADER = ["date", "value", "statedAs", "comparator", "period", "report", "speaker", "figure"]


def rows(figures: list[StatedFigure]) -> list[list]:
    """Table rows (HEADER) for the figures, as RDF terms for kg.sparql.output.table."""
    return [[Literal(f.date + INFERRED * f.date_inferred),
             Literal(f.value_marked(fmt(f.number) if f.number is not None else "")), Literal(f.stated),
             Literal(f.comparator_marked()), Literal(f.period_words()), f.report, Literal(f.voice), f.node]
            for f in figures]


def undated_note(figures: list[StatedFigure]) -> str:
    """Figures with no date (a draft whose report has none): listed last and not plotted ("" if none)."""
    undated = [f for f in figures if not f.date]
    if not undated:
        return ""
    return (f"{len(undated)} figure{'s' if len(undated) > 1 else ''} with no date (no as-of date and no report "
            "date: give the report one in its file, docs/extraction.md, \"Report identity and date\"): listed last, "
            "not plotted: "
            + ", ".join(named(f.node) for f in undated))


def render(figures: list[StatedFigure], fmt_name: str = "table") -> str:
    from kg.sparql.output import table

    if fmt_name == "json":
        return json.dumps([dict(date=f.date, dateInferred=f.date_inferred, **f.as_dict()) for f in figures],
                          indent=2, ensure_ascii=False) + "\n"
    return table(HEADER, rows(figures)) + "\n"


def _tick(value: float, _position=None) -> str:
    """A y tick as a reader writes the number: thousands grouped, no exponent, no ".0".

    >>> _tick(10_000_000.0), _tick(2.5), _tick(-0.0), _tick(0.1 + 0.2)
    ('10,000,000', '2.5', '0', '0.3')
    """
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def chart(figures: list[StatedFigure], title: str, subtitle: str = "", running: bool = True,
          kinds: tuple = ("png", "svg")) -> dict[str, bytes]:
    """The chart as {"png": bytes, "svg": bytes} (those of `kinds`); `running` draws the line through each
    date's highest value. The title sits above the plot and the y axis grows until every point's label
    fits inside it, so no label runs into the title however long the words are."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    plotted = [f for f in figures if f.number is not None and f.date]
    # a ranking reads with position 1 at the top: its axis reversed, so a bound's triangle points the other way
    ranked = bool(plotted) and all(f.unit == OO.RankPosition for f in plotted)
    markers = {c: {"^": "v", "v": "^"}.get(m, m) for c, m in MARKERS.items()} if ranked else MARKERS
    words_only = [f for f in figures if f.number is None]
    undated = [f for f in figures if f.number is not None and not f.date]
    # a figure of a moment (oo:asOfEvent) in a column of its own, before the dates, never with the counts to date
    moments = sorted({_slot(f) for f in plotted if f.as_of_event is not None})
    dates = moments + sorted({_slot(f) for f in plotted if f.as_of_event is None}, key=lambda d: d or "9999")
    reports = sorted({_report(f) for f in plotted})
    # past MOST_COLOURED reports a colour would stand for two of them: one colour, and the table names each report
    coloured = len(reports) <= MOST_COLOURED
    colours = {r: f"C{i}" if coloured else "C0" for i, r in enumerate(reports)}
    labelled = len(plotted) <= MOST_LABELLED
    # text.parse_math off: a figure stated as "$5m, up from $4m" is words, not TeX between dollar signs
    with matplotlib.rc_context({"svg.hashsalt": "oioo-kg", "svg.fonttype": "path", "font.family": "DejaVu Sans",
                                "text.parse_math": False}), warnings.catch_warnings():
        # a character the font lacks (an emoji) is drawn as a box; matplotlib's warning, naming a line of this
        # file, reached the user of kg timeline
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        figure = Figure(figsize=(11, 6.5), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.08, 0.24, 0.70, 0.64))
        top_points, labels, ringed = [], [], []
        for slot, date in enumerate(dates):
            at = sorted((f for f in plotted if _slot(f) == date), key=lambda f: f.number)  # in value order
            width = 0.6 if len(at) > 1 else 0.0
            for i, f in enumerate(at):
                x = slot - width / 2 + (width * i / (len(at) - 1) if len(at) > 1 else 0)
                y = float(f.number)
                hollow = f.comparator == OO.Around
                axes.plot([x], [y], marker=markers.get(f.comparator, "o"), markersize=9, linestyle="none",
                          markerfacecolor="white" if hollow else colours[_report(f)],
                          markeredgecolor=colours[_report(f)], markeredgewidth=1.5, zorder=3)
                read = _read(f)
                if read:
                    ringed.append(f)
                    axes.plot([x], [y], marker="o", markersize=17, linestyle="none", markerfacecolor="none",
                              markeredgecolor="black", markeredgewidth=0.8, zorder=2)
                if not labelled:
                    continue
                # (its year is its x: said in its label only where the curators read it, "last year")
                year = " (year inferred)" if f.reference_year and f.period_inferred else ""
                mark = f" · {READ} {' and '.join(read)} inferred" if read else ""
                said, tail = f"{f.stated}{' so far' * f.partial}{year}", f"{mark} · {_report(f)} · {_line(f.voice, VOICE_LENGTH)}"
                room = max(20, LABEL_LENGTH - len(tail))  # the words are cut first, then a long name, never where
                words = _line(said, room) + tail
                labels.append(axes.annotate(words, (x, y), xytext=(0, 11 if read else 8), textcoords="offset points", rotation=90,
                                            ha="center", va="bottom", fontsize=7))
            exact = [f.number for f in at if f.comparator in (OO.Exactly, OO.Around)]
            if exact and date not in moments and not date.endswith(SO_FAR):  # (a part of a year is no year's high)
                top_points.append((slot, float(max(exact))))
        if running and len(top_points) > 1:
            axes.plot([p[0] for p in top_points], [p[1] for p in top_points], linestyle="--", color="grey",
                      linewidth=1, zorder=1, label="highest value\nstated at each date")
        # a date every point of which the curators inferred is "(inferred)"; one some of them did, "(some inferred)"
        read = {d: {_slot_inferred(f) for f in plotted if _slot(f) == d} for d in dates if d not in moments}
        inferred = {d for d, marks in read.items() if True in marks}
        axes.set_xticks(range(len(dates)))
        axes.set_xticklabels([d + ("" if d not in inferred else "\n(inferred)" if read[d] == {True}
                                   else "\n(some inferred)") for d in dates], fontsize=8)
        axes.set_xlim(-0.6, max(len(dates) - 0.4, 0.6))
        values = [float(f.number) for f in plotted] or [0.0]
        if ranked:  # position 1 at the top; no position 0 above it
            low, high = min(values), max(values)
            axes.set_ylim(high + 0.5, low - 0.5)
        else:
            low, high = min(values + [0.0]), max(values + [0.0])
            axes.set_ylim(low - 0.05 * (high - low or 1), high + 0.25 * (high - low or 1))
        axes.set_xlabel("date: the year a figure is of where the data gives one, else its as-of date, else its "
                        "report's date;\nor the moment a figure is of")
        axes.set_ylabel(_line(", ".join(sorted({f.unit_label for f in plotted if f.unit_label})), 60) or "value")
        axes.grid(axis="y", linewidth=0.3)
        axes.yaxis.set_major_formatter(FuncFormatter(_tick))  # 10,000,000, never "1e7" above the axis
        _fit_title(figure, figure.suptitle(_line(title, TITLE_LENGTH), x=0.08, y=0.975, ha="left", fontsize=12))
        _fit_labels(figure, axes, labels)
        if ranked:  # whole positions only, those the points span (the room made for labels holds none)
            axes.set_yticks([t for t in MaxNLocator(integer=True).tick_values(low, high) if low <= t <= high])
        _fit_y_axis(figure, axes)
        for report in reports if coloured else ():
            axes.plot([], [], marker="o", linestyle="none", color=colours[report], label=report)
        if reports and coloured or running and len(top_points) > 1:
            axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        if not reports:
            axes.text(0.5, 0.5, "no figure with a number", transform=axes.transAxes, ha="center", fontsize=10)
        notes = [subtitle] if subtitle else []
        if not (labelled and coloured):
            crowded = ([f"{len(plotted)} points: too many to label each."] if not labelled else []) + (
                [f"{len(reports)} reports: more than colours can tell apart, so all are drawn in one colour."]
                if not coloured else [])
            notes.append(" ".join(crowded) + " The table lists every point, with its words, report and speaker.")
        if inferred:
            notes.append("Dates marked (inferred) are years the curators inferred: a report's date (the reports are "
                         "undated), or the year a figure is of, read from words such as 'last year' (its label says "
                         "'year inferred'). Within a date, points are in value order.")
        if any(d.endswith(SO_FAR) for d in dates):
            notes.append(f"A year marked {SO_FAR} holds counts of that year to the report's date ('so far this year'), "
                         "not the year's total.")
        greater, less = ("down", "up") if ranked else ("up", "down")  # each triangle points to where the value lies
        notes.append(f"Filled circle: stated as exact; hollow: 'around'; triangle {greater}: 'more than' / 'at least'; "
                     f"{less}: 'less than' / 'almost' / 'up to' / 'at most'.")
        if ringed:
            notes.append(f"Values marked {READ} (ringed) are the curators' reading, not the report's words: the "
                         "value, unit or qualifier its label names is marked inferred in the data.")
        if words_only:
            notes.append("Not plotted (words only): " + _listed(words_only))
        if undated:
            notes.append("Not plotted (no date): " + _listed(undated))
        figure.text(0.08, 0.02, "\n".join(notes), fontsize=7.5, va="bottom", wrap=True)
        out = {}
        for kind, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            if kind not in kinds:
                continue
            buffer = io.BytesIO()
            figure.savefig(buffer, format=kind, metadata=metadata)
            out[kind] = buffer.getvalue()
    return out


def _read(f: StatedFigure) -> list[str]:
    """What of a plotted point is the curators' reading (StatedFigure.value_inferred, comparator_inferred):
    "value" (the number plotted: the value, else the bound), "unit", "qualifier"."""
    number = OO.value if f.value is not None else OO.bound
    return [word for prop, word in ((number, "value"), (OO.unit, "unit"), (OO.comparator, "qualifier"))
            if prop in f.inferred]


def _slot(f: StatedFigure) -> str:
    """The chart's column of a figure: the year it is about where the data states one (oo:referenceYear: a 2022
    annual total in a report of 2026 is of 2022), else its date (as-of, else its report's); for a figure of a
    moment (oo:asOfEvent) that moment ("a moment: The beginning of ..."), which is no count to the report's date."""
    if f.as_of_event is None:  # a year-to-date count in a column of its own: it is not the year's total
        return f"{f.reference_year}\n{SO_FAR}" if f.reference_year and f.partial else f.reference_year or f.date
    return "\n".join(textwrap.wrap(_line(f"a moment: {f.as_of_event_label or local(f.as_of_event)}", 100), 34))


SO_FAR = "(so far)"


def _slot_inferred(f: StatedFigure) -> bool:
    """Whether a figure's column (_slot) is the curators' reading: its year read from "last year", or its date."""
    return f.period_inferred if f.reference_year else f.date_inferred


def _report(f: StatedFigure) -> str:
    """A report as the pages name it: "Report 000", never its local name r000 (one line, at most 30 characters)."""
    return _line(f.report_name[:1].upper() + f.report_name[1:], 30)


def _line(text: str, limit: int) -> str:
    r"""Words from the data as one line of a chart, at most `limit` characters, cut where the reader sees it:
    a newline or a 300-character name drew a label or title over the plot and off the figure.

    >>> _line("net inflow\nof 70", 40), _line("x" * 50, 10)
    ('net inflow of 70', 'xxxxxxxxx…')
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _listed(figures: list[StatedFigure], most: int = 8) -> str:
    """Figures a note names (their words and report), at most `most` of them: the rest counted."""
    named = "; ".join(f"\"{_line(f.stated, NOTE_LENGTH)}\" ({_report(f)})" for f in figures[:most])
    return named + (f"; and {len(figures) - most} more (kg timeline lists them)" if len(figures) > most else "")


def _fit_title(figure, text) -> None:
    """Cut the title ("…") until it ends inside the figure: a long indicator label ran off its right edge."""
    renderer = figure.canvas.get_renderer()
    room = figure.bbox.width - 4 - text.get_window_extent(renderer).x0
    while text.get_window_extent(renderer).width > room and len(text.get_text()) > 20:
        text.set_text(_line(text.get_text(), len(text.get_text()) * 9 // 10))


def _fit_y_axis(figure, axes, margin: float = 4) -> None:
    """Move the plot's left edge right until its y tick labels and the axis's name lie inside the figure:
    "100,000,000" and "pounds sterling" ran off its left edge."""
    figure.draw_without_rendering()  # places the axis's name beside its widest tick
    left = axes.yaxis.get_tightbbox(figure.canvas.get_renderer()).x0
    if left < margin:
        box = axes.get_position()
        shift = (margin - left) / figure.bbox.width
        axes.set_position((box.x0 + shift, box.y0, box.width - shift, box.height))


def _fit_labels(figure, axes, labels: list) -> None:
    """Raise the top of the y axis until every label ends inside the plot (below the title)."""
    renderer = figure.canvas.get_renderer()
    for _ in range(6):
        top = axes.get_window_extent(renderer).y1
        highest = max((label.get_window_extent(renderer).y1 for label in labels), default=0)
        if highest <= top - 2:
            return
        low, high = axes.get_ylim()
        plot_height = axes.get_window_extent(renderer).height
        share = min(0.9, (highest - top + 6) / plot_height)  # of the axis the labels still need
        axes.set_ylim(low, high + (high - low) * share / (1 - share))


def chart_title(label: str) -> str:
    """A chart's title, for kg timeline and the desk alike: "the values", not "every value", since a value
    with no number or no date is listed under the plot, not plotted."""
    return f"{label}: the values reported, by date"


def write_chart(graph: Graph, indicator: URIRef, figures: list[StatedFigure], directory: Path) -> list[Path]:
    """Write timeline-<indicator>.png and .svg into `directory`, atomically."""
    from kg.core.serialize import make_folders, write_atomically

    directory = Path(directory)
    make_folders(directory)
    title = chart_title(label_of(graph, indicator))
    running = str(value_of(graph, indicator, OO.cumulative) or "").lower() == "true"
    subtitle = "A running count (cumulative): the dashed line joins the highest value stated at each date." if running else ""
    written = []
    for kind, data in chart(figures, title, subtitle, running).items():
        path = directory / f"timeline-{local(indicator)}.{kind}"
        write_atomically(path, data)
        written.append(path)
    return written
