"""Dates as XSD writes them (kg.core.datatypes): generated forms of xsd:date, xsd:gYearMonth and xsd:gYear are
well-typed for kg exactly when Oxigraph reads them as XSD does, and a well-typed one keeps the form it
was written in, through both engines' terms and into the release."""

from __future__ import annotations

import copy
import pickle

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.core.datatypes import FORMS, JUDGED  # (importing it registers its readings with rdflib, as every stage does)
from kg.core.terms import term_string

DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}
assert set(DATATYPES.values()) == set(FORMS), "a datatype kg.core.datatypes reads strictly is not swept here"
# Years Python's dates hold (0001-9999), and near misses: too few or too many digits, full-width digits.
YEARS = st.one_of(st.integers(1, 9999).map(lambda year: f"{year:04d}"), st.sampled_from(["025", "02025", "２０２５"]))
TWO_DIGITS = st.one_of(st.integers(0, 99).map(lambda n: f"{n:02d}"), st.sampled_from(["1", "001", "1a", "٠١"]))
ZONES = st.sampled_from(["", "", "Z", "+00:00", "-05:00", "+14:00", "-14:00", "+13:59", "+14:01", "+15:00", "+1:00",
                         "z", "+05:60", "T10:00", " ", "UTC"])


@st.composite
def written(draw):
    """(datatype name, a form that may or may not be one of that datatype's)."""
    kind = draw(st.sampled_from(sorted(DATATYPES)))
    year, month, day, zone = draw(YEARS), draw(TWO_DIGITS), draw(TWO_DIGITS), draw(ZONES)
    return kind, {"date": f"{year}-{month}-{day}{zone}", "gYearMonth": f"{year}-{month}{zone}", "gYear": f"{year}{zone}"}[kind]


_STORE = ox.Store()


def oxigraph_reads(kind: str, lexical: str) -> bool:
    """Whether Oxigraph's cast to the datatype (XSD's lexical rules) takes the form."""
    query = f"SELECT ?x (<{DATATYPES[kind]}>(?x) AS ?cast) WHERE {{}}"
    (row,) = _STORE.query(query, substitutions={ox.Variable("x"): ox.Literal(lexical)})
    return row["cast"] is not None


@settings(max_examples=500, deadline=None)
@given(written())
@example(("date", "2025-02-29"))  # not a leap year
@example(("date", "2024-02-29"))
@example(("date", "2025-10-14T25:99"))  # rdflib read it as 14 October 2025
@example(("gYear", "26"))  # rdflib took any text as a year
def test_a_date_is_well_typed_exactly_when_oxigraph_reads_it(case):
    kind, lexical = case
    assert Literal(lexical, datatype=DATATYPES[kind]).ill_typed is not oxigraph_reads(kind, lexical), case


@settings(max_examples=300, deadline=None)
@given(written())
@example(("date", "2025-01-01Z"))
@example(("date", "2025-01-01+05:00"))
def test_a_well_typed_date_keeps_the_form_it_was_written_in(case):
    kind, lexical = case
    literal = Literal(lexical, datatype=DATATYPES[kind])
    if literal.ill_typed:
        return
    assert str(literal) == lexical
    assert term_string(literal) == f'"{lexical}"^^<{DATATYPES[kind]}>'  # as the engine loads it
    assert copy.deepcopy(literal) == literal and pickle.loads(pickle.dumps(literal)) == literal
    assert str(pickle.loads(pickle.dumps(literal.value))) == str(literal.value)
    parsed = Graph().parse(data=f'<urn:s> <urn:p> "{lexical}"^^<{DATATYPES[kind]}> .', format="turtle")
    assert [str(o) for o in parsed.objects()] == [lexical]


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_two_dates_a_time_zone_apart_stay_two_dates_in_the_release(kg, bare_project, engine):
    """Found by the sweep above: "2025-01-01Z"^^xsd:date and "2025-01-01+05:00"^^xsd:date were both released
    as "2025-01-01" (the zone dropped, silently), one triple for two."""
    (bare_project.root / "data" / "zz-dates.ttl").write_text(
        "@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n@prefix oi: <https://w3id.org/oioo/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'oi:zz sk:note "2025-01-01Z"^^xsd:date, "2025-01-01+05:00"^^xsd:date, "2025-01-01"^^xsd:date .\n',
        encoding="utf-8")
    result = kg("build", "-q", "--engine", engine, project=bare_project)
    assert result.exit_code == 0, result.output
    released = (bare_project.dist_dir / "oioo-base.nt").read_text(encoding="utf-8")
    notes = sorted(line for line in released.splitlines() if line.startswith("<https://w3id.org/oioo/id/zz> "))
    assert [line.split(" ", 2)[2] for line in notes] == [
        f'"2025-01-01{zone}"^^<http://www.w3.org/2001/XMLSchema#date> .' for zone in ("", "+05:00", "Z")]


# ------------------------------------------------------------------ numbers

NUMBERS = {"decimal": XSD.decimal, "integer": XSD.integer, "double": XSD.double, "nonNegativeInteger": XSD.nonNegativeInteger}
# Forms of numbers, and those Python's int(), float() and Decimal() take where XSD does not.
NUMBER_FORMS = st.one_of(
    st.from_regex(r"[ ]?[+-]?[0-9]{0,3}(\.[0-9]{0,3})?([eE][+-]?[0-9]{1,3})?[ ]?", fullmatch=True),
    st.sampled_from(["1_000", "1_0.5", "١٢٣", "١.٥", "٣", "Infinity", "inf", "-inf", "nan", "INF", "-INF", "NaN",
                     "1e400", "-1e400", "0x10", "1e3", "1.5E2", "\t7\n", "+", "."]),
)


def oxigraph_casts(datatype, lexical: str) -> bool:
    query = f"SELECT ?x (<{datatype}>(?x) AS ?cast) WHERE {{}}"
    (row,) = _STORE.query(query, substitutions={ox.Variable("x"): ox.Literal(lexical)})
    return row["cast"] is not None


