"""Saved-query files: grlc headers, parameters bound as RDF terms, and refusal of remote access."""

import re
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from kg.core.errors import KGError
from kg.core.namespaces import OI
import pyoxigraph as ox

from kg.sparql.parsing import algebra_nodes
from kg.query.remote import bind_values
from kg.sparql.run import answer
from kg.sparql.safety import check
from kg.core.terms import ox_term
from kg.sparql.saved import Parameter, expand_iri, find_query, load_queries, load_query
from kg.reference.query import answer as reference_answer

HEADER = "#+ summary: A test query\n"


def write(tmp_path, text, name="q.rq"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_saved_query_has_a_header_and_parses(project):
    queries = load_queries(project.queries_dir)
    assert len(queries) >= 9
    for query in queries.values():
        assert query.summary and query.description, query.name


def test_every_saved_query_and_check_declares_the_prefixes_it_uses_and_is_sent_as_written(project):
    """grlc, and any SPARQL endpoint kg query --endpoint asks, read a query as it is written: kg prepended
    the project's PREFIX declarations to each query it sent to an endpoint, an edit of the query's text
    that a query declaring its own prefixes does not need. Each saved query and check parses alone, with
    no prefix given (Oxigraph's parser, which rdflib's initNs or pyoxigraph's prefixes would otherwise
    help), and kg.query.remote sends nothing but the text and a VALUES block after it."""
    import pyoxigraph as ox

    from kg.query import remote

    bare = ox.Store()
    paths = sorted(project.queries_dir.glob("*.rq")) + sorted((project.queries_dir / "checks").glob("*.rq"))
    assert len(paths) >= 9
    for path in paths:
        try:
            bare.query(path.read_text(encoding="utf-8"))
        except SyntaxError as error:
            raise AssertionError(f"{path.name} does not parse as written: {error}") from None
    assert not hasattr(remote, "with_prefixes")


def test_grlc_parameter_names_give_name_type_and_requiredness(tmp_path):
    query = load_query(write(tmp_path, HEADER + "#+ defaults:\n#+   - who: oi:x\n"
                             "SELECT * WHERE { ?s ?p ?_who_iri . ?s ?q ?__n_integer }"))
    (who, n) = query.parameters
    assert (who.name, who.type, who.required, who.default) == ("who", "iri", True, "oi:x")
    assert (n.name, n.type, n.required) == ("n", "integer", False)


def test_parameters_are_bound_as_rdf_terms_not_pasted(tmp_path):
    query = load_query(write(tmp_path, HEADER + "SELECT ?s ?_v_integer ?_name WHERE { ?s ?p ?_v_integer . ?s ?q ?_name }"))
    hostile = 'x" } ; DROP ALL ; {'
    bindings = query.bindings({"v": "42", "name": hostile})
    assert bindings == {Variable("_v_integer"): Literal(42), Variable("_name"): Literal(hostile)}
    graph = Graph()
    graph.add((OI.a, OI.p, Literal(42)))
    graph.add((OI.a, OI.q, Literal(hostile)))
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype))) if o.datatype else ox.Literal(str(o)))
                 for s, p, o in graph)
    assert [row[0] for row in answer(store, query.text, bindings).rows] == [OI.a]
    assert [row[0] for row in reference_answer(graph, query.text, bindings).rows] == [OI.a]


def test_a_parameter_outside_the_projection_is_an_error(tmp_path):
    """pyoxigraph binds only projected variables: a saved query that hides a parameter cannot be bound alike."""
    with pytest.raises(KGError, match=r"parameter \?_v_iri must be in the SELECT projection"):
        load_query(write(tmp_path, HEADER + "SELECT ?s WHERE { ?s ?p ?_v_iri }"))


