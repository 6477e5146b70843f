"""What waits for a user among salary certificates (the home page's "waiting for you")."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.certificates.models import Certificate, CertificateStatus
from apps.certificates.permissions import CERTIFICATE_OFFICER_ROLES, SIGNER_ROLES
from core import kit
from core.modules import WorkItem

STEPS = (
    (CertificateStatus.RECEIVED, CERTIFICATE_OFFICER_ROLES, _("Salary certificates to prepare")),
    (CertificateStatus.PREPARED, SIGNER_ROLES, _("Salary certificates to sign")),
    (CertificateStatus.SIGNED, CERTIFICATE_OFFICER_ROLES, _("Salary certificates to hand over")),
)


def worklist(user: Any) -> list[WorkItem]:
    steps = [step for step in STEPS if kit.may(user, *step[1])]
    if not steps:
        return []
    counts = dict(
        Certificate.objects.filter(status__in=[status for status, _r, _l in steps])
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    url = reverse("certificates:register")
    return [WorkItem(label, counts.get(status, 0), url) for status, _r, label in steps]


AFTER_STEP = {
    CertificateStatus.RECEIVED: _("Saved with the net-pay check. Next: prepare it for signing."),
    CertificateStatus.PREPARED: _("Prepared. Next: the director or a delegate signs it."),
    CertificateStatus.SIGNED: _("Signed and numbered. Next: print it and hand it over."),
    CertificateStatus.HANDED_OVER: _("Handed over: the request is complete."),
    CertificateStatus.REJECTED: _("The request is rejected and closed."),
}


def after_step(certificate_id: int) -> str:
    status = Certificate.objects.values_list("status", flat=True).get(pk=certificate_id)
    return str(AFTER_STEP.get(CertificateStatus(status)) or _("Saved."))
