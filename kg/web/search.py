"""The search box's index: every person, organisation, report, indicator, figure, quote, check and
disagreement as a record of Pagefind (pagefind.app, from PyPI with its binary), written into the
site's pagefind/ folder. Pagefind's own library searches it in the browser: ranked results with the
matching words marked, loaded in small fragments (a million-triple archive's index is not fetched
whole), from any plain web server and with no server-side code. `kg publish` writes it into the
static site; `kg serve` makes it once per release (dist/search/, or beside its store in ~/.cache/kg where
dist/ cannot be written), in the background once it listens (kg.web.search_index), and serves it at
/pagefind/.

Each record has a kind (the group it is shown under), a title, a detail line and the words it is
found by: a figure by its value with its qualifier and unit ("more than 41,000", "6 weeks"), its
indicator, who stated it and its wording; a quote by its words and speaker.

A figure's record is no longer than the excerpt a result shows (EXCERPT_WORDS; desk.js asks Pagefind
for as many) and opens with the value words: Pagefind starts an excerpt some words before the first
match when the record is longer, and "less than 0 — net inflow" was shown as "0 — net inflow". A record
no longer than its excerpt is shown whole, from its first word, whatever was searched; the end of a long
wording is cut ("…"), and is found in full in the quote's own record.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rdflib import URIRef

from kg.analysis.figures import StatedFigure, decimal_of
from kg.web.desk import CURATORS_GIST, INFERRED, combined_values, quoted, role_marked
from kg.core.errors import KGError
from kg.core.namespaces import OO
from kg.core.serialize import make_readable
from kg.sparql.run import answer

FOLDER = "pagefind"
NAMES = "names.json"  # in FOLDER: the names a misspelt word is compared with (Site.search_names), for the search box
EXCERPT_WORDS = 30  # the words of a result's excerpt (desk.js: pagefind.options({excerptLength}))
LISTED = " · "  # the separator of the names a record lists
RECORDS = {
    "Person": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?other; separator=" · ") AS ?words)
        WHERE { ?s a oo:Person ; rdfs:label ?l .
                OPTIONAL { { ?s skos:altLabel ?other } UNION {
                    ?h oo:holder ?s ; oo:post/rdfs:label ?post  # "(inferred)" where no report says they hold it
                    BIND(IF(EXISTS { ?h oo:inferredValue/oo:inferredProperty ?read FILTER(?read IN (oo:post, oo:holder)) },
                            CONCAT(?post, " (inferred)"), ?post) AS ?other) } } }
        GROUP BY ?s""",
    "Unnamed speaker": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?other; separator=" · ") AS ?words)
        WHERE { ?s a oo:UnnamedAgent ; rdfs:label ?l . OPTIONAL { ?s skos:altLabel ?other } } GROUP BY ?s""",
    "Organisation": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?other; separator=" · ") AS ?words)
        WHERE { ?s a oo:Organisation ; rdfs:label ?l . FILTER NOT EXISTS { ?s a oo:Person }
                OPTIONAL { ?s skos:altLabel ?other } } GROUP BY ?s""",
    "Report": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?who; separator=" · ") AS ?words)
        WHERE { ?s a oo:Report ; rdfs:label ?l . OPTIONAL { ?st oo:inReport ?s ; oo:speaker/rdfs:label ?who } }
        GROUP BY ?s""",  # who speaks in it (a journalist's question), not its text file's name
    "Indicator": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?other; separator=" · ") AS ?words)
        WHERE { ?s a oo:Indicator ; rdfs:label ?l .
                OPTIONAL { { ?s skos:prefLabel ?other } UNION { ?s skos:altLabel ?other } UNION { ?s skos:definition ?other } } }
        GROUP BY ?s""",  # its other names are the reports' words for it ('Channel crossings')
    "Check": """SELECT ?s (SAMPLE(?l) AS ?label) (CONCAT(SAMPLE(?grade), " · ", SAMPLE(?claim), " · ", COALESCE(SAMPLE(?why), "")) AS ?words)
        WHERE { ?s a schema:ClaimReview ; rdfs:label ?l ; schema:claimReviewed ?claim ; schema:reviewRating ?r .
                ?r schema:alternateName ?grade . OPTIONAL { ?r schema:ratingExplanation ?why } } GROUP BY ?s""",
    "Disagreement": """SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?words)
        WHERE { ?s a oo:Discrepancy ; rdfs:label ?l . OPTIONAL { ?s rdfs:comment ?c } } GROUP BY ?s""",
    "Event": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?dated; separator=" · ") AS ?words)
        WHERE { ?s a oo:Event ; rdfs:label ?l . OPTIONAL { ?d oo:event ?s ; rdfs:label ?dated } } GROUP BY ?s""",
    "Agreement": """SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?other; separator=" · ") AS ?words)
        WHERE { ?s a oo:Agreement ; rdfs:label ?l . OPTIONAL { ?s skos:altLabel ?other } } GROUP BY ?s""",
}
FIGURES = """SELECT ?s (SAMPLE(?stated) AS ?as) (SAMPLE(?v) AS ?value) (SAMPLE(?b) AS ?bound)
       (SAMPLE(?c) AS ?comparator) (SAMPLE(?u) AS ?unit) (SAMPLE(?indicatorName) AS ?indicator)
       (SAMPLE(?reportName) AS ?report) (GROUP_CONCAT(DISTINCT ?who; separator=", ") AS ?speakers)
       (GROUP_CONCAT(DISTINCT STR(?read); separator=" ") AS ?inferred)
