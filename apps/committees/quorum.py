"""The quorum of a meeting (องค์ประชุม): counted against the office's dated rule in force on the
meeting's day (`QuorumRule`), from the members in office that day and the attendance recorded.

The default rule (migration 0002) is what the brief asks for and many Thai appointment
orders write: more than half of the members in office, and the chair or a vice-chair present
to preside. It is marked unconfirmed (DOMAIN-wave2, open question 11): the Administrative
Procedure Act B.E. 2539 s. 79 (for committees with no rule of their own) asks for at least half,
and its s. 80 lets the members present choose who presides when the chair and vice-chair are
away [unconfirmed memory]; an office sets its own version on the rules page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from apps.committees.models import (
    PRESIDING_ROLES,
    AttendanceStatus,
    Committee,
    Meeting,
    Membership,
    QuorumRule,
)


def quorum_rule_in_force(*, committee: Committee, on: date) -> QuorumRule | None:
    """The rule for `committee` on the day `on`: its own kind's newest version in force, else
    the newest version for every committee."""
    rows = QuorumRule.objects.filter(valid_from__lte=on).filter(Q(kind=committee.kind) | Q(kind=""))
    own = rows.filter(kind=committee.kind).order_by("-valid_from", "-id").first()
    return own or rows.filter(kind="").order_by("-valid_from", "-id").first()


def required_present(rule: QuorumRule, members: int) -> int:
    """How many members must be present out of `members` in office: more than (or at least)
    the rule's share, in whole people. More than half of 7 is 4; of 8 it is 5."""
    share_times_den = members * rule.share_numerator  # the share is this / denominator
    whole, remainder = divmod(share_times_den, rule.share_denominator)
    if rule.strictly_more:
        return whole + 1
    return whole + (1 if remainder else 0)


@dataclass(frozen=True)
class QuorumResult:
    """Whether the meeting is quorate, and why. `reasons` are Thai sentences for the page and
    the refusal; `as_dict()` is what the meeting stores when it opens."""

    met: bool
    members_in_office: int
    present: int
    required: int
    presiding_present: bool
    presiding_required: bool
    rule_id: int | None
    rule_summary: str
    rule_source: str
    rule_confirmed: bool
    on: date
    reasons: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "members_in_office": self.members_in_office,
            "present": self.present,
            "required": self.required,
            "presiding_present": self.presiding_present,
            "presiding_required": self.presiding_required,
            "rule_id": self.rule_id,
            "rule": self.rule_summary,
            "source": self.rule_source,
            "confirmed": self.rule_confirmed,
            "on": self.on.isoformat(),
            "reasons": list(self.reasons),
        }


def quorum(meeting: Meeting) -> QuorumResult:
    """The quorum of `meeting` from the attendance recorded now (a read; nothing is stored:
    `services.meeting_hold` stores it)."""
    on = meeting.date
    in_office = list(Membership.objects.in_office(on=on).filter(committee_id=meeting.committee_id))
    in_office_ids = {m.pk for m in in_office}
    present_ids = set(
        meeting.attendance.filter(
            status=AttendanceStatus.PRESENT, membership_id__in=in_office_ids
        ).values_list("membership_id", flat=True)
    )
    present = [m for m in in_office if m.pk in present_ids]
    presiding_present = any(m.role in PRESIDING_ROLES for m in present)
    rule = quorum_rule_in_force(committee=meeting.committee, on=on)
    reasons: list[str] = []
    if rule is None:
        reasons.append("ยังไม่มีเกณฑ์องค์ประชุมที่ใช้ในวันประชุม (ผู้ดูแลระบบของสำนักงานตั้งได้ที่หน้าเกณฑ์องค์ประชุม)")
        return QuorumResult(
            met=False,
            members_in_office=len(in_office),
            present=len(present),
            required=0,
            presiding_present=presiding_present,
            presiding_required=False,
            rule_id=None,
            rule_summary="",
            rule_source="",
            rule_confirmed=False,
            on=on,
            reasons=tuple(reasons),
        )
    required = required_present(rule, len(in_office))
    if not in_office:
        reasons.append("ไม่มีกรรมการที่อยู่ในวาระในวันประชุม (ยังไม่มีคำสั่งแต่งตั้งที่ใช้ในวันนั้น)")
    elif len(present) < required:
        reasons.append(
            f"กรรมการมาประชุม {len(present)} คน จาก {len(in_office)} คน "
            f"ต้องมาอย่างน้อย {required} คน จึงครบองค์ประชุม"
        )
    else:
        reasons.append(
            f"กรรมการมาประชุม {len(present)} คน จาก {len(in_office)} คน (ต้องมาอย่างน้อย {required} คน)"
        )
    if rule.presiding_required and not presiding_present:
        reasons.append("ไม่มีประธานหรือรองประธานมาประชุม จึงไม่มีผู้ทำหน้าที่ประธานในที่ประชุม")
    met = bool(in_office) and len(present) >= required
    met = met and (presiding_present or not rule.presiding_required)
    return QuorumResult(
        met=met,
        members_in_office=len(in_office),
        present=len(present),
        required=required,
        presiding_present=presiding_present,
        presiding_required=rule.presiding_required,
        rule_id=rule.pk,
        rule_summary=rule.summary_th,
        rule_source=rule.source,
        rule_confirmed=rule.confirmed,
        on=on,
        reasons=tuple(reasons),
    )
