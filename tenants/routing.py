"""The in-process map from host name to office, shared by every request of a process.

django-tenants looks the host up in the database on every request. Offices and domains change a
few times a year, so each process keeps the whole map in memory (245 offices, a few hundred
rows) and reloads it when the *routing generation* changes. The generation is a counter in the
shared cache: `invalidate()` bumps it whenever an office or domain is written, and every process
compares its copy with the shared one at most every `KRUCARE_ROUTING_RECHECK_SECONDS`. Within the
process that made the change, the reload is immediate.

Production must use a cache that all processes share (Redis), or a change reaches the other
processes only when they restart. `make run` serves the web from one process.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from tenants.models import Domain, Office

GENERATION_KEY = "krucare:routing:generation"


@dataclass
class _State:
    generation: object = None
    checked_at: float = 0.0
    offices_by_host: dict[str, Office] | None = None


_state = _State()
_lock = threading.Lock()


def _recheck_seconds() -> float:
    return float(getattr(settings, "KRUCARE_ROUTING_RECHECK_SECONDS", 2.0))


def _load() -> dict[str, Office]:
    domains = Domain.objects.select_related("tenant").only(
        "domain",
        "tenant__id",
        "tenant__schema_name",
        "tenant__code",
        "tenant__name_th",
        "tenant__name_en",
        "tenant__is_active",
        "tenant__kind",
        "tenant__province",
        "tenant__region",
        "tenant__area_number",
        "tenant__ready_at",
    )
    return {domain.domain: domain.tenant for domain in domains}


def office_for_host(hostname: str) -> Office | None:
    """The office answering on `hostname`, or None. Works whichever schema is active (the
    domain and office tables are in `public`, which is on every search path)."""
    now = time.monotonic()
    state = _state
    if state.offices_by_host is None or now - state.checked_at > _recheck_seconds():
        generation = caches["platform"].get(GENERATION_KEY)
        with _lock:
            if state.offices_by_host is None or generation != state.generation:
                state.offices_by_host = _load()
                state.generation = generation
            state.checked_at = now
    assert state.offices_by_host is not None  # noqa: S101 (set above)
    return state.offices_by_host.get(hostname)


def invalidate() -> None:
    """Make every process reload the map: call after an office or domain change commits."""
    platform_cache = caches["platform"]  # its keys carry no schema: one counter for all
    try:
        platform_cache.incr(GENERATION_KEY)
    except ValueError:
        platform_cache.set(GENERATION_KEY, 1, timeout=None)
    forget()


def forget() -> None:
    """Drop this process's copy of the map; the next request reloads it."""
    with _lock:
        _state.offices_by_host = None
