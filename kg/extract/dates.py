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

from kg.datatypes import YEAR as ANY_YEAR
from kg.errors import KGError, echoed

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
        if re.fullmatch(ANY_YEAR, text):  # (year 0000, as 0000-01-01, is no year: kg.datatypes.YEAR)
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
