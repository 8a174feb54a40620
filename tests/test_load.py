"""Parsing the sources, and the errors that malformed input gets."""

import pytest

from kg.core.errors import KGError, ParseError
from kg.reference.load import load_sources, parse_turtle
from kg.core.namespaces import OI, OO
from kg.sources.load import read_triples


def test_ontology_and_every_data_file_parse(project):
    sources = load_sources(project)
    assert (OI.r000, None, None) in sources.data
    assert len(sources.ontology) > 500
    assert set(sources.files_of[OI["shabana-mahmood"]]) == {"data/shared.ttl"}


def test_every_data_file_declares_the_one_base_iri(project):
    for path in [project.ontology_file, *project.data_files]:
        text = path.read_text(encoding="utf-8")
        if "@prefix oi:" in text:
            assert f"@prefix oi:     <{OI}>" in text or f"@prefix oi: <{OI}>" in text, path
        assert f"<{OO}>" in text, path


def test_malformed_turtle_names_file_line_and_column(tmp_path):
    """An unterminated string is located where it starts (as Python and C compilers do), to where it runs."""
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n', encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        parse_turtle(bad)
    assert (caught.value.line, caught.value.column) == (3, 11)
    assert (caught.value.end_line, caught.value.end_column) == (4, 1)
    assert str(caught.value).startswith(f"{bad}:3:11: bad Turtle syntax")


@pytest.mark.parametrize("spaces", [1, 2**23 + 10])
def test_a_file_that_ends_inside_a_statement_is_located_at_its_end_however_long_its_last_line(tmp_path, spaces):
    """Oxigraph 0.5 located an "Unexpected end" at column 5 of a last line over 2**23 characters long (a
    hostile read found it with 500,000 statements on one line): the end of the file is said from the file."""
    bad = tmp_path / "long.ttl"
    last = "ex:a ex:b ex:c ." + " " * spaces + "ex:é ex:y"
    bad.write_bytes(f"@prefix ex: <http://example.org/> .\n{last}".encode())
    with pytest.raises(ParseError) as caught:
        read_triples(bad)
    assert (caught.value.line, caught.value.column) == (2, len(last) + 1), str(caught.value)[:200]
    assert "Unexpected end" in str(caught.value)


FIGURE = ('@prefix oi: <https://w3id.org/oioo/id/> .\n@prefix oo: <https://w3id.org/oioo/ontology#> .\n\n'
          'oi:fig-305 a oo:Figure ;\n    oo:statedAs "305" ;\n    oo:value 305 .\n\n'
          'oi:fig-41000 a oo:Figure ;  # the next figure\n    oo:value 41000 .\n')


@pytest.mark.parametrize("typo, where, told", [
    (('oo:statedAs "305" ;', 'oo:statedAs "305"'), "6:5",
     'end the statement before this with "." (or with ";" where more properties of the same subject follow)'),
    (('oo:value 305 .', 'oo:value 305 ;'), "8:14",
     'line 6 ends with ";", which goes on with the same subject: end it with "." where that subject\'s description '
     'ends'),
    (('oo:value 305 .', 'ooo:value 305 .'), "6:5", "did you mean oo:, which the file declares?"),
    (('oo:value 305 .', 'ex:value 305 .'), "6:5",
     "declare it at the top of the file, as the others are (@prefix ex: <IRI> .)"),
    (('oo:statedAs "305" ;', 'oo:statedAs "305 ;'), "5:17",
     'a quotation mark opened on line 5 is not closed there (words over several lines go between three: """...""")'),
])
def test_a_curators_typo_in_turtle_is_told_with_what_to_do(tmp_path, typo, where, told):
    """Oxigraph's words for the typos a curator makes were all kg said ("A dot is expected at the end of statements"
    for a missing ";"; "a is not a valid RDF object" on the next subject's line for a ";" that should be "."; "The
    prefix ooo: has not been declared" for a misspelt oo:; "Line
    jumps are not allowed in string literals, use \\n" for a quotation mark not closed): a journalist following
    README's "Adding a report" could not tell what to mend. The message now says it, as both engines read it."""
    bad = tmp_path / "report.ttl"
    bad.write_text(FIGURE.replace(*typo), encoding="utf-8")
    for read in (read_triples, parse_turtle):
        with pytest.raises(ParseError) as caught:
            read(bad)
        assert str(caught.value).startswith(f"{bad}:{where}: bad Turtle syntax: "), str(caught.value)
        assert str(caught.value).endswith(f": {told}"), str(caught.value)


def test_missing_statement_terminator_is_located(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:q ex:r ex:s .\n", encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        parse_turtle(bad)
    assert caught.value.line == 3


def test_undeclared_prefix_is_an_error_with_the_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("nope:a nope:b nope:c .\n", encoding="utf-8")
    with pytest.raises(ParseError, match="bad.ttl:1"):
        parse_turtle(bad)


def test_text_that_is_not_utf8_is_an_error(tmp_path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(b'@prefix ex: <http://example.org/> .\nex:a ex:b "caf\xe9" .\n')
    with pytest.raises(ParseError, match=r"latin1.ttl:2:15: not UTF-8 text \(the byte 0xe9\)"):
        parse_turtle(bad)


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(KGError, match="no such file"):
        parse_turtle(tmp_path / "absent.ttl")


@pytest.mark.parametrize("text", [
    "@prefix oi: <https://w3id.org/oioo/id/> .\noi:france <http://www.w3.org/2002/07/owl#same\\u0041s> oi:germany .\n",
    "@prefix oi: <https://w3id.org/oioo/id/> .\n@prefix o: <http://www.w3.org/2002/07/owl#same> .\noi:france o:As oi:germany .\n",
    "@base <http://www.w3.org/2002/07/owl> .\n<https://w3id.org/oioo/id/france> <#sameAs> <https://w3id.org/oioo/id/germany> .\n",
    "@prefix oi: <https://w3id.org/oioo/id/> .\noi:a <http://www.w3.org/2002/07/owl#equivalent\\u0043lass> oi:b .\n",
])
def test_equality_in_curated_data_is_refused_however_it_is_written(tmp_path, text):
    """Found by a hostile read: owl:sameAs written with an escape or a split prefix got past the check
    of the text, and the build merged France and Germany; the parsed predicate now decides."""
    from kg.sources.load import read_triples

    path = tmp_path / "x.ttl"
    path.write_text(text, encoding="utf-8")
    for engine in (lambda: read_triples(path, data_file=True), lambda: parse_turtle(path, data_file=True)):
        with pytest.raises(ParseError, match="in curated data: the reasoner would make two things one"):
            engine()
    assert read_triples(path, data_file=False)  # the ontology may say it
