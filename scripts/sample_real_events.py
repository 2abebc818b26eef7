#!/usr/bin/env python3
"""Print the events the pipeline codes on a fixed random sample of real news articles.

For judging accuracy on text nobody on the team wrote: draws ``--n`` articles (30 by
default) with a fixed seed from ``../shared/data/saudinewsnet/articles.jsonl``
(research-only data: it is read from the shared folder and never copied into the
repository), runs the default pipeline on each (title line, then the body, published
on the crawl date) and prints every coded event — source, CAMEO code, target,
negation, confidence, trigger — with its evidence sentence, for a person to mark
correct / wrong source / wrong target / wrong code / not an event.

    python scripts/sample_real_events.py [--n 30] [--seed 20250301] [--articles PATH]

Exits 2 when the articles file is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from hadath.doc import Actor, Event
from hadath.errors import HadathError
from hadath.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
SEED = 20250301


def sample(path: Path, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` articles drawn without replacement with ``seed``, in file order."""
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    chosen = sorted(random.Random(seed).sample(range(len(lines)), min(n, len(lines))))
    return [json.loads(lines[i]) for i in chosen]


def _actor(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    return f"{actor.name_en} [{actor.country or '?'}]"


def describe(number: int, event: Event) -> str:
    flag = " NEGATED" if event.negated else ""
    return (f"  E{number}: {_actor(event.source)} --{event.cameo}--> {_actor(event.target)}"
            f"  conf {event.confidence:.2f}{flag}  trigger «{event.trigger}»\n"
            f"      {event.evidence.strip()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if not args.articles.is_file():
        print(f"sample_real_events: no articles at {args.articles}", file=sys.stderr)
        return 2
    pipeline = Pipeline.default()
    total = 0
    for article in sample(args.articles, args.n, args.seed):
        text = "\n".join(part for part in (article.get("title"), article.get("content")) if part)
        published = (article.get("date_extracted") or "")[:10] or None
        try:
            doc = pipeline.analyze(text, published=published, name=str(article.get("id")))
        except HadathError as exc:
            print(f"== {article.get('id')}: failed: {exc}")
            continue
        events = [e for e in doc.events]
        print(f"== {article.get('id')} ({article.get('source')}): {len(events)} events")
        for event in events:
            total += 1
            print(describe(total, event))
    print(f"\n{total} events in {args.n} articles (seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
