"""Train the CRF named-entity tagger shipped in ``hadath/models``.

Reads ANERcorp's CAMeL train split from ``../shared/data/anercorp/train.txt``,
snapshots the lexicon the features use (names from hadath's KB plus a world-cities
gazetteer) into ``ner_lexicon.tsv``, fits the name-shape model (``build_shapes.py``),
and trains two CRFs (python-crfsuite, L-BFGS
with L1 + L2): the tagger, and a second stage that revises its tags with a memory
of how the same words were tagged in nearby sentences. Model selection uses a dev slice cut from the END of train; the
test split is scored once, by the final model, and never used for choices.

    python scripts/train_ner.py                 # dev check, final model, test score
    python scripts/train_ner.py --dev-only      # tune: train on train minus dev, score dev
    python scripts/train_ner.py --c1 0.05 --c2 0.01

Writes ``src/hadath/models/ner.crfsuite``, ``ner_memory.crfsuite`` and
``ner_metrics.json`` (dev and test scores of each stage, speed, size), and prints
the tables.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import build_clusters  # beside this script: python puts scripts/ on the path
import build_frequencies
import build_shapes
import pycrfsuite

from hadath.arabic.normalize import normalize
from hadath.kb import default_kb
from hadath.models.conll import Scores, read_conll, score, to_bioes
from hadath.models.features import load_features, memory_features
from hadath.models.ner import NerTagger

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ANERCORP = SHARED / "data" / "anercorp"
CITIES = SHARED / "data" / "gazetteer-world-cities" / "world-cities.csv"
MODELS = REPO / "src" / "hadath" / "models"

# KB entry types -> the lexicon classes the features mark.
KB_CLASSES = {"PER": "PER", "ORG": "ORG", "AGENCY": "ORG", "GPE": "LOC", "LOC": "LOC",
              "NORP": "NORP", "TITLE": "TITLE", "HEAD": "HEAD"}


def kb_names() -> Iterator[tuple[str, str]]:
    """(normalised form, class) pairs from whatever the KB holds now; none if it fails to load."""
    try:
        kb = default_kb()
        forms = list(kb.surface_forms())
    except Exception as exc:  # the KB is edited concurrently: a broken file must not stop training
        print(f"train_ner: KB not used ({exc})", file=sys.stderr)
        return
    for form, entry in forms:
        cls = KB_CLASSES.get(entry.type)
        if cls and form:
            yield form, cls


def city_names(path: Path) -> Iterator[tuple[str, str]]:
    """Country and city names (Arabic) from the CC BY 4.0 world-cities gazetteer."""
    if not path.is_file():
        return
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for column in ("CountryNameAr", "CityNameAr"):
                form = normalize(" ".join(row.get(column, "").split()))
                if form:
                    yield form, "LOC"


def write_lexicon(path: Path) -> int:
    """Snapshot the lexicon into ``path``; returns the number of rows."""
    rows = sorted(set(kb_names()) | set(city_names(CITIES)))
    with open(path, "w", encoding="utf-8") as out:
        out.write("# Names the NER tagger's lexicon features look up, snapshot by scripts/train_ner.py\n")
        out.write("# at training time so tagging sees the lexicon the model learned with. Sources:\n")
        out.write("# hadath's KB (kb/data/*.tsv) and the World Cities with Arabic Translations\n")
        out.write("# gazetteer (jamsshhayd/world-cities-translations, CC BY 4.0, from Wikidata).\n")
        out.write("# Classes: PER, ORG, LOC, NORP (nationality), TITLE (role noun), HEAD (org head).\n")
        out.write("form\tclass\n")
        for form, cls in rows:
            out.write(f"{form}\t{cls}\n")
    return len(rows)


Sentences = Sequence[tuple[list[str], list[str]]]


def fit(rows: Sequence[list[list[str]]], tags: Sequence[list[str]], path: Path,
        c1: float, c2: float, iterations: int) -> None:
    """Fit one CRF on feature rows into ``path``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in zip(rows, tags, strict=True):
        trainer.append(xseq, yseq)
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": iterations,
        "feature.possible_transitions": True,
    })
    trainer.train(str(path))


# The rows and tags the forked workers fit on (inherited, never pickled).
_SHARED: dict[str, Sequence[list[Any]]] = {}


def _fit_without(job: tuple[int, int, str, float, float, int]) -> str:
    """Worker: fit on all shared rows except the block ``[a, b)``."""
    a, b, path, c1, c2, iterations = job
    rows, tags = _SHARED["rows"], _SHARED["tags"]
    fit([*rows[:a], *rows[b:]], [*tags[:a], *tags[b:]], Path(path), c1, c2, iterations)
    return path


