"""Evidence spans: find a quote's offsets in a source text, and check spans against the texts.

Offsets count Unicode code points of the UTF-8-decoded text (Python string indices), end exclusive,
as in W3C Web Annotation's TextPositionSelector.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes: the identity of a report's source text."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_source(path: Path) -> str:
    return Path(path).read_bytes().decode("utf-8")


def locate(text: str, exact: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the n-th occurrence of `exact` in `text`.

    >>> locate("one in, one out", "one", 2)
    (8, 11)
    """
    start = -1
    for _ in range(occurrence):
        start = text.find(exact, start + 1)
        if start < 0:
            raise ValueError(f"{exact!r} occurs fewer than {occurrence} time(s) in the text")
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


def main(argv: list[str] | None = None) -> int:
    """`python -m kg.spans SOURCE.txt "exact words" [N]`: print start and end of the N-th occurrence."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        print(main.__doc__, file=sys.stderr)
        return 2
    text = read_source(Path(args[0]))
    try:
        start, end = locate(text, args[1], int(args[2]) if len(args) == 3 else 1)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(start, end, f"occurrences={text.count(args[1])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
