"""The register of people as JSON: national IDs masked and salaries hidden for the roles that
may not see them (`apps.people.permissions.can_see_national_id`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.common import (
    MoneyField,
    NamedChoiceField,
    StrictCharField,
    sees_full_ids,
    shown_national_id,
)
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

NATIONAL_ID_HELP = (
    "13 digits; masked (`1-2345-xxxxx-xx-1`) for roles that may not see national IDs."
)
SALARY_HELP = "Baht, a string with two decimals; null when unknown or your role may not see it."


class SchoolSerializer(serializers.ModelSerializer):
    people_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = School
        fields = ["id", "code", "name_th", "district", "is_active", "people_count"]


class SchoolBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "code", "name_th"]


class MaskedNationalIdMixin:
    """Shows `national_id` in full or masked, by the requesting user's roles."""

    context: Mapping[str, Any]

    def _national_id(self, value: str) -> str:
        return shown_national_id(value, full=sees_full_ids(self.context))


class FamilyMemberSerializer(MaskedNationalIdMixin, serializers.ModelSerializer):
    national_id = serializers.SerializerMethodField(help_text=NATIONAL_ID_HELP)

    class Meta:
        model = FamilyMember
        fields = [
            "id",
            "relation",
            "national_id",
            "title",
            "first_name_th",
            "last_name_th",
            "birth_date",
            "birth_order",
            "child_status",
            "is_twin",
            "is_disabled",
            "disabled_on",
            "is_incompetent",
            "incompetent_on",
            "is_deceased",
            "died_on",
        ]

    @extend_schema_field(StrictCharField())
    def get_national_id(self, member: FamilyMember) -> str:
        return self._national_id(member.national_id)


class PersonSerializer(MaskedNationalIdMixin, serializers.ModelSerializer):
    """A person as lists show them."""

    national_id = serializers.SerializerMethodField(help_text=NATIONAL_ID_HELP)
    full_name_th = StrictCharField(read_only=True)
    school = SchoolBriefSerializer(read_only=True, allow_null=True, help_text="Null: the office.")
    monthly_salary = serializers.SerializerMethodField(help_text=SALARY_HELP)
    category = NamedChoiceField(
        enum_name="PersonCategory", choices=PersonCategory.choices, read_only=True
    )
    status = NamedChoiceField(
        enum_name="PersonStatus", choices=PersonStatus.choices, read_only=True
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "national_id",
            "title",
            "first_name_th",
            "last_name_th",
            "first_name_en",
            "last_name_en",
            "full_name_th",
            "birth_date",
            "category",
            "position",
            "academic_standing",
            "school",
            "monthly_salary",
            "status",
            "status_date",
            "updated_at",
        ]

    @extend_schema_field(StrictCharField())
    def get_national_id(self, person: Person) -> str:
        return self._national_id(person.national_id)

    @extend_schema_field(MoneyField(allow_null=True))
    def get_monthly_salary(self, person: Person) -> str | None:
        if person.monthly_salary is None or not sees_full_ids(self.context):
            return None
        return f"{person.monthly_salary:.2f}"


class PersonDetailSerializer(PersonSerializer):
    """A person's full record, with contact details and family."""

    family = FamilyMemberSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [
            *PersonSerializer.Meta.fields,
            "phone",
            "email",
            "address",
            "created_at",
            "family",
        ]


class PersonInputSerializer(serializers.Serializer):
    """What an editor sends to register or change a person (the service checks the rest:
    the national ID's check digit, uniqueness, dates, an inactive school)."""

    national_id = StrictCharField(max_length=20, help_text="13 digits; dashes allowed.")
    title = StrictCharField(max_length=50)
    first_name_th = StrictCharField(max_length=100)
    last_name_th = StrictCharField(max_length=100)
    first_name_en = StrictCharField(max_length=100, required=False, allow_blank=True)
    last_name_en = StrictCharField(max_length=100, required=False, allow_blank=True)
    birth_date = serializers.DateField(help_text="ISO 8601, C.E.: 1977-09-26.")
    category = NamedChoiceField(enum_name="PersonCategory", choices=PersonCategory.choices)
    position = StrictCharField(max_length=200, required=False, allow_blank=True)
    academic_standing = StrictCharField(max_length=100, required=False, allow_blank=True)
    school = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(),
        required=False,
        allow_null=True,
        help_text="A school's id; null or absent: the office itself.",
    )
    monthly_salary = MoneyField(required=False, allow_null=True)
    status = NamedChoiceField(
        enum_name="PersonStatus", choices=PersonStatus.choices, required=False
    )
    status_date = serializers.DateField(required=False, allow_null=True)
    phone = StrictCharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    address = StrictCharField(required=False, allow_blank=True)

    def to_data(self, *, base: PersonData | None = None) -> PersonData:
        """The validated values as PersonData; for a partial update, over `base`."""
        values: dict[str, Any] = {} if base is None else dict(base.__dict__)
        values.update(self.validated_data)
        return PersonData(**values)


def person_data_of(person: Person) -> PersonData:
    """A person's current editable values (the base of a partial update)."""
    from apps.people.services import PERSON_FIELDS

    return PersonData(**{name: getattr(person, name) for name in PERSON_FIELDS})


class FamilyMemberInputSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=Relation.choices)
    first_name_th = StrictCharField(max_length=100)
    last_name_th = StrictCharField(max_length=100)
    title = StrictCharField(max_length=50, required=False, allow_blank=True)
    national_id = StrictCharField(max_length=20, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_order = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=30, help_text="Children only."
    )
    child_status = serializers.ChoiceField(
        choices=ChildStatus.choices, required=False, allow_blank=True, help_text="Children only."
    )
    is_twin = serializers.BooleanField(required=False)
    is_disabled = serializers.BooleanField(required=False)
    disabled_on = serializers.DateField(required=False, allow_null=True)
    is_incompetent = serializers.BooleanField(required=False)
    incompetent_on = serializers.DateField(required=False, allow_null=True)
    is_deceased = serializers.BooleanField(required=False)
    died_on = serializers.DateField(required=False, allow_null=True)

    def to_data(self, *, base: FamilyMemberData | None = None) -> FamilyMemberData:
        values: dict[str, Any] = {} if base is None else dict(base.__dict__)
        values.update(self.validated_data)
        return FamilyMemberData(**values)


def family_data_of(member: FamilyMember) -> FamilyMemberData:
    from apps.people.services import FAMILY_FIELDS

    return FamilyMemberData(**{name: getattr(member, name) for name in FAMILY_FIELDS})
