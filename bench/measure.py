"""One measured command: wall time, CPU time and peak memory of its whole process tree.

    from measure import measured
    measured(["kg", "build"], cwd=...)  # {"wall_s", "cpu_s", "peak_mb", "returncode", "stderr"}

Peak memory is the largest sum of the proportional set sizes (PSS) of the command's process tree, read
from /proc every half second by a sampler process of its own (a page shared by a fork and its parent
counts half in each); CPU is user + system time of the tree (its children, waited for).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE_EVERY_S = 0.5  # reading PSS walks page tables: more often costs the measured run CPU


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_mb(root: int) -> float:
    """Memory of a process and all its descendants (sum of PSS), in MB."""
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


def sample(pid: int, out: Path) -> None:
    """The sampler: the peak so far, written to `out` until process `pid` is gone."""
    peak = 0.0
    while Path(f"/proc/{pid}").exists():
        peak = max(peak, tree_pss_mb(pid))
        out.write_text(f"{peak:.1f}")
        time.sleep(SAMPLE_EVERY_S)


def measured(command: list, cwd: Path | None = None, timeout: float = 3600, env: dict | None = None) -> dict:
    """Run `command`, measuring it (its output is kept, not shown)."""
    peak_file = Path(tempfile.mkstemp(prefix="peak-", suffix=".txt")[1])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = subprocess.Popen([sys.executable, __file__, str(process.pid), str(peak_file)])
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        stderr += f"\n(stopped after {timeout} s)"
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # before the sampler is reaped: not its CPU
    sampler.wait()
    try:
        peak = float(peak_file.read_text() or 0)
    except (OSError, ValueError):
        peak = 0.0
    peak_file.unlink(missing_ok=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "peak_mb": peak, "returncode": process.returncode,
            "stdout": stdout, "stderr": stderr}


if __name__ == "__main__":
    sample(int(sys.argv[1]), Path(sys.argv[2]))
    os._exit(0)


def side_by_side(old: str, new: str, rounds: int, run) -> dict:
    """{checkout: [run(checkout), one a round]} for two checkouts, run alternately ROUNDS times, so that a noisy
    neighbour hits both alike (bench/build_checkouts.py, bench/extract_long.py)."""
    runs: dict = {old: [], new: []}
    for _ in range(rounds):
        for checkout in (old, new):
            runs[checkout].append(run(checkout))
    return runs
