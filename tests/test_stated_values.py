"""Never more than the source says, checked over every fact of a class: each audit returns what it finds said
beyond the evidence, the seed data gives nothing, and a fault planted in a copy is named. The evidence's words
are checked against the report texts first (tests/test_evidence_spans.py); these tests skip without them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import RDFS, XSD, Literal

from kg.core.namespaces import OA, OI, OO, RDF, SKOS
from kg.validation.spans import check_spans
from kg.validation.stated import (content_stems, dates_unstated, entity_facts_unsourced, entity_labels_unstated,
                                  figure_values_unwritten, indicators_unnamed, label_words_unstated, numbers_written,
                                  summary_numbers_unstated, summary_words_unstated)

# The audits (kg.validation.stated) are the rules `kg validate` runs; each returns Problems, named here by the
# line a Problem's str is ("IRI: its label says [...], its evidence does not").


def _said(audit, graph) -> list[str]:
    return [str(problem) for problem in audit(graph)]


def added(audit, changed, data) -> list:
    """What a change to the seed adds to an audit's findings: a new report's own findings (a draft under
    review) are not the change's, and a test of one rule names only what its change makes."""
    before = set(_said(audit, data))
    return [finding for finding in _said(audit, changed) if finding not in before]


@pytest.fixture(scope="module")
def data(sources, seeds_dir):
    """The seed data, once its evidence is known to be the report texts' words at their offsets."""
    assert check_spans(sources.data, seeds_dir) == []
    return sources.asserted()


def _evidence(graph, node) -> str:
    return "\n".join(str(graph.value(span, OA.exact)) for span in graph.objects(node, OO.evidence))


def _markers(graph, node, props=None) -> list:
    """A node's markers (oo:inferredValue) for one of `props`, or all of them (None)."""
    return [m for m in graph.objects(node, OO.inferredValue)
            if props is None or graph.value(m, OO.inferredProperty) in props]


def _marked(graph, node, prop) -> bool:
    return bool(_markers(graph, node, {prop}))


DATED = (OO.date, OO.referenceYear, OO.periodStart, OO.asOf, OO.startDate, OO.endDate)
ENTITY_FACTS = (OO.memberOf, OO.country, OO.inOrganisation, OO.party, OO.participant, OO.venue, OO.nationality,
                OO.agreementStatus, OO.programme, OO.holder, OO.post, OO.ofAgreement)


def test_every_word_of_an_event_or_agreement_label_is_the_reports(data):
    assert entity_labels_unstated(data) == []


def test_an_event_or_agreement_label_that_says_more_than_the_reports_is_named(data, sources):
    """'Labour entered government' for report 002's 'on entering power'; 'migration partnership' for what the
    reports call the Rwanda (deportation) scheme: a gloss in brackets is the curators', the name is not."""
    took_office, rwanda = OI["event-labour-took-office"], OI["uk-rwanda-partnership"]
    changed = sources.asserted()
    changed.set((took_office, RDFS.label, Literal("Labour entered government", lang="en")))
    changed.set((rwanda, RDFS.label, Literal("UK–Rwanda migration partnership (the Rwanda scheme)", lang="en")))
    assert added(entity_labels_unstated, changed, data) == [
        f"{took_office}: its label says ['government'], the reports do not",
        f"{rwanda}: its label says ['uk', 'migration', 'partnership'], the reports do not"]


def test_every_fact_about_an_entity_is_named_by_its_evidence_or_marked(data):
    assert entity_facts_unsourced(data) == []


def test_a_fact_about_a_shared_entity_that_no_source_gives_is_named(data, sources):
    """data/shared.ttl was not audited: 'Presenter of LBC Breakfast', a country for every body, 'proposed' for deals
    the government is 'reportedly attempting to strike'. A planted party, a country another than its marker's and a
    marker taken away are each named; 'Opposition leader Ms Badenoch said on X' names Badenoch, not Philp."""
    returnee, (marker,) = OI["iranian-returnee"], _markers(data, OI["iranian-returnee"], {OO.nationality})
    changed = sources.asserted()
    changed.add((OI["event-badenoch-x-post"], OO.participant, OI["chris-philp"]))
    changed.set((OI.lbc, OO.country, OI.france))
    changed.remove((returnee, OO.inferredValue, marker))
    assert added(entity_facts_unsourced, changed, data) == [
        f"{OI.lbc}: oo:country oi:france is named by none of its evidence, nor marked",
        f"{OI['event-badenoch-x-post']}: oo:participant oi:chris-philp is named by none of its evidence, nor marked",
        f"{returnee}: oo:nationality oi:iran is named by none of its evidence, nor marked"]


