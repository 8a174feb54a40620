"""Never more than the source says: the rules that compare what the data says of a node with the words of its
evidence, by word stems (Snowball) and numbers as written, which SHACL cannot express. Both engines run them
alike, over the same triples (the engine's index, the reference's graph as strings), as findings with focus
node, path, value, rule, file and line, Violations like a shape's (RULES, run by kg validate and kg build):

| rule | what it reads |
|---|---|
| `indicator-named` | a figure's evidence (and its markers' for oo:indicator) names a content word of its indicator's names |
| `label-stated` | every content word of the label of a report's node is in its evidence, words, speaker's names ... |
| `summary-words-stated` | every content word of a statement's oo:gist or a claim's oo:says is in its evidence |

ACROSS_REPORTS (a shared entity's facts and label: entity-fact-sourced, entity-label-stated) are not yet run by
kg validate: their evidence is any report file's, and a project of some of the files would fail them.
The audits of numbers and dates (SHAPES_RUN: a gist's numbers, a figure's value, a date's year) are here for
tests/test_stated_values.py; kg validate runs them as shapes (oos:SummaryNumbersShape, oos:ValueInWordingShape,
oos:DateStatedShape). Machine drafts (oo:reviewStatus oo:Unreviewed) are exempt, as from the shapes that
compare a node with its evidence; markers (oo:inferredValue for the property, and its evidence) excuse a value
as the audits of tests/test_stated_values.py (which call these functions) always let them. Each audit returns
Problems; a Problem's str is the line tests/test_stated_values.py compares ("IRI: its label says [...] ...").

Cost: each rule first checks, by plain words and their stems and its numbers as written (said_as_written), what almost every node passes,
which implies the stem rule; only a node that fails that is read by kg.core.wording's words and stems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from kg.core import wording
from kg.core.namespaces import OA, OO, PREFIX_IRIS, RDF, RDFS, SKOS
from kg.core.terms import lexical_form, term_string
from kg.core.wording import DIGIT_NUMBER, ORDINALS, SCALES, SET_PHRASES, WORD_NUMBER, digit_value, word_value


def _n(term) -> str:
    return f"<{term}>"


# ------------------------------------------------------------------ words and numbers

# The project's function words (a quote's and a draft's, kg.core.wording's two lists), less the words that change
# what is claimed (not, never, will, would, already ...): those count as content.
FUNCTION_WORDS = (wording.FUNCTION_WORDS | wording.BROAD_FUNCTION_WORDS) - wording.MEANING_MARKERS
# What a caption may say of its own: the kind of thing ('Photo', 'Headline', a 'stray headline' of another article
# in the text, 'the report's voice'), that it is said or relayed. The report's number and the speaker's names come
# from the data (label_words_unstated).
CAPTION_WORDS = frozenset("report says said relayed photo image caption headline stray standfirst voice".split())
ONE_IN_ONE_OUT = re.compile(r"one[- ]in,?[- ]one[- ]out", re.IGNORECASE)
_DIGITS = re.compile(rf"({DIGIT_NUMBER})(?:[ -]?({'|'.join(SCALES)})\b)?", re.IGNORECASE)
_NUMBER_WORD = re.compile(rf"\b({WORD_NUMBER}|{'|'.join(ORDINALS)})\b", re.IGNORECASE)
_TOKEN = re.compile(r"[\w'’‘]+")
_CAPTION_STEMS = frozenset(wording.stem(word) for word in CAPTION_WORDS)


@lru_cache(maxsize=262144)
def content_stems(words: str) -> frozenset:
    """The stems of the content words of `words` ('fluctuating' and 'fluctuate' are one stem)."""
    return frozenset(wording.stem(w.norm) for w in wording.words(words) if w.norm not in FUNCTION_WORDS)


@lru_cache(maxsize=262144)
def _name_stems(words: str) -> frozenset:
    """content_stems, with 'one in, one out' one word: a name, or 'one of his first acts' would name the deal."""
    return content_stems(ONE_IN_ONE_OUT.sub(" oneinoneout ", words))


@lru_cache(maxsize=262144)
def plain_words(text: str) -> frozenset:
    """The words of `text` as written, lower case, quotation marks around them aside: a word of these that is
    also one of another text's is the same word there, so its stem is in both (kg.core.wording normalises
    a word by itself alone, but for joining 'in to'; both function words). The rules' quick first test."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    if "'" not in lowered:
        return frozenset(_TOKEN.findall(lowered))
    return frozenset(word.strip("'") for word in _TOKEN.findall(lowered)) - {""}


