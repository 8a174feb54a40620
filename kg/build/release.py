"""The engine's release: the files `kg build` writes to dist/, and their manifest.

Base (asserted), inferred and full graphs, each as N-Triples, Turtle and JSON-LD, and the analysis
(dist/checks.ttl, dist/discrepancies.ttl), prepared in child processes while the build goes on and moved
into dist/ only when the build succeeds. N-Triples are byte for byte what the reference writes (sorted
lines, blank nodes labelled by kg.core.serialize's rule); Turtle and JSON-LD are written by Oxigraph (the
same triples, laid out by Oxigraph). Every file of the engine's release is written here (the reference's
build, kg.reference.build, writes its own).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.analysis.files import analysis
from kg.core.dist import CHUNK, commit, new_folder, sha256_of
from kg.core.errors import KGError, describe_exception
from kg.core.children import die_with, fork, may_fork, stop
from kg.sources.cache import made_by
from kg.sources.project import Project
from kg.core.terms import parse_term, rdflib_term
from kg.core.triples import StringTriples, TripleIndex
from kg.core.namespaces import PREFIX_IRIS
from kg.core.serialize import labels_by_description


def _n3(text: str) -> str:
    """rdflib's n3() of the term with this N-Triples string: the same, but for escapes (rdflib writes
    a literal with a line break in triple quotes)."""
    return text if "\\" not in text else rdflib_term(parse_term(text)).n3()


def blank_node_labels(triples, holding: set | None = None) -> tuple[dict, set]:
    """kg.core.serialize.stable_blank_node_labels over string triples: (`_:old` -> `_:new`, the triples that
    hold a blank node, found here unless given)."""
    if holding is None:
        holding = {t for t in triples if t[0][0] == "_" or t[2][0] == "_"}
    described, pointing, links = {}, {}, {}
    for s, p, o in holding:
        if s[0] == "_":
            described.setdefault(s, []).append(f"{p} {'_' if o[0] == '_' else _n3(o)}")
        if o[0] == "_":
            pointing.setdefault(o, []).append(f"{'_' if s[0] == '_' else s} {p}")
            if s[0] == "_":
                links.setdefault(s, []).append((f"{p} _", o))
                links.setdefault(o, []).append((f"_ {p}", s))
    descriptions = {node: (described.get(node, []), pointing.get(node, [])) for node in described.keys() | pointing.keys()}
    return {node: f"_:{label}" for node, label in labels_by_description(descriptions, links).items()}, holding


def _lines(triples: set, labels: dict, holding: set) -> list:
    """The sorted N-Triples lines of `triples`, each without its final " ." (which sorts them alike: no term
    is the start of another followed by a space), blank nodes relabelled (`holding`: the triples with one)."""
    get = labels.get
    lines = list(map(" ".join, triples - holding if holding else triples))
    lines += [f"{get(s, s)} {p} {get(o, o)}" for s, p, o in (triples & holding if holding else ())]
    lines.sort()
    return lines


def _write_lines(path: Path, lines: list) -> dict:
    """Write lines from _lines as an N-Triples file (as kg.core.serialize.serialize writes one), a chunk at a time;
    return the file's manifest entry."""
    digest, size = hashlib.sha256(), 0
    with open(path, "wb") as out:
        for data in _encoded(lines):
            out.write(data)
            digest.update(data)
            size += len(data)
        if not lines:  # an empty graph is one empty line
            out.write(b"\n")
            digest.update(b"\n")
            size = 1
    return {"triples": len(lines), "bytes": size, "sha256": digest.hexdigest()}


def _encoded(lines: list):
    """Lines from _lines as N-Triples bytes, 100,000 lines at a time (each chunk whole lines)."""
    for start in range(0, len(lines), 100_000):
        yield (" .\n".join(lines[start:start + 100_000]) + " .\n").encode("utf-8")


def _parsed(lines: list):
    """The triples of lines from _lines, parsed by Oxigraph from memory a chunk at a time (N-Triples:
    each line stands alone, so each chunk can be parsed apart), leniently as _our_ntriples reads them."""
    return itertools.chain.from_iterable(ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                                         for data in _encoded(lines))


def _our_ntriples(path: Path):
    """The triples of an N-Triples file _write_lines wrote, read without checking what was checked when its
    terms were parsed (lenient: a third faster)."""
    return ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES, lenient=True)


def _entry(path: Path, triples: int | None) -> dict:
    """A written file's manifest entry (read back a chunk at a time: the file may be hundreds of MB)."""
    return {"triples": triples, "bytes": path.stat().st_size, "sha256": sha256_of(path)}


def _copy(read, out, end: int | None = None) -> None:
    """Copy from `read` to `out`, up to position `end` of `read` if given."""
    while (chunk := read.read(CHUNK if end is None else min(CHUNK, end - read.tell()))):
        out.write(chunk)


def _turtle_union(first: Path, second: Path, target: Path) -> None:
    """Two Turtle documents as Oxigraph writes them (the same @prefix lines first, one a line), as one:
    the first, then the second without its @prefix lines. A subject in both has two blocks: Turtle
    reads them as one description."""
    with open(target, "wb") as out, open(first, "rb") as one, open(second, "rb") as two:
        _copy(one, out)
        if first.stat().st_size:  # else the second, prefixes and all
            while (line := two.readline()).startswith(b"@prefix "):
                pass
            out.write(line)
        _copy(two, out)


