"""`kg extract` and `kg add`: drafts of reports written for these tests (tests/fixtures/extract/), in the
habits of different outlets, against their gold YAML; one regression test per fault of issue 14; bad
input; `kg add`; `--evaluate` on the seeds and on the fixtures."""

from __future__ import annotations

import re
import shlex
import shutil
import time
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.analysis.figures import StatedFigure
from kg.extract import draft as extract
from kg.extract.dates import report_date
from kg.extract import entities as extract_entities
from kg.extract.entities import find_mentions
from kg.extract.evaluate import evaluate, normalise_quote, speaker_key
from kg.extract.figures import find_figures, guess_indicator
from kg.core.errors import KGError
from kg.extract.text import quotations
from kg.core.namespaces import OA, OI, OO, SCHEMA
from kg.reference.load import parse_turtle
from conftest import violations_with

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
CASES = sorted(p.stem for p in FIXTURES.glob("*.yaml"))


def gold(name: str) -> dict:
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gazetteer(project):
    return extract.gazetteer_for(project)


def make(gazetteer, text: str, date: str | None = None, name: str = "article.txt") -> extract.Draft:
    import hashlib

    return extract.draft(text, name, gazetteer, hashlib.sha256(text.encode()).hexdigest(), date)


@pytest.fixture(scope="module")
def drafts(gazetteer):
    out = {}
    for name in CASES:
        path = FIXTURES / f"{name}.txt"
        date = gold(name).get("date")
        out[name] = extract.draft(extract.read_article(path), path.name, gazetteer, extract.sha256_of(path),
                                  str(date) if date else None)
    return out


def _local(iri) -> str:
    return str(iri).split("/")[-1]


def quotes_of(result) -> set:
    return {(speaker_key(result, s.speaker), s.words(result.text)) for s in result.quotes}


def figures_of(result) -> set:
    """(value, unit, comparator, a rate's period as written or "") of each drafted figure."""
    return {(None if f.mention.value is None else float(f.mention.value), f.mention.unit, f.mention.comparator,
             f.mention.period.lower()) for f in result.figures}


@pytest.mark.parametrize("name", CASES)
def test_quotes_and_speakers_are_the_expected_ones(name, drafts):
    """As the gold says, but for the known misses a fixture lists (`known:`, with its reason in a comment)."""
    known = {tuple(q) for q in gold(name).get("known", [])}
    expected = {tuple(q) for q in gold(name)["quotes"] if q[1] not in {w for _, w in known}} | known
    assert quotes_of(drafts[name]) == expected


@pytest.mark.parametrize("name", CASES)
def test_figures_are_the_expected_ones(name, drafts):
    expected = {(None if v is None else float(v), unit, comparator, (period or [""])[0].lower())
                for v, unit, comparator, *period in gold(name)["figures"]}
    assert figures_of(drafts[name]) == expected


@pytest.mark.parametrize("name", CASES)
def test_new_people_and_organisations_become_nodes(name, drafts):
    result = drafts[name]
    new = {speaker_key(result, e) for e in result.new_entities.values()}
    assert set(gold(name).get("new", [])) <= new
    reported = {speaker_key(result, s.speaker) for s in result.statements if not s.parts}
    assert set(gold(name).get("reported", [])) <= reported


def test_fixture_scores_meet_the_issue_targets(project):
    """Over every fixture: figures and quotes at 0.97 or better, one node per quotation, speakers right."""
    (figures, vague, quotes, _, words), _ = evaluate(project, FIXTURES)
    assert figures.precision >= 0.97 and figures.recall >= 0.97
    assert words.recalled / words.gold >= 0.97 and not words.split
    assert words.speaker_accuracy >= 0.97


NEGATED = {"more than": "AtMost", "above": "AtMost", "over": "AtMost", "fewer than": "AtLeast", "below": "AtLeast",
           "under": "AtLeast", "at least": "LessThan", "nearly": None, "around": None, "up to": None}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["not", "never", "did not", "has not", "won't", "is not expected to", "haven't gone"]),
       st.sampled_from(sorted(NEGATED)), st.integers(2, 99) .map(lambda n: n * 100))
def test_a_negated_bound_is_the_opposite_bound_or_no_figure(negation, qualifier, number):
    """'not more than 1,000' is at most 1,000, 'not ... below' at least; never the reverse of what is said."""
    text = f"Returns {negation} {qualifier} {number:,} people this year.\n"
    figures = [(f.value, f.comparator) for f in find_figures(text)]
    assert figures == ([] if NEGATED[qualifier] is None else [(number, NEGATED[qualifier])])


@pytest.mark.parametrize("verb", ["did not exceed", "never topped", "hasn't passed", "didn't surpass"])
def test_a_negated_exceeding_is_at_most(verb):
    assert [(f.value, f.comparator) for f in find_figures(f"Arrivals {verb} 20,000 in 2023.")] == [(20000, "AtMost")]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["row", "clash", "rows", "questions", "concern", "fears", "talks", "dispute", "anger", "split"]),
       st.sampled_from(["500 migrants", "£2m bill", "1,200 people", "30 flights"]))
def test_over_after_a_dispute_or_worry_is_what_it_is_about_not_more_than(noun, figure):
    text = f"The {noun} over {figure} went on.\n"
    assert [f.comparator for f in find_figures(text)] == ["Exactly"]


@pytest.mark.parametrize("text", ["Over 500 people crossed.", "The total was well over 500 people.",
                                  "Arrivals of over 500 people.", "It has returned over 500 people."])
def test_over_a_number_still_means_more_than(text):
    assert [f.comparator for f in find_figures(text)] == ["MoreThan"]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 98), st.integers(1, 50), st.sampled_from([" or ", " to ", "-", "–"]),
       st.sampled_from(["people", "boats", "flights"]))
def test_a_range_without_between_is_its_two_bounds(low, width, separator, noun):
    """'300-400 people', '3,000–4,000', '20 or 30 boats': at least the first, at most the second, never one lost."""
    high = low + width
    text = f"Officials expect {low * 100:,}{separator}{high * 100:,} {noun} this year.\n"
    assert [(f.value, f.comparator) for f in find_figures(text)] == [(low * 100, "AtLeast"), (high * 100, "AtMost")]


@given(st.sampled_from(["", "up to ", "roughly ", "about ", "an average of "]), st.integers(2, 9000),
       st.sampled_from(["", " people", " migrants", " flights", " removals"]),
       st.sampled_from(["a", "per", "each", "every"]), st.sampled_from(["day", "week", "month", "year"]))
def test_a_figure_per_period_is_a_rate_that_keeps_its_period_never_a_total(qualifier, number, noun, per, period):
    """'up to 50 people a week', '£5.77m a day', '2,600 per year': the period is kept, and the words as
    written run to it, so the draft never says 50 in all."""
    text = f"Officials said {qualifier}{number:,}{noun} {per} {period} could be affected.\n"
    (figure,) = find_figures(text)
    assert (figure.value, figure.period) == (number, f"{per} {period}")
    assert figure.stated_as.endswith(f"{number:,}{noun} {per} {period}")


@pytest.mark.parametrize("text, figure", [
    ("It costs £5.77m a day and £8.8m a day.", [(5770000, "a day"), (8800000, "a day")]),
    ("France is paid £1.2bn a year to police its beaches.", [(1200000000, "a year")]),
    ("They crossed 300 people a week ago.", [(300, "")]),
    ("Arrivals rose to 400 a year earlier.", [(400, "")]),
    ("Some 50 people a week or two ago.", [(50, "")]),
    ("It signed 3 deals a year-long effort.", [(3, "")]),
    ("We are removing people every week.", [(1, "")]),  # a rate with no number: one week, as before
])
def test_a_time_after_a_number_is_no_rate_and_each_rate_keeps_its_own_period(text, figure):
    assert [(f.value, f.period) for f in find_figures(text)] == figure


def test_a_drafted_rate_says_its_period_and_is_never_one_of_the_shared_totals(drafts):
    """The shared indicators count totals (returned to France, cumulative): a rate would be compared with them."""
    graph = extract.to_graph(drafts["rates_per_period"])
    node = next(n for n, said in graph.subject_objects(OO.statedAs) if str(said) == "Up to 50 people a week")
    assert str(graph.value(node, OO.periodAsWritten)) == "a week"
    assert "A rate" in str(graph.value(node, RDFS.comment))
    assert (graph.value(node, OO.indicator), RDF.type, OO.UnclassifiedIndicator) in graph


def test_evaluation_counts_a_total_against_a_gold_rate_as_a_miss(project, tmp_path):
    (tmp_path / "a.txt").write_text("Returns\nUp to 50 people a week could be returned.\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("quotes: []\nfigures:\n  - [50, People, UpTo]\n", encoding="utf-8")
    (figures, *_), _ = evaluate(project, tmp_path)
    assert (figures.recall, figures.precision) == (0, 0)
    (tmp_path / "a.yaml").write_text("quotes: []\nfigures:\n  - [50, People, UpTo, a week]\n", encoding="utf-8")
    (figures, *_), _ = evaluate(project, tmp_path)
    assert (figures.recall, figures.precision) == (1, 1)


@pytest.mark.parametrize("text, bounds", [("Five or six hundred people waited.", [(500, "AtLeast"), (600, "AtMost")]),
                                          ("two or three thousand migrants", [(2000, "AtLeast"), (3000, "AtMost")]),
                                          ("Three or four flights left.", [(3, "AtLeast"), (4, "AtMost")])])
def test_an_alternative_in_words_takes_the_scale_of_the_second(text, bounds):
    assert [(f.value, f.comparator) for f in find_figures(text)] == bounds


def test_a_change_from_one_number_to_another_is_no_range():
    assert [f.comparator for f in find_figures("Arrivals rose from 300 to 400 people.")] == ["Exactly", "Exactly"]


# ------------------------------------------------------------------ no quote lost (issue 14)

def test_a_quote_without_a_speaker_is_drafted_with_an_unresolved_speaker_and_its_candidates(gazetteer):
    text = ("Ministers and officials met on Monday.\n"
            "Talks had been “difficult but useful”, it was understood, according to nobody in particular.\n")
    result = make(gazetteer, text)
    assert [s.words(text) for s in result.quotes] == ["difficult but useful"]
    speaker = result.quotes[0].speaker
    assert speaker.kind == "unresolved" and result.unresolved == [speaker]
    graph = extract.to_graph(result)
    assert (speaker.iri, RDF.type, OO.UnresolvedSpeaker) in graph
    assert (speaker.iri, OO.reviewStatus, OO.Unreviewed) in graph
    assert "quotes that need a speaker: 1" in extract.summary(result)


def test_unresolved_speaker_lists_the_mentions_that_might_name_it(gazetteer):
    text = "Shabana Mahmood and Kemi Badenoch clashed in the Commons.\nThe exchange was “bad-tempered and long”, at times.\n"
    result = make(gazetteer, text, "2025-11-01")
    graph = extract.to_graph(result)
    placeholder = result.quotes[0].speaker
    assert placeholder.kind == "unresolved"
    assert {str(v) for v in graph.objects(placeholder.iri, OO.candidateMention)} >= {"Shabana Mahmood", "Kemi Badenoch"}
    assert {_local(v) for v in graph.objects(placeholder.iri, OO.candidateSpeaker)} >= {"shabana-mahmood", "kemi-badenoch"}


def test_a_judge_quoted_as_saying_is_the_speaker(drafts):
    assert ("mr-justice-sheldon", "a serious issue to be tried") in quotes_of(drafts["bbc_high_court"])


def test_role_only_speaker_becomes_an_agent_described_by_the_role(drafts):
    result = drafts["infomigrants_calais"]
    official = next(s.speaker for s in result.quotes if "symbolic" in s.words(result.text))
    assert official.anonymous and "senior French immigration official" in official.label
    again = next(s.speaker for s in result.quotes if "few dozen" in s.words(result.text))
    assert again is official  # "the senior immigration official said" refers back to the same agent


def test_role_only_speaker_is_linked_to_the_organisation_named_with_it(drafts):
    result = drafts["pa_wire"]
    source = next(s.speaker for s in result.quotes if "climbing" in s.words(result.text))
    assert _local(source.works_for.iri) == "home-office"
    graph = extract.to_graph(result)
    assert (source.iri, SCHEMA.worksFor, OI["home-office"]) in graph


def test_said_the_association_refers_back_to_the_association_named_before(drafts):
    assert ("utopia-56", "The pressure on people is constant,") in quotes_of(drafts["infomigrants_calais"])
    assert ("immigration-law-practitioners-association", "But it turns on its own facts.") in \
        quotes_of(drafts["ein_tribunal"])


def test_a_headline_quote_with_a_pronoun_goes_to_the_person_it_stands_for(drafts):
    headline = {q for q in quotes_of(drafts["mirror_headline_pronoun"]) if q[1] in ("no silver bullet", "will take time")}
    assert headline == {("shabana-mahmood", "no silver bullet"), ("shabana-mahmood", "will take time")}


# ------------------------------------------------------------------ speakers resolved in time

def test_a_title_is_the_holder_the_article_names_not_todays(drafts):
    """'The Home Secretary said' after naming Yvette Cooper as Home Secretary: Cooper, though Mahmood holds it now."""
    speakers = {speaker for speaker, words in quotes_of(drafts["lbc_cooper_detentions"]) if "illegally" in words}
    assert speakers == {"yvette-cooper"}


def test_a_title_is_the_holder_on_the_reports_date(gazetteer):
    text = "Returns deal under way\n“We are getting on with it,” the Home Secretary said.\n"
    assert quotes_of(make(gazetteer, text, "2025-08-20")) == {("yvette-cooper", "We are getting on with it,")}
    assert quotes_of(make(gazetteer, text, "2025-12-01")) == {("shabana-mahmood", "We are getting on with it,")}


def test_a_title_with_no_date_and_no_name_stays_a_role(gazetteer):
    text = "Returns deal under way\n“We are getting on with it,” the Home Secretary said.\n"
    result = make(gazetteer, text)
    speaker = result.quotes[0].speaker
    assert speaker.anonymous and speaker.post == OI["post-uk-home-secretary"]
    assert result.date is None and "report date:          none" in extract.summary(result)


def test_a_post_whose_holder_changed_is_the_holder_the_article_names(drafts):
    quotes = quotes_of(drafts["sky_nunez"])
    assert ("laurent-nunez", "whenever it is safe to do so") in quotes
    assert ("bruno-retailleau", "too attractive") in quotes


def test_a_pronoun_follows_the_subject_not_the_last_name_seen(drafts):
    """'Ms Hardy met Shabana Mahmood … She told': Hardy; 'The shadow home secretary was speaking after Keir
    Starmer told … He said': Philp (two people of the same gender each time)."""
    assert ("emma-hardy", "I made it very clear that people in Hull are fed up of being kept in the dark.") in \
        quotes_of(drafts["yorkshire_post_mp"])
    assert ("chris-philp", "lost control of the borders") in quotes_of(drafts["guardian_two_men"])
    assert ("rebecca-chapman", "at the eleventh hour") in quotes_of(drafts["ein_tribunal"])


@pytest.mark.parametrize("attribution, speaker", [
    ("“Nobody listens to us,” said one Labour backbencher.", "unnamed-labour-backbencher"),
    ("“Nobody listens to us,” said a shopkeeper.", "unnamed-shopkeeper"),
    ("“Nobody listens to us,” a neighbour told Sky News.", "unnamed-neighbour"),
    ("“Nobody listens to us,” said one father of three who lives on the estate.", "unnamed-father-of-three"),
    ("Poland said it would “not budge”.", "?"),
    ("The Belgian government said it was “watching closely”.", "?"),
    ("Europol said it was “alarmed”.", "?"),
])
def test_a_quote_whose_attribution_names_an_unknown_speaker_never_takes_the_speaker_before(gazetteer, attribution,
                                                                                           speaker):
    """Words that name a speaker the rules do not know give a role-only agent or an unresolved speaker, never
    the subject of the sentence before nor the speaker of the quote before."""
    text = f"Shabana Mahmood said “the deal is working” on Monday. {attribution}\n"
    quotes = quotes_of(make(gazetteer, text, "2025-11-01"))
    assert [s for s, w in quotes if w != "the deal is working"] == [speaker]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["retired", "local", "young", "Tory", "worried", "long-serving", "French"]), max_size=2),
       st.sampled_from(["nurse", "resident", "fisherman", "councillor", "driver", "backbencher"]),
       st.sampled_from(["a", "an", "one", "another"]))
def test_a_role_named_after_a_quote_is_an_anonymous_speaker_of_that_role(gazetteer, words, noun, article):
    phrase = " ".join(words + [noun])
    text = f"Yvette Cooper said the deal was working.\n\n“It cannot go on,” said {article} {phrase}.\n"
    result = make(gazetteer, text, "2025-10-14")
    speaker = result.quotes[0].speaker
    assert speaker.anonymous and speaker.role == phrase


def test_a_pronoun_never_takes_a_person_of_the_other_gender(gazetteer):
    """'Ann Lee, a Green MP, met Tom Hart, a Reform councillor. “…,” he said': not Ann Lee (and not the role in
    apposition to her); with no man the sentence names as its subject, the speaker stays unresolved."""
    text = ("Keir Starmer visited Dover on Monday.\nAnn Lee, a Green MP, met Tom Hart, a Reform councillor, on Friday. "
            "“It went well,” he said.\n")
    assert quotes_of(make(gazetteer, text, "2025-11-01")) == {("?", "It went well,")}


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 12), st.sampled_from(["", ":15", ".30", ":05"]), st.sampled_from(["pm", " pm", " p.m.", " PM"]))
def test_a_clock_time_is_never_the_prime_minister(gazetteer, hour, minutes, suffix):
    """'6 pm' is a time: 'the minister' after it is no holder of the post 'PM' (an abbreviation only in capitals)."""
    text = f"The talks ended at {hour}{minutes}{suffix} on Monday. The minister said that 300 people were returned.\n"
    result = make(gazetteer, text, "2025-11-01")
    assert {_local(s.speaker.iri) for s in result.statements} <= {f"unnamed-minister-{result.id}"}
    assert OI["keir-starmer"] not in {e.iri for e in result.new_entities.values()} | \
        {s.speaker.iri for s in result.statements}


def test_pm_in_capitals_is_still_the_prime_minister(gazetteer):
    text = "The PM said that 300 people were returned to France.\n"
    assert {_local(s.speaker.iri) for s in make(gazetteer, text, "2025-11-01").statements} == {"keir-starmer"}


