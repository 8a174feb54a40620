"""`kg extract` and `kg add`: draft a new report's Turtle from its plain text, by rules (no models).

The draft follows docs/modelling.md: the report node, named by its text's SHA-256 so that it cannot
collide with a curated or earlier report; its date when the curator gives one or the text states one;
every quotation as one direct quote with its speaker (an oo:UnresolvedSpeaker listing the candidates
when no rule finds one: no quotation is dropped); reported statements; figures with value, unit,
comparator, a best-guess indicator and evidence spans; links to the people, posts, organisations and
agreements the project already knows. Every drafted node carries `oo:reviewStatus oo:Unreviewed` and
`prov:wasGeneratedBy` the run's `oo:Extraction`, so a draft never mixes silently with curated data.
See docs/extraction.md.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.core.errors import KGError, not_utf8
from kg.core.wording import BROAD_FUNCTION_WORDS
from kg.extract.countries import COUNTRY_WORDS
from kg.extract.dates import ReportDate, report_date, said_when
from kg.extract.entities import SHARED, SPEECH_VERBS, Entity, Gazetteer, Mention, find_mentions, fold
from kg.extract.figures import FigureMention, clause_around, find_figures, guess_indicator, other_countries
from kg.extract.project_data import Existing, ProjectData
from kg.extract.speakers import Attribution, Reader, past_title
from kg.extract.text import (Quotation, as_if_lower_case, containing, paragraphs, quotations, sentences,
                             with_line_feeds)
from kg.validation.findings import ValidationReport
from kg.sources.cache import kg_version
from kg.sources.project import Project
from kg.validation.spans import INVISIBLE, as_read, read_source, sha256_of
from kg.core.namespaces import OA, OI, OO, SCHEMA, bind_prefixes
from kg.sparql.output import short


EXTRACTOR_VERSION = kg_version()
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
    if not path.is_file():  # (/dev/urandom was "no such file")
        raise KGError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    with path.open("rb") as article:  # no further than a report may be long: a 2 GB file took 28 s and 4 GB
        data = article.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise KGError(f"{path}: {path.stat().st_size:,} bytes, more than a news report's {MAX_ARTICLE_CHARACTERS:,} "
                      f"characters can take: give kg extract one report a file")
    if not data.removeprefix(b"\xef\xbb\xbf").strip():  # a byte-order mark alone is no text either
        raise KGError(f"{path}: the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise not_utf8(path, error.object[error.start], error.start, "; save the report as UTF-8 plain text") from None
    if re.search(r"<(!doctype|html|head|body|div|p|span|script|article|meta|br)\b[^>]*>", text, re.IGNORECASE):
        raise KGError(f"{path}: looks like HTML, not plain text; extract the article's text first")
    if "\x00" in text:
        raise KGError(f"{path}: binary data, not a plain-text report")
    if not text.strip():
        raise KGError(f"{path}: the file holds only white space")
    if len(text) > MAX_ARTICLE_CHARACTERS:
        raise KGError(f"{path}: {len(text):,} characters, more than a news report's {MAX_ARTICLE_CHARACTERS:,} (a "
                      f"long read is about 60,000): give kg extract one report a file")
    lines = with_line_feeds(text)
    longest = max(_RUN.finditer(lines), key=lambda run: len(run.group()))
    if len(longest.group()) > MAX_RUN_CHARACTERS:
        line = lines.count("\n", 0, longest.start()) + 1
        raise KGError(f"{path}:{line}: {len(longest.group()):,} characters with no full stop, question or exclamation "
                      f"mark, or line break (at most {MAX_RUN_CHARACTERS:,}): break the text into its sentences")
    return text


# Drafting time grows faster than the text (measured: 91 KB 7 s, 273 KB 37 s; one 34 KB sentence 8 s, a
# 10 KB one 1.7 s), so what no report holds is refused at once rather than left to run for minutes.
MAX_ARTICLE_CHARACTERS = 150_000
MAX_ARTICLE_BYTES = 4 * MAX_ARTICLE_CHARACTERS  # (UTF-8: at most 4 bytes a character)
MAX_RUN_CHARACTERS = 10_000
_RUN = re.compile(r"[^.!?\n]*")  # (of a text with_line_feeds)


def report_id(sha256: str) -> str:
    """The draft's identity: the first 12 hex digits of its text's SHA-256 (never the file name, so an
    article saved as 01_x.txt cannot take the IRI of curated report oi:r001)."""
    return sha256[:12]


# ------------------------------------------------------------------------------------ model

@dataclass
class DraftStatement:
    iri: URIRef
    speaker: Entity
    spans: list  # evidence (start, end), in text order
    parts: list = field(default_factory=list)  # a direct quote's words, one (start, end) per paragraph
    gist: str = ""
    role: str = ""
    post: URIRef | None = None
    figures: list = field(default_factory=list)
    venues: list = field(default_factory=list)  # media organisations it was said to or on ("told LBC")
    regions: list = field(default_factory=list)  # a reported statement's words in its speaker's voice

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def quote(self) -> tuple[int, int] | None:
        """(start, end) of the quotation's words from its first to its last part; None if reported."""
        return (self.parts[0][0], self.parts[-1][1]) if self.parts else None

    def words(self, text: str) -> str:
        return " ".join(text[a:b] for a, b in self.parts)


