"""Argument assignment for the events stage: who is the source and who the target.

``ArgumentFinder`` turns a sentence's mentions into argument candidates (``Arg``) and,
for each trigger found by ``events_match``, decides its source and target
(``Resolved``): verb-first and subject-first order, dropped subjects, titles and
honorifics before a name, ``تلقى اتصالا من``, symmetric pairs (``بين X و Y``), nouns and
the verbs that govern them, and the fallbacks a trigger's flags ask for (the document's
counterpart, the place's country). The readers of single phrases live in ``events_phrases``.
The rules are described in ``docs/events.md``.
"""

from __future__ import annotations

from hadath.arabic.normalize import normalize
from hadath.doc import Actor, Doc, Mention, Sentence, Token
from hadath.kb.lexicon import Lexicon, Trigger
from hadath.kb.model import KnowledgeBase
from hadath.stages.events_match import TriggerMatch, read_token
from hadath.stages.events_phrases import (
    CLAUSE_PUNCT,
    Arg,
    PhraseReader,
    Resolved,
    State,
    bare,
    same_actor,
    same_arg,
    strip_prep,
)

__all__ = ["CLAUSE_PUNCT", "Arg", "ArgumentFinder", "Resolved", "State", "bare", "same_actor"]

ARG_TYPES = ("PER", "ORG", "GPE", "TITLE", "NOM", "NORP")
PLACE_TYPES = ("GPE", "LOC")

_SUBJECT_WINDOW = 7  # words between a verb and its subject (titles, time phrases)
_TARGET_WINDOW = 18  # tokens after the trigger a target is looked for in


