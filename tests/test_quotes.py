"""Quote fidelity across the five reports: the quotations of one utterance grouped, aligned word by
word and classified as a careful checker would (identical, trimmed, extended, altered, paraphrase as
quote), with the differing words; and on small synthetic cases."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kg.analysis.figures import local
from kg.analysis.quotes import FIDELITIES, add_links, compare_all, words, words_of
from kg.core.namespaces import OI, OO

QUOTED = re.compile(r'"([^"]*)"')  # a passage shown in quotation marks
IDENTIFIER = re.compile(r"\br\d{3}\b|\br\d{3}-|[a-z][A-Z]")  # "r000", "r000-st-philp-3", "ParaphraseAsQuote"


@pytest.fixture(scope="module")
def comparisons(sources):
    return {(local(c.a.node), local(c.b.node)): c for c in compare_all(sources.asserted())}


@pytest.fixture(scope="module")
def written(comparisons):
    """The comparisons as the release has them (dist/discrepancies.ttl)."""
    return add_links(list(comparisons.values()), Graph(), OI["kg-discrepancies"])


# Every pair of quotations of one utterance in different reports, with its class, read off the texts.
EXPECTED = {
    # Mahmood on LBC
    ("r000-st-mahmood-13", "r001-st-mahmood-6"): "altered",  # "we couldn’t find" / "Officials couldn't find"
    ("r000-st-mahmood-13", "r001-st-mahmood-5"): "paraphrase-as-quote",  # "was advertising the new legal route"
    ("r000-st-mahmood-14", "r001-st-mahmood-7"): "extended",  # "... to vulnerable individuals ..."
    ("r000-st-mahmood-14", "r002-st-mahmood-6"): "trimmed",  # 002 quotes one sentence more
    ("r001-st-mahmood-7", "r002-st-mahmood-6"): "extended",
    ("r000-st-mahmood-3", "r002-st-mahmood-2"): "trimmed",  # "very normal discrepancies" ⊂ "... in these numbers"
    ("r000-st-mahmood-5", "r002-st-mahmood-2"): "altered",  # "on these numbers" / "in these numbers"
    ("r000-st-mahmood-12", "r002-st-mahmood-7"): "paraphrase-as-quote",  # "will grow" / "already growing"
    ("r000-st-mahmood-6", "r001-st-mahmood-2"): "extended",  # "still"
    ("r000-st-mahmood-6", "r002-st-mahmood-3"): "trimmed",
    ("r000-st-mahmood-6", "r004-st-mahmood-4"): "trimmed",
    ("r001-st-mahmood-2", "r002-st-mahmood-3"): "trimmed",
    ("r001-st-mahmood-2", "r004-st-mahmood-4"): "trimmed",
    ("r002-st-mahmood-3", "r004-st-mahmood-4"): "trimmed",
    ("r000-st-mahmood-8", "r002-st-mahmood-8"): "altered",  # "prove this new model" / "prove that this new model"
    ("r000-st-mahmood-9", "r001-st-mahmood-8"): "altered",  # "and get them" / "and then get them"
    ("r000-st-mahmood-9", "r002-st-mahmood-4"): "altered",
    ("r001-st-mahmood-8", "r002-st-mahmood-4"): "identical",
    ("r000-st-mahmood-9", "r004-st-mahmood-6"): "trimmed",  # "practical issues"
    ("r001-st-mahmood-8", "r004-st-mahmood-6"): "trimmed",
    ("r002-st-mahmood-4", "r004-st-mahmood-6"): "trimmed",
    ("r000-st-mahmood-10", "r001-st-mahmood-9"): "altered",  # "sped up removals" / "speeded up the removals"
    # Philp (and the Conservatives, in 002)
    ("r000-st-philp-1", "r002-st-conservatives-1"): "identical",
    ("r000-st-philp-9", "r002-st-conservatives-1"): "identical",
    ("r000-st-philp-2", "r002-st-conservatives-1"): "trimmed",
    ("r000-st-philp-3", "r002-st-philp-1"): "identical",  # 002 quotes two sentences that 000 quotes apart
    ("r000-st-philp-4", "r002-st-philp-1"): "identical",
    ("r000-st-philp-5", "r002-st-philp-2"): "identical",
    ("r000-st-philp-6", "r002-st-philp-2b"): "identical",
    ("r000-st-philp-7", "r002-st-philp-2b"): "identical",
    ("r000-st-philp-8", "r002-st-philp-2c"): "identical",  # "ECHR" / "[European Convention on Human Rights]"
    # the Prime Minister's official spokesman
    ("r001-st-pm-spokesman-3", "r002-st-spokesman-5"): "identical",
    ("r001-st-pm-spokesman-4", "r002-st-spokesman-3"): "altered",  # "We've always been clear that the" / "But those"
    ("r001-st-pm-spokesman-5", "r002-st-spokesman-2"): "identical",
    ("r001-st-pm-spokesman-6", "r002-st-spokesman-4"): "identical",
}


def test_every_pair_of_quotations_of_one_utterance_is_found_and_classified(comparisons):
    assert {pair: c.fidelity for pair, c in comparisons.items()} == EXPECTED


def test_the_differing_words_are_shown(comparisons):
    def diffs(a, b):
        return {(d.fidelity, d.words_a, d.words_b) for d in comparisons[(a, b)].differences}
    assert ("altered", "we", "Officials") in diffs("r000-st-mahmood-13", "r001-st-mahmood-6")
    assert ("extended", "", "about this alternative pathway") in diffs("r000-st-mahmood-13", "r001-st-mahmood-6")
    assert ("altered", "on", "in") in diffs("r000-st-mahmood-5", "r002-st-mahmood-2")
    assert ("paraphrase-as-quote", "The numbers will grow", "already growing") in diffs("r000-st-mahmood-12",
                                                                                       "r002-st-mahmood-7")
    assert ("variant", "ECHR", "[European Convention on Human Rights]") in diffs("r000-st-philp-8", "r002-st-philp-2c")


def test_the_same_words_attributed_to_different_speakers_are_noted(comparisons):
    notes = " ".join(comparisons[("r000-st-philp-1", "r002-st-conservatives-1")].notes)
    assert "Chris Philp in report 000" in notes and "Conservative Party in report 002" in notes


def test_each_comparison_names_the_speakers_of_its_two_quotes_once_each(sources, written):
    """quote-fidelity finds a person's comparisons by oo:quotedSpeaker (reading every statement of theirs
    instead took 30 ms a person at 1 M): each comparison has the speaker of each quote as the data gives it,
    one value where both are one person's (Mahmood's), two where they differ (Philp's and his party's)."""
    data = sources.asserted()
    found = {c: set(written.objects(c, OO.quotedSpeaker)) for c in written.subjects(RDF.type, OO.QuoteComparison)}
    speakers = {c: {data.value(written.value(c, side), OO.speaker) for side in (OO.quoteA, OO.quoteB)} for c in found}
    assert found == speakers
    assert {len(s) for s in found.values()} == {1, 2}


def test_a_comparison_label_names_the_speaker_and_reports_not_identifiers(written):
    """Regression: labels read "ParaphraseAsQuote: r000-st-mahmood-12 / r002-st-mahmood-7" on pages,
    browser titles and search results."""
    label = str(written.value(next(written.subjects(OO.quoteA, OI["r000-st-mahmood-12"])), RDFS.label))
    assert label.startswith("Paraphrase as quote: Shabana Mahmood (inferred), report 000 and report 002")
    kinds = (OO.QuoteComparison, OO.QuoteDifference, OO.QuoteGroup)
    labels = [str(written.value(node, RDFS.label)) for kind in kinds for node in written.subjects(RDF.type, kind)]
    assert all(label != "None" for label in labels), "every comparison, difference and group has a label"
    assert [label for label in labels if IDENTIFIER.search(QUOTED.sub("", label))] == []
    assert len(set(labels)) == len(labels), "each label tells its item apart from the others on a list"


def test_two_comparisons_of_one_speaker_and_the_same_reports_are_told_apart_by_their_words(written):
    labels = {str(written.value(c, RDFS.label)) for c in written.subjects(OO.quoteA, OI["r000-st-mahmood-13"])}
    assert labels == {
        'Paraphrase as quote: Shabana Mahmood (inferred in report 001), report 000 and report 001: "One of the first"',
        'Altered: Shabana Mahmood (inferred in report 001), report 000 and report 001: "Officials couldn\'t find"'}


def test_short_quotes_of_one_speaker_and_the_same_reports_get_labels_told_apart():
    """Quotes of three words or fewer: the first words are all of them (no traceback, no two labels alike)."""
    reports = ('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
               'oi:r1 rdfs:label "Report 001: x"@en . oi:r2 rdfs:label "Report 002: y"@en .\n')
    graph = Graph().parse(data=PREFIXES + reports
                          + quoted("a", "r1", "x", "no silver bullet") + quoted("b", "r2", "x", "no silver bullet")
                          + quoted("c", "r1", "x", "flood the Channel", "e")
                          + quoted("d", "r2", "x", "flood the Channel", "e"), format="turtle")
    written = add_links(compare_all(graph), Graph(), OI["kg-discrepancies"])
    labels = sorted(str(written.value(s, RDFS.label)) for s in written.subjects(RDF.type, OO.QuoteComparison))
    assert labels == ['Identical: x, report 001 and report 002: "flood the Channel"',
                      'Identical: x, report 001 and report 002: "no silver bullet"']


def test_words_shown_in_quotation_marks_are_the_sources_exact_words(comparisons, written):
    """Regression: the notes quoted Philp as "And worse than that they ... 41 000 arrived last year" (the
    normalised words re-joined) where he said "And worse than that, they ... 41,000 arrived last year."."""
    for c in comparisons.values():
        differences = list(written.objects(c.iri, OO.difference))
        shown = [c.explanation(), str(written.value(c.iri, RDFS.label))]
        shown += [str(written.value(d, RDFS.label)) for d in differences]
        passages = [passage for text in shown for passage in QUOTED.findall(text)]
        passages += [str(written.value(d, p)) for d in differences for p in (OO.wordsA, OO.wordsB)]
        for passage in passages:
            assert passage in c.a.text or passage in c.b.text, (passage, c.a.text, c.b.text)
        for passage in QUOTED.findall(c.group.label()):
            assert any(passage in q.text for q in c.group.members), passage
    philp = comparisons[("r000-st-philp-3", "r002-st-philp-1")].explanation()
    assert '"And worse than that, they have only removed 281 illegal immigrants when 41,000 arrived last year"' in philp


def test_every_difference_the_explanation_mentions_is_written_as_a_quote_difference(comparisons, written):
    """Regression: a variant ("ECHR" / "[European Convention on Human Rights]") and words quoted
    separately were in the explanation only, so the comparison page said "Where the words differ: None."."""
    for c in comparisons.values():
        found = {(written.value(d, OO.fidelity), str(written.value(d, OO.wordsA)), str(written.value(d, OO.wordsB)))
                 for d in written.objects(c.iri, OO.difference)}
        assert found == {(FIDELITIES[d.fidelity], d.words_a, d.words_b) for d in c.differences}
    echr = comparisons[("r000-st-philp-8", "r002-st-philp-2c")]
    assert echr.fidelity == "identical"
    assert {(written.value(d, OO.fidelity), str(written.value(d, OO.wordsA)))
            for d in written.objects(echr.iri, OO.difference)} == {(OO.Variant, "ECHR")}
    apart = comparisons[("r000-st-philp-3", "r002-st-philp-1")]
    worse = "And worse than that, they have only removed 281 illegal immigrants when 41,000 arrived last year"
    assert [(d.fidelity, d.words_b) for d in apart.differences] == [("quoted-separately", worse)]


def test_the_fidelity_words_are_the_ontologys_preferred_labels(sources):
    for name, concept in FIDELITIES.items():
        assert Literal(words_of(name), lang="en") in set(sources.ontology.objects(concept, SKOS.prefLabel))


def test_groups_are_one_utterance_each(comparisons):
    groups = {c.group.iri: c.group for c in comparisons.values()}
    for group in groups.values():
        assert len({q.report for q in group.members}) >= 2
        assert len({q.speaker for q in group.members}) <= 2  # a speaker, and at most the party they speak for


def test_contractions_spacing_and_case_are_not_differences():
    assert [w.norm for w in words("You’ve got to compete")] == [w.norm for w in words("You have got to compete")]
    assert [w.norm for w in words("we ran in to")] == [w.norm for w in words("We ran into")]


PREFIXES = """@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix oi: <https://w3id.org/oioo/id/> .
oi:s oo:speakerPost oi:p . oi:p oo:inOrganisation oi:org .
"""


def quoted(name, report, speaker, text, occasion=None, about=()):
    extra = f" ; oo:occasion oi:{occasion}" if occasion else ""
    extra += "".join(f" ; oo:about oi:{subject}" for subject in about)
    return (f'oi:{name} a oo:DirectQuote ; oo:speaker oi:{speaker} ; oo:inReport oi:{report} ; '
            f'oo:quote "{text}"{extra} .\n')


def classes(*parts):
    graph = Graph().parse(data=PREFIXES + "".join(parts), format="turtle")
    return sorted((local(c.a.node), local(c.b.node), c.fidelity) for c in compare_all(graph))


def test_different_speakers_or_occasions_are_not_one_utterance():
    assert classes(quoted("a", "r1", "x", "The numbers will fluctuate."),
                   quoted("b", "r2", "y", "The numbers will fluctuate.")) == []
    assert classes(quoted("a", "r1", "x", "The numbers will fluctuate.", "e1"),
                   quoted("b", "r2", "x", "The numbers will fluctuate.", "e2")) == []


def test_quotes_about_different_agreements_are_not_one_utterance_though_their_words_are_alike():
    """A speaker who says "a net inflow of 51" of one deal and "a net inflow of 61" of another was not
    misquoted by either report: two remarks, not one quoted two ways."""
    deals = "oi:deal-1 a oo:Agreement . oi:deal-2 a oo:Agreement .\n"
    assert classes(deals, quoted("a", "r1", "x", "a net inflow of 51", about=("deal-1", "x")),
                   quoted("b", "r2", "x", "a net inflow of 61", about=("deal-2", "x"))) == []
    assert classes(deals, quoted("a", "r1", "x", "a net inflow of 51", about=("deal-1",)),
                   quoted("b", "r2", "x", "a net inflow of 61", about=("deal-1", "deal-2"))) == [
        ("a", "b", "paraphrase-as-quote")]
    # what a quote is about that is not an agreement (a person, a police force) does not part it
    assert classes(deals, quoted("a", "r1", "x", "a net inflow of 51", about=("deal-1",)),
                   quoted("b", "r2", "x", "a net inflow of 61", about=("x",))) == [
        ("a", "b", "paraphrase-as-quote")]


def test_a_negation_added_inside_the_quotation_marks_is_a_paraphrase():
    assert classes(quoted("a", "r1", "x", "We can detain people quickly and move them out."),
                   quoted("b", "r2", "x", "We cannot detain people quickly and move them out.")) == [
        ("a", "b", "paraphrase-as-quote")]


@pytest.mark.parametrize("cut", ["…", " … ", "...", " . . . ", " [...] ", " […] "])
def test_words_left_out_where_an_ellipsis_marks_the_cut_are_trimmed_never_extended(cut):
    """A report that quoted "We have removed 281 people … and we will go further" was taken to have dropped
    words the other report's quote "extended" its sentence with, as if the longer quote added words: an
    ellipsis is the quoting report's own mark of words left out, so the shorter quote is trimmed. (Three
    dots also ended a sentence there, and a quote that trailed off with them was taken as a whole
    sentence.)"""
    whole = "We have removed 281 people since August and we will go further."
    assert classes(quoted("a", "r1", "x", whole),
                   quoted("b", "r2", "x", f"We have removed 281 people{cut}and we will go further.")) == [
        ("a", "b", "trimmed")]
    assert classes(quoted("a", "r1", "x", whole),
                   quoted("b", "r2", "x", "We have removed 281 people since August and we will...")) == [
        ("a", "b", "trimmed")]
    assert classes(quoted("a", "r1", "x", "We have removed 281 people and we will go further."),
                   quoted("b", "r2", "x", whole)) == [("a", "b", "extended")]  # no mark: words added


def test_a_fragment_is_trimmed_and_a_longer_sentence_is_extended():
    assert classes(quoted("a", "r1", "x", "They are relatively small numbers, but this was a pilot."),
                   quoted("b", "r2", "x", "relatively small numbers")) == [("a", "b", "trimmed")]
    assert classes(quoted("a", "r1", "x", "You have got to get your messages out."),
                   quoted("b", "r2", "x", "You have got to get your messages out to the vulnerable.")) == [
        ("a", "b", "extended")]
