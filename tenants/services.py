"""Creating, deactivating and reactivating area offices. The only writers of offices and domains.

`office_create` is used by the `create_office` command, the central site and the demo loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from accounts.models import User
from accounts.roles import OfficeRole
from accounts.services import invitation_pending, invitation_send, user_invite
from audit.services import audit_record, diff
from core.errors import ApplicationError
from tenants import routing
from tenants.cloning import clone_schema
from tenants.models import Domain, Office, OfficeKind, Region, schema_name_for
from tenants.signals import office_changed
from tenants.spares import spare_claim

# Serialises provisioning across processes (an arbitrary, fixed advisory-lock key).
PROVISIONING_LOCK_KEY = 7_241_001

SUBDOMAIN_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
RESERVED_SUBDOMAINS = frozenset(
    {"www", "api", "admin", "static", "media", "central", "mail", "public", "template"}
)


class OfficeError(ApplicationError):
    code = "office.invalid"


class TemplateMissingError(ApplicationError):
    code = "office.template_missing"


def template_schema() -> str:
    return str(settings.KRUCARE_TEMPLATE_SCHEMA)


def _refuse(field: str, code: str, message_th: str, message_en: str) -> OfficeError:
    return OfficeError(message_th, message_en, code=f"office.{code}", field=field)


def office_validate(
    *,
    code: str,
    name_th: str,
    kind: str,
    province: str,
    region: str,
    area_number: int,
    subdomain: str,
) -> None:
    """Raise `OfficeError` for the first thing wrong with a new office; write nothing."""
    if not re.fullmatch(r"[a-z][a-z0-9]{1,39}", code or ""):
        raise _refuse(
            "code",
            "invalid_code",
            "รหัสสำนักงานต้องเป็นอักษรภาษาอังกฤษตัวเล็กและตัวเลข 2–40 ตัว ขึ้นต้นด้วยตัวอักษร",
            "The office code must be 2-40 lower-case letters and digits, starting with a letter.",
        )
    if not SUBDOMAIN_RE.fullmatch(subdomain or "") or subdomain in RESERVED_SUBDOMAINS:
        raise _refuse(
            "subdomain",
            "invalid_subdomain",
            f"ชื่อโดเมนย่อย “{subdomain}” ใช้ไม่ได้ ใช้ได้เฉพาะ a–z 0–9 และ - "
            "(ไม่ขึ้นต้นหรือลงท้ายด้วย -) และต้องไม่ใช่ชื่อที่สงวนไว้",
            f"The subdomain “{subdomain}” is not valid: use a-z, 0-9 and inner hyphens, "
            "and not a reserved name.",
        )
    if not (name_th or "").strip():
        raise _refuse(
            "name_th", "name_required", "กรุณากรอกชื่อสำนักงาน (ภาษาไทย)", "The Thai name is required."
        )
    if kind not in OfficeKind.values:
        raise _refuse("kind", "invalid_kind", "ประเภทสำนักงานไม่ถูกต้อง", "Unknown office kind.")
    if region not in Region.values:
        raise _refuse("region", "invalid_region", "ภาคไม่ถูกต้อง", "Unknown region.")
    if not (province or "").strip():
        raise _refuse("province", "province_required", "กรุณากรอกจังหวัด", "The province is required.")
    if not isinstance(area_number, int) or not 1 <= area_number <= 99:
        raise _refuse(
            "area_number",
            "invalid_area_number",
            "เขตพื้นที่ต้องเป็นตัวเลข 1–99",
            "The area number must be 1-99.",
        )


def office_host(subdomain: str) -> str:
    return f"{subdomain}.{settings.KRUCARE_BASE_DOMAIN}"


# The office's site as its staff reach it; `{host}` is its domain. The central site passes the
# scheme and port it is served on.
DEFAULT_SITE_URL = "https://{host}/"


@dataclass(frozen=True)
class FirstAdmin:
    """The administrator an office is created with: invited by e-mail to set a password."""

    email: str
    first_name: str = ""
    last_name: str = ""
    username: str = "admin"


def office_site_url(office: Office, site_url: str = DEFAULT_SITE_URL) -> str:
    primary = office.domains.filter(is_primary=True).values_list("domain", flat=True).first()
    return site_url.format(host=primary or office_host(office.code))


def _central_label(actor: object) -> str:
    """How the office's trail names someone of the central site (no account in the office)."""
    username = getattr(actor, "get_username", lambda: "")()
    return f"{username} (ส่วนกลาง)" if username else "ส่วนกลาง"


def office_admin_invite(
    *, office: Office, admin: FirstAdmin, site_url: str = DEFAULT_SITE_URL, actor: object = None
) -> User:
    """Create the office's administrator (no password) in its schema and e-mail them the
    one-time link to set one, then the second factor."""
    with schema_context(office.schema_name):
        return user_invite(
            username=admin.username,
            email=admin.email,
            first_name=admin.first_name,
            last_name=admin.last_name,
            roles=[OfficeRole.OFFICE_ADMIN],
            site_url=office_site_url(office, site_url),
            site_name=office.name_th,
            actor_label=_central_label(actor),
        )


