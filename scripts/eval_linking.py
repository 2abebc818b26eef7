#!/usr/bin/env python3
"""Measure how well the pipeline links the dev set's gold entities to knowledge-base actors.

The figure asked of the KB: of the gold PER, ORG and GPE entities that the pipeline
finds, what share is linked to an actor of the right country, and what share to the
right actor. The steps:

1. Predict every item of ``dev.jsonl`` as ``scripts/eval_dev.py`` does (one entity per
   actor, the dateline's place added).
2. Match predicted entities to gold ones with the set's own scorer
   (``match_entities`` with ``entity_score`` from ``score.py``: same type, overlapping
   text or equal canonical). A gold entity with a match is "found".
3. For each found gold PER/ORG/GPE: the gold country is the ``source_country`` or
   ``target_country`` of an event of the item whose actor is that canonical; failing
   that, the country of the KB record whose English name is the canonical (a country,
   a capital, a place, an organisation, a person). Gold entities whose country cannot
   be derived either way are left out of the country figure and counted.
4. Country right: the predicted actor's ``country`` equals the gold country (after the
   scorer's code aliases: NAT is NATO). Actor right: the predicted actor's ``name_en``
   equals the gold canonical (case and punctuation folded by the scorer). An entity the
   pipeline found but did not link is wrong on both counts.

    python scripts/eval_linking.py [--dev DIR] [--json] [--list]

``--list`` prints every miss so a reviewer can tell a KB gap from a linker mistake.
Exits 2 when the dev set is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from hadath.kb.loader import load_kb
from hadath.kb.model import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]
DEV_DIR = REPO.parent / "shared" / "data" / "dev-events"
TYPES = ("PER", "ORG", "GPE")


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kb_countries_by_name(kb: KnowledgeBase) -> dict[str, str]:
    """English name (folded) -> country code, from every KB table that names a thing."""
    table: dict[str, str] = {}

    def add(name: str, country: str | None) -> None:
        if name and country:
            table.setdefault(name.casefold(), country)

    for code, c in kb.countries.items():
        add(c.name_en, code)
        if c.kind != "igo":  # an IGO's seat is a city of its host state
            add(c.capital_en, code)
    for place in kb.places.values():
        add(place.name_en, place.country)
    for org in kb.orgs.values():
        add(org.name_en, org.country)
    for person in kb.people.values():
        add(person.name_en, person.country)
    return table


def gold_countries(item: dict[str, Any]) -> dict[str, str]:
    """Canonical -> country code, as the item's events give them."""
    found: dict[str, str] = {}
    for event in item.get("events", []):
        for side in ("source", "target"):
            name, code = event.get(side), event.get(f"{side}_country")
            if name and code:
                found.setdefault(name.casefold(), code)
    return found


def evaluate(dev_dir: Path, kb: KnowledgeBase) -> dict[str, Any]:
    """Run the pipeline on the dev set and return the linking figures and the misses."""
    scorer = _module("dev_score", dev_dir / "score.py")
    eval_dev = _module("eval_dev", REPO / "scripts" / "eval_dev.py")
    by_name = kb_countries_by_name(kb)
    gold_items = [json.loads(line) for line in (dev_dir / "dev.jsonl").read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "predictions.jsonl"
        eval_dev.run_predictions(dev_dir / "dev.jsonl", path)
        predicted = {o["id"]: o for o in map(json.loads, path.read_text(encoding="utf-8").splitlines())}

    counts: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    for item in gold_items:
        gold = [e for e in item["entities"] if e["type"] in TYPES]
        counts["gold"] += len(gold)
        raw = predicted.get(item["id"], {"entities": []})
        pred = scorer.from_hadath({"id": item["id"], **raw})["entities"]
        actors = [e.get("actor") or {} for e in raw.get("entities", [])]
        from_events = gold_countries(item)
        for _score, i, j in scorer.match_entities(pred, gold, scorer.entity_score):
            g, actor = gold[j], actors[i]
            counts["found"] += 1
            canonical = g["canonical"]
            key = canonical.casefold()
            # A city's country is its state even where an event codes it as the seat of an IGO.
            first, second = (by_name, from_events) if g["type"] == "GPE" else (from_events, by_name)
            want = first.get(key) or second.get(key)
            got = actor.get("country")
            name_ok = bool(actor.get("name_en")) and scorer._fold(actor["name_en"]) == scorer._fold(canonical)
            counts["actor_right"] += name_ok
            if want is None:
                counts["no_gold_country"] += 1
                country_ok = None
            else:
                counts["with_country"] += 1
                country_ok = scorer._code(got) == scorer._code(want)
                counts["country_right"] += country_ok
            if not name_ok or country_ok is False:
                misses.append({"id": item["id"], "type": g["type"], "gold": canonical, "gold_country": want,
                               "text": pred[i]["text"], "actor": actor.get("name_en"), "country": got})
    return {
        "gold_entities": counts["gold"],
        "found": counts["found"],
        "country_right": counts["country_right"],
        "with_gold_country": counts["with_country"],
        "country_rate": counts["country_right"] / max(counts["with_country"], 1),
        "actor_right": counts["actor_right"],
        "actor_rate": counts["actor_right"] / max(counts["found"], 1),
        "no_gold_country": counts["no_gold_country"],
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV_DIR, help="dev-events folder (dev.jsonl, score.py)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--list", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    if not (args.dev / "dev.jsonl").is_file():
        print(f"eval_linking: no dev set at {args.dev} (it lives in ../shared/data/dev-events)", file=sys.stderr)
        return 2
    report = evaluate(args.dev, load_kb())
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"gold PER/ORG/GPE entities: {report['gold_entities']}, found by the pipeline: {report['found']}")
    print(f"linked to the right country: {report['country_right']}/{report['with_gold_country']}"
          f" = {report['country_rate']:.3f}  ({report['no_gold_country']} without a derivable gold country)")
    print(f"linked to the right actor:   {report['actor_right']}/{report['found']} = {report['actor_rate']:.3f}")
    if args.list:
        for m in report["misses"]:
            print(f"  {m['id']} {m['type']} «{m['text']}» gold {m['gold']} ({m['gold_country']})"
                  f" -> {m['actor']} ({m['country']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
