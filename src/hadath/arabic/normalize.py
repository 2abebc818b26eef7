"""Normalisation for matching, with a map from the normalised text back to the original.

The matching form folds what Arabic spelling varies on and meaning does not:
hamza/madda alef forms, ta marbuta, alef maqsura, Persian yeh and keheh, tashkeel,
tatweel, presentation forms (NFKC) and Eastern digits. It never changes word order,
so every normalised character maps back to one original character.

>>> normalize("الأمم المتّحدة")
'الامم المتحده'
"""

from __future__ import annotations

import unicodedata

from hadath.arabic.charsets import DROPPED, LETTER_FOLDS
from hadath.arabic.digits import to_ascii_digits


def _fold_char(ch: str) -> str:
    if ch in DROPPED:
        return ""
    if "\ufb50" <= ch <= "\ufeff" or "\ufe70" <= ch <= "\ufefc":
        # Presentation forms: NFKC gives the base letters (ﻻ -> لا).
        folded = unicodedata.normalize("NFKC", ch)
        if folded == ch:
            # Unassigned code points and marks such as U+FEFF fold to themselves:
            # recursing on them would never end.
            return ch
        return "".join(_fold_char(c) for c in folded)
    ch = LETTER_FOLDS.get(ch, ch)
    return to_ascii_digits(ch)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return ``(normalised, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced
    normalised character ``i``; ``offsets`` has one extra entry, ``len(text)``, so a
    normalised span ``[a, b)`` maps back to ``text[offsets[a]:offsets[b-1] + 1]``.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        for c in folded:
            out.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def normalize(text: str) -> str:
    """The matching form of ``text`` (see module docstring)."""
    return "".join(_fold_char(ch) for ch in text)


def strip_tashkeel(text: str) -> str:
    """Remove short vowels, shadda, sukun and tatweel only; letters are kept as written."""
    return "".join(ch for ch in text if ch not in DROPPED)
