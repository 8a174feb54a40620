"""The journalist's path in headless Chromium, on `kg serve` and on the static site of `kg publish`
served by a plain web server (python -m http.server): search "Philp" -> his page -> his "net inflow
of 70" -> its verdict and both sides of the 69 vs 70 disagreement -> copy the disagreement's citation
(also read at 375 px) -> copy the figure's citation -> the disagreements as CSV. Then an
accessibility check of the main pages with axe-core (scripts/fetch-axe; no serious or critical
violation), and screenshots of the main pages written to $KG_SCREENSHOTS (default tests/screenshots/)
for a person to look at."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from serving import CHROMEDRIVER as DRIVER
from serving import CHROMIUM, built_project, chromium, free_port, kg_server, published_site, running
from test_serve_browser import severe_errors, wait_for

pytestmark = pytest.mark.skipif(CHROMIUM is None or DRIVER is None, reason="headless Chromium not installed")

AXE = Path(__file__).resolve().parent / ".tools" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("KG_SCREENSHOTS") or Path(__file__).resolve().parent / "screenshots")
MAIN_PAGES = {  # name -> path on kg serve (the static site adds .html)
    "home": "", "search-philp": "search?q=Philp", "person-philp": "id/chris-philp",
    "figure-philp-70": "id/r000-fig-net-inflow-70-philp", "check-philp-70": "id/check-r000-fig-net-inflow-70-philp",
    "disagreement-net-inflow": "id/discrepancy-rounding-ind-net-inflow-a6340e13",
    "indicator-returned": "id/ind-returned-to-france", "report-000": "id/r000", "checks": "browse/checks",
    "event-agreed": "id/event-returns-agreement-agreed", "agreement": "id/uk-france-returns-agreement",
    "organisation-downing-street": "id/downing-street", "said-mahmood-2": "said/shabana-mahmood-2",
    "quote-philp-lamentable": "id/r000-st-philp-1",
}

# One page of each other kind the desk has, read on a phone only: a date as a report gives it, a quote as two
# reports give it, an unnamed speaker, a resource of no page of its own (a post), the saved queries (one run,
# one refused), the SPARQL page (its answers, its refusal, its plain form), the ontology (pyLODE's page), the
# downloads, a page not found.
PHONE_PAGES = {
    "event-date-in-force": "id/r004-date-in-force", "comparison-mahmood": "id/quote-comparison-r000-st-mahmood-13-6923d1ba",
    "unnamed-officials": "id/unnamed-officials-004", "post-prime-minister": "id/post-uk-prime-minister",
    "queries": "queries", "query-figures-by-philp": "queries/figures-by-person?person=Chris+Philp",
    "query-nobody": "queries/figures-by-person?person=Nobody+Atall",
    "sparql-answers": "sparql?query=SELECT+%3Fs+%3Fp+%3Fo+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D+LIMIT+20",
    "sparql-refused": "sparql?query=SELEC+nonsense", "ontology": "ontology", "dataset": "dataset",
    "not-found": "id/no-such-thing",
}

# The pages the static site makes otherwise than kg serve (the same templates fill both): the home page and
# a resource page (links to .html files; no server behind the forms), the search page (Pagefind from a
# plain web server). Checking all twelve twice took 25 s more.
STATIC_DIFFERS = ("home", "search-philp", "figure-philp-70", "report-000")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = built_project(tmp_path_factory)
    with kg_server(project, tmp_path_factory.mktemp("desk") / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def static(tmp_path_factory):
    """The static site, published and served by Python's plain HTTP server from a folder it can read."""
    out = published_site(tmp_path_factory)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(out)]
    with running(command, f"http://127.0.0.1:{port}/index.html", out.parent / "http.log"):
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def browser():
    with chromium({"browser": "ALL"}) as driver:
        yield driver


def page_url(base: str, path: str, static: bool) -> str:
    if not static:
        return base + path
    name, _, query = path.partition("?")
    return base + (f"{name}.html" if name else "index.html") + (f"?{query}" if query else "")


IMAGES_LOADED = "return Array.from(document.images).every(image => image.complete)"
PAGE_SIZE = ("return [Math.max(document.documentElement.scrollWidth, window.innerWidth), "
             "document.documentElement.scrollHeight]")


def settled(read, holds, timeout: float = 5.0):
    """What `read` returns once `holds` says it is as it should be, else its last reading after `timeout` s:
    Chromium lays a page out again a moment after a resize or a load has returned (under load, a page read
    at once had its navigation on two lines at 1280 px, and read 20 ms later on one)."""
    deadline = time.monotonic() + timeout
    while not holds(value := read()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def screenshot(driver, name: str, width: int = 1280) -> Path:
    """The whole page as a person sees it once loaded, in a window `width` px wide, from its top to the
    end of its footer: its images too (the home page's charts, drawn on request by kg serve, were still
    blank when the page was taken at once). The window was made as tall as the page, but a window's
    height counts the browser's own bars: the page's last 140 px, the footer with its legend of
    "(inferred)", fell outside the picture, and a page taller than 6,000 px was cut there. Chromium
    now draws the whole page (DevTools' captureBeyondViewport), whatever the window's height. Its PNG
    is encoded for speed (optimizeForSpeed: the same pixels, in a larger file; 0.32 s a picture against
    0.55 s, over the 45 this file takes)."""
    import base64

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 800)
    height = driver.execute_script(PAGE_SIZE)[1]
    driver.set_window_size(width, max(800, min(height, 6000)))  # lazy images in view, to be loaded
    driver.execute_script("document.querySelectorAll('img[loading=lazy]').forEach((i) => { i.loading = 'eager'; })")
    deadline = time.monotonic() + 30
    while not driver.execute_script(IMAGES_LOADED) and time.monotonic() < deadline:
        time.sleep(0.1)
    page_width, page_height = driver.execute_script(PAGE_SIZE)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "optimizeForSpeed": True,
        "clip": {"x": 0, "y": 0, "width": page_width, "height": page_height, "scale": 1}})
    path = SCREENSHOTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    driver.set_window_size(1280, 1600)
    return path


def test_a_screenshot_holds_the_whole_page_down_to_its_footer(browser, served):
    """The screenshots a person looks at ended 140 px short of the page: the footer's legend of
    "(inferred)" was never seen. The picture is now the page's full width and height."""
    from PIL import Image

    from selenium.webdriver.common.by import By

    for path, width in (("id/r000-fig-net-inflow-70-philp", 1280), ("", 1280), ("id/r000", 375)):  # home: > 6,000 px
        browser.set_window_size(width, 800)
        browser.get(page_url(served, path, False))
        footer_end = browser.execute_script(
            "return Math.ceil(document.querySelector('body > footer').getBoundingClientRect().bottom + window.scrollY)")
        assert browser.find_element(By.ID, "inferred-legend").text
        with Image.open(screenshot(browser, f"serve-whole-{width}-{path.replace('/', '-') or 'home'}", width)) as picture:
            size = picture.size
        assert size[0] == width and size[1] >= footer_end, (path, size, footer_end)


