"""HTTP connections that no client can hold on to: what uvicorn's own protocol leaves open.

uvicorn (httptools) sets no deadline on a request's head or body, keeps a connection that never sends
a byte open for ever, and counts idle sockets against `limit_concurrency`: 256 idle TCP connections
made every route answer 503, and a client sending its headers a byte at a time (slowloris) held a
connection as long as it liked. `protocol_class` makes uvicorn's httptools protocol keep these bounds:

- a connection that sends nothing is closed after `idle_timeout` (uvicorn's keep-alive timeout, now
  also before the first request);
- a request's head (request line and headers, at most `max_head` bytes, else 431; 414 where the request line
  alone is longer, its target being what is too long: RFC 9112, 3) must arrive within
  `read_timeout` of its first byte, and its body within `read_timeout` of the head, else 408 and the
  connection is closed; a slow sender cannot reset the clock by trickling bytes;
- an answer the client does not read: a connection whose answers wait unsent (the system's buffer for it
  full, the server's too) for `write_timeout` s is dropped, whatever it is doing; one that reads slowly
  resets the clock each time what waits is sent. (Without this, clients that pipelined requests for the
  dumps and read nothing held their connections for as long as they liked, and 16 of them filled a server
  of 16 connections: every newcomer was told 503.)
- at most `max_connections` are open: past that, the connection that holds nothing (idle, or still
  sending its head) of the address that has the most of them, oldest first, is closed to make room;
  else the one whose client has read nothing of its answers for longest (a second at least); only when
  every connection is answering a request that its client reads is the newcomer told 503 with
  Retry-After. Such a connection is never closed for room: the query pool bounds those.
- a response that closes the connection before the request's body has all come (413 for a body larger
  than the server reads) is not followed by a reset: closing a socket with unread bytes makes the system
  send RST, which threw away the 413 in the client's buffer, and a client that sends its whole body before
  reading (urllib, requests) saw "connection reset" instead. The response is written, the sending side
  shut (FIN), and what the client still sends read and dropped, up to `max_drain` bytes and for
  `read_timeout` s, before the connection is closed.
- the application learns when a connection is lost while it answers (scope["extensions"][LOST], an
  asyncio.Event set when the client has gone), so a query nobody waits for can be given up; and every request
  of a lost connection is gone, not only the last one read: uvicorn marked that one alone, so with requests
  pipelined the one being answered (an earlier one) wrote its answer to the closed connection, which uvloop
  refused with a RuntimeError that was logged as a fault of the server's.
- a client that has sent its requests whole and then shuts its sending side (a half-close: FIN, as
  `printf ... | nc -N` and HTTP/1.0 tools send) is answered, every request it sent, and the connection then
  closed (uvicorn closed it at once, unanswered; Oxigraph answers). A closed socket sends the same FIN, so
  the server asks: an interim `100 Continue` (RFC 9110, 15.2: a client parses any 1xx before the final
  answer) is written at once and again after 0.1, 0.3, 0.7... s while the answer is not begun; a socket the
  client closed answers it with a reset, the next write fails, and the connection is lost as before. (An
  HTTP/1.0 request may be sent no 1xx: it is answered, its query not given up.)
"""

from __future__ import annotations

import asyncio
import re
import resource
from collections import Counter
from dataclasses import dataclass, replace

IDLE, HEAD, BODY, ANSWERING, DRAINING = "idle", "head", "body", "answering", "draining"  # a connection's phases
HOLDING_NOTHING = (IDLE, HEAD)
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"  # the interim answer that asks a half-closed client whether it is there
STALLED_FOR_ROOM = 1.0  # seconds a connection's answers wait unread before it may be dropped to make room
FIRST_PROBE = 0.1  # seconds after a half-close that the second 100 Continue is written (then twice as long each time)
LOST = "kg.connection_lost"  # the scope extension: an asyncio.Event set when the request's connection is lost


