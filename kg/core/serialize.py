"""Deterministic files from rdflib graphs: the same triples always give the same bytes.

Sorted N-Triples, Turtle and JSON-LD with a local context (nothing fetched), blank nodes labelled by a
hash of what they say, and atomic writes (readers never see half a file). The reference build writes
its release with these; `kg check`, `kg discrepancies`, the pages and the drafts write their graphs
with them; the engine (kg.build.release) labels blank nodes by the same rule over string triples.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugin import register
from rdflib.plugins.serializers.jsonld import Context, Converter
from rdflib.plugins.serializers.turtle import _GEN_QNAME_FOR_DT, TurtleSerializer
from rdflib.serializer import Serializer

from kg.core.namespaces import PREFIX_IRIS, bind_prefixes


# Control characters in a literal as Oxigraph (canonical N-Triples) escapes them; rdflib escapes only
# line feed and carriage return (and writes a tab raw), so the engines' releases differed.
CONTROL_ESCAPES = {code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F) if code not in (0x0A, 0x0D)}
CONTROL_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0C: "\\f", 0xFFFE: "\\uFFFE", 0xFFFF: "\\uFFFF"})  # (the two
# noncharacters Oxigraph escapes too: kg.core.terms._ESCAPED)


class _AsWritten(TurtleSerializer):
    """rdflib's Turtle, each literal in the form it holds: rdflib writes a number or a boolean bare in its
    own form (the decimal "69" as 69.0, the double "1.5" as 1.5e+00, rounded to seven digits: "0.123456789"
    as 1.234568e-01), where N-Triples, Oxigraph and SPARQL answers keep "69" and "1.5". So dist/checks.ttl
    said 69.0 of a computed value the store answers as 69, and the reference's Turtle release differed from
    its N-Triples. A literal is written bare only where the bare form is the form it holds."""

    def label(self, node, position):
        written = super().label(node, position)
        if isinstance(node, Literal) and written[:1] != '"' and written != str(node):  # (bare, and not as held)
            return node._literal_n3(qname_callback=lambda datatype: self.get_pname(datatype, _GEN_QNAME_FOR_DT))
        return written


    def p_squared(self, node, position, newline=False):
        """A blank node written inside its referrer's brackets, but past NESTED levels by its label, on its own:
        rdflib's writer recursed a level a node, and a chain of 400 blank nodes (valid RDF, which the engine
        released) stopped the reference's release ("the input nests too deeply": a hostile read found it)."""
        return self.depth < NESTED and super().p_squared(node, position, newline)


NESTED = 64  # levels of [ ... ] in the reference's Turtle (rdflib's writer takes some five frames of Python's 1,000 a level)

register("kg-turtle", Serializer, __name__, "_AsWritten")


def serialize(graph: Graph, fmt: str) -> bytes:
    """Deterministic bytes: N-Triples sorted; JSON-LD with a local context (nothing fetched)."""
    if fmt == "nt":
        text = graph.serialize(format="nt").translate(CONTROL_ESCAPES)
        lines = sorted(set(text.split("\n")) - {""})  # not splitlines(): a literal may hold U+2028
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "json-ld":
        # rdflib's document made directly, not written by Python's JSON encoder and read back (a third of the
        # time); a lone surrogate written "?", as rdflib's serializer writes it.
        return _json_ld(_typed_document(graph))
    return graph.serialize(format="kg-turtle" if fmt == "turtle" else fmt).encode("utf-8")


def _typed_document(graph: Graph) -> dict:
    """rdflib's JSON-LD document of `graph` with a local context (its from_rdf), every literal with its datatype as
    the engine's JSON-LD writes it: rdflib writes numbers and booleans as JSON's whenever a context is active,
    and lost a value that was false or 0 beside another (which one, by hash order: the bytes changed from run to
    run), and read back the double "0.5" was one of 5.0E-1 and the double "1000" an integer; so was an empty
    string (rdflib keeps a property's first value only if it is true)."""
    context = Context(dict(PREFIX_IRIS), base=graph.base)
    document = _TypedConverter(context).convert(graph)
    document = {context.get_key("@graph"): document} if isinstance(document, list) else document
    document["@context"] = dict(PREFIX_IRIS)
    return document


class _TypedConverter(Converter):
    """rdflib's converter, with no native JSON value, the empty string as {"@value": ""}, and a blank node an
    object names described after its referrer, not inside its call: rdflib's recursed a level a node, and a
    chain of 400 blank nodes stopped the reference's release ("the input nests too deeply": a hostile read)."""

    def __init__(self, context: Context):
        super().__init__(context, False, False)
        self.use_native_types = False  # (its __init__ makes it true for an active context)
        self.pending: list = []

    def from_graph(self, graph):
        nodemap: dict = {}
        for s in set(graph.subjects()):  # (as rdflib's: IRIs, and the blank nodes nothing names)
            if isinstance(s, URIRef) or (isinstance(s, BNode) and not any(graph.subjects(None, s))):
                self.process_subject(graph, s, nodemap)
        while self.pending:
            self.process_subject(graph, self.pending.pop(), nodemap)
        return list(nodemap.values())

    def to_raw_value(self, graph, s, o, nodemap):
        if isinstance(o, BNode) and self.to_collection(graph, o) is None:
            self.pending.append(o)
            return {self.context.id_key: o.n3()}
        value = super().to_raw_value(graph, s, o, nodemap)
        return {self.context.value_key: value} if value == "" else value


