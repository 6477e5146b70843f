from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from central.bankforms import template_problems
from central.banks import LoanKind
from core.thai.forms import BuddhistDateField
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


# --- banks, programmes and their form templates (central.bank_views) ---------------------------

SLUG_ERROR = _("Lower-case letters, digits and hyphens only.")


class BankCreateForm(forms.Form):
    code = forms.RegexField(
        label=_("Bank code"),
        max_length=20,
        regex=r"^[a-z][a-z0-9-]*$",
        help_text=_("Lower-case letters, e.g. gsb; it names the bank's indicator."),
        error_messages={"invalid": SLUG_ERROR},
    )
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    short_th = forms.CharField(label=_("Short name (Thai)"), max_length=60)
    display_order = forms.IntegerField(
        label=_("Display order"), min_value=0, max_value=1000, initial=100
    )


class ProgrammeCreateForm(forms.Form):
    code = forms.RegexField(
        label=_("Programme code"),
        max_length=40,
        regex=r"^[a-z][a-z0-9-]*$",
        error_messages={"invalid": SLUG_ERROR},
    )
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=LoanKind.choices)
    needs_guarantors = forms.IntegerField(
        label=_("Guarantors required"), min_value=0, max_value=5, initial=0
    )
    pensioners_allowed = forms.BooleanField(label=_("Pensioners may borrow"), required=False)
    max_term_months = forms.IntegerField(
        label=_("Longest term (months)"), min_value=1, max_value=600
    )


class FormTemplateForm(forms.Form):
    """A new version of a bank form: the body as JSON, checked by `template_problems`."""

    effective_from = BuddhistDateField(label=_("In force from"))
    title_th = forms.CharField(label=_("Title (Thai)"), max_length=200)
    body = forms.CharField(
        label=_("Body (JSON)"),
        max_length=100_000,
        widget=forms.Textarea(
            attrs={"rows": 24, "spellcheck": "false", "class": "code", "data-block-editor": ""}
        ),
        help_text=_(
            "A list of blocks: heading, paragraph, table, signature, space; {field} is filled "
            "from the register and the payslip data."
        ),
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_body(self) -> Any:
        text = self.cleaned_data["body"]
        try:
            body = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("The body is not valid JSON (line %(line)s, column %(column)s)."),
                params={"line": error.lineno, "column": error.colno},
                code="json",
            ) from None
        except ValueError:  # a number of more digits than Python converts (4,300)
            raise forms.ValidationError(_("The body has a number too long."), code="json") from None
        except RecursionError:
            raise forms.ValidationError(_("The body is nested too deeply."), code="json") from None
        problems = template_problems(body)
        if problems:
            raise forms.ValidationError(problems, code="problems")
        return body


class FormTemplateRetireForm(forms.Form):
    last_day = BuddhistDateField(label=_("Last day in force"))