@settings(max_examples=500, deadline=None)
@given(kind=st.sampled_from(sorted(NUMBERS)), lexical=NUMBER_FORMS)
@example(kind="decimal", lexical="1e3")  # rdflib read it as 1000, the engine kept "1e3": two releases
@example(kind="integer", lexical="١٢٣")  # rdflib read it as 123
@example(kind="double", lexical="1e400")  # rdflib wrote it back as inf, which XSD does not read
def test_a_number_is_well_typed_exactly_when_xsd_reads_it_and_a_double_holds_it(kind, lexical):
    """Oxigraph's cast reads a number as XSD does, as written (no XSD form has spaces around it: " 7 " was
    well-typed for kg and no number to Oxigraph); kg also refuses INF and NaN, which rdflib wrote back as inf
    and nan and owlrl refuses as doubles, and a number beyond what a double holds. Before, rdflib took
    whatever int(), float() and Decimal() take."""
    literal = Literal(lexical, datatype=NUMBERS[kind])
    cast = XSD.integer if kind == "nonNegativeInteger" else NUMBERS[kind]  # (Oxigraph casts to neither subtype)
    xsd_reads = oxigraph_casts(cast, lexical) and not any(w in lexical.lower() for w in ("inf", "nan"))
    if xsd_reads and kind == "double":
        xsd_reads = abs(float(lexical)) < float("inf")
    if xsd_reads and kind == "nonNegativeInteger":
        xsd_reads = int(lexical) >= 0
    assert bool(literal.ill_typed) is not xsd_reads, (kind, lexical, str(literal))


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_a_decimal_written_with_an_exponent_is_refused_by_both_engines_not_rewritten(kg, bare_project, engine):
    """Found by tests/test_parse_parity.py: "1e3"^^xsd:decimal (XSD's decimals have no exponent) was
    released by the reference as "1000", silently, and refused by the engine's build (its kg validate
    passed it). Both now call it ill-typed, in kg validate and kg build, at its line and column."""
    (bare_project.root / "data" / "zz-numbers.ttl").write_text(
        "@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n@prefix oi: <https://w3id.org/oioo/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'oi:zz sk:note "1e3"^^xsd:decimal .\n', encoding="utf-8")
    validated = kg("validate", "--engine", engine, project=bare_project)
    assert validated.exit_code == 1, validated.output
    assert '"1e3"^^xsd:decimal is not a valid xsd:decimal' in validated.output
    assert "data/zz-numbers.ttl:4:" in validated.output, validated.output
    built = kg("build", "-q", "--engine", engine, project=bare_project)
    assert built.exit_code == 1, built.output
    assert 'data/zz-numbers.ttl:4:15: "1e3" is not a valid xsd:decimal' in built.output, built.output


# ------------------------------------------------------------------ years outside 0001-9999

OUT_OF_RANGE_DATES = ['"0000"^^xsd:gYear', '"-0044"^^xsd:gYear', '"12025"^^xsd:gYear', '"0000-06"^^xsd:gYearMonth',
                      '"-0044-03"^^xsd:gYearMonth', '"10000-01"^^xsd:gYearMonth', '"0000-01-01"^^xsd:date',
                      '"-0044-03-15"^^xsd:date', '"12025-01-01Z"^^xsd:date', '"0000-01-01T00:00:00"^^xsd:dateTime',
                      '"-0001-12-31T23:59:59Z"^^xsd:dateTime', '"10000-01-01T00:00:00"^^xsd:dateTime']


@pytest.mark.parametrize("written", OUT_OF_RANGE_DATES)
def test_a_year_outside_0001_to_9999_is_ill_typed_for_every_dated_datatype_and_says_why(written):
    """Year 0, negative years and five-digit years were ill-typed as an xsd:date or xsd:dateTime (Python's
    dates end at 0001 and 9999) and well-typed as an xsd:gYear or xsd:gYearMonth, which kg validate and
    the build then passed; all four refuse them now, and the message names the year range."""
    from kg.core.datatypes import OUT_OF_RANGE, why_ill_typed

    lexical, datatype = written[1:].split('"^^xsd:')
    literal = Literal(lexical, datatype=XSD[datatype])
    assert literal.ill_typed is True and str(literal) == lexical, written
    assert why_ill_typed(lexical, XSD[datatype]) == OUT_OF_RANGE
    assert why_ill_typed("2025-13", XSD.gYearMonth) == ""  # a form that is wrong is not a year out of range


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_years_outside_0001_to_9999_are_refused_alike_by_both_engines_in_validate_and_build(kg, bare_project, engine):
    """Before, both engines' kg validate passed "0000"^^xsd:gYear and "-0044-03"^^xsd:gYearMonth and their
    builds released them; and the engine's build released "26"^^xsd:gYear, which the reference's refused
    (its validation reports every ill-typed literal; the engine's left them to the reasoner, which judges
    OWL 2 RL's datatypes only). Now each is one located violation, in both commands, on both engines."""
    from kg.core.datatypes import OUT_OF_RANGE

    dates = ['"0000"^^xsd:gYear', '"-0044-03"^^xsd:gYearMonth', '"26"^^xsd:gYear']
    (bare_project.root / "data" / "zz-years.ttl").write_text(
        "@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n@prefix oi: <https://w3id.org/oioo/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        + "".join(f"oi:zz{n} sk:note {date} .\n" for n, date in enumerate(dates)), encoding="utf-8")
    for command in ("validate", "build"):
        result = kg(command, *(["-q"] if command == "build" else []), "--engine", engine, project=bare_project)
        assert result.exit_code == 1, result.output
        assert "3 violation(s)" in result.output, result.output
        for line, date in enumerate(dates, start=4):
            block = next(b for b in result.output.split("\n\n") if f"value:   {date}" in b)
            assert f"at:      data/zz-years.ttl:{line}:" in block, block
            assert (OUT_OF_RANGE in block) is (date != '"26"^^xsd:gYear'), block
    assert not (bare_project.dist_dir / "oioo-base.nt").exists()


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_a_date_or_datetime_with_a_year_outside_0001_to_9999_is_refused_by_the_build_saying_why(kg, bare_project,
                                                                                             engine):
    (bare_project.root / "data" / "zz-years.ttl").write_text(
        "@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n@prefix oi: <https://w3id.org/oioo/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'oi:zz sk:note "12345-01-01"^^xsd:date .\n', encoding="utf-8")
    result = kg("build", "-q", "--engine", engine, project=bare_project)
    assert result.exit_code == 1, result.output
    assert 'data/zz-years.ttl:4:15: "12345-01-01" is not a valid xsd:date (its year is outside 0001-9999' in result.output


# ------------------------------------------------------------------ doubles: owlrl's range, INF and NaN

ZZ = ("@prefix oo: <https://w3id.org/oioo/ontology#> . @prefix sk: <http://www.w3.org/2004/02/skos/core#> .\n@prefix oi: <https://w3id.org/oioo/id/> .\n"
      "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
# (in the form SPARQL answers them with: "0.0E0" is answered "0", and kg refuses it since; a tiny double,
# "4.9E-324", is answered with 324 digits, more than kg reads: no form of it builds now)
ZEROS = ['"0"^^xsd:double', '"-0"^^xsd:double', '"0"^^xsd:float', '"-0"^^xsd:float',
         '"1000000000000000000000000000000000000000"^^xsd:double']


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["double", "float"]), lexical=NUMBER_FORMS)
@example(kind="double", lexical="0.0")  # owlrl's own reading refused it: not strictly above 1e-330
@example(kind="double", lexical="1e-400")
@example(kind="float", lexical="0")  # and a float not strictly between 1e-50 and 1e40
@example(kind="float", lexical="1e39")
def test_the_reasoner_reads_a_double_or_float_exactly_as_kg_validate_does(kind, lexical):
    """owlrl's rule dt-not-type (both engines' reasoners) read a double with its own table, which refused
    any whose magnitude is not strictly between 1e-330 and 1e310 (a float: 1e-50 and 1e40): "0.0"^^xsd:double
    failed kg build on both engines while kg validate passed it. Its table now reads them as kg does."""
    assert the_reasoner_refuses(XSD[kind], lexical) is bool(Literal(lexical, datatype=XSD[kind]).ill_typed), (kind, lexical)


def the_reasoner_refuses(datatype, lexical: str) -> bool:
    """Whether owlrl's rule dt-not-type (both engines' kg build) refuses the literal."""
    from owlrl.DatatypeHandling import AltXSDToPYTHON

    try:
        AltXSDToPYTHON[datatype](lexical)
    except ValueError:
        return True
    return False


def releases(kg, project, name: str, literals: list) -> dict:
    """engine -> its dist/*.nt files' bytes, built from a data file `name` stating each of `literals`."""
    (project.root / "data" / name).write_text(
        ZZ + "".join(f"oi:zz{n} sk:note {literal} .\n" for n, literal in enumerate(literals)), encoding="utf-8")
    released = {}
    for engine in ("oxigraph", "reference"):
        result = kg("build", "-q", "--engine", engine, project=project)
        assert result.exit_code == 0, result.output
        released[engine] = {name: (project.dist_dir / name).read_bytes()
                            for name in ("oioo-base.nt", "oioo-full.nt", "oioo-inferred.nt")}
    return released


def test_a_zero_double_or_float_builds_on_both_engines_with_the_same_release(kg, bare_project):
    """Before, each zero failed `kg build` on both engines ("0.0E0 is an xsd:double beyond what one
    holds"), though each is a valid double or float: owlrl's own range check (above)."""
    released = releases(kg, bare_project, "zz-doubles.ttl", ZEROS)
    assert released["oxigraph"] == released["reference"]
    notes = [line for line in released["oxigraph"]["oioo-base.nt"].decode().splitlines() if line.startswith("<https://w3id.org/oioo/id/zz")]
    assert len(notes) == len(ZEROS), notes


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_inf_nan_and_a_double_beyond_range_are_refused_saying_the_form_is_valid(kg, bare_project, engine):
    """INF, -INF and NaN are valid xsd:double forms, and 1e400 is one whose value is INF: kg refuses them (no
    report states such a figure), but the message said they were not valid doubles. Now it says what is so,
    in kg validate and kg build, on both engines, at the line and column where each is written."""
    written = ['"INF"^^xsd:double', '"-INF"^^xsd:float', '"NaN"^^xsd:double', "1e400"]
    (bare_project.root / "data" / "zz-doubles.ttl").write_text(
        ZZ + "".join(f"oi:zz{n} sk:note {literal} .\n" for n, literal in enumerate(written)), encoding="utf-8")
    validated = kg("validate", "--engine", engine, project=bare_project)
    assert validated.exit_code == 1 and "4 violation(s)" in validated.output, validated.output
    built = kg("build", "-q", "--engine", engine, project=bare_project)
    assert built.exit_code == 1, built.output
    for line, literal in enumerate(written, start=4):
        form, _, datatype = literal.partition("^^")
        name = datatype or "xsd:double"
        if literal == "1e400":
            says = f"is a valid {name}, but beyond what one holds (±1.8e+308): its value is INF"
        else:
            says = f"is a valid {name}, but {form.strip(chr(34))} is not a number a report can state"
        assert f"data/zz-doubles.ttl:{line}:16: {form} {says}" in built.output, (literal, built.output)
        assert f'"{form.strip(chr(34))}"^^{name} {says}' in validated.output, (literal, validated.output)
    assert "is not a valid" not in validated.output + built.output


# ------------------------------------------------------------------ every datatype: its form, kept as written

CAST = {name: XSD[name] for name in ("dateTime", "time", "duration", "dayTimeDuration", "yearMonthDuration", "gMonth",
                                     "gDay", "gMonthDay", "boolean")}
FORMS_OF = {
    "dateTime": st.builds(lambda y, m, d, t, z: f"{y}-{m}-{d}{t}{z}", YEARS, TWO_DIGITS, TWO_DIGITS,
                          st.sampled_from(["T10:00:00", "T23:59:59.5", "T00:00:00.1234567", "T24:00:00", "T10:00", "",
                                           " 10:00:00", "T10:00:60", "T1:00:00", "t10:00:00"]), ZONES),
    "time": st.builds(lambda c, z: c + z, st.sampled_from(["10:00:00", "23:59:59.125", "24:00:00", "24:00:01", "10:00",
                                                             "100000", "10:60:00", "9:00:00", "10:00:00."]), ZONES),
    "duration": st.from_regex(r"-?P?([0-9]{1,2}(\.[0-9])?[YMD]){0,2}(T([0-9]{1,2}(\.[0-9]?)?[HMS]){0,2})?", fullmatch=True),
    "dayTimeDuration": st.sampled_from(["P1D", "PT36H", "P1Y", "P1DT", "-PT0.5S", "PT.5S", "PT1.S", "P"]),
    "yearMonthDuration": st.sampled_from(["P1Y", "P1Y2M", "P1D", "P1.5Y", "-P3M", "P"]),
    "gMonth": st.builds(lambda m, z: f"--{m}{z}", TWO_DIGITS, ZONES),
    "gDay": st.builds(lambda d, z: f"---{d}{z}", TWO_DIGITS, ZONES),
    "gMonthDay": st.builds(lambda m, d, z: f"--{m}-{d}{z}", TWO_DIGITS, TWO_DIGITS, ZONES),
    "boolean": st.sampled_from(["true", "false", "1", "0", "TRUE", "True", " true", "yes", "01", ""]),
}


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(sorted(FORMS_OF)).flatmap(lambda kind: st.tuples(st.just(kind), FORMS_OF[kind])))
@example(("dateTime", "2025-01-01"))  # rdflib read it as midnight, released as "2025-01-01T00:00:00"
@example(("dateTime", "20250101T000000"))  # rdflib (Python's fromisoformat) took it
@example(("time", "10:00"))
@example(("duration", "P1.5Y"))
@example(("boolean", "TRUE"))
def test_a_literal_is_well_typed_exactly_when_oxigraph_reads_it_and_keeps_its_form(case):
    """For each datatype Oxigraph casts to: ill-typed for kg (rdflib's reading, and owlrl's, both engines'
    reasoners) exactly when Oxigraph's cast (XSD's rules) refuses it, or kg says why it refuses a valid one
    (24:00:00); and a literal keeps the form it was written in ("1"^^xsd:boolean stays "1")."""
    from owlrl.DatatypeHandling import AltXSDToPYTHON

    from kg.core.datatypes import not_a_figure

    kind, lexical = case
    literal = Literal(lexical, datatype=CAST[kind])
    assert str(literal) == lexical
    xsd_reads = oxigraph_casts(CAST[kind], lexical) and not not_a_figure(lexical, CAST[kind])
    if "Duration" in kind or kind == "duration":  # (Oxigraph takes "P1DT"; XSD's durations end in a number's unit)
        xsd_reads = xsd_reads and not lexical.endswith("T")
    assert bool(literal.ill_typed) is not xsd_reads, (case, literal.value)
    if CAST[kind] in AltXSDToPYTHON:
        try:
            AltXSDToPYTHON[CAST[kind]](lexical)
            owlrl_reads = True
        except ValueError:
            owlrl_reads = False
        assert owlrl_reads is xsd_reads, case


def xsd_base64(lexical: str) -> bool:
    """XSD's base64Binary, read another way: single spaces between characters, and the text without them
    the canonical base64 of what it decodes to (its padding bits zero)."""
    import base64
    import binascii

    if lexical != lexical.strip(" ") or "  " in lexical:
        return False
    text = lexical.replace(" ", "")
    try:
        return base64.b64encode(base64.b64decode(text, validate=True)).decode() == text
    except binascii.Error:
        return False


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.from_regex(r"[A-Za-z0-9+/ ]{0,9}={0,2}", fullmatch=True),
                 st.binary(max_size=7).map(lambda b: __import__("base64").b64encode(b).decode())))