def test_a_spokesperson_is_never_their_principal(drafts):
    quotes = quotes_of(drafts["standard_spokesman"])
    assert ("pm-official-spokesman", "He wants to see removals happen as quickly as possible, and so does the public.") \
        in quotes
    assert ("pm-official-spokesman", "dozens") in quotes  # "A spokesman for the Prime Minister added"
    assert not any(speaker == "keir-starmer" and "removals" in words for speaker, words in quotes)


def test_a_pronoun_in_reported_speech_is_not_the_speaker(drafts):
    """'The Home Office confirmed he had entered Britain again … and said he would be returned “…”'."""
    assert ("home-office", "as quickly as possible") in quotes_of(drafts["telegraph_reentry"])


# ------------------------------------------------------------------ one quotation, one node

def test_a_multi_sentence_quotation_is_one_node(drafts):
    result = drafts["independent_first_return"]
    solomon = [s for s in result.quotes if _local(s.speaker.iri) == "enver-solomon"]
    assert len(solomon) == 1 and solomon[0].words(result.text).count(".") == 2


def test_a_quotation_over_several_paragraphs_is_one_node_with_one_part_per_paragraph(drafts):
    result = drafts["express_long_quotes"]
    long = next(s for s in result.quotes if "never going to work" in s.words(result.text))
    assert len(long.parts) == 3 and len(long.spans) == 3
    graph = extract.to_graph(result)
    parts = {str(q) for q in graph.objects(long.iri, OO.quote)}
    exacts = [str(graph.value(e, OA.exact)) for e in graph.objects(long.iri, OO.evidence)]
    assert len(parts) == 3 and all(any(part in exact for exact in exacts) for part in parts)


def test_quotations_in_single_marks_with_apostrophes():
    text = "She said: 'We must protect migrants' rights, and we will.' Then 'It's done,' he said."
    assert [q.inner(text) for q in quotations(text)] == ["We must protect migrants' rights, and we will.", "It's done,"]
    doubled = "The Home Secretary acknowledged ‘‘practical issues’’ with it."
    assert [q.inner(doubled) for q in quotations(doubled)] == ["practical issues"]


def test_a_caption_between_paragraphs_of_a_quotation_does_not_end_it():
    text = "He said: ‘One.\n‘Two.\nA migrant dinghy in the Channel last August\n‘Three.’\nAfter."
    assert [q.inner(text) for q in quotations(text)] == ["One. Two. Three."]


# ------------------------------------------------------------------ figures read exactly

@pytest.mark.parametrize("words, value, unit, comparator", [
    ("up to 50 people a week", 50, "People", "UpTo"),
    ("as many as 100 migrants", 100, "People", "UpTo"),
    ("at most a dozen engines", 12, "Count", "AtMost"),
    ("no more than 20 flights", 20, "Flight", "AtMost"),
    ("an average of 62 people a day", 62, "People", "Average"),
    ("nearly 70 small boats", 70, "Boat", "Almost"),
    ("more than 90 investigations", 90, "Investigation", "MoreThan"),
    ("40 similar cases", 40, "Case", "Exactly"),
    ("four charter flights", 4, "Flight", "Exactly"),
    ("up to €2,500 in assistance", 2500, "Euro", "UpTo"),
    ("€200mn over three years", 200_000_000, "Euro", "Exactly"),
    ("about 500 million euros a year", 500_000_000, "Euro", "Around"),
    ("£1.5bn a year", 1_500_000_000, "PoundSterling", "Exactly"),
    ("would welcome two today", 2, "People", "Exactly"),
    ("a family of three", 3, "People", "Exactly"),
    ("36,816 small boat arrivals", 36816, "People", "Exactly"),
    ("within 14 days", 14, "Day", "AtMost"),  # a deadline: at most 14 days
    ("the 500th person returned", 500, "People", "Exactly"),
])
def test_figures_are_read_with_their_unit_and_qualifier(words, value, unit, comparator):
    found = [(m.value, m.unit, m.comparator) for m in find_figures(f"Officials said {words}.")]
    assert found == [(value, unit, comparator)]


@pytest.mark.parametrize("words", [
    "hundreds of millions of pounds", "tens of millions of euros",
])
def test_money_in_words_is_a_vague_figure_in_its_currency(words):
    found = [(m.value, m.unit, m.comparator) for m in find_figures(f"It cost {words}.")]
    assert found == [(None, "Euro" if "euro" in words else "PoundSterling", "Vague")]


@pytest.mark.parametrize("text", [
    "Removals paused between November 6 and 8 while courts sat.",
    "Removals paused between 16 and 18 September.",
    "Figures published on 6 November were late.",
    "The 2024 total was overtaken.",
    "Labour says 2025 arrivals are lower.",
    "The first of up to 100 returnees will fly on Monday.".replace("up to 100 returnees", "them"),
    "A second flight was postponed.",
    "Asked how many smugglers had been convicted, it declined.",
    "The association Utopia 56 said so.",
    "There is no breach of Article 3.",
    "The 25-year-old cannot be named.",
    "It was due at 4pm on Thursday.",
    "Arrivals rose in the past 12 months.",
    "In its first two months the scheme stalled.",
])
def test_dates_years_ordinals_and_how_many_are_not_figures(text):
    assert find_figures(text) == []


def test_the_first_of_up_to_100_is_one_figure_of_up_to_100():
    found = [(m.value, m.unit, m.comparator) for m in find_figures("The first of up to 100 returnees will fly.")]
    assert found == [(100, "People", "UpTo")]


NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen",
                17: "seventeen", 18: "eighteen", 19: "nineteen"}
TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}


def in_words(n: int) -> str:
    if n < 20:
        return NUMBER_WORDS[n]
    return TENS[n - n % 10] + ("" if n % 10 == 0 else "-" + NUMBER_WORDS[n % 10])


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=2, max_value=99), verb=st.sampled_from(["welcome", "returned", "removed", "admitted"]),
       noun=st.sampled_from(["", " migrants", " people", " asylum seekers"]))
def test_numbers_in_words_are_read_as_people(n, verb, noun):
    found = [(m.value, m.unit) for m in find_figures(f"The Home Office {verb} {in_words(n)}{noun} on Friday.")]
    assert found == [(n, "People")]


@settings(max_examples=60, deadline=None)
@given(day=st.integers(min_value=1, max_value=28), span=st.integers(min_value=1, max_value=3),
       month=st.sampled_from(["January", "March", "September", "November", "Sept", "Nov"]),
       style=st.sampled_from(["{m} {a} and {b}", "{a} and {b} {m}", "{a} to {b} {m}", "{m} {a}-{b}", "{a} {m}"]))
def test_dates_next_to_numbers_are_never_figures(day, span, month, style):
    written = style.format(m=month, a=day, b=day + span)
    assert find_figures(f"Removals were paused {written} while the courts sat.") == []


@settings(max_examples=40, deadline=None)
@given(year=st.integers(min_value=1995, max_value=2035),
       style=st.sampled_from(["The {y} total was passed.", "Labour says {y} arrivals are lower.", "Since {y}, it grew.",
                              "In {y} the deal was signed."]))
def test_years_are_never_figures(year, style):
    assert find_figures(style.format(y=year)) == []


def test_up_to_and_at_most_allow_the_bound_or_less():
    up_to = StatedFigure(OI.x, comparator=OO.UpTo, value=Decimal(50), bound=Decimal(50), stated="up to 50")
    interval = up_to.interval()
    assert interval.contains(Decimal(50)) and interval.contains(Decimal(0)) and not interval.contains(Decimal(51))
    average = StatedFigure(OI.y, comparator=OO.Average, value=Decimal(62), stated="an average of 62")
    assert average.interval().contains(Decimal("62.4")) and not average.interval().contains(Decimal(64))


# ------------------------------------------------------------------ report identity and date

def test_the_report_iri_comes_from_the_text_never_the_file_name(gazetteer):
    text = (FIXTURES / "bbc_style.txt").read_text(encoding="utf-8")
    named_like_a_curated_report = make(gazetteer, text, name="01_bbc.txt")
    assert named_like_a_curated_report.report != OI["r001"]
    assert named_like_a_curated_report.report == make(gazetteer, text, name="other.txt").report
    assert named_like_a_curated_report.report != make(gazetteer, text + "\nMore.", name="01_bbc.txt").report


def test_the_curators_date_is_recorded_as_given_with_its_basis(gazetteer):
    result = make(gazetteer, (FIXTURES / "bbc_style.txt").read_text(encoding="utf-8"), "2025-10-14")
    graph = extract.to_graph(result)
    dated = graph.value(result.report, OO.inferredValue)
    assert graph.value(dated, OO.inferredProperty) == SCHEMA.datePublished
    assert graph.value(dated, RDF.value) == Literal("2025-10-14", datatype=XSD.date)
    assert graph.value(dated, OO.dateBasis) == OO.GivenByCurator
    assert (result.report, SCHEMA.datePublished, None) not in graph


def test_the_reason_for_the_curators_date_names_no_command_the_curator_may_not_have_run(kg, project, tmp_path):
    """`kg extract --date` recorded "Given by the curator (kg add --date ...)" in the draft's data, naming a
    command that was not run: the reason names the option, which both commands take."""
    out = tmp_path / "draft.ttl"
    assert kg("extract", str(FIXTURES / "bbc_style.txt"), "-o", str(out), "--date", "2025-10", project=project).exit_code == 0
    graph = Graph().parse(out, format="turtle")
    reasons = [str(reason) for reason in graph.objects(None, OO.reason) if "curator" in str(reason)]
    assert reasons == ["Given by the curator (--date 2025-10); not read from the text."]


@pytest.mark.parametrize("text, value, basis", [
    ("Headline here\nPublished 14 October 2025\nBody says 281 people.", "2025-10-14", "Dateline"),
    ("Headline here\nTue 14 Oct 2025 10.02 BST\nBody.", "2025-10-14", "Dateline"),
    ("Headline\nOn 18 September 2025 the first man was returned, and by 2 October 2025 more.", "2025-10-02",
     "LatestDateInText"),
    ("Headline\nNo date at all in 2025.", None, None),
])
def test_a_date_in_the_text_is_read_with_its_basis(text, value, basis):
    found = report_date(text)
    assert (found.value if found else None, found.basis if found else None) == (value, basis)


# ------------------------------------------------------------------ drafts as a whole

def test_every_drafted_node_is_marked_unreviewed_and_spans_match_the_text(drafts):
    for name, result in drafts.items():
        graph = extract.to_graph(result)
        for node in set(graph.subjects()):
            if isinstance(node, BNode) or (node, RDF.type, OO.Extraction) in graph:
                continue
            assert (node, OO.reviewStatus, OO.Unreviewed) in graph, (name, node)
            assert graph.value(node, PROV.wasGeneratedBy) is not None
        for span in graph.subjects(RDF.type, OO.EvidenceSpan):
            start, end = int(graph.value(span, OA.start)), int(graph.value(span, OA.end))
            assert result.text[start:end] == str(graph.value(span, OA.exact))
            assert "\n" not in str(graph.value(span, OA.exact))
        for fact, quote in graph.subject_objects(OO.quote):
            assert any(str(quote) in str(graph.value(e, OA.exact)) for e in graph.objects(fact, OO.evidence))


def test_drafts_validate_against_the_shapes(project, drafts, tmp_path):
    """All the drafts at once, as if every one were added: nothing breaks a shape but a person two drafts
    spell differently ("Laurent Nunez", "Laurent Nuñez": one IRI, two names), which oos:LabelShape
    reports, as it would to a curator adding both (one name stays, the other becomes a skos:altLabel)."""
    data, names = Graph(), {}
    for result in drafts.values():
        for triple in extract.to_graph(result):
            data.add(triple)
            if triple[1] == RDFS.label:
                names.setdefault(triple[0], set()).add(triple[2])
    respelled = {_local(node) for node, labels in names.items() if len(labels) > 1}
    violations = violations_with(project, data, tmp_path, data=("shared.ttl",))
    assert respelled == {"laurent-nunez"}
    assert {v.focus.removeprefix("oi:") for v in violations} == respelled, "\n".join(map(str, violations))
    assert {v.rule for v in violations} == {"oos:LabelShape (rdfs:label)"}


def test_figure_in_a_quote_is_in_the_speakers_voice_and_mentioned_by_the_quote(drafts):
    result = drafts["mail_style"]
    figure = next(f for f in result.figures if f.mention.value == 40000)
    assert _local(figure.voice.iri) == "kemi-badenoch"
    quote = next(s for s in result.quotes if "40,000" in s.words(result.text))
    assert figure.iri in quote.figures
    said = next(f for f in result.figures if f.mention.value == 150)
    assert _local(said.voice.iri) == "home-office"  # "..., the Home Office said": a reported statement's voice
    own = next(f for f in result.figures if f.mention.value == 4)
    assert own.voice is None  # "new figures reveal": the report's own voice


def test_known_people_posts_and_agreements_link_to_existing_iris(drafts):
    report = drafts["guardian_style"].report
    about = {_local(o) for o in extract.to_graph(drafts["guardian_style"]).objects(report, None)}
    assert "uk-france-returns-agreement" in about and "home-office" in about


def test_output_is_deterministic(drafts, gazetteer):
    path = FIXTURES / "guardian_style.txt"
    again = extract.draft(extract.read_article(path), path.name, gazetteer, extract.sha256_of(path), "2025-12-01")
    assert extract.serialize(again) == extract.serialize(drafts["guardian_style"])


def test_output_is_the_same_under_other_hash_seeds(tmp_path):
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "kg", "extract", str(FIXTURES / "infomigrants_calais.txt")],
                              capture_output=True, env=env, check=True, cwd=Path(__file__).resolve().parents[1])
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_quote_normalisation_for_scoring():
    assert normalise_quote("‘We’ve had 350,’") == normalise_quote("We've had 350")


# ------------------------------------------------------------------------------------ the CLI

def test_extract_prints_turtle_and_a_summary(kg, project, tmp_path):
    result = kg("extract", str(FIXTURES / "bbc_style.txt"), project=project)
    assert result.exit_code == 0, result.output
    assert "oo:DirectQuote" in result.stdout and "oo:Unreviewed" in result.stdout
    assert "direct quotes:" in result.stderr and "quotes that need a speaker: 0" in result.stderr
    out = tmp_path / "draft.ttl"
    assert kg("extract", str(FIXTURES / "bbc_style.txt"), "-o", str(out), "--date", "2025-10", project=project).exit_code == 0
    assert len(Graph().parse(out, format="turtle")) > 20


def test_a_bad_date_gets_a_one_line_message(kg, project):
    result = kg("extract", str(FIXTURES / "bbc_style.txt"), "--date", "14/10/2025", project=project)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"  \n\n", "empty"),
    ("Caf\u00e9 said \u201cno\u201d".encode("latin-1", "replace"), "not UTF-8"),
    (b"<html><body><p>Mahmood said 281.</p></body></html>", "HTML"),
    ((FIXTURES / "no_facts.txt").read_bytes(), "no quotes"),
])
def test_bad_input_gets_a_one_line_message_and_exit_code_2(kg, project, tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    for command in ("extract", "add"):
        result = kg(command, str(path), project=project)
        assert result.exit_code == 2, result.output
        assert message in result.stderr and "Traceback" not in result.output
        assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_and_missing_argument(kg, project, tmp_path):
    assert kg("extract", str(tmp_path / "nope.txt"), project=project).exit_code == 2
    assert kg("extract", project=project).exit_code == 2


def test_add_writes_a_new_data_file_named_by_the_text_and_the_project_still_validates(kg, project_copy, tmp_path):
    article = tmp_path / "001_guardian.txt"  # a name like a curated report's: it must not become oi:r001
    shutil.copy(FIXTURES / "guardian_style.txt", article)
    result = kg("add", str(article), "--date", "2025-12-01", project=project_copy)
    assert result.exit_code == 0, result.output
    written = re.search(r"wrote (data/report-[0-9a-f]{12}\.ttl)", result.stdout).group(1)
    target = project_copy.root / written
    assert target.is_file() and "direct quotes:" in result.stdout
    assert (project_copy.root / "data" / "report-001.ttl").read_bytes() == \
        (Path(__file__).resolve().parents[1] / "data" / "report-001.ttl").read_bytes()
    assert (OI["r001"], None, None) not in parse_turtle(target)
    validated = kg("validate", project=project_copy)
    assert validated.exit_code == 0, validated.output


def test_add_refuses_a_text_the_project_already_has_whatever_the_file_is_called(kg, project_copy, tmp_path):
    article = tmp_path / "story.txt"
    shutil.copy(FIXTURES / "guardian_style.txt", article)
    assert kg("add", str(article), project=project_copy).exit_code == 0
    renamed = tmp_path / "005_again.txt"
    shutil.copy(article, renamed)
    again = kg("add", str(renamed), project=project_copy)
    assert again.exit_code == 2 and "already in the project" in again.stderr


def test_add_refuses_a_curated_reports_own_text(kg, project_copy, seeds_dir, tmp_path):
    copy = tmp_path / "renamed.txt"
    shutil.copy(sorted(seeds_dir.glob("001_*.txt"))[0], copy)
    result = kg("add", str(copy), project=project_copy)
    assert result.exit_code == 2 and "report-001.ttl" in result.stderr


# The same article as its curator saved it, and as another editor or platform might save it again
SAVED_OTHERWISE = {
    "a byte-order mark": lambda text: "\ufeff" + text,
    "line endings": lambda text: text.replace("\n", "\r\n"),
    "white space at the end of the text": lambda text: text.rstrip("\n") + "\n\n  \n",
    "spaces or tabs at the ends of lines": lambda text: text.replace("\n", " \t\n"),
    "Unicode normalisation": lambda text: unicodedata.normalize("NFD", text),
}


@pytest.mark.parametrize("difference", sorted(SAVED_OTHERWISE))
def test_add_refuses_an_added_text_saved_again_with_a_difference_no_one_sees(kg, project_copy, tmp_path, difference):
    """The same article with a BOM, CRLF line endings, trailing white space or decomposed accents has another
    SHA-256, so kg add drafted it again as a new report (the same figures twice, with other offsets). It is
    refused, in one line naming the report, its data file, its text file and what differs; nothing is written."""
    article = tmp_path / "story.txt"
    text = "Caf\u00e9 owners\n\n" + (FIXTURES / "guardian_style.txt").read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8", newline="")
    added = kg("add", str(article), project=project_copy)
    assert added.exit_code == 0, added.output
    report = re.search(r"report (oi:r-[0-9a-f]{12})", added.stdout).group(1)
    data = sorted((project_copy.root / "data").iterdir())
    again = tmp_path / "story-resaved.txt"  # (beside it: a report's text is looked for there and in the seeds folder)
    again.write_bytes(SAVED_OTHERWISE[difference](text).encode("utf-8"))
    refused = kg("add", str(again), project=project_copy)
    assert refused.exit_code == 2, refused.output
    (line,) = refused.stderr.strip().splitlines()
    assert f"is the text of report {report} (data/report-{report[5:]}.ttl, {article})" in line, line
    assert difference in line, line
    assert sorted((project_copy.root / "data").iterdir()) == data


def test_add_refuses_an_added_text_saved_again_with_any_line_ending(kg, project_copy, tmp_path):
    """A text saved again with NEL, U+2028, U+2029, a vertical tab or a form feed for its line breaks (a lone CR
    and CRLF were known) was no text of the project's to kg add, which drafted it again as a new report."""
    article = tmp_path / "story.txt"
    text = (FIXTURES / "guardian_style.txt").read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8", newline="")
    added = kg("add", str(article), project=project_copy)
    assert added.exit_code == 0, added.output
    for ending in LINE_ENDINGS.values():
        again = tmp_path / "story-resaved.txt"
        again.write_bytes(text.replace("\n", ending).encode("utf-8"))
        refused = kg("add", str(again), project=project_copy)
        assert refused.exit_code == 2 and "differs only in line endings" in refused.stderr, (ascii(ending), refused.output)


def test_add_refuses_a_curated_reports_text_saved_with_a_bom_and_crlf_naming_it(kg, project_copy, seeds_dir, tmp_path,
                                                                                monkeypatch):
    """The curated texts are in the seeds folder ($KG_SEEDS); a copy of report 001's saved with a BOM and CRLF
    line endings elsewhere is refused as report oi:r001's text, saying to keep the file as saved."""
    monkeypatch.setenv("KG_SEEDS", str(seeds_dir))
    (original,) = seeds_dir.glob("001_*.txt")
    copy = tmp_path / "downloaded.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + original.read_bytes().replace(b"\n", b"\r\n"))
    refused = kg("add", str(copy), project=project_copy)
    assert refused.exit_code == 2, refused.output
    (line,) = refused.stderr.strip().splitlines()
    assert f"is the text of report oi:r001 (data/report-001.ttl, {original})" in line, line
    assert "a byte-order mark and line endings" in line and "keep that file as it is" in line, line


def test_a_text_saved_over_its_reports_file_is_refused_as_that_file_changed(kg, project_copy, tmp_path):
    """A report's own text file saved again (CRLF) no longer has the SHA-256 recorded: kg add of it said
    nothing of that report and drafted a second one."""
    article = tmp_path / "story.txt"
    shutil.copy(FIXTURES / "guardian_style.txt", article)
    added = kg("add", str(article), project=project_copy)
    assert added.exit_code == 0, added.output
    report = re.search(r"report (oi:r-[0-9a-f]{12})", added.stdout).group(1)
    article.write_bytes(article.read_bytes().replace(b"\n", b"\r\n"))
    refused = kg("add", str(article), project=project_copy)
    assert refused.exit_code == 2, refused.output
    (line,) = refused.stderr.strip().splitlines()
    assert f"is the text file of report {report}" in line and "saved again" in line, line


def test_a_new_text_with_a_bom_and_crlf_is_added_with_offsets_into_the_file_as_saved(kg, project_copy, tmp_path):
    """Offsets count the code points of the decoded file, its BOM and every CR among them: a text saved so is
    added (no report has it) and every span matches the file as saved."""
    from kg.validation.spans import check_spans

    article = tmp_path / "story.txt"
    article.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "guardian_style.txt").read_bytes().replace(b"\n", b"\r\n"))
    added = kg("add", str(article), project=project_copy)
    assert added.exit_code == 0, added.output
    written = project_copy.root / re.search(r"wrote (data/report-[0-9a-f]{12}\.ttl)", added.stdout).group(1)
    assert check_spans(parse_turtle(written), tmp_path) == []


