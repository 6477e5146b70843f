"""What waits for a user at the desk (the home page's "waiting for you")."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.onestop.models import RequestStatus, ServiceRequest
from apps.onestop.permissions import DESK_ROLES
from core import kit
from core.modules import WorkItem


def worklist(user: Any) -> list[WorkItem]:
    """Today's tickets waiting to be called, and those handed over to `user`."""
    if not kit.may(user, *DESK_ROLES):
        return []
    counts = ServiceRequest.objects.aggregate(
        waiting=Count(
            "id", filter=Q(status=RequestStatus.WAITING, ticket_date=timezone.localdate())
        ),
        handed=Count("id", filter=Q(status=RequestStatus.HANDED_OVER, handed_over_to=user)),
    )
    desk = reverse("onestop:desk")
    return [
        WorkItem(_("Tickets waiting at the desk"), counts["waiting"], desk),
        WorkItem(_("Tickets handed over to you"), counts["handed"], desk),
    ]
