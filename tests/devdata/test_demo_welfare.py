"""The welfare demo (the builders of `apps.people.demo` and `apps.idcards.demo`, run as
`devdata.demo` runs them), loaded small into a throw-away office: the register, the cards
through the desk, the indicators, and that a second load changes nothing."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.services import user_create
from apps.idcards.demo import CARD_VOLUMES
from apps.idcards.models import ApplicationStatus, CardApplication, CardNumberCounter, CardSettings
from apps.onestop.models import RequestStatus, ServiceRequest
from apps.people.demo import REGISTERS, _age
from apps.people.indicators import PENSIONER_CATEGORIES
from apps.people.models import (
    FamilyMember,
    Person,
    PersonCategory,
    PersonStatus,
    Relation,
    School,
)
from audit.models import AuditEvent
from core.demo import BANGKOK, DEMO_ACTOR_LABEL, HOLIDAYS, DemoContext
from core.thai import fiscal_year, fiscal_year_of
from core.thai.national_id import is_valid_national_id
from devdata.demo import DEMO_FISCAL_YEAR, SCALE_ENV, demo_builders, demo_scale, office_demo_build
from tenants.models import Office
from tenants.services import office_create

pytestmark = pytest.mark.django_db

SCALE = 0.1
REGISTER = REGISTERS["phatthalung2"]
CARDS = CARD_VOLUMES["phatthalung2"]
SMALL_REGISTER = REGISTER.scaled(SCALE)
SMALL = CARDS.scaled(SCALE)
WELFARE_BUILDERS = ("apps.people.demo.build", "apps.idcards.demo.build")


def _office(code: str, area_number: int = 9) -> Office:
    office = office_create(
        code=code,
        name_th=f"สำนักงานเขตพื้นที่การศึกษาทดสอบเดโม {code}",
        kind="primary",
        province="พัทลุง",
        region="south",
        area_number=area_number,
    )
    with schema_context(office.schema_name):
        user_create(username="desk", password=None, roles=["welfare_officer"])
        user_create(username="boss", password=None, roles=["approver"])
    return office


def _load(office: Office) -> dict[str, dict[str, int] | None]:
    """Phatthalung Area 2's register and cards, at SCALE, served by `desk` and `boss`."""
    context = DemoContext(
        office_code="phatthalung2",
        fiscal_year=DEMO_FISCAL_YEAR,
        scale=SCALE,
        officer="desk",
        approver="boss",
    )
    with schema_context(office.schema_name):
        return office_demo_build(context, builders=WELFARE_BUILDERS)


RETIREMENT = "apps.people.demo.retire_by_today"


def _nothing_loaded(results: dict[str, dict[str, int] | None]) -> bool:
    return list(results) == [*WELFARE_BUILDERS, RETIREMENT] and all(
        r is None for r in results.values()
    )


def _indicators(office: Office) -> dict[str, str]:
    out = StringIO()
    call_command("indicators", office.code, "--fiscal-year", "2557", stdout=out)
    return dict(line.split("\t") for line in out.getvalue().splitlines())


def _snapshot() -> dict[str, object]:
    return {
        "people": list(
            Person.objects.order_by("pk").values_list("pk", "national_id", "updated_at")
        ),
        "family": FamilyMember.objects.count(),
        "schools": School.objects.count(),
        "requests": list(ServiceRequest.objects.order_by("pk").values_list("pk", "status")),
        "cards": list(CardApplication.objects.order_by("pk").values_list("pk", "card_number")),
        "audit": AuditEvent.objects.count(),
        "settings": list(CardSettings.objects.values()),
    }


@pytest.fixture
def demo_office() -> Office:
    office = _office("demotest")
    results = _load(office)
    assert all(results[path] is not None for path in WELFARE_BUILDERS), results
    return office


