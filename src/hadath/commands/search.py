"""``hadath search``: full-text search of a store, spelling-variant tolerant.

Thin: calls ``hadath.store.search``. The query and the index are both normalised,
so "الأمم المتحدة" finds "الامم المتحده"; snippets come from the original text.
"""

from __future__ import annotations

import argparse
import json
import sys

from hadath.store import open_store, search

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath search``."""
    parser = subparsers.add_parser(
        "search",
        help="full-text search of the articles in a store",
        description='Find articles containing every word of QUERY ("quoted phrases" stay '
        "phrases). Hamza forms, ta marbuta, alef maqsura and tashkeel do not matter.",
    )
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument("--db", required=True, metavar="FILE", help="the store")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    parser.add_argument("--format", choices=("table", "jsonl"), default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db, readonly=True) as store:
        hits = search(store, args.query, limit=args.limit)
    for hit in hits:
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")
        else:
            where = hit.url or hit.source or ""
            sys.stdout.write(f"#{hit.article_id} {hit.title or ''}  {where}\n    {hit.snippet}\n")
    return 0
