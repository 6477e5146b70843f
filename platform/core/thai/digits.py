"""Thai digits (๐–๙) and Arabic digits (0–9), converted one character at a time.

Official documents may print numbers in Thai digits; it is a per-document choice, never how
anything is stored. Only the ten digits change: separators, signs and letters pass through.
"""

from __future__ import annotations

ARABIC_DIGITS = "0123456789"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)


def to_thai_digits(text: str) -> str:
    """Return `text` with every 0–9 replaced by the Thai digit of the same value."""
    return text.translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    """Return `text` with every ๐–๙ replaced by the Arabic digit of the same value.

    Input parsers call this first so that people may type either kind of digit.
    """
    return text.translate(_TO_ARABIC)
