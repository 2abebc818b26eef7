#!/usr/bin/env python3
"""Throughput of ``analyze`` on real news articles, in one process on one core.

Reads the first ``--limit`` articles of SaudiNewsNet
(``../shared/data/saudinewsnet/articles.jsonl``; research-only licence, so it is read
from there and never copied into the repo), feeds each as ``title + "\\n" + content``
with its crawl time, and reports articles per second, median and 95th-percentile
milliseconds per article, peak resident memory, and start-up time (importing hadath,
loading the KB and analysing a first article, in a fresh interpreter). Prints a table
and writes the figures as JSON to ``--out``. It reports figures; it asserts nothing.

    python benchmarks/bench_analyze.py [--limit 1000] [--out out/bench_analyze.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "saudinewsnet" / "articles.jsonl"

# Runs in a fresh interpreter so import and KB-loading costs are not already paid.
_STARTUP_PROBE = """
import json, sys, time
t0 = time.perf_counter()
import hadath
from hadath.kb import default_kb
from hadath.pipeline import Pipeline
t1 = time.perf_counter()
kb = default_kb()
pipeline = Pipeline.default(kb)
t2 = time.perf_counter()
pipeline.analyze(sys.stdin.read(), published="2015-07-21")
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "kb_and_pipeline_s": t2 - t1, "first_analyze_s": t3 - t2}))
"""


def read_articles(path: Path, limit: int) -> Iterator[dict[str, Any]]:
    """The first ``limit`` usable articles (all of them when ``limit`` is 0) as
    ``{"text", "fetched"}``."""
    count = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if limit and count >= limit:
                return
            record = json.loads(line)
            text = f"{record.get('title') or ''}\n{record.get('content') or ''}"
            if not text.strip():
                continue
            count += 1
            yield {"text": text, "fetched": record.get("date_extracted") or None}


def measure_startup(sample: str) -> dict[str, float]:
    """Start-up costs in a fresh interpreter: import, KB + pipeline, first article."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _STARTUP_PROBE], input=sample, capture_output=True,
        text=True, encoding="utf-8", check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout)
    figures["process_total_s"] = time.perf_counter() - started
    return figures


def measure_throughput(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Analyse every article once with a warm pipeline; per-article times in ms."""
    from hadath.errors import HadathError
    from hadath.pipeline import Pipeline

    pipeline = Pipeline.default()
    pipeline.analyze(articles[0]["text"], fetched=articles[0]["fetched"])  # warm caches, untimed
    times_ms, failed, chars, events, entities = [], 0, 0, 0, 0
    started = time.perf_counter()
    for article in articles:
        t0 = time.perf_counter()
        try:
            doc = pipeline.analyze(article["text"], fetched=article["fetched"])
        except HadathError:
            failed += 1
            continue
        finally:
            times_ms.append((time.perf_counter() - t0) * 1000)
        chars += len(article["text"])
        events += len(doc.events)
        entities += len(doc.entities)
    elapsed = time.perf_counter() - started
    times_ms.sort()
    return {
        "articles": len(articles),
        "failed": failed,
        "seconds": elapsed,
        "articles_per_s": len(articles) / elapsed if elapsed else 0.0,
        "chars_per_s": chars / elapsed if elapsed else 0.0,
        "median_ms": statistics.median(times_ms),
        "p95_ms": times_ms[min(len(times_ms) - 1, int(0.95 * len(times_ms)))],
        "max_ms": times_ms[-1],
        "entities_per_article": entities / len(articles),
        "events_per_article": events / len(articles),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def format_table(report: dict[str, Any]) -> str:
    t, s = report["throughput"], report["startup"]
    rows = [
        ("articles", f"{t['articles']} ({t['failed']} failed)"),
        ("articles/s", f"{t['articles_per_s']:.1f}"),
        ("chars/s", f"{t['chars_per_s']:,.0f}"),
        ("median ms/article", f"{t['median_ms']:.1f}"),
        ("p95 ms/article", f"{t['p95_ms']:.1f}"),
        ("max ms/article", f"{t['max_ms']:.1f}"),
        ("entities/article", f"{t['entities_per_article']:.1f}"),
        ("events/article", f"{t['events_per_article']:.2f}"),
        ("peak RSS MiB", f"{report['peak_rss_mb']:.0f}"),
        ("start-up: import s", f"{s['import_s']:.2f}"),
        ("start-up: KB + pipeline s", f"{s['kb_and_pipeline_s']:.2f}"),
        ("start-up: first analyze s", f"{s['first_analyze_s']:.2f}"),
        ("start-up: whole process s", f"{s['process_total_s']:.2f}"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="SaudiNewsNet articles.jsonl")
    parser.add_argument("--limit", type=int, default=1000,
                        help="articles to analyse, 0 for the whole file (default: 1000; make bench: 0)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if not args.articles.is_file():
        print(f"bench_analyze: no articles at {args.articles} (kept in ../shared/data)", file=sys.stderr)
        return 2
    articles = list(read_articles(args.articles, args.limit))
    if not articles:
        print(f"bench_analyze: no usable articles in {args.articles}", file=sys.stderr)
        return 2

    import hadath

    report = {
        "benchmark": "bench_analyze",
        "hadath": hadath.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "limit": args.limit,
        "startup": measure_startup(articles[0]["text"]),
        "throughput": measure_throughput(articles),
        "peak_rss_mb": peak_rss_mb(),
    }
    print(format_table(report))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
