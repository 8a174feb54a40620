"""Who said each quotation, read as a careful reader reads it (`kg extract`).

For each quotation, in order:

1. the speaker written right after it: `…,” she said`, `…,’ said Ahmed, a 24-year-old`, `…,” the source
   said`, `…,” according to the Home Office`;
2. else the subject of the speech verb before it in its sentence: the name right before the verb
   (past an apposition, "has", "was quoted as"), or, when the verb follows a clause ("X confirmed he
   had … and said he would be returned “…”", "X dismissed the deal, saying “…”"), the sentence's
   grammatical subject, never a pronoun inside the reported speech;
3. else, for a quotation that opens its paragraph or follows another in the same paragraph, the
   speaker of the quotation or statement just before;
4. else it is still drafted, with an oo:UnresolvedSpeaker that lists the candidate mentions.

Then what the speaker words refer to:

- a title (“the Home Secretary”) is the person the article itself names in that post ("Home Secretary
  Yvette Cooper", "Laurent Nuñez, France's new interior minister", "Priya Rahman was appointed Home
  Secretary"), else the holder on the report's date (post holdings in data/shared.ttl), else the one
  holder the article names, else it stays a role (an anonymous agent described by the title);
- a pronoun is the grammatical subject of the nearest sentence before it with a person of the right
  gender (Ms/Mr, first names, spokeswoman), not merely the last name seen; a question put to someone
  ("Asked whether Starmer …") is not a subject;
- role words refer back to the agent the article described that way ("the judge" to Mr Justice
  Sheldon, "the association" to Utopia 56, "the source" to "a French interior ministry source"); a
  role the article has not used before describes a new anonymous agent, linked to its organisation;
- a spokesperson is never their principal ("the Prime Minister's spokesman … he said" is the spokesman).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from rdflib.namespace import RDF

from kg.extract.entities import (
    ORG_KINDS, PERSON_ROLES, SHARED, SPEECH_VERBS, TITLE_WORDS, Entity, Gazetteer, Mention, content_words, gender_from_role,
    new_entity, spokesperson_of, role_only_speaker, slug,
)
from kg.extract.first_names import first_name_gender
from kg.extract.text import FULL_NAME_LABEL, Quotation, caption_like, credited_caption, paragraphs, sentences
from kg.core.namespaces import OO

_VERB = re.compile(rf"\b({SPEECH_VERBS})\b", re.IGNORECASE)
_ATTITUDE = re.compile(r"\b(?:want|wants|wanted|hope|hopes|hoped|plan|plans|planned|believe|believes|believed|fear|"
                       r"fears|feared|expect|expects|expected|intend|intends|intended|vow|vowed|promise|promised|"
                       r"aim|aims|hopes? to|seek|seeks|sought)\b", re.IGNORECASE)  # a weaker sign of the speaker
_AUX = re.compile(r"(?:\s+(?:has|have|had|was|were|is|are|also|later|previously|then|further|reportedly|repeatedly|"
                  r"again|once|been|being|quoted as|last week|on \w+day|yesterday|today|tonight|this week|since|now|"
                  r"\w+ly))*\s*$", re.IGNORECASE)
_INTRO = re.compile(r"^(?:In|On|At|After|Before|When|While|Whilst|Speaking|Asked|Responding|Writing|Following|Despite|"
                    r"Under|Since|As|Although|Though|If|During|Earlier|Later|Separately|Meanwhile|However|Yesterday|"
                    r"Today|Last|Addressing|Appearing|Interviewed|Questioned|Pressed|Challenged|Giving|Visiting|"
                    r"According|From|Outside|Inside|Back|Now|Instead|Elsewhere|Alongside|With|Without|Amid|Over|"
                    r"Across|Throughout|Within|Once|Having|Announcing|Defending|Reacting|Commenting|Insisting|"
                    r"Explaining|Standing|Sitting|Talking|Turning)\b")
_QUESTIONED = re.compile(r"^(?:Asked|Questioned|Pressed|Challenged|Quizzed)\b")
_CONJUNCTION = re.compile(r"^(?:But|And|Yet|So|Still|Indeed|Instead|However|Meanwhile|Separately|Now|Then)\b,?\s+")
_OBJECT_BEFORE = re.compile(r"\b(?:told|to|on|with|by|from|against|of|for|about|at|in|into|after|than|met|"
                            r"meeting|interviewed|replaced|replacing|like|as|under|between)\s+(?:the\s+)?"
                            r"(?:(?:north|south|east|west)(?:ern|-eastern|-western)\s+)?$", re.I)
_DESCRIBED = re.compile(r"(?:(?:the|British|French|UK|Britain['’]s|France['’]s|former|new|then)\s+){1,3}", re.I)
_MEMBERS_OF = re.compile(r"\b(?:campaigners|volunteers|activists|staff|workers|lawyers) (?:at|from|with|for) (?:the )?$",
                        re.I)  # "Campaigners at Care4Calais said": the organisation speaks
_VERBISH = re.compile(r"\b(?:is|was|are|were|has|have|had|will|would|could|can|should|may|might|must|did|does|do|"
                      r"said|says|told|added|made|came|went|got|took|gave|met|saw|called|urged)\b")
_ORG_ROLE = re.compile(rf"\b({ORG_KINDS})\b", re.I)
_PHRASE = r"(?:[\w'’.-]+\s+){0,5}?[\w'’-]+"  # a short noun phrase: the words naming a speaker
_PHRASE_END = r"(?=\s+(?:who|which|whose|that|told|to|in|at|on|from|as|after|when|while|and|but|with|near)\b|" \
              r"\s*[,;:.!?“”\"‘’(—–]|\s+-\s|\s*$)"
_REPORTING = re.compile(r"\b(?:said|says|told|tells|added|adds|adding|stated|stating|noted|notes|noting|explained|"
                        r"explaining|revealed|revealing|admitted|admitting|acknowledged|acknowledging|insisted|insists|"
                        r"insisting|claimed|claims|claiming|warned|warns|warning|argued|arguing|confirmed|confirming|"
                        r"suggested|suggesting|stressed|stressing|emphasised|emphasized|announced|announcing|declared|"
                        r"declaring|predicted|predicting|conceded|conceding|disclosed|maintained|maintaining|"
                        r"pointed out|pointing out|replied|responded|saying|estimated|estimating|wrote)\b", re.I)
"""Verbs whose words after them are what was said (reported speech), not an object ("welcomed 350 people")."""
_REPORT_VOICE = re.compile(r";|\s[—–-]\s|,\s+(?:while|whereas|although|though|as|when|and|but|after|before|"
                           r"since|which|according to|figures show|data show|official figures|\w+ing)\b|"
                           r"\s(?:while|whereas)\s|\sas\s+(?!(?:many|much|well|soon|long|far|of|part|a result|high|low|"
                           r"few|little|expected|planned)\b)", re.I)
"""Where words reported beside a quotation give way to the report's own: "…, while 41,000 people crossed", "…
as crossings top 25,000", "…, pointing to Home Office figures showing almost 2,000" (a participle: what the
speaker did, not said; a reporting one, "…, adding that", starts words of its own)."""
_DESCRIBED_SPEAKER = re.compile(r",\s+(?:who|whose|which|a|an|the)\s[^,;:“”\"«»]{1,160},")
"""What the report says of a speaker between commas, right after the name ("Pierre Roux, who has run the kitchen for
ten years, said", "According to Pierre Roux, a volunteer with 12 years in the camps, …"): the report's words."""
_RELATIVE_REPORT = re.compile(r",\s+(?:who|which)\s+(?:also\s+|has\s+|have\s+|had\s+)?(?:said|says|say|claimed|claims|"
                              r"argued|argues|insisted|insists|estimated|estimates|put|puts)\b")
"""A relative clause that reports someone else's words in a reported sentence: "The Home Office said 1,200 had been
returned, a figure disputed by charities, who said the true number was nearer 900": the 900 is the charities'."""
_CLAIM = re.compile(r"(?P<owner>\b(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[A-Z][\w’'-]*\s+)*[\w’'-]+)['’]s\s+(?:claims?|assertions?|"
                    r"estimates?|suggestion|boast|insistence)\s+that\s+")
"""Someone's claim in another's sentence: "the government's claim that 5,000 people had been removed"."""
_DATA = re.compile(r"(?i:\b(?:figures|data|statistics|stats|numbers|analysis|research|documents|records|study|survey|"
                   r"polls?|reports?))$")
"""Words for data as a statement's subject ("new figures reveal"): the report's reading of them, no speaker."""
_CALL_OUT = re.compile(r"\brespond(?:ed|s|ing)?\s+to\s+(?:(?:more than|over|about|around|some|nearly|almost|up to)\s+)?"
                       r"(?:[\d,.]+(?:\s+(?:million|thousand|hundred))?\s+|[\w-]+\s+){0,2}?(?:calls|incidents|emergencies|"
                       r"alarms|call-outs|callouts|fires|crashes|collisions)\b", re.IGNORECASE)
"""Work done, not words: "Officers responded to 1.2 million calls", "Firefighters responded to 300 incidents"."""
_APPOINTED = re.compile(r"(?:,\s+who)?\s+(?:(?:was|is|has been|had been)\s+(?:appointed|named|made)(?:\s+as)?|became|"
                        r"has become|becomes)\s+(?:the\s+)?(?:new\s+)?")
"""Between a person and the post the text says they took: "Jane Doe was appointed Home Secretary"."""
_JOINED = re.compile(r",\s*|,?\s+(?:and|&)\s+(?:(?:the|a|an)\s+)?")
"""Between speakers named together as one subject: "Tom Reed, Jo Barker and Amy Dale", "X & Y"."""
_JOINED_UNNAMED = re.compile(rf",?\s+(?:and|&)\s+(?:the\s+)?([A-Z][\w'’&-]*(?:\s+[A-Z0-9][\w'’&-]*){{0,4}})"
                             rf"(?=\s*:|\s+(?:\w+ly\s+)?(?:has\s+|have\s+|had\s+)?(?:{SPEECH_VERBS})\b)")
"""The last of several speakers named together when the rules know no name there: "… and Care4Calais said"."""
_UNNAMED_JOINED = re.compile(r"\s*(?:[Tt]he\s+)?([A-Z][\w'’&-]*(?:\s+[A-Z0-9][\w'’&-]*){0,4}),?\s+(?:and|&)\s+(?:the\s+)?")
"""The first of several speakers named together, opening the sentence, when the rules know no name there."""
_BULLET = re.compile(r"(?:[-•*–—▪·‣◦]|\d{1,2}[.)])[ \t]+(?=\S)")  # a list's item: "- 312 people returned", "2. …"
_NAMING = r"(?:(?:an?|one|another|the)\s+\S|[A-Z])(?!(?:he|she|it|they|we|I|this|that|which)\b)"  # not a pronoun


@dataclass
class Attribution:
    """A quotation's speaker: an entity (resolved), the role and post as written, and how it was found;
    or no entity, with the words that might name the speaker."""

    entity: Entity | None
    role: str = ""
    post: object = None
    how: str = ""
    candidates: list = field(default_factory=list)  # words as written
    candidate_entities: list = field(default_factory=list)


@dataclass
class Statement:
    """A reported statement: a sentence with a speaker and a speech verb and no quotation; or, in a sentence
    that also quotes, the words a speech verb reports outside the quotation marks (`beside`: "Philp called it
    “a disgrace”, adding that 41,000 people crossed"), its `regions` those words."""

    start: int
    end: int
    attribution: Attribution
    regions: list = field(default_factory=list)  # (start, end) of the words in the speaker's voice
    beside: bool = False
    unresolved: bool = False  # no speaker the rules can name: drafted only when it states a figure, whose voice it is

    def __post_init__(self):
        self.regions = self.regions or [(self.start, self.end)]


class Reader:
    """Reads one report's quotations and reported statements with their speakers."""

    def __init__(self, text: str, mentions: list[Mention], gazetteer: Gazetteer, quotes: list[Quotation],
                 all_quotes: list[Quotation], report_date: str | None, new_entities: dict, report_id: str):
        self.text, self.gazetteer, self.new_entities, self.report_id = text, gazetteer, new_entities, report_id
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.quotes, self.all_quotes = quotes, all_quotes
        self.date = report_date
        self.sentences = sentences(text)
        self.paragraphs = paragraphs(text)
        self._sentence_starts = [a for a, _ in self.sentences]  # (sorted, as the spans are: for bisect)
        self._paragraph_starts = [a for a, _ in self.paragraphs]
        self._mention_starts = [m.start for m in self.mentions]
        self.named_posts: dict = {}  # post IRI -> [(position, entity)], from "Home Secretary Yvette Cooper"
        self.named_roles: list = []  # (position, role words, entity) from titles and appositions
        self._resolved: dict = {}  # id(mention) -> (entity, role, post)
        self._subjects: dict = {}
        self.speaker_of: dict = {}  # quotation start -> Attribution
        self.statements: list[Statement] = []
        for m in self.mentions:
            if m.entity is not None and m.entity.kind == "person" and m.post is not None:
                self.named_posts.setdefault(m.post, []).append((m.start, m.entity))
            if m.entity is not None and (m.role or m.entity.role):
                self.named_roles.append((m.start, (m.role or m.entity.role).lower(), m.entity))
        self._replaced_as()

    # ------------------------------------------------------------------ where things are

    def in_quote(self, position: int) -> bool:
        return any(q.start <= position < q.end and (q.contains(position) or len(q.parts) == 1)
                   for q in self.all_quotes)

    def sentence_index(self, position: int) -> int:
        """The sentence holding `position`, else the last that starts before it (found by bisection: it is
        asked for each quotation, mention and figure)."""
        return max(bisect_right(self._sentence_starts, position) - 1, 0)

    def paragraph_index(self, position: int) -> int:
        """The paragraph holding `position` (its end included), else the first."""
        i = bisect_right(self._paragraph_starts, position) - 1
        return i if i >= 0 and position <= self.paragraphs[i][1] else 0

    def speakers_in(self, start: int, end: int) -> list[Mention]:
        among = self.mentions[bisect_left(self._mention_starts, start):bisect_left(self._mention_starts, end)]
        return [m for m in among if m.end <= end and m.can_speak and not self.in_quote(m.start)]

    def mention_at(self, position: int, end: int) -> Mention | None:
        """The speaker-capable mention that starts at `position` (before `end`)."""
        return next((m for m in self.mentions if m.start == position and m.end <= end and m.can_speak), None)

    # ------------------------------------------------------------------ the walk

    def run(self) -> None:
        last: tuple[Quotation, Attribution] | None = None
        by_sentence: dict = {}
        for q in self.quotes:
            by_sentence.setdefault(self.sentence_index(q.start), []).append(q)
        quoted = set()
        for q in self.quotes:
            for a, b in q.parts:
                quoted.update(range(self.sentence_index(a), self.sentence_index(max(a, b - 1)) + 1))
        for index, sentence in enumerate(self.sentences):
            if index not in by_sentence:
                if index not in quoted:
                    self._reported(index)
                    self._claimed(index)
                continue
            for q in by_sentence[index]:
                attribution = self.attribute(q, last)
                self.speaker_of[q.start] = attribution
                if attribution.entity is not None or attribution.how == "unresolved":
                    last = (q, attribution)  # an unresolved one too: a quotation after it is never an earlier one's
            self._reported_beside(index, by_sentence[index])
        self._headline_as_lede()

    def _headline_as_lede(self) -> None:
        """A headline quotes its lede: a headline quotation whose words the first paragraphs quote again is
        the speaker the lede's quotation has ("Council leader warns city 'cannot take more'" / "The leader of
        Sheffield City Council has warned that the city 'cannot take more'"), when the two disagree."""
        def norm(q):
            return re.sub(r"\W+", " ", q.inner(self.text)).strip().lower()
        for q in self.quotes:
            if self.paragraph_index(q.start) != 0:
                continue
            again = next((x for x in self.quotes if 1 <= self.paragraph_index(x.start) <= 2 and norm(x) == norm(q)
                          and self.speaker_of.get(x.start) is not None and self.speaker_of[x.start].entity is not None
                          and self.speaker_of[x.start].entity.kind == "person"), None)
            mine = self.speaker_of.get(q.start)
            if again is not None and (mine is None or mine.entity is None or mine.entity.kind != "person"):
                a = self.speaker_of[again.start]
                self.speaker_of[q.start] = Attribution(a.entity, a.role, a.post, "the headline repeats the lede's quotation")

    def attribute(self, q: Quotation, last) -> Attribution:
        index = self.sentence_index(q.start)
        start, _ = self.sentences[index]
        end_sentence = self.sentences[self.sentence_index(max(q.end - 1, q.start))]
        who = self.speaker_after(q.end, end_sentence[1]) if q.closed else None
        how = "after"
        if who is None and len(q.parts) > 1 and self.paragraph_index(q.parts[1][0]) == q.paragraph:
            who = self.speaker_after(q.parts[0][1] + 1, q.parts[1][0])  # "'…,' Tom said, '…'": one quotation
        paragraph_start = self.paragraphs[self.paragraph_index(q.start)][0]
        heading = re.fullmatch(r"\s*([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}):\s+[^.!?“”\"‘’]*", self.text[paragraph_start:q.start])
        if who is None and heading and q.closed and self.paragraph_index(q.start) > 0 and \
                not re.search(r"[.!?]", self.text[q.end:self.paragraphs[self.paragraph_index(q.start)][1]]):
            who, how = self.mention_at(paragraph_start + heading.start(1), paragraph_start + heading.end(1)), "label"
            # a live blog's entry heading, "Mahmood: numbers will ‘double by the summer’": the name before the colon
        if who is None and q.label is not None:  # "Chris Philp (Croydon South) (Con): …"
            inside = self.speakers_in(*q.label)
            who, how = (inside[-1] if inside else None), "label"
            if who is None and re.fullmatch(FULL_NAME_LABEL, self.text[q.label[0]:q.label[1]]):  # "Jo White: …": a
                # new name no rule found (no verb follows it), the record's speaker
                name = self.text[q.label[0]:q.label[1]]
                entity = new_entity(self.new_entities, slug(name), "person", name)
                entity.gender = entity.gender or first_name_gender(name.split()[0])
                return Attribution(entity, "", None, "label")
            if who is None:  # "Mr Speaker: Order.", "Hon. Members: Hear, hear!": the post or group the label names
                label = re.sub(r"^(?:Mr|Madam|Mrs|Ms|The)\s+", "", self.text[q.label[0]:q.label[1]]).strip()
                entity = new_entity(self.new_entities, f"unnamed-{slug(label)}-{self.report_id}", "person",
                                     f"{label} (report {self.report_id})", anonymous=True)
                entity.role = entity.role or label
                return Attribution(entity, label, None, "label")
        if who is None and q.block and q.paragraph > 0:  # "Home Secretary Shabana Mahmood said:" and the words set off
            a, b = self.paragraphs[q.paragraph - 1]
            who, how = self.speaker_before(self.sentences[self.sentence_index(b - 1)][0], b), "before the words set off"
            if who is None:
                return self.unresolved(q, index)
        label = re.fullmatch(r"\s*([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}):\s*", self.text[paragraph_start:q.start])
        if who is None and label and self.paragraph_index(q.start) > 0:  # "Hassan: Nineteen days. …" in an interview
            who, how = self.mention_at(paragraph_start + label.start(1), paragraph_start + label.end(1)), "label"
        owner = self._promise_owner(start, q.start) if who is None else None
        if owner is not None:  # "Critics say Labour broke its promise of ‘…’": Labour's words, not the critics'
            return Attribution(owner, "", None, "whose promise the quotation is")
        if who is None:
            who, how = self.speaker_before(start, q.start), "before"
        together = self.joint(who) if who is not None else []
        if together:  # "Tom Reed and Amy Dale said": said by both; a statement has one speaker, so none is picked
            return self.unresolved_joint(together)
        if who is not None:
            entity, role, post = self.resolve(who)
            lede_role = entity is not None and entity.kind == "organisation" and self._described_lede(None, index) and \
                re.fullmatch(rf"The (?:[\w-]+ ){{0,3}}(?:{PERSON_ROLES}) (?:of|at|for) (?:the )?", self.text[start:who.start], re.I)
            if entity is not None and (entity.anonymous and self._described_lede(who, index) or lede_role):
                named = self._named_next(index)
                if named is not None:
                    return Attribution(named, role, named.post, "the lede's description, named in the next sentence")
            if entity is not None:
                return Attribution(entity, role, post, how)
        named = "" if self._headline(q.start) else \
            self.text[who.start:who.end] if who is not None else self._speaker_words(q, index)
        if named:  # the attribution names someone the rules do not know: never an earlier speaker (a headline's below)
            role = re.fullmatch(r"(?:an?|one|another)\s+(.+)", named, re.I)
            if who is None and role and re.search(r"\b[a-z][\w-]*$", role.group(1)):  # its head a common noun
                return Attribution(role_only_speaker(self.new_entities, role.group(1), self.report_id), role.group(1),
                                   None, "a speaker described only by a role")
            return self.unresolved(q, index, named)
        paragraph = self.paragraph_index(q.start)
        opens = self.text[self.paragraphs[paragraph][0]:q.start].strip() == "" or \
            self.text[start:q.start].strip() == ""
        if last is not None and (self.paragraph_index(last[0].start) == paragraph or opens):
            distance = paragraph - self.paragraph_index(last[0].parts[-1][1] - 1)
            if distance <= 2 or self.paragraph_index(last[0].start) == paragraph:
                a = last[1]
                if a.entity is None:  # "“…,” he said. “Do the sums.”" after someone "he" cannot be: whoever said
                    # the quotation before, never the speaker of an earlier paragraph it skipped
                    return Attribution(None, how="unresolved", candidates=list(a.candidates),
                                       candidate_entities=list(a.candidate_entities))
                return Attribution(a.entity, a.role, a.post, "continues the quotation before")
        if opens and index > 0:
            subject = self.subject(index - 1)
            if subject is not None:
                entity, role, post = self.resolve(subject)
                if entity is not None and entity.kind in ("person", "organisation"):
                    return Attribution(entity, role, post, "the subject of the sentence before")
        headline = re.match(r"\s*([A-Z][\w'’ -]{1,40}?):\s", self.text[start:q.start]) \
            if self.paragraph_index(q.start) == 0 else None
        if headline:  # "Badenoch: Labour's deal is a 'gimmick'": the name before the colon speaks
            named = self.mention_at(start + headline.start(1), start + headline.end(1))
            if named is not None:
                entity, role, post = self.resolve(named)
                if entity is not None:
                    return Attribution(entity, role, post, "the headline's speaker")
        says = re.search(rf",\s+(?:{SPEECH_VERBS})\s+(?:(?:the|new|former)\s+)*", self.text[q.end:self.sentences[index][1]],
                         re.I) if self.paragraph_index(q.start) == 0 else None
        if says:  # "France 'ready to do more' on small boats, says new interior minister"
            named = self.mention_at(q.end + says.end(), self.sentences[index][1]) or \
                self.mention_at(q.end + says.start() + len(re.match(r",\s+\w+\s+", says.group(0)).group(0)),
                                self.sentences[index][1])
            if named is not None:
                entity, role, post = self.resolve(named)
                if entity is not None:
                    return Attribution(entity, role, post, "the headline's speaker")
        if who is None and self.paragraph_index(q.start) == 0:  # a headline: its one person speaks
            named = [m for m in self.speakers_in(start, q.start) if m.is_person or m.kind == "entity"]
            if named:
                entity, role, post = self.resolve(named[-1])
                if entity is not None:
                    return Attribution(entity, role, post, "the headline's speaker")
        if self.paragraph_index(q.start) == 0 and self.text[start:q.start].strip() == "" and \
                re.search(r"\b(?:I|me|my|we|us|our)\b", self.text[q.start:q.end]) and index + 1 < len(self.sentences):
            lede = self.subject(index + 1)  # "'They sent me back …': a returnee speaks": the person the lede introduces
            entity = self.resolve(lede)[0] if lede is not None else None
            if entity is not None and entity.kind == "person":
                return Attribution(entity, "", None, "the headline's speaker, introduced by the lede")
        if self.paragraph_index(q.start) == 0:  # "French prefect says …": the person the article describes so
            role = re.search(rf"\b((?:[A-Za-z][\w'’-]+ ){{0,3}}(?:{PERSON_ROLES}))\s+(?:{SPEECH_VERBS})\b",
                             self.text[start:q.start], re.I)
            words = content_words(role.group(1)) - _NATIONALITIES if role else set()
            named = [e for p, d, e in sorted(self.named_roles, key=lambda r: r[0])
                     if e.kind == "person" and not e.anonymous and words and words <= content_words(d)]
            if named:
                return Attribution(named[0], role.group(1), named[0].post, "the headline's speaker")
        if self.paragraph_index(q.start) == 1 and re.match(r"The [a-z]", self.text[start:q.start]):
            named = self._named_next(index)
            if named is not None:
                return Attribution(named, "", named.post, "the lede's description, named in the next sentence")
        return self.unresolved(q, index)

    def _promise_owner(self, start: int, at: int):
        """"Labour ... its promise of ‘smashing the gangs’", "Starmer's pledge to ‘smash the gangs’": a quoted
        slogan or promise is the words of whose promise it is (the name before "'s", or for its/his/her/their
        the nearest agent of that kind before it in the sentence)."""
        m = re.search(r"(?:(['’]s)|\b(its|his|her|their)) (?:own )?(?:promise|pledge|vow|slogan|mantra|commitment|"
                      r"boast|catchphrase|rallying cry)s? (?:of |to |that )?$", self.text[start:at], re.I)
        if not m:
            return None
        before = [x for x in self.speakers_in(start, start + m.start()) if x.kind in ("entity", "new", "post")]
        if m.group(1):
            before = [x for x in before if x.end == start + m.start()]
        elif m.group(2).lower() == "its":
            before = [x for x in before if x.entity is not None and x.entity.kind == "organisation"]
        elif m.group(2).lower() in ("his", "her"):
            before = [x for x in before if x.is_person]
        entity = self.resolve(before[-1])[0] if before else None
        return entity

    def _described_lede(self, who: Mention, index: int) -> bool:
        """The lede's speaker written as a definite description ("The leader of Sheffield City Council has
        warned", "The most senior state official in northern France has said"), at the start of the lede."""
        start = self.sentences[index][0]
        return self.paragraph_index(start) == 1 and (who is None or who.start == start) and \
            bool(re.match(r"The [a-z]", self.text[start:]))

    def _named_next(self, index: int):
        """The person the sentence after the lede introduces as its subject ("Coun Tom Hunt said …", "…, the
        prefect of the Nord, Sophie Lemaire, said"): named there for the first time, with no role of their own
        that the lede's words contradict. None when the next sentence's subject is not such a person."""
        if index + 1 >= len(self.sentences):
            return None
        a, b = self.sentences[index + 1]
        verbs = [v for v in _VERB.finditer(self.text, a, b) if not self.in_quote(v.start())]
        who = self.subject_of_verb(a, verbs[0].start()) if verbs else None
        entity = self.resolve(who)[0] if who is not None else None
        if entity is None or entity.kind != "person" or entity.anonymous:
            return None
        first = min((m.start for m in self.mentions if m.entity is entity), default=a)
        return entity if first >= a else None

    def joint(self, who: Mention) -> list[tuple[int, int, Mention | None]]:
        """The speakers named together with `who` as one subject ("Tom Reed and Amy Dale said", "the Home
        Office and Care4Calais said"), `who` among them: (start, end, mention, or None for words no rule
        recognised); [] when `who` speaks alone."""
        together = [(who.start, who.end, who)]
        for step in (-1, 1):
            while True:
                edge = together[0] if step < 0 else together[-1]
                nearby = [m for m in self.mentions if m.can_speak and (m.end <= edge[0] if step < 0 else m.start >= edge[1])]
                other = (max(nearby, key=lambda m: m.end) if step < 0 else min(nearby, key=lambda m: m.start)) \
                    if nearby else None
                gap = (self.text[other.end:edge[0]] if step < 0 else self.text[edge[1]:other.start]) if other else None
                if other is not None and _JOINED.fullmatch(gap):
                    together.insert(0, (other.start, other.end, other)) if step < 0 else \
                        together.append((other.start, other.end, other))
                    continue
                if step > 0:
                    unnamed = _JOINED_UNNAMED.match(self.text, edge[1])
                else:
                    opening = self.sentences[self.sentence_index(edge[0])][0]
                    unnamed = _UNNAMED_JOINED.fullmatch(self.text, opening, edge[0])
                if unnamed:  # "… and Care4Calais said", "Care4Calais and the Home Office said": a name the rules do not know
                    together.insert(len(together) if step > 0 else 0, (unnamed.start(1), unnamed.end(1), None))
                break
        joined = [self.text[a[1]:b[0]] for a, b in zip(together, together[1:])]
        return together if any(re.search(r"\band\b|&", gap) for gap in joined) else []

    def unresolved_joint(self, together: list) -> Attribution:
        """The speaker of words several people said together: unresolved, each of them a candidate."""
        entities = [e for e in (self.resolve(m)[0] for _, _, m in together if m is not None) if e is not None]
        return Attribution(None, how="said together", candidates=[self.text[a:b] for a, b, _ in together],
                           candidate_entities=list(dict.fromkeys(entities)))

    def unresolved(self, q: Quotation, index: int, named: str = "") -> Attribution:
        first = self.sentences[max(index - 1, 0)][0]
        words, entities = [named] if named else [], []
        for m in self.speakers_in(first, self.sentences[index][1]):
            written = self.text[m.start:m.end]
            if written not in words:
                words.append(written)
            for entity in [m.entity] if m.kind in ("entity", "new", "group") else m.candidates:
                if entity is not None and entity not in entities and entity.kind in ("person", "organisation"):
                    entities.append(entity)
        return Attribution(None, how="unresolved", candidates=words, candidate_entities=entities)

    # ------------------------------------------------------------------ finding the speaker words

    def _headline(self, position: int) -> bool:
        """In the first paragraph when it is a headline (not ending in a full stop), whose rules come later."""
        a, b = self.paragraphs[0]
        return self.paragraph_index(position) == 0 and not self.text[a:b].rstrip().endswith(".")

    def _speaker_words(self, q: Quotation, index: int) -> str:
        """The words of an attribution naming a speaker no rule recognised ('…,” said one Tory backbencher',
        '…,” a witness told the BBC', 'Hungary said it would “never” …'), else ''. Such a quote is that
        speaker's, never the one of the quote or sentence before."""
        after = self.text[q.end:self.sentences[self.sentence_index(max(q.end - 1, q.start))][1]] if q.closed else ""
        found = re.match(rf"[\s,]*(?:{SPEECH_VERBS})\s+({_PHRASE})(?:{_PHRASE_END})", after, re.I) or \
            re.match(rf"[\s,]*({_PHRASE})\s+(?:has |had |have )?(?:\w+ly\s+)?(?:{SPEECH_VERBS})\b", after, re.I)
        if found and re.match(_NAMING, found.group(1)):
            return found.group(1)
        start = self.sentences[index][0]
        verbs = [v for v in _VERB.finditer(self.text, start, q.start) if not self.in_quote(v.start())]
        if not verbs:
            return ""
        before = self.text[start:verbs[-1].start()]
        before = before[_CONJUNCTION.match(before).end() if _CONJUNCTION.match(before) else 0:]
        clause = re.search(r"(?:,\s+(?:and|but)|;)\s+(?=[^,;]*$)", before)
        if clause:  # "Hungary said it would “never” take part, and Frontex said": the last clause's subject
            before = before[clause.end():]
        if _INTRO.match(before) and "," in before:
            before = before[before.index(",") + 1:]
        aux = _AUX.search(before).group(0)
        subject = re.fullmatch(rf"\s*({_PHRASE})", before[:len(before) - len(aux)])
        if subject and not re.search(r"\b(?:was|were|is|are|been|being)\b", aux, re.I) and \
                re.match(_NAMING, subject.group(1)) and not _VERBISH.search(subject.group(1)):
            return subject.group(1)
        return ""

    def speaker_after(self, start: int, end: int) -> Mention | None:
        """'…,’ she told LBC', '…,” said Mr Macron', '…,” the home secretary said', '…,” according to X'."""
        after = self.text[start:end]
        lead = re.match(r"[\s,]*", after).end()
        at = start + lead
        described = _DESCRIBED.match(after[lead:])  # "…,” British Home Secretary Shabana Mahmood said"
        titled = [x for x in self.speakers_in(at, min(end, at + 60))  # "…,” Calais Mayor Natacha Bouchart told"
                  if re.fullmatch(r"(?:(?:the|[A-Z][\w'’-]*)\s+){1,4}", self.text[at:x.start])
                  or _role_written_before(self.text, at, x)]  # "…,” local teacher Amy Dale said"
        for m in [self.mention_at(at, end) or (self.mention_at(at + described.end(), end) if described else None)] + titled:
            if m is None:
                continue
            together = self.joint(m)  # "…,” Tom Reed and Amy Dale said": the verb after the last of them
            tail = self.text[together[-1][1] if together else m.end:end]
            if re.match(rf"\s*(?:,[^,“”\"‘’]{{1,90}},\s*|,\s*)?(?:\w+ly\s+)?(?:has |had |have |was |also |then |later )*"
                        rf"(?:{SPEECH_VERBS})\b", tail, re.I):
                return m
        verb = re.match(rf"(?:{SPEECH_VERBS})\s+", after[lead:], re.I)
        if verb:
            described = re.match(r"(?:(?:the|new|former|France's|France’s|Britain's|Britain’s)\s+)*",
                                 after[lead + verb.end():])  # "says new interior minister"
            m = self.mention_at(at + verb.end(), end) or self.mention_at(at + verb.end() + described.end(), end)
            if m is None:  # "…,” said Mayor Natacha Bouchart": title words before the name
                m = next((x for x in self.speakers_in(at + verb.end(), min(end, at + verb.end() + 50))
                          if re.fullmatch(r"(?:(?:the|new|former|[A-Z][\w'’-]*)\s+){1,3}", self.text[at + verb.end():x.start])), None)
            if m is not None:
                return m
        dash = re.match(r"\s*[-–—]\s+", after)  # a pull quote: '“The gangs are laughing at him” - Kemi Badenoch'
        if dash:
            m = self.mention_at(start + dash.end(), end)
            if m is not None and self.text[m.end:end].strip(" .") == "":
                return m
        passive = re.match(r"[\s,]*by\s+", after)  # 'was branded “a gimmick” by Labour'
        if passive:
            m = self.mention_at(start + passive.end(), end)
            if m is not None:
                return m
        according = re.match(r"[\s,]*according to\s+", after, re.I)
        if according:
            m = self.mention_at(start + according.end(), end)
            if m is not None:
                return m
        return None

    def speaker_before(self, start: int, end: int) -> Mention | None:
        """The subject of the last speech verb before `end` in text[start:end]."""
        verbs = [v for v in _VERB.finditer(self.text, start, end) if not self.in_quote(v.start())
                 and not re.match(r"according to", v.group(0), re.I)]
        according = [v for v in re.finditer(r"\baccording to\s+", self.text[start:end], re.I)]
        if according:
            m = self.mention_at(start + according[-1].end(), end)
            if m is not None:
                return m
        if not verbs:
            verbs = [v for v in _ATTITUDE.finditer(self.text, start, end) if not self.in_quote(v.start())]
        if not verbs:
            return None
        verb = verbs[-1]
        return self.subject_of_verb(start, verb.start())

    def subject_of_verb(self, start: int, verb_at: int) -> Mention | None:
        """The mention right before the verb (past auxiliaries and an apposition), else the clause's subject."""
        before = self.text[start:verb_at]
        trimmed = len(before) - len(_AUX.search(before).group(0))
        apposition = before[:trimmed].endswith(",")
        if apposition:  # "…, the minister, Alex Norris, has said"
            trimmed = len(before[:trimmed - 1].rstrip())
        end = start + trimmed
        m = next((x for x in reversed(self.speakers_in(start, end)) if x.end == end), None)
        if apposition and m is not None:  # "Claire Hédon, the country's Defender of Rights, said": the person
            comma = self.text.rfind(",", start, end)
            head = self.text[start:comma].rstrip() if comma >= 0 else ""
            first = next((x for x in reversed(self.speakers_in(start, start + len(head))) if x.end == start + len(head)),
                         None) if head else None
            named = [x for x in (first, m) if x is not None and x.kind in ("entity", "new") and x.is_person]
            m = named[0] if named else (first or m)
        if m is not None and (not m.is_person or m.kind in ("group", "role")):  # "Pierre Roques of the aid group Auberge des Migrants said"
            owner = next((x for x in reversed(self.speakers_in(start, m.start)) if x.is_person and x.kind in ("entity", "new")
                          and re.fullmatch(r"\s+(?:of|from|at)\s+[^,;]{1,60}", self.text[x.end:m.start])), None)
            m = owner or m
        participle = not apposition and re.match(r"\w+ing\b", self.text[verb_at:verb_at + 20])
        if m is not None and (not _OBJECT_BEFORE.search(self.text[max(start, m.start - 16):m.start]) or
                              _MEMBERS_OF.search(self.text[max(start, m.start - 24):m.start]) or
                              participle and re.search(r"\bwith\s+$", self.text[max(start, m.start - 6):m.start])):
            return m  # "…, with a government source suggesting …": the source speaks
        index = self.sentence_index(start)
        subject = self.subject(index, limit=verb_at)
        if subject is not None:
            return subject
        candidates = [x for x in self.speakers_in(start, verb_at)
                      if not _OBJECT_BEFORE.search(self.text[max(start, x.start - 16):x.start])
                      and not _QUESTIONED.match(self.text[start:x.start].lstrip())
                      and not self._reported_by_earlier_verb(start, x.start)]
        return candidates[-1] if candidates else None

    def _reported_by_earlier_verb(self, start: int, position: int) -> bool:
        """Words at `position` that a reporting verb before them in text[start:] introduces: "Hungary said it
        would “never” take part, and Frontex said": the "it" is Hungary's words, not the subject of the
        second "said"."""
        return any(not self.in_quote(v.start()) for v in _REPORTING.finditer(self.text, start, position))

    def subject(self, index: int, limit: int | None = None) -> Mention | None:
        """The grammatical subject of sentence `index` (a speaker-capable mention), if a rule can tell."""
        key = (index, limit)
        if key in self._subjects:
            return self._subjects[key]
        start, end = self.sentences[index]
        end = limit or end
        found = None
        opening = next((q for q in self.all_quotes if q.start == start or
                        (q.start > start and self.text[start:q.start].strip() == "")), None)
        if opening is not None and opening.closed:
            found = self.speaker_after(opening.end, self.sentences[self.sentence_index(opening.end - 1)][1])
        else:
            position = start
            rest = self.text[position:end]
            conjunction = _CONJUNCTION.match(rest)
            if conjunction:
                position += conjunction.end()
                rest = self.text[position:end]
            if _INTRO.match(rest):
                comma = self._comma_outside_quotes(position, min(end, position + 160))
                if comma is not None:
                    position = comma + 1
            while position < end and self.text[position].isspace():
                position += 1
            for m in self.speakers_in(position, end):
                gap = self.text[position:m.start]
                if m.start - position > 60 or "," in gap or _VERBISH.search(gap):
                    break
                if re.fullmatch(r"(?:[\w'’-]+\s+){0,4}", gap):
                    found = m
                    person = next((x for x in self.speakers_in(m.end, min(end, m.end + 40)) if x.is_person
                                   and x.kind in ("entity", "new")), None) if not m.is_person else None
                    if person is not None and re.fullmatch(r"(?:['’]s)?\s+(?:[A-Za-z-]+\s+){0,3}", self.text[m.end:person.start]):
                        found = person  # "Labour MP Jo White, …, broke ranks to warn:": the MP, not the party
                    named = next((x for x in self.speakers_in(m.end, min(end, m.end + 80)) if x.kind in ("entity", "new")),
                                 None) if m.kind == "role" else None
                    if named is not None and not self.text[m.end:named.start].strip():
                        found = named  # "The charity Care4Calais, which …, said": the charity named, not the last described
                break
        self._subjects[key] = found
        return found

    def _comma_outside_quotes(self, start: int, end: int) -> int | None:
        for i in range(start, end):
            if self.text[i] == "," and not self.in_quote(i):
                return i
        return None

    # ------------------------------------------------------------------ reported statements

    def _reported(self, index: int) -> None:
        """A sentence with a speaker and a speech verb and no quotation: a reported statement; never in a
        picture's caption ("The Prime Minister has insisted … (Image: Getty)"), which is the report's voice."""
        start, end = self.sentences[index]
        if credited_caption(self.text, *self.paragraphs[self.paragraph_index(start)]):
            return
        work = [m.span() for m in _CALL_OUT.finditer(self.text, start, end)]  # "responded to … calls": no speech verb
        verbs = [v for v in _VERB.finditer(self.text, start, end) if not any(a <= v.start() < b for a, b in work)]
        if not verbs:
            return
        introduces = self.text[start:end].rstrip().endswith(":")
        items = self._items_after(start, end) if introduces else []
        alone = introduces and not any(self._reported_words(v, end, end) for v in verbs)
        if alone and not items:
            return  # "Border Security Minister Alex Norris said:", "She said on X:": the words follow, set off or
            # quoted, and are their own statement; the attribution alone states nothing
        who = None
        according = re.search(r"\baccording to\s+", self.text[start:end], re.I)
        if according:
            who = self.mention_at(start + according.end(), end)
            # "The key figures, according to the Home Office:" introduces what follows, as "… said:" does
            alone = alone or introduces and who is not None and not self.text[who.end:end].strip(" :")
            if alone and not items:
                return
        tries = verbs[:1]  # the first verb, else the first after an opening clause's comma ("Under a deal announced
        # on Friday, France will receive …, officials said", "Asked how many …, the agency said"), else a verb closing
        # the sentence
        comma = self.text.find(",", verbs[0].end(), end)
        if _INTRO.match(self.text[start:end]) and comma >= 0:
            tries += [v for v in verbs[1:] if v.start() > comma][:1]
        if verbs[-1] not in tries and re.fullmatch(r"[\s.!?’”\"')]*", self.text[verbs[-1].end():end]):
            tries.append(verbs[-1])
        # "Migrant returns to France hit 500, says minister": the speaker follows the verb that ends the sentence (the
        # subject before it, France, was drafted as the speaker); unnamed words there leave it unresolved
        inverted = re.search(rf",\s+(?:{SPEECH_VERBS})\s+((?:the |a |an )?[\w'’ -]{{1,60}}?)\s*[.!?]?\s*$",
                             self.text[start:end], re.I) if who is None else None
        phrase = inverted.group(1).split() if inverted else []  # a speaker's few words, not what was said
        if phrase and len(phrase) <= 6 and not re.search(r"\d|\b(?:that|who|which|it|they|he|she)\b", inverted.group(1)) \
                and (phrase[0][0].isupper() or phrase[0].lower() in ("the", "a", "an") or len(phrase) <= 2):
            after = self.mention_at(start + inverted.start(1), end) or next(  # "…, said Dr Priya Shah.": after the title
                (m for m in self.mentions if m.can_speak and m.end == start + inverted.end(1) and
                 re.fullmatch(rf"(?:{TITLE_WORDS})\.?\s+", self.text[start + inverted.start(1):m.start])), None)
            entity, role, post = self.resolve(after) if after is not None else (None, "", None)
            attribution = Attribution(entity, role, post, "reported") if entity is not None else Attribution(
                None, how="unresolved", candidates=[inverted.group(1).strip()],
                candidate_entities=[e for e in (after.candidates if after else []) if e])
            self.statements.append(Statement(start, end, attribution, [(start, start + inverted.start())],
                                             unresolved=entity is None))
            return
        for verb in tries if who is None else []:
            candidate = self.subject_of_verb(start, verb.start())
            if candidate is not None and re.match(
                    rf"\s*,?\s*(?:[^,]{{1,90}},\s*)?(?:\w+ly\s+)?(?:has |had |have |is |was |also |later |then |since |now )*"
                    rf"(?:{SPEECH_VERBS})\b", self.text[candidate.end:end], re.I):
                who = candidate
                break
        if who is None:
            if not self._bare_subject(start, end, verbs[0]):
                self._closing_attribution(start, end)
            return
        together = self.joint(who)
        if alone:  # the list the attribution introduces: each item its speaker's words, the line itself none
            entity, role, post = self.resolve(who)
            unresolved = bool(together) or entity is None
            attribution = (self.unresolved_joint(together) if together else self.unresolved_reported(who)) \
                if unresolved else Attribution(entity, role, post, "a list the attribution introduces")
            self.statements.extend(Statement(a, b, attribution, unresolved=unresolved) for a, b in items)
            return
        relative = _RELATIVE_REPORT.search(self.text, who.end, end)  # "…, a figure disputed by charities, who said …"
        cut = relative.start() if relative else end
        described = _DESCRIBED_SPEAKER.match(self.text, who.end, cut)  # "Pierre Roux, who has run … for ten years,":
        regions = [(start, who.end), (described.end(), cut)] if described else [(start, cut)]  # the report's words
        entity, role, post = self.resolve(who)
        if together or entity is None:  # said by several together, or by someone the rules cannot tell
            self.statements.append(Statement(start, end, self.unresolved_joint(together) if together else
                                             self.unresolved_reported(who), regions, unresolved=True))
        else:
            self.statements.append(Statement(start, end, Attribution(entity, role, post, "reported"), regions))
        if relative:  # the relative clause's words are whoever it follows: a name the rules know, else unresolved
            other = next((m for m in reversed(self.speakers_in(who.end, cut)) if m.end == cut), None)
            entity, role, post = self.resolve(other) if other is not None else (None, "", None)
            if entity is None:
                named = re.search(r"(?:\b(?:by|from|with|among)|,)\s+((?:[\w'’-]+\s+){0,3}[\w'’-]+)$", self.text[who.end:cut])
                words = self.text[other.start:other.end] if other is not None else named.group(1) if named else ""
                attribution = Attribution(None, how="unresolved", candidates=[words] if words else [],
                                          candidate_entities=[e for e in (other.candidates if other else []) if e])
            else:
                attribution = Attribution(entity, role, post, "reported")
            self.statements.append(Statement(start, end, attribution, [(relative.end(), end)], unresolved=entity is None))

    def _claimed(self, index: int) -> None:
        """"Enver Solomon disputed the government's claim that 5,000 people had been removed": the words after "X's
        claim that" are X's (unresolved where the rules cannot tell who X is), neither the report's nor those of
        the subject who disputes them; they leave the subject's statement, if any."""
        start, end = self.sentences[index]
        claim = _CLAIM.search(self.text, start, end)
        if claim is None or self.in_quote(claim.start()):
            return
        for statement in self.statements:
            if statement.start == start:
                statement.regions = [(a, min(b, claim.start())) for a, b in statement.regions if a < claim.start()]
        owner = next((m for m in self.speakers_in(start, claim.end("owner")) if m.end == claim.end("owner")), None)
        entity, role, post = self.resolve(owner) if owner is not None else (None, "", None)
        attribution = Attribution(entity, role, post, "reported") if entity is not None else Attribution(
            None, how="unresolved", candidates=[claim.group("owner")],
            candidate_entities=[e for e in (owner.candidates if owner else []) if e])
        self.statements.append(Statement(start, end, attribution, [(claim.end(), end)], unresolved=entity is None))

    def _bare_subject(self, start: int, end: int, verb: re.Match) -> bool:
        """"Minister says 300 people returned", "Council warns of a £50m black hole": a subject of one or two
        capitalised words with no article, as headlines write it, that the rules find no speaker in, before the
        sentence's first speech verb. The words after the verb are that subject's, unresolved with the subject as
        candidate, never the report's (its figures had been drafted in the report's voice); not data ("Figures
        reveal"). Whether it drafted a statement."""
        subject = re.fullmatch(r"([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)\s+(?:\w+ly\s+)?(?:has |have |had )?",
                               self.text[start:verb.start()])
        if subject is None or _DATA.search(subject.group(1)) or \
                re.fullmatch(r"(?i:it|this|that|they|he|she|we|i|you|there|here)", subject.group(1)):
            return False
        self.statements.append(Statement(start, end, Attribution(None, how="unresolved", candidates=[subject.group(1)]),
                                         [(verb.end(), end)], unresolved=True))
        return True

    def _closing_attribution(self, start: int, end: int) -> None:
        """"Between 20 and 30 flights are planned, a source close to the minister said.", "…, a committee of MPs has
        found.": a speech verb that closes the sentence after a comma, whose subject the rules find no speaker in. The
        words before it are still that subject's, never the report's (its figures had been drafted in the report's
        voice): an unresolved speaker with the subject's words as its candidate, drafted when they state a figure."""
        closing = re.search(rf",\s+((?:[\w'’-]+\s+){{0,5}}?[\w'’-]+)\s+(?:\w+ly\s+)?(?:has |have |had )?"
                            rf"(?:{SPEECH_VERBS})\s*[.!?]?[’”\"')]*\s*$", self.text[start:end], re.I)
        if not closing:
            return
        words = closing.group(1)
        if re.search(r"\d", words) or re.match(r"(?i:as|and|but|or|which|who|that|than|when|while|if|so|because)\b",
                                                words) or \
                re.search(r"(?i:\b(?:were|was|is|are|be|been|being|it|this|that|he|she|they|we|I|you))$", words):
            return  # "…, as the minister said", "…, MPs were told", "…, it said": no subject the words name
        if _DATA.search(words) or closing.group(0).rstrip(" .!?’”\"')").split()[-1][0].isupper():
            return  # "…, new figures reveal": the report's reading of data, no speaker; "…, Minister Says": a headline
            # in title case, whose speaker the headline rules read
        self.statements.append(Statement(start, end, Attribution(None, how="unresolved", candidates=[words]),
                                         [(start, start + closing.start())], unresolved=True))

    def _items_after(self, start: int, end: int) -> list[tuple[int, int]]:
        """(start, end) of the words of each item of the list (lines opening with "-", "•", "*", "1." …) right after
        the paragraph a sentence ends, up to the first line that is no item; an item with its own speaker and speech
        verb, or a quotation, is its own statement and not among them."""
        index = self.paragraph_index(start)
        if self.text[end:self.paragraphs[index][1]].strip():
            return []
        items, first = [], None
        for a, b in self.paragraphs[index + 1:]:
            bullet = _BULLET.match(self.text, a, b)
            kind = bullet and (bullet.group(0)[0].isdigit() or bullet.group(0)[0])
            if bullet is None or first is not None and kind != first:
                break  # (a list's items share their mark: "1. Next" after "- …" lines is no item of it)
            first = kind
            own = any(self.speakers_in(bullet.end(), v.start()) for v in _VERB.finditer(self.text, bullet.end(), b))
            if not own and not any(q.start < b and a < q.end for q in self.all_quotes):  # ("admitted from France" is
                items.append((bullet.end(), b))  # no speech: its verb has no speaker before it)
        return items

    def unresolved_reported(self, who: Mention) -> Attribution:
        """The speaker of a reported statement whose subject the rules cannot resolve ("Mr Karimi said" when
        the article names two Karimis): unresolved, its words and any agents they might be the candidates."""
        entities = [e for e in ([who.entity] if who.kind in ("entity", "new", "group") else who.candidates)
                    if e is not None and e.kind in ("person", "organisation")]
        return Attribution(None, how="unresolved", candidates=[self.text[who.start:who.end]],
                           candidate_entities=entities)

    def _reported_beside(self, index: int, quotes: list[Quotation]) -> None:
        """In a sentence that also quotes, the words a speech verb reports outside the quotation marks are its
        speaker's reported speech: "Mahmood said the numbers were ‘relatively small’ at 281", "“…,” Philp said,
        adding that 41,000 people crossed", "Philp called it “a disgrace”, saying that …". Each reporting verb's
        words run from after it (after "that" or a colon, past an object or an adverbial) to a break into the
        report's own voice (a semicolon, a dash, ", while", ", and", ", according to", …) or the next reporting
        verb, less a bracketed aside (the report's) and the quotation's own words (the quotation's). A verb
        whose words are the quotation just before it ("“…,” Philp said") reports the words before that
        quotation in its sentence ("The 281 returns were ‘relatively small’, Mahmood said"), and a participle or
        "and said" after it ("…, adding that") goes on in its speaker's voice; so does a verb whose subject
        closes the sentence after a comma (", the Home Secretary, Shabana Mahmood, has said")."""
        start, end = self.sentences[index]
        text = self.text
        verbs = [v for v in _REPORTING.finditer(text, start, end) if not self.in_quote(v.start())]
        found: dict = {}  # entity IRI -> Statement
        speaker = None  # (entity, role, post) of the last reporting verb
        for i, verb in enumerate(verbs):
            who = None
            continuing = re.search(r"(?:,\s*(?:and\s+|before\s+|then\s+)?|\s(?:and|but)\s+(?:then\s+|also\s+|"
                                   r"later\s+)?)$", text[start:verb.start()]) and \
                re.fullmatch(r"\w+ing|\w+ed|said|told|wrote", verb.group(0), re.I)
            before = [q for q in quotes if q.end <= verb.start()]
            if continuing and speaker is None and before:
                attribution = self.speaker_of.get(before[-1].start)
                speaker = (attribution.entity, attribution.role, attribution.post) if attribution and \
                    attribution.entity is not None else None
            if not continuing:
                closes = before and re.fullmatch(r"[\s,]*(?:(?:the\s+)?[\w'’.-]+\s+){0,5}?",
                                                 text[before[-1].end:verb.start()])
                if closes:  # "“…,” Philp said", "“…,” said Philp": the verb reports the quotation, with the words
                    attribution = self.speaker_of.get(before[-1].start)  # before it in its sentence
                    speaker = (attribution.entity, attribution.role, attribution.post) if attribution and \
                        attribution.entity is not None else None
                    if speaker is not None:  # "The 281 returns were ‘relatively small’, Mahmood said"
                        self._beside(found, speaker, self._words_before(start, before[-1].start), quotes)
                    continue
                who = self.subject_of_verb(start, verb.start())
                speaker = self.resolve(who) if who is not None else None
                if speaker is not None and speaker[0] is None:
                    speaker = None
            if speaker is None:
                continue
            words = self._reported_words(verb, verbs[i + 1].start() if i + 1 < len(verbs) else end, end)
            if not continuing and who is not None and who.end <= verb.start() and \
                    (words is None or not text[words[0]:words[1]].strip(" .,;:!?\n")) and \
                    re.search(r",\s*(?:the\s+)?$", text[start:who.start]):
                words = self._words_before(start, who.start)  # "…, the Home Office said."
            self._beside(found, speaker, words, quotes)
        self.statements.extend(found.values())

    def _beside(self, found: dict, speaker: tuple, words: tuple[int, int] | None, quotes: list[Quotation]) -> None:
        """Add `words` less the quotations' own to the speaker's statement beside the quotations in `found`."""
        if words is None:
            return
        regions, a = [], words[0]
        for q in sorted(quotes, key=lambda q: q.start):  # the quotation's own words are the quotation's
            if q.end <= a or q.start >= words[1]:
                continue
            if q.start > a:
                regions.append((a, q.start))
            a = max(a, q.end)
        if a < words[1]:
            regions.append((a, words[1]))
        asides = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", self.text[words[0]:words[1]])]
        for x, y in reversed(asides):  # "(a record)": the report's aside, not the speaker's words
            regions = [piece for a, b in regions for piece in ((a, min(b, words[0] + x)), (max(a, words[0] + y), b))
                       if piece[0] < piece[1]]
        regions = [(x, y) for x, y in regions if self.text[x:y].strip(" ,.;:“”‘’\"'")]
        if not regions:
            return
        entity, role, post = speaker
        if entity.iri in found:
            found[entity.iri].regions.extend(regions)
        else:
            start, end = self.sentences[self.sentence_index(regions[0][0])]
            found[entity.iri] = Statement(start, end, Attribution(entity, role, post, "reported beside a quotation"),
                                          regions, beside=True)

    def _words_before(self, start: int, at: int) -> tuple[int, int] | None:
        """The words of a sentence before a quotation that an attribution after it reports, past an opening
        clause ("In a speech to 300 delegates, …") and the last break into the report's voice."""
        if _INTRO.match(self.text[start:at]):
            comma = self._comma_outside_quotes(start, at)
            if comma is None:
                return None
            start = comma + 1
        breaks = list(_REPORT_VOICE.finditer(self.text, start, at))
        start = breaks[-1].end() if breaks else start
        return (start, at) if self.text[start:at].strip() else None

    def _reported_words(self, verb: re.Match, limit: int, end: int) -> tuple[int, int] | None:
        """Where the words a reporting verb reports run: (start, end), or None when they cannot be told (an
        adverbial or an object with no "that" or colon after it: "said in a speech to 300 delegates")."""
        text = self.text
        at = verb.end()
        lead = re.match(r"\s*(?:that\b|:)?\s*", text[at:limit])
        opening = re.match(r"\s*(?:on|in|at|to|during|after|before|while|when|from|with|last|yesterday|today|"
                           r"this|earlier|later|previously|recently|repeatedly)\b", text[at:limit]) \
            if not lead.group(0).strip() else None  # an adverbial first: "said in a speech to 300 delegates"
        if opening or verb.group(0).lower() in ("told", "tells", "tell"):
            that = re.match(r"[^“”‘’\"«».;!?]{0,80}?(?:\bthat\b|:)\s*", text[at:limit])
            if that is None:
                return None
            at += that.end()
        else:
            at += lead.end()
        stop = _REPORT_VOICE.search(text, at, limit)
        return (at, stop.start() if stop else limit) if at < (stop.start() if stop else limit) else None

    # ------------------------------------------------------------------ what the words refer to

    def resolve(self, m: Mention) -> tuple[Entity | None, str, object]:
        key = id(m)
        if key not in self._resolved:
            self._resolved[key] = (None, "", None)  # no cycles through pronouns
            self._resolved[key] = self._resolve(m)
        return self._resolved[key]

    def _resolve(self, m: Mention) -> tuple[Entity | None, str, object]:
        role = re.sub(r"^(?:the|a|an)\s+", "", (m.role or "").strip(), flags=re.I)
        if m.kind in ("entity", "new", "group"):
            return m.entity, role, m.post
        if m.kind == "post":
            return self.holder(m.post, m.start, role), role, m.post
        if m.kind == "pronoun":
            return self.antecedent(m)
        if m.kind == "role":
            return self.refer_back(m)
        return None, "", None

    def holder(self, post, position: int, role: str) -> Entity:
        """Who a title refers to: the holder the article names, else the holder on the report's date, else
        the one holder the article names anywhere, else the only holder known; else a role-only agent."""
        past = self._past_holder(post, position, role)
        if past is not None:
            return past
        named = self.named_posts.get(post, [])
        before = [e for p, e in named if p <= position]
        if before:
            return before[-1]
        if named:
            return named[0][1]
        holders = self.gazetteer.entities[post].holders
        if self.date:
            holders = [(h, start, end) for h, start, end in holders if _overlaps(start, end, self.date)]
            if len({h for h, _, _ in holders}) == 1:
                return holders[0][0]
        mentioned = {m.entity for m in self.mentions if m.entity is not None and m.kind == "entity"}
        named_anywhere = {h for h, _, _ in holders if h in mentioned}
        if len(named_anywhere) == 1:
            return next(iter(named_anywhere))
        if not self.date and len({h for h, _, _ in holders}) == 1:
            return holders[0][0]
        label = self.gazetteer.post_label(post)
        entity = new_entity(self.new_entities, f"unnamed-{slug(label)}-{self.report_id}", "person",
                             f"the {label} (holder not named; report {self.report_id})", anonymous=True)
        entity.role = entity.role or role or label
        entity.post = post
        return entity

    def _past_holder(self, post, position: int, role: str):
        """"The then home secretary", "the former home secretary": a holder whose holding ended before the
        report's date, the one the article last named before the title, else the latest to leave the post."""
        if not self.date or not past_title(self.text[max(0, position - 10):position], role):
            return None
        ended = [(end, h) for h, _, end in self.gazetteer.entities[post].holders if end and str(end) < self.date]
        if not ended:
            return None
        named = [m.entity for m in self.mentions if m.start < position and m.entity in {h for _, h in ended}]
        return named[-1] if named else max(ended, key=lambda x: str(x[0]))[1]

    def _replaced_as(self) -> None:
        """'Shabana Mahmood, who replaced Yvette Cooper as home secretary', 'Laurent Nuñez, who took over from
        Bruno Retailleau': the subject holds the post (the one named, else the one the predecessor held); so
        does 'Priya Rahman was appointed Home Secretary', 'Jane Doe, who became home secretary'."""
        for m in re.finditer(r",\s+who\s+(?:replaced|succeeded|took over from)\s+([^,.]{2,60}?)(?:\s+as\s+|[,.]|\s+(?:last|"
                             r"this|in|on)\b)", self.text):
            subject = next((x for x in reversed(self.mentions) if x.end <= m.start() and x.end >= m.start() - 1
                            and x.entity is not None and x.entity.kind == "person"), None)
            title = next((x for x in self.mentions if x.start == m.end() and x.kind == "post"), None)
            posts = [title.post] if title is not None else []
            if not posts:
                predecessor = next((x.entity for x in self.mentions if m.start(1) <= x.start < m.end(1)
                                    and x.entity is not None and not x.entity.new), None)
                held = {self.gazetteer.graph.value(h, OO.post)
                        for h in self.gazetteer.graph.subjects(OO.holder, predecessor.iri)} if predecessor else set()
                posts = sorted(held) if len(held) == 1 else []
            if subject is not None:
                for post in posts:
                    self.named_posts.setdefault(post, []).insert(0, (m.start(), subject.entity))
        for m in _APPOINTED.finditer(self.text):  # "Jane Doe was appointed Home Secretary", "…, who became home secretary"
            subject = next((x for x in self.mentions if x.end == m.start() and x.entity is not None
                            and x.entity.kind == "person" and not x.entity.anonymous), None)
            title = next((x for x in self.mentions if x.start == m.end() and x.kind == "post"), None)
            if subject is not None and title is not None:
                self.named_posts.setdefault(title.post, []).append((m.start(), subject.entity))

    def antecedent(self, m: Mention) -> tuple[Entity | None, str, object]:
        """The referent of a pronoun: a compatible subject of the nearest sentence before that has one."""
        word = m.word
        index = self.sentence_index(m.start)
        start = self.sentences[index][0]

        def fits(entity: Entity | None, role: str = "") -> bool:
            if entity is None:
                return False
            if word in ("he", "she"):  # a name whose gender the rules do not know may be the pronoun's; someone
                # described only ("one charity worker") is, only when the words describing them give the gender
                gender = _gender(entity, role)
                return entity.kind == "person" and (gender == ("m" if word == "he" else "f") or
                                                    gender is None and not entity.anonymous)
            if word == "it":
                return entity.kind in ("organisation", "country")
            return entity.kind in ("organisation", "country") or entity.anonymous

        opening = self.text[start:m.start]
        if not _QUESTIONED.match(opening.lstrip()):
            named = [x for x in self.speakers_in(start, m.start) if x.kind != "pronoun"]
            for x in named:
                entity, role, post = self.resolve(x)
                if fits(entity, role):
                    return entity, role, post
            if word in ("he", "she") and any(x.is_person and x.kind in ("entity", "new") or
                                             _genderless(*self.resolve(x)[:2]) for x in named):
                return None, "", None  # "Marie Vasseur watched with her neighbour Didier Roussel. « … », he said": the
                # people its own sentence names have none of its gender; no one further back either
        first_paragraph = self.paragraph_index(m.start) == 0
        order = range(index - 1, max(index - 6, -1), -1) if not first_paragraph else \
            range(index + 1, min(index + 3, len(self.sentences)))
        for i in order:
            if self.caption(i):
                continue
            subject = self.subject(i)
            if subject is not None and subject.kind in SHARED and word in ("he", "she"):
                break  # "Mr Solomon said …. He added": whichever Solomon it was, not a guess further back
            if subject is not None:
                entity, role, post = self.resolve(subject)
                if fits(entity, role):
                    return entity, role, post
            said = [a for q, a in self._quotes_in(i)]
            for attribution in said:
                if fits(attribution.entity, attribution.role):
                    return attribution.entity, attribution.role, attribution.post
            others = [x for x in self.speakers_in(*self.sentences[i]) if x.kind != "pronoun"]
            for x in others:
                entity, role, post = self.resolve(x)
                if fits(entity, role) and not _OBJECT_BEFORE.search(self.text[max(0, x.start - 16):x.start]):
                    return entity, role, post
            if word in ("he", "she") and any(x.is_person and x.kind in ("entity", "new") for x in others):
                break  # the nearest people named have none of its gender: no one further back either
            if word in ("he", "she") and (any(_genderless(a.entity, a.role) for a in said) or
                                          any(_genderless(*self.resolve(x)[:2]) for x in others)):
                break  # "One charity worker said: “…” … she said": maybe the worker, maybe not; no one further back
        return None, "", None

    def _quotes_in(self, index: int):
        """The attributed quotations with words in sentence `index`."""
        a, b = self.sentences[index]
        return [(q, self.speaker_of[q.start]) for q in self.quotes if q.start in self.speaker_of
                and any(x < b and a < y for x, y in [(q.start, q.parts[0][1])] + list(q.parts))]

    def caption(self, index: int) -> bool:
        """A sentence that is a whole paragraph with no closing punctuation: a picture caption."""
        a, b = self.sentences[index]
        paragraph = self.paragraphs[self.paragraph_index(a)]
        return (a, b) == paragraph and caption_like(self.text, a, b) and self.paragraph_index(a) > 0

    def refer_back(self, m: Mention) -> tuple[Entity | None, str, object]:
        """'the judge', 'the association', 'the source', 'the Reform UK leader': the agent described so."""
        role = re.sub(r"^(?:the|a|an)\s+", "", m.role.strip(), flags=re.I)
        words = content_words(role)
        head = m.word
        if _ORG_ROLE.fullmatch(head):
            for x in reversed([x for x in self.mentions if x.start < m.start and x.entity is not None
                               and x.entity.kind == "organisation"]):
                entity = x.entity
                if head in entity.descriptors or head in entity.label.lower() or \
                        (head in ("department", "ministry", "government") and self._government(entity)):
                    return entity, "", None
            return None, role, None
        for x in reversed([x for x in self.mentions if x.start < m.start and x.kind in ("entity", "new", "group", "post")]):
            entity, _, post = self.resolve(x) if x.kind == "post" else (x.entity, "", x.post)
            if entity is None or entity.kind != "person":
                continue
            described = " ".join([x.role, entity.role, entity.label, self.gazetteer.post_label(post or entity.post)]
                                 + [r for _, r, e in self.named_roles if e is entity])
            if words and words <= content_words(described):
                return entity, role, post or entity.post
        index = self.sentence_index(m.start)
        if re.fullmatch(r"spokes(?:person|man|woman)", role, re.I):  # "The Home Office said …. A spokesperson added:"
            body = next((x for x in reversed(self.mentions) if x.start < m.start and x.entity is not None
                         and x.entity.kind == "organisation" and x.kind in ("entity", "new")
                         and x.start >= self.sentences[max(0, index - 2)][0]), None)
            if body is not None:
                spokes = spokesperson_of(body, self.gazetteer)
                if spokes is None:
                    local = slug(body.entity.label) if body.entity.new else str(body.entity.iri).split("/")[-1]
                    spokes = new_entity(self.new_entities, f"unnamed-{local}-spokesperson-{self.report_id}", "person",
                                         f"a {body.entity.label} spokesperson (report {self.report_id})", anonymous=True)
                    spokes.works_for = spokes.works_for or body.entity
                    spokes.role = spokes.role or f"{body.entity.label} spokesperson"
                return spokes, role, None
            if re.match(r"an?\s", m.role.strip(), re.I):  # "a spokesman" with no body named just before: a new agent
                entity = new_entity(self.new_entities, f"unnamed-spokesperson-{self.report_id}", "person",
                                     f"a spokesperson (report {self.report_id})", anonymous=True)
                entity.role = entity.role or role
                return entity, role, None
        ahead = words - _NATIONALITIES if self.paragraph_index(m.start) == 0 else words  # "French prefect says"
        for position, described, entity in sorted(self.named_roles, key=lambda r: r[0]):
            if position > m.start and entity.kind == "person" and not entity.anonymous and ahead and \
                    ahead <= content_words(described):
                return entity, role, entity.post
        if index > 0:
            subject = self.subject(index - 1)
            if subject is not None and subject is not m:
                entity, _, post = self.resolve(subject)
                if entity is not None and entity.kind == "person" and not entity.anonymous \
                        and not self._has_other_role(entity, words):
                    return entity, role, post
        entity = new_entity(self.new_entities, f"unnamed-{slug(role)}-{self.report_id}", "person",
                             f"the {role} (report {self.report_id})", anonymous=True)
        entity.role = entity.role or role
        organisation = next((x.entity for x in reversed(self.mentions)
                             if x.entity is not None and x.entity.kind == "organisation"
                             and self.sentences[index][0] <= x.start < self.sentences[index][1]), None)
        entity.works_for = entity.works_for or organisation
        return entity, role, None

    def _government(self, entity: Entity) -> bool:
        return (entity.iri, RDF.type, OO.GovernmentBody) in self.gazetteer.graph

    def _has_other_role(self, entity: Entity, words: set) -> bool:
        """A person the article or the project gives a role that these words do not describe; the article's
        roles are those in apposition after any verb ("Enver Solomon, chief executive of the Refugee Council,
        disputed …"), not only before a speech verb, as named_roles holds them."""
        roles = [r for _, r, e in self.named_roles if e is entity]
        roles += [m.group(1).lower() for x in self.mentions
                  if x.entity is entity and x.kind in ("entity", "new") and (m := _APPOSITION.match(self.text, x.end))]
        if not entity.new:
            for holding in self.gazetteer.graph.subjects(OO.holder, entity.iri):
                roles.append(self.gazetteer.post_label(self.gazetteer.graph.value(holding, OO.post)).lower())
        return bool(roles) and not any(words <= content_words(r) for r in roles)


# a role in apposition after a name (", chief executive of the Refugee Council,"), not a relative clause
_APPOSITION = re.compile(r",\s+(?!(?:who|whose|which|where|when|aged)\b)((?:the |an? )?[a-z][\w'’-]*(?: [\w'’-]+){0,8}?),")


def past_title(before: str, role: str) -> bool:
    """Whether a title is a past holding's ("the then home secretary", "the former home secretary", "ex-minister"):
    `before` the words right before the title, `role` the title as written."""
    return bool(re.search(r"\b(?:then|former|ex)[\s-]*$", before, re.I)
                or re.match(r"(?:the\s+)?(?:then|former|ex)\b", role or "", re.I))


_NATIONALITIES = {"french", "british", "uk", "english", "france", "britain", "european"}


def _gender(entity: Entity, role: str) -> str | None:
    """'f' or 'm' as the rules know a person's gender: from the name or an honorific, and for someone described
    only, from the words describing them ("a Home Office spokeswoman", "a mother of two")."""
    return entity.gender or (gender_from_role(role) if entity.anonymous else None)


def _genderless(entity: Entity | None, role: str) -> bool:
    """Someone described, not named ("one charity worker", "a source"), whose words give no gender: the
    referent of no "he" or "she", which would say more than the text does."""
    return entity is not None and entity.kind == "person" and entity.anonymous and not entity.group \
        and _gender(entity, role) is None


def _role_written_before(text: str, at: int, m: Mention) -> bool:
    """The words from `at` to the mention are the role the text gives that person ("local teacher")."""
    role = m.role or (m.entity.role if m.entity is not None else "")
    return bool(role) and text[at:m.start].strip() == role


def _overlaps(start: str, end: str, when: str) -> bool:
    """A holding from `start` to `end` ('' open) overlaps the date `when` (YYYY, YYYY-MM or YYYY-MM-DD)."""
    first = when + "-01-01"[len(when) - 4:] if len(when) < 10 else when
    last = when + "-12-31"[len(when) - 4:] if len(when) < 10 else when
    if len(when) == 7:
        first, last = when + "-01", when + "-31"
    return (not start or start[:10] <= last) and (not end or end[:10] > first)
