"""The fourth blind round of kg extract (docs/extraction.md): faults six unseen news texts showed
(tests/fixtures/extract_unseen/, written with their gold before any run), each tested here in other
words than the fixture's, as a class."""

from __future__ import annotations

import hashlib

import pytest

from kg.extract import draft as extract
from kg.extract.dates import report_date
from kg.extract.entities import slug
from kg.extract.evaluate import speaker_key
from kg.extract.figures import find_figures


@pytest.fixture(scope="module")
def gazetteer(project):
    return extract.gazetteer_for(project)


def make(gazetteer, text: str, date: str | None = "2025-11-01") -> extract.Draft:
    return extract.draft(text, "article.txt", gazetteer, hashlib.sha256(text.encode()).hexdigest(), date)


def figures(text: str) -> set:
    return {(None if f.value is None else float(f.value), f.unit, f.comparator, f.period) for f in find_figures(text)}


@pytest.mark.parametrize("attribution", ["Tom Reed said.", "Tom Reed added.", "Mr Reed told the BBC.",
                                         "Councillor Tom Reed said."])
@pytest.mark.parametrize("mark", ["?", "!"])
def test_a_quote_ending_in_a_question_or_exclamation_mark_is_its_attribution_s_speaker(gazetteer, attribution, mark):
    text = ("Returns split a family\nAmy Dale and Tom Reed crossed the Channel together in May.\n"
            f"“We came in the same boat. How can one be sent back and not the other{mark}” {attribution}\n")
    result = make(gazetteer, text)
    assert {(speaker_key(result, q.speaker), q.words(text)[:10]) for q in result.quotes} == {("tom-reed", "We came in")}
    assert not [s.gist for s in result.statements if not s.parts]  # "Tom Reed said." is no statement of its own


@pytest.mark.parametrize("note", [
    "Correction: An earlier version of this article said 140 people had been returned. The correct figure is 94.",
    "Clarification, 5 November: an earlier version of this story wrongly stated that 140 people had been returned. "
    "The correct figure is 94.",
    "This article was amended on 5 November 2025. A previous version incorrectly reported 140 returns; 94 people "
    "had been returned."])
def test_a_figure_a_correction_note_withdraws_is_no_figure_of_the_report(note):
    assert figures(note) == {(94.0, "People", "Exactly", "")}


@pytest.mark.parametrize("text, expected", [
    ("Returns have run at between 40 and 50 a week since October.",
     {(40.0, "People", "AtLeast", "a week"), (50.0, "People", "AtMost", "a week")}),
    ("Returns have run at 60 a week since the summer.", {(60.0, "People", "Exactly", "a week")}),
    ("France wants half a billion euros a year for the coast.", {(500000000.0, "Euro", "Exactly", "a year")}),
    ("They asked for a quarter of a million pounds each month.", {(250000.0, "PoundSterling", "Exactly", "each month")}),
])
def test_a_rate_keeps_its_period_after_since_and_after_a_fraction_of_a_million(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, value", [
    ("Hotel numbers fell to 32,000, a drop of about a tenth.", -10.0),
    ("Arrivals came down, a fall of 9 per cent on last year.", -9.0),
    ("Claims fell, a decline of nearly a fifth.", -20.0),
    ("Arrivals went up, a rise of about a tenth.", 10.0),
])
def test_a_drop_fall_or_decline_of_a_share_is_a_fall(text, value):
    assert [float(f.value) for f in find_figures(text) if f.unit == "Percent"] == [value]


@pytest.mark.parametrize("text", ["Numbers rose over the same seven days.", "Twelve people were sent back in the same "
                                  "two weeks.", "Crossings fell during the same three months."])
def test_the_same_period_as_another_figure_is_no_duration_figure(text):
    """As "over three years" and "the past 12 months" are periods (docs/extraction.md), so is "the same seven
    days"; a time since an event ("nine days later", "six months after") stays a duration, as the gold has it."""
    assert {f for f in figures(text) if f[1] in ("Day", "Week", "Month", "Year")} == set()


@pytest.mark.parametrize("future", ["is due in Paris on 18 November 2025 for talks", "will meet on 18 November 2025",
                                    "are expected to sign it on 18 November 2025",
                                    "say the hearing is scheduled for 18 November 2025"])
def test_a_date_the_text_says_is_still_to_come_is_no_lower_bound_of_the_report_s_date(future):
    text = f"Returns row deepens\nFigures published on 3 November 2025 show 201 returns. Ministers {future}.\n"
    found = report_date(text)
    assert (found.value, found.basis) == ("2025-11-03", "LatestDateInText")
    assert report_date(f"Returns row deepens\nMinisters {future}.\n") is None


@pytest.mark.parametrize("name, expected", [("Søren Ødegård", "soren-odegard"), ("Łukasz Wąs", "lukasz-was"),
                                            ("Æsa Strauß", "aesa-strauss"), ("Đorđe Œuvre", "dorde-oeuvre")])
def test_a_new_name_s_local_name_keeps_letters_that_do_not_decompose(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("name", ["Freedom from Torture", "Friends of the Earth", "Médecins Sans Frontières",
                                  "Bail for Immigration Detainees"])
def test_an_organisation_named_with_small_words_after_its_kind_is_the_speaker_not_the_last_one_of_that_kind(
        gazetteer, name):
    text = ("Hotel row\nThe charity Care Without Borders said the hotel was “a scandal”.\n"
            f"The charity {name} said it was “cruel”.\n")
    result = make(gazetteer, text)
    speakers = {q.words(text): result_label for q in result.quotes
                for result_label in [q.speaker.label if q.speaker is not None else None]}
    assert speakers == {"a scandal": "Care Without Borders", "cruel": name}
