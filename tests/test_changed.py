"""`kg validate --changed REV` and `kg validate FILE...`: only what the changes can affect is validated, and
it gets exactly the findings (rule, focus, message, file, line, column) a full validation gives it: for
the changed files, and for the other files' nodes that cross-report rules join to them."""

from __future__ import annotations

import marshal
import os
import re
import shutil
import subprocess
import time

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.sources.generate import generate
from kg.sources.cache import DAY, KEPT_FOR, Cache
from kg.validation.changes import changed_since, reach_of_rules, scope_of_change
from kg.sources.project import Project, relative_name
from kg.engines import validate
from kg.core.namespaces import OI, OO
from kg.sparql.saved import check_queries as checks
from kg.reference.load import parse_turtle
from kg.sources.load import load_sources

GIT = {"GIT_AUTHOR_NAME": "kg", "GIT_AUTHOR_EMAIL": "kg@example.org", "GIT_COMMITTER_NAME": "kg",
       "GIT_COMMITTER_EMAIL": "kg@example.org"}


def git(root, *args) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT}).stdout


def committed(root) -> Project:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "before")
    return Project(root)


def edit(root, name: str, old: str, new: str) -> None:
    path = root / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


REPORTS = 24  # enough for a rule that joins reports to reach some and not others


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, project):
    root = tmp_path_factory.mktemp("corpus")
    generate(project, root, reports=REPORTS, seed=3)
    return root


@pytest.fixture
def archive(tmp_path, corpus) -> Project:
    """The generated archive under git, then changed: a derived figure of report-002 becomes a share of an
    indicator that other reports state in hundreds (so their figures break the share rule: a cross-report
    rule), and another of its figures loses its unit."""
    shutil.copytree(corpus, tmp_path / "archive")
    root = tmp_path / "archive"
    committed(root)
    graph = Graph()
    for path in sorted((root / "data").glob("report-*.ttl")):
        graph.parse(path, format="turtle")
    derived, derivation = next(iter(graph.query(
        "SELECT ?d ?v WHERE { ?d oo:inReport oi:r002 ; oo:derivation ?v . ?v oo:method oo:Difference } ORDER BY ?d",
        initNs={"oo": OO, "oi": OI})))
    indicator = next(iter(graph.query(
        "SELECT ?i WHERE { ?f oo:indicator ?i ; oo:value ?n ; oo:inReport ?r FILTER(?n > 100 && ?r != oi:r002) } ORDER BY ?i",
        initNs={"oo": OO, "oi": OI})))[0]
    path = root / "data" / "report-002.ttl"
    text = path.read_text(encoding="utf-8")
    block = text.index(f"oi:{derived[len(OI):]} a oo:DerivedFigure")
    at = text.index("    oo:indicator ", block)
    text = text[:at] + f"    oo:indicator oi:{indicator[len(OI):]} ;" + text[text.index("\n", at):]
    block = text.index(f"oi:{derivation[len(OI):]} a oo:Derivation")
    at = text.index("oo:method oo:Difference", block)
    text = text[:at] + "oo:method oo:Share" + text[at + len("oo:method oo:Difference"):]
    path.write_text(text.replace("    oo:unit oo:People ;\n", "", 1), encoding="utf-8")
    return Project(root)


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_changed_gets_the_findings_of_a_full_validation(archive, engine):
    full = validate(archive, engine).report.findings
    outcome = validate(archive, engine, since="HEAD")
    part = outcome.report.findings
    changed = {"data/report-002.ttl"}
    assert [f for f in full if set(f.files) & changed]  # the change broke its own file
    assert [f for f in full if set(f.files) & changed] == [f for f in part if set(f.files) & changed]
    assert all(f in full for f in part)  # nothing more, nothing different (locations included)
    others = [f for f in part if not set(f.files) & changed]
    assert others and all(f.rule == "share-outside-0-100-percent" for f in others)  # the cross-report rule
    assert [f for f in full if f.rule == "share-outside-0-100-percent"] == [
        f for f in part if f.rule == "share-outside-0-100-percent"]
    loaded = int(outcome.scope.split("validating ")[1].split(" of ")[0])
    assert 2 <= loaded < REPORTS + 1 and f"of {REPORTS + 1} data files" in outcome.scope  # narrowed, not everything