def test_a_holding_from_the_public_record_needs_its_basis_and_one_from_a_report_its_words(data, sources):
    """Starmer's holding rests on the record (oo:basis); Makolo's on 'Yolande Makolo, Rwanda’s government
    spokesman', which names neither Macron nor the Foreign Secretary's post."""
    starmer, makolo = OI["holding-starmer-prime-minister"], OI["holding-makolo-rwanda-spokesperson"]
    changed = sources.asserted()
    changed.remove((starmer, OO.basis, None))
    changed.set((makolo, OO.holder, OI["emmanuel-macron"]))
    changed.set((makolo, OO.post, OI["post-uk-foreign-secretary"]))
    assert added(entity_facts_unsourced, changed, data) == [
        f"{makolo}: oo:holder oi:emmanuel-macron is named by none of its evidence, nor marked",
        f"{makolo}: oo:post oi:post-uk-foreign-secretary is named by none of its evidence, nor marked",
        f"{starmer}: oo:post oi:post-uk-prime-minister is named by none of its evidence, nor marked"]


def test_every_figures_indicator_is_named_by_its_evidence_or_marked(data):
    assert indicators_unnamed(data) == []


def test_an_indicator_read_from_another_sentence_and_left_unmarked_is_named(data, sources):
    """'They are relatively small numbers': without the marker citing '350 people come in to the country from
    France', nothing says 'they' are the people admitted from France."""
    figure = OI["r000-fig-admitted-small-mahmood"]
    (marker,) = _markers(data, figure, {OO.indicator})
    unmarked = sources.asserted()
    unmarked.remove((figure, OO.inferredValue, marker))
    assert added(indicators_unnamed, unmarked, data) == [
        f"{figure}: its evidence does not name its indicator oi:ind-admitted-from-france, nor does a marker for oo:indicator"]


def test_a_figure_given_an_indicator_its_words_do_not_name_is_named(data, sources):
    """'removed 281' names returns to France, not a protest's size; and the marker of '2023’s total of 29,437'
    vouches for small-boat arrivals only, not for another indicator the figure is given."""
    removed, total = OI["r002-fig-returned-281-philp"], OI["r002-fig-arrivals-2023-29437-report"]
    changed = sources.asserted()
    changed.set((removed, OO.indicator, OI["ind-protest-size"]))
    changed.set((total, OO.indicator, OI["ind-document-length"]))
    assert added(indicators_unnamed, changed, data) == [
        f"{total}: its evidence does not name its indicator oi:ind-document-length, nor does a marker for oo:indicator",
        f"{removed}: its evidence does not name its indicator oi:ind-protest-size, nor does a marker for oo:indicator"]


def test_every_number_a_figure_writes_is_its_value(data):
    assert figure_values_unwritten(data) == []


def test_a_figure_whose_value_is_not_the_number_it_writes_is_named(data, sources):
    changed = sources.asserted()
    figure = OI["r002-fig-arrivals-2024-36816-report"]  # '36,816'
    changed.set((figure, OO.value, Literal(36861)))
    assert added(figure_values_unwritten, changed, data) == [
        f"{figure}: value 36861 but its words '36,816' write ['36816']"]


def test_numbers_are_read_as_written_scaled_and_in_words():
    assert numbers_written("£50 million") == ([Decimal(50_000_000)], [])
    assert numbers_written("the highest annual total since 2022") == ([], [])
    assert numbers_written("a second time") == ([], [Decimal(2)])
    assert numbers_written("six months") == ([], [Decimal(6)])
    assert numbers_written("9 per cent below") == ([Decimal(9)], [])
    assert numbers_written("under the flagship 'one in, one out' scheme") == ([], [])


def test_every_date_is_written_in_its_evidence_or_marked(data):
    assert dates_unstated(data) == []


def test_a_date_read_from_elsewhere_and_left_unmarked_is_named(data, sources):
    changed = sources.asserted()
    dated = OI["r001-date-operations-began"]  # 'in September of last year'
    changed.remove((dated, OO.dateInferred, None))
    assert added(dates_unstated, changed, data) == [f"{dated}: oo:date 2025-09 is not in its evidence, nor marked"]