@pytest.mark.parametrize("where, message", [
    ("{ ?s <urn:kg:p> ?o FILTER(BOUND(?__v_iri)) }", "is used in no triple pattern, only in FILTER"),
    ("{ ?s <urn:kg:p> ?o FILTER(?o = ?__v_iri) }", "is used in no triple pattern, only in FILTER"),
    ("{ { SELECT ?s WHERE { ?s <urn:kg:p> ?__v_iri } } }", "is used inside a subquery that does not project it"),
    ("{ ?s <urn:kg:p> ?__v_iri { SELECT ?s WHERE { ?s <urn:kg:q> ?__v_iri } } }", "is used inside a subquery that does not project it"),
    ("{ ?s <urn:kg:p> ?o BIND(?o AS ?__v_iri) }", "is given a value by BIND"),
    ("{ ?s <urn:kg:p> ?__v_iri VALUES ?__v_iri { <urn:kg:a> } }", "is given its values by a VALUES block"),
    ("{ ?s <urn:kg:p> ?o OPTIONAL { ?s <urn:kg:q> ?__v_iri } }", "is used only inside OPTIONAL, MINUS or \\(NOT\\) EXISTS"),
    ("{ ?s <urn:kg:p> ?o MINUS { ?s <urn:kg:q> ?__v_iri } }", "is used only inside OPTIONAL, MINUS or \\(NOT\\) EXISTS"),
    ("{ ?s <urn:kg:p> ?o FILTER EXISTS { ?s <urn:kg:p> ?__v_iri } }", "is used only inside OPTIONAL, MINUS or \\(NOT\\) EXISTS"),
    ("{ ?s <urn:kg:p> ?o FILTER NOT EXISTS { ?s <urn:kg:q> ?__v_iri } }", "is used only inside OPTIONAL, MINUS or \\(NOT\\) EXISTS"),
    ("{ { SELECT ?__v_iri ?s WHERE { ?s <urn:kg:p> ?__v_iri } ORDER BY ?s LIMIT 1 } }", "is used inside a subquery with LIMIT or OFFSET"),
    ("{ { SELECT ?__v_iri ?s WHERE { ?s <urn:kg:p> ?__v_iri } OFFSET 1 } }", "is used inside a subquery with LIMIT or OFFSET"),
])
def test_a_parameter_the_engines_would_bind_differently_is_refused_when_the_query_is_loaded(tmp_path, where, message):
    """The module's rule, said and not checked (found by a hostile read): a user's saved query with its parameter
    only in FILTER(BOUND()) gave 0 rows on Oxigraph and rows on the reference; in a subquery not projecting it,
    97 rows against 14; given by BIND, 14 against 97; each loaded without a word. And where the two local engines
    agree but an endpoint given the value as a VALUES block does not (a second hostile read): only in an
    OPTIONAL, 10 rows locally and 8 on the endpoint; in a subquery with LIMIT, 3 against 0; only in an EXISTS,
    the rows of every value."""
    with pytest.raises(KGError, match=rf"q\.rq: parameter \?__v_iri {message}.*use it as a term of a triple pattern"):
        load_query(write(tmp_path, HEADER + f"SELECT ?__v_iri ?s WHERE {where}"))


