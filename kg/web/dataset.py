"""The dataset as published: its dumps, their VoID and DCAT description, the SPARQL service
description, and the ontology's HTML documentation (pyLODE).

The dumps are the files `kg build` writes to dist/ (listed, with triple counts, sizes and SHA-256, in
dist/manifest.json), each also gzipped. `current_release` rebuilds dist/ first when it is missing or
was built from other sources, so what is served or published is always the current, validated build.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, XSD

from kg.core.dist import CHUNK, sha256_of
from kg.core.namespaces import OI, ONTOLOGY_IRI, PREFIX_IRIS, PREFIXES, bind_prefixes
from kg.sources.load import read_graph
from kg.web.pages import DATASET, LICENCE, STATIC

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"

# extension -> (media type, W3C format IRI)
DUMP_TYPES = {"ttl": ("text/turtle", FORMATS.Turtle), "nt": ("application/n-triples", FORMATS["N-Triples"]),
              "jsonld": ("application/ld+json", FORMATS["JSON-LD"])}
RESULT_FORMATS = [FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
                  FORMATS.SPARQL_Results_TSV, FORMATS.Turtle, FORMATS["N-Triples"], FORMATS["JSON-LD"], FORMATS.RDF_XML,
                  FORMATS["N-Quads"], FORMATS.TriG]
SUBSETS = {
    "oioo-full": "Asserted and inferred triples: the ontology, the curated data and what OWL-RL entails",
    "oioo-base": "Asserted triples only: the ontology and the curated data",
    "oioo-inferred": "Only what OWL-RL adds to the asserted triples",
    "checks": "Checks of the derived figures (schema:ClaimReview), from `kg check`",
    "discrepancies": "Where reports disagree (oo:Discrepancy), from `kg discrepancies`",
}
TITLE = "One in, one out: who said what about which figure"


def description(reports: int) -> str:
    """The dataset's description, with the number of reports the data holds (a project after `kg add`, a
    generated corpus: not always the curated five)."""
    return (f"A knowledge graph of {reports:,} news report{'' if reports == 1 else 's'} on the UK-France 'one in, "
            "one out' returns agreement: every figure, quote and reported statement, dated event and person in the "
            "reports, each with its report and an evidence span (the exact words, with character offsets into the "
            "source text).")


@dataclass
class Dump:
    name: str  # file name, e.g. oioo-full.ttl or oioo-full.ttl.gz
    subset: str  # oioo-full, oioo-base, checks, ...
    extension: str  # ttl, nt, jsonld
    media_type: str
    triples: int
    path: Path  # where its bytes are (a gzipped copy is made there when first asked for)
    size: int | None = None
    sha256: str | None = None
    gzipped: bool = False
    source: "Dump | None" = None  # the file a gzipped dump compresses

    def ready(self) -> Path:
        """The file, made first if it is a gzipped copy not made yet (deterministically: no time
        stamp, no file name), with its size and SHA-256 filled in. One thread at a time: kg serve's threads
        answered two first requests for one gzipped dump by writing one temporary file, and the second to
        finish found it renamed away (a 500)."""
        with _MAKING.setdefault(self.path, threading.Lock()):  # (a lock of its own: no other dump waits)
            if self.gzipped and not self.path.is_file():
                temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
                self.size, self.sha256 = gzip_copy(self.source.ready(), temporary)
                os.replace(temporary, self.path)
            if self.size is None or self.sha256 is None:
                self.size, self.sha256 = self.path.stat().st_size, sha256_of(self.path)
        return self.path


_MAKING: dict = {}  # a dump's path -> the lock its maker holds (not in Dump: kg serve pickles dumps for its workers)

GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"  # deflate; no name, no time stamp (RFC 1952); Unix


def gzip_copy(source: Path, target: Path) -> tuple[int, str]:
    """`source` gzipped into `target` (level 6, no time stamp: the same bytes each time, those gzip.compress
    gives), a chunk at a time; the copy's size and SHA-256. In one call, gzip.compress held a file and its copy
    in memory (the full graph's N-Triples: 318 MB at a million triples, in kg serve at a dump's first request)
    and could not be interrupted (Ctrl-C in kg publish waited up to 1.9 s a file)."""
    packer, digest = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS), hashlib.sha256()
    checksum = length = size = 0
    with open(source, "rb") as read, open(target, "wb") as out:
        def write(data: bytes) -> None:
            nonlocal size
            out.write(data)
            digest.update(data)
            size += len(data)

        write(GZIP_HEADER)
        while chunk := read.read(CHUNK):
            checksum, length = zlib.crc32(chunk, checksum), length + len(chunk)
            write(packer.compress(chunk))
        write(packer.flush() + struct.pack("<LL", checksum, length & 0xFFFFFFFF))
    return size, digest.hexdigest()


def dumps_in(directory: Path, manifest: dict) -> dict[str, Dump]:
    """The release files of `directory` as dumps (sizes and SHA-256 from the manifest), each with a
    gzipped copy made on first request, and the manifest itself."""
    dumps = {}
    for name, info in sorted(manifest["files"].items()):
        subset, _, extension = name.partition(".")
        if extension not in DUMP_TYPES:
            continue
        media = DUMP_TYPES[extension][0]
        plain = Dump(name, subset, extension, media, info.get("triples", 0), directory / name,
                     info.get("bytes"), info.get("sha256"))
        dumps[name] = plain
        dumps[name + ".gz"] = Dump(name + ".gz", subset, extension, media, plain.triples,
                                   directory / f"{name}.gz", gzipped=True, source=plain)
    dumps["manifest.json"] = Dump("manifest.json", "", "json", "application/json", 0, directory / "manifest.json")
    return dumps


STATISTICS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    # each subject once, then tested: Oxigraph tested each of the 3.6 M triples of a million-triple
    # archive (10 s, against 2.6 s); its optimiser moves a FILTER into a DISTINCT subquery, not a GROUP BY
    "entities": "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s } "
                "FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(oi:))) }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
    "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
}
PARTITIONS = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(oi:)) && (STRSTARTS(STR(?class), STR(oo:)) || ?class = schema:ClaimReview))
} GROUP BY ?class ORDER BY ?class"""
REPORTS = "SELECT ?report WHERE { ?report a oo:Report } ORDER BY ?report"
DESCRIBED = "ASK { ?example ?p ?o }"  # ?example bound as an RDF term, never written into the text