@dataclass
class UnresolvedSpeaker:
    """The placeholder speaker of a quotation no rule could attribute (an oo:UnresolvedSpeaker)."""

    iri: URIRef
    label: str
    candidates: list  # the words that might name the speaker, as written
    candidate_entities: list  # known or new agents among them
    kind: str = "unresolved"
    anonymous: bool = True
    new: bool = True


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
    date: ReportDate | None = None
    statements: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    new_entities: dict = field(default_factory=dict)
    mentioned: dict = field(default_factory=dict)  # IRI -> Entity (known entities named in the text)
    unresolved: list = field(default_factory=list)  # UnresolvedSpeakers of quotes that need a speaker
    shared: list = field(default_factory=list)  # Mentions of a surname or role noun two people of the text have
    existing: set = field(default_factory=set)  # IRIs the project already defines: linked, never redeclared
    withdrawn: list = field(default_factory=list)  # FigureMentions an update note withdraws: left out, listed

    @property
    def id(self) -> str:
        return report_id(self.sha256)

    @cached_property
    def lines(self) -> str:
        """The text as the rules read it, every line break a line feed (with_line_feeds): same offsets. The words a
        draft quotes are the text's own. (Worked out once: the rules read it for every statement.)"""
        return with_line_feeds(self.text)

    @property
    def stem(self) -> str:
        """'r-3fa2b1c4d5e6': the report's local name and the prefix of the draft's IRIs."""
        return f"r-{self.id}"

    @property
    def report(self) -> URIRef:
        return OI[self.stem]

    @property
    def quotes(self) -> list:
        return [s for s in self.statements if s.parts]

    @property
    def role_only(self) -> list:
        """Speakers the report describes only by a role ("the senior immigration official")."""
        used = {s.speaker.iri for s in self.statements}
        return [e for e in self.new_entities.values() if e.anonymous and e.iri in used]


# ------------------------------------------------------------------------------------ rules

def gazetteer_for(project: Project, project_data: ProjectData | None = None) -> Gazetteer:
    """Known entities: those of data/shared.ttl (report files' own people stay out, so a draft links
    only to the shared entities, and evaluation against the curated reports is fair). `project_data`: the
    project as already read."""
    project_data = project_data or ProjectData(project)
    gazetteer = Gazetteer(*project_data.shared_graph())
    gazetteer.report_texts.update(project_data.report_texts)
    return gazetteer


def draft(text: str, file_name: str, gazetteer: Gazetteer, sha256: str, date: str | None = None,
          existing: set | None = None) -> Draft:
    """The draft of one report. `date` is the curator's (ISO); `existing` the IRIs the project defines."""
    result = Draft(text, file_name, sha256, existing=set(existing or ()))
    lines = result.lines
    result.date = report_date(lines, date)
    own = {number for number, sha in gazetteer.report_texts.items() if sha == sha256}
    # the speaker and figure rules read a sentence in capitals as if in lower case (their words are lower-case words),
    # the names the project knows (and the world's countries) in their own case, and a person's name in capitals in a
    # name's case; the evidence and the words are the text's own
    reading = as_if_lower_case(lines, [a for a, e, _ in gazetteer.aliases if e is not None and not e.anonymous] +
                               list(COUNTRY_WORDS))
    mentions = find_mentions(reading, gazetteer, result.id, result.new_entities, own)
    for m in mentions:
        if m.entity is not None and not m.entity.new:
            result.mentioned[m.entity.iri] = m.entity
    for m in gazetteer.find(reading):
        if m.entity is not None and (not m.entity.report_only or m.entity.report_only in own) and \
                not _someone_elses_surname(m, mentions):
            result.mentioned.setdefault(m.entity.iri, m.entity)
    result.shared = [m for m in mentions if m.kind in SHARED]
    all_quotes = quotations(reading)
    quotes = [q for q in all_quotes if not is_name(reading, q, gazetteer)]
    reader = Reader(reading, mentions, gazetteer, quotes, all_quotes, result.date.value if result.date else None,
                    result.new_entities, result.id)
    reader.run()
    found = find_figures(lines, result.withdrawn, reading)
    reader.statements = [s for s in reader.statements if not (s.beside or s.unresolved) or
                         any(a <= f.start < b for f in found for a, b in s.regions)]
    # words reported beside a quotation, or by a speaker the rules cannot name, are drafted when they state a
    # figure, whose voice they give (never the report's)
    _statements(result, reader, quotes)
    _figures(result, gazetteer, found, reading)
    _venues(result, mentions, gazetteer)
    used = {s.speaker.iri for s in result.statements}
    used |= {e.iri for u in result.unresolved for e in u.candidate_entities}
    used |= {e.works_for.iri for e in result.new_entities.values() if e.iri in used and e.works_for is not None}
    result.new_entities = {iri: e for iri, e in result.new_entities.items() if iri in used}
    for entity in result.new_entities.values():  # "LABOUR MP JO WHITE SAID": her role as written is "LABOUR MP"
        entity.role = _as_written(lines, reading, entity.role, [])
    for iri in [iri for iri in result.new_entities if iri in result.existing]:
        result.mentioned[iri] = result.new_entities.pop(iri)  # an earlier draft declared it: linked, never redeclared
    return result


def _someone_elses_surname(known: Mention, mentions: list[Mention]) -> bool:
    """A known person's surname that the article's own names read otherwise: "Ms Cooper" in an article that
    names only Rosie Cooper in full is hers, and "Mr Solomon" where two Solomons are named is neither's."""
    return known.entity.kind == "person" and any(
        m.start <= known.start and known.end <= m.end and
        (m.kind == "shared surname" or m.entity is not None and m.entity.kind == "person" and not m.entity.anonymous
         and m.entity is not known.entity) for m in mentions)


