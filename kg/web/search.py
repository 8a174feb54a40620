"""The search box's index: every person, organisation, report, indicator, figure, quote, check and
disagreement as a record of Pagefind (pagefind.app, from PyPI with its binary), written into the
site's pagefind/ folder. Pagefind's own library searches it in the browser: ranked results with the
matching words marked, loaded in small fragments (a million-triple archive's index is not fetched
whole), from any plain web server and with no server-side code. `kg publish` writes it into the
static site; `kg serve` makes it once per release (dist/search/) and serves it at /pagefind/.

Each record has a kind (the group it is shown under), a title, a detail line and the words it is
found by: a figure by its value with its qualifier ("more than 41,000"), its wording, its indicator
and who stated it; a quote by its words and speaker.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from kg.analysis.figures import StatedFigure, decimal_of
from kg.errors import KGError
from kg.query.run import answer
from kg.web.desk import value_words

FOLDER = "pagefind"
RECORDS = {
    "Person": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?other; separator=" · ") AS ?words)
        WHERE { ?s a oo:Person ; rdfs:label ?l .
                OPTIONAL { { ?s skos:altLabel ?other } UNION { ?h oo:holder ?s ; oo:post/rdfs:label ?other } } }
        GROUP BY ?s""",
    "Organisation": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?other; separator=" · ") AS ?words)
        WHERE { ?s a oo:Organisation ; rdfs:label ?l . FILTER NOT EXISTS { ?s a oo:Person }
                OPTIONAL { ?s skos:altLabel ?other } } GROUP BY ?s""",
    "Report": """SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?file) AS ?words)
        WHERE { ?s a oo:Report ; rdfs:label ?l . OPTIONAL { ?s oo:sourceFileName ?file } } GROUP BY ?s""",
    "Indicator": """SELECT ?s (SAMPLE(?l) AS ?label) (CONCAT(COALESCE(SAMPLE(?long), ""), " · ", COALESCE(SAMPLE(?d), "")) AS ?words)
        WHERE { ?s a oo:Indicator ; rdfs:label ?l .
                OPTIONAL { ?s skos:prefLabel ?long } OPTIONAL { ?s skos:definition ?d } } GROUP BY ?s""",
    "Check": """SELECT ?s (SAMPLE(?l) AS ?label) (CONCAT(SAMPLE(?grade), " · ", SAMPLE(?claim), " · ", COALESCE(SAMPLE(?why), "")) AS ?words)
        WHERE { ?s a schema:ClaimReview ; rdfs:label ?l ; schema:claimReviewed ?claim ; schema:reviewRating ?r .
                ?r schema:alternateName ?grade . OPTIONAL { ?r schema:ratingExplanation ?why } } GROUP BY ?s""",
    "Disagreement": """SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?words)
        WHERE { ?s a oo:Discrepancy ; rdfs:label ?l . OPTIONAL { ?s rdfs:comment ?c } } GROUP BY ?s""",
    "Event": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?dated; separator=" · ") AS ?words)
        WHERE { ?s a oo:Event ; rdfs:label ?l . OPTIONAL { ?d oo:event ?s ; rdfs:label ?dated } } GROUP BY ?s""",
}
FIGURES = """SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?stated) AS ?as) (SAMPLE(?v) AS ?value) (SAMPLE(?b) AS ?bound)
       (SAMPLE(?c) AS ?comparator) (SAMPLE(?u) AS ?unit) (SAMPLE(?indicatorName) AS ?indicator)
       (SAMPLE(?reportName) AS ?report) (GROUP_CONCAT(DISTINCT ?who; separator=", ") AS ?speakers)
WHERE {
  ?s a oo:Figure ; oo:statedAs ?stated ; oo:inReport ?r .
  ?r rdfs:label ?reportName .
  OPTIONAL { ?s rdfs:label ?l } OPTIONAL { ?s oo:value ?v } OPTIONAL { ?s oo:bound ?b }
  OPTIONAL { ?s oo:comparator ?c } OPTIONAL { ?s oo:unit ?u } OPTIONAL { ?s oo:indicator/rdfs:label ?indicatorName }
  OPTIONAL { ?st oo:mentionsFigure ?s ; oo:speaker/rdfs:label ?who }
} GROUP BY ?s"""
STATEMENTS = """SELECT ?s (SAMPLE(?q) AS ?quote) (SAMPLE(?g) AS ?gist) (SAMPLE(?who) AS ?speaker)
       (SAMPLE(?role) AS ?as) (SAMPLE(?reportName) AS ?report)
WHERE {
  ?s a oo:Statement ; oo:inReport ?r . ?r rdfs:label ?reportName .
  OPTIONAL { ?s oo:quote ?q } OPTIONAL { ?s oo:gist ?g } OPTIONAL { ?s oo:speaker/rdfs:label ?who }
  OPTIONAL { ?s oo:roleAsWritten ?role }
} GROUP BY ?s"""


def records(site) -> list[dict]:
    """The records of the index: url (as the site links it), kind, title, detail and content."""
    store, out = site.store, []

    def url(iri) -> str:
        from kg.web.pages import path_of

        return site.url("", path_of(iri))

    for kind, text in RECORDS.items():
        for iri, label, words in answer(store, text).rows:
            if site.exists(iri):
                out.append({"url": url(iri), "kind": kind, "title": str(label), "detail": "",
                            "content": f"{label}. {words or ''}"})
    for iri, label, stated, value, bound, comparator, unit, indicator, report, speakers in answer(store, FIGURES).rows:
        figure = StatedFigure(iri, stated=str(stated), value=decimal_of(value), bound=decimal_of(bound),
                              comparator=comparator, unit=unit)
        words = value_words(figure)
        who = str(speakers or "") or "the report"
        out.append({"url": url(iri), "kind": "Figure", "title": f"{words} — {indicator or ''}".strip(" —"),
                    "detail": f"{who}, {short_title(report)}",
                    "content": f"{words}. \u201c{stated}\u201d. {indicator or ''}. {label or ''}. Said by {who}. "
                               f"{short_title(report)}."})
    for iri, quote, gist, speaker, role, report in answer(store, STATEMENTS).rows:
        words = str(quote or gist or "")
        if not words:
            continue
        who = str(speaker or "unattributed")
        out.append({"url": url(iri), "kind": "Quote" if quote is not None else "Statement",
                    "title": f"{who}: {words[:90]}{'…' if len(words) > 90 else ''}",
                    "detail": ", ".join(x for x in (str(role or ""), short_title(report)) if x),
                    "content": f"{words}. {who}. {role or ''}. {short_title(report)}."})
    return out


def short_title(report) -> str:
    return str(report or "").split(":", 1)[0]


def write_index(site, target: Path) -> int:
    """Write the Pagefind index of `site` into `target` (a folder named pagefind/, replaced whole).
    Returns the number of records."""
    found = records(site)
    target = Path(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        asyncio.run(_write(found, staging / FOLDER))
        if target.exists():
            shutil.rmtree(target)
        (staging / FOLDER).rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(found)


async def _write(found: list, output: Path) -> None:
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError as error:  # pragma: no cover (a dependency)
        raise KGError(f"the search index needs Pagefind (pip install 'pagefind[bin]'): {error}") from None
    config = IndexConfig(force_language="en", keep_index_url=True)
    async with PagefindIndex(config=config) as index:
        for record in found:
            await index.add_custom_record(url=record["url"], content=record["content"], language="en",
                                          meta={"title": record["title"], "kind": record["kind"],
                                                "detail": record["detail"]},
                                          filters={"kind": [record["kind"]]})
        await index.write_files(output_path=str(output))
