"""Faults under the production settings, on servers this module starts: a PostgreSQL cluster of
its own (restarted mid-traffic), a redis-server (cache and broker), gunicorn, a Celery worker
(killed mid-delivery) and beat.

While office pages are read and claims paid through gunicorn, PostgreSQL is stopped and started
again and the worker is killed with SIGKILL while a receiver holds its webhook delivery. Then:
no 5xx outside the outage window, every claim paid exactly once with gap-free numbers (a
person retries a payment that failed; a double click pays nothing twice), and every payment's
webhook delivered (queued deliveries of the outage retried, not consumed; the killed worker's
found again by the sweep).

One departure from production: the webhook receiver can only be on this machine, so the seed
and the workers allow loopback targets (KRUCARE_WEBHOOKS_ALLOW_LOOPBACK), which production
refuses."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cluster import Cluster
from tests.support.production import (
    BASE_DOMAIN,
    Browser,
    Site,
    production_env,
    seed_office,
)
from tests.support.redis import RedisServer
from tests.webhooks.support import Receiver
from tests.webhooks.support import receiver as webhook_receiver

pytestmark = pytest.mark.worker

OFFICE = "faulty"
HOST = f"{OFFICE}.{BASE_DOMAIN}"
CLAIMS = 12

SEED_CLAIMS = """
from datetime import timedelta
from decimal import Decimal
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import schema_context
from accounts.models import User
from apps.people.models import Person
from apps.reimbursements import services
from apps.reimbursements.services import ItemInput, ReceiptInput
from core.thai import local_date, national_id_check_digit
from webhooks.services import subscription_create
from clients.services import client_create

with schema_context("esa_{office}"):
    officer = User.objects.get(username="welfare_officer")
    approver = User.objects.get(username="approver")
    ids = []
    day = local_date(timezone.now()) - timedelta(days=3)
    for n in range({claims}):
        first = f"1{{700000 + n:011d}}"
        person = Person.objects.create(
            national_id=first + str(national_id_check_digit(first)), title="นาง",
            first_name_th="ทดสอบ", last_name_th=f"จ่ายเงิน{{n}}",
            birth_date=day.replace(year=1975), category="teacher", status="active")
        claim = services.medical_claim_create(
            claimant=person, beneficiary=None, hospital_name="โรงพยาบาลทดสอบ",
            hospital_type="government", care_type="outpatient", received_by=officer,
            receipts=[ReceiptInput(number=f"F-{{n}}", issued_on=day,
                                   items=(ItemInput(kind="medicine", amount=Decimal("100.00")),))])
        claim = services.claim_check(claim=claim, officer=officer)
        claim = services.claim_approve(claim=claim, approver=approver)
        ids.append(claim.pk)
    client, _ = client_create(name="HR webhooks", scopes=["payments:read", "webhooks:manage"],
                              actor=User.objects.get(username="office_admin"))
    # The receiver is on this machine: loopback targets allowed for this seed only.
    settings.KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = True
    subscription_create(client=client, url="{url}", event_types=["payments.payment"])
    print(",".join(map(str, ids)))
"""

PAYMENTS = """
import json
from django_tenants.utils import schema_context
from apps.reimbursements.models import Payment
with schema_context("esa_{office}"):
    print(json.dumps(sorted(
        [p.claim_id, p.sequence] for p in Payment.objects.all())))
"""


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as state:
        yield state


def _hold_next(receiver: Receiver) -> None:
    """From now on, hold the next delivery until `receiver.release` is set."""
    with receiver.lock:
        receiver.received.clear()
        receiver.first_arrived.clear()
        receiver.release.clear()
        receiver.hang_first = True


@dataclass
class Deployment:
    site: Site
    cluster: Cluster
    redis: RedisServer
    claim_ids: list[int]


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, static_root: Path, receiver: Receiver
) -> Iterator[Deployment]:
    """Migrated and seeded; each test starts the processes it needs (stopped after it)."""
    folder = tmp_path_factory.mktemp("faults")
    redis = RedisServer(folder / "redis")
    redis.start()
    database = Cluster()
    site = Site(
        env=production_env(
            database_url=database.url, redis=redis, folder=folder, static_root=static_root
        ),
        folder=folder,
    )
    try:
        migrated = site.manage("migrate_offices")
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        seed_office(site, OFFICE, "สำนักงานเขตพื้นที่การศึกษาทดสอบความทนทาน", area=7)
        seeded = site.python(SEED_CLAIMS.format(office=OFFICE, claims=CLAIMS, url=receiver.url))
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        claim_ids = [int(n) for n in seeded.stdout.strip().splitlines()[-1].split(",")]
        yield Deployment(site, database, redis, claim_ids)
    finally:
        site.stop_all()
        database.close()
        redis.stop()


@pytest.fixture
def processes(deployment: Deployment) -> Iterator[Site]:
    try:
        yield deployment.site
    finally:
        deployment.site.stop_all()


PENDING_DELIVERY = """
from django.utils import timezone
from django_tenants.utils import schema_context
from webhooks.models import Delivery, Subscription
with schema_context("esa_{office}"):
    delivery = Delivery.objects.create(
        subscription=Subscription.objects.get(), event_id={event_id}, resource="payments.payment",
        action="created", event={{"id": {event_id}}}, next_attempt_at=timezone.now())
    print(delivery.pk)
