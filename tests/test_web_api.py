"""hadath.web: the JSON API in-process (search, articles, events, actors, stats, analyze),
the UI pages' rendering, the highlight helpers, and ``hadath serve`` without the web extra.

The store is built from a handful of short articles written for these tests.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from hadath.cli import main  # noqa: E402
from hadath.ingest import IngestOptions, ingest  # noqa: E402
from hadath.store import EventFilter, open_store, query_events  # noqa: E402
from hadath.web import create_app  # noqa: E402
from hadath.web.highlight import (  # noqa: E402
    safe_url,
    segment_body,
    split_marked,
    subheading_spans,
    trigger_pieces,
)

# Our own short news items: Egypt hosts Jordan's foreign minister; Putin on energy
# cooperation; Jordan condemns strikes on Gaza; Egypt's and Russia's foreign
# ministers meet; and a page stuffed with markup for the escaping tests.
ARTICLES: list[dict[str, Any]] = [
    {"id": "eg-jo", "published": "2025-03-04T10:00:00+02:00", "source": "example-news",
     "url": "https://news.example/eg-jo",
     "text": "السيسي يستقبل وزير الخارجية الأردني\n"
             "استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة اليوم الثلاثاء وزير الخارجية "
             "الأردني، وبحث الجانبان تعزيز التعاون بين مصر والأردن."},
    {"id": "ru-eg", "published": "2025-04-10T09:00:00+03:00", "source": "example-wire",
     "url": "https://wire.example/ru-eg",
     "text": "بوتين: نريد تعاونا أوسع مع مصر\n"
             "أكد الرئيس الروسي فلاديمير بوتين رغبة بلاده في تعزيز التعاون مع مصر في مجال "
             "الطاقة النووية."},
    {"id": "jo-gaza", "published": "2025-04-12T15:30:00+03:00", "source": "example-news",
     "url": "https://news.example/jo-gaza",
     "text": "الأردن يدين القصف\n"
             "أدانت وزارة الخارجية الأردنية بشدة القصف الإسرائيلي على قطاع غزة، وطالبت بوقف "
             "فوري لإطلاق النار."},
    {"id": "eg-ru", "published": "2025-04-20T12:00:00+03:00", "source": "example-wire",
     "url": "https://wire.example/eg-ru",
     "text": "لقاء مصري روسي في موسكو\n"
             "التقى وزير الخارجية المصري نظيره الروسي في موسكو لبحث الأوضاع في الشرق الأوسط."},
]

XSS_TEXT = (
    "اجتماع في عمّان <script>alert('title')</script>\n"
    "استقبل الرئيس المصري عبد الفتاح السيسي <img src=x onerror=alert(2)> وزير الخارجية "
    "الأردني في القاهرة اليوم، وبحث الجانبان تعزيز التعاون بين مصر والأردن.\n"
    "وقال المتحدث إن الرابط javascript:alert(3) لا يعمل "
    '<a href="javascript:alert(4)" onclick="alert(5)">هنا</a> <svg onload=alert(6)>.'
)
XSS_ARTICLE = {"id": "xss", "published": "2025-05-01T08:00:00+03:00", "source": "<b>outlet</b>",
               "url": "javascript:alert(7)", "text": XSS_TEXT}


def build_store(folder: Path, articles: list[dict[str, Any]] | None = None) -> Path:
    """A store with ``articles`` (by default ours plus the markup page)."""
    items = ARTICLES + [XSS_ARTICLE] if articles is None else articles
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in items), "utf-8")
    db = folder / "web.db"
    summary = ingest([source], db, IngestOptions(workers=1, batch_size=8))
    assert summary.stored == len(items), summary.problems
    return db


def article_id(db: Path, external_id: str) -> int:
    with open_store(db, readonly=True) as store:
        row = store.conn.execute("SELECT id FROM articles WHERE external_id = ?",
                                 (external_id,)).fetchone()
    return int(row[0])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def test_web_api_analyze_returns_hadath_document(client: TestClient) -> None:
    response = client.post("/analyze", json={"text": ARTICLES[0]["text"],
                                             "published": "2025-03-04T10:00:00+02:00"})
    assert response.status_code == 200
    doc = response.json()
    assert doc["schema"] == "hadath/1"
    assert doc["title"] == "السيسي يستقبل وزير الخارجية الأردني"
    people = [e for e in doc["entities"] if e["type"] == "PER"]
    assert people and people[0]["actor"]["code"] == "EGYGOV"
    assert any(e["cameo"] == "043" for e in doc["events"])


def test_web_api_analyze_reads_html(client: TestClient) -> None:
    html = ("<html><head><title>زيارة</title></head><body><article><h1>زيارة رسمية</h1>"
            f"<p>{ARTICLES[0]['text'].splitlines()[1]}</p></article></body></html>")
    response = client.post("/analyze", json={"html": html, "published": "2025-03-04"})
    assert response.status_code == 200
    assert "عبد الفتاح السيسي" in response.json()["body"]


@pytest.mark.parametrize("payload", [{}, {"text": "نص", "html": "<p>نص</p>"}])
def test_web_api_analyze_needs_exactly_one_source(client: TestClient, payload: dict[str, str]) -> None:
    response = client.post("/analyze", json=payload)
    assert response.status_code == 422
    assert "exactly one" in response.json()["detail"]


@pytest.mark.parametrize("payload", [{"text": "   \n "}, {"text": "خبر", "published": "أمس"}])
def test_web_api_analyze_bad_input_is_422_with_message(client: TestClient,
                                                      payload: dict[str, str]) -> None:
    response = client.post("/analyze", json=payload)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_web_api_search_ignores_spelling_variants_and_marks_hits(client: TestClient) -> None:
    # "الاردنيه" (no hamza, ha for ta marbuta) finds "الأردنية"; hits are offsets into the snippet.
    response = client.get("/articles", params={"q": "الخارجيه الاردنيه"})
    assert response.status_code == 200
    hits = response.json()["articles"]
    assert [h["url"] for h in hits] == ["https://news.example/jo-gaza"]
    snippet, spans = hits[0]["snippet"], hits[0]["highlights"]
    assert "\x02" not in snippet
    assert [snippet[a:b] for a, b in spans] == ["الخارجية", "الأردنية"]


def test_web_api_search_without_query_lists_newest(client: TestClient) -> None:
    hits = client.get("/articles").json()["articles"]
    assert len(hits) == 5
    assert hits[0]["published"] >= hits[-1]["published"]


@pytest.mark.parametrize("query", ['"', '""', "***", "- + ^", "()"])
def test_web_api_search_with_nothing_to_search_is_400(client: TestClient, query: str) -> None:
    response = client.get("/articles", params={"q": query})
    assert response.status_code == 400
    assert "nothing to search" in response.json()["detail"]


@pytest.mark.parametrize("query", ['مصر OR', 'NEAR(مصر', 'مصر" AND "', "مصر*", "col:مصر",
                                   "'; DROP TABLE articles; --", "مصر\x00"])
def test_web_api_search_syntax_is_plain_text(client: TestClient, query: str) -> None:
    response = client.get("/articles", params={"q": query})
    assert response.status_code == 200
    assert client.get("/stats").json()["articles"] == 5  # nothing was dropped


def test_web_api_article_detail_and_missing(client: TestClient, db: Path) -> None:
    found = client.get(f"/articles/{article_id(db, 'ru-eg')}").json()
    assert found["source"] == "example-wire"
    assert found["doc"]["schema"] == "hadath/1"
    assert any(e["actor"] and e["actor"]["id"] == "p:vladimir-putin" for e in found["doc"]["entities"])
    assert client.get("/articles/999999").status_code == 404
    assert client.get("/articles/0").status_code == 422


def test_web_api_events_match_the_cli_filters(client: TestClient, db: Path) -> None:
    with open_store(db, readonly=True) as store:
        expected = [row["id"] for row in query_events(store, EventFilter(country="JOR"))]
    page = client.get("/events", params={"country": "JOR"}).json()
    assert [row["id"] for row in page["events"]] == expected
    assert page["total"] == len(expected) >= 2
    for actor in ("السيسى", "EGYGOV", "sisi", "p:vladimir-putin", "الاردنية", "nobody"):
        with open_store(db, readonly=True) as store:
            expected = [row["id"] for row in query_events(store, EventFilter(actor=actor))]
        page = client.get("/events", params={"actor": actor}).json()
        assert [row["id"] for row in page["events"]] == expected, actor
        assert page["total"] == len(expected)
    roots = client.get("/events", params={"cameo": "11"}).json()["events"]
    assert roots and all(row["cameo"].startswith("11") for row in roots)
    conflict = client.get("/events", params={"quad": 3}).json()["events"]
    assert conflict and all(row["quad_class"] == 3 for row in conflict)
    assert client.get("/events", params={"since": "2025-04-01", "until": "2025-04-15"}).json()["total"] >= 1
    assert client.get("/events", params={"quad": 7}).status_code == 422


def test_web_api_events_pages(client: TestClient) -> None:
    everything = client.get("/events").json()
    assert everything["total"] >= 3
    second = client.get("/events", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == everything["total"]
    assert [r["id"] for r in second["events"]] == [everything["events"][1]["id"]]


def test_web_api_events_csv_download(client: TestClient) -> None:
    response = client.get("/events", params={"format": "csv", "country": "JOR"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == client.get("/events", params={"country": "JOR"}).json()["total"]
    assert {"date", "source_code", "cameo", "target_code", "evidence"} <= set(rows[0])


def test_web_api_event_timeline_counts_by_month_and_quad(client: TestClient) -> None:
    months = client.get("/events/timeline").json()["months"]
    assert sum(m["events"] for m in months) == client.get("/events").json()["total"]
    assert {m["month"] for m in months} >= {"2025-03", "2025-04"}


def test_web_api_actor_profile(client: TestClient) -> None:
    profile = client.get("/actors/p:abdel-fattah-el-sisi").json()
    assert profile["actor"]["code"] == "EGYGOV"
    assert profile["events"] >= 2 and profile["as_source"] >= 2
    assert profile["months"][0]["month"] == "2025-03"
    assert profile["mean_goldstein"] is not None
    partners = {p["id"] for p in profile["counterparts"]}
    assert partners and "p:abdel-fattah-el-sisi" not in partners
    assert client.get("/actors/nobody:here").status_code == 404


def test_web_api_actor_search_by_arabic_name_or_code(client: TestClient) -> None:
    by_name = client.get("/actors", params={"q": "بوتين"}).json()["actors"]
    assert [a["id"] for a in by_name] == ["p:vladimir-putin"]
    by_code = client.get("/actors", params={"q": "egygov"}).json()["actors"]
    assert "p:abdel-fattah-el-sisi" in {a["id"] for a in by_code}


def test_web_api_stats(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert stats["articles"] == 5 and stats["events"] >= 3
    assert set(stats["quad_classes"]) == {"1", "2", "3", "4"}
    assert stats["first"] < stats["last"]


def test_web_api_openapi_document_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/analyze", "/articles", "/articles/{article_id}", "/events", "/actors",
            "/actors/{actor_id}", "/stats"} <= set(paths)
    assert not any(p.startswith("/ui") for p in paths)


def test_web_api_without_store_serves_analyze_only() -> None:
    with TestClient(create_app(None)) as bare:
        assert bare.get("/events").status_code == 503
        assert bare.post("/analyze", json={"text": ARTICLES[1]["text"]}).status_code == 200
        assert bare.get("/ui/", follow_redirects=False).headers["location"] == "/ui/analyze"


@pytest.mark.parametrize("path", ["/ui/", "/ui/?q=مصر", "/ui/events", "/ui/events?quad=1",
                                  "/ui/actors", "/ui/actors?q=السيسي",
                                  "/ui/actors/p:abdel-fattah-el-sisi", "/ui/analyze"])
def test_web_ui_pages_render_in_arabic_rtl(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in response.text


def test_web_ui_article_page_highlights_entities_and_events(client: TestClient, db: Path) -> None:
    page = client.get(f"/ui/articles/{article_id(db, 'eg-jo')}").text
    assert 'class="ent ent-PER' in page and 'href="/ui/actors/p%3Aabdel-fattah-el-sisi"' in page
    assert '<mark class="trig">استقبل</mark>' in page
    assert "Host a visit" in page or ">043<" in page


def test_web_ui_missing_pages_are_404_pages(client: TestClient) -> None:
    for path in ("/ui/articles/424242", "/ui/actors/nobody"):
        response = client.get(path)
        assert response.status_code == 404 and '<html lang="ar" dir="rtl">' in response.text


def test_web_ui_paste_page_shows_the_analysis(client: TestClient) -> None:
    response = client.post("/ui/analyze", data={"text": ARTICLES[2]["text"],
                                                "published": "2025-04-12"})
    assert response.status_code == 200
    assert "ent ent-ORG" in response.text and "111" in response.text


def test_web_highlight_segments_cover_the_body_in_order() -> None:
    body = "زار بوتين القاهرة وبحث التعاون."
    entities = [{"start": 4, "end": 9, "type": "PER"}, {"start": 5, "end": 8, "type": "PER"},
                {"start": 10, "end": 17, "type": "GPE"}]
    events = [{"evidence_spans": [[0, len(body)]], "trigger_start": 0, "trigger_end": 3}]
    segments = segment_body(body, entities, events)
    assert "".join(s.text for s in segments) == body
    assert [s.text for s in segments if s.entity] == ["بوتين", "القاهرة"]  # the overlap is dropped
    assert [s.text for s in segments if s.trigger] == ["زار"]
    assert all(s.events == [0] for s in segments)


def test_web_highlight_subheadings_are_marked() -> None:
    body = "استقبل الرئيس الوزير.\nتعاون في الطاقة\nوبحث الجانبان الطاقة."
    spans = subheading_spans(body, ["تعاون في الطاقة", "عنوان غير موجود"])
    assert spans == [(22, 37)]
    marked = [s.text for s in segment_body(body, [], [], spans) if s.subheading]
    assert marked == ["تعاون في الطاقة"]


def test_web_highlight_trigger_pieces_fall_back_to_the_evidence_text() -> None:
    event = {"evidence": "أدانت الوزارة القصف", "trigger": "أدانت"}
    assert trigger_pieces(event, "") == [("أدانت", True), (" الوزارة القصف", False)]


def test_web_highlight_split_marked() -> None:
    assert split_marked("… في \x02مصر\x03 و\x02الأردن\x03", "\x02", "\x03") == [
        ("… في ", False), ("مصر", True), (" و", False), ("الأردن", True)]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example/a", "https://news.example/a"),
    ("javascript:alert(1)", None), (" JAVASCRIPT:alert(1)", None),
    ("data:text/html,<script>", None), ("//evil.example", None), (None, None),
])
def test_web_highlight_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_web_serve_without_the_web_extra_says_how_to_install(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import hadath.web

    monkeypatch.setattr(hadath.web, "missing_web_dependency", lambda: "fastapi")
    assert main(["serve"]) == 1
    assert "pip install 'hadath[web]'" in capsys.readouterr().err


def test_web_serve_builds_the_app_with_the_environment_token(
        monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setenv("HADATH_TOKEN", "s3cret")
    assert main(["serve", "--db", str(db), "--port", "8123"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    with TestClient(seen["app"]) as served:
        assert served.post("/analyze", json={"text": "خبر"}).status_code == 401


def test_web_serve_command_answers_on_localhost(db: Path) -> None:
    """``python -m hadath serve`` really serves: start it, ask /stats, stop it."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "hadath", "serve", "--db", str(db), "--port", str(port),
         "--token", "abc"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        answer = None
        for _ in range(300):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/stats", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert answer is not None and answer.json()["articles"] == 5
        base = f"http://127.0.0.1:{port}"
        assert httpx.post(f"{base}/analyze", json={"text": "خبر"}).status_code == 401
        ok = httpx.post(f"{base}/analyze", json={"text": ARTICLES[1]["text"]},
                        headers={"Authorization": "Bearer abc"}, timeout=60)
        assert ok.status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
