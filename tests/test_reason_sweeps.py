"""Generated instance data (Hypothesis) over the project's own ontology: the engine's reasoner
(kg.build.reason.infer) gives owlrl's closure (kg.reference.reason.infer) or raises the same
InconsistencyError, word for word, and where it cannot follow owlrl (owl:sameAs, two values of a functional
property, schema in the data) it hands over to owlrl, saying so. Each example is a few triples: typings to
the ontology's classes (disjoint pairs among them), to unknown classes and to owl:Thing/owl:Nothing; its
object properties between IRIs and blank nodes, their inverses and the links its property chains join; its
datatype properties with literals of many datatypes and forms, ill-typed ones and datatypes owlrl does not
know. (The seed data, generated corpora and the shape fixtures: tests/test_engine_equals_reference.py.)"""

from __future__ import annotations

from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.validation.inconsistency import InconsistencyError
from kg.build import reason
from kg.sources.load import load_sources
from kg.core.terms import graph_of, term_string
from kg.reference.reason import infer as owlrl_infer
from kg.sources.cache import Cache
from kg.sources.project import find_project
from conftest import ROOT
from sweep_scale import examples

# rdflib warns as it reads "TRUE"^^xsd:boolean (which owlrl's rule dt-not-type then judges): said, not wrong
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")
HANDED_OVER = "reasoning with owlrl"
# In CI each sweep draws the same examples each run (as test_saved_query_sweeps.py's): a CI run drew, at random, data
# whose closure owlrl was still working out after 9 minutes (equality and schema over the whole ontology), and the
# suite never ended. KG_SWEEP_SCALE draws more, at random.
SWEEP = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                 derandomize=examples(1) == 1)

ONTOLOGY = load_sources(find_project(ROOT)).ontology
SCHEMA = reason.schema_of(ONTOLOGY)


def iri(text: str) -> str:
    return f"<{text}>"


TYPE, SAME_AS = iri(RDF.type), iri(OWL.sameAs)
OO, OI = "https://w3id.org/oioo/ontology#", "https://w3id.org/oioo/id/"


def typed(kind) -> list:
    return sorted(s for s, p, o in ONTOLOGY if p == TYPE and o == iri(kind) and s[0] == "<")


CLASSES = sorted(set(typed(OWL.Class)) | {c for above in SCHEMA.superclasses.values() for c in above}
                 | {iri(OWL.Thing), iri(OWL.Nothing), iri(f"{OO}NoSuchClass"), "<urn:unknown:Class>"})
OBJECT_PROPERTIES = typed(OWL.ObjectProperty) + sorted({p for p in (*SCHEMA.superproperties, *SCHEMA.inverses)
                                                        if p not in typed(OWL.ObjectProperty)})
DATATYPE_PROPERTIES = typed(OWL.DatatypeProperty)
UNKNOWN_PROPERTIES = [iri(f"{OO}noSuchProperty"), "<urn:unknown:p>"]
DISJOINT = sorted(SCHEMA.disjoint)
CHAINS = [links for _, links in SCHEMA.chains]
INVERSES = sorted(SCHEMA.inverses.items())
FUNCTIONAL = sorted(SCHEMA.functional)

NAMED = ([iri(f"{OI}n{i}") for i in range(4)] + [iri(f"{OO}Exactly"), iri(f"{OO}Comparators")]  # (the ontology's own)
         + [iri(f"{OI}caf\u00e9"), iri(f"{OI}a%20b")])  # (written as IRIs may be: not ASCII, percent-encoded)
NODES = NAMED + [f"_:b{i}" for i in range(3)]
DATATYPES = [iri(XSD[name]) for name in (
    "integer", "decimal", "double", "float", "boolean", "dateTime", "dateTimeStamp", "date", "gYear",
    "gYearMonth", "string", "nonNegativeInteger", "positiveInteger", "negativeInteger", "int", "byte",
    "unsignedByte", "long", "normalizedString", "token", "language", "anyURI", "hexBinary", "base64Binary",
    "time", "duration", "short", "unsignedLong", "nonPositiveInteger", "Name", "NCName", "NMTOKEN")] + [
    iri(RDF.PlainLiteral), iri(RDF.XMLLiteral), iri(RDFS.Literal), iri(OWL.real), iri(OWL.rational), "<urn:unknown:datatype>"]
