"""Per-client rate limits: each machine client's own `rate_limit_per_minute`, counted in the
default cache (its keys carry the schema, so an office's client 7 and the central client 7
never share a count). People's tokens and sessions are not limited here.

When the cache cannot be reached (Redis stopped, restarting, unreachable), calls are counted in
this process instead: each web process then limits a client to its rate on its own, so a
client may get up to (processes × rate) calls through during the outage, but no call fails for
it. Counting moves back to the shared cache as soon as it answers again.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from api.language import in_language
from clients.models import ClientCredential
from core.schemas import current_schema

WINDOW_SECONDS = 60
# The cache is unreachable: Redis' own errors (they do not subclass the built-in ones) and
# the socket's.
CACHE_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)

logger = logging.getLogger(__name__)


# The request attribute `ApiResponseMiddleware` reads the `RateLimit-*` headers from.
RATE_LIMIT_ATTRIBUTE = "krucare_rate_limit"


@dataclass(frozen=True)
class RateLimitState:
    """A client's window after this call: its limit, the calls left, seconds to the reset."""

    limit: int
    remaining: int
    reset: int


class ClientRateLimited(exceptions.Throttled):
    """429 with `Retry-After` and the API's error body (code `api.rate_limited`), its message
    in the request's one language."""

    default_code = "api.rate_limited"

    def __init__(self, wait: float) -> None:
        seconds = max(1, math.ceil(wait))
        detail = in_language(
            f"เครื่องลูกข่ายนี้เรียกใช้เกินจำนวนที่กำหนดต่อนาที ลองใหม่ในอีก {seconds} วินาที",
            f"Too many requests from this client: try again in {seconds} seconds.",
        )
        exceptions.APIException.__init__(self, detail, self.default_code)
        self.wait = seconds


class _LocalCounts:
    """Fixed-window counts in this process, used only while the cache is unreachable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        self._counts: dict[tuple[str, int], int] = {}
        self.cache_down_since: float | None = None

    def incr(self, schema: str, client_id: int, window: int) -> int:
        with self._lock:
            if window != self._window:  # a new minute: the old counts are of no use
                self._window, self._counts = window, {}
            key = (schema, client_id)
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]


_local = _LocalCounts()


def _shared_count(key: str) -> int:
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        return int(cache.incr(key))
    except ValueError:  # evicted between add and incr: count this call as the first
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        return 1


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
        try:
            count = _shared_count(f"api-client-rate:{client.pk}:{window}")
        except CACHE_UNREACHABLE as error:
            if _local.cache_down_since is None:
                _local.cache_down_since = now
                logger.warning(
                    "API rate limits: the cache cannot be reached (%s); counting per process",
                    type(error).__name__,
                )
            count = _local.incr(current_schema(), client.pk, window)
        else:
            if _local.cache_down_since is not None:
                logger.warning("API rate limits: the cache answers again; counting in it")
                _local.cache_down_since = None
        reset = (window + 1) * WINDOW_SECONDS - now
        setattr(
            request._request,
            RATE_LIMIT_ATTRIBUTE,
            RateLimitState(
                limit=client.rate_limit_per_minute,
                remaining=max(0, client.rate_limit_per_minute - count),
                reset=max(1, math.ceil(reset)),
            ),
        )
        if count > client.rate_limit_per_minute:
            raise ClientRateLimited(wait=reset)
        return True
