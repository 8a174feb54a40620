"""Worker processes that hold the release's Oxigraph store and answer for the server, each within a deadline.

pyoxigraph has no query timeout, and a query (a REGEX that backtracks, a cross product) can run for
minutes. So every query, and every page (pages run saved queries), is answered in one of a few worker
processes; the server waits up to the deadline, and a worker past it is killed and replaced. Each
worker opens the store read-only (RocksDB files, shared through the operating system's cache as
Oxigraph's own server threads share them), reads at most so many rows, and has an address-space limit.

Workers are forked by multiprocessing's fork server, which has imported this module first: a clean,
single-threaded parent (safe beside the server's threads) whose imports the workers share, so that
replacing a worker takes milliseconds.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError

SELECT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "nt", "json-ld", "rdfxml")


@dataclass
class Reply:
    status: int
    body: bytes
    media_type: str = "text/plain; charset=utf-8"
    headers: dict = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> "Reply":
        return cls(status, (message.rstrip() + "\n").encode("utf-8"))

    @classmethod
    def html(cls, text: str, status: int = 200) -> "Reply":
        return cls(status, text.encode("utf-8"), "text/html; charset=utf-8")


# ------------------------------------------------------------------ in the worker process

class Worker:
    """What a worker holds (the store, the site that renders pages) and the requests it answers."""

    def __init__(self, project_root: str, store_dir: str, limits: dict, queries: dict):
        import pyoxigraph as ox

        self.store = ox.Store.read_only(store_dir)
        self.project_root, self.limits, self.queries = project_root, limits, queries
        self._site = None

    @property
    def site(self):
        """The pages, made on first use (a worker that answers only queries never needs them)."""
        if self._site is None:
            from kg.graph.project import Project
            from kg.web.pages import Site

            self._site = Site(Project(Path(self.project_root)), self.store, endpoint="sparql", limits=self.limits,
                              queries=self.queries)
        return self._site

    def handle(self, request: dict) -> Reply:
        operation = getattr(self, f"op_{request.get('op')}", None)
        if operation is None:
            return Reply.error(500, f"unknown request {request.get('op')!r}")
        try:
            return operation(**request.get("args", {}))
        except KGError as error:
            return Reply.error(_status(error), str(error))
        except MemoryError:
            return Reply.error(503, "the request needed more memory than one may use; it was stopped")

    # -------------------------------------------------------------- queries

    def op_sparql(self, text: str, formats: list, max_rows: int) -> Reply:
        """An ad-hoc query: the first acceptable format; 'rows' is the HTML page with a table."""
        try:
            return self._answer(text, {}, formats, max_rows,
                                page=lambda table, error: self.site.sparql_page(text, table, error))
        except KGError as error:
            if formats[:1] == ["rows"]:
                return Reply.html(self.site.sparql_page(text, None, str(error)), _status(error))
            raise

    def op_saved(self, name: str, given: dict, formats: list, max_rows: int) -> Reply:
        saved = self.queries.get(name)
        if saved is None:
            return Reply.error(404, f"no saved query {name!r}; see /queries")
        page = lambda table, error: self.site.query_page(name, given, table, error)  # noqa: E731
        try:
            bindings = self.site.resolver.bind(saved, given)
        except KGError as error:
            if formats[:1] == ["rows"]:
                return Reply.html(page(None, str(error)), 400)
            return Reply.error(400, str(error))
        return self._answer(saved.text, bindings, formats, max_rows, page)

    def _answer(self, text: str, bindings: dict, formats: list, max_rows: int, page) -> Reply:
        import pyoxigraph as ox

        from kg.graph.terms import rdflib_term
        from kg.query import results
        from kg.query.run import execute

        result = execute(self.store, text, bindings)
        if isinstance(result, (bool, ox.QueryBoolean)):
            wanted = _first(formats, SELECT_FORMATS)
            if wanted is None:
                return Reply.error(406, "an ASK result comes as SPARQL JSON, XML, CSV or TSV")
            if wanted == "rows":
                return Reply.html(page(self.site.table("", ["boolean"], [[_boolean(result)]]), ""))
            return Reply(200, results.boolean(bool(result), wanted), results.SELECT_MEDIA[wanted])
        rows = []
        try:
            if isinstance(result, ox.QuerySolutions):
                wanted = _first(formats, SELECT_FORMATS)
                if wanted is None:
                    return Reply.error(406, "a SELECT result comes as SPARQL JSON, XML, CSV or TSV")
                variables = [v.value for v in result.variables]
                for solution in result:
                    rows.append([solution[i] for i in range(len(variables))])
                    if len(rows) > max_rows:
                        return _too_many(max_rows, "rows")
                if wanted == "rows":
                    terms = [[None if t is None else rdflib_term(t) for t in row] for row in rows]
                    return Reply.html(page(self.site.table("", variables, terms), ""))
                return Reply(200, results.select(variables, rows, wanted), results.SELECT_MEDIA[wanted])
            wanted = _first(formats, GRAPH_FORMATS)
            if wanted is None:
                return Reply.error(406, "a CONSTRUCT or DESCRIBE result comes as Turtle, N-Triples, JSON-LD or RDF/XML")
            for triple in result:
                rows.append(triple)
                if len(rows) > max_rows:
                    return _too_many(max_rows, "triples")
        except (SyntaxError, RuntimeError, OSError) as error:  # evaluation errors surface while reading
            raise KGError(f"the query failed: {' '.join(str(error).split())[:300]}") from None
        if wanted == "rows":
            terms = sorted(([rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)] for t in rows),
                           key=lambda r: tuple(map(str, r)))
            return Reply.html(page(self.site.table("", ["subject", "predicate", "object"], terms), ""))
        return Reply(200, results.graph(rows, wanted), results.GRAPH_MEDIA[wanted])

    # -------------------------------------------------------------- pages and descriptions

    def op_page(self, kind: str, **args) -> Reply:
        site = self.site
        if kind == "resource":
            from rdflib import URIRef

            iri = URIRef(args["iri"])
            if not site.exists(iri):
                return Reply.error(404, f"no resource {args['path']} in this dataset")
            return Reply.html(site.page(iri))
        if kind == "home":
            return Reply.html(site.home(args["overview"]))
        if kind == "queries":
            return Reply.html(site.queries_page())
        if kind == "dataset":
            return Reply.html(site.dataset_page(args["overview"]))
        if kind == "sparql":
            return Reply.html(site.sparql_page())
        if kind == "browse":
            try:
                return Reply.html(site.browse_page(args["name"]))
            except KGError as error:
                return Reply.error(404, str(error))
        if kind == "search":
            return Reply.html(site.search_page())
        return Reply.error(404, f"no page {kind!r}")

    def op_csv(self, path: str, table: str) -> Reply:
        """One table of a page as CSV, names beside IRIs (kg.web.desk)."""
        from kg.web.pages import iri_of

        iri = iri_of(path) if path.startswith("id/") else None
        if iri is not None and not self.site.exists(iri):
            return Reply.error(404, f"no resource /{path} in this dataset")
        try:
            return Reply(200, self.site.table_csv(path, table), "text/csv; charset=utf-8")
        except KGError as error:
            return Reply.error(404, str(error))

    def op_chart(self, iri: str) -> Reply:
        from rdflib import URIRef

        from kg.namespaces import OO

        if (URIRef(iri), None, None) not in self.site.graph or (URIRef(iri), None, OO.Indicator) not in self.site.graph:
            return Reply.error(404, f"no indicator {iri} in this dataset")
        return Reply(200, self.site.chart(URIRef(iri)), "image/svg+xml")

    def op_search_records(self, folder: str) -> Reply:
        """Write the search box's records (kg.web.search) into `folder`, for the server to index."""
        from kg.web.search import write_records

        count = write_records(self.site, Path(folder))
        return Reply(200, f"{count} records\n".encode())

    def op_exists(self, iri: str) -> Reply:
        from rdflib import URIRef

        return Reply(200, b"yes\n") if self.site.exists(URIRef(iri)) else Reply.error(404, f"no resource {iri}")

    def op_describe(self, iri: str, extension: str) -> Reply:
        from rdflib import URIRef

        from kg.web.pages import RDF_FORMATS

        if not self.site.exists(URIRef(iri)):
            return Reply.error(404, f"no resource {iri} in this dataset")
        media, _, _ = RDF_FORMATS[extension]
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return Reply(200, self.site.rdf(self.site.describe(URIRef(iri)), extension), media + charset)

    def op_facts(self) -> Reply:
        import pickle

        from kg.web.dataset import facts

        return Reply(200, pickle.dumps(facts(self.store)), "application/x-python-pickle")


