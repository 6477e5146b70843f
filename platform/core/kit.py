"""What every service does, written once: refuse with a coded error, require a role, lock rows
in a stated order, check a status, and read the clock.

A service module uses it like this (the audit trail is `audit.services.audit_record`, the desk
ticket `apps.onestop.services.service_request_take`):

    class CardError(Refusal):
        prefix = "idcards"

    @transaction.atomic
    def card_issue(*, application: CardApplication, officer: User, at: datetime | None = None):
        require_role(officer, *CARD_OFFICER_ROLES, code="idcards.not_allowed",
                     doing=("ออกบัตร", "print cards"))
        application = lock(CardApplication.objects.select_related("person"), application.pk)
        expect_status(application, ApplicationStatus.APPROVED, refusal=CardError)
        printed_at = now(at)
        ...

`core` imports no other platform app: an actor is anything with `has_role` (a user, or a
machine client of the API acting as the roles of its scopes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Protocol, Self, TypeVar

from django.db import models
from django.utils import timezone

from core.errors import ApplicationError, PermissionDeniedError

M = TypeVar("M", bound=models.Model)


class Refusal(ApplicationError):
    """The base of a module's coded refusals. A subclass names its `prefix` (the module's code,
    e.g. `idcards`); `refuse` builds one with the code `<prefix>.<code>`:

        raise CardError.refuse("documents_missing", "เอกสารยังไม่ครบ", "Documents missing.",
                               field="documents")
    """

    prefix: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.prefix and "code" not in cls.__dict__:
            cls.code = f"{cls.prefix}.invalid"

    @classmethod
    def coded(cls, code: str) -> str:
        """`code` under the module's prefix."""
        return f"{cls.prefix}.{code}" if cls.prefix else code

    @classmethod
    def refuse(cls, code: str, message_th: str, message_en: str, field: str | None = None) -> Self:
        return cls(message_th, message_en, code=cls.coded(code), field=field)


class Actor(Protocol):
    """Who acts: `accounts.models.User`, or the API's machine client (`ApiClientPrincipal`)."""

    @property
    def is_active(self) -> bool: ...

    def has_role(self, *roles: str) -> bool: ...

    def get_username(self) -> str: ...


def may(user: Any, *roles: str) -> bool:
    """Whether `user` is signed in, active and holds one of `roles`. The one test of a role:
    services require it (`require_role`), views read it to show a button or not."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user.has_role(*roles)
    )


def require_role(user: Actor, *roles: str, code: str, doing: tuple[str, str]) -> None:
    """Refuse (`PermissionDeniedError` with `code`) unless `user` may act as one of `roles`.
    `doing` is what is refused, in Thai and English ("อนุมัติคำขอเบิก", "approve claims")."""
    if not may(user, *roles):
        doing_th, doing_en = doing
        raise PermissionDeniedError(
            f"{user.get_username()} ไม่มีสิทธิ{doing_th}",
            f"{user.get_username()} may not {doing_en}.",
            code=code,
        )


def _rows(source: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    return source._default_manager.all() if isinstance(source, type) else source


def lock(source: type[M] | models.QuerySet[M], pk: Any) -> M:
    """The row `pk` of `source` (a model, or a queryset with its `select_related`) as it is
    now, locked (`SELECT … FOR UPDATE OF` its own table: joined rows are read, not locked)
    until the transaction ends. Must run inside `transaction.atomic`."""
    return _rows(source).select_for_update(of=("self",)).get(pk=pk)


def lock_all(source: type[M] | models.QuerySet[M], pks: Iterable[Any]) -> list[M]:
    """The rows `pks` of `source`, locked in ascending primary-key order.

    The order is the point: two transactions locking overlapping sets in the same order wait
    for each other instead of deadlocking. A service that locks rows of several tables locks
    them table by table in the order its docstring states. Missing rows are simply absent.
    """
    keys = sorted(set(pks))
    if not keys:
        return []
    return list(_rows(source).select_for_update(of=("self",)).filter(pk__in=keys).order_by("pk"))


def expect_status(obj: Any, *allowed: str, refusal: type[Refusal], noun: str = "") -> None:
    """Refuse `<prefix>.invalid_transition` unless `obj.status` is one of `allowed`: the step
    asked for is not possible from where the record is. `noun` names the record in the English
    message (default: the model's name)."""
    if obj.status not in allowed:
        noun = noun or str(obj._meta.model_name)
        raise refusal.refuse(
            "invalid_transition",
            f"คำขอนี้อยู่ในสถานะ “{obj.get_status_display()}” ทำขั้นตอนนี้ไม่ได้",
            f"The {noun} is {obj.status}; this step is not possible.",
        )


def now(at: datetime | None = None) -> datetime:
    """`at` (a time given for a past event: imports, the demo, tests), else now. A naive `at`
    is a programming error: every stored time is timezone-aware."""
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError(f"A service time must be timezone-aware: {at!r}")
    return at


__all__ = [
    "Actor",
    "Refusal",
    "expect_status",
    "lock",
    "lock_all",
    "may",
    "now",
    "require_role",
]
