"""`kg extract --evaluate DIR`: score the extractor against gold annotations of the reports in DIR.

The gold for DIR/NAME.txt is the curated report whose oo:sourceFileName is NAME.txt (data/*.ttl), or
else DIR/NAME.yaml (tests/fixtures/extract/: `quotes: [[speaker, words], ...]`, `figures: [[value,
unit, comparator], ...]` or `[value, unit, comparator, period]` for a rate, optional `date:`). Rules
(docs/extraction.md):

- A figure matches when value, unit and comparator are equal (and, against curated data, an evidence
  span of the draft overlaps one of the curated figure's; against YAML gold, a rate's period as written
  too: "50 a week" is not 50 in all). Figures with a number are scored apart
  from vague ones (oo:Vague, no value), which match on comparator (and unit, against YAML gold).
- A quotation matches when one's words contain the other's, after normalising quotation marks,
  apostrophes, dashes, white space and case and trimming end punctuation (curators keep a long quote
  whole or cut it into sentences). "quotes" also needs the same speaker; "quote words" does not, and
  "speaker right" is the share of the gold quotations found whose speaker is right. A gold quotation
  that two or more drafted quotes share is "split" (one quotation should be one node).
- A venue (oo:venue: "told LBC", "said on X") matches when a drafted statement and a curated one whose
  evidence spans overlap have the same venue. Only venues the statement's own words state are gold: one the
  curators inferred (an oo:InferredValue for oo:venue: "the paragraph that continues the quote is the same
  post") is not the extractor's to draft. YAML gold has no venues: a fixture's are not scored.
- Speakers compare by local name; a draft's report-only agents ("unnamed-officials-3fa2b1c4d5e6")
  without the report's suffix; an unresolved speaker is never right.
- Precision counts drafted items that match some gold item; recall counts gold items that some
  drafted item matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from rdflib import Graph
from rdflib.namespace import RDF

from kg.core.errors import KGError, not_utf8
from kg.extract.dates import parse_date_option
from kg.extract.draft import Draft, draft, gazetteer_for, read_article
from kg.sources.project import Project
from kg.validation.spans import sha256_of
from kg.core.namespaces import OA, OO
from kg.sources.load import load_sources
from kg.core.terms import graph_of


@dataclass
class Item:
    report: str
    key: tuple
    spans: list
    text: str  # for the listing
    matched: bool = False
    partners: list = field(default_factory=list)  # the items of the other side it matched


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


@dataclass
class QuoteScore:
    """Quotations by their words alone: recall, splits, speakers right, speakers unresolved."""

    found: int = 0
    gold: int = 0
    recalled: int = 0
    split: list = field(default_factory=list)
    speaker_right: int = 0
    wrong: list = field(default_factory=list)
    unresolved: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.recalled if self.recalled else 1.0


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


def speaker_key(result: Draft, speaker) -> str:
    """A drafted speaker as gold names it: its local name without the report's suffix; '?' if unresolved."""
    if speaker.kind == "unresolved":
        return "?"
    return re.sub(rf"-{result.id}$", "", _local(speaker.iri))


