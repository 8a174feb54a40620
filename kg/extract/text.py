"""Text rules for `kg extract`: paragraphs, sentences and quotations in a plain-text news report (numbers in
digits and in words: kg.core.wording).

Everything here works on code-point offsets into the report's text (the offsets of evidence spans).
No models: regular expressions and a few word lists, so the output is deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.validation.spans import LINE_BREAKS  # (every character that ends a line: kg.validation.spans, as kg add's)

# ------------------------------------------------------------------ paragraphs and sentences

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "sgt", "gen", "col", "lt", "prof", "rev", "jan", "feb",
                 "aug", "sept", "oct", "nov", "dec", "vs", "etc", "inc", "ltd", "co",
                 # Parliament's and ranks' ("The right hon. Lady says", "the Rt. Hon. Member", "Capt. Reed"):
                 # "hon." had ended a sentence, cutting the record's contribution in two
                 "hon", "rt", "capt", "maj", "supt", "insp", "cllr", "coun", "gov", "brig", "cmdr", "det"}
# (a closing guillemet, with the space French typography puts before it, ends a sentence as ” does: "« ... pas le
# garde-frontière. » He said France had stopped 600 boats" was one sentence, the 600 given to the report)
_SENTENCE_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?»)?[’”\"')\]]*(?=\s+[\"“‘'(\[«]*[A-Z0-9£])")
_ATTRIBUTION_AFTER = re.compile(r"\s+(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|added|adds|told|tells|asked|asks|"
                                r"insisted|insists|replied|replies|wrote|writes|warned|warns|explained|argued|"
                                r"admitted|wondered|shouted|cried|pleaded)\b")
"""A quotation closing on "?" or "!" and then its speaker and verb ("“Why me?” Tom Reed said."): one sentence,
so that the attribution stays with its quotation."""


_TO_LINE_FEED = str.maketrans(dict.fromkeys(LINE_BREAKS, "\n"))


def with_line_feeds(text: str) -> str:
    """`text` with every line break a line feed, a CRLF a space and a line feed: the rules' patterns write a line's
    end as \\n, and a line a lone CR, a CRLF or U+2028 ends is a line as one LF ends (a text with lone CRs was read
    as one paragraph, and drafted fewer spans). Same length, so that its offsets are the text's as given."""
    return text.replace("\r\n", " \n").translate(_TO_LINE_FEED)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed: news text has one paragraph per line (any line break)."""
    spans = []
    for match in re.finditer(f"[^{LINE_BREAKS}]+", text):
        start, end = match.span()
        while start < end and (text[start].isspace() or text[start] == "\ufeff"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end]: split after . ! ? (and closing quotes) before a
    capital, a digit or an opening quote; not after abbreviations (Mr., Dr., No.)."""
    spans = []
    for match in _SENTENCE_END.finditer(text, start, end):
        word = re.search(r"(\w+)\W*$", text[start:match.start() + 1])
        if word and word.group(1).lower() in ABBREVIATIONS and text[match.start()] == ".":
            continue
        if re.fullmatch(r"[!?…]+[’”\"']+", match.group(0)) and _ATTRIBUTION_AFTER.match(text, match.end(), end):
            continue
        if match.end() > start:
            spans.append((start, match.end()))
        start = match.end()
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
    return spans


@lru_cache(maxsize=4)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Every sentence of every paragraph (kept for the last texts: a draft asks for them once per statement,
    and a long text was split again each time)."""
    return tuple(span for p_start, p_end in paragraphs(text) for span in split_sentences(text, p_start, p_end))


def _lower(c: str) -> str:
    return c.lower() if len(c.lower()) == 1 else c  # (one code point for one: offsets stay valid)


def in_capitals(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is written in capitals: three words or more of letters, and no lower-case letter."""
    words = re.findall(r"[^\W\d_]{2,}", text[start:end])
    return len(words) >= 3 and not any(c.islower() for c in text[start:end])


