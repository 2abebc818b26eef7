#!/usr/bin/env python3
"""Load on ``hadath serve``: 50 concurrent clients on ``/events`` and ``/articles?q=`` for 30 s.

Builds a store from SaudiNewsNet (``../shared/data/saudinewsnet/articles.jsonl``;
research-only licence, so it is read from there and never copied into the repo)
unless ``--db`` already exists, starts ``hadath serve`` on 127.0.0.1 in its own
process, and runs ``--clients`` httpx AsyncClient loops against it for ``--seconds``.
Each loop alternates an event query (filters drawn, with a fixed seed, from the
store's top actors, countries, CAMEO roots, quad classes and date windows; a page of
50) and a search (one or two words from a random title). Any status other than 200,
and any transport error or timeout, is an error.

Prints p50/p99 per endpoint and writes them as JSON to ``--out``; exits 1 when there
were errors (done-when: 0 errors).

    python benchmarks/bench_serve.py [--db out/bench_serve.db] [--limit 0] [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "saudinewsnet" / "articles.jsonl"


def build_store(db: Path, limit: int, workers: int) -> None:
    from hadath.ingest import IngestOptions, ingest

    if not ARTICLES.exists():
        sys.exit(f"no corpus at {ARTICLES} (the shared data folder beside the repository)")
    source = ARTICLES
    with tempfile.TemporaryDirectory() as folder:
        if limit:
            source = Path(folder) / "articles.jsonl"
            with ARTICLES.open("rb") as full, source.open("wb") as part:
                for number, line in enumerate(full):
                    if number >= limit:
                        break
                    part.write(line)
        started = time.monotonic()
        summary = ingest([source], db, IngestOptions(workers=workers))
    print(f"built {db}: {summary.stored} articles stored, {summary.failed} failed, "
          f"{time.monotonic() - started:.0f} s", file=sys.stderr)


def draw_requests(db: Path, n: int, seed: int = 7) -> tuple[list[dict[str, Any]], list[str]]:
    """Event filter sets and search queries drawn from the store itself."""
    from hadath.store import open_store, top_actors

    rng = random.Random(seed)
    with open_store(db, readonly=True) as store:
        actors = [row["id"] for row in top_actors(store, 30)]
        countries = [r[0] for r in store.conn.execute(
            "SELECT country FROM actors WHERE country IS NOT NULL GROUP BY country "
            "ORDER BY COUNT(*) DESC LIMIT 20")]
        roots = [r[0] for r in store.conn.execute("SELECT DISTINCT root FROM cluster_events")]
        months = [r[0] for r in store.conn.execute(
            "SELECT DISTINCT substr(date, 1, 7) FROM cluster_events WHERE date IS NOT NULL")]
        titles = [r[0] for r in store.conn.execute(
            "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY random() LIMIT 2000")]
    filters: list[dict[str, Any]] = []
    for _ in range(n):
        chosen: dict[str, Any] = {}
        kind = rng.randrange(6)
        if kind == 0 and actors:
            chosen["actor"] = rng.choice(actors)
        elif kind == 1 and countries:
            chosen["country"] = rng.choice(countries)
        elif kind == 2 and roots:
            chosen["cameo"] = rng.choice(roots)
        elif kind == 3:
            chosen["quad"] = rng.randint(1, 4)
        elif kind == 4 and months:
            month = rng.choice(months)
            chosen.update(since=f"{month}-01", until=f"{month}-28")
        filters.append(chosen)
    words = [w for t in titles for w in re.findall(r"[\u0621-\u064a]{3,}", t)]
    queries = []
    for _ in range(n):
        count = rng.choice((1, 1, 2))
        queries.append(" ".join(rng.choice(words) for _ in range(count)) if words else "السعودية")
    return filters, queries


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "hadath", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The server's own log goes to a file: a pipe nobody reads would fill and stall it.
    with log.open("wb") as sink:
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"hadath serve exited; see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/stats", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    sys.exit("hadath serve did not answer within 60 s")


async def load(base: str, clients: int, seconds: float, filters: list[dict[str, Any]],
               queries: list[str]) -> dict[str, Any]:
    import httpx

    samples: dict[str, list[float]] = {"events": [], "search": []}
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    # uvicorn closes a connection idle for 5 s; a client that keeps idle connections as
    # long races that close (a ReadError now and then), so it lets them go at 2 s.
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients,
                          keepalive_expiry=2.0)

    async def client_loop(number: int, http: httpx.AsyncClient) -> None:
        rng = random.Random(number)
        turn = number % 2
        while time.monotonic() < deadline:
            if turn == 0:
                name, url = "events", "/events"
                params: dict[str, Any] = {**rng.choice(filters), "limit": 50}
            else:
                name, url, params = "search", "/articles", {"q": rng.choice(queries)}
            turn = 1 - turn
            started = time.perf_counter()
            try:
                response = await http.get(url, params=params)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    errors.append(f"{name} {params}: HTTP {response.status_code}")
                else:
                    samples[name].append(elapsed)
            except httpx.HTTPError as exc:
                at = time.monotonic() - (deadline - seconds)
                errors.append(f"{name} {params} at {at:.1f} s: {type(exc).__name__}: {exc!r}")

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as http:
        started = time.monotonic()
        await asyncio.gather(*(client_loop(i, http) for i in range(clients)))
        wall = time.monotonic() - started
    return {"samples": samples, "errors": errors, "wall_s": wall}


def percentiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"n": 0}
    ordered = sorted(samples)
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=REPO / "out" / "bench_serve.db",
                        help="the store to serve; built from SaudiNewsNet when missing")
    parser.add_argument("--limit", type=int, default=0,
                        help="articles to ingest when building (0: all)")
    parser.add_argument("--workers", type=int, default=2, help="ingest workers when building")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=REPO / "out" / "bench_serve.json")
    args = parser.parse_args()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not args.db.exists():
        build_store(args.db, args.limit, args.workers)
    filters, queries = draw_requests(args.db, 500)
    port = free_port()
    server = start_server(args.db, port, args.out.with_suffix(".server.log"))
    try:
        result = asyncio.run(load(f"http://127.0.0.1:{port}", args.clients, args.seconds,
                                  filters, queries))
    finally:
        server.terminate()
        server.wait(timeout=20)
    from hadath.store import open_store

    with open_store(args.db, readonly=True) as store:
        rows = {t: store.count(t) for t in ("articles", "cluster_events")}
    total = sum(len(s) for s in result["samples"].values())
    report = {
        "db": str(args.db),
        "rows": rows,
        "clients": args.clients,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "requests": total + len(result["errors"]),
        "requests_per_s": round(total / result["wall_s"], 1),
        "errors": len(result["errors"]),
        "error_examples": result["errors"][:10],
        "events": percentiles(result["samples"]["events"]),
        "search": percentiles(result["samples"]["search"]),
        "all": percentiles(result["samples"]["events"] + result["samples"]["search"]),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"{args.clients} clients, {args.seconds:.0f} s, {rows['articles']} articles, "
          f"{rows['cluster_events']} events: {report['requests']} requests "
          f"({report['requests_per_s']}/s), {report['errors']} errors")
    for name in ("events", "search", "all"):
        figures = report[name]
        print(f"  {name:7} n={figures.get('n', 0):6}  p50 {figures.get('p50_ms', '-')} ms  "
              f"p99 {figures.get('p99_ms', '-')} ms  max {figures.get('max_ms', '-')} ms")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
