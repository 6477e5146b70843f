"""Every write of delegations, and the one question the services ask: who may exercise a power
of the director on a given day. Runs in an office's schema."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from accounts.models import User
from accounts.roles import OfficeRole
from apps.delegations.models import Delegation
from audit.services import audit_record
from core import kit
from core.modules import delegable_powers
from core.thai import format_be_date, local_date

# Who records and ends delegations (the order itself is the director's).
RECORDER_ROLES: tuple[str, ...] = (OfficeRole.OFFICE_ADMIN,)
# Who may delegate: the holder of the power.
DELEGATOR_ROLE = OfficeRole.APPROVER


class DelegationError(kit.Refusal):
    prefix = "delegations"


def delegation_in_force(*, user: User, power: str, on: date) -> Delegation | None:
    """The delegation by which `user` holds `power` on the day `on`, if any (the latest)."""
    return (
        Delegation.objects.in_force(power=power, on=on)
        .filter(delegate=user, delegator__is_active=True)
        .select_related("delegator", "delegate")
        .order_by("-valid_from", "-id")
        .first()
    )


@transaction.atomic
def delegation_create(
    *,
    delegator: User,
    delegate: User,
    power: str,
    valid_from: date,
    valid_to: date,
    order_reference: str,
    recorded_by: User,
    delegator_position: str = "",
    delegate_position: str = "",
    at: datetime | None = None,
) -> Delegation:
    """Record the director's order delegating `power` to `delegate` for a span of days."""
    kit.require_role(
        recorded_by,
        *RECORDER_ROLES,
        code="delegations.not_allowed",
        doing=("บันทึกการมอบอำนาจ", "record delegations"),
    )
    powers = delegable_powers()
    if power not in powers:
        raise DelegationError.refuse(
            "unknown_power", "ไม่มีอำนาจที่มอบได้ชื่อนี้", f"Unknown power {power!r}.", "power"
        )
    if not delegator.has_role(DELEGATOR_ROLE):
        raise DelegationError.refuse(
            "delegator_not_approver",
            f"{delegator.display_name} ไม่ใช่ผู้มีอำนาจอนุมัติ จึงมอบอำนาจไม่ได้",
            f"{delegator.display_name} holds no approver role to delegate.",
            "delegator",
        )
    if delegate.pk == delegator.pk:
        raise DelegationError.refuse(
            "self_delegation",
            "ผู้รับมอบอำนาจต้องเป็นคนละคนกับผู้มอบอำนาจ",
            "The delegate must be someone else.",
            "delegate",
        )
    if not delegate.is_active:
        raise DelegationError.refuse(
            "delegate_inactive",
            f"บัญชีของ {delegate.display_name} ถูกระงับ",
            "The delegate's account is disabled.",
            "delegate",
        )
    if valid_to < valid_from:
        raise DelegationError.refuse(
            "dates_reversed",
            "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น",
            "The last day is before the first.",
            "valid_to",
        )
    order_reference = order_reference.strip()
    if not order_reference:
        raise DelegationError.refuse(
            "order_required",
            "กรุณาระบุเลขที่คำสั่งมอบอำนาจ",
            "The order's number is required.",
            "order_reference",
        )
    delegator_position = delegator_position.strip() or delegator.position
    delegate_position = delegate_position.strip() or delegate.position
    if not delegator_position or not delegate_position:
        raise DelegationError.refuse(
            "position_required",
            "กรุณาระบุตำแหน่งของผู้มอบและผู้รับมอบอำนาจ (พิมพ์ใต้ลายมือชื่อ)",
            "Both positions are needed (printed under the signature).",
            "delegator_position" if not delegator_position else "delegate_position",
        )
    delegation = Delegation.objects.create(
        delegator=delegator,
        delegate=delegate,
        delegator_position=delegator_position,
        delegate_position=delegate_position,
        power=power,
        valid_from=valid_from,
        valid_to=valid_to,
        order_reference=order_reference,
        recorded_by=recorded_by,
        recorded_at=kit.now(at),
    )
    audit_record(
        action="delegations.recorded",
        actor=recorded_by,
        target=delegation,
        changes={
            "power": [None, power],
            "delegator": [None, delegator.get_username()],
            "delegate": [None, delegate.get_username()],
            "valid_from": [None, valid_from.isoformat()],
            "valid_to": [None, valid_to.isoformat()],
        },
    )
    return delegation


@transaction.atomic
def delegation_end(
    *,
    delegation: Delegation,
    ended_by: User,
    last_day: date | None = None,
    at: datetime | None = None,
) -> Delegation:
    """End a delegation early (the order revoked): `last_day` (default: today) is its last day
    in force. A delegation already over is left as it is."""
    kit.require_role(
        ended_by,
        *RECORDER_ROLES,
        code="delegations.not_allowed",
        doing=("ยกเลิกการมอบอำนาจ", "end delegations"),
    )
    delegation = kit.lock(Delegation.objects.select_related("delegate"), delegation.pk)
    ended_at = kit.now(at)
    last_day = last_day or local_date(ended_at)
    if last_day < delegation.valid_from:
        raise DelegationError.refuse(
            "ends_before_start",
            f"การมอบอำนาจนี้เริ่ม {format_be_date(delegation.valid_from)} จึงสิ้นสุดก่อนวันนั้นไม่ได้",
            "A delegation cannot end before it starts.",
            "last_day",
        )
    if delegation.ended_at is not None or delegation.valid_to <= last_day:
        return delegation
    before = delegation.valid_to
    delegation.valid_to = last_day
    delegation.ended_at, delegation.ended_by = ended_at, ended_by
    delegation.save(update_fields=["valid_to", "ended_at", "ended_by"])
    audit_record(
        action="delegations.ended",
        actor=ended_by,
        target=delegation,
        changes={"valid_to": [before.isoformat(), last_day.isoformat()]},
    )
    return delegation
