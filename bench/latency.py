"""Latency of the saved queries with the fast engine, on a project built with `kg build --engine fast`:

    python bench/latency.py DIR [--repeat 7] [--out bench/latency-1m.json]

The workload is what a user of `kg query` or the saved-query API asks: every saved query with its
defaults, and once more for each of its parameters with a value taken from the corpus itself (the
speaker, report, indicator, figure ... that comes first in IRI order among those the data uses).
For each call, the median of --repeat runs of:

- engine: Oxigraph evaluating the query and handing over every solution (what `kg serve` streams);
- answer: the same, turned into rdflib terms as `kg query` prints them (kg.graph.build.run_query).

--store memory (the default) loads the release into memory, as a server holds it; --store disk opens
dist/oxigraph/, as `kg query --engine fast` does (built from the release on first use; slower).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import fast  # noqa: E402
from kg.graph.terms import rdflib_term  # noqa: E402
from kg.graph.project import Project  # noqa: E402
from kg.query.saved import load_queries  # noqa: E402

PREFIXES = "PREFIX oo: <https://w3id.org/oioo/ontology#> PREFIX schema: <https://schema.org/> "
# parameter name -> a query whose first ?x (in IRI or value order) is the value used
PICK = {
    "person": "SELECT DISTINCT ?x WHERE { ?s oo:speaker ?x } ORDER BY STR(?x) LIMIT 1",
    "report": "SELECT ?x WHERE { ?x a oo:Report } ORDER BY STR(?x) LIMIT 1",
    "indicator": "SELECT DISTINCT ?x WHERE { ?f oo:indicator ?x } ORDER BY STR(?x) LIMIT 1",
    "figure": "SELECT ?x WHERE { ?x oo:inReport ?r ; oo:indicator ?i ; oo:evidence ?e } ORDER BY STR(?x) LIMIT 1",
    "value": "SELECT ?x WHERE { ?f oo:value ?x } ORDER BY ?x LIMIT 1",
    "about": "SELECT DISTINCT ?x WHERE { ?s oo:about ?x } ORDER BY STR(?x) LIMIT 1",
    "kind": "SELECT DISTINCT ?x WHERE { ?d oo:kind ?x } ORDER BY STR(?x) LIMIT 1",
    "verdict": "SELECT DISTINCT ?x WHERE { ?r schema:alternateName ?x } ORDER BY STR(?x) LIMIT 1",
}


def picked(store, name: str) -> str | None:
    """A value for parameter `name` from the data, as a user would type it."""
    for solution in store.query(PREFIXES + PICK[name], use_default_graph_as_union=True):
        return str(rdflib_term(solution["x"]))
    return None


def timed(function, repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        begin = time.perf_counter()
        size = function()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), size


def percentile(values: list, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--store", choices=("memory", "disk"), default="memory")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    project = Project(args.project.resolve())
    begin = time.perf_counter()
    store = fast.release_store(project, in_memory=args.store == "memory")
    opened = time.perf_counter() - begin
    print(f"store opened in {opened:.1f} s ({len(store)} quads)", flush=True)
    values = {name: picked(store, name) for name in PICK}
    calls = []
    for name, saved in sorted(load_queries(project.queries_dir).items()):
        cases = [{}] + [{p.name: values[p.name]} for p in saved.parameters if values.get(p.name)]
        for given in cases:
            bindings = saved.bindings(given)
            text = fast.as_rdflib_answers(saved.text, bindings)
            engine, rows = timed(lambda: sum(1 for _ in store.query(text, prefixes=fast._prefixes(),
                                                                    use_default_graph_as_union=True)), args.repeat)
            answer, _ = timed(lambda: len(fast.run_query(store, saved.text, bindings)), args.repeat)
            calls.append({"query": name, "parameters": given, "rows": rows, "engine_ms": engine * 1000,
                          "answer_ms": answer * 1000})
            shown = ", ".join(f"{k}={v}" for k, v in given.items()) or "(defaults)"
            print(f"{name:24} {shown:60.60} {rows:7} rows  engine {engine * 1000:8.1f} ms  "
                  f"answer {answer * 1000:8.1f} ms", flush=True)
    summary = {}
    for key in ("engine_ms", "answer_ms"):
        measured = [call[key] for call in calls]
        summary[key] = {"p50": statistics.median(measured), "p90": percentile(measured, 0.9),
                        "max": max(measured), "calls": len(measured)}
        print(f"{key}: p50 {summary[key]['p50']:.1f} ms, p90 {summary[key]['p90']:.1f} ms, "
              f"max {summary[key]['max']:.1f} ms over {len(measured)} calls", flush=True)
    if args.out:
        args.out.write_text(json.dumps({"project": str(args.project), "store": args.store, "store_open_s": opened, "quads": len(store),
                                        "values": values, "repeat": args.repeat, "summary": summary,
                                        "calls": calls}, indent=2) + "\n")


if __name__ == "__main__":
    main()