# First names that are also common English words ("WILL", "GRACE", "MARK", "GRANT"): in capitals they start a name
# only right before a comma or a speech verb, or after "said" ("GRACE PERIOD ENDS" is no Grace Period)
_WORD_LIKE_FIRST_NAMES = {"will", "grace", "joy", "rose", "mark", "bill", "max", "amber", "penny", "holly", "violet",
                          "frank", "guy", "grant", "dean", "eve", "marine", "nick", "rob", "harry", "christian",
                          "georgia", "jordan", "florence", "victoria", "matt", "ed", "carol", "jade", "jack", "lee",
                          "noel", "bob", "ken", "art", "ray", "don", "sue", "pat", "kay", "jo", "ross", "bruce", "lynn",
                          "hope", "faith", "dora", "chase", "miles", "roger", "carl", "ali", "hana", "ida", "nora"}
_CAPITAL_HONORIFICS = {"MR": "Mr", "MRS": "Mrs", "MS": "Ms", "MISS": "Miss", "DR": "Dr", "SIR": "Sir", "DAME": "Dame",
                       "LORD": "Lord", "LADY": "Lady", "PROF": "Prof", "CLLR": "Cllr", "BARONESS": "Baroness"}
_NAME_PARTICLES = {"VON", "VAN", "DER", "DEN", "DE", "DU", "DA", "DI", "LA", "LE", "BIN", "AL", "EL"}
_CAPITAL_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_NOT_NAME_WORDS = {"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with",
                   "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could",
                   "should", "can", "may", "might", "must", "not", "who", "which", "that", "this", "it", "he", "she",
                   "they", "we", "i", "you", "his", "her", "their", "its", "our", "my", "mp", "mps", "mep", "qc", "kc",
                   "also", "now", "then", "after", "before", "over", "into", "than", "about", "up", "down", "out",
                   "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                   "sunday", "today", "yesterday", "tonight", "exclusive", "live", "update", "breaking"}


_CALENDAR_WORDS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
                   "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _title(word: str) -> str:
    """A word written in capitals in a name's case: "SMITH" Smith, "O'BRIEN" O'Brien, "JEAN-NOËL" Jean-Noël, a
    particle in lower case ("VON DER LEYEN": von der Leyen). One code point for one."""
    if word in _NAME_PARTICLES and word not in ("LE", "LA", "AL", "EL"):
        return "".join(_lower(c) for c in word)
    out, upper = [], True
    for c in word:
        out.append(c if upper else _lower(c))
        upper = c in "'’-"
    return "".join(out)


def capital_names(text: str) -> list[tuple[int, int, str]]:
    """The names of people written in capitals, which no word list of the project's holds ("JOHN SMITH, the border
    minister, said", "“…,” SAID AMY DALE, A VOLUNTEER.", "MR SMITH", then "SMITH SAID"): (start, end, the name in a
    name's case). A name in capitals is two or three words in capitals, the first a listed first name (one that is
    also a common word, "WILL", "GRACE", only before a comma or speech verb or after "said") or an honorific, the
    others no function word, month or speech verb; a third word only after a particle or a second first name
    ("URSULA VON DER LEYEN", "ABDUL RAHMAN HAIDARI"). A surname alone in capitals is one of these names' only before
    a comma or a speech verb or after "said". Whatever has no listed first name or honorific stays unread: "FRENCH
    POLICE SAID" is no person."""
    from kg.extract.entities import SPEECH_VERBS
    from kg.extract.first_names import is_first_name
    verb = re.compile(rf"(?:{SPEECH_VERBS})$", re.IGNORECASE)
    tokens = [m for m in _CAPITAL_TOKEN.finditer(text)]
    def capital(m):
        letters = [c for c in m.group(0) if c.isalpha()]
        return len(letters) >= 2 and m.group(0).isupper()
    def name_word(m):
        return capital(m) and m.group(0).lower() not in _NOT_NAME_WORDS and not verb.match(m.group(0)) and \
            m.group(0) not in _CAPITAL_HONORIFICS
    def joined(a, b):  # one space between two words
        return text[a.end():b.start()] in (" ", "\u00a0")
    def in_context(start, end):
        return bool(re.match(rf"\s*,|\s+(?:{SPEECH_VERBS})\b", text[end:end + 40], re.IGNORECASE) or
                    re.search(r"\b(?:said|says|told)\s+$", text[max(0, start - 10):start], re.IGNORECASE))
    found, surnames, i = [], set(), 0
    while i < len(tokens):
        m = tokens[i]
        word = m.group(0)
        honorific = word in _CAPITAL_HONORIFICS and capital(m)
        first = capital(m) and is_first_name(word) and (word.lower() not in _NOT_NAME_WORDS or
                                                        word.lower() in _WORD_LIKE_FIRST_NAMES)
        if not (honorific or first):
            i += 1
            continue
        j = i + 1
        parts = [m]
        if honorific and j < len(tokens) and joined(tokens[i], tokens[j]) and name_word(tokens[j]) and \
                is_first_name(tokens[j].group(0)):
            parts.append(tokens[j])  # "MR JOHN SMITH": the honorific and the name
            j += 1
        taken = 0
        while j < len(tokens) and joined(parts[-1], tokens[j]) and taken < 2 and \
                (name_word(tokens[j]) or tokens[j].group(0) in _NAME_PARTICLES and capital(tokens[j])):
            if taken == 1 and not (parts[-1].group(0) in _NAME_PARTICLES or is_first_name(parts[-1].group(0))):
                break
            parts.append(tokens[j])
            if tokens[j].group(0) not in _NAME_PARTICLES:
                taken += 1
            j += 1
        while len(parts) > 1 and parts[-1].group(0) in _NAME_PARTICLES:
            parts.pop()
        start, end = parts[0].start(), parts[-1].end()
        if len(parts) < 2 or (first and not honorific and word.lower() in _WORD_LIKE_FIRST_NAMES and
                              not in_context(start, end)):
            i += 1
            continue
        cased = " ".join(_CAPITAL_HONORIFICS.get(p.group(0)) or _title(p.group(0)) for p in parts)
        found.append((start, end, cased))
        surnames.add(parts[-1].group(0))
        i = j
    taken_spans = [(a, b) for a, b, _ in found]
    for m in tokens:
        if m.group(0) in surnames and capital(m) and in_context(m.start(), m.end()) and \
                not any(a <= m.start() < b for a, b in taken_spans):
            found.append((m.start(), m.end(), _title(m.group(0))))
    return sorted(found)


def as_if_lower_case(text: str, names=()) -> str:
    """`text` with each sentence written in capitals ("A MINISTER HAS SAID THAT 500 PEOPLE HAVE BEEN RETURNED.") as
    if written in lower case, its first letter and "I" capitals, and `names` (the project's) in their own case
    where the capitals write them ("SHABANA MAHMOOD SAID" as "Shabana Mahmood said"), and in any sentence the names
    of people written in capitals that no list holds (`capital_names`: "JOHN SMITH, the border minister, said" as
    "John Smith, the border minister, said"): the text the speaker and figure rules read, whose words they know in
    lower case and whose names in a name's case. Same length, so that its offsets are the text's; a text with no
    sentence or name in capitals is returned as it is."""
    spans = [s for s in sentences(text) if in_capitals(text, *s)]
    people = capital_names(text)
    if not spans and not people:
        return text
    names = list(names) + _CALENDAR_WORDS  # "ON 6 NOVEMBER" is a date as "on 6 November" is, never "6 november"
    cased = [n for n in names if any(c.isupper() for c in n) and len(n.upper()) == len(n)]
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(n.upper())}(?![\w-])"
                                  for n in sorted(cased, key=len, reverse=True))) if cased else None
    by_upper = {n.upper(): n for n in sorted(cased, key=len)}
    out = list(text)
    for start, end in spans:
        out[start:end] = [_lower(c) for c in text[start:end]]
        first = re.search(r"[^\W\d_]", text[start:end])
        if first:
            out[start + first.start()] = text[start + first.start()]
        for m in re.finditer(r"(?<![\w'’-])I(?![\w'’-])", text[start:end]):
            out[start + m.start()] = "I"
    for start, end, name in people:
        out[start:end] = list(name)
    for start, end in spans:
        for m in pattern.finditer(text, start, end) if pattern else ():
            out[m.start():m.end()] = list(by_upper[m.group(0)])
    return "".join(out)


