"""The server's side of its wire to a worker (kg.web.workers): a worker's Handle, and reading and writing
the messages on its socket. kg.web.pool's event loop and kg.web.search_index's indexing worker both talk
to workers through it.

The event loop makes the sockets non-blocking, so the server side reads and writes multiprocessing's
framing itself (the workers use its Connection): a 4-byte big-endian length (-1, then 8 bytes, above
2 GiB) and the pickled message.
"""

from __future__ import annotations

import os
import pickle
import select
import socket
import struct
import time
from collections import deque
from dataclasses import dataclass, field


@dataclass(eq=False)
class Handle:
    pid: int
    connection: socket.socket
    ready: bool = False
    inflight: deque = field(default_factory=deque)  # the requests sent (kg.web.pool.Job), answered in that order
    watched: bool = False  # its socket is watched by the event loop
    received: bytearray = field(default_factory=bytearray)  # what has come of the next message
    idle_since: float = 0.0
    niced: bool = False  # lowered in CPU priority while it answered a long request


def read(handle: Handle) -> list:
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


def receive(handle: Handle, timeout: float):
    """Wait for the next message (before the event loop runs); None past the timeout."""
    deadline = time.monotonic() + timeout
    handle.connection.setblocking(False)
    while True:
        messages = read(handle)
        if messages:
            return messages[0]
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([handle.connection], [], [], remaining)[0]:
            return None


def send(handle: Handle, message) -> None:
    """Write one message to a worker (waiting for room in the pipe if a long query fills it)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("!i", len(data)) + data)
    fd = handle.connection.fileno()
    while view:
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            select.select([], [fd], [], 1.0)
