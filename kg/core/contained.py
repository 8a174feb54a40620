"""A command run in a child process, so that the query engine's crash is said in a line, not a core dump.

pyoxigraph is built to abort the process when Oxigraph panics (Rust's `panic = "abort"`): no Python code
runs after it, no `except` sees it. Oxigraph 0.5.13 panics on some ORDER BY over terms of several kinds
("user-provided comparison function does not correctly implement a total order": `SELECT ?o WHERE { ?s ?p
?o } ORDER BY DESC(?o)` on the seed data's store), and `kg sparql` died with Rust's backtrace and status
134. The commands that run a reader's own query (kg.SUPERVISED) are run by a child of the `kg` process; the
parent only waits for it, passes on the signals sent to it alone (a terminal's Ctrl-C reaches both), and
says what happened when the child dies of a fault. The child writes to the same standard output and error:
nothing is relayed, so nothing is reordered. `kg serve` runs queries in worker processes of its own.
"""

from __future__ import annotations

import os
import signal
import sys

from kg.core.children import die_with

FAULTS = {signal.SIGABRT: "aborted", signal.SIGSEGV: "a segmentation fault", signal.SIGBUS: "a bus error",
          signal.SIGILL: "an illegal instruction", signal.SIGFPE: "an arithmetic fault"}
PASSED_ON = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
SENT_BY_A_PROCESS = {getattr(os, "SI_USER", 0), getattr(os, "SI_QUEUE", -1)}  # kill(), sigqueue(): not a terminal's


def in_a_child() -> int | None:
    """Fork: None in the child, which goes on to run the command; in the parent, the child's exit status once
    it has ended (a fault: a line on standard error and 70). Where signals cannot be waited for, None at once
    (the command runs in this process, as before)."""
    if not hasattr(signal, "sigwaitinfo") or not hasattr(os, "fork"):
        return None
    waited = {signal.SIGCHLD, *PASSED_ON}
    signal.pthread_sigmask(signal.SIG_BLOCK, waited)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        die_with(parent, signal.SIGTERM)  # (a parent killed outright, SIGKILL, leaves no query running on)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, waited)
        os.environ["RUST_BACKTRACE"] = "0"  # (a panic's two lines, not its frames: the parent says what it was)
        return None
    while True:
        taken = signal.sigwaitinfo(waited)
        if taken.si_signo != signal.SIGCHLD:
            if taken.si_code in SENT_BY_A_PROCESS:  # (a terminal's signal went to the child too)
                _send(pid, taken.si_signo)
            continue
        ended, status = os.waitpid(pid, os.WNOHANG)
        if ended == pid:
            return _status(status)


def _send(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _status(status: int) -> int:
    """The child's exit status as this process's: its code; for a fault, a line saying so and 70; for a signal
    that ended it otherwise (SIGKILL, SIGPIPE), the same signal, so that the shell sees what it would have."""
    from kg.core.errors import INTERNAL_ERROR_EXIT, REPORT_BUGS

    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    signum = os.WTERMSIG(status)
    if signum in FAULTS:
        try:
            sys.stderr.write(f"kg: the query engine (Oxigraph) stopped on this query ({FAULTS[signum]}): a fault of "
                             f"the engine's, not of the query (Oxigraph 0.5 stops so on some ORDER BY over values of "
                             f"several kinds); `--engine reference` may answer it; {REPORT_BUGS}\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        return INTERNAL_ERROR_EXIT
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    return 128 + signum