# Every line break str.splitlines knows, as old Macs, Windows, EBCDIC conversions and word processors write them
LINE_ENDINGS = {"a lone CR": "\r", "CRLF": "\r\n", "NEL": "\x85", "U+2028": "\u2028", "U+2029": "\u2029",
                "a vertical tab": "\x0b", "a form feed": "\x0c"}
LINE_ENDING_TEXTS = sorted((FIXTURES.parent / "extract_unseen").glob("*.txt")) + \
    sorted((FIXTURES.parent / "extract_fifth").glob("*.txt"))


def drafted_words(gazetteer, text: str) -> Counter:
    """The words of every evidence span and quotation of the draft of `text` as written in its Turtle, each
    asserted to be the text's own characters at the span's offsets."""
    graph = extract.to_graph(make(gazetteer, text, "2025-11-01"))
    words = Counter(str(quote) for quote in graph.objects(None, OO.quote))
    for span in graph.subjects(RDF.type, OO.EvidenceSpan):
        exact = str(graph.value(span, OA.exact))
        assert text[graph.value(span, OA.start).toPython():graph.value(span, OA.end).toPython()] == exact
        words[exact] += 1
    return words


@pytest.fixture(scope="module")
def drafted_with_line_feeds(gazetteer):
    texts = {path.name: path.read_text(encoding="utf-8").replace("\r\n", "\n") for path in LINE_ENDING_TEXTS}
    return {name: (text, drafted_words(gazetteer, text)) for name, text in texts.items()}


@pytest.mark.parametrize("ending", sorted(LINE_ENDINGS))
def test_a_text_with_any_line_ending_drafts_the_spans_of_its_lf_twin(gazetteer, drafted_with_line_feeds, ending):
    """A text whose lines a lone CR (an old Mac's), NEL or U+2028 ends was read as one paragraph (the rules split
    lines at \\n only): fewer sentences, quotations and spans than the same text with LF. Its offsets stay the
    text's as given (a CRLF is two characters): each span slices the text to its words."""
    for name, (text, words) in drafted_with_line_feeds.items():
        assert drafted_words(gazetteer, text.replace("\n", LINE_ENDINGS[ending])) == words, name


@pytest.mark.parametrize("ending", sorted(LINE_ENDINGS))
def test_lines_with_any_line_ending_are_no_run_of_text_too_long_for_a_sentence(tmp_path, ending):
    """Lines without a full stop (a list, a table) that a lone CR or NEL ends were one run of more than 10,000
    characters with "no line break", and the text was refused; past the limit, the line named is the line."""
    path = tmp_path / "list.txt"
    lines = ["Arrivals by month"] + [f"Month {n} of the pilot had 1,200 arrivals and 40 returns" for n in range(250)]
    path.write_text(LINE_ENDINGS[ending].join(lines), encoding="utf-8", newline="")
    assert extract.read_article(path)
    path.write_text(LINE_ENDINGS[ending].join(lines[:2] + ["and ".join(lines[2:])]), encoding="utf-8", newline="")
    with pytest.raises(KGError, match=r"list\.txt:3: [\d,]+ characters with no full stop"):
        extract.read_article(path)


def test_discrepancies_and_timeline_say_which_draft_figures_they_skipped(kg, project_copy, tmp_path):
    article = tmp_path / "story.txt"
    shutil.copy(FIXTURES / "pa_wire.txt", article)  # no date in the text, none given
    assert kg("add", str(article), project=project_copy).exit_code == 0
    found = kg("discrepancies", project=project_copy)
    assert found.exit_code == 0 and "not compared" in found.stderr and "no date" in found.stderr
    line = kg("timeline", "returned-to-france", "-o", str(tmp_path / "charts"), project=project_copy)
    assert line.exit_code == 0 and "with no date" in line.stderr


def test_an_added_reports_unreviewed_draft_is_no_gold_its_yaml_is(kg, bare_project, tmp_path):
    """Found by an audit: after `kg add t08.txt`, `kg extract --evaluate DIR` scored t08 against the machine
    draft now in data/ (1.00 everywhere), not against the t08.yaml beside it."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "t08.txt").write_text("Returns\n\nUp to 50 people a week could be returned, officials said.\n",
                                   encoding="utf-8")
    (texts / "t08.yaml").write_text("quotes: []\nfigures:\n  - [50, People, UpTo]\n", encoding="utf-8")
    before = evaluate(bare_project, texts)
    assert kg("add", str(texts / "t08.txt"), "--date", "2026-01-01", project=bare_project).exit_code == 0
    (figures, *_), notes = evaluate(bare_project, texts)
    assert (figures.recall, figures.precision) == (0, 0) == (before[0][0].recall, before[0][0].precision)
    assert any("unreviewed machine drafts" in note and "t08.yaml is" in note for note in notes), notes
    (texts / "t08.yaml").unlink()
    (figures, *_), notes = evaluate(bare_project, texts)
    assert figures.gold == [] and any("skipped" in note for note in notes), notes


def test_evaluate_on_a_directory_without_gold(kg, project, tmp_path):
    shutil.copy(FIXTURES / "bbc_style.txt", tmp_path / "bbc_style.txt")
    result = kg("extract", "--evaluate", str(tmp_path), project=project)
    assert result.exit_code == 0 and "no curated report" in result.stdout
    assert kg("extract", "--evaluate", str(tmp_path / "none"), project=project).exit_code == 2


def test_evaluation_on_the_seeds_does_not_drop(project, seeds_dir):
    """The seeds' scores before issue 14: figures P 1.00 R 59/61, vague R 12/17, quotes R 72/75 (speaker and
    words); the words of 74 of the 75 curated quotes are now drafted. Issue 13 changed the gold: the
    caption's 25 per cent is the report's, not Mahmood's (one matched figure fewer), report 004's headline
    281 is the report's own (drafted as the minister's, so not matched), and the scheme's name in report
    003 is no quote (74 quotes): figures R 58/61. The third blind round's promise rule gave report 003's
    "its promise of ‘smashing the gangs’" to Labour: quotes R 73/74. Report 004's headline 281 ("UK Has
    Returned 281 Migrants", Title Case) was read as a number in a name; it is drafted, the report's own:
    figures R 59/61. Levels and changes said without a number ("remain high", "continue to rise") are drafted
    as vague figures: vague R 16/17."""
    (figures, vague, quotes, venues, words), _ = evaluate(project, seeds_dir)
    assert figures.precision == 1.0 and sum(i.matched for i in figures.gold) >= 59
    assert vague.precision == 1.0 and sum(i.matched for i in vague.gold) >= 16
    assert sum(i.matched for i in quotes.gold) >= 73 and words.recalled >= 74
    # the venues the curated statements' words state: 8/10 before "said on X" was read, and "shared with Le
    # Monde" drafted a venue the curators do not give
    assert venues.precision == 1.0 and sum(i.matched for i in venues.gold) >= 9


@pytest.mark.parametrize("sentence, stated, unit", [
    ("Arrivals across the Channel remained stubbornly high through the autumn.", "remained stubbornly high", "People"),
    ("Charities warned that crossings will continue to climb into the spring.", "continue to climb", "Percent"),
    ("Ministers blamed the surge in the number of asylum seekers arriving on the gangs.",
     "the surge in the number of asylum seekers arriving", "Percent"),
    ("The deal was meant to curb spiralling small-boat crossings.", "spiralling small-boat crossings", "Percent"),
])
def test_a_flow_said_without_a_number_is_a_vague_figure(sentence, stated, unit):
    """How many arrive, said as a level or a change with no number ("arrivals ... remain high", "soaring
    Channel crossings"): the seeds' curators record each as a vague figure, which the rules missed (vague
    figures recall 12/17 on the seeds). These sentences are not the seeds'."""
    found = [(m.stated_as, m.unit, m.comparator) for m in find_figures(sentence)]
    assert found == [(stated, unit, "Vague")]


@pytest.mark.parametrize("sentence", [
    "Tensions remain high in Calais.",
    "Rising prices have hit the camps.",
    "The number of people arriving was recorded daily.",
    "Numbers at the meeting remained high.",
])
def test_a_level_or_change_of_something_else_is_no_figure(sentence):
    assert find_figures(sentence) == []


SENTENCES = sorted({line for path in FIXTURES.glob("*.txt") for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()})


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8), cut=st.integers(min_value=0, max_value=60),
       curly=st.booleans())
def test_drafting_never_fails_and_never_drops_a_quotation(gazetteer, lines, cut, curly):
    """Any mixture of real-looking paragraphs, cut anywhere: a draft whose quotes are every quotation."""
    text = "\n".join(lines)[cut:]
    if curly:
        text = text.replace('"', "“", 3)
    if not text.strip():
        return
    result = make(gazetteer, text)
    extract.serialize(result)
    speech = [q for q in quotations(text) if not extract.is_name(text, q, gazetteer)]
    assert len(result.quotes) == len(speech)


@pytest.mark.parametrize("spokesman", [
    "The Prime Minister's official spokesman", "The prime minister’s spokesman", "The PM's spokesman",
    "A spokesman for the Prime Minister", "A Downing Street spokesman", "The prime minister's official spokesperson",
])
def test_the_prime_ministers_spokesman_in_any_spelling_is_never_the_prime_minister(gazetteer, spokesman):
    text = (f"Deal under way\nSir Keir Starmer was in Liverpool. {spokesman} told reporters: \"The numbers will go up.\" "
            "He added: \"We are confident.\"\n")
    assert quotes_of(make(gazetteer, text, "2025-11-01")) == {("pm-official-spokesman", "The numbers will go up."),
                                                             ("pm-official-spokesman", "We are confident.")}


@pytest.mark.parametrize("sentence, speaker", [
    ("Writing in the Telegraph, Chris Philp said the scheme was \"a farce\".", "chris-philp"),
    ("According to Mr Farage, the deal is \"a con\".", "farage"),
    ("Asked about the figures, Sir Keir said: \"It is early days.\"", "keir-starmer"),
    ("A spokeswoman for the French interior ministry said: \"France is doing its part.\"",
     "unnamed-french-interior-ministry-spokesperson"),
])
def test_speakers_written_in_other_ways(gazetteer, sentence, speaker):
    result = make(gazetteer, f"Deal under way\n{sentence}\n", "2025-11-01")
    assert {speaker_key(result, s.speaker) for s in result.quotes} == {speaker}


@pytest.mark.parametrize("text, expected", [
    ("Talks go on\nAn official at the Foreign Office said: \"We are close.\" \"It will be signed soon,\" the official added.\n",
     {"unnamed-foreign-office-official"}),
    ("Talks go on\nA senior source at the Home Office said the plan was \"dead in the water\".\n",
     {"unnamed-home-office-senior-source"}),
    ("Talks go on\nAllies close to Kemi Badenoch said she was \"furious\".\n", {"unnamed-allies-close-to-kemi-badenoch"}),
    ("Talks go on\nA source close to the Prime Minister said he was \"relaxed\".\n",
     {"unnamed-source-close-to-the-prime-minister"}),
])
def test_a_speaker_at_or_close_to_a_body_or_person_is_anonymous_never_the_body_or_the_person(gazetteer, text, expected):
    result = make(gazetteer, text, "2025-11-01")
    assert {speaker_key(result, s.speaker) for s in result.quotes} == expected


@pytest.mark.parametrize("sentence, speaker", [
    ("\"We will go further,\" British Home Secretary Shabana Mahmood said in a statement.", "shabana-mahmood"),
    ("\"We will go further,\" former Home Secretary Yvette Cooper said.", "yvette-cooper"),
    ("Volunteers at Safe Passage said the camps were \"worse than ever\".", "safe-passage"),
    ("Immigration Minister Jane Poole told MPs: \"We will go further.\"", "jane-poole"),
    ("The mayor of Calais, Natacha Bouchart, said the town was \"at breaking point\".", "natacha-bouchart"),
    ("\"We are full,\" Dover Council Leader Kim Ames told the BBC.", "kim-ames"),
    ("\"We are full\" - Kim Ames", "kim-ames"),
    ("Ruth Ogden of the charity Safe Harbour Kent said the hostels were \"full\".", "ruth-ogden"),
    ("Then Reform UK's Kim Ames said: \"We are full.\"", "kim-ames"),
    ("The town's cabinet member for housing, Cllr Kim Ames, said the hostels were \"full\".", "kim-ames"),
    ("\"We are full,\" said Mayor Kim Ames.", "kim-ames"),
    ("\"We are full,\" Kim Ames, the town's mayor, told the BBC.", "kim-ames"),
    ("Kim Ames runs the hostel with Joe Bell. \"We are full,\" Ms Ames said.", "kim-ames"),
    ("Writing in the Kent Messenger, Kim Ames said the hostels were \"full\".", "kim-ames"),
    ("\"We are full,\" fumed Reform UK's Kim Ames.", "kim-ames"),
])
def test_speakers_introduced_by_description_title_or_membership(gazetteer, sentence, speaker):
    result = make(gazetteer, f"Deal under way\n{sentence}\n", "2025-12-01")
    assert {speaker_key(result, s.speaker) for s in result.quotes} == {speaker}


def test_dame_or_sir_with_a_first_name_is_the_person_named_in_full(gazetteer):
    text = ("Deal under way\nCharity chair Dame Clara Hope said the deal was failing. Dame Clara told the BBC: "
            "\"It has not stopped one boat.\"\n")
    result = make(gazetteer, text, "2025-12-01")
    assert quotes_of(result) == {("clara-hope", "It has not stopped one boat.")}


def test_a_role_is_the_person_the_article_names_in_it_later(gazetteer):
    text = ("Deal under way\nThe deputy prefect said the beaches were \"quieter\". Marc Delorme, the deputy prefect, "
            "later told reporters: \"We are doing our part.\"\n")
    result = make(gazetteer, text, "2025-12-01")
    assert {speaker_key(result, s.speaker) for s in result.quotes} == {"marc-delorme"}


def test_a_role_in_a_headline_is_the_person_the_article_describes_so(gazetteer):
    text = ("British envoy says deal 'will be renewed'\nThe deal will be renewed, the envoy to Paris, Tom Gale, "
            "said on Monday.\n")
    result = make(gazetteer, text, "2025-12-01")
    assert quotes_of(result) == {("tom-gale", "will be renewed")}


def test_a_place_after_a_preposition_and_a_compass_word_is_not_the_speaker(gazetteer):
    text = "Deal under way\nThe most senior official in northern France has said the deal is \"fragile\".\n"
    result = make(gazetteer, text, "2025-12-01")
    assert "france" not in {speaker_key(result, s.speaker) for s in result.quotes}


