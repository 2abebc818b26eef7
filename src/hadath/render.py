"""The ``table`` view of a ``hadath/1`` document: a readable summary for a terminal.

Title, publication time and dateline first, then an entities table (text, type,
actor, code) and an events table (source, CAMEO code and label, target, date,
trigger, confidence). Arabic is printed as is, in logical order; the terminal does
the right-to-left display. Column widths count characters that take a cell, so
tashkeel does not push columns out of line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

__all__ = ["cameo_labels", "render_table"]

MAX_CELL = 32  # wider cells are cut with an ellipsis so a row fits an ordinary terminal
_ELLIPSIS = "…"
# Where a CAMEO code table may live (code -> label); the first one found is used.
_CAMEO_TABLES = (("hadath.kb", "data/cameo.tsv"), ("hadath.resources", "cameo.tsv"))


def render_table(data: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """Render a ``hadath/1`` dict (``Doc.to_dict()``) as text; ``labels`` maps CAMEO codes to names."""
    labels = labels or {}
    lines = [data.get("title") or "(no title)", ""]
    lines.append(f"published  {data.get('published') or '-'}")
    dateline = data.get("dateline")
    if dateline:
        lines.append(f"dateline   {dateline.get('text')}")
    if data.get("url"):
        lines.append(f"url        {data['url']}")

    entities = data.get("entities") or []
    lines += ["", f"Entities ({len(entities)})"]
    entity_rows = [
        [e.get("text", ""), e.get("type", ""), _actor_name(e.get("actor")), _actor_code(e.get("actor"))]
        for e in entities
    ]
    lines += _table(["text", "type", "actor", "code"], entity_rows)

    events = data.get("events") or []
    lines += ["", f"Events ({len(events)})"]
    event_rows = [_event_row(e, labels) for e in events]
    lines += _table(["source", "event", "target", "date", "trigger", "conf"], event_rows)

    warnings = data.get("warnings") or []
    if warnings:
        lines += ["", f"Warnings ({len(warnings)})"] + [f"  - {w}" for w in warnings]
    return "\n".join(lines) + "\n"


def cameo_labels() -> dict[str, str]:
    """CAMEO code -> English label from the shipped CAMEO table, or {} when none ships."""
    for package, name in _CAMEO_TABLES:
        try:
            entry = resources.files(package).joinpath(name)
            if not entry.is_file():
                continue
            text = entry.read_text("utf-8")
        except (ModuleNotFoundError, OSError):
            continue
        return _parse_labels(text)
    return {}


def _parse_labels(text: str) -> dict[str, str]:
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not rows:
        return {}
    header = [cell.strip() for cell in rows[0]]
    code_col = header.index("code") if "code" in header else 0
    label_col = next((header.index(c) for c in ("label", "name_en", "name") if c in header), 1)
    return {
        row[code_col].strip(): row[label_col].strip()
        for row in rows[1:]
        if len(row) > max(code_col, label_col)
    }


def _event_row(event: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    code = event.get("cameo") or event.get("root") or "?"
    label = labels.get(code) or event.get("plover") or ""
    what = f"{code} {label}".strip()
    if event.get("negated"):
        what = f"NOT {what}"
    confidence = event.get("confidence")
    return [
        _actor_label(event.get("source")),
        what,
        _actor_label(event.get("target")),
        event.get("date") or "-",
        event.get("trigger") or "",
        f"{confidence:.2f}" if isinstance(confidence, int | float) else "-",
    ]


def _actor_name(actor: Mapping[str, Any] | None) -> str:
    if not actor:
        return "-"
    return str(actor.get("name_en") or actor.get("name_ar") or actor.get("id") or "-")


def _actor_code(actor: Mapping[str, Any] | None) -> str:
    if not actor:
        return "-"
    return str(actor.get("code") or actor.get("country") or "-")


def _actor_label(actor: Mapping[str, Any] | None) -> str:
    if not actor:
        return "-"
    return f"{_actor_code(actor)} {_actor_name(actor)}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return ["  (none)"]
    cells = [[_cut(str(c)) for c in row] for row in [list(header), *rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    out = []
    for number, row in enumerate(cells):
        out.append("  " + "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
        if number == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return out


def _width(text: str) -> int:
    """Terminal cells ``text`` takes: combining marks (tashkeel) take none."""
    return sum(1 for ch in text if not unicodedata.combining(ch))


def _cut(text: str) -> str:
    text = " ".join(text.split())
    if _width(text) <= MAX_CELL:
        return text
    kept, width = [], 0
    for ch in text:
        width += _width(ch)
        if width > MAX_CELL - 1:
            break
        kept.append(ch)
    return "".join(kept) + _ELLIPSIS


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