@pytest.mark.parametrize("query", [
    "SELECT ?__v_iri ?s WHERE { ?s <urn:kg:p> ?__v_iri FILTER(BOUND(?__v_iri)) }",
    "SELECT ?__v_iri ?s WHERE { ?s <urn:kg:p> ?__v_iri FILTER EXISTS { ?s <urn:kg:p> ?__v_iri } }",
    "SELECT ?__v_iri ?s ?t WHERE { ?s <urn:kg:p> ?__v_iri OPTIONAL { ?t <urn:kg:p> ?__v_iri } }",
    "SELECT ?__v_iri ?s WHERE { { SELECT ?__v_iri ?s WHERE { ?s <urn:kg:p> ?__v_iri } } }",
    "SELECT ?__v_iri ?s WHERE { { SELECT ?__v_iri ?s WHERE { ?s <urn:kg:p> ?__v_iri } } } ORDER BY ?s LIMIT 2",
    "SELECT ?__v_iri (COUNT(?s) AS ?n) WHERE { ?s <urn:kg:p> ?__v_iri } GROUP BY ?__v_iri",
])
def test_a_parameter_in_a_triple_pattern_of_its_scope_is_loaded_and_bound_alike_by_both_engines(tmp_path, query):
    """What the rule above lets through: a parameter that is a term of a triple pattern every answer matches (a
    FILTER, an EXISTS or an OPTIONAL beside it, a subquery that projects it, a GROUP BY of it) answers the same
    on both engines and on an endpoint given it as a VALUES block, bound and unbound."""
    saved = load_query(write(tmp_path, HEADER + query))
    graph, store = Graph(), ox.Store()
    for s_, o in (("a", "x"), ("b", "y"), ("c", "x")):
        graph.add((URIRef(f"urn:kg:{s_}"), URIRef("urn:kg:p"), URIRef(f"urn:kg:{o}")))
        store.add(ox.Quad(ox.NamedNode(f"urn:kg:{s_}"), ox.NamedNode("urn:kg:p"), ox.NamedNode(f"urn:kg:{o}")))
    for bindings in ({}, {Variable("__v_iri"): URIRef("urn:kg:x")}):
        mine = sorted([str(ox_term(t)) if t is not None else "" for t in row] for row in answer(store, saved.text, bindings).rows)
        theirs = sorted([str(ox_term(t)) if t is not None else "" for t in row]
                        for row in reference_answer(graph, saved.text, bindings).rows)
        remote = sorted([str(ox_term(t)) if t is not None else "" for t in row]
                        for row in answer(store, bind_values(saved.text, bindings)).rows)
        assert mine == theirs == remote and mine, (bindings, mine, theirs, remote)


@pytest.mark.parametrize("header, message", [
    ("#+ summary: [unclosed\n", "malformed '#+' header"),
    ("#+ description: no summary\n", "needs a 'summary'"),
    ("#+ summary: s\n#+ colour: red\n", "unknown header key"),
    ("#+ summary: s\n#+ defaults:\n#+   - ghost: 1\n", "no ?_ghost variable"),
    ("#+ - a list\n", "must be a YAML mapping"),
    ("", "no '#+' YAML header"),
])
def test_a_malformed_header_is_an_error(tmp_path, header, message):
    with pytest.raises(KGError, match=re.escape(message)):
        load_query(write(tmp_path, header + "SELECT * WHERE { ?s ?p ?o }"))


def test_invalid_sparql_in_a_saved_query_is_an_error(tmp_path):
    with pytest.raises(KGError, match="not valid SPARQL"):
        load_query(write(tmp_path, HEADER + "SELECT * WHERE { ?s ?p }"))


def test_finding_a_saved_query_reads_that_query_alone_and_lists_all_when_none_is_named_so(tmp_path):
    """`kg query NAME` parses only NAME's file (rdflib's parser: about 0.1 s a query, a second of the quick
    start's query once); a name that is not a file of the folder, a path included, lists them all."""
    write(tmp_path, HEADER + "SELECT ?s WHERE { ?s ?p ?o }")
    (tmp_path / "broken.rq").write_text(HEADER + "SELECT * WHERE { ?s ?p }", encoding="utf-8")
    assert find_query(tmp_path, "q").name == "q"
    for name in ("nosuch", "../q", str(tmp_path / "q")):
        with pytest.raises(KGError, match="broken.rq: not valid SPARQL"):
            find_query(tmp_path, name)


@pytest.mark.parametrize("given, message", [
    ({}, "needs parameter 'v'"),
    ({"v": "forty"}, "must be a whole number"),
    ({"v": "1e999999999"}, "must be a whole number written with digits"),
    ({"v": "1", "w": "2"}, "has no parameter 'w'"),
])
def test_missing_or_malformed_parameters_get_clear_messages(tmp_path, given, message):
    query = load_query(write(tmp_path, HEADER + "SELECT ?s ?_v_integer WHERE { ?s ?p ?_v_integer }"))
    with pytest.raises(KGError, match=message):
        query.bindings(given)


