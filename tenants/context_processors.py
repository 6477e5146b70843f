from __future__ import annotations

from django.http import HttpRequest

from tenants.requests import office_of


def site(request: HttpRequest) -> dict[str, object]:
    """The office of the request (None on the central site), for the page header."""
    office = office_of(request)
    return {"office": office, "is_central": office is None}
