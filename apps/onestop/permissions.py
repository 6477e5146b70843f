"""Which office roles do what at the One Stop desk (role codes from `accounts.roles`)."""

from __future__ import annotations

from accounts.roles import OfficeRole

# Serve at the desk: take tickets, call, start, complete, hand over, cancel.
DESK_ROLES: tuple[str, ...] = (
    OfficeRole.WELFARE_OFFICER,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.OFFICE_ADMIN,
)
# Read the desk's statistics (the numbers of the annual report).
STATISTICS_ROLES: tuple[str, ...] = (*DESK_ROLES, OfficeRole.APPROVER, OfficeRole.VIEWER)
# Change service types' standards, names and availability.
SERVICE_TYPE_ADMIN_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN,)
