"""The corpus store's tables, and the migrations that bring an older file up to date.

Plain SQLite tables that Datasette, DuckDB (``sqlite_scanner``) or any SQLite client
read as they are; the one virtual table is the FTS5 index ``articles_fts``. The
schema version lives in ``PRAGMA user_version``: ``MIGRATIONS[n]`` takes a store from
version ``n`` to ``n + 1``, each inside one transaction.

Tables:

- ``articles``: one row per stored article: content hash, URL, outlet (``source``),
  title, publication time, crawl time (``fetched``), clean body, story ``cluster_id``, MinHash ``signature``,
  and the whole ``hadath/1`` document (``doc_json``) so everything else can be re-derived.
- ``actors``: every actor seen, keyed by KB id.
- ``entities``: entity mentions with character offsets into ``articles.body``.
- ``events``: every coded event as reported by one article, with its evidence.
- ``clusters``: story clusters (near-duplicate articles across outlets).
- ``cluster_events``: one row per event per story cluster, with ``num_articles``,
  ``num_sources`` and ``num_mentions`` (as GDELT's NumArticles/NumSources/NumMentions).
- ``articles_fts``: FTS5 over the *normalised* title and body (contentless; rowid is
  ``articles.id``).
"""

from __future__ import annotations

import sqlite3

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

_V1 = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    url TEXT,
    external_id TEXT,
    source TEXT,
    origin TEXT,
    title TEXT,
    published TEXT,
    body TEXT NOT NULL,
    cluster_id INTEGER,
    signature BLOB,
    warnings TEXT,
    doc_json TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_cluster ON articles(cluster_id);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name_en TEXT,
    name_ar TEXT,
    country TEXT,
    agent TEXT,
    code TEXT,
    wikidata TEXT
);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    actor_id TEXT REFERENCES actors(id)
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_actor ON entities(actor_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    cluster_id INTEGER,
    event_key TEXT NOT NULL,
    date TEXT,
    source_actor_id TEXT REFERENCES actors(id),
    source_code TEXT,
    target_actor_id TEXT REFERENCES actors(id),
    target_code TEXT,
    cameo TEXT NOT NULL,
    root TEXT,
    plover TEXT,
    quad_class INTEGER,
    goldstein REAL,
    location TEXT,
    sentence INTEGER,
    trigger TEXT,
    evidence TEXT,
    negated INTEGER NOT NULL DEFAULT 0,
    confidence REAL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_cluster_key ON events(cluster_id, event_key);

CREATE TABLE clusters (
    id INTEGER PRIMARY KEY,
    first_article_id INTEGER REFERENCES articles(id),
    title TEXT,
    num_articles INTEGER NOT NULL DEFAULT 0,
    num_sources INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE cluster_events (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    event_key TEXT NOT NULL,
    date TEXT,
    source_actor_id TEXT REFERENCES actors(id),
    source_code TEXT,
    target_actor_id TEXT REFERENCES actors(id),
    target_code TEXT,
    cameo TEXT NOT NULL,
    root TEXT,
    plover TEXT,
    quad_class INTEGER,
    goldstein REAL,
    location TEXT,
    negated INTEGER NOT NULL DEFAULT 0,
    confidence REAL,
    evidence TEXT,
    first_article_id INTEGER REFERENCES articles(id),
    num_mentions INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    UNIQUE (cluster_id, event_key)
);
CREATE INDEX cluster_events_date ON cluster_events(date);
CREATE INDEX cluster_events_source ON cluster_events(source_actor_id);
CREATE INDEX cluster_events_target ON cluster_events(target_actor_id);
CREATE INDEX cluster_events_cameo ON cluster_events(cameo);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='', tokenize='unicode61');
"""

# Version 2: the crawl time, which dates an article when it carries no publication time.
_V2 = """
ALTER TABLE articles ADD COLUMN fetched TEXT;
"""

MIGRATIONS: list[str] = [_V1, _V2]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the store on ``conn`` to ``SCHEMA_VERSION``; returns the version it was at.

    A store written by a newer hadath (a higher version) is refused rather than guessed at.
    """
    from hadath.errors import HadathError

    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HadathError(
            f"store schema version {version} is newer than this hadath's ({SCHEMA_VERSION}); "
            "upgrade hadath"
        )
    for target in range(version, SCHEMA_VERSION):
        # executescript commits first, so run each migration as one explicit transaction.
        conn.executescript(
            f"BEGIN;\n{MIGRATIONS[target]}\nPRAGMA user_version = {target + 1};\nCOMMIT;"
        )
    return version
