"""The Dask engine: analysis on Dask workers, writing stays with the caller.

``workers=N`` starts a ``LocalCluster`` of N single-threaded worker processes on this
machine; ``scheduler="tcp://host:8786"`` joins a cluster that is already running
(see docs/corpus.md). Chunks of items are submitted with ``client.submit`` and
their results streamed back in input order; each worker process builds the
pipeline once (``hadath.engine.work.pipeline_for``) and keeps it for every chunk.
Workers need hadath installed (the same version) and, for ``--kb``, the KB folder
at the same path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from hadath.engine import chunked, default_workers, stream_in_order
from hadath.engine.work import Item, PipelineSpec, Result, analyze_chunk
from hadath.errors import HadathError

__all__ = ["DaskEngine"]


class DaskEngine:
    """Analyse on a Dask cluster: a new local one, or the one at ``scheduler``."""

    def __init__(
        self,
        spec: PipelineSpec,
        workers: int | None = None,
        scheduler: str | None = None,
        chunk_size: int = 8,
        processes: bool = True,
    ) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise HadathError(
                "the dask engine needs dask.distributed: pip install 'hadath[dask]'"
            ) from exc
        self.spec = spec
        self.chunk_size = chunk_size
        self._cluster: Any = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=max(1, workers or default_workers()),
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
            )
            self.client = Client(self._cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, items: Iterable[Item]) -> Iterator[Result]:
        client = self.client
        yield from stream_in_order(
            lambda chunk: client.submit(analyze_chunk, self.spec, chunk, pure=False),
            chunked(items, self.chunk_size),
            window=2 * self.workers,
        )

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            # Closing a LocalCluster warns that it had to kill idle worker processes;
            # that is the intended end of our own cluster, not news for the user.
            nanny_log = logging.getLogger("distributed.nanny")
            level = nanny_log.level
            nanny_log.setLevel(logging.ERROR)
            try:
                self._cluster.close()
            finally:
                nanny_log.setLevel(level)
