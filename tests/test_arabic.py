"""Specifications of the pure Arabic helpers: normalisation, digits, clitics, transliteration."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadath.arabic import normalize, normalize_with_map, strip_proclitics, to_ascii_digits
from hadath.arabic.translit import transliterate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أحمد", "احمد"),
        ("إسرائيل", "اسراييل"),
        ("مؤتمر", "موتمر"),
        ("آل ثاني", "ال ثاني"),
        ("القاهرة", "القاهره"),
        ("مصطفى", "مصطفي"),
        ("الأمم المتّحدة", "الامم المتحده"),
        ("مـــصر", "مصر"),
        ("فارسی کابل", "فارسي كابل"),
        ("ﻻ", "لا"),
        ("٢٠٢٤ و۱۴۰۳", "2024 و1403"),
        ("\u200fالرياض\u200e", "الرياض"),
    ],
)
def test_normalize_folds_spelling_variants(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_with_map_points_back_to_original_characters() -> None:
    text = "زارَ الأميرُ مُحمّد"
    norm, offsets = normalize_with_map(text)
    assert norm == "زار الامير محمد"
    start = norm.index("محمد")
    assert text[offsets[start] : offsets[start + len("محمد") - 1] + 1] == "مُحمّد"
    assert offsets[-1] == len(text)


@given(st.text())
def test_normalize_with_map_is_consistent_for_any_text(text: str) -> None:
    norm, offsets = normalize_with_map(text)
    assert norm == normalize(text)
    assert len(offsets) == len(norm) + 1
    assert offsets == sorted(offsets)


def test_to_ascii_digits_keeps_length() -> None:
    assert to_ascii_digits("١٥ آذار ٢٠٢٤") == "15 آذار 2024"
    assert to_ascii_digits("۱۲۳") == "123"


def test_strip_proclitics_lists_readings_and_restores_the_article() -> None:
    readings = strip_proclitics("وبالقاهره")
    assert ("وب", "القاهره") in readings
    assert ("ل", "القاهره") in strip_proclitics("للقاهره")
    assert strip_proclitics("بوتين")[0] == ("", "بوتين")


def test_transliterate_gives_a_readable_latin_name() -> None:
    assert transliterate("أيمن الصفدي") == "Aymn al-Sfdy"
    assert transliterate("") == ""
