"""The ``hadath`` command line: a thin layer of commands over the library.

Each command group lives in its own module under ``hadath.commands`` and exposes
``add_parser(subparsers)``, which registers its sub-command(s) and sets a handler
``handler(args) -> int``. Adding a command is one line in ``COMMAND_MODULES``.

Exit codes: 0 success, 1 the work failed (bad input, some batch lines failed, KB
errors), 2 usage error (bad flags or values).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from hadath import __version__
from hadath.errors import HadathError

# One line per command group, in the order ``hadath --help`` lists them.
COMMAND_MODULES = (
    "hadath.commands.analyze",
    "hadath.commands.kb",
    "hadath.commands.tag",
    *(f"hadath.commands.{name}" for name in ("ingest", "events", "actors", "search", "export")),
    "hadath.commands.serve",
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="hadath",
        description="Arabic news in, event data out: entities linked to actors, "
        "events coded in CAMEO and PLOVER.",
    )
    parser.add_argument("--version", action="version", version=f"hadath {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (``sys.argv[1:]`` by default); returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(handler(args))
    except HadathError as exc:
        print(f"hadath: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # `hadath analyze ... | head` closed our stdout; not an error
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("hadath: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
