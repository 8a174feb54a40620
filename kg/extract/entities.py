"""Who is named in a report: known people, posts, organisations, countries and agreements (from the
project's data), pronouns, titles that refer back ("the spokesman"), unnamed groups ("officials") and
new names written the way news writes speakers ("Jane Doe, a spokeswoman for X, said").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from kg.namespaces import OI, OO

SPEECH_VERBS = (
    r"said|says|say|told|tells|tell|added|adds|adding|stated|states|stating|noted|notes|noting|explained|explains|"
    r"revealed|reveals|admitted|admits|acknowledged|acknowledges|insisted|insists|insisting|claimed|claims|claiming|"
    r"warned|warns|warning|argued|argues|arguing|confirmed|confirms|confirming|wrote|writes|writing|described|"
    r"describes|describing|branded|brands|branding|called|calls|calling|suggested|suggests|suggesting|stressed|"
    r"stresses|emphasised|emphasized|announced|announces|declared|declares|pledged|pledges|promised|promises|promise|"
    r"defended|defends|defending|saying|elaborated|replied|replies|responded|reported|reports|asked|urged|urges|"
    r"accused|criticised|criticized|denied|denies|conceded|concedes|disclosed|maintained|maintains|highlighted|"
    r"vowed|vows|commented|announcing|according to|posted|tweeted|disclosed|mantle in pushing|hail|hails|hailed|"
    r"welcomed|welcomes|condemned|condemns|slammed|slams|attacked|attacks|blasted|blasts|praised|praises|"
    r"questioned|questions|dismissed|dismisses|rejected|rejects|labelled|labels|told reporters"
)
_VERB = re.compile(rf"\b({SPEECH_VERBS})\b", re.IGNORECASE)
PRONOUNS = {"he": "m", "she": "f", "they": None}
HONORIFICS = {"Ms": "f", "Mrs": "f", "Miss": "f", "Dame": "f", "Lady": "f", "Baroness": "f",
              "Mr": "m", "Sir": "m", "Lord": "m"}
ROLE_NOUNS = r"source|spokesman|spokeswoman|spokesperson|minister|ombudsman|secretary|president|chancellor|leader|" \
             r"commissioner|chief|director|official|mayor|premier|envoy|presenter|prime minister|home secretary"
PERSON_ROLES = ROLE_NOUNS + r"|executive|director|founder|head|chair|chairman|chairwoman|expert|researcher|" \
    r"lawyer|professor|MP|councillor|campaigner|analyst|economist|officer|adviser|advisor|mayor|manager|coordinator"
GROUP_NOUNS = r"officials|ministers|sources|critics|campaigners|charities|experts|insiders|aides|allies|MPs|" \
              r"police|lawyers|analysts|activists|officers|diplomats|Tories|Conservatives"
ORG_WORDS = r"Council|Office|Ministry|Party|Agency|Commission|Union|Association|Trust|Institute|Court|Group|" \
            r"Committee|Department|Service|Federation|Foundation|Network|Organisation|Organization|Authority|" \
            r"Coalition|Alliance|Campaign|Centre|Center|Society|Watch|Fund|Bureau|Board|Unit|Force|Agency"
POST_ALIASES = {  # titles as newspapers write them -> posts in data/shared.ttl
    "post-uk-prime-minister": ["Prime Minister", "PM", "prime minister"],
    "post-conservative-leader": ["Tory leader", "Conservative leader", "Conservative Party leader"],
    "post-leader-of-the-opposition": ["Opposition leader", "Leader of the Opposition"],
    "post-french-interior-minister": ["French interior minister", "interior minister", "French Interior Minister"],
    "post-president-of-france": ["French President", "President of France", "French president", "president"],
    "post-defender-of-rights": ["human rights ombudsman", "Defender of Rights", "ombudsman"],
    "post-uk-childrens-minister": ["Children's minister", "children's minister"],
}
STOP_NAMES = {"The", "A", "An", "In", "On", "At", "But", "And", "This", "That", "These", "Those", "It", "He",
              "She", "They", "We", "I", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
              "Sunday", "Home", "Channel", "Labour", "British", "French", "UK", "EU", "Britain", "Government",
              "If", "When", "While", "After", "Before", "Under", "Since", "As", "His", "Her", "Their", "Our"}


def fold(text: str) -> str:
    """Same length as `text`: curly apostrophes straightened (offsets stay valid)."""
    return text.replace("’", "'").replace("‘", "'")


def slug(text: str) -> str:
    """'Laurent Nuñez' -> 'laurent-nunez': the local name of a new node."""
    return re.sub(r"[^a-z0-9]+", "-", _plain(text).lower()).strip("-")


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@dataclass
class Entity:
    iri: object
    kind: str  # person, organisation, country, agreement, post
    label: str
    anonymous: bool = False
    new: bool = False
    role: str = ""  # role as written, for new people
    holders: list = field(default_factory=list)  # for posts: current holders
    report_only: str = ""  # an anonymous entity of one report only ("unnamed sources (report 003)")


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # entity, pronoun, role, group, new
    entity: Entity | None = None
    role: str = ""  # the words that gave the speaker's role ("Home Secretary")
    post: object = None  # the post IRI when the mention was by title
    word: str = ""  # the pronoun, role noun or group noun

    @property
    def can_speak(self) -> bool:
        return self.kind != "entity" or (self.entity is not None and self.entity.kind in ("person", "organisation"))


class Gazetteer:
    """Names of the known entities, from the project's data (shared entities, not report-only ones)."""

    def __init__(self, graph: Graph, shared_subjects: set | None = None):
        self.graph = graph
        self.entities: dict = {}
        self.aliases: list[tuple[str, Entity, str | None]] = []  # (alias, entity, post IRI)
        kinds = [(OO.Person, "person"), (OO.Organisation, "organisation"), (OO.Country, "country"),
                 (OO.Agreement, "agreement"), (OO.Post, "post")]
        subclasses = {c: self._subclasses(c) for c, _ in kinds}
        for cls, kind in kinds:
            for sub in subclasses[cls]:
                for iri in graph.subjects(RDF.type, sub):
                    if iri in self.entities or (shared_subjects is not None and iri not in shared_subjects):
                        continue
                    full = str(graph.value(iri, RDFS.label) or iri.split("/")[-1])
                    label = re.sub(r"\s*\(.*?\)\s*$", "", full)
                    anonymous = bool(graph.value(iri, OO.anonymous))
                    self.entities[iri] = Entity(iri, kind, label, anonymous)
                    only = re.search(r"\(report (\w+)\)\s*$", full)
                    if only:  # "a government source (report 003)": that report's anonymous speaker only
                        self.entities[iri].report_only = only.group(1)
        for entity in self.entities.values():
            for alias in self._names(entity):
                self.aliases.append((alias, entity if entity.kind != "post" else None, entity.iri if entity.kind == "post" else None))
        for entity in [e for e in self.entities.values() if e.kind == "post"]:
            entity.holders = self._holders(entity.iri)
        self.aliases.sort(key=lambda a: -len(a[0]))
        self._pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(fold(a))}(?![\w-])" for a, _, _ in self.aliases))
        self._by_alias = {}
        for alias, entity, post in sorted(self.aliases, key=lambda a: a[2] is None or not self.entities[a[2]].holders):
            self._by_alias.setdefault(fold(alias), (entity, post))
        self._ci = {fold(a).lower(): v for a, v in self._by_alias.items() if a[:1].islower() or " " in a}
        posts = sorted({fold(a) for a, _, post in self.aliases if post is not None and " " in a}, key=len, reverse=True)
        self._posts = re.compile("|".join(rf"(?<![\w-]){re.escape(a)}(?![\w-])" for a in posts), re.IGNORECASE)

    def _subclasses(self, cls) -> set:
        found, todo = {cls}, [cls]
        while todo:
            for sub in self.graph.subjects(RDFS.subClassOf, todo.pop()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def _names(self, entity: Entity) -> set[str]:
        graph, iri = self.graph, entity.iri
        names = {entity.label} | {str(v) for v in graph.objects(iri, SKOS.altLabel)}
        names |= {_plain(n) for n in names}
        if entity.kind == "person" and not entity.anonymous:
            surname = entity.label.split()[-1]
            if len(surname) > 3:
                names |= {surname, _plain(surname)}
            for honorific in HONORIFICS:
                names.add(f"{honorific} {surname}")
        if entity.kind == "person" and entity.anonymous:
            bare = re.sub(r"^(the|a|an|unnamed)\s+", "", entity.label, flags=re.I)
            names |= {bare, f"a {bare}", f"the {bare}", f"A {bare}", f"The {bare}"}
            if "spokes" in bare.lower() or "source" in bare.lower():
                names |= {n[0].upper() + n[1:] for n in list(names)}
        if entity.kind == "organisation":
            if entity.label.endswith(" Party"):
                names.add(entity.label[: -len(" Party")])
            names |= {f"the {n}" for n in list(names) if not n.lower().startswith("the ")}
            names |= {n[0].upper() + n[1:] for n in list(names)}
        if entity.kind == "post":
            names |= set(POST_ALIASES.get(str(iri).split("/")[-1], []))
            names |= {n.lower() for n in list(names)} | {n.title() for n in list(names)}
            names |= {re.sub(r" of the United Kingdom$", "", n) for n in list(names)}
        if entity.kind == "agreement":
            names |= {n.lower() for n in list(names)} | {n.title() for n in list(names)}
            for n in list(names):
                if re.search(r"one in, one out", n, re.I):
                    names |= {"one-in-one-out", "one in one out", "one in, one out", "One In, One Out"}
        return {n for n in names if len(n) > 1}

    def _holders(self, post) -> list:
        """Holders of a post: current ones (no end date), latest start first, then past ones."""
        current, past = [], []
        for holding in self.graph.subjects(OO.post, post):
            holder = self.graph.value(holding, OO.holder)
            if holder in self.entities:
                start = str(self.graph.value(holding, OO.startDate) or "")
                (past if self.graph.value(holding, OO.endDate) is not None else current).append((start, holder))
        return [self.entities[h] for _, h in sorted(current, reverse=True) + sorted(past, reverse=True)]

    def find(self, text: str) -> list[Mention]:
        """Known names, longest first, without overlaps (titles of posts in any case)."""
        folded = fold(text)
        found = []
        matches = list(self._pattern.finditer(folded))
        for match in self._posts.finditer(folded):
            if not any(m.start() <= match.start() and match.end() <= m.end() for m in matches):
                matches = [m for m in matches if not (match.start() <= m.start() and m.end() <= match.end())]
                matches.append(match)
        matches.sort(key=lambda m: m.start())
        for match in matches:
            entity, post = self._by_alias.get(match.group(0)) or self._ci.get(match.group(0).lower(), (None, None))
            if entity is None and post is None:
                continue
            if post is not None:
                holders = self.entities[post].holders
                found.append(Mention(match.start(), match.end(), "entity", holders[0] if holders else None,
                                     text[match.start():match.end()], post))
            else:
                found.append(Mention(match.start(), match.end(), "entity", entity))
        return [m for m in found if m.entity is not None or m.post is not None]


def find_mentions(text: str, gazetteer: Gazetteer, report_number: str, new_entities: dict) -> list[Mention]:
    """Known names, titles, pronouns, role nouns, unnamed groups and new names, merged where a title and a
    name stand together ("Home Secretary Shabana Mahmood", "Chris Philp, the shadow home secretary,")."""
    mentions = [m for m in gazetteer.find(text) if m.entity is not None
                and m.entity.report_only in ("", report_number)]
    taken = [(m.start, m.end) for m in mentions]

    def free(a, b):
        return not any(x < b and a < y for x, y in taken)

    folded = fold(text)
    for m in re.finditer(r"\b([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)'s (?:official )?(spokes(?:man|woman|person))\b", folded):
        owner = next((x for x in mentions if x.start == m.start(1) and x.end == m.end(1)), None)
        spokes = _spokesperson_of(owner, gazetteer) if owner else None
        if spokes is not None:
            mentions = [x for x in mentions if not (x.start >= m.start() and x.end <= m.end())]
            mentions.append(Mention(m.start(), m.end(), "entity", spokes, text[m.start():m.end()]))
            taken.append((m.start(), m.end()))
    spokes_words = r"(?:official )?spokes(?:man|woman|person)"
    for m in re.finditer(rf"\b(?:[Aa]n?|[Tt]he) ((?:[A-Z][\w'-]+ ){{1,4}})?{spokes_words}(?: for (?:the )?"
                         rf"((?:[A-Z][\w'-]+ ?){{1,4}}))?\b", folded):
        name = (m.group(1) or m.group(2) or "").strip()
        if not name or any(x <= m.start() and m.end() <= y and (x, y) != (m.start(), m.end()) for x, y in taken):
            continue  # "the spokesman" alone refers back (a role); a known alias ("A Home Office spokesperson") wins
        if any(x == m.start() and y >= m.end() for x, y in taken):
            continue
        owner = next((x for x in mentions if x.entity is not None and fold(text[x.start:x.end]).strip().endswith(name)
                      and m.start() <= x.start < m.end()), None)
        spokes = _spokesperson_of(owner, gazetteer) if owner else None
        if spokes is None:
            spokes = _new_entity(new_entities, f"unnamed-{slug(name)}-spokesperson-{report_number}", "person",
                                 f"a {name} spokesperson (report {report_number})", anonymous=True)
        mentions = [x for x in mentions if not (m.start() <= x.start and x.end <= m.end())]
        taken = [(x, y) for x, y in taken if not (m.start() <= x and y <= m.end())]
        end = m.start() + len(m.group(0).rstrip())
        mentions.append(Mention(m.start(), end, "group" if spokes.new else "entity", spokes,
                                text[m.start():end], word="spokesperson"))
        taken.append((m.start(), m.end()))
    for m in re.finditer(r"\b[Aa]n? (?:senior )?((?:[A-Z][\w'’-]+ ){1,4})(source|official|insider|aide)\b", text):
        if not any(x < m.end() and m.start() < y and not (m.start() <= x and y <= m.end()) for x, y in taken):
            taken = [(x, y) for x, y in taken if not (m.start() <= x and y <= m.end())]
            entity = _new_entity(new_entities, f"unnamed-{slug(m.group(1) + m.group(2))}-{report_number}", "person",
                                 f"a {m.group(1)}{m.group(2)} (report {report_number})", anonymous=True)
            mentions = [x for x in mentions if not (m.start() <= x.start and x.end <= m.end())]
            mentions.append(Mention(m.start(), m.end(), "group", entity, text[m.start():m.end()], word=m.group(2)))
            taken.append((m.start(), m.end()))
    for m in re.finditer(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b", text):
        mentions.append(Mention(m.start(), m.end(), "pronoun", word=m.group(0).lower()))
    for m in re.finditer(rf"\b[Tt]he ((?:[a-z]+ ){{0,2}}({ROLE_NOUNS}))\b", folded):
        if free(m.start(), m.end()):
            mentions.append(Mention(m.start(), m.end(), "role", role=text[m.start(1):m.end()], word=m.group(2).lower()))
    for m in re.finditer(rf"(?:^|(?<=[\s(]))(?:[Ss]enior |[Gg]overnment |[Uu]nnamed |[Ff]rench |[Bb]ritish )?((?i:{GROUP_NOUNS}))\b", text):
        if free(m.start(), m.end()) and m.group(1).lower() not in ("tories", "conservatives", "police", "officers"):
            noun = m.group(1).lower()
            if re.match(rf"\s*(?:have |has |had )?(?:\w+ly )?({SPEECH_VERBS}|want|wanted|believe|believed|fear|feared)\b",
                        text[m.end():m.end() + 40], re.I):
                entity = _new_entity(new_entities, f"unnamed-{noun}-{report_number}", "person",
                                     f"unnamed {noun} (report {report_number})", anonymous=True)
                mentions.append(Mention(m.start(), m.end(), "group", entity, text[m.start():m.end()], word=noun))
                taken.append((m.start(), m.end()))
    for m in _new_names(text):
        a, b, kind, name, role = m
        words = name.split()
        while kind == "person" and words and words[0] in STOP_NAMES:  # "But Enver Solomon"
            a += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words)
        if kind == "person" and len(words) < 2:
            continue
        name = re.sub(r"^(?:Dr|Prof|Professor|Mr|Ms|Mrs|Miss|Sir|Dame|Lord|Lady)\.? ", "", name)
        if free(a, b) and " " in name.strip() or (free(a, b) and kind == "organisation"):
            entity = _new_entity(new_entities, slug(name), kind, name)
            entity.role = entity.role or role
            mentions.append(Mention(a, b, "new", entity, role))
            taken.append((a, b))
    for entity in [e for e in new_entities.values() if e.kind == "person" and not e.anonymous]:
        surname = entity.label.split()[-1]
        for m in re.finditer(rf"\b(?:(?:Ms|Mr|Mrs|Miss|Dr|Prof|Sir|Dame) )?{re.escape(surname)}\b", text):
            if free(m.start(), m.end()):
                mentions.append(Mention(m.start(), m.end(), "new", entity))
                taken.append((m.start(), m.end()))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return _merge_titles(text, mentions)


def _spokesperson_of(owner: Mention, gazetteer: Gazetteer):
    """'Starmer's spokesman': the anonymous holder of a spokesperson post of the owner's post or body."""
    owner_posts = set()
    if owner.entity is not None:
        for holding in gazetteer.graph.subjects(OO.holder, owner.entity.iri):
            owner_posts.add(gazetteer.graph.value(holding, OO.post))
        owner_posts.add(owner.entity.iri)
    keys = set()
    for post in owner_posts:
        if post is None:
            continue
        label = str(gazetteer.graph.value(post, RDFS.label) or "")
        keys.add(re.sub(r" of the United Kingdom$", "", label).lower())
        organisation = gazetteer.graph.value(post, OO.inOrganisation)
        if organisation is not None:
            keys.add(str(gazetteer.graph.value(organisation, RDFS.label) or "").lower())
    for entity in gazetteer.entities.values():
        if entity.kind == "post" and "spokes" in entity.label.lower() and entity.holders:
            lowered = entity.label.lower()
            if any(key and lowered.startswith(key.split(" (")[0]) for key in keys) or \
                    gazetteer.graph.value(entity.iri, OO.inOrganisation) in owner_posts:
                return entity.holders[0]
    return None


def _new_entity(new_entities: dict, slug: str, kind: str, label: str, anonymous: bool = False) -> Entity:
    iri = OI[slug]
    if iri not in new_entities:
        new_entities[iri] = Entity(iri, kind, label, anonymous, new=True)
    return new_entities[iri]


_NAME = r"[A-Z][a-zà-ÿ'’-]+(?: (?:de |van |von |al-|Al-)?[A-Z][a-zà-ÿ'’-]+){1,2}"


def _new_names(text: str):
    """Names written as speakers: 'Jane Doe, a spokeswoman for X, said', 'charity director Jane Doe said',
    'the Refugee Council said'. Yields (start, end, kind, name, role as written)."""
    verb = rf"(?:\s+\w+ly)?(?:\s+(?:has|have|had))?\s+(?:{SPEECH_VERBS})\b"
    for m in re.finditer(rf"\b(?:[Tt]he )?((?:[A-Z][\w'’-]+ ){{0,4}}(?:{ORG_WORDS}))(?=(?:,[^,]{{1,80}},)?{verb})", text):
        yield m.start(), m.end(), "organisation", m.group(1), ""
    for m in re.finditer(rf"({_NAME}),\s+((?:(?:the|a|an)\s+)?[^,]{{3,80}}?),(?={verb})", text):
        yield m.start(1), m.end(1), "person", m.group(1), m.group(2)
    for m in re.finditer(rf"\b((?:[a-z]+ ){{0,3}}(?:{PERSON_ROLES}))(,)? ({_NAME})(?(2),)(?={verb})", text):
        yield m.start(3), m.end(3), "person", m.group(3), m.group(1)
    for m in re.finditer(rf"[”’\"']\s*,?\s*(?:said|says|added|adds|wrote|writes|continued|explained)\s+({_NAME})"
                         rf"(?:,\s+((?:(?:the|a|an)\s+)?[^,.]{{3,80}}))?", text):
        yield m.start(1), m.end(1), "person", m.group(1), m.group(2) or ""
    for m in re.finditer(rf"(?<![\w,] )(?<!\w)({_NAME})(?={verb})", text):
        if not re.search(ORG_WORDS, m.group(1)):
            yield m.start(1), m.end(1), "person", m.group(1), ""


def _merge_titles(text: str, mentions: list[Mention]) -> list[Mention]:
    """A title next to a name is one mention of the named person, with the title as role."""
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        if out and m.kind in ("entity", "new") and out[-1].kind in ("entity", "role"):
            prev = out[-1]
            gap = text[prev.end:m.start]
            title_first = prev.post is not None or prev.kind == "role"
            if title_first and re.fullmatch(r"\s*(?:(?:Ms|Mr|Mrs|Sir|Dame|Dr|Lord|Lady)\s+)?", gap) and m.entity is not None \
                    and m.entity.kind == "person":
                out[-1] = Mention(prev.start, m.end, m.kind, m.entity, prev.role or text[prev.start:prev.end], prev.post)
                continue
            if m.post is not None and prev.entity is not None and prev.entity.kind == "person" and \
                    re.fullmatch(r",\s*(?:the|a|an)?\s*(?:[\w'’-]+\s+){0,3}", gap):
                out[-1] = Mention(prev.start, m.end, prev.kind, prev.entity, text[m.start:m.end], m.post)
                continue
        out.append(m)
    return out


def gender_hints(text: str, mentions: list[Mention]) -> dict:
    """Entity IRI -> 'f'/'m' from honorifics written before the name (Ms Mahmood, Sir Keir Starmer)."""
    hints = {}
    for m in mentions:
        if m.entity is None:
            continue
        before = text[max(0, m.start - 8):m.start + 6]
        for honorific, gender in HONORIFICS.items():
            if re.search(rf"\b{honorific}\b", before) or text[m.start:m.end].startswith(honorific + " "):
                hints.setdefault(m.entity.iri, gender)
    return hints
