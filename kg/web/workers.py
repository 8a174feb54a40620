"""Run untrusted SPARQL in worker processes that can be stopped.

rdflib has no query timeout, and a query (a REGEX that backtracks, a cross product) can run for
minutes. So each query runs in one of a few worker processes that hold the graph; the caller waits
up to the deadline, and a worker past it is killed and replaced. Rows are capped inside the worker
while the results are read, and each worker has an address-space limit, so a query can neither
flood the server with rows nor take its memory.

Workers are started with the "forkserver" method (a clean, single-threaded parent, safe beside the
server's threads) and receive the graph pickled once, so replacing one takes about half a second.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import threading
import time
from dataclasses import dataclass
from itertools import islice

from rdflib import Graph
from rdflib.query import Result

from kg.errors import KGError
from kg.query.output import render

# Result formats a worker can write: name -> media type.
SELECT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_TYPES = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
               "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml"}
RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "rdfxml": "xml"}


@dataclass
class Reply:
    status: int
    body: bytes
    media_type: str = "text/plain; charset=utf-8"
    rows: list | None = None  # for HTML tables: (variables, rows of terms), when asked for
    kind: str = ""  # SELECT, ASK, CONSTRUCT, DESCRIBE

    @classmethod
    def error(cls, status: int, message: str) -> "Reply":
        return cls(status, (message.rstrip() + "\n").encode("utf-8"))


def _classify(error: KGError) -> int:
    """403 for what is refused (updates, SERVICE, LOAD, FROM), 400 for a query that is not valid."""
    from kg.query.saved import RefusedQuery

    return 403 if isinstance(error, RefusedQuery) else 400


def execute(graph: Graph, request: dict) -> Reply:
    """Run one query request in this process: refuse what reaches out or writes, run, cap, render.

    request: text, bindings (initBindings), formats (acceptable result formats, best first: names of
    SELECT_TYPES / GRAPH_TYPES, or 'rows' for the raw rows), max_rows.
    """
    from kg.query.saved import run_query

    cap = request.get("max_rows", 10000)
    try:
        try:
            if request.get("saved"):
                result = graph.query(prepared(request["text"]), initBindings=request.get("bindings") or {})
            else:
                result = run_query(graph, request["text"], request.get("bindings") or {})
        except KGError as error:
            return Reply.error(_classify(error), str(error))
        if result.type in ("SELECT", "ASK"):
            return _tabular(result, request.get("formats", ["json"]), cap)
        return _graph(result, request.get("formats", ["turtle"]), cap)
    except MemoryError:
        return Reply.error(503, "the query needed more memory than a query may use; it was stopped")
    except Exception as error:  # evaluation errors in rdflib (types, functions) are the query's
        message = " ".join(str(error).split())[:300] or type(error).__name__
        return Reply.error(400, f"the query failed: {message}")


_PREPARED: dict = {}


def prepared(text: str):
    """A saved query (trusted text from queries/), checked and parsed once per process: parsing costs
    more than running most of them."""
    if text not in _PREPARED:
        from rdflib.plugins.sparql import prepareQuery

        from kg.namespaces import PREFIXES
        from kg.query.saved import refuse_remote

        refuse_remote(text)
        _PREPARED[text] = prepareQuery(text, initNs=dict(PREFIXES))
    return _PREPARED[text]


def _tabular(result, formats: list, cap: int) -> Reply:
    wanted = next((f for f in formats if f in SELECT_TYPES or f == "rows"), None)
    if wanted is None:
        return Reply.error(406, f"a {result.type} result comes as SPARQL JSON, XML, CSV or TSV")
    if result.type == "ASK":
        if wanted == "rows":
            return Reply(200, b"", rows=(["boolean"], [[bool(result.askAnswer)]]), kind="ASK")
        if wanted in ("csv", "tsv"):
            return Reply(200, b"true\n" if result.askAnswer else b"false\n", SELECT_TYPES[wanted], kind="ASK")
        body = render(result, "json") if wanted == "json" else result.serialize(format="xml").decode("utf-8")
        return Reply(200, body.encode("utf-8"), SELECT_TYPES[wanted], kind="ASK")
    rows = [list(row) for row in islice(result, cap + 1)]
    if len(rows) > cap:
        return Reply.error(422, f"the result has more than {cap} rows, the most a query may return here; "
                                f"add a LIMIT (and OFFSET to page), or download the dumps")
    variables = [str(v) for v in result.vars]
    if wanted == "rows":
        return Reply(200, b"", rows=(variables, rows), kind="SELECT")
    capped = Result("SELECT")
    capped.vars = list(result.vars)
    capped.bindings = [{v: t for v, t in zip(result.vars, row) if t is not None} for row in rows]
    body = capped.serialize(format="xml").decode("utf-8") if wanted == "xml" else render(capped, wanted)
    return Reply(200, body.encode("utf-8"), SELECT_TYPES[wanted], kind="SELECT")


def _graph(result, formats: list, cap: int) -> Reply:
    wanted = next((f for f in formats if f in GRAPH_TYPES or f == "rows"), None)
    if wanted is None:
        return Reply.error(406, f"a {result.type} result comes as Turtle, N-Triples, JSON-LD or RDF/XML")
    if len(result.graph) > cap:
        return Reply.error(422, f"the result has more than {cap} triples, the most a query may return here; "
                                f"add a LIMIT, or download the dumps")
    if wanted == "rows":
        triples = sorted(result.graph, key=lambda t: tuple(map(str, t)))
        return Reply(200, b"", rows=(["subject", "predicate", "object"], [list(t) for t in triples]), kind=result.type)
    from kg.reference.build import serialize

    return Reply(200, serialize(result.graph, RDFLIB_FORMATS[wanted]), GRAPH_TYPES[wanted], kind=result.type)


# ------------------------------------------------------------------ the worker process

def _worker(connection, graph_bytes: bytes, memory_limit: int) -> None:
    """A worker's life: load the graph, say 'ready', then answer requests until the pipe closes."""
    if memory_limit:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ImportError, ValueError, OSError):
            pass
    graph = pickle.loads(graph_bytes)
    del graph_bytes
    connection.send("ready")
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(graph, request)
        except MemoryError:
            reply = Reply.error(503, "the query needed more memory than a query may use; it was stopped")
        try:
            connection.send(reply)
        except (BrokenPipeError, OSError):
            return


