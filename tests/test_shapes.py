"""The SHACL shapes (ontology/shapes.ttl) against their fixtures, tests/fixtures/shapes/<ShapeLocalName>/.

Shapes are discovered from the file: every node shape with an IRI needs a fixture directory with a
valid.ttl that no shape reports a violation for, and an invalid.ttl that the shape (its own constraints,
property shapes or SPARQL constraints) reports with the shape's severity.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.core.datatypes import answered_otherwise
from kg.core.namespaces import OO, SH
from kg.reference.validate import shacl

ROOT = Path(__file__).resolve().parents[1]

SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "oioo.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"

SHAPES = Graph().parse(SHAPES_FILE, format="turtle")
ONTOLOGY = Graph().parse(ONTOLOGY_FILE, format="turtle")

TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)


def local_name(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


NODE_SHAPES = sorted(s for s in SHAPES.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))
SHAPE_IDS = [local_name(s) for s in NODE_SHAPES]


def shape_parts(shape: URIRef) -> set:
    """The shape and what reports results in its name: its property shapes and SPARQL constraints."""
    return {shape, *SHAPES.objects(shape, SH.property), *SHAPES.objects(shape, SH.sparql)}


def severity(shape: URIRef) -> URIRef:
    return SHAPES.value(shape, SH.severity) or SH.Violation


@lru_cache(maxsize=None)
def results(path: Path) -> tuple[dict, ...]:
    """Validation results for one fixture file, validated with the ontology as in the build."""
    data = Graph().parse(path, format="turtle")
    _conforms, report, _text = shacl(data, SHAPES, ONTOLOGY)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceShape)
        owner = next((s for s in NODE_SHAPES if source in shape_parts(s)), source)
        found.append({
            "shape": owner,
            "source": source,
            "severity": report.value(result, SH.resultSeverity),
            "focus": report.value(result, SH.focusNode),
            "path": report.value(result, SH.resultPath),
            "component": report.value(result, SH.sourceConstraintComponent),
            "message": str(report.value(result, SH.resultMessage)),
        })
    return tuple(found)


def describe(found) -> str:
    return "\n".join(
        f"  {local_name(r['shape'])} {local_name(r['severity'])} on {r['focus']}: {r['message']}" for r in found
    ) or "  (no results)"


def fixture(shape: URIRef, name: str) -> Path:
    path = FIXTURES / local_name(shape) / name
    if not path.is_file():
        pytest.fail(f"missing fixture {path.relative_to(ROOT)} for {local_name(shape)}")
    return path


# ------------------------------------------------------------------------- discovery


def test_shapes_file_declares_node_shapes():
    assert len(NODE_SHAPES) >= 20, f"only {len(NODE_SHAPES)} node shapes found in {SHAPES_FILE}"


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=SHAPE_IDS)
def test_shape_has_a_target(shape):
    assert any(SHAPES.value(shape, t) is not None for t in TARGETS), f"{local_name(shape)} targets nothing"


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=SHAPE_IDS)
def test_shape_has_fixture_directory(shape):
    directory = FIXTURES / local_name(shape)
    assert directory.is_dir(), f"no fixtures for {local_name(shape)}: add {directory.relative_to(ROOT)}/"
    assert {p.name for p in directory.glob("*.ttl")} >= {"valid.ttl", "invalid.ttl"}


def test_every_fixture_directory_belongs_to_a_shape():
    orphans = sorted({p.name for p in FIXTURES.iterdir() if p.is_dir()} - set(SHAPE_IDS))
    assert not orphans, f"fixture directories without a shape (renamed or removed?): {orphans}"


# ------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=SHAPE_IDS)
def test_valid_fixture_conforms(shape):
    found = results(fixture(shape, "valid.ttl"))
    violations = [r for r in found if r["severity"] == SH.Violation]
    own = [r for r in found if r["shape"] == shape]
    assert not violations, f"valid.ttl of {local_name(shape)} has violations:\n{describe(violations)}"
    assert not own, f"valid.ttl of {local_name(shape)} has results from its own shape:\n{describe(own)}"


def focus_nodes(shape: URIRef, data: Graph) -> set:
    """The nodes of `data` that `shape` targets (a class's instances through the ontology's subclasses)."""
    found = set()
    for cls in SHAPES.objects(shape, SH.targetClass):
        subclasses = set(ONTOLOGY.transitive_subjects(RDFS.subClassOf, cls)) | set(
            data.transitive_subjects(RDFS.subClassOf, cls))
        found |= {node for sub in subclasses for node in data.subjects(RDF.type, sub)}
    found |= {n for n in SHAPES.objects(shape, SH.targetNode) if (n, None, None) in data or (None, None, n) in data}
    for prop in SHAPES.objects(shape, SH.targetSubjectsOf):
        found |= set(data.subjects(prop, None))
    for prop in SHAPES.objects(shape, SH.targetObjectsOf):
        found |= set(data.objects(None, prop))
    return found


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=SHAPE_IDS)
def test_valid_fixture_gives_its_shape_something_to_check(shape):
    """A valid.ttl that the shape targets nothing in conforms whatever the shape says: it proves nothing."""
    data = Graph().parse(fixture(shape, "valid.ttl"), format="turtle")
    assert focus_nodes(shape, data), f"valid.ttl of {local_name(shape)} holds no node {local_name(shape)} targets"


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=SHAPE_IDS)
def test_invalid_fixture_is_reported_by_its_shape(shape):
    found = results(fixture(shape, "invalid.ttl"))
    own = [r for r in found if r["shape"] == shape and r["severity"] == severity(shape)]
    assert own, (
        f"invalid.ttl of {local_name(shape)} gives no {local_name(severity(shape))} from that shape; "
        f"results:\n{describe(found)}"
    )


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=SHAPE_IDS)
def test_invalid_fixture_is_reported_by_no_other_shape(shape):
    found = results(fixture(shape, "invalid.ttl"))
    others = [r for r in found if r["shape"] != shape]
    assert not others, f"invalid.ttl of {local_name(shape)} also breaks other shapes:\n{describe(others)}"


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=SHAPE_IDS)
def test_every_result_of_an_invalid_fixture_names_its_path(shape):
    """Regression (build probe 4): a violation names the focus node, path, rule, file and line, but the
    SPARQL constraints without a `?path` (EvidenceOffsetsShape's "oa:end - oa:start (230) is not the length
    of oa:exact", ReportSourceShape, ClaimReviewShape and ten others) reported none: the curator was told
    what was wrong with a node and not which of its properties to change. (A constraint of the node shape
    itself, sh:class or sh:in on the focus node, is about the node: SHACL gives it no path.)"""
    found = [r for r in results(fixture(shape, "invalid.ttl")) if r["shape"] == shape
             and (r["source"] != shape or r["component"] == SH.SPARQLConstraintComponent)]
    assert all(r["path"] is not None for r in found), describe([r for r in found if r["path"] is None])


# ------------------------------------------------------------------------- the shapes themselves


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=SHAPE_IDS)
def test_shape_is_labelled_and_every_constraint_has_a_message(shape):
    assert SHAPES.value(shape, RDFS.label) is not None, f"{local_name(shape)} has no rdfs:label"
    for prop in SHAPES.objects(shape, SH.property):
        path = SHAPES.value(prop, SH.path)
        assert SHAPES.value(prop, SH.name) is not None, f"{local_name(shape)}: property shape on {path} has no sh:name"
        assert SHAPES.value(prop, SH.message) is not None, f"{local_name(shape)}: property shape on {path} has no sh:message"
    for constraint in SHAPES.objects(shape, SH.sparql):
        assert SHAPES.value(constraint, SH.message) is not None, f"{local_name(shape)}: SPARQL constraint has no sh:message"
        assert SHAPES.value(constraint, SH.prefixes) is not None, f"{local_name(shape)}: SPARQL constraint has no sh:prefixes"


ONTOLOGY_CLASSES = sorted(c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if str(c).startswith(str(OO)))


@pytest.mark.parametrize("cls", ONTOLOGY_CLASSES, ids=[local_name(c) for c in ONTOLOGY_CLASSES])
def test_every_ontology_class_is_targeted_by_a_shape(cls):
    """Directly, or through a superclass (oo:Court is checked by the organisation shape)."""
    targeted = set(SHAPES.objects(None, SH.targetClass))
    lineage = set(ONTOLOGY.transitive_objects(cls, RDFS.subClassOf))
    assert lineage & targeted, f"no shape targets {local_name(cls)} or a superclass of it"


VOCABULARIES = [  # concept class, the figure/derivation/event property that takes its members
    (OO.Unit, OO.unit),
    (OO.Comparator, OO.comparator),
    (OO.DerivationMethod, OO.method),
    (OO.EventType, OO.eventType),
]


def sh_in(node) -> set:
    head = SHAPES.value(node, SH["in"])
    assert head is not None, f"{node} has no sh:in"
    return set(Collection(SHAPES, head))


@pytest.mark.parametrize("cls,prop", VOCABULARIES, ids=[local_name(c) for c, _ in VOCABULARIES])
def test_controlled_vocabulary_lists_match_the_ontology(cls, prop):
    members = set(ONTOLOGY.subjects(RDF.type, cls))
    concept_shapes = [s for s in NODE_SHAPES if SHAPES.value(s, SH.targetClass) == cls]
    assert concept_shapes, f"no shape targets {local_name(cls)}"
    for shape in concept_shapes:
        assert sh_in(shape) == members, f"sh:in of {local_name(shape)} differs from the ontology's {local_name(cls)}s"
    property_shapes = [p for p in SHAPES.subjects(SH.path, prop) if SHAPES.value(p, SH["in"]) is not None]
    assert property_shapes, f"no property shape constrains {local_name(prop)} with sh:in"
    for property_shape in property_shapes:
        assert sh_in(property_shape) == members, f"sh:in on {local_name(prop)} differs from the ontology's {local_name(cls)}s"


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
# Each XSD datatype the shapes accept, with the datatypes whose value space holds all of its values.
WITHIN = {XSD_NS + d: {XSD_NS + w for w in within} for d, within in {
    "nonNegativeInteger": ("integer", "decimal"), "integer": ("decimal",)}.items()}


def accepted_datatypes(property_shape) -> set:
    """The datatypes a property shape accepts: its sh:datatype, or those of its sh:or's members."""
    direct = set(SHAPES.objects(property_shape, SH.datatype))
    listed = {d for head in SHAPES.objects(property_shape, SH["or"]) for member in Collection(SHAPES, head)
              for d in SHAPES.objects(member, SH.datatype)}
    return direct | listed


def test_every_datatype_a_shape_accepts_is_within_the_propertys_range():
    """A value the shapes let through must not contradict the ontology: oo:gist's shape took rdf:langString
    ("..."@en), but its rdfs:range is xsd:string, whose values a language-tagged string is not (RDF 1.1), so
    valid data would have been inconsistent with the ontology. An xsd:integer for an xsd:nonNegativeInteger
    range needs sh:minInclusive 0 beside it."""
    outside = []
    for property_shape, prop in SHAPES.subject_objects(SH.path):
        datatype_range = ONTOLOGY.value(prop, RDFS.range)
        if not isinstance(prop, URIRef) or not str(datatype_range or "").startswith(XSD_NS):
            continue
        for datatype in accepted_datatypes(property_shape):
            narrower = datatype == datatype_range or str(datatype_range) in WITHIN.get(str(datatype), ())
            bounded = str(datatype) in WITHIN.get(str(datatype_range), ()) and \
                SHAPES.value(property_shape, SH.minInclusive) is not None
            if not (narrower or bounded):
                outside.append(f"{local_name(prop)}: shapes accept {local_name(datatype)}, range {local_name(datatype_range)}")
    assert sorted(outside) == []


# A form of each datatype the shapes accept, as Oxigraph's store answers it.
ANSWERED_FORM = {XSD_NS + d: form for d, form in {
    "integer": "7", "nonNegativeInteger": "7", "decimal": "1.5", "boolean": "true", "date": "2025-07-10",
    "gYearMonth": "2025-07", "gYear": "2025", "string": "x"}.items()}


def test_no_shape_accepts_a_datatype_kg_refuses_in_every_form():
    """kg validate refuses a typed literal that SPARQL answers in another datatype (kg.core.datatypes: Oxigraph
    answers "7"^^xsd:nonNegativeInteger as "7"^^xsd:integer), so a shape's branch for such a datatype is one
    no data reaches: the offsets' sh:or ( xsd:integer xsd:nonNegativeInteger ) told curators of a form kg
    refuses. Each datatype a shape accepts has a form the store answers as written."""
    accepted = {str(d) for property_shape in SHAPES.subjects(SH.path, None)
                for d in accepted_datatypes(property_shape)} - {str(RDF.langString)}
    unknown = sorted(accepted - set(ANSWERED_FORM))
    assert not unknown, f"add a form of {unknown} to ANSWERED_FORM"
    written = {str(ox.Literal(ANSWERED_FORM[d], datatype=ox.NamedNode(d))): d for d in accepted}
    refused = sorted(f"{local_name(URIRef(written[w]))}: {w} is answered {a}" for w, a in answered_otherwise(written).items())
    assert refused == []
