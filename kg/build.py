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

from .errors import KGError
from .load import Sources, load_sources
from .namespaces import PREFIXES, bind_prefixes
from .project import Project
from .queries import load_queries
from .reason import infer
from .validate import ValidationReport, validate

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


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


def build(project: Project, progress=lambda message: None, write: bool = True) -> BuildResult:
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
        raise ValidationFailed(report)
    step(f"valid: {len(report.findings)} warning(s)")
    written = write_release(project.dist_dir, base, inferred, project) if write else []
    for path in written:
        step(f"wrote {path.relative_to(project.root)}")
    return BuildResult(sources, base, inferred, report, written)


def write_release(dist: Path, base: Graph, inferred: Graph, project: Project) -> list:
    """Write base (asserted) and full (asserted + inferred) graphs in three syntaxes, atomically."""
    full = bind_prefixes(Graph())
    for graph in (base, inferred):
        for triple in graph:
            full.add(triple)
    releases = {"oioo-base": stable_blank_nodes(base), "oioo-full": stable_blank_nodes(full),
                "oioo-inferred": stable_blank_nodes(inferred)}
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
        return graph.serialize(format="json-ld", context=context, auto_compact=True, sort_keys=True).encode("utf-8")
    return graph.serialize(format=fmt).encode("utf-8")


def stable_blank_nodes(graph: Graph) -> Graph:
    """Relabel blank nodes by a hash of what they say, so the same sources give the same files."""
    labels = {}
    for node in {t for triple in graph for t in (triple[0], triple[2]) if isinstance(t, BNode)}:
        described = sorted(f"{p.n3()} {o.n3() if not isinstance(o, BNode) else '_'}" for p, o in graph.predicate_objects(node))
        pointing = sorted(f"{s.n3() if not isinstance(s, BNode) else '_'} {p.n3()}" for s, p in graph.subject_predicates(node))
        digest = hashlib.sha256("\n".join(described + ["|"] + pointing).encode()).hexdigest()[:16]
        labels[node] = BNode(f"b{digest}")
    out = bind_prefixes(Graph())
    for s, p, o in graph:
        out.add((labels.get(s, s), p, labels.get(o, o)))
    return out


def source_digests(project: Project) -> dict:
    files = [project.ontology_file, project.shapes_file, *project.data_files]
    return {str(f.relative_to(project.root)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
