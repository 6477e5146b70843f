"""The user of one schema: an office's staff member or a central-agency user."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account. Its table exists in every schema, so it belongs to exactly one office or to
    the central site: the same username in two offices is two unrelated people."""

    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's role codes (group names), read once per request."""
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
