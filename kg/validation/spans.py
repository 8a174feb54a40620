"""Evidence spans: find a quote's offsets in a source text, and check spans against the texts.

Offsets count Unicode code points of the UTF-8-decoded text (Python string indices), end exclusive,
as in W3C Web Annotation's TextPositionSelector.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character that ends a line (those str.splitlines breaks at): LF, an old Mac's lone CR, NEL, U+2028..."""

# What another save of the same article may change and no reader sees (an editor's or a platform's habits). Each
# gives the file another SHA-256, so kg add took it for another report (kg add and kg spans --check set them aside:
# kg.extract.draft.same_article, as_recorded); and evidence offsets count the code points
# of the file as saved (a byte-order mark and each CR among them), so none can stand for the other.
INVISIBLE = (
    ("a byte-order mark", lambda text: text.removeprefix("\ufeff")),
    ("line endings", lambda text: re.sub(f"\r\n|[{LINE_BREAKS}]", "\n", text)),  # (a CRLF, CR, NEL, U+2028...)
    ("spaces or tabs at the ends of lines", lambda text: re.sub(r"[ \t]+\n", "\n", text)),
    ("white space at the end of the text", str.rstrip),
    ("Unicode normalisation", lambda text: unicodedata.normalize("NFC", text)),
)


def as_read(text: str, but: str = "") -> str:
    """The text as a reader sees it: every INVISIBLE difference set aside (but the one named `but`)."""
    for what, undo in INVISIBLE:
        text = text if what == but else undo(text)
    return text


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes: the identity of a report's source text."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_source(path: Path) -> str:
    return Path(path).read_bytes().decode("utf-8")


def locate(text: str, exact: str, occurrence: int = 1, written: str = "") -> tuple[int, int]:
    """Offsets of the n-th occurrence of `exact` in `text` (`written`: n as the user wrote it, for the message).

    >>> locate("one in, one out", "one", 2)
    (8, 11)
    """
    from kg.core.errors import echoed

    if not exact:
        raise ValueError("give the exact words to find (an empty text is found everywhere)")
    start = -1
    for found in range(occurrence):
        start = text.find(exact, start + 1)
        if start < 0:
            raise ValueError(f"{echoed(exact, quoted=True)} does not occur in the text" if found == 0 else
                             f"{echoed(exact, quoted=True)} occurs {found} time(s) in the text, not "
                             f"{echoed(written or occurrence)}")
    return start, start + len(exact)


@dataclass(frozen=True)
class SpanMismatch:
    evidence: str
    source_file: str
    start: int
    end: int
    exact: str
    found: str
    mend: str = ""  # what to write instead (mend_of)

    def __str__(self) -> str:
        return (
            f"{self.evidence}: {self.source_file}[{self.start}:{self.end}] is {self.found!r}, "
            f"but the evidence says {self.exact!r}" + (f": {self.mend}" if self.mend else "")
        )


def mend_of(text: str, exact: str) -> str:
    """What a curator writes for a span whose offsets do not give its words: where the words are in the text (the
    first time, as `kg spans` gives them), or that they are not in it."""
    count = text.count(exact)
    if not count:
        return "those words are not in the text: copy oa:exact from it"
    start = text.find(exact)
    return (f"write oa:start {start} ; oa:end {start + len(exact)}, where the text has them"
            + (f" (the first of {count} times: `kg spans` gives the others)" if count > 1 else ""))


_BREAK_NAMES = {"\r\n": "CRLF", "\r": "CR", "\x0b": "VT", "\x0c": "FF", "\x1c": "U+001C", "\x1d": "U+001D",
                "\x1e": "U+001E", "\x85": "NEL", "\u2028": "U+2028", "\u2029": "U+2029"}


