from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import (
    ChildStatus,
    FamilyMember,
    Person,
    PersonCategory,
    PersonStatus,
    Relation,
    School,
)
from apps.people.services import FamilyMemberData, PersonData
from core.thai import normalize_national_id
from core.thai.forms import BahtField, BuddhistDateField

# Far above any salary scale (the highest is below 80,000 baht a month): a bound on typing.
MAX_MONTHLY_SALARY = 1_000_000


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *PersonCategory.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *PersonStatus.choices]
    )
    school = forms.ChoiceField(label=_("Workplace"), required=False)

    def __init__(self, *args: Any, schools: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [  # type: ignore[attr-defined]
            ("", _("All workplaces")),
            ("office", _("The area office")),
            *[(str(pk), name) for pk, name in schools],
        ]


class PersonForm(forms.Form):
    national_id = forms.CharField(
        label=_("National ID"),
        max_length=20,
        help_text=_("13 digits; dashes are allowed."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Title"), max_length=50)
    first_name_th = forms.CharField(label=_("First name (Thai)"), max_length=100)
    last_name_th = forms.CharField(label=_("Last name (Thai)"), max_length=100)
    first_name_en = forms.CharField(label=_("First name (English)"), max_length=100, required=False)
    last_name_en = forms.CharField(label=_("Last name (English)"), max_length=100, required=False)
    birth_date = BuddhistDateField(label=_("Birth date"))
    category = forms.ChoiceField(label=_("Category"), choices=PersonCategory.choices)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    academic_standing = forms.CharField(
        label=_("Academic standing"), max_length=100, required=False
    )
    school = forms.ModelChoiceField(
        label=_("Workplace"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("The area office"),
    )
    monthly_salary = BahtField(
        label=_("Monthly salary (baht)"),
        min_value=0,
        max_value=MAX_MONTHLY_SALARY,
        required=False,
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        if person is not None:
            kwargs.setdefault("initial", {name: getattr(person, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        schools = School.objects.filter(is_active=True)
        if person is not None and person.school_id:
            schools = School.objects.filter(is_active=True) | School.objects.filter(
                pk=person.school_id
            )
        self.fields["school"].queryset = schools.order_by("name_th")  # type: ignore[attr-defined]
        self.person = person

    def clean_national_id(self) -> str:
        return normalize_national_id(self.cleaned_data["national_id"])

    def to_data(self) -> PersonData:
        data = self.cleaned_data
        person = self.person
        return PersonData(
            **{name: data[name] if data[name] is not None else "" for name in _TEXT_FIELDS},
            birth_date=data["birth_date"],
            category=data["category"],
            school=data["school"],
            monthly_salary=data["monthly_salary"],
            status=person.status if person else PersonStatus.ACTIVE,
            status_date=person.status_date if person else None,
        )


_TEXT_FIELDS = (
    "national_id",
    "title",
    "first_name_th",
    "last_name_th",
    "first_name_en",
    "last_name_en",
    "position",
    "academic_standing",
    "phone",
    "email",
    "address",
)


class PersonStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PersonStatus.choices)
    status_date = BuddhistDateField(label=_("Status since"), required=False)


class FamilyMemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    title = forms.CharField(label=_("Title"), max_length=50, required=False)
    first_name_th = forms.CharField(label=_("First name (Thai)"), max_length=100)
    last_name_th = forms.CharField(label=_("Last name (Thai)"), max_length=100)
    national_id = forms.CharField(
        label=_("National ID"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = BuddhistDateField(label=_("Birth date"), required=False)
    birth_order = forms.IntegerField(
        label=_("Birth order (children)"), min_value=1, max_value=30, required=False
    )
    child_status = forms.ChoiceField(
        label=_("Child status"),
        choices=[("", "–"), *ChildStatus.choices],
        required=False,
    )
    is_twin = forms.BooleanField(label=_("Twin"), required=False)
    # "Disabled" of a person (a disability), not of an account: its own context.
    is_disabled = forms.BooleanField(label=pgettext_lazy("person", "Disabled"), required=False)
    disabled_on = BuddhistDateField(label=pgettext_lazy("person", "Disabled since"), required=False)
    is_incompetent = forms.BooleanField(label=_("Declared incompetent"), required=False)
    incompetent_on = BuddhistDateField(label=_("Declared incompetent on"), required=False)
    is_deceased = forms.BooleanField(label=_("Deceased"), required=False)
    died_on = BuddhistDateField(label=_("Died on"), required=False)

    def __init__(self, *args: Any, member: FamilyMember | None = None, **kwargs: Any) -> None:
        if member is not None:
            kwargs.setdefault("initial", {name: getattr(member, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)

    def to_data(self) -> FamilyMemberData:
        d = self.cleaned_data
        return FamilyMemberData(**{name: d[name] for name in self.fields})


class SchoolForm(forms.Form):
    code = forms.CharField(label=_("School code"), max_length=20)
    name_th = forms.CharField(label=_("Name"), max_length=200)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