def office_admin_reinvite(
    *, office: Office, site_url: str = DEFAULT_SITE_URL, actor: object = None
) -> list[User]:
    """Send the invitation again to the office's administrators who have not set a password
    yet (the link was lost or expired). Returns them; an empty list: nobody waits."""
    with schema_context(office.schema_name):
        waiting = [
            user
            for user in User.objects.filter(groups__name=OfficeRole.OFFICE_ADMIN).order_by("pk")
            if invitation_pending(user) and user.email
        ]
        for user in waiting:
            invitation_send(
                user=user,
                site_url=office_site_url(office, site_url),
                site_name=office.name_th,
                actor_label=_central_label(actor),
            )
    return waiting


@transaction.atomic
def office_create(
    *,
    code: str,
    name_th: str,
    name_en: str = "",
    kind: str,
    province: str,
    region: str,
    area_number: int,
    subdomain: str | None = None,
    actor: object = None,
    admin: FirstAdmin | None = None,
    site_url: str = DEFAULT_SITE_URL,
) -> Office:
    """Create an office: its row, its domain and its schema (a clone of the template), and
    with `admin` its first administrator, invited by e-mail (`office_admin_invite`).

    All or nothing: one transaction (PostgreSQL DDL is transactional), so a refusal or a failure
    leaves no schema, row or domain behind. Serialised by an advisory lock; the unique
    constraints on code, schema and domain back that up. Must run with the public schema active.
    """
    code = (code or "").strip().lower()
    subdomain = (subdomain or code).strip().lower()
    office_validate(
        code=code,
        name_th=name_th,
        kind=kind,
        province=province,
        region=region,
        area_number=area_number,
        subdomain=subdomain,
    )
    host = office_host(subdomain)
    schema = schema_name_for(code)

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROVISIONING_LOCK_KEY])
    if Office.objects.filter(code=code).exists() or schema_exists(schema):
        raise _refuse(
            "code",
            "duplicate_code",
            f"มีสำนักงานรหัส “{code}” อยู่แล้ว",
            f"An office with the code “{code}” already exists.",
        )
    if Domain.objects.filter(domain=host).exists() or host in settings.KRUCARE_CENTRAL_HOSTS:
        raise _refuse(
            "subdomain",
            "duplicate_domain",
            f"โดเมน “{host}” ถูกใช้แล้ว",
            f"The domain “{host}” is already in use.",
        )
    if Office.objects.filter(
        kind=kind, province=province.strip(), area_number=area_number
    ).exists():
        raise _refuse(
            "area_number",
            "duplicate_area",
            f"มีสำนักงานเขตพื้นที่ของจังหวัด{province} เขต {area_number} ประเภทนี้อยู่แล้ว",
            f"{province} area {area_number} of this kind already exists.",
        )
    if not schema_exists(template_schema()):
        raise TemplateMissingError(
            "ยังไม่ได้เตรียมแม่แบบสำนักงาน: ให้ผู้ดูแลระบบรันคำสั่ง migrate_offices",
            "The office template schema is missing: run `manage.py migrate_offices`.",
        )

    office = Office(
        code=code,
        schema_name=schema,
        name_th=name_th.strip(),
        name_en=(name_en or "").strip(),
        kind=kind,
        province=province.strip(),
        region=region,
        area_number=area_number,
    )
    try:
        office.full_clean()
        with transaction.atomic():
            office.save()
            Domain.objects.create(domain=host, tenant=office, is_primary=True)
    except (ValidationError, IntegrityError) as exc:
        raise _refuse(
            "code", "rejected", "ข้อมูลสำนักงานไม่ถูกต้องหรือซ้ำกับที่มีอยู่", f"The office was refused: {exc}"
        ) from exc
    # A spare cloned ahead (beat keeps a few) is renamed at once; else the template is cloned.
    if not spare_claim(template=template_schema(), target=schema):
        clone_schema(template_schema(), schema)
    office.ready_at = timezone.now()
    office.save(update_fields=["ready_at"])
    office_changed.send(sender=Office, office=office, action="created")
    audit_record(
        action="office.created",
        actor=actor,
        target=office,
        changes={"code": [None, code], "domain": [None, host]},
    )
    if admin is not None:
        office_admin_invite(office=office, admin=admin, site_url=site_url, actor=actor)
    transaction.on_commit(routing.invalidate)
    return office


@transaction.atomic
def office_set_active(*, office: Office, active: bool, actor: object = None) -> Office:
    """Deactivate (its host then answers "service suspended") or reactivate an office.
    Its data stays untouched either way."""
    changes = diff({"is_active": office.is_active}, {"is_active": active})
    Office.objects.filter(pk=office.pk).update(is_active=active)
    office.is_active = active
    if changes:
        audit_record(
            action="office.reactivated" if active else "office.suspended",
            actor=actor,
            target=office,
            changes=changes,
        )
        office_changed.send(sender=Office, office=office, action="updated")
    transaction.on_commit(routing.invalidate)
    return office
