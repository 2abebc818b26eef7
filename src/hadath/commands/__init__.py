"""The CLI's command groups, one module each, plus the flags several of them share.

A command module exposes ``add_parser(subparsers)``; it registers one or more
sub-commands and sets ``handler`` (``args -> exit code``) on each. ``hadath.cli``
lists the modules.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from hadath.kb.model import KnowledgeBase

__all__ = ["add_kb_option", "iso_datetime", "load_kb_option"]


def iso_datetime(value: str) -> str:
    """An argparse type: accept an ISO date or date-time, keep it as text.

    Checking here turns a bad ``--published`` into a usage error (exit 2) rather
    than a failure halfway through a batch.
    """
    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date or time: {value!r}") from exc
    return value.strip()


def add_kb_option(parser: argparse.ArgumentParser) -> None:
    """``--kb DIR``: a user knowledge-base folder merged over the shipped one."""
    parser.add_argument(
        "--kb",
        metavar="DIR",
        type=Path,
        default=None,
        help="a folder of KB TSV files merged over the shipped knowledge base",
    )


def load_kb_option(args: argparse.Namespace) -> KnowledgeBase:
    """The knowledge base ``--kb`` asks for (the shipped one when it is absent)."""
    from hadath.kb import default_kb, load_kb

    kb_dir: Path | None = getattr(args, "kb", None)
    return default_kb() if kb_dir is None else load_kb(kb_dir)
