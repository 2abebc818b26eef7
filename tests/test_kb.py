"""The shipped knowledge base loads cleanly, answers office-by-date questions, merges a
user folder over itself, and the validator catches the mistakes it is meant to catch."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from hadath.arabic import normalize
from hadath.kb.loader import load_kb
from hadath.kb.model import KnowledgeBase, nisba_forms
from hadath.kb.validate import ambiguity_report, check_kb, kb_stats

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
])
def test_kb_holder_answers_by_date(kb: KnowledgeBase, role: str, country: str, day: date, name: str) -> None:
    person = kb.holder(role, country, day)
    assert person is not None and person.name_en == name


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