def train(sentences: Sentences, first: Path, second: Path, args: argparse.Namespace) -> float:
    """Train both stages on ``sentences``; returns seconds taken.

    The second stage learns from first-stage tags predicted by cross-validation
    over contiguous folds (articles stay whole), so it sees first-stage mistakes
    as they will be on unseen text, not the near-perfect tags of training data.
    The first-stage model and the fold models are fitted ``--workers`` at a time.
    """
    started = time.perf_counter()
    features = load_features()
    rows = [features.sentence(tokens) for tokens, _ in sentences]
    tags = [to_bioes(t) for _, t in sentences]  # the CRFs learn BIOES; the tagger returns IOB2
    n = len(sentences)
    folds = args.folds if args.folds >= 2 else 0
    bounds = [(n * k // folds, n * (k + 1) // folds) for k in range(folds)]
    fold_paths = [first.with_suffix(f".fold{k}") for k in range(folds)]
    jobs = [(0, 0, str(first), args.c1, args.c2, args.iterations)]
    jobs += [(a, b, str(p), args.c1, args.c2, args.iterations) for (a, b), p in zip(bounds, fold_paths, strict=True)]
    _SHARED.update(rows=rows, tags=tags)
    with multiprocessing.get_context("fork").Pool(max(1, args.workers)) as pool:
        for done in pool.imap_unordered(_fit_without, jobs):
            print(f"train_ner: fitted {Path(done).name}", flush=True)
    _SHARED.clear()
    if not folds:
        second.unlink(missing_ok=True)
        return time.perf_counter() - started
    predicted: list[list[str]] = []
    for (a, b), path in zip(bounds, fold_paths, strict=True):
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        predicted += [list(tagger.tag(r)) for r in rows[a:b]]
        tagger.close()
        path.unlink()
    tokens = [t for t, _ in sentences]
    memory = memory_features(features, tokens, predicted)
    rows2 = [[a + b for a, b in zip(own, m, strict=True)] for own, m in zip(rows, memory, strict=True)]
    fit(rows2, tags, second, args.c1, args.c2, args.iterations)
    return time.perf_counter() - started


def evaluate(first: Path, second: Path | None, sentences: Sentences) -> tuple[Scores, float]:
    """Scores on ``sentences`` read as one document, and tokens per second (warm cache)."""
    tagger = NerTagger(first, load_features(), second)
    docs = [tokens for tokens, _ in sentences]
    tagger.tag_sentences(docs)  # fill the word cache, as in a long-running process
    started = time.perf_counter()
    predicted = tagger.tag_sentences(docs)
    seconds = time.perf_counter() - started
    n_tokens = sum(len(t) for t in docs)
    return score([tags for _, tags in sentences], predicted), n_tokens / seconds


def report(name: str, first: Path, second: Path, sentences: Sentences, metrics: dict[str, object]) -> None:
    """Score the first stage alone and both stages; print and record both."""
    for label, memory in (("stage1", None), ("two_stage", second if second.is_file() else None)):
        if label == "two_stage" and memory is None:
            continue
        scores, speed = evaluate(first, memory, sentences)
        print(f"{name}, {label}: {speed:,.0f} tokens/s")
        print(scores.table())
        metrics[f"{name}_{label}"] = {**scores.as_dict(), "tokens_per_second": round(speed)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ANERCORP)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.1)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--dev-fraction", type=float, default=0.1)
    parser.add_argument("--folds", type=int, default=4,
                        help="cross-validation folds for the second stage; below 2, no second stage")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="CRFs fitted at once (the final model and the folds); default 2")
    parser.add_argument("--dev-only", action="store_true", help="train on train minus dev and stop")
    parser.add_argument("--skip-dev", action="store_true", help="go straight to the final model")
    parser.add_argument("--keep-clusters", action="store_true",
                        help="use ner_clusters.tsv as it is instead of rebuilding it")
    args = parser.parse_args(argv)
    train_path = args.data / "train.txt"
    test_path = args.data / "test.txt"
    if not train_path.is_file():
        print(f"train_ner: {train_path} not found (needs ../shared/data/anercorp)", file=sys.stderr)
        return 1

    if not args.keep_clusters and build_clusters.main(["--train", str(train_path)]) != 0:
        return 1
    if build_frequencies.main([]) != 0:
        if not (MODELS / "ner_frequencies.tsv.gz").is_file():
            return 1
        print("train_ner: keeping the existing ner_frequencies.tsv.gz", file=sys.stderr)
    n_lex = write_lexicon(MODELS / "ner_lexicon.tsv")
    print(f"train_ner: lexicon {n_lex} names")
    if build_shapes.main([]) != 0:  # reads the name lists, the lexicon and the frequencies
        return 1
    sentences = list(read_conll(train_path))
    cut = len(sentences) - int(len(sentences) * args.dev_fraction)
    metrics: dict[str, object] = {
        "c1": args.c1, "c2": args.c2, "iterations": args.iterations, "folds": args.folds,
        "train": "ANERcorp train (CAMeL split)", "dev": f"last {len(sentences) - cut} sentences of train",
        "test": "ANERcorp test (CAMeL split, rebuilt)",
    }
    first = MODELS / "ner.crfsuite"
    second = MODELS / "ner_memory.crfsuite"

    if not args.skip_dev:
        dev_first, dev_second = Path("/tmp/hadath_ner_dev1.crfsuite"), Path("/tmp/hadath_ner_dev2.crfsuite")
        seconds = train(sentences[:cut], dev_first, dev_second, args)
        print(f"dev: trained on {cut} sentences in {seconds:.0f}s")
        report("dev", dev_first, dev_second, sentences[cut:], metrics)
        if args.dev_only:
            return 0

    seconds = train(sentences, first, second, args)
    metrics["train_seconds"] = round(seconds, 1)
    size = first.stat().st_size + (second.stat().st_size if second.is_file() else 0)
    metrics["model_bytes"] = size
    print(f"final: trained on {len(sentences)} sentences in {seconds:.0f}s; model files {size / 1e6:.2f} MB")
    if test_path.is_file():
        report("test", first, second, list(read_conll(test_path)), metrics)
    with open(MODELS / "ner_metrics.json", "w", encoding="utf-8") as out:
        json.dump(metrics, out, indent=2, sort_keys=True)
        out.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
