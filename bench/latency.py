"""Latency of the saved queries with a parameter, in one process, on a built project's store:

    python bench/latency.py --project ../bench-corpora/corpus-1m --values 300 --out bench/saved-query-latency-1m.json
    python bench/latency.py --project ../bench-corpora/corpus-1m --values 100 --all --out bench/saved-query-latency-1m-all.json

The workload is the serving benchmark's (bench/serve_load.py, `distinct`): each saved query with a
parameter, asked for each of the first --values values the data has for it (with --all, two more that the
load test does not ask: MORE). Each question is asked
two ways, one after the other: with the value bound as an RDF term (pyoxigraph's substitutions, as
`kg query` and `kg serve` run every saved query) and with the value written into the text as a
constant (as the benchmark sends it to Oxigraph's own server). Per query and way: the median and
mean time to evaluate and read every solution.

--store says which store answers (give several to compare them in one run):
- `served`: dist/oxigraph/, as `kg query` and `kg serve` open it (compacted when it is made);
- `loaded`: the same release bulk-loaded into a new on-disk store and not compacted;
- `memory`: the same release loaded into memory.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from kg.graph.project import Project  # noqa: E402
from kg.graph.store import current_release, fill, store_folder  # noqa: E402
from kg.query.run import PREFIX_IRIS  # noqa: E402
from kg.query.saved import load_queries  # noqa: E402
from run import commit  # noqa: E402
from serve_load import PARAMETERS, with_constant  # noqa: E402

STORES = ("served", "loaded", "memory")
# Saved queries with a parameter that the load test does not ask, measured here too (--all): a speaker's
# quote comparisons and what is said about an agreement grow with the archive. (`discrepancies` by kind
# and `check-verdicts` by verdict are listings: three kinds and five verdicts, thousands of rows each.)
MORE = {
    "quote-fidelity": ("person", "SELECT DISTINCT ?x WHERE { ?s oo:speaker ?x } ORDER BY ?x LIMIT 600"),
    "statements-about": ("about", "SELECT DISTINCT ?x WHERE { ?s oo:about ?x } ORDER BY ?x LIMIT 600"),
}


def open_store(project: Project, kind: str, scratch: Path) -> ox.Store:
    manifest = current_release(project)
    if kind == "served":
        return ox.Store.read_only(str(store_folder(project, manifest)))
    if kind == "memory":
        store = ox.Store()
        fill(store, manifest)
        return store
    folder = scratch / "loaded"
    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    fill(store, manifest)
    store.flush()
    del store
    return ox.Store.read_only(str(folder))


def timed(store: ox.Store, text: str, substitutions: dict | None) -> float:
    started = time.perf_counter()
    for _ in store.query(text, prefixes=PREFIX_IRIS, substitutions=substitutions):
        pass
    return time.perf_counter() - started


def measure(store: ox.Store, queries: dict, values: int, asked: dict) -> dict:
    out = {}
    for name, (parameter, candidates) in asked.items():
        query = queries[name]
        variable = next(p.variable for p in query.parameters if p.name == parameter)
        terms = [solution["x"] for solution in store.query(candidates, prefixes=PREFIX_IRIS)][:values]
        bound, written = [], []
        for term in terms:
            bound.append(timed(store, query.text, {ox.Variable(variable): term}))
            written.append(timed(store, with_constant(query.text, variable, str(term)), None))
        out[name] = {"values": len(terms),
                     "bound_median_ms": statistics.median(bound) * 1000, "bound_mean_ms": statistics.mean(bound) * 1000,
                     "bound_p99_ms": sorted(bound)[min(len(bound) - 1, int(len(bound) * 0.99))] * 1000,
                     "written_median_ms": statistics.median(written) * 1000,
                     "written_mean_ms": statistics.mean(written) * 1000}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True, help="A built project (kg build).")
    parser.add_argument("--values", type=int, default=300, help="Values of each parameter asked.")
    parser.add_argument("--store", default="served", help="Some of: " + ", ".join(STORES))
    parser.add_argument("--all", action="store_true", help="Also the saved queries the load test does not ask.")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    project = Project(args.project.resolve())
    queries = load_queries(HERE.parent / "queries")  # this checkout's, as bench/serve_load.py asks them
    asked = {**PARAMETERS, **MORE} if args.all else PARAMETERS
    document = {"command": "python bench/latency.py " + " ".join(sys.argv[1:]), "commit": commit(), "stores": {}}
    with tempfile.TemporaryDirectory(dir=project.dist_dir) as scratch:
        for kind in args.store.split(","):
            if kind not in STORES:
                parser.error(f"--store: {kind!r} is not one of {', '.join(STORES)}")
            store = open_store(project, kind, Path(scratch))
            document["stores"][kind] = found = measure(store, queries, args.values, asked)
            del store
            print(f"{kind}:")
            for name, row in found.items():
                print(f"  {name:22s} bound: median {row['bound_median_ms']:6.2f} ms, mean {row['bound_mean_ms']:6.2f} ms, "
                      f"p99 {row['bound_p99_ms']:7.2f} ms"
                      f" | written in: median {row['written_median_ms']:6.2f} ms, mean {row['written_mean_ms']:6.2f} ms")
            for way in ("bound", "written"):
                total = sum(row[f"{way}_median_ms"] for row in found.values())
                print(f"  sum of the medians, {'bound' if way == 'bound' else 'written in'}: {total:.1f} ms")
    if args.out:
        args.out.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