def test_a_reading_across_reports_unmarked_is_found_on_the_shared_interview_as_a_full_validation_finds_it(
        tmp_path, corpus):
    """oos:DescribedAcrossReportsShape reads a shared event's reports from the event (its evidence spans' sources, and
    backwards along oo:occasion to the statements' reports): one report's marker of its reading of its story's
    interview taken out, the interview (described in shared.ttl and in every report of the story) gets the
    findings a full validation gives it: that report and the story's first, whose words the node is. (What a
    change reaches is the engines' common ground, kg.validation.changes; that the reference finds what the engine
    finds for this rule, tests/test_engine_equals_reference.py and the shape's fixtures prove: on the reference
    this test took 18 s of the suite's ten minutes.)"""
    engine = "oxigraph"
    shutil.copytree(corpus, tmp_path / "archive")
    root = tmp_path / "archive"
    archive = committed(root)
    marker = re.compile(r" ; oo:inferredValue oi:r\d+-across-reports-interview \.")
    path = next(path for path in sorted((root / "data").glob("report-*.ttl")) if marker.search(path.read_text(encoding="utf-8")))
    path.write_text(marker.sub(" .", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    full = validate(archive, engine).report.findings
    found = [f for f in full if f.rule == "oos:DescribedAcrossReportsShape"]
    assert len(found) == 2 and len({f.focus for f in found}) == 1 and found[0].focus.endswith("-interview"), found
    assert f"oi:r{path.stem.split('-')[1]}" in {f.value for f in found}
    for part in (validate(archive, engine, since="HEAD"), validate(archive, engine, files=[path])):
        assert [f for f in part.report.findings if f.rule == "oos:DescribedAcrossReportsShape"] == found
        assert all(f in full for f in part.report.findings)


def test_files_named_on_the_command_line_are_the_change(archive):
    named = validate(archive, "fast", files=[archive.root / "data" / "report-002.ttl"]).report.findings
    assert named == validate(archive, "fast", since="HEAD").report.findings


def test_a_change_to_one_report_does_not_reach_every_report_through_a_shared_scheme(corpus):
    """oi:indicators listed every indicator (skos:hasTopConcept) and oos:IndicatorShape read that list backwards
    (^skos:hasTopConcept): from any report's figure to its indicator, back to the scheme, on to every indicator and
    every figure of every report, so `kg validate FILE` (the pre-commit hook) validated every file. Each indicator
    now names its scheme on itself (skos:topConceptOf), a link no rule reads backwards. And in general: no node of
    an archive with several stories (the seed's shapes, and its shared entities as kg generate writes them) is a
    hub through which a change to any one report loads every data file."""
    archive = Project(corpus)
    shared = Graph().parse(corpus / "data" / "shared.ttl", format="turtle")
    indicators = set(shared.subjects(RDF.type, OO.Indicator))
    assert len(indicators) > 5 and all((i, SKOS.inScheme, OI.indicators) in shared for i in indicators)  # one scheme
    reach = reach_of_rules(parse_turtle(archive.shapes_file), checks(archive))
    files = [relative_name(path, corpus) for path in archive.data_files]
    loaded = {name: len(scope_of_change(archive, [name], {}, reach).project.data_files)
              for name in files if name.startswith("data/report-")}
    assert len(loaded) == REPORTS
    everything = sorted(name for name, count in loaded.items() if count == len(files))
    assert everything == [], f"a change to {everything[0]} loads all {len(files)} data files"
    assert all((i, SKOS.topConceptOf, OI.indicators) in shared for i in indicators)
    assert (OI.indicators, SKOS.hasTopConcept, None) not in shared and SKOS.hasTopConcept not in reach.backward


def test_what_a_change_removes_is_seen_through_git(tmp_path, project):
    """report-001 defines an event that other reports use: removing it breaks them, though they did not change."""
    for part in ("ontology", "data", "queries"):
        shutil.copytree(project.root / part, tmp_path / part)
    root = committed(tmp_path).root
    edit(root, "report-001.ttl", "oi:event-returns-implementation-update a oo:Event ;",
         "oi:event-returns-implementation-update-renamed a oo:Event ;")
    part = validate(Project(root), "fast", since="HEAD").report.findings
    full = validate(Project(root), "fast").report.findings
    assert part == full
    files = {f.location.file for f in part}
    assert "data/report-004.ttl" in files and "data/report-001.ttl" not in files


def test_a_change_to_the_shapes_validates_everything(archive):
    shapes = archive.root / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    outcome = validate(archive, "fast", since="HEAD")
    assert outcome.scope.startswith("validating everything: ontology/shapes.ttl changed")
    assert outcome.report.findings == validate(archive, "fast").report.findings


def test_nothing_changed_nothing_to_validate(tmp_path, corpus, kg):
    shutil.copytree(corpus, tmp_path / "archive")
    project = committed(tmp_path / "archive")
    result = kg("validate", "--changed", "HEAD", project=project)
    assert result.exit_code == 0 and "nothing to validate" in result.output


def test_staged_is_the_commit_being_made_and_everything_before_the_first(tmp_path, corpus, kg):
    """`kg validate --staged`, the pre-commit hook's entry: what changed since HEAD (a deletion too,
    which pre-commit passes no file for); before the first commit, everything."""
    shutil.copytree(corpus, tmp_path / "archive")
    fresh = Project(tmp_path / "archive")
    assert "nothing to validate" not in kg("validate", "--staged", project=fresh).output
    project = committed(tmp_path / "archive")
    result = kg("validate", "--staged", project=project)
    assert result.exit_code == 0 and "nothing to validate" in result.output, result.output
    git(project.root, "rm", "-q", "data/shared.ttl")
    result = kg("validate", "--staged", project=project)
    assert result.exit_code == 1 and "Violation" in result.output, result.output


@pytest.mark.parametrize("args, message", [(["--changed", "no-such-revision"], "no such revision"),
                                           (["/etc/hostname"], "is not in the project"),
                                           (["--staged", "--changed", "HEAD"], "not both")])
def test_bad_change_arguments_exit_2(tmp_path, corpus, kg, args, message):
    shutil.copytree(corpus, tmp_path / "archive")
    project = committed(tmp_path / "archive")
    result = kg("validate", *args, project=project)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_the_rules_say_which_properties_they_follow_backwards(project):
    reach = reach_of_rules(parse_turtle(project.shapes_file), checks(project))
    names = {str(p).rsplit("#", 1)[-1] for p in reach.backward}
    assert {"holder", "evidence", "indicator", "derivation"} <= names  # sh:inversePath, targetObjectsOf, a check
    assert {"speaker", "inReport"} <= names  # the quote-order rule finds the speaker's earlier quotes in the report
    assert "quote" not in names and "value" not in names  # reached forwards by every rule that reads them
    # a scheme's list of its concepts would make it a hub joining every report (a concept names its scheme instead)
    assert "hasTopConcept" not in names and "topConceptOf" not in names
    assert reach.depth == 4 and not reach.everything  # speaker, back to the earlier quote, its evidence, its end


def test_a_new_rule_widens_the_reach_by_itself():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ( ex:a [ sh:inversePath ex:b ] ex:c ) ; sh:minCount 1 ] ;
            sh:sparql [ sh:select "SELECT $this WHERE { ?x <http://example.org/d> $this . ?x <http://example.org/e> ?y . ?z <http://example.org/f> ?y }" ] .
        """, format="turtle")
    reach = reach_of_rules(shapes)
    assert {str(p).rsplit("/", 1)[-1] for p in reach.backward} == {"b", "d", "f"}
    assert reach.depth == 3
    everything = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:a ] ; sh:minCount 1 ] .
        """, format="turtle")
    assert reach_of_rules(everything).everything



