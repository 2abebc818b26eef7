"""Named sets of Arabic characters used by the normalisers and tokenisers."""

from __future__ import annotations

# Short vowels, tanwin, shadda, sukun, superscript alef and Quranic marks.
TASHKEEL = frozenset(
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657"
    "\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670"
    "\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4"
    "\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
)
TATWEEL = "\u0640"
# Invisible format characters scraped pages carry: bidi marks, zero-width joiners.
FORMAT_CHARS = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad")
# Characters dropped entirely when building the matching form.
DROPPED = TASHKEEL | FORMAT_CHARS | {TATWEEL}

# Letter folds for matching: every alef with hamza or madda to bare alef, ta marbuta
# to ha, alef maqsura and Persian yeh to yeh, keheh to kaf, and so on.
LETTER_FOLDS: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ة": "ه",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ے": "ي",
    "ک": "ك",
    "ڪ": "ك",
    "ؤ": "و",
    "ئ": "ي",
    "ه\u0654": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "ھ": "ه",
    "ڤ": "ف",
    "گ": "ك",
    "پ": "ب",
    "چ": "ج",
}

ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B)) | frozenset("ٱپچژکگیڤ")
SENTENCE_END = frozenset(".!?؟…")
# Characters that separate words besides white space.
PUNCTUATION = frozenset(".,!?;:،؛؟…\"'«»()[]{}<>-–—/\\|*•·“”‘’٪%#@_=+~^`")
