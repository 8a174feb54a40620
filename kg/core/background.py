"""Work in a thread of its own while this one goes on: Oxigraph lets go of Python's lock while it loads and
evaluates, so a thread of Python beside it (or of Oxigraph beside Python) uses a core that would otherwise
wait (kg build: the graphs' blank node labels while validation runs; validation: its SPARQL rules while
the SHACL Core components run in Python), and a command hears Ctrl-C while Oxigraph works (interruptibly)."""

from __future__ import annotations

import threading


class Background:
    """`work(*args)` in a thread, begun now; result() waits for it and gives what it returned, or raises what
    it raised. A daemon thread: a command that stops (invalid data, Ctrl-C) does not wait for it."""

    def __init__(self, work, *args):
        self._outcome: tuple = ()
        self._thread = threading.Thread(target=self._run, args=(work, *args), daemon=True)
        self._thread.start()

    def _run(self, work, *args) -> None:
        try:
            self._outcome = (True, work(*args))
        except BaseException as error:  # (raised again in the thread that waits)
            self._outcome = (False, error)

    def result(self):
        while self._thread.is_alive():  # (a wait that wakes: a signal that one of Oxigraph's or RocksDB's threads
            self._thread.join(0.1)      # took woke no join(), and Python heard it only once the work was done)
        done, value = self._outcome
        if not done:
            raise value
        return value


def interruptibly(work):
    """work() in a thread of its own while this one waits for it, so that Ctrl-C and SIGTERM are heard at
    once: Python handles a signal only in its main thread, between two of its own instructions, and one call
    into Oxigraph's Rust (an aggregate over a join, a store's compaction, a count over a million triples)
    ran on unheard for seconds to minutes; the wait in this thread is interrupted at once. The work's thread
    is a daemon, ended with the command. What work raises is raised here."""
    return Background(work).result()
