"""Names the data uses that nothing defines: terms no vocabulary has (`oo:speakr` for oo:speaker, `schema:nme`,
`oi:x` as a property), and things no data file describes (`oo:about oi:uk-france-retuns-agreement`).

SHACL only judges what its shapes target, so a misspelt property is a triple no shape reads, a misspelt
class a node no shape targets, and a misspelt thing a value only some shapes check the class of (oo:about,
schema:about, oo:relayedBy none): the build would release them without a word. Wikidata refuses a property
that does not exist and a link to an item that does not; ROBOT reports terms an ontology does not declare.

Each thing of the data's namespace (oi:) that the data names as a value must be described by a data file
(the subject of a triple there): a violation otherwise (rule "reference"). Each property and class the data
uses (and each term of the project's ontology it names as a value) must be (rule "vocabulary"):

- in the project's namespaces (oo:, oi:, oos:): declared by the ontology (a subject of ontology/*.ttl);
- in a vocabulary whose terms rdflib lists (RDF, RDFS, OWL, XSD, SKOS, PROV-O, ORG, schema.org, DCTERMS,
  SHACL): one of its terms, or one the ontology names;
- in another namespace the project binds (oa:): taken as written (no list of its terms is at hand);
- in any other namespace: a warning, since a curator may mean another (`http://schema.org/name`).

Both engines report what `unknown_terms` and `undescribed` find, from their own triples, as the same findings.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

from kg.validation.findings import Clue, Finding, Namer
from kg.core.namespaces import OI, OO, PREFIX_IRIS, SHAPES

VOCABULARY_RULE, REFERENCE_RULE = "vocabulary", "reference"
REFERENCE_SUMMARY = ("Every thing of the data's namespace (oi:) that the data gives as a value is described by a data "
                     "file (the subject of a statement there): else it is a misspelt name, or a thing not added yet.")
VOCABULARY_SUMMARY = ("Every property and class the data uses, and every term of the ontology it gives as a value, is "
                      "a term of its vocabulary (oo:, oi: and oos: terms declared by the ontology; RDF, RDFS, OWL, XSD, "
                      "SKOS, PROV-O, ORG, schema.org, DCTERMS, SHACL terms as rdflib lists them); a term of a "
                      "namespace no vocabulary of the project has is a warning.")
OWN = {str(OO): "the ontology", str(OI): "the data's things", str(SHAPES): "the shapes"}
LISTED = {str(ns): ns for ns in (RDF, RDFS, OWL, XSD, SKOS, PROV, ORG, SDO, DCTERMS, SH)}
KNOWN = set(PREFIX_IRIS.values())
# The classes whose instances are terms: a data file that declares one ("schema in the data") declares a term.
TERM_CLASSES = {str(term) for term in (OWL.Class, RDFS.Class, RDF.Property, OWL.ObjectProperty,
                                       OWL.DatatypeProperty, OWL.AnnotationProperty)}
_MEMBER = re.compile(r"_[1-9][0-9]*")  # rdf:_1, rdf:_2 ...: container membership, listed by no one
_NAMESPACE = re.compile(r"^(.*[/#])[^/#]*$")


@dataclass(frozen=True)
class Unknown:
    """What is wrong with a name nothing defines, and the name likely meant."""

    severity: str
    why: str
    meant: str | None = None
    rule: str = VOCABULARY_RULE


def namespace_of(iri: str) -> str:
    match = _NAMESPACE.match(iri)
    return match.group(1) if match else iri


class Vocabulary:
    """What the ontology declares (its subjects) and names (every IRI in it), for judging the data's terms."""

    def __init__(self, declared: set[str], named: set[str]):
        self.declared, self.named = declared, named

    def judge(self, iri: str, as_value: bool = False) -> Unknown | None:
        """What is wrong with a term no vocabulary has; None for one that is known. `as_value`: the term is an object other than a class (only the ontology's terms are judged there)."""
        namespace = namespace_of(iri)
        local = iri[len(namespace):]
        if namespace in OWN:
            if iri in self.declared or as_value and namespace != str(OO):
                return None
            if namespace == str(OO):
                return Unknown("Violation", "the ontology declares no such term", self._nearest(iri, namespace))
            return Unknown("Violation", f"{OWN[namespace]} name things in this namespace, not properties or classes: "
                                        f"use a term the ontology declares")
        if as_value or iri in self.named:
            return None
        if namespace in LISTED:
            if iri in LISTED[namespace] or namespace == str(RDF) and _MEMBER.fullmatch(local):
                return None
            return Unknown("Violation", f"not a term of {namespace} as rdflib lists them (a newer term: name it in "
                                        f"the ontology)", self._nearest(iri, namespace))
        if namespace in KNOWN:
            return None
        other = ("https://" + iri[7:] if iri.startswith("http://") else
                 "http://" + iri[8:] if iri.startswith("https://") else None)
        if other is not None and (other in self.named or namespace_of(other) in LISTED and other in LISTED[namespace_of(other)]):
            return Unknown("Warning", "a namespace that no vocabulary of the project has", other)
        return Unknown("Warning", "a namespace that no vocabulary of the project has: declare the term in the ontology, "
                                  "or use a term of a vocabulary the project uses")

    def _nearest(self, iri: str, namespace: str) -> str | None:
        terms = {term[len(namespace):] for term in self.named if term.startswith(namespace)}
        if namespace in LISTED:
            terms |= set(getattr(LISTED[namespace], "__annotations__", ()))
        local = iri[len(namespace):]
        found = difflib.get_close_matches(local, sorted(terms), n=1, cutoff=0.75)
        return f"{namespace}{found[0]}" if found else None


