"""Exporting a store: CSV, JSON lines, Parquet, and a GDELT-style event table.

Tables: ``events`` (de-duplicated, one row per event per story cluster, with the
actors' names, countries and agents flattened into columns), ``articles`` (with the
whole ``hadath/1`` document as ``document``) and ``entities``.

The ``gdelt`` format is a tab-separated events table with GDELT 2.0 event column
names, for tools that already read GDELT. Columns (see docs/corpus.md):

    GlobalEventID  Day (YYYYMMDD)  Actor1Code Actor1Name Actor1CountryCode Actor1Type1Code
    Actor2Code Actor2Name Actor2CountryCode Actor2Type1Code  IsRootEvent EventCode
    EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources
    NumArticles ActionGeo_FullName ActionGeo_Lat ActionGeo_Long SOURCEURL

``ActionGeo_Lat``/``Long`` come from the knowledge base's coordinates for the event's
location (a place or country name); they are empty when the location is unknown.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from hadath.errors import HadathError
from hadath.kb.model import KnowledgeBase
from hadath.store.db import Store
from hadath.store.queries import EventFilter, query_events

__all__ = ["FORMATS", "GDELT_COLUMNS", "TABLES", "export", "rows_for"]

FORMATS = ("csv", "jsonl", "parquet", "gdelt")
TABLES = ("events", "articles", "entities")

EVENT_COLUMNS = (
    "id", "cluster_id", "date",
    "source_actor_id", "source_code", "source_name", "source_name_ar", "source_country",
    "source_agent",
    "target_actor_id", "target_code", "target_name", "target_name_ar", "target_country",
    "target_agent",
    "cameo", "root", "plover", "quad_class", "goldstein", "negated", "confidence",
    "location", "lat", "lon", "num_mentions", "num_articles", "num_sources",
    "source_url", "outlet", "first_article_id", "evidence",
)
GDELT_COLUMNS = (
    "GlobalEventID", "Day", "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "ActionGeo_FullName", "ActionGeo_Lat",
    "ActionGeo_Long", "SOURCEURL",
)
_ARTICLE_SQL = (
    "SELECT id, content_hash, url, external_id, source, origin, title, published, fetched, "
    "cluster_id, "
    "body, warnings, doc_json, ingested_at FROM articles ORDER BY id"
)
_ENTITY_SQL = (
    'SELECT e.id, e.article_id, e.start, e."end", e.text, e.type, e.actor_id, '
    "a.name_en AS actor_name, a.code AS actor_code, a.country AS actor_country "
    "FROM entities e LEFT JOIN actors a ON a.id = e.actor_id ORDER BY e.id"
)


def _coordinates(kb: KnowledgeBase | None) -> dict[str, tuple[float, float]]:
    """English place and country names (lower case) to (lat, lon), from the KB."""
    if kb is None:
        return {}
    found: dict[str, tuple[float, float]] = {}
    for country in kb.countries.values():
        if country.lat is not None and country.lon is not None:
            found[country.name_en.lower()] = (country.lat, country.lon)
    for place in kb.places.values():
        if place.lat is not None and place.lon is not None:
            found[place.name_en.lower()] = (place.lat, place.lon)
    return found


def rows_for(store: Store, table: str, filters: EventFilter | None = None,
             kb: KnowledgeBase | None = None) -> Iterator[dict[str, Any]]:
    """The rows ``export`` writes for ``table``, as dicts with a fixed column order."""
    if table == "events":
        coordinates = _coordinates(kb)
        for row in query_events(store, filters):
            lat, lon = coordinates.get((row.get("location") or "").lower(), (None, None))
            row["lat"], row["lon"] = lat, lon
            row["negated"] = bool(row["negated"])
            yield {c: row.get(c) for c in EVENT_COLUMNS}
    elif table == "articles":
        for row in store.conn.execute(_ARTICLE_SQL):
            data = dict(row)
            data["warnings"] = json.loads(data["warnings"] or "[]")
            data["document"] = json.loads(data.pop("doc_json"))
            yield data
    elif table == "entities":
        for row in store.conn.execute(_ENTITY_SQL):
            yield dict(row)
    else:
        raise HadathError(f"unknown table {table!r}; known: {', '.join(TABLES)}")


def _gdelt_row(row: dict[str, Any]) -> dict[str, Any]:
    cameo = row["cameo"] or ""
    return {
        "GlobalEventID": row["id"],
        "Day": (row["date"] or "")[:10].replace("-", ""),
        "Actor1Code": row["source_code"], "Actor1Name": row["source_name"],
        "Actor1CountryCode": row["source_country"], "Actor1Type1Code": row["source_agent"],
        "Actor2Code": row["target_code"], "Actor2Name": row["target_name"],
        "Actor2CountryCode": row["target_country"], "Actor2Type1Code": row["target_agent"],
        # GDELT marks events from an article's lead; the store does not track that, so 0.
        "IsRootEvent": 0,
        "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": row["root"],
        "QuadClass": row["quad_class"], "GoldsteinScale": row["goldstein"],
        "NumMentions": row["num_mentions"], "NumSources": row["num_sources"],
        "NumArticles": row["num_articles"], "ActionGeo_FullName": row["location"],
        "ActionGeo_Lat": row["lat"], "ActionGeo_Long": row["lon"], "SOURCEURL": row["source_url"],
    }


def export(store: Store, fmt: str, out: str | Path, *, table: str = "events",
           filters: EventFilter | None = None, kb: KnowledgeBase | None = None) -> int:
    """Write ``table`` of ``store`` to ``out`` ("-" is stdout) as ``fmt``; returns the row count."""
    if fmt not in FORMATS:
        raise HadathError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt == "gdelt" and table != "events":
        raise HadathError("the gdelt format is an events table")
    rows = rows_for(store, table, filters, kb)
    if fmt == "gdelt":
        rows = (_gdelt_row(r) for r in rows)
    if fmt == "parquet":
        if str(out) == "-":
            raise HadathError("parquet needs a file, not stdout")
        return _write_parquet(list(rows), Path(out), table)
    columns = _columns(table, fmt)
    if str(out) == "-":
        return _write_text(rows, fmt, columns, sys.stdout)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        return _write_text(rows, fmt, columns, handle)


def _columns(table: str, fmt: str) -> list[str]:
    if fmt == "gdelt":
        return list(GDELT_COLUMNS)
    if table == "events":
        return list(EVENT_COLUMNS)
    if table == "articles":
        return ["id", "content_hash", "url", "external_id", "source", "origin", "title",
                "published", "fetched", "cluster_id", "body", "warnings", "document", "ingested_at"]
    return ["id", "article_id", "start", "end", "text", "type", "actor_id", "actor_name",
            "actor_code", "actor_country"]


def _write_text(rows: Iterator[dict[str, Any]], fmt: str, columns: list[str],
                handle: TextIO) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(handle, fieldnames=columns, delimiter="\t" if fmt == "gdelt" else ",",
                            lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _write_parquet(rows: list[dict[str, Any]], out: Path, table: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise HadathError("parquet export needs pyarrow: pip install 'hadath[corpus]'") from exc
    columns = _columns(table, "parquet")
    data = {c: [_cell(r.get(c)) for r in rows] for c in columns}
    pq.write_table(pa.table(data), out)
    return len(rows)
