"""Who may do what with the register of people: the one place the rule is written.

- office administrators and welfare officers keep the register (create, edit, import);
- finance officers and approvers read full records (national ID, salary);
- viewers and fund subcommittee members read lists and records with the national ID masked
  and the salary hidden (PDPA: they do not need them).
"""

from __future__ import annotations

from typing import Any

from accounts.roles import OfficeRole
from core import kit

EDITOR_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN, OfficeRole.WELFARE_OFFICER)
FULL_READER_ROLES: tuple[str, ...] = (
    *EDITOR_ROLES,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.APPROVER,
)
READER_ROLES: tuple[str, ...] = (
    *FULL_READER_ROLES,
    OfficeRole.VIEWER,
    OfficeRole.FUND_COMMITTEE,
)


def can_read_people(user: Any) -> bool:
    """Lists, and records with the sensitive fields masked."""
    return kit.may(user, *READER_ROLES)


def can_see_national_id(user: Any) -> bool:
    """Full national IDs and salaries, in lists, records and exports."""
    return kit.may(user, *FULL_READER_ROLES)


def can_edit_people(user: Any) -> bool:
    """Create and edit people, families and schools; import files."""
    return kit.may(user, *EDITOR_ROLES)
