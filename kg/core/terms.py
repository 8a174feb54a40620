"""RDF terms in the three forms the code meets: rdflib terms, pyoxigraph terms, and N-Triples strings
(`<iri>`, `_:id`, `"lexical"^^<datatype>`: compact, hashable and ready to write, as the engine keeps them)."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def in_english(language: str | None) -> bool:
    """Whether a language tag is in English's range, as SPARQL's langMatches(tag, "en") reads it: en, en-GB,
    EN-gb (tags compare without case; Oxigraph keeps them in lower case, so "en-GB" is "en-gb" there).

    >>> [in_english(tag) for tag in ("en", "en-gb", "EN-GB", "eng", "fr", None)]
    [True, True, True, False, False, False]
    """
    return language is not None and (language.lower() == "en" or language.lower().startswith("en-"))


def ox_term(term):
    """The pyoxigraph term for an rdflib term (blank node labels kept)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f\ufffe\uffff]')  # what pyoxigraph escapes in a literal (all of it)
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')  # what pyoxigraph refuses in an IRI


def term_string(term) -> str:
    """The N-Triples form of an rdflib term, exactly as pyoxigraph writes it (made here where nothing needs
    escaping, the common case, else by pyoxigraph).

    >>> term_string(Literal("x", lang="EN")), term_string(Literal('say "hi"')), term_string(Literal(5))
    ('"x"@en', '"say \\\\"hi\\\\""', '"5"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if isinstance(term, URIRef):
        return f"<{term}>" if _NOT_IN_IRI.search(term) is None else str(ox_term(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.datatype is None or str(term.datatype) == XSD_STRING:
        return text_string(str(term), term.language)
    if _ESCAPED.search(term) is None:
        return f'"{term}"^^<{term.datatype}>'
    return str(ox_term(term))


def text_string(text: str, language: str | None = None) -> str:
    """term_string(Literal(text, lang=language)), made without the Literal (see StringTriples.literal).

    >>> text_string("x", "EN"), text_string('say "hi"'), text_string("a\\nb", "en")
    ('"x"@en', '"say \\\\"hi\\\\""', '"a\\\\nb"@en')
    """
    if _ESCAPED.search(text) is None:
        return f'"{text}"@{language.lower()}' if language else f'"{text}"'
    return str(ox.Literal(text, language=language.lower()) if language else ox.Literal(text))


class TripleTerm(Identifier):
    """An RDF 1.2 triple term (a query's TRIPLE(...), or a CONSTRUCT's `<<( s p o )>>`), which rdflib has
    no class for: its rdflib terms in `triple`, written as RDF 1.2 Turtle and N-Triples write it.

    >>> TripleTerm(URIRef("urn:a"), URIRef("urn:b"), Literal("c")).n3()
    '<<( <urn:a> <urn:b> "c" )>>'
    """

    def __new__(cls, subject, predicate, object):
        self = super().__new__(cls, f"<<( {subject.n3()} {predicate.n3()} {object.n3()} )>>")
        self.triple = (subject, predicate, object)
        return self

    def n3(self, namespace_manager=None) -> str:
        return f"<<( {' '.join(t.n3(namespace_manager) for t in self.triple)} )>>"


def rdflib_term(term):
    """The rdflib term for a pyoxigraph term (blank node labels kept); a triple term is a TripleTerm.

    A literal keeps the form it was written in (rdflib would write "01"^^xsd:integer back as "1", and
    "1e999999999"^^xsd:decimal as a billion digits, for seconds): never normalised (kg.core.datatypes).

    >>> rdflib_term(ox.Literal("1e999999999", datatype=ox.NamedNode(XSD_DECIMAL)))
    rdflib.term.Literal('1e999999999', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        return TripleTerm(rdflib_term(term.subject), rdflib_term(term.predicate), rdflib_term(term.object))
    return _rdflib_literal(term.value, term.language, term.datatype.value)


def _rdflib_literal(lexical: str, language: str | None, datatype: str) -> Literal:
    if language:
        return Literal(lexical, lang=language)
    return Literal(lexical, datatype=None if datatype == XSD_STRING else URIRef(datatype), normalize=False)  # as written


def rdflib_literal(text: str) -> Literal:
    """rdflib_term(parse_term(text)) for a literal's N-Triples string, read here when it has no escape
    (nearly all): a parser run for each literal takes most of the time of reading them (measured).

    >>> rdflib_literal('"7"^^<http://www.w3.org/2001/XMLSchema#integer>'), rdflib_literal('"x"@en')
    (rdflib.term.Literal('7', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.Literal('x', lang='en'))
    """
    if "\\" in text:
        return rdflib_term(parse_term(text))
    end = text.rindex('"')
    after = text[end + 1:]
    if after[:1] == "@":
        return _rdflib_literal(text[1:end], after[1:].lower(), "")  # as pyoxigraph reads a tag
    return _rdflib_literal(text[1:end], None, after[3:-1] if after else XSD_STRING)


def parse_term(text: str):
    """A pyoxigraph term from its N-Triples string."""
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    triple = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)))
    return triple.object


def lexical_form(literal: str) -> str:
    """The lexical form of a literal's N-Triples string (its text, escapes undone).

    >>> lexical_form('"say \\"hi\\""@en'), lexical_form('"7"^^<http://www.w3.org/2001/XMLSchema#integer>')
    ('say "hi"', '7')
    """
    if "\\" not in literal:
        return literal[1:literal.rindex('"')]
    return parse_term(literal).value


def graph_of(triples, graph: Graph | None = None) -> Graph:
    """An rdflib graph (`graph`, if given) of string triples (blank node labels kept)."""
    graph = Graph() if graph is None else graph
    for triple in triples:
        graph.add(tuple(rdflib_of(t) for t in triple))
    return graph


def rdflib_of(text: str):
    """rdflib_term(parse_term(text)), with no parser run for an IRI, a blank node or a literal (a parser run
    for each term took 5 s of kg add at a million triples, for the shared entities' 40,000 triples).

    >>> rdflib_of("<urn:a>"), rdflib_of("_:b1"), rdflib_of('"x"@EN')
    (rdflib.term.URIRef('urn:a'), rdflib.term.BNode('b1'), rdflib.term.Literal('x', lang='en'))
    """
    if text[0] == "<" and text[1] != "<" and "\\" not in text:
        return URIRef(text[1:-1])
    if text[:2] == "_:":
        return BNode(text[2:])
    if text[0] == '"':
        return rdflib_literal(text)
    return rdflib_term(parse_term(text))
