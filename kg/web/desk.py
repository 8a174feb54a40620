"""The fact-checker's desk: what each page shows a reader who has never heard of RDF.

A page is a model (a dict of plain values, Cells and Tables) built here from the Site's graph view and
saved queries, then rendered by a template of kg/web/templates. The same model gives the page's CSV
downloads (one per table, names beside IRIs), so a table and its CSV never differ.

Every look-up starts from the page's own resource (its figures, its statements, the discrepancies
that name it), never from a walk over the whole graph: a page answers in milliseconds on a
million-triple archive. The home page and the browse pages read counts from the dataset's statistics
and lists through LIMITed queries.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.analysis.figures import (COMPARATOR_WORDS, INFERRED, NO_PERIOD, Interval, StatedFigure, bracketed, decimal_of, fmt,
                                 read_figure, report_date)
from kg.analysis.check import GRADE_MEANINGS
from kg.analysis.timeline import MOST_COLOURED
from kg.core.datatypes import dates_in_words
from kg.core.errors import KGError
from kg.core.namespaces import OA, OO, SCHEMA

PER_PAGE = 100  # rows of a browse page
STATEMENTS_PER_PAGE = 30  # statements of a person's page, and of each page after it (said/NAME-N)
NO_HEADLINE = "(no headline)"  # after the curators' description of a report whose text has no headline
REPORT_ABOUT = "Headline, or the curators' summary"  # the reports' list: what a report's number leaves out
NO_HEADLINE_SUMMARY = "No headline. The curators' summary:"  # before it, where a report has no headline
GIST_WORDS = 7  # the words of a report's headline or summary a table shows under its number (Desk.report_gist)
GIST_SUMMARY = "No headline; curators’ summary:"  # before those of a summary there
REPORT_DATE = "report's date"  # schema:datePublished, as a page names it
# A report's facts from schema.org, which the ontology does not name, as a page names them (Desk.inferences)
REPORT_FACTS = {SCHEMA.datePublished: REPORT_DATE, SCHEMA.publisher: "publisher"}
VALUE_MARKS = frozenset({OO.value, OO.bound, OO.unit, OO.comparator})  # the marks of a figure's value words (Desk.words)
# What the mark means, for a reader who has never met it: each mark's tooltip, the legend at the foot of
# every page, and a line of any citation that carries one (a citation is read away from the page).
INFERRED_MEANS = ("the curators' reading, where the report's own words at that point do not state it: they read "
                  "it from elsewhere in the report, from the public record or by a stated rule")
INFERRED_HOW = ("\u201cWhat the curators inferred\u201d, on the page of the figure, the statement or the item whose fact it "
                "marks, says how, and quotes the words it rests on")
# "(inferred)", "(inferred; ...", "(..., inferred)", "(..., inferred; ...", "(“last July”, year inferred)"
_MARK = re.compile(r"(?<=[(;] )inferred\b|(?<=\()inferred\b|(?:(?<=, )|(?<=year ))inferred(?=[);]|$)")
HEADLINES = 12  # checks and disagreements on the home page
DRAFT = " (draft, not reviewed)"  # after a machine draft's figure in a table
# the scale, least accurate first, then "not checkable", which has no place on it (it sorted between "accurate when
# rounded" and "accurate", as if more accurate than the one and less than the other)
GRADE_ORDER = {"inaccurate": 0, "slightly inaccurate": 1, "accurate when rounded": 2, "accurate": 3, "not checkable": 4}
# Contradictions first, then what changes the reading of a figure, then the reports' different accounts of
# the same remarks (each of the ontology's kinds named: an unnamed kind came last and the home page, which
# shows the first HEADLINES, never showed how reports told what Mahmood said differently).
KIND_ORDER = {"Contradiction": 0, "DifferentBaseline": 1, "DifferentEvent": 2, "DifferentAccount": 3,
              "WordingDiffers": 4, "QualifierDiffers": 5, "Update": 6, "Rounding": 7}
UNIT_SUFFIX = {OO.Percent: "%"}
PERCENTAGE_POINTS = " percentage points"  # how far apart two percentages are (no figure has it as its unit)
# What a cell says where the data has nothing, so that a reader never guesses at a blank (the figure's
# page says NO_PERIOD too).
NOT_CHECKED, NOT_STATED, NO_DATE, NOTHING, NONE = "not checked", "not stated", "no date given", "nothing", "none"
STILL_IN_POST = "still in post, or not stated"  # a post holding with no end date
NO_REPORT_DATES = "no report dates it"  # an event no report gives a date
# A CSV row that stands for one of these (Desk.row_evidence) is given the report's exact words it rests on
TRACED = (OO.Figure, OO.Statement, OO.EventDate)
EVIDENCE_COLUMNS = ["Evidence (the report's exact words)", "Evidence (report)", "Evidence (report IRI)",
                    "Evidence (characters)"]
# The evidence column of a row no report's words state (a post holding from the public record alone), then what
# it rests on ("; it rests on the public record"), or that no source is recorded
NO_REPORT_WORDS, NO_SOURCE = "No report's words state this", ", and no other source is recorded"


@dataclass
class Cell:
    """A table cell: its text, where it links, and what a sort or a CSV needs."""

    text: str
    href: str | None = None
    kind: str = "literal"  # iri, local, literal, number, bnode, triple, empty, grade
    title: str = ""  # a tooltip in plain words (a verdict's reason), never an identifier
    iri: str = ""  # the resource a link cell stands for (the CSV's IRI column)
    name: str = ""  # what a developer calls it (prefixed name, datatype, language): the raw-data fold's tooltip
    sort: str = ""  # a sort key when the text does not sort right ("more than 41,000": 41000)
    group: str = ""  # what a sort puts together before its key: a figure's unit (1.6 % is not less than 41,000 people)
    parts: list = field(default_factory=list)  # the links of a cell that holds several
    data: dict = field(default_factory=dict)  # the CSV's own columns beside it: a value's number, qualifier, unit
    note: str = ""  # words a page shows under it, not in its CSV: a report's headline under its number


@dataclass
class Table:
    columns: list
    rows: list  # lists of Cell
    query: str = ""
    href: str | None = None  # the saved query's page with the same parameters
    id: str = ""  # the table's name on its page: its CSV is PAGE/ID.csv
    csv: str = ""  # link to the CSV download
    download: str = ""  # the name it is saved under (kg.web.pages.csv_file_name)
    caption: str = ""
    shown: int | None = None  # rows the page shows (the first); its CSV holds them all
    more: bool = False  # the answer had rows beyond `rows` (not read: a page needs only the first)
    total: int | None = None  # the rows there are, where `rows` holds the first of them (the home page's tables)
    view: list | None = None  # the columns a page and its CSV show, in their order (None: all); the API has every one
    # the node each row stands for where no cell links it (a person's post holding, an agreement): its words are
    # the CSV's evidence columns (Desk.source_evidence); None: the row's links say (Desk.row_evidence)
    sources: list | None = None


PLAIN_UNITS = {OO.People, OO.Percent, OO.RankPosition, OO.Count, OO.PoundSterling, OO.Euro, None}


def marked(text) -> Markup:
    """`text` for a page, each "(inferred)" mark in it (and the ", inferred" of a bracket) with its meaning as a
    tooltip, so that a reader who has never met the mark can learn what it says where they read it."""
    escaped = str(escape(text))
    return Markup(_MARK.sub(lambda m: f'<span class="inferred" title="{escape(INFERRED_MEANS)}">inferred</span>',
                            escaped))


def quoted(lead: str, words: str, room: int) -> str:
    """`lead` and `words` in quotation marks in at most `room` words, the end of the words cut ("…")
    when they do not fit (at least their first word is kept).

    >>> quoted("Chris Philp, Report 000:", "net inflow of 70", 9)
    'Chris Philp, Report 000: “net inflow of 70”.'
    >>> quoted("Chris Philp, Report 000:", "net inflow of 70", 6)
    'Chris Philp, Report 000: “net inflow…”.'
    """
    kept = words.split()
    fits = max(1, room - len(lead.split()))
    if len(kept) > fits:
        kept = kept[:fits]
        kept[-1] += "\u2026"
    return f"{lead} \u201c{' '.join(kept)}\u201d."


def with_permalink(lines: list, iri) -> str:
    """A citation's lines, then what "inferred" means where one of them carries the mark, then the permalink."""
    if any(_MARK.search(line) for line in lines):
        lines = [*lines, f"Inferred: {INFERRED_MEANS}. The permalink's page says how."]
    return "\n".join([*lines, f"Permalink: {iri}"])


def credit(voice: dict) -> str:
    """Who said it as a citation names them (a statement, or a figure's voice: _voices): "Chris Philp
    (inferred; Shadow Home Secretary, inferred), LBC, 2026 (inferred)"."""
    who = ", ".join(c.text for c in voice["speaker"])
    role = bracketed(voice["role"])
    if role and who.endswith(INFERRED):
        who, role = who.removesuffix(INFERRED), f"{INFERRED.strip(' ()')}; {role}"
    return (who + (f" ({role})" if role else "") + (f", {voice['venue']}" if voice["venue"] else "")
            + (f", {voice['date']}" if voice["date"] else ""))


def said_line(who: str, quoted: str, exact: str) -> str:
    """A citation's first line: who, then in quotation marks only words someone said (`quoted`, a direct
    quote) or the report wrote (`exact`, its evidence): the gist of reported speech is the curators'
    summary, never put in a speaker's mouth."""
    if quoted:
        return f"{who}: \u201c{quoted}\u201d"
    if who:
        return f"{who}, in the report's words: \u201c{exact}\u201d" if exact else who
    return f"The report, in its own voice: \u201c{exact}\u201d"


# What a statement's words are, where they are not a direct quote (shown after them, on its page and in a table's
# "Words"): the gist of reported speech is the curators' summary, never the speaker's words nor the report's.
REPORTED_SPEECH = "reported speech"
CURATORS_GIST = "reported speech, in the curators\u2019 words"

# What a claim's author the report does not name is, in its markup's description (Desk.claim_author).
UNNAMED_AUTHOR = {
    OO.Person: "One person the report does not name.",
    OO.UnnamedGroup: "People the report refers to together without naming any of them: not one person, "
                     "and not a body the report names.",
    OO.UnnamedAgent: "Whoever the report credits with the words, without naming them or saying whether "
                     "one person or several.",
}
# How an unnamed author is named: by the report's words where the data holds them (skos:altLabel), else by the
# curators' label, which the description then says is theirs.
REPORTS_WORDS = " Named here in the report's words."
CURATORS_WORDS = " The data holds none of the report's words for them: this name is the curators' description."
REPORT_VOICE = ("The claim is the report's own voice, no one quoted or reported; the report names no publisher, "
                "so it is named by the report's number.")


def role_marked(role: str, post_inferred: bool, stated: str) -> str:
    """A statement's role, marked INFERRED where the curators inferred the post and the statement's own words
    (`stated`, its evidence) do not name the role: "she said", the role named a paragraph before."""
    return role + INFERRED * bool(role and post_inferred and role.lower() not in stated.lower())


def titled(role: str) -> dict:
    """schema.org's jobTitle for a role the statement states; none for one the curators inferred."""
    return {"jobTitle": role} if role and not role.endswith(INFERRED) else {}


def _first(found, count: int) -> list:
    """The first `count` rows of an answer read with limit=count (which reads one more)."""
    return found.rows[:count]


def value_words(figure: StatedFigure, unit_label: str = "") -> str:
    """A figure's value as a reader should see it, with its qualifier: "more than 41,000", "around
    350", "70", "1.6%"; words with no number keep their words ("dozens more")."""
    number = figure.number
    if number is None or figure.comparator == OO.Vague:
        return figure.stated
    unit = UNIT_SUFFIX.get(figure.unit, "")
    prefix = {OO.PoundSterling: "£", OO.Euro: "€"}.get(figure.unit, "")
    qualifier = "" if figure.comparator in (OO.Exactly, None) else COMPARATOR_WORDS.get(figure.comparator, "") + " "
    if figure.unit == OO.RankPosition:
        return f"{qualifier}position {fmt(number)}"
    named = f" {unit_label}" if unit_label and not prefix and figure.unit not in PLAIN_UNITS else ""
    if named and " " not in unit_label:  # units are named in the singular ("week") or plural ("boats")
        singular = unit_label.removesuffix("s")
        named = f" {singular}" if abs(number) == 1 else f" {singular}s"  # "1 boat", "6 months"
    return f"{qualifier}{prefix}{fmt(number)}{unit}{named}"


# Qualifiers that bound a value on one side only: "at least 2" may be any position from 2 down.
ONE_SIDED = {OO.MoreThan, OO.AtLeast, OO.LessThan, OO.UpTo, OO.AtMost, OO.Almost}


def reach(figure: StatedFigure) -> Interval:
    """The values a figure may take, for the ends of its indicator's range: a bound's whole range, any other
    figure its number (a reader takes "around 350" and "70" as the values stated)."""
    return figure.interval() if figure.comparator in ONE_SIDED else Interval.point(figure.number)


def range_ends(figures: list, rank: bool) -> list:
    """The lowest and the highest of (figure, key) pairs with numbers, each as (words before it, figure, key).
    A reader of a card takes "highest" as a fact, so a bound is called the lowest or highest only where every
    value it allows is (no other figure can pass "at least position 2" against positions 1 and 2; another
    "less than 0" says the same), else "lowest bound stated"; of two figures with one number, the one reaching
    further is the end. A rank's smaller number is the higher place ("1 being the largest"), so its ends are
    the highest and lowest placed. One figure, or all with one number: that one, with no words."""
    low = min(figures, key=lambda p: (p[0].number, reach(p[0]).low, reach(p[0]).high, str(p[1])))
    high = max(figures, key=lambda p: (p[0].number, reach(p[0]).high, reach(p[0]).low, str(p[1])))
    if low[0].number == high[0].number:
        return [("", *low)]
    lowest, highest = reach(low[0]), reach(high[0])
    below = all(lowest.high <= r.low for f, _ in figures if (r := reach(f)) != lowest)  # or the same words
    above = all(highest.low >= r.high for f, _ in figures if (r := reach(f)) != highest)
    names = ("Highest placed", "lowest placed") if rank else ("Lowest", "highest")
    return [(names[0] + (" bound stated" if low[0].comparator in ONE_SIDED and not below else ""), *low),
            (names[1] + (" bound stated" if high[0].comparator in ONE_SIDED and not above else ""), *high)]


