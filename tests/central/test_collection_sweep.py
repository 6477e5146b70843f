"""The hourly collection sweep: it sends a collection again for every active office whose last
success is older than a day and a bit and that nothing is retrying, and for none other."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from central.benchmarks import Collection
from central.collection import offices_stale
from tenants.models import Office

pytestmark = pytest.mark.django_db

_areas = itertools.count(300)


def _office(code: str, **extra: object) -> Office:
    return Office.objects.create(
        code=code,
        schema_name=f"esa_{code}",
        name_th=f"สำนักงานทดสอบ {code}",
        kind="primary",
        region="south",
        province="ทดสอบกวาด",
        area_number=next(_areas),
        **extra,
    )


def test_the_sweep_picks_the_offices_whose_collection_went_missing() -> None:
    now = timezone.now()
    hours = lambda n: now - timedelta(hours=n)  # noqa: E731
    Collection.objects.all().delete()
    rows = {
        "sweepfresh": (hours(2), hours(2)),  # collected last night
        "sweeplost": (hours(30), hours(30)),  # last night's message was lost
        "sweepretrying": (hours(30), hours(0.2)),  # failing now, its task retries
        "sweepfailedlong": (None, hours(3)),  # never succeeded, last tried hours ago
    }
    offices = {code: _office(code) for code in [*rows, "sweepnever"]}
    suspended = _office("sweepsuspended", is_active=False)
    for code, (success, attempt) in rows.items():
        Collection.objects.create(
            office=offices[code], last_success_at=success, last_attempt_at=attempt
        )
    Collection.objects.create(office=suspended, last_success_at=hours(100))

    stale = set(offices_stale(now)) & {o.pk for o in [*offices.values(), suspended]}
    assert stale == {
        offices["sweeplost"].pk,
        offices["sweepfailedlong"].pk,
        offices["sweepnever"].pk,
    }


def test_beat_runs_the_sweep_hourly() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["central-collection-sweep"]
    assert entry["task"] == "central.tasks.collection_sweep_task"
    assert entry["schedule"].minute == {45} and len(entry["schedule"].hour) == 24  # type: ignore[attr-defined]
