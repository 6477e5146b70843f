from __future__ import annotations

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The office of the request (None on the central site), for the page header."""
    office = getattr(request, "office", None)
    return {"office": office, "is_central": office is None}