def test_the_real_demo_reproduces_the_report_figures() -> None:
    assert (CARDS.teacher_cards, CARDS.pensioner_cards, CARDS.other_cards) == (261, 32, 0)
    assert DEMO_FISCAL_YEAR == 2557 and 2000 <= REGISTER.people <= 3000 and REGISTER.schools == 60
    assert CARDS.scaled(1) is CARDS and REGISTER.scaled(1) is REGISTER
    assert "พัทลุง เขต 2" in CARDS.issuer_position
    others = ["phatthalung1", "songkhlasec"]
    for code in others:
        assert REGISTERS[code].people < REGISTER.people
        assert CARD_VOLUMES[code].teacher_cards != CARDS.teacher_cards
    assert len({CARD_VOLUMES[code].agency_code for code in ["phatthalung2", *others]}) == 3
    # The register first: the cards are its people's.
    assert demo_builders()[:2] == WELFARE_BUILDERS


def test_register_counts_and_families(demo_office: Office) -> None:
    with schema_context(demo_office.schema_name):
        assert Person.objects.count() == SMALL_REGISTER.people
        assert School.objects.count() == SMALL_REGISTER.schools
        assert (
            School.objects.filter(name_th__startswith="โรงเรียน").count() == SMALL_REGISTER.schools
        )
        categories = set(Person.objects.values_list("category", flat=True))
        assert {PersonCategory.TEACHER, PersonCategory.PENSIONER} <= categories
        assert (
            Person.objects.filter(category=PersonCategory.TEACHER).count()
            > SMALL_REGISTER.people / 2
        )
        relations = set(FamilyMember.objects.values_list("relation", flat=True))
        assert relations == {Relation.SPOUSE, Relation.FATHER, Relation.MOTHER, Relation.CHILD}
        orders: dict[int, list[int]] = defaultdict(list)
        for person_id, order in FamilyMember.objects.filter(relation=Relation.CHILD).values_list(
            "person_id", "birth_order"
        ):
            orders[person_id].append(order)
        assert all(sorted(o) == list(range(1, len(o) + 1)) for o in orders.values())
        settings = CardSettings.objects.get()
        assert (settings.agency_code, settings.issuer_position) == (
            CARDS.agency_code,
            CARDS.issuer_position,
        )


def test_the_register_and_the_cards_are_in_the_change_feed(demo_office: Office) -> None:
    from outbox.models import OutboxEvent

    with schema_context(demo_office.schema_name):
        people = OutboxEvent.objects.filter(resource="people.person", action="created")
        assert people.count() == Person.objects.count()
        assert set(people.values_list("resource_id", flat=True)) == {
            str(pk) for pk in Person.objects.values_list("pk", flat=True)
        }
        event = people.first()
        assert event is not None and event.payload["national_id"]
        assert OutboxEvent.objects.filter(resource="idcards.card", action="created").exists()


def test_titles_match_ages_today(demo_office: Office) -> None:
    today = timezone.localdate()
    with schema_context(demo_office.schema_name):
        for member in FamilyMember.objects.filter(relation=Relation.CHILD):
            age = (
                today.year
                - member.birth_date.year
                - ((today.month, today.day) < (member.birth_date.month, member.birth_date.day))
            )
            assert (member.title in ("เด็กหญิง", "เด็กชาย")) == (age < 15), (member.title, age)


def test_every_national_id_is_valid(demo_office: Office) -> None:
    with schema_context(demo_office.schema_name):
        ids = list(Person.objects.values_list("national_id", flat=True))
        ids += list(
            FamilyMember.objects.exclude(national_id="").values_list("national_id", flat=True)
        )
        assert len(ids) > SMALL_REGISTER.people
        assert all(is_valid_national_id(number) for number in ids)
        assert len(set(ids)) == len(ids)  # never shared, even between a person and a relative


