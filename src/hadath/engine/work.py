"""The unit of work an engine runs: one article in (``Item``), one analysis out (``Result``).

Both are small picklable records, because they cross process and machine borders.
``analyze_chunk`` is the function that runs on a worker: it builds the pipeline
once per worker process (``PipelineSpec.build`` cached by spec) and returns, for each
item, the ``hadath/1`` document plus the MinHash signature of the body, so the
writer only has to store.
"""

from __future__ import annotations

import dataclasses
import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hadath.dedup import sign
from hadath.doc import Doc
from hadath.errors import HadathError

__all__ = ["Analyzer", "Item", "PipelineSpec", "Result", "analyze_chunk", "analyze_item"]

Analyzer = Callable[[Doc], Doc]


@dataclass(frozen=True)
class PipelineSpec:
    """How a worker builds its pipeline: the default one over a KB folder, or a factory.

    ``factory`` is ``"package.module:function"``, a function with no arguments that
    returns a ``Doc -> Doc`` callable (a ``Pipeline`` or anything like one); it must be
    importable on every worker. Specs are hashable, so a worker builds each at most once.
    """

    kb_dir: str | None = None
    factory: str | None = None

    def build(self) -> Analyzer:
        if self.factory:
            module_name, _, attr = self.factory.partition(":")
            if not attr:
                raise HadathError(f"pipeline factory {self.factory!r} is not 'module:function'")
            built: Analyzer = getattr(importlib.import_module(module_name), attr)()
            return built
        from pathlib import Path

        from hadath.kb import default_kb, load_kb
        from hadath.pipeline import Pipeline

        kb = default_kb() if self.kb_dir is None else load_kb(Path(self.kb_dir))
        return Pipeline.default(kb)


@dataclass(frozen=True)
class Item:
    """One article to analyse, with what its container said about it.

    ``key`` is the content hash the store deduplicates on; ``origin`` says where it
    came from (``path`` or ``path:line``) for messages.
    """

    key: str
    origin: str
    content: str | bytes
    title: str | None = None
    url: str | None = None
    external_id: str | None = None
    published: str | None = None
    source: str | None = None
    fetched: str | None = None


@dataclass
class Result:
    """What analysing one Item gave: the document and signature, or an error message."""

    item: Item
    doc: dict[str, Any] | None = None
    signature: bytes = b""
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


_pipelines: dict[PipelineSpec, Analyzer] = {}
_lock = threading.Lock()


def pipeline_for(spec: PipelineSpec) -> Analyzer:
    """The pipeline ``spec`` builds, built once per process (threads share it)."""
    with _lock:
        if spec not in _pipelines:
            _pipelines[spec] = spec.build()
        return _pipelines[spec]


def analyze_item(pipeline: Analyzer, item: Item) -> Result:
    """Run ``pipeline`` on one item; an error becomes ``Result.error``, never an exception."""
    try:
        published = _parse_time(item.published)
        doc = Doc(raw=item.content, name=item.origin, url=item.url, title=item.title or None,
                  published=published, fetched=_parse_time(item.fetched))
        if published is not None:
            doc.published_source = "given"
        elif item.published:
            doc.warn("bad-published", f"publication time {item.published!r} is not ISO; ignored")
        doc = pipeline(doc)
        data = doc.to_dict()
    except HadathError as exc:
        return Result(item, error=str(exc) if exc.source else f"{item.origin}: {exc}")
    except Exception as exc:  # a bug in a stage must not end a million-article run
        return Result(item, error=f"{item.origin}: {type(exc).__name__}: {exc}")
    # The content is not needed any more; do not ship it back.
    slim = dataclasses.replace(item, content=b"")
    return Result(slim, doc=data, signature=sign(data.get("body") or ""),
                  warnings=list(data.get("warnings") or []))


def analyze_chunk(spec: PipelineSpec, items: list[Item]) -> list[Result]:
    """Analyse a chunk of items on whatever process this runs in (the worker function)."""
    pipeline = pipeline_for(spec)
    return [analyze_item(pipeline, item) for item in items]


def _parse_time(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
