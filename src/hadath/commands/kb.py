"""``hadath kb check`` and ``hadath kb stats``: validate and summarise the knowledge base.

Both work on the shipped knowledge base, or on it with a user folder merged over it
(``--kb DIR``), which is how a user checks their own additions before using them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from hadath.commands import add_kb_option, load_kb_option
from hadath.errors import KBValidationError

__all__ = ["add_parser", "run_check", "run_stats"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath kb check`` and ``hadath kb stats``."""
    parser = subparsers.add_parser(
        "kb",
        help="check or summarise the knowledge base",
        description="Check or summarise the knowledge base (shipped, plus --kb DIR if given).",
    )
    actions = parser.add_subparsers(dest="kb_command", metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="validate the KB files: duplicates, bad codes, ambiguous names",
        description="Validate the knowledge base and report ambiguous surface forms. "
        "Exit status 1 when it has errors.",
    )
    add_kb_option(check)
    check.set_defaults(handler=run_check)
    stats = actions.add_parser(
        "stats",
        help="count the KB's records by table",
        description="Count the knowledge base's records by table.",
    )
    add_kb_option(stats)
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    stats.set_defaults(handler=run_stats)
    parser.set_defaults(handler=lambda args: _usage(parser))


def run_check(args: argparse.Namespace) -> int:
    """Handle ``hadath kb check``: 0 when the KB has no errors, 1 otherwise."""
    # Imported here: the validator is only needed by this command.
    from hadath.kb.validate import ambiguity_report, check_kb

    kb = load_kb_option(args)
    try:
        problems = list(_items(check_kb(kb)))
    except KBValidationError as exc:
        problems = [exc]
    errors = [p for p in problems if _severity(p) == "error"]
    for problem in problems:
        print(problem)
    report = list(_items(ambiguity_report(kb)))
    if report:
        print(f"ambiguous forms ({len(report)}):")
        for line in report:
            print(f"  {line}")
    print(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {len(kb.sources)} file(s)",
          file=sys.stderr)
    return 1 if errors else 0


def run_stats(args: argparse.Namespace) -> int:
    """Handle ``hadath kb stats``."""
    from hadath.kb.validate import kb_stats

    stats = kb_stats(load_kb_option(args))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2, default=str))
    elif isinstance(stats, Mapping):
        width = max((len(str(k)) for k in stats), default=0)
        for key, value in stats.items():
            print(f"{str(key):<{width}}  {value}")
    else:
        for line in _items(stats):
            print(line)
    return 0


def _items(value: Any) -> Iterable[Any]:
    """Lines to print from whatever a report returned: text, a mapping or a list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [line for line in value.splitlines() if line.strip()]
    if isinstance(value, Mapping):
        return [f"{key}: {item}" for key, item in value.items()]
    return list(value)


def _severity(problem: Any) -> str:
    level = getattr(problem, "severity", None) or getattr(problem, "level", None) or "error"
    return str(level).lower()


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2
