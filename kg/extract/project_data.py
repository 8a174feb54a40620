"""What the project already has, as `kg extract` and `kg add` need it: its reports (each with its data file,
its text's SHA-256 and file name), every IRI its data files describe, the shared entities a draft links to,
and each data file's triples for validating a draft among them. Read once, with the engine's loader and
its parse cache (kg.sources.load, kg.sources.cache): kg add parsed every data file with rdflib three times, 111 s
at a million triples.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.sources.cache import Cache
from kg.core.collector import collector_paused
from kg.sources.load import Sources, load_sources
from kg.sources.project import Project
from kg.core.terms import graph_of, lexical_form, term_string
from kg.core.namespaces import OO

_TYPE, _REPORT = term_string(RDF.type), term_string(OO.Report)
_SHA256, _SOURCE = term_string(OO.sha256), term_string(OO.sourceFileName)
SHARED = "data/shared.ttl"


@dataclass(frozen=True)
class Existing:
    """A report the project has: its IRI, the data file that holds it, its text's SHA-256 and file name."""

    report: URIRef
    path: Path
    sha256: str | None
    source: str | None  # its oo:sourceFileName


class ProjectData:
    """The project's ontology, shapes and data files, read once when first needed (`sources`, each data
    file's triples kept apart in `sources.parts`), and what a draft needs to know of them."""

    def __init__(self, project: Project):
        self.project = project
        self.cache = Cache(project)

    @cached_property
    def sources(self) -> Sources:
        with collector_paused():
            return load_sources(self.project, self.cache, parts=True)

    @cached_property
    def reports(self) -> list[Existing]:
        """Every report the data files hold, by file (in file order) and IRI."""
        found = []
        for name, part in self.sources.parts.items():
            reports = {s for s, p, o in part if p == _TYPE and o == _REPORT}
            if not reports:
                continue
            values: dict = {}
            for s, p, o in part:
                if s in reports and p in (_SHA256, _SOURCE):
                    values.setdefault((s, p), lexical_form(o))
            for report in sorted(reports):
                found.append(Existing(URIRef(report[1:-1]), self.project.root / name, values.get((report, _SHA256)),
                                      values.get((report, _SOURCE))))
        return found

    @cached_property
    def subjects(self) -> set:
        """Every IRI the data files describe (a draft links to them and never declares them again)."""
        return {URIRef(s[1:-1]) for s in self.sources.subject_files if s[0] == "<"}

    @cached_property
    def report_texts(self) -> dict:
        """Each report file's report, by the number its anonymous speakers' labels give it ("003" for oi:r003),
        -> the SHA-256 of its text: whose "(report 003)" speakers are whose."""
        texts = {}
        for name, part in self.sources.parts.items():
            if name.startswith("data/report-"):
                for s, p, o in part:
                    if p == _SHA256:
                        texts[s[1:-1].rsplit("/", 1)[-1].removeprefix("r")] = lexical_form(o)
        return texts

    def shared_graph(self) -> tuple[Graph, set]:
        """The ontology and data/shared.ttl as one rdflib graph (what the rules know names from), and the
        subjects of data/shared.ttl."""
        shared = self.sources.parts.get(SHARED, [])
        graph = graph_of(self.sources.ontology | set(shared))
        return graph, {URIRef(s[1:-1]) for s, _, _ in shared if s[0] == "<"}