@pytest.mark.parametrize("words, expected", [
    ("Between 40 and 50 people are held at any time.", [(40, "People", "AtLeast"), (50, "People", "AtMost")]),
    ("They crossed in between 12 and 15 boats.", [(12, "Boat", "AtLeast"), (15, "Boat", "AtMost")]),
    ("Smugglers charge between £1,500 and £6,000.", [(1500, "PoundSterling", "AtLeast"), (6000, "PoundSterling", "AtMost")]),
    ("Arrivals rose by between 10 and 20 per cent.", [(10, "Percent", "AtLeast"), (20, "Percent", "AtMost")]),
])
def test_a_range_is_its_two_bounds_in_the_unit_of_the_second(words, expected):
    assert [(m.value, m.unit, m.comparator) for m in find_figures(words)] == expected


def test_a_table_row_after_a_month_is_a_figure_a_date_never_spans_a_line():
    text = "Returns by month:\nSeptember 2025: 26\nOctober 2025: 48\nNovember 2025: 79\nTotal: 153\n"
    assert [m.value for m in find_figures(text)] == [26, 48, 79, 153]
    assert find_figures("It began on 26 October.") == [] and find_figures("Since 26\nOctober 2025: 48") != []


@pytest.mark.parametrize("words", ["while thousands more keep crossing", "as hundreds crossed the Channel",
                                   "dozens more remained in Calais"])
def test_a_vague_quantity_before_a_verb_counts_people(words):
    assert [(m.value, m.unit, m.comparator) for m in find_figures(words)] == [(None, "People", "Vague")]


def test_an_interview_as_questions_and_answers_quotes_each_answer_not_the_questions(gazetteer):
    text = ("Returnee speaks\nAmina, a 30-year-old Sudanese woman, was returned in October.\n"
            "Reporter: Why did you come?\nAmina: My brother lives in Leeds.\n"
            "Reporter: Will you try again?\nAmina: Yes. There is nothing for me here.\n")
    result = make(gazetteer, text, "2025-12-01")
    assert quotes_of(result) == {("amina", "My brother lives in Leeds."), ("amina", "Yes. There is nothing for me here.")}
    assert [q for q in quotations("Note: one line.\nAmina: a caption.\n") if q.closed is False] == []


def test_a_first_person_headline_quote_is_the_person_the_lede_introduces(gazetteer):
    text = ("\"I paid everything and lost it\": a returnee's story\nYusuf, a 22-year-old Eritrean, was sent back "
            "in September.\n")
    result = make(gazetteer, text, "2025-12-01")
    assert quotes_of(result) == {("yusuf", "I paid everything and lost it")}


# ------------------------------------------------------------------ hostile read: never more than the source says

@pytest.mark.parametrize("words, value, stated", [
    ("The scheme cost £8.2m so far.", 8_200_000, "£8.2m"),
    ("France received €4.1bn from the EU.", 4_100_000_000, "€4.1bn"),
    ("Around 4.1 million people crossed.", 4_100_000, "Around 4.1 million"),
])
def test_scaled_numbers_are_exact_decimals_never_float_artefacts(gazetteer, words, value, stated):
    found = [(m.value, m.stated_as) for m in find_figures(words)]
    assert found == [(value, stated)] and str(found[0][0]) == str(value)
    graph = Graph().parse(data=extract.serialize(make(gazetteer, f"Costs\n{words}\n")), format="turtle")
    figure = next(graph.subjects(OO.statedAs, Literal(stated)))
    assert [str(v) for v in graph.objects(figure, OO.value)] == [str(value)]


@pytest.mark.parametrize("words, value, unit, stated", [
    ("About 1.5m people crossed the Channel.", 1_500_000, "People", "About 1.5m"),
    ("Some 12k migrants arrived in France.", 12_000, "People", "Some 12k"),
])
def test_a_scale_letter_right_after_a_number_scales_it_and_stays_in_stated_as(words, value, unit, stated):
    assert [(m.value, m.unit, m.stated_as) for m in find_figures(words)] == [(value, unit, stated)]


def test_a_scale_letter_with_nothing_counted_is_no_figure_rather_than_a_guess():
    assert find_figures("He ran 100m in the rain.") == []


def test_thousands_grouped_by_a_space_are_one_figure():
    for space in (" ", "\u00a0", "\u202f", "\u2009"):
        found = [(m.value, m.unit, m.stated_as) for m in find_figures(f"Officials said 41{space}000 people came.")]
        assert found == [(41000, "People", f"41{space}000")]


@pytest.mark.parametrize("words", ["Officials said 12,34 people came.", "Officials said 1,2345 people came.",
                                   "Officials said 12.345,6 people came."])
def test_an_ambiguous_digit_grouping_is_no_figure(words):
    assert find_figures(words) == []


@pytest.mark.parametrize("words, value", [("One in three migrants were returned.", "33.33"),
                                          ("A third of them were returned.", "33.33"),
                                          ("One in four migrants were returned.", "25")])
def test_a_percentage_computed_from_a_ratio_carries_a_marker_of_how_it_was_obtained(project, gazetteer, words, value):
    result = make(gazetteer, f"Returns\n{words}\n", "2025-11-01")
    graph = extract.to_graph(result)
    figure = next(f for f in graph.subjects(RDF.type, OO.Figure) if graph.value(f, OO.unit) == OO.Percent)
    assert str(graph.value(figure, OO.value)) == value
    marker = graph.value(figure, OO.inferredValue)
    assert marker is not None and (marker, RDF.type, OO.InferredValue) in graph
    assert graph.value(marker, OO.inferredProperty) == OO.value
    assert str(graph.value(marker, RDF.value)) == value
    assert graph.value(marker, OO.obtainedBy) == OO.CuratorsConvention
    assert "Computed" in str(graph.value(marker, OO.reason))
    report = extract.validate_draft(project, result).report
    assert report.conforms, report.text()


def test_a_rank_read_from_the_highest_since_a_year_carries_a_marker_of_how_it_was_obtained(project, gazetteer):
    """'the highest annual total since 2022' states no position: at best second (2022 above it) is a reading of
    'since', which the curated report 004 marks (oi:r004-inferred-rank-since-2022); the draft gave the 2 unmarked."""
    result = make(gazetteer, "Crossings\nCrossings reached 41,472 in 2025, the highest annual total since 2022.\n",
                  "2026-02-01")
    graph = extract.to_graph(result)
    (figure,) = [f for f in graph.subjects(RDF.type, OO.Figure) if graph.value(f, OO.unit) == OO.RankPosition]
    assert (graph.value(figure, OO.comparator), graph.value(figure, OO.bound)) == (OO.AtLeast, Literal(2))
    marker = graph.value(figure, OO.inferredValue)
    assert marker is not None and graph.value(marker, OO.inferredProperty) == OO.value
    assert graph.value(marker, RDF.value) == Literal(2)
    assert graph.value(marker, OO.obtainedBy) == OO.CuratorsConvention
    assert "since 2022" in str(graph.value(marker, OO.reason))
    report = extract.validate_draft(project, result).report
    assert report.conforms, report.text()


def test_a_speaker_the_statements_words_do_not_name_is_marked_with_where_the_text_names_them(project, gazetteer):
    """'She said ...' and a quotation alone name no one: the draft gave Mahmood as their speaker unmarked, where the
    curated reports mark such a speaker (oo:SameReport, with the span that names her: oos:SpeakerStatedShape)."""
    text = ("Returns\nHome Secretary Shabana Mahmood said 281 had been removed.\n"
            "She said the numbers would grow.\n‘We have sped up removals,’ she told LBC.\n")
    result = make(gazetteer, text, "2026-02-01")
    graph = extract.to_graph(result)
    marks = {}
    for statement in graph.subjects(OO.speaker, OI["shabana-mahmood"]):
        start = min(int(graph.value(span, OA.start)) for span in graph.objects(statement, OO.evidence))
        marks[text[start:start + 12]] = [
            (graph.value(m, OO.obtainedBy), graph.value(m, RDF.value),
             [str(graph.value(span, OA.exact)) for span in graph.objects(m, OO.evidence)])
            for m in graph.objects(statement, OO.inferredValue) if graph.value(m, OO.inferredProperty) == OO.speaker]
    named = "Home Secretary Shabana Mahmood said 281 had been removed."
    assert marks == {"Home Secreta": [],
                     "She said the": [(OO.SameReport, OI["shabana-mahmood"], [named])],
                     "‘We have spe": [(OO.SameReport, OI["shabana-mahmood"], [named])]}, marks
    report = extract.validate_draft(project, result).report
    assert report.conforms, report.text()


def test_an_unnamed_speaker_read_from_another_sentence_is_marked_with_the_sentence_that_writes_them(project, gazetteer):
    """"One charity worker said: '...'" then "... fifty-two people died trying to cross, she said.": the second
    statement was given to the charity worker with no marker, where a named speaker read so is marked (found by a
    hostile read): its words write no speaker, so the reading is the extractor's, with the sentence it rests on.
    (Since a later hostile read, "she" is never someone described in words that give no gender, as "one charity
    worker": tests/test_extract_hostile_read.py. A female charity worker is read, and marked, as the worker was.)"""
    text = ("Crossings\nOne female charity worker said: \"They told me to wait, which is what they always say.\"\n"
            "In 2024, fifty-two people died trying to cross, she said.\n")
    result = make(gazetteer, text, "2026-02-01")
    graph = extract.to_graph(result)
    worker = next(s for s in graph.subjects(OO.roleAsWritten, Literal("One female charity worker")))
    speaker = graph.value(worker, OO.speaker)
    marks = {}
    for statement in graph.subjects(OO.speaker, speaker):
        start = min(int(graph.value(span, OA.start)) for span in graph.objects(statement, OO.evidence))
        marks[text[start:start + 10]] = [
            (graph.value(m, OO.obtainedBy), [str(graph.value(span, OA.exact)) for span in graph.objects(m, OO.evidence)])
            for m in graph.objects(statement, OO.inferredValue) if graph.value(m, OO.inferredProperty) == OO.speaker]
    named = "One female charity worker said: \"They told me to wait, which is what they always say.\""
    assert marks == {"One female": [], "In 2024, f": [(OO.SameReport, [named])]}, marks


@pytest.mark.parametrize("words, kind", [("Sources close to the Home Secretary", OO.UnnamedGroup),
                                         ("Officials at the Home Office", OO.UnnamedGroup),
                                         ("A source close to the Home Secretary", OO.Person)])
def test_several_people_described_by_whom_they_are_close_to_are_a_group_never_one_person(gazetteer, words, kind):
    """"Sources close to the Home Secretary said ..." was drafted as one oo:Person (found by a hostile read):
    docs/extraction.md has plural words ("officials", "sources") an oo:UnnamedGroup."""
    text = f"Returns\n{words} said the total was \"closer to 450\".\n"
    graph = extract.to_graph(make(gazetteer, text, "2026-02-01"))
    (statement,) = graph.subjects(RDF.type, OO.DirectQuote)
    assert (graph.value(statement, OO.speaker), RDF.type, kind) in graph, graph.serialize(format="turtle")


@pytest.mark.parametrize("triples", [
    'oi:home-office <http://www.w3.org/2004/02/skos/core#altLabel> ""@en .',
    'oi:zz-withheld a oo:Person ; rdfs:label "(name withheld)"@en .',
])
def test_empty_or_parenthesised_labels_in_shared_data_do_not_break_extract(kg, project_copy, triples):
    shared = project_copy.root / "data" / "shared.ttl"
    shared.write_text(shared.read_text(encoding="utf-8") + f"\n{triples}\n", encoding="utf-8")
    result = kg("extract", str(FIXTURES / "bbc_style.txt"), project=project_copy)
    assert result.exit_code == 0, result.output
    assert "oo:DirectQuote" in result.stdout


@pytest.mark.parametrize("content, message", [
    ("figures: [[281, People, Exactly]\nquotes: [\n", "not valid YAML"),
    ("figures:\n  - [41472, People]\n", "figure 1"),
    ("- 1\n- 2\n", "must be a mapping"),
    ("figures: [[lots, People, Exactly]]\n", "figure 1"),
    ("quotes: [[chris-philp]]\n", "quote 1"),
    ("date: 14/10/2025\n", "date"),
])
def test_a_bad_gold_yaml_gets_a_one_line_message_naming_the_file(kg, project, tmp_path, content, message):
    shutil.copy(FIXTURES / "bbc_style.txt", tmp_path / "story.txt")
    (tmp_path / "story.yaml").write_text(content, encoding="utf-8")
    result = kg("extract", "--evaluate", str(tmp_path), project=project)
    assert result.exit_code == 2, result.output
    assert "story.yaml" in result.stderr and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_extract_refuses_to_overwrite_a_data_file_of_the_project(kg, project_copy, tmp_path):
    curated = project_copy.root / "data" / "report-004.ttl"
    before = curated.read_bytes()
    result = kg("extract", str(FIXTURES / "bbc_style.txt"), "-o", str(curated), project=project_copy)
    assert result.exit_code == 2 and "not writing there" in result.stderr and "-o" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert curated.read_bytes() == before
    elsewhere = tmp_path / "draft.ttl"
    elsewhere.write_text("old", encoding="utf-8")  # a file outside data/ is the user's to replace
    assert kg("extract", str(FIXTURES / "bbc_style.txt"), "-o", str(elsewhere), project=project_copy).exit_code == 0
    assert elsewhere.read_text(encoding="utf-8") != "old"


@pytest.mark.parametrize("given", ["0000", "0000-05"])
def test_a_curators_date_in_year_0000_is_refused_as_0000_01_01_is(given):
    """Found by a hostile sweep: --date 0000 was written into the draft as "0000"^^xsd:gYear, a year kg reads
    nowhere else (kg.core.datatypes.YEAR; a saved query's gyear parameter refuses it), while 0000-01-01 was refused."""
    from kg.core.errors import KGError
    from kg.extract.dates import parse_date_option

    with pytest.raises(KGError, match="give the report's date as YYYY-MM-DD, YYYY-MM or YYYY"):
        parse_date_option(given)
    assert parse_date_option("0001") == "0001"


@pytest.mark.parametrize("given", ["２０２５", "２０２５-１０"])
def test_a_date_in_non_ascii_digits_is_refused(kg, project_copy, tmp_path, given):
    from kg.core.errors import KGError
    from kg.extract.dates import parse_date_option

    with pytest.raises(KGError):
        parse_date_option(given)
    article = tmp_path / "story.txt"
    shutil.copy(FIXTURES / "guardian_style.txt", article)
    before = sorted(p.name for p in (project_copy.root / "data").iterdir())
    result = kg("add", str(article), "--date", given, project=project_copy)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
    assert sorted(p.name for p in (project_copy.root / "data").iterdir()) == before


SAME_CHARITY = ("Charities criticise pace of Channel returns\n"
                "The Refugee Council said the plans would leave thousands in limbo. Its chief executive, Enver "
                "Solomon, said: \u201cNearly 2,000 people are waiting for a decision.\u201d\n")


def test_a_second_add_naming_what_an_earlier_draft_declared_links_it_and_validates(kg, project_copy, tmp_path):
    """The first kg add declared the Refugee Council and Enver Solomon in its report file; a second article
    naming them was refused ("the draft does not validate": its speakers were no agents) because the draft
    was validated against data/shared.ttl alone. It is validated among all the data files, links the two,
    declares neither again, and the project validates."""
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    shutil.copy(FIXTURES / "guardian_style.txt", first)
    second.write_text(SAME_CHARITY, encoding="utf-8")
    assert kg("add", str(first), "--date", "2025-12-01", project=project_copy).exit_code == 0
    added = kg("add", str(second), "--date", "2025-12-05", project=project_copy)
    assert added.exit_code == 0, added.output
    assert "new people/organisations: none" in added.stdout, added.stdout
    written = parse_turtle(project_copy.root / re.search(r"wrote (data/report-[0-9a-f]{12}\.ttl)", added.stdout).group(1))
    for entity in (OI["refugee-council"], OI["enver-solomon"]):
        assert (None, OO.speaker, entity) in written and (None, SCHEMA.mentions, entity) in written
        assert (entity, None, None) not in written  # declared by the first draft only
    validated = kg("validate", project=project_copy)
    assert validated.exit_code == 0, validated.output


def test_add_writes_a_draft_that_brings_no_violation_though_the_data_it_names_has_one(kg, project_copy):
    """docs/extraction.md: an earlier file's own findings do not stop kg add. The Home Office, which the article
    names, given a second, malformed country in data/shared.ttl stopped it ("the draft does not validate", every
    finding in data/shared.ttl: found following README's "Adding a report" beside a report left broken); the
    draft is written, and kg add says that the data has violations of its own, which kg validate lists."""
    shared = project_copy.root / "data" / "shared.ttl"
    shared.write_text(shared.read_text(encoding="utf-8") + '\noi:home-office oo:country "UK" .\n', encoding="utf-8")
    added = kg("add", str(FIXTURES / "pa_wire.txt"), "--date", "2026-02-10", project=project_copy)
    assert added.exit_code == 0, added.output
    assert re.search(r"^wrote data/report-[0-9a-f]{12}\.ttl", added.stdout, re.M), added.stdout
    assert "have 2 violation(s) without it, which do not stop kg add: kg validate lists them" in added.stderr, added.stderr


def test_add_refuses_a_draft_with_the_findings_kg_validate_gives_it_once_written(kg, project_copy, tmp_path,
                                                                                  monkeypatch):
    """What kg add refuses a draft for is what `kg validate data/report-<id>.ttl` says of it once written, by the
    reference engine too: a finding it makes on a node of another file (an agreement an earlier file declares,
    given a second status) included."""
    from kg.extract import draft

    draft_turtle = draft.serialize
    monkeypatch.setattr(draft, "serialize", lambda result: draft_turtle(result) + (
        '\noi:uk-france-returns-agreement oo:agreementStatus "paused" .\n'))
    article = tmp_path / "story.txt"
    shutil.copy(FIXTURES / "guardian_style.txt", article)
    refused = kg("add", str(article), project=project_copy)
    assert refused.exit_code == 1 and "not written" in refused.stderr, refused.output
    name = re.search(r"(data/report-[0-9a-f]{12}\.ttl)", refused.stderr).group(1)
    findings = refused.stderr.split("with the lines named below):\n", 1)[1].strip()
    (project_copy.root / name).write_text(draft.serialize(extract.extract_file(project_copy, article)), encoding="utf-8")
    for engine in ("oxigraph", "reference"):
        validated = kg("validate", "--engine", engine, str(project_copy.root / name), project=project_copy)
        assert validated.exit_code == 1 and validated.stdout.strip() == findings, (engine, validated.output)


