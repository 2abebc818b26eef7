"""The shipped knowledge base loads cleanly, answers office-by-date questions, merges a
user folder over itself, and the validator catches the mistakes it is meant to catch."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hadath.arabic import normalize
from hadath.kb.loader import load_kb
from hadath.kb.model import KnowledgeBase, nisba_forms
from hadath.kb.validate import ambiguity_report, check_kb, kb_stats
from hadath.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "data" / "dev-events" / "dev.jsonl"
OFFICES_HEADER = "person_id\trole\tcountry\tagent\tstart\tend\n"
PEOPLE_HEADER = "id\tname_en\tnames_ar\tcountry\tagent\twikidata\n"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _errors(kb: KnowledgeBase) -> list[str]:
    return [str(p) for p in check_kb(kb) if p.severity == "error"]


def _user_kb(tmp_path: Path, files: dict[str, str]) -> KnowledgeBase:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return load_kb(tmp_path)


# -- the shipped data ------------------------------------------------------------------
def test_kb_shipped_data_has_no_errors(kb: KnowledgeBase) -> None:
    assert _errors(kb) == []


def test_kb_shipped_data_covers_every_table(kb: KnowledgeBase) -> None:
    stats = kb_stats(kb)
    assert stats["countries.state"] >= 195  # UN members and observers
    assert stats["countries.igo"] >= 7
    for table, least in (("titles", 150), ("org_heads", 60), ("orgs", 150), ("people", 150), ("places", 100)):
        assert stats[table] >= least, table


def test_kb_countries_file_is_what_the_build_script_writes(kb: KnowledgeBase) -> None:
    spec = importlib.util.spec_from_file_location("build_countries", REPO / "scripts" / "build_countries.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rows = build.build_rows(build.read_extra(build.EXTRA))
    assert [r["iso3"] for r in rows] == list(kb.countries)
    shipped = [line for line in build.OUTPUT.read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")][1:]
    assert shipped == ["\t".join(r[c] for c in build.COLUMNS) for r in rows]


def test_kb_countries_use_hadath_codes(kb: KnowledgeBase) -> None:
    assert kb.countries["XKX"].cameo == "KSV"
    assert kb.countries["NAT"].kind == "igo"
    assert "الناتو" in kb.countries["NAT"].variants
    assert kb.countries["EGY"].wikidata == "Q79"
    # Oman's bare name is left out: "عمان" is Amman.
    assert normalize("عمان") not in {normalize(v) for v in (kb.countries["OMN"].name_ar, *kb.countries["OMN"].variants)}


def test_kb_surface_forms_name_the_seed_actors(kb: KnowledgeBase) -> None:
    forms: dict[str, set[str]] = {}
    for form, entry in kb.surface_forms():
        forms.setdefault(form, set()).add(f"{entry.kind}:{entry.key}")
    assert "person:p:abdel-fattah-el-sisi" in forms[normalize("السيسي")]
    assert "person:p:sergey-naryshkin" in forms[normalize("ناريشكن")]
    assert "country:RUS" in forms[normalize("روسيا الاتحادية")]
    assert "nisba:EGY" in forms[normalize("المصرية")]
    assert "title:رئيس المخابرات العامة" in forms[normalize("رئيس المخابرات العامة")]
    assert "head:جهاز الاستخبارات الخارجية" in forms[normalize("جهاز الاستخبارات الخارجية")]
    assert "place:l:el-dabaa-nuclear-power-plant" in forms[normalize("محطة الضبعة النووية")]


def test_kb_roles_of_offices_all_have_titles(kb: KnowledgeBase) -> None:
    title_roles = {t.role for t in kb.titles.values()}
    assert {o.role for o in kb.offices} <= title_roles


# -- nisba adjectives ------------------------------------------------------------------
def test_kb_nisba_forms_inflect_and_take_the_article() -> None:
    forms = nisba_forms(normalize("روسي"))
    for word in ("روسي", "الروسي", "الروسيه", "روسيون", "الروسيين", "الروسيتين"):
        assert word in forms


def test_kb_nisba_forms_keep_a_broken_plural_as_written() -> None:
    assert nisba_forms(normalize("أتراك")) == ["اتراك", "الاتراك"]


def test_kb_nisba_forms_reach_the_country(kb: KnowledgeBase) -> None:
    nisbas = {form: entry.key for form, entry in kb.surface_forms() if entry.kind == "nisba"}
    assert nisbas[normalize("الأمريكية")] == "USA"
    assert nisbas[normalize("الأميركيون")] == "USA"
    assert nisbas[normalize("الإماراتية")] == "ARE"
    assert nisbas[normalize("الروس")] == "RUS"
    assert normalize("المالية") not in nisbas  # "financial", not Malian


# -- offices by date -------------------------------------------------------------------
@pytest.mark.parametrize(("role", "country", "day", "name"), [
    ("head_of_state", "EGY", date(2012, 8, 1), "Mohamed Morsi"),
    ("head_of_state", "EGY", date(2014, 1, 1), "Adly Mansour"),
    ("head_of_state", "EGY", date(2025, 1, 1), "Abdel Fattah el-Sisi"),
    ("head_of_state", "USA", date(2022, 3, 1), "Joe Biden"),
    ("head_of_state", "USA", date(2025, 3, 1), "Donald Trump"),
    ("foreign_minister", "EGY", date(2024, 9, 1), "Badr Abdelatty"),
    ("foreign_minister", "EGY", date(2020, 9, 1), "Sameh Shoukry"),
    ("intelligence_chief", "EGY", date(2025, 6, 1), "Hassan Rashad"),
    ("intelligence_chief", "RUS", date(2025, 6, 1), "Sergey Naryshkin"),
    ("head_of_government", "RUS", date(2010, 1, 1), "Vladimir Putin"),
    ("secretary_general", "ARL", date(2024, 5, 1), "Ahmed Aboul Gheit"),
    ("head_of_state", "LBN", date(2025, 3, 1), "Joseph Aoun"),
    # Iraq's prime ministers, one per government
    ("head_of_government", "IRQ", date(2014, 12, 1), "Haider al-Abadi"),
    ("head_of_government", "IRQ", date(2019, 6, 1), "Adil Abdul-Mahdi"),
    ("head_of_government", "IRQ", date(2021, 1, 1), "Mustafa al-Kadhimi"),
    ("head_of_government", "IRQ", date(2023, 6, 1), "Mohammed Shia al-Sudani"),
    ("speaker", "IRQ", date(2016, 1, 1), "Salim al-Jabouri"),
    ("speaker", "IRQ", date(2020, 1, 1), "Mohamed al-Halbousi"),
    ("defence_minister", "IRQ", date(2021, 1, 1), "Juma Inad"),
    # Egypt's interior ministers and chiefs of staff
    ("interior_minister", "EGY", date(2013, 8, 14), "Mohamed Ibrahim"),
    ("interior_minister", "EGY", date(2016, 1, 1), "Magdy Abdel Ghaffar"),
    ("interior_minister", "EGY", date(2024, 1, 1), "Mahmoud Tawfik"),
    ("army_chief", "EGY", date(2019, 1, 1), "Mohamed Farid Hegazy"),
    ("army_chief", "EGY", date(2023, 1, 1), "Osama Askar"),
    # Syria before and after December 2024
    ("defence_minister", "SYR", date(2015, 1, 1), "Fahd Jassem al-Freij"),
    ("defence_minister", "SYR", date(2023, 1, 1), "Ali Mahmoud Abbas"),
    ("head_of_government", "SYR", date(2018, 1, 1), "Imad Khamis"),
    # Lebanon
    ("interior_minister", "LBN", date(2022, 6, 1), "Bassam Mawlawi"),
    ("defence_minister", "LBN", date(2025, 6, 1), "Michel Menassa"),
    # Saudi intelligence and interior
    ("intelligence_chief", "SAU", date(2013, 1, 1), "Bandar bin Sultan"),
    ("interior_minister", "SAU", date(2014, 1, 1), "Mohammed bin Nayef"),
    # Iran, Turkey, Israel
    ("intelligence_chief", "IRN", date(2018, 1, 1), "Mahmoud Alavi"),
    ("army_chief", "IRN", date(2020, 1, 1), "Mohammad Bagheri"),
    ("speaker", "TUR", date(2020, 1, 1), "Mustafa Sentop"),
    ("interior_minister", "TUR", date(2020, 1, 1), "Suleyman Soylu"),
    ("army_chief", "ISR", date(2017, 1, 1), "Gadi Eisenkot"),
    ("intelligence_chief", "ISR", date(2018, 1, 1), "Yossi Cohen"),
    # the powers
    ("army_chief", "USA", date(2021, 1, 1), "Mark Milley"),
    ("speaker", "USA", date(2020, 1, 1), "Nancy Pelosi"),
    ("interior_minister", "GBR", date(2020, 1, 1), "Priti Patel"),
    ("interior_minister", "FRA", date(2022, 1, 1), "Gerald Darmanin"),
    ("interior_minister", "DEU", date(2023, 1, 1), "Nancy Faeser"),
    ("defence_minister", "CHN", date(2020, 1, 1), "Wei Fenghe"),
    ("army_chief", "PAK", date(2020, 1, 1), "Qamar Javed Bajwa"),
    ("head_of_state", "ETH", date(2020, 1, 1), "Sahle-Work Zewde"),
    # international organisations
    ("director_general", "WBK", date(2021, 1, 1), "David Malpass"),
    ("icc_prosecutor", "ICC", date(2023, 1, 1), "Karim Khan"),
    ("high_representative", "EUR", date(2016, 1, 1), "Federica Mogherini"),
])
def test_kb_holder_answers_by_date(kb: KnowledgeBase, role: str, country: str, day: date, name: str) -> None:
    person = kb.holder(role, country, day)
    assert person is not None and person.name_en == name


def test_kb_holder_names_nobody_for_a_role_with_several_holders(kb: KnowledgeBase) -> None:
    # In 2025 the KB knows two US ambassadors (to Israel and to Turkey) and several
    # envoys: "السفير الأمريكي" or "المبعوث الأمريكي" alone names none of them.
    assert kb.holder("ambassador", "USA", date(2025, 8, 1)) is None
    assert kb.holder("envoy", "USA", date(2025, 8, 1)) is None
    assert kb.holder("head_of_state", "USA", date(2025, 8, 1)) is not None


def test_kb_person_actor_follows_a_career(kb: KnowledgeBase) -> None:
    jarrah = "p:khalid-al-jarrah-al-sabah"
    assert kb.person_actor(jarrah, date(2017, 1, 1)).role == "defence_minister"
    assert kb.person_actor(jarrah, date(2018, 6, 1)).role == "interior_minister"
    araji = "p:qasim-al-araji"
    assert kb.person_actor(araji, date(2018, 1, 1)).role == "interior_minister"
    assert kb.person_actor(araji, date(2022, 1, 1)).role == "national_security_adviser"
    sharaa = "p:ahmed-al-sharaa"
    assert kb.person_actor(sharaa, date(2020, 1, 1)).code == "SYRREB"
    assert kb.person_actor(sharaa, date(2025, 6, 1)).code == "SYRGOV"


def test_kb_generated_people_and_places_are_what_the_scripts_write() -> None:
    scripts = str(REPO / "scripts")
    sys.path.insert(0, scripts)
    try:
        people = _script("build_people")
        places = _script("build_places")
    finally:
        sys.path.remove(scripts)
    hand = people.hand_part(people.PEOPLE)
    hand_offices = people.hand_part(people.OFFICES)
    hand_ids = {line.split("\t")[0] for line in hand if line and not line.startswith("#")}
    office_keys = {tuple(line.split("\t")[:3]) for line in hand_offices if line and not line.startswith("#")}
    want_people, want_offices = people.build(people.read_holders(), hand_ids, office_keys)
    assert _generated(people.PEOPLE, people.MARKER) == want_people
    assert _generated(people.OFFICES, people.MARKER) == want_offices
    hand_places = [line.split("\t") for line in places.hand_part(places.PLACES, places.MARKER)
                   if line and not line.startswith("#")][1:]
    want_places = places.build(places.read_extra(), {r[0] for r in hand_places},
                               {r[1].casefold() for r in hand_places})
    assert _generated(places.PLACES, places.MARKER) == want_places


def _script(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _generated(path: Path, marker: str) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[lines.index(marker) + 1:]


def test_kb_places_have_coordinates(kb: KnowledgeBase) -> None:
    placed = [p for p in kb.places.values() if p.lat is not None and p.lon is not None]
    assert len(placed) >= 1000
    gaza = kb.places["l:khan-younis"]
    assert gaza.lat is not None and 31 < gaza.lat < 32 and gaza.lon is not None and 34 < gaza.lon < 35


def test_kb_person_actor_takes_the_office_of_the_day(kb: KnowledgeBase) -> None:
    naryshkin = kb.person_actor("p:sergey-naryshkin", date(2025, 2, 4))
    assert (naryshkin.code, naryshkin.role) == ("RUSSPY", "intelligence_chief")
    sisi_2013 = kb.person_actor("p:abdel-fattah-el-sisi", date(2013, 8, 1))
    assert (sisi_2013.code, sisi_2013.role) == ("EGYMIL", "defence_minister")


def test_kb_gold_people_of_the_dev_set_are_known(kb: KnowledgeBase) -> None:
    if not DEV_SET.is_file():
        pytest.skip(f"needs {DEV_SET} (the shared data folder beside the repository)")
    path = DEV_SET
    canonical = {e["canonical"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
                 for e in json.loads(line)["entities"] if e["type"] == "PER"}
    known = {p.name_en for p in kb.people.values()}
    # footballers and a few figures with unknown roles are left out on purpose
    assert len(canonical & known) / len(canonical) >= 0.85, sorted(canonical - known)


# -- user folder ---------------------------------------------------------------------
def test_kb_user_folder_merges_over_the_shipped_files(tmp_path: Path) -> None:
    kb = _user_kb(tmp_path, {
        "people.tsv": "# a local figure\n" + PEOPLE_HEADER
                      + "p:local-mayor\tSalem Haddad\tسالم حداد|حداد\tJOR\tGOV\t\n"
                      + "p:abdel-fattah-el-sisi\tAbdelfattah Elsisi\tعبد الفتاح السيسي\tEGY\tGOV\t\n",
    })
    assert kb.people["p:local-mayor"].names_ar == ("سالم حداد", "حداد")
    assert kb.people["p:abdel-fattah-el-sisi"].name_en == "Abdelfattah Elsisi"
    assert "EGY" in kb.countries and len(kb.offices) > 100  # the rest is still shipped
    assert kb.sources[-1] == str(tmp_path / "people.tsv")
    assert _errors(kb) == []


# -- validator -------------------------------------------------------------------------
def test_kb_validate_catches_a_duplicate_id(tmp_path: Path) -> None:
    kb = _user_kb(tmp_path, {"people.tsv": PEOPLE_HEADER
                             + "p:x\tSalem Haddad\tسالم حداد\tJOR\tGOV\t\n"
                             + "p:x\tSami Haddad\tسامي حداد\tJOR\tGOV\t\n"})
    problems = [p for p in check_kb(kb) if "duplicate" in p.message]
    assert len(problems) == 1
    assert (problems[0].source, problems[0].line) == (str(tmp_path / "people.tsv"), 3)


def test_kb_validate_catches_an_unknown_country_code(tmp_path: Path) -> None:
    kb = _user_kb(tmp_path, {"people.tsv": PEOPLE_HEADER + "p:y\tSalem Haddad\tسالم حداد\tXYZ\tGOV\t\n"})
    assert any("unknown country 'XYZ'" in e for e in _errors(kb))


def test_kb_validate_catches_an_unknown_agent(tmp_path: Path) -> None:
    kb = _user_kb(tmp_path, {"people.tsv": PEOPLE_HEADER + "p:y\tSalem Haddad\tسالم حداد\tJOR\tBOSS\t\n"})
    assert any("unknown agent 'BOSS'" in e for e in _errors(kb))


def test_kb_validate_catches_an_overlapping_term(tmp_path: Path) -> None:
    kb = _user_kb(tmp_path, {
        "people.tsv": PEOPLE_HEADER + "p:rival\tKhaled Nour\tخالد نور\tEGY\tGOV\t\n",
        "offices.tsv": OFFICES_HEADER + "p:rival\thead_of_state\tEGY\tGOV\t2020-01-01\t2021-01-01\n",
    })
    errors = _errors(kb)
    assert any("head_of_state of EGY" in e and "p:rival" in e for e in errors)


def test_kb_validate_allows_a_handover_on_the_same_day(tmp_path: Path) -> None:
    kb = _user_kb(tmp_path, {
        "people.tsv": PEOPLE_HEADER + "p:a\tAmal Saad\tأمل سعد\tJOR\tGOV\t\np:b\tBasma Adel\tبسمة عادل\tJOR\tGOV\t\n",
        "offices.tsv": OFFICES_HEADER + "p:a\tculture_minister\tJOR\tGOV\t2019-05\t2021-03-10\n"
                                      + "p:b\tculture_minister\tJOR\tGOV\t2021-03-10\t\n",
    })
    assert _errors(kb) == []


def test_kb_validate_reports_rows_the_loader_refuses(tmp_path: Path) -> None:
    (tmp_path / "offices.tsv").write_text(OFFICES_HEADER + "p:abdel-fattah-el-sisi\thead_of_state\tEGY\tGOV\tJune 2014\t\n",
                                          encoding="utf-8")
    kb = KnowledgeBase(sources=[str(tmp_path / "offices.tsv")])
    problems = check_kb(kb)
    assert [(p.severity, p.line) for p in problems] == [("error", 2)]
    assert "not an ISO date" in problems[0].message


def test_kb_ambiguity_report_lists_forms_with_two_readings(tmp_path: Path) -> None:
    kb = _user_kb(tmp_path, {"people.tsv": PEOPLE_HEADER + "p:misr\tMisr Family\tمصر\tEGY\tGOV\t\n"})
    found = {a.form: a.readings for a in ambiguity_report(kb)}
    assert found[normalize("مصر")] == ("country:EGY", "person:p:misr")
    assert normalize("السيسي") not in found


def test_kb_validate_warns_about_letters_news_text_never_has(tmp_path: Path) -> None:
    kb = _user_kb(tmp_path, {"people.tsv": PEOPLE_HEADER + "p:z\tSalem Haddad\tSalem حداد\tJOR\tGOV\t\n"})
    warnings = [p for p in check_kb(kb) if p.severity == "warning"]
    assert [p.message for p in warnings] == ["p:z: 'Salem حداد' has non-Arabic letters"]


# -- through the pipeline ---------------------------------------------------------------
@pytest.fixture(scope="module")
def pipeline(kb: KnowledgeBase) -> Pipeline:
    return Pipeline.default(kb)


def test_kb_capital_acts_as_its_state_and_stays_a_place(pipeline: Pipeline) -> None:
    acting = pipeline.analyze("واشنطن تدين الهجوم الذي استهدف قافلة المساعدات في ريف حلب.",
                              published="2025-03-02")
    washington = [m for m in acting.mentions if m.text == "واشنطن"]
    assert [(m.type, m.actor.id if m.actor else None) for m in washington] == [("GPE", "USA:capital")]
    assert acting.events and acting.events[0].source is not None
    assert acting.events[0].source.country == "USA"

    visited = pipeline.analyze("وصل الوزير إلى واشنطن مساء الأحد في زيارة رسمية تستغرق ثلاثة أيام.",
                               published="2025-03-02")
    place = [m for m in visited.mentions if m.text == "واشنطن"]
    assert [(m.type, m.actor.kind if m.actor else None) for m in place] == [("GPE", "place")]
    assert all(e.source is None or e.source.id != "USA:capital" for e in visited.events)


@pytest.mark.parametrize(("published", "name"), [
    ("2015-05-10", "Haider al-Abadi"),
    ("2019-06-01", "Adil Abdul-Mahdi"),
    ("2021-01-15", "Mustafa al-Kadhimi"),
    ("2023-05-10", "Mohammed Shia al-Sudani"),
])
def test_kb_role_mention_resolves_to_the_holder_of_the_article_date(
    pipeline: Pipeline, published: str, name: str,
) -> None:
    doc = pipeline.analyze("قال رئيس الوزراء العراقي إن الحكومة ستواصل دعم القوات الأمنية في محافظة الأنبار.",
                           published=published)
    title = next(m for m in doc.mentions if m.type == "TITLE")
    assert title.actor is not None and title.actor.name_en == name


def test_kb_counterpart_takes_the_role_of_the_day(pipeline: Pipeline) -> None:
    doc = pipeline.analyze("بحث وزير الخارجية التركي مع نظيره الإيراني هاتفيا تطورات الأوضاع في سوريا.",
                           published="2019-03-01")
    actors = {m.text: m.actor.name_en for m in doc.mentions if m.type == "TITLE" and m.actor}
    assert actors == {"وزير الخارجية التركي": "Mevlüt Çavuşoğlu", "نظيره الإيراني": "Mohammad Javad Zarif"}


def test_kb_name_resolves_to_the_role_of_the_article_date(pipeline: Pipeline) -> None:
    before = pipeline.analyze("استقبل خالد الجراح وفدا عسكريا أمريكيا في الكويت.", published="2017-05-01")
    after = pipeline.analyze("استقبل خالد الجراح وفدا أمنيا أمريكيا في الكويت.", published="2018-09-01")
    roles = [next(m.actor.role for m in d.mentions if m.type == "PER" and m.actor) for d in (before, after)]
    assert roles == ["defence_minister", "interior_minister"]