def _unstated(words: str, stated: set) -> list[str]:
    return [w.norm for w in wording.words(words) if w.norm not in FUNCTION_WORDS and wording.stem(w.norm) not in stated]


# A number as a word holds it: in digits (grouped, decimal, scaled: '41,472', '1.6', '£50m'; not '2nd', nor the 7
# of 'G7'), or a cardinal in words ('seventy', 'six', 'a dozen'); a year ('2025') is a word, compared as written.
_NUMBER = re.compile(rf"(?<![\w.,])({DIGIT_NUMBER})(?:[ -]?({'|'.join(SCALES)}))?(?!\w)|\b({WORD_NUMBER})\b"
                     r"|\ba (hundred|thousand|million|billion)\b", re.IGNORECASE)  # 'a thousand': 1000
_PER_CENT = re.compile(r"\s*%|\bpercent\b", re.IGNORECASE)


def spoken(text: str) -> str:
    """`text` with a per cent sign written as words: '1.6%' says what '1.6 per cent' says."""
    return _PER_CENT.sub(" per cent", text) if "%" in text or "ercent" in text else text


@lru_cache(maxsize=262144)
def numbers_apart(text: str) -> tuple[str, tuple]:
    """`text` (spoken) with the numbers it writes taken out, and those numbers, each (as written, its value): the
    rules compare a number by its value, not by the words it splits into ('41' and '472' of '41,472', '1' and '6'
    of '1.6') nor by how it is written ('6' and 'six', '£50m' and '£50 million'). A year stays a word, and so does
    the 'one' of a set phrase ('one in, one out', 'one of')."""
    text = spoken(text)
    if not _NUMBER.search(text):
        return text, ()
    phrases = [m.span() for m in SET_PHRASES.finditer(text)]
    numbers, rest, last = [], [], 0
    for m in _NUMBER.finditer(text):
        if m.group(1) is not None:
            if _is_year(m.group(1)) and not m.group(2):
                continue
            value = digit_value(m.group(1)) * SCALES.get((m.group(2) or "").lower(), 1)
        elif any(start <= m.start() < end for start, end in phrases):
            continue
        else:
            value = Decimal(word_value(m.group(3)) if m.group(3) else SCALES[m.group(4).lower()])
        numbers.append((m.group(0), value.normalize()))
        rest.append(text[last:m.start()])
        last = m.end()
    return " ".join([*rest, text[last:]]), tuple(numbers)


_WRITTEN_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


@lru_cache(maxsize=262144)
def digits_written(text: str) -> frozenset:
    """The numbers `text` writes in digits, as written ('41,472', '1.6')."""
    return frozenset(_WRITTEN_NUMBER.findall(text))


def said_as_written(text: str, said, also=frozenset()) -> bool:
    """said_plainly, and each number `text` writes in digits written as it is by one of `said`: what almost every
    node passes, found without reading numbers' values (a number in words, or written otherwise, is read by
    numbers_unsaid; '41' is a word of '41,472' but no number of it). A number word that has the stem of a vague
    plural ('a dozen' of 'dozens', 'a thousand' of 'thousands') is read by numbers_unsaid too."""
    written = digits_written(text)
    if written and not written.issubset(_WRITTEN_NUMBER.findall("\n".join(said))):
        return False
    return _SCALE_WORDS.isdisjoint(plain_words(text)) and said_plainly(text, said, also)


_SCALE_WORDS = frozenset(("dozen", "hundred", "thousand", "million", "billion"))  # 'dozens' is no number


def _in_order(text: str, found: list[str]) -> list[str]:
    """The words and numbers `found` in the order `text` writes them (numbers_unsaid reads the numbers apart)."""
    lowered = text.lower()

    def where(word: str) -> int:
        match = re.search(rf"(?<![\w.,]){re.escape(word)}(?!\w)", lowered) or re.search(re.escape(word), lowered)
        return match.start() if match else len(lowered)
    return sorted(found, key=where)


@lru_cache(maxsize=262144)
def number_values(text: str) -> frozenset:
    """The values of the numbers `text` writes (numbers_apart)."""
    return frozenset(value for _, value in numbers_apart(text)[1])


def numbers_unsaid(text: str, said, names=(), marked=frozenset()) -> tuple[str, list[str]]:
    """`text` without its numbers (numbers_apart), and those of its numbers (as written) that none of `said` writes,
    nor a marker vouches for (`marked`: Triples.marked_stems by number_values), nor any of `names` as a word as
    written: the '002' of 'Report 002' names a report and gives no 2 ('2 removed')."""
    rest, numbers = numbers_apart(text)
    if not numbers:
        return rest, []
    values = set(marked).union(*map(number_values, said))
    unsaid = [written.lower() for written, value in numbers if value not in values]
    if unsaid and names:
        unsaid = [written for written in unsaid if written.lower() not in set().union(*map(plain_words, names))]
    return rest, unsaid


