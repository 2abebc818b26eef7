"""Read-only queries the web app needs beyond ``hadath.store``'s: pages, timelines, profiles.

The store's own functions answer the CLI (``search``, ``query_events``, ``top_actors``);
the web layer also needs offsets for paging, counts per month by quad class, an
actor's counterparts and corpus totals. These are plain SQL over the store's tables
(see ``hadath.store.schema``) and read the de-duplicated ``cluster_events`` table,
so one story reported by five outlets counts once, as in ``hadath events``.

Every function takes a ``Store`` opened read-only; ``ReadPool`` hands each server
thread its own connection, since one SQLite connection must not interleave cursors
across threads.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from hadath.arabic import normalize
from hadath.errors import HadathError
from hadath.store import EventFilter, Store, open_store, search
from hadath.store.queries import EVENT_COLUMNS as _EVENT_COLUMNS
from hadath.store.queries import EVENT_FROM as _EVENT_FROM

__all__ = [
    "ReadPool",
    "actor_events",
    "actor_profile",
    "count_events",
    "corpus_stats",
    "event_timeline",
    "find_actors",
    "get_article",
    "page_events",
    "recent_articles",
    "search_page",
]

# What ``EventFilter.where()`` can refer to: the event and its two actors.
_FILTER_FROM = """
FROM cluster_events ce
LEFT JOIN actors s ON s.id = ce.source_actor_id
LEFT JOIN actors t ON t.id = ce.target_actor_id
"""


class ReadPool:
    """One read-only ``Store`` per thread over the file at ``path``, opened on first use."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.path, readonly=True)
            # EventFilter's actor clause compares normalised Arabic names.
            store.conn.create_function("hadath_norm", 1, _norm, deterministic=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
        self._local = threading.local()


def _norm(text: str | None) -> str | None:
    return normalize(text) if text else text


def _rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(sql, params)]


# -- articles ---------------------------------------------------------------------------


