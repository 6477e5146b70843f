"""Who does what with claims.

Claims carry health data (PDPA §26: sensitive) and money, so only the staff who handle them
read them: the desk's welfare officers (and the office administrator), the finance officer who
pays, and the director who approves. Viewers and the fund subcommittee see none of it.
"""

from __future__ import annotations

from typing import Any

from accounts.roles import OfficeRole
from core import kit

# Receive claims at the desk, check them, return them, attach scans.
CLAIM_OFFICER_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN, OfficeRole.WELFARE_OFFICER)
# Approve any amount. Claim officers approve up to the office's threshold
# (`ReimbursementSettings.approval_threshold`); above it, only these roles.
DIRECTOR_ROLES: tuple[str, ...] = (OfficeRole.APPROVER,)
APPROVER_ROLES: tuple[str, ...] = (*CLAIM_OFFICER_ROLES, *DIRECTOR_ROLES)
# Pay in cash and print the receipt.
PAYER_ROLES: tuple[str, ...] = (OfficeRole.FINANCE_OFFICER,)
# Read claims, their scans and the registers.
READER_ROLES: tuple[str, ...] = (*CLAIM_OFFICER_ROLES, *DIRECTOR_ROLES, *PAYER_ROLES)
# Change the office's approval threshold.
SETTINGS_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN,)


def can_read_claims(user: Any) -> bool:
    return kit.may(user, *READER_ROLES)


def can_handle_claims(user: Any) -> bool:
    return kit.may(user, *CLAIM_OFFICER_ROLES)


def can_pay_claims(user: Any) -> bool:
    return kit.may(user, *PAYER_ROLES)


def is_director(user: Any) -> bool:
    return kit.may(user, *DIRECTOR_ROLES)
