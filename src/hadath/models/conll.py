"""CoNLL files and an entity-level scorer with conlleval semantics.

A CoNLL file here has one ``token TAG`` pair per line and a blank line between
sentences (the ANERcorp format). Scoring follows conlleval: a chunk starts at
``B-X``, or at ``I-X`` that does not continue an ``X`` chunk; a predicted chunk is
correct when its first token, last token and type all equal a gold chunk's.

>>> chunks(["B-PERS", "I-PERS", "O", "I-LOC"])
[(0, 2, 'PERS'), (3, 4, 'LOC')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hadath.errors import InputError

__all__ = ["Score", "Scores", "chunks", "read_conll", "score"]


def read_conll(path: str | Path) -> Iterator[tuple[list[str], list[str]]]:
    """Yield ``(tokens, tags)`` per sentence of a CoNLL file.

    A line with one field is a token without a gold tag (``O`` is assumed), so an
    untagged token list can be run through the same path.
    """
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.split()
            if not fields:
                if tokens:
                    yield tokens, tags
                tokens, tags = [], []
                continue
            if len(fields) > 2:
                raise InputError(f"{path}:{number}: expected 'token TAG', got {len(fields)} fields")
            tokens.append(fields[0])
            tags.append(fields[1] if len(fields) == 2 else "O")
    if tokens:
        yield tokens, tags


def _split(tag: str) -> tuple[str, str]:
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, _, kind = tag.partition("-")
    return prefix, kind


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity chunks of an IOB2 tag sequence as ``(start, end, type)``, end exclusive.

    ``I-X`` after ``O`` or after another type opens a chunk, as conlleval does.
    """
    out: list[tuple[int, int, str]] = []
    start = -1
    kind = ""
    for i, tag in enumerate(tags):
        prefix, tag_kind = _split(tag)
        continues = prefix == "I" and tag_kind == kind and start >= 0
        if start >= 0 and not continues:
            out.append((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not continues:
            start, kind = i, tag_kind
    if start >= 0:
        out.append((start, len(tags), kind))
    return out


def to_bioes(tags: Sequence[str]) -> list[str]:
    """IOB2 tags rewritten with single (``S-``) and end (``E-``) tags.

    The tagger is trained on these: a chunk's last word and a one-word chunk get
    labels of their own, so the CRF learns where names end.

    >>> to_bioes(["B-PERS", "I-PERS", "O", "B-LOC"])
    ['B-PERS', 'E-PERS', 'O', 'S-LOC']
    """
    out = ["O"] * len(tags)
    for start, end, kind in chunks(tags):
        if end - start == 1:
            out[start] = f"S-{kind}"
            continue
        out[start] = f"B-{kind}"
        for i in range(start + 1, end - 1):
            out[i] = f"I-{kind}"
        out[end - 1] = f"E-{kind}"
    return out


def to_iob2(tags: Sequence[str]) -> list[str]:
    """BIOES tags back to IOB2 (``S-`` becomes ``B-``, ``E-`` becomes ``I-``); IOB2 passes through.

    >>> to_iob2(["B-PERS", "E-PERS", "O", "S-LOC"])
    ['B-PERS', 'I-PERS', 'O', 'B-LOC']
    """
    return [f"B-{t[2:]}" if t.startswith("S-") else f"I-{t[2:]}" if t.startswith("E-") else t for t in tags]


@dataclass(frozen=True)
class Score:
    """Counts for one entity type (or all): true positives, predicted and gold chunks."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "correct": self.correct,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass(frozen=True)
class Scores:
    """Micro-averaged score over all types, one per type, and token accuracy."""

    micro: Score
    by_type: dict[str, Score] = field(default_factory=dict)
    accuracy: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "micro": self.micro.as_dict(),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "accuracy": round(self.accuracy, 4),
        }

    def table(self) -> str:
        """A small text table, conlleval-like, for logs and reports."""
        lines = [f"{'type':<6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}"]
        rows = [*sorted(self.by_type.items()), ("all", self.micro)]
        for name, s in rows:
            lines.append(
                f"{name:<6} {100 * s.precision:7.2f} {100 * s.recall:7.2f} {100 * s.f1:7.2f} {s.gold:6d}"
            )
        lines.append(f"token accuracy {100 * self.accuracy:.2f}")
        return "\n".join(lines)


def score(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> Scores:
    """Entity-level precision, recall and F1 of ``predicted`` tag sequences against ``gold``."""
    correct: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    tokens = same = 0
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        if len(gold_tags) != len(pred_tags):
            raise ValueError(f"sentence lengths differ: {len(gold_tags)} gold, {len(pred_tags)} predicted")
        g = set(chunks(gold_tags))
        p = set(chunks(pred_tags))
        for _, _, kind in g:
            n_gold[kind] += 1
        for _, _, kind in p:
            n_pred[kind] += 1
        for _, _, kind in g & p:
            correct[kind] += 1
        tokens += len(gold_tags)
        same += sum(a == b for a, b in zip(gold_tags, pred_tags, strict=True))
    kinds = set(n_gold) | set(n_pred)
    by_type = {k: Score(correct[k], n_pred[k], n_gold[k]) for k in kinds}
    micro = Score(sum(correct.values()), sum(n_pred.values()), sum(n_gold.values()))
    return Scores(micro, by_type, same / tokens if tokens else 0.0)
