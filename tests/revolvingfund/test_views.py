"""The fund's pages: the public call (no sign-in), the desk form with bad input, the file's
documents and check, roles, the audit of reads, the register and ranking documents, and the
query counts of the lists."""

from __future__ import annotations

import os
import pathlib
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context
from pypdf import PdfReader

from apps.revolvingfund import ranking
from apps.revolvingfund.models import Application, Round
from audit.models import AuditEvent
from tenants.models import Office
from tests.conftest import office_client
from tests.revolvingfund.factories import (
    eligible,
    held_meeting,
    officer,
    open_round,
    pdf_upload,
    points,
    staff,
    subcommittee,
    teacher,
)

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _keep(name: str, content: bytes) -> None:
    """With FUND_PDF_DIR set, keep a document to look at (pdftoppm -png -r 80)."""
    folder = os.environ.get("FUND_PDF_DIR")
    if folder:
        pathlib.Path(folder).mkdir(exist_ok=True)
        (pathlib.Path(folder) / name).write_bytes(content)


@pytest.fixture
def published(office_a: Office) -> Round:
    cache.clear()
    with schema_context(office_a.schema_name):
        return open_round(office_a)


def test_the_call_is_on_the_public_page_and_its_circular_is_public(
    office_a: Office, published: Round
) -> None:
    anonymous = office_client(office_a)
    page = anonymous.get("/").content.decode()
    assert "ครั้งที่ 1" in page or "Round 1" in page
    assert f"/fund/rounds/{published.pk}/call.pdf" in page
    response = anonymous.get(f"/fund/rounds/{published.pk}/call.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "200,000.00" in text and "ยังไม่ได้ยืนยัน" in text.replace("\u200b", "")


def test_a_draft_rounds_circular_is_not_found(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        draft = open_round(office_a, publish=False)
    assert office_client(office_a).get(f"/fund/rounds/{draft.pk}/call.pdf").status_code == 404


def test_the_desk_form_refuses_bad_input_in_thai_and_changes_nothing(
    office_a: Office, published: Round
) -> None:
    client = office_client(office_a, "welfare_officer")
    response = client.post(
        "/fund/applications/new/",
        {"national_id": "1234567890123", "amount_requested": "abc", "term_requested": "-3"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "field-error" in body
    with schema_context(office_a.schema_name):
        assert not Application.objects.exists()


def _form(person: Any, guarantors: list[Any]) -> dict[str, str]:
    data = {
        "national_id": person.national_id,
        "service_started_on": "16/05/2543",
        "amount_requested": "200000",
        "term_requested": "96",
        "director_endorsed": "on",
        "director_name": "นายสมหมาย ใจดี",
        "debt_1_creditor": "สหกรณ์ออมทรัพย์ครูพัทลุง จำกัด",
        "debt_1_kind": "cooperative",
        "debt_1_balance": "250000",
        "debt_1_instalment": "5000",
        "debt_1_started_on": "05/01/2553",
    }
    for n, g in enumerate(guarantors, start=1):
        data[f"guarantor_{n}"] = g.national_id
        data[f"guarantor_{n}_consent"] = "on"
    return data


def test_an_application_at_the_desk_then_its_documents_and_check(
    office_a: Office, published: Round
) -> None:
    with schema_context(office_a.schema_name):
        borrower, g1, g2 = teacher(), teacher(), teacher()
    client = office_client(office_a, "welfare_officer")
    # The desk's date is today's: the round's call must be open today for the form.
    with schema_context(office_a.schema_name):
        from django.utils import timezone

        today = timezone.localdate()
        Round.objects.filter(pk=published.pk).update(
            opens_on=date(today.year, 1, 1), closes_on=date(today.year, 12, 31)
        )
    response = client.post("/fund/applications/new/", _form(borrower, [g1, g2]))
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(office_a.schema_name):
        application = Application.objects.get()
        debt = application.debts.get()
    url = f"/fund/applications/{application.pk}/"
    assert client.post(url + "check/").status_code == 302
    page = client.get(url).content.decode()
    assert 'class="notice" role="alert"' in page  # what is missing, shown to the officer
    with schema_context(office_a.schema_name):
        application.refresh_from_db()
        assert application.status == "returned"
        for item in published.documents_to_bring:
            client.post(url + "documents/", {"kind": item["code"]})
    client.post(
        url + "documents/", {"kind": "debt_statement", "debt": debt.pk, "file": pdf_upload()}
    )
    client.post(url + "check/")
    with schema_context(office_a.schema_name):
        application.refresh_from_db()
        assert application.status == "eligible", application.missing
        assert AuditEvent.objects.filter(action="revolvingfund.application_viewed").exists()


@pytest.mark.parametrize("username", ["viewer", "finance_officer", "office_admin"])
def test_files_are_for_the_fund_and_the_subcommittee_only(
    office_a: Office, published: Round, username: str
) -> None:
    with schema_context(office_a.schema_name):
        application = eligible(published)
    client = office_client(office_a, username)
    assert client.get(f"/fund/applications/{application.pk}/").status_code == 403
    assert client.get("/fund/register/").status_code == 200
    assert client.post(f"/fund/applications/{application.pk}/check/").status_code == 403


def test_the_round_page_and_register_keep_their_query_counts(
    office_a: Office, published: Round, django_assert_max_num_queries: Any
) -> None:
    with schema_context(office_a.schema_name):
        for _ in range(4):
            eligible(published)
        held_meeting(published, subcommittee())
        from apps.committees.selectors import members_present

        round_ = Round.objects.get(pk=published.pk)
        for application in Application.objects.all():
            for seat in members_present(round_.meeting):  # type: ignore[arg-type]
                ranking.score_record(
                    application=application, membership=seat, points=points(70), actor=officer()
                )
        ranking.round_rank(round=round_, officer=officer())
        ranking.round_result_confirm(round=round_, actor=staff("fund_committee"))
    client = office_client(office_a, "welfare_officer")
    with django_assert_max_num_queries(30):
        assert client.get(f"/fund/rounds/{published.pk}/").status_code == 200
    with django_assert_max_num_queries(25):
        page = client.get("/fund/register/?fy=2557")
    assert page.status_code == 200
    assert page.content.decode().count("2,582.27") == 3  # 600,000 baht: three loans
    pdf = client.get("/fund/register.pdf?fy=2557&thai_digits=1")
    _keep("register.pdf", pdf.content)
    _keep("ranking.pdf", client.get(f"/fund/rounds/{published.pk}/ranking.pdf").content)
    _keep("call.pdf", client.get(f"/fund/rounds/{published.pk}/call.pdf").content)
    assert pdf.status_code == 200 and "๒,๕๘๒.๒๗" in _text(pdf.content)
    ranking_pdf = client.get(f"/fund/rounds/{published.pk}/ranking.pdf")
    assert ranking_pdf.status_code == 200 and "อนุมัติ" in _text(ranking_pdf.content)
    xlsx = client.get("/fund/register.xlsx?fy=2557")
    assert xlsx.status_code == 200


def test_a_call_is_only_on_its_own_offices_host(
    office_a: Office, office_b: Office, published: Round
) -> None:
    with schema_context(office_b.schema_name):
        assert not Round.objects.exists()
    other = office_client(office_b)
    assert other.get(f"/fund/rounds/{published.pk}/call.pdf").status_code == 404
    assert f"/fund/rounds/{published.pk}/call.pdf" not in other.get("/").content.decode()


def test_a_criterion_coded_like_a_dict_method_keeps_its_scores_on_the_page(
    office_a: Office,
) -> None:
    """Criterion codes are the office's own data: codes such as "items" or "values" must not be
    read as the dict's methods (Django looks a key up before a method), so the sheet shows each
    member's points in its own field."""
    from apps.committees.selectors import members_present
    from apps.revolvingfund import services
    from tests.revolvingfund.factories import CLOSES, OPENS

    criteria = [
        {"code": "items", "label": "ความเดือดร้อน", "max_points": 60},
        {"code": "values", "label": "ความสามารถในการชำระหนี้", "max_points": 40},
    ]
    with schema_context(office_a.schema_name):
        draft = open_round(office_a, publish=False)
        round_ = services.round_call_publish(
            round=draft, opens_on=OPENS, closes_on=CLOSES, officer=officer(), criteria=criteria
        )
        application = eligible(round_)
        meeting = held_meeting(round_, subcommittee())
        seat = members_present(meeting)[0]
        ranking.score_record(
            application=application,
            membership=seat,
            points={"items": 51, "values": 37},
            actor=officer(),
        )
    page = office_client(office_a, "welfare_officer").get(f"/fund/applications/{application.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="points_items" value="51"' in html
    assert 'name="points_values" value="37"' in html
    assert "ความสามารถในการชำระหนี้ (0–40)" in html
