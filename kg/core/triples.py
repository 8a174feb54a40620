"""The asserted triples as the analysis reads them: an index over N-Triples string triples with the read
side of rdflib's Graph API, and a sink that keeps what the analysis writes as string triples.

kg.analysis (kg check, kg discrepancies) is written against rdflib's Graph; over a million triples an
rdflib Graph takes longer to build (31 s, measured) than the analysis takes to run over this index.
"""

from __future__ import annotations

from operator import itemgetter

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF

from kg.core.terms import rdflib_literal, term_string, text_string


def by_predicate(triples) -> dict:
    """predicate -> [(subject, predicate, object)] of string triples (one pass, no sorting)."""
    grouped: dict = {}
    for triple in triples:
        found = grouped.get(triple[1])
        if found is None:
            grouped[triple[1]] = [triple]
        else:
            found.append(triple)
    return grouped


class RdflibTerms(dict):
    """N-Triples string -> rdflib term, each converted once."""

    def __missing__(self, text: str):
        if text[0] == "<" and "\\" not in text:
            found = URIRef(text[1:-1])
        elif text[0] == "_":
            found = BNode(text[2:])
        else:
            found = rdflib_literal(text)
        self[text] = found
        return found


class TripleIndex:
    """String triples indexed by predicate: for each predicate, subject -> objects and object -> subjects,
    each map made the first time it is asked for (a stage reads the few predicates it needs).

    Two faces: N-Triples strings for the engine's stages (`out`, `into`, `owners`), and the read side of
    rdflib's Graph (objects, subjects, value, `in`) for kg.analysis, answering rdflib terms."""

    def __init__(self, triples):
        self.by_predicate = by_predicate(triples)
        self._out: dict = {}
        self._into: dict = {}
        self._blank: tuple | None = None  # blank node -> its owners, and -> its statements
        self._out_of: dict = {}  # predicate as an rdflib term -> subject -> [object]
        self.term = RdflibTerms()

    def out(self, predicate: str) -> dict:
        """subject -> [object] for one predicate."""
        return self._map(predicate, self._out, 0, 2)

    def into(self, predicate: str) -> dict:
        """object -> [subject] for one predicate."""
        return self._map(predicate, self._into, 2, 0)

    def _map(self, predicate: str, made: dict, key: int, value: int) -> dict:
        found = made.get(predicate)
        if found is None:
            found = made[predicate] = {}
            for triple in self.by_predicate.get(predicate, ()):
                values = found.get(triple[key])
                if values is None:
                    found[triple[key]] = [triple[value]]
                else:
                    values.append(triple[value])
        return found

    def owners(self, node: str) -> list:
        """(subject, predicate) of the triples whose object is `node`, a blank node (findings name a blank
        node by the node that points to it)."""
        return self._blank_links()[0].get(node, [])

    def blank_statements(self, node: str) -> list:
        """(predicate, object) of the triples whose subject is `node`, a blank node (findings tell apart
        the blank nodes one chain of links reaches by what each of them states)."""
        return self._blank_links()[1].get(node, [])

    def _blank_links(self) -> tuple[dict, dict]:
        """The triples into and out of blank nodes, found in one pass the first time a finding asks."""
        if self._blank is None:
            into: dict = {}
            out: dict = {}
            for triples in self.by_predicate.values():
                for s, p, o in triples:
                    if o[0] == "_":
                        into.setdefault(o, []).append((s, p))
                    if s[0] == "_":
                        out.setdefault(s, []).append((p, o))
            self._blank = into, out
        return self._blank

    def __len__(self) -> int:
        return sum(len(triples) for triples in self.by_predicate.values())

    # -------------------------------------------------------------- rdflib's face

    def _objects_of(self, subject, predicate):
        """Keyed by the predicate's rdflib term: kg.core.namespaces.OO.value is one object, found at once; an IRI
        subject's string made here (node_string, without a call for each of 1.9 M reads at a million triples)."""
        found = self._out_of.get(predicate)
        if found is None:
            found = self._out_of[predicate] = self.out(node_string(predicate))
        return found.get("".join(("<", subject, ">")) if subject.__class__ is URIRef else node_string(subject), ())

    def objects(self, subject=None, predicate=None):
        """The terms, found by map() over the index's strings: a generator would run Python code for each
        (the analysis of a million triples reads three million terms, measured)."""
        if subject is not None:
            return map(self.term.__getitem__, self._objects_of(subject, predicate))
        return map(self.term.__getitem__, map(itemgetter(2), self.by_predicate.get(node_string(predicate), ())))

    def subjects(self, predicate=None, object=None):  # noqa: A002 (rdflib's name)
        p = node_string(predicate)
        if object is not None:
            return map(self.term.__getitem__, self.into(p).get(node_string(object), ()))
        return map(self.term.__getitem__, map(itemgetter(0), self.by_predicate.get(p, ())))

    def value(self, subject=None, predicate=RDF.value, object=None, default=None):  # noqa: A002
        """rdflib's Graph.value with any=True."""
        if subject is None:
            return next(self.subjects(predicate, object), default)
        found = self._objects_of(subject, predicate)
        return self.term[found[0]] if found else default

    def __contains__(self, triple) -> bool:
        """rdflib's `(s, p, o) in graph`, None standing for any term (`(node, None, None)`: is it described)."""
        s, p, o = triple
        if s is not None and p is not None and o is not None:
            return node_string(o) in self._objects_of(s, p)
        wanted = None if o is None else node_string(o)
        for predicate in (self.by_predicate if p is None else (node_string(p),)):
            found = self.into(predicate) if s is None else self.out(predicate).get(node_string(s), ())
            if found if wanted is None else wanted in found:
                return True
        return False


