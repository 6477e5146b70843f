"""The report's numbers on a small set checked by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from apps.onestop import services
from apps.onestop.models import ServiceRequest, ServiceType
from apps.onestop.selectors import desk_figures, desk_statistics
from core import indicators
from core.indicators import compute_all
from core.thai import FiscalYear
from tests.onestop.conftest import bangkok, user

pytestmark = pytest.mark.django_db

FY2557 = FiscalYear(2557)  # 1 Oct 2013 – 30 Sep 2014


def serve(code: str, received: datetime, minutes: float) -> ServiceRequest:
    officer = user("welfare_officer")
    opened = services.service_request_open(service_type_code=code, at=received)
    return services.service_request_complete(
        service_request=opened, officer=officer, at=received + timedelta(minutes=minutes)
    )


@pytest.fixture
def hand_checked(in_alpha: object) -> None:
    # ID cards in FY 2557: 5, 10, 15, 20 minutes → median 12.5, p90 18.5 (interpolated:
    # position 0.9 × 3 = 2.7 → 15 + 0.7 × 5), 3 of 4 within 15 minutes = 75.00 %.
    serve("id_card", bangkok(date(2013, 10, 1), 0, 5), 5)  # first minutes of the year
    serve("id_card", bangkok(date(2014, 1, 15), 9), 10)
    serve("id_card", bangkok(date(2014, 1, 16), 9), 15)  # exactly the standard: within
    serve("id_card", bangkok(date(2014, 9, 30), 23, 30), 20)  # last day, completed on 1 Oct
    # A medical claim in January: 30 minutes, outside.
    serve("medical_claim", bangkok(date(2014, 1, 20), 10), 30)
    # Outside FY 2557: the day before it starts and the day after it ends.
    serve("id_card", bangkok(date(2013, 9, 30), 23, 55), 1)
    serve("id_card", bangkok(date(2014, 10, 1), 0, 1), 1)
    # Opened but never completed, and cancelled: not counted.
    services.service_request_open(service_type_code="id_card", at=bangkok(date(2014, 2, 3), 9))
    cancelled = services.service_request_open(
        service_type_code="id_card", at=bangkok(date(2014, 2, 3), 10)
    )
    services.service_request_cancel(
        service_request=cancelled, actor=user("welfare_officer"), at=bangkok(date(2014, 2, 3), 11)
    )


def test_figures_per_service_type(hand_checked: None) -> None:
    stats = desk_statistics(fiscal_year=FY2557)
    by_code = {service_type.code: figures for service_type, figures in stats.by_service_type}
    id_cards = by_code["id_card"]
    assert id_cards.count == 4
    assert id_cards.median_minutes == Decimal("12.50")
    assert id_cards.p90_minutes == Decimal("18.50")
    assert id_cards.within_standard == 3
    assert id_cards.share_within_standard == Decimal("75.00")
    claims = by_code["medical_claim"]
    assert (claims.count, claims.within_standard, claims.median_minutes) == (1, 0, Decimal("30"))
    assert by_code["salary_certificate"].count == 0
    assert by_code["salary_certificate"].share_within_standard is None


def test_total_and_months_of_the_fiscal_year(hand_checked: None) -> None:
    stats = desk_statistics(fiscal_year=FY2557)
    # 5, 10, 15, 20, 30 → median 15, p90 = 20 + 0.6 × 10 = 26; 3 of 5 within = 60 %.
    assert stats.total.count == 5
    assert stats.total.median_minutes == Decimal("15.00")
    assert stats.total.p90_minutes == Decimal("26.00")
    assert stats.total.share_within_standard == Decimal("60.00")
    months = {month: figures.count for month, figures in stats.by_month}
    assert list(months)[0] == date(2013, 10, 1) and list(months)[-1] == date(2014, 9, 1)
    assert months[date(2013, 10, 1)] == 1
    assert months[date(2014, 1, 1)] == 3
    assert months[date(2014, 9, 1)] == 1
    assert sum(months.values()) == 5


def test_fiscal_year_boundaries_follow_the_ticket_date(hand_checked: None) -> None:
    assert desk_figures(fiscal_year=FiscalYear(2556)).count == 1  # 30 Sep 2013
    assert desk_figures(fiscal_year=FiscalYear(2558)).count == 1  # 1 Oct 2014


def test_a_later_change_of_standard_leaves_the_figures_alone(hand_checked: None) -> None:
    service_type = ServiceType.objects.get(code="id_card")
    services.service_type_update(
        service_type=service_type,
        actor=user("office_admin"),
        name_th=service_type.name_th,
        name_en=service_type.name_en,
        standard_minutes=5,
        is_active=True,
        display_order=service_type.display_order,
    )
    assert desk_figures(fiscal_year=FY2557).share_within_standard == Decimal("60.00")


def test_indicators(hand_checked: None) -> None:
    values = compute_all(FY2557)
    assert values["onestop.requests"] == 5
    assert values["onestop.share_within_standard"] == Decimal("60.00")
    assert values["onestop.median_service_minutes"] == Decimal("15.00")
    assert values["onestop.p90_service_minutes"] == Decimal("26.00")


def test_indicators_of_a_year_without_requests_are_empty(in_alpha: object) -> None:
    values = compute_all(FiscalYear(2550))
    assert values["onestop.requests"] == 0
    assert values["onestop.share_within_standard"] is None
    assert values["onestop.median_service_minutes"] is None


def test_statistics_take_a_fixed_number_of_queries(
    hand_checked: None, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(4):  # type: ignore[operator]
        desk_statistics(fiscal_year=FY2557)


def test_the_four_indicators_read_one_query_while_collected(
    hand_checked: None, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: object
) -> None:
    only_desk = {
        code: item
        for code, item in indicators._registry.items()  # noqa: SLF001
        if code.startswith("onestop.")
    }
    monkeypatch.setattr(indicators, "_registry", only_desk)
    with django_assert_num_queries(1):  # type: ignore[operator]
        values = compute_all(FY2557)
    assert values == {
        "onestop.requests": 5,
        "onestop.share_within_standard": Decimal("60.00"),
        "onestop.median_service_minutes": Decimal("15.00"),
        "onestop.p90_service_minutes": Decimal("26.00"),
    }
