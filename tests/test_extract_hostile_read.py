"""Faults a hostile read of kg extract found against the rule "never more than the source says" (a draft states
no indicator, speaker or date the text does not give, unless a marker says how it was obtained), each tested here
as a class, in other words than the texts that showed it."""

from __future__ import annotations

import pytest

from kg.extract import draft as extract
from test_extract_unseen import make


@pytest.fixture(scope="module")
def gazetteer(project):
    return extract.gazetteer_for(project)


def indicators(result) -> dict:
    """{figure as stated: its indicator's local name, or None for the draft's unclassified placeholder}"""
    return {f.mention.stated_as: f.indicator for f in result.figures}


@pytest.mark.parametrize("text, stated", [
    ("A third of the arrivals were from Eritrea, the Home Office said.", "A third"),
    ("Half of the people who crossed in June were Afghan nationals.", "Half"),
    ("Officials said 60 per cent of the arrivals were men travelling alone.", "60 per cent"),
])
def test_a_share_of_arrivals_by_origin_is_not_the_returned_share(gazetteer, text, stated):
    """'A third of the arrivals were from Eritrea' was drafted as oi:ind-returned-share-of-arrivals: the keyword
    'of the arrivals' alone chose it, though the sentence says nothing of returns."""
    assert indicators(make(gazetteer, text))[stated] is None


@pytest.mark.parametrize("text, stated", [
    ("Only 4 per cent of the arrivals since August have been returned to France.", "4 per cent"),
    ("The 90 people deported represent 0.5 per cent of the arrivals this year.", "0.5 per cent"),
])
def test_a_share_of_arrivals_that_were_returned_is_still_the_returned_share(gazetteer, text, stated):
    assert indicators(make(gazetteer, text))[stated] == "ind-returned-share-of-arrivals"


@pytest.mark.parametrize("text, stated", [
    ("The scheme sent back four volunteers to Rwanda.", "four"),
    ("Some 200 people were deported to Albania last year, officials said.", "Some 200"),
    ("The Tories said 2,000 people could be removed to the Netherlands within weeks.", "2,000"),
    ("Ministers said 30 people were admitted from Italy under the new route.", "30"),
])
def test_a_journey_to_or_from_a_named_place_other_than_france_is_not_the_france_indicator(gazetteer, text, stated):
    """'sent back four volunteers to Rwanda' was drafted as oi:ind-returned-to-france, value 4: a return's
    keyword chose it, though the text names another destination."""
    assert indicators(make(gazetteer, text))[stated] is None


@pytest.mark.parametrize("text, stated, indicator", [
    ("The scheme sent back four people to France.", "four", "ind-returned-to-france"),
    ("Some 40 people were returned to Calais on Tuesday.", "Some 40", "ind-returned-to-france"),
    ("A total of 312 people have been returned since June.", "312", "ind-returned-to-france"),
    ("Ministers said 30 people were admitted from France under the new route.", "30", "ind-admitted-from-france"),
])
def test_a_journey_to_or_from_france_or_a_french_place_keeps_the_france_indicator(gazetteer, text, stated,
                                                                                    indicator):
    assert indicators(make(gazetteer, text))[stated] == indicator


@pytest.mark.parametrize("text, stated", [
    ('"We have returned between 50 and 60 people every week," she said. "That is up 12% on last year."', "12%"),
    ("Returns to France have doubled since spring. This is 40 per cent higher than the target.",
     "40 per cent higher"),
    ("French police said they stopped 312 boats last year, up 18 per cent on 2024.", "18 per cent"),
])
def test_a_change_said_of_something_other_than_arrivals_is_not_the_arrivals_change(gazetteer, text, stated):
    """'"That is up 12% on last year."' after a sentence on returns was drafted as
    oi:ind-small-boat-arrivals-change-pct: 'up' chose it, though its sentence names no arrivals."""
    assert indicators(make(gazetteer, text))[stated] is None


@pytest.mark.parametrize("text, stated", [
    ("Crossings are up 12% on last year, the Home Office said.", "12%"),
    ("Last year 36,816 people crossed the Channel, a rise of 25 per cent on the year before.", "25 per cent"),
])
def test_a_change_said_of_arrivals_is_still_the_arrivals_change(gazetteer, text, stated):
    assert indicators(make(gazetteer, text))[stated] == "ind-small-boat-arrivals-change-pct"
