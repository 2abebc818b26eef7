"""Shared fixtures: paths to the shared data, a tiny hand-made knowledge base."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hadath.kb.model import (
    Country,
    KnowledgeBase,
    Office,
    Organisation,
    OrgHead,
    Person,
    Place,
    Title,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def sibling(name: str) -> Any:
    """Another test module's helpers ("test_ingest" for its corpus), loaded by path:
    test modules are not a package, so they cannot import each other directly."""
    spec = importlib.util.spec_from_file_location(f"_sibling_{name}", Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip when the shared data is not beside the repo."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data folder beside the repository)")
    return path


def make_tiny_kb() -> KnowledgeBase:
    """A knowledge base small enough to read in one screen, for stage unit tests."""
    kb = KnowledgeBase(
        countries={
            "EGY": Country("EGY", "EGY", "Egypt", "مصر", ("جمهورية مصر العربية",), ("مصري",),
                           "Cairo", ("القاهرة",), "MENA", "Q79", 30.04, 31.24),
            "RUS": Country("RUS", "RUS", "Russia", "روسيا", ("روسيا الاتحادية",), ("روسي",),
                           "Moscow", ("موسكو",), "Europe", None, 55.76, 37.62),
            "JOR": Country("JOR", "JOR", "Jordan", "الأردن", ("المملكة الأردنية الهاشمية",),
                           ("أردني",), "Amman", ("عمان",), "MENA", None, 31.95, 35.93),
            "USA": Country("USA", "USA", "United States", "الولايات المتحدة", ("أمريكا",),
                           ("أمريكي", "أميركي"), "Washington, D.C.", ("واشنطن",), "Americas"),
        },
        people={
            "p:sisi": Person("p:sisi", "Abdel Fattah el-Sisi", ("عبد الفتاح السيسي", "السيسي"), "EGY"),
            "p:morsi": Person("p:morsi", "Mohamed Morsi", ("محمد مرسي", "مرسي"), "EGY"),
            "p:putin": Person("p:putin", "Vladimir Putin", ("فلاديمير بوتين", "بوتين"), "RUS"),
            "p:naryshkin": Person("p:naryshkin", "Sergey Naryshkin", ("سيرجي ناريشكين", "ناريشكين", "ناريشكن"), "RUS"),
        },
        offices=[
            Office("p:morsi", "head_of_state", "EGY", "GOV", date(2012, 6, 30), date(2013, 7, 3)),
            Office("p:sisi", "head_of_state", "EGY", "GOV", date(2014, 6, 8), None),
            Office("p:putin", "head_of_state", "RUS", "GOV", date(2012, 5, 7), None),
            Office("p:naryshkin", "intelligence_chief", "RUS", "SPY", date(2016, 10, 5), None),
        ],
        orgs={
            "o:hamas": Organisation("o:hamas", "Hamas", ("حماس", "حركة حماس"), "PSE", "", "armed"),
            "o:sana": Organisation("o:sana", "SANA", ("سانا",), "SYR", "MED", "agency"),
        },
        heads={
            "وزارة الخارجية": OrgHead("وزارة الخارجية", "GOV", "Ministry of Foreign Affairs"),
            "جهاز الاستخبارات الخارجية": OrgHead("جهاز الاستخبارات الخارجية", "SPY", "Foreign Intelligence Service", "spy"),
            "الجيش": OrgHead("الجيش", "MIL", "Army", "mil"),
        },
        titles={
            "الرئيس": Title("الرئيس", "head_of_state", "GOV", "President"),
            "وزير الخارجية": Title("وزير الخارجية", "foreign_minister", "GOV", "Foreign Minister"),
            "المسؤول": Title("المسؤول", "", "GOV", "Official", "generic"),
            "المسئول": Title("المسئول", "", "GOV", "Official", "generic"),
            "نظيره": Title("نظيره", "", "GOV", "Counterpart", "counterpart"),
            "المتظاهرون": Title("المتظاهرون", "protesters", "CVL", "Protesters", "group"),
        },
        places={
            "l:gaza-strip": Place("l:gaza-strip", "Gaza Strip", ("قطاع غزة",), "PSE", "territory", 31.4, 34.35),
        },
    )
    kb.__post_init__()
    return kb


@pytest.fixture(scope="session")
def tiny_kb() -> KnowledgeBase:
    return make_tiny_kb()
