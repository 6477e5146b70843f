"""What waits for a user in the revolving fund (the home page's "waiting for you")."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.revolvingfund.models import Application, ApplicationStatus, Round, RoundStatus
from apps.revolvingfund.permissions import COMMITTEE_ROLES, FUND_OFFICER_ROLES
from core import kit
from core.modules import WorkItem


def worklist(user: Any) -> list[WorkItem]:
    items: list[WorkItem] = []
    url = reverse("revolvingfund:home")
    if kit.may(user, *FUND_OFFICER_ROLES):
        waiting = Application.objects.filter(
            status__in=(ApplicationStatus.RECEIVED, ApplicationStatus.RETURNED)
        ).count()
        items.append(WorkItem(_("Fund applications to check"), waiting, url))
    if kit.may(user, *COMMITTEE_ROLES):
        ranked = Round.objects.filter(status=RoundStatus.RANKED).count()
        items.append(WorkItem(_("Fund rankings to confirm"), ranked, url))
    return items
