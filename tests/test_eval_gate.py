"""The accuracy gate: the default pipeline must score at least its recorded floors.

``scripts/eval_dev.py`` is what ``make eval`` runs; these tests run the same
functions. The dev set lives outside the repo, in ``../shared/data/dev-events``;
without it the tests that need it skip.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from hadath.doc import Actor, Doc, Mention

REPO = Path(__file__).resolve().parents[1]
DEV_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev-events"


def _load_eval_dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_dev", REPO / "scripts" / "eval_dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


eval_dev = _load_eval_dev()

needs_dev_set = pytest.mark.skipif(
    not (DEV_DIR / "dev.jsonl").is_file() or not (DEV_DIR / "score.py").is_file(),
    reason=f"dev-events set not found at {DEV_DIR} (it is kept outside the repo, in ../shared)",
)


def test_eval_gate_floors_file_names_both_figures():
    floors = eval_dev.load_floors()
    assert set(floors) == {"entity_f1", "event_f1"}
    assert all(0.0 <= v <= 1.0 for v in floors.values())


def test_eval_gate_lists_each_actor_once_in_its_fullest_form():
    putin = Actor("Q7747", "Vladimir Putin", "فلاديمير بوتين", country="RUS", kind="person")
    body = "قال فلاديمير بوتين إن موسكو ترحب، وأضاف بوتين أن روسيا مستعدة."
    doc = Doc(body=body)
    for text, kind, actor in (("فلاديمير بوتين", "PER", putin), ("موسكو", "GPE", None),
                              ("بوتين", "PER", putin), ("روسيا", "GPE", None)):
        start = body.index(text, body.index("وأضاف") if text == "بوتين" else 0)
        doc.mentions.append(Mention(text, start, start + len(text), kind, actor))
    entities = eval_dev.predict(doc)["entities"]
    assert [e["text"] for e in entities] == ["فلاديمير بوتين", "موسكو", "روسيا"]


def test_eval_gate_reports_figures_below_floors():
    floors = {"entity_f1": 0.5, "event_f1": 0.3}
    assert eval_dev.below_floors({"entity_f1": 0.6, "event_f1": 0.3}, floors) == []
    problems = eval_dev.below_floors({"entity_f1": 0.49, "event_f1": 0.3}, floors)
    assert len(problems) == 1 and "entity_f1" in problems[0]


@needs_dev_set
def test_eval_gate_scorer_gives_gold_full_marks(tmp_path):
    """The plumbing to score.py and back: the gold scored against itself is perfect."""
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes((DEV_DIR / "dev.jsonl").read_bytes())
    figures = eval_dev.headline(eval_dev.score(DEV_DIR, gold))
    assert figures == {"entity_f1": 1.0, "event_f1": 1.0}


@needs_dev_set
def test_eval_gate_default_pipeline_holds_its_floors(tmp_path):
    predictions = tmp_path / "predictions.jsonl"
    report, failures = eval_dev.evaluate(DEV_DIR, predictions)
    assert failures == []
    lines = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 80 and all(line["schema"] == "hadath/1" for line in lines)
    figures = eval_dev.headline(report)
    problems = eval_dev.below_floors(figures, eval_dev.load_floors())
    assert problems == [], "\n".join(problems)
