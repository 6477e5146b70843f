"""What waits for a user among ID-card applications (the home page's "waiting for you")."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.idcards.models import ApplicationStatus, CardApplication
from apps.idcards.permissions import APPROVER_ROLES, CARD_OFFICER_ROLES
from core import kit
from core.modules import WorkItem

# Each step: the applications it waits on, who takes it, what it is called.
STEPS = (
    (ApplicationStatus.RECEIVED, CARD_OFFICER_ROLES, _("ID cards to check")),
    (ApplicationStatus.CHECKED, APPROVER_ROLES, _("ID cards to approve")),
    (ApplicationStatus.APPROVED, CARD_OFFICER_ROLES, _("ID cards to print")),
    (ApplicationStatus.PRINTED, CARD_OFFICER_ROLES, _("ID cards to hand over")),
)


def worklist(user: Any) -> list[WorkItem]:
    """The steps `user`'s roles take, each with how many applications wait for it."""
    steps = [step for step in STEPS if kit.may(user, *step[1])]
    if not steps:
        return []
    counts = dict(
        CardApplication.objects.filter(status__in=[status for status, _r, _l in steps])
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    url = reverse("idcards:register")
    return [WorkItem(label, counts.get(status, 0), url) for status, _r, label in steps]


# After a step, where the application stands and who takes the next step.
AFTER_STEP = {
    ApplicationStatus.RECEIVED: _("Saved. Next: a welfare officer checks the documents."),
    ApplicationStatus.CHECKED: _(
        "Documents checked. Next: the application waits for the approver to approve it."
    ),
    ApplicationStatus.APPROVED: _("Approved. Next: a welfare officer prints the card."),
    ApplicationStatus.PRINTED: _("Card printed. Next: hand the card over to its holder."),
    ApplicationStatus.HANDED_OVER: _("Card handed over: the application is complete."),
    ApplicationStatus.REJECTED: _("The application is rejected and closed."),
}


def after_step(application_id: int) -> str:
    """The success message of a step: what was done and what comes next, by whom."""
    status = CardApplication.objects.values_list("status", flat=True).get(pk=application_id)
    return str(AFTER_STEP.get(ApplicationStatus(status)) or _("Saved."))
