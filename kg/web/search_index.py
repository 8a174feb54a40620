"""kg serve's search index (kg.web.search), made in the background once a page or the search is first
asked for: at a million triples it takes a minute or two, which the pages and queries, which do not need
it, waited for when it was made before the server listened."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from kg.core.errors import KGError, describe_exception
from kg.query.store import link_or_copy, unwritable
from kg.core.serialize import make_folders, write_atomically
from kg.web.search import FOLDER, NAMES, index_records
from kg.web import wire

SECONDS_PER_TRIPLE = 1 / 40_000  # what making the index takes, measured: 93 s at 3.6 M triples (kg serve's
# first start on the 1 M-triple benchmark: the worker's records 22 s, Pagefind over them 61 s, on 2 cores)
INDEXING_NICE = 10  # the CPU priority of the processes that make it: the pages and queries go first


class ServedIndex:
    """kg serve's search index, served from `served` (a folder of the server's snapshot, at /pagefind/).

    Made in the background once it is first wanted (`want`: a page, the search page or its status, which
    the search box asks), at a million triples in a minute and a half (a worker of its own writes the
    records, Pagefind indexes them), so that the pages and queries answer at once; until then `status`
    says so, and the search box shows it. A server that only answers queries (an endpoint for programs)
    never makes it: at a million triples that took a core for a minute and a half, and 340 MB, from the
    queries of the first clients. The index is kept in `kept` (dist/search/, or beside this user's store
    of the release where dist/ cannot be written: kg.query.store.kept_store), with the release it is of,
    for the next server of the same release, which links it at once; where `kept` cannot be written
    either, it is made in the snapshot, for this server alone."""

    def __init__(self, kept: Path, served: Path, release: str, triples: int, zygote, progress=lambda message: None):
        self.kept, self.served, self.release, self.zygote, self.progress = kept, served, release, zygote, progress
        self.started = time.monotonic()
        self.current = self._current()
        self.estimate = 5 if self.current else 3 + triples * SECONDS_PER_TRIPLE
        self.failure = ""
        self.ready = threading.Event()
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.pagefind = None  # its process while it runs
        self.worker = None  # the worker that writes its records, while it does
        self.stopped = threading.Lock()  # (its worker is started and stopped under it: by this thread or `close`)
        if self.current:
            self.wanted.set()  # (linked at once)
        else:
            progress(f"the search index is made when first wanted (a page or the search), in the background: "
                     f"about {round(self.estimate)} s")
        self.thread = threading.Thread(target=self._make, name="search index", daemon=True)
        self.thread.start()

    def want(self) -> None:
        """Make it now, if it is not being made (a page, the search page or its status was asked for)."""
        if not self.wanted.is_set():
            self.started = time.monotonic()
            self.wanted.set()

    def status(self) -> dict:
        """What the search box shows: ready, or why not and for about how long."""
        if self.ready.is_set():
            return {"ready": True, "message": ""}
        if self.failure:
            return {"ready": False, "message": f"{self.failure[0].upper()}{self.failure[1:]}; the pages and queries work."}
        left = max(5, round(self.estimate - (time.monotonic() - self.started)))
        return {"ready": False, "seconds": left, "message": f"The search index is being made (about {left} "
                                                            f"seconds); the pages and queries work now."}

    def close(self) -> None:
        """Stop making it (its worker and Pagefind), and wait for the thread."""
        self.stopping.set()
        self.wanted.set()  # (a thread still waiting to be wanted leaves)
        self._stop_worker()
        if self.pagefind is not None and self.pagefind.poll() is None:
            self.pagefind.kill()
        self.thread.join(timeout=30)

    def _current(self) -> bool:
        try:
            return ((self.kept / "release.json").read_text(encoding="utf-8") == self.release
                    and (self.kept / FOLDER / "pagefind.js").is_file()
                    and (self.kept / FOLDER / NAMES).is_file())  # (an index kept before the search box read it: made again)
        except OSError:
            return False

    def _make(self) -> None:
        self.wanted.wait()
        if self.stopping.is_set():
            return
        try:
            records = None if self.current else self._index()
            if not self.served.is_dir():  # (made there already when it could not be kept)
                linking = self.served.with_name(f".{self.served.name}-linking")
                shutil.copytree(self.kept / FOLDER, linking, copy_function=link_or_copy)
                linking.rename(self.served)
        except Exception as error:  # noqa: BLE001 (said, and the server goes on without search)
            if not self.stopping.is_set():
                self.failure = (str(error) if isinstance(error, KGError)
                                else f"the search index could not be made: {describe_exception(error)}")
                self.progress(f"{self.failure}; the pages and queries work")
            return
        finally:
            self._stop_worker()
        self.ready.set()
        if records is not None:
            self.progress(f"the search index is ready: {records} records in {time.monotonic() - self.started:.1f} s")

    def _started_worker(self) -> wire.Handle:
        """The worker that writes the records, forked by the zygote at a lower CPU priority."""
        with self.stopped:
            if self.stopping.is_set():
                raise KGError("the server is stopping")
            self.worker = wire.Handle(*self.zygote.spawn())
        os.setpriority(os.PRIO_PROCESS, self.worker.pid, INDEXING_NICE)
        self.progress(f"making the search index in the background (about {round(self.estimate)} s); "
                      f"the search box says so until it is ready")
        return self.worker

    def _index(self) -> int:
        """Make the index (in `kept` if it can be written there, else in `served`); the number of records."""
        worker, target = self._started_worker(), self.served
        try:
            make_folders(self.kept)
            records = Path(tempfile.mkdtemp(prefix=".records-", dir=self.kept))
            target = self.kept / FOLDER
        except OSError as error:
            if not unwritable(error):
                raise
            self.progress(f"{self.kept} cannot be written ({error.strerror}): the search index is made "
                          f"for this server alone")
        if target == self.served:
            records = Path(tempfile.mkdtemp(prefix=".records-", dir=self.served.parent))
        try:
            said = wire.receive(worker, 120)
            if said != "ready":
                raise KGError(f"the search index could not be made: its worker did not start "
                              f"({said or 'no answer within 120 s'})")
            wire.send(worker, {"op": "search_records", "args": {"folder": str(records)}})
            reply = wire.receive(worker, 1800)
            if reply is None or reply.status != 200:
                why = reply.body.decode("utf-8", "replace").strip() if reply else "no records within 1800 s"
                raise KGError(f"the search index could not be made: {why}")
            self._stop_worker()  # (what it grew, 310 MB at a million triples, is given back now)
            index_records(records, target, started=self._pagefind_started)
        finally:
            shutil.rmtree(records, ignore_errors=True)
        if target != self.served:
            write_atomically(self.kept / "release.json", self.release.encode("utf-8"))
        return int(reply.body.split()[0])

    def _pagefind_started(self, process) -> None:
        self.pagefind = process
        try:
            os.setpriority(os.PRIO_PROCESS, process.pid, INDEXING_NICE)
        except OSError:
            pass  # (ended already)
        if self.stopping.is_set():
            process.kill()

    def _stop_worker(self) -> None:
        with self.stopped:
            worker, self.worker = self.worker, None
        if worker is not None:
            worker.connection.close()
            try:
                os.kill(worker.pid, signal.SIGKILL)  # (the zygote, its parent, reaps it)
            except ProcessLookupError:
                pass
