"""Cleaning Thai text the same way where it is stored and where it is searched for.

Thai typed on different keyboards and copied from PDFs or CMSS exports differs in ways people
cannot see: SARA AM written as NIKHAHIT + SARA AA, zero-width spaces between words, Thai digits,
runs of spaces. Names are stored cleaned, and a search query is cleaned the same way, so the
same-looking text always matches.
"""

from __future__ import annotations

import re
import unicodedata

from core.thai import to_arabic_digits

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
# SARA AM (U+0E33) is also typed as NIKHAHIT (U+0E4D) + SARA AA (U+0E32), which looks the same.
_SARA_AM_DECOMPOSED = "\u0e4d\u0e32"
_SARA_AM = "\u0e33"


def clean_text(value: object) -> str:
    """`value` as text: NFC, SARA AM composed, invisible characters dropped, runs of
    whitespace made one space, trimmed. None gives ""."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace(_SARA_AM_DECOMPOSED, _SARA_AM)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def search_key(value: str) -> str:
    """A search fragment as it is compared with `Person.search_text`: cleaned, Arabic digits,
    lower case, no whitespace."""
    return _SPACES.sub("", to_arabic_digits(clean_text(value))).lower()


def search_terms(query: str) -> list[str]:
    """The whitespace-separated words of a query, each as a `search_key`."""
    return [key for word in clean_text(query).split(" ") if (key := search_key(word))]