def test_iri_parameters_accept_prefixed_names_and_full_iris_only():
    assert expand_iri("oi:r000") == OI.r000
    assert expand_iri("<https://example.org/x>") == URIRef("https://example.org/x")
    with pytest.raises(KGError, match="must be an IRI"):
        expand_iri("r000")
    with pytest.raises(KGError, match="must be an IRI"):
        expand_iri("http://exa mple.org/")
    with pytest.raises(KGError, match="must be an IRI"):
        expand_iri("oi:x> } UNION { ?s ?p ?o } #")


@pytest.mark.parametrize("text, refusal", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x/> { ?s ?q ?r } } }", "SERVICE is refused"),
    ("ASK { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }", "SERVICE is refused"),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM and FROM NAMED are refused"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM and FROM NAMED are refused"),
    ("LOAD <http://example.org/data.ttl>", "updates (including LOAD) are refused"),
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "updates (including LOAD) are refused"),
])
def test_remote_access_and_updates_are_refused_before_execution(text, refusal):
    with pytest.raises(KGError, match=re.escape(refusal)):
        check(text)
    with pytest.raises(KGError, match=re.escape(refusal)):
        answer(ox.Store(), text)
    with pytest.raises(KGError, match=re.escape(refusal)):
        reference_answer(Graph(), text)


def test_no_saved_query_makes_the_engine_read_a_whole_class_when_a_parameter_is_bound(project):
    """Oxigraph plans a query before it sees the bound value (substitutions start evaluation, they do not
    inform the plan), and its planner puts `?x a oo:Class` before `?x oo:p ?parameter`. A class pattern
    beside a parameter made officials-roles read every post holding (24 ms a person at 1 M triples, 1.5 ms
    since) and quote-fidelity every comparison; and an EXISTS over two patterns is hash-joined against
    the whole data for each row (quote-fidelity: 40 s for one person at 1 M; 31 ms since); and a subquery
    that does not carry the parameter is evaluated over all the data (discrepancies: 4.2 s for a kind of 6
    rows; 0.01 s since). So: a parameter's group names no class (check it with FILTER EXISTS), every EXISTS
    is one triple pattern, a look-up, and every subquery projects the parameters."""
    for name, saved in load_queries(project.queries_dir).items():
        parameters = {Variable(p.variable) for p in saved.parameters}
        algebra = prepareQuery(saved.text).algebra
        for node in algebra_nodes(algebra):
            if node.name == "BGP" and parameters & {term for triple in node.triples for term in triple}:
                classes = [t for t in node.triples if t[1] == RDF.type and not isinstance(t[2], Variable)]
                assert not classes, f"{name}: a class pattern beside a parameter: {classes}"
            if node.name == "ToMultiSet" and node.p.name == "Project":  # a subquery
                missing = parameters - set(node.p.PV)
                assert not missing, f"{name}: a subquery that does not project the parameter {sorted(missing)}"
            if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                parts = list(algebra_nodes(node.graph))  # parsed (TriplesBlock) or translated (BGP, Join) patterns
                triples = [t for part in parts if part.name in ("TriplesBlock", "BGP") for t in part.triples]
                others = [p.name for p in parts if p.name not in ("TriplesBlock", "GroupGraphPatternSub", "BGP", "Join")]
                assert len(triples) == 1 and not others, f"{name}: an EXISTS that is not one triple pattern ({node.name})"


@pytest.mark.parametrize("fmt", ["nt", "json-ld", "turtle"])
def test_a_graph_answer_is_the_same_bytes_whatever_its_blank_nodes_are_called(fmt):
    """kg sparql 'CONSTRUCT ...' --format nt or json-ld gave different bytes on each run: rdflib writes
    them in hash order, and the store names blank nodes afresh (found by a hostile read)."""
    from rdflib import BNode, Literal, URIRef

    from kg.sparql.output import render
    from kg.sparql.answer import Answer

    def answer():
        span, other = BNode(), BNode()
        p = URIRef("https://w3id.org/oioo/ontology#evidence")
        exact = URIRef("urn:exact")
        return Answer("CONSTRUCT", triples=[(URIRef("urn:a"), p, span), (URIRef("urn:b"), p, other),
                                            (span, exact, Literal("x")), (other, exact, Literal("y"))])

    assert len({render(answer(), fmt) for _ in range(5)}) == 1