def test_a_rules_sh_prefixes_are_given_to_the_parser_and_its_text_is_read_as_written(monkeypatch):
    """The reach of a rule that uses a prefix its sh:prefixes declare: the declarations are given to the parser
    (initNs) as SHACL-SPARQL says, never written into the rule's text (the text parsed is the text written)."""
    import kg.validation.changes as changes

    parsed = []
    real = changes.prepare_query
    monkeypatch.setattr(changes, "prepare_query", lambda text, **kw: parsed.append(text) or real(text, **kw))
    select = "SELECT $this WHERE { ?x ex:d $this . ?x ex:e ?y }"
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <http://example.org/g> sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:sparql [ sh:prefixes <http://example.org/g> ; sh:select "{select}" ] .
        """, format="turtle")
    reach = reach_of_rules(shapes)
    assert parsed == [select]
    assert not reach.everything and {str(p) for p in reach.backward} == {"http://example.org/d"} and reach.depth == 2


@pytest.mark.parametrize("block", ["FILTER NOT EXISTS { ?x <http://example.org/d> $this ; <http://example.org/e> ?y }",
                                   "FILTER EXISTS { ?x <http://example.org/d> $this . ?x <http://example.org/e> ?y }",
                                   "MINUS { ?x <http://example.org/d> $this , ?w . ?x <http://example.org/e> ?y }"])
def test_what_a_rule_reads_inside_exists_or_minus_is_part_of_its_reach(block):
    """rdflib leaves an EXISTS block as parsed: its patterns were not seen, so a rule that follows a link only
    there had no reach beyond its focus node, and `kg validate FILE` could miss what a change broke."""
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE {{ $this a <http://example.org/C> . {block} }}" ] .
        """, format="turtle")
    reach = reach_of_rules(shapes)
    assert not reach.everything and {str(p).rsplit("/", 1)[-1] for p in reach.backward} == {"d"} and reach.depth == 2