def test_indicators_print_the_configured_figures(demo_office: Office) -> None:
    values = _indicators(demo_office)
    assert values["idcards.issued.teacher"] == str(SMALL.teacher_cards) == "26"
    assert values["idcards.issued.pensioner"] == str(SMALL.pensioner_cards) == "3"
    assert values["idcards.issued.other"] == "0"
    # The applications still waiting belong to the current year, not to FY 2557.
    visits = SMALL.teacher_cards + SMALL.pensioner_cards + SMALL.rejected
    assert values["onestop.requests"] == str(visits)
    assert float(values["onestop.share_within_standard"]) >= 85
    assert 5 <= float(values["onestop.median_service_minutes"]) <= 14


def test_desk_tickets_and_cards_are_gap_free_and_realistic(demo_office: Office) -> None:
    fy = fiscal_year(2557)
    today = timezone.localdate()
    with schema_context(demo_office.schema_name):
        tickets: dict[tuple[object, str], list[int]] = defaultdict(list)
        waiting = set(
            CardApplication.objects.filter(status=ApplicationStatus.CHECKED).values_list(
                "service_request_id", flat=True
            )
        )
        for request in ServiceRequest.objects.all():
            tickets[(request.ticket_date, request.ticket_prefix)].append(request.ticket_number)
            received = timezone.localtime(request.received_at, BANGKOK)
            if request.pk in waiting:  # this year's open work, in the week before the load
                assert today - timedelta(days=8) <= received.date() < today
            else:  # FY 2557 is over: all its work is finished
                assert fy.start <= received.date() <= fy.end
            assert received.weekday() < 5 and received.date() not in HOLIDAYS
            assert time(8, 30) <= received.time() <= time(16, 30)
            assert request.status == RequestStatus.COMPLETED
            assert request.service_seconds is not None and request.service_seconds >= 5 * 60
            assert request.service_type.code == "id_card"
        assert all(sorted(n) == list(range(1, len(n) + 1)) for n in tickets.values())

        cards: dict[str, list[int]] = defaultdict(list)
        issued = CardApplication.objects.exclude(card_number=None)
        for card in issued:
            agency, year, number = card.card_number.split("-")
            assert agency == CARDS.agency_code and card.issue_date is not None
            assert fy.start <= card.issue_date <= fy.end
            assert card.status == ApplicationStatus.HANDED_OVER
            assert card.service_request.outcome == f"บัตรเลขที่ {card.card_number}"
            cards[year].append(int(number))
        assert all(sorted(n) == list(range(1, len(n) + 1)) for n in cards.values())
        assert {str(c.be_year): c.last_number for c in CardNumberCounter.objects.all()} == {
            year: len(numbers) for year, numbers in cards.items()
        }
        assert issued.count() == SMALL.teacher_cards + SMALL.pensioner_cards
        statuses = CardApplication.objects.exclude(card_number__isnull=False)
        assert statuses.filter(status=ApplicationStatus.REJECTED).count() == SMALL.rejected
        assert statuses.filter(status=ApplicationStatus.CHECKED).count() == SMALL.in_progress
        finished = (ApplicationStatus.HANDED_OVER, ApplicationStatus.REJECTED)
        of_2557 = CardApplication.objects.filter(
            received_at__date__gte=fy.start, received_at__date__lte=fy.end
        )
        assert of_2557.count() == SMALL.teacher_cards + SMALL.pensioner_cards + SMALL.rejected
        assert not of_2557.exclude(status__in=finished).exists()  # FY 2557 is over


def test_the_demo_officers_work_is_in_the_trail_and_the_load_says_so(
    demo_office: Office,
) -> None:
    with schema_context(demo_office.schema_name):
        events = AuditEvent.objects.all()
        printed = events.filter(action="idcards.printed")
        assert printed.count() == SMALL.teacher_cards + SMALL.pensioner_cards
        officers = set(printed.values_list("actor_label", flat=True))
        assert len(officers) == 1 and DEMO_ACTOR_LABEL not in officers  # the demo desk officer
        summary = events.get(action="demo.idcards_loaded")
        assert summary.actor_label == DEMO_ACTOR_LABEL
        assert summary.changes["cards_issued"] == [
            None,
            SMALL.teacher_cards + SMALL.pensioner_cards,
        ]
        register = events.get(action="demo.people_loaded")
        assert register.actor_label == DEMO_ACTOR_LABEL
        assert register.changes["people"] == [None, SMALL_REGISTER.people]


