"""The ontology documents itself and is aligned with the vocabularies generic clients know."""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DC, DCTERMS, OWL, RDF, RDFS, SKOS, XSD, Namespace

from kg.build import reason
from kg.reference.reason import EqualityInferred
from kg.core.terms import term_string
from kg.core.namespaces import OI, OO, ONTOLOGY_IRI, ORG, PREFIXES, PROV, SCHEMA

VANN = Namespace("http://purl.org/vocab/vann/")

ONTOLOGY = URIRef(ONTOLOGY_IRI)


def terms(ontology, kind):
    return sorted(s for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(OO)))


def test_ontology_header_has_title_description_version_and_licence(sources):
    ontology = sources.ontology
    for predicate in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license, DC.creator):
        assert ontology.value(ONTOLOGY, predicate) is not None, predicate


def test_ontology_header_names_its_version_and_namespace_as_kg_does(sources):
    """The version IRI is the ontology IRI and its owl:versionInfo; the preferred prefix and namespace
    (VANN) are the ones kg binds; no owl:imports (the header says why)."""
    ontology = sources.ontology
    version = ontology.value(ONTOLOGY, OWL.versionInfo)
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "oo"
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(PREFIXES["oo"])
    assert list(ontology.objects(ONTOLOGY, OWL.imports)) == []


def test_every_prefix_the_ontology_declares_is_used():
    """A prefix declared and never used (qb:, before) tells a reader the ontology draws on a vocabulary it does
    not."""
    text = (Path(__file__).resolve().parents[1] / "ontology" / "oioo.ttl").read_text(encoding="utf-8")
    declared = re.findall(r"^@prefix (\w+):", text, flags=re.M)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix"))
    assert [p for p in declared if not re.search(rf"(?<![\w/#]){p}:\w", body)] == []


def test_every_class_and_property_has_a_label_and_a_definition(sources):
    ontology = sources.ontology
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    undocumented = [t for kind in kinds for t in terms(ontology, kind)
                    if ontology.value(t, RDFS.label) is None or ontology.value(t, SKOS.definition) is None]
    assert undocumented == []
    assert len(terms(ontology, OWL.Class)) >= 25


def test_no_two_terms_share_a_label_but_a_property_named_for_the_class_of_its_values(sources):
    """A reader tells terms apart by their labels: the unit oo:RankPosition and the method oo:Rank were both
    "rank", the class oo:Interview and the event type oo:InterviewEvent both "interview", the method
    oo:Difference and the link oo:difference both "difference". Only a property whose values are of a class may
    bear that class's label (oo:post, "post", whose values are oo:Post)."""
    ontology = sources.ontology
    by_label = defaultdict(set)
    for term, label in ontology.subject_objects(RDFS.label):
        if str(term).startswith(str(OO)):
            by_label[str(label).casefold()].add(term)
    shared = {}
    for label, named in by_label.items():
        classes = {t for t in named if (t, RDF.type, OWL.Class) in ontology}
        if len(named) > 1 and not (len(classes) == 1
                                   and all(ontology.value(t, RDFS.range) in classes for t in named - classes)):
            shared[label] = sorted(named)
    assert shared == {}


def test_core_classes_are_aligned_with_standard_vocabularies(sources):
    ontology = sources.ontology
    expected = {
        OO.Report: SCHEMA.NewsArticle, OO.Figure: SCHEMA.Observation, OO.DirectQuote: SCHEMA.Quotation,
        OO.Person: PROV.Person, OO.Organisation: ORG.Organization, OO.Post: ORG.Post,
        OO.PostHolding: ORG.Membership, OO.Agreement: SCHEMA.Legislation, OO.Indicator: SKOS.Concept,
        OO.Derivation: PROV.Activity, OO.Country: SCHEMA.Country, OO.Event: SCHEMA.Event,
    }
    for ours, theirs in expected.items():
        assert (ours, RDFS.subClassOf, theirs) in ontology, (ours, theirs)


def test_every_ontology_term_kgs_code_and_queries_name_is_declared(sources):
    """An IRI of the ontology's namespace that kg's code (`OO.x`) or a saved query (`oo:x`) names is a term the
    ontology declares: the desk keyed the words " percentage points" on oo:PercentagePoints, a unit no scheme
    has, so a reader of the code took it for one a figure could carry."""
    root = Path(__file__).resolve().parents[1]
    named = {(m.group(1), str(path.relative_to(root))) for path in (root / "kg").rglob("*.py")
             for m in re.finditer(r"\bOO\.([A-Za-z]\w*)", path.read_text(encoding="utf-8"))}
    named |= {(m.group(1), str(path.relative_to(root))) for path in [*(root / "queries").glob("*.rq"),
                                                                     *(root / "kg").rglob("*.rq")]
              for m in re.finditer(r"(?<![\w/])oo:([A-Za-z]\w*)", path.read_text(encoding="utf-8"))}
    assert len(named) > 100
    assert sorted((name, where) for name, where in named if (OO[name], None, None) not in sources.ontology) == []


