"""events: code who did what to whom in each body sentence, in CAMEO and PLOVER.

For every sentence of kind ``body``:

1. find triggers from the lexicon (``kb/data/triggers.tsv``, see ``events_match``);
2. drop what the text does not assert: negated (لم يلتقِ، نفى أن يكون التقى — kept with
   ``negated=True``), future and intended (سيزور، من المقرر أن، يعتزم), modal (قد يزور),
   conditional (إذا، لو), questions, and background nouns (منذ زيارة، بعد لقاء);
3. assign arguments from the sentence's mentions: verb-first order (the first actor
   after the verb is the source), subject-first order (an actor right before the verb),
   dropped subjects ("وأكد"، "وأضاف") inherit the document's last source, "تلقى اتصالا
   من X" makes X the source, passives have no source; the target follows one of the
   trigger's prepositions, else it is the next actor of the clause;
4. fill in the CAMEO table's Goldstein weight, quad class and PLOVER category, the date
   (a date in the sentence, else the publication date), the place and a confidence;
5. merge the same (source, code, target) across sentences into one event with several
   evidence spans, and drop a meeting already implied by a hosted visit.

Symmetric events (meet, call, sign, cooperate, ceasefire) are coded once with the
first-mentioned party as source. See ``docs/events.md``.
"""

from __future__ import annotations

from hadath.doc import Actor, Doc, Event, Sentence, Token
from hadath.kb.lexicon import CUES, PREPOSITIONS, Lexicon, default_lexicon
from hadath.kb.model import KnowledgeBase
from hadath.stages.events_args import (
    CLAUSE_PUNCT,
    Arg,
    ArgumentFinder,
    Resolved,
    State,
    bare,
    same_actor,
)
from hadath.stages.events_match import TriggerMatch, find_triggers
from hadath.stages.events_merge import merge_events

__all__ = ["EventCoder"]


