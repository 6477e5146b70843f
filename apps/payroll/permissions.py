"""Who may see and change payroll data: the one place the rule is written.

Salaries and debts are personal data (PDPA): only the roles whose work needs them see them —
finance officers (who keep the office's pay data) and welfare officers (who prepare salary
certificates and fund loans). Approvers, viewers, fund subcommittee members and office
administrators do not; nobody has self-service access. Office administrators keep the
net-pay rule (policy data, no personal data).
"""

from __future__ import annotations

from typing import Any

from accounts.roles import OfficeRole
from core import kit

PAYROLL_ROLES: tuple[str, ...] = (OfficeRole.FINANCE_OFFICER, OfficeRole.WELFARE_OFFICER)
RULE_EDITOR_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN, OfficeRole.FINANCE_OFFICER)


def can_use_payroll(user: Any) -> bool:
    """Read and change payslips and deduction instructions; import files."""
    return kit.may(user, *PAYROLL_ROLES)


def can_edit_rules(user: Any) -> bool:
    """Add a version of the net-pay rule."""
    return kit.may(user, *RULE_EDITOR_ROLES)
