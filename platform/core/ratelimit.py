"""A fixed-window limit on public pages (no sign-in), counted per client address in the
default cache (its keys carry the schema: each office counts its own).

    if not core.ratelimit.allow(request, "certificates.verify", limit=30):
        return too_many(...)

The client's address is django-axes' (`AXES_CLIENT_IP_CALLABLE` behind the proxy), so the
login lockouts and these limits see the same client. When the cache cannot be reached the
request is allowed (a public page must not fail because Redis restarts).
"""

from __future__ import annotations

import logging
import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def allow(request: HttpRequest, bucket: str, *, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Count this request in `bucket` for its client; False once the window's `limit` is passed."""
    address = get_client_ip_address(request) or "unknown"
    key = f"public-rate:{bucket}:{address}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, timeout=window + 5)
        try:
            count = int(cache.incr(key))
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    except Exception:  # the cache is down: never fail a public page for it
        logger.warning("Public rate limit: the cache cannot be reached; request allowed")
        return True
    return count <= limit
