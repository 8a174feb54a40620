"""Names for IRIs: what a person types where a parameter is asked for ("Chris Philp", "philp", "net
inflow", "oi:chris-philp") turned into the resource it names, in one place for the CLI (`kg query
--param`), the saved-query API and the web forms.

A value is read as an IRI when it is written as one (`oi:chris-philp`, `<https://...>`); it must then
name something the dataset describes. Otherwise it is a name, matched against the labels (rdfs:label,
skos:prefLabel, skos:altLabel, schema:name) and local names of the resources of the kinds the
parameter takes (a `person` parameter looks among people): an exact label first, then labels holding
every word typed as the start of a word ("philp" is in "Chris Philp"). One match is the answer;
several are an error that lists them; none is an error that says so and suggests the nearest names
(rapidfuzz). Never an empty result from a mistyped name.

The candidates of each kind are read once per graph and kept: a look-up is then a scan of a list in
memory (milliseconds for the people or indicators of a million-triple archive).
"""

from __future__ import annotations

import re
import threading
import unicodedata

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.core.errors import KGError, echoed
from kg.core.namespaces import OO, PREFIXES
from kg.core.terms import in_english
from kg.core.wording import filing_order
from kg.sparql.saved import SavedQuery, bounded, expand_iri

# The kinds of resource a parameter takes, by its name (what its pattern in the query expects).
# An unnamed group ("officials") is no person: a `person` parameter takes one only where the query matches it as a
# speaker (`linked`, below), and then says what it is.
PARAMETER_CLASSES = {
    "person": (OO.Person,),
    "speaker": (OO.Person, OO.UnnamedAgent, OO.Organisation),
    "report": (OO.Report,),
    "indicator": (OO.Indicator,),
    "figure": (OO.Figure,),
    "about": (OO.Agreement, OO.Event, OO.Person, OO.UnnamedAgent, OO.Organisation),
    "kind": (OO.DiscrepancyKind,),
}
ANY_KIND = (OO.Person, OO.UnnamedAgent, OO.Organisation, OO.Report, OO.Indicator, OO.Agreement, OO.Event)
KIND_WORDS = {OO.Person: "person", OO.UnnamedAgent: "unnamed speaker", OO.Organisation: "organisation",
              OO.Report: "report", OO.Indicator: "indicator", OO.Figure: "figure", OO.Agreement: "agreement",
              OO.Event: "event", OO.DiscrepancyKind: "discrepancy kind"}
