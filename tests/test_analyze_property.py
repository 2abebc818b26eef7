"""Property: ``analyze`` never crashes on arbitrary text, and its offsets always hold.

The one error it may raise on a ``str`` is EmptyInputError, the typed, documented
answer to input with nothing left to analyse (white space, bare markup).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hadath
from hadath.errors import EmptyInputError

# Arabic letters, marks, digits, punctuation and chrome words mixed with any text.
_ARABIC = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=80)
_WORDS = st.sampled_from([
    "استقبل", "الرئيس", "المصري", "السيسي", "وزير الخارجية", "منذ 3 ساعات", "شارك", "اقرأ أيضا:",
    "القاهرة - (أ ش أ) -", "لم يلتق", "اليوم الثلاثاء", "١٥ مارس ٢٠٢٤", "<p>", "</div>", "\n", "،", ".",
])
_TEXT = st.lists(st.one_of(_ARABIC, _WORDS, st.text(max_size=20)), max_size=25).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_analyze_never_crashes_and_keeps_offsets(text: str) -> None:
    try:
        doc = hadath.analyze(text, published="2025-03-04T10:00:00")
    except EmptyInputError as exc:
        assert exc.source == "<input>"
        return
    data = doc.to_dict()
    for entity in data["entities"]:
        assert data["body"][entity["start"] : entity["end"]] == entity["text"]
    for event in data["events"]:
        assert 0.0 <= event["confidence"] <= 1.0


def test_analyze_rejects_empty_input_with_a_clear_error() -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        hadath.analyze("   \n  ")


def test_analyze_drops_control_characters_from_text_with_a_warning() -> None:
    doc = hadath.analyze("استقبل\x1b الرئيس المصري عبد الفتاح السيسي وفدا روسيا.", published="2025-03-04")
    assert "\x1b" not in doc.body
    assert any(w.code == "control-characters" for w in doc.warnings)
