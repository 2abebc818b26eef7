"""Ingesting a corpus: walk files, folders, JSONL and feeds; analyse; store; report.

What is read, by name:

- a folder: every file below it (recursively, hidden ones skipped) of the kinds below;
- ``.jsonl``, ``.ndjson``, ``.jsonl.gz``: one article object a line, with ``text``,
  ``content`` or ``html``, and optional ``title``, ``id``, ``url``,
  ``published``/``date``, ``fetched``/``date_extracted``, ``source``;
- ``.rss``, ``.atom``, ``.xml``: a feed (feedparser); one article per entry;
- anything else named explicitly, and ``.txt``/``.html``/``.htm`` in folders: one
  article per file (page text or HTML, any common encoding; ``read`` decides).

Bad input never stops the run: a malformed JSONL line (reported with file and line),
a binary, empty or oversized file each give one warning and count as failed. An
article already in the store (same content hash, or same URL) is skipped before it
is analysed, so a rerun after a crash only analyses what is missing.

>>> summary = ingest(["news/"], "news.db")     # doctest: +SKIP
>>> summary.stored, summary.skipped, summary.failed   # doctest: +SKIP
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hadath.engine import Engine, PipelineSpec, open_engine
from hadath.engine.work import Item, Result
from hadath.store.db import Store
from hadath.store.writer import StoreWriter

__all__ = ["IngestOptions", "IngestSummary", "count_items", "ingest", "iter_items"]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
PAGE_SUFFIXES = (".txt", ".html", ".htm")
_CONTENT_FIELDS = ("text", "content", "html")
_BOM = b"\xef\xbb\xbf"
# How far to look for a NUL byte, which text in the encodings we read never has.
_BINARY_PROBE = 8192


class Progress(Protocol):
    def advance(self, failed: bool = False) -> None: ...


@dataclass
class IngestOptions:
    """How an ingest runs. ``workers=None`` means all cores (local engine)."""

    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    force: bool = False
    batch_size: int = 64
    chunk_size: int = 8
    max_bytes: int = 2_000_000
    threshold: float | None = None
    spec: PipelineSpec = field(default_factory=PipelineSpec)


@dataclass
class IngestSummary:
    """What an ingest did: articles stored, replaced (``--force``), skipped, failed."""

    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def seen(self) -> int:
        return self.stored + self.replaced + self.skipped + self.failed

    def line(self) -> str:
        rate = (self.stored + self.replaced) / self.seconds if self.seconds else 0.0
        parts = [f"{self.stored} stored"]
        if self.replaced:
            parts.append(f"{self.replaced} re-analysed")
        parts += [f"{self.skipped} skipped (already stored)", f"{self.failed} failed"]
        return ", ".join(parts) + f" in {self.seconds:.1f} s ({rate:.1f} articles/s)"


def content_key(content: str | bytes) -> str:
    """The content hash an article is known by in the store."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()[:32]