def is_name(text: str, quote: Quotation, gazetteer: Gazetteer) -> bool:
    """A quoted name, not speech: a known agreement's name ('one in, one out'), a so-called label, or a
    short label used as a modifier ('‘flash ball’ guns')."""
    inner = fold(quote.inner(text)).strip(" ,.").lower()
    if re.search(r"\bso-called\s*$", text[max(0, quote.start - 12):quote.start], re.I):
        return True
    for alias, entity, _ in gazetteer.aliases:
        if entity is not None and entity.kind == "agreement" and fold(alias).lower() == inner:
            return True
    if re.fullmatch(r"one[- ]in,?[- ]one[- ]out", inner):
        return True
    speech = re.match(r"(?:a|an|the|no|not|very|too|so|our|my|we|i|you|they|it|cannot|can't|won't|will|would|is|are|"
                      r"was|were|must|should|has|have|do|does|did|never|always)\b", inner)
    label_before = re.search(r"(?:\b(?:the|a|an|its|their|his|her|our|this|these|those|of|including|like)|['’]s)\s*$",
                             text[max(0, quote.start - 20):quote.start], re.I)
    if len(inner.split()) <= 3 and quote.closed and not speech and label_before:
        following = re.match(r"\s+([a-z]+)\b", text[quote.end:quote.end + 30])
        if following and following.group(1) not in BROAD_FUNCTION_WORDS and not _VERB.fullmatch(following.group(1)):
            return True
    return False


def _statements(result: Draft, reader: Reader, quotes: list[Quotation]) -> None:
    """One statement node per quotation (its paragraphs are its parts) and per reported statement."""
    text = result.lines
    spans = sentences(text)
    counter: dict = {}

    def iri_for(entity: Entity) -> URIRef:
        local = str(entity.iri).split("/")[-1]
        short = re.sub(r"^(unnamed-|post-|holding-)", "", local)
        short = short.split("-")[-1] if entity.kind == "person" and not entity.anonymous else short
        short = re.sub(rf"-{result.id}$|-\d+$", "", short)
        short = re.sub(rf"^{result.stem}-", "", short)
        counter[short] = counter.get(short, 0) + 1
        return OI[f"{result.stem}-st-{short}-{counter[short]}"]

    items = [(q.start, q, reader.speaker_of[q.start]) for q in quotes] + \
            [(s.start, None, s) for s in reader.statements]
    for _, q, item in sorted(items, key=lambda i: i[0]):
        if q is None:
            start, end = item.start, item.end
            if end - start > MAX_EVIDENCE:
                end = start + text[start:start + MAX_EVIDENCE].rfind(" ")
            gist = re.sub(r"\s+", " ", text[start:end]).strip()
            a = item.attribution
            speaker = a.entity or _unresolved_speaker(result, a, gist, reader.text, [(start, end)])
            result.statements.append(DraftStatement(iri_for(speaker), speaker, [(start, end)], [], gist,
                                                    _as_written(text, reader.text, a.role, [(start, end)]),
                                                    _post_held(reader.gazetteer, a.entity, a.post),
                                                    regions=list(item.regions)))
            continue
        attribution: Attribution = item
        evidence = []
        for a, b in q.parts:
            span = _evidence_around(text, containing(spans, a, b), a, b)
            if span not in evidence:  # "'…,' Tom said, '…'": both parts in one sentence, one span
                evidence.append(span)
        speaker = attribution.entity or _unresolved_speaker(result, attribution, text[q.parts[0][0]:q.parts[0][1]],
                                                            reader.text, evidence)
        result.statements.append(DraftStatement(iri_for(speaker), speaker, evidence, list(q.parts),
                                                role=_as_written(text, reader.text, attribution.role, evidence),
                                                post=_post_held(reader.gazetteer, speaker, attribution.post)))


def _as_written(text: str, reading: str, role: str, spans: list) -> str:
    """The role as the text writes it: the speaker rules read a sentence in capitals as if in lower case
    (`as_if_lower_case`), and "A MINISTER HAS SAID" gives the role "minister", which the text writes "MINISTER"."""
    if not role or reading is text or role in text:
        return role
    for a, b in spans + [(0, len(text))]:
        at = reading.find(role, a, b)
        if at >= 0:
            return text[at:at + len(role)]
    return role


_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[–—]\s")


def _evidence_around(text: str, sentence: tuple[int, int], a: int, b: int) -> tuple[int, int]:
    """The evidence of the quotation's words text[a:b]: their sentence; in a sentence too long for one span,
    the clause that holds them ("…, with a government source suggesting the replacement … had been a “huge
    blow” to hopes …": from "with"), so that the speaker who says them stays in their evidence; the words
    alone only where the clause is too long as well."""
    longest = max(MAX_EVIDENCE, b - a + 120)
    if sentence[1] - sentence[0] <= longest:
        return sentence
    breaks_before = [m.end() for m in _CLAUSE_BREAK.finditer(text, sentence[0], a)]
    after = _CLAUSE_BREAK.search(text, b, sentence[1])
    clause = (breaks_before[-1] if breaks_before else sentence[0], after.start() if after else sentence[1])
    return clause if clause[1] - clause[0] <= longest else (a, b)


def _cut(words: str, most: int) -> str:
    """`words` in at most `most` characters for a label, cut after a whole word ("…" marks the cut): a
    label says only its evidence's words, and one cut mid-word ("had failed to s…") says another.

    >>> _cut("failed to stop the boats", 17), _cut("failed to stop the boats", 14), _cut("Unstoppable", 5)
    ('failed to stop…', 'failed to…', 'Unst…')
    """
    if len(words) <= most:
        return words
    head = words[:most - 1]
    if not words[most - 1].isspace() and re.search(r"\s", head.strip()):
        head = re.sub(r"\s+\S*$", "", head)
    return head.rstrip(" ,;:") + "…"


def _unresolved_speaker(result: Draft, attribution: Attribution, words: str, reading: str,
                        spans: list) -> UnresolvedSpeaker:
    number = len(result.unresolved) + 1
    speaker = UnresolvedSpeaker(OI[f"{result.stem}-unresolved-speaker-{number}"],
                                f"unresolved speaker of ‘{_cut(words, 50)}’ (report {result.stem})",
                                [_as_written(result.lines, reading, c, spans) for c in attribution.candidates],
                                list(attribution.candidate_entities))
    result.unresolved.append(speaker)
    return speaker


