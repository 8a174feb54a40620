"""Synthetic corpora with the shape of the curated data: `kg generate --reports N --seed S -o DIR`.

A newsroom's archive holds thousands of reports; we have five. To build, validate and query at that
scale, this module writes a whole project directory (ontology, shapes, saved queries, data) whose data
has the shape of `data/*.ttl`, valid against the shapes, and the same for the same seed:

- `data/shared.ttl`: countries, government bodies, parties, broadcasters, posts and who held them
  (with dates), agreements between two countries with their milestones (announced, agreed, in force,
  operations began), interviews, and indicators (returned, admitted, net inflow, arrivals, change).
  They grow with the number of reports: a story (one agreement, its events and indicators) per dozen
  reports, a country per twenty, so that people, organisations and agreements are shared by many
  reports, and questions about one of them stay selective.
- `data/report-NNN.ttl`: one report each, with figures (exact, "around", "more than", vague), derived
  figures with their derivation (a net inflow from admitted and returned; a percentage change of
  arrivals), direct quotes and reported statements with speaker, post, role as written, occasion,
  venue, date and the figures they mention, and event dates that now and then disagree between
  reports, every fact with its evidence span.
- `texts/NNN_<hash>.txt`: the synthetic article text each report describes, so that every evidence
  span's offsets, every `oo:sha256` and `oo:characterCount` are true of a real file
  (`kg spans --check DIR/texts DIR/data/*.ttl` checks them).

Report 0 belongs to the UK–France story under the curated IRIs (oi:shabana-mahmood,
oi:ind-returned-to-france, oi:r000-fig-returned-281-mahmood ...), so the saved queries' default
parameters find something in a generated corpus too. Everything else is invented and says so in its
labels ("synthetic"). A report has about 340 triples: 2,950 reports make a million, and the 3,731 of bench/ (the
3,700 reports issue 10 measures at) make 1.27 M.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.dist import remove_abandoned
from kg.core.errors import KGError, describe_exception
from kg.core.serialize import make_folders, make_readable
from kg.sources.project import Project

MAX_REPORTS = 100_000  # about 30 M triples and 2 GB of files: past it, a typo (-n 1000000000) fills the disk
PREFIXES = """@prefix oo:     <https://w3id.org/oioo/ontology#> .
@prefix oi:     <https://w3id.org/oioo/id/> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
"""

FIRST = ("Amelia Arjun Beatrice Callum Chloe Daniel Elena Farid Grace Hamza Imogen Jonas Kavya Liam Maya "
         "Nadia Oliver Priya Quentin Rosa Samuel Tara Umar Vera William Yusuf Zoe Aisha Bruno Claire Dmitri "
         "Esme Felix Greta Hugo Ines Jakub Leila Marcus Noor").split()
LAST = ("Hart Okafor Lindqvist Moreau Patel Quinn Rahman Schmidt Thorne Usman Varga Walsh Yilmaz Zielinski "
        "Abbott Bianchi Castell Dubois Ellison Fontaine Garcia Hughes Ibrahim Jansen Kowalski Laurent Mensah "
        "Novak Osei Petrov Ricci Santos Tanaka Ueda Vidal Weber Xu Young Zamora Adeyemi Brennan Costa").split()
COUNTRY_NAMES = ("Aldoria Belmark Corvania Dastria Elvenia Fennmark Galdor Hestria Ilvania Jorvik Kestria "
                 "Lunmark Morvia Norrland Ostravia Pellonia Quarnia Rhodmark Selvania Tavria Ulmark Valdoria "
                 "Westmark Xandria Ysland Zorvia").split()
MEDIA = ("Radio", "Times", "Broadcasting", "Herald", "News")
YEARS = (2025, 2026)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def literal(text: str) -> str:
    """A Turtle string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def en(text: str) -> str:
    return literal(text) + "@en"


# ---------------------------------------------------------------------------- the shared world

@dataclass
class Person:
    iri: str  # prefixed name, oi:...
    name: str
    voice: str  # the short name used in figure IRIs ("mahmood")
    post: str = ""
    role: str = ""  # the report's words for the post
    organisation: str = ""
    holding: str = ""  # the oo:PostHolding of that post


@dataclass
class Story:
    agreement: str
    label: str  # "the UK–France returns agreement"
    countries: tuple  # (home country IRI, partner country IRI)
    home: str  # the home country's adjective ("UK")
    partner: str  # the partner's name ("France")
    events: dict  # kind -> event IRI
    dates: dict  # kind -> (year, month)
    indicators: dict  # kind -> indicator IRI
    minister: Person = None
    shadow: Person = None
    spokesperson: Person = None
    government: str = ""  # a government body that speaks as an organisation
    interview: str = ""  # an interview event
    venue: str = ""  # the broadcaster of that interview
    base: int = 0  # the running count of returns when reporting began
    rate: int = 0  # returns a month
    reports: int = 0  # how many reports belong to the story so far