def get_article(store: Store, article_id: int) -> dict[str, Any] | None:
    """The stored article: its columns and its ``hadath/1`` document under ``doc``."""
    row = store.conn.execute(
        "SELECT id, url, source, title, published, fetched, cluster_id, doc_json "
        "FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    article = dict(row)
    article["doc"] = json.loads(article.pop("doc_json"))
    cluster = article.get("cluster_id")
    article["cluster_size"] = int(store.conn.execute(
        "SELECT COUNT(*) FROM articles WHERE cluster_id = ?", (cluster,)
    ).fetchone()[0]) if cluster is not None else 1
    return article


def recent_articles(store: Store, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """The newest articles (by publication, else crawl time), for a search page with no query."""
    return _rows(store.conn,
                 "SELECT id AS article_id, title, url, source, published, "
                 "substr(body, 1, 160) AS snippet FROM articles "
                 "ORDER BY COALESCE(published, fetched) DESC, id DESC LIMIT ? OFFSET ?",
                 (limit, offset))


# Hits are marked with two control characters no article body keeps after ``clean``,
# so the page can split the snippet and escape each piece rather than trust markup.
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


def search_page(store: Store, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """A page of full-text hits, best first; ``snippet`` marks hits with ``HIT_OPEN``/``HIT_CLOSE``.

    Raises ``HadathError`` for a query with nothing to search for; FTS5 syntax in the
    query is quoted away by ``hadath.store.fts_query`` so it is always plain text.
    """
    try:
        hits = search(store, query, limit=offset + limit, mark=(HIT_OPEN, HIT_CLOSE))
    except sqlite3.OperationalError as exc:  # the index refused the expression
        raise HadathError(f"cannot search for {query!r}: {exc}") from exc
    return [hit.to_dict() for hit in hits[offset:]]


# -- events ----------------------------------------------------------------------------


# Per store file: (version key, [(id, CODE, lower name_en, normalised name_ar)]) of the
# actors that take part in events. The key changes whenever events or actors are added.
_EVENT_ACTORS: dict[str, tuple[tuple[Any, ...], list[tuple[str, str, str, str]]]] = {}


def _event_actors(store: Store) -> list[tuple[str, str, str, str]]:
    key = tuple(store.conn.execute(
        "SELECT (SELECT MAX(id) FROM cluster_events), (SELECT MAX(rowid) FROM actors)").fetchone())
    cached = _EVENT_ACTORS.get(str(store.path))
    if cached is not None and cached[0] == key:
        return cached[1]
    rows = store.conn.execute(
        "SELECT id, code, name_en, name_ar FROM actors WHERE id IN "
        "(SELECT source_actor_id FROM cluster_events UNION SELECT target_actor_id FROM cluster_events)"
    )
    table = [(r["id"], (r["code"] or "").upper(), (r["name_en"] or "").lower(),
              normalize(r["name_ar"] or "")) for r in rows]
    _EVENT_ACTORS[str(store.path)] = (key, table)
    return table


def _event_actor_ids(store: Store, text: str) -> list[str]:
    """Ids of the actors in any event whose id, code or name matches ``text`` as
    ``EventFilter``'s actor clause does (id or code equal, name contains; ``%`` and
    ``_`` are plain characters here, not wildcards).

    ``EventFilter`` normalises the Arabic names of both actors of every event row in
    SQL; matching the actors that take part in events once, in Python, with their
    names normalised once per store version, is an order of magnitude faster.
    """
    needle_en, needle_ar, code = text.lower(), normalize(text), text.upper()
    return [actor_id for actor_id, actor_code, name_en, name_ar in _event_actors(store)
            if actor_id == text or actor_code == code or needle_en in name_en
            or (needle_ar and needle_ar in name_ar)]


def _where(store: Store, filters: EventFilter) -> tuple[str, list[Any]]:
    """``filters.where()`` with the actor clause answered by ``_event_actor_ids``."""
    if not filters.actor:
        return filters.where()
    others = EventFilter(**{**filters.__dict__, "actor": None})
    where, params = others.where()
    ids = json.dumps(_event_actor_ids(store, filters.actor))
    clause = ("(ce.source_actor_id IN (SELECT value FROM json_each(?)) OR ce.source_code = ? "
              "OR ce.target_actor_id IN (SELECT value FROM json_each(?)) OR ce.target_code = ?)")
    code = filters.actor.upper()
    return (where + (" AND " if where else " WHERE ") + clause, [*params, ids, code, ids, code])


def count_events(store: Store, filters: EventFilter) -> int:
    where, params = _where(store, filters)
    # Only the actor and country filters read the joined actor rows; counting through
    # joins the filter does not need costs more than the rest of a page.
    joins = _FILTER_FROM if filters.country else "FROM cluster_events ce"
    return int(store.conn.execute(f"SELECT COUNT(*) {joins}{where}", params).fetchone()[0])


def page_events(store: Store, filters: EventFilter, limit: int | None = 50,
                offset: int = 0) -> list[dict[str, Any]]:
    """De-duplicated events matching ``filters``, newest first (as ``hadath events``)."""
    where, params = _where(store, filters)
    sql = f"SELECT {_EVENT_COLUMNS}{_EVENT_FROM}{where} ORDER BY ce.date DESC, ce.id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return _rows(store.conn, sql, params)


def actor_events(store: Store, actor_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """The newest de-duplicated events with ``actor_id`` on either side (by id only)."""
    return _rows(store.conn,
                 f"SELECT {_EVENT_COLUMNS}{_EVENT_FROM} "
                 "WHERE ce.source_actor_id = ? OR ce.target_actor_id = ? "
                 "ORDER BY ce.date DESC, ce.id LIMIT ?", (actor_id, actor_id, limit))


def event_timeline(store: Store, filters: EventFilter) -> list[dict[str, Any]]:
    """Events per month and quad class: ``[{"month": "2025-03", "quad_class": 1, "events": 4}]``."""
    where, params = _where(store, filters)
    where += (" AND " if where else " WHERE ") + "ce.date IS NOT NULL"
    return _rows(store.conn,
                 f"SELECT substr(ce.date, 1, 7) AS month, ce.quad_class, COUNT(*) AS events "
                 f"{_FILTER_FROM}{where} GROUP BY month, ce.quad_class ORDER BY month, ce.quad_class",
                 params)


# -- actors ----------------------------------------------------------------------------


def find_actors(store: Store, query: str | None, limit: int = 50) -> list[dict[str, Any]]:
    """Actors whose id, code or name (English, or Arabic ignoring spelling variants)
    contains ``query``, with their de-duplicated event counts; all actors when empty."""
    clauses, params = "", []
    if query and query.strip():
        text = query.strip()
        clauses = ("WHERE a.id = ? OR upper(a.code) = ? OR lower(a.name_en) LIKE ? "
                   "OR hadath_norm(a.name_ar) LIKE ?")
        params = [text, text.upper(), f"%{text.lower()}%", f"%{normalize(text)}%"]
    sql = f"""
    WITH ev AS (
        SELECT source_actor_id AS actor_id FROM cluster_events WHERE source_actor_id IS NOT NULL
        UNION ALL
        SELECT target_actor_id FROM cluster_events WHERE target_actor_id IS NOT NULL
    ), counts AS (SELECT actor_id, COUNT(*) AS events FROM ev GROUP BY actor_id)
    SELECT a.id, a.name_en, a.name_ar, a.country, a.agent, a.code, a.wikidata,
           COALESCE(counts.events, 0) AS events
    FROM actors a LEFT JOIN counts ON counts.actor_id = a.id
    {clauses}
    ORDER BY events DESC, a.id LIMIT ?
    """
    return _rows(store.conn, sql, [*params, limit])


def actor_profile(store: Store, actor_id: str, counterparts: int = 15) -> dict[str, Any] | None:
    """One actor: its record, events per month by quad class, mean Goldstein, and the
    actors it meets most often on the other side of an event."""
    row = store.conn.execute(
        "SELECT id, name_en, name_ar, country, agent, code, wikidata FROM actors WHERE id = ?",
        (actor_id,),
    ).fetchone()
    if row is None:
        return None
    conn = store.conn
    involved = "(source_actor_id = :id OR target_actor_id = :id)"
    totals = conn.execute(
        f"SELECT COUNT(*) AS events, AVG(goldstein) AS mean_goldstein, "
        f"SUM(source_actor_id = :id) AS as_source, SUM(target_actor_id = :id) AS as_target, "
        f"MIN(date) AS first, MAX(date) AS last FROM cluster_events WHERE {involved}",
        {"id": actor_id},
    ).fetchone()
    months = _rows(conn, f"""
        SELECT substr(date, 1, 7) AS month, quad_class, COUNT(*) AS events,
               AVG(goldstein) AS mean_goldstein
        FROM cluster_events WHERE {involved} AND date IS NOT NULL
        GROUP BY month, quad_class ORDER BY month, quad_class""", {"id": actor_id})
    partners = _rows(conn, f"""
        WITH other AS (
            SELECT CASE WHEN source_actor_id = :id THEN target_actor_id ELSE source_actor_id END
                   AS actor_id, goldstein, quad_class
            FROM cluster_events WHERE {involved}
        )
        SELECT o.actor_id AS id, a.name_en, a.name_ar, a.code, COUNT(*) AS events,
               AVG(o.goldstein) AS mean_goldstein,
               SUM(o.quad_class IN (1, 2)) AS cooperation, SUM(o.quad_class IN (3, 4)) AS conflict
        FROM other o JOIN actors a ON a.id = o.actor_id
        WHERE o.actor_id IS NOT NULL AND o.actor_id != :id
        GROUP BY o.actor_id ORDER BY events DESC, o.actor_id LIMIT :n""",
        {"id": actor_id, "n": counterparts})
    mentions = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM entities WHERE actor_id = ?", (actor_id,)
    ).fetchone()
    mean = totals["mean_goldstein"]
    return {
        "actor": dict(row),
        "events": int(totals["events"] or 0),
        "as_source": int(totals["as_source"] or 0),
        "as_target": int(totals["as_target"] or 0),
        "first": totals["first"],
        "last": totals["last"],
        "mean_goldstein": round(float(mean), 3) if mean is not None else None,
        "mentions": int(mentions[0]),
        "articles": int(mentions[1]),
        "months": [{**m, "mean_goldstein": round(float(m["mean_goldstein"] or 0), 3)} for m in months],
        "counterparts": [{**p, "mean_goldstein": round(float(p["mean_goldstein"] or 0), 3)}
                         for p in partners],
    }


# -- corpus ----------------------------------------------------------------------------


def corpus_stats(store: Store) -> dict[str, Any]:
    """Totals, the date range, events per quad class and the most frequent CAMEO roots."""
    conn = store.conn
    counts = {table: store.count(table) for table in
              ("articles", "actors", "entities", "events", "clusters", "cluster_events")}
    first, last = conn.execute(
        "SELECT MIN(COALESCE(published, fetched)), MAX(COALESCE(published, fetched)) FROM articles"
    ).fetchone()
    quads = {int(q): int(n) for q, n in conn.execute(
        "SELECT quad_class, COUNT(*) FROM cluster_events WHERE quad_class IS NOT NULL "
        "GROUP BY quad_class")}
    roots = _rows(conn, "SELECT root, COUNT(*) AS events FROM cluster_events "
                        "GROUP BY root ORDER BY events DESC, root LIMIT 20")
    outlets = _rows(conn, "SELECT source, COUNT(*) AS articles FROM articles "
                          "GROUP BY source ORDER BY articles DESC, source LIMIT 20")
    return {
        "articles": counts["articles"],
        "stories": counts["clusters"],
        "events": counts["cluster_events"],
        "event_reports": counts["events"],
        "actors": counts["actors"],
        "entities": counts["entities"],
        "first": first,
        "last": last,
        "quad_classes": {str(q): quads.get(q, 0) for q in (1, 2, 3, 4)},
        "roots": roots,
        "outlets": outlets,
    }
