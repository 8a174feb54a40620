"""The analysis (kg check, kg discrepancies: kg.analysis.files.analysis) read both ways, on mutated data: over
the engine's index (kg.core.triples.TripleIndex, written to StringTriples) and over an rdflib Graph (the
reference's build), the seed's triples changed 1-4 times (a second value, comparator, wording, unit,
indicator, date or report on a figure or statement; a second input or baseline; a derivation's method, a
value, a comparator changed; a quote's words altered, cut or extended; a speaker quoted in two reports; a
figure moved to another report; an indicator shared by more reports). Both must write the same N-Triples
bytes, as the release writes them, whatever order the triples come in, and so whatever PYTHONHASHSEED
(the engine's index is built from a set of strings).

The analysis takes 0.1 s a run on the seed: the sweep is bounded (max_examples), the hash seed checked in
subprocesses on a few examples only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.analysis.files import analysis
from kg.analysis.figures import FigureReader, indicators
from kg.build.release import _lines, blank_node_labels
from kg.core.terms import rdflib_literal, term_string
from kg.core.triples import RdflibTerms, StringTriples, TripleIndex
from kg.reference.load import load_sources
from kg.core.serialize import relabel, serialize, stable_blank_node_labels
from sweep_scale import examples

OO, OI, OA = "https://w3id.org/oioo/ontology#", "https://w3id.org/oioo/id/", "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL, VALUE = "<http://www.w3.org/2000/01/rdf-schema#label>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#value>"


def oo(name: str) -> str:
    return f"<{OO}{name}>"


def number(lexical: str) -> str:
    return f'"{lexical}"^^<{XSD}{"decimal" if "." in lexical else "integer"}>'


def text(words: str) -> str:
    return '"' + words.replace("\\", "\\\\").replace('"', '\\"') + '"'


NUMBERS = [number(n) for n in ("0", "-9", "69", "70", "41000", "41472", "281", "350", "25", "24.555160142",
                               "100000000000000000000000", "0.000001")]
# numbers as data may also write them (kg validate reports what the shapes do not allow): another datatype,
# a form XSD does not write, or no finite number at all
NUMBERS += [f'"{lexical}"^^<{XSD}{datatype}>' for lexical, datatype in (
    ("NaN", "double"), ("INF", "double"), ("-INF", "float"), ("3.5E2", "double"), ("01", "integer"),
    ("350.0", "decimal"), ("350", "string"), ("abc", "integer"))] + ['"350"', '"350"@en']
WORDINGS = [text(w) for w in ("70", "69", "41,000", "more than 41,000", "around 69", "virtually zero", "25 per cent",
                              "1.6 per cent", "£50 million", "dozens", "69 MORE")]
COMPARATORS = [oo(c) for c in ("Exactly", "MoreThan", "AtLeast", "LessThan", "Almost", "UpTo", "AtMost", "Around",
                               "Average", "Vague")]
UNITS = [oo(u) for u in ("People", "Percent", "Count", "Week", "RankPosition")]
METHODS = [oo(m) for m in ("Difference", "PercentageChange", "Share", "Ratio", "Rank")]
DATES = [f'"2025-09-18"^^<{XSD}date>', f'"2026"^^<{XSD}gYear>', f'"2025-08"^^<{XSD}gYearMonth>',
         f'"2024-01-01"^^<{XSD}date>']


class Seed:
    """The seed's asserted triples (ontology and data) as N-Triples strings, in a fixed order, and what the
    mutations draw from: figures, derivations, statements with a quote, speakers, reports, indicators.
    Blank nodes are labelled by what they say, as the release labels them: the parser's labels are new at
    each parse, and the mutations must pick the same nodes from one run to the next."""

    def __init__(self, triples):
        labels, _ = blank_node_labels(triples)
        self.triples = sorted((labels.get(s, s), p, labels.get(o, o)) for s, p, o in triples)
        subjects = lambda predicate: sorted({s for s, p, _ in self.triples if p == predicate and s[0] == "<"})  # noqa: E731
        objects = lambda predicate: sorted({o for _, p, o in self.triples if p == predicate and o[0] == "<"})  # noqa: E731
        self.figures = subjects(oo("indicator"))
        self.derivations = subjects(oo("method"))
        self.quoted = subjects(oo("quote"))
        self.statements = subjects(oo("speaker"))
        self.speakers = objects(oo("speaker"))
        self.reports = objects(oo("inReport"))
        self.indicators = objects(oo("indicator"))
        self.spans = sorted({o for _, p, o in self.triples if p == oo("evidence")})


@pytest.fixture(scope="module")
def seed(project):
    return Seed({tuple(term_string(t) for t in triple) for triple in load_sources(project).asserted()})


# ------------------------------------------------------------------ mutations
# Each takes the triples (a set), the seed and `pick` (a sequence -> one of its items, drawn by Hypothesis)
# and changes the triples in place.

def _replace(triples: set, subject: str, predicate: str, new: str) -> None:
    for found in [t for t in triples if t[0] == subject and t[1] == predicate]:
        triples.discard(found)
    triples.add((subject, predicate, new))


def second(predicate: str, pool: str):
    def mutate(triples, seed, pick):
        triples.add((pick(getattr(seed, "figures")), oo(predicate), pick(_pool(seed, pool))))
    mutate.__name__ = f"second_{predicate}"
    return mutate


def changed(predicate: str, pool: str, nodes: str = "figures"):
    def mutate(triples, seed, pick):
        _replace(triples, pick(getattr(seed, nodes)), oo(predicate), pick(_pool(seed, pool)))
    mutate.__name__ = f"changed_{predicate}"
    return mutate


def _pool(seed: Seed, name: str) -> list:
    return {"numbers": NUMBERS, "wordings": WORDINGS, "comparators": COMPARATORS, "units": UNITS, "dates": DATES,
            "methods": METHODS}.get(name) or getattr(seed, name)


def second_input(triples, seed, pick):
    triples.add((pick(seed.derivations), oo(pick(["input", "baseline"])), pick(seed.figures)))


def input_no_figure(triples, seed, pick):
    """A derivation's input or baseline that is no figure: an IRI nothing describes, a report, a literal, a
    blank node."""
    triples.add((pick(seed.derivations), oo(pick(["input", "baseline"])),
                 pick([f"<{OI}nobody-describes-this>", pick(seed.reports), text("350"), "_:no-figure"])))


def second_of_statement(triples, seed, pick):
    predicate, pool = pick([("speaker", seed.speakers), ("date", DATES), ("inReport", seed.reports),
                            ("quote", [text("350 people came in"), text("we've had 350 people")])])
    triples.add((pick(seed.statements), oo(predicate), pick(pool)))


def quote_altered(triples, seed, pick):
    """A quote's words changed: a word dropped, cut with "...", extended, a number changed, or its case."""
    node = pick(seed.quoted)
    old = next(o for s, p, o in sorted(triples) if s == node and p == oo("quote"))
    words = str(rdflib_literal(old)).split(" ")
    at = pick(range(len(words)))
    how = pick(["drop", "cut", "extend", "digit", "upper"])
    if how == "drop" and len(words) > 1:
        del words[at]
    elif how == "cut":
        words[at:at + 3] = ["..."]
    elif how == "extend":
        words.append("and a great many more besides")
    elif how == "digit":
        words[at] = "350"
    else:
        words[at] = words[at].upper()
    _replace(triples, node, oo("quote"), text(" ".join(words)))


