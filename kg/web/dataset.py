"""The dataset as published: its dumps, their VoID and DCAT description, the SPARQL service
description, and the ontology's HTML documentation (pyLODE).

The dumps are the files `kg build` writes to dist/ (listed, with triple counts, sizes and SHA-256, in
dist/manifest.json), each also gzipped. `current_release` rebuilds dist/ first when it is missing or
was built from other sources, so what is served or published is always the current, validated build.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, XSD

from kg import engines
from kg.reference import build as build_module
from kg.errors import KGError
from kg.namespaces import OI, OO, ONTOLOGY_IRI, PREFIXES, SCHEMA, bind_prefixes
from kg.web.pages import DATASET, LICENCE

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"

# extension -> (media type, W3C format IRI)
DUMP_TYPES = {"ttl": ("text/turtle", FORMATS.Turtle), "nt": ("application/n-triples", FORMATS["N-Triples"]),
              "jsonld": ("application/ld+json", FORMATS["JSON-LD"])}
RESULT_FORMATS = [FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
                  FORMATS.SPARQL_Results_TSV, FORMATS.Turtle, FORMATS["N-Triples"], FORMATS["JSON-LD"]]
SUBSETS = {
    "oioo-full": "Asserted and inferred triples: the ontology, the curated data and what OWL-RL entails",
    "oioo-base": "Asserted triples only: the ontology and the curated data",
    "oioo-inferred": "Only what OWL-RL adds to the asserted triples",
    "checks": "Checks of the derived figures (schema:ClaimReview), from `kg check`",
    "discrepancies": "Where reports disagree (oo:Discrepancy), from `kg discrepancies`",
}
TITLE = "One in, one out: who said what about which figure"
DESCRIPTION = ("A knowledge graph of five news reports on the UK-France 'one in, one out' returns agreement: "
               "every figure, quote and reported statement, dated event and person in the reports, each with its "
               "report and an evidence span (the exact words, with character offsets into the source text).")


def current_manifest(project, progress=lambda message: None) -> dict:
    """dist/manifest.json of a build from the current sources, building (and validating) first if needed."""
    path = project.dist_dir / "manifest.json"
    for attempt in range(2):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        files = manifest.get("files") or {}
        if (manifest.get("sources") == build_module.source_digests(project)
                and all((project.dist_dir / name).is_file() for name in files) and "oioo-full.nt" in files):
            return manifest
        if attempt == 0:
            progress(f"{project.dist_dir} is missing or stale: building it first")
            engines.build(project, progress=progress)
    raise KGError(f"{project.dist_dir} could not be built")


@dataclass
class Dump:
    name: str  # file name, e.g. oioo-full.ttl or oioo-full.ttl.gz
    subset: str  # oioo-full, oioo-base, checks, ...
    extension: str  # ttl, nt, jsonld
    media_type: str
    triples: int
    data: bytes
    sha256: str
    gzipped: bool = False

    @property
    def size(self) -> int:
        return len(self.data)


def load_dumps(project, manifest: dict) -> dict[str, Dump]:
    """The release files of dist/ in memory (a snapshot: a rebuild while serving changes nothing),
    each also gzipped (deterministically: no time stamp, no file name)."""
    import hashlib

    dumps = {}
    for name, info in sorted(manifest["files"].items()):
        subset, _, extension = name.partition(".")
        if extension not in DUMP_TYPES:
            continue
        data = (project.dist_dir / name).read_bytes()
        media = DUMP_TYPES[extension][0]
        dumps[name] = Dump(name, subset, extension, media, info.get("triples", 0), data, hashlib.sha256(data).hexdigest())
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        dumps[name + ".gz"] = Dump(name + ".gz", subset, extension, media, info.get("triples", 0), packed,
                                   hashlib.sha256(packed).hexdigest(), gzipped=True)
    manifest_bytes = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    dumps["manifest.json"] = Dump("manifest.json", "", "json", "application/json", 0, manifest_bytes,
                                  hashlib.sha256(manifest_bytes).hexdigest())
    return dumps


def summary(graph: Graph, dumps: dict[str, Dump], base_url: str, endpoint: str | None, api: bool) -> dict:
    """What the home and dataset pages show: the dumps (the full release first), counts, the services."""
    listed = sorted((d for d in dumps.values() if d.subset), key=lambda d: (d.subset != "oioo-full", d.subset, d.name))
    return {"dumps": listed, "triples": len(graph), "endpoint": endpoint, "base_url": base_url,
            "manifest": "dumps/manifest.json", "api": api}


def statistics(graph: Graph) -> dict:
    """VoID statistics of the served graph, and entity counts per class of the ontology."""
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(OI))}
    classes = {}
    for s, cls in graph.subject_objects(RDF.type):
        if s in subjects and str(cls).startswith(str(OO)) or cls == SCHEMA.ClaimReview:
            classes.setdefault(cls, set()).add(s)
    return {"triples": len(graph), "entities": len(subjects), "properties": len(set(graph.predicates())),
            "classes": len(set(graph.objects(None, RDF.type))),
            "distinctSubjects": len(set(graph.subjects())), "distinctObjects": len(set(graph.objects())),
            "partitions": {cls: len(members) for cls, members in sorted(classes.items(), key=lambda i: str(i[0]))}}


def describe(graph: Graph, dumps: dict[str, Dump], base_url: str, endpoint_url: str | None = None,
             api: bool = False) -> Graph:
    """VoID and DCAT: the dataset, its subsets with their dumps (sizes, triple counts, SHA-256), the
    licence, and the SPARQL endpoint and saved-query API as dcat:DataServices."""
    out = bind_prefixes(Graph())
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("sd", SD), ("formats", FORMATS), ("spdx", SPDX)):
        out.bind(prefix, namespace)
    add = out.add
    stats = statistics(graph)
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal(TITLE, lang="en")))
    add((DATASET, RDFS.label, Literal(TITLE, lang="en")))
    add((DATASET, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    add((DATASET, DCTERMS.license, LICENCE))
    add((DATASET, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    add((DATASET, DCAT.landingPage, URIRef(base_url)))
    add((DATASET, VOID.uriSpace, Literal(str(OI))))
    for namespace in (PREFIXES["oo"], PREFIXES["schema"], PREFIXES["prov"], PREFIXES["org"], PREFIXES["oa"],
                      PREFIXES["skos"], PREFIXES["dcterms"]):
        add((DATASET, VOID.vocabulary, URIRef(str(namespace))))
    for example in ("r000", "r000-fig-returned-281-mahmood", "shabana-mahmood"):
        if (OI[example], None, None) in graph:
            add((DATASET, VOID.exampleResource, OI[example]))
    for report in sorted(graph.subjects(RDF.type, OO.Report), key=str):
        add((DATASET, DCTERMS.source, report))
    for key in ("triples", "entities", "properties", "classes", "distinctSubjects", "distinctObjects"):
        add((DATASET, VOID[key], Literal(stats[key])))
    for cls, count in stats["partitions"].items():
        partition = URIRef(f"{DATASET}#class-{_local(cls)}")
        add((DATASET, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(count)))
    subsets = {}
    for dump in dumps.values():
        if dump.subset:
            subsets.setdefault(dump.subset, []).append(dump)
    for subset, members in sorted(subsets.items()):
        node = URIRef(f"{DATASET}#{subset}")
        add((DATASET, VOID.subset, node))
        add((node, RDF.type, VOID.Dataset))
        add((node, RDF.type, DCAT.Dataset))
        add((node, DCTERMS.title, Literal(subset, lang="en")))
        add((node, DCTERMS.description, Literal(SUBSETS.get(subset, subset), lang="en")))
        add((node, DCTERMS.license, LICENCE))
        add((node, VOID.triples, Literal(members[0].triples)))
        for dump in sorted(members, key=lambda d: d.name):
            url = URIRef(f"{base_url}dumps/{dump.name}")
            distribution = URIRef(f"{DATASET}#{dump.name}")
            add((node, VOID.dataDump, url))
            for owner in ((node, DATASET) if subset == "oioo-full" else (node,)):
                add((owner, DCAT.distribution, distribution))
            add((distribution, RDF.type, DCAT.Distribution))
            add((distribution, DCTERMS.title, Literal(f"{subset} as {dump.extension}" + (" (gzip)" if dump.gzipped else ""))))
            add((distribution, DCAT.downloadURL, url))
            add((distribution, DCAT.accessURL, url))
            add((distribution, DCAT.mediaType, URIRef(IANA + dump.media_type)))
            add((distribution, DCTERMS["format"], DUMP_TYPES[dump.extension][1]))
            add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
            add((distribution, DCTERMS.license, LICENCE))
            if dump.gzipped:
                add((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
            checksum = URIRef(f"{distribution}-sha256")
            add((distribution, SPDX.checksum, checksum))
            add((checksum, RDF.type, SPDX.Checksum))
            add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
    if endpoint_url:
        service = URIRef(f"{DATASET}#sparql")
        add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint_url)))
        add((service, RDF.type, DCAT.DataService))
        add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))
        add((service, DCAT.endpointURL, URIRef(endpoint_url)))
        add((service, DCAT.endpointDescription, URIRef(endpoint_url)))
        add((service, DCAT.servesDataset, DATASET))
        add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        add((service, DCTERMS.license, LICENCE))
    if api:
        service = URIRef(f"{DATASET}#api")
        add((service, RDF.type, DCAT.DataService))
        add((service, DCTERMS.title, Literal("Saved queries as a web API (OpenAPI)", lang="en")))
        add((service, DCAT.endpointURL, URIRef(f"{base_url}queries")))
        add((service, DCAT.endpointDescription, URIRef(f"{base_url}openapi.json")))
        add((service, DCAT.servesDataset, DATASET))
        add((service, DCTERMS.conformsTo, URIRef("https://spec.openapis.org/oas/v3.1.0")))
        add((service, DCTERMS.license, LICENCE))
    return out


def service_description(endpoint_url: str, graph: Graph, limits: dict) -> Graph:
    """The SPARQL 1.1 service description returned at the endpoint."""
    out = bind_prefixes(Graph())
    for prefix, namespace in (("sd", SD), ("formats", FORMATS), ("void", VOID)):
        out.bind(prefix, namespace)
    service, dataset, default = URIRef(endpoint_url), BNode("dataset"), BNode("default")
    out.add((service, RDF.type, SD.Service))
    out.add((service, SD.endpoint, service))
    out.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in RESULT_FORMATS:
        out.add((service, SD.resultFormat, fmt))
    out.add((service, SD.defaultDataset, dataset))
    out.add((dataset, RDF.type, SD.Dataset))
    out.add((dataset, DCTERMS.source, DATASET))
    out.add((dataset, SD.defaultGraph, default))
    out.add((default, RDF.type, SD.Graph))
    out.add((default, VOID.triples, Literal(len(graph))))
    out.add((service, DCTERMS.description, Literal(
        "Read-only. Updates, SERVICE, LOAD, FROM and FROM NAMED are refused. "
        f"Each query is stopped after {limits.get('timeout', '?')} s and may return at most "
        f"{limits.get('max_rows', '?')} rows or triples. The prefixes oo:, oi:, schema:, prov:, org:, oa:, "
        "skos:, dcterms:, owl:, rdf:, rdfs:, xsd: are predeclared.", lang="en")))
    return out


def _local(iri) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def ontology_html(project) -> tuple[str, str]:
    """The ontology's documentation as (html, generator): pyLODE's, with an anchor per term's local
    name so that https://w3id.org/oioo/ontology#Term lands on the term; '' if pyLODE is unavailable."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    root.handlers[:] = [logging.NullHandler()]  # pyLODE calls logging.basicConfig(DEBUG) on import
    try:
        from pylode import OntPub  # its import configures the root logger: undone below

        html = OntPub(ontology=str(project.ontology_file)).make_html()
    except Exception:  # pyLODE missing or broken: the caller falls back to its own page
        return "", ""
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    anchors = set(re.findall(r'\sid="([^"]+)"', html))

    def anchor(match):
        name = match.group(2)
        if name in anchors:
            return match.group(0)
        anchors.add(name)
        return f'<span id="{name}"></span>{match.group(0)}'

    pattern = re.compile(r"(<code>)" + re.escape(str(PREFIXES["oo"])) + r"([A-Za-z0-9_-]+)</code>")
    html = pattern.sub(anchor, html, count=0)
    section = _individuals(project, anchors)
    if section:
        html = html.replace("</body>", section + "\n</body>", 1) if "</body>" in html else html + section
    return html, "pyLODE"


