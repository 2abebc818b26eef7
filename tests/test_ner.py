"""The shipped NER model, its features and the conlleval-style scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hadath.models.conll import chunks, read_conll, score
from hadath.models.features import (
    Features,
    frequency_features,
    load_features,
    memory_features,
    read_frequencies,
)
from hadath.models.ner import load_ner, tag_conll

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
FLOOR = REPO / "benchmarks" / "ner_floor.json"


def words(text: str) -> list[str]:
    return text.split()


# -- scorer --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PERS", "I-PERS", "O", "B-LOC"], [(0, 2, "PERS"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "O"], [(0, 2, "ORG")]),  # I- after O opens a chunk
        (["B-LOC", "B-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
        (["B-PERS", "I-LOC"], [(0, 1, "PERS"), (1, 2, "LOC")]),  # type change opens a chunk
        (["O", "O"], []),
    ],
)
def test_conll_chunks_follow_conlleval(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert chunks(tags) == expected


def test_conll_score_counts_exact_matches_only() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-ORG", "I-ORG", "B-MISC"]]
    s = score(gold, pred)
    # predicted: PERS(0,1) wrong boundary, LOC right, ORG right, MISC spurious
    assert (s.micro.correct, s.micro.predicted, s.micro.gold) == (2, 4, 3)
    assert s.micro.precision == pytest.approx(0.5)
    assert s.micro.recall == pytest.approx(2 / 3)
    assert s.micro.f1 == pytest.approx(4 / 7)
    assert s.by_type["PERS"].f1 == 0.0
    assert s.by_type["LOC"].f1 == 1.0
    assert s.by_type["MISC"].precision == 0.0
    assert s.accuracy == pytest.approx(5 / 7)


def test_conll_score_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError):
        score([["O", "O"]], [["O"]])


def test_conll_read_splits_sentences(tmp_path: Path) -> None:
    path = tmp_path / "mini.txt"
    path.write_text("زار B-PERS\nعمان B-LOC\n\n\nقال O\n", encoding="utf-8")
    assert list(read_conll(path)) == [(["زار", "عمان"], ["B-PERS", "B-LOC"]), (["قال"], ["O"])]


# -- features --------------------------------------------------------------------
def test_features_mark_lexicon_names_through_clitics() -> None:
    fx = Features(lexicon={"الامم المتحده": {"ORG"}}, triggers={"وزير": {"title"}}, clusters={})
    feats = fx.sentence(["قال", "وزير", "وللأمم", "المتحدة"])
    assert "L=B-ORG" in feats[2]
    assert "L=I-ORG" in feats[3]
    assert "-1t=title" in feats[2]
    assert not any(f.startswith("L=") for f in feats[0])


def test_frequency_features_tell_a_name_from_an_ordinary_word() -> None:
    # Our own toy frequencies: an adjective common with the article and endings, a
    # surname that never takes them, and a word that has the article already.
    table = {"كبير": 5.7, "الكبير": 5.2, "كبيره": 5.6, "شولتس": 3.4, "العاصمه": 5.0, "عاصمه": 4.8}
    assert frequency_features(table, ["كبير"]) == ["zf=5", "za=m1", "zi=0"]
    assert frequency_features(table, ["وشولتس", "شولتس"]) == ["zf=3", "za=m3", "zi=m3"]
    assert frequency_features(table, ["العاصمه"])[:2] == ["zf=5", "zb=0"]
    assert frequency_features({}, ["مجهول"]) == ["zf=0", "za=0", "zi=0"]


def test_features_shipped_frequencies_know_common_words_and_names() -> None:
    table = read_frequencies()
    assert len(table) > 100_000
    assert table["قال"] > table["ميركل"] > 0  # keys are normalised forms
    fx = load_features()
    ordinary, name = fx.sentence(["الكبير", "وميركل"])
    assert "zb=p" in ordinary  # كبير is even commoner than الكبير
    assert "za=m3" in name  # nobody writes الميركل


def test_features_shipped_name_list_marks_people_and_bodies() -> None:
    fx = load_features()
    feats = fx.sentence(words("استقبل جلال طالباني وفدا من حزب الليكود"))
    assert "L=B-PER" in feats[1] and "L=I-PER" in feats[2]
    assert "L=B-ORG" in feats[6]


def test_features_stem_is_a_known_reading() -> None:
    fx = Features(lexicon={}, triggers={}, clusters={"بغداد": ("1", "7")})
    feats = fx.sentence(["وبغداد"])[0]
    assert "s=بغداد" in feats
    assert "c0=1" in feats


def test_features_memory_recalls_a_name_through_its_clitic() -> None:
    fx = Features(lexicon={}, triggers={}, clusters={})
    sentences = [["قال", "الرئيس", "طالباني"], ["وأكد", "وطالباني", "ذلك"]]
    first = [["O", "O", "B-PERS"], ["O", "O", "O"]]
    memory = memory_features(fx, sentences, first)
    assert "m=PERS" in memory[1][1]
    assert "y=O" in memory[1][1]
    assert not any(f.startswith("m=") for f in memory[1][0])
    # a token does not remember itself
    assert not any(f.startswith("m=") for f in memory[0][2])


def test_features_memory_forgets_beyond_its_window() -> None:
    fx = Features(lexicon={}, triggers={}, clusters={})
    sentences = [["البدري"], *[["ثم"]] * 5, ["البدري"]]
    first = [["B-PERS"], *[["O"]] * 5, ["O"]]
    assert "m=PERS" in memory_features(fx, sentences, first, window=6)[6][0]
    assert not any(f.startswith("m=") for f in memory_features(fx, sentences, first, window=5)[6][0])


def test_features_shipped_files_load() -> None:
    fx = load_features()
    feats = fx.sentence(["الرئيس", "محمد"])
    assert "t=title" in feats[0]
    assert "t=given" in feats[1]


# -- the shipped model -------------------------------------------------------------
def test_ner_tags_a_sentence_of_our_own() -> None:
    tokens = words("التقى وزير الخارجية الأردني أيمن الصفدي نظيره الفرنسي في باريس")
    spans = load_ner().spans(tokens)
    kinds = {kind for _, _, kind in spans}
    assert "PERS" in kinds and "LOC" in kinds
    assert (9, 10, "LOC") in spans
    assert any(start <= 4 < end and kind == "PERS" for start, end, kind in spans)


def test_ner_tag_returns_one_iob2_tag_per_token() -> None:
    tokens = words("وصل الرئيس المصري إلى القاهرة قادما من الرياض بعد لقاء مع الملك")
    tags = load_ner().tag(tokens)
    assert len(tags) == len(tokens)
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    assert tags[4] == "B-LOC"
    assert tags[7] == "B-LOC"
    assert load_ner().tag([]) == []


def test_ner_tag_sentences_keeps_shape() -> None:
    sentences = [words("وصل الوفد إلى عمان"), [], words("وقال المتحدث إن الاجتماع انتهى")]
    tags = load_ner().tag_sentences(sentences)
    assert [len(t) for t in tags] == [4, 0, 5]


def test_ner_load_is_cached() -> None:
    assert load_ner() is load_ner()


def test_ner_tag_conll_prints_token_gold_predicted(tmp_path: Path) -> None:
    path = tmp_path / "mini.txt"
    path.write_text("سافر O\nإلى O\nدمشق B-LOC\n\nانتهى O\n", encoding="utf-8")
    lines = list(tag_conll(path))
    assert lines[2] == "دمشق B-LOC B-LOC"
    assert lines[3] == ""
    assert len(lines) == 6


# -- regression gate ---------------------------------------------------------------
def test_ner_anercorp_test_f1_holds_its_floor() -> None:
    test_file = SHARED / "data" / "anercorp" / "test.txt"
    if not test_file.is_file():
        pytest.skip(f"needs {test_file} (ANERcorp in the shared data folder beside the repository)")
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))
    gold: list[list[str]] = []
    predicted: list[list[str]] = []
    tokens: list[str] = []
    for line in tag_conll(test_file):
        if not line:
            if tokens:
                gold.append([g for _, g, _ in (t.split(" ") for t in tokens)])
                predicted.append([p for _, _, p in (t.split(" ") for t in tokens)])
            tokens = []
            continue
        tokens.append(line)
    s = score(gold, predicted)
    assert s.micro.f1 >= floor["micro_f1"], s.table()
    for kind, value in floor["by_type_f1"].items():
        assert s.by_type[kind].f1 >= value, s.table()
