from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.healthchecks.models import CheckPoint, ConsentItem
from apps.people.models import Person, School
from core.thai import format_be_date
from core.thai.forms import BuddhistDateField, FiscalYearField, NationalIdField


def point_label(point: CheckPoint) -> str:
    left = max(0, point.capacity - getattr(point, "booked", 0))
    return (
        f"{format_be_date(point.day, 'abbr')} {point.starts_at:%H.%M} น. — {point.venue} "
        f"({point.district}) ว่าง {left}/{point.capacity}"
    )


class CheckPointChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return point_label(obj)


class CampaignForm(forms.Form):
    fiscal_year = FiscalYearField(label=_("Fiscal year (B.E.)"))
    title = forms.CharField(label=_("Campaign title"), max_length=200)
    partner = forms.CharField(label=_("Partner"), max_length=200, initial="สำนักงาน สกสค. จังหวัด")
    provider = forms.CharField(
        label=_("Service unit"),
        max_length=200,
        initial="หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค.",
    )
    notes = forms.CharField(
        label=_("Notes for schools"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckPointForm(forms.Form):
    day = BuddhistDateField(label=_("Date"))
    starts_at = forms.TimeField(label=_("Starts at"), initial="08:30")
    ends_at = forms.TimeField(label=_("Ends at"), initial="15:30")
    venue = forms.CharField(label=_("Check point (venue)"), max_length=200)
    district = forms.CharField(label=_("District or school cluster"), max_length=200)
    capacity = forms.IntegerField(label=_("Capacity (people)"), min_value=1, max_value=5000)
    services = forms.CharField(
        label=_("Services offered"), max_length=300, initial="ตรวจเลือด วัดความดันโลหิต เอกซเรย์ปอด"
    )
    coordinator = forms.CharField(label=_("Coordinator (name and phone)"), max_length=200)
    target_schools = forms.ModelMultipleChoiceField(
        label=_("Target schools"),
        queryset=School.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )


def _open_points() -> Any:
    from apps.healthchecks.selectors import checkpoints_counted

    return checkpoints_counted(
        CheckPoint.objects.filter(
            campaign__status="announced", day__gte=timezone.localdate()
        ).order_by("day", "starts_at", "id")
    )


class PersonField(NationalIdField):
    def clean(self, value: Any) -> Any:
        national_id = super().clean(value)
        person = Person.objects.filter(national_id=national_id).first()
        if person is None:
            raise ValidationError(
                _("No one with this national ID is in the register: add the person first."),
                code="unknown_person",
            )
        return person


class DeskSignUpForm(forms.Form):
    national_id = PersonField(label=_("National ID"), help_text=_("13 digits; dashes are fine."))
    checkpoint = CheckPointChoice(
        label=_("Check point and day"), queryset=CheckPoint.objects.none()
    )
    waitlist = forms.BooleanField(label=_("If full, put on the waiting list"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checkpoint"].queryset = _open_points()  # type: ignore[attr-defined]


class CoordinatorSignUpForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=Person.objects.none())
    checkpoint = CheckPointChoice(
        label=_("Check point and day"), queryset=CheckPoint.objects.none()
    )
    waitlist = forms.BooleanField(label=_("If full, put on the waiting list"), required=False)

    def __init__(self, *args: Any, schools: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            school_id__in=schools, status__in=["active", "retired"]
        )
        self.fields["checkpoint"].queryset = _open_points()  # type: ignore[attr-defined]


class CoordinatorListForm(forms.Form):
    checkpoint = CheckPointChoice(
        label=_("Check point and day"), queryset=CheckPoint.objects.none()
    )
    national_ids = forms.CharField(
        label=_("National IDs, one per line"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    upload = forms.FileField(
        label=_("Or a file (CSV or text, the national ID first on each line)"), required=False
    )
    waitlist = forms.BooleanField(label=_("If full, put on the waiting list"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checkpoint"].queryset = _open_points()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lines = (data.get("national_ids") or "").splitlines()
        upload = data.get("upload")
        if upload is not None:
            if upload.size > 200_000:
                raise ValidationError(_("The file is too large (at most 200 KB)."))
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(_("The file must be UTF-8 text or CSV.")) from None
            lines += [line.split(",")[0].strip().strip('"') for line in text.splitlines()]
        lines = [line.strip() for line in lines if line.strip()]
        if not lines:
            raise ValidationError(_("Give at least one national ID."))
        data["lines"] = lines
        return data


class ConsentForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Items of the result the person consents to the office keeping"),
        choices=ConsentItem.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(label=_("Purpose (as on the signed consent form)"), max_length=300)


class ResultForm(forms.Form):
    item = forms.ChoiceField(label=_("Item"), choices=ConsentItem.choices)
    value = forms.CharField(label=pgettext_lazy("health check", "Value"), max_length=100)


class CoordinatorForm(forms.Form):
    username = forms.CharField(label=_("Coordinator's account (username)"), max_length=150)
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.filter(is_active=True)
    )


class WalkInForm(forms.Form):
    national_id = PersonField(label=_("National ID of a walk-in"))


class CodeRequestForm(forms.Form):
    # A malformed number is refused as such (its check digit is public arithmetic); any
    # well-formed one gets the same answer, in the register or not.
    national_id = NationalIdField(label=_("National ID"))


class PublicSignUpForm(forms.Form):
    national_id = NationalIdField(label=_("National ID"))
    code = forms.CharField(
        label=_("One-time code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    checkpoint = CheckPointChoice(
        label=_("Check point and day"), queryset=CheckPoint.objects.none()
    )
    waitlist = forms.BooleanField(label=_("If full, put me on the waiting list"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checkpoint"].queryset = _open_points()  # type: ignore[attr-defined]
