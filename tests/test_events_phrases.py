"""Specifications of the event coder's second round: the wider lexicon and the phrase readers.

Built like ``test_events``: a hand-made body, its sentences from ``segment`` and
mentions tagged from a fixed table, so each rule is checked apart from the entity
stages. Every sentence here was written for these tests.
"""

from __future__ import annotations

import pytest
from test_events import (
    JOR,
    KNOWN,
    PUTIN,
    SAFADI,
    SISI,
    USA,
    _code,
    _doc,
    _triples,
)

import hadath
from hadath.doc import Actor, Mention
from hadath.kb.lexicon import default_lexicon, inflect
from hadath.kb.model import KnowledgeBase
from hadath.stages.events import EventCoder

KNOWN.setdefault("القاهرة", ("GPE", Actor("EGY:capital", "Cairo", "", "EGY", None, "EGY", kind="place")))


def _found(body: str, *forms: str) -> list[tuple[str | None, str, str | None]]:
    return [(s, c[:2], t) for s, c, t in _triples(_code(body, *forms))]


# -- a second sentence per root, with the rows added in this round ---------------------

@pytest.mark.parametrize(("body", "forms", "expected"), [
    ("أعلن الأردن الحداد الرسمي ثلاثة أيام.", ("الأردن",), ("JOR", "01", None)),
    ("حث الأردن إسرائيل على وقف إطلاق النار فورا.", ("الأردن", "إسرائيل"), ("JOR", "02", "ISR")),
    ("أبدت روسيا استعدادها لتقديم المساعدة إلى سوريا.", ("روسيا", "سوريا"), ("RUS", "03", "SYR")),
    ("أجرى السيسي اتصالات مع بوتين بشأن الأزمة.", ("السيسي", "بوتين"), ("EGY", "04", "RUS")),
    ("أعلن بوتين دعمه لمصر في مواجهة الأزمة.", ("بوتين", "مصر"), ("RUS", "05", "EGY")),
    ("أطلقت مصر مشروعا مشتركا مع الأردن لإنتاج الطاقة.", ("مصر", "الأردن"), ("EGY", "06", "JOR")),
    ("أرسلت مصر قافلة مساعدات إلى لبنان.", ("مصر", "لبنان"), ("EGY", "07", "LBN")),
    ("خففت الولايات المتحدة العقوبات على سوريا.", ("الولايات المتحدة", "سوريا"), ("USA", "08", "SYR")),
    ("شكلت الشرطة الأردنية لجنة تحقيق في الحادث.", ("الشرطة الأردنية",), ("JOR", "09", "JOR")),
    ("طالبت مصر إسرائيل بإطلاق سراح الأسرى.", ("مصر", "إسرائيل"), ("EGY", "10", "ISR")),
    ("وجه الأردن انتقادات حادة إلى إسرائيل.", ("الأردن", "إسرائيل"), ("JOR", "11", "ISR")),
    ("رفضت إيران التفاوض مع الولايات المتحدة.", ("إيران", "الولايات المتحدة"), ("IRN", "12", "USA")),
    ("هددت إسرائيل بشن هجوم على لبنان.", ("إسرائيل", "لبنان"), ("ISR", "13", "LBN")),
    ("نزل آلاف الأردنيين إلى الشوارع ضد السفارة الإسرائيلية.", ("الأردنيين", "السفارة الإسرائيلية"),
     ("JOR", "14", "ISR")),
    ("أعلنت إيران حالة التأهب القصوى.", ("إيران",), ("IRN", "15", None)),
    ("علقت الولايات المتحدة مساعداتها لمصر.", ("الولايات المتحدة", "مصر"), ("USA", "16", "EGY")),
    ("أحالت الشرطة الأردنية ثلاثة موقوفين إلى النيابة.", ("الشرطة الأردنية",), ("JOR", "17", "JOR")),
    ("نجا الرئيس المصري من محاولة اغتيال.", ("الرئيس المصري",), (None, "18", "EGY")),
    ("بسطت القوات الإسرائيلية سيطرتها على بلدات في لبنان.", ("القوات الإسرائيلية", "لبنان"),
     ("ISR", "19", "LBN")),
    ("ارتكبت القوات الإسرائيلية إبادة جماعية في غزة.", ("القوات الإسرائيلية", "غزة"), ("ISR", "20", "PSE")),
])
def test_events_new_rows_code_each_root(body: str, forms: tuple[str, ...],
                                        expected: tuple[str | None, str, str | None]) -> None:
    assert expected in _found(body, *forms)


