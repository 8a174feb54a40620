"""What a change can affect: `kg validate --changed REV` and `kg validate FILE...` validate only that, and
give exactly the findings a full validation gives the nodes the change can affect.

A rule (a shape, a SPARQL constraint, a check) reads, from each focus node, the triples a few steps
away: forward along any property, and backward along the properties some rule follows backwards
(`sh:inversePath`, `sh:targetObjectsOf`, a SPARQL pattern that reaches `?x` only through `?x p ?y`).
`reach_of_rules` reads those properties and the longest such distance off the shapes and checks
themselves, so a new rule widens the reach by itself. A node's findings can change only if a node that a
changed file describes (or described at REV) is within that reach of it: those are the affected nodes
(the changed reports, the shared entities whose rules read them, the other reports' nodes that the
cross-report rules join to them). Everything within reach of an affected node is loaded, in whole files
(so that every node keeps all of its files), validated with the chosen engine, and the findings of the
affected nodes are kept: each of them saw every triple its rules can read, as in a full validation.

A node is an IRI with the blank nodes that hang from it (a figure with its evidence spans); the blank
nodes nothing points to are, with theirs, one node per file (their findings name that file). A change
reaches a node along the links of the data now or of the changed files at REV (a link a change removed
can still make a finding: an official who held a post and no longer does). A change to the ontology,
the shapes or the checks can affect anything: then everything is validated.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef, Variable
from rdflib.collection import Collection
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

from kg.core.errors import KGError, ParseError
from kg.sources.cache import Cache, remembered
from kg.sources.positions import BlankRef, parse_error
from kg.sources.project import Project, relative_name, resolved
from kg.core.terms import term_string
from kg.core.namespaces import SH
from kg.sparql.parsing import prepare_query, triple_patterns

MODEL = ("ontology/", "queries/checks/")  # a change here can affect every node


# ------------------------------------------------------------------ what the rules read

@dataclass(frozen=True)
class Reach:
    """How far from a focus node the project's rules read."""

    backward: frozenset  # properties some rule follows from object to subject (IRIs)
    depth: int  # the most steps between a focus node and a node a rule reads
    constants: frozenset = frozenset()  # IRIs rules name, whose descriptions every focus node may read
    everything: str = ""  # why some rule can read any node (then there is nothing to narrow)


def reach_of_rules(shapes: Graph, checks=(), cache: Cache | None = None) -> Reach:
    """The properties the shapes and checks follow backwards, and how far they read (what each SPARQL
    rule reads kept in `cache`, if given)."""
    walk = _Walk(shapes, cache)
    for shape in {s for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
                  for s in shapes.subjects(p, None)}:
        for predicate in shapes.objects(shape, SH.targetObjectsOf):
            walk.backward.add(predicate)
        for node in shapes.objects(shape, SH.targetNode):
            walk.constants.add(node)
        walk.depth = max(walk.depth, walk.node_shape(shape))
    for check in checks:
        walk.depth = max(walk.depth, walk.sparql(check.text, None, f"check {check.name}"))
    return Reach(frozenset(walk.backward), max(walk.depth, 1),
                 frozenset(c for c in walk.constants if isinstance(c, URIRef)), walk.everything)