@example("zz==")  # rdflib read it, and wrote it back as "zw==": another value's form
@example("zw==")
@example("A A A A")
@example("")
def test_a_base64_literal_is_well_typed_exactly_when_xsd_reads_it_and_keeps_its_form(lexical):
    literal = Literal(lexical, datatype=XSD.base64Binary)
    assert bool(literal.ill_typed) is not xsd_base64(lexical) and str(literal) == lexical, lexical


@pytest.mark.parametrize("lexical, datatype, valid", [
    ("a b", XSD.token, True), ("a  b", XSD.token, False), (" a", XSD.token, False), ("a\tb", XSD.token, False),
    ("", XSD.token, True), ("a  b ", XSD.normalizedString, True), ("a\nb", XSD.normalizedString, False),
    ("0A", XSD.hexBinary, True), ("abc", XSD.hexBinary, False), ("", XSD.hexBinary, True)])
def test_tokens_and_hex_are_judged_by_xsd_lexical_space_and_keep_their_form(lexical, datatype, valid):
    """rdflib collapsed an xsd:token's spaces ("a  b" became "a b", a valid token written for an invalid
    one), whatever NORMALIZE_LITERALS said; XSD's token has no tab, no space at an end, no two together."""
    literal = Literal(lexical, datatype=datatype)
    assert str(literal) == lexical and bool(literal.ill_typed) is not valid


