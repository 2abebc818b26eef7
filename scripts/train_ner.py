"""Train the CRF named-entity tagger shipped in ``hadath/models``.

Reads ANERcorp's CAMeL train split from ``../shared/data/anercorp/train.txt``,
snapshots the lexicon the features use (names from hadath's KB plus a world-cities
gazetteer) into ``ner_lexicon.tsv``, and trains a CRF (python-crfsuite, L-BFGS
with L1 + L2). Model selection uses a dev slice cut from the END of train; the
test split is scored once, by the final model, and never used for choices.

    python scripts/train_ner.py                 # dev check, final model, test score
    python scripts/train_ner.py --dev-only      # tune: train on train minus dev, score dev
    python scripts/train_ner.py --c1 0.05 --c2 0.01

Writes ``src/hadath/models/ner.crfsuite`` and ``ner_metrics.json`` (dev and test
scores, speed, size), then prints the tables.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pycrfsuite

from hadath.arabic.normalize import normalize
from hadath.kb import default_kb
from hadath.models.conll import Scores, read_conll, score
from hadath.models.features import Features, load_features

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


def featurize(features: Features, sentences: Sequence[tuple[list[str], list[str]]]) -> list[list[list[str]]]:
    return [features.sentence(tokens) for tokens, _ in sentences]


def train(features: Features, sentences: Sequence[tuple[list[str], list[str]]], path: Path,
          c1: float, c2: float, iterations: int) -> float:
    """Fit a CRF on ``sentences`` into ``path``; returns seconds taken."""
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, (_, tags) in zip(featurize(features, sentences), sentences, strict=True):
        trainer.append(xseq, tags)
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": iterations,
        "feature.possible_transitions": True,
        "feature.minfreq": 1,
    })
    trainer.train(str(path))
    return time.perf_counter() - started


def evaluate(features: Features, model: Path, sentences: Sequence[tuple[list[str], list[str]]]
             ) -> tuple[Scores, float]:
    """Scores on ``sentences`` and tokens per second (features + decoding, warm cache excluded)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    started = time.perf_counter()
    predicted = [tagger.tag(features.sentence(tokens)) for tokens, _ in sentences]
    seconds = time.perf_counter() - started
    tokens = sum(len(t) for t, _ in sentences)
    return score([tags for _, tags in sentences], predicted), tokens / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ANERCORP)
    parser.add_argument("--out", type=Path, default=MODELS / "ner.crfsuite")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.1)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--dev-fraction", type=float, default=0.1)
    parser.add_argument("--dev-only", action="store_true", help="train on train minus dev and stop")
    parser.add_argument("--skip-dev", action="store_true", help="go straight to the final model")
    args = parser.parse_args(argv)
    train_path = args.data / "train.txt"
    test_path = args.data / "test.txt"
    if not train_path.is_file():
        print(f"train_ner: {train_path} not found (needs ../shared/data/anercorp)", file=sys.stderr)
        return 1

    n_lex = write_lexicon(MODELS / "ner_lexicon.tsv")
    features = load_features()
    print(f"train_ner: lexicon {n_lex} names")
    sentences = list(read_conll(train_path))
    cut = len(sentences) - int(len(sentences) * args.dev_fraction)
    metrics: dict[str, object] = {"c1": args.c1, "c2": args.c2, "iterations": args.iterations}

    if not args.skip_dev:
        dev_model = args.out.with_suffix(".dev.crfsuite") if args.dev_only else Path("/tmp/ner.dev.crfsuite")
        seconds = train(features, sentences[:cut], dev_model, args.c1, args.c2, args.iterations)
        dev, speed = evaluate(features, dev_model, sentences[cut:])
        print(f"dev ({len(sentences) - cut} sentences from the end of train; trained in {seconds:.0f}s)")
        print(dev.table())
        metrics["dev"] = dev.as_dict()
        if args.dev_only:
            dev_model.unlink(missing_ok=True)
            return 0

    seconds = train(features, sentences, args.out, args.c1, args.c2, args.iterations)
    metrics["train_seconds"] = round(seconds, 1)
    metrics["model_bytes"] = args.out.stat().st_size
    if test_path.is_file():
        test_sents = list(read_conll(test_path))
        evaluate(features, args.out, test_sents[:50])  # warm the type cache a little, like a running service
        test, speed = evaluate(features, args.out, test_sents)
        print("test (ANERcorp, CAMeL split, rebuilt)")
        print(test.table())
        print(f"tokens/s {speed:,.0f}; model {metrics['model_bytes'] / 1e6:.2f} MB; trained in {seconds:.0f}s")
        metrics["test"] = test.as_dict()
        metrics["tokens_per_second"] = round(speed)
    with open(MODELS / "ner_metrics.json", "w", encoding="utf-8") as out:
        json.dump(metrics, out, indent=2, sort_keys=True)
        out.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