@pytest.mark.parametrize("where", ["serve", "static"])
def test_the_journalists_path(browser, served, static, where):
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    severe_errors(browser)
    browser.get(page_url(base, "", is_static))
    box = browser.find_element(By.ID, "search-box")
    box.send_keys("Philp")
    panel = browser.find_element(By.ID, "search-suggestions")
    wait_for(lambda: panel.is_displayed() and "PEOPLE" in panel.text.upper(), timeout=30)
    screenshot(browser, f"{where}-1-search-philp")
    # "Chris Philp (inferred): ..." among the quotes: the mark has its meaning as a tooltip, and a legend follows
    mark = panel.find_element(By.CSS_SELECTOR, "a .inferred")
    assert mark.text == "inferred" and mark.get_attribute("title").startswith("the curators' reading")
    assert "What the curators inferred" in panel.find_element(By.CSS_SELECTOR, "p.legend").text
    panel.find_element(By.LINK_TEXT, "Chris Philp").click()
    wait_for(lambda: "chris-philp" in browser.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Chris Philp"
    figures = browser.find_element(By.ID, "figures")
    row = next(r for r in figures.find_elements(By.CSS_SELECTOR, "tbody tr")
               if r.text.startswith("70") and "net inflow of 70" in r.text)
    row.find_element(By.LINK_TEXT, "70").click()
    wait_for(lambda: "r000-fig-net-inflow-70-philp" in browser.current_url)
    screenshot(browser, f"{where}-2-figure-philp-70")
    verdict = browser.find_element(By.CSS_SELECTOR, "section.verdicts").text
    assert "accurate when rounded" in verdict and "70 is that rounded to the nearest ten" in verdict
    disagreement = browser.find_element(By.CSS_SELECTOR, "section.disagreements")
    assert "Rounding" in disagreement.text and "Kemi Badenoch" in disagreement.text
    assert "Contradiction" not in disagreement.text  # pages audit 13: not beside "accurate when rounded"
    disagreement.find_element(By.LINK_TEXT, "Rounding").click()
    wait_for(lambda: "discrepancy-rounding-ind-net-inflow" in browser.current_url)
    sides = {g.find_element(By.TAG_NAME, "h2").text: g.text for g in browser.find_elements(By.CSS_SELECTOR, ".side-group")}
    assert any(k.startswith("69") for k in sides) and any(k.startswith("70") for k in sides), sides
    seventy = next(v for k, v in sides.items() if k.startswith("70"))
    sixty_nine = next(v for k, v in sides.items() if k.startswith("69"))
    assert "Chris Philp" in seventy and "net inflow of 70 immigrants" in seventy
    assert "Kemi Badenoch" in sixty_nine and "69 MORE" in sixty_nine
    # cite the disagreement: each side by its report, who, and the report's exact words (nothing to copy before)
    cited = browser.find_element(By.ID, "citation").text
    assert "Report 000, Kemi Badenoch, says 69 (“69 MORE”): “the ‘one-in-one’ out deal" in cited, cited
    assert "Report 002, Chris Philp, says 70: “The government scheme has resulted in a net inflow of 70" in cited
    browser.find_element(By.CSS_SELECTOR, "button.copy").click()
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "button.copy").text == "Copied")
    screenshot(browser, f"{where}-3-disagreement")
    screenshot(browser, f"{where}-3-disagreement-375", 375)
    browser.set_window_size(375, 800)  # (the page lays itself out again after the call returns: waited for)
    wait_for(lambda: fits(375)(browser.execute_script(SIDEWAYS)),
             timeout=5, why=lambda: browser.execute_script(SIDEWAYS))  # the citation wraps
    browser.set_window_size(1280, 1600)
    browser.back()
    wait_for(lambda: "r000-fig-net-inflow-70-philp" in browser.current_url)
    citation = browser.find_element(By.ID, "citation").text
    assert citation.startswith("Chris Philp (inferred; Shadow Home Secretary, inferred)") and "Permalink: https://w3id.org/oioo/id/" in citation
    # what the curators inferred, folded until asked for: the derivation is their reading, and why
    reading = browser.find_element(By.CSS_SELECTOR, "details.inferences")
    assert "Philp gives 70 and no inputs" not in reading.text  # folded
    reading.find_element(By.TAG_NAME, "summary").click()
    wait_for(lambda: "Philp gives 70 and no inputs" in reading.text)
    assert "Derivation" in reading.text and "elsewhere in the same report" in reading.text
    screenshot(browser, f"{where}-3b-curators-reading")
    browser.find_element(By.CSS_SELECTOR, "button.copy").click()
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "button.copy").text == "Copied")
    # then every disagreement as a spreadsheet: the explanations, each naming what each report says
    browser.get(page_url(base, "browse/disagreements", is_static))
    link = browser.find_element(By.CSS_SELECTOR, "a.csv")
    with urllib.request.urlopen(link.get_attribute("href"), timeout=30) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8-sig"))))
    explanations = [value for row in rows for key, value in row.items() if key.startswith("Explanation")]
    assert any(e.startswith("Net inflow, no period stated / since 'One in, one out' scheme began operations (inferred): Report 000 (Kemi Badenoch) and report 001 say 69")
               for e in explanations), explanations
    assert severe_errors(browser) == []


