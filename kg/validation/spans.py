"""Evidence spans: find a quote's offsets in a source text, and check spans against the texts.

Offsets count Unicode code points of the UTF-8-decoded text (Python string indices), end exclusive,
as in W3C Web Annotation's TextPositionSelector.
"""

from __future__ import annotations

import hashlib
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path


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

    def __str__(self) -> str:
        return (
            f"{self.evidence}: {self.source_file}[{self.start}:{self.end}] is {self.found!r}, "
            f"but the evidence says {self.exact!r}"
        )


def check_spans(graph, seeds_dir: Path, where=lambda start, end: "") -> list[str]:
    """Every evidence span against its source text, and every quote against its evidence.

    Returns one message per problem: a span whose offsets do not give its exact text, a report whose
    file is missing or whose SHA-256 differs, a quote that is not inside its evidence; `where(start, end)`
    says where a span of those offsets is written ("data/report-001.ttl:75"), put before its message.
    """
    from kg.core.namespaces import OA, OO

    problems: list[str] = []
    texts: dict = {}
    missing: set = set()
    for report in sorted(set(graph.subjects(OO.sourceFileName, None))):
        name = str(graph.value(report, OO.sourceFileName))
        path = Path(seeds_dir) / name
        if not path.exists():
            spans = sum(1 for evidence in set(graph.objects(None, OO.evidence))
                        if graph.value(evidence, OA.hasSource) == report)
            problems.append(f"{report}: source file {name} not found in {seeds_dir}: its {spans} evidence "
                            "span(s) are not checked (put the text there, or name the folder that holds it)")
            missing.add(report)
            continue
        digest = sha256_of(path)
        if str(graph.value(report, OO.sha256)) != digest:
            problems.append(f"{report}: sha256 of {name} is {digest}, the graph says {graph.value(report, OO.sha256)}")
        texts[report] = (name, read_source(path))
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
            problems.append((f"{written}: " if written else "")
                            + str(SpanMismatch(span, name, int(start), int(end), str(exact), found)))
    for fact, quote in graph.subject_objects(OO.quote):
        spans = [str(graph.value(e, OA.exact)) for e in graph.objects(fact, OO.evidence)]
        if not any(str(quote) in span for span in spans):
            problems.append(f"{fact}: quote {str(quote)!r} is not inside any of its evidence spans")
    return problems


def written_at(paths: list, start: int, end: int) -> str:
    """Where a span with these offsets is written in the Turtle files `paths`: "FILE:LINE" of its `oa:start N ;
    oa:end M` (spans mismatched were named by their facts alone, which a curator had to search for), else ""."""
    import re

    pattern = re.compile(rf"\boa:start\s+{start}\s*;\s*oa:end\s+{end}\b")
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found = pattern.search(text)
        if found:
            return f"{path}:{text.count(chr(10), 0, found.start()) + 1}"
    return ""


def _span_name(graph, evidence) -> str:
    """An evidence span as a curator finds it: the fact (or facts) it is the evidence of, never the blank
    node's generated label, which names nothing in the file."""
    from kg.core.namespaces import OO

    facts = sorted(str(fact) for fact in graph.subjects(OO.evidence, evidence))
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
        problems = check_spans(graph, Path(args[1]), lambda start, end: written_at(args[2:], start, end))
        spans = len(set(graph.objects(None, OO.evidence)))
        if not spans and not problems:  # ("all spans match" of none: a wrong file, or no file, was given)
            print(f"kg: no evidence spans in {' '.join(args[2:]) or 'no file'}: nothing was checked", file=sys.stderr)
            return 1
        print("\n".join(problems) or f"all spans match ({spans})")
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
