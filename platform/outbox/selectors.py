"""Reading the outbox in commit order, without gaps and without repeats.

The order is `(txid, id)`: the writing transaction's id (`xid8`), then the event's id. Ids of
transactions are handed out when they first write, not when they commit, so a transaction
with a smaller txid may commit after one with a larger txid. A reader that served events up
to txid T and later saw a transaction with a smaller txid commit would have skipped it.

The rule that prevents this: a read returns only events whose txid is below the xmin of its
own snapshot (`pg_snapshot_xmin(pg_current_snapshot())`, taken in the same statement as the
rows, so both are one snapshot). xmin is the smallest txid still running; every transaction
below it has finished, committed (its events are visible to this snapshot) or rolled back
(it has none), and every transaction that starts writing later gets a txid above the
snapshot's xmax, hence above xmin. So:

- Never skips. The invariant: every committed event at or before the client's cursor has been
  served to it. It holds at the start (nothing is before `START`). A page read after cursor C
  with snapshot xmin X serves the first events in (txid, id) order that are after C, visible
  and below X, and its `next` is the last one served, L. Any event E with C < E <= L has
  E.txid <= L.txid < X, so E's transaction had finished when the page was read: if it
  committed, E was visible and is one of the events served (they are consecutive in that
  order); if it rolled back, E does not exist. An empty page leaves the cursor where it was.
  A transaction still running at the read has its txid at or above X, above L.txid: its
  events, and every event after them, land after the cursor and are served once it is done.
- Never repeats. A page returns only positions strictly greater than the cursor, the cursor
  only moves forward, and positions are unique (ids are).

The cost: xids and snapshots are cluster-wide, so one long transaction that has written
(anywhere in the PostgreSQL cluster, any schema or database, an idle-in-transaction session
included) holds every feed back until it ends; nothing is lost, only delayed. Writers keep
their transactions short. A reader whose own transaction has written holds itself back the
same way (its own txid counts in its xmin): read feeds in autocommit or a read-only
transaction.

xid8 is compared as xid8 in SQL (`%s::text::xid8`): PostgreSQL has no xid8/bigint operators.
Must run in the office's schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from outbox.cursor import START, NationalPosition, Position
from outbox.models import OutboxEvent

MAX_LIMIT = 1000
NATIONAL_START = NationalPosition()


@dataclass(frozen=True)
class FeedEvent:
    id: int
    txid: int
    resource: str
    resource_id: str
    action: str
    occurred_at: datetime
    data_json: str  # the payload as PostgreSQL stores it (jsonb as text): served as it is

    @property
    def data(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.data_json)
        return result

    @property
    def position(self) -> Position:
        return Position(self.txid, self.id)


@dataclass(frozen=True)
class FeedPage:
    events: list[FeedEvent]
    position: Position  # the last served, or the one asked after when nothing was served
    has_more: bool  # more events are readable now (not counting those held back)


_SQL = """
SELECT e.id, e.txid::text, e.resource, e.resource_id, e.action, e.occurred_at, e.payload::text
FROM {table} e
WHERE e.txid < pg_snapshot_xmin(pg_current_snapshot())
  AND (e.txid, e.id) > (%s::text::xid8, %s)
  {resource_filter}
