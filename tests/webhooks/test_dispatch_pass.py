"""Beat's webhook pass: one task for every office, touching only offices that have webhooks
(one query finds them), instead of one task per office every ten seconds."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tests.webhooks.support import SCHEMA, make_client, receiver, subscribe, write_events
from webhooks.models import Delivery
from webhooks.selectors import schemas_with_webhooks
from webhooks.tasks import webhooks_dispatch_all_task


def test_no_office_has_webhooks_and_the_pass_costs_one_query(
    committed: list[int],
) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert webhooks_dispatch_all_task() == 0
    # The active offices, then one query over their schemas (and no other schema is entered).
    assert [q["sql"][:6] for q in queries if not q["sql"].startswith("SET search_path")] == [
        "SELECT",
        "SELECT",
    ]
    assert committed == []


def test_the_pass_dispatches_only_the_offices_with_subscriptions_in_one_task(
    committed: list[int],
) -> None:
    client, _ = make_client()
    with receiver() as hook:
        subscription, _ = subscribe(client, hook.url)
        write_events(3)
        assert schemas_with_webhooks() == [SCHEMA]  # beta has none
        assert webhooks_dispatch_all_task() == 1
        with schema_context(SCHEMA):
            ids = sorted(
                Delivery.objects.filter(subscription=subscription).values_list("id", flat=True)
            )
        assert len(ids) == 3
        # Each sent (by dispatch, and again by the sweep that follows it in the same pass: a
        # duplicate message finds its delivery leased or delivered and sends nothing).
        assert sorted(set(committed)) == ids
