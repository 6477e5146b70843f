"""The shared service kit (`core.kit`): coded refusals, the role test, ordered row locks, status
checks and the clock, used by every app's services."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from accounts.models import User
from apps.onestop.models import ServiceRequest, ServiceType
from apps.onestop.services import service_request_open
from core import kit
from core.errors import ApplicationError, PermissionDeniedError
from tenants.models import Office
from tests.onestop.test_concurrency import SCHEMA, run_at_once


class ProbeError(kit.Refusal):
    prefix = "probe"


class ProbeStepError(ProbeError):
    code = "probe.step"


@pytest.fixture
def in_alpha(office_a: Office) -> Iterator[Office]:
    with schema_context(office_a.schema_name):
        yield office_a


# --- refusals -------------------------------------------------------------------------------


def test_a_refusal_carries_its_modules_code_messages_and_field() -> None:
    error = ProbeError.refuse("too_late", "สายเกินไป", "Too late.", "received_at")
    assert isinstance(error, ApplicationError)
    assert (error.code, error.field) == ("probe.too_late", "received_at")
    with translation.override("th"):
        assert error.message == "สายเกินไป"
    with translation.override("en"):
        assert error.message == "Too late."
        assert error.as_dict() == {
            "code": "probe.too_late",
            "message": "Too late.",
            "field": "received_at",
        }


def test_a_refusal_class_has_a_default_code_under_its_prefix_and_keeps_an_own_one() -> None:
    assert ProbeError.code == "probe.invalid"
    assert ProbeStepError.code == "probe.step"
    assert ProbeError("ไม่ได้", "No.").code == "probe.invalid"
    assert ProbeStepError.refuse("other", "ไม่ได้", "No.").code == "probe.other"


# --- roles ----------------------------------------------------------------------------------


def test_may_needs_a_signed_in_active_user_holding_one_of_the_roles(in_alpha: Office) -> None:
    officer = User.objects.get(username="welfare_officer")
    viewer = User.objects.get(username="viewer")
    assert kit.may(officer, "welfare_officer", "office_admin")
    assert not kit.may(viewer, "welfare_officer", "office_admin")
    assert not kit.may(None, "welfare_officer")
    assert not kit.may(AnonymousUser(), "welfare_officer")
    officer.is_active = False
    assert not kit.may(officer, "welfare_officer")


def test_require_role_refuses_with_the_stated_code_and_what_was_refused(in_alpha: Office) -> None:
    viewer = User.objects.get(username="viewer")
    with pytest.raises(PermissionDeniedError) as caught:
        kit.require_role(
            viewer, "approver", code="probe.not_allowed", doing=("อนุมัติ", "approve probes")
        )
    assert caught.value.code == "probe.not_allowed"
    assert caught.value.message_th == "viewer ไม่มีสิทธิอนุมัติ"
    assert caught.value.message_en == "viewer may not approve probes."
    kit.require_role(
        User.objects.get(username="approver"),
        "approver",
        code="probe.not_allowed",
        doing=("อนุมัติ", "approve probes"),
    )


# --- statuses and time ----------------------------------------------------------------------


def test_expect_status_refuses_a_step_from_another_status_with_the_modules_code() -> None:
    done = ServiceRequest(status="completed")
    kit.expect_status(done, "completed", "cancelled", refusal=ProbeError)
    with pytest.raises(ProbeError) as caught:
        kit.expect_status(done, "waiting", refusal=ProbeError, noun="ticket")
    assert caught.value.code == "probe.invalid_transition"
    assert caught.value.message_en == "The ticket is completed; this step is not possible."
    assert "ทำขั้นตอนนี้ไม่ได้" in caught.value.message_th
    with pytest.raises(ProbeError) as caught:
        kit.expect_status(done, "waiting", refusal=ProbeError)
    assert caught.value.message_en.startswith("The servicerequest is completed")


def test_now_is_the_time_given_or_now_and_never_naive() -> None:
    given = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    assert kit.now(given) is given
    before = timezone.now()
    assert before <= kit.now() <= timezone.now()
    with pytest.raises(ValueError, match="timezone-aware"):
        kit.now(datetime(2025, 1, 2, 3, 4))  # noqa: DTZ001 (the naive time is the point)


# --- locks ----------------------------------------------------------------------------------


def test_lock_reads_the_row_as_it_is_now_and_locks_only_its_own_table(in_alpha: Office) -> None:
    service_type = ServiceType.objects.get(code="id_card")
    ServiceType.objects.filter(pk=service_type.pk).update(standard_minutes=14)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = kit.lock(ServiceType, service_type.pk)
    assert locked.standard_minutes == 14 != service_type.standard_minutes
    sql = queries.captured_queries[-1]["sql"]
    assert 'FOR UPDATE OF "onestop_servicetype"' in sql


def test_lock_keeps_the_joins_of_a_queryset_without_locking_them(in_alpha: Office) -> None:
    ticket = service_request_open(service_type_code="id_card")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = kit.lock(ServiceRequest.objects.select_related("service_type"), ticket.pk)
        assert locked.service_type.code == "id_card"
    assert len(queries) == 1
    assert 'FOR UPDATE OF "onestop_servicerequest"' in queries.captured_queries[0]["sql"]


def test_lock_all_locks_in_ascending_key_order_whatever_order_is_asked(in_alpha: Office) -> None:
    pks = sorted(ServiceType.objects.values_list("pk", flat=True))
    assert len(pks) >= 3
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        rows = kit.lock_all(ServiceType, [pks[2], pks[0], pks[1], pks[0]])
    assert [row.pk for row in rows] == pks[:3]
    sql = queries.captured_queries[0]["sql"]
    assert sql.index("FOR UPDATE OF") > sql.index("ORDER BY")
    assert sql.rstrip().endswith('FOR UPDATE OF "onestop_servicetype"')
    assert kit.lock_all(ServiceType, []) == []


def test_two_transactions_locking_the_same_rows_in_opposite_orders_do_not_deadlock(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    """Each side asks for the rows in the other's order and holds them a moment: were they
    locked in the order asked, PostgreSQL would find a deadlock and fail one side."""
    with django_db_blocker.unblock():
        with schema_context(SCHEMA):
            pks = sorted(ServiceType.objects.values_list("pk", flat=True))[:2]

        def work(index: int) -> list[int]:
            asked = pks if index == 0 else list(reversed(pks))
            with transaction.atomic():
                rows = kit.lock_all(ServiceType, asked)
                time.sleep(0.3)
            return [row.pk for row in rows]

        results = run_at_once(2, work)
    assert results == [pks, pks], results
