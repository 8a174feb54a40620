"""Generated dates and numbers (Hypothesis) through the readers of kg extract: the curator's --date, the
full dates a text writes, and figures written with thousands separators, decimals and scales.
(Hand-picked cases and the phrases around numbers: tests/test_extract.py.)"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.core.errors import KGError
from kg.extract.dates import ReportDate, full_dates, parse_date_option
from kg.extract.figures import find_figures

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
STYLES = ["{d} {M} {y}", "{M} {d}, {y}", "{o} of {M} {y}", "{d}/{m}/{y}", "{iso}", "{S} {d} {y}", "{dd}/{mm}/{y}",
          "{o} {S}. {y}"]


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@settings(max_examples=300, deadline=None)
@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)), st.sampled_from(STYLES),
       st.sampled_from(["The deal was signed on ", "On ", "", "(", "Published: "]),
       st.sampled_from([".", " and came into force.", "", ")", ", officials said."]))
def test_a_full_date_in_any_style_is_read_as_that_day_where_it_is_written(day, style, before, after):
    written = style.format(d=day.day, dd=f"{day.day:02d}", m=day.month, mm=f"{day.month:02d}", y=day.year,
                           M=MONTHS[day.month - 1], S=SHORT[day.month - 1], o=ordinal(day.day), iso=day.isoformat())
    text = before + written + after
    assert full_dates(text) == [(len(before), len(before) + len(written), day.isoformat())], text


@settings(max_examples=200, deadline=None)
@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(29, 31))
def test_a_day_a_month_does_not_have_is_no_date(year, month, day):
    try:
        expected = [(3, 3 + len(f"{day} {MONTHS[month - 1]} {year}"), datetime.date(year, month, day).isoformat())]
    except ValueError:
        expected = []  # 29 February 2025, 31 April: not the next day, not a date at all
    assert full_dates(f"On {day} {MONTHS[month - 1]} {year} the deal was signed.") == expected


def xsd_reads(datatype: str, lexical: str) -> bool:
    query = f"SELECT ?x (<http://www.w3.org/2001/XMLSchema#{datatype}>(?x) AS ?cast) WHERE {{}}"
    (row,) = ox.Store().query(query, substitutions={ox.Variable("x"): ox.Literal(lexical)})
    return row["cast"] is not None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=14), st.from_regex(r"\s?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\s?", fullmatch=True)))
@example("2025-02-29")
@example("２０２５")
@example("2025-13")
def test_the_curators_date_is_a_date_xsd_reads_as_written_or_refused(text):
    """`kg extract --date`: what it takes is written as given (stripped) and is an XSD date, month or year
    (the datatype the draft gives it); anything else is a one-line refusal naming the forms it takes."""
    try:
        value = parse_date_option(text)
    except KGError as error:
        assert "give the report's date as YYYY-MM-DD, YYYY-MM or YYYY" in str(error) and "\n" not in str(error)
        return
    assert value == text.strip()
    assert xsd_reads(ReportDate(value, "GivenByCurator", "").datatype, value), value


@settings(max_examples=300, deadline=None)
@given(st.integers(10, 10**9), st.sampled_from(["people", "migrants", "asylum seekers"]),
       st.sampled_from(["", "some ", "a total of "]))
def test_a_count_with_thousands_separators_is_read_as_its_value(n, noun, lead):
    text = f"Officials said {lead}{n:,} {noun} had crossed the Channel.\n"
    assert [(f.value, f.unit) for f in find_figures(text)] == [(n, "People")], text


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999), st.integers(0, 9),
       st.sampled_from([("m", 10**6), (" million", 10**6), ("bn", 10**9), (" billion", 10**9), ("k", 10**3)]),
       st.sampled_from(["£", "€", ""]))
def test_a_scaled_amount_is_read_as_its_value(whole, tenth, scale, currency):
    """'£2.5m', '€1.2bn', '3 million': the scale multiplies the number (a bare '1m' may be a metre: money only)."""
    written = f"{whole}.{tenth}" if tenth else f"{whole}"
    suffix, factor = scale
    if not currency and not suffix.startswith(" "):
        currency = "£"
    (figure,) = find_figures(f"The scheme cost {currency}{written}{suffix} last year.\n")
    assert Decimal(str(figure.value)) == Decimal(written) * factor


@pytest.mark.parametrize("text", ["The deal was signed on 31 September 2025.", "On 2025-02-29 it began."])
def test_a_date_that_does_not_exist_is_not_read_as_the_next_day(text):
    assert full_dates(text) == []
