"""`kg serve` under hostile clients on loopback, while a well-behaved client keeps querying: does it keep
getting answers, and how fast? (Bounded; run on demand, never in CI. Its cases, small enough for CI,
are tests/test_serve_hostile.py.)

    python bench/hostile.py --seconds 30 --idle 300 --slow-heads 60 --slow-bodies 60 --burst 40

The server runs with its defaults (kg serve's options can be added after `--`). For `--seconds`, at once:

- `--idle` sockets connect and send nothing; when the server closes one, it connects again;
- `--slow-heads` send a request's head a header line every 0.5 s, and `--slow-bodies` a POST's body
  10 bytes every 0.5 s (slowloris), each again once answered or closed;
- `--burst` threads of one client (one address, one User-Agent) each send a new query that runs past
  the deadline (a three-way cross product, a different LIMIT each time: nothing is known of its cost),
  again as soon as it is answered;
- one well-behaved client (its own User-Agent) asks, one after another with 50 ms between, ad-hoc
  queries no cache has answered (a new OFFSET each time) and saved queries with a parameter.

The well-behaved client is measured alone first (`--quiet-seconds`), then under the attack: its
success rate (200s), latency p50, p99 and max; the statuses the hostile clients saw, and how long the
server took to close their connections; the server's memory (PSS of its processes) and whether its log
holds a traceback. Written to bench/hostile.json with the command that produced it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from serve_load import Sampler, free_port, stop, wait_for  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SAVED = [("figures-in-report", "report", [f"oi:r00{i}" for i in range(5)]),
         ("figures-by-person", "person", ["oi:chris-philp", "oi:shabana-mahmood", "oi:keir-starmer"]),
         ("who-said-what", "indicator", ["oi:ind-small-boat-arrivals", "oi:ind-returned-to-france"])]
WELL_BEHAVED, HOSTILE = "well-behaved/1", "burst/1"


def percentile(values: list, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def get(url: str, agent: str, timeout: float = 60.0) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": agent, "Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code
    except OSError as error:  # refused, reset, timed out: a failure of the service
        return f"error: {type(error).__name__}"


class WellBehaved(threading.Thread):
    """Sequential requests, 50 ms apart: (when, status, seconds) for each."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.results, self.running, self.n = base, [], True, 0

    def next_url(self) -> str:
        self.n += 1
        if self.n % 2:
            query = f"SELECT ?s WHERE {{ ?s a oo:Figure }} ORDER BY ?s LIMIT 3 OFFSET {self.n}"
            return self.base + "sparql?" + urllib.parse.urlencode({"query": query})
        name, parameter, values = SAVED[self.n // 2 % len(SAVED)]
        return f"{self.base}queries/{name}.csv?" + urllib.parse.urlencode({parameter: values[self.n % len(values)]})

    def run(self):
        while self.running:
            started = time.monotonic()
            status = get(self.next_url(), WELL_BEHAVED)
            self.results.append((started, status, time.monotonic() - started))
            time.sleep(0.05)

    def summary(self, since: float, until: float) -> dict:
        window = [(status, seconds) for at, status, seconds in self.results if since <= at < until]
        latencies = [seconds for status, seconds in window if status == 200]
        return {"requests": len(window), "ok": len(latencies),
                "success_rate": round(len(latencies) / len(window), 4) if window else None,
                "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
                "p50_ms": round(1000 * percentile(latencies, 0.5), 1), "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
                "max_ms": round(1000 * max(latencies), 1) if latencies else None,
                "statuses": dict(Counter(str(status) for status, _ in window))}


def burst(base: str, stop_at: float, index: int, statuses: Counter, lock: threading.Lock) -> None:
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        query = f"{SLOW} LIMIT {index * 100_000 + n}"
        status = get(base + "sparql?" + urllib.parse.urlencode({"query": query}), HOSTILE)
        with lock:
            statuses[str(status)] += 1
        if status == 429:
            time.sleep(0.05)  # (a hostile client need not wait as told; this one barely does)


async def hold(port: int, stop_at: float, kind: str, record: list) -> None:
    """One hostile connection after another, of `kind`: idle, head (slow head) or body (slow body).
    Records (what the server answered: its status line or 'closed', seconds the connection lasted)."""
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError as error:
            record.append((f"connect failed: {type(error).__name__}", 0.0))
            await asyncio.sleep(0.5)
            continue
        opened = time.monotonic()
        answer = b""

        async def trickle():
            if kind == "head":
                writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\n")
                piece = b"X-Slow: a\r\n"
            elif kind == "body":
                writer.write(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                             b"Content-Length: 10000\r\n\r\n")
                piece = b"SELECT * {"
            else:
                return
            while True:
                await writer.drain()
                await asyncio.sleep(0.5)
                writer.write(piece)

        sender = asyncio.ensure_future(trickle())
        try:
            answer = await asyncio.wait_for(reader.read(200), max(0.1, stop_at - time.monotonic()))
        except asyncio.TimeoutError:
            answer = None  # still open when the run ended
        except OSError:
            answer = b""
        sender.cancel()
        try:
            await sender
        except (asyncio.CancelledError, OSError):
            pass
        writer.close()
        if answer is None:
            record.append(("open at the end", time.monotonic() - opened))
            return
        status = answer.split(b"\r\n", 1)[0].decode("latin-1")[:40] or "closed"
        record.append((status, time.monotonic() - opened))


def hostile_sockets(port: int, stop_at: float, counts: dict) -> dict:
    records = {kind: [] for kind in counts}

    async def everything():
        await asyncio.gather(*(hold(port, stop_at, kind, records[kind]) for kind, n in counts.items() for _ in range(n)))

    asyncio.run(everything())
    summary = {}
    for kind, record in records.items():
        lasted = [seconds for status, seconds in record if status != "open at the end"]
        summary[kind] = {"connections": counts[kind], "outcomes": dict(Counter(status for status, _ in record)),
                         "closed_after_s_p50": round(statistics.median(lasted), 2) if lasted else None,
                         "closed_after_s_max": round(max(lasted), 2) if lasted else None}
    return summary


def built_copy(work: Path) -> Path:
    """A copy of this project's sources, built (kg serve serves dist/)."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, work / name)
    subprocess.run([sys.executable, "-m", "kg", "--project", str(work), "build", "-q"], check=True)
    return work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="A built project (default: a built copy of this one).")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--quiet-seconds", type=float, default=10)
    parser.add_argument("--idle", type=int, default=300)
    parser.add_argument("--slow-heads", type=int, default=60)
    parser.add_argument("--slow-bodies", type=int, default=60)
    parser.add_argument("--burst", type=int, default=40)
    parser.add_argument("--out", type=Path, default=HERE / "hostile.json")
    parser.add_argument("serve_options", nargs="*", help="Options for kg serve (after --).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kg-hostile-") as work:
        project = args.project or built_copy(Path(work))
        port = free_port()
        log = Path(work) / "serve.log"
        command = [sys.executable, "-m", "kg", "--project", str(project), "serve", "--port", str(port),
                   *args.serve_options]
        with open(log, "wb") as out:
            server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}/"
            wait_for(base + "health", server)
            sampler = Sampler(server.pid)
            sampler.start()
            client = WellBehaved(base)
            client.start()
            quiet_from = time.monotonic()
            time.sleep(args.quiet_seconds)
            attack_from = time.monotonic()
            stop_at = attack_from + args.seconds
            statuses, lock = Counter(), threading.Lock()
            bursts = [threading.Thread(target=burst, args=(base, stop_at, i, statuses, lock), daemon=True)
                      for i in range(args.burst)]
            for thread in bursts:
                thread.start()
            sockets = hostile_sockets(port, stop_at, {"idle": args.idle, "head": args.slow_heads,
                                                      "body": args.slow_bodies})
            for thread in bursts:
                thread.join(timeout=120)
            attack_to = time.monotonic()
            client.running = False
            client.join(timeout=120)
            sampler.running = False
            health = get(base + "health", WELL_BEHAVED)
        finally:
            stop(server)
        text = log.read_text(errors="replace")

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    document = {
        "command": " ".join(["python", "bench/hostile.py", *sys.argv[1:]]), "commit": commit,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "server": {"options": args.serve_options or "defaults", "peak_pss_mb": round(sampler.peak / 1024),
                   "health_after": health, "log_lines": len(text.splitlines()),
                   "log_tracebacks": text.count("Traceback")},
        "well_behaved": {"alone": client.summary(quiet_from, attack_from),
                         "under_attack": client.summary(attack_from, attack_to)},
        "hostile": {"burst_of_slow_queries": {"threads": args.burst, "statuses": dict(statuses)}, **sockets},
    }
    args.out.write_text(json.dumps(document, indent=2) + "\n")
    print(json.dumps(document, indent=2))
    print(f"\nwritten to {args.out}; command: {document['command']}")


if __name__ == "__main__":
    main()
