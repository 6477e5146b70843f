"""Request parsers that refuse text PostgreSQL cannot store: a NUL character (refused in text
columns and, as `\\u0000`, in jsonb) or a lone UTF-16 surrogate (not encodable as UTF-8). Such
input is a client's mistake: a 400 with code `api.invalid_character`, never a 500 from the
database."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers


class InvalidCharacter(exceptions.ParseError):
    default_code = "api.invalid_character"
    default_detail = _(
        "The input contains a character that cannot be stored (NUL or a lone surrogate)."
    )


def _bad(text: str) -> bool:
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def check_text(value: Any) -> None:
    """Raise InvalidCharacter if any string in `value` (nested dicts and lists, keys too) is
    one PostgreSQL cannot store."""
    if isinstance(value, str):
        if _bad(value):
            raise InvalidCharacter()
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key)
            check_text(item)
    elif isinstance(value, list | tuple):
        for item in value:
            check_text(item)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_text(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_text({key: data.getlist(key) for key in data})
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        check_text({key: parsed.data.getlist(key) for key in parsed.data})
        return parsed
