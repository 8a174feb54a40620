"""The `kg` command: a thin layer over kg's functions. User errors print a message, never a traceback."""

from __future__ import annotations

import codecs
import logging
import os
import shlex
import sys
import warnings
from pathlib import Path

import click

from kg import engines
from kg.core.errors import KGError, ParseError, describe_exception, echoed, exit_code_of, not_utf8, printable
from kg.sparql.output import SELECT_FORMATS, render
from kg.sources.cache import Cache
from kg.core.background import interruptibly
from kg.core.children import terminated_as_interrupted
from kg.core.collector import collector_paused
from kg.sources.project import draft_files, find_project, resolved
from kg.sparql.saved import find_query, load_queries, no_checks_note
from kg.validation.formats import FORMATS as REPORT_FORMATS
from kg.sources.generate import MAX_REPORTS
from kg.core.serialize import make_folders, write_atomically, write_graph

FORMAT = click.Choice(list(SELECT_FORMATS) + ["turtle", "nt", "json-ld"])


class EngineChoice(click.Choice):
    """The two engines, as --help lists them; an earlier name (engines.ALIASES: `fast`) is still read, unlisted,
    so that a newcomer sees two engines where there are two."""

    def convert(self, value, param, ctx):
        return super().convert(engines.ALIASES.get(value, value), param, ctx)


ENGINE = click.option("--engine", type=EngineChoice(engines.ENGINES), default=None,
                      help="oxigraph: the engine (pyoxigraph, one-pass OWL-RL, SHACL compiled); reference: rdflib, "
                           "owlrl and pySHACL, which prove it (same results, slower). Default: $KG_ENGINE, else oxigraph.")


def _project(context: click.Context):
    """The project a command works on. One found neither here nor above (the checkout kg runs from, in an
    editable install) is named on stderr: a curator in another folder would otherwise read "wrote
    data/report-....ttl" and look for it where they are."""
    given = context.obj.get("project")
    project = find_project(given, explicit=given is not None)
    if project.elsewhere and not context.obj.get("named"):
        context.obj["named"] = True
        _say(f"kg: no project in {Path.cwd()} or above it: working on {project.root}, the checkout kg runs from "
             "(give another with --project)")
    return project


