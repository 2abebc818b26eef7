"""Phrases the argument finder reads: candidates, by-phrases, subjects, pairs and lists.

The data types of argument assignment (``Arg``, ``State``, ``Resolved``) and
``PhraseReader``, the part of ``events_args.ArgumentFinder`` that reads one kind of
phrase each: a passive's by-phrase (``من قبل X``، ``على يد X``), the host after ``كان في
استقباله``, a light verb naming a noun's agent (``الزيارة التي يقوم بها X``), the subject
of a pluperfect (``وكان X قد …``), a statement standing for its speaker (``وحمّل البيان
…``), coordinated actors (``X و Y``، ``بين X و Y``), verbal nouns and their genitives.
See ``docs/events.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hadath.doc import Actor, Doc, Mention, Token
from hadath.kb.lexicon import CUES, PREPOSITIONS, Lexicon
from hadath.stages.events_match import TriggerMatch

CLAUSE_PUNCT = {".", "؟", "?", "!", ":", "؛", ";"}


@dataclass
class Arg:
    """An argument candidate: a mention (or title + name) with its actor, in token indices."""

    first: int
    last: int
    actor: Actor
    mention: Mention
    weak: bool = False  # a nationality adjective: country only
    prep: str = ""  # the preposition right before it ("مع", "ب", …), normalised


@dataclass
class State:
    """What the coder remembers across the sentences of one document."""

    last_source: Actor | None = None
    last_pair: tuple[Actor, Actor] | None = None  # the parties of the last two-party event
    pairs: list[tuple[Actor, Actor]] = field(default_factory=list)  # every such pair, in order
    last_code: str = ""  # the CAMEO code of the last two-party event
    last_attacker: Actor | None = None  # the source of the last attack (roots 18-20)
    parties: list[Actor] = field(default_factory=list)  # sources and targets of coded events


@dataclass
class Resolved:
    """The arguments of one trigger: source, target and how sure the finder is of them."""

    source: Actor | None
    target: Actor | None
    explicit_source: bool
    explicit_target: bool
    source_arg: Arg | None = None
    target_via_prep: bool = False
    weak: bool = False
    governed_by: int | None = None  # index of the match whose source a noun took
    cameo: str | None = None  # a code the arguments decided (a recall rather than a summons)
    parties: list[Actor] = field(default_factory=list)  # "بين X وY وZ": every party, when more than two
    target_arg: Arg | None = None


class PhraseReader:
    """Readers of single phrases around a trigger, over one sentence's tokens and arguments."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._cue = {name: lexicon.cues.get(name, set()) for name in CUES}
        self._preps = set(PREPOSITIONS)
        self._tokens: list[Token] = []
        self._state = State()

    def _object_in(self, tokens: list[Token], args: list[Arg], match: TriggerMatch, start: int,
                   source: Actor | None) -> Arg | None:
        """"دعا طرفي النزاع في X"، "طالب الوسطاء في X": an unnamed object placed in a country."""
        own = {i for a in args if source is not None and a.actor.country == source.country and not a.prep
               for i in range(a.first, a.last + 1)}  # the source's own apposition ("X، رئيس …")
        words = [i for i in range(start, min(len(tokens), start + 10)) if tokens[i].is_word and i not in own
                 and i not in match.positions and bare(tokens[i].norm) not in self._cue["adverb"]]
        for n, i in enumerate(words[:3]):
            if bare(tokens[i].norm) != "في":
                continue
            if n == 0 or any(self._arg_at(args, j) is not None for j in words[:n]):
                return None
            arg = self._arg_at(args, i + 1)
            if arg is not None and arg.prep == "في" and not arg.weak and arg.actor.kind in ("country", "place") \
                    and (source is None or arg.actor.country != source.country):
                return arg
            return None
        return None

    def _clause_end(self, tokens: list[Token], start: int, end: int) -> int:
        for i in range(start, end):
            n = bare(tokens[i].norm)
            if tokens[i].text in CLAUSE_PUNCT or n in self._cue["stop"]:
                return i
        return end

    def _arg_at(self, args: list[Arg], index: int) -> Arg | None:
        return next((a for a in args if a.first <= index <= a.last), None)

    def _agent(self, tokens: list[Token], args: list[Arg], match: TriggerMatch, end: int) -> Arg | None:
        """The by-phrase of a passive or an agent noun: "من قبل X"، "على يد X"، "بتمويل من X"."""
        stop = min(len(tokens), max(end, match.last + 8))
        for i in range(match.last + 1, stop):
            if tokens[i].text in CLAUSE_PUNCT:
                break
            n = bare(tokens[i].norm)
            if n in self._cue["agent"] and i > 0 and bare(tokens[i - 1].norm) in ("من", "علي"):
                j = i + 1
                while j < len(tokens) and tokens[j].norm in self._cue["honorific"]:
                    j += 1
                return self._arg_at(args, j)
        if "agent_from" in match.trigger.flags:
            return next((a for a in args if a.prep == "من" and match.last < a.first <= match.last + 2), None)
        return None

    def _host(self, tokens: list[Token], args: list[Arg], match: TriggerMatch, end: int) -> Arg | None:
        """The receiving party named after "كان في استقباله": a person or body, else a place."""
        window = [a for a in args if match.last < a.first <= match.last + 14 and a.prep in ("", "ل")]
        window = [a for a in window if not any(t.text in CLAUSE_PUNCT for t in tokens[match.last + 1:a.first])]
        return next((a for a in window if a.mention.type in ("PER", "TITLE", "ORG", "NOM")), None) \
            or next(iter(window), None)

    def _support_agent(self, tokens: list[Token], args: list[Arg], match: TriggerMatch) -> Arg | None:
        """"الزيارة التي يقوم بها X": a light verb names the agent of the noun before it."""
        i = match.last + 1
        if i + 4 < len(tokens) and bare(tokens[i].norm) not in self._cue["relative"] and tokens[i].is_word:
            i += 1  # "زيارة العمل التي يقوم بها": one word (a genitive or adjective) between
        if i + 3 >= len(tokens) or bare(tokens[i].norm) not in self._cue["relative"] \
                or tokens[i + 1].norm not in self._cue["support"] or tokens[i + 2].norm not in ("بها", "به"):
            return None
        j = i + 3
        while j < len(tokens) and tokens[j].norm in self._cue["honorific"]:
            j += 1
        return self._arg_at(args, j)

    def _pluperfect_subject(self, tokens: list[Token], args: list[Arg], match: TriggerMatch) -> Arg | None:
        """"وكان X، …، قد استقبل": the first actor after كان is the subject of the verb after قد."""
        if match.first < 2 or bare(tokens[match.first - 1].norm) not in self._cue["auxiliary"]:
            return None
        for i in range(match.first - 2, max(-1, match.first - 18), -1):
            if tokens[i].text in CLAUSE_PUNCT:
                return None
            if bare(tokens[i].norm) in self._cue["pluperfect"]:
                arg = next((a for a in args if i < a.first < match.first - 1), None)
                return arg if arg is not None and not arg.prep and arg.first <= i + 3 else None
        return None

    def _statement_subject(self, tokens: list[Token], match: TriggerMatch) -> bool:
        """"وحمّل البيان …": a statement standing for whoever issued it."""
        i = match.first + 1
        while i < len(tokens) and (not tokens[i].is_word or bare(tokens[i].norm) in self._cue["adverb"]):
            i += 1
        return i < len(tokens) and i not in match.positions and tokens[i].norm in self._cue["statement"]

    def _person_after(self, tokens: list[Token], args: list[Arg], arg: Arg) -> Arg | None:
        """A person named right after ``arg``, honorifics between."""
        i = arg.last + 1
        while i < len(tokens) and i - arg.last <= 4 and (
                tokens[i].norm in self._cue["honorific"] or not tokens[i].is_word and tokens[i].text != "،"):
            i += 1
        nxt = self._arg_at(args, i)
        return nxt if nxt is not None and nxt is not arg and nxt.mention.type in ("PER", "TITLE") else None

    def _adjectival(self, tokens: list[Token], args: list[Arg], match: TriggerMatch) -> bool:
        """A present verb right after an indefinite noun describes that noun."""
        trig = match.trigger
        present = trig.kind == "verb_present" or (trig.kind == "mwe" and trig.words[0].startswith("ي"))
        if not present or match.prefix or match.first == 0:
            return False
        prev = tokens[match.first - 1]
        if not prev.is_word or self._arg_at(args, match.first - 1) is not None:
            return False
        n = bare(prev.norm)
        if any(n in self._cue[c] for c in ("negation", "future", "modal", "intent", "complementizer",
                                           "relative", "adverb", "conditional", "deny", "pair")):
            return False
        return not prev.norm.startswith("ال") and not n.isdigit()

    def _possessive(self, tokens: list[Token], match: TriggerMatch) -> bool:
        """A noun with a possessive pronoun: "زيارته"، "اتصالها"."""
        if match.trigger.kind != "noun" or len(match.positions) > 1:
            return False
        norm = bare(tokens[match.first].norm)
        word = match.trigger.words[0]
        stem = word[:-1] + "ت" if word.endswith("ه") else word[:-1] + "ي" if word.endswith("ء") else word
        return any(norm.endswith(stem + p) for p in ("ه", "ها", "هم", "هما"))

    def _clause_initial(self, tokens: list[Token], match: TriggerMatch) -> bool:
        """Whether a verb opens its clause, so a dropped subject can be the last source.

        "وأكد …"، "…، وأضاف"، "كما أشاد"، "أنه استهدف" open a clause; a verb right after a
        noun ("بإعلان بوتين رفع العقوبات") is a verbal noun in a genitive, not a new clause.
        """
        if match.prefix or match.first == 0:
            return True
        prev = tokens[match.first - 1]
        n = bare(prev.norm)
        return not prev.is_word or n in self._cue["continuation"] or n in self._cue["auxiliary"] \
            or n in self._cue["complementizer"] or n in self._cue["adverb"]

    def _pair_subject(self, tokens: list[Token], match: TriggerMatch) -> int | None:
        """The index of a dual subject naming two parties ("ودان الوزيران"), or None."""
        if match.first > 0 and tokens[match.first - 1].norm in self._cue["pair"] and not match.prefix:
            return match.first - 1  # "غير أن الجانبين تبادلا …"
        i = match.first + 1
        while i < len(tokens) and (not tokens[i].is_word or bare(tokens[i].norm) in self._cue["adverb"]):
            i += 1
        if i < len(tokens) and i not in match.positions and tokens[i].norm in self._cue["pair"]:
            return i
        return None

    @staticmethod
    def _pair_named(doc: Doc, token: Token, state: State) -> tuple[Actor, Actor] | None:
        """The latest two parties that fit the dual noun: "الوزيران" are two ministers,
        not the president and the king of an earlier call; any pair when the noun names
        no office ("الجانبان")."""
        role = next((m.role for m in doc.mentions if m.type == "TITLE" and m.start <= token.start < m.end), None)
        if not role:
            return state.last_pair

        def fits(actor: Actor) -> bool:
            return actor.role is not None and (actor.role == role or actor.role.endswith("_" + role))

        for pair in reversed(state.pairs):
            if fits(pair[0]) and fits(pair[1]):
                return pair
        return state.last_pair

    def _starts_unknown_subject(self, tokens: list[Token], args: list[Arg], match: TriggerMatch) -> bool:
        """A verb whose subject names no actor: "ألقت الشرطة …"، "الهجوم الذي استهدف …"."""
        if match.first > 0 and bare(tokens[match.first - 1].norm) in self._cue["relative"]:
            return self._arg_at(args, match.first - 2) is None and self._arg_at(args, match.first - 3) is None
        i = match.first + 1
        while i < len(tokens) and (not tokens[i].is_word or bare(tokens[i].norm) in self._cue["adverb"]):
            i += 1
        if i >= len(tokens) or i in match.positions or self._arg_at(args, i) is not None:
            return False
        n = tokens[i].norm
        return n.startswith("ال") and n not in self._preps and bare(n) not in self._cue["complementizer"]

    def _genitive(self, tokens: list[Token], args: list[Arg], match: TriggerMatch) -> Arg | None:
        """The actor a noun trigger is attached to: "غارة إسرائيلية"، "حرص مصر"، "زيارة الرئيس"."""
        after = match.first + 1
        for i in range(after, min(after + 3, len(tokens))):
            if not tokens[i].is_word:
                return None
            arg = self._arg_at(args, i)
            if arg is not None:
                return None if arg.prep else arg
            if bare(tokens[i].norm) in self._preps:
                return None
        return None

    def co_sources(self, tokens: list[Token], args: list[Arg], res: Resolved) -> list[Arg]:
        """Further subjects coordinated with the source of a one-way event."""
        if res.source_arg is None or res.source_arg.first < 0:
            return []
        out = []
        arg: Arg | None = res.source_arg
        while arg is not None:
            arg = self._coordinated(tokens, args, arg)
            if arg is None or (res.target is not None and arg.actor.id == res.target.id):
                break
            out.append(arg)
        return out

    def co_targets(self, tokens: list[Token], args: list[Arg], res: Resolved) -> list[Arg]:
        """Further targets coordinated with the target ("رحب بقرار كل من X وY وZ")."""
        out: list[Arg] = []
        arg = res.target_arg
        if arg is not None and self._continues_list(args, arg):
            return []  # "من X، وY، …": the target sits inside someone else's list
        while arg is not None and arg.first >= 0:
            arg = self._coordinated(tokens, args, arg)
            if arg is None or arg in out or same_actor(arg.actor, res.source) or res.target is None \
                    or arg.actor.id == res.target.id:
                break
            # Adjectives ("رعايا أردنيين وسوريين") and a second body of the same country
            # ("للحكومة X وبرلمانها") add no event of their own.
            if not arg.weak and arg.actor.country != res.target.country:
                out.append(arg)
        return out

    def _joined_before(self, tokens: list[Token], args: list[Arg], arg: Arg) -> Arg | None:
        """"X وY توقعان": the first party of a subject pair that ends with ``arg``."""
        if arg.first < 0 or not self._continues_list(args, arg):
            return None
        before = [a for a in args if a.last < arg.first and arg.first - a.last <= 2 and not a.prep]
        return before[-1] if before else None

    def _continues_list(self, args: list[Arg], arg: Arg) -> bool:
        """Whether ``arg`` is a later member of a list ("X، وY"): joined by و to an actor before it."""
        before = [a for a in args if a.last < arg.first and arg.first - a.last <= 2]
        token = self._tokens[arg.first]
        # The mention starts after a clitic و on its token ("وY"), or a lone "و" stands before it.
        joined = (token.start < arg.mention.start and token.text[:1] == "و") or (
            arg.first > 0 and self._tokens[arg.first - 1].norm == "و")
        return bool(before) and joined

    def _between_all(self, tokens: list[Token], args: list[Arg], match: TriggerMatch, end: int) -> list[Arg]:
        """"بين إيران وروسيا والصين": every party listed after بين."""
        pair = self._between_pair(tokens, args, match, end)
        if pair is None or pair[1].first < 0:
            return list(pair or ())
        out = list(pair)
        while True:
            nxt = self._coordinated(tokens, args, out[-1])
            if nxt is None or nxt in out:
                return out
            out.append(nxt)

    def _between_pair(self, tokens: list[Token], args: list[Arg], match: TriggerMatch, end: int
                      ) -> tuple[Arg, Arg] | None:
        """"بين X و Y": the two parties of a symmetric event."""
        for i in range(match.first, end):
            if tokens[i].norm == "بين":
                x = self._arg_at(args, i + 1)
                pair = self._state.last_pair
                if x is None and i + 1 < end and tokens[i + 1].norm in self._cue["pair"] and pair is not None:
                    # "بين البلدين": the two parties of the last event.
                    first = Arg(-1, -1, pair[0], Mention("", 0, 0, "PAIR", pair[0]))
                    return first, Arg(-1, -1, pair[1], Mention("", 0, 0, "PAIR", pair[1]))
                if x is None:
                    return None
                y = self._arg_at(args, x.last + 1)
                if y is not None and y is not x:
                    return x, y
        return None

    def _coordinated(self, tokens: list[Token], args: list[Arg], source_arg: Arg) -> Arg | None:
        """"X و Y" / "X، وفخامة الرئيس Y": the second party of a symmetric event."""
        i = source_arg.last + 1
        joined = False
        while i < len(tokens) and (not tokens[i].is_word or bare(tokens[i].norm) in self._cue["honorific"]
                                   or tokens[i].norm == "و"):
            joined = joined or tokens[i].norm.startswith("و") and tokens[i].is_word
            i += 1
            if i - source_arg.last > 6:
                return None
        nxt = self._arg_at(args, i)
        if nxt is None or nxt is source_arg:
            return None
        if joined or tokens[nxt.first].norm.startswith("و"):
            return nxt
        return None


def strip_prep(norm: str) -> str:
    """"للبلاد" -> "البلاد", "إلى" phrases keep their noun: the noun a clitic preposition is on."""
    for prefix in ("لل", "بال", "وال", "ال"):
        if norm.startswith(prefix) and prefix != "ال":
            return "ال" + norm[len(prefix):]
    return norm


def bare(norm: str) -> str:
    """A token without a leading و/ف conjunction ("وقد" -> "قد")."""
    return norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm


def same_arg(a: Arg, b: Arg) -> bool:
    return a.actor.id == b.actor.id


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return False
    if a.id == b.id:
        # A country's civilians ("IRQCVL") protesting against the country are two actors.
        return a.kind != "country" or a.code == b.code
    # The state and its own capital or itself as a country: one actor.
    return a.kind == "country" and b.kind == "country" and a.country == b.country
