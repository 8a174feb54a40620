"""Benchmarks, run on demand (not in CI): the full build and every saved query, at 10 K, 100 K and 1 M
triples, with the fast engine and, where it finishes in reasonable time, the reference pipeline.

    python bench/run.py                       # generate corpora in ../bench-corpora, measure, write bench/
    python bench/run.py --sizes 10k --runs 1  # a quick look

Each run is a fresh process (bench/measure.py) on a fresh copy of the corpus (no dist/ left over), so
times include imports, and memory is that run's peak. The corpora are generated with `kg generate`
(seed 1) and not committed. Results go to bench/results.json; bench/report.py turns them into the table
and chart of bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
TRIPLES_PER_REPORT = 268  # asserted triples of one generated report (tests/test_generate.py shapes them)


def reports_for(triples: int) -> int:
    return max(1, round(triples / TRIPLES_PER_REPORT))


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": round(int(memory) / 1024 / 1024, 1),
            "python": platform.python_version(), "system": platform.platform()}


def corpus(work: Path, size: str) -> Path:
    path = work / f"corpus-{size}"
    if not (path / "data").is_dir():
        subprocess.run([sys.executable, "-m", "kg", "generate", "--reports", str(reports_for(SIZES[size])),
                        "--seed", "1", "-o", str(path)], check=True, cwd=ROOT)
    return path


def run_once(engine: str, source: Path, work: Path, repeat: int, timeout: float) -> dict | None:
    target = work / f"run-{engine}-{source.name}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source / "data", target / "data")
    for name in ("ontology", "queries"):  # the project's own, as they are now (the corpus holds copies)
        shutil.copytree(ROOT / name, target / name)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(HERE / "measure.py"), "--engine", engine, "--project", str(target),
                               "--repeat", str(repeat)], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "timeout_s": timeout}
    finally:
        shutil.rmtree(target, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"{engine} on {source}: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started
    return result


def median_run(runs: list[dict]) -> dict:
    """The run with the median total time, with the medians of every timing across runs."""
    finished = [r for r in runs if "total_s" in r]
    if not finished:
        return runs[0]
    ordered = sorted(finished, key=lambda r: r["total_s"])
    out = dict(ordered[len(ordered) // 2])
    for key in ("build_s", "store_s", "queries_s", "total_s", "cpu_s", "peak_rss_mb", "peak_child_rss_mb", "peak_tree_rss_mb", "wall_s"):
        out[key] = statistics.median(r[key] for r in finished)
    out["latency_s"] = {name: statistics.median(r["latency_s"][name] for r in finished) for name in out["latency_s"]}
    out["runs"] = len(finished)
    out["all_total_s"] = [r["total_s"] for r in finished]
    out["all_build_s"] = [r["build_s"] for r in finished]
    return out


def commit() -> str:
    """The commit measured (with "+changes" when the working tree differs from it)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "kg", "queries", "ontology"], capture_output=True, text=True,
                           cwd=ROOT).stdout.strip()
    return head + ("+changes" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--runs", type=int, default=3, help="runs per size and engine (the median is reported)")
    parser.add_argument("--reference-up-to", default="100k", help="largest size the reference pipeline runs at")
    parser.add_argument("--reference-runs", type=int, default=None, help="runs of the reference (default --runs)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each saved query for its median latency")
    parser.add_argument("--reference-repeat", type=int, default=1, help="the same for the reference (slow)")
    parser.add_argument("--engines", default="fast,reference", help="which engines to run")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--work", type=Path, default=ROOT.parent / "bench-corpora")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    limit = SIZES[args.reference_up_to]
    results = json.loads(args.out.read_text()) if args.out.is_file() else {}
    results["machine"] = machine()
    results["command"] = "python bench/run.py " + " ".join(sys.argv[1:])
    results.setdefault("sizes", {})
    for size in sizes:
        source = corpus(args.work, size)
        entry = results["sizes"].setdefault(size, {})
        entry["reports"] = reports_for(SIZES[size])
        for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
            if engine == "reference" and SIZES[size] > limit:
                continue
            runs = args.runs if engine == "fast" else (args.reference_runs or args.runs)
            measured = []
            for number in range(runs):
                print(f"{size} {engine} run {number + 1}/{runs} ...", file=sys.stderr, flush=True)
                repeat = args.repeat if engine == "fast" else args.reference_repeat
                measured.append(run_once(engine, source, args.work, repeat, args.timeout))
                print(f"    {json.dumps({k: v for k, v in measured[-1].items() if k.endswith('_s') and k != 'latency_s'})}",
                      file=sys.stderr, flush=True)
            entry[engine] = median_run(measured)
            entry[engine].update(commit=commit(), command=results["command"])
            args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"wrote {args.out}; now: python bench/report.py", file=sys.stderr)


if __name__ == "__main__":
    main()