def sort_key(number: Decimal | None) -> str:
    return "" if number is None else format(number, "f")


def grade_class(grade: str) -> str:
    return "grade-" + re.sub(r"[^a-z]+", "-", grade.lower()).strip("-")


# Each check's grade and each disagreement's kind, to put them in order (Desk.members).
HOME_CHECKS = """SELECT ?review ?grade WHERE {
  ?rating schema:alternateName ?grade . ?review schema:reviewRating ?rating .
}"""
HOME_DISAGREEMENTS = """SELECT ?discrepancy ?kind WHERE { ?discrepancy oo:kind ?kind }"""
# kind -> (its members with their group, the group's variable, the group's place in the order)
GROUPED = {"checks": (HOME_CHECKS, "grade", lambda grade: (GRADE_ORDER.get(str(grade), 9), str(grade))),
           "disagreements": (HOME_DISAGREEMENTS, "kind",
                             lambda kind: (KIND_ORDER.get(str(kind).rpartition("#")[2], 9), str(kind)))}
HOME_INDICATORS = """SELECT ?indicator (COUNT(DISTINCT ?figure) AS ?n) WHERE {
  ?figure oo:indicator ?indicator . { ?figure oo:value ?v } UNION { ?figure oo:bound ?v }
} GROUP BY ?indicator HAVING (COUNT(DISTINCT ?figure) > 1) ORDER BY DESC(?n) ?indicator"""
HOME_PEOPLE = """SELECT ?person (COUNT(?statement) AS ?n) WHERE {
  ?statement oo:speaker ?person . ?person a oo:Person .
} GROUP BY ?person ORDER BY DESC(?n) ?person"""
# (?class is bound by substitution, so it is projected.) Put in order in Python (Desk.members): an ORDER BY
# ?member reads each IRI's text for each comparison.
MEMBERS = "SELECT ?member ?class WHERE { ?member a ?class }"
COUNT = "SELECT (COUNT(?member) AS ?n) ?class WHERE { ?member a ?class } GROUP BY ?class"
# Browse pages: name -> (class, heading, what one member is called)
BROWSE = {
    "reports": (OO.Report, "Reports", "report"),
    "people": (OO.Person, "People", "person"),
    # "officials", "sources", whoever said words given no speaker: they speak, but are not people
    "unnamed": (OO.UnnamedAgent, "Unnamed speakers", "unnamed speaker"),
    "organisations": (OO.Organisation, "Organisations", "organisation"),
    "indicators": (OO.Indicator, "Indicators", "indicator"),
    "agreements": (OO.Agreement, "Agreements", "agreement"),
    "events": (OO.Event, "Events", "event"),
    "figures": (OO.Figure, "Figures", "figure"),
    "checks": (SCHEMA.ClaimReview, "Checks of derived figures", "check"),
    "disagreements": (OO.Discrepancy, "Disagreements between reports", "disagreement"),
}

# Why a list's CSV has no evidence columns, as its page says (each other list's ends with the report's words and
# characters behind each row): its rows are not something a report states, and where their words are instead
_NOT_STATED = "Each row is {}, not something a report states, so this list’s CSV has no evidence columns: "
NO_EVIDENCE = {
    "reports": _NOT_STATED.format("a report itself") + "the other lists’ evidence columns name the report "
               "and the characters of its text that each of their rows rests on.",
    "people": _NOT_STATED.format("a person") + "what each said, with the report’s exact words, is on their "
              "page and in its CSVs.",
    "unnamed": _NOT_STATED.format("a speaker the reports do not name") + "what each said, with the report’s "
               "exact words, is on their page and in its CSVs.",
    "organisations": _NOT_STATED.format("an organisation") + "what was said in its name, with the report’s "
                     "exact words, is on its page and in its CSVs.",
    "indicators": _NOT_STATED.format("an indicator, the curators’ name for what a figure counts") + "each "
                  "figure’s exact words are on the indicator’s page and in the figures list’s CSV.",
}


