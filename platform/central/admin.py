from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from central.fund import FundAllocation, FundTerms
from central.rates import ChildEducationRate, MedicalLimits
from core.admin_sites import central_admin_site
from tenants import routing
from tenants.models import Domain, Office


class DomainInline(admin.TabularInline[Domain, Office]):
    model = Domain
    extra = 0
    readonly_fields = ("domain", "is_primary")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Office, site=central_admin_site)
class OfficeAdmin(admin.ModelAdmin[Office]):
    """Read-mostly: offices are created and suspended through the provisioning service
    (central home page or `manage.py create_office`), which also builds the schema."""

    list_display = ("code", "name_th", "kind", "province", "area_number", "is_active", "ready_at")
    list_filter = ("kind", "region", "is_active")
    search_fields = ("code", "name_th", "name_en", "province")
    readonly_fields = ("code", "schema_name", "is_active", "ready_at", "created_at")
    inlines = [DomainInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Office, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(routing.invalidate)  # every process's host map shows the change

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ChildEducationRate, site=central_admin_site)
class ChildEducationRateAdmin(admin.ModelAdmin[ChildEducationRate]):
    """The central agency keeps the rates here; a new rate is a new row from its academic
    year on, so claims already paid keep the rate they applied."""

    list_display = (
        "effective_academic_year",
        "school_type",
        "level",
        "method",
        "share_percent",
        "cap_per_academic_year",
        "source_letter",
        "is_confirmed",
    )
    list_filter = ("school_type", "level", "is_confirmed")


@admin.register(MedicalLimits, site=central_admin_site)
class MedicalLimitsAdmin(admin.ModelAdmin[MedicalLimits]):
    list_display = (
        "effective_from",
        "special_room_rate_per_day",
        "claim_deadline_days",
        "private_outpatient_reimbursable",
        "source_letter",
        "is_confirmed",
    )


@admin.register(FundTerms, site=central_admin_site)
class FundTermsAdmin(admin.ModelAdmin[FundTerms]):
    """The revolving fund's terms: a correction is a new version (a round keeps the copy it
    was opened with), so versions are added, not edited, once a round used them."""

    list_display = (
        "code",
        "fiscal_year",
        "round_number",
        "cap_per_borrower",
        "rate_kind",
        "rate_value",
        "term_months",
        "guarantors_min",
        "confirmed",
    )
    list_filter = ("confirmed", "rate_kind")


@admin.register(FundAllocation, site=central_admin_site)
class FundAllocationAdmin(admin.ModelAdmin[FundAllocation]):
    """The money allocated to each office for each round of the fund."""

    list_display = ("office", "fiscal_year", "round_number", "amount", "source", "confirmed")
    list_filter = ("fiscal_year", "round_number", "confirmed")
