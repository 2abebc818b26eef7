"""Add the office holders listed in ``scripts/data/office_holders.tsv`` to the KB.

``people.tsv`` and ``offices.tsv`` open with hand-written rows; below a marker line each
file carries rows generated from the compact holder list, one line per term of office::

    name_en  names_ar  country  role  agent  start  end  note

A person's id is ``p:`` plus the slug of the English name; a later line with the same
English name and an empty ``names_ar`` is another office of the same person. A person
already in the hand-written rows keeps that row (only the new offices are added), and
an office whose person, role and country already appear there is left out, so the hand
rows stay the authority. The person's country and agent are those of the first line.
Run from the repository root, then ``hadath kb check``::

    .venv/bin/python scripts/build_people.py

The output is committed; rerun after editing the holder list and review the diff.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOLDERS = REPO / "scripts" / "data" / "office_holders.tsv"
DATA = REPO / "src" / "hadath" / "kb" / "data"
PEOPLE = DATA / "people.tsv"
OFFICES = DATA / "offices.tsv"
MARKER = "# -- generated below by scripts/build_people.py from scripts/data/office_holders.tsv; edit there --"
HOLDER_COLUMNS = ("name_en", "names_ar", "country", "role", "agent", "start", "end", "note")


def slug(name: str) -> str:
    """``Abdel Fattah el-Sisi`` -> ``abdel-fattah-el-sisi`` (accents dropped)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a TSV file without comments and blank lines (the header included)."""
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def hand_part(path: Path, marker: str = MARKER) -> list[str]:
    """The lines of ``path`` above ``marker`` (all of them when there is none)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[:lines.index(marker)] if marker in lines else lines


def read_holders(path: Path = HOLDERS) -> list[dict[str, str]]:
    """The holder list as dicts, names carried over to later lines of the same person."""
    rows = read_tsv(path)
    header, body = rows[0], rows[1:]
    if tuple(header) != HOLDER_COLUMNS:
        raise SystemExit(f"{path}: header must be {HOLDER_COLUMNS}")
    holders = []
    for cells in body:
        if len(cells) > len(header):
            raise SystemExit(f"{path}: too many cells in {cells}")
        holders.append(dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells)), strict=True)))
    return holders


def build(holders: list[dict[str, str]], hand_people: set[str],
          hand_offices: set[tuple[str, str, str]]) -> tuple[list[str], list[str]]:
    """The generated people and office lines (tab-joined, in the files' column order)."""
    people: dict[str, str] = {}
    offices: list[str] = []
    seen: set[tuple[str, str, str, str]] = set()
    for h in holders:
        pid = "p:" + slug(h["name_en"])
        if pid not in hand_people and pid not in people:
            if not h["names_ar"]:
                raise SystemExit(f"{h['name_en']}: first line of a person needs names_ar")
            people[pid] = "\t".join((pid, h["name_en"], h["names_ar"], h["country"], h["agent"], "", ""))
        key = (pid, h["role"], h["country"], h["start"])
        if not h["role"]:
            continue  # a public figure without an office the KB models (a group's commander)
        if (pid, h["role"], h["country"]) in hand_offices or key in seen:
            continue
        seen.add(key)
        offices.append("\t".join((pid, h["role"], h["country"], h["agent"], h["start"], h["end"], h["note"])))
    return list(people.values()), offices


def main() -> int:
    people_hand, offices_hand = hand_part(PEOPLE), hand_part(OFFICES)
    hand_people = {line.split("\t")[0] for line in people_hand if line and not line.startswith("#")}
    hand_offices = {tuple(line.split("\t")[:3]) for line in offices_hand if line and not line.startswith("#")}
    people, offices = build(read_holders(), hand_people, {(a, b, c) for a, b, c in hand_offices})
    PEOPLE.write_text("\n".join([*people_hand, MARKER, *people]) + "\n", encoding="utf-8")
    OFFICES.write_text("\n".join([*offices_hand, MARKER, *offices]) + "\n", encoding="utf-8")
    print(f"{len(people)} people and {len(offices)} offices generated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