def facts(store) -> dict:
    """What the dataset description says of the data: VoID statistics, entity counts per class of the
    ontology, the reports, and the example resources that exist."""
    from kg.sparql.run import answer

    number = lambda text: int(answer(store, text).rows[0][0])  # noqa: E731
    out = {key: number(text) for key, text in STATISTICS.items()}
    out["partitions"] = {row[0]: int(row[1]) for row in answer(store, PARTITIONS).rows}
    out["reports"] = [row[0] for row in answer(store, REPORTS).rows]
    out["examples"] = [OI[name] for name in ("r000", "r000-fig-returned-281-mahmood", "shabana-mahmood")
                       if answer(store, DESCRIBED, {"example": OI[name]}).boolean]
    return out


def facts_to_json(found: dict) -> dict:
    return {**found, "partitions": {str(k): v for k, v in found["partitions"].items()},
            "reports": [str(r) for r in found["reports"]], "examples": [str(e) for e in found["examples"]]}


def facts_from_json(data: dict) -> dict:
    return {**data, "partitions": {URIRef(k): v for k, v in data["partitions"].items()},
            "reports": [URIRef(r) for r in data["reports"]], "examples": [URIRef(e) for e in data["examples"]]}


def summary(found: dict, dumps: dict[str, Dump], base_url: str, endpoint: str | None, api: bool) -> dict:
    """What the home and dataset pages show: the dumps (the full release first), counts, the services."""
    listed = sorted((d for d in dumps.values() if d.subset), key=lambda d: (d.subset != "oioo-full", d.subset, d.name))
    return {"dumps": listed, "triples": found["triples"], "endpoint": endpoint, "base_url": base_url,
            "manifest": "dumps/manifest.json", "api": api}