def test_add_refuses_a_draft_that_breaks_a_shape_and_says_where_in_the_draft(kg, project_copy, tmp_path, monkeypatch):
    """The draft is validated on the engine as kg validate would validate it in data/, before it is
    written: the finding names the focus node, the rule and the draft's own file and line."""
    from kg.extract import draft

    drafted = {}

    def with_a_broken_agreement(result):
        text = draft_turtle(result) + ('\noi:test-agreement a oo:Agreement ; rdfs:label "Test deal"@en ;\n'
                                       '    oo:party oi:united-kingdom ;\n    oo:agreementStatus "paused" .\n')
        drafted["text"] = text
        return text

    draft_turtle = draft.serialize
    monkeypatch.setattr(draft, "serialize", with_a_broken_agreement)
    article = tmp_path / "story.txt"
    shutil.copy(FIXTURES / "guardian_style.txt", article)
    before = sorted(path.name for path in (project_copy.root / "data").iterdir())
    result = kg("add", str(article), project=project_copy)
    assert result.exit_code != 0 and "the draft does not validate; not written" in result.stderr
    assert "oi:test-agreement" in result.stderr and "AgreementShape" in result.stderr
    name, line = re.search(r"(data/report-[0-9a-f]{12}\.ttl):(\d+)", result.stderr).groups()
    assert "test-agreement" in drafted["text"].splitlines()[int(line) - 1] or \
        "agreementStatus" in drafted["text"].splitlines()[int(line) - 1]
    # the lines named are in no file: the message says how to write the draft elsewhere (found following README's
    # "Adding a report": a curator looked for data/report-<id>.ttl), and that file has them at the lines named
    again = re.search(r"not written \((kg extract .*) writes it, with the lines named below\):\n", result.stderr).group(1)
    written = tmp_path / "draft.ttl"
    assert kg(*shlex.split(again.replace("-o FILE", f"-o {written}"))[1:], project=project_copy).exit_code == 0
    assert written.read_text(encoding="utf-8").splitlines()[int(line) - 1] == drafted["text"].splitlines()[int(line) - 1]
    assert sorted(path.name for path in (project_copy.root / "data").iterdir()) == before
    assert not (project_copy.root / name).exists()


# ---------------------------------------------------------------- third blind round: quotations and speakers

def test_french_guillemets_mark_a_quotation_and_its_speaker_follows(gazetteer):
    text = ("Talks in Lille\n« Nothing has been decided yet », declared Paul Marceau, the mayor of Lille, on Monday.\n"
            "« We are still talking », lamented Mr Marceau.\n« It is a scandal », denounced Lise Garnier, of the CGT union.\n")
    result = make(gazetteer, text, "2026-01-05")
    assert quotes_of(result) == {("paul-marceau", "Nothing has been decided yet"), ("paul-marceau", "We are still talking"),
                                 ("lise-garnier", "It is a scandal")}


@pytest.mark.parametrize("middle", ["Clara Moss said,", "said Clara Moss, the union's negotiator,"])
def test_a_sentence_of_quotation_broken_by_its_attribution_is_one_quotation(gazetteer, middle):
    text = f"Talks in Lille\n\"The talks were long,\" {middle} \"but they were worth it.\"\n"
    result = make(gazetteer, text, "2026-01-05")
    assert quotes_of(result) == {("clara-moss", "The talks were long, but they were worth it.")}
    assert len(result.quotes[0].spans) == 1  # both parts in one sentence: one evidence span, not the same one twice


def test_two_closed_quotations_either_side_of_a_full_stop_stay_two(gazetteer):
    text = "Talks in Lille\n\"The talks were long,\" Clara Moss said. \"They were worth it.\"\n"
    assert len(make(gazetteer, text, "2026-01-05").quotes) == 2


def test_words_set_off_after_said_colon_without_marks_are_the_speakers_quotation(gazetteer):
    text = ("Statement on returns\nImmigration Minister Jane Poole said:\n    The figures speak for themselves.\n"
            "    We will do more.\nChris Philp said:\n    This is not enough.\nBackground\n    - 12 flights left.\n")
    result = make(gazetteer, text, "2026-01-05")
    assert quotes_of(result) == {("jane-poole", "The figures speak for themselves. We will do more."),
                                 ("chris-philp", "This is not enough.")}


def test_a_parliamentary_record_quotes_each_member_by_their_label(gazetteer):
    text = ("Channel Crossings\nVolume 790: debated on Tuesday 3 March 2026\n"
            "Ann Hale (Dover North) (Lab): Will the Minister meet me?\n"
            "The Minister for Immigration (Peter Gray): I will meet her.\n"
            "Tom Reed (Ashford West) (Con): When?\nPeter Gray: Next week.\n"
            "Madam Deputy Speaker (Judith Cummins): Order.\nMr Speaker: Order, order.\n")
    result = make(gazetteer, text, "2026-03-03")
    assert quotes_of(result) == {("ann-hale", "Will the Minister meet me?"), ("peter-gray", "I will meet her."),
                                 ("tom-reed", "When?"), ("peter-gray", "Next week."), ("judith-cummins", "Order."),
                                 ("unnamed-speaker", "Order, order.")}


def test_a_first_name_alone_is_the_one_person_with_that_first_name_not_one_sharing_the_surname(gazetteer):
    text = ("Hostels under strain\nHis sister, Cllr Ruth Ames, said the hostels were \"full\".\n"
            "Her brother, Cllr Ben Ames, said they were \"empty\".\n\"We need help,\" Ruth said.\n")
    result = make(gazetteer, text, "2026-01-05")
    assert quotes_of(result) == {("ruth-ames", "full"), ("ben-ames", "empty"), ("ruth-ames", "We need help,")}


@pytest.mark.parametrize("text, expected", [
    # "the then <post>": the holder who had left the post by the report's date, not today's
    ("Looking back\nThe scheme was launched last year. The then home secretary called it \"a fresh start\".\n",
     {("yvette-cooper", "a fresh start")}),
    # a party or body written before a person's name is not the speaker
    ("Hostels under strain\nLabour councillor Amy Dale, who sits for Deal, went on to warn: \"We are full.\"\n",
     {("amy-dale", "We are full.")}),
    # a live blog's entry heading quotes the name before its colon
    ("Live: returns figures\n10:02 GMT\nPhilp: the figures are \"a joke\"\nChris Philp has reacted to the data.\n",
     {("chris-philp", "a joke")}),
])
def test_then_holders_names_after_a_party_and_entry_headings_give_the_speaker(gazetteer, text, expected):
    assert quotes_of(make(gazetteer, text, "2026-03-01")) == expected


# ---------------------------------------------------------------- third blind round: figures

@pytest.mark.parametrize("words, expected", [
    ("The rate went up by a third.", [(Decimal("33.33"), "Percent", "Exactly")]),
    ("a rise of nearly a fifth in arrivals", [(20, "Percent", "Almost")]),
    ("Arrests were a half higher than in 2024.", [(50, "Percent", "Exactly")]),
    ("Claims were a quarter lower than last spring.", [(-25, "Percent", "Exactly")]),
    ("Detentions fell by half.", [(-50, "Percent", "Exactly")]),
])
def test_a_fraction_after_by_or_a_change_noun_or_before_more_or_fewer_than_is_a_per_cent(words, expected):
    assert [(m.value, m.unit, m.comparator) for m in find_figures(words)] == expected


@given(st.sampled_from([("", "Exactly"), ("Roughly ", "Around"), ("almost ", "Almost"), ("about ", "Around")]),
       st.sampled_from([("two-thirds", Decimal("66.67")), ("two thirds", Decimal("66.67")), ("half", 50),
                        ("three-quarters", 75), ("a third", Decimal("33.33")), ("two in three", Decimal("66.67"))]),
       st.sampled_from(["were men", "was under way", "had paid smugglers", "said they would cross again"]))
def test_a_fraction_as_the_subject_of_its_clause_is_a_computed_per_cent(qualifier, fraction, rest):
    """'Roughly two-thirds were men' is around 66.67 per cent (never 'Roughly two' people), 'half were' 50."""
    (words, comparator), (written, value) = qualifier, fraction
    (figure,) = find_figures(f"Of those who crossed, {words}{written} {rest}.\n")
    assert (figure.value, figure.unit, figure.comparator) == (value, "Percent", comparator)
    assert figure.stated_as == f"{words}{written}" and figure.computed


@pytest.mark.parametrize("words", ["The second half was quieter.", "In the first half were two goals.",
                                   "Roughly two-fifths were men."])
def test_a_half_of_a_time_or_an_unread_fraction_is_no_figure(words):
    """Not 50 per cent, and never the numerator as a count ("two" people)."""
    assert find_figures(words) == []


@pytest.mark.parametrize("words, expected", [
    ("Five households were moved to Leeds.", [(5, "Count", "Exactly")]),
    ("A 120-bed unit opened at Yarl's Wood.", [(120, "Count", "Exactly")]),
    ("Boat arrivals pass 9,000 for the year", [(9000, "People", "MoreThan")]),
    ("Police seized 600-plus dinghies.", [(600, "Boat", "MoreThan")]),
    ("A 2,000-odd crowd gathered", [(2000, "People", "Around")]),
])
def test_families_and_beds_are_counts_pass_and_plus_are_more_than_odd_is_around(words, expected):
    assert [(m.value, m.unit, m.comparator) for m in find_figures(words)] == expected
    assert all(m.comparator != "MoreThan" for m in find_figures("Peers voted to pass 4 amendments."))


@pytest.mark.parametrize("words", ["09:15 BST", "Updated at 21.05 GMT", "Most were women over 30.",
                                   "boys under 16 were held", "At 08:45, officials met.",
                                   "Half as many were flown out.", "Twice as many were flown out.",
                                   "Live updates\n3 hours ago\nThe minister spoke.", "Share\n48 comments", "4 min read",
                                   "LILLE, 3 mars (AFP) - La France", "Page 2 of 5", "Listen to this article 6 min"])
def test_clock_times_age_bounds_bare_ratios_and_page_furniture_are_not_figures(words):
    assert find_figures(words) == []


@pytest.mark.parametrize("words, expected", [
    ("Almost a quarter of a million people have crossed.", [(250000, "People", "Almost")]),
    ("The bill is half a billion pounds.", [(500000000, "PoundSterling", "Exactly")]),
    ("They face a one-in-five chance of removal.", [(20, "Percent", "Exactly")]),
])
def test_a_fraction_of_a_million_is_a_number_and_a_hyphenated_ratio_is_a_per_cent(words, expected):
    assert [(m.value, m.unit, m.comparator) for m in find_figures(words)] == expected


def test_a_ledes_description_is_the_person_the_next_sentence_introduces_and_the_headline_follows(gazetteer):
    text = ("Port chief warns harbour 'is at capacity'\n"
            "The chief executive of Dover Harbour Board has warned that the port \"is at capacity\" this summer.\n"
            "Dr Lena Fry said crews had been working double shifts since May.\n")
    result = make(gazetteer, text, "2026-05-01")
    assert quotes_of(result) == {("lena-fry", "is at capacity")}
    assert len(result.quotes) == 2


def test_a_ledes_anonymous_source_stays_anonymous_when_the_next_sentence_names_someone_else_before(gazetteer):
    text = ("Returns row\nA Home Office source said the plan was \"dead\".\n"
            "Chris Philp said the plan had never been alive.\n")
    result = make(gazetteer, text, "2026-05-01")
    assert quotes_of(result) == {("unnamed-home-office-source", "dead")}


@pytest.mark.parametrize("sentence, speaker", [
    ("Critics say the Tories never delivered their pledge to \"stop the boats in a fortnight\".", "conservative-party"),
    ("Few now believe Jenny Cole's promise of \"a fair and fast system\".", "jenny-cole"),
])
def test_a_quoted_promise_is_the_words_of_whose_promise_it_is(gazetteer, sentence, speaker):
    text = f"Promises\nJenny Cole, the party's home affairs lead, said little on Monday.\n{sentence}\n"
    result = make(gazetteer, text, "2026-02-01")
    assert [speaker_key(result, s.speaker) for s in result.quotes] == [speaker]


@pytest.mark.parametrize("text, expected", [
    ("Returns\nThe Home Office confirmed the flight. A spokeswoman said: \"More will follow.\"\n",
     "home-office-spokesperson"),
    ("Returns\nSafe Harbour Trust criticised the flight. A spokesman added: \"It was cruel.\"\n",
     "unnamed-safe-harbour-trust-spokesperson"),
])
def test_a_bare_spokesperson_speaks_for_the_body_named_just_before(gazetteer, text, expected):
    result = make(gazetteer, text, "2026-02-01")
    assert [speaker_key(result, s.speaker) for s in result.quotes] == [expected]


@pytest.mark.parametrize("text, words", [
    ("Headline\n\n" + "Around 300 crossed on Monday, the minister said. " * 3100, "more than a news report's 150,000"),
    ("Headline\n\n" + "more than 1,200 people crossed and the minister said it was fine and " * 150,
     ":3: 10,350 characters with no full stop"),
])
def test_a_text_no_report_holds_is_refused_at_once_not_drafted_for_minutes(tmp_path, text, words):
    """Found by an audit: a 3 MB text ran for over 15 minutes with no message, and one 700 KB sentence
    never finished (drafting time grows faster than the text). Refused before anything is drafted."""
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(KGError, match=re.escape(words)):
        extract.read_article(path)
    assert time.monotonic() - started < 1
    path.write_text(text[:9_000].rsplit(" ", 1)[0] + ".", encoding="utf-8")
    assert extract.read_article(path)


def test_a_file_far_larger_than_a_report_is_refused_before_it_is_read(tmp_path):
    """A 2 GB file took 28 s and 4 GB of memory to refuse (read whole, then measured): kg extract and kg add
    read no further than a report can be long, and a path that is no file is not "no such file"."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as huge:
        huge.truncate(2 << 30)  # (sparse: nothing written)
    started = time.monotonic()
    with pytest.raises(KGError, match=re.escape("2,147,483,648 bytes, more than a news report's 150,000 characters")):
        extract.read_article(path)
    assert time.monotonic() - started < 1
    with pytest.raises(KGError, match="/dev/null: not a file"):
        extract.read_article(Path("/dev/null"))


@pytest.mark.parametrize("text", ["135 people have arrived in the UK through the legal route, officials said.",
                                  "Some 40 migrants came in via the safe route last month."])
def test_a_count_by_the_legal_route_is_admissions_from_france_whatever_word_is_nearer(text):
    """Found by an audit: "135 people have arrived in the UK through the legal route" was guessed as
    small-boat arrivals ("arrived" stood nearer the number), which kg discrepancies would set against the
    Channel crossings."""
    mention = find_figures(text)[0]
    assert guess_indicator(text, mention, (0, len(text))) == "ind-admitted-from-france"


def test_the_legal_route_decides_only_the_count_it_follows():
    """Report 004: "around 350 ... brought to the UK from France through the scheme's approved legal route,
    compared with the 281 who had been removed to France": the 281 stays a return to France."""
    text = ("around 350 people had been brought to the UK from France through the scheme's approved legal route, "
            "compared with the 281 who had been removed to France.")
    admitted, returned = find_figures(text)[:2]
    assert guess_indicator(text, admitted, (0, len(text))) == "ind-admitted-from-france"
    assert guess_indicator(text, returned, (0, len(text))) == "ind-returned-to-france"


@pytest.mark.parametrize("words", [
    "The number of arrivals has been growing every month.", "Every week we hear of another hotel.",
    "The numbers are now climbing every week.", "Thousands are arriving every week and Labour are sending back a handful.",
    "Numbers have doubled in a month.", "Returns per week remain low.", "Each week, the number of people returned rises.",
    "Boats leave every day from the beaches.", "A year ago, the camp was cleared.", "He is one of the men.",
    "The one in, one out deal is failing.", "Boats cross twice a week.",
])
def test_a_frequency_or_period_word_is_no_count(words):
    """'growing every month' was a figure of one month: how often something happens is not a quantity."""
    assert [(f.stated_as, f.unit) for f in find_figures(words) if f.value is not None] == []


@pytest.mark.parametrize("words, expected", [
    ("We are removing people every week.", ("every week", 1, "Week", "Exactly")),
    ("We are sending people back every week now.", ("every week", 1, "Week", "Exactly")),
    ("Migrants are returned once a week.", ("once a week", 1, "Week", "Exactly")),
    ("It would deport everyone who arrived illegally within a week.", ("within a week", 1, "Week", "AtMost")),
])
def test_every_week_after_a_return_verb_is_the_return_interval_or_its_deadline(words, expected):
    """What the shared indicator ind-return-interval (and the removal deadline) records stays a figure."""
    assert [(f.stated_as, f.value, f.unit, f.comparator) for f in find_figures(words)] == [expected]


@pytest.mark.parametrize("words, expected", [
    ("350 or so people have come in.", ("350 or so", "Around")),
    ("350 people or so have come in.", ("350 people or so", "Around")),
    ("350 or thereabouts came in.", ("350 or thereabouts", "Around")),
    ("281 at most have been returned.", ("281 at most", "AtMost")),
    ("281 people, at most, were returned.", ("281 people, at most", "AtMost")),
    ("281 or fewer were returned.", ("281 or fewer", "AtMost")),
    ("350 at least came in.", ("350 at least", "AtLeast")),
    ("350 people or more came.", ("350 people or more", "AtLeast")),
    ("About 350 or so came in.", ("About 350 or so", "Around")),
    ("Some 300 more are expected.", ("Some 300 more", "Around")),
])
def test_a_qualifier_after_the_number_sets_the_comparator(words, expected):
    """'350 or so' and '281 at most' were exact figures: a qualifier after the number is read as one before it."""
    assert [(f.stated_as, f.comparator) for f in find_figures(words)] == [expected]


@pytest.mark.parametrize("words, expected", [
    ("Up to 300 or so came.", []),  # two qualifiers that disagree: no bound to draft, no guess
    ("281 people, at least one of whom was a child, were returned.", [("281", "Exactly")]),
    ("He returned 281 at least twice.", [("281", "Exactly")]),
    ("281 were returned, at least according to officials.", [("281", "Exactly")]),
])
def test_a_qualifier_of_what_follows_is_not_the_numbers(words, expected):
    assert [(f.stated_as, f.comparator) for f in find_figures(words)] == expected


@pytest.mark.parametrize("words, value, period", [
    ("Up to 50 people could be returned to France each week.", 50, "each week"),
    ("About 800 people are crossing the Channel every week.", 800, "every week"),
    ("France will receive £15m from Britain each year.", 15000000, "each year"),
    ("The scheme returns 50 people to France a week.", 50, "a week"),
])
def test_a_period_later_in_the_figures_clause_makes_it_a_rate_not_a_total(words, value, period):
    """'Up to 50 people could be returned to France each week' was 50 in all, a returned-to-France total."""
    (figure,) = [f for f in find_figures(words) if f.unit not in ("Week", "Month")]
    assert (figure.value, figure.period) == (value, period) and figure.stated_as.endswith(period)


