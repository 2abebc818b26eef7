"""Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII, one character for one."""

from __future__ import annotations

_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_TABLE = str.maketrans(_DIGITS | {"٫": ".", "٬": ","})


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with Eastern digits as ASCII digits; lengths are unchanged.

    >>> to_ascii_digits("١٥ مارس ٢٠٢٤")
    '15 مارس 2024'
    """
    return text.translate(_TABLE)