def _saved_with(what: str, copy: str) -> tuple[str, str]:
    """How a copy differs from the report's text in one of INVISIBLE's ways, and how its spans are checked:
    ("CRLF line endings", "with line feeds")."""
    if what == "line endings":  # (those before its end: a break that ends the text is told as its end's)
        kinds = {match for match in re.findall(f"\r\n|[{LINE_BREAKS}]", copy.rstrip() or copy) if match != "\n"}
        kinds = kinds or {match for match in re.findall(f"\r\n|[{LINE_BREAKS}]", copy) if match != "\n"}
        names = [name for ending, name in _BREAK_NAMES.items() if ending in kinds] or ["other"]
        return f"{_and(names)} line endings", "with line feeds"
    if what == "white space at the end of the text":
        end = copy[len(copy.rstrip()):]
        if end and not end.strip(LINE_BREAKS):
            return "a line break at its end", "without the line break at its end"
        return "more white space at its end", "without the white space at its end"
    if what == "Unicode normalisation":
        form = "NFD, accents decomposed" if unicodedata.is_normalized("NFD", copy) else "not NFC"
        return f"another Unicode normalisation ({form})", "with accents composed (NFC)"
    told = {"a byte-order mark": ("a byte-order mark", "without the byte-order mark"),
            "the report's CRLF line endings": ("line feeds where the report's text has CRLF",
                                               "with CRLF line endings"),
            "the report's byte-order mark": ("no byte-order mark where the report's text has one",
                                             "with a byte-order mark"),
            "spaces or tabs at the ends of lines": ("spaces or tabs at the ends of lines",
                                                    "without the spaces at the ends of lines")}
    return told.get(what, (what, "without them"))


AS_SAVED = (
    ("the report's CRLF line endings", lambda text: text.replace("\n", "\r\n")),
    ("the report's byte-order mark", lambda text: "\ufeff" + text),
)
"""What a report's own file may have that a copy lacks (kg add keeps a new article as saved, CRLF and byte-order mark
included), put back after INVISIBLE's differences are undone: a copy with line feeds of a report saved with CRLF."""


def as_recorded(copy: str, sha256: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The report's own text, if `copy` is it saved otherwise: the fewest of the differences no reader sees
    (INVISIBLE: a byte-order mark, line endings, Unicode normalisation... those kg add sets aside; then AS_SAVED)
    whose undoing gives a text of SHA-256 `sha256`, with how the copy differs (_saved_with); None if none does,
    and the copy is another text. Only the digest decides: a text that differs in any other way is not the report's."""
    from itertools import combinations

    ways = INVISIBLE + AS_SAVED  # (in this order: the report's line endings are put back once the copy's are undone)
    for count in range(len(ways) + 1):  # (none: a copy in another encoding may differ in nothing else)
        for chosen in combinations(ways, count):
            text = copy
            for _, undo in chosen:
                text = undo(text)
            if hashlib.sha256(text.encode("utf-8")).hexdigest() == sha256:
                return text, [_saved_with(what, copy) for what, _ in chosen]
    return None


def _decodings(raw: bytes):
    """(encoding, text) of the ways a copy's bytes may be read: as UTF-8 ("", the offsets' own), and, if they are not
    UTF-8 or begin with UTF-16's byte-order mark, as Windows saves a text (UTF-16, Windows-1252). Any may be wrong;
    only a text of the report's SHA-256 is taken (as_recorded)."""
    try:
        yield "", raw.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    for encoding, applies in (("UTF-16", raw[:2] in (b"\xff\xfe", b"\xfe\xff")), ("Windows-1252", not utf8)):
        if applies:
            try:
                yield encoding, raw.decode(encoding.replace("Windows-", "cp"))
            except UnicodeDecodeError:
                pass


def _utf8_error(raw: bytes) -> UnicodeDecodeError:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return error
    raise ValueError("the bytes are UTF-8")


def _span_count(graph, report) -> int:
    """How many evidence spans have `report`'s text as their source."""
    from kg.core.namespaces import OA, OO

    return sum(1 for evidence in set(graph.objects(None, OO.evidence)) if graph.value(evidence, OA.hasSource) == report)


def _and(items: list) -> str:
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]


SHOWN = 3
"""Span mismatches listed for a text that is not its report's (the rest counted): past its first difference every
span is shifted, and hundreds of them said less than the one line that the text is another."""