def _first(formats: list, offered: tuple) -> str | None:
    return next((f for f in formats if f in offered or f == "rows"), None)


def _boolean(result) -> object:
    from rdflib import Literal

    return Literal(bool(result))


def _too_many(cap: int, what: str) -> Reply:
    return Reply.error(422, f"the result has more than {cap} {what}, the most a query may return here; "
                            "add a LIMIT (and OFFSET to page), or download the dumps")


def _status(error: KGError) -> int:
    """403 for what is refused (updates, SERVICE, LOAD, FROM), else the error's own HTTP status or 400."""
    from kg.query.safety import RefusedQuery

    return 403 if isinstance(error, RefusedQuery) else getattr(error, "status", 400)


def _worker(connection, project_root: str, store_dir: str, limits: dict, queries: dict, memory_limit: int) -> None:
    """A worker's life: open the store, say 'ready', then answer requests until the pipe closes."""
    if memory_limit:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ImportError, ValueError, OSError):
            pass
    try:
        worker = Worker(project_root, store_dir, limits, queries)
    except Exception as error:  # reported to the server, which says so and stops
        connection.send(f"failed: {error}")
        return
    connection.send("ready")
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply = worker.handle(request)
        except MemoryError:
            reply = Reply.error(503, "the request needed more memory than one may use; it was stopped")
        except Exception as error:  # a fault of ours: the server logs one line, the client gets a 500
            reply = Reply.error(500, f"internal error ({type(error).__name__}); report it with the request that caused it")
        try:
            connection.send(reply)
        except (BrokenPipeError, OSError):
            return


