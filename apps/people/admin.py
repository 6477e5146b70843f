"""The register in the office's admin site: for looking things up, not for editing (every
change goes through the services, which validate and audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.people.models import FamilyMember, ImportBatch, Person, School
from core.admin_sites import office_admin_site


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(School, site=office_admin_site)
class SchoolAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_th", "district", "is_active")
    search_fields = ("code", "name_th")
    list_filter = ("is_active",)


class FamilyInline(admin.TabularInline[FamilyMember, Person]):
    model = FamilyMember
    extra = 0
    exclude = ("national_id",)
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person, site=office_admin_site)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name_th", "masked_national_id", "category", "status", "school")
    list_filter = ("category", "status")
    search_fields = ("first_name_th", "last_name_th", "national_id")
    list_select_related = ("school",)
    exclude = ("national_id",)
    readonly_fields = ("masked_national_id",)
    inlines = (FamilyInline,)


@admin.register(ImportBatch, site=office_admin_site)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "uploaded_by", "uploaded_at", "status", "applied_at")
    exclude = ("rows", "report")