def test_every_class_used_in_the_data_is_defined(sources):
    used = {o for o in sources.data.objects(None, RDF.type) if str(o).startswith(str(OO))}
    defined = set(sources.ontology.subjects(RDF.type, OWL.Class))
    assert used - defined == set()


def test_every_ontology_term_used_in_the_data_exists(sources):
    ontology = sources.ontology
    used = {t for triple in sources.data for t in triple if isinstance(t, URIRef) and str(t).startswith(str(OO))}
    assert sorted(t for t in used if (t, None, None) not in ontology) == []


# ------------------------------------------------------------ alignments that say something true

VOCABULARIES = Path(__file__).parent / "fixtures" / "vocabularies" / "aligned.ttl"

# Types a node may gain from a property's domain or range although its own class does not entail them, each
# with why it is true of the node.
TRUE_ANYWAY = {
    (OO.Report, PROV.Agent): "a report that computes a figure is its derivation's agent (oo:derivedBy); PROV-DM "
                             "lets an entity be an agent",
}


def consumer_closure(ontology, data):
    """The schema and the OWL-RL closure of the ontology + the aligned vocabularies (tests/fixtures/
    vocabularies/aligned.ttl) + `data`: what a Linked Data consumer who loads those vocabularies infers.
    Raises InconsistencyError where the data gives a node two of their disjoint classes, and EqualityInferred
    where two of its nodes share a value of their functional properties (they would be made one)."""
    strings = lambda graph: {tuple(term_string(t) for t in triple) for triple in graph}  # noqa: E731
    ontology = strings(ontology) | strings(Graph().parse(VOCABULARIES))
    return reason.cached_schema(ontology, None), reason.infer(ontology, strings(data))


def valid_shape_fixtures() -> Graph:
    """Every tests/fixtures/shapes/*/valid.ttl, each fixture's oi: nodes its own: data the shapes accept."""
    data = Graph()
    for number, path in enumerate(sorted((Path(__file__).parent / "fixtures" / "shapes").glob("*/valid.ttl"))):
        own = lambda term: URIRef(f"{OI}f{number}-{term[len(OI):]}") if term.startswith(OI) else term  # noqa: E731
        for triple in Graph().parse(path, format="turtle"):
            data.add(tuple(own(term) for term in triple))
    return data


@pytest.mark.parametrize("which", ["seed data", "valid shape fixtures"])
def test_no_inferred_type_is_one_the_nodes_own_class_does_not_entail(sources, which):
    """A domain or range that types a node with a class its asserted class does not already entail says
    something new of it, and here that was false: oo:post under org:role made every post an org:Role (a
    skos:Concept). Each such type must be true of the node and listed, with why, in TRUE_ANYWAY. The closure
    also proves the data consistent with those vocabularies' disjoint classes (prov:Entity and prov:Activity,
    org:Role and org:Membership, skos:Concept and skos:ConceptScheme)."""
    data = sources.data if which == "seed data" else valid_shape_fixtures()
    schema, inferred = consumer_closure(sources.ontology, data)
    asserted = defaultdict(set)
    for s, o in data.subject_objects(RDF.type):
        asserted[term_string(s)].add(term_string(o))
    types = defaultdict(set)
    for s, p, o in inferred:
        if p == term_string(RDF.type):
            types[s].add(o)
    allowed_anyway = {(term_string(c), s) for c, t in TRUE_ANYWAY
                      for s in (term_string(t), *schema.superclasses.get(term_string(t), ()))}
    entity, activity = term_string(PROV.Entity), term_string(PROV.Activity)
    new = []
    for node, classes in asserted.items():
        entailed = classes | {s for c in classes for s in schema.superclasses.get(c, ())} | {term_string(OWL.Thing)}
        for t in sorted(types[node] - entailed):
            if t == entity and activity not in entailed:  # anything not an activity may be an entity (PROV-DM 5.1)
                continue
            if not any((c, t) in allowed_anyway for c in classes):
                new.append(f"{node} ({', '.join(sorted(classes))}) inferred {t}")
    assert new == []