KEPT = ['"false"^^xsd:boolean', '"-7"^^xsd:integer', '"1.5"^^xsd:decimal', '"1.5"^^xsd:double',
        '"2025-01-01T10:00:00.5"^^xsd:dateTime', '"2025-01-01T10:00:00Z"^^xsd:dateTime', '"10:00:00.5"^^xsd:time',
        '"P1DT12H"^^xsd:duration', '"0A"^^xsd:hexBinary', '"A A A A"^^xsd:base64Binary', '"a b"^^xsd:token',
        '"--02-29"^^xsd:gMonthDay']
ILL_TYPED = ['"2025-01-01"^^xsd:dateTime', '"20250101T000000"^^xsd:dateTime', '"zz=="^^xsd:base64Binary',
             '"TRUE"^^xsd:boolean', '"1a"^^xsd:NCName', '"10:00"^^xsd:time']


def test_both_engines_release_every_valid_literal_in_the_form_it_was_written_in(kg, bare_project):
    """Both engines released "1"^^xsd:boolean as "true", "007"^^xsd:integer as "7", ".5" seconds as
    ".500000", "0A"^^xsd:hexBinary as "0a" (rdflib's canonical forms; the engine followed rdflib). Now
    dist/*.nt keeps what the curator wrote, byte for byte, on both engines. (The forms SPARQL answers
    otherwise, "1"^^xsd:boolean or "007", kg refuses since: test_a_form_sparql_answers_otherwise_is_refused...)"""
    released = releases(kg, bare_project, "zz-kept.ttl", KEPT)
    assert released["oxigraph"] == released["reference"]
    base = released["oxigraph"]["oioo-base.nt"].decode()
    for n, literal in enumerate(KEPT):
        form, _, datatype = literal.partition("^^")
        term = f'{form}^^<{XSD[datatype[4:]]}>'
        assert f"<https://w3id.org/oioo/id/zz{n}> <http://www.w3.org/2004/02/skos/core#note> {term} .\n" in base, literal


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_forms_xsd_does_not_read_are_refused_by_both_engines_and_shown_as_written(kg, bare_project, engine):
    """rdflib took "2025-01-01" and "20250101T000000" as xsd:dateTime (released as "2025-01-01T00:00:00"),
    "zz==" as base64 (released as "zw=="), "a  b" as a token ("a b"), "10:00" as a time; each is one located
    violation now, in kg validate and kg build. And "TRUE"^^xsd:boolean's finding showed "true", rdflib's
    form, not the value written."""
    (bare_project.root / "data" / "zz-ill.ttl").write_text(
        ZZ + "".join(f"oi:zz{n} sk:note {literal} .\n" for n, literal in enumerate(ILL_TYPED)), encoding="utf-8")
    validated = kg("validate", "--engine", engine, project=bare_project)
    assert validated.exit_code == 1 and f"{len(ILL_TYPED)} violation(s)" in validated.output, validated.output
    for line, literal in enumerate(ILL_TYPED, start=4):
        block = next(b for b in validated.output.split("\n\n") if f"value:   {literal}\n" in b)
        assert f"at:      data/zz-ill.ttl:{line}:" in block and f"{literal} is not a valid xsd:" in block, block
    assert '"true"' not in validated.output
    built = kg("build", "-q", "--engine", engine, project=bare_project)
    assert built.exit_code == 1, built.output
    for line, literal in enumerate(ILL_TYPED, start=4):
        form = literal.partition("^^")[0]
        assert f"data/zz-ill.ttl:{line}:16: {form} is not a valid xsd:" in built.output, (literal, built.output)
    assert not (bare_project.dist_dir / "oioo-base.nt").exists()


def test_a_literal_keeps_its_form_after_pyshacl_has_run(sources):
    """pySHACL sets rdflib.NORMALIZE_LITERALS back to True after each validation: a later parse (a second
    build in one process: kg serve, the tests) rewrote "1"^^xsd:boolean as "true" again."""
    from kg.reference.validate import shacl

    shacl(Graph(), Graph(), Graph())
    parsed = Graph().parse(data=f'<urn:s> <urn:p> "1"^^<{XSD.boolean}>, "007"^^<{XSD.integer}> .', format="turtle")
    assert sorted(str(o) for o in parsed.objects()) == ["007", "1"]


# ------------------------------------------------------------------ kg validate judges what kg build judges

