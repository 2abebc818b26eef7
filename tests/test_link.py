"""Specifications of the entities and link stages on a tiny knowledge base."""

from __future__ import annotations

from datetime import datetime

import pytest

from hadath.doc import Dateline, Doc, Mention
from hadath.kb.gazetteer import Gazetteer, select_longest
from hadath.kb.model import Entry, KnowledgeBase
from hadath.stages.entities import EntityRecognizer
from hadath.stages.link import Linker
from hadath.stages.segment import segment


def _run(kb: KnowledgeBase, body: str, published: datetime = datetime(2025, 3, 4), dateline: Dateline | None = None) -> Doc:
    doc = Doc(body=body, published=published, dateline=dateline)
    return Linker(kb)(EntityRecognizer(kb)(segment(doc)))


def _find(doc: Doc, text: str) -> Mention:
    found = [m for m in doc.mentions if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in doc.mentions]}"
    return found[0]


def test_gazetteer_matches_on_token_boundaries_with_clitics() -> None:
    g = Gazetteer([("مصر", Entry("country", "EGY", "GPE")), ("القاهره", Entry("capital", "EGY", "GPE"))])
    found = select_longest(g.match(["وبمصر", "مصراته", "للقاهره", "والقاهره"]))
    assert [(m.first, m.prefix) for m in found] == [(0, "وب"), (2, "ل"), (3, "و")]


def test_entities_span_skips_the_clitic(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "وصل الوفد إلى القاهرة قادما من موسكو وبمصر.")
    assert [m.text for m in doc.entities] == ["القاهرة", "موسكو", "مصر"]
    assert all(doc.body[m.start : m.end] == m.text for m in doc.mentions)


def test_link_resolves_people_to_their_office_on_the_article_date(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "استقبل الرئيس المصري عبد الفتاح السيسي وفدا روسيا.")
    sisi = _find(doc, "عبد الفتاح السيسي")
    assert sisi.actor is not None
    assert (sisi.actor.name_en, sisi.actor.code, sisi.actor.role) == ("Abdel Fattah el-Sisi", "EGYGOV", "head_of_state")
    title = _find(doc, "الرئيس المصري")
    assert title.actor == sisi.actor and title.type == "TITLE"


@pytest.mark.parametrize(("year", "expected"), [(2012, "Mohamed Morsi"), (2025, "Abdel Fattah el-Sisi")])
def test_link_title_without_name_resolves_to_the_holder_on_that_date(tiny_kb: KnowledgeBase, year: int, expected: str) -> None:
    doc = _run(tiny_kb, "وأكد الرئيس المصري دعم بلاده للحوار.", published=datetime(year, 12, 1))
    title = _find(doc, "الرئيس المصري")
    assert title.actor is not None and title.actor.name_en == expected
    assert not [m for m in doc.entities if m.type == "PER"], "words after a known office are not a name"


def test_link_composes_organisations_from_head_and_country(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "رحبت وزارة الخارجية المصرية بالاتفاق، وقال رئيس جهاز الاستخبارات الخارجية بروسيا إن التعاون مستمر.")
    ministry = _find(doc, "وزارة الخارجية المصرية")
    assert ministry.type == "ORG" and ministry.actor is not None
    assert (ministry.actor.code, ministry.actor.name_en) == ("EGYGOV", "Ministry of Foreign Affairs of Egypt")
    svr = _find(doc, "جهاز الاستخبارات الخارجية")
    assert svr.actor is not None and svr.actor.code == "RUSSPY"
    assert not [m for m in doc.mentions if m.type == "NORP"], "the adjective joined the organisation"


def test_link_unknown_name_after_title_becomes_a_new_actor(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "التقى وزير الخارجية الأردني أيمن الصفدي نظيره الروسي. وأضاف الصفدي أن اللقاء مثمر.")
    name = _find(doc, "أيمن الصفدي")
    assert name.type == "PER" and name.actor is not None
    assert (name.actor.country, name.actor.agent, name.actor.code) == ("JOR", "GOV", "JORGOV")
    assert name.actor.name_en.startswith("A") and name.actor.id.startswith("new:")
    later = _find(doc, "الصفدي")
    assert later.actor == name.actor


