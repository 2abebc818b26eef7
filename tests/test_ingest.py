"""hadath.ingest: walking inputs, bad input, idempotent reruns, --force; and the corpus the
corpus tests share (``make_corpus``), written here from templates.

The corpus: 24 distinct short stories (leaders, ministers and organisations doing
things to each other) plus 6 re-edited copies of three of them carried by other
outlets, so story clustering has something to find.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from hadath.cli import main
from hadath.engine import PipelineSpec
from hadath.ingest import IngestOptions, count_items, ingest, iter_items
from hadath.store import open_store

_ACTORS = [
    "الرئيس المصري عبد الفتاح السيسي",
    "الرئيس الروسي فلاديمير بوتين",
    "العاهل الأردني الملك عبد الله الثاني",
    "وزير الخارجية الأمريكي جون كيري",
    "الأمين العام للأمم المتحدة بان كي مون",
    "رئيس الوزراء البريطاني ديفيد كاميرون",
]
_ACTIONS = [
    "استقبل {a} في القاهرة اليوم {b} وبحث معه سبل تعزيز التعاون في مجال {topic}",
    "أدان {a} بشدة الهجوم الذي استهدف {place} وأسفر عن سقوط {n} قتلى",
    "دعا {a} {b} إلى وقف فوري لإطلاق النار في {place}",
    "التقى {a} مع {b} على هامش القمة وناقشا ملف {topic}",
]
_TOPICS = ["الطاقة النووية", "مكافحة الإرهاب", "التبادل التجاري", "السياحة والطيران",
           "المياه والزراعة", "التعليم العالي"]
_PLACES = ["مدينة عدن", "قطاع غزة", "مدينة حلب", "العاصمة الليبية طرابلس", "شمال سيناء",
           "محافظة الأنبار"]
_CONTEXT = [
    "وأشار البيان الرسمي إلى أن المحادثات تناولت تطورات الأوضاع الإقليمية",
    "ويأتي ذلك بعد أسابيع من التوتر على الحدود وتبادل الاتهامات بين الطرفين",
    "وكانت الحكومة قد أعلنت الشهر الماضي عن خطة جديدة لإعادة الإعمار بقيمة {n} مليار دولار",
    "ونقلت وكالة الأنباء الرسمية عن مصدر مطلع قوله إن الزيارة تستغرق يومين",
    "وشهدت المنطقة خلال الأيام الأخيرة نزوح آلاف الأسر هربا من القصف المتواصل",
    "وتوقع خبراء اقتصاديون أن ينعكس الاتفاق إيجابا على أسعار السلع في الأسواق",
]
_CLOSING = [
    "ومن المقرر أن تعقد جولة ثانية من المباحثات في غضون {n} أيام",
    "ولم تصدر أي جهة حتى الآن بيانا يتبنى المسؤولية عن الحادث",
    "وأكد المتحدث أن بلاده ستواصل جهودها الدبلوماسية بالتنسيق مع الشركاء الدوليين",
    "وفي سياق متصل ارتفعت حصيلة ضحايا الفيضانات إلى {n} شخصا",
]
_OUTLETS = ["outlet-a", "outlet-b", "outlet-c"]


def _story(i: int) -> tuple[str, str]:
    """Story ``i`` of 24: no two share their actor pair, and any two share at most one of
    their context and closing sentences, so distinct stories stay well apart."""
    a = _ACTORS[i % 6]
    b = _ACTORS[(i % 6 + 1 + i // 6) % 6]
    fields = {"a": a, "b": b, "topic": _TOPICS[(i + i // 6) % 6], "place": _PLACES[(i // 2) % 6],
              "n": 3 + i}
    lead = _ACTIONS[(i + i // 6) % 4].format(**fields)
    context = _CONTEXT[i % 6].format(**fields)
    closing = _CLOSING[(i // 6) % 4].format(**fields)
    title = " ".join(lead.split()[:6])
    return title, f"{lead}.\n{context}.\n{closing}."


_ADDED = ["وسيصدر بيان مشترك في ختام المباحثات.", "وتابع المراسلون التطورات من موقع الحدث."]


def _reedit(body: str, variant: int) -> str:
    """Another outlet's copy of a story: hamza dropped, one sentence added."""
    body = body.replace("أ", "ا").replace("إ", "ا")
    return body + "\n" + _ADDED[variant]