# Forms of every XSD datatype owlrl's table judges (the build's reasoner, on both engines) that kg.core.datatypes
# did not judge before (kg validate passed what kg build refused), and forms with spaces XSD's forms lack.
OWLRL_JUDGES = {
    "language": ["en", "en-GB", "x-klingon", "EN", "en_GB", "english-GB", "", "en-", "123", " en", "en\n"],
    "Name": ["a", "a:b", ":a", "_a", "é", "a-1.b", "1a", "-a", "a b", "", " a"],
    "NCName": ["a", "a:b", "_a", "é\u00b7", "1a", ".a", "a.b-c", "", "a\t"],
    "NMTOKEN": ["a", "1a", "-a", ":", "a b", "", "a\u00a0", " a "],
    "anyURI": ["https://example.org/a", "?q", ":x", "%zz", "a b", "", " https://e.org/", "a  b"],
    "dateTimeStamp": ["2025-01-01T00:00:00Z", "2025-01-01T00:00:00+05:00", "2025-01-01T00:00:00", "2025-01-01Z",
                      "2025-01-01T24:00:00Z", "0000-01-01T00:00:00Z", " 2025-01-01T00:00:00Z"],
    "dateTime": ["2025-01-01T00:00:00", "  2025-01-01T00:00:00 ", "2025-01-01T00:00:00\n"],
    "time": ["10:00:00", " 10:00:00", "10:00:00\t"],
    "base64Binary": ["zw==", " zw== ", "zw ==", "zw  ==", "z w = ="],
    "integer": ["7", " 7 ", "\t7\n", "+7"], "decimal": [" 1.5", "1.5"], "boolean": ["true", " true", "1 "],
    "float": ["1e39", "1e40", "3.4028235e38", "-3.4028235e38", "3.4028236e38", " 1.5"],
    "double": ["1.7976931348623157e308", "1.797693134862315799e308", "1.8e308"],
    "token": ["a b", "a  b", " a", "a\tb"], "gYear": [" 2025"], "date": ["2025-01-01 "],
}


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(OWLRL_JUDGES)).flatmap(lambda kind: st.tuples(st.just(kind), st.sampled_from(
    OWLRL_JUDGES[kind]) | st.text(alphabet="aZ1:-._ \t\u00e9+TZ0", max_size=6))))
@example(("float", "3.4028235e38"))  # the largest float: kg called it INF, Oxigraph reads it
@example(("anyURI", "?q"))  # a relative reference: owlrl's build refused it
@example(("language", "en_GB"))  # kg validate passed it, owlrl's build refused it
def test_kg_validate_refuses_a_literal_exactly_when_the_builds_reasoner_does(case):
    """owlrl's rule dt-not-type (both engines' builds) judged xsd:language, Name, NCName, NMTOKEN, anyURI and
    dateTimeStamp, which rdflib (both engines' kg validate) took as any text: "en_GB"^^xsd:language passed
    kg validate and failed kg build. Each datatype either judges is now judged once, by XSD's forms."""
    kind, lexical = case
    literal = Literal(lexical, datatype=XSD[kind])
    assert the_reasoner_refuses(XSD[kind], lexical) is bool(literal.ill_typed), case
    assert str(literal) == lexical, case  # (kept as written, well-typed or not)


def test_every_xsd_datatype_the_builds_reasoner_judges_kg_validate_judges():
    from owlrl.DatatypeHandling import AltXSDToPYTHON
    from rdflib.term import _toPythonMapping

    judged = {d for d in AltXSDToPYTHON if str(d).startswith(str(XSD))} - {XSD.string}
    assert not {d for d in judged if _toPythonMapping.get(d) is None}
    assert not judged - JUDGED  # (an assert at kg.core.datatypes' import before: a traceback for a user, were it false)


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_validate_and_build_refuse_the_same_literals_at_the_same_place_saying_the_same(kg, bare_project, engine):
    """The six datatypes only kg build judged, and forms with spaces: kg validate said "Conforms" to
    "en_GB"^^xsd:language, then kg build refused it; kg read " 7 "^^xsd:integer (which Oxigraph reads as no
    number) and refused "  2025-01-01T00:00:00 "^^xsd:dateTime saying it was not valid at all. Each is one
    located violation in both commands now, the spaced ones saying what to write."""
    written = ['"en_GB"^^xsd:language', '"1a"^^xsd:NCName', '"a b"^^xsd:NMTOKEN', '"-a"^^xsd:Name',
               '"2025-01-01T00:00:00"^^xsd:dateTimeStamp', '"  2025-01-01T00:00:00 "^^xsd:dateTime',
               '" 7 "^^xsd:integer', '" zw== "^^xsd:base64Binary']
    spaced = {'"  2025-01-01T00:00:00 "^^xsd:dateTime': "2025-01-01T00:00:00", '" 7 "^^xsd:integer': "7",
              '" zw== "^^xsd:base64Binary': "zw=="}
    (bare_project.root / "data" / "zz-forms.ttl").write_text(
        ZZ + "".join(f"oi:zz{n} sk:note {literal} .\n" for n, literal in enumerate(written)), encoding="utf-8")
    validated = kg("validate", "--engine", engine, project=bare_project)
    assert validated.exit_code == 1 and f"{len(written)} violation(s)" in validated.output, validated.output
    built = kg("build", "-q", "--engine", engine, project=bare_project)
    assert built.exit_code == 1, built.output
    for line, literal in enumerate(written, start=4):
        form, _, datatype = literal.partition("^^")
        block = next(b for b in validated.output.split("\n\n") if f"value:   {literal}\n" in b)
        assert f"at:      data/zz-forms.ttl:{line}:" in block, block
        if literal in spaced:
            says = f"that no {datatype} is written with"
            assert says in block and f'write "{spaced[literal]}"' in block, block
            assert f"data/zz-forms.ttl:{line}:16: {form} has spaces" in built.output, (literal, built.output)
            assert f'write "{spaced[literal]}"' in built.output.split(f"{line}:16: ")[1].split("\n")[0], built.output
        else:
            assert f"{literal} is not a valid {datatype}" in block, block
            assert f"data/zz-forms.ttl:{line}:16: {form} is not a valid {datatype}" in built.output, built.output
    assert not (bare_project.dist_dir / "oioo-base.nt").exists()


def test_the_largest_float_and_spaceless_forms_build_alike_on_both_engines(kg, bare_project):
    """"3.4028235e38"^^xsd:float, the largest float as it is printed, was refused as INF (kg compared it with
    the float's value, not with where XSD's rounding reaches INF); the six newly judged datatypes' valid forms
    build and are released as written, byte for byte, on both engines. (In the forms SPARQL answers them
    with: the float written out, as Oxigraph answers it; no xsd:dateTimeStamp, which it answers as an
    xsd:dateTime.)"""
    kept = ['"340282350000000000000000000000000000000"^^xsd:float', '"en-GB"^^xsd:language', '"a:b"^^xsd:Name',
            '"_a"^^xsd:NCName', '"-a"^^xsd:NMTOKEN', '"?q"^^xsd:anyURI']
    released = releases(kg, bare_project, "zz-kept.ttl", kept)
    assert released["oxigraph"] == released["reference"]
    base = released["oxigraph"]["oioo-base.nt"].decode()
    for n, literal in enumerate(kept):
        form, _, datatype = literal.partition("^^")
        assert f"<https://w3id.org/oioo/id/zz{n}> <http://www.w3.org/2004/02/skos/core#note> {form}^^<{XSD[datatype[4:]]}> .\n" in base, literal


# ------------------------------------------------------------------ the form SPARQL answers with