def node_string(term) -> str:
    """term_string, made at once for an IRI or a blank node: rdflib makes a new URIRef at each RDF.type,
    and a dict keyed by rdflib terms compares them in Python (most of the analysis' time, measured)."""
    kind = term.__class__
    if kind is URIRef:
        return "".join(("<", term, ">"))
    if kind is BNode:
        return "".join(("_:", term))
    return term_string(term)


class StringTriples(set):
    """What kg.core.serialize.write_graph would write, kept as N-Triples string triples: the sink of the analysis
    here (an rdflib Graph of 600 K triples takes seconds to fill, then to read back)."""

    def __init__(self):
        super().__init__()
        self.typed: dict = {}  # typed literal (lexical form, datatype) -> its string (kg.core.serialize writes it as held)
        self.nodes: dict = {}  # one string per IRI or blank node, however many triples name it: the analysis
        # names each node in several of its 1.9 M triples at a million (0.47 GB less at its peak, measured)
        self.holding: set = set()  # the triples with a blank node, noted as they come (found later, a pass
        # over two million triples costs 3.5 s, measured)
        self.predicates: dict = {}  # predicate (an rdflib term, one object each: kg.core.namespaces) -> its string
        self.subject: tuple = (None, "")  # the last subject added and its string: a node's triples come together
        self.made: dict = {}  # (value, lang, datatype) of a whole number or typed text given to literal() -> its string

    def add(self, triple) -> None:
        s, p, o = triple
        nodes = self.nodes
        if o.__class__ is URIRef:  # IRIs written at once: the analysis adds two million triples
            o = "".join(("<", o, ">"))
            o = nodes.setdefault(o, o)
        elif o.__class__ is not str:  # str: made by literal()
            o = self._object(o)
        last, subject = self.subject
        if s is not last:
            subject = node_string(s)
            subject = nodes.setdefault(subject, subject)
            self.subject = s, subject
        predicate = self.predicates.get(p)
        if predicate is None:
            predicate = node_string(p)
            predicate = self.predicates[p] = nodes.setdefault(predicate, predicate)
        added = (subject, predicate, o)
        set.add(self, added)
        if subject[0] == "_" or o[0] == "_":
            self.holding.add(added)

    def literal(self, value, lang: str | None = None, datatype=None) -> str:
        """Literal(value, lang=lang, datatype=datatype) as this sink keeps it, for add() (see literal_maker):
        text is written without the Literal, which rdflib checks and converts (2-4 us; 700 K literals in the
        analysis of a million triples, measured); a number or typed text, made once for all its uses."""
        if datatype is None and value.__class__ is str:
            return text_string(value, lang)
        if value.__class__ not in (str, int):  # (1.0 and 1.00 are equal, and written apart; True is 1)
            return self._object(Literal(value, lang=lang, datatype=datatype))
        key = (value, lang, datatype)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = self._object(Literal(value, lang=lang, datatype=datatype))
        return found

    def _object(self, term) -> str:
        if term.__class__ is not Literal or term.datatype is None:
            return node_string(term)
        key = (str(term), str(term.datatype))
        found = self.typed.get(key)
        if found is None:
            found = self.typed[key] = term_string(term)
        return found


def literal_maker(graph):
    """What makes the literals to add to `graph`: its own literal() if it has one (StringTriples), else
    rdflib's Literal."""
    return getattr(graph, "literal", Literal)
