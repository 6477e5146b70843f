"""`synthesize_offices`: synthetic offices whose bulk-written rows keep every constraint and
every counter, give every indicator a value, and are not written twice.

Everything runs inside the test's transaction (PostgreSQL DDL is transactional): the offices,
their schemas and rows vanish with its rollback.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import OfficeRole
from accounts.services import user_create
from apps.idcards.models import CardApplication, CardNumberCounter
from apps.idcards.services import card_number_format
from apps.onestop.models import ServiceRequest, TicketCounter
from apps.onestop.services import service_request_open
from apps.people.models import Person
from apps.reimbursements.models import Claim, Payment, PaymentCounter, Receipt
from apps.revolvingfund.models import Application, FundNumberCounter, Loan, Round
from apps.welfareshop.models import Booking, Member, MemberNumberCounter, ServiceTally
from central.fund import FundAllocation
from core.indicators import all_indicators, compute_all
from core.sequences import next_number
from core.thai import local_date
from devdata.synthetic import office_specs, synthesize_offices, synthetic_fiscal_years
from tenants.models import Office

pytestmark = pytest.mark.django_db

PREFIX = "tsyn"
OPTIONS = {"count": 2, "years": 2, "prefix": PREFIX, "seed": 7, "people_scale": 0.25}


def _synthesize() -> str:
    out = StringIO()
    call_command("synthesize_offices", stdout=out, **OPTIONS)
    return out.getvalue()


@pytest.fixture
def synthetic() -> list[Office]:
    output = _synthesize()
    assert "2 offices created, 0 there already" in output
    offices = list(Office.objects.filter(code__startswith=PREFIX).order_by("code"))
    assert [o.code for o in offices] == [f"{PREFIX}001", f"{PREFIX}002"]
    return offices


def test_office_specs_are_real_provinces_with_unique_areas() -> None:
    specs = []
    for spec in office_specs("x"):
        specs.append(spec)
        if len(specs) == 245:
            break
    assert len({(s.kind, s.province, s.area_number) for s in specs}) == 245
    assert sum(s.kind == "primary" for s in specs) == 183
    assert len({s.region for s in specs[:10]}) >= 4  # the first few already mix regions
    assert len({s.province for s in specs}) == 77
    assert specs[0].code == "x001" and specs[-1].code == "x245"


def test_synthetic_offices_are_cloned_offices_with_a_register_and_years_of_work(
    synthetic: list[Office],
) -> None:
    for office in synthetic:
        assert office.ready_at is not None and office.is_active
        assert office.name_th.startswith("สำนักงานเขตพื้นที่การศึกษา")
        with schema_context(office.schema_name):
            people = Person.objects.count()
            assert 150 <= people <= 1100  # 800-4,000 at scale 1
            years = {
                ticket_date.year
                for ticket_date in ServiceRequest.objects.values_list("ticket_date", flat=True)
            }
            assert len(years) >= 2
            assert not ServiceRequest.objects.exclude(status="completed").exists()
            assert not ServiceRequest.objects.filter(service_seconds__isnull=True).exists()


def test_rows_agree_with_each_other(synthetic: list[Office]) -> None:
    """What the database's constraints cannot see: amounts, numbers and links agree."""
    for office in synthetic:
        with schema_context(office.schema_name):
            # Every paid claim has its payment, of its payable amount, and its receipts sum up.
            assert not Claim.objects.exclude(status="paid").exists()
            assert Payment.objects.count() == Claim.objects.count()
            assert not Payment.objects.exclude(amount=F("claim__payable_amount")).exists()
            claims = Claim.objects.annotate(
                receipts_total=Sum("receipts__amount"),
                receipts_payable=Sum("receipts__payable_amount"),
            )
            for claim in claims:
                assert claim.receipts_total == claim.claimed_amount
                assert claim.receipts_payable == claim.payable_amount
            assert not Claim.objects.filter(claimant_category="").exists()
            assert not Claim.objects.exclude(claimant_category=F("claimant__category")).exists()
            assert Receipt.objects.count() == Claim.objects.count()
            for payment in Payment.objects.all()[:50]:
                assert payment.number == f"{payment.sequence:04d}/{payment.year}"
            # Each claim's and card's ticket is of its service, completed, and says the number.
            medical = Claim.objects.filter(kind="medical").select_related(
                "service_request__service_type"
            )
            for claim in medical[:50]:
                assert claim.service_request.service_type.code == "medical_claim"
                assert claim.payment.number in claim.service_request.outcome
            cards = CardApplication.objects.select_related("service_request__service_type")
            for card in cards[:50]:
                assert card.status == "handed_over" and card.card_number
                assert card.service_request.service_type.code == "id_card"
                assert card.card_number in card.service_request.outcome
                assert card.issue_date == local_date(card.printed_at)
            assert not CardApplication.objects.exclude(
                applicant_category=F("person__category")
            ).exists()