def _post_held(gazetteer: Gazetteer, speaker: Entity, post):
    """The post the title names, kept only when the project knows the speaker held it."""
    if post is None or speaker is None:
        return None
    for holding in gazetteer.graph.subjects(OO.post, post):
        if gazetteer.graph.value(holding, OO.holder) == speaker.iri:
            return post
    return None


def _figures(result: Draft, gazetteer: Gazetteer, found: list[FigureMention], reading: str) -> None:
    text = result.lines
    spans = sentences(text)
    indicators = {str(s).split("/")[-1] for s in gazetteer.graph.subjects(RDF.type, OO.Indicator)}
    countries = other_countries(alias for alias, entity, _ in gazetteer.aliases
                                if entity is not None and entity.kind == "country")
    voices = []  # (start, end, statement): the words of quotes and reported statements
    for statement in result.statements:
        for a, b in (statement.parts or statement.regions or statement.spans):
            voices.append((a, b, statement))
    merged: dict = {}
    for mention in found:
        sentence = next((s for s in spans if s[0] <= mention.start < s[1]), (mention.start, mention.end))
        statement = next((v[2] for v in voices if v[0] <= mention.start < v[1]), None)
        voice = statement.speaker if statement else None
        indicator = guess_indicator(reading, mention, clause_around(reading, sentence, mention.anchor), countries)
        if indicator not in indicators:
            indicator = None
        key = (mention.value, mention.unit, mention.comparator, voice.iri if voice else None, indicator,
               mention.stated_as.lower() if mention.value is None else "", mention.period.lower())
        # "dozens" and "thousands" differ, and so do 50 a week and 50 in all
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


# A venue stated with the verb that says the words were given there: "said on X", "wrote on Facebook",
# "posted on X", "told LBC" (its presenter too: "told LBC's Nick Ferrari"), but never "on X's behalf".
VENUE_VERBS = (r"(?:(?:said|says|wrote|writes|posted|posts|tweeted|tweets)\s+on|told|tells|telling)"
               r"\s+(?:the\s+)?")


def venue_names(gazetteer: Gazetteer) -> dict:
    """Every name of a known broadcaster, newspaper or online platform (its label without the curators'
    "(formerly Twitter)", and its skos:altLabels: "X", which the gazetteer, finding names anywhere, leaves
    out as too short) -> its IRI."""
    graph, names = gazetteer.graph, {}
    for cls in (OO.MediaOrganisation, OO.OnlinePlatform):
        for sub in graph.transitive_subjects(RDFS.subClassOf, cls):
            for iri in sorted(graph.subjects(RDF.type, sub)):
                label = re.sub(r"\s*\(.*?\)\s*$", "", str(graph.value(iri, RDFS.label) or "")).strip()
                for name in [label, *(str(a).strip() for a in graph.objects(iri, SKOS.altLabel))]:
                    if re.search(r"\w", name):
                        names.setdefault(name, iri)
    return names


def stated_venues(text: str, names: dict) -> list[tuple[int, int, URIRef]]:
    """(start, end, IRI) of each venue the text states with its verb ("said on X", "told LBC"), the name's
    offsets; nothing for "said on Tuesday", "on X's behalf", "said on the X-ray" or a name in other words.

    >>> stated_venues("Ms Badenoch said on X, formerly Twitter: 'Labour.'", {"X": "x"})
    [(20, 21, 'x')]
    >>> stated_venues("He said on Tuesday that he spoke on X's behalf.", {"X": "x"})
    []
    """
    if not names:
        return []
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"\b{VENUE_VERBS}({alternatives})(?![\w-])(?!['\u2019]s\s+behalf\b)")
    return [(m.start(1), m.end(1), names[m.group(1)]) for m in pattern.finditer(text)]


def _venues(result: Draft, mentions: list[Mention], gazetteer: Gazetteer) -> None:
    """'told LBC', 'on the BBC', 'speaking to Times Radio', 'said on X': the broadcaster or the online platform
    the statement's own words say it was given on or to is its oo:venue; no venue where they state none."""
    media = set(gazetteer.graph.subjects(RDF.type, OO.MediaOrganisation)) | \
        set(gazetteer.graph.subjects(RDF.type, OO.OnlinePlatform))
    text = result.lines
    found = [(m.start, m.end, m.entity.iri) for m in mentions if m.entity is not None and m.entity.iri in media
             and re.search(r"\b(?:told|on|to|(?:interview|speaking|spoke|talking|talked)\s+with)\s+(?:the\s+)?$",
                           text[max(0, m.start - 30):m.start], re.I)]  # "shared with Le Monde": no venue
    found += stated_venues(text, venue_names(gazetteer))
    found = [(start, iri) for start, end, iri in sorted(found, key=lambda v: v[:2])
             if not re.match(r"['\u2019]s\s+behalf\b", text[end:])]  # "on LBC's behalf": no venue
    for statement in result.statements:
        for start, iri in found:
            # in the statement's sentence, not in its quotation ("‘I told LBC ...’" is not where this was said)
            if any(a <= start < b for a, b in statement.spans) and not any(a <= start < b for a, b in statement.parts) \
                    and iri not in statement.venues:
                statement.venues.append(iri)


def _number_text(value) -> str:
    """A figure's value as written in Turtle: exact decimal digits, never a binary float's artefacts.

    >>> _number_text(Decimal("8.2") * 1_000_000), _number_text(Decimal("1.60")), _number_text(-9)
    ('8200000', '1.6', '-9')
    """
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


# ------------------------------------------------------------------------------------ graph

