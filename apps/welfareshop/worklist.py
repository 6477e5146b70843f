"""What waits in the welfare shop, for the home page: applications to check (the welfare
officer) and checked ones waiting for the committee's decision (the chair)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.welfareshop.models import Member, MemberStatus
from apps.welfareshop.permissions import APPROVER_ROLES, SHOP_OFFICER_ROLES
from core import kit
from core.modules import WorkItem


def worklist(user: Any) -> list[WorkItem]:
    items = []
    url = reverse("welfareshop:members")
    if kit.may(user, *SHOP_OFFICER_ROLES):
        count = Member.objects.filter(status=MemberStatus.APPLIED).count()
        if count:
            items.append(WorkItem(_("Shop applications to check"), count, url))
    if kit.may(user, *APPROVER_ROLES, *SHOP_OFFICER_ROLES):
        count = Member.objects.filter(status=MemberStatus.CHECKED).count()
        if count:
            items.append(
                WorkItem(
                    _("Shop applications for the welfare committee"),
                    count,
                    reverse("welfareshop:committee"),
                )
            )
    return items
