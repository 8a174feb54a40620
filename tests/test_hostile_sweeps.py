"""Generated malformed input (Hypothesis) over the query and parameter parsers (issue 11): in process,
through the `kg` command and through `kg serve`, every input is answered, or refused with a message of
one line (a KGError; exit code 2; an HTTP 4xx, or a 503 at the deadline), never a traceback or a 500,
and no input takes long: sizes (length, digits, exponents, nesting) are bounded before anything parses.
(Hand-picked cases: tests/test_hostile_cli.py and tests/test_serve_hostile.py; data files and
their parsers: tests/test_hostile_data.py.)"""

from __future__ import annotations

import re
import time
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.core.errors import KGError
from kg.core.terms import ox_term
from kg.sparql.run import answer
from kg.sparql.safety import MAX_NESTING
from kg.sparql.saved import MAX_DIGITS, MAX_VALUE_CHARACTERS, Parameter
from kg.reference.query import answer as reference_answer
from serving import ROOT, built_project, fetch, kg_server

DEADLINE = 2  # the sweep's server: seconds a query may run
HUGE = ["1e999999999", '"1e999999999"^^xsd:decimal', "-1E+999999999", '"1e999999999"^^xsd:double', "9" * 5000,
        '"' + "9" * 5000 + '"^^xsd:integer', "0." + "0" * 5000 + "1", '"' + "a" * 50_000 + '"']
# Pieces of SPARQL and of what breaks readers of it: keywords, terms, escapes, unbalanced brackets,
# numbers too large to write out, literals of the wrong type, functions over the wrong types.
FRAGMENTS = [
    "SELECT", "SELECT *", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "[", "]", ".", ";", ",",
    "?s", "?p", "?o", "$x", "?_person_iri", "<https://w3id.org/oioo/id/r000>", "<a>", "<>", "<http://exa mple.org/a>",
    "oi:r000", "oo:Report", "rdf:type", "a", "nope:x", '"text"', "'t'", '"""long\n"""', '"\\u0022"', '"\\"',
    "\\u0053ERVICE", "SERVICE <http://127.0.0.1:1/>", "FROM <file:///etc/passwd>", "GRAPH ?g", "FILTER", "BIND(",
    "AS", "OPTIONAL", "UNION", "MINUS", "VALUES ?v { 1 }", "LIMIT 1", "OFFSET 1", "ORDER BY ?s", "GROUP BY ?s",
    "COUNT(*)", "SUM(?o)", "AVG(?o)", 'REGEX(?o, "(")', 'REGEX(?o, "^(a+)+$")', "xsd:decimal(", "STR(", "+", "*",
    '"abc"^^xsd:integer', '"2025-13-45"^^xsd:date', '"NaN"^^xsd:decimal', "xsd:integer(\"sNaN\")",
    "STRDT(\"1\", <javascript:alert(1)>)", "#comment\n", "\\", "\x00", "\ufeff", "\ud7ff", "é", "INSERT DATA",
    "LOAD <http://x>", "DROP ALL", "PREFIX x: <http://x/>", "BASE <file:///>", "@prefix", "IRI(\"javascript:x\")",
    *HUGE,
]
SAVED_QUERIES = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
NO_SURROGATES = st.characters(blacklist_categories=("Cs",))  # text a URL or a command line can carry


def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth


def soups():
    return st.one_of(
        st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map(" ".join),
        st.text(NO_SURROGATES, max_size=200),
        st.tuples(st.sampled_from(["SELECT * WHERE { ", "ASK { ", "CONSTRUCT WHERE { ", "DESCRIBE ?s WHERE { ",
                                   "SELECT ?x WHERE { BIND(", "SELECT (SUM(?o) AS ?x) WHERE { ?s ?p "]),
                  st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join),
                  st.sampled_from([" }", " } LIMIT 3", "", " } }", " AS ?x) }", " AS ?o) } LIMIT 2"])).map("".join),
        st.integers(MAX_NESTING - 2, 4 * MAX_NESTING).map(nested),
    )


def one_line(message: str) -> str:
    message = message.strip()
    assert message and "\n" not in message and "Traceback" not in message, message[:2000]
    return message


