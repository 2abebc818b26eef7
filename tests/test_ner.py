"""The shipped NER model, its features and the conlleval-style scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pycrfsuite
import pytest

from hadath.models.conll import chunks, read_conll, score, to_bioes, to_iob2
from hadath.models.crf import CrfDecoder
from hadath.models.features import (
    Features,
    NameShapes,
    frequency_features,
    load_features,
    memory_features,
    read_frequencies,
    read_shapes,
    shape_ngrams,
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


@pytest.mark.parametrize(
    ("iob2", "bioes"),
    [
        (["B-PERS", "I-PERS", "I-PERS", "O", "B-LOC"], ["B-PERS", "I-PERS", "E-PERS", "O", "S-LOC"]),
        (["B-LOC", "B-LOC", "I-LOC"], ["S-LOC", "B-LOC", "E-LOC"]),
        (["O", "B-ORG"], ["O", "S-ORG"]),
        ([], []),
    ],
)
def test_conll_bioes_round_trip(iob2: list[str], bioes: list[str]) -> None:
    assert to_bioes(iob2) == bioes
    assert to_iob2(bioes) == iob2
    assert to_iob2(iob2) == iob2  # IOB2 passes through


def test_conll_bioes_reads_a_stray_inside_tag_as_a_chunk() -> None:
    assert to_bioes(["O", "I-ORG", "I-ORG"]) == ["O", "B-ORG", "E-ORG"]


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


def test_features_lexicon_matches_whole_names_only() -> None:
    lexicon = {"محمد": {"PER"}, "محمد بن سلمان": {"PER"}, "محمد بن راشد": {"PER"}}
    fx = Features(lexicon=lexicon, triggers={}, clusters={})
    feats = fx.sentence(words("التقى محمد بن سلمان ثم محمد بن زايد"))
    assert feats[1].count("L=B-PER") == 2  # the one-word name and the three-word one
    assert "L=I-PER" in feats[2] and "L=I-PER" in feats[3]
    assert feats[5].count("L=B-PER") == 1  # محمد بن زايد is not listed: only محمد
    assert not any(f.startswith("L=") for f in feats[6] + feats[7])


def test_features_words_of_longer_names_hint_alone() -> None:
    fx = Features(lexicon={"كيني ميلر": {"PER"}, "بو": {"LOC"}}, triggers={}, clusters={})
    feats = fx.sentence(words("وسجل ميلر هدفا"))
    assert "tk=PER" in feats[1]
    assert not any(f.startswith("tk=") for f in feats[0] + feats[2])


def test_features_quoted_names_carry_the_word_before_the_quote() -> None:
    fx = Features(lexicon={}, triggers={}, clusters={"برنامج": ("1", "2")})
    feats = fx.sentence(words("يقدم برنامج « صباح الخير يا عرب » كل يوم"))
    assert {"q=first", "qh=برنامج"} <= set(feats[3])
    assert "q=in" in feats[4] and "q=last" in feats[6]
    assert not any(f.startswith("q") for f in feats[1] + feats[8])
    # an unclosed quote marks nothing
    assert not any(f.startswith("q=") for row in fx.sentence(words("قال « إن الوضع صعب")) for f in row)


def test_features_nationality_after_a_name_tells_its_gender() -> None:
    fx = Features(lexicon={"الفرنسي": {"NORP"}, "الفرنسيه": {"NORP"}}, triggers={}, clusters={})
    club = fx.sentence(words("فاز ليون الفرنسي"))[1]
    city = fx.sentence(words("في ليون الفرنسية"))[1]
    assert "+1N=m" in club and "+1N=f" in city


def test_shape_ngrams_mark_the_word_ends() -> None:
    grams = shape_ngrams("بوش")
    assert grams[:4] == ["^ب", "بو", "وش", "ش$"]
    assert "^بوش$" in grams
    assert all(2 <= len(g) <= 5 for g in grams)


def test_name_shapes_score_ngrams_linearly() -> None:
    # Toy weights of our own: "سكي$" pulls towards PER, "^ال" towards WORD.
    shapes = NameShapes({"كي$": [2.0, 0.0, 0.0, -1.0], "^ال": [-1.0, 0.0, 0.0, 2.0]}, [0.0, 0.0, 0.0, 0.0])
    per, _loc, _org, word = shapes.probabilities("كوفالسكي")
    assert per > 0.7 and word < 0.1
    assert shapes.probabilities("الكتاب")[3] > 0.7
    assert sum(shapes.probabilities("مجهول")) == pytest.approx(1.0)
    assert shapes.features("كوفالسكي")[0] == "nPER=3"


def test_name_shapes_shipped_model_tells_names_from_words() -> None:
    shapes = read_shapes()
    assert shapes is not None
    # Made-up transliterations (in no list) against ordinary inflected words.
    for name in ("زاخارشينكوفسكي", "بيرتولاتشيني", "كوناتيغوفيتش"):
        assert shapes.probabilities(name)[3] < 0.5, name
    for word in ("المفاوضات", "والتصريحات", "الاجتماعية"):
        assert shapes.probabilities(word)[3] > 0.5, word


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


def _toy_features() -> Features:
    return Features(lexicon={"بغداد": {"LOC"}}, triggers={"الرئيس": {"title"}}, clusters={})


def _toy_crf(tmp_path: Path) -> Path:
    """A small CRF trained on sentences of our own, with a feature set like the tagger's."""
    fx = _toy_features()
    sentences = [
        (words("قال الرئيس طالباني في بغداد"), ["O", "O", "S-PERS", "O", "S-LOC"]),
        (words("وصل طالباني إلى بغداد"), ["O", "S-PERS", "O", "S-LOC"]),
        (words("التقى الرئيس جلال طالباني"), ["O", "O", "B-PERS", "E-PERS"]),
        (words("عاد الوفد إلى عمان"), ["O", "O", "O", "S-LOC"]),
    ]
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, tags in sentences:
        trainer.append(fx.sentence(tokens), tags)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True})
    path = tmp_path / "toy.crfsuite"
    trainer.train(str(path))
    return path