class EventCoder:
    """The ``events`` stage."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon | None = None) -> None:
        self.kb = kb
        self.lexicon = lexicon or default_lexicon()
        self._cue = {name: self.lexicon.cues.get(name, set()) for name in CUES}
        self.finder = ArgumentFinder(kb, self.lexicon)

    # -- the stage -------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        args_by_sentence = {s.index: self.finder.arguments(doc, s) for s in doc.sentences}
        state = State()
        self.finder.begin_document(state)
        events: list[Event] = []
        for sentence in doc.sentences:
            if sentence.kind != "body":
                continue
            args = args_by_sentence.get(sentence.index, [])
            events.extend(self._code_sentence(doc, sentence, args, args_by_sentence, state))
        # A source not placed in any country is an unlinked name or a body of no known state;
        # on real articles such events are mostly misreadings, so they are left out, as is an
        # event none of whose parties is placed.
        # A province or town (a place that is not a capital standing for its state) does not act.
        doc.events = [e for e in merge_events(events)
                      if (e.source is None or _placed(e.source) and e.source.kind != "place")
                      and (_placed(e.source) or _placed(e.target))]
        return doc

    # -- one sentence ------------------------------------------------------------
    def _code_sentence(self, doc: Doc, sentence: Sentence, args: list[Arg],
                       all_args: dict[int, list[Arg]], state: State) -> list[Event]:
        tokens = sentence.tokens
        self.finder.begin_sentence(tokens)
        matches = find_triggers(tokens, self.lexicon, [(a.first, a.last) for a in args], _proper(doc, sentence))
        question = bool(tokens) and tokens[-1].text in ("؟", "?")
        quoted = _quoted(tokens)
        resolved: list[Resolved | None] = []
        events: list[tuple[int, Event]] = []
        for k, match in enumerate(matches):
            res = self.finder.resolve(doc, tokens, args, matches, k, resolved, state, all_args, sentence)
            resolved.append(res)
            trig = match.trigger
            if res is not None and res.explicit_source and res.source is not None \
                    and not trig.flags & {"agent_from", "mediation"}:  # a by-phrase is no subject
                state.last_source = res.source
            if res is None or not trig.coded or question or match.first in quoted:
                continue  # words inside quotation marks are what someone said, not events
            if self._not_asserted(tokens, match, matches, k):
                continue
            negated = self._negated(tokens, match, matches, k)
            if res.source is None and "passive" not in trig.flags:
                continue
            if trig.flags & {"requires_target", "manner"} and res.target is None:
                continue
            if "mediation" in trig.flags:
                # "توصل X وY إلى اتفاق بوساطة من Z": Z mediated between the two parties.
                pair = next(((r.source, r.target) for r in reversed(resolved[:k])
                             if r is not None and r.source is not None and r.target is not None), state.last_pair)
                for party in pair or ():
                    if res.source is not None and not same_actor(res.source, party):
                        side = Resolved(res.source, party, res.explicit_source, True, res.source_arg)
                        events.append((k, self._event(doc, sentence, match, side, negated)))
                continue
            if same_actor(res.source, res.target):
                continue
            events.append((k, self._event(doc, sentence, match, res, negated)))
            parties = res.parties
            for i, a in enumerate(parties):
                for b in parties[i + 1:]:
                    # "مناورات بين إيران وروسيا والصين": every pair, the first pair already coded.
                    if {a.id, b.id} != {res.source.id if res.source else "", res.target.id if res.target else ""}:
                        extra = Resolved(a, b, True, True)
                        events.append((k, self._event(doc, sentence, match, extra, negated)))
            for co in ([] if "symmetric" in trig.flags else self.finder.co_sources(tokens, args, res)):
                # "وشكرت واشنطن وموسكو الرياض": one event per subject.
                again = Resolved(co.actor, res.target, True, res.explicit_target, co)
                if not same_actor(co.actor, res.target):
                    events.append((k, self._event(doc, sentence, match, again, negated)))
            for co in ([] if "reciprocal" in trig.flags else self.finder.co_targets(tokens, args, res)):
                # "رحب بقرار كل من X وY": one event per target.
                again = Resolved(res.source, co.actor, res.explicit_source, True, res.source_arg, res.target_via_prep)
                events.append((k, self._event(doc, sentence, match, again, negated)))
            if "reciprocal" in trig.flags and res.target is not None:
                back = Resolved(res.target, res.source, res.explicit_target, res.explicit_source)
                events.append((k, self._event(doc, sentence, match, back, negated)))
            if res.source is not None and res.target is not None and not negated:
                state.last_pair = (res.source, res.target)
                state.pairs.append(state.last_pair)
                state.last_code = res.cameo or trig.cameo
            if res.source is not None and not negated and trig.cameo[:2] in ("18", "19", "20"):
                state.last_attacker = res.source
            if not negated:
                state.parties.extend(a for a in (res.source, res.target) if a is not None)
        # An announcement gives way to the coded noun it governs (أعلنت X اعتقال …).
        governing = {r.governed_by for r in resolved if r is not None and r.governed_by is not None}
        return [e for k, e in events if not (k in governing and e.cameo == "010")]

    def _not_asserted(self, tokens: list[Token], match: TriggerMatch, matches: list[TriggerMatch], k: int) -> bool:
        """Future, intended, modal, conditional or background: the text does not say it happened."""
        trig = match.trigger
        if match.future:
            return True
        before = self._clause_before(tokens, match.first, 8)
        norms = [bare(t.norm) for t in before]
        if any(n in self._cue["future"] or n in self._cue["intent"] or n in self._cue["conditional"] for n in norms):
            return True
        present = trig.kind == "verb_present" or (trig.kind == "mwe" and trig.words[0].startswith("ي"))
        if present and norms[-2:] and any(n in self._cue["modal"] for n in norms[-2:]):
            return True
        if present and tokens[match.first].norm[:1] == "ل" and match.prefix in ("", "و", "ف") \
                and tokens[match.first].norm[1:2] in ("ي", "ت"):
            return True  # purpose: "ليلتقي"
        if trig.kind != "noun" and norms[-1:] and norms[-1] in PREPOSITIONS \
                and not trig.flags & {"participle", "symmetric"}:
            # "نجحت في طرد …": after a preposition the verb's letters are a verbal noun whose
            # agent is not its subject (a symmetric one still names its pair: "تبادل … بين البلدين").
            return True
        nxt = tokens[match.last + 1].norm if match.last + 1 < len(tokens) else ""
        if trig.kind in ("verb_past", "verb_present") and "ل" not in trig.target_preps and not match.future \
                and nxt[:1] == "ل" and len(nxt) > 3 and nxt[:2] not in ("لا", "لم", "لن") \
                and nxt not in PREPOSITIONS and nxt[1:] not in self._cue["adverb"]:
            return True  # "وقصف لمدفعية الجيش": a verbal noun whose agent follows with ل
        if trig.kind == "noun" and match.prefix in ("ل", "لل") and "manner" not in trig.flags:
            return True  # "توجه لتوقيع اتفاقية": a purpose, not an act
        if norms[-1:] and norms[-1] in self._cue["background"] and (trig.kind == "noun" or norms[-1] != "قبل"):
            return True  # "منذ زيارة"، "عقب توصل الطرفين إلى اتفاق": a verbal noun in a time phrase
        # "بعد أن التقى", "منذ أن زار": background clauses.
        return len(norms) >= 2 and norms[-1] in self._cue["complementizer"] and norms[-2] in self._cue["background"]

    def _negated(self, tokens: list[Token], match: TriggerMatch, matches: list[TriggerMatch], k: int) -> bool:
        before = self._clause_before(tokens, match.first, 10)
        norms = [bare(t.norm) for t in before]
        if norms[-1:] and norms[-1] in self._cue["negation"]:
            return True
        if len(norms) >= 2 and norms[-2] in self._cue["negation"] and norms[-1] in self._cue["auxiliary"]:
            return True
        # A denial earlier in the sentence: "نفى أن يكون … قد التقى".
        denied = any(bare(tokens[m.first].norm) in self._cue["deny"] for m in matches[:k])
        return denied and match.trigger.cameo != "010"

    def _clause_before(self, tokens: list[Token], index: int, limit: int) -> list[Token]:
        """Up to ``limit`` tokens before ``index``, back to the start of the clause."""
        out: list[Token] = []
        i = index - 1
        while i >= 0 and len(out) < limit:
            if tokens[i].text in CLAUSE_PUNCT or tokens[i].text == "،":
                break
            out.append(tokens[i])
            i -= 1
        return out[::-1]

    # -- the event ---------------------------------------------------------------
    def _event(self, doc: Doc, sentence: Sentence, match: TriggerMatch, res: Resolved, negated: bool) -> Event:
        code = res.cameo or match.trigger.cameo
        row = self.lexicon.code(code)
        tokens = sentence.tokens
        first, last = tokens[match.first], tokens[match.last]
        place = self.finder.place(doc, sentence) or self._dateline_place(doc)
        return Event(
            source=res.source,
            target=res.target,
            cameo=code,
            root=code[:2],
            plover=row.plover,
            plover_mode=row.plover_mode or None,
            quad_class=row.quad_class,
            goldstein=row.goldstein,
            sentence=sentence.index,
            trigger=" ".join(tokens[i].text for i in match.positions),
            trigger_start=first.start,
            trigger_end=last.end,
            evidence=doc.body[sentence.start:sentence.end],
            evidence_spans=[(sentence.start, sentence.end)],
            date=self._date(doc, sentence),
            location=place.name_en if place is not None else None,
            coordinates=_coordinates(place),
            negated=negated,
            confidence=_confidence(match, res),
        )

    def _date(self, doc: Doc, sentence: Sentence) -> str | None:
        for d in doc.dates:
            if sentence.start <= d.start < sentence.end and d.value:
                return d.value
        day = doc.reference_date
        return day.isoformat() if day else None

    def _dateline_place(self, doc: Doc) -> Actor | None:
        if doc.dateline is None or not doc.dateline.place:
            return None
        if doc.dateline.actor is not None:
            return doc.dateline.actor
        for m in doc.mentions:
            if m.text == doc.dateline.place and m.actor is not None:
                return m.actor
        return None


def _coordinates(place: Actor | None) -> tuple[float, float] | None:
    """A place's latitude and longitude; a whole country gets none (its capital's would mislead)."""
    if place is None or place.kind != "place" or place.lat is None or place.lon is None:
        return None
    return (place.lat, place.lon)



def _proper(doc: Doc, sentence: Sentence) -> set[int]:
    """Token indices inside the names of people, places and organisations in ``sentence``."""
    spans = [(m.start, m.end) for m in doc.mentions
             if m.type in ("PER", "GPE", "LOC", "ORG") and sentence.start <= m.start < sentence.end]
    # A name that swallowed a leading و/ف ("ودان" read as a town) is more likely "و + verb".
    return {i for i, t in enumerate(sentence.tokens)
            if any(a < t.end and t.start < b and not (a == t.start and t.text[:1] in "وف") for a, b in spans)}


def _placed(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.country)


def _quoted(tokens: list[Token]) -> set[int]:
    """Indices of tokens inside quotation marks ("«أطلقوا سراح الرهائن»")."""
    inside: set[int] = set()
    depth = 0
    straight = False
    for i, t in enumerate(tokens):
        if t.text in ("«", "“"):
            depth += 1
        elif t.text in ("»", "”"):
            depth = max(0, depth - 1)
        elif t.text == '"':
            straight = not straight
        elif depth or straight:
            inside.add(i)
    return inside


def _confidence(match: TriggerMatch, res: Resolved) -> float:
    trig = match.trigger
    score = 0.45
    score += 0.2 if res.explicit_source else (0.0 if res.source is None else 0.05)
    score += 0.15 if res.explicit_target else (0.03 if res.target is not None else 0.0)
    score += 0.05 if res.target_via_prep else 0.0
    score += 0.08 if trig.kind in ("verb_past", "mwe") else 0.0
    score -= 0.08 if trig.kind == "noun" else 0.0
    score -= 0.08 if res.weak else 0.0
    if res.source_arg is not None:
        distance = abs(res.source_arg.first - match.first)
        score -= min(0.1, 0.02 * max(0, distance - 2))
    return max(0.05, min(0.99, score))

