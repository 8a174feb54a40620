"""Quote fidelity: the quotations of one utterance across reports, aligned word by word and classified.

A fact-checker's first question about a quote is whether the speaker was quoted accurately. Reports
quote the same interview differently ("we couldn't find enough people" against "Officials couldn't find
enough people"); this module finds every such pair and says how they differ.

Grouping: two direct quotes are of one utterance when they have the same voice (the speaker, or the
organisation of the post they spoke in: "Downing Street" for the Prime Minister's official spokesman;
or the party of a speaker who spoke in a post: "the Conservatives" for their Shadow Home Secretary), no conflicting occasion, no conflicting agreement
(each is about an agreement, and none the same: one remark is not about two deals), and overlapping words
(a run of four words with a content word in it; or, for a fragment of at most three content words,
every one of them, by stem). Groups are the connected quotes; pairs in different reports are compared.

Alignment is rapidfuzz's word-level Levenshtein alignment (`Levenshtein.opcodes` over word lists) of the
two quotes, normalised for case, punctuation, curly apostrophes, contractions ("you've" is "you have")
and "in to"/"into". Words at an edge of one quote that another quote of the same voice in the other
report has (a quote the other report splits in two) are set aside first, as a difference not counted
("quoted separately"). Each remaining difference is:

- a variant, not counted: the same letters spaced differently ("ran in to"/"ran into"), or words the
  report put in [editorial brackets];
- altered: different words in the same place ("on these numbers"/"in these numbers"), or a few
  function words added ("and then get them");
- paraphrase as quote: different words that differ in meaning: another negation, modal or aspect
  ("will grow"/"already growing"), another number, or three or more content words mostly unshared;
- extended: words one quote has that the other does not, inside the other's sentence (in the middle,
  or after words where the other's sentence ends: "messages out." against "messages out to vulnerable
  individuals ...");
- trimmed: words one quote lacks at an edge where it is a fragment (no sentence start or end there),
  whole sentences it does not quote, or words it leaves out where it marks the cut with an ellipsis
  ("removed 281 people … and we will", "[...]").

A pair's class is its most serious difference (paraphrase as quote, altered, extended, trimmed), or
identical. Words shown in quotation marks (a difference's words, a label's first words) are the
quote's own, cut from it at the words' offsets, never the normalised words re-joined. Reports are
named as readers see them ("report 000"), never by identifier. The results are plain data
(`QuoteComparison`, `QuoteGroup`) for pages and the CLI, and
RDF (`add_links`) for dist/discrepancies.ttl and the saved query `quote-fidelity`.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz.distance import Levenshtein
from rdflib import Graph, URIRef

from kg.analysis.figures import INFERRED, inferred_properties, joined, label_of, local, value_of, report_name, spans
from kg.core.triples import literal_maker
from kg.core.wording import FUNCTION_WORDS, MEANING_MARKERS, Word, stem, words
from kg.core.namespaces import OI, OO, PROV, RDF, RDFS

CLASSES = {  # most serious first
    "paraphrase-as-quote": OO.ParaphraseAsQuote,
    "altered": OO.Altered,
    "extended": OO.Extended,
    "trimmed": OO.Trimmed,
    "identical": OO.Identical,
}
# Differences that do not count against a quote: the same letters spaced differently or [editorial
# brackets]; words the other report quotes in a quotation of their own.
NOT_COUNTED = {"variant": OO.Variant, "quoted-separately": OO.QuotedSeparately}
FIDELITIES = {**CLASSES, **NOT_COUNTED}  # every class a difference can have
SAID = frozenset("said says say told tell stated added adding described explained acknowledged admitted".split())


# ------------------------------------------------------------------ words (kg.core.wording's)


def content(ws) -> list[str]:
    """The content words' stems (no function words, meaning markers or numbers spelt as digits kept)."""
    return [stem(w.norm) for w in ws if w.norm not in FUNCTION_WORDS and w.norm not in MEANING_MARKERS]


def _complete_start(text: str) -> bool:
    first = text.strip().lstrip("‘’“”\"'([")[:1]
    return first.isupper()


def _complete_end(text: str) -> bool:
    """The quote ends a sentence: . ? ! (or a comma before the attribution, after a whole sentence)."""
    stripped = text.strip().rstrip("’”\"'")
    if stripped.endswith(("…", "..")):  # it trails off: words left out after it
        return False
    return stripped[-1:] in ".?!" or (stripped[-1:] == "," and _complete_start(text))


# ------------------------------------------------------------------ quotes in the graph


@dataclass(frozen=True)
class Quote:
    """A direct quote as the comparison needs it."""

    node: URIRef
    report: URIRef | None
    report_name: str  # "report 000" (kg.analysis.figures.report_name)
    speaker: URIRef | None
    speaker_name: str
    voice: frozenset  # the speaker and the organisation of the post spoken in
    occasion: URIRef | None
    text: str
    evidence: tuple
    agreements: frozenset = frozenset()  # the agreements it is about (oo:about)
    speaker_inferred: bool = False  # the speaker is the curators' reading: the quote's own words name no one

    @property
    def speaker_words(self) -> str:
        """The speaker's name, marked INFERRED where the quote's own words name no one (speaker_inferred)."""
        return self.speaker_name + INFERRED * self.speaker_inferred

    @property
    def words(self) -> list[Word]:
        return words(self.text)

    @cached_property
    def runs(self) -> set:
        """Its runs of four words (same_utterance; each quote is set against dozens of others)."""
        return _runs(self.words)

    @cached_property
    def stems(self) -> tuple:
        """Its content words' stems."""
        return tuple(content(self.words))


def speakers_marked(said) -> list[str]:
    """The speakers of quotes or statements, given as (name, report name, whether the curators read the speaker)
    each, each name once and marked where the curators read it: INFERRED where no words of theirs under that
    name name them, "(inferred in report 000)" where only those of that report do not."""
    by_name: dict = {}
    for name, report, inferred in said:
        by_name.setdefault(name, []).append((report, inferred))
    out = []
    for name, places in by_name.items():
        read = sorted({report for report, inferred in places if inferred})
        everywhere = all(inferred for _, inferred in places)
        out.append(name + (INFERRED if everywhere else f" (inferred in {joined(read)})" if read else ""))
    return out


def _credited(quotes) -> list[tuple]:
    """The quotes as speakers_marked takes them."""
    return [(q.speaker_name, q.report_name, q.speaker_inferred) for q in quotes]


def voice(graph: Graph, statement) -> frozenset:
    """Who speaks: the speaker, the organisation of the post they spoke in (if any) and, for a speaker who
    spoke in a post, the parties they belong to (oo:memberOf): a post of the Opposition names no party (the
    party that forms it changes with elections), so "the Conservatives" are their Shadow Home Secretary's
    party by his membership, not by his post."""
    speaker = value_of(graph, statement, OO.speaker)
    found = {speaker} if speaker is not None else set()
    for post in graph.objects(statement, OO.speakerPost):
        found.update(graph.objects(post, OO.inOrganisation))
        if speaker is not None:
            found.update(party for party in graph.objects(speaker, OO.memberOf)
                         if (party, RDF.type, OO.PoliticalParty) in graph)
    return frozenset(found)


def quotes(graph: Graph) -> list[Quote]:
    """Every direct quote with words, in IRI order."""
    out, names = [], {}
    agreements = set(graph.subjects(RDF.type, OO.Agreement))
    for node in sorted(set(graph.subjects(RDF.type, OO.DirectQuote)), key=str):
        text = value_of(graph, node, OO.quote)
        if text is None or not isinstance(node, URIRef):
            continue
        speaker = value_of(graph, node, OO.speaker)
        report = value_of(graph, node, OO.inReport)
        if report not in names:
            names[report] = report_name(graph, report)
        out.append(Quote(node, report, names[report], speaker, label_of(graph, speaker) if speaker else "",
                         voice(graph, node), value_of(graph, node, OO.occasion), str(text), spans(graph, node),
                         frozenset(o for o in graph.objects(node, OO.about) if o in agreements),
                         speaker is not None and OO.speaker in inferred_properties(graph, node)))
    return out


def _runs(ws: list[Word], n: int = 4) -> set:
    ws = [w for w in ws if not w.editorial]
    return {tuple(w.norm for w in ws[i:i + n]) for i in range(len(ws) - n + 1)
            if any(w.norm not in FUNCTION_WORDS for w in ws[i:i + n])}


def same_utterance(a: Quote, b: Quote) -> bool:
    """Same voice, no conflicting occasion or agreement, overlapping words."""
    if not a.voice & b.voice:
        return False
    if a.occasion is not None and b.occasion is not None and a.occasion != b.occasion:
        return False
    if a.agreements and b.agreements and not a.agreements & b.agreements:
        return False
    if a.runs & b.runs:
        return True
    return any(1 <= len(short.stems) <= 3 and set(short.stems) <= set(long.stems) for short, long in ((a, b), (b, a)))


