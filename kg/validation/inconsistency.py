"""Where an inconsistency the reasoner found is written: owlrl's messages about a literal (ill-typed, or an
xsd:double where the ontology's range is a disjoint datatype) with the file, line and column of each place
the literal is written in the data files. Both engines' reasoners raise it, and both builds locate it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from kg.core.bounds import literal_positions
from kg.core.datatypes import not_a_figure, why_ill_typed
from kg.core.errors import KGError, echoed, printable
from kg.sources.project import relative_name

# (DOTALL: a literal's value may hold a line break, "12\n"^^xsd:integer, and was then left unlocated)
ILL_TYPED = re.compile(r"Lexical value of the literal '(?P<value>.*)' does not match its datatype \((?P<datatype>.*)\)",
                       re.DOTALL)
XSD = "http://www.w3.org/2001/XMLSchema#"
DISJOINT_DATATYPES = re.compile(rf"Disjoint classes (?P<one>{XSD}\w+) and (?P<two>{XSD}\w+) have a common "
                                r"individual (?P<value>.*)", re.DOTALL)


class InconsistencyError(KGError):
    """The reasoner found the asserted graph inconsistent with the ontology; `messages` in owlrl's words."""

    exit_code = 1

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("OWL-RL found the graph inconsistent:\n  " + "\n  ".join(messages))

    def located(self, files: list, root) -> "InconsistencyError":
        """The same, each literal a message is about (ill-typed: "abc"^^xsd:integer; a double where the
        ontology's range is another datatype: 1e24 for an xsd:decimal) with the file, line and column of
        every place it is written in `files` (the data files; names relative to `root`)."""
        messages = []
        for message in self.messages:
            found, why = _literal_at_fault(message)
            places = [(path, line, column, written) for path in files for line, column, written
                      in literal_positions(path, found["value"], double=why.startswith(DOUBLE))] if found else []
            if not places:  # (on one line: a value's line break or terminal escape as an escape)
                messages.append(printable(message))
            for path, line, column, written in places:
                messages.append(f"{relative_name(path, root)}:{line}:{column}: {echoed(written)} {why}")
        return InconsistencyError(messages)


DOUBLE = "is an xsd:double"


def _literal_at_fault(message: str) -> tuple:
    """(the match naming the literal, what is wrong with it, in words) for a message about one literal;
    (None, "") for any other. What is wrong with a double starts with DOUBLE: its places are found by value."""
    if found := ILL_TYPED.fullmatch(message):
        if refusal := not_a_figure(found["value"], found["datatype"]):
            return found, refusal
        datatype = found["datatype"].replace(XSD, "xsd:")
        why = why_ill_typed(found["value"], found["datatype"])
        return found, f"is not a valid {datatype} ({why or 'the lexical value does not match its datatype'})"
    found = DISJOINT_DATATYPES.fullmatch(message)
    if found and f"{XSD}double" in (found["one"], found["two"]):
        other = ({found["one"], found["two"]} - {f"{XSD}double"}).pop().replace(XSD, "xsd:")
        return found, (f"{DOUBLE} where an {other} is required (the two are disjoint): a number written with an "
                       "exponent is an xsd:double; write it without one")
    return None, ""


@contextmanager
def located_in(project):
    """An InconsistencyError raised inside, its ill-typed literals located in the project's data files."""
    try:
        yield
    except InconsistencyError as error:
        raise error.located(project.data_files, project.root) from None
