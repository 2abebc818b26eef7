"""``hadath analyze``: one article (text or HTML) or a JSONL batch to ``hadath/1`` JSON.

One article (a file, or ``-`` for stdin bytes) prints one document: pretty JSON by
default, one compact line with ``--format jsonl``, or a terminal view with ``--format
table``. A ``.jsonl`` file (or ``--batch``) holds one object per line with ``text``
or ``html`` and optional ``id``, ``published``, ``fetched``, ``url``; each line gives
one output line, in order, with ``id`` echoed. A line that cannot be analysed gives
``{"id", "line", "error", "source"}`` instead and the batch goes on; the exit code
is then 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from hadath.commands import add_kb_option, iso_datetime, load_kb_option
from hadath.commands.progress import Progress
from hadath.doc import Doc
from hadath.errors import BatchLineError, HadathError
from hadath.pipeline import Pipeline

__all__ = ["FORMATS", "add_parser", "analyze_batch", "build_pipeline", "parse_batch_line", "run"]

FORMATS = ("json", "table", "jsonl")
STDIN = "-"
_BOM = b"\xef\xbb\xbf"
# Optional per-line fields; each must be a string when present.
_LINE_FIELDS = ("published", "fetched", "url")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath analyze``."""
    parser = subparsers.add_parser(
        "analyze",
        help="analyse one article, or a JSONL batch, into hadath/1 JSON",
        description="Analyse one article (page text or HTML, any common encoding) or a JSONL "
        "batch, and print hadath/1 JSON. Exit status: 0 success, 1 the input (or some "
        "batch lines) failed, 2 usage error.",
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="article file (text or HTML), a .jsonl batch, or - to read stdin",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="json: one pretty document (default for one article); jsonl: one compact line "
        "per document (always used for batches); table: a view for people",
    )
    parser.add_argument(
        "--published",
        type=iso_datetime,
        metavar="ISO",
        help="publication date or time; for a batch, the default for lines without one",
    )
    parser.add_argument(
        "--fetched",
        type=iso_datetime,
        metavar="ISO",
        help="crawl time that relative lines such as 'منذ ساعتين' resolve against (default: now)",
    )
    parser.add_argument("--url", help="the article's URL, copied to the output")
    parser.add_argument(
        "--batch",
        action="store_true",
        help="treat FILE (or stdin) as JSONL whatever its name",
    )
    add_kb_option(parser)
    parser.set_defaults(handler=run)


def build_pipeline(args: argparse.Namespace) -> Pipeline:
    """The default pipeline over the knowledge base ``--kb`` selects."""
    return Pipeline.default(load_kb_option(args))


def run(args: argparse.Namespace) -> int:
    """Handle ``hadath analyze``; returns the exit code."""
    is_batch = args.batch or (args.file != STDIN and args.file.lower().endswith(".jsonl"))
    fmt = args.format or ("jsonl" if is_batch else "json")
    if is_batch and fmt == "table":
        print("hadath analyze: error: --format table shows one article; "
              "a batch prints JSON lines", file=sys.stderr)
        return 2
    name = "<stdin>" if args.file == STDIN else args.file
    if is_batch:
        return _run_batch(args, name)
    # Read before building the pipeline, so a wrong path fails at once.
    try:
        raw = sys.stdin.buffer.read() if args.file == STDIN else Path(args.file).read_bytes()
    except OSError as exc:
        return _fail(f"{name}: cannot read: {exc.strerror or exc}")
    pipeline = build_pipeline(args)
    try:
        doc = pipeline.analyze(raw, published=args.published, fetched=args.fetched,
                               url=args.url, name=name)
    except HadathError as exc:
        # Stages name the input themselves; make sure the message does even when one forgot.
        return _fail(str(exc) if exc.source else f"{name}: {exc}")
    _write_doc(doc, fmt, sys.stdout)
    return 0


def _run_batch(args: argparse.Namespace, name: str) -> int:
    defaults = {"published": args.published, "fetched": args.fetched, "url": args.url}
    if args.file == STDIN:
        return analyze_batch(build_pipeline(args), sys.stdin.buffer, name, sys.stdout, defaults)
    try:
        lines = open(args.file, "rb")  # noqa: SIM115 - closed below, after the batch
    except OSError as exc:
        return _fail(f"{name}: cannot read: {exc.strerror or exc}")
    with lines:
        total = _count_lines(args.file) if sys.stderr.isatty() else None
        return analyze_batch(build_pipeline(args), lines, name, sys.stdout, defaults, total=total)


def analyze_batch(
    pipeline: Pipeline,
    lines: BinaryIO,
    source: str,
    out: TextIO,
    defaults: dict[str, str | None] | None = None,
    total: int | None = None,
) -> int:
    """Analyse each JSONL line of ``lines`` and write one output line per input line.

    Blank lines are skipped (they are not items). Returns 0 when every line was
    analysed, 1 when at least one gave an error line.
    """
    defaults = defaults or {}
    progress = Progress(total, unit="lines")
    failed = 0
    for number, raw in _numbered_lines(lines):
        item: dict[str, Any] | None = None
        try:
            item = parse_batch_line(raw, source=source, line=number)
            doc = pipeline.analyze(
                item["html"] if item.get("html") is not None else item["text"],
                published=item.get("published") or defaults.get("published"),
                fetched=item.get("fetched") or defaults.get("fetched"),
                url=item.get("url") or defaults.get("url"),
                name=f"{source}:{number}",
            )
            record = {"id": item.get("id"), **doc.to_dict()}
        except HadathError as exc:
            failed += 1
            record = {"id": item.get("id") if item else None, "line": number,
                      "error": exc.message, "source": f"{source}:{number}"}
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        progress.advance(failed="error" in record)
    progress.close()
    return 1 if failed else 0


def parse_batch_line(raw: bytes, *, source: str, line: int) -> dict[str, Any]:
    """Decode one JSONL line into an item, or raise BatchLineError saying what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BatchLineError(f"not UTF-8 text (byte {exc.start})", source=source, line=line) from exc
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BatchLineError(f"malformed JSON: {exc.msg} at column {exc.colno}",
                             source=source, line=line) from exc
    if not isinstance(item, dict):
        raise BatchLineError(f"not a JSON object but a {type(item).__name__}", source=source, line=line)
    key = "html" if item.get("html") is not None else "text"
    if item.get(key) is None:
        raise BatchLineError('no "text" or "html" field', source=source, line=line)
    if not isinstance(item[key], str):
        raise BatchLineError(f'"{key}" is not a string', source=source, line=line)
    for field in _LINE_FIELDS:
        if item.get(field) is not None and not isinstance(item[field], str):
            raise BatchLineError(f'"{field}" is not a string', source=source, line=line)
    return item


def _numbered_lines(lines: BinaryIO) -> Iterator[tuple[int, bytes]]:
    for number, raw in enumerate(lines, start=1):
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if raw.strip():
            yield number, raw


def _count_lines(path: str) -> int:
    with open(path, "rb") as handle:
        return sum(1 for raw in handle if raw.strip())


def _write_doc(doc: Doc, fmt: str, out: TextIO) -> None:
    data = doc.to_dict()
    if fmt == "jsonl":
        out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    elif fmt == "table":
        from hadath.render import cameo_labels, render_table

        out.write(render_table(data, labels=cameo_labels()))
    else:
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _fail(message: str) -> int:
    print(f"hadath: error: {message}", file=sys.stderr)
    return 1