@pytest.mark.parametrize("words", [
    "281 people were returned in a week.", "350 people came in a year ago.", "50 people were returned once a week.",
    "281 people returned, and flights leave every week.", "350 people have come in since the deal began in August.",
    "350 people were admitted, 40 of them every week.",
])
def test_a_period_that_is_no_rate_of_the_figure_leaves_it_a_count_without_a_period(words):
    """A span ('in a week'), a time ('a year ago'), another thing's frequency or a start ('since August') is
    not the figure's period: the count is drafted without one, never with a guessed one."""
    first = find_figures(words)[0]
    assert first.period == "" and first.value in (281, 350, 50)


@pytest.mark.parametrize("words", [
    "Of the 281 people returned, half were under 18.", "Most were under 18.", "Half were aged under 18.",
    "All of them were over 65.", "The children were under 10.", "Children 16 and under were housed.",
    "Two-thirds were under 25, the report found.", "More than 40 per cent were under 18.",
])
def test_an_age_bound_after_a_share_or_people_is_no_count(words):
    """'half were under 18' drafted 18 people (fewer than): the age of a share of an unstated group is no count;
    the share itself stays what the rules made it (a per cent), the 281 a count."""
    assert [f.stated_as for f in find_figures(words) if f.unit == "People" and f.value != 281] == []


@pytest.mark.parametrize("words, value", [
    ("Arrivals were under 100 in January.", 100), ("Crossings were below 100 last week.", 100),
    ("Numbers were under 50 on Monday.", 50), ("The total was over 40,000.", 40000),
])
def test_a_bound_on_a_flow_stays_a_count(words, value):
    assert [(f.value, f.unit) for f in find_figures(words)] == [(value, "People")]


@pytest.mark.parametrize("words", ["Up to half could be sent back.", "Half were women, up from a third last year.",
                                   "A third of them were women, higher than before."])
def test_a_share_of_a_group_is_never_guessed_a_change_in_arrivals(gazetteer, words):
    """'Up to half' was guessed the percentage change in small-boat arrivals (from the 'up' of its qualifier)."""
    result = make(gazetteer, "Returns\n\n" + words + "\n")
    assert [(f.mention.unit, f.indicator) for f in result.figures][:1] == [("Percent", None)]


def _voices(gazetteer, sentence: str) -> dict:
    result = make(gazetteer, "Migrant deal under fire\n\n" + sentence + "\n")
    return {f.mention.stated_as: (f.voice.label if f.voice else "report") for f in result.figures
            if f.mention.value is not None}


@pytest.mark.parametrize("sentence", [
    "Chris Philp said the scheme had “failed”, adding that 41,000 people crossed last year.",
    "Chris Philp called the scheme “a gimmick”, saying that 41,000 people crossed last year.",
    "Chris Philp called the scheme “a gimmick”, noting that 41,000 people crossed last year.",
    "Chris Philp called the scheme “a gimmick”, adding: 41,000 people crossed last year.",
    "Chris Philp called the scheme “a gimmick”, insisting 41,000 people crossed last year.",
    "Chris Philp called the scheme “a gimmick” and said 41,000 people crossed last year.",
    "“It is a gimmick,” Chris Philp said, adding that 41,000 people crossed last year.",
    "“It is a gimmick,” said Chris Philp, adding that 41,000 people crossed last year.",
])
def test_a_clause_adding_that_after_a_quotation_is_the_same_speakers_reported_speech(gazetteer, sentence):
    """'Philp said …, adding that 41,000 people crossed' put the 41,000 in the report's voice: reported speech
    beside a quotation is its speaker's, drafted as a reported statement that mentions the figure."""
    assert _voices(gazetteer, sentence) == {"41,000": "Chris Philp"}
    result = make(gazetteer, "Migrant deal under fire\n\n" + sentence + "\n")
    (reported,) = [s for s in result.statements if not s.parts]
    assert reported.speaker.label == "Chris Philp" and reported.figures == [result.figures[0].iri]


@pytest.mark.parametrize("sentence, voices", [
    ("Shabana Mahmood said the numbers were ‘relatively small at 281’.", {"281": "Shabana Mahmood"}),
    ("Shabana Mahmood said the numbers were ‘relatively small’ at 281.", {"281": "Shabana Mahmood"}),
    ("The 281 returns were ‘relatively small’, Shabana Mahmood said.", {"281": "Shabana Mahmood"}),
    ("Shabana Mahmood told LBC that around 350 people had been “brought to the UK”.", {"around 350": "Shabana Mahmood"}),
    ("Chris Philp called the scheme “a gimmick”, while 41,000 people crossed last year.", {"41,000": "report"}),
    ("Chris Philp called the scheme “a gimmick”, and 41,000 people crossed last year.", {"41,000": "report"}),
    ("Chris Philp called the scheme “a gimmick”. Some 41,000 people crossed last year.", {"Some 41,000": "report"}),
    ("“We will act,” Shabana Mahmood said in a speech to 300 delegates.", {"300": "report"}),
    ("Shabana Mahmood said in a speech to 300 delegates that returns were “rising”.", {"300": "report"}),
    ("Shabana Mahmood said the deal was “a start” as crossings topped 25,000.", {"topped 25,000": "report"}),
    ("Shabana Mahmood said the deal was “a start”, pointing to figures showing 2,000 crossed.", {"2,000": "report"}),
])
def test_a_figures_voice_follows_the_quote_marks_and_reported_speech_never_the_sentence(gazetteer, sentence, voices):
    """Inside the quotation the speaker's; outside it the report's, unless a speech verb reports it; the
    report's own clause after a break (', while', ', and', ' as', a participle) stays the report's."""
    assert _voices(gazetteer, sentence) == voices


@pytest.mark.parametrize("sentence, voices", [
    ("The UK has returned 281 migrants under the ‘pilot’, the Home Secretary, Shabana Mahmood, has said.",
     {"281": "Shabana Mahmood"}),
    ("Shabana Mahmood said 281 migrants (of 41,000 arrivals) had been “returned” so far.",
     {"281": "Shabana Mahmood", "41,000": "report"}),
])
def test_words_before_a_closing_attribution_are_its_speakers_and_a_bracketed_aside_the_reports(gazetteer, sentence,
                                                                                               voices):
    assert _voices(gazetteer, sentence) == voices


@pytest.mark.parametrize("words", ["Between 300 and 400 or so people crossed.", "Some 300 to 400 or so people crossed."])
def test_a_qualifier_after_a_ranges_second_number_leaves_the_range_its_two_bounds(words):
    assert [(f.value, f.comparator) for f in find_figures(words)] == [(300, "AtLeast"), (400, "AtMost")]



def test_a_platform_is_known_as_a_venue_never_as_a_speaker(gazetteer):
    """X is an oo:OnlinePlatform, no longer an organisation: the gazetteer still knows it (a draft's venues are
    broadcasters and platforms), as a platform, which cannot speak; a broadcaster stays a venue."""
    x = gazetteer.entities[OI["x-platform"]]
    assert x.kind == "platform"
    result = make(gazetteer, "“The deal is working,” the Home Secretary told LBC on Monday.\n")
    assert [_local(v) for s in result.statements for v in s.venues] == ["lbc"]


def test_an_unnamed_group_is_drafted_as_a_group_never_a_person(gazetteer):
    """'Officials have stressed ...' names several people: the draft's speaker is an oo:UnnamedGroup, which is
    not an oo:Person (schema:Person, prov:Person: one human being); one unnamed official stays a person."""
    result = make(gazetteer, "Talks go on\nOfficials have stressed that “the deal is working”.\n"
                             "“It is early days,” said a senior Home Office official.\n")
    graph = extract.to_graph(result)
    speakers = {s.speaker.iri for s in result.statements if s.speaker is not None}
    groups = {s for s in speakers if (s, RDF.type, OO.UnnamedGroup) in graph}
    people = {s for s in speakers if (s, RDF.type, OO.Person) in graph}
    assert [_local(s) for s in groups] == [f"unnamed-officials-{result.id}"] and not groups & people
    assert len(people) == 1


# ------------------------------------------------------------------ venues stated with their verb (generated)

VENUE_SPEAKERS = [("Opposition leader Ms Badenoch", "kemi-badenoch"), ("Chris Philp", "chris-philp"),
                  ("Tory leader Kemi Badenoch", "kemi-badenoch"), ("Mr Philp", "chris-philp")]
VENUES = [("X", "x-platform"), ("LBC", "lbc"), ("Times Radio", "times-radio"), ("the BBC", "bbc")]
QUOTE_WORDS = ["the", "deal", "is", "failing", "Labour", "has", "lost", "control", "of", "our", "borders", "again"]


def _venues_by_speaker(gazetteer, text: str) -> dict:
    result = make(gazetteer, text)
    out: dict = {}
    for s in result.statements:
        if s.speaker is not None:
            out.setdefault(_local(s.speaker.iri), []).extend(_local(v) for v in s.venues)
    return out


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(VENUE_SPEAKERS), st.sampled_from(["said on", "wrote on", "posted on", "told", "tweeted on"]),
       st.sampled_from(VENUES), st.sampled_from(["", ", formerly Twitter", " on Tuesday", " last night"]),
       st.lists(st.sampled_from(QUOTE_WORDS), min_size=3, max_size=8))
def test_a_venue_the_sentence_states_with_its_verb_is_the_statements_venue(gazetteer, speaker, verb, venue, tail,
                                                                            words):
    """Regression: "Opposition leader Ms Badenoch said on X, formerly Twitter: ‘...’" (report 000) drafted no
    venue, where the curated data has oo:venue oi:x-platform: the platform's name "X" is a letter, which the
    gazetteer (finding names anywhere in a text) leaves out. A venue stated with the verb that gives the words
    there ("said on", "wrote on", "posted on" a platform, "told" an outlet) is now the statement's, as the
    curated data models it (the platform's or broadcaster's IRI in data/shared.ttl)."""
    (who, iri), (name, venue_iri) = speaker, venue
    text = f"{who} {verb} {name}{tail}: \u2018{' '.join(words).capitalize()}.\u2019\n"
    assert _venues_by_speaker(gazetteer, text) == {iri: [venue_iri]}, text


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(VENUE_SPEAKERS), st.sampled_from([
    "{who} said on Tuesday: \u2018{words}.\u2019",
    "{who} said on Tuesday morning that \u2018{words}\u2019.",
    "{who} said on {name}'s behalf: \u2018{words}.\u2019",
    "{who} said on {name}\u2019s behalf: \u2018{words}.\u2019",
    "{who} said: \u2018I told {name} that {words}.\u2019",
    "{who} said: \u2018I posted on {name} that {words}.\u2019",
    "{who} said the X-ray showed it: \u2018{words}.\u2019",
    "{who} said on behalf of the party: \u2018{words}.\u2019",
    "A letter was shared with {name}. {who} said: \u2018{words}.\u2019",
]), st.sampled_from(VENUES), st.lists(st.sampled_from(QUOTE_WORDS), min_size=3, max_size=8))
def test_no_venue_is_drafted_where_the_sentence_states_none(gazetteer, speaker, template, venue, words):
    """"said on Tuesday", "on X's behalf", "I told LBC" inside the quotation (where the speaker once spoke,
    not where these words were given), a venue in another sentence: no oo:venue is drafted."""
    text = template.format(who=speaker[0], name=venue[0], words=" ".join(words).capitalize()) + "\n"
    found = _venues_by_speaker(gazetteer, text)
    assert found and all(v == [] for v in found.values()), (text, found)


# ------------------------------------------------------------------ who is named: one person per surname, organisations

def _added(kg, project_copy, tmp_path, name: str) -> tuple[Graph, str]:
    """`kg add` of a fixture on its gold date: the Turtle it wrote and the summary it printed."""
    article = tmp_path / f"{name}.txt"
    shutil.copy(FIXTURES / f"{name}.txt", article)
    result = kg("add", str(article), "--date", str(gold(name)["date"]), project=project_copy)
    assert result.exit_code == 0, result.output
    written = re.search(r"wrote (data/report-[0-9a-f]{12}\.ttl)", result.stdout).group(1)
    return parse_turtle(project_copy.root / written), result.stdout


def _speakers(graph: Graph) -> dict:
    """Each drafted speaker's local name -> how many statements are theirs."""
    counts: dict = {}
    for speaker in graph.objects(None, OO.speaker):
        counts[_local(speaker)] = counts.get(_local(speaker), 0) + 1
    return counts


def test_a_title_and_surname_or_a_surname_after_a_full_name_is_that_person_never_a_second_one(kg, project_copy, tmp_path):
    """"Mr Solomon", "Solomon said", "Mr Nunez" after "Laurent Nuñez", "Ms Cooper" after "Nadia Cooper" (not
    the Yvette Cooper the project knows), "the Home Secretary" after "Priya Rahman was appointed Home
    Secretary": one person each, in the Turtle and in the summary kg add prints."""
    graph, printed = _added(kg, project_copy, tmp_path, "surname_references")
    people = {_local(p) for p in graph.subjects(RDF.type, OO.Person)}
    assert people == {"enver-solomon", "laurent-nunez", "nadia-cooper", "priya-rahman"}
    assert _speakers(graph) == {"enver-solomon": 3, "laurent-nunez": 2, "nadia-cooper": 2, "priya-rahman": 1,
                                "refugee-council": 1}
    report = next(graph.subjects(RDF.type, OO.Report))
    assert OI["yvette-cooper"] not in set(graph.objects(report, SCHEMA.mentions))
    assert "new people/organisations: Refugee Council, Enver Solomon, Priya Rahman, Laurent Nuñez, Nadia Cooper\n" \
        in printed
    assert "speakers:             Enver Solomon, Laurent Nuñez, Nadia Cooper, Priya Rahman, Refugee Council\n" in printed
    assert "quotes that need a speaker: 0" in printed and "two people" not in printed


def test_a_surname_two_people_of_the_text_share_is_not_guessed_and_the_summary_says_so(kg, project_copy, tmp_path):
    """"Cllr Shah said" after Cllr Amira Shah and Cllr Leila Shah, and the "she" after it: unresolved speakers
    with both sisters as candidates, never the first one named."""
    graph, printed = _added(kg, project_copy, tmp_path, "shared_surnames")
    assert {_local(p) for p in graph.subjects(RDF.type, OO.Person)} == {"amira-shah", "leila-shah"}
    placeholders = set(graph.subjects(RDF.type, OO.UnresolvedSpeaker))
    assert len(placeholders) == 2
    for placeholder in placeholders:
        assert {_local(c) for c in graph.objects(placeholder, OO.candidateSpeaker)} >= {"amira-shah", "leila-shah"}
    assert _speakers(graph) == {"amira-shah": 1, "leila-shah": 1} | {_local(p): 1 for p in placeholders}
    assert "quotes that need a speaker: 2" in printed
    assert "a surname the text gives two people, left unresolved: ‘Cllr Shah’ at 245 (Amira Shah or Leila Shah)" \
        in printed


def test_a_speaker_whose_head_is_an_organisation_noun_is_that_organisation_named_in_full(kg, project_copy, tmp_path):
    """"The Refugee Council of Britain said" is the organisation of that name, not a person "Council"; "X of
    <organisation> said" is the person X; "<organisation>'s director said" a person described by the role."""
    graph, printed = _added(kg, project_copy, tmp_path, "organisation_heads")
    organisations = {_local(o): str(graph.value(o, RDFS.label)) for o in graph.subjects(RDF.type, OO.Organisation)}
    assert organisations == {"refugee-council-of-britain": "Refugee Council of Britain",
                             "union-of-students": "Union of Students",
                             "green-party-of-england-and-wales": "Green Party of England and Wales"}
    people = {_local(p) for p in graph.subjects(RDF.type, OO.Person)}
    assert {p.rsplit("-", 1)[0] if p.startswith("unnamed-") else p for p in people} == \
        {"anna-field", "unnamed-refugee-council-of-britain-s-director"}
    assert set(_speakers(graph)) == set(organisations) | people
    assert "new people/organisations: Refugee Council of Britain, Union of Students, Green Party of England and " \
           "Wales, Anna Field\n" in printed
    assert "speakers described only by a role: the Refugee Council of Britain's director" in printed


# ------------------------------------------------------------------ names: organisation words inside words, inner capitals, particles

def spoken_by(gazetteer, text: str) -> list[tuple[str, str]]:
    """(label, kind) of each drafted quote's speaker, in the text's order."""
    result = make(gazetteer, text, "2026-01-05")
    return [(q.speaker.label, q.speaker.kind) for q in sorted(result.quotes, key=lambda q: q.start)]


@pytest.mark.parametrize("text, speaker", [
    ('"We are full," Lawrence Dallaglio said.', "Lawrence Dallaglio"),  # "Law" inside "Lawrence"
    ('Courtney Smith said: "We are full."', "Courtney Smith"),  # "Court"
    ('Ann Courtney said: "We are full."', "Ann Courtney"),
    ('Trustram Eve said: "We are full."', "Trustram Eve"),  # "Trust"
    ('Speaking on Monday, Lawrence Dallaglio said: "We are full."', "Lawrence Dallaglio"),
    ('Ruth Lawson of the Refugee Council said: "We are full."', "Ruth Lawson"),  # not "Ruth Lawson of the Refugee Council"
    # an organisation word that is also a surname, after a first name: the person
    ('Jude Law said: "We are full."', "Jude Law"),
    ('"We are full," Margaret Court said.', "Margaret Court"),
])
def test_a_person_whose_name_holds_an_organisation_word_inside_a_word_or_as_a_surname_is_a_person(gazetteer, text, speaker):
    assert spoken_by(gazetteer, f"Hostels\n{text}\n") == [(speaker, "person")]


@pytest.mark.parametrize("text, organisation", [
    ('The Refugee Council said: "We are full."', "Refugee Council"),
    ('Bindmans Law said: "We are full."', "Bindmans Law"),  # a firm: its first word is no first name
    ('Duncan Lewis Law said: "We are full."', "Duncan Lewis Law"),  # a firm named after a person
    ('The Courtney Trust said: "We are full."', "Courtney Trust"),
    ('The Lawrence Union said: "We are full."', "Lawrence Union"),
])
def test_an_organisation_named_with_a_whole_organisation_word_stays_an_organisation(gazetteer, text, organisation):
    assert spoken_by(gazetteer, f"Hostels\n{text}\n") == [(organisation, "organisation")]


