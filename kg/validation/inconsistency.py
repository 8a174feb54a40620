"""Where an inconsistency the reasoner found is written: owlrl's messages about a literal (ill-typed, or an
xsd:double where the ontology's range is a disjoint datatype) with the file, line and column of each place
the literal is written in the data files, and its messages about a thing (a member of two classes the
ontology says are disjoint, or of owl:Nothing) in a curator's words, where the thing is described. Both
engines' reasoners raise it, and both builds locate it; kg validate reports the same as findings
(`inconsistency_findings`), so that what the build refuses is never a surprise after a validation passed.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from rdflib import BNode, URIRef
from rdflib.namespace import RDF

from kg.core.bounds import literal_positions
from kg.core.datatypes import not_a_figure, why_ill_typed
from kg.core.errors import KGError, echoed, printable
from kg.sources.positions import parse_positions
from kg.sources.project import relative_name
from kg.sparql.output import short
from kg.validation.findings import Clue, Finding

# (DOTALL: a literal's value may hold a line break, "12\n"^^xsd:integer, and was then left unlocated)
ILL_TYPED = re.compile(r"Lexical value of the literal '(?P<value>.*)' does not match its datatype \((?P<datatype>.*)\)",
                       re.DOTALL)
XSD = "http://www.w3.org/2001/XMLSchema#"
DISJOINT_DATATYPES = re.compile(rf"Disjoint classes (?P<one>{XSD}\w+) and (?P<two>{XSD}\w+) have a common "
                                r"individual (?P<value>.*)", re.DOTALL)
# owlrl's rules cax-dw and cls-nothing2, about a thing (a literal's disjoint datatypes are DISJOINT_DATATYPES')
DISJOINT_CLASSES = re.compile(r"Disjoint classes (?P<one>\S+) and (?P<two>\S+) have a common individual (?P<node>\S+)")
NOTHING_MEMBER = re.compile(r"(?P<node>\S+) is defined of type 'Nothing'")
NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
CONSISTENCY_RULE = "owl-consistency"
CONSISTENCY_SUMMARY = ("Nothing is a member of two classes the ontology says are disjoint (owl:disjointWith), nor of "
                       "owl:Nothing, by its stated types or by those the ontology's rules give it (OWL-RL).")


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
        messages, parsed = [], {}
        for count, (node, classes) in enumerate(things_at_fault(self.messages).items()):
            where = _described_at(node, files, parsed) if count < LOCATED_THINGS else []
            places = [f"{relative_name(path, root)}:{line}:{column}" for path, line, column in where]
            also = f" (also described at {', '.join(places[1:])})" if len(places) > 1 else ""
            messages.append(f"{places[0]}: " * bool(places) + why_inconsistent(node, classes) + also)
        for message in self.messages:
            if _thing_at_fault(message):
                continue
            found, why = _literal_at_fault(message)
            places = [(path, line, column, written) for path in files for line, column, written
                      in literal_positions(path, found["value"], double=why.startswith(DOUBLE))] if found else []
            if not places:  # (on one line: a value's line break or terminal escape as an escape)
                messages.append(printable(message))
            for path, line, column, written in places:
                messages.append(f"{relative_name(path, root)}:{line}:{column}: {echoed(written)} {why}")
        return InconsistencyError(messages)


DOUBLE = "is an xsd:double"
LOCATED_THINGS = 50  # things located in the data files (each may be sought in every file); the rest named only


def refused_for(reasoning) -> list[str]:
    """The messages of the InconsistencyError that `reasoning` (a function of no arguments: either engine's
    closure) raises, [] when it raises none; what else stops a reasoner (equality it would work out, OWL it cannot
    read) is left to the build to say. kg validate reports each message as a finding; the build stops at them."""
    try:
        reasoning()
    except InconsistencyError as error:
        return error.messages
    except KGError:
        pass
    return []


def _thing_at_fault(message: str) -> tuple[str, str] | None:
    """(the thing, the class or the two disjoint classes, space-separated) that an owlrl message is about;
    None for a message about a literal or any other."""
    if found := NOTHING_MEMBER.fullmatch(message):
        return found["node"], NOTHING
    found = DISJOINT_CLASSES.fullmatch(message)
    if found and not DISJOINT_DATATYPES.fullmatch(message):
        return found["node"], f"{found['one']} {found['two']}"
    return None


def things_at_fault(messages: list[str]) -> dict:
    """{thing (an IRI, or a blank node's label, as owlrl prints it): the classes at fault} from owlrl's messages,
    each thing once: a member of owl:Nothing as that alone (owl:Nothing is below every class, so owlrl also
    finds it in every disjoint pair), else every disjoint pair it is in."""
    found: dict = {}
    for message in sorted(messages):
        if at_fault := _thing_at_fault(message):
            node, classes = at_fault
            found.setdefault(node, []).append(tuple(classes.split()))
    return {node: [(NOTHING,)] if (NOTHING,) in pairs else pairs for node, pairs in sorted(found.items())}


def why_inconsistent(node: str, classes: list[tuple]) -> str:
    """A thing's inconsistency in a curator's words (prefixed names)."""
    if classes == [(NOTHING,)]:
        return (f"{_named(node)} is an owl:Nothing, the class nothing can be a member of (stated, or given by the "
                "ontology's rules from what is said of it); the build refuses it as inconsistent")
    pairs = "; ".join(f"{_named(one)} and {_named(two)}" for one, two in classes)
    return (f"{_named(node)} is a member of two classes the ontology says nothing can be both (owl:disjointWith): "
            f"{pairs} (by its stated types, or those the ontology's rules give it from what is said of it, "
            "its properties' domains and ranges); the build refuses it as inconsistent")


def _term(node: str):
    return URIRef(node) if ":" in node else BNode(node)


def _named(node: str) -> str:
    return short(_term(node))


def inconsistency_findings(messages: list[str], names) -> list[Finding]:
    """A violation for each thing owlrl's `messages` find inconsistent (a kg.validation.findings.Namer names
    it and its files); its messages about literals are literal_findings' (kg.validation.findings)."""
    found = []
    for node, classes in things_at_fault(messages).items():
        term = _term(node)
        found.append(Finding("Violation", names(term), names(RDF.type), names.text(why_inconsistent(node, classes)),
                             CONSISTENCY_RULE, " ".join(names(URIRef(c)) for pair in classes for c in pair),
                             names.files(term), clue=Clue(names.ref(term), ((RDF.type, False),), (), "class")))
    return found


def _described_at(node: str, files: list, parsed: dict) -> list[tuple]:
    """(path, line, column) where each file that describes the thing `node` (an IRI) begins its description; a
    file is parsed once for all the things (`parsed`: path -> its positions), and only if it holds the name."""
    if ":" not in node:
        return []
    term, local = URIRef(node), re.split(r"[/#:]", node)[-1].encode()
    places = []
    for path in files:
        if path not in parsed:
            try:
                if local not in path.read_bytes():
                    continue
            except OSError:
                continue
            parsed[path] = parse_positions(path, str(path))
        positions = parsed[path]
        span = positions.described.get(term) if positions is not None else None
        if span is not None:
            places.append((path, *positions.line_column(span[0])))
    return places


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
