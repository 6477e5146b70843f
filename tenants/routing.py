"""The in-process map from host name to office, shared by every request of a process.

django-tenants looks the host up in the database on every request. Offices and domains change a
few times a year, so each process keeps the whole map in memory (245 offices, a few hundred
rows) and reloads it when the *routing generation* changes.

The database is the source of truth. The generation is one row in `public`
(`tenants.models.RoutingGeneration`), moved on by a trigger in the same transaction as every
change to an office or a domain, whoever makes it. Every process reads it (one primary-key
query) at most every `KRUCARE_ROUTING_RECHECK_SECONDS` and reloads the map when it differs
from the generation the map was loaded with. So:

- a change reaches every process (web, worker, `make run`'s) within the recheck interval, and
  the process that made it at once (`invalidate()` on commit);
- no cache is involved: losing Redis can neither hide a suspension nor lift one;
- if the database cannot be reached, the last map loaded keeps serving (a warning is logged
  once per outage) and the next check tries again.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Subquery

from tenants.models import Domain, Office, RoutingGeneration

logger = logging.getLogger(__name__)

# Errors that mean "the database cannot be reached now", as opposed to a bug in a query.
UNREACHABLE = (OperationalError, InterfaceError)


class RoutingUnavailableError(RuntimeError):
    """No host map has been loaded yet and the database cannot be reached."""


@dataclass
class _State:
    generation: int | None = None
    checked_at: float = 0.0
    offices_by_host: dict[str, Office] | None = None
    unreachable_since: float | None = None


_state = _State()
_lock = threading.Lock()


def _recheck_seconds() -> float:
    return float(getattr(settings, "KRUCARE_ROUTING_RECHECK_SECONDS", 2.0))


def current_generation() -> int | None:
    """The generation in the database (None only if its row is missing)."""
    table = RoutingGeneration._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608 (model's table)
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _load() -> tuple[int | None, dict[str, Office]]:
    """The generation and the map, in one query (one snapshot, so they always agree)."""
    domains = (
        Domain.objects.select_related("tenant")
        .only(
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
        .annotate(
            routing_generation=Subquery(RoutingGeneration.objects.filter(pk=1).values("value")[:1])
        )
    )
    offices: dict[str, Office] = {}
    generation: int | None = None
    for domain in domains:
        offices[domain.domain] = domain.tenant
        generation = domain.routing_generation
    # No domain at all: the generation is unknown (None), so the next check reloads.
    return generation, offices


def _refresh(now: float) -> None:
    """Reload the map if the generation moved (or none is loaded). Call with `_lock` held.

    A warm check is one primary-key query; a reload is one query that reads the map and the
    generation together, so a map is never kept under a generation it does not reflect.
    """
    state = _state
    try:
        stale = state.offices_by_host is None
        if not stale:
            generation = current_generation()
            stale = generation is None or generation != state.generation
        if stale:
            state.generation, state.offices_by_host = _load()
    except UNREACHABLE as error:
        if state.offices_by_host is None:
            raise RoutingUnavailableError(f"database unreachable: {error}") from error
        if state.unreachable_since is None:
            state.unreachable_since = now
            logger.warning(
                "Routing: the database cannot be reached (%s); serving the last known map "
                "of %d hosts (generation %s)",
                str(error).strip().splitlines()[0] if str(error).strip() else type(error),
                len(state.offices_by_host),
                state.generation,
            )
        # Drop the broken connection so that the next query, this request's or the next
        # check's, opens a new one instead of failing on the dead socket.
        connection.close_if_unusable_or_obsolete()
    else:
        if state.unreachable_since is not None:
            logger.warning(
                "Routing: the database answers again after %.1f s", now - state.unreachable_since
            )
            state.unreachable_since = None
    state.checked_at = now


def office_for_host(hostname: str) -> Office | None:
    """The office answering on `hostname`, or None. Works whichever schema is active (the
    domain, office and generation tables are in `public`, which is on every search path).

    Raises RoutingUnavailableError only before the first map was ever loaded, with the
    database unreachable."""
    now = time.monotonic()
    state = _state
    if state.offices_by_host is None or now - state.checked_at >= _recheck_seconds():
        with _lock:
            if state.offices_by_host is None or now - state.checked_at >= _recheck_seconds():
                _refresh(now)
    offices = state.offices_by_host
    assert offices is not None  # noqa: S101 (set by _refresh or it raised)
    return offices.get(hostname)


def active_host() -> str | None:
    """A host of an active office (the first by name), or None: what readiness serves."""
    office_for_host("")  # loads or rechecks the map
    offices = _state.offices_by_host or {}
    return next(
        (host for host, office in sorted(offices.items()) if office.is_active and office.ready_at),
        None,
    )


def invalidate() -> None:
    """Reload this process's map at the next request: call after an office or domain change
    commits. (Other processes learn of it from the generation, which the database trigger has
    already moved on in the change's own transaction.)"""
    forget()


def forget() -> None:
    """Drop this process's copy of the map; the next request reloads it."""
    with _lock:
        _state.offices_by_host = None
        _state.generation = None
