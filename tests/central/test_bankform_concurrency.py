"""Operators saving form versions, or adding the same bank, at the same instant: real threads
and connections on PostgreSQL, outside the test transaction (everything made is removed)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connections
from django_tenants.utils import schema_context

from accounts.models import User
from audit.models import AuditEvent
from central.bank_services import BankFormError, bank_create, form_template_add
from central.banks import Bank, BankFormTemplate

BODY = [{"type": "paragraph", "text": "ขอรับรองว่า {person.name}"}]
CODES = ("concbank", "racebank")


def _clean() -> None:
    with schema_context("public"):
        templates = BankFormTemplate.objects.filter(bank__code__in=CODES)
        ids = [str(pk) for pk in templates.values_list("pk", flat=True)]
        AuditEvent.objects.filter(
            target_type="central.bankformtemplate", target_id__in=ids
        ).delete()
        banks = [str(pk) for pk in Bank.objects.filter(code__in=CODES).values_list("pk", flat=True)]
        AuditEvent.objects.filter(target_type="central.bank", target_id__in=banks).delete()
        templates.delete()
        Bank.objects.filter(code__in=CODES).delete()


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _clean()
        try:
            yield
        finally:
            _clean()


def run_at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` on `count` threads released together; their results (or exceptions)."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            with schema_context("public"):
                barrier.wait()
                results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 (the assertions report it)
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_versions_saved_at_once_are_numbered_in_turn_and_chained(committed: None) -> None:
    with schema_context("public"):
        operator = User.objects.get(username="operator")
        bank = bank_create(code="concbank", name_th="ธนาคารทดสอบ", short_th="ทดสอบ", actor=operator)
    start = date(2030, 1, 1)

    def save(index: int) -> int:
        template = form_template_add(
            bank=bank,
            programme=None,
            effective_from=start + timedelta(days=index),
            title_th=f"ฉบับ {index}",
            body=BODY,
            actor=operator,
        )
        return template.version

    results = run_at_once(8, save)
    refused = [r for r in results if isinstance(r, BankFormError)]
    assert not [r for r in results if isinstance(r, Exception) and r not in refused], results
    assert all(r.code == "bankform.effective_too_early" for r in refused)
    saved = sorted(r for r in results if isinstance(r, int))
    assert saved == list(range(1, len(saved) + 1))  # consecutive, none twice
    with schema_context("public"):
        versions = list(BankFormTemplate.objects.filter(bank=bank).order_by("version"))
    assert [v.version for v in versions] == saved
    for earlier, later in zip(versions, versions[1:], strict=False):
        assert earlier.effective_from < later.effective_from
        assert earlier.effective_to == later.effective_from - timedelta(days=1)
    assert versions[-1].effective_to is None


def test_the_same_bank_added_at_once_is_added_once(committed: None) -> None:
    with schema_context("public"):
        operator = User.objects.get(username="operator")

    def add(index: int) -> Bank:
        return bank_create(code="racebank", name_th="ธนาคาร", short_th="ธ", actor=operator)

    results = run_at_once(6, add)
    added = [r for r in results if isinstance(r, Bank)]
    refused = [r for r in results if isinstance(r, BankFormError)]
    assert len(added) == 1 and len(refused) == 5, results
    assert all(r.code == "bank.duplicate_code" for r in refused)
