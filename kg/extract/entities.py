"""Who is named in a report: known people, posts, organisations, countries and agreements (from the
project's data), pronouns, titles and role words that refer back ("the spokesman", "the judge", "the
association"), unnamed speakers described by a role ("a senior French immigration official",
"officials") and new names written the way news writes speakers ("Jane Doe, a spokeswoman for X,
said", "Mr Justice Sheldon", "said Ahmed, a 24-year-old Sudanese man").

Titles of posts are found here but resolved to a holder in kg.extract.speakers, where the report's
date and the holders the article itself names are known.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from kg.extract.first_names import first_name_gender, is_first_name
from kg.core.namespaces import OI, OO

SPEECH_VERBS = (
    r"said|says|say|told|tells|tell|added|adds|adding|stated|states|stating|noted|notes|noting|explained|explains|"
    r"revealed|reveals|admitted|admits|acknowledged|acknowledges|insisted|insists|insisting|claimed|claims|claiming|"
    r"warned|warns|warning|argued|argues|arguing|confirmed|confirms|confirming|wrote|writes|writing|described|"
    r"describes|describing|branded|brands|branding|called|calls|calling|suggested|suggests|suggesting|stressed|"
    r"stresses|emphasised|emphasized|announced|announces|declared|declares|pledged|pledges|promised|promises|promise|"
    r"defended|defends|defending|saying|elaborated|replied|replies|responded|reported|reports|asked|urged|urges|"
    r"accused|criticised|criticized|denied|denies|conceded|concedes|disclosed|maintained|maintains|highlighted|"
    r"vowed|vows|commented|laments|lamented|lament|deplores|deplored|regrets|regretted|assured|assures|"
    r"denounced|denounces|affirmed|affirms|underlined|underlines|confides|confided|pointed out|points out|hammered home|observed|"
    r"announcing|according to|posted|tweeted|mantle in pushing|hail|hails|hailed|"
    r"welcomed|welcomes|condemned|condemns|slammed|slams|attacked|attacks|blasted|blasts|blast|praised|praises|"
    r"questioned|questions|dismissed|dismisses|rejected|rejects|labelled|labels|told reporters|quoted as saying|"
    r"hit back|hits back|hitting back|continued|went on|recalled|recalls|predicted|predicts|boasted|boasts|"
    r"complained|complains|dubbed|dubs|mocked|mocks|lambasted|lambasts|savaged|savages|ridiculed|decried|decries|"
    r"cautioned|cautions|concluded|concludes|ruled|rules|found|finds|wrote in|demanded|demands|demanding|"
    r"appealed|pleaded|begged|thundered|fumed|raged|joked|quipped|sighed|snapped|shouted|whispered|"
    r"explaining|acknowledging|admitting|conceding|stressing|warning|urging|adding|noting|declaring|pledging|"
    r"condemn|criticise|criticize|warn|insist|claim|admit|slam|urge|accuse|deny|reject|dismiss|defend|vow|pledge|"
    r"demand|brand|hit out|hits out|hit out at|hail|welcome|attack|question|call|describe|reveal|confirm|announce|"
    r"estimated|estimates|estimate|"  # the one who puts a number at a value states it: "An official put the number at 8,000"
    r"(?:put|puts|putting) the (?:number|figure|total|cost|bill|toll|count) at"
)
HONORIFICS = {"Ms": "f", "Mrs": "f", "Miss": "f", "Dame": "f", "Lady": "f", "Baroness": "f", "Madame": "f",
              "Mme": "f", "Mr": "m", "Sir": "m", "Lord": "m", "Monsieur": "m", "M.": "m"}
PERSON_ROLES = (r"source|spokesman|spokeswoman|spokesperson|minister|ombudsman|secretary|president|chancellor|leader|"
                r"commissioner|chief|director|official|mayor|premier|envoy|presenter|executive|founder|head|chair|"
                r"chairman|chairwoman|expert|researcher|lawyer|solicitor|barrister|counsel|professor|MP|MEP|peer|"
                r"councillor|campaigner|analyst|economist|officer|adviser|advisor|manager|coordinator|judge|"
                r"prosecutor|activist|volunteer|worker|insider|aide|diplomat|ambassador|prefect|inspector|"
                r"superintendent|constable|sergeant|detective|commander|governor|deputy|member|candidate|negotiator|officer|"
                r"captain")
# what people are, written before their name, that no post or job title above lists: "Teacher Amy Dale said"
# at a sentence's start is Amy Dale, a teacher (words that are also first names, "Will", "Grace", stay names)
PERSON_NOUNS = (r"teacher|headteacher|headmaster|headmistress|nurse|midwife|doctor|surgeon|paramedic|carer|farmer|"
                r"fisherman|fisherwoman|shopkeeper|landlord|landlady|businessman|businesswoman|driver|builder|"
                r"plumber|electrician|mechanic|engineer|chef|baker|cleaner|waiter|waitress|pilot|soldier|veteran|"
                r"firefighter|priest|vicar|imam|rabbi|pastor|student|pupil|pensioner|resident|parent|mother|father|"
                r"grandmother|grandfather|grandparent|mum|dad|widow|widower|journalist|photographer|author|writer|"
                r"artist|actor|actress|singer|musician|comedian|footballer|athlete|coach|historian|academic|"
                r"scientist|entrepreneur|owner|skipper|fisher|survivor|witness|neighbour|shopper|commuter|tourist|"
                r"holidaymaker|asylum seeker|refugee|migrant")
GROUP_NOUNS = (r"officials|ministers|sources|critics|campaigners|charities|experts|insiders|aides|allies|MPs|"
               r"lawyers|analysts|activists|diplomats|volunteers|aid workers|rights groups|NGOs|residents|"
               r"police|officers|authorities|prosecutors|judges|smugglers|migrants|opponents|backbenchers")
ORG_WORDS = (r"Council|Office|Ministry|Party|Agency|Commission|Union|Association|Trust|Institute|Court|Tribunal|"
             r"Group|Committee|Department|Service|Federation|Foundation|Network|Organisation|Organization|"
             r"Authority|Coalition|Alliance|Campaign|Centre|Center|Society|Watch|Fund|Bureau|Board|Unit|Force|"
             r"Observatory|Treasury|Government|Police|Constabulary|Guard|Agency|Charity|Project|Action|Aid|Rights|"
             r"Lab|Forum|Solicitors|Chambers|LLP|Partners|Law|International|Refugees|Migrants|Support|Welcome")
# organisation words that are also surnames: after a first name, a person ("Jude Law", "Margaret Court")
SURNAME_ORG_WORDS = ("Law", "Court")
ORG_KINDS = (r"charity|association|agency|group|organisation|organization|NGO|campaign group|think tank|"
             r"department|ministry|union|party|council|court|tribunal|force|body|watchdog|observatory|network|"
             r"collective|prefecture|trust|foundation|institute|firm|company|government")
POST_ALIASES = {  # titles as newspapers write them -> posts in data/shared.ttl
    "post-uk-prime-minister": ["Prime Minister", "PM", "prime minister", "premier"],
    "post-uk-home-secretary": ["Home Secretary", "home secretary"],
    "post-uk-foreign-secretary": ["Foreign Secretary", "foreign secretary"],
    "post-conservative-leader": ["Tory leader", "Conservative leader", "Conservative Party leader"],
    "post-leader-of-the-opposition": ["Opposition leader", "Leader of the Opposition"],
    "post-french-interior-minister": ["French interior minister", "interior minister", "French Interior Minister",
                                      "French minister of the interior"],
    "post-president-of-france": ["French President", "President of France", "French president", "president"],
    "post-defender-of-rights": ["human rights ombudsman", "Defender of Rights", "ombudsman"],
    "post-uk-childrens-minister": ["Children's minister", "children's minister"],
}
ORG_ALIASES = {  # known organisations as newspapers write them -> organisations in data/shared.ttl
    "french-interior-ministry": ["French interior ministry", "French Interior Ministry", "France's interior ministry",
                                 "France’s interior ministry", "French Ministry of the Interior"],
}
STOP_NAMES = {"The", "A", "An", "In", "On", "At", "But", "And", "This", "That", "These", "Those", "It", "He",
              "She", "They", "We", "I", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
              "Sunday", "Home", "Channel", "Labour", "British", "French", "UK", "EU", "Britain", "Government",
              "If", "When", "While", "After", "Before", "Under", "Since", "As", "His", "Her", "Their", "Our",
              "Speaking", "Asked", "Responding", "Writing", "Meanwhile", "However", "Separately", "Earlier",
              "Later", "Critics", "Officials", "Ministers", "Sources", "Campaigners", "Tory", "Tories", "Reform",
              "Conservative", "Shadow", "Prime", "Minister", "Secretary", "Councillor", "Refugee", "Charity",
              "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December", "Last", "Next", "Yesterday", "Today", "Now", "Police", "Some", "Many",
              "Both", "Each", "Every", "Other", "Another", "Such", "Its", "Mr", "Ms", "Mrs", "Dr", "Sir", "Lord", "Then"}
TITLE_WORDS = r"Dr|Prof|Professor|Mr|Ms|Mrs|Miss|Sir|Dame|Lord|Lady|Baroness|Madame|Mme|Monsieur|Cllr|Coun|Councillor|Rev"
JUDGE_TITLES = r"Mr Justice|Mrs Justice|Ms Justice|Lord Justice|Lady Justice|Dame|District Judge|Deputy Judge|" \
               r"Upper Tribunal Judge|Tribunal Judge|Immigration Judge|Judge"


def fold(text: str) -> str:
    """Same length as `text`: curly apostrophes straightened (offsets stay valid)."""
    return text.replace("’", "'").replace("‘", "'")


def slug(text: str) -> str:
    """'Laurent Nuñez' -> 'laurent-nunez': the local name of a new node."""
    return re.sub(r"[^a-z0-9]+", "-", _plain(text).lower()).strip("-")


_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                               "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "þ": "th", "Þ": "Th", "ı": "i"})
"""Letters that Unicode does not decompose into a base letter and an accent: Søren Ødegård is soren-odegard."""


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.translate(_UNDECOMPOSED))
                   if not unicodedata.combining(c))


@dataclass(eq=False)
class Entity:
    iri: object
    kind: str  # person, organisation, country, agreement, post, platform (a venue, never a speaker)
    label: str
    anonymous: bool = False
    new: bool = False
    role: str = ""  # role as written, for new people
    holders: list = field(default_factory=list)  # for posts: (holder Entity, start, end) of every holding
    report_only: str = ""  # an anonymous entity of one report only ("unnamed sources (report 003)")
    gender: str | None = None  # 'f' / 'm' when the text or the name says
    works_for: object = None  # the organisation a role-only speaker belongs to (an Entity)
    descriptors: set = field(default_factory=set)  # what the text calls it ("charity", "association")
    post: object = None  # for role-only speakers standing for a post whose holder is unknown
    group: bool = False  # several people named together by a plural ("officials", "sources"): an oo:UnnamedGroup


SHARED = ("shared surname", "shared role")  # a reference two people of the article fit: left unresolved


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # entity, post, pronoun, role, group, new, shared surname, shared role
    entity: Entity | None = None
    role: str = ""  # the words that gave the speaker's role ("Home Secretary")
    post: object = None  # the post IRI when the mention was by title
    word: str = ""  # the pronoun, role noun or group noun
    candidates: tuple = ()  # for a shared surname ("Mr Solomon" in an article naming two Solomons) or role: the people

    @property
    def can_speak(self) -> bool:
        if self.kind in ("pronoun", "role", "post") + SHARED:
            return True
        return self.entity is not None and self.entity.kind in ("person", "organisation", "country")

    @property
    def is_person(self) -> bool:
        if self.kind == "pronoun":
            return self.word in ("he", "she")
        if self.kind in ("post",) + SHARED:
            return True
        if self.kind == "role":
            return not re.fullmatch(ORG_KINDS, self.word, re.I)  # "the councillor" is no council
        return self.entity is not None and self.entity.kind == "person"


class Gazetteer:
    """Names of the known entities, from the project's data (shared entities, not report-only ones)."""

    def __init__(self, graph: Graph, shared_subjects: set | None = None):
        self.graph = graph
        self.entities: dict = {}
        self.aliases: list[tuple[str, Entity, str | None]] = []  # (alias, entity, post IRI)
        self.report_texts: dict = {}  # curated report number ("003") -> the SHA-256 of its text
        # an unnamed group speaks as an anonymous person does (kind "person"), and is written as what it is
        kinds = [(OO.Person, "person"), (OO.UnnamedAgent, "person"), (OO.Organisation, "organisation"),
                 (OO.Country, "country"), (OO.Agreement, "agreement"), (OO.Post, "post"),
                 (OO.OnlinePlatform, "platform")]
        subclasses = {c: self._subclasses(c) for c, _ in kinds}
        for cls, kind in kinds:
            for sub in subclasses[cls]:
                for iri in sorted(graph.subjects(RDF.type, sub)):
                    if iri in self.entities or (shared_subjects is not None and iri not in shared_subjects):
                        continue
                    full = str(graph.value(iri, RDFS.label) or iri.split("/")[-1])
                    label = re.sub(r"\s*\(.*?\)\s*$", "", full).strip()
                    if not re.search(r"\w", label):
                        continue  # "(name withheld)", "": no name to find in a text
                    anonymous = bool(graph.value(iri, OO.anonymous)) or cls == OO.UnnamedAgent
                    self.entities[iri] = Entity(iri, kind, label, anonymous, group=sub == OO.UnnamedGroup)
                    only = re.search(r"\(report (\w+)\)\s*$", full)
                    if only:  # "a government source (report 003)": that report's anonymous speaker only
                        self.entities[iri].report_only = only.group(1)
        for entity in self.entities.values():
            if entity.kind == "person" and not entity.anonymous:
                entity.gender = first_name_gender(entity.label.split()[0])
            if entity.kind == "person" and entity.anonymous and re.search(r"spokesman", entity.label):
                entity.gender = "m"
            for alias in self._names(entity):
                self.aliases.append((alias, entity if entity.kind != "post" else None,
                                     entity.iri if entity.kind == "post" else None))
        for entity in [e for e in self.entities.values() if e.kind == "post"]:
            entity.holders = self._holders(entity.iri)
        self.aliases.sort(key=lambda a: (-len(a[0]), a[0]))
        self._pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(fold(a))}(?![\w-])" for a, _, _ in self.aliases))
        self._by_alias = {}
        for alias, entity, post in self.aliases:
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
        names = {entity.label} | {str(v).strip() for v in graph.objects(iri, SKOS.altLabel)}
        names = {n for n in names if re.search(r"\w", n)}  # an empty altLabel ("") names nothing
        names |= {_plain(n) for n in names}
        if entity.kind == "person" and not entity.anonymous:
            surname = entity.label.split()[-1]
            if len(surname) > 3:
                names |= {surname, _plain(surname)}
            for honorific in HONORIFICS:
                names.add(f"{honorific} {surname}")
                names.add(f"{honorific} {_plain(surname)}")
            first = entity.label.split()[0]
            if first in ("Keir", "Emmanuel") or entity.label == "Keir Starmer":
                names.add(f"Sir {first}" if first == "Keir" else first)
        if entity.kind == "person" and entity.anonymous:
            bare = re.sub(r"^(the|a|an|unnamed)\s+", "", entity.label, flags=re.I)
            names |= {bare, f"a {bare}", f"the {bare}", f"A {bare}", f"The {bare}"}
            if "spokes" in bare.lower() or "source" in bare.lower():
                names |= {n[0].upper() + n[1:] for n in list(names)}
            if "official spokesman" in bare:
                for variant in ("spokesperson", "spokeswoman"):
                    more = {n.replace("spokesman", variant) for n in names}
                    names |= more
        if entity.kind == "organisation":
            names |= set(ORG_ALIASES.get(str(iri).split("/")[-1], []))
            if entity.label.endswith(" Party"):
                names.add(entity.label[: -len(" Party")])
            names |= {f"the {n}" for n in list(names) if not n.lower().startswith("the ")}
            names |= {n[0].upper() + n[1:] for n in list(names)}
        if entity.kind == "post":
            names |= set(POST_ALIASES.get(str(iri).split("/")[-1], []))
            names |= _cased(names)
            names |= {re.sub(r" of the United Kingdom$", "", n) for n in list(names)}
            names |= {re.sub(r"^(?:the )?Prime Minister's", "PM's", n, flags=re.I) for n in list(names)}
        if entity.kind == "agreement":
            names |= _cased(names)
            if any(n.lower() == "one in, one out" for n in names):  # the deal itself, not those named after it
                names |= {"one-in-one-out", "one in one out", "one in, one out", "One In, One Out"}
        return {n for n in names if len(n) > 1}

    def _holders(self, post) -> list:
        """(holder, start, end) of every holding of a post, latest start first ('' for an open end)."""
        found = []
        for holding in self.graph.subjects(OO.post, post):
            holder = self.graph.value(holding, OO.holder)
            if holder in self.entities:
                found.append((self.entities[holder], str(self.graph.value(holding, OO.startDate) or ""),
                              str(self.graph.value(holding, OO.endDate) or "")))
        return sorted(found, key=lambda h: (h[1], str(h[0].iri)), reverse=True)

    def post_label(self, post) -> str:
        return str(self.graph.value(post, RDFS.label) or "") if post is not None else ""

    def matches(self, folded: str) -> list[re.Match]:
        """The names and titles in a folded text, in order (a title at a name's start first): a title wins over
        a name inside or across it ("the Conservative leader" is not the party), not over one it is inside."""
        names = list(self._pattern.finditer(folded))  # in order, none overlapping another: so are their ends
        starts, ends = [m.start() for m in names], [m.end() for m in names]
        dropped, posts = set(), []
        for match in self._posts.finditer(folded):
            near = [i for i in range(bisect_right(ends, match.start()), bisect_left(starts, match.end()))
                    if i not in dropped]  # the names it overlaps (by bisection: a long text has thousands)
            if not any(names[i].start() <= match.start() and match.end() <= names[i].end() for i in near):
                dropped.update(near)
                posts.append(match)
        return sorted([m for i, m in enumerate(names) if i not in dropped] + posts, key=lambda m: (m.start(), -m.end()))

    def find(self, text: str) -> list[Mention]:
        """Known names, longest first, without overlaps (titles of posts in any case)."""
        found = []
        last_end = -1
        for match in self.matches(fold(text)):
            if match.start() < last_end:
                continue
            entity, post = self._by_alias.get(match.group(0)) or self._ci.get(match.group(0).lower(), (None, None))
            if entity is None and post is None:
                continue
            if post is not None and match.group(0) == "president" and not _capital_context(text, match.start()):
                continue  # "the association's president": not France's
            if match.group(0) == "PM" and re.search(r"\d\s?$", text[max(0, match.start() - 2):match.start()]):
                continue  # "at 1 PM": a time
            if entity is not None and entity.kind == "person" and " " in entity.label and \
                    _surname_key(match.group(0)) == _surname_key(entity.label.split()[-1]) and \
                    _another_first_name(text, match.start(), entity.label.split()[0]):
                continue  # "Rosie Cooper" is not Yvette Cooper: the surname after another first name
            last_end = match.end()
            if post is not None:
                holders = self.entities[post].holders
                spokes = [h for h, _, _ in holders if h.anonymous]
                if spokes:  # a spokesperson's post: the shared anonymous holder speaks for it
                    found.append(Mention(match.start(), match.end(), "entity", spokes[0], text[match.start():match.end()]))
                else:
                    found.append(Mention(match.start(), match.end(), "post", None, text[match.start():match.end()], post))
            else:
                found.append(Mention(match.start(), match.end(), "entity", entity))
        return found


