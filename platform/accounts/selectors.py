"""Reading the accounts of the current schema: the users with their roles, a user's signed-in
sessions."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User, UserSession
from accounts.roles import roles_for_schema
from core.schemas import current_schema


def role_label(code: str) -> str:
    """A role's name as people read it ("ผู้อนุมัติ (ผู้อำนวยการ)"), its code if unknown."""
    roles = roles_for_schema(current_schema())
    return str(roles(code).label) if code in roles.values else code


@dataclass(frozen=True)
class UserRow:
    user: User
    roles: list[str]  # the roles' names, in the order of the role list
    invitation_pending: bool


def user_rows() -> list[UserRow]:
    """Every account of this schema (active first, then by username), with its roles' names."""
    order = list(roles_for_schema(current_schema()).values)
    users = User.objects.order_by("-is_active", "username").prefetch_related("groups")
    rows = []
    for user in users:
        codes = sorted(
            (group.name for group in user.groups.all()),
            key=lambda code: order.index(code) if code in order else len(order),
        )
        rows.append(
            UserRow(
                user=user,
                roles=[role_label(code) for code in codes],
                invitation_pending=user.is_active and not user.has_usable_password(),
            )
        )
    return rows


def user_session_list(*, user: User) -> QuerySet[UserSession]:
    """The user's sessions that are still alive (their Django session exists and has not
    expired), most recently seen first."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=alive)
