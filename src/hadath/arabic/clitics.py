"""Proclitics: the readings of a word with و، ف، ب، ل، ك and the article stripped.

Stripping is ambiguous ("بوتين" is a name, not ب + وتين), so these functions list
candidate readings and leave the choice to whoever matches them against a lexicon.
"""

from __future__ import annotations

# Conjunctions, then prepositions; at most one of each, in that order.
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
ARTICLE = "ال"


def _prefixes() -> tuple[str, ...]:
    out = [""]
    for conj in ("", *CONJUNCTIONS):
        for prep in ("", *PREPOSITIONS):
            if conj or prep:
                out.append(conj + prep)
    return tuple(out)


_PREFIXES = _prefixes()


def proclitic_prefixes() -> list[str]:
    """Every proclitic string a matched word may carry (normalised spelling), "" first.

    "لل" is ل + ال with the alef dropped; it stands for a prefix whose reading
    restores the article (see ``strip_proclitics``).
    """
    return list(_PREFIXES)


def strip_proclitics(word: str, min_stem: int = 2) -> list[tuple[str, str]]:
    """All ``(prefix, stem)`` readings of a normalised word, unstripped first.

    ``للقاهره`` also reads as ``("ل", "القاهره")``: the article's alef comes back.

    >>> strip_proclitics("وبالقاهره")[:3]
    [('', 'وبالقاهره'), ('و', 'بالقاهره'), ('وب', 'القاهره')]
    """
    readings: list[tuple[str, str]] = [("", word)]
    if word[:1] not in "وفبلك":
        return readings
    for prefix in _PREFIXES[1:]:
        if word.startswith(prefix) and len(word) - len(prefix) >= min_stem:
            stem = word[len(prefix) :]
            readings.append((prefix, stem))
            if prefix.endswith("ل") and stem.startswith("ل") and len(stem) > min_stem:
                readings.append((prefix, "ا" + stem))
    return readings


def with_proclitics(form: str) -> list[tuple[str, str]]:
    """Every ``(spelling, proclitic)`` under which ``form`` may appear in running text.

    The inverse of ``strip_proclitics``: ``form`` itself first, then each proclitic
    prefixed; ل + ال is written لل, the article's alef dropped.

    >>> [s for s, _ in with_proclitics("القاهره")][:4]
    ['القاهره', 'بالقاهره', 'للقاهره', 'كالقاهره']
    """
    out = [(form, "")]
    for prefix in _PREFIXES[1:]:
        if form.startswith(ARTICLE) and prefix.endswith("ل"):
            out.append((prefix + form[1:], prefix))
        else:
            out.append((prefix + form, prefix))
    return out
