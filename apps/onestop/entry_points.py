"""Where the desk sends an officer to do a ticket's service.

A module declares the page that serves each of its desk services (`core.modules.DeskService`
`entry`), so the desk links a ticket to it without knowing the module. The page receives the
ticket as `?ticket=<id>`.
"""

from __future__ import annotations

from django.urls import reverse

from core.modules import desk_services


def entry_url(*, service_type_code: str, service_request_id: int) -> str | None:
    """The page serving this ticket's service, or None if no module serves the type."""
    url_name = next(
        (service.entry for service in desk_services() if service.code == service_type_code), None
    )
    if url_name is None:
        return None
    return f"{reverse(url_name)}?ticket={service_request_id}"
