"""Managing the accounts of the current schema (an office's staff, or the central site's)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import roles_for_schema
from audit.services import audit_record, diff
from core.errors import ApplicationError
from core.schemas import current_schema


class AccountError(ApplicationError):
    code = "account.invalid"


def _role_groups(roles: Iterable[str]) -> list[Group]:
    allowed = set(roles_for_schema(current_schema()).values)
    wanted = set(roles)
    unknown = wanted - allowed
    if unknown:
        raise AccountError(
            f"บทบาทไม่ถูกต้องสำหรับหน่วยงานนี้: {', '.join(sorted(unknown))}",
            f"Roles not valid here: {', '.join(sorted(unknown))}",
            code="account.invalid_role",
            field="roles",
        )
    return list(Group.objects.filter(name__in=wanted))


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    roles: Iterable[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    position: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    actor: User | None = None,
) -> User:
    """Create an account in the current schema with the given roles.

    A `None` password makes an account that signs in only after a password reset.
    """
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(
            f"มีชื่อผู้ใช้ “{username}” อยู่แล้ว",
            f"The username “{username}” is taken.",
            code="account.duplicate_username",
            field="username",
        )
    groups = _role_groups(roles)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    user.groups.set(groups)
    audit_record(
        action="account.created",
        actor=actor,
        target=user,
        changes={
            "roles": [None, sorted(g.name for g in groups)],
            "is_superuser": [None, is_superuser],
        },
    )
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    roles: Iterable[str],
    is_active: bool,
    first_name: str,
    last_name: str,
    email: str,
    position: str,
    acting_user: User,
) -> User:
    """Change a user's details, roles and active flag. Nobody can deactivate themselves or
    take away their own administrator role (an office must keep an administrator)."""
    roles = set(roles)
    if user.pk == acting_user.pk:
        admin_roles = {"office_admin", "platform_operator"} & set(user.role_names)
        if not is_active or not admin_roles <= roles:
            raise AccountError(
                "ไม่สามารถปิดบัญชีหรือถอนสิทธิ์ผู้ดูแลของตนเองได้",
                "You cannot deactivate yourself or drop your own administrator role.",
                code="account.self_lockout",
            )
    groups = _role_groups(roles)
    before = _snapshot(user)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.position, user.is_active = position, is_active
    user.save(update_fields=["first_name", "last_name", "email", "position", "is_active"])
    user.groups.set(groups)
    user.__dict__.pop("role_names", None)
    changes = diff(before, _snapshot(user))
    if changes:
        audit_record(action="account.updated", actor=acting_user, target=user, changes=changes)
    return user


def _snapshot(user: User) -> dict[str, object]:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
        "is_active": user.is_active,
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }
