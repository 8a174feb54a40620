"""Latency of the saved queries with a parameter, in one process, on a built project's store:

    python bench/latency.py --project ../bench-corpora/corpus-1m --values 300 --out bench/saved-query-latency-1m.json
    python bench/latency.py --project ../bench-corpora/corpus-1m --values 100 --all --out bench/saved-query-latency-1m-all.json

The workload is the serving benchmark's (bench/serve_load.py, `distinct`): each saved query with a
parameter, asked for each of the first --values values the data has for it (with --all, two more that the
load test does not ask: MORE). Each question is asked
two ways, one after the other: with the value bound as an RDF term (pyoxigraph's substitutions, as
`kg query` and `kg serve` run every saved query) and with the value written into the text as a
constant (as the benchmark sends it to Oxigraph's own server), each way first for half the values (the
first to ask a value pays for reading what the second then finds cached: with the bound way always
first, its medians at 1 M were up to 7.6 ms above the written one's for that alone, figures-by-person's
12.7 ms against 5.1). Per query and way: the median and mean time to evaluate and read every solution.

--store says which store answers (give several to compare them in one run):
- `served`: dist/oxigraph/, as `kg query` and `kg serve` open it (compacted when it is made);
- `loaded`: the same release bulk-loaded into a new on-disk store and not compacted;
- `memory`: the same release loaded into memory.

--against NAME=FILE measures another text of saved query NAME (an earlier version, say: `git show
a0dbeac~1:queries/quote-fidelity.rq > /tmp/old.rq`) beside this checkout's, on the same store, value by
value, alternately, both bound:

    python bench/latency.py --project ../bench-corpora/corpus-1m --values 100 --store served \
        --against quote-fidelity=/tmp/old.rq
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

from kg.sources.project import Project  # noqa: E402
from kg.query.store import current_release, fill, store_folder  # noqa: E402
from kg.core.namespaces import PREFIX_IRIS  # noqa: E402
from kg.sparql.run import LOCAL_GRAPH, NO_NAMED_GRAPHS  # noqa: E402
from kg.sparql.saved import load_queries  # noqa: E402
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
    """One evaluation, read to its last solution, on the dataset kg.sparql.run.execute gives every query."""
    started = time.perf_counter()
    for _ in store.query(text, prefixes=PREFIX_IRIS, substitutions=substitutions,
                         default_graph=LOCAL_GRAPH, named_graphs=NO_NAMED_GRAPHS):
        pass
    return time.perf_counter() - started


def candidates(store: ox.Store, query, parameter: str, text: str, values: int) -> tuple:
    variable = next(p.variable for p in query.parameters if p.name == parameter)
    return variable, [solution["x"] for solution in store.query(text, prefixes=PREFIX_IRIS)][:values]


def measure_against(store: ox.Store, queries: dict, values: int, asked: dict, against: dict) -> dict:
    """Each NAME's two texts, value by value, one after the other, in turn first (three rounds), both bound."""
    out = {}
    for name, path in against.items():
        query, other = queries[name], Path(path).read_text(encoding="utf-8")
        variable, terms = candidates(store, query, *asked[name], values)
        times: dict = {"checkout": [], "against": []}
        for _ in range(3):
            for index, term in enumerate(terms):
                pair = (("checkout", query.text), ("against", other))
                for way, text in pair if index % 2 else pair[::-1]:  # each goes second half the time
                    times[way].append(timed(store, text, {ox.Variable(variable): term}))
        out[name] = {way: {"median_ms": statistics.median(found) * 1000,
                           "p99_ms": sorted(found)[min(len(found) - 1, int(len(found) * 0.99))] * 1000}
                     for way, found in times.items()}
        out[name]["against"]["file"] = str(path)
    return out


def measure(store: ox.Store, queries: dict, values: int, asked: dict) -> dict:
    out = {}
    for name, (parameter, asked_for) in asked.items():
        query = queries[name]
        variable, terms = candidates(store, query, parameter, asked_for, values)
        bound, written = [], []
        for index, term in enumerate(terms):
            ways = ((bound, query.text, {ox.Variable(variable): term}),
                    (written, with_constant(query.text, variable, str(term)), None))
            for times, text, substitutions in ways if index % 2 else ways[::-1]:  # each goes first half the time
                times.append(timed(store, text, substitutions))
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
    parser.add_argument("--against", action="append", default=[], metavar="NAME=FILE",
                        help="Another text of saved query NAME, measured beside this checkout's (only these are measured).")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    project = Project(args.project.resolve())
    queries = load_queries(HERE.parent / "queries")  # this checkout's, as bench/serve_load.py asks them
    asked = {**PARAMETERS, **MORE} if args.all or args.against else PARAMETERS
    against = dict(item.split("=", 1) for item in args.against)
    unknown = sorted(set(against) - set(asked))
    if unknown:
        parser.error(f"--against: {', '.join(unknown)}: not a saved query with a parameter ({', '.join(asked)})")
    document = {"command": "python bench/latency.py " + " ".join(sys.argv[1:]), "commit": commit(), "stores": {}}
    with tempfile.TemporaryDirectory(dir=project.dist_dir) as scratch:
        for kind in args.store.split(","):
            if kind not in STORES:
                parser.error(f"--store: {kind!r} is not one of {', '.join(STORES)}")
            store = open_store(project, kind, Path(scratch))
            if against:
                document["stores"][kind] = found = measure_against(store, queries, args.values, asked, against)
                del store
                for name, row in found.items():
                    print(f"{kind}: {name}: this checkout's median {row['checkout']['median_ms']:.2f} ms "
                          f"(p99 {row['checkout']['p99_ms']:.2f}), {row['against']['file']}'s "
                          f"{row['against']['median_ms']:.2f} ms (p99 {row['against']['p99_ms']:.2f}): "
                          f"{row['checkout']['median_ms'] / row['against']['median_ms']:.2f}x")
                continue
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
