"""The API's typed requests: the DRF `Request` with what the middleware and authentication set.

DRF's `Request` hands unknown attributes to the Django request, so `request.office` is the
routing middleware's (`tenants.requests`): the one way an API view reaches its office.
"""

from __future__ import annotations

from rest_framework.request import Request

from accounts.models import User
from api.authentication import ApiClientPrincipal
from tenants.models import Office


class ApiRequest(Request):
    """A request on either host: `office` is None on the central host."""

    office: Office | None
    user: User | ApiClientPrincipal  # type: ignore[assignment]  # what our authenticators set


class OfficeApiRequest(ApiRequest):
    """A request on an office's host."""

    office: Office