def _utf8(text: str, where: str) -> str:
    """`text` if it is UTF-8: Python hands over bytes that are not (in arguments, on standard input) as
    lone surrogates, which no engine can read."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        offset = len(text[:error.start].encode("utf-8", "surrogateescape"))
        byte = text[error.start].encode("utf-8", "surrogateescape")[:1]
        raise not_utf8(where, byte[0], offset) from None
    return text


READER_GONE_EXIT = 141  # 128 + SIGPIPE: the status a shell shows for a standard tool whose reader went away


def _out(text: str) -> None:
    """Write `text` and a newline to standard output: the command's answer. Output that cannot be written
    is an error with its reason (exit 2), never lost in silence: with standard output closed (`kg query
    ... >&-`) Python's sys.stdout is None, and click.echo writes nothing and says nothing. A reader
    that went away (`| head -1`) raises BrokenPipeError, which _Group ends quietly. Text the locale's
    encoding cannot carry is written in UTF-8, whole, never cut short by an internal error."""
    stream = sys.stdout
    if stream is None:
        raise KGError("cannot write the output: standard output is closed")
    try:
        binary = getattr(stream, "buffer", None)
        if binary is None:
            click.echo(text, file=stream)
            return
        encoding, errors = stream.encoding or "utf-8", stream.errors or "strict"
        if codecs.lookup(encoding).name == "ascii":  # as click.echo writes: UTF-8 where Python's is set to ASCII
            encoding, errors = "utf-8", "replace"
        try:
            data = (text + "\n").encode(encoding, errors)
        except UnicodeEncodeError:  # (a latin-1 or cp1252 locale, and the reports' curly quotes): all of it in
            data = (text + "\n").encode("utf-8", "replace")  # UTF-8, as kg writes files, not an internal error
        stream.flush()
        _write_all(binary, data)
    except BrokenPipeError:
        raise
    except OSError as error:  # a full disk (> /dev/full), a descriptor not open for writing, ...
        raise KGError(f"cannot write the output: {error.strerror or error}") from None


def _write_all(binary, data: bytes) -> None:
    """Write all of `data`: with PYTHONUNBUFFERED (as in many containers) standard output's binary layer
    is the raw file, which may take part of it (a pipe whose reader closed took 64 KiB of 1.8 MB), and
    sys.stdout.write dropped the rest without a word; the next write raises what went wrong."""
    view = memoryview(data)
    while view:
        written = binary.write(view)
        if written is None:  # a non-blocking descriptor that is full: wait for it, then write on
            import select

            select.select([], [binary], [])
            continue
        view = view[written:]
    binary.flush()


def _reader_gone() -> None:
    """After a reader closed the pipe: what is still buffered for it goes to /dev/null, so that Python's
    last flush on exit prints no 'Exception ignored ... BrokenPipeError' (Python's own advice)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
            except (OSError, ValueError, AttributeError):
                pass


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    given = {}
    for pair in pairs:  # (each one UTF-8, not blank: _Given)
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise KGError(f"--param takes key=value, got {echoed(pair, quoted=True)}")
        if key.strip() in given:  # (the last one was kept, silently)
            twice = " and ".join(echoed(v, quoted=True) for v in (given[key.strip()], value))
            raise KGError(f"--param {echoed(key.strip())} is given twice ({twice}); give it once")
        given[key.strip()] = value
    return given


def _url(context: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A URL option or argument checked as it is read (kg.query.remote.checked_url): `kg publish --endpoint
    ftp://x/` or `--base-url 'not a url'` published a site whose editor and VoID pointed nowhere, or
    was an internal error; `kg serve --base-url` served on a junk one."""
    from kg.query.remote import checked_url

    return value if value is None else checked_url(value, _parameter_name(param))


def _named_from_the_project(context: click.Context, error: KGError) -> KGError:
    """A file that cannot be parsed named from the project's folder (data/x.ttl:6:16), as kg validate names
    it, whichever command read it (kg build, query, check, publish ... gave its absolute path)."""
    if not isinstance(error, ParseError) or not context.find_root().obj:
        return error
    try:
        return error.named_from(_project(context.find_root()).root)
    except KGError:  # no project to name it from
        return error


def _parameter_name(param: click.Parameter) -> str:
    """A parameter as the user wrote it: an option's longest name (--base-url), an argument's own (URL)."""
    return max(param.opts, key=len) if isinstance(param, click.Option) else param.human_readable_name


class _Given(click.ParamType):
    """A text or a path as the user gave it, refused before any work when it is blank (empty or spaces: an
    unset variable, `--host "$HOST"`) and, an option's that names no file, when it is not UTF-8. Blank meant
    something else in silence: `--project ""` the current directory, `-o ""` a file named "." or charts
    in the current directory, `--endpoint ""` the local graph, `--date ""` no date, `--host ""` every
    interface; and a host or URL not in UTF-8 was an internal error."""

    def __init__(self, given: click.ParamType):
        self.given, self.name = given, given.name

    def convert(self, value, param, context):
        if isinstance(value, str):
            name = _parameter_name(param)
            if not value.strip():
                raise KGError(f"{name} is empty (an unset variable?): give it a value")
            if isinstance(param, click.Option) and not isinstance(self.given, click.Path):
                _utf8(value, name)  # (a file's name is bytes, whatever they are; a query says where it is)
            if isinstance(self.given, click.Path):
                _of_its_kind(self.given, value, name)
        return self.given.convert(value, param, context)


def _of_its_kind(kind: click.Path, value: str, name: str) -> None:
    """Refuse a directory given for a file, or a file for a directory, in one line as kg says it (`{path} is a
    directory; -o takes a file name`): click said it in three, its usage and 'Error: Invalid value for
    '[ARTICLE]': File '/tmp' is a directory.', and kg's own words (`--project FILE: not a directory`) were
    never reached."""
    try:
        directory, there = os.path.isdir(value), os.path.exists(value)
    except (OSError, ValueError):  # (a name too long, or with a NUL: said where it is used)
        return
    if directory and not kind.dir_okay:
        raise KGError(f"{value} is a directory; {name} takes a file name")
    if there and not directory and not kind.file_okay:
        raise KGError(f"{value} is not a directory; {name} takes a directory")


def _given(params) -> None:
    """Every text and path parameter in `params` read as _Given."""
    for param in params:
        if isinstance(param.type, (click.types.StringParamType, click.Path)):
            param.type = _Given(param.type)


class _Group(click.Group):
    """Turns whatever a command raises into one line on stderr and an exit code, never a traceback:
    a KGError its message and code; what the system refused (a file, memory) 2; anything else is a
    fault of kg's, said as such (exit 70, EX_SOFTWARE) with where to report it. A reader that went
    away (`kg query ... | head -1`) ends it quietly, as it ends a standard tool, with 141 (128 + SIGPIPE),
    not 0: `kg validate | head` or `kg build 2>&1 | head` stopped before the end said it succeeded.
    SIGTERM (a CI job's timeout, `timeout`, systemd) interrupts as Ctrl-C does: its default ended the
    process at once, without a word, leaving its staging folder and temporary files behind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _given(self.params)

    def add_command(self, command: click.Command, name: str | None = None) -> None:
        _given(command.params)
        super().add_command(command, name)

    def parse_args(self, context: click.Context, args: list[str]) -> list[str]:
        """The group's own options (--project), read before invoke: a refusal one line, as invoke's."""
        try:
            return super().parse_args(context, args)
        except KGError as error:
            _say(f"kg: {error}")
            context.exit(error.exit_code)

    def invoke(self, context: click.Context):
        try:
            with terminated_as_interrupted():
                return super().invoke(context)
        except KGError as error:
            _say(f"kg: {_named_from_the_project(context, error)}")
            context.exit(error.exit_code)
        except BrokenPipeError:  # the reader of the output (or of the progress) went away
            _reader_gone()
            context.exit(READER_GONE_EXIT)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            _say("kg: interrupted")
            context.exit(130)
        except Exception as error:  # noqa: BLE001 (the one place every other exception ends)
            _say(f"kg: {describe_exception(error)}")
            context.exit(exit_code_of(error))


def _say(message: str) -> None:
    """`message` on standard error, its control characters but line breaks and tabs escaped (a value a
    message quotes sent an ESC to the terminal), and what reorders the line or breaks it (U+202E, U+2028: a
    file name holding one showed the message backwards or cut); if its reader went away, the exit code
    alone says it."""
    try:
        click.echo(printable(message, keep="\n\t", unseen=True), err=True)
    except BrokenPipeError:
        _reader_gone()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", type=click.Path(file_okay=False, path_type=Path),
              help="Project directory (default: the current directory or its nearest parent with ontology/oioo.ttl; "
                   "else the current directory if it holds data/*.ttl, with the model kg ships; else the "
                   "checkout kg runs from, in an editable install).")
@click.version_option(package_name="oioo-kg")
@click.pass_context
def main(context: click.Context, project: Path | None) -> None:
    """Who said what about which figure, in which report: build, validate and query the knowledge graph."""
    context.obj = {"project": project}
    # An ill-typed literal ("2025-07"^^xsd:date) is a finding of its own; rdflib also logs a traceback for it,
    # and warns with its own file and line ("term.py:1715: UserWarning: Serializing weird numerical") when
    # a finding names "12x"^^xsd:decimal: a library's warning is for its developers, never a user's
    # (python -W or PYTHONWARNINGS shows them again).
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    for library in ("pyshacl-validate", "pyshacl-rules"):  # (each run gives it a handler of its own on stderr: it
        logging.getLogger(library).disabled = True  # wrote "ConstraintLoadError: ..." over two lines before kg's line)
    if not sys.warnoptions:
        warnings.simplefilter("ignore")


@main.command()
@click.option("--quiet", "-q", is_flag=True, help="Do not show progress.")
@click.option("--no-cache", is_flag=True,
              help="Parse every file again, without reading or writing .kg-cache/ (the cache of unchanged files).")
@ENGINE
@click.pass_context
def build(context: click.Context, quiet: bool, no_cache: bool, engine: str | None) -> None:
    """Load, reason (OWL-RL), validate (SHACL) and write dist/ (base, inferred and full graphs).

    Files unchanged since an earlier build are read back from .kg-cache/ instead of parsed again; when
    nothing changed (sources, checks, kg) and dist/ is whole, nothing is built: "up to date".
    """
    project = _project(context)
    progress = (lambda m: None) if quiet else (lambda m: click.echo(m, err=True))
    result = engines.build(project, engine, progress=progress, cache=not no_cache)
    done = getattr(result, "done_before", None)
    if done is not None:
        _out(f"up to date: {done['asserted']} asserted + {done['inferred']} inferred triples in {project.dist_dir}, "
             f"nothing changed since they were built{_warned(done['warnings'])}")
    else:
        _out(f"built {len(result.base)} asserted + {len(result.inferred)} inferred triples "
             f"into {project.dist_dir}{_warned(len(result.report.findings))}")
    _note_drafts(project, "its facts are in the release, marked as drafts on the desk's pages only; review it "
                          "before kg publish or kg push (README, 'Adding a report')")
    _note_no_checks(project)


def _note_no_checks(project) -> None:
    """A command that validates says, on stderr, when the project has no SPARQL check to run."""
    note = no_checks_note(project)
    if note:
        _say(f"kg: {note}")


def _note_drafts(project, after: str) -> None:
    """A command whose answer takes from the data says, on stderr, which files are unreviewed machine drafts."""
    drafts = draft_files(project)
    if drafts:
        _say(f"kg: {_drafts(drafts)}: {after}")


DRAFT_READ = "what the answer takes from it no curator has checked"


def _drafts(files: list) -> str:
    """The data files that hold unreviewed machine drafts, named."""
    return (f"{files[0]} is an unreviewed machine draft" if len(files) == 1 else
            f"{len(files)} data files are unreviewed machine drafts ({', '.join(files[:5])}{', ...' if len(files) > 5 else ''})")


def _refuse_drafts(project, allowed: bool, what: str, verb: str) -> None:
    """Unreviewed machine drafts are not published unless asked for by name: a draft's figure can be wrong (a
    removal 'under other returns arrangements' drafted as a return to France), and nothing in a dump or a
    query's answer says it is a draft."""
    drafts = [] if allowed else draft_files(project)
    if drafts:
        raise KGError(f"{_drafts(drafts)}: not {what} (review it first: README, 'Adding a report'; "
                      f"or give --drafts to {verb} it as it is)")


def _warned(count: int) -> str:
    """What a build's last line adds about the release's warnings (a build that made it, or found it up to
    date, says the same), and where they are listed."""
    return f"; {count} warning(s): kg validate lists them" if count else ""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--changed", "since", metavar="REV",
              help="Validate only what the data files changed since git revision REV (committed, staged, "
                   "unstaged, untracked) can affect; FILES add to them.")
@click.option("--staged", is_flag=True,
              help="As a pre-commit hook: what the commit being made changes, deletions included, and any data "
                   "file git does not track yet (--changed HEAD); FILES add to it. Before the first commit, "
                   "FILES alone (none: everything).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="github: workflow commands that annotate a pull request's lines; junit: JUnit XML; "
                   "sarif: SARIF 2.1.0; turtle: a SHACL sh:ValidationReport.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--report", "reports", multiple=True, metavar="FORMAT=PATH",
              help="Also write the report in FORMAT to PATH (repeatable): --report junit=reports/kg.xml.")
@ENGINE
@click.pass_context
def validate(context: click.Context, files: tuple[Path, ...], since: str | None, staged: bool, fmt: str,
             output: Path | None, reports: tuple[str, ...], engine: str | None) -> None:
    """SHACL shapes and SPARQL checks; every result with its file, line and column.

    With FILES (as pre-commit passes them) or --changed REV, only what those changes can affect is
    validated, with the same findings as a full validation. Exit 0 conforms, 1 violations, 2 errors.
    """
    project = _project(context)
    if staged:
        if since is not None:
            raise KGError("give --staged or --changed REV, not both")
        from kg.validation.changes import commit_base

        since = commit_base(project)  # a file deleted is in no FILES: pre-commit passes none for it
    extra = [_format_and_path(given) for given in reports]
    for option, path in (("-o", output), *(("--report", path) for _, path in extra)):
        _kept_from(project, path, option)
    _each_its_own_file([output, *(path for _, path in extra)])
    outcome = engines.validate(project, engine, since, files)
    if since or files:
        click.echo(f"kg: {outcome.scope}", err=True)
    for form, path in extra:
        _emit(outcome.render(form), path, "--report")
    for error in outcome.report.errors:  # nothing was validated: say why where people look, whatever the format
        click.echo(f"kg: {error}", err=True)
    if fmt == "text" and outcome.report.errors and output is None:
        click.echo(outcome.report.summary(), err=True)
    elif output is not None:  # the file is written whatever happened: a CI step reads it either way
        _emit(outcome.render(fmt), output)
    else:
        _out(outcome.render(fmt).rstrip("\n"))
    if not outcome.report.errors:  # (the shapes excuse a draft's nodes from the rules on what a sentence says)
        _note_drafts(project, "its nodes are excused from the rules on what their sentences state until a "
                              "curator reviews them (README, 'Adding a report')")
    _note_no_checks(project)
    sys.exit(outcome.report.exit_code)


def _each_its_own_file(paths: list) -> None:
    """Refuse two reports written to one file (-o and --report, or two --report): the last was kept and the
    first lost, though both said 'wrote FILE'. Standard output ('-') may take more than one."""
    seen = set()
    for path in paths:
        if path is None or str(path) == "-":
            continue
        key = os.path.realpath(path)
        if key in seen:
            raise KGError(f"{path} is given for two reports: give each report a file of its own")
        seen.add(key)


def _format_and_path(given: str) -> tuple[str, Path]:
    form, equals, path = given.partition("=")
    if not equals or form not in REPORT_FORMATS or not path:
        raise KGError(f"--report takes FORMAT=PATH with FORMAT one of {', '.join(REPORT_FORMATS)}; got {echoed(given, quoted=True)}")
    return form, Path(path)


@main.command("queries")
@click.pass_context
def list_queries(context: click.Context) -> None:
    """List the saved queries with their summaries and parameters."""
    project = _project(context)
    cache = Cache(project)
    queries = load_queries(project.queries_dir, cache)
    cache.prune()  # what the parser said of queries no longer saved
    if not queries:
        click.echo(f"kg: no saved queries: {project.relative(project.queries_dir)}/ holds no .rq file", err=True)
    for query in queries.values():
        params = " ".join(f"{p.name}{'' if p.required else '?'}" + (f"={p.default}" if p.default else "")
                          for p in query.parameters)
        _out(f"{query.name:34} {query.summary}" + (f"\n{'':34} params: {params}" if params else ""))


class _SavedQueryCommand(click.Command):
    """`kg query NAME --help` says what NAME answers and the parameters it takes, after the command's own
    help: the generic help alone sent a user to `kg queries` to learn them."""

    def parse_args(self, context: click.Context, args: list[str]) -> list[str]:
        taking_values = {o for p in self.params if isinstance(p, click.Option) and not p.is_flag for o in p.opts}
        context.meta["kg.query"] = _first_argument(args, taking_values)
        return super().parse_args(context, args)

    def format_help(self, context: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_help(context, formatter)
        name = context.meta.get("kg.query")
        if name:
            try:
                saved = find_query(_project(context).queries_dir, name)
            except KGError:
                formatter.write(f"\nNo saved query is named {echoed(name, quoted=True)}: kg queries lists them.\n")
            else:
                _saved_query_help(saved, formatter)


def _first_argument(args: list[str], taking_values: set[str]) -> str | None:
    """The first argument that is neither an option nor an option's value (`kg query -p x=1 NAME --help`)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--":
            continue
        elif arg.startswith("-") and arg != "-":
            skip = arg in taking_values  # (--format=csv holds its value)
        else:
            return arg
    return None


def _saved_query_help(saved, formatter: click.HelpFormatter) -> None:
    """A saved query's summary, description and parameters (each: its type, required or its default, what it is)."""
    with formatter.section(f"Saved query {saved.name}"):
        formatter.write_text(saved.summary)
        for paragraph in saved.description.split("\n\n"):
            if paragraph.strip():
                formatter.write_paragraph()
                formatter.write_text(" ".join(paragraph.split()))
    if saved.parameters:
        with formatter.section("Parameters (--param NAME=VALUE)"):
            formatter.write_dl([(p.name, "; ".join(filter(None, (
                p.type + (", required" if p.required else f", default {p.default}" if p.default else ", optional"),
                p.description)))) for p in saved.parameters])
    example = " ".join(f"--param {p.name}={value}" for p in saved.parameters if (value := _example_value(p)))
    with formatter.section("Example"):
        formatter.write(f"{'':>{formatter.current_indent}}kg query {saved.name}{' ' + example if example else ''}\n")


def _example_value(parameter) -> str | None:
    """The value a parameter's description gives as an example ('e.g. oi:ind-net-inflow'), else its default."""
    import re

    given = re.search(r"\be\.g\.,? (\S+?)[,;.)]?(?:\s|$)", parameter.description)
    return given.group(1) if given else parameter.default


@main.command(cls=_SavedQueryCommand)
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A parameter value (repeatable).")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@click.option("--endpoint", metavar="URL", callback=_url,
              help="Run on this SPARQL 1.1 endpoint instead (parameters bound by VALUES).")
@ENGINE
@click.pass_context
def query(context: click.Context, name: str, params: tuple[str, ...], fmt: str, endpoint: str | None,
          engine: str | None) -> None:
    """Run the saved query NAME (see `kg queries`)."""
    project = _project(context)
    if endpoint and engine:  # (the engine was ignored in silence: the endpoint's own answered)
        raise KGError("--endpoint runs the query on that endpoint, not on a local engine: give --endpoint or --engine, not both")
    saved = find_query(project.queries_dir, _utf8(name, "the query's name"), Cache(project))
    given = _params(params)
    if endpoint:
        from kg.query.remote import run_saved_remote

        answer = run_saved_remote(saved, given, endpoint)
    else:
        answer = _answer(project, saved.text, given, engine, saved)
    _out(_with_defaults_said(render(answer, fmt).rstrip("\n"), answer, fmt, saved.defaulted(given)))


def _with_defaults_said(table: str, answer, fmt: str, defaulted: list) -> str:
    """An empty table names the defaults it was asked with: `reports-stating-figure -p indicator=oi:ind-net-inflow`
    said "(0 rows)", its value 281 (the default, not the user's) unsaid. Formats for programs keep the answer alone."""
    if fmt != "table" or answer.form != "SELECT" or answer.rows or not defaulted or not table.endswith("(0 rows)"):
        return table
    values = ", ".join(f"{p.name}={p.default}" for p in defaulted)
    how = ", ".join(f"--param {p.name}=..." for p in defaulted)
    return table.removesuffix("(0 rows)") + (f"(0 rows with {values}, the query's default{'s' if len(defaulted) > 1 else ''}: "
                                             f"give {how} to ask for another)")


@main.command()
@click.argument("query_or_file")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@ENGINE
@click.pass_context
def sparql(context: click.Context, query_or_file: str, fmt: str, engine: str | None) -> None:
    """Run an ad-hoc SPARQL query, given as text or as a file name ('-' reads stdin)."""
    text = _query_text(query_or_file)
    project = _project(context)
    name = text.strip()
    if name and Path(name).name == name and _is_file(project.queries_dir / f"{name}.rq"):  # (kg sparql who-said-what)
        raise KGError(f"{name} is a saved query, not SPARQL: run it with kg query {name}")
    _out(render(_answer(project, text, {}, engine), fmt).rstrip("\n"))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # (a name too long for a file)
        return False


def _query_text(query_or_file: str) -> str:
    """The query itself, or the text of the file it names ('-': standard input), read no further than a
    query may be long (kg sparql - < /dev/zero filled gigabytes before the length was checked)."""
    from kg.sparql.safety import MAX_QUERY_CHARACTERS

    if query_or_file == "-":
        if sys.stdin is None:
            raise KGError("standard input is closed: give the query as text or a file name, or open it (kg sparql - < FILE)")
        return _utf8(sys.stdin.read(MAX_QUERY_CHARACTERS + 1), "standard input").removeprefix("\ufeff")
    looks_like_a_query = any(c.isspace() or c in "{}" for c in query_or_file)
    path = Path(query_or_file)
    if looks_like_a_query:
        return _utf8(query_or_file, "the query")
    try:
        if ("/" in query_or_file or path.suffix.lower() in (".rq", ".sparql")) and not path.is_file():
            raise KGError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
        if path.is_dir():  # (`kg sparql data` was "not a SPARQL query")
            raise KGError(f"{path}: a directory, not a query file")
        if not path.is_file():
            return _utf8(query_or_file, "the query")
    except (OSError, ValueError):  # a name too long, or with a NUL, for a file: it is the query
        return _utf8(query_or_file, "the query")
    try:
        with path.open(encoding="utf-8") as file:  # (a byte-order mark, as Windows editors write, is no query's)
            return file.read(MAX_QUERY_CHARACTERS + 1).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise not_utf8(path, error.object[error.start], error.start) from None
    except OSError as error:
        raise KGError(f"{path}: cannot read it: {error.strerror}") from None


def _stderr_is_a_terminal() -> bool:
    return click.get_text_stream("stderr").isatty()


def _progress_at_a_terminal():
    """What a query does before it answers (the release's store made, changed sources reasoned over: tens
    of seconds at a million triples), said to a person at a terminal; scripts and pipes get the answer alone."""
    return (lambda message: click.echo(message, err=True)) if _stderr_is_a_terminal() else (lambda message: None)


def _answer(project, text: str, given: dict, engine: str | None, saved=None):
    """The answer from the engine the user chose (kg.engines.answer), its query stoppable by Ctrl-C; what
    it does first said at a terminal."""
    from kg.query.store import forget_store
    from kg.sparql.run import StoreDamaged

    progress = _progress_at_a_terminal()
    if _stderr_is_a_terminal():  # (an answer's rows do not say so; a script's stderr is kept for errors)
        _note_drafts(project, DRAFT_READ)
    for attempt in (1, 2):  # (a store found damaged as it is read is made again from the release, once)
        try:
            return engines.answer(project, text, given, engine, saved, progress, interruptibly)
        except StoreDamaged as error:
            if attempt == 2:
                raise
            progress(f"{error}: making it again from the release")
            error.__traceback__ = None  # (its frames hold the damaged store: let go of, before it is made again)
        forget_store(project)


# ------------------------------------------------ checks, discrepancies, timeline (docs/checking.md)

ANALYSIS_FORMAT = click.Choice(["table", "json", "turtle"])
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                      help="Write the report to this file instead of standard output.")


