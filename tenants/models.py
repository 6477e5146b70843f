"""The area office (the tenant) and the host names it answers on."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin

OFFICE_CODE_VALIDATOR = RegexValidator(
    regex=r"^[a-z][a-z0-9]{1,39}$",
    message=_(
        "The office code must be 2 to 40 lower-case English letters and digits, starting with a "
        "letter (for example phatthalung2)."
    ),
    code="invalid_office_code",
)

SCHEMA_PREFIX = "esa_"


def schema_name_for(code: str) -> str:
    """The PostgreSQL schema of the office with this (already validated) code."""
    return f"{SCHEMA_PREFIX}{code}"


class OfficeKind(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")


class Region(models.TextChoices):
    NORTH = "north", _("North")
    NORTHEAST = "northeast", _("Northeast")
    CENTRAL = "central", _("Central")
    EAST = "east", _("East")
    WEST = "west", _("West")
    SOUTH = "south", _("South")


class Office(TenantMixin):
    """An educational service area office. Its data lives in its own schema, `esa_<code>`.

    Rows are created only by `tenants.services.office_create`, which clones the template schema
    in the same transaction; `schema_name` is derived from `code`, never taken from input.
    """

    code = models.CharField(
        _("office code"), max_length=40, unique=True, validators=[OFFICE_CODE_VALIDATOR]
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OfficeKind.choices)
    province = models.CharField(_("province"), max_length=100)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices)
    area_number = models.PositiveSmallIntegerField(
        _("area number"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    is_active = models.BooleanField(pgettext_lazy("office", "active"), default=True)
    ready_at = models.DateTimeField(_("ready since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # The provisioning service creates and drops schemas itself, inside its transaction.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("area office")
        verbose_name_plural = _("area offices")
        ordering = ["province", "kind", "area_number", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "province", "area_number"], name="office_unique_area"
            ),
            models.CheckConstraint(
                condition=models.Q(schema_name__startswith=SCHEMA_PREFIX),
                name="office_schema_has_prefix",
            ),
        ]

    def __str__(self) -> str:
        return self.name_th

    @property
    def display_name(self) -> str:
        return self.name_th


class Domain(DomainMixin):
    """A host name an office answers on, e.g. `phatthalung2.localhost`."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return str(self.domain)


class OfficeRestore(models.Model):
    """An office restored from a backup (`backups.restore.office_restore`), one row each.

    Kept by office code, not by a key to the office, so the record outlives the office row. The
    latest row of an office gives its change feed's *epoch*: cursors issued before the restore
    carry another epoch and are refused with `feeds.cursor_reset` instead of skipping or
    replaying events (`outbox.cursor`)."""

    office_code = models.CharField(_("office code"), max_length=40, db_index=True)
    epoch = models.CharField(_("feed epoch"), max_length=32, unique=True)
    restored_at = models.DateTimeField(_("restored"), auto_now_add=True)
    backup_office_code = models.CharField(_("office code in the backup"), max_length=40)
    backup_created_at = models.DateTimeField(_("backup taken"))
    backup_release = models.CharField(_("release of the backup"), max_length=40)
    backup_manifest_sha256 = models.CharField(_("manifest checksum"), max_length=64)
    replaced_existing = models.BooleanField(_("replaced an existing office"), default=False)
    # The last outbox event in the backup: events after it that clients may have seen are gone.
    last_event_id = models.BigIntegerField(_("last event in the backup"), null=True, blank=True)

    class Meta:
        verbose_name = _("office restore")
        verbose_name_plural = _("office restores")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.office_code} ← {self.backup_created_at:%Y-%m-%d %H:%M}"


class RoutingGeneration(models.Model):
    """One row, in `public`: a counter that every change to offices or domains moves on.

    A statement trigger on `tenants_office` and `tenants_domain` (migration 0003) bumps it in
    the same transaction as the change, whoever writes (a service, the admin, a restore, a
    shell), so the counter can neither be forgotten nor be seen before the change commits.
    Every process compares it with the copy it loaded its host map with (`tenants.routing`).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("routing generation")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="routing_generation_one_row")
        ]

    def __str__(self) -> str:
        return str(self.value)
