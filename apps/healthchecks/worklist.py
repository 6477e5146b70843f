"""What waits for a user in the health check (the home page's "waiting for you"): campaigns
still being agreed, and check points of today to check people in at."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.healthchecks.models import Campaign, CampaignStatus, CheckPoint
from apps.healthchecks.permissions import HEALTH_OFFICER_ROLES
from core import kit
from core.modules import WorkItem


def worklist(user: Any) -> list[WorkItem]:
    if not kit.may(user, *HEALTH_OFFICER_ROLES):
        return []
    url = reverse("healthchecks:campaigns")
    drafts = Campaign.objects.filter(status=CampaignStatus.DRAFT).count()
    today = CheckPoint.objects.filter(
        day=timezone.localdate(),
        campaign__status__in=[CampaignStatus.ANNOUNCED, CampaignStatus.CLOSED],
    ).count()
    return [
        WorkItem(_("Health-check campaigns to announce"), drafts, url),
        WorkItem(_("Health-check points today"), today, url),
    ]
