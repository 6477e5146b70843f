"""Where the desk sends an officer to do a ticket's service.

A service module registers the page that serves its service type (in its AppConfig.ready), so
the desk links a ticket to it without the desk knowing the module:

    register_entry_point("id_card", "idcards:application_new")

The page receives the ticket as `?ticket=<id>`.
"""

from __future__ import annotations

from django.urls import reverse

_entry_points: dict[str, str] = {}


def register_entry_point(service_type_code: str, url_name: str) -> None:
    _entry_points[service_type_code] = url_name


def entry_url(*, service_type_code: str, service_request_id: int) -> str | None:
    """The page serving this ticket's service, or None if no module serves the type."""
    url_name = _entry_points.get(service_type_code)
    if url_name is None:
        return None
    return f"{reverse(url_name)}?ticket={service_request_id}"
