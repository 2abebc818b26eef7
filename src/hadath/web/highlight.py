"""Cutting article text into pieces the templates can highlight without writing markup.

An article's body is shown with its entities coloured by type and the evidence of
its events marked. Rather than insert tags into the text (and then have to trust
it), the body is cut at every entity and evidence border into ``Segment`` pieces,
each carrying what covers it; the template escapes every piece and wraps it in
its own element. So a body full of ``<script>`` shows as text, whatever it holds.

>>> [s.text for s in segment_body("زار بوتين مصر", [{"start": 4, "end": 9, "type": "PER"}], [])]
['زار ', 'بوتين', ' مصر']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Segment", "safe_url", "segment_body", "split_marked", "subheading_spans", "trigger_pieces"]


@dataclass
class Segment:
    """A run of body text under one entity (or none) and the same set of events."""

    text: str
    entity: dict[str, Any] | None = None
    events: list[int] = field(default_factory=list)  # indexes of events whose evidence covers it
    trigger: bool = False  # inside some event's trigger words
    subheading: bool = False  # inside a sub-heading line of the article


def _entity_spans(body: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entities with sane offsets, in order, dropping any that overlap an earlier one."""
    kept: list[dict[str, Any]] = []
    end = 0
    for entity in sorted(entities, key=lambda e: (int(e.get("start", 0)), -int(e.get("end", 0)))):
        start, stop = int(entity.get("start", -1)), int(entity.get("end", -1))
        if 0 <= start < stop <= len(body) and start >= end:
            kept.append(entity)
            end = stop
    return kept


def _ranges(event: dict[str, Any]) -> list[tuple[int, int]]:
    spans = event.get("evidence_spans") or []
    return [(int(s[0]), int(s[1])) for s in spans if len(s) == 2 and int(s[0]) < int(s[1])]


def subheading_spans(body: str, subheadings: list[str]) -> list[tuple[int, int]]:
    """Where the document's sub-headings (``hadath/1`` lists their text) sit in ``body``."""
    spans, position = [], 0
    for text in subheadings:
        at = body.find(text, position) if text else -1
        if at >= 0:
            spans.append((at, at + len(text)))
            position = at + len(text)
    return spans


def segment_body(body: str, entities: list[dict[str, Any]], events: list[dict[str, Any]],
                 subheadings: Sequence[tuple[int, int]] = ()) -> list[Segment]:
    """``body`` cut at every entity, evidence, trigger and sub-heading border (see the module doc)."""
    spans = _entity_spans(body, entities)
    evidence = [_ranges(event) for event in events]
    triggers = [(int(e.get("trigger_start", -1)), int(e.get("trigger_end", -1))) for e in events]
    triggers = [(a, b) for a, b in triggers if 0 <= a < b <= len(body)]
    cuts = {0, len(body)}
    for entity in spans:
        cuts.update((int(entity["start"]), int(entity["end"])))
    for ranges in evidence:
        for start, end in ranges:
            cuts.update((max(0, start), min(len(body), end)))
    for start, end in [*triggers, *subheadings]:
        cuts.update((start, end))
    points = sorted(c for c in cuts if 0 <= c <= len(body))
    segments: list[Segment] = []
    entity_index = 0
    for start, end in zip(points, points[1:], strict=False):
        if start == end:
            continue
        while entity_index < len(spans) and int(spans[entity_index]["end"]) <= start:
            entity_index += 1
        covered: dict[str, Any] | None = None
        if entity_index < len(spans) and int(spans[entity_index]["start"]) <= start:
            covered = spans[entity_index]
        covering = [i for i, ranges in enumerate(evidence)
                    if any(a <= start and end <= b for a, b in ranges)]
        in_trigger = any(a <= start and end <= b for a, b in triggers)
        in_heading = any(a <= start and end <= b for a, b in subheadings)
        segments.append(Segment(body[start:end], covered, covering, in_trigger, in_heading))
    return segments


def trigger_pieces(event: dict[str, Any], body: str) -> list[tuple[str, bool]]:
    """The event's evidence as ``(text, is_trigger)`` pieces, for the events list.

    The evidence is the body's text over ``evidence_spans`` when they are there (so the
    trigger offsets apply), else the stored ``evidence`` string with the trigger words
    found in it.
    """
    start, end = int(event.get("trigger_start", -1)), int(event.get("trigger_end", -1))
    for a, b in _ranges(event):
        if 0 <= a <= start < end <= b <= len(body):
            return [p for p in ((body[a:start], False), (body[start:end], True),
                                (body[end:b], False)) if p[0]]
    evidence = str(event.get("evidence") or "")
    trigger = str(event.get("trigger") or "")
    at = evidence.find(trigger) if trigger else -1
    if at < 0:
        return [(evidence, False)] if evidence else []
    return [p for p in ((evidence[:at], False), (trigger, True),
                        (evidence[at + len(trigger):], False)) if p[0]]


def split_marked(text: str, open_mark: str, close_mark: str) -> list[tuple[str, bool]]:
    """A snippet with hits between marks, as ``(text, is_hit)`` pieces without the marks."""
    pieces: list[tuple[str, bool]] = []
    rest = text
    while rest:
        start = rest.find(open_mark)
        if start < 0:
            pieces.append((rest, False))
            break
        end = rest.find(close_mark, start + 1)
        if end < 0:
            pieces.append((rest.replace(open_mark, ""), False))
            break
        if start:
            pieces.append((rest[:start], False))
        pieces.append((rest[start + 1:end], True))
        rest = rest[end + 1:]
    return [p for p in pieces if p[0]]


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a page may link to, else None.

    Stored URLs come from the input; a ``javascript:`` or ``data:`` one must never
    become a link (escaping does not help inside ``href``).
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else None
