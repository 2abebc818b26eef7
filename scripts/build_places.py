"""Add the places listed in ``scripts/data/places_extra.tsv`` to ``places.tsv``.

``places.tsv`` opens with hand-written rows; below a marker line it carries rows
generated from the compact list, one place a line::

    name_en  names_ar  country  kind  lat  lon  note

A place's id is ``l:`` plus the slug of its English name, with the country code added
when two places share a name (``l:tripoli`` is in countries.tsv as Libya's capital;
Lebanon's is ``l:tripoli-lbn``). A place whose id is among the hand-written rows is left
out: the hand rows stay the authority. Run from the repository root, then
``hadath kb check``::

    .venv/bin/python scripts/build_places.py

The output is committed; rerun after editing the list and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_people import hand_part, read_tsv, slug

REPO = Path(__file__).resolve().parents[1]
EXTRA = REPO / "scripts" / "data" / "places_extra.tsv"
PLACES = REPO / "src" / "hadath" / "kb" / "data" / "places.tsv"
MARKER = "# -- generated below by scripts/build_places.py from scripts/data/places_extra.tsv; edit there --"
EXTRA_COLUMNS = ("name_en", "names_ar", "country", "kind", "lat", "lon", "note")


def read_extra(path: Path = EXTRA) -> list[dict[str, str]]:
    """The compact list as dicts keyed by its header."""
    rows = read_tsv(path)
    if tuple(rows[0]) != EXTRA_COLUMNS:
        raise SystemExit(f"{path}: header must be {EXTRA_COLUMNS}")
    places = []
    for cells in rows[1:]:
        if len(cells) > len(EXTRA_COLUMNS):
            raise SystemExit(f"{path}: too many cells in {cells}")
        padded = [c.strip() for c in cells] + [""] * (len(EXTRA_COLUMNS) - len(cells))
        places.append(dict(zip(EXTRA_COLUMNS, padded, strict=True)))
    return places


def build(places: list[dict[str, str]], hand_ids: set[str], hand_names: set[str]) -> list[str]:
    """The generated lines of places.tsv (id, name_en, names_ar, country, kind, lat, lon, wikidata)."""
    lines: list[str] = []
    taken = set(hand_ids)
    for p in places:
        if p["name_en"].casefold() in hand_names:
            continue
        pid = "l:" + slug(p["name_en"])
        if pid in taken:
            pid = f"{pid}-{p['country'].lower() or 'x'}"
        if pid in taken:
            raise SystemExit(f"{p['name_en']}: id {pid} is used twice")
        taken.add(pid)
        lines.append("\t".join((pid, p["name_en"], p["names_ar"], p["country"], p["kind"], p["lat"], p["lon"], "")))
    return lines


def main() -> int:
    hand = hand_part(PLACES, MARKER)
    rows = [line.split("\t") for line in hand if line and not line.startswith("#")][1:]
    lines = build(read_extra(), {r[0] for r in rows}, {r[1].casefold() for r in rows})
    PLACES.write_text("\n".join([*hand, MARKER, *lines]) + "\n", encoding="utf-8")
    print(f"{len(lines)} places generated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