class _Walk:
    """Reads the shapes graph and the SPARQL of the rules for `reach_of_rules`."""

    def __init__(self, shapes: Graph, cache: Cache | None = None):
        self.shapes = shapes
        self.cache = cache
        self.backward: set = set()
        self.constants: set = set()
        self.depth = 0
        self.everything = ""

    def node_shape(self, shape, seen=frozenset()) -> int:
        """Steps a shape reads from its focus node: its property paths, nested shapes and SPARQL."""
        g = self.shapes
        if shape in seen:
            return 0
        seen = seen | {shape}
        deepest = 1 if (shape, SH.lessThan, None) in g or (shape, SH.lessThanOrEquals, None) in g else 0
        path = g.value(shape, SH.path)
        steps = self._path(path) if path is not None else 0
        for nested in self._nested(shape):
            deepest = max(deepest, self.node_shape(nested, seen))
        for prop in g.objects(shape, SH.property):
            deepest = max(deepest, self.node_shape(prop, seen))
        for value in list(g.objects(shape, SH.hasValue)) + [i for c in g.objects(shape, SH["in"]) for i in Collection(g, c)]:
            self.constants.add(value)
        for constraint in g.objects(shape, SH.sparql):
            deepest = max(deepest, self.sparql(str(g.value(constraint, SH.select)), Variable("this"),
                                               f"SPARQL constraint of {shape}", self._prefixes(constraint)))
        return steps + deepest

    def _nested(self, shape) -> list:
        g = self.shapes
        found = [n for p in (SH.node, SH.qualifiedValueShape, SH["not"]) for n in g.objects(shape, p)]
        for p in (SH["and"], SH["or"], SH.xone):
            for members in g.objects(shape, p):
                found += list(Collection(g, members))
        return found

    def _path(self, path) -> int:
        g = self.shapes
        if isinstance(path, URIRef):
            return 1
        inverse = g.value(path, SH.inversePath)
        if inverse is not None:
            for predicate in self._predicates(inverse):
                self.backward.add(predicate)
            return self._path(inverse)
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            return max((self._path(p) for p in Collection(g, alternatives)), default=1)
        if g.value(path, RDF_FIRST) is not None:
            return sum(self._path(step) for step in Collection(g, path))
        self.everything = self.everything or f"the path {path} repeats (sh:zeroOrMorePath ...): it can reach any node"
        return 1

    def _predicates(self, path) -> list:
        if isinstance(path, URIRef):
            return [path]
        g = self.shapes
        inner = g.value(path, SH.inversePath) or g.value(path, SH.alternativePath)
        if g.value(path, RDF_FIRST) is not None:
            return [p for step in Collection(g, path) for p in self._predicates(step)]
        return self._predicates(inner) if inner is not None else []

    def _prefixes(self, constraint) -> dict:
        """The prefixes a constraint's sh:prefixes declare, given to the parser (the text is never edited)."""
        g = self.shapes
        return {str(g.value(d, SH.prefix)): str(g.value(d, SH.namespace))
                for source in g.objects(constraint, SH.prefixes) for d in g.objects(source, SH.declare)}

    def sparql(self, text: str, focus, what: str, prefixes: dict | None = None) -> int:
        """Steps a SPARQL rule reads from its focus variable (None: its first projected variable); the
        properties it follows backwards. `prefixes`: those it may use undeclared (a shape's sh:prefixes)."""
        depth, backward, constants, everything = query_reach(text, None if focus is None else str(focus), what,
                                                             self.cache, prefixes)
        self.backward.update(map(URIRef, backward))
        self.constants.update(map(URIRef, constants))
        self.everything = self.everything or everything
        return depth


_QUERY_REACH: dict = {}  # (query text, focus, what) -> query_reach, for this process


def query_reach(text: str, focus: str | None, what: str, cache: Cache | None = None,
                prefixes: dict | None = None) -> tuple:
    """What a SPARQL rule reads from its focus variable (None: its first projected variable): (the most
    steps, the properties it follows backwards, the IRIs it names, why it can read any node or ""), as
    IRI strings. Kept in `cache` (section "reach"): rdflib's parser takes a tenth of a second a query, and
    `kg validate --staged` runs on every commit."""
    declared = sorted((prefixes or {}).items())
    return remembered(_QUERY_REACH, (text, focus or "", what, repr(declared)), cache, "reach",
                      lambda: _read_by_query(text, focus, what, dict(declared)), 4)


