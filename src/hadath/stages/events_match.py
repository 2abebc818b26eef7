"""Trigger matching for the events stage: lexicon forms found in a sentence's tokens.

A token is read with its proclitics stripped (و/ف on verbs; و/ف/ب/ل/ك and the article
on nouns) and looked up among the inflected first words of the lexicon's forms; the
rest of a multiword form is then matched word by word, ``*`` allowing a short gap.
Overlapping matches are resolved longest form first, so "أعرب * عن تقديره" (051)
wins over the speech verb "أعرب".

>>> from hadath.kb.lexicon import default_lexicon
>>> from hadath.stages.segment import tokenize
>>> [m.trigger.cameo for m in find_triggers(tokenize("واستقبل الرئيس ضيفه"), default_lexicon())]
['043']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from hadath.arabic.clitics import strip_proclitics
from hadath.doc import Token
from hadath.kb.lexicon import GAP, MAX_GAP, Lexicon, Trigger, word_forms

_VERB_PREFIXES = ("", "و", "ف")


@dataclass(frozen=True)
class Reading:
    """One way to read a token: the stem looked up, and what was stripped to get it."""

    stem: str
    prefix: str = ""
    article: bool = False  # "ال" was removed from the stem
    future: bool = False  # "سـ" was removed from a present verb


@dataclass
class TriggerMatch:
    """A trigger found in a sentence: ``positions`` are the indices of its word tokens."""

    trigger: Trigger
    positions: tuple[int, ...]
    future: bool = False
    prefix: str = ""

    @property
    def first(self) -> int:
        return self.positions[0]

    @property
    def last(self) -> int:
        return self.positions[-1]


@lru_cache(maxsize=65536)
def read_token(norm: str) -> tuple[Reading, ...]:
    """Every reading of a normalised token, the token itself first (cached: words repeat).

    >>> [r.stem for r in read_token("وسيزور")][:3]
    ['وسيزور', 'سيزور', 'يزور']
    """
    out: list[Reading] = []
    for prefix, stem in strip_proclitics(norm):
        out.append(Reading(stem, prefix))
        if stem.startswith("ال") and len(stem) > 4:
            out.append(Reading(stem[2:], prefix, article=True))
        # The future prefix: سيزور، ستفرض (never on a bare noun).
        if prefix in _VERB_PREFIXES and stem[:2] in ("سي", "ست") and len(stem) > 4:
            out.append(Reading(stem[1:], prefix, future=True))
    # و + سـ: "وسيزور" (strip_proclitics gives "سيزور" after و).
    seen: set[tuple[str, str, bool, bool]] = set()
    unique = []
    for r in out:
        key = (r.stem, r.prefix, r.article, r.future)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return tuple(unique)


def _allowed(trigger: Trigger, reading: Reading) -> bool:
    """Whether ``reading`` of a token may start ``trigger`` (verbs and participles take only و/ف)."""
    if trigger.is_verb or "participle" in trigger.flags:
        return reading.prefix in _VERB_PREFIXES and not reading.article
    return not reading.future


def _match_rest(trigger: Trigger, tokens: list[Token], readings: list[tuple[Reading, ...]],
                start: int, stops: set[str], free: set[int]) -> tuple[int, ...] | None:
    """Token positions of the words of ``trigger`` after its first word at ``start``."""
    words = trigger.words
    positions = [start]
    i = start + 1
    gap = False
    for pos in range(1, len(words)):
        if words[pos] == GAP:
            gap = True
            continue
        forms = set(word_forms(trigger, pos))
        found = None
        j = i
        skipped = 0  # words in the gap; punctuation does not count
        while j < len(tokens) and skipped <= (MAX_GAP if gap else 0):
            if any(r.stem in forms for r in readings[j]):
                found = j
                break
            if not gap or tokens[j].norm in stops:
                break
            if tokens[j].text == "،" and j + 1 < len(tokens) and j + 1 not in free \
                    and tokens[j + 1].norm.startswith("و") and not any(r.stem in forms for r in readings[j + 1]):
                break  # "، و…" opens a new clause: a form does not reach across it
            skipped += tokens[j].is_word and j not in free
            j += 1
        if found is None:
            return None
        positions.append(found)
        i = found + 1
        gap = False
    return tuple(positions)


def find_triggers(tokens: list[Token], lexicon: Lexicon,
                  names: list[tuple[int, int]] | None = None,
                  proper: set[int] | None = None) -> list[TriggerMatch]:
    """Non-overlapping trigger matches in ``tokens``, in text order.

    ``names`` are the token spans of named actors: in a gap a name counts as one word,
    and honorifics ("صاحب السمو الملكي") count as none. No trigger starts on a token in
    ``proper`` (the words of a person's, place's or organisation's name: "تعز" is a city,
    not "تعزّي").
    """
    honorific = lexicon.cues.get("honorific", set())
    free = {i for a, b in names or () for i in range(a + 1, b + 1)}
    free |= {i for i, t in enumerate(tokens) if t.norm in honorific or t.norm[1:] in honorific}
    index = lexicon.by_first_word()
    stops = {".", "؟", "?", ":", "؛", "!"} | lexicon.cues.get("complementizer", set())
    readings = [read_token(t.norm) if t.is_word else () for t in tokens]
    found: list[TriggerMatch] = []
    for i, token_readings in enumerate(readings):
        if proper and i in proper:
            continue
        # A word written with ta marbuta is a noun ("وزارة" is not و + زاره).
        nominal = tokens[i].text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652").endswith("ة")
        for reading in token_readings:
            for trigger in index.get(reading.stem, ()):
                if not _allowed(trigger, reading) or (nominal and trigger.is_verb):
                    continue
                positions = _match_rest(trigger, tokens, readings, i, stops, free)
                if positions is not None:
                    found.append(TriggerMatch(trigger, positions, reading.future, reading.prefix))
    # Longest form first (most words), then earliest; a token serves one trigger.
    # Among forms of as many words, the longer (more specific) one: "استدعى * سفيره" over "استدعى * سفير".
    found.sort(key=lambda m: (-len([w for w in m.trigger.words if w != GAP]), m.first, m.last - m.first,
                              -len("".join(m.trigger.words))))
    used: set[int] = set()
    chosen: list[TriggerMatch] = []
    seen: set[tuple[int, ...]] = set()
    for m in found:
        if used.intersection(m.positions) or m.positions in seen:
            continue
        seen.add(m.positions)
        used.update(m.positions)
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.first)
