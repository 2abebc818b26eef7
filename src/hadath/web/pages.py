"""The Arabic web UI of ``hadath serve``: search, article, event explorer, actor and paste pages.

Pages are rendered on the server from the same queries as the API. Article text is
never trusted as markup: it is cut into ``Segment`` pieces (``hadath.web.highlight``)
that the templates escape one by one. Charts and the counterpart network are drawn
in the browser by the vendored Chart.js and Cytoscape from the JSON API.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlencode

import jinja2
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from hadath.errors import HadathError
from hadath.web import queries
from hadath.web.api import MAX_ID, EventQuery
from hadath.web.context import QUAD_CLASSES, WebContext, context_of
from hadath.web.highlight import (
    safe_url,
    segment_body,
    split_marked,
    subheading_spans,
    trigger_pieces,
)

__all__ = ["render_error", "router", "templates"]

router = APIRouter(include_in_schema=False)

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(FilePath(__file__).with_name("templates")),
    autoescape=True,  # every {{ }} is escaped; no template uses |safe on article text
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["pathquote"] = lambda value: quote(str(value), safe="")
_env.globals["QUAD_CLASSES"] = QUAD_CLASSES
templates = Jinja2Templates(env=_env)

PER_PAGE = 50
ENTITY_TYPES = {"PER": "أشخاص", "ORG": "منظمات", "GPE": "دول ومدن", "LOC": "أماكن"}


def _page(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
    context = context_of(request)
    values.setdefault("token_required", context.guard.enabled)
    values.setdefault("has_store", context.pool is not None)
    return templates.TemplateResponse(request, name, values, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return _page(request, "error.html", status=status, status_code=status, message=message)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui/")
def search_view(request: Request, q: Annotated[str | None, Query(max_length=500)] = None,
                page: Annotated[int, Query(ge=1, le=500)] = 1) -> Response:
    context = context_of(request)
    if context.pool is None:  # no corpus: the paste page is all there is
        return RedirectResponse("/ui/analyze", status_code=307)
    store = context.store()
    offset = (page - 1) * 20
    if q and q.strip():
        try:
            hits = queries.search_page(store, q, 20, offset)
        except HadathError as exc:
            return render_error(request, 400, str(exc))
    else:
        hits = queries.recent_articles(store, 20, offset)
    for hit in hits:
        hit["pieces"] = split_marked(hit.get("snippet") or "", queries.HIT_OPEN, queries.HIT_CLOSE)
        hit["safe_url"] = safe_url(hit.get("url"))
    more = urlencode({"q": q or "", "page": page + 1}) if len(hits) == 20 else None
    return _page(request, "search.html", q=q or "", hits=hits, page=page, more=more,
                 stats=queries.corpus_stats(store) if not q else None,
                 top=queries.find_actors(store, None, 12) if not q else [])


def _article_view(context: WebContext, doc: dict[str, Any]) -> dict[str, Any]:
    """What the article template shows of a ``hadath/1`` document."""
    body = doc.get("body") or ""
    entities = doc.get("entities") or []
    events = doc.get("events") or []
    groups: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in ENTITY_TYPES}
    for entity in entities:
        actor = entity.get("actor") or {}
        key = actor.get("id") or entity.get("text")
        group = groups.setdefault(entity.get("type", ""), {})
        entry = group.setdefault(key, {"text": entity.get("text"), "actor": actor or None, "n": 0})
        entry["n"] += 1
    rows = []
    for index, event in enumerate(events):
        rows.append({
            "index": index,
            "event": event,
            "label": context.labels.get(str(event.get("cameo")), ""),
            "quad": QUAD_CLASSES.get(int(event.get("quad_class") or 0), ("", "")),
            "pieces": trigger_pieces(event, body),
        })
    return {
        "segments": segment_body(body, entities, events,
                                 subheading_spans(body, list(doc.get("subheadings") or []))),
        "groups": [(t, ENTITY_TYPES.get(t, t), list(g.values())) for t, g in groups.items() if g],
        "events": rows,
        "doc": doc,
    }


@router.get("/ui/articles/{article_id}")
def article_page(request: Request,
                 article_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> HTMLResponse:
    context = context_of(request)
    found = queries.get_article(context.store(), article_id)
    if found is None:
        return render_error(request, 404, f"لا توجد مقالة رقم {article_id}")
    return _page(request, "article.html", article=found, safe_url=safe_url(found.get("url")),
                 **_article_view(context, found["doc"]))


@router.get("/ui/events")
def events_page(request: Request, filters: Annotated[EventQuery, Query()],
                page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> HTMLResponse:
    store = context_of(request).store()
    event_filter = filters.to_filter()
    total = queries.count_events(store, event_filter)
    rows = queries.page_events(store, event_filter, PER_PAGE, (page - 1) * PER_PAGE)
    params = {k: v for k, v in filters.model_dump().items() if v not in (None, "")}
    query = urlencode(params)
    return _page(request, "events.html", filters=params, rows=rows, total=total, page=page,
                 pages=max(1, -(-total // PER_PAGE)), query=query,
                 labels=context_of(request).labels,
                 prev=urlencode({**params, "page": page - 1}) if page > 1 else None,
                 next=urlencode({**params, "page": page + 1}) if page * PER_PAGE < total else None)


@router.get("/ui/actors")
def actors_page(request: Request,
                q: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    found = queries.find_actors(context_of(request).store(), q, 100)
    return _page(request, "actors.html", q=q or "", actors=found)


@router.get("/ui/actors/{actor_id:path}")
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    context = context_of(request)
    store = context.store()
    profile = queries.actor_profile(store, actor_id)
    if profile is None:
        return render_error(request, 404, f"لا يوجد فاعل بالمعرّف {actor_id} في هذه القاعدة")
    recent = queries.actor_events(store, actor_id, 20)
    return _page(request, "actor.html", profile=profile, actor=profile["actor"], recent=recent,
                 labels=context.labels)


@router.get("/ui/analyze")
def analyze_form(request: Request) -> HTMLResponse:
    return _page(request, "analyze.html", text="", published="", fetched="")


@router.post("/ui/analyze")
async def analyze_submit(request: Request) -> Response:
    """The paste form: urlencoded ``text`` (or HTML), optional times, and the token if set."""
    context = context_of(request)
    raw = (await request.body()).decode("utf-8", errors="replace")
    form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    text = form.get("text", "")
    presented = form.get("token") or context.guard.bearer(request)
    if not context.guard.check(presented or None):
        return _page(request, "analyze.html", status=401, text=text,
                     published=form.get("published", ""), fetched=form.get("fetched", ""),
                     error="رمز الدخول (token) غير صحيح أو مفقود")
    try:
        doc = await run_in_threadpool(
            context.analyze, text, published=form.get("published") or None,
            fetched=form.get("fetched") or None)
    except HadathError as exc:
        return _page(request, "analyze.html", status=422, text=text,
                     published=form.get("published", ""), fetched=form.get("fetched", ""),
                     error=str(exc))
    data = doc.to_dict()
    return _page(request, "article.html", article=None, safe_url=safe_url(data.get("url")),
                 analysed=True, **_article_view(context, data))


def not_found_page(request: Request, exc: HTTPException) -> HTMLResponse:
    return render_error(request, exc.status_code, str(exc.detail))