# Valid forms of each XSD datatype kg reads, canonical or not. Oxigraph's store keeps a literal of a datatype
# it computes with as a value, and answers a query with that value's form (or another datatype); rdflib, and
# dist/*.nt, keep the form written. What the store answered otherwise when measured (pyoxigraph 0.5.13):
ANSWERED_OTHERWISE = {  # a form -> what the store answers in its place
    ("integer", "01"): '"1"', ("integer", "+1"): '"1"', ("integer", "-0"): '"0"',
    ("decimal", "1.50"): '"1.5"', ("decimal", "1.0"): '"1"', ("decimal", "+1"): '"1"', ("decimal", ".5"): '"0.5"',
    ("double", "1.5E2"): '"150"', ("double", "1.0"): '"1"', ("double", "1E-7"): '"0.0000001"',
    ("float", "1e3"): '"1000"', ("float", "0.0"): '"0"',
    ("boolean", "1"): '"true"', ("boolean", "0"): '"false"',
    ("dateTime", "2025-01-01T10:00:00+00:00"): '"2025-01-01T10:00:00Z"', ("dateTime", "2025-01-01T10:00:00-00:00"):
        '"2025-01-01T10:00:00Z"', ("dateTime", "2025-01-01T10:00:00.50"): '"2025-01-01T10:00:00.5"',
    ("dateTime", "2025-01-01T10:00:00.0"): '"2025-01-01T10:00:00"',
    ("time", "10:00:00.50"): '"10:00:00.5"', ("time", "10:00:00+00:00"): '"10:00:00Z"',
    ("date", "2025-01-01+00:00"): '"2025-01-01Z"', ("gYear", "2025-00:00"): '"2025Z"',
    ("gYearMonth", "2025-01+00:00"): '"2025-01Z"', ("gMonth", "--01+00:00"): '"--01Z"',
    ("gDay", "---01+00:00"): '"---01Z"', ("gMonthDay", "--01-01+00:00"): '"--01-01Z"',
    ("duration", "PT36H"): '"P1DT12H"', ("duration", "P1Y12M"): '"P2Y"', ("duration", "P0D"): '"PT0S"',
    ("duration", "-PT0S"): '"PT0S"', ("dayTimeDuration", "PT24H"): '"P1D"', ("yearMonthDuration", "P12M"): '"P1Y"',
    ("yearMonthDuration", "P0Y"): '"P0M"',
    # every integer type but xsd:integer is answered as an xsd:integer, an xsd:dateTimeStamp as an xsd:dateTime
    **{(name, "1"): '"1"^^xsd:integer' for name in (
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short",
        "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")},
    ("nonPositiveInteger", "0"): '"0"^^xsd:integer', ("negativeInteger", "-1"): '"-1"^^xsd:integer',
    ("nonPositiveInteger", "-1"): '"-1"^^xsd:integer',
    ("dateTimeStamp", "2025-01-01T10:00:00Z"): '"2025-01-01T10:00:00Z"^^xsd:dateTime',
}
ANSWERED_AS_WRITTEN = {
    "integer": ["1", "-1", "0"], "decimal": ["1.5", "-0.5", "0", "100"], "double": ["1.5", "0", "-0", "150"],
    "float": ["1.5", "0.001"], "boolean": ["true", "false"],
    "dateTime": ["2025-01-01T10:00:00", "2025-01-01T10:00:00Z", "2025-01-01T10:00:00.5+05:00"],
    "time": ["10:00:00", "10:00:00.5Z"], "date": ["2025-01-01", "2025-01-01Z", "2025-01-01-05:00"],
    "gYear": ["2025", "2025Z"], "gYearMonth": ["2025-01"], "gMonth": ["--01"], "gDay": ["---01"], "gMonthDay": ["--01-01"],
    "duration": ["P1DT12H", "-P1D", "PT0S", "P1Y2M"], "dayTimeDuration": ["P1D", "PT0S"], "yearMonthDuration": ["P1Y", "P0M"],
    # the datatypes Oxigraph keeps as text: any valid form is answered as written
    "string": ["a", " a "], "normalizedString": ["a  b"], "token": ["a b"], "language": ["EN-gb"], "Name": ["a:b"],
    "NCName": ["a"], "NMTOKEN": ["-a"], "anyURI": ["?q", "a b"], "hexBinary": ["0a", "0A"], "base64Binary": ["A A A A", "zw=="],
}
_KG = ox.NamedNode("urn:kg:p")


def store_answers(datatype, lexical: str) -> str:
    """The N-Triples text of what Oxigraph's store answers for the literal, put in and selected."""
    store = ox.Store()
    store.add(ox.Quad(_KG, _KG, ox.Literal(lexical, datatype=ox.NamedNode(str(datatype)))))
    (row,) = store.query("SELECT ?o WHERE { ?s ?p ?o }")
    return str(row["o"])


def rdflib_answers(datatype, lexical: str) -> str:
    graph = Graph()
    graph.add((URIRef("urn:kg:p"), URIRef("urn:kg:p"), Literal(lexical, datatype=datatype)))
    (row,) = graph.query("SELECT ?o WHERE { ?s ?p ?o }")
    return term_string(row[0])


def shown(text: str) -> str:
    """A literal's N-Triples text as kg's findings show it ("1"^^xsd:integer)."""
    return text.replace("<http://www.w3.org/2001/XMLSchema#", "xsd:").removesuffix(">") if "^^<" in text else text


def test_the_forms_oxigraph_answers_otherwise_are_those_of_the_datatypes_it_computes_with():
    """Measured, so that an Oxigraph that answers otherwise shows here: which forms the store answers in
    another form or datatype than written (kg refuses them, kg.core.datatypes.answered_otherwise), which as written."""
    for (name, lexical), answered in ANSWERED_OTHERWISE.items():
        found = shown(store_answers(XSD[name], lexical))
        assert found == (answered if "^^" in answered else f"{answered}^^xsd:{name}"), (name, lexical, found)
    for name, forms in ANSWERED_AS_WRITTEN.items():
        for lexical in forms:
            assert store_answers(XSD[name], lexical) == term_string(Literal(lexical, datatype=XSD[name])), (name, lexical)
    unknown = "urn:example:unit"
    assert store_answers(unknown, "01") == f'"01"^^<{unknown}>'


def kg_accepts(datatype, lexical: str) -> bool:
    """Whether kg validate accepts the literal, on each engine (their own selection of refused literals),
    which must agree."""
    from kg.validation.validate import _refused_literals as engine_refuses
    from kg.reference.validate import _refused_literals as reference_refuses

    literal = Literal(lexical, datatype=datatype)
    engine = not engine_refuses([("<urn:kg:s>", "<urn:kg:p>", term_string(literal))])[0]
    graph = Graph()
    graph.add((URIRef("urn:kg:s"), URIRef("urn:kg:p"), literal))
    reference = not reference_refuses(graph)[0]
    assert engine is reference, (datatype, lexical)
    return engine


