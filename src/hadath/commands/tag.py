"""``hadath tag --conll FILE``: run the shipped NER model over a CoNLL file.

Prints one line per token, ``token gold predicted``, with a blank line between
sentences, so the output can be diffed or scored with any CoNLL tool.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath tag``."""
    parser = subparsers.add_parser(
        "tag",
        help="tag a CoNLL file with the shipped NER model",
        description="Tag the tokens of a CoNLL file (token and gold tag per line) with the "
        "shipped NER model and print 'token gold predicted' lines.",
    )
    parser.add_argument("--conll", metavar="FILE", type=Path, required=True,
                        help="CoNLL file: one 'token tag' per line, blank line between sentences")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handle ``hadath tag``."""
    # Imported here: loading the model is only worth it for this command.
    from hadath.models.ner import tag_conll

    if not args.conll.is_file():
        print(f"hadath: error: {args.conll}: no such file", file=sys.stderr)
        return 1
    for line in tag_conll(args.conll):
        print(line)
    return 0
