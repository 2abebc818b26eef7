"""The one record that flows through every stage, and its schema ``hadath/1``.

A :class:`Doc` starts as raw input (``raw``) and each stage fills in more of it:
``read`` sets ``title``/``text``, ``clean`` sets ``body`` and ``blocks``, ``dates``
sets ``published`` and ``dates``, ``segment`` sets ``sentences``, ``entities`` and
``link`` set ``mentions``, ``events`` sets ``events``. Every span is a pair of
character offsets into ``body`` (``body[start:end]``).

``Doc.to_dict()`` produces the JSON document that ``hadath analyze`` prints; its
field names are a contract other tools parse (see ``docs/schema.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

SCHEMA = "hadath/1"

# Mention types that are entities in the output. Internal types are kept on the Doc
# for linking and event coding but never printed as entities:
#   NORP   a nationality adjective ("المصري") pointing at its country
#   TITLE  a role noun phrase ("وزير الخارجية") carrying an agent code
#   NOM    a nominal reference to an institution ("الحكومة", "السلطات الجزائرية"):
#          it has an actor for event coding but is not a named entity
#   AGENCY a news agency credited in a dateline or in the text ("واس")
ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC")

__all__ = [
    "SCHEMA",
    "Actor",
    "Block",
    "DateMention",
    "Dateline",
    "Doc",
    "Event",
    "Mention",
    "Sentence",
    "Token",
    "Warning",
]


@dataclass(frozen=True)
class Actor:
    """A canonical actor a mention or event argument resolves to.

    ``country`` is ISO 3166 alpha-3 for states, a CAMEO IGO code (UNO, ARL, …) for
    international bodies; ``code`` is the composed CAMEO actor code (``EGYGOV``).
    ``kind`` is one of country, person, org, place, group (an unnamed collective
    such as "المتظاهرون"); ``role`` is the office held on the article's date.
    """

    id: str
    name_en: str
    name_ar: str
    country: str | None = None
    agent: str | None = None
    code: str | None = None
    wikidata: str | None = None
    kind: str = "org"
    role: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name_en": self.name_en,
            "name_ar": self.name_ar,
            "country": self.country,
            "agent": self.agent,
            "code": self.code,
            "wikidata": self.wikidata,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            id=data["id"],
            name_en=data.get("name_en", ""),
            name_ar=data.get("name_ar", ""),
            country=data.get("country"),
            agent=data.get("agent"),
            code=data.get("code"),
            wikidata=data.get("wikidata"),
        )


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the name is the domain's word; it never shadows at use sites
    """A coded, per-article problem: ``code`` is stable, ``message`` says what and where."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass
class Block:
    """A line-level unit of the clean body: ``kind`` is paragraph or subheading."""

    start: int
    end: int
    kind: str = "paragraph"


@dataclass
class Dateline:
    """A wire dateline moved out of the body ("القاهرة - (أ ش أ) -")."""

    text: str
    place: str | None = None
    agency: str | None = None
    date: str | None = None  # ISO date when the dateline carried one
    actor: Actor | None = None  # the place, linked by the ``link`` stage
    type: str | None = None  # GPE or LOC once linked

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "place": self.place, "agency": self.agency, "date": self.date,
                "type": self.type, "actor": self.actor.to_dict() if self.actor else None}


@dataclass
class Token:
    """A word or punctuation mark. ``norm`` is the matching form (see arabic.normalize)."""

    text: str
    start: int
    end: int
    norm: str
    is_word: bool = True


@dataclass
class Sentence:
    """A sentence of the body. ``kind``: body, subheading or title.

    Only ``body`` sentences are event sentences.
    """

    start: int
    end: int
    kind: str = "body"
    tokens: list[Token] = field(default_factory=list)
    index: int = 0


@dataclass
class DateMention:
    """An in-text time expression resolved to a calendar date (or left unresolved)."""

    text: str
    start: int
    end: int
    value: str | None  # ISO date
    kind: str = "absolute"  # absolute, relative, weekday, hijri


@dataclass
class Mention:
    """A span of ``body`` that names or describes an actor.

    ``type`` is PER/ORG/GPE/LOC for entities, or one of the internal types NORP,
    TITLE, NOM, AGENCY (see ENTITY_TYPES). ``origin`` says which matcher found it
    (gazetteer, title, model, coref). ``country``, ``agent`` and ``role`` are what a
    title or adjective said about the actor even when no actor was resolved.
    """

    text: str
    start: int
    end: int
    type: str
    actor: Actor | None = None
    origin: str = "gazetteer"
    agent: str | None = None
    role: str | None = None
    country: str | None = None
    sentence: int = -1
    score: float = 1.0
    # What the matcher found under this span before linking chose (kb Entry objects).
    candidates: tuple[Any, ...] = ()

    @property
    def is_entity(self) -> bool:
        return self.type in ENTITY_TYPES

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "actor": self.actor.to_dict() if self.actor else None,
        }


