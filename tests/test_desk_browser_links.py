"""Links a reader shares or mistypes, in headless Chromium (test_desk_browser's server, browser and screenshots):
a table sorted keeps its order in the page's address, for a reload and a link shared, on kg serve and the static
site; a permalink typed wrong on the static site, whose host serves 404.html for it with no server code behind,
is answered with the pages it likely meant, found in the browser."""

from __future__ import annotations

import sys

import pytest

from serving import free_port, published_site, running
from test_desk_browser import browser, page_url, pytestmark, screenshot, served, static  # noqa: F401 (its fixtures, its skip)
from test_serve_browser import severe_errors, wait_for

# A static host as GitHub Pages or Netlify are: the site under its --base-url's path (/oioo/), and 404.html (with
# status 404) for any path it does not have. (python -m http.server answers its own 404 page.)
HOST = """
import functools, http.server, sys
from pathlib import Path
site = Path(sys.argv[2])
class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        return super().translate_path(path[len("/oioo"):] if path.startswith("/oioo/") else "/no-such-path")
    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), functools.partial(Handler, directory=str(site))).serve_forever()
"""


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """The published site on a host that serves it at /oioo/ (its --base-url's path) with its 404.html."""
    site = published_site(tmp_path_factory)
    port = free_port()
    log = tmp_path_factory.mktemp("host") / "host.log"
    with running([sys.executable, "-c", HOST, str(port), str(site)], f"http://127.0.0.1:{port}/oioo/index.html", log):
        yield f"http://127.0.0.1:{port}/oioo/"


def near_links(browser) -> list:
    from selenium.webdriver.common.by import By

    section = browser.find_element(By.ID, "near")
    wait_for(lambda: section.get_attribute("data-done") == "yes", timeout=30)
    return [(a.text, a.get_attribute("href")) for a in section.find_elements(By.TAG_NAME, "a")]


@pytest.mark.parametrize("path, meant, label", [
    ("id/Yvette-Cooper.html", "id/yvette-cooper.html", "Yvette Cooper"),
    ("id/Yvette-Cooper", "id/yvette-cooper.html", "Yvette Cooper"),
    ("id/shabana-mahmod.html", "id/shabana-mahmood.html", "Shabana Mahmood"),
])
def test_a_mistyped_permalink_on_the_static_site_suggests_the_page_it_meant_from_the_browser(browser, hosted, path,
                                                                                              meant, label):
    """The static site's 404.html, which a host serves for any missing path, said only "Nothing here": a reader
    who typed /id/Yvette-Cooper was not told the page is id/yvette-cooper.html. No server runs code behind it;
    the desk's script finds the page of the name in lower case and the pages the search index and the names a
    misspelt word resembles point to, and links them first (a screenshot is written)."""
    browser.get(hosted + path)
    links = near_links(browser)
    try:
        assert links and links[0] == (label, hosted + meant), links
        others = [e for e in severe_errors(browser) if not e["message"].startswith(hosted + path + " ")]  # (its own 404)
        assert len(links) <= 5 and not others, others
    finally:
        screenshot(browser, "static-404-" + path.replace("/", "-").removesuffix(".html"))


