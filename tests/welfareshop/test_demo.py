"""The demo's Phatthalung Area 2 reproduces the report's section 2 through the services: 132
members at the end of FY 2557, the two rooms and two areas with a year of bookings, the
counter's tallies and an album; the section says 132 in Thai digits in the report's PDF."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django_tenants.utils import schema_context

from accounts.services import user_create
from apps.committees.models import AgendaItem, Meeting
from apps.welfareshop import indicators, selectors
from apps.welfareshop.models import Booking, EvidencePhoto, Member, Resource, ServiceTally
from apps.welfareshop.report import results
from core.demo import DemoContext
from core.thai import fiscal_year
from devdata.demo import office_demo_build
from tenants.models import Office
from tenants.services import office_create

pytestmark = pytest.mark.django_db
FY = fiscal_year(2557)
BUILDERS = ["apps.people.demo.build", "apps.welfareshop.demo.build"]


@pytest.fixture
def phatthalung2() -> Office:
    office = office_create(
        code="p2shop",
        name_th="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
        kind="primary",
        province="พัทลุง",
        region="south",
        area_number=2,
    )
    context = DemoContext(office_code="phatthalung2", fiscal_year=2557, officer="desk",
                          approver="boss", payer="cash")  # fmt: skip
    with schema_context(office.schema_name):
        user_create(username="desk", password=None, roles=["welfare_officer"])
        user_create(username="boss", password=None, roles=["approver"], position="ผู้อำนวยการ")
        user_create(username="cash", password=None, roles=["finance_officer"])
        office_demo_build(context, builders=BUILDERS)
    return office


def test_phatthalung2_has_132_members_at_the_end_of_fy_2557_and_its_report_says_so(
    phatthalung2: Office,
) -> None:
    with schema_context(phatthalung2.schema_name):
        assert indicators.members(FY) == 132
        assert selectors.members_on(date(2014, 9, 30)).count() == 132
        assert Member.objects.filter(status="left").count() == 4
        assert Member.objects.filter(status="rejected").count() == 2
        active = selectors.members_on(FY.end)
        assert active.filter(group="office").exists() and active.filter(group="school").exists()
        # Decided at the welfare committee's monthly meetings, each with its agenda item.
        meetings = Meeting.objects.filter(committee__kind="welfareshop.committee")
        assert meetings.count() >= 8 and all(m.is_closed for m in meetings)
        assert AgendaItem.objects.filter(
            subject__startswith="welfareshop.applications:"
        ).count() == (meetings.count())
        assert sorted(Resource.objects.values_list("name", flat=True)) == sorted(
            ["ห้องหม่อมจุ้ย", "ห้องนางแอ่น", "ระเบียงหน้าอาคาร", "ซุ้มไม้เลื้อย"]
        )
        figures = {f["resource"].name: f for f in selectors.booking_figures(FY)}
        assert all(f["bookings"] > 10 and f["hours"] > 10 for f in figures.values()), figures
        assert Booking.objects.filter(series__isnull=False).count() > 20
        assert Booking.objects.filter(school__isnull=False).exists()
        assert ServiceTally.objects.filter(day__gte=FY.start, day__lte=FY.end).count() > 400
        assert indicators.visits_served(FY) > 1000 and indicators.drinks_served(FY) > 3000
        assert EvidencePhoto.objects.filter(fiscal_year=2557).count() == 12
        assert selectors.statement(FY).closing > 0
        _section_2_says_132_in_thai_digits(phatthalung2)


def _section_2_says_132_in_thai_digits(phatthalung2: Office) -> None:
    """The report's section 2 from these records (one test with the above: the demo takes a
    minute to build)."""
    from pypdf import PdfReader

    from apps.reports.compose import report_build
    from apps.reports.rendering.pdf import report_pdf

    section = results(FY)
    assert section.lines[0] == "- มีสมาชิกร้านค้าสวัสดิการจำนวน 132 คน"
    assert {f.code: f.value for f in section.figures}["shop.members"] == 132
    assert {e.code: e.rows for e in section.evidence} == {
        "welfareshop.members": 132,
        "welfareshop.album": 12,
    }
    content = report_build(phatthalung2, FY)
    shop = next(s for s in content.sections if s.key == "welfareshop")
    assert shop.recorded and shop.number == "2"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report_pdf(content))).pages)
    text = re.sub(r"[\u200b\x00-\x1f]", "", text).replace("\u0e4d\u0e32", "\u0e33")
    squashed = re.sub(r"\s+", "", text)
    assert "มีสมาชิกร้านค้าสวัสดิการจำนวน๑๓๒คน" in squashed
    member_list = next(e for e in section.evidence if e.code == "welfareshop.members")
    assert member_list.pdf is not None and member_list.pdf().startswith(b"%PDF")
