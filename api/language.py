"""The API's one language per answer: Thai, or English when the client asked for it
(`Accept-Language`, see `core.middleware.request_language`)."""

from __future__ import annotations

from django.utils.translation import get_language


def in_language(th: str, en: str, language: str | None = None) -> str:
    """`th` or `en`, by `language` or the active one (Thai unless English is active)."""
    return en if (language or get_language() or "th").startswith("en") else th