# ------------------------------------------------------------------ comparison


@dataclass(frozen=True)
class Difference:
    """One place where two quotes differ: its class (a key of CLASSES or NOT_COUNTED) and each side's
    words, exactly as the quote has them."""

    fidelity: str
    words_a: str
    words_b: str
    note: str

    @property
    def counted(self) -> bool:
        return self.fidelity not in NOT_COUNTED

    def label(self, a: Quote, b: Quote) -> str:
        """For a reader: 'Altered: "sped" in report 000, "speeded" in report 001'."""
        where = ", ".join(f"\"{words}\" in {q.report_name}" for words, q in ((self.words_a, a), (self.words_b, b))
                          if words)
        return f"{words_of(self.fidelity).capitalize()}: {where}"

    def sentence(self, a: Quote, b: Quote) -> str:
        """Its label and why, as a sentence of a comparison's explanation."""
        return f"{self.label(a, b)} ({self.note})."

    def as_dict(self) -> dict:
        return {"fidelity": self.fidelity, "wordsA": self.words_a, "wordsB": self.words_b, "note": self.note}


def words_of(fidelity: str) -> str:
    """A fidelity class in words, its concept's skos:prefLabel: "paraphrase-as-quote" is "paraphrase as quote"."""
    return fidelity.replace("-", " ")


@dataclass
class QuoteComparison:
    """Two quotations of one utterance in different reports, aligned."""

    a: Quote
    b: Quote
    differences: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what is not a difference of words (another speaker)
    group: "QuoteGroup | None" = None

    @property
    def fidelity(self) -> str:
        found = {d.fidelity for d in self.differences}
        return next((name for name in CLASSES if name in found), "identical")

    @cached_property
    def iri(self) -> URIRef:
        """Made once: the comparison's label and its links name it."""
        digest = hashlib.sha256(f"{self.a.node} {self.b.node}".encode()).hexdigest()[:8]
        return OI[f"quote-comparison-{local(self.a.node)}-{digest}"]

    def add(self, fidelity: str, note: str, words_a: list, words_b: list) -> None:
        """A difference between the words `words_a` of quote A and `words_b` of quote B."""
        self.differences.append(Difference(fidelity, exact(self.a, words_a), exact(self.b, words_b), note))

    def explanation(self) -> str:
        a, b = self.a, self.b
        other = "" if b.speaker_words == a.speaker_words else f", {b.speaker_words}"
        parts = [f"In {a.report_name}, {a.speaker_words} is quoted: \"{a.text}\"; in {b.report_name}{other}: "
                 f"\"{b.text}\"."]
        parts.extend(d.sentence(a, b) for d in self.differences)
        parts.extend(self.notes)
        return " ".join(parts)

    @property
    def subject(self) -> str:
        """Who was quoted where: "Shabana Mahmood, report 000 and report 001" (subjects() tells apart those alike)."""
        return f"{' and '.join(speakers_marked(_credited((self.a, self.b))))}, {self.a.report_name} and {self.b.report_name}"

    def label(self, subject: str) -> str:
        """"Altered: Shabana Mahmood, report 000 and report 001"."""
        return f"{words_of(self.fidelity).capitalize()}: {subject}"

    def as_dict(self) -> dict:
        return {"comparison": str(self.iri), "fidelity": self.fidelity,
                "group": str(self.group.iri) if self.group else None,
                "a": _quote_dict(self.a), "b": _quote_dict(self.b),
                "differences": [d.as_dict() for d in self.differences], "notes": self.notes}


def _quote_dict(q: Quote) -> dict:
    return {"statement": str(q.node), "report": str(q.report), "speaker": q.speaker_name,
            "speakerInferred": q.speaker_inferred, "quote": q.text, "evidence": [s.as_dict() for s in q.evidence]}


@dataclass
class QuoteGroup:
    """The quotations of one utterance, across reports."""

    members: list

    @cached_property
    def iri(self) -> URIRef:
        """Made once: it hashes every member, and each of the group's comparisons links to it."""
        digest = hashlib.sha256(" ".join(sorted(str(q.node) for q in self.members)).encode()).hexdigest()[:8]
        return OI[f"quote-group-{local(self.members[0].node)}-{digest}"]

    def label(self) -> str:
        """The speakers and the longest quotation, cut at a word (the ellipsis outside the quotation marks)."""
        speakers = ", ".join(speakers_marked(_credited(self.members)))
        longest = max(self.members, key=lambda q: len(q.text))
        if len(longest.text) <= 80:
            return f"{speakers}: \"{longest.text}\""
        ws = longest.words
        count = max([k for k in range(1, len(ws) + 1) if len(exact(longest, ws[:k])) <= 79] or [1])
        return f"{speakers}: \"{exact(longest, ws[:count])}\" …"


