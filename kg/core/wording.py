"""English as the reports write it, read alike by every stage that compares words: the words of a text
normalised (case, curly apostrophes, contractions, 'in to'), each with where it is written, and their Snowball
stems; the function words and the words that change what is claimed (negation, modality, aspect); numbers
written in digits ("41,472", "41 000") and in words ("twenty-one", "three hundred", "a dozen"), ordinals, and
the set phrases in which a number word is no number ("one in, one out", "one of").

kg.analysis.quotes compares quotations by these words, kg.extract drafts reports with them, and
kg.validation.stated compares a node's words with its evidence's: the foundation holds them, so that the
validation reads no later stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

import snowballstemmer

# ------------------------------------------------------------------ words

FUNCTION_WORDS = frozenset("""
a an the and or but so if then than that this these those there here it its it's he she they we you i me us
him her them his their our your my of to in on at by for from with as into onto about up out over is are was
were be been being am have has had do does did just actually also very""".split())
# Words whose change changes what is claimed: negation, modality, aspect.
MEANING_MARKERS = frozenset("""not no never none nothing nobody will would could can cannot may might must shall
should already still yet ever""".split())
CONTRACTIONS = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"n't\b", " not"), (r"'ve\b", " have"), (r"'re\b", " are"),
    (r"'ll\b", " will"), (r"\bi'm\b", "i am")))  # each has an apostrophe
_CUT = r"…|\.(?:\s*\.){2}"  # an ellipsis: … ... . . .
WORD = re.compile(rf"\[[^\]]*\]|[\w'’‘]+|{_CUT}|[.?!]")
ELLIPSIS = re.compile(rf"\[?\s*(?:{_CUT})\s*\]?")  # a cut marked in a quote, bare or in [brackets]
STEMMER = snowballstemmer.stemmer("english")
# A broader list than FUNCTION_WORDS, kg.extract.draft's (is_name: the word after a short quoted label): with the
# conjunctions that open a clause (when, which, while, because, until ...), modals and negation (will, would, not,
# never: words MEANING_MARKERS holds apart), quantifiers (all, some, each, more, less) and adverbs (again, now, only,
# even); without a few of FUNCTION_WORDS (i, my, do, did, am, very).
BROAD_FUNCTION_WORDS = frozenset("""
to that with of and but as for when in on at by from which who while because if until after before over about than
or so since unless into despite however amid against the a an its their his her this these those our your it them him
us me you we they he she is are was were be been has have had will would could should may might must can not up out
off down back again too also now then yet still just only even ever never all some any each every both more less such
there here via per towards toward through under within""".split())


@dataclass(frozen=True)
class Word:
    """One normalised word of a quote, with where its written word is in the quote (`exact` shows the
    source's words from these, never the normalised ones)."""

    norm: str
    start: int
    end: int
    editorial: bool = False  # inside [brackets]: the report's words, not the speaker's
    ends_sentence: bool = False
    cut_after: bool = False  # an ellipsis follows it: the report marks words left out there


def words(text: str) -> list[Word]:
    """A quote's words, normalised for comparison (a new list each time; see _words for the cached tuple)."""
    return list(_words(text))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple:
    """A quote's words, normalised for comparison.

    >>> [w.norm for w in _words("You’ve got to ... ran in to [the ECHR].")]
    ['you', 'have', 'got', 'to', 'ran', 'into', 'the', 'echr']
    >>> _words("It works.")[-1].ends_sentence
    True

    An ellipsis marks a cut, not a sentence's end:

    >>> [(w.norm, w.cut_after, w.ends_sentence) for w in _words("removed … and [...] we...")]
    [('removed', True, False), ('and', True, False), ('we', True, False)]
    """
    out: list[Word] = []
    for match in WORD.finditer(text):
        token = match.group(0)
        if ELLIPSIS.fullmatch(token):
            if out:
                out[-1] = replace(out[-1], cut_after=True)
            continue
        if token in ".?!":
            if out:
                out[-1] = replace(out[-1], ends_sentence=True)
            continue
        editorial = token.startswith("[")
        start = match.start() + len(token) - len(token.lstrip("'’‘"))  # the word, not quotation marks around it
        end = match.end() - len(token) + len(token.rstrip("'’‘"))
        lowered = token.strip("[]").lower().replace("’", "'").replace("‘", "'").strip("'")
        if "'" in lowered:
            for pattern, replacement in CONTRACTIONS:
                lowered = pattern.sub(replacement, lowered)
        for part in re.findall(r"[\w']+", lowered):
            if out and part == "to" and out[-1].norm in ("in", "on") and not (out[-1].ends_sentence or out[-1].cut_after):
                out[-1] = Word(out[-1].norm + "to", out[-1].start, end, editorial)
                continue
            out.append(Word(part, start, end, editorial))
    return tuple(out)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return STEMMER.stemWord(word)


# ------------------------------------------------------------------ names in a list

LEADING_ARTICLE = re.compile(r"\A(?:the|an?)\s+(?=\S)", re.IGNORECASE)


def filing_order(label: str) -> tuple:
    """Where a name goes in an alphabetical list, as indexes file it: by its words after a leading article ("a
    government source" under G, "The Times" under T), then as written.

    >>> sorted(["Yvette Cooper", "a government source", "an Iranian national", "Chris Philp"], key=filing_order)
    ['Chris Philp', 'a government source', 'an Iranian national', 'Yvette Cooper']
    """
    return LEADING_ARTICLE.sub("", label, count=1).casefold(), label.casefold(), label


# ------------------------------------------------------------------ numbers

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
              "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "m": 1_000_000,
          "bn": 1_000_000_000, "mn": 1_000_000, "k": 1000}
