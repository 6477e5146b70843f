from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent
from core.admin_sites import central_admin_site, office_admin_site


class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read only: the trail is written by services and sign-in hooks, never by hand."""

    list_display = ("at", "actor_label", "action", "target_label", "row_count", "ip_address")
    list_filter = ("action",)
    search_fields = ("actor_label", "target_label", "action")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


for site in (central_admin_site, office_admin_site):
    site.register(AuditEvent, AuditEventAdmin)
