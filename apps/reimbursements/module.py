"""Medical and child-education claims as a module (`core.modules`)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import DeskService, FeedResource, Module, Register, Scope

PAYMENT = "payments.payment"

MODULE = Module(
    code="reimbursements",
    title=_("Medical and child-education claims"),
    summary=_("Cash payment of claims with receipts, within 15 minutes."),
    order=40,
    home="reimbursements:claim_list",
    url_prefix="claims/",
    urls="apps.reimbursements.urls",
    api_urls="api.v1.reimbursements.urls",
    central_api_urls="api.v1.reimbursements.central_urls",
    roles=(
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.APPROVER,
        OfficeRole.FINANCE_OFFICER,
    ),
    scopes=(
        Scope("claims:read", _("Read claims"), (OfficeRole.FINANCE_OFFICER,)),
        Scope("payments:read", _("Read payments"), (OfficeRole.FINANCE_OFFICER,)),
    ),
    desk_services=(
        DeskService(
            "medical_claim",
            "เบิกค่ารักษาพยาบาล",
            "Medical expense claim",
            "B",
            display_order=20,
            entry="reimbursements:medical_new",
        ),
        DeskService(
            "child_education_claim",
            "เบิกค่าการศึกษาบุตร",
            "Child education allowance claim",
            "C",
            display_order=30,
            entry="reimbursements:child_education_new",
        ),
    ),
    feed_resources=(
        FeedResource(
            PAYMENT,
            "A reimbursement paid.",
            "apps.reimbursements.payloads.payment_payload",
            "payments:read",
            path="/api/v1/reimbursements/payments/{id}/",
            fires="`created` when a claim is paid (the payment has its number).",
            example="apps.reimbursements.payloads.PAYMENT_EXAMPLE",
        ),
    ),
    indicators="apps.reimbursements.indicators",
    key_indicators=(
        "reimbursements.medical.paid.teacher",
        "reimbursements.child_education.paid",
        "reimbursements.medical.amount",
        "reimbursements.child_education.amount",
    ),
    registers=(
        Register(
            "reimbursements.medical",
            _("Register of medical payments"),
            "reimbursements:medical_register",
        ),
        Register(
            "reimbursements.child_education",
            _("Register of child-education payments"),
            "reimbursements:child_education_register",
        ),
    ),
    report_section="apps.reimbursements.report.SECTION",
    demo="apps.reimbursements.demo.build",
    worklist="apps.reimbursements.worklist.worklist",
)