"""
OUTAGE_EVENT = 990001


def test_a_delivery_queued_while_the_database_is_down_is_retried_not_consumed(
    deployment: Deployment, processes: Site, receiver: Receiver
) -> None:
    """Only a worker (no beat, so no sweep): the task itself must survive the outage."""
    from tenant_schemas_celery.app import CeleryApp

    site = processes
    created = site.python(PENDING_DELIVERY.format(office=OFFICE, event_id=OUTAGE_EVENT))
    assert created.returncode == 0, created.stderr[-2000:]
    delivery_id = int(created.stdout.strip().splitlines()[-1])
    site.start_worker(loopback_webhooks=True)
    time.sleep(3)  # the worker is up and connected
    deployment.cluster.stop()
    sender = CeleryApp("krucare-fault-sender", broker=deployment.redis.url(1))
    try:
        sender.send_task(
            "webhooks.tasks.webhook_deliver_task",
            args=[delivery_id],
            headers={"_schema_name": f"esa_{OFFICE}"},
        )
        deadline = time.monotonic() + 60
        while "database is unreachable" not in site.log("worker").read_text():
            assert time.monotonic() < deadline, site.log("worker").read_text()[-3000:]
            time.sleep(0.2)
    finally:
        sender.close()
        deployment.cluster.start()
    deadline = time.monotonic() + 60
    while OUTAGE_EVENT not in receiver.distinct_event_ids() and time.monotonic() < deadline:
        time.sleep(0.2)
    log = site.log("worker").read_text()
    assert OUTAGE_EVENT in receiver.distinct_event_ids(), log[-3000:]
    assert "has no office here" not in log


def _pay(finance: Browser, claim_id: int) -> int:
    """Open the claim and press "pay"; the status of the answer to the press (302: paid), or
    of the claim's page if it did not open (0: no answer)."""
    try:
        page = finance.get(f"/claims/{claim_id}/")
        if page.status != 200:
            return page.status if page.status >= 500 else -page.status
        answer = finance.post(
            f"/claims/{claim_id}/pay/", {}, referer_path=f"/claims/{claim_id}/", page=page
        )
        return answer.status
    except OSError:
        return 0


def test_postgres_restart_and_a_killed_worker_lose_nothing_and_pay_nothing_twice(
    deployment: Deployment, processes: Site, receiver: Receiver
) -> None:
    site, database = processes, deployment.cluster
    _hold_next(receiver)
    site.start_web()
    site.start_worker(loopback_webhooks=True)
    site.start_beat()
    finance = Browser(site, HOST, timeout=15)
    finance.login("finance_officer")
    reader = Browser(site, HOST, timeout=15)
    reader.login("welfare_officer")
    answers: list[tuple[float, str, int]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            for path in ("/", "/people/", "/claims/"):
                try:
                    status = reader.get(path).status
                except OSError:
                    status = 0
                answers.append((time.monotonic(), path, status))
            time.sleep(0.05)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    outage: list[float] = []
    try:
        paid = 0
        for index, claim_id in enumerate(deployment.claim_ids):
            if index == 3:  # the first delivery is held by the receiver: kill its worker
                assert receiver.first_arrived.wait(60), "no webhook delivery arrived"
                site.kill("worker")
                receiver.release.set()
                site.start_worker("worker2", loopback_webhooks=True)
            if index == 6:
                outage.append(time.monotonic())
                database.stop()
                time.sleep(2)
                # A payment pressed while the database is down fails without a 500 ...
                status = _pay(finance, claim_id)
                answers.append((time.monotonic(), "pay", status))
                assert status in (0, 503), status
                database.start()
                outage.append(time.monotonic())
            for _attempt in range(20):  # ... and the person presses again until it is paid
                status = _pay(finance, claim_id)
                answers.append((time.monotonic(), "pay", status))
                if status == 302:
                    break
                time.sleep(0.5)
            assert status == 302, f"claim {claim_id} not paid: {status}"
            if index % 4 == 0:  # a double click
                assert _pay(finance, claim_id) == 302
            paid += 1
        while len(outage) == 2 and time.monotonic() < outage[1] + 8:  # reads after the window
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=30)

    assert paid == CLAIMS
    start, end = outage
    late = [(round(at - end, 1), path, status) for at, path, status in answers if at > end + 5]
    assert late and [a for a in late if a[2] >= 500 or a[2] <= 0] == []
    errors = [(round(at - start, 1), path, status) for at, path, status in answers if status >= 500]
    print(f"\nPostgreSQL restart: errors {errors}")  # noqa: T201
    early = [(path, status) for at, path, status in answers if at < start]
    assert early and [a for a in early if a[1] >= 500 or a[1] <= 0] == []

    payments = json.loads(site.python(PAYMENTS.format(office=OFFICE)).stdout.strip())
    assert sorted(claim for claim, _ in payments) == sorted(deployment.claim_ids)  # once each
    assert sorted(sequence for _, sequence in payments) == list(range(1, CLAIMS + 1))

    deadline = time.monotonic() + 120  # the dead worker's lease (30 s), then the sweep
    while (
        len(receiver.distinct_event_ids() - {OUTAGE_EVENT}) < CLAIMS and time.monotonic() < deadline
    ):
        time.sleep(0.5)
    assert len(receiver.distinct_event_ids() - {OUTAGE_EVENT}) == CLAIMS, sorted(
        receiver.distinct_event_ids()
    )
    worker_logs = "".join(
        site.log(name).read_text() for name in ("worker", "worker2") if site.log(name).exists()
    )
    assert "has no office here" not in worker_logs
    assert not re.search(r"\bTraceback\b.*OfficeNotAvailable", worker_logs)
