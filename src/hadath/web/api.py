"""The JSON API of ``hadath serve``: analyse an article; search, list and profile a store.

Each route parses its parameters and calls one function of ``hadath.store`` or
``hadath.web.queries``; the event filters are the CLI's (``hadath events``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from hadath.store import EventFilter
from hadath.web import queries
from hadath.web.context import context_of

__all__ = ["AnalyzeRequest", "EventQuery", "router"]

router = APIRouter()

MAX_ROWS = 500
MAX_OFFSET = 1_000_000
# SQLite integers are 64-bit; a larger id must be refused, not overflow the driver.
MAX_ID = 2**62


def require_token(request: Request) -> None:
    context_of(request).guard(request)


class AnalyzeRequest(BaseModel):
    """One article: ``text`` (page text) or ``html``, with optional times and URL."""

    text: str | None = Field(None, description="page text (UTF-8)")
    html: str | None = Field(None, description="an HTML page; the article is extracted")
    published: str | None = Field(None, description="publication time, ISO 8601", max_length=64)
    fetched: str | None = Field(None, description="crawl time relative lines resolve against",
                                max_length=64)
    url: str | None = Field(None, max_length=4000)


class EventQuery(BaseModel):
    """The filters of ``hadath events``; all optional, combined with AND."""

    actor: str | None = Field(None, max_length=200,
                              description="KB id, CAMEO code (EGYGOV) or part of a name")
    country: str | None = Field(None, max_length=8, description="either actor's country (ISO3/IGO)")
    cameo: str | None = Field(None, max_length=8, description="CAMEO code or root prefix")
    plover: str | None = Field(None, max_length=40, description="PLOVER category")
    quad: int | None = Field(None, ge=1, le=4, description="quad class 1-4")
    since: str | None = Field(None, max_length=32, description="ISO date, inclusive")
    until: str | None = Field(None, max_length=32, description="ISO date, inclusive")

    def to_filter(self) -> EventFilter:
        return EventFilter(actor=self.actor or None, country=self.country or None,
                           cameo=self.cameo or None, plover=self.plover or None, quad=self.quad,
                           since=self.since or None, until=self.until or None)


@router.post("/analyze", dependencies=[Depends(require_token)], tags=["analyze"],
             summary="Analyse one article into a hadath/1 document")
def analyze(request: Request, body: AnalyzeRequest) -> dict[str, Any]:
    """Page text or HTML in, the ``hadath/1`` JSON document out (as ``hadath analyze``)."""
    if (body.text is None) == (body.html is None):
        raise HTTPException(status_code=422, detail="give exactly one of text or html")
    source = body.text if body.text is not None else body.html
    assert source is not None
    doc = context_of(request).analyze(source, published=body.published, fetched=body.fetched,
                                      url=body.url)
    return doc.to_dict()


@router.get("/articles", tags=["articles"], summary="Full-text search, or the newest articles")
def articles(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="words that must all occur; "
                                   '"quoted phrases" stay phrases')] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Any:
    store = context_of(request).store()
    if q is None or not q.strip():
        return JSONResponse({"query": None, "articles": queries.recent_articles(store, limit, offset)})
    hits = queries.search_page(store, q, limit, offset)
    for hit in hits:
        hit["highlights"] = _highlights(hit)
    return JSONResponse({"query": q, "articles": hits})


def _highlights(hit: dict[str, Any]) -> list[list[int]]:
    """Take the hit marks out of ``hit["snippet"]``; return the hits as offsets into it."""
    spans, out, position = [], [], 0
    snippet = hit["snippet"]
    start = -1
    for char in snippet:
        if char == queries.HIT_OPEN:
            start = position
        elif char == queries.HIT_CLOSE:
            if start >= 0:
                spans.append([start, position])
            start = -1
        else:
            out.append(char)
            position += 1
    hit["snippet"] = "".join(out)
    return spans


@router.get("/articles/{article_id}", tags=["articles"], summary="One stored article")
def article(request: Request, article_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    """The article's columns and its stored ``hadath/1`` document (``doc``)."""
    found = queries.get_article(context_of(request).store(), article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    return found


@router.get(
    "/events", tags=["events"], summary="De-duplicated events with the CLI's filters",
    responses={200: {"content": {"application/json": {}, "text/csv": {}},
                     "description": "a page of events, or all of them as CSV"}},
)
def events(
    request: Request,
    filters: Annotated[EventQuery, Query()],
    limit: Annotated[int, Query(ge=1, le=MAX_ROWS)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Any:
    """One row per event per story, newest first; ``format=csv`` downloads every match."""
    context = context_of(request)
    store = context.store()
    event_filter = filters.to_filter()
    if format == "csv":
        return StreamingResponse(
            _csv_rows(context, event_filter), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="hadath-events.csv"'},
        )
    # Rows are plain JSON values already: skip the response model's validation pass.
    return JSONResponse({
        "total": queries.count_events(store, event_filter),
        "limit": limit,
        "offset": offset,
        "events": queries.page_events(store, event_filter, limit, offset),
    })


_CSV_CHUNK = 2000
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_rows(context: Any, event_filter: EventFilter) -> Iterator[str]:
    buffer = io.StringIO()
    writer: Any = None
    offset = 0
    yield "\ufeff"  # so spreadsheet programs read the Arabic as UTF-8
    while True:
        # Each chunk is its own query: the generator may resume on another thread.
        rows = queries.page_events(context.store(), event_filter, _CSV_CHUNK, offset)
        if writer is None:
            columns = list(rows[0]) if rows else ["id", "date", "source_code", "cameo", "target_code"]
            writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < _CSV_CHUNK:
            return
        offset += _CSV_CHUNK


@router.get("/events/timeline", tags=["events"], summary="Event counts per month and quad class")
def timeline(request: Request, filters: Annotated[EventQuery, Query()]) -> dict[str, Any]:
    store = context_of(request).store()
    return {"months": queries.event_timeline(store, filters.to_filter())}


@router.get("/actors", tags=["actors"], summary="Find actors by id, code or name")
def actors(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_ROWS)] = 50,
) -> dict[str, Any]:
    store = context_of(request).store()
    return {"query": q, "actors": queries.find_actors(store, q, limit)}


@router.get("/actors/{actor_id:path}", tags=["actors"], summary="One actor's profile")
def actor(request: Request, actor_id: str) -> dict[str, Any]:
    """Counts per month by quad class, mean Goldstein, top counterparts."""
    profile = queries.actor_profile(context_of(request).store(), actor_id)
    if profile is None:
        raise HTTPException(status_code=404, detail=f"no actor {actor_id!r} in this store")
    return profile


@router.get("/stats", tags=["corpus"], summary="Corpus totals")
def stats(request: Request) -> dict[str, Any]:
    return queries.corpus_stats(context_of(request).store())
