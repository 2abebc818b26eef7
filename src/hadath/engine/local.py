"""The local engine: a process pool on this machine, one pipeline per process.

Each pool process builds the pipeline once, in its initializer, then analyses
chunks of items; results come back to the calling process in input order.
``workers=1`` runs everything in the calling process (no pickling, easiest to debug).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from hadath.engine import chunked, default_workers, stream_in_order
from hadath.engine.work import Item, PipelineSpec, Result, analyze_chunk, analyze_item, pipeline_for

__all__ = ["LocalEngine"]


class LocalEngine:
    """Analyse on ``workers`` local processes (all cores by default)."""

    def __init__(self, spec: PipelineSpec, workers: int | None = None, chunk_size: int = 8) -> None:
        self.spec = spec
        self.workers = max(1, workers or default_workers())
        self.chunk_size = chunk_size
        self._pool: ProcessPoolExecutor | None = None

    def map(self, items: Iterable[Item]) -> Iterator[Result]:
        if self.workers == 1:
            for item in items:
                # Built at the first item, so a rerun with nothing left to do stays quick.
                yield analyze_item(pipeline_for(self.spec), item)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, initializer=pipeline_for, initargs=(self.spec,)
            )
        pool = self._pool
        yield from stream_in_order(
            lambda chunk: pool.submit(analyze_chunk, self.spec, chunk),
            chunked(items, self.chunk_size),
            window=2 * self.workers,
        )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
