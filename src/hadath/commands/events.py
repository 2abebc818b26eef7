"""``hadath events``: list de-duplicated events from a store, with filters.

Thin: builds an ``EventFilter`` and calls ``hadath.store.query_events``. Prints a
table for people (default) or JSON lines (``--format jsonl``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from hadath.store import EventFilter, open_store, query_events

__all__ = ["add_parser", "add_filter_options", "filters_from", "run"]


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The event filters ``events`` and ``export`` share."""
    parser.add_argument("--actor", help="KB id, CAMEO code (EGYGOV) or part of a name, either side")
    parser.add_argument("--country", metavar="ISO3", help="either actor's country (EGY, RUS, UNO…)")
    parser.add_argument("--cameo", metavar="CODE", help="a CAMEO code or root prefix (043, 04)")
    parser.add_argument("--plover", metavar="CATEGORY", help="a PLOVER category (CONSULT, AID…)")
    parser.add_argument("--quad", type=int, choices=(1, 2, 3, 4), help="quad class 1-4")
    parser.add_argument("--since", metavar="DATE", help="events on or after this ISO date")
    parser.add_argument("--until", metavar="DATE", help="events on or before this ISO date")


def filters_from(args: argparse.Namespace, limit: int | None = None) -> EventFilter:
    return EventFilter(actor=args.actor, country=args.country, cameo=args.cameo,
                       plover=args.plover, quad=args.quad, since=args.since, until=args.until,
                       limit=limit)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath events``."""
    parser = subparsers.add_parser(
        "events",
        help="list events in a store (one row per event per story)",
        description="List de-duplicated events from a store: one row per event per story "
        "cluster, with how many articles and distinct outlets reported it.",
    )
    parser.add_argument("--db", required=True, metavar="FILE", help="the store")
    add_filter_options(parser)
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N rows (50)")
    parser.add_argument("--format", choices=("table", "jsonl"), default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db, readonly=True) as store:
        rows = query_events(store, filters_from(args, limit=args.limit or None))
    if args.format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_events(rows))
    return 0


def format_events(rows: list[dict[str, Any]]) -> str:
    """A plain-text table: date, source, code, target, counts."""
    lines = [f"{'date':10}  {'source':24} {'cameo':5} {'target':24} {'arts':>4} {'srcs':>4}"]
    for row in rows:
        source = row.get("source_code") or row.get("source_name") or "-"
        target = row.get("target_code") or row.get("target_name") or "-"
        neg = "!" if row.get("negated") else ""
        lines.append(f"{(row.get('date') or '')[:10]:10}  {source[:24]:24} "
                     f"{neg + str(row.get('cameo')):5} {target[:24]:24} "
                     f"{row.get('num_articles', 0):>4} {row.get('num_sources', 0):>4}")
    return "\n".join(lines) + "\n"