def make_corpus() -> list[dict[str, Any]]:
    """30 JSONL article objects: 24 stories and 6 re-edited copies of stories 0, 5, 10."""
    items = []
    for i in range(24):
        title, body = _story(i)
        items.append({"id": f"s{i}", "title": title, "text": body, "source": _OUTLETS[i % 3],
                      "url": f"https://news.example/{i}", "published": f"2016-03-{1 + i:02d}"})
    for n, i in enumerate((0, 5, 10, 0, 5, 10)):
        title, body = _story(i)
        items.append({"id": f"d{n}", "title": title + " (تحديث)", "content": _reedit(body, n // 3),
                      "source": _OUTLETS[(i + 1 + n // 3) % 3], "published": f"2016-03-{1 + i:02d}"})
    return items


def write_corpus(folder: Path, name: str = "corpus.jsonl") -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in make_corpus()),
                    encoding="utf-8")
    return path


def store_snapshot(db: Path) -> dict[str, Any]:
    """What a store holds, independent of row ids and ingest times: for comparing stores."""
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute(
            "SELECT id, content_hash, url, source, title, published, body, doc_json, cluster_id "
            "FROM articles").fetchall()
        hash_of = {row[0]: row[1] for row in articles}
        first_of_cluster: dict[int, str] = {}
        for row in sorted(articles):
            first_of_cluster.setdefault(row[8], row[1])
        snapshot = {
            "articles": sorted((r[1:8] + (first_of_cluster[r[8]],)) for r in articles),
            "entities": sorted(
                (hash_of[r[0]],) + tuple(r[1:])
                for r in conn.execute('SELECT article_id, start, "end", text, type, actor_id FROM entities')),
            "events": sorted(
                (hash_of[r[0]],) + tuple(r[1:])
                for r in conn.execute("SELECT article_id, event_key, cameo, evidence FROM events")),
            "cluster_events": sorted(
                (first_of_cluster[r[0]],) + tuple(r[1:])
                for r in conn.execute("SELECT cluster_id, event_key, num_mentions, num_articles, "
                                      "num_sources FROM cluster_events")),
            "clusters": sorted(
                (first_of_cluster[r[0]], r[1], r[2])
                for r in conn.execute("SELECT id, num_articles, num_sources FROM clusters")),
            "actors": sorted(conn.execute("SELECT * FROM actors").fetchall()),
        }
        return snapshot
    finally:
        conn.close()


def _ingest_quiet(paths: list[Path], db: Path, **kw: Any) -> Any:
    problems: list[str] = []
    summary = ingest(paths, db, IngestOptions(workers=1, batch_size=7, **kw), report=problems.append)
    return summary, problems


def test_ingest_corpus_stores_every_article(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    summary, problems = _ingest_quiet([corpus], tmp_path / "c.db")
    assert (summary.stored, summary.skipped, summary.failed) == (30, 0, 0), problems
    with open_store(tmp_path / "c.db", readonly=True) as store:
        assert store.count("articles") == 30
        assert store.count("entities") > 30
        row = store.conn.execute(
            "SELECT title, source, url, external_id, published, doc_json FROM articles "
            "WHERE external_id = 's3'").fetchone()
    assert row["source"] == "outlet-a" and row["url"] == "https://news.example/3"
    assert row["title"] == _story(3)[0]
    assert row["published"].startswith("2016-03-04")
    assert json.loads(row["doc_json"])["schema"] == "hadath/1"


def test_ingest_rerun_is_idempotent(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    db = tmp_path / "c.db"
    _ingest_quiet([corpus], db)
    before = store_snapshot(db)
    summary, _ = _ingest_quiet([corpus], db)
    assert (summary.stored, summary.skipped) == (0, 30)
    assert store_snapshot(db) == before


def test_ingest_skips_a_known_url_with_new_content(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps({"text": "أعلنت وزارة الصحة افتتاح مستشفى جديد في أسوان.",
                                 "url": "https://x.example/1"}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps({"text": "أعلنت وزارة الصحة افتتاح مستشفيين في أسوان.",
                                  "url": "https://x.example/1"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    _ingest_quiet([first], db)
    summary, _ = _ingest_quiet([second], db)
    assert (summary.stored, summary.skipped) == (0, 1)


def test_ingest_force_reanalyses_in_place(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    db = tmp_path / "c.db"
    _ingest_quiet([corpus], db)
    before = store_snapshot(db)
    summary, _ = _ingest_quiet([corpus], db, force=True)
    assert (summary.stored, summary.replaced, summary.skipped) == (0, 30, 0)
    assert store_snapshot(db) == before
    with open_store(db, readonly=True) as store:
        # The contentless FTS index holds each article once, not twice.
        hits = store.conn.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH '\"المباحثات\"'").fetchone()[0]
        direct = store.conn.execute(
            "SELECT COUNT(*) FROM articles WHERE body LIKE '%المباحثات%'").fetchone()[0]
    assert hits == direct > 0


def test_ingest_reports_bad_input_and_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps(x, ensure_ascii=False) for x in make_corpus()[:3]]
    lines.insert(1, '{"text": "خبر بلا نهاية')
    lines.insert(3, '["ليس", "كائنا"]')
    lines.insert(4, '{"title": "عنوان بلا نص"}')
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "huge.txt").write_text("كلمة " * 3_000_000, encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes("قال وزير الخارجية الأردني إن المحادثات كانت مثمرة.".encode("cp1256"))
    summary, problems = _ingest_quiet([tmp_path], tmp_path / "c.db")
    assert summary.stored == 4  # three JSONL articles and the windows-1256 page
    assert summary.failed == 6
    text = "\n".join(problems)
    assert f"{tmp_path / 'mixed.jsonl'}:2: malformed JSON" in text
    assert f"{tmp_path / 'mixed.jsonl'}:4: not a JSON object" in text
    assert f'{tmp_path / "mixed.jsonl"}:5: no "text"' in text
    assert "empty.txt: empty article" in text
    assert "image.txt: binary data" in text
    assert "huge.txt: article too large" in text


def test_ingest_reads_gzip_jsonl_and_feeds(tmp_path: Path) -> None:
    corpus = make_corpus()[:4]
    with gzip.open(tmp_path / "part.jsonl.gz", "wt", encoding="utf-8") as handle:
        for x in corpus:
            handle.write(json.dumps(x, ensure_ascii=False) + "\n")
    entries = "".join(
        f"<item><title>{t}</title><link>https://feed.example/{i}</link>"
        f"<pubDate>Tue, 08 Mar 2016 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{b}</p>]]></description></item>"
        for i, (t, b) in enumerate(_story(i) for i in range(12, 15))
    )
    (tmp_path / "news.rss").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>وكالة المثال</title>{entries}</channel></rss>", encoding="utf-8")
    problems: list[str] = []
    items = list(iter_items([tmp_path], problems.append))
    assert not problems
    assert len(items) == 7 == count_items([tmp_path])
    feed = [x for x in items if x.origin.startswith(str(tmp_path / "news.rss"))]
    assert [x.url for x in feed] == [f"https://feed.example/{i}" for i in range(3)]
    assert feed[0].source == "وكالة المثال" and feed[0].published == "2016-03-08T10:00:00+00:00"


def test_ingest_cli_summary_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = write_corpus(tmp_path)
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write("{not json}\n")
    db = tmp_path / "c.db"
    code = main(["ingest", str(corpus), "--db", str(db), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{corpus}:31: malformed JSON" in err
    assert "30 stored, 0 skipped (already stored), 1 failed" in err


def test_ingest_local_pool_matches_in_process(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    _ingest_quiet([corpus], tmp_path / "one.db")
    summary = ingest([corpus], tmp_path / "two.db",
                     IngestOptions(workers=2, batch_size=5, chunk_size=3, spec=PipelineSpec()))
    assert summary.stored == 30
    assert store_snapshot(tmp_path / "one.db") == store_snapshot(tmp_path / "two.db")
