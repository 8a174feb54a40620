"""`kg serve` against `oxigraph serve-read-only`, side by side: the same store, the same queries, the same
number of clients, in one run (bounded, loopback only; run on demand, never in CI).

    python bench/serve_load.py --project ../bench-corpora/corpus-1m --clients 8,20 --seconds 20 --rounds 3

Both servers read the same Oxigraph store (the project's release, dist/oxigraph/, a hard-link copy each),
with the same deadline. The load is `wrk` (Debian's package; C, so the client takes little of the two
cores from the servers), each connection cycling through the same list of requests:

- `mix`: ad-hoc SPARQL (a listing with LIMIT, a count by class, a label look-up, an ASK) and the saved
  queries with a parameter (a person, a report, a figure, an indicator, several values of each), each
  sent as SPARQL text: to Oxigraph at /query, to kg serve at /sparql; identical requests but for the
  path. The parameter is written into the text as a constant, as a person writing the query for
  Oxigraph would (`with_constant`, here in the benchmark only): Oxigraph then plans for the value.
  (The two standard ways of handing a remote endpoint a value, a VALUES clause after the query or at
  the start of its WHERE group, are joined after subqueries that Oxigraph evaluates over all the
  data: seconds at a million triples, so the peer would be measured at its worst);
- `saved`: the saved queries with a parameter only: to Oxigraph as above, to kg serve through its own
  saved-query API (/queries/NAME.json?param=value), which binds the parameter as an RDF term;
- `distinct`: as `saved`, but with every value of each parameter the data has (up to 3,000 each: thousands at a
  million triples), each asked once in a run, each wrk thread starting its own share of the list (they started
  97 apart, so that one thread asked, a moment later, most of what the other had just asked: answered from kg's
  cache): what kg serve's cache of answers cannot help with; a run that asks more than the list holds says so. (`mix` and
  `saved` cycle through 8 values each, and kg serve answers a request it has answered before from
  memory: the release it serves cannot change.)

With `--first-start`, kg serve starts each time as on a new release, as a server started right after
`kg build` does: it makes its store before it listens (its search index is not made until a page wants it),
and the load begins as soon as it listens.

Reported per server, workload and client count: successful queries per second, requests answered with
something other than 200 (and, over all rounds, how many of each status), latency p50 and p99 (wrk's),
peak memory (the largest sum of the proportional set sizes of the server's process tree, sampled
every 0.5 s), and the processor milliseconds each successful answer cost (the tree's user and system time
over the run, over its 2xx answers), with their ratio (Oxigraph's over kg's): the answers a second fall
with any other load on the machine, unevenly between the two servers, where the cost of an answer
barely moves, so the cost ratio says what the throughput ratio would be on a machine of their own. Rounds are interleaved (Oxigraph, kg, Oxigraph, kg, ...), and the medians are written to
bench/serve-load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from kg.sources.project import Project  # noqa: E402
from kg.query.store import current_release, open_store, snapshot  # noqa: E402
from kg.core.namespaces import PREFIX_IRIS  # noqa: E402
from kg.sparql.run import answer  # noqa: E402
from kg.sparql.saved import load_queries  # noqa: E402
from run import commit  # noqa: E402

ADHOC = [
    "SELECT ?report ?label WHERE { ?report a oo:Report ; rdfs:label ?label } ORDER BY ?report LIMIT 20",
    "SELECT ?kind (COUNT(?x) AS ?n) WHERE { VALUES ?kind { oo:DirectQuote oo:ReportedStatement oo:EventDate } "
    "?x a ?kind } GROUP BY ?kind",
    "SELECT ?label WHERE { oi:r000 rdfs:label ?label }",
    "ASK { ?s oo:mentionsFigure ?f }",
]
# saved query -> the parameter it is asked with, and the query that lists values for it
PARAMETERS = {
    "who-said-what": ("indicator", "SELECT DISTINCT ?x WHERE { ?f oo:indicator ?x } ORDER BY ?x LIMIT 3000"),
    "figures-by-person": ("person", "SELECT DISTINCT ?x WHERE { ?s oo:speaker ?x } ORDER BY ?x LIMIT 3000"),
    "statements-by-person": ("person", "SELECT DISTINCT ?x WHERE { ?s oo:speaker ?x } ORDER BY ?x LIMIT 3000"),
    "officials-roles": ("person", "SELECT DISTINCT ?x WHERE { ?h oo:holder ?x } ORDER BY ?x LIMIT 3000"),
    "figures-in-report": ("report", "SELECT ?x WHERE { ?x a oo:Report } ORDER BY ?x LIMIT 3000"),
    "statements": ("report", "SELECT ?x WHERE { ?x a oo:Report } ORDER BY ?x LIMIT 3000"),
    "figure-provenance": ("figure", "SELECT ?x WHERE { ?x a oo:Figure } ORDER BY ?x LIMIT 3000"),
    "figure-history": ("indicator", "SELECT DISTINCT ?x WHERE { ?f oo:indicator ?x } ORDER BY ?x LIMIT 3000"),
}
WORKLOADS = ("mix", "saved", "distinct")
LUA = r"""
local requests = {}
for line in io.lines(os.getenv("KG_BENCH_REQUESTS")) do requests[#requests + 1] = line end
local counter = 0
statuses = {}  -- a global: done() reads each thread's with thread:get
local threads = {}
-- each thread starts its own share of the list, so that no thread asks what another has just asked (kg serve
-- would answer it from its cache of replies): a list is asked once in all before any request comes round again
function setup(thread)
  thread:set("offset", counter)
  counter = counter + math.floor(#requests / tonumber(os.getenv("KG_BENCH_THREADS")))
  table.insert(threads, thread)
end
function init(args) n = offset end
function request()
  n = n + 1
  local line = requests[(n % #requests) + 1]
  if line:sub(1, 5) == "POST " then  -- "POST path form": a query too long for a URL (Oxigraph's: 8 KB)
    local space = line:find(" ", 6, true)
    return wrk.format("POST", line:sub(6, space - 1), { ["Accept"] = "application/sparql-results+json",
      ["Content-Type"] = "application/x-www-form-urlencoded" }, line:sub(space + 1))
  end
  return wrk.format("GET", line, { ["Accept"] = "application/sparql-results+json" })
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests_)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do counts[status] = (counts[status] or 0) + n end
  end
  local by_status = {}
  for status, n in pairs(counts) do by_status[#by_status + 1] = string.format('"%d": %d', status, n) end
  io.write("KG_BENCH_JSON " .. string.format('{"requests": %d, "seconds": %.6f, "errors": %d, "p50_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, "statuses": {%s}}',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.mean / 1000, table.concat(by_status, ", ")) .. "\n")
end
"""


def same_queries(one: Path, other: Path) -> bool:
    """Whether two queries/ folders hold the same files, byte for byte."""
    def files(folder: Path) -> dict:
        return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    return one.is_dir() and files(one) == files(other)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 600, ready=lambda response: True) -> None:
    """Wait until `url` answers 200 and `ready(response)` says so."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and ready(response):
                    return
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:g} s")


def search_made(response) -> bool:
    """kg serve's /search/status: the index is ready, or cannot be made (the pages work without it)."""
    status = json.load(response)
    return bool(status.get("ready")) or "seconds" not in status


def process_tree(root_pid: int) -> list[int]:
    """A process and its descendants, as /proc lists them now."""
    children: dict = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def pss_kb(root_pid: int) -> int:
    """The summed proportional set size of a process and its descendants, in KiB."""
    total = 0
    for pid in process_tree(root_pid):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def cpu_seconds(root_pid: int) -> float:
    """The processor time (user and system, every thread) a process and its living descendants have used so
    far: Oxigraph's server is one process of threads, kg serve a front process and its query workers."""
    ticks = 0
    for pid in process_tree(root_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (proc(5): fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, pss_kb(self.pid))
            time.sleep(0.5)


def with_constant(text: str, variable: str, term: str) -> str:
    """The query with a parameter written in as a constant: `(term AS ?v)` in the query's own
    projection, dropped from the projections of its subqueries and from GROUP BY and ORDER BY,
    `term` elsewhere."""
    token = re.compile(rf"\s*[?$]{re.escape(variable)}\b")
    out, seen_select, mode, closed = [], False, "pattern", False
    for line in text.splitlines():
        # A projection may go on over lines, and an ORDER BY until a brace closes its subquery; a GROUP BY not.
        mode = "pattern" if mode == "grouping" or (mode == "ordering" and closed) else mode
        code, hash_, comment = line.partition("#")
        pieces = re.split(r"(\bSELECT\b|\bWHERE\b|\bGROUP\s+BY\b|\bORDER\s+BY\b)", code, flags=re.I)
        written = []
        for piece in pieces:
            word = " ".join(piece.upper().split())
            if word in ("SELECT", "WHERE", "GROUP BY", "ORDER BY"):
                mode = {"SELECT": "projection" if seen_select else "top", "WHERE": "pattern", "GROUP BY": "grouping",
                        "ORDER BY": "ordering"}[word]
                seen_select = seen_select or word == "SELECT"
                written.append(piece)
            elif mode == "top":
                written.append(token.sub(f" ({term} AS ?{variable})", piece))
            elif mode in ("projection", "grouping", "ordering"):
                written.append(token.sub("", piece))
            else:
                written.append(token.sub(f" {term}", piece))
        out.append("".join(written) + hash_ + comment)
        closed = "}" in code
    return "\n".join(out)


def requests_for(project: Project, store, rng: random.Random) -> dict:
    """The request paths of each workload, for each server (`oxigraph`, `kg`)."""
    queries = load_queries(project.queries_dir)
    encode = lambda text: urllib.parse.quote(text, safe="")  # noqa: E731
    # Oxigraph's server answers a URL over 8 KB with 400 (the saved queries' texts are longer): its
    # queries are POSTed, as the SPARQL protocol allows (a form: one line of the requests file)
    declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIX_IRIS.items())  # ADHOC's prefixes
    adhoc = {"oxigraph": [f"POST /query query={encode(declared + q)}" for q in ADHOC],
             "kg": [f"/sparql?query={encode(declared + q)}" for q in ADHOC]}
    saved = {"oxigraph": [], "kg": [], "kg-as-sparql": []}
    distinct = {"oxigraph": [], "kg": []}
    for name, (parameter, candidates) in PARAMETERS.items():
        query = queries[name]
        values = [str(row[0]) for row in answer(store, candidates).rows]
        variable = next(p.variable for p in query.parameters if p.name == parameter)
        few = set(rng.sample(values, min(8, len(values))))
        for value in values:
            text = with_constant(query.text, variable, f"<{value}>")
            oxigraph = f"POST /query query={encode(text)}"
            kg = f"/queries/{name}.json?{urllib.parse.urlencode({parameter: f'<{value}>'})}"
            distinct["oxigraph"].append(oxigraph)
            distinct["kg"].append(kg)
            if value in few:
                saved["oxigraph"].append(oxigraph)
                saved["kg-as-sparql"].append(f"/sparql?query={encode(text)}")
                saved["kg"].append(kg)
    for paths in (*saved.values(), *distinct.values()):
        rng.shuffle(paths)
    return {"mix": {"oxigraph": adhoc["oxigraph"] + saved["oxigraph"], "kg": adhoc["kg"] + saved["kg-as-sparql"]},
            "saved": {"oxigraph": saved["oxigraph"], "kg": saved["kg"]}, "distinct": distinct}


def run_wrk(base: str, paths: list, clients: int, seconds: int, work: Path) -> dict:
    listing, script = work / "requests.txt", work / "cycle.lua"
    listing.write_text("\n".join(paths) + "\n")
    script.write_text(LUA)
    threads = min(2, clients)
    command = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s",
               "-s", str(script), "--latency", base]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120,
                            env={**os.environ, "KG_BENCH_REQUESTS": str(listing), "KG_BENCH_THREADS": str(threads)}).stdout
    summary = json.loads(next(line for line in output.splitlines() if line.startswith("KG_BENCH_JSON")).split(" ", 1)[1])
    non_2xx = 0
    for line in output.splitlines():
        if "Non-2xx or 3xx responses:" in line:
            non_2xx = int(line.rsplit(":", 1)[1])
    summary["non_2xx"] = non_2xx
    summary["ok_per_second"] = ok_per_second(summary)
    return summary


def ok_per_second(summary: dict) -> float:
    """Answers with a 2xx status a second, as the Lua script counted them by status. wrk's socket errors
    (a refused connect, retried at once) are attempts that got no answer, not among its requests:
    subtracting them gave Oxigraph -33,183 answers a second in a round where it refused connections.

    >>> ok_per_second({"requests": 14753, "errors": 1369271, "seconds": 20.0, "statuses": {"200": 9577, "500": 5176}})
    478.85
    """
    return sum(count for status, count in summary["statuses"].items() if str(status).startswith("2")) / summary["seconds"]


def cpu_ms_per_answer(summary: dict) -> float | None:
    """The processor milliseconds a server spent for each successful answer of a run (its `cpu_seconds` over its
    2xx answers): what an answer costs, which another load on the machine changes far less than it changes the
    answers a second (kg serve's cost measured alike in runs whose rates differed by half).

    >>> cpu_ms_per_answer({"cpu_seconds": 6.0, "statuses": {"200": 2000, "503": 10}})
    3.0
    """
    answered = sum(count for status, count in summary["statuses"].items() if str(status).startswith("2"))
    return 1000 * summary["cpu_seconds"] / answered if answered else None


def start(which: str, project: Project, folder: Path, port: int, timeout: float, log: Path,
          workers: int | None = None, first_start: bool = False) -> subprocess.Popen:
    """`first_start`: kg serve as on the first start of a new release (its store and search index not made:
    it makes the store before it listens, and the index is not waited for), loaded as soon as it listens."""
    if which == "kg" and first_start:
        for made in ("oxigraph", "search"):
            shutil.rmtree(project.dist_dir / made, ignore_errors=True)
    if which == "oxigraph":
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        command = [binary, "serve-read-only", "--location", str(folder / "oxigraph"), "--bind", f"127.0.0.1:{port}",
                   "--timeout-s", str(int(timeout))]
        url = f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"
    else:
        command = [sys.executable, "-m", "kg", "--project", str(project.root), "serve", "--port", str(port),
                   "--timeout", str(timeout), *(["--workers", str(workers)] if workers else [])]
        url = f"http://127.0.0.1:{port}/health"
    with open(log, "ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for(url, process)
    if which == "kg" and not first_start:  # kg serve listens before its search index is made (a minute or more at 1 M, at a
        # first start), which /search/status asks for: made now, not while the load runs (a core and 2.7 GB)
        wait_for(f"http://127.0.0.1:{port}/search/status", process, 1800, search_made)
    return process


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True, help="A project (it is built first if it needs to be).")
    parser.add_argument("--clients", default="8,20")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workloads", default=",".join(WORKLOADS), help="Some of: " + ", ".join(WORKLOADS))
    parser.add_argument("--workers", type=int, help="kg serve's query workers (default: kg serve's own default).")
    parser.add_argument("--timeout", type=float, default=10.0, help="Each server's query deadline, in seconds.")
    parser.add_argument("--first-start", action="store_true",
                        help="Start kg serve each time as on a new release: its store made at start, the load at once.")
    parser.add_argument("--update-queries", action="store_true",
                        help="Replace the project's queries/ with this checkout's, where they differ (a corpus "
                             "generated by an older checkout).")
    parser.add_argument("--out", type=Path, default=HERE / "serve-load.json")
    args = parser.parse_args()
    if not (args.project / "data").is_dir():
        sys.exit(f"{args.project} holds no project (no data/): make the million-triple archive the README measures "
                 f"with\n  python -m kg generate --reports 3731 --seed 1 -o {args.project}\n(it is built on the first run)")
    workloads = [w for w in WORKLOADS if w in args.workloads.split(",")]
    project = Project(args.project.resolve())
    differing = project.root != ROOT and not same_queries(project.queries_dir, ROOT / "queries")
    if differing and not args.update_queries:
        sys.exit(f"{project.queries_dir} differs from this checkout's queries/, which the load test asks: generate the "
                 f"corpus again with this checkout, or pass --update-queries to replace that folder with this "
                 f"checkout's")
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    if differing:
        shutil.rmtree(project.queries_dir, ignore_errors=True)
        shutil.copytree(ROOT / "queries", project.queries_dir)
    manifest = current_release(project, progress=lambda m: print(m, file=sys.stderr))
    store = open_store(project)
    paths = requests_for(project, store, random.Random(1))
    del store
    work = Path(tempfile.mkdtemp(prefix="kg-serve-load-"))
    folder = snapshot(project, manifest)  # Oxigraph's own copy of the same store
    results = []
    try:
        for clients in [int(c) for c in args.clients.split(",")]:
            for workload in workloads:
                for round_ in range(args.rounds):
                    for which in ("oxigraph", "kg"):
                        port = free_port()
                        process = start(which, project, folder, port, args.timeout, work / f"{which}.log",
                                        args.workers, args.first_start)
                        try:
                            run_wrk(f"http://127.0.0.1:{port}", paths[workload][which][:20], 2, 3, work)  # warm up
                            sampler = Sampler(process.pid)
                            sampler.start()
                            cpu_before = cpu_seconds(process.pid)
                            measured = run_wrk(f"http://127.0.0.1:{port}", paths[workload][which], clients,
                                               args.seconds, work)
                            measured["cpu_seconds"] = round(cpu_seconds(process.pid) - cpu_before, 2)
                            sampler.running = False
                            sampler.join()
                        finally:
                            stop(process)
                        measured.update(server=which, workload=workload, clients=clients, round=round_,
                                        peak_pss_mb=round(sampler.peak / 1024, 1),
                                        cpu_ms_per_answer=cpu_ms_per_answer(measured))
                        print(json.dumps(measured), file=sys.stderr)
                        results.append(measured)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    summary = []
    for clients in sorted({r["clients"] for r in results}):
        for workload in workloads:
            row = {"clients": clients, "workload": workload}
            for which in ("oxigraph", "kg"):
                runs = [r for r in results if (r["clients"], r["workload"], r["server"]) == (clients, workload, which)]
                for key in ("ok_per_second", "p50_ms", "p99_ms", "peak_pss_mb", "non_2xx", "errors"):
                    row[f"{which}_{key}"] = statistics.median(r[key] for r in runs)
                costs = [r["cpu_ms_per_answer"] for r in runs if r["cpu_ms_per_answer"] is not None]
                row[f"{which}_cpu_ms_per_answer"] = statistics.median(costs) if costs else None
                row[f"{which}_refusals"] = {status: sum(r.get("statuses", {}).get(status, 0) for r in runs)
                                            for status in sorted({s for r in runs for s in r.get("statuses", {})})
                                            if status != "200"}  # every round's, by status
            row["throughput_ratio"] = row["kg_ok_per_second"] / row["oxigraph_ok_per_second"]
            # what an answer costs Oxigraph over what it costs kg: the throughput ratio's bound on a machine of its own
            row["cpu_ratio"] = (row["oxigraph_cpu_ms_per_answer"] / row["kg_cpu_ms_per_answer"]
                                if row["oxigraph_cpu_ms_per_answer"] and row["kg_cpu_ms_per_answer"] else None)
            # kg serve answers a request it has answered before from memory: where a round of `distinct` asked
            # more than its list holds, the list came round again and the ratio measures kg's cache, not its engine
            row["kg_repeats"] = workload == "distinct" and any(
                r["requests"] > len(paths["distinct"]["kg"]) for r in results
                if (r["clients"], r["workload"], r["server"]) == (clients, workload, "kg"))
            row["memory_ratio"] = row["kg_peak_pss_mb"] / row["oxigraph_peak_pss_mb"]
            summary.append(row)
    document = {"command": " ".join(["python", "bench/serve_load.py", *sys.argv[1:]]), "commit": commit(),
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "triples": manifest["files"]["oioo-full.nt"]["triples"], "summary": summary, "runs": results}
    args.out.write_text(json.dumps(document, indent=2) + "\n")
    for row in summary:
        print(f"{row['clients']:>3} clients {row['workload']:5}  oxigraph {row['oxigraph_ok_per_second']:7.1f}/s "
              f"p50 {row['oxigraph_p50_ms']:6.1f} p99 {row['oxigraph_p99_ms']:7.1f} ms {row['oxigraph_peak_pss_mb']:6.1f} MB | "
              f"kg {row['kg_ok_per_second']:7.1f}/s p50 {row['kg_p50_ms']:6.1f} p99 {row['kg_p99_ms']:7.1f} ms "
              f"{row['kg_peak_pss_mb']:6.1f} MB non-200 {row['kg_non_2xx']:.0f} | x{row['throughput_ratio']:.2f} "
              f"mem x{row['memory_ratio']:.2f}"
              + (f" | cpu/answer oxigraph {row['oxigraph_cpu_ms_per_answer']:.2f} ms kg {row['kg_cpu_ms_per_answer']:.2f} ms "
                 f"x{row['cpu_ratio']:.2f}" if row["cpu_ratio"] else "")
              + "".join(f" | {which} statuses {row[f'{which}_refusals']}" for which in ("oxigraph", "kg")
                        if row[f"{which}_refusals"]))
        if row["kg_repeats"]:
            print(f"    (distinct: kg was asked more than the {len(paths['distinct']['kg']):,} distinct requests the data "
                  f"gives, and answered the repeats from its cache: not a measure of its engine; use a larger corpus)")


if __name__ == "__main__":
    main()