def vocabulary(ontology, types, iri) -> Vocabulary:
    """The Vocabulary of an ontology (its triples) and of the data's rdf:type pairs (subject, class) that
    declare terms; `iri`: a term -> its IRI as a string, or None for a literal or a blank node."""
    named = {found for triple in ontology for term in triple if (found := iri(term)) is not None}
    declared = {iri(s) for s, _, _ in ontology} | {iri(s) for s, c in types if iri(c) in TERM_CLASSES}
    return Vocabulary(declared - {None}, named)


def unknown_terms(vocabulary: Vocabulary, predicates, classes, values) -> dict[str, Unknown]:
    """term -> what is wrong with it, for the properties, the classes and the values (IRIs, as strings) the
    data uses that no vocabulary has."""
    found = {}
    for terms, as_value in ((predicates, False), (classes, False), (values, True)):
        for iri in terms:
            if iri not in found and (judged := vocabulary.judge(iri, as_value)) is not None:
                found[iri] = judged
    return found


def undescribed(missing, described) -> dict[str, Unknown]:
    """thing -> what is wrong with it, for the things of the data's namespace named as values (`missing`,
    IRIs as strings) that no data file describes; `described`: the IRIs that files describe, read only
    when something is missing, for the name most like each (rapidfuzz)."""
    if not missing:
        return {}
    from rapidfuzz import fuzz, process

    choices = [iri for iri in described if iri.startswith(str(OI))]
    found = {}
    for iri in missing:
        best = process.extractOne(iri, choices, scorer=fuzz.ratio, score_cutoff=85)
        found[iri] = Unknown("Violation", "no data file describes it (a misspelt name, or a thing not added yet)",
                             best[0] if best else None, REFERENCE_RULE)
    return found


def undefined_findings(triples, unknown: dict[str, Unknown], names: Namer) -> list[Finding]:
    """A finding for each triple (rdflib terms) that uses a name of `unknown` (unknown_terms, undescribed) as
    its property, its class, or a value of the ontology's or the data's namespace, located where the
    triple is written."""
    findings = []
    for s, p, o in sorted(triples):
        roles = {str(p): "property"}
        if isinstance(o, URIRef) and (p == RDF.type or str(o).startswith((str(OO), str(OI)))):
            roles.setdefault(str(o), "class" if p == RDF.type else "value")
        for term, role in roles.items():
            if term in unknown:
                found = unknown[term]
                hint = f": did you mean {names(URIRef(found.meant))}?" if found.meant else ""
                findings.append(Finding(found.severity, names(s), names(p),
                                        f"{names(URIRef(term))}, used as a {role}: {found.why}{hint}", found.rule,
                                        names(o), names.files(s),
                                        clue=Clue(names.ref(s), ((p, False),), (names.ref(o),), found.rule)))
    return findings
