"""The project's namespaces: one base IRI, defined here and nowhere else in Python code."""

from rdflib import Namespace
from rdflib import namespace as rdflib_namespace

import kg.core.datatypes  # noqa: F401,E402 (registers XSD's date forms with rdflib before any literal is made)


class Vocabulary(Namespace):
    """An rdflib Namespace that makes each term once: `OO.value` otherwise builds and checks a new
    URIRef at every use (3.7 million of them in the analysis of a million triples, measured)."""

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


class Terms:
    """One of rdflib's closed namespaces (RDF, RDFS, PROV, SKOS, XSD, schema.org), each term made once as
    Vocabulary makes ours: rdflib makes and checks a new URIRef at every `RDF.type` (0.5 us), which a dict
    keyed by terms then compares in Python (0.9 M of them in the analysis of a million triples, measured).
    Its terms only: the namespace itself, to bind a prefix, is in PREFIXES."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str):
        if name.startswith("_"):  # (copy and pickle ask before __init__ has run)
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        self.__dict__[name] = term
        return term


BASE = "https://w3id.org/oioo/"
OO = Vocabulary(BASE + "ontology#")  # ontology terms
OI = Vocabulary(BASE + "id/")  # resources described by the data
SHAPES = Vocabulary(BASE + "shapes#")  # SHACL shapes
ONTOLOGY_IRI = BASE + "ontology"

ORG = Vocabulary("http://www.w3.org/ns/org#")
OA = Vocabulary("http://www.w3.org/ns/oa#")
SH = Vocabulary("http://www.w3.org/ns/shacl#")
SCHEMA = Terms(rdflib_namespace.SDO)  # https://schema.org/ (the https form, as rdflib's SDO)
RDF, RDFS, PROV, SKOS, XSD = (Terms(getattr(rdflib_namespace, name))
                              for name in ("RDF", "RDFS", "PROV", "SKOS", "XSD"))

PREFIXES = {
    "oo": OO,
    "oi": OI,
    "oos": SHAPES,
    "schema": rdflib_namespace.SDO,
    "prov": rdflib_namespace.PROV,
    "org": ORG,
    "oa": OA,
    "skos": rdflib_namespace.SKOS,
    "dcterms": rdflib_namespace.DCTERMS,
    "owl": rdflib_namespace.OWL,
    "rdf": rdflib_namespace.RDF,
    "rdfs": rdflib_namespace.RDFS,
    "xsd": rdflib_namespace.XSD,
    "sh": SH,
}
PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}  # for pyoxigraph


def bind_prefixes(graph):
    """Bind the project's prefixes on a graph so serialisations and SPARQL use them."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
