"""One measured run, in a process of its own: build a project with one engine, then run every saved query.

    python bench/measure.py --engine fast --project DIR [--repeat 5]

Prints one JSON object: seconds per phase (build, loading the query store, every saved query once), the
median latency of each saved query over --repeat runs, CPU seconds, and peak resident memory (of this
process, and of the largest child: the fast engine prepares its release files in a second process).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import build as reference  # noqa: E402
from kg import fast  # noqa: E402
from kg.graph.project import Project  # noqa: E402
from kg.query.saved import load_queries, run_query  # noqa: E402


def _pss_kb(pid: int) -> int:
    """Proportional set size: a page shared by a fork and its parent counts half in each."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_rss_mb(root: int) -> float:
    """Memory of a process and all its descendants (sum of PSS, from /proc), in MB."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kb(pid)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total / 1024


class PeakMemory:
    """Samples the memory of this process tree every second from a separate process (a thread here would
    keep kg.graph.build from forking its release process); .peak is the largest sum seen."""

    def __init__(self):
        self.file = Path(tempfile.mkstemp(prefix="peak-", suffix=".txt")[1])
        self.process = subprocess.Popen([sys.executable, __file__, "--sample", str(os.getpid()), str(self.file)])

    @property
    def peak(self) -> float:
        try:
            return float(self.file.read_text() or 0)
        except (OSError, ValueError):
            return 0.0

    def stop(self) -> float:
        peak = self.peak
        self.process.terminate()
        self.process.wait()
        self.file.unlink(missing_ok=True)
        return peak


def sample(pid: int, out: Path) -> None:
    peak = 0.0
    while Path(f"/proc/{pid}").exists():
        peak = max(peak, tree_rss_mb(pid))
        out.write_text(f"{peak:.1f}")
        time.sleep(1.0)  # reading PSS walks page tables: every 0.2 s took 12% of a core, measured


def measure(engine: str, root: Path, repeat: int) -> dict:
    sampler = PeakMemory()
    project = Project(root)
    started = time.perf_counter()
    result = reference.build(project, engine=engine)
    built = time.perf_counter()
    if engine == "fast":
        store = fast.query_store(result)
        ask = lambda saved: fast.run_query(store, saved.text, saved.bindings({}))  # noqa: E731
    else:
        graph = reference.full_graph(project)
        ask = lambda saved: run_query(graph, saved.text, saved.bindings({}))  # noqa: E731
    loaded = time.perf_counter()
    queries = load_queries(project.queries_dir)
    rows, once = {}, {}
    for name, saved in queries.items():
        begin = time.perf_counter()
        rows[name] = len(list(ask(saved)))
        once[name] = time.perf_counter() - begin
    answered = time.perf_counter()
    latency = {}
    for name, saved in queries.items():
        times = [once[name]]
        for _ in range(repeat - 1):
            begin = time.perf_counter()
            list(ask(saved))
            times.append(time.perf_counter() - begin)
        latency[name] = statistics.median(times)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "engine": engine, "triples": len(result.base) + len(result.inferred), "asserted": len(result.base),
        "inferred": len(result.inferred), "build_s": built - started, "store_s": loaded - built,
        "queries_s": answered - loaded, "total_s": answered - started, "latency_s": latency, "rows": rows,
        "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "peak_rss_mb": own.ru_maxrss / 1024, "peak_child_rss_mb": children.ru_maxrss / 1024,
        "peak_tree_rss_mb": max(sampler.stop(), own.ru_maxrss / 1024),
    }


def main() -> None:
    if sys.argv[1:2] == ["--sample"]:
        sample(int(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=("reference", "fast"), required=True)
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.pop("KG_ENGINE", None)
    print(json.dumps(measure(args.engine, args.project, args.repeat)))


if __name__ == "__main__":
    main()
