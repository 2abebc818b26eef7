"""Specifications of the event coder, its CAMEO table and its trigger lexicon.

Most tests build a Doc by hand — a body, its sentences from ``segment`` and mentions
with actors made here — so the coder is specified apart from the entity stages. A few
run the real pipeline end to end.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from hadath.doc import Actor, Block, DateMention, Doc, Event, Mention
from hadath.kb.lexicon import check_lexicon, default_lexicon, inflect, load_lexicon
from hadath.kb.model import KnowledgeBase
from hadath.stages.events import EventCoder
from hadath.stages.events_match import find_triggers
from hadath.stages.segment import segment, tokenize


def _country(iso3: str, name: str) -> Actor:
    return Actor(iso3, name, "", iso3, None, iso3, kind="country")


EGY = _country("EGY", "Egypt")
RUS = _country("RUS", "Russia")
JOR = _country("JOR", "Jordan")
USA = _country("USA", "United States")
ISR = _country("ISR", "Israel")
IRN = _country("IRN", "Iran")
SYR = _country("SYR", "Syria")
LBN = _country("LBN", "Lebanon")
PSE = _country("PSE", "Palestine")
SISI = Actor("p:sisi", "Abdel Fattah el-Sisi", "", "EGY", "GOV", "EGYGOV", kind="person")
PUTIN = Actor("p:putin", "Vladimir Putin", "", "RUS", "GOV", "RUSGOV", kind="person")
SAFADI = Actor("p:safadi", "Ayman Safadi", "", "JOR", "GOV", "JORGOV", kind="person")
JOR_POLICE = Actor("JOR:police", "Jordanian police", "", "JOR", "COP", "JORCOP", kind="org")
ISR_ARMY = Actor("ISR:army", "Israeli army", "", "ISR", "MIL", "ISRMIL", kind="org")
ISR_EMBASSY = Actor("ISR:embassy", "Embassy of Israel", "", "ISR", "GOV", "ISRGOV", kind="org")
WASHINGTON = Actor("USA:capital", "Washington, D.C.", "", "USA", None, "USA", kind="place")
AMMAN = Actor("JOR:capital", "Amman", "", "JOR", None, "JOR", kind="place")
BEIRUT = Actor("LBN:capital", "Beirut", "", "LBN", None, "LBN", kind="place")
GAZA = Actor("l:gaza", "Gaza", "", "PSE", None, "PSE", kind="place")

# surface form -> (type, actor); the first occurrence of each form after the previous
# one is tagged, in the order the forms are listed for a sentence.
KNOWN: dict[str, tuple[str, Actor]] = {
    "مصر": ("GPE", EGY), "روسيا": ("GPE", RUS), "الأردن": ("GPE", JOR), "إسرائيل": ("GPE", ISR),
    "الولايات المتحدة": ("GPE", USA), "إيران": ("GPE", IRN), "سوريا": ("GPE", SYR), "لبنان": ("GPE", LBN),
    "السيسي": ("PER", SISI), "الرئيس المصري": ("TITLE", SISI), "عبد الفتاح السيسي": ("PER", SISI),
    "بوتين": ("PER", PUTIN), "الرئيس الروسي": ("TITLE", PUTIN), "فلاديمير بوتين": ("PER", PUTIN),
    "الصفدي": ("PER", SAFADI), "أيمن الصفدي": ("PER", SAFADI), "وزير الخارجية الأردني": ("TITLE", SAFADI),
    "الشرطة الأردنية": ("ORG", JOR_POLICE), "القوات الإسرائيلية": ("ORG", ISR_ARMY),
    "السفارة الإسرائيلية": ("ORG", ISR_EMBASSY), "واشنطن": ("GPE", WASHINGTON), "عمان": ("GPE", AMMAN),
    "بيروت": ("GPE", BEIRUT), "غزة": ("LOC", GAZA),
    "المصري": ("NORP", EGY), "الروسي": ("NORP", RUS), "الأمريكي": ("NORP", USA),
    "الإسرائيلي": ("NORP", ISR), "الأردنيين": ("NORP", JOR), "الفلسطيني": ("NORP", PSE),
    "أمريكيين": ("NORP", USA),
    "وزارة الخارجية الروسية": ("ORG", Actor("RUS:mfa", "Russian MFA", "", "RUS", "GOV", "RUSGOV", kind="org")),
    "السفير الإسرائيلي": ("TITLE", Actor("ISR:ambassador", "Israeli ambassador", "", "ISR", "GOV", "ISRGOV", kind="person")),
    "السفير الأردني": ("TITLE", Actor("JOR:ambassador", "Jordanian ambassador", "", "JOR", "GOV", "JORGOV", kind="person")),
}


def _kb() -> KnowledgeBase:
    from hadath.kb.model import Country

    kb = KnowledgeBase(countries={
        a.id: Country(a.id, a.id, a.name_en, "") for a in (EGY, RUS, JOR, USA, ISR, IRN, SYR, LBN, PSE)
    })
    kb.__post_init__()
    return kb


CODER = EventCoder(_kb())


def _doc(body: str, *forms: str, published: datetime = datetime(2025, 3, 4),
         blocks: list[Block] | None = None) -> Doc:
    """A segmented Doc with the listed surface forms tagged as mentions, in order."""
    doc = segment(Doc(body=body, published=published, blocks=blocks or []))
    cursor = 0
    for form in forms:
        start = body.index(form, cursor)
        mtype, actor = KNOWN[form]
        sentence = doc.sentence_at(start)
        doc.mentions.append(Mention(form, start, start + len(form), mtype, actor,
                                    sentence=sentence.index if sentence else -1))
        cursor = start + 1
    doc.mentions.sort(key=lambda m: (m.start, -m.end))
    return doc


def _code(body: str, *forms: str, **kw: object) -> list[Event]:
    return CODER(_doc(body, *forms, **kw)).events  # type: ignore[arg-type]


def _triples(events: list[Event]) -> list[tuple[str | None, str, str | None]]:
    return [(e.source.country if e.source else None, e.cameo,
             e.target.country if e.target else None) for e in events if not e.negated]


# -- the data files ------------------------------------------------------------------

def test_lexicon_files_are_clean() -> None:
    lex = load_lexicon()
    assert check_lexicon(lex) == []
    assert len([t for t in lex.triggers if t.coded]) >= 300


def test_lexicon_cameo_table_has_every_root_with_quad_class_and_goldstein() -> None:
    lex = default_lexicon()
    for root in range(1, 21):
        row = lex.cameo[f"{root:02d}"]
        assert row.quad_class == (1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4)
    assert lex.cameo["057"].goldstein == 8.0 and lex.cameo["057"].plover == "SUPPORT"
    assert lex.cameo["195"].goldstein == -10.0 and lex.cameo["195"].plover == "ASSAULT"
    assert lex.cameo["0871"].plover_mode == "ceasefire"
    assert lex.code("0431").code == "043"  # unknown 4-digit codes fall back to their parent


def test_lexicon_triggers_cover_every_root() -> None:
    roots = {t.cameo[:2] for t in default_lexicon().triggers if t.coded}
    assert roots == {f"{r:02d}" for r in range(1, 21)}


def test_lexicon_check_reports_bad_rows() -> None:
    lex = load_lexicon()
    from dataclasses import replace

    lex.triggers.append(replace(lex.triggers[-1], cameo="999", kind="verb", source="x.tsv:1"))
    problems = check_lexicon(lex)
    assert any("unknown kind" in p for p in problems) and any("999" in p for p in problems)


@pytest.mark.parametrize(("word", "kind", "form"), [
    ("استقبل", "verb_past", "استقبلت"), ("استقبل", "verb_past", "استقبلوا"),
    ("التقي", "verb_past", "التقت"), ("يلتقي", "verb_present", "تلتقي"),
    ("يلتقي", "verb_present", "يلتق"), ("زياره", "noun", "زيارته"), ("اتصال", "noun", "اتصالا"),
])
def test_lexicon_inflect_covers_regular_forms(word: str, kind: str, form: str) -> None:
    assert form in inflect(word, kind)


@pytest.mark.parametrize(("text", "cameo"), [
    ("واستقبل الرئيس ضيفه", "043"),
    ("فاستقبلت الوزيرة ضيفها", "043"),
    ("أعربت الوزيرة عن تقديرها للجهود", "051"),
    ("ألقت الشرطة القبض على رجلين", "173"),
    ("وتلقى الأمير اتصالا هاتفيا من الرئيس", "041"),
])
def test_events_match_triggers_with_clitics_and_gaps(text: str, cameo: str) -> None:
    assert [m.trigger.cameo for m in find_triggers(tokenize(text), default_lexicon())] == [cameo]


def test_events_match_ta_marbuta_word_is_not_a_verb() -> None:
    # "وزارة" must not read as و + "زاره" (visited him).
    assert find_triggers(tokenize("قالت وزارة الخارجية"), default_lexicon())[0].trigger.cameo == ""
    assert all(m.trigger.cameo != "042" for m in find_triggers(tokenize("وزارة الخارجية"), default_lexicon()))


# -- one test per CAMEO root ---------------------------------------------------------

@pytest.mark.parametrize(("body", "forms", "expected"), [
    ("نفت مصر التقارير عن إغلاق المعبر.", ("مصر",), ("EGY", "01", None)),
    ("دعا الأردن روسيا إلى ضبط النفس.", ("الأردن", "روسيا"), ("JOR", "02", "RUS")),
    ("أبدى الأردن استعداده للتعاون مع مصر.", ("الأردن", "مصر"), ("JOR", "03", "EGY")),
    ("استقبل الرئيس المصري عبد الفتاح السيسي، اليوم، الرئيس الروسي فلاديمير بوتين.",
     ("الرئيس المصري", "عبد الفتاح السيسي", "الرئيس الروسي", "فلاديمير بوتين"), ("EGY", "04", "RUS")),
    ("أشاد بوتين بالدور المصري في المنطقة.", ("بوتين", "المصري"), ("RUS", "05", "EGY")),
    ("أجرت مصر والأردن مناورات عسكرية مشتركة.", ("مصر", "الأردن"), ("EGY", "06", "JOR")),
    ("قدمت الولايات المتحدة مساعدات إنسانية إلى الأردن.", ("الولايات المتحدة", "الأردن"), ("USA", "07", "JOR")),
    ("أفرجت روسيا عن ثلاثة مواطنين أمريكيين.", ("روسيا", "أمريكيين"), ("RUS", "08", "USA")),
    ("فتحت الشرطة الأردنية تحقيقا في الحادث.", ("الشرطة الأردنية",), ("JOR", "09", "JOR")),
    ("طالبت مصر إسرائيل بالانسحاب الفوري.", ("مصر", "إسرائيل"), ("EGY", "10", "ISR")),
    ("دان الأردن القصف الإسرائيلي.", ("الأردن", "الإسرائيلي"), ("JOR", "11", "ISR")),
    ("رفضت روسيا المقترح الأمريكي.", ("روسيا", "الأمريكي"), ("RUS", "12", "USA")),
    ("هددت الولايات المتحدة إيران بالرد.", ("الولايات المتحدة", "إيران"), ("USA", "13", "IRN")),
    ("تظاهر آلاف الأردنيين أمام السفارة الإسرائيلية.", ("الأردنيين", "السفارة الإسرائيلية"), ("JOR", "14", "ISR")),
    ("نشرت روسيا قوات إضافية في سوريا.", ("روسيا", "سوريا"), ("RUS", "15", "SYR")),
    ("فرضت الولايات المتحدة عقوبات جديدة على روسيا.", ("الولايات المتحدة", "روسيا"), ("USA", "16", "RUS")),
    ("اعتقلت الشرطة الأردنية خمسة أشخاص في عمان.", ("الشرطة الأردنية", "عمان"), ("JOR", "17", "JOR")),
    ("اغتالت إسرائيل القيادي الفلسطيني في بيروت.", ("إسرائيل", "الفلسطيني", "بيروت"), ("ISR", "18", "PSE")),
    ("شنت إسرائيل غارات على لبنان.", ("إسرائيل", "لبنان"), ("ISR", "19", "LBN")),
    ("ارتكبت القوات الإسرائيلية مجزرة في غزة.", ("القوات الإسرائيلية", "غزة"), ("ISR", "20", "PSE")),
])
def test_events_code_each_root(body: str, forms: tuple[str, ...], expected: tuple[str, str, str | None]) -> None:
    found = [(s, c[:2], t) for s, c, t in _triples(_code(body, *forms))]
    assert expected in found


# -- argument order ------------------------------------------------------------------

def test_events_verb_first_source_then_object() -> None:
    (event,) = _code("استقبل السيسي، صباح اليوم، بوتين في القصر.", "السيسي", "بوتين")
    assert (event.source, event.cameo, event.target) == (SISI, "043", PUTIN)


def test_events_subject_first_and_capital_as_state() -> None:
    (event,) = _code("واشنطن تدين روسيا بشدة.", "واشنطن", "روسيا")
    assert event.source == USA and event.target == RUS and event.root == "11"


def test_events_relative_clause_visit_takes_the_antecedent() -> None:
    events = _code("التقى الصفدي بوتين الذي يزور الأردن.", "الصفدي", "بوتين", "الأردن")
    assert ("RUS", "042", "JOR") in _triples(events)


def test_events_dropped_subject_inherits_the_last_source() -> None:
    events = _code("التقى الصفدي بوتين. وأكد أهمية الحوار. وأشاد بالدور المصري.",
                   "الصفدي", "بوتين", "المصري")
    praise = [e for e in events if e.cameo == "051"]
    assert praise and praise[0].source == SAFADI and praise[0].target == EGY


def test_events_received_call_makes_the_caller_the_source() -> None:
    (event,) = _code("تلقى الرئيس المصري اتصالا هاتفيا من الرئيس الروسي.", "الرئيس المصري", "الرئيس الروسي")
    assert (event.source, event.cameo, event.target) == (PUTIN, "041", SISI)


def test_events_passive_has_no_source() -> None:
    (event,) = _code("تم اعتقال عشرة أشخاص في عمان.", "عمان")
    assert event.source is None and event.cameo == "173" and event.target == JOR


def test_events_pair_subject_takes_the_last_two_parties() -> None:
    events = _code("التقى الصفدي بوتين في عمان. ووقع الوزيران مذكرة تفاهم.", "الصفدي", "بوتين", "عمان")
    assert [(e.source, e.cameo, e.target) for e in events][-1] == (SAFADI, "057", PUTIN)


def test_events_delegation_object_is_the_target() -> None:
    (event,) = _code("التقى الصفدي وفدا من روسيا.", "الصفدي", "روسيا")
    assert (event.source, event.target) == (SAFADI, RUS)


def test_events_announcement_is_speech_not_an_event() -> None:
    assert _code("أعلنت مصر أن الانتخابات ستجرى في موعدها.", "مصر") == []


def test_events_participle_takes_the_main_verb_subject() -> None:
    events = _code("دان الأردن القصف الإسرائيلي، مطالبا المجتمع الدولي بالتحرك.", "الأردن", "الإسرائيلي")
    assert ("JOR", "100", None) in _triples(events)


def test_events_honorifics_sit_between_verb_and_subject() -> None:
    (event,) = _code("استقبل حضرة صاحب السمو الشيخ بوتين، اليوم، الصفدي.", "بوتين", "الصفدي")
    assert (event.source, event.target) == (PUTIN, SAFADI)


def test_events_unnamed_protesters_act_for_the_country_of_the_place() -> None:
    events = _code("تظاهر مئات المواطنين أمام مبنى البلدية في عمان.", "عمان")
    assert [(e.source.code if e.source else None, e.root, e.target) for e in events] == [("JORCVL", "14", JOR)]


def test_events_reciprocal_accusations_are_two_events() -> None:
    events = _code("وتبادلت مصر وإسرائيل الاتهامات بخرق الاتفاق.", "مصر", "إسرائيل")
    assert sorted(_triples(events)) == [("EGY", "112", "ISR"), ("ISR", "112", "EGY")]


def test_events_home_noun_is_the_dateline_country() -> None:
    from hadath.doc import Dateline

    doc = _doc("وصل الرئيس الروسي إلى البلاد اليوم في زيارة رسمية.", "الرئيس الروسي")
    doc.dateline = Dateline("عمان -", "عمان", actor=AMMAN)
    events = CODER(doc).events
    assert ("RUS", "042", "JOR") in _triples(events)


def test_events_symmetric_noun_between_pair() -> None:
    events = _code("انطلقت مناورات بحرية مشتركة بين روسيا وإيران.", "روسيا", "إيران")
    assert _triples(events) == [("RUS", "062", "IRN")]


def test_events_quoted_words_are_not_events() -> None:
    assert _triples(_code("وكتب بوتين: «اعتقلوا المتآمرين الآن».", "بوتين")) == []


def test_events_coordinated_subjects_each_get_the_event() -> None:
    events = _code("وشكرت واشنطن وموسكو الأردن على استضافة المحادثات.", "واشنطن", "الأردن")
    # "موسكو" is not tagged here; tag it by hand to show the split.
    doc = _doc("وشكرت واشنطن وروسيا الأردن على استضافة المحادثات.", "واشنطن", "روسيا", "الأردن")
    assert sorted(_triples(CODER(doc).events)) == [("RUS", "051", "JOR"), ("USA", "051", "JOR")]
    assert ("USA", "051", "JOR") in _triples(events)


def test_events_present_verb_describing_a_noun_is_not_coded() -> None:
    assert _triples(_code("رفع المحتجون لافتات تطالب إسرائيل بالانسحاب.", "إسرائيل")) == []


def test_events_noun_inside_reported_speech_is_not_coded() -> None:
    events = _code("وقال بوتين إن الاتفاق يتضمن الإفراج عن الأسرى الأمريكيين.", "بوتين", "أمريكيين")
    assert _triples(events) == []


def test_events_past_verb_after_a_genitive_is_not_its_subject() -> None:
    events = _code("رحب الصفدي بإعلان بوتين رفع العقوبات عن سوريا.", "الصفدي", "بوتين", "سوريا")
    assert [t[1] for t in _triples(events)] == ["051"]


def test_events_definite_noun_takes_up_an_earlier_organisation() -> None:
    body = "رحبت وزارة الخارجية الروسية بالاتفاق. وأدانت الوزارة القصف الإسرائيلي."
    events = _code(body, "وزارة الخارجية الروسية", "الإسرائيلي")
    assert ("RUS", "111", "ISR") in _triples(events)


@pytest.mark.parametrize(("body", "forms", "expected"), [
    ("استدعى الأردن السفير الإسرائيلي احتجاجا على القصف.", ("الأردن", "السفير الإسرائيلي"), ("JOR", "114", "ISR")),
    ("استدعى الأردن السفير الأردني لدى إسرائيل للتشاور.", ("الأردن", "السفير الأردني", "إسرائيل"), ("JOR", "161", "ISR")),
])
def test_events_summons_and_recall_of_envoys(body: str, forms: tuple[str, ...], expected: tuple[str, str, str]) -> None:
    assert _triples(_code(body, *forms)) == [expected]


def test_events_patient_genitive_is_not_the_source() -> None:
    events = _code("وأعلنت الشرطة الأردنية اعتقال ثلاثة أمريكيين في عمان.", "الشرطة الأردنية", "أمريكيين", "عمان")
    assert _triples(events) == [("JOR", "173", "USA")]


def test_events_coordinated_verb_keeps_the_subject() -> None:
    events = _code("ودان الأردن القصف الإسرائيلي، وطالب المجتمع الدولي بالتحرك.", "الأردن", "الإسرائيلي")
    assert ("JOR", "100", None) in _triples(events)


def test_events_object_of_a_reaction_is_not_coded() -> None:
    events = _code("أعرب الأردن عن قلقه إزاء اعتقال روسيا ثلاثة صحفيين.", "الأردن", "روسيا")
    assert [t[1] for t in _triples(events)] == ["012"]


def test_events_multilateral_events_split_into_pairs() -> None:
    events = _code("انطلقت مناورات مشتركة بين روسيا وإيران وسوريا.", "روسيا", "إيران", "سوريا")
    assert sorted(_triples(events)) == [("IRN", "062", "SYR"), ("RUS", "062", "IRN"), ("RUS", "062", "SYR")]


def test_events_second_party_of_a_symmetric_event_beats_the_place() -> None:
    events = _code("عقد الصفدي وبوتين، اليوم في قصر الضيافة بعمان، محادثات مطولة.", "الصفدي", "بوتين", "عمان")
    assert _triples(events) == [("JOR", "040", "RUS")]
    assert events[0].location == "Amman"


def test_events_between_the_two_countries_means_the_last_pair() -> None:
    body = "التقى الصفدي بوتين في عمان. وأشار إلى تبادل المعلومات بين البلدين."
    events = _code(body, "الصفدي", "بوتين", "عمان")
    assert ("JOR", "064", "RUS") in _triples(events)


def test_events_arrests_take_the_first_detainees_named() -> None:
    body = "واعتقلت الشرطة الأردنية عشرات الأردنيين وأمريكيين اثنين في عمان."
    events = _code(body, "الشرطة الأردنية", "الأردنيين", "أمريكيين", "عمان")
    assert _triples(events) == [("JOR", "173", "JOR")]


def test_events_symmetric_between_pair() -> None:
    events = _code("دخل اتفاق وقف إطلاق النار بين إسرائيل ولبنان حيز التنفيذ.", "إسرائيل", "لبنان")
    assert _triples(events) == [("ISR", "087", "LBN")]


# -- what is not coded ---------------------------------------------------------------

def test_events_negation_is_not_asserted() -> None:
    events = _code("لم يلتق السيسي بوتين خلال القمة.", "السيسي", "بوتين")
    assert _triples(events) == []
    assert all(e.negated for e in events)


def test_events_denial_is_a_statement_and_the_denied_meeting_is_negated() -> None:
    events = _code("نفت مصر أن يكون السيسي قد التقى بوتين.", "مصر", "السيسي", "بوتين")
    assert _triples(events) == [("EGY", "010", None)]


@pytest.mark.parametrize("body", [
    "سيزور بوتين مصر الشهر المقبل.",
    "ومن المقرر أن يزور بوتين مصر.",
    "يعتزم بوتين زيارة مصر.",
    "إذا زار بوتين مصر فستكون الزيارة الأولى.",
    "قد يزور بوتين مصر قريبا.",
    "هل يزور بوتين مصر؟",
])
def test_events_future_modal_conditional_and_questions_are_not_coded(body: str) -> None:
    assert _triples(_code(body, "بوتين", "مصر")) == []


def test_events_background_noun_is_not_coded() -> None:
    events = _code("تحسنت العلاقات منذ زيارة بوتين إلى مصر.", "بوتين", "مصر")
    assert _triples(events) == []


def test_events_subheadings_are_not_coded() -> None:
    body = "استقبل السيسي بوتين\nاستقبل السيسي بوتين في القاهرة اليوم."
    blocks = [Block(0, 19, "subheading"), Block(20, len(body))]
    doc = _doc(body, "السيسي", "بوتين", "السيسي", "بوتين", blocks=blocks)
    events = CODER(doc).events
    assert len(events) == 1 and events[0].sentence == 1


def test_events_source_equal_to_target_is_dropped() -> None:
    # The object is the source again (two mentions too far apart to be one name).
    body = "استقبل السيسي بعد ظهر اليوم في قصر الاتحادية بالعاصمة الرئيس المصري."
    assert _code(body, "السيسي", "الرئيس المصري") == []


# -- merging and fields --------------------------------------------------------------

def test_events_merge_the_same_event_across_sentences() -> None:
    events = _code("أشاد السيسي بروسيا. وأشاد السيسي بروسيا مرة أخرى.", "السيسي", "روسيا", "السيسي", "روسيا")
    assert len(events) == 1 and len(events[0].evidence_spans) == 2


def test_events_possessive_visit_noun_belongs_to_the_guest() -> None:
    from hadath.doc import Dateline

    doc = _doc("استقبل السيسي اليوم بوتين بمناسبة زيارته الرسمية للبلاد.", "السيسي", "بوتين")
    doc.dateline = Dateline("القاهرة -", "القاهرة", actor=Actor("EGY:capital", "Cairo", "", "EGY", kind="place"))
    assert sorted(_triples(CODER(doc).events)) == [("EGY", "043", "RUS"), ("RUS", "042", "EGY")]


def test_events_long_titles_inside_a_gap_count_as_one_word() -> None:
    body = ("تلقى حضرة صاحب السمو الملكي الأمير بوتين بن فلان بن فلان آل فلان، اليوم، "
            "اتصالا هاتفيا من الصفدي.")
    doc = _doc(body, "بوتين", "الصفدي")
    doc.mentions[0].end = body.index("،")  # the whole long name is one mention
    doc.mentions[0].text = body[doc.mentions[0].start:doc.mentions[0].end]
    assert _triples(CODER(doc).events) == [("JOR", "041", "RUS")]


def test_events_hosted_visit_implies_the_meeting() -> None:
    events = _code("استقبل السيسي بوتين. وعقد السيسي مع بوتين لقاء مطولا.", "السيسي", "بوتين", "السيسي", "بوتين")
    assert [e.cameo for e in events] == ["043"]


def test_events_fields_come_from_the_cameo_table_and_the_sentence() -> None:
    body = "فرضت الولايات المتحدة عقوبات على روسيا أمس."
    doc = _doc(body, "الولايات المتحدة", "روسيا")
    doc.dates.append(DateMention("أمس", body.index("أمس"), body.index("أمس") + 3, "2025-03-03", "relative"))
    (event,) = CODER(doc).events
    assert (event.goldstein, event.quad_class, event.plover) == (-8.0, 4, "COERCE")
    assert event.date == "2025-03-03" and event.evidence == body
    assert body[event.trigger_start:event.trigger_end].startswith("فرضت")
    assert 0 < event.confidence <= 1


def test_events_date_defaults_to_publication_and_location_to_the_place() -> None:
    (event,) = _code("التقى الصفدي بوتين في عمان.", "الصفدي", "بوتين", "عمان")
    assert event.date == "2025-03-04" and event.location == "Amman"


def test_events_confidence_ranks_explicit_arguments_higher() -> None:
    events = _code("التقى الصفدي بوتين. وأشاد بالدور المصري.", "الصفدي", "بوتين", "المصري")
    meet = next(e for e in events if e.cameo == "040")
    praise = next(e for e in events if e.cameo == "051")
    assert meet.confidence > praise.confidence


def test_events_context_target_for_intent_to_cooperate() -> None:
    body = "استقبل السيسي بوتين. وأكد السيسي حرص مصر على استمرار تطوير هذه العلاقات."
    events = _code(body, "السيسي", "بوتين", "السيسي", "مصر")
    assert ("EGY", "030", "RUS") in _triples(events)


# -- the real pipeline ---------------------------------------------------------------

def test_events_in_the_default_pipeline() -> None:
    from hadath.pipeline import Pipeline

    try:
        pipeline = Pipeline.default()
    except Exception as exc:  # the shipped KB is still being written in parallel
        pytest.skip(f"default pipeline unavailable: {exc}")
    doc = pipeline.analyze("فرضت الولايات المتحدة عقوبات جديدة على روسيا اليوم.", published="2025-03-04")
    assert ("USA", "163", "RUS") in _triples(doc.events)
    assert all(e.to_dict()["plover"] == "COERCE" for e in doc.events if e.cameo == "163")


def test_events_worked_example_from_the_design() -> None:
    from conftest import shared_path

    from hadath.pipeline import Pipeline

    seed = shared_path("seed", "000_babb2520bf4918f1.txt")
    doc = Pipeline.default().analyze(seed.read_text(encoding="utf-8"), fetched="2025-03-04T12:00:00")
    codes = {(e.source.code if e.source else None, e.root, e.target.country if e.target else None)
             for e in doc.events}
    assert ("EGYGOV", "04", "RUS") in codes  # السيسي hosts Naryshkin (043)
    assert ("EGY", "03", "RUS") in codes  # حرص مصر على استمرار تطوير هذه العلاقات
    assert ("RUSSPY", "05", "EGY") in codes  # Naryshkin praises Egypt (051)
    assert all(doc.sentences[e.sentence].kind == "body" for e in doc.events)


def test_events_never_crash_on_arbitrary_arabic() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = ["استقبل", "التقى", "و", "في", "،", ".", "مصر", "روسيا", "لم", "سيزور", "بين", "«", "»",
             "أعرب", "عن", "تقدير", "الذي", "قد", "إياها", "الوزيران", "تلقى", "اتصالا", "من", "؟"]

    @settings(max_examples=120, deadline=None, derandomize=True, database=None)
    @given(st.lists(st.sampled_from(words), max_size=30))
    def run(tokens: list[str]) -> None:
        body = " ".join(tokens)
        doc = _doc(body, *sorted((w for w in ("مصر", "روسيا") if w in body), key=body.index))
        for event in CODER(doc).events:
            assert event.source is None or event.target is None or not (
                event.source.id == event.target.id and event.source.code == event.target.code)
            assert 0 < event.confidence < 1

    run()
