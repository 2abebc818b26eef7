"""Build the word clusters the NER tagger uses as distributional features.

Each word (normalised form) seen at least ``--min-count`` times gets a vector of
positive PMI with its left and right neighbours, reduced by truncated SVD; k-means
then groups the vectors at two granularities. The output TSV has one row per word:
``word  coarse  fine``.

The shipped file must be built only from redistributable text: ANERcorp's train
split (CC BY-SA 4.0) is the default. Other text (``--extra``) is for experiments
and must not be written into the package.

    python scripts/build_clusters.py                     # -> src/hadath/models/ner_clusters.tsv
    python scripts/build_clusters.py --extra news.txt --out /tmp/clusters.tsv
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD

from hadath.arabic.normalize import normalize
from hadath.models.conll import read_conll

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TRAIN = SHARED / "data" / "anercorp" / "train.txt"
OUT = REPO / "src" / "hadath" / "models" / "ner_clusters.tsv"


def train_sentences(path: Path) -> Iterator[list[str]]:
    """Normalised token lists of a CoNLL file."""
    for tokens, _tags in read_conll(path):
        yield [normalize(t) for t in tokens]


def text_sentences(path: Path) -> Iterator[list[str]]:
    """Normalised whitespace tokens per line of a plain text file (punctuation split off)."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            words = []
            for raw in line.split():
                core = raw.strip(".,:;!?()[]«»\"'،؛؟")
                if core:
                    words.append(normalize(core))
            if words:
                yield words


def build(sentences: Iterable[list[str]], min_count: int, dims: int, sizes: tuple[int, int],
          contexts: int, seed: int) -> dict[str, tuple[int, int]]:
    """Cluster ids ``(coarse, fine)`` for every word seen ``min_count`` times."""
    sents = list(sentences)
    counts = Counter(w for s in sents for w in s)
    vocab = [w for w, c in counts.most_common() if c >= min_count and w]
    index = {w: i for i, w in enumerate(vocab)}
    ctx_words = [w for w, _ in counts.most_common(contexts)]
    ctx_index = {w: i for i, w in enumerate(ctx_words)}
    rows: list[int] = []
    cols: list[int] = []
    for sent in sents:
        padded = ["<s>", *sent, "</s>"]
        for k in range(1, len(padded) - 1):
            row = index.get(padded[k])
            if row is None:
                continue
            for side, neighbour in ((0, padded[k - 1]), (1, padded[k + 1])):
                col = ctx_index.get(neighbour)
                if col is not None:
                    rows.append(row)
                    cols.append(side * contexts + col)
    data = np.ones(len(rows), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(vocab), 2 * contexts))
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sum = np.asarray(matrix.sum(axis=1)).ravel()
    col_sum = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col] + 1e-12))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    vectors = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    labels = []
    for k in sizes:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=2048)
        labels.append(km.fit_predict(vectors))
    return {w: (int(labels[0][i]), int(labels[1][i])) for i, w in enumerate(vocab)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, default=TRAIN)
    parser.add_argument("--extra", type=Path, action="append", default=[],
                        help="more plain text (experiments only: never ship the result)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--coarse", type=int, default=64)
    parser.add_argument("--fine", type=int, default=384)
    parser.add_argument("--contexts", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if not args.train.is_file():
        print(f"build_clusters: {args.train} not found (needs ../shared/data/anercorp)", file=sys.stderr)
        return 1
    if args.extra and args.out.resolve() == OUT.resolve():
        print("build_clusters: refusing to write clusters from --extra text into the package", file=sys.stderr)
        return 1

    def sentences() -> Iterator[list[str]]:
        yield from train_sentences(args.train)
        for path in args.extra:
            yield from text_sentences(path)

    clusters = build(sentences(), args.min_count, args.dims, (args.coarse, args.fine),
                     args.contexts, args.seed)
    source = "ANERcorp train split (CC BY-SA 4.0)"
    if args.extra:
        source += " plus " + ", ".join(p.name for p in args.extra) + " (experiment: not for shipping)"
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# Word clusters for the NER tagger's features, built by scripts/build_clusters.py\n")
        out.write(f"# from {source}: PPMI over left/right neighbours, SVD, k-means at two sizes.\n")
        out.write("# Derived from CC BY-SA 4.0 data, so shared under CC BY-SA 4.0 (see NOTICE-ner.md).\n")
        out.write("word\tcoarse\tfine\n")
        for word, (coarse, fine) in sorted(clusters.items()):
            out.write(f"{word}\t{coarse}\t{fine}\n")
    print(f"build_clusters: {len(clusters)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
