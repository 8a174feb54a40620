"""Worker processes that hold the release's Oxigraph store and answer for the server, each within a deadline.

pyoxigraph has no query timeout, and a query (a REGEX that backtracks, a cross product) can run for
minutes. So every query, and every page (pages run saved queries), is answered in one of a few worker
processes; the server waits up to the deadline, and a worker past it is killed and replaced. Each
worker opens the store read-only (RocksDB files, shared through the operating system's cache as
Oxigraph's own server threads share them), reads at most so many rows, and has an address-space limit.

Workers are forked by a zygote: a process the server forks at start-up, before it runs any thread,
which then forks a worker whenever the server asks for one (a fork is only safe from a process with a
single thread, which the server is not once it serves). Server, zygote and workers share the pages of
everything imported before that first fork, so that a worker costs little memory, and replacing one
takes milliseconds.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import select
import signal
import socket
import struct
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
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

    def op_csv(self, path: str, table: str, given: dict | None = None) -> Reply:
        """One table of a page as CSV, names beside IRIs (kg.web.desk)."""
        from kg.web.pages import iri_of

        iri = iri_of(path) if path.startswith("id/") else None
        if iri is not None and not self.site.exists(iri):
            return Reply.error(404, f"no resource /{path} in this dataset")
        try:
            return Reply(200, self.site.table_csv(path, table, given), "text/csv; charset=utf-8")
        except KGError as error:
            return Reply.error(400 if given else 404, str(error))

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
    """A worker's life: open the store, say 'ready', then answer requests until the connection closes."""
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

class Zygote:
    """A process forked from the server before it runs any thread, which forks the workers: asked over
    a socket, it forks one and hands back its process id and its end of a new socket pair."""

    def __init__(self, worker_arguments: tuple):
        self.control, theirs = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:  # the zygote
            self.control.close()
            code = 0
            try:
                self._serve(theirs, worker_arguments)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()

    @staticmethod
    def _serve(control: socket.socket, worker_arguments: tuple) -> None:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers that end are reaped by the system
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which then stops us
        while control.recv(1):
            ours, theirs = socket.socketpair()
            pid = os.fork()
            if pid == 0:  # a worker
                control.close()
                ours.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                code = 0
                try:
                    _worker(Connection(theirs.detach()), *worker_arguments)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            theirs.close()
            socket.send_fds(control, [struct.pack("!i", pid)], [ours.fileno()])
            ours.close()

    def spawn(self) -> tuple[int, socket.socket]:
        """A new worker: (process id, the server's end of its socket)."""
        self.control.sendall(b"w")
        data, fds, _, _ = socket.recv_fds(self.control, 4, 1)
        if len(data) != 4 or len(fds) != 1:
            raise KGError("the zygote did not start a worker")
        return struct.unpack("!i", data)[0], socket.socket(fileno=fds[0])

    def close(self) -> None:
        self.control.close()  # the zygote reads the end of its socket, and leaves
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


@dataclass(eq=False)
class _Handle:
    pid: int
    connection: socket.socket
    ready: bool = False
    inflight: deque = field(default_factory=deque)  # futures of the requests sent, answered in that order
    watched: bool = False  # its socket is watched by the event loop
    received: bytearray = field(default_factory=bytearray)  # what has come of the next message


# The event loop makes the sockets non-blocking, so the server side reads and writes multiprocessing's
# framing itself (the workers use its Connection): a 4-byte big-endian length (-1, then 8 bytes, above 2 GiB) and the pickled message.

def _messages(handle: _Handle) -> list:
    """Read what the worker has written; return the messages now complete (EOFError if it died)."""
    fd = handle.connection.fileno()
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            break
        if not chunk:
            raise EOFError
        handle.received += chunk
        if len(chunk) < 1 << 16:
            break
    messages, buffer = [], handle.received
    while len(buffer) >= 4:
        size, = struct.unpack("!i", buffer[:4])
        start = 4
        if size == -1:
            if len(buffer) < 12:
                break
            size, = struct.unpack("!Q", buffer[4:12])
            start = 12
        if len(buffer) < start + size:
            break
        messages.append(pickle.loads(bytes(buffer[start:start + size])))
        del buffer[:start + size]
    return messages


