"""The certificates' section of the annual report (section 3 of the outline, key
"certificates"): how many teachers asked for a salary certificate for a bank loan, per bank,
with the register as evidence."""

from __future__ import annotations

from apps.certificates.indicators import BANK_LABELS, issued_by_bank
from core.reporting import Evidence, Figure, ReportSection, SectionResults
from core.thai import FiscalYear

REGISTER_TITLE = "ทะเบียนการออกหนังสือรับรองการขอกู้เงินสถาบันการเงิน"
# As the 2557 report names the banks in its results, one line each.
REPORT_BANK_NAMES = {
    "gsb": "ธนาคารออมสิน",
    "ktb": "ธนาคารกรุงไทย",
    "ghb": "ธนาคารอาคารสงเคราะห์",
}

DEFAULT_METHODS = (
    "จัดเตรียมแบบคำขอและแบบฟอร์มต่าง ๆ ตามที่ธนาคารกำหนดไว้เป็นชุด "
    "เมื่อข้าราชการครูและบุคลากรทางการศึกษามาขอหนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร "
    "เจ้าหน้าที่ตรวจสอบเงินคงเหลือสุทธิจากข้อมูลเงินเดือน กรอกแบบฟอร์มและจัดพิมพ์ "
    "เสนอผู้บังคับบัญชาลงนาม ผู้ขอรอรับได้ภายใน 15 นาที"
)


def _register_pdf(fiscal_year: FiscalYear) -> bytes:
    from apps.certificates import documents, selectors
    from apps.certificates.models import CertificateSettings
    from tenants.requests import current_office

    return documents.register_pdf(
        selectors.certificate_register(fiscal_year=fiscal_year),
        office_name=office.name_th if (office := current_office()) is not None else "",
        fiscal_year=fiscal_year,
        thai_digits=False,
        full_ids=True,
        issuer=(CertificateSettings.objects.first() or CertificateSettings()).director_position,
    )


def results(fiscal_year: FiscalYear) -> SectionResults:
    """The reference's lines: the year, then one line per bank with its count (a bank of the
    three with none still says 0; other banks only when there are some)."""
    counts = issued_by_bank(fiscal_year)
    total = sum(counts.values())
    if total:
        lines = [f"- ปี {fiscal_year.be_year} มีผู้มาขอหนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร"]
        lines += [f"{name} จำนวน {counts[code]} ราย" for code, name in REPORT_BANK_NAMES.items()]
        if counts["other"]:
            lines.append(f"ธนาคารอื่น จำนวน {counts['other']} ราย")
    else:
        lines = [f"- ปี {fiscal_year.be_year} ไม่มีผู้มาขอหนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร"]
    labels = {**BANK_LABELS, **({"other": "ธนาคารอื่น"} if counts["other"] else {})}
    figures = tuple(
        Figure(f"certificates.issued.{code}", f"หนังสือรับรองเงินเดือนเพื่อกู้{label}", counts[code], "ราย")
        for code, label in labels.items()
    )
    evidence = (
        Evidence(
            "certificates.register",
            f"{REGISTER_TITLE} ปี {fiscal_year.be_year}",
            total,
            pdf=lambda: _register_pdf(fiscal_year),
        ),
    )
    return SectionResults(lines=tuple(lines), figures=figures, evidence=evidence)


SECTION = ReportSection(key="certificates", default_methods=DEFAULT_METHODS, results=results)