# Forms near the canonical ones (and the others' generators above), for every datatype kg reads
NEAR = {
    "integer": st.integers(-10**6, 10**6).map(str) | st.from_regex(r"[+-]?0{0,2}[0-9]{1,4}", fullmatch=True),
    "decimal": st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str)
    | st.from_regex(r"[+-]?[0-9]{0,3}\.?[0-9]{0,3}0?", fullmatch=True),
    "double": st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr) | NUMBER_FORMS,
    "float": st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr) | NUMBER_FORMS,
    **FORMS_OF,
    "date": written().filter(lambda case: case[0] == "date").map(lambda case: case[1]),
    "gYear": st.builds(lambda y, z: y + z, YEARS, ZONES), "gYearMonth": st.builds(lambda y, m, z: f"{y}-{m}{z}", YEARS, TWO_DIGITS, ZONES),
    "dateTimeStamp": FORMS_OF["dateTime"],
    **{name: st.sampled_from(forms) for name, forms in OWLRL_JUDGES.items() if name in ("language", "Name", "NCName", "NMTOKEN", "anyURI", "token")},
    "hexBinary": st.from_regex(r"[0-9a-fA-F]{0,6}", fullmatch=True),
    "nonNegativeInteger": st.integers(0, 99).map(str), "int": st.integers(-9, 9).map(str),
}


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(sorted(NEAR)).flatmap(lambda name: st.tuples(st.just(name), NEAR[name])))
@example(("integer", "01"))
@example(("integer", "1"))
@example(("decimal", "1.50"))
@example(("decimal", "1.5"))
@example(("boolean", "1"))
@example(("duration", "PT36H"))
@example(("dateTime", "2025-01-01T10:00:00+00:00"))
@example(("dateTime", "2025-01-01T10:00:00Z"))
@example(("double", "1e-400"))  # kg reads it (its value is 0), Oxigraph answers "0"
@example(("nonNegativeInteger", "7"))  # answered as an xsd:integer
@example(("decimal", "170141183460469231731.688"))  # held as no number (past Oxigraph's decimals)
def test_any_literal_kg_accepts_is_answered_as_written_by_oxigraph_and_rdflib(case):
    """Before, kg validate accepted "01"^^xsd:integer, which Oxigraph's store answers as "1" (rdflib and the
    release as "01"): kg query and kg serve answered otherwise than dist/*.nt and the reference engine. Now
    a literal kg accepts is answered by both engines' SPARQL as it is written and released, text for text."""
    name, lexical = case
    written = term_string(Literal(lexical, datatype=XSD[name]))
    if kg_accepts(XSD[name], lexical):
        assert store_answers(XSD[name], lexical) == written == rdflib_answers(XSD[name], lexical), case
    elif not Literal(lexical, datatype=XSD[name]).ill_typed:  # (well-typed, refused: the store answers otherwise,
        # or holds it as no number: a03b347)
        assert store_answers(XSD[name], lexical) != written or not store_holds_a_number(XSD[name], lexical), case


def store_holds_a_number(datatype, lexical: str) -> bool:
    """Whether Oxigraph's store holds the literal as a number (isNumeric), not as written only."""
    store = ox.Store()
    store.add(ox.Quad(_KG, _KG, ox.Literal(lexical, datatype=ox.NamedNode(str(datatype)))))
    (row,) = store.query("SELECT (isNumeric(?o) AS ?n) WHERE { ?s ?p ?o }")
    return row["n"].value == "true"


def violations(output: str) -> list[str]:
    """The violation blocks of kg validate's or kg build's output, as printed."""
    return [block.strip().removeprefix("kg: ").split("\nDoes not conform")[0]
            for block in output.split("\n\n") if "Violation: " in block]


# Forms written as a curator might, each answered otherwise by SPARQL: (as written in Turtle, as kg shows it,
# what kg says to write)
ANSWERED_FORMS = [("01", '"01"^^xsd:integer', 'write "1"'), ("+1", '"+1"^^xsd:integer', 'write "1"'),
                  ("1.50", '"1.50"^^xsd:decimal', 'write "1.5"'), ("1.5E2", '"1.5E2"^^xsd:double', 'write "150"'),
                  ('"1"^^xsd:boolean', '"1"^^xsd:boolean', 'write "true"'),
                  ('"PT36H"^^xsd:duration', '"PT36H"^^xsd:duration', 'write "P1DT12H"'),
                  ('"2025-01-01T10:00:00+00:00"^^xsd:dateTime', '"2025-01-01T10:00:00+00:00"^^xsd:dateTime',
                   'write "2025-01-01T10:00:00Z"'),
                  ('"2025+00:00"^^xsd:gYear', '"2025+00:00"^^xsd:gYear', 'write "2025Z"'),
                  ('"7"^^xsd:nonNegativeInteger', '"7"^^xsd:nonNegativeInteger', 'write "7"^^xsd:integer'),
                  ('"2025-01-01T00:00:00Z"^^xsd:dateTimeStamp', '"2025-01-01T00:00:00Z"^^xsd:dateTimeStamp',
                   'write "2025-01-01T00:00:00Z"^^xsd:dateTime'),
                  ('"4.9E-324"^^xsd:double', '"4.9E-324"^^xsd:double', "a number of 325 digits, and kg reads at most 40")]


def test_a_form_sparql_answers_otherwise_is_refused_alike_by_validate_and_build_on_both_engines(kg, bare_project):
    """kg validate and kg build, on the engine and on the reference, refuse each such literal with one
    violation, the same in all four: at the line and column where it is written, saying what SPARQL answers
    and what to write. An ill-typed literal beside them keeps its own message, once (kg build's reasoner
    refuses it before validation: it is left out of the build here)."""
    written = [turtle for turtle, _, _ in ANSWERED_FORMS]
    path = bare_project.root / "data" / "zz-answered.ttl"
    path.write_text(ZZ + "".join(f"oi:zz{n:02d} sk:note {literal} .\n" for n, literal in enumerate(written))
                    + 'oi:zz99 sk:note "TRUE"^^xsd:boolean .\n', encoding="utf-8")
    outputs = {engine: kg("validate", "--engine", engine, project=bare_project) for engine in ("oxigraph", "reference")}
    blocks = violations(outputs["oxigraph"].output)
    assert len(blocks) == len(ANSWERED_FORMS) + 1, outputs["oxigraph"].output
    (ill_typed,) = [b for b in blocks if 'value:   "TRUE"^^xsd:boolean' in b]
    assert "is not a valid xsd:boolean" in ill_typed and "SPARQL" not in ill_typed
    blocks.remove(ill_typed)
    path.write_text(ZZ + "".join(f"oi:zz{n:02d} sk:note {literal} .\n" for n, literal in enumerate(written)), encoding="utf-8")
    for engine in ("oxigraph", "reference"):
        outputs[engine, "build"] = kg("build", "-q", "--engine", engine, project=bare_project)
        outputs[engine, "validate"] = kg("validate", "--engine", engine, project=bare_project)
    assert all(result.exit_code == 1 for result in outputs.values()), {k: r.output for k, r in outputs.items()}
    assert not (bare_project.dist_dir / "oioo-base.nt").exists()
    for key, result in outputs.items():
        assert [b for b in violations(result.output) if "TRUE" not in b] == blocks, key
    for line, (_, value, says) in enumerate(ANSWERED_FORMS, start=4):
        (block,) = [b for b in blocks if f"value:   {value}\n" in b]
        assert f"at:      data/zz-answered.ttl:{line}:9\n" in block, block
        assert f"message: {value} is written " in block and " in SPARQL answers" in block and says in block, block