def _individuals(project, anchors: set) -> str:
    """A section for the ontology's concepts and individuals (comparators, units, methods, kinds of
    event and discrepancy), which pyLODE leaves out: one anchored entry per term."""
    from html import escape

    from rdflib.namespace import SKOS

    from kg.reference.load import parse_turtle

    ontology = parse_turtle(project.ontology_file)
    namespace = str(PREFIXES["oo"])
    entries = []
    for term in sorted({s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)}, key=str):
        name = str(term)[len(namespace):]
        if not name or name in anchors:
            continue
        label = ontology.value(term, SKOS.prefLabel) or ontology.value(term, RDFS.label) or name
        text = ontology.value(term, SKOS.definition) or ontology.value(term, RDFS.comment) or ""
        kinds = ", ".join(f'<a href="#{escape(str(k)[len(namespace):])}">{escape(str(k)[len(namespace):])}</a>'
                          if str(k).startswith(namespace) else escape(str(k))
                          for k in sorted(ontology.objects(term, RDF.type), key=str))
        entries.append(f'<div class="property entity" id="{escape(name)}"><h3>{escape(str(label))} '
                       f'<code>oo:{escape(name)}</code></h3><p>{escape(str(text))}</p>'
                       + (f"<p>Type: {kinds}</p>" if kinds else "") + "</div>")
    if not entries:
        return ""
    return ('<div class="section" id="individuals"><h2>Concepts and individuals</h2>'
            "<p>Comparators, units, derivation methods, kinds of event and of discrepancy.</p>"
            + "\n".join(entries) + "</div>")
