"""Committees of an office, a shared app (like `apps.payroll` and `apps.delegations`): the
revolving fund's subcommittee, the welfare shop's welfare committee and any other committee a
module owns. Appointment orders (คำสั่งแต่งตั้ง) with members and terms, meetings numbered
"ครั้งที่ n/<B.E. year>" per committee, attendance, quorum by a dated office rule, agenda items
and resolutions, members' conflicts of interest, and the minutes (รายงานการประชุม) as a PDF.
It imports only `apps.people` of the apps; the modules above it import it.

The API for the modules above it (all keyword-only unless shown; run in an office's schema;
writes refuse with `services.CommitteeError` / `core.errors.PermissionDeniedError`, change
nothing when refused, and are in the audit trail):

Committees — a module owns committees of its own `kind` ("<module>.<name>"):
    services.committee_create(*, kind, name_th, owner_module, actor, description="") -> Committee
    services.committee_ensure(*, kind, name_th, owner_module, actor) -> Committee  # idempotent
    selectors.committee_for(kind) -> Committee | None
    selectors.committee_list() / committee_get(pk)   # CommitteeNotFound

Orders and members:
    services.appointment_order_record(*, committee, number, order_date, signed_by_name,
        signed_by_position, effective_from, members: list[MemberData], actor,
        effective_to=None, title="", scan=None) -> AppointmentOrder
        # MemberData(role, person=None, name="", position="", organisation="", user=None,
        #            term_from=None, term_to=None); role: MemberRole ("chair", "vice_chair",
        # "member", "secretary", "assistant_secretary"); exactly one chair, at most one
        # secretary; the previous order ends the day before this one starts
    services.appointment_order_attach_scan(*, order, scan, actor)
    services.membership_end(*, membership, last_day, actor, note="")
    selectors.active_members(committee, *, on) -> list[Membership]   # chair first
    selectors.membership_of_user(committee, user, *, on) -> Membership | None
    selectors.order_list(committee)

Meetings:
    services.meeting_schedule(*, committee, date, start_time, venue, actor) -> Meeting
    services.attendance_record(*, meeting, membership, status, actor, note="")
        # status: AttendanceStatus "present" | "on_leave" | "absent"
    services.attendance_record_many(*, meeting, statuses: {membership_id: status}, actor)
    services.guest_add(*, meeting, name, actor, position="", organisation="")  # invited
    services.quorum(meeting) -> QuorumResult   # .met, .present, .required,
        # .members_in_office, .presiding_present, .reasons (Thai), .as_dict()
    services.meeting_hold(*, meeting, started_time, actor, presided_by=None)
        # refused (committees.no_quorum) without quorum; stores meeting.quorum_checked
    services.meeting_close(*, meeting, ended_time, minutes_taker_name,
        minutes_taker_position, actor, minutes_checker_name="", minutes_checker_position="")
        # after this nothing of the meeting changes (committees.meeting_closed)
    services.meeting_cancel(*, meeting, reason, actor)
    selectors.members_present(meeting) -> list[Membership]   # who may score, before conflicts
    selectors.meeting_list(committee), meeting_get(pk, committee=None), attendance_sheet(meeting)

Agenda and resolutions — a module links its object by a subject key "<module>.<kind>:<id>":
    services.agenda_item_add(*, meeting, section (1–5), title, actor, details="",
        resolution="", subject="") -> AgendaItem   # numbered 4.1, 4.2 within its section
    services.agenda_item_update(*, item, title, details, resolution, actor)
    services.agenda_item_resolve(*, item, resolution, actor)   # at a held meeting
    services.agenda_item_set_table(*, item, columns, rows, actor, title="", widths=None)
        # a table printed in the minutes under the item (e.g. the fund's ranking)
    selectors.resolutions_for(subject) -> items with their meetings

Conflicts of interest:
    services.conflict_declare(*, membership, subject, reason, actor, details="", meeting=None)
        # reason: ConflictReason "applicant" | "family" | "guarantor" | "other" (details
        # required); idempotent per member and subject; a member with an account and the
        # fund subcommittee role may declare their own
    selectors.has_conflict(membership | person | user, subject) -> bool
    selectors.conflicts_for(subject)

The minutes — `apps.committees.documents.minutes_pdf(meeting, *, office_name,
thai_digits=False) -> bytes`. Besides an item's stored table, a module may contribute content
computed when the minutes are printed: `apps.committees.minutes.register_contribution(prefix,
builder)` where `builder(item) -> MinutesTable | None` is called for items whose subject starts
with `prefix` ("revolvingfund.round:"); register it in the module's `AppConfig.ready`.

Roles: the secretariat (`SECRETARIAT_ROLES`: office administrator, welfare officer) writes;
`READER_ROLES` read the pages; the office administrator keeps the quorum rule
(`services.quorum_rule_create`). The quorum rule is dated office data (`QuorumRule`): the
default, seeded by migration 0002 and marked unconfirmed, is more than half of the members in
office on the meeting's day with the chair or a vice-chair present (`quorum.py` says why).
"""
