from __future__ import annotations

from datetime import date

from django import template

from apps.payroll.months import format_be_month, month_key

register = template.Library()


@register.filter
def be_month(value: object, style: str = "long") -> str:
    """A month's first day as "กันยายน 2557" (or "ก.ย. 2557" with "abbr")."""
    return format_be_month(value, style) if isinstance(value, date) else ""


@register.filter
def month_param(value: object) -> str:
    """A month as the pages' query value, "2557-09"."""
    return month_key(value) if isinstance(value, date) else ""
