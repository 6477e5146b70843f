"""The outline is dated data: B.E. 2557's wording as in the reference, typos corrected, and a
later revision applies from its first fiscal year without changing earlier years."""

from __future__ import annotations

import dataclasses

from apps.reports.content import Heading
from apps.reports.outline import OUTLINE_2557, OUTLINES, fill, outline_for

REFERENCE_TYPOS = ("สำนักงานเขตพื้นจัด", "ทำหน้าพิจารณา", "ข้าราชครู", "ระบียง", "ดำเนินการการ")


def _all_text(outline: object) -> str:
    return repr(outline)


def test_the_2557_outline_is_the_reference_s_heading_and_sections_in_order() -> None:
    outline = outline_for(2557)
    assert outline.heading == Heading(
        "มาตรฐานที่ 2 การบริหารและการจัดการศึกษาที่มีประสิทธิภาพ",
        "ตัวบ่งชี้ที่ 4",
        "ข้อ 7 การจัดสวัสดิการ สวัสดิภาพครูและบุคลากรทางการศึกษา",
    )
    assert [(s.number, s.key) for s in outline.sections] == [
        ("1.1", "idcards"),
        ("1.2", "reimbursements"),
        ("2", "welfareshop"),
        ("3", "certificates"),
        ("4", "revolvingfund"),
        ("5", "healthchecks"),
    ]
    assert [(g.number, g.title) for g in outline.groups] == [
        ("1", "จัดบริการ One Stop Service ในเรื่องดังนี้")
    ]
    assert fill(outline.opening, office="สพป.พัทลุง เขต 2", be_year=2557) == (
        "สพป.พัทลุง เขต 2 จัดให้มีการกำกับ ดูแลและส่งเสริมสวัสดิการและสวัสดิภาพข้าราชการครู"
        "และบุคลากรทางการศึกษาในด้านต่าง ๆ ดังนี้"
    )


def test_the_outline_has_none_of_the_reference_s_typos() -> None:
    text = _all_text(OUTLINES)
    for typo in REFERENCE_TYPOS:
        assert typo not in text
    for corrected in ("ทำหน้าที่พิจารณา", "ระเบียงหน้าอาคาร", "สำนักงานเขตพื้นที่จัดให้มี"):
        assert corrected in text


def test_a_later_revision_applies_from_its_year_and_earlier_years_keep_theirs() -> None:
    revised = dataclasses.replace(
        OUTLINE_2557,
        valid_from=2561,
        heading=Heading("มาตรฐานที่ 1 (ฉบับปรับปรุง)", "ตัวชี้วัดที่ 1.4", "ข้อ 2"),
    )
    outlines = (OUTLINE_2557, revised)
    assert outline_for(2560, outlines) is OUTLINE_2557
    assert outline_for(2561, outlines) is revised
    assert outline_for(2566, outlines) is revised
    assert outline_for(2550, outlines) is OUTLINE_2557  # before the first: the first


def test_placeholders_are_replaced_and_other_braces_are_text() -> None:
    assert fill("{office} ปี {fiscal_year} {x}", office="เขต 2", be_year=2558) == "เขต 2 ปี 2558 {x}"
