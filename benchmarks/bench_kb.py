#!/usr/bin/env python3
"""What the knowledge base costs at start-up: load time, memory, gazetteer build time.

Each figure is taken in a fresh interpreter, so nothing is cached or already imported:

* ``load_s``: ``load_kb()`` (reading and parsing the shipped TSV files), after
  ``import hadath.kb.loader`` has been paid for;
* ``rss_added_mb``: resident memory after the load minus before it (from
  ``/proc/self/statm`` where there is one, else the peak from ``getrusage``);
* ``gazetteer_s``: building the Aho-Corasick gazetteer over every surface form, as the
  entity recogniser does at start-up; ``surface_forms`` and ``gazetteer_rss_added_mb``
  go with it.

The figures are the median of ``--runs`` fresh processes. The issue's targets are a load
of at most 1 s and at most 150 MB added; the script prints them beside the figures and
exits 1 when one is missed (``--no-check`` only reports).

    python benchmarks/bench_kb.py [--runs 5] [--out out/bench_kb.json] [--no-check]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

TARGETS = {"load_s": 1.0, "rss_added_mb": 150.0}

# Runs in a fresh interpreter per measurement.
_PROBE = """
import json, os, resource, time

def rss_mb():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from hadath.kb.gazetteer import Gazetteer
from hadath.kb.loader import load_kb
before = rss_mb()
t0 = time.perf_counter()
kb = load_kb()
t1 = time.perf_counter()
loaded = rss_mb()
forms = list(kb.surface_forms())
t2 = time.perf_counter()
Gazetteer(forms)
t3 = time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "rss_added_mb": loaded - before, "gazetteer_s": t3 - t2,
                  "surface_forms_s": t2 - t1, "surface_forms": len(forms),
                  "gazetteer_rss_added_mb": rss_mb() - loaded}))
"""


def measure_once() -> dict[str, float]:
    """One fresh-process measurement."""
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(out.stdout)
    return figures


def measure(runs: int) -> dict[str, float]:
    """The median of each figure over ``runs`` fresh processes."""
    samples = [measure_once() for _ in range(runs)]
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes to take the median of")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--no-check", action="store_true", help="report only; do not compare with the targets")
    args = parser.parse_args(argv)
    figures = measure(max(args.runs, 1))
    for key, value in figures.items():
        target = TARGETS.get(key)
        suffix = f"   (target <= {target:g})" if target is not None else ""
        print(f"{key:<24} {value:10.3f}{suffix}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    missed = [k for k, limit in TARGETS.items() if figures[k] > limit]
    for key in missed:
        print(f"MISSED: {key} {figures[key]:.3f} > {TARGETS[key]:g}", file=sys.stderr)
    return 1 if missed and not args.no_check else 0


if __name__ == "__main__":
    raise SystemExit(main())
