"""What waits for a user among claims (the home page's "waiting for you")."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.reimbursements.models import Claim, ClaimStatus
from apps.reimbursements.permissions import APPROVER_ROLES, CLAIM_OFFICER_ROLES, PAYER_ROLES
from core import kit
from core.modules import WorkItem

# Each step: the claims it waits on, who takes it, what it is called.
STEPS = (
    (ClaimStatus.SUBMITTED, CLAIM_OFFICER_ROLES, _("Claims to check")),
    (ClaimStatus.CHECKED, APPROVER_ROLES, _("Claims to approve")),
    (ClaimStatus.APPROVED, PAYER_ROLES, _("Claims to pay")),
)


def worklist(user: Any) -> list[WorkItem]:
    """The steps `user`'s roles take, each with how many claims wait for it."""
    steps = [step for step in STEPS if kit.may(user, *step[1])]
    if not steps:
        return []
    counts = dict(
        Claim.objects.filter(status__in=[status for status, _r, _l in steps])
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    base = reverse("reimbursements:claim_list")
    return [
        WorkItem(label, counts.get(status, 0), f"{base}?status={status}")
        for status, _r, label in steps
    ]


# After a step, where the claim stands and who takes the next step.
AFTER_STEP = {
    ClaimStatus.SUBMITTED: _("Claim received. Next: a welfare officer checks the originals."),
    ClaimStatus.CHECKED: _(
        "The claim is checked. Next: it waits for approval (by the director above the"
        " office's threshold)."
    ),
    ClaimStatus.APPROVED: _(
        "The claim is approved. Next: it waits for the finance officer to pay it."
    ),
    ClaimStatus.RETURNED: _("The claim is returned to the claimant and closed."),
}


def after_step(claim: Claim) -> str:
    """The success message of a step: what was done and what comes next, by whom."""
    status = Claim.objects.values_list("status", flat=True).get(pk=claim.pk)
    return str(AFTER_STEP.get(ClaimStatus(status)) or _("Saved."))
