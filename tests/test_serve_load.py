"""A bounded load test of `kg serve` on loopback: a fixed number of mixed requests from a few
concurrent clients, within a time limit, and not one error."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from serving import built_project, fetch, kg_server

REQUESTS, CLIENTS, TIME_LIMIT = 240, 8, 90.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = built_project(tmp_path_factory)
    with kg_server(project, tmp_path_factory.mktemp("load") / "serve.log", "--workers", "2", "--timeout", "20") as url:
        yield url


def mix(server: str) -> list[tuple[str, str]]:
    select = urlencode({"query": "SELECT ?figure ?value WHERE { ?figure oo:value ?value } ORDER BY ?figure LIMIT 50"})
    paths = [
        ("", "text/html"),
        ("id/shabana-mahmood", "text/html"),
        ("id/r000-fig-returned-281-mahmood", "text/html"),
        ("id/r002", "text/turtle"),
        ("id/chris-philp", "application/ld+json"),
        ("queries/figures-by-person.csv?person=oi:chris-philp", "text/csv"),
        ("queries/figure-history?indicator=oi:ind-returned-to-france", "application/sparql-results+json"),
        (f"sparql?{select}", "application/sparql-results+json"),
        ("dataset", "text/turtle"),
        ("static/style.css", "text/css"),
    ]
    return [(server + path, accept) for path, accept in paths]


def test_mixed_load_has_no_errors_within_the_time_limit(server):
    targets = mix(server)
    for url, accept in targets:  # warm the page cache, so the test measures serving
        assert fetch(url, accept, timeout=60)[0] == 200, url

    def one(i):
        url, accept = targets[i % len(targets)]
        started = time.monotonic()
        status, _, body = fetch(url, accept, timeout=60)
        return status, time.monotonic() - started, url, len(body)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(one, range(REQUESTS)))
    elapsed = time.monotonic() - started
    failures = [(status, url) for status, _, url, _ in results if status != 200]
    latencies = sorted(latency for _, latency, _, _ in results)
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    print(f"\n{REQUESTS} requests from {CLIENTS} clients in {elapsed:.1f} s "
          f"({REQUESTS / elapsed:.0f}/s); median {latencies[len(latencies) // 2] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    assert failures == []
    assert elapsed < TIME_LIMIT
    assert all(size > 0 for _, _, _, size in results)