_ORG_WORD = re.compile(rf"\b(?:{ORG_WORDS})\b")
_GROUP_ORG_WORDS = "|".join(w for w in ORG_WORDS.split("|") if re.fullmatch(rf"(?i:{GROUP_NOUNS})", w))  # Police, Migrants


def _organisation_name(name: str) -> bool:
    """`name` holds an organisation word as a whole word ("Refugee Council", never "Courtney Smith" or
    "Lawrence Dallaglio"), and is not a first name before a surname that is also one ("Jude Law")."""
    words = name.split()
    if len(words) == 2 and words[1] in SURNAME_ORG_WORDS and is_first_name(words[0]):
        return False
    return bool(_ORG_WORD.search(name))


def _ends_a_name(text: str, start: int, word: str) -> bool:
    """`word` at `start`, an organisation word that is also a group noun, written with a capital after a
    capitalised word that starts no sentence: the last word of a name ("Kent Police", "Dover Migrants"),
    not a group ("police", "French Police")."""
    before = re.search(r"(?<![\w'’-])([A-Z][\w'’-]*) $", text[max(0, start - 40):start])
    return bool(before) and before.group(1) not in STOP_NAMES and _ORG_WORD.fullmatch(word) is not None


# where an unnamed group is: "Police in Calais said", "officials in the port of Dover said" (never "at" or
# "from", which name whom they work for: "Campaigners at Care4Calais said" is the charity)
_GROUP_PLACE = re.compile(r" (?:in|near) (?:the (?:port|town|city) of )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?(?=[\s,])")


