"""The one way code reaches the office it serves.

- A view on an office host annotates its request as `OfficeRequest`: the routing middleware
  (`tenants.middleware.OfficeRoutingMiddleware`) has set `request.office`, and the view's role
  check has let in only a signed-in `User`. (The shape of healthchecks' `ApiRequest`.)
- Code that serves both hosts (the page header, the API's "who am I") reads `office_of`.
- Code outside a request (a service, a task, a command) asks `current_office()`.
"""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User
from core.schemas import PUBLIC_SCHEMA, current_schema, tenant_connection
from tenants.models import Office


class OfficeRequest(HttpRequest):
    """A request served on an office's host, to a signed-in user of that office."""

    office: Office
    user: User  # narrowed: the view's role check admits a signed-in User only


def office_of(request: HttpRequest) -> Office | None:
    """The office whose host served `request`; None on the central host (and before routing,
    e.g. for the outermost middleware of an unknown host)."""
    office = request.__dict__.get("office")
    return office if isinstance(office, Office) else None


def current_office() -> Office | None:
    """The office whose schema this thread's queries run in; None in the public schema.

    The connection's tenant when the schema was switched to an `Office` (the routing middleware,
    a Celery task); one query when it was switched by name (`schema_context` in commands and
    tests).
    """
    tenant = tenant_connection().tenant
    if isinstance(tenant, Office):
        return tenant
    schema = current_schema()
    if schema == PUBLIC_SCHEMA:
        return None
    office: Office | None = Office.objects.filter(schema_name=schema).first()
    return office
