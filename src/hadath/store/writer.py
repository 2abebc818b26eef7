"""Writing analysed articles into the store, one transaction per batch.

A batch is all-or-nothing: its articles, entities, events, cluster assignments and
refreshed cluster counts commit together, so a writer killed at any moment loses
at most the batch in flight, and rerunning the ingest redoes exactly that batch.
An article already stored (same content hash, or same URL when it has one) is
skipped, unless ``force`` asks for it to be re-analysed and replaced in place
(keeping its id and story cluster).

Story clusters: a new article joins the cluster of the most similar earlier article
the MinHash index finds (``hadath.dedup``) that was published (else crawled) within
``STORY_WINDOW_DAYS`` of it (so a templated daily bulletin, the weather report, does
not chain a month of days into one story), else starts its own. Clusters never merge
later; writing in input order keeps the assignment reproducible.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from hadath.arabic import normalize
from hadath.dedup import DEFAULT_THRESHOLD, DuplicateIndex
from hadath.engine.work import Result
from hadath.store.db import Store

__all__ = ["STORY_WINDOW_DAYS", "BatchCounts", "StoreWriter", "event_key", "outlet_of"]

# Copies of one story appear within a day or two; an article with no date can join any.
STORY_WINDOW_DAYS = 3

_ARTICLE_COLUMNS = ("content_hash", "url", "external_id", "source", "origin", "title",
                    "published", "body", "signature", "warnings", "doc_json", "ingested_at",
                    "fetched")
_EVENT_FIELDS = ("date", "source_actor_id", "source_code", "target_actor_id", "target_code",
                 "cameo", "root", "plover", "quad_class", "goldstein", "location")


@dataclass
class BatchCounts:
    stored: int = 0
    replaced: int = 0
    skipped: int = 0


def outlet_of(source: str | None, url: str | None) -> str | None:
    """The outlet an article counts for in ``num_sources``: given, else the URL's host."""
    if source:
        return source
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def event_key(event: dict[str, Any], article_date: str | None) -> str:
    """What makes two reports the same event within a story: date, actors, code, polarity."""
    source = (event.get("source") or {}).get("id") or ""
    target = (event.get("target") or {}).get("id") or ""
    date = event.get("date") or article_date or ""
    return "|".join((date, source, target, str(event.get("cameo")), "neg" if event.get("negated") else ""))


