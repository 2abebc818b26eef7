"""read: decoding bytes, refusing binary and empty input, HTML text, title and dates."""

from __future__ import annotations

import codecs
import random
from datetime import datetime

import pytest

from hadath.doc import Doc
from hadath.errors import BinaryInputError, EmptyInputError
from hadath.read import MAX_TEXT_CHARS, read

ARTICLE = (
    "وزير الخارجية يبحث مع نظيره التونسي تعزيز التعاون\n"
    "بحث وزير الخارجية اليوم الأحد مع نظيره التونسي سبل تعزيز التعاون الثنائي بين البلدين.\n"
)


def _read(raw: str | bytes, name: str = "article.txt") -> Doc:
    return read(Doc(raw=raw, name=name))


def _codes(doc: Doc) -> list[str]:
    return [w.code for w in doc.warnings]


@pytest.mark.parametrize(
    "raw",
    [
        ARTICLE.encode("utf-8"),
        codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
        ARTICLE,
        "\ufeff" + ARTICLE,
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "str", "str-bom"],
)
def test_read_decodes_unicode_encodings(raw: str | bytes) -> None:
    doc = _read(raw)
    assert doc.input_format == "text"
    assert doc.text == ARTICLE
    assert doc.warnings == []


def test_read_utf16_without_bom_is_detected_with_a_warning() -> None:
    doc = _read(ARTICLE.encode("utf-16-le"))
    assert doc.text == ARTICLE
    assert "encoding-guessed" in _codes(doc)


def test_read_cp1256_bytes_are_decoded_with_a_warning() -> None:
    doc = _read(ARTICLE.encode("cp1256"), name="archive/1999/item.txt")
    assert doc.text == ARTICLE
    assert "encoding-guessed" in _codes(doc)
    assert any("windows-1256" in w.message for w in doc.warnings)


def test_read_html_meta_charset_is_respected() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        "<title>مباحثات مصرية أردنية</title></head><body><article>"
        "<p>بحث وزير الخارجية المصري مع نظيره الأردني في عمان تطورات الأوضاع في المنطقة وسبل خفض التصعيد.</p>"
        "<p>وأكد الجانبان أهمية مواصلة التنسيق والتشاور بين البلدين في مختلف القضايا الإقليمية والدولية.</p>"
        "</article></body></html>"
    )
    doc = _read(html.encode("cp1256"), name="page.html")
    assert doc.input_format == "html"
    assert "وزير الخارجية المصري" in doc.text
    assert "encoding-guessed" not in _codes(doc)


def test_read_utf8_page_that_declares_windows_1256_is_read_as_utf8() -> None:
    html = ('<html><head><meta charset="windows-1256"><title>خبر</title></head><body>'
            "<p>أعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في المحافظات الجنوبية لخدمة السكان.</p>"
            "</body></html>")
    doc = _read(html.encode("utf-8"), name="page.html")
    assert "وزارة الصحة" in doc.text
    assert "encoding-mismatch" in _codes(doc)


def test_read_line_endings_and_nfc() -> None:
    # alef + combining hamza above composes to أ under NFC
    doc = _read("سطر أول\r\nسطر ثان\rوا\u0654خير")
    assert doc.text == "سطر أول\nسطر ثان\nوأخير"


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"%PDF-1.7\n" + bytes(range(200)),
        b"PK\x03\x04" + b"\x00" * 40,
        bytes(random.Random(7).randrange(256) for _ in range(4000)) + b"\x00\x00",
    ],
    ids=["png", "pdf", "zip", "random-with-nuls"],
)
def test_read_binary_input_raises_naming_the_input(raw: bytes) -> None:
    with pytest.raises(BinaryInputError) as info:
        _read(raw, name="uploads/photo.bin")
    assert "uploads/photo.bin" in str(info.value)


def test_read_control_characters_in_bytes_are_binary() -> None:
    with pytest.raises(BinaryInputError, match="junk"):
        _read(b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50, name="junk")


def test_read_control_characters_in_a_str_are_dropped_not_fatal() -> None:
    with pytest.raises(EmptyInputError, match="junk"):
        _read("\x01\x02\x03\x04\x05\x06\x07\x08" * 50, name="junk")
    doc = _read("زار\x07 الوزير القاهرة", name="bell")
    assert doc.text == "زار الوزير القاهرة"
    assert [w.code for w in doc.warnings] == ["control-characters"]