def test_crf_decoder_agrees_with_crfsuite(tmp_path: Path) -> None:
    fx = _toy_features()
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(_toy_crf(tmp_path)))
    decoder = CrfDecoder(crfsuite)
    for text in ("طالباني", "قال طالباني", "قال الرئيس جلال طالباني في بغداد أمس",
                 "وصل الوفد إلى عمان ثم إلى بغداد", "بغداد بغداد بغداد"):
        tokens = words(text)
        assert decoder.tag(fx, tokens) == crfsuite.tag(fx.sentence(tokens)), text
    assert decoder.tag(fx, []) == []
    # extra per-token features count like the sentence's own
    more = [["y=S-PERS"], ["L=B-LOC"]]
    assert decoder.tag(fx, ["قال", "فلان"], more) == crfsuite.tag(
        [a + b for a, b in zip(fx.sentence(["قال", "فلان"]), more, strict=True)])


def test_crf_decoder_cache_overflow_keeps_the_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fx = _toy_features()
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(_toy_crf(tmp_path)))
    monkeypatch.setattr("hadath.models.crf._CACHE_WORDS", 4)
    decoder = CrfDecoder(crfsuite)  # room for four word types
    # longer than the cache (no caching), then sentences that make it start afresh
    for text in ("قال الرئيس جلال طالباني في بغداد أمس", "وصل طالباني إلى بغداد",
                 "عاد الوفد إلى عمان", "قال طالباني", "وصل طالباني إلى بغداد"):
        tokens = words(text)
        assert decoder.tag(fx, tokens) == crfsuite.tag(fx.sentence(tokens)), text


def test_crf_decoder_agrees_with_crfsuite_on_the_shipped_model() -> None:
    tagger = load_ner()
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(tagger.path))
    fx = load_features()
    for text in ("التقى وزير الخارجية الأردني أيمن الصفدي نظيره الفرنسي في باريس",
                 "وقال المتحدث باسم الأمم المتحدة ستيفان دوجاريك إن الوضع في غزة كارثي",
                 "فاز ليون الفرنسي على ضيفه بورتو البرتغالي في دوري أبطال أوروبا"):
        tokens = words(text)
        assert tagger.tag(tokens) == to_iob2(crfsuite.tag(fx.sentence(tokens))), text


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