P = """@prefix oo: <https://w3id.org/oioo/ontology#> .
@prefix oi: <https://w3id.org/oioo/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""


@pytest.fixture
def seed(bare_project) -> Project:
    """A project of the seed's shared entities, committed (each test adds the files it changes)."""
    return committed(bare_project.root)


def write(root, name: str, text: str) -> None:
    (root / "data" / name).write_text(P + text, encoding="utf-8")


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_link_the_change_removed_still_reaches_the_node_it_pointed_to(seed, engine):
    """The official's shape reads ^oo:holder: the holding that pointed to it (at REV) changed its holder, so
    the official, in a file that did not change, now breaks its rule."""
    root = seed.root
    write(root, "zz-official.ttl", 'oi:zz-official a oo:Official ; rdfs:label "Zed Official"@en .\n')
    write(root, "zz-holding.ttl", 'oi:holding-zz a oo:PostHolding ; rdfs:label "Zed holds the post"@en ; '
                                  'oo:holder oi:zz-official ; oo:post oi:post-uk-home-secretary .\n')
    git(root, "add", "-A")
    git(root, "commit", "-qm", "an official and a holding")
    edit(root, "zz-holding.ttl", "oo:holder oi:zz-official", "oo:holder oi:yvette-cooper")
    full = validate(seed, engine).report.findings
    broken = [f for f in full if f.focus == "oi:zz-official"]
    assert broken and broken[0].path == "^oo:holder" and broken[0].severity == "Violation"
    for part in (validate(seed, engine, since="HEAD"), validate(seed, engine, files=[root / "data" / "zz-holding.ttl"])):
        assert [f for f in part.report.findings if f.focus == "oi:zz-official"] == broken
        assert all(f in full for f in part.report.findings)


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_blank_node_nothing_points_to_is_kept_with_its_file_and_line(seed, engine):
    root = seed.root
    write(root, "zz-blank.ttl", '[] a oo:Figure ; rdfs:label "x"@en ; oo:value 12 .\n')
    full = validate(seed, engine).report.findings
    blank = [f for f in full if f.focus == "[blank node]"]
    assert blank and all(f.files == ("data/zz-blank.ttl",) and f.location.file == "data/zz-blank.ttl"
                         and f.location.line == 6 for f in blank)
    for part in (validate(seed, engine, since="HEAD"), validate(seed, engine, files=[root / "data" / "zz-blank.ttl"])):
        assert [f for f in part.report.findings if f.focus == "[blank node]"] == blank


def test_changed_files_named_beyond_ascii_are_seen(seed):
    root = seed.root
    write(root, "rapport-é.ttl", '[] a oo:Figure ; rdfs:label "x"@en ; oo:value 12 .\n')  # untracked
    assert "data/rapport-é.ttl" in changed_since(seed, "HEAD")
    part = validate(seed, "fast", since="HEAD")
    assert not part.report.conforms and {f.files for f in part.report.findings} == {("data/rapport-é.ttl",)}
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a report named in French")
    write(root, "rapport-é.ttl", 'oi:zz-e a oo:Official ; rdfs:label ""@en .\n')  # committed, then changed
    assert changed_since(seed, "HEAD") == ["data/rapport-é.ttl"]
    part = validate(seed, "fast", since="HEAD").report.findings
    assert part and [f for f in validate(seed, "fast").report.findings if "data/rapport-é.ttl" in f.files] == part


def one_line_refusal(result, message: str) -> bool:
    lines = result.output.strip().splitlines()
    return result.exit_code == 2 and len(lines) == 1 and message in lines[0] and "Traceback" not in result.output


def test_an_empty_revision_is_refused(seed, kg):
    assert one_line_refusal(kg("validate", "--changed", "", project=seed), "--changed is empty")


@pytest.mark.parametrize("text", ["", "# nothing yet\n"])
def test_a_new_file_with_nothing_in_it_is_the_one_empty_file_violation_not_a_missing_project(seed, kg, text):
    """A changed file that holds no triple is validated as such (rule empty-file, located at its line 1), by the
    files given and by --changed alike; never "no data files" (what an empty scope once said)."""
    (seed.root / "data" / "zz-new.ttl").write_text(text, encoding="utf-8")
    for args in ([str(seed.root / "data" / "zz-new.ttl")], ["--changed", "HEAD"]):
        result = kg("validate", *args, project=seed)
        assert result.exit_code == 1 and "no data files" not in result.output, result.output
        assert result.output.count("rule:    empty-file") == 1 and "at:      data/zz-new.ttl:1:1" in result.output


