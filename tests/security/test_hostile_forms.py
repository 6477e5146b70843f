"""Hostile values typed into every form of an office: no 500, Thai messages, nothing written.

The pages come from the office URLconf (`config.urls_office`), with the ids of a populated
office (a person with a child, a medical claim, an ID-card application, a desk ticket), read
as a user who holds every office role. Every `<form>` found on them is submitted once per
hostile value, that value in every field (file inputs get a file that is not an image):
POST forms as posted, GET forms (filters, `?fy=`, `?academic_year=`) as queried.

A submission of an empty, overlong or NUL-carrying form must be refused; so must the others
(years, amounts, national IDs) wherever the form has a field that is not free text. Refused
means no row added to the office's tables (audit and sessions excluded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from tenants.models import Office
from tests.conftest import office_client

pytestmark = pytest.mark.django_db

# The values, by name. The first three must be refused by every form.
HOSTILE: dict[str, str] = {
    "empty": "",
    "overlong": "9" * 5000,
    "nul": "ab\x00cd",
    "year_typo": "25690",
    "year_ce": "2026",
    "year_huge": "99999",
    "wrong_check_digit": "1-2345-67890-12-2",
    "huge_amount": "999999999999.99",
    "too_many_digits": "99999999999999999999.999",
    "negative": "-1",
}
ALWAYS_REFUSED = {"empty", "overlong", "nul"}
NOT_AN_IMAGE = b"%!PS-Adobe-3.0\nnot an image, not a PDF\n"

# Not posted: they end the session under test, or are the Django admin and the API (JSON,
# covered by tests/api), not office forms.
SKIPPED_PREFIXES = ("admin/", "api/v1/", "accounts/logout/", "accounts/sessions/", "i18n/")
# Pages whose forms appear only with a query: the claim forms once the claimant is chosen.
# Routes whose kwarg name another app uses for its own rows: the loans' "prepare a contract"
# takes the fund's application (`application_id` is the ID-card application's elsewhere).
ROUTE_IDS = {"fund/loans/prepare/<int:application_id>/": {"application_id": "fund_approved_id"}}
QUERIES = {
    "claims/medical/new/": ["?person={person}"],
    "claims/child-education/new/": ["?person={person}", "?person={person}&academic_year=25690"],
    "payroll/people/<int:person_id>/payslip/": ["?month=2557-09"],
    "payroll/people/<int:person_id>/": ["?month=09/2557&new_instalment=1000"],
}
ENGLISH_ERRORS = re.compile(
    r"This field is required|Enter a (?:valid|whole)|Ensure (?:this|that)|Null characters"
    r"|Select a valid choice|not one of the available|tampered|Upload a valid|submitted file"
    r"|No file was submitted|is not a valid"
)
THAI = re.compile(r"[\u0e00-\u0e7f]")
# Apps whose rows a refused form must not add to.
WRITTEN_APPS = (
    "people",
    "reimbursements",
    "idcards",
    "onestop",
    "accounts",
    "api",
    "payroll",
    "reports",
    "certificates",
    "revolvingfund",
    "committees",
    "welfareshop",
    "healthchecks",
)


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> kind: text, file, choice…

    @property
    def takes_any_number(self) -> bool:
        """No field that refuses a number outright (a choice, a file): such a form may take
        a year or an amount as what it is, e.g. an approval threshold of 25,690 baht."""
        return all(
            kind in ("text", "number", "checkbox", "hidden") for kind in self.fields.values()
        )


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(
                page=self.page,
                method=values.get("method", "get").lower(),
                action=urljoin(self.page, values.get("action") or self.page),
            )
            self.forms.append(self._form)
            return
        name = values.get("name")
        if self._form is None or not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = values.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind == "text" and values.get("inputmode") in ("numeric", "decimal"):
                kind = "number"
            self._form.fields[name] = kind
        elif tag == "select":
            self._form.fields[name] = "choice"
        elif tag == "textarea":
            self._form.fields[name] = "text"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _pages(ids: dict[str, int]) -> list[str]:
    pages = []
    for route in sorted(set(_routes(get_resolver("config.urls_office").url_patterns))):
        if route.startswith(SKIPPED_PREFIXES) or route.startswith("^"):
            continue
        if re.search(r"\.(pdf|xlsx|docx|zip)$", route):
            continue
        names = ROUTE_IDS.get(route, {})

        def value(match: re.Match[str], names: dict[str, str] = names) -> str:
            return str(ids.get(names.get(match[1], match[1]), 1))

        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)
        pages.append(path)
        pages += [path + query.format(**ids) for query in QUERIES.get(route, [])]
    return pages


def _populated_office(office: Office) -> dict[str, int]:
    """One of everything the office pages show, and the ids the URLs need."""
    from accounts.models import User
    from tests.certificates.factories import make_certificate
    from tests.committees.factories import held_meeting, make_committee
    from tests.idcards.factories import CardApplicationFactory
    from tests.onestop.factories import ServiceRequestFactory
    from tests.payroll.factories import make_pay_data
    from tests.people.factories import make_child, make_person, make_school
    from tests.reimbursements.conftest import make_medical_claim
    from tests.revolvingfund.factories import open_round, receive
    from tests.revolvingfund.loans.factories import make_loan
    from tests.welfareshop.factories import make_booking, make_member

    with schema_context(office.schema_name):
        person = make_person()
        child = make_child(person)
        claim = make_medical_claim()
        application = CardApplicationFactory(person=person)
        ticket = ServiceRequestFactory(person=person)
        school = make_school()
        instruction = make_pay_data(person)
        # A signed certificate: its page has the revocation and the bank's decision forms.
        certificate = make_certificate(step="signed")
        # A committee with a meeting open: its attendance, agenda, conflict and closing forms.
        committee = make_committee(size=3)
        meeting = held_meeting(committee)
        item = meeting.agenda_items.create(
            section=4, position=1, title="เรื่อง", created_at=meeting.scheduled_at
        )
        # An active shop member (suspend, leave) and a room with a booking (cancel).
        shop_member = make_member()
        booking = make_booking()
        # A health-check campaign with a check point today (check-in and walk-in forms) and
        # the school coordinator's page for the signed-in account.
        health = _health_check(school, User.objects.get(username="everything"))
        # A fund round with its call published and an application received: the round's
        # close and meeting forms, the application's document, check and withdraw forms.
        fund_round = open_round(office)
        fund_application = receive(fund_round)
        # A running fund loan: its settlement, restructuring and hand-over forms.
        loan = make_loan()
        return {
            "round_id": fund_round.pk,
            "fund_application_id": fund_application.pk,
            "fund_approved_id": loan.application_id,
            "loan_id": loan.pk,
            "guarantor_id": loan.guarantors.first().pk,
            "disbursement_id": loan.disbursements.first().pk,
            "committee_id": committee.pk,
            "meeting_id": meeting.pk,
            "item_id": item.pk,
            "order_id": committee.orders.get().pk,
            "shop_member_id": shop_member.pk,
            "resource_id": booking.resource_id,
            "booking_id": booking.pk,
            **health,
            "instruction_id": instruction.pk,
            "certificate_id": certificate.pk,
            "person": person.pk,
            "person_id": person.pk,
            "member_id": child.pk,
            "claim_id": claim.pk,
            "application_id": application.pk,
            "request_id": ticket.pk,
            "service_type_id": ticket.service_type_id,
            "school_id": school.pk,
            "user_id": User.objects.get(username="welfare_officer").pk,
            "year": 2557,  # the annual report's fiscal year
        }


def _health_check(school: Any, coordinator: Any) -> dict[str, int]:
    from django.utils import timezone

    from apps.healthchecks import services as health
    from apps.healthchecks.models import CheckPoint, SchoolCoordinator
    from tests.healthchecks.factories import book, staff, upcoming

    campaign = upcoming(capacity=5)
    point = campaign.checkpoints.get()
    signup = book(point, at=timezone.now())
    CheckPoint.objects.filter(pk=point.pk).update(day=timezone.localdate())
    health.coordinator_appoint(user=coordinator, school=school, officer=staff())
    return {
        "campaign_id": campaign.pk,
        "checkpoint_id": point.pk,
        "signup_id": signup.pk,
        "coordinator_id": SchoolCoordinator.objects.get().pk,
    }


def _row_counts(office: Office) -> dict[str, int]:
    with schema_context(office.schema_name):
        return {
            model._meta.label: model._default_manager.count()
            for label in WRITTEN_APPS
            if label in apps.app_configs
            for model in apps.get_app_config(label).get_models()
            if not model._meta.proxy
        }


def _submission(form: Form, value_name: str) -> dict[str, Any]:
    value = HOSTILE[value_name]
    data: dict[str, Any] = {}
    for name, kind in form.fields.items():
        if kind == "file":
            if value_name != "empty":
                data[name] = SimpleUploadedFile("photo.png", NOT_AN_IMAGE, "image/png")
        else:
            data[name] = value
    return data


def _send(client: Client, form: Form, data: dict[str, Any]) -> Any:
    if form.method == "post":
        return client.post(form.action, data)
    return client.get(form.action, {k: v for k, v in data.items() if isinstance(v, str)})


def _body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def test_hostile_values_in_every_office_form(office_a: Office) -> None:
    ids = _populated_office(office_a)
    client = office_client(office_a, "everything")
    client.raise_request_exception = False  # a 500 is reported with the others, not raised
    forms: list[Form] = []
    problems: list[str] = []
    for page in _pages(ids):
        response = client.get(page)
        if response.status_code >= 500:
            problems.append(f"GET {page}: {response.status_code}")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _FormParser(page)
        parser.feed(_body(response))
        forms += [
            f for f in parser.forms if f.fields and urlsplit(f.action).path != "/i18n/setlang/"
        ]

    seen = set()
    unique = []
    for form in forms:  # the same form on several pages is tried once
        key = (form.method, form.action, tuple(sorted(form.fields)))
        if key not in seen:
            seen.add(key)
            unique.append(form)
    assert len(unique) >= 20, [f.action for f in unique]
    # The fund's pages of a round and of an application were reached (not 404s): their forms
    # are among those tried.
    fund_forms = {urlsplit(f.action).path for f in unique}
    for action in (
        f"/fund/applications/{ids['fund_application_id']}/documents/",
        f"/fund/applications/{ids['fund_application_id']}/withdraw/",
    ):
        assert action in fund_forms, sorted(a for a in fund_forms if a.startswith("/fund/"))

    for form in unique:
        for value_name in HOSTILE:
            must_refuse = form.method == "post" and (
                value_name in ALWAYS_REFUSED or not form.takes_any_number
            )
            before = _row_counts(office_a) if must_refuse else {}
            response = _send(client, form, _submission(form, value_name))
            where = f"{form.method.upper()} {form.action} ({form.page}) with {value_name}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                continue
            if response.status_code in (301, 302):
                response = client.get(response["Location"])
            body = _body(response)
            if ENGLISH_ERRORS.search(body):
                problems.append(f"{where}: English message {ENGLISH_ERRORS.search(body)[0]!r}")
            if "html" in response.get("Content-Type", "") and not THAI.search(body):
                problems.append(f"{where}: no Thai on the page")
            after = _row_counts(office_a) if must_refuse else {}
            if after != before:
                added = {k: after[k] - before[k] for k in after if after[k] != before[k]}
                problems.append(f"{where}: rows written {added}")
    assert not problems, "\n".join(problems)
    fields = sum(len(form.fields) for form in unique)
    print(f"{len(unique)} forms, {fields} fields, {len(HOSTILE)} hostile values each")