MEMBERS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
SELECT ?member ?label ?class ?alternative WHERE {
  ?member a ?class .
  OPTIONAL {
    { ?member rdfs:label|skos:prefLabel|schema:name ?label }
    UNION { ?member skos:altLabel ?label BIND (true AS ?alternative) }
  }
}"""
LISTED = 10  # candidates named in an error message
IRI_LIKE = re.compile(r"^<|^https?://|^urn:|^(%s):" % "|".join(PREFIXES), re.I)  # then it must be an IRI


class UnknownName(KGError):
    """Nothing has that name (or that IRI): says so, with the nearest names (their prefixed names too for
    the CLI's curators; on a page, the names a reader types). HTTP 400, exit 2."""

    status = 400

    def __init__(self, message: str, nearest: list = ()):
        super().__init__(message + _nearest_words(nearest))
        self.plain = message + _nearest_words(nearest, plain=True)


class AmbiguousName(KGError):
    """Several resources have that name: lists them so the user can pick one. HTTP 400, exit 2."""

    status = 400

    def __init__(self, message: str, candidates: list, plain: str = ""):
        super().__init__(message)
        self.candidates, self.plain = candidates, plain


def normal(text: str) -> str:
    """Text folded for matching: lower case, accents and punctuation gone, words one space apart.

    >>> normal("Claire Hédon"), normal("ind-net-inflow"), normal("  'One in, one out'  ")
    ('claire hedon', 'ind net inflow', 'one in one out')
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return " ".join(re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", folded))


def local_name(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class Names:
    """Resolves names to IRIs over a graph: an rdflib Graph, a kg.query.store.GraphView, or a SPARQL
    endpoint (kg.query.remote.Endpoint: `in` and `members`)."""

    def __init__(self, graph):
        self.graph = graph
        self.lock = threading.Lock()
        self.kinds: dict = {}  # class -> [(IRI, label, {normal keys})]

    def candidates(self, classes: tuple) -> list:
        """(IRI, label, keys) of every resource of the classes, by label."""
        out, seen = [], set()
        for cls in classes:
            with self.lock:
                if cls not in self.kinds:
                    self.kinds[cls] = self._read(cls)
            for entry in self.kinds[cls]:
                if entry[0] not in seen:
                    seen.add(entry[0])
                    out.append(entry)
        return out

    def _read(self, cls) -> list:
        """Every member of `cls` with its labels, in one query (a look-up per member would take
        seconds for the figures of a million-triple archive)."""
        from kg.query.store import GraphView

        members = getattr(self.graph, "members", None)
        if members is not None:  # a SPARQL endpoint (kg.query.remote.Endpoint)
            rows = members(cls)
        elif isinstance(self.graph, GraphView):  # ask Oxigraph
            from kg.sparql.run import answer

            rows = answer(self.graph.store, MEMBERS, {"class": cls}).rows
        else:  # an rdflib Graph (the reference engine)
            rows = [list(row) for row in self.graph.query(MEMBERS, initBindings={"class": cls},
                                                          initNs={"rdfs": RDFS, "skos": SKOS, "schema": PREFIXES["schema"]})]
        labels: dict = {}  # node -> [(is an alternative name, label)]
        for node, label, _, alternative in rows:
            if isinstance(node, URIRef):
                labels.setdefault(node, [])
                if isinstance(label, Literal):
                    labels[node].append((alternative is not None, label))
        found = []
        for node, names in labels.items():
            english = [(alternative, str(o)) for alternative, o in names if o.language is None or in_english(o.language)]
            shown = english or [(alternative, str(o)) for alternative, o in names] or [(False, local_name(node))]
            # a resource is shown by its name, the shortest: "French Government", never its alias "Paris"
            label = min(shown, key=lambda entry: (entry[0], len(entry[1])))[1]
            name = local_name(node)
            keys = {normal(str(o)) for _, o in names} | {normal(name), normal(re.sub(r"^(ind|event)-", "", name))}
            found.append((node, label, keys - {""}))
        return sorted(found, key=lambda entry: (filing_order(entry[1]), str(entry[0])))

    def resolve(self, text: str, parameter: str = "", classes: tuple | None = None,
                linked: frozenset = frozenset()) -> URIRef:
        """The one resource `text` names, among `classes` (default: those the parameter takes), or else
        among any kind, if the query matches it as the object of a predicate in `linked` and the data has
        it so: a `person` parameter matched by `?statement oo:speaker ?_person_iri` takes the UK
        government, which speaks in the reports (oo:speaker's range is prov:Agent), where another query's
        `person` (`?holding oo:holder ?_person_iri`) does not."""
        classes = classes or PARAMETER_CLASSES.get(parameter, ANY_KIND)
        kind = " or ".join(dict.fromkeys(KIND_WORDS.get(c, local_name(c)) for c in classes))
        wanted = bounded(parameter or "value", text)
        if IRI_LIKE.match(wanted):
            iri = expand_iri(wanted, parameter or "value")
            if (iri, None, None) not in self.graph:
                raise UnknownName(f"no {kind} {echoed(wanted)} in this dataset", self._nearest(local_name(iri), classes))
            if (parameter in PARAMETER_CLASSES and not any((iri, RDF.type, c) in self.graph for c in classes)
                    and not self._linked(iri, linked)):
                # a person given for an indicator answered nothing, as if the indicator had no figures
                other = next((word for c, word in KIND_WORDS.items() if (iri, RDF.type, c) in self.graph), "")
                raise UnknownName(f"{parameter} takes {_a(kind)}: {echoed(wanted)} is {_a(other) if other else 'not one'}",
                                  self._nearest(local_name(iri), classes))
            return iri
        key = normal(wanted)
        if not key:  # (it said "give the name or IRI of an indicator for indicator")
            raise UnknownName(f"{parameter or 'the value'} {echoed(wanted, quoted=True)} holds no letter or digit to "
                              f"look up: give the name or IRI of {_a(kind)}")
        entries = self.candidates(classes)
        matching = _matching(entries, key)
        if not matching and linked:
            taken = {entry[0] for entry in entries}
            others = [e for e in self.candidates(ANY_KIND) if e[0] not in taken]
            matching = [e for e in _matching(others, key) if self._linked(e[0], linked)]
            # what they are, not what the parameter is called: "names 4 unnamed speakers", not "4 people"
            kind = " or ".join(dict.fromkeys(word for c, word in KIND_WORDS.items()
                                             for e in matching if (e[0], RDF.type, c) in self.graph)) or kind
        if len(matching) == 1:
            return matching[0][0]
        if matching:
            matching.sort(key=lambda e: (not normal(e[1]).startswith(key), e[1].casefold()))
            more = f" and {len(matching) - LISTED} more" if len(matching) > LISTED else ""
            # where they all have one name, only an IRI tells them apart
            how = "its IRI" if len({normal(e[1]) for e in matching}) == 1 else "its full name or its IRI"
            message = lambda plain: (  # noqa: E731
                f"{parameter or 'the value'} {echoed(wanted, quoted=True)} names {len(matching)} {_plural(kind)}: "
                f"{_listed(matching[:LISTED], plain)}{more}. Give one of them ({how})")
            raise AmbiguousName(message(False), [e[0] for e in matching], message(True))
        raise UnknownName(f"no {kind} is called {echoed(wanted, quoted=True)}", self._nearest(wanted, classes))

    def _linked(self, iri: URIRef, linked: frozenset) -> bool:
        """The data has `iri` as the object of one of the predicates."""
        return any((None, predicate, iri) in self.graph for predicate in sorted(linked))

    def _nearest(self, text: str, classes: tuple) -> list:
        """The (IRI, label, keys) of the five names nearest `text`, nearest first."""
        from rapidfuzz import fuzz, process

        entries = self.candidates(classes)
        choices = {i: max(e[2], key=len) for i, e in enumerate(entries) if e[2]}
        best = process.extract(normal(text), choices, scorer=fuzz.WRatio, limit=5, score_cutoff=50) if choices else []
        return [entries[i] for _, _, i in best]

    def bind(self, saved: SavedQuery, given: dict, told=lambda message: None) -> dict:
        """The query's bindings (kg.sparql.saved.SavedQuery.bindings) with names resolved to IRIs; `told` hears
        what a name was read as, when it is not the resource's name as written (person=government answered an
        empty table, and nothing said it had been read as the unnamed "government source")."""
        resolved = dict(given)
        for parameter in saved.parameters:
            if parameter.type == "iri" and parameter.name in given:
                text = str(given[parameter.name])
                iri = self.resolve(text, parameter.name, linked=saved.links[parameter.name])
                resolved[parameter.name] = f"<{iri}>"
                label = next((e[1] for entries in self.kinds.values() for e in entries if e[0] == iri), None)
                if label is not None and not IRI_LIKE.match(text.strip()) and normal(text) != normal(label):
                    told(f"{parameter.name} {echoed(text.strip(), quoted=True)} read as {label} ({_curie(iri)})")
            elif parameter.type == "string" and parameter.name in given and saved.links[parameter.name]:
                self._given(str(given[parameter.name]), parameter.name, saved.links[parameter.name])
        return saved.bindings(resolved)

    def _given(self, text: str, parameter: str, linked: frozenset) -> None:
        """A text the query matches as the object of `linked` predicates is one the data gives them: a
        verdict no check gives ("consistent", the word kg check's help used) answered no rows, as if no
        figure had that verdict. Refused, with the values the data has (where the graph can list them)."""
        wanted = bounded(parameter, text)
        if any((None, predicate, Literal(wanted)) in self.graph for predicate in sorted(linked)):
            return
        objects = getattr(self.graph, "objects", None)
        values = sorted({str(o) for predicate in sorted(linked) for o in objects(None, predicate)
                         if isinstance(o, Literal)}) if objects else []
        more = f" and {len(values) - LISTED} more" if len(values) > LISTED else ""
        raise UnknownName(f"{parameter} {echoed(wanted, quoted=True)} is no value this dataset gives it"
                          + (f": give one of {'; '.join(values[:LISTED])}{more}" if values else ""))


def _nearest_words(entries: list, plain: bool = False) -> str:
    """". Nearest names: ..." (_listed) after an unknown name; "" for none."""
    return f". Nearest names: {_listed(entries, plain)}" if entries else ""


def _listed(entries: list, plain: bool = False) -> str:
    """Resources named in a message: "different baseline (oo:DifferentBaseline)" for the CLI's curators;
    `plain`, for a page: the names a reader types ("different baseline"), the prefixed name only where two
    share a name (the one way to tell them apart)."""
    labels = [label for _, label, _ in entries]
    return "; ".join(label if plain and labels.count(label) == 1 else f"{label} ({_curie(iri)})"
                     for iri, label, _ in entries)


def _matching(entries: list, key: str) -> list:
    """The entries with `key` as a name, else those whose names hold every word of it."""
    exact = [e for e in entries if key in e[2]]
    words = key.split()
    return exact or [e for e in entries if any(_has_words(k, words) for k in e[2])]


def _has_words(key: str, words: list) -> bool:
    """Every word typed starts a word of `key` ("philp" in "chris philp", "net infl" in "net inflow")."""
    present = key.split()
    return all(any(p.startswith(w) for p in present) for w in words)


def _a(word: str) -> str:
    """The word with its article: 'an indicator', 'a person'."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _plural(kind: str) -> str:
    return " or ".join("people" if k == "person" else k + "s" for k in kind.split(" or "))


def _curie(iri: URIRef) -> str:
    from kg.sparql.output import short

    return short(iri)
