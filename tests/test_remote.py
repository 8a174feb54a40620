"""The build on a real SPARQL server: parameters bound by VALUES give the rows initBindings give, and
against a real Oxigraph server (`oxigraph serve`, from the oxigraph package on PyPI, started here on
loopback) `kg push` loads the build and every saved query returns the same rows as the embedded engine."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef, Variable

from kg.reference.build import full_graph
from kg.core.errors import KGError
from kg.query.store import open_store
from kg.sparql.run import answer
from kg.sparql.saved import load_queries
from kg.query.remote import bind_values, run_saved_remote, values_block
from serving import built_project, fetch, free_port, running

# Parameters to try per saved query, beyond the defaults.
SAMPLES = {
    "who-said-what": [{"indicator": "oi:ind-net-inflow"}, {"indicator": "oi:ind-returned-to-france"}],
    "figures-by-person": [{"person": "oi:chris-philp"}],
    "reports-stating-figure": [{"indicator": "oi:ind-returned-to-france"}, {"value": "281"}],
    "statements": [{"report": "oi:r003"}],
    "statements-about": [{"about": "oi:uk-france-returns-agreement"}],
    "officials-roles": [{"person": "oi:yvette-cooper"}],
    "statements-by-person": [{"person": "oi:chris-philp"}],
    "figures-in-report": [{"report": "oi:r002"}],
    "figure-history": [{"indicator": "oi:ind-small-boat-arrivals"}],
    "figure-provenance": [{"figure": "oi:r000-fig-net-inflow-70-philp"}],
}


def cases(queries):
    for name, saved in sorted(queries.items()):
        for given in [{}] + SAMPLES.get(name, []):
            if all(p.default is not None or not p.required or p.name in given for p in saved.parameters):
                yield name, given


def group_concat_columns(text: str) -> dict:
    """Columns made by GROUP_CONCAT, with their separators: SPARQL leaves their order open."""
    found = {}
    for match in re.finditer(r'GROUP_CONCAT\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*?separator\s*=\s*"([^"]*)"\)\s*AS\s*\?(\w+)', text, re.I | re.S):
        found[match.group(2)] = match.group(1)
    return found


def normalise(variables: list, rows: list, concat: dict) -> list:
    """Rows as comparable tuples: blank nodes as one token, GROUP_CONCATs sorted; numbers as written (they
    were compared by value while dist/checks.ttl held "69.0", which Oxigraph answers as 69)."""
    out = []
    for row in rows:
        cells = []
        for variable, term in zip(variables, row):
            if term is None:
                cells.append("")
            elif term.__class__.__name__ == "BNode":
                cells.append("_:b")
            elif variable in concat:
                cells.append(concat[variable].join(sorted(str(term).split(concat[variable]))))
            else:
                cells.append(str(term))
        out.append(tuple(cells))
    return sorted(out)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_project(tmp_path_factory)


@pytest.fixture(scope="module")
def graph(project):
    return full_graph(project)


@pytest.fixture(scope="module")
def queries(project):
    return load_queries(project.queries_dir)


@pytest.fixture(scope="module")
def store(project):
    return open_store(project, in_memory=True)


@pytest.fixture(scope="module")
def expected(store, queries):
    """Each case's variables and normalised rows on the embedded engine, the parameters bound as RDF terms
    (pyoxigraph's substitutions, as kg query binds them)."""
    out = {}
    for name, given in cases(queries):
        saved = queries[name]
        result = answer(store, saved.text, saved.bindings(given))
        variables = result.variables
        out[name, tuple(sorted(given.items()))] = (variables, normalise(variables, result.rows, group_concat_columns(saved.text)))
    return out


def test_values_binding_gives_the_rows_initbindings_give(store, queries, expected):
    """The text a remote endpoint gets (the query, then a VALUES block) answers as the bound query does."""
    for (name, given), (variables, rows) in expected.items():
        saved = queries[name]
        got = answer(store, bind_values(saved.text, saved.bindings(dict(given))))
        assert normalise(variables, got.rows, group_concat_columns(saved.text)) == rows, (name, given)
    assert len(expected) >= 15


def test_values_are_written_from_rdf_terms_never_pasted():
    assert values_block({}) == ""
    block = values_block({Variable("__about_string"): Literal('x" } UNION { ?s ?p ?o } #')})
    assert block == 'VALUES (?__about_string) { ("x\\" } UNION { ?s ?p ?o } #") }'
    with pytest.raises(KGError):
        values_block({Variable("_person_iri"): URIRef("https://w3id.org/oioo/id/x> } UNION { ?s ?p ?o")})
    text = "SELECT ?s ?_o_iri WHERE { ?s ?p ?_o_iri . { SELECT ?s ?_o_iri WHERE { ?s ?q ?_o_iri } } }"
    bound = bind_values(text, {Variable("_o_iri"): URIRef("urn:x")})
    assert bound == text + "\nVALUES (?_o_iri) { (<urn:x>) }"  # the query's own text, unchanged, then the data


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from('a\\"\'\n\r\t}#u0022 \x00\x7f\ufffe\U0001f600é'), max_size=12),
       language=st.sampled_from([None, "en", "EN-gb"]))