WHERE {
  ?s a oo:Figure ; oo:statedAs ?stated ; oo:inReport ?r .
  ?r rdfs:label ?reportName .
  OPTIONAL { ?s oo:value ?v } OPTIONAL { ?s oo:bound ?b }
  OPTIONAL { ?s oo:comparator ?c } OPTIONAL { ?s oo:unit ?u } OPTIONAL { ?s oo:indicator/rdfs:label ?indicatorName }
  OPTIONAL { ?st oo:mentionsFigure ?s ; oo:speaker/rdfs:label ?name
             BIND(IF(EXISTS { ?st oo:inferredValue/oo:inferredProperty oo:speaker }, CONCAT(?name, " (inferred)"), ?name) AS ?who) }
  OPTIONAL { ?s oo:inferredValue/oo:inferredProperty ?read }
} GROUP BY ?s"""
STATEMENTS = """SELECT ?s (SAMPLE(?q) AS ?quote) (SAMPLE(?g) AS ?gist) (SAMPLE(?who) AS ?speaker)
       (SAMPLE(?role) AS ?as) (SAMPLE(?reportName) AS ?report) (SAMPLE(?postRead) AS ?post_read)
       (GROUP_CONCAT(?exact; separator=" ") AS ?stated)
WHERE {
  ?s a oo:Statement ; oo:inReport ?r . ?r rdfs:label ?reportName .
  OPTIONAL { ?s oo:quote ?q } OPTIONAL { ?s oo:gist ?g }
  OPTIONAL { ?s oo:speaker/rdfs:label ?name  # "(inferred)" where the statement's words name no one (Desk.speaker)
             BIND(IF(EXISTS { ?s oo:inferredValue/oo:inferredProperty oo:speaker }, CONCAT(?name, " (inferred)"), ?name) AS ?who) }
  OPTIONAL { ?s oo:roleAsWritten ?role }
  OPTIONAL { ?s oo:inferredValue/oo:inferredProperty oo:speakerPost BIND(true AS ?postRead) }
  OPTIONAL { ?s oo:evidence/oa:exact ?exact }  # the statement's own words: a role they name is not marked
} GROUP BY ?s"""


def records(site) -> list[dict]:
    """The records of the index: url (as the site links it), kind, title, detail and content."""
    store, out = site.store, []

    def url(iri) -> str:
        from kg.web.pages import path_of

        return f"{path_of(iri)}.html"  # the path both the static site and kg serve answer

    for kind, text in RECORDS.items():
        for iri, label, words in answer(store, text).rows:
            if site.exists(iri):
                if "GROUP_CONCAT" in text:  # its values in no set order: in order, the same index each time
                    words = LISTED.join(sorted(str(words or "").split(LISTED)))
                out.append({"url": url(iri), "kind": kind, "title": str(label), "detail": "",
                            "content": str(words or "")})  # (the title is indexed too, as the record's heading)
    for iri, stated, value, bound, comparator, unit, indicator, report, speakers, read in answer(store, FIGURES).rows:
        figure = StatedFigure(iri, stated=site.sic(stated), value=decimal_of(value), bound=decimal_of(bound),
                              comparator=comparator, unit=unit, inferred=frozenset(map(URIRef, str(read or "").split())))
        # a speaker one statement names and another does not is named, not inferred (StatedFigure.inferred_speakers)
        who = ", ".join(combined_values(sorted(str(speakers).split(", "))).split(" / ")) if speakers else "the report"
        indicator = f"{indicator}{INFERRED}" if indicator and OO.indicator in figure.inferred else indicator or ""
        title = f"{site.desk.words(figure)} — {indicator}".strip(" —")  # "relatively small — returned to France (inferred)"
        detail = f"{who}, {short_title(report)}"
        out.append({"url": url(iri), "kind": "Figure", "title": title, "detail": detail,
                    "content": quoted(f"{detail}:", figure.stated, EXCERPT_WORDS - len(title.split()))})
    for iri, quote, gist, speaker, role, report, post_read, stated in answer(store, STATEMENTS).rows:
        words, role = site.sic(quote or gist), site.sic(role)  # the report's words, as the pages show them
        if not words:
            continue
        role = role_marked(role, post_read is not None, str(stated or ""))  # as its page marks it
        # who said it where as the title, the words once as the text (Pagefind's excerpt of a record
        # begins with its title: "Philp: lamentable admission of failure" was followed by the same words twice)
        who = ", ".join(x for x in (str(speaker or "unattributed"), str(role or "")) if x)
        out.append({"url": url(iri), "kind": "Quote" if quote is not None else "Statement",
                    "title": f"{who}, in {short_title(report)}", "detail": "",
                    # a gist is the curators' summary: said so, as its page and a table's "Words" say it
                    "content": f"\u201c{words}\u201d" if quote is not None else f"{words} ({CURATORS_GIST})"})
    return out


def short_title(report) -> str:
    return str(report or "").split(":", 1)[0]


def write_index(site, target: Path) -> int:
    """Write the Pagefind index of `site` into `target` (a folder named pagefind/, replaced whole).
    Returns the number of records."""
    target = Path(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        count = write_records(site, staging / "records")
        index_records(staging / "records", target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return count


def write_records(site, folder: Path) -> int:
    """Each record as a small HTML file at its page's path (id/NAME.html: the path the static site and
    kg serve both answer), for Pagefind's binary to index in one run (its Python API answers one
    record per 0.1 s, however many are sent at once: hours for a large archive; the binary's service
    mode, fed the same records directly, took as long as these files do: 65 s against 66 s at a million
    triples). This reads the data; index_records does not."""
    found = records(site)
    Path(folder).mkdir(parents=True, exist_ok=True)
    # the search box's "Did you mean" on every page reads them here, once, as the index (the search page has them in it)
    (Path(folder) / NAMES).write_text(json.dumps(site.search_names(), ensure_ascii=False), encoding="utf-8")
    for record in found:
        path = Path(folder) / record["url"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_record_html(record), encoding="utf-8")
    return len(found)


def index_records(folder: Path, target: Path, started=lambda process: None) -> None:
    """Run Pagefind over the records in `folder`, its index replacing `target` (kg serve runs this in
    its main process: Pagefind's threads need more address space than a query worker may take).
    `started` is given Pagefind's process as soon as it runs. It runs in a session of its own: Ctrl-C
    in a terminal stops the command that runs it, which stops it, rather than it, halfway."""
    target = Path(target)
    output = target.with_name(f".{target.name}-new")
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(output),
               "--force-language", "en", "--silent"]
    try:
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, start_new_session=True) as process:
            started(process)
            try:
                out, errors = process.communicate(timeout=1800)
            except subprocess.TimeoutExpired:
                process.kill()
                raise
    except (OSError, subprocess.TimeoutExpired) as error:
        raise KGError(f"the search index could not be written (Pagefind: {error})") from None
    if process.returncode != 0 or not (output / "pagefind.js").is_file():
        shutil.rmtree(output, ignore_errors=True)
        message = " ".join((errors or out or "no output").split())[:300]
        raise KGError(f"the search index could not be written (Pagefind, pip install 'pagefind[bin]'): {message}")
    if (Path(folder) / NAMES).is_file():
        shutil.copyfile(Path(folder) / NAMES, output / NAMES)
    make_readable(output)  # (Pagefind writes as the umask says: kg serve keeps the index in dist/search/)
    if target.exists():
        shutil.rmtree(target)
    output.rename(target)


def _record_html(record: dict) -> str:
    """A record as the HTML Pagefind reads: the title is a heading (ranked above the other words), the
    kind a filter and, with the detail line, metadata shown with the result."""
    attribute = lambda text: html.escape(text, quote=True)  # noqa: E731
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(record["title"])}</title>'
            f'</head><body><main data-pagefind-body data-pagefind-filter="kind:{attribute(record["kind"])}" '
            f'data-pagefind-meta="kind:{attribute(record["kind"])}">'
            f'<h1 data-pagefind-meta="title">{html.escape(record["title"])}</h1>'
            f'<div data-pagefind-meta="detail:{attribute(record["detail"] or " ")}"></div>'
            f'<p>{html.escape(record["content"])}</p></main></body></html>\n')