def _name_stems(graph, things) -> set:
    """The content stems of what the data calls `things` (labels, skos:altLabels, an event's programme)."""
    return set().union(*(content_stems(str(name)) for thing in things
                         for prop in (RDFS.label, SKOS.altLabel, OO.programme) for name in graph.objects(thing, prop)))


def _links_unnamed(graph, prop, naming) -> list:
    """Nodes whose `prop` (unmarked) their own evidence does not name: `naming(node, value)` gives the things whose
    names name it and those whose names do not count (a speaker's, a participant's), and no content word of the
    node's evidence is a word of the first's names but not of the second's."""
    found = []
    for node, value in sorted(graph.subject_objects(prop)):
        if _marked(graph, node, prop):
            continue
        naming_things, apart = naming(node, value)
        if not (_name_stems(graph, naming_things) - _name_stems(graph, apart)) & content_stems(_evidence(graph, node)):
            found.append(node)
    return found


def event_dates_unnamed(graph) -> list:
    """Event dates (oo:EventDate) whose evidence does not name their event, unmarked: no word of it is a word of the
    event's label, venue or programme other than its participants' names (a named participant may do other things
    than this event; an anonymous one's label describes it). 'recent concerns raised by ... Claire Hédon' names Hédon,
    not her report."""
    return _links_unnamed(graph, OO.event, lambda dated, event: (
        [event, *graph.objects(event, OO.venue)],
        [p for p in graph.objects(event, OO.participant) if (p, OO.anonymous, Literal(True)) not in graph]))


def test_every_event_date_names_its_event_or_is_marked(data):
    assert event_dates_unnamed(data) == []


def test_an_event_date_whose_words_name_only_a_participant_is_named(data, sources):
    """Report 001 dates 'recent concerns raised by French human rights ombudsman Claire Hédon', and gives them as
    from her report only in the next sentence ('In a report shared with Le Monde newspaper, Ms Hédon warned'): the
    date of her report read from 'recent' was unmarked, where the statement of the same sentence marks its occasion."""
    recent = OI["r001-date-hedon-report"]
    (marker,) = _markers(data, recent, {OO.event})
    assert "In a report shared with Le Monde newspaper" in _evidence(data, marker)
    unmarked = sources.asserted()
    unmarked.remove((recent, OO.inferredValue, marker))
    assert event_dates_unnamed(unmarked) == [recent]


def units_of_read_values_unmarked(graph) -> list:
    """Figures whose value the curators read from words that write no number (a marker for oo:value) and whose unit is
    not a rank's ('highest', 'second-highest' name one) while no marker gives the unit: the words that write no
    number write no unit either ('balanced exchanges' is no 'per person')."""
    found = []
    for figure in sorted(set(graph.subjects(OO.unit, None))):
        words = " ".join(map(str, graph.objects(figure, OO.statedAs)))
        if _marked(graph, figure, OO.value) and not any(numbers_written(words)) \
                and graph.value(figure, OO.unit) != OO.RankPosition and not _marked(graph, figure, OO.unit):
            found.append(figure)
    return found


def test_the_unit_of_a_value_read_from_words_with_no_number_is_marked(data):
    assert units_of_read_values_unmarked(data) == []


def test_a_unit_read_with_a_value_from_balanced_exchanges_and_left_unmarked_is_named(data, sources):
    """Report 001's 'designed to create balanced exchanges between the two nations' gives no number and no unit: the
    value 1 was marked as the curators' reading, its unit oo:PerPerson (one admitted for each person returned) not."""
    ratio = OI["r001-fig-exchange-ratio-1-report"]
    (marker,) = _markers(data, ratio, {OO.unit})
    unmarked = sources.asserted()
    unmarked.remove((ratio, OO.inferredValue, marker))
    assert units_of_read_values_unmarked(unmarked) == [ratio]


# Words that give a month its year, or relate it to the report's date: 'in July 2025', 'last July', 'in August last
# year', 'in August that year', 'six months ago'.
_YEAR_GIVEN = re.compile(r"\b(?:\d{4}|last|this|next|ago|year)\b", re.IGNORECASE)


