"""Load the knowledge base from the TSV files shipped in the package and a user folder.

Each file is UTF-8 TSV: ``#`` lines are comments (every file says where its entries
come from), the first non-comment line is the header, multi-valued cells separate
values with ``|``, empty cells are empty. A user folder (``--kb DIR``) may hold any
of the same files; its rows are merged over the shipped ones (same key: the user's
row wins, new keys are added). See ``docs/kb.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from hadath.errors import KBError
from hadath.kb.model import (
    Country,
    KnowledgeBase,
    Office,
    Organisation,
    OrgHead,
    Person,
    Place,
    Title,
)

# file name -> the columns it must have (more columns are allowed and ignored)
COLUMNS: dict[str, tuple[str, ...]] = {
    "countries.tsv": ("iso3", "cameo", "name_en", "name_ar", "variants_ar", "nisba_ar",
                      "capital_en", "capital_ar", "region", "wikidata", "lat", "lon", "kind"),
    "people.tsv": ("id", "name_en", "names_ar", "country", "agent", "wikidata"),
    "offices.tsv": ("person_id", "role", "country", "agent", "start", "end"),
    "orgs.tsv": ("id", "name_en", "names_ar", "country", "agent", "kind", "wikidata"),
    "org_heads.tsv": ("form_ar", "agent", "name_en", "kind"),
    "titles.tsv": ("form_ar", "role", "agent", "name_en", "kind"),
    "places.tsv": ("id", "name_en", "names_ar", "country", "kind", "lat", "lon", "wikidata"),
}


@dataclass(frozen=True)
class Row:
    """One parsed TSV row with where it came from, for error messages."""

    path: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def many(self, column: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in self.get(column).split("|") if v.strip())

    def opt(self, column: str) -> str | None:
        return self.get(column) or None

    def number(self, column: str) -> float | None:
        value = self.get(column)
        if not value:
            return None
        try:
            return float(value)
        except ValueError as exc:
            raise KBError(f"line {self.line}: {column} is not a number: {value!r}", source=self.path) from exc

    def day(self, column: str) -> date | None:
        value = self.get(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value if len(value) == 10 else value + "-01-01"[len(value) - 4 :])
        except ValueError as exc:
            raise KBError(f"line {self.line}: {column} is not an ISO date: {value!r}", source=self.path) from exc


def read_rows(path: Path | str, name: str, text: str | None = None) -> Iterator[Row]:
    """Parse one KB file into rows, checking the header has the columns it needs."""
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    lines = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return
    header_line, header = lines[0]
    columns = header.split("\t")
    missing = [c for c in COLUMNS.get(name, ()) if c not in columns]
    if missing:
        raise KBError(f"header lacks columns {missing}", source=str(path))
    for number, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) > len(columns):
            raise KBError(f"line {number}: {len(cells)} cells, header has {len(columns)}", source=str(path))
        yield Row(str(path), number, dict(zip(columns, cells, strict=False)))


def _country(r: Row) -> Country:
    return Country(
        iso3=r.get("iso3"),
        cameo=r.get("cameo") or r.get("iso3"),
        name_en=r.get("name_en"),
        name_ar=r.get("name_ar"),
        variants=r.many("variants_ar"),
        nisba=r.many("nisba_ar"),
        capital_en=r.get("capital_en"),
        capital_ar=r.many("capital_ar"),
        region=r.get("region"),
        wikidata=r.opt("wikidata"),
        lat=r.number("lat"),
        lon=r.number("lon"),
        kind=r.get("kind") or "state",
    )


def _person(r: Row) -> Person:
    return Person(r.get("id"), r.get("name_en"), r.many("names_ar"), r.opt("country"),
                  r.opt("wikidata"), r.opt("agent"))


def _office(r: Row) -> Office:
    return Office(r.get("person_id"), r.get("role"), r.get("country"), r.get("agent"),
                  r.day("start"), r.day("end"))


def _org(r: Row) -> Organisation:
    return Organisation(r.get("id"), r.get("name_en"), r.many("names_ar"), r.opt("country"),
                        r.opt("agent"), r.get("kind") or "org", r.opt("wikidata"))


def _head(r: Row) -> OrgHead:
    return OrgHead(r.get("form_ar"), r.get("agent"), r.get("name_en"), r.get("kind") or "gov",
                   r.get("entity") or "named")


def _title(r: Row) -> Title:
    return Title(r.get("form_ar"), r.get("role"), r.get("agent"), r.get("name_en"),
                 r.get("kind") or "office")


def _place(r: Row) -> Place:
    return Place(r.get("id"), r.get("name_en"), r.many("names_ar"), r.opt("country"),
                 r.get("kind") or "city", r.number("lat"), r.number("lon"), r.opt("wikidata"))


def _merge_file(kb: KnowledgeBase, name: str, rows: Iterator[Row]) -> None:
    if name == "countries.tsv":
        for r in rows:
            c = _country(r)
            kb.countries[c.iso3] = c
    elif name == "people.tsv":
        for r in rows:
            p = _person(r)
            kb.people[p.id] = p
    elif name == "offices.tsv":
        kb.offices.extend(_office(r) for r in rows)
    elif name == "orgs.tsv":
        for r in rows:
            o = _org(r)
            kb.orgs[o.id] = o
    elif name == "org_heads.tsv":
        for r in rows:
            h = _head(r)
            kb.heads[h.form] = h
    elif name == "titles.tsv":
        for r in rows:
            t = _title(r)
            kb.titles[t.form] = t
    elif name == "places.tsv":
        for r in rows:
            pl = _place(r)
            kb.places[pl.id] = pl


def load_kb(user_dir: str | Path | None = None) -> KnowledgeBase:
    """Load the shipped knowledge base, then merge ``user_dir``'s files over it."""
    kb = KnowledgeBase()
    data = resources.files("hadath.kb") / "data"
    for name in COLUMNS:
        entry = data / name
        if entry.is_file():
            _merge_file(kb, name, read_rows(f"hadath/kb/data/{name}", name, entry.read_text("utf-8")))
            kb.sources.append(f"hadath/kb/data/{name}")
    if user_dir is not None:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise KBError("not a folder", source=str(folder))
        for name in COLUMNS:
            path = folder / name
            if path.is_file():
                _merge_file(kb, name, read_rows(path, name))
                kb.sources.append(str(path))
    kb.__post_init__()
    return kb


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process."""
    return load_kb()
