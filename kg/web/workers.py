"""Worker processes that hold the release's Oxigraph store and answer for the server, each within a deadline.

pyoxigraph has no query timeout, and a query (a REGEX that backtracks, a cross product) can run for
minutes. So every query, and every page (pages run saved queries), is answered in one of a few worker
processes; the server waits up to the deadline, and a worker past it is killed and replaced (the
pool that shares them out fairly is kg.web.pool). Each
worker opens the store read-only (RocksDB files, shared through the operating system's cache as
Oxigraph's own server threads share them), reads at most so many rows, and has an address-space limit.

Workers are forked by a zygote: a process the server forks at start-up, before it runs any thread,
which then forks a worker whenever the server asks for one (a fork is only safe from a process with a
single thread, which the server is not once it serves). Server, zygote and workers share the pages of
everything imported before that first fork, so that a worker costs little memory, and replacing one
takes milliseconds. The server talks to a worker through kg.web.wire.
"""

from __future__ import annotations

import os
import signal
import socket
import struct
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from kg.core.errors import REPORT_BUGS, KGError, describe_exception, echoed
from kg.core.children import fork

SELECT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "nt", "json-ld", "rdfxml", "nq", "trig")
MAX_REPLY_BYTES = 32 << 20  # the largest answer the server takes from a worker (it holds every reply in memory)


@dataclass
class Reply:
    status: int
    body: bytes
    media_type: str = "text/plain; charset=utf-8"
    headers: dict = field(default_factory=dict)
    fault: str = ""  # a fault of ours, in one line for the server's log (the client is told less)

    @classmethod
    def error(cls, status: int, message: str) -> "Reply":
        return cls(status, (message.rstrip() + "\n").encode("utf-8"))

    @classmethod
    def html(cls, text: str, status: int = 200) -> "Reply":
        return cls(status, text.encode("utf-8"), "text/html; charset=utf-8")


# ------------------------------------------------------------------ in the worker process

