"""The demo's Phatthalung Area 2, FY 2557, at full scale (the reference's figures): the report
composed from the registers, reviewed, submitted and frozen, then a later change of the data
shown as a difference, and the central copy. One load of the demo for all of it."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.services import user_create
from apps.idcards.models import CardApplication
from apps.reports import services
from apps.reports.compose import (
    evidence_completeness,
    report_build,
    report_changes,
    report_content,
)
from apps.reports.content import ReportContent
from apps.reports.indicators import submitted
from apps.reports.models import AnnualReport, ReportStatus
from central.reports import SubmittedReport, national_summary
from core.demo import DemoContext
from core.thai import fiscal_year
from devdata.demo import DEMO_FISCAL_YEAR, office_demo_build
from tenants.models import Office
from tenants.services import office_create

pytestmark = pytest.mark.django_db

FY = fiscal_year(2557)
NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"


@pytest.fixture
def phatthalung2() -> Office:
    office = office_create(
        code="p2report",
        name_th=NAME,
        kind="primary",
        province="พัทลุง",
        region="south",
        area_number=2,
    )
    context = DemoContext(
        office_code="phatthalung2",
        fiscal_year=DEMO_FISCAL_YEAR,
        scale=1,
        officer="desk",
        approver="boss",
        payer="cash",
    )
    with schema_context(office.schema_name):
        user_create(username="desk", password=None, roles=["welfare_officer"])
        # The director also chairs the fund's subcommittee (as the demo's director does).
        user_create(
            username="boss",
            password=None,
            roles=["approver", "fund_committee"],
            position="ผู้อำนวยการ",
        )
        user_create(username="cash", password=None, roles=["finance_officer"])
        office_demo_build(context)
    return office


def _squash(text: str) -> str:
    """Text without whitespace and the extraction artefacts around SARA AM (lines wrap between
    Thai words, so text is compared without the spaces a wrap adds or takes)."""
    text = re.sub(r"[\u200b\x00-\x1f]", "", text).replace("\u0e4d\u0e32", "\u0e33")
    return re.sub(r"\s+", "", text)


def _documents_say(content: ReportContent) -> None:
    """The PDF's and the DOCX's text (Thai digits) holds each figure's result line, and none
    of the reference's typos."""
    from docx import Document
    from pypdf import PdfReader

    from apps.reports.rendering.docx import report_docx
    from apps.reports.rendering.pdf import report_pdf

    pdf = PdfReader(io.BytesIO(report_pdf(content)))
    pdf_text = _squash(" ".join(page.extract_text() for page in pdf.pages))
    docx_text = _squash(
        " ".join(p.text for p in Document(io.BytesIO(report_docx(content))).paragraphs)
    )
    for phrase in (
        "ข้าราชการครู จำนวน ๒๖๑ ราย และข้าราชการบำนาญ ๓๒ ราย",
        "ค่ารักษาพยาบาลแก่ข้าราชการครูฯ จำนวน ๑๙๙ ครั้ง",
        "ข้าราชการบำนาญ ๖๓ ครั้ง",
        "ค่าการศึกษาบุตร จำนวน ๓๙๘ ครั้ง",
        "ธนาคารออมสิน จำนวน ๑๑ ราย",
        "ธนาคารกรุงไทย จำนวน ๑๐ ราย",
        "ธนาคารอาคารสงเคราะห์ จำนวน ๔ ราย",
        "มีสมาชิกร้านค้าสวัสดิการจำนวน ๑๓๒ คน",
        "ครั้งที่ ๑ จำนวน ๕ ราย ครั้งที่ ๒ จำนวน ๑๑ ราย",
        "ในเขตพื้นที่ระหว่างวันที่ ๒๖ – ๓๐ กันยายน ๒๕๕๗",
    ):
        assert _squash(phrase) in pdf_text, phrase
        assert _squash(phrase) in docx_text, phrase
    for typo in ("สำนักงานเขตพื้นจัด", "ทำหน้าพิจารณา", "ข้าราชครู", "ระบียง", "การการ"):
        assert typo not in pdf_text and typo not in docx_text


def _figures(content: ReportContent) -> dict[str, object]:
    return {f.code: f.value for s in content.sections for f in s.figures}


def _text(content: ReportContent) -> str:
    parts = [content.heading.standard, content.heading.indicator, content.heading.item]
    parts.append(content.opening)
    for section in content.sections:
        parts += [section.title, section.methods, *section.results]
    return "\n".join(parts)