def test_a_role_word_that_holds_an_organisation_kind_inside_it_is_a_person(gazetteer):
    """"the councillor" holds "council" but is a person's role, as "the council" is not."""
    text = "Hostels\nThe councillor disagreed. The council did not.\n"
    mentions = find_mentions(text, gazetteer, "r-test", {})
    roles = {m.word: m.is_person for m in mentions if m.kind == "role"}
    assert roles == {"councillor": True, "council": False}


NAMES_WITH_PARTS = [  # (the name in full, how the article refers back to it)
    ("Siobhan O'Brien", "Ms O'Brien"),
    ("Siobhan O’Brien", "Ms O’Brien"),
    ("Siobhan O'Brien", "Ms O’Brien"),  # the apostrophe written otherwise the second time
    ("Ciarán McDonagh", "Mr McDonagh"),
    ("Fiona MacLeod", "Ms MacLeod"),
    ("Priya D'Souza", "Ms D'Souza"),
    ("Jean-Noël Barrot", "Mr Barrot"),
    ("Ursula von der Leyen", "Ms von der Leyen"),
    ("Charles de Gaulle", "Mr de Gaulle"),
    ("Hans van der Berg", "Mr van der Berg"),
]


@pytest.mark.parametrize("name, again", NAMES_WITH_PARTS)
def test_a_name_with_an_inner_capital_apostrophe_hyphen_or_particle_is_the_speaker_and_its_surname_is_the_same_person(
        gazetteer, name, again):
    text = f'Hostels\n"We are full," said {name}, a volunteer. "No room," {again} added.\n'
    assert spoken_by(gazetteer, text) == [(name, "person"), (name, "person")]
    text = f'Hostels\n{name} said: "We are full."\nBut {again.split(" ", 1)[1]} said: "No room."\n'
    assert spoken_by(gazetteer, text) == [(name, "person"), (name, "person")]


GIVEN_NAMES = ["Siobhan", "Ciarán", "Zoë", "Hélène", "Élodie", "José", "Jean-Noël", "Anne-Marie", "Ursula", "Tom"]
FAMILY_NAMES = st.one_of(
    st.sampled_from(["Smith", "Nuñez", "Hédon", "Dallaglio"]),
    st.builds("{}{}".format, st.sampled_from(["Mc", "Mac", "O'", "O’", "D'", "D’"]),
              st.sampled_from(["Donagh", "Leod", "Brien", "Souza", "Neill"])),
    st.builds("{} {}".format, st.sampled_from(["von", "von der", "de", "de la", "van", "van der"]),
              st.sampled_from(["Leyen", "Gaulle", "Berg", "Villepin"])),
    st.builds("{}-{}".format, st.sampled_from(["Smith", "Hédon", "Okafor"]), st.sampled_from(["Jones", "Roux", "McKay"])),
)
SPEAKER_FRAMES = ['"We are full," said {}, a volunteer.', '{} said: "We are full."', '"We are full," {} said.']


@settings(max_examples=80, deadline=None)
@given(given_name=st.sampled_from(GIVEN_NAMES), family=FAMILY_NAMES, frame=st.sampled_from(SPEAKER_FRAMES))
def test_a_person_named_from_any_parts_is_drafted_as_the_speaker_with_exactly_that_name(gazetteer, given_name, family, frame):
    name = f"{given_name} {family}"
    assert spoken_by(gazetteer, "Hostels\n" + frame.format(name) + "\n") == [(name, "person")]


PLAIN_FRAMES = ['{} said: "We are full."', '"We are full," said {}.', '"We are full," {} said.']  # no apposition
PERSON_NOUNS = ["Teacher", "Nurse", "Farmer", "Pensioner", "Headteacher", "Student", "Grandmother", "Vicar"]
FULL_NAMES = st.builds("{} {}".format, st.sampled_from(["Amy", "Tom", "Jean-Luc", "Siobhan", "Will", "Grace"]),
                       st.sampled_from(["Dale", "Reed", "O'Brien", "de la Cruz"]))


@settings(max_examples=60, deadline=None)
@given(noun=st.sampled_from(PERSON_NOUNS), name=FULL_NAMES, frame=st.sampled_from(PLAIN_FRAMES))
@example(noun="Teacher", name="Amy Dale", frame='{} said: "We are full."')  # "Teacher Amy Dale": failed before
def test_a_capitalised_person_noun_before_a_full_name_is_the_role_not_part_of_the_name(gazetteer, noun, name, frame):
    result = make(gazetteer, "Hostels\n" + frame.format(f"{noun} {name}") + "\n", "2026-01-05")
    assert [(q.speaker.label, q.role) for q in result.quotes] == [(name, noun.lower())]


@pytest.mark.parametrize("text, speaker, role", [
    ('Police Sergeant Amy Dale said: "We are full."', "Amy Dale", "Police Sergeant"),  # a rank: kept as written
    ('Will Reed said: "We are full."', "Will Reed", ""),  # first names that are also words stay names
    ('Grace Amy Dale said: "We are full."', "Grace Amy Dale", ""),
    ('Local teacher Amy Dale said: "We are full."', "Amy Dale", "Local teacher"),
])
def test_a_first_name_or_rank_before_a_name_is_not_read_as_a_person_noun(gazetteer, text, speaker, role):
    result = make(gazetteer, f"Hostels\n{text}\n", "2026-01-05")
    assert [(q.speaker.label, q.role) for q in result.quotes] == [(speaker, role)]


@settings(max_examples=40, deadline=None)
@given(names=st.lists(st.sampled_from(["Tom Reed", "Amy Dale", "Jo Barker", "Yvette Cooper", "Siobhan O'Brien"]),
                      min_size=2, max_size=3, unique=True),
       frame=st.sampled_from(PLAIN_FRAMES), ampersand=st.booleans())
@example(names=["Tom Reed", "Amy Dale"], frame='"We are full," said {}.', ampersand=False)  # gave it to Tom Reed
def test_words_two_or_more_people_said_together_have_an_unresolved_speaker_naming_each(gazetteer, names, frame, ampersand):
    joined = ", ".join(names[:-1]) + (" & " if ampersand else " and ") + names[-1]
    result = make(gazetteer, "Hostels\n" + frame.format(joined) + "\n", "2026-01-05")
    [quote] = result.quotes
    assert quote.speaker.kind == "unresolved"
    assert quote.speaker.candidates == names
    assert [e.label for e in quote.speaker.candidate_entities] == names


@pytest.mark.parametrize("subject, candidates", [
    ("The Home Office and Care4Calais", ["The Home Office", "Care4Calais"]),
    ("Care4Calais and the Home Office", ["Care4Calais", "the Home Office"]),  # a name the rules do not know first
])
def test_words_said_together_with_a_name_the_rules_do_not_know_name_each_and_go_to_neither(gazetteer, subject,
                                                                                          candidates):
    result = make(gazetteer, f'Hostels\n{subject} said: "We are full."\n'
                             "Tom Reed and Amy Dale said the camp was full.\n", "2026-01-05")
    [quote] = result.quotes
    assert quote.speaker.kind == "unresolved" and quote.speaker.candidates == candidates
    assert [s for s in result.statements if s not in result.quotes] == []  # reported: no one speaker to give it


HYPHENATED = {"Anne-Marie": "she", "Marie-Claire": "she", "Marie-Pierre": "she", "Jean-Luc": "he", "Jean-Marie": "he",
              "Pierre-Henri": "he"}


@settings(max_examples=30, deadline=None)
@given(first=st.sampled_from(sorted(HYPHENATED)), family=st.sampled_from(["Reed", "Roux", "Dale"]),
       same=st.booleans())
@example(first="Jean-Luc", family="Reed", same=False)  # "She added" went to Jean-Luc Reed: failed before
def test_a_hyphenated_first_name_has_the_gender_of_its_first_part_for_a_pronoun(gazetteer, first, family, same):
    pronoun = HYPHENATED[first] if same else {"he": "she", "she": "he"}[HYPHENATED[first]]
    name = f"{first} {family}"
    text = f'Hostels\nAmy Dale runs the camp. {name} said: "We are full." {pronoun.title()} added: "No room."\n'
    expected = (name, "person") if same else ("?", "unresolved")
    assert [(s[0] if s[1] != "unresolved" else "?", s[1]) for s in spoken_by(gazetteer, text)] == [(name, "person"), expected]


ORGANISATION_WORDS = ["Courtney", "Lawrence", "Dover", "Harbour", "Unionist", "Northern", "Trusted", "Officers"]
# every organisation word, those that are also group nouns too ("Police", "Migrants")
ORGANISATION_HEADS = re.findall(r"[A-Z][A-Za-z]+", extract_entities.ORG_WORDS)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(ORGANISATION_WORDS), min_size=1, max_size=3),
       head=st.sampled_from(ORGANISATION_HEADS))
@example(words=["Officers"], head="Welcome")  # a group noun, then a word also a speech verb: failed before
def test_words_before_an_organisation_word_name_an_organisation_that_is_the_speaker(gazetteer, words, head):
    organisation = " ".join(words + [head])
    assert spoken_by(gazetteer, f'Hostels\nThe {organisation} said: "We are full."\n') == \
        [(organisation, "organisation")]


@pytest.mark.parametrize("text, organisation", [
    ('Kent Police said: "We are full."', "Kent Police"),
    ('"We are full," said Essex Police.', "Essex Police"),
    ('Greater Manchester Police said: "We are full."', "Greater Manchester Police"),
    ('Kent Constabulary said: "We are full."', "Kent Constabulary"),
    ('Kent Fire and Rescue Service said: "We are full."', "Kent Fire and Rescue Service"),
    ('Dover Migrants said: "We are full."', "Dover Migrants"),
])
def test_a_place_and_police_constabulary_or_a_service_is_an_organisation_named_in_full(gazetteer, text, organisation):
    assert spoken_by(gazetteer, f"Hostels\n{text}\n") == [(organisation, "organisation")]


@pytest.mark.parametrize("text, group", [
    ('Police said: "We are full."', "unnamed police"),
    ('The police said: "We are full."', "unnamed police"),
    ('British police said: "We are full."', "unnamed british police"),
    ('Tory MPs said: "We are full."', "unnamed mps"),
])
def test_police_or_a_group_noun_after_no_name_stays_an_unnamed_group(gazetteer, text, group):
    [(label, kind)] = spoken_by(gazetteer, f"Hostels\n{text}\n")
    assert (label.split(" (report")[0], kind) == (group, "person")


def test_police_the_graph_knows_by_a_name_a_report_writes_are_that_organisation(gazetteer):
    """Report 003 writes "French police", a skos:altLabel of the organisation the reports call "French police and
    security forces" (data/shared.ttl): a draft's "French police said" is that organisation, not a new unnamed group."""
    assert spoken_by(gazetteer, 'Hostels\nFrench police said: "We are full."\n') == [
        ("French police and security forces", "organisation")]


PLACES = ["Kent", "Essex", "Greater Manchester", "West Yorkshire", "Thames Valley", "Dover", "Calais"]
FORCE_HEADS = ["Police", "Constabulary", "Fire and Rescue Service", "Migrants"]


@settings(max_examples=60, deadline=None)
@given(place=st.sampled_from(PLACES), head=st.sampled_from(FORCE_HEADS), frame=st.sampled_from(SPEAKER_FRAMES))
def test_a_place_before_an_organisation_word_that_is_also_a_group_noun_names_the_organisation_that_speaks(
        gazetteer, place, head, frame):
    organisation = f"{place} {head}"
    assert spoken_by(gazetteer, "Hostels\n" + frame.format(organisation) + "\n") == [(organisation, "organisation")]


def test_a_pronoun_in_an_earlier_clauses_reported_speech_is_not_the_subject_of_a_later_speech_verb(gazetteer):
    # "it" is Hungary's words; Frontex, whom the rules do not know, said "deeply concerned": never Essex Police
    text = ('Hostels\nEssex Police said officers had been called to the hotel.\n'
            'Hungary said it would "never" take part, and Frontex said it was "deeply concerned".\n')
    assert [kind for _, kind in spoken_by(gazetteer, text)] == ["unresolved", "unresolved"]
    result = make(gazetteer, text, "2026-01-05")
    concerned = next(q for q in result.quotes if "concerned" in q.words(text))
    assert concerned.speaker.candidates[0] == "Frontex"


@pytest.mark.parametrize("introduced, again", [
    ('"We are full," said Amy Dale, a local volunteer.', 'The volunteer added: "No room."'),
    ('"We are full," said Amy Dale, a campaigner.', '"No room," the campaigner said.'),
    ('Amy Dale, a local teacher, said: "We are full."', '"No room," the teacher said.'),
    ('Amy Dale, a nurse at the hospital, said: "We are full."', 'The nurse added: "No room."'),
    ('Amy Dale, director at Care4Calais, said: "We are full."', 'The director added: "No room."'),
    ('"We are full," said Amy Dale, a mother of two.', '"No room," the mother said.'),
    ('"We are full," said Amy Dale, a local councillor.', 'The councillor added: "No room."'),
])
def test_a_role_noun_given_in_apposition_to_a_named_person_is_that_person_when_the_article_says_the_role_again(
        gazetteer, introduced, again):
    text = f'Hostels\n{introduced} "It is cold," Ben Ross said. {again}\n'
    assert spoken_by(gazetteer, text) == [("Amy Dale", "person"), ("Ben Ross", "person"), ("Amy Dale", "person")]
    assert "described only by a role: none" in extract.summary(make(gazetteer, text, "2026-01-05"))


def test_a_role_noun_two_named_people_have_leaves_the_back_reference_unresolved_and_the_summary_says_so(gazetteer):
    text = ('Hostels\n"We are full," said Amy Dale, a volunteer. "It is cold," said Ben Ross, a volunteer. '
            'The volunteer added: "No room."\n')
    result = make(gazetteer, text, "2026-01-05")
    speakers = [q.speaker for q in sorted(result.quotes, key=lambda q: q.start)]
    assert [s.label for s in speakers[:2]] == ["Amy Dale", "Ben Ross"] and speakers[2].kind == "unresolved"
    assert {e.label for e in speakers[2].candidate_entities} == {"Amy Dale", "Ben Ross"}
    assert f"a role the text gives two people, left unresolved: ‘The volunteer’ at {text.index('The volunteer')} " \
           "(Amy Dale or Ben Ross)" in extract.summary(result)


ROLE_NOUNS = ["volunteer", "campaigner", "teacher", "nurse", "doctor", "farmer", "councillor", "lawyer", "solicitor",
              "researcher", "activist", "student", "pensioner", "priest", "fisherman", "landlord", "driver",
              "manager", "coordinator", "director", "founder", "economist"]
ROLE_INTRODUCTIONS = ['"We are full," said {name}, a {role}.', '{name}, a {role}, said: "We are full."',
                      '"We are full," said {name}, the {role} at the hostel.']
ROLE_AGAIN = ['The {role} added: "No room."', '"No room," the {role} said.']


@settings(max_examples=80, deadline=None)
@given(given_name=st.sampled_from(GIVEN_NAMES), family=FAMILY_NAMES, role=st.sampled_from(ROLE_NOUNS),
       local=st.sampled_from(["", "local "]), introduced=st.sampled_from(ROLE_INTRODUCTIONS),
       again=st.sampled_from(ROLE_AGAIN), second=st.sampled_from([None, "volunteer", "pensioner"]))
def test_a_role_noun_from_any_list_after_a_name_from_any_parts_refers_back_to_that_person_unless_two_have_it(
        gazetteer, given_name, family, role, local, introduced, again, second):
    name = f"{given_name} {family}"
    other = '"It is cold," Ben Ross said.' if second is None else f'"It is cold," said Ben Ross, a {second}.'
    text = "Hostels\n" + introduced.format(name=name, role=local + role) + f" {other} " + again.format(role=role) + "\n"
    spoken = spoken_by(gazetteer, text)
    assert spoken[:2] == [(name, "person"), ("Ben Ross", "person")]
    assert spoken[2] == ((name, "person") if second != role else (spoken[2][0], "unresolved"))


ROLES_BEFORE = ["teacher", "nurse", "farmer", "pensioner", "priest", "landlord", "student", "volunteer", "campaigner"]
OPENINGS = ["", "But ", "Yesterday ", "And then ", "Meanwhile, "]
ROLE_BEFORE_FRAMES = ['{opening}{role} {name} said: "We are full."', '"We are full," {role} {name} said.',
                      '{opening}{role} {name} told the BBC: "We are full."']


@settings(max_examples=80, deadline=None)
@given(given_name=st.sampled_from(GIVEN_NAMES), family=FAMILY_NAMES, role=st.sampled_from(ROLES_BEFORE),
       words=st.sampled_from(["local ", "hostel ", "Calais ", "retired "]), opening=st.sampled_from(OPENINGS),
       frame=st.sampled_from(ROLE_BEFORE_FRAMES), again=st.sampled_from(ROLE_AGAIN))
def test_lower_case_role_words_before_a_full_name_are_that_persons_role_and_the_role_noun_refers_back_to_her(
        gazetteer, given_name, family, role, words, opening, frame, again):
    name = f"{given_name} {family}"
    written = words + role
    if frame.startswith("{opening}") and not opening.strip():  # the role opens the sentence: "Local teacher"
        written = written[0].upper() + written[1:]
    text = "Hostels\n" + frame.format(opening=opening, role=written, name=name) + ' "It is cold," Ben Ross said. ' + \
        again.format(role=role) + "\n"
    result = make(gazetteer, text, "2026-01-05")
    speakers = [q.speaker for q in sorted(result.quotes, key=lambda q: q.start)]
    assert [(s.label, s.kind) for s in speakers] == [(name, "person"), ("Ben Ross", "person"), (name, "person")]
    assert speakers[0].role == written


@pytest.mark.parametrize("text", [
    'Yesterday Amy Dale said: "We are full."',
    'And Amy Dale said: "We are full."',
    'Then Amy Dale said: "We are full."',
    'Last week Amy Dale said: "We are full."',
    'Earlier this week Amy Dale said: "We are full."',
    'Speaking later, Amy Dale said: "We are full."',
    'Separately Amy Dale told the BBC: "We are full."',
])
def test_a_word_before_a_name_that_describes_no_one_is_no_role(gazetteer, text):
    [speaker] = [q.speaker for q in make(gazetteer, f"Hostels\n{text}\n", "2026-01-05").quotes]
    assert (speaker.label, speaker.role) == ("Amy Dale", "")


def test_sentence_opening_words_before_a_listed_role_are_no_part_of_the_role(gazetteer):
    result = make(gazetteer, 'Hostels\nBut hostel volunteer Jo Barker said: "We are full."\n', "2026-01-05")
    assert [(q.speaker.label, q.speaker.role) for q in result.quotes] == [("Jo Barker", "hostel volunteer")]