class ArgumentFinder(PhraseReader):
    """Sources and targets of triggers, from the mentions the entity stages found."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        super().__init__(lexicon)
        self.kb = kb
        self._parties: list[Actor] = []
        self._doc_id = 0
        self._titles: dict[str, Actor] = {}  # a title's words -> the person it named in apposition

    def begin_document(self, state: State) -> None:
        self._parties = state.parties
        self._state = state

    def begin_sentence(self, tokens: list[Token]) -> None:
        self._tokens = tokens

    # -- candidates ------------------------------------------------------------
    def arguments(self, doc: Doc, sentence: Sentence) -> list[Arg]:
        tokens = sentence.tokens
        if id(doc) != self._doc_id:
            self._doc_id, self._titles = id(doc), {}
        out: list[Arg] = []
        for m in sorted((m for m in doc.mentions if sentence.start <= m.start < sentence.end),
                        key=lambda m: (m.start, -m.end)):
            if m.type not in ARG_TYPES:
                continue
            first = next((i for i, t in enumerate(tokens) if t.end > m.start), None)
            last = max((i for i, t in enumerate(tokens) if t.start < m.end), default=None)
            if first is None or last is None:
                continue
            actor = m.actor or self._title_actor(tokens, out, m, first)
            if actor is None:
                continue
            actor = self._state_for_capital(actor)
            arg = Arg(first, last, actor, m, weak=m.type == "NORP")
            arg.prep = self._prep_before(doc, tokens, first, m)
            prev = out[-1] if out else None
            if prev is not None and prev.mention.type == "TITLE" and m.type == "PER" and arg.first == prev.last + 1 \
                    and (not prev.actor.country or prev.actor.id.startswith("new:")):
                # "الرئيس X": an unresolved title before a name is that person's.
                prev.actor, prev.last = actor, arg.last
                continue
            if out and same_arg(out[-1], arg) and arg.first <= out[-1].last + 6 and not any(
                    t.text in CLAUSE_PUNCT for t in tokens[out[-1].last + 1:arg.first]):
                # "الرئيس المصري عبد الفتاح السيسي" or "ناريشكين، رئيس جهاز …": one argument.
                out[-1].last = max(out[-1].last, arg.last)
                out[-1].weak = out[-1].weak and arg.weak
                continue
            if out and out[-1].first <= arg.first <= out[-1].last:
                continue  # nested inside the previous argument (a name inside a title)
            out.append(arg)
        return out

    def _title_actor(self, tokens: list[Token], out: list[Arg], m: Mention, first: int) -> Actor | None:
        """The person an unresolved title names: its apposition ("محمد بن سلمان ولي العهد"),
        or the person the same title named in apposition earlier in the article."""
        if m.type != "TITLE":
            return None
        key = normalize(m.text)
        prev = out[-1] if out else None
        if prev is not None and prev.mention.type in ("PER", "TITLE") and prev.actor.kind == "person" \
                and all(not t.is_word for t in tokens[prev.last + 1:first]) and first - prev.last <= 2:
            self._titles.setdefault(key, prev.actor)
            return prev.actor
        return self._titles.get(key)

    def _state_for_capital(self, actor: Actor) -> Actor:
        """A capital acting as a state ("واشنطن تدين") becomes the state."""
        if actor.kind == "place" and actor.id.endswith(":capital") and actor.country in self.kb.countries:
            return self.kb.country_actor(actor.country)
        return actor

    def _prep_before(self, doc: Doc, tokens: list[Token], first: int, m: Mention) -> str:
        token = tokens[first]
        if token.start < m.start:  # a clitic on the mention's own token: "للرئيس", "بنظيره"
            clitic = doc.body[token.start:m.start]
            clitic = clitic.lstrip("وف")  # "والقنصلية": a conjunction is no preposition
            return {"ل": "ل", "ب": "ب", "لل": "ل", "بال": "ب", "ك": "ك"}.get(clitic, clitic)
        if first > 0 and tokens[first - 1].is_word:
            word = tokens[first - 1].norm
            for stem in (word, word[1:] if word[:1] in "وف" else word):
                if stem in self._preps:
                    if stem in ("من", "عن") and first > 1 and self._is_delegation(tokens[first - 2].norm):
                        return ""  # "وفدا من حركة حماس": the movement is the object
                    return stem
            if first > 1 and bare(_article_free(word)) in self._cue["place_head"]:
                # "في منطقة X"، "بمدينة حلب": the preposition before the place noun.
                before = tokens[first - 2].norm
                if bare(before) in self._preps:
                    return bare(before)
                if word[:1] in ("ب", "ل") and word[1:3] != "ال" or word.startswith(("بال", "لل")):
                    return word[0]
        return ""

    def _home_prep(self, tokens: list[Token], i: int) -> str:
        norm = tokens[i].norm
        if norm.startswith(("لل", "بال")):
            return norm[0]
        return bare(tokens[i - 1].norm) if i > 0 else ""

    def _is_delegation(self, norm: str) -> bool:
        return norm in self._cue["delegation"] or bare(norm) in self._cue["delegation"]

    # -- argument assignment -----------------------------------------------------
    def resolve(self, doc: Doc, tokens: list[Token], args: list[Arg], matches: list[TriggerMatch], k: int,
                 resolved: list[Resolved | None], state: State,
                 all_args: dict[int, list[Arg]], sentence: Sentence) -> Resolved | None:
        match = matches[k]
        trig = match.trigger
        flags = trig.flags
        end = matches[k + 1].first if k + 1 < len(matches) else len(tokens)
        end = min(end, match.last + _TARGET_WINDOW + 1)
        end = self._clause_end(tokens, match.last + 1, end)
        source_arg: Arg | None = None
        explicit = False
        governed_by = None
        agent = self._agent(tokens, args, match, end) if "passive" in flags or trig.kind == "verb_passive" \
            or "agent_from" in flags else None
        if agent is not None:
            # "اعتُقل X على يد قوات الأمن"، "بوساطة من الرئيس X": the by-phrase is the source.
            source_arg, explicit = agent, True
        elif "passive" in flags:
            pass
        elif "guest_target" in flags:
            # "وكان في استقباله … الشيخ X": X received the last subject.
            host = self._host(tokens, args, match, end)
            if host is None or state.last_source is None:
                return None
            res = self._finish(doc, tokens, args, matches, k, state, all_args, sentence, host.actor, host)
            res.target, res.explicit_target = state.last_source, True
            return res
        elif trig.kind == "noun":
            # A possessive pronoun fills the genitive: "لقائه الرئيس" — the name after it is the object.
            source_arg = None if flags & {"participle", "patient_genitive"} or self._possessive(tokens, match) \
                else self._genitive(tokens, args, match)
            source_arg = source_arg or self._support_agent(tokens, args, match)
            pair = self._between_pair(tokens, args, match, end) if "symmetric" in flags else None
            if source_arg is None and pair is not None:
                group = self._between_all(tokens, args, match, end)
                return Resolved(pair[0].actor, pair[1].actor, True, True, pair[0], True,
                                parties=[a.actor for a in group] if len(group) > 2 else [])
            if source_arg is not None:
                explicit = True
            elif self._possessive(tokens, match) and (state.last_pair or state.last_source):
                # "بمناسبة زيارته": his visit, the guest of the last event (or its speaker).
                owner = state.last_source
                if state.last_pair is not None:
                    # The guest: the target of a hosted visit, else the source (visitor, caller).
                    owner = state.last_pair[1] if state.last_code == "043" else state.last_pair[0]
                return self._finish(doc, tokens, args, matches, k, state, all_args, sentence, owner)
            elif "requires_target" in flags:
                return None  # "موعد الزيارة": a bare meeting noun names nobody
            else:
                governed_by = self._governor(matches, resolved, k)
                if governed_by is None:
                    return None
        elif (pair_at := self._pair_subject(tokens, match)) is not None and state.last_pair is not None:
            # "ووقع الوزيران …": the two parties of the last event that fits the noun.
            two = self._pair_named(doc, tokens[pair_at], state) or state.last_pair
            return Resolved(two[0], two[1], True, True)
        elif (pluperfect := self._pluperfect_subject(tokens, args, match)) is not None:
            source_arg, explicit = pluperfect, True  # "وكانت X، ذراع الحركة، قد أفرجت"
        elif match.first > 1 and bare(tokens[match.first - 1].norm) in self._cue["auxiliary"] \
                and self._arg_at(args, match.first - 2) is None and tokens[match.first - 2].is_word \
                and "home_source" not in flags:
            return None  # "وكان ولي العهد قد استقبل": a subject before قد that names no actor
        elif self._adjectival(tokens, args, match):
            return None  # "مشروع قرار يطالب …"، "لافتات تطالب …": the noun before is the subject
        elif self._statement_subject(tokens, match):
            # "وحمّل البيان X المسؤولية": the statement stands for the last speaker.
            return self._finish(doc, tokens, args, matches, k, state, all_args, sentence, state.last_source,
                                None, False)
        else:
            source_arg = self._subject_before(tokens, args, match)
            if source_arg is None and match.first > 0 and "home_source" not in flags \
                    and bare(tokens[match.first - 1].norm) in self._cue["relative"]:
                return Resolved(None, None, False, False)  # "الهجوم الذي استهدف …": no actor named
            source_arg = source_arg or self._subject_after(tokens, args, match)
            explicit = source_arg is not None
        source: Actor | None = source_arg.actor if source_arg else None
        if governed_by is not None:
            gov = resolved[governed_by]
            assert gov is not None
            source = gov.source
        elif source is None and "passive" not in flags and trig.kind != "noun":
            if self._starts_unknown_subject(tokens, args, match):
                antecedent = self._nominal_antecedent(tokens, match, all_args, sentence, args)
                continuing = match.prefix and any(r is not None and r.explicit_source for r in resolved)
                if antecedent is not None:
                    source, explicit = antecedent, True  # "الوزارة" after "وزارة الخارجية"
                elif self._statement_subject(tokens, match):
                    source = state.last_source  # "وحمّل البيان X المسؤولية": the speaker's statement
                elif continuing:
                    source = state.last_source  # "ودان X الغارة، … وطالب المجتمع الدولي"
                elif "home_source" not in flags:
                    return Resolved(None, None, False, False)
            elif self._clause_initial(tokens, match):
                source = state.last_source
        return self._finish(doc, tokens, args, matches, k, state, all_args, sentence, source,
                            source_arg, explicit, governed_by)

    def _finish(self, doc: Doc, tokens: list[Token], args: list[Arg], matches: list[TriggerMatch], k: int,
                state: State, all_args: dict[int, list[Arg]], sentence: Sentence, source: Actor | None,
                source_arg: Arg | None = None, explicit: bool = True, governed_by: int | None = None
                ) -> Resolved:
        """The target (and fallbacks) once the source is known."""
        match = matches[k]
        trig = match.trigger
        flags = trig.flags
        nxt = matches[k + 1].first if k + 1 < len(matches) else len(tokens)
        end = self._clause_end(tokens, match.last + 1, min(nxt, match.last + _TARGET_WINDOW + 1))
        if source is None and "home_source" in flags:
            # Unnamed protesters, police, security forces: the country they act in.
            home = self.place(doc, sentence) or (doc.dateline.actor if doc.dateline else None)
            if home is not None and home.country in self.kb.countries:
                # Protesters are civilians; those who arrest or deploy, security forces.
                agent = "CVL" if trig.cameo.startswith("14") else "COP"
                source = self.kb.country_actor(home.country, agent)
        # Candidates for the target: the clause after the trigger (and inside a gap),
        # counted from the end of a subject that follows the verb.
        start = match.first + 1
        if source_arg is not None and source_arg.first > match.first:
            start = source_arg.last + 1
            end = self._clause_end(tokens, start, min(nxt, max(start, match.last + 1) + _TARGET_WINDOW))
        # A later mention of the source itself stays in: picked as the target, it drops the event.
        # An argument that starts on a trigger word and goes on is kept ("استدعى السفير الإسرائيلي").
        window = [a for a in args if start - 1 <= a.first < end and a.last not in match.positions
                  and a is not source_arg and a.first > match.first]
        target_arg, via_prep = self._pick_target(window, trig, source, source_arg)
        if target_arg is None and "no_object" not in flags:
            target_arg = self._object_in(tokens, args, match, start, source)
        if "caller_from" in flags:
            caller = next((a for a in window if a.prep == "من"), None)
            if caller is not None:
                # "تلقى X اتصالا من Y": Y called X.
                callee = source if explicit else state.last_source
                source, source_arg, explicit = caller.actor, caller, True
                target_arg, via_prep = None, False
                target = callee
                return Resolved(source, target, True, target is not None, source_arg, True, caller.weak)
        group: list[Arg] = []
        if "symmetric" in flags:
            pair = self._between_pair(tokens, args, match, end)
            if pair is not None and (source is None or not explicit):
                source_arg, target_arg = pair
                source, explicit, via_prep = source_arg.actor, True, True
            elif source_arg is not None and target_arg is None:
                target_arg = self._coordinated(tokens, args, source_arg) or self._joined_before(tokens, args, source_arg)
            group = self._between_all(tokens, args, match, end)
        target = target_arg.actor if target_arg else None
        cameo = None
        if target is None and state.last_pair is not None and any(
                bare(tokens[i].norm) in self._cue["pronoun"] for i in range(match.first + 1, min(end, match.last + 3))):
            target = state.last_pair[1]  # "مطالبا إياها ب…": her, the last target
        envoy = next((a for a in window if not a.prep), None) if "envoy" in flags else None
        if envoy is not None and source is not None and envoy.actor.country == source.country:
            # Calling home one's own ambassador is a recall (161), from the country he serves in.
            cameo = "161"
            posted = next((a for a in args if a.prep in ("لدي", "في", "من") and a.first > match.first
                           and a.actor.country != source.country), None)
            target = posted.actor if posted else None
            target_arg = posted
        if target is None and doc.dateline is not None and doc.dateline.actor is not None:
            # "وصل … إلى البلاد": the country the dateline is in.
            home_at = next((i for i in range(match.last + 1, end) if i not in match.positions
                            and strip_prep(tokens[i].norm) in self._cue["home"]
                            and self._home_prep(tokens, i) in trig.target_preps), None)
            if home_at is not None and doc.dateline.actor.country:
                target = self._country(doc.dateline.actor.country)
        explicit_target = target is not None
        if target is None:
            target = self._fallback_target(doc, flags, source, args, all_args, sentence, match, tokens, state)
        weak = bool((source_arg and source_arg.weak) or (target_arg and target_arg.weak))
        return Resolved(source, target, explicit, explicit_target, source_arg, via_prep, weak, governed_by, cameo,
                        [a.actor for a in group] if len(group) > 2 else [],
                        target_arg if target_arg is not None and target_arg.actor is target else None)

    def _subject_before(self, tokens: list[Token], args: list[Arg], match: TriggerMatch) -> Arg | None:
        """Subject-first order: "واشنطن تفرض"، "الرئيس X، الذي يزور المملكة"."""
        i = match.first - 1
        if i >= 0 and bare(tokens[i].norm) in self._cue["auxiliary"]:
            i -= 1  # "وكان ولي العهد قد استقبل": the subject sits before قد
        elif i >= 0 and bare(tokens[i].norm) in self._cue["relative"]:
            i -= 1
            if i >= 0 and tokens[i].text == "،":
                i -= 1
        elif match.prefix:  # "وأكد": a conjunction starts a new clause
            return None
        elif match.trigger.kind != "verb_present" and not (
                match.trigger.kind == "mwe" and match.trigger.words[0].startswith("ي")):
            # A past verb after its subject only opens the sentence ("واشنطن فرضت …");
            # elsewhere the noun before it is a genitive ("إعلان ترامب رفع العقوبات").
            arg = self._arg_at(args, i) if i >= 0 else None
            if arg is None or arg.last != i:
                return None
            # "أن X فعل"، "أن وحدات X فعلت": after a complementizer the subject opens a clause
            # of its own (one indefinite head noun may come before the name).
            before = [bare(t.norm) for t in tokens[max(0, arg.first - 2):arg.first]]
            opens = before[-1:] and before[-1] in self._cue["complementizer"] or (
                len(before) == 2 and before[0] in self._cue["complementizer"] and not before[1].startswith("ال"))
            return arg if arg.first == 0 or opens else None
        arg = self._arg_at(args, i) if i >= 0 else None
        if arg is not None and arg.last == i and not arg.prep:
            return arg
        return None

    def _subject_after(self, tokens: list[Token], args: list[Arg], match: TriggerMatch) -> Arg | None:
        """Verb-first order: the first actor after the verb, titles and time phrases between."""
        words = 0
        definite_head = False
        i = match.first + 1
        while i < len(tokens) and words <= _SUBJECT_WINDOW:
            tok = tokens[i]
            arg = self._arg_at(args, i)
            if arg is not None and i not in match.positions[1:]:
                if definite_head and arg.weak:
                    return None  # "وأدانت الوزارة القصف الإسرائيلي": an adjective, not the subject
                # "الأمين العام لجامعة الدول العربية": ل after a title word is a genitive.
                # "استهدفت آليات تابعة لقوات X": after an indefinite noun it is the object's owner.
                genitive = arg.prep == "ل" and words > 0 and definite_head
                if arg.prep and not genitive:
                    return None
                if words > 0 and arg.mention.type in ("GPE", "LOC"):
                    # "محافظ إقليم X السيد Y"، "رئيس وزراء الهند ناريندرا مودي": the place
                    # completes a title; the person named after it is the subject.
                    return self._person_after(tokens, args, arg) or arg
                return arg
            if tok.is_word:
                n = bare(tok.norm)
                if words == 0 and tok.norm.startswith("ال") and i not in match.positions \
                        and not self._is_delegation(tok.norm) \
                        and tok.norm not in self._cue["honorific"] and n not in self._cue["adverb"]:
                    definite_head = True  # "الأمين العام ل…" or "الوزارة": a name must follow
                if tok.norm in self._cue["honorific"]:
                    i += 1
                    continue  # "حضرة صاحب السمو الشيخ …" does not count
                if n in self._preps or n in self._cue["complementizer"] or i in match.positions[1:]:
                    return None
                if words == 0 and n.startswith(("بال", "لل", "ب", "ل")) and n not in self._cue["adverb"] \
                        and any(r.prefix[-1:] in ("ب", "ل") for r in read_token(n)[1:]):
                    return None  # "وأشاد بالدور …": a prepositional phrase, the subject was dropped
                words += 1
            elif tok.text in CLAUSE_PUNCT:
                return None
            elif tok.text == "،" and i + 1 < len(tokens) and (
                    bare(tokens[i + 1].norm) in self._cue["continuation"] or tokens[i + 1].norm in ("كما", "وكما")):
                return None  # "…، كما أفادت الشرطة": a new clause, not the subject
            i += 1
        return None

    def _nominal_antecedent(self, tokens: list[Token], match: TriggerMatch, all_args: dict[int, list[Arg]],
                            sentence: Sentence, args: list[Arg]) -> Actor | None:
        """The actor a definite subject noun takes up: "الوزارة" -> "وزارة الخارجية السعودية"."""
        i = match.first + 1
        while i < len(tokens) and (not tokens[i].is_word or bare(tokens[i].norm) in self._cue["adverb"]):
            i += 1
        if i >= len(tokens) or not tokens[i].norm.startswith("ال"):
            return None
        head = tokens[i].norm[2:]
        earlier = [a for idx in sorted(all_args) if idx < sentence.index for a in all_args[idx]]
        earlier += [a for a in args if a.last < match.first]
        for a in reversed(earlier):
            words = normalize(a.mention.text).split()
            first = words[0][2:] if words and words[0].startswith("ال") else (words[0] if words else "")
            if a.mention.type in ("ORG", "TITLE", "NOM") and first == head and len(head) > 2:
                return a.actor
        return None

    def _governor(self, matches: list[TriggerMatch], resolved: list[Resolved | None], k: int) -> int | None:
        """The verb a noun trigger depends on: "أعلنت X اعتقال …"، "…، مهددا ب…".

        A participle follows any main verb; a verbal noun only a verb that governs its
        object (أعلن، قرر): after "قال" it is part of what was said, after "دان" or
        "أعرب عن قلقه إزاء" it is the object of the reaction.
        """
        participle = bool(matches[k].trigger.flags & {"participle", "manner"})
        for j in range(k - 1, -1, -1):
            r = resolved[j]
            trig = matches[j].trigger
            if r is None or r.source is None or (not trig.is_verb and "governs" not in trig.flags) \
                    or matches[k].first - matches[j].last > (30 if participle else 20):
                continue
            # A noun after a reaction ("أعرب عن قلقه إزاء توقيف …") is its object, not an event.
            if "manner" in matches[k].trigger.flags:
                # "نفذ X … بالتعاون مع Y": the manner of an act, never of what someone said.
                return j if trig.coded else None
            if participle or "governs" in trig.flags:
                return j
            return None
        return None

    def _pick_target(self, window: list[Arg], trig: Trigger, source: Actor | None,
                     source_arg: Arg | None) -> tuple[Arg | None, bool]:
        if source_arg is not None:
            co = self._coordinated(self._tokens, window, source_arg)
            if co is not None and "symmetric" in trig.flags:
                return co, False  # "عقد X ونظيره Y محادثات": the second party
            # "X و Y" right after the source of a one-way event is a second subject.
            window = [a for a in window if a is not co]
        if "location_target" in trig.flags:
            # "سيطرت على حي X": an unknown name after a verb of territory is a place.
            window = [a for a in window if a.actor.country or not a.actor.id.startswith("new:")]
        # "ب" before a city is where it happened ("بالرياض"), not whom it concerns.
        window = [a for a in window if not (a.prep == "ب" and a.mention.actor is not None
                                            and a.mention.actor.kind == "place")]
        first = next((a for a in window if not a.prep or a.prep in trig.target_preps), None)
        if first is not None and source is not None and first.actor.id == source.id:
            return first, False  # the source again ("استقبل السيسي … الرئيس المصري"): dropped later
        foreign = [a for a in window if source is None or a.actor.country != source.country]
        # A target of the source's own country only for domestic acts: arrests take the
        # first one named, whatever its country; strikes prefer a foreign one.
        if "home_target" in trig.flags:
            pools: tuple[list[Arg], ...] = (window,)
        elif "location_target" in trig.flags:
            pools = (foreign, window)
        else:
            pools = (foreign,)
        for pool in pools:
            for a in pool:
                if a.prep and a.prep in trig.target_preps:
                    return a, True
        if "no_object" in trig.flags:
            return None, False
        # A later member of a list introduced by another preposition ("من X، وY") is not an object.
        pools = tuple([a for a in pool if a.prep or not self._continues_list(window, a)
                       or any(b.prep in trig.target_preps and b.prep for b in window if b.last < a.first)]
                      for pool in pools)
        for pool in pools:
            for a in pool:
                # "بضرب الضاحية الجنوبية لبيروت": ل after a noun is a genitive.
                if not a.prep or a.prep in trig.target_preps or (a.prep == "ل" and not a.weak):
                    return a, False
        return None, False

    def _fallback_target(self, doc: Doc, flags: frozenset[str], source: Actor | None, args: list[Arg],
                         all_args: dict[int, list[Arg]], sentence: Sentence, match: TriggerMatch,
                         tokens: list[Token], state: State) -> Actor | None:
        if source is None and "passive" not in flags:
            return None
        if "location_target" in flags and source is not None:
            place = self.place(doc, sentence)
            if place is not None and place.country and place.country != source.country:
                return self._country(place.country)
        if source is not None and state.last_attacker is not None and not same_actor(state.last_attacker, source) \
                and any(bare(strip_prep(tokens[i].norm)) in self._cue["attack"] or tokens[i].norm[1:] in self._cue["attack"]
                        for i in range(match.last + 1, min(len(tokens), match.last + 7))):
            # "ودانت الوزارة الهجمات": whoever carried out the last attack reported.
            return state.last_attacker
        if source is not None and "context_target" in flags:
            # The latest party of a coded event from another country, else any actor mentioned.
            for party in reversed(self._parties):
                if party.country and party.country != source.country:
                    return party
            earlier = [a for idx in sorted(all_args) if idx < sentence.index for a in all_args[idx]]
            earlier += [a for a in args if a.last < match.first]
            for a in reversed(earlier):
                if a.actor.country and a.actor.country != source.country:
                    return a.actor if not a.weak else self._country(a.actor.country) or a.actor
            return None
        if "location_target" in flags or "home_target" in flags:
            place = self.place(doc, sentence)
            if place is not None and place.country:
                return self._country(place.country)
            if "home_target" in flags and source is not None and source.country:
                return self._country(source.country)
        return None

    def _country(self, iso3: str) -> Actor | None:
        return self.kb.country_actor(iso3) if iso3 in self.kb.countries else None

    def _inside_name(self, doc: Doc, sentence: Sentence, index: int) -> bool:
        """Whether token ``index`` belongs to an organisation or title mention."""
        token = sentence.tokens[index]
        return any(m.type in ("ORG", "TITLE", "NOM") and m.start < token.end and token.start < m.end
                   for m in doc.mentions if sentence.start <= m.start < sentence.end)

    def place(self, doc: Doc, sentence: Sentence) -> Actor | None:
        """The place of the event: the first GPE/LOC after "في" or "ب" in the sentence."""
        for m in doc.mentions:
            if sentence.start <= m.start < sentence.end and m.type in PLACE_TYPES and m.actor is not None:
                first = next((i for i, t in enumerate(sentence.tokens) if t.end > m.start), None)
                if first is None:
                    continue
                prep = self._prep_before(doc, sentence.tokens, first, m)
                if prep == "ب" and first > 0 and self._inside_name(doc, sentence, first - 1):
                    continue  # "جهاز الاستخبارات الخارجية بروسيا": part of a name, not a place
                if prep in ("في", "ب"):
                    return m.actor
                # "في مدينة بورتسودان", "بجنوب لبنان": one head word between.
                head = sentence.tokens[first - 1].norm if first > 0 else ""
                before = sentence.tokens[first - 2].norm if first > 1 else ""
                if (head[:1] == "ب" and len(head) > 3) or bare(before) == "في":
                    return m.actor
        return None


def _article_free(norm: str) -> str:
    """"بمدينة" -> "مدينه", "المنطقة" -> "منطقه": a place noun without its clitics."""
    for prefix in ("بال", "لل", "وال", "ال", "ب", "ل"):
        if norm.startswith(prefix) and len(norm) - len(prefix) > 2:
            return norm[len(prefix):]
    return norm
