"""The demo data set for `make run`: the central site and three offices, with demo logins and
each office's welfare data for fiscal year 2557, built by each module's own demo builder through
its own services (`demo_builders()`: the modules' `demo`, in the modules' order —
`apps.people.demo`: schools, people and families; `apps.idcards.demo`: ID cards at the desk;
`apps.reimbursements.demo`: medical and child-education claims), and six more offices of the
south to compare them with (`PEER_OFFICES`: no logins; their people, desk tickets, cards and
paid claims of fiscal years 2556–2557 written in bulk by `devdata.synthetic`, invented but of
plausible volumes, a few seconds in all).

Idempotent: running it again changes nothing. Demo passwords exist only here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

from accounts import two_factor
from accounts.models import User
from accounts.roles import CentralRole, OfficeRole
from accounts.services import totp_device_create_with_key, user_create
from apps.people.demo import retire_by_today
from central.collection import collect_offices, years_to_collect
from core.demo import DemoContext
from core.environment import demo_refuse_in_production
from core.modules import modules
from core.thai import FiscalYear
from devdata.synthetic import OfficeData, area_office_spec
from tenants.models import Office
from tenants.services import office_create


def demo_builders() -> tuple[str, ...]:
    """Each module's demo builder (`build(context)`, see core.demo), in the modules' order, run
    in every demo office: a builder may rely on the ones before it (the register comes first)."""
    return tuple(module.demo for module in modules() if module.demo)


DEMO_FISCAL_YEAR = 2557  # the report's year, which Phatthalung Area 2 reproduces
SCALE_ENV = "KRUCARE_DEMO_SCALE"

DEMO_PASSWORD = "krucare-demo"  # noqa: S105 (a documented demo password)
# The demo logins that must use a second factor (admin, finance, director, operator) are enrolled
# with this published authenticator key (base32 `DEMO_TOTP_KEY_BASE32` in the README), or read
# the current code with `manage.py totp_code <office> <username>`. Demo only, like the password.
DEMO_TOTP_KEY = b"krucare-demo-totp-01".hex()
DEMO_TOTP_KEY_BASE32 = two_factor.key_as_base32(DEMO_TOTP_KEY)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    position: str
    roles: tuple[str, ...]
    is_superuser: bool = False


OFFICE_ACCOUNTS = (
    DemoAccount(
        "admin", "สมชาย", "ผู้ดูแล", "นักวิชาการคอมพิวเตอร์", (OfficeRole.OFFICE_ADMIN,), is_superuser=True
    ),
    DemoAccount("officer", "สมหญิง", "ใจดี", "นักทรัพยากรบุคคล", (OfficeRole.WELFARE_OFFICER,)),
    DemoAccount("finance", "สมศักดิ์", "รักษ์เงิน", "นักวิชาการเงินและบัญชี", (OfficeRole.FINANCE_OFFICER,)),
    DemoAccount(
        "director",
        "สมปอง",
        "นำทาง",
        "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
        (OfficeRole.APPROVER, OfficeRole.FUND_COMMITTEE),
    ),
)

CENTRAL_ACCOUNTS = (
    DemoAccount(
        "operator",
        "วิภา",
        "ดูแลระบบ",
        "ผู้ดูแลแพลตฟอร์ม",
        (CentralRole.PLATFORM_OPERATOR,),
        is_superuser=True,
    ),
    DemoAccount(
        "analyst", "ปรีชา", "วิเคราะห์", "นักวิเคราะห์นโยบายและแผน", (CentralRole.CENTRAL_ANALYST,)
    ),
)

DEMO_OFFICES = (
    {
        "code": "phatthalung2",
        "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
        "name_en": "Phatthalung Primary Educational Service Area Office 2",
        "kind": "primary",
        "province": "พัทลุง",
        "region": "south",
        "area_number": 2,
    },
    {
        "code": "phatthalung1",
        "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 1",
        "name_en": "Phatthalung Primary Educational Service Area Office 1",
        "kind": "primary",
        "province": "พัทลุง",
        "region": "south",
        "area_number": 1,
    },
    {
        "code": "songkhlasec",
        "name_th": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาสงขลา สตูล",
        "name_en": "Songkhla Satun Secondary Educational Service Area Office",
        "kind": "secondary",
        "province": "สงขลา",
        "region": "south",
        "area_number": 1,
    },
)


# Offices to compare the demo offices with, in the same province, region and kinds: (code,
# province, kind, area number). Their data are synthetic (devdata.synthetic).
PEER_OFFICES = (
    ("phatthalungsec", "พัทลุง", "secondary", 1),
    ("trang1", "ตรัง", "primary", 1),
    ("trang2", "ตรัง", "primary", 2),
    ("songkhla1", "สงขลา", "primary", 1),
    ("songkhla2", "สงขลา", "primary", 2),
    ("satun", "สตูล", "primary", 1),
)
PEER_FISCAL_YEARS = (2556, 2557)
PEER_OFFICE_NUMBERS = 901  # the national IDs' serials of the first; the others follow


def _peer_offices(scale: float) -> list[Office]:
    """The comparison offices, created and filled when missing (one transaction each, as
    `devdata.synthetic` writes an office)."""
    offices = []
    years = [FiscalYear(year) for year in PEER_FISCAL_YEARS]
    for number, (code, province, kind, area) in enumerate(PEER_OFFICES, PEER_OFFICE_NUMBERS):
        office = Office.objects.filter(code=code).first()
        if office is None:
            spec = area_office_spec(code, province, kind, area)
            with transaction.atomic():
                office = office_create(**spec.create_kwargs())
                data = OfficeData(
                    spec=spec,
                    office_number=number,
                    fiscal_years=years,
                    until=years[-1].end,
                    seed=0,
                    people_scale=scale,
                )
                with connection.cursor() as cursor:
                    data.generate(cursor)
        offices.append(office)
    return offices


def demo_scale() -> float:
    """The volume factor from `KRUCARE_DEMO_SCALE` (default 1; between 0 and 1): the test of
    `make run` uses it to start quickly. Only at 1 are the report's figures reproduced."""
    raw = os.environ.get(SCALE_ENV, "").strip()
    if not raw:
        return 1.0
    value = float(raw)
    if not 0 < value <= 1:
        raise ValueError(f"{SCALE_ENV} must be in (0, 1], not {raw!r}")
    return value


