"""Hostile input to the `kg` command (issue 11): every case a one-line message and its exit code, never a
traceback. Each test is named for what it proves; tests/test_hostile_sweeps.py sweeps generated inputs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.core.errors import INTERNAL_ERROR_EXIT, KGError
from serving import built_copy as copy_of_built, built_project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_project(tmp_path_factory)


@pytest.fixture
def built_copy(tmp_path, tmp_path_factory):
    """A writable copy of the built project, for a test that damages its dist/ (not about the build)."""
    return copy_of_built(tmp_path_factory, tmp_path / "project")


def one_line_message(result) -> str:
    """The message a failed command printed; fails the test on a traceback or a message of several lines."""
    output = result.output.strip()
    assert "Traceback" not in output, output
    assert output.startswith("kg: ") and "\n" not in output, output
    return output


def test_a_long_query_without_a_slash_is_read_as_a_query_not_as_a_file_name(kg, built):
    text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * 300
    assert kg("sparql", text, project=built).exit_code == 0
    result = kg("sparql", "SELECT" + "x" * 300, project=built)  # no space: it could be a file name, and is not
    assert result.exit_code == 2 and "not a SPARQL query" in one_line_message(result)


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_a_lone_surrogate_escape_in_a_query_is_named_not_blamed_on_the_grammar(kg, built, engine):
    """Found by a hostile probe over HTTP: "expected ENCODE_FOR_URI" for "\uD83D" (the reference answered)."""
    result = kg("sparql", "--engine", engine, r'ASK { ?s ?p "\uD83D" }', project=built)
    assert result.exit_code == 2
    assert one_line_message(result).startswith(r"kg: not valid SPARQL: at line 1, column 14: \uD83D is not a character")


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
@pytest.mark.parametrize("query", [
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3",
    "SELECT (SUM(?o) AS ?sum) WHERE { ?x rdfs:label ?o }",
    'SELECT * WHERE { ?s rdfs:label ?o FILTER(REGEX(?o, "(")) }',
])
def test_graph_variables_sums_of_strings_and_bad_regexes_answer_or_give_a_message(kg, built, engine, query):
    result = kg("sparql", "--engine", engine, query, project=built)
    if result.exit_code != 0:
        assert result.exit_code == 2
        one_line_message(result)


def test_a_query_file_that_is_not_utf8_names_the_byte(kg, built, tmp_path):
    path = tmp_path / "latin1.rq"
    path.write_bytes("SELECT * WHERE { ?s ?p 'caf\xe9' }".encode("latin-1"))
    result = kg("sparql", str(path), project=built)
    assert result.exit_code == 2 and "not UTF-8 text (byte 0xe9" in one_line_message(result)


@pytest.mark.parametrize("where, args, stdin", [
    ("standard input", ["sparql", "-"], b"SELECT * WHERE { ?s ?p ?o } LIMIT 1\xff"),
    ("the query", ["sparql", b"SELECT * WHERE { ?s ?p ?o } LIMIT 1 \xff"], None),
    ("--param", ["query", "check-verdicts", "-p", b"verdict=\xff"], None),
    ("the query's name", ["query", b"who\xff"], None),  # (it said "no saved query 'who\udcff'", a hostile read)
    ("--out's path (the site's search index is written by a tool that reads UTF-8 only)", ["publish", "--out", b"/tmp/kg-site-\xff"], None),  # (Pagefind failed after the pages: "install it")
])
def test_bytes_that_are_not_utf8_in_an_argument_or_on_standard_input_name_the_byte(built, where, args, stdin):
    """Found by a hostile read: these were an internal fault of kg's (exit 70, UnicodeEncodeError)."""
    result = subprocess.run([sys.executable, "-m", "kg", "--project", str(built.root), *args], input=stdin,
                            capture_output=True, timeout=120)
    message = result.stderr.decode("utf-8", "replace").strip()
    assert result.returncode == 2 and message.startswith(f"kg: {where}: not UTF-8 text (byte 0xff at offset "), message
    assert "\n" not in message