def months_without_their_year(graph) -> list:
    """(node, property) of month dates whose words give no year and do not relate it to the report's date ('in July'):
    their year is read from other words of the report, which oo:dateInferred (a date resolved from relative words
    against the report's year) does not cite; a marker for the property must."""
    found = []
    for prop, as_written in ((OO.date, OO.dateAsWritten), (OO.periodStart, OO.periodAsWritten)):
        for node, value in graph.subject_objects(prop):
            if getattr(value, "datatype", None) != XSD.gYearMonth or _marked(graph, node, prop):
                continue
            words = " ".join(map(str, graph.objects(node, as_written))) or _evidence(graph, node)
            if not _YEAR_GIVEN.search(words):
                found.append((node, prop))
    return sorted(found)


def test_every_month_whose_words_give_no_year_is_marked_with_the_words_that_do(data):
    assert months_without_their_year(data) == []


def test_a_month_dated_by_another_sentence_and_marked_only_as_relative_is_named(data, sources):
    """'since the deal was first announced in July' (report 000) and 'since the prime minister agreed the deal with
    President Macron in August' (report 002) give no year: 2025 is read from their captions ('agreed the deal last
    July', 'agreed the deal last summer'), but the dates and the periods they start carried only oo:dateInferred."""
    announced, agreed = OI["r000-date-announced"], OI["r002-date-agreed"]
    since_july, since_august = OI["r000-fig-arrivals-since-announced-21000-report"], OI["r002-fig-admitted-350-mahmood"]
    assert "last July" in "".join(_evidence(data, m) for m in _markers(data, announced, {OO.date}))
    assert "last summer" in "".join(_evidence(data, m) for m in _markers(data, agreed, {OO.date}))
    unmarked = sources.asserted()
    for node, prop in ((announced, OO.date), (agreed, OO.date), (since_july, OO.periodStart), (since_august, OO.periodStart)):
        for marker in _markers(unmarked, node, {prop}):
            unmarked.remove((node, OO.inferredValue, marker))
    assert months_without_their_year(unmarked) == sorted(
        [(announced, OO.date), (agreed, OO.date), (since_july, OO.periodStart), (since_august, OO.periodStart)])


def test_every_number_in_a_gist_or_claim_is_in_its_evidence(data):
    assert summary_numbers_unstated(data) == []


def test_every_word_of_a_gist_or_claim_is_in_its_evidence_or_marked(data):
    assert summary_words_unstated(data) == []


def test_a_gist_that_adds_words_to_its_evidence_is_named(data, sources):
    """'the discrepancy between the numbers coming in and going out of the UK would fluctuate': a gist that adds
    'under the deal' ties the words to a deal they do not name; 'fluctuating' for 'fluctuate' is the same word."""
    changed = sources.asserted()
    said = OI["r002-st-spokesman-1"]
    changed.set((said, OO.gist, Literal("The discrepancy between the numbers coming in and going out of the UK "
                                        "under the deal would be fluctuating.")))
    assert added(summary_words_unstated, changed, data) == [f"{said}: its oo:gist says ['deal'], its evidence does not"]


def test_a_word_read_from_another_sentence_is_allowed_only_where_its_marker_cites_it(data, sources):
    """'Her recommendations were branded crazy': the gist names Hédon, whom the sentence before names."""
    said = OI["r000-st-critic-1"]
    (marker,) = _markers(data, said, {OO.gist})
    unmarked, elsewhere = sources.asserted(), sources.asserted()
    unmarked.remove((said, OO.inferredValue, marker))
    elsewhere.set((marker, RDF.value, Literal("Macron's")))
    named = [f"{said}: its oo:gist says [\"hédon's\"], its evidence does not"]
    assert added(summary_words_unstated, unmarked, data) == named
    assert _said(summary_words_unstated, elsewhere) == named


def test_every_word_of_a_label_is_in_its_evidence_its_names_or_a_caption(data):
    assert label_words_unstated(data) == []


