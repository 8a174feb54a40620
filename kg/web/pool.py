"""The query workers, shared fairly: no client, and no kind of query, can take every worker.

`QueryPool` runs on the server's event loop and sends each request to a worker process
(kg.web.workers) within a deadline. What it promises, and how:

- **Who is a client**: the server says (kg.web.serve.client_of: an address and a User-Agent). The
  User-Agent is the sender's word, so an address that shows more than AGENTS_PER_ADDRESS new ones
  within HALF_LIFE s is taken to be rotating them: its further new ones are one client, `ADDRESS *`,
  not each a newcomer that goes first with nothing known of its cost (a hostile read sent every slow
  query under a new User-Agent and kept another client at the same address waiting). Nor is a newcomer
  taken as unknown when the address's latest newcomers ran long LONG_RUNS times running: it starts with
  their record, so the first new User-Agents of a burst of slow queries cannot take every worker either;
  such a newcomer, judged by its address alone, still gets a worker added for it, the newest first and
  after every request not taken as long (a colleague behind the same NAT waited for the burst's deadline).
- **Per client**: a client may have at most
  `client_limit` requests at once, answered or waiting; one more is told 429 Too Many Requests with
  Retry-After, as the Wikidata Query Service does. Waiting requests are taken client by client, the
  client that has used the workers least lately first (worker-seconds, halved every HALF_LIFE s), so a
  client asking now and then goes before one that keeps them busy; one client alone gets every worker.
  Clients are taken network by network first (network_of: an IPv4 /24, an IPv6 /48), so that many
  addresses of one sender, each with a slow query, count as one. Use below one long request counts as
  none; among equals the oldest goes first, but the newest while the workers do not keep up (a request
  has waited `long_after`): a client who comes after a burst from many addresses is answered on the
  first worker freed, not after each query of the burst has been tried and found long.
  When every waiting place is taken, the newest request of the client holding the most places is
  refused to make room, not the newcomer.
- **Long queries cannot hold every worker**: a request answered for more than `long_after` seconds
  is long. The request queued behind it is sent to another worker as well (whichever answers first
  is used); the worker is lowered in CPU priority, and replaced once its answer is in. A request
  known to be long (the same request ran long before: the release cannot change, so neither does
  its cost), or likely to be (its client's latest LONG_RUNS requests all ran long: a burst of new
  slow queries), is never queued behind another, nor another behind it, and at most `size - 1` such
  run at once, never on the last worker ready for other clients' requests. A page's charts (BURSTS),
  which a browser asks for at once, are not taken as long from their client's record, nor counted in
  it, nor lowered in priority: each is bounded by the release. When every worker is busy with a long
  request and others wait, workers are added at once, one for each (up to `max_workers`); at that many,
  the long request of the network and client that used the workers most, the one that ran longest, is
  stopped (503, Retry-After) to make room, when another client's request waits (a client that waits
  only for its own requests, a browser loading a page's charts, gains nothing by losing one of them).
- **Deadlines**: a request is answered within `timeout` of its arrival, waiting included; a worker
  still answering it then is killed and replaced (503). The same request is then refused for
  BLACKOUT s (503, Retry-After) rather than run again to the deadline.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import KGError
from kg.web.pages import Cache
from kg.web import wire
from kg.web.workers import Reply, Zygote

log = logging.getLogger("kg.web.pool")

HALF_LIFE = 30.0  # seconds over which a client's use of the workers counts half as much
BLACKOUT = 30.0  # seconds a request that ran past the deadline is refused before it may run again
TICK = 0.1  # seconds between looks at what the workers are doing, while they work
IDLE_RETIREMENT = 10.0  # seconds an added worker may stay idle before it is stopped
LONG_NICE = 10  # the CPU priority (nice) of a worker answering a long request
LONG_RUNS = 2  # a client whose latest requests ran long this many times running: its next are taken as long too
BURSTS = {"chart"}  # requests a browser sends several at once (a page's charts), each bounded by the release:
# never taken as long for their client's record, nor counted in it (else a page's charts come one at a time),
# and never run at a lower CPU priority (else other load on the machine holds them past the deadline)
AGENTS_PER_ADDRESS = 16  # new User-Agents an address may show within HALF_LIFE s, each then a client of its own


@dataclass(eq=False)
class Job:
    """A request on its way through the pool."""

    request: dict
    client: str
    key: object  # what identifies the request (its cost is remembered under it)
    arrived: float
    deadline: float
    future: asyncio.Future
    heavy: bool  # known (or, from its client's latest, likely) to run long
    placements: list = field(default_factory=list)  # the workers holding it
    started: float | None = None  # when a worker began answering it
    queued: bool = False  # in its client's queue
    abandoned: bool = False  # its client went away (its worker answers it for nobody)

    def done(self) -> bool:
        return self.future.done()


@dataclass(eq=False)
class Share:
    """What a client, or a network of clients, has used of the workers lately."""

    used: float = 0.0  # worker-seconds, decayed
    updated: float = 0.0
    running: dict = field(default_factory=dict)  # job -> when it started

    def load(self, now: float) -> float:
        """Worker-seconds used lately, counting what is running now."""
        return self.used * 0.5 ** ((now - self.updated) / HALF_LIFE) + sum(now - t for t in self.running.values())

    def charge(self, seconds: float, now: float) -> None:
        self.used = self.used * 0.5 ** ((now - self.updated) / HALF_LIFE) + seconds
        self.updated = now


@dataclass(eq=False)
class Client(Share):
    waiting: deque = field(default_factory=deque)  # jobs, oldest first
    pending: int = 0  # jobs not yet answered (waiting or with a worker)
    long_runs: int = 0  # its latest requests that ran long, one after another
    address: str = ""
    network: str = ""  # network_of(address): its clients' use counts together first
    answered: bool = False  # a request of its own has run: its record is its own, not its address's newcomers'
    inherited: bool = False  # its long_runs are its address's newcomers', none of its own requests ran long yet


def network_of(address: str) -> str:
    """The network an address is taken to be one of, for fair shares: its /24 (IPv4), its /48 (IPv6: a site's
    usual allocation; kg.web.serve.client_of gives the /64); anything else (a Unix socket's peer) is its own.

    >>> network_of("198.51.100.7"), network_of("2001:db8:1:2::/64"), network_of("")
    ('198.51.100.0/24', '2001:db8:1::/48', '')
    """
    try:
        network = ipaddress.ip_network(address, strict=False)
    except ValueError:
        return address
    prefix = 24 if network.version == 4 else 48
    return str(network.supernet(new_prefix=prefix)) if network.prefixlen > prefix else str(network)


class QueryPool:
    """A few worker processes over the store, driven from the server's event loop; `await run(request,
    client, key)` answers within the deadline. Before the loop runs (start-up), `wait_ready` and `call`
    use the sockets directly."""

    DEPTH = 2  # requests a worker holds: the one it answers and the next (a worker waiting for the server is idle)
    WAITING = 32  # waiting places per worker

    def __init__(self, project_root: Path, store_dir: Path, queries: dict, size: int = 2, timeout: float = 10.0,
                 memory_limit: int = 2 << 30, limits: dict | None = None, start_timeout: float = 60.0,
                 client_limit: int = 32, max_workers: int | None = None, long_after: float | None = None,
                 charts: Path | None = None, base_url: str | None = None):
        import kg.web.pages  # noqa: F401 (imported before the zygote forks: shared by every worker)

        self.zygote = Zygote((str(project_root), str(store_dir), dict(limits or {}), queries, memory_limit,
                              str(charts) if charts else None, base_url))
        self.size, self.timeout, self.start_timeout, self.memory_limit = size, timeout, start_timeout, memory_limit
        self.client_limit = client_limit
        self.max_workers = max_workers or size + max(2, size)
        self.long_after = long_after if long_after is not None else min(0.5, timeout / 4)
        self.waiting_limit = self.WAITING * (size + 1)  # more than one client may take (client_limit)
        self.handles: set = set()
        self.clients: dict = {}
        self.networks: dict = {}  # network_of(address) -> Share: what its clients used, together
        self.new_agents: dict = {}  # address -> when it showed each of its latest new User-Agents
        self.newcomer_long_runs: dict = {}  # address -> its newcomers' first requests that ran long, one after another
        self.waiting = 0
        self.costs = Cache(size=4096)  # request key -> seconds it ran (long ones are what matters)
        self.timed_out = Cache(size=4096)  # request key -> when it ran past the deadline
        self.loop = None
        self.ticking = None
        self.closed = False
        self.failure = ""  # why a worker could not start
        for _ in range(size):
            self._spawn()

    # -------------------------------------------------------------- processes

    def _spawn(self) -> wire.Handle | None:
        """A new worker; None once the zygote that forks them is gone: stopped with the server's process
        group (nothing to say), or killed, which is said once when a request waits for a worker (and
        /health says unavailable when no worker is left)."""
        try:
            handle = wire.Handle(*self.zygote.spawn())
        except (OSError, KGError) as error:
            if self.loop is None:  # at start-up: the server cannot start
                raise
            if self.waiting and not self.failure.startswith("no query worker"):
                self.failure = f"no query worker can be started: the process that forks them is gone ({error})"
                log.error("%s", self.failure)
            return None
        self.handles.add(handle)
        if self.loop is not None:
            self._watch(handle)
            self.loop.call_later(self.start_timeout, self._check_started, handle)
        return handle

    def _kill(self, handle: wire.Handle, head_reply: Reply | None = None) -> None:
        """Stop a worker; its first request gets `head_reply` (if any), the others go back to wait."""
        if self.loop is not None and self.loop.is_closed():
            self.loop = None  # the server has stopped: what is left is done here
        if handle not in self.handles:
            return
        self.handles.discard(handle)
        if handle.watched and self.loop is not None:
            self.loop.remove_reader(handle.connection.fileno())
            handle.watched = False
        handle.connection.close()
        try:
            os.kill(handle.pid, 9)  # (the zygote, its parent, reaps it)
        except ProcessLookupError:
            pass
        first = True
        while handle.inflight:
            job = handle.inflight.popleft()
            if handle in job.placements:
                job.placements.remove(handle)
            if (first and head_reply is not None) or job.done():
                self._finish(job, head_reply)  # (one answered already, or given up: what it ran is charged)
            elif not job.done() and not job.placements and not job.queued:
                job.started = None
                self._not_running(job)
                self._requeue(job)
            first = False

    def _replace(self, handle: wire.Handle, head_reply: Reply | None = None) -> None:
        self._kill(handle, head_reply)
        if not self.closed and len(self.handles) < self.size:
            self._spawn()

    def close(self) -> None:
        self.closed = True
        if self.ticking is not None:
            self.ticking.cancel()
        for handle in list(self.handles):
            self._kill(handle)
        for client in self.clients.values():
            for job in client.waiting:
                if not job.done():
                    job.future.set_result(Reply.error(503, "the server is shutting down"))
        self.zygote.close()

    # -------------------------------------------------------------- before the loop runs

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every worker has opened the store (for start-up and tests)."""
        deadline = time.monotonic() + timeout
        for handle in [h for h in self.handles if not h.ready]:
            try:
                said = wire.receive(handle, max(0.0, deadline - time.monotonic())) or "failed: no answer"
            except (EOFError, OSError):
                said = "failed: it exited"
            if said != "ready":
                self.failure = str(said)
                return False
            handle.ready = True
        return True

    def call(self, request: dict, timeout: float) -> Reply:
        """Answer `request` in a ready worker, blocking: for start-up, before the event loop runs. The
        worker is then replaced by a fresh one: what a start-up job grew (counting the dataset) would
        otherwise stay with it while it serves."""
        handle = next(h for h in self.handles if h.ready and not h.inflight)
        wire.send(handle, request)
        reply = wire.receive(handle, timeout)
        if reply is None:
            raise KGError(f"the store did not answer within {timeout:g} s")
        self._replace(handle)
        if not self.wait_ready(self.start_timeout):
            raise KGError(f"a query worker did not start: {self.failure}")
        return reply

    # -------------------------------------------------------------- the loop's side

    def _attach(self) -> None:
        self.loop = asyncio.get_running_loop()
        for handle in self.handles:
            self._watch(handle)

    def _watch(self, handle: wire.Handle) -> None:
        self.loop.add_reader(handle.connection.fileno(), self._readable, handle)
        handle.watched = True

    def _readable(self, handle: wire.Handle) -> None:
        try:
            messages = wire.read(handle)
        except (EOFError, OSError):  # the worker died: out of memory (Oxigraph aborts), or killed from outside
            head = next((job for job in handle.inflight if not job.done()), None)
            if head is not None:  # (idle workers end with the server's process group: nothing to say)
                log.warning("a query worker stopped (out of memory, or crashed) while answering a %s request of %s; it is "
                            "replaced", head.request.get("op"), head.client or "a client")
            self._replace(handle, Reply.error(
                503, f"the query worker stopped while answering it: the query needed more memory than a worker "
                     f"may use ({self.memory_limit >> 20} MiB), was too long for the engine to read, or stopped the "
                     f"engine itself (Oxigraph 0.5 stops so on some ORDER BY over values of several kinds); make it "
                     f"smaller or more selective"))
            self._dispatch()
            return
        for message in messages:
            self._received(handle, message)
        self._dispatch()

    def _received(self, handle: wire.Handle, message) -> None:
        if not handle.ready:
            if message == "ready":
                handle.ready = True
                handle.idle_since = time.monotonic()
            else:
                self.failure = str(message)
                self._kill(handle)
            return
        if not handle.inflight:
            return
        job = handle.inflight.popleft()
        if handle in job.placements:
            job.placements.remove(handle)
        if getattr(message, "fault", ""):
            log.error("error answering a %s request of %s: %s", job.request.get("op"), job.client or "a client",
                      message.fault)
        now = time.monotonic()
        self._finish(job, message, now)
        if handle.niced:  # it answered a long request at a low priority: a fresh worker takes its place
            self._replace(handle)
            return
        if handle.inflight:
            self._start(handle.inflight[0], now)
        else:
            handle.idle_since = now

    def _start(self, job: Job, now: float) -> None:
        if job.started is None:
            job.started = now
            client = self._client(job.client)
            client.running[job] = self._network(client).running[job] = now

    def _not_running(self, job: Job) -> float | None:
        """`job` no longer runs (answered, or its worker stopped): when it started, if it did."""
        client = self._client(job.client)
        self._network(client).running.pop(job, None)
        return client.running.pop(job, None)

    def _finish(self, job: Job, reply, now: float | None = None) -> None:
        """Record what `job` cost, its worker done with it, and answer it (if nobody has yet)."""
        now = time.monotonic() if now is None else now
        client = self._client(job.client)
        started = self._not_running(job)
        if started is not None:
            client.charge(now - started, now)
            self._network(client).charge(now - started, now)
            if now - started < self.long_after:
                if not client.answered:
                    self.newcomer_long_runs.pop(client.address, None)
                client.long_runs = 0
            client.answered = True
            if not job.done():
                self.costs[job.key] = now - started
        self._answer(job, reply)

    def _answer(self, job: Job, reply) -> None:
        """Answer `job` with `reply`, if nobody has yet: it is no longer pending for its client."""
        if not job.done():
            job.future.set_result(reply)
            self._client(job.client).pending -= 1

    def _client(self, name: str) -> Client:
        client = self.clients.get(name)
        if client is None:
            address = name.split(" ", 1)[0]
            runs = self.newcomer_long_runs.get(address, 0)
            client = self.clients[name] = Client(updated=time.monotonic(), address=address, long_runs=runs,
                                                 inherited=runs > 0, network=network_of(address))
        return client

    def _network(self, client: Client) -> Share:
        network = self.networks.get(client.network)
        if network is None:
            network = self.networks[client.network] = Share(updated=time.monotonic())
        return network

    def _check_started(self, handle: wire.Handle) -> None:
        if handle in self.handles and not handle.ready:
            self.failure = "a worker did not start in time"
            self._replace(handle)

    # -------------------------------------------------------------- admission

    async def run(self, request: dict, client: str = "", key=None, timeout: float | None = None) -> Reply:
        """Answer `request` for `client` in a worker, within the deadline."""
        if self.loop is None:
            self._attach()
        if self.closed:
            return Reply.error(503, "the server is shutting down")
        timeout = self.timeout if timeout is None else timeout
        key = key if key is not None else repr(sorted(request.items()))
        now = time.monotonic()
        client = self._identity(client, now)
        refused = self._refusal(client, key, now)
        if refused is not None:
            return refused
        state = self._client(client)
        job = Job(request, client, key, now, now + timeout, self.loop.create_future(),
                  heavy=self.costs.get(key, 0.0) >= self.long_after or _presumed_long(request, state))
        state.pending += 1
        self._enqueue(job)
        self._dispatch()
        self._keep_ticking()
        try:
            return await asyncio.wait_for(asyncio.shield(job.future), timeout)
        except asyncio.TimeoutError:
            return self._expire(job, timeout)
        except asyncio.CancelledError:  # the server is stopping, or the client went away
            self._abandon(job)
            raise

    def _identity(self, client: str, now: float) -> str:
        """The client a request counts for: `client` ("address user-agent"), unless it is new and its
        address has shown AGENTS_PER_ADDRESS new User-Agents within HALF_LIFE s: then "address *"."""
        if client in self.clients:
            return client
        address = client.split(" ", 1)[0]
        shown = self.new_agents.setdefault(address, deque())
        while shown and now - shown[0] > HALF_LIFE:
            shown.popleft()
        if len(shown) >= AGENTS_PER_ADDRESS:
            return f"{address} *"
        shown.append(now)
        return client

    def _refusal(self, client: str, key, now: float) -> Reply | None:
        """429 for a client at its limit, 503 for a request that ran past the deadline lately or when no
        place is left to wait in; None to admit."""
        since = self.timed_out.get(key)
        if since is not None and now - since < BLACKOUT:
            wait = math.ceil(BLACKOUT - (now - since))
            return Reply(503, f"this request ran past the {self.timeout:g} s deadline {now - since:.0f} s ago, so it "
                              f"is not run again for {wait} s; make it more selective or add a LIMIT\n".encode(),
                         headers={"Retry-After": str(wait)})
        state = self.clients.get(client)
        if state is not None and state.pending >= self.client_limit:
            return Reply(429, f"too many requests from you at once (at most {self.client_limit} may be answered "
                              "or waiting); wait for the answers before asking more\n".encode(),
                         headers={"Retry-After": str(self._retry_after(state))})
        if self.waiting >= self.waiting_limit:
            fullest = max(self.clients.values(), key=lambda c: len(c.waiting))
            mine = len(state.waiting) if state is not None else 0
            if fullest is state:
                return Reply(429, b"too many of your requests are waiting for the query workers; wait for their "
                                  b"answers before asking more\n", headers={"Retry-After": str(self._retry_after(state))})
            if len(fullest.waiting) <= mine + 1:
                return Reply(503, b"too many requests are waiting for the query workers; try again shortly\n",
                             headers={"Retry-After": "2"})
            self._evict(fullest)
        return None

    def _retry_after(self, client: Client) -> int:
        """Seconds until the client's requests are likely answered: what they wait for, over the workers."""
        recent = [seconds for seconds in list(self.costs.values())[-64:]] or [0.1]
        return max(1, min(math.ceil(self.timeout), math.ceil(client.pending * sum(recent) / len(recent) / self.size)))

    def _evict(self, client: Client) -> None:
        """Refuse the newest waiting request of `client` (429), to give its place to another client."""
        while client.waiting:
            job = client.waiting.pop()
            job.queued = False
            self.waiting -= 1
            if not job.done():
                self._finish(job, Reply(429, b"too many of your requests are waiting; others needed the place\n",
                                        headers={"Retry-After": str(self._retry_after(client))}))
                return

    def _enqueue(self, job: Job) -> None:
        self._client(job.client).waiting.append(job)
        job.queued = True
        self.waiting += 1

    def _requeue(self, job: Job) -> None:
        """Back to the front of its client's queue (its worker was stopped, or is busy with a long request)."""
        client = self._client(job.client)
        client.waiting.appendleft(job)
        job.queued = True
        job.heavy = job.heavy or _presumed_long(job.request, client)
        self.waiting += 1

    def _expire(self, job: Job, timeout: float) -> Reply:
        """The deadline passed: stop the worker answering it, or take it out of the queue."""
        if job.done():
            return job.future.result()
        if job.started is not None:
            self.timed_out[job.key] = time.monotonic()
            reply = Reply(503, f"the query ran past the {timeout:g} s deadline and was stopped; make it more selective "
                               "or add a LIMIT\n".encode(), headers={"Retry-After": str(math.ceil(BLACKOUT))})
        else:
            reply = Reply(503, f"the query workers stayed busy for {timeout:g} s; try again shortly\n".encode(),
                          headers={"Retry-After": "5"})
        for handle in list(job.placements):
            if handle.inflight and handle.inflight[0] is job:
                self._replace(handle, reply)
        self._finish(job, reply)
        self._dispatch()
        return reply

    def _abandon(self, job: Job) -> None:
        """Nobody waits for `job` any more: it leaves the queue. A worker that has it goes on answering it for
        nobody, counted as running for its client, until the answer comes (its time charged, as any answer's) or,
        after `long_after`, it is stopped as a long request of its client (_look_at). It was taken as answered at
        once: the query's known cost overwritten by the moments it had run and its client's long record wiped,
        so a client that sent slow queries and went away at once was never taken as sending long ones."""
        if not job.done():  # (one answered meanwhile, by another worker too, was not given up)
            job.abandoned = True
            self._answer(job, Reply.error(503, "abandoned"))

    # -------------------------------------------------------------- dispatch

    def _room(self, handle: wire.Handle, job: Job, now: float) -> bool:
        """Whether `handle` may take `job` now: a ready worker, holding nothing (a long request), or
        answering a request that is neither long nor known to be (one other)."""
        if not handle.ready or handle.niced:
            return False
        if not handle.inflight:
            return (not job.heavy or self._spare_besides(handle, job.client, now)
                    or (len(self.handles) > self.size and self._on_address_record(job)))
        if job.heavy or len(handle.inflight) >= self.DEPTH:
            return False
        head = handle.inflight[0]
        return not head.heavy and not (head.started is not None and now - head.started >= self.long_after)

    def _spare_besides(self, handle: wire.Handle, client: str, now: float) -> bool:
        """Whether, were `handle` to take a long request of `client`, another client asking now would still
        find a worker ready and not answering a long request (a worker that replaces one stopped at the
        deadline takes a moment to open the store); always, with one worker (it cannot keep one spare), or
        when no other client used the workers lately."""
        if self.size < 2 or not any(c.pending or c.load(now) > 0.01 for name, c in self.clients.items() if name != client):
            return True
        return any(h is not handle and h.ready and not h.niced and not (h.inflight and h.inflight[0].heavy)
                   for h in self.handles)

    def _on_address_record(self, job: Job) -> bool:
        """Whether `job` is taken as long only from its address's record: its client is a newcomer there (a
        colleague behind the same NAT as a client sending slow queries, or that client under a new User-Agent),
        none of whose requests runs now or ran long, and the request itself is not known to be long. It goes
        after every request not taken as long, on a worker added for it, never queued behind another: else it
        waited, with every worker held by the address's slow queries, for their deadline."""
        client = self._client(job.client)
        return (job.heavy and client.inherited and not client.running
                and self.costs.get(job.key, 0.0) < self.long_after)

    def _heavy_running(self) -> int:
        return sum(1 for h in self.handles if h.inflight and h.inflight[0].heavy and not h.inflight[0].done())

    def _dispatch(self) -> None:
        """Give waiting requests to workers with room: client by client, the least busy lately first (of the
        least busy network first: network_of); in a client's queue, the oldest that is not known to be long first."""
        if self.loop is None or self.closed:
            return
        while self.waiting and len(self.handles) < self.size and self._spawn() is not None:
            pass  # (a worker that could not be replaced when it ended)
        now = time.monotonic()
        while self.waiting:
            placed = False
            heavy_room = self._heavy_running() < max(1, self.size - 1)
            congested = self._congested(now)
            candidates = []
            for client in [c for c in self.clients.values() if c.waiting]:
                self._drop_answered(client)
                job = next((j for j in client.waiting if not j.heavy), None)
                if job is None and heavy_room:
                    job = next(iter(client.waiting), None)
                if job is None:
                    job = next((j for j in client.waiting if self._on_address_record(j)), None)
                if job is not None:  # newcomers judged by their address alone, the newest first (a burst's come at once)
                    arrived = -job.arrived if self._on_address_record(job) else client.waiting[0].arrived
                    if congested and not self._on_address_record(job):
                        arrived = -arrived  # clients equal in use (none lately: newcomers), the latest first
                    candidates.append((job.heavy, self._standing(self._network(client), now),
                                       self._standing(client, now), arrived, id(job), job))
            for *_, job in sorted(candidates):  # requests not taken as long first
                handle = min((h for h in self.handles if self._room(h, job, now)),
                             key=lambda h: len(h.inflight), default=None)
                if handle is None:
                    continue
                self._place(job, handle, now)
                placed = True
                break
            if not placed:
                break
        self._forget_idle_clients()

    def _standing(self, share: Share, now: float) -> float:
        """How much a client (or network) used the workers lately, for its turn: less than one long request's
        worth counts as none, so that a client asking now and then is the equal of a newcomer."""
        load = share.load(now)
        return load if load >= self.long_after else 0.0

    def _congested(self, now: float) -> bool:
        """Whether a request not taken as long has waited `long_after` or more: the workers do not keep up
        (every one answers a long request, the newest of a burst of them). Clients equal in use lately, none
        (newcomers: many addresses each with a slow query, a colleague with a short one), are then taken the
        latest first, as adaptive LIFO does: else one who came after the burst waited for every query in it
        to be tried in turn and found long."""
        return any(not j.heavy and now - j.arrived >= self.long_after
                   for c in self.clients.values() for j in c.waiting if not j.done())

    def _drop_answered(self, client: Client) -> None:
        if not any(j.done() for j in client.waiting):
            return
        kept = deque(j for j in client.waiting if not j.done())
        for job in client.waiting:
            job.queued = not job.done()
        self.waiting -= len(client.waiting) - len(kept)
        client.waiting = kept

    def _place(self, job: Job, handle: wire.Handle, now: float) -> None:
        client = self._client(job.client)
        client.waiting.remove(job)
        job.queued = False
        self.waiting -= 1
        try:
            wire.send(handle, job.request)
        except (OSError, ValueError):
            self._requeue(job)
            self._replace(handle)
            return
        handle.inflight.append(job)
        job.placements.append(handle)
        if len(handle.inflight) == 1:
            self._start(job, now)

    def _forget_idle_clients(self) -> None:
        if len(self.clients) > 4096:
            now = time.monotonic()
            for name in [n for n, c in self.clients.items() if not c.pending and c.load(now) < 0.01]:
                del self.clients[name]
            for name in [n for n, share in self.networks.items() if not share.running and share.load(now) < 0.01]:
                del self.networks[name]
            for address in [a for a, shown in self.new_agents.items() if not shown or now - shown[-1] > HALF_LIFE]:
                del self.new_agents[address]
                self.newcomer_long_runs.pop(address, None)

    # -------------------------------------------------------------- a look every TICK while there is work

    def _keep_ticking(self) -> None:
        if self.ticking is None and not self.closed:
            self.ticking = self.loop.call_later(TICK, self._tick)

    def _tick(self) -> None:
        self.ticking = None
        if self.closed:
            return
        now = time.monotonic()
        for handle in list(self.handles):
            if handle.inflight and handle.inflight[0].started is not None:
                self._look_at(handle, handle.inflight[0], now)
        self._add_or_stop(now)
        self._dispatch()
        self._retire(now)
        if self.waiting or any(h.inflight for h in self.handles) or len(self.handles) > self.size:
            self._keep_ticking()

    def _look_at(self, handle: wire.Handle, head: Job, now: float) -> None:
        """A worker answering a long request: nobody waiting for it, stop it; else lower its priority and
        send what waits behind it to another worker too."""
        if now - head.started < self.long_after:
            return
        if head.done() and not head.abandoned:  # answered by another worker: nobody needs it
            self._replace(handle)
            return
        burst = head.request.get("op") in BURSTS
        if not head.heavy:
            head.heavy = True
            if not burst:
                self._ran_long(self._client(head.client))
        self.costs[head.key] = max(self.costs.get(head.key, 0.0), now - head.started)
        if head.done():  # its client went away: nobody needs it, but it ran long (so counted, above)
            self._replace(handle)
            return
        if not handle.niced and not burst:
            handle.niced = True
            try:
                os.setpriority(os.PRIO_PROCESS, handle.pid, LONG_NICE)
            except (OSError, AttributeError):
                pass
        for job in list(handle.inflight)[1:]:
            if not job.done() and len(job.placements) == 1 and not job.queued:
                self._requeue(job)

    def _ran_long(self, client: Client) -> None:
        """One more of `client`'s requests ran long: after LONG_RUNS of them, what it sends (and has waiting)
        is taken as long too, so that a burst of new slow queries (each unknown) holds one worker at most
        while other clients' requests are answered, not every worker until someone's is found long."""
        client.long_runs += 1
        client.inherited = False
        if not client.answered:
            runs = self.newcomer_long_runs[client.address] = self.newcomer_long_runs.get(client.address, 0) + 1
            if runs >= LONG_RUNS:  # the address's newcomers waiting now are taken as long too
                for other in self.clients.values():
                    if other.address == client.address and not other.answered and other is not client:
                        other.inherited = other.inherited or other.long_runs < runs
                        other.long_runs = max(other.long_runs, runs)
                        for job in other.waiting:
                            job.heavy = job.heavy or _presumed_long(job.request, other)
        for job in client.waiting:
            job.heavy = job.heavy or _presumed_long(job.request, client)

    def _add_or_stop(self, now: float) -> None:
        """Requests wait and every worker answers a long one: add workers, one for each request waiting that is
        not taken as long (up to the most workers: all at once, not one each time a long request is found),
        else one for the newcomers judged by their address alone; or, at the most workers, stop the long
        request of the client (of the network) that used the workers most, for another client waiting."""
        waiting = [j for c in self.clients.values() for j in c.waiting if not j.done()]
        wanted = sum(1 for j in waiting if not j.heavy) or min(1, sum(1 for j in waiting if self._on_address_record(j)))
        if not wanted:
            return
        def busy_with_long(h):
            return h.ready and h.inflight and (h.niced or h.inflight[0].heavy)

        if any(not busy_with_long(h) for h in self.handles):
            return  # a worker that will have room soon, or one starting
        if len(self.handles) < self.max_workers:
            for _ in range(min(wanted, self.max_workers - len(self.handles))):
                self._spawn()
            return
        if all(j.heavy for j in waiting):
            return  # newcomers judged by their address alone: workers are added for them, none stopped
        oldest = min(j.arrived for j in waiting if not j.heavy)
        if now - oldest < self.long_after:
            return
        victims = [h for h in self.handles if h.inflight]
        victim = max(victims, key=lambda h: self._heaviness(h.inflight[0], now))
        head = victim.inflight[0]
        if all(j.client == head.client for j in waiting if not j.heavy):
            return  # only its own client waits (a browser loading a page's charts): stopping it gains that client nothing
        seconds = now - (head.started or now)
        self._replace(victim, Reply(503, f"the query was stopped after {seconds:.1f} s to make room: every worker was "
                                         "busy with a long query while others waited; try again later, or make it "
                                         "more selective\n".encode(), headers={"Retry-After": "10"}))
        if len(self.handles) < self.max_workers:
            self._spawn()

    def _heaviness(self, job: Job, now: float) -> tuple:
        """Whose long request is stopped first: of the network that used the workers most lately, of its
        client that used them most, the one that has run longest (each of many addresses with one slow query
        has used as much as its query has run)."""
        client = self._client(job.client)
        return self._network(client).load(now), client.load(now), now - (job.started or now)

    def _retire(self, now: float) -> None:
        """Stop a worker added for a burst once it has been idle a while (the pool keeps `size`)."""
        if len(self.handles) <= self.size or self.waiting:
            return
        idle = [h for h in self.handles if h.ready and not h.inflight and now - h.idle_since > IDLE_RETIREMENT]
        for handle in idle[:len(self.handles) - self.size]:
            self._kill(handle)

    # -------------------------------------------------------------- for /health and tests

    def healthy(self) -> bool:
        return not self.closed and any(h.ready for h in self.handles)


def _presumed_long(request: dict, client: Client) -> bool:
    """Whether a request of `client` is taken as long from its client's latest (LONG_RUNS of them ran long)."""
    return client.long_runs >= LONG_RUNS and request.get("op") not in BURSTS
