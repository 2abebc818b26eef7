"""hadath.store: schema and migrations, story clusters and event counts, FTS normalisation,
event filters, top actors, and all-or-nothing batches."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import sibling
from hypothesis import given
from hypothesis import strategies as st

from hadath.engine.work import Item, Result
from hadath.errors import HadathError
from hadath.ingest import IngestOptions, ingest
from hadath.store import (
    SCHEMA_VERSION,
    EventFilter,
    StoreWriter,
    fts_query,
    open_store,
    query_events,
    search,
    top_actors,
)

_corpus = sibling("test_ingest")
make_corpus, write_corpus = _corpus.make_corpus, _corpus.write_corpus  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    db = folder / "corpus.db"
    summary = ingest([write_corpus(folder)], db, IngestOptions(workers=1, batch_size=8))
    assert summary.stored == 30
    return db


def test_store_schema_version_and_reopen(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION >= 1
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with open_store(db) as store:  # migrating an up-to-date store changes nothing
        assert store.schema_version == SCHEMA_VERSION


def test_store_refuses_newer_schema_and_missing_file(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(HadathError, match="newer"):
        open_store(db)
    with pytest.raises(HadathError, match="no such store"):
        open_store(tmp_path / "absent.db", readonly=True)


def test_store_groups_reedited_copies_into_story_clusters(corpus_db: Path) -> None:
    with open_store(corpus_db, readonly=True) as store:
        clusters = store.conn.execute(
            "SELECT c.num_articles, c.num_sources, group_concat(a.external_id) "
            "FROM clusters c JOIN articles a ON a.cluster_id = c.id "
            "GROUP BY c.id HAVING c.num_articles > 1 ORDER BY c.id").fetchall()
        assert store.count("clusters") == 24
    groups = [(n, s, sorted(ids.split(","))) for n, s, ids in clusters]
    assert groups == [
        (3, 3, ["d0", "d3", "s0"]),
        (3, 3, ["d1", "d4", "s5"]),
        (3, 3, ["d2", "d5", "s10"]),
    ]


def test_store_counts_an_event_once_per_story(corpus_db: Path) -> None:
    with open_store(corpus_db, readonly=True) as store:
        reports = store.count("events")
        stories = store.count("cluster_events")
        rows = query_events(store, EventFilter(since="2016-03-01", until="2016-03-01"))
    assert reports > stories  # the copies' reports were folded into their stories
    assert rows, "the first story should give an event"
    assert {(r["num_articles"], r["num_sources"], r["num_mentions"]) for r in rows} == {(3, 3, 3)}


def test_store_event_filters(corpus_db: Path) -> None:
    with open_store(corpus_db, readonly=True) as store:
        every = query_events(store)
        assert len(every) == store.count("cluster_events")
        for filters, check in [
            (EventFilter(country="egy"), lambda r: "EGY" in (r["source_country"], r["target_country"])),
            (EventFilter(cameo="04"), lambda r: r["cameo"].startswith("04")),
            (EventFilter(quad=1), lambda r: r["quad_class"] == 1),
            (EventFilter(since="2016-03-10"), lambda r: r["date"] >= "2016-03-10"),
            (EventFilter(actor="Putin"), lambda r: "Putin" in f"{r['source_name']} {r['target_name']}"),
            (EventFilter(actor="بوتين"), lambda r: "Putin" in f"{r['source_name']} {r['target_name']}"),
        ]:
            rows = query_events(store, filters)
            assert rows, filters
            assert len(rows) < len(every), filters
            assert all(check(r) for r in rows), filters
        assert query_events(store, EventFilter(plover="no-such-category")) == []
        assert len(query_events(store, EventFilter(limit=2))) == 2


def test_store_top_actors_ranks_by_events(corpus_db: Path) -> None:
    with open_store(corpus_db, readonly=True) as store:
        top = top_actors(store, 3)
    assert len(top) == 3
    assert [r["events"] for r in top] == sorted((r["events"] for r in top), reverse=True)
    assert top[0]["events"] > 0 and top[0]["mentions"] > 0


@pytest.mark.parametrize("query", [
    "الأمين العام",
    "الامين العام",       # hamza dropped
    "الأَمِينُ العَامُّ",   # tashkeel
    '"الامين العام للامم المتحده"',  # a phrase, ta marbuta written as ha
])
def test_store_search_ignores_spelling_variants(corpus_db: Path, query: str) -> None:
    with open_store(corpus_db, readonly=True) as store:
        hits = search(store, query, limit=50)
        expected = store.conn.execute(
            "SELECT COUNT(*) FROM articles WHERE replace(replace(body, 'أ', 'ا'), 'إ', 'ا') "
            "LIKE '%الامين العام%'").fetchone()[0]
    assert len(hits) == expected > 0


def test_store_search_snippet_is_original_text_with_marks(corpus_db: Path) -> None:
    with open_store(corpus_db, readonly=True) as store:
        hits = search(store, "الامين", limit=50)
    copies = [h for h in hits if "[الامين]" in h.snippet]
    originals = [h for h in hits if "[الأمين]" in h.snippet]
    # Originals keep their hamza in the snippet; the re-edited copies never had one.
    assert originals and copies


def test_store_search_treats_query_syntax_as_text(corpus_db: Path) -> None:
    expression = fts_query('الأمم OR "المتحدة"')
    assert expression.startswith('("المتحده" OR "بالمتحده" OR "للمتحده"')
    assert ' AND ("OR")' in expression and '"والامم"' in expression
    with open_store(corpus_db, readonly=True) as store:
        assert search(store, "NEAR(* -") == []  # no FTS5 syntax error: the words are text
        with pytest.raises(HadathError):
            search(store, "  ؟ ")


def test_store_batch_is_all_or_nothing(tmp_path: Path) -> None:
    item = make_corpus()[0]
    good = Result(Item("k1", "x:1", b""), doc={"schema": "hadath/1", "title": "t", "body": item["text"],
                                               "entities": [], "events": []})
    broken = Result(Item("k2", "x:2", b""), doc={"schema": "hadath/1", "title": "t", "body": "نص",
                                                 "entities": [{"text": "x"}], "events": []})
    with open_store(tmp_path / "s.db") as store:
        writer = StoreWriter(store)
        with pytest.raises(KeyError):
            writer.write([good, broken])
        assert store.count("articles") == 0 and store.count("clusters") == 0
        assert len(writer.index) == 0
        writer.write([good])
        assert store.count("articles") == 1


def test_store_opens_without_hadath(corpus_db: Path) -> None:
    conn = sqlite3.connect(f"{corpus_db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'")]
        for table in tables:
            conn.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
    finally:
        conn.close()
    assert {"articles", "actors", "entities", "events", "clusters", "cluster_events"} <= set(tables)


def test_store_query_commands_print_rows(corpus_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hadath.cli import main

    assert main(["events", "--db", str(corpus_db), "--cameo", "043", "--format", "jsonl"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert events and all(e["cameo"] == "043" for e in events)
    assert main(["actors", "--db", str(corpus_db), "--top", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3  # header and two actors
    assert main(["search", "--db", str(corpus_db), "الامين العام", "--limit", "1"]) == 0
    assert "[الأمين] [العام]" in capsys.readouterr().out
    assert main(["search", "--db", str(corpus_db.with_name("absent.db")), "خبر"]) == 1
    assert "no such store" in capsys.readouterr().err


@given(st.text(alphabet="ابتةىيأإآءئؤ ًٌٍَُِّْـ﻿ﻻﷲ٣x", max_size=40))
def test_store_snippet_offsets_agree_with_normalize_with_map(text: str) -> None:
    from hadath.arabic import normalize_with_map
    from hadath.store.queries import _offset_map

    norm, original = _offset_map(text)
    expected, offsets = normalize_with_map(text)
    assert norm == expected
    assert [original(i) for i in range(len(norm))] == offsets[: len(norm)]


def _result(key: str, body: str, published: str | None) -> Result:
    from hadath.dedup import sign

    doc = {"schema": "hadath/1", "title": None, "body": body, "published": published,
           "entities": [], "events": []}
    return Result(Item(key, f"x:{key}", b"", published=published), doc=doc, signature=sign(body))


def test_store_clusters_only_copies_published_close_together(tmp_path: Path) -> None:
    bulletin = ("توقعت الهيئة العامة للأرصاد أن يكون الطقس حارا على المناطق الوسطى والشرقية مع "
                "نشاط في الرياح السطحية المثيرة للأتربة وتكون السماء صحوة على بقية المناطق")
    with open_store(tmp_path / "s.db") as store:
        writer = StoreWriter(store)
        writer.write([
            _result("a", bulletin, "2015-08-01T06:00:00"),
            _result("b", bulletin + " اليوم", "2015-08-02T06:00:00"),   # next day: same story
            _result("c", bulletin + " غدا", "2015-08-20T06:00:00"),    # weeks later: a new one
            _result("d", bulletin + " أيضا", None),                    # no date: may join
        ])
        clusters = dict(store.conn.execute("SELECT content_hash, cluster_id FROM articles"))
    assert clusters["a"] == clusters["b"] == clusters["d"] != clusters["c"]


def test_store_migrates_a_version_1_file(tmp_path: Path) -> None:
    from hadath.store.schema import MIGRATIONS

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute("INSERT INTO articles (content_hash, body, doc_json, ingested_at) "
                 "VALUES ('k', 'نص قديم', '{}', '2016-01-01')")
    conn.commit()
    conn.close()
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION == 2
        row = store.conn.execute("SELECT body, fetched FROM articles").fetchone()
    assert tuple(row) == ("نص قديم", None)


def test_store_search_finds_words_with_proclitics_attached(tmp_path: Path) -> None:
    texts = ["صرح المتحدث الرسمي بأن الاجتماع انتهى.", "وقال والمتحدث باسم الوزارة إن العمل مستمر.",
             "ونقل للمتحدث رسالة من الوزير."]
    results = [Result(Item(f"k{i}", f"x:{i}", b""),
                      doc={"schema": "hadath/1", "title": f"خبر {i}", "body": t, "entities": [], "events": []})
               for i, t in enumerate(texts)]
    with open_store(tmp_path / "s.db") as store:
        StoreWriter(store).write(results)
        hits = search(store, "المتحدث", limit=10)
    assert len(hits) == 3
    assert any("[للمتحدث]" in h.snippet for h in hits) and any("[والمتحدث]" in h.snippet for h in hits)