def _jsonld_union(first: Path, second: Path, target: Path) -> None:
    """Two JSON-LD documents as Oxigraph writes them (an array of node objects) as one array: a node
    described in both is two node objects with the same @id, which JSON-LD merges."""
    bodies = [(path, span) for path in (first, second) if (span := _array_body(path)) is not None]
    with open(target, "wb") as out:
        out.write(b"[")
        for number, (path, (start, end)) in enumerate(bodies):
            out.write(b"," if number else b"")
            with open(path, "rb") as read:
                read.seek(start)
                _copy(read, out, end)
        out.write(b"]")


def _array_body(path: Path) -> tuple | None:
    """(start, end) of what is between the brackets of the JSON array in a file, None if nothing is."""
    size = path.stat().st_size
    with open(path, "rb") as read:
        head = read.read(64)
        read.seek(max(0, size - 64))
        tail = read.read()
    if not head.startswith(b"[") or not tail.rstrip().endswith(b"]"):
        raise KGError(f"{path}: not a JSON-LD array as Oxigraph writes one")
    end = size - (len(tail) - len(tail.rstrip())) - 1  # the closing bracket
    return (1, end) if end > 64 or head[1:end].strip() else None


def graph_labels(base: set, inferred: set) -> tuple[dict, set]:
    """The blank node labels of both graphs (blank_node_labels over the full graph: a node's label is
    what it says in either), and the triples that hold a blank node."""
    return blank_node_labels(itertools.chain(base, inferred))


def one_graph_files(name: str, triples: set, labels: dict, holding: set, directory: Path) -> dict:
    """Write one graph as N-Triples byte for byte as kg.core.serialize.serialize writes them (the same sorted
    lines, the same stable blank node labels: graph_labels), then as Turtle and JSON-LD by Oxigraph (the
    same triples, laid out by Oxigraph) streamed from the N-Triples file (faster than parsing once into a
    list, and 0.4 GB less at 1 M); return their manifest entries. Files are written a chunk at a time,
    never held whole in memory."""
    nt = directory / f"{name}.nt"
    entries = {nt.name: _write_lines(nt, _lines(triples, labels, holding))}
    for extension, fmt in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)):
        path = directory / f"{name}.{extension}"
        ox.serialize(_our_ntriples(nt), output=str(path), format=fmt, prefixes=PREFIX_IRIS)
        entries[path.name] = _entry(path, entries[nt.name]["triples"])
    return entries


def full_graph_files(directory: Path) -> dict:
    """The full graph's files from the base's and the inferred graph's in `directory` (one_graph_files):
    its N-Triples the two files' lines merged, its Turtle and JSON-LD the base's followed by the inferred
    triples'. Return their manifest entries. The Turtle and JSON-LD are copied and hashed in a thread
    while this one merges the lines: copying and hashing let go of Python's lock, so the two share the
    cores (at 1 M: 1.8 s where one after the other took 2.7)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        unions = pool.submit(_unions, directory)
        entries = {"oioo-full.nt": _merge_lines(directory / "oioo-base.nt", directory / "oioo-inferred.nt",
                                                directory / "oioo-full.nt")}
        for name, entry in unions.result().items():
            entries[name] = {**entry, "triples": entries["oioo-full.nt"]["triples"]}
    return entries


def _unions(directory: Path) -> dict:
    """The full graph's Turtle and JSON-LD (full_graph_files), with their manifest entries but the count."""
    entries = {}
    for extension, union in (("ttl", _turtle_union), ("jsonld", _jsonld_union)):
        full = directory / f"oioo-full.{extension}"
        union(directory / f"oioo-base.{extension}", directory / f"oioo-inferred.{extension}", full)
        entries[full.name] = _entry(full, None)
    return entries


def _merge_lines(first: Path, second: Path, target: Path) -> dict:
    """Two N-Triples files written by _write_lines as one, their lines in order: what sorting the lines of
    both again would write (lines sort alike with and without their " .", see _lines, and UTF-8 bytes in
    the order of the characters). Return its manifest entry."""
    digest, size, count = hashlib.sha256(), 0, 0
    with open(first, "rb") as one, open(second, "rb") as two, open(target, "wb") as out:
        lines = (line for line in heapq.merge(one, two) if line != b"\n")  # an empty graph's file is one empty line
        while batch := list(itertools.islice(lines, 100_000)):
            data = b"".join(batch)
            out.write(data)
            digest.update(data)
            size, count = size + len(data), count + len(batch)
        if not count:
            out.write(b"\n")
            digest.update(b"\n")
            size = 1
    return {"triples": count, "bytes": size, "sha256": digest.hexdigest()}