def exact(quote: Quote, ws: list[Word]) -> str:
    """The quote's own words from the first of `ws` to the last, as written (punctuation between them
    kept), for quotation marks: never the normalised words re-joined."""
    return quote.text[ws[0].start:ws[-1].end] if ws else ""


def _openings(quoted: list[Quote]) -> list[str]:
    """The first words of each quote, as written: as many as tell apart those that differ (four at least)."""
    count, longest, distinct = 4, max(len(q.words) for q in quoted), len({q.text for q in quoted})
    while count < longest and len({exact(q, q.words[:count]) for q in quoted}) < distinct:
        count += 1
    return [exact(q, q.words[:count]) for q in quoted]


def subjects(comparisons: list[QuoteComparison]) -> dict:
    """Each comparison's subject (by IRI), for labels that tell it apart from those of the same speakers
    and reports (on a list, in search results): with the first words of quote A, then of quote B, as many
    as it takes, else where the quotes are in their reports (one remark quoted twice by one report)."""
    alike: dict = {}
    for c in comparisons:
        alike.setdefault(c.subject, []).append(c)
    out = {}
    for subject, group in alike.items():
        parts: list[list[str]] = [[] for _ in group]
        differ = [side for side in ("a", "b") if len({getattr(c, side).node for c in group}) > 1]
        for side in differ:
            if len({tuple(part) for part in parts}) == len(group):
                break
            for part, opening in zip(parts, _openings([getattr(c, side) for c in group])):
                part.append(f"\"{opening}\"")
        alike_still = [tuple(part) for part in parts]
        for part, c in zip(parts, group):
            if alike_still.count(tuple(part)) > 1:  # the same words: where they are
                part[:] = [f"{q.report_name} at characters {q.evidence[0].start}–{q.evidence[0].end}"
                           for q in (getattr(c, side) for side in differ) if q.evidence]
            out[c.iri] = subject + (f": {'; '.join(part)}" if len(group) > 1 else "")
    return out


def _found_in(run: list[Word], others: list[list[Word]]) -> bool:
    norms = tuple(w.norm for w in run)
    return any(tuple(w.norm for w in other[i:i + len(norms)]) == norms
               for other in others for i in range(len(other) - len(norms) + 1))


def _quoted_elsewhere(extra: list[Word], others: list[list[Word]], at_start: bool) -> int:
    """How many of the words only one quote has, at its start (or end), the other report quotes in
    another quote of the same voice (3 or more): a quote that report splits in two."""
    for k in range(len(extra), 2, -1):
        if _found_in(extra[:k] if at_start else extra[len(extra) - k:], others):
            return k
    return 0


def _meaning_changes(wa: list[Word], wb: list[Word]) -> str:
    """Why different words differ in meaning ("" if they need not)."""
    markers = ({w.norm for w in wa} & MEANING_MARKERS, {w.norm for w in wb} & MEANING_MARKERS)
    if markers[0] != markers[1]:
        return "another negation, modal or aspect: " + " / ".join(", ".join(sorted(m)) or "none" for m in markers)
    digits = ({w.norm for w in wa if w.norm.isdigit()}, {w.norm for w in wb if w.norm.isdigit()})
    if digits[0] != digits[1]:
        return "another number"
    ca, cb = set(content(wa)), set(content(wb))
    if max(len(ca), len(cb)) >= 3 and len(ca & cb) < 0.5 * max(len(ca), len(cb)):
        return "different content words"
    return ""


@dataclass
class _Side:
    """One quote's words in a comparison, and whether its sentence starts and ends with them."""

    quote: Quote
    words: list
    others: list  # the other quotes of the same voice in this quote's report

    @property
    def starts_sentence(self) -> bool:
        return _complete_start(self.quote.text)

    @property
    def ends_sentence(self) -> bool:
        return _complete_end(self.quote.text)


