"""A local webhook receiver (an HTTP server on 127.0.0.1 in a thread) and committed test data:
a client, its subscription and outbox events in office alpha, removed afterwards.

Dispatch reads the outbox as a feed does (only finished transactions), so the events and the
subscriptions are committed, not written in a test transaction."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from django.db import transaction
from django_tenants.utils import schema_context

from accounts.models import User
from clients.models import ApiClient
from clients.services import client_create
from outbox.models import OutboxEvent
from webhooks.models import Subscription
from webhooks.services import subscription_create

SCHEMA = "esa_alpha"
CLIENT_PREFIX = "webhook-test"
EVENT_PREFIX = "wh-"
CARD = "idcards.card"


@dataclass
class Received:
    headers: Message  # case-insensitive, as HTTP header names are
    body: bytes

    @property
    def event_id(self) -> int:
        return int(self.headers["KruCare-Event-Id"])


@dataclass
class Receiver:
    """Answers `status` (or the next of `statuses`); holds the first request until `release`
    is set when `hang_first`."""

    url: str = ""
    status: int = 200
    hang_first: bool = False
    location: str = ""  # a Location header to answer with (a redirect)
    tls: Any = None  # an ssl.SSLContext to serve HTTPS with
    port: int = 0
    received: list[Received] = field(default_factory=list)
    first_arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def distinct_event_ids(self) -> set[int]:
        with self.lock:
            return {item.event_id for item in self.received}


@contextmanager
def receiver(**options: Any) -> Iterator[Receiver]:
    state = Receiver(**options)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                state.received.append(Received(self.headers, body))
                first = len(state.received) == 1
            if first:
                state.first_arrived.set()
                if state.hang_first:
                    state.release.wait(60)
            try:
                self.send_response(state.status)
                if state.location:
                    self.send_header("Location", state.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:  # the sender is gone (killed mid-delivery)
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    state.url = f"http://127.0.0.1:{state.port}/hook"
    if state.tls is not None:
        server.socket = state.tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


def clean() -> None:
    with schema_context(SCHEMA):
        Subscription.objects.filter(client__name__startswith=CLIENT_PREFIX).delete()
        ApiClient.objects.filter(name__startswith=CLIENT_PREFIX).delete()
        OutboxEvent.objects.filter(resource_id__startswith=EVENT_PREFIX).delete()


def make_client(name: str = "", scopes: list[str] | None = None) -> tuple[ApiClient, str]:
    """A committed client of alpha; returns it and its bearer secret."""
    with schema_context(SCHEMA):
        return client_create(
            name=f"{CLIENT_PREFIX} {name}".strip(),
            scopes=scopes or ["idcards:read", "people:read", "webhooks:manage"],
            actor=User.objects.get(username="office_admin"),
        )


def subscribe(client: ApiClient, url: str, **options: Any) -> tuple[Subscription, str]:
    with schema_context(SCHEMA):
        return subscription_create(
            client=client, url=url, event_types=options.pop("event_types", [CARD]), **options
        )


def write_events(count: int, *, resource: str = CARD, per_transaction: int = 100) -> list[int]:
    """`count` committed events of `resource` in alpha's outbox; their ids."""
    ids: list[int] = []
    with schema_context(SCHEMA):
        for start in range(0, count, per_transaction):
            with transaction.atomic():
                rows = OutboxEvent.objects.bulk_create(
                    OutboxEvent(
                        resource=resource,
                        resource_id=f"{EVENT_PREFIX}{n}",
                        action="created",
                        payload={"id": n, "card_number": f"0400001-2569-{n:05d}"},
                    )
                    for n in range(start, min(start + per_transaction, count))
                )
            ids += [row.id for row in rows]
    return ids


def body_of(item: Received) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(item.body)
    return result
