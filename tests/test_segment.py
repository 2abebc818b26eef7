"""Specifications of the segment stage: sentences and tokens with offsets into the body."""

from __future__ import annotations

from hadath.doc import Block, Doc
from hadath.stages.segment import segment, tokenize


def _sentences(body: str, blocks: list[Block] | None = None) -> list[str]:
    doc = segment(Doc(body=body, blocks=blocks or []))
    return [doc.body[s.start : s.end] for s in doc.sentences]


def test_segment_splits_on_terminal_punctuation_not_on_arabic_comma() -> None:
    body = "التقى الوزير نظيره، وبحثا العلاقات الثنائية. ثم غادر إلى عمان؟ نعم!"
    assert _sentences(body) == [
        "التقى الوزير نظيره، وبحثا العلاقات الثنائية.",
        "ثم غادر إلى عمان؟",
        "نعم!",
    ]


def test_segment_respects_line_breaks_and_keeps_decimals() -> None:
    body = "ارتفع التضخم إلى 3.5 في المئة\nوقال المحافظ إن الأسعار ستستقر."
    assert _sentences(body) == ["ارتفع التضخم إلى 3.5 في المئة", "وقال المحافظ إن الأسعار ستستقر."]


def test_segment_does_not_split_after_a_one_letter_abbreviation() -> None:
    assert _sentences("صرح د. أحمد زويل بأن التجربة نجحت.") == ["صرح د. أحمد زويل بأن التجربة نجحت."]


def test_segment_marks_subheadings() -> None:
    body = "تعاون في مجال الطاقة\nوقع البلدان اتفاقا للطاقة."
    doc = segment(Doc(body=body, blocks=[Block(0, 20, "subheading"), Block(21, len(body))]))
    assert [s.kind for s in doc.sentences] == ["subheading", "body"]


def test_tokenize_keeps_tashkeel_inside_words_and_offsets_exact() -> None:
    text = "زارَ «الرئيسُ» القاهرةَ."
    tokens = tokenize(text, offset=10)
    assert [t.text for t in tokens] == ["زارَ", "«", "الرئيسُ", "»", "القاهرةَ", "."]
    assert all(text[t.start - 10 : t.end - 10] == t.text for t in tokens)
    assert tokens[4].norm == "القاهره"
    assert [t.is_word for t in tokens] == [True, False, True, False, True, False]


def test_segment_cuts_a_run_without_sentence_ends_into_pieces() -> None:
    from hadath.stages.segment import MAX_SENTENCE_TOKENS

    body = " ".join(["الوزير"] * (MAX_SENTENCE_TOKENS * 2 + 5))
    doc = segment(Doc(body=body))
    assert [len(s.tokens) for s in doc.sentences] == [MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 5]
    assert doc.sentences[0].start == 0 and doc.sentences[-1].end == len(body)
    assert all(doc.sentences[i].end <= doc.sentences[i + 1].start for i in range(len(doc.sentences) - 1))
