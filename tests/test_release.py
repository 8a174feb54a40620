"""The release files the engine writes (kg.build.release): every graph in every syntax holds its triples,
whatever is empty."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.build.release import full_graph_files, graph_labels, one_graph_files
from kg.core.terms import text_string

BASE = {("<https://w3id.org/oioo/id/a>", "<http://www.w3.org/2000/01/rdf-schema#label>", '"a"@en'),
        ("_:b1", "<https://w3id.org/oioo/ontology#p>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("<https://w3id.org/oioo/id/a>", "<https://w3id.org/oioo/ontology#q>", "_:b1")}
INFERRED = {("<https://w3id.org/oioo/id/a>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
             "<https://w3id.org/oioo/ontology#Thing>"),
            ("_:b1", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/oioo/ontology#Node>")}


def graph_files(base: set, inferred: set, directory: Path) -> dict:
    """The base, inferred and full graphs' files, one after the other, as kg.build.pipeline has its children write
    them; their manifest entries."""
    labels, holding = graph_labels(base, inferred)
    entries = one_graph_files("oioo-base", base, labels, holding, directory)
    entries |= one_graph_files("oioo-inferred", inferred, labels, holding, directory)
    return entries | full_graph_files(directory)


@pytest.mark.parametrize("base, inferred", [(BASE, INFERRED), (BASE, set()), (set(), INFERRED), (set(), set())],
                         ids=["both", "nothing inferred", "nothing asserted", "empty"])
def test_every_graph_in_every_syntax_holds_its_triples(base, inferred, tmp_path):
    entries = graph_files(base, inferred, tmp_path)
    for name, size in (("oioo-base", len(base)), ("oioo-inferred", len(inferred)), ("oioo-full", len(base | inferred))):
        read = {fmt: Graph().parse(tmp_path / f"{name}.{extension}", format=fmt)
                for extension, fmt in (("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld"))}
        assert {len(graph) for graph in read.values()} == {size}, name
        assert entries[f"{name}.jsonld"]["triples"] == size
        json.loads((tmp_path / f"{name}.jsonld").read_text())


TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.sets(st.tuples(TEXTS, st.sampled_from([None, "en"])), max_size=12),
       st.sets(st.tuples(TEXTS, st.sampled_from([None, "en"])), max_size=12))
def test_the_full_graphs_n_triples_are_the_lines_of_base_and_inferred_in_sorted_order(base_texts, inferred_texts):
    """oioo-full.nt is merged from the two files written before it: its lines must be those sorting all
    of them gives, whatever the literals (one the start of another, a language tag, any character)."""
    def triples(texts, predicate):
        return {("<https://w3id.org/oioo/id/a>", f"<https://w3id.org/oioo/ontology#{predicate}>", text_string(text, lang))
                for text, lang in texts}
    base, inferred = triples(base_texts, "p"), triples(inferred_texts, "q")
    with tempfile.TemporaryDirectory() as directory:
        entries = graph_files(base, inferred, Path(directory))
        full = (Path(directory) / "oioo-full.nt").read_bytes()
    lines = sorted(" ".join(triple) for triple in base | inferred)
    assert full == ("".join(f"{line} .\n" for line in lines) or "\n").encode("utf-8")
    assert entries["oioo-full.nt"] == {"triples": len(lines), "bytes": len(full),
                                       "sha256": hashlib.sha256(full).hexdigest()}


def test_a_chain_of_like_blank_nodes_gets_the_same_labels_from_both_engines_whatever_the_order():
    """Found by a hostile read: nodes that say the same (a chain of blank nodes, each pointing to the
    next) were numbered in the order met, which differs between the engines: oioo-base.nt differed from
    the reference's. They are now told apart by their neighbours (kg.core.serialize.labels_by_description)."""
    from rdflib import BNode as B

    from kg.core.serialize import relabel, serialize, stable_blank_node_labels

    see = "<http://www.w3.org/2000/01/rdf-schema#seeAlso>"
    chain = [("<https://w3id.org/oioo/id/a>", see, "_:n0")] + [(f"_:n{i}", see, f"_:n{i + 1}") for i in range(30)]
    written = []
    for order in (chain, chain[::-1], chain[1::2] + chain[::2]):
        with tempfile.TemporaryDirectory() as directory:
            graph_files(set(order), set(), Path(directory))
            written.append((Path(directory) / "oioo-base.nt").read_bytes())
        graph = Graph()
        for s, p, o in order:
            graph.add(tuple(B(t[2:]) if t.startswith("_:") else URIRef(t[1:-1]) for t in (s, p, o)))
        written.append(serialize(relabel(graph, stable_blank_node_labels(graph)), "nt"))
    assert len(set(written)) == 1, [w.decode()[:300] for w in written]
    assert b"x1" not in written[0]  # every node of the chain told apart, none numbered