def _is_year(digits: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", digits) is not None


@lru_cache(maxsize=65536)
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


# ------------------------------------------------------------------ the triples

_P = {name: _n(term) for name, term in {
    "type": RDF.type, "value": RDF.value, "label": RDFS.label, "exact": OA.exact, "evidence": OO.evidence,
    "inferredValue": OO.inferredValue, "inferredProperty": OO.inferredProperty, "reviewStatus": OO.reviewStatus,
    "indicator": OO.indicator, "inReport": OO.inReport, "statedAs": OO.statedAs, "figureValue": OO.value,
    "bound": OO.bound, "dateInferred": OO.dateInferred, "basis": OO.basis, "mentionsFigure": OO.mentionsFigure, "mentionedIn": OO.mentionedIn,
    "relayedBy": OO.relayedBy, "speaker": OO.speaker, "roleAsWritten": OO.roleAsWritten, "event": OO.event,
    "anonymous": OO.anonymous}.items()}
NAMES = tuple(_n(p) for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel, SKOS.hiddenLabel))
DATED = tuple(_n(p) for p in (OO.date, OO.referenceYear, OO.periodStart, OO.asOf, OO.startDate, OO.endDate))
SUMMARIES = (_n(OO.gist), _n(OO.says))
WORDED = tuple(_n(p) for p in (OO.quote, OO.gist, OO.says, OO.statedAs, OO.roleAsWritten))  # a thing's words
# What an entity is said to be linked to (data/shared.ttl, and the entities a report file first names): each a
# fact a report states or a source records. Not read: an indicator's oo:countsFrom, part of the curators'
# definition of what it counts.
ENTITY_FACTS = tuple(_n(p) for p in (
    OO.memberOf, OO.country, OO.inOrganisation, OO.party, OO.participant, OO.venue, OO.nationality,
    OO.agreementStatus, OO.programme, OO.holder, OO.post, OO.ofAgreement))
APPOINTMENT = (_n(OO.holder), _n(OO.post))  # what a post holding's oo:basis (the public record) records
LINKED = tuple(_n(p) for p in (OO.participant, OO.venue, OO.ofAgreement, OO.party, OO.eventType))
ENTITY_KINDS = tuple(_n(c) for c in (OO.Event, OO.Interview, OO.Agreement))
PERSONS = (_n(OO.Official), _n(OO.Person))
_TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
_UNREVIEWED, _PLACEHOLDER = _n(OO.Unreviewed), _n(OO.UnclassifiedIndicator)
# What these rules read, for kg.validation.changes (tests/test_stated_rules.py: the shapes' reach covers it) (what a change can affect): the properties they follow from
# object to subject (a figure's statements, an event's dates), and the most steps from a focus node to a node
# they read (a figure, the statement that mentions it, its speaker; a node, its marker, the marker's value).
READ_BACKWARD = (OO.mentionsFigure, OO.event)
READ_DEPTH = 2


def compact(term: str) -> str:
    """An N-Triples term as the audits name it: an IRI by its prefix (oi:france), a literal as written, a blank node
    as "[blank node]" (as the analysis names one): its label is the engine's own, and the engines must agree."""
    if term[:2] == "_:":
        return "[blank node]"
    if term[0] == "<":
        iri = term[1:-1]
        for prefix, namespace in sorted(PREFIX_IRIS.items(), key=lambda item: -len(item[1])):
            if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace):]):
                return f"{prefix}:{iri[len(namespace):]}"
        return term
    return term.split("^^")[0] if term.endswith("#string>") else term