@dataclass
class World:
    countries: list = field(default_factory=list)
    stories: list = field(default_factory=list)
    people: list = field(default_factory=list)
    turtle: list = field(default_factory=list)
    recorded: set = field(default_factory=set)  # the public record's markers written (_record)


CURATED_STORY = {
    "agreement": "oi:uk-france-returns-agreement",
    "events": {"announced": "oi:event-returns-agreement-announced", "agreed": "oi:event-returns-agreement-agreed",
               "in-force": "oi:event-returns-agreement-in-force", "began": "oi:event-returns-operations-began"},
    "indicators": {"returned": "oi:ind-returned-to-france", "admitted": "oi:ind-admitted-from-france",
                   "net": "oi:ind-net-inflow", "arrivals": "oi:ind-small-boat-arrivals",
                   "change": "oi:ind-small-boat-arrivals-change-pct"},
}
EVENT_TYPES = {"announced": "oo:AgreementAnnounced", "agreed": "oo:AgreementAgreed",
               "in-force": "oo:AgreementInForce", "began": "oo:OperationsBegan"}


def build_world(reports: int, rng: random.Random) -> World:
    world = World()
    out = world.turtle
    out.append(PREFIXES)
    out.append("# Synthetic shared entities written by `kg generate`: countries, organisations, people, posts and\n"
               "# holdings, agreements, events and indicators. Nothing here is about real people except the names\n"
               "# the curated data uses for the first story, which keeps the curated IRIs.\n")
    out.append(f"oi:public-record a oo:Source ;\n    rdfs:label {en('The public record')} ;\n"
               f"    oo:reason {en('Dates of appointments (synthetic corpus).')} .\n")
    # every indicator is a top concept of this scheme and says so on itself (skos:topConceptOf): the scheme lists
    # none, or it would join every report to every other (the release infers its skos:hasTopConcept)
    out.append(f"oi:indicators a skos:ConceptScheme ;\n    rdfs:label {en('indicators')} ;\n"
               f"    skos:prefLabel {en('indicators')} ;\n"
               f"    skos:definition {en('The quantities the figures measure (synthetic corpus).')} .\n")
    countries = max(2, min(len(COUNTRY_NAMES) * 8, reports // 20 + 2))
    for index in range(countries):
        if index == 0:
            iri, name, adjective = "oi:united-kingdom", "United Kingdom", "UK"
        elif index == 1:
            iri, name, adjective = "oi:france", "France", "French"
        else:
            base = COUNTRY_NAMES[(index - 2) % len(COUNTRY_NAMES)]
            suffix = "" if index - 2 < len(COUNTRY_NAMES) else f" {(index - 2) // len(COUNTRY_NAMES) + 1}"
            iri, name, adjective = f"oi:country-{index:04d}", base + suffix, base + suffix
        world.countries.append((iri, name, adjective))
        out.append(f"{iri} a oo:Country ; rdfs:label {en(name)} .\n")
        _country_institutions(world, index, iri, name, adjective, rng)
    stories = max(1, reports // 12)
    for index in range(stories):
        world.stories.append(_story(world, index, rng))
    return world


def _country_institutions(world: World, index: int, country: str, name: str, adjective: str, rng: random.Random):
    """A government, a ministry, two parties, a broadcaster, the official opposition; a minister, a shadow
    minister and an anonymous spokesperson, each with a post and a holding; a past minister with a closed
    holding."""
    out = world.turtle
    if index == 0:
        gov, ministry, ruling, opposition = "oi:uk-government", "oi:home-office", "oi:labour-party", "oi:conservative-party"
        media, official_opposition = "oi:lbc", "oi:official-opposition"
        labels = ("UK Government", "Home Office", "Labour Party", "Conservative Party", "LBC")
        opposition_label = "Official Opposition (UK House of Commons)"
    else:
        key = f"{index:04d}" if index > 1 else "france"
        gov, ministry = f"oi:government-{key}", f"oi:interior-ministry-{key}"
        ruling, opposition, media = f"oi:ruling-party-{key}", f"oi:opposition-party-{key}", f"oi:broadcaster-{key}"
        official_opposition, opposition_label = f"oi:official-opposition-{key}", f"{adjective} Official Opposition"
        labels = (f"Government of {name}", f"{adjective} Ministry of the Interior", f"{adjective} Unity Party",
                  f"{adjective} Reform Party", f"{adjective} {MEDIA[index % len(MEDIA)]}")
    # "The government said ...": the report's words for its own government (oos:SpeakerStatedShape)
    # which country each body and post belongs to: the public record's, marked (no report says it)
    located = f"oo:country {country} ; oo:inferredValue {_record(world, 'oo:country', country, 'Belongs to ' + name)}"
    out.append(f"{gov} a oo:GovernmentBody ; rdfs:label {en(labels[0])} ; skos:altLabel {en('the government')} ; {located} .\n"
               f"{ministry} a oo:GovernmentBody ; rdfs:label {en(labels[1])} ; {located} .\n"
               f"{ruling} a oo:PoliticalParty ; rdfs:label {en(labels[2])} ; {located} .\n"
               f"{opposition} a oo:PoliticalParty ; rdfs:label {en(labels[3])} ; {located} .\n"
               f"{media} a oo:MediaOrganisation ; rdfs:label {en(labels[4])} ; {located} .\n"
               # the shadow minister's post passes between parties with elections: the Opposition's, no party's
               # (oos:OppositionPostPartyShape); the holder's party is the holder's own, marked
               f"{official_opposition} a oo:Organisation ; rdfs:label {en(opposition_label)} ; {located} .\n")
    # a party membership is marked as the public record's (oos:MembershipMarkedShape): one marker per party
    for party, label in ((ruling, labels[2]), (opposition, labels[3])):
        out.append(f"{_membership(party)} a oo:InferredValue ;\n    rdfs:label {en('Membership of the ' + label + ' (public record)')} ;\n"
                   f"    oo:inferredProperty oo:memberOf ; rdf:value {party} ; oo:obtainedBy oo:PublicRecord ;\n"
                   f"    oo:reason {en('Party memberships the reports do not state (synthetic corpus).')} .\n")
    if index == 0:
        posts = (("oi:post-uk-home-secretary", "Home Secretary", ministry),
                 ("oi:post-shadow-home-secretary", "Shadow Home Secretary", official_opposition),
                 ("oi:post-home-office-spokesperson", "Home Office spokesperson", ministry))
        people = (("oi:shabana-mahmood", "Shabana Mahmood", "mahmood", "2025-09-05"),
                  ("oi:chris-philp", "Chris Philp", "philp", "2024-11-04"),
                  ("oi:home-office-spokesperson", "a Home Office spokesperson", "home-office-spokesperson", None))
        past = ("oi:yvette-cooper", "Yvette Cooper", "2024-07-05", "2025-09-05")
    else:
        key = f"{index:04d}" if index > 1 else "france"
        posts = ((f"oi:post-interior-minister-{key}", f"{adjective} Minister of the Interior", ministry),
                 (f"oi:post-shadow-interior-minister-{key}", f"{adjective} Shadow Minister of the Interior", official_opposition),
                 (f"oi:post-interior-spokesperson-{key}", f"{adjective} interior ministry spokesperson", ministry))
        people = []
        while len(people) < 2:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            slug = f"{first}-{last}-{index:04d}".lower()
            if people and people[0][2] == slug:
                continue
            people.append((f"oi:{slug}", f"{first} {last}", slug, f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}-01"))
        people.append((f"oi:spokesperson-{key}", f"a {adjective} interior ministry spokesperson", f"spokesperson-{key}", None))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        past = (f"oi:{first}-{last}-{index:04d}-former".lower(), f"{first} {last}", "2015-01-01", people[0][3])
    for post, label, organisation in posts:
        belongs = _record(world, "oo:inOrganisation", organisation, "A post of " + organisation[3:])
        out.append(f"{post} a oo:Post ; rdfs:label {en(label)} ; oo:inOrganisation {organisation} ; "
                   f"oo:inferredValue {belongs} ; {located} .\n")
    party = (ruling, opposition, ministry)
    staff = []
    for (iri, person_name, voice, start), (post, label, organisation), member in zip(people, posts, party):
        anonymous = start is None
        out.append(f"{iri} a oo:Official ; rdfs:label {en(person_name)}"
                   + (" ; oo:anonymous true" if anonymous else f" ; oo:memberOf {member} ; oo:inferredValue {_membership(member)}")
                   + " .\n")
        holding = f"oi:holding-{iri[3:]}-{post[8:]}"
        out.append(f"{holding} a oo:PostHolding ;\n    rdfs:label {en(person_name + ' as ' + label)} ;\n"
                   f"    oo:holder {iri} ; oo:post {post} ; oo:basis oi:public-record"
                   + (f' ;\n    oo:startDate "{start}"^^xsd:date' if start else "") + " .\n")
        staff.append(Person(iri, person_name, voice.rsplit("-", 1)[-1] if index == 0 and not anonymous else voice,
                            post, label, organisation, holding))
    iri, person_name, start, end = past
    out.append(f"{iri} a oo:Official ; rdfs:label {en(person_name)} ; oo:memberOf {ruling} ; oo:inferredValue {_membership(ruling)} .\n"
               f"oi:holding-{iri[3:]}-{posts[0][0][8:]} a oo:PostHolding ;\n"
               f"    rdfs:label {en(person_name + ' as ' + posts[0][1])} ;\n"
               f"    oo:holder {iri} ; oo:post {posts[0][0]} ;\n"
               f'    oo:startDate "{start}"^^xsd:date ; oo:endDate "{end}"^^xsd:date ; oo:basis oi:public-record .\n')
    world.people.append({"staff": staff, "government": gov, "media": media, "country": country})


def _record(world: World, prop: str, value: str, what: str) -> str:
    """The marker that `prop` `value` is the public record's (kg.validation.stated: no report says which country a
    body belongs to), written once for each; its IRI."""
    slug = value[3:] if value.startswith("oi:") else "-".join(value.strip('"').split())
    iri = f"oi:{prop[3:].lower()}-{slug}-record"
    if iri not in world.recorded:
        world.recorded.add(iri)
        world.turtle.append(f"{iri} a oo:InferredValue ;\n    rdfs:label {en(what + ' (public record)')} ;\n"
                            f"    oo:inferredProperty {prop} ; rdf:value {value} ; oo:obtainedBy oo:PublicRecord ;\n"
                            f"    oo:reason {en('The reports do not say it (synthetic corpus).')} .\n")
    return iri


def _membership(party: str) -> str:
    """The marker of a membership of `party` (a prefixed name), shared by its members."""
    return f"oi:membership-of-{party[3:]}"


def _story(world: World, index: int, rng: random.Random) -> Story:
    out = world.turtle
    if index == 0:
        home, partner = 0, 1
        agreement, events, indicators = CURATED_STORY["agreement"], dict(CURATED_STORY["events"]), dict(CURATED_STORY["indicators"])
        label = "UK–France 'one in, one out' returns agreement"
        dates = {"announced": (2025, 7), "agreed": (2025, 7), "in-force": (2025, 8), "began": (2025, 9)}
    else:
        home = rng.randrange(len(world.countries))
        partner = rng.randrange(len(world.countries) - 1)
        partner += partner >= home
        key = f"{index:05d}"
        agreement = f"oi:agreement-{key}"
        events = {kind: f"oi:event-{key}-{kind}" for kind in EVENT_TYPES}
        indicators = {kind: f"oi:ind-{key}-{kind}" for kind in ("returned", "admitted", "net", "arrivals", "change")}
        label = f"{world.countries[home][2]}–{world.countries[partner][1]} returns agreement ({key}, synthetic)"
        year, month = rng.choice((2023, 2024)), rng.randint(1, 12)
        dates = {}
        for kind in EVENT_TYPES:
            dates[kind] = (year, month)
            month += rng.randint(0, 2)
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    (home_iri, home_name, home_adj), (partner_iri, partner_name, _) = world.countries[home], world.countries[partner]
    status = literal(rng.choice(('pilot', 'in force')))
    # its parties and status, and which agreement its events are of: the public record's, marked
    marked = [_record(world, "oo:party", home_iri, f"A party: {home_name}"),
              _record(world, "oo:party", partner_iri, f"A party: {partner_name}"),
              _record(world, "oo:agreementStatus", status, f"Status: {status.strip(chr(34))}")]
    out.append(f"\n{agreement} a oo:Agreement ;\n    rdfs:label {en(label)} ;\n"
               f"    oo:party {home_iri}, {partner_iri} ;\n    oo:agreementStatus {status} ;\n"
               f"    oo:inferredValue {', '.join(marked)} .\n")
    of_agreement = _record(world, "oo:ofAgreement", agreement, f"An event of {agreement[3:]}")
    for kind, event in events.items():
        out.append(f"{event} a oo:Event ; rdfs:label {en(f'{label}: {kind}')} ;\n"
                   f"    oo:eventType {EVENT_TYPES[kind]} ; oo:ofAgreement {agreement} ; oo:inferredValue {of_agreement} .\n")
    what = {"returned": (f"people returned from {home_name} to {partner_name} under the agreement, cumulative",
                         f"returned to {partner_name}", "true"),
            "admitted": (f"people admitted to {home_name} from {partner_name} under the agreement, cumulative",
                         f"admitted from {partner_name}", "true"),
            "net": ("net inflow under the agreement", "net inflow", "false"),
            "arrivals": (f"irregular arrivals in {home_name} in a calendar year", f"arrivals in {home_name}", "false"),
            "change": (f"change in annual irregular arrivals in {home_name}, per cent", "annual arrivals change (%)", "false")}
    for kind, indicator in indicators.items():
        pref, short, cumulative = what[kind]
        counts = f" ; oo:countsFrom {agreement}" if kind in ("returned", "admitted", "net") else ""
        out.append(f"{indicator} a oo:Indicator ; skos:inScheme oi:indicators ; skos:topConceptOf oi:indicators ;\n"
                   f"    skos:prefLabel {en(pref)} ;\n"
                   f"    rdfs:label {en(short)} ;\n"
                   f"    skos:definition {en('Number of ' + pref + ' (synthetic corpus).')} ;\n"
                   f"    oo:cumulative {cumulative}{counts} .\n")
    staff = world.people[home]
    minister, shadow, spokesperson = staff["staff"]
    interview = f"oi:event-{index:05d}-interview" if index else "oi:event-mahmood-lbc-interview"
    # who took part and where: the public record's, marked (a report names the minister, not always the broadcaster)
    marked = [_record(world, "oo:venue", staff["media"], f"Broadcast by {staff['media'][3:]}"),
              _record(world, "oo:participant", minister.iri, f"{minister.name} took part")]
    out.append(f"{interview} a oo:Interview ; rdfs:label {en(f'{minister.name} interview')} ;\n"
               f"    oo:eventType oo:InterviewEvent ; oo:venue {staff['media']} ; oo:participant {minister.iri} ;\n"
               f"    oo:inferredValue {', '.join(marked)} .\n")
    return Story(agreement, label, (home_iri, partner_iri), home_adj, partner_name, events, dates, indicators,
                 minister, shadow, spokesperson, staff["government"], interview, staff["media"],
                 base=281 if index == 0 else rng.randint(10, 400), rate=rng.randint(5, 60))


# ------------------------------------------------------------------------------ one report

class Text:
    """An article built sentence by sentence, remembering where each sentence starts."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def add(self, sentence: str, paragraph: bool = True) -> tuple[int, int, str]:
        if self.parts:
            gap = "\n\n" if paragraph else " "
            self.parts.append(gap)
            self.length += len(gap)
        start = self.length
        self.parts.append(sentence)
        self.length += len(sentence)
        return start, self.length, sentence

    def text(self) -> str:
        return "".join(self.parts) + "\n"


def span(report: str, where: tuple[int, int, str], clause: str | None = None) -> str:
    start, end, sentence = where
    if clause is not None:
        offset = sentence.index(clause)
        start, end, sentence = start + offset, start + offset + len(clause), clause
    return (f"[ a oo:EvidenceSpan ; oa:hasSource {report} ;\n        oa:exact {literal(sentence)} ;\n"
            f"        oa:start {start} ; oa:end {end} ]")


def thousands(number: int) -> str:
    return f"{number:,}"


def write_report(index: int, story: Story, rng: random.Random) -> tuple[str, str, str]:
    """One report: (file name of its text, its text, its Turtle)."""
    report = f"oi:r{index:03d}"
    year = 2026 if index == 0 else rng.choice(YEARS)
    months = story.reports * 2 + (0 if index == 0 else rng.randint(0, 3))
    first = story.reports == 0  # the story's first report: its words are the interview's and events' own
    story.reports += 1
    returned = story.base + story.rate * months if index else 281
    admitted = returned + (69 if index == 0 else rng.randint(-20, 120))
    net = admitted - returned
    stated_net = net + (1 if index == 0 or rng.random() < 0.2 else 0)  # speakers get sums wrong
    arrivals_last = 41472 if index == 0 else rng.randint(5000, 60000)
    arrivals_before = 36816 if index == 0 else rng.randint(5000, 60000)
    arrivals_before += arrivals_before == arrivals_last
    minister, shadow, spokesperson = story.minister, story.shadow, story.spokesperson
    text, facts = Text(), []
    headline = text.add(f"{story.home} has returned {returned} people to {story.partner} under the returns deal, "
                        f"{minister.role} says")
    lead = text.add(f"The {story.home} has returned {returned} people to {story.partner} so far under the {story.label}, "
                    f"the {minister.role}, {minister.name}, has said.")
    quote_words = f"We have had around {admitted} people come in and {returned} have been removed"
    quoted = text.add(f"‘{quote_words},’ {minister.name} told {'LBC' if index == 0 else 'a broadcaster'} in an interview.")
    shadow_words = f"a net inflow of {stated_net}"
    shadow_sentence = text.add(f"{shadow.role} {shadow.name} said the scheme had resulted in ‘{shadow_words}’ people.")
    net_sentence = text.add(f"That is a net inflow of {net} under a scheme designed to balance the two.", paragraph=False)
    arrivals_sentence = text.add(f"Irregular arrivals reached {thousands(arrivals_last)} in {year - 1}, "
                                 f"compared with {thousands(arrivals_before)} in {year - 2}.")
    change = round((arrivals_last - arrivals_before) * 100 / arrivals_before)
    change_words = f"{abs(change)} per cent {'higher' if change >= 0 else 'lower'}"
    change_sentence = text.add(f"That is {change_words} than the year before.", paragraph=False)
    vague_sentence = text.add(f"Officials said dozens more were waiting in {story.partner} to be brought over.")
    spokes_sentence = text.add(f"A {spokesperson.role} said the numbers would rise as the pilot expands.")
    government_sentence = text.add("The government said the agreement was working.")
    agreed_year, agreed_month = story.dates["agreed"]
    if rng.random() < 0.15:  # some reports misdate the agreement by a month
        agreed_month = agreed_month % 12 + 1
    agreed_words = f"in {MONTHS[agreed_month - 1]} {agreed_year}"
    agreed_sentence = text.add(f"The arrangement was agreed {agreed_words} and came into force soon after.")
    body = text.text()
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    file_name = f"{index:03d}_{digest[:16]}.txt"
    voice = minister.voice
    fig = lambda what, value, who: f"{report}-fig-{what}-{value}-{who}"  # noqa: E731
    f_returned = fig("returned", returned, voice)
    f_returned_report = fig("returned", returned, "report")
    f_admitted = fig("admitted", admitted, voice)
    f_net_shadow = fig("net-inflow", stated_net, shadow.voice)
    f_net_report = fig("net-inflow", net, "report")
    f_arrivals = fig("arrivals", arrivals_last, "report")
    f_arrivals_before = fig("arrivals", arrivals_before, "report")
    f_change = fig("arrivals-change", change, "report")
    f_vague = fig("waiting", "dozens", "report")
    label_tail = f"(report {index:03d}{', synthetic' if index else ''})"

    facts.append(f"""{report} a oo:Report ;
    rdfs:label {en(f"Report {index:03d}{' (synthetic)' if index else ''}: {headline[2]}")} ;
    schema:headline {literal(headline[2])} ;
    oo:sourceFileName {literal(file_name)} ;
    oo:sha256 {literal(digest)} ;
    oo:characterCount {len(body)} ;
    schema:inLanguage "en" ;
    schema:about {story.agreement} ;
    oo:inferredValue [ a oo:InferredValue ;
        oo:inferredProperty schema:datePublished ;
        oo:obtainedBy oo:CuratorsConvention ;
        rdf:value "{year}"^^xsd:gYear ;
        oo:reason {literal(f"Gives the arrivals of {year - 1} as a full past year.")} ] .
""")

    def figure(iri, kind, label, value, unit, indicator, comparator, stated, evidence, extra=""):
        value_line = f"    oo:value {value} ;\n" if value is not None else ""
        facts.append(f"""{iri} a {kind} ;
    rdfs:label {en(label + ' ' + label_tail)} ;
{value_line}    oo:unit {unit} ;
    oo:indicator {indicator} ;
    oo:comparator {comparator} ;
    oo:statedAs {literal(stated)} ;
{extra}    oo:inReport {report} ;
    oo:evidence {evidence} .
""")

    since = '    oo:periodAsWritten "so far" ;\n'  # a count under the agreement to date: no start event
    figure(f_returned, "oo:Figure", f"{returned} returned ({minister.name})", returned, "oo:People",
           story.indicators["returned"], "oo:Exactly", str(returned), span(report, quoted, quote_words))
    figure(f_returned_report, "oo:Figure", f"{returned} returned (report's voice)", returned, "oo:People",
           story.indicators["returned"], "oo:Exactly", str(returned), span(report, lead), since)
    figure(f_admitted, "oo:Figure", f"Around {admitted} admitted ({minister.name})", admitted, "oo:People",
           story.indicators["admitted"], "oo:Around", f"around {admitted}", span(report, quoted, quote_words),
           '    oo:qualifierAsWritten "around" ;\n')
    facts.append(f"""{report}-drv-net-inflow-{shadow.voice} a oo:Derivation ;
    rdfs:label {en(f"Net inflow: {admitted} admitted - {returned} returned ({shadow.name}) {label_tail}")} ;
    oo:method oo:Difference ;
    oo:input {f_admitted} ;
    oo:baseline {f_returned} ;
    oo:derivedBy {shadow.iri} .
{report}-drv-net-inflow a oo:Derivation ;
    rdfs:label {en(f"Net inflow: {admitted} admitted - {returned} returned {label_tail}")} ;
    oo:method oo:Difference ;
    oo:input {f_admitted} ;
    oo:baseline {f_returned_report} ;
    oo:derivedBy {report} .
""")
    # The shadow minister gives a number and no inputs: that it is the minister's two figures' difference
    # is the curators' reading, marked (oos:DerivationByAgentShape).
    facts.append(f"""{report}-inferred-net-inflow-inputs-{shadow.voice} a oo:InferredValue ;
    oo:inferredProperty oo:derivation ;
    rdf:value {report}-drv-net-inflow-{shadow.voice} ;
    oo:obtainedBy oo:SameReport ;
    oo:reason {literal(f"{shadow.name} gives {stated_net} and no inputs; {minister.name}'s {admitted} and {returned} "
                       f"in the same report differ by {net}.")} ;
    oo:evidence {span(report, quoted, quote_words)} .
""")
    figure(f_net_shadow, "oo:DerivedFigure", f"Net inflow of {stated_net} ({shadow.name})", stated_net, "oo:People",
           story.indicators["net"], "oo:Exactly", shadow_words, span(report, shadow_sentence, shadow_words),
           f"    oo:derivation {report}-drv-net-inflow-{shadow.voice} ;\n"
           f"    oo:inferredValue {report}-inferred-net-inflow-inputs-{shadow.voice} ;\n")
    figure(f_net_report, "oo:DerivedFigure", f"Net inflow of {net}", net, "oo:People", story.indicators["net"],
           "oo:Exactly", f"net inflow of {net}", span(report, net_sentence),
           f"    oo:derivation {report}-drv-net-inflow ;\n")
    for iri, value, when, words in ((f_arrivals, arrivals_last, year - 1, thousands(arrivals_last)),
                                    (f_arrivals_before, arrivals_before, year - 2, thousands(arrivals_before))):
        figure(iri, "oo:Figure", f"{words} arrivals in {when}", value, "oo:People", story.indicators["arrivals"],
               "oo:Exactly", words, span(report, arrivals_sentence),
               f'    oo:referenceYear "{when}"^^xsd:gYear ;\n    oo:periodAsWritten {literal(f"in {when}")} ;\n')
    facts.append(f"""{report}-drv-arrivals-change a oo:Derivation ;
    rdfs:label {en(f"Arrivals change: {arrivals_last} against {arrivals_before} {label_tail}")} ;
    oo:method oo:PercentageChange ;
    oo:input {f_arrivals} ;
    oo:baseline {f_arrivals_before} ;
    oo:derivedBy {report} .
""")
    figure(f_change, "oo:DerivedFigure", f"Arrivals {change_words}", change, "oo:Percent", story.indicators["change"],
           "oo:Exactly", change_words, span(report, change_sentence),
           f'    oo:referenceYear "{year - 1}"^^xsd:gYear ;\n    oo:dateInferred true ;\n'  # "than the year before": no year
           f'    oo:derivation {report}-drv-arrivals-change ;\n')
    figure(f_vague, "oo:Figure", f"Dozens waiting in {story.partner}", None, "oo:People", story.indicators["admitted"],
           "oo:Vague", "dozens more", span(report, vague_sentence), '    oo:qualifierAsWritten "dozens" ;\n')

    def statement(number, kind, speaker, words, evidence, mentions=(), extra=""):
        post = (f"    oo:speakerPost {speaker.post} ;\n    oo:roleAsWritten {literal(speaker.role)} ;\n"
                if isinstance(speaker, Person) else "")
        who = speaker.iri if isinstance(speaker, Person) else speaker
        name = speaker.name if isinstance(speaker, Person) else "the government"
        voice_slug = speaker.voice if isinstance(speaker, Person) else "government"
        mentioned = f"    oo:mentionsFigure {', '.join(mentions)} ;\n" if mentions else ""
        facts.append(f"""{report}-st-{voice_slug}-{number} a {kind} ;
    rdfs:label {en(f"{name}: {words if len(words) <= 60 else words[:61].rsplit(' ', 1)[0]} {label_tail}")} ;
    oo:speaker {who} ;
{post}    {'oo:quote' if kind == 'oo:DirectQuote' else 'oo:gist'} {literal(words)} ;
{extra}    oo:date "{year}"^^xsd:gYear ; oo:dateInferred true ;
    oo:inReport {report} ;
{mentioned}    oo:about {story.agreement} ;
    oo:evidence {evidence} .
""")

    statement(1, "oo:ReportedStatement", minister, f"{story.home} has returned {returned} people so far.",
              span(report, lead), (f_returned,))
    statement(2, "oo:DirectQuote", minister, quote_words, span(report, quoted), (f_admitted, f_returned),
              f"    oo:occasion {story.interview} ;\n    oo:inferredValue {report}-inferred-minister-post ;\n")
    statement(1, "oo:DirectQuote", shadow, shadow_words, span(report, shadow_sentence), (f_net_shadow,))
    statement(1, "oo:ReportedStatement", spokesperson, "The numbers would rise as the pilot expands.",
              span(report, spokes_sentence))
    statement(1, "oo:ReportedStatement", story.government, "The agreement is working.", span(report, government_sentence))
    facts.append(f"""{report}-date-agreed a oo:EventDate ;
    rdfs:label {en(f"Agreed {agreed_words} {label_tail}")} ;
    oo:event {story.events['agreed']} ;
    oo:date "{agreed_year}-{agreed_month:02d}"^^xsd:gYearMonth ;
    oo:dateAsWritten {literal(agreed_words)} ;
    oo:inReport {report} ;
    oo:evidence {span(report, agreed_sentence)} .
""")
    facts.append(f"""{story.interview} oo:evidence {span(report, quoted)} .
{report}-inferred-minister-post a oo:InferredValue ;
    oo:inferredProperty oo:speakerPost ;
    rdf:value {minister.post} ;
    oo:obtainedBy oo:SameReport ;
    oo:reason {literal("The quote's sentence names the speaker only; the report names the role in its first paragraph.")} ;
    oo:evidence {span(report, lead, f"the {minister.role}, {minister.name}")} .
""")
    facts.append(f"""{minister.holding} oo:evidence
    {span(report, lead, f"the {minister.role}, {minister.name}")} .
{shadow.holding} oo:evidence
    {span(report, shadow_sentence, f"{shadow.role} {shadow.name}")} .
""")
    if not first:
        # No report says its interview or event is the one the story's first report tells of: reading them as
        # one node is the curators', marked on the node (oos:DescribedAcrossReportsShape)
        for node, what, where in ((story.interview, "interview", quoted), (story.events["agreed"], "agreed", agreed_sentence)):
            facts.append(f"""{node} oo:describedIn {report} ; oo:inferredValue {report}-across-reports-{what} .
{report}-across-reports-{what} a oo:InferredValue ;
    oo:inferredProperty oo:describedIn ;
    rdf:value {report} ;
    oo:obtainedBy oo:CuratorsConvention ;
    oo:reason {literal(f"The report's words are read as the {what} the story's first report tells of (synthetic corpus).")} ;
    oo:evidence {span(report, where)} .
""")
    turtle = (PREFIXES + f"\n# Report {index:03d} (synthetic, written by `kg generate`): its text is texts/{file_name}.\n\n"
              + "\n".join(facts))
    return file_name, body, turtle


# ------------------------------------------------------------------------------ the corpus

def generate(project: Project, out: Path, reports: int, seed: int = 0, progress=lambda message: None) -> dict:
    """Write a project directory with `reports` synthetic reports to `out`; the same seed gives the same bytes.

    The corpus is written into a folder of its own (beside `out`, or in it if it is an empty folder), made
    readable (0644 files, 0755 folders, whatever the umask) and moved to `out` when whole: a run that fails
    halfway (a full disk) leaves `out` as it was, where it left half a corpus that the next run refused."""
    if reports < 1:
        raise KGError("--reports must be at least 1")
    out = Path(out)
    home, prefix = (out, ".generate-") if out.is_dir() else (out.parent, f".{out.name}.generate-")
    remove_abandoned(home, prefix)  # (those of runs that were killed)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):  # nothing of anyone's is replaced or mixed in
        raise KGError(f"{out} is not empty: generate into a new (or empty) directory")
    rng = random.Random(seed)
    world = build_world(reports, rng)
    make_folders(home)  # (what is in the way, a file where a folder must be, named as it is)
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=home))
        _write_corpus(project, staging, world, reports, rng, progress)
        make_readable(staging)
        if home == out:  # (the folder given stays the one the user made, and the one a shell may be in)
            for part in staging.iterdir():
                part.rename(out / part.name)
            staging.rmdir()
        else:
            staging.rename(out)
    except BaseException as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if not isinstance(error, OSError):
            raise
        raise KGError(f"cannot write the corpus to {out}: {error.strerror or describe_exception(error)}; "
                      f"nothing was left there") from None
    return {"reports": reports, "stories": len(world.stories), "countries": len(world.countries), "seed": seed}


def _write_corpus(project: Project, out: Path, world: World, reports: int, rng: random.Random, progress) -> None:
    """The corpus project in the folder `out`: the model and queries of `project`, data/ and texts/."""
    data = out / "data"
    (out / "ontology").mkdir()
    for source in (project.ontology_file, project.shapes_file):
        shutil.copyfile(source, out / "ontology" / source.name)
    # (file by file: copytree said a full disk as a list of every file it could not copy)
    for source in sorted(path for path in project.queries_dir.rglob("*") if path.is_file()):
        target = out / "queries" / source.relative_to(project.queries_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    data.mkdir()
    (out / "texts").mkdir()
    (data / "shared.ttl").write_text("\n".join(world.turtle), encoding="utf-8")
    width = max(3, len(str(reports - 1)))
    for index in range(reports):
        story = world.stories[index] if index < len(world.stories) else world.stories[rng.randrange(len(world.stories))]
        file_name, body, turtle = write_report(index, story, rng)
        (out / "texts" / file_name).write_text(body, encoding="utf-8")
        (data / f"report-{index:0{width}d}.ttl").write_text(turtle, encoding="utf-8")
        if index % 1000 == 999:
            progress(f"wrote {index + 1} reports")