def test_events_lexicon_has_eight_hundred_rows_over_common_codes() -> None:
    lex = default_lexicon()
    coded = [t for t in lex.triggers if t.coded]
    assert len(lex.triggers) >= 800
    codes = {t.cameo[:3] for t in coded}
    for code in ("010", "012", "018", "020", "025", "026", "036", "040", "041", "042", "043", "045", "046",
                 "051", "057", "061", "062", "064", "071", "073", "084", "085", "087", "090", "100", "105",
                 "111", "112", "114", "120", "125", "130", "138", "141", "143", "150", "161", "163", "166",
                 "173", "175", "183", "186", "190", "192", "195", "202"):
        assert code in codes, code


def test_events_lexicon_possessive_forms_match_every_person() -> None:
    assert "لقايه" in inflect("لقاء", "noun")  # لقائه: the hamza sits on a ya
    assert "استعدادها" in inflect("استعداده", "noun")


# -- phrase readers ----------------------------------------------------------------------

def test_events_passive_takes_its_by_phrase_as_source() -> None:
    events = _code("تم اعتقال ثلاثة صحفيين من قبل الشرطة الأردنية.", "الشرطة الأردنية")
    assert [(e.source.id if e.source else None, e.cameo) for e in events] == [("JOR:police", "173")]


def test_events_passive_without_agent_has_no_source() -> None:
    assert _triples(_code("تم اعتقال ثلاثة صحفيين في مصر.", "مصر")) == [(None, "173", "EGY")]


def test_events_mediator_meets_each_party() -> None:
    found = _triples(_code("توصلت مصر وإسرائيل إلى اتفاق بوساطة من الولايات المتحدة.",
                           "مصر", "إسرائيل", "الولايات المتحدة"))
    assert ("EGY", "057", "ISR") in found
    assert ("USA", "045", "EGY") in found and ("USA", "045", "ISR") in found


def test_events_funder_provides_aid_where_it_is_spent() -> None:
    found = _triples(_code("وزعت مصر مساعدات على النازحين في لبنان بتمويل من الولايات المتحدة.",
                           "مصر", "لبنان", "الولايات المتحدة"))
    assert ("EGY", "073", "LBN") in found and ("USA", "070", "LBN") in found


def test_events_coordinated_targets_get_one_event_each() -> None:
    found = _triples(_code("أشاد الأردن بجهود كل من مصر وروسيا.", "الأردن", "مصر", "روسيا"))
    assert sorted(found) == [("JOR", "051", "EGY"), ("JOR", "051", "RUS")]


def test_events_pluperfect_subject_sits_before_qad() -> None:
    found = _triples(_code("وكانت الشرطة الأردنية، في وقت سابق، قد اعتقلت خمسة أشخاص في عمان.",
                           "الشرطة الأردنية", "عمان"))
    assert found == [("JOR", "173", "JOR")]


def test_events_statement_stands_for_its_speaker() -> None:
    found = _triples(_code("دان الأردن الغارة على لبنان. وحمّل البيان إسرائيل مسؤولية التصعيد.",
                           "الأردن", "لبنان", "إسرائيل"))
    assert ("JOR", "112", "ISR") in found
    assert all(s != "ISR" for s, _, _ in found)


def test_events_host_after_kan_fi_istiqbalihi_receives_the_last_subject() -> None:
    events = _code("وصل بوتين إلى عمان. وكان في استقباله وزير الخارجية الأردني أيمن الصفدي.",
                   "بوتين", "عمان", "وزير الخارجية الأردني", "أيمن الصفدي")
    hosted = [e for e in events if e.cameo == "043"]
    assert [(e.source, e.target) for e in hosted] == [(SAFADI, PUTIN)]


def test_events_condemned_attack_targets_its_attacker() -> None:
    found = _triples(_code("شنت إسرائيل غارات على لبنان. ودان الأردن الهجمات.", "إسرائيل", "لبنان", "الأردن"))
    assert ("JOR", "111", "ISR") in found and ("JOR", "111", "LBN") not in found


def test_events_unnamed_object_placed_in_a_country() -> None:
    assert ("JOR", "026", "SYR") in _triples(_code("دعا الأردن طرفي النزاع في سوريا إلى الحوار.", "الأردن", "سوريا"))


def test_events_light_verb_names_the_visitor() -> None:
    found = _triples(_code("وجاء ذلك خلال الزيارة التي يقوم بها بوتين لمصر.", "بوتين", "مصر"))
    assert found == [("RUS", "042", "EGY")]


def test_events_gap_reaches_a_form_word_starting_with_waw() -> None:
    # "، وثيقة": the و of وثيقة is part of the word, not a new clause.
    found = _triples(_code("وقع السيسي، اليوم، وثيقة الشراكة مع بوتين.", "السيسي", "بوتين"))
    assert found == [("EGY", "057", "RUS")]


