"""Dates in a report's text, and the report's own date (`kg extract --date`, `kg add --date`).

A report's date is needed to read a title ("the Home Secretary") as the person who held the post then,
and by `kg timeline` and `kg discrepancies` to order running counts. It is never more than the source
says: the curator's date is recorded as given (oo:GivenByCurator); a line of the text that is only a
date is a dateline (oo:Dateline); failing both, the latest full date the text states is a lower bound
(oo:LatestDateInText). Each is an oo:InferredValue of schema:datePublished with its oo:dateBasis and
reason, since the reports themselves state no publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kg.core.datatypes import YEAR as ANY_YEAR
from kg.core.errors import KGError, echoed

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
_FULL = [
    re.compile(rf"\b(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH}),?\s+(?P<year>{YEAR})\b"),
    re.compile(rf"\b(?P<month>{MONTH})\s+(?P<day>{DAY}),?\s+(?P<year>{YEAR})\b"),
    re.compile(rf"\b(?P<day>{DAY})/(?P<monthnum>0?[1-9]|1[0-2])/(?P<year>{YEAR})\b"),
    re.compile(rf"\b(?P<year>{YEAR})-(?P<monthnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b"),
]


@dataclass(frozen=True)
class ReportDate:
    """A report's date: ISO text (YYYY, YYYY-MM or YYYY-MM-DD), how it was obtained and why."""

    value: str
    basis: str  # local name of an oo:DateBasis
    reason: str

    @property
    def datatype(self) -> str:
        return {4: "gYear", 7: "gYearMonth"}.get(len(self.value), "date")


def parse_date_option(text: str) -> str:
    """The curator's --date as ISO text; a KGError naming the forms it takes otherwise.

    Only ASCII digits: "２０２５" (full-width) is refused, not written as a year.

    >>> parse_date_option("2025-10-14"), parse_date_option("2025-10"), parse_date_option("2025")
    ('2025-10-14', '2025-10', '2025')
    """
    text = text.strip()
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text).isoformat()
        if re.fullmatch(rf"{ANY_YEAR}-[0-9]{{2}}", text) and 1 <= int(text[5:]) <= 12:
            return text
        if re.fullmatch(ANY_YEAR, text):  # (year 0000, as 0000-01-01, is no year: kg.core.datatypes.YEAR)
            return text
    except ValueError:
        pass
    raise KGError(f"--date {echoed(text, quoted=True)}: give the report's date as YYYY-MM-DD, YYYY-MM or YYYY")


def full_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, 'YYYY-MM-DD') of every full date the text writes ("18 September 2025")."""
    found = []
    for pattern in _FULL:
        for m in pattern.finditer(text):
            month = int(m.group("monthnum")) if "monthnum" in pattern.groupindex and m.group("monthnum") \
                else MONTHS.get(m.group("month").lower().rstrip("."))
            day = int(re.match(r"\d+", m.group("day")).group(0))
            try:
                found.append((m.start(), m.end(), date(int(m.group("year")), month, day).isoformat()))
            except (ValueError, TypeError):
                continue
    return sorted(set(found))


_TO_COME = re.compile(r"\b(?:will|shall|(?:is|are|was|were)\s+(?:due|set|to)|due\s+to|expected|scheduled|planned|plans?\s+to|"
                      r"to\s+be\s+held|deadline|until|expir\w*|lapse[sd]?|runs?\s+out|renew\w*)\b|['’]ll\b", re.I)
"""Words before a date in its clause that put it still to come ("is due in Paris on 18 November", "will meet on",
"is scheduled for", "which expires on", "runs until"): such a date is no day the report is from or after; the
clause ends at a comma, semicolon or "and" ("due to end on 30 June 2026, has returned 26 since 6 August")."""


def report_date(text: str, given: str | None = None) -> ReportDate | None:
    """The curator's date, else a dateline among the first lines, else the latest full date in the text."""
    if given:
        return ReportDate(given, "GivenByCurator",
                          f"Given by the curator (--date {given}); not read from the text.")
    lines = [line.strip() for line in text.splitlines() if line.strip()][:4]
    for line in lines:
        dates = full_dates(line)
        rest = line
        for start, end, _ in dates:
            rest = rest.replace(line[start:end], " ")
        if dates and re.fullmatch(rf"[\s,.|:–—-]*(?:(?:Published|Updated|Last updated|Posted|First published|on|at)\b|"
                                  rf"{WEEKDAY}\b|\d{{1,2}}[.:]\d\d\s*(?:am|pm|BST|GMT|CET|CEST)?|BST|GMT|[\s,.|:–—-])*",
                                  rest, re.I):
            return ReportDate(dates[0][2], "Dateline", f"The text's dateline: '{line}'.")
    dates = [d for d in full_dates(text) if not _TO_COME.search(re.split(r"[.!?\n,;]|\band\b", text[:d[0]])[-1])]
    if dates:
        latest = max(dates, key=lambda d: d[2])
        return ReportDate(latest[2], "LatestDateInText",
                          f"The latest date the text states ('{text[latest[0]:latest[1]]}'): the report is from that "
                          "day or later.")
    return None


# ------------------------------------------------------------------ when a statement was made