# ------------------------------------------------------------------ parameter values, generated (Hypothesis)

_CASTS = ox.Store()


def oxigraph_cast(datatype: str, raw: str):
    """Oxigraph's cast of `raw` to xsd:<datatype> (XSD's lexical rules, its canonical form), or None."""
    query = f"SELECT ?x (<http://www.w3.org/2001/XMLSchema#{datatype}>(?x) AS ?cast) WHERE {{}}"
    (row,) = _CASTS.query(query, substitutions={ox.Variable("x"): ox.Literal(raw)})
    return row["cast"]


@st.composite
def numbers_written(draw):
    """(a number, a way a user may write it: leading zeros, trailing zeros, a plus sign, spaces)."""
    whole, fraction = draw(st.integers(0, 10**15)), draw(st.text("0123456789", max_size=12))
    negative = draw(st.booleans())
    number = Decimal(f"{'-' if negative else ''}{whole}.{fraction or '0'}")
    sign = "-" if negative else draw(st.sampled_from(["", "", "+"]))
    digits = f"{draw(st.sampled_from(['', '0', '00']))}{whole}"
    point = f".{fraction}{draw(st.sampled_from(['', '0', '000']))}" if fraction or draw(st.booleans()) else ""
    return number, draw(st.sampled_from(["", " "])) + sign + digits + (point if point != "." else ".0") + draw(
        st.sampled_from(["", " ", "\t"]))


@settings(max_examples=300, deadline=None)
@given(numbers_written())
def test_a_number_however_written_is_bound_as_the_term_oxigraph_reads_for_it(case):
    """`-p value=0350.0` finds the figure whose oo:value is 350: the parameter is the RDF term a figure of that
    value has (an xsd:integer when whole, else the canonical xsd:decimal), else no triple pattern matches."""
    number, raw = case
    term = Parameter("value", "__value_decimal", "decimal", False).term(raw)
    assert Decimal(str(term)) == number
    canonical = oxigraph_cast("decimal", raw.strip())  # "1.6" for "01.60"
    whole = "." not in canonical.value
    assert ox_term(term) == ox.Literal(canonical.value, datatype=ox.NamedNode(str(XSD.integer if whole else XSD.decimal)))
    whole_parameter = Parameter("value", "__value_integer", "integer", False)
    if "." in raw:
        with pytest.raises(KGError, match="a whole number"):
            whole_parameter.term(raw)
    else:
        assert whole_parameter.term(raw) == term


@pytest.mark.parametrize("raw, value", [("41,000", "41000"), ("16,969", "16969"), ("1,234,567.5", "1234567.5"),
                                        ("-9", "-9"), ("+1,000", "1000")])
def test_a_number_written_with_thousands_separators_is_the_number_the_reports_write(raw, value):
    """`-p value=41,000`, as every report writes the number, was refused ("must be a number written with
    digits"): a comma between groups of three digits is the thousands separator, and the value is the number."""
    assert str(Parameter("value", "__value_decimal", "decimal", False).term(raw)) == value


@pytest.mark.parametrize("raw", ["41,00", "4,1000", "1,6", ",000", "41,000,", "41.000,5", "1" + ",000" * 20])
def test_a_comma_that_groups_no_three_digits_is_refused_as_no_number(raw):
    """"1,6" (a decimal comma) or "41,00" are no thousands separators: refused, never read as 16 or 4100."""
    with pytest.raises(KGError, match="must be a number"):
        Parameter("value", "__value_decimal", "decimal", False).term(raw)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32), st.sampled_from(["", " "]))
def test_a_date_parameter_is_a_day_that_exists_and_nothing_else(year, month, day, space):
    raw = f"{space}{year:04d}-{month:02d}-{day:02d}{space}"
    parameter = Parameter("since", "_since_date", "date", True)
    cast = oxigraph_cast("date", raw.strip())
    if cast is None:
        with pytest.raises(KGError, match="must be a date YYYY-MM-DD that exists"):
            parameter.term(raw)
    else:
        assert ox_term(parameter.term(raw)) == cast == ox.Literal(raw.strip(), datatype=ox.NamedNode(str(XSD.date)))


