"""Regular expressions as SPARQL's REGEX and SHACL's sh:pattern read them (XPath's fn:matches, as Oxigraph
reads it), in Python.

Python's `re` reads the same text otherwise in a few places, and the findings differed: `$` matched before a
final line break (`"ab\\n"` matched `b$`: a sha256 or a language tag ending in a line break passed its
sh:pattern, and a quote's REGEX found otherwise on the reference), and the `x` and `q` flags were not read
at all. `xpath` rewrites those before Python compiles the pattern. Where Oxigraph reads a pattern otherwise than
XPath (its `.` matches a carriage return, its `\\s` any Unicode space, as Python's do), Oxigraph's reading
is kept: it is the engine's SPARQL, and tests/test_regex.py holds the two to one answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

@lru_cache(maxsize=1024)
def xpath(pattern: str, flags: str = "") -> re.Pattern:
    """`pattern` with XPath's `flags` (s, m, i, x, q) compiled for Python's `re.search` to answer as fn:matches.
    An error (re.error) where Python cannot read it.

    >>> bool(xpath("b$").search("ab\\n")), bool(xpath("b$", "m").search("ab\\n"))
    (False, True)
    >>> bool(xpath("a b", "x").search("ab")), bool(xpath("a.b", "q").search("axb"))
    (True, False)
    """
    if "q" in flags:
        return re.compile(re.escape(pattern), re.I if "i" in flags else 0)
    return re.compile(_rewritten(pattern, "m" in flags, "x" in flags),
                      (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0) | (re.S if "s" in flags else 0))


def _rewritten(pattern: str, multiline: bool, extended: bool) -> str:
    """The pattern as Python's `re` reads it as Oxigraph does: `$` the end of the text alone (without `m`), the `x`
    flag's whitespace dropped, and a quantifier followed by `+` (`b*+`, `b{2}+`) a repetition of the repetition,
    `(?:b*)+`, as Oxigraph (Rust's regex) reads it, where Python (3.11) reads a possessive quantifier: "b*+b" found
    nothing in "b", where Oxigraph finds it."""
    out, i, in_class = [], 0, False
    groups, atom = [], None  # where in `out` each open group starts; where the last complete atom starts
    while i < len(pattern):
        c = pattern[i]
        if extended and not in_class and c in " \t\n\r":  # (x: whitespace outside a class is no part of it)
            i += 1
            continue
        if c == "\\" and i + 1 < len(pattern):
            atom = atom if in_class else len(out)
            out.append(pattern[i:i + 2])
            i += 2
            continue
        quantifier = _quantifier(pattern, i) if not in_class else ""
        if in_class:
            in_class = c != "]" or out[-1] in ("[", "[^")  # (a "]" first in a class is one of its characters)
            out.append(c)
        elif quantifier and atom is not None:
            i += len(quantifier)
            if pattern.startswith("+", i):  # a repetition repeated: the next "+" applies to the group
                out[atom:] = ["(?:", *out[atom:], quantifier, ")"]
            else:
                out.append(quantifier)
            continue
        elif c == "[":
            in_class, atom = True, len(out)
            out.append("[^" if pattern.startswith("[^", i) else "[")
            i += 1 if pattern.startswith("[^", i) else 0
        elif c == "(":
            groups.append(len(out))
            atom = None
            out.append(c)
        elif c == ")":
            atom = groups.pop() if groups else None
            out.append(c)
        elif c == "|":
            atom = None
            out.append(c)
        elif c == "$" and not multiline:
            atom = len(out)
            out.append(r"\Z")  # (Python's $ matches before a final line break too)
        else:
            atom = len(out)
            out.append(c)
        i += 1
    return "".join(out)


QUANTIFIER = re.compile(r"[*+?]|\{[0-9]+(?:,[0-9]*)?\}")


def _quantifier(pattern: str, i: int) -> str:
    """The quantifier that starts at `i` (`*`, `+`, `?`, `{2,3}`), with its `?` of a lazy one; "" for none."""
    found = QUANTIFIER.match(pattern, i)
    if found is None:
        return ""
    end = found.end() + pattern.startswith("?", found.end())
    return pattern[i:end]