def test_events_possessive_meeting_belongs_to_the_visitor() -> None:
    events = _code("وصل الصفدي إلى القاهرة. وسلم الصفدي رسالة خطية خلال لقائه الرئيس المصري عبد الفتاح السيسي.",
                   "الصفدي", "القاهرة", "الصفدي", "الرئيس المصري", "عبد الفتاح السيسي")
    assert ("JOR", "042", "EGY") in _triples(events)
    assert any(e.source == SAFADI and e.target == SISI and e.root == "04" for e in events)


def test_events_title_named_in_apposition_keeps_its_person() -> None:
    body = "التقى عبد الفتاح السيسي رئيس الجمهورية بوتين. وأشاد رئيس الجمهورية بالعلاقات مع روسيا."
    doc = _doc(body, "عبد الفتاح السيسي", "بوتين", "روسيا")
    for start in (body.index("رئيس الجمهورية"), body.rindex("رئيس الجمهورية")):
        sentence = doc.sentence_at(start)
        doc.mentions.append(Mention("رئيس الجمهورية", start, start + len("رئيس الجمهورية"), "TITLE", None,
                                    sentence=sentence.index if sentence else -1))
    doc.mentions.sort(key=lambda m: (m.start, -m.end))
    events = EventCoder(KnowledgeBase(countries={}))(doc).events
    assert any(e.source == SISI and e.cameo == "051" for e in events)


def test_events_same_country_second_target_adds_nothing() -> None:
    found = _triples(_code("شكر الأردن الولايات المتحدة وواشنطن على الدعم.", "الأردن", "الولايات المتحدة", "واشنطن"))
    assert found.count(("JOR", "051", "USA")) == 1


def test_events_manner_phrase_needs_a_coded_act() -> None:
    # "بالتعاون مع" goes with what was done, never with what was said.
    said = _triples(_code("قال الأردن إنه يواصل جهوده بالتعاون مع مصر.", "الأردن", "مصر"))
    assert all(c[:2] != "06" for _, c, _ in said)
    done = _triples(_code("نفذت مصر عملية الإسقاط الجوي فوق غزة بالتعاون مع الأردن.", "مصر", "غزة", "الأردن"))
    assert ("EGY", "060", "JOR") in done


def test_events_road_blocking_is_part_of_the_protest() -> None:
    from hadath.doc import Event
    from hadath.stages.events_merge import merge_events

    def event(code: str) -> Event:
        return Event(source=JOR, target=USA, cameo=code, root=code[:2], plover="PROTEST", quad_class=4,
                     goldstein=-6.5, sentence=0, trigger="", evidence="")

    assert [e.cameo for e in merge_events([event("141"), event("144")])] == ["141"]


def test_events_future_and_negated_new_rows_are_not_facts() -> None:
    assert _triples(_code("سترسل مصر قافلة مساعدات إلى لبنان.", "مصر", "لبنان")) == []
    assert _triples(_code("لم تعلق الولايات المتحدة مساعداتها لمصر.", "الولايات المتحدة", "مصر")) == []
    events = _code("لم يطالب الأردن إسرائيل بالانسحاب.", "الأردن", "إسرائيل")
    assert events and all(e.negated for e in events)


def test_events_untargeted_repeat_of_a_country_is_dropped() -> None:
    found = _triples(_code("شنت إسرائيل غارات على لبنان. وقال الجيش الإسرائيلي إنه شن غارات.",
                           "إسرائيل", "لبنان", "الإسرائيلي"))
    assert found == [("ISR", "195", "LBN")]



def test_events_verb_form_after_a_time_word_is_background() -> None:
    # "عقب توصل": the verb's letters, read as a verbal noun in a time phrase.
    assert _triples(_code("ارتفعت الأسعار عقب توصل مصر إلى اتفاق مع روسيا.", "مصر", "روسيا")) == []


def test_events_source_without_a_country_is_left_out() -> None:
    stranger = Actor("new:x", "Someone", "", None, None, None, kind="person")
    KNOWN.setdefault("فلان الفلاني", ("PER", stranger))
    assert _triples(_code("زار فلان الفلاني مصر أمس.", "فلان الفلاني", "مصر")) == []


def test_events_later_member_of_another_list_is_not_the_object() -> None:
    found = _triples(_code("زار الصفدي برفقة خبراء من الولايات المتحدة، وروسيا، متحف عمان الوطني.",
                           "الصفدي", "الولايات المتحدة", "روسيا"))
    assert found == []


