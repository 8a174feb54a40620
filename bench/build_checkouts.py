"""`kg build --no-cache` of one project by checkouts side by side: each builds it alternately, ROUNDS times, in a
fresh process; prints each run's wall time, CPU and peak memory (measure.measured: the process tree's PSS), the
medians and their ratio (bench/README.md, "At c26871c"). For a change to the build, against the commit before it.

    python bench/build_checkouts.py PROJECT OLD_CHECKOUT NEW_CHECKOUT [ROUNDS]
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from measure import measured, side_by_side


def build(checkout: str, project: Path) -> dict:
    """One build by `checkout`'s kg, run from the project's folder (`python -m` puts the working directory first
    on the path, and a checkout there would shadow PYTHONPATH's)."""
    env = dict(os.environ, PYTHONPATH=str(Path(checkout).resolve()))
    run = measured([sys.executable, "-m", "kg", "build", "--no-cache", "-q"], cwd=project, env=env)
    if run["returncode"] != 0:
        sys.exit(f"{checkout}: kg build failed:\n{run['stderr'][-2000:]}")
    return run


def main(project: str, old: str, new: str, rounds: str = "2") -> None:
    def one(checkout: str) -> dict:
        run = build(checkout, Path(project).resolve())
        print(f"{checkout}: {run['wall_s']:.1f} s, {run['cpu_s']:.1f} s of CPU, peak {run['peak_mb']:.0f} MB", flush=True)
        return run

    runs = side_by_side(old, new, int(rounds), one)
    wall = {checkout: statistics.median(run["wall_s"] for run in done) for checkout, done in runs.items()}
    for checkout, done in runs.items():
        print(f"{checkout}: median {wall[checkout]:.1f} s, peak {max(run['peak_mb'] for run in done):.0f} MB")
    print(f"new/old: {wall[new] / wall[old]:.3f}")


if __name__ == "__main__":
    if not 3 <= len(sys.argv) - 1 <= 4 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    main(*sys.argv[1:])
