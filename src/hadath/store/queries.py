"""Reading a store: events with filters, top actors, and full-text search.

``query_events`` reads the de-duplicated table (one row per event per story cluster,
with ``num_articles``/``num_sources``). ``search`` matches the normalised query
against the FTS5 index of normalised text, then cuts the snippet from the
*original* body, mapping offsets back with ``normalize_with_map``, so hits are shown
as the outlet wrote them (with tashkeel and hamza as printed).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hadath.arabic import normalize, normalize_with_map
from hadath.arabic.charsets import DROPPED
from hadath.arabic.clitics import with_proclitics
from hadath.errors import HadathError
from hadath.store.db import Store

__all__ = ["EventFilter", "SearchHit", "fts_query", "query_events", "search", "top_actors"]

# The columns of one story event as the CLI, the API and the CSV export show it, and
# the joins that fill them in; the web layer builds its own WHERE on the same two.
EVENT_COLUMNS = """
ce.id, ce.cluster_id, ce.date,
ce.source_actor_id, s.name_en AS source_name, s.name_ar AS source_name_ar,
ce.source_code, s.country AS source_country, s.agent AS source_agent,
ce.target_actor_id, t.name_en AS target_name, t.name_ar AS target_name_ar,
ce.target_code, t.country AS target_country, t.agent AS target_agent,
ce.cameo, ce.root, ce.plover, ce.quad_class, ce.goldstein, ce.negated, ce.confidence,
ce.location, ce.num_mentions, ce.num_articles, ce.num_sources,
ce.evidence, ce.first_article_id, a.url AS source_url, a.source AS outlet
"""
EVENT_FROM = """
FROM cluster_events ce
LEFT JOIN actors s ON s.id = ce.source_actor_id
LEFT JOIN actors t ON t.id = ce.target_actor_id
LEFT JOIN articles a ON a.id = ce.first_article_id
"""
_EVENT_SELECT = f"SELECT {EVENT_COLUMNS}{EVENT_FROM}"


@dataclass
class EventFilter:
    """What ``hadath events`` filters on; every field is optional and they combine with AND.

    ``actor`` matches either side by KB id, CAMEO code or (part of) the English or
    Arabic name; ``cameo`` is a code or a prefix of one (``"04"`` is the whole root);
    ``since``/``until`` are ISO dates, inclusive.
    """

    actor: str | None = None
    country: str | None = None
    cameo: str | None = None
    plover: str | None = None
    quad: int | None = None
    since: str | None = None
    until: str | None = None
    limit: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            name = f"%{self.actor.lower()}%"
            arabic = f"%{normalize(self.actor)}%"
            sides = [
                f"(ce.{side}_actor_id = ? OR ce.{side}_code = ? OR lower({alias}.name_en) LIKE ? "
                f"OR hadath_norm({alias}.name_ar) LIKE ?)"
                for side, alias in (("source", "s"), ("target", "t"))
            ]
            clauses.append(f"({' OR '.join(sides)})")
            params += [self.actor, self.actor.upper(), name, arabic] * 2
        if self.country:
            clauses.append("(s.country = ? OR t.country = ?)")
            params += [self.country.upper()] * 2
        if self.cameo:
            clauses.append("ce.cameo LIKE ?")
            params.append(f"{self.cameo}%")
        if self.plover:
            clauses.append("upper(ce.plover) = ?")
            params.append(self.plover.upper())
        if self.quad is not None:
            clauses.append("ce.quad_class = ?")
            params.append(self.quad)
        if self.since:
            clauses.append("ce.date >= ?")
            params.append(self.since)
        if self.until:
            # An ISO date sorts before every time on that day; "~" sorts after them all.
            clauses.append("ce.date <= ?")
            params.append(self.until + "~")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _register_functions(conn: sqlite3.Connection) -> None:
    # Only for this connection's queries; nothing stored depends on it.
    conn.create_function("hadath_norm", 1, lambda s: normalize(s) if s else s, deterministic=True)


def query_events(store: Store, filters: EventFilter | None = None) -> list[dict[str, Any]]:
    """De-duplicated events matching ``filters``, newest first."""
    filters = filters or EventFilter()
    _register_functions(store.conn)
    where, params = filters.where()
    sql = f"{_EVENT_SELECT}{where} ORDER BY ce.date DESC, ce.id"
    if filters.limit:
        sql += " LIMIT ?"
        params.append(filters.limit)
    return [dict(row) for row in store.conn.execute(sql, params)]


def top_actors(store: Store, n: int = 20) -> list[dict[str, Any]]:
    """The ``n`` actors in most de-duplicated events (either side), with mention counts."""
    sql = """
    WITH ev AS (
        SELECT source_actor_id AS actor_id, COUNT(*) AS n FROM cluster_events
        WHERE source_actor_id IS NOT NULL GROUP BY source_actor_id
        UNION ALL
        SELECT target_actor_id, COUNT(*) FROM cluster_events
        WHERE target_actor_id IS NOT NULL GROUP BY target_actor_id
    ), ev_total AS (SELECT actor_id, SUM(n) AS events FROM ev GROUP BY actor_id),
    mentions AS (
        SELECT actor_id, COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles
        FROM entities WHERE actor_id IS NOT NULL GROUP BY actor_id
    )
    SELECT a.id, a.name_en, a.name_ar, a.code, a.country, a.agent,
           COALESCE(ev_total.events, 0) AS events,
           COALESCE(mentions.mentions, 0) AS mentions,
           COALESCE(mentions.articles, 0) AS articles
    FROM actors a
    LEFT JOIN ev_total ON ev_total.actor_id = a.id
    LEFT JOIN mentions ON mentions.actor_id = a.id
    ORDER BY events DESC, mentions DESC, a.id
    LIMIT ?
    """
    return [dict(row) for row in store.conn.execute(sql, (n,))]


@dataclass
class SearchHit:
    article_id: int
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    score: float
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "title": self.title, "url": self.url,
                "source": self.source, "published": self.published,
                "score": round(self.score, 4), "snippet": self.snippet}


_QUOTED = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


def _terms(query: str) -> list[str]:
    """Phrases in double quotes stay phrases; every other word is its own term."""
    phrases = [p for p in _QUOTED.findall(query) if p.strip()]
    rest = _QUOTED.sub(" ", query)
    terms = [" ".join(_WORD.findall(normalize(p))) for p in phrases]
    terms += _WORD.findall(normalize(rest))
    return [t for t in terms if t]


# Words shorter than this are searched as written: a clitic on them reads as another word.
_MIN_CLITIC_TERM = 3


def _spellings(term: str) -> list[str]:
    """A term and its spellings with proclitics ("الرئيس" is also "والرئيس", "للرئيس"):
    the index keeps words as written, clitics attached. Short words are taken as they are."""
    if len(term.split()[0]) < _MIN_CLITIC_TERM:
        return [term]
    return [spelling for spelling, _ in with_proclitics(term)]


def fts_query(query: str) -> str:
    """The FTS5 MATCH expression for a user query: normalised terms, all required.

    Each term is quoted, so FTS5 syntax in the query (``OR``, ``*``, ``-``) is text,
    and matches with or without the proclitics و، ف، ب، ل، ك attached.

    >>> fts_query('مصر في')
    '("مصر" OR "بمصر" OR "لمصر" OR "كمصر" OR "ومصر" OR "وبمصر" OR "ولمصر" OR "وكمصر" OR "فمصر" OR "فبمصر" OR "فلمصر" OR "فكمصر") AND ("في")'
    """
    terms = _terms(query)
    if not terms:
        raise HadathError(f"nothing to search for in {query!r}")
    return " AND ".join("(" + " OR ".join(f'"{s}"' for s in _spellings(t)) + ")" for t in terms)


def search(store: Store, query: str, limit: int = 20, *, width: int = 60,
           mark: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
    """Articles matching every term of ``query``, best first, each with a snippet.

    Matching ignores hamza forms, ta marbuta/ha, alef maqsura/ya and tashkeel (both
    the index and the query are normalised). The snippet is cut from the original
    body around the first hit, hits wrapped in ``mark``.
    """
    expression = fts_query(query)
    rows = store.conn.execute(
        "SELECT a.id, a.title, a.url, a.source, a.published, a.body, f.rank "
        "FROM articles_fts f JOIN articles a ON a.id = f.rowid "
        "WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT ?",
        (expression, limit),
    ).fetchall()
    terms = _terms(query)
    hits = []
    for row in rows:
        snippet, spans = _snippet(row["body"] or row["title"] or "", terms, width, mark)
        hits.append(SearchHit(row["id"], row["title"], row["url"], row["source"],
                              row["published"], -float(row["rank"]), snippet, spans))
    return hits


_DROPPED = re.compile("|".join(re.escape(c) for c in sorted(DROPPED)))


def _offset_map(text: str) -> tuple[str, Callable[[int], int]]:
    """The normalised ``text`` and a function from its offsets to offsets in ``text``.

    ``normalize_with_map`` builds a list as long as the text; a search shows 20 bodies
    per query, so the common case (every character kept or dropped, nothing expanded)
    maps through the few dropped positions instead.
    """
    norm = normalize(text)
    drops = [m.start() for m in _DROPPED.finditer(text)]
    if len(norm) + len(drops) != len(text):  # something expanded: take the full map
        norm, offsets = normalize_with_map(text)
        return norm, offsets.__getitem__

    def original(index: int) -> int:
        # The index-th kept character: skip every dropped position at or before it.
        position = index
        for dropped in drops:
            if dropped > position:
                break
            position += 1
        return position

    return norm, original


def _snippet(text: str, terms: list[str], width: int,
             mark: tuple[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """A window of the original ``text`` around the first term hit, hits marked."""
    norm, original = _offset_map(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        pattern = "|".join(re.escape(spelling) for spelling in _spellings(term))
        for found in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", norm):
            spans.append((original(found.start()), original(found.end() - 1) + 1))
    spans.sort()
    if not spans:
        return text[: 2 * width].strip(), []
    lo = max(0, spans[0][0] - width)
    hi = min(len(text), spans[0][1] + width)
    # Widen to word borders so the snippet neither starts nor ends mid-word.
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    out, pos = [], lo
    for start, end in spans:
        if start < pos or end > hi:
            continue
        out += [text[pos:start], mark[0], text[start:end], mark[1]]
        pos = end
    out.append(text[pos:hi])
    snippet = "".join(out).replace("\n", " ").strip()
    return ("… " if lo > 0 else "") + snippet + (" …" if hi < len(text) else ""), spans