def test_link_counterpart_and_generic_official_tie_back(tiny_kb: KnowledgeBase) -> None:
    body = ("نقل الرئيس السيسي تحياته إلى نظيره الروسي، ثم التقى سيرجي ناريشكين.\n"
            "بدوره، نقل ناريشكين تحيات موسكو. وأبدى المسئول الروسي اعتزازه بالتعاون.")
    doc = _run(tiny_kb, body)
    assert _find(doc, "نظيره الروسي").actor.name_en == "Vladimir Putin"  # type: ignore[union-attr]
    assert _find(doc, "المسئول الروسي").actor.name_en == "Sergey Naryshkin"  # type: ignore[union-attr]


def test_link_groups_get_their_country(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "تجمع المتظاهرون الأمريكيون أمام السفارة.")
    group = _find(doc, "المتظاهرون الأمريكيون")
    assert group.actor is not None and group.actor.code == "USACVL"


def test_link_head_without_country_takes_the_dateline_country(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "أصدرت وزارة الخارجية بيانا.", dateline=Dateline("القاهرة -", place="القاهرة"))
    assert _find(doc, "وزارة الخارجية").actor.code == "EGYGOV"  # type: ignore[union-attr]


def test_link_never_leaves_offsets_out_of_step(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "وَصلَ الرئيسُ السيسي إلى مُوسكو، والتقى بوتين في الكرملين.")
    for m in doc.mentions:
        assert doc.body[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("وقال وزير الخارجية الأردني فؤاد حسين إن عمان ترحب.", "فؤاد حسين"),
        ("وصرح وزير الخارجية الأردني وليد عبيدات بأن الاجتماع مهم.", "وليد عبيدات"),
    ],
)
def test_entities_names_may_start_with_waw_or_fa(tiny_kb: KnowledgeBase, body: str, name: str) -> None:
    doc = _run(tiny_kb, body)
    assert name in [m.text for m in doc.entities if m.type == "PER"]


def test_entities_conjunction_after_title_is_not_a_name(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "وصل وزير الخارجية الأردني ووفده المرافق إلى القاهرة.")
    assert not [m for m in doc.entities if m.type == "PER"]


class _FixedTagger:
    """A stand-in tagger that returns the spans it was given, whatever the tokens."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self._spans = spans

    def spans(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        return [s for s in self._spans if s[1] <= len(tokens)]


def test_entities_model_spans_fill_gaps_and_widen_known_names(tiny_kb: KnowledgeBase) -> None:
    # tokens: 0 التقى 1 سيرجي 2 ناريشكين 3 ألكسندروفيتش 4 مع 5 شركة 6 روساتوم 7 في 8 سوتشي 9 .
    body = "التقى سيرجي ناريشكين ألكسندروفيتش مع شركة روساتوم في سوتشي."
    tagger = _FixedTagger([(1, 4, "PERS"), (5, 7, "ORG"), (8, 9, "LOC"), (0, 1, "MISC")])
    doc = Linker(tiny_kb)(EntityRecognizer(tiny_kb, ner=tagger)(segment(Doc(body=body))))  # type: ignore[arg-type]
    by_text = {m.text: m for m in doc.entities}
    assert set(by_text) == {"سيرجي ناريشكين ألكسندروفيتش", "شركة روساتوم", "سوتشي"}
    assert by_text["سيرجي ناريشكين ألكسندروفيتش"].actor.name_en == "Sergey Naryshkin"  # type: ignore[union-attr]
    assert by_text["شركة روساتوم"].type == "ORG" and by_text["سوتشي"].type == "GPE"
    assert by_text["سوتشي"].actor.id.startswith("new:")  # type: ignore[union-attr]


def test_entities_model_spans_of_lower_case_latin_are_not_names(tiny_kb: KnowledgeBase) -> None:
    # tokens: 0 وقال 1 إن 2 الوسم 3 svg 4 onload 5 لا 6 يعمل 7 في 8 متصفح 9 Firefox 10 .
    body = "وقال إن الوسم svg onload لا يعمل في متصفح Firefox."
    tagger = _FixedTagger([(3, 5, "PERS"), (9, 10, "ORG")])
    doc = EntityRecognizer(tiny_kb, ner=tagger)(segment(Doc(body=body)))  # type: ignore[arg-type]
    assert [m.text for m in doc.entities if m.origin == "model"] == ["Firefox"]


def test_link_head_followed_by_a_capital_takes_its_country(tiny_kb: KnowledgeBase) -> None:
    doc = _run(tiny_kb, "التقى سيرجي ناريشكين وزيرا في مقر وزارة الخارجية بالقاهرة.")
    assert _find(doc, "وزارة الخارجية").actor.code == "EGYGOV"  # type: ignore[union-attr]