def test_events_own_envoy_with_pronoun_is_a_recall() -> None:
    found = _triples(_code("استدعت مصر سفيرها لدى إسرائيل للتشاور.", "مصر", "إسرائيل"))
    assert found == [("EGY", "161", "ISR")]


def test_events_place_after_a_place_noun_is_not_an_object() -> None:
    # "في محافظة X": X is where, not whom; a visit needs a host.
    found = _triples(_code("وصل الصفدي إلى مصر. وزار الصفدي مستشفى في محافظة عمان.", "الصفدي", "مصر", "الصفدي", "عمان"))
    assert ("JOR", "042", "JOR") not in found and ("JOR", "042", "EGY") in found


def test_events_subject_never_lies_past_a_new_clause() -> None:
    found = _triples(_code("أغلق المطار بسبب بركان يهدد سلامة الملاحة، كما ذكرت الشرطة الأردنية.",
                           "الشرطة الأردنية"))
    assert found == []


def test_events_subject_pair_before_a_symmetric_verb() -> None:
    assert ("RUS", "057", "EGY") in _triples(_code("مصر وروسيا توقعان اتفاقا للتعاون النووي.", "مصر", "روسيا")) \
        or ("EGY", "057", "RUS") in _triples(_code("مصر وروسيا توقعان اتفاقا للتعاون النووي.", "مصر", "روسيا"))


def test_events_no_trigger_starts_inside_a_name() -> None:
    # "تعز" is a city here, not "تعزّي" (to console).
    taiz = Actor("l:taiz", "Taiz", "", "YEM", None, "YEM", kind="place")
    KNOWN.setdefault("تعز", ("GPE", taiz))
    assert _triples(_code("وصلت المساعدات إلى عدن وتعز أمس.", "تعز")) == []


def test_events_verb_letters_after_a_preposition_are_a_noun() -> None:
    found = _triples(_code("أشاد الأردن بالقوات التي تمكنت من طرد المسلحين من سوريا.", "الأردن", "سوريا"))
    assert all(c[:2] != "16" for _, c, _ in found)


def test_events_purpose_noun_is_not_an_act() -> None:
    assert _triples(_code("بادرت مصر لتوقيع اتفاقية مع روسيا.", "مصر", "روسيا")) == []


def test_events_wanting_to_act_is_intent() -> None:
    assert _triples(_code("قال الأردن إن روسيا تريد أن تفرج عن الأموال.", "الأردن", "روسيا")) == []


def test_events_a_province_does_not_act() -> None:
    province = Actor("l:riyadh-province", "Riyadh Province", "", "SAU", None, "SAU", kind="place")
    KNOWN.setdefault("منطقة الرياض", ("GPE", province))
    assert _triples(_code("وقدم مدير منطقة الرياض شكره لمصر.", "منطقة الرياض", "مصر")) == []


def test_events_person_after_a_place_in_a_title_is_the_subject() -> None:
    # "وزير خارجية مصر عبد الفتاح السيسي": the place completes the title, the person acts.
    events = _code("استقبل وزير خارجية مصر عبد الفتاح السيسي الرئيس الروسي.", "مصر", "عبد الفتاح السيسي",
                   "الرئيس الروسي")
    assert [(e.source, e.cameo, e.target) for e in events] == [(SISI, "043", PUTIN)]


def test_events_verb_letters_with_an_agent_after_la_are_a_noun() -> None:
    # "وقصف لطائرات …": shelling by the aircraft, not the last subject shelling.
    found = _triples(_code("قالت مصر إن ثلاثة أصيبوا في سوريا وقصف لطائرات روسيا.", "مصر", "سوريا", "روسيا"))
    assert all(c[:2] != "19" for _, c, _ in found)


def test_events_dual_subject_takes_the_pair_that_fits_the_noun() -> None:
    """"الوزيران" are the two ministers of the visit, not the leaders of an earlier call."""
    text = ("استقبل وزير الخارجية الأردني أيمن الصفدي اليوم وزير الخارجية العراقي فؤاد حسين في عمان.\n"
            "وكان العاهل الأردني الملك عبد الله الثاني قد تلقى أمس اتصالا هاتفيا من رئيس الوزراء العراقي محمد شياع السوداني.\n"
            "ودان الوزيران استمرار الغارات على المدنيين.")
    doc = hadath.analyze(text, published="2025-03-09")
    condemn = [e for e in doc.events if e.root == "11"]
    assert condemn, [(e.cameo, e.trigger) for e in doc.events]
    assert {(e.source.name_en if e.source else None) for e in condemn} <= {"Ayman Safadi", "Fuad Hussein"}
