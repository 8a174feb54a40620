"""What a journalist sees: headless Chromium (Debian's chromium and chromium-driver, installed by
.ci/run) opens the home page, a person's page and a figure's page on `kg serve`, runs a saved query
from its form and a SPARQL query in the editor, and nothing is fetched from outside this machine."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from kg.web.pages import YASGUI
from serving import CHROMEDRIVER as DRIVER
from serving import CHROMIUM, built_project, chromium, kg_server

pytestmark = pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                                reason="headless Chromium not installed (apt-get install chromium chromium-driver; "
                                       ".ci/run installs them)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = built_project(tmp_path_factory)
    with kg_server(project, tmp_path_factory.mktemp("browser") / "serve.log", "--timeout", "10") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium({"browser": "ALL", "performance": "ALL"}) as driver:
        yield driver


def wait_for(predicate, timeout=15.0, interval=0.1, why=None):
    """The first true value of `predicate`, tried until `timeout` (a page may still be loading
    on a busy machine); `why` says what was on the screen when it never came."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s" + (f": {why()}" if why else ""))


def requested_hosts_once_settled(driver, timeout=60.0) -> set:
    """The hosts the open page asked for, read once it has loaded, its editor (where it has one) is
    ready and every request it started has ended, answered or failed: a page still asking for things
    (the editor starts its own requests after the load) would hide what it asks for last."""
    started, ended, hosts = set(), set(), set()

    def settled():
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.requestWillBeSent":
                started.add(params["requestId"])
                url = params["request"]["url"]
                if url.startswith(("http:", "https:", "ws:", "wss:")):
                    hosts.add(urlsplit(url).hostname)
            elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                ended.add(params["requestId"])
        return driver.execute_script("return document.readyState === 'complete' && "
                                     "(!document.getElementById('yasgui') || window.kgYasgui !== undefined)") \
            and started and started <= ended

    wait_for(settled, timeout=timeout, why=lambda: f"{driver.current_url} never settled: loaded and its editor ready "
                                                   f"({driver.execute_script('return document.readyState')}), "
                                                   f"requests still open {sorted(started - ended)}")
    return hosts


def severe_errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_home_page_shows_the_checks_the_disagreements_and_the_saved_queries(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server)
    assert "Who said what about which figure" in browser.find_element(By.TAG_NAME, "h1").text
    checks = browser.find_element(By.ID, "checks").text
    assert "accurate when rounded" in checks and "slightly inaccurate" in checks
    assert "Contradiction" in browser.find_element(By.ID, "disagreements").text
    assert "UK Has Returned 281 Migrants to France" in browser.find_element(By.ID, "reports").text
    forms = browser.find_elements(By.CSS_SELECTOR, "form.query-form")
    assert len(forms) >= 10
    assert severe_errors(browser) == []


def test_a_person_page_shows_posts_over_time_and_everything_said(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server)
    browser.find_element(By.LINK_TEXT, "People").click()
    browser.find_element(By.LINK_TEXT, "Yvette Cooper").click()
    wait_for(lambda: browser.current_url.endswith("/id/yvette-cooper"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Yvette Cooper"
    roles = browser.find_element(By.ID, "posts").text
    assert "Home Secretary" in roles and "Foreign Secretary" in roles and "5 September 2025" in roles and "2025-09-05" not in roles
    assert "What they said" in browser.find_element(By.TAG_NAME, "article").text


def test_a_figure_page_leads_to_its_evidence_by_clicking(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "id/r000-fig-returned-281-mahmood")
    page = browser.find_element(By.TAG_NAME, "article").text
    assert "000_" in page  # the source file of the report
    assert "Home Secretary Shabana Mahmood confirmed 281 small boat migrants" in page
    assert "characters 154–268" in page  # the span's offsets
    browser.find_element(By.CSS_SELECTOR, "p.byline").find_element(By.LINK_TEXT, "Shabana Mahmood").click()
    wait_for(lambda: browser.current_url.endswith("/id/shabana-mahmood"))


def test_running_a_saved_query_from_the_form_with_a_name(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server)  # (once failed in CI under load with no form: what the page was is said if it happens again)
    form = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, 'form[data-query="figures-by-person"]'),
                    why=lambda: f"{browser.current_url} {browser.title!r}: "
                                f"{browser.find_element(By.TAG_NAME, 'body').text[:400]!r}")[0]
    field = form.find_element(By.NAME, "person")
    field.clear()
    field.send_keys("Chris Philp")
    form.find_element(By.TAG_NAME, "button").click()
    table = wait_for(lambda: browser.find_elements(By.ID, "results"))[0]
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) >= 5
    assert all("Chris Philp" in row.text for row in rows)
    assert "person=Chris+Philp" in browser.current_url


def test_an_ambiguous_name_in_the_form_lists_the_candidates(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "queries/figure-provenance?figure=281")
    message = browser.find_element(By.CSS_SELECTOR, ".error").text
    # by the names a reader types, not prefixed names (the CLI and the API give both)
    assert "'281' names" in message and "281 returned to France (report 000, Mahmood)" in message
    assert "oi:" not in message


def test_the_sparql_editor_runs_a_query(browser, server):
    from selenium.webdriver.common.by import By

    if not (YASGUI / "yasgui.min.js").is_file():
        pytest.skip("YASGUI not fetched (scripts/fetch-yasgui); the plain form is tested instead")
    severe_errors(browser)  # reading the log empties it: keep only what this page logs
    browser.get(server + "sparql")
    wait_for(lambda: browser.execute_script("return !!(window.kgYasgui && window.kgYasgui.getTab())"))
    browser.execute_script("window.kgYasgui.getTab().getYasqe().setValue(arguments[0]);",
                           "SELECT ?report WHERE { ?report a oo:Report } ORDER BY ?report")
    browser.execute_script("window.kgYasgui.getTab().getYasqe().query();")
    cells = wait_for(lambda: [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody td")
                              if "r00" in c.text])
    assert any("r000" in c for c in cells) and any("r004" in c for c in cells)
    assert severe_errors(browser) == []


def test_the_plain_form_works_without_javascript_editor(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "sparql")
    # As a person does: open the plain form by its summary when the editor has closed it.
    plain = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "details.plain-form"),
                     why=lambda: f"no plain form on {browser.current_url}: {browser.title!r}")[0]
    if not plain.get_attribute("open"):
        plain.find_element(By.TAG_NAME, "summary").click()
    form = browser.find_element(By.ID, "sparql-form")
    area = form.find_element(By.NAME, "query")
    browser.execute_script("arguments[0].value = arguments[1];", area, "SELECT ?r WHERE { ?r a oo:Report } ORDER BY ?r")
    form.find_element(By.TAG_NAME, "button").click()
    table = wait_for(lambda: browser.find_elements(By.ID, "results-table"))[0]
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 5


def test_nothing_is_fetched_from_outside_this_machine(browser, server):
    browser.get(server)
    hosts = requested_hosts_once_settled(browser)
    browser.get(server + "sparql")
    hosts |= requested_hosts_once_settled(browser)
    assert hosts and hosts <= {"127.0.0.1", "localhost"}, hosts
