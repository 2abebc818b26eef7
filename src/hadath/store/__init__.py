"""The corpus store: analysed articles, actors, events and story clusters in one SQLite file.

>>> from hadath.store import open_store, search
>>> with open_store("news.db", readonly=True) as store:   # doctest: +SKIP
...     hits = search(store, "الأمم المتحدة")

``schema`` holds the tables and migrations, ``writer`` the batched single writer,
``queries`` events/actors/search, ``export`` CSV/JSONL/Parquet/GDELT output.
"""

from hadath.store.db import Store, open_store
from hadath.store.export import FORMATS, GDELT_COLUMNS, TABLES, export
from hadath.store.queries import EventFilter, SearchHit, fts_query, query_events, search, top_actors
from hadath.store.schema import SCHEMA_VERSION
from hadath.store.writer import BatchCounts, StoreWriter

__all__ = [
    "FORMATS",
    "GDELT_COLUMNS",
    "SCHEMA_VERSION",
    "TABLES",
    "BatchCounts",
    "EventFilter",
    "SearchHit",
    "Store",
    "StoreWriter",
    "export",
    "fts_query",
    "open_store",
    "query_events",
    "search",
    "top_actors",
]
