"""hadath.web security: the token on compute endpoints, the body size limit, strict headers,
escaping of hostile article text on every page, and search input that cannot crash the server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")

from conftest import sibling
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hadath.web import create_app  # noqa: E402

_api = sibling("test_web_api")
TOKEN = "t0ken-for-tests"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = _api.build_store(tmp_path_factory.mktemp("websec"))
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN, max_body=20_000)) as test_client:
        yield test_client


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _assert_inert(page: str) -> None:
    """No markup from the article survives as markup: no script, handler or javascript: link."""
    parser = _Elements()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "svg", "iframe", "object"), (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            assert not attrs.get(name, "").strip().lower().startswith("javascript:"), (tag, attrs)
        if tag == "script":  # our own pages load scripts by src only, never inline
            assert attrs.get("src", "").startswith("/static/"), attrs
    assert "<script>alert" not in page


# -- token ----------------------------------------------------------------------------


def test_web_security_analyze_needs_the_token(client: TestClient) -> None:
    text = {"text": "استقبل الرئيس المصري وزير الخارجية الأردني."}
    missing = client.post("/analyze", json=text)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/analyze", json=text, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    basic = client.post("/analyze", json=text, headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401
    ok = client.post("/analyze", json=text, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["schema"] == "hadath/1"


def test_web_security_reading_needs_no_token(client: TestClient) -> None:
    for path in ("/events", "/articles?q=مصر", "/stats", "/ui/", "/openapi.json"):
        assert client.get(path).status_code == 200, path


def test_web_security_paste_form_needs_the_token(client: TestClient) -> None:
    form = {"text": "أدانت وزارة الخارجية الأردنية القصف."}
    refused = client.post("/ui/analyze", data=form)
    assert refused.status_code == 401 and "token" in refused.text
    assert 'type="password" name="token"' in client.get("/ui/analyze").text
    accepted = client.post("/ui/analyze", data={**form, "token": TOKEN})
    assert accepted.status_code == 200 and "ent ent-ORG" in accepted.text


# -- body size ------------------------------------------------------------------------


def test_web_security_declared_large_body_is_413(client: TestClient) -> None:
    response = client.post("/analyze", json={"text": "خبر " * 10_000},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413
    assert "bytes" in response.json()["detail"]


def test_web_security_streamed_large_body_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield b'{"text": "'
        for _ in range(50):
            yield "خبر عاجل ".encode() * 100
        yield b'"}'

    response = client.post("/analyze", content=chunks(), headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status_code == 413


def test_web_security_small_body_passes_the_limit(client: TestClient) -> None:
    response = client.post("/analyze", json={"text": "خبر " * 100},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


# -- headers --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/ui/", "/events", "/ui/articles/999999"])
def test_web_security_headers_forbid_inline_script(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"


# -- escaping -------------------------------------------------------------------------


def test_web_security_article_page_escapes_markup(client: TestClient, db: Path) -> None:
    page = client.get(f"/ui/articles/{_api.article_id(db, 'xss')}").text
    _assert_inert(page)
    assert "&lt;script&gt;alert(" in page  # shown as text, not dropped
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;b&gt;outlet&lt;/b&gt;" in page
    # The entities around the markup are still highlighted.
    assert 'class="ent ent-PER' in page


def test_web_security_javascript_url_is_never_a_link(client: TestClient, db: Path) -> None:
    page = client.get(f"/ui/articles/{_api.article_id(db, 'xss')}").text
    assert "javascript:alert(7)" in page  # as text
    assert not re.search(r"href=\"\s*javascript", page, re.IGNORECASE)


@pytest.mark.parametrize("path", [
    "/ui/?q=alert", "/ui/?q=<script>alert(1)</script>", "/ui/events",
    "/ui/events?actor=<script>alert(1)</script>", "/ui/actors?q=\"><svg onload=alert(1)>",
    "/ui/actors/<script>alert(1)</script>", "/ui/?q=%22",
])
def test_web_security_pages_escape_user_input_and_stored_text(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 400, 404)
    _assert_inert(response.text)


def test_web_security_paste_result_escapes_markup(client: TestClient) -> None:
    response = client.post("/ui/analyze", data={"text": _api.XSS_TEXT, "token": TOKEN})
    assert response.status_code == 200
    _assert_inert(response.text)
    assert "&lt;svg onload=alert(6)&gt;" in response.text


def test_web_security_json_keeps_text_as_data(client: TestClient, db: Path) -> None:
    found = client.get(f"/articles/{_api.article_id(db, 'xss')}")
    assert found.headers["content-type"] == "application/json"
    assert "<img src=x onerror=alert(2)>" in found.json()["doc"]["body"]


# -- search input ---------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('مصرالأردن "*()-+^:ORANDNEAR{}[]\\\'%_;') + ["\x00", "\u200f"]),
               max_size=30))
def test_web_security_search_never_crashes(client: TestClient, query: str) -> None:
    for path in ("/articles", "/ui/"):
        response = client.get(path, params={"q": query})
        assert response.status_code in (200, 400), (query, response.text[:200])
