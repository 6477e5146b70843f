"""The annual health check with สกสค. as a module (`core.modules`): campaigns and their check
points, the announcement on the public page and the circular to schools, sign-up (desk, school
coordinator, public page with a one-time code) within capacity, attendance on the day, the
schedule register and the participation summary (counts only, never results)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import DeskService, FeedResource, Module, Register, Scope

CAMPAIGN = "healthchecks.campaign"

MODULE = Module(
    code="healthchecks",
    title=_("Annual health check"),
    summary=_(
        "Check points and dates agreed with the teachers' welfare office; sign-up and attendance."
    ),
    order=60,
    home="healthchecks:campaigns",
    url_prefix="healthchecks/",
    urls="apps.healthchecks.urls",
    api_urls="api.v1.healthchecks.urls",
    roles=(
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.APPROVER,
        OfficeRole.VIEWER,
    ),
    scopes=(
        Scope(
            "healthchecks:read",
            _("Read health-check campaigns and attendance counts"),
            (OfficeRole.VIEWER,),
        ),
    ),
    desk_services=(
        DeskService(
            "health_check",
            "ลงทะเบียนตรวจสุขภาพประจำปี",
            "Annual health check sign-up",
            "H",
            standard_minutes=10,
            display_order=60,
            entry="healthchecks:signup_desk",
        ),
    ),
    feed_resources=(
        FeedResource(
            CAMPAIGN,
            "A health-check campaign with its check points and counts (no personal data).",
            "apps.healthchecks.payloads.campaign_payload",
            "healthchecks:read",
            path="/api/v1/healthchecks/campaigns/{id}/",
            fires="`created` when the campaign is agreed; `updated` when a check point is added, "
            "when it is announced or closed, and at each sign-up, cancellation or check-in "
            "(the counts change).",
            example="apps.healthchecks.payloads.CAMPAIGN_EXAMPLE",
        ),
    ),
    indicators="apps.healthchecks.indicators",
    key_indicators=("healthcheck.campaign.days",),
    registers=(
        Register(
            "healthchecks.schedule",
            _("Annual health-check schedule"),
            "healthchecks:campaigns",
        ),
    ),
    report_section="apps.healthchecks.report.SECTION",
    public_blocks=("healthchecks/public_block.html",),
    public_context="apps.healthchecks.selectors.public_context",
    demo="apps.healthchecks.demo.build",
    worklist="apps.healthchecks.worklist.worklist",
)
