"""Salary certificates for bank loans as a module (`core.modules`): requests at the desk with
the net-pay check (`apps.payroll`), the office's certificate and the bank's own form, signing by
the director or a dated delegate, a public verification page, the register and indicators."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import DeskService, FeedResource, Module, Register, Scope

CERTIFICATE = "certificates.certificate"

MODULE = Module(
    code="certificates",
    title=_("Salary certificates"),
    summary=_("Certificates for bank loans with the net-pay check, verifiable by QR code."),
    order=45,
    home="certificates:register",
    url_prefix="certificates/",
    urls="apps.certificates.urls",
    api_urls="api.v1.certificates.urls",
    roles=(
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.APPROVER,
        OfficeRole.FINANCE_OFFICER,
        OfficeRole.VIEWER,
    ),
    scopes=(
        Scope(
            "certificates:read",
            _("Read salary certificates"),
            (OfficeRole.FINANCE_OFFICER,),
        ),
    ),
    desk_services=(
        DeskService(
            "salary_certificate",
            "หนังสือรับรองเงินเดือน",
            "Salary certificate",
            "D",
            display_order=40,
            entry="certificates:request_new",
        ),
    ),
    feed_resources=(
        FeedResource(
            CERTIFICATE,
            "A salary certificate for a bank loan, signed and issued.",
            "apps.certificates.payloads.certificate_payload",
            "certificates:read",
            path="/api/v1/certificates/certificates/{id}/",
            fires="`created` when the certificate is signed (it has its number); `updated` when "
            "it is handed over, revoked, superseded or the bank's decision is recorded.",
            example="apps.certificates.payloads.CERTIFICATE_EXAMPLE",
        ),
    ),
    indicators="apps.certificates.indicators",
    # One column in the central table of all offices (it must fit a laptop); per bank on the
    # indicator pages and in the annual report.
    key_indicators=("certificates.issued.total",),
    registers=(
        Register(
            "certificates.register",
            _("Register of salary certificates for loans from financial institutions"),
            "certificates:register",
        ),
    ),
    report_section="apps.certificates.report.SECTION",
    delegable=(("certificates.sign", _("Sign salary certificates for bank loans")),),
    public_blocks=("certificates/public_verify.html",),
    demo="apps.certificates.demo.build",
    worklist="apps.certificates.worklist.worklist",
)