def to_graph(result: Draft) -> Graph:
    graph = bind_prefixes(Graph())
    text, lines, report = result.text, result.lines, result.report  # the words quoted; what the rules read
    run = OI[f"extraction-{result.stem}"]
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

    def read_elsewhere(node, prop, value, basis, reason: str, where: tuple[int, int] | None = None) -> None:
        """Mark `value` of `prop` as the extractor's reading (an oo:InferredValue), with the sentence it rests on."""
        marker = BNode()
        add((node, OO.inferredValue, marker))
        add((marker, RDF.type, OO.InferredValue))
        add((marker, OO.inferredProperty, prop))
        add((marker, RDF.value, value))
        add((marker, OO.obtainedBy, basis))
        add((marker, OO.reason, Literal(reason)))
        if where is not None:
            evidence(marker, *where)

    add((run, RDF.type, OO.Extraction))
    add((run, RDFS.label, Literal(f"kg extract {EXTRACTOR_VERSION} over {result.file_name}", lang="en")))
    add((run, OO.extractorVersion, Literal(EXTRACTOR_VERSION)))
    add((run, PROV.used, report))

    first = paragraphs(text)[0]
    headline = text[first[0]:first[1]]
    add((report, RDF.type, OO.Report))
    add((report, RDFS.label, Literal(f"Report {result.stem} (draft of {result.file_name}): {headline[:120]}", lang="en")))
    if len(headline) <= 200 and not headline.endswith("."):
        add((report, SCHEMA.headline, Literal(headline)))
    add((report, OO.sourceFileName, Literal(result.file_name)))
    add((report, OO.sha256, Literal(result.sha256)))
    add((report, OO.characterCount, Literal(len(text))))
    add((report, SCHEMA.inLanguage, Literal("en")))
    for iri, entity in sorted(result.mentioned.items()):
        add((report, SCHEMA.about if entity.kind == "agreement" else SCHEMA.mentions, iri))
    if result.date is not None:
        dated = BNode()
        add((report, OO.inferredValue, dated))
        add((dated, RDF.type, OO.InferredValue))
        add((dated, OO.inferredProperty, SCHEMA.datePublished))
        add((dated, RDF.value, Literal(result.date.value, datatype=XSD[result.date.datatype])))
        add((dated, OO.dateBasis, OO[result.date.basis]))
        add((dated, OO.reason, Literal(result.date.reason)))
    mark(report)

    for iri, entity in sorted(result.new_entities.items()):
        # plural words for several people ("officials") are a group, never a person
        add((iri, RDF.type, OO.UnnamedGroup if entity.group else OO.Person if entity.kind == "person" else OO.Organisation))
        add((iri, RDFS.label, Literal(entity.label, lang="en")))
        if entity.anonymous:
            add((iri, OO.anonymous, Literal(True)))
        if entity.role:
            add((iri, RDFS.comment, Literal(f"Role as written: {entity.role}", lang="en")))
            if entity.anonymous:  # the report's only name for them ("officials"), where the speaker rule reads it
                add((iri, SKOS.altLabel, Literal(entity.role, lang="en")))
        if entity.works_for is not None:
            add((iri, SCHEMA.worksFor, entity.works_for.iri))
        mark(iri)

    for speaker in result.unresolved:
        node = speaker.iri
        add((node, RDF.type, OO.UnresolvedSpeaker))
        add((node, RDFS.label, Literal(speaker.label, lang="en")))
        for words in speaker.candidates:
            add((node, OO.candidateMention, Literal(words)))
        for candidate in speaker.candidate_entities:
            add((node, OO.candidateSpeaker, candidate.iri))
        mark(node)

    fallback = OI[f"ind-unclassified-{result.stem}"]
    for figure in result.figures:
        m = figure.mention
        node = figure.iri
        indicator = OI[figure.indicator] if figure.indicator else fallback
        if not figure.indicator and (fallback, RDF.type, OO.Indicator) not in graph:
            add((fallback, RDF.type, OO.Indicator))
            add((fallback, RDF.type, OO.UnclassifiedIndicator))
            add((fallback, RDFS.label, Literal(f"unclassified quantity (draft {result.stem})", lang="en")))
            add((fallback, SKOS.prefLabel, Literal(f"a quantity report {result.stem} states that the extractor "
                                                    "could not classify", lang="en")))
            add((fallback, SKOS.definition, Literal("Placeholder for figures whose indicator the extractor could not "
                                                     "guess: a curator replaces it with a real indicator.", lang="en")))
            add((fallback, OO.cumulative, Literal(False)))
            # in the project's scheme of indicators, as its top concept, said on the placeholder as on every curated
            # indicator (skos:topConceptOf: the scheme lists none, oos:IndicatorShape; the release infers the list)
            add((fallback, SKOS.inScheme, OI.indicators))
            add((fallback, SKOS.topConceptOf, OI.indicators))
            mark(fallback)
        voice = "report's voice" if figure.voice is None else figure.voice.label
        add((node, RDF.type, OO.Figure))
        add((node, RDFS.label, Literal(f"{m.stated_as} (report {result.stem}, {voice}; draft)", lang="en")))
        if m.value is not None:
            add((node, OO.value, _number_literal(m.value)))
            if m.computed:  # the text states words ("one in three"), not this number: mark it (docs/modelling.md)
                computed = BNode()
                add((node, OO.inferredValue, computed))
                add((computed, RDF.type, OO.InferredValue))
                add((computed, OO.inferredProperty, OO.value))
                add((computed, RDF.value, _number_literal(m.value)))
                add((computed, OO.obtainedBy, OO.CuratorsConvention))
                add((computed, OO.reason, Literal(m.computed)))
        add((node, OO.unit, OO[m.unit]))
        add((node, OO.indicator, indicator))
        add((node, OO.comparator, OO[m.comparator]))
        if m.turned:  # "a fall of more than 9 per cent": less than -9, a comparator the words do not write
            turned = BNode()
            add((node, OO.inferredValue, turned))
            add((turned, RDF.type, OO.InferredValue))
            add((turned, OO.inferredProperty, OO.comparator))
            add((turned, RDF.value, OO[m.comparator]))
            add((turned, OO.obtainedBy, OO.CuratorsConvention))
            add((turned, OO.reason, Literal(m.turned)))
        if m.comparator in BOUNDED and m.value is not None:
            add((node, OO.bound, _number_literal(m.value)))
        if m.comparator != "Exactly":
            add((node, OO.qualifierAsWritten, Literal(m.qualifier or m.stated_as)))
        add((node, OO.statedAs, Literal(m.stated_as)))
        if m.period:  # a rate: the value is per this period, never a total (docs/modelling.md, "Rates")
            add((node, OO.periodAsWritten, Literal(m.period)))
            amount = "a vague number" if m.value is None else _number_text(m.value)  # "several thousand a month"
            add((node, RDFS.comment, Literal(f"A rate: {amount} {m.period} (‘{m.stated_as}’), not a total.", lang="en")))
        add((node, OO.inReport, report))
        for start, end in sorted(figure.spans):
            evidence(node, start, end)
        mark(node)

    folded = lines.replace("\u2019", "'")  # one character for one: offsets stay the text's
    for statement in result.statements:
        node = statement.iri
        speaker = statement.speaker
        if statement.parts:
            words = statement.words(text)
            add((node, RDF.type, OO.DirectQuote))
            for a, b in statement.parts:
                add((node, OO.quote, Literal(text[a:b])))
            add((node, RDFS.label, Literal(f"{speaker.label}: ‘{_cut(words, 70)}’ (report {result.stem}; draft)",
                                           lang="en")))
        else:
            add((node, RDF.type, OO.ReportedStatement))
            add((node, OO.gist, Literal(statement.gist)))
            add((node, RDFS.label, Literal(f"{speaker.label} (reported): {_cut(statement.gist, 70)} (report "
                                           f"{result.stem}; draft)", lang="en")))
        add((node, OO.speaker, speaker.iri))
        name = _name_of(speaker)
        if name is None and getattr(speaker, "role", "").strip():  # an unnamed new speaker: the text's words for them
            # ("“…,” said one mother. … In 2024, fifty-two died, she said": read from that sentence)
            words = speaker.role.replace("\u2019", "'").strip()
            name = re.compile(rf"\b{re.escape(words)}\b", re.IGNORECASE)
        named = None if name is None else _nearest_sentence_writing(folded, name, statement.spans)
        role_written = _role_as_written(folded, statement.role, statement.spans) if statement.role else ""
        if named is not None:  # "She said", "the Home Secretary said", a quotation alone: the text names them elsewhere
            read_elsewhere(node, OO.speaker, speaker.iri, OO.SameReport, f"The statement's words do not name "
                           f"{speaker.label}; the extractor read the speaker from the sentence that does.", named)
        elif name is not None and statement.role and name.search(folded) is None:  # named nowhere: by the title alone
            if speaker.anonymous:  # "a spokeswoman for the Home Office": the project's node for such a speaker
                # "… She added that …": the words describing her are another sentence's, cited as the marker's
                described = _where_role_written(lines, statement.role, statement.spans)
                read_elsewhere(node, OO.speaker, speaker.iri, OO.CuratorsConvention, f"The report names no one: "
                               f"{'its' if described is None else 'the'} words ‘{statement.role}’"
                               f"{'' if described is None else ', in the sentence cited,'} stand for "
                               f"{speaker.label}, as the extractor reads them.", described)
            elif statement.post is not None:  # "The Home Secretary insisted": who held the post on the report's date
                # ("the then home secretary said": the holder who left it last before that date)
                when = "left that post last before" if past_title("", role_written) else "held that post on"
                read_elsewhere(node, OO.speaker, speaker.iri, OO.PublicRecord, f"The report names no one, only "
                               f"‘{statement.role}’: {speaker.label} {when} the report's date (the project's "
                               "holdings), as the extractor reads it.")
        written = _where_role_written(lines, statement.role, statement.spans) if statement.role else None
        if statement.post is not None:
            add((node, OO.speakerPost, statement.post))
            if written is not None:  # "She added: '...'": the post rests on a sentence before (or after) it
                read_elsewhere(node, OO.speakerPost, statement.post, OO.SameReport, "The statement's words do not "
                               f"name the role; the extractor read ‘{statement.role}’ from the sentence that does.",
                               written)
        if statement.role and (written is None or statement.post is not None):
            # the statement's words for the role, or its post marker's: a role no post stands for, written only in
            # another sentence, is the speaker's description there, not this statement's words
            add((node, OO.roleAsWritten, Literal(role_written)))
        when = _when_said(result, statement)
        if when is not None:  # "the National Audit Office said last Tuesday": as written, and as far as it resolves
            add((node, OO.dateAsWritten, Literal(when.written)))
            if when.value:
                add((node, OO.date, Literal(when.value, datatype=XSD[when.datatype])))
            if when.inferred:  # read with the report's date: the words do not state it (oos:DateStatedShape)
                add((node, OO.dateInferred, Literal(True)))
        add((node, OO.inReport, report))
        for iri in statement.figures:
            add((node, OO.mentionsFigure, iri))
        for venue in statement.venues:
            add((node, OO.venue, venue))
        words = " ".join(fold(text[a:b]).lower() for a, b in statement.spans)
        for iri, entity in result.mentioned.items():
            if entity.kind == "agreement" and any(fold(n).lower() in words for n in _agreement_words(entity)):
                add((node, OO.about, iri))
        for start, end in statement.spans:
            evidence(node, start, end)
        mark(node)
    return graph


