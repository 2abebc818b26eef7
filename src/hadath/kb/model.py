"""The knowledge base's records and the queries stages make of it.

Records mirror the TSV files in ``kb/data`` one to one (see ``docs/kb.md``):
countries, people and their offices, organisations, composable organisation heads
("وزارة الخارجية" + a country), titles (role nouns), places, news agencies.
``KnowledgeBase`` holds them and answers the questions linking needs: which actor
a surface form names, who held an office on a date, what Actor a record becomes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from hadath.arabic.normalize import normalize
from hadath.doc import Actor


@dataclass(frozen=True)
class Country:
    iso3: str
    cameo: str
    name_en: str
    name_ar: str
    variants: tuple[str, ...] = ()
    nisba: tuple[str, ...] = ()  # masculine singular adjectives without ال: مصري
    capital_en: str = ""
    capital_ar: tuple[str, ...] = ()
    region: str = ""
    wikidata: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str = "state"  # state, territory, igo


@dataclass(frozen=True)
class Office:
    person_id: str
    role: str
    country: str
    agent: str
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date | None) -> bool:
        """True when the office was held on ``day`` (any day when ``day`` is None)."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name_en: str
    names_ar: tuple[str, ...]
    country: str | None
    wikidata: str | None = None
    agent: str | None = None  # default agent when no office is known for the date


@dataclass(frozen=True)
class Organisation:
    id: str
    name_en: str
    names_ar: tuple[str, ...]
    country: str | None
    agent: str | None
    kind: str = "org"  # igo, gov, mil, spy, party, armed, media, agency, company, org
    wikidata: str | None = None


@dataclass(frozen=True)
class OrgHead:
    """A head noun that composes with a country: "وزارة الخارجية" + "المصرية" -> EGYGOV."""

    form: str
    agent: str
    name_en: str
    kind: str = "gov"
    # named: the head with its country names an institution ("الجيش السوداني");
    # nominal: it only refers to one ("السلطات الجزائرية") and is not an entity.
    entity: str = "named"


@dataclass(frozen=True)
class Title:
    """A role noun phrase: "وزير الخارجية" -> role foreign_minister, agent GOV."""

    form: str
    role: str
    agent: str
    name_en: str
    kind: str = "office"  # office (has one holder per country), rank, group, honorific


@dataclass(frozen=True)
class Place:
    id: str
    name_en: str
    names_ar: tuple[str, ...]
    country: str | None
    kind: str = "city"  # city, region, territory, site
    lat: float | None = None
    lon: float | None = None
    wikidata: str | None = None

    @property
    def entity_type(self) -> str:
        return "GPE" if self.kind in ("city", "governorate", "state") else "LOC"


