"""The reference build: load, reason and validate with rdflib, owlrl and pySHACL, and write the base
and full releases to dist/ with rdflib's serialisers. `kg build --engine reference` runs it; the tests
compare its files with the engine's (kg.build.pipeline)."""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.analysis.files import ANALYSIS_FILES, analysis
from kg.core.dist import commit, new_folder, read_manifest, release_folder, verified
from kg.core.errors import ValidationFailed
from kg.validation.findings import ValidationReport
from kg.sources.cache import made_by
from kg.sources.project import Project, source_digests
from kg.sparql.saved import check_queries
from kg.core.namespaces import bind_prefixes
from kg.reference.load import Sources, load_sources
from kg.validation.locate import located
from kg.validation.inconsistency import located_in
from kg.reference.reason import infer
from kg.reference.validate import validate
from kg.core.serialize import relabel, serialize, stable_blank_node_labels, write_graph

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


@dataclass
class BuildResult:
    sources: Sources
    base: Graph
    inferred: Graph
    report: ValidationReport
    written: list


def build(project: Project, progress=lambda message: None, write: bool = True) -> BuildResult:
    """Load, reason, validate, write dist/."""
    started = time.perf_counter()
    step = lambda message: progress(f"[{time.perf_counter() - started:6.2f}s] {message}")  # noqa: E731
    sources = load_sources(project, on_file=lambda path: step(f"parse {path.relative_to(project.root)}"))
    base = sources.asserted()
    step(f"loaded {len(sources.data)} data triples, {len(sources.ontology)} ontology triples")
    step("reason (OWL-RL, owlrl)")
    with located_in(project):
        inferred = infer(base)
    step(f"inferred {len(inferred)} triples")
    step("validate (SHACL, pySHACL, and checks)")
    report = validate(sources, check_queries(project))
    if not report.conforms:
        raise ValidationFailed(located(report, project.root))
    step(f"valid: {len(report.findings)} warning(s)")
    step("check derived figures (kg check) and find discrepancies (kg discrepancies)")
    derived = analysis(base)
    written = write_release(project.dist_dir, base, inferred, project, derived) if write else []
    for path in written:
        step(f"wrote {path.relative_to(project.root)}")
    return BuildResult(sources, base, inferred, report, written)


def full_graph(project: Project, with_analysis: bool = True) -> Graph:
    """Asserted plus inferred triples, as queries see them, plus the analysis (checks, discrepancies).

    Reuses dist/oioo-full.nt when `kg build` wrote it from the current sources (same SHA-256 of
    every source file); otherwise reasons in memory, so a query never answers from stale data. The
    analysis files are reused on the same terms (and only if unchanged since the build), else recomputed.
    """
    folder = release_folder(project.dist_dir)
    recorded = read_manifest(folder) or {}
    if recorded.get("sources") == source_digests(project) and "oioo-full.nt" in recorded["files"]:
        verified(folder, recorded, ["oioo-full.nt"])
        graph = bind_prefixes(Graph()).parse(folder / "oioo-full.nt", format="nt")
        if with_analysis:
            _add_analysis(graph, project, folder, recorded["files"])
        return graph
    graph = load_sources(project).asserted()
    derived = analysis(graph) if with_analysis else {}
    with located_in(project):
        inferred = infer(graph)
    for triple in inferred:
        graph.add(triple)
    for part in derived.values():
        for triple in part:
            graph.add(triple)
    return graph


def _add_analysis(graph: Graph, project: Project, folder: Path, files: dict) -> None:
    fresh = {}
    for name in ANALYSIS_FILES:
        path = folder / name
        recorded = (files.get(name) or {}).get("sha256")
        if recorded and path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == recorded:
            fresh[name] = bind_prefixes(Graph()).parse(path, format="turtle")
    if len(fresh) < len(ANALYSIS_FILES):
        computed = analysis(load_sources(project).asserted())
        fresh = {name: fresh.get(name, computed[name]) for name in ANALYSIS_FILES}
    for part in fresh.values():
        for triple in part:
            graph.add(triple)


def write_release(dist: Path, base: Graph, inferred: Graph, project: Project, derived: dict | None = None) -> list:
    """Write base (asserted) and full (asserted + inferred) graphs in three syntaxes, and the analysis
    graphs (`derived`: file name -> graph) as Turtle files of their own: a new release, switched to
    when whole (kg.core.dist)."""
    full = bind_prefixes(Graph())
    for graph in (base, inferred):
        for triple in graph:
            full.add(triple)
    labels = stable_blank_node_labels(full)
    releases = {"oioo-base": relabel(base, labels), "oioo-full": relabel(full, labels),
                "oioo-inferred": relabel(inferred, labels)}
    folder = new_folder(dist)
    try:
        manifest = {"sources": source_digests(project), "files": {}, "made_by": made_by("reference")}
        for name, graph in releases.items():
            for extension, fmt in FORMATS.items():
                data = serialize(graph, fmt)
                (folder / f"{name}.{extension}").write_bytes(data)
                manifest["files"][f"{name}.{extension}"] = {"triples": len(graph), "bytes": len(data),
                                                           "sha256": hashlib.sha256(data).hexdigest()}
        for name, graph in sorted((derived or {}).items()):
            data = write_graph(folder / name, graph)
            manifest["files"][name] = {"triples": len(graph), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        return commit(dist, folder, manifest)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # (renamed into dist/releases/ once committed)
