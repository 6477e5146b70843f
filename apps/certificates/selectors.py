"""Reads of the salary-certificate service."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.certificates.models import ISSUED, Certificate, CertificateStatus
from core.errors import NotFoundError
from core.thai import FiscalYear, to_be_year


def certificate_register(*, fiscal_year: FiscalYear) -> QuerySet[Certificate]:
    """The register of a fiscal year: every certificate issued in it, by number."""
    return (
        Certificate.objects.filter(
            status__in=ISSUED,
            issue_date__gte=fiscal_year.start,
            issue_date__lte=fiscal_year.end,
        )
        .select_related("person", "signed_under")
        .order_by("signed_at", "id")
    )


def certificate_get(*, certificate_id: int) -> Certificate:
    try:
        return Certificate.objects.select_related(
            "person", "person__school", "service_request", "received_by", "prepared_by",
            "signed_by", "signed_under", "superseded_by",
        ).get(pk=certificate_id)  # fmt: skip
    except Certificate.DoesNotExist:
        raise NotFoundError("ไม่พบหนังสือรับรองนี้", "No such certificate.") from None


def certificate_public(*, token: str) -> Certificate:
    """An issued certificate by its verification token (the QR code's link). Not found for
    any other string, including a certificate not yet issued; one indexed lookup either way."""
    found = (
        Certificate.objects.filter(public_token=token, status__in=ISSUED)
        .only(
            "id", "number", "issue_date", "bank_name", "programme_name", "status",
            "revoked_at", "superseded_by", "person__title", "person__first_name_th",
            "person__last_name_th", "signed_at", "signed_by_name", "signed_by_position",
        )
        .select_related("person")
        .first()
    )  # fmt: skip
    if found is None or not token:
        raise NotFoundError("ไม่พบหนังสือรับรองนี้", "No such certificate.")
    return found


def certificate_open_list() -> QuerySet[Certificate]:
    """Requests still in hand (not handed over or rejected), oldest first."""
    return (
        Certificate.objects.exclude(
            status__in=[CertificateStatus.HANDED_OVER, CertificateStatus.REJECTED]
        )
        .select_related("person", "service_request")
        .order_by("received_at", "id")
    )


def fiscal_years_with_certificates() -> list[int]:
    dates = Certificate.objects.filter(issue_date__isnull=False).dates("issue_date", "month")
    years = {to_be_year(d.year) + (1 if d.month >= 10 else 0) for d in dates}
    return sorted(years, reverse=True)


def masked_name(certificate: Certificate) -> str:
    """The name as the public page shows it: title and first name, the surname's first letter
    (e.g. "นางสาวสมใจ ใ…"): enough for a bank officer holding the letter, too little to list
    anyone."""
    person = certificate.person
    surname = person.last_name_th
    return f"{person.title}{person.first_name_th} {surname[:1]}{'•' * 4 if surname else ''}"
