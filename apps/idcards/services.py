"""Every write of the ID-card service. Runs in an office's schema.

The life of an application: received → checked (documents) → approved → printed (numbered)
→ handed over, or rejected with a reason at any step before printing. Each application is a
One Stop desk request, so its time counts against the 15-minute standard: the ticket opens when
the application is received (or the officer links the ticket already taken) and completes when
the card is handed over or the application is rejected.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from PIL import Image

from accounts.models import User
from apps.delegations.services import delegation_in_force
from apps.idcards.models import (
    DOCUMENTS,
    REQUIRED_DOCUMENTS,
    ApplicationStatus,
    CardApplication,
    CardNumberCounter,
    CardReason,
    CardSettings,
)
from apps.idcards.module import CARD
from apps.idcards.permissions import APPROVE_POWER, APPROVER_ROLES, CARD_OFFICER_ROLES
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete, service_request_take
from apps.people.models import Person, PersonCategory, PersonStatus
from audit.services import audit_record
from core import kit
from core.errors import PermissionDeniedError
from core.sequences import next_number
from core.thai import local_date, to_be_year
from core.uploads import image_reencoded
from outbox.services import outbox_record

ID_CARD_SERVICE = "id_card"
# Act on ID Cards for State Officials B.E. 2542: a card is valid for up to six years; a
# pensioner's card still valid on the holder's 70th birthday stays valid for life.
VALIDITY_YEARS = 6
LIFETIME_AGE = 70
PENSIONER_CATEGORIES = (PersonCategory.PENSIONER, PersonCategory.PENSIONED_EMPLOYEE)
# The card's photo is printed 2.5 × 3 cm. At 300 dpi, the resolution a card printer prints
# photos at, that is 295 × 354 pixels: a smaller photo prints blurred or blocky. Rounded up.
PHOTO_MIN_WIDTH, PHOTO_MIN_HEIGHT = 300, 360


class CardError(kit.Refusal):
    prefix = "idcards"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def card_validity(*, issue_date: date, birth_date: date, category: str) -> date | None:
    """The expiry date of a card issued on `issue_date`: the day before its sixth anniversary,
    or None (for life) for a pensioner whose card is still valid on their 70th birthday."""
    expiry = _add_years(issue_date, VALIDITY_YEARS) - (date(2000, 1, 2) - date(2000, 1, 1))
    if category in PENSIONER_CATEGORIES and _add_years(birth_date, LIFETIME_AGE) <= expiry:
        return None
    return expiry


def _locked(application: CardApplication) -> CardApplication:
    """The application's row, locked until the transaction ends (not its person's or ticket's
    rows), with the person and ticket that the steps and their audit labels read."""
    return kit.lock(
        CardApplication.objects.select_related("person", "service_request"), application.pk
    )


def _check_photo_size(content: bytes) -> None:
    with Image.open(io.BytesIO(content)) as image:
        width, height = image.size
    if width < PHOTO_MIN_WIDTH or height < PHOTO_MIN_HEIGHT:
        raise CardError.refuse(
            "photo_too_small",
            f"รูปถ่ายมีขนาด {width}×{height} พิกเซล เล็กเกินกว่าจะพิมพ์บนบัตรได้ชัด "
            f"ต้องกว้างอย่างน้อย {PHOTO_MIN_WIDTH} และสูงอย่างน้อย {PHOTO_MIN_HEIGHT} พิกเซล "
            "(ขนาด 2.5 × 3 ซม. ที่ 300 จุดต่อนิ้ว)",
            f"The photo is {width}×{height} px: at least {PHOTO_MIN_WIDTH}×{PHOTO_MIN_HEIGHT} px "
            "is needed to print 2.5 × 3 cm at 300 dpi.",
            "photo",
        )


@transaction.atomic
def card_application_create(
    *,
    person: Person,
    reason: str,
    received_by: User,
    documents: Iterable[str] = (),
    police_report_number: str = "",
    old_card_number: str = "",
    service_request: ServiceRequest | None = None,
    photo: File[Any] | None = None,
    at: datetime | None = None,
) -> CardApplication:
    """Receive an application. Without `service_request`, a desk ticket is opened for it.
    The photo (checked for type and size by the form) is decoded and saved again (nothing but
    its pixels is kept) in the office's own files, under a name made here. A desk ticket given
    must be open, for an ID card, for `person` or nobody yet, and hold no other application
    (`apps.onestop.services.service_request_take`)."""
    kit.require_role(
        received_by,
        *CARD_OFFICER_ROLES,
        code="idcards.not_allowed",
        doing=("รับคำขอมีบัตร", "receive card applications"),
    )
    if reason not in CardReason.values:
        raise CardError.refuse("invalid_reason", "เหตุที่ขอมีบัตรไม่ถูกต้อง", "Unknown reason.", "reason")
    if person.status in (PersonStatus.DECEASED, PersonStatus.TRANSFERRED_OUT):
        raise CardError.refuse(
            "person_not_served",
            f"{person} {person.get_status_display()} จึงขอมีบัตรที่สำนักงานนี้ไม่ได้",
            f"{person} is {person.status}: no card from this office.",
            "person",
        )
    if reason == CardReason.LOST and not police_report_number.strip():
        raise CardError.refuse(
            "police_report_required",
            "บัตรหาย ต้องระบุเลขที่ใบแจ้งความ",
            "A lost card needs the police report number.",
            "police_report_number",
        )
    if reason == CardReason.RETIREMENT and person.category not in PENSIONER_CATEGORIES:
        raise CardError.refuse(
            "not_a_pensioner",
            "บัตรกรณีเกษียณอายุราชการออกให้เฉพาะผู้รับบำนาญ ให้ปรับประเภทบุคคลก่อน",
            "A retirement card is for pensioners: update the person's category first.",
            "reason",
        )
    kept_photo: tuple[bytes, str, str] | None = None
    if photo is not None:
        photo.seek(0)
        kept_photo = image_reencoded(photo.read(), formats={"JPEG", "PNG"}, field="photo")
        _check_photo_size(kept_photo[0])
    documents = sorted(set(documents))
    unknown = set(documents) - set(DOCUMENTS)
    if unknown:
        raise CardError.refuse(
            "unknown_document", "มีเอกสารที่ไม่รู้จัก", f"Unknown documents: {unknown}", "documents"
        )
    received_at = kit.now(at)
    service_request = service_request_take(
        service_request=service_request,
        service_type_code=ID_CARD_SERVICE,
        person=person,
        holders=CardApplication.objects.all(),
        received_by=received_by,
        at=received_at,
        refusal=CardError,
    )
    application = CardApplication.objects.create(
        person=person,
        service_request=service_request,
        reason=reason,
        applicant_category=person.category,
        police_report_number=police_report_number.strip(),
        old_card_number=old_card_number.strip(),
        documents=documents,
        received_at=received_at,
        received_by=received_by,
    )
    if kept_photo is not None:
        content, _content_type, extension = kept_photo
        application.photo.save(f"{application.pk}{extension}", ContentFile(content), save=True)
    audit_record(
        action="idcards.received",
        actor=received_by,
        target=application,
        changes={"status": [None, application.status], "reason": [None, reason]},
    )
    return application


@transaction.atomic
def card_application_check(
    *,
    application: CardApplication,
    documents: Iterable[str],
    officer: User,
    at: datetime | None = None,
) -> CardApplication:
    """Record the documents received; refuses while any required one is missing."""
    kit.require_role(
        officer,
        *CARD_OFFICER_ROLES,
        code="idcards.not_allowed",
        doing=("ตรวจเอกสารคำขอมีบัตร", "check card applications"),
    )
    application = _locked(application)
    kit.expect_status(
        application,
        ApplicationStatus.RECEIVED,
        ApplicationStatus.CHECKED,
        refusal=CardError,
        noun="application",
    )
    documents = sorted(set(documents) & set(DOCUMENTS))
    missing = [d for d in REQUIRED_DOCUMENTS[application.reason] if d not in documents]
    if missing:
        with translation.override("th"):
            names_th = ", ".join(str(DOCUMENTS[d]) for d in missing)
        with translation.override("en"):
            names_en = ", ".join(str(DOCUMENTS[d]) for d in missing)
        raise CardError.refuse(
            "documents_missing",
            f"เอกสารยังไม่ครบ: {names_th}",
            f"Documents missing: {names_en}",
            "documents",
        )
    before = application.status
    application.documents = documents
    application.status = ApplicationStatus.CHECKED
    application.checked_at, application.checked_by = kit.now(at), officer
    application.save(update_fields=["documents", "status", "checked_at", "checked_by"])
    audit_record(
        action="idcards.checked",
        actor=officer,
        target=application,
        changes={"status": [before, application.status]},
    )
    return application


@transaction.atomic
def card_application_approve(
    *, application: CardApplication, approver: User, at: datetime | None = None
) -> CardApplication:
    """Approve, as the director or as a delegate of theirs by an order in force that day
    (`apps.delegations`). The one who received or checked the application may not approve it.
    The approval keeps who signed as they were then: their name, their position, and the
    delegation ("ปฏิบัติราชการแทน …") when they are not the director."""
    approved_at = kit.now(at)
    delegation = None
    if not kit.may(approver, *APPROVER_ROLES):
        delegation = (
            delegation_in_force(user=approver, power=APPROVE_POWER, on=local_date(approved_at))
            if isinstance(approver, User) and approver.is_active
            else None
        )
        if delegation is None:
            raise PermissionDeniedError(
                f"{approver.get_username()} ไม่มีสิทธิอนุมัติคำขอมีบัตร "
                "(ต้องเป็นผู้อำนวยการ หรือผู้ได้รับมอบอำนาจที่ยังมีผลในวันนี้)",
                f"{approver.get_username()} may not approve card applications "
                "(the director, or a delegate by an order in force today).",
                code="idcards.not_allowed",
            )
    application = _locked(application)
    if application.status == ApplicationStatus.APPROVED:
        return application  # a second click changes nothing
    kit.expect_status(application, ApplicationStatus.CHECKED, refusal=CardError, noun="application")
    if approver.pk in (application.received_by_id, application.checked_by_id):
        raise CardError.refuse(
            "separation_of_duties",
            "ผู้รับหรือผู้ตรวจเอกสารคำขอนี้อนุมัติคำขอเดียวกันไม่ได้ ให้ผู้อำนวยการหรือผู้ได้รับมอบอำนาจคนอื่นอนุมัติ",
            "Whoever received or checked this application may not approve it.",
        )
    application.status = ApplicationStatus.APPROVED
    application.approved_at, application.approved_by = approved_at, approver
    application.approved_under = delegation
    application.approved_by_name = approver.display_name
    if delegation is not None:
        application.approved_by_position = (
            f"{delegation.delegate_position}\n{delegation.acting_for}"
        )
    else:
        card_settings = CardSettings.objects.first() or CardSettings()
        application.approved_by_position = approver.position or card_settings.issuer_position
    application.save(
        update_fields=[
            "status",
            "approved_at",
            "approved_by",
            "approved_under",
            "approved_by_name",
            "approved_by_position",
        ]
    )
    changes: dict[str, list[Any]] = {"status": [ApplicationStatus.CHECKED, application.status]}
    if delegation is not None:
        changes["delegation"] = [None, delegation.order_reference]
    audit_record(action="idcards.approved", actor=approver, target=application, changes=changes)
    return application


def _next_card_number(be_year: int) -> int:
    """The year's next running number, unique and gap-free also when two officers print at
    once (core.sequences); a rolled-back print gives its number back."""
    return next_number(CardNumberCounter, be_year=be_year)


def card_number_format(*, be_year: int, number: int) -> str:
    card_settings = CardSettings.objects.first() or CardSettings()
    return card_settings.pattern.format(
        agency=card_settings.agency_code, year=be_year, number=number
    )


@transaction.atomic
def card_issue(
    *, application: CardApplication, officer: User, at: datetime | None = None
) -> CardApplication:
    """Number and date the card (it is printed now). Idempotent: a printed card is returned
    as it is, never numbered twice."""
    kit.require_role(
        officer, *CARD_OFFICER_ROLES, code="idcards.not_allowed", doing=("ออกบัตร", "print cards")
    )
    application = _locked(application)
    if application.status in (ApplicationStatus.PRINTED, ApplicationStatus.HANDED_OVER):
        return application
    kit.expect_status(
        application, ApplicationStatus.APPROVED, refusal=CardError, noun="application"
    )
    printed_at = kit.now(at)
    issue_date = local_date(printed_at)
    be_year = to_be_year(issue_date.year)
    person = application.person
    application.card_number = card_number_format(be_year=be_year, number=_next_card_number(be_year))
    application.issue_date = issue_date
    application.expiry_date = card_validity(
        issue_date=issue_date, birth_date=person.birth_date, category=application.applicant_category
    )
    application.status = ApplicationStatus.PRINTED
    application.printed_at = printed_at
    # The card names who approved it (the one who signs the card), not the desk officer; an
    # application approved before approvals kept their signer names the configured issuer.
    card_settings = CardSettings.objects.first() or CardSettings()
    application.issued_by_name = application.approved_by_name or card_settings.issuer_name
    application.issued_by_position = (
        application.approved_by_position or card_settings.issuer_position
    )
    application.save()
    audit_record(
        action="idcards.printed",
        actor=officer,
        target=application,
        changes={
            "status": [ApplicationStatus.APPROVED, application.status],
            "card_number": [None, application.card_number],
        },
    )
    outbox_record(resource=CARD, action="created", obj=application)
    return application


@transaction.atomic
def card_hand_over(
    *, application: CardApplication, officer: User, at: datetime | None = None
) -> CardApplication:
    """The applicant has the card: the desk request completes, and its time is measured."""
    kit.require_role(
        officer,
        *CARD_OFFICER_ROLES,
        code="idcards.not_allowed",
        doing=("ส่งมอบบัตร", "hand cards over"),
    )
    application = _locked(application)
    if application.status == ApplicationStatus.HANDED_OVER:
        return application
    kit.expect_status(application, ApplicationStatus.PRINTED, refusal=CardError, noun="application")
    handed_over_at = kit.now(at)
    application.status = ApplicationStatus.HANDED_OVER
    application.handed_over_at = application.closed_at = handed_over_at
    application.save(update_fields=["status", "handed_over_at", "closed_at"])
    if application.service_request is not None:
        application.service_request = service_request_complete(
            service_request=application.service_request,
            officer=officer,
            outcome=f"บัตรเลขที่ {application.card_number}",
            at=handed_over_at,
        )
    audit_record(
        action="idcards.handed_over",
        actor=officer,
        target=application,
        changes={"status": [ApplicationStatus.PRINTED, application.status]},
    )
    outbox_record(resource=CARD, action="updated", obj=application)
    return application


@transaction.atomic
def card_application_reject(
    *, application: CardApplication, officer: User, reason: str, at: datetime | None = None
) -> CardApplication:
    """Refuse the application with a reason the applicant is told; the desk request completes
    with that answer (the person was served)."""
    if not reason.strip():
        raise CardError.refuse(
            "rejection_reason_required", "กรุณาระบุเหตุผลที่ไม่อนุมัติ", "A reason is required.", "reason"
        )
    kit.require_role(
        officer,
        *CARD_OFFICER_ROLES,
        code="idcards.not_allowed",
        doing=("ไม่อนุมัติคำขอมีบัตร", "reject card applications"),
    )
    application = _locked(application)
    kit.expect_status(
        application,
        ApplicationStatus.RECEIVED,
        ApplicationStatus.CHECKED,
        ApplicationStatus.APPROVED,
        refusal=CardError,
        noun="application",
    )
    before = application.status
    application.status = ApplicationStatus.REJECTED
    application.rejection_reason = reason.strip()
    application.closed_at = kit.now(at)
    application.save(update_fields=["status", "rejection_reason", "closed_at"])
    if application.service_request is not None:  # served: the answer is a refusal
        application.service_request = service_request_complete(
            service_request=application.service_request,
            officer=officer,
            outcome=f"ไม่อนุมัติ: {reason.strip()}",
            at=application.closed_at,
        )
    audit_record(
        action="idcards.rejected",
        actor=officer,
        target=application,
        changes={"status": [before, application.status], "reason": [None, reason.strip()]},
    )
    return application
