"""Work on a release's large files, as kg publish and kg serve do it at a million triples: a chunk at a time
(memory), and never in one call of seconds that Python cannot interrupt (Ctrl-C waited for it)."""

from __future__ import annotations

import gzip
import hashlib
import os
import signal
import threading
import time
import tracemalloc
from types import SimpleNamespace

import pyoxigraph as ox
import pytest

from kg.core.dist import CHUNK
from kg.query import store as store_module
from kg.query.store import added_interruptibly, make_store
from kg.web.dataset import gzip_copy


class Signalled(Exception):
    pass


@pytest.mark.parametrize("size", [0, 1, 1000, CHUNK - 1, CHUNK, 4 * CHUNK + 12345])
def test_a_dumps_gzipped_copy_is_what_gzip_compress_gives_made_without_holding_the_file(tmp_path, size):
    """gzip.compress held a dump and its copy in memory at once (the full graph's N-Triples: 318 MB at a
    million triples, in kg serve at a dump's first request) in one call that Ctrl-C could not interrupt.
    The copy is made a chunk at a time now, with the same bytes: no time stamp, no name."""
    source, target = tmp_path / "dump.nt", tmp_path / "dump.nt.gz"
    line = b'<https://w3id.org/oioo/id/a> <https://w3id.org/oioo/ontology#p> "%d" .\n'
    with open(source, "wb") as out:
        written = 0
        while written < size:
            data = b"".join(line % n for n in range(written, written + 50_000))[:size - written]
            out.write(data)
            written += len(data)
    data = source.read_bytes()
    tracemalloc.start()
    try:
        made = gzip_copy(source, target)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    copy = target.read_bytes()
    assert copy == gzip.compress(data, compresslevel=6, mtime=0)
    assert made == (len(copy), hashlib.sha256(copy).hexdigest())
    assert gzip.decompress(copy) == data
    if size > 4 * CHUNK:  # (two chunks at most: the one read, the one before it)
        assert peak < size * 0.75, f"{peak:,} bytes held to gzip {size:,}"


def test_filling_a_store_stops_at_a_signal_not_at_the_end_of_the_file():
    """Ctrl-C while kg publish (or kg serve, or kg query without a store on disk) filled its store from a
    release: Python heard it only when Oxigraph had taken the whole file, 5 s later at a million triples.
    Each triple is handed over by Python code now, so the signal stops the fill where it is."""
    triples = 400_000
    text = b"".join(b"<urn:s%d> <urn:p> <urn:o%d> .\n" % (n, n) for n in range(triples))

    def signalled(signum, frame):
        raise Signalled

    store = ox.Store()
    previous = signal.signal(signal.SIGUSR1, signalled)
    timer = threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGUSR1))
    try:
        with pytest.raises(Signalled):
            timer.start()
            added_interruptibly(store, ox.parse(text, format=ox.RdfFormat.N_TRIPLES, lenient=True))
            threading.Event().wait(5)  # (were it all added before the signal: it is heard here, and the count says so)
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    assert len(store) < triples, "the whole file was added before the signal was heard"


@pytest.mark.parametrize("taken_by", ["the main thread", "the thread in Oxigraph"])
def test_a_stores_compaction_stops_at_a_signal_not_at_its_end(tmp_path, monkeypatch, taken_by):
    """Ctrl-C while kg serve or kg query made a release's store on disk: its compaction (Store.optimize, 3 s at
    a million triples) is one call into Oxigraph's Rust, and Python heard the signal only once it returned. It
    runs in a thread now (kg.core.background.interruptibly), and the signal is heard at once, whichever thread
    the system hands it to: one of Oxigraph's or RocksDB's took it, and the main thread, asleep in a wait no
    signal woke, heard it only when the compaction ended. Here the compaction is a count that Oxigraph works
    out for seconds in one call, as long as the machine takes."""
    call: dict = {}

    class SlowlyCompacted:
        def __init__(self, path):
            self.store = ox.Store()
            self.store.bulk_extend([ox.Quad(ox.NamedNode(f"urn:s{n}"), ox.NamedNode("urn:p"), ox.Literal(str(n)))
                                    for n in range(300)])

        def optimize(self):
            call["thread"] = threading.get_ident()
            call["began"] = time.monotonic()
            timer.start()  # (from here: the signal comes 0.2 s into the compaction, however long the set-up took)
            try:
                list(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))
            finally:  # (run in the waiting thread, as before, the signal is raised as the call returns)
                call["ended"] = time.monotonic()

    def signalled(signum, frame):
        raise Signalled

    monkeypatch.setattr(store_module, "ox", SimpleNamespace(Store=SlowlyCompacted))
    monkeypatch.setattr(store_module, "fill", lambda store, manifest: None)
    previous = signal.signal(signal.SIGUSR1, signalled)
    send = (lambda: os.kill(os.getpid(), signal.SIGUSR1)) if taken_by == "the main thread" else \
        (lambda: signal.pthread_kill(call["thread"], signal.SIGUSR1))
    timer = threading.Timer(0.2, send)
    try:
        with pytest.raises(Signalled):
            make_store(tmp_path / "store", {})
        heard = time.monotonic()
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    deadline = time.monotonic() + 60
    while "ended" not in call and time.monotonic() < deadline:  # (its thread, done before the next test)
        time.sleep(0.05)
    assert "ended" in call and call["ended"] - call["began"] > 1.0, call  # (a call long enough to tell)
    assert heard - call["began"] < 0.2 + 0.5 < call["ended"] - call["began"], \
        f"heard {heard - call['began']:.2f} s into a compaction of {call['ended'] - call['began']:.2f} s"


def test_two_threads_asking_at_once_for_a_gzipped_dump_not_made_yet_both_get_it(tmp_path):
    """kg serve answers a dump's first request in a thread: two at once wrote one temporary file, and the second
    to finish found it renamed away by the first (FileNotFoundError: a 500)."""
    from kg.web.dataset import Dump

    source = tmp_path / "oioo-full.nt"
    source.write_bytes(b"".join(b"<urn:s%d> <urn:p> <urn:o%d> .\n" % (n, n) for n in range(300_000)))
    plain = Dump("oioo-full.nt", "oioo-full", "nt", "application/n-triples", 300_000, source)
    packed = Dump("oioo-full.nt.gz", "oioo-full", "nt", "application/n-triples", 300_000,
                  tmp_path / "oioo-full.nt.gz", gzipped=True, source=plain)
    start, got = threading.Barrier(2), []

    def ask():
        start.wait()
        try:
            got.append(packed.ready())
        except OSError as error:
            got.append(error)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == [packed.path, packed.path], got
    assert gzip.decompress(packed.path.read_bytes()) == source.read_bytes()
    assert (packed.size, packed.sha256) == (packed.path.stat().st_size, hashlib.sha256(packed.path.read_bytes()).hexdigest())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["oioo-full.nt", "oioo-full.nt.gz"]