def test_a_value_kg_accepts_is_answered_as_written(kg, bare_project):
    """kg build released "01"^^xsd:integer as written, and kg query (Oxigraph's store, as kg serve) answered
    "1" where the reference engine answered "01". Of a mix of forms, kg now refuses those SPARQL answers
    otherwise, and builds the rest, each answered by both engines as the release writes it."""
    from kg.query.store import open_store
    from kg.sparql.run import answer
    from kg.reference import query as reference_query
    from kg.reference.build import full_graph

    mixed = [turtle for turtle, _, _ in ANSWERED_FORMS] + KEPT + ['"1"^^xsd:integer', "2.5", '"2025"^^xsd:gYear']
    path = bare_project.root / "data" / "zz-values.ttl"
    path.write_text(ZZ + "".join(f"oi:zz{n:02d} sk:note {literal} .\n" for n, literal in enumerate(mixed)), encoding="utf-8")
    validated = kg("validate", project=bare_project)
    blocks = violations(validated.output)
    refused = {b.split("\n  value:   ")[1].split("\n")[0] for b in blocks}
    lines = {int(b.split("at:      data/zz-values.ttl:")[1].split(":")[0]) for b in blocks}
    accepted = [literal for line, literal in enumerate(mixed, start=4) if line not in lines]
    path.write_text(ZZ + "".join(f"oi:zz{n:02d} sk:note {literal} .\n" for n, literal in enumerate(accepted)), encoding="utf-8")
    query = "SELECT ?s ?o WHERE { ?s skos:note ?o FILTER(STRSTARTS(STR(?s), 'https://w3id.org/oioo/id/zz')) } ORDER BY ?s"
    answered = {}
    for engine in ("oxigraph", "reference"):
        built = kg("build", "-q", "--engine", engine, project=bare_project)
        assert built.exit_code == 0, built.output
        released = sorted(line.split(" ", 2)[2].removesuffix(" .") for line in
                          (bare_project.dist_dir / "oioo-base.nt").read_text(encoding="utf-8").splitlines()
                          if line.startswith("<https://w3id.org/oioo/id/zz"))
        answered[engine, "store"] = [term_string(o) for _, o in answer(open_store(bare_project, in_memory=True), query).rows]
        answered[engine, "reference"] = [term_string(o) for _, o in reference_query.answer(full_graph(bare_project), query).rows]
        assert len(released) == len(accepted)
        for key, terms in answered.items():
            assert sorted(terms) == released, (key, terms, released)
    assert refused == {value for _, value, _ in ANSWERED_FORMS}, validated.output


@pytest.mark.parametrize("lexical, datatype, accepted", [
    ("9223372036854775807", "integer", True), ("-9223372036854775808", "integer", True),
    ("9223372036854775808", "integer", False), ("-9223372036854775809", "integer", False),
    ("100000000000000000000", "integer", False), ("99999999999999999999", "nonNegativeInteger", False),
    ("0.123456789012345678", "decimal", True), ("0.1234567890123456789", "decimal", False),
    ("170141183460469231731.5", "decimal", True), ("170141183460469231732", "decimal", False),
])
def test_a_number_oxigraph_holds_as_no_number_is_refused_by_both_engines(lexical, datatype, accepted):
    """`oa:end 100000000000000000000` built on the engine, where every comparison of it is an error, so the rule
    that an evidence span ends within its report found nothing; the reference (unbounded integers) refused the
    build (a hostile read found it). Both now refuse a number Oxigraph holds as written but as no number: past
    64 bits, or a decimal with more than 18 digits after the point (kg_accepts asks both engines)."""
    assert kg_accepts(XSD[datatype], lexical) is accepted


def test_a_number_past_what_oxigraph_computes_with_is_a_located_violation_that_says_why(kg, bare_project):
    path = bare_project.root / "data" / "zz-big.ttl"
    path.write_text(ZZ + "oi:zz01 sk:note 100000000000000000000 .\n", encoding="utf-8")
    result = kg("validate", project=bare_project)
    (block,) = violations(result.output)
    assert "at:      data/zz-big.ttl:4:" in block and 'value:   "100000000000000000000"^^xsd:integer' in block, block
    assert "is past the numbers Oxigraph, kg's engine, computes with" in block and "xsd:double" in block, block
    assert kg("build", "-q", project=bare_project).exit_code == 1


def test_the_reference_compares_a_number_oxigraph_holds_as_no_number_as_an_error_as_oxigraph_does():
    """The reference compared 10^20 > 5 true where Oxigraph's comparison is an error: ad-hoc queries on data
    kg refuses still answered otherwise on the two engines."""
    from kg.reference.query import answer as reference_answer
    from kg.sparql.run import answer

    big = Literal("100000000000000000000", datatype=XSD.integer)
    graph, store = Graph(), ox.Store()
    graph.add((URIRef("urn:kg:s"), URIRef("urn:kg:p"), big))
    store.add(ox.Quad(_KG, _KG, ox.Literal(str(big), datatype=ox.NamedNode(str(XSD.integer)))))
    query = "SELECT (?o > 5 AS ?gt) (ABS(?o) AS ?a) (?o + 1 AS ?n) WHERE { ?s ?p ?o }"
    assert answer(store, query).rows == reference_answer(graph, query).rows == [[None, None, None]]


def test_pyshacls_rules_compare_a_number_oxigraph_holds_as_no_number_as_an_error_as_the_engines_do(small_project):
    """`oa:end 100000000000000000000` in an evidence span: both engines refuse the literal, and the engine's rules
    that compare it find nothing (each comparison an error); pySHACL compared it in rdflib's numbers and fired two
    more (the span's length "99999999999999998427", and "beyond the end of the report"): the two engines' findings
    differed on the same data (a hostile read found it)."""
    from kg import engines

    path = small_project.root / "data" / "report-000.ttl"
    text = path.read_text(encoding="utf-8")
    end = text.index("oa:end ", text.index("oa:start "))
    number_end = end + len("oa:end ") + len(text[end + len("oa:end "):].split()[0])
    path.write_text(text[:end] + "oa:end 100000000000000000000" + text[number_end:], encoding="utf-8")

    def found(engine: str) -> list:
        return [(f.focus, f.rule, f.path, f.value, f.message) for f in engines.findings(small_project, engine).findings
                if f.severity == "Violation"]

    engine = found("oxigraph")
    assert [rule for _, rule, _, _, _ in engine] == ["datatype"], engine
    assert found("reference") == engine


@pytest.mark.parametrize("lexical, valid", [("plain words", True), ("&lt;", True), ("<b>x</b> y", True), ("", True),
                                            ("<b>x", False), ("a < b", False)])
def test_an_xml_literal_is_judged_by_xml_content_alike_by_validate_and_the_builds_reasoner(lexical, valid):
    """RDF 1.1's rdf:XMLLiteral is any well-balanced XML content: owlrl wanted a document with one root element,
    so kg build called "plain words"^^rdf:XMLLiteral inconsistent where kg validate (rdflib) passed it (a
    hostile read found it)."""
    from owlrl.DatatypeHandling import AltXSDToPYTHON
    from rdflib.namespace import RDF

    assert Literal(lexical, datatype=RDF.XMLLiteral).ill_typed is not valid
    try:
        AltXSDToPYTHON[RDF.XMLLiteral](lexical)
        judged = True
    except ValueError:
        judged = False
    assert judged is valid
