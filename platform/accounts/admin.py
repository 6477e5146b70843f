"""The user admin on both admin sites (`core.admin_sites`): Django's, with the position."""

from django.contrib.auth.admin import UserAdmin

from accounts.models import User
from core.admin_sites import central_admin_site, office_admin_site


class KruCareUserAdmin(UserAdmin[User]):
    fieldsets = (*UserAdmin.fieldsets, ("KruCare", {"fields": ("position",)}))  # type: ignore[misc]


for site in (central_admin_site, office_admin_site):
    site.register(User, KruCareUserAdmin)
