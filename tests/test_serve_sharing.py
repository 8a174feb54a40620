"""A page shared as a link: every page kind of `kg serve` and of the static site of `kg publish` says in its head
what a chat or a social network shows for it (Open Graph, a Twitter card) and its permalink (rel=canonical) under
the base URL it is served or published with, escaped, consistent with its <title>, and summed up in its own words."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from serving import built_project, fetch, kg_server, published_site

SITE_NAME = "One in, one out"
# Served behind a proxy at this address: an ampersand and a quote in it must come out escaped, whole.
BASE_URL = "https://desk.example/a&b'/"
# page kind -> (path on kg serve, words its summary must have: what its lead shows)
PAGES = {
    "home": ("", ["one in, one out", "figures", "checks"]),
    "person": ("id/chris-philp", ["Chris Philp", "Shadow Home Secretary", "statements"]),
    "figure": ("id/r000-fig-net-inflow-70-philp", ["70", "net inflow", "Chris Philp", "Report 000"]),
    "statement": ("id/r000-st-philp-1", ["Chris Philp", "lamentable admission of failure"]),
    "report": ("id/r000", ["figures in this report"]),
    "check": ("id/check-r000-fig-net-inflow-70-philp", ["accurate when rounded", "69"]),
    "discrepancy": ("id/discrepancy-rounding-ind-net-inflow-a6340e13", ["Rounding", "69", "70"]),
    "indicator": ("id/ind-returned-to-france", ["returned", "France"]),
    "query": ("queries/figures-by-person?person=Chris+Philp", ["figure"]),
    "browse": ("browse/people", ["People", "in all"]),
    "browse index": ("browse", ["People", "Reports"]),
    "said": ("said/shabana-mahmood-2", ["Shabana Mahmood", "page 2"]),
    "search": ("search", ["one in, one out"]),
}


class Head(HTMLParser):
    """The <title>, the <meta> (by property or name) and the canonical link of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.title, self.meta, self.canonical, self._in_title, self.seen = "", {}, None, False, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.seen.append(key)
            self.meta[key] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.seen.append("canonical")
            self.canonical = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def shared_as(html: str, permalink: str, words: list) -> None:
    """The page's head says what a link to it shows: its title, its summary with `words`, its permalink."""
    head = Head(html)
    assert sorted(set(head.seen)) == sorted(head.seen), head.seen  # each once
    og = {k: v for k, v in head.meta.items() if k.startswith(("og:", "twitter:"))}
    assert og["og:site_name"] == SITE_NAME and og["twitter:card"] == "summary", og
    assert og["og:type"] in ("website", "article"), og
    assert head.title == f"{og['og:title']} · {SITE_NAME}", (head.title, og["og:title"])
    assert head.canonical == og["og:url"] == permalink, (head.canonical, og.get("og:url"), permalink)
    description = og["og:description"]
    assert description == head.meta["description"] and 20 < len(description) <= 300, description
    assert "<" not in description and "&" not in description.replace(" & ", ""), description  # text, not markup
    assert all(word.lower() in description.lower() for word in words), (words, description)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = built_project(tmp_path_factory)
    with kg_server(project, tmp_path_factory.mktemp("sharing") / "serve.log", "--base-url", BASE_URL) as url:
        yield url


@pytest.mark.parametrize("kind", PAGES)
def test_every_served_page_kind_has_open_graph_and_a_canonical_link_under_the_base_url(server, kind):
    """A journalist pasting a link to a figure, a person or a check into a chat got a bare address: the pages had
    no Open Graph or Twitter card, and only the resources' pages a canonical link (the IRI, whatever address the
    server had). Each now has its permalink under --base-url (escaped: an & or a quote in it), og:title its
    <title>, og:description its own summary (a figure's value, what it counts and who stated it; a person's
    name and post), og:url, og:type, og:site_name and twitter:card."""
    path, words = PAGES[kind]
    status, _, body = fetch(server + path, "text/html")
    assert status == 200, (path, status)
    html = body.decode("utf-8")
    assert "a&amp;b&#39;/" in html and "a&b'/" not in html  # (escaped in every attribute)
    shared_as(html, BASE_URL + path, words)


@pytest.mark.parametrize("kind", [kind for kind in PAGES if kind != "query"])
def test_every_published_page_kind_has_open_graph_and_a_canonical_link_to_its_file(tmp_path_factory, kind):
    """The static site's pages alike, each permalink its file under --base-url (the default,
    https://w3id.org/oioo/): id/NAME.html, the file a static host serves; the home page the base URL itself."""
    site = published_site(tmp_path_factory)
    path, words = PAGES[kind]
    name, _, query = path.partition("?")
    file = f"{name}.html" if name else "index.html"
    shared_as((site / file).read_text(encoding="utf-8"), "https://w3id.org/oioo/" + (file if name else ""), words)


def test_an_error_page_names_no_permalink(server):
    """A 404 is no page to share: it has no canonical link or og:url (a crawler would take the missing address for
    a page), but still its title and what went wrong."""
    status, _, body = fetch(server + "id/no-such-thing-at-all", "text/html")
    head = Head(body.decode("utf-8"))
    assert status == 404 and head.canonical is None and "og:url" not in head.meta
    assert head.meta["og:title"] == "Page not found (404)" and "no resource" in head.meta["og:description"]