def test_the_consumers_closure_refuses_a_post_in_two_organisations(sources):
    """ORG's org:member and org:organization are functional (tests/fixtures/vocabularies/aligned.ttl): a post
    holding with two of either (oo:holder; oo:heldIn, its post's oo:inOrganisation) makes two people or two
    organisations one node for a consumer who loads ORG, and the closure refuses it. The seed data and the shape
    fixtures have none (test_no_inferred_type_is_one_the_nodes_own_class_does_not_entail reasons over them)."""
    data = Graph().parse(format="turtle", data=f"""
        @prefix oo: <{OO}> . @prefix oi: <{OI}> .
        oi:post a oo:Post ; oo:inOrganisation oi:home-office, oi:cabinet .
        oi:holding a oo:PostHolding ; oo:post oi:post ; oo:holder oi:someone .""")
    with pytest.raises(EqualityInferred, match="oi:cabinet and oi:home-office"):
        consumer_closure(sources.ontology, data)


def test_only_what_a_report_states_names_it_with_in_report(sources):
    """oo:inReport is under prov:wasDerivedFrom, so it says of its subject that it was made from the report: true
    of a figure, statement or claim the report states (an oo:SourcedFact) or of a date it gives (an oo:EventDate),
    false of a photo the report prints, which existed before it: the four photos of reports 002 and 003 were
    inferred derived from their reports. A report links its photos itself (schema:image, schema:associatedMedia)."""
    ontology = sources.ontology
    stated = {OO.SourcedFact, OO.EventDate}
    stated |= {c for c in ontology.subjects(RDF.type, OWL.Class)
               if set(ontology.transitive_objects(c, RDFS.subClassOf)) & stated}
    derived = sorted(f"{node} ({', '.join(sorted(map(str, sources.data.objects(node, RDF.type))))})"
                     for node in set(sources.data.subjects(OO.inReport, None))
                     if not set(sources.data.objects(node, RDF.type)) & stated)
    assert derived == []


def test_every_concept_scheme_is_flat_and_names_its_top_concepts(sources):
    """SKOS: each scheme lists its concepts as skos:hasTopConcept (all of them: the schemes have no
    skos:broader), each concept is in one scheme, of a class under skos:Concept, with one English
    skos:prefLabel, unique in its scheme, and a skos:definition."""
    ontology = sources.ontology
    concept_classes = {c for c in ontology.subjects(RDFS.subClassOf, SKOS.Concept)}
    faults = []
    for scheme in terms(ontology, SKOS.ConceptScheme):
        members = set(ontology.subjects(SKOS.inScheme, scheme))
        if set(ontology.objects(scheme, SKOS.hasTopConcept)) != members or not members:
            faults.append(f"{scheme}: top concepts are not its concepts")
        labels = [ontology.value(c, SKOS.prefLabel) for c in members]
        if len(set(labels)) != len(labels):
            faults.append(f"{scheme}: two concepts share a skos:prefLabel")
        for concept in members:
            if len(set(ontology.objects(concept, SKOS.inScheme))) != 1 or (concept, SKOS.broader, None) in ontology:
                faults.append(f"{concept}: not in exactly one flat scheme")
            if not set(ontology.objects(concept, RDF.type)) & concept_classes:
                faults.append(f"{concept}: its class is not under skos:Concept")
            if [label.language for label in ontology.objects(concept, SKOS.prefLabel)] != ["en"] \
                    or ontology.value(concept, SKOS.definition) is None:
                faults.append(f"{concept}: needs one English skos:prefLabel and a skos:definition")
    assert faults == []


# ------------------------------------------------------------ OWL 2 DL: one kind of property each

# The annotation properties OWL 2 builds in (OWL 2 Structural Specification, 5.5), and those the ontology uses
# only to annotate (its header, its terms' labels and definitions, SKOS concepts' documentation).
BUILT_IN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated,
                        OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}
PROPERTY_KINDS = {OWL.ObjectProperty: "object", OWL.DatatypeProperty: "data", OWL.AnnotationProperty: "annotation"}
# IRIs of the reserved vocabulary that OWL 2 DL still lets name a class or a datatype (Structural Spec., 2.4)
CLASSES_ALLOWED = {OWL.Thing, OWL.Nothing, RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString}
RESERVED = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
# The OWL 2 datatype map (Structural Spec., 4): the only datatypes of the reserved vocabulary an OWL 2 DL ontology
# may name (5.2: "an IRI used to identify a datatype ... must be rdfs:Literal, or identify a datatype in the OWL 2
# datatype map, or not be in the reserved vocabulary"). xsd:date, xsd:gYear and xsd:gYearMonth are not in it.
DATATYPE_MAP = {RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, OWL.real, OWL.rational} | {
    XSD[name] for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
        "unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token language "
        "Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp").split()}


