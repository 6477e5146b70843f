"""The user of one schema: an office's staff member or a central-agency user."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class UserSession(models.Model):
    """A signed-in session of a user of this schema, for "my active sessions" and for ending
    them. Written at sign-in, and on activity at most once a minute
    (`KRUCARE_SESSION_SEEN_EVERY_SECONDS`); the session itself is Django's (`django_session`
    of the same schema), and a row whose session is gone or expired is not listed."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="signed_in_sessions", verbose_name=_("user")
    )
    session_key = models.CharField(
        pgettext_lazy("signed-in session", "session key"), max_length=40, unique=True
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(
        pgettext_lazy("network", "address"), null=True, blank=True
    )
    signed_in_at = models.DateTimeField(_("signed in at"))
    last_seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.signed_in_at:%Y-%m-%d %H:%M}"