LEXICAL = ["1", "01", "+1", " 1", "1 ", "-1", "0", "-0", "1.0", "1.", ".5", "1e0", "1E3", "NaN", "INF", "-INF",
           "+INF", "inf", "true", "false", "TRUE", "1", "abc", "", "2025-03-01", "2025-03-01T10:00:00",
           "2025-03-01T10:00:00Z", "2025-03-01T10:00:00+01:00", "2025-13-45T10:00:00", "2025", "-0044", "25",
           "2025-03", "P1Y", "10:00:00", "en", "en-GB", "http://x/ y", "0A", "0G", "AQ==", "300", "-129", "1/2",
           "a:b", "24:00:00", "2025-03-01T24:00:00", "0000-01-01T00:00:00", "40000", "2147483648",
           "99999999999999999999", 'say \\"hi\\"', "a\\nb", "\\u00e9t\\u00e9"]  # (escaped, as N-Triples writes them)
# Terms of the ontology and of OWL itself, as individuals, properties and classes of the data.
VOCABULARY = [iri(f"{OO}Figure"), iri(f"{OO}inReport"), iri(f"{OO}mentionsFigure"), iri(f"{OO}Person"),
              iri(XSD.integer), iri(XSD.decimal), iri(OWL.Thing), iri(OWL.Nothing), iri(RDF.type), iri(RDFS.Literal)]
SCHEMA_VOCABULARY = sorted(reason.SCHEMA_PREDICATES | {SAME_AS, iri(OWL.differentFrom), iri(RDF.first),
                                                       iri(RDF.rest), iri(OWL.assertionProperty), iri(OWL.onClass)})
SCHEMA_CLASSES = sorted(reason.SCHEMA_TYPES | {iri(RDFS.Datatype), iri(OWL.AnnotationProperty), iri(RDF.List),
                                               iri(OWL.NamedIndividual), iri(OWL.Ontology), iri(OWL.DataRange)})
PLAIN = ['"x"', '"x"@en', '"x"@EN-gb', '"x"@de', '""@en', '"1"', '"true"', '"say \\"hi\\""@en', '"a\\tb"']


@st.composite
def literals(draw) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(PLAIN))
    lexical = draw(st.sampled_from(LEXICAL))
    return f'"{lexical}"^^{draw(st.sampled_from(DATATYPES))}'


nodes = st.sampled_from(NODES)


def triples():
    """One triple or a few that belong together (a disjoint pair, a chain's links, an inverse's two ways,
    a functional property's values)."""
    one = st.one_of(
        st.tuples(nodes, st.just(TYPE), st.sampled_from(CLASSES)),
        st.tuples(nodes, st.sampled_from(OBJECT_PROPERTIES + UNKNOWN_PROPERTIES), nodes),
        st.tuples(nodes, st.sampled_from(DATATYPE_PROPERTIES + UNKNOWN_PROPERTIES), literals()),
        st.tuples(nodes, st.sampled_from(OBJECT_PROPERTIES), literals()),  # a literal where an IRI is meant
        st.tuples(nodes, st.sampled_from(DATATYPE_PROPERTIES), nodes),  # a node where a literal is meant
        st.tuples(nodes, st.just(TYPE), st.sampled_from(DATATYPES)),
    ).map(lambda triple: [triple])
    disjoint = st.tuples(nodes, st.sampled_from(DISJOINT)).map(
        lambda pick: [(pick[0], TYPE, pick[1][0]), (pick[0], TYPE, pick[1][1])])
    chain = st.tuples(nodes, nodes, nodes, st.sampled_from(CHAINS)).map(
        lambda pick: [(pick[0], pick[3][0], pick[1]), (pick[1], pick[3][1], pick[2])])
    inverse = st.tuples(nodes, nodes, st.sampled_from(INVERSES), st.booleans()).map(
        lambda pick: [(pick[0], pick[2][0], pick[1])] + ([(pick[1], pick[2][1][0], pick[0])] if pick[3] else []))
    value = st.one_of(nodes, literals())
    functional = st.tuples(nodes, st.sampled_from(FUNCTIONAL), value, st.one_of(st.none(), value)).map(
        lambda pick: [(pick[0], pick[1], pick[2]), (pick[0], pick[1], pick[3] or pick[2])])  # two values, or one twice
    return st.one_of(one, disjoint, chain, inverse, functional)


def schema_triples():
    """Schema, equality and lists in the data: what the engine hands over to owlrl (one term or two)."""
    named = NAMED + VOCABULARY + CLASSES[:5] + OBJECT_PROPERTIES[:5]
    term = st.sampled_from(NODES + VOCABULARY + CLASSES[:5] + OBJECT_PROPERTIES[:5])
    return st.one_of(
        st.tuples(term, st.sampled_from(SCHEMA_VOCABULARY), term),
        st.tuples(term, st.sampled_from(SCHEMA_VOCABULARY)).map(lambda pick: (pick[0], pick[1], pick[0])),
        st.tuples(term, st.just(TYPE), st.sampled_from(SCHEMA_CLASSES)),
        st.tuples(term, st.sampled_from(named), term),  # a class, an individual or OWL's own term as a property
    ).map(lambda triple: [triple])


