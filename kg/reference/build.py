"""The build: load, reason, validate, and write the base and full releases to dist/."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph

from kg.errors import KGError
from kg.reference.load import Sources, load_sources
from kg.namespaces import PREFIXES, bind_prefixes
from kg.graph.positions import located
from kg.graph.project import Project
from kg.query.saved import load_queries
from kg.reference.reason import infer
from kg.reference.validate import ValidationReport, validate

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
ANALYSIS_FILES = ("checks.ttl", "discrepancies.ttl")  # derived analysis, apart from the curated data


class ValidationFailed(KGError):
    exit_code = 1

    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(report.text())


@dataclass
class BuildResult:
    sources: Sources
    base: Graph
    inferred: Graph
    report: ValidationReport
    written: list


def checks(project: Project):
    """The SPARQL checks that must return no rows (queries/checks/*.rq)."""
    return list(load_queries(project.checks_dir).values()) if project.checks_dir.is_dir() else []


def build(project: Project, progress=lambda message: None, write: bool = True, engine: str | None = None) -> BuildResult:
    """Load, reason, validate, write dist/. `engine`: "reference" (this module: rdflib, owlrl, pySHACL)
    or "fast" (kg.graph.build: Oxigraph, the same results); default $KG_ENGINE, else "reference"."""
    from kg.graph import build as fast

    if fast.engine(engine) == "fast":
        return fast.build(project, progress, write)
    started = time.perf_counter()
    step = lambda message: progress(f"[{time.perf_counter() - started:6.2f}s] {message}")  # noqa: E731
    sources = load_sources(project, on_file=lambda path: step(f"parse {path.relative_to(project.root)}"))
    base = sources.asserted()
    step(f"loaded {len(sources.data)} data triples, {len(sources.ontology)} ontology triples")
    step("reason (OWL-RL, owlrl)")
    inferred = infer(base)
    step(f"inferred {len(inferred)} triples")
    step("validate (SHACL, pySHACL, and checks)")
    report = validate(sources, checks(project))
    if not report.conforms:
        raise ValidationFailed(located(report, project.root))
    step(f"valid: {len(report.findings)} warning(s)")
    step("check derived figures (kg check) and find discrepancies (kg discrepancies)")
    derived = analysis(base)
    written = write_release(project.dist_dir, base, inferred, project, derived) if write else []
    for path in written:
        step(f"wrote {path.relative_to(project.root)}")
    return BuildResult(sources, base, inferred, report, written)


def analysis(asserted: Graph, sink=None) -> dict[str, Graph]:
    """What the checks derive from the curated data, one graph per file: the ClaimReviews of the
    derived figures (kg.analysis.check) and the discrepancy links (kg.analysis.discrepancies). `sink`: what to make
    each graph with, if not an rdflib Graph (anything with its add())."""
    from kg.analysis.check import check_all, reviews
    from kg.analysis.discrepancies import detect, links

    return {"checks.ttl": reviews(check_all(asserted), sink and sink()),
            "discrepancies.ttl": links(detect(asserted), sink and sink())}


def full_graph(project: Project, with_analysis: bool = True) -> Graph:
    """Asserted plus inferred triples, as queries see them, plus the analysis (checks, discrepancies).

    Reuses dist/oioo-full.nt when `kg build` wrote it from the current sources (same SHA-256 of
    every source file); otherwise reasons in memory, so a query never answers from stale data. The
    analysis files are reused on the same terms (and only if unchanged since the build), else recomputed.
    """
    manifest = project.dist_dir / "manifest.json"
    release = project.dist_dir / "oioo-full.nt"
    if manifest.is_file() and release.is_file():
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            recorded = {}
        if recorded.get("sources") == source_digests(project):
            graph = bind_prefixes(Graph()).parse(release, format="nt")
            if with_analysis:
                _add_analysis(graph, project, recorded.get("files", {}))
            return graph
    graph = load_sources(project).asserted()
    derived = analysis(graph) if with_analysis else {}
    for triple in infer(graph):
        graph.add(triple)
    for part in derived.values():
        for triple in part:
            graph.add(triple)
    return graph


def _add_analysis(graph: Graph, project: Project, files: dict) -> None:
    fresh = {}
    for name in ANALYSIS_FILES:
        path = project.dist_dir / name
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
    """Write base (asserted) and full (asserted + inferred) graphs in three syntaxes, atomically; and
    the analysis graphs (`derived`: file name -> graph) as Turtle files of their own."""
    full = bind_prefixes(Graph())
    for graph in (base, inferred):
        for triple in graph:
            full.add(triple)
    labels = stable_blank_node_labels(full)
    releases = {"oioo-base": relabel(base, labels), "oioo-full": relabel(full, labels),
                "oioo-inferred": relabel(inferred, labels)}
    dist.mkdir(parents=True, exist_ok=True)
    written, manifest = [], {"sources": source_digests(project), "files": {}}
    for name, graph in releases.items():
        for extension, fmt in FORMATS.items():
            path = dist / f"{name}.{extension}"
            data = serialize(graph, fmt)
            write_atomically(path, data)
            manifest["files"][path.name] = {"triples": len(graph), "bytes": len(data),
                                            "sha256": hashlib.sha256(data).hexdigest()}
            written.append(path)
    for name, graph in sorted((derived or {}).items()):
        path = dist / name
        data = write_graph(path, graph)
        manifest["files"][name] = {"triples": len(graph), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        written.append(path)
    path = dist / "manifest.json"
    write_atomically(path, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    written.append(path)
    return written


def serialize(graph: Graph, fmt: str) -> bytes:
    """Deterministic bytes: N-Triples sorted; JSON-LD with a local context (nothing fetched)."""
    if fmt == "nt":
        lines = sorted(set(graph.serialize(format="nt").splitlines()) - {""})
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        return (json.dumps(_sorted_values(document), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    return graph.serialize(format=fmt).encode("utf-8")


def _sorted_values(node):
    """Sort JSON-LD arrays (node lists, multiple values): rdflib emits them in hash order.
    Our data has no @list, so array order carries no meaning."""
    if isinstance(node, dict):
        return {key: _sorted_values(value) for key, value in node.items()}
    if isinstance(node, list):
        return sorted((_sorted_values(v) for v in node), key=lambda v: json.dumps(v, sort_keys=True))
    return node


def stable_blank_node_labels(graph: Graph) -> dict:
    """Label blank nodes by a hash of what they say and who points to them, so the same sources
    give byte-identical files (rdflib draws fresh random labels at every parse)."""
    nodes = {t for triple in graph for t in (triple[0], triple[2]) if isinstance(t, BNode)}
    descriptions = {
        node: ([f"{p.n3()} {o.n3() if not isinstance(o, BNode) else '_'}" for p, o in graph.predicate_objects(node)],
               [f"{s.n3() if not isinstance(s, BNode) else '_'} {p.n3()}" for s, p in graph.subject_predicates(node)])
        for node in nodes}
    return {node: BNode(label) for node, label in labels_by_description(descriptions).items()}


def labels_by_description(descriptions: dict) -> dict:
    """node -> label, from node -> (its "predicate object" lines, the "subject predicate" lines
    pointing to it), other blank nodes written `_`."""
    labels, taken = {}, {}
    for node, (described, pointing) in descriptions.items():
        digest = hashlib.sha256("\n".join(sorted(described) + ["|"] + sorted(pointing)).encode()).hexdigest()[:16]
        taken[digest] = taken.get(digest, -1) + 1  # indistinguishable nodes: any order gives the same bytes
        labels[node] = f"b{digest}" + (f"x{taken[digest]}" if taken[digest] else "")
    return labels


def relabel(graph: Graph, labels: dict) -> Graph:
    out = bind_prefixes(Graph())
    for s, p, o in graph:
        out.add((labels.get(s, s), p, labels.get(o, o)))
    return out


def source_digests(project: Project) -> dict:
    return project.source_digests()


def write_graph(path: Path, graph: Graph) -> bytes:
    """Write `graph` as deterministic Turtle (stable blank-node labels), atomically; returns the bytes."""
    data = serialize(relabel(graph, stable_blank_node_labels(graph)), "turtle")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
    return data


def umask() -> int:
    """The process's file-creation mask (read without changing it where /proc tells it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def ordinary_mode(directory: bool = False) -> int:
    """The mode an ordinary new file (0644) or folder (0755) gets under the usual umask: temporary
    files and folders are made owner-only (0600/0700), so a web server running as another user
    could not read what kg writes."""
    return (0o777 if directory else 0o666) & ~umask()


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file. The file
    gets an ordinary file's mode (0644 under the usual umask), not the temporary file's 0600."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, ordinary_mode())
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
