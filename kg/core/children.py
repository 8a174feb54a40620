"""Child processes of a build: plain os.fork()s, which share the parent's memory (the parsed triples)
without copying it, taken only where that is safe.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager


def may_fork() -> bool:
    """A fork is safe when this process runs no other Python thread (a child can inherit a lock another
    thread holds) and wanted unless $KG_FAST_BACKGROUND is 0 (then every job runs in this process)."""
    return (hasattr(os, "fork") and os.environ.get("KG_FAST_BACKGROUND", "1") != "0"
            and threading.active_count() == 1)


def fork() -> int:
    """os.fork(), with SIGTERM and SIGINT held back until the child has left them to its parent: SIGTERM
    ends it at once (its default), Ctrl-C is ignored (the parent, which gets it too, stops its children).
    A child inherits the parent's handlers, and a signal between the fork and the child's `try` raised
    KeyboardInterrupt there: the child went on as a copy of its parent (a build stopped by a failing
    sibling job went on running the test session that had started it, which then waited for it forever)."""
    held = {signal.SIGTERM, signal.SIGINT}
    if not hasattr(signal, "pthread_sigmask"):
        return os.fork()
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
    return pid


def die_with(parent: int, signum: int = signal.SIGKILL) -> None:
    """In a child: be killed (`signum`) when the parent process ends (Linux's PR_SET_PDEATHSIG), so that a
    killed build's children do not go on working; elsewhere the next build removes what they wrote. (`fork`
    has already left SIGTERM at its default: `stop` ends a child at once, even inside Oxigraph's code.)"""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signum)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent ended before the call
        os._exit(1)


def stop(pid: int) -> None:
    """End a child and reap it (it may have ended already)."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    reap(pid)


def reap(pid: int | None) -> None:
    """Wait for a child to end (None: no child)."""
    if pid is not None:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


@contextmanager
def terminated_as_interrupted():
    """Within: SIGTERM raises KeyboardInterrupt, as Ctrl-C does, so that what is being written is removed on
    the way out and the command says it was interrupted (SIGTERM's default ended `kg publish` at once, its
    staging folder left behind). In the main thread only (where Python runs signal handlers). Once SIGTERM or
    Ctrl-C has come, what a thread the interruption tears down raises is not shown: the interruption can land
    inside a lock's wait, and a pool's result thread then printed its traceback ("release unlocked lock")
    after `kg: interrupted`; the command's one line says what happened."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupted(signum, frame):
        threading.excepthook = _unshown
        raise KeyboardInterrupt

    handled = [signal.SIGTERM] + [signal.SIGINT] * (signal.getsignal(signal.SIGINT) is signal.default_int_handler)
    previous = {signum: signal.signal(signum, interrupted) for signum in handled}  # (a Ctrl-C ignored stays ignored)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _unshown(arguments) -> None:
    """threading.excepthook once the command is interrupted: nothing shown."""


def quiet_worker(parent: int) -> None:
    """In a forked pool worker: leave Ctrl-C to the parent (which ends the pool), end silently on its SIGTERM,
    and die with it; a worker interrupted mid-task printed a traceback (KeyboardInterrupt, BrokenPipeError)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with(parent)
