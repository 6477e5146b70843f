"""The welfare shop's section of the annual report (section 2 of the outline, key
"welfareshop"): members at the fiscal year's end (the 2557 report's 132), what the counter
served and how the rooms and areas were used, with the member list and the year's album as
evidence."""

from __future__ import annotations

from apps.welfareshop import indicators, selectors
from apps.welfareshop.documents import MEMBER_LIST_TITLE
from apps.welfareshop.models import ResourceKind
from core.reporting import Evidence, Figure, ReportSection, SectionResults
from core.thai import FiscalYear

DEFAULT_METHODS = (
    "- ปี {fiscal_year} จัดหางบประมาณต่อเติมห้องด้านหน้าอาคารสำนักงานจำนวน 2 ห้อง "
    "ระเบียงหน้าอาคาร และจัดทำซุ้มนั่งพักผ่อน\n"
    "- ห้องหม่อมจุ้ย จัดเป็นร้านค้าสวัสดิการ จัดบริการเครื่องดื่มฟรีแก่บุคลากรในสำนักงานและโรงเรียน "
    "และใช้เป็นที่รับแขก นั่งพักผ่อน พบปะ หรือประชุมย่อย\n"
    "- ห้องนางแอ่น เป็นห้องนั่งพักมีวัสดุอุปกรณ์อำนวยความสะดวก เช่น เครื่องคอมพิวเตอร์ "
    "เครื่องเสียง เครื่องโทรทัศน์ บริการบุคลากรจากโรงเรียนที่มาติดต่อราชการ"
)


def _member_list_pdf(fiscal_year: FiscalYear) -> bytes:
    from apps.welfareshop import documents
    from apps.welfareshop.services import shop_settings
    from tenants.requests import current_office

    return documents.member_list_pdf(
        selectors.member_register(on=fiscal_year.end),
        office_name=office.name_th if (office := current_office()) is not None else "",
        shop_name=shop_settings().shop_name,
        on=fiscal_year.end,
        thai_digits=False,
        full_ids=True,
    )


def _album_pdf(fiscal_year: FiscalYear) -> bytes:
    from apps.welfareshop import documents
    from tenants.requests import current_office

    return documents.album_pdf(
        selectors.album(fiscal_year=fiscal_year.be_year),
        office_name=office.name_th if (office := current_office()) is not None else "",
        be_year=fiscal_year.be_year,
        thai_digits=False,
    )


def _hours(value: object) -> str:
    text = f"{value}"
    return text[:-2] if text.endswith(".0") else text


def results(fiscal_year: FiscalYear) -> SectionResults:
    """The figures from the indicators' summaries of the year (already computed while the
    collection builds the report); the album's photos are counted here only."""
    members = indicators.members_at_year_end(fiscal_year)
    served = indicators.served_in(fiscal_year)
    rooms = indicators.booking_figures(fiscal_year)
    lines = [f"- มีสมาชิกร้านค้าสวัสดิการจำนวน {members} คน"]
    if served["drink"] or served["visit"]:
        lines.append(
            f"- มีผู้มาใช้บริการตามวัตถุประสงค์ บริการเครื่องดื่มฟรี {served['drink']} แก้ว "
            f"รับรองผู้มาติดต่อ {served['visit']} คน"
        )
    used = [f for f in rooms if f["bookings"]]
    if used:
        parts = [
            f"{f['resource'].name} {f['bookings']} ครั้ง {_hours(f['hours'])} ชั่วโมง" for f in used
        ]
        lines.append("- การใช้ห้องและพื้นที่ " + " ".join(parts))
    figures = [
        Figure("shop.members", "สมาชิกร้านค้าสวัสดิการ ณ สิ้นปีงบประมาณ", members, "คน"),
        Figure("shop.drinks_served", "เครื่องดื่มบริการฟรี", served["drink"], "ครั้ง"),
        Figure("shop.visits_served", "ผู้มาติดต่อที่ได้รับการรับรอง", served["visit"], "ราย"),
        Figure(
            "shop.room_bookings",
            "การจองห้อง",
            sum(f["bookings"] for f in rooms if f["resource"].kind == ResourceKind.ROOM),
            "ครั้ง",
        ),
    ]
    photos = selectors.album(fiscal_year=fiscal_year.be_year).count()
    evidence = [
        Evidence(
            "welfareshop.members",
            f"{MEMBER_LIST_TITLE} ณ วันสิ้นปีงบประมาณ {fiscal_year.be_year}",
            members,
            pdf=lambda: _member_list_pdf(fiscal_year),
        ),
        Evidence(
            "welfareshop.album",
            f"ภาพการใช้บริการร้านค้าสวัสดิการ ห้องและพื้นที่นั่งพักผ่อน ปี {fiscal_year.be_year}",
            photos,
            pdf=lambda: _album_pdf(fiscal_year),
        ),
    ]
    return SectionResults(lines=tuple(lines), figures=tuple(figures), evidence=tuple(evidence))


SECTION = ReportSection(key="welfareshop", default_methods=DEFAULT_METHODS, results=results)