def _cased(names: set) -> set:
    """Names in lower and title case, but an abbreviation only in capitals: "PM" is never the "pm" of "6 pm"."""
    written = [n for n in names if not re.fullmatch(r"[A-Z]{2,}(?:['’]s)?", n.split()[0])]
    return {n.lower() for n in written} | {n.title() for n in written}


def _capital_context(text: str, position: int) -> bool:
    return bool(re.search(r"(French|France's|France’s|the)\s+$", text[max(0, position - 10):position]))


def find_mentions(text: str, gazetteer: Gazetteer, report_id: str, new_entities: dict,
                  own_reports: set = frozenset()) -> list[Mention]:
    """Known names, titles, pronouns, role words, unnamed speakers and new names, merged where a title and
    a name stand together ("Home Secretary Shabana Mahmood", "Chris Philp, the shadow home secretary,").
    An anonymous shared speaker of one report ("a government source (report 003)") is linked only in
    that report's own text (`own_reports`: the curated reports whose SHA-256 the text has)."""
    mentions = [m for m in gazetteer.find(text)
                if m.entity is None or not m.entity.report_only or m.entity.report_only in own_reports]
    taken = [(m.start, m.end) for m in mentions]

    def free(a, b):
        return not any(x < b and a < y for x, y in taken)

    def replace_inside(a, b, mention):
        nonlocal mentions, taken
        mentions = [x for x in mentions if not (a <= x.start and x.end <= b)]
        taken = [(x, y) for x, y in taken if not (a <= x and y <= b)]
        mentions.append(mention)
        taken.append((mention.start, mention.end))

    folded = fold(text)
    # "Starmer's spokesman", "the Prime Minister's official spokesman": the spokesperson, never the principal
    for m in re.finditer(r"'s? (?:official )?(spokes(?:man|woman|person))\b", folded):
        owner = next((x for x in mentions if x.end == m.start() and (x.entity is not None or x.post is not None)), None)
        spokes = spokesperson_of(owner, gazetteer) if owner else None  # any case: "the prime minister's spokesman"
        if spokes is not None:
            start = owner.start - 4 if folded[max(0, owner.start - 4):owner.start].lower() == "the " else owner.start
            replace_inside(start, m.end(), Mention(start, m.end(), "entity", spokes, text[start:m.end()],
                                                   word="spokesperson"))
    spokes_words = r"(?:official )?spokes(?:man|woman|person)"
    for m in re.finditer(rf"\b(?:[Aa]n?|[Tt]he) ((?:[A-Z][\w'-]+ ){{1,4}})?{spokes_words}(?: for (?:the )?"
                         rf"((?:[A-Za-z][\w'-]+)(?: [A-Za-z][\w'-]+){{0,3}}))?\b", folded):
        name = (m.group(1) or "").strip()
        if not name and m.group(2):  # "a spokeswoman for the French interior ministry said": up to the verb
            kept = []
            for word in m.group(2).split():
                if re.fullmatch(rf"{SPEECH_VERBS}|has|had|have|was|is|who|which|and|in|on|at|to|told|also", word, re.I):
                    break
                kept.append(word)
            name = " ".join(kept)
            if not name:
                continue
            m_end = m.start(2) + len(name)
        else:
            m_end = m.end()
        if not name or any(x <= m.start() and m.end() <= y and (x, y) != (m.start(), m.end()) for x, y in taken):
            continue  # "the spokesman" alone refers back (a role); a known alias ("A Home Office spokesperson") wins
        if any(x == m.start() and y >= m.end() for x, y in taken):
            continue
        owner = next((x for x in mentions if (x.entity is not None or x.post is not None)
                      and fold(text[x.start:x.end]).strip().endswith(name) and m.start() <= x.start < m.end()), None)
        spokes = spokesperson_of(owner, gazetteer) if owner else None
        organisation = owner.entity if owner is not None and owner.entity is not None \
            and owner.entity.kind == "organisation" else None
        if spokes is None and name.islower():  # "a spokesman for the charity": the charity named before
            organisation = _described_before(mentions, m.start(), name)
            if organisation is None:
                continue
            name = organisation.label
        local = slug(name)
        if organisation is not None and not organisation.new:  # a known body: its own local name
            local = str(organisation.iri).split("/")[-1]
        if spokes is None:
            spokes = new_entity(new_entities, f"unnamed-{local}-spokesperson-{report_id}", "person",
                                 f"a {name} spokesperson (report {report_id})", anonymous=True)
            spokes.works_for = spokes.works_for or organisation
            spokes.role = f"{name} spokesperson"
            if "woman" in m.group(0):
                spokes.gender = "f"
            elif "spokesman" in m.group(0):
                spokes.gender = "m"
        end = min(m_end, m.start() + len(m.group(0).rstrip()))
        replace_inside(m.start(), end, Mention(m.start(), end, "group" if spokes.new else "entity", spokes,
                                               text[m.start():end], word="spokesperson"))
    # "a source at the Home Office" (a Home Office source), "sources close to the Home Secretary" (never the
    # Home Secretary): anonymous speakers described by where they work or whom they are close to
    for m in re.finditer(r"\b(?:(?:[Aa]n?|[Oo]ne|[Aa]nother|[Tt]wo|[Ss]everal|[Ss]ome) )?((?:[Ss]enior |[Jj]unior |[Gg]overnment )?"
                         r"(?:[Ss]ources?|[Oo]fficials?|[Ii]nsiders?|[Aa]ides?|[Ff]igures?|[Aa]llies|[Aa]lly|[Ff]riends?|"
                         r"[Aa]dvisers?|[Aa]dvisors?|[Dd]iplomats?)) (at|in|from|within|inside|close to) (?:the )?"
                         r"((?:[A-Z][\w'’-]*|No)(?: (?:of |for )?(?:the )?[A-Z0-9][\w'’-]*){0,4})", text):
        if m.group(2) != "close to" and not _organisation_name(m.group(3)) and \
                not re.search(r"Downing Street|No 10|Whitehall|Elysee|Élysée", m.group(3)):
            continue  # "officials in Calais": a place, not a body
        role, where = m.group(1).lower(), m.group(3)
        if any(x < m.end() and m.start() < y and not (m.start() <= x and y <= m.end()) for x, y in taken):
            continue
        phrase = f"{role} close to {text[m.end(2) + 1:m.end()].lower()}" if m.group(2) == "close to" else \
            f"{where} {role}"
        organisation = next((x.entity for x in mentions if m.start(3) <= x.start and x.end <= m.end()
                             and x.entity is not None and x.entity.kind == "organisation"), None)
        entity = new_entity(new_entities, f"unnamed-{slug(phrase)}-{report_id}", "person",
                             f"{'a ' if not role.endswith('s') else ''}{phrase} (report {report_id})", anonymous=True)
        entity.role = entity.role or phrase
        entity.works_for = entity.works_for or (organisation if m.group(2) != "close to" else None)
        noun = re.sub(r"^(?:senior|junior|government) ", "", role)
        # several people ("sources close to the Home Secretary", "officials at the Home Office"): an oo:UnnamedGroup,
        # never one person (it was drafted as an oo:Person, found by a hostile read)
        entity.group = entity.group or noun.endswith("s")
        replace_inside(m.start(), m.end(), Mention(m.start(), m.end(), "group", entity, text[m.start():m.end()],
                                                   word=noun))
    # "a Home Office source", "a senior French immigration official", "one Tory MP": role-only speakers
    role_head = r"source|official|insider|aide|minister|MP|diplomat|officer|adviser|advisor|figure|ally|" \
                r"lawyer|judge|prosecutor|worker|volunteer|campaigner|member|executive"
    for m in re.finditer(rf"\b(?:[Aa]n?|[Oo]ne|[Aa]nother) ((?:(?:senior|junior|top|former|high-ranking|leading|"
                         rf"[A-Z][\w'’-]+|[a-z]+) ){{1,4}})({role_head})\b", text):
        words = m.group(1).strip()
        if re.match(r"(?:of|in|at|for|to|with|and|the|who)\b", words) or re.search(r"\b(of|for|the|and|who|was|is)\b", words):
            continue
        if not re.search(r"[A-Z]|senior|government|immigration|police|border|interior|ministry|security|home office|"
                         r"party|official|tory|labour|conservative|reform", words + " " + m.group(2), re.I):
            continue
        if any(x < m.end() and m.start() < y and not (m.start() <= x and y <= m.end()) for x, y in taken) or \
                any(x <= m.start() and m.end() <= y for x, y in taken):
            continue  # a known name ("a government source" of its own report) wins
        if re.search(r"[A-Z][\w'’-]+,\s+$", text[max(0, m.start() - 40):m.start()]) and text[m.end():m.end() + 1] == ",":
            continue  # "Sarah Jones, a Labour MP, met …": a description of the name before, no speaker of its own
        organisation = next((x.entity for x in mentions if m.start() <= x.start and x.end <= m.end()
                             and x.entity is not None and x.entity.kind == "organisation"), None)
        entity = role_only_speaker(new_entities, f"{words} {m.group(2)}", report_id, organisation)
        replace_inside(m.start(), m.end(), Mention(m.start(), m.end(), "group", entity, text[m.start():m.end()],
                                                   word=m.group(2).lower()))
    # "A minister has said that 500 ...": a role alone, then a speech verb (else "a minister was sacked" would speak);
    # the figure went to the report's own voice (found by a hostile read)
    for m in re.finditer(rf"\b(?:[Aa]n?|[Oo]ne|[Aa]nother) ({role_head})\b(?=,?\s+(?:has |had )?(?:{SPEECH_VERBS})\b)", text):
        if free(m.start(), m.end()):
            entity = role_only_speaker(new_entities, m.group(1), report_id, None)
            replace_inside(m.start(), m.end(), Mention(m.start(), m.end(), "group", entity, text[m.start():m.end()],
                                                       word=m.group(1).lower()))
    for m in re.finditer(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b", text):
        if free(m.start(), m.end()):
            mentions.append(Mention(m.start(), m.end(), "pronoun", word=m.group(0).lower()))
    # definite role words that refer back: "the spokesman", "the judge", "the association"
    for m in re.finditer(rf"\b[Tt]he ((?:[A-Za-z][\w'-]+ (?:(?:of|for) (?:the )?(?=[A-Z]))?){{0,3}}({PERSON_ROLES}|{ORG_KINDS}))"
                         rf"\b(?!['’]s)", folded):  # "the Refugee Council of Britain's director": a person
        if free(m.start(), m.end()) and not re.match(r"\s+(?:of|for|in|at)\s+(?:the\s+)?[A-Z]", text[m.end():m.end() + 12]):
            mentions.append(Mention(m.start(), m.end(), "role", role=text[m.start(1):m.end()], word=m.group(2).lower()))
    # "The Home Office said …. A spokesperson added:": a bare spokesperson is the body's just named
    for m in re.finditer(r"\b[Aa] (spokes(?:person|man|woman))\b(?!\s+(?:for|at|from|of)\b)", text):
        if free(m.start(), m.end()):
            mentions.append(Mention(m.start(), m.end(), "role", role=m.group(0), word=m.group(1).lower()))
    for m in re.finditer(rf"(?:^|(?<=[\s(]))(?:[Ss]enior |[Gg]overnment |[Uu]nnamed |[Ff]rench |[Bb]ritish |[Ll]ocal |"
                         rf"[Hh]ome [Oo]ffice |[Ss]ecurity )?((?i:{GROUP_NOUNS}))\b", text):
        if free(m.start(), m.end()) and not _ends_a_name(text, m.start(1), m.group(1)):
            noun = m.group(1).lower()
            place = _GROUP_PLACE.match(text, m.end())  # "Police in Calais said": the group, where it is
            if place and _organisation_name(place.group(0)):
                place = None
            end = place.end() if place else m.end()
            if _ORG_WORD.match(text, end + 1) and text[end:end + 1] == " ":
                continue  # "The Officers Welcome said": an organisation's name, not officers who welcome
            if re.match(rf"\s*(?:have |has |had )?(?:\w+ly )?({SPEECH_VERBS}|want|wanted|believe|believed|fear|feared|"
                        rf"estimate|estimated|say|warn|insist)\b", text[end:end + 40], re.I) \
                    and not any(x < end and m.start() < y and not (m.start() <= x and y <= end) for x, y in taken):
                words = slug(m.group(0))
                entity = new_entity(new_entities, f"unnamed-{words}-{report_id}", "person",
                                     f"unnamed {m.group(0).lower()} (report {report_id})", anonymous=True)
                entity.role, entity.group = entity.role or m.group(0).lower() + text[m.end():end], True
                replace_inside(m.start(), end, Mention(m.start(), end, "group", entity, text[m.start():end], word=noun))
    written_before: dict = {}  # a one-word name -> (end, word before, its word) where the text writes it
    for a, b, kind, name, role in sorted(_new_names(text), key=lambda n: (n[0], -n[1])):
        words = name.split()
        while kind == "person" and words and words[0] in STOP_NAMES and not re.match(JUDGE_TITLES, " ".join(words)) \
                and not (len(words) == 2 and re.fullmatch(TITLE_WORDS, words[0])):  # "Mr Farage" alone stays a name
            a += len(words[0]) + 1
            words = words[1:]
        if kind == "person" and len(words) >= 3 and re.fullmatch(rf"(?i:{PERSON_ROLES})", words[0]):
            a += len(words[0]) + 1  # "said Mayor Natacha Bouchart": the title is her role, not her name
            role, words = role or words[0], words[1:]
        elif kind == "person" and len(words) >= 3 and re.fullmatch(rf"(?i:{PERSON_NOUNS})", words[0]) \
                and not is_first_name(words[0]):
            a += len(words[0]) + 1  # "Teacher Amy Dale said": what she is, capitalised only to open the sentence
            role, words = role or words[0].lower(), words[1:]
        if kind == "person" and _organisation_name(" ".join(words)):
            continue  # "The Refugee Council of Britain said", "the Green Party of England": an organisation, named above
        name = " ".join(words)
        judge = re.match(rf"({JUDGE_TITLES}) ({_NAME})$", name) if kind == "person" else None
        if judge:  # "Upper Tribunal Judge Rebecca Chapman" is Rebecca Chapman; "Mr Justice Sheldon" keeps his title
            a += len(judge.group(1)) + 1
            name, role = judge.group(2), role if role and role != "judge" else judge.group(1)
            words = name.split()
        single = kind == "person" and len(words) == 1
        if kind == "person" and (not words or (single and not role and not re.match(rf"(?:{TITLE_WORDS})\.? ", name))):
            continue
        gender = None
        honorific = re.match(rf"({TITLE_WORDS})\.? ", name)
        if honorific:
            gender = HONORIFICS.get(honorific.group(1))
            if not re.match(JUDGE_TITLES, name):
                name = name[honorific.end():]
        if not name or name in STOP_NAMES:
            continue
        if kind == "person" and len(name.split()) == 1 and not re.match(JUDGE_TITLES, text[a:b]):
            if name not in written_before:  # where the text writes words before the name, found once a name
                written_before[name] = [(m.end(), m.group(1), m.group(2)) for m in re.finditer(
                    rf"(?<![\w'’-])(?:({_NAME_WORD}) )?({_NAME_WORD}) {_spelled(name)}\b", text)]
            full = [f"{g} {f}" if g and is_first_name(g) else f  # "Haidari" after "Abdul Rahman Haidari": all of it
                    for end, g, f in written_before[name] if end <= a
                    if f not in STOP_NAMES and not re.fullmatch(rf"{TITLE_WORDS}|(?i:{PERSON_ROLES})", f)]
            if len(set(full)) == 1:  # "Ms Roux said" after "Anne Roux": the full name written earlier
                name = f"{full[0]} {name}"
        if free(a, b):
            known = _already_named(new_entities, kind, name)
            if known is not None:  # "Judge Chapman" after "Judge Rebecca Chapman", "NCA" after "National Crime Agency"
                mentions.append(Mention(a, b, "new", known, role))
                taken.append((a, b))
                continue
            entity = new_entity(new_entities, slug(name), kind, name)
            entity.role = entity.role or role
            if kind == "person":
                entity.gender = entity.gender or gender or gender_from_role(role) or first_name_gender(name.split()[0])
            if kind == "organisation" and role:
                entity.descriptors.add(role if role.isupper() else role.lower())
            mentions.append(Mention(a, b, "new", entity, role))
            taken.append((a, b))
    for entity in [e for e in list(new_entities.values()) if e.kind == "person" and not e.anonymous]:
        surname = entity.label.split()[-1]
        first = re.escape(entity.label.split()[0]) if " " in entity.label else None
        knighted = rf"|\b(?:Sir|Dame) {first}\b(?! [A-Z])" if first else ""  # "Dame Angela" after "Dame Angela Eagle"
        spelled = rf"(?:{_spelled(_family_name(entity.label))}|{_spelled(surname)})"
        for m in re.finditer(rf"\b(?:(?:{TITLE_WORDS}|Judge|Justice) )?{spelled}\b{knighted}", text):
            if first and _another_first_name(text, m.start(), entity.label.split()[0]):
                continue  # "Jo Barker" is not "Tom Barker": another first name before the surname
            if free(m.start(), m.end()):
                mentions.append(Mention(m.start(), m.end(), "new", entity))
                taken.append((m.start(), m.end()))
                honorific = re.match(rf"({TITLE_WORDS}) ", m.group(0))
                if honorific and entity.gender is None:
                    entity.gender = HONORIFICS.get(honorific.group(1))
    firsts: dict = {}
    for entity in new_entities.values():
        if entity.kind == "person" and not entity.anonymous and len(entity.label.split()) >= 2:
            firsts.setdefault(entity.label.split()[0], []).append(entity)
    for first, entities in firsts.items():  # "Jo said" after "Cllr Jo Barker": a first name alone, when one person has it
        if len(entities) != 1 or first in STOP_NAMES or re.fullmatch(TITLE_WORDS, first):
            continue
        for m in re.finditer(rf"\b{re.escape(first)}\b(?! [A-Z])(?=\s+(?:{SPEECH_VERBS})\b)|(?<=said ){re.escape(first)}\b(?! [A-Z])",
                             text):
            if free(m.start(), m.end()):
                mentions.append(Mention(m.start(), m.end(), "new", entities[0]))
                taken.append((m.start(), m.end()))
    for entity in [e for e in list(new_entities.values()) if e.kind == "organisation"]:
        acronym = "".join(w[0] for w in entity.label.split() if w[0].isupper())
        names = [entity.label] + ([acronym] if len(acronym) >= 3 else []) + \
            sorted(d for d in entity.descriptors if d.isupper())  # "(ILPA)" after the name
        for m in re.finditer("|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in names), text):
            if free(m.start(), m.end()):
                mentions.append(Mention(m.start(), m.end(), "new", entity))
                taken.append((m.start(), m.end()))
    mentions = _roles_in_apposition(text, mentions)
    for a, b, noun in _role_nouns_again(text, mentions):
        if free(a, b):
            mentions.append(Mention(a, b, "role", role=text[a:b].split(" ", 1)[1], word=noun))
            taken.append((a, b))
    _same_surname(text, mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    merged = _merge_titles(text, mentions)
    _same_role(merged)
    _describe_organisations(text, merged)
    _genders_from_text(text, merged)
    return merged


def _spelled(name: str) -> str:
    """A pattern for `name` written with either apostrophe: "O'Brien" is "O’Brien"."""
    return re.sub(r"['’]", "['’]", re.escape(name))


def _family_name(label: str) -> str:
    """A person's last name with the particles before it: 'Ursula von der Leyen' 'von der Leyen', 'Charles
    de Gaulle' 'de Gaulle', "Siobhan O'Brien" "O'Brien"."""
    family = re.search(rf"(?<= ){_PARTICLES}*\S+$", label)
    return family.group(0) if family else label


def _surname_key(word: str) -> str:
    """'Nuñez', 'Nunez' and 'NUNEZ' are one surname."""
    return _plain(fold(word)).lower()


_TITLED = re.compile(rf"(?:(?:{JUDGE_TITLES}|{TITLE_WORDS}|{'|'.join(re.escape(h) for h in HONORIFICS)})\.?\s+)+")


def _name_words(written: str) -> list[str]:
    """The capitalised words of a person's name as written, past titles: 'Mr Justice Sheldon' ['Sheldon'],
    'Dr Enver Solomon' ['Enver', 'Solomon'], 'Ms von der Leyen' ['Leyen']."""
    titles = _TITLED.match(written.strip())
    return [w for w in written.strip()[titles.end() if titles else 0:].split() if w[:1].isupper()]


def _another_first_name(text: str, position: int, first: str) -> bool:
    """A capitalised word right before a surname at `position` that is neither `first` nor a title, a role
    or a word that starts sentences: the surname is someone else's ("Rosie Cooper" is not Yvette Cooper,
    "Jo Barker" is not Tom Barker)."""
    other = re.search(rf"(?<![\w'’-])({_NAME_WORD}) $", text[max(0, position - 30):position])
    return bool(other) and other.group(1) != first and other.group(1) not in STOP_NAMES and \
        not re.fullmatch(rf"{TITLE_WORDS}|Judge|Justice|(?i:{PERSON_ROLES})|.*['’]s?", other.group(1))


_HONORIFIC_GENDER = {"mr": "m", "sir": "m", "lord": "m", "ms": "f", "mrs": "f", "miss": "f", "dame": "f", "lady": "f"}


def _same_surname(text: str, mentions: list[Mention]) -> None:
    """Within one article a title and surname, or a surname alone ("Mr Solomon", "Solomon said", "Ms Cooper",
    "Mr Nunez" after "Laurent Nuñez"), is the one person the article names in full with that surname, known
    or new; when it names two ("Enver Solomon" and "Sarah Solomon") the reference is a shared surname whose
    speaker stays unresolved for the curator, never a guess, unless an honorific's gender leaves one of them
    ("Mr Solomon" is not Sarah Solomon, a woman). Only this text and the shared names count: a
    name from another article's draft would spread that draft's mistakes."""
    named: dict = {}  # surname -> the people named in full (a first name and the surname) in this text
    for m in mentions:
        words = _name_words(text[m.start:m.end])
        if m.entity is not None and m.entity.kind == "person" and not m.entity.anonymous and len(words) >= 2 and \
                _surname_key(words[-1]) == _surname_key(m.entity.label.split()[-1]):
            people = named.setdefault(_surname_key(words[-1]), [])
            if m.entity not in people:
                people.append(m.entity)
    for m in mentions:
        entity, written = m.entity, text[m.start:m.end]
        words = _name_words(written)
        if entity is None or entity.kind != "person" or entity.anonymous or len(words) != 1 or \
                _surname_key(words[0]) != _surname_key(entity.label.split()[-1]):
            continue
        if entity.new and " " not in entity.label and entity.role and words == written.split():
            continue  # "said Ahmed, a 24-year-old": a person with one name, not a surname
        people = named.get(_surname_key(words[0]), [])
        gender = _HONORIFIC_GENDER.get(re.split(r"[\s.]", written.strip(), maxsplit=1)[0].lower())
        if len(people) > 1 and gender:  # "Mr Mahmood" in an article naming Shabana and Tariq Mahmood: not her
            people = [p for p in people if p.gender in (None, gender)] or people
        if len(people) == 1:
            m.entity, m.kind = people[0], "new" if people[0].new else "entity"
        elif len(people) > 1:
            m.entity, m.kind, m.candidates, m.word = None, "shared surname", tuple(people), words[0]


_APPOSITION_END = re.compile(r"\s*(?:[,.;:!?]|$)|\s+(?:at|of|for|from|with|in|on|who|based)\b")


def _named_person(m: Mention) -> bool:
    return m.entity is not None and m.entity.kind == "person" and not m.entity.anonymous


def _roles_in_apposition(text: str, mentions: list[Mention]) -> list[Mention]:
    """'said Amy Dale, a local volunteer.': role words after a named person and a comma are that person's
    role as written, not a second, unnamed speaker ("a local volunteer"); the person keeps them as role."""
    named = {m.end: m for m in mentions if _named_person(m)}
    kept = []
    for m in mentions:
        if m.kind == "group" and m.entity is not None and m.entity.anonymous and not m.entity.group and \
                _APPOSITION_END.match(text, m.end):
            gap = re.search(r",\s+$", text[max(0, m.start - 4):m.start])
            person = named.get(m.start - len(gap.group(0))) if gap else None
            if person is not None:
                person.role = person.role or text[m.start:m.end]
                if person.entity.new:
                    person.entity.role = person.entity.role or person.role
                continue
        kept.append(m)
    return kept


def _role_head(role: str) -> str:
    """The noun a role as written is headed by: "a local volunteer" volunteer, "a nurse at the hospital"
    nurse, "the charity's chief executive" executive, "a Labour MP" MP; "" when none ("aged 31")."""
    words = re.sub(r"^(?:the|a|an|its|his|her|their|[\w'’-]+['’]s)\s+", "", role.strip(), flags=re.I)
    words = re.split(r"(?:^|\s+)(?:at|of|for|from|with|in|on|who|which|that|based|and)\b", words)[0].split()
    head = words[-1] if words else ""
    return head if re.fullmatch(rf"[a-z][a-z'-]*[a-z]|(?:{PERSON_ROLES})", head) else ""


def _role_nouns_again(text: str, mentions: list[Mention]):
    """'Amy Dale, a nurse at the hospital, said … The nurse added': a role noun the article gives a named
    person in apposition ("X, a/the ROLE", "X, ROLE at ORG") refers back as "the ROLE" after it, whatever
    the noun (those of PERSON_ROLES are found with the other role words). Yields (start, end, noun)."""
    nouns: dict = {}
    for m in mentions:
        role = m.role or (m.entity.role if m.entity is not None else "")
        apposition = re.match(rf",\s+{re.escape(role)}", text[m.end:]) if _named_person(m) and role else None
        before = text[:m.start].endswith(f"{role} ") if _named_person(m) and role else False  # "Local teacher Amy Dale"
        if apposition or before:
            head = _role_head(role)
            if head and not re.fullmatch(rf"(?i:{PERSON_ROLES}|{ORG_KINDS})", head):
                after = m.end + apposition.end() if apposition else m.end
                nouns[head] = min(nouns.get(head, len(text)), after)
    for noun, after in nouns.items():
        for found in re.finditer(rf"\b[Tt]he (?:[a-z][\w'-]+ ){{0,2}}?{re.escape(noun)}\b(?!['’]s)", text[after:]):
            yield after + found.start(), after + found.end(), noun


def _same_role(mentions: list[Mention]) -> None:
    """"The volunteer added" in an article that gives two named people that role ("Amy Dale, a volunteer",
    "Tom Reed, a volunteer") is a shared role whose speaker stays unresolved for the curator, never the
    nearest; with one such person the reference is resolved by the speaker rules (kg.extract.speakers)."""
    described: list = []  # (role words, person) of each named person's role as written so far
    for m in mentions:
        if _named_person(m) and (m.role or m.entity.role):
            described.append((content_words(m.role or m.entity.role), m.entity))
        if m.kind == "role" and m.is_person:
            words = content_words(m.role)
            people = []
            for roles, person in described:
                if words and words <= roles and person not in people:
                    people.append(person)
            if len(people) > 1:
                m.kind, m.candidates = "shared role", tuple(people)


_STOP = {"the", "a", "an", "of", "for", "new", "former", "then", "now", "its", "his", "her", "their", "our", "uk's",
         "britain's", "france's", "s"}


def content_words(text: str) -> set:
    """The words of a role that say what it is: "the new Home Secretary" {home, secretary}."""
    return {w for w in re.findall(r"[a-z0-9]+", fold(text).lower()) if w not in _STOP}


def _already_named(new_entities: dict, kind: str, name: str) -> Entity | None:
    """A new person or organisation named before: the same surname after a title, or an acronym."""
    for entity in new_entities.values():
        if entity.kind != kind or entity.anonymous:
            continue
        surname = rf"(?:{_spelled(_family_name(entity.label))}|{_spelled(entity.label.split()[-1])})"
        if kind == "person" and " " in entity.label and \
                re.fullmatch(rf"(?:(?:{JUDGE_TITLES}|{TITLE_WORDS})\.? )?{surname}", name):
            return entity  # "Mr Nuñez", "Judge Chapman", "Nuñez" after "Laurent Nuñez", "Ms von der Leyen"
        if kind == "person" and " " in entity.label and re.fullmatch(rf"(?:Sir|Dame) {re.escape(entity.label.split()[0])}",
                                                                     name):
            return entity  # "Dame Angela" after "Dame Angela Eagle", "Sir Keir" after "Sir Keir Starmer"
        if kind == "organisation" and name.isupper() and \
                (name == "".join(w[0] for w in entity.label.split() if w[0].isupper()) or name in entity.descriptors):
            return entity
    return None


def gender_from_role(role: str) -> str | None:
    if re.search(r"\b(woman|spokeswoman|chairwoman|mother|wife|girl|daughter|sister|businesswoman|female)\b", role or "",
                 re.I):
        return "f"
    if re.search(r"\b(man|spokesman|chairman|father|husband|boy|son|brother|businessman|male)\b", role or "", re.I):
        return "m"
    return None


def _described_before(mentions: list[Mention], position: int, word: str):
    """The organisation named before `position` that the text calls `word` ("the charity")."""
    for m in sorted(mentions, key=lambda x: -x.start):
        if m.start < position and m.entity is not None and m.entity.kind == "organisation":
            if word.lower() in m.entity.descriptors or word.lower() in m.entity.label.lower():
                return m.entity
    return None


def _describe_organisations(text: str, mentions: list[Mention]) -> None:
    """'Refugee charity Care4Calais', 'The association Utopia 56', 'Care4Calais, a charity,': what an
    organisation is called, so that 'the charity' can refer back to it."""
    for m in mentions:
        if m.entity is None or m.entity.kind != "organisation" or not m.entity.new:
            continue  # a known organisation is shared by every draft: describe only this report's own
        before = text[max(0, m.start - 40):m.start]
        after = text[m.end:m.end + 60]
        for kind in re.findall(rf"\b({ORG_KINDS})\s+$", before, re.I):
            m.entity.descriptors.add(kind.lower())
        found = re.match(rf",\s+(?:a|an|the)\s+(?:[\w'-]+\s+){{0,3}}?({ORG_KINDS})\b", after, re.I)
        if found:
            m.entity.descriptors.add(found.group(1).lower())
        for word in re.findall(rf"\b({ORG_KINDS})\b", m.entity.label, re.I):
            m.entity.descriptors.add(word.lower())


def _genders_from_text(text: str, mentions: list[Mention]) -> None:
    """Honorifics before a name (Ms Mahmood, Sir Keir Starmer) say a person's gender."""
    for m in mentions:
        entity = m.entity
        if entity is None or entity.kind != "person" or not entity.new:
            continue
        written = text[m.start:m.end]
        honorific = re.match(rf"({'|'.join(re.escape(h) for h in HONORIFICS)}) ", written) or \
            re.search(rf"\b({'|'.join(re.escape(h) for h in HONORIFICS)}) $", text[max(0, m.start - 10):m.start])
        if honorific and entity.gender is None:
            entity.gender = HONORIFICS[honorific.group(1)]


def spokesperson_of(owner: Mention, gazetteer: Gazetteer):
    """'Starmer's spokesman': the anonymous holder of a spokesperson post of the owner's post or body."""
    owner_posts = set()
    if owner.post is not None:
        owner_posts.add(owner.post)
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
                return entity.holders[0][0]
    return None


def role_only_speaker(new_entities: dict, phrase: str, report_id: str, organisation: Entity | None = None) -> Entity:
    """An anonymous person described only by a role ("a senior Home Office official", "one local resident"),
    the role as written, linked to the organisation named with it."""
    entity = new_entity(new_entities, f"unnamed-{slug(phrase)}-{report_id}", "person", f"a {phrase} (report {report_id})",
                         anonymous=True)
    entity.role = entity.role or phrase
    entity.works_for = entity.works_for or organisation
    return entity


def new_entity(new_entities: dict, local: str, kind: str, label: str, anonymous: bool = False) -> Entity:
    iri = OI[local]
    if iri not in new_entities:
        new_entities[iri] = Entity(iri, kind, label, anonymous, new=True)
    return new_entities[iri]


# one word of a name: "Smith", "Ciarán", "Élodie", "McDonagh", "MacLeod", "O'Brien", "D’Souza", "Jean-Noël", "Smith-Jones"
_NAME_WORD = r"(?:Mc|Mac|Fitz|[OD]['’])?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-(?:(?:Mc|Mac|[OD]['’])?[A-ZÀ-ÖØ-Þ])?[a-zß-öø-ÿ'’]+)*"
# the particles a family name can start with: "Ursula von der Leyen", "Charles de Gaulle", "Bashar al-Assad"
_PARTICLES = r"(?:(?:von der|van der|van den|de la|de|van|von|le|Le|du|da|di|bin|ben) |al-|Al-|d['’])"
_NAME = rf"{_NAME_WORD}(?: {_PARTICLES}?{_NAME_WORD}){{1,2}}"
_JUDGE = rf"(?:{JUDGE_TITLES}) {_PARTICLES}?{_NAME_WORD}(?: {_PARTICLES}?{_NAME_WORD})?"
_HONOURED = rf"(?:{TITLE_WORDS})\.? {_PARTICLES}?{_NAME_WORD}(?: {_PARTICLES}?{_NAME_WORD})?"
_ANY_NAME = rf"(?:{_JUDGE}|{_HONOURED}|{_NAME})"
_ORG_NAME = r"[A-Z][\w'’&-]*(?:\d+)?(?: (?:(?:of|for|from|against|without|sans|des|de|du) (?:the )?)?[A-Z0-9][\w'’&-]*){0,4}"
"""An organisation's name: capitalised words, with the small words between them that names have ("Freedom from
Torture", "Friends of the Earth", "Médecins Sans Frontières", "Auberge des Migrants"), never "and"."""


INTRO_WORDS = ("In", "On", "At", "After", "Speaking", "Writing", "Asked", "Responding", "Appearing", "Interviewed",
               "Pressed", "Addressing", "Visiting", "Reacting", "Commenting", "Earlier", "Later", "Meanwhile",
               "Separately", "However", "Yesterday", "Today", "Last")


def _new_names(text: str):
    """Names written as speakers: 'Jane Doe, a spokeswoman for X, said', 'charity director Jane Doe said',
    'Mr Justice Sheldon was quoted as saying', 'said Ahmed, a 24-year-old Sudanese man', 'the Refugee
    Council said', 'Refugee charity Care4Calais said'. Yields (start, end, kind, name, role as written)."""
    verb = rf"(?:\s+\w+ly)?(?:\s+(?:has|have|had|was|were|is))?(?:\s+(?:also|later|previously|then|further|earlier))?" \
           rf"\s+(?:{SPEECH_VERBS})\b"
    for m in re.finditer(rf"\b(?:[Tt]he )?((?:[A-Z][\w'’-]+ (?:(?:of|for|and|on) (?:the )?)?){{0,5}}(?:{ORG_WORDS})\b"
                         rf"(?: (?:of|for) (?:the )?[A-Z][\w-]*(?: (?:(?:of|for|and) (?:the )?)?[A-Z][\w-]*){{0,4}})?)"
                         rf"(?: \(([A-Z]{{2,6}})\))?", text):  # "the Refugee Council of Britain", "the Council of Europe"
        name, start = m.group(1), m.start(1)
        member = re.match(r"(?:[A-Z][\w'’-]+ )+?(?:of|for) (?:the )?", name)
        while member and not _organisation_name(member.group(0)):  # "Anna Field of the Joint Council ...": hers
            name, start = name[member.end():], start + member.end()
            member = re.match(r"(?:[A-Z][\w'’-]+ )+?(?:of|for) (?:the )?", name)
        if " " not in name or re.match(r"(?:The|A|An|In|On|But|And|British|French|UK|Labour|Tory|Conservative)\s", name) \
                and " " not in name.split(" ", 1)[1]:
            continue
        if not _organisation_name(name):
            continue  # "Jude Law said": a person
        yield start, start + len(name), "organisation", name, m.group(2) or ""
    # "Police Scotland said": an organisation word that is also a group noun, then the rest of the name
    for m in re.finditer(rf"\b((?:{_GROUP_ORG_WORDS})(?: [A-Z][\w'’-]+){{1,2}})(?={verb})", text):
        if not any(w in STOP_NAMES or re.fullmatch(rf"{TITLE_WORDS}|(?i:{PERSON_ROLES})", w)
                   for w in m.group(1).split()[1:]):  # "Police Constable Dale said": a person
            yield m.start(1), m.end(1), "organisation", m.group(1), ""
    for m in re.finditer(rf"\b(?:[Tt]he )?([A-Z]{{2,6}})(?={verb})", text):
        if m.group(1) not in ("UK", "EU", "US", "BBC", "PM", "MP", "MPs", "NHS", "ECHR", "OK"):
            yield m.start(1), m.end(1), "organisation", m.group(1), ""
    for m in re.finditer(rf"\b([A-Z][a-z]+ )?({ORG_KINDS}) ({_ORG_NAME})(?=,|\s+(?:\w+ly\s+)?(?:has\s+|have\s+|had\s+)?"
                         rf"(?:{SPEECH_VERBS}|which|that|who)\b)", text):
        yield m.start(3), m.end(3), "organisation", m.group(3), m.group(2)
    for m in re.finditer(rf"\b(?i:campaigners|volunteers|activists|staff|workers|lawyers) (?:at|from|with|for) (?:the )?"
                         rf"({_ORG_NAME})(?={verb})", text):  # "Campaigners at Care4Calais said": the organisation
        yield m.start(1), m.end(1), "organisation", m.group(1), ""
    for m in re.finditer(rf"\b({_ANY_NAME}),\s+((?:(?:the|a|an|its|his|her|their)\s+)?[^,]{{3,90}}?),(?={verb})", text):
        yield m.start(1), m.end(1), "person", m.group(1), m.group(2)
    # "Amy Dale, who runs a hostel in Calais, where numbers have doubled, said": a relative clause, then the verb
    for m in re.finditer(rf"\b({_ANY_NAME}),\s+(?:who|whose)\s[^“”\"«».;:!?]{{3,160}}?,(?={verb})", text):
        yield m.start(1), m.end(1), "person", m.group(1), ""
    for m in re.finditer(rf"\b({_ANY_NAME}),\s+((?:the|a|an)\s+(?:\d+-year-old\s+)?[^,.]{{3,90}}?),", text):
        if re.search(rf"\b({PERSON_ROLES}|man|woman|national|asylum seeker|migrant|refugee|father|mother|"
                     rf"resident|student|teenager|boy|girl)\b", m.group(2), re.I):
            yield m.start(1), m.end(1), "person", m.group(1), m.group(2)
    for m in re.finditer(rf"\b((?:[A-Za-z]+ ){{0,3}}(?i:{PERSON_ROLES}))(,)? ({_ANY_NAME})(?(2),)(?={verb}|:)", text):
        yield m.start(3), m.end(3), "person", m.group(3), _without_opening(m.group(1)) or m.group(1)
    # "Local teacher Amy Dale said": lower-case words before a full name and its verb are her role, whatever the noun
    for m in re.finditer(rf"(?<![\w'’-])((?:[A-Za-z][\w'’-]* ){{0,2}}[a-z][a-z'’-]+) ({_NAME})(?={verb}|:)", text):
        role = _role_before_name(m.group(1))
        if role and not re.fullmatch(rf"(?i:{PERSON_ROLES})", role.split()[-1]):  # listed roles: the rule above
            yield m.start(2), m.end(2), "person", m.group(2), role
        elif m.group(1).split()[-1].lower() in _TIME_WORDS:  # "Last week Amy Dale said": no role
            yield m.start(2), m.end(2), "person", m.group(2), ""
    for m in re.finditer(rf"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]he [\w'’-]+['’]s?) ((?:[\w-]+ ){{0,2}}(?:{PERSON_ROLES})), "
                         rf"({_ANY_NAME})(?: (?:of|from|at) [^,]{{2,50}})?,(?={verb}|\s*(?:{SPEECH_VERBS}))", text):
        yield m.start(2), m.end(2), "person", m.group(2), m.group(1)
    # "the prefect of the Nord, Sophie Lemaire, said": a post of a place or body, then the name in apposition
    for m in re.finditer(rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir) ((?:[\w'’-]+ ){{0,3}}(?i:{PERSON_ROLES}) "
                         rf"(?:of|for|at|in|to) (?:the )?[A-Z][\w'’-]+(?: (?:(?:of|for|and|on) (?:the )?)?[A-Z][\w'’-]+){{0,4}}), "
                         rf"({_ANY_NAME}),(?=\s+[a-z])", text):  # "…, Jacques Billant, has deployed": any verb
        yield m.start(2), m.end(2), "person", m.group(2), m.group(1)
    # "…'s cabinet member for children's services, Cllr Jo Barker, said": a name in apposition before the verb
    for m in re.finditer(rf", (?:(?:{TITLE_WORDS})\.? )?({_NAME}),(?={verb})", text):
        yield m.start(1), m.end(1), "person", m.group(1), ""
    # "…, Tom Reed said.", "…, said Dr Priya Shah.": a full name after a comma, its first word a listed first name
    # (after an honorific or not), right before or after its speech verb (its figures had been the report's, or its
    # speaker unresolved)
    for m in re.finditer(rf",\s+(?P<before>(?:{SPEECH_VERBS})\s+)?(?P<name>(?:(?:{TITLE_WORDS})\.? )?{_NAME})"
                         rf"(?P<after>\s+(?:has |had |have )?(?:{SPEECH_VERBS})\b)?", text):
        name = re.sub(rf"^(?:{TITLE_WORDS})\.? ", "", m.group("name"))
        if (m.group("before") is None) == (m.group("after") is None) or len(name.split()) < 2 or \
                not is_first_name(name.split()[0]) or _organisation_name(name) or \
                m.group("before") and not re.match(r"\s*(?:[.!?;]|$)", text[m.end("name"):]):
            continue
        yield m.start("name"), m.end("name"), "person", m.group("name"), ""
    # a pull quote on its own line: '“The gangs are laughing at him” - Kemi Badenoch'
    for m in re.finditer(rf"(?m)[”\"’']\s+[-–—]\s+({_ANY_NAME})\s*$", text):
        yield m.start(1), m.end(1), "person", m.group(1), ""
    # "Jane Doe was appointed Home Secretary": the person a later "the Home Secretary" refers to
    for m in re.finditer(rf"(?<![\w,] )(?<!\w)({_ANY_NAME})(?:, who)? (?:(?:was|is|has been|had been) (?:appointed|named|made)"
                         rf"(?: as)?|became|has become) (?:the )?(?:new )?(?:[A-Z][\w'’-]+ ){{0,3}}(?i:{PERSON_ROLES})\b", text):
        yield m.start(1), m.end(1), "person", m.group(1), ""
    # "Writing in the Daily Mail, Robert Jenrick said": a name after an opening clause and its comma
    for m in re.finditer(rf"(?:^|(?<=[.!?] )|(?<=\n))(?:{'|'.join(INTRO_WORDS)})\b[^,.;\n“”\"]{{0,80}}, ({_ANY_NAME})(?={verb})",
                         text, re.M):
        if not _organisation_name(m.group(1)):
            yield m.start(1), m.end(1), "person", m.group(1), ""
    # "Minister for Border Security and Asylum Alex Norris said:", "French Minister of the Interior Laurent Nuñez said"
    for m in re.finditer(rf"\b((?:[A-Z][\w'’-]+ ){{0,2}}(?i:{PERSON_ROLES}) (?:of|for) (?:the )?(?:[A-Z][\w'’-]+ (?:and )?){{1,4}}?)"
                         rf"({_NAME_WORD} {_PARTICLES}?{_NAME_WORD})(?={verb}|:)", text):
        yield m.start(2), m.end(2), "person", m.group(2), m.group(1).strip()
    # "Pierre Roques of the aid group Auberge des Migrants said": a person of an organisation
    for m in re.finditer(rf"(?<![\w,] )(?<!\w)({_NAME}) (of|from|at) ((?:the )?(?:[a-z]+ ){{0,3}}[A-Z][^,.;“”\"]{{1,60}}?)(?={verb})", text):
        yield m.start(1), m.end(1), "person", m.group(1), f"{m.group(2)} {m.group(3)}"
    # a parliamentary record's labels: "Chris Philp (Croydon South) (Con):", "The Minister for X (Alex Norris):"
    for m in re.finditer(rf"(?m)^\s*(?:(?:Mr|Mrs|Ms|Dr|Sir|Dame) )?({_NAME})((?: \([^()]{{2,60}}\))+):", text):
        if not re.search(rf"\b(?:Madam|Speaker|Chair|(?i:{PERSON_ROLES}))\b", m.group(1)):  # not "Madam Deputy Speaker (…)"
            yield m.start(1), m.end(1), "person", m.group(1), m.group(2).strip()
    for m in re.finditer(rf"(?m)^\s*(?:The|Madam|Mr) ((?:[A-Z]\w+ )?(?i:{PERSON_ROLES}|Speaker)[^()\n:]{{0,80}}) \(({_NAME})\):", text):
        yield m.start(2), m.end(2), "person", m.group(2), m.group(1)
    # "Hassan, a 27-year-old Eritrean, was one of the first": a first name alone, introduced by age
    for m in re.finditer(rf"\b({_NAME_WORD}), ((?:a|an) \d{{1,2}}-year-old\b[^,.]{{0,60}}),", text):
        if m.group(1) not in STOP_NAMES:
            yield m.start(1), m.end(1), "person", m.group(1), m.group(2)
    for m in re.finditer(rf"[”’\"'»]\s*,?\s*(?:{SPEECH_VERBS})\s+(?:[A-Z][\w&-]*(?: [A-Z][\w&-]*)?['’]s\s+)?"
                         rf"({_ANY_NAME}|{_NAME_WORD}(?=,\s+(?:a|an|the)\s))"
                         rf"(?:,\s+((?:(?:the|a|an)\s+)?[^,.]{{3,80}}))?", text):
        yield m.start(1), m.end(1), "person", m.group(1), m.group(2) or ""
    for m in re.finditer(rf"(?:(?<=['’]s )|(?<![\w,] )(?<!\w))({_ANY_NAME})(?={verb}|\s+(?:told|said)\b)", text):
        if not _organisation_name(m.group(1)):
            yield m.start(1), m.end(1), "person", m.group(1), ""
    # "Tom Reed and Amy Dale said", "…,” said Tom Reed, Jo Barker and Amy Dale": each person named together
    joint = rf"{_ANY_NAME}(?:, {_ANY_NAME})*,? (?:and|&) {_ANY_NAME}"
    for m in re.finditer(rf"(?<![\w,] )(?<!\w)({joint})(?={verb}|:)|[”’\"'»]\s*,?\s*(?:{SPEECH_VERBS})\s+({joint})", text):
        group = 1 if m.group(1) else 2
        for name in re.finditer(_ANY_NAME, m.group(group)):
            if not _organisation_name(name.group(0)):
                yield m.start(group) + name.start(), m.start(group) + name.end(), "person", name.group(0), ""
    for m in re.finditer(rf"\b({_JUDGE})\b", text):
        yield m.start(1), m.end(1), "person", m.group(1), "judge"
    for m in re.finditer(rf"\b[Aa]ccording to ({_ANY_NAME})", text):
        yield m.start(1), m.end(1), "person", m.group(1), ""
    for m in re.finditer(rf"\b((?:[A-Z][\w'’-]+ ){{0,3}}(?:deputy |shadow |former |acting |interim )?(?i:{PERSON_ROLES})) "
                         rf"({_ANY_NAME})\b", text):  # "Reform UK deputy leader Richard Tice went further"
        if not re.match(r"(?:said|says|told)\b", m.group(1)):
            yield m.start(2), m.end(2), "person", m.group(2), m.group(1)
    # "Camille Durand runs a soup kitchen. « … », she said.": a full name opening a sentence with any verb (or an
    # apposition first: "Priya Kaur, who chairs the board, opposed it"), its first word a listed first name, is a person the next sentence's pronoun may refer to (not one of two: "Tom Reed and
    # Jo Barker run it": which of them, the rules cannot tell)
    for m in re.finditer(rf"(?:^|(?<=[.!?] )|(?<=[.!?][”’\"»] ))({_NAME})(?=,| (?!and\b|or\b|nor\b)(?:has |had |have |was |is )?[a-z]+\b)", text,
                         re.M):
        if is_first_name(m.group(1).split()[0]) and not _organisation_name(m.group(1)):
            yield m.start(1), m.end(1), "person", m.group(1), ""
    for m in re.finditer(rf"\b({_NAME_WORD}(?: {_PARTICLES}?{_NAME_WORD})?), (\d{{1,2}}),", text):  # "Karim, 31, said"
        if m.group(1) not in STOP_NAMES:
            yield m.start(1), m.end(1), "person", m.group(1), m.group(2)  # the age as written ("aged 31" is not)


# words that open a sentence or clause before a role and a name and are no part of the role
# ("But hostel volunteer Jo Barker said", "Yesterday local teacher Amy Dale said")
_OPENING_WORDS = {"and", "but", "or", "nor", "so", "yet", "then", "when", "while", "whilst", "as", "after", "before",
                  "because", "if", "though", "although", "since", "until", "yesterday", "today", "tonight", "now",
                  "also", "meanwhile", "however", "earlier", "later", "separately", "here", "there"} | \
    {w.lower() for w in INTRO_WORDS}
# words of time that can stand right before a name ("Last week Amy Dale said", "then Amy Dale said")
_TIME_WORDS = {"week", "month", "year", "night", "morning", "evening", "afternoon", "weekend", "then", "yesterday",
               "today", "tonight", "now", "also", "later", "earlier", "meanwhile", "separately"}
# words that say no role when written right before a name ("told the BBC that Amy Dale said", "with Amy Dale")
_NOT_ROLE_WORDS = _OPENING_WORDS | {"the", "a", "an", "to", "by", "of", "for", "from", "at", "in", "on", "with",
                                    "about", "than", "like", "that", "which", "who", "whom", "where", "is", "was",
                                    "are", "were", "has", "had", "have", "be", "been", "did", "does", "do", "he",
                                    "she", "they", "we", "it", "not", "only", "even", "why", "how", "what", "this",
                                    "these", "those", "his", "her", "their", "its", "our", "my", "your",
                                    "next"} | _TIME_WORDS


def _without_opening(words: str) -> str:
    """Role words before a name without the words opening the sentence: "But hostel volunteer" hostel
    volunteer, "Yesterday local teacher" local teacher."""
    kept = words.split()
    while kept and kept[0].lower() in _OPENING_WORDS:
        kept = kept[1:]
    return " ".join(kept)


def _role_before_name(words: str) -> str:
    """The role in the lower-case words written right before a full name ("Local teacher", "hostel
    volunteer", "The local teacher" local teacher); "" when they are no role ("and", "then", "told the
    BBC that", "recently", a speech verb)."""
    kept = _without_opening(words).split()
    if kept and kept[0].lower() in ("the", "a", "an"):
        kept = kept[1:]
    if not kept or any(w.lower() in _NOT_ROLE_WORDS or re.fullmatch(SPEECH_VERBS, w.lower()) for w in kept):
        return ""
    return " ".join(kept) if not kept[-1].endswith("ly") or kept[-1] == "ally" else ""


def _merge_titles(text: str, mentions: list[Mention]) -> list[Mention]:
    """A title next to a name is one mention of the named person, with the title as role and post:
    "Home Secretary Shabana Mahmood", "Chris Philp, the shadow home secretary", "France's new interior
    minister, Laurent Nuñez,". The role words before a new name ("Refugee Council chief executive Enver
    Solomon") become its role."""
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        if out and m.kind in ("entity", "new") and out[-1].kind in ("post", "role"):
            prev = out[-1]
            gap = text[prev.end:m.start]
            if re.fullmatch(r",?\s*(?:(?:Ms|Mr|Mrs|Sir|Dame|Dr|Lord|Lady)\s+)?", gap) and m.entity is not None \
                    and m.entity.kind == "person":
                out[-1] = Mention(prev.start, m.end, m.kind, m.entity, prev.role or text[prev.start:prev.end], prev.post)
                continue
        if out and m.kind in ("post", "role") and out[-1].entity is not None and out[-1].entity.kind == "person":
            prev = out[-1]
            gap = text[prev.end:m.start]
            if re.fullmatch(r",\s*(?:the|a|an)?\s*(?:[\w'’-]+\s+){0,3}", gap) and \
                    re.match(r"\s*(?:,|\s(?:said|says|told|added|has|had|who|was|is)\b|$)", text[m.end:m.end + 8]):
                role = text[m.start:m.end] if m.kind == "post" else m.role
                out[-1] = Mention(prev.start, m.end, prev.kind, prev.entity, role, m.post)
                continue
        out.append(m)
    for m in out:  # "Border Security Minister Alex Norris": role words written before a new name
        if m.kind == "new" and m.entity is not None and m.entity.kind == "person" and not m.role:
            before = re.search(rf"((?:[A-Z][a-z]+ |[a-z]+ ){{0,3}}(?i:{PERSON_ROLES}))\s+$", text[max(0, m.start - 60):m.start])
            if before and not re.search(r"\b(said|told|and|but|the|with|by|of)\b\s+\S*$", before.group(1)):
                m.role = before.group(1).strip()
                m.entity.role = m.entity.role or m.role
    return out