def property_kind_faults(ontology: Graph) -> list:
    """Where the ontology breaks OWL 2 DL's typing of properties and classes: a property of two kinds (object, data,
    annotation), declared or implied by an axiom (a sub-property is of its super-property's kind, so oo:reason, an
    owl:DatatypeProperty under rdfs:comment, was both a data and an annotation property); a data or object property
    used to annotate a class or a property; an IRI of the reserved vocabulary (rdf:Property) used as a class."""
    kinds = defaultdict(set)
    for declared, kind in PROPERTY_KINDS.items():
        for p in ontology.subjects(RDF.type, declared):
            kinds[p].add(kind)
    for p in BUILT_IN_ANNOTATIONS:
        kinds[p].add("annotation")
    # axioms that make two properties one kind: each side takes the kinds the other is known to have
    pairs = [(s, o) for link in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf, OWL.propertyDisjointWith)
             for s, o in ontology.subject_objects(link)]
    for p in ontology.subjects(OWL.propertyChainAxiom, None):
        pairs += [(p, member) for member in ontology.items(ontology.value(p, OWL.propertyChainAxiom))]
    for _ in range(len(pairs) + 1):  # to a fixed point
        changed = False
        for s, o in pairs:
            for a, b in ((s, o), (o, s)):
                if not kinds[b] >= kinds[a]:
                    kinds[b] |= kinds[a]
                    changed = True
        if not changed:
            break
    faults = [f"{p}: a property of two kinds ({', '.join(sorted(k))})" for p, k in kinds.items() if len(k) > 1]
    entities = set(ontology.subjects(RDF.type, OWL.Class)) | {p for p, k in kinds.items() if k}
    for s, p, _ in ontology:
        if s in entities and kinds.get(p, set()) & {"object", "data"}:
            faults.append(f"{p}: a {'/'.join(sorted(kinds[p] - {'annotation'}))} property annotates {s}")
    for link in (RDFS.domain, RDFS.range, RDFS.subClassOf, OWL.disjointWith, OWL.equivalentClass):
        for s, o in ontology.subject_objects(link):
            if not (isinstance(o, URIRef) and str(o).startswith(RESERVED)):
                continue
            if link == RDFS.range and "data" in kinds.get(s, set()):
                if o not in DATATYPE_MAP:
                    faults.append(f"{s} {link}: {o} is not in the OWL 2 datatype map, so not a datatype in OWL 2 DL")
            elif o not in CLASSES_ALLOWED:
                faults.append(f"{s} {link}: {o} is reserved vocabulary, not a class in OWL 2 DL")
    return sorted(set(faults))


def undeclared_terms(ontology: Graph) -> list:
    """The IRIs outside the reserved vocabulary that the ontology uses as a class or a property without declaring
    them (a, owl:Class; owl:ObjectProperty; owl:DatatypeProperty; owl:AnnotationProperty): OWL 2 DL's typing
    constraints (Structural Specification, 5.8.1) ask that "if an object property with an IRI I occurs in some axiom
    in Ax, then I is declared in Ax as an object property", and likewise for the other kinds and classes; the
    ontology imports nothing, so what it aligns to is declared here or nowhere."""
    declared = {s for kind in (OWL.Class, *PROPERTY_KINDS) for s in ontology.subjects(RDF.type, kind)}
    used = set()
    for s, p, o in ontology:
        used.add(p)
        if p in (RDFS.subClassOf, OWL.disjointWith, OWL.equivalentClass):
            used |= {s, o}
        elif p == RDFS.domain or p == RDF.type or (p == RDFS.range and (s, RDF.type, OWL.DatatypeProperty) not in ontology):
            used.add(o)
        elif p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty):
            used |= {s, o}
    for chained in ontology.subjects(OWL.propertyChainAxiom, None):
        used |= set(ontology.items(ontology.value(chained, OWL.propertyChainAxiom)))
    return sorted(str(t) for t in used if isinstance(t, URIRef) and not str(t).startswith(RESERVED) and t not in declared)


def test_every_class_and_property_the_ontology_names_is_declared(sources):
    """Its own terms and those of the vocabularies it aligns to (schema:NewsArticle, prov:wasDerivedFrom,
    skos:definition ...): 62 were used undeclared, so that an OWL 2 DL tool (the OWL API's profile check) could
    not tell a class from an individual, nor an object property from a data property, among them."""
    assert undeclared_terms(sources.ontology) == []


def test_ontology_is_owl2_dl_in_its_property_kinds(sources):
    assert property_kind_faults(sources.ontology) == []


