"""State-official ID cards as a module (`core.modules`): the example to copy for a new
welfare module (`apps/README.md`)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import DeskService, FeedResource, Module, Register, Scope

CARD = "idcards.card"

MODULE = Module(
    code="idcards",
    title=_("State-official ID cards"),
    summary=_("Applications, card numbers, the register of ID-card requests."),
    order=30,
    home="idcards:register",
    url_prefix="idcards/",
    urls="apps.idcards.urls",
    api_urls="api.v1.idcards.urls",
    roles=(
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.APPROVER,
        OfficeRole.FINANCE_OFFICER,
        OfficeRole.VIEWER,
    ),
    scopes=(Scope("idcards:read", _("Read ID card applications"), (OfficeRole.FINANCE_OFFICER,)),),
    desk_services=(
        DeskService(
            "id_card",
            "บัตรประจำตัวเจ้าหน้าที่ของรัฐ",
            "State-official ID card",
            "A",
            display_order=10,
            entry="idcards:application_new",
        ),
    ),
    feed_resources=(
        FeedResource(
            CARD,
            "An identity card issued (printed) and handed over.",
            "apps.idcards.payloads.card_payload",
            "idcards:read",
            path="/api/v1/idcards/applications/{id}/",
            fires="`created` when the card is printed (it has its number); `updated` when it "
            "is handed over.",
            example="apps.idcards.payloads.CARD_EXAMPLE",
        ),
    ),
    indicators="apps.idcards.indicators",
    key_indicators=("idcards.issued.teacher",),
    registers=(
        Register("idcards.register", _("Register of ID-card requests"), "idcards:register"),
    ),
    delegable=(("idcards.approve", _("Approve ID-card applications")),),
    report_section="apps.idcards.report.SECTION",
    demo="apps.idcards.demo.build",
    worklist="apps.idcards.worklist.worklist",
)
