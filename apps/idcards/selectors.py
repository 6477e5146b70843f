"""Reads of the ID-card service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from apps.idcards.models import ApplicationStatus, CardApplication
from apps.idcards.permissions import PHOTO_READER_ROLES
from audit.services import audit_record
from core import kit
from core.errors import NotFoundError
from core.thai import FiscalYear, to_be_year

ISSUED = (ApplicationStatus.PRINTED, ApplicationStatus.HANDED_OVER)


def card_application_register(*, fiscal_year: FiscalYear) -> QuerySet[CardApplication]:
    """The register of ID-card requests of a fiscal year: every application received in it,
    in the order received (a request's row shows its card once printed)."""
    return (
        CardApplication.objects.filter(
            received_at__date__gte=fiscal_year.start, received_at__date__lte=fiscal_year.end
        )
        .select_related("person", "service_request", "approved_under")
        .order_by("received_at", "id")
    )


def card_application_get(*, application_id: int) -> CardApplication:
    try:
        return CardApplication.objects.select_related(
            "person", "service_request", "received_by", "checked_by", "approved_by"
        ).get(pk=application_id)
    except CardApplication.DoesNotExist:
        raise NotFoundError("ไม่พบคำขอนี้", "No such application.") from None


def card_photo_get(
    *, application_id: int, actor: Any, request: HttpRequest | None = None
) -> CardApplication:
    """The application whose photo is sent to `actor` (one who handles cards); audited
    (`idcards.photo_viewed`). Not found for anyone else, or when there is no photo."""
    if not kit.may(actor, *PHOTO_READER_ROLES):
        raise NotFoundError("ไม่พบรูปถ่าย", "No such photo.")
    application = card_application_get(application_id=application_id)
    if not application.photo:
        raise NotFoundError("ไม่พบรูปถ่าย", "No such photo.")
    audit_record(action="idcards.photo_viewed", actor=actor, target=application, request=request)
    return application


def card_application_open_list() -> QuerySet[CardApplication]:
    """Applications still in hand (not handed over or rejected), oldest first."""
    return (
        CardApplication.objects.exclude(
            status__in=[ApplicationStatus.HANDED_OVER, ApplicationStatus.REJECTED]
        )
        .select_related("person", "service_request")
        .order_by("received_at", "id")
    )


def fiscal_years_with_applications() -> list[int]:
    """The B.E. fiscal years that have applications, newest first."""
    dates = CardApplication.objects.dates("received_at", "month")
    years = {to_be_year(d.year) + (1 if d.month >= 10 else 0) for d in dates}
    return sorted(years, reverse=True)