def test_a_second_load_changes_nothing(demo_office: Office) -> None:
    with schema_context(demo_office.schema_name):
        before = _snapshot()
    assert _nothing_loaded(_load(demo_office))
    with schema_context(demo_office.schema_name):
        assert _snapshot() == before


def test_the_load_is_deterministic(demo_office: Office) -> None:
    twin = _office("demotwin", area_number=10)
    _load(twin)

    def content(office: Office) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        with schema_context(office.schema_name):
            people = list(
                Person.objects.order_by("national_id").values_list(
                    "national_id", "first_name_th", "last_name_th", "birth_date"
                )
            )
            cards = list(
                CardApplication.objects.order_by("received_at").values_list(
                    "person__national_id", "card_number", "received_at", "closed_at"
                )
            )
        return people, cards

    assert content(demo_office) == content(twin)


def test_an_office_with_people_is_left_alone() -> None:
    office = _office("demofull")
    with schema_context(office.schema_name):
        Person.objects.create(
            national_id="1101700207030",
            title="นาย",
            first_name_th="ทดสอบ",
            last_name_th="มีอยู่แล้ว",
            birth_date="1980-01-01",
            category=PersonCategory.TEACHER,
        )
    assert _nothing_loaded(_load(office))
    with schema_context(office.schema_name):
        assert Person.objects.count() == 1 and not CardApplication.objects.exists()


def test_the_scale_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SCALE_ENV, raising=False)
    assert demo_scale() == 1
    monkeypatch.setenv(SCALE_ENV, "0.2")
    assert demo_scale() == 0.2
    monkeypatch.setenv(SCALE_ENV, "3")
    with pytest.raises(ValueError, match=re.escape(SCALE_ENV)):
        demo_scale()


def test_nobody_is_in_service_past_retirement_today_and_the_years_figures_hold(
    demo_office: Office,
) -> None:
    """The demo's year is 2557, its register today's: a teacher active then and 72 now is
    retired, on the day after the fiscal year they turned 60, which the year's figures (people
    counted as at its end) do not see."""
    today = timezone.localdate()
    fy_end = fiscal_year(DEMO_FISCAL_YEAR).end
    with schema_context(demo_office.schema_name):
        active = Person.objects.filter(status=PersonStatus.ACTIVE)
        assert active.exists()
        assert all(_age(p.birth_date, today) < 61 for p in active)
        retired_since = Person.objects.filter(status=PersonStatus.RETIRED, status_date__gt=fy_end)
        assert retired_since.exists()
        for person in retired_since:
            turned_60 = date(person.birth_date.year + 60, person.birth_date.month, 1)
            assert fiscal_year_of(turned_60).end + timedelta(days=1) == person.status_date
        retired_ids = {p.pk for p in retired_since}
        assert retired_ids & set(
            CardApplication.objects.filter(applicant_category=PersonCategory.TEACHER).values_list(
                "person_id", flat=True
            )
        ), "some of 2557's card holders have retired since"
        # In service at the end of 2557: every non-pensioner but those who died or left before.
        staff = Person.objects.exclude(category__in=PENSIONER_CATEGORIES)
        left_before = staff.filter(
            status__in=(PersonStatus.DECEASED, PersonStatus.TRANSFERRED_OUT),
            status_date__lte=fy_end,
        )
        in_service_2557 = staff.count() - left_before.count()
    figures = _indicators(demo_office)
    assert int(figures["idcards.issued.teacher"]) == SMALL.teacher_cards
    assert int(figures["people.personnel"]) == in_service_2557