def test_the_owl2_dl_check_finds_a_data_property_under_an_annotation_property():
    """The check's own proof: the fault it was written for (oo:reason under rdfs:comment), a data property that
    annotates a class, rdf:Property as a range, and a data property's range outside the OWL 2 datatype map
    (oo:referenceYear's xsd:gYear, before)."""
    broken = Graph().parse(format="turtle", data=f"""
        @prefix oo: <{OO}> . @prefix owl: <{OWL}> . @prefix rdfs: <{RDFS}> . @prefix rdf: <{RDF}> .
        oo:reason a owl:DatatypeProperty ; rdfs:subPropertyOf rdfs:comment .
        oo:Thing a owl:Class ; oo:reason "why" .
        oo:picks a owl:ObjectProperty ; rdfs:range rdf:Property .
        oo:year a owl:DatatypeProperty ; rdfs:range <http://www.w3.org/2001/XMLSchema#gYear> .
        oo:count a owl:DatatypeProperty ; rdfs:range <http://www.w3.org/2001/XMLSchema#integer> .""")
    faults = property_kind_faults(broken)
    assert [f for f in faults if "datatype map" in f] == [f"{OO.year} {RDFS.range}: {XSD.gYear} is not in the OWL 2 "
                                                          "datatype map, so not a datatype in OWL 2 DL"], faults
    assert any(f.startswith(f"{OO.reason}: a property of two kinds") for f in faults), faults
    assert any("annotates" in f for f in faults) and any("reserved vocabulary" in f for f in faults), faults


def test_every_concept_of_ontology_and_data_is_in_one_scheme_that_lists_it(sources, graph):
    """SKOS for the data too: the indicators (oo:Indicator is a skos:Concept) were in no concept scheme while
    the ontology's units and comparators were. Every instance of a class under skos:Concept, curated or
    ontological, is skos:inScheme exactly one skos:ConceptScheme, and is one of its top concepts: the ontology's
    schemes list theirs (skos:hasTopConcept); the data's concepts name their scheme on themselves
    (skos:topConceptOf), and no scheme of the data lists them, or it would join every report to every other
    (tests/test_changed.py). The release (asserted + inferred, `graph`) has both directions for every concept:
    the ontology restates SKOS's skos:topConceptOf owl:inverseOf skos:hasTopConcept. A scheme lists only its own
    concepts."""
    both = sources.ontology + sources.data
    concept_classes, todo = set(), [SKOS.Concept]
    while todo:
        for sub in sources.ontology.subjects(RDFS.subClassOf, todo.pop()):
            if sub not in concept_classes:
                concept_classes.add(sub)
                todo.append(sub)
    concepts = {c for cls in concept_classes for c in both.subjects(RDF.type, cls)}
    assert OI["ind-net-inflow"] in concepts
    faults = []
    for concept in sorted(concepts):
        schemes = set(both.objects(concept, SKOS.inScheme))
        if len(schemes) != 1 or any((s, RDF.type, SKOS.ConceptScheme) not in both
                                    or ((s, SKOS.hasTopConcept, concept) not in both
                                        and (concept, SKOS.topConceptOf, s) not in both) for s in schemes):
            faults.append(f"{concept}: not in exactly one scheme that it tops")
        for scheme in schemes:
            if (scheme, SKOS.hasTopConcept, concept) not in graph or (concept, SKOS.topConceptOf, scheme) not in graph:
                faults.append(f"{concept}: the release does not list it as a top concept of {scheme} both ways")
    for scheme, concept in list(both.subject_objects(SKOS.hasTopConcept)) + [
            (s, c) for c, s in both.subject_objects(SKOS.topConceptOf)]:
        if (concept, SKOS.inScheme, scheme) not in both:
            faults.append(f"{scheme} lists {concept}, which is not in it")
    faults += [f"{scheme} lists {concept} in the data: say skos:topConceptOf on the concept"
               for scheme, concept in sources.data.subject_objects(SKOS.hasTopConcept)]
    assert faults == []


def test_no_name_a_reader_sees_is_shorthand_with_vs(sources):
    """Regression: an indicator was labelled "admitted vs returned (%)", shorthand that reached the CLI's
    messages and the desk's pages after the disagreements' labels had moved to plain English ("Net inflow
    given exact and rounded: 69 and 70"). No label, name or title in the ontology or data says "vs" (an
    IRI may keep it: identifiers do not change)."""
    names = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SCHEMA.name, DCTERMS.title, RDFS.comment,
             SKOS.definition)
    graph = sources.asserted()
    shorthand = sorted((str(s), str(o)) for p in names for s, o in graph.subject_objects(p)
                       if re.search(r"\bvs\b\.?", str(o), re.IGNORECASE))
    assert shorthand == []
