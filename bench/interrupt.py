"""How soon a kg command hears Ctrl-C, by two checkouts side by side: each runs the command on one project
alternately, ROUNDS times, in a fresh process, and is sent SIGINT AT seconds after it starts; prints, for each
run, when "kg: interrupted" came and when the process ended (bench/README.md, "Ctrl-C at a million triples").

    python bench/interrupt.py PROJECT OLD_CHECKOUT NEW_CHECKOUT AT[,AT...] ROUNDS [--remove PATH] -- KG_ARGS...

e.g. `python bench/interrupt.py ../bench-corpora/corpus-1m /tmp/old-kg . 6,10,14 1 -- validate`. A command that
writes somewhere (kg publish -o DIR) is given a fresh DIR each run: write `{out}` for it. `--remove PATH` (in the
project) is removed before each run: `--remove dist/oxigraph -- sparql 'ASK { ?s ?p ?o }'` makes the store each time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from measure import side_by_side


def interrupted(checkout: str, project: Path, args: list, at: float, removed: str | None = None) -> tuple:
    """(seconds from SIGINT to "kg: interrupted" or None, seconds to the end, exit code) of one run."""
    if removed is not None:
        shutil.rmtree(project / removed, ignore_errors=True)
    out = tempfile.mkdtemp(prefix="kg-interrupt-")
    env = dict(os.environ, PYTHONPATH=str(Path(checkout).resolve()))
    command = [sys.executable, "-m", "kg", *(a.replace("{out}", f"{out}/site") for a in args)]
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    said: list = []
    reader = threading.Thread(target=lambda: said.extend(
        time.monotonic() for line in process.stderr if b"kg: interrupted" in line))
    reader.start()
    time.sleep(at)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.wait()
    ended = time.monotonic()
    reader.join()
    shutil.rmtree(out, ignore_errors=True)
    return (said[0] - sent if said else None), ended - sent, process.returncode


def main(project: str, old: str, new: str, moments: str, rounds: str, *args: str, removed: str | None = None) -> None:
    for at in (float(m) for m in moments.split(",")):
        runs = side_by_side(old, new, int(rounds),
                            lambda checkout: interrupted(checkout, Path(project), list(args), at, removed))
        for checkout, done in runs.items():
            shown = ", ".join(f"message {'-' if said is None else f'{said:.2f}'} s, end {end:.2f} s (exit {code})"
                              for said, end, code in done)
            print(f"SIGINT at {at:g} s, {checkout}: {shown}", flush=True)


if __name__ == "__main__":
    given = sys.argv[1:sys.argv.index("--")] if "--" in sys.argv else []
    if len(given) not in (5, 7) or given[5:6] not in ([], ["--remove"]):
        sys.exit(__doc__)
    main(*given[:5], *sys.argv[sys.argv.index("--") + 1:], removed=given[6] if len(given) == 7 else None)