def test_fund_and_shop_rows_agree(synthetic: list[Office]) -> None:
    """The fund's rounds, files, loans and ledgers and the shop's members agree with each
    other and with the centre's allocations; counters hold the last numbers used."""
    for office in synthetic:
        allocations = {
            (a.fiscal_year, a.round_number): a for a in FundAllocation.objects.filter(office=office)
        }
        with schema_context(office.schema_name):
            rounds = list(Round.objects.all())
            assert rounds and len(allocations) == len(rounds)
            for round_ in rounds:
                allocation = allocations[(round_.fiscal_year, round_.number)]
                assert round_.allocation_id == allocation.pk
                assert round_.allocation_amount == allocation.amount
                approved = round_.applications.filter(status="approved")
                total = approved.aggregate(t=Sum("approved_amount"))["t"]
                assert 0 < total <= round_.allocation_amount
                cap = Decimal(round_.cap_per_borrower)
                assert not approved.filter(approved_amount__gt=cap).exists()
                assert round_.applications.filter(status="waitlisted").exists()
                assert round_.applications.filter(status="refused").exists()
            assert Loan.objects.count() == Application.objects.filter(status="approved").count()
            for loan in Loan.objects.all():
                last = loan.entries.order_by("-month").first()
                assert last is not None and loan.application.approved_amount == loan.principal
                assert (loan.balance, loan.months_overdue) == (
                    last.closing_balance,
                    last.months_overdue,
                )
                assert loan.principal_repaid == loan.entries.aggregate(p=Sum("principal_paid"))["p"]
            assert Loan.objects.filter(months_overdue__gte=1).exists()
            for counter in FundNumberCounter.objects.all():
                model = {"call": Round, "application": Application, "loan": Loan}[counter.kind]
                if counter.kind == "call":
                    made = Round.objects.filter(fiscal_year=counter.be_year).count()
                else:
                    made = model.objects.filter(number__endswith=f"/{counter.be_year}").count()
                assert made == counter.last_number, counter
            for counter in MemberNumberCounter.objects.all():
                numbered = Member.objects.filter(number__endswith=f"/{counter.be_year}")
                assert numbered.count() == counter.last_number
            assert not Member.objects.filter(status="left", left_on__isnull=True).exists()
            assert Booking.objects.filter(status="confirmed").count() > 0
            assert ServiceTally.objects.count() > 0


def test_counters_hold_the_last_numbers_used(synthetic: list[Office]) -> None:
    for office in synthetic:
        with schema_context(office.schema_name):
            per_day = ServiceRequest.objects.values("ticket_date", "ticket_prefix").annotate(
                last=Max("ticket_number"), n=Count("id")
            )
            counters = {(c.day, c.prefix): c.last_number for c in TicketCounter.objects.all()}
            assert len(counters) == len(per_day)
            for row in per_day:
                assert row["last"] == row["n"]  # 1..n, no gaps
                assert counters[(row["ticket_date"], row["ticket_prefix"])] == row["last"]
            for counter in CardNumberCounter.objects.all():
                numbers = CardApplication.objects.filter(
                    card_number__contains=f"-{counter.be_year}-"
                ).count()
                assert numbers == counter.last_number
            for counter in PaymentCounter.objects.all():
                payments = Payment.objects.filter(kind=counter.kind, year=counter.year)
                assert payments.aggregate(last=Max("sequence"))["last"] == counter.last_number
                assert payments.count() == counter.last_number


