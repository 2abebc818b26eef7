#!/usr/bin/env python3
"""Ingest throughput with 1 and 2 workers (local and Dask engines), and store size.

Reads the first ``--limit`` articles of SaudiNewsNet
(``../shared/data/saudinewsnet/articles.jsonl``, fields ``id``, ``source``, ``url``,
``date_extracted``, ``title``, ``content``; research-only licence, so it is read from
there and never copied into the repo), ingests them into a fresh store for each
engine and worker count, and reports:

- articles/s over the whole run (start-up included) and in steady state (from the
  first stored article to the last, which leaves out building the pipelines);
- the speed-up from 1 to 2 workers (done-when: >= 1.8x);
- store size per 1,000 articles (after a WAL checkpoint).

Prints a table and writes the figures as JSON to ``--out``; asserts nothing. The
store of the last run is kept at ``--keep`` for ``bench_query.py``.

    python benchmarks/bench_ingest.py [--limit 2000] [--workers 1 2] [--engines local dask]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "saudinewsnet" / "articles.jsonl"


class Clock:
    """A progress sink that remembers when the first and last article were stored."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.last: float | None = None
        self.done = 0

    def advance(self, failed: bool = False) -> None:
        now = time.perf_counter()
        if not failed:
            self.done += 1
            self.first = self.first or now
            self.last = now


def run_one(corpus: Path, db: Path, engine: str, workers: int, batch: int) -> dict[str, Any]:
    from hadath.engine import PipelineSpec, open_engine
    from hadath.ingest import IngestOptions, ingest

    started = time.perf_counter()
    engine_obj = open_engine(engine, PipelineSpec(), workers=workers, chunk_size=8)
    clock = Clock()
    try:
        summary = ingest([corpus], db, IngestOptions(batch_size=batch), engine=engine_obj,
                         progress=clock)
    finally:
        engine_obj.close()
    total = time.perf_counter() - started
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    stored = summary.stored
    steady = (clock.last - clock.first) if clock.first and clock.last else 0.0
    return {
        "engine": engine,
        "workers": workers,
        "stored": stored,
        "failed": summary.failed,
        "seconds": round(total, 2),
        "articles_per_s": round(stored / total, 2) if total else 0.0,
        "steady_articles_per_s": round((stored - 1) / steady, 2) if steady else 0.0,
        "db_bytes": db.stat().st_size,
        "db_mb_per_1000": round(db.stat().st_size / 1e6 / max(stored, 1) * 1000, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ARTICLES)
    parser.add_argument("--limit", type=int, default=2000, help="articles to ingest (all: 0)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--out", type=Path, default=REPO / "out" / "bench_ingest.json")
    parser.add_argument("--keep", type=Path, default=REPO / "out" / "bench.db",
                        help="where to keep the last run's store (for bench_query.py)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"no data at {args.data} (the shared folder beside the repo)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        with args.data.open(encoding="utf-8") as src, corpus.open("w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                if args.limit and n >= args.limit:
                    break
                dst.write(line)
        runs = []
        for engine in args.engines:
            for workers in args.workers:
                db = Path(tmp) / f"{engine}-{workers}.db"
                result = run_one(corpus, db, engine, workers, args.batch_size)
                runs.append(result)
                print(f"{engine:5} workers={workers}: {result['stored']} stored in "
                      f"{result['seconds']} s = {result['articles_per_s']}/s "
                      f"(steady {result['steady_articles_per_s']}/s), "
                      f"{result['db_mb_per_1000']} MB per 1,000 articles", flush=True)
                args.keep.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(db, args.keep)
    speedups = {}
    for engine in args.engines:
        by_workers = {r["workers"]: r for r in runs if r["engine"] == engine}
        if 1 in by_workers and 2 in by_workers and by_workers[1]["steady_articles_per_s"]:
            speedups[engine] = round(by_workers[2]["steady_articles_per_s"]
                                     / by_workers[1]["steady_articles_per_s"], 2)
            print(f"{engine}: 1 -> 2 workers speed-up {speedups[engine]}x (steady state)")
    report = {"limit": args.limit, "cpus": os.cpu_count(), "python": platform.python_version(),
              "runs": runs, "speedup_1_to_2": speedups}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
