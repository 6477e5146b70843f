"""Roles are Django groups, one per role, created in each schema by a data migration.

An office schema has the office roles; the public schema has the central roles. A user may hold
several roles (a director may also sit on the fund subcommittee).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


def roles_for_schema(schema_name: str) -> type[models.TextChoices]:
    return CentralRole if schema_name == "public" else OfficeRole
