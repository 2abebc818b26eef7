#!/usr/bin/env python3
"""Measure how well event confidence ranks: precision of the top half against the bottom half.

Runs the default pipeline on ``../shared/data/dev-events/dev.jsonl`` (as
``eval_dev.py`` does), matches every predicted event (negated ones left out) to the
gold events of its item by country triple with the set's reference scorer
(``score.match_events``, symmetric types either way round), then sorts all predicted
events by confidence and prints the precision of the more confident half and of the
less confident half, and of a few confidence bands. Confidence ranks well when the top
half is clearly more precise than the bottom half.

    python scripts/confidence_report.py [--dev DIR] [--predictions PATH]

``--predictions`` reuses a predictions file written by ``eval_dev.py --predictions``.
Exits 2 when the dev set is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from eval_dev import DEV_DIR, run_predictions  # noqa: E402

BANDS = ((0.8, 1.0), (0.6, 0.8), (0.0, 0.6))


def load_scorer(dev_dir: Path) -> ModuleType:
    """The dev set's ``score.py`` as a module (its matching rules, not a copy of them)."""
    spec = importlib.util.spec_from_file_location("dev_score", dev_dir / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judged_events(dev_dir: Path, predictions: Path) -> list[tuple[float, bool]]:
    """``(confidence, correct)`` for every predicted, non-negated event of the dev set."""
    scorer = load_scorer(dev_dir)
    gold = {item["id"]: item for item in _jsonl(dev_dir / "dev.jsonl")}
    out: list[tuple[float, bool]] = []
    for record in _jsonl(predictions):
        item = gold.get(record["id"])
        if item is None:
            continue
        raw = [e for e in record.get("events", []) if not e.get("negated")]
        converted = scorer.from_hadath({**record, "schema": "hadath/1"})["events"]
        matched = {i for i, _ in scorer.match_events(converted, item["events"], scorer.key_country, True)}
        out += [(float(e.get("confidence") or 0.0), i in matched) for i, e in enumerate(raw)]
    return out


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def precision(rows: list[tuple[float, bool]]) -> str:
    if not rows:
        return "n/a (0 events)"
    right = sum(ok for _, ok in rows)
    return f"{right / len(rows):.3f} ({right}/{len(rows)})"


def report(rows: list[tuple[float, bool]]) -> str:
    ranked = sorted(rows, key=lambda r: -r[0])
    half = len(ranked) // 2
    lines = [f"events: {len(ranked)}, precision {precision(ranked)}",
             f"top half by confidence:    precision {precision(ranked[:half])}",
             f"bottom half by confidence: precision {precision(ranked[half:])}"]
    for low, high in BANDS:
        band = [r for r in ranked if low <= r[0] < high or (high == 1.0 and r[0] == 1.0)]
        lines.append(f"confidence {low:.1f}-{high:.1f}:       precision {precision(band)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV_DIR, help="dev-events folder (dev.jsonl, score.py)")
    parser.add_argument("--predictions", type=Path, help="an existing predictions file to judge")
    args = parser.parse_args(argv)
    if not (args.dev / "dev.jsonl").is_file():
        print(f"confidence_report: no dev set at {args.dev}", file=sys.stderr)
        return 2
    if args.predictions is not None:
        print(report(judged_events(args.dev, args.predictions)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "predictions.jsonl"
        run_predictions(args.dev / "dev.jsonl", path)
        print(report(judged_events(args.dev, path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