@dataclass(frozen=True)
class ConnectionLimits:
    read_timeout: float = 10.0  # seconds for a request's head, and again for its body
    idle_timeout: float = 5.0  # seconds a connection may stay open without sending a request
    max_head: int = 64 * 1024  # bytes of request line and headers
    max_connections: int = 1000
    max_drain: int = 64 << 20  # bytes of a refused body read (and dropped) so that the client reads the refusal
    write_timeout: float = 10.0  # seconds an answer may wait, unsent, for its client to read

    def fitted(self) -> "ConnectionLimits":
        """These limits with `max_connections` below what the process may open (file descriptors), raising
        its soft limit to the hard one first: sockets beyond it would fail to be accepted at all."""
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or hard > soft):
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))
                soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            except (ValueError, OSError):
                pass
        if soft == resource.RLIM_INFINITY:
            return self
        room = max(16, soft - 128)  # files, pipes to the workers, the store's files
        return self if self.max_connections <= room else replace(self, max_connections=room)


def refusal(status: int, reason: str, message: str, extra: bytes = b"") -> bytes:
    """A complete HTTP/1.1 response that closes the connection, for refusals made before the application runs."""
    body = (message.rstrip() + "\n").encode("utf-8")
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n").encode("ascii") + extra + b"\r\n" + body


