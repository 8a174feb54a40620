"""Faults a read of kg extract against its evidence spans found, where a draft said more than the text: each tested
as a class, with short texts written here."""

from __future__ import annotations

import pytest

from kg.extract import draft as extract
from kg.extract.evaluate import speaker_key
from kg.extract.figures import find_figures
from kg.core.namespaces import OO
from test_extract_hostile_read import voices
from test_extract_unseen import make


@pytest.fixture(scope="module")
def gazetteer(project):
    return extract.gazetteer_for(project)


def indicators(gazetteer, text: str) -> dict:
    result = make(gazetteer, text)
    return {f.mention.stated_as: f.indicator for f in result.figures}


@pytest.mark.parametrize("sentence", [
    "The number of patients waiting more than a year rose to 190,000.",
    "About 1,200 people are still waiting for a decision on their asylum claim.",
    "Some 300 people were in the queue at the job centre.",
])
def test_people_waiting_with_no_france_in_their_clause_are_not_awaiting_admission_from_france(gazetteer, sentence):
    """'The number of patients waiting more than a year rose to 190,000' was drafted as people in France awaiting
    admission to the UK: 'waiting' alone named the indicator, whose other end the sentence never gives."""
    assert "ind-awaiting-admission-from-france" not in indicators(gazetteer, f"Waiting lists\n\n{sentence}\n").values()


@pytest.mark.parametrize("sentence, stated", [
    ("There are 80 more people lined up in France waiting to come over.", "80 more"),
    ("Some 400 people are waiting in Calais to be admitted.", "Some 400"),
])
def test_people_waiting_in_france_are_still_awaiting_admission_from_france(gazetteer, sentence, stated):
    assert indicators(gazetteer, f"Returns\n\n{sentence}\n")[stated] == "ind-awaiting-admission-from-france"


@pytest.mark.parametrize("title", ["The then home secretary", "The former home secretary"])
def test_a_past_holder_read_from_then_or_former_is_never_said_to_hold_the_post_on_the_report_s_date(
        gazetteer, title):
    """'The then home secretary said last month …' in a report of 14 October 2025 drafted Yvette Cooper, who left
    the post on 5 September, with the reason 'Yvette Cooper held that post on the report's date': the rule read
    the holder whose holding ended before that date, and the reason now says so."""
    text = f"Returns\n\n{title} said last month that hundreds would be returned by Christmas.\n"
    graph = extract.to_graph(make(gazetteer, text, "2025-10-14"))
    reasons = [str(r) for r in graph.objects(None, OO.reason) if "post" in str(r)]
    assert reasons and not [r for r in reasons if "held that post on the report's date" in r]
    assert [r for r in reasons if "before the report's date" in r]


@pytest.mark.parametrize("title, written", [("The then home secretary", "then home secretary"),
                                            ("The former home secretary", "former home secretary"),
                                            ("The home secretary", "home secretary")])
def test_a_past_holders_role_is_written_with_the_then_or_former_the_text_gives_it(gazetteer, title, written):
    """'The then home secretary said ...' was drafted with oo:roleAsWritten "home secretary": the title without its
    "then", which reads as the post's holder on the report's date, where the text says a past one."""
    text = f"Returns\n\n{title} said last month that hundreds would be returned by Christmas.\n"
    graph = extract.to_graph(make(gazetteer, text, "2025-10-14"))
    assert [str(r).lower() for r in graph.objects(None, OO.roleAsWritten)] == [written]


@pytest.mark.parametrize("verb", ["disputed the claim that", "visited Dover, where", "wrote that"])
@pytest.mark.parametrize("subject", ["the minister", "the home secretary"])
def test_a_role_the_last_speaker_is_not_given_is_never_his(gazetteer, verb, subject):
    """'Enver Solomon, chief executive of the Refugee Council, disputed the claim that … “…,” he said.' then
    'Speaking in Leeds, the minister said removals had risen by 40 per cent.' gave the minister's words and
    his 40 per cent to Enver Solomon: his role in apposition was read only before a speech verb, so the rules
    knew none that 'minister' contradicted."""
    text = (f"Returns\n\nEnver Solomon, chief executive of the Refugee Council, {verb} 5,000 people had been removed.\n\n"
            "“The real figure is lower,” he said.\n\n"
            f"Speaking at a conference in Leeds, {subject} said removals had risen by 40 per cent.\n")
    result = make(gazetteer, text)
    said = {(s.gist or s.words(text))[:8]: speaker_key(result, s.speaker) for s in result.statements}
    assert said["The real"] == "enver-solomon"
    assert said["Speaking"] != "enver-solomon"
    assert ("40 per cent", "enver-solomon") not in voices(result)


@pytest.mark.parametrize("sentence", [
    "A French official put the number at nearer 8,000.",
    "The Refugee Council puts the figure at 2,000.",
    "Officials estimated the number at 8,000.",
    "The Home Office estimates that 8,000 people have crossed this year.",
])
def test_a_figure_someone_puts_or_estimates_is_theirs_never_the_report_s(gazetteer, sentence):
    """'Mr Macron said France had stopped more than 10,000 crossings. A French official put the number at nearer
    8,000.' drafted the 8,000 in the report's own voice: the one who puts a number at a value, or estimates it,
    states it, as one who says it."""
    result = make(gazetteer, f"Crossings\n\n{sentence}\n")
    assert result.figures and all(f.voice is not None for f in result.figures)