@dataclass(frozen=True)
class Entry:
    """What a surface form points at: ``kind`` names the table, ``key`` the record."""

    kind: str  # country, nisba, capital, person, org, head, title, place, agency
    key: str
    type: str  # PER, ORG, GPE, LOC, NORP, TITLE, HEAD, AGENCY


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    offices: list[Office] = field(default_factory=list)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    heads: dict[str, OrgHead] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # files loaded, in order

    def __post_init__(self) -> None:
        self._offices_by_person: dict[str, list[Office]] | None = None
        self._offices_by_role: dict[tuple[str, str], list[Office]] | None = None

    # -- indexes -----------------------------------------------------------------
    def _index_offices(self) -> None:
        by_person: dict[str, list[Office]] = defaultdict(list)
        by_role: dict[tuple[str, str], list[Office]] = defaultdict(list)
        for office in self.offices:
            by_person[office.person_id].append(office)
            by_role[(office.role, office.country)].append(office)
        self._offices_by_person = dict(by_person)
        self._offices_by_role = dict(by_role)

    def offices_of(self, person_id: str) -> list[Office]:
        if self._offices_by_person is None:
            self._index_offices()
        assert self._offices_by_person is not None
        return self._offices_by_person.get(person_id, [])

    def holder(self, role: str, country: str, on: date | None) -> Person | None:
        """Who held ``role`` in ``country`` on ``on`` (the current holder when None).

        None when nobody did, and when several people did: a role with many holders at
        once (ambassadors, envoys, party leaders) names none of them on its own.
        """
        if self._offices_by_role is None:
            self._index_offices()
        assert self._offices_by_role is not None
        holders = {office.person_id for office in self._offices_by_role.get((role, country), [])
                   if office.holds_on(on)}
        return self.people.get(holders.pop()) if len(holders) == 1 else None

    def office_on(self, person_id: str, on: date | None) -> Office | None:
        """The office ``person_id`` held on ``on``; the latest one when none matches."""
        offices = self.offices_of(person_id)
        for office in offices:
            if office.holds_on(on):
                return office
        return None

    def surface_forms(self) -> Iterator[tuple[str, Entry]]:
        """Every (normalised form, entry) pair the gazetteer matches."""
        for c in self.countries.values():
            entity_type = "ORG" if c.kind == "igo" else "GPE"
            for form in (c.name_ar, *c.variants):
                yield normalize(form), Entry("country", c.iso3, entity_type)
            for form in c.nisba:
                for inflected in nisba_forms(normalize(form)):
                    yield inflected, Entry("nisba", c.iso3, "NORP")
            for form in c.capital_ar:
                yield normalize(form), Entry("capital", c.iso3, "GPE")
        for p in self.people.values():
            for form in p.names_ar:
                yield normalize(form), Entry("person", p.id, "PER")
        for o in self.orgs.values():
            entity_type = "AGENCY" if o.kind == "agency" else "ORG"
            for form in o.names_ar:
                yield normalize(form), Entry("org", o.id, entity_type)
        for h in self.heads.values():
            yield normalize(h.form), Entry("head", h.form, "HEAD")
        for t in self.titles.values():
            yield normalize(t.form), Entry("title", t.form, "TITLE")
        for pl in self.places.values():
            for form in pl.names_ar:
                yield normalize(form), Entry("place", pl.id, pl.entity_type)

    # -- actors ----------------------------------------------------------------
    def country_actor(self, iso3: str, agent: str | None = None) -> Actor:
        c = self.countries[iso3]
        return Actor(
            id=c.iso3,
            name_en=c.name_en,
            name_ar=c.name_ar,
            country=c.iso3,
            agent=agent,
            code=c.cameo + (agent or ""),
            wikidata=c.wikidata,
            kind="country",
            lat=c.lat,
            lon=c.lon,
        )

    def capital_actor(self, iso3: str) -> Actor:
        c = self.countries[iso3]
        return Actor(
            id=f"{iso3}:capital",
            name_en=c.capital_en,
            name_ar=c.capital_ar[0] if c.capital_ar else "",
            country=iso3,
            code=c.cameo,
            kind="place",
            lat=c.lat,
            lon=c.lon,
        )

    def person_actor(self, person_id: str, on: date | None) -> Actor:
        p = self.people[person_id]
        office = self.office_on(person_id, on)
        country = office.country if office else p.country
        agent = office.agent if office else p.agent
        return Actor(
            id=p.id,
            name_en=p.name_en,
            name_ar=p.names_ar[0],
            country=country,
            agent=agent,
            code=self.compose_code(country, agent),
            wikidata=p.wikidata,
            kind="person",
            role=office.role if office else None,
        )

    def org_actor(self, org_id: str) -> Actor:
        o = self.orgs[org_id]
        return Actor(
            id=o.id,
            name_en=o.name_en,
            name_ar=o.names_ar[0],
            country=o.country,
            agent=o.agent,
            code=self.compose_code(o.country, o.agent),
            wikidata=o.wikidata,
            kind="org",
        )

    def place_actor(self, place_id: str) -> Actor:
        pl = self.places[place_id]
        return Actor(
            id=pl.id,
            name_en=pl.name_en,
            name_ar=pl.names_ar[0],
            country=pl.country,
            code=self.compose_code(pl.country, None),
            wikidata=pl.wikidata,
            kind="place",
            lat=pl.lat,
            lon=pl.lon,
        )

    def compose_code(self, country: str | None, agent: str | None) -> str | None:
        """CAMEO actor code: the country's CAMEO code followed by the agent code."""
        if country is None:
            return agent
        c = self.countries.get(country)
        prefix = c.cameo if c else country
        return prefix + (agent or "")


def nisba_forms(stem: str) -> list[str]:
    """Every inflection of a normalised masculine nisba, with and without the article.

    ``مصري`` gives مصري، مصريه، مصريون، مصريين، المصري، المصريه، المصريين …
    (clitics such as و/ب/ل are handled by the matcher, broken plurals are listed in
    the data file). A stem without the final ي is such a listed broken plural
    (روس، اتراك): it is matched as written, with and without the article.
    """
    if not stem.endswith("ي"):
        return [stem, "ال" + stem]
    base = stem[:-1]
    forms = []
    for suffix in ("ي", "يه", "يون", "يين", "يان", "يتان", "يتين", "يات", "يا"):
        forms.append(base + suffix)
    out: list[str] = []
    for form in forms:
        out.append(form)
        out.append("ال" + form)
    return list(dict.fromkeys(out))
