"""`kg extract --evaluate DIR`: score the extractor against the curated data for the reports in DIR.

Each text file in DIR is matched to its curated report by oo:sourceFileName. Rules (docs/extraction.md):

- A figure matches when value, unit and comparator are equal and an evidence span of the draft
  overlaps an evidence span of the curated figure. Figures with a number are scored apart from vague
  ones (oo:Vague, no value), which match on comparator and overlapping evidence alone.
- A direct quote matches when the speaker IRI is the same and one quote's text contains the other,
  after normalising quotation marks, apostrophes, dashes, white space and case and trimming
  punctuation at the ends (curators often keep a long quote whole, or cut it differently).
- Precision counts drafted items that match some curated item; recall counts curated items that
  some drafted item matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from kg.errors import KGError
from kg.extract.draft import Draft, draft, gazetteer_for, read_article
from kg.reference.load import load_sources
from kg.namespaces import OA, OO
from kg.graph.project import Project
from kg.graph.spans import sha256_of


@dataclass
class Item:
    report: str
    key: tuple
    spans: list
    text: str  # for the listing
    matched: bool = False


@dataclass
class Score:
    name: str
    gold: list = field(default_factory=list)
    found: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return sum(i.matched for i in self.found) / len(self.found) if self.found else 1.0

    @property
    def recall(self) -> float:
        return sum(i.matched for i in self.gold) / len(self.gold) if self.gold else 1.0


def normalise_quote(text: str) -> str:
    text = re.sub(r"[‘’'`´]+", "'", text)
    text = re.sub(r"[“”\"]+", '"', text)
    text = re.sub(r"[–—]", "-", text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.strip(" ,.;:!?'\"…")


def _overlap(a: list, b: list) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _spans(graph: Graph, node) -> list:
    return [(int(graph.value(e, OA.start)), int(graph.value(e, OA.end))) for e in graph.objects(node, OO.evidence)]


def _local(iri) -> str:
    return str(iri).split("/")[-1].split("#")[-1]


def evaluate(project: Project, directory: Path) -> tuple[list[Score], list[str]]:
    directory = Path(directory)
    if not directory.is_dir():
        raise KGError(f"{directory}: not a directory")
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise KGError(f"{directory}: no .txt reports to evaluate")
    curated = load_sources(project).data
    reports = {str(name): report for report, name in curated.subject_objects(OO.sourceFileName)}
    gazetteer = gazetteer_for(project)
    figures, vague, quotes = Score("figures"), Score("vague figures"), Score("quotes")
    notes = []
    for path in files:
        report = reports.get(path.name)
        if report is None:
            notes.append(f"{path.name}: no curated report with this oo:sourceFileName; skipped")
            continue
        result = draft(read_article(path), path.name, gazetteer, sha256_of(path))
        _score_report(curated, report, result, path.name, figures, vague, quotes)
    return [figures, vague, quotes], notes


def _score_report(curated: Graph, report, result: Draft, name: str, figures: Score, vague: Score,
                  quotes: Score) -> None:
    short = name.split("_")[0]
    for node in sorted(set(curated.subjects(OO.inReport, report))):
        unit = curated.value(node, OO.unit)
        if unit is not None:
            value = curated.value(node, OO.value)
            comparator = _local(curated.value(node, OO.comparator))
            item = Item(short, (None if value is None else Decimal(str(value)), _local(unit), comparator),
                        _spans(curated, node), f"{_local(node)}: {curated.value(node, OO.statedAs)}")
            (vague if comparator == "Vague" else figures).gold.append(item)
        if (node, RDF.type, OO.DirectQuote) in curated:
            for quote in curated.objects(node, OO.quote):
                quotes.gold.append(Item(short, (normalise_quote(str(quote)), _local(curated.value(node, OO.speaker))),
                                        _spans(curated, node), f"{_local(node)} ({_local(curated.value(node, OO.speaker))}): {quote}"))
    for figure in result.figures:
        m = figure.mention
        key = (None if m.value is None else Decimal(repr(float(m.value))), m.unit, m.comparator)
        item = Item(short, key, figure.spans, f"{_local(figure.iri)}: {m.stated_as} = {m.value} {m.unit} {m.comparator}")
        (vague if m.comparator == "Vague" else figures).found.append(item)
    for statement in result.quotes:
        words = result.text[statement.quote[0]:statement.quote[1]]
        quotes.found.append(Item(short, (normalise_quote(words), _local(statement.speaker.iri)),
                                 [(statement.start, statement.end)], f"({_local(statement.speaker.iri)}): {words}"))
    gold_f = [i for i in figures.gold + vague.gold if i.report == short]
    found_f = [i for i in figures.found + vague.found if i.report == short]
    for g in gold_f:
        for f in found_f:
            if _figure_match(g, f):
                g.matched = f.matched = True
    gold_q = [i for i in quotes.gold if i.report == short]
    for f in [i for i in quotes.found if i.report == short]:
        for g in gold_q:
            if f.key[1] == g.key[1] and f.key[0] and g.key[0] and (f.key[0] in g.key[0] or g.key[0] in f.key[0]):
                g.matched = f.matched = True


def _figure_match(gold: Item, found: Item) -> bool:
    if gold.key[2] != found.key[2] or not _overlap(gold.spans, found.spans):
        return False
    return gold.key[2] == "Vague" or (gold.key[0] == found.key[0] and gold.key[1] == found.key[1])


def render(scores: list[Score], notes: list[str], details: bool = True) -> str:
    reports = sorted({i.report for s in scores for i in s.gold + s.found})
    header = f"{'report':8} " + " ".join(f"{s.name + ' P':>17} {s.name + ' R':>17}" for s in scores)
    lines = [header, "-" * len(header)]

    def cell(score: Score, items_gold, items_found) -> str:
        tp_f = sum(i.matched for i in items_found)
        tp_g = sum(i.matched for i in items_gold)
        p = f"{tp_f}/{len(items_found)}" + (f" {tp_f / len(items_found):.2f}" if items_found else "  -  ")
        r = f"{tp_g}/{len(items_gold)}" + (f" {tp_g / len(items_gold):.2f}" if items_gold else "  -  ")
        return f"{p:>17} {r:>17}"

    for report in reports + ["all"]:
        row = [f"{report:8}"]
        for s in scores:
            gold = [i for i in s.gold if report in ("all", i.report)]
            found = [i for i in s.found if report in ("all", i.report)]
            row.append(cell(s, gold, found))
        lines.append(" ".join(row))
    if details:
        for s in scores:
            misses = [i for i in s.gold if not i.matched]
            false = [i for i in s.found if not i.matched]
            lines.append(f"\n{s.name}: {len(misses)} missed (in the curated data, not drafted)")
            lines += [f"  - [{i.report}] {i.text[:150]}" for i in misses]
            lines.append(f"{s.name}: {len(false)} false hits (drafted, not in the curated data)")
            lines += [f"  + [{i.report}] {i.text[:150]}" for i in false]
    lines += notes
    return "\n".join(lines)
