"""The desk's pages for a reader without a mouse, on paper, or without JavaScript, in headless Chromium on
`kg serve` (test_desk_browser's server, browser and screenshots): the search suggestions close when the
keyboard's focus leaves them, a printed page loses no column of a table and prints no control, and a control
that needs the desk's script is not shown where it has not run."""

from __future__ import annotations

import base64

import pytest

from test_desk_browser import SCREENSHOTS, browser, page_url, pytestmark, screenshot, served, settled  # noqa: F401 (its fixtures, its skip)
from test_serve_browser import wait_for

# Where the focus is, and whether the suggestions are open.
FOCUS = ("return [document.querySelector('main').contains(document.activeElement), "
         "!document.getElementById('search-suggestions').hidden]")


def _suggested(browser, served, words: str):
    """The suggestions for `words` typed into the search box of a person's page, once shown."""
    from selenium.webdriver.common.by import By

    browser.get(page_url(served, "id/chris-philp", False))
    browser.find_element(By.ID, "search-box").send_keys(words)
    panel = browser.find_element(By.ID, "search-suggestions")
    wait_for(lambda: panel.is_displayed() and panel.find_elements(By.TAG_NAME, "a"), timeout=30)
    return panel


def test_search_suggestions_close_when_focus_leaves_them(browser, served):
    """A keyboard user who typed "Mahm" and tabbed past the suggestions into the page had them open over the
    page's right half, and Escape no longer closed them (it was heard in the search form only). They close
    once the focus leaves the search form (the WAI-ARIA combobox pattern), and a screenshot is written."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    panel = _suggested(browser, served, "Mahm")
    stops = len(panel.find_elements(By.CSS_SELECTOR, "a, summary"))
    for _ in range(stops + 2):  # the button, each suggestion, then the page
        ActionChains(browser).send_keys(Keys.TAB).perform()
    try:  # (closed once the focus has landed: a moment after the key)
        wait_for(lambda: browser.execute_script(FOCUS) == [True, False], timeout=5,
                 why=lambda: f"[focus in the page, suggestions open]: {browser.execute_script(FOCUS)}")
    finally:
        screenshot(browser, "serve-search-suggestions-after-tab")


def test_a_press_inside_the_search_suggestions_keeps_them_open_and_escape_closes_them_from_anywhere(browser, served):
    """Pressing the suggestions' heading (no link: the focus goes to the page) must not close them, or a press
    on a suggestion where a browser focuses no link on a press would find them gone before its click; with
    the focus outside the search form, Escape still closes them. A suggestion clicked is followed."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    panel = _suggested(browser, served, "Mahmood")
    panel.find_element(By.TAG_NAME, "h3").click()
    assert panel.is_displayed()
    assert browser.execute_script("return !document.getElementById('search-box').form.contains(document.activeElement)")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(lambda: not panel.is_displayed())
    panel = _suggested(browser, served, "Mahmood")
    panel.find_element(By.LINK_TEXT, "Shabana Mahmood").click()
    wait_for(lambda: "shabana-mahmood" in browser.current_url)


# Print media at A4's width less Chromium's default margins of 1 cm (210 mm - 20 mm at 96 px an inch).
A4_PRINTED_WIDTH = 718
# Each table cell shown whose box ends right of its table's wrapper or the page, or whose content is wider than
# it (cut off, or spilling over the next cell): [table, column, row, how far out in px]. (Headings laid out as
# a one-pixel box are for screen readers: a row as a card gives each cell its column's name.)
CLIPPED_CELLS = """
const page = document.documentElement.clientWidth, out = [];
let seen = 0;
for (const wrap of document.querySelectorAll('.table-wrap')) {
  const edge = Math.min(page, wrap.getBoundingClientRect().right);
  const headings = wrap.querySelector('thead').getBoundingClientRect().height > 1 ? 'th, td' : 'td';
  wrap.querySelectorAll(headings).forEach((cell) => {
    seen += 1;
    const past = Math.max(cell.getBoundingClientRect().right - edge, cell.scrollWidth - cell.clientWidth);
    if (past > 1) out.push([wrap.querySelector('table').id, cell.dataset.label || cell.textContent.trim(),
                            cell.parentElement.rowIndex, Math.round(past)]);
  });
}
return [seen, out];
"""
# The controls shown on the printed page: the site's links, the search box, buttons (a column's heading,
# a sort button, is its name), the pager.
PRINTED_CONTROLS = """
return [...document.querySelectorAll('header nav a:not(.brand), form.search, button:not(.sort), nav.pages')]
  .filter((e) => e.getClientRects().length).map((e) => e.outerHTML.slice(0, 80));
"""


def test_a_printed_table_loses_no_column(browser, served):
    """Printed (print media, A4 portrait), a table scrolled in its box: browse/figures lost Report, Verdict and
    Disagreements, an indicator's values and a report's figures their right-hand columns, and the site's
    links, the search box and "Copy the citation" were printed. Every cell of every table now lies within
    the page, its content within it, and no control is printed. The first printed page of browse/figures
    is written as a PDF, and the print layout as a screenshot."""
    clipped, controls = {}, {}
    browser.set_window_size(A4_PRINTED_WIDTH, 1000)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for path in ("browse/figures", "id/ind-small-boat-arrivals", "id/r000", "id/r000-fig-net-inflow-70-philp"):
            browser.get(page_url(served, path, False))
            clipped[path] = browser.execute_script(CLIPPED_CELLS)
            controls[path] = browser.execute_script(PRINTED_CONTROLS)
        browser.get(page_url(served, "browse/figures", False))
        screenshot(browser, "serve-print-browse-figures", A4_PRINTED_WIDTH)
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "pageRanges": "1"})
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "serve-print-browse-figures.pdf").write_bytes(base64.b64decode(pdf["data"]))
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.set_window_size(1280, 1600)
    assert all(seen > 100 for path, (seen, _) in clipped.items() if "-fig-" not in path), clipped  # (a figure: no table)
    assert {p: out for p, (_, out) in clipped.items() if out} == {}
    assert {p: c for p, c in controls.items() if c} == {}


# Whether the sort hint and the copy button are shown.
SHOWN = "return [...document.querySelectorAll(arguments[0])].map((e) => e.getClientRects().length > 0)"


@pytest.mark.parametrize("script", [False, True], ids=["without-javascript", "with-javascript"])
def test_controls_that_need_javascript_are_hidden_without_it(browser, served, script):
    """Without JavaScript, browse/checks said "Click a column heading to sort." over headings that do not
    sort, and a figure's "Copy the citation" did nothing. Each is shown only where the desk's script has run
    (and is there, with it). Each is read until it is as it should be, or for 5 s: in CI, run after the
    print test had put back the screen's media and a window 1280 px wide, the hint was read hidden (as the
    print and narrow layouts hide it) though the script had shown it, before Chromium laid the page out again."""
    def shown(selector):
        return settled(lambda: browser.execute_script(SHOWN, selector), lambda seen: seen == [script])

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not script})
    try:
        browser.get(page_url(served, "browse/checks", False))
        hint = shown(".sort-hint")  # (WebDriver's own scripts run either way)
        browser.get(page_url(served, "id/r000-fig-net-inflow-70-philp", False))
        copy = shown("button.copy")
        screenshot(browser, f"serve-figure-philp-70-{'with' if script else 'without'}-javascript")
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert hint == [script] and copy == [script], (hint, copy)