def _kept_from(project, path: Path | None, option: str = "-o", instead: str = "", what: str = "file") -> None:
    """Refuse an output path in the project's sources or dist/ (Project.kept_from_outputs), before any work."""
    why = path is not None and str(path) != "-" and project.kept_from_outputs(path)  # ('-': standard output, _emit)
    if why:
        raise KGError(f"{path} is {why}: not writing there (give {option} a new {what}, outside data/, ontology/, "
                      f"queries/ and dist/{instead})")


def _emit(text: str, output: Path | None, option: str = "-o") -> None:
    """The report to standard output, or written to `output`: atomically to a file, or to where a symbolic
    link points, but straight into a device, a FIFO or a descriptor (-o /dev/null, /dev/stdout): the atomic
    rename replaced the device itself with a file (as root, /dev/null, for every process on the machine),
    or the file a shell had opened as standard output with one the shell no longer writes to. `-o -` is
    standard output, as for other tools: it wrote a file named '-' in the current directory."""
    if output is None or str(output) == "-":
        _out(text.rstrip("\n"))
        return
    if output.exists() and output.is_dir():
        raise KGError(f"{output} is a directory; {option} takes a file name")
    if (output.exists() and not output.is_file()) or output.absolute().parts[1:2] in (("dev",), ("proc",)):
        try:
            with open(output, "wb") as device:
                device.write(text.encode("utf-8"))
        except OSError as error:
            raise KGError(f"cannot write {output}: {error.strerror or error}") from None
        return
    if output.is_symlink():
        output = Path(os.path.realpath(output))
    folder = next((p for p in output.parents if p.exists()), None)
    if folder is not None and not folder.is_dir():
        raise KGError(f"{folder} is not a directory, so {output} cannot be written")
    _write_file(output, text.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


def _write_file(path: Path, data: bytes) -> None:
    """`data` written to `path` (and its missing folders), atomically; what the system refused (a full disk, a
    read-only folder) a KGError that says so, and that a file there is as it was."""
    existed = path.exists()
    try:
        make_folders(path.parent)
        write_atomically(path, data)
    except OSError as error:
        raise KGError(f"cannot write {path}: {error.strerror or error}; "
                      f"{'the file there is as it was' if existed else 'nothing was written'}") from None


@main.command("check")
@click.option("--format", "fmt", type=ANALYSIS_FORMAT, default="table", show_default=True)
@OUTPUT
@click.pass_context
def check_command(context: click.Context, fmt: str, output: Path | None) -> None:
    """Recompute every derived figure and rate what was stated: accurate, accurate when rounded, slightly
    inaccurate, inaccurate or not checkable.

    Shows the arithmetic, the range the wording allows, the gap and each input's evidence. Writes the
    verdicts as schema.org ClaimReviews to dist/checks.ttl where no release is (kg build releases them
    there), never into data/.
    """
    from kg.analysis import check

    project = _project(context)
    _kept_from(project, output)
    with collector_paused():
        verdicts = check.check_all(_asserted(project))
        _write_unless_released(project.dist_dir / "checks.ttl", lambda: check.reviews(verdicts), "verdicts",
                               fmt == "turtle" and output is not None)
        _emit(check.render(verdicts, fmt), output)
    _note_drafts(project, DRAFT_READ)


def _asserted(project):
    """The curated triples as kg build's analysis reads them (kg.sources.load.asserted_index). The analysis
    commands run with Python's cycle collector paused, as a build does (kg.core.collector): `kg check`
    of a million triples took 19.0 s with it, 14.6 s without."""
    from kg.sources.load import asserted_index

    return asserted_index(project, Cache(project))


def _write_unless_released(path: Path, make_graph, what: str, written_elsewhere: bool) -> None:
    """Write an analysis graph (made by `make_graph`) to dist/, unless the name there is the release's (a
    link that `kg build` made, kg.core.dist): a release is changed only whole, by a build, never one file behind
    its manifest. The graph is made only to be written: at a million triples an rdflib graph of the
    links takes a minute. `written_elsewhere`: the command writes the graph's Turtle to a file of the user's
    (--format turtle -o FILE), which the note then does not suggest."""
    if path.is_symlink():
        how = "" if written_elsewhere else "; --format turtle -o FILE writes them elsewhere"
        click.echo(f"{path} is the release's, as kg build wrote it: left as it is (kg build releases these {what}"
                   f"{how})", err=True)
        return
    write_graph(path, make_graph())
    click.echo(f"wrote {path}", err=True)


@main.command("discrepancies")
@click.option("--format", "fmt", type=ANALYSIS_FORMAT, default="table", show_default=True)
@OUTPUT
@click.pass_context
def discrepancies_command(context: click.Context, fmt: str, output: Path | None) -> None:
    """Find where reports or speakers disagree: contradictions, updates, different baselines, wording.

    Each discrepancy links the figures or event dates involved, with each side's evidence. Writes the
    links to dist/discrepancies.ttl where no release is (kg build releases them there), never into data/.
    """
    from kg.analysis import discrepancies

    project = _project(context)
    _kept_from(project, output)
    with collector_paused():
        found = discrepancies.detect(_asserted(project))
        _write_unless_released(project.dist_dir / "discrepancies.ttl", lambda: discrepancies.links(found), "links",
                               fmt == "turtle" and output is not None)
        _emit(discrepancies.render(found, fmt), output)
    note = discrepancies.skipped_note(found.skipped)
    if note:
        click.echo(note, err=True)
    _note_drafts(project, DRAFT_READ)


@main.command("timeline")
@click.argument("indicator")
@click.option("-o", "--output-dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the chart files (default: dist/timelines).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def timeline_command(context: click.Context, indicator: str, directory: Path | None, fmt: str) -> None:
    """Every value reported for INDICATOR, by date, with report and speaker; and a chart (PNG, SVG).

    INDICATOR is an IRI, a prefixed name (oi:ind-returned-to-france), a local name (returned-to-france)
    or a label. An unknown one lists the indicators; a name or label that several indicators share lists
    them, to be given by IRI.
    """
    from kg.analysis import timeline

    project = _project(context)
    default = project.dist_dir / "timelines"
    if directory is not None and resolved(directory) == resolved(default):
        directory = None  # the default named: kg timeline writes there, as without -o
    _kept_from(project, directory, what="folder")
    with collector_paused():
        graph = _asserted(project)
        iri = timeline.resolve_indicator(graph, indicator)
        figures = timeline.timeline(graph, iri)
    if directory is not None and directory.exists() and not directory.is_dir():
        raise KGError(f"{directory} is not a directory")
    for path in timeline.write_chart(graph, iri, figures, directory or default):
        click.echo(f"wrote {path}", err=True)
    _out(timeline.render(figures, fmt).rstrip("\n"))
    if timeline.undated_note(figures):
        click.echo(timeline.undated_note(figures), err=True)
    _note_drafts(project, DRAFT_READ)


@main.command("spans", context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("arguments", nargs=-1, type=str)
def spans(arguments: tuple) -> None:
    """Where exact words are in a report's text, as a span's offsets (SOURCE.txt "exact words" [N]); or every
    evidence span of some files checked against the texts (--check TEXTS_DIR FILE.ttl ...)."""
    from kg.validation.spans import main as spans_main

    code = spans_main([_utf8(argument, "an argument of kg spans") for argument in arguments])
    if code:
        raise SystemExit(code)


def run() -> None:
    """Console entry point."""
    main()


@main.command()
@click.option("--reports", "-n", type=click.IntRange(min=1, max=MAX_REPORTS), required=True,
              help=f"How many synthetic reports to write (at most {MAX_REPORTS:,}: about 20 KB and 300 triples each).")
@click.option("--seed", "-s", type=int, default=0, show_default=True, help="Random seed: the same seed gives the same files.")
@click.option("--output", "-o", "output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory to write the corpus project to (ontology, shapes, queries, data, texts).")
@click.pass_context
def generate(context: click.Context, reports: int, seed: int, output: Path) -> None:
    """Write a synthetic corpus of N reports shaped like data/ (valid against the shapes) to a new project directory."""
    from kg.sources.generate import generate as generate_corpus

    project = _project(context)
    _kept_from(project, output)
    summary = generate_corpus(project, output, reports, seed, progress=lambda m: click.echo(m, err=True))
    made = ", ".join(f"{summary[key]} {one if summary[key] == 1 else many}" for key, one, many in
                     (("stories", "story", "stories"), ("countries", "country", "countries")))
    _out(f"wrote {summary['reports']} report{'' if summary['reports'] == 1 else 's'} ({made}) to {output}; "
         f"build it with: kg --project {output} build")


# ------------------------------------------------ draft a new report: kg extract, kg add (docs/extraction.md)

@main.command("extract")
@click.argument("article", required=False, type=click.Path(dir_okay=False, path_type=Path))
@OUTPUT
@click.option("--date", "date", metavar="YYYY-MM-DD",
              help="The report's date, if you know it (YYYY-MM-DD, YYYY-MM or YYYY); recorded as given by you.")
@click.option("--evaluate", "evaluate_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Score the extractor against the curated data (or NAME.yaml gold files) for the reports in DIR.")
@click.pass_context
def extract_command(context: click.Context, article: Path | None, output: Path | None, date: str | None,
                    evaluate_dir: Path | None) -> None:
    """Draft the Turtle of a plain-text news report (machine-drafted, unreviewed), by rules.

    Prints the draft (or writes it with -o) and a summary on stderr: how many quotes still need a
    speaker, and whether the figures have a date. With --evaluate DIR, prints precision and recall
    instead, with every miss and false hit.
    """
    from kg.extract import draft as extract
    from kg.extract.dates import parse_date_option

    project = _project(context)
    if evaluate_dir is not None:
        from kg.extract.evaluate import evaluate, render

        ignored = [what for what, given in (("ARTICLE", article), ("-o", output), ("--date", date)) if given is not None]
        if ignored:  # (they were ignored in silence: the scores printed, no draft of ARTICLE written)
            raise KGError(f"--evaluate DIR scores the extractor on DIR's reports and takes no {', '.join(ignored)}: "
                          "give one or the other")

        scores, notes = evaluate(project, evaluate_dir)
        _out(render(scores, notes))
        return
    if article is None:
        raise KGError("kg extract needs ARTICLE.txt (or --evaluate DIR)")
    _kept_from(project, output, instead="; kg add writes a draft into data/ once it validates")
    result = extract.extract_file(project, article, parse_date_option(date) if date else None)
    _emit(extract.serialize(result), output)
    click.echo(extract.summary(result), err=True)


@main.command("add")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "date", metavar="YYYY-MM-DD",
              help="The report's date, if you know it (YYYY-MM-DD, YYYY-MM or YYYY); recorded as given by you.")
@click.pass_context
def add_command(context: click.Context, article: Path, date: str | None) -> None:
    """Draft ARTICLE.txt and write it as data/report-<id>.ttl, <id> from the text's SHA-256.

    Refuses a text (or report IRI) the project already has, whatever the file is called, and a draft
    that does not validate.
    """
    from kg.extract import draft as extract
    from kg.extract.dates import parse_date_option

    project = _project(context)
    project_data = extract.ProjectData(project)  # read once, when the article has been read
    result = extract.extract_file(project, article, parse_date_option(date) if date else None, project_data)
    refused = extract.already_added(project, result, article, project_data)
    if refused:
        raise KGError(f"{article}: {refused}")
    unseen = extract.texts_not_found(project, article, project_data.reports)
    if unseen:
        named = ", ".join(known.source for known in unseen[:5]) + (", ..." if len(unseen) > 5 else "")
        _say(f"kg: warning: the texts of {len(unseen)} of the project's {len(project_data.reports)} reports ({named}) "
             f"are neither in {project.seeds_dir} nor beside {article}: this text was compared with their SHA-256 "
             "only, so one of them saved again with a byte-order mark or other line endings would not be caught "
             "(set KG_SEEDS to the folder that holds them)")
    validation = extract.validate_draft(project, result, project_data)
    if not validation.report.conforms:  # (its lines are named in a file not written: say how to read them)
        again = f"kg extract {shlex.quote(str(article))}" + (f" --date {shlex.quote(date)}" if date else "") + " -o FILE"
        raise extract.DraftInvalid(f"the draft does not validate; not written ({again} writes it, with the lines "
                                   f"named below):\n{validation.report.text()}")
    if validation.known:
        _say(f"kg: note: the data files the draft can affect have {validation.known} violation(s) without it, which "
             "do not stop kg add: kg validate lists them")
    target = extract.target_path(project, result)
    _write_file(target, extract.serialize(result).encode("utf-8"))
    _out(extract.summary(result, added=True))
    _out(f"wrote {target.relative_to(project.root)} (machine-drafted, unreviewed: review it before use)")

# ------------------------------------------------ publishing: kg serve, kg publish, kg push (docs/publishing.md)

@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="Query worker processes.")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", type=click.IntRange(1), default=10000, show_default=True,
              help="Most rows (or triples) a query may return.")