def check_spans(graph, seeds_dir: Path, where=lambda start, end: "", notes: list | None = None) -> list[str]:
    """Every evidence span against its source text, and every quote against its evidence.

    Returns one message per problem: a span whose offsets do not give its exact text, a report whose
    file is missing or whose SHA-256 differs, a quote that is not inside its evidence; `where(start, end)`
    says where a span of those offsets is written ("data/report-001.ttl:75:21"), put before its message.
    A file that is its report's text saved otherwise (as_recorded: other line endings, a byte-order mark...) is
    no problem: its spans are checked against the text it gives back, with the graph's offsets, and `notes` is
    told so; of a file that is another text, the first SHOWN mismatched spans are listed and the others counted.
    """
    from kg.core.errors import not_utf8
    from kg.core.namespaces import OA, OO
    from kg.sparql.output import short

    problems: list[str] = []
    texts: dict = {}
    missing: set = set()
    other: set = set()  # (reports whose file is another text)
    shifted: dict = {}
    for report in sorted(set(graph.subjects(OO.sourceFileName, None))):
        name = str(graph.value(report, OO.sourceFileName))
        path = Path(seeds_dir) / name
        if not path.exists():
            spans = _span_count(graph, report)
            problems.append(f"{short(report)}: source file {name} not found in {seeds_dir}: its {spans} evidence "
                            "span(s) are not checked (put the text there, or name the folder that holds it)")
            missing.add(report)
            continue
        raw, recorded = path.read_bytes(), str(graph.value(report, OO.sha256))
        digest = hashlib.sha256(raw).hexdigest()
        decoded = dict(_decodings(raw))
        same = None if recorded == digest else next(
            ((found[0], ([(f"the {encoding} encoding", f"decoded from {encoding}")] if encoding else []) + found[1])
             for encoding, copy in decoded.items() for found in [as_recorded(copy, recorded)] if found), None)
        text = decoded.get("")
        if same:
            text, differences = same
            (notes if notes is not None else []).append(
                f"{name} is the text of {short(report)} saved with {_and([saved for saved, _ in differences])}: "
                f"its spans are checked against it {_and([checked for _, checked in differences])}, the text of "
                f"SHA-256 {recorded[:12]}... that the graph's offsets count")
        elif text is None:  # (not UTF-8, and no other encoding gives the report's text: an internal error before)
            error = _utf8_error(raw)
            spans = _span_count(graph, report)
            problems.append(f"{short(report)}: {not_utf8(name, raw[error.start], error.start)}, nor the report's text in "
                            f"another encoding (its SHA-256 is {digest}, the graph says {recorded}): its {spans} "
                            "evidence span(s) are not checked")
            missing.add(report)
            continue
        elif recorded != digest:
            problems.append(f"{short(report)}: sha256 of {name} is {digest}, the graph says {recorded}")
            other.add(report)
        texts[report] = (name, text)
    for evidence in sorted(set(graph.objects(None, OO.evidence))):
        source = graph.value(evidence, OA.hasSource)
        if source in missing:
            continue
        exact, start, end = (graph.value(evidence, p) for p in (OA.exact, OA.start, OA.end))
        span = _span_name(graph, evidence)
        if source not in texts or exact is None or start is None or end is None:
            lacking = [term for term, value in (("oa:hasSource (a report with its oo:sourceFileName)",
                                                 source if source in texts else None),
                                                ("oa:exact", exact), ("oa:start", start), ("oa:end", end))
                       if value is None]
            problems.append(f"{span}: needs {', '.join(lacking)}")
            continue
        name, text = texts[source]
        found = text[int(start):int(end)]
        if found != str(exact):
            written = where(int(start), int(end))
            mend = "" if source in other else mend_of(text, str(exact))  # (another text: its offsets all shifted)
            message = (f"{written}: " if written else "") + str(SpanMismatch(span, name, int(start), int(end),
                                                                                str(exact), found, mend))
            if source in other:
                shifted.setdefault(source, []).append(((int(start), int(end)), message))
            else:
                problems.append(message)
    for report, mismatched in sorted(shifted.items()):
        spans = _span_count(graph, report)
        name = texts[report][0]
        problems.append(f"{short(report)}: {len(mismatched)} of its {spans} evidence spans do not match {name}, which is "
                        "not its text (its SHA-256 differs, and no other line endings, byte-order mark or Unicode "
                        "normalisation accounts for it)"
                        + (f"; the first {SHOWN}:" if len(mismatched) > SHOWN else ":"))
        listed = {}  # (offsets -> the first message of them: facts that cite one sentence share its span)
        for offsets, message in sorted(mismatched):
            if len(listed) < SHOWN:
                listed.setdefault(offsets, message)
        problems.extend(listed.values())
    for fact, quote in graph.subject_objects(OO.quote):
        spans = [str(graph.value(e, OA.exact)) for e in graph.objects(fact, OO.evidence)]
        if not any(str(quote) in span for span in spans):
            problems.append(f"{short(fact)}: quote {str(quote)!r} is not inside any of its evidence spans")
    return problems