class Desk:
    """Page models over a Site (kg.web.pages): its graph view, saved queries, links and labels."""

    # (class, template, model): the first class a resource has chooses its page
    PAGES = [
        (SCHEMA.ClaimReview, "check.html", "check_page"),
        (OO.Discrepancy, "discrepancy.html", "discrepancy_page"),
        (OO.Figure, "figure.html", "figure_page"),
        (OO.Person, "person.html", "person_page"),
        (OO.UnnamedAgent, "person.html", "person_page"),
        (OO.Indicator, "indicator.html", "indicator_page"),
        (OO.Report, "report.html", "report_page"),
        (OO.Statement, "statement.html", "statement_page"),
        (OO.QuoteComparison, "comparison.html", "comparison_page"),
        (OO.EventDate, "event-date.html", "event_date_page"),
        (OO.Event, "event.html", "event_page"),
        (OO.Agreement, "agreement.html", "agreement_page"),
        (OO.Organisation, "organisation.html", "organisation_page"),
    ]

    def __init__(self, site):
        self.site, self.graph = site, site.graph

    # ------------------------------------------------------------ pieces

    def link(self, root: str, term) -> Cell:
        return self.site.link(root, term)  # (a copy: a page's cell may be given other words)

    def voice_cell(self, root: str, f: StatedFigure) -> Cell:
        """Who states a figure: a link to each speaker, or the report's own voice; a speaker marked
        INFERRED when none of the figure's statements by them names them (Desk.speaker)."""
        if not f.speakers:
            return self.text(f.voice)
        return _joined(self.speakers_of(root, f))

    def speakers_of(self, root: str, f: StatedFigure) -> list:
        """A figure's speakers, linked, each marked INFERRED when none of its statements by them names them."""
        return [self.speaker(root, iri, iri in f.inferred_speakers) for iri, _ in f.speakers]

    def text(self, text, sort: str = "") -> Cell:
        return Cell("" if text is None else str(text), kind="literal" if text else "empty", sort=sort)

    def figure(self, node) -> StatedFigure:
        key = ("figure", node)
        found = self.site.parts.get(key)
        if found is None:
            f = read_figure(self.graph, node)
            found = self.site.parts[key] = replace(f, stated=self.site.sic(f.stated)) if f.stated else f  # the report's words, shown
        return found

    def unreviewed(self, node) -> bool:
        """A machine draft no curator has reviewed yet (oo:reviewStatus oo:Unreviewed, as kg add writes it): its
        page says so above all else, and a table marks its figure, whatever its label still says."""
        return (node, OO.reviewStatus, OO.Unreviewed) in self.graph

    def figure_cell(self, root: str, node, named: bool = False) -> Cell:
        """A figure's value in words, linked; `named`: after what it counts ("net inflow: less than 0"),
        where no column says it (a statement's figures: two "relatively small" of one person differ)."""
        f = self.figure(node)
        cell = self.link(root, node)
        cell.text, cell.sort = self.words(f) + DRAFT * self.unreviewed(node), sort_key(f.number)
        # a column of figures sorts by unit, then value: the checks' Claim column put 1.6 %, position 1 and 41,000
        # people on one number line
        cell.group = self.site.label(f.unit) if f.unit is not None else ""
        if named and f.indicator is not None:  # "returned to France (inferred): relatively small"
            cell.text = f"{self.site.label(f.indicator)}{INFERRED * self.given((node, OO.indicator, f.indicator))}: {cell.text}"
        cell.data = {"number": sort_key(f.number), "qualifier": COMPARATOR_WORDS.get(f.comparator, ""),
                     "unit": self.site.label(f.unit) if f.unit is not None else ""}
        return cell

    def checked(self, root: str, nodes: list, named: bool = True) -> list:
        """(the figure's cell, a review) for each review of the figures `nodes`, each named by what it counts where
        the page is not an indicator's ("net inflow: 70": a person's page read "accurate when rounded 70")."""
        return [(self.figure_cell(root, node, named), review) for node in nodes for review in self.reviews(root, node)]

    def words(self, f: StatedFigure) -> str:
        """value_words with the unit's name where it is not people, per cent or a rank ("1 week"), marked
        INFERRED where the value or its unit is the curators' reading (StatedFigure.value_inferred)."""
        return f.value_marked(value_words(f, self.site.label(f.unit) if f.unit is not None and f.unit not in PLAIN_UNITS
                                          else ""), INFERRED)

    def reviews(self, root: str, figure_node) -> list:
        """The checks of a figure: grade, plain reason, link to the check page, and whose figure in which
        report (a person's two 70s, in reports 000 and 002, read alike without)."""
        out, f = [], self.figure(figure_node)
        for claim in self.graph.subjects(SCHEMA.about, figure_node):
            for review in self.graph.subjects(SCHEMA.itemReviewed, claim):
                rating = self.graph.value(review, SCHEMA.reviewRating)
                grade = str(self.graph.value(rating, SCHEMA.alternateName) or "") if rating is not None else ""
                out.append({"review": self.link(root, review), "grade": grade, "class": grade_class(grade),
                            "who": f.voice, "report": replace(self.link(root, f.report), text=self.report_short(f.report))
                            if f.report is not None else None,
                            "explanation": str(self.graph.value(rating, SCHEMA.ratingExplanation) or "")
                            if rating is not None else ""})
        return sorted(out, key=lambda r: r["review"].iri)

    def discrepancies(self, root: str, node, sides: bool = False) -> list:
        """The disagreements a figure (or event date, or statement) is a side of: kind, link and, with `sides`, the
        other sides with their evidence (a figure's own page; tables need only the link)."""
        out = []
        for discrepancy in sorted(set(self.graph.subjects(OO.side, node)), key=str):
            kind = self.graph.value(discrepancy, OO.kind)
            others = [s for s in sorted(self.graph.objects(discrepancy, OO.side), key=str) if s != node] if sides else []
            out.append({"link": self.link(root, discrepancy), "kind": self.kind_label(kind),
                        "explanation": str(self.graph.value(discrepancy, RDFS.comment) or ""),
                        "others": [self.side(root, s) for s in others]})
        return out

    def kind_label(self, kind) -> str:
        label = self.site.label(kind) if kind is not None else "disagreement"
        return label[:1].upper() + label[1:]

    def side(self, root: str, node) -> dict:
        """One side of a disagreement: what it says, who, where, with its evidence. Made once (a figure's
        page shows each figure it disagrees with, and a figure is a side of dozens of disagreements): read,
        never changed, by the pages that show it."""
        key = ("side", root, node)
        found = self.site.parts.get(key)
        if found is None:
            found = self.site.parts[key] = self._side(root, node)
        return found

    def _side(self, root: str, node) -> dict:
        types = set(self.graph.objects(node, RDF.type))
        if OO.Statement in types:  # a different account of the same remarks
            said = self.statement(root, node, variants=False)
            value = ("\u201c" + said["words"] + "\u201d") if said["direct"] else said["words"]
            words = value + (f" ({said['role']})" if said["role"] else "")
            return {"link": self.link(root, node), "says": words, "value": value, "voice": said["speaker"],
                    "report": said["report"], "evidence": said["evidence"], "reviews": [], "statement": True}
        if OO.EventDate in types:
            says = dates_in_words(str(self.graph.value(node, OO.date) or ""))  # "July 2025", not 2025-07
            written = self.written(node, OO.dateAsWritten)
            value = says
            inferred = OO.date in self.inferred(node)  # e.g. "last July" resolved to a year by the curators
            words = says + (f" ({'inferred from ' * inferred}\u201c{written}\u201d)" if written and written != says
                            else INFERRED * inferred)
            voice = []
        else:
            f = self.figure(node)
            value = self.words(f)
            words = value + (f" (\u201c{f.stated}\u201d)" if f.stated and f.stated != value else "")
            voice = self.speakers_of(root, f)  # "Chris Philp (inferred)" where the report does not name him
        return {"link": self.link(root, node), "says": words, "value": value, "voice": voice,
                "report": self.link(root, self.graph.value(node, OO.inReport)),
                "evidence": self.evidence(node), "reviews": self.reviews(root, node), "statement": False}

    def marked_in_side(self, root: str, node) -> list:
        """What a side (Desk.side) shows marked, as Desk.inferences' `elsewhere`: a statement's speaker and
        role, an event date's date and event (a date listed under an event its words do not name), a figure's
        value words and each speaker none of its statements names."""
        types, link = set(self.graph.objects(node, RDF.type)), self.link(root, node)
        if OO.Statement in types:
            return [(node, link, {OO.speaker, OO.speakerPost})]
        if OO.EventDate in types:
            return [(node, link, {OO.date, OO.event})]
        f = self.figure(node)
        return [(node, link, VALUE_MARKS)] + [
            (s, self.link(root, s), {OO.speaker}) for s in f.statements
            if set(self.graph.objects(s, OO.speaker)) & f.inferred_speakers]

    def written(self, node, prop) -> str:
        """The report's words a property holds (oo:roleAsWritten, oo:dateAsWritten), as a page shows them:
        a word the report misspells marked [sic] (Site.sic); "" for none."""
        return self.site.sic(self.graph.value(node, prop))

    def evidence(self, node) -> list:
        """The exact words a fact rests on, with their offsets (for the curious)."""
        found = (self.span(span) for span in self.graph.objects(node, OO.evidence))
        return sorted((s for s in found if s is not None), key=lambda s: (s["start"] is None, s["start"] or 0))

    def span(self, span) -> dict | None:
        """One span of a report's text (oa:exact, its offsets and its source), None if it quotes nothing."""
        exact, start, end, source = (self.graph.value(span, p) for p in (OA.exact, OA.start, OA.end, OA.hasSource))
        if exact is None:
            return None
        return {"exact": self.site.sic(exact), "start": int(start) if start is not None else None,
                "end": int(end) if end is not None else None,
                "source": self.site.label(source) if source is not None else "", "report_iri": source or "",
                "verbatim": str(exact)}  # (as the report has it, for a CSV: no [sic] mark)

    def statement(self, root: str, node, variants: bool = True) -> dict:
        """A statement for reading: the words (a quote, or the gist of reported speech), who, in what role,
        where and when; with `variants`, how other reports quote the same words (kg.analysis.quotes). Made
        once (the page of each figure it states shows it, and each side of a disagreement it is): read, never
        changed, by the pages that show it."""
        key = ("statement", root, node, variants)
        found = self.site.parts.get(key)
        if found is None:
            found = self.site.parts[key] = self._statement(root, node, variants)
        return found

    def _statement(self, root: str, node, variants: bool) -> dict:
        g = self.graph
        quote, gist = g.value(node, OO.quote), g.value(node, OO.gist)
        direct = (node, RDF.type, OO.DirectQuote) in g
        post, inferred = g.value(node, OO.speakerPost), self.inferred(node)
        role = self.written(node, OO.roleAsWritten) or (self.site.label(post) if post is not None else "")
        evidence = self.evidence(node)
        role = role_marked(role, OO.speakerPost in inferred, " ".join(e["exact"] for e in evidence))  # [sic] as the role
        venue = g.value(node, OO.venue)
        venue = (self.site.label(venue) if isinstance(venue, URIRef) else str(venue or "")) + \
            INFERRED * (venue is not None and OO.venue in inferred)
        written, date = self.written(node, OO.dateAsWritten), g.value(node, OO.date)
        date = (written if written
                else dates_in_words(str(date or "")) + INFERRED * (date is not None and OO.date in inferred))
        return {"link": self.link(root, node), "words": self.site.sic(quote or gist), "direct": direct and quote is not None,
                "summary": quote is None,  # the words are the curators' gist, not the report's
                "said_as": "" if direct and quote is not None else CURATORS_GIST if quote is None else REPORTED_SPEECH,
                "speaker": [self.speaker(root, s, OO.speaker in inferred) for s in g.objects(node, OO.speaker)],
                "role": role,
                "venue": venue, "date": date, "iso_date": str(g.value(node, OO.date) or ""),  # (its CSV's)
                "report": self.link(root, g.value(node, OO.inReport)),
                "report_short": self.short_report_cell(root, g.value(node, OO.inReport)),
                "evidence": evidence,
                "figures": [self.figure_cell(root, f, named=True) for f in sorted(g.objects(node, OO.mentionsFigure), key=str)],
                "variants": self.variants(root, node) if variants else []}

    def speaker(self, root: str, who, inferred: bool, name: str = "") -> Cell:
        """Who said it, marked INFERRED when the statement's own words name no one ("she said", a quote
        continuing a paragraph) and the curators read the speaker from elsewhere in the report; under `name`
        where one is given (a report's number and headline: report_name)."""
        cell = self.link(root, who)
        cell.text = name or cell.text
        if inferred and cell.text:
            cell.text += INFERRED
        return cell

    def values_of(self, root: str, node, prop) -> list:
        """`node`'s values of `prop` (an event's participants, an agreement's parties), linked, in IRI order,
        each marked INFERRED where the curators inferred it (given)."""
        return [self.fact_cell(root, v, (node, prop, v)) for v in sorted(self.graph.objects(node, prop), key=str)]

    def given(self, fact) -> bool:
        """Whether the fact (node, property, value) is the curators' reading, not the reports': a marker of the
        node (oo:inferredValue) for the property gives that value, or gives none (then every value of it)."""
        node, prop, value = fact
        g = self.graph
        if prop == SCHEMA.author and (node, RDF.type, SCHEMA.Claim) in g:  # kg check copies it from its statements
            return bool(said := self.said_by(node, value)) and all(self.given((s, OO.speaker, value)) for s in said)
        read = [g.value(m, RDF.value) for m in g.objects(node, OO.inferredValue) if g.value(m, OO.inferredProperty) == prop]
        return bool(read) and (None in read or value in read)

    def said_by(self, claim, author) -> list:
        """The statements a check's claim appears in that give `author` as their speaker."""
        return sorted(s for s in self.graph.objects(claim, SCHEMA.appearance) if (s, OO.speaker, author) in self.graph)

    def authors_read(self, root: str, claim) -> tuple:
        """Desk.inferences' `elsewhere` for a claim's authors the curators read (given): each statement it
        appears in, with its speaker, whose marker says why."""
        return tuple((s, self.link(root, s), {(OO.speaker, author)}) for author in self.graph.objects(claim, SCHEMA.author)
                     if self.given((claim, SCHEMA.author, author)) for s in self.said_by(claim, author))

    def fact_cell(self, root: str, term, fact) -> Cell:
        """`term`, linked, as a page shows it for `fact` (node, property, value): the node's value (an
        organisation's country) or the node listed for its value (an organisation's posts, a country's bodies),
        marked INFERRED where the curators inferred the fact (given). The page's list of what the curators
        inferred says why (Desk.inferences: its own facts, and those of others named by facts_shown)."""
        return self.speaker(root, term, self.given(fact))

    def facts_shown(self, root: str, facts, node=None) -> tuple:
        """Desk.inferences' `elsewhere` for the facts of other nodes a page shows marked (fact_cell): each such
        node, linked, with the fact; none of `node`'s own (its list gives all of them)."""
        return tuple((s, self.link(root, s), {(p, o)}) for s, p, o in dict.fromkeys(facts)
                     if s != node and self.given((s, p, o)))

    def variants(self, root: str, node) -> list:
        """The other reports' quotations of the same utterance: how faithfully each agrees with this one
        (identical, trimmed, extended, altered, paraphrase as quote) and the words that differ, said from
        this quotation's side: "Report 002 quotes more of it ... (adds “in these numbers”)". (The kind
        names a relation of the two, either way round: "trimmed in Report 002" read as report 002 having
        trimmed it where report 002 had the longer quotation.)"""
        g, out = self.graph, []
        mine_words = self.site.sic(g.value(node, OO.quote))
        mine_speakers = set(g.objects(node, OO.speaker))
        for mine, theirs in ((OO.quoteA, OO.quoteB), (OO.quoteB, OO.quoteA)):
            for comparison in g.subjects(mine, node):
                other = g.value(comparison, theirs)
                if other is None:
                    continue
                fidelity = g.value(comparison, OO.fidelity)
                report = self.graph.value(other, OO.inReport)
                differences = []
                for d in sorted(g.objects(comparison, OO.difference), key=str):
                    words = [self.site.sic(g.value(d, p)) for p in (OO.wordsA, OO.wordsB)]
                    if mine == OO.quoteB:
                        words.reverse()
                    kind = g.value(d, OO.fidelity)
                    differences.append({"kind": self.site.label(kind), "here": words[0], "there": words[1],
                                        "says": difference_words(words[0], words[1], self.site.label(kind)
                                                                 if kind not in PLAIN_DIFFERENCES else "")})
                theirs_words = self.site.sic(g.value(other, OO.quote))
                # report 002 gives Philp's words to the Conservative Party: the line says so, never as if
                # the other report quoted this statement's speaker
                theirs_speakers = set(g.objects(other, OO.speaker))
                credited = [] if theirs_speakers == mine_speakers else [
                    self.speaker(root, s, OO.speaker in self.inferred(other)) for s in sorted(theirs_speakers, key=str)]
                how = "quotes it"
                if fidelity == OO.Trimmed and len(theirs_words) != len(mine_words):  # one is part of the other
                    how = "quotes more of it" if len(theirs_words) > len(mine_words) else "quotes less of it"
                out.append({"link": self.link(root, comparison), "fidelity": self.site.label(fidelity),
                            # what the label means, where it is read ("identical" beside a bracketed variant read
                            # as a contradiction; its definition was on the comparison's page only)
                            "definition": str(g.value(fidelity, SKOS.definition) or "") if fidelity is not None else "",
                            "class": "fidelity-" + str(fidelity or "").rpartition("#")[2].lower(),
                            "words": theirs_words, "statement": self.link(root, other),
                            "report": self.link(root, report),
                            "short": self.short_report_cell(root, report),
                            "how": how, "credited": credited, "differences": differences,
                            "changes": [d["says"] for d in differences if d["here"] or d["there"]]})
        return sorted(out, key=lambda v: (v["report"].text, v["statement"].iri))

    def comparison_page(self, root: str, iri) -> dict:
        """Two quotations of one utterance side by side, with how they differ."""
        g = self.graph
        quotes = [self.statement(root, g.value(iri, p), variants=False) for p in (OO.quoteA, OO.quoteB)
                  if g.value(iri, p) is not None]
        differences = Table(["Difference", f"{quotes[0]['report'].text if quotes else 'A'} has",
                             f"{quotes[1]['report'].text if len(quotes) > 1 else 'B'} has"], [
            [self.text(self.site.label(g.value(d, OO.fidelity))), self.text(g.value(d, OO.wordsA) or NOTHING),
             self.text(g.value(d, OO.wordsB) or NOTHING)] for d in sorted(g.objects(iri, OO.difference), key=str)],
            id="differences")
        fidelity = g.value(iri, OO.fidelity)
        # whom each report credits with the words: the same speaker once, else each with its report
        credited = [(q["speaker"], self.report_short(g.value(URIRef(q["link"].iri), OO.inReport))) for q in quotes]
        same = len({tuple(c.iri for c in speaker) for speaker, _ in credited}) == 1
        # the one speaker of both, as a report names them: "(inferred)" only where neither names them
        named = next((speaker for speaker, _ in credited if not any(c.text.endswith(INFERRED) for c in speaker)),
                     credited[0][0] if credited else [])
        marked = tuple((URIRef(q["link"].iri), q["link"], None) for q in quotes)  # each quotation's speaker, role, venue, date
        return {"kind": "comparison", "inferences": self.inferences(root, iri, marked),
                "credited": credited, "same_speaker": same, "speaker": named, "fidelity": self.site.label(fidelity) if fidelity is not None else "",
                "identical": fidelity == OO.Identical,
                "fidelity_definition": str(g.value(fidelity, SKOS.definition) or "") if fidelity is not None else "",
                "quotes": quotes, "differences": differences, "explanation": str(g.value(iri, RDFS.comment) or "")}

    def report_title(self, report) -> str:
        """A report's title: its headline where the data copies one from the text, else the curators'
        label, with its note that the report has none ("(no headline)", added where the label lacks it): a
        description is not a headline."""
        headline = self.graph.value(report, SCHEMA.headline)
        if headline is not None:
            return str(headline)
        label = self.site.label(report)
        return label if label.endswith(NO_HEADLINE) else f"{label} {NO_HEADLINE}"

    def report_short(self, report) -> str:
        """"Report 004": the curators' label up to its colon, for several reports named in one cell."""
        return self.site.label(report).split(":")[0]

    def short_report_cell(self, root: str, report) -> Cell:
        """A report named short ("Report 002"), linked, what that leaves out as the tooltip (report_about):
        in running text (a line comparing quotations named each report by its whole title, 100 characters
        each) and in every table (each cell of a report's column held "Report 000: 'one in, one out' brought
        in 25 per cent more migrants than it removed (no headline)")."""
        if report is None:
            return self.text("another report")
        return replace(self.link(root, report), text=self.report_short(report), title=self.report_about(report))

    def report_about(self, report) -> str:
        """What a report's short name leaves out: its headline, or that it has none and the curators' summary
        of it, said to be theirs (their label's words after its number read as a headline in quotation marks)."""
        headline = self.graph.value(report, SCHEMA.headline)
        if headline is not None:
            return str(headline)
        summary = self.report_summary(report)
        return f"{NO_HEADLINE_SUMMARY} {summary}" if summary else "No headline"

    def report_summary(self, report) -> str:
        """The curators' summary of a report: their label's words after its number ("" for none)."""
        return self.site.label(report).partition(":")[2].strip().removesuffix(NO_HEADLINE).strip()

    def report_column_cell(self, root: str, report) -> Cell:
        """short_report_cell for a table's Report column, what the number leaves out shown under it, cut short
        (report_gist): as a tooltip alone, a keyboard or a phone never showed it."""
        return self.noted(self.short_report_cell(root, report))

    def noted(self, cell: Cell) -> Cell:
        """A report's short_report_cell with its report_gist to show under it (report_column_cell)."""
        return replace(cell, note=self.report_gist(URIRef(cell.iri))) if cell.iri else cell

    def report_gist(self, report) -> str:
        """report_about in a few words, for a table: its headline in quotation marks, else "No headline; curators'
        summary:" and theirs, each cut ("…") where longer than a table's column reads well."""
        headline = self.graph.value(report, SCHEMA.headline)
        if headline is not None:
            return quoted("", str(headline), GIST_WORDS).strip().removesuffix(".")  # (a cell's words, not a sentence)
        summary = self.report_summary(report)
        return quoted(GIST_SUMMARY, summary, GIST_WORDS + 4).removesuffix(".") if summary else "No headline"

    def report_cell(self, root: str, report) -> Cell:
        """A report in a table: "Report 004: <its headline>", the name the explanations use ("report 004")
        beside the title (a headline alone left a reader to guess which report "r004" was)."""
        return replace(self.link(root, report), text=self.report_name(report))

    def report_name(self, report) -> str:
        """"Report 004: <its headline>" (report_cell's words; a citation's source too)."""
        title, short = self.report_title(report), self.report_short(report)
        return title if title.startswith(short) else f"{short}: {title}"

    def report_date(self, report) -> str:
        """A report's date as people write it ("5 September 2025"), marked where the curators inferred it."""
        date, inferred = report_date(self.graph, report)
        return dates_in_words(date) + INFERRED * bool(date and inferred)

    def inferred(self, node) -> set:
        """The properties of `node` whose value the curators inferred rather than read in the evidence
        (an oo:InferredValue for the property, or oo:dateInferred): shown with INFERRED after them."""
        g = self.graph
        found = {g.value(v, OO.inferredProperty) for v in g.objects(node, OO.inferredValue)}
        if str(g.value(node, OO.dateInferred)).lower() == "true":
            found |= {OO.date, OO.asOf}
        return found

    def notes(self, node) -> list:
        """The curators' notes on `node` (its rdfs:comments and its oo:reason: what they read into the report's
        words, never the report's own), in a stable order; a page shows them above the fold as theirs. (oo:reason
        is data, not a sub-property of rdfs:comment, so the closure no longer copies it there.)"""
        g = self.graph
        return sorted({str(c) for c in g.objects(node, RDFS.comment)} | {str(r) for r in g.objects(node, OO.reason)})

    def inferences(self, root: str, node, elsewhere: tuple = ()) -> list:
        """What the curators read into the report for `node` and for what else its page shows marked:
        `elsewhere` holds (node, a Cell naming it, the properties whose marks the page shows, or (property,
        value) pairs for the one value it shows of a property (facts_shown), None for all),
        a figure's statements and report among them. Each value a page marks "(inferred)", with how it was
        obtained, why, the words it rests on and, for the values of another node, which ("of": a marker
        serving several statements is listed once), so that a reader can check the reading where it is
        shown rather than take it on trust."""
        found: dict = {}
        for where_node, where, shown in ((node, None, None), *elsewhere):
            for key, prop, value, item in self._inferred_values(root, where_node):
                if not _shows(shown, prop, value):
                    continue
                item = found.setdefault(key, {**item, "of": []})
                if where is not None and where.href not in {c.href for c in item["of"]}:
                    item["of"].append(where)
        first = ["derivation", "speaker", "speaker's post", "venue", "occasion", "date"]  # in the byline's order
        for item in found.values():  # (in the order of `elsewhere`, which is no reading order)
            item["of"].sort(key=lambda cell: (cell.text.casefold(), cell.href or ""))
        return sorted(found.values(), key=lambda i: (  # its own values first, then by property and value
            bool(i["of"]), first.index(i["property"]) if i["property"] in first else len(first), i["property"],
            i["value"].text if i["value"] is not None else "", i["reason"]))

    def _inferred_values(self, root: str, node):
        """(key, property, value or None, item) of each value of `node` the curators inferred: its
        oo:InferredValue markers, and a date of oo:dateInferred (relative words, or none, read against the
        report's year)."""
        g = self.graph
        for marker in sorted(g.objects(node, OO.inferredValue), key=str):
            prop, value, basis = (g.value(marker, p) for p in (OO.inferredProperty, RDF.value, OO.obtainedBy))
            if prop is None:
                continue
            yield marker, prop, value, {
                "property": REPORT_FACTS.get(prop) or self.site.term_name(prop),  # never a prefixed name (oo:describedIn)
                "value": self.link(root, value) if isinstance(value, URIRef)
                else self.text(dates_in_words(str(value)) if value is not None else None),
                "basis": self.site.label(basis) if basis is not None else "",
                "reason": self.site.sic(g.value(marker, OO.reason) or ""), "evidence": self.evidence(marker)}
        year_of = g.value(node, OO.referenceYear) if OO.referenceYear not in self.inferred(node) else None  # else a marker's
        date = g.value(node, OO.date) or g.value(node, OO.asOf) or self.from_to(node) or year_of
        if date is None or str(g.value(node, OO.dateInferred)).lower() != "true":
            return
        report = g.value(node, OO.inReport)
        year = f"the year of {self.report_short(report).lower()}" if report is not None else "the report's year"
        if report is not None and report_date(g, report)[1]:
            year += f", which the curators inferred (see \u201c{REPORT_DATE.capitalize()}\u201d)"
        # a figure's period start ("since the deal was first announced in July") is read from its period's words
        period = (node, RDF.type, OO.Figure) in g and date in (self.from_to(node), year_of)
        written = self.written(node, OO.dateAsWritten) or (self.written(node, OO.periodAsWritten) if period else "")
        own = g.value(node, OO.reason)  # its own reason says how: the convention is the rule's, not theirs
        reason = (self.site.sic(own) if own is not None
                  else f"\u201c{written}\u201d, read against {year}." if written
                  else f"Its own words give no date: {year}." if str(date) == report_date(g, report)[0][:4]
                  else f"Its own words give no date: the curators read it against {year}.")
        yield ("dateInferred", str(date), written, report), OO.date, None, {
            "property": "period" if period else self.site.label(OO.date),
            "basis": self.site.label(OO.CuratorsConvention) if own is None else "", "reason": reason, "evidence": [],
            "value": self.text(dates_in_words(str(date)))}

    def from_to(self, node) -> str | None:
        """A node's oo:startDate to oo:endDate ("2014-07-15 to …" where one is not given), None with neither."""
        start, end = (self.graph.value(node, p) for p in (OO.startDate, OO.endDate))
        return f"{start or '…'} to {end or '…'}" if start is not None or end is not None else None

    def tenure(self, holding) -> str:
        """A post holding's period in words: "11 May 2010 to 4 September 2012", "dates not stated"."""
        return dates_in_words(self.from_to(holding) or "dates not stated")

    def date_cell(self, date, shown: str, link: Cell | None = None) -> Cell:
        """A date in a table, `shown` as people write it ("4 November 2024", "July 2025 (inferred)"), sorted
        by its ISO form, which its CSV keeps beside it for a spreadsheet ("Date (ISO)": 2025-07); a `link`'s
        cell (the date's page) given those words."""
        iso = "" if date is None else str(date)
        # a year alone sorts as a date too, before its months (the sort reads "2025" as a number, and numbers
        # before words); a cell with none sorts by its words, after the dates
        sort = iso + "-00" * bool(re.fullmatch(r"\d{4}", iso))
        return replace(link or self.text(shown), text=shown, sort=sort, data={"ISO": iso})

    def earliest_date(self, root: str, event) -> Cell:
        """The earliest date a report gives `event` (an oo:EventDate's date, or its span), as people write it,
        sorted by it: the events' list had the number of dates alone, and the events could not be put in order.
        Linked to that date as the report states it (its page, and its CSV row, quote the words). A date the
        curators inferred is no date a report gives: where no report's words date the event, the cell gives
        the report's words and says the date is the curators' reading ("“when she was in the Home Office”
        (the curators' reading: 5 July 2024 to 5 September 2025)": Cooper's tenure, from the public record, was
        shown as the earliest date reported), and its ISO column, a date reported, is empty."""
        g = self.graph
        found = [(iso, OO.date in self.inferred(n), str(n)) for n in g.subjects(OO.event, event)
                 if (iso := self.iso_date(n))]
        # a year that holds a month another report gives ("2025" beside "July 2025") is not the earlier date;
        # a date read before any date inferred
        found = sorted((d for d in found if not any(o[0] != d[0] and o[0].startswith(d[0]) for o in found)),
                       key=lambda d: (d[1], d[0], d[2]))
        if not found:
            return self.text(NO_REPORT_DATES)
        date, inferred, node = found[0]
        node = URIRef(node)
        if not inferred:
            return self.date_cell(date, self.dated(node), self.link(root, node))
        written = self.written(node, OO.dateAsWritten)
        reading = f"the curators' reading: {self.dated(node).removesuffix(INFERRED)}"
        shown = f"\u201c{written}\u201d ({reading})" if written else f"{NO_REPORT_DATES} ({reading})"
        return replace(self.date_cell(date, shown, self.link(root, node)), data={"ISO": ""})

    def iso_date(self, node) -> str:
        """A node's oo:date, else its span as ISO 8601 writes one ("2024-07-05/2025-09-05", ".." for an end not
        given: a CSV's ISO column kept its start alone), "" with neither."""
        date = self.graph.value(node, OO.date)
        if date is not None:
            return str(date)
        start, end = (self.graph.value(node, p) for p in (OO.startDate, OO.endDate))
        return "" if start is None and end is None else f"{start or '..'}/{end or '..'}"

    def dated(self, node) -> str:
        """A node's oo:date, else its span (from_to: Cooper's plans "when she was in the Home Office" bounded by her
        tenure), marked when the curators inferred it ("last July" resolved to 2025-07)."""
        date = self.graph.value(node, OO.date) or self.from_to(node)
        return "" if date is None else dates_in_words(str(date)) + INFERRED * (OO.date in self.inferred(node))

    def period(self, f: StatedFigure) -> str:
        """The figure's period in words, "" when none is stated, marked when the curators inferred it: by a marker,
        or a year read from the report's words ("last year") against its date (StatedFigure.period_inferred)."""
        return f.period_words(INFERRED) if f.period_stated else ""

    def figure_rows(self, root: str, nodes: list, with_report: bool = True, with_speaker: bool = True) -> Table:
        """The standard table of figures: value with its qualifier, wording, indicator, period, who, report,
        verdict and disagreements."""
        columns = ["Value", "As written", "Indicator", "Period"] + (["Said by"] if with_speaker else []) \
            + (["Report"] if with_report else []) + ["Verdict", "Disagreements"]
        rows = []
        for node in nodes:
            f = self.figure(node)
            reviews = self.reviews(root, node)
            disagreements = self.discrepancies(root, node)
            row = [self.figure_cell(root, node), self.text(f.stated),
                   self.fact_cell(root, f.indicator, (node, OO.indicator, f.indicator)) if f.indicator is not None
                   else self.text(""),
                   self.text(self.period(f) or NO_PERIOD)]
            if with_speaker:
                row.append(self.voice_cell(root, f))
            if with_report:
                row.append(self.report_column_cell(root, f.report))
            # sorted by the scale, least accurate first (the order was given as the raw data's tooltip, and the
            # column sorted alphabetically: "not checked" between "accurate" and "slightly inaccurate")
            row.append(_joined([Cell(r["grade"], r["review"].href, "grade", r["explanation"], r["review"].iri,
                                     sort=str(GRADE_ORDER.get(r["grade"], 9))) for r in reviews])
                       if reviews else replace(self.text(NOT_CHECKED), sort=str(len(GRADE_ORDER))))
            row.append(_kinds(disagreements))
            rows.append(row)
        return Table(columns, rows)

    # ------------------------------------------------------------ pages

    def figure_page(self, root: str, iri) -> dict:
        f = self.figure(iri)
        statements = [self.statement(root, s) for s in f.statements]
        derivation = self.graph.value(iri, OO.derivation)
        derived = None
        if derivation is not None:
            method = self.graph.value(derivation, OO.method)
            by = self.link(root, self.graph.value(derivation, OO.derivedBy))
            if by.text and OO.derivation in self.inferred(iri):  # the curators' reading of whose inputs these are
                by.text += INFERRED
            derived = {"method": self.site.label(method) if method is not None else "",
                       "by": by, "notes": self.notes(derivation),
                       "inputs": [self.side(root, n) for n in sorted(self.graph.objects(derivation, OO.input), key=str)],
                       "baselines": [self.side(root, n)
                                     for n in sorted(self.graph.objects(derivation, OO.baseline), key=str)]}
        reviews = self.reviews(root, iri)
        voices = _voices(statements)
        discrepancies = self.discrepancies(root, iri, sides=True)
        sides = [*(derived["inputs"] + derived["baselines"] if derived else []),
                 *(o for d in discrepancies for o in d["others"])]
        elsewhere = [(s, self.link(root, s), None) for s in f.statements]  # the byline's speaker, role, date
        if f.report is not None:
            elsewhere.append((f.report, self.link(root, f.report), {SCHEMA.datePublished}))
        for side in sides:
            elsewhere += self.marked_in_side(root, URIRef(side["link"].iri))
        return {"kind": "figure", "words": self.words(f), "stated": f.stated, "figure": f, "voices": voices,
                "inferences": self.inferences(root, iri, tuple(elsewhere)),
                "indicator": self.fact_cell(root, f.indicator, (iri, OO.indicator, f.indicator)),
                "report": self.link(root, f.report),
                "report_title": self.report_title(f.report) if f.report is not None else "",
                "report_date": self.report_date(f.report) if f.report is not None else "",
                "period": self.period(f) or NO_PERIOD,
                "unit": self.site.label(f.unit) + INFERRED * (OO.unit in f.inferred) if f.unit is not None else "",
                "comparator": COMPARATOR_WORDS.get(f.comparator, ""),
                "statements": statements, "spans": self.evidence(iri), "derived": derived,
                "reviews": reviews, "discrepancies": discrepancies,
                "citation": self.citation(iri, f, statements, voices, reviews),
                "source_file": str(self.graph.value(f.report, OO.sourceFileName) or "") if f.report else "",
                "sha256": str(self.graph.value(f.report, OO.sha256) or "") if f.report else ""}

    def citation(self, iri, f: StatedFigure, statements: list, voices: list, reviews: list) -> str:
        """What a journalist pastes: who (each once: _voices), in what role, where, the exact words, the
        report, the computed value where there is one, and the permalink."""
        lines = self.figure_citation_lines(iri, f, statements, voices)
        for review in reviews:
            lines.append(f"Check: {review['grade']}. {review['explanation']}")
        return with_permalink(lines, iri)

    def figure_citation_lines(self, iri, f: StatedFigure, statements: list, voices: list) -> list:
        """A figure's citation up to its verdicts: who said it and the words, the figure, the source."""
        quoted = next((s["words"] for s in statements if s["direct"] and s["words"]), "")
        exact = next((e["exact"] for e in self.evidence(iri)), "")
        period = self.period(f)
        lines = [said_line("; ".join(map(credit, voices)), quoted, exact),
                 f"Figure: {self.words(f)} (as written: \u201c{f.stated}\u201d), {self.site.label(f.indicator)}"
                 + (f", {period}" if period else "") + ".",
                 self.source_line(f.report) if f.report is not None else "Source: ."]
        return lines

    def statement_page(self, root: str, iri) -> dict:
        """A quote or reported statement: the words, who, in what role, where and when, the report's
        exact words, and the figures it states with their verdicts and disagreements."""
        said = self.statement(root, iri)
        figures = self.figure_rows(root, [URIRef(f.iri) for f in said["figures"]], with_report=False, with_speaker=False)
        figures.id = "figures"
        report = self.graph.value(iri, OO.inReport)  # its citation's source gives the report's date, marked if inferred
        elsewhere = ((report, self.link(root, report), {SCHEMA.datePublished}),) if report is not None else ()
        return {"kind": "statement", "said": said, "figures": figures, "citation": self.statement_citation(iri, said),
                "inferences": self.inferences(root, iri, elsewhere),
                "about": self.values_of(root, iri, OO.about)}

    def check_page(self, root: str, iri) -> dict:
        g = self.graph
        claim = g.value(iri, SCHEMA.itemReviewed)
        rating = g.value(iri, SCHEMA.reviewRating)
        grade = str(g.value(rating, SCHEMA.alternateName) or "") if rating is not None else ""
        figures = [n for n in g.objects(claim, SCHEMA.about) if (n, OO.derivation, None) in g] if claim else []
        figure = figures[0] if figures else None
        body = str(g.value(iri, SCHEMA.reviewBody) or "")
        arithmetic = next((line.removeprefix("Arithmetic: ") for line in body.splitlines()
                           if line.startswith("Arithmetic: ")), "")
        lower, upper = g.value(iri, OO.lowerLimit), g.value(iri, OO.upperLimit)
        notes = [line.removeprefix("Note: ") for line in body.splitlines() if line.startswith("Note: ")]
        unit = UNIT_SUFFIX.get(g.value(figure, OO.unit), "") if figure is not None else ""
        apart = PERCENTAGE_POINTS if unit else ""
        model = {"kind": "check", "grade": grade, "class": grade_class(grade), "meaning": GRADE_MEANINGS.get(grade, ""),
                 "explanation": str(g.value(rating, SCHEMA.ratingExplanation) or "") if rating is not None else "",
                 "claim_reviewed": str(g.value(iri, SCHEMA.claimReviewed) or ""), "arithmetic": arithmetic,
                 "computed": fmt(decimal_of(g.value(iri, OO.computedValue))) + unit if g.value(iri, OO.computedValue) else "",
                 "allowed": _range_words(decimal_of(lower), decimal_of(upper), unit),
                 "gap": fmt(decimal_of(g.value(iri, OO.gap)), sign=True) + apart if g.value(iri, OO.gap) is not None else "",
                 "notes": notes, "body": body, "figure": None, "citation": "",
                 "rating_value": g.value(rating, SCHEMA.ratingValue)}
        if figure is not None:
            model["figure"] = shown = self.figure_page(root, figure)
            model["figure_link"] = self.link(root, figure)
            # the verdict first, as a claim page is cited; then the claim as the figure's page cites it
            model["citation"] = with_permalink(
                [f"Check: {grade}. {model['explanation']}",
                 *self.figure_citation_lines(figure, shown["figure"], shown["statements"], shown["voices"]),
                 f"The figure: {figure}", self.checked_by()], iri)
        return model

    def checked_by(self) -> str:
        """A check's citation's author and date, as its page's "About this check" gives them (site.yaml's
        reviewer and reviews_published): a date never invented."""
        config = self.site.config
        published = config["reviews_published"]
        return f"Checked by {config['reviewer']['name']}" + (f", published {published}." if published
                                                           else "; publication date not given.")

    def discrepancy_page(self, root: str, iri) -> dict:
        g = self.graph
        sides = [self.side(root, s) for s in sorted(g.objects(iri, OO.side), key=str)]
        groups: dict = {}
        for side in sides:
            groups.setdefault(side["value"], []).append(side)
        explanation = str(g.value(iri, RDFS.comment) or "")
        kind_label = self.kind_label(g.value(iri, OO.kind))
        # what its sides, its explanation and its citation's sources mark: each side's own values, and its report's date
        nodes = sorted(g.objects(iri, OO.side), key=str)
        reports = {r for r in (g.value(n, OO.inReport) for n in nodes) if r is not None}
        elsewhere = [*((n, self.link(root, n), None) for n in nodes), *(e for n in nodes for e in self.marked_in_side(root, n)),
                     *((r, self.link(root, r), {SCHEMA.datePublished}) for r in sorted(reports, key=str))]
        return {"kind": "discrepancy", "kind_label": kind_label, "inferences": self.inferences(root, iri, tuple(elsewhere)),
                "kind_definition": str(g.value(g.value(iri, OO.kind), SKOS.definition) or "")
                if g.value(iri, OO.kind) is not None else "",
                "concerns": self.link(root, g.value(iri, OO.concerns)),
                "explanation": explanation, "groups": list(groups.items()),
                "citation": self.discrepancy_citation(iri, kind_label, explanation, sides)}

    def discrepancy_citation(self, iri, kind_label: str, explanation: str, sides: list) -> str:
        """What a journalist pastes about a disagreement: its kind and explanation, then each side as its
        report names it, who (marked where the curators inferred them) and the report's exact words with
        their place in its text; then each report once, with its date and its text's SHA-256, and the
        permalink. The page said which report and which words only side by side, and had nothing to copy."""
        lines = [f"Disagreement ({kind_label.lower()}): {explanation}", ""]
        reports = []
        for side in sides:
            report = self.graph.value(URIRef(side["link"].iri), OO.inReport)
            if report is not None and report not in reports:
                reports.append(report)
            who = ", ".join(c.text for c in side["voice"]) or "the report itself"
            words = "; ".join(f"\u201c{e['exact']}\u201d" + (f" (characters {e['start']}\u2013{e['end']})"
                                                               if e["start"] is not None else "")
                              for e in side["evidence"]) or side["says"]
            lines.append(f"{self.report_short(report) if report is not None else 'No report'}, {who}"
                         + ("" if side["statement"] else f", says {side['says']}") + f": {words}")
        lines.append("")
        lines += map(self.source_line, reports)
        return with_permalink(lines, iri)

    def source_line(self, report) -> str:
        """A citation's source: the report as the site's explanations name it ("Report 004: <headline>",
        not the headline alone), its date and its text's SHA-256."""
        date = self.report_date(report)
        sha = str(self.graph.value(report, OO.sha256) or "")
        return (f"Source: {self.report_name(report)}" + (f" ({bracketed(date)})" if date else "")
                + (f"; text SHA-256 {sha}" if sha else "") + ".")

    def statement_citation(self, iri, said: dict) -> str:
        """What a journalist pastes about a quote or reported speech: who, in what role, where and when,
        the words (in quotation marks only as said or as the report wrote them), the report's exact words
        with their place in its text, the source and the permalink. A statement's page had nothing to
        copy, though a quote is what a journalist cites most."""
        places = [f"characters {e['start']}\u2013{e['end']}" if e["start"] is not None else "" for e in said["evidence"]]
        exact = " ".join(e["exact"] for e in said["evidence"])
        lines = [said_line(credit(said), said["words"] if said["direct"] else "", exact)]
        if said["direct"] and said["evidence"]:  # the quote, then the sentence of the report that holds it
            lines.append("The report's words: " + "; ".join(
                f"\u201c{e['exact']}\u201d" + (f" ({place})" if place else "") for e, place in zip(said["evidence"], places)))
        elif any(places):  # reported speech: the first line holds the report's words already
            lines.append(f"In the report's text: {'; '.join(filter(None, places))}.")
        report = self.graph.value(iri, OO.inReport)
        if report is not None:
            lines.append(self.source_line(report))
        return with_permalink(lines, iri)

    def person_page(self, root: str, iri) -> dict:
        """Who they are and the verdicts on what they said (all of it), their posts, then their first
        STATEMENTS_PER_PAGE statements; the rest on pages of their own (said_page), as a claim archive
        pages a speaker's claims: a person quoted in thousands of reports still gets a page in about a second."""
        site, g = self.site, self.graph
        person = (iri, RDF.type, OO.Person) in g  # else an unnamed speaker or group, who holds no post
        roles = site.saved_table(root, "officials-roles", {"person": f"<{iri}>"},
                                 ["postName", "start", "end", "basis", "reports"]) \
            if person and "officials-roles" in site.queries else None
        facts = []  # the holdings the table of posts shows: "Presenter of LBC Breakfast (inferred)"
        if roles is not None:
            roles.columns = ["Post", "From", "To", "On what basis", "Reports"]
            roles.id = "posts"
            variables, answer = site.run_saved("officials-roles", {"person": f"<{iri}>"})  # the rows of the table
            roles.sources = []  # each row's holding: the reports' words naming them in the post are its CSV's evidence
            for row, terms in zip(roles.rows, answer):  # (its dates in words, as Site.cell writes every table's)
                for i, words in ((1, NOT_STATED), (2, STILL_IN_POST), (3, NOT_STATED)):
                    # the public record gives no end to a post still held; "To" has its ISO column as "From" has,
                    # empty there (Chris Philp's CSV had "From (ISO)" and no "To (ISO)")
                    row[i] = row[i] if row[i].text else replace(self.text(words), data={"ISO": ""} if i < 3 else {})
                # the row's own holding: of a post held twice, only the time the curators read is marked
                holding, post = (terms[variables.index(name)] for name in ("holding", "post"))
                roles.sources.append(holding)
                row[4] = self.holding_reports_cell(root, holding)
                held = [(holding, OO.post, post), (holding, OO.holder, iri)]
                if any(map(self.given, held)) and not row[0].text.endswith(INFERRED):  # (Site.saved_rows may have)
                    row[0] = replace(row[0], text=row[0].text + INFERRED)
                facts += held
        statements = self.statements_of(iri)
        figure_nodes = list(dict.fromkeys(f for s in statements for f in sorted(self.graph.objects(s, OO.mentionsFigure), key=str)))
        g = self.graph
        # what others said about them, and the events they took part in (Yvette Cooper's page said only
        # "0 statements", her posts and "No statements", where report 003's sources say what she did)
        about = sorted((n for n in set(g.subjects(OO.about, iri)) | set(g.subjects(SCHEMA.about, iri))
                        if ((n, RDF.type, OO.DirectQuote) in g or (n, RDF.type, OO.ReportedStatement) in g)
                        and (n, OO.speaker, iri) not in g), key=str)
        said_about = self.said_table([self.statement(root, n, variants=False) for n in about])
        said_about.id, said_about.shown = "about", STATEMENTS_PER_PAGE
        return {"kind": "person", "kicker": self.kicker(iri), "roles": roles, **self._said(root, iri, statements, 1),
                "said_about": said_about, **self._listed_in(root, iri, facts, events=OO.participant),
                "figure_count": len(figure_nodes),
                "checked": self.checked(root, figure_nodes),
                "disagreements": self._their_disagreements(root, figure_nodes, statements)}

    def holding_reports_cell(self, root: str, holding) -> Cell:
        """The reports whose words name a person in a post (the holding's oo:evidence), each as a Report column
        shows one, linked, its headline or the curators' summary under it: the saved query gives their names
        alone ("Report 000, Report 002"), which a reader could neither follow nor tell apart."""
        g = self.graph
        reports = sorted({source for span in g.objects(holding, OO.evidence) for source in g.objects(span, OA.hasSource)},
                         key=str)
        return _joined([self.report_column_cell(root, report) for report in reports])

    def said_page(self, root: str, iri, page: int) -> dict:
        """Page `page` (2 or more) of what a person said, or of what was said in an organisation's name:
        said/NAME-N, as the person's or organisation's own page shows page 1."""
        organisation = iri is not None and (iri, RDF.type, OO.Organisation) in self.graph
        if not self.said_page_of(iri):
            raise KGError("no such person or organisation")
        statements = self.statements_of(iri)
        pages = max(1, -(-len(statements) // STATEMENTS_PER_PAGE))
        label, own = self.site.label(iri), path_of_iri(iri)
        if page == 1:
            raise KGError(f"what {label} said begins on their own page, {own}")
        if not 2 <= page <= pages:
            later = f", then said/{own.partition('/')[2]}-2" + (f" to -{pages}" if pages > 2 else "") if pages > 1 else ""
            raise KGError(f"{label} has {pages} page{'s' if pages > 1 else ''} of statements: {own}{later}")
        if organisation:
            return {"kind": "said", "label": label, "organisation": self.link(root, iri),
                    "title": f"What was said in the name of {label} (page {page} of {pages})",
                    **self._said_in_name(root, iri, statements, page)}
        return {"kind": "said", "label": label, "person": self.link(root, iri), "organisation": None,
                "kicker": self.kicker(iri),
                "title": f"What {label} said (page {page} of {pages})", **self._said(root, iri, statements, page)}

    def said_page_of(self, iri) -> bool:
        """Whether `iri` has pages of what it said (said/NAME-N): a person, an unnamed speaker, an organisation."""
        return iri is not None and ((iri, RDF.type, OO.Organisation) in self.graph or bool(self.kicker(iri)))

    def kicker(self, iri) -> str:
        """What a speaker's page calls them: "Person", or, for those the report does not name as one person,
        "Unnamed group" ("officials") or "Unnamed speaker" (whoever said words given no speaker); "" for
        anything else."""
        g = self.graph
        for cls, words in ((OO.Person, "Person"), (OO.UnnamedGroup, "Unnamed group"), (OO.UnnamedAgent, "Unnamed speaker")):
            if (iri, RDF.type, cls) in g:
                return words
        return ""

    def said_pages(self) -> list:
        """Every person's and organisation's pages of statements after their own page: ['shabana-mahmood-2', ...]."""
        names = []
        speakers = {s for cls in (OO.Person, OO.UnnamedAgent, OO.Organisation) for s in self.graph.subjects(RDF.type, cls)}
        for speaker in sorted(speakers, key=str):
            count = len(self.spoken_by(speaker))
            if count > STATEMENTS_PER_PAGE and self.site.exists(speaker):
                name = path_of_iri(speaker).partition("/")[2]
                names += [f"{name}-{n}" for n in range(2, -(-count // STATEMENTS_PER_PAGE) + 1)]
        return names

    def spoken_by(self, iri) -> set:
        """What a person said; for an organisation, what was said in its name: by it ("the government
        said") or by the holder of one of its posts."""
        g = self.graph
        spoken = set(g.subjects(OO.speaker, iri))
        for post in g.subjects(OO.inOrganisation, iri):
            spoken.update(g.subjects(OO.speakerPost, post))
        return spoken

    def statements_of(self, iri) -> list:
        """spoken_by in reading order: by report (its title), then where in it."""
        def place(s):
            report = self.graph.value(s, OO.inReport)
            starts = [int(v) for span in self.graph.objects(s, OO.evidence) for v in self.graph.objects(span, OA.start)]
            return (self.site.label(report) if report is not None else "", min(starts, default=0), str(s))
        return sorted(self.spoken_by(iri), key=place)

    def _page_of(self, root: str, iri, statements: list, page: int) -> tuple[list, dict]:
        """Page `page` of `statements` (STATEMENTS_PER_PAGE a page), and its pager: the links to the pages
        before and after (id/NAME for the first, said/NAME-N for the others)."""
        pages = max(1, -(-len(statements) // STATEMENTS_PER_PAGE))
        first = (page - 1) * STATEMENTS_PER_PAGE
        shown = statements[first:first + STATEMENTS_PER_PAGE]
        name = path_of_iri(iri).partition("/")[2]
        at = lambda n: self.site.url(root, f"id/{name}" if n == 1 else f"said/{name}-{n}")  # noqa: E731
        return shown, {"page": page, "pages": pages, "first": first + 1, "last": first + len(shown),
                       "previous": at(page - 1) if page > 1 else "", "next": at(page + 1) if page < pages else ""}

    def _said(self, root: str, iri, statements: list, page: int) -> dict:
        """One page of a person's statements: by report and occasion, their figures, the quotations of
        them that differ, and the links to the pages before and after."""
        shown, pager = self._page_of(root, iri, statements, page)
        said = [self.statement(root, s) for s in shown]
        occasions: dict = {}
        for s in said:
            occasion = ", ".join(x for x in (s["venue"], s["date"]) if x) or "occasion not stated"
            occasions.setdefault((s["report"].text, s["report"].href), {}).setdefault(occasion, []).append(s)
        figures = self.figure_rows(root, list(dict.fromkeys(URIRef(f.iri) for s in said for f in s["figures"])),
                                   with_speaker=False)
        figures.id = "figures"
        compared = {v["link"].iri: (s, v) for s in said for v in s["variants"]}
        return {"occasions": occasions, "figures": figures, "quoted": list(compared.values()),
                "statement_count": len(statements), "pager": pager}

    def _said_in_name(self, root: str, iri, statements: list, page: int) -> dict:
        """One page of what was said in an organisation's name, as a table, and the links to the pages
        before and after."""
        shown, pager = self._page_of(root, iri, statements, page)
        return {"statements": self.said_table([self.statement(root, s, variants=False) for s in shown]),
                "statement_count": len(statements), "pager": pager}

    def _their_disagreements(self, root: str, figure_nodes: list, statements: list = ()) -> list:
        """Each disagreement once, with the person's figure or statement in it: [(cell, discrepancy)]. A
        statement is a side where the reports give different accounts of the same remarks (a different
        account): the question "do the reports quote her the same way?" is answered here too."""
        seen: dict = {}
        for n in figure_nodes:
            for d in self.discrepancies(root, URIRef(n)):
                if d["link"].iri not in seen:
                    seen[d["link"].iri] = (self.figure_cell(root, URIRef(n)), d)
        for n in statements:
            for d in self.discrepancies(root, n):
                if d["link"].iri not in seen:
                    sides = sorted(self.graph.objects(URIRef(d["link"].iri), OO.side), key=str)
                    seen[d["link"].iri] = (_joined([self.statement_cell(root, s) for s in sides]), d)
        return list(seen.values())

    def statement_cell(self, root: str, node) -> Cell:
        """A statement named by its report, linked: "Report 002" (the explanation beside it quotes the
        words)."""
        report = self.graph.value(node, OO.inReport)
        return replace(self.link(root, node), text=self.report_short(report) if report is not None else "the statement")

    def charted(self, indicator) -> bool:
        """Whether an indicator has a chart: a figure with a number and a date (the static site writes
        chart.svg for these alone)."""
        figures = map(self.figure, self.graph.subjects(OO.indicator, indicator))
        return any(f.number is not None and f.date for f in figures)

    def chart_shows(self, indicator) -> str:
        """What an indicator's chart shows, in words for its caption and its alt text: the values with a number and
        a date (kg.analysis.timeline plots those alone), by date, one colour per report where it has a colour for each."""
        figures = [self.figure(n) for n in self.graph.subjects(OO.indicator, indicator)]
        plotted = [f for f in figures if f.number is not None and f.date]
        label = self.site.label(indicator)
        shown = (f"every value reported for {label}" if len(plotted) == len(figures) else
                 f"{len(plotted)} of the {len(figures)} values reported for {label} (those with a number and a date)")
        return (f"{shown}, by date"
                + ", one colour per report" * (len({f.report for f in plotted}) <= MOST_COLOURED))

    def indicator_page(self, root: str, iri) -> dict:
        g = self.graph
        nodes = sorted(set(g.subjects(OO.indicator, iri)), key=str)
        figures = [self.figure(n) for n in nodes]
        order = sorted(range(len(nodes)), key=lambda i: (figures[i].date or "9999", figures[i].number or 0, str(nodes[i])))
        table = self.figure_rows(root, [nodes[i] for i in order])
        table.columns.insert(0, "Date")
        for row, i in zip(table.rows, order):
            f = figures[i]
            row.insert(0, self.text(f.date + INFERRED * f.date_inferred, f.date))
        table.id = "values"
        chart = self.charted(iri)
        shows = self.chart_shows(iri) if chart else ""
        return {"kind": "indicator", **self._listed_in(root, iri, [(n, OO.indicator, iri) for n in nodes]),
                "chart_svg": inline_svg(self.site.chart(iri), shows) if chart else "",
                "chart_shows": shows, "definition": str(g.value(iri, SKOS.definition) or ""),
                "long_name": str(g.value(iri, SKOS.prefLabel) or ""), "values": table,
                "chart": chart,
                "checked": self.checked(root, nodes, named=False),
                "disagreements": [{"link": self.link(root, d), "kind": self.kind_label(g.value(d, OO.kind)),
                                   "explanation": str(g.value(d, RDFS.comment) or "")}
                                  for d in sorted(set(g.subjects(OO.concerns, iri)), key=str)]}

    def report_page(self, root: str, iri) -> dict:
        g = self.graph
        parts = sorted(set(g.subjects(OO.inReport, iri)), key=str)
        types = {n: set(g.objects(n, RDF.type)) for n in parts}
        figure_nodes = [n for n in parts if OO.Figure in types[n]]
        figure_nodes.sort(key=lambda n: next((e["start"] for e in self.evidence(n)), 0) or 0)
        figures = self.figure_rows(root, figure_nodes, with_report=False)
        figures.id = "figures"
        statements = [self.statement(root, n) for n in parts
                      if types[n] & {OO.DirectQuote, OO.ReportedStatement}]
        statements.sort(key=lambda s: s["evidence"][0]["start"] if s["evidence"] else 0)
        said = self.said_table(statements, with_report=False)
        dates = [n for n in parts if OO.EventDate in types[n]]
        events = Table(["Event", "Date", "As written", "Disagreements"], [
            [self.fact_cell(root, g.value(n, OO.event), (n, OO.event, g.value(n, OO.event))),
             # linked to the date as the report states it (its page quotes the words; its CSV row gives them)
             self.date_cell(self.iso_date(n) or None, self.dated(n) or NO_DATE, self.link(root, n)),
             self.text(self.written(n, OO.dateAsWritten) or NOT_STATED),
             _kinds(self.discrepancies(root, n))] for n in dates], id="event-dates")
        checked = self.checked(root, figure_nodes)
        said_nodes = [n for n in parts if types[n] & {OO.DirectQuote, OO.ReportedStatement}]
        # a statement is a side of a different account of the same remarks
        disagreements = _distinct(self.discrepancies(root, n) for n in figure_nodes + dates + said_nodes)
        date, inferred = report_date(g, iri)  # (why the curators read that date: in the list of their inferences)
        # what the curators read into the report: its own facts (its date, its publisher) and those of the
        # figures, statements and dates of events it lists, each with its reason and whose it is
        shown = tuple((n, self.link(root, n), None) for n in figure_nodes + said_nodes + dates)
        return {"kind": "report", "title": self.report_title(iri), "date": date, "date_inferred": inferred,
                "source_file": str(g.value(iri, OO.sourceFileName) or ""),
                "sha256": str(g.value(iri, OO.sha256) or ""), "figures": figures, "statements": said,
                "events": events, "checked": checked, "disagreements": disagreements,
                "publishers": self.publishers(root, iri), "inferences": self.inferences(root, iri, shown)}

    def publishers(self, root: str, report) -> list:
        """Who published a report, linked: its schema:publisher, and one the curators read where the report
        names none (a marker's value, as for its date: report_date), marked INFERRED where a marker gives it."""
        g = self.graph
        read = {g.value(m, RDF.value) for m in g.objects(report, OO.inferredValue)
                if g.value(m, OO.inferredProperty) == SCHEMA.publisher} - {None}
        return [self.fact_cell(root, p, (report, SCHEMA.publisher, p))
                for p in sorted(set(g.objects(report, SCHEMA.publisher)) | read, key=str)]

    def said_table(self, statements: list, with_report: bool = True) -> Table:
        """Statements (Desk.statement's) as a table: who, in what role, the words, where and when."""
        rows = [[_joined(s["speaker"]), self.text(s["role"] or NOT_STATED),
                 replace(s["link"], text=("\u201c" + s["words"] + "\u201d") if s["direct"] else f"{s['words']} ({s['said_as']})"),
                 replace(self.text(", ".join(x for x in (s["venue"], s["date"]) if x) or NOT_STATED), data={"ISO date": s["iso_date"]}),
                 _joined(s["figures"]) if s["figures"] else self.text(NONE)]
                + ([self.noted(s["report_short"])] if with_report else []) for s in statements]
        return Table(["Said by", "Role", "Words", "Where, when", "Figures"] + ["Report"] * with_report, rows,
                     id="statements")

    def organisation_page(self, root: str, iri) -> dict:
        """An organisation: its posts and who held them, what was said in its name (by the holder of one of
        its posts, or by the organisation itself: "the government said"), its events."""
        g = self.graph
        posts = sorted(set(g.subjects(OO.inOrganisation, iri)), key=str)
        facts, rows = [], []  # what the page shows of other nodes: a post's organisation, who held it
        for post in posts:
            holders = []
            held_by = [(h, g.value(h, OO.holder)) for h in sorted(set(g.subjects(OO.post, post)), key=str)]
            held_by = [(h, holder) for h, holder in held_by if holder is not None]
            for h, holder in held_by:  # "Nick Ferrari (inferred)": no report says he presents LBC Breakfast
                holding = [(h, OO.post, post), (h, OO.holder, holder)]
                # who held it twice: each time by its period, its own mark after it (not one name twice)
                again = sum(other == holder for _, other in held_by) > 1
                holders.append(self.speaker(root, holder, any(map(self.given, holding)),
                                            f"{self.site.label(holder)} ({self.tenure(h)})" if again else ""))
                facts += holding
            facts.append((post, OO.inOrganisation, iri))
            rows.append([self.fact_cell(root, post, facts[-1]), _joined(holders)])
        held = Table(["Post", "Held by"], rows, id="posts")
        statements = self.statements_of(iri)
        country = g.value(iri, OO.country)
        return {"kind": "organisation",
                "country": self.fact_cell(root, country, (iri, OO.country, country)) if country is not None else None,
                "posts": held, **self._said_in_name(root, iri, statements, 1),
                "disagreements": self._their_disagreements(root, [], statements),
                **self._listed_in(root, iri, facts, events=OO.participant, about=(OO.about, SCHEMA.about))}

    def _listed_in(self, root: str, iri, facts: list, elsewhere: tuple = (), **listed) -> dict:
        """The lists of a page of the nodes that name `iri` by one of its properties (keyword: name -> property
        or properties; its events, by oo:participant; the statements about it), each linked and marked where
        the curators inferred that it does (fact_cell); and the page's list of what the curators inferred, for
        `iri` and for these, `facts` (the facts of other nodes the page shows: facts_shown) and `elsewhere`
        (as Desk.inferences takes it)."""
        g, out, facts = self.graph, {}, list(facts)
        for name, props in listed.items():
            props = props if isinstance(props, tuple) else (props,)
            nodes = sorted({s for p in props for s in g.subjects(p, iri)}, key=str)
            found = [[(n, p, iri) for p in props if (n, p, iri) in g] for n in nodes]
            out[name] = [self.speaker(root, n, any(map(self.given, named))) for n, named in zip(nodes, found)]
            facts += [fact for named in found for fact in named]
        out["inferences"] = self.inferences(root, iri, (*elsewhere, *self.facts_shown(root, facts, iri)))
        return out

    def event_date_rows(self, root: str, dates: list) -> tuple[Table, list]:
        """What each report says of when an event happened (its date, its words, the disagreements), and
        each disagreement those dates are a side of, once."""
        g = self.graph
        rows, read = [], []
        for n in sorted(dates, key=lambda n: (self.report_title(g.value(n, OO.inReport)), str(n))):
            spans, disagreements = self.evidence(n), self.discrepancies(root, n)
            read.append(disagreements)
            rows.append([self.report_column_cell(root, g.value(n, OO.inReport)),
                         self.date_cell(self.iso_date(n) or None, self.dated(n) or NO_DATE),
                         self.text(self.written(n, OO.dateAsWritten) or NOT_STATED),
                         self.text(" … ".join(e["exact"] for e in spans)),
                         _kinds(disagreements), self.link(root, n)])
        return (Table(["Report", "Date", "As written", "The report's words", "Disagreements", "The date as stated"],
                      rows), _distinct(read))

    def event_page(self, root: str, iri) -> dict:
        """An event (the deal agreed, signed, in force): when each report says it happened, and the
        figures counted from it. The reports give its dates; the event itself has none of its own."""
        g = self.graph
        dates = sorted(set(g.subjects(OO.event, iri)), key=str)
        table, disagreements = self.event_date_rows(root, dates)
        table.id = "dates"
        counted = sorted(set(g.subjects(OO.periodStartEvent, iri)) | set(g.subjects(OO.asOfEvent, iri)), key=str)
        figures = self.figure_rows(root, counted)
        figures.id = "figures"
        kind = g.value(iri, OO.eventType)
        marked_dates = tuple(side for n in dates for side in self.marked_in_side(root, n))  # the table's dates
        agreement = g.value(iri, OO.ofAgreement)
        # a figure is counted from it, or as of it, where the curators read so (its period, marked)
        counted_from = [(f, p, iri) for f in counted for p in (OO.periodStartEvent, OO.asOfEvent) if (f, p, iri) in g]
        return {"kind": "event", "event_type": self.site.label(kind) if kind is not None else "",
                **self._listed_in(root, iri, counted_from, marked_dates, about=SCHEMA.about),
                "agreement": self.fact_cell(root, agreement, (iri, OO.ofAgreement, agreement)) if agreement else None,
                "participants": self.values_of(root, iri, OO.participant),  # "Shabana Mahmood (inferred)"
                "dates": table, "figures": figures, "disagreements": disagreements}

    def event_date_page(self, root: str, iri) -> dict:
        """One report's date for an event, with its words and the reports that give another."""
        g = self.graph
        event = g.value(iri, OO.event)
        disagreements = self.discrepancies(root, iri, sides=True)
        sides = tuple(e for d in disagreements for o in d["others"] for e in self.marked_in_side(root, URIRef(o["link"].iri)))
        return {"kind": "event date", "event": self.fact_cell(root, event, (iri, OO.event, event)),
                "report": self.report_cell(root, g.value(iri, OO.inReport)), "date": self.dated(iri),
                "as_written": self.written(iri, OO.dateAsWritten), "spans": self.evidence(iri),
                "disagreements": disagreements, "inferences": self.inferences(root, iri, sides)}  # its sides' marks too

    def agreement_page(self, root: str, iri) -> dict:
        """An agreement: its parties, its events with the dates the reports give, the reports about it."""
        g = self.graph
        events = sorted(set(g.subjects(OO.ofAgreement, iri)), key=str)
        rows, marked_dates = [], []
        for event in events:
            dates = sorted(set(g.subjects(OO.event, event)), key=str)
            given: dict = {}
            for n in dates:
                # in the order of the dates, not of their words ("August 2025" before "July 2025")
                given.setdefault((str(g.value(n, OO.date) or self.from_to(n) or ""), self.dated(n)), []).append(
                    self.report_short(g.value(n, OO.inReport)))
                marked_dates += self.marked_in_side(root, n)  # the dates it shows marked: why, in its list
            rows.append([self.fact_cell(root, event, (event, OO.ofAgreement, iri)),  # "(inferred)": no report says so
                         replace(self.text("; ".join(f"{d} ({', '.join(sorted(r))})" for (_, d), r in sorted(given.items()))
                                           or NO_REPORT_DATES), data={"ISO dates": "; ".join(i for i, _ in sorted(given))}),
                         _kinds(_distinct(self.discrepancies(root, n) for n in dates))])
        reports = [r for r in sorted(set(g.subjects(SCHEMA.about, iri)), key=str) if (r, RDF.type, OO.Report) in g]
        facts = [(event, OO.ofAgreement, iri) for event in events] + [(r, SCHEMA.about, iri) for r in reports]
        return {"kind": "agreement", "parties": self.values_of(root, iri, OO.party),
                "inferences": self.inferences(root, iri, (*marked_dates, *self.facts_shown(root, facts, iri))),
                "also_known_as": sorted(str(a) for a in g.objects(iri, SKOS.altLabel)),
                "events": Table(["Event", "Dates the reports give", "Disagreements"], rows, id="events"),
                "reports": [self.speaker(root, r, self.given((r, SCHEMA.about, iri)), self.report_name(r)) for r in reports]}

    def check_row(self, root: str, review) -> list:
        g = self.graph
        rating = g.value(review, SCHEMA.reviewRating)
        grade = str(g.value(rating, SCHEMA.alternateName) or "") if rating is not None else ""
        claim = g.value(review, SCHEMA.itemReviewed)
        figure = next((n for n in g.objects(claim, SCHEMA.about) if (n, OO.derivation, None) in g), None) \
            if claim is not None else None
        f = self.figure(figure) if figure is not None else None
        link = self.link(root, review)
        return [Cell(grade, link.href, "grade", "", link.iri, sort=str(GRADE_ORDER.get(grade, 9))),
                # what the figure counts beside it: "1.6%" or "position 1" alone said nothing of what was claimed
                self.figure_cell(root, figure, named=True) if figure is not None else self.text(""),
                self.voice_cell(root, f) if f else self.text(""), self.report_column_cell(root, f.report) if f else self.text(""),
                self.text(str(g.value(rating, SCHEMA.ratingExplanation) or "") if rating is not None else "")]

    def disagreement_row(self, root: str, node) -> list:
        g = self.graph
        return [self.text(self.kind_label(g.value(node, OO.kind))), self.link(root, g.value(node, OO.concerns)),
                self.link(root, node), self.text(str(g.value(node, RDFS.comment) or ""))]

    def home(self, overview: dict) -> dict:
        from kg.sparql.run import answer

        store, root = self.site.store, ""
        checks, disagreements = self.first_members("checks", HEADLINES), self.first_members("disagreements", HEADLINES)
        indicators = [(row[0], int(row[1])) for row in _first(answer(store, HOME_INDICATORS, None, 8), 8)]
        people = [(row[0], int(row[1])) for row in _first(answer(store, HOME_PEOPLE, None, 24), 24)]
        reports = self.members("reports")[:20]
        counts = {name: self.count(cls) for name, (cls, _, _) in BROWSE.items()}
        return {
            "counts": counts,
            "checks": Table(["Verdict", "Claim", "Said by", "Report", "Why"],
                            [self.check_row(root, r) for r in checks], id="checks", total=counts["checks"]),
            "disagreements": Table(["Kind", "About", "Disagreement", "Explanation"],
                                   [self.disagreement_row(root, d) for d in disagreements], id="disagreements",
                                   total=counts["disagreements"]),
            "indicators": [{"link": self.link(root, i), "count": n, "range": self.value_range(root, i),
                            "chart": self.site.url(root, f"{path_of_iri(i)}/chart.svg") if self.charted(i) else "",
                            "chart_shows": self.chart_shows(i) if self.charted(i) else "",
                            "definition": str(self.graph.value(i, SKOS.definition) or "")} for i, n in indicators],
            "reports": Table(["Report", REPORT_ABOUT, "Date", "Figures", "Statements"], [
                [self.short_report_cell(root, r), self.text(self.report_about(r)),
                 self.date_cell(report_date(self.graph, r)[0], self.report_date(r)),
                 self.text(str(self.count_in(r, OO.Figure))), self.text(str(self.count_in(r, OO.Statement)))]
                for r in reports], id="reports", total=counts["reports"]),
            "people": [(self.link(root, p), n) for p, n in people],
            "browse": self.browse_kinds(root),
        }

    def browse_kinds(self, root: str) -> list:
        """Each kind of thing the lists hold, with how many: (name, heading, count, link to its list), for the
        home page and the index of the lists (/browse, which /id leads to)."""
        counts = {name: self.count(cls) for name, (cls, _, _) in BROWSE.items()}
        return [(name, heading, counts[name], self.site.url(root, f"browse/{name}"))
                for name, (_, heading, _) in BROWSE.items() if counts[name]]

    def value_range(self, root: str, indicator) -> list:
        """The lowest and the highest value reported for `indicator` (range_ends), each as (its name, figure
        Cell, who, report Cell): the home page's chart is a thumbnail whose labels cannot be read, so the
        card says its ends in words."""
        found = [(f, node) for node in self.graph.subjects(OO.indicator, indicator)
                 if (f := self.figure(node)).number is not None and f.report is not None]
        if not found:
            return []
        rank = all(f.unit == OO.RankPosition for f, _ in found)
        return [(name, self.figure_cell(root, node), f.voice, self.short_report_cell(root, f.report))
                for name, f, node in range_ends(found, rank)]

    def members(self, kind: str) -> list:
        """Every member of a browse kind in the order its pages list them, the same on kg serve and the
        static site: people, organisations, indicators, agreements and events by name; checks least accurate first and
        disagreements contradictions first (the home page shows the first of each); reports and figures
        by IRI (a report's number; a figure's report). Read and sorted once (at a million triples, the
        33,579 figures in under 2 s)."""
        from kg.sparql.run import answer

        key = ("members", kind)
        if key not in self.site.cache:
            cls, store = BROWSE[kind][0], self.site.store
            if kind in ("people", "unnamed", "organisations", "indicators", "agreements", "events"):
                found = [iri for iri, _, _ in self.site.resolver.candidates((cls,))]  # by name
            else:
                found = sorted((row[0] for row in answer(store, MEMBERS, {"class": cls}).rows), key=str)
            if kind in GROUPED:
                query, _, rank = GROUPED[kind]
                group = {row[0]: rank(row[1]) for row in answer(store, query, None).rows}
                found.sort(key=lambda member: group.get(member, (9, "")))
            self.site.cache[key] = found
        return self.site.cache[key]

    def first_members(self, kind: str, count: int) -> list:
        """members(kind)[:count], for checks and disagreements read a group at a time (a grade, a kind:
        least accurate and contradictions first) until there are enough, not all sorted (at a million
        triples the home page took 1.5 s more to sort all 11,193 checks for its first 12)."""
        from kg.sparql.run import answer

        if kind not in GROUPED or ("members", kind) in self.site.cache:
            return self.members(kind)[:count]
        query, variable, rank = GROUPED[kind]
        groups = [Literal(grade) for grade in GRADE_ORDER] if kind == "checks" else \
            list(self.graph.subjects(RDF.type, OO.DiscrepancyKind))
        found = []
        for group in sorted(groups, key=rank):
            if len(found) >= count:
                return found[:count]
            found += sorted((row[0] for row in answer(self.site.store, query, {variable: group}).rows), key=str)
        return found[:count] if len(found) >= count else self.members(kind)[:count]  # fewer: all, in order

    def count(self, cls) -> int:
        from kg.sparql.run import answer

        key = ("count", cls)
        if key not in self.site.cache:
            rows = answer(self.site.store, COUNT, {"class": cls}).rows
            self.site.cache[key] = int(rows[0][0]) if rows else 0
        return self.site.cache[key]

    def count_in(self, report, cls) -> int:
        return sum(1 for n in self.graph.subjects(OO.inReport, report) if (n, RDF.type, cls) in self.graph)

    def browse_pages(self) -> list:
        """Every browse page's name: 'people', 'people-2', ..."""
        return [name if page == 1 else f"{name}-{page}" for name in BROWSE if self.members(name)
                for page in range(1, -(-len(self.members(name)) // PER_PAGE) + 1)]  # as browse() pages them

    def browse(self, root: str, name: str) -> dict:
        """One page of the members of a kind, as a sortable table (PER_PAGE rows a page)."""
        kind, _, number = name.rpartition("-") if re.search(r"-\d+$", name) else (name, "", "1")
        if kind not in BROWSE:
            raise KGError(f"the lists are {', '.join(f'browse/{k}' for k in BROWSE)}")
        _, heading, _ = BROWSE[kind]
        everyone = self.members(kind)
        total = len(everyone)
        pages = max(1, -(-total // PER_PAGE))
        if not (re.fullmatch(r"[1-9]\d*", number) and number != "1" or name == kind):
            # one address a page: people, not people-1 or people-01 (nor people-0)
            if number.lstrip("0") == "1":
                raise KGError(f"its first page is browse/{kind}")
            number = "0"
        page = int(number)
        if not 1 <= page <= pages:
            later = f", then browse/{kind}-2" + (f" to -{pages}" if pages > 2 else "") if pages > 1 else ""
            raise KGError(f"{heading.lower()} has {pages} page{'s' if pages > 1 else ''}: browse/{kind}{later}")
        members = everyone[(page - 1) * PER_PAGE:page * PER_PAGE]
        if kind == "figures":
            table = self.figure_rows(root, members)
        elif kind == "checks":
            table = Table(["Verdict", "Claim", "Said by", "Report", "Why"], [self.check_row(root, m) for m in members])
        elif kind == "disagreements":
            table = Table(["Kind", "About", "Disagreement", "Explanation"], [self.disagreement_row(root, m) for m in members])
        elif kind == "reports":
            table = Table(["Report", REPORT_ABOUT, "Date", "Figures", "Statements"], [
                [self.short_report_cell(root, r), self.text(self.report_about(r)),
                 self.date_cell(report_date(self.graph, r)[0], self.report_date(r)),
                 self.text(str(self.count_in(r, OO.Figure))), self.text(str(self.count_in(r, OO.Statement)))]
                for r in members])
        elif kind in ("agreements", "events"):  # what the reports date and say about them
            count = lambda p, m: self.text(str(sum(1 for _ in self.graph.subjects(p, m))))  # noqa: E731
            dates = kind == "events"
            table = Table(["Name"] + ["Earliest date reported", "Dates reported"] * dates + ["Statements about it"], [
                [self.link(root, m)] + [self.earliest_date(root, m), count(OO.event, m)] * dates + [count(OO.about, m)]
                for m in members])
        elif kind == "indicators":  # what an indicator has is figures, not statements
            table = Table(["Name", "Figures"], [
                [self.link(root, m), self.text(str(sum(1 for _ in self.graph.subjects(OO.indicator, m))))]
                for m in members])
        else:
            table = Table(["Name", "Statements"], [
                [self.link(root, m), self.text(str(sum(1 for _ in self.graph.subjects(OO.speaker, m))))]
                for m in members])
        table.id = kind
        if kind == "agreements":  # the words that tell of each, as the events' CSV has them (row_evidence)
            table.sources = members
        link = lambda n: self.site.url(root, f"browse/{kind}" + (f"-{n}" if n > 1 else ""))  # noqa: E731
        return {"title": heading + (f" (page {page} of {pages})" if pages > 1 else ""), "heading": heading,
                "table": table, "no_evidence": NO_EVIDENCE.get(kind, ""), "total": total, "page": page, "pages": pages,
                "previous": link(page - 1) if page > 1 else "", "next": link(page + 1) if page < pages else "",
                "first": (page - 1) * PER_PAGE + 1, "last": min(total, page * PER_PAGE)}

    # ------------------------------------------------------------ ClaimReview markup

    def claim_review(self, iri, model: dict, config: dict) -> dict:
        """The check as the schema.org ClaimReview markup that fact-check aggregators read (Google's Fact
        Check markup): the claim reviewed, its author and where it appeared, the rating with its scale and
        name, the page's URL (the check's IRI, its permalink), the reviewing organisation, and the
        publication date when one is configured (site.yaml; never invented)."""
        g = self.graph
        reviewer = config["reviewer"]
        out = {"@context": "https://schema.org", "@type": "ClaimReview", "url": str(iri),
               "claimReviewed": model["claim_reviewed"] or (model["figure"] or {}).get("stated", ""),
               "author": {"@type": "Organization", "name": reviewer["name"],
                          **({"url": reviewer["url"]} if reviewer["url"] else {})}}
        if config["reviews_published"]:
            out["datePublished"] = config["reviews_published"]
        rating = {"@type": "Rating", "alternateName": model["grade"], "bestRating": 4, "worstRating": 1}
        if model["rating_value"] is not None:
            rating["ratingValue"] = int(model["rating_value"])
        if model["explanation"]:
            rating["ratingExplanation"] = model["explanation"]
        out["reviewRating"] = rating
        figure = model.get("figure")
        if figure:
            f = figure["figure"]
            claim = {"@type": "Claim", "text": f.stated}
            authors = [self.claim_author(URIRef(speaker.iri), statement["role"], speaker.text.endswith(INFERRED))
                       for statement in figure["statements"] for speaker in statement["speaker"]]
            if not authors and f.report is not None:  # the page's "The report itself": its number, not the curators' summary
                authors.append({"@type": "Organization", "name": f"the publisher of {self.report_short(f.report)}",
                                "description": REPORT_VOICE})
            claim["author"] = authors[0] if len(authors) == 1 else list({a["name"]: a for a in authors}.values())
            dates = sorted({str(g.value(s["link"].iri and URIRef(s["link"].iri), OO.date))
                            for s in figure["statements"]
                            if g.value(URIRef(s["link"].iri), OO.date) is not None
                            and str(g.value(URIRef(s["link"].iri), OO.dateInferred)).lower() != "true"})
            if dates:
                claim["datePublished"] = dates[0]
            if f.report is not None:
                headline = g.value(f.report, SCHEMA.headline)  # only a headline the report has, never a label
                appearance = {"@type": "NewsArticle", "url": str(f.report),
                              **({"headline": str(headline)} if headline is not None else {})}
                published = g.value(f.report, SCHEMA.datePublished)
                if published is not None:
                    appearance["datePublished"] = str(published)
                claim["appearance"] = [appearance]
                claim["firstAppearance"] = appearance
            out["itemReviewed"] = claim
        return out

    def claim_author(self, iri: URIRef, role: str = "", inferred: bool = False) -> dict:
        """Who made a claim, as ClaimReview's itemReviewed.author: a schema.org Person or Organization
        (what Google's and schema.org's markup expect), never more than the report says of them.

        - a person the report names: a Person, by name, with the role the statement states (jobTitle);
        - a person it does not name (oo:anonymous: "a government source", "a Home Office spokesperson"):
          a Person (the report presents one person), named in the report's words (skos:altLabel, else the
          label without the curators' "(report 003)"), with no jobTitle (the words are the role) and a
          description saying the report does not name them;
        - an unnamed group ("officials", "sources": oo:UnnamedGroup) or an unnamed speaker (oo:UnnamedAgent,
          words the report credits to no one): not a Person, which would claim one named individual, but an
          Organization, the type markup gives a collective or unidentified source, with the ontology's
          class as additionalType and a description saying what the report does and does not say; named
          in the report's words, or, where the report has none for them, in the curators' words, which
          the description then says;
        - an organisation: an Organization, by name;
        - and, where the claim's own words name no one (`inferred`: "she said", a quote continuing a paragraph),
          a description saying who made it is the curators' reading (INFERRED_MEANS), as the pages mark it."""
        g = self.graph
        name = re.sub(r" \(report [^)]*\)$", "", self.site.label(iri))
        anonymous = str(g.value(iri, OO.anonymous) or "").lower() == "true"
        words = min((str(w) for w in g.objects(iri, SKOS.altLabel)), default=None) if anonymous else None
        unnamed = next((cls for cls in (OO.UnnamedGroup, OO.UnnamedAgent) if (iri, RDF.type, cls) in g), None)
        read = f" Who made the claim is {INFERRED_MEANS}." if inferred else ""
        named_in = read + (REPORTS_WORDS if words else CURATORS_WORDS)
        if unnamed is not None:
            out = {"@type": "Organization", "name": words or name, "additionalType": str(unnamed),
                   "description": UNNAMED_AUTHOR[unnamed] + named_in}
        elif (iri, RDF.type, OO.Person) in g:
            out = {"@type": "Person", "name": words or name}
            out.update({"description": UNNAMED_AUTHOR[OO.Person] + named_in} if anonymous else titled(role))
        else:
            out = {"@type": "Organization", "name": name}
        if read and "description" not in out:
            out["description"] = read.strip()
        return {**out, "url": str(iri)}

    # ------------------------------------------------------------ CSV

    def csv(self, table: Table) -> bytes:
        """A table as CSV: each linked column as its name and, beside it, the IRI it stands for; a column
        of values also as number, qualifier and unit ("more than 41,000": 41000, more than, people), for a
        spreadsheet to compute with. In UTF-8 with its byte-order mark: without it, Excel reads the file in
        the local code page ("Labour’s" as "Labourâ€™s"). (For people: the API's CSV, for programs, has none.)"""
        order = range(len(table.columns)) if table.view is None else table.view  # the page's columns
        table = replace(table, columns=[table.columns[i] for i in order], rows=[[row[i] for i in order] for row in table.rows])
        linked = [any(row[i].iri for row in table.rows) for i in range(len(table.columns))]
        extra = [list(dict.fromkeys(key for row in table.rows for key in row[i].data)) for i in range(len(table.columns))]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        write = lambda cells: writer.writerow(map(spreadsheet_safe, cells))  # noqa: E731 (every cell: a unit, a date's ISO form too)
        header = []
        for column, has_iri, keys in zip(table.columns, linked, extra):
            header += [column] + [f"{column} (IRI)"] * has_iri + [f"{column} ({key})" for key in keys]
        # where a row stands for a figure, a statement or a date a report gives, the report's exact words it
        # rests on and the report, so that a downloaded row can be traced to its source without its page
        # (the figures' CSV had the figure's own words, "As written", and no sentence or report to find them in)
        sources = [self.row_evidence(row) for row in table.rows] if table.sources is None else \
            [self.source_evidence(node) for node in table.sources]
        traced = any(sources)
        write(header + EVIDENCE_COLUMNS * traced)
        for row, spans in zip(table.rows, sources):
            out = []
            for cell, has_iri, keys in zip(row, linked, extra):
                shown = cell.sort if cell.kind == "number" else cell.text  # 41000, not "41,000" (41.000 in France)
                out += [shown] + [cell.iri] * has_iri + [cell.data.get(key, "") for key in keys]
            if traced:  # (a row of no report's words says what it rests on instead: a blank left a reader to guess)
                out += self.evidence_cells(spans) if isinstance(spans, list) else [spans] + [""] * (len(EVIDENCE_COLUMNS) - 1)
            write(out)
        return buffer.getvalue().encode("utf-8-sig")

    def evidence_cells(self, nodes: list) -> list:
        """A row's EVIDENCE_COLUMNS (its row_evidence): the exact words (a node's spans joined by an ellipsis),
        their reports and their characters, each node (a disagreement's side) apart from the next by " | ".
        The n-th span of one column is the n-th of the others (a report named once for two of its spans, or
        one span of two kept twice, paired a passage with another report). Sides with the same passages are
        given once: a disagreement's 281 and 41,000 of one sentence gave it twice, as if two sides, and no
        column says which figure a side is."""
        spans_of = [list({(s["verbatim"], s["report_iri"], s["start"], s["end"]): s for s in spans}.values())
                    for spans in nodes]
        spans_of = list({tuple((s["report_iri"], s["start"], s["end"], s["verbatim"]) for s in spans): spans
                         for spans in spans_of}.values())

        def each(words, joined="; "):
            return " | ".join(joined.join(words(s) or "" for s in spans) for spans in spans_of)
        return [each(lambda s: s["verbatim"], " \u2026 "),
                each(lambda s: self.report_name(s["report_iri"]) if s["report_iri"] else ""),
                each(lambda s: str(s["report_iri"])),
                each(lambda s: f"{s['start']}\u2013{s['end']}" if s["start"] is not None else "")]

    def source_evidence(self, node) -> list | str:
        """The evidence of a row that stands for `node` (Table.sources), as row_evidence gives a row's: its spans,
        by report and then by place (a post holding named in reports 000 and 002 read 000, 002, 000 by place
        alone); where it has none, what it rests on instead, in words (NO_REPORT_WORDS)."""
        spans = sorted(self.evidence(node), key=lambda s: (str(s["report_iri"]), s["start"] is None, s["start"] or 0))
        if spans:
            return [spans]
        basis = self.graph.value(node, OO.basis)
        if basis is None:
            return NO_REPORT_WORDS + NO_SOURCE
        label = self.site.label(basis)
        return NO_REPORT_WORDS + f"; it rests on {label[0].lower() + label[1:] if label.startswith('The ') else label}"

    def row_evidence(self, row: list) -> list:
        """The evidence (Desk.evidence) of what a table's row stands for, as a list for each node: the first
        figure, statement or report's date of an event the row links, in the page's order (a check's claim,
        a statement's words; an event's date, before the disagreement it is a side of), else each side of the
        first disagreement it links, else the first event's (the words that tell of it); [] for a row of none."""
        nodes = [URIRef(part.iri) for cell in row for part in cell.parts or [cell] if part.iri]
        for node in nodes:
            if any((node, RDF.type, kind) in self.graph for kind in TRACED):
                return [self.evidence(node)]
        for node in nodes:  # (a disagreement's row names what it is about: an event, whose words are not its sides')
            if (node, RDF.type, OO.Discrepancy) in self.graph:
                return [self.evidence(side) for side in sorted(self.graph.objects(node, OO.side), key=str)]
        for node in nodes:
            if (node, RDF.type, OO.Event) in self.graph:
                return [self.evidence(node)]
        return []


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(?:\.[0-9]+)?(?: ?%| per cent)?")


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet opens as text, never runs: one that starts as a formula does (= + - @, a tab
    or a carriage return) gets an apostrophe first, as OWASP advises against CSV injection; a plain
    number ("-9", "+1.5 %") is left as it is. For the CSVs people download beside a page; the SPARQL
    results CSV of the API keeps every value as the data has it."""
    return f"'{text}" if text[:1] in FORMULA_START and not PLAIN_NUMBER.fullmatch(text) else text


def inline_svg(data: bytes, shows: str) -> str:
    """A chart's SVG for a page: without its XML prolog, scaled to the page's width (readable at any
    size), announced to screen readers as an image of what it `shows` (Desk.chart_shows), every value in the table below."""
    text = data.decode("utf-8")
    text = text[text.index("<svg"):]
    head, rest = text.split(">", 1)
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    alt = f"Chart of {shows}; the table below lists every value reported."
    alt = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return f'{head} role="img" aria-label="{alt}" class="chart-svg">{rest}'


def path_of_iri(iri) -> str:
    return "id/" + str(iri).rsplit("/", 1)[-1]


def _shows(shown, prop, value) -> bool:
    """Whether a page shows the mark of a marker for `prop` giving `value` (None: every value): `shown` as
    Desk.inferences' `elsewhere` holds it (None: all of them)."""
    if shown is None or prop in shown or (prop, value) in shown:
        return True
    return value is None and any(isinstance(s, tuple) and s[0] == prop for s in shown)


def _distinct(groups) -> list:
    """Lists of disagreements (Desk.discrepancies') as one, each disagreement once, in the order met."""
    found: dict = {}
    for disagreements in groups:
        for d in disagreements:
            found.setdefault(d["link"].iri, d)
    return list(found.values())


def _kinds(disagreements: list) -> Cell:
    """The disagreements (Desk.discrepancies') in one table cell: each kind, linked, its explanation as a
    title; "none" where there is none (a blank left a reader to guess)."""
    if not disagreements:
        return Cell(NONE)
    return _joined([Cell(d["kind"], d["link"].href, "local", d["explanation"], d["link"].iri) for d in disagreements])


def _voices(statements: list) -> list:
    """Who states a figure, each speaker once: a figure in a quote and in the reported speech around it
    named its speaker twice ("Shabana Mahmood (Home Secretary); Shabana Mahmood (Home Secretary,
    inferred)"). Their statements' roles, venues and dates are combined (combined_values)."""
    found: dict = {}
    for s in statements:
        voice = found.setdefault(tuple(c.iri for c in s["speaker"]), {"speaker": s["speaker"], "role": [],
                                                                      "venue": [], "date": []})
        if not any(c.text.endswith(INFERRED) for c in s["speaker"]):  # one statement names them: not inferred
            voice["speaker"] = s["speaker"]
        for key in ("role", "venue", "date"):
            voice[key].append(s[key])
    return [{**v, **{key: combined_values(v[key]) for key in ("role", "venue", "date")}} for v in found.values()]


def combined_values(values: list) -> str:
    """Several statements' values as one: each value once, marked inferred only if no statement states it
    ("Home Secretary" and "Home Secretary (inferred)": "Home Secretary"); different ones joined by " / "."""
    stated = {v for v in values if v and not v.endswith(INFERRED)}
    return " / ".join(dict.fromkeys(v if v.removesuffix(INFERRED) not in stated else v.removesuffix(INFERRED)
                                    for v in values if v))


def _joined(cells: list) -> Cell:
    """Several links in one cell (the template shows each; the CSV joins them with '; ')."""
    if not cells:
        return Cell("", kind="empty")
    if len(cells) == 1:
        return cells[0]
    return Cell("; ".join(c.text for c in cells), kind="many", iri="; ".join(c.iri for c in cells if c.iri),
                sort=cells[0].sort, group=cells[0].group, parts=cells)


PLAIN_DIFFERENCES = {OO.Trimmed, OO.Extended, OO.Altered}  # said by "adds", "leaves out", "has ... for"


def difference_words(here: str, there: str, kind: str = "") -> str:
    """What the other report's quotation does with words, from this one's side: "adds “still”", "leaves
    out “There are”", "has “speeded” for “sped”"; a kind the verbs do not say put first ("paraphrase as
    quote: has “already growing” for “The numbers will grow”")."""
    if here and there:
        words = f"has \u201c{there}\u201d for \u201c{here}\u201d"
    elif there:
        words = f"adds \u201c{there}\u201d"
    else:
        words = f"leaves out \u201c{here}\u201d"
    return f"{kind}: {words}" if kind else words


def _range_words(low: Decimal | None, high: Decimal | None, unit: str = "") -> str:
    if low is not None and high is not None:
        return f"{fmt(low)}{unit} to {fmt(high)}{unit}"
    if low is not None:
        return f"above {fmt(low)}{unit}"
    if high is not None:
        return f"below {fmt(high)}{unit}"
    return ""