class Worker:
    """What a worker holds (the store, the site that renders pages) and the requests it answers."""

    def __init__(self, project_root: str, store_dir: str, limits: dict, queries: dict, charts: str | None = None,
                 base_url: str | None = None):
        import pyoxigraph as ox

        self.store = ox.Store.read_only(store_dir)
        self.project_root, self.limits, self.queries, self.charts = project_root, limits, queries, charts
        self.base_url = base_url  # the server's (--base-url), which the pages' permalinks are under
        self._site = None

    @property
    def site(self):
        """The pages, made on first use (a worker that answers only queries never needs them)."""
        if self._site is None:
            from kg.sources.project import find_project
            from kg.web.pages import Site

            project = find_project(Path(self.project_root), explicit=True)  # with the model kg ships, where it has none
            self._site = Site(project, self.store, endpoint="sparql", limits=self.limits, queries=self.queries,
                              charts=Path(self.charts) if self.charts else None,
                              **({"base_url": self.base_url} if self.base_url else {}))
        return self._site

    def handle(self, request: dict) -> Reply:
        operation = getattr(self, f"op_{request.get('op')}", None)
        if operation is None:
            return Reply.error(500, f"unknown request {request.get('op')!r}")
        try:
            reply = operation(**request.get("args", {}))
        except KGError as error:
            return Reply.error(_status(error), str(error))
        except MemoryError:
            return Reply.error(503, "the request needed more memory than one may use; it was stopped")
        if len(reply.body) > MAX_REPLY_BYTES:
            return _too_large()
        return reply

    # -------------------------------------------------------------- queries

    def op_sparql(self, text: str, formats: list, max_rows: int) -> Reply:
        """An ad-hoc query: the first acceptable format; 'rows' is the HTML page with a table."""
        try:
            return self._answer(text, {}, formats, max_rows,
                                page=lambda table, error: self.site.sparql_page(text, table, error), root="")
        except KGError as error:
            if formats[:1] == ["rows"]:
                return Reply.html(self.site.sparql_page(text, None, str(error)), _status(error))
            raise

    def op_saved(self, name: str, given: dict, formats: list, max_rows: int) -> Reply:
        saved = self.queries.get(name)
        if saved is None:
            return Reply.error(404, f"no saved query {echoed(name, quoted=True)}; see /queries")
        page = lambda table, error: self.site.query_page(name, given, table, error)  # noqa: E731
        try:
            bindings = self.site.resolver.bind(saved, given)
        except KGError as error:
            if formats[:1] == ["rows"]:
                return Reply.html(page(None, error.readable()), 400)
            return Reply.error(400, str(error))
        return self._answer(saved.text, bindings, formats, max_rows, page, root="../",  # queries/NAME: one level down
                            tabulate=self.site.saved_rows)

    def _answer(self, text: str, bindings: dict, formats: list, max_rows: int, page, root: str, tabulate=None) -> Reply:
        """The answer in the first acceptable format; 'rows': `page(table, error)`, an HTML page whose links
        are relative to `root` (the page's way back to the site's root), its table made by `tabulate` (a saved
        query's: Site.saved_rows, as kg publish makes it; else Site.table)."""
        import pyoxigraph as ox

        from kg.core.terms import rdflib_term
        from kg.sparql import results
        from kg.sparql.run import execute
        from kg.web.pages import SHOWN_ROWS

        shown = min(SHOWN_ROWS, max_rows)  # what a page of rows shows: the first, never past the row cap
        result = execute(self.store, text, bindings)
        if isinstance(result, (bool, ox.QueryBoolean)):
            wanted = _first(formats, SELECT_FORMATS)
            if wanted is None:
                return Reply.error(406, "an ASK result comes as SPARQL JSON, XML, CSV or TSV")
            if wanted == "rows":
                return Reply.html(page(self.site.table(root, ["boolean"], [[_boolean(result)]]), ""))
            return Reply(200, results.boolean(bool(result), wanted), results.SELECT_MEDIA[wanted])
        rows = []
        try:
            if isinstance(result, ox.QuerySolutions):
                wanted = _first(formats, SELECT_FORMATS)
                if wanted is None:
                    return Reply.error(406, "a SELECT result comes as SPARQL JSON, XML, CSV or TSV")
                if wanted != "rows":
                    return _written(formats, SELECT_FORMATS, result, lambda answer, fmt: results.select(
                        answer, fmt, max_rows, MAX_REPLY_BYTES), lambda: execute(self.store, text, bindings),
                        max_rows, "SPARQL JSON, CSV or TSV")
                variables = [v.value for v in result.variables]
                for solution in result:  # and says when there are more
                    rows.append([solution[i] for i in range(len(variables))])
                    if len(rows) > shown:
                        break
                terms = [[None if t is None else rdflib_term(t) for t in row] for row in rows[:shown]]
                table = (tabulate or self.site.table)(root, variables, terms)
                table.shown, table.more = shown, len(rows) > shown
                return Reply.html(page(table, ""))
            wanted = _first(formats, GRAPH_FORMATS)
            if wanted is None:
                return Reply.error(406, "a CONSTRUCT or DESCRIBE result comes as Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads or TriG")
            for triple in result:
                rows.append(triple)
                if wanted == "rows" and len(rows) > shown:
                    break
                if len(rows) > max_rows:
                    return _too_many(max_rows, "triples")
        except (SyntaxError, RuntimeError, OSError) as error:  # evaluation errors surface while reading
            raise KGError(f"the query failed: {' '.join(str(error).split())[:300]}") from None
        if wanted == "rows":
            terms = sorted(([rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)]
                            for t in rows[:shown]), key=lambda r: tuple(map(str, r)))
            table = self.site.table(root, ["subject", "predicate", "object"], terms)
            table.shown, table.more = shown, len(rows) > shown
            return Reply.html(page(table, ""))
        return _written(formats, GRAPH_FORMATS, rows, results.graph, lambda: rows, max_rows, "Turtle or N-Triples")

    # -------------------------------------------------------------- pages and descriptions

    def op_page(self, kind: str, **args) -> Reply:
        site = self.site
        if kind == "resource":
            from rdflib import URIRef

            iri = URIRef(args["iri"])
            if not site.exists(iri):
                return Reply.error(404, f"no resource {echoed(args['path'])} in this dataset")
            return Reply.html(site.page(iri))
        if kind == "home":
            return Reply.html(site.home(args["overview"]))
        if kind == "queries":
            return Reply.html(site.queries_page())
        if kind == "dataset":
            return Reply.html(site.dataset_page(args["overview"]))
        if kind == "sparql":
            return Reply.html(site.sparql_page())
        if kind == "browse_index":
            return Reply.html(site.browse_index_page())
        if kind in ("browse", "said"):
            try:
                return Reply.html(site.browse_page(args["name"]) if kind == "browse" else site.said_page(args["name"]))
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
            return Reply.error(404, f"no resource {echoed('/' + path)} in this dataset")
        kind, _, name = path.partition("/")
        if kind == "queries" and name not in self.site.queries:
            return Reply.error(404, f"no saved query {echoed(name, quoted=True)}")
        try:
            return Reply(200, self.site.table_csv(path, table, given), "text/csv; charset=utf-8")
        except KGError as error:
            return Reply.error(getattr(error, "status", 400 if given else 404), str(error))

    def op_chart(self, iri: str) -> Reply:
        from rdflib import URIRef

        from kg.core.namespaces import OO
        from kg.web.pages import path_of

        path = "/" + path_of(URIRef(iri))  # (what the reader asked for, id/NAME/chart.svg: never the IRI)
        if not self.site.exists(URIRef(iri)):
            return Reply.error(404, f"no resource {echoed(path)} in this dataset")
        if (URIRef(iri), None, OO.Indicator) not in self.site.graph:
            return Reply.error(404, f"no chart for {echoed(path)}: {self.site.label(URIRef(iri))} is not an indicator, "
                                    "and only an indicator has one (see /browse/indicators)")
        return Reply(200, self.site.chart(URIRef(iri)), "image/svg+xml")

    def op_search_records(self, folder: str) -> Reply:
        """Write the search box's records (kg.web.search) into `folder`, for the server to index."""
        from kg.web.search import write_records

        count = write_records(self.site, Path(folder))
        return Reply(200, f"{count} records\n".encode())

    def op_exists(self, iri: str) -> Reply:
        from rdflib import URIRef

        return Reply(200, b"yes\n") if self.site.exists(URIRef(iri)) else Reply.error(404, f"no resource {echoed(iri)}")

    def op_near(self, name: str) -> Reply:
        """The resources a mistyped /id/NAME likely meant (Site.near), as JSON: [{"path": "id/NAME", "label": ...}]."""
        import json

        from kg.web.pages import path_of

        found = [{"path": path_of(iri), "label": label} for iri, label in self.site.near(name)]
        return Reply(200, json.dumps(found).encode("utf-8"), "application/json")

    def op_describe(self, iri: str, extension: str) -> Reply:
        from rdflib import URIRef

        from kg.web.pages import RDF_FORMATS, path_of

        if not self.site.exists(URIRef(iri)):  # (its path, as the page's 404 says it: /id/NAME, never the IRI)
            return Reply.error(404, f"no resource {echoed('/' + path_of(URIRef(iri)))} in this dataset")
        media, _, _ = RDF_FORMATS[extension]
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return Reply(200, self.site.rdf(self.site.describe(URIRef(iri)), extension), media + charset)

    def op_facts(self) -> Reply:
        import pickle

        from kg.web.dataset import facts

        return Reply(200, pickle.dumps(facts(self.store)), "application/x-python-pickle")


