"""The desk's pages for a reader without a mouse, on paper, or without JavaScript, in headless Chromium on
`kg serve` (test_desk_browser's server, browser and screenshots): the search suggestions close when the
keyboard's focus leaves them."""

from __future__ import annotations

from test_desk_browser import browser, page_url, pytestmark, screenshot, served  # noqa: F401 (its fixtures, its skip)
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