BOUNDED = ("MoreThan", "AtLeast", "LessThan", "Almost", "UpTo", "AtMost")


def _when_said(result: Draft, statement: DraftStatement):
    """The words in a statement's evidence, outside its quotation's, that date its speech verb ("told MPs on 3
    March"), with the date they give (kg/extract/dates.py `said_when`); None if none."""
    for a, b in statement.spans:
        when = said_when(result.lines, a, b, result.date)
        if when is not None and not any(x <= when.start < y for x, y in statement.parts):
            return when
    return None


def _name_of(speaker: Entity) -> re.Pattern | None:
    """How a text names the speaker: its label or its label's last word, case and apostrophes aside (to search
    a text with \u2019 folded to '), as oos:SpeakerStatedShape reads a name. None for a speaker new to the
    project and unnamed (the report's own words for them are its label: "unnamed officials (report ...)", no
    name to look for); a new speaker with a name ("Zoe Abernethy-Mbeki ... she said") has one, as a known one."""
    if speaker.new and speaker.anonymous or not speaker.label.strip():
        return None
    label = speaker.label.replace("\u2019", "'")
    return re.compile("|".join(rf"\b{re.escape(words)}\b" for words in (label, label.split()[-1])), re.IGNORECASE)


def _role_as_written(text: str, role: str, spans: list) -> str:
    """The role as the statement's words write it, a "then", "former" or "ex-" before the title kept: "the then home
    secretary" was written "home secretary", a title that alone reads as the post's holder on the report's date."""
    past = re.compile(rf"\b(then|former|ex)([\s-]+){re.escape(role)}\b", re.IGNORECASE)
    found = next((m for a, b in spans if (m := past.search(text, a, b))), None)
    return role if found is None or past_title("", role) else f"{found.group(1)}{found.group(2)}{role}"