def _first(formats: list, offered: tuple) -> str | None:
    return next((f for f in formats if f in offered or f == "rows"), None)


def _written(formats: list, offered: tuple, answer, write, again, max_rows: int, always: str) -> Reply:
    """The answer written by `write(answer, fmt)` in the first of the client's `formats` (among `offered`)
    that can carry it (results.Unwritable: JSON-LD and a triple term, XML and a control character), with
    `again()` giving the answer anew after the first (a SELECT's solutions are read once); else a 406 that
    names the formats which `always` carry one, never a document that is not what its media type says."""
    from kg.sparql import results

    media = {**results.SELECT_MEDIA, **results.GRAPH_MEDIA}
    for i, fmt in enumerate(f for f in formats if f in offered):
        try:
            return Reply(200, write(answer if i == 0 else again(), fmt), media[fmt])
        except results.TooLarge as error:
            return _too_many(max_rows, "rows") if error.rows else _too_large()
        except results.Unwritable as error:
            reason = str(error)
    return Reply.error(406, f"not acceptable: {reason}; ask for it as {always}")


def _boolean(result) -> object:
    from rdflib import Literal

    return Literal(bool(result))


def _too_many(cap: int, what: str) -> Reply:
    return Reply.error(422, f"the result has more than {cap} {what}, the most a query may return here; "
                            "add a LIMIT (and OFFSET to page), or download the dumps")


