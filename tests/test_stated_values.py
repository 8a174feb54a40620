"""Never more than the source says, checked over every fact of a class: each audit returns what it finds said
beyond the evidence, the seed data gives nothing, and a fault planted in a copy is named. The evidence's words
are checked against the report texts first (tests/test_evidence_spans.py); these tests skip without them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import RDFS, SKOS, Literal, URIRef

from kg.analysis import quotes
from kg.extract import draft
from kg.extract.figures import ORDINALS, SET_PHRASES
from kg.extract.text import DIGIT_NUMBER, SCALES, WORD_NUMBER, digit_value, word_value
from kg.validation.spans import check_spans
from kg.core.namespaces import OA, OI, OO, RDF

DATED = (OO.date, OO.referenceYear, OO.periodStart, OO.asOf, OO.startDate, OO.endDate)
_DIGITS = re.compile(rf"({DIGIT_NUMBER})(?:[ -]?({'|'.join(SCALES)})\b)?", re.IGNORECASE)
_NUMBER_WORD = re.compile(rf"\b({WORD_NUMBER}|{'|'.join(ORDINALS)})\b", re.IGNORECASE)


def added(audit, changed, data) -> list:
    """What a change to the seed adds to an audit's findings: a new report's own findings (a draft under
    review) are not the change's, and a test of one rule names only what its change makes."""
    before = set(audit(data))
    return [finding for finding in audit(changed) if finding not in before]


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