def test_the_demo_report_of_2557_has_the_reference_figures_and_flows_to_the_centre(
    phatthalung2: Office,
) -> None:
    with schema_context(phatthalung2.schema_name):
        content = report_build(phatthalung2, FY)
        figures = _figures(content)
        assert figures["shop.members"] == 132  # section 2 from apps.welfareshop's records
        assert figures["shop.room_bookings"] > 0 and figures["shop.visits_served"] > 0
        assert {code: v for code, v in figures.items() if not code.startswith("shop.")} == {
            "idcards.issued.teacher": 261,
            "idcards.issued.pensioner": 32,
            "reimbursements.medical.paid.teacher": 199,
            "reimbursements.medical.paid.pensioner": 63,
            "reimbursements.child_education.paid": 398,
            "certificates.issued.gsb": 11,
            "certificates.issued.ktb": 10,
            "certificates.issued.ghb": 4,
            "fund.approved.round1": 5,
            "fund.approved.round2": 11,
            # the loans at 30 Sep 2557 from the ledger: all 16 disbursed in FY 2557 and
            # repaying; fewer than five in arrears, so no arrears rate (small-count rule)
            "fund.loans.active": 16,
            "fund.outstanding": Decimal("2983392.09"),
            "fund.repaid": Decimal("102645.27"),
            "healthcheck.campaign.days": 5,
        }
        by_key = {section.key: section for section in content.sections}
        assert [(s.number, s.key, s.recorded) for s in content.sections] == [
            ("1.1", "idcards", True),
            ("1.2", "reimbursements", True),
            ("2", "welfareshop", True),
            ("3", "certificates", True),
            ("4", "revolvingfund", True),
            ("5", "healthchecks", True),
        ]
        assert by_key["idcards"].results == (
            "- ปี 2557 มีผู้มารับบริการ ข้าราชการครู จำนวน 261 ราย และข้าราชการบำนาญ 32 ราย",
        )
        assert "ค่ารักษาพยาบาลแก่ข้าราชการครูฯ จำนวน 199 ครั้ง" in by_key["reimbursements"].results[0]
        assert "ข้าราชการบำนาญ 63 ครั้ง" in by_key["reimbursements"].results[0]
        assert "ค่าการศึกษาบุตร จำนวน 398 ครั้ง" in by_key["reimbursements"].results[0]
        assert content.opening.startswith(NAME + " จัดให้มีการกำกับ")
        assert "ในปีงบประมาณ 2557 สำนักงานเขตพื้นที่จัดให้มี" in by_key["reimbursements"].methods
        text = _text(content)
        for typo in ("สำนักงานเขตพื้นจัด", "ทำหน้าพิจารณา", "ข้าราชครู", "ระบียง", "การการ"):
            assert typo not in text
        evidence = content.evidence()
        assert [(n, e.code) for n, e in evidence[:3]] == [
            (1, "idcards.register"),
            (2, "reimbursements.medical"),
            (3, "reimbursements.child_education"),
        ]
        recorded = [e for _n, e in evidence if not e.code.split(".")[1].startswith("evidence")]
        assert [e.code for e in recorded][3:] == [
            "welfareshop.members",
            "welfareshop.album",
            "certificates.register",
            "revolvingfund.register",
            "revolvingfund.loans",
            "healthchecks.schedule",
        ]
        rows = {e.code: e.rows for _n, e in evidence}
        assert rows["idcards.register"] >= 293 and rows["reimbursements.medical"] == 262
        assert rows["certificates.register"] == 25
        assert rows["welfareshop.members"] == 132 and rows["welfareshop.album"] > 0
        assert rows["revolvingfund.register"] == 16 and rows["revolvingfund.loans"] == 16
        assert rows["reimbursements.child_education"] > 0
        assert all(e.pdf is not None for e in recorded)
        assert evidence_completeness(content) == 100
        _documents_say(content)
        # Section 2 from the shop's members the demo approved through the services.
        assert by_key["welfareshop"].results[0] == "- มีสมาชิกร้านค้าสวัสดิการจำนวน 132 คน"
        # Section 3 from the certificates the demo issued through the services.
        assert by_key["certificates"].results == (
            "- ปี 2557 มีผู้มาขอหนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร",
            "ธนาคารออมสิน จำนวน 11 ราย",
            "ธนาคารกรุงไทย จำนวน 10 ราย",
            "ธนาคารอาคารสงเคราะห์ จำนวน 4 ราย",
        )
        # `manage.py indicators phatthalung2 --fiscal-year 2557` (this office's code here).
        out = io.StringIO()
        call_command("indicators", phatthalung2.code, fiscal_year=2557, json=True, stdout=out)
        indicators = json.loads(out.getvalue())["indicators"]
        assert [indicators[f"certificates.issued.{bank}"] for bank in ("gsb", "ktb", "ghb")] == [
            11,
            10,
            4,
        ]
        assert indicators["certificates.issued.other"] == 0
        assert indicators["certificates.issued.total"] == 25
        assert Decimal(indicators["certificates.share_within_standard"]) >= 95
        assert Decimal(indicators["certificates.share_check_passed"]) == 100
        assert "26 – 30 กันยายน 2557" in by_key["healthchecks"].results[0]
        # Section 4 from the rounds the demo ran through the services.
        assert by_key["revolvingfund"].results == (
            "- อนุมัติเงินกู้เงินทุนหมุนเวียนฯ ให้แก่ข้าราชการครูฯ ประจำปี 2557 "
            "ครั้งที่ 1 จำนวน 5 ราย ครั้งที่ 2 จำนวน 11 ราย",
            "- ณ สิ้นปีงบประมาณ 2557 มีเงินกู้คงค้าง 16 ราย เป็นเงิน 2,983,392.09 บาท",
        )
        assert [indicators[f"fund.approved.round{n}"] for n in (1, 2)] == [5, 11]
        # Section 5 from the campaign the demo recorded: the dates, no participant figure.
        assert by_key["healthchecks"].results == (
            "- หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค. มาบริการตรวจสุขภาพประจำปี แก่ข้าราชการครูฯ "
            "ในเขตพื้นที่ระหว่างวันที่ 26 – 30 กันยายน 2557",
        )
        assert rows["healthchecks.schedule"] >= 5
        assert indicators["healthcheck.campaign.days"] == 5

        # The workflow: edited by the welfare officer, reviewed by the director, submitted.
        desk, boss = User.objects.get(username="desk"), User.objects.get(username="boss")
        methods = {"welfareshop": "- ห้องหม่อมจุ้ย ร้านค้าสวัสดิการ ปี {fiscal_year}"}
        results = {"welfareshop": "- มีสมาชิกร้านค้าสวัสดิการจำนวน 132 คน"}
        services.report_texts_save(
            fiscal_year=FY, editor=desk, opening="", methods=methods, results=results
        )
        services.report_review(fiscal_year=FY, reviewer=boss)
        services.report_submit(office=phatthalung2, fiscal_year=FY, submitter=desk)
        row = AnnualReport.objects.get(fiscal_year=2557)
        assert row.status == ReportStatus.SUBMITTED and row.frozen is not None
        frozen = ReportContent.from_json(row.frozen)
        assert frozen.status == "submitted" and frozen.submitted_on == row.submitted_on
        assert _figures(frozen) == _figures(content)
        shop = next(s for s in frozen.sections if s.key == "welfareshop")
        assert shop.methods == "- ห้องหม่อมจุ้ย ร้านค้าสวัสดิการ ปี 2557"
        assert shop.results[0] == "- มีสมาชิกร้านค้าสวัสดิการจำนวน 132 คน"  # from the records
        assert "ผู้อำนวยการ" in frozen.reviewed_by
        assert submitted(FY) == (row.submitted_on - date(2014, 9, 30)).days

        # A later correction of the data: the frozen report keeps 261, the difference says 260.
        card = CardApplication.objects.filter(
            applicant_category="teacher", issue_date__gte=FY.start, issue_date__lte=FY.end
        ).first()
        assert card is not None
        CardApplication.objects.filter(pk=card.pk).update(issue_date=date(2014, 10, 1))
        assert _figures(report_content(phatthalung2, FY))["idcards.issued.teacher"] == 261
        changes = report_changes(frozen, report_build(phatthalung2, FY))
        figure_changes = [(c.what, c.before, c.after) for c in changes if "บัตร" in c.what]
        assert figure_changes == [("ข้าราชการครูที่มารับบริการบัตร", "261 ราย", "260 ราย")]
        assert connection.schema_name == phatthalung2.schema_name

    # The central copy: text and figures, no reviewer's name.
    copy = SubmittedReport.objects.get(office=phatthalung2, fiscal_year=2557)
    assert "reviewed_by" not in copy.content
    assert "ผู้อำนวยการ" not in json.dumps(copy.content, ensure_ascii=False)
    assert _figures(ReportContent.from_json(copy.content)) == _figures(content)
    summary = {s.key: s for s in national_summary(fiscal_year=2557)}
    assert summary["idcards"].figures["idcards.issued.teacher"].total == 261
    assert summary["welfareshop"].offices_reporting == 1  # recorded by apps.welfareshop
