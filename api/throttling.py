"""Per-client rate limits: each machine client's own `rate_limit_per_minute`, counted in the
default cache (its keys carry the schema, so an office's client 7 and the central client 7
never share a count). People's tokens and sessions are not limited here."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from api.models import ClientCredential

WINDOW_SECONDS = 60


class ClientRateLimited(exceptions.Throttled):
    """429 with `Retry-After` and the API's error body (code `api.rate_limited`)."""

    default_code = "api.rate_limited"
    default_detail = _("Too many requests from this client.")


class ClientRateThrottle(BaseThrottle):
    """A fixed one-minute window per client: one atomic increment per call. Raises
    ClientRateLimited itself (DRF's own refusal would carry the code `throttled`)."""

    def allow_request(self, request: Request, view: Any) -> bool:
        credential = request.auth
        if not isinstance(credential, ClientCredential):
            return True
        client = credential.client
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"api-client-rate:{client.pk}:{window}"
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: count this call as the first
            cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
        if count > client.rate_limit_per_minute:
            raise ClientRateLimited(wait=(window + 1) * WINDOW_SECONDS - now)
        return True