def _is_year(digits: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", digits) is not None


def numbers_written(words: str) -> tuple[list[Decimal], list[Decimal]]:
    """The numbers words write in digits (scaled: '£50 million' is 50000000; years apart) and in words
    ('three', 'six months', 'a second time', 'second-highest')."""
    digits = [digit_value(m.group(1)) * SCALES.get((m.group(2) or "").lower(), 1)
              for m in _DIGITS.finditer(words) if not _is_year(m.group(1))]
    spelled = []
    for m in _NUMBER_WORD.finditer(SET_PHRASES.sub(" ", words)):  # 'one in, one out' is a name
        value = ORDINALS.get(m.group(1).lower(), word_value(m.group(1)))
        if value is not None:
            spelled.append(Decimal(value))
    return digits, spelled


def figure_values_unwritten(graph) -> list[str]:
    """Figures whose value (or bound) is not a number their words write: where the words give a number in digits
    that number is the value; where they give one only in words, that one (a figure's sign is its comparison's:
    '9 per cent below' is -9). A value read from words with no number is for the curators' markers, not here."""
    problems = []
    for figure in sorted(set(graph.subjects(OO.statedAs, None))):
        stated, value = str(graph.value(figure, OO.statedAs)), graph.value(figure, OO.value)
        if value is None or _marked(graph, figure, OO.value):
            continue
        digits, spelled = numbers_written(stated)
        written = digits or spelled
        given = {abs(Decimal(str(v))) for v in (value, graph.value(figure, OO.bound)) if v is not None}
        if written and not given & set(written):
            problems.append(f"{figure}: value {value} but its words '{stated}' write {[str(n) for n in written]}")
    return problems


def dates_unstated(graph) -> list[str]:
    """Dates whose year the node's own evidence does not write, with no mark of how they were obtained: oo:dateInferred
    true, an oo:inferredValue for the property, or (a post holding's dates) oo:basis, the public record."""
    problems = []
    for prop in DATED:
        for node, date in sorted(graph.subject_objects(prop)):
            if str(date)[:4] in _evidence(graph, node):
                continue
            if (node, OO.dateInferred, Literal(True)) in graph or _marked(graph, node, prop) \
                    or graph.value(node, OO.basis) is not None:
                continue
            problems.append(f"{node}: {prop.n3(graph.namespace_manager)} {date} is not in its evidence, nor marked")
    return problems


def summary_numbers_unstated(graph) -> list[str]:
    """Numbers in what a statement's gist or a report's claim says that its evidence does not write."""
    problems = []
    for prop in (OO.gist, OO.says):
        for node, summary in sorted(graph.subject_objects(prop)):
            evidence = _evidence(graph, node).replace(",", "")
            for digits in re.findall(DIGIT_NUMBER, str(summary)):
                if digit_value(digits).normalize() != 0 and re.sub(r"[,\s]", "", digits) not in evidence:
                    problems.append(f"{node}: its {prop.n3(graph.namespace_manager)} gives {digits}, its evidence does not")
    return problems


# The project's function words (a quote's and a draft's), less the words that change what is claimed (not, never,
# will, would, already ...): those count as content.
FUNCTION_WORDS = (quotes.FUNCTION_WORDS | draft.FUNCTION_WORDS) - quotes.MEANING_MARKERS


def content_stems(words: str) -> set[str]:
    """The stems of the content words of `words` ('fluctuating' and 'fluctuate' are one stem)."""
    return {quotes.stem(w.norm) for w in quotes.words(words) if w.norm not in FUNCTION_WORDS}


NAMES = (RDFS.label, SKOS.altLabel, SKOS.prefLabel, SKOS.hiddenLabel)


def _names(graph, thing) -> str:
    """What the data calls a thing: its labels ('a Home Office spokesperson', 'LBC'; an indicator's 'small-boat
    arrivals', 'Channel crossings')."""
    return "\n".join(str(name) for prop in NAMES for name in graph.objects(thing, prop))


def _marked_stems(graph, node, props=None) -> set[str]:
    """The content stems a node's markers for `props` (all its markers: None) vouch for: the words of their rdf:value (a value's name, if
    it is a thing) that their evidence, the other sentence, writes."""
    stems = set()
    for marker in _markers(graph, node, props):
        value = graph.value(marker, RDF.value)
        said = _names(graph, value) if isinstance(value, URIRef) else str(value)
        stems |= content_stems(said) & content_stems(_evidence(graph, marker))
    return stems


def _unstated(words: str, stated: set[str]) -> list[str]:
    return [w.norm for w in quotes.words(words) if w.norm not in FUNCTION_WORDS and quotes.stem(w.norm) not in stated]


def summary_words_unstated(graph) -> list[str]:
    """Content words of a statement's gist or a report's claim that its evidence does not write, compared by stem.
    A word may come from elsewhere in the same report (a pronoun read from the sentence before) only if a marker
    says so: an oo:inferredValue for the property (oo:gist, oo:says) whose rdf:value gives the words and whose
    oo:evidence, the other sentence, writes them."""
    problems = []
    for prop in (OO.gist, OO.says):
        for node, summary in sorted(graph.subject_objects(prop)):
            unstated = _unstated(str(summary), content_stems(_evidence(graph, node)) | _marked_stems(graph, node, {prop}))
            if unstated:
                problems.append(f"{node}: its {prop.n3(graph.namespace_manager)} says {unstated}, its evidence does not")
    return problems


# What a caption may say of its own: the kind of thing ('Photo', 'Headline', a 'stray headline' of another article
# in the text, 'the report's voice'), that it is said or relayed. The report's number and the speaker's names come
# from the data (label_words_unstated).
CAPTION_WORDS = frozenset("report says said relayed photo image caption headline stray standfirst voice".split())
WORDED = (OO.quote, OO.gist, OO.says, OO.statedAs, OO.roleAsWritten)  # a thing's words, each in its evidence


def label_words_unstated(graph) -> list[str]:
    """Content words of the label of a report's statement, figure, date, claim or image that none of these write:
    its evidence, quote, gist or claim; its marked values (as for a gist, a marker's words in the marker's
    evidence; not the year of a date marked inferred: a heading cannot show the mark); the names of its speaker
    (for a figure, of whoever states it; for a relayed statement, of who relays it), of its report ('Report 002')
    and of a figure's indicator (its kind: 'small-boat arrivals'); CAPTION_WORDS. The desk shows a label as a heading, read as what the report
    says, so it says no more."""
    problems = []
    for node, report in sorted(graph.subject_objects(OO.inReport)):
        label = graph.value(node, RDFS.label)
        if label is None or graph.value(node, OO.evidence) is None:
            continue
        voiced = [node, *graph.subjects(OO.mentionsFigure, node), *graph.objects(node, OO.relayedBy)]
        said = [_evidence(graph, node), _names(graph, report).split(":")[0],
                *(_names(graph, indicator) for indicator in graph.objects(node, OO.indicator)),
                *(str(words) for prop in WORDED for words in graph.objects(node, prop)),
                *(_names(graph, speaker) for statement in voiced for speaker in graph.objects(statement, OO.speaker)),
                *(str(role) for statement in voiced for role in graph.objects(statement, OO.roleAsWritten))]
        stated = content_stems("\n".join(said)) | _marked_stems(graph, node) \
            | {quotes.stem(word) for word in CAPTION_WORDS}
        unstated = _unstated(str(label), stated)
        if unstated:
            problems.append(f"{node}: its label says {unstated}, its evidence does not")
    return problems


def indicators_unnamed(graph) -> list[str]:
    """Figures whose evidence does not name what they count: no content word of the figure's evidence shares a stem
    with its indicator's names, and no marker for oo:indicator (an oo:inferredValue whose rdf:value is that
    indicator) cites another sentence of the report that does ('They are relatively small numbers': 'they' are
    the 350 who 'come in to the country from France', said the sentence before)."""
    problems = []
    for figure, indicator in sorted(graph.subject_objects(OO.indicator)):
        if graph.value(figure, OO.evidence) is None:
            continue
        markers = [m for m in _markers(graph, figure, {OO.indicator}) if graph.value(m, RDF.value) == indicator]
        named = content_stems("\n".join([_evidence(graph, figure), *(_evidence(graph, m) for m in markers)]))
        if not content_stems(_names(graph, indicator)) & named:
            problems.append(f"{figure}: its evidence does not name its indicator "
                            f"{indicator.n3(graph.namespace_manager)}, nor does a marker for oo:indicator")
    return problems


# What an entity is said to be linked to (data/shared.ttl, and the entities a report file first names): each a
# fact a report states or a source records. Not read: an indicator's oo:countsFrom, part of the curators'
# definition of what it counts.
ENTITY_FACTS = (OO.memberOf, OO.country, OO.inOrganisation, OO.party, OO.participant, OO.venue, OO.nationality,
                OO.agreementStatus, OO.programme, OO.holder, OO.post, OO.ofAgreement)
APPOINTMENT = (OO.holder, OO.post)  # what a post holding's oo:basis (the public record) records, with its dates
ONE_IN_ONE_OUT = re.compile(r"one[- ]in,?[- ]one[- ]out", re.IGNORECASE)


def _without_gloss(label) -> str:
    """A label without the curators' gloss in brackets at its end: 'Defender of Rights (Défenseur des droits)'."""
    return re.sub(r"\s*\(.*?\)\s*$", "", str(label or ""))


def _name_stems(words: str) -> set[str]:
    """content_stems, with 'one in, one out' one word: a name, or 'one of his first acts' would name the deal."""
    return content_stems(ONE_IN_ONE_OUT.sub(" oneinoneout ", words))


def _named_in(graph, value, span: str) -> bool:
    """Whether one evidence span names `value`: a literal's content words; all the content words of one of a
    thing's names (its label without the curators' gloss in brackets; an altLabel); or, for a named person, the
    label's last word ('Ms Badenoch'), as oos:SpeakerStatedShape does."""
    stated = _name_stems(span)
    if not isinstance(value, URIRef):
        return _name_stems(str(value)) <= stated
    label = str(graph.value(value, RDFS.label) or "")
    names = [_without_gloss(label), *(str(n) for prop in NAMES[1:] for n in graph.objects(value, prop))]
    if ((value, RDF.type, OO.Official) in graph or (value, RDF.type, OO.Person) in graph) \
            and (value, OO.anonymous, Literal(True)) not in graph:  # not the 'UK' of '... who re-entered the UK'
        names.append(label.split()[-1])
    return any(_name_stems(name) and _name_stems(name) <= stated for name in names)


def entity_facts_unsourced(graph) -> list[str]:
    """Facts about entities (an organisation's country, a post's organisation, a person's party, an agreement's
    parties and status, an event's participants, venue and agreement, who held which post) that no source gives:
    none of the entity's evidence spans (the report files' words on it) names the value, no marker (oo:inferredValue
    for the property with that rdf:value) says how it was obtained, and, for a post holding's holder and post,
    no oo:basis names the record of the appointment. Facts of a report's own statements and figures are left
    to the shapes (oos:VenueStatedShape, oos:MembershipMarkedShape ...)."""
    problems = []
    for prop in ENTITY_FACTS:
        for node, value in sorted(graph.subject_objects(prop)):
            if (node, OO.inReport, None) in graph:
                continue
            if any(graph.value(m, RDF.value) == value for m in _markers(graph, node, {prop})) \
                    or (prop in APPOINTMENT and graph.value(node, OO.basis) is not None):
                continue
            spans = [str(graph.value(span, OA.exact)) for span in graph.objects(node, OO.evidence)]
            if not any(_named_in(graph, value, span) for span in spans):
                problems.append(f"{node}: {prop.n3(graph.namespace_manager)} {value.n3(graph.namespace_manager)} "
                                "is named by none of its evidence, nor marked")
    return problems


LINKED = (OO.participant, OO.venue, OO.ofAgreement, OO.party, OO.eventType)  # an event's or agreement's links


def entity_labels_unstated(graph) -> list[str]:
    """Content words of the label of a shared event or agreement (its curators' gloss in brackets aside) that
    none of these write: its evidence and that of the dates reports give it (oo:EventDate), the names of what
    it links to (participants, venue, agreement, parties, its kind of event: 'operations began', 'interview'),
    its marked values. The desk heads the event's page and every date of it with the label, read as the
    reports' name for it: 'Labour entered government' for 'on entering power' said more."""
    problems = []
    kinds = (OO.Event, OO.Interview, OO.Agreement)
    for node in sorted({node for kind in kinds for node in graph.subjects(RDF.type, kind)}):
        label = graph.value(node, RDFS.label)
        if label is None or (node, OO.inReport, None) in graph:
            continue
        said = [_evidence(graph, node), *(_evidence(graph, dated) for dated in graph.subjects(OO.event, node)),
                *(_names(graph, value) for prop in LINKED for value in graph.objects(node, prop))]
        stated = _name_stems("\n".join(said)) | _marked_stems(graph, node)
        name = ONE_IN_ONE_OUT.sub(" oneinoneout ", _without_gloss(label))
        unstated = _unstated(name, stated)
        if unstated:
            problems.append(f"{node}: its label says {unstated}, the reports do not")
    return problems


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
    assert summary_words_unstated(elsewhere) == named


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


def test_each_audit_reads_every_fact_of_its_class(data):
    """The audits above pass because the data is right, not because they read nothing."""
    assert len(set(data.subjects(OO.statedAs, None))) >= 60
    assert sum(1 for figure in data.subjects(OO.indicator, None) if (figure, OO.evidence, None) in data) >= 70
    assert sum(1 for prop in DATED for _ in data.subject_objects(prop)) >= 100
    assert sum(1 for prop in (OO.gist, OO.says) for _ in data.subject_objects(prop)) >= 50
    assert sum(1 for prop in ENTITY_FACTS for node, _ in data.subject_objects(prop)
               if (node, OO.inReport, None) not in data) >= 120
    assert sum(1 for cls in (OO.Event, OO.Agreement) for node in data.subjects(RDF.type, cls)
               if (node, OO.inReport, None) not in data) >= 25
    assert sum(1 for node in data.subjects(OO.inReport, None)
               if (node, RDFS.label, None) in data and (node, OO.evidence, None) in data) >= 200