def evaluate(project: Project, directory: Path) -> tuple[list, list[str]]:
    directory = Path(directory)
    if not directory.is_dir():
        raise KGError(f"{directory}: not a directory")
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise KGError(f"{directory}: no .txt reports to evaluate")
    curated = graph_of(load_sources(project).data)  # (read by the engine's loader, as every user path reads)
    reports = {str(name): report for report, name in curated.subject_objects(OO.sourceFileName)}
    drafted = {report for node in curated.subjects(OO.reviewStatus, OO.Unreviewed)
               for report in curated.objects(node, OO.inReport)}  # a machine draft is not gold
    gazetteer = gazetteer_for(project)
    figures, vague, quotes, venues = Score("figures"), Score("vague figures"), Score("quotes"), Score("venues")
    words = QuoteScore()
    notes = []
    for path in files:
        report = reports.get(path.name)
        gold_file = path.with_suffix(".yaml")
        if report in drafted:
            notes.append(f"{path.name}: its report in data/ still holds unreviewed machine drafts (oo:reviewStatus "
                         f"oo:Unreviewed), which are no gold: " + (f"{gold_file.name} is" if gold_file.is_file()
                                                                    else "nothing else is; skipped"))
            report = None
        if report is None and not gold_file.is_file():
            if path.name in reports:
                continue  # said above
            notes.append(f"{path.name}: no curated report with this oo:sourceFileName and no {gold_file.name}; skipped")
            continue
        gold = read_gold(gold_file) if report is None else None
        date = gold.get("date") if gold else None
        result = draft(read_article(path), path.name, gazetteer, sha256_of(path), date)
        short = path.stem.split("_")[0] if report is not None else path.stem
        if report is not None:
            _curated_gold(curated, report, short, figures, vague, quotes)
            _curated_venues(curated, report, short, venues)
            _drafted_venues(result, short, venues)
        else:
            _yaml_gold(gold or {}, short, figures, vague, quotes)
        _drafted(result, short, figures, vague, quotes)
        _match(short, figures, vague, quotes, words, curated=report is not None)
        _match_venues(short, venues)
    return [figures, vague, quotes, venues, words], notes


def read_gold(path: Path) -> dict:
    """The gold of one YAML file, checked: a one-line KGError naming the file and what is wrong otherwise.

    Its `figures` become [(Decimal or None, unit, comparator, rate's period or "")], its `quotes` [(speaker, words)], its `date`
    ISO text (or None).
    """
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise not_utf8(path, error.object[error.start], error.start) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = " ".join(str(getattr(error, "problem", None) or error).split())
        raise KGError(f"{path}: not valid YAML{where}: {problem}") from None
    except OSError as error:
        raise KGError(f"{path}: cannot be read ({error.strerror or error})") from None
    if gold is None:
        gold = {}
    if not isinstance(gold, dict):
        raise KGError(f"{path}: the gold must be a mapping with figures:, quotes: and date:, "
                      f"not a {type(gold).__name__}")
    figures, quotes = gold.get("figures") or [], gold.get("quotes") or []
    if not isinstance(figures, list):
        raise KGError(f"{path}: figures: must be a list of [value, unit, comparator] or [value, unit, comparator, period]")
    if not isinstance(quotes, list):
        raise KGError(f"{path}: quotes: must be a list of [speaker, words]")
    checked_figures = []
    for number, item in enumerate(figures, start=1):
        if not isinstance(item, list) or len(item) not in (3, 4) or not all(isinstance(x, str) for x in item[1:]) or \
                not (item[0] is None or isinstance(item[0], (int, float)) and not isinstance(item[0], bool)):
            raise KGError(f"{path}: figure {number} is {item!r}; each figure is [value, unit, comparator] "
                          "(value a number, or null for a vague figure), and a rate [value, unit, comparator, "
                          "period as written]")
        value, unit, comparator, period = item if len(item) == 4 else (*item, "")
        try:
            checked = None if value is None else Decimal(str(value))
        except ArithmeticError:
            checked = None
        if value is not None and (checked is None or not checked.is_finite()):
            raise KGError(f"{path}: figure {number} has value {value!r}; give a finite number")
        checked_figures.append((checked, unit, comparator, period.lower()))
    checked_quotes = []
    for number, item in enumerate(quotes, start=1):
        if not isinstance(item, list) or len(item) != 2 or not all(isinstance(x, str) for x in item):
            raise KGError(f"{path}: quote {number} is {item!r}; each quote is [speaker, words]")
        checked_quotes.append(tuple(item))
    date = None
    if gold.get("date"):
        try:
            date = parse_date_option(str(gold["date"]))
        except KGError as error:
            raise KGError(f"{path}: date: {error}") from None
    return {"figures": checked_figures, "quotes": checked_quotes, "date": date}