@pytest.mark.parametrize("fmt, query", [
    ("csv", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"),
    ("turtle", "SELECT * WHERE { ?s ?p ?o } LIMIT 2"),
    ("nt", "ASK { ?s ?p ?o }"),
])
def test_a_format_that_does_not_fit_the_query_form_is_a_message(kg, built, fmt, query):
    result = kg("sparql", "--format", fmt, query, project=built)
    assert result.exit_code == 2 and "--format" in one_line_message(result)


def test_a_format_a_construct_is_refused_names_only_formats_kg_takes(kg, built):
    """It advised '--format json-ld, jsonld, nt, ntriples, ttl, turtle': `--format ttl` (and jsonld, ntriples)
    was then refused by the option itself."""
    message = one_line_message(kg("sparql", "--format", "csv", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", project=built))
    advised = message.split("use --format ", 1)[1].split(", not ")[0].split(", ")
    assert advised == ["json-ld", "nt", "turtle"], message
    for fmt in advised:
        assert kg("sparql", "--format", fmt, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", project=built).exit_code == 0


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity", "1e999999999", "9" * 10_000, "0x10", "1_000", "١٢٣"])
def test_a_number_parameter_is_bounded_before_it_is_read(kg, built, value):
    started = time.monotonic()
    result = kg("query", "reports-stating-figure", "--param", f"value={value}", project=built)
    assert result.exit_code == 2 and "parameter 'value'" in one_line_message(result)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("engine", ["oxigraph", "reference"])
def test_a_decimal_with_a_huge_exponent_in_an_answer_keeps_its_text_and_costs_nothing(kg, built, engine):
    started = time.monotonic()
    result = kg("sparql", "--engine", engine, 'SELECT ?x WHERE { BIND("1e999999999"^^xsd:decimal AS ?x) }',
                "--format", "csv", project=built)
    assert result.exit_code == 0 and result.output.split() == ["x", "1e999999999"], result.output[:300]
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("query, parameter", [("statements-by-person", "person"), ("check-verdicts", "verdict"),
                                              ("who-said-what", "indicator")])
def test_a_parameter_longer_than_500_characters_is_refused_in_one_short_line(kg, built, query, parameter):
    """Found by a hostile read: a name to look up was not bounded, and came back whole in the message (120 KB)."""
    result = kg("query", query, "--param", f"{parameter}={'a b ' * 30_000}", project=built)
    message = one_line_message(result)
    assert result.exit_code == 2 and f"parameter '{parameter}' is longer than 500 characters" in message
    assert len(message) < 200, message[:300]


LONG = "x" * 100_000


@pytest.mark.parametrize("args", [
    ("query", LONG), ("query", "statements", "--param", LONG), ("query", "statements", "--param", f"{LONG}=a"),
    ("query", "statements", "--param", "report=r000", "--param", f"report={LONG}"),
    ("query", "statements", "--param", f"{LONG}=a", "--param", f"{LONG}=b"),
    ("timeline", LONG), ("extract", "--date", LONG, "ARTICLE"), ("validate", "--report", LONG),
    ("push", "http://127.0.0.1:9/store", "--graph", LONG),
], ids=["query-name", "param-without-equals", "param-unknown", "param-twice", "param-name-twice", "timeline",
        "extract-date", "validate-report", "push-graph"])
def test_a_value_a_message_repeats_is_repeated_at_most_to_the_bound(kg, built, args):
    """Found by a hostile read: a saved query's name, a --param without '=' or given twice, an indicator,
    --date, --report and --graph came back whole in the message (100 KB for a value of 100,000 characters),
    as a value looked up did before it was bounded (kg.core.errors.echoed)."""
    given = [str(sorted(built.data_files)[0]) if arg == "ARTICLE" else arg for arg in args]
    result = kg(*given, project=built)
    first = result.output.strip().splitlines()[0]  # (a listing of the queries or indicators may follow)
    assert result.exit_code == 2 and first.startswith("kg: ") and "Traceback" not in result.output, first[:300]
    assert len(first) < 700 and "the first 200 of 10" in first, first[:800]


@pytest.mark.parametrize("value", ["http://\x08", "oi:a\x7fb", "https://example.org/a\x1fb"])
def test_an_iri_parameter_with_a_control_character_is_refused_not_a_fault(kg, built, value):
    result = kg("query", "figures-by-person", "--param", f"person={value}", project=built)
    assert result.exit_code == 2 and "parameter 'person' must be an IRI" in one_line_message(result)


def test_push_to_a_malformed_url_is_refused_before_anything_is_built(kg, project_copy):
    for url in ("http://[::1", "http://localhost:99999/store", "ftp://example.org/store", "http:///store"):
        result = kg("push", url, project=project_copy)
        assert result.exit_code == 2 and url in one_line_message(result)
    assert not (project_copy.root / "dist").exists()


def test_a_project_that_does_not_exist_is_an_error_not_another_project(kg, tmp_path):
    for given, reason in ((tmp_path / "nonexistent", "no such directory"), (tmp_path, "not a project")):
        result = kg("--project", str(given), "queries")
        assert result.exit_code == 2 and reason in one_line_message(result)


@pytest.mark.parametrize("args", [("--project", "{loop}", "queries"), ("check", "-o", "{loop}"),
                                  ("timeline", "returned-to-france", "-o", "{loop}"),
                                  ("publish", "-q", "-o", "{loop}/site"), ("generate", "-n", "1", "-o", "{loop}")],
                         ids=lambda args: args[0])
def test_a_path_that_is_a_loop_of_symbolic_links_is_named_as_one_not_an_internal_error(kg, built, tmp_path, args):
    """Found by a hostile sweep: Python 3.11's Path.resolve raised RuntimeError for a loop (exit 70)."""
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    given = [arg.format(loop=loop) for arg in args]
    result = kg(*given, project=None if "--project" in given else built)
    assert result.exit_code == 2 and "a loop of symbolic links" in one_line_message(result)


@pytest.mark.parametrize("raised, code, words", [
    (ZeroDivisionError("division by zero"), INTERNAL_ERROR_EXIT, ["internal error (ZeroDivisionError", "issue tracker"]),
    (PermissionError(13, "Permission denied", "queries/x.rq"), 2, ["queries/x.rq: Permission denied"]),
    (MemoryError(), 2, ["out of memory"]),
    (RecursionError("maximum recursion depth exceeded"), 2, ["nests too deeply"]),
])
def test_an_exception_no_code_expected_is_one_line_with_its_exit_code(kg, built, monkeypatch, raised, code, words):
    def broken(*args, **kwargs):
        raise raised

    monkeypatch.setattr("kg.cli.load_queries", broken)
    result = kg("queries", project=built)
    message = one_line_message(result)
    assert result.exit_code == code and all(word in message for word in words), message


def test_the_console_script_prints_no_traceback_for_a_system_error(built, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    command = [sys.executable, "-m", "kg", "--project", str(built.root), "check", "-o", str(a_file / "report.txt")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"kg: {a_file}") and "not a directory" in last.lower(), done.stderr


def test_ctrl_c_while_the_command_loads_its_libraries_is_one_line_and_exit_130(monkeypatch, capsys):
    """Found by a hostile read: Ctrl-C in the first second of any `kg` command (kg.cli's imports, which
    the console script ran itself) printed a traceback. The entry point (kg.run) now imports kg.cli."""
    import builtins

    import kg

    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "kg.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as stopped:
        kg.run()
    assert stopped.value.code == 130 and capsys.readouterr().err == "kg: interrupted\n"


def test_an_evidence_offset_that_is_not_a_whole_number_is_reported_not_an_internal_error(kg, project_copy):
    """`oa:start 746.0` is invalid data, which kg validate reports; every command that reads figures
    (kg query, kg sparql, kg timeline) stopped with exit 70 on it (found by a hostile read)."""
    path = project_copy.root / "data" / "report-004.ttl"
    text = path.read_text(encoding="utf-8")
    assert "oa:start 746 ;" in text
    path.write_text(text.replace("oa:start 746 ;", "oa:start 746.0 ;"), encoding="utf-8")
    for args in (["sparql", "ASK {}"], ["query", "figures-in-report"], ["timeline", "returned-to-france"]):
        result = kg(*args, project=project_copy)
        assert result.exit_code != INTERNAL_ERROR_EXIT and "internal error" not in result.output, (args, result.output)
    result = kg("validate", project=project_copy)
    assert result.exit_code == 1 and "report-004.ttl" in result.output


def test_a_query_on_standard_input_is_read_no_further_than_a_query_may_be_long(built):
    """`kg sparql - < /dev/zero` grew to gigabytes (NUL is UTF-8: nothing stopped the read) before the
    length was checked: the read stops one character past the bound."""
    started = time.monotonic()
    with open("/dev/zero", "rb") as zeros:
        run = subprocess.run([sys.executable, "-m", "kg", "--project", str(built.root), "sparql", "-"], stdin=zeros,
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "longer than 100,000 characters" in run.stderr, run.stderr
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("name, says", [("./no-such-query.rq", "no such file"), ("missing.rq", "no such file"),
                                        ("/tmp", "not a file")])
def test_a_query_file_that_is_not_there_is_named_not_read_as_a_query(kg, built, tmp_path, name, says):
    """It was taken as the query's text: "not a SPARQL query: it has no SELECT"."""
    result = kg("sparql", name, project=built)
    assert result.exit_code == 2 and says in one_line_message(result)


@pytest.mark.parametrize("command", [("validate",), ("build", "-q"), ("query", "agreements")])
def test_a_data_file_named_in_another_encoding_is_named_not_an_internal_error(kg, bare_project, command):
    """A file data/caf\\xe9.ttl (Latin-1, not UTF-8) made every command say "internal error ... this is a
    fault in kg" (exit 70) from the cache's key; it is bad input, named."""
    import os

    name = os.fsdecode(b"caf\xe9.ttl")
    (bare_project.root / "data" / name).write_text("@prefix oi: <https://w3id.org/oioo/id/> .\noi:x oi:y oi:z .\n",
                                                   encoding="utf-8")
    result = kg(*command, project=bare_project)
    assert result.exit_code == 2 and "caf\\xe9.ttl: the file's name is not UTF-8" in one_line_message(result)


def test_a_dist_that_is_a_file_or_a_current_that_is_a_folder_is_named_and_leaves_nothing(kg, bare_project):
    """`kg build` said "dist: File exists", or "dist/.current.7778.link: Is a directory" and left that
    link behind at each try (found by a hostile read)."""
    dist = bare_project.root / "dist"
    dist.write_text("not a folder", encoding="utf-8")
    result = kg("build", "-q", project=bare_project)
    assert result.exit_code == 2 and "dist: not a folder" in one_line_message(result)
    dist.unlink()
    (dist / "current").mkdir(parents=True)
    for _ in range(2):
        result = kg("build", "-q", project=bare_project)
        assert result.exit_code == 2 and "current" in one_line_message(result) and "move what is there" in result.output
    assert not list(dist.glob(".*.link"))


def _kg_command(built, *args) -> list[str]:
    return [sys.executable, "-m", "kg", "--project", str(built.root), *args]


WRITING_COMMANDS = [
    ("query", "who-said-what", "--param", "indicator=oi:ind-net-inflow"),
    ("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 3"),
    ("queries",),
    ("check",),
    ("discrepancies",),
    ("validate", "--format", "json"),
    ("timeline", "net-inflow", "-o", "{tmp}"),
    ("--help",),  # printed by click itself: exited 0 having written nothing
    ("query", "--help"),
    ("--version",),
]


@pytest.mark.parametrize("args", WRITING_COMMANDS, ids=lambda args: args[0])
def test_output_to_a_closed_standard_output_is_an_error_not_lost_in_silence(built, tmp_path, args):
    """`kg query ... >&-` exited 0 having written nothing: with standard output closed, Python's
    sys.stdout is None, and click.echo writes nothing and says nothing."""
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *_kg_command(built, *args)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "kg: cannot write the output: standard output is closed", done.stderr


@pytest.mark.parametrize("args", [WRITING_COMMANDS[0], WRITING_COMMANDS[5]], ids=lambda args: args[0])
def test_output_to_a_full_disk_is_an_error_that_says_so(built, args):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(_kg_command(built, *args), stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == "kg: cannot write the output: No space left on device", done.stderr


@pytest.mark.parametrize("args", [WRITING_COMMANDS[0], WRITING_COMMANDS[2], WRITING_COMMANDS[5]],
                         ids=lambda args: args[0])
def test_a_reader_that_closed_the_pipe_before_a_byte_ends_kg_quietly_with_141(built, args):
    """As `yes | head -1` ends yes: nothing on stderr (no 'Exception ignored ... BrokenPipeError'), and the
    status a shell shows for SIGPIPE, not 0 (which said a `kg validate | head` that stopped had passed)."""
    process = subprocess.Popen(_kg_command(built, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 141 and errors == b"", errors


@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_a_reader_that_stops_after_a_line_ends_kg_quietly_with_141_buffered_or_not(built, unbuffered):
    """With PYTHONUNBUFFERED=1 (common in containers) standard output's binary layer is the raw file: a pipe
    whose reader went away took 64 KiB of the 1.8 MB answer, sys.stdout.write dropped the rest and kg
    exited 0. kg now writes until all is written, or the pipe refuses."""
    import os

    environment = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    process = subprocess.Popen(_kg_command(built, "sparql", "--format", "csv", "SELECT * WHERE { ?s ?p ?o }"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    assert process.stdout.readline().strip() == b"o,p,s"
    process.stdout.close()
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 141 and errors == b"", errors


def test_a_query_from_a_closed_standard_input_is_a_message_not_an_internal_error(built):
    """`kg sparql - <&-` was exit 70: "internal error (AttributeError: 'NoneType' object has no attribute 'read')"."""
    done = subprocess.run(["sh", "-c", 'exec "$@" <&-', "sh", *_kg_command(built, "sparql", "-")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.startswith("kg: standard input is closed: "), done.stderr


def test_a_closed_standard_descriptor_is_never_given_to_a_file_kg_opens():
    """With standard output closed, the next file kg opened got descriptor 1, and what a child process
    wrote to its standard output went into that file. kg.run holds it with /dev/null, read-only."""
    probe = ("import errno, os, kg\n"
             "kg._hold_closed_standard_descriptors()\n"
             "opened = os.open(os.devnull, os.O_WRONLY)\n"
             "try:\n    os.write(1, b'x')\n"
             "except OSError as error:\n    os.write(2, f'{opened} {errno.errorcode[error.errno]}'.encode())\n")
    done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-c", probe], capture_output=True,
                          text=True, timeout=60)
    opened, refused = done.stderr.split()
    assert int(opened) > 2 and refused == "EBADF", done.stderr  # a write to it fails as on the closed one


@pytest.mark.parametrize("encoding", ["latin-1", "iso8859-7"])
def test_output_a_non_utf8_locale_cannot_carry_is_written_whole_in_utf8_not_an_internal_error(built, encoding):
    """The reports' curly quotes, dashes and ellipses in a latin-1 or Greek locale (PYTHONIOENCODING, an
    old terminal): kg check and kg query were exit 70, "internal error
    (UnicodeEncodeError ...)", after half their output."""
    import os

    environment = {**os.environ, "PYTHONIOENCODING": encoding}
    for args in (("check",), ("query", "statements", "--format", "csv")):
        done = subprocess.run(_kg_command(built, *args), capture_output=True, env=environment, timeout=300)
        assert done.returncode == 0 and b"internal error" not in done.stderr, (args, done.stderr)
        assert "\u2019" in done.stdout.decode("utf-8"), args


def test_a_release_whose_dist_cannot_take_its_store_is_queried_from_memory(kg, built_copy, monkeypatch):
    """Another user's release (kg build writes it 0644 in 0755 folders, for readers), a read-only mount, a
    full disk: kg query and kg sparql failed, "kg: .../dist/.oxigraph-4cx1gyh: Permission denied", since
    they make the release's store in dist/ on first use. They read the release into memory instead."""
    import errno
    import tempfile
    from pathlib import Path

    made = tempfile.mkdtemp

    def refused(*args, dir=None, **options):
        if dir is not None and Path(dir) == built_copy.dist_dir:
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return made(*args, dir=dir, **options)

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    result = kg("query", "agreements", project=built_copy)
    assert result.exit_code == 0 and result.output.rstrip().endswith("(15 rows)"), result.output
    assert kg("sparql", "ASK { oi:r000 a oo:Report }", project=built_copy).output.split()[-1] == "true"
    assert not (built_copy.dist_dir / "oxigraph").exists()


@pytest.mark.parametrize("damage", ["truncated", "removed"])
def test_a_store_whose_files_are_damaged_is_made_again_from_the_release_not_an_internal_error(kg, built_copy, damage):
    """dist/oxigraph/ is only what kg made of the release: with its table files truncated (a full disk, a copy
    cut short) every query was an internal error (RuntimeError: Corruption, exit 70); with its CURRENT file
    removed, "IO error: No such file or directory", naming no remedy; and kg build, the release whole, left
    the store as it was. Now the store is made again from the release, which is checked against its manifest."""
    store = built_copy.dist_dir / "oxigraph"
    assert kg("sparql", "ASK { oi:r000 a oo:Report }", project=built_copy).output.split()[-1] == "true"
    if damage == "truncated":
        for table in store.glob("*.sst"):
            with open(table, "r+b") as file:
                file.truncate(100)
    else:
        (store / "CURRENT").unlink()
    for attempt in (1, 2):
        result = kg("query", "agreements", project=built_copy)
        assert result.exit_code == 0 and result.output.rstrip().endswith("(15 rows)"), result.output[-600:]
    assert all(table.stat().st_size > 100 for table in store.glob("*.sst")) and (store / "CURRENT").is_file()


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_a_query_that_runs_on_in_the_engine_stops_at_ctrl_c_or_sigterm_with_130(kg, built, signal_name):
    """An aggregate over a join runs in Oxigraph's Rust as one step, and Python handles a signal only between
    its own: Ctrl-C, `timeout` and a CI job's SIGTERM went unheard, the query ran on (ten minutes, until
    killed). The query now runs in a thread of its own (kg.core.background.interruptibly), and kg stops at once."""
    import signal

    assert kg("sparql", "ASK { ?s ?p ?o }", project=built).exit_code == 0  # (the release's store made first)
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # (15,000³ rows to count)
    process = subprocess.Popen(_kg_command(built, "sparql", endless), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        time.sleep(4)  # (started, and counting)
        assert process.poll() is None, process.communicate()
        sent = time.monotonic()
        process.send_signal(getattr(signal, signal_name))
        _, stderr = process.communicate(timeout=20)
        assert process.returncode == 130 and stderr == "kg: interrupted\n", stderr
        assert time.monotonic() - sent < 5
    finally:
        process.kill()
        process.wait()


def test_the_half_made_store_of_a_killed_process_is_removed_by_the_next_that_makes_one(kg, built_copy):
    """A kg query killed (SIGKILL, the OOM killer, a reboot) while it made the release's store left its
    dist/.oxigraph-XXXX behind, never removed: a store's size each time. The folder now names its process,
    and the next process that makes a store removes those of processes that are gone, not of live ones."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        left, busy = (built_copy.dist_dir / f".oxigraph-{pid}-abc" for pid in (dead.pid, alive.pid))
        for folder in (left, busy):
            (folder / "store").mkdir(parents=True)
            (folder / "store" / "000001.sst").write_bytes(b"half a store")
        result = kg("query", "agreements", project=built_copy)
        assert result.exit_code == 0 and result.output.rstrip().endswith("(15 rows)"), result.output[-600:]
        assert not left.exists() and busy.exists()
        assert sorted(p.name for p in built_copy.dist_dir.glob(".oxigraph-*")) == [busy.name]
    finally:
        alive.kill()
        alive.wait()


def test_a_store_found_damaged_as_a_query_reads_it_is_made_again_and_the_query_answered(kg, built_copy, monkeypatch):
    """RocksDB reads a table's blocks only when a query needs them: a damaged one was "the query cannot be run
    with these parameters" (as the query started) or "the query failed" (as its rows were read), and stayed
    damaged. Now it is said as the store's damage (kg.sparql.run.StoreDamaged), and kg query makes the store
    again and answers; damaged again, it says so in one line."""
    import pyoxigraph as ox

    from kg.sparql import run

    stores, query = [], run.execute

    def damaged_once(store, *args, **kwargs):
        stores.append(store)
        if len(stores) == 2:  # (the first: the ASK that made the store)
            raise run._store_error(RuntimeError("Corruption: block checksum mismatch in 000023.sst")) or AssertionError
        return query(store, *args, **kwargs)

    monkeypatch.setattr(run, "execute", damaged_once)
    store = built_copy.dist_dir / "oxigraph"
    kg("sparql", "ASK {}", project=built_copy)
    made = store.stat().st_ino
    result = kg("query", "agreements", project=built_copy)
    assert result.exit_code == 0 and result.output.rstrip().endswith("(15 rows)"), result.output[-600:]
    assert len(stores) == 3 and isinstance(stores[2], ox.Store) and store.stat().st_ino != made  # (made again)

    def damaged(store, text, bindings=None):
        raise run._store_error(RuntimeError("Corruption: block checksum mismatch")) or AssertionError

    monkeypatch.setattr(run, "execute", damaged)
    result = kg("query", "agreements", project=built_copy)
    assert result.exit_code == 2 and one_line_message(result) == \
        "kg: the store is damaged: Corruption: block checksum mismatch"


@pytest.mark.parametrize("args, starts", [
    (("check", "-o", "-"), "verdict"), (("discrepancies", "--format", "json", "-o", "-"), "{"),
    (("validate", "--format", "junit", "-o", "-"), "<?xml"), (("validate", "--report", "sarif=-"), "{"),
    (("extract", "-o", "-", "ARTICLE"), "# MACHINE-DRAFTED"),
], ids=lambda value: value[0] if isinstance(value, tuple) else "")
def test_an_output_of_dash_is_standard_output_not_a_file_named_dash(kg, built, tmp_path, monkeypatch, seeds_dir,
                                                                      args, starts):
    """`kg check -o -` wrote a file named '-' in the current directory ("wrote -"), where other tools write
    to standard output."""
    monkeypatch.chdir(tmp_path)
    article = str(sorted(seeds_dir.glob("*.txt"))[0])
    result = kg(*[article if arg == "ARTICLE" else arg for arg in args], project=built)
    assert result.exit_code == 0 and result.stdout.lstrip().startswith(starts), result.output[:300]
    assert not (tmp_path / "-").exists() and "wrote -" not in result.stderr


def test_kg_extract_evaluate_with_an_article_or_output_is_refused_not_run_without_them(kg, built, tmp_path, seeds_dir):
    """`kg extract --evaluate DIR ARTICLE -o draft.ttl` printed the scores and drafted nothing, without a word."""
    draft = tmp_path / "draft.ttl"
    article = str(sorted(seeds_dir.glob("*.txt"))[0])
    result = kg("extract", "--evaluate", str(seeds_dir), article, "-o", str(draft), project=built)
    assert result.exit_code == 2 and one_line_message(result) == (
        "kg: --evaluate DIR scores the extractor on DIR's reports and takes no ARTICLE, -o: give one or the other")
    assert not draft.exists()


def test_a_report_written_to_a_fifo_or_through_a_link_leaves_the_fifo_and_the_link_in_place(kg, built, tmp_path):
    """-o FILE was written beside FILE and renamed over it: a FIFO (or a device: as root, -o /dev/null
    replaced /dev/null with a file for the whole machine) became a regular file, and a symbolic link a
    file of its own, its target left as it was. A FIFO or device is written into; a link, where it points."""
    import os
    import stat

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        result = kg("validate", "--format", "json", "-o", str(fifo), project=built)
        assert result.exit_code == 0, result.output
        assert b'"conforms": true' in reader.communicate(timeout=30)[0]
    finally:
        reader.kill()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    target, link = tmp_path / "kept.json", tmp_path / "link.json"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    assert kg("validate", "--format", "json", "-o", str(link), project=built).exit_code == 0
    assert link.is_symlink() and '"conforms": true' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("make, args", [
    (lambda root, tmp: (tmp / "article.txt", "Caf\xe9 owner said \u201cno\u201d."), ["add", "ARTICLE", "--date", "2025-01-01"]),
    (lambda root, tmp: (root / "queries" / "zz-latin.rq", "SELECT * WHERE { ?s ?p 'caf\xe9' }"), ["queries"]),
    (lambda root, tmp: (tmp / "gold" / "a.yaml", "quotes: [[Caf\xe9, no]]"), ["extract", "--evaluate", "GOLD"]),
])
def test_every_file_that_is_not_utf8_is_named_with_its_byte_and_offset(kg, project_copy, tmp_path, make, args):
    """kg add said "not UTF-8 text (byte 0)" (an offset called a byte), a gold file the same, and a saved
    query in queries/ only "not UTF-8 text": every such message now says which byte, at which offset."""
    path, text = make(project_copy.root, tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("latin-1", "replace"))
    if "GOLD" in args:
        (path.parent / "a.txt").write_text("Bob said \u201cno\u201d.", encoding="utf-8")
    args = [str(path) if a == "ARTICLE" else str(path.parent) if a == "GOLD" else a for a in args]
    result = kg(*args, project=project_copy)
    offset = text.index("\xe9")
    assert result.exit_code == 2 and f"not UTF-8 text (byte 0xe9 at offset {offset})" in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name, args", [("publish", ["-o", "site", "--endpoint", "ftp://example.org/sparql"]),
                                        ("publish", ["-o", "site", "--endpoint", "javascript:alert(1)"]),
                                        ("publish", ["-o", "site", "--base-url", "not a url<>"]),
                                        ("serve", ["--base-url", "ftp://example.org/"]),
                                        ("query", ["agreements", "--endpoint", "http://127.0.0.1:1/café"])])
def test_a_url_option_that_is_not_an_http_url_in_ascii_is_refused_as_it_is_read(name, args):
    """Found by a hostile sweep: kg publish put an ftp: or javascript: endpoint in its editor and VoID, and a
    base URL with a space or '<' was an internal error; kg serve served on any base URL (parsed only here:
    run, it serves)."""
    from kg.cli import main

    with pytest.raises(KGError, match=r"^--(endpoint|base-url): not a"):
        main.commands[name].make_context(name, args)


def test_kg_publish_with_a_base_url_that_is_no_url_writes_nothing_and_says_so_in_one_line(kg, built, tmp_path):
    result = kg("publish", "-q", "-o", str(tmp_path / "site"), "--base-url", "not a url<>", project=built)
    assert result.exit_code == 2 and "--base-url: not an http(s) URL" in one_line_message(result)
    assert not (tmp_path / "site").exists()


def test_a_query_file_or_standard_input_that_starts_with_a_byte_order_mark_is_answered(kg, built, tmp_path):
    """Found by a hostile sweep: the mark (Windows editors write it) was read as part of the query: 'not valid
    SPARQL: error at 1:8' for ASK {}."""
    path = tmp_path / "ask.rq"
    path.write_bytes(b"\xef\xbb\xbfASK { ?s ?p ?o }")
    result = kg("sparql", str(path), project=built)
    assert result.exit_code == 0 and result.stdout.strip() == "true", result.output
    result = subprocess.run([sys.executable, "-m", "kg", "--project", str(built.root), "sparql", "-"],
                            input=b"\xef\xbb\xbfASK { ?s ?p ?o }", capture_output=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == b"true", result.stderr


def test_a_directory_given_as_the_query_is_named_as_one(kg, built, monkeypatch):
    monkeypatch.chdir(built.root)
    result = kg("sparql", "data", project=built)
    assert result.exit_code == 2 and "data: a directory, not a query file" in one_line_message(result)


def test_a_queries_path_that_is_a_file_is_refused_not_read_as_no_saved_queries(kg, project_copy):
    """Found by a hostile sweep: kg queries listed nothing and exited 0; kg query NAME listed no queries."""
    shutil.rmtree(project_copy.queries_dir)
    project_copy.queries_dir.write_text("not a folder\n", encoding="utf-8")
    for args in (("queries",), ("query", "agreements")):
        result = kg(*args, project=project_copy)
        assert result.exit_code == 2 and "queries: not a directory" in one_line_message(result)
    project_copy.queries_dir.unlink()
    result = kg("queries", project=project_copy)
    assert result.exit_code == 0 and "no saved queries" in result.stderr
    result = kg("query", "agreements", project=project_copy)
    assert result.exit_code == 2 and "holds no .rq file" in one_line_message(result)


def test_a_queries_path_that_is_a_file_stops_build_and_validate_rather_than_run_no_checks(kg, project_copy):
    """kg build and kg validate read a queries/ that is a file as a project with no checks, and passed
    without running queries/checks/*.rq."""
    shutil.rmtree(project_copy.queries_dir)
    project_copy.queries_dir.write_text("not a folder\n", encoding="utf-8")
    result = kg("validate", project=project_copy)
    assert result.exit_code == 2 and "queries: not a directory" in one_line_message(result), result.stderr
    result = kg("build", project=project_copy)  # (after its progress lines)
    last = result.stderr.strip().splitlines()[-1]
    assert result.exit_code == 2 and last.startswith("kg: ") and "queries: not a directory" in last, result.stderr
    assert "Traceback" not in result.stderr
    assert not project_copy.dist_dir.exists()


@pytest.mark.parametrize("args, said", [
    (("--project", "{file}", "queries"), "{file} is not a directory; --project takes a directory"),
    (("validate", "{folder}"), "{folder} is a directory; FILES takes a file name"),
    (("extract", "{folder}"), "{folder} is a directory; ARTICLE takes a file name"),
    (("add", "{folder}"), "{folder} is a directory; ARTICLE takes a file name"),
    (("check", "-o", "{folder}"), "{folder} is a directory; --output takes a file name"),
    (("generate", "-n", "1", "-o", "{file}"), "{file} is not a directory; --output takes a directory"),
    (("timeline", "returned-to-france", "-o", "{file}"), "{file} is not a directory; --output-dir takes a directory"),
    (("publish", "-o", "{file}"), "{file} is not a directory; --out takes a directory"),
], ids=lambda value: value[0] if isinstance(value, tuple) else "")
def test_a_directory_given_for_a_file_or_a_file_for_a_directory_is_one_line_naming_the_option(kg, built, tmp_path,
                                                                                                args, said):
    """click refused them in three lines (its usage, 'Error: Invalid value for '--project': Directory 'x' is a
    file.'), and kg's own words for them (kg --project FILE: 'not a directory') were never reached."""
    folder, file = tmp_path / "folder", tmp_path / "a-file"
    folder.mkdir()
    file.write_text("")
    given = [arg.format(folder=folder, file=file) for arg in args]
    result = kg(*given, project=None if "--project" in given else built)
    assert result.exit_code == 2 and one_line_message(result) == f"kg: {said.format(folder=folder, file=file)}"


def test_a_report_path_that_is_a_directory_names_the_option_that_gave_it(kg, built, tmp_path):
    """Found by a hostile sweep: `kg validate --report junit=DIR` said '-o takes a file name'."""
    result = kg("validate", "--report", f"junit={tmp_path}", project=built)
    assert result.exit_code == 2 and f"{tmp_path} is a directory; --report takes a file name" in one_line_message(result)


def test_kg_publish_where_no_folder_can_be_made_says_where_and_why_not_its_staging_folders_name(kg, built):
    """`kg publish --out /proc/foo` said "kg: /proc/.foo.publish-19378-3_gc8bzj: No such file or directory", naming
    a folder of kg's own, never made (found by a hostile read)."""
    result = kg("publish", "-q", "-o", "/proc/kg-site", project=built)
    message = one_line_message(result)
    assert result.exit_code == 2 and message.startswith("kg: cannot write the site to /proc/kg-site: /proc cannot be "
                                                        "written ("), message
    assert ".publish-" not in message and "give a DIR in a folder kg can write, and point the web server at it" in message


ABORTING = """import os, sys
import kg.sparql.run
kg.sparql.run.execute = lambda *arguments, **options: os.abort()  # as pyoxigraph does when Oxigraph panics
sys.argv = ["kg", *sys.argv[1:]]
import kg
kg.run()
"""


@pytest.mark.parametrize("command", [["sparql", "SELECT * WHERE { ?s ?p ?o }"],
                                     ["query", "who-said-what", "--param", "indicator=oi:ind-net-inflow"]])
def test_a_query_the_engine_dies_on_is_said_in_a_line_with_status_70_not_a_core_dump(built, command):
    """pyoxigraph aborts the process when Oxigraph panics (no Python code runs after it): `SELECT ?o WHERE { ?s ?p
    ?o } ORDER BY DESC(?o)` on the seed data's store died with Rust's backtrace and status 134 (a hostile read
    found it). kg sparql and kg query now run in a child of the `kg` process, which says what happened."""
    result = subprocess.run([sys.executable, "-c", ABORTING, "--project", str(built.root), *command],
                            capture_output=True, timeout=120)
    message = result.stderr.decode("utf-8", "replace").strip()
    assert result.returncode == INTERNAL_ERROR_EXIT and result.stdout == b"", (result.returncode, message)
    assert message.startswith("kg: the query engine (Oxigraph) stopped on this query (aborted): a fault of the "
                              "engine's") and "\n" not in message and "Traceback" not in message, message


def test_an_order_by_over_every_kind_of_value_is_answered_or_said_to_have_stopped_the_engine(built):
    """The query that made Oxigraph 0.5.13 panic on the seed data: answered (a later Oxigraph), or one line of
    kg's after the panic's own two (never its backtrace, whatever RUST_BACKTRACE says), status 70."""
    import os

    result = subprocess.run(_kg_command(built, "sparql", "--format", "csv",
                                        "SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 12"),
                            capture_output=True, timeout=120, env={**os.environ, "RUST_BACKTRACE": "1"})
    errors = result.stderr.decode("utf-8", "replace")
    assert "stack backtrace" not in errors and "Traceback" not in errors, errors
    if result.returncode == 0:
        assert len(result.stdout.decode().splitlines()) == 13
    else:
        assert result.returncode == INTERNAL_ERROR_EXIT and errors.splitlines()[-1].startswith(
            "kg: the query engine (Oxigraph) stopped on this query (aborted)"), errors


def test_a_kg_sparql_killed_outright_leaves_no_query_running_in_its_child(kg, built):
    """kg sparql runs its query in a child of the `kg` process (kg.core.contained): killed outright (SIGKILL,
    which it cannot pass on), its child is ended by the system (PR_SET_PDEATHSIG), not left counting."""
    import os
    import signal

    assert kg("sparql", "ASK { ?s ?p ?o }", project=built).exit_code == 0  # (the release's store made first)
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    process = subprocess.Popen(_kg_command(built, "sparql", endless), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    child = None
    try:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        deadline = time.monotonic() + 20
        while not children.read_text().split() and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(children.read_text().split()[0])
        time.sleep(1)  # (counting)
        process.send_signal(signal.SIGKILL)
        process.wait()
        gone_by = time.monotonic() + 10
        while Path(f"/proc/{child}").exists() and "Z" not in _state(child) and time.monotonic() < gone_by:
            time.sleep(0.05)
        assert not Path(f"/proc/{child}").exists() or "Z" in _state(child), "the child still runs its query"
    finally:
        process.kill()
        process.wait()
        if child is not None and "Z" not in _state(child):
            os.kill(child, signal.SIGKILL)  # (not left counting when the test fails)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