_PAST_SPEECH = r"(?:said|told|added|stated|wrote|warned|insisted|confirmed|admitted|claimed|explained|argued|replied|" \
               r"responded|stressed)"  # (not "announced", "revealed": "Under a deal announced on Friday" dates the deal)
_WHEN = (rf"(?:on\s+)?(?:{WEEKDAY},?\s+)?(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?|"
         rf"(?:on\s+)?(?P<month2>{MONTH})\s+(?P<day2>{DAY})(?:,?\s+(?P<year2>{YEAR}))?|"
         rf"(?:on|last)\s+(?P<weekday>{WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?|"
         r"(?P<yesterday>yesterday)|"
         rf"(?:in|last)\s+(?P<month3>{MONTH})(?:\s+(?P<year3>{YEAR}))?|"
         rf"in\s+(?P<year4>{YEAR})|"
         r"(?P<relative>last|this)\s+(?P<unit>year|month|week)")
SAID_WHEN = re.compile(rf"\b{_PAST_SPEECH}(?:\s+(?:MPs|peers|reporters|journalists|the\s+(?:BBC|Commons|House|Lords)|"
                       rf"[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+){{0,3}}))?(?:\s+in\s+an?\s+(?:statement|interview|speech|"
                       rf"letter))?\s+(?P<when>{_WHEN})\b(?!\s*(?:-|–|\d))")
"""A speech verb and the words that date it: "said last Tuesday", "told MPs on 3 March", "said in a statement on
Tuesday", "said Mr Reed on 3 March 2025"; not a date in the words reported ("said 41,000 crossed in 2023")."""

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class StatedWhen:
    """When a statement was made: its words as written and (start, end), and its date as precisely as the text
    and the report's date give it (ISO text, or "" when it cannot be told); `inferred` when the report's date
    gave any of it."""

    written: str
    start: int
    end: int
    value: str
    inferred: bool

    @property
    def datatype(self) -> str:
        return {4: "gYear", 7: "gYearMonth"}.get(len(self.value), "date")


def said_when(text: str, start: int, end: int, report: ReportDate | None) -> StatedWhen | None:
    """The date of the speech verb in text[start:end] ("the National Audit Office said last Tuesday"), resolved
    against the report's date only where that date is the report's own (the curator's or a dateline, never the
    latest date the text states, which is a lower bound) and only as precisely as the words allow: a weekday is
    the year (or month) every day it can be shares, a day and month without a year the last one before the
    report's date."""
    m = SAID_WHEN.search(text, start, end)
    if m is None:
        return None
    g = m.groupdict()
    written = m.group("when")
    on = report.value if report is not None and report.basis in ("GivenByCurator", "Dateline") else ""
    today = date.fromisoformat(on) if len(on) == 10 else None
    year = int(on[:4]) if on else None

    def month_of(name: str) -> int:
        return MONTHS[name.lower().rstrip(".")]

    value, inferred = "", True
    if g["day"] or g["day2"]:
        month, day = month_of(g["month"] or g["month2"]), int(re.match(r"\d+", g["day"] or g["day2"]).group(0))
        stated = g["year"] or g["year2"]
        try:
            if stated:
                value, inferred = date(int(stated), month, day).isoformat(), False
            elif today is not None:
                value = date(today.year - ((month, day) > (today.month, today.day)), month, day).isoformat()
        except ValueError:
            value = ""
    elif g["month3"]:
        month = month_of(g["month3"])
        if g["year3"]:
            value, inferred = f"{g['year3']}-{month:02d}", False
        elif today is not None:  # "in March", "last March": the last March by the report's date
            back = month > today.month or (m.group("when").startswith("last") and month == today.month)
            value = f"{today.year - back}-{month:02d}"
    elif g["year4"]:
        value, inferred = g["year4"], False
    elif g["yesterday"] and today is not None:
        value = date.fromordinal(today.toordinal() - 1).isoformat()
    elif (g["weekday"] or g["relative"] == "last" and g["unit"] == "week" or
          g["relative"] == "this" and g["unit"] == "week") and today is not None:
        # the days it can be: a weekday within the two weeks before the report's date ("last Tuesday" is read
        # either way), a week's days within them
        days = [date.fromordinal(today.toordinal() - back) for back in range(0, 14)]
        if g["weekday"]:
            days = [d for d in days if _DAYS[d.weekday()].startswith(g["weekday"].lower()[:3])]
        elif g["relative"] == "this":
            days = [d for d in days if d.isocalendar()[:2] == today.isocalendar()[:2]]
        months = {d.isoformat()[:7] for d in days}
        years = {d.isoformat()[:4] for d in days}
        value = months.pop() if len(months) == 1 else years.pop() if len(years) == 1 else ""
    elif g["relative"] == "last" and g["unit"] == "year" and year is not None:
        value = str(year - 1)
    elif g["relative"] == "this" and g["unit"] == "year" and year is not None:
        value = str(year)
    elif g["relative"] and g["unit"] == "month" and len(on) >= 7:
        y, mo = int(on[:4]), int(on[5:7])
        if g["relative"] == "last":
            y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
        value = f"{y}-{mo:02d}"
    return StatedWhen(written, m.start("when"), m.end("when"), value, inferred and bool(value))