def describe(found: dict, dumps: dict[str, Dump], base_url: str, endpoint_url: str | None = None,
             api: bool = False) -> Graph:
    """VoID and DCAT: the dataset, its subsets with their dumps (sizes, triple counts, SHA-256), the
    licence, and the SPARQL endpoint and saved-query API as dcat:DataServices."""
    out = bind_prefixes(Graph())
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("sd", SD), ("formats", FORMATS), ("spdx", SPDX)):
        out.bind(prefix, namespace)
    add = out.add
    stats = found
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal(TITLE, lang="en")))
    add((DATASET, RDFS.label, Literal(TITLE, lang="en")))
    add((DATASET, DCTERMS.description, Literal(description(len(found["reports"])), lang="en")))
    add((DATASET, DCTERMS.license, LICENCE))
    add((DATASET, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    add((DATASET, DCAT.landingPage, URIRef(base_url)))
    add((DATASET, VOID.uriSpace, Literal(str(OI))))
    for namespace in (PREFIXES["oo"], PREFIXES["schema"], PREFIXES["prov"], PREFIXES["org"], PREFIXES["oa"],
                      PREFIXES["skos"], PREFIXES["dcterms"]):
        add((DATASET, VOID.vocabulary, URIRef(str(namespace))))
    for example in found["examples"]:
        add((DATASET, VOID.exampleResource, example))
    for report in found["reports"]:
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
            add((distribution, DCTERMS.license, LICENCE))
            if dump.gzipped:
                add((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
            if dump.size is None or dump.sha256 is None:
                continue  # a gzipped copy a server makes on first request: its size is not known yet
            # an xsd:integer, as DCAT 3 asks ("given as an integer"; its range is rdfs:Literal): the xsd:nonNegativeInteger
            # it names as typical is answered as an xsd:integer by Oxigraph and as written by rdflib, so a store read
            # another size than the file (kg writes each value in the form every engine answers: docs/modelling.md)
            add((distribution, DCAT.byteSize, Literal(dump.size)))
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


def service_description(endpoint_url: str, found: dict, limits: dict) -> Graph:
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
    out.add((default, VOID.triples, Literal(found["triples"])))
    out.add((service, DCTERMS.description, Literal(
        "Read-only. Updates, SERVICE, LOAD, FROM and FROM NAMED are refused. "
        f"Each query is stopped after {limits.get('timeout', '?')} s and may return at most "
        f"{limits.get('max_rows', '?')} rows or triples. The prefixes "
        f"{', '.join(f'{prefix}:' for prefix in PREFIX_IRIS)} are predeclared.", lang="en")))  # (those queries are read with)
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

        # read as the engine reads it: given the file, pyLODE parsed it with rdflib's own parser, which
        # refuses Turtle the loaders read, and then called exit()
        ontology = read_graph(project.ontology_file, into=Graph(bind_namespaces="core"))
        html = OntPub(ontology=_schemes_apart(ontology)).make_html()
    except Exception:  # pyLODE missing or broken, or the ontology refused: the caller falls back to its own page
        return "", ""
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    html = _narrow(_unique_ids(html))
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
    # pyLODE writes <html> with no language: a screen reader then reads the page in its own (axe: html-has-lang)
    html = re.sub(r"<html(?![^>]*\blang=)", '<html lang="en"', html, count=1)
    return _in_order(html), "pyLODE"


def _schemes_apart(ontology: Graph) -> Graph:
    """The ontology as pyLODE should read it: pyLODE takes each skos:ConceptScheme for the ontology too and
    ran their titles, descriptions and IRIs into the ontology's metadata (its IRI given as the last scheme's,
    ...ontology#DateBases; its tab titled "date bases"). Their type is left out for pyLODE alone; each
    scheme is listed under its label with the concepts (_individuals)."""
    from rdflib.namespace import OWL, SKOS

    for scheme in set(ontology.subjects(RDF.type, SKOS.ConceptScheme)) - set(ontology.subjects(RDF.type, OWL.Ontology)):
        ontology.remove((scheme, RDF.type, SKOS.ConceptScheme))
    return ontology


def _narrow(html: str) -> str:
    """pyLODE's page readable on a phone: it has no viewport tag (a phone drew it 980 px wide, shrunk) and a
    desktop's layout, which scrolled sideways at 375 px: our rules for narrow screens (static/pylode-narrow.css)
    go into its head, after pyLODE's own."""
    rules = (STATIC / "pylode-narrow.css").read_text(encoding="utf-8")
    head = ('<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<style id="narrow-screens">\n{rules}</style>\n')
    return html.replace("</head>", head + "</head>", 1) if "</head>" in html else head + html


def _unique_ids(html: str) -> str:
    """pyLODE gives a term it lists twice (an object property that is also functional) the same id twice,
    which leaves an anchor two targets: the later ones get "-2", "-3"."""
    seen: dict = {}

    def unique(match) -> str:
        name = match.group(2)
        seen[name] = seen.get(name, 0) + 1
        return match.group(0) if seen[name] == 1 else f'{match.group(1)}id="{name}-{seen[name]}"'

    return re.sub(r'(\s)id="([^"]+)"', unique, html)


def _in_order(html: str) -> str:
    """pyLODE's schema.org JSON-LD with its arrays in order: pyLODE writes them in an order that changed
    from run to run (two `kg publish` of a release differed)."""
    import json

    from kg.core.serialize import sorted_arrays

    def ordered(match) -> str:
        try:
            document = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        text = json.dumps(sorted_arrays(document), indent=2, sort_keys=True, ensure_ascii=False)
        return match.group(1) + "\n" + text.replace("</", "<\\/") + "\n" + match.group(3)

    return re.sub(r'(<script[^>]*type="application/ld\+json"[^>]*>)(.*?)(</script>)', ordered, html, flags=re.S)


def _individuals(project, anchors: set) -> str:
    """A section for the ontology's concepts and individuals (comparators, units, methods, kinds of
    event and discrepancy), which pyLODE leaves out: one anchored entry per term."""
    from html import escape

    from rdflib.namespace import SKOS

    ontology = read_graph(project.ontology_file)
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
