"""The build benchmark, run on demand (not in CI): `kg build` against the floor, Oxigraph's bulk load of
the same Turtle, measured side by side in the same run, interleaved, on generated archives.

    python bench/run.py --sizes 100k,1m --runs 3     # ~25 min on 2 cores
    python bench/run.py --sizes 100k,1m --runs 3 --reference   # and the reference, once, at 100k (~5 min)

Each round runs, in turn (the order rotates from round to round, so that a noisy neighbour does not
always hit the same contender):

- floor, pyoxigraph: a fresh Python process bulk-loads every data file into an in-memory Store
  (`Store().bulk_load(path=...)`);
- floor, CLI: `oxigraph load --location <new dir> --file <the data files concatenated>` (one file: the CLI
  given the 3,700 files loads them in parallel into RocksDB, which takes minutes, measured);
- build: `kg build` on a fresh copy of the data (the project's own ontology, shapes and checks), no cache;
- nothing changed: in that copy, `kg build` again at once (it checks the release against its inputs and
  manifest, and builds nothing: "up to date");
- rebuild: in that copy, one report changed (its description edited), `kg build` again, with the cache the build
  left; its files are compared, once per size, with those of a full build of the changed data;
- release floor: in that copy, a fresh Python process writes the bytes of the release the rebuild made
  to new files and takes their SHA-256, as the manifest needs (RELEASE_FLOOR). Any rebuild that leaves
  a byte-identical release, however little it works out again, writes those files and hashes them: what
  this takes is the least a rebuild can take, before parsing one file;
- reference (with --reference): `kg build --engine reference` on a fresh copy.

Medians of the rounds go to bench/build.json, and the table for bench/README.md is printed. The corpora
are generated with `kg generate --seed 1` in ../bench-corpora/ (not committed).
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
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from measure import measured  # noqa: E402

SIZES = {"10k": 40, "100k": 373, "1m": 3731}  # reports, at about 290 asserted triples a report
FLOOR = ("import sys, pyoxigraph as ox\nstore = ox.Store()\nfor path in sys.argv[1:]:\n"
         "    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)\nprint(len(store))\n")
RELEASE_FLOOR = ("import hashlib, pathlib, sys, tempfile\nrelease = pathlib.Path(sys.argv[1]).resolve()\n"
                 "with tempfile.TemporaryDirectory(dir=release.parent.parent) as new:\n"
                 "    for path in sorted(release.iterdir()):\n"
                 "        data = path.read_bytes()\n"
                 "        (pathlib.Path(new) / path.name).write_bytes(data)\n"
                 "        print(path.name, len(data), hashlib.sha256(data).hexdigest())\n")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    import pyoxigraph

    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": round(int(memory) / 1024 / 1024, 1),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__, "system": platform.platform()}


def commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "kg", "ontology", "queries"], capture_output=True, text=True,
                           cwd=ROOT).stdout.strip()
    return head + ("+changes" if dirty else "")


def corpus(work: Path, size: str) -> Path:
    path = work / f"corpus-{size}"
    if not (path / "data").is_dir():
        subprocess.run([sys.executable, "-m", "kg", "generate", "--reports", str(SIZES[size]), "--seed", "1",
                        "-o", str(path)], check=True, cwd=ROOT)
    return path


def project_copy(source: Path, target: Path) -> Path:
    """The corpus's data with the project's own ontology, shapes and queries (the corpus holds copies)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source / "data", target / "data")
    for name in ("ontology", "queries"):
        shutil.copytree(ROOT / name, target / name)
    return target


