"""What every request handler of the web app shares: the store, the KB, the pipeline, the token.

``create_app`` builds one ``WebContext`` and keeps it on ``app.state.context``; the API
and page routers reach it through ``context_of(request)``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from fastapi import HTTPException, Request

from hadath.doc import Doc
from hadath.kb.model import KnowledgeBase
from hadath.pipeline import Pipeline
from hadath.render import cameo_labels
from hadath.store import Store
from hadath.web.queries import ReadPool
from hadath.web.security import TokenGuard

__all__ = ["QUAD_CLASSES", "WebContext", "context_of"]

# Quad classes as analysts name them (English) and as the Arabic UI shows them.
QUAD_CLASSES = {
    1: ("Verbal cooperation", "تعاون لفظي"),
    2: ("Material cooperation", "تعاون مادي"),
    3: ("Verbal conflict", "صراع لفظي"),
    4: ("Material conflict", "صراع مادي"),
}


@dataclass
class WebContext:
    pool: ReadPool | None
    kb: KnowledgeBase | None
    guard: TokenGuard
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline.default(self.kb)

    @cached_property
    def labels(self) -> dict[str, str]:
        return cameo_labels()

    def store(self) -> Store:
        """This thread's read-only store, or 503 when the server runs without one."""
        if self.pool is None:
            raise HTTPException(status_code=503, detail="this server runs without a store (--db)")
        return self.pool.store()

    def analyze(self, source: str, **options: Any) -> Doc:
        # One analysis at a time: the stages keep caches that were not written to be
        # shared between threads, and the work is CPU-bound anyway.
        pipeline = self.pipeline
        with self._lock:
            return pipeline.analyze(source, name="<request>", **options)


def context_of(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context