@pytest.fixture(scope="module")
def small():
    """A few triples of the kinds queries meet (so that any cross product is small), in both engines."""
    graph = Graph()
    oo, oi = "https://w3id.org/oioo/ontology#", "https://w3id.org/oioo/id/"
    for i in range(4):
        graph.add((URIRef(f"{oi}r00{i}"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(f"{oo}Report")))
        graph.add((URIRef(f"{oi}r00{i}"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(f"report {i}")))
        graph.add((URIRef(f"{oi}f{i}"), URIRef(f"{oo}value"), Literal(i * 10)))
    store = ox.Store()
    for triple in graph:
        store.add(ox.Quad(*map(ox_term, triple)))
    return graph, store


def answered_or_refused(run, text: str) -> None:
    started = time.monotonic()
    try:
        run(text)
    except KGError as error:
        one_line(str(error))
    assert time.monotonic() - started < 2, text[:300]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=soups())
def test_any_text_given_as_a_query_is_answered_or_refused_in_one_line_by_oxigraph(small, text):
    answered_or_refused(lambda t: answer(small[1], t, limit=50), text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=soups())
def test_any_text_given_as_a_query_is_answered_or_refused_in_one_line_by_the_reference(small, text):
    answered_or_refused(lambda t: reference_answer(small[0], t), text)


# ------------------------------------------------------------------ parameters

PARAMETER_TYPES = ["iri", "integer", "decimal", "date", "gyear", "string"]
HOSTILE_VALUES = st.one_of(
    st.text(NO_SURROGATES, max_size=80),
    st.from_regex(r"[+-]?[0-9]{0,40}(\.[0-9]{0,40})?([eE][+-]?[0-9]{1,12})?", fullmatch=True),
    st.sampled_from(["1e999999999", "sNaN", "-Infinity", "9" * 10_000, "1" * (MAX_DIGITS + 1), "0." + "1" * 40,
                     "2025-02-30", "2025-13-45", "+002025-01-01", "20250101", "0000", "١٢٣", "x" * 600,
                     "javascript:alert(1)", "<https://x> } UNION { ?s ?p ?o", "oi:a b", "file:///etc/passwd",
                     "http://[::1", "urn:", "\x00", "oi:" + "a" * 10_000, "http://\x08", "oi:a\x7f", "http://[", "https://a:b:c/"]),
)


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(PARAMETER_TYPES), raw=HOSTILE_VALUES)
def test_any_parameter_value_becomes_a_bounded_term_or_a_one_line_refusal(kind, raw):
    parameter = Parameter("value", f"__value_{kind}", kind, False)
    started = time.monotonic()
    try:
        term = parameter.term(raw)
    except KGError as error:
        assert "parameter 'value'" in one_line(str(error))
    else:
        ox_term(term)  # a term the engine takes (a control character in an IRI would be a fault at run time)
        assert len(str(term)) <= MAX_VALUE_CHARACTERS + 100  # a prefix expanded
        if kind in ("integer", "decimal"):
            assert len(str(term)) <= 2 * MAX_DIGITS + 2 and str(term).lstrip("-").replace(".", "").isdigit()
        if kind == "iri":
            assert str(term).startswith(("http://", "https://", "urn:")) and not any(c in str(term) for c in ' <>"{}|\\^`')
    assert time.monotonic() - started < 0.5


# ------------------------------------------------------------------ through the kg command and kg serve

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_project(tmp_path_factory)


def saved_requests():
    """(saved query, parameter name, value): the parameters it has, others, and hostile values."""
    names = st.sampled_from(["person", "indicator", "report", "value", "since", "x", "query"])
    return st.tuples(st.sampled_from(SAVED_QUERIES), names, HOSTILE_VALUES.filter(lambda v: "\x00" not in v))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(saved=saved_requests(), text=soups().filter(lambda t: t.strip() and "\x00" not in t and not t.startswith("-")),
       which=st.booleans())
def test_the_kg_command_answers_or_refuses_any_query_or_parameter_in_one_line(kg, built, saved, text, which):
    name, parameter, value = saved
    if which:
        args = ["query", name, "--param", f"{parameter}={value}", "--format", "csv"]
    else:
        args = ["sparql", text, "--format", "csv"]
    started = time.monotonic()
    result = kg(*args, project=built)
    if result.exit_code != 0:
        assert result.exit_code == 2 and one_line(result.output).startswith("kg: "), result.output[:2000]
    assert "Traceback" not in result.output and time.monotonic() - started < 5


@pytest.fixture(scope="module")
def served(built, tmp_path_factory):
    log = tmp_path_factory.mktemp("sweeps") / "serve.log"
    with kg_server(built, log, "--timeout", str(DEADLINE), "--workers", "2") as url:
        yield url, log
    assert "Traceback" not in log.read_text()


