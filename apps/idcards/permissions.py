"""Who does what with ID cards."""

from __future__ import annotations

from accounts.roles import OfficeRole

# Receive, check, print and hand over at the desk.
CARD_OFFICER_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN, OfficeRole.WELFARE_OFFICER)
# Approve an application: the director, or an official the director delegated the power to
# by a dated order (`APPROVE_POWER`, `apps.delegations`). Never the one who received or checked
# it (separation of duties, `services.card_application_approve`).
APPROVER_ROLES: tuple[str, ...] = (OfficeRole.APPROVER,)
APPROVE_POWER = "idcards.approve"
# See the applicant's photo: those who handle the card.
PHOTO_READER_ROLES: tuple[str, ...] = (*CARD_OFFICER_ROLES, OfficeRole.APPROVER)
# Read the register (national IDs are masked for those apps.people does not show them to).
REGISTER_READER_ROLES: tuple[str, ...] = (
    *CARD_OFFICER_ROLES,
    OfficeRole.APPROVER,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.VIEWER,
)