def containing(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The union of the spans that overlap [start, end)."""
    hit = [s for s in spans if s[0] < end and s[1] > start]
    return (min(s[0] for s in hit), max(s[1] for s in hit)) if hit else (start, end)


# ------------------------------------------------------------------------------ quotations

@dataclass(frozen=True)
class Quotation:
    """One quotation: from its opening mark to its closing mark, over one paragraph or several.

    British papers open every paragraph of a long quotation again and close only the last, so a
    quotation still open at the end of its paragraph goes on in the next paragraph when that one opens
    with a quotation mark (a caption line between them is skipped). Each paragraph's words are one part.
    """

    start: int  # the opening mark
    end: int  # after the closing mark (or the last paragraph's end when the quote runs on)
    parts: tuple  # ((inner start, inner end), ...): the words of each paragraph, without the marks
    closed: bool
    paragraph: int  # of the first part
    block: bool = False  # words set off after "X said:" without marks (a blockquote, a press release's indent)
    label: tuple | None = None  # (start, end) of the speaker's name in a label ("Chris Philp (Croydon South) (Con):")

    @property
    def inner_start(self) -> int:
        return self.parts[0][0]

    def inner(self, text: str) -> str:
        """The words, paragraphs joined by a space."""
        return " ".join(text[a:b] for a, b in self.parts)

    def contains(self, position: int) -> bool:
        return any(a <= position < b for a, b in self.parts)


def _marks(text: str, start: int, end: int):
    """Quotation marks in text[start:end] as (position, length, 'open'|'close', kind)."""
    i = start
    while i < end:
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if ch == "«":
            yield i, 1, "open", "g"
        elif ch == "»":
            yield i, 1, "close", "g"
        elif ch == "“":
            yield i, 1, "open", "d"
        elif ch == "”":
            yield i, 1, "close", "d"
        elif ch == "‘" and nxt == "‘":
            yield i, 2, "open", "dd"
            i += 1
        elif ch == "’" and nxt == "’":
            yield i, 2, "close", "dd"
            i += 1
        elif ch == "‘":
            if not (prev.isalnum() and nxt.isalnum()):
                yield i, 1, "open", "s"
        elif ch == "’":
            if not (prev.isalnum() and nxt.isalnum()) and not prev.isspace():
                yield i, 1, "close", "s"
        elif ch == '"':
            yield i, 1, ("open" if prev.isspace() or prev in "([—–-" or i == start else "close"), "d"
        elif ch == "'":
            if prev.isalnum() and nxt.isalnum():
                pass  # an apostrophe
            elif (prev.isspace() or prev in "([—–" or i == start) and (nxt.isalnum() or nxt in "£€$"):
                yield i, 1, "open", "s"
            elif not prev.isspace() and not nxt.isalnum():
                yield i, 1, "close", "s"
        i += 1


# A picture's credit closing its caption: "(Image: Getty)", "(Picture: PA Wire)", "Photograph: Reuters"
_PICTURE_CREDIT = re.compile(r"(?:\((?:Image|Picture|Pic|Photo|Photograph|Credit)s?:[^()\n]{1,80}\)"
                             r"|\b(?:Image|Picture|Photo|Photograph)s?: [^.!?\n]{1,60})\s*$")


_CREDIT_LENGTH = 100  # characters a _PICTURE_CREDIT spans at most, trailing space aside


def credited_caption(text: str, start: int, end: int) -> bool:
    """A paragraph that ends with a picture's credit: a caption, in the report's voice whatever it says.
    Searched for in its last characters only (it is asked of each sentence: the whole paragraph each time
    was quadratic in a long one)."""
    last = end  # its last character that is no space: the credit ends there, or spans the spaces after it
    while last > start and text[last - 1].isspace():
        last -= 1
    return _PICTURE_CREDIT.search(text, max(start, last - _CREDIT_LENGTH), end) is not None


def caption_like(text: str, start: int, end: int) -> bool:
    """A picture caption or page furniture between the paragraphs of a quotation: no closing punctuation,
    or a picture's credit."""
    line = text[start:end].rstrip()
    return (not re.search(r"[.!?:;’”\"')]$", line) and not re.search(r"[“”\"‘’']", line)
            or credited_caption(text, start, end))


def quotations(text: str) -> list[Quotation]:
    """Every top-level quotation, in order. Nested quotes stay inside their outer quote."""
    found = []
    spans = paragraphs(text)
    carried = None  # (opened at, first paragraph, parts so far, stack) of a quotation still open
    number = 0
    while number < len(spans):
        p_start, p_end = spans[number]
        marks = list(_marks(text, p_start, p_end))
        stack: list[str] = []
        opened, parts, first = 0, [], number
        inner_start = p_start
        if carried is not None:
            if marks and marks[0][2] == "open" and text[p_start:marks[0][0]].strip() == "":
                opened, first, parts, stack = carried
                inner_start = marks[0][0] + marks[0][1]
                marks = marks[1:]
                carried = None
            elif caption_like(text, p_start, p_end) and number + 1 < len(spans):
                number += 1
                continue
            else:
                opened, first, parts, _ = carried
                found.append(_quotation(text, opened, parts, False, first))
                carried = None
                stack = []
        for index, (position, length, role, kind) in enumerate(marks):
            if role == "close" and kind == "s" and _plural_possessive(text, position, marks[index + 1:]):
                continue
            if role == "open":
                if not stack:
                    opened, first, parts = position, number, []
                    inner_start = position + length
                stack.append(kind)
            elif stack and kind in stack:
                while stack and stack.pop() != kind:
                    pass
                if not stack:
                    parts = parts + [(inner_start, position)]
                    found.append(_quotation(text, opened, parts, True, first, position + length))
        if stack:
            carried = (opened, first, parts + [(inner_start, p_end)], stack)
        number += 1
    if carried is not None:
        opened, first, parts, _ = carried
        found.append(_quotation(text, opened, parts, False, first))
    found = _rejoin_split(text, sorted(found, key=lambda q: q.start))
    found += _transcript_answers(text, spans, found)
    speeches = _labelled_speeches(text, spans, found)  # a quotation inside a contribution is nested in it
    found = [q for q in found if not any(s.start <= q.start and q.end <= s.end for s in speeches)] + speeches
    found += _block_quotes(text, spans, found)
    return sorted((q for q in found if q.parts), key=lambda q: q.start)


_MID_ATTRIBUTION = re.compile(r"\s*,?\s*(?:[A-Za-z][\w'’.-]*\s+){0,6}?(?:said|says|added|adds|told|tells|insisted|insists|"
                              r"warned|warns|explained|explains|continued|went on|argued|argues|admitted|admits)"
                              r"(?:\s+[A-Za-z][\w'’.-]*){0,4}(?:\s*,\s*(?:the|a|an|his|her|its|their)\s+[^,“”\"‘’«»]{1,60})?"
                              r"\s*,\s*")  # "…,' said Priya Nair, the council leader, '…'"


def _rejoin_split(text: str, found: list) -> list:
    """"'Every week we hear of another hotel,' Tom said, 'and every week the answer is the same.'": a
    sentence of quotation interrupted by its attribution is one quotation, with a part either side
    (the first part ends in a comma, the attribution is set off by commas, the second opens in lower case)."""
    out: list = []
    for q in found:
        prev = out[-1] if out else None
        if prev is not None and prev.closed and len(prev.parts) == 1 and prev.paragraph == q.paragraph and q.parts and \
                text[prev.parts[-1][1] - 1:prev.parts[-1][1]] == "," and text[q.parts[0][0]].islower() and \
                _MID_ATTRIBUTION.fullmatch(text, prev.end, q.start) and not list(_marks(text, prev.end, q.start)):
            out[-1] = Quotation(prev.start, q.end, prev.parts + q.parts, q.closed, prev.paragraph)
            continue
        out.append(q)
    return out


_PARTY = r"(?:Con|Lab|LD|Lib Dem|SNP|Reform|Reform UK|Green|Ind|DUP|SDLP|PC|Alba|SF|UUP|TUV|Lab/Co-op|Co-op)"
_LABEL_LINE = re.compile(r"((?:Mr |Mrs |Ms |Dr |Sir |Dame |Lord |Lady |The |the )?[A-Z][\w'’.-]*"
                         r"(?: (?:[A-Z][\w'’.-]*|of|for|and|the|on))*)((?:\s*\([^()]{1,80}\))*)\s*:[ \t]+(\S.*)")


FULL_NAME_LABEL = r"(?!(?:The|A|An|Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|Hon)\b)[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}"
"""A label that is a person's full name as a record writes it ("Chris Philp"), not a post or a heading."""


def _labelled_speeches(text: str, spans: list, found: list) -> list[Quotation]:
    """A parliamentary record ("Chris Philp (Croydon South) (Con): …", "The Minister for Border Security
    and Asylum (Alex Norris): …", then "Alex Norris: …"): each contribution is its speaker's words,
    questions too (members speaking, not an interviewer). A record is told by its labels: a member's with a
    party in brackets or a post's with the holder's name in brackets, each a contribution even alone. With two
    party labels or more, every label line is one too; with fewer, those labelled with the name of one of
    their speakers ("Chris Philp:"). A record with no such label is read from full names alone when two or
    more take turns and one speaks again ("Chris Philp: …", "Shabana Mahmood: …", "Chris Philp: …"). The
    speaker is the name in brackets when the label is a post, else the label. A line with a quotation in it is a contribution (the quotation nested in it) only when its label
    is such a speaker's: "Mahmood: numbers will “double”" in a live blog is a heading."""
    lines = []  # (paragraph number, match, speaker's name as labelled, labelled as a member or post, quotes in it)
    for number, (a, b) in enumerate(spans):
        if number == 0:
            continue
        m = _LABEL_LINE.fullmatch(text, a, b)
        if m and not re.search(r"\d", m.group(1)):
            label = (m.start(1), m.end(1))
            for paren in re.finditer(r"\(([^()]*)\)", m.group(2)):
                if re.match(r"(?:The|Madam|Mr) ", m.group(1), re.I) and re.fullmatch(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}", paren.group(1)):
                    label = (m.start(2) + paren.start(1), m.start(2) + paren.end(1))
            party = bool(re.search(rf"\({_PARTY}\)", m.group(2)))
            lines.append((number, m, label, party or label[0] != m.start(1),
                          any(q.start < b and a < q.end for q in found)))
    members = {text[label[0]:label[1]] for _, _, label, marked, _ in lines if marked}
    if not members:  # a record's lines with no member's or post's label: full names alone, two or more, one again
        names = [text[label[0]:label[1]] for _, m, label, _, quoted in lines
                 if not quoted and not m.group(2) and re.fullmatch(FULL_NAME_LABEL, text[label[0]:label[1]])]
        if len(set(names)) >= 2 and len(names) > len(set(names)):
            members = set(names)
    every = sum(bool(re.search(rf"\({_PARTY}\)", m.group(2))) for _, m, _, _, quoted in lines if not quoted) >= 2
    speeches = []
    for number, m, label, marked, quoted in lines:
        if marked or text[label[0]:label[1]] in members or every and not quoted:
            speeches.append(Quotation(m.start(3), m.end(3), ((m.start(3), m.end(3)),), False, number, label=label))
    return speeches


_SAID_COLON = re.compile(r"\b(?:said|says|added|adds|wrote|writes|stated|states|commented|explained|told [A-Z][\w ]{0,30}?)"
                         r"(?: in a statement| today| on \w+day)?\s*:$")


def _block_quotes(text: str, spans: list, found: list) -> list[Quotation]:
    """Words set off after a paragraph ending "X said:" with no quotation marks (a press release's indented
    statement, a live blog's blockquote): the next paragraph is a quotation, and with it the indented
    paragraphs that follow an indented first one (not bullets)."""
    quoted = {q.paragraph for q in found} | {i for q in found for i, (a, b) in enumerate(spans)
                                            if q.start < b and a < q.end}
    out = []
    for number in range(len(spans) - 1):
        a, b = spans[number]
        if not _SAID_COLON.search(text, a, b) or _SAID_COLON.search(text, a, b).end() != b:
            continue
        parts, first, parts_indented = [], number + 1, False
        for i in range(first, len(spans)):
            s, e = spans[i]
            line_start = text.rfind("\n", 0, s) + 1
            indented = s > line_start
            if i in quoted or list(_marks(text, s, e)) or re.match(r"[-•*–]\s", text[s:e]) or \
                    _LABEL_LINE.fullmatch(text, s, e) and not indented or (i > first and not (indented and parts_indented)):
                break
            if i == first:
                parts_indented = indented
            parts.append((s, e))
        if parts:
            out.append(Quotation(parts[0][0], parts[-1][1], tuple(parts), False, first, block=True))
    return out


_TRANSCRIPT_LINE = re.compile(r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}):[ \t]+(\S.*)")


