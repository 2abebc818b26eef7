"""Engines: where the analysis of a corpus runs, behind one small interface.

An engine takes an iterable of ``Item`` and yields one ``Result`` per item, in input
order, while keeping a bounded number of chunks in flight; it never writes. The
single writer (``hadath.store``) consumes the results as they stream back.

- ``local`` (default): a process pool on this machine, one pipeline built per
  process; ``workers=1`` analyses in-process.
- ``dask``: a Dask ``LocalCluster`` of ``workers`` processes, or an existing cluster
  at ``scheduler``; each Dask worker builds its own pipeline once.

>>> engine = open_engine("local", PipelineSpec(), workers=1)  # doctest: +SKIP
>>> for result in engine.map(items): ...                       # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from hadath.engine.work import Item, PipelineSpec, Result
from hadath.errors import HadathError

__all__ = ["ENGINES", "Engine", "Item", "PipelineSpec", "Result", "open_engine"]

ENGINES = ("local", "dask")
DEFAULT_CHUNK = 8


class Engine(Protocol):
    """Analyse items somewhere; yield their results in input order."""

    workers: int

    def map(self, items: Iterable[Item]) -> Iterator[Result]: ...

    def close(self) -> None: ...


def open_engine(
    name: str,
    spec: PipelineSpec,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> Engine:
    """The engine called ``name`` ("local" or "dask"); ``workers`` defaults to all cores."""
    if name == "local":
        if scheduler:
            raise HadathError("--scheduler needs --engine dask")
        from hadath.engine.local import LocalEngine

        return LocalEngine(spec, workers=workers, chunk_size=chunk_size)
    if name == "dask":
        from hadath.engine.dask_engine import DaskEngine

        return DaskEngine(spec, workers=workers, scheduler=scheduler, chunk_size=chunk_size)
    raise HadathError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of ``size`` items (the last one shorter)."""
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def stream_in_order(
    submit: Callable[[list[Item]], Any], chunks: Iterable[list[Item]], window: int
) -> Iterator[Result]:
    """Submit chunks, keep at most ``window`` in flight, yield results in submission order.

    Order is kept so the store a run builds does not depend on which worker was fast
    (story clusters are assigned in arrival order); the window bounds memory and keeps
    every worker busy while the writer stores the oldest chunk.
    """
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