def test_officials_before_a_speech_verb_stay_an_unnamed_group_with_no_name(gazetteer):
    [(label, kind)] = spoken_by(gazetteer, 'Hostels\nOfficials said: "We are full."\n')
    assert (label.split(" (report")[0], kind) == ("unnamed officials", "person")


GROUP_FRAMES = ['{} said: "We are full."', '"We are full," {} said.', '{} told the BBC: "We are full."']


@pytest.mark.parametrize("force", ["Police Scotland", "Migrants Organise"])
@pytest.mark.parametrize("frame", GROUP_FRAMES)
def test_an_organisation_named_with_police_first_is_that_organisation_speaking(gazetteer, force, frame):
    assert spoken_by(gazetteer, "Hostels\n" + frame.format(force) + "\n") == [(force, "organisation")]


@pytest.mark.parametrize("text", ['Police Constable Amy Dale said: "We are full."',
                                  'Police Sergeant Amy Dale said: "We are full."'])
def test_a_police_rank_before_a_name_is_her_rank_not_an_organisation(gazetteer, text):
    assert spoken_by(gazetteer, f"Hostels\n{text}\n") == [("Amy Dale", "person")]


@settings(max_examples=40, deadline=None)
@given(noun=st.sampled_from(["Police", "police", "Officials", "Volunteers", "Campaigners", "Migrants"]),
       place=st.sampled_from(PLACES + ["the port of Dover", "Northern France"]), frame=st.sampled_from(GROUP_FRAMES))
def test_an_unnamed_group_in_a_place_is_drafted_as_the_unnamed_group_with_its_place_as_role(gazetteer, noun, place, frame):
    result = make(gazetteer, "Hostels\n" + frame.format(f"{noun} in {place}") + "\n", "2026-01-05")
    [speaker] = [q.speaker for q in result.quotes]
    assert speaker.label.split(" (report")[0] == f"unnamed {noun.lower()}" and speaker.group
    assert speaker.role == f"{noun.lower()} in {place}"


RELATIVE_CLAUSES = ["who runs a hostel in Calais, where numbers have doubled", "who has lived in Dover since 2019",
                    "whose son crossed in 2023, and who now volunteers", "who volunteers at the hostel"]


@settings(max_examples=40, deadline=None)
@given(given_name=st.sampled_from(GIVEN_NAMES), family=FAMILY_NAMES, clause=st.sampled_from(RELATIVE_CLAUSES),
       verb=st.sampled_from(['said: "We are full."', 'told the BBC: "We are full."']))
def test_a_name_then_a_relative_clause_then_the_speech_verb_is_the_speaker(gazetteer, given_name, family, clause, verb):
    name = f"{given_name} {family}"
    text = f"Hostels\nTom Reed, a councillor, said the town was full.\n{name}, {clause}, {verb}\n"
    assert spoken_by(gazetteer, text) == [(name, "person")]


@pytest.mark.parametrize("caption", [
    "The Prime Minister has insisted that the UK-France migrant deal is working (Image: Getty)",
    "Shabana Mahmood said the returns would rise (Picture: PA Wire)",
    "Home Secretary Shabana Mahmood says the deal is working. Photograph: Reuters",
])
def test_a_pictures_caption_is_the_reports_voice_never_a_reported_statement(gazetteer, caption):
    """Report 003's caption 'The Prime Minister has insisted that … (Image: Getty)' was drafted as Keir
    Starmer's reported statement: a caption is the report's voice (the curated report 003 makes it a
    report claim). A paragraph ending with a picture's credit gives no reported statement; the body's does."""
    text = f"Migrant deal under fire\n\n{caption}\n\nShabana Mahmood said the deal was working.\n"
    result = make(gazetteer, text)
    reported = [(s.speaker.label, text[s.start:s.end]) for s in result.statements if not s.parts]
    assert reported == [("Shabana Mahmood", "Shabana Mahmood said the deal was working.")], reported


@settings(max_examples=150, deadline=None)
@given(left=st.lists(st.sampled_from(["migrants", "people", "have", "entered", "the", "UK", "under", "the", "scheme"]),
                     min_size=1, max_size=8),
       right=st.lists(st.sampled_from(["the", "reciprocal", "arrangement", "safe", "returns", "route", "to", "France",
                                       "so", "far"]), min_size=0, max_size=14),
       tail=st.sampled_from([".", ", officials said.", "; the figures show more.", ""]))
@example(left=["migrants", "have", "entered", "the", "UK"], right=["through", "the", "reciprocal", "arrangement"], tail=".")
@example(left=["migrants"], right=["reciprocal"] * 8, tail=".")  # (found by Hypothesis: cut after 100 characters)
def test_a_comparisons_words_end_on_a_whole_word(left, right, tail):
    """'more migrants have entered ... than have been deported through the reciprocal arrangement' was drafted
    as stated 'more ... than have been deported through the reciprocal ' (six words after 'than', the last
    cut at its space) and 'under the safe returns ' for '... safe returns route'. Its words now run to the
    end of the 'than' clause (at most ten words, never past a comma), each word whole; and a clause longer
    than the 100 characters read for its sense is no longer cut there, inside a word ('reciproca')."""
    text = f"Home Office\n\nMore {' '.join(left)} came in than were deported{''.join(' ' + w for w in right)}{tail}\n"
    [figure] = [f for f in find_figures(text) if f.qualifier == "More" and f.comparator == "MoreThan"] or [None]
    assert figure is not None, text
    assert figure.stated_as == text[figure.start:figure.end] == figure.stated_as.strip()
    assert not text[figure.end].isalnum(), (figure.stated_as, text)
    written_after = text[text.index(" than ") + 6:].split(",")[0].split(";")[0].rstrip(".\n").split()
    assert figure.stated_as.endswith(" ".join(["than"] + written_after[:10])), (figure.stated_as, text)


def test_a_short_quote_in_a_long_sentence_has_its_clause_as_evidence_naming_its_speaker(gazetteer):
    """Report 003's 'huge blow', quoted in a sentence of 346 characters, had the two words alone as evidence,
    so the draft marked its speaker as read from elsewhere. Its evidence is now its clause, from 'with a
    government source suggesting' to the sentence's end, which names the speaker; the sentence would be too
    long for one span."""
    sentence = ("Another driving force behind the plans to enact the immigration deals on a larger scale may be the "
                "unstable political landscape in France, with a government source suggesting the replacement of "
                "Bruno Retailleau as interior minister had been a “huge blow” to hopes that French police would "
                "start intercepting asylum seeker boats in shallow waters.")
    text = f"Channel crossings\n\n{sentence}\n"
    [statement] = [s for s in make(gazetteer, text).statements if s.parts]
    [(a, b)] = statement.spans
    assert text[a:b] == sentence[sentence.index("with a government source"):]
    assert statement.speaker.label.startswith("a government source")


def test_a_drafted_label_cut_short_ends_with_a_whole_word(drafts):
    """A long quote's or gist's label was cut at 69 characters, mid-word: "… had failed to s…" (a report
    added as README.md says), whose "s" tests/test_stated_values.py then named as a word its evidence does
    not state, once the curator took the draft's status off. A label is cut after a whole word."""
    cut = []
    for name, result in drafts.items():
        graph = extract.to_graph(result)
        for node, label in graph.subject_objects(RDFS.label):
            words = [str(w) for p in (OO.gist, OO.quote) for w in graph.objects(node, p)]
            short = re.search(r"(?:: ‘|\(reported\): )(.*?)…", str(label))
            last = re.findall(r"\w+", short.group(1))[-1:] if short else []
            if last and words and not re.search(rf"\b{last[0]}\b", " ".join(words)):
                cut.append((name, str(label)))
    assert not cut, cut[:5]


# An average's verb ("The average number ... reached 61"): one pattern from "the average" to the verb, searched
# before each value of a sentence, as the rule was first written (the oracle of the sweep below).
AVERAGE_REACHED_AS_ONE_PATTERN = re.compile(
    r"\b(?:the|an?|its|their)\s+average\b[^,;:]*?\b(?:was|is|were|are|reached|rose to|fell to|climbed to|dropped to|"
    r"stood at|hit)\s+$", re.I)
AVERAGE_WORDS = ["the", "The", "average", "Average", "averages", "an", "a", "its", "their", "was", "wash", "is",
                 "reached", "rose", "to", "rose to", "hit", "stood at", "number", "people", ",", ";", ":", "this"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(AVERAGE_WORDS), st.sampled_from(["", " ", "  ", "\t"])), max_size=10))
def test_an_average_said_to_reach_a_value_is_read_as_the_one_pattern_read_it(words):
    head = "".join(word + space for word, space in words)
    from kg.extract.figures import _average_reached

    assert _average_reached(head) == bool(AVERAGE_REACHED_AS_ONE_PATTERN.search(head)), head


def test_a_long_sentence_of_averages_is_read_in_linear_time_not_cubic():
    """The rule above, as one pattern tried from each "the average" of a sentence to its end, before each of its
    values: a 9,000-character sentence (under the 10,000 a sentence may have) took 23 s to draft; 0.3 s now."""
    text = ("Headline\n\nThe average 5 people " + " ".join(f"the average {i} people" for i in range(440)))[:9000] + "."
    started = time.monotonic()
    found = find_figures(text)
    assert len(found) > 300 and time.monotonic() - started < 5


AS_WRITTEN = (OO.statedAs, OO.qualifierAsWritten, OO.periodAsWritten, OO.dateAsWritten)


def words_not_as_written(result: extract.Draft) -> list:
    """Each word 'as written' of the draft (oos:AsWrittenShape's properties) that none of its node's evidence
    spans holds (case aside): what the curator would have to rewrite on accepting the draft."""
    graph = extract.to_graph(result)
    return [(_local(node), prop.fragment, str(value))
            for prop in AS_WRITTEN for node, value in graph.subject_objects(prop)
            if not any(str(value).lower() in str(exact).lower()
                       for span in graph.objects(node, OO.evidence) for exact in graph.objects(span, OA.exact))]


@pytest.mark.parametrize("folder", ["extract", "extract_fifth", "extract_unseen", "seeds"])
def test_every_word_a_draft_gives_as_written_stands_in_its_evidence(request, gazetteer, folder):
    """The drafts of report 001 and 002 gave comparisons the qualifier "more ... than" and "higher ... than", and
    ranks were given "the highest ... since": words pieced together from words apart, which oos:AsWrittenShape
    refuses once the draft is reviewed (the curated data has "more", "the highest annual total since"). A
    draft's words as written are the text's, as they stand."""
    where = request.getfixturevalue("seeds_dir") if folder == "seeds" else FIXTURES.parent / folder
    texts = sorted(where.glob("*.txt"))
    assert texts
    found = {path.name: words_not_as_written(extract.draft(extract.read_article(path), path.name, gazetteer,
                                                           extract.sha256_of(path), "2025-10-12"))
             for path in texts}
    assert not {name: words for name, words in found.items() if words}


@pytest.mark.parametrize("text", ["More migrants came in under the scheme than were sent back to France.",
                                  "Crossings reached 41,472, the highest annual total since 2022."])
def test_a_comparison_or_a_rank_since_a_year_is_drafted_with_its_words_as_they_stand(gazetteer, text):
    assert not words_not_as_written(make(gazetteer, f"Home Office\n\n{text}\n", "2026-01-10"))


# The rules that hold the curators' words to the report's: an accepted draft of the extractor's must meet them.
WORD_RULES = ("AsWrittenShape", "QuoteMarksShape", "ValueInWordingShape", "SummaryNumbersShape", "DateStatedShape",
              "RoleStatedShape", "SpeakerStatedShape", "PeriodStatedShape", "OccasionStatedShape", "VenueStatedShape")


def test_an_accepted_draft_says_no_more_than_its_text_by_every_rule_that_reads_the_words(tmp_path, project, gazetteer):
    """Every draft of the fixture texts (and the seed texts, where they are), its review marks taken off as a
    curator who accepts it would, validated among the seed data: no finding of the rules that hold words, values,
    dates, speakers and roles to the report's. Before, accepted drafts broke them: quotes in guillemets or straight
    single quotes, a transcript's lines ("Alex Norris: I do not ..."), '£35mn' valued 35000000, qualifiers "more ...
    than", a post or role read from another sentence unmarked, a new speaker named in another sentence unmarked,
    a speaker read from a title alone ("The Home Secretary insisted") unmarked. Left to the curator, and excepted:
    a speaker the draft could not name (unresolved), and a block quote after "She said:" with no
    quotation marks (GOV.UK press releases, live blogs), which the rule, reading the evidence alone, cannot tell
    from the report's own voice."""
    from rdflib.util import from_n3

    from kg.validation.validate import validate_project
    from kg.core.serialize import serialize
    from kg.sources.project import Project

    shutil.copytree(project.root / "ontology", tmp_path / "ontology")
    shutil.copytree(project.root / "data", tmp_path / "data")
    texts = [p for folder in ("extract", "extract_fifth", "extract_unseen") for p in sorted((FIXTURES.parent / folder).glob("*.txt"))]
    texts += sorted(project.seeds_dir.glob("*.txt")) if project.seeds_dir.is_dir() else []
    block_quotes = set()  # (statement, quote) whose evidence is the quote's words alone
    for i, path in enumerate(texts):
        graph = extract.to_graph(extract.draft(extract.read_article(path), path.name, gazetteer, extract.sha256_of(path),
                                               "2025-10-12"))
        graph.remove((None, OO.reviewStatus, OO.Unreviewed))
        block_quotes |= {(_local(node), str(quote)) for node, quote in graph.subject_objects(OO.quote)
                         for span in graph.objects(node, OO.evidence) if str(graph.value(span, OA.exact)) == str(quote)}
        (tmp_path / "data" / f"accepted-{i:03d}.ttl").write_bytes(serialize(graph, "turtle"))
    unresolved = re.compile(r"unresolved-speaker")
    found = [f"{f.rule} {f.focus} {f.value} {f.message}" for f in validate_project(Project(tmp_path)).findings
             if f.rule.split(":")[-1] in WORD_RULES and f.files[0].startswith("data/accepted-")
             and not (f.rule.endswith("SpeakerStatedShape") and unresolved.search(f.message))
             and not (f.rule.endswith("QuoteMarksShape") and (f.focus.split(":")[-1], str(from_n3(f.value))) in block_quotes)]
    assert not found


@pytest.mark.parametrize("sentence, words", [
    ("The UK will pay France £15 million a year to help fund the scheme, officials confirmed.", "officials"),
    ('A Home Office source said: "The numbers are now climbing every week."', "Home Office source")])
def test_a_drafted_unnamed_speaker_is_named_by_the_reports_words_for_them_as_the_speaker_rule_reads_a_name(
        gazetteer, sentence, words):
    """A speaker the report names only by a role ("officials confirmed", "A Home Office source said") was drafted
    with the label "unnamed officials (report <id>)" and the words only in a comment ("Role as written: ..."), so
    a curator who accepted the draft (README, "Adding a report") got oos:SpeakerStatedShape's violation, telling
    them to mark a speaker the sentence does name. The words are now its skos:altLabel, as the curators write one
    ("unnamed officials (report 004)", skos:altLabel "officials"), and they stand in the statement's evidence."""
    from rdflib.namespace import SKOS

    graph = extract.to_graph(make(gazetteer, f"Returns\n\n{sentence}\n", "2026-02-01"))
    (statement,) = set(graph.subjects(OO.speaker, None))
    speaker = graph.value(statement, OO.speaker)
    assert (speaker, OO.anonymous, Literal(True)) in graph
    assert list(graph.objects(speaker, SKOS.altLabel)) == [Literal(words, lang="en")]
    assert words.lower() in str(graph.value(graph.value(statement, OO.evidence), OA.exact)).lower()


@pytest.mark.parametrize("closing", [" »", "\u00a0»", "\u202f»", "»"])
def test_a_closing_guillemet_ends_its_sentence_as_a_closing_quotation_mark_does(closing):
    """"... said: « Nous ne sommes pas le garde-frontière. » He said France had stopped 600 boats." was one sentence,
    so the 600 went to the report's own voice (found by a hostile read); after ” it was split, and the figure his."""
    from kg.extract.text import split_sentences

    text = f"Laurent Nuñez said: « Nous ne sommes pas le garde-frontière.{closing} He said France had stopped 600 boats."
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == [
        f"Laurent Nuñez said: « Nous ne sommes pas le garde-frontière.{closing}", "He said France had stopped 600 boats."]


@pytest.mark.parametrize("sentence, speaks", [("A minister has said that 500 people have been returned.", True),
                                              ("A minister said that 500 people have been returned.", True),
                                              ("One official told reporters 500 people had been returned.", True),
                                              ("A minister was sacked after 500 people were returned.", False)])
def test_a_role_alone_then_a_speech_verb_is_the_speaker_of_the_figure_not_the_report(gazetteer, sentence, speaks):
    """"A minister has said that 500 people have been returned" drafted the 500 in the report's own voice, with no
    statement (found by a hostile read): a role with no modifier ("a senior minister", "a Home Office source" were
    read) before a speech verb is an unnamed speaker."""
    graph = extract.to_graph(make(gazetteer, f"Returns\n\n{sentence}\n", "2026-02-01"))
    (figure,) = graph.subjects(RDF.type, OO.Figure)
    statements = list(graph.subjects(OO.mentionsFigure, figure))
    assert bool(statements) == speaks, graph.serialize(format="turtle")
    if speaks:
        speaker = graph.value(statements[0], OO.speaker)
        assert (speaker, OO.anonymous, Literal(True)) in graph and (speaker, RDF.type, OO.Person) in graph


@pytest.mark.parametrize("headline, speaker", [("Migrant returns to France hit 500, says minister", None),
                                               ("Returns hit 500, says Shabana Mahmood", OI["shabana-mahmood"]),
                                               ("Returns hit 500, says the Home Office", OI["home-office"])])
def test_a_speaker_after_the_verb_that_ends_a_sentence_is_its_speaker_never_the_subject_before(
        gazetteer, headline, speaker):
    """"Migrant returns to France hit 500, says minister" was drafted as said by France, the subject before the verb
    (found by a hostile read): the speaker is after it; a minister the text does not name leaves it unresolved."""
    graph = extract.to_graph(make(gazetteer, f"{headline}\n\nThe figures were published on Monday.\n", "2026-02-01"))
    (statement,) = graph.subjects(RDF.type, OO.ReportedStatement)
    said_by = graph.value(statement, OO.speaker)
    assert said_by != OI["france"]
    if speaker is None:
        assert (said_by, RDF.type, OO.UnresolvedSpeaker) in graph, graph.serialize(format="turtle")
    else:
        assert said_by == speaker