@pytest.mark.parametrize("raw", [b"", "", "   \n\t\n ", b"  \r\n  ", codecs.BOM_UTF8])
def test_read_empty_input_raises_naming_the_input(raw: str | bytes) -> None:
    with pytest.raises(EmptyInputError) as info:
        _read(raw, name="empty.txt")
    assert "empty.txt" in str(info.value)


def test_read_huge_input_is_truncated_with_a_warning() -> None:
    line = "أعلنت الحكومة اليوم عن حزمة إجراءات اقتصادية جديدة لدعم الأسر.\n"
    doc = _read(line * (MAX_TEXT_CHARS // len(line) + 100))
    assert len(doc.text) <= MAX_TEXT_CHARS
    assert "input-truncated" in _codes(doc)


HTML_HEAD = '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
HTML_BODY = (
    "<body><nav><a href='/'>الرئيسية</a></nav><article><h1>{title}</h1>"
    "<p>استقبل رئيس مجلس الوزراء اليوم وفداً من رجال الأعمال الكويتيين لبحث فرص الاستثمار في قطاعات الطاقة "
    "والبنية التحتية والسياحة، وأكد حرص الحكومة على تذليل العقبات أمام المستثمرين العرب.</p>"
    "<p>وقال رئيس الوفد إن الشركات الكويتية تتطلع إلى توسيع أعمالها خلال العام المقبل، مشيداً بالإصلاحات "
    "التشريعية الأخيرة التي حسّنت مناخ الاستثمار.</p>{extra}</article>"
    "<footer>جميع الحقوق محفوظة 2019</footer></body></html>"
)
TITLE = "رئيس الوزراء يستقبل وفداً من رجال الأعمال الكويتيين"


def _page(meta: str = "", extra: str = "") -> str:
    return HTML_HEAD.format(title=TITLE, meta=meta) + HTML_BODY.format(title=TITLE, extra=extra)


def test_read_html_gives_title_and_article_text() -> None:
    doc = _read(_page(), name="page.html")
    assert doc.input_format == "html"
    assert doc.title == TITLE
    assert "رجال الأعمال الكويتيين لبحث فرص الاستثمار" in doc.text
    assert "جميع الحقوق محفوظة" not in doc.text
    assert "<p>" not in doc.text


def test_read_html_published_from_article_meta() -> None:
    meta = '<meta property="article:published_time" content="2024-11-05T09:30:00+03:00">'
    doc = _read(_page(meta=meta))
    assert doc.published is not None
    assert doc.published.isoformat() == "2024-11-05T09:30:00+03:00"
    assert doc.published_source == "meta"


def test_read_html_published_from_json_ld() -> None:
    meta = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
            '[{"@type": "NewsArticle", "headline": "x", "datePublished": "2025-02-17T14:05:00Z"}]}</script>')
    doc = _read(_page(meta=meta))
    assert doc.published == datetime.fromisoformat("2025-02-17T14:05:00+00:00")
    assert doc.published_source == "meta"


def test_read_html_published_from_time_tag() -> None:
    doc = _read(_page(extra='<p><time datetime="2023-06-01">١ يونيو ٢٠٢٣</time></p>'))
    assert doc.published == datetime(2023, 6, 1)


def test_read_html_without_date_tags_leaves_published_unset() -> None:
    # The copyright year and a date in the text tempt date guessers; neither is a publication date.
    doc = _read(_page(extra="<p>وكانت المفاوضات قد بدأت في 2019 واستمرت عدة أشهر قبل التوصل إلى اتفاق.</p>"))
    assert doc.published is None
    assert doc.published_source is None


def test_read_html_keeps_a_given_publication_time() -> None:
    meta = '<meta property="article:published_time" content="2024-11-05T09:30:00+03:00">'
    given = datetime(2024, 11, 6, 8, 0)
    doc = read(Doc(raw=_page(meta=meta), published=given, published_source="given"))
    assert doc.published == given
    assert doc.published_source == "given"