@click.option("--memory-mb", type=click.IntRange(256), default=2048, show_default=True,
              help="MiB each query worker may allocate answering requests (beyond what it holds with the store "
                   "open); a query that needs more is stopped (503).")
@click.option("--base-url", callback=_url,
              help="The server's public URL, for VoID, DCAT and OpenAPI (default: http://HOST:PORT/).")
@click.option("--cache-mb", type=click.IntRange(0, 4096), default=16, show_default=True,
              help="MiB of answers kept: the release served cannot change, so an identical request is answered again "
                   "from memory (0: none); as much again of the gzipped copies of those sent more than once.")
@click.option("--client-limit", type=click.IntRange(1, 10000), default=32, show_default=True,
              help="Requests one client (address and User-Agent) may have answered or waiting at once; "
                   "more get 429 Too Many Requests with Retry-After.")
@click.option("--read-timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              help="Seconds a client has to send a request's head, and again its body (else 408); and that "
                   "its answers may wait unread (else the connection is dropped).")
@click.option("--max-connections", type=click.IntRange(16, 1_000_000), default=1000, show_default=True,
              help="Open connections at most; past that, idle ones, or ones whose answers wait unread, are closed "
                   "to make room.")
@click.pass_context
def serve_command(context: click.Context, host: str, port: int, workers: int, timeout: float, max_rows: int,
                  memory_mb: int, base_url: str | None, cache_mb: int, client_limit: int, read_timeout: float,
                  max_connections: int) -> None:
    """Serve the graph: SPARQL endpoint, saved-query API, linked-data pages, dumps (docs/publishing.md).

    What it refuses and bounds, and how that is tested: docs/security.md."""
    from kg.web.serve import Settings, serve

    serve(_project(context), Settings(host=host, port=port, workers=workers, timeout=timeout, max_rows=max_rows,
                                      memory_mb=memory_mb, base_url=base_url or "", cache_mb=cache_mb,
                                      client_limit=client_limit, read_timeout=read_timeout,
                                      max_connections=max_connections))