class Triples:
    """The read side the rules need over N-Triples string triples (a kg.core.triples.TripleIndex), what they
    read more than once kept (a speaker's, an indicator's, a report's names are read for each of its nodes)."""

    def __init__(self, index):
        self.index = index
        self._out: dict = {}
        self._evidence: dict = {}
        self._names: dict = {}
        self._content: dict = {}
        self.drafts = set(index.into(_P["reviewStatus"]).get(_UNREVIEWED, ()))

    def out(self, predicate: str) -> dict:
        found = self._out.get(predicate)
        if found is None:
            found = self._out[predicate] = self.index.out(predicate)
        return found

    def objects(self, node: str, predicate: str):
        return self.out(predicate).get(node, ())

    def subjects(self, predicate: str, node: str):
        return self.index.into(predicate).get(node, ())

    def pairs(self, predicate: str):
        """(subject, object) of every triple of `predicate`, sorted."""
        return sorted((s, o) for s, _, o in self.index.by_predicate.get(predicate, ()))

    def text_pairs(self, predicate: str):
        """(subject, literal) of every triple of `predicate` whose object is a literal, sorted: an IRI or a blank node
        where words belong (a label, a gist, a value) is the shapes' to refuse (sh:nodeKind, sh:datatype), not
        words these rules can read."""
        return [(s, o) for s, o in self.pairs(predicate) if o[0] == '"']

    def has(self, node: str, predicate: str, value: str | None = None) -> bool:
        found = self.objects(node, predicate)
        return bool(found) if value is None else value in found

    def texts(self, node: str, predicate: str) -> list[str]:
        return [lexical_form(o) for o in self.objects(node, predicate) if o[0] == '"']

    def evidence(self, node: str) -> list[str]:
        """The oa:exact of each of a node's evidence spans."""
        found = self._evidence.get(node)
        if found is None:
            exact = self.out(_P["exact"])
            found = self._evidence[node] = sorted(lexical_form(text) for span in self.objects(node, _P["evidence"])
                                                  for text in exact.get(span, ()) if text[0] == '"')
        return found

    def names(self, thing: str) -> tuple:
        """What the data calls a thing: its labels ('a Home Office spokesperson', 'LBC'; an indicator's
        'small-boat arrivals', 'Channel crossings')."""
        found = self._names.get(thing)
        if found is None:
            found = self._names[thing] = tuple(text for prop in NAMES for text in self.texts(thing, prop))
        return found

    def content_words(self, thing: str) -> tuple:
        """The plain content words of a thing's names (letters and digits, no function word), and their stems."""
        found = self._content.get(thing)
        if found is None:
            words = {w for name in self.names(thing) for w in plain_words(name) if w.isalnum() and w not in FUNCTION_WORDS}
            found = self._content[thing] = (words, {wording.stem(w) for w in words})
        return found

    def markers(self, node: str, props=None) -> list[str]:
        """A node's markers (oo:inferredValue) for one of `props` (N-Triples forms), or all of them (None)."""
        return [m for m in self.objects(node, _P["inferredValue"])
                if props is None or any(p in props for p in self.objects(m, _P["inferredProperty"]))]

    def marked_stems(self, node: str, props=None, read=None) -> set:
        """The content stems a node's markers for `props` (all its markers: None) vouch for: the words of their
        rdf:value (a value's names, if it is a thing) that their evidence, the other sentence, writes; with
        `read` number_values, the numbers."""
        read = read or content_stems
        stems: set = set()
        for marker in self.markers(node, props):
            written = set().union(*map(read, self.evidence(marker)))
            for value in self.objects(marker, _P["value"]):
                said = self.names(value) if value[0] in "<_" else [lexical_form(value)]
                stems |= set().union(*map(read, said)) & written
        return stems


def said_plainly(words: str, said, also=frozenset(), words_of=plain_words) -> bool:
    """Whether every content word of `words` is, by its stem, a word of the texts `said` (or of `also`), found
    without reading `said` by stems (kg.core.wording normalises a word by itself alone, but for joining 'in
    to', two function words): a word written as it is in `said`, or one whose stem is the stem of a plain word
    (letters and digits) of `said` that is not a function word. True means the stem rule finds nothing; False,
    that it must be asked (a word of a marker, a word in `said` by another form of a function word)."""
    heard = set().union(*map(words_of, said))
    unknown = words_of(words) - heard - FUNCTION_WORDS - also
    if not unknown:
        return True
    stems = {wording.stem(word) for word in heard if word.isalnum() and word not in FUNCTION_WORDS}
    also_stems = {wording.stem(word) for word in also}
    return all(w.norm in FUNCTION_WORDS or wording.stem(w.norm) in stems or wording.stem(w.norm) in also_stems
               for word in unknown for w in wording.words(word))


def triples_of(graph) -> Triples:
    """Triples over a kg.core.triples.TripleIndex, or over rdflib triples (an rdflib graph, the tests'; the
    reference's ontology and data, chained), or `graph` itself if it is one."""
    from kg.core.triples import TripleIndex

    if isinstance(graph, Triples):
        return graph
    if not isinstance(graph, TripleIndex):
        graph = TripleIndex({(term_string(s), term_string(p), term_string(o)) for s, p, o in graph})
    return Triples(graph)