def _read_by_query(text: str, focus: str | None, what: str, prefixes: dict) -> tuple:
    try:
        algebra = prepare_query(text, initNs=prefixes).algebra
    except Exception as error:  # noqa: BLE001 - a query rdflib cannot read: assume it reads anything
        return 1, (), (), f"{what} cannot be analysed ({error})"
    if focus is None:
        focus = next(iter(algebra.get("PV") or []), None)
    why: list = []
    edges = []  # (subject, {predicates}, object) with paths split into single steps
    for s, p, o in triple_patterns(algebra):
        _edges(s, p, o, edges, what, why)
    focus = None if focus is None else Variable(focus)
    nodes = {n for s, _, o in edges for n in (s, o) if _is_node(n)}
    if focus is None or focus not in nodes:
        return 0, (), (), "".join(why[:1])
    distance = {focus: 0}
    frontier = [focus]
    while frontier:
        following = []
        for here in frontier:
            for s, _, o in edges:
                for near, far in ((s, o), (o, s)):
                    if near == here and _is_node(far) and far not in distance:
                        distance[far] = distance[here] + 1
                        following.append(far)
        frontier = following
    if nodes - distance.keys():
        why.append(f"{what} joins nodes unconnected to its focus node")
    forward = {o for s, _, o in edges if _is_node(s) and _is_node(o) and distance.get(o) == distance.get(s, -9) + 1}
    constants = {str(s) for s, _, o in edges if not (_is_node(s) and _is_node(o)) and isinstance(s, URIRef)}
    backward = {str(p) for s, predicates, o in edges if _is_node(s) and _is_node(o)
                and distance.get(o, 0) < distance.get(s, 0) and s not in forward for p in predicates}
    return max(distance.values()), tuple(sorted(backward)), tuple(sorted(constants)), "".join(why[:1])


def _edges(s, p, o, edges: list, what: str, why: list) -> None:
    if isinstance(p, (URIRef, Variable)):
        edges.append((s, {p} if isinstance(p, URIRef) else set(), o))
    elif isinstance(p, InvPath):
        _edges(o, p.arg, s, edges, what, why)
    elif isinstance(p, SequencePath):
        here = s
        for index, step in enumerate(p.args):
            there = o if index == len(p.args) - 1 else Variable(f"step{id(p)}_{index}")
            _edges(here, step, there, edges, what, why)
            here = there
    elif isinstance(p, AlternativePath):
        for alternative in p.args:
            _edges(s, alternative, o, edges, what, why)
    elif isinstance(p, MulPath):  # p* over the schema (rdfs:subClassOf*): one step, as the data has no chains
        _edges(s, p.path, o, edges, what, why)
    elif isinstance(p, NegatedPath):
        why.append(f"{what} uses a negated property set")
        edges.append((s, set(), o))


RDF_FIRST = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")


def _is_node(term) -> bool:
    """A pattern term that stands for a node of the data: a variable or a blank node (not a constant)."""
    return isinstance(term, (Variable, BNode))


# ------------------------------------------------------------------ the data's nodes and links