def test_a_static_404_for_a_path_outside_id_suggests_nothing(browser, hosted):
    from selenium.webdriver.common.by import By

    browser.get(hosted + "nothing/here.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Page not found"
    assert not browser.find_element(By.ID, "near").is_displayed()


# Each row's claim and verdict, in the order the rows come; and the heading sorted (aria-sort), if any.
ROWS = ("return [[...arguments[0].tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | ')), "
        "[...arguments[0].querySelectorAll('th[aria-sort]')].map((th) => [th.textContent, th.getAttribute('aria-sort')])]")


def _rows(browser, table_id: str):
    from selenium.webdriver.common.by import By

    return browser.execute_script(ROWS, browser.find_element(By.ID, table_id))


@pytest.mark.parametrize("where", ["serve", "static"])
def test_a_sorted_table_keeps_its_order_in_the_link_for_a_reload_and_a_fresh_page(browser, served, static, where):
    """A journalist sorted /browse/checks by "Claim", largest first, and shared the link: the reader (and the
    journalist, reloading) got the checks in the page's own order. The sort is now in the address's fragment
    (#sort=checks:claim:desc: the static host's files read no query string), replaced at each click, not added
    to the history (Back leaves the page, as before); a reload, and the link opened in a fresh tab, show the
    same order with the same heading marked, and a link within the page followed ("Skip to the content") keeps
    it (a screenshot of the opened link is written)."""
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    browser.get(page_url(base, "", is_static))
    browser.get(page_url(base, "browse/checks", is_static))
    unsorted, _ = _rows(browser, "checks")
    history = browser.execute_script("return history.length")
    table = browser.find_element(By.ID, "checks")
    claim = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")].index("Claim")
    for _ in range(2):  # ascending, then descending
        table.find_elements(By.CSS_SELECTOR, "thead th button")[claim].click()
    rows, marked = _rows(browser, "checks")
    assert rows != unsorted and marked == [["Claim", "descending"]], marked
    link = page_url(base, "browse/checks", is_static) + "#sort=checks:claim:desc"
    wait_for(lambda: browser.current_url == link, why=lambda: browser.current_url)  # (as the browser reports it: it may lag)
    assert browser.execute_script("return history.length") == history  # (replaced, not added to)
    browser.refresh()
    assert _rows(browser, "checks") == [rows, marked]
    browser.execute_script("document.querySelector('a.skip').click()")  # "Skip to the content": #main
    wait_for(lambda: browser.current_url == page_url(base, "browse/checks", is_static) + "#main&sort=checks:claim:desc",
             why=lambda: browser.current_url)
    assert _rows(browser, "checks") == [rows, marked]  # (a section named, the order kept)
    assert browser.execute_script("return history.length") == history + 1  # (the link's step, not the sort's)
    original = browser.current_window_handle
    browser.switch_to.new_window("tab")
    try:
        browser.get(link)
        assert _rows(browser, "checks") == [rows, marked]
        screenshot(browser, f"{where}-checks-sorted-from-a-shared-link")
    finally:
        browser.close()
        browser.switch_to.window(original)
    browser.back()  # the checks before the link within the page was followed: sorted, as they were left
    wait_for(lambda: browser.current_url == link, why=lambda: browser.current_url)
    assert _rows(browser, "checks") == [rows, marked]
    browser.back()  # the page before, not the checks unsorted
    wait_for(lambda: browser.current_url == page_url(base, "", is_static), why=lambda: browser.current_url)


@pytest.mark.parametrize("where", ["serve", "static"])
def test_a_link_that_sorts_two_tables_and_names_a_section_restores_both_and_keeps_the_section(browser, served, static,
                                                                                             where):
    """The home page has several tables: each keeps its own sort in the address, and a section the link named
    (#disagreements) stays in it, in front, the page scrolled to it. Back returns to the page as it was left
    (its entry replaced, sorted), then to the address before, without the sort: the tables in their own order."""
    from selenium.webdriver.common.by import By

    base, is_static = (served, False) if where == "serve" else (static, True)
    home = page_url(base, "", is_static)
    browser.get(home)
    tables = ("checks-table", "reports-table")
    unsorted = {t: _rows(browser, t) for t in tables}
    browser.get(home + "#disagreements")  # (a fragment's change within the page: its hashchange comes after)
    wait_for(lambda: browser.current_url == home + "#disagreements", why=lambda: browser.current_url)
    link = home + "#disagreements"
    for table_id, column in zip(tables, ("Claim", "Date")):
        table = browser.find_element(By.ID, table_id)
        headings = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        table.find_elements(By.CSS_SELECTOR, "thead th button")[headings.index(column)].click()
        link += f"&sort={table_id}:{column.lower()}"
        # The address as the browser reports it may lag the page's replaceState on a busy machine (CI once read
        # it with the first sort only); the headings marked say whether the click itself was lost.
        wait_for(lambda: browser.current_url == link,
                 why=lambda: (browser.current_url, {t: _rows(browser, t)[1] for t in tables}))
    sorted_rows = {t: _rows(browser, t) for t in tables}
    assert all(sorted_rows[t][0] != unsorted[t][0] for t in sorted_rows), sorted_rows
    browser.get("about:blank")
    browser.get(link)
    assert {t: _rows(browser, t) for t in tables} == sorted_rows
    assert browser.execute_script("return document.getElementById('disagreements').getBoundingClientRect().top") < 50
    browser.back()  # about:blank
    browser.back()  # the entry the sorts replaced: sorted, as it was left
    wait_for(lambda: browser.current_url == link, why=lambda: browser.current_url)
    wait_for(lambda: {t: _rows(browser, t) for t in tables} == sorted_rows)
    browser.back()  # the home page before the section was named: its own order (a fragment's change restores it)
    wait_for(lambda: browser.current_url == home, why=lambda: browser.current_url)
    wait_for(lambda: {t: _rows(browser, t) for t in tables} == unsorted)