def _receive(handle: _Handle, timeout: float):
    """Wait for the next message (before the event loop runs); None past the timeout."""
    deadline = time.monotonic() + timeout
    handle.connection.setblocking(False)
    while True:
        messages = _messages(handle)
        if messages:
            return messages[0]
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([handle.connection], [], [], remaining)[0]:
            return None


def _send(handle: _Handle, message) -> None:
    """Write one message to a worker (waiting for room in the pipe if a long query fills it)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("!i", len(data)) + data)
    fd = handle.connection.fileno()
    while view:
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            select.select([], [fd], [], 1.0)


RETRY = object()  # what a request sent to a worker that had to be stopped gets: it is sent to another


class QueryPool:
    """A few worker processes over the store, driven from the server's event loop; `await run(request)`
    answers within the deadline, or kills and replaces the worker.

    Each worker is sent a second request while it answers the first (it reads it as soon as it is
    done: a worker waiting for the server's next message is a worker idle), never more; a request
    behind one that runs past the deadline goes to another worker. Requests wait their turn for a
    worker in order, at most WAITING per worker, each no longer than the deadline. Before the event
    loop runs (at start-up), `wait_ready` and `call` use the sockets directly."""

    DEPTH = 2  # requests a worker holds: the one it answers and the next
    WAITING = 32  # requests per worker that may wait for one; more are told to come back (503, Retry-After)

    def __init__(self, project_root: Path, store_dir: Path, queries: dict, size: int = 2, timeout: float = 10.0,
                 memory_limit: int = 2 << 30, limits: dict | None = None, start_timeout: float = 60.0):
        import kg.web.pages  # noqa: F401 (imported before the zygote forks: shared by every worker)

        self.zygote = Zygote((str(project_root), str(store_dir), dict(limits or {}), queries, memory_limit))
        self.size, self.timeout, self.start_timeout = size, timeout, start_timeout
        self.handles: set = set()
        self.waiters: deque = deque()  # futures of requests waiting for room in a worker
        self.loop = None
        self.closed = False
        self.failure = ""  # why a worker could not start
        for _ in range(size):
            self._spawn()

    # -------------------------------------------------------------- processes

    def _spawn(self) -> _Handle:
        handle = _Handle(*self.zygote.spawn())
        self.handles.add(handle)
        if self.loop is not None:
            self._watch(handle)
            self.loop.call_later(self.start_timeout, self._check_started, handle)
        return handle

    def _kill(self, handle: _Handle) -> None:
        """Stop a worker; the requests it holds are sent to another (RETRY)."""
        if self.loop is not None and self.loop.is_closed():
            self.loop = None  # the server has stopped: what is left is done here
        self.handles.discard(handle)
        if handle.watched and self.loop is not None:
            self.loop.remove_reader(handle.connection.fileno())
            handle.watched = False
        handle.connection.close()
        try:
            os.kill(handle.pid, signal.SIGKILL)  # (the zygote, its parent, reaps it)
        except ProcessLookupError:
            pass
        while handle.inflight:
            future = handle.inflight.popleft()
            if not future.done():
                future.set_result(RETRY)

    def _replace(self, handle: _Handle) -> None:
        self._kill(handle)
        if not self.closed:
            self._spawn()

    def close(self) -> None:
        self.closed = True
        for handle in list(self.handles):
            self._kill(handle)
        for waiter in self.waiters:
            if not waiter.done():
                waiter.set_result(None)
        self.zygote.close()

    # -------------------------------------------------------------- before the loop runs

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every worker has opened the store (for start-up and tests)."""
        deadline = time.monotonic() + timeout
        for handle in list(self.handles):
            try:
                said = _receive(handle, max(0.0, deadline - time.monotonic())) or "failed: no answer"
            except (EOFError, OSError):
                said = "failed: it exited"
            if said != "ready":
                self.failure = str(said)
                return False
            handle.ready = True
        return True

    def call(self, request: dict, timeout: float) -> Reply:
        """Answer `request` in a ready worker, blocking: for start-up, before the event loop runs."""
        handle = next(h for h in self.handles if h.ready and not h.inflight)
        _send(handle, request)
        reply = _receive(handle, timeout)
        if reply is None:
            raise KGError(f"the store did not answer within {timeout:g} s")
        return reply

    # -------------------------------------------------------------- on the loop

    def _attach(self) -> None:
        self.loop = asyncio.get_running_loop()
        for handle in self.handles:
            self._watch(handle)

    def _watch(self, handle: _Handle) -> None:
        self.loop.add_reader(handle.connection.fileno(), self._readable, handle)
        handle.watched = True

    def _readable(self, handle: _Handle) -> None:
        try:
            messages = _messages(handle)
        except (EOFError, OSError):  # the worker died: out of memory, or killed from outside
            if handle.inflight and not handle.inflight[0].done():
                handle.inflight.popleft().set_result(Reply.error(
                    500, "the query worker stopped unexpectedly (out of memory?); the request was not answered"))
            self._replace(handle)
            return
        for message in messages:
            self._received(handle, message)

    def _received(self, handle: _Handle, message) -> None:
        if not handle.ready:
            if message == "ready":
                handle.ready = True
                self._room(handle)
            else:
                self.failure = str(message)
                self._kill(handle)
            return
        if handle.inflight:
            future = handle.inflight.popleft()
            if not future.done():  # (done: its client went away)
                future.set_result(message)
        self._room(handle)

    def _check_started(self, handle: _Handle) -> None:
        if handle in self.handles and not handle.ready:
            self.failure = "a worker did not start in time"
            self._replace(handle)

    def _room(self, handle: _Handle) -> None:
        """A worker can take another request: give it to the first request still waiting."""
        while self.waiters and handle in self.handles and len(handle.inflight) < self.DEPTH:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(handle)

    def _free(self) -> _Handle | None:
        """The ready worker holding the fewest requests, if one has room."""
        ready = [h for h in self.handles if h.ready and len(h.inflight) < self.DEPTH]
        return min(ready, key=lambda h: len(h.inflight)) if ready else None

    async def run(self, request: dict, timeout: float | None = None) -> Reply:
        """Answer `request` in a worker; past the deadline the worker is killed and replaced."""
        if self.loop is None:
            self._attach()
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            if self.closed:
                return Reply.error(503, "the server is shutting down")
            handle = self._free()
            if handle is None:
                if len(self.waiters) >= self.WAITING * self.size:
                    return Reply(503, b"too many requests are waiting for the query workers; try again shortly\n",
                                 headers={"Retry-After": "2"})
                waiter = self.loop.create_future()
                self.waiters.append(waiter)
                try:
                    handle = await asyncio.wait_for(waiter, max(0.0, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    return Reply(503, f"all {self.size} query workers stayed busy for {timeout:g} s; try again shortly\n"
                                 .encode(), headers={"Retry-After": "5"})
                if handle is None or handle not in self.handles or len(handle.inflight) >= self.DEPTH:
                    continue  # (taken meanwhile: look again)
            reply = await self._ask(handle, request, deadline, timeout)
            if reply is not RETRY:
                return reply

    async def _ask(self, handle: _Handle, request: dict, deadline: float, timeout: float):
        future = self.loop.create_future()
        handle.inflight.append(future)
        try:
            _send(handle, request)
        except (OSError, ValueError):
            self._replace(handle)
            return RETRY
        try:
            return await asyncio.wait_for(asyncio.shield(future), max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            if handle.inflight and handle.inflight[0] is future:  # it is the one running: stop it
                self._replace(handle)
            elif not future.done():
                future.cancel()  # never started: its answer, when it comes, is dropped
            return Reply.error(503, f"the query ran past the {timeout:g} s deadline and was stopped; "
                                    "make it more selective or add a LIMIT")
        except asyncio.CancelledError:  # the client went away: stopped at the deadline if still running then
            if not future.done():
                future.cancel()
            self.loop.call_at(self.loop.time() + max(0.1, deadline - time.monotonic()),
                              lambda: self._replace(handle) if handle.inflight and handle.inflight[0] is future else None)
            raise


def cpu_count() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
