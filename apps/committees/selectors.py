"""Reads of committees, for the pages and for the modules that own committees. Runs in an
office's schema. Nothing here writes; a committee's records are not personal data beyond
names and positions printed on official orders, so reads are not audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from apps.committees.models import (
    ROLE_RANK,
    AgendaItem,
    AppointmentOrder,
    Attendance,
    AttendanceStatus,
    Committee,
    ConflictDeclaration,
    Meeting,
    MemberRole,
    Membership,
)
from apps.committees.quorum import QuorumResult, quorum, quorum_rule_in_force
from apps.people.models import Person

__all__ = [
    "AttendanceLine",
    "CommitteeNotFound",
    "QuorumResult",
    "active_members",
    "agenda",
    "attendance_sheet",
    "committee_for",
    "committee_get",
    "committee_list",
    "conflicts_for",
    "has_conflict",
    "meeting_get",
    "meeting_list",
    "members_present",
    "membership_of_user",
    "order_list",
    "quorum",
    "quorum_rule_in_force",
    "resolutions_for",
]


class CommitteeNotFound(Exception):
    pass


def committee_list() -> QuerySet[Committee]:
    """Every committee of the office with its count of meetings."""
    return Committee.objects.annotate(meeting_count=Count("meetings")).order_by("name_th", "id")


def committee_get(pk: int) -> Committee:
    found = Committee.objects.filter(pk=pk).first()
    if found is None:
        raise CommitteeNotFound(pk)
    return found


def committee_for(kind: str) -> Committee | None:
    """The office's committee of `kind` ("welfareshop.committee"), or None if not created."""
    return Committee.objects.filter(kind=kind).first()


def _ranked(memberships: list[Membership]) -> list[Membership]:
    return sorted(memberships, key=lambda m: (ROLE_RANK[MemberRole(m.role)], m.seat, m.pk))


def active_members(committee: Committee, *, on: date) -> list[Membership]:
    """The seats held on the day `on`, chair first (then vice-chairs, members, secretary,
    assistant secretaries), each with its order and person."""
    rows = (
        Membership.objects.in_office(on=on)
        .filter(committee=committee)
        .select_related("order", "person", "user")
    )
    return _ranked(list(rows))


def membership_of_user(committee: Committee, user: User, *, on: date) -> Membership | None:
    """The signed-in `user`'s seat on `committee` on the day `on` (linked by account), if any."""
    return next((m for m in active_members(committee, on=on) if m.user_id == user.pk), None)


def order_list(committee: Committee) -> QuerySet[AppointmentOrder]:
    """The committee's orders, newest first, each with its members (prefetched)."""
    return (
        AppointmentOrder.objects.filter(committee=committee)
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.order_by("seat")))
        .order_by("-effective_from", "-id")
    )


def meeting_list(committee: Committee) -> QuerySet[Meeting]:
    """The committee's meetings, newest first, with their agenda counts."""
    return (
        Meeting.objects.filter(committee=committee)
        .select_related("committee")
        .annotate(
            item_count=Count("agenda_items", distinct=True),
            present_count=Count(
                "attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT), distinct=True
            ),
        )
        .order_by("-date", "-number")
    )


def meeting_get(pk: int, *, committee: Committee | None = None) -> Meeting:
    rows = Meeting.objects.select_related("committee", "presided_by")
    if committee is not None:
        rows = rows.filter(committee=committee)
    found = rows.filter(pk=pk).first()
    if found is None:
        raise CommitteeNotFound(pk)
    return found


def members_present(meeting: Meeting) -> list[Membership]:
    """The members recorded present at `meeting`, in seat order (the scorers of a meeting)."""
    rows = Membership.objects.filter(
        attendance__meeting=meeting, attendance__status=AttendanceStatus.PRESENT
    ).select_related("person", "user", "order")
    return _ranked(list(rows))


@dataclass(frozen=True)
class AttendanceLine:
    """One line of the attendance list: a member in office on the day (with their attendance,
    if recorded) or an invited attendee (no membership)."""

    membership: Membership | None
    attendance: Attendance | None

    @property
    def name(self) -> str:
        if self.membership is not None:
            return self.membership.name
        return self.attendance.name if self.attendance else ""

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""


def attendance_sheet(meeting: Meeting) -> list[AttendanceLine]:
    """Every member in office on the meeting's day, then the invited attendees; 2 queries."""
    recorded = list(meeting.attendance.select_related("membership").order_by("id"))
    by_member = {a.membership_id: a for a in recorded if a.membership_id}
    lines = [
        AttendanceLine(m, by_member.get(m.pk))
        for m in active_members_plain(meeting.committee_id, on=meeting.date)
    ]
    # A member recorded, then found out of office (an order changed): still shown.
    in_office = {line.membership.pk for line in lines if line.membership}
    for row in recorded:
        if row.membership_id and row.membership_id not in in_office:
            lines.append(AttendanceLine(row.membership, row))
    lines.extend(AttendanceLine(None, a) for a in recorded if a.membership_id is None)
    return lines


def active_members_plain(committee_id: int, *, on: date) -> list[Membership]:
    """`active_members` without the joined rows (a committee given by id)."""
    return _ranked(list(Membership.objects.in_office(on=on).filter(committee_id=committee_id)))


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items, in agenda order."""
    return list(meeting.agenda_items.order_by("section", "position"))


def resolutions_for(subject: str) -> QuerySet[AgendaItem]:
    """Every item about `subject` ("revolvingfund.round:12"), with its meeting, oldest first:
    how a module finds what a committee resolved on its object."""
    return (
        AgendaItem.objects.filter(subject=subject)
        .select_related("meeting__committee")
        .order_by("meeting__date", "meeting__number", "section", "position")
    )


def conflicts_for(subject: str) -> QuerySet[ConflictDeclaration]:
    """The conflicts declared on `subject`, with their members."""
    return ConflictDeclaration.objects.filter(subject=subject).select_related(
        "membership", "recorded_by"
    )


def has_conflict(who: Membership | Person | User, subject: str) -> bool:
    """Whether `who` has declared a conflict with `subject`. A membership counts the
    declarations of the same person (or account) on any seat of the same committee, so a
    conflict declared under an earlier order still holds; a person or an account counts every
    committee's."""
    rows = ConflictDeclaration.objects.filter(subject=subject)
    if isinstance(who, Membership):
        same = Q(membership=who)
        if who.person_id is not None:
            same |= Q(membership__person_id=who.person_id)
        if who.user_id is not None:
            same |= Q(membership__user_id=who.user_id)
        return rows.filter(same, committee_id=who.committee_id).exists()
    if isinstance(who, Person):
        return rows.filter(membership__person=who).exists()
    if isinstance(who, User):
        return rows.filter(membership__user=who).exists()
    raise TypeError(f"has_conflict: a Membership, Person or User, not {type(who).__name__}")
