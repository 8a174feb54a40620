"""Figure rules for `kg extract`: numbers with their unit, qualifier and a best-guess indicator.

A figure mention is found by regular expressions over the text: digits ("41,472", "1.6"), numbers in
words ("six", "twenty-one", "welcome two today", "a family of three"), money in pounds and euros ("£50
million", "€200mn", "500 million euros", "hundreds of millions of pounds"), per cents ("25 per cent",
"13%"), ordinals of rank ("second-highest", "the deadliest year on record"), rates ("every week", "one
... for each ..."; a figure per period, "50 people a week", keeps its period as written), and vague
quantities ("dozens", "several", "a handful"). The unit is the noun the number counts (people by default;
boats, flights, cases, investigations, days ...), the comparator the qualifier before it (more than, up to,
at most, an average of, nearly ...).

Not figures: dates ("6 November", "between 16 and 18 September"), years, also as labels ("2025
arrivals", "the 2024 total"), times ("4pm"), ages, ordinals ("the first of up to 100", "a second
flight"), "how many", numbers in names ("Utopia 56", "Article 3"), periods ("the past 12 months", "its
first two months", "over three years") and set phrases ("one in, one out", "one of").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from kg.core.bounds import MAX_DIGITS
from kg.core.wording import DIGIT_NUMBER, ORDINALS, SCALES, SET_PHRASES, WORD_NUMBER, digit_value, word_value
from kg.extract.countries import country_pattern
from kg.extract.text import as_if_lower_case


@dataclass
class FigureMention:
    start: int  # of the stated words
    end: int
    value: Decimal | int | None  # exact: decimal arithmetic, never binary floating point
    unit: str  # local name of an oo:Unit
    comparator: str  # local name of an oo:Comparator
    stated_as: str
    qualifier: str = ""
    number_at: int = -1  # where the number itself is, for the indicator guess
    computed: str = ""  # how the extractor computed a value the text does not write ("one in three" -> 33.33)
    period: str = ""  # a rate's period as written ("a week" in "50 people a week"): the value is per it, not a total
    share: bool = False  # a fraction of a group ("half were women", "a third of them"): a share, never a change
    turned: str = ""  # why the comparator is not the qualifier's ("a fall of more than 9 per cent": below -9)

    def __post_init__(self):
        if isinstance(self.value, Decimal):  # 8.2m is 8200000, not 8200000.0
            integral = self.value == self.value.to_integral_value()
            self.value = Decimal(int(self.value)) if integral else self.value.normalize()

    @property
    def anchor(self) -> int:
        return self.number_at if self.number_at >= 0 else self.start


QUALIFIERS = [  # words before a number -> comparator (longest first when matched)
    ("more than", "MoreThan"), ("just over", "MoreThan"), ("well over", "MoreThan"), ("over", "MoreThan"),
    ("in excess of", "MoreThan"), ("upwards of", "MoreThan"), ("above", "MoreThan"), ("at least", "AtLeast"),
    ("a minimum of", "AtLeast"), ("no fewer than", "AtLeast"), ("no less than", "AtLeast"),
    ("fewer than", "LessThan"), ("less than", "LessThan"), ("just under", "LessThan"), ("under", "LessThan"),
    ("below", "LessThan"), ("almost", "Almost"), ("nearly", "Almost"), ("close to", "Almost"),
    ("just short of", "Almost"), ("up to", "UpTo"), ("as many as", "UpTo"), ("as much as", "UpTo"),
    ("at most", "AtMost"), ("no more than", "AtMost"), ("a maximum of", "AtMost"), ("at the most", "AtMost"),
    ("within", "AtMost"),
    ("an average of", "Average"), ("on average", "Average"), ("average of", "Average"), ("averaged", "Average"),
    ("averaging", "Average"), ("averages", "Average"), ("around", "Around"),
    ("about", "Around"), ("roughly", "Around"), ("approximately", "Around"), ("some", "Around"),
    ("an estimated", "Around"), ("estimated", "Around"), ("circa", "Around"), ("virtually", "Around"),
    ("practically", "Around"), ("nearer", "Around"), ("nearer to", "Around"), ("closer to", "Around"),
]
_QUALIFIER = re.compile(r"(?:^|(?<=\W))(" + "|".join(re.escape(q) for q, _ in sorted(QUALIFIERS, key=lambda x: -len(x[0])))
                        + r")\s+$", re.IGNORECASE)
COMPARATOR_OF = {q: c for q, c in QUALIFIERS}

PEOPLE_NOUNS = (r"people|persons|migrants?|asylum[- ]seekers?|seekers|individuals|immigrants|illegals|refugees|"
                r"children|men|women|adults|arrivals|returnees|deportees|passengers|crossings|"
                r"nationals|foreigners|applicants|claimants|newcomers|removals|deportations|returns|detainees|"
                r"survivors|victims|officers|protesters|asylum claims|volunteers|workers|staff|officials|"
                r"smugglers|traffickers|minors|teenagers|youngsters|babies|boys|girls|residents|prisoners|"
                r"offenders|criminals|convicts|students|Albanians|Iranians|Iraqis|Afghans|Eritreans|Sudanese|"
                r"Syrians|Vietnamese|Indians|Kurds|Egyptians|Somalis|Ethiopians|Libyans|Turks|Britons|"
                r"French|police|troops|soldiers|guards|agents|judges|lawyers|MPs|patients|cases of people")
UNIT_NOUNS = [(PEOPLE_NOUNS, "People"), (r"boats?|dinghies|dinghy|vessels?|crafts?|small boats?", "Boat"),
              (r"flights?|planes?", "Flight"), (r"cases?|appeals?|legal challenges?|challenges?", "Case"),
              (r"investigations?|inquiries|probes?|prosecutions?", "Investigation"),
              (r"months?", "Month"), (r"weeks?", "Week"), (r"days?", "Day"), (r"hours?", "Hour"),
              (r"years?", "Year"), (r"pages?", "Page"),
              (r"countries|nations|states|governments|times|deals|agreements|schemes|incidents|applications|"
               r"claims|hotels|sites|camps|trips|journeys|attempts|arrests|gangs|networks|partners|evictions|"
               r"raids|engines|centres|centers|beds|places|families|households|drones|vehicles|lorries|operations|seizures|"
               r"convictions|charges|offences|crossing points|beaches|routes|visas|permits|decisions", "Count")]
DURATIONS = ("Month", "Week", "Day", "Hour", "Year")
_MODIFIER = (r"(?!(?:" + "|".join(["the", "a", "an", "of", "to", "in", "on", "at", "by", "and", "or", "had", "have",
                                    "has", "were", "was", "are", "is", "will", "would", "who", "which", "that",
                                    "from", "for", "with", "since", "per", "this", "last", "next", "more", "than",
                                    "as", "it", "they", "we", "he", "she", "be", "been", "being", "out", "up", "down",
                                    "back", "off", "over", "each", "every"]) + r")\b)"
             r"(?:[a-z][\w-]*|[A-Z][a-z]+|MORE)")
_UNIT_AFTER = re.compile(r"\s+(?:" + _MODIFIER + r"\s+){0,3}?(" + "|".join(p for p, _ in UNIT_NOUNS) + r")\b")
_THINGS_AFTER = re.compile(r"\s+(?:" + _MODIFIER + r"\s+){0,2}?(?!(?:is|was|has|as|this|thus|plus|less|unless|its|his|"
                           r"hers|ours|yours|us|yes|across|towards|afterwards|besides|perhaps)\b)[a-z]{2,}s\b")
"""A plural noun after a number that no unit noun names ("1.2 million calls", "300 hot meals"): what it counts."""
_NUMBER_OF = re.compile(r"\bnumber of\s+(?:" + _MODIFIER + r"\s+){0,2}?(" + "|".join(p for p, _ in UNIT_NOUNS) +
                        r"|[a-z]{2,}s)\b(?![^.;:!?]*\bnumber of\b)(?:[^.;:!?]|\.(?=\d))*$", re.IGNORECASE)
"""The thing a sentence says a number counts before it, "the number of hotels … to 210", the nearest such words."""
_COMPOUND_NEXT = re.compile(r"[\s-]+(" + "|".join(p for p, _ in UNIT_NOUNS) + r")\b")
_PERCENT = re.compile(r"\s?(%|per\s?cent\b|percent\b|pc\b|percentage points?\b)", re.IGNORECASE)
_HYPHEN_UNIT = re.compile(r"-(page|month|week|day|hour|year)s?\b", re.IGNORECASE)
MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec" \
         r"|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
# (French month names: an AFP dateline "PARIS, 10 février (AFP) -")
_ZONES = r"GMT|BST|UTC|CET|CEST|EST|EDT|ET|h"  # "14:32 GMT", "17.45 BST": a time of day
_RATE = re.compile(r"\s+(?P<period>(?:a|an|per|each|every)\s+(?:day|night|week|fortnight|month|year))(?![\w'’-])"
                   r"(?!\s+(?:ago|earlier|later|before|after|previously|on(?=[,.;]|\s+from\b)|or (?:two|so|more|less)\b|"
                   r"and a half\b|from\s+(?:now|today|tomorrow|then|(?:the|that) (?:date|day)|"
                   r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|since\b(?!\s+(?:(?:early|late|mid)[\s-]+)?(?:" + MONTHS + r"|the (?:summer|spring|autumn|"
                   r"winter|start|beginning|deal|agreement|scheme|election)|then|last)\b)|of\b|long\b|old\b))", re.IGNORECASE)
"""A rate's period right after the figure ("50 people a week", "£5.77m a day", "2,600 per year"), not a time
("a week ago", "a year earlier", "a week or two", "a year from now", "a week from Tuesday": a time, where "£15m a year
from Britain" is a rate) nor a duration ("a year-long"); "since" after the period starts a
time ("a week since he arrived") unless a month, a season or the deal's start follows ("50 a week since October")."""
_LATER_RATE = re.compile(r"(?:\s+(?!(?:and|but|or|nor|while|whereas|when|as|after|before|since|until|than|if|which|"
                         r"who|whom|whose|because|though|although|where|so)\b)[A-Za-z][\w'’-]*){0,9}?"
                         r"\s+(?P<before>[A-Za-z][\w'’-]*)" + _RATE.pattern, re.IGNORECASE)
"""A rate's period later in the figure's clause, after words only (no comma, number or conjunction between): "up
to 50 people could be returned to France each week", "France will receive £15m from Britain each year"; the
word before the period ("before") must not make it a span or a frequency of something else (_NOT_BEFORE_RATE)."""
_PERIOD_FIRST = re.compile(r"^\s*[“‘\"']?\s*(?:(?:and|but|while)\s+)?(?P<period>(?:every|each)\s+(?:day|night|week|fortnight|month|"
                           r"year))(?:\s+since\s+[^,;:.\n]{1,30}?)?,?\s+(?P<rest>[^,;:.!?\n]*)$", re.IGNORECASE)
"""A rate whose period opens its clause, the figure the clause's first ("Every week, boats land about 300 people",
"Every month since March, 80 people …", "…, and each night three hundred set off"): no comma after the period's
words but its own, so that a period of another clause ("Every week we hear of another hotel, 300 …") is none."""
_CLAUSE_START = re.compile(r"[.!?;:\n]|,\s+(?=(?:and|but|while)\b)", re.IGNORECASE)


def _period_first(text: str, start: int) -> re.Match | None:
    """The period that opens the clause a figure starting at `start` stands in, with no number between them."""
    head_start = max((m.end() for m in _CLAUSE_START.finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
    opening = _PERIOD_FIRST.match(text[head_start:start])
    if opening is None or _NUMBER.search(opening.group("rest")):
        return None
    return opening


_NOT_BEFORE_RATE = {"in", "within", "for", "over", "during", "after", "before", "than", "of", "since", "by", "from",
                    "to", "until", "on", "at", "into", "once", "twice", "thrice", "times", "the", "this", "that",
                    "last", "next", "same", "per", "about", "around", "only", "just", "almost", "nearly", "ago"}
_POST_QUALIFIER = re.compile(r"(?:\s+|\s*,\s*(?=(?:or so|or thereabouts|at (?:the )?(?:most|(?:very )?least)),))"
                             r"(or so|or thereabouts|or more|or fewer|or less|at most|at the most|at least|"
                             r"at the very least)\b(?!\s*(?:than|[-–]|\d)|\s+(?:" + WORD_NUMBER +
                             r"|once|twice|thrice|partly|in part|for|until|as|if|when|so)\b)", re.IGNORECASE)
_SECOND_OF_TWO = re.compile(r"(?:\d|\b(?:" + WORD_NUMBER + r"))\s*(?:and|to|or|-|–)\s*[£€$]?\s?$", re.IGNORECASE)
COMPARATOR_AFTER = {"or so": "Around", "or thereabouts": "Around", "or more": "AtLeast", "or fewer": "AtMost",
                    "or less": "AtMost", "at most": "AtMost", "at the most": "AtMost", "at least": "AtLeast",
                    "at the very least": "AtLeast"}
"""A qualifier after the number ("350 or so", "281 at most", "350 people or more", "281 people, at most,"); not
one that qualifies what follows ("at least one of them", "at least twice", "or more than 300")."""
_HYPHEN_COUNT = re.compile(r"-(bed|place|room|seat|cell|berth)\b", re.IGNORECASE)  # "a 400-bed centre" counts beds
_SCALE = re.compile(r"\s?(million|billion|bn|mn|m|k|thousand)\b", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s+(?:(pounds?|sterling)|(euros?|EUR))\b", re.IGNORECASE)
_DATE_RANGE = re.compile(rf"\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:and|to|-|–|until|till)\s*\d{{1,2}}"
                         rf"(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s*(?:and|to|-|–|until|till)\s*\d{{1,2}}(?:st|nd|rd|th)?"
                         rf"\s+(?:of\s+)?(?:{MONTHS}))\b")
_DIRECTION_UP = re.compile(r"^\s*(higher|more|up|increase|rise|above|greater|larger|bigger|rose|increased)\b", re.IGNORECASE)
_DIRECTION_DOWN = re.compile(r"^\s*(lower|less|down|fewer|below|drop|fall|decrease|decline|smaller|fell|dropped|cut)\b",
                             re.IGNORECASE)
_NUMBER = re.compile(rf"(?<![\w£$€.,/-])([£€$]\s?)?({DIGIT_NUMBER}|{WORD_NUMBER})(?![\w-]*\d)(?!/\d)", re.IGNORECASE)
_NOT_A_FIGURE_BEFORE = re.compile(r"\b(Article|Section|Clause|Part|Chapter|Rule|Schedule|page|No|number|Flight|Room|"
                                  r"Gate|Stage|Phase|Level|Tier|Category|Protocol|aged|age|ages|Year|Week|Day|"
                                  r"Channel|Number|Utopia|Route|Junction|Platform|Terminal|Pier|Berth|Camp|Unit|"
                                  r"Paragraph|Regulation|Appendix|Annex|Box)\.?\s+$")
_PERIOD_BEFORE = re.compile(r"\b(the|first|last|past|next|previous|coming|its|their|his|her|recent|over|for the|same|"
                            r"in the|within the|during|throughout)\s+$", re.I)
_DOWN_BEFORE = re.compile(r"\b(fell|fallen|dropped|down|decreased|declined|fall|drop|decrease|decline|cut|reduced|"
                          r"reduction of|falling|dropping)\s+(?:by\s+)?(?:some\s+|about\s+|around\s+|almost\s+|"
                          r"nearly\s+|more than\s+|over\s+)?$", re.I)
_DOWN_OF = re.compile(r"\b(?:fall|drop|decrease|decline|cut|reduction|dip|slump)\s+of\s+(?:some\s+|about\s+|around\s+|"
                      r"roughly\s+|almost\s+|nearly\s+)?$", re.I)
"""A fall named as a noun ("a drop of about a tenth", "a fall of 9 per cent"): the share is negative; with a bound
("a fall of more than a quarter") too, its comparator turned (_falls_as_bounds)."""
TURNED = {"MoreThan": "LessThan", "LessThan": "MoreThan", "AtLeast": "AtMost", "AtMost": "AtLeast", "UpTo": "AtLeast"}
"""A bound on the size of a fall is the opposite bound on the change: a fall of more than 9 per cent is a change of
less than -9 per cent, and a fall of up to 9 per cent a change of at least -9."""
_COMPARATOR_WORDS = {"MoreThan": "more than", "LessThan": "less than", "AtLeast": "at least", "AtMost": "at most"}
_TAKES_PEOPLE = re.compile(r"\b(welcome|welcomed|welcoming|take|took|taking|taken|accept|accepted|accepting|return|"
                           r"returned|returning|send|sent|sending|remove|removed|removing|admit|admitted|admitting|"
                           r"deport|deported|deporting|receive|received|receiving|bring|brought|house|housed|detain|"
                           r"detained|rescue|rescued|arrest|arrested)\s+$", re.I)

VAGUE_WORDS = (r"several hundred|several thousand|several dozen|dozens|hundreds|thousands|tens of thousands|hundreds of thousands|scores|several|a handful|a number|"
               r"many|a few dozen|a few hundred|a few thousand|a few|a couple of dozen")
VAGUE = re.compile(r"\b(" + VAGUE_WORDS + r")[’”'\"]?(\s+(?:more|of|other)[’”'\"]?)?\s+(?:(?:" + _MODIFIER
                   + r")\s+){0,2}?(" + PEOPLE_NOUNS + r"|" + "|".join(p for p, _ in UNIT_NOUNS[1:])
                   + r"|have|had|are|were|returns|removals|keep|kept|continue|continued|crossed|arrived|came|remain|"
                   r"remained|wait|waited|try|tried|made|them|those|(?:a|per|each|every)\s+(?:day|night|week|fortnight|"
                   r"month|year))\b", re.IGNORECASE)
# How many arrive, said without a number: a level ("arrivals via small boats remain high", in people) or
# a change ("soaring Channel crossings", "arrivals continue to rise", "the increase in the number of
# migrants arriving", in per cent), of the flows the reports count.
_FLOW = r"(?:crossings|arrivals|numbers|" + PEOPLE_NOUNS + r")"
_ROUTE = r"(?:\s+(?:via|by|on|in|across)\s+(?:the\s+)?(?:small[- ]boats?|boats?|the Channel|Channel))?"
TRENDS = [
    (re.compile(rf"\b{_FLOW}{_ROUTE}\s+(remain(?:s|ed)?\s+(?:stubbornly\s+)?(high|low|elevated))\b", re.I), "People"),
    (re.compile(rf"\b{_FLOW}{_ROUTE}\s+(?:(?:will|would|could|may|might)\s+)?((?:continue[sd]?|continuing)\s+to\s+"
                r"(rise|grow|climb|increase|fall|drop|decline))\b", re.I), "Percent"),
    (re.compile(r"\b((soaring|surging|spiralling|rising|falling|plummeting)\s+(?:(?:Channel|small[- ]boat|boat|migrant)\s+)?"
                r"(?:crossings|arrivals))\b", re.I), "Percent"),
    (re.compile(rf"\b(the\s+(increase|rise|fall|drop|surge)\s+in\s+the\s+number\s+of\s+{_FLOW}(?:\s+arriving)?)\b", re.I),
     "Percent"),
]
VAGUE_MONEY = re.compile(r"\b((?:tens|hundreds|dozens) of (?:thousands|millions|billions)|millions|billions)"
                         r"(?: more)? of (pounds|euros)\b", re.IGNORECASE)


WITHDRAWN = re.compile(r"\b(?:(?:an?|the)\s+)?(?:earlier|previous|original|first)\s+version(?:\s+of\s+this\s+(?:article|story|"
                       r"report|piece|page))?\b[^.;\n]*|\b(?:wrongly|incorrectly|mistakenly|erroneously)\s+(?:said|stated|"
                       r"reported|gave|put|claimed|suggested)\b[^.;\n]*|(?<=,)\s*not\s+[£€$]?\d[\d,.]*\d?(?:\s?(?:m|bn|million|"
                       r"billion|per cent|%))?(?![\w,.]*\d)", re.I)
"""A correction note's withdrawn words, to the end of their sentence ("An earlier version of this article said 140
people had been returned."), and a number after ", not" ("the daily figure was 1,072, not 1,097"): no figure of the
report, which says they were wrong; the correct figure is."""


_NOTE = re.compile(r"^[ \t\ufeff]*(?:(?:Update|Updated|Correction|Clarification|Amendment|Editor['’]s note)\b[^:\n]{0,60}:|"
                   r"This (?:article|story|report|piece) (?:was|has been) (?:amended|updated|corrected)\b)[^\n]*", re.M | re.I)
_NOTE_WITHDRAWS = re.compile(r"(?:,\s*not|\b(?:rather than|instead of))\s+(?:the\s+)?[£€$]?(\d[\d,.]*\d|\d)", re.I)


def _withdrawn_values(text: str) -> list[tuple[int, int, int, Decimal]]:
    """(note start, number start, number end, value) for each number an update or correction note at a line's start withdraws ("the
    flight carried 42 people, not 48", "An earlier version of this article said 140 …", "42 rather than 48")."""
    out = []
    for note in _NOTE.finditer(text):
        spans = [(m.start(1), m.end(1)) for m in _NOTE_WITHDRAWS.finditer(text, note.start(), note.end())]
        spans += [(m.start(), m.end()) for m in _NUMBER.finditer(text, note.start(), note.end())
                  if any(w.start() <= m.start() < w.end() for w in WITHDRAWN.finditer(text, note.start(), note.end()))]
        for a, b in spans:
            value = digit_value(text[a:b].strip(" ,."))
            if value is not None:
                out.append((note.start(), a, b, Decimal(value)))
    return out


def find_figures(text: str, withdrawn: list | None = None, reading: str | None = None) -> list[FigureMention]:
    """Every figure mention in the text, in order of position (one per stated number); not a figure an update or
    correction note at the end withdraws ("Update: … 42 people, not 48"): the report no longer states it, and it is
    appended to `withdrawn` (for the summary) when a list is given.

    The rules read a sentence in capitals as if in lower case (`reading`, else `as_if_lower_case` of the text: "2
    OFFICIALS SAID 40 PEOPLE …" as "2 officials said 40 people …", whose 2 counts the speakers), since their words
    are lower-case words; what a mention states (its words, qualifier and period as written) is the text's."""
    reading = as_if_lower_case(text) if reading is None else reading
    if reading is text:
        return _find_figures(text, withdrawn)
    held: list = []
    found = [_as_written(text, reading, m) for m in _find_figures(reading, held)]
    if withdrawn is not None:
        withdrawn.extend(_as_written(text, reading, m) for m in held)
    return found


def _as_written(text: str, reading: str, mention: FigureMention) -> FigureMention:
    """`mention`, found in `reading` (the text with sentences in capitals as if in lower case: same offsets), with
    its words as the text writes them ("MORE THAN 500", not "more than 500")."""
    lo, hi = max(0, mention.start - 200), mention.end + 200

    def written(words: str) -> str:
        if not words or words in text[lo:hi]:
            return words
        at = re.search(re.escape(words), reading[lo:hi], re.IGNORECASE)  # (a qualifier may be read in lower case)
        return text[lo + at.start():lo + at.end()] if at else words

    def quoted(sentence: str) -> str:  # "Computed by the extractor from 'one in ten': …"
        return re.sub(r"(?<=['‘])([^'‘’]+)(?=['’])", lambda q: written(q.group(1)), sentence)

    stated = text[mention.start:mention.end] if reading[mention.start:mention.end] == mention.stated_as else \
        written(mention.stated_as)
    return replace(mention, stated_as=stated, qualifier=written(mention.qualifier), period=written(mention.period),
                   computed=quoted(mention.computed), turned=quoted(mention.turned))


def _find_figures(text: str, withdrawn: list | None = None) -> list[FigureMention]:
    found = _all_figures(text)
    # each withdrawn number with the unit of the figure the note gives in its place ("42 people, not 48": people),
    # None where it gives none: "not 48" withdraws an earlier 48 people, never an earlier 48 per cent
    notes = [(note, a, b, value, next((m.unit for m in reversed(found) if note <= m.start and m.end <= a), None))
             for note, a, b, value in _withdrawn_values(text)]
    kept = []
    for mention in found:
        if isinstance(mention.value, Decimal) and mention.value.adjusted() >= MAX_DIGITS:
            continue  # digits no report states as a figure, and no data file holds (kg.core.bounds): a draft's
            # Turtle wrote them out (str of an int of 5,000 digits stopped kg extract with an internal error)
        if any(a < mention.end and mention.start < b for _, a, b, _, _ in notes):
            continue  # the note's own withdrawn number ("42 rather than 48")
        if mention.value is not None and mention.unit not in DURATIONS and \
                any(mention.end <= note and mention.value == value and unit in (None, mention.unit)
                    for note, _, _, value, unit in notes):
            if withdrawn is not None:
                withdrawn.append(mention)
            continue
        kept.append(mention)
    return kept


def _all_figures(text: str) -> list[FigureMention]:
    found: list[FigureMention] = []
    taken: list[tuple[int, int]] = []
    not_figures = [(m.start(), m.end()) for m in _DATE_RANGE.finditer(text)]
    not_figures += [(m.start(), m.end()) for m in re.finditer(r"\bhow (?:many|much)\b", text, re.I)]
    not_figures += [(m.start(), m.end()) for m in WITHDRAWN.finditer(text)]  # a correction's withdrawn figure
    not_figures += [(m.start(1), m.end(1)) for m in re.finditer(r",\s*not\s+(" + VAGUE_WORDS + r")\b", text, re.I)]
    # "hundreds, not thousands": the quantity the words deny is none
    not_figures += [(m.start(), m.end()) for m in re.finditer(r"\b(?:half|twice|(?:two|three|four|five|ten) times) as many\b",
                                                              text, re.I)]  # a ratio with no number: no figure

    def add(mention: FigureMention) -> None:
        converted = re.search(r"\(\s*(?:about\s+|around\s+|roughly\s+)?$", text[max(0, mention.start - 12):mention.start])
        if any(a < mention.end and mention.start < b for a, b in not_figures) or \
                any(a < mention.end and mention.start < b and not (converted and a <= mention.start and mention.end <= b)
                    for a, b in taken):  # a conversion in brackets inside a rate's words is a figure of its own
            return
        taken.append((mention.start, mention.end))
        found.append(mention)

    numbers = [mention for match in _NUMBER.finditer(text) if (mention := _number(text, match)) is not None]
    periods = [(m.end - len(m.period), m.end) for m in numbers if m.period]
    for mention in _special(text):  # special readings may overlap each other ("exceeded the total of N")
        if any(a < mention.end and mention.start < b for a, b in not_figures) or \
                (mention.start, mention.end) in periods:  # "50 people every week": the rate's period, no figure
            continue
        taken.append((mention.start, mention.end))
        found.append(mention)
    for m in VAGUE_MONEY.finditer(text):
        unit = "Euro" if m.group(2).lower().startswith("euro") else "PoundSterling"
        add(FigureMention(m.start(), m.end(), None, unit, "Vague", m.group(0), m.group(1), m.start()))
    for mention in _alternatives(text):
        add(mention)
    for mention in numbers:
        add(mention)
    for match in VAGUE.finditer(text):
        words = match.group(1)
        noun = match.group(3)
        if words.lower() in ("many", "a few", "a number") and \
                not re.fullmatch(PEOPLE_NOUNS + "|" + UNIT_NOUNS[-1][0], noun, re.I):
            continue
        unit = next((u for pattern, u in UNIT_NOUNS if re.fullmatch(pattern, noun, re.I)), "People")
        if unit in DURATIONS or not re.fullmatch("|".join(p for p, _ in UNIT_NOUNS) + "|" + PEOPLE_NOUNS, noun, re.I):
            unit = "People"
        end = match.end(1) if not match.group(2) else match.end(2)
        period = noun if _RATE.match(" " + noun) else ""  # "several thousand a month": a vague rate, never a total
        end = match.end(3) if period else end
        add(FigureMention(match.start(1), end, None, unit, "Vague", text[match.start(1):end], words, match.start(1),
                          period=period))
    for match in re.finditer(r"\bin the (?:low |high )?(tens of thousands|hundreds of thousands|thousands|hundreds|dozens)\b"
                             r"(?!\s+of\b)", text, re.I):  # "returns are in the low hundreds": a level said without a number
        add(FigureMention(match.start(1), match.end(1), None, "People", "Vague", match.group(1), match.group(1),
                          match.start(1)))
    for match in re.finditer(r"\b(relatively small(?: numbers)?|small numbers|large numbers|record numbers|a handful|"
                             r"a trickle)\b", text, re.I):
        words = match.group(1)
        add(FigureMention(match.start(), match.end(), None, "People", "Vague", words, words, match.start()))
    for pattern, unit in TRENDS:
        for match in pattern.finditer(text):
            add(FigureMention(match.start(1), match.end(1), None, unit, "Vague", match.group(1), match.group(2),
                              match.start(1)))
    for match in re.finditer(r"[‘“'\"](dozens|hundreds|thousands|scores)[’”'\"]|\b(dozens|hundreds|thousands|scores)"
                             r"(?=,\s*not\s)", text, re.I):  # "‘dozens’", "hundreds, not thousands"
        word = match.lastindex
        add(FigureMention(match.start(word), match.end(word), None, "People", "Vague", match.group(word),
                          match.group(word), match.start(word)))
    for match in re.finditer(r"(?:^|(?<=\n))(Dozens|Hundreds|Thousands|Scores|Several|Many)\b(?! of)", text):
        add(FigureMention(match.start(1), match.end(1), None, "People", "Vague", match.group(1), match.group(1),
                          match.start(1)))
    for match in re.finditer(r"\b(?:a )?couple of (hundred|thousand)\b", text, re.I):  # "a couple of hundred": about 200
        noun = _UNIT_AFTER.match(text, match.end())
        unit = next((u for pattern, u in UNIT_NOUNS if noun and re.fullmatch(pattern, noun.group(1), re.I)), "People")
        add(FigureMention(match.start(), match.end(), 2 * SCALES[match.group(1).lower()], unit, "Around", match.group(0),
                          "a couple of", match.start()))
    return _falls_as_bounds(text, _periods_first(text, _ranges(text, _averages(text, sorted(found, key=lambda m: m.start)))))


def _falls_as_bounds(text: str, found: list[FigureMention]) -> list[FigureMention]:
    """'fell by more than 9 per cent', 'a fall of more than a quarter', 'down by up to 9%': a bound on the size of a
    fall. Its value is the change (negative) and its comparator the opposite bound (TURNED: less than -9), which
    the text does not write: the mention says why (`turned`), for the draft to mark."""
    out = []
    for mention in found:
        before = text[max(0, mention.start - 30):mention.start]
        if mention.unit == "Percent" and mention.value is not None and mention.comparator in TURNED and \
                not mention.share and (mention.value < 0 or _DOWN_BEFORE.search(before) or _DOWN_OF.search(before)):
            value, comparator = -abs(mention.value), TURNED[mention.comparator]
            mention = replace(mention, value=value, comparator=comparator, turned=(
                f"The text bounds the size of a fall (‘{mention.stated_as}’): the change is "
                f"{_COMPARATOR_WORDS[comparator]} {value} per cent, the comparator the extractor turned from the "
                f"words' ‘{mention.qualifier}’."))
        out.append(mention)
    return out


def _periods_first(text: str, found: list[FigureMention]) -> list[FigureMention]:
    """A rate whose period comes first ("Every week, boats land about 300 people"): the clause's first figure, and
    the second bound of its range, keep the period as written; the period's words stay outside oo:statedAs, in the
    same sentence."""
    out = []
    for mention in found:
        if mention.value is not None and not mention.period and mention.unit not in ("Percent", "RankPosition", *DURATIONS):
            opening = _period_first(text, mention.start)
            earlier = out[-1] if out else None
            if opening is None and earlier is not None and earlier.period and earlier.comparator == "AtLeast" and \
                    mention.comparator == "AtMost" and earlier.end <= mention.start and \
                    _period_first(text, earlier.start) and not re.search(r"[,;:.!?\n]", text[earlier.end:mention.start]):
                mention = replace(mention, period=earlier.period)  # "between 20 and 25": the range's second bound
            elif opening is not None:
                mention = replace(mention, period=opening.group("period"))
        out.append(mention)
    return out


# An average said to reach the value: "the average" and then, in the same clause (no , ; or :), the verb right
# before the value. Matched as two linear searches (_average_reached): one pattern spanning both, tried from each
# "the average" of a long sentence to its end and again for each value in it, took cubic time (17 s a sentence).
_REACHED = re.compile(r"\b(?:was|is|were|are|reached|rose to|fell to|climbed to|dropped to|stood at|hit)$", re.I)
_AVERAGE = re.compile(r"\b(?:the|an?|its|their)\s+average\b", re.I)
_COMPARED = re.compile(r"(?:,\s*)?\b(?:compared with|compared to|against|up from|down from)\s+$", re.I)


def _averages(text: str, found: list[FigureMention]) -> list[FigureMention]:
    """'The average number of people on each boat reached 61, compared with 53 in 2024': the value an average is
    said to reach is an average, and so is the value its sentence compares it with, in the same unit."""
    out = []
    for mention in found:
        sentence_start = max(text.rfind(".", 0, mention.start), text.rfind("\n", 0, mention.start)) + 1
        head = text[sentence_start:mention.start]
        earlier = next((m for m in reversed(out) if m.start >= sentence_start), None)
        if mention.comparator == "Exactly" and mention.value is not None and (
                _average_reached(head) or _COMPARED.search(head) and earlier is not None and
                earlier.comparator == "Average" and earlier.unit == mention.unit):
            mention = replace(mention, comparator="Average", qualifier="average")
        out.append(mention)
    return out


def _average_reached(head: str) -> bool:
    """Whether the words before a value end with an average's verb, "the average" earlier in the same clause."""
    end = len(head.rstrip())
    verb = _REACHED.search(head, max(0, end - 12), end) if end < len(head) else None  # (10 letters at most)
    if verb is None:
        return False
    clause = max(head.rfind(mark, 0, verb.start()) for mark in ",;:") + 1
    return any(found.end() <= verb.start() for found in _AVERAGE.finditer(head, clause, verb.start()))


def _ranges(text: str, found: list[FigureMention]) -> list[FigureMention]:
    """'between 40 and 50 people': a range is its two bounds, at least the first and at most the second (the
    ontology has no range comparator), both in the unit the second counts."""
    out = list(found)
    for i, (low, high) in enumerate(zip(found, found[1:])):
        opening = re.search(r"\bbetween\s+$", text[max(0, low.start - 9):low.start], re.I)
        if not opening or low.comparator != "Exactly" or high.comparator != "Exactly" or low.value is None or \
                high.value is None or not re.fullmatch(r"\s+and\s+", text[low.end:high.start]):
            continue
        start = low.start - (len(opening.group(0)))
        out[i] = replace(low, start=start, comparator="AtLeast", unit=high.unit, qualifier="between",
                         stated_as=text[start:low.end], period=high.period)
        out[i + 1] = replace(high, comparator="AtMost", qualifier="and", stated_as=high.stated_as)
    return out


_ALTERNATIVE = re.compile(rf"(?<![\w£$€.,/-])({DIGIT_NUMBER}|{WORD_NUMBER})([ \t]+(?:or|to)[ \t]+|[ \t]?[–-][ \t]?|,[ \t]+)(?=[£€]?\w)",
                          re.IGNORECASE)
_ANY_NUMBER = re.compile(rf"([£€$]\s?)?({DIGIT_NUMBER}|{WORD_NUMBER})", re.IGNORECASE)


def _alternatives(text: str):
    """'four or five hundred people', 'two or three boats', 'some 300 to 400', '3,000–4,000', '300-400 people': a
    range as 'between X and Y' is, at least the first and at most the second, in the unit (and scale) of the
    second ('four or five hundred' is 400 to 500); the words as written. Not a change ('from 300 to 400'), nor
    years ('2023-24')."""
    for m in _ALTERNATIVE.finditer(text):
        second = _ANY_NUMBER.match(text, m.end())
        high = _number(text, second) if second else None
        low_value = word_value(m.group(1)) if not m.group(1)[0].isdigit() else digit_value(m.group(1))
        if high is None or high.value is None or low_value is None or high.unit in ("RankPosition",) or \
                re.search(r"\b(?:from|aged|ages|between)\s+$", text[max(0, m.start() - 10):m.start()], re.I) or \
                re.fullmatch(r"(?:19|20)\d\d", m.group(1)) or m.group(2).strip() in ("-", "–") and not m.group(1)[0].isdigit():
            continue
        raw = word_value(second.group(2)) if not second.group(2)[0].isdigit() else digit_value(second.group(2))
        scale = Decimal(high.value) / Decimal(raw) if raw else Decimal(1)  # "£2-3m": the second's scale letter
        word_scale = re.search(r"\b(hundred|thousand|million|billion)$", second.group(2), re.I)
        if word_scale and not re.search(r"\b(?:hundred|thousand|million|billion)$", m.group(1), re.I):
            scale *= SCALES[word_scale.group(1).lower()]  # "four or five hundred": hundreds
        low = Decimal(low_value) * scale
        if low >= high.value or m.group(2).strip() == "," and not _counted_off(text, m, low_value, raw):
            continue
        start, comparator, qualifier = _qualified(text, m.start())
        yield FigureMention(start, m.end(1), low, high.unit, "AtLeast", text[start:m.end(1)], qualifier, m.start(),
                            period=high.period)
        yield replace(high, comparator="AtMost", qualifier=m.group(2).strip())


def _counted_off(text: str, m: re.Match, low, high) -> bool:
    """'come back three, four times': two counts in words a comma apart, the second one more than the first, are
    the speaker's range; not a list ('two, three and four'), nor two numbers of two phrases ('In two, three people
    …', 'Of the 30, 40 were …')."""
    return not m.group(1)[0].isdigit() and high == low + 1 and \
        not re.search(r"\b(?:in|of|at|on|by|for|to|from|with|than)\s+$", text[max(0, m.start() - 6):m.start()], re.I) and \
        not re.match(rf"[\w-]*(?:\s+[a-z]+)?,?\s+(?:and|or)\s+(?:{WORD_NUMBER})\b", text[m.end():m.end() + 40], re.I)


_ORD = "|".join(ORDINALS)


def _special(text: str):
    """Figures not written as a number: ranks, rates, ratios, zero."""
    for m in re.finditer(rf"\b(?:the\s+)?({_ORD})[- ](highest|largest|biggest|worst|busiest|lowest)\b", text, re.I):
        yield FigureMention(m.start(1), m.end(), ORDINALS[m.group(1).lower()], "RankPosition", "Exactly",
                            text[m.start(1):m.end()], number_at=m.start(1))
    for m in re.finditer(r"\b(all-time high|record high|highest ever|highest on record|largest ever|record level|"
                         r"the (?:highest|largest|biggest|busiest|deadliest|worst|lowest)(?: [\w-]+){0,5}? "
                         r"(?:on record|ever(?: recorded)?|since records began|so far this year|this year|of the year|"
                         r"(?:under|of|in) (?:the|this) (?:scheme|deal|agreement|pilot) so far))\b",
                         text, re.I):
        if re.search(r"\b(the )?(second|third|fourth|fifth)[- ]$", text[max(0, m.start() - 8):m.start()], re.I):
            continue
        yield FigureMention(m.start(), m.end(), 1, "RankPosition", "Exactly", m.group(0), number_at=m.start())
    for m in re.finditer(r"\bthe (highest|largest|biggest)( \w+){0,3} since (19|20)\d\d\b", text, re.I):
        yield FigureMention(m.start(), m.end(), 2, "RankPosition", "AtLeast", m.group(0),
                            m.group(0).rsplit(" ", 1)[0], m.start(),  # "the highest annual total since", as written
                            computed=f"Read by the extractor from '{m.group(0)}': the text ranks it only among the "
                                     f"years since {text[m.end() - 4:m.end()]}; that that year was higher, so that it "
                                     "is at best second (position at least 2), is the usual reading of 'since', "
                                     "not a number the text states.")
    for m in re.finditer(r"\b(every|each|within a|within one|once a) (week|month)\b", text, re.I):
        returns = _RETURNS_BEFORE.search(text[max(0, m.start() - 80):m.start()])
        if not returns or _CHANGE_VERB.search(returns.group(0)):
            continue  # "growing every month", "every week we hear of another hotel", "returns are rising every
            # week": how often, no count
        within = m.group(1).lower().startswith("within")  # a deadline: at most a week
        yield FigureMention(m.start(), m.end(), 1, m.group(2).capitalize(), "AtMost" if within else "Exactly",
                            m.group(0), m.group(1).split()[0] if within else "", number_at=m.start())
    for m in re.finditer(rf"\ba ({_ORD}) time\b", text, re.I):
        if m.group(1).lower() != "first":
            yield FigureMention(m.start(), m.end(), ORDINALS[m.group(1).lower()], "Count", "Exactly", m.group(0),
                                number_at=m.start())
    for m in re.finditer(r"\bone [\w-]+(?: [\w-]+){0,8}? for (?:each|every) \w+", text, re.I):
        yield FigureMention(m.start(), m.end(), 1, "PerPerson", "Exactly", m.group(0), number_at=m.start())
    for m in re.finditer(r"\bthe same number\b", text, re.I):
        sentence = text[max(0, m.start() - 150):m.end() + 150]
        if re.search(r"\b(return|returns|accepts?|exchange|swap|in return)\b", sentence, re.I):
            yield FigureMention(m.start(), m.end(), 1, "PerPerson", "Exactly", m.group(0), number_at=m.start())
    for m in re.finditer(r"\b(?:(virtually|almost|practically|nearly|close to)\s+)?zero\b", text, re.I):
        context = text[max(0, m.start() - 120):m.start()]
        unit = "Percent" if re.search(r"\b(chances?|likelihood|probability|odds|risk)\b", context, re.I) else "People"
        comparator = "Around" if m.group(1) else "Exactly"
        yield FigureMention(m.start(), m.end(), 0, unit, comparator, m.group(0), m.group(1) or "", m.start())
    for m in re.finditer(r"\b(exceeded|exceeds|exceed|surpassed|surpasses|surpass|topped|tops|top|passed|passes|overtook|"
                         r"overtakes|beat|beats|pass)\s+(?:the\s+(?:total|figure|number|record)\s+of\s+)?"
                         rf"({DIGIT_NUMBER})\b", text, re.I):
        noun = re.match(r"\s+([a-z]{3,}s)\b", text[m.end():m.end() + 30])
        if noun and not re.fullmatch(PEOPLE_NOUNS, noun.group(1), re.I) and \
                noun.group(1) not in ("this", "thus", "across", "unless", "plus", "perhaps", "towards"):
            continue  # "voted to pass 3 amendments": not a count passed
        if not re.fullmatch(r"(19|20)\d\d", m.group(2)):
            negation = _NEGATION.search(text[max(0, m.start() - 60):m.start()])  # "did not exceed 20,000": at most
            start = m.start() - (len(negation.group(0)) if negation else 0)
            yield FigureMention(start, m.end(), digit_value(m.group(2)), "People", "AtMost" if negation else "MoreThan",
                                text[start:m.end()], text[start:m.start(2)].strip(), m.start(2))
            if m.group(0) != m.group(1) + " " + m.group(2):  # "the total of N": N is a figure of its own
                yield FigureMention(m.start(2), m.end(2), digit_value(m.group(2)), "People", "Exactly", m.group(2),
                                    number_at=m.start(2))
    for m in re.finditer(r"\b(?:surpassed|exceeded|beaten|topped|second) only (?:by|to) (?:the )?(?:[\w-]+ ){0,4}?"
                         r"(?:in|of) (?:19|20)\d\d\b", text, re.I):
        yield FigureMention(m.start(), m.end(), 1, "RankPosition", "Exactly", m.group(0), number_at=m.start())
    for m in re.finditer(r"\b(?:is|was|represents|marks|became|becomes|be) (the first)\b(?! time| of\b| to\b| person| "
                         r"migrant| man| woman| people| group| flight| of its kind)", text, re.I):
        yield FigureMention(m.start(1), m.end(1), 1, "RankPosition", "Exactly", m.group(1), number_at=m.start(1))
    small = r"one|two|three|four|five|six|seven|eight|nine|[0-9]{1,4}"  # (b > 1000 is none; 5,000 digits an internal error)
    for m in re.finditer(rf"(?<![\d,.£$€])\b({small})[ -]in[ -](?:every )?({small}|ten|twenty|a hundred|hundred)\b(?![,]|-(?!chance))",
                         text, re.I):  # "one in ten", "a one-in-ten chance"
        a = word_value(m.group(1)) if not m.group(1).isdigit() else int(m.group(1))
        b = word_value(m.group(2).replace("a hundred", "hundred")) if not m.group(2).isdigit() else int(m.group(2))
        if not a or not b or a >= b or b > 1000:
            continue
        start, comparator, qualifier = _qualified(text, m.start())
        if comparator is None:
            continue
        value, rounded = _percent(a, b)
        yield FigureMention(start, m.end(), value, "Percent", comparator, text[start:m.end()], qualifier, m.start(),
                            computed=f"Computed by the extractor from '{m.group(0)}': {a}/{b} as a percentage"
                                     f"{rounded}; the text states the ratio, not this number.")
    fractions = {"half": (1, 2), "third": (1, 3), "quarter": (1, 4), "fifth": (1, 5), "tenth": (1, 10),
                 "two-thirds": (2, 3), "two thirds": (2, 3), "three-quarters": (3, 4), "three quarters": (3, 4)}
    for m in re.finditer(r"\b(?:(?:a|one) (half|third|quarter|fifth|tenth)|(two[- ]thirds|three[- ]quarters)|(half))"
                         r"(?: of\b|(?= since| on| in| from| compared| this| last| over| and| but| while| as|[.,;]|$| more than| fewer than| higher"
                         rf"| lower| up on| down on|{_SHARE_VERB})(?<=\w)(?=.{{0,0}}))", text, re.I):
        start, comparator, qualifier = _qualified(text, m.start())
        if comparator is None:
            continue
        share = re.match(_SHARE_VERB, text[m.end():])  # "two-thirds were men": the subject, a share of a group
        if share and re.search(r"\b(?:the|first|second|other|latter|former|this|that|each|every)\s+$",
                               text[max(0, m.start() - 10):m.start()], re.I):
            continue  # "the second half was": a part of a time or a match, no share
        change = re.match(r" (more|fewer|higher|lower|up|down) (?:than|on)\b", text[m.end():m.end() + 14], re.I)
        if re.match(r" a (?:million|billion)\b", text[m.end():m.end() + 10], re.I):
            continue  # "a quarter of a million": a number, read below
        if not re.search(r"\bof$", m.group(0)) and not change and not share and \
                not re.search(r"\b(?:by|(?:fall|rise|drop|increase|decrease|cut|reduction|jump|surge|decline|growth) of)"
                              r"\s+(?:\w+\s+)?$", text[max(0, start - 30):start]):
            continue  # "a third of them", "risen by nearly a fifth since", "a fall of more than a quarter in",
            # "a quarter more than last year", "half were women"; not "a third time"
        words = (m.group(1) or m.group(2) or m.group(3)).lower()
        end = m.end() - 3 if m.group(0).endswith(" of") else m.end()
        value, rounded = _percent(*fractions[words])
        if change and change.group(1).lower() in ("fewer", "lower", "down") or \
                not change and (_DOWN_BEFORE.search(text[max(0, start - 30):start]) or
                                comparator in ("Exactly", "Around", "Almost") and
                                _DOWN_OF.search(text[max(0, start - 30):start])):
            value = -value  # "a quarter lower than", "fell by half"
        yield FigureMention(start, end, value, "Percent", comparator, text[start:end], qualifier, m.start(),
                            computed=f"Computed by the extractor from '{text[m.start():end]}': "
                                     f"{fractions[words][0]}/{fractions[words][1]} as a percentage{rounded}; "
                                     "the text states the fraction, not this number.",
                            share=not change and (bool(share) or m.group(0).endswith(" of")))
    yield from _comparisons(text)
    for m in re.finditer(r"\b(?:(?:a|one) (quarter|third|half) of a|(three[- ]quarters|two[- ]thirds) of a|(half) a) (million|billion)\b"
                         r"(?:\s+(pounds|euros))?", text, re.I):  # "a quarter of a million people", "half a billion pounds"
        words = (m.group(1) or m.group(2) or m.group(3)).lower().replace(" ", "-")
        a, b = {"quarter": (1, 4), "third": (1, 3), "half": (1, 2), "three-quarters": (3, 4), "two-thirds": (2, 3)}[words]
        value = (Decimal(a) * SCALES[m.group(4).lower()] / b).quantize(Decimal(1))
        currency = text[max(0, m.start() - 1):m.start()]
        unit = "PoundSterling" if currency == "£" or (m.group(5) or "").lower() == "pounds" else \
            "Euro" if currency == "€" or (m.group(5) or "").lower() == "euros" else "People"
        start, comparator, qualifier = _qualified(text, m.start())
        if comparator is None:
            continue
        rate = _rate_after(text, m.end(), unit)  # "half a billion euros a year": a rate, never a total
        end = rate.end() if rate else m.end()
        yield FigureMention(start, end, value, unit, comparator, text[start:end], qualifier, m.start(),
                            period=rate.group("period") if rate else "")


_RETURNS_BEFORE = re.compile(r"\b(?:return|returns|returned|returning|remove|removes|removed|removing|deport|deports|"
                             r"deported|deporting|expel|expels|expelled|expelling|(?:send|sends|sent|sending)\s+"
                             r"(?:[\w'’-]+\s+){0,3}?back)(?:\s+(?!(?:and|but|or|while|whereas|as|when|because)\b)"
                             r"[\w'’-]+){0,6}?\s+$", re.I)
"""A return verb just before "every week" in its clause ("we are sending people back every week", "deport all
illegal immigrants within a week of arrival"): the period is then how often people are returned (the shared
indicator of the return interval) or a deadline for it, a figure of one week; without one, "every week",
"each month", "once a week", "in a month" say how often or how long something else happens ("arrivals are
growing every month", "every week we hear of another hotel", "numbers doubled in a month"): no figure."""

_CHANGE_VERB = re.compile(r"\b(?:ris(?:e|es|ing)|rose|risen|grow(?:s|ing|n)?|grew|increas\w*|fall(?:s|ing|en)?|fell|"
                          r"drop\w*|climb\w*|doubl\w*|declin\w*|slow\w*|improv\w*)\b", re.I)
"""A verb of change between a return word and "every week" ("returns are rising every week"): how often the count
changes, not how often people are returned."""

_FLOWS = r"arrivals|crossings|returns|removals|deportations|admissions|numbers|total|totals|figure|figures|count|level"
_AGE_SUBJECT = re.compile(r"\b(?:(" + _FLOWS + r")|(half|thirds?|quarters?|fifths?|tenths?|most|many|some|all|none|"
                          r"majority|minority|per cent|percent|them|they|who|those|whom|each|one|" + PEOPLE_NOUNS +
                          r"))(?:\s+of\s+(?:them|whom)\s+(?:(?:were|are|was|is)\s+)?|\s+(?:were|are|was|is|be|been|being)\s+)(?:all\s+|mostly\s+|still\s+|"
                          r"reportedly\s+|said to be\s+)?(?:under|over|below|above|younger than|older than)\s+$", re.I)


def _age_bound(text: str, start: int, end: int, number: str, before: str) -> bool:
    """An age written as a bound: after "aged" with a qualifier ("aged under 18"), after a share or people that
    "were under 18" ("half were under 18", "the children were under 10"; not "arrivals were under 1,000"), or
    before "and under/over" after people ("children 16 and under"). Ages are whole numbers below 120."""
    if "," in number or not number.isdigit() or int(number) >= 120 or _UNIT_AFTER.match(text, end) or \
            _PERCENT.match(text, end) or _SCALE.match(text, end):
        return False
    if re.search(r"\b(?:aged|age|ages)\s+(?:under|over|below|above|up to|at least|around|about|between|from)\s+$",
                 before, re.I):
        return True
    subject = _AGE_SUBJECT.search(before)
    if subject and subject.group(2):  # people or a share of them, not a flow ("arrivals were under 100")
        return True
    return bool(re.match(r"\s+(?:and|or)\s+(?:under|over|younger|older|below|above)\b", text[end:end + 20], re.I) and
                re.search(r"\b(?:" + PEOPLE_NOUNS + r"|those|anyone|everyone)\s+(?:aged\s+)?$", before, re.I))


_SHARE_VERB = (r" (?:were|was|are|is|had|have|has|came|come|did|do|does|will|would|could|can|may|might|should|must|"
               r"remain(?:ed|s)?|said|say|says)\b")
"""A verb right after a fraction makes it the subject ("two-thirds were men", "half said"): a share of a group."""


def _percent(a: int, b: int) -> tuple[Decimal, str]:
    """a/b as a percentage, exact or to two decimal places, and the words saying it was rounded.

    >>> _percent(1, 3), _percent(1, 4)
    ((Decimal('33.33'), ', rounded to two decimal places'), (Decimal('25'), ''))
    """
    exact = Decimal(a) * 100 / Decimal(b)
    value = exact.quantize(Decimal("0.01"))
    if value == exact:
        return (Decimal(int(value)) if value == value.to_integral_value() else value.normalize()), ""
    return value, ", rounded to two decimal places"


_OUT = r"\b(send\w*|sent|deport\w*|remov\w*|return\w*)\b"
_IN = r"\b(receiv\w*|admit\w*|brought|accept\w*|enter\w*|arriv\w*|come in|came in|taken in|coming in)\b"


def _comparisons(text: str):
    """'more came in than were sent back' states a sign without a number: a net inflow above (or below) 0."""
    for m in re.finditer(r"\b(more|higher|fewer|lower)\b([^.;]{0,160}?)\bthan\b([^.;]{0,100})", text, re.I):
        before = text[max(0, m.start() - 25):m.start()]
        if re.search(r"(\d|per cent|%|dozens|hundreds|thousands|several|many|\bno)\s*$", before, re.I):
            continue
        left, right = m.group(2), m.group(3)
        if re.search(_IN, left, re.I) and re.search(_OUT, right, re.I) and not re.search(_OUT, left, re.I):
            sign = 1
        elif re.search(_OUT, left, re.I) and re.search(_IN, right, re.I) and not re.search(_IN, left, re.I):
            sign = -1
        else:
            continue
        if m.group(1).lower() in ("fewer", "lower"):
            sign = -sign
        # the "than" clause's words, read from the text: `right` ends after 100 characters, which may be in a word
        end = m.start(3) + len(re.match(r"\s*[^\s,.;]*(?:\s+[^\s,.;]+){0,9}", text[m.start(3):m.start(3) + 400]).group(0))
        # the qualifier is the comparative as written ("more"): "more ... than" is words apart, pieced together
        yield FigureMention(m.start(), end, 0, "People", "MoreThan" if sign > 0 else "LessThan", text[m.start():end],
                            m.group(1), m.start())


_NEGATION = re.compile(r"\b(?:not|never|\w+n['’]t)\s+(?:(?:expected|likely|thought|set|projected|forecast|predicted|"
                       r"due|going|to|be|been|have|has|had|fall|fallen|drop|dropped|rise|risen|go|gone|reach|reached|"
                       r"climb|climbed|get|got|come|came|total|totalled|amount|amounted|number|numbered)\s+){0,4}$",
                       re.IGNORECASE)
_ABOUT_OVER = re.compile(r"\b(?:rows?|clash(?:es|ed|ing)?|disputes?|disputed|arguments?|argu(?:e|ed|ing)|questions?|"
                         r"questioned|concerns?|concerned|fears?|feared|worr(?:y|ies|ied)|anger|angry|fury|furious|"
                         r"outrage|outcry|uproar|alarm|talks?|negotiations?|battles?|fight(?:s|ing)?|splits?|showdown|"
                         r"stand-?off|tensions?|criticism|criticised|probe|inquiry|scrutiny|controversy|wrangl(?:e|ing)|"
                         r"spat|feud|rift|storm|furore|backlash|protests?|protested|legal action|challenge|appeal|"
                         r"blame|divided|deal|agreement|U-turn)\s+$", re.IGNORECASE)
"""Words before "over" that make it a preposition (what a dispute, worry or talk is about), not "more than"."""
_TALKING_ABOUT = re.compile(r"\b(?:talk|talks|talking|talked|speak|speaks|speaking|spoke|think|thinks|thinking|thought|"
                           r"know|knows|knew|ask|asks|asking|asked|worried|worry|worries|care|cares|cared|hear|heard|"
                           r"read|wrote|write|writing|joke|joked|complain|complained)\s+$", re.I)
"""A verb whose "about" is a preposition ("you are talking about one in twenty"): the number is what it is about."""
NEGATED = {"MoreThan": "AtMost", "LessThan": "AtLeast", "AtLeast": "LessThan", "AtMost": "MoreThan"}
"""A negated bound is the opposite one: "not more than" is at most, "did not exceed" at most, "not ... below"
at least. Other negated qualifiers ("not nearly", "not around") say no number: no figure is drafted."""


def _qualified(text: str, start: int) -> tuple[int, str | None, str]:
    """The qualifier written just before `start` ("more than", "around"): (new start, comparator, words), the
    words from a negation before it ("not expected to fall below"), comparator None when negation leaves none."""
    before = text[max(0, start - 40):start]
    q = _QUALIFIER.search(before)
    if not q:
        return start, "Exactly", ""
    at = start - (len(before) - q.start(1))
    if q.group(1).lower() == "over" and _ABOUT_OVER.search(text[max(0, at - 30):at]):
        return start, "Exactly", ""  # "a row over 500 migrants": what the row is about, not more than 500
    if q.group(1).lower() == "about" and _TALKING_ABOUT.search(text[max(0, at - 30):at]):
        return start, "Exactly", ""  # "talking about one in twenty": what is talked of, not around it
    negation = _NEGATION.search(text[max(0, at - 60):at])
    if negation:
        at -= len(negation.group(0))
        return at, NEGATED.get(COMPARATOR_OF[q.group(1).lower()]), text[at:start].rstrip()
    return at, COMPARATOR_OF[q.group(1).lower()], q.group(1)


_COUNTED_SPEAKERS = re.compile(r"(?:\s+(?!(?:were|was|had|have|has|are|is|be|been|who|which|that|and|or|but|of)\b)"
                               r"[A-Za-z][\w'’-]*){1,6}?\s+(?:said|say|says|told|tell|tells|added|confirmed|insisted|"
                               r"warned|claimed|argued|suggested|admitted|briefed)\b")
"""The speakers of an attribution counted at the start of its clause ("Two officials familiar with the talks said",
"…, one French negotiator said"): the number says who speaks, no figure the text reports."""


_CONVERSION = re.compile(r"\s*\(\s*(?:about\s+|around\s+|roughly\s+)?[£€$]\s?[\d.,]+\s?(?:m|bn|mn|k|million|billion)?\s*\)|\)")
"""The same sum in another currency, in brackets after a figure, or the bracket closing such a conversion."""


def _rate_after(text: str, counted_end: int, unit: str) -> re.Match | None:
    """The period of a rate after the words saying what is counted ("50 people a week", "up to 50 people could be
    returned each week"), or None."""
    conversion = _CONVERSION.match(text, counted_end)  # "€15m (£13m) a year", and "£13m) a year" inside it
    rate = _RATE.match(text, conversion.end() if conversion else counted_end)
    if not rate and unit not in ("Percent", "RankPosition", *DURATIONS):
        rate = _LATER_RATE.match(text, counted_end)  # "up to 50 people could be returned each week"
        if rate and (re.search(r"\d", rate.group(0)) or rate.group("before").lower() in _NOT_BEFORE_RATE):
            rate = None  # "281 returned in a week" is a total within one week; "once a week" counts another thing
    return rate


def _number(text: str, match: re.Match) -> FigureMention | None:
    currency, number = match.group(1), match.group(2)
    start, end = match.start(), match.end()
    word = not number[0].isdigit()
    value = word_value(number) if word else digit_value(number)
    if value is None:
        return None
    before, after = text[max(0, start - 40):start], text[end:end + 80]
    if word and SET_PHRASES.match(text, match.start(2)):
        return None
    if word and re.match(r"[- ](?:halves|thirds|quarters|fifths|sixths|sevenths|eighths|ninths|tenths)\b", after, re.I):
        return None  # "two-thirds": a fraction (read as a per cent with the ratios), never two people
    if _NOT_A_FIGURE_BEFORE.search(before):
        return None
    if not word and re.search(r"[A-Z][a-z]+,\s*$", before) and re.match(r"\s*,", text[end:end + 2]):
        return None  # "Mahmood, 45, said": an age
    if re.match(r"-year-old|\s*years? old\b", after):
        return None  # an age
    if re.match(r"\s*(?:comments?|shares|views|likes|replies|retweets|min(?:ute)?s? read|mins?\b)\b", after, re.I) or \
            re.search(r"\bPage\s+$", before) or re.search(r"\bPage\s+\d+\s+of\s+$", before) or \
            re.match(r"\s*(?:minutes?|mins?|hours?|hrs?|h|m)\s+ago[ \t]*(?:\n|$)", after) and \
            re.search(r"(?:^|\n)[ \t]*(?:Updated\s+|Posted\s+)?$", before):
        return None  # page furniture: "12 comments", "5 min read", a live blog's "2 hours ago" line
    if re.search(r"\b(?:men|women|people|children|boys|girls|those|migrants|adults)\s+(?:aged\s+)?(?:under|over|below|above)\s+$",
                 before, re.I) and not _UNIT_AFTER.match(after) and not _PERCENT.match(after):
        return None  # "men under 40": an age bound, not a count
    if not word and not currency and _age_bound(text, start, end, number, before):
        return None  # "half were under 18", "aged under 18", "children 16 and under": an age, not a count
    if not word and not currency and re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\s+$", before) and \
            "," not in number and not re.match(r"\s+(?:[a-z]|%|per cent|million|billion)", after) and \
            not re.match(rf"\s+(?:{PEOPLE_NOUNS})\b", after, re.I) and \
            not re.search(r"\b(?:On|In|By|Since|From|About|Some|Nearly|Almost|Around|Over|Under|Just|Only|"
                          r"Another|Of|And|The|Saturday|Sunday|Monday|Tuesday|Wednesday|Thursday|Friday)\s+$", before):
        return None  # "Utopia 56", "Care 4": a number in a name (not a headline's "Returned 281 Migrants")
    if word and re.search(r"\b(the|these|those|both|its|their|our|all|first|last|past|next|previous|which|every|"
                          r"each|any|no|how)\s+$", before, re.I):
        return None  # "the two nations": a reference, not a count; "every one": distributive
    if word and number.lower() == "one" and re.match(r"\s+(in|of|another|or|by|side|way|thing|day|hand|time|"
                                                      r"for|who|that|which)\b", after, re.I):
        return None
    if re.match(rf"\s?(am|pm|a\.m\.|p\.m\.|{_ZONES})\b|:\d|[.:]\d\d\s?(am|pm|{_ZONES})\b", after, re.I) or \
            re.search(r"(?<![\d,])\d{1,2}:$", before) or \
            re.search(r"(?<![\d,])\d{1,2}\.$", before) and re.match(rf"\s?(?:{_ZONES})\b|\s*$", text[end:end + 6].split("\n")[0]) or \
            re.search(r"[A-Za-z]-?$", before[-1:]) and not before.endswith((" ", "(", "£", "€", "$")):
        return None
    if re.match(rf"[ \t]*(st|nd|rd|th)?[ \t]+(?:of[ \t]+)?({MONTHS})\b", after) or \
            re.search(rf"\b({MONTHS})[ \t]+$", before) and not ("," in number or value > 31):
        return None  # a date; not a table row's "August 3,567" nor "in May 40 people crossed"
    if re.match(r"(st|nd|rd|th)\b", after):
        if word or value < 2 or not re.match(r"(?:st|nd|rd|th)\s+(?:person|migrant|asylum seeker|returnee|arrival)\b",
                                              after):
            return None  # an ordinal; "the 500th person returned" is a count of 500
        end = end + 2
    unit, stated_end = None, end
    suffix = re.match(r"-plus\b|\+(?!\d)|-odd\b", text[end:end + 6]) if not word else None  # "4,000-plus", "1,000-odd"
    scale = _SCALE.match(text, end)
    attached = scale is not None and scale.start(1) == end and not word  # "1.5m people", "12k migrants"
    if scale and (currency or attached or scale.group(1).lower() in ("million", "billion", "thousand", "bn", "mn")):
        if not word or scale.group(1).lower() in ("million", "billion", "thousand"):
            value *= SCALES[scale.group(1).lower()]
            stated_end = scale.end()
        else:
            attached = False
    if currency:
        unit = {"£": "PoundSterling", "€": "Euro", "$": None}[currency.strip()]
        if unit is None:
            return None
    else:
        money = _CURRENCY_AFTER.match(text, stated_end)
        if money:
            unit, stated_end = ("PoundSterling" if money.group(1) else "Euro"), money.end()
    percent = _PERCENT.match(text, stated_end)
    if unit is None and percent:
        unit, stated_end = "Percent", percent.end()
        tail = text[stated_end:stated_end + 30]
        if _DIRECTION_DOWN.match(tail):
            value = -value
        direction = _DIRECTION_UP.match(tail) or _DIRECTION_DOWN.match(tail)
        if direction:
            stated_end += direction.end()
    hyphen = _HYPHEN_UNIT.match(text, stated_end)
    if unit is None and _HYPHEN_COUNT.match(text, stated_end):
        unit = "Count"
    if unit is None and hyphen:
        unit = hyphen.group(1).capitalize()
        stated_end = hyphen.end()
        if unit == "Year" and re.match(r"\s+old\b", text[stated_end:]):
            return None
    counted_end = stated_end  # the end of the words saying what is counted, where a rate's period may follow
    if unit is None:
        noun = _UNIT_AFTER.match(text, stated_end + (len(suffix.group(0)) if suffix and stated_end == end else 0))
        while noun and (head := _COMPOUND_NEXT.match(text, noun.end())):  # "small boat arrivals" counts people
            noun = head
        if noun:
            counted_end = noun.end()
            unit = next(u for pattern, u in UNIT_NOUNS if re.fullmatch(pattern, noun.group(1), re.I))
            if unit in DURATIONS or unit == "Page":
                stated_end = noun.end()
    if unit in DURATIONS and (_PERIOD_BEFORE.search(before) or _QUALIFIER.search(before) and
                              re.search(r"\bover\s+$", before, re.I)):
        return None  # "in the past 12 months", "its first two months", "over three years": a period
    if unit == "Percent" and value > 0 and (_DOWN_BEFORE.search(before) or _DOWN_OF.search(before)):
        value = -value  # "fell by 9 per cent"
    year_like = not word and re.fullmatch(r"(19[5-9]\d|20[0-4]\d)", number) and unit not in ("Percent", "PoundSterling",
                                                                                           "Euro")
    if year_like and not (_QUALIFIER.search(before) and unit == "People"):
        return None  # "in 2018", "2025 arrivals", "the 2024 total": a year
    if unit is None and re.match(r"\s+(?:Downing|[A-Z]\w+ (?:Street|Road|Avenue|Lane|Square))\b", text[stated_end:]):
        return None  # "10 Downing Street": an address
    if unit is None:
        if word and re.search(r"\b(?:family|group|couple|household|party|crew) of\s+$", before, re.I):
            unit = "People"  # "a family of three"
        elif word and _TAKES_PEOPLE.search(before) and not re.match(r"\s+(?:of|in|to)\b", after):
            unit = "People"  # "welcome two today"
        elif word and _period_first(text, start) and re.match(r"\s+[a-z]|\s*[,;.]", after):
            unit = "People"  # "Every week they send back twenty, and …": a count of people a week
        elif word and not _QUALIFIER.search(before):
            return None  # a number in words needs a unit noun or a qualifier to count as a figure
        elif re.match(r"\s*(miles?|km|kilometres?|metres?|feet|mph|knots?|per\b|times as|-mile|minutes?|seconds?)",
                      text[stated_end:], re.I) and not _RATE.match(text, stated_end) and \
                not (re.match(r"\s*per\b", text[stated_end:]) and _QUALIFIER.search(before) and
                     COMPARATOR_OF[_QUALIFIER.search(before).group(1).lower()] == "Average"):
            return None  # "an average of 58 per boat" is people, "12 miles" is not a figure; "2,600 per year" a rate
        elif attached and not currency:
            return None  # "100m" with nothing it counts: metres as likely as millions; no figure rather than a guess
        elif not currency and _THINGS_AFTER.match(text, stated_end):
            unit = "Count"  # "1.2 million calls", "4,000 letters": things the noun names, not people
        elif not currency and (counted := _NUMBER_OF.search(text, max(0, start - 80), start)):
            noun = counted.group(1)  # "The number of hotels had fallen to 210": hotels
            unit = next((u for pattern, u in UNIT_NOUNS if re.fullmatch(pattern, noun, re.I)), "Count")
        else:
            unit = "People"
    if unit == "People" and not currency and _COUNTED_SPEAKERS.match(text, end) and \
            re.search(r"(?:^|[.!?][’”\"']?\s+|\n|[,;][’”\"']?\s+)$", before):
        return None  # "…, two officials familiar with the talks said": who says it, not a count it states
    stated_start, comparator, qualifier = _qualified(text, start)
    if comparator is None:
        return None
    if suffix and comparator == "Exactly":
        comparator, qualifier = ("Around" if suffix.group(0) == "-odd" else "MoreThan"), suffix.group(0).lstrip("-")
    after_qualifier = _POST_QUALIFIER.match(text, stated_end) or _POST_QUALIFIER.match(text, counted_end)
    # "350 or so", "281 at most", "350 people or more": the qualifier after the number; "between 300 and 400 or so"
    # stays a range (its two bounds)
    if after_qualifier and not _SECOND_OF_TWO.search(before):
        said = COMPARATOR_AFTER[re.sub(r"\s+", " ", after_qualifier.group(1).lower())]
        if comparator not in ("Exactly", said):
            return None  # "up to 300 or so": two qualifiers that disagree say no one bound; no figure, no guess
        if comparator == "Exactly":
            qualifier = after_qualifier.group(1)
        comparator = said
        stated_end = counted_end = after_qualifier.end(1)
    rate = _rate_after(text, counted_end, unit)
    if rate:  # "up to 50 people a week": the words as written run to the period, so they never read as a total
        return FigureMention(stated_start, rate.end(), value, unit, comparator, text[stated_start:rate.end()],
                             qualifier, match.start(2), period=rate.group("period"))
    more = re.match(r"\s+(MORE|more)\b(?!\s+than)", text[stated_end:stated_end + 10])
    stated = text[stated_start:stated_end + (more.end() if more and unit == "People" else 0)]
    return FigureMention(stated_start, stated_start + len(stated), value, unit, comparator, stated, qualifier,
                         match.start(2))


# ---------------------------------------------------------------------------- indicator guess

RETURN_WORDS = r"returned|removed|deported|sent back|removals?|returns?|deportations?"
ARRIVAL_WORDS = r"arrived|arrivals?|crossed|crossing|crossings|reached|made the journey|came|arriving"

INDICATOR_RULES = [  # (unit or None, pattern near the number, indicator local name)
    ("Percent", r"\bof (?:the|those|these|all(?: the)?)\b.{0,40}\b(arrived|arrivals|arriving|crossed|crossing)|\b(deported|returned|removed)\b.{0,60}\brepresent",
     "ind-returned-share-of-arrivals"),
    ("Percent", r"\b(than the (total|number) who|than the number (removed|returned|deported)|than (those|the total) "
                r"(removed|returned|deported))", "ind-admitted-vs-returned-pct"),
    ("Percent", r"\b(higher|lower|below|above|up|down|rise|fall|increase|decrease)\b", "ind-small-boat-arrivals-change-pct"),
    ("Percent", r"\b(chances?|likelihood|probability)\b", "ind-removal-chance"),
    ("RankPosition", r"\b(annual|year|record|total|on record|since)\b", "ind-small-boat-arrivals-annual-rank"),
    ("PerPerson", r".", "ind-exchange-ratio"),
    ("PoundSterling", r"\bRwanda", "ind-rwanda-claim-amount"),
    ("Page", r".", "ind-document-length"),
    ("Month", r"\b(signed|since|ago|agreed)\b", "ind-time-since-signing"),
    ("Week", r"\b(every|each)\s+week", "ind-return-interval"),
    ("Week", r"\b(deport|remove|within)\w*", "ind-proposed-removal-deadline"),
    ("Count", r"\bcountries\b", "ind-other-countries-sought"),
    ("Count", r"\bgovernments\b", "ind-governments-seeking-similar-agreements"),
    ("Count", r"\b(time|crossing|crossed)\b", "ind-channel-crossings-by-returnee"),
    ("People", r"\bnet (inflow|increase|migration)\b|\bMORE\b", "ind-net-inflow"),
    ("People", r"\b(re-entered|returned to Britain after|came back|back in the UK)\b", "ind-returnees-re-entered"),
    ("People", r"\b(waiting|lined up|queue)\b", "ind-awaiting-admission-from-france"),
    ("People", r"\bprotest\w*", "ind-protest-size"),
    ("People", rf"\b({RETURN_WORDS}|sending|sent to France|returned to France)\b", "ind-returned-to-france"),
    ("People", r"\b(brought|admitted|accepted|come in|came in|taken in|received|receiving|sent to Britain|"
               r"arrived in the UK from France|legal route|admissions?)\b", "ind-admitted-from-france"),
    ("People", rf"\b({ARRIVAL_WORDS})\b", "ind-small-boat-arrivals"),
]

# The indicators that name France as the other end of the journey, and the word that names that end: a return
# written with another destination ("sent back four volunteers to Rwanda", "removed to Albania") is not a return
# to France, nor an admission from elsewhere ("admitted from Italy") one from France. France's own places stay.
OTHER_END = {"ind-returned-to-france": "to", "ind-admitted-from-france": "from"}
FRENCH_PLACES = {"france", "french", "calais", "dunkirk", "dunkerque", "boulogne", "boulogne-sur-mer", "paris", "lille",
                 "gravelines", "grande-synthe", "wimereux", "nord", "pas-de-calais", "normandy", "cherbourg"}
_NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


# What an indicator's keyword does not say alone, and its clause must: a share "of the arrivals" is the returned
# share only where the clause says who was returned ("A third of the arrivals were from Eritrea" is a share by
# origin), and a change ("up 12%") is one in arrivals only where the clause names them ("That is up 12% on last
# year" after a sentence on returns, "police stopped 312 boats, up 18pc": neither is said of arrivals).
REQUIRED_WORDS = {
    "ind-returned-share-of-arrivals": r"\b(returned|removed|deported|sent back)\b",  # not "detained for return"
    "ind-small-boat-arrivals-change-pct": rf"\b({ARRIVAL_WORDS})\b",
    # people waiting are waiting in France, or to come to the UK, only where the clause says so ("patients waiting
    # more than a year", "waiting for a decision" are neither)
    "ind-awaiting-admission-from-france": r"\b(" + "|".join(sorted(FRENCH_PLACES)) + r"|come over|cross\w*|admi\w+|"
                                          r"to (?:the UK|Britain|England))\b",
}


BRITISH_PLACES = {"uk", "united kingdom", "britain", "great britain", "england", "scotland", "wales", "northern ireland"}
_ORIGIN = re.compile(r"\b(?:from|of)\s+(?:the\s+)?$", re.IGNORECASE)


def _elsewhere(text: str, keyword_end: int, clause: tuple[int, int], preposition: str,
               countries: re.Pattern | None = None) -> bool:
    """Whether the words after an indicator's keyword, in its clause, name a place other than France as the
    journey's other end ("… sent back four volunteers to Rwanda": Rwanda, with `preposition` "to"), or, where they
    name none, whether the clause names a country other than France and the UK (`countries`: the project's) but as
    where people come from ("… spent £700 million on the Rwanda scheme and sent back four volunteers")."""
    start, end = clause
    m = re.match(rf"[^,;.!?]{{0,50}}?\b(?i:{preposition})\s+(?:(?i:the)\s+)?([A-Z][\w’'-]*)", text[keyword_end:end])
    if m:
        place = m.group(1).lower()
        if place not in _NOT_PLACES:
            return place not in FRENCH_PLACES
    if countries is None:
        return False
    return any(not (preposition == "to" and _ORIGIN.search(text, max(start, c.start() - 12), c.start()))
               for c in countries.finditer(text, start, end))


def other_countries(names=()) -> re.Pattern:
    """The pattern of the countries but France and the UK, for `_elsewhere`: the names given (the project's) and the
    world's countries and their peoples' words, which the project need not know ("the Albania deal", "Iraqi
    nationals": kg/extract/countries.py)."""
    return country_pattern(n for n in names if n.lower() not in FRENCH_PLACES | BRITISH_PLACES)


CHANGES = ("ind-small-boat-arrivals-change-pct", "ind-admitted-vs-returned-pct")
"""Indicators of a change or a comparison, which a share of a group never is."""


# Words that name one indicator's count, after the number and before any other, whatever stands nearer it:
# "135 people have arrived in the UK through the legal route" are admissions from France, not small-boat
# arrivals ("arrived" was nearer); the 281 of "350 ... through the legal route, compared with the 281 who had
# been removed" is not.
DECISIVE_RULES = [
    ("People", r"\b(legal|safe) (returns )?route\b", "ind-admitted-from-france"),
]


def guess_indicator(text: str, mention: FigureMention, clause: tuple[int, int],
                    countries: re.Pattern | None = None) -> str | None:
    """The local name of the indicator whose keyword is nearest the number in its clause; None if none, and for a
    rate ("50 a week"): the shared indicators count totals, and a rate read as one would be compared with them.
    `countries`: the names of the countries the project knows but France and the UK (`other_countries`)."""
    if mention.period:
        return None
    start, end = clause
    after = text[mention.end:end]  # the words after the number, up to the next number: its own phrase
    after = after[:m.start()] if (m := re.search(r"\d", after)) else after
    for unit, pattern, indicator in DECISIVE_RULES:
        if unit == mention.unit and re.search(pattern, after, re.IGNORECASE):
            return indicator
    best = None
    for unit, pattern, indicator in INDICATOR_RULES:
        if unit != mention.unit or mention.share and indicator in CHANGES:
            continue  # "half were women" is a share of a group, not a change in arrivals
        if indicator in REQUIRED_WORDS and not re.search(REQUIRED_WORDS[indicator], text[start:end], re.IGNORECASE):
            continue
        for m in re.finditer(pattern, text[start:end], re.IGNORECASE if "MORE" not in pattern else 0):
            a, b = start + m.start(), start + m.end()
            if mention.start <= a and b <= mention.anchor:
                continue  # the figure's own qualifier: "up to half" is no rise ("up")
            if indicator in OTHER_END and _elsewhere(text, b, clause, OTHER_END[indicator], countries):
                continue
            if a <= mention.anchor < b or mention.start <= a < mention.end:
                distance = 0
            else:
                distance = min(abs(a - mention.anchor), abs(b - mention.anchor))
            if best is None or distance < best[0]:
                best = (distance, indicator)
    return best[1] if best else None


def clause_around(text: str, sentence: tuple[int, int], position: int) -> tuple[int, int]:
    """The part of a sentence around `position` between clause breaks (; : — and ', while|but|and')."""
    start, end = sentence
    breaks = [m for m in re.finditer(r";|:|—|–| - |, (?:while|but|whereas|although)\b", text[start:end])]
    a, b = start, end
    for m in breaks:
        if start + m.end() <= position:
            a = start + m.end()
        elif start + m.start() >= position:
            b = start + m.start()
            break
    return a, b
