"""clean: page chrome removed, title and dateline found, sub-headings marked, offsets kept."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from hadath.doc import Doc
from hadath.read import read
from hadath.stages.clean import clean, find_dateline

PARAGRAPH = ("وأكد الوزير خلال المؤتمر الصحفي المشترك أن البلدين اتفقا على تشكيل لجنة فنية لمتابعة "
             "تنفيذ مذكرات التفاهم الموقعة في مجالات الطاقة والنقل والتعليم.")
LEAD = ("بحث وزير الخارجية الأردني اليوم الأحد مع نظيره العماني في عمان سبل تطوير العلاقات "
        "الثنائية وتعزيز التنسيق بشأن القضايا الإقليمية.")
HEADLINE = "الأردن وعمان يبحثان تعزيز التعاون الثنائي"


def _clean(text: str, **kwargs: object) -> Doc:
    return clean(Doc(text=text, **kwargs))  # type: ignore[arg-type]


def _lines(doc: Doc) -> list[str]:
    return doc.body.split("\n")


def test_clean_seed_page() -> None:
    path = shared_path("seed", "000_babb2520bf4918f1.txt")
    text = path.read_text("utf-8")
    first_line = text.split("\n", 1)[0].strip()
    doc = clean(read(Doc(raw=text, name=path.name)))
    assert doc.title == first_line
    assert "منذ 1 ساعة" not in doc.body
    assert "شارك" not in _lines(doc)
    assert first_line not in doc.body
    assert doc.meta["age_text"] == "منذ 1 ساعة"
    subheadings = [doc.body[b.start:b.end] for b in doc.blocks if b.kind == "subheading"]
    assert len(subheadings) == 5
    assert "تحيات متبادلة وتقدير لتعزيز العلاقات" in subheadings


@pytest.mark.parametrize(
    "chrome",
    [
        "منذ 1 ساعة", "منذ 3 ساعات", "منذ يومين", "منذ ساعتين", "قبل 5 دقائق", "منذ ٤ ساعات",
        "آخر تحديث: 14:25", "شارك", "شارك 12", "مشاركة", "تم نسخ الرابط", "نسخ الرابط", "طباعة",
        "فيسبوك", "تويتر", "تابعونا على تيليجرام", "كتب: محمد عبد الرحمن", "كتبت: هبة السيد",
        "كتبت هبة السيد", "بقلم: سامي الخطيب", "(صورة: أرشيفية)", "تصوير: أحمد مراد",
        "مصدر الصورة: وكالة الأنباء", "الكلمات المفتاحية: الأردن، عمان، التعاون",
        "وسوم: سياسة اقتصاد", "#الأردن #سلطنة_عمان", "الرئيسية > أخبار > عربي",
        "الرئيسية / سياسة", "اقرأ أيضاً: ارتفاع أسعار النفط في ختام التعاملات",
        "إقرأ المزيد", "المزيد",
        "اقرأ أيضا: وزير المالية يعلن عن حزمة إجراءات جديدة لدعم المشروعات الصغيرة والمتوسطة في المحافظات الحدودية",
    ],
)
def test_clean_removes_chrome_line(chrome: str) -> None:
    doc = _clean(f"{HEADLINE}\n{chrome}\n{LEAD}\n{PARAGRAPH}")
    assert doc.title == HEADLINE
    assert _lines(doc) == [LEAD, PARAGRAPH]


def test_clean_read_also_box_drops_its_links() -> None:
    text = "\n".join([
        HEADLINE, LEAD, PARAGRAPH, "اقرأ أيضا",
        "وزير الداخلية يتفقد المنافذ الحدودية", "افتتاح معرض الكتاب بمشاركة 500 دار نشر",
        "قد يعجبك أيضا", "نتائج مباريات الدوري الممتاز",
    ])
    doc = _clean(text)
    assert _lines(doc) == [LEAD, PARAGRAPH]


def test_clean_read_also_box_stops_at_a_paragraph() -> None:
    doc = _clean("\n".join([HEADLINE, LEAD, "اقرأ أيضا", "عنوان خبر آخر عن الطقس", PARAGRAPH]))
    assert _lines(doc) == [LEAD, PARAGRAPH]


@pytest.mark.parametrize(
    "sentence",
    [
        "شارك الوزير في المؤتمر الدولي للطاقة المتجددة.",
        "شارك آلاف المتطوعين في حملة تنظيف الشواطئ",
        "كتب الرئيس رسالة إلى نظيره الفرنسي.",
        "منذ ثلاثة أيام والمفاوضات متعثرة بين الطرفين.",
        "المزيد من المساعدات وصل إلى القطاع صباح اليوم.",
    ],
)
def test_clean_keeps_sentences_that_mention_chrome_words(sentence: str) -> None:
    doc = _clean(f"{HEADLINE}\n{sentence}\n{PARAGRAPH}")
    assert sentence in _lines(doc)


def test_clean_title_is_first_short_line_and_its_repeat_goes() -> None:
    doc = _clean(f"{HEADLINE}\nمنذ 3 ساعات\n{HEADLINE}\nشارك\n{LEAD}")
    assert doc.title == HEADLINE
    assert doc.body == LEAD


def test_clean_no_title_when_text_starts_with_a_sentence() -> None:
    doc = _clean(f"{LEAD}\n{PARAGRAPH}")
    assert doc.title is None
    assert doc.body == f"{LEAD}\n{PARAGRAPH}"


def test_clean_no_title_when_first_line_is_a_wire_paragraph() -> None:
    first = "القاهرة - (أ ش أ) - افتتح وزير النقل اليوم محطة جديدة لقطار الأنفاق"
    doc = _clean(f"{first}\n{PARAGRAPH}")
    assert doc.title is None
    assert doc.dateline is not None and doc.dateline.agency == "أ ش أ"
    assert _lines(doc)[0] == "افتتح وزير النقل اليوم محطة جديدة لقطار الأنفاق"


def test_clean_dateline_year_from_fetch_time() -> None:
    doc = _clean(f"الرياض 30 ديسمبر / واس / {LEAD}", fetched=datetime(2025, 1, 2, 8, 0))
    assert doc.dateline is not None
    assert doc.dateline.date == "2024-12-30"


def test_clean_no_title_for_a_single_line() -> None:
    doc = _clean("عمان - بترا - افتتح وزير التربية اليوم مدرسة جديدة في محافظة الزرقاء")
    assert doc.title is None


def test_clean_keeps_title_from_html_and_drops_its_copy() -> None:
    doc = _clean(f"{HEADLINE}\n{LEAD}", title=f"{HEADLINE} - جريدة المساء")
    assert doc.body == LEAD


def test_clean_subheadings_are_blocks_with_offsets_into_body() -> None:
    sub = "تنسيق المواقف الإقليمية"
    doc = _clean("\n".join([HEADLINE, LEAD, sub, PARAGRAPH]))
    assert [b.kind for b in doc.blocks] == ["paragraph", "subheading", "paragraph"]
    assert [doc.body[b.start:b.end] for b in doc.blocks] == [LEAD, sub, PARAGRAPH]


def test_clean_a_short_line_before_a_short_line_is_not_a_subheading() -> None:
    doc = _clean("\n".join([HEADLINE, LEAD, "تنسيق المواقف", "وتابع الوزير قائلا"]))
    assert all(b.kind == "paragraph" for b in doc.blocks)


DATELINES = [
    ("القاهرة - (أ ش أ) - ", "القاهرة", "أ ش أ", None),
    ("الرياض 12 مارس / واس / ", "الرياض", "واس", "2025-03-12"),
    ("عمان - بترا - ", "عمان", "بترا", None),
    ("أبوظبي في 23 أبريل / وام / ", "أبوظبي", "وام", "2025-04-23"),
    ("الدوحة في 15 أبريل /قنا/ ", "الدوحة", "قنا", "2025-04-15"),
    ("بغداد - ", "بغداد", None, None),
    ("القدس - ", "القدس", None, None),
    ("بيروت - رويترز - ", "بيروت", "رويترز", None),
    ("واشنطن - (د ب أ) - ", "واشنطن", "د ب أ", None),
    ("رام الله - (وفا) - ", "رام الله", "وفا", None),
    ("المنامة في ٦ يونيو / بنا / ", "المنامة", "بنا", "2025-06-06"),
    ("الرياض 13 أغسطس 2024 / واس / ", "الرياض", "واس", "2024-08-13"),
    ("بورتسودان / سونا / ", "بورتسودان", "سونا", None),
]


@pytest.mark.parametrize(("prefix", "place", "agency", "when"), DATELINES)
def test_clean_dateline_moves_to_metadata(prefix: str, place: str, agency: str | None, when: str | None) -> None:
    sentence = "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية."
    doc = _clean(f"{HEADLINE}\n{prefix}{sentence}\n{PARAGRAPH}", published=datetime(2025, 7, 1))
    assert doc.dateline is not None
    assert doc.dateline.place == place
    assert doc.dateline.agency == agency
    assert doc.dateline.date == when
    assert doc.dateline.text == prefix.strip()
    assert _lines(doc) == [sentence, PARAGRAPH]


def test_clean_dateline_date_needs_a_year_to_resolve() -> None:
    found = find_dateline("الرياض 12 مارس / واس / تلقى ولي العهد اتصالا هاتفيا")
    assert found is not None
    assert found[0].date is None


@pytest.mark.parametrize(
    "line",
    [
        "أعلن الجيش - في بيان صادر عنه - أن قواته أحبطت محاولة تسلل.",
        "استقبل رئيس الجمهورية، اليوم، وزير الخارجية الفرنسي.",
        "قال المتحدث إن الاجتماع سيعقد في 15 مارس.",
    ],
)
def test_clean_sentence_is_not_a_dateline(line: str) -> None:
    doc = _clean(line)
    assert doc.dateline is None
    assert doc.body == line


def test_clean_body_is_kept_lines_joined() -> None:
    doc = _clean(f"  {HEADLINE}  \n\n\nشارك\n\n  {LEAD}\n\n{PARAGRAPH}\n")
    assert doc.body == f"{LEAD}\n{PARAGRAPH}"
    for block in doc.blocks:
        assert doc.body[block.start:block.end].strip() == doc.body[block.start:block.end]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("منذ 1 ساعة-/()شارك\nالرياض12مارسواس.:،#>")) | st.characters(), max_size=300))
def test_clean_never_raises(text: str) -> None:
    doc = clean(Doc(text=text))
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.body)