def _edge(extra: list[Word], this: _Side, other: _Side, before: Word | None, at_end: bool) -> tuple[str, str]:
    """Words only `this` quote has, at an edge: trimmed (the other is a fragment there, or quotes fewer
    sentences) or extended (the other's sentence ends, or starts, where this one goes on)."""
    new_sentence = (before is not None and before.ends_sentence) if at_end else extra[-1].ends_sentence
    if new_sentence:
        return "trimmed", "a sentence the other report does not quote"
    if other.ends_sentence if at_end else other.starts_sentence:
        return "extended", "the other report's sentence " + ("ends" if at_end else "starts") + " here"
    return "trimmed", "the other report quotes a fragment"


def compare(a: Quote, b: Quote, others_a: list[list[Word]], others_b: list[list[Word]]) -> QuoteComparison:
    """Align two quotations of one utterance; `others_*`: the other quotes of the same voice in each report."""
    comparison = QuoteComparison(a, b)
    sa, sb = _Side(a, a.words, others_a), _Side(b, b.words, others_b)
    if a.speaker != b.speaker:
        comparison.notes.append(f"The words are attributed to {a.speaker_words} in {a.report_name} and to "
                                f"{b.speaker_words} in {b.report_name}.")
    ops = [op for op in Levenshtein.opcodes([w.norm for w in sa.words], [w.norm for w in sb.words])
           if op.tag != "equal"]
    for a0, a1, b0, b1 in _merged(ops):
        at_start, at_end = a0 == 0 and b0 == 0, a1 == len(sa.words) and b1 == len(sb.words)
        xa, xb = sa.words[a0:a1], sb.words[b0:b1]
        if at_start != at_end:  # set aside what the other report quotes separately
            xa, xb = (_set_aside(comparison, xa, sa, sb, at_start), _set_aside(comparison, xb, sb, sa, at_start))
        before_a = sa.words[a0 - 1] if a0 > 0 else None
        before_b = sb.words[b0 - 1] if b0 > 0 else None
        if xa and xb:
            split = at_start != at_end and (
                (before_a is not None and before_a.ends_sentence) or (before_b is not None and before_b.ends_sentence)
                if at_end else xa[-1].ends_sentence or xb[-1].ends_sentence)
            if not split:
                comparison.add(*_replaced(xa, xb), xa, xb)
                continue
            comparison.add(*_edge(xa, sa, sb, before_a, at_end), xa, [])
            comparison.add(*_edge(xb, sb, sa, before_b, at_end), [], xb)
            continue
        if not xa and not xb:
            continue
        extra, this, other, before = (xa, sa, sb, before_a) if xa else (xb, sb, sa, before_b)
        marked = before_b if xa else before_a  # the other quote's word before the words it lacks
        if at_start or at_end:
            kind, note = _edge(extra, this, other, before, at_end and not at_start)
        elif marked is not None and marked.cut_after:
            kind, note = "trimmed", "the other report leaves these words out and marks the cut with an ellipsis"
        elif all(w.norm in FUNCTION_WORDS for w in extra):
            kind, note = "altered", "function words added"
        elif all(w.editorial for w in extra):
            kind, note = "variant", "editorial brackets"
        else:
            kind, note = "extended", "words inside the sentence the other report does not have"
        comparison.add(kind, note, xa, xb)
    comparison.differences.sort(key=lambda d: not d.counted)
    return comparison


def _set_aside(comparison: QuoteComparison, extra: list[Word], this: _Side, other: _Side, at_start: bool) -> list:
    k = _quoted_elsewhere(extra, other.others, at_start)
    if not k:
        return extra
    run = extra[:k] if at_start else extra[len(extra) - k:]
    note = f"{other.quote.report_name} quotes these words in a quotation of their own"
    comparison.add("quoted-separately", note, *((run, []) if this.quote is comparison.a else ([], run)))
    return extra[k:] if at_start else extra[:len(extra) - k]


def _merged(ops) -> list[tuple[int, int, int, int]]:
    """Adjacent differences as one block (a replacement followed by an insertion is one change)."""
    blocks: list[list[int]] = []
    for op in ops:
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1][1], blocks[-1][3] = op.src_end, op.dest_end
        else:
            blocks.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [tuple(b) for b in blocks]


def _replaced(xa: list[Word], xb: list[Word]) -> tuple[str, str]:
    """The class of different words in one place, and why."""
    if "".join(w.norm for w in xa) == "".join(w.norm for w in xb):
        return "variant", "the same letters spaced differently"
    if all(w.editorial for w in xa) or all(w.editorial for w in xb):
        return "variant", "editorial brackets"
    why = _meaning_changes(xa, xb)
    if why:
        return "paraphrase-as-quote", why
    return "altered", "different words"


# ------------------------------------------------------------------ all of them