def span_altered(triples, seed, pick):
    """An evidence span's words cut short, or another span's words."""
    span = pick(seed.spans)
    old = [o for s, p, o in triples if s == span and p == f"<{OA}exact>"]
    if old:
        words = str(rdflib_literal(old[0]))
        new = pick([text(words[: len(words) // 2]), text("350 people came in and 281 were removed")])
        _replace(triples, span, f"<{OA}exact>", new)


def second_mention(triples, seed, pick):
    triples.add((pick(seed.statements), oo("mentionsFigure"), pick(seed.figures)))


def namesake_speaker(triples, seed, pick):
    """A statement given a second speaker, another person of the same name as a speaker."""
    speaker = pick(seed.speakers)
    namesake = f"<{OI}namesake-{len(speaker)}>"
    triples.update((namesake, LABEL, o) for s, p, o in list(triples) if s == speaker and p == LABEL)
    triples.add((pick(seed.statements), oo("speaker"), namesake))


def second_inferred_date(triples, seed, pick):
    """A report's date inferred twice (a second oo:inferredValue marker for schema:datePublished)."""
    marker = f"<{OI}second-date-marker>"
    triples.update({(pick(seed.reports), oo("inferredValue"), marker),
                    (marker, oo("inferredProperty"), "<https://schema.org/datePublished>"), (marker, VALUE, pick(DATES))})


MUTATIONS = [
    second("value", "numbers"), second("comparator", "comparators"), second("statedAs", "wordings"),
    second("unit", "units"), second("indicator", "indicators"), second("asOf", "dates"),
    second("inReport", "reports"), second("bound", "numbers"), second("derivation", "derivations"),
    second_input, input_no_figure, second_of_statement,
    changed("value", "numbers"), changed("comparator", "comparators"), changed("statedAs", "wordings"),
    changed("method", "methods", nodes="derivations"), changed("inReport", "reports"),
    changed("indicator", "indicators"), changed("speaker", "speakers", nodes="statements"),
    quote_altered, span_altered, second_mention, namesake_speaker, second_inferred_date,
]


# ------------------------------------------------------------------ the two reads, as the release writes them

def engine_ntriples(triples) -> dict:
    """name -> N-Triples bytes of the engine's analysis over `triples` (in that order), as
    kg.build.release.analysis_files labels and sorts them."""
    out = {}
    for name, graph in analysis(TripleIndex(triples), StringTriples).items():
        labels, holding = blank_node_labels(graph, graph.holding)
        lines = _lines(graph, labels, holding)
        out[name] = ("".join(line + " .\n" for line in lines) or "\n").encode("utf-8")
    return out


def reference_ntriples(triples) -> dict:
    """name -> N-Triples bytes of the reference's analysis over an rdflib Graph of `triples` (added in
    that order), as kg.core.serialize writes its graphs."""
    return {name: serialize(relabel(part, stable_blank_node_labels(part)), "nt")
            for name, part in analysis(rdflib_graph(triples)).items()}


def rdflib_graph(triples) -> Graph:
    """An rdflib Graph of N-Triples string triples, added in their order."""
    graph, term = Graph(), RdflibTerms()
    for s, p, o in triples:
        graph.add((term[s], term[p], term[o]))
    return graph


def first_difference(ours: dict, theirs: dict) -> str:
    for name in sorted(theirs):
        a, b = set(ours[name].splitlines()), set(theirs[name].splitlines())
        if a != b:
            return f"{name}: engine only {sorted(a - b)[:3]}; reference only {sorted(b - a)[:3]}"
    return ""


mutations = st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)


def mutated(seed: Seed, chosen, data) -> list:
    triples = set(seed.triples)
    pick = lambda items: data.draw(st.sampled_from(list(items)))  # noqa: E731
    for mutate in chosen:
        mutate(triples, seed, pick)
    return sorted(triples)


@settings(max_examples=examples(24), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(chosen=mutations, data=st.data())
def test_the_engine_analysis_writes_the_references_bytes_on_mutated_data(seed, chosen, data):
    """Whatever order each side is given the triples in (the index the reverse of the Graph, and again in
    another order): the same bytes."""
    triples = mutated(seed, chosen, data)
    note(f"mutations: {[m.__name__ for m in chosen]}")
    theirs = reference_ntriples(triples)
    ours, again = engine_ntriples(triples[::-1]), engine_ntriples(triples[1::2] + triples[::2])
    assert ours == again, first_difference(ours, again)
    assert ours == theirs, first_difference(ours, theirs)


def timelines(graph) -> dict:
    """indicator -> `kg timeline` of it as JSON, every indicator of `graph`, as named by resolve_indicator."""
    from kg.analysis import timeline

    return {str(iri): timeline.render(timeline.timeline(graph, timeline.resolve_indicator(graph, str(iri))), "json")
            for iri, _ in indicators(graph)}


@settings(max_examples=examples(16), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(chosen=mutations, data=st.data())
def test_the_engine_timelines_are_the_references_on_mutated_data(seed, chosen, data):
    """kg timeline reads the engine's index (kg check and kg discrepancies too): each indicator's timeline, in
    either order of the triples, is the one read from rdflib's Graph."""
    triples = mutated(seed, chosen, data)
    note(f"mutations: {[m.__name__ for m in chosen]}")
    theirs = timelines(rdflib_graph(triples))
    assert timelines(TripleIndex(triples[::-1])) == theirs
    assert timelines(TripleIndex(triples[1::2] + triples[::2])) == theirs


# ------------------------------------------------------------------ under two hash seeds

ENGINE_DIGEST = """
import hashlib, sys
from kg.sources.load import read_triples
from kg.build.release import _lines, blank_node_labels
from kg.analysis.files import analysis
from kg.analysis.figures import FigureReader
from kg.core.triples import StringTriples, TripleIndex
triples = set(read_triples(sys.argv[1], terms={}))
for name, graph in sorted(analysis(TripleIndex(triples), StringTriples).items()):
    labels, holding = blank_node_labels(graph, graph.holding)
    print(name, hashlib.sha256("\\n".join(_lines(graph, labels, holding)).encode()).hexdigest())
"""


@settings(max_examples=examples(4), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=mutations, data=st.data())
def test_the_engine_analysis_is_the_same_under_two_hash_seeds(seed, tmp_path, chosen, data):
    """The engine builds its index from a set of strings, whose order PYTHONHASHSEED decides (run outside the
    worktree: `python -c` would import kg from the working directory before PYTHONPATH)."""
    path = Path(tmp_path) / "mutated.nt"
    path.write_text("".join(" ".join(t) + " .\n" for t in mutated(seed, chosen, data)), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    digests = [subprocess.run([sys.executable, "-c", ENGINE_DIGEST, str(path)], capture_output=True, text=True, check=True,
                              cwd=tmp_path, env={**env, "PYTHONHASHSEED": hash_seed}).stdout for hash_seed in ("1", "2")]
    assert digests[0] == digests[1]


# ------------------------------------------------------------------ what the sweep found

def both_reads(triples) -> tuple:
    """(the engine's bytes with the triples in order, reversed, the reference's with them in order)."""
    return engine_ntriples(triples), engine_ntriples(triples[::-1]), reference_ntriples(triples)


def test_a_figure_with_two_values_is_read_by_the_least_on_both_reads(seed):
    """Two oo:value on one figure (kg validate reports it; kg check runs all the same): each read took "the
    first", rdflib's Graph in the order it was filled, the index in the order of a set of strings (another at
    each PYTHONHASHSEED), so the rating of the figures derived from it changed with the order."""
    figure = f"<{OI}r000-fig-admitted-350-mahmood>"
    triples = sorted({*seed.triples, (figure, oo("value"), number("0"))})
    ours, reversed_, theirs = both_reads(triples)
    assert ours == reversed_ == theirs
    term = RdflibTerms()
    for read in (TripleIndex(triples), TripleIndex(triples[::-1]), rdflib_graph(triples)):
        assert FigureReader(read)[term[figure]].value == 0  # the least of "0" and "350", as N-Triples sort them


def test_a_report_dated_by_two_inferred_markers_is_dated_alike_on_both_reads(seed):
    """A report with no schema:datePublished and two oo:inferredValue markers for it, of different dates: each
    read took the date of the marker it came to first, so figures' dates and the discrepancies built on them
    (a contradiction, or counts from different events "as of" one date) changed with the order of the triples."""
    report, marker = f"<{OI}r001>", f"<{OI}second-date-marker>"
    triples = sorted({*seed.triples, (report, oo("inferredValue"), marker),
                      (marker, oo("inferredProperty"), "<https://schema.org/datePublished>"), (marker, VALUE, DATES[0])})
    ours, reversed_, theirs = both_reads(triples)
    assert ours == reversed_ == theirs
    assert b"as of 18 September 2025" in ours["discrepancies.ttl"]  # the least of the two (2025-09-18), as N-Triples sort them


@pytest.mark.parametrize("node, predicate, second", [
    ("r000-fig-admitted-350-mahmood", "value", number("0")),  # an input's value: 0 - 281 or 350 - 281
    ("r000-fig-net-inflow-69-badenoch", "comparator", oo("MoreThan")),  # the rated figure's comparator
    ("r000-drv-net-inflow-badenoch", "method", oo("Ratio")),  # the derivation's method
])
def test_a_check_resting_on_two_values_where_one_is_meant_is_not_checkable_and_says_so(seed, node, predicate, second):
    """A rating picked from one of two values says more than the data does (which the report means is not in
    it): the check of r000-fig-net-inflow-69-badenoch was "accurate" with one and "inaccurate" with the other."""
    from kg.analysis.check import NOT_CHECKABLE, check_all

    triples = sorted({*seed.triples, (f"<{OI}{node}>", oo(predicate), second)})
    verdict = next(v for v in check_all(rdflib_graph(triples)) if str(v.figure.node).endswith("r000-fig-net-inflow-69-badenoch"))
    assert verdict.rating == NOT_CHECKABLE
    assert f"{node} gives two oo:{predicate}" in verdict.reason and "kg validate" in verdict.reason
    ours, reversed_, theirs = both_reads(triples)
    assert ours == reversed_ == theirs


def test_a_wording_whose_number_is_not_the_value_is_not_said_to_have_no_digits(seed):
    """oo:value 70 on a figure worded "69 MORE" (nothing in kg validate compares the two): the check said
    "69 MORE" has no digits, which its wording does not support; it now says no number of it is 70."""
    from kg.analysis.check import check_all

    figure = f"<{OI}r000-fig-net-inflow-69-badenoch>"
    triples = sorted({t for t in seed.triples if t[:2] != (figure, oo("value"))} | {(figure, oo("value"), number("70"))})
    verdict = next(v for v in check_all(rdflib_graph(triples)) if str(v.figure.node) == figure[1:-1])
    assert "no digits" not in verdict.review_body()
    assert '"69 MORE" gives no number that is 70' in verdict.review_body()


@pytest.mark.parametrize("predicate, second", [("value", number("0")), ("unit", oo("Percent")),
                                               ("indicator", f"<{OI}ind-net-inflow>")])
def test_a_figure_with_two_values_where_one_is_meant_is_not_compared_and_said_so(seed, predicate, second):
    """kg discrepancies compared a figure giving two oo:value (0 and 350) by the least: "Reports contradict each
    other on admitted from France: 23 or 0", where the figure's own wording is "350", a contradiction the data
    does not support. Such a figure is now left out of the comparisons, with the reason, as kg check leaves it."""
    from kg.analysis.discrepancies import detect

    node = f"<{OI}r000-fig-admitted-350-mahmood>"
    triples = sorted({*seed.triples, (node, oo(predicate), second)})
    found = detect(rdflib_graph(triples))
    reasons = {str(f.node): reason for f, reason in found.skipped}
    assert f"r000-fig-admitted-350-mahmood gives two oo:{predicate}" in reasons[node[1:-1]]
    assert not [d for d in found if any(str(s.node) == node[1:-1] for _, sides in d.groups for s in sides)]
    ours, reversed_, theirs = both_reads(triples)
    assert ours == reversed_ == theirs


@pytest.mark.parametrize("role", ["input", "baseline"])
def test_an_input_nothing_describes_is_said_not_in_the_graph_on_both_reads(seed, role):
    """A derivation's input (or baseline) that is an IRI no triple describes: the reference's check says "the
    input ... is not in the graph"; the engine's read stopped with AttributeError (its index took no
    wildcard in `(node, None, None) in graph`): kg check, which reads the index, was an internal error."""
    from kg.analysis.check import check_all

    derivation, nobody = f"<{OI}r000-drv-net-inflow-badenoch>", f"<{OI}nobody-describes-this>"
    triples = sorted({*seed.triples, (derivation, oo(role), nobody)})
    ours, reversed_, theirs = both_reads(triples)
    assert ours == reversed_ == theirs
    verdict = next(v for v in check_all(TripleIndex(triples)) if str(v.figure.node).endswith("r000-fig-net-inflow-69-badenoch"))
    assert verdict.reason == "the input nobody-describes-this is not in the graph"


def test_the_engines_index_answers_in_with_any_term_left_open_as_rdflibs_graph_does(seed):
    """`(s, p, o) in graph` with None for any term, on the engine's index and on rdflib's Graph: the same answer
    for every triple of the seed and for terms it does not hold (the analysis asks `(node, None, None)`)."""
    triples = seed.triples[::97] + [(f"<{OI}nobody-describes-this>", oo("input"), text("350"))]
    index, graph, term = TripleIndex(seed.triples), rdflib_graph(seed.triples), RdflibTerms()
    for triple in triples:
        for pattern in range(8):
            asked = tuple(None if pattern >> i & 1 else term[t] for i, t in enumerate(triple))
            assert (asked in index) == (asked in graph), asked


@pytest.mark.parametrize("value", [f'"NaN"^^<{XSD}double>', f'"INF"^^<{XSD}double>', f'"-INF"^^<{XSD}float>'])
def test_a_value_that_is_no_finite_number_gives_the_figure_no_number(seed, value):
    """oo:value "NaN"^^xsd:double (or an infinity; kg validate reports it) stopped kg discrepancies on both
    engines with an internal error (decimal.InvalidOperation: a figure's range was worked out from it). It is
    no number a report states: the figure is read as one with no number, as vague words are."""
    figure = f"<{OI}r000-fig-admitted-350-mahmood>"
    triples = sorted({t for t in seed.triples if t[:2] != (figure, oo("value"))} | {(figure, oo("value"), value)})
    ours, reversed_, theirs = both_reads(triples)
    assert ours == reversed_ == theirs
    assert FigureReader(TripleIndex(triples))[RdflibTerms()[figure]].value is None


def test_a_blank_node_input_with_two_values_is_named_by_nothing_its_parse_labels_it_with(seed):
    """A derivation's input written as a blank node that gives two oo:value: the check's reason ("... gives two
    oo:value, 3 and 4, where one is meant") named the node by its blank node label, which each parse makes
    anew, so checks.ttl changed from build to build and from engine to engine."""
    def labelled(label: str) -> list:
        blank = f"_:{label}"
        figure = {(blank, oo("indicator"), seed.indicators[0]), (blank, oo("value"), number("3")),
                  (blank, oo("value"), number("4"))}
        return sorted({*seed.triples, (f"<{OI}r000-drv-net-inflow-badenoch>", oo("input"), blank), *figure})

    first, second = labelled("two-values"), labelled("n0123456789abcdef")
    assert b"[blank node] gives two oo:value" in engine_ntriples(first)["checks.ttl"]
    assert engine_ntriples(first) == engine_ntriples(second)
    assert reference_ntriples(first) == reference_ntriples(second)


NAMESAKE_INDICATORS = """
from rdflib import Graph, URIRef
from kg.analysis.timeline import resolve_indicator
from kg.core.errors import KGError
from kg.core.namespaces import OO, RDF
graph = Graph()
for namespace in ("https://w3id.org/oioo/id/", "http://example.org/", "urn:x:", "http://a.example/"):
    graph.add((URIRef(namespace + "ind-dup"), RDF.type, OO.Indicator))
for name in ("ind-dup", "http://example.org/ind-dup"):
    try:
        print(resolve_indicator(graph, name))
    except KGError as error:
        print(error)
"""


def test_indicators_of_one_local_name_resolve_alike_under_any_hash_seed(tmp_path):
    """`kg timeline ind-dup` where indicators of several namespaces share the local name ind-dup: kg.analysis.
    figures.indicators sorted them by local name alone, so the tie kept the order of a set of IRIs, another
    at each PYTHONHASHSEED, and each run charted another indicator. The name is now refused, naming every
    indicator it fits in IRI order, and each is charted by its IRI, alike under any hash seed."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    said = {subprocess.run([sys.executable, "-c", NAMESAKE_INDICATORS], capture_output=True, text=True, check=True,
                           cwd=tmp_path, env={**env, "PYTHONHASHSEED": hash_seed}).stdout for hash_seed in "1234"}
    assert len(said) == 1, said
    refusal, chosen = said.pop().rsplit("\n", 2)[:2]
    assert refusal.startswith("'ind-dup' names 3 indicators: give one by its IRI or prefixed name:")
    assert refusal.index("<http://a.example/ind-dup>") < refusal.index("<http://example.org/ind-dup>") < refusal.index("oi:ind-dup")
    assert chosen == "http://example.org/ind-dup"


@pytest.mark.parametrize("derivation", ["r000-drv-admitted-vs-returned-pct-report", "r000-drv-net-inflow-badenoch",
                                        "r002-drv-arrivals-2025-rank"])
@pytest.mark.parametrize("described", [False, True], ids=["no figure", "a figure"])
def test_a_blank_node_input_is_named_by_nothing_its_parse_labels_it_with(seed, derivation, described):
    """A derivation's input written as a blank node (a figure with an indicator and a value, or nothing): the
    check named it by its blank node label ("the input "no-figure" is a value written where a figure belongs",
    "Input: 3 (n47f5...)") and ordered inputs by it, and each parse labels blank nodes anew (rdflib, Oxigraph:
    another label at every build), so checks.ttl changed from build to build and from engine to engine."""
    def labelled(label: str) -> list:
        blank = f"_:{label}"
        figure = {(blank, oo("indicator"), seed.indicators[0]), (blank, oo("value"), number("3"))} if described else set()
        return sorted({*seed.triples, (f"<{OI}{derivation}>", oo("input"), blank), *figure})

    first, second = labelled("no-figure"), labelled("n0123456789abcdef")
    assert engine_ntriples(first) == engine_ntriples(second)
    assert reference_ntriples(first) == reference_ntriples(second)
