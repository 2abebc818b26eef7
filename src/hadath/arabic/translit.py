"""A readable Latin transliteration for names the knowledge base does not know.

Not a scholarly scheme: a press-style spelling ("محمد الشناوي" -> "Mhmd al-Shnawy")
that keeps an unknown name recognisable in English output. Vowels Arabic does not
write are not guessed.
"""

from __future__ import annotations

from hadath.arabic.normalize import strip_tashkeel

_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "'", "ؤ": "'", "ئ": "'",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a", "پ": "p", "چ": "ch", "ڤ": "v",
    "گ": "g", "ک": "k", "ی": "y",
}


def _word(word: str) -> str:
    prefix = ""
    if word.startswith("ال") and len(word) > 3:
        prefix, word = "al-", word[2:]
    if word[:1] == "ع":
        word = "ا" + word[1:]  # an initial ain reads as a vowel in press spelling: Ayman
    latin = "".join(_LETTERS.get(ch, ch) for ch in word).strip("'")
    return prefix + latin[:1].upper() + latin[1:] if latin else prefix


def transliterate(name: str) -> str:
    """A capitalised Latin spelling of an Arabic name, word by word."""
    words = [_word(w) for w in strip_tashkeel(name).split()]
    return " ".join(w for w in words if w)