def _curated_gold(curated: Graph, report, short: str, figures: Score, vague: Score, quotes: Score) -> None:
    for node in sorted(set(curated.subjects(OO.inReport, report))):
        unit = curated.value(node, OO.unit)
        if unit is not None:
            value = curated.value(node, OO.value)
            comparator = _local(curated.value(node, OO.comparator))
            item = Item(short, (None if value is None else Decimal(str(value)), _local(unit), comparator, ""),
                        _spans(curated, node), f"{_local(node)}: {curated.value(node, OO.statedAs)}")
            (vague if comparator == "Vague" else figures).gold.append(item)
        if (node, RDF.type, OO.DirectQuote) in curated:
            for quote in curated.objects(node, OO.quote):
                speaker = re.sub(rf"-{short}$", "", _local(curated.value(node, OO.speaker)))
                quotes.gold.append(Item(short, (normalise_quote(str(quote)), speaker), _spans(curated, node),
                                        f"{_local(node)} ({speaker}): {quote}"))


def _curated_venues(curated: Graph, report, short: str, venues: Score) -> None:
    """The venues the curated statements' own words state (not those the curators inferred)."""
    for node in sorted(set(curated.subjects(OO.inReport, report))):
        inferred = {curated.value(m, RDF.value) for m in curated.objects(node, OO.inferredValue)
                    if curated.value(m, OO.inferredProperty) == OO.venue}
        for venue in sorted(set(curated.objects(node, OO.venue)) - inferred):
            venues.gold.append(Item(short, (_local(venue),), _spans(curated, node), f"{_local(node)}: {_local(venue)}"))


def _drafted_venues(result: Draft, short: str, venues: Score) -> None:
    for statement in result.statements:
        for venue in statement.venues:
            venues.found.append(Item(short, (_local(venue),), list(statement.spans),
                                     f"{_local(statement.iri)}: {_local(venue)}"))


def _match_venues(short: str, venues: Score) -> None:
    found = [i for i in venues.found if i.report == short]
    for g in (i for i in venues.gold if i.report == short):
        for f in found:
            if f.key == g.key and _overlap(f.spans, g.spans):
                g.matched = f.matched = True


def _yaml_gold(gold: dict, short: str, figures: Score, vague: Score, quotes: Score) -> None:
    for value, unit, comparator, period in gold.get("figures", []):
        item = Item(short, (value, unit, comparator, period), [],
                    f"{value} {unit} {comparator}" + (f" {period}" if period else ""))
        (vague if comparator == "Vague" else figures).gold.append(item)
    for speaker, words in gold.get("quotes", []):
        quotes.gold.append(Item(short, (normalise_quote(words), speaker), [], f"({speaker}): {words}"))


def _drafted(result: Draft, short: str, figures: Score, vague: Score, quotes: Score) -> None:
    for figure in result.figures:
        m = figure.mention
        key = (None if m.value is None else Decimal(str(m.value)), m.unit, m.comparator, m.period.lower())
        item = Item(short, key, figure.spans, f"{_local(figure.iri)}: {m.stated_as} = {m.value} {m.unit} {m.comparator}"
                    + (f" {m.period}" if m.period else ""))
        (vague if m.comparator == "Vague" else figures).found.append(item)
    for statement in result.quotes:
        words = statement.words(result.text)
        speaker = speaker_key(result, statement.speaker)
        quotes.found.append(Item(short, (normalise_quote(words), speaker), list(statement.spans),
                                 f"({speaker}): {words}"))


def _contains(a: str, b: str) -> bool:
    return bool(a and b) and (a in b or b in a)


