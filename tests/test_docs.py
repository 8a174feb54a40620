"""The docs a newcomer follows stay true to the project: every relative link resolves, every module
path they name exists, and the picture of the model names every class, property and concept of the
ontology."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import OWL, RDF, Graph
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
OO = "https://w3id.org/oioo/ontology#"


def test_every_relative_link_in_the_docs_resolves():
    broken = []
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text(encoding="utf-8")):
            path = target.partition("#")[0]
            if path and not re.match(r"[a-z]+:", path) and not (doc.parent / path).exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert not broken


def test_every_module_path_the_docs_name_exists():
    missing = []
    for doc in DOCS:
        for path in re.findall(r"`((?:kg|tests|bench|scripts)/[\w/]+\.py)`", doc.read_text(encoding="utf-8")):
            if not (ROOT / path).exists():
                missing.append(f"{doc.relative_to(ROOT)}: {path}")
    assert not missing


def test_every_file_of_the_repository_a_command_or_name_in_the_docs_gives_exists():
    """Not only modules: a fixture a command reads (bench/README.md timed `kg add
    tests/fixtures/guardian_style.txt`, which is in tests/fixtures/extract/), a script, a data file of
    bench/; not a pattern (`tests/test_*_sweeps.py`), nor a folder .gitignore keeps out of the repository
    (what a script fetches)."""
    ignored = tuple(line.strip("/") for line in (ROOT / ".gitignore").read_text().splitlines() if line.endswith("/"))
    missing = []
    for doc in DOCS:
        for code in re.findall(r"`([^`\n]+)`", doc.read_text(encoding="utf-8")):
            for path in re.findall(r"(?<![\w/.~-])((?:kg|tests|bench|scripts)/[\w/.-]*\w)(?![\w/.*<{-])", code):
                if not path.startswith(ignored) and not (ROOT / path).exists():
                    missing.append(f"{doc.relative_to(ROOT)}: {path}")
    assert not missing


def test_the_model_picture_names_every_class_property_and_concept():
    g = Graph().parse(ROOT / "ontology" / "oioo.ttl")
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme)
             for s in g.subjects(RDF.type, kind)}
    terms |= set(g.subjects(SKOS.inScheme, None))
    names = {str(t)[len(OO):] for t in terms if str(t).startswith(OO)}
    words = set(re.findall(r"\w+", (ROOT / "docs" / "model.md").read_text(encoding="utf-8")))
    assert sorted(names - words) == []


def test_every_link_the_model_picture_draws_is_in_the_built_graph(store):
    """Each arrow `A --> B : property` of docs/model.md's diagram (and each "(or C, D)" beside it) links an A to
    a B somewhere in the seed release, inferred and analysis triples included: the picture had
    `InferredValue --> Source : basis`, which no data says (a post holding has the basis), and drew
    `derivedBy` to an Agent only, where most derivations are the report's own. Arrows only drafts make
    ("a draft") or reached through another node ("via") are not checked."""
    prefixes = {"oo": OO, "oa": "http://www.w3.org/ns/oa#", "prov": "http://www.w3.org/ns/prov#",
                "schema": "https://schema.org/"}
    classes = {"ClaimReview": "https://schema.org/ClaimReview"}
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    absent = []
    for source, target, label in re.findall(r"^\s*(\w+) --> (\w+) : (.+)$", text, flags=re.M):
        if "draft" in label or "via" in label:
            continue
        names, _, note = label.partition(" (")
        alternatives = [target] + (re.findall(r"\w+", note.removeprefix("or ")) if note.startswith("or ") else [])
        for name in names.split(", "):
            prefix, _, local = name.rpartition(":")
            for target_class in alternatives:
                ask = (f"ASK {{ ?s a <{classes.get(source, OO + source)}> ; <{prefixes[prefix or 'oo']}{local}> ?o . "
                       f"?o a <{classes.get(target_class, OO + target_class)}> }}")
                if not store.query(ask):
                    absent.append(f"{source} --> {target_class} : {name}")
    assert absent == []


def test_checking_md_has_a_rule_for_every_kind_the_detector_can_emit():
    """Regression: docs/checking.md's rules for `kg discrepancies` had none for "qualifier differs" or
    "different account", kinds the detector emits and the pages show."""
    from kg.analysis.discrepancies import KINDS
    text = (ROOT / "docs" / "checking.md").read_text(encoding="utf-8")
    rules = set(re.findall(r"^- \*\*([a-z ]+)\*\*", text, flags=re.M))
    assert {kind.replace("-", " ") for kind in KINDS} <= rules, rules


def test_the_docs_transcripts_of_kg_serve_and_kg_push_give_the_triples_they_send(tmp_path_factory):
    """docs/publishing.md's `kg serve` and `kg push` transcripts are not run (they need a server); they said
    14617 triples (2093996 bytes) when both sent 15416 (2212835). What both send is the release's store
    dumped as N-Triples (kg.query.remote.push); the transcripts give its count and size."""
    import pyoxigraph as ox

    from kg.query.store import open_store
    from serving import built_project

    project = built_project(tmp_path_factory)
    data = open_store(project, in_memory=True).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    triples, doc = data.count(b"\n"), (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    assert f"serving {triples} triples from" in doc
    assert f"PUT {triples} triples ({len(data)} bytes) to" in doc