def test_a_label_that_adds_words_to_its_evidence_is_named(data, sources):
    """'Starmer's spokesman said the discrepancy ... would fluctuate': a caption that turns 'would' into 'will', or
    calls him by a name the data does not give, says more than the report; another speaker's name is not his."""
    said, figure = OI["r002-st-spokesman-1"], OI["r002-fig-net-inflow-early-spokesman"]
    changed = sources.asserted()
    changed.set((said, RDFS.label, Literal("PM's spokesman: the discrepancy will fluctuate (report 002)", lang="en")))
    changed.set((figure, RDFS.label, Literal("At the beginning more were sent to France than received: net inflow "
                                             "below zero (report 002, Philp)", lang="en")))
    assert added(label_words_unstated, changed, data) == [
        f"{figure}: its label says ['sent', 'below', 'zero', 'philp'], its evidence does not",
        f"{said}: its label says [\"pm's\", 'will'], its evidence does not"]


def test_a_label_names_its_report_by_any_of_the_reports_names_never_by_its_description(data, sources):
    """A report's names are each of its names up to its colon ('Report 002'), as the desk and the analysis name it:
    they were joined and cut at the first colon, so that a second name (here a skos:altLabel) never counted and,
    with two labels, which counted was the index's order. The description after a colon ('... than have been
    deported ...') is the curators' words, not the report's."""
    report, figure = OI["r002"], OI["r002-fig-arrivals-2025-41000-philp"]
    assert str(data.value(figure, RDFS.label)) == "41,000 arrived last year (report 002, Philp)"
    changed = sources.asserted()
    changed.add((report, SKOS.altLabel, Literal("The Courier: another name, and its description", lang="en")))
    changed.set((figure, RDFS.label, Literal("41,000 arrived last year (The Courier, Philp)", lang="en")))
    assert added(label_words_unstated, changed, data) == []
    changed.set((figure, RDFS.label, Literal("41,000 arrived last year, deported (report 002, Philp)", lang="en")))
    assert added(label_words_unstated, changed, data) == [f"{figure}: its label says ['deported'], its evidence does not"]


def test_a_label_does_not_give_the_year_its_evidence_leaves_to_be_inferred(data, sources):
    """'41,000 arrived last year' was captioned '41,000 arrived last year, 2025': the year is the curators'
    reading (oo:dateInferred on the figure, shown as inferred on its page), but a heading cannot show that mark,
    so the caption read as the report's own words. A label now says only the report's 'last year'."""
    figure = OI["r002-fig-arrivals-2025-41000-philp"]
    assert (figure, OO.dateInferred, Literal(True)) in data or _marked(data, figure, OO.referenceYear)
    changed = sources.asserted()
    changed.set((figure, RDFS.label, Literal("41,000 arrived last year, 2025 (report 002, Philp)", lang="en")))
    assert added(label_words_unstated, changed, data) == [f"{figure}: its label says ['2025'], its evidence does not"]


def test_the_standfirsts_claim_cites_the_whole_standfirst_it_sums_up(data):
    """Report 004's standfirst, 'Home Office confirms removals under pilot returns agreement as arrivals via small
    boats remain high', was cited to 'agreement' while the claim says 'as small-boat arrivals remain high' too."""
    claim = OI["r004-claim-standfirst"]
    assert "remain high" in str(data.value(claim, OO.says))
    assert _evidence(data, claim) == ("Home Office confirms removals under pilot returns agreement as arrivals via "
                                      "small boats remain high")
    (span,) = data.objects(claim, OO.evidence)
    assert (int(data.value(span, OA.start)), int(data.value(span, OA.end))) == (101, 200)
    assert data.value(span, OO.textPart) == OO.Standfirst


def test_mahmoods_gist_keeps_her_concern_and_does_not_make_it_doubt(data):
    """'because the French authorities and us were concerned about whether we could physically handle implementing
    the pilot': the gist said they 'doubted they could handle it', more than a concern about whether they could."""
    gist = str(data.value(OI["r000-st-mahmood-11"], OO.gist))
    assert "doubt" not in gist and "concerned about whether" in gist, gist


def occasions_unnamed(graph) -> list:
    """Statements whose occasion, unmarked, their own words do not name: no word of their evidence is a word of the
    occasion's label, venue, programme or a participant's name other than the speaker's. The occasion's own evidence
    in the report (oos:OccasionStatedShape reads that) may be words that only point back to it: 'Ms Mahmood told the
    programme:' names no programme, as 'she said' names no one."""
    def naming(statement, occasion):
        speakers = set(graph.objects(statement, OO.speaker))
        return ([occasion, *graph.objects(occasion, OO.venue),
                 *(p for p in graph.objects(occasion, OO.participant) if p not in speakers)], speakers)
    return _links_unnamed(graph, OO.occasion, naming)