def as_the_loader_reads_it(written: list) -> set:
    """The triples as kg.sources.load gives them to the reasoner: parsed by pyoxigraph (tags in lower case ...)."""
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in written).encode("utf-8")
    return {(str(t.subject), str(t.predicate), str(t.object))
            for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)}


def graphs(extra=st.nothing()):
    """Data of up to 30 triples, as the loader gives them (`extra`: groups of triples of another kind)."""
    parts = st.lists(st.one_of(triples(), extra), min_size=1, max_size=12)
    return parts.map(lambda groups: as_the_loader_reads_it([t for group in groups for t in group][:30]))


def outcome(closure):
    """What `closure()` gives: its triples, the text of the InconsistencyError it raises, or the error it fails
    with (owlrl fails on `x owl:maxCardinality <iri>`, which the engine hands over to it: the same error)."""
    try:
        return closure()
    except InconsistencyError as error:
        return str(error)
    except Exception as error:  # noqa: BLE001 (compared: the engine's must be owlrl's)
        return f"{type(error).__name__}: {error}"


def owlrls(data: set):
    """owlrl's closure of ontology + data as string triples, or its InconsistencyError's text."""
    return outcome(lambda: {tuple(map(term_string, triple)) for triple in owlrl_infer(graph_of(ONTOLOGY | data))})


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Cache:
    """Where the engine keeps the ontology's closure (worked out by owlrl once, not for every example)."""
    return Cache(SimpleNamespace(root=tmp_path_factory.mktemp("cache")))


def engines(data: set, cache: Cache):
    """(the engine's closure or its InconsistencyError's text, whether it handed over to owlrl)."""
    said = []
    found = outcome(lambda: reason.infer(ONTOLOGY, data, progress=said.append, cache=cache))
    return found, any(HANDED_OVER in message for message in said)


def needs_owlrl(data: set) -> bool:
    """Whether the data states owl:sameAs, schema (a property's typing aside: the engine follows owlrl's
    rule for it; a class's typing the ontology's closure already holds aside: "owl:Thing a owl:Class" adds
    nothing), or two values of a functional property."""
    if any(p in reason.SCHEMA_PREDICATES or p == SAME_AS
           or (p == TYPE and o in reason.SCHEMA_TYPES - reason.PROPERTY_TYPES and (s, p, o) not in SCHEMA.triples)
           for s, p, o in data):
        return True
    values: dict = {}
    return any(values.setdefault((p, s), o) != o for s, p, o in data if p in SCHEMA.functional)


@settings(SWEEP, max_examples=examples(12))
@given(data=graphs())
def test_the_engines_closure_of_generated_instance_data_is_owlrls(data, cache):
    found, handed_over = engines(data, cache)
    assert found == owlrls(data)
    assert handed_over or not needs_owlrl(data)


@settings(SWEEP, max_examples=examples(8))
@given(data=graphs(schema_triples()))
@example(data={("<http://www.w3.org/2002/07/owl#Thing>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
                "<http://www.w3.org/2002/07/owl#Class>")})  # in the ontology's closure: nothing to hand over
def test_generated_data_with_schema_or_equality_is_handed_over_to_owlrl(data, cache):
    found, handed_over = engines(data, cache)
    assert found == owlrls(data)
    assert handed_over or not needs_owlrl(data)


N0, N1, N2 = (iri(f"{OI}n{i}") for i in range(3))


@pytest.mark.parametrize("said", [RDFS.domain, RDFS.range, RDFS.subClassOf, OWL.inverseOf, OWL.disjointWith,
                                  OWL.complementOf, OWL.propertyDisjointWith, OWL.differentFrom])
def test_schema_in_the_data_about_one_term_and_itself_is_handed_over_to_owlrl(said):
    """The engine took schema in the data for schema only between two terms: `oi:n0 rdfs:domain oi:n0`
    (or range, subClassOf, inverseOf, disjointWith, complementOf, propertyDisjointWith, differentFrom)
    went through, its rule not run, where owlrl's closure has more (n1 oi:n0 n2 makes n1 a oi:n0; oi:n0
    subClassOf itself is equivalentClass itself) or is inconsistent (oi:n0 a oi:n0, disjoint with itself;
    oi:n0 different from itself). It is handed over to owlrl, as schema between two terms is."""
    data = {(N0, iri(said), N0), (N1, N0, N2), (N0, TYPE, N0)}
    with pytest.raises(reason.Unsupported, match="schema in the data needs owlrl"):
        reason.materialise(SCHEMA, data)
