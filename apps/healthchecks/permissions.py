"""Who does what in the annual health check."""

from __future__ import annotations

from typing import Any

from accounts.roles import OfficeRole

# Agree the campaign and its check points, announce and close it, sign people up at the desk,
# appoint schools' coordinators, check people in on the day, record consents: the welfare
# officer.
HEALTH_OFFICER_ROLES: tuple[str, ...] = (OfficeRole.WELFARE_OFFICER,)
# Read the schedule, the rosters and the summary (counts): the office's staff. Names on the
# rosters are ordinary personal data (sign-up and attendance), never a result.
READER_ROLES: tuple[str, ...] = (
    *HEALTH_OFFICER_ROLES,
    OfficeRole.OFFICE_ADMIN,
    OfficeRole.APPROVER,
    OfficeRole.VIEWER,
)


def is_coordinator(user: Any) -> bool:
    """Whether `user` coordinates the health check for a school (`SchoolCoordinator`)."""
    from apps.healthchecks.models import SchoolCoordinator

    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and SchoolCoordinator.objects.filter(user=user).exists()
    )