@pytest.mark.parametrize("shape", ["a cycle", "twins"])
def test_blank_nodes_that_are_each_others_mirror_image_get_the_same_bytes_in_any_order(shape):
    """Found by a hostile read: in a cycle of blank nodes every node says the same, and numbering them
    in the order met wrote the cycle's edges one way round or the other (two builds, two files). One is
    now marked and the others told apart from it. The triples are met here in several orders."""
    from kg.build.release import blank_node_labels

    see = "<http://www.w3.org/2000/01/rdf-schema#seeAlso>"
    if shape == "a cycle":
        triples = [(f"_:n{i}", see, f"_:n{(i + 1) % 5}") for i in range(5)]
    else:
        triples = [(f"_:n{i}", see, '"same"') for i in range(4)]
    written = set()
    for turn in range(10):
        order = triples[turn % len(triples):] + triples[:turn % len(triples)]
        order = order if turn % 2 else order[::-1]
        labels, _ = blank_node_labels(order, order)
        written.add(tuple(sorted(f"{labels.get(s, s)} {p} {labels.get(o, o)}" for s, p, o in order)))
    assert len(written) == 1, written


def test_the_reference_writes_a_literal_with_any_line_separator_on_one_line():
    """Found by a hostile read: the reference's N-Triples were cut at \\v, \\f, U+2028 and the like inside a
    literal (str.splitlines), a file no parser could read back."""
    from rdflib import Literal

    from kg.core.serialize import serialize

    graph = Graph()
    text = "a\vb\fc\x1cd\x85e\u2028f\u2029g"
    graph.add((URIRef("https://w3id.org/oioo/id/x"), URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal(text)))
    written = serialize(graph, "nt")
    assert written.count(b"\n") == 1
    assert [str(o) for o in Graph().parse(data=written.decode("utf-8"), format="nt").objects()] == [text]


def test_the_reference_keeps_an_rdf_lists_order_in_json_ld():
    """kg.core.serialize sorted every JSON-LD array, an "@list" too: a property chain whose links do not sort in
    order, (oo:post oo:inOrganisation), came out backwards in the reference's oioo-base.jsonld, another
    axiom than the ontology's (tests/test_engine_equals_reference.py found the engines' JSON-LD apart)."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    from kg.core.serialize import serialize

    graph, head = Graph(), BNode()
    members = [URIRef("https://w3id.org/oioo/ontology#post"), URIRef("https://w3id.org/oioo/ontology#inOrganisation")]
    Collection(graph, head, members)
    graph.add((URIRef("https://w3id.org/oioo/ontology#heldIn"), OWL.propertyChainAxiom, head))
    back = Graph().parse(data=serialize(graph, "json-ld").decode("utf-8"), format="json-ld")
    chain = back.value(URIRef("https://w3id.org/oioo/ontology#heldIn"), OWL.propertyChainAxiom)
    assert list(Collection(back, chain)) == members


def test_a_child_that_fails_writing_the_release_says_why_not_only_its_status(kg, small_project, monkeypatch):
    """On a full disk kg build said only "preparing the release (graphs) failed in a child process (status
    256)": the child's error (No space left on device, and the file) now reaches the message."""
    import errno

    from kg.build import pipeline as build, release

    def full(name, triples, labels, holding, directory):
        raise OSError(errno.ENOSPC, "No space left on device", str(directory / f"{name}.nt"))

    monkeypatch.setattr(build, "one_graph_files", full)
    monkeypatch.setattr(release, "may_fork", lambda: True)  # (in a child, as kg build prepares it)
    result = kg("build", "-q", project=small_project)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "preparing the release (oioo-base)" in result.stderr and "oioo-base.nt: No space left on device" in result.stderr
    assert not small_project.dist_dir.exists()


