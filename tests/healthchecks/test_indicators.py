"""The health check's figures of a fiscal year (days, check points, participation) and the
report's section 5, read from the summaries the indicators share: the same values as counted
one by one, and no further query for the section while the indicators are collected."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.healthchecks import indicators, services
from apps.healthchecks.models import Campaign, SignUpStatus
from apps.healthchecks.report import SECTION
from apps.people.models import Person, PersonStatus
from core import indicators as registry
from core.indicators import compute_all, indicator
from core.thai import fiscal_year
from tests.healthchecks.factories import BEFORE, FIRST_DAY, book, make_point, on_day, staff, teacher

pytestmark = pytest.mark.usefixtures("in_alpha")

FY = fiscal_year(2557)
SEPT_27, SEPT_28, SEPT_30 = (FIRST_DAY + timedelta(days=n) for n in (1, 2, 4))


def _campaign(provider: str) -> Campaign:
    return services.campaign_create(
        fiscal_year_be=2557,
        title=f"ตรวจสุขภาพประจำปี 2557 ({provider})",
        partner="สำนักงาน สกสค. จังหวัดพัทลุง",
        provider=provider,
        officer=staff(),
    )


def _two_campaigns_and_a_draft() -> None:
    """The unit's campaign on 27 September (two venues) and the hospital's on 27–28
    September, whose 28 September point was entered first; a draft on 30 September."""
    unit, hospital, draft = _campaign("หน่วยแพทย์"), _campaign("โรงพยาบาล"), _campaign("ร่าง")
    make_point(hospital, day=SEPT_28)
    make_point(unit, day=SEPT_27)
    make_point(hospital, day=SEPT_27)
    make_point(unit, day=SEPT_27, venue="โรงเรียนทดสอบ")
    make_point(draft, day=SEPT_30)
    for campaign in (unit, hospital):
        services.campaign_announce(campaign=campaign, officer=staff())


def test_days_and_points_count_announced_campaigns_and_the_section_names_them_in_day_order():
    _two_campaigns_and_a_draft()
    assert indicators.days(FY) == 2
    assert indicators.points(FY) == 4
    results = SECTION.results(FY)
    # By each campaign's first check point (day, then the order entered), not its first entry.
    assert results.lines == (
        "- หน่วยแพทย์ มาบริการตรวจสุขภาพประจำปี แก่ข้าราชการครูฯ ในเขตพื้นที่ในวันที่ 27 กันยายน 2557",
        "- โรงพยาบาล มาบริการตรวจสุขภาพประจำปี แก่ข้าราชการครูฯ ในเขตพื้นที่ระหว่างวันที่ 27 – 28 กันยายน 2557",
    )
    assert [(f.code, f.value) for f in results.figures] == [("healthcheck.campaign.days", 2)]
    assert [(e.code, e.rows) for e in results.evidence] == [("healthchecks.schedule", 4)]
    assert indicators.days(fiscal_year(2558)) == indicators.points(fiscal_year(2558)) == 0
    assert SECTION.results(fiscal_year(2558)).evidence[0].rows == 0


def test_participation_counts_people_once_without_cancellations():
    _two_campaigns_and_a_draft()
    unit, hospital = (
        Campaign.objects.get(provider=provider).checkpoints.order_by("id").first()
        for provider in ("หน่วยแพทย์", "โรงพยาบาล")
    )
    assert unit is not None and hospital is not None
    came, waited, moved = teacher(), teacher(), teacher()
    services.checkin(signup=book(unit, came), officer=staff(), at=on_day(unit))
    book(unit, waited)
    cancelled = book(unit, moved)
    services.signup_cancel(signup=cancelled, actor=staff(), at=BEFORE)
    book(hospital, moved)  # signed up again, in the other campaign: one person
    only_cancelled = teacher()
    services.signup_cancel(signup=book(hospital, only_cancelled), actor=staff(), at=BEFORE)
    services.walk_in(
        checkpoint=unit, person=teacher(category="pensioner"), officer=staff(), at=on_day(unit)
    )
    assert cancelled.person.health_signups.filter(status=SignUpStatus.CANCELLED).count() == 1
    assert indicators.signups(FY) == 4  # came, waited, moved, the pensioner
    assert indicators.attendance(FY) == 2  # came, the pensioner
    personnel = Person.objects.filter(
        category__in=indicators.PERSONNEL, status=PersonStatus.ACTIVE
    ).count()
    assert indicators.share_checked(FY) == (Decimal(100) / personnel).quantize(Decimal("0.1"))
    assert indicators.signups(fiscal_year(2558)) == 0


def test_inside_compute_all_the_section_costs_no_query(monkeypatch: pytest.MonkeyPatch):
    """The collection builds the report (evidence completeness) after the indicators: the
    section reads their shared summaries."""
    _two_campaigns_and_a_draft()
    book(Campaign.objects.get(provider="หน่วยแพทย์").checkpoints.first())  # type: ignore[arg-type]
    queries: list[int] = []

    def section_queries(year: object) -> int:
        with CaptureQueriesContext(connection) as captured:
            SECTION.results(FY)
        queries.append(len(captured))
        return 0

    monkeypatch.setattr(registry, "_registry", dict(registry._registry))  # noqa: SLF001
    indicator("zz.healthchecks.section", label_th="x", label_en="x", unit="queries")(
        section_queries
    )
    values = compute_all(FY)
    assert values["healthcheck.campaign.days"] == 2 and values["healthcheck.signups"] == 1
    assert queries == [0]
    with CaptureQueriesContext(connection) as outside:
        assert SECTION.results(FY).evidence[0].rows == 4
    assert len(outside) == 1  # the report page: a plain call