def analysis_files(index: TripleIndex, directory: Path) -> dict:
    """Write the analysis files of the reference build (kg check, kg discrepancies) into `directory`, from
    the asserted triples in `index`: the same triples and blank node labels as kg.core.serialize.write_graph,
    laid out by Oxigraph (rdflib's Turtle writer takes 20 s on the analysis of a million triples). Oxigraph
    reads each graph's sorted N-Triples lines from memory a chunk at a time, never the whole as text (at a
    million triples the discrepancies are 1.2 M triples): no file is written and read back (0.4 s less at
    a million, measured)."""
    entries = {}
    graphs = analysis(index, StringTriples)
    for name in sorted(graphs):
        graph = graphs.pop(name)
        labels, holding = blank_node_labels(graph, graph.holding)
        lines, size = _lines(graph, labels, holding), len(graph)
        del graph, labels, holding
        target = directory / name
        ox.serialize(_parsed(lines), output=str(target), format=ox.RdfFormat.TURTLE, prefixes=PREFIX_IRIS)
        del lines
        entries[name] = _entry(target, size)
    return entries


class Release:
    """The release, prepared in child processes while this one reasons and validates, and moved into
    dist/ only if the build succeeds: nothing is written to dist/ for invalid data. The analysis
    (kg check, kg discrepancies) starts as soon as the sources are read, the graphs once the data is
    known valid: with reasoning and validation here, the jobs keep both cores busy, and the graphs' peak
    of memory never meets validation's store (at a million triples: 2.1 GB for the three at most, not 2.9).

    The children are plain os.fork()s, taken where kg.core.children.may_fork allows; otherwise each
    job runs here, at commit(), as the reference build does."""

    def __init__(self, project: Project):
        self.project, self.jobs, self.pids = project, {}, {}
        self.said = {}  # job -> the read end of a pipe its child writes its error to
        self.entries = {}  # job -> its manifest entries, once done
        self.made_dist = not project.dist_dir.exists()
        self.directory = new_folder(project.dist_dir)

    def start(self, job: str, write, here: bool = False) -> None:
        """Run `write(directory)` (which returns manifest entries) in a child process, or at commit()
        (`here`: at commit() always, after the jobs started before it: one that reads their files)."""
        self.jobs[job] = write
        if here or not may_fork():
            return
        parent = os.getpid()
        reading, writing = os.pipe()  # (a pipe: a full disk cannot refuse the error that says so)
        pid = fork()
        if pid == 0:  # the child: prepare, then leave without running the parent's exit handlers
            code = 1
            try:
                os.close(reading)
                die_with(parent)
                self._prepare(job)
                code = 0
            except BaseException as error:  # what went wrong, for the parent to say (it saw a status only)
                os.write(writing, describe_exception(error).encode("utf-8", "replace")[:4096])
            finally:
                os._exit(code)
        os.close(writing)
        os.set_blocking(reading, False)  # (children forked later hold its write end too)
        self.pids[job], self.said[job] = pid, reading

    def _summary(self, job: str) -> Path:
        return self.directory / f"summary-{job}.json"

    def _prepare(self, job: str) -> None:
        self._summary(job).write_text(json.dumps(self.jobs[job](self.directory)), encoding="utf-8")

    def wait(self, job: str) -> None:
        """Wait for a job's child (or do the job here), now: the memory it held is free again."""
        if job in self.entries:
            return
        pid = self.pids.pop(job, None)
        if pid is None:
            try:
                self._prepare(job)
            except OSError as error:  # (a full disk said only "kg: No space left on device", for the job run here)
                raise KGError(f"preparing the release ({job}) in {self.project.dist_dir} failed: "
                              f"{describe_exception(error)}") from None
        else:
            _, status = os.waitpid(pid, 0)
            if status != 0 or not self._summary(job).is_file():
                raise KGError(f"preparing the release ({job}) in {self.project.dist_dir} failed: "
                              f"{self._error_of(job) or f'in a child process (status {status})'}")
        self.entries[job] = json.loads(self._summary(job).read_text(encoding="utf-8"))
        self._summary(job).unlink()

    def commit(self, sources: dict) -> list:
        """Wait for the files (or make them), job by job in the order started, then switch dist/ to the
        release in one step (kg.core.dist) (`sources`: source file name -> the SHA-256 of the bytes the release
        was built from)."""
        try:
            entries = {}
            for job in self.jobs:
                self.wait(job)
                entries.update(self.entries[job])
            return commit(self.project.dist_dir, self.directory,
                          {"sources": sources, "files": entries, "made_by": made_by("oxigraph")})
        finally:
            self.abandon()

    def _error_of(self, job: str) -> str:
        """What the child preparing `job` said went wrong, "" if nothing."""
        try:
            return os.read(self.said[job], 4096).decode("utf-8", "replace")
        except BlockingIOError:
            return ""

    def abandon(self) -> None:
        """Stop the children and remove what they wrote (called again after commit: once more does nothing)."""
        for pid in self.pids.values():
            stop(pid)
        self.pids.clear()
        for reading in self.said.values():
            os.close(reading)
        self.said.clear()
        shutil.rmtree(self.directory, ignore_errors=True)
        if self.made_dist and self.project.dist_dir.is_dir() and not any(self.project.dist_dir.iterdir()):
            self.project.dist_dir.rmdir()  # a failed first build leaves no dist/ behind