def _where_role_written(text: str, role: str, spans: list) -> tuple[int, int] | None:
    """The sentence that writes the role (case aside, as oos:RoleStatedShape reads it) where the statement's own
    words do not ("Home Secretary Shabana Mahmood said ... She added: '...'"): the nearest before, else after."""
    return _nearest_sentence_writing(text, re.compile(re.escape(role), re.IGNORECASE), spans)


def _nearest_sentence_writing(text: str, words: re.Pattern, spans: list) -> tuple[int, int] | None:
    """The sentence of `text` nearest before the spans (else after) in which `words` match; None if they match
    within the spans, or nowhere."""
    if any(words.search(text, a, b) for a, b in spans):
        return None
    found = list(words.finditer(text))
    before = [m for m in found if m.end() <= spans[0][0]]
    after = [m for m in found if m.start() >= spans[-1][1]]
    at = before[-1] if before else after[0] if after else None
    return None if at is None else containing(sentences(text), at.start(), at.end())


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
    from kg.core.serialize import relabel, serialize as serialize_graph, stable_blank_node_labels

    graph = to_graph(result)
    body = serialize_graph(relabel(graph, stable_blank_node_labels(graph)), "turtle").decode("utf-8")
    header = (f"# MACHINE-DRAFTED by `kg extract` {EXTRACTOR_VERSION} from {result.file_name}: UNREVIEWED.\n"
              "# Every node here is oo:reviewStatus oo:Unreviewed. Check values, speakers and links against the\n"
              "# text, then remove the status (docs/extraction.md).\n")
    return header + body


# ------------------------------------------------------------------------------------ commands

def same_article(project: Project, article: Path, text: str, reports: list[Existing]) -> str | None:
    """Why `text` (read from `article`) may not be added though no report has its bytes: it is a report's text
    saved otherwise (INVISIBLE), or that report's own file saved again; None if neither. A report's text is
    looked for where the span check looks (the seeds folder) and beside the article."""
    wanted = as_read(text)
    for known in reports:
        if not known.source:
            continue
        for source in _text_files(project, article, known):
            if source.samefile(article):
                return (f"this is the text file of {_where(project, known)}), saved again since it was added: its "
                        f"SHA-256 is no longer {known.sha256}; put back the file as it was (its evidence offsets count "
                        "its characters as saved)")
            try:
                theirs = read_source(source)
            except (OSError, UnicodeDecodeError):
                continue
            if as_read(theirs) == wanted:
                differences = [what for what, _ in INVISIBLE if as_read(theirs, what) != as_read(text, what)]
                return (f"this is the text of {_where(project, known)}, {source}) saved otherwise: it differs only in "
                        f"{_and(differences or ['characters no one sees'])}; one article is one report, whose evidence "
                        "offsets count the characters of its file as saved: keep that file as it is, add no copy")
            break
    return None


def _text_files(project: Project, article: Path, known: Existing) -> list[Path]:
    """Where a report's text is: in the seeds folder (where the span check looks) or beside the article."""
    folders = {os.path.realpath(folder): folder for folder in (Path(article).parent, project.seeds_dir)}  # (one, if one)
    return [source for source in (folder / known.source for folder in folders.values()) if source.is_file()]


def texts_not_found(project: Project, article: Path, reports: list[Existing]) -> list[Existing]:
    """The reports whose text same_article could not compare the new one with: a report's text saved again with a
    byte-order mark or other line endings has other bytes, and only its text tells it from a new article."""
    return [known for known in reports if known.source and not _text_files(project, article, known)]


def _where(project: Project, known: Existing) -> str:
    """'report oi:r001 (data/report-001.ttl': a report and its file, as a refusal names them."""
    return f"report {short(known.report)} ({known.path.relative_to(project.root)}"


def _and(items: list) -> str:
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]


def extract_file(project: Project, path: Path, date: str | None = None,
                 project_data: ProjectData | None = None) -> Draft:
    """The draft of the article at `path`; `project_data`: the project as already read."""
    text = read_article(path)
    project_data = project_data or ProjectData(project)
    result = draft(text, Path(path).name, gazetteer_for(project, project_data), sha256_of(path), date,
                   existing=project_data.subjects)
    if not result.statements and not result.figures:
        raise NothingFound(f"{path}: found no quotes, statements or figures to draft")
    return result


@dataclass
class DraftValidation:
    """What validating a draft among the project's data files found: `report`, the findings of what the draft can
    affect but the violations those files have without it, which the draft does not bring (docs/extraction.md: an
    earlier report's own findings do not stop kg add); `known`, how many of those there were."""

    report: ValidationReport
    known: int = 0


