from __future__ import annotations

from django import template

from core.thai import format_national_id, mask_national_id

register = template.Library()


@register.filter
def national_id_for(value: object, full: bool) -> str:
    """A national ID grouped as on the card, in full or masked (`full`: the viewer's right)."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        return format_national_id(value) if full else mask_national_id(value)
    except ValueError:
        return ""
