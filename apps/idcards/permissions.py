"""Who does what with ID cards."""

from __future__ import annotations

from accounts.roles import OfficeRole

# Receive, check, print and hand over at the desk.
CARD_OFFICER_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN, OfficeRole.WELFARE_OFFICER)
# Approve an application. The welfare officer in charge approves at the desk, as the 15-minute
# standard needs (the card is made while the person waits); the director may too.
APPROVER_ROLES: tuple[str, ...] = (*CARD_OFFICER_ROLES, OfficeRole.APPROVER)
# Read the register (national IDs are masked for those apps.people does not show them to).
REGISTER_READER_ROLES: tuple[str, ...] = (
    *CARD_OFFICER_ROLES,
    OfficeRole.APPROVER,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.VIEWER,
)
