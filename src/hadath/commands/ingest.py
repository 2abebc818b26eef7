"""``hadath ingest``: analyse files, folders, JSONL and feeds into a corpus store.

Thin: parses flags, then calls ``hadath.ingest.ingest``. Warnings (one per bad
input) and the final summary go to stderr; a progress line with rate and ETA is
drawn only when stderr is a terminal. Exit status 0 when nothing failed, 1 when
some inputs failed (they are listed), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time

from hadath.commands import add_kb_option
from hadath.commands.progress import Progress
from hadath.engine import ENGINES, PipelineSpec
from hadath.ingest import IngestOptions, count_items, ingest

__all__ = ["RateProgress", "add_parser", "run"]


class RateProgress(Progress):
    """The CLI's progress counter, plus articles per second and time left."""

    def __init__(self, total: int | None, unit: str = "articles") -> None:
        super().__init__(total, unit=unit)
        self._started = time.monotonic()

    def _draw(self) -> None:
        elapsed = max(time.monotonic() - self._started, 1e-6)
        rate = self.done / elapsed
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        failed = f", {self.failed} failed" if self.failed else ""
        eta = ""
        if self.total and rate > 0 and self.done < self.total:
            left = int((self.total - self.done) / rate)
            eta = f", ETA {left // 3600:d}:{left // 60 % 60:02d}:{left % 60:02d}"
        self.stream.write(f"\r{count} {self.unit} ({rate:.1f}/s{eta}{failed})\033[K")
        self.stream.flush()


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath ingest``."""
    parser = subparsers.add_parser(
        "ingest",
        help="analyse files, folders, JSONL and feeds into a corpus store",
        description="Analyse articles (text/HTML files, folders, .jsonl/.jsonl.gz, RSS/Atom) "
        "and store them, with entities, events and story clusters, in a SQLite store. "
        "Resumable and idempotent: articles already stored are skipped.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to ingest")
    parser.add_argument("--db", required=True, metavar="FILE", help="the store (created if absent)")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="where analysis runs: local processes (default) or Dask")
    parser.add_argument("--workers", type=_positive, default=None, metavar="N",
                        help="worker processes (default: all cores; 1 = in this process)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="a running Dask scheduler (tcp://host:8786) for --engine dask")
    parser.add_argument("--force", action="store_true",
                        help="re-analyse articles that are already stored")
    parser.add_argument("--batch-size", type=_positive, default=64, metavar="N",
                        help="articles per committed transaction (default 64)")
    parser.add_argument("--max-mb", type=float, default=2.0, metavar="MB",
                        help="skip (with a warning) articles larger than this (default 2)")
    parser.add_argument("--pipeline", metavar="MODULE:FUNCTION",
                        help="build the analysis with this factory instead of the default "
                        "pipeline (it must be importable on every worker)")
    add_kb_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handle ``hadath ingest``; returns the exit code."""
    if args.scheduler and args.engine != "dask":
        print("hadath ingest: error: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    spec = PipelineSpec(kb_dir=str(args.kb) if args.kb else None, factory=args.pipeline)
    options = IngestOptions(engine=args.engine, workers=args.workers, scheduler=args.scheduler,
                            force=args.force, batch_size=args.batch_size,
                            max_bytes=int(args.max_mb * 1_000_000), spec=spec)
    progress = None
    if sys.stderr.isatty():
        progress = RateProgress(count_items(args.paths))

    def warn(message: str) -> None:
        if progress is not None and progress.done:
            sys.stderr.write("\r\033[K")
        print(f"hadath: warning: {message}", file=sys.stderr)

    summary = ingest(args.paths, args.db, options, report=warn, progress=progress)
    if progress is not None:
        progress.close()
    print(f"hadath ingest: {summary.line()}", file=sys.stderr)
    return 1 if summary.failed else 0
