from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.committees.models import (
    AgendaSection,
    AttendanceStatus,
    ConflictReason,
    MemberRole,
    Membership,
)
from apps.people.models import Person
from core.thai import normalize_national_id
from core.thai.forms import BuddhistDateField

TIME_FORMATS = ["%H:%M", "%H.%M"]


def _time_field(label: Any, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("For example 09:30"),
    )


class CommitteeForm(forms.Form):
    kind = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("<module>.<name>, e.g. welfareshop.committee (the owning module uses it)."),
    )
    name_th = forms.CharField(label=_("Name"), max_length=300)
    owner_module = forms.CharField(label=_("Owning module"), max_length=40)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OrderForm(forms.Form):
    number = forms.CharField(
        label=_("Order number"), max_length=60, help_text=_("For example: 125/2557")
    )
    title = forms.CharField(label=_("Subject"), max_length=300, required=False)
    order_date = BuddhistDateField(label=_("Order date"))
    signed_by_name = forms.CharField(label=_("Signed by"), max_length=200)
    signed_by_position = forms.CharField(label=_("Signer's position"), max_length=200)
    effective_from = BuddhistDateField(label=_("In force from"))
    effective_to = BuddhistDateField(
        label=_("In force until"), required=False, help_text=_("Empty: until the next order.")
    )
    scan = forms.FileField(label=_("Scan of the order (PDF, JPEG or PNG)"), required=False)


class MemberForm(forms.Form):
    """One seat of an order: a person of the register by national ID, or a name."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *MemberRole.choices], required=False
    )
    national_id = forms.CharField(
        label=_("National ID (personnel)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Name (outsiders)"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = (data.get("national_id") or "").strip()
        data["person"] = None
        if raw:
            try:
                normal = normalize_national_id(raw)
            except (ValueError, TypeError):
                normal = ""
            person = Person.objects.filter(national_id=normal).first() if normal else None
            if person is None:
                self.add_error("national_id", _("No person with this national ID in the register."))
            data["person"] = person
        if (raw or data.get("name")) and not data.get("role"):
            self.add_error("role", _("Choose the member's role."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not (data.get("role") or data.get("national_id") or data.get("name"))


class BaseMemberFormSet(forms.BaseFormSet[MemberForm]):
    default_error_messages = {
        "missing_management_form": _(
            "The list of members was not understood; please fill in the form again."
        ),
        "too_many_forms": _("An order has at most 40 members."),
        "too_few_forms": _("An order needs members."),
    }


MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=10, max_num=40, absolute_max=40
)


class MeetingForm(forms.Form):
    date = BuddhistDateField(label=_("Meeting date"))
    start_time = _time_field(_("Time"))
    venue = forms.CharField(label=_("Venue"), max_length=300)


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class HoldForm(forms.Form):
    started_time = _time_field(_("Opened at"))
    presided_by = forms.ModelChoiceField(
        label=_("Presiding"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("The chair, else a vice-chair present"),
    )

    def __init__(self, *args: Any, members: list[Membership] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [m.pk for m in members or []]
        self.fields["presided_by"].queryset = Membership.objects.filter(pk__in=ids)  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    ended_time = _time_field(_("Closed at"))
    minutes_taker_name = forms.CharField(label=_("Minutes taken by"), max_length=200)
    minutes_taker_position = forms.CharField(label=_("Position"), max_length=200, required=False)
    minutes_checker_name = forms.CharField(
        label=_("Minutes checked by"), max_length=200, required=False
    )
    minutes_checker_position = forms.CharField(label=_("Position"), max_length=200, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why cancelled"), max_length=300)


class AgendaItemForm(forms.Form):
    section = forms.TypedChoiceField(label=_("Agenda"), choices=AgendaSection.choices, coerce=int)
    title = forms.CharField(label=pgettext_lazy("committee", "Title"), max_length=300)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    subject = forms.CharField(
        label=_("Subject key"),
        max_length=120,
        required=False,
        help_text=_("Filled by modules, e.g. revolvingfund.round:12"),
    )


class AgendaEditForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("committee", "Title"), max_length=300)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConflictForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Member"), queryset=Membership.objects.none())
    subject = forms.CharField(
        label=_("Subject key"), max_length=120, help_text=_("e.g. revolvingfund.application:57")
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=ConflictReason.choices)
    details = forms.CharField(label=_("Details"), max_length=300, required=False)

    def __init__(self, *args: Any, members: list[Membership] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [m.pk for m in members or []]
        self.fields["membership"].queryset = Membership.objects.filter(pk__in=ids)  # type: ignore[attr-defined]


ATTENDANCE_CHOICES = [
    (AttendanceStatus.PRESENT.value, AttendanceStatus.PRESENT.label),
    (AttendanceStatus.ON_LEAVE.value, AttendanceStatus.ON_LEAVE.label),
    (AttendanceStatus.ABSENT.value, AttendanceStatus.ABSENT.label),
]


class QuorumRuleForm(forms.Form):
    valid_from = BuddhistDateField(label=_("Valid from"))
    kind = forms.ChoiceField(label=_("For"), choices=(), required=False)
    share_numerator = forms.IntegerField(
        label=_("Share (numerator)"), min_value=1, max_value=100, initial=1
    )
    share_denominator = forms.IntegerField(
        label=_("Share (denominator)"), min_value=1, max_value=100, initial=2
    )
    strictly_more = forms.BooleanField(
        label=_("More than the share (unticked: at least the share)"), required=False, initial=True
    )
    presiding_required = forms.BooleanField(
        label=_("The chair or a vice-chair must be present"), required=False, initial=True
    )
    source = forms.CharField(label=_("Source (regulation, clause, order)"), max_length=500)
    confirmed = forms.BooleanField(label=_("Confirmed by a welfare officer"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, kinds: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every committee")), *(kinds or [])]  # type: ignore[attr-defined]