def _walk(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    """Files to read, each with whether it was named explicitly."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in relative):
                    name = child.name.lower()
                    if name.endswith(JSONL_SUFFIXES + FEED_SUFFIXES + PAGE_SUFFIXES):
                        yield child, False
        else:
            yield path, True


def iter_items(paths: Iterable[str | Path], report: Callable[[str], None],
               max_bytes: int = 2_000_000) -> Iterator[Item]:
    """Every article under ``paths`` as an Item; each unusable input goes to ``report``."""
    for path, _explicit in _walk(paths):
        name = path.name.lower()
        try:
            if name.endswith(JSONL_SUFFIXES):
                yield from _jsonl_items(path, report, max_bytes)
            elif name.endswith(FEED_SUFFIXES):
                yield from _feed_items(path, report, max_bytes)
            else:
                item = _page_item(path, report, max_bytes)
                if item is not None:
                    yield item
        except OSError as exc:
            report(f"{path}: cannot read: {exc.strerror or exc}")


def count_items(paths: Iterable[str | Path]) -> int:
    """About how many articles ``paths`` hold, for ETAs: JSONL lines, feed items, other files."""
    total = 0
    for path, _ in _walk(paths):
        name = path.name.lower()
        try:
            if name.endswith(JSONL_SUFFIXES):
                opener: Any = gzip.open if name.endswith(".gz") else open
                with opener(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif name.endswith(FEED_SUFFIXES):
                data = path.read_bytes()
                total += data.count(b"<item") + data.count(b"<entry")
            else:
                total += 1
        except (OSError, EOFError):
            total += 1
    return total


def _check(content: str | bytes, where: str, report: Callable[[str], None], max_bytes: int) -> bool:
    size = len(content.encode("utf-8")) if isinstance(content, str) else len(content)
    if size > max_bytes:
        report(f"{where}: article too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB); skipped")
        return False
    if not (content.strip() if isinstance(content, str) else content.strip()):
        report(f"{where}: empty article; skipped")
        return False
    # UTF-16 text also has NULs; read handles it when it starts with a BOM.
    if (isinstance(content, bytes) and b"\x00" in content[:_BINARY_PROBE]
            and not content.startswith((b"\xff\xfe", b"\xfe\xff"))):
        report(f"{where}: binary data, not text; skipped")
        return False
    return True


def _page_item(path: Path, report: Callable[[str], None], max_bytes: int) -> Item | None:
    size = path.stat().st_size
    if size > max_bytes:
        report(f"{path}: article too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB); skipped")
        return None
    content = path.read_bytes()
    if not _check(content, str(path), report, max_bytes):
        return None
    return Item(key=content_key(content), origin=str(path), content=content)


def _text_field(item: dict[str, Any], names: Iterable[str]) -> str | None:
    for name in names:
        value = item.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _jsonl_items(path: Path, report: Callable[[str], None], max_bytes: int) -> Iterator[Item]:
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        number = 0
        while True:
            try:
                raw = handle.readline()
            except (OSError, EOFError) as exc:  # a truncated or corrupt .gz
                report(f"{path}:{number + 1}: cannot read further: {exc}")
                return
            if not raw:
                return
            number += 1
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            item = _parse_line(raw, where, report)
            if item is None:
                continue
            content = next((item[k] for k in _CONTENT_FIELDS if isinstance(item.get(k), str)), None)
            if content is None:
                report(f'{where}: no "text", "content" or "html" string; skipped')
                continue
            if not _check(content, where, report, max_bytes):
                continue
            external_id = item.get("id")
            yield Item(
                key=content_key(content),
                origin=where,
                content=content,
                title=_text_field(item, ("title",)),
                url=_text_field(item, ("url", "link")),
                external_id=str(external_id) if external_id is not None else None,
                published=_text_field(item, ("published", "date")),
                source=_text_field(item, ("source", "outlet")),
                fetched=_text_field(item, ("fetched", "date_extracted")),
            )


def _parse_line(raw: bytes, where: str, report: Callable[[str], None]) -> dict[str, Any] | None:
    try:
        item = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        report(f"{where}: not UTF-8 text (byte {exc.start}); skipped")
        return None
    except json.JSONDecodeError as exc:
        report(f"{where}: malformed JSON ({exc.msg} at column {exc.colno}); skipped")
        return None
    if not isinstance(item, dict):
        report(f"{where}: not a JSON object but a {type(item).__name__}; skipped")
        return None
    return item


def _feed_items(path: Path, report: Callable[[str], None], max_bytes: int) -> Iterator[Item]:
    try:
        import feedparser
    except ImportError:
        report(f"{path}: reading feeds needs feedparser (pip install 'hadath[corpus]'); skipped")
        return
    parsed = feedparser.parse(path.read_bytes())
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        report(f"{path}: no feed entries{f' ({reason})' if reason else ''}; skipped")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{path}#{number}"
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary")
        if not isinstance(html, str) or not _check(html, where, report, max_bytes):
            if not isinstance(html, str):
                report(f"{where}: feed entry has no content; skipped")
            continue
        parsed_time = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed_time) if parsed_time else None
        yield Item(key=content_key(html), origin=where, content=html,
                   title=entry.get("title") or None, url=entry.get("link") or None,
                   external_id=entry.get("id") or None, published=published, source=outlet)


def ingest(
    paths: Iterable[str | Path],
    db: str | Path | Store,
    options: IngestOptions | None = None,
    *,
    engine: Engine | None = None,
    report: Callable[[str], None] | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Analyse every article under ``paths`` and store it in ``db``; returns the summary.

    Each batch of ``options.batch_size`` results is written in one transaction. Pass an
    ``engine`` to reuse one (it is then not closed here).
    """
    options = options or IngestOptions()
    summary = IngestSummary()
    started = time.monotonic()

    def note(message: str) -> None:
        summary.failed += 1
        if len(summary.problems) < 1000:
            summary.problems.append(message)
        if report is not None:
            report(message)
        if progress is not None:
            progress.advance(failed=True)

    store = db if isinstance(db, Store) else Store(db)
    writer = StoreWriter(store) if options.threshold is None else StoreWriter(store, options.threshold)
    own_engine = engine is None
    if engine is None:
        engine = open_engine(options.engine, options.spec, workers=options.workers,
                             scheduler=options.scheduler, chunk_size=options.chunk_size)

    def fresh() -> Iterator[Item]:
        for item in iter_items(paths, note, options.max_bytes):
            if not options.force and writer.is_stored(item.key, item.url):
                summary.skipped += 1
                if progress is not None:
                    progress.advance()
                continue
            yield item

    batch: list[Result] = []

    def flush() -> None:
        counts = writer.write(batch, force=options.force)
        summary.stored += counts.stored
        summary.replaced += counts.replaced
        summary.skipped += counts.skipped
        for result in batch:
            if progress is not None and result.ok:
                progress.advance()
        batch.clear()

    try:
        for result in engine.map(fresh()):
            if not result.ok:
                note(result.error or f"{result.item.origin}: analysis failed")
                continue
            batch.append(result)
            if len(batch) >= options.batch_size:
                flush()
        if batch:
            flush()
    finally:
        if own_engine:
            engine.close()
        if not isinstance(db, Store):
            store.close()
    summary.seconds = time.monotonic() - started
    return summary
