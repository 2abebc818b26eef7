"""Build the word-frequency table the NER tagger's features read.

Arabic has no capital letters, so a tagger meeting a word it has never seen needs
another hint that the word is a name. General word frequencies give one: an
ordinary noun or adjective is also common with the article and with feminine or
plural endings (كبير، الكبير، كبيرة), a name mostly is not (ميركل، جونسون). The
table holds, for each normalised word at or above ``--min-zipf``, its Zipf frequency
(log10 of occurrences per billion words) from the ``wordfreq`` package's large
Arabic list (data CC BY-SA 4.0; see ``NOTICE-ner.md``), summed over spellings that
normalise alike.

    pip install wordfreq            # or: pip install -e '.[train]'
    python scripts/build_frequencies.py   # -> src/hadath/models/ner_frequencies.tsv.gz
"""

from __future__ import annotations

import argparse
import gzip
import math
import sys
from pathlib import Path

from hadath.arabic.normalize import normalize

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "hadath" / "models" / "ner_frequencies.tsv.gz"

HEADER = """\
# Zipf frequencies (log10 per billion words) of normalised Arabic words, for the NER
# tagger's features. Derived by scripts/build_frequencies.py from the wordfreq package's
# large Arabic list (Robyn Speer et al., github.com/rspeer/wordfreq; data CC BY-SA 4.0).
word\tzipf
"""


def frequencies(min_zipf: float) -> dict[str, float]:
    """Normalised word -> Zipf frequency, for words at or above ``min_zipf``."""
    from wordfreq import get_frequency_dict  # a training-time dependency only

    summed: dict[str, float] = {}
    for word, share in get_frequency_dict("ar", "large").items():
        form = normalize(word)
        if " " not in form and any("\u0621" <= ch <= "\u064a" for ch in form):
            summed[form] = summed.get(form, 0.0) + share
    zipf = {form: math.log10(share * 1e9) for form, share in summed.items()}
    return {form: z for form, z in zipf.items() if z >= min_zipf}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-zipf", type=float, default=2.0)
    args = parser.parse_args(argv)
    try:
        table = frequencies(args.min_zipf)
    except ImportError:
        print("build_frequencies: the wordfreq package is not installed (pip install wordfreq)", file=sys.stderr)
        return 1
    # mtime=0: the same table gives the same bytes, so an unchanged rebuild leaves git clean.
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(HEADER.encode("utf-8"))
        for form in sorted(table):
            packed.write(f"{form}\t{table[form]:.1f}\n".encode())
    print(f"build_frequencies: {len(table)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
