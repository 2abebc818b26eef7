"""link: resolve mentions to canonical actors and tie later mentions to earlier ones.

In body order, each mention gets an ``Actor``:

* countries, capitals, places, people and named organisations from the KB (a person's
  country, agent and role are those of the office held on the article's date);
* an organisation head composes with the country that follows it — an adjective
  ("وزارة الخارجية المصرية" -> EGYGOV) or "ب/في + country" ("جهاز الاستخبارات
  الخارجية بروسيا" -> RUSSPY); the adjective joins the ORG span;
* a title takes its country from the adjective after it ("الرئيس المصري") and its
  actor from the name next to it, else from the office holder on the article's date,
  else from an earlier actor of the document with that role or country ("المسئول
  الروسي", "نظيره الروسي"), else a generic actor of that country and agent;
* a name found only through its title or by the NER model becomes a document-local
  actor (id ``new:<normalised name>``, not a KB id) with a transliterated ``name_en``;
  its family name alone later in the text ("الصفدي") is the same actor.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from hadath.arabic.clitics import strip_proclitics
from hadath.arabic.normalize import normalize, normalize_with_map
from hadath.arabic.translit import transliterate
from hadath.doc import Actor, Doc, Mention
from hadath.kb.model import Entry, KnowledgeBase

# Prefixes and words that attach a country to the head or title before it.
_COUNTRY_LINKS = ("ب", "ل", "في")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Linker:
    """The ``link`` stage."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # place names (normalised) -> the entry they name, for datelines
        self._places: dict[str, Entry] = {}
        for form, entry in kb.surface_forms():
            if entry.kind in ("capital", "country", "place"):
                self._places.setdefault(form, entry)

    def __call__(self, doc: Doc) -> Doc:
        day = doc.reference_date
        mentions = sorted(doc.mentions, key=lambda m: (m.start, -m.end))
        self._absorb_adjectives(doc, mentions)
        mentions = [m for m in mentions if m.type != "ABSORBED"]
        home = self._home_country(doc)
        history: list[Actor] = []  # person actors in order of mention, for coreference
        salience: dict[str, int] = {}  # mentions, plus one for each sentence an actor opens
        opened: set[int] = set()
        for i, m in enumerate(mentions):
            if m.type == "ABSORBED":
                continue
            if m.actor is None:
                self._resolve(doc, mentions, i, day, home, history, salience)
            if m.actor is not None and m.actor.kind == "person" and m.type in ("PER", "TITLE"):
                if not history or history[-1] != m.actor:
                    history.append(m.actor)
                    salience[m.actor.id] = salience.get(m.actor.id, 0) + 1
                if m.sentence not in opened:
                    salience[m.actor.id] += 1
            if m.is_entity or m.type == "TITLE":
                opened.add(m.sentence)
        mentions = [m for m in mentions if m.type != "ABSORBED"]
        _unify_short_names(mentions)
        mentions.extend(self._family_name_mentions(doc, mentions))
        doc.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        return doc

    # -- composition ---------------------------------------------------------
    def _absorb_adjectives(self, doc: Doc, mentions: list[Mention]) -> None:
        """Join "head/title + adjective(s)" into one span carrying the country."""
        for i, m in enumerate(mentions):
            if m.type not in ("ORG", "TITLE") or not m.candidates:
                continue
            if m.candidates[0].kind not in ("head", "title"):
                continue
            j = i + 1
            while j < len(mentions):
                nxt = mentions[j]
                gap = doc.body[m.end : nxt.start]
                if nxt.type != "NORP" or gap.strip():
                    break
                if m.country is None:
                    m.country = nxt.candidates[0].key
                m.end = nxt.end
                m.text = doc.body[m.start : m.end]
                nxt.type = "ABSORBED"
                j += 1
            if m.country is None:
                m.country = self._country_after(doc, mentions, i)

    def _country_after(self, doc: Doc, mentions: list[Mention], i: int) -> str | None:
        """The country in "head بروسيا" / "head في مصر" / "head لبنان" right after mention i;
        a capital stands for its country ("مقر وزارة الخارجية بعمان")."""
        m = mentions[i]
        for nxt in mentions[i + 1 : i + 3]:
            gap = doc.body[m.end : nxt.start]
            if nxt.type != "GPE" or not nxt.candidates or nxt.candidates[0].kind not in ("country", "capital"):
                continue
            if gap.strip() in ("", "في"):
                return nxt.candidates[0].key
            # the clitic is outside the span: "ب" + "روسيا"
            if gap.strip() in _COUNTRY_LINKS and not gap.endswith(" "):
                return nxt.candidates[0].key
        return None

    def _home_country(self, doc: Doc) -> str | None:
        """Link the dateline's place and return its country ("القاهرة -" -> EGY)."""
        if doc.dateline is None or not doc.dateline.place:
            return None
        entry = self._places.get(normalize(" ".join(doc.dateline.place.split())))
        if entry is None:
            return None
        doc.dateline.type = "GPE"
        if entry.kind == "place":
            doc.dateline.actor = self.kb.place_actor(entry.key)
            doc.dateline.type = self.kb.places[entry.key].entity_type
        elif entry.kind == "capital":
            doc.dateline.actor = self.kb.capital_actor(entry.key)
        else:
            doc.dateline.actor = self.kb.country_actor(entry.key)
        return doc.dateline.actor.country

    # -- resolution ----------------------------------------------------------
    def _resolve(self, doc: Doc, mentions: list[Mention], i: int, day: date | None,
                 home: str | None, history: list[Actor], salience: dict[str, int]) -> None:
        m = mentions[i]
        entry: Entry | None = m.candidates[0] if m.candidates else None
        kb = self.kb
        if entry is None:
            if m.type == "PER":
                m.actor = self._new_person(doc, mentions, i, day)
            elif m.type in ("ORG", "GPE", "LOC"):
                m.actor = self._new_actor(m)
            return
        if entry.kind == "country":
            m.actor = kb.country_actor(entry.key)
        elif entry.kind == "nisba":
            m.actor = kb.country_actor(entry.key)
            m.country = entry.key
        elif entry.kind == "capital":
            m.actor = kb.capital_actor(entry.key)
        elif entry.kind == "place":
            m.actor = kb.place_actor(entry.key)
        elif entry.kind == "person":
            m.actor = kb.person_actor(entry.key, day)
        elif entry.kind == "org":
            m.actor = kb.org_actor(entry.key)
        elif entry.kind == "head":
            explicit = m.country is not None
            m.actor = self._composed_org(mentions, i, home)
            if not self._names_an_institution(m, explicit):
                m.type = "NOM"
        elif entry.kind == "title":
            self._resolve_title(doc, mentions, i, day, home, history, salience)

    def _composed_org(self, mentions: list[Mention], i: int, home: str | None) -> Actor:
        m = mentions[i]
        head = self.kb.heads[m.candidates[0].key]
        country = m.country or self._nearby_person_country(mentions, i) or home
        m.agent = head.agent
        if country is None or country not in self.kb.countries:
            return Actor(id=f"org:{_slug(head.name_en)}", name_en=head.name_en, name_ar=head.form,
                         agent=head.agent, code=head.agent, kind="org")
        c = self.kb.countries[country]
        return Actor(
            id=f"{country}:{_slug(head.name_en)}",
            name_en=f"{head.name_en} of {c.name_en}",
            name_ar=m.text,
            country=country,
            agent=head.agent,
            code=self.kb.compose_code(country, head.agent),
            kind="org",
        )

    def _names_an_institution(self, m: Mention, explicit_country: bool) -> bool:
        """Whether a composed organisation is a named entity or a nominal reference.

        "وزارة الخارجية" and "الجيش الإسرائيلي" name an institution; "الحكومة" alone
        and "السلطات الجزائرية" only refer to one (see OrgHead.entity).
        """
        head = self.kb.heads[m.candidates[0].key]
        if head.entity == "nominal":
            return False
        return explicit_country or len(head.form.split()) > 1

    def _nearby_person_country(self, mentions: list[Mention], i: int) -> str | None:
        """The country of a person named in the same sentence just before mention i."""
        m = mentions[i]
        for prev in reversed(mentions[:i]):
            if prev.sentence != m.sentence:
                break
            if prev.actor is not None and prev.actor.kind == "person" and prev.actor.country:
                return prev.actor.country
        return None

    def _resolve_title(self, doc: Doc, mentions: list[Mention], i: int, day: date | None,
                       home: str | None, history: list[Actor], salience: dict[str, int]) -> None:
        m = mentions[i]
        title = self.kb.titles[m.candidates[0].key]
        m.agent, m.role = title.agent, title.role or None
        # A name next to the title is who the title is about.
        named = self._adjacent_person(doc, mentions, i)
        country = m.country
        if (named is not None and named.origin == "title" and title.kind == "office" and country
                and self.kb.holder(title.role, country, day) is not None):
            # A title whose holder the KB knows is not followed by an unknown name:
            # the words after it are something else ("الرئيس المصري دعمه").
            named.type = "ABSORBED"
            named = None
        if named is not None:
            if named.actor is None:
                self._resolve(doc, mentions, mentions.index(named), day, home, history, salience)
            m.actor = named.actor
            if m.actor is not None and m.country is None:
                m.country = m.actor.country
            return
        if title.kind == "counterpart":
            # "نظيره الروسي": the same office as the previous person, in another country.
            role = next((a.role for a in reversed(history) if a.role), None)
            m.role = role
            if role and country:
                m.actor = self._holder_actor(role, country, day, title.agent, title.name_en)
            return
        if title.kind == "generic" or (title.kind == "office" and country is None):
            # "المسئول الروسي", "الرئيس": an actor already in the text, the most salient.
            fits = [a for a in history if (country is None or a.country == country)
                    and (title.kind == "generic" or a.role == title.role)]
            if fits:
                m.actor = max(reversed(fits), key=lambda a: salience.get(a.id, 0))
                return
        if country is None:
            return
        if title.kind == "office" and title.role:
            m.actor = self._holder_actor(title.role, country, day, title.agent, title.name_en)
        elif title.kind in ("group", "generic", "rank"):
            m.actor = self._generic_actor(country, title.agent, title.name_en, title.role, "group")

    def _holder_actor(self, role: str, country: str, day: date | None, agent: str, name_en: str) -> Actor | None:
        person = self.kb.holder(role, country, day)
        if person is not None:
            return self.kb.person_actor(person.id, day)
        return self._generic_actor(country, agent, name_en, role, "person")

    def _generic_actor(self, country: str, agent: str, name_en: str, role: str | None, kind: str) -> Actor | None:
        c = self.kb.countries.get(country)
        if c is None:
            return None
        return Actor(id=f"{country}:{role or _slug(name_en)}", name_en=f"{name_en} of {c.name_en}",
                     name_ar="", country=country, agent=agent or None,
                     code=self.kb.compose_code(country, agent or None), kind=kind, role=role)

    def _adjacent_person(self, doc: Doc, mentions: list[Mention], i: int) -> Mention | None:
        """A PER right after the title, or right before it in apposition ("X، رئيس ...")."""
        m = mentions[i]
        for nxt in mentions[i + 1 :]:
            gap = doc.body[m.end : nxt.start]
            if gap.strip() and gap.strip() not in ("،", ","):
                break
            if nxt.type == "PER":
                return nxt
            if nxt.type not in ("ORG", "NORP", "GPE"):
                break
        for prev in reversed(mentions[:i]):
            gap = doc.body[prev.end : m.start]
            if gap.strip() not in ("،", ","):
                break
            if prev.type == "PER":
                return prev
            break
        return None

    def _new_person(self, doc: Doc, mentions: list[Mention], i: int, day: date | None) -> Actor:
        """An actor for a name the KB does not know, typed by the title before it."""
        m = mentions[i]
        title = next((t for t in reversed(mentions[:i]) if t.type == "TITLE" and t.end <= m.start
                      and not doc.body[t.end : m.start].strip(" ،,")), None)
        agent = title.agent if title else None
        country = title.country if title else None
        if title is not None and country is None:
            country = self._country_after(doc, mentions, mentions.index(title))
        key = normalize(m.text)
        return Actor(id=f"new:{key.replace(' ', '_')}", name_en=transliterate(m.text), name_ar=m.text,
                     country=country, agent=agent, code=self.kb.compose_code(country, agent),
                     kind="person", role=title.role if title else None)

    def _new_actor(self, m: Mention) -> Actor:
        """An organisation or place found by the model alone: named, not in the KB."""
        kind = "org" if m.type == "ORG" else "place"
        return Actor(id=f"new:{normalize(m.text).replace(' ', '_')}", name_en=transliterate(m.text),
                     name_ar=m.text, kind=kind)

    def _family_name_mentions(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Later mentions of a new person's family name alone ("الصفدي")."""
        new_people: dict[str, Mention] = {}
        for m in mentions:
            if m.origin in ("title", "model") and m.type == "PER" and m.actor is not None and len(m.text.split()) > 1:
                family = normalize(m.text.split()[-1])
                if len(family) >= 4:
                    new_people.setdefault(family, m)
        if not new_people:
            return []
        covered = bytearray(len(doc.body) + 1)  # 1 where a mention already covers the text
        for m in mentions:
            if m.is_entity or m.type == "TITLE":
                covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        out = []
        for sentence in doc.sentences:
            for tok in sentence.tokens:
                if covered[tok.start] or len(tok.norm) < 4:
                    continue
                for prefix, stem in strip_proclitics(tok.norm):
                    first = new_people.get(stem)
                    if first is not None and tok.start >= first.end:
                        start = tok.start + normalize_with_map(tok.text)[1][len(prefix)]
                        out.append(replace(first, text=doc.body[start : tok.end], start=start,
                                           end=tok.end, sentence=sentence.index, origin="coref"))
                        break
        return out


def _unify_short_names(mentions: list[Mention]) -> None:
    """A one-word name the KB does not know ("عباس") is the person whose full name
    in the same article ends with it ("محمود عباس")."""
    full: dict[str, Actor] = {}
    for m in mentions:
        words = normalize(m.text).split()
        if m.type == "PER" and m.actor is not None and len(words) > 1:
            full.setdefault(words[-1], m.actor)
    for m in mentions:
        if m.type != "PER" or m.actor is None or not m.actor.id.startswith("new:") or " " in m.text.strip():
            continue
        for _, stem in strip_proclitics(normalize(m.text)):
            if stem in full and full[stem] != m.actor:
                m.actor = full[stem]
                break