@main.command("publish")
@click.option("--out", "-o", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for the static site (replaced if an earlier kg publish made it).")
@click.option("--base-url", default="https://w3id.org/oioo/", show_default=True, callback=_url,
              help="Where the site will be served, for the dump URLs in VoID and DCAT.")
@click.option("--endpoint", metavar="URL", callback=_url,
              help="A SPARQL endpoint serving the same data, for the editor and VoID.")
@click.option("--quiet", "-q", is_flag=True, help="Do not show progress.")
@click.option("--drafts", is_flag=True, help="Publish unreviewed machine drafts too (refused otherwise).")
@click.pass_context
def publish_command(context: click.Context, out: Path, base_url: str, endpoint: str | None, quiet: bool,
                    drafts: bool) -> None:
    """Write the pages, dumps, VoID/DCAT and ontology documentation as a static site."""
    from kg.web.publish import publish

    project = _project(context)
    _kept_from(project, out, "--out", what="folder")
    _refuse_drafts(project, drafts, "published", "publish")
    # (Pagefind, which writes the search index, reads UTF-8 paths only: it failed after the pages, its advice
    # "install pagefind")
    _utf8(str(out.absolute()), "--out's path (the site's search index is written by a tool that reads UTF-8 only)")
    progress = (lambda m: None) if quiet else (lambda m: click.echo(m, err=True))
    counts = publish(project, out, base_url=base_url, endpoint=endpoint, progress=progress)
    _out(f"published {counts['pages']} pages ({counts['files']} files) to {out}")
    _note_undated_reviews(project)


def _note_undated_reviews(project) -> None:
    """Say on stderr that the checks went out with no publication date (site.yaml's reviews_published
    empty): their pages say so, but a publisher reads the command's words, and search engines ask for one."""
    from kg.web.pages import site_config

    if not site_config(project)["reviews_published"]:
        click.echo("note: the checks carry no publication date (schema:datePublished): site.yaml's reviews_published "
                   "is empty, and a date is never invented; set it to the day they are published", err=True)


@main.command("push")
@click.argument("url", callback=_url)
@click.option("--graph", metavar="IRI", help="Load into this named graph instead of the default graph.")
@click.option("--append", is_flag=True, help="POST (add to what is there) instead of PUT (replace).")
@click.option("--drafts", is_flag=True, help="Send unreviewed machine drafts too (refused otherwise).")
@click.pass_context
def push_command(context: click.Context, url: str, graph: str | None, append: bool, drafts: bool) -> None:
    """Load the build into a SPARQL 1.1 Graph Store Protocol endpoint (Oxigraph: http://HOST:7878/store)."""
    from kg.query.remote import push

    project = _project(context)
    _refuse_drafts(project, drafts, "sent", "send")
    sent = push(project, url, graph=graph, append=append, progress=lambda m: click.echo(m, err=True))
    _out(f"{sent['method']} {sent['triples']} triples ({sent['bytes']} bytes) to {sent['url']}: HTTP {sent['status']}")