def refused(status: int, message: str):
    """An ASGI application that answers every request with `status` and `message`, and closes the connection."""
    body = (message.rstrip() + "\n").encode("utf-8")

    async def application(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    return application


def protocol_class(limits: ConnectionLimits) -> type:
    """uvicorn's httptools protocol keeping `limits` (pass it to uvicorn.Config as `http=`)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        def connection_made(self, transport) -> None:
            self.phase = IDLE
            super().connection_made(Lingering(transport, self))
            self.parser, self.unread = Recording(self.parser), b""
            self.between, self.from_start, self.completed = True, True, 0  # where the parser is (see _unread_request)
            self.refusal_after = None  # the refusal of what the parser could not read, once earlier answers are sent
            self.since, self.head_bytes, self.timer, self.drained = self.loop.time(), 0, None, 0
            self.line_read = False  # whether the request line of the head being read has ended (its "\n" come)
            self.stalled_since, self.write_timer = None, None  # since when its answers wait unread (pause_writing)
            # paused whenever what is written cannot all go to the system at once (its buffer for the socket
            # full), not only past 64 KiB: small answers the client never reads are seen waiting too
            self.transport.set_write_buffer_limits(high=0)
            self.lost = asyncio.Event()
            self.cycles = []  # the requests read and not yet answered, oldest first
            self._expect(limits.idle_timeout)
            if len(self.connections) > limits.max_connections:
                self._make_room()

        def connection_lost(self, exc) -> None:
            self._cancel()
            self._stall_ended()
            self.lost.set()
            for cycle in self.cycles:  # (uvicorn marks self.cycle, the last request read, alone)
                if not cycle.response_complete:
                    cycle.disconnected = True
                    cycle.message_event.set()
            super().connection_lost(exc)

        def _unsupported_upgrade_warning(self) -> None:
            """An Upgrade (websocket, h2c) is answered as the plain HTTP request it also is (RFC 9110, 7.8: a server
            may ignore it), as Oxigraph answers it; the server speaks no WebSocket, which uvicorn had answered with a
            bare 403 and no word. Not logged: uvicorn's lines advised installing a WebSocket library."""

        def pause_writing(self) -> None:
            super().pause_writing()
            if self.write_timer is None:
                self.stalled_since = self.loop.time()
                self.write_timer = self.loop.call_later(limits.write_timeout, self._unread_answers)

        def resume_writing(self) -> None:
            super().resume_writing()
            self._stall_ended()

        def _stall_ended(self) -> None:
            """What waited is sent (or the connection is gone): no stall to time."""
            if self.write_timer is not None:
                self.write_timer.cancel()
            self.stalled_since, self.write_timer = None, None

        def stalled(self) -> float:
            """Seconds its answers have waited unsent for the client to read them (0: none wait)."""
            return 0.0 if self.stalled_since is None else self.loop.time() - self.stalled_since

        def _unread_answers(self) -> None:
            """The client has read nothing of its answers for `write_timeout` s: drop the connection (abort:
            close() would wait for the unsent bytes for ever), and with it every request it holds."""
            self.write_timer = None
            self._cancel()
            self.transport.abort()

        def eof_received(self) -> bool | None:
            """The client sends no more: a request being read is cut short (closed, as before); requests read whole
            and not yet answered are answered, then the connection closed; whether the client is still there to
            read them is asked (probe) and, if not, they are given up as for a closed connection."""
            owed = [cycle for cycle in self.cycles if not cycle.response_complete]
            if self.phase != ANSWERING or not owed or self.transport.is_closing():
                return None  # (the transport closes itself)
            owed[-1].keep_alive = False  # closed once the last is answered
            self.probe(FIRST_PROBE)
            return True  # (keep the sending side open)

        def probe(self, next_probe: float) -> None:
            """A 100 Continue written while the request being answered has no answer begun (an HTTP/1.1 one),
            and again after `next_probe` s: a client that closed its socket resets the connection, and a write
            after that fails (connection_lost)."""
            if self.transport.is_closing() or self.lost.is_set():
                return
            cycle = next((c for c in self.cycles if not c.response_complete), None)
            if cycle is None or cycle.response_started or cycle.scope.get("http_version") == "1.0":
                return
            self.transport.write(CONTINUE)
            self.loop.call_later(next_probe, self.probe, next_probe * 2)

        def data_received(self, data: bytes) -> None:
            if self.refusal_after is not None:  # what follows bytes the parser could not read: dropped
                return
            if self.phase == DRAINING:  # the rest of a body whose answer is written: dropped
                self.drained += len(data)
                if self.drained > limits.max_drain:
                    self.transport.closed()
                return
            if self.phase in HOLDING_NOTHING:
                if self.phase == IDLE:
                    self._enter(HEAD, limits.read_timeout)
                line = data.find(b"\n")  # what comes before it is head, whatever follows
                if self.head_bytes + (len(data) if line < 0 else line) > limits.max_head:
                    # refused unread: httptools cannot parse a URL over 64 KiB, and uvicorn made that a 400
                    self._refuse(*self._overlong(self.line_read))
                    return
                self.head_bytes += len(data)  # (a chunk that also holds a body counts only if the head is not done)
                self.line_read = self.line_read or line >= 0
            self.unread, self.from_start, self.completed = data, self.between, 0
            super().data_received(data)
            if self.phase == HEAD and self.head_bytes > limits.max_head and not self.transport.is_closing():
                self._refuse(*self._overlong(self.line_read))

        def _overlong(self, line_read: bool) -> tuple[int, str, str]:
            """(status, reason, message) for a head longer than `max_head`: 414 if its request line is (RFC 9112, 3:
            a request-target longer than the server parses; it was a 431, which is for header fields), else 431."""
            if not line_read:
                return 414, "URI Too Long", (f"the request's path and query are longer than {limits.max_head} bytes "
                                             "(a long SPARQL query can be POSTed to /sparql)")
            return 431, "Request Header Fields Too Large", f"the request line and headers are longer than {limits.max_head} bytes"

        def on_headers_complete(self) -> None:
            size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
            if size > limits.max_head:  # a whole head in one read: answered by a refusal, not the application
                status, _, message = self._overlong(len(self.url) <= limits.max_head)
                application, self.app = self.app, refused(status, message)
                try:
                    super().on_headers_complete()
                finally:
                    self.app = application
            else:
                super().on_headers_complete()
            if self.cycle is not None and self.cycle not in self.cycles:  # (none made for an upgrade)
                self.cycles = [cycle for cycle in self.cycles if not cycle.response_complete] + [self.cycle]
            self.head_bytes, self.line_read = 0, False
            if self.phase == HEAD:
                self._enter(BODY, limits.read_timeout)

        def on_message_begin(self) -> None:
            self.between = False
            super().on_message_begin()
            self.scope["extensions"] = {**(self.scope.get("extensions") or {}), LOST: self.lost}

        def on_message_complete(self) -> None:
            self.between = True
            self.completed += 1
            super().on_message_complete()
            if self.phase in (HEAD, BODY):
                self._enter(ANSWERING, None)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if (self.refusal_after is not None and self.cycle.response_complete and not self.pipeline
                    and not self.transport.is_closing()):
                self._unset_keepalive_if_required()  # every answer owed is sent: now the refusal, and close
                self._refuse(*self.refusal_after)
            elif self.timeout_keep_alive_task is not None:  # nothing pipelined: it waits for the next request
                self._enter(IDLE, limits.idle_timeout)
            elif self.cycle is not None and self.cycle.more_body and not self.cycle.response_complete:
                self._enter(BODY, limits.read_timeout)  # a pipelined request, its body still to come

        def send_400_response(self, msg: str) -> None:
            """What the parser could not read, said as the server's own refusals are (uvicorn's text was
            "Invalid HTTP request received." for a byte beyond ASCII in a URL, an unknown method or a
            Content-Length that is no number alike). Requests before it in the same read (pipelined) are
            answered first, in order: the refusal comes after their answers, then the connection closes."""
            refusal = unreadable(self.parser.error, self._unread_request())
            if self.cycle is not None and not self.cycle.more_body and not self.cycle.response_complete:
                self.refusal_after = refusal  # (on_response_complete sends it)
                self._enter(ANSWERING, None)
                return
            self._refuse(*refusal)

        def _unread_request(self) -> bytes:
            """The bytes of the request the parser could not read: what it was fed last, after the requests that
            were complete in it (when those began in it too; else nothing is known of where it begins)."""
            if not self.completed:
                return self.unread
            return self.unread[requests_end(self.unread, self.completed):] if self.from_start else b""

        # ------------------------------------------------------------ deadlines

        def _enter(self, phase: str, timeout: float | None) -> None:
            self.phase, self.since = phase, self.loop.time()
            self._cancel()
            if timeout is not None:
                self._expect(timeout)

        def _expect(self, timeout: float) -> None:
            self.timer = self.loop.call_later(timeout, self._expired)

        def _cancel(self) -> None:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None

        def _expired(self) -> None:
            self.timer = None
            if self.phase == DRAINING:
                self.transport.closed()
                return
            if self.transport.is_closing():
                return
            if self.phase == IDLE:
                self.transport.close()
            elif self.phase == HEAD:
                self._refuse(408, "Request Timeout",
                             f"the request's head did not arrive within {limits.read_timeout:g} s")
            elif self.phase == BODY:
                if self.cycle is not None and not self.cycle.response_started:
                    self.cycle.disconnected = True  # the application's answer, if any, is not written
                    self._refuse(408, "Request Timeout",
                                 f"the request's body did not arrive within {limits.read_timeout:g} s")
                else:
                    self.transport.close()

        def _refuse(self, status: int, reason: str, message: str, extra: bytes = b"") -> None:
            self._cancel()
            self.phase = ANSWERING  # nothing more is read from it
            self.transport.write(refusal(status, reason, message, extra))
            self.transport.close()

        def linger(self) -> None:
            """The response is written and the connection is to close, but the request's body is still coming:
            shut the sending side once the response is sent, and drop what comes (Lingering)."""
            self._enter(DRAINING, limits.read_timeout)
            self.drained = 0
            self.transport.finish()

        # ------------------------------------------------------------ room

        def _make_room(self) -> None:
            """Close a connection that holds nothing, of the address with the most of them, oldest first; else
            drop the one whose client has left its answers unread longest (STALLED_FOR_ROOM s at least); if every
            one is answering a request its client reads, refuse this one."""
            others = [c for c in self.connections if c is not self and hasattr(c, "phase")]
            spare = [c for c in others if c.phase in HOLDING_NOTHING and not c.transport.is_closing()]
            if spare:
                per_address = Counter(_address(c) for c in spare)
                victim = min(spare, key=lambda c: (-per_address[_address(c)], c.since))
                victim._cancel()
                victim.transport.close()
                return
            unread = max(others, key=lambda c: c.stalled(), default=None)
            if unread is not None and unread.stalled() >= STALLED_FOR_ROOM:
                unread._unread_answers()
                return
            self._refuse(503, "Service Unavailable", "the server holds as many connections as it may; try again "
                         "shortly", b"retry-after: 1\r\n")

    return BoundedHttpToolsProtocol


class Recording:
    """httptools' parser, remembering the error it raised (uvicorn's protocol keeps only that there was one)."""

    def __init__(self, parser):
        self._parser, self.error = parser, None

    def __getattr__(self, name):
        return getattr(self._parser, name)

    def feed_data(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except Exception as error:
            self.error = error
            raise


def requests_end(data: bytes, count: int) -> int:
    """Where in `data`, which begins with a request, the first `count` requests end (the next one begins).

    >>> data = b"POST / HTTP/1.1\\r\\nContent-Length: 3\\r\\n\\r\\nASK{}GET / HTTP/1.1\\r\\n\\r\\n"
    >>> data[requests_end(data, 1):]
    b'{}GET / HTTP/1.1\\r\\n\\r\\n'
    """
    import httptools

    class Counted:
        complete = 0

        def on_message_complete(self) -> None:
            self.complete += 1

    def ended(size: int) -> bool:  # whether data[:size] holds `count` whole requests (or what follows them)
        counted = Counted()
        parser = httptools.HttpRequestParser(counted)
        try:
            parser.feed_data(data[:size])
        except httptools.HttpParserError:
            return True
        return counted.complete >= count

    low, high = 0, len(data)
    while low < high:
        middle = (low + high) // 2
        if ended(middle):
            high = middle
        else:
            low = middle + 1
    return low


def unreadable(error, data: bytes) -> tuple[int, str, str]:
    """(status, reason, message) for a request the HTTP parser refused with `error`, `data` the bytes it was reading.

    >>> import httptools
    >>> unreadable(httptools.HttpParserInvalidMethodError("Invalid method encountered"), b"FOO / HTTP/1.1")[:2]
    (501, 'Not Implemented')
    >>> unreadable(httptools.HttpParserInvalidMethodError("Invalid method encountered"), b"\\x00\\x01\\r\\n")[:2]
    (400, 'Bad Request')
    >>> unreadable(httptools.HttpParserInvalidMethodError("Invalid method encountered"), b"\x16\x03\x01")[2]
    'this server speaks HTTP, not HTTPS: ask for http://, not https://'
    >>> unreadable(httptools.HttpParserError("Invalid character in Content-Length"), b"POST /")[2]
    'the request is not HTTP/1.1 the server can read: invalid character in Content-Length'
    """
    import httptools

    if isinstance(error, httptools.HttpParserInvalidMethodError):
        if data[:2] == b"\x16\x03":  # a TLS handshake
            return 400, "Bad Request", "this server speaks HTTP, not HTTPS: ask for http://, not https://"
        if re.match(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+ ", data):  # a method's name, one the server does not know
            return 501, "Not Implemented", "the request's method is not one this server answers: GET, HEAD, POST or OPTIONS"
    if isinstance(error, httptools.HttpParserInvalidURLError):
        return 400, "Bad Request", ("the request's path or query holds a byte a URL may not hold (a space, a control "
                                    "character or a byte beyond ASCII): percent-encode it (%20, %C3%A9)")
    said = str(error) if error is not None else ""
    return 400, "Bad Request", "the request is not HTTP/1.1 the server can read" + (
        f": {said[:1].lower()}{said[1:200]}" if said else "")


class Lingering:
    """A connection's transport whose close() waits, while the request's body is still coming in (its
    protocol's phase is BODY), for the client to stop sending: the response is written, the sending side
    shut, and the protocol drops what comes (DRAINING) until the client closes, `max_drain` bytes have come
    or `read_timeout` passes; then closed(). Everything else is the transport's own."""

    def __init__(self, transport, protocol):
        self._transport, self._protocol, self._lingering = transport, protocol, False

    def __getattr__(self, name):
        return getattr(self._transport, name)

    def close(self) -> None:
        if self._lingering:
            return  # (the drain ends it)
        if self._protocol.phase == BODY and not self._transport.is_closing():
            self._lingering = True
            self._protocol.linger()
            return
        self._transport.close()

    def is_closing(self) -> bool:
        return self._lingering or self._transport.is_closing()

    def finish(self) -> None:
        """Shut the sending side once what is written is sent (FIN, not RST), and read what comes."""
        if self._transport.can_write_eof():
            self._transport.write_eof()
        self._transport.resume_reading()

    def closed(self) -> None:
        """The drain is over: close the connection for good."""
        self._protocol._cancel()
        self._transport.close()


def _address(connection) -> str:
    return connection.client[0] if connection.client else ""