@dataclass(frozen=True, order=True)
class Problem:
    """What a rule finds: a node, the property at fault, its value, what is wrong (and how to mend it)."""

    focus: str  # N-Triples forms
    path: str
    value: str
    says: str  # what the audit says after the node's IRI
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.focus.strip('<>')}: {self.says}"


# ------------------------------------------------------------------ the rules

def _reviewed(graph: Triples, node: str) -> bool:
    return node not in graph.drafts


def indicators_unnamed(graph) -> list[Problem]:
    """Figures whose evidence does not name what they count: no content word of the figure's evidence shares a stem
    with its indicator's names, and no marker for oo:indicator (an oo:inferredValue whose rdf:value is that
    indicator) cites another sentence of the report that does ('They are relatively small numbers': 'they' are
    the 350 who 'come in to the country from France', said the sentence before). A figure with no evidence is
    oos:SourcedFactShape's; one filed under kg extract's placeholder indicator oos:PlaceholderIndicatorShape's."""
    graph = triples_of(graph)
    problems = []
    placeholders = set(graph.subjects(_P["type"], _PLACEHOLDER))
    for figure, indicator in graph.pairs(_P["indicator"]):
        if not graph.has(figure, _P["evidence"]) or not _reviewed(graph, figure) or indicator in placeholders:
            continue
        markers = [m for m in graph.markers(figure, {_P["indicator"]}) if graph.has(m, _P["value"], indicator)]
        said = [*graph.evidence(figure), *(text for m in markers for text in graph.evidence(m))]
        heard = set().union(*map(plain_words, said))
        named, named_stems = graph.content_words(indicator)
        if not heard.isdisjoint(named) or not named_stems.isdisjoint(
                {wording.stem(w) for w in heard if w.isalnum() and w not in FUNCTION_WORDS}):
            continue  # (a word of its names, or its stem, is a plain word of its evidence: said_plainly)
        names = graph.names(indicator)
        if not set().union(*map(content_stems, names)) & set().union(*map(content_stems, said)):
            says = f"its evidence does not name its indicator {compact(indicator)}, nor does a marker for oo:indicator"
            problems.append(Problem(figure, _P["indicator"], indicator, says, "indicator-named"))
    return problems


def figure_values_unwritten(graph) -> list[Problem]:
    """Figures whose value (or bound) is not a number their words write: where the words give a number in digits
    that number is the value; where they give one only in words, that one (a figure's sign is its comparison's:
    '9 per cent below' is -9). A value read from words with no number is for the curators' markers, not here."""
    graph = triples_of(graph)
    problems = []
    for figure, stated_as in graph.text_pairs(_P["statedAs"]):
        values = [v for v in graph.objects(figure, _P["figureValue"]) if v[0] == '"']
        if not values or not _reviewed(graph, figure) \
                or graph.markers(figure, {_P["figureValue"]}):
            continue
        value, stated = min(values), lexical_form(stated_as)
        if stated.replace(",", "").isdigit() and stated.replace(",", "") == lexical_form(value):
            continue  # ('281' for 281, '36,816' for 36816)
        digits, spelled = numbers_written(stated)
        written = digits or spelled
        try:
            given = {Decimal(lexical_form(v)).copy_abs() for v in (value, *graph.objects(figure, _P["bound"])) if v[0] == '"'}
        except ArithmeticError:
            continue  # (an ill-typed number: the datatype rule's)
        if written and not given & set(written):
            problems.append(Problem(figure, _P["figureValue"], value, f"value {lexical_form(value)} but its words "
                                    f"'{stated}' write {[str(n) for n in written]}", "figure-value-written"))
    return problems


def dates_unstated(graph) -> list[Problem]:
    """Dates whose year the node's own evidence does not write, with no mark of how they were obtained: oo:dateInferred
    true, an oo:inferredValue for the property, or (a post holding's dates) oo:basis, the public record."""
    graph = triples_of(graph)
    problems = []
    for prop in DATED:
        for node, date in graph.pairs(prop):
            year = lexical_form(date)[:4] if date[0] == '"' else date
            if any(year in text for text in graph.evidence(node)) or not _reviewed(graph, node):
                continue
            if graph.has(node, _P["dateInferred"], _TRUE) or graph.markers(node, {prop}) or graph.has(node, _P["basis"]):
                continue
            problems.append(Problem(node, prop, date, f"{compact(prop)} {year if date[0] != chr(34) else lexical_form(date)} "
                                    "is not in its evidence, nor marked", "date-stated"))
    return problems


