"""The desk's models on the office admin site, read only: services are the only writers (the
office admin changes standards on the desk's own page, which audits the change)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.onestop.models import ServiceRequest, ServiceType
from core.admin_sites import office_admin_site


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ServiceType, site=office_admin_site)
class ServiceTypeAdmin(ReadOnlyAdmin):
    list_display = ["ticket_prefix", "code", "name_th", "standard_minutes", "is_active"]
    ordering = ["display_order", "code"]


@admin.register(ServiceRequest, site=office_admin_site)
class ServiceRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "service_type", "status", "received_at", "service_seconds"]
    list_filter = ["status", "service_type", "ticket_date"]
    date_hierarchy = "ticket_date"
    list_select_related = ["service_type"]
    raw_id_fields = ["person", "officer", "received_by", "handed_over_to"]
