"""``hadath export``: write a store's events, articles or entities to a file.

Thin: calls ``hadath.store.export``. Formats: csv, jsonl, parquet, and gdelt (a
tab-separated events table with GDELT 2.0 column names; see docs/corpus.md).
"""

from __future__ import annotations

import argparse
import sys

from hadath.commands import add_kb_option, load_kb_option
from hadath.commands.events import add_filter_options, filters_from
from hadath.store import FORMATS, TABLES, export, open_store

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath export``."""
    parser = subparsers.add_parser(
        "export",
        help="export events, articles or entities as CSV, JSONL, Parquet or a GDELT table",
        description="Export a store. Events are de-duplicated (one row per event per story, "
        "with NumArticles/NumSources); --table articles carries each hadath/1 document.",
    )
    parser.add_argument("--db", required=True, metavar="FILE", help="the store")
    parser.add_argument("--format", choices=FORMATS, default="csv")
    parser.add_argument("--table", choices=TABLES, default="events")
    parser.add_argument("-o", "--output", default="-", metavar="FILE",
                        help="where to write (default stdout; parquet needs a file)")
    add_filter_options(parser)
    add_kb_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "parquet" and args.output == "-":
        print("hadath export: error: --format parquet needs --output FILE", file=sys.stderr)
        return 2
    # Coordinates for the GDELT/event location columns come from the knowledge base.
    kb = load_kb_option(args) if args.table == "events" else None
    with open_store(args.db, readonly=True) as store:
        count = export(store, args.format, args.output, table=args.table,
                       filters=filters_from(args), kb=kb)
    if args.output != "-":
        print(f"hadath export: {count} rows to {args.output}", file=sys.stderr)
    return 0
