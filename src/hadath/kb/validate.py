"""Check a knowledge base for mistakes before it is used, and describe what it holds.

``check_kb`` reports problems a reviewer should fix: rows the loader cannot parse,
duplicate keys within one file, codes that point nowhere (a country, an agent, a
person), roles that titles and offices spell differently, two holders of one office at
the same time, empty names. ``ambiguity_report`` lists normalised forms that name more
than one actor, which the linker must then choose between. ``kb_stats`` counts records
by kind. The ``hadath kb check|stats`` commands print these.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from hadath.errors import KBError
from hadath.kb.loader import COLUMNS, Row, _merge_file
from hadath.kb.model import Entry, KnowledgeBase, Office

# CAMEO agent (sector) codes an actor code may end with.
AGENTS = frozenset({
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI",
    "IGO", "IMG", "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGO", "OPP",
    "PTY", "RAD", "REB", "REF", "SEP", "SPY", "UAF",
})
COUNTRY_KINDS = frozenset({"state", "territory", "igo"})
ORG_KINDS = frozenset({"igo", "gov", "mil", "spy", "cop", "leg", "jud", "party", "armed", "media",
                       "agency", "company", "org", "ngo"})
TITLE_KINDS = frozenset({"office", "rank", "group", "generic", "counterpart", "honorific", "former"})
PLACE_KINDS = frozenset({"city", "governorate", "state", "region", "territory", "site"})
# Roles that several people hold at once in one country: no overlap check for them.
SHARED_ROLES = frozenset({
    "ambassador", "envoy", "un_envoy", "permanent_representative", "consul", "charge_daffaires",
    "eu_commissioner", "minister", "minister_of_state", "legislator", "spokesperson",
    "military_spokesperson", "governor", "mayor", "party_leader", "director_general",
    "executive_director", "diplomat", "leader", "politburo_chief", "high_commissioner",
    "humanitarian_coordinator", "army_commander", "deputy_foreign_minister", "deputy_prime_minister",
})
# The column(s) that identify a row of each file; two rows with the same key in one
# file are a mistake (a user folder overriding a shipped row is not).
KEYS: dict[str, tuple[str, ...]] = {
    "countries.tsv": ("iso3",),
    "people.tsv": ("id",),
    "offices.tsv": ("person_id", "role", "country", "start"),
    "orgs.tsv": ("id",),
    "org_heads.tsv": ("form_ar",),
    "titles.tsv": ("form_ar",),
    "places.tsv": ("id",),
}


@dataclass(frozen=True)
class Problem:
    """One finding: ``severity`` is "error" (wrong) or "warning" (worth a look)."""

    severity: str
    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{self.severity}: {where}: {self.message}"


@dataclass(frozen=True)
class Ambiguity:
    """A normalised surface form and the distinct things it may name."""

    form: str
    readings: tuple[str, ...]  # "person:p:...", "country:EGY", "title:الرئيس", ...

    def __str__(self) -> str:
        return f"{self.form}: {' | '.join(self.readings)}"


# -- files ---------------------------------------------------------------------------
def _source_text(source: str) -> str | None:
    """The text of a file named in ``kb.sources`` (package path or user path)."""
    prefix = "hadath/kb/data/"
    if source.startswith(prefix):
        entry = resources.files("hadath.kb") / "data" / source[len(prefix):]
        return entry.read_text("utf-8") if entry.is_file() else None
    path = Path(source)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _rows(source: str, text: str) -> Iterator[Row | Problem]:
    """Rows of one file, or a Problem for each line the loader would refuse."""
    lines = [(i, line) for i, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        return
    name = Path(source).name
    header_line, header = lines[0]
    columns = header.split("\t")
    missing = [c for c in COLUMNS.get(name, ()) if c not in columns]
    if missing:
        yield Problem("error", source, header_line, f"header lacks columns {missing}")
        return
    for number, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) > len(columns):
            yield Problem("error", source, number, f"{len(cells)} cells, header has {len(columns)}")
            continue
        yield Row(source, number, dict(zip(columns, cells, strict=False)))


def check_files(sources: Iterable[str]) -> tuple[list[Problem], dict[tuple[str, str], tuple[str, int]]]:
    """Parse every file again, row by row: unparseable rows and duplicate keys.

    Also returns where each record was last defined, (file name, key) -> (source, line),
    so record-level problems can point at a line.
    """
    problems: list[Problem] = []
    where: dict[tuple[str, str], tuple[str, int]] = {}
    for source in sources:
        text = _source_text(source)
        name = Path(source).name
        if text is None or name not in COLUMNS:
            continue
        seen: dict[str, int] = {}
        scratch = KnowledgeBase()
        for item in _rows(source, text):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            try:
                _merge_file(scratch, name, iter([item]))
            except KBError as exc:
                problems.append(Problem("error", source, item.line, str(exc).split(": ", 1)[-1]))
                continue
            key = "\t".join(item.get(c) for c in KEYS[name])
            if key in seen:
                problems.append(Problem("error", source, item.line,
                                        f"duplicate key {key!r} (first on line {seen[key]})"))
            seen[key] = item.line
            where[(name, key)] = (source, item.line)
    return problems, where


# -- records -------------------------------------------------------------------------
class _Checker:
    def __init__(self, kb: KnowledgeBase, where: dict[tuple[str, str], tuple[str, int]]) -> None:
        self.kb = kb
        self.where = where
        self.problems: list[Problem] = []

    def report(self, severity: str, name: str, key: str, message: str) -> None:
        source, line = self.where.get((name, key), (name, None))
        self.problems.append(Problem(severity, source, line, message))

    def country_ok(self, code: str | None) -> bool:
        return code is None or code in self.kb.countries

    def agent_ok(self, agent: str | None) -> bool:
        return not agent or agent in AGENTS

    def run(self) -> list[Problem]:
        self.check_countries()
        self.check_people()
        self.check_offices()
        self.check_orgs()
        self.check_heads_and_titles()
        self.check_places()
        return self.problems

    def check_countries(self) -> None:
        for c in self.kb.countries.values():
            name = "countries.tsv"
            if not (len(c.iso3) == 3 and c.iso3.isupper() and c.iso3.isalpha()):
                self.report("error", name, c.iso3, f"bad code {c.iso3!r}")
            if not (len(c.cameo) == 3 and c.cameo.isupper()):
                self.report("error", name, c.iso3, f"{c.iso3}: bad CAMEO code {c.cameo!r}")
            if not c.name_en or not c.name_ar:
                self.report("error", name, c.iso3, f"{c.iso3}: empty name")
            if c.kind not in COUNTRY_KINDS:
                self.report("error", name, c.iso3, f"{c.iso3}: unknown kind {c.kind!r}")
            self.check_position(name, c.iso3, c.lat, c.lon)
            if c.capital_ar and not c.capital_en:
                self.report("warning", name, c.iso3, f"{c.iso3}: Arabic capital without English name")

    def check_people(self) -> None:
        for p in self.kb.people.values():
            name = "people.tsv"
            if not p.names_ar or not p.name_en:
                self.report("error", name, p.id, f"{p.id}: empty name")
            if not self.country_ok(p.country):
                self.report("error", name, p.id, f"{p.id}: unknown country {p.country!r}")
            if not self.agent_ok(p.agent):
                self.report("error", name, p.id, f"{p.id}: unknown agent {p.agent!r}")
            if not p.id.startswith("p:"):
                self.report("warning", name, p.id, f"{p.id}: person ids start with 'p:'")

    def check_offices(self) -> None:
        roles = {t.role for t in self.kb.titles.values() if t.role}
        by_role: dict[tuple[str, str], list[Office]] = defaultdict(list)
        for o in self.kb.offices:
            name = "offices.tsv"
            key = "\t".join((o.person_id, o.role, o.country, o.start.isoformat() if o.start else ""))
            if o.person_id not in self.kb.people:
                self.report("error", name, key, f"{o.person_id}: no such person")
            if not o.country or o.country not in self.kb.countries:
                self.report("error", name, key, f"{o.person_id}: unknown country {o.country!r}")
            if not o.agent or not self.agent_ok(o.agent):
                self.report("error", name, key, f"{o.person_id}: unknown agent {o.agent!r}")
            if not o.role:
                self.report("error", name, key, f"{o.person_id}: empty role")
            elif roles and o.role not in roles:
                self.report("warning", name, key, f"{o.person_id}: role {o.role!r} has no title in titles.tsv")
            if o.start and o.end and o.end < o.start:
                self.report("error", name, key, f"{o.person_id}: {o.role} ends before it starts")
            by_role[(o.role, o.country)].append(o)
        for (role, country), terms in by_role.items():
            if role in SHARED_ROLES:
                continue
            for a, b in _overlaps(terms):
                key = "\t".join((b.person_id, b.role, b.country, b.start.isoformat() if b.start else ""))
                self.report("error", "offices.tsv", key,
                            f"{role} of {country}: {a.person_id} and {b.person_id} hold it at the same time")

    def check_orgs(self) -> None:
        for o in self.kb.orgs.values():
            name = "orgs.tsv"
            if not o.names_ar or not o.name_en:
                self.report("error", name, o.id, f"{o.id}: empty name")
            if not self.country_ok(o.country):
                self.report("error", name, o.id, f"{o.id}: unknown country {o.country!r}")
            if not self.agent_ok(o.agent):
                self.report("error", name, o.id, f"{o.id}: unknown agent {o.agent!r}")
            if o.kind not in ORG_KINDS:
                self.report("error", name, o.id, f"{o.id}: unknown kind {o.kind!r}")

    def check_heads_and_titles(self) -> None:
        for h in self.kb.heads.values():
            if not h.form or not h.name_en:
                self.report("error", "org_heads.tsv", h.form, f"{h.form!r}: empty name")
            if not h.agent or not self.agent_ok(h.agent):
                self.report("error", "org_heads.tsv", h.form, f"{h.form}: unknown agent {h.agent!r}")
            if h.kind not in ORG_KINDS:
                self.report("error", "org_heads.tsv", h.form, f"{h.form}: unknown kind {h.kind!r}")
        for t in self.kb.titles.values():
            name = "titles.tsv"
            if not t.form or not t.name_en:
                self.report("error", name, t.form, f"{t.form!r}: empty name")
            if not t.agent or not self.agent_ok(t.agent):
                self.report("error", name, t.form, f"{t.form}: unknown agent {t.agent!r}")
            if t.kind not in TITLE_KINDS:
                self.report("error", name, t.form, f"{t.form}: unknown kind {t.kind!r}")
            if t.kind == "office" and not t.role:
                self.report("error", name, t.form, f"{t.form}: an office title needs a role")
            if t.kind in ("counterpart", "honorific", "former") and t.role:
                self.report("warning", name, t.form, f"{t.form}: a {t.kind} title takes no role")

    def check_places(self) -> None:
        for pl in self.kb.places.values():
            name = "places.tsv"
            if not pl.names_ar or not pl.name_en:
                self.report("error", name, pl.id, f"{pl.id}: empty name")
            if not self.country_ok(pl.country):
                self.report("error", name, pl.id, f"{pl.id}: unknown country {pl.country!r}")
            if pl.kind not in PLACE_KINDS:
                self.report("error", name, pl.id, f"{pl.id}: unknown kind {pl.kind!r}")
            self.check_position(name, pl.id, pl.lat, pl.lon)

    def check_position(self, name: str, key: str, lat: float | None, lon: float | None) -> None:
        if (lat is None) != (lon is None):
            self.report("error", name, key, f"{key}: latitude and longitude go together")
        elif lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.report("error", name, key, f"{key}: position out of range ({lat}, {lon})")


def _overlaps(terms: list[Office]) -> Iterator[tuple[Office, Office]]:
    """Pairs of terms that share more than a handover day (one may end as the next starts)."""
    ordered = sorted(terms, key=lambda o: (o.start is not None, o.start))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if a.person_id == b.person_id and a.start == b.start:
                continue
            a_ends_after_b_starts = a.end is None or b.start is None or a.end > b.start
            b_ends_after_a_starts = b.end is None or a.start is None or b.end > a.start
            if a_ends_after_b_starts and b_ends_after_a_starts:
                yield a, b


def _is_arabic_text(form: str) -> bool:
    # Arabic letters (hamza to yeh, without the Persian and Urdu additions), digits,
    # spaces and hyphens: a Latin or Persian letter in a form can never match news text.
    return all("\u0621" <= ch <= "\u064a" or ch.isdigit() or ch in " -" for ch in form)


def _form_problems(kb: KnowledgeBase) -> Iterator[Problem]:
    for form, entry in kb.surface_forms():
        if not form.strip():
            yield Problem("error", entry.kind, None, f"{entry.key}: a name is empty once normalised")
        elif not _is_arabic_text(form):
            yield Problem("warning", entry.kind, None, f"{entry.key}: {form!r} has non-Arabic letters")


def check_kb(kb: KnowledgeBase) -> list[Problem]:
    """Every problem found in ``kb`` and in the files it was loaded from, errors first."""
    problems, where = check_files(kb.sources)
    problems += _Checker(kb, where).run()
    problems += list(_form_problems(kb))
    return sorted(problems, key=lambda p: (p.severity != "error", p.source, p.line or 0))


# -- ambiguity and counts --------------------------------------------------------------
def _reading(entry: Entry) -> str:
    # A country and its adjective name the same actor.
    kind = "country" if entry.kind == "nisba" else entry.kind
    return f"{kind}:{entry.key}"


def ambiguity_report(kb: KnowledgeBase) -> list[Ambiguity]:
    """Normalised forms that name more than one thing, sorted by form."""
    readings: dict[str, set[str]] = defaultdict(set)
    for form, entry in kb.surface_forms():
        readings[form].add(_reading(entry))
    return [Ambiguity(form, tuple(sorted(r))) for form, r in sorted(readings.items()) if len(r) > 1]


def kb_stats(kb: KnowledgeBase) -> dict[str, int]:
    """Record counts: totals per table, then per kind ("orgs.armed", "titles.office" ...)."""
    stats: dict[str, int] = {
        "countries": len(kb.countries),
        "people": len(kb.people),
        "offices": len(kb.offices),
        "orgs": len(kb.orgs),
        "org_heads": len(kb.heads),
        "titles": len(kb.titles),
        "places": len(kb.places),
    }
    groups: list[tuple[str, Iterable[str]]] = [
        ("countries", (c.kind for c in kb.countries.values())),
        ("orgs", (o.kind for o in kb.orgs.values())),
        ("titles", (t.kind for t in kb.titles.values())),
        ("places", (p.kind for p in kb.places.values())),
    ]
    for table, kinds in groups:
        for kind in kinds:
            stats[f"{table}.{kind}"] = stats.get(f"{table}.{kind}", 0) + 1
    forms = {form for form, _ in kb.surface_forms()}
    stats["surface_forms"] = len(forms)
    stats["ambiguous_forms"] = len(ambiguity_report(kb))
    return stats
