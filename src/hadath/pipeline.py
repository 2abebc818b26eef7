"""The pipeline: an ordered list of named ``Doc -> Doc`` stages.

The whole journey of an article, in order::

    read     bytes / text / HTML            -> title, text, input format
    clean    strip chrome, dateline          -> body, blocks (sub-headings), dateline
    dates    publication time, in-text dates -> published, dates
    segment  sentences and tokens            -> sentences (with normalised tokens)
    entities gazetteer + title patterns      -> mentions
    link     mentions -> actors, coreference -> mention.actor
    events   triggers, arguments, negation   -> events

Stages are registered by name with what they need; ``Pipeline.default()`` builds the
list above from shared resources (the knowledge base), and a caller can list, drop,
replace or insert stages. ``pipe()`` runs a batch with a per-item error handler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from hadath.doc import Doc
from hadath.errors import HadathError, PipelineError
from hadath.kb.model import KnowledgeBase


class Stage(Protocol):
    """Anything that takes a Doc and returns it, filled in further."""

    def __call__(self, doc: Doc, /) -> Doc: ...


@dataclass(frozen=True)
class Resources:
    """Shared, read-only things stages are built from; passed in, never global."""

    kb: KnowledgeBase


StageFactory = Callable[[Resources], Stage]


def _default_factories() -> dict[str, StageFactory]:
    # Imported here so importing hadath.pipeline stays cheap and cycle-free.
    from hadath.read import read
    from hadath.stages.clean import clean
    from hadath.stages.dates import resolve_dates
    from hadath.stages.entities import EntityRecognizer
    from hadath.stages.events import EventCoder
    from hadath.stages.link import Linker
    from hadath.stages.segment import segment

    return {
        "read": lambda res: read,
        "clean": lambda res: clean,
        "dates": lambda res: resolve_dates,
        "segment": lambda res: segment,
        "entities": lambda res: EntityRecognizer(res.kb),
        "link": lambda res: Linker(res.kb),
        "events": lambda res: EventCoder(res.kb),
    }


DEFAULT_STAGES = ("read", "clean", "dates", "segment", "entities", "link", "events")


class Pipeline:
    """An ordered list of named stages; calling it runs them all on one Doc."""

    def __init__(self, stages: Iterable[tuple[str, Stage]]) -> None:
        self._stages: list[tuple[str, Stage]] = list(stages)
        names = self.names
        if len(set(names)) != len(names):
            raise PipelineError(f"duplicate stage names in {names}")

    @classmethod
    def default(cls, kb: KnowledgeBase | None = None, stages: Iterable[str] = DEFAULT_STAGES) -> Pipeline:
        """The standard pipeline over ``kb`` (the shipped knowledge base by default)."""
        if kb is None:
            from hadath.kb.loader import default_kb

            kb = default_kb()
        factories = _default_factories()
        resources = Resources(kb=kb)
        built = []
        for name in stages:
            if name not in factories:
                raise PipelineError(f"unknown stage {name!r}; known: {sorted(factories)}")
            built.append((name, factories[name](resources)))
        return cls(built)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self._stages]

    def get(self, name: str) -> Stage:
        for stage_name, stage in self._stages:
            if stage_name == name:
                return stage
        raise PipelineError(f"no stage named {name!r}; stages: {self.names}")

    def remove(self, name: str) -> Pipeline:
        """Drop a stage (in place); returns self so calls chain."""
        self.get(name)
        self._stages = [(n, s) for n, s in self._stages if n != name]
        return self

    def replace(self, name: str, stage: Stage) -> Pipeline:
        """Put ``stage`` where the stage called ``name`` was."""
        self.get(name)
        self._stages = [(n, stage if n == name else s) for n, s in self._stages]
        return self

    def insert(self, name: str, stage: Stage, *, after: str | None = None, before: str | None = None) -> Pipeline:
        """Add a new named stage after or before an existing one (at the end by default)."""
        if name in self.names:
            raise PipelineError(f"a stage named {name!r} already exists")
        anchor = after or before
        if anchor is None:
            self._stages.append((name, stage))
            return self
        index = self.names.index(anchor) if anchor in self.names else -1
        if index < 0:
            raise PipelineError(f"no stage named {anchor!r}; stages: {self.names}")
        self._stages.insert(index + 1 if after else index, (name, stage))
        return self

    def __call__(self, doc: Doc) -> Doc:
        for name, stage in self._stages:
            try:
                doc = stage(doc)
            except HadathError:
                raise
            except Exception as exc:  # a bug in a stage: say which stage and which input
                raise PipelineError(f"stage {name!r} failed: {type(exc).__name__}: {exc}", source=doc.name) from exc
        return doc

    def analyze(
        self,
        source: str | bytes,
        *,
        published: datetime | str | None = None,
        fetched: datetime | str | None = None,
        url: str | None = None,
        name: str = "<input>",
    ) -> Doc:
        """Run the pipeline on raw article text, HTML or bytes."""
        doc = Doc(raw=source, name=name, url=url, published=_as_datetime(published),
                  fetched=_as_datetime(fetched))
        if doc.published is not None:
            doc.published_source = "given"
        return self(doc)

    def pipe(
        self,
        items: Iterable[dict[str, Any]],
        on_error: Callable[[dict[str, Any], HadathError], Any] | None = None,
    ) -> Iterator[Doc | Any]:
        """Analyse a batch of ``{"text"|"html", "published", "fetched", "url", "name"}`` items.

        An item that fails yields ``on_error(item, error)`` instead of a Doc (the error is
        raised when no handler is given); the batch goes on.
        """
        for item in items:
            try:
                source = item["html"] if item.get("html") is not None else item.get("text") or ""
                yield self.analyze(source, published=item.get("published"), fetched=item.get("fetched"),
                                   url=item.get("url"), name=str(item.get("name", "<input>")))
            except HadathError as exc:
                if on_error is None:
                    raise
                yield on_error(item, exc)


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise HadathError(f"not an ISO date or time: {value!r}") from exc
