"""The welfare shop and its rooms and rest areas as a module (`core.modules`): members of the
shop with their fee or share (cash or salary deduction, `apps.payroll`), the welfare
committee's decisions, rooms and open areas booked by time (overlaps refused by the database),
the counter's daily tally, photos as evidence, the shop's cash book, the member list register
and section 2 of the annual report."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import DeskService, FeedResource, Module, Register, Scope

MEMBER = "welfareshop.member"
BOOKING = "welfareshop.booking"

MODULE = Module(
    code="welfareshop",
    title=_("Welfare shop and rooms"),
    summary=_("Shop members, room and area bookings, the daily tally, photos and accounts."),
    order=48,
    home="welfareshop:home",
    url_prefix="welfareshop/",
    urls="apps.welfareshop.urls",
    api_urls="api.v1.welfareshop.urls",
    roles=(
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.APPROVER,
        OfficeRole.FINANCE_OFFICER,
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.VIEWER,
    ),
    scopes=(
        Scope(
            "welfareshop:read",
            _("Read welfare shop members and room bookings"),
            (OfficeRole.VIEWER,),
        ),
    ),
    desk_services=(
        DeskService(
            "shop_membership",
            "สมัครสมาชิกร้านค้าสวัสดิการ",
            "Welfare shop membership",
            "S",
            standard_minutes=15,
            display_order=50,
            entry="welfareshop:member_new",
        ),
        DeskService(
            "room_booking",
            "จองห้องและพื้นที่",
            "Room and area booking",
            "R",
            standard_minutes=10,
            display_order=55,
            entry="welfareshop:booking_new",
        ),
    ),
    feed_resources=(
        FeedResource(
            MEMBER,
            "A member of the office's welfare shop: the application, its check and the "
            "committee's decision, suspension and leaving.",
            "apps.welfareshop.payloads.member_payload",
            "welfareshop:read",
            path="/api/v1/welfareshop/members/{id}/",
            fires="`created` when an application is received; `updated` at each step (checked, "
            "approved or not, suspended, reinstated, left).",
            example="apps.welfareshop.payloads.MEMBER_EXAMPLE",
        ),
        FeedResource(
            BOOKING,
            "A booking of one of the office's rooms or open areas (no names: who booked is "
            "the office's or a school's).",
            "apps.welfareshop.payloads.booking_payload",
            "welfareshop:read",
            path="/api/v1/welfareshop/bookings/{id}/",
            fires="`created` when booked; `updated` when cancelled.",
            example="apps.welfareshop.payloads.BOOKING_EXAMPLE",
        ),
    ),
    indicators="apps.welfareshop.indicators",
    key_indicators=("shop.members",),
    registers=(
        Register(
            "welfareshop.members",
            _("List of the welfare shop's members"),
            "welfareshop:members",
        ),
        Register(
            "welfareshop.album",
            _("Photos of the rooms and rest areas in use"),
            "welfareshop:album",
        ),
    ),
    report_section="apps.welfareshop.report.SECTION",
    public_blocks=("welfareshop/public_rooms.html",),
    public_context="apps.welfareshop.selectors.public_context",
    demo="apps.welfareshop.demo.build",
    worklist="apps.welfareshop.worklist.worklist",
)
