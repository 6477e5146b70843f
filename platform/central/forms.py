from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import OfficeKind, Region


class OfficeCreateForm(forms.Form):
    code = forms.CharField(
        label=_("Office code"),
        max_length=40,
        help_text=_("Lower-case letters and digits, e.g. phatthalung2. It cannot be changed."),
    )
    subdomain = forms.CharField(
        label=_("Subdomain"),
        max_length=63,
        required=False,
        help_text=_("The office's address; defaults to the code."),
    )
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OfficeKind.choices)
    province = forms.CharField(label=_("Province"), max_length=100)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    area_number = forms.IntegerField(label=_("Area number"), min_value=1, max_value=99)
    admin_first_name = forms.CharField(
        label=_("Administrator's first name"), max_length=150, required=False
    )
    admin_last_name = forms.CharField(
        label=_("Administrator's last name"), max_length=150, required=False
    )
    admin_email = forms.EmailField(
        label=_("Administrator's e-mail"),
        help_text=_(
            "The office's first administrator gets a one-time link (valid 72 hours) to set a"
            " password and two-factor sign-in; they then add the office's staff."
        ),
    )
    admin_username = forms.RegexField(
        label=_("Administrator's username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        initial="admin",
        error_messages={"invalid": _("Letters, digits and @/./+/-/_ only.")},
    )
