"""`kg validate`: the project's sources validated by either engine, every finding located (file, line and
column); or only what some changed files can affect (kg.validation.changes), with the same findings.

Files that cannot be parsed are findings too (severity Error, exit code 2): every one of them is
reported, located, in whichever format was asked for, and nothing is validated until they parse.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kg.core.errors import ParseError
from kg.sources.cache import Cache
from kg.validation.changes import (changed_since, named_files, reach_of_rules, repository_prefix,
                                   scope_of_change, texts_before)
from kg.validation.findings import ValidationReport, order, syntax_finding
from kg.sources.positions import syntax_error
from kg.validation.locate import located
from kg.sources.project import Project, relative_name
from kg.validation.formats import render, rule_catalogue


@dataclass
class Outcome:
    report: ValidationReport
    scope: str  # what was validated, in words
    project: Project
    seconds: float = 0.0  # how long validation took

    def render(self, fmt: str) -> str:
        """The report in one of kg.validation.formats.FORMATS, file names as the repository has them."""
        rules = self.rules if fmt in ("junit", "sarif") else None
        return render(self.report, fmt, rules, self.project.root, self.prefix, self.seconds)

    @cached_property
    def rules(self) -> dict:
        from kg.sparql.saved import check_queries as checks
        from kg.sources.load import read_graph

        shapes = read_graph(self.project.shapes_file) if not self.report.errors else None
        return rule_catalogue(shapes, checks(self.project), relative_name(self.project.shapes_file, self.project.root))

    @cached_property
    def prefix(self) -> str:
        return repository_prefix(self.project.root)


def validate(project: Project, findings_of, since: str | None = None, files=()) -> Outcome:
    """Validate the project with `findings_of` (the chosen engine's validation: a project to its
    ValidationReport, kg.engines.findings); with `since` (a git revision) or `files` (changed files), only
    what the changes can affect."""
    started = time.perf_counter()
    outcome = _validate(project, findings_of, since, files)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _validate(project: Project, findings_of, since: str | None, files) -> Outcome:
    if since is None and not files:
        return Outcome(_run(project, findings_of), f"all {len(project.data_files)} data files", project)
    names = sorted(set((changed_since(project, since) if since else []) + named_files(project, files)))
    from kg.sparql.saved import check_queries as checks
    from kg.sources.load import read_graph

    try:
        shapes = read_graph(project.shapes_file)
    except ParseError as error:
        return Outcome(_unparsable(project, error), "the shapes cannot be parsed", project)
    cache = Cache(project)
    reach = reach_of_rules(shapes, checks(project, cache), cache)
    scope = scope_of_change(project, names, texts_before(project, names, since), reach, cache)
    cache.prune()  # the reach of rules (and the checks) no longer in the shapes or checks, the links of old files
    if scope.errors:
        return Outcome(ValidationReport(order([syntax_finding(e, project.root) for e in scope.errors])),
                       "data files cannot be parsed", project)
    if scope.everything:
        return Outcome(_run(project, findings_of), scope.describe(project), project)
    if not scope.changed:
        return Outcome(ValidationReport(), "no data file changed: nothing to validate", project)
    if not scope.project.data_files:  # the change reaches nothing left to load (a deleted file nothing pointed to)
        return Outcome(ValidationReport(), scope.describe(project), project)
    return Outcome(_run(scope.project, findings_of, keep=scope.keeps), scope.describe(project), project)


def _run(project: Project, findings_of, keep=None) -> ValidationReport:
    """Validate with the engine given; locate what it finds (kept by `keep`, if given)."""
    try:
        report = findings_of(project)
    except ParseError as error:
        return _unparsable(project, error)
    if keep is not None:
        report = ValidationReport([f for f in report.findings if keep(f)], report.results_graph)
    return located(report, project.root)


def _unparsable(project: Project, first: ParseError) -> ValidationReport:
    """Every source file that cannot be parsed, the one that stopped validation first."""
    errors = [first]
    for path in [project.ontology_file, project.shapes_file, *project.data_files]:
        if Path(path).resolve() != Path(first.path).resolve() and Path(path).is_file():
            error = syntax_error(path)
            if error is not None:
                errors.append(error)
    return ValidationReport(order([syntax_finding(e, project.root) for e in errors]))

