"""Who does what with the revolving fund."""

from __future__ import annotations

from accounts.roles import OfficeRole

# Open a round, publish its call, receive files at the desk, check them, prepare the ranking:
# the welfare officer (the subcommittee's secretary's staff), who may read pay data.
FUND_OFFICER_ROLES: tuple[str, ...] = (OfficeRole.WELFARE_OFFICER,)
# Score applications and confirm the subcommittee's result: its members. The one who prepared
# the ranking never confirms it (separation of duties: money is allocated).
COMMITTEE_ROLES: tuple[str, ...] = (OfficeRole.FUND_COMMITTEE,)
# Read the files (debt data is sensitive): the officers, the subcommittee, the director.
FILE_READER_ROLES: tuple[str, ...] = (
    *FUND_OFFICER_ROLES,
    *COMMITTEE_ROLES,
    OfficeRole.APPROVER,
)
# Read the register of approvals (no debts; national IDs masked unless a file reader).
REGISTER_READER_ROLES: tuple[str, ...] = (
    *FILE_READER_ROLES,
    OfficeRole.OFFICE_ADMIN,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.VIEWER,
)
