"""The office's register of people: teachers, education personnel, employees, pensioners, and
the family members their welfare rights depend on. Rows live in the office's schema.

Writes go through `apps.people.services`; reads of a person's full record are audited there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.thai import mask_national_id
from core.thai.national_id import validate_national_id


class School(models.Model):
    """A school of the office's area (a person's workplace), from the office's register."""

    code = models.CharField(_("school code"), max_length=20, unique=True)
    name_th = models.CharField(_("name"), max_length=200)
    district = models.CharField(_("district"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th


class PersonCategory(models.TextChoices):
    TEACHER = "teacher", _("Teacher civil servant")
    EDUCATION_PERSONNEL = "education_personnel", _("Other education personnel")
    GOVERNMENT_EMPLOYEE = "government_employee", _("Government employee")
    PERMANENT_EMPLOYEE = "permanent_employee", _("Permanent employee")
    PENSIONER = "pensioner", _("Pensioner")
    PENSIONED_EMPLOYEE = "pensioned_employee", _("Pensioned permanent employee")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("In service")
    RETIRED = "retired", _("Retired")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DECEASED = "deceased", _("Deceased")


class Person(models.Model):
    national_id = models.CharField(
        _("national ID"), max_length=13, unique=True, validators=[validate_national_id]
    )
    title = models.CharField(_("title"), max_length=50)
    first_name_th = models.CharField(_("first name (Thai)"), max_length=100)
    last_name_th = models.CharField(_("last name (Thai)"), max_length=100)
    first_name_en = models.CharField(_("first name (English)"), max_length=100, blank=True)
    last_name_en = models.CharField(_("last name (English)"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    category = models.CharField(_("category"), max_length=32, choices=PersonCategory.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    academic_standing = models.CharField(_("academic standing"), max_length=100, blank=True)
    school = models.ForeignKey(
        School,
        verbose_name=_("workplace"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("Empty: the area office itself."),
    )
    monthly_salary = models.DecimalField(
        _("monthly salary"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    status_date = models.DateField(_("status since"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name_th", "last_name_th"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(national_id__regex=r"^[0-9]{13}$"),
                name="person_national_id_13_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_salary__isnull=True) | models.Q(monthly_salary__gte=0),
                name="person_salary_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["last_name_th", "first_name_th"], name="person_name_idx"),
            models.Index(fields=["category", "status"], name="person_category_status_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name_th

    @property
    def full_name_th(self) -> str:
        return f"{self.title}{self.first_name_th} {self.last_name_th}"

    @property
    def masked_national_id(self) -> str:
        return mask_national_id(self.national_id)


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    CHILD = "child", _("Child")


class ChildStatus(models.TextChoices):
    LEGITIMATE = "legitimate", _("Legitimate child")
    ADOPTED = "adopted", _("Adopted child")
    GIVEN_FOR_ADOPTION = "given_for_adoption", _("Given for adoption")


class FamilyMember(models.Model):
    """A spouse, parent or child of a person: the facts the eligibility rules of medical and
    child-education claims read (birth order, twin, disability, incompetence, death)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="family"
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    national_id = models.CharField(
        _("national ID"), max_length=13, blank=True, validators=[validate_national_id]
    )
    title = models.CharField(_("title"), max_length=50, blank=True)
    first_name_th = models.CharField(_("first name (Thai)"), max_length=100)
    last_name_th = models.CharField(_("last name (Thai)"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_order = models.PositiveSmallIntegerField(_("birth order"), null=True, blank=True)
    child_status = models.CharField(
        _("child status"), max_length=20, choices=ChildStatus.choices, blank=True
    )
    is_twin = models.BooleanField(_("twin"), default=False)
    is_disabled = models.BooleanField(_("disabled"), default=False)
    disabled_on = models.DateField(_("disabled since"), null=True, blank=True)
    is_incompetent = models.BooleanField(_("declared incompetent"), default=False)
    incompetent_on = models.DateField(_("declared incompetent on"), null=True, blank=True)
    is_deceased = models.BooleanField(_("deceased"), default=False)
    died_on = models.DateField(_("died on"), null=True, blank=True)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["person", "relation", "birth_order", "birth_date"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(relation="child")
                | (models.Q(birth_order__isnull=False) & ~models.Q(child_status="")),
                name="family_child_has_order_and_status",
            ),
            models.CheckConstraint(
                condition=models.Q(relation="child") | models.Q(child_status=""),
                name="family_only_children_have_child_status",
            ),
            models.UniqueConstraint(
                fields=["person", "relation"],
                condition=models.Q(relation__in=["spouse", "father", "mother"]),
                name="family_one_spouse_father_mother",
            ),
            models.UniqueConstraint(
                fields=["person", "national_id"],
                condition=~models.Q(national_id=""),
                name="family_member_national_id_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["person", "birth_order"],
                condition=models.Q(relation="child"),
                name="family_child_birth_order_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}{self.first_name_th} {self.last_name_th}"


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, waiting for confirmation")
    APPLIED = "applied", _("Applied")


class ImportBatch(models.Model):
    """An uploaded file of people and families, read and checked (the dry run), then applied
    once when an officer confirms. The rows are kept as read, so confirming needs no re-upload;
    applying re-checks them against the register as it is then."""

    file_name = models.CharField(_("file name"), max_length=255)
    # Of the file; of the request's body (canonical JSON) for a batch sent through the API.
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    # The API's Idempotency-Key of the request that sent the batch; empty for an uploaded file.
    # Of the sender and the key: `<client-7|token-3|user-5>:<key>` (api.v1.people.bulk).
    idempotency_key = models.CharField(_("idempotency key"), max_length=300, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # {"people": [{"row": 2, "values": {...}}, ...], "family": [...]}: cell texts by column key.
    rows = models.JSONField(_("rows"), default=dict)
    # The dry run's report: one entry per row with its action and problems (importing/planning.py).
    report = models.JSONField(_("check report"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    # {"created": n, "updated": n, "unchanged": n, "refused": n}, of the check, then of the apply.
    checked_counts = models.JSONField(_("counts when checked"), default=dict)
    applied_counts = models.JSONField(_("counts when applied"), default=dict)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="checked", applied_at__isnull=True)
                | models.Q(status="applied", applied_at__isnull=False),
                name="import_batch_applied_has_time",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="import_batch_unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name