def _transcript_answers(text: str, spans: list, found: list) -> list[Quotation]:
    """An interview written as questions and answers ("InfoMigrants: How long …?" / "Hassan: Nineteen
    days. …"): each answer, a paragraph after its speaker's name and a colon, is a quotation without
    marks. Only when two labels take turns, each at least twice; the label whose lines are questions is
    the interviewer, and questions are not quoted."""
    lines = []
    for number, (a, b) in enumerate(spans):
        m = _TRANSCRIPT_LINE.fullmatch(text, a, b)
        if m and not any(q.start < b and a < q.end for q in found):
            lines.append((number, m))
    labels: dict = {}
    for _, m in lines:
        labels.setdefault(m.group(1), []).append(m)
    turns = {label: ms for label, ms in labels.items() if len(ms) >= 2}
    if len(turns) < 2:
        return []
    asking = {label for label, ms in turns.items() if sum(m.group(2).rstrip().endswith("?") for m in ms) * 2 > len(ms)}
    answers = []
    for number, m in lines:
        if m.group(1) in turns and m.group(1) not in asking:
            answers.append(_quotation(text, m.start(2), [(m.start(2), m.end(2))], False, number))
    return answers


def _plural_possessive(text: str, position: int, later: list) -> bool:
    """"migrants' rights" inside a single-quoted quote: an apostrophe after s, before a lower-case word,
    when the quote closes later in the paragraph."""
    if text[position - 1:position] != "s" or not re.match(r" [a-z]", text[position + 1:position + 3]):
        return False
    return any(role == "close" and kind == "s" for _, _, role, kind in later)


def _quotation(text, start, parts, closed, paragraph, end=None) -> Quotation:
    trimmed = []
    for a, b in parts:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    end = end if end is not None else (parts[-1][1] if parts else start)
    return Quotation(start, end, tuple(trimmed), closed, paragraph)
