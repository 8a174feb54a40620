"""The build on the engine: load -> reason -> validate -> release, the stages strung together.

| stage    | engine (Oxigraph)                                              | reference (kg.reference)          |
|----------|----------------------------------------------------------------|-----------------------------------|
| load     | kg.sources.load: pyoxigraph, terms kept as N-Triples strings   | rdflib                            |
|          | (two processes past a few MB of Turtle)                        |                                   |
| reason   | kg.build.reason: owlrl on the ontology once, then one pass     | owlrl over everything, in cycles  |
|          | over the instance data                                         |                                   |
| validate | kg.validation.validate: SHACL compiled (kg.validation.shacl)   | pySHACL, node by node             |
|          | and the checks, in Oxigraph                                    |                                   |
| release  | kg.build.release: the same N-Triples bytes; Turtle, JSON-LD    | rdflib's serialisers              |
|          | and the analysis written in child processes                    |                                   |

What must not differ does not: tests/test_engine_equals_reference.py proves the same inferred triples,
the same validation findings and byte-identical N-Triples releases on the seed data and on generated
corpora. Where the reasoner cannot follow owlrl (owl:sameAs, schema in the data) it falls back to owlrl
and says so.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass

from kg.core.errors import ValidationFailed
from kg.validation.locate import located
from kg.core.dist import PARTIAL, BrokenRelease, read_manifest, release_folder, remove_abandoned, verified
from kg.sources.cache import DIRECTORY, Cache, package_digest
from kg.core.background import Background
from kg.core.children import reap, stop
from kg.core.collector import collector_paused
from kg.validation.findings import ValidationReport
from kg.sources.load import Sources, load_sources
from kg.sources.project import Project, source_digests
from kg.sparql.saved import check_queries
from kg.validation.inconsistency import located_in
from kg.build.reason import infer, schema_in_child
from kg.build.release import Release, analysis_files, full_graph_files, graph_labels, one_graph_files
from kg.core.triples import TripleIndex
from kg.validation.validate import Validation


@dataclass
class Build:
    sources: Sources | None  # None when dist/ was up to date (nothing was loaded)
    base: set
    inferred: set
    report: ValidationReport
    written: list
    done_before: dict | None = None  # when dist/ was up to date: what the build that made it said (up_to_date)


UP_TO_DATE = "release"  # the cache's section: the key of a build's inputs -> the release it made and its counts


def build(project: Project, progress=lambda message: None, write: bool = True, cache: bool = True) -> Build:
    """Parse, reason, validate and write dist/; `cache`: read unchanged files from, and keep what was
    parsed in, .kg-cache/ (kg.sources.cache). Python's cycle collector is paused meanwhile
    (kg.core.collector), which also keeps it from touching, in the forked children, every page they
    share with this process; what the build made is frozen before it resumes."""
    with collector_paused(freeze=True):
        return _build(project, progress, write, Cache(project) if cache else None)


def inputs_key(cache: Cache, digests: dict, checks: list) -> str:
    """What decides every byte of a release: the sources (their `digests`: ontology, shapes, data), the
    checks, and kg itself with its tools (Cache.key): the same key, the same release."""
    read = hashlib.sha256()
    for saved in checks:
        read.update(f"{saved.name}\0".encode() + saved.path.read_bytes() + b"\0")
    return cache.key(UP_TO_DATE, package_digest(), json.dumps(digests, sort_keys=True), read.hexdigest())


def up_to_date(project: Project, cache: Cache, key: str) -> dict | None:
    """What the build that made dist/'s current release said (its counts), when that release was made from
    inputs with this key and each of its files still has the SHA-256 its manifest records; else None. As
    make does for a target newer than its sources: a build with nothing to do does nothing."""
    done = cache.get(UP_TO_DATE, key)
    if not isinstance(done, dict):
        return None
    folder = release_folder(project.dist_dir)
    manifest = read_manifest(folder)
    if folder.name != done.get("release") or manifest is None:
        return None
    try:
        verified(folder, manifest)
    except BrokenRelease:
        return None
    return done


def _build(project: Project, progress, write: bool, cache: Cache | None) -> Build:
    started = time.perf_counter()
    step = lambda message: progress(f"[{time.perf_counter() - started:6.2f}s] {message}")  # noqa: E731
    checks = check_queries(project, cache)
    digests = source_digests(project) if cache is not None and write else None  # (load_sources reads them)
    key = inputs_key(cache, digests, checks) if digests is not None else None
    done = up_to_date(project, cache, key) if key is not None else None
    if done is not None:
        remove_abandoned(project.dist_dir, PARTIAL)  # what killed builds left, as a build that writes removes it
        step(f"nothing to build: {project.dist_dir.name}/ holds the release of these sources and checks, made by this kg, "
             f"every file as its manifest records (--no-cache builds it again)")
        return Build(None, set(), set(), ValidationReport(), [], done)
    sources = load_sources(project, cache, digests=digests)
    reused = (f", {sources.reused} of them unchanged since an earlier build (read from {DIRECTORY}/)"
              if sources.reused else "")
    step(f"parsed {len(sources.files)} data files (pyoxigraph){reused}: {len(sources.data)} data triples, "
         f"{len(sources.ontology)} ontology triples")
    base = sources.ontology | sources.data
    index = TripleIndex(base)
    release = Release(project) if write else None
    schema_child = None
    try:
        if release is not None:
            release.start("analysis", lambda directory: analysis_files(index, directory))
            step("check derived figures (kg check) and find discrepancies (kg discrepancies), in a child process")
        schema_child = schema_in_child(sources.ontology, cache)  # before the thread below: no fork after
        step("prepare the validation: the shapes compiled, their SPARQL read (the first build's kept in .kg-cache/)")
        validation = Validation(sources, index, checks, cache)  # its store loads in a thread meanwhile
        step("reason (OWL-RL: the ontology's closure by owlrl, the data's by the engine)")
        reap(schema_child)
        schema_child = None
        with located_in(project):
            inferred = infer(sources.ontology, sources.data, step, cache)
        if cache is not None:
            cache.prune()
        step(f"inferred {len(inferred)} triples")
        step("validate (SHACL and checks)")
        # the labels, worked out while validation runs in Oxigraph (at 1 M: 2.7-4 s off the longest path)
        labels = Background(graph_labels, base, inferred) if release is not None else None
        report = validation.report(literals=True)
        del validation  # its store: memory the build no longer needs while it waits for the release
        if not report.conforms:
            raise ValidationFailed(located(report, project.root))
        step(f"valid: {len(report.findings)} warning(s)")
        if release is not None:  # not sooner: their peaks would meet validation's store and the analysis's
            labels, holding = labels.result()
            release.wait("analysis")
            for name, triples in (("oioo-base", base), ("oioo-inferred", inferred)):
                release.start(name, lambda directory, name=name, triples=triples:
                              one_graph_files(name, triples, labels, holding, directory))
            release.start("oioo-full", full_graph_files, here=True)  # from the two graphs' files
            step("writing the graphs (N-Triples, Turtle, JSON-LD), base and inferred side by side in child processes")
        written = release.commit(sources.digests) if release is not None else []
        if key is not None and written:
            cache.put(UP_TO_DATE, key, {"release": release_folder(project.dist_dir).name, "asserted": len(base),
                                        "inferred": len(inferred), "warnings": len(report.findings)})
    finally:
        if schema_child is not None:
            stop(schema_child)
        if release is not None:
            release.abandon()
    for path in written:
        step(f"wrote {path.relative_to(project.root)}")
    return Build(sources, base, inferred, report, written)
