"""The `kg` command: a thin layer over kg's functions. User errors print a message, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import build as build_module
from .errors import KGError
from .load import load_sources
from .output import SELECT_FORMATS, render
from .project import find_project
from .queries import find_query, load_queries, run_query
from .validate import validate as validate_sources

FORMAT = click.Choice(list(SELECT_FORMATS) + ["turtle", "nt", "json-ld"])


def _project(context: click.Context):
    return find_project(context.obj.get("project"))


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    given = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise KGError(f"--param takes key=value, got {pair!r}")
        given[key.strip()] = value
    return given


class _Group(click.Group):
    """Turns a KGError raised by any command into its message on stderr and its exit code."""

    def invoke(self, context: click.Context):
        try:
            return super().invoke(context)
        except KGError as error:
            click.echo(f"kg: {error}", err=True)
            context.exit(error.exit_code)
        except BrokenPipeError:
            context.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", type=click.Path(file_okay=False, path_type=Path),
              help="Project directory (default: the current directory or its nearest parent with ontology/oioo.ttl).")
@click.version_option(package_name="oioo-kg")
@click.pass_context
def main(context: click.Context, project: Path | None) -> None:
    """Who said what about which figure, in which report: build, validate and query the knowledge graph."""
    context.obj = {"project": project}


@main.command()
@click.option("--quiet", "-q", is_flag=True, help="Do not show progress.")
@click.pass_context
def build(context: click.Context, quiet: bool) -> None:
    """Load, reason (OWL-RL), validate (SHACL) and write dist/ (base, inferred and full graphs)."""
    project = _project(context)
    progress = (lambda m: None) if quiet else (lambda m: click.echo(m, err=True))
    result = build_module.build(project, progress=progress)
    click.echo(f"built {len(result.base)} asserted + {len(result.inferred)} inferred triples "
               f"into {project.dist_dir}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True)
@click.pass_context
def validate(context: click.Context, fmt: str) -> None:
    """SHACL and SPARQL checks. Exit 0 conforms, 1 violations, 2 errors."""
    project = _project(context)
    report = validate_sources(load_sources(project), build_module.checks(project))
    click.echo({"text": report.text, "json": report.json, "turtle": report.turtle}[fmt]())
    sys.exit(0 if report.conforms else 1)


@main.command("queries")
@click.pass_context
def list_queries(context: click.Context) -> None:
    """List the saved queries with their summaries and parameters."""
    for query in load_queries(_project(context).queries_dir).values():
        params = " ".join(f"{p.name}{'' if p.required else '?'}" + (f"={p.default}" if p.default else "")
                          for p in query.parameters)
        click.echo(f"{query.name:34} {query.summary}" + (f"\n{'':34} params: {params}" if params else ""))


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A parameter value (repeatable).")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@click.pass_context
def query(context: click.Context, name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run the saved query NAME (see `kg queries`)."""
    project = _project(context)
    saved = find_query(project.queries_dir, name)
    bindings = saved.bindings(_params(params))
    click.echo(render(run_query(build_module.full_graph(project), saved.text, bindings), fmt).rstrip("\n"))


@main.command()
@click.argument("query_or_file")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@click.pass_context
def sparql(context: click.Context, query_or_file: str, fmt: str) -> None:
    """Run an ad-hoc SPARQL query, given as text or as a file name ('-' reads stdin)."""
    if query_or_file == "-":
        text = sys.stdin.read()
    elif Path(query_or_file).is_file():
        text = Path(query_or_file).read_text(encoding="utf-8")
    else:
        text = query_or_file
    click.echo(render(run_query(build_module.full_graph(_project(context)), text), fmt).rstrip("\n"))


def run() -> None:
    """Console entry point."""
    main()