@example(text='a\n\\"', language=None)
def test_a_values_block_gives_the_endpoint_the_very_value_it_was_given(text, language):
    """A value with a line break that ended in a backslash and a quote was written (rdflib's n3()) as a long
    string that no SPARQL parser reads: the endpoint answered 400 (a hostile read found it). Every string, read
    back by a SPARQL parser from the block, is the value given."""
    value = Literal(text, lang=language)
    block = values_block({Variable("__v_string"): value})
    (row,) = ox.Store().query(f"SELECT ?__v_string WHERE {{ }} {block}")
    assert row[0] == ox.Literal(text, language=language.lower() if language else None), block


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.is_file() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph; it is in the test extra)")
    port = free_port()
    directory = tmp_path_factory.mktemp("oxigraph")
    command = [binary, "serve", "--location", str(directory / "db"), "--bind", f"127.0.0.1:{port}"]
    with running(command, f"http://127.0.0.1:{port}/", directory / "oxigraph.log", timeout=60):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def pushed(oxigraph, project, graph):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["--project", str(project.root), "push", f"{oxigraph}/store"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"PUT {len(graph)} triples" in result.output and "HTTP 204" in result.output
    return oxigraph


def test_push_loads_every_triple(pushed, graph):
    status, _, body = fetch(f"{pushed}/query", "application/sparql-results+json",
                            data=b"query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(graph)


def test_every_saved_query_returns_the_same_rows_on_oxigraph(pushed, queries, expected):
    for (name, given), (variables, rows) in expected.items():
        result = run_saved_remote(queries[name], dict(given), f"{pushed}/query")
        assert result.variables == variables
        assert normalise(variables, result.rows, group_concat_columns(queries[name].text)) == rows, (name, given)
    assert {name for name, _ in expected} == set(queries)


def test_kg_query_endpoint_on_oxigraph(pushed, project, expected, kg, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # figure-history's table in columns, not records
    result = kg("query", "figures-by-person", "--param", "person=oi:chris-philp", "--format", "json",
                "--endpoint", f"{pushed}/query", project=project)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    variables, rows = expected["figures-by-person", (("person", "oi:chris-philp"),)]
    got = [[_term(b.get(v)) for v in variables] for b in document["results"]["bindings"]]
    assert document["head"]["vars"] == variables and normalise(variables, got, {}) == rows
    table = kg("query", "figure-history", "--endpoint", f"{pushed}/query", project=project)
    assert table.exit_code == 0 and "oi:r003  42" in table.output


def _term(binding):
    from rdflib import BNode

    if binding is None:
        return None
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if binding["type"] == "bnode":
        return BNode(binding["value"])
    return Literal(binding["value"], lang=binding.get("xml:lang"),
                   datatype=URIRef(binding["datatype"]) if binding.get("datatype") else None)


def test_push_and_remote_query_errors_are_messages(kg, project):
    closed = f"http://127.0.0.1:{free_port()}"
    result = kg("push", f"{closed}/store", project=project)
    assert result.exit_code == 2 and "cannot reach" in result.output and "Traceback" not in result.output
    result = kg("query", "agreements", "--endpoint", f"{closed}/query", project=project)
    assert result.exit_code == 2 and "cannot reach" in result.output


def test_kg_query_endpoint_takes_a_name_as_the_local_graph_does(pushed, project, expected, kg):
    """`-p person="Chris Philp"` was refused with --endpoint ("must be an IRI") though it works locally
    (found by a hostile read): names are now resolved on the endpoint."""
    by_name = kg("query", "figures-by-person", "--param", "person=Chris Philp", "--format", "json",
                 "--endpoint", f"{pushed}/query", project=project)
    by_iri = kg("query", "figures-by-person", "--param", "person=oi:chris-philp", "--format", "json",
                "--endpoint", f"{pushed}/query", project=project)
    assert by_name.exit_code == 0, by_name.output
    assert json.loads(by_name.output) == json.loads(by_iri.output) and json.loads(by_name.output)["results"]["bindings"]
    unknown = kg("query", "figures-by-person", "--param", "person=Chris Philpott", "--endpoint", f"{pushed}/query",
                 project=project)
    assert unknown.exit_code == 2 and "no person is called 'Chris Philpott'" in unknown.output, unknown.output
    assert "Chris Philp (oi:chris-philp)" in unknown.output  # the nearest names, read on the endpoint
    missing = kg("query", "figures-by-person", "--param", "person=oi:no-such-person", "--endpoint",
                 f"{pushed}/query", project=project)
    assert missing.exit_code == 2 and "no person oi:no-such-person in this dataset" in missing.output, missing.output


def test_push_refuses_a_graph_name_that_is_not_an_absolute_iri_and_sends_nothing(kg, project_copy, listener):
    """`kg push URL --graph 'not an iri'` sent the data into that "graph" and reported success."""
    url, seen = listener
    for name in ("not an iri", "relative/name", ""):
        result = kg("push", url, "--graph", name, project=project_copy)
        says = "--graph must be an absolute IRI" if name else "--graph is empty"  # (kg.cli._Given)
        assert result.exit_code == 2 and says in result.stderr, result.output
    assert seen == [] and not project_copy.dist_dir.exists()


@pytest.mark.parametrize("args", [("push", "{closed}/store"), ("push", "{bad}/store"),
                                  ("query", "agreements", "--endpoint", "{closed}/query")])
def test_a_password_in_an_endpoints_url_is_never_printed(kg, project, args):
    """`kg push http://user:pass@host/` echoed the credentials in its error messages (and the URL parser's
    own message quoted the password again)."""
    closed = f"http://ann:s3cret@127.0.0.1:{free_port()}"
    args = [a.format(closed=closed, bad="http://ann:s3cret@[::1") for a in args]
    result = kg(*args, project=project)
    assert result.exit_code == 2 and "s3cret" not in result.output and "***@" in result.output, result.output


@pytest.mark.parametrize("url, graph, says", [
    ("{url}#x", None, "has a #fragment"),
    ("{url}#", None, "has a #fragment"),
    ("{url}?x=1#f", None, "has a #fragment"),
    ("{url}#x", "urn:kg-release", "has a #fragment"),
    ("{url}?default", "urn:kg-release", "names its graph already"),
    ("{url}?graph=urn:a", "urn:kg-release", "names its graph already"),
])
def test_push_refuses_a_url_whose_graph_it_would_not_send_and_sends_nothing(kg, project_copy, listener, url, graph,
                                                                            says):
    """`kg push http://HOST/store#x` sent a PUT to the bare /store (HTTP never sends a fragment, nor the
    `?default` written after it), which replaced every graph the store held, and said HTTP 204; and
    `kg push 'URL?default' --graph IRI` dropped --graph and replaced the default graph (a hostile read found
    both). Both are refused before anything is built or sent."""
    address, seen = listener
    result = kg("push", url.format(url=address), *(("--graph", graph) if graph else ()), project=project_copy)
    assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.output, result.output
    assert seen == [] and not project_copy.dist_dir.exists()


def test_a_saved_query_that_uses_a_prefix_it_does_not_declare_is_refused_before_an_endpoint_is_asked(kg, project_copy,
                                                                                                     listener):
    """kg declares its prefixes for the queries it runs itself, an endpoint does not: a saved query using oo:
    undeclared answered locally and was a 400 from the endpoint, in the endpoint's words (a hostile read)."""
    url, seen = listener
    (project_copy.root / "queries" / "zz-undeclared.rq").write_text(
        "#+ summary: a prefix used, not declared\nSELECT ?s WHERE { ?s a oo:Report }\n", encoding="utf-8")
    result = kg("query", "zz-undeclared", "--endpoint", url, project=project_copy)
    assert result.exit_code == 2, result.output
    assert "zz-undeclared.rq: the prefix 'oo:' is not declared: add PREFIX oo: <...> before the query: an endpoint " \
           "reads only the prefixes a query declares" in result.stderr, result.stderr
    assert seen == []