@dataclass
class Index:
    """Every data file's nodes (IRIs, with their blank nodes) and links, in their N-Triples form. What a
    file holds is read once (Oxigraph's parser) and kept in the cache by its bytes: at 3,700 reports,
    parsing every file took 12 of the 16 s of `kg validate FILE`."""

    files: list = field(default_factory=list)  # project-relative names
    described: dict = field(default_factory=lambda: defaultdict(set))  # node -> indices of files describing it
    forward: dict = field(default_factory=lambda: defaultdict(set))  # node -> nodes its triples point to
    pointing: dict = field(default_factory=lambda: defaultdict(set))  # node -> nodes whose triples point to it
    ahead: dict = field(default_factory=lambda: defaultdict(set))  # along a backward-read property: s -> o
    behind: dict = field(default_factory=lambda: defaultdict(set))  # the same, o -> s
    errors: list = field(default_factory=list)  # ParseErrors of files that cannot be read

    def add_file(self, path: Path, name: str, backward: set, text: bytes | None = None,
                 cache: Cache | None = None) -> None:
        """Read a data file (or `text`, the file's content at another revision, read as if at `path`);
        `backward`: the N-Triples forms of the properties rules read backwards."""
        try:
            data = Path(path).read_bytes() if text is None else text
            described, links = file_links(data, Path(path).resolve().as_uri(), cache)
        except SyntaxError as error:
            self.files.append(name)
            self.errors.append(parse_error(path, error))
            return
        except (OSError, ValueError) as error:
            self.files.append(name)
            self.errors.append(ParseError(path, 0, None, f"cannot read: {error}"))
            return
        self.add_links(name, described, links, backward)

    def add_triples(self, name: str, triples, backward: set) -> None:
        """A data file already read (kg.sources.load's N-Triples string triples, in file order)."""
        self.add_links(name, *nodes_and_links(triples), backward)

    def add_links(self, name: str, described, links, backward: set) -> None:
        """A data file's nodes and links (file_links)."""
        index = len(self.files)
        self.files.append(name)
        roots = (ROOTS, name)  # the blank nodes nothing points to, in this file
        for node in described:
            self.described[node or roots].add(index)
        forward, pointing, ahead, behind = self.forward, self.pointing, self.ahead, self.behind
        for here, there, predicate in links:
            here, there = here or roots, there or roots
            forward[here].add(there)
            pointing[there].add(here)
            if predicate in backward:
                ahead[here].add(there)
                behind[there].add(here)

    def nodes_of(self, names: set) -> set:
        wanted = {i for i, name in enumerate(self.files) if name in names}
        return {n for n, files in self.described.items() if files & wanted}


def _spread(start: set, steps: int, *links: dict) -> set:
    """Every node within `steps` links of `start` (start included)."""
    seen, frontier = set(start), set(start)
    for _ in range(steps):
        frontier = {n for here in frontier for link in links for n in link.get(here, ())} - seen
        if not frontier:
            break
        seen |= frontier
    return seen


ROOTS = "blank nodes nothing points to"  # (ROOTS, file name): a file's root blank nodes, as one node


def file_links(data: bytes, base: str, cache: Cache | None = None) -> tuple:
    """A data file's nodes and links: (the nodes it describes, [(node, node, predicate)]), each node an
    IRI's N-Triples form with the blank nodes that hang from it, or "" for the file's blank nodes that
    nothing points to. Kept in `cache` by the file's bytes and base IRI. Raises SyntaxError."""
    key = cache.key(base, hashlib.sha256(data).hexdigest()) if cache is not None else None
    kept = cache.get("links", key) if cache is not None else None
    if isinstance(kept, tuple) and len(kept) == 2:
        return kept
    strings: dict = {}
    same = strings.setdefault  # one string object per term: the cache then writes each once (marshal's references)
    found = nodes_and_links((same(s, s), same(p, p), same(o, o)) for s, p, o in
                            ((str(t.subject), str(t.predicate), str(t.object)) for t in
                             ox.parse(input=data, format=ox.RdfFormat.TURTLE, base_iri=base, rename_blank_nodes=True)))
    if cache is not None:
        cache.put("links", key, found)
    return found


def nodes_and_links(triples) -> tuple:
    """file_links of one file's N-Triples string triples, in file order."""
    subjects, links, owner = set(), [], {}
    for s, p, o in triples:
        subjects.add(s)
        if o[0] != '"':  # (not a literal)
            links.append((s, p, o))
            if o[:2] == "_:" and o not in owner:
                owner[o] = s

    def node(term: str) -> str:
        seen = 0
        while term[:2] == "_:" and term in owner and seen < 64:
            term, seen = owner[term], seen + 1
        return "" if term[:2] == "_:" else term

    pairs = ((node(s), node(o), p) for s, p, o in links)
    return (sorted({node(s) for s in subjects}),
            sorted({(here, there, p) for here, there, p in pairs if here != there}))


