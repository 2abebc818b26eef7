#!/usr/bin/env python3
"""Score the default pipeline on the dev-events set and hold it to recorded floors.

Runs ``hadath`` on every item of ``../shared/data/dev-events/dev.jsonl`` (its
``text`` and ``published``), writes the predictions as hadath/1 documents with an
added ``"id"``, scores them with the set's reference scorer (``score.py --json``),
prints entity and event precision, recall and F1 (events: country triples) and the
per-root figures, and compares the two headline F1 scores with the floors in
``benchmarks/floors.json``. Exits 1 when a score is below its floor, 2 when the dev
set is missing.

Entities are listed once per actor: the gold lists each entity once, in its most
complete form, and the scorer counts every extra mention as a false positive. So
mentions are grouped by actor id (by normalised text when unlinked) and the group's
longest surface form stands for it (``فلاديمير بوتين`` rather than ``بوتين``). The
dateline's place ("الرياض" in "الرياض 4 مارس / واس /") is an entity of the article
too; it sits in the document's ``dateline`` rather than in the body, and is added.

    python scripts/eval_dev.py [--dev DIR] [--predictions PATH] [--floors PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hadath.arabic import normalize
from hadath.doc import Doc
from hadath.errors import HadathError
from hadath.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
DEV_DIR = REPO.parent / "shared" / "data" / "dev-events"
FLOORS = REPO / "benchmarks" / "floors.json"
# The headline figures the gate holds, and where each sits in score.py's JSON.
HEADLINE = {
    "entity_f1": ("entities_overlap", "F1"),
    "event_f1": ("events", "country_triple", "F1"),
}


def predict(doc: Doc) -> dict[str, Any]:
    """The hadath/1 document for ``doc`` with each entity listed once (see module docstring)."""
    data = doc.to_dict()
    chosen: dict[str, dict[str, Any]] = {}
    for entity in data["entities"]:
        actor = entity.get("actor") or {}
        key = actor.get("id") or "text:" + normalize(entity["text"])
        best = chosen.get(key)
        if best is None or _completeness(entity) > _completeness(best):
            chosen[key] = entity
    dateline = data.get("dateline") or {}
    place = dateline.get("actor")
    if place and place["id"] not in chosen:
        # The dateline's place is an entity of the article, kept outside the body.
        chosen[place["id"]] = {"text": dateline["place"], "type": dateline["type"],
                               "start": -1, "end": -1, "actor": place}
    data["entities"] = sorted(chosen.values(), key=lambda e: (e["start"], e["end"]))
    return data


def _completeness(entity: Mapping[str, Any]) -> tuple[int, int]:
    text = entity["text"]
    return len(text.split()), len(text)


def run_predictions(dev_file: Path, out_file: Path, pipeline: Pipeline | None = None) -> list[str]:
    """Analyse every dev item into ``out_file``; returns the messages of items that failed."""
    pipeline = pipeline or Pipeline.default()
    failures = []
    with dev_file.open(encoding="utf-8") as items, out_file.open("w", encoding="utf-8") as out:
        for line in items:
            if not line.strip():
                continue
            item = json.loads(line)
            try:
                doc = pipeline.analyze(item["text"], published=item.get("published"),
                                       name=f"dev:{item['id']}")
                record = {"id": item["id"], **predict(doc)}
            except HadathError as exc:
                failures.append(str(exc))
                record = {"id": item["id"], "entities": [], "events": []}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return failures


def score(dev_dir: Path, predictions: Path) -> dict[str, Any]:
    """Run the set's reference scorer and return its JSON report."""
    result = subprocess.run(
        [sys.executable, str(dev_dir / "score.py"), str(dev_dir / "dev.jsonl"), str(predictions), "--json"],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def headline(report: Mapping[str, Any]) -> dict[str, float]:
    """The figures the gate compares with its floors, taken from a scorer report."""
    figures = {}
    for name, path in HEADLINE.items():
        value: Any = report
        for key in path:
            value = value[key]
        figures[name] = float(value)
    return figures


def load_floors(path: Path = FLOORS) -> dict[str, float]:
    """The recorded floors, ``{"entity_f1": ..., "event_f1": ...}``."""
    floors = json.loads(path.read_text(encoding="utf-8"))
    return {name: float(floors[name]) for name in HEADLINE if name in floors}


def below_floors(figures: Mapping[str, float], floors: Mapping[str, float]) -> list[str]:
    """One message per figure under its floor; empty when the gate passes."""
    return [
        f"{name} {figures[name]:.4f} is below its floor {floor:.4f}"
        for name, floor in floors.items()
        if figures[name] < floor
    ]


def evaluate(
    dev_dir: Path = DEV_DIR,
    predictions: Path | None = None,
    pipeline: Pipeline | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Predict, score and return ``(scorer report, failed items)``."""
    if predictions is not None:
        failures = run_predictions(dev_dir / "dev.jsonl", predictions, pipeline)
        return score(dev_dir, predictions), failures
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "predictions.jsonl"
        failures = run_predictions(dev_dir / "dev.jsonl", path, pipeline)
        return score(dev_dir, path), failures


def format_report(report: Mapping[str, Any]) -> str:
    """A short text summary: entities, events, per-root figures."""

    def row(name: str, d: Mapping[str, Any] | None) -> str:
        if d is None:
            return f"{name:<34} n/a"
        return (f"{name:<34} P {d['P']:.3f}  R {d['R']:.3f}  F1 {d['F1']:.3f}"
                f"   (tp {d['tp']}, pred {d['pred']}, gold {d['gold']})")

    lines = [row("entities (overlap)", report["entities_overlap"])]
    lines += [row(f"  {t}", d) for t, d in report["entities_overlap_by_type"].items()]
    lines.append(row("entities (exact text)", report["entities_exact_text"]))
    lines += [row(f"events {k}", d) for k, d in report["events"].items()]
    lines.append("events by CAMEO root (country triples):")
    lines += [row(f"  root {r}", d) for r, d in report["events_country_triple_by_root"].items()]
    lines.append("false-positive events on items without gold events: "
                 f"{report['false_positive_events_on_items_without_gold_events']}")
    lines.append(f"date accuracy on actor matches: {report['date_accuracy_on_actor_matches']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV_DIR, help="dev-events folder (dev.jsonl, score.py)")
    parser.add_argument("--predictions", type=Path, help="keep the predictions file here")
    parser.add_argument("--floors", type=Path, default=FLOORS, help="floors JSON (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the scorer's full JSON report")
    args = parser.parse_args(argv)

    if not (args.dev / "dev.jsonl").is_file():
        print(f"eval_dev: no dev set at {args.dev} (it lives in ../shared/data/dev-events)", file=sys.stderr)
        return 2
    report, failures = evaluate(args.dev, args.predictions)
    for message in failures:
        print(f"eval_dev: item failed: {message}", file=sys.stderr)
    figures = headline(report)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_report(report))
    problems = below_floors(figures, load_floors(args.floors))
    print("\n" + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if not problems:
        print(f"floors held ({args.floors})")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