@pytest.mark.parametrize("where", ["serve", "static"])
def test_when_was_the_deal_agreed_from_a_report_to_the_event_and_its_disagreement(browser, served, static, where):
    """A journalist's second path: a report's dates of events, the event with each report's date in its
    words, then the disagreement about it (these pages were raw RDF before)."""
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    severe_errors(browser)
    browser.get(page_url(base, "id/r000", is_static))
    browser.find_element(By.ID, "event-dates").find_element(
        By.LINK_TEXT, "'One in, one out' deal agreed by Starmer and Macron").click()
    wait_for(lambda: "event-returns-agreement-agreed" in browser.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "'One in, one out' deal agreed by Starmer and Macron"
    dates = browser.find_element(By.ID, "dates").text
    assert "last July" in dates and "in August" in dates and "in July 2025" in dates
    assert "rdf:type" not in browser.find_element(By.TAG_NAME, "main").text.split("All the data about this item")[0]
    screenshot(browser, f"{where}-4-event-agreed")
    browser.find_element(By.CSS_SELECTOR, "section.verdicts").find_element(By.LINK_TEXT, "Contradiction").click()
    wait_for(lambda: "discrepancy-" in browser.current_url)
    sides = browser.find_element(By.CSS_SELECTOR, ".sides").text
    assert "July 2025" in sides and "August 2025" in sides
    screenshot(browser, f"{where}-5-event-disagreement")
    assert severe_errors(browser) == []


@pytest.mark.parametrize("where", ["serve", "static"])
def test_a_persons_statements_read_page_by_page(browser, served, static, where):
    """A person quoted in many reports: their page shows the first statements and the verdicts on all of
    them; "Next page" leads to the others, and the pages together hold every statement once."""
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    severe_errors(browser)
    browser.get(page_url(base, "id/shabana-mahmood", is_static))
    lede = browser.find_element(By.CSS_SELECTOR, "article > p:not(.kicker)").text
    total = int(lede.split(" statement")[0])
    first = [s.text for s in browser.find_elements(By.CSS_SELECTOR, "div.statement")]
    assert 0 < len(first) < total and "Checked figures and disagreements" in browser.find_element(By.TAG_NAME, "article").text
    browser.find_element(By.CSS_SELECTOR, "nav.pages").find_element(By.LINK_TEXT, "Next page").click()
    wait_for(lambda: "said/shabana-mahmood-2" in browser.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "What Shabana Mahmood said"
    second = [s.text for s in browser.find_elements(By.CSS_SELECTOR, "div.statement")]
    assert len(first) + len(second) == total and not set(first) & set(second)
    screenshot(browser, f"{where}-6-said-mahmood-2")
    browser.find_element(By.CSS_SELECTOR, "p.lead").find_element(By.LINK_TEXT, "Shabana Mahmood").click()
    wait_for(lambda: browser.current_url.rstrip("/").endswith(("id/shabana-mahmood", "id/shabana-mahmood.html")))
    assert severe_errors(browser) == []


@pytest.mark.parametrize("where", ["serve", "static"])
def test_every_table_sorts_and_downloads_as_csv(browser, served, static, where):
    from selenium.webdriver.common.by import By

    import urllib.request

    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.get(page_url(base, "id/r000", is_static))
    table = browser.find_element(By.ID, "figures")
    table.find_element(By.CSS_SELECTOR, "thead th button").click()
    values = [(r.find_elements(By.TAG_NAME, "td")[0].get_attribute("data-sort-group") or "",
               r.find_elements(By.TAG_NAME, "td")[0].get_attribute("data-sort")) for r in
              table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    numbers = [(unit, float(v)) for unit, v in values if v]  # by unit, then value
    assert numbers == sorted(numbers) and len(numbers) > 5
    links = browser.find_elements(By.CSS_SELECTOR, "a.csv")
    tables = browser.find_elements(By.CSS_SELECTOR, "table.results")
    assert len(links) == len(tables) >= 3
    for link in links:
        with urllib.request.urlopen(link.get_attribute("href"), timeout=30) as response:
            body = response.read().decode("utf-8-sig")
        assert response.status == 200 and "(IRI)" in body.splitlines()[0]


@pytest.mark.parametrize("where", ["serve", "static"])
def test_the_events_list_sorts_by_the_earliest_date_reported_read_in_words(browser, served, static, where):
    """/browse/events had no date: a journalist could not put the events in order. Clicking "Earliest date
    reported" puts the dated events first, earliest first, each date in words ("July 2025"), then those no
    report dates."""
    import re

    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.get(page_url(base, "browse/events", is_static))
    table = browser.find_element(By.ID, "events")
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    column = headers.index("Earliest date reported")
    table.find_elements(By.CSS_SELECTOR, "thead th")[column].find_element(By.TAG_NAME, "button").click()
    cells = [r.find_elements(By.TAG_NAME, "td")[column] for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    keys = [c.get_attribute("data-sort") or "" for c in cells]
    dated = [k for k in keys if k]
    assert len(dated) > 10 and keys[:len(dated)] == dated == sorted(dated)  # undated last
    assert not any(re.search(r"\d{4}-\d{2}", c.text) for c in cells), [c.text for c in cells]


def test_a_column_sorts_words_that_begin_with_a_number_by_it_and_equal_values_by_their_words(browser, served):
    """Sorting the figures by "As written" put "1.6 per cent" after 45,774, among the words; sorting by Value left
    "around 0%", "less than 0" and "more than 0" interleaved in no order. Words that begin with a number now sort
    by it, and cells of the same value by their words."""
    import re

    from selenium.webdriver.common.by import By

    browser.get(page_url(served, "browse/figures", False))
    table = browser.find_element(By.ID, "figures")
    headers = table.find_elements(By.CSS_SELECTOR, "thead th")
    names = [th.text for th in headers]

    def sorted_by(name: str) -> list:
        headers[names.index(name)].find_element(By.TAG_NAME, "button").click()
        column = names.index(name)
        return browser.execute_script(  # (a figure's unit, then its key: per cent and people apart)
            "return [...arguments[0].tBodies[0].rows].map((r) => [[r.cells[arguments[1]].dataset.sortGroup || '', "
            "r.cells[arguments[1]].dataset.sort || ''].join(' '), r.cells[arguments[1]].textContent.trim()])", table, column)

    written = [text for _, text in sorted_by("As written")]
    leading = [float(m.group().replace(",", "")) for t in written if (m := re.match(r"-?\d[\d,]*(?:\.\d+)?(?=[\s%]|$)", t))]
    assert "1.6 per cent" in written and leading == sorted(leading), written
    assert written.index("1.6 per cent") < len(leading)  # among the numbers, not after them
    values = sorted_by("Value")
    for key in {k for k, _ in values}:
        same = [text.lower() for k, text in values if k == key]
        assert same == sorted(same), (key, same)


@pytest.mark.parametrize("where", ["serve", "static"])
def test_a_reports_column_names_each_report_by_its_number_with_what_that_leaves_out_as_its_tooltip(browser, served,
                                                                                                 static, where):
    """Each cell of the figures' Report column read "Report 000: 'one in, one out' brought in 25 per cent more
    migrants than it removed (no headline)", on a phone a card's longest line. It reads "Report 000"; pointing
    at it gives the headline, or says there is none and gives the curators' summary as theirs."""
    import re

    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.get(page_url(base, "browse/figures", is_static))
    table = browser.find_element(By.ID, "figures")
    column = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")].index("Report")
    links = [r.find_elements(By.TAG_NAME, "td")[column].find_element(By.TAG_NAME, "a")
             for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert len(links) > 50 and all(re.fullmatch(r"Report \d{3}", a.text) for a in links), {a.text for a in links}
    titles = {a.text: a.get_attribute("title") for a in links}
    assert all(t and not t.startswith("Report") for t in titles.values()), titles
    assert any(t.startswith("No headline. The curators' summary: ") for t in titles.values()), titles


# Each suggestion's title: its colour and the colour behind it (the nearest ancestor with one that shows).
SUGGESTION_COLOURS = """
return Array.from(document.querySelectorAll('#search-suggestions a')).map((a) => {
  let behind = a, background = 'rgba(0, 0, 0, 0)';
  while (behind && (background = getComputedStyle(behind).backgroundColor) === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
  return [a.textContent, getComputedStyle(a).color, background];
});
"""


@pytest.mark.parametrize("where", ["serve", "static"])
def test_search_suggestions_are_readable_and_escape_closes_them(browser, served, static, where):
    """The dropdown's titles were white on white (the header's white links reached its links, the dropdown
    being inside the header), and Escape closed it only from the search box. Now each title's colour
    differs from the dropdown's background, and Escape closes it from a suggestion too, back to the box."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.get(page_url(base, "", is_static))
    box = browser.find_element(By.ID, "search-box")
    box.send_keys("Mahmood")
    panel = browser.find_element(By.ID, "search-suggestions")
    wait_for(lambda: panel.is_displayed() and panel.find_elements(By.TAG_NAME, "a"), timeout=30)
    colours = browser.execute_script(SUGGESTION_COLOURS)
    assert colours and all(colour != background for _, colour, background in colours), colours
    assert all(background == "rgb(255, 255, 255)" for _, _, background in colours), colours
    box.send_keys(Keys.ESCAPE)
    wait_for(lambda: not panel.is_displayed())
    box.clear()  # (Escape empties a search box too)
    box.send_keys("Mahmood")
    wait_for(lambda: panel.is_displayed() and panel.find_elements(By.TAG_NAME, "a"), timeout=30)
    panel.find_element(By.TAG_NAME, "a").send_keys(Keys.ESCAPE)  # from a suggestion tabbed to
    wait_for(lambda: not panel.is_displayed())
    assert browser.switch_to.active_element == box


def test_on_a_phone_the_search_suggestions_lie_within_the_screen(browser, served):
    """The suggestions, 95 % of the window wide and pinned to the search box's right end, began 8 px left of
    the screen at 375 px (11 px at 320 px), their border and margin cut off. On a narrow screen they now
    span the search box, within the screen."""
    from selenium.webdriver.common.by import By

    try:
        for width in PHONES:
            browser.set_window_size(width, 800)
            browser.get(served)
            browser.find_element(By.ID, "search-box").send_keys("Philp")
            panel = browser.find_element(By.ID, "search-suggestions")
            wait_for(lambda: panel.is_displayed() and panel.find_elements(By.TAG_NAME, "a"), timeout=30)
            left, right, room = browser.execute_script(
                "const r = arguments[0].getBoundingClientRect(); return [r.left, r.right, document.documentElement.clientWidth]",
                panel)
            assert 0 <= left < right <= room, (width, left, right, room)
    finally:
        browser.set_window_size(1280, 1600)


@pytest.mark.parametrize("where", ["serve", "static"])
def test_a_misspelt_name_is_offered_the_name_it_resembles(browser, served, static, where):
    """Searching "Mahmod" found nothing ("Starmr" a stray quote of someone else): the index matches words
    exactly or by their start. The search page now offers the names one or two letters off, linked, and
    the search again with the word spelt as in the name; a name spelt right gets no such offer."""
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    severe_errors(browser)
    for asked, name, again in (("Mahmod", "Shabana Mahmood", "Mahmood"), ("net%20inflw", "net inflow", "net inflow")):
        browser.get(page_url(base, f"search?q={asked}", is_static))
        wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"),
                 timeout=30)
        hint = browser.find_element(By.CSS_SELECTOR, "p.did-you-mean")
        assert "Did you mean" in hint.text and f"Search for “{again}”" in hint.text, hint.text
        assert hint.find_element(By.LINK_TEXT, name).get_attribute("href")
    hint.find_element(By.PARTIAL_LINK_TEXT, "Search for").click()
    wait_for(lambda: "q=net%20inflow" in browser.current_url)
    wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"), timeout=30)
    assert not browser.find_elements(By.CSS_SELECTOR, "p.did-you-mean")
    assert "net inflow" in browser.find_element(By.ID, "search-results").text
    browser.get(page_url(base, "search?q=Mahmod", is_static))
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "p.did-you-mean"), timeout=30)
    browser.find_element(By.CSS_SELECTOR, "p.did-you-mean").find_element(By.LINK_TEXT, "Shabana Mahmood").click()
    wait_for(lambda: "shabana-mahmood" in browser.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Shabana Mahmood"
    assert severe_errors(browser) == []


@pytest.mark.parametrize("where", ["serve", "static"])
def test_the_search_box_suggestions_offer_the_name_a_misspelt_word_resembles(browser, served, static, where):
    """The search page said "Did you mean Shabana Mahmood?" for "Mahmod", but the search box's suggestions,
    typed on any other page, offered nothing of the kind ("Badenok", "Macorn": words that merely look
    alike). The suggestions now offer the same names, linked, and the search page for the word spelt as
    in the name."""
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    severe_errors(browser)
    for page in ("", "browse/checks"):
        for asked, name, again in (("Mahmod", "Shabana Mahmood", "Mahmood"), ("Badenok", "Kemi Badenoch", "Badenoch"),
                                   ("Macorn", "Emmanuel Macron", "Macron")):
            browser.get(page_url(base, page, is_static))
            browser.find_element(By.ID, "search-box").send_keys(asked)
            panel = browser.find_element(By.ID, "search-suggestions")
            wait_for(lambda: panel.is_displayed() and panel.find_elements(By.CSS_SELECTOR, "p.did-you-mean"), timeout=30)
            hint = panel.find_element(By.CSS_SELECTOR, "p.did-you-mean")
            assert "Did you mean" in hint.text and f"Search for “{again}”" in hint.text, hint.text
            assert hint.find_element(By.LINK_TEXT, name).get_attribute("href")
    hint.find_element(By.PARTIAL_LINK_TEXT, "Search for").click()  # from browse/checks: the search page, not ?q= here
    wait_for(lambda: "q=Macron" in browser.current_url)
    wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"), timeout=30)
    assert "Emmanuel Macron" in browser.find_element(By.ID, "search-results").text
    browser.get(page_url(base, "", is_static))
    browser.find_element(By.ID, "search-box").send_keys("Mahmood")  # spelt right: no offer
    panel = browser.find_element(By.ID, "search-suggestions")
    wait_for(lambda: panel.is_displayed() and panel.find_elements(By.TAG_NAME, "a"), timeout=30)
    assert not panel.find_elements(By.CSS_SELECTOR, "p.did-you-mean")
    assert severe_errors(browser) == []


def _searched(browser, base: str, query: str, is_static: bool) -> None:
    browser.get(page_url(base, f"search?q={query}", is_static))
    wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"), timeout=30)


@pytest.mark.parametrize("where", ["serve", "static"])
def test_a_decimal_is_found_as_written_and_results_only_alike_are_set_apart_under_a_suggestion(browser, served, static,
                                                                                              where):
    """"1.6" listed "16,969 — small-boat arrivals" first, above "1.6% — returned share of arrivals": the index
    reads a decimal without its point. Every result of a decimal now has it, and the figure of that value
    comes first. "Retaileau" offered Bruno Retailleau, then "6 results": an Iranian returnee, returnees who
    re-entered ("Macaron": Josh MacAlister). Results without the words asked are now folded apart under
    the offer, as other matches, and the results shown have them."""
    import re

    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    severe_errors(browser)
    _searched(browser, base, "1.6", is_static)
    items = [i.text for i in browser.find_elements(By.CSS_SELECTOR, "#search-results li")]
    decimal = re.compile(r"(?<![\d.,])1\.6(?![\d,])")
    assert items and all(decimal.search(i) for i in items), items
    figures = browser.find_element(By.XPATH, "//section[@class='result-group'][h2='Figures']")
    assert decimal.match(figures.find_element(By.CSS_SELECTOR, "li a").text), figures.text  # the value itself first
    for asked, name in (("Retaileau", "Bruno Retailleau"), ("Macaron", "Emmanuel Macron")):
        _searched(browser, base, asked, is_static)
        assert browser.find_element(By.CSS_SELECTOR, "p.did-you-mean").find_element(By.LINK_TEXT, name)
        shown = browser.find_elements(By.CSS_SELECTOR, "#search-results > section li")
        apart = browser.find_element(By.CSS_SELECTOR, "#search-results details.other-matches")
        assert all(asked.lower() in i.text.lower() for i in shown), [i.text for i in shown]
        assert apart.get_attribute("open") is None and "other match" in apart.find_element(By.TAG_NAME, "summary").text
        apart.find_element(By.TAG_NAME, "summary").click()
        loose = apart.find_elements(By.CSS_SELECTOR, "li")
        assert loose and not any(asked.lower() in i.text.lower() for i in loose), [i.text for i in loose]
    assert severe_errors(browser) == []


PLACEHOLDER_FITS = """
const box = document.getElementById('search-box'), style = getComputedStyle(box);
const context = document.createElement('canvas').getContext('2d');
context.font = style.font;
const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
return [box.placeholder, Math.ceil(context.measureText(box.placeholder).width), Math.floor(room)];
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_boxs_hint_is_read_whole_on_a_desktop_and_a_phone(browser, served, width):
    """At 1280 px the box's hint read "Search: a name, a figure (28": cut in its example. It fits the box."""
    try:
        browser.set_window_size(width, 800)
        browser.get(page_url(served, "", False))
        text, needed, room = browser.execute_script(PLACEHOLDER_FITS)
        assert needed <= room, (text, needed, room)
    finally:
        browser.set_window_size(1280, 1600)


# Each cell of the first row of the page's first table: [its column, its left and right edges, its text as
# shown, its column's name before it where the page shows one]
FIRST_ROW = """
const row = document.querySelector('table.results tbody tr');
return Array.from(row.cells).map((td) => { const r = td.getBoundingClientRect();
  const label = getComputedStyle(td, '::before').content;  // "none" where no name is shown
  return [td.dataset.label, Math.round(r.left), Math.round(r.right),
          (label === 'none' ? '' : JSON.parse(label)) + td.innerText]; });
"""


@pytest.mark.parametrize("where", ["serve", "static"])
def test_on_a_phone_each_row_of_a_table_reads_as_a_card_with_every_cell_in_view(browser, served, static, where):
    """At 375 px a table scrolled sideways in its box: the checks' "Why" and the disagreements' explanation,
    what a reader came for, were out of sight and each row a screen tall. Each row is now a card, each
    cell within the screen's width under its column's name; at 1280 px the table is a table."""
    base, is_static = (served, False) if where == "serve" else (static, True)
    try:
        for path, column in (("browse/checks", "Why"), ("browse/disagreements", "Explanation"), ("id/r000", "Verdict")):
            browser.set_window_size(375, 800)
            browser.get(page_url(base, path, is_static))
            cells = settled(lambda: browser.execute_script(FIRST_ROW), lambda cells: all(
                0 <= left and right <= 375 for _, left, right, _ in cells))
            assert all(0 <= left and right <= 375 for _, left, right, _ in cells), (path, cells)
            why = next(c for c in cells if c[0] == column)
            assert why[3].startswith(f"{column}: ") and len(why[3]) > len(column) + 3, why
            assert len({left for _, left, _, _ in cells}) == 1, cells  # one above the other
        browser.set_window_size(1280, 800)
        cells = settled(lambda: browser.execute_script(FIRST_ROW), lambda cells: len({c[1] for c in cells}) == len(cells))
        assert len({left for _, left, _, _ in cells}) == len(cells) and not cells[0][3].startswith("Claim")
    finally:
        browser.set_window_size(1280, 1600)


NAV_TOPS = "return Array.from(document.querySelectorAll('header nav a')).map(a => [a.textContent, a.offsetTop])"
# How a page fits its window, every <details> opened (what it hides must fit too): [the page's width, the width
# it has (the window's less Chromium's scrollbar, which a phone lays over the page), the window's width, its
# viewport tag (without one a phone lays a page out 980 px wide and shrinks it: pyLODE's ontology page had
# none), and the elements that stick out past the page's right edge where the box holding them does not (and
# no box of theirs scrolls or clips them), to name what made the page scroll sideways].
SIDEWAYS = """
document.querySelectorAll('details').forEach((details) => { details.open = true; });
const page = document.documentElement;
const sticksOut = (e) => e.getBoundingClientRect().right > page.clientWidth + 0.5;
const held = (e) => { for (let box = e.parentElement; box; box = box.parentElement) {
  if (getComputedStyle(box).overflowX !== 'visible' && !sticksOut(box)) return true; } return false; };
const culprits = Array.from(document.body.querySelectorAll('*')).filter((e) =>
  e.getBoundingClientRect().width && sticksOut(e) && !sticksOut(e.parentElement) && !held(e));
return [page.scrollWidth, page.clientWidth, window.innerWidth,
        (document.querySelector('meta[name=viewport]') || {}).content || '',
        culprits.slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
          + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
          + ' ' + Math.round(e.getBoundingClientRect().right) + ' px: ' + e.textContent.trim().slice(0, 40))];
"""


def one_line(tops) -> bool:
    """Whether the navigation's links (NAV_TOPS) share one line."""
    return len({top for _, top in tops}) == 1


def fits(width: int):
    """Whether a page, as SIDEWAYS reads it, is laid out in a window `width` px wide, as a phone lays it out
    (its viewport tag), and no wider than the room it has."""
    return lambda found: found[2] == width and "width=device-width" in found[3] and found[0] <= found[1]


PHONES = (375, 320)  # a common phone; the narrowest in use


LAYOUT_SHOTS = ("home", "checks", "person-philp", "figure-philp-70", "event-agreed", "said-mahmood-2",
                *PHONE_PAGES)  # at 1280 px (a main page) and 375 px, for a person to look at


@pytest.mark.parametrize("where", ["serve", "static"])
def test_the_navigation_is_one_line_on_a_desktop_and_no_page_scrolls_sideways_on_a_phone(browser, served, static,
                                                                                         where):
    """At 1280 px the site's links wrapped "Downloads" onto a second line; at 390 px (a phone) the checks'
    rows were several screens tall, a table squeezed to the page's width; at 375 px the ontology's page
    (pyLODE's) scrolled sideways, its text a word wide under a table of contents fixed over it, and at 320
    px every page did, the search box as wide as its natural width (and the SPARQL form's list of formats
    too). Now: at 1280 px all the links of each main page share one line (kg serve has one more, SPARQL); at
    375 and 320 px no page of any kind (MAIN_PAGES, PHONE_PAGES) is wider than the window, its hidden parts
    opened, and each says it is laid out for a phone. Screenshots at 375 px are written (and at 1280 px of the
    pages that are not main pages: the accessibility test writes theirs)."""
    base, is_static = (served, False) if where == "serve" else (static, True)
    wrapped, sideways = {}, {}
    try:
        for name, path in {**MAIN_PAGES, **PHONE_PAGES}.items():
            if is_static and name not in STATIC_DIFFERS + ("checks", "person-philp"):
                continue
            for width in (1280, *PHONES) if name in MAIN_PAGES else PHONES:
                browser.set_window_size(width, 844)
                browser.get(page_url(base, path, is_static))
                if name.startswith("search"):
                    wait_for(lambda: browser.execute_script(
                        "return document.getElementById('search-results').dataset.done"), timeout=30)
                if width == 1280 and not (len(tops := settled(lambda: browser.execute_script(NAV_TOPS), one_line)) >= 7
                                          and one_line(tops)):
                    wrapped[name] = tops
                if width in PHONES and not fits(width)(found := settled(lambda: browser.execute_script(SIDEWAYS),
                                                                        fits(width))):
                    sideways[f"{name} at {width} px"] = found
                if name in LAYOUT_SHOTS and width != PHONES[-1] and not (width == 1280 and name in MAIN_PAGES):
                    screenshot(browser, f"{where}-layout-{width}-{name}", width)  # (a main page at 1280: its a11y test's)
    finally:
        browser.set_window_size(1280, 1600)
    assert wrapped == {} and sideways == {}, (wrapped, sideways)


# Every figure's search record, each searched by the last word of its record (the match furthest from its
# value words), with the excerpt length desk.js asks for: [title, excerpt] of each.
FIGURE_EXCERPTS = """
const done = arguments[arguments.length - 1];
(async () => {
  const pagefind = await import(new URL(document.body.dataset.root + "pagefind/pagefind.js", document.baseURI).href);
  await pagefind.options({ excerptLength: arguments[0] });
  pagefind.init();
  const figures = await pagefind.search(null, { filters: { kind: "Figure" } });
  const out = [];
  for (const result of figures.results) {
    const record = await result.data();
    const last = record.raw_content.split(/\\s+/).map((w) => w.replace(/[^\\p{L}\\p{N}]/gu, "")).filter(Boolean).pop();
    const found = await pagefind.search(last);
    const same = found.results.find((r) => r.id === result.id);
    out.push([record.meta.title, same ? (await same.data()).plain_excerpt : "(not found by " + last + ")"]);
  }
  done(JSON.stringify(out));
})().catch((error) => done(JSON.stringify([["error", String(error)]])));
"""


@pytest.mark.parametrize("where", ["serve", "static"])
def test_every_figures_search_excerpt_keeps_its_value_with_its_qualifier(browser, served, static, where):
    """The excerpt under "less than 0 — net inflow" read "0 — net inflow": Pagefind began it some words
    before the match, inside the value words. Each figure's record is now no longer than an excerpt, so
    its excerpt is the whole record from its value words, whatever matched; the search page shows it
    after the title, which is the result's link (who, where and the report's words)."""
    import re

    from selenium.webdriver.common.by import By

    from kg.web.search import EXCERPT_WORDS

    desk_js = (Path(__file__).resolve().parents[1] / "kg" / "web" / "static" / "desk.js").read_text(encoding="utf-8")
    assert re.search(rf"excerptLength: {EXCERPT_WORDS}\b", desk_js)
    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.get(page_url(base, "search?q=net%20inflow", is_static))
    wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"), timeout=30)
    shown = [(item.find_element(By.TAG_NAME, "a").text, item.find_element(By.CSS_SELECTOR, "p.excerpt").text)
             for item in browser.find_elements(By.CSS_SELECTOR, "#search-results li")
             if item.find_element(By.TAG_NAME, "a").text.endswith("— net inflow")]
    assert any(title.startswith("less than 0") for title, _ in shown) and all(  # the title once, as the link
        title not in excerpt and "\u201c" in excerpt for title, excerpt in shown), shown
    found = json.loads(browser.execute_async_script(FIGURE_EXCERPTS, EXCERPT_WORDS))
    assert len(found) > 50, found
    cut = [(title, excerpt) for title, excerpt in found if not excerpt.startswith(title)]
    assert cut == []


@pytest.mark.parametrize("where", ["serve", "static"])
def test_a_search_result_shows_its_words_once_under_a_title_saying_who_and_where(browser, served, static, where):
    """Searching "lamentable" showed "Chris Philp: lamentable admission of failure" and under it "Chris
    Philp: lamentable admission of failure. lamentable admission of failure (Chris Philp, ...)": the title,
    then Pagefind's excerpt of the title and the words again. Each quote's result now reads as its link
    who said it and where, then the words once, the matching one marked."""
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.get(page_url(base, "search?q=lamentable", is_static))
    wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"), timeout=30)
    items = browser.find_elements(By.CSS_SELECTOR, "#search-results li")
    philp = [item for item in items if item.find_element(By.TAG_NAME, "a").text.startswith("Chris Philp")]
    assert len(philp) >= 2, [item.text for item in items]
    for item in items:
        title, excerpt = item.find_element(By.TAG_NAME, "a").text, item.find_element(By.CSS_SELECTOR, "p.excerpt").text
        assert title not in excerpt and excerpt not in title and item.text.count(excerpt) == 1, item.text
        assert item.find_element(By.CSS_SELECTOR, "p.excerpt mark").text.lower() == "lamentable", item.text
    for item in philp:
        assert " Home Secretary, in Report 00" in item.text and item.text.count("Philp") == 1, item.text
        assert item.text.count("lamentable admission of failure") == 1, item.text
    screenshot(browser, f"{where}-search-lamentable")
    # Pagefind marks a word with the punctuation written onto it ("\u201clamentable", "failure\u201d."):
    # the mark is the word only, the quotation marks and stops beside it
    browser.get(page_url(base, "search?q=failure", is_static))
    wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"), timeout=30)
    excerpts = browser.find_elements(By.CSS_SELECTOR, "#search-results p.excerpt")
    assert any(e.text.endswith("failure\u201d") or "failure\u201d." in e.text for e in excerpts), [e.text for e in excerpts]
    marks = [m.text for e in excerpts for m in e.find_elements(By.TAG_NAME, "mark")]
    assert marks and all(m.lower() == "failure" for m in marks), marks


def run_axe(driver) -> list:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));")
    return json.loads(result)


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core not fetched (scripts/fetch-axe)")
@pytest.mark.parametrize("where", ["serve", "static"])
def test_the_main_pages_have_no_serious_accessibility_violations(browser, served, static, where):
    base, is_static = (served, False) if where == "serve" else (static, True)
    found = {}
    for name, path in MAIN_PAGES.items():
        if is_static and name not in STATIC_DIFFERS:
            continue
        browser.get(page_url(base, path, is_static))
        if name.startswith("search"):
            wait_for(lambda: browser.execute_script("return document.getElementById('search-results').dataset.done"),
                     timeout=30)
        screenshot(browser, f"{where}-{name}")
        serious = [f"{v['id']} ({v['impact']}): {v['help']} at {[n.get('target') for n in v['nodes']][:3]}"
                   for v in run_axe(browser) if v.get("impact") in ("serious", "critical")]
        if serious:
            found[name] = serious
    assert found == {}


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core not fetched (scripts/fetch-axe)")
@pytest.mark.parametrize("width", [1280, 375])
def test_the_sparql_page_and_the_ontology_linked_from_every_page_have_no_serious_accessibility_violations(
        browser, served, width):
    """Both are one click from every page, and the desk's check left them out (found by a hostile read): YASGUI's tab
    list held its add-tab button (critical), its query box and endpoint box had no label (critical), its strings
    read 3.4:1 on white; on a phone its scrolled query could not be reached by keyboard; pyLODE's page said no
    language and its marks of a term's kind were light sky blue on white (1.9:1)."""
    found = {}
    try:
        for name in ("sparql", "ontology"):
            browser.set_window_size(width, 900)
            browser.get(page_url(served, name, False))
            if name == "sparql":
                wait_for(lambda: browser.execute_script("return !!document.querySelector('#yasgui .CodeMirror')"),
                         timeout=30)
            screenshot(browser, f"a11y-{name}-{width}", width)
            serious = [f"{v['id']} ({v['impact']}): {v['help']} at {[n.get('target') for n in v['nodes']][:3]}"
                       for v in run_axe(browser) if v.get("impact") in ("serious", "critical")]
            if serious:
                found[name] = serious
    finally:
        browser.set_window_size(1280, 1600)
    assert found == {}


# Each of YASGUI's buttons shown over its query box, and each piece of the query's text as laid out (a wrapped
# line is a piece a row): [left, top, right, bottom] in the window.
SPARQL_LAYOUT = """
const box = (b) => [b.left, b.top, b.right, b.bottom];
const buttons = [...document.querySelectorAll('#yasgui .yasqe_buttons > *')].filter((e) => e.offsetParent !== null)
  .map((e) => [e.className, box(e.getBoundingClientRect())]);
const text = [...document.querySelectorAll('#yasgui .CodeMirror-code .CodeMirror-line > span')]
  .flatMap((s) => [...s.getClientRects()].map(box));
return [buttons, text, window.innerWidth];
"""


def _sparql_editor(browser, served, width: int, height: int) -> None:
    """The SPARQL page in a window `width` x `height`, once YASGUI has drawn the query."""
    browser.set_window_size(width, height)
    browser.get(page_url(served, "sparql", False))
    wait_for(lambda: browser.execute_script("return !!document.querySelector('#yasgui .CodeMirror-code .CodeMirror-line')"),
             timeout=30)


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_the_sparql_pages_run_and_share_buttons_lie_over_none_of_the_querys_words(browser, served, width, height):
    """On a phone (390 x 844) YASGUI's share and run buttons lay over the query's first line, its PREFIX
    wrapped under them (found by a hostile read). The query now starts below them, at every width; both are
    shown, whole, within the window."""
    try:
        _sparql_editor(browser, served, width, height)
        buttons, text, window = settled(lambda: browser.execute_script(SPARQL_LAYOUT), lambda found: found[1])
        assert {name.split()[0] for name, _ in buttons} == {"yasqe_share", "yasqe_queryButton"}, buttons
        assert text
        for name, (left, top, right, bottom) in buttons:
            assert 0 <= left < right <= window and bottom > top, (name, left, right, window)
            over = [t for t in text if left < t[2] and t[0] < right and top < t[3] and t[1] < bottom]
            assert over == [], (name, (left, top, right, bottom), over)
        # its answer scrolls in its own box: the page did, 649 px wide on a 390 px phone (desk probe 3)
        browser.execute_script("document.querySelector('#yasgui .yasqe_queryButton').click()")
        wait_for(lambda: browser.execute_script("return document.querySelectorAll('#yasgui .yasr table td').length > 0"),
                 timeout=30)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= window
    finally:
        browser.set_window_size(1280, 1600)


# The query box, its first line of text, and YASGUI's buttons: [left, top, right, bottom] in the window.
SPARQL_BOX = """
const box = (e) => { const b = e.getBoundingClientRect ? e.getBoundingClientRect() : e; return [b.left, b.top, b.right, b.bottom]; };
const first = document.querySelector('#yasgui .CodeMirror-code .CodeMirror-line > span');
return [box(document.querySelector('#yasgui .CodeMirror')), box(first.getClientRects()[0]),
        [...document.querySelectorAll('#yasgui .yasqe_buttons > *')].filter((e) => e.offsetParent !== null).map(box)];
"""


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_the_sparql_query_starts_at_the_top_of_its_box_its_buttons_above_the_box(browser, served, width, height):
    """The SPARQL editor had an empty band 60 px high above the query's line 1, at every width: the box's top
    was padded to keep the query from under YASGUI's run and share buttons, which sat in the box. The buttons
    now sit above the box, out of it, and line 1 is at its top (a screenshot of each width is written)."""
    try:
        _sparql_editor(browser, served, width, height)
        editor, line, buttons = settled(lambda: browser.execute_script(SPARQL_BOX), lambda found: found[2])
        assert line[1] - editor[1] < 12, (editor, line)  # (CodeMirror's own 4 px of padding, and a border)
        assert len(buttons) == 2, buttons
        for left, top, right, bottom in buttons:
            assert bottom <= editor[1] + 1 and 0 <= left < right <= width, (buttons, editor)
        screenshot(browser, f"sparql-editor-{width}", width)
    finally:
        browser.set_window_size(1280, 1600)


def test_the_sparql_pages_example_answer_names_each_row_so_that_rows_can_be_told_apart(browser, served):
    """Run on a phone, the SPARQL page's example gave every row's figure as "<https://w3id.org/oioo/id/r00…",
    YASGUI cutting each full IRI to the same first characters: 17 rows alike. Its example declares oi:, so
    each figure is named oi:r000-fig-..., and no two rows' figures read the same."""
    try:
        _sparql_editor(browser, served, 390, 844)
        browser.execute_script("document.querySelector('#yasgui .yasqe_queryButton').click()")
        wait_for(lambda: browser.execute_script("return document.querySelectorAll('#yasgui .yasr table td').length > 0"),
                 timeout=30)
        first = browser.execute_script(
            "return [...document.querySelectorAll('#yasgui .yasr table tbody tr')].map((r) => r.cells[1].textContent.trim())")
        assert len(first) == 20 and len(set(first)) == 20, first
        assert all(cell.startswith("oi:r00") for cell in first), first
    finally:
        browser.set_window_size(1280, 1600)


def test_a_served_site_whose_search_index_is_missing_does_not_say_it_needs_a_web_server(browser, tmp_path_factory,
                                                                                           tmp_path):
    """A served desk whose index had gone (its folder removed under it) said "The search index could not be
    loaded (it needs a web server, not a file)", wrong when it is served. A served page now says the index
    could not be loaded from the site (a page opened as a file runs no script of the desk in Chromium)."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(published_site(tmp_path_factory), site)
    shutil.rmtree(site / "pagefind")
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)]
    with running(command, f"http://127.0.0.1:{port}/index.html", tmp_path / "http.log"):
        browser.get(f"http://127.0.0.1:{port}/search.html?q=Philp")
        said = _search_failure(browser)
    assert "could not be loaded from this site" in said and "web server" not in said, said


def _search_failure(browser) -> str:
    """What the search page says once it has tried to search."""
    from selenium.webdriver.common.by import By

    wait_for(lambda: browser.find_element(By.ID, "search-results").text.strip(), timeout=30)
    return browser.find_element(By.ID, "search-results").text


@pytest.mark.parametrize("where", ["serve", "static"])
def test_a_persons_posts_download_gives_the_reports_words_behind_each_post_and_lists_without_say_why(browser, served,
                                                                                                   static, where):
    """A journalist on Chris Philp's page downloads "Posts over time": the CSV said "Report 000, Report 002" and
    "The public record", and not the words, where every other list's CSV ends with them. The download now ends
    with the report's exact words naming him in the post, their report and characters, and "To" has its ISO
    column as "From" has. The people's list, whose rows are not something a report states, says why its CSV has
    no evidence columns, where a person reads it (a screenshot of each is written)."""
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.get(page_url(base, "id/chris-philp", is_static))
    section = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=posts-heading]")
    screenshot(browser, f"{where}-person-philp-posts")
    link = section.find_element(By.CSS_SELECTOR, "a.csv")
    with urllib.request.urlopen(link.get_attribute("href"), timeout=30) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8-sig"))))
    assert rows[0]["Post"] == "Shadow Home Secretary" and rows[0]["To (ISO)"] == "", rows
    assert "Chris Philp, the shadow home secretary" in rows[0]["Evidence (the report's exact words)"], rows
    assert rows[0]["Evidence (report IRI)"].endswith("/id/r002") and "3051\u20133089" in rows[0]["Evidence (characters)"]
    browser.get(page_url(base, "browse/people", is_static))
    note = browser.find_element(By.CSS_SELECTOR, "p.no-evidence")
    screenshot(browser, f"{where}-browse-people")
    assert note.is_displayed() and "no evidence columns" in note.text, note.text


def claims_sorted(browser, base: str, is_static: bool, clicks: int, name: str) -> list:
    """/browse/checks after `clicks` on its "Claim" heading (1: ascending, 2: descending), as (unit, sort key,
    text) a row, the unit as a reader tells them apart; a screenshot `name` of it is written."""
    from selenium.webdriver.common.by import By

    browser.get(page_url(base, "browse/checks", is_static))
    table = browser.find_element(By.ID, "checks")
    headers = table.find_elements(By.CSS_SELECTOR, "thead th")
    column = [th.text for th in headers].index("Claim")
    for _ in range(clicks):
        headers[column].find_element(By.TAG_NAME, "button").click()
    cells = browser.execute_script(
        "return [...arguments[0].tBodies[0].rows].map((r) => [r.cells[arguments[1]].dataset.sort || '', "
        "r.cells[arguments[1]].textContent.trim()])", table, column)
    screenshot(browser, name)
    return [("per cent" if text.endswith("%") else "rank" if "position" in text else "people", key, text)
            for key, text in cells]


def unit_runs(claims: list) -> list:
    """The units of sorted claims in the order their rows come, each once a run of rows."""
    return [u for i, (u, _, _) in enumerate(claims) if i == 0 or claims[i - 1][0] != u]


def numbered_first_by_value(keys: list, reverse: bool) -> list:
    """The numbers of one unit's sort keys, seen to come first (a claim with no number has none) and by value."""
    numbers = [float(k) for k in keys if k]
    assert numbers == sorted(numbers, reverse=reverse) and keys[:len(numbers)] == [k for k in keys if k], keys
    return numbers


@pytest.mark.parametrize("where", ["serve", "static"])
def test_the_checks_sorted_by_claim_keep_per_cent_ranks_and_counts_apart_each_by_value(browser, served, static, where):
    """Sorting /browse/checks by "Claim" put every claim on one number line: -9 %, position 1, 1.6 %, position 2,
    13 %, 25 %, 41 %, 69 people, as if 1.6 % were less than 69 people. A journalist sorting a table of claims
    reads per cent with per cent: the claims now sort by unit (each unit together), then by value, the
    claims with no number after those of their unit with one (a screenshot of the sorted list is written)."""
    import re

    base, is_static = (served, False) if where == "serve" else (static, True)
    claims = claims_sorted(browser, base, is_static, 1, f"{where}-checks-by-claim")
    runs = unit_runs(claims)
    assert len(runs) == len(set(runs)) == 3, [text for _, _, text in claims]  # each unit together
    for u in runs:
        numbered_first_by_value([key for v, key, _ in claims if v == u], reverse=False)
    assert any(re.search(r"1\.6%$", text) for _, _, text in claims)


@pytest.mark.parametrize("where", ["serve", "static"])
def test_the_checks_sorted_by_claim_descending_keep_the_units_in_order_and_reverse_each_units_values(browser, served,
                                                                                                    static, where):
    """Sorting /browse/checks by "Claim" a second time, largest first, reversed the units' blocks as well as the
    values in them (ranks, per cent, people, where the first sort gave people, per cent, ranks) and put "net
    inflow: Dozens more", a claim with no number, first of the people: a journalist switching between the two
    lost the block they were reading. The blocks now keep the first sort's order, only the values within each
    are reversed, and the claims with no number stay after those with one (a screenshot of the sorted list is
    written)."""
    base, is_static = (served, False) if where == "serve" else (static, True)
    ascending = claims_sorted(browser, base, is_static, 1, f"{where}-checks-by-claim")
    descending = claims_sorted(browser, base, is_static, 2, f"{where}-checks-by-claim-descending")
    runs = unit_runs(descending)
    assert runs == unit_runs(ascending) and len(runs) == len(set(runs)) == 3, [text for _, _, text in descending]
    for u in runs:
        numbers = numbered_first_by_value([key for v, key, _ in descending if v == u], reverse=True)
        assert len(set(numbers)) > 1, (u, numbers)  # (a unit of one value could not show its order)


@pytest.mark.parametrize("where", ["serve", "static"])
@pytest.mark.parametrize("width", [1280, 375])
def test_a_reports_column_shows_its_headline_or_the_curators_summary_to_a_reader_with_no_mouse(browser, served, static,
                                                                                               where, width):
    """The Report column of /browse/checks and /browse/figures said what "Report 002" leaves out only as a tooltip
    ("No headline. The curators' summary: ..."), which a keyboard or a phone user never sees. Under each number the
    page now shows its headline, or "No headline; curators' summary:" and theirs, cut short: seen on a desktop and
    on a phone, where a row reads as a card (screenshots of each are written)."""
    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.set_window_size(width, 1000)
    try:
        for kind in ("checks", "figures"):
            browser.get(page_url(base, f"browse/{kind}", is_static))
            # the column's cells read in one call (a WebDriver call a cell took 5 s a page)
            cells = browser.execute_script("""
                const table = document.getElementById(arguments[0]);
                const column = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim()).indexOf("Report");
                return [...table.querySelectorAll("tbody tr")].map(row => {
                    const cell = row.querySelectorAll("td")[column], note = cell.querySelector(".cell-note");
                    const box = note && note.getBoundingClientRect(), style = note && getComputedStyle(note);
                    return [cell.querySelector("a").innerText, note ? note.innerText : null,
                            !!note && box.height > 0 && style.visibility !== "hidden" && style.display !== "none"];
                });""", kind)
            assert len(cells) >= 12 and all(shown for _, _, shown in cells), kind
            said = {link: note for link, note, _ in cells}
            assert said["Report 002"].startswith("No headline; curators\u2019 summary: \u201cDozens more migrants"), said
            assert all(len(text.split()) <= 12 for text in said.values()), said  # cut short: the column stays readable
            if kind == "figures":  # a report with a headline: the headline, in quotation marks
                assert said["Report 004"].startswith("\u201cUK Has Returned 281 Migrants"), said
            screenshot(browser, f"{where}-{kind}-report-column-{width}", width)
    finally:
        browser.set_window_size(1280, 1600)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_persons_posts_show_each_report_under_the_last_with_what_it_is_on_a_desktop_and_a_phone(browser, served,
                                                                                                width):
    """Shabana Mahmood's "Posts over time" gave the five reports that name her as Home Secretary as plain words,
    "Report 000, Report 001, Report 002, Report 003, Report 004". Each is now a link with its headline, or the
    curators' summary, under it, one report under the other, none over another nor past the page's edge, on a
    desktop and on a phone, where a row reads as a card (screenshots of each are written)."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, 1000)
    try:
        browser.get(page_url(served, "id/shabana-mahmood", False))
        section = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=posts-heading]")
        cells = browser.execute_script("""
            const width = document.documentElement.clientWidth;
            return [...arguments[0].querySelectorAll("td[data-label=Reports]")].map(cell =>
                [...cell.querySelectorAll("li")].map(item => {
                    const box = item.getBoundingClientRect(), note = item.querySelector(".cell-note");
                    return [item.querySelector("a").innerText, note ? note.innerText : "", box.top, box.bottom,
                            box.right <= width, !!note && note.getBoundingClientRect().height > 0];
                }));""", section)
        screenshot(browser, f"serve-person-mahmood-posts-{width}", width)
    finally:
        browser.set_window_size(1280, 1600)
    assert [link for link, *_ in cells[0]] == [f"Report 00{n}" for n in range(5)], cells
    for items in cells:
        assert all(note and inside and shown for _, note, _, _, inside, shown in items), items
        assert all(item[2] >= before[3] for before, item in zip(items, items[1:])), items  # each under the last