class StoreWriter:
    """The single writer of a store: skips known articles, writes batches, keeps clusters."""

    def __init__(self, store: Store, threshold: float = DEFAULT_THRESHOLD) -> None:
        if store.readonly:
            raise ValueError("a StoreWriter needs a store opened for writing")
        self.store = store
        self.conn = store.conn
        self.threshold = threshold
        self.index = DuplicateIndex(threshold)
        self._load_index()

    def _load_index(self) -> None:
        self.index = DuplicateIndex(self.threshold)
        rows = self.conn.execute("SELECT id, signature FROM articles ORDER BY id")
        self.index.add_all((row[0], row[1] or b"") for row in rows)

    def is_stored(self, key: str, url: str | None = None) -> bool:
        """Is an article with content hash ``key`` (or this URL) already in the store?"""
        return self._existing(key, url) is not None

    def _existing(self, key: str, url: str | None) -> sqlite3.Row | None:
        row = self.conn.execute(
            "SELECT id, cluster_id, title, body FROM articles WHERE content_hash = ?", (key,)
        ).fetchone()
        if row is None and url:
            row = self.conn.execute(
                "SELECT id, cluster_id, title, body FROM articles WHERE url = ? LIMIT 1", (url,)
            ).fetchone()
        return row

    def write(self, results: Sequence[Result], *, force: bool = False) -> BatchCounts:
        """Store the successful ``results`` in one transaction; returns what happened."""
        counts = BatchCounts()
        touched: set[int] = set()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for result in results:
                if result.ok and result.doc is not None:
                    self._write_one(result, force, counts, touched)
            self._refresh_clusters(touched)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            # The index may hold articles of the rolled-back batch; rebuild it from the file.
            self._load_index()
            raise
        return counts

    def _write_one(self, result: Result, force: bool, counts: BatchCounts, touched: set[int]) -> None:
        item, doc = result.item, result.doc
        assert doc is not None
        existing = self._existing(item.key, item.url)
        if existing is not None and not force:
            counts.skipped += 1
            return
        title = doc.get("title") or item.title
        body = doc.get("body") or ""
        published = doc.get("published") or item.published
        row = {
            "content_hash": item.key,
            "url": item.url or doc.get("url"),
            "external_id": item.external_id,
            "source": outlet_of(item.source, item.url or doc.get("url")),
            "origin": item.origin,
            "title": title,
            "published": published,
            "body": body,
            "signature": result.signature,
            "warnings": json.dumps(result.warnings, ensure_ascii=False),
            "doc_json": json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "fetched": item.fetched,
        }
        if existing is not None:
            article_id, cluster_id = int(existing["id"]), int(existing["cluster_id"])
            self._delete_derived(article_id, existing["title"], existing["body"])
            sets = ", ".join(f"{c} = ?" for c in _ARTICLE_COLUMNS)
            self.conn.execute(f"UPDATE articles SET {sets} WHERE id = ?",
                              [row[c] for c in _ARTICLE_COLUMNS] + [article_id])
            counts.replaced += 1
        else:
            marks = ", ".join("?" for _ in _ARTICLE_COLUMNS)
            cursor = self.conn.execute(
                f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({marks})",
                [row[c] for c in _ARTICLE_COLUMNS],
            )
            article_id = int(cursor.lastrowid or 0)
            cluster_id = self._assign_cluster(article_id, result.signature, title,
                                              published or item.fetched)
            counts.stored += 1
        touched.add(cluster_id)
        self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
            (article_id, normalize(title or ""), normalize(body)),
        )
        self._write_entities(article_id, doc.get("entities") or [])
        # Events without a date in the text take the article's: published, else crawled.
        when = published or item.fetched
        article_date = when[:10] if when else None
        self._write_events(article_id, cluster_id, doc.get("events") or [], article_date)

    def _assign_cluster(self, article_id: int, signature: bytes, title: str | None,
                        published: str | None) -> int:
        matches = self.index.find(signature)
        self.index.add(article_id, signature)
        cluster_id: int | None = None
        day = _day(published)
        for match in matches:  # most similar first
            found = self.conn.execute(
                "SELECT cluster_id, COALESCE(published, fetched) FROM articles WHERE id = ?",
                (match,)
            ).fetchone()
            other = _day(found[1]) if found else None
            if found and (day is None or other is None
                          or abs((day - other).days) <= STORY_WINDOW_DAYS):
                cluster_id = found[0]
                break
        if cluster_id is None:
            cursor = self.conn.execute(
                "INSERT INTO clusters (first_article_id, title) VALUES (?, ?)", (article_id, title)
            )
            cluster_id = int(cursor.lastrowid or 0)
        self.conn.execute("UPDATE articles SET cluster_id = ? WHERE id = ?", (cluster_id, article_id))
        return cluster_id

    def _delete_derived(self, article_id: int, title: str | None, body: str) -> None:
        self.conn.execute("DELETE FROM entities WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        # A contentless FTS5 row is deleted by repeating the values it was indexed with.
        self.conn.execute(
            "INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
            (article_id, normalize(title or ""), normalize(body or "")),
        )

    def _write_actor(self, actor: dict[str, Any] | None) -> str | None:
        if not actor or not actor.get("id"):
            return None
        self.conn.execute(
            "INSERT OR IGNORE INTO actors (id, name_en, name_ar, country, agent, code, wikidata) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (actor["id"], actor.get("name_en"), actor.get("name_ar"), actor.get("country"),
             actor.get("agent"), actor.get("code"), actor.get("wikidata")),
        )
        return str(actor["id"])

    def _write_entities(self, article_id: int, entities: Iterable[dict[str, Any]]) -> None:
        rows = [
            (article_id, e["start"], e["end"], e["text"], e["type"], self._write_actor(e.get("actor")))
            for e in entities
        ]
        self.conn.executemany(
            'INSERT INTO entities (article_id, start, "end", text, type, actor_id) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _write_events(self, article_id: int, cluster_id: int, events: Iterable[dict[str, Any]],
                      article_date: str | None) -> None:
        rows = []
        for ev in events:
            source, target = ev.get("source") or {}, ev.get("target") or {}
            rows.append((
                article_id, cluster_id, event_key(ev, article_date),
                ev.get("date") or article_date,
                self._write_actor(source), source.get("code"),
                self._write_actor(target), target.get("code"),
                ev.get("cameo"), ev.get("root"), ev.get("plover"), ev.get("quad_class"),
                ev.get("goldstein"), ev.get("location"), ev.get("sentence"), ev.get("trigger"),
                ev.get("evidence"), int(bool(ev.get("negated"))), ev.get("confidence"),
            ))
        self.conn.executemany(
            "INSERT INTO events (article_id, cluster_id, event_key, date, source_actor_id, "
            "source_code, target_actor_id, target_code, cameo, root, plover, quad_class, "
            "goldstein, location, sentence, trigger, evidence, negated, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _refresh_clusters(self, cluster_ids: set[int]) -> None:
        """Recount the touched clusters and rebuild their one-row-per-event table."""
        if not cluster_ids:
            return
        ids = sorted(cluster_ids)
        marks = ", ".join("?" for _ in ids)
        outlet = "COALESCE(a.source, 'article:' || a.id)"
        self.conn.execute(
            f"UPDATE clusters SET "
            f"num_articles = (SELECT COUNT(*) FROM articles a WHERE a.cluster_id = clusters.id), "
            f"num_sources = (SELECT COUNT(DISTINCT {outlet}) FROM articles a "
            f"WHERE a.cluster_id = clusters.id) WHERE id IN ({marks})",
            ids,
        )
        self.conn.execute(f"DELETE FROM cluster_events WHERE cluster_id IN ({marks})", ids)
        fields = ", ".join(_EVENT_FIELDS)
        first_fields = ", ".join(f"f.{c}" for c in _EVENT_FIELDS)
        # One row per (cluster, event key); the earliest report supplies evidence and fields.
        self.conn.execute(
            f"WITH g AS (SELECT e.cluster_id, e.event_key, MIN(e.id) AS first_id, "
            f"COUNT(*) AS n_mentions, COUNT(DISTINCT e.article_id) AS n_articles, "
            f"COUNT(DISTINCT {outlet}) AS n_sources, MAX(e.confidence) AS confidence "
            f"FROM events e JOIN articles a ON a.id = e.article_id "
            f"WHERE e.cluster_id IN ({marks}) GROUP BY e.cluster_id, e.event_key) "
            f"INSERT INTO cluster_events (cluster_id, event_key, {fields}, negated, confidence, "
            f"evidence, first_article_id, num_mentions, num_articles, num_sources) "
            f"SELECT g.cluster_id, g.event_key, {first_fields}, f.negated, g.confidence, "
            f"f.evidence, f.article_id, g.n_mentions, g.n_articles, g.n_sources "
            f"FROM g JOIN events f ON f.id = g.first_id ORDER BY g.cluster_id, g.first_id",
            ids,
        )


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