def summary_numbers_unstated(graph) -> list[Problem]:
    """Numbers in what a statement's gist or a report's claim says that its evidence does not write."""
    graph = triples_of(graph)
    problems = []
    for prop in SUMMARIES:
        for node, summary in graph.text_pairs(prop):
            text = lexical_form(summary)
            found = re.findall(DIGIT_NUMBER, text) if any(c.isdigit() for c in text) else ()
            if not found or not _reviewed(graph, node):
                continue
            evidence = "\n".join(graph.evidence(node)).replace(",", "")
            for digits in found:
                if digit_value(digits).normalize() != 0 and re.sub(r"[,\s]", "", digits) not in evidence:
                    problems.append(Problem(node, prop, summary, f"its {compact(prop)} gives {digits}, its evidence does not",
                                            "summary-numbers-stated"))
    return problems


def summary_words_unstated(graph) -> list[Problem]:
    """Content words of a statement's gist or a report's claim that its evidence does not write, compared by stem.
    A word may come from elsewhere in the same report (a pronoun read from the sentence before) only if a marker
    says so: an oo:inferredValue for the property (oo:gist, oo:says) whose rdf:value gives the words and whose
    oo:evidence, the other sentence, writes them."""
    graph = triples_of(graph)
    problems = []
    for prop in SUMMARIES:
        for node, summary in graph.text_pairs(prop):
            evidence = [spoken(text) for text in graph.evidence(node)]
            if said_as_written(lexical_form(summary), evidence) or not _reviewed(graph, node):
                continue
            text, unsaid = numbers_unsaid(lexical_form(summary), evidence, (),
                                          graph.marked_stems(node, {prop}, number_values))
            stated = set().union(*map(content_stems, evidence)) | graph.marked_stems(node, {prop})
            unstated = _in_order(summary, unsaid + _unstated(text, stated))
            if unstated:
                problems.append(Problem(node, prop, summary, f"its {compact(prop)} says {unstated}, its evidence does not",
                                        "summary-words-stated"))
    return problems


def report_names_of(graph: Triples, report: str) -> list[str]:
    """What names a report: each of its names up to its colon ('Report 002' of 'Report 002: Dozens more migrants
    ...'), as kg.analysis.figures.report_name and the desk name it; the curators' description after the colon is
    not the report's name, nor its words. Each name alone: joined and cut at the first colon, a second name counted
    only where the first had no colon, and which came first was the order of the index. A name with no colon names
    the report by its first two words ('Report 002' of 'Report 002 - Dozens more migrants ...'), if they are
    'Report' and its number: the description after them is still the curators', not the words of every label of
    the report (the whole name was)."""
    return [name.split(":")[0] if ":" in name else _REPORT_NUMBER.match(name).group(0)
            if _REPORT_NUMBER.match(name) else name for name in graph.names(report)]


_REPORT_NUMBER = re.compile(r"\s*report\s+[\w-]+", re.IGNORECASE)  # 'Report 002', 'Report r-6e18bb57f1d6'


def label_words_unstated(graph) -> list[Problem]:
    """Content words of the label of a report's statement, figure, date, claim or image that none of these write:
    its evidence, quote, gist or claim; its marked values (as for a gist, a marker's words in the marker's
    evidence; not the year of a date marked inferred: a heading cannot show the mark); the names of its speaker
    (for a figure, of whoever states it: a statement with oo:mentionsFigure it, or its oo:mentionedIn; for a
    relayed statement, of who relays it), of its report ('Report 002': report_names_of) and of a figure's indicator (its kind: 'small-boat arrivals'); CAPTION_WORDS. The desk shows
    a label as a heading, read as what the report says, so it says no more."""
    graph = triples_of(graph)
    problems = []
    labels_of, evidence_of, indicator_of = graph.out(_P["label"]), graph.out(_P["evidence"]), graph.out(_P["indicator"])
    # who states a figure: a statement that mentions it, or that it is mentioned in (the ontology's inverse)
    mentioned_by, mentioned_in = graph.index.into(_P["mentionsFigure"]), graph.out(_P["mentionedIn"])
    relayed_by = graph.out(_P["relayedBy"])
    speaker_of, role_of, worded = graph.out(_P["speaker"]), graph.out(_P["roleAsWritten"]), list(map(graph.out, WORDED))
    report_names: dict = {}
    for node, report in graph.pairs(_P["inReport"]):
        labels = [label for label in labels_of.get(node, ()) if label[0] == '"']
        if not labels or node not in evidence_of or node in graph.drafts:
            continue
        if report not in report_names:
            report_names[report] = report_names_of(graph, report)
        voiced = [node, *mentioned_by.get(node, ()), *mentioned_in.get(node, ()), *relayed_by.get(node, ())]
        said = [*map(spoken, graph.evidence(node)),
                *(name for indicator in indicator_of.get(node, ()) for name in graph.names(indicator)),
                *(lexical_form(text) for words in worded for text in words.get(node, ()) if text[0] == '"'),
                *(name for statement in voiced for speaker in speaker_of.get(statement, ()) for name in graph.names(speaker)),
                *(lexical_form(role) for statement in voiced for role in role_of.get(statement, ()) if role[0] == '"')]
        stated, names = None, report_names[report]
        for label in sorted(labels):
            if said_as_written(lexical_form(label), [*said, *names], CAPTION_WORDS):
                continue
            text, unsaid = numbers_unsaid(lexical_form(label), said, names, graph.marked_stems(node, None, number_values))
            if stated is None:
                stated = set().union(*map(content_stems, [*said, *names])) | graph.marked_stems(node) | _CAPTION_STEMS
            unstated = _in_order(label, unsaid + _unstated(text, stated))
            if unstated:
                problems.append(Problem(node, _P["label"], label, f"its label says {unstated}, its evidence does not",
                                        "label-stated"))
    return problems


