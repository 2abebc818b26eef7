"""hadath.dedup: shingles over normalised words, signatures, and the LSH duplicate index."""

from __future__ import annotations

from hadath.dedup import NUM_PERM, DuplicateIndex, shingle, sign, signature_from_bytes

_WIRE = ("أعلنت وزارة الخارجية المصرية اليوم أن الوزير سيتوجه إلى موسكو الأسبوع المقبل "
         "لبحث العلاقات الثنائية والتعاون في مجال الطاقة مع نظيره الروسي")
# The same wire story as another outlet printed it: hamza dropped, tashkeel added, a tail added.
_REEDITED = ("اعلنت وزارة الخارجية المصرية اليوم ان الوزير سيتوجه الى موسكو الاسبوع المقبل "
             "لبحث العلاقاتِ الثنائيةِ والتعاون في مجال الطاقة مع نظيره الروسي وملفات اقليمية")
_OTHER = ("قال مسؤول في الأمم المتحدة إن قافلة مساعدات إنسانية وصلت إلى قطاع غزة صباح "
          "اليوم بعد تأخير استمر ثلاثة أيام عند المعبر")


def test_dedup_shingles_ignore_spelling_variants() -> None:
    assert shingle("أعلنت الوزارةُ اليوم") == shingle("اعلنت الوزاره اليوم")
    assert shingle("خبر عاجل", size=3) == {"خبر عاجل"}
    assert shingle("  ") == set()


def test_dedup_signature_round_trips_through_bytes() -> None:
    data = sign(_WIRE)
    assert len(data) == 4 * NUM_PERM
    assert signature_from_bytes(data).jaccard(signature_from_bytes(sign(_WIRE))) == 1.0


def test_dedup_index_finds_reedited_copy_not_other_story() -> None:
    index = DuplicateIndex()
    index.add(1, sign(_WIRE))
    index.add(2, sign(_OTHER))
    assert index.find(sign(_REEDITED)) == [1]
    assert index.find(sign("انطلقت اليوم في الرياض فعاليات معرض الكتاب الدولي بمشاركة واسعة")) == []


def test_dedup_index_orders_matches_by_similarity() -> None:
    index = DuplicateIndex(threshold=0.3)
    index.add(5, sign(_REEDITED))
    index.add(7, sign(_WIRE))
    assert index.find(sign(_WIRE)) == [7, 5]
    assert len(index) == 2


def test_dedup_empty_signature_never_matches() -> None:
    index = DuplicateIndex()
    index.add(1, b"")
    assert len(index) == 0
    assert index.find(b"") == []
