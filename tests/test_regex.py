"""kg.core.regex against Oxigraph's REGEX, which reads XPath's regular expressions as SPARQL and SHACL define
them: the same answer for generated patterns, flags and texts (the engine's sh:pattern and the reference's
REGEX and sh:pattern are Python's `re` through kg.core.regex)."""

from __future__ import annotations

import re

import pyoxigraph as ox
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from kg.core.regex import xpath

PIECES = ["a", "b", ".", "$", "^", r"\s", r"\S", "[ab]", "[^a]", r"[\s]", "*", "+", "?", "(", ")", "|", " ", r"\.",
          "x", "[a-c]", "{2}"]
TEXTS = st.text(st.sampled_from(["a", "b", "x", "\n", "\r", " ", "\t", "\u00a0", "\u2003", "."]), max_size=6)
STORE = ox.Store()


def oxigraph_matches(text: str, pattern: str, flags: str) -> bool | None:
    """REGEX(text, pattern, flags) as Oxigraph answers it; None where it is an error (a pattern it cannot read)."""
    (row,) = STORE.query("SELECT ?t ?p ?f (REGEX(?t, ?p, ?f) AS ?m) WHERE { }",
                         substitutions={ox.Variable("t"): ox.Literal(text), ox.Variable("p"): ox.Literal(pattern),
                                        ox.Variable("f"): ox.Literal(flags)})
    return None if row["m"] is None else row["m"].value == "true"


@settings(max_examples=600, deadline=None)
@given(pattern=st.lists(st.sampled_from(PIECES), max_size=6).map("".join), text=TEXTS,
       flags=st.sampled_from(["", "i", "m", "s", "x", "q", "mx", "is"]))
@example(pattern="b$", text="ab\n", flags="")  # Python's $ matched before the final line break
@example(pattern=r"^\S+$", text="x\u00a0", flags="")  # (Oxigraph's \s is any Unicode space, as Python's: XPath's would not)
@example(pattern="a.b", text="a\rb", flags="")  # (Oxigraph's . matches it, as Python's: XPath's would not)
@example(pattern="a b", text="ab", flags="x")
@example(pattern="a.", text="a.", flags="q")
@example(pattern="b*+b", text="b", flags="")  # a repetition repeated, (b*)+, where Python 3.11 reads b*+ possessive
@example(pattern="x{2}+y", text="xxxxy", flags="")
def test_a_pattern_matches_as_oxigraph_reads_it(pattern, text, flags):
    expected = oxigraph_matches(text, pattern, flags)
    try:
        compiled = xpath(pattern, flags)
    except re.error:
        assume(False)
    assume(expected is not None)
    assert (compiled.search(text) is not None) is expected, (pattern, text, flags)