def _without_gloss(label: str) -> str:
    """A label without the curators' gloss in brackets at its end: 'Defender of Rights (Défenseur des droits)'."""
    return re.sub(r"\s*\(.*?\)\s*$", "", label)


def _named_in(graph: Triples, value: str, span: str) -> bool:
    """Whether one evidence span names `value`: a literal's content words; all the content words of one of a
    thing's names (its label without the curators' gloss in brackets; an altLabel); or, for a named person, the
    label's last word ('Ms Badenoch'), as oos:SpeakerStatedShape does."""
    stated = _name_stems(span)
    if value[0] == '"':
        return _name_stems(lexical_form(value)) <= stated
    labels = graph.texts(value, _P["label"])
    label = min(labels) if labels else ""
    names = [_without_gloss(label), *(name for prop in NAMES[1:] for name in graph.texts(value, prop))]
    if any(graph.has(value, _P["type"], kind) for kind in PERSONS) and not graph.has(value, _P["anonymous"], _TRUE) \
            and label.split():  # not the 'UK' of '... who re-entered the UK'
        names.append(label.split()[-1])
    return any(_name_stems(name) and _name_stems(name) <= stated for name in names)


def entity_facts_unsourced(graph) -> list[Problem]:
    """Facts about entities (an organisation's country, a post's organisation, a person's party, an agreement's
    parties and status, an event's participants, venue and agreement, who held which post) that no source gives:
    none of the entity's evidence spans (the report files' words on it) names the value, no marker (oo:inferredValue
    for the property with that rdf:value) says how it was obtained, and, for a post holding's holder and post,
    no oo:basis names the record of the appointment. Facts of a report's own statements and figures are left
    to the shapes (oos:VenueStatedShape, oos:MembershipMarkedShape ...)."""
    graph = triples_of(graph)
    problems = []
    for prop in ENTITY_FACTS:
        for node, value in graph.pairs(prop):
            if graph.has(node, _P["inReport"]) or not _reviewed(graph, node):
                continue
            if any(graph.has(m, _P["value"], value) for m in graph.markers(node, {prop})) \
                    or (prop in APPOINTMENT and graph.has(node, _P["basis"])):
                continue
            if not any(_named_in(graph, value, span) for span in graph.evidence(node)):
                problems.append(Problem(node, prop, value, f"{compact(prop)} {compact(value)} is named by none of its "
                                        "evidence, nor marked", "entity-fact-sourced"))
    return problems


def entity_labels_unstated(graph) -> list[Problem]:
    """Content words of the label of a shared event or agreement (its curators' gloss in brackets aside) that
    none of these write: its evidence and that of the dates reports give it (oo:EventDate), the names of what
    it links to (participants, venue, agreement, parties, its kind of event: 'operations began', 'interview'),
    its marked values. The desk heads the event's page and every date of it with the label, read as the
    reports' name for it: 'Labour entered government' for 'on entering power' said more."""
    graph = triples_of(graph)
    problems = []
    for node in sorted({node for kind in ENTITY_KINDS for node in graph.subjects(_P["type"], kind)}):
        labels = [label for label in graph.objects(node, _P["label"]) if label[0] == '"']
        if not labels or graph.has(node, _P["inReport"]) or not _reviewed(graph, node):
            continue
        said = [*graph.evidence(node), *(text for dated in graph.subjects(_P["event"], node) for text in graph.evidence(dated)),
                *(name for prop in LINKED for value in graph.objects(node, prop) for name in graph.names(value))]
        stated = None
        for label in sorted(labels):
            name = ONE_IN_ONE_OUT.sub(" oneinoneout ", _without_gloss(lexical_form(label)))
            if said_plainly(name, [ONE_IN_ONE_OUT.sub(" oneinoneout ", text) for text in said]):
                continue
            if stated is None:
                stated = set().union(*map(_name_stems, said)) | graph.marked_stems(node)
            unstated = _unstated(name, stated)
            if unstated:
                problems.append(Problem(node, _P["label"], label, f"its label says {unstated}, the reports do not",
                                        "entity-label-stated"))
    return problems


