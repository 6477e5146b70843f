"""Who does what with salary certificates."""

from __future__ import annotations

from accounts.roles import OfficeRole

# Receive a request at the desk, run the net-pay check, prepare the certificate for signing,
# hand it over, record the bank's decision, revoke: the welfare officer, who may read pay data
# (`apps.payroll.permissions`); the office admin may not.
CERTIFICATE_OFFICER_ROLES: tuple[str, ...] = (OfficeRole.WELFARE_OFFICER,)
# Sign: the director, or an official the director delegated the power to by a dated order
# (`SIGN_POWER`, `apps.delegations`). Never the one who prepared it (separation of duties).
SIGNER_ROLES: tuple[str, ...] = (OfficeRole.APPROVER,)
SIGN_POWER = "certificates.sign"
# Read the register and the certificates (pay figures are personal data: those who handle
# them, the signer and finance; viewers see the register with masked national IDs).
REGISTER_READER_ROLES: tuple[str, ...] = (
    *CERTIFICATE_OFFICER_ROLES,
    OfficeRole.OFFICE_ADMIN,
    OfficeRole.APPROVER,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.VIEWER,
)