@dataclass(eq=False)
class _Handle:
    process: multiprocessing.process.BaseProcess
    connection: object


class QueryPool:
    """A few worker processes holding the graph; `run` answers one request within the deadline."""

    def __init__(self, graph: Graph, size: int = 2, timeout: float = 10.0, memory_limit: int = 2 << 30,
                 start_timeout: float = 60.0):
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self.context = multiprocessing.get_context(method)  # no preloading: that would import __main__
        self.graph_bytes = pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL)
        self.size, self.timeout, self.memory_limit, self.start_timeout = size, timeout, memory_limit, start_timeout
        self.idle: queue.Queue = queue.Queue()
        self.handles: set = set()
        self.lock = threading.Lock()
        self.closed = False
        self.stopped = 0  # queries stopped at the deadline (and workers replaced)
        self.waiting = threading.BoundedSemaphore(size * 4)  # queries running or queued; more get a 503 at once
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> None:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.graph_bytes, self.memory_limit),
                                       name="kg-query-worker", daemon=True)
        process.start()
        child.close()
        handle = _Handle(process, parent)
        with self.lock:
            self.handles.add(handle)
        threading.Thread(target=self._await_ready, args=(handle,), daemon=True).start()

    def _await_ready(self, handle: _Handle) -> None:
        try:
            ready = handle.connection.poll(self.start_timeout) and handle.connection.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if ready and not self.closed:
            self.idle.put(handle)
        else:
            self._kill(handle)
            if not self.closed:
                time.sleep(1)
                self._spawn()

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every worker has loaded the graph (for start-up and tests)."""
        deadline = time.monotonic() + timeout
        while self.idle.qsize() < self.size and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.idle.qsize() >= self.size

    def _kill(self, handle: _Handle) -> None:
        with self.lock:
            self.handles.discard(handle)
        try:
            handle.connection.close()
        except OSError:
            pass
        if handle.process.is_alive():
            handle.process.kill()
        handle.process.join(timeout=5)

    def run(self, request: dict, timeout: float | None = None) -> Reply:
        """Answer `request` in a worker; past the deadline the worker is killed and replaced."""
        if self.closed:
            return Reply.error(503, "the server is shutting down")
        if not self.waiting.acquire(blocking=False):
            return Reply.error(503, f"too many queries are waiting for the {self.size} query workers; try again shortly")
        try:
            return self._run(request, self.timeout if timeout is None else timeout)
        finally:
            self.waiting.release()

    def _run(self, request: dict, timeout: float) -> Reply:
        started = time.monotonic()
        try:
            handle = self.idle.get(timeout=timeout)
        except queue.Empty:
            return Reply.error(503, f"all {self.size} query workers are busy; try again in a few seconds")
        remaining = max(0.1, timeout - (time.monotonic() - started))
        try:
            handle.connection.send(request)
            if handle.connection.poll(remaining):
                reply = handle.connection.recv()
                self.idle.put(handle)
                return reply
        except (EOFError, OSError, pickle.PickleError):
            self._replace(handle)
            return Reply.error(500, "the query worker stopped unexpectedly (out of memory?); the query was not answered")
        self._replace(handle)
        with self.lock:
            self.stopped += 1
        return Reply.error(503, f"the query ran past the {timeout:g} s deadline and was stopped; "
                                "make it more selective or add a LIMIT")

    def _replace(self, handle: _Handle) -> None:
        self._kill(handle)
        if not self.closed:
            self._spawn()

    def close(self) -> None:
        self.closed = True
        with self.lock:
            handles = list(self.handles)
        for handle in handles:
            self._kill(handle)

    def pids(self) -> list[int]:
        with self.lock:
            return sorted(h.process.pid for h in self.handles if h.process.pid)


def cpu_count() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
