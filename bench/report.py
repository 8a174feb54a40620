"""Turn bench/results.json into the table (printed, for bench/README.md) and bench/chart.png."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent


def seconds(value) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} s" if value < 10 else f"{value:.0f} s"


def table(results: dict) -> str:
    lines = ["| size | reports | engine | triples (asserted + inferred) | build | + every saved query | total | "
             "query p50 (max) | peak memory | CPU | speed-up |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for size, entry in results["sizes"].items():
        fast, reference = entry.get("fast"), entry.get("reference")
        for engine, run in (("fast", fast), ("reference", reference)):
            if not run:
                continue
            if "total_s" not in run:
                lines.append(f"| {size} | {entry['reports']} | {engine} | | did not finish in {run['timeout_s']:.0f} s | | | | | | |")
                continue
            latencies = list(run["latency_s"].values())
            ratio = (f"{reference['total_s'] / fast['total_s']:.0f}×" if engine == "fast" and reference
                     and "total_s" in reference else "")
            lines.append(
                f"| {size} | {entry['reports']} | {engine} | {run['asserted']:,} + {run['inferred']:,} | "
                f"{seconds(run['build_s'])} | {seconds(run['store_s'] + run['queries_s'])} | {seconds(run['total_s'])} | "
                f"{statistics.median(latencies) * 1000:.0f} ms ({max(latencies) * 1000:.0f} ms) | "
                f"{run.get('peak_tree_rss_mb', run['peak_rss_mb']) / 1024:.2f} GB | {seconds(run['cpu_s'])} | {ratio} |")
    return "\n".join(lines)


def latency_table(results: dict) -> str:
    sizes = [s for s, e in results["sizes"].items() if e.get("fast", {}).get("latency_s")]
    names = sorted(results["sizes"][sizes[0]]["fast"]["latency_s"]) if sizes else []
    head = "| saved query | " + " | ".join(f"{s} fast" + (f" | {s} reference" if results["sizes"][s].get("reference", {}).get("latency_s") else "")
                                          for s in sizes) + " |"
    lines = [head, "|---|" + "---|" * (head.count("|") - 2)]
    for name in names:
        cells = []
        for s in sizes:
            entry = results["sizes"][s]
            cells.append(f"{entry['fast']['latency_s'][name] * 1000:.0f} ms ({entry['fast']['rows'][name]} rows)")
            if entry.get("reference", {}).get("latency_s"):
                cells.append(f"{entry['reference']['latency_s'][name] * 1000:.0f} ms")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), dpi=80)
    for engine, style in (("fast", "o-"), ("reference", "s--")):
        points = [(e[engine]["triples"], e[engine]["build_s"]) for e in results["sizes"].values()
                  if e.get(engine) and "build_s" in e[engine]]
        if points:
            left.plot(*zip(*sorted(points)), style, label=engine)
        latency = [(e[engine]["triples"], statistics.median(e[engine]["latency_s"].values()) * 1000)
                   for e in results["sizes"].values() if e.get(engine) and "latency_s" in e[engine]]
        if latency:
            right.plot(*zip(*sorted(latency)), style, label=engine)
    workload = [(results["sizes"][path.stem.split("-", 1)[1]]["fast"]["triples"],  # latency-1m.json: size 1m
                 json.loads(path.read_text())["summary"]["answer_ms"]["p50"])
                for path in sorted(HERE.glob("latency-*.json")) if path.stem.split("-", 1)[1] in results["sizes"]]
    if workload:
        right.plot(*zip(*sorted(workload)), "D", color="tab:green", label="fast, with parameters (latency.py)")
    left.axhline(60, color="grey", linewidth=0.8, linestyle=":")
    right.axhline(50, color="grey", linewidth=0.8, linestyle=":")
    for axis, title, unit in ((left, "kg build (parse, reason, validate, release)", "seconds"), (right, "saved query p50", "milliseconds")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("triples (asserted + inferred)")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.legend()
        axis.grid(True, which="major", linewidth=0.3)
    figure.tight_layout()
    figure.savefig(path)


def workload_table(latency: dict) -> str:
    """bench/latency.py's calls: each saved query with its defaults and with a parameter from the data."""
    lines = ["| saved query | parameters | rows | engine | answer (rdflib terms) |", "|---|---|---|---|---|"]
    for call in latency["calls"]:
        given = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in call["parameters"].items()) or "(defaults)"
        lines.append(f"| {call['query']} | {given} | {call['rows']:,} | {call['engine_ms']:.1f} ms | {call['answer_ms']:.1f} ms |")
    for key, label in (("engine_ms", "engine"), ("answer_ms", "answer")):
        summary = latency["summary"][key]
        lines.append(f"| **{label} over {summary['calls']} calls** | | | p50 {summary['p50']:.1f} ms, p90 {summary['p90']:.1f} ms, "
                     f"max {summary['max']:.0f} ms | |")
    return "\n".join(lines)


def main() -> None:
    results = json.loads((HERE / "results.json").read_text())
    print(table(results))
    print()
    print(latency_table(results))
    for path in sorted(HERE.glob("latency-*.json")):
        print(f"\n{path.name}:\n")
        print(workload_table(json.loads(path.read_text())))
    chart(results, HERE / "chart.png")
    print(f"\nwrote {HERE / 'chart.png'}")


if __name__ == "__main__":
    main()