def test_a_deletion_validates_what_pointed_into_the_deleted_file(seed):
    root = seed.root
    write(root, "zz-official.ttl", 'oi:zz-official a oo:Official ; rdfs:label "Zed Official"@en .\n')
    write(root, "zz-holding.ttl", 'oi:holding-zz a oo:PostHolding ; rdfs:label "Zed holds the post"@en ; '
                                  'oo:holder oi:zz-official ; oo:post oi:post-uk-home-secretary .\n')
    write(root, "zz-alone.ttl", 'oi:zz-alone a oo:Official ; rdfs:label "Nobody points here"@en .\n')
    git(root, "add", "-A")
    git(root, "commit", "-qm", "an official, a holding, an official no holding points to")
    (root / "data" / "zz-alone.ttl").unlink()  # nothing pointed to it: nothing to report
    outcome = validate(seed, "fast", since="HEAD")
    assert outcome.report.conforms and not outcome.report.errors and not outcome.report.findings
    git(root, "rm", "-q", "data/zz-official.ttl")  # the holding pointed into it: its holder is gone
    part = validate(seed, "fast", since="HEAD").report.findings
    full = validate(seed, "fast").report.findings
    assert part and {f.focus for f in part} == {"oi:holding-zz"}
    assert part == [f for f in full if f.focus == "oi:holding-zz"]


def test_a_file_that_does_not_exist_is_refused(seed, kg):
    result = kg("validate", str(seed.root / "data" / "report-00l.ttl"), project=seed)
    assert one_line_refusal(result, "report-00l.ttl: no such file")


def test_a_turtle_file_outside_data_is_refused(seed, kg):
    (seed.root / "drafts").mkdir()
    shutil.copy(seed.root / "data" / "shared.ttl", seed.root / "drafts" / "new.ttl")
    result = kg("validate", str(seed.root / "drafts" / "new.ttl"), project=seed)
    assert one_line_refusal(result, "drafts/new.ttl: not validated: FILES are the project's data files")


def parses(monkeypatch) -> list:
    """The texts rdflib's SPARQL parser reads from now on, the process's memos of what it read emptied:
    what a new `kg` process would parse."""
    import kg.validation.changes as changes
    import kg.validation.shacl.sparql as sparql
    import kg.sparql.parsing as parsing
    from kg.sparql import saved

    monkeypatch.setattr(changes, "_QUERY_REACH", {})
    monkeypatch.setattr(sparql, "_FACTS", {})
    monkeypatch.setattr(saved, "_VARIABLES", {})
    read, apart = [], parsing.apart
    monkeypatch.setattr(parsing, "apart", lambda parse, text, **kw: (read.append(text), apart(parse, text, **kw))[1])
    return read


def test_validate_reads_what_the_rules_read_from_the_cache_not_the_parser_again(seed, kg, monkeypatch):
    """rdflib's parser took 1.7 s of a 2.2 s `kg validate` of the seed data and 3 s more for --changed, on
    every run (every commit, through the pre-commit hook): what the rules read is now kept in .kg-cache/."""
    write(seed.root, "zz-blank.ttl", '[] a oo:Figure ; rdfs:label "x"@en ; oo:value 12 .\n')
    reach = reach_of_rules(parse_turtle(seed.shapes_file), checks(seed))
    parses(monkeypatch)
    first = [kg("validate", *args, project=seed).output for args in ([], ["--changed", "HEAD"])]
    assert "Violation: [blank node]" in first[0] and "Violation: [blank node]" in first[1]
    read = parses(monkeypatch)
    again = [kg("validate", *args, project=seed).output for args in ([], ["--changed", "HEAD"])]
    assert again == first
    assert not read, f"{len(read)} SPARQL rules and checks parsed again"
    assert reach_of_rules(parse_turtle(seed.shapes_file), checks(seed), Cache(seed)) == reach  # as worked out