class SpanPlaces:
    """Where the spans of Turtle files are written: "FILE:LINE:COLUMN" of the `oa:start` of the span of given
    offsets, from each file's parse (kg.sources.positions), so whatever the order and lines of its statements
    (kg add writes `oa:end` three lines above `oa:start`, which a search for `oa:start N ; oa:end M` missed);
    "" where no file writes it. The files are parsed once, when a first span is asked for."""

    def __init__(self, paths: list):
        self.paths, self.places = list(paths), None

    def __call__(self, start: int, end: int) -> str:
        from kg.core.namespaces import OA
        from kg.sources.positions import parse_positions

        if self.places is None:
            self.places = {}
            for path in self.paths:
                found = parse_positions(Path(path), str(path))
                for node, written in found.graph.subject_objects(OA.start) if found else ():
                    span = found.span_of((node, OA.start, written))
                    offsets = (_integer(written), _integer(found.graph.value(node, OA.end)))
                    if span and None not in offsets:
                        self.places.setdefault(offsets, str(found.location(span)))
        return self.places.get((start, end), "")


def _integer(literal) -> int | None:
    try:
        return int(literal)
    except (TypeError, ValueError):
        return None


def _span_name(graph, evidence) -> str:
    """An evidence span as a curator finds it: the fact (or facts) it is the evidence of, never the blank
    node's generated label, which names nothing in the file."""
    from kg.core.namespaces import OO
    from kg.sparql.output import short

    facts = sorted(short(fact) for fact in graph.subjects(OO.evidence, evidence))
    return f"{', '.join(facts) or evidence} (evidence span)"


USAGE = 'usage: kg spans SOURCE.txt "exact words" [N] | --check SEEDS_DIR FILE.ttl ...'


def main(argv: list[str] | None = None) -> int:
    """kg spans SOURCE.txt "exact words" [N]
        the offsets of the N-th occurrence (the first by default), written as the Turtle of a span writes them
    kg spans --check SEEDS_DIR FILE.ttl ...
        check every evidence span in the files against the texts in SEEDS_DIR
    """
    from kg.core.errors import KGError, describe_exception, echoed, not_utf8

    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["-h"], ["--help"]):
        print(inspect.cleandoc(main.__doc__))
        return 0
    if args[:1] == ["--check"] and len(args) >= 2:
        from kg.sources.load import read_triples
        from kg.core.namespaces import OO
        from kg.core.terms import graph_of

        try:  # (read by the engine's loader: rdflib's own parser refuses some Turtle the loaders read)
            graph = graph_of(triple for path in args[2:] for triple in read_triples(Path(path), data_file=True))
        except KGError as error:
            print(f"kg: {error}", file=sys.stderr)
            return 2
        notes: list = []
        problems = check_spans(graph, Path(args[1]), SpanPlaces(args[2:]), notes)
        spans = len(set(graph.objects(None, OO.evidence)))
        if not spans and not problems:  # ("all spans match" of none: a wrong file, or no file, was given)
            print(f"kg: no evidence spans in {' '.join(args[2:]) or 'no file'}: nothing was checked", file=sys.stderr)
            return 1
        print("\n".join(notes + (problems or [f"all spans match ({spans})"])))
        return 1 if problems else 0
    if len(args) not in (2, 3) or args[0] == "--check":
        print(USAGE, file=sys.stderr)
        return 2
    which = args[2] if len(args) == 3 else "1"
    if not (which.isascii() and which.isdigit() and which.strip("0")):
        print(f"kg: N, which occurrence, is a whole number from 1: got {echoed(which, quoted=True)}", file=sys.stderr)
        return 2
    # (no int of more digits than any text has characters: 5,000 digits stopped kg spans with an internal error)
    occurrence = int(which) if len(which.lstrip("0")) <= 18 else sys.maxsize
    try:
        text = read_source(Path(args[0]))
    except OSError as error:
        print(f"kg: {describe_exception(error)}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as error:
        print(f"kg: {not_utf8(args[0], error.object[error.start], error.start)}", file=sys.stderr)
        return 2
    try:
        start, end = locate(text, args[1], occurrence, which)
    except ValueError as error:
        print(f"kg: {error}", file=sys.stderr)
        return 1
    print(f"oa:start {start} ; oa:end {end}    # occurrence {occurrence} of {text.count(args[1])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