# ------------------------------------------------------------------ in the server process

@dataclass(eq=False)
class _Handle:
    process: multiprocessing.process.BaseProcess
    connection: object


class QueryPool:
    """A few worker processes over the store; `run` answers one request within the deadline."""

    def __init__(self, project_root: Path, store_dir: Path, queries: dict, size: int = 2, timeout: float = 10.0,
                 memory_limit: int = 2 << 30, limits: dict | None = None, start_timeout: float = 60.0):
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self.context = multiprocessing.get_context(method)
        if method == "forkserver":
            self.context.set_forkserver_preload([__name__, "kg.web.pages", "kg.query.run", "pyoxigraph"])
        self.arguments = (str(project_root), str(store_dir), dict(limits or {}), queries, memory_limit)
        self.size, self.timeout, self.start_timeout = size, timeout, start_timeout
        self.idle: queue.Queue = queue.Queue()
        self.handles: set = set()
        self.lock = threading.Lock()
        self.closed = False
        self.failure = ""  # why a worker could not start
        self.stopped = 0  # requests stopped at the deadline (and workers replaced)
        self.waiting = threading.BoundedSemaphore(size * 32)  # requests running or queued; more get a 503 at once
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> None:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, *self.arguments), name="kg-worker", daemon=True)
        process.start()
        child.close()
        handle = _Handle(process, parent)
        with self.lock:
            self.handles.add(handle)
        threading.Thread(target=self._await_ready, args=(handle,), daemon=True).start()

    def _await_ready(self, handle: _Handle) -> None:
        try:
            said = handle.connection.recv() if handle.connection.poll(self.start_timeout) else "failed: no answer"
        except (EOFError, OSError):
            said = "failed: it exited"
        if said == "ready" and not self.closed:
            self.idle.put(handle)
            return
        self.failure = str(said)
        self._kill(handle)
        if not self.closed and said != "ready" and not str(said).startswith("failed:"):
            time.sleep(1)
            self._spawn()

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every worker has opened the store (for start-up and tests)."""
        deadline = time.monotonic() + timeout
        while self.idle.qsize() < self.size and time.monotonic() < deadline and not self.failure:
            time.sleep(0.02)
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
            return Reply(503, b"too many requests are waiting for the query workers; try again shortly\n",
                         headers={"Retry-After": "2"})
        try:
            return self._run(request, self.timeout if timeout is None else timeout)
        finally:
            self.waiting.release()

    def _run(self, request: dict, timeout: float) -> Reply:
        started = time.monotonic()
        try:
            handle = self.idle.get(timeout=timeout)
        except queue.Empty:
            return Reply(503, f"all {self.size} query workers are busy; try again in a few seconds\n".encode(),
                         headers={"Retry-After": "5"})
        remaining = max(0.1, timeout - (time.monotonic() - started))
        try:
            handle.connection.send(request)
            if handle.connection.poll(remaining):
                reply = handle.connection.recv()
                self.idle.put(handle)
                return reply
        except (EOFError, OSError):
            self._replace(handle)
            return Reply.error(500, "the query worker stopped unexpectedly (out of memory?); the request was not answered")
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


def cpu_count() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