def test_every_occasion_is_named_by_its_statements_words_or_marked(data):
    assert occasions_unnamed(data) == []


def test_an_occasion_read_from_words_that_point_back_to_it_is_named(data, sources):
    """Report 000's 'Ms Mahmood told the programme:' gave her words the LBC interview unmarked (the venue was marked,
    the occasion not), and the occasion's marker said the report placed her remarks on LBC three times, counting it."""
    told_the_programme = OI["r000-st-mahmood-13"]
    marker = OI["r000-inferred-lbc-occasion"]
    assert (told_the_programme, OO.inferredValue, marker) in data
    assert "three times" not in str(data.value(marker, OO.reason))
    unmarked = sources.asserted()
    unmarked.remove((told_the_programme, OO.inferredValue, marker))
    assert occasions_unnamed(unmarked) == [told_the_programme]


# A curators' note that credits words in quotation marks to someone: "in Mahmood's words, 'remains ...'", "Mahmood
# calls it 'the pilot'", "Starmer's spokesman refers to its 'safe returns route'", "as the spokesman puts it, '...'".
_CREDITED = re.compile(r"(?:\bin (?P<whose>\w+)'s words,?|\b(?P<who>\w+) (?:calls|refers to) (?:it|its|the \w+)(?: as)?"
                       r"|\bas (?:the )?(?P<puts>\w+) puts it,?) ['‘](?P<words>[^'’]+)['’]")
_REPORT_OF_NOTE = re.compile(r"^Report (\d+)")


def notes_crediting_unquoted_words(graph) -> list:
    """(node, words) of comments that credit words in quotation marks to a speaker whose quotes in that report (the
    comment's 'Report NNN', else the node's) do not hold them: a report's own paraphrase ("emphasised that the
    initiative remains in a pilot phase") or its own word outside the quotation marks ("insisted the pilot was
    “designed ...”") is not the speaker's."""
    found = []
    for node, comment in sorted(graph.subject_objects(RDFS.comment)):
        numbered = _REPORT_OF_NOTE.match(str(comment))
        reports = [OI[f"r{numbered.group(1)}"]] if numbered else list(graph.objects(node, OO.inReport))
        for credit in _CREDITED.finditer(str(comment)):
            name = (credit.group("whose") or credit.group("who") or credit.group("puts")).lower()
            quotes = [str(quote) for report in reports for statement in graph.subjects(OO.inReport, report)
                      for quote in graph.objects(statement, OO.quote)
                      if any(name in str(words).lower() for thing in graph.objects(statement, OO.speaker)
                             for words in (*graph.objects(thing, RDFS.label), *graph.objects(thing, SKOS.altLabel)))
                      or any(name in str(role).lower() for role in graph.objects(statement, OO.roleAsWritten))]
            if not any(credit.group("words") in quote for quote in quotes):
                found.append((node, credit.group("words")))
    return found


def test_no_note_credits_a_speaker_with_words_the_report_does_not_quote_from_them(data):
    assert notes_crediting_unquoted_words(data) == []


def test_a_note_that_gives_the_reports_own_words_to_a_speaker_is_named(data, sources):
    """Report 001 says Mahmood 'emphasised that the initiative remains in a pilot phase', in its own words; report
    002 that she 'insisted the pilot was “designed ...”', 'the pilot' outside her quotation marks. The agreement's
    notes said 'in Mahmood's words, 'remains in a pilot phase'' and 'Mahmood calls it 'the pilot''."""
    agreement = OI["uk-france-returns-agreement"]
    changed = sources.asserted()
    changed.add((agreement, RDFS.comment, Literal("Report 001: in Mahmood's words, 'remains in a pilot phase'.", lang="en")))
    changed.add((agreement, RDFS.comment, Literal("Report 002: Mahmood calls it 'the pilot', Starmer's spokesman refers "
                                                  "to its 'safe returns route'.", lang="en")))
    assert notes_crediting_unquoted_words(changed) == [(agreement, "remains in a pilot phase"), (agreement, "the pilot")]