def office_demo_build(
    context: DemoContext, builders: Sequence[str] | None = None
) -> dict[str, dict[str, int] | None]:
    """Run the demo builders, in order, in the current office schema, in one transaction: the
    office's demo is there completely or not at all. Returns each builder's counts (None: it
    had nothing to add)."""
    results: dict[str, dict[str, int] | None] = {}
    with transaction.atomic():
        for path in demo_builders() if builders is None else builders:
            build: Callable[[DemoContext], dict[str, int] | None] = import_string(path)
            results[path] = build(context)
        # The register is today's: whoever has reached 60 since the demo's year is retired.
        results["apps.people.demo.retire_by_today"] = retire_by_today(context)
    return results


def _ensure_accounts(accounts: tuple[DemoAccount, ...]) -> None:
    for account in accounts:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = user_create(
                username=account.username,
                password=DEMO_PASSWORD,
                roles=[str(role) for role in account.roles],
                first_name=account.first_name,
                last_name=account.last_name,
                position=account.position,
                email=f"{account.username}@example.org",
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
        # Also for accounts of an older demo; an authenticator someone set up is kept.
        if two_factor.two_factor_required(user) and two_factor.totp_device_get(user) is None:
            totp_device_create_with_key(user=user, key_hex=DEMO_TOTP_KEY)


@transaction.atomic
def demo_load() -> list[Office]:
    """Create the demo offices and accounts that are missing. Runs in the public schema.
    Refused (DemoRefusedError, nothing written) under the production settings."""
    demo_refuse_in_production(what="load_demo")
    scale = demo_scale()
    _ensure_accounts(CENTRAL_ACCOUNTS)
    offices = []
    for spec in DEMO_OFFICES:
        office = Office.objects.filter(code=spec["code"]).first()
        if office is None:
            office = office_create(**spec)  # type: ignore[arg-type]
        with schema_context(office.schema_name):
            _ensure_accounts(OFFICE_ACCOUNTS)
            office_demo_build(
                DemoContext(office_code=office.code, fiscal_year=DEMO_FISCAL_YEAR, scale=scale)
            )
        offices.append(office)
    offices += _peer_offices(scale)
    _collect(offices)
    return offices


def _collect(offices: list[Office]) -> None:
    """Put the demo offices' indicators in the central tables at once (beat does it nightly),
    for the demo's fiscal year and the one before it as well as the current two."""
    years = set(years_to_collect()) | {
        FiscalYear(DEMO_FISCAL_YEAR),
        FiscalYear(DEMO_FISCAL_YEAR - 1),
    }
    collect_offices([o.pk for o in offices], workers=1, fiscal_years=sorted(years))
