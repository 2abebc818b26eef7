"""Merging the events of one article: duplicates, implied meetings, untargeted repeats.

* the same (source, code, target, negated) found in several sentences is one event with
  several evidence spans; within one sentence, one event per (source, root, target);
* a hosted visit (043) implies the meeting, so a 040/044 for the same pair is dropped;
* an event without a target that repeats a targeted one (same source country and root) is dropped;
* road blocking (144) by the parties of a demonstration (141/143) is part of it.
"""

from __future__ import annotations

from hadath.doc import Actor, Event


def merge_events(events: list[Event]) -> list[Event]:
    """All the steps, in order."""
    return _drop_untargeted_duplicates(_merge(_drop_protest_parts(_drop_implied_meetings(events))))


def _drop_protest_parts(events: list[Event]) -> list[Event]:
    """Blocking roads during a demonstration (144) is part of it, not a second event."""
    protests = {_pair(e) for e in events if e.cameo[:3] in ("141", "143") and not e.negated}
    return [e for e in events if not (e.cameo[:3] == "144" and _pair(e) in protests)]


def _drop_implied_meetings(events: list[Event]) -> list[Event]:
    """A hosted visit implies the meeting: no separate 040/044 for the same pair."""
    hosted = {_pair(e) for e in events if e.cameo == "043" and not e.negated}
    return [e for e in events if not (e.cameo in ("040", "044") and _pair(e) in hosted)]


def _drop_untargeted_duplicates(events: list[Event]) -> list[Event]:
    """An event with no target repeats one with a target by the same source (or its country) and root."""
    targeted = {(_side(e.source), e.root) for e in events
                if e.source and e.target and e.target.country and not e.negated}
    return [e for e in events if e.target is not None or e.source is None or e.negated
            or (_side(e.source), e.root) not in targeted]


def _side(actor: Actor) -> str:
    return actor.country or actor.id


def _pair(e: Event) -> frozenset[str]:
    return frozenset(a.country or a.id for a in (e.source, e.target) if a is not None)


def _merge(events: list[Event]) -> list[Event]:
    """One event per (source, code, target, negated), and per sentence one per root."""
    merged: dict[tuple[str | None, str, str | None, bool], Event] = {}
    per_sentence: set[tuple[int, str | None, str, str | None]] = set()
    for e in events:
        src = e.source.id if e.source else None
        tgt = e.target.id if e.target else None
        sentence_key = (e.sentence, src, e.root, tgt)
        if sentence_key in per_sentence or (tgt is None and any(
                k[:3] == (e.sentence, src, e.root) for k in per_sentence)):
            continue
        if tgt is not None:
            # "أمهل … مهددا بضرب إسرائيل": the same act with its target replaces the one without.
            untargeted = (e.sentence, src, e.root, None)
            if untargeted in per_sentence:
                per_sentence.discard(untargeted)
                merged = {k: v for k, v in merged.items()
                          if not (v.sentence == e.sentence and k[0] == src and v.root == e.root and k[2] is None)}
        per_sentence.add(sentence_key)
        key = (src, e.cameo, tgt, e.negated)
        if key in merged:
            kept = merged[key]
            kept.evidence_spans.extend(s for s in e.evidence_spans if s not in kept.evidence_spans)
            kept.confidence = max(kept.confidence, e.confidence)
            continue
        merged[key] = e
    return list(merged.values())