def test_a_full_validation_keeps_in_the_cache_only_what_it_used(seed, kg):
    """A plain `kg validate` (a CI job's, its .kg-cache/ restored from run to run: docs/validation.md) kept the
    parse of every earlier version of each data file, and of each rule and check no longer there, for good; it
    now removes what it did not use, as kg build and --changed do."""
    write(seed.root, "zz-figure.ttl", 'oi:zz-figure a oo:Figure ; rdfs:label "x"@en .\n')
    first_run = kg("validate", project=seed)
    parsed = seed.root / ".kg-cache" / "parse"
    first = {entry.name for entry in parsed.iterdir()}
    assert len(first) == len(seed.source_files), first_run.output
    write(seed.root, "zz-figure.ttl", 'oi:zz-figure a oo:Figure ; rdfs:label "y"@en .\n')
    stale = seed.root / ".kg-cache" / "queries" / ("0" * 64)
    stale.write_bytes(b"an entry of a rule no longer in the shapes")
    assert kg("validate", project=seed).output.replace('"y"', '"x"') == first_run.output
    now = {entry.name for entry in parsed.iterdir()}
    assert len(now) == len(seed.source_files) and len(now - first) == 1  # the edited file's new entry alone
    assert not stale.exists()


def test_a_validation_of_some_files_keeps_the_cache_entries_of_the_files_it_leaves_out(seed, kg):
    """A full validation removes from the cache what it did not use; a validation of named files (or of a change)
    reads only those files and what they reach, and must not remove the entries of the others."""
    write(seed.root, "zz-a.ttl", 'oi:zz-a a oo:Figure ; rdfs:label "a"@en .\n')
    write(seed.root, "zz-b.ttl", 'oi:zz-b a oo:Figure ; rdfs:label "b"@en .\n')
    kg("validate", project=seed)
    parsed = seed.root / ".kg-cache" / "parse"
    before = {entry.name for entry in parsed.iterdir()}
    write(seed.root, "zz-a.ttl", 'oi:zz-a a oo:Figure ; rdfs:label "a, again"@en .\n')
    assert "oi:zz-a" in kg("validate", str(seed.root / "data" / "zz-a.ttl"), project=seed).output
    assert before < {entry.name for entry in parsed.iterdir()}  # zz-b's kept, and the new zz-a's beside the old


