"""Build the name-shape model the NER tagger's features read.

A word the tagger never met in training may still look like a name: foreign
surnames transliterate with endings Arabic words seldom have (-سكي، -وفيتش، -يني،
-ورا), towns share theirs (-ستان، -آباد، -غراد), and the internal letter patterns of
an ordinary Arabic noun or verb differ from a transliterated name's. This script
fits a linear model over character n-grams that tells which of four kinds a single
word belongs to: a word of a person's name, of a place's name, of an
organisation's name, or an ordinary word. The positives are the words of hadath's
own name lists (``ner_names.tsv``, ``ner_given_names.tsv``, ``ner_lexicon.tsv``);
the ordinary words are those of the general frequency table that are in no list.
No annotated corpus is used, so the model says nothing about ANERcorp's test split.

The output, ``ner_shapes.tsv.gz``, holds one row per n-gram with its weight for
each kind, plus a ``<bias>`` row; ``hadath.models.features.NameShapes`` reads it.

    python scripts/build_shapes.py      # -> src/hadath/models/ner_shapes.tsv.gz
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from hadath.arabic.normalize import normalize
from hadath.models.features import KINDS, read_frequencies, read_tsv, shape_ngrams

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "hadath" / "models" / "ner_shapes.tsv.gz"

HEADER = """\
# Character n-gram weights of a linear model telling whether a single word belongs to
# a person's name (PER), a place's name (LOC), an organisation's name (ORG) or is an
# ordinary word (WORD). Fitted by scripts/build_shapes.py on hadath's own name lists and
# on the words of ner_frequencies.tsv.gz (from wordfreq, CC BY-SA 4.0; see NOTICE-ner.md).
ngram\tPER\tLOC\tORG\tWORD
"""

# Words inside names that are ordinary words or name particles, not name-shaped.
_PARTICLES = {"بن", "ابن", "بنت", "ابو", "ابي", "ال", "آل", "عبد", "دي", "دو", "فان", "فون", "لا", "لو"}


def arabic(word: str) -> bool:
    """Whether ``word`` is all Arabic letters (no digits, Latin or punctuation)."""
    return len(word) >= 2 and all("\u0621" <= ch <= "\u064a" for ch in word)


def labelled_words(min_zipf: float) -> tuple[list[str], list[str]]:
    """(word, kind) training pairs: name words from the lists, ordinary words from the frequency table."""
    kinds: dict[str, set[str]] = {}

    def add(form: str, kind: str) -> None:
        for word in normalize(form).split():
            if arabic(word) and word not in _PARTICLES:
                kinds.setdefault(word, set()).add(kind)

    for cells in read_tsv("ner_names.tsv"):
        if len(cells) >= 2 and cells[1] in ("PER", "LOC", "ORG"):
            add(cells[0], cells[1])
    for cells in read_tsv("ner_lexicon.tsv"):
        if len(cells) >= 2 and cells[1] in ("PER", "LOC", "ORG"):
            add(cells[0], cells[1])
    for cells in read_tsv("ner_given_names.tsv"):
        if cells:
            add(cells[0], "PER")
    # Organisation names are mostly ordinary words (الاتحاد، الوطني); keep only their rarer words.
    frequencies = read_frequencies()
    for word, found in kinds.items():
        if "ORG" in found and frequencies.get(word, 0.0) >= 4.0:
            found.discard("ORG")
    words: list[str] = []
    labels: list[str] = []
    for word, found in sorted(kinds.items()):
        for kind in sorted(found):
            words.append(word)
            labels.append(kind)
    for word, zipf in sorted(frequencies.items()):
        if zipf >= min_zipf and word not in kinds and arabic(word):
            words.append(word)
            labels.append("WORD")
    return words, labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-zipf", type=float, default=2.5, help="ordinary words at least this frequent")
    parser.add_argument("--min-df", type=int, default=3, help="n-grams seen in fewer words are dropped")
    parser.add_argument("--C", type=float, default=2.0, help="inverse L2 strength")
    parser.add_argument("--min-weight", type=float, default=0.02, help="n-grams with smaller weights are not written")
    args = parser.parse_args(argv)
    words, labels = labelled_words(args.min_zipf)
    if not words:
        print("build_shapes: no name lists found beside hadath.models", file=sys.stderr)
        return 1
    vectorizer = CountVectorizer(analyzer=shape_ngrams, min_df=args.min_df, binary=True)
    matrix = vectorizer.fit_transform(words)
    model = LogisticRegression(C=args.C, max_iter=300, class_weight="balanced")
    model.fit(matrix, labels)
    order = [list(model.classes_).index(kind) for kind in KINDS]
    weights = model.coef_[order].T  # n-grams x kinds
    bias = model.intercept_[order]
    counts = {kind: labels.count(kind) for kind in KINDS}
    print(f"build_shapes: {len(words)} words {counts}, {matrix.shape[1]} n-grams, "
          f"train accuracy {model.score(matrix, labels):.3f}")
    kept = 0
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(HEADER.encode("utf-8"))
        packed.write(("<bias>\t" + "\t".join(f"{b:.2f}" for b in bias) + "\n").encode())
        for ngram, row in sorted(zip(vectorizer.get_feature_names_out(), weights, strict=True)):
            if np.abs(row).max() >= args.min_weight:
                packed.write((ngram + "\t" + "\t".join(f"{w:.2f}" for w in row) + "\n").encode())
                kept += 1
    print(f"build_shapes: {kept} n-grams -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
