"""hadath.store.export: CSV, JSON lines, Parquet and GDELT tables round-trip what the store holds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import sibling

from hadath.cli import main
from hadath.ingest import IngestOptions, ingest
from hadath.kb.model import Country, KnowledgeBase
from hadath.store import GDELT_COLUMNS, EventFilter, export, open_store, query_events


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    db = folder / "corpus.db"
    ingest([sibling("test_ingest").write_corpus(folder)], db, IngestOptions(workers=1))
    return db


def test_export_parquet_reads_back_with_pyarrow(corpus_db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    with open_store(corpus_db, readonly=True) as store:
        count = export(store, "parquet", out)
        events = query_events(store)
    table = pq.read_table(out)
    assert count == table.num_rows == len(events) > 0
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    assert [(r["cameo"], r["num_articles"], r["source_code"]) for r in rows] == [
        (e["cameo"], e["num_articles"], e["source_code"]) for e in events]


def test_export_jsonl_articles_carry_the_document(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    with open_store(corpus_db, readonly=True) as store:
        assert export(store, "jsonl", out, table="articles") == 30
        stored = {r["id"]: json.loads(r["doc_json"]) for r in store.conn.execute(
            "SELECT id, doc_json FROM articles")}
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {x["id"]: x["document"] for x in lines} == stored
    assert all(x["document"]["schema"] == "hadath/1" for x in lines)


def test_export_csv_round_trips_events_with_filters(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    filters = EventFilter(country="EGY")
    with open_store(corpus_db, readonly=True) as store:
        count = export(store, "csv", out, filters=filters)
        events = query_events(store, filters)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == count == len(events) > 0
    assert [r["evidence"] for r in rows] == [e["evidence"] for e in events]
    assert [int(r["num_sources"]) for r in rows] == [e["num_sources"] for e in events]


def test_export_gdelt_columns_and_coordinates(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    with open_store(corpus_db, readonly=True) as store:
        locations = [e["location"] for e in query_events(store) if e["location"]]
    assert locations, "the corpus's events should carry locations (Cairo)"
    kb = KnowledgeBase(countries={"ZZZ": Country("ZZZ", "ZZZ", locations[0],
                                                 "مكان", lat=12.5, lon=-3.25)})
    with open_store(corpus_db, readonly=True) as store:
        export(store, "gdelt", out, kb=kb)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert list(rows[0]) == list(GDELT_COLUMNS)
    assert all(len(r["Day"]) == 8 and r["Day"].isdigit() for r in rows)
    assert all(r["EventRootCode"] == r["EventCode"][:2] for r in rows)
    assert any(int(r["NumArticles"]) == 3 and int(r["NumSources"]) == 3 for r in rows)
    placed = [r for r in rows if r["ActionGeo_FullName"] == locations[0]]
    assert placed and all((r["ActionGeo_Lat"], r["ActionGeo_Long"]) == ("12.5", "-3.25") for r in placed)


def test_export_cli_writes_entities_and_refuses_parquet_to_stdout(
    corpus_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "entities.csv"
    assert main(["export", "--db", str(corpus_db), "--table", "entities", "-o", str(out)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,article_id,start,end,text,type,actor_id")
    assert main(["export", "--db", str(corpus_db), "--format", "parquet"]) == 2
    assert main(["export", "--db", str(corpus_db), "--format", "gdelt", "--table", "articles"]) == 1
    assert "gdelt format is an events table" in capsys.readouterr().err
