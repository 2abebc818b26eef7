"""The web application of ``hadath serve``, built from a store and a knowledge base.

>>> from hadath.store import open_store
>>> app = create_app(open_store("news.db", readonly=True), kb)   # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)                # doctest: +SKIP

Routes: the JSON API (``hadath.web.api``: ``/analyze``, ``/articles``, ``/events``,
``/actors``, ``/stats``, with its OpenAPI document at ``/openapi.json``) and the
Arabic UI under ``/ui/`` (``hadath.web.pages``), static files under ``/static``.
Errors carry their HTTP status: a ``HadathError`` from bad input is 400 (422 from
``/analyze``), a broken pipeline stage 500; JSON routes answer JSON, pages a page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from hadath import __version__
from hadath.errors import HadathError, PipelineError
from hadath.kb.model import KnowledgeBase
from hadath.store import Store
from hadath.web import api, pages
from hadath.web.context import WebContext
from hadath.web.queries import ReadPool
from hadath.web.security import DEFAULT_MAX_BODY, BodyLimitMiddleware, TokenGuard

__all__ = ["create_app"]

STATIC = Path(__file__).with_name("static")


def create_app(
    store: Store | str | Path | None,
    kb: KnowledgeBase | None = None,
    *,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
) -> Any:
    """The ASGI app over ``store`` (a ``Store`` or its path; None serves ``/analyze`` only).

    ``kb`` is the knowledge base ``/analyze`` links against (the shipped one when None).
    With ``token``, compute endpoints need ``Authorization: Bearer <token>``. Request
    bodies over ``max_body`` bytes get 413. Returns the app wrapped in the body limit.
    """
    path = store.path if isinstance(store, Store) else (Path(store) if store is not None else None)
    context = WebContext(pool=ReadPool(path) if path is not None else None, kb=kb,
                         guard=TokenGuard(token))
    app = FastAPI(
        title="hadath",
        version=__version__,
        description="Arabic news to event data: analyse articles; search, list and profile "
        "a corpus store. The Arabic web UI is under /ui/.",
        # The interactive docs pages load their scripts from a CDN; the server must work
        # air-gapped, so only the OpenAPI document itself is served.
        docs_url=None,
        redoc_url=None,
    )
    app.state.context = context
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_error_handlers(app)
    if context.pool is not None:
        app.router.on_shutdown.append(context.pool.close)
    # The body limit wraps everything, so an oversized body never reaches a route.
    app.add_middleware(BodyLimitMiddleware, max_body=max_body)
    return app


def _wants_page(request: Request) -> bool:
    return request.url.path.startswith("/ui/")


def _add_error_handlers(app: FastAPI) -> None:
    async def hadath_error(request: Request, exc: Exception) -> Response:
        status = 422 if request.url.path == "/analyze" else 400
        if isinstance(exc, PipelineError):  # a stage broke: our bug, not the input's
            status = 500
        if _wants_page(request):
            return pages.render_error(request, status, str(exc))
        return JSONResponse({"detail": str(exc)}, status_code=status)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if _wants_page(request):
            return pages.render_error(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _wants_page(request):
            return pages.render_error(request, 422, "قيمة غير صالحة في الطلب")
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    app.add_exception_handler(HadathError, hadath_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
