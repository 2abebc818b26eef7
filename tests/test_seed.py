"""Golden test: the seed page, scraped with its chrome, analysed end to end.

The page itself is read from ``../shared/seed/`` (it is a news page, so it is not
copied into the repository); the test skips when the shared folder is absent.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import shared_path

import hadath

FETCHED = "2025-11-04T12:00:00+02:00"  # a Tuesday: "اليوم الثلاثاء" is that day


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    path = shared_path("seed", "000_babb2520bf4918f1.txt")
    return hadath.analyze(path.read_bytes(), fetched=FETCHED).to_dict()


def _actors(seed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["actor"]["name_en"]: e for e in seed["entities"] if e["actor"]}


def test_seed_title_and_chrome(seed: dict[str, Any]) -> None:
    assert seed["title"] == "الرئيس السيسي يعلن التزام مصر بتعزيز التعاون السياسي والأمني مع روسيا"
    body = seed["body"]
    assert "منذ 1 ساعة" not in body
    assert "شارك" not in body.split("\n")
    assert seed["title"] not in body, "the repeated headline is removed from the body"
    assert "تحيات متبادلة وتقدير لتعزيز العلاقات" in seed["subheadings"]
    assert len(seed["subheadings"]) == 5


def test_seed_publication_time_from_the_relative_line(seed: dict[str, Any]) -> None:
    assert seed["published"].startswith("2025-11-04T11:00")
    assert {"text": "اليوم الثلاثاء", "value": "2025-11-04"}.items() <= next(
        d for d in seed["dates"] if d["text"] == "اليوم الثلاثاء").items()


@pytest.mark.parametrize(
    ("name_en", "type_", "code"),
    [
        ("Abdel Fattah el-Sisi", "PER", "EGYGOV"),
        ("Sergey Naryshkin", "PER", "RUSSPY"),
        ("Vladimir Putin", "PER", "RUSGOV"),
        ("Hassan Rashad", "PER", "EGYSPY"),
        ("Foreign Intelligence Service of Russia", "ORG", "RUSSPY"),
        ("General Intelligence of Egypt", "ORG", "EGYSPY"),
        ("Egypt", "GPE", "EGY"),
        ("Russia", "GPE", "RUS"),
        ("Gaza Strip", "LOC", None),
        ("Middle East", "LOC", None),
    ],
)
def test_seed_entities_are_linked(seed: dict[str, Any], name_en: str, type_: str, code: str | None) -> None:
    entity = _actors(seed).get(name_en)
    assert entity is not None, f"{name_en} not linked; have {sorted(_actors(seed))}"
    assert entity["type"] == type_
    if code:
        assert entity["actor"]["code"] == code
    assert seed["body"][entity["start"] : entity["end"]] == entity["text"]


def test_seed_dabaa_plant_is_an_entity(seed: dict[str, Any]) -> None:
    assert any("الضبعة" in e["text"] for e in seed["entities"])


def test_seed_later_mentions_tie_back(seed: dict[str, Any]) -> None:
    sisi = {e["text"] for e in seed["entities"] if e["actor"] and e["actor"]["name_en"] == "Abdel Fattah el-Sisi"}
    assert {"عبد الفتاح السيسي", "السيسي"} <= sisi
    naryshkin = {e["text"] for e in seed["entities"] if e["actor"] and e["actor"]["name_en"] == "Sergey Naryshkin"}
    assert {"سيرجي ناريشكين", "ناريشكين"} <= naryshkin


def _country(actor: dict[str, Any] | None) -> str | None:
    return actor["country"] if actor else None


def test_seed_events(seed: dict[str, Any]) -> None:
    triples = {(_country(e["source"]), e["root"], _country(e["target"])) for e in seed["events"] if not e["negated"]}
    assert ("EGY", "04", "RUS") in triples, triples
    assert ("RUS", "05", "EGY") in triples, triples
    host = next(e for e in seed["events"] if e["cameo"] == "043")
    assert host["source"]["name_en"] == "Abdel Fattah el-Sisi"
    assert host["target"]["name_en"] == "Sergey Naryshkin"
    assert host["date"] == "2025-11-04"
    assert "استقبل" in host["evidence"]


def test_seed_nothing_is_coded_from_subheadings(seed: dict[str, Any]) -> None:
    for event in seed["events"]:
        assert event["evidence"] not in seed["subheadings"]


def test_seed_events_carry_codes_and_evidence(seed: dict[str, Any]) -> None:
    for event in seed["events"]:
        assert event["cameo"].startswith(event["root"])
        assert event["quad_class"] in (1, 2, 3, 4)
        assert -10.0 <= event["goldstein"] <= 10.0
        assert event["plover"]
        assert event["trigger"] and event["evidence"]
        assert 0.0 <= event["confidence"] <= 1.0