def _match(short: str, figures: Score, vague: Score, quotes: Score, words: QuoteScore, curated: bool) -> None:
    gold_f = [i for i in figures.gold + vague.gold if i.report == short]
    found_f = [i for i in figures.found + vague.found if i.report == short]
    if curated:
        for g in gold_f:
            for f in found_f:
                if _figure_match(g, f, spans=True):
                    g.matched = f.matched = True
    else:  # YAML gold has no spans: match one to one on value, unit and comparator
        for g in gold_f:
            f = next((f for f in found_f if not f.partners and _figure_match(g, f, spans=False)), None)
            if f is not None:
                g.matched = f.matched = True
                f.partners.append(g)
        for f in found_f:  # a second drafted node of a figure the gold lists once is still a right figure
            if not f.matched and any(_figure_match(g, f, spans=False) for g in gold_f):
                f.matched = True
    gold_q = [i for i in quotes.gold if i.report == short]
    found_q = [i for i in quotes.found if i.report == short]
    for f in found_q:
        for g in gold_q:
            if f.key[1] == g.key[1] and _contains(f.key[0], g.key[0]):
                g.matched = f.matched = True
    words.found += len(found_q)
    words.gold += len(gold_q)
    for g in gold_q:
        partners = [f for f in found_q if _contains(f.key[0], g.key[0])]
        if not partners:
            continue
        words.recalled += 1
        pieces = {f.key[0] for f in partners if f.key[0] in g.key[0] and f.key[0] != g.key[0]}
        if len([p for p in pieces if not any(p != o and p in o for o in pieces)]) > 1:
            words.split.append(g)  # two different pieces of one quotation: drafted as two quotes
        best = min(partners, key=lambda f: (f.key[1] != g.key[1], abs(len(f.key[0]) - len(g.key[0]))))
        if best.key[1] == g.key[1]:
            words.speaker_right += 1
        else:
            words.wrong.append((g, best))
    words.unresolved += sum(f.key[1] == "?" for f in found_q)


def _figure_match(gold: Item, found: Item, spans: bool) -> bool:
    """Curated figures are matched by their spans; their oo:periodAsWritten ("so far", "now") is no rate's."""
    if gold.key[2] != found.key[2] or (spans and not _overlap(gold.spans, found.spans)) or \
            (not spans and gold.key[3] != found.key[3]):
        return False
    if gold.key[2] == "Vague":
        return spans or gold.key[1] == found.key[1]
    return gold.key[0] == found.key[0] and gold.key[1] == found.key[1]


def render(scores: list, notes: list[str], details: bool = True) -> str:
    *item_scores, words = scores
    reports = sorted({i.report for s in item_scores for i in s.gold + s.found})
    width = max([8] + [len(r) for r in reports])
    header = f"{'report':{width}} " + " ".join(f"{s.name + ' P':>17} {s.name + ' R':>17}" for s in item_scores)
    lines = [header, "-" * len(header)]

    def cell(items_gold, items_found) -> str:
        tp_f = sum(i.matched for i in items_found)
        tp_g = sum(i.matched for i in items_gold)
        p = f"{tp_f}/{len(items_found)}" + (f" {tp_f / len(items_found):.2f}" if items_found else "  -  ")
        r = f"{tp_g}/{len(items_gold)}" + (f" {tp_g / len(items_gold):.2f}" if items_gold else "  -  ")
        return f"{p:>17} {r:>17}"

    for report in reports + ["all"]:
        row = [f"{report:{width}}"]
        for s in item_scores:
            row.append(cell([i for i in s.gold if report in ("all", i.report)],
                            [i for i in s.found if report in ("all", i.report)]))
        lines.append(" ".join(row))
    lines.append("")
    lines.append(f"quote words: recall {words.recalled}/{words.gold} "
                 f"{words.recalled / words.gold if words.gold else 1:.2f}; drafted quotes {words.found}; "
                 f"split quotations {len(words.split)}; speaker right {words.speaker_right}/{words.recalled} "
                 f"{words.speaker_accuracy:.2f}; quotes that need a speaker {words.unresolved}")
    if details:
        for s in item_scores:
            misses = [i for i in s.gold if not i.matched]
            false = [i for i in s.found if not i.matched]
            lines.append(f"\n{s.name}: {len(misses)} missed (in the gold, not drafted)")
            lines += [f"  - [{i.report}] {i.text[:150]}" for i in misses]
            lines.append(f"{s.name}: {len(false)} false hits (drafted, not in the gold)")
            lines += [f"  + [{i.report}] {i.text[:150]}" for i in false]
        lines.append(f"\nspeakers: {len(words.wrong)} wrong")
        lines += [f"  ! [{g.report}] {g.text[:90]} -> drafted as {f.key[1]}" for g, f in words.wrong]
        if words.split:
            lines.append(f"split quotations: {len(words.split)}")
            lines += [f"  / [{g.report}] {g.text[:120]}" for g in words.split]
    lines += notes
    return "\n".join(lines)
