"""Normalisation for matching, with a map from the normalised text back to the original.

The matching form folds what Arabic spelling varies on and meaning does not:
hamza/madda alef forms, ta marbuta, alef maqsura, Persian yeh and keheh, tashkeel,
tatweel, presentation forms (NFKC) and Eastern digits. It never changes word order,
so every normalised character maps back to one original character.

>>> normalize("الأمم المتّحدة")
'الامم المتحده'
"""

from __future__ import annotations

import re
import unicodedata

from hadath.arabic.charsets import DROPPED, LETTER_FOLDS
from hadath.arabic.digits import to_ascii_digits


def _fold_char(ch: str) -> str:
    if ch in DROPPED:
        return ""
    if "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc":
        # Presentation forms: NFKC gives the base letters (ﻻ -> لا). Characters NFKC
        # leaves alone (ornate parentheses ﴾﴿) stay as they are.
        base = unicodedata.normalize("NFKC", ch)
        if base != ch:
            return "".join(_fold_char(c) for c in base)
        return ch
    ch = LETTER_FOLDS.get(ch, ch)
    return to_ascii_digits(ch)


# One translation table for the common case: every character below the presentation
# forms folds to at most one character, so str.translate does the whole job.
_TABLE: dict[int, str | None] = {ord(c): None for c in DROPPED}
_TABLE.update({ord(k): v for k, v in LETTER_FOLDS.items() if len(k) == 1})
_TABLE.update({ord(d): str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")})
_TABLE.update({ord(d): str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")})
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return ``(normalised, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced
    normalised character ``i``; ``offsets`` has one extra entry, ``len(text)``, so a
    normalised span ``[a, b)`` maps back to ``text[offsets[a]:offsets[b-1] + 1]``.
    """
    if not _PRESENTATION.search(text):
        # Every character folds to one character or none: the fast path.
        offsets = [i for i, ch in enumerate(text) if ch not in DROPPED]
        offsets.append(len(text))
        return text.translate(_TABLE), offsets
    out: list[str] = []
    offsets = []
    table = _TABLE
    for i, ch in enumerate(text):
        folded = _fold_char(ch) if ch >= "\ufb50" else table.get(ord(ch), ch)
        if folded is None:
            continue
        for c in folded:
            out.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def normalize(text: str) -> str:
    """The matching form of ``text`` (see module docstring)."""
    if _PRESENTATION.search(text):
        return "".join(_fold_char(ch) for ch in text)
    return text.translate(_TABLE)


def strip_tashkeel(text: str) -> str:
    """Remove short vowels, shadda, sukun and tatweel only; letters are kept as written."""
    return "".join(ch for ch in text if ch not in DROPPED)
