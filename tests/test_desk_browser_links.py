"""Links a reader shares or mistypes, in headless Chromium (test_desk_browser's server, browser and screenshots):
a permalink typed wrong on the static site, whose host serves 404.html for it with no server code behind, is
answered with the pages it likely meant, found in the browser."""

from __future__ import annotations

import sys

import pytest

from serving import free_port, published_site, running
from test_desk_browser import browser, pytestmark, screenshot, served  # noqa: F401 (its fixtures, its skip)
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