def test_turtle_writes_each_literal_in_the_form_it_holds():
    """rdflib's Turtle wrote the decimal "69" as 69.0 and the double "0.123456789" as 1.234568e-01 (rounded),
    so dist/checks.ttl said 69.0 of a computed value that N-Triples, Oxigraph and SPARQL answers hold as 69
    (and the saved queries' test compared numbers by value to agree). A literal is written bare only where
    the bare form is the form it holds; read back, each is the literal written."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from kg.core.serialize import serialize

    held = [Literal("69", datatype=XSD.decimal), Literal("1.5", datatype=XSD.decimal), Literal("7", datatype=XSD.integer),
            Literal("0.123456789", datatype=XSD.double), Literal("1E3", datatype=XSD.double),
            Literal("true", datatype=XSD.boolean), Literal("x"), Literal("x", lang="en")]
    graph = Graph()
    for n, literal in enumerate(held):
        graph.add((URIRef("urn:s"), URIRef(f"urn:p{n}"), literal))
    text = serialize(graph, "turtle").decode("utf-8")
    assert '"69"^^xsd:decimal' in text and " 1.5 ;" in text and " 7 ;" in text and '"0.123456789"^^xsd:double' in text
    read = Graph().parse(data=text, format="turtle")
    assert sorted(map(str, read.objects())) == sorted(map(str, held))
    assert {(str(o), o.datatype, o.language) for o in read.objects()} == {(str(o), o.datatype, o.language) for o in held}


def test_a_job_run_in_the_build_that_fails_writing_says_which_and_where(kg, small_project, monkeypatch):
    """The full graph, made in the build's own process from the two graphs' files, said only "kg: No space
    left on device" on a full disk (a write names no file): now which part of the release, and where."""
    import errno

    from kg.build import release

    def full(first, second, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(release, "_merge_lines", full)
    result = kg("build", "-q", project=small_project)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip() == (f"kg: preparing the release (oioo-full) in {small_project.dist_dir} failed: "
                                     "No space left on device")
    assert not small_project.dist_dir.exists()


def test_the_reference_json_ld_holds_every_value_of_its_n_triples_with_its_datatype():
    """rdflib wrote numbers and booleans as JSON's whenever its context was active: a false or a 0 beside
    another value of the property was lost (which one, by hash order: the bytes changed from run to run), the
    double "0.5" read back as 5.0E-1 and the double "1000" as an integer (a hostile read found it)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from kg.core.serialize import serialize

    graph = Graph()
    for n, values in enumerate([[0, 5, False, True], [False, True], [0, 1], ["", "x"]]):
        for value in values:
            graph.add((URIRef(f"urn:kg:s{n}"), URIRef("urn:kg:p"), Literal(value)))
    for lexical in ("0.5", "1000"):
        graph.add((URIRef("urn:kg:d"), URIRef("urn:kg:p"), Literal(lexical, datatype=XSD.double)))
    read = lambda data, fmt: sorted(str(t) for t in ox.parse(data, format=fmt))  # noqa: E731
    assert read(serialize(graph, "json-ld"), ox.RdfFormat.JSON_LD) == read(serialize(graph, "nt"), ox.RdfFormat.N_TRIPLES)


def test_the_reference_n_triples_escape_what_oxigraph_escapes_in_a_literal():
    """A literal holding U+FFFE or U+FFFF: Oxigraph escapes them, rdflib wrote them raw, so the engines'
    N-Triples releases differed (a hostile read found it)."""
    from rdflib import Literal

    from kg.core.serialize import serialize
    from kg.core.terms import term_string

    graph = Graph()
    for n, text in enumerate(["a\ufffeb", "\uffff", "tab\tx\x7f"]):
        graph.add((URIRef(f"urn:kg:s{n}"), URIRef("urn:kg:p"), Literal(text)))
    assert serialize(graph, "nt").decode("utf-8") == "".join(sorted(
        f"<{s}> <{p}> {term_string(o)} .\n" for s, p, o in graph))


def test_the_reference_writes_a_long_chain_of_blank_nodes_in_every_format():
    """A chain of 400 blank nodes (one triple a line in the data, no brackets) is valid RDF the engine released;
    rdflib's Turtle and JSON-LD writers recursed a level a node and stopped the reference's release with "the
    input nests too deeply to read" (a hostile read found it). Each format reads back as the N-Triples."""
    from rdflib import BNode, Literal

    from kg.core.serialize import serialize

    graph, nodes = Graph(), [BNode(f"b{n}") for n in range(401)]
    graph.add((URIRef("urn:kg:x"), URIRef("urn:kg:next"), nodes[0]))
    for here, there in zip(nodes, nodes[1:]):
        graph.add((here, URIRef("urn:kg:next"), there))
    graph.add((nodes[-1], URIRef("urn:kg:note"), Literal("end")))
    expected = len(list(ox.parse(serialize(graph, "nt"), format=ox.RdfFormat.N_TRIPLES)))
    for fmt, read in (("turtle", ox.RdfFormat.TURTLE), ("json-ld", ox.RdfFormat.JSON_LD)):
        assert len(set(ox.parse(serialize(graph, fmt), format=read))) == expected == 402, fmt


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_the_manifest_says_which_kg_engine_and_libraries_made_the_release(kg, small_project, engine):
    """The manifest named the sources and the files only: an archivist citing a release could not say which kg
    (nor which engine: their Turtle and JSON-LD are laid out differently) made its bytes."""
    import owlrl
    import rdflib

    from kg.sources.cache import kg_version, package_digest

    result = kg("build", "-q", "--engine", engine, project=small_project)
    assert result.exit_code == 0, result.output
    manifest = json.loads((small_project.dist_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["made_by"] == {"kg": kg_version(), "kg_sha256": package_digest(), "engine": engine,
                                   "libraries": {"owlrl": owlrl.__version__, "pyoxigraph": ox.__version__,
                                                 "rdflib": rdflib.__version__}}
