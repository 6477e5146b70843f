"""Roles are Django groups, one per role, created in each schema by a data migration.

An office schema has the office roles; the public schema has the central roles. A user may hold
several roles (a director may also sit on the fund subcommittee).
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.modules import modules


class OfficeRole(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("Office administrator")
    WELFARE_OFFICER = "welfare_officer", _("Welfare officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    APPROVER = "approver", _("Approver (director)")
    FUND_COMMITTEE = "fund_committee", _("Fund subcommittee member")
    VIEWER = "viewer", _("Viewer")


class CentralRole(models.TextChoices):
    PLATFORM_OPERATOR = "platform_operator", _("Platform operator")
    CENTRAL_ANALYST = "central_analyst", _("Central analyst")


@checks.register()
def module_roles_check(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """Every role a module declares (`core.modules`) is an office role."""
    return [
        checks.Error(f"module {module.code}: {role!r} is not an office role", id="accounts.E101")
        for module in modules()
        for role in module.roles
        if role not in OfficeRole.values
    ]


def roles_for_schema(schema_name: str) -> type[models.TextChoices]:
    return CentralRole if schema_name == "public" else OfficeRole