def test_each_audit_reads_every_fact_of_its_class(data):
    """The audits above pass because the data is right, not because they read nothing."""
    assert len(set(data.subjects(OO.statedAs, None))) >= 60
    assert sum(1 for figure in data.subjects(OO.indicator, None) if (figure, OO.evidence, None) in data) >= 70
    assert sum(1 for prop in DATED for _ in data.subject_objects(prop)) >= 100
    assert sum(1 for prop in (OO.gist, OO.says) for _ in data.subject_objects(prop)) >= 50
    assert sum(1 for statement, _ in data.subject_objects(OO.occasion) if not _marked(data, statement, OO.occasion)) >= 10
    assert sum(1 for dated, _ in data.subject_objects(OO.event) if not _marked(data, dated, OO.event)) >= 20
    assert sum(1 for figure in set(data.subjects(OO.unit, None)) if _marked(data, figure, OO.value)) >= 2
    assert sum(1 for _, comment in data.subject_objects(RDFS.comment) for _ in _CREDITED.finditer(str(comment))) >= 1
    assert sum(1 for prop in (OO.date, OO.periodStart) for _, value in data.subject_objects(prop)
               if getattr(value, "datatype", None) == XSD.gYearMonth) >= 12
    assert sum(1 for prop in ENTITY_FACTS for node, _ in data.subject_objects(prop)
               if (node, OO.inReport, None) not in data) >= 120
    assert sum(1 for cls in (OO.Event, OO.Agreement) for node in data.subjects(RDF.type, cls)
               if (node, OO.inReport, None) not in data) >= 25
    assert sum(1 for node in data.subjects(OO.inReport, None)
               if (node, RDFS.label, None) in data and (node, OO.evidence, None) in data) >= 200


def test_macalisters_gist_keeps_his_pledge_and_does_not_make_it_a_forecast(data):
    """'told Times Radio that the man would be sent back to France and pledged to return others like him “again and
    again”': the gist said others like him 'would be returned again and again', a forecast where the sentence
    gives a pledge, and its caption 'others like him returned “again and again”', a deed."""
    statement = OI["r003-st-macalister-1"]
    gist, label = str(data.value(statement, OO.gist)), str(data.value(statement, RDFS.label))
    assert "would be returned" not in gist and "pledged to return others like him again and again" in gist, gist
    assert "him returned" not in label and "pledged to return others like him" in label, label


def test_the_home_secretarys_order_at_the_border_is_not_said_to_be_about_the_returns_deal(data):
    """'The Home Secretary has said she will do whatever it takes to restore order to our border' (relayed by a
    Home Office spokesperson, report 003) names no deal, and the spokesperson's quote around it was about the Home
    Office and Mahmood only: the relayed statement alone was about the UK–France agreement, a reading of nothing."""
    relayed = OI["r003-st-mahmood-1"]
    assert "deal" not in _evidence(data, relayed) and "agreement" not in _evidence(data, relayed)
    assert OI["uk-france-returns-agreement"] not in set(data.objects(relayed, OO.about))


def test_report_004s_rank_cites_the_crossings_it_ranks(data):
    """'small boat crossings, which reached 41,472 in 2025, the highest annual total since 2022': the rank's
    evidence began at 'which', so it said 'the highest annual total' of nothing the span names."""
    evidence = _evidence(data, OI["r004-fig-annual-rank-highest-since-2022-report"])
    assert evidence.startswith("small boat crossings") and "the highest annual total since 2022" in evidence, evidence


def test_a_rank_of_the_years_arrivals_cites_words_that_name_the_arrivals_it_ranks(data):
    """'which last year hit the second-highest annual total since the crisis began in 2018' (report 000) names a
    rank of nothing: its 'annual' is a word of the rank's names ('annual arrivals rank'), so the rule that a
    figure's evidence names its indicator passed it. A rank of the years' small-boat arrivals cites words that
    name those arrivals ('small-boat arrivals', 'Channel crossings'), or a marker for oo:indicator does."""
    arrivals = OI["ind-small-boat-arrivals"]
    names = set().union(*(content_stems(str(name)) for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                          for name in data.objects(arrivals, prop)))
    ranks = set(data.subjects(OO.indicator, OI["ind-small-boat-arrivals-annual-rank"]))
    unnamed = [str(rank) for rank in ranks
               if not names & content_stems(" ".join([_evidence(data, rank),
                                                       *(_evidence(data, m) for m in _markers(data, rank, {OO.indicator}))]))]
    assert len(ranks) >= 6 and sorted(unnamed) == [], unnamed