def candidate_pairs(found: list[Quote]) -> list[tuple[Quote, Quote]]:
    """Pairs that may be one utterance: the same voice and a shared word run or content stem (an index,
    so that a corpus of thousands of quotes is not compared pair by pair)."""
    index: dict = {}
    for position, q in enumerate(found):
        keys = {("run", r) for r in q.runs} | {("stem", s) for s in q.stems}
        for member in q.voice:
            for key in keys:
                index.setdefault((member, key), []).append(position)
    pairs = set()
    for positions in index.values():
        if len(positions) > 1:
            pairs.update(combinations(sorted(set(positions)), 2))
    return [(found[i], found[j]) for i, j in sorted(pairs)]


def groups(found: list[Quote]) -> list[QuoteGroup]:
    """Connected quotes of one utterance; only groups quoted by two reports or more."""
    parent = {q.node: q.node for q in found}

    def root(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in candidate_pairs(found):
        if same_utterance(a, b):
            parent[root(a.node)] = root(b.node)
    members: dict = {}
    for q in found:
        members.setdefault(root(q.node), []).append(q)
    return [QuoteGroup(sorted(ms, key=lambda q: (str(q.report), str(q.node))))
            for ms in members.values() if len({q.report for q in ms}) > 1]


def compare_all(graph: Graph) -> list[QuoteComparison]:
    """Every pair of quotations of one utterance in different reports, compared; by group, then report."""
    found = quotes(graph)
    out = []
    by_report: dict = {}
    for q in found:
        by_report.setdefault(q.report, []).append(q)
    for group in sorted(groups(found), key=lambda g: str(g.iri)):
        for a, b in combinations(group.members, 2):
            if a.report == b.report or not same_utterance(a, b):
                continue
            others = {r: [q.words for q in by_report[r] if q.voice & a.voice and q.node not in (a.node, b.node)]
                      for r in (a.report, b.report)}
            comparison = compare(a, b, others[a.report], others[b.report])
            comparison.group = group
            out.append(comparison)
    return out


def add_links(comparisons: list[QuoteComparison], graph: Graph, detector: URIRef) -> Graph:
    """The groups and comparisons as oo:QuoteGroup and oo:QuoteComparison nodes in `graph`."""
    seen, literal = set(), literal_maker(graph)
    named = subjects(comparisons)
    for c in comparisons:
        group, fidelity = c.group, CLASSES[c.fidelity]
        if group is not None and group.iri not in seen:
            seen.add(group.iri)
            graph.add((group.iri, RDF.type, OO.QuoteGroup))
            graph.add((group.iri, RDFS.label, literal(group.label(), lang="en")))
            graph.add((group.iri, PROV.wasAttributedTo, detector))
            for q in group.members:
                graph.add((group.iri, OO.quotation, q.node))
        node = c.iri
        graph.add((node, RDF.type, OO.QuoteComparison))
        graph.add((node, RDFS.label, literal(c.label(named[node]), lang="en")))
        graph.add((node, OO.quoteA, c.a.node))
        graph.add((node, OO.quoteB, c.b.node))
        for speaker in {c.a.speaker, c.b.speaker} - {None}:  # so that quote-fidelity finds a person's at once
            graph.add((node, OO.quotedSpeaker, speaker))
        for quote, places in ((c.a, (OO.startA, OO.endA)), (c.b, (OO.startB, OO.endB))):
            if quote.evidence:  # where each quote is read, so that quote-fidelity aggregates no spans
                for place, offset in zip(places, quote.evidence[0].offsets):
                    graph.add((node, place, offset))
        graph.add((node, OO.fidelity, fidelity))
        graph.add((node, RDFS.comment, literal(c.explanation(), lang="en")))
        graph.add((node, PROV.wasAttributedTo, detector))
        if group is not None:
            graph.add((node, OO.inGroup, group.iri))
        for index, d in enumerate(c.differences):
            difference = OI[f"{local(node)}-difference-{index + 1}"]
            graph.add((node, OO.difference, difference))
            graph.add((difference, RDF.type, OO.QuoteDifference))
            graph.add((difference, RDFS.label, literal(f"{d.label(c.a, c.b)} ({named[node]})", lang="en")))
            graph.add((difference, OO.fidelity, FIDELITIES[d.fidelity]))
            graph.add((difference, OO.wordsA, literal(d.words_a)))
            graph.add((difference, OO.wordsB, literal(d.words_b)))
            graph.add((difference, RDFS.comment, literal(d.note, lang="en")))
    return graph
