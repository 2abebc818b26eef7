#!/usr/bin/env python3
"""Query latency of a corpus store: p50/p99 of ``search`` and ``events`` queries.

Runs against a store built by ``bench_ingest.py`` (``out/bench.db`` by default). The
queries are drawn from the store itself, with a fixed seed: search queries are one
or two words taken from random article titles (so they hit real text, common and
rare words alike); event queries combine the filters ``hadath events`` offers
(actor from the top actors, country, CAMEO root, quad class, a date window).
Prints a table and writes JSON to ``--out``; asserts nothing (done-when: search
p99 <= 100 ms).

    python benchmarks/bench_query.py [--db out/bench.db] [--queries 300]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(at(0.99) * 1000, 2), "max_ms": round(ordered[-1] * 1000, 2),
            "n": len(ordered)}


def timed(calls: list[Callable[[], Any]]) -> list[float]:
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> int:
    from hadath.store import EventFilter, open_store, query_events, search, top_actors

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=REPO / "out" / "bench.db")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--out", type=Path, default=REPO / "out" / "bench_query.json")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"no store at {args.db}; run benchmarks/bench_ingest.py first", file=sys.stderr)
        return 1
    rng = random.Random(7)
    with open_store(args.db, readonly=True) as store:
        titles = [r[0] for r in store.conn.execute("SELECT title FROM articles WHERE title != ''")]
        words = [w for t in titles for w in re.findall(r"\w{3,}", t)]
        search_queries = [" ".join(rng.sample(words, rng.choice((1, 1, 2))))
                          for _ in range(args.queries)]
        actors = [r["id"] for r in top_actors(store, 30)]
        countries = [r[0] for r in store.conn.execute(
            "SELECT DISTINCT country FROM actors WHERE country IS NOT NULL")]
        dates = [r[0] for r in store.conn.execute(
            "SELECT DISTINCT date FROM cluster_events WHERE date IS NOT NULL ORDER BY date")]
        filters = []
        for _ in range(args.queries):
            kind = rng.randrange(5)
            if kind == 0 and actors:
                filters.append(EventFilter(actor=rng.choice(actors), limit=50))
            elif kind == 1 and countries:
                filters.append(EventFilter(country=rng.choice(countries), limit=50))
            elif kind == 2:
                filters.append(EventFilter(cameo=f"{rng.randint(1, 20):02d}", limit=50))
            elif kind == 3:
                filters.append(EventFilter(quad=rng.randint(1, 4), limit=50))
            elif dates:
                since = rng.choice(dates)[:10]
                filters.append(EventFilter(since=since, until=since, limit=50))
        timed([lambda: search(store, "الرئيس")])  # warm the page cache once
        search_ms = percentiles(timed([lambda q=q: search(store, q, limit=20)
                                       for q in search_queries]))
        events_ms = percentiles(timed([lambda f=f: query_events(store, f) for f in filters]))
        actors_ms = percentiles(timed([lambda: top_actors(store, 20)] * 20))
        size = {t: store.count(t) for t in ("articles", "events", "cluster_events", "entities")}
    report = {"db": str(args.db), "rows": size, "search": search_ms, "events": events_ms,
              "actors_top20": actors_ms}
    for name in ("search", "events", "actors_top20"):
        figures = report[name]
        print(f"{name:13} p50 {figures['p50_ms']:7.2f} ms  p99 {figures['p99_ms']:7.2f} ms  "
              f"max {figures['max_ms']:7.2f} ms  ({figures['n']} queries)")
    print(f"store: {size}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