def change_one_report(project: Path) -> None:
    path = sorted((project / "data").glob("report-*.ttl"))[len(list((project / "data").glob("report-*.ttl"))) // 2]
    text = path.read_text(encoding="utf-8")
    # its description, the report's label after the colon: not its name ("Report 1865 (synthetic)"), which its
    # figures' labels repeat ("... (report 1865, synthetic)"), so that a changed name fails kg build (label-stated)
    described = text.index(": ", text.index('rdfs:label "Report ')) + len(": ")
    path.write_text(text[:described] + "Updated: " + text[described:], encoding="utf-8")


def oxigraph_cli() -> str:
    """The `oxigraph` command of the `oxigraph` package (the test extra), beside this Python or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else (shutil.which("oxigraph") or "oxigraph")


def kg(*args: str) -> list:
    return [sys.executable, "-m", "kg", *args]


def checked(result: dict, what: str) -> dict:
    if result["returncode"] != 0:
        raise SystemExit(f"{what} failed:\n{result['stderr'][-3000:]}")
    return {key: value for key, value in result.items() if key not in ("stdout", "stderr", "returncode")}


def released(project: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted((project / "dist").iterdir()) if p.is_file()}


def round_of(source: Path, work: Path, order: list, with_reference: bool, compare: bool) -> dict:
    """One measurement of each contender, in `order`."""
    data_files = sorted(str(p) for p in (source / "data").glob("*.ttl"))
    concatenated = work / f"{source.name}-all.ttl"
    if not concatenated.is_file():
        with open(concatenated, "wb") as out:
            for path in data_files:
                out.write(Path(path).read_bytes() + b"\n")
    found = {}
    for contender in order:
        if contender == "floor-pyoxigraph":
            found[contender] = checked(measured([sys.executable, "-c", FLOOR, *data_files]), contender)
        elif contender == "floor-cli":
            location = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=work))
            try:
                found[contender] = checked(measured([oxigraph_cli(), "load", "--location",
                                                     str(location), "--file", str(concatenated)]), contender)
            finally:
                shutil.rmtree(location, ignore_errors=True)
        elif contender == "build":
            target = project_copy(source, work / f"run-{source.name}")
            found["build"] = checked(measured(kg("--project", str(target), "build", "-q")), "kg build")
            found["nothing-changed"] = checked(measured(kg("--project", str(target), "build", "-q")),
                                               "kg build (nothing changed)")
            change_one_report(target)
            found["rebuild"] = checked(measured(kg("--project", str(target), "build", "-q")), "kg build (rebuild)")
            found["release-floor"] = checked(measured([sys.executable, "-c", RELEASE_FLOOR,
                                                       str(target / "dist" / "current")]), "release floor")
            if compare:
                fresh = project_copy(target, work / f"fresh-{source.name}")
                checked(measured(kg("--project", str(fresh), "build", "-q", "--no-cache")), "kg build (full, changed data)")
                found["rebuild"]["same_files_as_a_full_build"] = released(target) == released(fresh)
                shutil.rmtree(fresh, ignore_errors=True)
            shutil.rmtree(target, ignore_errors=True)
        elif contender == "reference" and with_reference:
            target = project_copy(source, work / f"reference-{source.name}")
            found[contender] = checked(measured(kg("--project", str(target), "build", "-q", "--engine", "reference"),
                                                timeout=7200), "kg build --engine reference")
            shutil.rmtree(target, ignore_errors=True)
    return found


def medians(rounds: list) -> dict:
    out = {}
    for contender in rounds[0]:
        runs = [r[contender] for r in rounds if contender in r]
        out[contender] = {key: statistics.median(run[key] for run in runs) for key in ("wall_s", "cpu_s", "peak_mb")}
        out[contender]["runs"] = [round(run["wall_s"], 2) for run in runs]
        if "same_files_as_a_full_build" in runs[0]:
            out[contender]["same_files_as_a_full_build"] = runs[0]["same_files_as_a_full_build"]
    return out


def table(results: dict) -> str:
    lines = ["| size | triples asserted | contender | wall (median) | runs | CPU | peak memory | × floor (pyoxigraph) | × floor (CLI) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for size, entry in results["sizes"].items():
        floors = (entry["floor-pyoxigraph"]["wall_s"], entry["floor-cli"]["wall_s"])
        for contender, found in entry.items():
            if not isinstance(found, dict) or "wall_s" not in found:
                continue
            ratios = "" if "floor" in contender else f"{found['wall_s'] / floors[0]:.1f}× | {found['wall_s'] / floors[1]:.1f}×"
            lines.append(f"| {size} | {entry['triples']:,} | {contender} | {found['wall_s']:.1f} s | "
                         f"{', '.join(f'{w:.1f}' for w in found['runs'])} | {found['cpu_s']:.1f} s | "
                         f"{found['peak_mb'] / 1024:.2f} GB | {ratios or ' | '} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--runs", type=int, default=3, help="rounds per size (medians are reported)")
    parser.add_argument("--reference", action="store_true",
                        help="also the reference pipeline, once per size up to 100k (at 1m it takes hours)")
    parser.add_argument("--work", type=Path, default=ROOT.parent / "bench-corpora")
    parser.add_argument("--out", type=Path, default=HERE / "build.json")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "commit": commit(), "command": "python bench/run.py " + " ".join(sys.argv[1:]),
               "sizes": {}}
    contenders = ["floor-pyoxigraph", "floor-cli", "build"] + (["reference"] if args.reference else [])
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        source = corpus(args.work, size)
        rounds = []
        for number in range(args.runs):
            order = contenders[number % len(contenders):] + contenders[:number % len(contenders)]
            print(f"{size}: round {number + 1}/{args.runs} ({', '.join(order)})", file=sys.stderr, flush=True)
            with_reference = args.reference and number == 0 and SIZES[size] <= SIZES["100k"]
            rounds.append(round_of(source, args.work, order, with_reference, compare=number == 0))
            print("    " + json.dumps({c: round(r["wall_s"], 2) for c, r in rounds[-1].items()}), file=sys.stderr, flush=True)
        entry = medians(rounds)
        entry["reports"] = len(list((source / "data").glob("report-*.ttl")))
        entry["triples"] = _asserted(source)
        results["sizes"][size] = entry
        args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(table(results))
    print(f"\nwrote {args.out}", file=sys.stderr)


def _asserted(source: Path) -> int:
    import pyoxigraph as ox

    return sum(sum(1 for _ in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)) for p in (source / "data").glob("*.ttl"))


if __name__ == "__main__":
    main()