def old_index(project: Project, old_texts: dict, backward: set, cache: Cache | None = None) -> Index:
    """The nodes and links the changed files had at an earlier revision (their texts from git); a text
    that cannot be parsed adds nothing."""
    old = Index()
    for name, text in sorted(old_texts.items()):
        old.add_file(project.root / name, name, backward, text.encode("utf-8"), cache)
    return old


# ------------------------------------------------------------------ the change

@dataclass(frozen=True)
class Selection(Project):
    """The project with only some of its data files (those a change can affect, and what they read)."""

    files: tuple = ()
    whole = False  # (its validation keeps the cache entries of the files it leaves out)

    @property
    def data_files(self) -> list[Path]:
        return list(self.files)


@dataclass
class Scope:
    """What a validation of a change covers."""

    changed: list  # project-relative names of the changed data files (deleted ones too)
    everything: str = ""  # why everything is validated ("" when narrowed)
    affected: set = field(default_factory=set)  # nodes whose findings are kept (N-Triples forms, Index)
    project: Project | None = None  # the project to validate (a Selection when narrowed)
    errors: list = field(default_factory=list)  # files that cannot be parsed

    def keeps(self, finding) -> bool:
        if self.everything or finding.severity == "Error":
            return True
        focus = finding.clue.focus if finding.clue is not None else None
        if isinstance(focus, BlankRef) and focus.root is None:  # a blank node nothing points to: its file's
            if finding.files:
                return any((ROOTS, name) in self.affected for name in finding.files)
            return any(isinstance(node, tuple) for node in self.affected)  # its file unknown: any such node
        if isinstance(focus, BlankRef):
            focus = focus.root
        if isinstance(focus, URIRef):
            return term_string(focus) in self.affected
        return bool(set(finding.files) & set(self.changed))

    def describe(self, project: Project) -> str:
        count = f"{len(self.changed)} changed data file(s)"
        if self.everything:
            return f"validating everything: {self.everything}"
        loaded = len(self.project.data_files) if self.project is not None else 0
        return (f"{count}: validating {loaded} of {len(project.data_files)} data files, "
                f"keeping the findings of the {len(self.affected)} node(s) the change can affect")


def scope_of_change(project: Project, names: list, old_texts: dict, reach: Reach, cache: Cache | None = None) -> Scope:
    """What validating the changed files `names` (project-relative) involves. `old_texts`: name -> the
    file's text before the change (from git), for the nodes a change removed or renamed. `cache`: where
    each file's nodes and links are kept (file_links)."""
    model = [n for n in names if n.startswith(MODEL)]
    data = sorted(n for n in names if _is_data(n))
    if model:
        return Scope(data, everything=f"{', '.join(model)} changed")
    if reach.everything:
        return Scope(data, everything=reach.everything)
    index = Index()
    backward = backward_read(reach)
    for path in project.data_files:
        index.add_file(path, relative_name(path, project.root), backward, cache=cache)
    if index.errors:
        return Scope(data, errors=index.errors)
    old = old_index(project, {n: t for n, t in old_texts.items() if n in data}, backward, cache)
    return scope_in(project, index, data, reach, old)


def backward_read(reach: Reach) -> set:
    """The N-Triples forms of the properties the rules read backwards (what an Index needs)."""
    return {term_string(p) for p in reach.backward}


def scope_in(project: Project, index: Index, data: list, reach: Reach, old: Index | None = None) -> Scope:
    """What validating the changed data files `data` involves, from an Index of every data file as it is now
    (and `old`, of the changed files before the change). Its Selection names the files to validate."""
    old = old if old is not None else Index()
    changed_nodes = index.nodes_of(set(data)) | set(old.described)
    # a node reads a changed node along the links of the data now, or along those the change removed
    affected = _spread(changed_nodes, reach.depth, index.pointing, index.ahead, old.pointing, old.ahead)
    constants = {term_string(c) for c in reach.constants}
    read = _spread(affected | constants, reach.depth, index.forward, index.behind)
    wanted = {index.files[i] for n in read for i in index.described.get(n, ())}
    wanted |= set(data) & set(index.files)  # a changed file that describes nothing (comments only) too
    files = tuple(project.root / name for name in sorted(wanted))
    return Scope(data, affected=affected, project=Selection(project.root, project.model, files))