def refused_in_one_line(status: int, headers: dict, body: bytes, elapsed: float) -> None:
    assert status != 500 and elapsed < DEADLINE + 3, (status, body[:300])
    if status >= 400:
        # 413, 414 and 431: a body, a request line, or headers, over the limits of docs/security.md
        assert status in (400, 403, 404, 406, 413, 414, 422, 431, 503), (status, body[:300])
        assert headers.get("content-type", "").startswith("text/plain")
        one_line(body.decode("utf-8"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(saved=saved_requests(), extension=st.sampled_from(["json", "csv", "xml"]))
def test_kg_serve_answers_or_refuses_any_saved_query_parameter_in_one_line(served, saved, extension):
    url, _ = served
    name, parameter, value = saved
    started = time.monotonic()
    status, headers, body = fetch(f"{url}queries/{name}.{extension}?{urlencode({parameter: value})}")
    refused_in_one_line(status, headers, body, time.monotonic() - started)
    if status == 400:
        assert parameter.encode() in body or b"parameter" in body, body


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=soups().filter(lambda t: t.strip()), post=st.booleans())
@example(text='"' + "a" * 70_000 + '"', post=False)  # a request line over 64 KiB: 414, which the sweep once met
def test_kg_serve_answers_or_refuses_any_query_text_in_one_line(served, text, post):
    url, _ = served
    started = time.monotonic()
    if post:
        status, headers, body = fetch(url + "sparql", "text/csv", data=text.encode("utf-8"),
                                      headers={"Content-Type": "application/sparql-query"})
    else:
        status, headers, body = fetch(url + "sparql?query=" + quote(text, safe=""), "text/csv")
    refused_in_one_line(status, headers, body, time.monotonic() - started)


# ------------------------------------------------------------------ the command's own parameters

def _text_and_path_parameters() -> list:
    """(command, parameter) for every parameter of a `kg` command that takes a text or a path (the group's
    own, --project, is read before the command: test_a_blank_value_is_one_line_and_exit_2_not_a_silent_default)."""
    from kg.cli import main

    return [(name, param) for name, command in sorted(main.commands.items()) for param in command.params
            if param.type.name in ("text", "file", "directory", "path") and not getattr(param, "is_flag", False)]


TEXT_AND_PATH_PARAMETERS = _text_and_path_parameters()
BLANKS = st.text(st.sampled_from(" \t\n\r\x0b\x0c\xa0\u2003\u3000"), max_size=4)


def _parse(name, param, value):
    """Read `value` as `param` of the command `name`, as the command line would, without running it: a
    value accepted here runs the command (`kg serve --host ""` served on every interface)."""
    from kg.cli import main

    args = [max(param.opts, key=len), value] if param.param_type_name == "option" else [value]
    main.commands[name].make_context(name, args)


@settings(max_examples=200, deadline=None)
@given(chosen=st.sampled_from(TEXT_AND_PATH_PARAMETERS), blank=BLANKS)
def test_every_text_or_path_parameter_given_a_blank_value_is_refused_before_any_work(chosen, blank):
    """Found by a hostile sweep: blank meant something else in silence (--project "" the current directory,
    -o "" charts written there, --endpoint "" the local graph, --date "" no date, --host "" every interface)."""
    name, param = chosen
    with pytest.raises(KGError, match=r"is empty \(an unset variable\?\): give it a value"):
        _parse(name, param, blank)


@settings(max_examples=200, deadline=None)
@given(chosen=st.sampled_from([(n, p) for n, p in TEXT_AND_PATH_PARAMETERS
                               if p.param_type_name == "option" and p.type.name == "text"]),
       before=st.text(NO_SURROGATES, max_size=10), byte=st.integers(0x80, 0xff))
def test_every_text_option_that_is_not_utf8_names_the_byte_before_any_work(chosen, before, byte):
    """Found by a hostile sweep: kg serve --host or --base-url in another encoding was an internal error."""
    name, param = chosen
    value = "x" + before + bytes([byte]).decode("utf-8", "surrogateescape")  # as Python hands over argv
    with pytest.raises(KGError, match=rf"not UTF-8 text \(byte {byte:#04x} at offset "):
        _parse(name, param, value)


@pytest.mark.parametrize("args", [("--project", "", "queries"), ("query", "agreements", "--endpoint", ""),
                                  ("timeline", "returned-to-france", "-o", " ")], ids=lambda args: args[0])
def test_a_blank_value_is_one_line_and_exit_2_not_a_silent_default(tmp_path, args):
    """Through the command: each of these did its work somewhere else (the current directory, the local
    graph) and exited 0."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, timeout=120)
    message = one_line(result.stderr.decode("utf-8"))
    assert result.returncode == 2 and message.startswith("kg: ") and "is empty" in message, message


@settings(max_examples=400, deadline=None)
@given(url=st.one_of(st.text(max_size=40), st.tuples(st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "javascript:", ""]),
                                                        st.text(max_size=30)).map("".join)))
def test_a_url_is_either_one_a_request_and_a_turtle_file_can_carry_or_refused_in_one_line(url):
    """kg.query.remote.checked_url reads every URL option (--endpoint, --base-url, kg push's URL): what it
    passes is an http(s) IRI in ASCII (a base URL 'not a url<>' was an internal error of kg publish's)."""
    from kg.query.remote import checked_url

    try:
        checked = checked_url(url, "--base-url")
    except KGError as error:
        assert one_line(str(error)).startswith("--base-url: not a")
        return
    assert checked.isascii() and ox.NamedNode(checked) and checked.lower().startswith(("http://", "https://"))
    checked.encode("ascii")  # as http.client writes a request line


# ------------------------------------------------------------------ a saved query's '#+' header

HEADER_PIECES = ["summary: ok", "summary:", "summary: 5", "summary: 2025-13-45", "summary: [a, b]", "description: x",
                 "description: [1, 2]", "description: {a: b}", "tags: 5", "tags: abc", "tags:", "  - a", "  - [b]",
                 "  - {c: d}", "defaults:", "defaults: 5", "defaults: x", "  - x: oi:a", "  - x: not an iri",
                 "  - x: [1, 2]", "  - x: {a: b}", "  - 5: oi:a", "  - x:", "params:", "params: [x]", "  x: about",
                 "  x: [1]", "  5: hi", "method: 5", "colour: red", ": :", "\t", "'", '"', "[", "{", "&a x", "*a",
                 "!!python/object/apply:os.system ['true']", "? x", "- y", "\x00", "\x85", "\ufeff", "%YAML 1.1", "---"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(st.sampled_from(HEADER_PIECES), st.text(NO_SURROGATES, max_size=20)), max_size=8),
       blank_lines=st.integers(0, 2), bom=st.booleans())
def test_any_header_of_a_saved_query_loads_or_is_refused_at_its_line_in_one_line(tmp_path, pieces, blank_lines, bom):
    """Found by a hostile sweep: `tags: 5` or `defaults: 5` was an internal error, `summary: 2025-13-45` one
    too (the site.yaml way), a default that the query cannot take was refused only when it ran, naming
    no file, YAML's own errors counted lines from the header, not the file, and a byte-order mark hid it."""
    from kg.core.errors import ParseError
    from kg.sparql.saved import load_query

    header = "".join(f"#+ {piece}\n" for piece in pieces)
    text = ("\ufeff" if bom else "") + "\n" * blank_lines + header + "SELECT ?_x_iri ?p WHERE { ?_x_iri ?p ?o }\n"
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    try:
        query = load_query(path)
    except KGError as error:
        message = one_line(str(error))
        assert message.startswith(str(path)), message
        if isinstance(error, ParseError):  # at a line of the header
            assert blank_lines < error.line <= blank_lines + max(1, len(pieces)), (error.line, message)
        return
    assert query.summary and all(isinstance(tag, str) for tag in query.tags)
    for parameter in query.parameters:
        if parameter.default is not None:
            parameter.term(parameter.default)  # every default the query keeps is one it can take


SITE_PIECES = ["reviewer:", "  name: Example", "  name: [1]", "  name:", "  url: https://example.org/", "  url: javascript:x",
               "  url: not a url <>", "  colour: red", "reviewer: 5", "reviewer: [a]", "reviews_published: 2026-03-01",
               "reviews_published: 2025-13-45", "reviews_published: 20250101", "reviews_published: yesterday",
               "reviews_published:", "reviews_published: [2026-03-01]", "reviewes_published: 2026-03-01", "- a", ": :", "\t",
               "'", "[", "&a x", "*a", "!!python/object/apply:os.system ['true']", "\x00", "# a comment", "---"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(st.sampled_from(SITE_PIECES), st.text(NO_SURROGATES, max_size=20)), max_size=6),
       tail=st.sampled_from([b"", b"\xff", b"\xef\xbb\xbf"]))
def test_any_site_yaml_is_read_or_refused_in_one_line_never_an_internal_error(tmp_path, pieces, tail):
    """Found by a hostile sweep: a site.yaml not in UTF-8, or with a date that does not exist (2025-13-45,
    which YAML reads as a date), was an internal error of kg publish's and kg serve's; a misspelt key, or a
    reviewer that is no mapping, the default in silence; a reviewer's javascript: url a link on every check page."""
    from types import SimpleNamespace

    from kg.web.pages import site_config

    (tmp_path / "site.yaml").write_bytes(("\n".join(pieces)).encode("utf-8") + tail)
    try:
        config = site_config(SimpleNamespace(root=tmp_path))
    except KGError as error:
        one_line(str(error))
        return
    assert set(config) == {"reviewer", "reviews_published"} and config["reviewer"]["name"].strip()
    assert config["reviewer"]["url"] == "" or config["reviewer"]["url"].startswith(("http://", "https://"))
    assert config["reviews_published"] == "" or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", config["reviews_published"])
