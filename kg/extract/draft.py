"""`kg extract` and `kg add`: draft a new report's Turtle from its plain text, by rules (no models).

The draft follows docs/modelling.md: the report node; direct quotes with their speakers; reported
statements where attribution is explicit; figures with value, unit, comparator, a best-guess
indicator and evidence spans; links to the people, posts, organisations and agreements the project
already knows. Every drafted node carries `oo:reviewStatus oo:Unreviewed` and `prov:wasGeneratedBy`
the run's `oo:Extraction`, so a draft never mixes silently with curated data. See docs/extraction.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.errors import KGError
from kg.extract.entities import (
    SPEECH_VERBS, Entity, Gazetteer, Mention, find_mentions, fold, gender_hints, slug,
)
from kg.extract.figures import FigureMention, clause_around, find_figures, guess_indicator
from kg.extract.text import Quotation, containing, paragraphs, quotations, quote_sentences, sentences
from kg.reference.load import parse_turtle
from kg.namespaces import OA, OI, OO, SCHEMA, bind_prefixes
from kg.graph.project import Project
from kg.graph.spans import sha256_of

def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("oioo-kg")
    except PackageNotFoundError:
        return "0.1.0"


EXTRACTOR_VERSION = _version()
MAX_EVIDENCE = 300
_VERB = re.compile(rf"\b({SPEECH_VERBS})\b", re.IGNORECASE)


class NothingFound(KGError):
    """The text has no quotes and no figures: nothing to draft."""


class DraftInvalid(KGError):
    """The draft fails the shapes: a bug in the extractor, not in the input."""

    exit_code = 1


# ------------------------------------------------------------------------------------ input

def read_article(path: Path) -> str:
    """The article's text, or a one-line KGError for input that is not a plain-text report."""
    path = Path(path)
    if not path.is_file():
        raise KGError(f"{path}: no such file")
    data = path.read_bytes()
    if not data.strip():
        raise KGError(f"{path}: the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise KGError(f"{path}: not UTF-8 text (byte {error.start}); save the report as UTF-8 plain text") from None
    if re.search(r"<(!doctype|html|head|body|div|p|span|script|article|meta|br)\b[^>]*>", text, re.IGNORECASE):
        raise KGError(f"{path}: looks like HTML, not plain text; extract the article's text first")
    if "\x00" in text:
        raise KGError(f"{path}: binary data, not a plain-text report")
    if not text.strip():
        raise KGError(f"{path}: the file holds only white space")
    return text


def report_number(path: Path) -> str:
    """'005_abc.txt' -> '005'; otherwise a slug of the file name."""
    stem = Path(path).stem
    match = re.match(r"(\d+)", stem)
    if match:
        return match.group(1).zfill(3)
    return slug(stem) or "draft"


# ------------------------------------------------------------------------------------ model

@dataclass
class DraftStatement:
    iri: URIRef
    speaker: Entity
    start: int  # evidence
    end: int
    quote: tuple[int, int] | None = None  # a direct quote's words
    gist: str = ""
    role: str = ""
    post: URIRef | None = None
    figures: list = field(default_factory=list)
    venues: list = field(default_factory=list)  # media organisations it was said to or on ("told LBC")


@dataclass
class DraftFigure:
    iri: URIRef
    mention: FigureMention
    indicator: str | None
    voice: Entity | None
    spans: list = field(default_factory=list)  # evidence (start, end)


@dataclass
class Draft:
    text: str
    file_name: str
    sha256: str
    number: str
    statements: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    new_entities: dict = field(default_factory=dict)
    mentioned: dict = field(default_factory=dict)  # IRI -> Entity (known entities named in the text)
    unattributed: list = field(default_factory=list)  # quotes without a speaker

    @property
    def stem(self) -> str:
        """'r005' for 005_....txt, 'r-guardian-style' for other names: the prefix of the draft's IRIs."""
        return f"r{self.number}" if self.number.isdigit() else f"r-{self.number}"

    @property
    def report(self) -> URIRef:
        return OI[self.stem]

    @property
    def quotes(self) -> list:
        return [s for s in self.statements if s.quote is not None]


# ------------------------------------------------------------------------------------ rules

def gazetteer_for(project: Project) -> Gazetteer:
    """Known entities: those of data/shared.ttl (report files' own people stay out, so a draft links
    only to the shared entities, and evaluation against the curated reports is fair)."""
    shared = project.root / "data" / "shared.ttl"
    graph = bind_prefixes(Graph())
    parse_turtle(project.ontology_file, into=graph)
    if shared.exists():
        parse_turtle(shared, into=graph)
    subjects = set(parse_turtle(shared).subjects()) if shared.exists() else set()
    return Gazetteer(graph, subjects)


def draft(text: str, file_name: str, gazetteer: Gazetteer, sha256: str) -> Draft:
    number = report_number(Path(file_name))
    result = Draft(text, file_name, sha256, number)
    mentions = find_mentions(text, gazetteer, number, result.new_entities)
    for m in mentions:
        if m.entity is not None and not m.entity.new:
            result.mentioned[m.entity.iri] = m.entity
    for entity in gazetteer.find(text):
        if entity.entity is not None and entity.entity.report_only in ("", number):
            result.mentioned.setdefault(entity.entity.iri, entity.entity)
    _Attributor(text, mentions, gazetteer, result).run()
    _figures(result, gazetteer)
    _venues(result, mentions, gazetteer)
    used = {s.speaker.iri for s in result.statements}
    result.new_entities = {iri: e for iri, e in result.new_entities.items() if iri in used}
    return result


FUNCTION_WORDS = {"to", "that", "with", "of", "and", "but", "as", "for", "when", "in", "on", "at", "by", "from",
                  "which", "who", "while", "because", "if", "until", "after", "before", "over", "about", "than",
                  "or", "so", "since", "unless", "into", "despite", "however", "amid", "against", "the", "a",
                  "an", "its", "their", "his", "her", "this", "these", "those", "our", "your", "it", "them", "him",
                  "us", "me", "you", "we", "they", "he", "she", "is", "are", "was", "were", "be", "been", "has",
                  "have", "had", "will", "would", "could", "should", "may", "might", "must", "can", "not", "up",
                  "out", "off", "down", "back", "again", "too", "also", "now", "then", "yet", "still", "just",
                  "only", "even", "ever", "never", "all", "some", "any", "each", "every", "both", "more", "less",
                  "such", "there", "here", "via", "per", "towards", "toward", "through", "under", "within"}


def is_name(text: str, quote: Quotation, gazetteer: Gazetteer) -> bool:
    """A quoted name, not speech: a known agreement's name ('one in, one out') or a short label used as a
    modifier ('‘flash ball’ guns')."""
    inner = fold(quote.inner(text)).strip(" ,.").lower()
    if re.search(r"\bso-called\s*$", text[max(0, quote.start - 12):quote.start], re.I):
        return True
    for alias, entity, _ in gazetteer.aliases:
        if entity is not None and entity.kind == "agreement" and fold(alias).lower() == inner:
            return True
    if len(inner.split()) <= 3 and quote.closed:
        following = re.match(r"\s+([a-z]+)\b", text[quote.end:quote.end + 30])
        if following and following.group(1) not in FUNCTION_WORDS and not _VERB.fullmatch(following.group(1)):
            return True
    return False


class _Attributor:
    """Walks the sentences in order, attributing quotes and reported statements to speakers."""

    def __init__(self, text: str, mentions: list[Mention], gazetteer: Gazetteer, result: Draft):
        self.text, self.mentions, self.gazetteer, self.result = text, mentions, gazetteer, result
        self.sentences = sentences(text)
        self.paragraphs = paragraphs(text)
        self.quotes = [q for q in quotations(text) if not is_name(text, q, gazetteer)]
        self.all_quotes = quotations(text)
        self.history: list[tuple[Entity, str, object]] = []  # (speaker, role, post), most recent last
        self.genders = gender_hints(text, mentions)
        self.counter: dict = {}
        self._last_paragraph: int | None = None

    # -- helpers
    def _masked(self, start: int, end: int) -> list[Mention]:
        inside = [(q.start, q.end) for q in self.all_quotes]
        return [m for m in self.mentions if start <= m.start and m.end <= end and m.can_speak
                and not any(a <= m.start < b for a, b in inside)]

    def _resolve(self, m: Mention) -> tuple[Entity | None, str, object]:
        if m.kind in ("entity", "new", "group"):
            return m.entity, re.sub(r"^(?:the|a|an)\s+", "", m.role.strip(), flags=re.I), m.post
        if m.kind == "pronoun":
            want = {"he": "m", "she": "f"}.get(m.word)
            for entity, role, post in reversed(self.history):
                gender = self.genders.get(entity.iri)
                if m.word == "they" and entity.kind != "organisation" and not entity.anonymous:
                    continue
                if m.word in ("he", "she") and entity.kind != "person":
                    continue
                if want is None or gender in (None, want):
                    return entity, role, post
            return None, "", None
        if m.kind == "role":
            for entity, role, post in reversed(self.history):
                label = (entity.label + " " + role + " " + self._post_label(post)).lower()
                if m.word in label:
                    return entity, role, post
            for other in reversed([x for x in self.mentions if x.end <= m.start and x.entity is not None]):
                label = (other.entity.label + " " + other.role + " " + self._post_label(other.post)).lower()
                if m.word in label and other.entity.kind == "person":
                    return other.entity, other.role, other.post
        return None, "", None

    def _post_label(self, post) -> str:
        return str(self.gazetteer.graph.value(post, RDFS.label) or "") if post is not None else ""

    def _speaker_before(self, start: int, end: int, verb_needed: bool = False):
        """The subject of a speech verb among the mentions in text[start:end] (the nearest before `end`)."""
        candidates = [m for m in self._masked(start, end)
                      if not re.search(r"\b(told|to|on|with|by|from|against|of|for|about|at)\s+$",
                                       self.text[max(start, m.start - 8):m.start])
                      or re.search(r"according to\s+$", self.text[max(start, m.start - 14):m.start], re.I)
                      or re.match(rf"\s*(?:\w+ly\s+)?(?:{SPEECH_VERBS})\b", self.text[m.end:m.end + 30], re.I)]
        candidates = [m for m in candidates if not (m.entity is not None and m.entity.kind == "organisation"
                                                    and re.match(r"\s*(radio|'s|’s)", self.text[m.end:m.end + 7]))]
        inside = [(q.start, q.end) for q in self.all_quotes]
        chosen = None
        for i, m in enumerate(candidates):
            gap_end = candidates[i + 1].start if i + 1 < len(candidates) else end
            gap = "".join(c for j, c in enumerate(self.text[m.end:gap_end], m.end)
                          if not any(a <= j < b for a, b in inside))
            before = self.text[max(start, m.start - 14):m.start]
            if _VERB.search(gap) or re.search(r"according to\s+$", before, re.I):
                chosen = m
        if chosen is None and candidates and not verb_needed:
            chosen = candidates[-1]
        return chosen

    def _speaker_after(self, start: int, end: int):
        """'..., she told LBC', '..., Ms Mahmood said', '..., said Mr Philp': a speaker right after a quote."""
        after = self.text[start:end]
        lead = re.match(r"[\s,]*(?:the\s+)?", after).end()
        if not any(m.start == start + lead for m in self._masked(start + lead, end)):
            lead = re.match(r"[\s,]*", after).end()
        for m in self._masked(start + lead, end):
            if m.start != start + lead:
                continue
            tail = self.text[m.end:end]
            if re.match(rf"\s*(?:,[^,“”\"‘’]{{1,80}},\s*)?(?:\w+ly\s+)?(?:has |had |have )?({SPEECH_VERBS})\b",
                        tail, re.I):
                return m
        passive = re.match(r"[\s,]*by\s+", after)  # 'was branded “a gimmick” by Labour'
        if passive:
            for m in self._masked(start + passive.end(), end):
                if m.start == start + passive.end() or (m.start == start + passive.end() + 4
                                                        and after[passive.end():passive.end() + 4].lower() == "the "):
                    return m
        if re.match(rf"[\s,]*it\s+(?:{SPEECH_VERBS})\b", after):  # '..., it added': the last organisation
            for entity, role, post in reversed(self.history):
                if entity.kind == "organisation":
                    return Mention(start, start, "entity", entity, role, post)
        verb = re.match(rf"[\s,]*(?:{SPEECH_VERBS})\s+", after, re.I)
        if verb:
            for m in self._masked(start + verb.end(), end):
                if m.start == start + verb.end():
                    return m
        return None

    def _sentence_of(self, position: int) -> tuple[int, int]:
        return next((s for s in self.sentences if s[0] <= position < s[1]),
                    (position, position))

    def _remember(self, entity: Entity, role: str, post, position: int | None = None) -> None:
        self.history.append((entity, role, post))
        if position is not None:
            self._last_paragraph = next((i for i, p in enumerate(self.paragraphs) if p[0] <= position < p[1] + 1), None)

    def _iri(self, entity: Entity) -> URIRef:
        local = str(entity.iri).split("/")[-1]
        short = re.sub(r"^(unnamed-|post-|holding-)", "", local)
        short = short.split("-")[-1] if entity.kind == "person" and not entity.anonymous else short
        short = re.sub(r"-\d+$", "", short)
        self.counter[short] = self.counter.get(short, 0) + 1
        return OI[f"{self.result.stem}-st-{short}-{self.counter[short]}"]

    # -- the walk
    def run(self) -> None:
        by_sentence: dict = {}
        for q in self.quotes:
            by_sentence.setdefault(self._sentence_of(q.start), []).append(q)
        last_quote: tuple[Quotation, Entity, str, object] | None = None
        for sentence in self.sentences:
            quotes = by_sentence.get(sentence, [])
            if not quotes:
                self._reported(sentence)
                continue
            for q in quotes:
                paragraph_start = self.paragraphs[q.paragraph][0]
                end_sentence = self._sentence_of(max(q.end - 1, q.start))
                who = self._speaker_after(q.end, end_sentence[1]) if q.closed else None
                if who is None:
                    who = self._speaker_before(sentence[0], q.start)
                speaker, role, post = self._resolve(who) if who is not None else (None, "", None)
                if speaker is None and last_quote is not None and (
                        last_quote[0].paragraph == q.paragraph or q.start == paragraph_start
                        or self.text[paragraph_start:q.start].strip() == ""):
                    speaker, role, post = last_quote[1], last_quote[2], last_quote[3]
                if speaker is None and self.history and self.text[sentence[0]:q.start].strip() == "" \
                        and self._last_paragraph is not None and q.paragraph - self._last_paragraph <= 1:
                    speaker, role, post = self.history[-1]  # 'Mahmood defended the scheme. "It is working."'
                if speaker is None:
                    self.result.unattributed.append(q)
                    continue
                self._remember(speaker, role, post, q.start)
                last_quote = (q, speaker, role, post)
                for a, b in quote_sentences(self.text, q):
                    ev = containing(self.sentences, a, b)
                    if ev[1] - ev[0] > MAX_EVIDENCE:
                        ev = (a, b)
                    self.result.statements.append(DraftStatement(self._iri(speaker), speaker, ev[0], ev[1], (a, b),
                                                                 role=role, post=self._post_for(speaker, post)))

    def _reported(self, sentence: tuple[int, int]) -> None:
        """A sentence with a named speaker and a speech verb and no quotation marks: a reported statement."""
        start, end = sentence
        who = self._speaker_before(start, end, verb_needed=True)
        if who is None:
            return
        gap = self.text[who.end:min(end, who.end + 60)]
        if not re.match(rf"\s*,?\s*(?:[^,]{{1,80}},\s*)?(?:\w+ly\s+)?(?:has |had |have |is |was )?(?:{SPEECH_VERBS})\b",
                        gap, re.I) and not re.search(r"according to\s+$", self.text[max(start, who.start - 14):who.start], re.I):
            return
        speaker, role, post = self._resolve(who)
        if speaker is None:
            return
        self._remember(speaker, role, post, start)
        if end - start > MAX_EVIDENCE:
            end = start + self.text[start:start + MAX_EVIDENCE].rfind(" ")
        gist = re.sub(r"\s+", " ", self.text[start:end]).strip()
        self.result.statements.append(DraftStatement(self._iri(speaker), speaker, start, end, None, gist,
                                                     role, self._post_for(speaker, post)))

    def _post_for(self, speaker: Entity, post):
        """The post the title names, kept only when the project knows the speaker held it."""
        if post is None:
            return None
        for holding in self.gazetteer.graph.subjects(OO.post, post):
            if self.gazetteer.graph.value(holding, OO.holder) == speaker.iri:
                return post
        return None


def _figures(result: Draft, gazetteer: Gazetteer) -> None:
    text = result.text
    spans = sentences(text)
    indicators = {str(s).split("/")[-1] for s in gazetteer.graph.subjects(RDF.type, OO.Indicator)}
    voices = []  # (start, end, speaker entity, statement)
    for statement in result.statements:
        a, b = statement.quote if statement.quote else (statement.start, statement.end)
        voices.append((a, b, statement))
    merged: dict = {}
    for mention in find_figures(text):
        sentence = next((s for s in spans if s[0] <= mention.start < s[1]), (mention.start, mention.end))
        statement = next((v[2] for v in voices if v[0] <= mention.start < v[1]), None)
        voice = statement.speaker if statement else None
        indicator = guess_indicator(text, mention, clause_around(text, sentence, mention.anchor))
        if indicator not in indicators:
            indicator = None
        key = (mention.value, mention.unit, mention.comparator, voice.iri if voice else None, indicator)
        evidence = sentence if sentence[1] - sentence[0] <= MAX_EVIDENCE else \
            clause_around(text, sentence, mention.anchor)
        if key in merged:
            figure = merged[key]
            if evidence not in figure.spans:
                figure.spans.append(evidence)
        else:
            voice_name = "report" if voice is None else str(voice.iri).split("/")[-1].split("-")[-1]
            what = (indicator or "unclassified").removeprefix("ind-")
            value = "vague" if mention.value is None else _number_text(mention.value).replace(".", "-")
            iri = OI[f"{result.stem}-fig-{what}-{value}-{voice_name}"]
            n = 2
            while any(f.iri == iri for f in result.figures):
                iri = OI[f"{result.stem}-fig-{what}-{value}-{voice_name}-{n}"]
                n += 1
            figure = DraftFigure(iri, mention, indicator, voice, [evidence])
            merged[key] = figure
            result.figures.append(figure)
        if statement is not None and figure.iri not in statement.figures:
            statement.figures.append(figure.iri)


def _venues(result: Draft, mentions: list[Mention], gazetteer: Gazetteer) -> None:
    """'told LBC', 'on the BBC', 'speaking to Times Radio': the broadcaster is the statement's oo:venue."""
    media = set(gazetteer.graph.subjects(RDF.type, OO.MediaOrganisation))
    for statement in result.statements:
        for m in mentions:
            if m.entity is not None and m.entity.iri in media and statement.start <= m.start < statement.end \
                    and re.search(r"\b(told|on|to|with)\s+(?:the\s+)?$", result.text[max(0, m.start - 12):m.start], re.I) \
                    and m.entity.iri not in statement.venues:
                statement.venues.append(m.entity.iri)


def _number_text(value) -> str:
    value = float(value)
    return str(int(value)) if value == int(value) else repr(value)


# ------------------------------------------------------------------------------------ graph

def to_graph(result: Draft) -> Graph:
    graph = bind_prefixes(Graph())
    text, report = result.text, result.report
    run = OI[f"extraction-{result.stem}-{result.sha256[:12]}"]
    add = graph.add

    def mark(node) -> None:
        add((node, OO.reviewStatus, OO.Unreviewed))
        add((node, PROV.wasGeneratedBy, run))

    def evidence(node, start: int, end: int) -> None:
        span = BNode()
        add((node, OO.evidence, span))
        add((span, RDF.type, OO.EvidenceSpan))
        add((span, OA.hasSource, report))
        add((span, OA.exact, Literal(text[start:end])))
        add((span, OA.start, Literal(start)))
        add((span, OA.end, Literal(end)))

    add((run, RDF.type, OO.Extraction))
    add((run, RDFS.label, Literal(f"kg extract {EXTRACTOR_VERSION} over {result.file_name}", lang="en")))
    add((run, OO.extractorVersion, Literal(EXTRACTOR_VERSION)))
    add((run, PROV.used, report))

    first = paragraphs(text)[0]
    headline = text[first[0]:first[1]]
    add((report, RDF.type, OO.Report))
    add((report, RDFS.label, Literal(f"Report {result.number} (draft): {headline[:120]}", lang="en")))
    if len(headline) <= 200 and not headline.endswith("."):
        add((report, SCHEMA.headline, Literal(headline)))
    add((report, OO.sourceFileName, Literal(result.file_name)))
    add((report, OO.sha256, Literal(result.sha256)))
    add((report, OO.characterCount, Literal(len(text))))
    add((report, SCHEMA.inLanguage, Literal("en")))
    for iri, entity in sorted(result.mentioned.items()):
        add((report, SCHEMA.about if entity.kind == "agreement" else SCHEMA.mentions, iri))
    mark(report)

    for iri, entity in sorted(result.new_entities.items()):
        add((iri, RDF.type, OO.Person if entity.kind == "person" else OO.Organisation))
        add((iri, RDFS.label, Literal(entity.label, lang="en")))
        if entity.anonymous:
            add((iri, OO.anonymous, Literal(True)))
        if entity.role:
            add((iri, RDFS.comment, Literal(f"Role as written: {entity.role}", lang="en")))
        mark(iri)

    fallback = OI[f"ind-unclassified-{result.stem}"]
    for figure in result.figures:
        m = figure.mention
        node = figure.iri
        indicator = OI[figure.indicator] if figure.indicator else fallback
        if not figure.indicator and (fallback, RDF.type, OO.Indicator) not in graph:
            add((fallback, RDF.type, OO.Indicator))
            add((fallback, RDFS.label, Literal(f"unclassified quantity (draft of report {result.number})", lang="en")))
            add((fallback, SKOS.prefLabel, Literal(f"a quantity report {result.number} states that the extractor "
                                                    "could not classify", lang="en")))
            add((fallback, SKOS.definition, Literal("Placeholder for figures whose indicator the extractor could not "
                                                     "guess: a curator replaces it with a real indicator.", lang="en")))
            add((fallback, OO.cumulative, Literal(False)))
            mark(fallback)
        voice = "report's voice" if figure.voice is None else figure.voice.label
        add((node, RDF.type, OO.Figure))
        add((node, RDFS.label, Literal(f"{m.stated_as} (report {result.number}, {voice}; draft)", lang="en")))
        if m.value is not None:
            add((node, OO.value, _number_literal(m.value)))
        add((node, OO.unit, OO[m.unit]))
        add((node, OO.indicator, indicator))
        add((node, OO.comparator, OO[m.comparator]))
        if m.comparator in ("MoreThan", "AtLeast", "LessThan", "Almost") and m.value is not None:
            add((node, OO.bound, _number_literal(m.value)))
        if m.comparator != "Exactly":
            add((node, OO.qualifierAsWritten, Literal(m.qualifier or m.stated_as)))
        add((node, OO.statedAs, Literal(m.stated_as)))
        add((node, OO.inReport, report))
        for start, end in sorted(figure.spans):
            evidence(node, start, end)
        mark(node)

    for statement in result.statements:
        node = statement.iri
        speaker = statement.speaker
        if statement.quote:
            words = text[statement.quote[0]:statement.quote[1]]
            add((node, RDF.type, OO.DirectQuote))
            add((node, OO.quote, Literal(words)))
            short = words if len(words) <= 70 else words[:69] + "…"
            add((node, RDFS.label, Literal(f"{speaker.label}: ‘{short}’ (report {result.number}; draft)", lang="en")))
        else:
            add((node, RDF.type, OO.ReportedStatement))
            add((node, OO.gist, Literal(statement.gist)))
            short = statement.gist if len(statement.gist) <= 70 else statement.gist[:69] + "…"
            add((node, RDFS.label, Literal(f"{speaker.label} (reported): {short} (report {result.number}; draft)",
                                           lang="en")))
        add((node, OO.speaker, speaker.iri))
        if statement.post is not None:
            add((node, OO.speakerPost, statement.post))
        if statement.role:
            add((node, OO.roleAsWritten, Literal(statement.role)))
        add((node, OO.inReport, report))
        for iri in statement.figures:
            add((node, OO.mentionsFigure, iri))
        for venue in statement.venues:
            add((node, OO.venue, venue))
        words = fold(text[statement.start:statement.end]).lower()
        for iri, entity in result.mentioned.items():
            if entity.kind == "agreement" and any(fold(n).lower() in words for n in _agreement_words(entity)):
                add((node, OO.about, iri))
        evidence(node, statement.start, statement.end)
        mark(node)
    return graph


def _agreement_words(entity: Entity) -> list[str]:
    words = [entity.label]
    if "one in, one out" in entity.label:
        words += ["one in, one out", "one-in-one-out", "returns deal", "the deal", "the scheme", "the pilot"]
    return words


def _number_literal(value) -> Literal:
    """281 as xsd:integer, 1.6 as xsd:decimal (as curators write them)."""
    text = _number_text(value)
    return Literal(int(text)) if re.fullmatch(r"-?\d+", text) else Literal(text, datatype=XSD.decimal)


def serialize(result: Draft) -> str:
    """Deterministic Turtle of the draft, with a header saying what it is."""
    from kg.reference.build import relabel, serialize as serialize_graph, stable_blank_node_labels

    graph = to_graph(result)
    body = serialize_graph(relabel(graph, stable_blank_node_labels(graph)), "turtle").decode("utf-8")
    header = (f"# MACHINE-DRAFTED by `kg extract` {EXTRACTOR_VERSION} from {result.file_name}: UNREVIEWED.\n"
              "# Every node here is oo:reviewStatus oo:Unreviewed. Check values, speakers and links against the\n"
              "# text, then remove the status (docs/extraction.md).\n")
    return header + body


# ------------------------------------------------------------------------------------ commands

def extract_file(project: Project, path: Path) -> Draft:
    text = read_article(path)
    result = draft(text, Path(path).name, gazetteer_for(project), sha256_of(path))
    if not result.statements and not result.figures:
        raise NothingFound(f"{path}: found no quotes, statements or figures to draft")
    return result


def validate_draft(project: Project, result: Draft):
    """SHACL of the draft with the shared entities and the ontology (kg.reference.validate.shacl)."""
    from kg.reference.validate import shacl

    data = to_graph(result)
    shared = project.root / "data" / "shared.ttl"
    if shared.exists():
        parse_turtle(shared, into=data)
    shapes = parse_turtle(project.shapes_file)
    ontology = parse_turtle(project.ontology_file)
    return shacl(data, shapes, ontology)


def target_path(project: Project, path: Path) -> Path:
    return project.root / "data" / f"report-{report_number(path)}.ttl"


def summary(result: Draft) -> str:
    lines = [f"report oi:{result.stem} ({result.file_name}, {len(result.text)} characters)",
             f"  direct quotes:        {len(result.quotes)}",
             f"  reported statements:  {len(result.statements) - len(result.quotes)}",
             f"  figures:              {len(result.figures)} "
             f"({sum(f.mention.comparator == 'Vague' for f in result.figures)} vague)",
             "  speakers:             " + ", ".join(sorted({s.speaker.label for s in result.statements})),
             f"  known entities named: {len(result.mentioned)}",
             "  new people/organisations: " + (", ".join(e.label for e in result.new_entities.values()) or "none"),
             f"  quotes left unattributed: {len(result.unattributed)}"]
    for q in result.unattributed:
        lines.append(f"    - ‘{result.text[q.inner_start:q.inner_end][:70]}’ at {q.start}")
    return "\n".join(lines)