ORDER BY e.txid, e.id
LIMIT %s
"""


def outbox_event_page(
    *, after: Position = START, resource: str | None = None, limit: int = 100
) -> FeedPage:
    """Up to `limit` committed events after `after`, in commit order (see the module)."""
    limit = max(1, min(limit, MAX_LIMIT))
    params: list[Any] = [str(after.txid), after.id]
    resource_filter = ""
    if resource is not None:
        resource_filter = "AND e.resource = %s"
        params.append(resource)
    params.append(limit + 1)
    sql = _SQL.format(
        table=connection.ops.quote_name(OutboxEvent._meta.db_table),
        resource_filter=resource_filter,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    events = [
        FeedEvent(
            id=row[0],
            txid=int(row[1]),
            resource=row[2],
            resource_id=row[3],
            action=row[4],
            occurred_at=row[5],
            data_json=row[6],
        )
        for row in rows[:limit]
    ]
    return FeedPage(
        events=events,
        position=events[-1].position if events else after,
        has_more=len(rows) > limit,
    )


# ---------------------------------------------------------------------------------------------
# The national feed: every office's outbox, merged


@dataclass(frozen=True)
class NationalFeedEvent:
    office: str
    event: FeedEvent

    @property
    def position(self) -> NationalPosition:
        return NationalPosition(self.event.txid, self.event.id, self.office)


@dataclass(frozen=True)
class NationalFeedPage:
    events: list[NationalFeedEvent]
    position: NationalPosition
    has_more: bool


_OFFICES_SQL = """
SELECT o.code, o.schema_name, pg_snapshot_xmin(pg_current_snapshot())::text
FROM {offices} o
WHERE o.ready_at IS NOT NULL
ORDER BY o.code
"""
_BRANCH_SQL = """
(SELECT %s::text AS office, e.id, e.txid, e.resource, e.resource_id, e.action, e.occurred_at,
        e.payload::text AS payload
 FROM {table} e
 WHERE e.txid < %s::text::xid8
   AND ((e.txid, e.id) > (%s::text::xid8, %s) OR ((e.txid, e.id) = (%s::text::xid8, %s) AND %s))
   {resource_filter}
 ORDER BY e.txid, e.id
 LIMIT %s)
"""

_NATIONAL_SQL = """
SELECT office, id, txid::text, resource, resource_id, action, occurred_at, payload
FROM ({union}) AS merged
ORDER BY merged.txid, merged.id, merged.office
LIMIT %s
"""


def national_event_page(
    *, after: NationalPosition = NATIONAL_START, resource: str | None = None, limit: int = 100
) -> NationalFeedPage:
    """Up to `limit` committed events of every office after `after`, in (txid, id, office)
    order, without gaps or repeats. Runs on the public schema (the tables are named with their
    schema).

    The module's argument holds across offices because xids and snapshots are cluster-wide. One
    addition: the offices are listed in one statement and their events read in the next, so
    the bound is the xmin of the *first* statement's snapshot. An office committed after that
    list is missing from this read; but `tenants.services.office_create` creates the office
    and its schema in one transaction, which had not finished when the list was taken, so its
    txid, and that of every transaction writing in the new schema, is at or above the bound:
    nothing of it is below the cursor this read returns."""
    from tenants.models import Office

    limit = max(1, min(limit, MAX_LIMIT))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_OFFICES_SQL.format(offices=quote(Office._meta.db_table)))
        offices = cursor.fetchall()
        if not offices:
            return NationalFeedPage(events=[], position=after, has_more=False)
        bound = offices[0][2]
        branches, params = [], []
        for code, schema, _ in offices:
            branches.append(
                _BRANCH_SQL.format(
                    table=f"{quote(schema)}.{quote(OutboxEvent._meta.db_table)}",
                    resource_filter="AND e.resource = %s" if resource is not None else "",
                )
            )
            params += [code, bound, str(after.txid), after.id, str(after.txid), after.id]
            params.append(code > after.office)
            if resource is not None:
                params.append(resource)
            params.append(limit + 1)
        # Only quoted names of our own tables are formatted in; every value is a parameter.
        sql = _NATIONAL_SQL.format(union=" UNION ALL ".join(branches))
        cursor.execute(sql, [*params, limit + 1])
        rows = cursor.fetchall()
    events = [
        NationalFeedEvent(
            office=row[0],
            event=FeedEvent(
                id=row[1],
                txid=int(row[2]),
                resource=row[3],
                resource_id=row[4],
                action=row[5],
                occurred_at=row[6],
                data_json=row[7],
            ),
        )
        for row in rows[:limit]
    ]
    return NationalFeedPage(
        events=events,
        position=events[-1].position if events else after,
        has_more=len(rows) > limit,
    )