def _too_large() -> Reply:
    return Reply.error(422, f"the answer is larger than {MAX_REPLY_BYTES >> 20} MiB, the most one may be "
                            "here; add a LIMIT (and OFFSET to page), or download the dumps")


def _status(error: KGError) -> int:
    """403 for what is refused (updates, SERVICE, LOAD, FROM), else the error's own HTTP status or 400."""
    from kg.sparql.safety import RefusedQuery

    return 403 if isinstance(error, RefusedQuery) else getattr(error, "status", 400)


def _worker(connection, project_root: str, store_dir: str, limits: dict, queries: dict, memory_limit: int,
            charts: str | None, base_url: str | None = None) -> None:
    """A worker's life: open the store, say 'ready', then answer requests until the connection closes.
    What it has to say goes to the server in replies: its standard error (a Rust backtrace when Oxigraph
    runs out of memory, hundreds of lines) goes nowhere, and the server logs one line when it dies."""
    os.environ["RUST_BACKTRACE"] = "0"
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    try:
        worker = Worker(project_root, store_dir, limits, queries, charts, base_url)
    except Exception as error:  # reported to the server, which says so and stops
        connection.send(f"failed: {error}")
        return
    if memory_limit:
        _limit_memory(memory_limit)
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
            reply = Reply.error(500, f"internal error ({type(error).__name__}); the server logged it: {REPORT_BUGS}")
            reply.fault = describe_exception(error)
        try:
            connection.send(reply)
        except (BrokenPipeError, OSError):
            return


def _limit_memory(allowed: int) -> None:
    """Let the worker allocate `allowed` bytes more than it holds once the store is open: its address
    space is then about 450 MiB (libraries, RocksDB's caches and threads), little of it resident, so a
    limit on the whole would leave a small `kg serve --memory-mb` no worker at all. Past the limit,
    Python raises MemoryError (a 503) and Oxigraph aborts (the server says so, and replaces the worker)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:  # Linux; elsewhere no limit is set
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (held + allowed, held + allowed))
    except (ImportError, ValueError, OSError):
        pass


# ------------------------------------------------------------------ in the server process

class Zygote:
    """A process forked from the server before it runs any thread, which forks the workers: asked over
    a socket, it forks one and hands back its process id and its end of a new socket pair."""

    def __init__(self, worker_arguments: tuple):
        self.asking = threading.Lock()  # (the pool asks from the server's loop, the search index from its thread)
        self.control, theirs = socket.socketpair()
        self.pid = fork()
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
        # (Ctrl-C is for the server, which then stops us, and SIGTERM ends a worker at once: kg.core.children.fork)
        while control.recv(1):
            ours, theirs = socket.socketpair()
            pid = fork()
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
        with self.asking:
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


def cpu_count() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
