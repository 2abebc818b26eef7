"""Arabic text utilities: small pure functions, one phenomenon each.

``normalize`` folds spelling variation for matching while keeping a map back to
the original offsets; ``charsets`` names the character classes; ``digits`` converts
Arabic-Indic and Persian digits; ``clitics`` lists the proclitic readings of a word.
"""

from hadath.arabic.clitics import strip_proclitics
from hadath.arabic.digits import to_ascii_digits
from hadath.arabic.normalize import normalize, normalize_with_map

__all__ = ["normalize", "normalize_with_map", "strip_proclitics", "to_ascii_digits"]