def test_the_real_services_number_on_after_the_synthetic_rows(synthetic: list[Office]) -> None:
    office = synthetic[0]
    with schema_context(office.schema_name):
        # A ticket on the busiest synthetic day takes the number after the last one.
        busiest = TicketCounter.objects.filter(prefix="A").order_by("-last_number", "day").first()
        assert busiest is not None
        user = user_create(
            username="desk", password="x-long-password-1", roles=[OfficeRole.WELFARE_OFFICER]
        )
        at = timezone.make_aware(
            timezone.datetime.combine(busiest.day, timezone.datetime.min.time())
        ) + timedelta(hours=16, minutes=30)
        ticket = service_request_open(service_type_code="id_card", received_by=user, at=at)
        assert ticket.ticket_number == busiest.last_number + 1
        # The card and payment registers carry on where the synthetic rows stopped.
        card_counter = CardNumberCounter.objects.order_by("-be_year").first()
        assert card_counter is not None
        number = next_number(CardNumberCounter, be_year=card_counter.be_year)
        assert number == card_counter.last_number + 1
        assert not CardApplication.objects.filter(
            card_number=card_number_format(be_year=card_counter.be_year, number=number)
        ).exists()
        payment_counter = PaymentCounter.objects.order_by("-year").first()
        assert payment_counter is not None
        sequence = next_number(PaymentCounter, kind=payment_counter.kind, year=payment_counter.year)
        assert not Payment.objects.filter(
            kind=payment_counter.kind, year=payment_counter.year, sequence=sequence
        ).exists()
        # New rows get new ids (the identity sequences were moved past the synthetic ones).
        assert ticket.pk > ServiceRequest.objects.exclude(pk=ticket.pk).aggregate(m=Max("pk"))["m"]
        assert User.objects.filter(username="desk").exists()


def test_every_indicator_has_a_value_in_a_synthetic_office(synthetic: list[Office]) -> None:
    previous, _current = synthetic_fiscal_years(2)
    for office in synthetic:
        with schema_context(office.schema_name):
            values = compute_all(previous)
        assert set(values) == {i.code for i in all_indicators()}
        # Synthetic offices lend through the three seeded banks only: no other bank's
        # certificates (the indicator is 0, not missing).
        assert values.pop("certificates.issued.other") == 0
        for code, value in values.items():
            assert value is not None and value > 0, (office.code, code, value)
        assert values["onestop.share_within_standard"] < Decimal("100")  # some over 15 min


def test_offices_differ_so_the_rankings_mean_something(synthetic: list[Office]) -> None:
    previous, _current = synthetic_fiscal_years(2)
    values = []
    for office in synthetic:
        with schema_context(office.schema_name):
            values.append(compute_all(previous))
    assert values[0]["people.personnel"] != values[1]["people.personnel"]
    assert (
        values[0]["onestop.median_service_minutes"] != values[1]["onestop.median_service_minutes"]
    )


def test_running_again_adds_nothing(synthetic: list[Office]) -> None:
    def counts() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'esa_tsyn%%'")
            schemas = cursor.fetchone()[0]
        result = {"schemas": schemas, "offices": Office.objects.count()}
        for office in synthetic:
            with schema_context(office.schema_name):
                result[f"{office.code}.tickets"] = ServiceRequest.objects.count()
                result[f"{office.code}.people"] = Person.objects.count()
        return result

    before = counts()
    output = _synthesize()
    assert "0 offices created, 2 there already" in output
    assert counts() == before

    report = synthesize_offices(**{**OPTIONS, "count": 3})  # one more: only it is made
    assert report.created == [f"{PREFIX}003"] and report.skipped == [f"{PREFIX}001", f"{PREFIX}002"]