def validate_draft(project: Project, result: Draft, project_data: ProjectData | None = None) -> DraftValidation:
    """The draft validated among the project's data files as `kg validate data/report-<id>.ttl` would validate
    it once written (on the engine: the shapes and the checks, for what the new file can affect), before it is
    written; findings located in it. `project_data`: the project as already read, which is not read again.
    Where it finds violations, the same files are validated without the draft, and the violations found so are
    set aside (only then: it doubles the time)."""
    from kg.validation.changes import Index, backward_read, reach_of_rules, scope_in
    from kg.sources.load import read_triples
    from kg.validation.locate import located
    from kg.sparql.saved import check_queries
    from kg.validation.validate import validate_sources
    from kg.build.reason import inconsistencies

    project_data = project_data or ProjectData(project)
    sources, cache = project_data.sources, project_data.cache
    target = target_path(project, result)
    name = project.relative(target)
    unwritten = {target: serialize(result).encode("utf-8")}
    drafted = read_triples(target, None, unwritten[target], data_file=True)
    reach = reach_of_rules(sources.shapes, check_queries(project, cache), cache)
    if reach.everything:  # some rule can read any node: the draft among all of the data
        chosen = list(sources.parts)
        report = validate_sources(sources.with_data(chosen, {name: drafted}), project, cache, inconsistencies)
    else:
        index, backward = Index(), backward_read(reach)
        for other, part in sources.parts.items():
            index.add_triples(other, part, backward)
        index.add_triples(name, drafted, backward)
        scope = scope_in(project, index, [name], reach)
        chosen = [project.relative(path) for path in scope.project.data_files if path != target]
        report = validate_sources(sources.with_data(chosen, {name: drafted}), project, cache, inconsistencies)
        report = ValidationReport([f for f in report.findings if scope.keeps(f)], report.results_graph)
    if report.violations:
        before = validate_sources(sources.with_data(chosen, {}), project, cache, inconsistencies)
        known = {_violation(finding) for finding in before.violations}
        kept = [finding for finding in report.findings if _violation(finding) not in known]
        report = ValidationReport(kept, report.results_graph)
        return DraftValidation(located(report, project.root, unwritten), len(before.violations))
    return DraftValidation(located(report, project.root, unwritten))


def _violation(finding) -> tuple:
    """A finding as the same violation in two validations (its files and location aside: the draft may name the
    node too, and the rest are located only in the first)."""
    return (finding.severity, finding.focus, finding.path, finding.rule, finding.constraint, finding.value,
            finding.message)


def target_path(project: Project, result: Draft) -> Path:
    return project.root / "data" / f"report-{result.id}.ttl"


def already_added(project: Project, result: Draft, article: Path, project_data: ProjectData | None = None) -> str | None:
    """Why the draft of `article` may not be added (its text or IRI is already in the project, or the text
    is a report's saved otherwise: same_article), or None. `project_data`: the project as already read."""
    reports = (project_data or ProjectData(project)).reports
    for known in reports:
        if result.sha256 == known.sha256:
            return f"this text is already in the project: {known.path.relative_to(project.root)}"
    for known in reports:
        if result.report == known.report:
            return f"report {result.stem} is already in the project: {known.path.relative_to(project.root)}"
    saved_otherwise = same_article(project, article, result.text, reports)
    if saved_otherwise:
        return saved_otherwise
    target = target_path(project, result)
    if target.exists():
        return f"{target.relative_to(project.root)} already exists; not overwriting it"
    return None


def summary(result: Draft, added: bool = False) -> str:
    """The draft's summary; `added`: kg add wrote it, and takes a text once, so a date is given in the file."""
    dated = (f"{result.date.value} ({result.date.basis}: {result.date.reason})" if result.date else
             "none: the text states no date and none was given, so its figures have no date "
             "(kg timeline and kg discrepancies list them as skipped); "
             + ("give the report one in its file (docs/extraction.md, \"Report identity and date\")" if added
                else "give one with --date YYYY-MM-DD"))
    quotes = result.quotes
    lines = [f"report oi:{result.stem} ({result.file_name}, {len(result.text)} characters)",
             f"  report date:          {dated}",
             f"  direct quotes:        {len(quotes)}",
             f"  reported statements:  {len(result.statements) - len(quotes)}",
             f"  figures:              {len(result.figures)} "
             f"({sum(f.mention.comparator == 'Vague' for f in result.figures)} vague)",
             "  speakers:             " + ", ".join(sorted({s.speaker.label for s in result.statements
                                                             if s.speaker.kind != "unresolved"})),
             f"  known entities named: {len(result.mentioned)}",
             "  new people/organisations: " + (", ".join(e.label for e in result.new_entities.values()
                                                          if not e.anonymous) or "none"),
             "  speakers described only by a role: " + (", ".join(e.label for e in result.role_only) or "none"),
             f"  quotes that need a speaker: {len(result.unresolved)}"]
    for speaker in result.unresolved:
        statement = next(s for s in result.statements if s.speaker is speaker)
        words = statement.words(result.text) or statement.gist
        lines.append(f"    - ‘{words[:70]}’ at {statement.start if not statement.parts else statement.parts[0][0]}"
                     f"{'' if statement.parts else ' (reported)'} (candidates: "
                     f"{'; '.join(speaker.candidates) or 'none'})")
    for m in result.withdrawn:
        lines.append(f"  a figure an update or correction note withdraws, left out: ‘{m.stated_as}’ at {m.start}")
    shared: dict = {}
    for m in result.shared:
        shared.setdefault((m.kind, tuple(e.label for e in m.candidates)), []).append(m)
    for (kind, people), mentions in shared.items():
        lines.append(f"  a {'surname' if kind == 'shared surname' else 'role'} the text gives two people, left unresolved: "
                     + ", ".join(f"‘{result.text[m.start:m.end]}’ at {m.start}" for m in mentions)
                     + f" ({' or '.join(people)})")
    return "\n".join(lines)
