"""Who does what in the welfare shop (ร้านค้าสวัสดิการ) and its rooms."""

from __future__ import annotations

from accounts.roles import OfficeRole

# Receive and check applications, suspend or record a member's leaving, keep the rooms, the
# daily tally, the photos and the accounts: the welfare officer (the shop's secretary).
SHOP_OFFICER_ROLES: tuple[str, ...] = (OfficeRole.WELFARE_OFFICER,)
# Decide an application: the welfare committee (`apps.committees`): at a held meeting, its
# resolution recorded by the secretariat, or its chair alone where the office's settings say
# so (the chair's seat, linked by account, is checked in the service, not a role). These
# roles see the committee's waiting applications on the home page.
APPROVER_ROLES: tuple[str, ...] = (OfficeRole.APPROVER,)
# Record takings and spending: the welfare officer or finance; never the one who recorded an
# entry corrects it alone (a correction is a new entry).
ACCOUNTS_ROLES: tuple[str, ...] = (OfficeRole.WELFARE_OFFICER, OfficeRole.FINANCE_OFFICER)
# Book a room or area for the office's own work: any member of the office staff with an account.
BOOKER_ROLES: tuple[str, ...] = tuple(OfficeRole.values)
# Read the member list and the accounts (names and fees: not for every account).
READER_ROLES: tuple[str, ...] = (
    OfficeRole.WELFARE_OFFICER,
    OfficeRole.OFFICE_ADMIN,
    OfficeRole.APPROVER,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.VIEWER,
)
