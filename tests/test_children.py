"""The build's and the server's child processes (kg.core.children)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

STOPPED_AT_ONCE = """
import os, signal, time
from kg.core.children import fork, terminated_as_interrupted
with terminated_as_interrupted():  # as every kg command runs
    for _ in range(50):
        pid = fork()
        if pid == 0:
            try:
                time.sleep(5)
            finally:
                os._exit(3)
        os.kill(pid, signal.SIGTERM)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM, status
print("stopped at once")
"""


def test_a_child_stopped_just_after_its_fork_ends_and_never_runs_its_parents_code():
    """Regression: a child inherited the command's SIGTERM handler (KeyboardInterrupt), so a child stopped
    by its parent just after the fork (a sibling job had failed) raised KeyboardInterrupt before its own
    `try`, and went on as a copy of its parent: in the test run, a second pytest worker waiting for tests
    while the build waited for it, forever (a fresh-clone CI run hung so). Every fork now leaves SIGTERM
    to end the child at once and Ctrl-C to the parent."""
    done = subprocess.run([sys.executable, "-c", STOPPED_AT_ONCE], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and done.stdout.strip() == "stopped at once", done.stdout + done.stderr


THREAD_AFTER_INTERRUPTION = """
import os, signal, sys, threading, time
from kg.core.children import terminated_as_interrupted

signal.signal(signal.SIGINT, signal.default_int_handler)  # (as from a terminal: a script's background job has it ignored)

def fail():
    raise RuntimeError("release unlocked lock")

shown = threading.Thread(target=fail)  # before any interruption: shown, as Python shows it
shown.start()
shown.join()
try:
    with terminated_as_interrupted():
        os.kill(os.getpid(), signal.SIG{name})
        time.sleep(30)
except KeyboardInterrupt:
    sys.stderr.write("INTERRUPTED\\n")
threading.Thread(target=fail).start()  # torn down by the interruption: not shown
"""


@pytest.mark.parametrize("name", ["TERM", "INT"])
def test_after_an_interruption_a_threads_failure_shows_no_traceback(name):
    """Regression (a loaded test run): SIGTERM to kg publish landed inside a lock's wait, and its pool's result
    thread printed "Exception in thread ... RuntimeError: release unlocked lock" after "kg: interrupted"."""
    done = subprocess.run([sys.executable, "-c", THREAD_AFTER_INTERRUPTION.replace("{name}", name)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    before, interrupted, after = done.stderr.partition("INTERRUPTED\n")
    assert interrupted and "release unlocked lock" in before and after == "", done.stderr
