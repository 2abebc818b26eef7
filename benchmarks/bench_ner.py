"""Speed and size of the shipped NER tagger: load time, tokens per second on one core.

    python benchmarks/bench_ner.py              # ANERcorp test tokens if ../shared is there
    python benchmarks/bench_ner.py --repeat 3

Without the shared data it tags sentences of its own, repeated to a similar size.
Speed is measured sentence by sentence (``tag``), cold (every word type new to the
feature cache) and warm (a second pass, as in a long-running process), and for the
whole file as one document (``tag_sentences``, warm). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEST = REPO.parent / "shared" / "data" / "anercorp" / "test.txt"
OWN = [
    "التقى وزير الخارجية الأردني أيمن الصفدي نظيره الفرنسي في باريس أمس",
    "وقال المتحدث باسم الحكومة إن الوفد سيزور القاهرة والرياض الأسبوع المقبل",
    "أعلنت شركة النفط الوطنية عن اكتشاف حقل جديد قرب مدينة البصرة",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="warm passes to average")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    started = time.perf_counter()
    from hadath.models.ner import load_ner

    tagger = load_ner()
    load_seconds = time.perf_counter() - started

    if TEST.is_file():
        from hadath.models.conll import read_conll

        sentences = [tokens for tokens, _ in read_conll(TEST)]
        source = "ANERcorp test"
    else:
        sentences = [s.split() for s in OWN] * 1000
        source = "built-in sentences"
    n_tokens = sum(len(s) for s in sentences)

    started = time.perf_counter()
    for tokens in sentences:
        tagger.tag(tokens)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for tokens in sentences:
            tagger.tag(tokens)
        warm.append(time.perf_counter() - started)
    started = time.perf_counter()
    tagger.tag_sentences(sentences)
    document = time.perf_counter() - started
    result = {
        "source": source,
        "tokens": n_tokens,
        "load_seconds": round(load_seconds, 3),
        "tokens_per_second_cold": round(n_tokens / cold),
        "tokens_per_second_warm": round(n_tokens / min(warm)),
        "tokens_per_second_document": round(n_tokens / document),
        "model_bytes": sum(p.stat().st_size for p in tagger.path.parent.glob("ner*.crfsuite")),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
