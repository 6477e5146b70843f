"""Two admin sites: the central one (offices, central users) and an office's (its users only).

One shared `admin.site` would show the office list on office hosts too, since `public` is on
every office's search path. Each app registers its models on them in its own `admin.py`
(the user admin is `accounts.admin`).
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest


class SecondFactorAdminSite(admin.AdminSite):
    """Staff must have given their second factor in this session (django-otp's middleware
    sets `is_verified`); `accounts.middleware.SecondFactorMiddleware` sends them to it first."""

    def has_permission(self, request: HttpRequest) -> bool:
        verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and verified is not None and verified()


class CentralAdminSite(SecondFactorAdminSite):
    site_header = "KruCare – ส่วนกลาง"
    site_title = "KruCare"


class OfficeAdminSite(SecondFactorAdminSite):
    site_header = "KruCare – สำนักงานเขตพื้นที่"
    site_title = "KruCare"


central_admin_site = CentralAdminSite(name="central_admin")
office_admin_site = OfficeAdminSite(name="office_admin")

for site in (central_admin_site, office_admin_site):
    site.register(Group, GroupAdmin)