LITERAL_DATATYPES = ["integer", "decimal", "boolean", "date", "gYear"]
PARAMETER_DATATYPES = {"integer": "integer", "decimal": "decimal", "date": "date", "gyear": "gYear"}


@st.composite
def values_written(draw):
    """A value as a user may type it for a parameter: a number (leading and trailing zeros, a sign, spaces), a
    boolean, a date or a year (leading zeros, a sign, a zone), or any of them as an RDF literal ("01"^^xsd:integer)."""
    sign, zone = st.sampled_from(["", "", "+", "-"]), st.sampled_from(["", "", "Z", "+00:00", "-00:00", "+01:00"])
    raw = draw(st.one_of(
        numbers_written().map(lambda case: case[1]),
        st.sampled_from(["true", "false", "1", "0", "TRUE", "+0", "-0", "00", "1.0"]),
        st.builds("{}{}-{}-{}{}".format, sign, st.sampled_from(["2025", "0001", "0000", "02025", "999"]),
                  st.sampled_from(["07", "7", "02", "13"]), st.sampled_from(["10", "01", "1", "29", "31"]), zone),
        st.builds("{}{}{}".format, sign, st.sampled_from(["2025", "0999", "0001", "0000", "02025", "999", "10000"]), zone)))
    if draw(st.booleans()):
        return f'"{raw.strip()}"^^xsd:{draw(st.sampled_from(LITERAL_DATATYPES))}'
    return raw


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(sorted(PARAMETER_DATATYPES)), raw=values_written())
@example(kind="gyear", raw="0000")  # (bound before, a year kg does not read)
@example(kind="integer", raw='"01"^^xsd:integer')
@example(kind="decimal", raw="-01.50")
def test_a_typed_parameter_however_written_binds_the_value_both_engines_answer_alike(kind, raw):
    """`--param k=VALUE` (and kg serve's ?k=) binds the value the text writes, in the one form Oxigraph's store
    answers and kg's data holds ("0350.0" is 350, "1.50" 1.5), so both engines find the same rows; a form that
    is no such value is refused, in one line, alike. A year kg does not read (0000) is refused as the data's
    is, where it was bound and matched nothing; a value written as an RDF literal ("01"^^xsd:integer) is
    refused naming what to write (value=1), where it was refused as no number at all."""
    parameter = Parameter("value", f"_value_{kind}", kind, True)
    query = f"SELECT ?s ?_value_{kind} WHERE {{ ?s <urn:kg:p> ?_value_{kind} }}"
    typed = re.fullmatch(r'"(.*)"\^\^xsd:\w+', raw)
    try:
        term = parameter.term(raw)
    except KGError as error:
        message = str(error)
        assert "\n" not in message and message.startswith("parameter 'value' "), message
        inner = typed and _term_or_none(parameter, typed[1])
        assert not inner or f"write value={inner}" in message, message
        return
    assert not typed, term
    held = oxigraph_cast(PARAMETER_DATATYPES[kind], raw.strip())  # the form the store holds the value in
    if kind == "decimal" and "." not in held.value:
        held = ox.Literal(held.value, datatype=ox.NamedNode(str(XSD.integer)))  # a whole figure is an integer
    assert ox_term(term) == held and not term.ill_typed, (raw, term)
    graph = Graph()
    graph.add((URIRef("urn:kg:s"), URIRef("urn:kg:p"), term))
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:kg:s"), ox.NamedNode("urn:kg:p"), held))
    bindings = {Variable(parameter.variable): term}
    answers = [[str(ox_term(t)) for t in row] for row in answer(store, query, bindings).rows]
    assert answers == [[str(ox_term(t)) for t in row] for row in reference_answer(graph, query, bindings).rows]
    assert answers == [["<urn:kg:s>", str(held)]]


def _term_or_none(parameter: Parameter, raw: str):
    try:
        return parameter.term(raw)
    except KGError:
        return None