def _json_ld(document) -> bytes:
    return (json.dumps(sorted_arrays(document), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8",
                                                                                                          "replace")


def sorted_arrays(node):
    """Sort JSON-LD arrays (node lists, multiple values): rdflib emits them in hash order, and there
    array order carries no meaning. An "@list" is an RDF list (the ontology's owl:propertyChainAxiom):
    its order is its meaning, so its members stay in order."""
    if isinstance(node, dict):
        return {key: [sorted_arrays(v) for v in value] if key == "@list" and isinstance(value, list)
                else sorted_arrays(value) for key, value in node.items()}
    if isinstance(node, list):
        return sorted((sorted_arrays(v) for v in node), key=lambda v: json.dumps(v, sort_keys=True))
    return node


def stable_blank_node_labels(graph: Graph) -> dict:
    """Label blank nodes by a hash of what they say and who points to them, so the same sources
    give byte-identical files (rdflib draws fresh random labels at every parse)."""
    nodes = {t for triple in graph for t in (triple[0], triple[2]) if isinstance(t, BNode)}
    descriptions, links = {}, {}
    for node in nodes:
        described = [(f"{p.n3()} {'_' if isinstance(o, BNode) else o.n3()}", o) for p, o in graph.predicate_objects(node)]
        pointing = [(f"{'_' if isinstance(s, BNode) else s.n3()} {p.n3()}", s) for s, p in graph.subject_predicates(node)]
        descriptions[node] = ([line for line, _ in described], [line for line, _ in pointing])
        links[node] = [(line, other) for line, other in described + pointing if isinstance(other, BNode)]
    return {node: BNode(label) for node, label in labels_by_description(descriptions, links).items()}


def labels_by_description(descriptions: dict, links: dict | None = None) -> dict:
    """node -> label, from node -> (its "predicate object" lines, the "subject predicate" lines
    pointing to it), other blank nodes written `_`; `links`: node -> [(one of those lines, the blank
    node it writes as `_`)].

    Nodes that say the same are told apart by what their blank neighbours say, round after round
    (colour refinement), so that, say, a chain of like nodes is labelled by place whatever order the
    nodes come in. Nodes still alike then (each the other's mirror image, as in a cycle) are told apart
    one at a time: one of them is marked and the rounds run again, so that the labels are the same
    whichever is marked first (a cycle's edges come out the same way round)."""
    digests = {node: _digest(sorted(described) + ["|"] + sorted(pointing))
               for node, (described, pointing) in descriptions.items()}
    marks = 0
    while alike := _refine(digests, links or {}):
        marked = min(alike, key=digests.__getitem__)
        marks += 1
        digests[marked] = _digest([digests[marked], f"marked {marks}"])
    labels, taken = {}, {}
    for node, digest in digests.items():
        taken[digest] = taken.get(digest, -1) + 1  # (only if two digests' first 64 bits were one)
        labels[node] = f"b{digest[:16]}" + (f"x{taken[digest]}" if taken[digest] else "")
    return labels


def _refine(digests: dict, links: dict) -> set:
    """Refine the digests of nodes that share one by their neighbours' digests until no class splits;
    return the nodes still sharing one."""
    alike = _alike(digests, digests)
    while alike and links:
        refined = {node: _digest([digests[node], *sorted(f"{line} {digests[other]}" for line, other in links.get(node, ()))])
                   for node in alike}
        if len(set(refined.values())) == len({digests[node] for node in alike}):
            break  # no class split: the refinement is stable
        digests.update(refined)
        alike = _alike(refined, digests)
    return alike


def _digest(lines: list) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _alike(nodes: dict, digests: dict) -> set:
    """The nodes among `nodes` whose digest another node shares."""
    counts: dict = {}
    for digest in digests.values():
        counts[digest] = counts.get(digest, 0) + 1
    return {node for node in nodes if counts[digests[node]] > 1}


def relabel(graph: Graph, labels: dict) -> Graph:
    """The graph with its blank nodes relabelled, and its prefixes (rdflib would otherwise name the
    ones it lacks ns1, ns2 ... in an order that changes from run to run)."""
    out = bind_prefixes(Graph())
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=False)
    for s, p, o in graph:
        out.add((labels.get(s, s), p, labels.get(o, o)))
    return out


def write_graph(path: Path, graph: Graph) -> bytes:
    """Write `graph` as deterministic Turtle (stable blank-node labels), atomically; returns the bytes."""
    data = serialize(relabel(graph, stable_blank_node_labels(graph)), "turtle")
    make_folders(Path(path).parent)
    write_atomically(path, data)
    return data


# What kg writes for others to read (a web server running as another user): files 0644, folders 0755, whatever
# the umask (under 077 the release, the site and the reports were 0600 in 0700 folders).
FILE_MODE, FOLDER_MODE = 0o644, 0o755


def make_folders(path: Path) -> None:
    """`path` and its missing parents, each folder made FOLDER_MODE whatever the umask. A file where a folder
    must be is NotADirectoryError naming it (mkdir named the folder it could not make, or said "File exists")."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        found = next(folder for folder in (path, *path.parents) if folder.exists())
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(found)) from None
    for folder in missing:
        folder.chmod(FOLDER_MODE)


def make_readable(root: Path) -> None:
    """Give the folder `root` and everything under it FOLDER_MODE and FILE_MODE, whatever the umask they were
    written under (and mkdtemp's owner-only folder)."""
    root.chmod(FOLDER_MODE)
    for folder, folders, files in os.walk(root):
        for name in folders:
            os.chmod(os.path.join(folder, name), FOLDER_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file, and a write that
    fails leaves what was at `path` as it was. The file gets FILE_MODE (0644), not the temporary file's 0600.
    What the system refused names `path` (it named the temporary file, or, for a full disk, no file)."""
    path = Path(path)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno is not None:
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise
