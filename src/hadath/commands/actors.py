"""``hadath actors``: the actors a store's events are most about.

Thin: calls ``hadath.store.top_actors``.
"""

from __future__ import annotations

import argparse
import json
import sys

from hadath.store import open_store, top_actors

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath actors``."""
    parser = subparsers.add_parser(
        "actors",
        help="the actors in most events of a store",
        description="Rank actors by the de-duplicated events they take part in (either "
        "side), with their entity mentions and the articles that mention them.",
    )
    parser.add_argument("--db", required=True, metavar="FILE", help="the store")
    parser.add_argument("--top", type=int, default=20, metavar="N", help="how many (20)")
    parser.add_argument("--format", choices=("table", "jsonl"), default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db, readonly=True) as store:
        rows = top_actors(store, args.top)
    if args.format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    sys.stdout.write(f"{'events':>6} {'mentions':>8} {'code':8} {'id':28} name\n")
    for row in rows:
        sys.stdout.write(f"{row['events']:>6} {row['mentions']:>8} {row['code'] or '-':8} "
                         f"{row['id'][:28]:28} {row['name_en'] or ''} / {row['name_ar'] or ''}\n")
    return 0