@pytest.mark.parametrize("sentence, owner", [
    ("Enver Solomon disputed the government's claim that 5,000 people had been removed.", "uk-government"),
    ("Charities rejected the Home Office’s claim that 5,000 people had been removed.", "home-office"),
    ("The mayor questioned the minister's assertion that 5,000 people had been removed.", "?"),
])
def test_a_figure_in_someone_s_claim_is_never_the_report_s(gazetteer, sentence, owner):
    """'Enver Solomon … disputed the government's claim that 5,000 people had been removed' drafted the 5,000 in the
    report's own voice, which the sentence disputes, and 'The mayor questioned the minister's assertion that …' gave
    it to the mayor: the words after 'X's claim that' are X's (unresolved, '?', where the rules cannot tell who X
    is), never the report's nor the sentence's subject's."""
    result = make(gazetteer, f"Returns\n\n{sentence}\n")
    (figure,) = [f for f in result.figures if f.mention.value == 5000]
    assert figure.voice is not None and speaker_key(result, figure.voice) == owner


@pytest.mark.parametrize("text", [
    "Minister says 300 people returned\n\nThe figures were published on Monday.\n",
    "Charity warns of 300 job losses\n\nThe cuts were announced on Monday.\n",
    "Budget\n\nCouncil warns of a £300m black hole.\n",
])
def test_a_figure_after_a_bare_capitalised_subject_and_its_speech_verb_is_never_the_report_s(gazetteer, text):
    """The headline 'Minister says 300 people returned' drafted the 300 in the report's own voice: a subject of one
    or two capitalised words with no article ("Minister", "Charity", "Council"), as headlines write it, was no
    speaker at all; its words are now an unresolved speaker's, with the subject as candidate."""
    result = make(gazetteer, text)
    (figure,) = [f for f in result.figures if f.mention.value in (300, 300_000_000)]
    assert figure.voice is not None and speaker_key(result, figure.voice) == "?"
    subject = "Council" if text.startswith("Budget") else text.split()[0]
    assert [str(c) for c in extract.to_graph(result).objects(None, OO.candidateMention)] == [subject]


@pytest.mark.parametrize("sentence", ["New figures reveal 300 people were returned.",
                                      "Data shows 300 people were returned.", "Returns hit 300 in May."])
def test_data_or_a_headline_with_no_speech_verb_keep_the_report_s_voice(gazetteer, sentence):
    result = make(gazetteer, f"Returns\n\n{sentence}\n")
    assert [f.voice for f in result.figures] == [None]


@pytest.mark.parametrize("sentence, stated", [
    ("Officers responded to 1.2 million calls last year.", "1.2 million"),
    ("The council sent 4,000 letters in May.", "4,000"),
    ("Volunteers handed out 300 hot meals.", "300"),
])
def test_a_number_before_a_plural_noun_the_rules_do_not_list_counts_things_not_people(sentence, stated):
    """'Officers responded to 1.2 million calls' drafted 1.2 million people: a number before a noun not on the
    rules' lists was a count of people whatever the noun; it is a count of what the noun names (oo:Count)."""
    assert [(f.stated_as, f.unit) for f in find_figures(sentence)] == [(stated, "Count")]


@pytest.mark.parametrize("sentence", ["Last year 300 crossed.", "Some 300 were returned.", "The total is 300 this year.",
                                      "He said 40 had been sent back.", "About 300 asylum seekers arrived."])
def test_a_number_with_no_plural_noun_after_it_still_counts_people(sentence):
    assert [f.unit for f in find_figures(sentence)] == ["People"]


@pytest.mark.parametrize("sentence", ["Officers responded to 1.2 million calls last year.",
                                      "Firefighters responded to more than 300 incidents in May.",
                                      "Paramedics responded to emergency calls from 4,000 people."])
def test_responding_to_calls_or_incidents_is_no_speech(gazetteer, sentence):
    """'Officers responded to 1.2 million calls last year' was a reported statement of unnamed officers, who had
    'said' the 1.2 million: responding to calls or incidents is work done, not words, and the figure the report's."""
    result = make(gazetteer, f"Policing\n\n{sentence}\n")
    assert not result.statements and [f.voice for f in result.figures] == [None]


def test_responding_to_a_question_or_a_report_is_still_speech(gazetteer):
    result = make(gazetteer, "Returns\n\nThe Home Office responded to the report by saying 300 people had been returned.\n")
    assert [speaker_key(result, s.speaker) for s in result.statements] == ["home-office"]


@pytest.mark.parametrize("sentence, units", [
    ("The number of hotels had fallen to 210.", ["Count"]),
    ("The number of boats rose to 40.", ["Boat"]),
    ("The number of hotels in use has fallen from 400 to 210.", ["Count", "Count"]),
    ("The number of people in hotels fell to 210.", ["People"]),
    ("The number of hotels fell. Then 300 crossed.", ["People"]),
    ("The number of hotels fell to 1.5 thousand.", ["Count"]),
])
def test_a_number_the_sentence_calls_the_number_of_something_counts_that_thing(sentence, units):
    """'The number of hotels had fallen to 210' drafted 210 people: a number with no noun after it was people by
    default, though its sentence says what it counts."""
    assert [f.unit for f in find_figures(sentence)] == units
