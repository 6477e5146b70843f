"""Two admin sites: the central one (offices, central users) and an office's (its users only).

One shared `admin.site` would show the office list on office hosts too, since `public` is on
every office's search path.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from accounts.models import User


class KruCareUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("KruCare", {"fields": ("position",)}))  # type: ignore[misc]


class CentralAdminSite(admin.AdminSite):
    site_header = "KruCare – ส่วนกลาง"
    site_title = "KruCare"


class OfficeAdminSite(admin.AdminSite):
    site_header = "KruCare – สำนักงานเขตพื้นที่"
    site_title = "KruCare"


central_admin_site = CentralAdminSite(name="central_admin")
office_admin_site = OfficeAdminSite(name="office_admin")

for site in (central_admin_site, office_admin_site):
    site.register(User, KruCareUserAdmin)
    site.register(Group, GroupAdmin)
