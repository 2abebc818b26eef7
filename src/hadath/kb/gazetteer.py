"""Match every knowledge-base surface form in a token sequence, clitics included.

One Aho-Corasick automaton holds each normalised form once per proclitic reading
(و، ف، ب، ل، ك and their pairs; "لل" for ل + the article), padded with spaces so a
match always starts and ends on a token boundary. Matching a document is one pass
over its tokens' normalised forms joined by spaces; the matches come back as token
spans with the proclitic length, so the entity span can start after the clitic.

>>> from hadath.kb.model import Entry
>>> g = Gazetteer([("القاهره", Entry("capital", "EGY", "GPE"))])
>>> [(m.first, m.last, m.prefix) for m in g.match(["وصل", "الى", "بالقاهره"])]
[(2, 2, 'ب')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from hadath.arabic.clitics import with_proclitics
from hadath.kb.model import Entry

# Forms shorter than this are matched only as whole tokens, never with a clitic:
# with one, two-letter forms would fire inside ordinary words.
_MIN_CLITIC_FORM = 3


@dataclass(frozen=True)
class Match:
    """Tokens ``first..last`` (inclusive) name ``entries``; ``prefix`` is the clitic on ``first``."""

    first: int
    last: int
    prefix: str
    form: str
    entries: tuple[Entry, ...]

    @property
    def length(self) -> int:
        return len(self.form)


def _variants(form: str) -> list[tuple[str, str]]:
    """(surface, clitic) pairs under which ``form`` may appear in running text."""
    if len(form.replace(" ", "")) < _MIN_CLITIC_FORM:
        return [(form, "")]
    return with_proclitics(form)


class Gazetteer:
    """An Aho-Corasick matcher over (normalised form, entry) pairs."""

    def __init__(self, forms: Iterable[tuple[str, Entry]]) -> None:
        by_form: dict[str, list[Entry]] = {}
        for form, entry in forms:
            form = " ".join(form.split())
            if form:
                bucket = by_form.setdefault(form, [])
                if entry not in bucket:
                    bucket.append(entry)
        self._automaton = ahocorasick.Automaton()
        for form, entries in by_form.items():
            frozen = tuple(entries)
            for surface, prefix in _variants(form):
                key = f" {surface} "
                # A surface can come from two forms ("ب" + "رقه" vs a form "برقه"); the
                # reading without a clitic wins, since the form was listed as a whole.
                existing = self._automaton.get(key, None)
                if existing is not None and existing[1] == "":
                    continue
                self._automaton.add_word(key, (form, prefix, frozen, len(key)))
        self._automaton.make_automaton()
        self.size = len(by_form)

    def match(self, tokens: Sequence[str]) -> list[Match]:
        """Every match in ``tokens`` (normalised forms), overlapping ones included."""
        if not tokens or self.size == 0:
            return []
        text = " " + " ".join(tokens) + " "
        # token index for every character position that starts a token
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        cursor = 1
        for i, tok in enumerate(tokens):
            starts[cursor] = i
            ends[cursor + len(tok)] = i
            cursor += len(tok) + 1
        out = []
        for end, (form, prefix, entries, key_len) in self._automaton.iter(text):
            # ``end`` is the index of the closing space; the key includes both spaces.
            begin = end - key_len + 2
            first, last = starts.get(begin), ends.get(end)
            if first is None or last is None:
                continue
            out.append(Match(first, last, prefix, form, entries))
        return out


def select_longest(matches: Iterable[Match]) -> list[Match]:
    """Non-overlapping matches, longest form first, then leftmost."""
    chosen: list[Match] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (-(m.last - m.first), -m.length, m.first)):
        span = set(range(m.first, m.last + 1))
        if span & taken:
            continue
        chosen.append(m)
        taken |= span
    return sorted(chosen, key=lambda m: m.first)
