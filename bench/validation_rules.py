"""Each SPARQL rule of a validation timed on a project, slowest first: the SHACL-SPARQL constraints of
ontology/shapes.ttl and the checks of queries/checks/, as `kg build` runs them on Oxigraph (bench/README.md,
"Validation, rule by rule"). Oxigraph's planner can take minutes over a rule that reads as cheap (NOT EXISTS
over many rows, a property path inside NOT EXISTS): time a new rule at a million triples before it lands.

    python bench/validation_rules.py PROJECT [--top N]
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from kg.sources.load import load_sources
from kg.validation.shacl import sparql
from kg.validation.validate import Validation
from kg.core.triples import TripleIndex
from kg.sources.project import Project
from kg.sparql.saved import check_queries


def timed_rules(root: Path) -> tuple[float, dict]:
    """(the validation's seconds, rule name -> [runs, rows, seconds]) for the project at `root`."""
    project = Project(root)
    sources = load_sources(project, None)
    validation = Validation(sources, TripleIndex(sources.ontology | sources.data), check_queries(project, None))
    validation.store.loaded()  # its load is not a rule's time
    rules = collections.defaultdict(lambda: [0, 0, 0.0])
    rows = sparql.QueryStore.rows

    def timed(store, text, prefixes, this=None, name="a query"):
        started = time.perf_counter()
        answer = rows(store, text, prefixes, this, name)
        rule = rules[name]
        rule[0], rule[1], rule[2] = rule[0] + 1, rule[1] + len(answer[1]), rule[2] + time.perf_counter() - started
        return answer

    sparql.QueryStore.rows = timed
    try:
        started = time.perf_counter()
        validation.report(literals=True)
        return time.perf_counter() - started, dict(rules)
    finally:
        sparql.QueryStore.rows = rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--top", type=int, default=15, help="how many rules to list (default 15)")
    args = parser.parse_args()
    total, rules = timed_rules(args.project)
    print(f"validation: {total:.2f} s (the SHACL Core components and the checks in Python included)")
    for name, (runs, found, seconds) in sorted(rules.items(), key=lambda item: -item[1][2])[:args.top]:
        print(f"{seconds:8.2f} s  {runs:6d} run(s)  {found:7d} row(s)  {name}")


if __name__ == "__main__":
    main()
