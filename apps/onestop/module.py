"""The One Stop desk as a module (`core.modules`): queue tickets and the 15-minute service
standard; the services it gives tickets for are declared by their own modules."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import DeskService, Module, Scope

MODULE = Module(
    code="onestop",
    title=_("One Stop desk"),
    summary=_("Queue tickets and the 15-minute service standard for every service."),
    order=10,
    shared=True,
    home="onestop:desk",
    url_prefix="desk/",
    urls="apps.onestop.urls",
    api_urls="api.v1.onestop.urls",
    roles=(
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.FINANCE_OFFICER,
        OfficeRole.APPROVER,
        OfficeRole.VIEWER,
    ),
    # Reading the queue and its statistics; serving at the desk is a person's (a named officer).
    scopes=(
        Scope("onestop:read", _("Read the desk's queue and statistics"), (OfficeRole.VIEWER,)),
    ),
    desk_services=(DeskService("other", "บริการอื่น ๆ", "Other services", "Z", display_order=90),),
    indicators="apps.onestop.indicators",
    key_indicators=("onestop.share_within_standard", "onestop.median_service_minutes"),
    worklist="apps.onestop.worklist.worklist",
    public_blocks=("onestop/public_desk.html",),
    public_context="apps.onestop.selectors.desk_public_context",
)