RULES = {  # rule -> (its audit, what it asks, how to mend what it finds)
    "indicator-named": (
        indicators_unnamed, "A reviewed figure's evidence (or a marker's for oo:indicator) names what its indicator counts.",
        "Give the figure the indicator its words name, or cite the sentence that names it (an oo:inferredValue with "
        "oo:inferredProperty oo:indicator, rdf:value the indicator, oo:obtainedBy, oo:reason and that sentence as "
        "oo:evidence)."),
    "label-stated": (
        label_words_unstated, "Every content word of the label of a report's node is in its evidence, its words, its "
        "speaker's, indicator's or report's names, or its markers.",
        "A label says no more than the report: use its evidence's words (or its speaker's, its indicator's, its "
        "report's names), or mark the value."),
    "summary-words-stated": (
        summary_words_unstated, "Every content word of a gist or a claim is in its evidence, or in a marker's.",
        "Say it in its evidence's words, or cite the sentence that gives the others (an oo:inferredValue for the "
        "property whose rdf:value gives them)."),
}


# Audited here for the tests (tests/test_stated_values.py), and run by kg validate as shapes, which find the same:
# oos:SummaryNumbersShape, oos:ValueInWordingShape (a Warning, for the number a wording gives in digits),
# oos:DateStatedShape (a node with evidence).
SHAPES_RUN = {
    "summary-numbers-stated": (
        summary_numbers_unstated, "Every number a gist or a claim gives is in its evidence.",
        "Say only the numbers its evidence writes, or cite the words that write it."),
    "figure-value-written": (
        figure_values_unwritten, "A figure's value (or bound) is a number its words write, or it is marked.",
        "Give the number its words write (oo:statedAs), or mark how the value was obtained (an oo:inferredValue with "
        "oo:inferredProperty oo:value)."),
    "date-stated": (
        dates_unstated, "A date's year is in its node's evidence, or the date is marked.",
        "Cite the words that give its year, or mark it: oo:dateInferred true, or an oo:inferredValue for the "
        "property (a post holding: oo:basis, the record)."),
}


# Audited here for the tests, not yet by kg validate: a shared entity's facts and label are sourced by the
# evidence any report file gives it, so a project of some of the files (the tests' copies of shared.ttl and a
# report or two) would fail them; kg validate --changed would have to load every report that names the entity.
ACROSS_REPORTS = {
    "entity-fact-sourced": (
        entity_facts_unsourced, "A fact about a shared entity is named by its evidence, marked, or (a holding) rests "
        "on oo:basis.",
        "Cite the words of a report that name it (oo:evidence), or mark how it was obtained (an oo:inferredValue for "
        "the property with that rdf:value)."),
    "entity-label-stated": (
        entity_labels_unstated, "Every content word of an event's or agreement's label (its gloss aside) is the reports'.",
        "Name it in the reports' words (a gloss of the curators' goes in brackets at the end), or mark the value."),
}


def stated_problems(graph) -> list[Problem]:
    """Every rule's problems over `graph` (a TripleIndex of ontology and data; rdflib triples: triples_of)."""
    graph = triples_of(graph)
    return [problem for audit, _, _ in RULES.values() for problem in audit(graph)]


def stated_findings(graph, names) -> list:
    """The problems as findings (kg.validation.findings), located where the value at fault is written."""
    from kg.core.terms import rdflib_of
    from kg.validation.findings import Clue, Finding

    findings = []
    for problem in stated_problems(graph):
        focus, path, value = (rdflib_of(t) for t in (problem.focus, problem.path, problem.value))
        findings.append(Finding("Violation", names(focus), names(path), f"{problem.says}. {RULES[problem.rule][2]}",
                                problem.rule, names(value), names.files(focus),
                                clue=Clue(names.ref(focus), ((path, False),), (names.ref(value),), problem.rule)))
    return findings
