"""dates: publication time and in-text dates, against a Tuesday publication (2025-03-04)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hadath.doc import Dateline, Doc
from hadath.stages.dates import parse_age, resolve_dates, resolve_day_month

TUESDAY = datetime(2025, 3, 4, 10, 30)


def _dates(body: str, published: datetime | None = TUESDAY) -> Doc:
    return resolve_dates(Doc(body=body, published=published))


def _only(body: str, published: datetime | None = TUESDAY) -> tuple[str, str | None, str]:
    doc = _dates(body, published)
    assert len(doc.dates) == 1, doc.dates
    found = doc.dates[0]
    assert doc.body[found.start:found.end] == found.text
    return found.text, found.value, found.kind


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("استقبل الرئيس، اليوم الثلاثاء، وفدا برلمانيا.", "اليوم الثلاثاء", "2025-03-04"),
        ("وصل الوزير صباح اليوم إلى العاصمة.", "صباح اليوم", "2025-03-04"),
        ("وكان الوفد قد وصل أمس الاثنين إلى بغداد.", "أمس الاثنين", "2025-03-03"),
        ("وقعت الاشتباكات مساء أمس.", "مساء أمس", "2025-03-03"),
        ("وبدأت الزيارة أول أمس في الرياض.", "أول أمس", "2025-03-02"),
        ("وصل الوفد أول من أمس إلى الرياض.", "أول من أمس", "2025-03-02"),
        ("ويتوجه الرئيس غداً الأربعاء إلى باريس.", "غداً الأربعاء", "2025-03-05"),
        ("ويتوجه الرئيس غدا إلى باريس.", "غدا", "2025-03-05"),
        ("ويتوجه الرئيس غداً إلى باريس.", "غداً", "2025-03-05"),
        ("ومن المقرر أن يزور الوفد بيروت بعد غد.", "بعد غد", "2025-03-06"),
    ],
)
def test_dates_relative_days(body: str, text: str, value: str) -> None:
    assert _only(body) == (text, value, "relative")


def test_dates_weekday_that_does_not_fit_warns() -> None:
    doc = _dates("وقال المتحدث أمس الأربعاء إن المحادثات مستمرة.")
    assert [d.value for d in doc.dates] == ["2025-03-03"]
    assert [w.code for w in doc.warnings] == ["weekday-mismatch"]


def test_dates_consistent_weekday_does_not_warn() -> None:
    assert _dates("وقال المتحدث اليوم الثلاثاء إن المحادثات مستمرة.").warnings == []


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("وعقد المجلس اجتماعا مساء الأربعاء.", "مساء الأربعاء", "2025-02-26"),
        ("وسيصل الوفد يوم الأحد.", "يوم الأحد", "2025-03-02"),
        ("وأعلنت الوزارة الاثنين عن خطة جديدة.", "الاثنين", "2025-03-03"),
        ("وأعلنت الوزارة، الثلاثاء، عن خطة جديدة.", "الثلاثاء", "2025-03-04"),
        ("وكانت المحادثات قد بدأت الأحد الماضي.", "الأحد الماضي", "2025-03-02"),
        ("وكانت المحادثات قد بدأت الثلاثاء الماضي.", "الثلاثاء الماضي", "2025-02-25"),
        ("وتستأنف المحادثات الخميس المقبل.", "الخميس المقبل", "2025-03-06"),
        ("وتستأنف المحادثات الثلاثاء القادم.", "الثلاثاء القادم", "2025-03-11"),
    ],
)
def test_dates_weekdays(body: str, text: str, value: str) -> None:
    assert _only(body) == (text, value, "weekday")


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("ووصلت الدفعة الأولى من المساعدات منذ ساعة.", "منذ ساعة", "2025-03-04"),
        ("وانطلقت القافلة منذ ساعتين.", "منذ ساعتين", "2025-03-04"),
        ("واندلع الحريق قبل 12 ساعة.", "قبل 12 ساعة", "2025-03-03"),
        ("وبدأ الإضراب منذ يومين.", "منذ يومين", "2025-03-02"),
        ("وبدأ الإضراب منذ 3 أيام.", "منذ 3 أيام", "2025-03-01"),
        ("وبدأ الإضراب منذ ٣ أيام.", "منذ ٣ أيام", "2025-03-01"),
        ("وبدأ الإضراب منذ ثلاثة أيام.", "منذ ثلاثة أيام", "2025-03-01"),
        ("وتوقفت المفاوضات منذ أسبوعين.", "منذ أسبوعين", "2025-02-18"),
        ("وتوقفت المفاوضات منذ أسابيع.", "منذ أسابيع", None),
        ("وزار الوفد المدينة الأسبوع الماضي.", "الأسبوع الماضي", None),
    ],
)
def test_dates_time_ago_and_periods(body: str, text: str, value: str | None) -> None:
    assert _only(body) == (text, value, "relative")


def test_dates_time_before_another_event_is_not_counted_from_publication() -> None:
    # "two days before the elections" is relative to the elections
    assert _dates("ووصل المراقبون قبل يومين من الانتخابات.").dates == []


def test_dates_since_a_year_is_not_one_year_ago() -> None:
    assert all(d.text != "منذ عام" for d in _dates("وتشهد البلاد أزمة منذ عام 2011.").dates)


def test_dates_world_day_is_not_today() -> None:
    assert _dates("ويحتفل العالم باليوم العالمي للمرأة في الثامن من مارس. وقال اليوم العالمي").dates == []


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("وقعت الاتفاقية في 15 مارس 2024 بالقاهرة.", "15 مارس 2024", "2024-03-15"),
        ("وقعت الاتفاقية في ١٥ آذار ٢٠٢٤ بدمشق.", "١٥ آذار ٢٠٢٤", "2024-03-15"),
        ("وقعت الاتفاقية في ۱۵ مارس ۲۰۲۴.", "۱۵ مارس ۲۰۲۴", "2024-03-15"),
        ("وعقد الاجتماع في 3 كانون الثاني.", "3 كانون الثاني", "2025-01-03"),
        ("وعقد الاجتماع في 3 تشرين الأول.", "3 تشرين الأول", "2024-10-03"),
        ("وعقد الاجتماع يوم 20 جانفي الماضي.", "20 جانفي", "2025-01-20"),
        ("وعقد الاجتماع يوم 2 فيفري.", "2 فيفري", "2025-02-02"),
        ("ووصل الوفد في 1 أفريل 2024.", "1 أفريل 2024", "2024-04-01"),
        ("ووصل الوفد في 10 جوان 2024.", "10 جوان 2024", "2024-06-10"),
        ("ووصل الوفد في 5 جويلية 2024.", "5 جويلية 2024", "2024-07-05"),
        ("ووصل الوفد في 15 أوت 2024.", "15 أوت 2024", "2024-08-15"),
        ("وصدر القرار بتاريخ 2024/03/15 عن المجلس.", "2024/03/15", "2024-03-15"),
        ("وصدر القرار بتاريخ 15-3-2024 عن المجلس.", "15-3-2024", "2024-03-15"),
        ("وصدر القرار بتاريخ ١٥/٣/٢٠٢٤ عن المجلس.", "١٥/٣/٢٠٢٤", "2024-03-15"),
        ("وتنتهي المهلة في 28 فبراير.", "28 فبراير", "2025-02-28"),
        ("وأعلن عن الخطة في 10 ديسمبر.", "10 ديسمبر", "2024-12-10"),
        ("وأعلن عن الخطة يوم الخميس 12 ديسمبر 2024.", "الخميس 12 ديسمبر 2024", "2024-12-12"),
    ],
)
def test_dates_absolute(body: str, text: str, value: str) -> None:
    assert _only(body) == (text, value, "absolute")


def test_dates_absolute_without_year_and_without_publication_is_unresolved() -> None:
    assert _only("وأعلن عن الخطة في 10 ديسمبر.", published=None) == ("10 ديسمبر", None, "absolute")


def test_dates_impossible_date_is_skipped() -> None:
    assert _dates("وصدر القرار بتاريخ 31/02/2024 عن المجلس.").dates == []


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("وبدأ الصيام في 1 رمضان 1445 هـ.", "1 رمضان 1445 هـ", "2024-03-11"),
        ("وأقيمت الصلاة يوم 15 رمضان 1445هـ في المسجد.", "15 رمضان 1445هـ", "2024-03-25"),
        ("ويبدأ الموسم في 10 ذي الحجة 1445.", "10 ذي الحجة 1445", "2024-06-16"),
        ("وبدأت الحملة في 1 رمضان.", "1 رمضان", "2025-03-01"),
    ],
)
def test_dates_hijri(body: str, text: str, value: str) -> None:
    assert _only(body) == (text, value, "hijri")


def test_dates_safar_needs_a_year_or_marker() -> None:
    assert _dates("وسجلت الحرارة 15 صفر درجات.").dates == []


def test_dates_offsets_point_into_body_with_clitic_outside() -> None:
    doc = _dates("وصل الوفد وأمس الاثنين غادر.")
    (found,) = doc.dates
    assert found.text == "أمس الاثنين"
    assert doc.body[found.start:found.end] == "أمس الاثنين"


def test_dates_keep_given_publication() -> None:
    doc = resolve_dates(Doc(body="نص", published=TUESDAY, meta={"age_text": "منذ 3 ساعات"}))
    assert doc.published == TUESDAY
    assert doc.published_source == "given"


def test_dates_publication_from_age_line_and_fetch_time() -> None:
    fetched = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
    doc = resolve_dates(Doc(body="نص", fetched=fetched, meta={"age_text": "منذ 3 ساعات"}))
    assert doc.published == fetched - timedelta(hours=3)
    assert doc.published_source == "relative-line"
    assert doc.warnings == []


def test_dates_age_line_without_fetch_time_uses_now_and_warns() -> None:
    before = datetime.now(UTC)
    doc = resolve_dates(Doc(body="نص", meta={"age_text": "منذ يومين"}))
    assert doc.published is not None
    assert before - timedelta(days=2, minutes=1) <= doc.published <= datetime.now(UTC) - timedelta(days=2)
    assert [w.code for w in doc.warnings] == ["fetched-missing"]


def test_dates_publication_from_last_update_clock() -> None:
    fetched = datetime(2025, 3, 4, 9, 0)
    doc = resolve_dates(Doc(body="نص", fetched=fetched, meta={"updated_text": "آخر تحديث: 18:40"}))
    assert doc.published == datetime(2025, 3, 3, 18, 40)
    assert doc.published_source == "updated-line"


def test_dates_publication_from_dateline() -> None:
    doc = resolve_dates(Doc(body="نص", dateline=Dateline("الرياض 12 مارس 2025 / واس /", "الرياض", "واس", "2025-03-12")))
    assert doc.published == datetime(2025, 3, 12)
    assert doc.published_source == "dateline"


def test_dates_no_publication_information_leaves_none() -> None:
    doc = resolve_dates(Doc(body="وصل الوفد اليوم."))
    assert doc.published is None
    assert [(d.text, d.value) for d in doc.dates] == [("اليوم", None)]


def test_dates_relative_days_use_fetch_time_without_publication() -> None:
    doc = resolve_dates(Doc(body="وصل الوفد أمس.", fetched=datetime(2025, 3, 4, 9, 0)))
    assert [d.value for d in doc.dates] == ["2025-03-03"]


@pytest.mark.parametrize(
    ("text", "hours"),
    [("منذ 1 ساعة", 1), ("منذ ساعتين", 2), ("منذ 40 دقيقة", 40 / 60), ("قبل 5 دقائق", 5 / 60),
     ("منذ يوم", 24), ("منذ 3 أيام", 72), ("منذ ٤ ساعات", 4)],
)
def test_dates_parse_age(text: str, hours: float) -> None:
    assert parse_age(text) == timedelta(hours=hours)


def test_dates_parse_age_rejects_sentences() -> None:
    assert parse_age("منذ ساعتين والطائرات تحلق فوق المدينة") is None


def test_dates_day_month_rolls_back_a_year_when_after_publication() -> None:
    assert resolve_day_month(20, "مايو", None, TUESDAY.date()).isoformat() == "2024-05-20"  # type: ignore[union-attr]
    assert resolve_day_month(4, "مارس", None, TUESDAY.date()).isoformat() == "2025-03-04"  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("اليوم أمس الاثنين منذ 3 ساعات ١٥ مارس 2024/-رمضانهـ")) | st.characters(),
               max_size=200),
       st.one_of(st.none(), st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2090, 1, 1))))
def test_dates_never_raise(text: str, published: datetime | None) -> None:
    doc = resolve_dates(Doc(body=text, published=published, meta={"age_text": text[:20]}, fetched=published))
    for found in doc.dates:
        assert doc.body[found.start:found.end] == found.text


@pytest.mark.parametrize("text", ["عرفت المنطقة الزراعة منذ 9000 عام على الأقل.", "منذ 99999999999 سنة لم يحدث ذلك."])
def test_dates_ages_beyond_the_calendar_are_left_unresolved(text: str) -> None:
    doc = resolve_dates(Doc(body=text, published=datetime(2015, 7, 21, 10, 0)))
    assert [d.value for d in doc.dates if d.kind == "relative"] in ([None], [])
