"""The demo, loaded as `make run` loads it (at a small scale), is compared on the central site,
and the central numbers of Phatthalung Area 2 are the office's own."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from central.benchmarks import IndicatorValue
from core.indicators import compute_all
from core.thai import FiscalYear
from devdata.demo import demo_load
from tests.conftest import central_client, office_client

pytestmark = pytest.mark.django_db


def test_the_demo_offices_are_compared_with_their_own_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KRUCARE_DEMO_SCALE", "0.05")
    offices = {office.code: office for office in demo_load()}
    phatthalung2 = offices["phatthalung2"]
    with schema_context(phatthalung2.schema_name):
        own = compute_all(FiscalYear(2557))
    central = dict(
        IndicatorValue.objects.filter(office=phatthalung2, fiscal_year=2557).values_list(
            "code", "value"
        )
    )
    assert central.keys() == own.keys()
    assert all(central[code] == own[code] for code in own), (central, own)
    assert own["reimbursements.medical.paid.teacher"]  # the demo paid claims in FY 2557

    body = central_client("analyst").get("/benchmarks/").content.decode()
    assert '<option value="2557" selected>' in body  # the newest year with data, not today's
    for office in offices.values():
        assert office.name_th in body
    assert len(offices) == 9  # three demo offices, six to compare them with

    # The comparison offices have real records behind their figures, of plausible sizes.
    for code in ("trang1", "phatthalungsec"):
        cards = IndicatorValue.objects.get(
            office=offices[code], fiscal_year=2557, code="idcards.issued.teacher"
        ).value
        assert cards is not None and cards > 0

    # Phatthalung Area 2's own card ranks the primary offices of the south by name.
    card = office_client(phatthalung2, "officer").get("/benchmarks/?fy=2557").content.decode()
    ranking = card[card.index('id="ranking"') :]
    for code in ("phatthalung1", "trang1", "trang2", "songkhla1", "songkhla2", "satun"):
        assert offices[code].name_th in ranking
    assert offices["songkhlasec"].name_th not in ranking  # secondary: another peer group