def test_listing_and_running_saved_queries_read_their_variables_from_the_cache(seed, kg, monkeypatch):
    """`kg queries` parsed all 15 saved queries on every run (1.5 s of 1.9 s), `kg query` its own."""
    parses(monkeypatch)
    first = kg("queries", project=seed).output, kg("query", "agreements", "--format", "csv", project=seed).output
    assert "figures-by-person" in first[0] and "id/uk-rwanda-partnership," in first[1]
    read = parses(monkeypatch)
    assert (kg("queries", project=seed).output, kg("query", "agreements", "--format", "csv", project=seed).output) == first
    assert not read, f"{len(read)} saved queries parsed again"
    (seed.root / "queries" / "agreements.rq").write_text(
        (seed.root / "queries" / "agreements.rq").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert kg("queries", project=seed).output == first[0] and len(read) == 1  # the changed one alone
    assert len(list((seed.root / ".kg-cache" / "saved").iterdir())) == len(list((seed.root / "queries").glob("*.rq")))


def test_validate_and_a_query_without_a_build_read_unchanged_files_from_the_cache(seed, kg, monkeypatch):
    """`kg validate` parsed every data file on every run (a sixth of its 37 s at a million triples), and
    so did a query of a project not built: both now read back what an earlier run parsed."""
    import kg.sources.load as load

    parsed, read_files = [], load.read_files
    monkeypatch.setattr(load, "read_files", lambda todo, terms: (parsed.extend(p.name for p, *_ in todo),
                                                                 read_files(todo, terms))[1])
    first = kg("validate", project=seed).output
    assert "shared.ttl" in parsed and "Conforms" in first
    parsed.clear()
    assert kg("validate", project=seed).output == first and parsed == []
    assert "id/uk-rwanda-partnership," in kg("query", "agreements", "--format", "csv", project=seed).output and parsed == []
    assert not (seed.root / "dist").exists()  # answered from the sources, not from a release
    write(seed.root, "zz-new.ttl", 'oi:zz a oo:Person ; rdfs:label "Zed"@en .\n')
    kg("validate", project=seed)
    assert parsed == ["zz-new.ttl"]  # the new file alone


def test_what_a_change_reaches_is_read_from_the_cache_for_the_files_that_did_not_change(archive, monkeypatch):
    """`kg validate FILE` at 3,700 reports spent 12 of its 16 s parsing every data file to find what the
    change reaches: each file's nodes and links are now kept in .kg-cache/, and only a file whose bytes
    changed is parsed again, with the same findings."""
    import kg.validation.changes as changes

    parsed, parse = [], changes.ox.parse
    monkeypatch.setattr(changes.ox, "parse", lambda *args, **kw: (  # (the build's parser passes its input by position)
        parsed.extend([kw["input"]] if "input" in kw else []), parse(*args, **kw))[1])
    first = validate(archive, "fast", since="HEAD")
    assert len(parsed) == REPORTS + 1 + 1  # every data file, and report-002 as it was at HEAD
    parsed.clear()
    again = validate(archive, "fast", since="HEAD")
    assert parsed == [] and (again.report.findings, again.scope) == (first.report.findings, first.scope)
    edit(archive.root, "report-002.ttl", "oo:method oo:Share", "oo:method oo:Difference")  # the share undone
    changed = validate(archive, "fast", since="HEAD")
    assert [text.decode() for text in parsed] == [(archive.root / "data" / "report-002.ttl").read_text(encoding="utf-8")]
    assert not [f for f in changed.report.findings if f.rule == "share-outside-0-100-percent"]
    cached = len(list((archive.root / ".kg-cache" / "links").iterdir()))
    assert cached == REPORTS + 1 + 1  # the files now, and report-002 at HEAD; its edited version pruned


def test_the_cache_is_no_file_for_git(seed, kg, monkeypatch):
    parses(monkeypatch)
    kg("validate", project=seed)
    assert (seed.root / ".kg-cache").is_dir()
    assert git(seed.root, "status", "--porcelain") == ""


def test_what_this_process_already_knew_is_still_kept_in_the_cache(seed, kg):
    """A process that validates again (a server, a test session) knew what the rules read without the
    cache: the entries were then neither written nor marked used, and the next build pruned them."""
    kg("validate", "--changed", "HEAD", project=seed)
    shutil.rmtree(seed.root / ".kg-cache")
    write(seed.root, "zz-new.ttl", 'oi:zz-e a oo:Official ; rdfs:label "Zed"@en .\n')
    kg("validate", "--changed", "HEAD", project=seed)
    assert kg("build", "-q", project=seed).exit_code == 1  # (zz-new.ttl: an official without a post)
    for section in ("queries", "reach"):
        assert len(list((seed.root / ".kg-cache" / section).iterdir())) > 20, section


def user_entries(folder) -> dict:
    """section -> the names of the user's cache's entries in it."""
    parsed = folder / "kg" / "parsed"
    return {section.name: {entry.name for entry in section.iterdir()} for section in parsed.iterdir() if section.is_dir()}


def test_a_fresh_clone_reads_the_rules_another_project_of_the_user_parsed_not_the_parser_again(seed, kg, tmp_path_factory,
                                                                                                monkeypatch):
    """A fresh clone's first `kg validate` parsed every rule's and check's SPARQL again and closed the
    ontology again (2.8 s of this project's, 0.7 s once they are known), though another project of the
    user had the same model: what a text reads, and the closure, are now kept in the user's cache too
    (theirs alone), found from any project. No entry of the user's cache may depend on the names the parser
    gives blank nodes (their number stays the same from clone to clone)."""
    write(seed.root, "zz-blank.ttl", '[] a oo:Figure ; rdfs:label "x"@en ; oo:value 12 .\n')
    git(seed.root, "add", "-A")
    git(seed.root, "commit", "-qm", "a blank node")
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # (the seed's project is its test's tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(elsewhere / "user"))
    runs = (["validate"], ["validate", "--changed", "HEAD~1"])
    parses(monkeypatch)
    first = [kg(*args, project=seed).output for args in runs]
    assert "Violation: [blank node]" in first[0] and "Violation: [blank node]" in first[1]
    kept = user_entries(elsewhere / "user")
    assert {"schema", "queries", "checks", "reach"} <= set(kept) and all(kept.values()), kept
    folders = [elsewhere / "user" / "kg", *(elsewhere / "user" / "kg" / "parsed").glob("*/")]
    assert all(os.stat(folder).st_mode & 0o077 == 0 for folder in folders)  # (the user's alone)
    clone = Project(elsewhere / "clone")
    shutil.copytree(seed.root, clone.root, ignore=shutil.ignore_patterns(".kg-cache"))
    read = parses(monkeypatch)  # (and no .kg-cache/: the user's cache alone may spare the parser)
    assert [kg(*args, project=clone).output for args in runs] == first
    assert not read, f"{len(read)} SPARQL texts parsed again"
    assert user_entries(elsewhere / "user") == kept  # (the clone's own parse: no entry new)
    assert {e.name for e in (clone.root / ".kg-cache" / "queries").iterdir()} == kept["queries"]  # (its own too)


def test_every_parse_of_the_ontology_names_its_blank_nodes_alike_and_apart_from_the_datas(seed, tmp_path):
    """The parser names blank nodes anew at each parse: the ontology's closure, keyed by its triples, was found
    again only through the project's own cache of that parse. Its blank nodes are now named by the order they
    first appear in: two parses with no cache give the same triples (the same closure key), and no name of the
    data's blank nodes, which keep the parser's."""
    write(seed.root, "zz-blank.ttl", '[] a oo:Figure ; rdfs:label "x"@en ; oo:value 12 .\n')
    first, again = (load_sources(Project(seed.root)) for _ in range(2))
    blank = {term for triple in first.ontology for term in triple if term.startswith("_:")}
    assert blank and first.ontology == again.ontology
    assert blank == {f"_:ontology{n}" for n in range(1, len(blank) + 1)}
    data_blank = {term for triple in first.data for term in triple if term.startswith("_:")}
    assert data_blank and not data_blank & blank
    assert Cache(seed).key("schema", *sorted(map(" ".join, first.ontology))) \
        == Cache(seed).key("schema", *sorted(map(" ".join, again.ontology)))


def test_a_damaged_entry_of_the_users_cache_is_worked_out_again_and_mended(seed, kg, tmp_path, monkeypatch):
    """An entry cut short, not marshal's, or another key's (a disk full, another kg's write) is no value: the
    text is parsed again, the same findings given, and the entry written anew for the next run."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    first = kg("validate", project=seed).output
    entries = [entry for section in (tmp_path / "user" / "kg" / "parsed").iterdir() if section.is_dir()
               for entry in section.iterdir()]
    for number, entry in enumerate(entries):
        entry.write_bytes([b"", b"\x00damaged", marshal.dumps(("another key", ()))][number % 3])
    shutil.rmtree(seed.root / ".kg-cache")
    read = parses(monkeypatch)
    assert kg("validate", project=seed).output == first
    assert read
    shutil.rmtree(seed.root / ".kg-cache")
    read = parses(monkeypatch)
    assert kg("validate", project=seed).output == first
    assert not read  # (mended)


def test_a_users_cache_that_cannot_be_made_or_written_is_no_error(seed, kg, tmp_path, monkeypatch):
    first = kg("validate", project=seed).output
    (tmp_path / "a file").write_text("not a folder")
    for home in (tmp_path / "a file", tmp_path / "a file" / "below"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(home))
        shutil.rmtree(seed.root / ".kg-cache")
        result = kg("validate", project=seed)
        assert result.exit_code == 0 and result.output == first, result.output


def test_the_users_cache_removes_once_a_day_what_no_run_read_for_a_month(seed, tmp_path, monkeypatch):
    """The user's cache is not any project's to prune: what one did not use, another may. An entry no run
    has read for KEPT_FOR (an earlier kg's, a rule no project has any more) is removed, at most once a day;
    an entry read is kept (its time brought up to now)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    cache = Cache(seed)
    now = time.time()
    for name in ("old", "read", "recent"):
        cache.put("queries", name, (name,))
    os.utime(cache.shared / "queries" / "old", (now - KEPT_FOR - 60,) * 2)
    os.utime(cache.shared / "queries" / "read", (now - KEPT_FOR - 60,) * 2)
    shutil.rmtree(cache.root)
    assert Cache(seed).get("queries", "read") == ("read",)  # (from the user's cache)
    Cache(seed).prune()
    assert {e.name for e in (cache.shared / "queries").iterdir()} == {"read", "recent"}
    os.utime(cache.shared / "queries" / "recent", (now - KEPT_FOR - 60,) * 2)
    Cache(seed).prune()  # (pruned within the day: nothing removed)
    assert {e.name for e in (cache.shared / "queries").iterdir()} == {"read", "recent"}
    os.utime(cache.shared / ".pruned", (now - DAY - 60,) * 2)
    Cache(seed).prune()
    assert {e.name for e in (cache.shared / "queries").iterdir()} == {"read"}


def test_a_cache_that_cannot_be_changed_is_no_error(seed, kg, monkeypatch):
    """`kg validate --changed` prunes the reach of rules no longer in the shapes: in a checkout whose
    .kg-cache/ the user cannot write (read-only, another user's), that must not stop the validation."""
    kg("validate", "--changed", "HEAD", project=seed)
    stale = seed.root / ".kg-cache" / "reach" / ("0" * 64)
    stale.write_bytes(b"")

    def refused(self, missing_ok=False):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(stale), "unlink", refused)
    result = kg("validate", "--changed", "HEAD", project=seed)
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert stale.exists()