_NUMBER_WORDS = "|".join(sorted(list(UNITS_WORDS) + list(TENS_WORDS), key=len, reverse=True))
_GROUP = rf"(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))?"
WORD_NUMBER = (rf"(?:half a dozen|a dozen|{_GROUP}(?:\s+(?:hundred|thousand|million|billion))*"
               rf"(?:(?:(?<=thousand)|(?<=million)|(?<=billion))\s+{_GROUP}\s+hundred)?"
               rf"(?:(?:(?<=hundred)|(?<=thousand))\s+and\s+{_GROUP}(?![- ](?:{_NUMBER_WORDS}|hundred|thousand|million|billion)\b))?)")
"""A number in words: "six", "twenty-one", "three hundred", "two thousand five hundred", "three hundred and fifty";
"and" joins only a number below a hundred to a scale, never two scaled numbers ("two hundred and three hundred")."""
GROUP_SPACES = " \u00a0\u2009\u202f"  # "41 000": thousands grouped by a space, no-break, thin or narrow space
# Never "12" of "12,34": an ambiguous grouping is no figure. At most 40 digits before the point and 40 after, as a
# data file may write (kg.core.bounds.MAX_DIGITS): a run of 5,000 digits in an article was read as one number, and
# writing it out (str of an int of more than 4,300 digits) stopped kg extract with an internal error.
DIGIT_NUMBER = (r"(?<![0-9])(?<![0-9][,.])(?:[0-9]{1,3}(?:,[0-9]{3}){1,12}|[0-9]{1,3}(?:[" + GROUP_SPACES + r"][0-9]{3}){1,12}(?![0-9])"
                r"|[0-9]{1,40}(?![0-9]))(?:\.[0-9]{1,40}(?![0-9]))?(?![,.][0-9])")


def word_value(words: str) -> float | None:
    """'twenty-one' -> 21, 'three hundred' -> 300, 'six' -> 6, 'a dozen' -> 12; None if not a number.

    >>> word_value("twenty-one"), word_value("three hundred"), word_value("half a dozen"), word_value("lots")
    (21, 300, 6, None)
    """
    dozens = {"a dozen": 12, "half a dozen": 6}
    if words.lower().strip() in dozens:
        return dozens[words.lower().strip()]
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words.lower().strip()):
        if word in UNITS_WORDS:
            current += UNITS_WORDS[word]
        elif word in TENS_WORDS:
            current += TENS_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in ("thousand", "million", "billion"):
            total += max(current, 1) * SCALES[word]
            current = 0
        elif word in ("and", ""):
            continue
        else:
            return None
    return total + current


def digit_value(digits: str) -> Decimal:
    """The exact value of digits as written, in decimal arithmetic (never binary floating point).

    >>> digit_value("41,472"), digit_value("1.6"), digit_value("41 000"), digit_value("8.2") * 1_000_000
    (Decimal('41472'), Decimal('1.6'), Decimal('41000'), Decimal('8200000.0'))
    """
    return Decimal(re.sub(rf"[,{GROUP_SPACES}]", "", digits))


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10}
# Where a number word names no number: "one in, one out" (a name), "one of", "no one", "two-tier" ...
SET_PHRASES = re.compile(r"one[- ]in,?[- ]one[- ]out|one[- ]in[- ]one[- ]out|one of|one another|no one|one day|"
                          r"one by one|one or two|one-off|one way|one side|one thing|one hand|one-in-one|one point|"
                          r"one time|one-time|one-year|one-week|one-day|one-month|one or more|two-way|two-tier",
                          re.IGNORECASE)
