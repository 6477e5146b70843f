from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from apps.idcards.models import DOCUMENTS, CardReason
from apps.people.models import Person
from core.thai.forms import NationalIdField

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG"}


def document_choices() -> list[tuple[str, Any]]:
    return list(DOCUMENTS.items())


class ApplicationForm(forms.Form):
    national_id = NationalIdField(
        label=_("Applicant's national ID"), help_text=_("13 digits; dashes are fine.")
    )
    reason = forms.ChoiceField(label=_("Reason for the request"), choices=CardReason.choices)
    police_report_number = forms.CharField(
        label=_("Police report number"),
        max_length=50,
        required=False,
        help_text=_("Required when the card was lost."),
    )
    old_card_number = forms.CharField(label=_("Old card number"), max_length=50, required=False)
    documents = forms.MultipleChoiceField(
        label=_("Documents received"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=document_choices,
    )
    photo = forms.FileField(
        label=_("Photo (2.5 × 3 cm, taken within 6 months)"),
        required=False,
        help_text=_("JPEG or PNG, at most 2 MB."),
    )

    def clean_national_id(self) -> Person:
        # The field has checked the check digit: a typing mistake is told as one.
        person = Person.objects.filter(national_id=self.cleaned_data["national_id"]).first()
        if person is None:
            raise ValidationError(
                _("No one with this national ID is in the register: add the person first."),
                code="unknown_person",
            )
        return person

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if not photo:
            return photo
        if photo.size > PHOTO_MAX_BYTES:
            raise ValidationError(_("The photo is larger than 2 MB."), code="photo_too_large")
        try:
            with Image.open(photo) as image:
                image.verify()
                kind = image.format
        except (UnidentifiedImageError, OSError):
            raise ValidationError(
                _("The photo must be a JPEG or PNG image."), code="photo_type"
            ) from None
        if kind not in PHOTO_FORMATS:
            raise ValidationError(_("The photo must be a JPEG or PNG image."), code="photo_type")
        photo.seek(0)
        return photo


class CheckForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Documents received"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=document_choices,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2})
    )
