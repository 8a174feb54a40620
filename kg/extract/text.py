"""Text rules for `kg extract`: paragraphs, sentences, quotations and numbers in a plain-text news report.

Everything here works on code-point offsets into the report's text (the offsets of evidence spans).
No models: regular expressions and a few word lists, so the output is deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ------------------------------------------------------------------ paragraphs and sentences

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "sgt", "gen", "col", "lt", "prof", "rev", "jan", "feb",
                 "aug", "sept", "oct", "nov", "dec", "vs", "etc", "inc", "ltd", "co"}
_SENTENCE_END = re.compile(r"[.!?…]+[’”\"')\]]*(?=\s+[\"“‘'(\[]*[A-Z0-9£])")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed: news text has one paragraph per line."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
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
        if match.end() > start:
            spans.append((start, match.end()))
        start = match.end()
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
    return spans


def sentences(text: str) -> list[tuple[int, int]]:
    """Every sentence of every paragraph."""
    return [span for p_start, p_end in paragraphs(text) for span in split_sentences(text, p_start, p_end)]


def containing(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The union of the spans that overlap [start, end)."""
    hit = [s for s in spans if s[0] < end and s[1] > start]
    return (min(s[0] for s in hit), max(s[1] for s in hit)) if hit else (start, end)


# ------------------------------------------------------------------------------ quotations

@dataclass(frozen=True)
class Quotation:
    start: int  # the opening mark
    end: int  # after the closing mark (or the paragraph's end when the quote runs on)
    inner_start: int
    inner_end: int
    closed: bool
    paragraph: int

    def inner(self, text: str) -> str:
        return text[self.inner_start:self.inner_end]


def _marks(text: str, start: int, end: int):
    """Quotation marks in text[start:end] as (position, length, 'open'|'close', kind)."""
    i = start
    while i < end:
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if ch == "“":
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
            elif (prev.isspace() or prev in "([—–" or i == start) and nxt.isalnum():
                yield i, 1, "open", "s"
            elif not prev.isspace() and not nxt.isalnum():
                yield i, 1, "close", "s"
        i += 1


def quotations(text: str) -> list[Quotation]:
    """Every top-level quotation, paragraph by paragraph.

    Nested quotes stay inside their outer quote. A quote still open at the end of its paragraph runs
    to that end: British papers open each paragraph of a long quote and close only the last.
    """
    found = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        stack: list[str] = []
        opened = opened_len = 0
        marks = list(_marks(text, p_start, p_end))
        for index, (position, length, role, kind) in enumerate(marks):
            if role == "close" and kind == "s" and _plural_possessive(text, position, marks[index + 1:]):
                continue
            if role == "open":
                if not stack:
                    opened, opened_len = position, length
                stack.append(kind)
            elif stack and kind in stack:
                while stack and stack.pop() != kind:
                    pass
                if not stack:
                    found.append(_quotation(text, opened, opened + opened_len, position, position + length, True, number))
        if stack:
            found.append(_quotation(text, opened, opened + opened_len, p_end, p_end, False, number))
    return [q for q in found if q.inner_end > q.inner_start]


def _plural_possessive(text: str, position: int, later: list) -> bool:
    """"migrants' rights" inside a single-quoted quote: an apostrophe after s, before a lower-case word,
    when the quote closes later in the paragraph."""
    if text[position - 1:position] != "s" or not re.match(r" [a-z]", text[position + 1:position + 3]):
        return False
    return any(role == "close" and kind == "s" for _, _, role, kind in later)


def _quotation(text, start, inner_start, inner_end, end, closed, paragraph) -> Quotation:
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return Quotation(start, end, inner_start, inner_end, closed, paragraph)


def quote_sentences(text: str, quote: Quotation) -> list[tuple[int, int]]:
    """A long quote split into its sentences (offsets into text), as curators split it."""
    return split_sentences(text, quote.inner_start, quote.inner_end)


# -------------------------------------------------------------------------------- numbers

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
              "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "m": 1_000_000,
          "bn": 1_000_000_000, "k": 1000}
_WORD = "|".join(sorted(list(UNITS_WORDS) + list(TENS_WORDS), key=len, reverse=True))
WORD_NUMBER = rf"(?:(?:{_WORD})(?:[- ](?:{_WORD}))?(?:\s+(?:hundred|thousand|million|billion))*)"
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"


def word_value(words: str) -> float | None:
    """'twenty-one' -> 21, 'three hundred' -> 300, 'six' -> 6; None if not a number."""
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


def digit_value(digits: str) -> float:
    return float(digits.replace(",", ""))