@dataclass
class Event:
    """A coded event: who (source) did what (cameo) to whom (target), with evidence."""

    source: Actor | None
    target: Actor | None
    cameo: str
    root: str
    plover: str
    quad_class: int
    goldstein: float
    sentence: int
    trigger: str
    evidence: str
    trigger_start: int = -1
    trigger_end: int = -1
    date: str | None = None
    location: str | None = None
    negated: bool = False
    confidence: float = 0.5
    plover_mode: str | None = None
    evidence_spans: list[tuple[int, int]] = field(default_factory=list)
    coordinates: tuple[float, float] | None = None  # (lat, lon) of ``location`` when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "root": self.root,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "date": self.date,
            "location": self.location,
            "coordinates": list(self.coordinates) if self.coordinates else None,
            "sentence": self.sentence,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "evidence": self.evidence,
            "evidence_spans": [list(s) for s in self.evidence_spans],
            "negated": self.negated,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Doc:
    """One article on its way through the pipeline."""

    raw: str | bytes = ""
    name: str = "<input>"
    url: str | None = None
    fetched: datetime | None = None
    published: datetime | None = None
    published_source: str | None = None  # given, meta, relative-line, dateline, fetched
    input_format: str | None = None  # text or html
    text: str = ""  # decoded text before cleaning (HTML: the extracted body text)
    title: str | None = None
    body: str = ""
    blocks: list[Block] = field(default_factory=list)
    dateline: Dateline | None = None
    dates: list[DateMention] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def warn(self, code: str, message: str) -> None:
        """Record a per-article problem without stopping the pipeline."""
        self.warnings.append(Warning(code, message))

    @property
    def entities(self) -> list[Mention]:
        """Mentions that are output entities (PER/ORG/GPE/LOC), in body order."""
        return sorted((m for m in self.mentions if m.is_entity), key=lambda m: (m.start, m.end))

    @property
    def reference_date(self) -> date | None:
        """The date relative expressions resolve against: publication, else crawl time."""
        when = self.published or self.fetched
        return when.date() if when else None

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains body offset ``offset``."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def to_dict(self) -> dict[str, Any]:
        """The ``hadath/1`` JSON document (see docs/schema.md)."""
        return {
            "schema": SCHEMA,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "body": self.body,
            "url": self.url,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "subheadings": [
                self.body[b.start : b.end] for b in self.blocks if b.kind == "subheading"
            ],
            "dates": [
                {"text": d.text, "start": d.start, "end": d.end, "value": d.value, "kind": d.kind}
                for d in self.dates
            ],
            "entities": [m.to_dict() for m in self.entities],
            "events": [e.to_dict() for e in self.events],
            "warnings": [str(w) for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Doc:
        """Rebuild a Doc (body, entities, events) from a ``hadath/1`` document."""
        published = data.get("published")
        doc = cls(
            title=data.get("title"),
            body=data.get("body", ""),
            url=data.get("url"),
            published=datetime.fromisoformat(published) if published else None,
        )
        for e in data.get("entities", []):
            actor = Actor.from_dict(e["actor"]) if e.get("actor") else None
            doc.mentions.append(Mention(e["text"], e["start"], e["end"], e["type"], actor))
        for ev in data.get("events", []):
            doc.events.append(
                Event(
                    source=Actor.from_dict(ev["source"]) if ev.get("source") else None,
                    target=Actor.from_dict(ev["target"]) if ev.get("target") else None,
                    cameo=ev["cameo"],
                    root=ev["root"],
                    plover=ev["plover"],
                    plover_mode=ev.get("plover_mode"),
                    quad_class=ev["quad_class"],
                    goldstein=ev["goldstein"],
                    date=ev.get("date"),
                    location=ev.get("location"),
                    coordinates=tuple(ev["coordinates"]) if ev.get("coordinates") else None,
                    sentence=ev["sentence"],
                    trigger=ev["trigger"],
                    trigger_start=ev.get("trigger_start", -1),
                    trigger_end=ev.get("trigger_end", -1),
                    evidence=ev["evidence"],
                    evidence_spans=[tuple(s) for s in ev.get("evidence_spans", [])],
                    negated=ev.get("negated", False),
                    confidence=ev.get("confidence", 0.5),
                )
            )
        doc.warnings = [cls._parse_warning(w) for w in data.get("warnings", [])]
        return doc

    @staticmethod
    def _parse_warning(text: str) -> Warning:
        code, _, message = text.partition(": ")
        return Warning(code, message) if message else Warning("warning", text)