def _is_data(name: str) -> bool:
    return name.startswith("data/") and name.endswith(".ttl") and name.count("/") == 1


# ------------------------------------------------------------------ git

def _git(root: Path, *args: str) -> str | None:
    try:
        run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return run.stdout if run.returncode == 0 else None


def repository_prefix(root: Path) -> str:
    """Where the project sits in its git repository ("" at the top, or outside git), for the file names
    CI systems resolve from the repository's root."""
    return (_git(root, "rev-parse", "--show-prefix") or "").strip()


def changed_since(project: Project, revision: str) -> list:
    """Project-relative names of the files changed since `revision`: committed, staged, unstaged, untracked."""
    root = project.root
    if not revision.strip():
        raise KGError("--changed needs a git revision (it was given an empty one)")
    if _git(root, "rev-parse", "--show-toplevel") is None:
        raise KGError(f"--changed needs a git repository: {root} is not in one")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") is None:
        raise KGError(f"--changed {revision}: no such revision in {root}")
    # -z: names as they are (git quotes a name with a letter beyond ASCII, a tab or a quote otherwise)
    listed = (_git(root, "diff", "--name-only", "-z", "--no-renames", "--relative", revision, "--") or "").split("\0")
    listed += (_git(root, "ls-files", "-z", "--others", "--exclude-standard") or "").split("\0")
    return sorted(set(name for name in listed if name))


def commit_base(project: Project) -> str | None:
    """HEAD, what a commit being made is measured against (as pre-commit runs a hook, with what is not
    staged put aside); None outside git or before the first commit."""
    found = _git(project.root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    return "HEAD" if found else None


def named_files(project: Project, files) -> list:
    """Project-relative names of files given on the command line (relative to the current directory):
    each must exist and be a data file (data/*.ttl) or the model's (ontology/*.ttl, queries/checks/*.rq):
    README.md was "validated" (nothing) and said Conforms."""
    names = []
    for given in files:
        path = Path(given)
        path = path if path.is_absolute() else Path.cwd() / path
        if not path.exists() and path.is_symlink():  # (a loop or a dangling link was "no such file")
            resolved(given)  # (a loop: said so)
            raise KGError(f"{given}: a symbolic link to {os.readlink(path)}, which does not exist")
        if not path.exists():  # (kg --project DIR validate data/x.ttl run from elsewhere: the project's, named)
            there = project.root / given
            meant = not Path(given).is_absolute() and there.is_file()
            raise KGError(f"{given}: no such file" + (f" in {Path.cwd()}, the current directory, which FILES are "
                                                      f"named from: give {there}" if meant else ""))
        try:
            name = path.resolve().relative_to(project.root.resolve()).as_posix()
        except ValueError:
            raise KGError(f"{given} is not in the project ({project.root})") from None
        if not (_is_data(name) or name.startswith(MODEL) and name.endswith((".ttl", ".rq"))):
            raise KGError(f"{given}: not validated: FILES are the project's data files (data/*.ttl), or its "
                          f"ontology/*.ttl and queries/checks/*.rq")
        names.append(name)
    return sorted(set(names))


def texts_before(project: Project, names: list, revision: str | None) -> dict:
    """name -> the file's text at `revision` (HEAD when none is given), for the changed data files git has."""
    revision = revision or "HEAD"
    if _git(project.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") is None:
        return {}
    texts = {}
    for name in names:
        if _is_data(name):
            text = _git(project.root, "show", f"{revision}:./{name}")
            if text is not None:
                texts[name] = text
    return texts

