"""In Chromium: the welfare officer sets up this year's health check (a campaign, a check point
today with one place, announced) and appoints a school's coordinator; the office's public page
shows the check point to anyone; the coordinator hands two teachers one-time codes; the first
teacher signs up on the public page with the code; the second is refused (the place is taken)
and joins the waiting list; on the day the officer checks the first in on the tablet list and
the summary counts one attendance."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

TITLE = "ตรวจสุขภาพประจำปี (ทดสอบเบราว์เซอร์)"
SCHOOL = "E2EHC01"
TEACHERS = ("3930100456781", "3930100456799")
VENUE = "หอประชุมโรงเรียนบ้านทดสอบ"


def _valid(twelve: str) -> str:
    from core.thai.national_id import national_id_check_digit

    return twelve + str(national_id_check_digit(twelve))


@pytest.fixture
def school_and_teachers(django_db_blocker: pytest.FixtureRequest) -> Iterator[list[str]]:
    from apps.healthchecks.models import (
        AccessCode,
        Campaign,
        CircularCounter,
        SchoolCoordinator,
        SignUp,
    )
    from apps.people.models import Person, School
    from core.thai import fiscal_year_of

    ids = [_valid(number[:12]) for number in TEACHERS]

    def clean() -> None:
        with schema_context("esa_alpha"):
            people = Person.objects.filter(national_id__in=ids)
            SignUp.objects.filter(person__in=people).delete()
            for campaign in Campaign.objects.filter(title=TITLE):
                campaign.checkpoints.all().delete()
                campaign.delete()
            AccessCode.objects.filter(person__in=people).delete()
            SchoolCoordinator.objects.filter(school__code=SCHOOL).delete()
            people.delete()
            School.objects.filter(code=SCHOOL).delete()
            CircularCounter.objects.filter(
                be_year=fiscal_year_of(timezone.localdate()).be_year
            ).delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        with schema_context("esa_alpha"):
            school = School.objects.create(code=SCHOOL, name_th="โรงเรียนบ้านทดสอบสุขภาพ")
            for number, (national_id, first) in enumerate(zip(ids, ("มาลี", "สมพร"), strict=True)):
                Person.objects.create(
                    national_id=national_id,
                    title="นาง",
                    first_name_th=first,
                    last_name_th=f"ใจดี{number}",
                    birth_date=date(1980, 1, 1),
                    category="teacher",
                    school=school,
                )
        try:
            yield ids
        finally:
            clean()


def test_a_health_check_from_set_up_to_the_summary(
    school_and_teachers: list[str], page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect

    from core.thai import fiscal_year_of, format_be_date

    assert isinstance(page, Page)
    first_id, second_id = school_and_teachers
    today = timezone.localdate()
    year = fiscal_year_of(today).be_year
    alpha = f"http://alpha.localhost:{web_server}"
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    # The campaign, one check point today with one place, announced.
    page.goto(f"{alpha}/healthchecks/new/")
    page.get_by_label("ปีงบประมาณ (พ.ศ.)").fill(str(year))
    page.get_by_label("ชื่อโครงการ").fill(TITLE)
    page.get_by_label("หน่วยงานที่ร่วมดำเนินการ").fill("สำนักงาน สกสค. จังหวัดทดสอบ")
    page.get_by_role("button", name="บันทึก").click()
    page.get_by_role("button", name="เพิ่มจุดตรวจ").click()
    page.get_by_label("วันที่").fill(format_be_date(today))
    page.get_by_label("จุดตรวจ (สถานที่)").fill(VENUE)
    page.get_by_label("อำเภอ/กลุ่มโรงเรียน").fill("อำเภอเมือง")
    page.get_by_label("จำนวนที่รับได้ (คน)").fill("1")
    page.get_by_label("ผู้ประสานงาน (ชื่อและโทรศัพท์)").fill("นางสาวสุดา โทร. 0 7468 1234")
    page.get_by_role("button", name="เพิ่มจุดตรวจ").click()
    page.get_by_role("button", name="ประกาศ (หน้าเว็บและหนังสือเวียน)").click()
    expect(page.locator("main")).to_contain_text(f"หนังสือเวียนที่ 0001/{year}")
    campaign_url = page.url

    # The school's coordinator: the viewer account, for the teachers' school.
    page.goto(f"{alpha}/healthchecks/coordinators/")
    page.get_by_label("บัญชีผู้ใช้ของผู้ประสานงาน (ชื่อผู้ใช้)").fill("viewer")
    page.get_by_label("สถานศึกษา", exact=True).select_option(label="โรงเรียนบ้านทดสอบสุขภาพ")
    page.get_by_role("button", name="แต่งตั้ง", exact=True).click()
    expect(page.locator("main")).to_contain_text("โรงเรียนบ้านทดสอบสุขภาพ")

    # Anyone: the office's public page shows the check point, no sign-in.
    assert page.context.browser is not None
    public = page.context.browser.new_context(locale="th-TH").new_page()
    public.goto(f"{alpha}/")
    expect(public.locator(".public-healthchecks")).to_contain_text(VENUE)

    # The coordinator hands out two codes.
    coordinator = page.context.browser.new_context(locale="th-TH").new_page()
    coordinator.goto(f"{alpha}/accounts/login/?next=/healthchecks/coordinate/")
    sign_in(coordinator, "viewer", PASSWORD)
    codes = []
    for name in ("นางมาลี ใจดี0", "นางสมพร ใจดี1"):
        coordinator.get_by_label("บุคลากร").last.select_option(label=name)
        coordinator.get_by_role("button", name="ออกรหัส").click()
        codes.append(coordinator.locator("[data-code]").inner_text())
    assert all(len(code) == 8 for code in codes) and codes[0] != codes[1]

    # The first teacher signs up with her code; the second finds the place taken.
    def sign_up(national_id: str, code: str) -> None:
        public.goto(f"{alpha}/h/")
        form = public.locator("form").filter(has_text="รหัสใช้ครั้งเดียว").last
        form.get_by_label("เลขประจำตัวประชาชน").fill(national_id)
        form.get_by_label("รหัสใช้ครั้งเดียว").fill(code)
        form.get_by_label("จุดตรวจและวัน").select_option(index=1)
        form.get_by_role("button", name="ลงทะเบียน").click()

    sign_up(first_id, codes[0])
    expect(public.locator("[data-signed-up]")).to_contain_text(VENUE)
    sign_up(second_id, codes[1])
    expect(public.locator("main")).to_contain_text("เต็มแล้ว")
    expect(public.locator("[data-signed-up]")).to_have_count(0)
    public.get_by_label("ถ้าเต็ม ขอลงชื่อสำรอง").check()
    public.get_by_label("รหัสใช้ครั้งเดียว").fill(codes[1])
    public.get_by_role("button", name="ลงทะเบียน", exact=True).click()
    expect(public.locator("[data-signed-up]")).to_contain_text("ท่านอยู่ในรายชื่อสำรอง")

    # On the day: the officer checks the first teacher in on the tablet list.
    page.goto(campaign_url)
    page.get_by_role("link", name=VENUE).click()
    row = page.locator("tr").filter(has_text="มาลี")
    row.get_by_role("button", name="มาตรวจแล้ว").click()
    expect(page.locator("tr").filter(has_text="มาลี")).to_contain_text("✓")

    # The summary for สกสค.: one booked, one waiting, one came (a teacher).
    page.goto(campaign_url)
    page.get_by_role("link", name="สรุปผู้มารับบริการ").click()
    cells = page.locator("tbody tr").first.locator("td")
    expect(cells.nth(2)).to_have_text("1")
    expect(cells.nth(3)).to_have_text("1")
    expect(cells.nth(4)).to_have_text("1")
    expect(page.locator("thead")).to_contain_text("ข้าราชการครู")
